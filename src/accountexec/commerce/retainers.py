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
from typing import Any, ClassVar, Final, Literal, get_args

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
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    ContractTerms,
)
from accountexec.commerce.periods import BillingPeriod as BillingPeriod  # noqa: PLC0414 - re-export
from accountexec.commerce.periods import Every as Every  # noqa: PLC0414 - re-export
from accountexec.commerce.periods import calendar_period as calendar_period  # noqa: PLC0414 - re-export
from accountexec.commerce.periods import calendar_periods as calendar_periods  # noqa: PLC0414 - re-export
from accountexec.commerce.periods import check_every
from accountexec.commerce.time_and_materials import TimeEntry
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, money_validator

__all__ = [
    "CarryOver",
    "Proration",
    "Retainer",
    "RetainerHours",
    "RetainerSegment",
]

Proration = Literal["daily", "none"]
"""How a retainer prices a partial period: by days covered, or the full fee for any part."""

_ZERO: Final = Decimal(0)
_HOURS_QUANTUM: Final = Decimal("0.01")


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _end_date(value: object) -> pendulum.Date:
    return to_date(value, "end")


# ----------------------------------------------------------------------------- retainers

CarryOver = Literal[False, "surplus", "surplus_and_deficit"]
"""What a retainer carries into its next calendar period: nothing, unused hours, or unused hours
and hours worked beyond the allowance (``True`` given for ``carry_over`` means ``"surplus"``)."""

_CARRY_MODES: Final = ("surplus", "surplus_and_deficit")


def _to_carry_over(value: object) -> object:
    return "surplus" if value is True else value


