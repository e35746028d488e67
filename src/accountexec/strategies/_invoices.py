"""Hypothesis strategies for accountexec.invoices and invoice_lines: taxes, lines, invoices."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from accountexec.commerce.invoices import (
    TAX_ROUNDINGS,
    AppliedPayment,
    Balance,
    CreditNote,
    DocumentAmounts,
    Installment,
    Invoice,
    InvoiceLine,
    InvoiceNumbering,
    InvoiceStatus,
    LineAmounts,
    LineSource,
    Payment,
    PaymentTerms,
    Tax,
    TermLine,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.commerce.receivables import AgingReport, AgingRow, aging
from accountexec.deadlines import CalendarDays, DayOfMonth, DeadlineRule, EndOfMonth
from accountexec.money import DECIMAL_CONTEXT, ROUNDING_MODES, Currency, Money, Rate
from accountexec.strategies._currency import ANY_CURRENCY
from accountexec.strategies._money import money, rates

__all__ = [
    "INVOICE_CURRENCIES",
    "aging_reports",
    "aging_rows",
    "applied_payments",
    "balances",
    "credit_notes",
    "document_amounts",
    "installments",
    "invoice_lines",
    "invoice_numberings",
    "invoices",
    "line_amounts",
    "line_sources",
    "payment_terms",
    "payments",
    "register",
    "taxes",
    "term_lines",
    "term_rules",
]

#: Currencies invoices are drawn in by default: two-digit, zero-digit and three-digit minor units.
INVOICE_CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "JPY", "BHD")

_NAMES = ("VAT", "GST", "Sales tax", "City tax")
_DESCRIPTIONS = ("Strategy workshop", "Media plan", "Display, CPM", "Retainer", "Production")


def taxes(included: bool | None = None) -> st.SearchStrategy[Tax]:
    """Taxes with rates from 0% to 30% (three places), added on top or (``included``) in the price.

    >>> from hypothesis import find
    >>> find(taxes(included=True), lambda t: t.rate.value > 0)
    Tax(name='VAT', rate=Rate('0.001'), included=True)
    """
    inclusion = st.booleans() if included is None else st.just(included)
    return st.builds(
        Tax,
        st.sampled_from(_NAMES),
        rates(0, "0.3", places=3),
        included=inclusion,
    )


def _quantities() -> st.SearchStrategy[Decimal]:
    return st.integers(100, 50_000).map(lambda n: Decimal(n).scaleb(-2, DECIMAL_CONTEXT))


@st.composite
def invoice_lines(
    draw: st.DrawFn, currency: str | Currency | None = None, *, max_taxes: int = 2
) -> InvoiceLine:
    """Invoice lines in ``currency``: quantity 1 to 500, unit price 10 to 10,000 (may be sub-minor).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(invoice_lines("EUR"))
    ... def check(line):
    ...     assert line.currency.code == "EUR" and len(line.taxes) <= 2
    >>> check()
    """
    if currency is None:
        currency = draw(st.sampled_from(ANY_CURRENCY))
    included = draw(st.booleans())
    line_taxes = draw(st.lists(taxes(included=included), max_size=max_taxes, unique_by=lambda t: t))
    return InvoiceLine(
        description=draw(st.sampled_from(_DESCRIPTIONS)),
        quantity=draw(_quantities()),
        unit_price=draw(money(currency, 10, 10_000, rounded=draw(st.booleans()))),
        taxes=line_taxes,
        discount=draw(st.none() | rates(0, "0.5", places=2)),
        source=draw(st.none() | line_sources()),
    )


def line_sources() -> st.SearchStrategy[LineSource]:
    """Where a billed line comes from: a contract, an arrangement, days and a kind.

    >>> from hypothesis import find
    >>> find(line_sources(), lambda s: s.period.days > 1).kind
    'fee'
    """
    kinds = ("fee", "overage", "milestone", "time", "expense", "capped", "media", "markup")
    first = pendulum.Date(2026, 1, 1)
    return st.builds(
        LineSource,
        contract_id=st.sampled_from(("C-1", "CT-7", "MSA-2026")),
        arrangement=st.sampled_from(("retainer", "media", "design", "time_and_materials")),
        period=st.tuples(st.integers(0, 730), st.integers(0, 90)).map(
            lambda t: BillingPeriod(first.add(days=t[0]), first.add(days=t[0] + t[1]))
        ),
        kind=st.sampled_from(kinds),
    )


def term_rules() -> st.SearchStrategy[DeadlineRule]:
    """Due-date rules fit for payment terms (no calendar needed): days, end of month, day of month.

    >>> import pendulum
    >>> from hypothesis import find
    >>> find(term_rules(), lambda r: r.due(pendulum.date(2026, 1, 31)).month == 2)
    CalendarDays(n=1, roll=None)
    """
    return st.one_of(
        st.builds(CalendarDays, st.integers(0, 120)),
        st.builds(EndOfMonth, months=st.integers(0, 3), plus_days=st.integers(0, 60)),
        st.builds(DayOfMonth, st.integers(1, 31), months=st.integers(0, 3)),
    )


@st.composite
def payment_terms(
    draw: st.DrawFn, currency: str | Currency | None = None, *, max_lines: int = 4
) -> PaymentTerms:
    """Payment terms: a preset, or lines of percentages adding up to 100%, or a balance line last.

    With ``currency``, some terms open with a fixed deposit in that currency.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(payment_terms())
    ... def check(terms):
    ...     assert terms.lines
    >>> check()
    """
    kind = draw(st.sampled_from(("preset", "percent", "balance")))
    if kind == "preset":
        return draw(
            st.one_of(
                st.builds(PaymentTerms.net, st.integers(0, 90)),
                st.just(PaymentTerms.immediate()),
                st.builds(PaymentTerms.end_of_month, st.integers(0, 60)),
                st.builds(
                    PaymentTerms.installments,
                    st.integers(1, max_lines),
                    st.sampled_from((CalendarDays(30), EndOfMonth(months=1), DayOfMonth(10))),
                ),
            )
        )
    count = draw(st.integers(1, max_lines))
    rules = draw(st.lists(term_rules(), min_size=count, max_size=count))
    if kind == "percent":
        cuts = draw(
            st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)
        )
        bounds = [0, *sorted(cuts), 100]
        portions: list[Rate | Money | Balance] = [
            Rate.percent(b - a) for a, b in itertools.pairwise(bounds)
        ]
    else:
        portions = []
        if currency is not None and count > 1 and draw(st.booleans()):
            portions.append(draw(money(currency, 1, 5_000)))
        while len(portions) < count - 1:
            portions.append(Rate.percent(draw(st.integers(1, 20))))
        portions.append(Balance())
    return PaymentTerms(lines=[TermLine(p, r) for p, r in zip(portions, rules, strict=True)])


def payments(
    currency: str | Currency | None = None,
    min_value: Decimal | int | str = 1,
    max_value: Decimal | int | str = 100_000,
) -> st.SearchStrategy[Payment]:
    """Payments in ``currency`` between the bounds, received 2000 to 2090, with a reference.

    >>> from hypothesis import find
    >>> find(payments("JPY"), lambda p: True).amount
    Money('1', 'JPY')
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(
            lambda code: payments(code, min_value, max_value)
        )
    return st.builds(
        Payment,
        amount=money(currency, min_value, max_value),
        received_on=st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
        reference=st.sampled_from(("SEPA-1", "WIRE-7", "CHK-0042", "CARD-19")),
    )


