"""Time and materials: hours at a rate per role, expenses at cost, up to an optional cap.

>>> import pendulum
>>> from accountexec.money import Money
>>> tm = TimeAndMaterials(rates={"designer": Money("95.00", "EUR")})
>>> charge = tm.charge([TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), 8)])
>>> charge.billed
Money('760.00', 'EUR')

Every name here is also importable from :mod:`accountexec.billing`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
import pendulum

from accountexec._billing_fields import check_money, on_date, to_hours
from accountexec._fields import check_optional_name, check_text, to_sequence
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money

__all__ = ["Expense", "RoleTime", "TimeAndMaterials", "TimeAndMaterialsCharge", "TimeEntry"]

_ZERO: Final = Decimal(0)


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
    on: pendulum.Date = attrs.field(converter=on_date)
    hours: Decimal = attrs.field(converter=to_hours)
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
    on: pendulum.Date = attrs.field(converter=on_date)
    amount: Money = attrs.field()
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_money("amount", value)


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
            check_money(f"rates[{pair[0]!r}]", pair[1], positive=True, rounded=False)
            currencies.add(pair[1].currency)
        if len(currencies) > 1:
            raise ValidationError("rates", value, "rates in one currency")
        if len({role for role, _rate in value}) != len(value):
            raise ValidationError("rates", value, "one rate per role")

    @cap.validator
    def _check_cap(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        cap = check_money("cap", value, positive=True)
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