def _to_limit(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return to_optional_hours(value)
    except ValidationError:
        raise ValidationError(
            "carry_limit_hours", value, "None or a number of hours (a Decimal, int or str)"
        ) from None


_check_period = instance_of(BillingPeriod, "a BillingPeriod")
_check_hours = decimal_validator(minimum=_ZERO)
_check_signed_hours = decimal_validator()
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
    ``overage_rate`` (or only reported when there is no rate). In a period the term covers only in
    part, the included hours are prorated like the fee (to the hundredth of an hour, half up).
    ``carry_over`` says what moves into the next calendar period (DOMAIN.md: a retainer "may carry
    surplus or deficit over"):

    - ``False``: nothing; unused hours are lost, hours beyond the allowance are billed as overage;
    - ``"surplus"`` (or ``True``): unused hours are added to the next period's allowance;
    - ``"surplus_and_deficit"``: unused hours too, and hours beyond the allowance reduce the next
      period's allowance instead of being billed; a deficit is billed as overage only when the
      term ends or when it passes ``carry_limit_hours``.

    ``carry_limit_hours`` (optional) caps what is carried either way: a surplus beyond it is lost,
    a deficit beyond it is billed. Whatever is carried is still open on the term's last day is
    settled then: a surplus lapses, a deficit is billed.

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
    carry_over: CarryOver = attrs.field(default=False, converter=_to_carry_over)
    carry_limit_hours: Decimal | None = attrs.field(default=None, converter=_to_limit, kw_only=True)
    name: str = attrs.field(default="retainer", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    allows_gaps: ClassVar[bool] = False
    """A retainer bills every day of its term: a run may not skip a period."""

    @fee.validator
    def _check_fee(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_money("fee", value, positive=True)

    @every.validator
    def _check_every_field(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_every(value)

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
        if value is not False and value not in _CARRY_MODES:
            raise ValidationError(
                "carry_over", value, "False, 'surplus' (or True) or 'surplus_and_deficit'"
            )
        if value and self.included_hours is None:
            raise ValidationError(
                "carry_over", value, "False unless the retainer includes hours (included_hours)"
            )

    @carry_limit_hours.validator
    def _check_limit(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not self.carry_over:
            raise ValidationError(
                "carry_limit_hours", value, "None unless the retainer carries hours (carry_over)"
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

    def settle(
        self, allowance: Decimal, used: Decimal, *, ends_term: bool = False
    ) -> tuple[Decimal, Decimal]:
        """Close a calendar period: ``(overage to bill, hours carried out)`` under ``carry_over``.

        ``allowance`` is the included hours plus what was carried in (negative after a deficit
        larger than the included hours). A surplus carried out is positive, a deficit negative.

        >>> from accountexec.money import Money
        >>> r = Retainer(fee=Money("5000.00", "EUR"), included_hours=40,
        ...              carry_over="surplus_and_deficit", carry_limit_hours=8)
        >>> r.settle(Decimal(40), Decimal(45)), r.settle(Decimal(40), Decimal(50))
        ((Decimal('0'), Decimal('-5')), (Decimal('2'), Decimal('-8')))
        >>> r.settle(Decimal(35), Decimal(45), ends_term=True)
        (Decimal('10'), Decimal('0'))
        """
        left = DECIMAL_CONTEXT.subtract(allowance, used)
        limit = self.carry_limit_hours
        if left >= 0:
            if not self.carry_over or ends_term:
                return _ZERO, _ZERO
            return _ZERO, left if limit is None else min(left, limit)
        deficit = DECIMAL_CONTEXT.minus(left)
        if self.carry_over != "surplus_and_deficit" or ends_term:
            return deficit, _ZERO
        if limit is not None and deficit > limit:
            return DECIMAL_CONTEXT.subtract(deficit, limit), DECIMAL_CONTEXT.minus(limit)
        return _ZERO, left

    def _overage(self, hours: Decimal) -> Money:
        if self.overage_rate is None:
            return Money.zero(self.currency)
        return (self.overage_rate * hours).round()

    def hours(
        self, term: BillingPeriod, used: Mapping[BillingPeriod, Decimal]
    ) -> tuple[RetainerHours, ...]:
        """Replay the hour allowance over the term's calendar periods, carrying as agreed.

        ``used`` maps calendar periods (as :meth:`segments` reports them) to the hours worked;
        ``term`` ends the contract's term (a deficit still carried is billed in its last period).

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
        for segment in self.segments(term.start, term.end):
            included = segment.included_hours if segment.included_hours is not None else _ZERO
            allowance = DECIMAL_CONTEXT.add(included, carried)
            worked = used.get(segment.period, _ZERO)
            over, carried = self.settle(allowance, worked, ends_term=segment.end == term.end)
            rows.append(
                RetainerHours(
                    period=segment.period,
                    start=segment.start,
                    end=segment.end,
                    allowance=allowance,
                    used=worked,
                    overage=over,
                    carried_out=carried,
                    overage_amount=self._overage(over),
                )
            )
        return tuple(rows)

    # -- billing (see accountexec.commerce.billing_protocol) ----------------------------------

    def takes(self, item: object) -> bool:
        """Whether ``item`` is billed here: time entries, when the retainer includes hours."""
        return self.included_hours is not None and isinstance(item, TimeEntry)

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """The fee for the days of ``period`` and the overage of each calendar period it closes.

        Hours of a calendar period add up over the runs that bill it (``state.open_hours``); the
        period is settled (:meth:`settle`) with the hours carried in (``state.carried_hours``) in
        the run that bills its last day in the term.
        """
        last = contract.last_day
        segments = self.segments(period.start, period.end, term_start=contract.start)
        charges = [
            ArrangementCharge(
                kind="fee",
                description=f"Retainer {_label(s.period, self.every)} "
                f"({s.start}..{s.end}, {s.days}/{s.period_days} days)",
                quantity=1,
                unit_price=s.amount,
                period=BillingPeriod(s.start, s.end),
            )
            for s in segments
            if s.amount.amount
        ]
        if self.included_hours is None:
            return ArrangementBill(charges=charges, state=state)
        used: dict[BillingPeriod, Decimal] = {}
        for entry in entries:
            key = calendar_period(entry.on, self.every)
            used[key] = DECIMAL_CONTEXT.add(used.get(key, _ZERO), entry.hours)
        carried, open_hours = state.carried_hours, state.open_hours
        for s in segments:
            worked = DECIMAL_CONTEXT.add(open_hours, used.get(s.period, _ZERO))
            ends_term = last is not None and s.end == last
            if s.end != s.period.end and not ends_term:
                open_hours = worked
                continue
            days = BillingPeriod(max(s.period.start, contract.start), s.end)
            included = self._included(s.period, days) or _ZERO
            allowance = DECIMAL_CONTEXT.add(included, carried)
            over, carried = self.settle(allowance, worked, ends_term=ends_term)
            open_hours = _ZERO
            if over and self.overage_rate is not None:
                charges.append(
                    ArrangementCharge(
                        kind="overage",
                        description="Hours over the retainer's allowance, "
                        f"{_label(s.period, self.every)} ({worked} used of {allowance})",
                        quantity=over,
                        unit_price=self.overage_rate,
                        period=days,
                    )
                )
        after = attrs.evolve(state, carried_hours=carried, open_hours=open_hours)
        return ArrangementBill(charges=charges, state=after)


def _label(period: BillingPeriod, every: Every) -> str:
    if every == "month":
        return f"{_MONTH_NAMES[period.start.month - 1]} {period.start.year}"
    if every == "quarter":
        return f"Q{(period.start.month - 1) // 3 + 1} {period.start.year}"
    return str(period.start.year)


_MONTH_NAMES: Final = tuple(_calendar.month_name[1:])


@attrs.frozen(kw_only=True)
class RetainerHours:
    """A calendar period of a retainer's hours: allowance (included + carried in), use, overage.

    Hours used and overage are Decimals of zero or more; the allowance and the hours carried out
    are negative after a deficit carried (``carry_over="surplus_and_deficit"``), and a surplus
    carried out is at most the allowance. The overage amount is rounded, of zero or more.

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
    allowance: Decimal = attrs.field(validator=_check_signed_hours)
    used: Decimal = attrs.field(converter=_whole_hours, validator=_check_hours)
    overage: Decimal = attrs.field(validator=_check_hours)
    carried_out: Decimal = attrs.field(validator=_check_signed_hours)
    overage_amount: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))

    def __attrs_post_init__(self) -> None:
        _check_within(self.period, self.start, self.end)
        if self.carried_out > max(self.allowance, _ZERO):
            raise ValidationError(
                "carried_out", self.carried_out, f"at most the allowance {self.allowance}"
            )
