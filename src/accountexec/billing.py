"""How a contract bills: retainers, milestones, time and materials, media commission and markup.

The billing arrangements are values that a :class:`~accountexec.contracts.Contract` carries; each
knows its own arithmetic, and :func:`bill` turns a contract and a period into draft invoices.

**Proration** (DOMAIN.md, "Proration"). A retainer's fee is per calendar month (or quarter, or
year). A stretch of days inside one calendar month is worth ``days covered / days in that month`` of
the fee: 9 to 31 January is 23/31 of January's fee. To make the pieces of a month add up to the
month's fee exactly, each piece is priced by *cumulative rounding*: with ``a`` days of the month
before the piece and ``b`` days up to its end,
``amount = round(fee × b / D) − round(fee × a / D)``. The pieces of a month telescope to
``round(fee) − round(0) = fee``, and the amount of a piece depends only on its own dates, not on how
the rest of the month was cut: bill a month in one go or day by day, the total is the same to the
cent.

>>> from accountexec.money import Money
>>> import pendulum
>>> retainer = Retainer(fee=Money("3100.00", "EUR"))
>>> retainer.amount_for(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
Money('2300.00', 'EUR')

**Media and markup** (DOMAIN.md, "Agency billing"). Under commission the client is billed the gross
``G``, the media owner is paid ``G·(1−c)`` and the agency keeps ``c·G``; grossing up a net cost
bills ``net / (1 − c)``, so a 15% commission is a 17.65% markup (100 / 0.85 = 117.65). A markup
bills ``net·(1 + m)``. Every charge reports what the client is billed, what the agency pays out
and the margin it keeps, and ``billed == cost + margin`` to the cent.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_optional_name,
    check_text,
    to_date,
    to_optional_date,
    to_sequence,
    to_sequence_of,
)
from accountexec._views import LINE_REFERENCE
from accountexec.calendars import WorkCalendar
from accountexec.deadlines import DeadlineRule
from accountexec.errors import ValidationError
from accountexec.invoices import Invoice, InvoiceLine, InvoiceNumbering, InvoiceStatus
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate

if TYPE_CHECKING:
    from accountexec.contracts import Contract

__all__ = [
    "LINE_KINDS",
    "Acceptance",
    "Arrangement",
    "BilledLine",
    "BillingPeriod",
    "Every",
    "Expense",
    "LineKind",
    "Markup",
    "MarkupCharge",
    "MediaCharge",
    "MediaCommission",
    "MediaPlacement",
    "Milestone",
    "Proration",
    "Retainer",
    "RetainerSegment",
    "RoleTime",
    "TimeAndMaterials",
    "TimeAndMaterialsCharge",
    "TimeEntry",
    "already_billed",
    "bill",
    "billed_lines",
    "billing_periods",
    "calendar_periods",
    "milestone_amounts",
]

Every = Literal["month", "quarter", "year"]
"""The calendar period a retainer's fee is for."""

Proration = Literal["daily", "none"]
"""How a retainer prices a partial period: by days covered, or the full fee for any part."""

_MONTHS: Final[Mapping[str, int]] = MappingProxyType({"month": 1, "quarter": 3, "year": 12})
_ZERO: Final = Decimal(0)
_HOURS_QUANTUM: Final = Decimal("0.01")


# ------------------------------------------------------------------------------------ helpers


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _end_date(value: object) -> pendulum.Date:
    return to_date(value, "end")


def _on_date(value: object) -> pendulum.Date:
    return to_date(value, "on")


def _accepted_date(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "accepted_on")


def _to_due(value: object) -> pendulum.Date | DeadlineRule | None:
    """A milestone's ``due``: ``None``, a deadline rule, or a date (a datetime is refused)."""
    if value is None or isinstance(value, DeadlineRule):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return to_date(value, "due")
    raise ValidationError("due", value, "a date, a deadline rule or None")


def _check_money(
    field: str, value: object, *, positive: bool = False, rounded: bool = True
) -> Money:
    if not isinstance(value, Money):
        raise ValidationError(field, value, "a Money")
    if rounded and not value.is_rounded:
        raise ValidationError(field, value, "an amount rounded to the currency's minor unit")
    if positive and value.amount <= 0:
        raise ValidationError(field, value, "a positive amount")
    if not positive and value.amount < 0:
        raise ValidationError(field, value, "an amount of zero or more")
    return value


