"""Retainers: a fixed fee per calendar period, prorated by day, with an allowance of hours.

A retainer's fee is per calendar month (or quarter, or year), and a contract's term is cut into
:class:`BillingPeriod` stretches of days at those calendar boundaries (:func:`calendar_periods`).

**Proration** (DOMAIN.md, "Proration"). A stretch of days inside one calendar month is worth
``days covered / days in that month`` of the fee: 9 to 31 January is 23/31 of January's fee. To make
the pieces of a month add up to the month's fee exactly, each piece is priced by *cumulative
rounding*: with ``a`` days of the month before the piece and ``b`` days up to its end,
``amount = round(fee × b / D) − round(fee × a / D)``. The pieces of a month telescope to
``round(fee) − round(0) = fee``, and the amount of a piece depends only on its own dates, not on how
the rest of the month was cut: bill a month in one go or day by day, the total is the same to the
cent.

>>> from accountexec.money import Money
>>> import pendulum
>>> retainer = Retainer(fee=Money("3100.00", "EUR"))
>>> retainer.amount_for(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
Money('2300.00', 'EUR')

Every name here is also importable from :mod:`accountexec.billing`.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_optional_name,
    check_text,
    decimal_validator,
    instance_of,
    to_date,
)
from accountexec.commerce._billing_fields import check_money, to_optional_hours
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, money_validator

__all__ = [
    "BillingPeriod",
    "Every",
    "Proration",
    "Retainer",
    "RetainerSegment",
    "calendar_period",
    "calendar_periods",
]

Every = Literal["month", "quarter", "year"]
"""The calendar period a retainer's fee is for."""

Proration = Literal["daily", "none"]
"""How a retainer prices a partial period: by days covered, or the full fee for any part."""

_MONTHS: Final[Mapping[str, int]] = MappingProxyType({"month": 1, "quarter": 3, "year": 12})
_ZERO: Final = Decimal(0)
_HOURS_QUANTUM: Final = Decimal("0.01")


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _end_date(value: object) -> pendulum.Date:
    return to_date(value, "end")


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


def _check_every(value: object) -> None:
    if not isinstance(value, str) or value not in _MONTHS:
        raise ValidationError("every", value, "one of 'month', 'quarter', 'year'")


def calendar_period(day: _dt.date, every: Every = "month") -> BillingPeriod:
    """The whole calendar month (quarter, year) that contains ``day``.

    This is the period a retainer's fee and hours are counted in, and what
    :func:`calendar_periods` cuts at.

    >>> import pendulum
    >>> str(calendar_period(pendulum.date(2026, 2, 15)))
    '2026-02-01..2026-02-28'
    >>> str(calendar_period(pendulum.date(2026, 2, 15), "quarter"))
    '2026-01-01..2026-03-31'
    >>> str(calendar_period(pendulum.date(2026, 2, 15), "year"))
    '2026-01-01..2026-12-31'
    """
    on = to_date(day, "day")
    _check_every(every)
    step = _MONTHS[every]
    first_month = (on.month - 1) // step * step + 1
    last_year, last_month = _add_months(on.year, first_month, step - 1)
    return BillingPeriod(
        pendulum.Date(on.year, first_month, 1),
        pendulum.Date(last_year, last_month, _days_in_month(last_year, last_month)),
    )


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
        period = calendar_period(day, every)
        tiles.append(BillingPeriod(day, min(period.end, span.end)))
        day = period.end.add(days=1)
    return tuple(tiles)


# ----------------------------------------------------------------------------- retainers


_check_period = instance_of(BillingPeriod, "a BillingPeriod")
_check_hours = decimal_validator(minimum=_ZERO)
_check_optional_hours = decimal_validator(minimum=_ZERO, optional=True)


def _whole_hours(value: object) -> object:
    """Hours worked given as an int (``{jan: 30}``) become a Decimal; the rest is checked as is."""
    return Decimal(value) if type(value) is int else value


def _check_within(period: BillingPeriod, start: pendulum.Date, end: pendulum.Date) -> None:
    if end < start:
        raise ValidationError("end", end, f"a date on or after the start {start}")
    if start < period.start or end > period.end:
        raise ValidationError("start", start, f"days within the period {period} (to {end})")


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

    ``start`` to ``end`` lie within ``period``; ``amount`` is rounded, of zero or more.
    """

    period: BillingPeriod = attrs.field(validator=_check_period)
    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(converter=_end_date)
    amount: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))
    included_hours: Decimal | None = attrs.field(default=None, validator=_check_optional_hours)

    def __attrs_post_init__(self) -> None:
        _check_within(self.period, self.start, self.end)

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
    included_hours: Decimal | None = attrs.field(default=None, converter=to_optional_hours)
    overage_rate: Money | None = attrs.field(default=None)
    carry_over: bool = attrs.field(default=False)
    name: str = attrs.field(default="retainer", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    @fee.validator
    def _check_fee(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_money("fee", value, positive=True)

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
        rate = check_money("overage_rate", value, rounded=False)
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
            period = calendar_period(tile.start, self.every)
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
    """A calendar period of a retainer's hours: allowance (included + carried in), use, overage.

    Hours are Decimals of zero or more (carried out at most the allowance); the overage amount is
    rounded, of zero or more.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> RetainerHours(period=BillingPeriod(pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31)),
    ...               start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 1, 31),
    ...               allowance=Decimal(40), used=Decimal(-5), overage=Decimal(0),
    ...               carried_out=Decimal(0), overage_amount=Money("0.00", "EUR"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'used': Decimal('-5'); expected a finite Decimal of 0 or more
    """  # noqa: E501

    period: BillingPeriod = attrs.field(validator=_check_period)
    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(converter=_end_date)
    allowance: Decimal = attrs.field(validator=_check_hours)
    used: Decimal = attrs.field(converter=_whole_hours, validator=_check_hours)
    overage: Decimal = attrs.field(validator=_check_hours)
    carried_out: Decimal = attrs.field(validator=_check_hours)
    overage_amount: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))

    def __attrs_post_init__(self) -> None:
        _check_within(self.period, self.start, self.end)
        if self.carried_out > self.allowance:
            raise ValidationError(
                "carried_out", self.carried_out, f"at most the allowance {self.allowance}"
            )
