"""Payment terms: when an invoice's money is due, as installments that add up to the total.

A :class:`PaymentTerms` is a tuple of :class:`TermLine` values, each a portion of the total (a
:class:`~accountexec.money.Rate`, a fixed :class:`~accountexec.money.Money`, or the
:class:`Balance`) and a due-date rule from :mod:`accountexec.deadlines`.
:meth:`PaymentTerms.schedule` turns a total and an invoice date into :class:`Installment` values:

- each portion is rounded to the currency's minor unit, and the **last installment takes the
  balance**, so the installments always add up to the total exactly;
- no installment is negative: a portion that would take more than is left (a fixed deposit larger
  than a small invoice) is cut to what is left;
- each due date comes from the line's rule, started from the invoice date; with ``roll`` set it is
  rolled to a business day of ``calendar``; a due date that would fall **before the invoice date
  is moved to the invoice date** (a ``DayOfMonth(10, months=0)`` rule on the 20th, say).

>>> import pendulum
>>> from accountexec.money import Money
>>> PaymentTerms.installments(3).schedule(Money("5.47", "EUR"), pendulum.date(2026, 5, 11))
(Installment(due_on=Date(2026, 6, 10), amount=Money('1.82', 'EUR')),
 Installment(due_on=Date(2026, 7, 10), amount=Money('1.82', 'EUR')),
 Installment(due_on=Date(2026, 8, 9), amount=Money('1.83', 'EUR')))

These names are re-exported from :mod:`accountexec.invoices` and :mod:`accountexec`.
"""

from __future__ import annotations

import calendar as _monthcal
import datetime as _dt
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import to_date
from accountexec.calendars import WorkCalendar
from accountexec.commerce.invoice_lines import LineAmounts, Tax
from accountexec.deadlines import (
    BusinessDays,
    BusinessHours,
    CalendarDays,
    DayOfMonth,
    DeadlineRule,
    EndOfMonth,
)
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate, RoundingMode

__all__ = [
    "AtLeastDaysThenDay",
    "Balance",
    "DaysThenDayOfNextMonth",
    "DaysThenEndOfMonth",
    "DiscountTax",
    "EarlyDiscount",
    "EarlyDiscountAmounts",
    "Installment",
    "PaymentTerms",
    "Portion",
    "TermLine",
    "TermsRoll",
]

DiscountTax = Literal["reduce", "keep"]
"""What an early-payment discount does to the VAT: ``"reduce"`` it in proportion (the taxable
amount is what was actually paid), or ``"keep"`` it as invoiced (the discount is on the net)."""

_DISCOUNT_TAXES: Final[tuple[DiscountTax, ...]] = get_args(DiscountTax)

TermsRoll = Literal["following", "modified_following"]
"""How a due date on a non-business day moves: to the next business day, or to the next one unless
that leaves the month (then to the previous one)."""

_ROLLS: Final[tuple[TermsRoll, ...]] = get_args(TermsRoll)
_ONE: Final = Decimal(1)


@attrs.frozen
class Balance:
    """The portion of a payment term that takes whatever the other lines leave.

    >>> Balance()
    Balance()
    """


Portion = Rate | Money | Balance
"""A term line's share of the total: a percentage, a fixed amount, or the balance."""


def _check_portion(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Balance):
        return
    if isinstance(value, Rate):
        if not 0 < value.value <= 1:
            raise ValidationError("portion", value, "a Rate above 0% and at most 100%")
        return
    if type(value) is Money:
        if value.amount <= 0 or not value.is_rounded:
            raise ValidationError("portion", value, "a positive Money rounded to its minor unit")
        return
    raise ValidationError("portion", value, "a Rate, a Money or Balance()")


def _check_rule(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, BusinessHours) or not isinstance(value, DeadlineRule):
        raise ValidationError(
            "due", value, "a date rule: CalendarDays, BusinessDays, EndOfMonth or DayOfMonth"
        )


# ------------------------------------------------------------------------ compound due-date rules