def _at(day: pendulum.Date, offset: int) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC").add(days=offset)


@st.composite
def invoices(
    draw: st.DrawFn,
    status: InvoiceStatus | str | None = None,
    *,
    currency: str | Currency | None = None,
    client_id: str | None = None,
    max_lines: int = 4,
) -> Invoice:
    """Invoices in ``status`` (any when ``None``), reached through the invoice's own methods.

    A partly paid invoice has received one payment short of the balance; a written-off invoice may
    have been partly paid first.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(invoices(status="partially_paid"))
    ... def check(invoice):
    ...     assert 0 < invoice.amount_paid.amount < invoice.total.amount
    >>> check()
    """
    wanted = InvoiceStatus(
        draw(st.sampled_from(tuple(InvoiceStatus))) if status is None else status
    )
    cur = Currency(draw(st.sampled_from(INVOICE_CURRENCIES)) if currency is None else currency)
    quantum = Decimal(1).scaleb(-cur.minor_units, DECIMAL_CONTEXT)
    issued_on = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    draft = Invoice(
        number=f"INV-{draw(st.integers(1, 999_999)):06d}",
        client_id=client_id or draw(st.sampled_from(("acme", "globex", "initech", "umbrella"))),
        currency=cur,
        issued_on=issued_on,
        lines=draw(st.lists(invoice_lines(cur), min_size=1, max_size=max_lines)),
        terms=draw(payment_terms(cur)),
        tax_rounding=draw(st.sampled_from(("per_line", "global"))),
        rounding=draw(st.sampled_from(ROUNDING_MODES)),
    )
    if wanted is InvoiceStatus.DRAFT:
        return draft
    issued = draft.issue(at=_at(draft.issued_on, 0))
    if wanted is InvoiceStatus.ISSUED:
        return issued
    if wanted is InvoiceStatus.VOID:
        return issued.void(at=_at(draft.issued_on, 1))
    balance = issued.balance.amount
    received = pendulum.Date(issued_on.year, issued_on.month, issued_on.day).add(days=10)
    if wanted is InvoiceStatus.PAID:
        amount = balance
    elif wanted is InvoiceStatus.PARTIALLY_PAID or draw(st.booleans()):
        draw_units = st.integers(1, max(1, int(DECIMAL_CONTEXT.divide(balance, quantum)) - 1))
        amount = DECIMAL_CONTEXT.multiply(Decimal(draw(draw_units)), quantum)
    else:
        return issued.write_off(at=_at(draft.issued_on, 20), reason="uncollectable")
    payment = Payment(amount=Money(amount, cur), received_on=received, reference="SEPA-1")
    paid = issued.apply_payment(payment, at=_at(draft.issued_on, 10))
    if wanted is InvoiceStatus.WRITTEN_OFF:
        return paid.write_off(at=_at(draft.issued_on, 20), reason="uncollectable")
    return paid