def _to_hours(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise ValidationError("hours", value, "a Decimal, int or numeric str (never a float)")
    try:
        hours = Decimal(value)
    except ArithmeticError:
        raise ValidationError("hours", value, "a Decimal, int or numeric str") from None
    if not hours.is_finite() or hours < 0:
        raise ValidationError("hours", value, "a finite number of hours, zero or more")
    return hours


def _to_optional_hours(value: object) -> Decimal | None:
    return None if value is None else _to_hours(value)


def _check_rate(field: str, value: object, *, below_one: bool = False) -> None:
    if not isinstance(value, Rate):
        raise ValidationError(field, value, "a Rate")
    if value.value < 0 or (below_one and value.value >= 1):
        raise ValidationError(
            field,
            value,
            "a Rate from 0 up to (not including) 1" if below_one else "a Rate of 0 or more",
        )


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _days_in_month(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


# ------------------------------------------------------------------------------- periods


@attrs.frozen
class BillingPeriod:
    """A stretch of days, both ends included: what an invoice or a fee covers.

    >>> import pendulum
    >>> p = BillingPeriod(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
    >>> p.days, p.contains(pendulum.date(2026, 1, 9))
    (23, True)
    >>> str(p)
    '2026-01-09..2026-01-31'
    """

    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(converter=_end_date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        """How many days the period covers (both ends included)."""
        return (self.end - self.start).days + 1

    def contains(self, day: _dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        d = to_date(day, "day")
        return self.start <= d <= self.end

    def overlaps(self, other: BillingPeriod) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: BillingPeriod) -> BillingPeriod | None:
        """The days both periods cover, or ``None``."""
        if not self.overlaps(other):
            return None
        return BillingPeriod(max(self.start, other.start), min(self.end, other.end))


def _calendar_period(day: pendulum.Date, every: Every) -> BillingPeriod:
    step = _MONTHS[every]
    first_month = (day.month - 1) // step * step + 1
    last_year, last_month = _add_months(day.year, first_month, step - 1)
    return BillingPeriod(
        pendulum.Date(day.year, first_month, 1),
        pendulum.Date(last_year, last_month, _days_in_month(last_year, last_month)),
    )


def _check_every(value: object) -> None:
    if value not in _MONTHS:
        raise ValidationError("every", value, "one of 'month', 'quarter', 'year'")


def calendar_periods(
    start: _dt.date, end: _dt.date, every: Every = "month"
) -> tuple[BillingPeriod, ...]:
    """Cut ``start..end`` at calendar month (quarter, year) boundaries (each day once).

    >>> import pendulum
    >>> [str(p) for p in calendar_periods(pendulum.date(2026, 1, 9), pendulum.date(2026, 3, 8))]
    ['2026-01-09..2026-01-31', '2026-02-01..2026-02-28', '2026-03-01..2026-03-08']
    >>> feb15, jul1 = pendulum.date(2026, 2, 15), pendulum.date(2026, 7, 1)
    >>> [str(p) for p in calendar_periods(feb15, jul1, "quarter")]
    ['2026-02-15..2026-03-31', '2026-04-01..2026-06-30', '2026-07-01..2026-07-01']
    """
    _check_every(every)
    span = BillingPeriod(start, end)
    tiles: list[BillingPeriod] = []
    day = span.start
    while day <= span.end:
        period = _calendar_period(day, every)
        tiles.append(BillingPeriod(day, min(period.end, span.end)))
        day = period.end.add(days=1)
    return tuple(tiles)


# ----------------------------------------------------------------------------- retainers


@attrs.frozen(kw_only=True)
class RetainerSegment:
    """The part of a retainer fee for the days of one calendar period that a bill covers.

    ``days`` of the ``period_days`` of ``period`` (the calendar month, quarter or year) are covered,
    from ``start`` to ``end``; ``amount`` is their share of the fee (see the module's proration
    rule); ``included_hours`` the hours of the allowance that come with them.

    >>> from accountexec.money import Money
    >>> import pendulum
    >>> retainer = Retainer(fee=Money("3100.00", "EUR"), included_hours=31)
    >>> (jan,) = retainer.segments(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
    >>> str(jan.period), jan.days, jan.period_days, jan.amount, jan.included_hours
    ('2026-01-01..2026-01-31', 23, 31, Money('2300.00', 'EUR'), Decimal('23.00'))
    """

    period: BillingPeriod
    start: pendulum.Date
    end: pendulum.Date
    amount: Money
    included_hours: Decimal | None = None

    @property
    def days(self) -> int:
        """Days covered by the segment."""
        return (self.end - self.start).days + 1

    @property
    def period_days(self) -> int:
        """Days in the whole calendar period."""
        return self.period.days


@attrs.frozen
class Retainer:
    """A fixed fee per calendar period for agreed work, prorated by day when a period is cut short.

    ``included_hours`` per period come with the fee; hours beyond them are billed at
    ``overage_rate`` (or only reported when there is no rate); with ``carry_over`` the unused hours
    of a period are added to the next period's allowance (surplus carries over; a deficit is billed
    as overage, never carried). In a period the term covers only in part, the included hours are
    prorated like the fee (to the hundredth of an hour, half up).

    >>> from accountexec.money import Money
    >>> import pendulum
    >>> r = Retainer(fee=Money("10000.00", "EUR"))
    >>> r.amount_for(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
    Money('7419.35', 'EUR')
    >>> r.amount_for(pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 8))
    Money('2580.65', 'EUR')
    >>> Retainer(fee=Money("10000.00", "EUR"), proration="none").amount_for(
    ...     pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
    Money('10000.00', 'EUR')
    """

    fee: Money = attrs.field()
    every: Every = attrs.field(default="month")
    proration: Proration = attrs.field(default="daily")
    included_hours: Decimal | None = attrs.field(default=None, converter=_to_optional_hours)
    overage_rate: Money | None = attrs.field(default=None)
    carry_over: bool = attrs.field(default=False)
    name: str = attrs.field(default="retainer", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    @fee.validator
    def _check_fee(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_money("fee", value, positive=True)

    @every.validator
    def _check_every_field(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_every(value)

    @proration.validator
    def _check_proration(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in get_args(Proration):
            raise ValidationError("proration", value, "'daily' or 'none'")

    @overage_rate.validator
    def _check_overage(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        rate = _check_money("overage_rate", value, rounded=False)
        if rate.currency != self.fee.currency:
            raise ValidationError("overage_rate", value, f"an amount in {self.fee.currency.code}")
        if self.included_hours is None:
            raise ValidationError(
                "overage_rate", value, "None unless the retainer includes hours (included_hours)"
            )

    @carry_over.validator
    def _check_carry(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("carry_over", value, "True or False")
        if value and self.included_hours is None:
            raise ValidationError(
                "carry_over", value, "False unless the retainer includes hours (included_hours)"
            )

    @property
    def currency(self) -> Currency:
        """The currency the retainer bills in."""
        return self.fee.currency

    def _piece(self, period: BillingPeriod, start: pendulum.Date, end: pendulum.Date) -> Money:
        total = period.days
        before = (start - period.start).days
        through = before + (end - start).days + 1
        upto = (self.fee * through / total).round()
        if not before:
            return upto
        return upto - (self.fee * before / total).round()

    def segments(
        self, start: _dt.date, end: _dt.date, *, term_start: _dt.date | None = None
    ) -> tuple[RetainerSegment, ...]:
        """The fee for ``start..end`` cut into calendar periods, each with its amount.

        Under ``proration="none"`` a calendar period's whole fee goes to the segment holding the
        first day of that period that the term covers (``term_start`` tells where the term begins;
        it defaults to ``start``), so any tiling of a term bills each period touched exactly once.

        >>> from accountexec.money import Money
        >>> import pendulum
        >>> r = Retainer(fee=Money("3100.00", "EUR"))
        >>> for s in r.segments(pendulum.date(2026, 1, 9), pendulum.date(2026, 2, 14)):
        ...     print(s.period, s.days, s.amount)
        2026-01-01..2026-01-31 23 2300.00 EUR
        2026-02-01..2026-02-28 14 1550.00 EUR
        """
        first = to_date(term_start, "term_start") if term_start is not None else None
        result: list[RetainerSegment] = []
        for tile in calendar_periods(start, end, self.every):
            period = _calendar_period(tile.start, self.every)
            if self.proration == "daily":
                amount = self._piece(period, tile.start, tile.end)
            else:
                opening = max(period.start, first) if first is not None else tile.start
                amount = self.fee if tile.contains(opening) else Money.zero(self.fee.currency)
            result.append(
                RetainerSegment(
                    period=period,
                    start=tile.start,
                    end=tile.end,
                    amount=amount,
                    included_hours=self._included(period, tile),
                )
            )
        return tuple(result)

    def _included(self, period: BillingPeriod, tile: BillingPeriod) -> Decimal | None:
        if self.included_hours is None:
            return None
        if self.proration == "none" or tile.days == period.days:
            return self.included_hours
        share = DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(self.included_hours, Decimal(tile.days)), Decimal(period.days)
        )
        return share.quantize(_HOURS_QUANTUM, rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)

    def amount_for(
        self, start: _dt.date, end: _dt.date, *, term_start: _dt.date | None = None
    ) -> Money:
        """The fee for the days ``start..end`` (see :meth:`segments`)."""
        return Money.sum(
            (s.amount for s in self.segments(start, end, term_start=term_start)), self.currency
        )

    def hours(
        self, term: BillingPeriod, used: Mapping[BillingPeriod, Decimal]
    ) -> tuple[RetainerHours, ...]:
        """Replay the hour allowance over the term's calendar periods, carrying surplus if agreed.

        ``used`` maps calendar periods (as :meth:`segments` reports them) to the hours worked.

        >>> from accountexec.money import Money
        >>> import pendulum
        >>> r = Retainer(fee=Money("5000.00", "EUR"), included_hours=40,
        ...              overage_rate=Money("120.00", "EUR"), carry_over=True)
        >>> term = BillingPeriod(pendulum.date(2026, 1, 1), pendulum.date(2026, 3, 31))
        >>> jan, feb, mar = (s.period for s in r.segments(term.start, term.end))
        >>> rows = r.hours(term, {jan: Decimal(30), feb: Decimal(55), mar: Decimal(41)})
        >>> for h in rows:
        ...     print(h.allowance, h.used, h.overage, h.carried_out, h.overage_amount)
        40 30 0 10 0.00 EUR
        50 55 5 0 600.00 EUR
        40 41 1 0 120.00 EUR
        """
        rows: list[RetainerHours] = []
        carried = _ZERO
        for segment in self.segments(term.start, term.end, term_start=term.start):
            included = segment.included_hours if segment.included_hours is not None else _ZERO
            allowance = DECIMAL_CONTEXT.add(included, carried)
            worked = used.get(segment.period, _ZERO)
            over = max(_ZERO, DECIMAL_CONTEXT.subtract(worked, allowance))
            left = max(_ZERO, DECIMAL_CONTEXT.subtract(allowance, worked))
            carried = left if self.carry_over else _ZERO
            amount = (
                (self.overage_rate * over).round()
                if self.overage_rate is not None
                else Money.zero(self.currency)
            )
            rows.append(
                RetainerHours(
                    period=segment.period,
                    start=segment.start,
                    end=segment.end,
                    allowance=allowance,
                    used=worked,
                    overage=over,
                    carried_out=carried,
                    overage_amount=amount,
                )
            )
        return tuple(rows)


@attrs.frozen(kw_only=True)
class RetainerHours:
    """A calendar period of a retainer's hours: allowance (included + carried in), use, overage."""

    period: BillingPeriod
    start: pendulum.Date
    end: pendulum.Date
    allowance: Decimal
    used: Decimal
    overage: Decimal
    carried_out: Decimal
    overage_amount: Money


# ---------------------------------------------------------------------------- milestones


@attrs.frozen(init=False)
class Milestone:
    """A billable event: a fixed ``amount`` or a ``portion`` of the contract value.

    A milestone is billed on acceptance. Positionally it reads as the issue writes it,
    ``Milestone(name, amount or portion, due, accepted_on)``: a :class:`~accountexec.money.Rate`
    given as the second argument is the portion (``portion=`` names it too).

    ``due`` is when it is planned: a date, or a deadline rule counted from the contract's start
    (``BusinessDays(20)``); ``accepted_on`` the day the client accepted it, when known (acceptances
    can also be passed to :func:`bill`). Portions of one contract are turned into amounts together
    with :meth:`Money.allocate`, so portions that add up to 100% bill the contract value exactly.

    >>> from accountexec.money import Money, Rate
    >>> Milestone(name="design", portion=Rate.percent(30)).portion
    Rate('0.30')
    >>> from accountexec.deadlines import BusinessDays
    >>> Milestone("design", Rate.percent(30), BusinessDays(20))
    Milestone(name='design', amount=None, portion=Rate('0.30'), due=BusinessDays(n=20), ...)
    >>> Milestone(name="launch", amount=Money("5000.00", "EUR"), portion=Rate.percent(10))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'portion': Rate('0.10'); expected ...
    """

    name: str = attrs.field(validator=check_text)
    amount: Money | None = attrs.field(default=None)
    portion: Rate | None = attrs.field(default=None)
    due: pendulum.Date | DeadlineRule | None = attrs.field(default=None, converter=_to_due)
    accepted_on: pendulum.Date | None = attrs.field(default=None, converter=_accepted_date)
    tower: str | None = attrs.field(default=None, validator=check_optional_name)

    def __init__(
        self,
        name: str,
        amount: Money | Rate | None = None,
        due: _dt.date | DeadlineRule | None = None,
        accepted_on: _dt.date | None = None,
        *,
        portion: Rate | None = None,
        tower: str | None = None,
    ) -> None:
        fixed: Money | None = None
        if isinstance(amount, Rate) and portion is None:
            portion = amount
        else:
            fixed = cast("Money | None", amount)
        self.__attrs_init__(name, fixed, portion, cast("Any", due), accepted_on, tower)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _check_money("amount", value, positive=True)

    @portion.validator
    def _check_portion(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if (value is None) == (self.amount is None):
            raise ValidationError(
                "portion", value, "exactly one of amount (a Money) and portion (a Rate)"
            )
        if value is not None and (not isinstance(value, Rate) or not 0 < value.value <= 1):
            raise ValidationError("portion", value, "a Rate above 0 and at most 1 (100%)")

    @property
    def currency(self) -> Currency | None:
        """The currency of a fixed amount (``None`` for a portion)."""
        return None if self.amount is None else self.amount.currency

    def due_on(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date | None:
        """The planned date: ``due`` itself, or the rule counted from ``start`` (the contract's).

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> m = Milestone(name="go-live", amount=Money("1.00", "EUR"),
        ...               due=pendulum.date(2026, 6, 1))
        >>> m.due_on(pendulum.date(2026, 1, 1))
        Date(2026, 6, 1)
        """
        if self.due is None:
            return None
        if isinstance(self.due, _dt.date):
            return to_date(self.due, "due")
        return to_date(self.due.due(to_date(start, "start"), calendar), "due")


@attrs.frozen
class Acceptance:
    """The client accepted milestone ``milestone`` on ``on``.

    >>> import pendulum
    >>> Acceptance("design", pendulum.date(2026, 3, 2))
    Acceptance(milestone='design', on=Date(2026, 3, 2))
    """

    milestone: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=_on_date)


# ------------------------------------------------------------------- time and materials


@attrs.frozen(init=False)
class TimeEntry:
    """Hours worked by ``person`` in ``role`` on a day: ``TimeEntry(person, role, date, hours)``.

    The day is stored as ``on`` (like :class:`Expense` and :class:`MediaPlacement`) and can be
    given as ``date=`` or ``on=``; :attr:`date` reads it back. ``arrangement`` names the
    arrangement that takes the hours when several could.

    >>> import pendulum
    >>> entry = TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), "7.5")
    >>> entry.hours, entry.date
    (Decimal('7.5'), Date(2026, 3, 2))
    >>> entry == TimeEntry(person="ana", role="designer", on=pendulum.date(2026, 3, 2), hours="7.5")
    True
    """

    person: str = attrs.field(validator=check_text)
    role: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=_on_date)
    hours: Decimal = attrs.field(converter=_to_hours)
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)

    def __init__(
        self,
        person: str,
        role: str,
        date: _dt.date | None = None,
        hours: Decimal | int | str | None = None,
        *,
        on: _dt.date | None = None,
        arrangement: str | None = None,
    ) -> None:
        if (date is None) == (on is None):
            raise ValidationError(
                "date", date if on is None else (date, on), "the day worked, as date= (or on=)"
            )
        if hours is None:
            raise ValidationError("hours", hours, "the hours worked (a Decimal, int or str)")
        self.__attrs_init__(person, role, on if date is None else date, hours, arrangement)

    @property
    def date(self) -> pendulum.Date:
        """The day worked (the issue's name for :attr:`on`)."""
        return self.on


@attrs.frozen(kw_only=True)
class Expense:
    """A third-party cost passed on to the client.

    Billed at cost under :class:`TimeAndMaterials`, marked up under a :class:`Markup`.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> Expense(description="print run", on=pendulum.date(2026, 3, 4),
    ...         amount=Money("800.00", "EUR")).amount
    Money('800.00', 'EUR')
    """

    description: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=_on_date)
    amount: Money = attrs.field()
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_money("amount", value)


def _to_rate_table(
    value: Mapping[str, Money] | Iterable[tuple[str, Money]],
) -> tuple[tuple[str, Money], ...]:
    items = value.items() if isinstance(value, Mapping) else to_sequence("rates", value)
    pairs = []
    for item in items:
        if isinstance(item, str) or not isinstance(item, Iterable):
            raise ValidationError("rates", item, "role names (text) mapped to hourly rates")
        pairs.append(tuple(item))
    return tuple(sorted(pairs, key=lambda pair: str(pair[0])))


@attrs.frozen(kw_only=True)
class RoleTime:
    """Hours of one role in a bill: ``hours × rate = amount`` (rounded half up, as a line is).

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(rates={"designer": Money("95.125", "EUR")})
    >>> day = pendulum.date(2026, 3, 2)
    >>> (designer,) = tm.charge([TimeEntry("ana", "designer", day, 2),
    ...                          TimeEntry("ben", "designer", day, "0.5")]).time
    >>> designer.role, designer.hours, designer.amount
    ('designer', Decimal('2.5'), Money('237.81', 'EUR'))
    """

    role: str
    hours: Decimal
    rate: Money
    amount: Money


@attrs.frozen(kw_only=True)
class TimeAndMaterialsCharge:
    """What time and materials bill for a period: time per role, expenses, and what a cap held back.

    ``uncapped`` is the time and expenses at their rates; ``billed`` what may be billed under the
    cap (``uncapped`` when there is none); ``excess`` the rest, reported and not billed.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(rates={"designer": Money("100.00", "EUR")},
    ...                       cap=Money("5000.00", "EUR"))
    >>> day = pendulum.date(2026, 3, 2)
    >>> charge = tm.charge([TimeEntry("ana", "designer", day, 8)],
    ...                    [Expense(description="prints", on=day, amount=Money("150.00", "EUR"))],
    ...                    billed_before=Money("4500.00", "EUR"))
    >>> charge.uncapped, charge.billed, charge.excess
    (Money('950.00', 'EUR'), Money('500.00', 'EUR'), Money('450.00', 'EUR'))
    """

    time: tuple[RoleTime, ...]
    expenses: tuple[Expense, ...]
    uncapped: Money
    billed: Money
    excess: Money


@attrs.frozen(repr=False)
class TimeAndMaterials:
    """Hours billed at a rate per role, plus expenses at cost, up to an optional ``cap``.

    The cap is a not-to-exceed amount over the whole contract: once what was billed before plus this
    period's charge would pass it, billing stops at the cap and the rest is reported as ``excess``.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(rates={"designer": Money("95.00", "EUR")},
    ...                       cap=Money("1000.00", "EUR"))
    >>> day = pendulum.date(2026, 3, 2)
    >>> charge = tm.charge([TimeEntry(person="ana", role="designer", on=day, hours=12)])
    >>> charge.uncapped, charge.billed, charge.excess
    (Money('1140.00', 'EUR'), Money('1000.00', 'EUR'), Money('140.00', 'EUR'))
    """

    _rates: tuple[tuple[str, Money], ...] = attrs.field(converter=_to_rate_table, alias="rates")
    cap: Money | None = attrs.field(default=None)
    name: str = attrs.field(default="time_and_materials", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    @_rates.validator
    def _check_rates(
        self, attribute: attrs.Attribute[Any], value: tuple[tuple[Any, ...], ...]
    ) -> None:
        if not value:
            raise ValidationError("rates", value, "at least one role with its hourly rate")
        currencies = set()
        for pair in value:
            if len(pair) != 2 or not isinstance(pair[0], str) or not pair[0].strip():
                raise ValidationError("rates", pair, "role names (text) mapped to hourly rates")
            _check_money(f"rates[{pair[0]!r}]", pair[1], positive=True, rounded=False)
            currencies.add(pair[1].currency)
        if len(currencies) > 1:
            raise ValidationError("rates", value, "rates in one currency")
        if len({role for role, _rate in value}) != len(value):
            raise ValidationError("rates", value, "one rate per role")

    @cap.validator
    def _check_cap(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        cap = _check_money("cap", value, positive=True)
        if cap.currency != self.currency:
            raise ValidationError("cap", value, f"an amount in {self.currency.code}")

    def __repr__(self) -> str:
        return (
            f"TimeAndMaterials(rates={dict(self._rates)!r}, cap={self.cap!r}, "
            f"name={self.name!r}, tower={self.tower!r})"
        )

    @property
    def rates(self) -> Mapping[str, Money]:
        """The hourly rate per role, read-only."""
        return MappingProxyType(dict(self._rates))

    @property
    def currency(self) -> Currency:
        """The currency of the rates."""
        return self._rates[0][1].currency

    def charge(
        self,
        entries: Iterable[TimeEntry] = (),
        expenses: Iterable[Expense] = (),
        *,
        billed_before: Money | None = None,
    ) -> TimeAndMaterialsCharge:
        """Price ``entries`` and ``expenses`` and apply the cap given what was ``billed_before``."""
        rates = self.rates
        hours: dict[str, Decimal] = {}
        for entry in entries:
            if entry.role not in rates:
                raise ValidationError(
                    "role", entry.role, f"one of the roles with a rate: {sorted(rates)}"
                )
            hours[entry.role] = DECIMAL_CONTEXT.add(hours.get(entry.role, _ZERO), entry.hours)
        time = tuple(
            RoleTime(role=role, hours=h, rate=rates[role], amount=(rates[role] * h).round())
            for role, h in sorted(hours.items())
        )
        kept = tuple(expenses)
        for expense in kept:
            if expense.amount.currency != self.currency:
                raise ValidationError(
                    "expense", expense.amount, f"an amount in {self.currency.code}"
                )
        zero = Money.zero(self.currency)
        uncapped = Money.sum(
            [t.amount for t in time] + [e.amount.round() for e in kept], self.currency
        )
        billed = uncapped
        if self.cap is not None:
            before = zero if billed_before is None else billed_before
            room = max(zero, self.cap - before)
            billed = min(uncapped, room)
        return TimeAndMaterialsCharge(
            time=time, expenses=kept, uncapped=uncapped, billed=billed, excess=uncapped - billed
        )


# ---------------------------------------------------------------------- media and markup


@attrs.frozen(kw_only=True)
class MediaCharge:
    """One media buy priced under commission: ``billed == cost + margin`` to the cent.

    ``gross`` is the media's gross value (the commission base unless the rebate lowers it),
    ``rebate`` what the client is let off, ``billed`` what the client pays (gross − rebate),
    ``commission`` the agency's share (its margin), ``net`` what the media owner is paid.

    >>> from accountexec.money import Money, Rate
    >>> c = MediaCommission(rate=Rate.percent(15)).commission(Money("10000.00", "EUR"),
    ...                                                       rebate=Money("500.00", "EUR"))
    >>> c.billed, c.cost, c.margin, c.billed == c.cost + c.margin
    (Money('9500.00', 'EUR'), Money('8000.00', 'EUR'), Money('1500.00', 'EUR'), True)
    >>> c.margin_rate.value.quantize(Decimal("0.0001"))
    Decimal('0.1579')
    """

    gross: Money
    rebate: Money
    commission: Money
    net: Money

    @property
    def billed(self) -> Money:
        """What the client pays: the gross less the rebate."""
        return self.gross - self.rebate

    @property
    def cost(self) -> Money:
        """What the agency pays out: the media owner's net."""
        return self.net

    @property
    def margin(self) -> Money:
        """What the agency keeps: the commission."""
        return self.commission

    @property
    def margin_rate(self) -> Rate:
        """The margin as a share of what the client pays."""
        return _margin_rate(self.margin, self.billed)


@attrs.frozen(kw_only=True)
class MarkupCharge:
    """A net cost with a markup: ``billed == net + markup`` to the cent.

    >>> from accountexec.money import Money, Rate
    >>> c = Markup(rate=Rate.percent(20)).apply(Money("800.00", "EUR"))
    >>> c.net, c.markup, c.billed, c.cost + c.margin == c.billed
    (Money('800.00', 'EUR'), Money('160.00', 'EUR'), Money('960.00', 'EUR'), True)
    """

    net: Money
    markup: Money

    @property
    def billed(self) -> Money:
        """What the client pays."""
        return self.net + self.markup

    @property
    def cost(self) -> Money:
        """What the agency pays out."""
        return self.net

    @property
    def margin(self) -> Money:
        """What the agency keeps: the markup."""
        return self.markup

    @property
    def margin_rate(self) -> Rate:
        """The margin as a share of what the client pays."""
        return _margin_rate(self.margin, self.billed)


def _margin_rate(margin: Money, billed: Money) -> Rate:
    if not billed.amount:
        return Rate(0)
    return Rate(margin / billed)


@attrs.frozen
class MediaCommission:
    """Media billed under commission: the agency keeps ``rate`` of the gross (15% classically).

    A rebate lowers what the client pays but not the commission base, unless
    ``rebate_reduces_base``. All results are rounded half up to the currency's minor unit, and the
    net is always derived as ``gross − rebate − commission``, so the three add up exactly.

    >>> from accountexec.money import Money, Rate
    >>> media = MediaCommission(rate=Rate.percent(15))
    >>> c = media.commission(Money("10000.00", "EUR"))
    >>> c.billed, c.net, c.margin
    (Money('10000.00', 'EUR'), Money('8500.00', 'EUR'), Money('1500.00', 'EUR'))
    >>> up = media.gross_up(Money("100.00", "EUR"))
    >>> up.gross, up.commission, up.net
    (Money('117.65', 'EUR'), Money('17.65', 'EUR'), Money('100.00', 'EUR'))
    >>> Markup(rate=media.equivalent_markup()).apply(Money("100.00", "EUR")).billed
    Money('117.65', 'EUR')
    """

    rate: Rate = attrs.field(factory=lambda: Rate.percent(15))
    rebate_reduces_base: bool = attrs.field(default=False, kw_only=True)
    name: str = attrs.field(default="media", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    @rate.validator
    def _check_commission(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_rate("rate", value, below_one=True)

    @rebate_reduces_base.validator
    def _check_flag(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("rebate_reduces_base", value, "True or False")

    @property
    def currency(self) -> None:
        """A commission has no currency of its own (it applies to any)."""
        return None

    def commission(self, gross: Money, rebate: Money | None = None) -> MediaCharge:
        """Commission mode: the client is billed the gross (less any rebate); the agency keeps c·G.

        >>> from accountexec.money import Money, Rate
        >>> media = MediaCommission(rate=Rate.percent(15))
        >>> c = media.commission(Money("10000.00", "EUR"), rebate=Money("500.00", "EUR"))
        >>> c.billed, c.commission, c.net
        (Money('9500.00', 'EUR'), Money('1500.00', 'EUR'), Money('8000.00', 'EUR'))
        >>> c = MediaCommission(rebate_reduces_base=True).commission(
        ...     Money("10000.00", "EUR"), rebate=Money("500.00", "EUR"))
        >>> c.billed, c.commission, c.net
        (Money('9500.00', 'EUR'), Money('1425.00', 'EUR'), Money('8075.00', 'EUR'))
        """
        _check_money("gross", gross)
        off = Money.zero(gross.currency) if rebate is None else rebate
        _check_money("rebate", off)
        if off.currency != gross.currency:
            raise ValidationError("rebate", off, f"an amount in {gross.currency.code}")
        if off > gross:
            raise ValidationError("rebate", off, f"at most the gross {gross!r}")
        base = gross - off if self.rebate_reduces_base else gross
        commission = (base * self.rate).round()
        return MediaCharge(
            gross=gross.round(),
            rebate=off.round(),
            commission=commission,
            net=gross.round() - off.round() - commission,
        )

    def gross_up(self, net: Money) -> MediaCharge:
        """Gross a net media cost up: ``gross = round(net / (1 − c))``, commission the difference.

        ``commission(gross_up(net).gross).net == net`` always (the round trip from a net is exact).
        """
        _check_money("net", net)
        gross = (net / self.rate.complement()).round()
        return MediaCharge(
            gross=gross, rebate=Money.zero(net.currency), commission=gross - net, net=net.round()
        )

    def equivalent_markup(self) -> Rate:
        """The markup on net that bills what this commission does: ``c / (1 − c)``."""
        return self.rate / self.rate.complement().value


@attrs.frozen
class Markup:
    """A markup on net third-party costs (production): ``billed = net·(1 + m)``, rounded half up.

    >>> from accountexec.money import Money, Rate
    >>> c = Markup(rate=Rate.percent(20)).apply(Money("800.00", "EUR"))
    >>> c.billed, c.margin
    (Money('960.00', 'EUR'), Money('160.00', 'EUR'))
    """

    rate: Rate = attrs.field()
    name: str = attrs.field(default="production", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    @rate.validator
    def _check_markup(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_rate("rate", value)

    @property
    def currency(self) -> None:
        """A markup has no currency of its own (it applies to any)."""
        return None

    def apply(self, net: Money) -> MarkupCharge:
        """Mark a net cost up."""
        _check_money("net", net)
        return MarkupCharge(net=net.round(), markup=(net * self.rate).round())


@attrs.frozen(kw_only=True)
class MediaPlacement:
    """A media buy for the client, at its ``gross`` (rate card) value or at the owner's ``net``.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> MediaPlacement(description="TV spots", on=pendulum.date(2026, 3, 9),
    ...                gross=Money("10000.00", "EUR")).gross
    Money('10000.00', 'EUR')
    """

    description: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=_on_date)
    gross: Money | None = attrs.field(default=None)
    net: Money | None = attrs.field(default=None)
    rebate: Money | None = attrs.field(default=None)
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)

    def __attrs_post_init__(self) -> None:
        if (self.gross is None) == (self.net is None):
            raise ValidationError("gross", self.gross, "exactly one of gross and net")
        amount = _check_money(
            "gross" if self.gross is not None else "net",
            self.gross if self.gross is not None else self.net,
        )
        if self.rebate is not None:
            _check_money("rebate", self.rebate)
            if self.net is not None:
                raise ValidationError("rebate", self.rebate, "None for a placement priced at net")
            if self.rebate.currency != amount.currency or self.rebate > amount:
                raise ValidationError("rebate", self.rebate, f"at most {amount!r}")

    @property
    def currency(self) -> Currency:
        """The placement's currency."""
        amount = self.gross if self.gross is not None else self.net
        return cast("Money", amount).currency

    def price(self, media: MediaCommission) -> MediaCharge:
        """The placement priced under ``media``'s commission."""
        if self.gross is not None:
            return media.commission(self.gross, self.rebate)
        return media.gross_up(cast("Money", self.net))


Arrangement: TypeAlias = Retainer | Milestone | TimeAndMaterials | MediaCommission | Markup
"""Any billing arrangement a contract may carry."""

ARRANGEMENT_TYPES: Final = (Retainer, Milestone, TimeAndMaterials, MediaCommission, Markup)


# -------------------------------------------------------------------------------- billing

_TAG: Final = LINE_REFERENCE  # `` [contract|arrangement|start..end|kind]``, see _Lines.add
LineKind = Literal["fee", "overage", "milestone", "time", "expense", "capped", "media", "markup"]
"""What a billed line is for: a retainer fee or its overage, a milestone, time, an expense, capped
time and materials, media, or a marked-up cost."""

LINE_KINDS: Final[tuple[LineKind, ...]] = get_args(LineKind)


class _Derived(Enum):
    """The default of :func:`bill`'s ``last_number``: numbers derived from what is billed."""

    DERIVED = "derived"

    def __repr__(self) -> str:
        return "<numbers derived from the contract and period>"


_DERIVED: Final = _Derived.DERIVED

_BILLABLE: Final = frozenset({"signed", "active", "expired", "terminated", "renewed"})


@attrs.frozen(kw_only=True)
class BilledLine:
    """What an invoice line produced by :func:`bill` says it bills: contract, arrangement, days.

    :func:`bill` ends each line's description with ``[contract|arrangement|start..end|kind]``;
    this is that reference read back, with the invoice's number and date and the line's net
    amount. ``kind`` is one of :data:`LINE_KINDS`.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-1", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> (jan,) = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31), last_number=None)
    >>> (line,) = billed_lines([jan])
    >>> line.invoice, line.contract_id, line.arrangement, str(line.period), line.kind, line.net
    ('INV-000001', 'CT-1', 'retainer', '2026-01-01..2026-01-31', 'fee', Money('1000.00', 'EUR'))
    """

    invoice: str
    issued_on: pendulum.Date
    contract_id: str
    arrangement: str
    period: BillingPeriod
    kind: LineKind
    net: Money


def billed_lines(
    invoices: Iterable[Invoice], contract_id: str | None = None
) -> tuple[BilledLine, ...]:
    """The lines of ``invoices`` that :func:`bill` produced (void invoices left out).

    Only lines whose description carries a billing reference count; ``contract_id`` keeps those
    of one contract.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-2", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> billed = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 2, 28), last_number=None)
    >>> by_hand = Invoice(number="INV-9", client_id="acme", currency="EUR",
    ...                   issued_on=pendulum.date(2026, 2, 28), terms=PaymentTerms.net(30),
    ...                   lines=[InvoiceLine(description="Extra work", quantity=1,
    ...                                      unit_price=Money("10.00", "EUR"))])
    >>> [(line.invoice, line.kind, line.net) for line in billed_lines([*billed, by_hand], "CT-2")]
    [('INV-000001', 'fee', Money('1000.00', 'EUR')), ('INV-000001', 'fee', Money('1000.00', 'EUR'))]
    >>> billed_lines(billed, "CT-3")
    ()
    """
    found: list[BilledLine] = []
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        if invoice.status is InvoiceStatus.VOID:
            continue
        for line, amounts in zip(invoice.lines, invoice.line_amounts(), strict=True):
            match = _TAG.search(line.description)
            if match is None or (contract_id is not None and match["contract"] != contract_id):
                continue
            found.append(
                BilledLine(
                    invoice=invoice.number,
                    issued_on=invoice.issued_on,
                    kind=cast("LineKind", match["kind"]),
                    contract_id=match["contract"],
                    arrangement=match["arrangement"],
                    period=BillingPeriod(
                        _dt.date.fromisoformat(match["start"]), _dt.date.fromisoformat(match["end"])
                    ),
                    net=amounts.net,
                )
            )
    return tuple(found)


def already_billed(
    contract: Contract, invoices: Iterable[Invoice], period_start: _dt.date, period_end: _dt.date
) -> tuple[BilledLine, ...]:
    """The lines of ``invoices`` billing some day of ``period_start..period_end`` for ``contract``.

    Empty (falsy) when the period was never billed; void invoices do not count.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.invoices import InvoiceNumbering
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-9", client_id="acme", title="Retainer", value=Money("12000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> jan = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31), last_number=None)
    >>> lines = already_billed(c, jan, pendulum.date(2026, 1, 15), pendulum.date(2026, 2, 15))
    >>> [(line.invoice, line.arrangement, str(line.period)) for line in lines]
    [('INV-000001', 'retainer', '2026-01-01..2026-01-31')]
    >>> already_billed(c, jan, pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28))
    ()
    """
    period = BillingPeriod(period_start, period_end)
    return tuple(
        line for line in billed_lines(invoices, contract.id) if line.period.overlaps(period)
    )


def billing_periods(
    contract: Contract, every: Every = "month", *, until: _dt.date | None = None
) -> tuple[BillingPeriod, ...]:
    """The calendar periods that tile the contract's term (to its last day, or ``until``).

    Every day of the term is in exactly one period; the first and last may be partial.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-8", client_id="acme", title="Retainer", value=Money("3.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=3)
    >>> for period in billing_periods(c):
    ...     print(period)
    2026-01-09..2026-01-31
    2026-02-01..2026-02-28
    2026-03-01..2026-03-31
    2026-04-01..2026-04-08
    """
    last = contract.last_day
    if until is not None:
        stop = to_date(until, "until")
        last = stop if last is None else min(last, stop)
    if last is None:
        raise ValidationError("until", until, "a date: the contract is open-ended")
    if last < contract.start:
        return ()
    return calendar_periods(contract.start, last, every)


def _route(contract: Contract, item: TimeEntry | Expense | MediaPlacement) -> str:
    if item.arrangement is not None:
        arrangement = contract.arrangement(item.arrangement)
        kinds = _TAKERS[type(item)]
        if not isinstance(arrangement, kinds) or not _takes(arrangement, item):
            raise ValidationError(
                "arrangement",
                item.arrangement,
                f"an arrangement that takes a {type(item).__name__}",
            )
        return item.arrangement
    names = [
        a.name
        for a in contract.arrangements
        if isinstance(a, _TAKERS[type(item)]) and _takes(a, item)
    ]
    if len(names) != 1:
        raise ValidationError(
            "arrangement",
            None,
            f"the name of the arrangement that takes this {type(item).__name__} "
            f"(the contract has {len(names)} that could: {names})",
        )
    return names[0]


def _takes(arrangement: Arrangement, item: object) -> bool:
    if isinstance(arrangement, Retainer):
        return arrangement.included_hours is not None
    return True


_TAKERS: Final[Mapping[type, tuple[type, ...]]] = MappingProxyType(
    {
        TimeEntry: (Retainer, TimeAndMaterials),
        Expense: (TimeAndMaterials, Markup),
        MediaPlacement: (MediaCommission,),
    }
)


def milestone_amounts(contract: Contract) -> Mapping[str, Money]:
    """The amount of each of the contract's milestones, by name.

    Portions of the contract value are allocated together (:meth:`Money.allocate`, with what no
    milestone claims as the last share), so portions adding up to 100% bill the value exactly.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money, Rate
    >>> thirds = [Milestone(name=n, portion=Rate("0.3333")) for n in ("a", "b", "c")]
    >>> c = Contract(id="C-11", client_id="acme", title="Build", value=Money("100.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), arrangements=thirds)
    >>> dict(milestone_amounts(c))
    {'a': Money('33.33', 'EUR'), 'b': Money('33.33', 'EUR'), 'c': Money('33.33', 'EUR')}
    """
    milestones = [a for a in contract.arrangements if isinstance(a, Milestone)]
    portions = [m for m in milestones if m.portion is not None]
    amounts = {m.name: m.amount for m in milestones if m.amount is not None}
    if portions:
        ratios = [cast("Rate", m.portion).value for m in portions]
        claimed = _ZERO
        for ratio in ratios:
            claimed = DECIMAL_CONTEXT.add(claimed, ratio)
        rest = DECIMAL_CONTEXT.subtract(Decimal(1), claimed)
        shares = contract.value.allocate([*ratios, rest])
        amounts.update({m.name: share for m, share in zip(portions, shares, strict=False)})
    return MappingProxyType(amounts)


def _label(period: BillingPeriod, every: Every) -> str:
    if every == "month":
        return f"{_MONTH_NAMES[period.start.month - 1]} {period.start.year}"
    if every == "quarter":
        return f"Q{(period.start.month - 1) // 3 + 1} {period.start.year}"
    return str(period.start.year)


_MONTH_NAMES: Final = tuple(_calendar.month_name[1:])


class _Lines:
    """The lines of one arrangement for one bill, each tagged with its reference."""

    def __init__(self, contract: Contract, name: str, period: BillingPeriod) -> None:
        self.contract = contract
        self.name = name
        self.period = period
        self.lines: list[InvoiceLine] = []

    def add(
        self,
        kind: LineKind,
        text: str,
        quantity: Decimal | int,
        unit_price: Money,
        period: BillingPeriod | None = None,
    ) -> None:
        tag = period if period is not None else self.period
        self.lines.append(
            InvoiceLine(
                description=f"{text} [{self.contract.id}|{self.name}|{tag}|{kind}]",
                quantity=quantity,
                unit_price=unit_price,
                taxes=self.contract.taxes,
            )
        )


def bill(
    contract: Contract,
    period_start: _dt.date,
    period_end: _dt.date,
    *,
    entries: Iterable[TimeEntry | Expense | MediaPlacement] = (),
    accepted: Iterable[Acceptance] = (),
    billed: Iterable[Invoice] = (),
    numbering: InvoiceNumbering | None = None,
    last_number: str | _Derived | None = _DERIVED,
    issued_on: _dt.date | None = None,
) -> tuple[Invoice, ...]:
    """Draft invoices for what ``contract`` earns in ``period_start..period_end``.

    - Retainers bill their fee for the days of the period inside the term (prorated per calendar
      period), and overage hours for each calendar period whose last day in the term falls in the
      billing period (hours are replayed from the term's start, so pass all the time entries).
    - Milestones bill when accepted in the period (``accepted`` or their own ``accepted_on``).
    - Time and materials bill the hours and expenses dated in the period, up to the cap given what
      ``billed`` invoices already billed; media placements and marked-up costs likewise by date.

    ``entries`` mixes :class:`TimeEntry`, :class:`Expense` and :class:`MediaPlacement` values; each
    goes to the arrangement it names, or to the only one that can take it. Each invoice line ends
    with a reference ``[contract|arrangement|start..end|kind]`` (see :class:`BilledLine`); an
    arrangement whose period appears in ``billed`` (not void) is skipped, so billing a period
    twice adds nothing, and a period that overlaps one billed before without matching it is
    refused. Invoices are dated ``issued_on`` (the period's last day by default), with the
    contract's payment terms; one per period or one per arrangement, as the contract says.

    **Numbers.** The library never invents a number from a clock or a global counter. Given
    ``last_number`` (``None`` for the very first), the invoices take the numbers after it with
    ``numbering`` (``InvoiceNumbering()`` by default), for a legal sequence. Without it, each draft
    is numbered from what it bills, deterministically: ``"<contract id>/<start>..<end>"`` for the
    period asked for, followed by ``"/<arrangement>"`` when the contract invoices per arrangement
    (``"C-10/2026-01-01..2026-01-31"``), so billing the same inputs again gives the same numbers;
    renumber a draft with ``attrs.evolve(draft, number=...)`` before issuing it if your sequence
    requires.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-10", client_id="acme", title="Retainer", value=Money("37200.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("3100.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> january = pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31)
    >>> (jan,) = bill(c, *january, last_number="INV-000041")
    >>> jan.number, jan.total
    ('INV-000042', Money('2300.00', 'EUR'))
    >>> text, reference = jan.lines[0].description.split(" [")
    >>> text
    'Retainer January 2026 (2026-01-09..2026-01-31, 23/31 days)'
    >>> reference
    'C-10|retainer|2026-01-09..2026-01-31|fee]'
    >>> bill(c, *january, billed=[jan], last_number="INV-000042")
    ()
    >>> [draft.number for draft in bill(c, *january)]
    ['C-10/2026-01-01..2026-01-31']
    """
    if contract.status.value not in _BILLABLE:
        raise ValidationError(
            "contract", contract.status.value, "a signed contract (not a draft or in negotiation)"
        )
    period = BillingPeriod(period_start, period_end)
    last = contract.last_day
    covered: BillingPeriod | None = None
    if last is None or last >= contract.start:
        term = BillingPeriod(
            contract.start, max(period.end, contract.start) if last is None else last
        )
        covered = period.intersection(term)
    acceptances = {a.milestone: a.on for a in to_sequence_of("accepted", Acceptance, accepted)}
    for name in acceptances:
        if not isinstance(contract.arrangement(name), Milestone):
            raise ValidationError("accepted", name, "the name of one of the contract's milestones")
    previous = billed_lines(to_sequence_of("billed", Invoice, billed), contract.id)
    routed: dict[str, list[Any]] = {a.name: [] for a in contract.arrangements}
    for item in to_sequence("entries", entries):
        if not isinstance(item, TimeEntry | Expense | MediaPlacement):
            raise ValidationError("entries", item, "TimeEntry, Expense or MediaPlacement values")
        routed[_route(contract, item)].append(item)
    groups: list[_Lines] = []
    for arrangement in contract.arrangements:
        lines = _Lines(contract, arrangement.name, covered if covered is not None else period)
        before = [b for b in previous if b.arrangement == arrangement.name]
        if isinstance(arrangement, Milestone):
            day = acceptances.get(arrangement.name, arrangement.accepted_on)
            if day is not None and period.contains(day) and not before:
                amount = milestone_amounts(contract)[arrangement.name]
                text = f"Milestone {arrangement.name} accepted on {day}"
                lines.add("milestone", text, 1, amount, BillingPeriod(day, day))
        elif covered is not None and not _billed_before(arrangement.name, covered, before):
            _usage_lines(lines, arrangement, covered, routed[arrangement.name], before)
        groups.append(lines)
    derived = f"{contract.id}/{period}"
    chunks = [(f"{derived}/{g.name}", g.lines) for g in groups if g.lines]
    if contract.invoicing == "grouped":
        chunks = [(derived, [line for _, chunk in chunks for line in chunk])] if chunks else []
    if numbering is not None and last_number is _DERIVED:
        raise ValidationError(
            "last_number", None, "the last number issued (or None for the first) with numbering="
        )
    numbers = numbering if numbering is not None else InvoiceNumbering()
    day = period.end if issued_on is None else to_date(issued_on, "issued_on")
    invoices: list[Invoice] = []
    previous_number = last_number
    for name, chunk in chunks:
        if isinstance(previous_number, _Derived):
            number = name
        else:
            number = previous_number = numbers.next_number(previous_number)
        invoices.append(
            Invoice(
                number=number,
                client_id=contract.client_id,
                currency=contract.currency,
                issued_on=day,
                lines=chunk,
                terms=contract.payment_terms,
            )
        )
    return tuple(invoices)


def _billed_before(name: str, covered: BillingPeriod, before: list[BilledLine]) -> bool:
    clash = [b for b in before if b.period.overlaps(covered)]
    if clash and any(b.period != covered for b in clash):
        billed = ", ".join(sorted({str(b.period) for b in clash}))
        raise ValidationError(
            "period",
            str(covered),
            f"a period that does not overlap what was billed before for {name!r} ({billed})",
        )
    return bool(clash)


def _usage_lines(
    lines: _Lines,
    arrangement: Arrangement,
    covered: BillingPeriod,
    items: list[Any],
    before: list[BilledLine],
) -> None:
    dated = [i for i in items if covered.contains(i.on)]
    if isinstance(arrangement, Retainer):
        term = BillingPeriod(lines.contract.start, lines.contract.last_day or covered.end)
        _retainer_lines(lines, arrangement, term, covered, items)
    elif isinstance(arrangement, TimeAndMaterials):
        _time_lines(lines, arrangement, dated, before)
    elif isinstance(arrangement, MediaCommission):
        for placement in dated:
            charge = placement.price(arrangement)
            rebate = f", rebate {charge.rebate.amount}" if charge.rebate.amount else ""
            lines.add(
                "media",
                f"Media: {placement.description} on {placement.on} "
                f"(gross {charge.gross.amount}{rebate})",
                1,
                charge.billed,
            )
    elif isinstance(arrangement, Markup):
        for expense in dated:
            marked = arrangement.apply(expense.amount)
            lines.add(
                "markup",
                f"{expense.description} on {expense.on} "
                f"(net {marked.net.amount} + {arrangement.rate} markup)",
                1,
                marked.billed,
            )


def _retainer_lines(
    lines: _Lines,
    retainer: Retainer,
    term: BillingPeriod,
    covered: BillingPeriod,
    entries: list[TimeEntry],
) -> None:
    for segment in retainer.segments(covered.start, covered.end, term_start=term.start):
        if segment.amount.amount:
            lines.add(
                "fee",
                f"Retainer {_label(segment.period, retainer.every)} "
                f"({segment.start}..{segment.end}, {segment.days}/{segment.period_days} days)",
                1,
                segment.amount,
            )
    if retainer.included_hours is None:
        return
    used: dict[BillingPeriod, Decimal] = {}
    for entry in entries:
        if term.contains(entry.on) and entry.on <= covered.end:
            key = _calendar_period(entry.on, retainer.every)
            used[key] = DECIMAL_CONTEXT.add(used.get(key, _ZERO), entry.hours)
    span = BillingPeriod(term.start, covered.end)
    for row in retainer.hours(span, used):
        if (
            covered.contains(row.end)
            and row.overage
            and retainer.overage_rate is not None
            and (row.end == min(row.period.end, term.end))
        ):
            lines.add(
                "overage",
                f"Hours over the retainer's allowance, {_label(row.period, retainer.every)} "
                f"({row.used} used of {row.allowance})",
                row.overage,
                retainer.overage_rate,
            )


def _time_lines(
    lines: _Lines,
    arrangement: TimeAndMaterials,
    dated: list[TimeEntry | Expense],
    before: list[BilledLine],
) -> None:
    entries = [i for i in dated if isinstance(i, TimeEntry)]
    expenses = [i for i in dated if isinstance(i, Expense)]
    billed_before = Money.sum((b.net for b in before), arrangement.currency)
    charge = arrangement.charge(entries, expenses, billed_before=billed_before)
    if charge.excess.amount:
        if charge.billed.amount:
            lines.add(
                "capped",
                f"Time and materials up to the cap of {arrangement.cap} "
                f"({charge.uncapped.amount} worked, {charge.excess.amount} over the cap "
                "not billed)",
                1,
                charge.billed,
            )
        return
    for role in charge.time:
        lines.add("time", f"{role.role}: {role.hours} h", role.hours, role.rate)
    for expense in charge.expenses:
        lines.add(
            "expense", f"Expense: {expense.description} on {expense.on}", 1, expense.amount.round()
        )