def _days_field(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
        raise ValidationError("days", value, "a whole number of days from 0 to 3650")
    return value


def _day_field(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
        raise ValidationError("day", value, "a day of the month from 1 to 31")
    return value


def _pdate(d: _dt.date) -> pendulum.Date:
    return pendulum.Date(d.year, d.month, d.day)


def _month_day(year: int, month: int, day: int) -> _dt.date:
    """Day ``day`` of the month, clamped to the month's length."""
    return _dt.date(year, month, min(day, _monthcal.monthrange(year, month)[1]))


def _next_month(d: _dt.date) -> tuple[int, int]:
    return (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)


def _after_days(start: _dt.date, days: int, steps: list[str] | None) -> _dt.date:
    begin = to_date(start, "start")
    moved = begin + _dt.timedelta(days=days)
    if steps is not None:
        steps.append(f"{begin} + {days} calendar day{'' if days == 1 else 's'} = {moved}")
    return moved


@attrs.frozen
class DaysThenEndOfMonth:
    """``days`` calendar days after the start, then the last day of that month.

    Odoo calls it "days after, end of month"; a "30 days end of month" term on 20 January lands
    on 28 February (20 January + 30 days = 19 February, whose month ends on the 28th).

    >>> import pendulum
    >>> rule = DaysThenEndOfMonth(30)
    >>> rule.due(pendulum.date(2026, 1, 20))
    Date(2026, 2, 28)
    >>> rule.explain(pendulum.date(2026, 1, 20))
    ('2026-01-20 + 30 calendar days = 2026-02-19', 'end of the month of 2026-02-19 = 2026-02-28')
    """

    days: int = attrs.field(converter=_days_field)

    def _compute(self, start: _dt.date, steps: list[str] | None) -> pendulum.Date:
        moved = _after_days(start, self.days, steps)
        end = _month_day(moved.year, moved.month, 31)
        if steps is not None:
            steps.append(f"end of the month of {moved} = {end}")
        return _pdate(end)

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The due date for ``start`` (no calendar needed)."""
        return self._compute(start, None)

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """The steps from ``start`` to the due date."""
        steps: list[str] = []
        self._compute(start, steps)
        return tuple(steps)


@attrs.frozen
class DaysThenDayOfNextMonth:
    """``days`` calendar days after the start, then day ``day`` of the following month.

    The day is clamped to the month's length (day 31 of April is 30 April). "30 days, then the
    10th of the next month" on 20 January: 19 February, then 10 March.

    >>> import pendulum
    >>> rule = DaysThenDayOfNextMonth(30, day=10)
    >>> rule.due(pendulum.date(2026, 1, 20))
    Date(2026, 3, 10)
    >>> for step in rule.explain(pendulum.date(2026, 1, 20)):
    ...     print(step)
    2026-01-20 + 30 calendar days = 2026-02-19
    day 10 of the month after 2026-02-19 = 2026-03-10
    """

    days: int = attrs.field(converter=_days_field)
    day: int = attrs.field(converter=_day_field)

    def _compute(self, start: _dt.date, steps: list[str] | None) -> pendulum.Date:
        moved = _after_days(start, self.days, steps)
        target = _month_day(*_next_month(moved), self.day)
        if steps is not None:
            steps.append(f"day {self.day} of the month after {moved} = {target}")
        return _pdate(target)

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The due date for ``start`` (no calendar needed)."""
        return self._compute(start, None)

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """The steps from ``start`` to the due date."""
        steps: list[str] = []
        self._compute(start, steps)
        return tuple(steps)


@attrs.frozen
class AtLeastDaysThenDay:
    """At least ``days`` calendar days after the start, then the next day ``day`` of a month.

    The first day ``day`` (clamped to the month's length) on or after ``start + days``: "at least
    10 days, then the next 15th" is 15 February for an invoice of 10 January (20 January is
    after the 15th) and 15 January for one of 2 January (12 January is before it).

    >>> import pendulum
    >>> rule = AtLeastDaysThenDay(10, day=15)
    >>> rule.due(pendulum.date(2026, 1, 10)), rule.due(pendulum.date(2026, 1, 2))
    (Date(2026, 2, 15), Date(2026, 1, 15))
    >>> for step in rule.explain(pendulum.date(2026, 1, 10)):
    ...     print(step)
    2026-01-10 + 10 calendar days = 2026-01-20
    the next day 15 on or after 2026-01-20 = 2026-02-15
    """

    days: int = attrs.field(converter=_days_field)
    day: int = attrs.field(converter=_day_field)

    def _compute(self, start: _dt.date, steps: list[str] | None) -> pendulum.Date:
        earliest = _after_days(start, self.days, steps)
        target = _month_day(earliest.year, earliest.month, self.day)
        if target < earliest:
            target = _month_day(*_next_month(earliest), self.day)
        if steps is not None:
            steps.append(f"the next day {self.day} on or after {earliest} = {target}")
        return _pdate(target)

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The due date for ``start`` (no calendar needed)."""
        return self._compute(start, None)

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """The steps from ``start`` to the due date."""
        steps: list[str] = []
        self._compute(start, steps)
        return tuple(steps)


# --------------------------------------------------------------------------- early discount


def _check_discount_rate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Rate) or not 0 < value.value < 1:
        raise ValidationError("rate", value, "a Rate above 0% and below 100%")


def _check_within(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, BusinessHours) or not isinstance(value, DeadlineRule):
        raise ValidationError(
            "within", value, "a date rule such as CalendarDays(10) or BusinessDays(5)"
        )


def _check_discount_tax(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _DISCOUNT_TAXES:
        raise ValidationError("tax", value, "'reduce' or 'keep'")


def _tax_pairs(value: Iterable[tuple[Tax, Money]]) -> tuple[tuple[Tax, Money], ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("taxes", value, "(Tax, Money) pairs")
    pairs = tuple(value)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], Tax):
            raise ValidationError("taxes", pair, "(Tax, Money) pairs")
    return pairs


@attrs.frozen(kw_only=True)
class EarlyDiscountAmounts:
    """An early-payment discount as granted: its amount, the net part and the tax part per tax.

    ``amount == net + sum of taxes``. With ``tax="keep"`` the taxes are empty: the discount is
    all net.

    >>> from accountexec.money import Money
    >>> EarlyDiscountAmounts(amount=Money("20.00", "EUR"), net=Money("20.00", "EUR")).tax
    Money('0.00', 'EUR')
    """

    amount: Money
    net: Money
    taxes: tuple[tuple[Tax, Money], ...] = attrs.field(default=(), converter=_tax_pairs)

    def __attrs_post_init__(self) -> None:
        named = [("amount", self.amount), ("net", self.net)]
        named += [("taxes", m) for _, m in self.taxes]
        for field, value in named:
            if type(value) is not Money or not value.is_rounded:
                raise ValidationError(field, value, "rounded Money amounts")
            if value.currency is not self.amount.currency:
                raise ValidationError(field, value, f"amounts in {self.amount.currency.code!r}")
        if self.net + self.tax != self.amount:
            raise ValidationError("net", self.net, f"net + taxes == amount {self.amount!r}")

    @property
    def tax(self) -> Money:
        """The tax part of the discount (zero when the VAT is kept)."""
        return Money.sum((m for _, m in self.taxes), self.amount.currency)


def _shares(total: Money, weights: list[Money], rounding: RoundingMode) -> tuple[Money, ...]:
    """``total`` split by ``weights`` without losing a minor unit, whatever the weights' signs."""
    if all(w.amount >= 0 for w in weights) and any(w.amount for w in weights):
        return total.allocate([w.amount for w in weights])
    whole = Money.sum(weights, total.currency)
    if not whole.amount:
        return (total,) + (Money.zero(total.currency),) * (len(weights) - 1)
    parts: list[Money] = []
    running = Decimal(0)
    shown = Money.zero(total.currency)
    for weight in weights:
        running = DECIMAL_CONTEXT.add(running, weight.amount)
        exact = DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(total.amount, running), whole.amount
        )
        rounded = Money(exact, total.currency).round(rounding)
        parts.append(rounded - shown)
        shown = rounded
    return tuple(parts)


@attrs.frozen(kw_only=True)
class EarlyDiscount:
    """An early-payment discount (Skonto): pay within ``within`` of the invoice date, pay less.

    ``rate`` is taken off the invoice; paying the discounted amount by the deadline settles the
    invoice. ``tax`` says what happens to the VAT:

    - ``"reduce"`` (the usual rule in the EU, where the taxable amount is what was actually paid):
      the discount is ``rate`` × the total, split across the invoice's VAT rates in proportion to
      their gross, and each part is net plus the VAT it contains. 1,000.00 EUR + 19 % VAT =
      1,190.00 EUR with 2 %: discount 23.80 (20.00 net + 3.80 VAT), the client pays 1,166.20.
    - ``"keep"``: the discount is ``rate`` × the net, and the VAT stays as invoiced: discount
      20.00, the client pays 1,170.00.

    >>> import pendulum
    >>> from accountexec.deadlines import CalendarDays
    >>> from accountexec.invoice_lines import DocumentAmounts, InvoiceLine
    >>> vat = Tax("VAT", Rate.percent(19))
    >>> doc = DocumentAmounts.from_lines([InvoiceLine("Fee", 1, Money("1000.00", "EUR"), [vat])],
    ...                                  "EUR")
    >>> skonto = EarlyDiscount(rate=Rate.percent(2), within=CalendarDays(10), tax="reduce")
    >>> granted = skonto.amounts(doc.lines, doc.total.currency)
    >>> granted.amount, granted.net, granted.tax
    (Money('23.80', 'EUR'), Money('20.00', 'EUR'), Money('3.80', 'EUR'))
    >>> EarlyDiscount(rate=Rate.percent(2), tax="keep").amounts(doc.lines, "EUR").amount
    Money('20.00', 'EUR')
    >>> skonto.deadline(pendulum.date(2026, 3, 2))
    Date(2026, 3, 12)
    """

    rate: Rate = attrs.field(validator=_check_discount_rate)
    within: DeadlineRule = attrs.field(factory=lambda: CalendarDays(10), validator=_check_within)
    tax: DiscountTax = attrs.field(default="reduce", validator=_check_discount_tax)

    def deadline(self, issued_on: date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The last day to pay with the discount: ``within`` applied to the invoice date."""
        return self.within.due(to_date(issued_on, "issued_on"), calendar)

    def amounts(
        self,
        lines: Iterable[LineAmounts],
        currency: Currency | str,
        *,
        rounding: RoundingMode = "half_up",
    ) -> EarlyDiscountAmounts:
        """The discount on a document of ``lines`` (an invoice's :meth:`line_amounts`)."""
        cur = Currency(currency)
        rows = tuple(lines)
        zero = Money.zero(cur)
        if self.tax == "keep":
            net = Money.sum((la.net for la in rows), cur)
            amount = (net * self.rate).round(rounding)
            return EarlyDiscountAmounts(amount=amount, net=amount)
        groups: dict[tuple[Tax, ...], Money] = {}
        for la in rows:
            key = tuple(t for t, _ in la.taxes)
            groups[key] = groups.get(key, zero) + la.gross
        gross = Money.sum(groups.values(), cur)
        amount = (gross * self.rate).round(rounding)
        parts = _shares(amount, list(groups.values()), rounding)
        taxes: dict[Tax, Money] = {}
        for group, part in zip(groups, parts, strict=True):
            if not group:
                continue
            combined = Decimal(0)
            for tax in group:
                combined = DECIMAL_CONTEXT.add(combined, tax.rate.value)
            factor = DECIMAL_CONTEXT.divide(combined, DECIMAL_CONTEXT.add(Decimal(1), combined))
            tax_part = (part * factor).round(rounding)
            weights = [Money(t.rate.value, cur) for t in group]
            for tax, share in zip(group, _shares(tax_part, weights, rounding), strict=True):
                taxes[tax] = taxes.get(tax, zero) + share
        tax_total = Money.sum(taxes.values(), cur)
        return EarlyDiscountAmounts(amount=amount, net=amount - tax_total, taxes=taxes.items())


@attrs.frozen
class TermLine:
    """One line of payment terms: a portion of the total and the rule for its due date.

    >>> from accountexec.deadlines import EndOfMonth
    >>> from accountexec.money import Rate
    >>> TermLine(Rate.percent(30), EndOfMonth(months=1))
    TermLine(portion=Rate('0.30'), due=EndOfMonth(months=1, plus_days=0, roll=None))
    """

    portion: Portion = attrs.field(validator=_check_portion)
    due: DeadlineRule = attrs.field(validator=_check_rule)


def _due_on(value: date) -> pendulum.Date:
    return to_date(value, "due_on")


@attrs.frozen
class Installment:
    """An amount due on a date: one line of an invoice's schedule.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> Installment(pendulum.date(2026, 3, 2), Money("1428.00", "EUR"))
    Installment(due_on=Date(2026, 3, 2), amount=Money('1428.00', 'EUR'))
    """

    due_on: pendulum.Date = attrs.field(converter=_due_on)
    amount: Money = attrs.field()

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not Money or value.amount < 0 or not value.is_rounded:
            raise ValidationError("amount", value, "a Money of at least zero, rounded")


def _to_lines(value: Iterable[TermLine]) -> tuple[TermLine, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("lines", value, "a sequence of TermLine values")
    lines = tuple(value)
    for line in lines:
        if not isinstance(line, TermLine):
            raise ValidationError("lines", line, "TermLine values")
    return lines


def _repetitions(every: object, n: int) -> list[DeadlineRule]:
    """``every`` repeated ``n`` times from the same start: 30, 60, 90 days; 1, 2, 3 months."""
    if isinstance(every, CalendarDays | BusinessDays) and every.n > 0:
        return [attrs.evolve(every, n=every.n * k) for k in range(1, n + 1)]
    if isinstance(every, EndOfMonth | DayOfMonth) and every.months > 0:
        return [attrs.evolve(every, months=every.months * k) for k in range(1, n + 1)]
    raise ValidationError(
        "every",
        every,
        "a rule that moves forward: CalendarDays(n) or BusinessDays(n) with n >= 1, "
        "EndOfMonth or DayOfMonth with months >= 1",
    )


@attrs.frozen
class PaymentTerms:
    """When an invoice is due: term lines, and optionally a roll to business days on a calendar.

    Without a :class:`Balance` line the lines must all be percentages adding up to exactly 100%;
    fixed amounts need a ``Balance()`` line, which must come last. Rules that need a calendar
    (``BusinessDays``, a rule with its own roll) and ``roll`` need ``calendar``.

    The presets, each with a worked example (invoice dated as shown):

    >>> import pendulum
    >>> from accountexec.money import Money, Rate
    >>> from accountexec.deadlines import CalendarDays, EndOfMonth
    >>> total = Money("1000.00", "EUR")
    >>> PaymentTerms.net(30).due_dates(pendulum.date(2026, 1, 31))   # 30 calendar days
    (Date(2026, 3, 2),)
    >>> PaymentTerms.immediate().due_dates(pendulum.date(2026, 1, 31))
    (Date(2026, 1, 31),)
    >>> PaymentTerms.end_of_month(plus_days=30).due_dates(pendulum.date(2026, 5, 11))
    (Date(2026, 6, 30),)
    >>> end_of_next = PaymentTerms(lines=[TermLine(Balance(), EndOfMonth(months=1))])
    >>> end_of_next.due_dates(pendulum.date(2028, 1, 31))
    (Date(2028, 2, 29),)

    A deposit and the rest, and percentages that do not add up:

    >>> deposit = PaymentTerms(lines=[TermLine(Money("200.00", "EUR"), CalendarDays(0)),
    ...                               TermLine(Balance(), CalendarDays(30))])
    >>> [i.amount for i in deposit.schedule(total, pendulum.date(2026, 3, 2))]
    [Money('200.00', 'EUR'), Money('800.00', 'EUR')]
    >>> PaymentTerms(lines=[TermLine(Rate.percent(30), CalendarDays(0)),
    ...                     TermLine(Rate.percent(60), CalendarDays(30))])
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'lines': Rate('0.90'); expected percentages ...
    """

    lines: tuple[TermLine, ...] = attrs.field(converter=_to_lines)
    roll: TermsRoll | None = attrs.field(default=None)
    calendar: WorkCalendar | None = attrs.field(default=None)
    early_discount: EarlyDiscount | None = attrs.field(default=None, kw_only=True)

    @early_discount.validator
    def _check_early_discount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, EarlyDiscount):
            raise ValidationError("early_discount", value, "None or an EarlyDiscount")

    @roll.validator
    def _check_roll(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and value not in _ROLLS:
            raise ValidationError("roll", value, "None, 'following' or 'modified_following'")

    @calendar.validator
    def _check_calendar(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, WorkCalendar):
            raise ValidationError("calendar", value, "None or a WorkCalendar")

    def __attrs_post_init__(self) -> None:
        lines = self.lines
        if not lines:
            raise ValidationError("lines", lines, "at least one TermLine")
        balances = [i for i, line in enumerate(lines) if isinstance(line.portion, Balance)]
        if balances and balances != [len(lines) - 1]:
            raise ValidationError("lines", lines, "at most one Balance() line, and it comes last")
        share = Decimal(0)
        for line in lines:
            if isinstance(line.portion, Rate):
                share = DECIMAL_CONTEXT.add(share, line.portion.value)
        if not balances:
            if any(isinstance(line.portion, Money) for line in lines):
                raise ValidationError(
                    "lines", lines, "a Balance() line last when a portion is a fixed amount"
                )
            if share != _ONE:
                raise ValidationError(
                    "lines", Rate(share), "percentages adding up to 100% (or a Balance() line last)"
                )
        elif share > _ONE:
            raise ValidationError("lines", Rate(share), "percentages adding up to at most 100%")
        currencies = {line.portion.currency for line in lines if isinstance(line.portion, Money)}
        if len(currencies) > 1:
            raise ValidationError("lines", sorted(c.code for c in currencies), "one currency")
        if self.calendar is None:
            if self.roll is not None:
                raise ValidationError("calendar", None, f"a WorkCalendar to roll {self.roll!r}")
            for line in lines:
                if isinstance(line.due, BusinessDays) or getattr(line.due, "roll", None):
                    raise ValidationError("calendar", None, f"a WorkCalendar for {line.due!r}")
            within = None if self.early_discount is None else self.early_discount.within
            if isinstance(within, BusinessDays) or getattr(within, "roll", None):
                raise ValidationError("calendar", None, f"a WorkCalendar for {within!r}")

    # -- presets --------------------------------------------------------------------------------

    @classmethod
    def net(
        cls,
        days: int = 30,
        *,
        roll: TermsRoll | None = None,
        calendar: WorkCalendar | None = None,
        early_discount: EarlyDiscount | None = None,
    ) -> PaymentTerms:
        """Everything due ``days`` calendar days after the invoice date ("net 30").

        >>> import pendulum
        >>> PaymentTerms.net(30).due_dates(pendulum.date(2026, 1, 31))
        (Date(2026, 3, 2),)
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValidationError("days", days, "a whole number of days, at least 0")
        return cls(
            lines=[TermLine(Balance(), CalendarDays(days))],
            roll=roll,
            calendar=calendar,
            early_discount=early_discount,
        )

    @classmethod
    def immediate(
        cls, *, roll: TermsRoll | None = None, calendar: WorkCalendar | None = None
    ) -> PaymentTerms:
        """Everything due on the invoice date."""
        return cls.net(0, roll=roll, calendar=calendar)

    @classmethod
    def end_of_month(
        cls,
        plus_days: int = 0,
        *,
        months: int = 0,
        roll: TermsRoll | None = None,
        calendar: WorkCalendar | None = None,
    ) -> PaymentTerms:
        """Everything due at the end of the invoice's month, or ``plus_days`` after it.

        ``end_of_month()`` is due on the month's last day; ``end_of_month(plus_days=30)`` is
        "30 days end of month". With ``months``, the end of the month that many months later is
        taken first ("add months, then take the last day"), then the days are added.

        >>> import pendulum
        >>> PaymentTerms.end_of_month().due_dates(pendulum.date(2026, 5, 11))
        (Date(2026, 5, 31),)
        >>> PaymentTerms.end_of_month(plus_days=30).due_dates(pendulum.date(2026, 5, 11))
        (Date(2026, 6, 30),)
        >>> PaymentTerms.end_of_month(plus_days=0, months=1).due_dates(pendulum.date(2026, 1, 31))
        (Date(2026, 2, 28),)
        """
        if isinstance(plus_days, bool) or not isinstance(plus_days, int) or plus_days < 0:
            raise ValidationError("plus_days", plus_days, "a whole number of days, at least 0")
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise ValidationError("months", months, "a whole number of months, at least 0")
        rule = EndOfMonth(months=months, plus_days=plus_days)
        return cls(lines=[TermLine(Balance(), rule)], roll=roll, calendar=calendar)

    @classmethod
    def installments(
        cls,
        n: int,
        every: DeadlineRule | None = None,
        *,
        roll: TermsRoll | None = None,
        calendar: WorkCalendar | None = None,
    ) -> PaymentTerms:
        """``n`` equal installments, the k-th due at k × ``every`` (default ``CalendarDays(30)``).

        Each installment but the last is ``1/n`` of the total, rounded; the last takes the balance.
        ``every`` repeats by multiplying its count: ``CalendarDays(30)`` gives 30, 60, 90 days;
        ``EndOfMonth(months=1)`` the ends of the next months; ``DayOfMonth(10)`` the 10th of each
        following month.

        >>> import pendulum
        >>> from accountexec.deadlines import EndOfMonth
        >>> from accountexec.money import Money
        >>> terms = PaymentTerms.installments(3, every=EndOfMonth(months=1))
        >>> terms.schedule(Money("100.00", "EUR"), pendulum.date(2026, 1, 31))
        (Installment(due_on=Date(2026, 2, 28), amount=Money('33.33', 'EUR')),
         Installment(due_on=Date(2026, 3, 31), amount=Money('33.33', 'EUR')),
         Installment(due_on=Date(2026, 4, 30), amount=Money('33.34', 'EUR')))
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValidationError("n", n, "a whole number of installments, at least 1")
        rules = _repetitions(CalendarDays(30) if every is None else every, n)
        share = Rate(DECIMAL_CONTEXT.divide(_ONE, Decimal(n)))
        lines = [TermLine(share, rule) for rule in rules[:-1]]
        lines.append(TermLine(Balance(), rules[-1]))
        return cls(lines=lines, roll=roll, calendar=calendar)

    # -- dates and amounts ----------------------------------------------------------------------

    def _due(
        self, rule: DeadlineRule, issued_on: pendulum.Date, steps: list[str] | None
    ) -> pendulum.Date:
        due = rule.due(issued_on, self.calendar)
        if steps is not None:
            steps.extend(rule.explain(issued_on, self.calendar))
        if self.roll is not None and self.calendar is not None:
            rolled = self.calendar.roll(due, self.roll)
            if steps is not None and rolled != due:
                steps.append(f"{due} is not a business day: rolled ({self.roll}) to {rolled}")
            due = rolled
        if due < issued_on:
            if steps is not None:
                steps.append(f"{due} is before the invoice date: due on {issued_on}")
            due = issued_on
        return due

    def due_dates(self, issued_on: date) -> tuple[pendulum.Date, ...]:
        """The due date of each line for an invoice dated ``issued_on``."""
        start = to_date(issued_on, "issued_on")
        return tuple(self._due(line.due, start, None) for line in self.lines)

    def explain(self, issued_on: date) -> tuple[tuple[str, ...], ...]:
        """How each line's due date is reached, step by step.

        >>> import pendulum
        >>> from accountexec.calendars import WorkCalendar
        >>> terms = PaymentTerms.net(30, roll="following", calendar=WorkCalendar())
        >>> terms.explain(pendulum.date(2026, 1, 30))
        (('2026-01-30 + 30 calendar days = 2026-03-01',
          '2026-03-01 is not a business day: rolled (following) to 2026-03-02'),)
        """
        start = to_date(issued_on, "issued_on")
        result = []
        for line in self.lines:
            steps: list[str] = []
            self._due(line.due, start, steps)
            result.append(tuple(steps))
        return tuple(result)

    def schedule(
        self, total: Money, issued_on: date, *, rounding: RoundingMode = "half_up"
    ) -> tuple[Installment, ...]:
        """The installments of ``total`` (rounded, at least zero) for an invoice of ``issued_on``.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> PaymentTerms.installments(3).schedule(Money("100.00", "EUR"), pendulum.date(2026, 3, 2))
        (Installment(due_on=Date(2026, 4, 1), amount=Money('33.33', 'EUR')),
         Installment(due_on=Date(2026, 5, 1), amount=Money('33.33', 'EUR')),
         Installment(due_on=Date(2026, 5, 31), amount=Money('33.34', 'EUR')))
        """
        if type(total) is not Money or total.amount < 0 or not total.is_rounded:
            raise ValidationError("total", total, "a Money of at least zero, rounded")
        dates = self.due_dates(issued_on)
        remaining = total
        result: list[Installment] = []
        last = len(self.lines) - 1
        for i, (line, due_on) in enumerate(zip(self.lines, dates, strict=True)):
            portion = line.portion
            if i == last or isinstance(portion, Balance):
                amount = remaining
            elif isinstance(portion, Rate):
                amount = min((total * portion).round(rounding), remaining)
            else:
                if portion.currency is not total.currency:
                    raise CurrencyMismatchError(
                        total.currency.code,
                        portion.currency.code,
                        message=(
                            f"payment term portion {portion!r} is not in the total's currency "
                            f"{total.currency.code!r}"
                        ),
                    )
                amount = min(portion, remaining)
            remaining = remaining - amount
            result.append(Installment(due_on, amount))
        return tuple(result)
