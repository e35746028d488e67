"""Time and materials: hours at a rate per role, expenses at cost, up to an optional cap.

>>> import pendulum
>>> from accountexec.money import Money
>>> tm = TimeAndMaterials(hourly_rates={"designer": Money("95.00", "EUR")})
>>> charge = tm.charge([TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), 8)])
>>> charge.billed
Money('760.00', 'EUR')

Every name here is also importable from :mod:`accountexec.billing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs
import pendulum

from accountexec._fields import (
    check_optional_name,
    check_text,
    require_currency,
    to_sequence,
    to_sequence_of,
)
from accountexec.commerce._billing_fields import check_money, on_date, to_hours
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    ContractTerms,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, money_validator

__all__ = ["Expense", "RoleTime", "TimeAndMaterials", "TimeAndMaterialsCharge", "TimeEntry"]

_ZERO: Final = Decimal(0)
_DAY: Final = Decimal(24)


def _day_hours(value: object) -> Decimal:
    hours = to_hours(value)
    if hours > _DAY:
        raise ValidationError("hours", value, "at most 24 hours (one person, one day)")
    return hours


@attrs.frozen
class TimeEntry:
    """Hours worked by ``person`` in ``role`` on a day: ``TimeEntry(person, role, on, hours)``.

    ``on`` is the day worked (like :class:`Expense` and :class:`MediaPlacement`); ``hours`` at
    most 24 (and :func:`~accountexec.billing.bill` refuses more than 24 hours for one person on
    one day). ``arrangement`` names the arrangement that takes the hours when several could.

    >>> import pendulum
    >>> entry = TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), "7.5")
    >>> entry.hours, entry.on
    (Decimal('7.5'), Date(2026, 3, 2))
    >>> entry == TimeEntry(person="ana", role="designer", on=pendulum.date(2026, 3, 2), hours="7.5")
    True
    >>> TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), 25)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'hours': 25; expected at most 24 hours (one person, one day)
    """  # noqa: E501

    person: str = attrs.field(validator=check_text)
    role: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=on_date)
    hours: Decimal = attrs.field(converter=_day_hours)
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)


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
    items = value.items() if isinstance(value, Mapping) else to_sequence("hourly_rates", value)
    pairs = []
    for item in items:
        if isinstance(item, str) or not isinstance(item, Iterable):
            raise ValidationError("hourly_rates", item, "role names (text) mapped to hourly rates")
        pair = tuple(item)
        if len(pair) != 2:  # a (role, rate) pair
            raise ValidationError("hourly_rates", item, "role names (text) mapped to hourly rates")
        pairs.append(pair)
    return tuple(sorted(pairs, key=lambda pair: str(pair[0])))


@attrs.frozen(kw_only=True)
class RoleTime:
    """Hours of one role in a bill: ``hours × rate = amount`` (rounded half up, as a line is).

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(hourly_rates={"designer": Money("95.125", "EUR")})
    >>> day = pendulum.date(2026, 3, 2)
    >>> (designer,) = tm.charge([TimeEntry("ana", "designer", day, 2),
    ...                          TimeEntry("ben", "designer", day, "0.5")]).time
    >>> designer.role, designer.hours, designer.amount
    ('designer', Decimal('2.5'), Money('237.81', 'EUR'))

    ``hours`` (a Decimal, int or numeric str) are zero or more and ``rate`` is positive; ``amount``
    must be their product rounded half up, in the rate's currency.
    """

    role: str = attrs.field(validator=check_text)
    hours: Decimal = attrs.field(converter=to_hours)
    rate: Money = attrs.field()
    amount: Money = attrs.field()

    @rate.validator
    def _check_rate(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_money("rate", value, positive=True, rounded=False)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        amount = check_money("amount", value)
        expected = (self.rate * self.hours).round()
        if amount != expected or amount.currency != expected.currency:
            raise ValidationError("amount", value, f"hours × rate rounded half up: {expected!r}")


_check_charged = money_validator(rounded=True, non_negative=True)


def _to_role_times(value: Iterable[RoleTime]) -> tuple[RoleTime, ...]:
    return to_sequence_of("time", RoleTime, value)


def _to_expenses(value: Iterable[Expense]) -> tuple[Expense, ...]:
    return to_sequence_of("expenses", Expense, value)


@attrs.frozen(kw_only=True)
class TimeAndMaterialsCharge:
    """What time and materials bill for a period: time per role, expenses, and what a cap held back.

    ``uncapped`` is the time and expenses at their rates; ``billed`` what may be billed under the
    cap (``uncapped`` when there is none); ``excess`` the rest, reported and not billed.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(hourly_rates={"designer": Money("100.00", "EUR")},
    ...                       cap=Money("5000.00", "EUR"))
    >>> day = pendulum.date(2026, 3, 2)
    >>> charge = tm.charge([TimeEntry("ana", "designer", day, 8)],
    ...                    [Expense(description="prints", on=day, amount=Money("150.00", "EUR"))],
    ...                    billed_before=Money("4500.00", "EUR"))
    >>> charge.uncapped, charge.billed, charge.excess
    (Money('950.00', 'EUR'), Money('500.00', 'EUR'), Money('450.00', 'EUR'))

    One entry per role; every amount in one currency, rounded, of zero or more; ``uncapped`` is
    the time plus the expenses (each rounded half up), and ``billed + excess == uncapped``.
    """

    time: tuple[RoleTime, ...] = attrs.field(converter=_to_role_times)
    expenses: tuple[Expense, ...] = attrs.field(converter=_to_expenses)
    uncapped: Money = attrs.field(validator=_check_charged)
    billed: Money = attrs.field(validator=_check_charged)
    excess: Money = attrs.field(validator=_check_charged)

    def __attrs_post_init__(self) -> None:
        currency = self.uncapped.currency
        roles = [t.role for t in self.time]
        if len(set(roles)) != len(roles):
            raise ValidationError("time", roles, "one entry per role")
        for t in self.time:
            require_currency("time", t.amount, currency)
        for e in self.expenses:
            require_currency("expenses", e.amount, currency)
        for name in ("billed", "excess"):
            require_currency(name, getattr(self, name), currency)
        parts = [t.amount for t in self.time] + [e.amount.round() for e in self.expenses]
        if self.uncapped != Money.sum(parts, currency):
            raise ValidationError(
                "uncapped", self.uncapped, f"the time and expenses: {Money.sum(parts, currency)!r}"
            )
        if self.billed + self.excess != self.uncapped:
            raise ValidationError(
                "excess", self.excess, f"uncapped less billed: {self.uncapped - self.billed!r}"
            )


@attrs.frozen(repr=False)
class TimeAndMaterials:
    """Hours billed at a rate per role, plus expenses at cost, up to an optional ``cap``.

    The cap is a not-to-exceed amount over the whole contract: once what was billed before plus this
    period's charge would pass it, billing stops at the cap and the rest is reported as ``excess``.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> tm = TimeAndMaterials(hourly_rates={"designer": Money("95.00", "EUR")},
    ...                       cap=Money("1000.00", "EUR"))
    >>> day = pendulum.date(2026, 3, 2)
    >>> charge = tm.charge([TimeEntry(person="ana", role="designer", on=day, hours=12)])
    >>> charge.uncapped, charge.billed, charge.excess
    (Money('1140.00', 'EUR'), Money('1000.00', 'EUR'), Money('140.00', 'EUR'))
    """

    _hourly_rates: tuple[tuple[str, Money], ...] = attrs.field(
        converter=_to_rate_table, alias="hourly_rates"
    )
    cap: Money | None = attrs.field(default=None)
    name: str = attrs.field(default="time_and_materials", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    allows_gaps: ClassVar[bool] = False
    """Time and expenses are billed period after period, so none is left out by a skipped one."""

    @_hourly_rates.validator
    def _check_hourly_rates(
        self, attribute: attrs.Attribute[Any], value: tuple[tuple[Any, ...], ...]
    ) -> None:
        if not value:
            raise ValidationError("hourly_rates", value, "at least one role with its hourly rate")
        currencies = set()
        for pair in value:
            if len(pair) != 2 or not isinstance(pair[0], str) or not pair[0].strip():
                raise ValidationError(
                    "hourly_rates", pair, "role names (text) mapped to hourly rates"
                )
            check_money(f"hourly_rates[{pair[0]!r}]", pair[1], positive=True, rounded=False)
            currencies.add(pair[1].currency)
        if len(currencies) > 1:
            raise ValidationError("hourly_rates", value, "rates in one currency")
        if len({role for role, _rate in value}) != len(value):
            raise ValidationError("hourly_rates", value, "one rate per role")

    @cap.validator
    def _check_cap(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        cap = check_money("cap", value, positive=True)
        if cap.currency != self.currency:
            raise ValidationError("cap", value, f"an amount in {self.currency.code}")

    def __repr__(self) -> str:
        return (
            f"TimeAndMaterials(hourly_rates={dict(self._hourly_rates)!r}, cap={self.cap!r}, "
            f"name={self.name!r}, tower={self.tower!r})"
        )

    @property
    def hourly_rates(self) -> Mapping[str, Money]:
        """The hourly rate per role, read-only."""
        return MappingProxyType(dict(self._hourly_rates))

    @property
    def currency(self) -> Currency:
        """The currency of the rates."""
        return self._hourly_rates[0][1].currency

    def charge(
        self,
        entries: Iterable[TimeEntry] = (),
        expenses: Iterable[Expense] = (),
        *,
        billed_before: Money | None = None,
    ) -> TimeAndMaterialsCharge:
        """Price ``entries`` and ``expenses`` and apply the cap given what was ``billed_before``."""
        rates = self.hourly_rates
        hours: dict[str, Decimal] = {}
        for entry in to_sequence("entries", entries):
            if not isinstance(entry, TimeEntry):
                raise ValidationError("entries", entry, "TimeEntry values")
            if entry.role not in rates:
                raise ValidationError(
                    "role", entry.role, f"one of the roles with a rate: {sorted(rates)}"
                )
            hours[entry.role] = DECIMAL_CONTEXT.add(hours.get(entry.role, _ZERO), entry.hours)
        time = tuple(
            RoleTime(role=role, hours=h, rate=rates[role], amount=(rates[role] * h).round())
            for role, h in sorted(hours.items())
        )
        kept = to_sequence("expenses", expenses)
        for expense in kept:
            if not isinstance(expense, Expense):
                raise ValidationError("expenses", expense, "Expense values")
            if expense.amount.currency != self.currency:
                raise ValidationError(
                    "expenses", expense.amount, f"an amount in {self.currency.code}"
                )
        zero = Money.zero(self.currency)
        uncapped = Money.sum(
            [t.amount for t in time] + [e.amount.round() for e in kept], self.currency
        )
        billed = uncapped
        if billed_before is not None and (
            not isinstance(billed_before, Money) or billed_before.currency != self.currency
        ):
            raise ValidationError(
                "billed_before", billed_before, f"None or an amount in {self.currency.code}"
            )
        if self.cap is not None:
            before = zero if billed_before is None else billed_before
            room = max(zero, self.cap - before)
            billed = min(uncapped, room)
        return TimeAndMaterialsCharge(
            time=time, expenses=kept, uncapped=uncapped, billed=billed, excess=uncapped - billed
        )

    # -- billing (see accountexec.commerce.billing_protocol) ----------------------------------

    def takes(self, item: object) -> bool:
        """Whether ``item`` is billed here: time entries and expenses."""
        return isinstance(item, TimeEntry | Expense)

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """Time per role and expenses of the period, up to what the cap leaves after
        ``state.billed``; past the cap, one line for what still fits and the rest reported."""
        time = [e for e in entries if isinstance(e, TimeEntry)]
        expenses = [e for e in entries if isinstance(e, Expense)]
        charge = self.charge(time, expenses, billed_before=state.billed)
        if charge.excess.amount:
            if not charge.billed.amount:
                return ArrangementBill(charges=(), state=state)
            capped = ArrangementCharge(
                kind="capped",
                description=f"Time and materials up to the cap of {self.cap} "
                f"({charge.uncapped.amount} worked, {charge.excess.amount} over the cap "
                "not billed)",
                quantity=1,
                unit_price=charge.billed,
            )
            return ArrangementBill(charges=[capped], state=state)
        charges = [
            ArrangementCharge(
                kind="time",
                description=f"{r.role}: {r.hours} h",
                quantity=r.hours,
                unit_price=r.rate,
            )
            for r in charge.time
        ]
        charges += [
            ArrangementCharge(
                kind="expense",
                description=f"Expense: {e.description} on {e.on}",
                quantity=1,
                unit_price=e.amount.round(),
            )
            for e in charge.expenses
        ]
        return ArrangementBill(charges=charges, state=state)
