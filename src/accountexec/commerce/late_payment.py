"""Statutory late-payment interest: reference rates the caller supplies, regimes, and claims.

Interest on a late invoice is simple interest per day on what is overdue: each installment runs
from the day after its due date, a partial payment or credit note reduces the principal from the
day it is dated, and each day counts ``rate / 365`` (actual/365). The rate is a
:class:`ReferenceRates` value (a central bank's rate, as published) plus the regime's margin.

The regimes shipped (each an :class:`InterestRegime`; the rules as the statutes state them):

- :data:`EU_LATE_PAYMENT` — Directive 2011/7/EU on combating late payment in commercial
  transactions, art. 2(6)-(8) and art. 6: the ECB's main refinancing rate in force on the first
  calendar day of the half-year (1 January, 1 July), plus 8 points, for those six months; a fixed
  40 EUR for recovery costs per invoice.
- :data:`GERMANY_BUSINESS` and :data:`GERMANY_CONSUMER` — BGB §288 (1), (2), (5) with the base
  rate of §247 (set on 1 January and 1 July): base rate + 9 points and a 40 EUR flat fee when no
  consumer is the debtor; base rate + 5 points for a consumer.
- :data:`UK_LATE_PAYMENT` — Late Payment of Commercial Debts (Interest) Act 1998 with the Late
  Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002 (SI 2002/1675): 8 points over
  the Bank of England's official dealing rate in force on 31 December (for interest that starts
  to run from 1 January to 30 June) or 30 June (from 1 July to 31 December) before the day
  interest starts to run, fixed for that debt; fixed sums of 40 / 70 / 100 GBP for debts under
  1,000 / under 10,000 / from 10,000 GBP (s. 5A).
- :data:`FRANCE_COMMERCIAL` — Code de commerce art. L441-10: unless agreed otherwise, the ECB's
  rate on its most recent main refinancing operation plus 10 points, the rate in force on
  1 January applying for the first half-year and on 1 July for the second; a 40 EUR recovery
  indemnity (art. D441-5).

No rates ship with the library: central-bank rates are data, supplied by the caller with the
dates they cover, and a date outside them is refused rather than guessed. The rates in the
examples are example values.

>>> import pendulum
>>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
>>> from accountexec.money import Money, Rate
>>> ecb = ReferenceRates(name="ECB main refinancing rate (example values)",
...                      changes=[(pendulum.date(2026, 1, 1), Rate.percent("2.15")),
...                               (pendulum.date(2026, 7, 1), Rate.percent("2.00"))],
...                      until=pendulum.date(2026, 12, 31))
>>> inv = Invoice("INV-90", "acme", "EUR", pendulum.date(2026, 1, 2),
...               [InvoiceLine("Fee", 1, Money("10000.00", "EUR"))], PaymentTerms.net(29),
...               ).issue(at=pendulum.datetime(2026, 1, 2, 9))
>>> claim = late_payment_interest(inv, pendulum.date(2026, 7, 31), EU_LATE_PAYMENT, ecb)
>>> [(p.start, p.end, p.days, p.rate) for p in claim.periods]
[(Date(2026, 2, 1), Date(2026, 6, 30), 150, Rate('0.1015')),
 (Date(2026, 7, 1), Date(2026, 7, 31), 31, Rate('0.1000'))]
>>> claim.interest, claim.compensation, claim.total
(Money('502.05', 'EUR'), Money('40.00', 'EUR'), Money('542.05', 'EUR'))
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import check_count, check_text, instance_of, to_date, to_sequence_of
from accountexec.commerce.invoices import Invoice
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate, money_validator

__all__ = [
    "EU_LATE_PAYMENT",
    "FRANCE_COMMERCIAL",
    "GERMANY_BUSINESS",
    "GERMANY_CONSUMER",
    "UK_LATE_PAYMENT",
    "InterestClaim",
    "InterestFixing",
    "InterestPeriod",
    "InterestRegime",
    "ReferenceRates",
    "late_payment_interest",
]

InterestFixing = Literal["half_year", "when_late"]
"""How a regime fixes its reference rate: for each half-year (the rate on 1 January or 1 July
applies to the days of that half-year), or once, when interest starts to run (the rate in force
on the 31 December or 30 June before, kept for the whole debt)."""

_FIXINGS: Final[tuple[InterestFixing, ...]] = get_args(InterestFixing)


def _to_changes(value: object) -> tuple[tuple[pendulum.Date, Rate], ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("changes", value, "a sequence of (date, Rate) pairs")
    result = []
    for pair in value:
        if not isinstance(pair, tuple | list) or len(pair) != 2 or not isinstance(pair[1], Rate):
            raise ValidationError("changes", pair, "(date, Rate) pairs")
        result.append((to_date(pair[0], "changes"), pair[1]))
    if not result:
        raise ValidationError("changes", value, "at least one (date, Rate) pair")
    for (a, _), (b, _) in itertools.pairwise(result):
        if b <= a:
            raise ValidationError("changes", b, f"dates in increasing order (after {a})")
    return tuple(result)


def _until(value: object) -> pendulum.Date:
    return to_date(value, "until")


def _to_as_of(value: object) -> pendulum.Date:
    return to_date(value, "as_of")


def _to_due_on(value: object) -> pendulum.Date:
    return to_date(value, "due_on")


def _to_end(value: object) -> pendulum.Date:
    return to_date(value, "end")


def _to_start(value: object) -> pendulum.Date:
    return to_date(value, "start")


@attrs.frozen(kw_only=True)
class ReferenceRates:
    """A reference rate as published: the rate from each date of change, covered up to ``until``.

    Each ``(date, rate)`` of ``changes`` holds from that date until the next change; the data
    covers the first change's date to ``until`` (included). :meth:`rate_on` refuses a date outside
    it, as a calendar refuses years it does not cover: a rate is never guessed.

    >>> import pendulum
    >>> rates = ReferenceRates(name="example", until=pendulum.date(2026, 12, 31),
    ...                        changes=[(pendulum.date(2026, 1, 1), Rate.percent(2))])
    >>> rates.rate_on(pendulum.date(2026, 5, 4))
    Rate('0.02')
    >>> rates.rate_on(pendulum.date(2027, 1, 1))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'day': Date(2027, 1, 1); expected a date that ...
    """

    name: str = attrs.field(validator=check_text)
    changes: tuple[tuple[pendulum.Date, Rate], ...] = attrs.field(converter=_to_changes)
    until: pendulum.Date = attrs.field(converter=_until)

    def __attrs_post_init__(self) -> None:
        if self.until < self.changes[-1][0]:
            raise ValidationError(
                "until", self.until, f"a date on or after the last change {self.changes[-1][0]}"
            )

    @property
    def start(self) -> pendulum.Date:
        """The first date covered."""
        return self.changes[0][0]

    def covers(self, day: _dt.date) -> bool:
        """Whether ``day`` is within the data."""
        when = to_date(day, "day")
        return self.start <= when <= self.until

    def rate_on(self, day: _dt.date) -> Rate:
        """The rate in force on ``day``."""
        when = to_date(day, "day")
        if not self.start <= when <= self.until:
            raise ValidationError(
                "day",
                when,
                f"a date that {self.name!r} covers ({self.start} to {self.until}); "
                "supply rates for it",
            )
        rate = self.changes[0][1]
        for start, value in self.changes:
            if start > when:
                break
            rate = value
        return rate


def _check_fixing(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _FIXINGS:
        raise ValidationError("fixing", value, "'half_year' or 'when_late'")


def _to_steps(value: object) -> tuple[tuple[Money | None, Money], ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("compensation", value, "a sequence of (limit or None, Money)")
    allowed = "(debt limit, sum) pairs with increasing limits, the last limit None"
    items = list(value)
    steps: list[tuple[Money | None, Money]] = []
    for i, step in enumerate(items):
        if not isinstance(step, tuple | list) or len(step) != 2:
            raise ValidationError("compensation", step, allowed)
        limit, amount = step
        if (
            type(amount) is not Money
            or (limit is not None and type(limit) is not Money)
            or (limit is None) != (i == len(items) - 1)
            or (steps and limit is not None and steps[-1][0] is not None and limit <= steps[-1][0])
        ):
            raise ValidationError("compensation", step, allowed)
        steps.append((limit, amount))
    return tuple(steps)


@attrs.frozen(kw_only=True)
class InterestRegime:
    """A statutory late-payment regime: margin over a reference rate, fixing, fixed compensation.

    ``compensation`` lists ``(limit, sum)`` steps: the first whose ``limit`` the debt is below
    gives the sum, the last step's limit is None (no compensation: an empty tuple). ``currency``
    is the currency of the claims (the compensation's).

    >>> UK_LATE_PAYMENT.compensation_for(Money("999.99", "GBP"))
    Money('40.00', 'GBP')
    >>> UK_LATE_PAYMENT.compensation_for(Money("10000.00", "GBP"))
    Money('100.00', 'GBP')
    >>> import pendulum
    >>> UK_LATE_PAYMENT.reference_day(pendulum.date(2026, 3, 10))
    Date(2025, 12, 31)
    """

    name: str = attrs.field(validator=check_text)
    margin: Rate = attrs.field()
    fixing: InterestFixing = attrs.field(validator=_check_fixing)
    currency: Currency = attrs.field(converter=Currency)
    compensation: tuple[tuple[Money | None, Money], ...] = attrs.field(converter=_to_steps)
    source: str = attrs.field(validator=check_text)
    days_in_year: int = attrs.field(default=365)

    @margin.validator
    def _check_margin(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Rate) or value.value < 0:
            raise ValidationError("margin", value, "a Rate of at least 0")

    @days_in_year.validator
    def _check_days(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in (360, 365, 366):
            raise ValidationError("days_in_year", value, "360, 365 or 366")

    def compensation_for(self, debt: Money) -> Money:
        """The fixed sum for a debt of ``debt`` (zero when the regime has none)."""
        for limit, amount in self.compensation:
            if limit is None or debt < limit:
                return amount
        return Money.zero(self.currency)

    def reference_day(self, day: _dt.date) -> pendulum.Date:
        """The day whose reference rate applies to interest for ``day`` (or starting on it)."""
        when = to_date(day, "day")
        first = pendulum.Date(when.year, 1 if when.month <= 6 else 7, 1)
        if self.fixing == "half_year":
            return first
        return first.subtract(days=1)


def _eur(amount: str) -> Money:
    return Money(amount, "EUR")


EU_LATE_PAYMENT: Final = InterestRegime(
    name="EU Late Payment Directive 2011/7/EU",
    margin=Rate.percent(8),
    fixing="half_year",
    currency="EUR",
    compensation=[(None, _eur("40.00"))],
    source="Directive 2011/7/EU, art. 2(6)-(8) (reference rate + 8 points), art. 6 (40 EUR)",
)
"""ECB main refinancing rate on 1 January / 1 July + 8 points; 40 EUR per invoice."""

GERMANY_BUSINESS: Final = InterestRegime(
    name="Germany, BGB §288(2), no consumer involved",
    margin=Rate.percent(9),
    fixing="half_year",
    currency="EUR",
    compensation=[(None, _eur("40.00"))],
    source="BGB §288(2) (base rate + 9 points), §288(5) (40 EUR), §247 (base rate)",
)
"""Base rate of BGB §247 + 9 points; 40 EUR flat fee."""

GERMANY_CONSUMER: Final = InterestRegime(
    name="Germany, BGB §288(1), consumer",
    margin=Rate.percent(5),
    fixing="half_year",
    currency="EUR",
    compensation=[],
    source="BGB §288(1) (base rate + 5 points), §247 (base rate)",
)
"""Base rate of BGB §247 + 5 points; no flat fee."""

UK_LATE_PAYMENT: Final = InterestRegime(
    name="UK Late Payment of Commercial Debts (Interest) Act 1998",
    margin=Rate.percent(8),
    fixing="when_late",
    currency="GBP",
    compensation=[
        (Money("1000.00", "GBP"), Money("40.00", "GBP")),
        (Money("10000.00", "GBP"), Money("70.00", "GBP")),
        (None, Money("100.00", "GBP")),
    ],
    source=(
        "Late Payment of Commercial Debts (Interest) Act 1998, s. 5A (fixed sums); "
        "SI 2002/1675 (8 points over the official dealing rate on 30 June / 31 December)"
    ),
)
"""Bank of England base rate on 31 December / 30 June before interest runs + 8 points, fixed for
the debt; 40 / 70 / 100 GBP."""

FRANCE_COMMERCIAL: Final = InterestRegime(
    name="France, Code de commerce L441-10",
    margin=Rate.percent(10),
    fixing="half_year",
    currency="EUR",
    compensation=[(None, _eur("40.00"))],
    source="Code de commerce art. L441-10 (ECB rate + 10 points), art. D441-5 (40 EUR)",
)
"""ECB main refinancing rate on 1 January / 1 July + 10 points; 40 EUR recovery indemnity."""


@attrs.frozen(kw_only=True)
class InterestPeriod:
    """Days of interest on one installment at one principal and one rate.

    ``start`` and ``end`` are both included (``days == end − start + 1``); ``interest`` is this
    period's share of the claim's rounded interest (the periods add up to it exactly).

    >>> import pendulum
    >>> period = InterestPeriod(due_on=pendulum.date(2026, 1, 31), start=pendulum.date(2026, 2, 1),
    ...                         end=pendulum.date(2026, 2, 28), days=28,
    ...                         principal=Money("1000.00", "EUR"), reference_rate=Rate("0.02"),
    ...                         rate=Rate("0.10"), interest=Money("7.67", "EUR"))
    >>> period.days
    28
    """

    due_on: pendulum.Date = attrs.field(converter=_to_due_on)
    start: pendulum.Date = attrs.field(converter=_to_start)
    end: pendulum.Date = attrs.field(converter=_to_end)
    days: int = attrs.field(validator=check_count)
    principal: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))
    reference_rate: Rate = attrs.field(validator=instance_of(Rate, "a Rate"))
    rate: Rate = attrs.field(validator=instance_of(Rate, "a Rate"))
    interest: Money = attrs.field(validator=money_validator(rounded=True))

    def __attrs_post_init__(self) -> None:
        if self.principal.currency is not self.interest.currency:
            raise CurrencyMismatchError(self.principal.currency.code, self.interest.currency.code)
        if self.days != self.end.toordinal() - self.start.toordinal() + 1 or self.days < 1:
            raise ValidationError("days", self.days, "end − start + 1, at least 1")
        if self.start <= self.due_on:
            raise ValidationError("start", self.start, f"a day after the due date {self.due_on}")


def _to_periods(value: Iterable[InterestPeriod]) -> tuple[InterestPeriod, ...]:
    return to_sequence_of("periods", InterestPeriod, value)


@attrs.frozen(kw_only=True)
class InterestClaim:
    """Late-payment interest on one invoice as of a date, and the fixed compensation.

    ``interest`` is the exact sum over ``periods`` rounded once (half up) to the currency;
    ``total == interest + compensation``.

    >>> import pendulum
    >>> claim = InterestClaim(invoice_number="INV-1", client_id="acme",
    ...                       as_of=pendulum.date(2026, 3, 1), regime="example", periods=(),
    ...                       interest=Money("0.00", "EUR"), compensation=Money("40.00", "EUR"))
    >>> claim.total, claim.days
    (Money('40.00', 'EUR'), 0)
    """

    invoice_number: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    as_of: pendulum.Date = attrs.field(converter=_to_as_of)
    regime: str = attrs.field(validator=check_text)
    periods: tuple[InterestPeriod, ...] = attrs.field(converter=_to_periods)
    interest: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))
    compensation: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))

    def __attrs_post_init__(self) -> None:
        cur = self.interest.currency
        if self.compensation.currency is not cur:
            raise CurrencyMismatchError(cur.code, self.compensation.currency.code)
        if Money.sum((p.interest for p in self.periods), cur) != self.interest:
            raise ValidationError(
                "periods", self.periods, f"periods adding up to {self.interest!r}"
            )

    @property
    def days(self) -> int:
        """Days of interest counted (over all installments and periods)."""
        return sum(p.days for p in self.periods)

    @property
    def total(self) -> Money:
        """``interest + compensation``."""
        return self.interest + self.compensation


def _open_by_installment(invoice: Invoice, day: pendulum.Date) -> list[Money]:
    """What is open of each installment (in due-date order) at the end of ``day``."""
    cur = invoice.currency
    zero = Money.zero(cur)
    order = sorted(invoice.installments, key=lambda i: i.due_on)
    if not invoice.is_open_on(day):
        return [zero for _ in order]
    settled = max(invoice.settled_as_of(day), zero)
    result = []
    for item in order:
        taken = min(settled, item.amount)
        settled = settled - taken
        result.append(item.amount - taken)
    return result


def _edges(
    first: pendulum.Date, day: pendulum.Date, changes: set[pendulum.Date], fixing: InterestFixing
) -> list[pendulum.Date]:
    """The days from ``first`` to ``day`` when principal or rate may change, and the day after."""
    bounds = {first, day.add(days=1)}
    bounds.update(c for c in changes if first < c <= day)
    if fixing == "half_year":
        for year in range(first.year, day.year + 1):
            for month in (1, 7):
                edge = pendulum.Date(year, month, 1)
                if first < edge <= day:
                    bounds.add(edge)
    return sorted(bounds)


def late_payment_interest(
    invoice: Invoice,
    as_of: _dt.date,
    regime: InterestRegime,
    reference_rates: ReferenceRates,
) -> InterestClaim:
    """The statutory interest and compensation ``regime`` gives on ``invoice`` up to ``as_of``.

    Each installment bears interest for every day from the day after its due date to ``as_of``
    (included) on what of it is open at the end of that day (a payment or credit note counts from
    its date; a write-off or void ends the interest). A day's interest is
    ``principal × (reference rate + margin) / days_in_year``; the exact sum is rounded once, half
    up. The compensation is due once an installment is late: the regime's sum for the debt (what
    was open of the late installments on the day each fell due). ``reference_rates`` must cover
    every reference day needed.

    A consumer in Germany, 1,000.00 EUR due 31 January, 400.00 paid on 2 March, an example base
    rate of 1.27 % from 1 January: 1,000.00 × 6.27 % × 29/365 (1 February to 1 March) +
    600.00 × 6.27 % × 30/365 (2 to 31 March) = 4.98 + 3.09 = 8.07 EUR, no flat fee.

    >>> import pendulum
    >>> from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms
    >>> base = ReferenceRates(name="base rate (example values)", until=pendulum.date(2026, 6, 30),
    ...                       changes=[(pendulum.date(2026, 1, 1), Rate.percent("1.27"))])
    >>> inv = Invoice("R-1", "jane", "EUR", pendulum.date(2026, 1, 1),
    ...               [InvoiceLine("Course", 1, Money("1000.00", "EUR"))], PaymentTerms.net(30),
    ...               ).issue(at=pendulum.datetime(2026, 1, 1, 9))
    >>> inv = inv.apply_payment(Payment(Money("400.00", "EUR"), pendulum.date(2026, 3, 2), "P-1"),
    ...                         at=pendulum.datetime(2026, 3, 2, 9))
    >>> claim = late_payment_interest(inv, pendulum.date(2026, 3, 31), GERMANY_CONSUMER, base)
    >>> [(p.start, p.days, p.principal, p.interest) for p in claim.periods]
    [(Date(2026, 2, 1), 29, Money('1000.00', 'EUR'), Money('4.98', 'EUR')),
     (Date(2026, 3, 2), 30, Money('600.00', 'EUR'), Money('3.09', 'EUR'))]
    >>> claim.interest, claim.compensation
    (Money('8.07', 'EUR'), Money('0.00', 'EUR'))
    """
    if not isinstance(invoice, Invoice):
        raise ValidationError("invoice", invoice, "an Invoice")
    if not isinstance(regime, InterestRegime):
        raise ValidationError("regime", regime, "an InterestRegime such as EU_LATE_PAYMENT")
    if not isinstance(reference_rates, ReferenceRates):
        raise ValidationError("reference_rates", reference_rates, "ReferenceRates")
    day = to_date(as_of, "as_of")
    cur = invoice.currency
    if cur is not regime.currency:
        raise CurrencyMismatchError(
            regime.currency.code,
            cur.code,
            message=(
                f"invoice {invoice.number!r} is in {cur.code!r}; the regime {regime.name!r} "
                f"claims in {regime.currency.code!r}"
            ),
        )
    order = sorted(invoice.installments, key=lambda i: i.due_on)
    changes = {p.payment.received_on for p in invoice.payments}
    changes.update(n.issued_on for n in invoice.credit_notes)
    closed = invoice.written_off_on or invoice.voided_on
    if closed is not None:
        changes.add(closed)
    year_in = Decimal(regime.days_in_year)
    pieces: list[
        tuple[pendulum.Date, pendulum.Date, pendulum.Date, Money, Rate, Rate, Decimal]
    ] = []
    debt = Money.zero(cur)
    for index, item in enumerate(order):
        first = item.due_on.add(days=1)
        if first > day:
            continue
        late_amount = _open_by_installment(invoice, item.due_on)[index]
        debt = debt + late_amount
        edges = _edges(first, day, changes, regime.fixing)
        fixed = reference_rates.rate_on(regime.reference_day(first))
        for start, after in itertools.pairwise(edges):
            principal = _open_by_installment(invoice, start)[index]
            if principal.amount <= 0:
                continue
            reference = (
                reference_rates.rate_on(regime.reference_day(start))
                if regime.fixing == "half_year"
                else fixed
            )
            rate = reference + regime.margin
            days = after.toordinal() - start.toordinal()
            exact = DECIMAL_CONTEXT.divide(
                DECIMAL_CONTEXT.multiply(
                    DECIMAL_CONTEXT.multiply(principal.amount, rate.value), Decimal(days)
                ),
                year_in,
            )
            pieces.append(
                (item.due_on, start, after.subtract(days=1), principal, reference, rate, exact)
            )
    periods = []
    running = Decimal(0)
    shown = Money.zero(cur)
    for due_on, start, end, principal, reference, rate, exact in pieces:
        running = DECIMAL_CONTEXT.add(running, exact)
        rounded = Money(running, cur).round("half_up")
        periods.append(
            InterestPeriod(
                due_on=due_on,
                start=start,
                end=end,
                days=end.toordinal() - start.toordinal() + 1,
                principal=principal,
                reference_rate=reference,
                rate=rate,
                interest=rounded - shown,
            )
        )
        shown = rounded
    late = any(item.due_on < day for item in order) and debt.amount > 0
    return InterestClaim(
        invoice_number=invoice.number,
        client_id=invoice.client_id,
        as_of=day,
        regime=regime.name,
        periods=periods,
        interest=shown,
        compensation=regime.compensation_for(debt) if late else Money.zero(cur),
    )