def line_amounts(currency: str | Currency | None = None) -> st.SearchStrategy[LineAmounts]:
    """The amounts of :func:`invoice_lines` in ``currency``, rounded with any rounding mode.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(line_amounts())
    ... def check(amounts):
    ...     assert amounts.net + amounts.tax == amounts.gross
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(line_amounts)
    return st.builds(
        lambda line, rounding: line.amounts(rounding),
        invoice_lines(currency),
        st.sampled_from(ROUNDING_MODES),
    )


def document_amounts(currency: str | Currency | None = None) -> st.SearchStrategy[DocumentAmounts]:
    """The amounts of up to four :func:`invoice_lines` in ``currency``, rounded any way allowed.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(document_amounts())
    ... def check(amounts):
    ...     assert amounts.subtotal + amounts.tax_total == amounts.total
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(document_amounts)
    return st.builds(
        DocumentAmounts.from_lines,
        st.lists(invoice_lines(currency), max_size=4),
        st.just(currency),
        st.sampled_from(TAX_ROUNDINGS),
        st.sampled_from(ROUNDING_MODES),
    )


def balances() -> st.SearchStrategy[Balance]:
    """The balance portion of payment terms (it has no parameters: always ``Balance()``).

    >>> from hypothesis import find
    >>> find(balances(), lambda b: True)
    Balance()
    """
    return st.just(Balance())


def term_lines(currency: str | Currency | None = None) -> st.SearchStrategy[TermLine]:
    """Lines of :func:`payment_terms` (a percentage, a deposit in ``currency``, or the balance).

    >>> from hypothesis import find
    >>> find(term_lines(), lambda line: isinstance(line.portion, Balance)).portion
    Balance()
    """
    return payment_terms(currency).flatmap(lambda terms: st.sampled_from(terms.lines))


@st.composite
def installments(draw: st.DrawFn, currency: str | Currency | None = None) -> Installment:
    """Installments of a total in ``currency`` scheduled by :func:`payment_terms`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(installments("JPY"))
    ... def check(item):
    ...     assert item.amount.is_rounded and item.amount.amount >= 0
    >>> check()
    """
    if currency is None:
        currency = draw(st.sampled_from(ANY_CURRENCY))
    terms = draw(payment_terms(currency))
    total = draw(money(currency, 0, 100_000))
    issued_on = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    rounding = draw(st.sampled_from(ROUNDING_MODES))
    return draw(st.sampled_from(terms.schedule(total, issued_on, rounding=rounding)))


def invoice_numberings() -> st.SearchStrategy[InvoiceNumbering]:
    """Numbering schemes: a prefix not ending in a digit and a width of 1 to 10 digits.

    >>> from hypothesis import find
    >>> find(invoice_numberings(), lambda n: n.width > 3).next_number(None)
    'INV-0001'
    """
    return st.builds(
        InvoiceNumbering,
        prefix=st.sampled_from(("INV-", "CN-", "", "2026/", "F")),
        width=st.integers(1, 10),
    )


