"""Billing periods: stretches of days, and the calendar months, quarters and years that cut them.

A :class:`BillingPeriod` is what an invoice line or a retainer fee covers, both ends included;
:func:`calendar_period` is the whole calendar month (quarter, year) holding a day, and
:func:`calendar_periods` cuts a stretch of days at those boundaries. Every name here is also
importable from :mod:`accountexec.retainers` and :mod:`accountexec.billing`.

>>> import pendulum
>>> [str(p) for p in calendar_periods(pendulum.date(2026, 1, 9), pendulum.date(2026, 2, 10))]
['2026-01-09..2026-01-31', '2026-02-01..2026-02-10']
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs
import pendulum

from accountexec._fields import to_date
from accountexec.errors import ValidationError

__all__ = ["BillingPeriod", "Every", "calendar_period", "calendar_periods"]

Every = Literal["month", "quarter", "year"]
"""The calendar period a retainer's fee is for."""

_MONTHS: Final[Mapping[str, int]] = MappingProxyType({"month": 1, "quarter": 3, "year": 12})


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


def check_every(value: object) -> None:
    """Refuse an ``every`` that is not 'month', 'quarter' or 'year'."""
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
    check_every(every)
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
    check_every(every)
    span = BillingPeriod(start, end)
    tiles: list[BillingPeriod] = []
    day = span.start
    while day <= span.end:
        period = calendar_period(day, every)
        tiles.append(BillingPeriod(day, min(period.end, span.end)))
        day = period.end.add(days=1)
    return tuple(tiles)
