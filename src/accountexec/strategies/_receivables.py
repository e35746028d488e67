"""Hypothesis strategies for receivables: ledgers, discounts, due-date rules, dunning, interest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from accountexec.commerce.dunning import (
    DunningLevel,
    DunningPolicy,
    DunningRun,
    Reminder,
    dunning_run,
)
from accountexec.commerce.invoice_lines import InvoiceLine, Tax
from accountexec.commerce.invoices import Invoice, Payment
from accountexec.commerce.late_payment import (
    EU_LATE_PAYMENT,
    FRANCE_COMMERCIAL,
    GERMANY_BUSINESS,
    GERMANY_CONSUMER,
    UK_LATE_PAYMENT,
    InterestClaim,
    InterestPeriod,
    InterestRegime,
    ReferenceRates,
    late_payment_interest,
)
from accountexec.commerce.ledger import (
    ClientLedger,
    CreditApplication,
    LedgerFigures,
    Refund,
    StatementLine,
    StatementOfAccount,
)
from accountexec.commerce.payment_terms import (
    AtLeastDaysThenDay,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    EarlyDiscount,
    EarlyDiscountAmounts,
    PaymentTerms,
)
from accountexec.deadlines import CalendarDays
from accountexec.errors import AccountExecError
from accountexec.money import Currency, Rate
from accountexec.strategies._money import money

__all__ = [
    "client_ledgers",
    "compound_rules",
    "credit_applications",
    "dunning_levels",
    "dunning_policies",
    "dunning_runs",
    "early_discount_amounts",
    "early_discounts",
    "interest_claims",
    "interest_periods",
    "interest_regimes",
    "ledger_figures",
    "reference_rates",
    "refunds",
    "register",
    "reminders",
    "statement_lines",
    "statements_of_account",
]

_START = pendulum.date(2026, 1, 1)


def compound_rules() -> st.SearchStrategy[
    DaysThenEndOfMonth | DaysThenDayOfNextMonth | AtLeastDaysThenDay
]:
    """The compound due-date rules: days then end of month, then day D, at least days then day D.

    >>> import pendulum
    >>> from hypothesis import find
    >>> rule = find(compound_rules(), lambda r: isinstance(r, AtLeastDaysThenDay))
    >>> rule.due(pendulum.date(2026, 1, 1)) >= pendulum.date(2026, 1, 1)
    True
    """
    days = st.integers(0, 120)
    day = st.integers(1, 31)
    return st.one_of(
        st.builds(DaysThenEndOfMonth, days),
        st.builds(DaysThenDayOfNextMonth, days, day=day),
        st.builds(AtLeastDaysThenDay, days, day=day),
    )


def early_discounts() -> st.SearchStrategy[EarlyDiscount]:
    """Early-payment discounts: 0.5 % to 5 %, within 5 to 20 calendar days, either tax mode.

    >>> from hypothesis import find
    >>> find(early_discounts(), lambda d: d.tax == "keep").tax
    'keep'
    """
    return st.builds(
        EarlyDiscount,
        rate=st.integers(5, 50).map(lambda n: Rate(Decimal(n).scaleb(-3))),
        within=st.integers(5, 20).map(CalendarDays),
        tax=st.sampled_from(("reduce", "keep")),
    )


_VATS = (Tax("VAT", Rate.percent(19)), Tax("VAT", Rate.percent(7)), Tax("VAT", Rate.percent(0)))


@st.composite
def early_discount_amounts(draw: st.DrawFn) -> EarlyDiscountAmounts:
    """Discounts as granted on invoices of one to three lines with German VAT rates.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(early_discount_amounts())
    ... def check(granted):
    ...     assert granted.net + granted.tax == granted.amount
    >>> check()
    """
    lines = draw(
        st.lists(
            st.builds(
                InvoiceLine,
                st.just("Fee"),
                st.integers(1, 5),
                money("EUR", 1, 5_000),
                st.lists(st.sampled_from(_VATS), max_size=1),
            ),
            min_size=1,
            max_size=3,
        )
    )
    inv = Invoice("INV-1", "acme", "EUR", _START, lines, PaymentTerms.net(30))
    discount = draw(early_discounts())
    return discount.amounts(inv.line_amounts(), "EUR")


def _at(day: dt.date, step: int) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC").add(minutes=step)


@st.composite
def client_ledgers(  # noqa: PLR0915 - one branch per kind of document, read top to bottom
    draw: st.DrawFn, *, max_steps: int = 12
) -> ClientLedger:
    """A client's ledger in EUR after a random month or two of documents, in date order.

    Invoices (some with negative lines, early discounts or installments), payments on an invoice
    (short, exact or over), payments on account, credit notes of some lines, write-offs, credit
    applied and refunds; a step the ledger refuses is skipped, as a user would correct it.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(client_ledgers())
    ... def check(ledger):
    ...     assert ledger.unapplied_credit(pendulum.date(2026, 12, 31)).amount >= 0
    >>> check()
    """
    ledger = ClientLedger("acme", "EUR")
    day = _START
    steps = draw(st.integers(1, max_steps))
    for step in range(steps):
        day = day.add(days=draw(st.integers(0, 6)))
        at = _at(day, step)
        kind = draw(
            st.sampled_from(
                (
                    "invoice",
                    "invoice",
                    "pay",
                    "pay",
                    "account",
                    "credit",
                    "write",
                    "apply",
                    "refund",
                )
            )
        )
        numbers = [i.number for i in ledger.invoices]
        try:
            if kind == "invoice" or not numbers:
                lines = [InvoiceLine("Fee", 1, draw(money("EUR", 1, 2_000)), [_VATS[0]])]
                if draw(st.booleans()):
                    lines.append(
                        InvoiceLine("Discount", 1, -draw(money("EUR", 0, 100)), [_VATS[0]])
                    )
                if draw(st.booleans()):
                    lines.append(InvoiceLine("Book", 1, draw(money("EUR", 0, 50)), [_VATS[1]]))
                terms = draw(
                    st.sampled_from(
                        (
                            PaymentTerms.net(14),
                            PaymentTerms.installments(2),
                            PaymentTerms.net(30, early_discount=EarlyDiscount(rate=Rate("0.02"))),
                        )
                    )
                )
                inv = Invoice(
                    f"INV-{len(numbers) + 1}",
                    "acme",
                    "EUR",
                    day,
                    lines,
                    terms,
                    tax_rounding=draw(st.sampled_from(("per_line", "global"))),
                ).issue(at=at)
                ledger = ledger.add_invoice(inv)
                continue
            open_numbers = [i.number for i in ledger.invoices if i.balance.amount > 0]
            early = [
                i.number
                for i in ledger.invoices
                if i.terms.early_discount is not None and not i.payments and not i.credit_notes
            ]
            if kind == "apply" and open_numbers:
                numbers = open_numbers
            elif kind == "pay" and early and draw(st.booleans()):
                numbers = early
            number = draw(st.sampled_from(numbers))
            inv = ledger.invoice(number)
            if kind == "pay":
                choice = (
                    "early" if number in early else draw(st.sampled_from(("part", "all", "over")))
                )
                balance = inv.balance
                if choice == "early" and inv.early_payment_amount() is not None:
                    amount = inv.early_payment_amount()
                elif choice == "all":
                    amount = balance
                elif choice == "over":
                    amount = balance + draw(money("EUR", 1, 200))
                else:
                    amount = draw(money("EUR", 1, 500))
                if amount is None or amount.amount <= 0:
                    continue
                ledger = ledger.receive(Payment(amount, day, f"P-{step}"), invoice=number, at=at)
            elif kind == "account":
                payment = Payment(draw(money("EUR", 1, 300)), day, f"A-{step}")
                ledger = ledger.receive(payment, at=at)
            elif kind == "credit":
                count = draw(st.integers(1, len(inv.lines)))
                note = inv.credit_note(f"CN-{step}", inv.lines[:count], issued_on=day)
                ledger = ledger.credit(note, at=at)
            elif kind == "write":
                ledger = ledger.write_off(number, at=at, reason="uncollectable")
            elif kind == "apply":
                held = ledger.unapplied_credit(day)
                amount = min(held, inv.balance)
                if amount.amount > 0:
                    ledger = ledger.apply_credit(number, amount, on=day, at=at)
            else:
                held = ledger.unapplied_credit(day)
                if held.amount > 0:
                    ledger = ledger.refund(held, on=day, reference=f"R-{step}")
        except AccountExecError:
            continue
    return ledger


def credit_applications() -> st.SearchStrategy[CreditApplication]:
    """Credit applications in EUR.

    >>> from hypothesis import find
    >>> find(credit_applications(), lambda a: True).reference
    'CREDIT-1'
    """
    return st.builds(
        CreditApplication,
        invoice_number=st.just("INV-1"),
        amount=money("EUR", 1, 1_000),
        on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
        reference=st.just("CREDIT-1"),
    )


def refunds() -> st.SearchStrategy[Refund]:
    """Refunds in EUR.

    >>> from hypothesis import find
    >>> find(refunds(), lambda r: True).amount.currency
    Currency('EUR')
    """
    return st.builds(
        Refund,
        amount=money("EUR", 1, 1_000),
        on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
        reference=st.just("RF-1"),
    )


@st.composite
def statements_of_account(draw: st.DrawFn) -> StatementOfAccount:
    """Statements of a :func:`client_ledgers` ledger over a period of its months.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(statements_of_account())
    ... def check(statement):
    ...     assert statement.start <= statement.end
    >>> check()
    """
    ledger = draw(client_ledgers(max_steps=6))
    start = _START.add(days=draw(st.integers(0, 40)))
    end = start.add(days=draw(st.integers(0, 40)))
    return ledger.statement(start, end)


def statement_lines() -> st.SearchStrategy[StatementLine]:
    """Lines of :func:`statements_of_account` (statements with at least one line).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(statement_lines())
    ... def check(line):
    ...     assert line.kind in ("invoice", "payment", "credit note", "discount", "write-off",
    ...                          "void", "refund")
    >>> check()
    """
    return statements_of_account().filter(lambda s: bool(s.lines)).map(lambda s: s.lines[0])


@st.composite
def ledger_figures(draw: st.DrawFn) -> LedgerFigures:
    """The figures of a :func:`client_ledgers` ledger on a date.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(ledger_figures())
    ... def check(figures):
    ...     assert figures.unapplied_credit.amount >= 0
    >>> check()
    """
    ledger = draw(client_ledgers(max_steps=6))
    return ledger.figures(_START.add(days=draw(st.integers(0, 90))))


@st.composite
def reference_rates(draw: st.DrawFn) -> ReferenceRates:
    """Made-up reference rates (0 % to 5 %, changing on some dates) covering 2024 to 2030.

    >>> from hypothesis import find
    >>> find(reference_rates(), lambda r: True).start
    Date(2024, 1, 1)
    """
    count = draw(st.integers(0, 4))
    days = sorted(draw(st.sets(st.integers(1, 2_400), min_size=count, max_size=count)))
    start = pendulum.date(2024, 1, 1)
    changes = [(start, draw(st.integers(0, 500)))]
    changes += [(start.add(days=d), draw(st.integers(0, 500))) for d in days]
    return ReferenceRates(
        name="example rates",
        changes=[(d, Rate(Decimal(bp).scaleb(-4))) for d, bp in changes],
        until=pendulum.date(2030, 12, 31),
    )


def interest_regimes() -> st.SearchStrategy[InterestRegime]:
    """The regimes the library ships.

    >>> from hypothesis import find
    >>> find(interest_regimes(), lambda r: r.currency.code == "GBP").fixing
    'when_late'
    """
    return st.sampled_from(
        (EU_LATE_PAYMENT, GERMANY_BUSINESS, GERMANY_CONSUMER, UK_LATE_PAYMENT, FRANCE_COMMERCIAL)
    )


@st.composite
def interest_claims(draw: st.DrawFn) -> InterestClaim:
    """Claims on one-line invoices of 2026, partly paid or not, under any shipped regime.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(interest_claims())
    ... def check(claim):
    ...     assert claim.interest.amount >= 0
    >>> check()
    """
    regime = draw(interest_regimes())
    cur: Currency = regime.currency
    issued = _START.add(days=draw(st.integers(0, 300)))
    inv = Invoice(
        "INV-1",
        "acme",
        cur,
        issued,
        [InvoiceLine("Fee", 1, draw(money(cur, 1, 50_000)))],
        draw(st.sampled_from((PaymentTerms.net(30), PaymentTerms.installments(3)))),
    ).issue(at=_at(issued, 0))
    if draw(st.booleans()):
        part = (inv.total * Rate("0.4")).round()
        if part.amount > 0:
            paid_on = issued.add(days=draw(st.integers(1, 200)))
            inv = inv.apply_payment(Payment(part, paid_on, "P-1"), at=_at(paid_on, 1))
    as_of = issued.add(days=draw(st.integers(0, 400)))
    return late_payment_interest(inv, as_of, regime, draw(reference_rates()))


def interest_periods() -> st.SearchStrategy[InterestPeriod]:
    """Periods of :func:`interest_claims` (claims with at least one period).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(interest_periods())
    ... def check(period):
    ...     assert period.days >= 1
    >>> check()
    """
    return interest_claims().filter(lambda c: bool(c.periods)).map(lambda c: c.periods[0])


def dunning_levels() -> st.SearchStrategy[DunningLevel]:
    """Reminder levels: 1 to 60 calendar days, with or without a fee.

    >>> from hypothesis import find
    >>> find(dunning_levels(), lambda level: level.fee is not None).fee
    Money('0.00', 'EUR')
    """
    return st.builds(
        DunningLevel,
        after=st.integers(1, 60).map(CalendarDays),
        fee=st.none() | money("EUR", 0, 50),
        name=st.sampled_from(("first reminder", "second reminder", "final notice")),
    )


@st.composite
def dunning_policies(draw: st.DrawFn) -> DunningPolicy:
    """Policies of one to three levels at increasing calendar days.

    >>> from hypothesis import find
    >>> len(find(dunning_policies(), lambda p: len(p.levels) == 3).levels)
    3
    """
    count = draw(st.integers(1, 3))
    days = sorted(draw(st.sets(st.integers(1, 90), min_size=count, max_size=count)))
    names = ("first reminder", "second reminder", "final notice")
    fees = [draw(st.none() | money("EUR", 0, 50)) for _ in days]
    return DunningPolicy(
        levels=[
            DunningLevel(after=CalendarDays(d), fee=f, name=n)
            for d, f, n in zip(days, fees, names, strict=False)
        ]
    )


@st.composite
def dunning_runs(draw: st.DrawFn) -> DunningRun:
    """Runs of a :func:`dunning_policies` policy over a few EUR invoices of 2026.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(dunning_runs())
    ... def check(run):
    ...     assert all(r.days_overdue > 0 for r in run.reminders)
    >>> check()
    """
    invoices = []
    for k in range(draw(st.integers(0, 3))):
        issued = _START.add(days=draw(st.integers(0, 120)))
        invoices.append(
            Invoice(
                f"INV-{k + 1}",
                draw(st.sampled_from(("acme", "globex"))),
                "EUR",
                issued,
                [InvoiceLine("Fee", 1, draw(money("EUR", 1, 5_000)))],
                PaymentTerms.net(14),
            ).issue(at=_at(issued, 0))
        )
    as_of = _START.add(days=draw(st.integers(0, 240)))
    return dunning_run(invoices, draw(dunning_policies()), as_of)


def reminders() -> st.SearchStrategy[Reminder]:
    """Reminders of :func:`dunning_runs` (runs with at least one reminder).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(reminders())
    ... def check(reminder):
    ...     assert reminder.level >= 1
    >>> check()
    """
    return dunning_runs().filter(lambda r: bool(r.reminders)).map(lambda r: r.reminders[0])


def register() -> None:
    """Register strategies for the receivables types with ``st.register_type_strategy``."""
    st.register_type_strategy(
        DaysThenEndOfMonth, st.builds(DaysThenEndOfMonth, st.integers(0, 120))
    )
    st.register_type_strategy(
        DaysThenDayOfNextMonth,
        st.builds(DaysThenDayOfNextMonth, st.integers(0, 120), day=st.integers(1, 31)),
    )
    st.register_type_strategy(
        AtLeastDaysThenDay,
        st.builds(AtLeastDaysThenDay, st.integers(0, 120), day=st.integers(1, 31)),
    )
    st.register_type_strategy(EarlyDiscount, early_discounts())
    st.register_type_strategy(EarlyDiscountAmounts, early_discount_amounts())
    st.register_type_strategy(ClientLedger, client_ledgers())
    st.register_type_strategy(CreditApplication, credit_applications())
    st.register_type_strategy(Refund, refunds())
    st.register_type_strategy(StatementOfAccount, statements_of_account())
    st.register_type_strategy(StatementLine, statement_lines())
    st.register_type_strategy(LedgerFigures, ledger_figures())
    st.register_type_strategy(ReferenceRates, reference_rates())
    st.register_type_strategy(InterestRegime, interest_regimes())
    st.register_type_strategy(InterestClaim, interest_claims())
    st.register_type_strategy(InterestPeriod, interest_periods())
    st.register_type_strategy(DunningLevel, dunning_levels())
    st.register_type_strategy(DunningPolicy, dunning_policies())
    st.register_type_strategy(DunningRun, dunning_runs())
    st.register_type_strategy(Reminder, reminders())