def applied_payments(currency: str | Currency | None = None) -> st.SearchStrategy[AppliedPayment]:
    """Payments as a partly or fully paid invoice (:func:`invoices`) recorded them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(applied_payments("EUR"))
    ... def check(applied):
    ...     assert applied.settled == applied.payment.amount  # same currency: no conversion
    >>> check()
    """
    paid = st.sampled_from((InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID))
    return paid.flatmap(lambda status: invoices(status, currency=currency, max_lines=2)).map(
        lambda invoice: invoice.payments[0]
    )


@st.composite
def credit_notes(draw: st.DrawFn, currency: str | Currency | None = None) -> CreditNote:
    """Credit notes of an issued, partly paid or paid invoice for some of its lines (or all).

    Built with :meth:`Invoice.credit_note`, so they never credit more than the invoice's total.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(credit_notes())
    ... def check(note):
    ...     assert note.total.amount < 0
    >>> check()
    """
    status = draw(
        st.sampled_from((InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID))
    )
    invoice = draw(invoices(status, currency=currency, max_lines=3))
    count = draw(st.integers(1, len(invoice.lines)))
    issued_on = invoice.issued_on.add(days=draw(st.integers(0, 60)))
    number = f"CN-{draw(st.integers(1, 999_999)):06d}"
    return invoice.credit_note(number, invoice.lines[:count], issued_on=issued_on)


_OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


@st.composite
def aging_reports(
    draw: st.DrawFn,
    buckets: tuple[int, ...] | None = None,
    *,
    currency: str | Currency | None = None,
    max_invoices: int = 3,
) -> AgingReport:
    """The :func:`~accountexec.receivables.aging` of a few :func:`invoices` on a day after them.

    ``buckets`` defaults to a random increasing tuple from 0 (``(0, 30, 60, 90)`` often).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(aging_reports(buckets=(0, 30)))
    ... def check(report):
    ...     assert report.labels == ("current", "1-30", "over 30")
    >>> check()
    """
    if buckets is None:
        steps = draw(st.lists(st.integers(1, 90), min_size=1, max_size=4))
        bounds = [0]
        for step in steps:
            bounds.append(bounds[-1] + step)
        buckets = draw(st.just((0, 30, 60, 90)) | st.just(tuple(bounds)))
    drawn = draw(
        st.lists(
            st.sampled_from(_OPEN_STATUSES).flatmap(
                lambda s: invoices(s, currency=currency, max_lines=2)
            ),
            max_size=max_invoices,
        )
    )
    as_of = draw(st.dates(dt.date(2000, 1, 1), dt.date(2095, 12, 31)))
    return aging(drawn, as_of=as_of, buckets=buckets)


@st.composite
def aging_rows(draw: st.DrawFn, currency: str | Currency | None = None) -> AgingRow:
    """Rows of :func:`aging_reports` (one client's open amounts in one currency per bucket).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(aging_rows(currency="EUR"))
    ... def check(row):
    ...     assert row.total.amount > 0
    >>> check()
    """
    status = draw(st.sampled_from(_OPEN_STATUSES))
    invoice = draw(invoices(status, currency=currency, max_lines=2))
    issued = invoice.issued_on
    as_of = draw(st.dates(dt.date(issued.year, issued.month, issued.day), dt.date(2095, 12, 31)))
    (row,) = aging([invoice], as_of=as_of).rows
    return row


def register() -> None:
    """Register strategies for the invoice types with ``st.from_type``."""
    st.register_type_strategy(Tax, taxes())
    st.register_type_strategy(InvoiceLine, invoice_lines())
    st.register_type_strategy(LineSource, line_sources())
    st.register_type_strategy(PaymentTerms, payment_terms())
    st.register_type_strategy(Payment, payments())
    st.register_type_strategy(Invoice, invoices())
    st.register_type_strategy(LineAmounts, line_amounts())
    st.register_type_strategy(DocumentAmounts, document_amounts())
    st.register_type_strategy(Balance, balances())
    st.register_type_strategy(TermLine, term_lines())
    st.register_type_strategy(Installment, installments())
    st.register_type_strategy(InvoiceNumbering, invoice_numberings())
    st.register_type_strategy(AppliedPayment, applied_payments())
    st.register_type_strategy(CreditNote, credit_notes())
    st.register_type_strategy(AgingReport, aging_reports())
    st.register_type_strategy(AgingRow, aging_rows())
