"""Estimates and job costing: what a job should cost before any contract, and what it did cost.

A :class:`RateCard` prices hours by role (with per-client overrides and dated versions). An
:class:`Estimate` prices a job for a client from :class:`LabourLine` s (hours of a role, at the
card's rate) and :class:`CostLine` s (a third-party cost at net, with an optional markup), plus an
optional contingency on the subtotal. Lines marked ``optional=True`` are options: left out of the
total unless the client accepts them. Every line is rounded half-up to the minor unit, and every
total is a sum of rounded lines, so the totals by role, by kind and overall add up exactly.

The estimate's workflow is draft → sent → accepted | declined | expired (expiry as of a moment
given by the caller; the library has no clock). A sent estimate is never edited:
:meth:`Estimate.revise` makes the next version, in draft. :meth:`Estimate.accept` returns an
:class:`EstimateAcceptance`: the accepted estimate, a :class:`~accountexec.budgets.Budget` with a
line per role and per cost, and on request the contract arrangements (time and materials capped at
the estimate, or fixed-fee milestones from a split). :func:`job_cost` compares the estimate with the
time and expenses booked so far.

>>> import pendulum
>>> from accountexec.money import Money, Rate
>>> card = RateCard("agency 2026", "EUR", rates={"designer": Money("95.00", "EUR"),
...                 "copywriter": Money("85.00", "EUR")}, effective=pendulum.date(2026, 1, 1))
>>> estimate = Estimate(
...     id="E-1", client_id="fjord", currency="EUR", rate_card=card,
...     lines=[LabourLine("designer", 40), LabourLine("copywriter", 12),
...            CostLine("photo shoot", Money("2000.00", "EUR"), markup=Rate.percent(15)),
...            LabourLine("designer", 8, optional=True, name="extra round")],
...     contingency=Rate.percent(10), valid_until=pendulum.date(2026, 6, 30),
...     end=pendulum.date(2026, 9, 30))
>>> totals = estimate.totals()
>>> totals.labour, totals.costs, totals.markup, totals.contingency, totals.total
(Money('4820.00', 'EUR'), Money('2000.00', 'EUR'), Money('300.00', 'EUR'), Money('712.00', 'EUR'), Money('7832.00', 'EUR'))
>>> at = pendulum.datetime(2026, 6, 2, 10, tz="Europe/Berlin")
>>> accepted = estimate.send(at=at).accept(at=at.add(days=3), options=["extra round"])
>>> accepted.estimate.status.value, accepted.budget.planned
('accepted', Money('8668.00', 'EUR'))
"""  # noqa: E501

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final, Literal, TypeAlias

import attrs
import pendulum

from accountexec import _views
from accountexec._fields import (
    ReadOnlyMapping,
    check_text,
    require_aware,
    to_date,
    to_enum,
    to_optional_date,
    to_sequence,
    to_sequence_of,
)
from accountexec.clients.budgets import Budget, BudgetLine, OverspendPolicy
from accountexec.commerce._billing_fields import to_hours
from accountexec.commerce.milestones import Milestone
from accountexec.commerce.time_and_materials import Expense, TimeAndMaterials, TimeEntry
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate
from accountexec.workflow import StatusChange, Transition, Workflow, apply

__all__ = [
    "CONTINGENCY_LINE",
    "ESTIMATE_WORKFLOW",
    "ArrangementKind",
    "CostLine",
    "Estimate",
    "EstimateAcceptance",
    "EstimateLine",
    "EstimateStatus",
    "EstimateTotals",
    "JobCost",
    "JobCostRow",
    "LabourLine",
    "RateCard",
    "RateCardVersion",
    "job_cost",
]

CONTINGENCY_LINE: Final = "contingency"
"""The key of the contingency line in an accepted estimate's budget."""

_ZERO: Final = Decimal(0)


def _add_up(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of Decimals in the library's context (never the caller's)."""
    total = _ZERO
    for value in values:
        total = DECIMAL_CONTEXT.add(total, value)
    return total


# -- rate cards -----------------------------------------------------------------------------------


def _to_role_rates(value: Mapping[str, Money]) -> Mapping[str, Money]:
    if not isinstance(value, Mapping):
        raise ValidationError("rates", value, "a mapping of role name to hourly rate (Money)")
    return ReadOnlyMapping(dict(sorted(value.items(), key=lambda kv: str(kv[0]))))


def _to_overrides(value: Mapping[str, Mapping[str, Money]]) -> Mapping[str, Mapping[str, Money]]:
    if not isinstance(value, Mapping):
        raise ValidationError("overrides", value, "a mapping of client id to {role: hourly rate}")
    result: dict[str, Mapping[str, Money]] = {}
    for client, rates in sorted(value.items(), key=lambda kv: str(kv[0])):
        if not isinstance(rates, Mapping):
            raise ValidationError("overrides", {client: rates}, "{role: hourly rate} per client")
        result[client] = ReadOnlyMapping(dict(sorted(rates.items(), key=lambda kv: str(kv[0]))))
    return ReadOnlyMapping(result)


def _check_rate_table(field: str, rates: Mapping[Any, Any], currency: Currency) -> None:
    for role, rate in rates.items():
        if not isinstance(role, str) or not role.strip():
            raise ValidationError(field, role, "role names (non-empty text)")
        if not isinstance(rate, Money) or rate.amount <= 0:
            raise ValidationError(f"{field}[{role!r}]", rate, "a positive hourly rate (Money)")
        if rate.currency != currency:
            raise ValidationError(
                f"{field}[{role!r}]", rate, f"an hourly rate in {currency.code} (the card's)"
            )


def _effective(value: object) -> pendulum.Date:
    return to_date(value, "effective")


@attrs.frozen(kw_only=True)
class RateCardVersion:
    """An earlier version of a :class:`RateCard`: its rates and overrides from ``effective`` on.

    :meth:`RateCard.revise` keeps the version it replaces as one of these.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> RateCardVersion(effective=pendulum.date(2025, 1, 1),
    ...                 rates={"designer": Money("90.00", "EUR")}).rates["designer"]
    Money('90.00', 'EUR')
    """

    effective: pendulum.Date = attrs.field(converter=_effective)
    rates: Mapping[str, Money] = attrs.field(converter=_to_role_rates, hash=False)
    overrides: Mapping[str, Mapping[str, Money]] = attrs.field(
        default=ReadOnlyMapping({}), converter=_to_overrides, hash=False
    )


def _to_versions(value: Iterable[RateCardVersion]) -> tuple[RateCardVersion, ...]:
    versions = to_sequence_of("earlier", RateCardVersion, value)
    return tuple(sorted(versions, key=lambda v: v.effective))


@attrs.frozen
class RateCard:
    """Hourly rates by role, in one currency, effective from a date; per-client overrides.

    ``overrides`` maps a client id to the roles it pays differently (a negotiated rate). A new
    price list is a new version: :meth:`revise` returns the card with the new rates from their
    effective date and keeps the earlier ones in ``earlier``, so :meth:`rate` answers for any date
    since the first version.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> card = RateCard("agency", "EUR", rates={"designer": Money("90.00", "EUR")},
    ...                 effective=pendulum.date(2025, 1, 1),
    ...                 overrides={"fjord": {"designer": Money("85.00", "EUR")}})
    >>> card = card.revise(rates={"designer": Money("95.00", "EUR")},
    ...                    effective=pendulum.date(2026, 1, 1))
    >>> card.rate("designer", on=pendulum.date(2025, 6, 1))
    Money('90.00', 'EUR')
    >>> card.rate("designer", on=pendulum.date(2026, 6, 1))
    Money('95.00', 'EUR')
    >>> card.rate("designer", on=pendulum.date(2025, 6, 1), client_id="fjord")
    Money('85.00', 'EUR')
    >>> card.rate("designer", on=pendulum.date(2024, 6, 1))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'on': Date(2024, 6, 1); expected a date on or after 2025-01-01, when the rate card 'agency' starts
    """  # noqa: E501

    name: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    rates: Mapping[str, Money] = attrs.field(converter=_to_role_rates, hash=False)
    effective: pendulum.Date = attrs.field(converter=_effective)
    overrides: Mapping[str, Mapping[str, Money]] = attrs.field(
        default=ReadOnlyMapping({}), converter=_to_overrides, hash=False, kw_only=True
    )
    earlier: tuple[RateCardVersion, ...] = attrs.field(
        default=(), converter=_to_versions, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if not self.rates:
            raise ValidationError("rates", dict(self.rates), "at least one role with its rate")
        versions: list[RateCardVersion | RateCard] = [*self.earlier, self]
        for version in versions:
            _check_rate_table("rates", version.rates, self.currency)
            for client, rates in version.overrides.items():
                if not isinstance(client, str) or not client.strip():
                    raise ValidationError("overrides", client, "client ids (non-empty text)")
                _check_rate_table(f"overrides[{client!r}]", rates, self.currency)
        dates = [v.effective for v in self.earlier]
        if len(set(dates)) != len(dates) or any(d >= self.effective for d in dates):
            raise ValidationError(
                "earlier",
                [str(d) for d in dates],
                f"versions with distinct dates before {self.effective} (the current version's)",
            )

    def revise(
        self,
        *,
        rates: Mapping[str, Money],
        effective: _dt.date,
        overrides: Mapping[str, Mapping[str, Money]] | None = None,
    ) -> RateCard:
        """The card with new rates from ``effective`` on; the current ones become earlier.

        ``overrides`` default to the current ones.
        """
        day = to_date(effective, "effective")
        if day <= self.effective:
            raise ValidationError(
                "effective", day, f"a date after {self.effective}, the current version's"
            )
        current = RateCardVersion(
            effective=self.effective, rates=self.rates, overrides=self.overrides
        )
        return attrs.evolve(
            self,
            rates=rates,
            effective=day,
            overrides=self.overrides if overrides is None else overrides,
            earlier=(*self.earlier, current),
        )

    def _version_on(self, day: pendulum.Date) -> RateCardVersion | RateCard:
        if day >= self.effective:
            return self
        for version in reversed(self.earlier):
            if day >= version.effective:
                return version
        first = self.earlier[0].effective if self.earlier else self.effective
        raise ValidationError(
            "on", day, f"a date on or after {first}, when the rate card {self.name!r} starts"
        )

    def roles(self, on: _dt.date, client_id: str | None = None) -> tuple[str, ...]:
        """The roles priced on ``on`` (for ``client_id``, its overrides included), sorted."""
        if client_id is not None and not isinstance(client_id, str):
            raise ValidationError("client_id", client_id, "a client id (text) or None")
        version = self._version_on(to_date(on, "on"))
        extra = version.overrides.get(client_id, {}) if client_id is not None else {}
        return tuple(sorted({*version.rates, *extra}))

    def rate(self, role: str, *, on: _dt.date, client_id: str | None = None) -> Money:
        """The hourly rate of ``role`` on ``on``: the client's override if any, else the card's."""
        if not isinstance(role, str):
            raise ValidationError("role", role, "a role name (text)")
        if client_id is not None and not isinstance(client_id, str):
            raise ValidationError("client_id", client_id, "a client id (text) or None")
        version = self._version_on(to_date(on, "on"))
        if client_id is not None:
            override = version.overrides.get(client_id, {}).get(role)
            if override is not None:
                return override
        found = version.rates.get(role)
        if found is None:
            allowed = ", ".join(repr(r) for r in self.roles(on, client_id))
            raise ValidationError(
                "role", role, f"a role of rate card {self.name!r} on {on}: {allowed}"
            )
        return found


# -- lines ----------------------------------------------------------------------------------------


def _check_flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(attribute.name, value, "True or False")


def _check_optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(instance, attribute, value)


@attrs.frozen
class LabourLine:
    """Hours of a role, priced at the rate card's rate: ``LabourLine(role, hours)``.

    ``name`` tells two lines of one role apart (it defaults to the role) and is how an option is
    accepted; ``optional=True`` makes the line an option, out of the total unless accepted.

    >>> LabourLine("designer", "7.5").hours, LabourLine("designer", 8, optional=True).key
    (Decimal('7.5'), 'designer')
    """

    role: str = attrs.field(validator=check_text)
    hours: Decimal = attrs.field(converter=to_hours)
    optional: bool = attrs.field(default=False, validator=_check_flag, kw_only=True)
    name: str | None = attrs.field(default=None, validator=_check_optional_name, kw_only=True)

    kind: ClassVar[str] = "labour"

    @property
    def key(self) -> str:
        """The line's name: ``name`` if given, else the role."""
        return self.role if self.name is None else self.name


def _check_net(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or not value.is_rounded or value.amount < 0:
        raise ValidationError("net", value, "a Money rounded to its minor unit, of zero or more")


def _check_markup(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, Rate) or value.value < 0):
        raise ValidationError("markup", value, "a Rate of 0 or more, or None")


@attrs.frozen
class CostLine:
    """A third-party cost at ``net``, billed with an optional ``markup``: ``CostLine(description,
    net, markup)``.

    >>> from accountexec.money import Money, Rate
    >>> line = CostLine("print run", Money("1000.00", "EUR"), Rate.percent("17.65"))
    >>> line.price
    Money('1176.50', 'EUR')
    """

    description: str = attrs.field(validator=check_text)
    net: Money = attrs.field(validator=_check_net)
    markup: Rate | None = attrs.field(default=None, validator=_check_markup)
    optional: bool = attrs.field(default=False, validator=_check_flag, kw_only=True)

    kind: ClassVar[str] = "cost"

    @property
    def key(self) -> str:
        """The line's name: its description."""
        return self.description

    @property
    def price(self) -> Money:
        """``net × (1 + markup)``, rounded half-up to the minor unit."""
        if self.markup is None:
            return self.net
        return (self.net * (1 + self.markup)).round()


EstimateLine: TypeAlias = LabourLine | CostLine
"""A line of an estimate."""


# -- the estimate's figures -----------------------------------------------------------------------


def _check_rounded_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or not value.is_rounded or value.amount < 0:
        raise ValidationError(attribute.name, value, "a rounded Money of zero or more")


def _to_money_map(value: Mapping[str, Money]) -> Mapping[str, Money]:
    if not isinstance(value, Mapping):
        raise ValidationError("by_role", value, "a mapping of name to Money")
    return ReadOnlyMapping(dict(value))


def _to_hours_map(value: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise ValidationError("hours_by_role", value, "a mapping of role to hours")
    return ReadOnlyMapping({k: to_hours(v) for k, v in value.items()})


def _option_names(field: str, value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    items = to_sequence(field, value)
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(field, item, "names of optional lines")
    return frozenset(items)


def _to_options(value: Iterable[str]) -> frozenset[str]:
    return _option_names("options", value)


def _to_accepted_options(value: Iterable[str]) -> frozenset[str]:
    return _option_names("accepted_options", value)


@attrs.frozen(kw_only=True)
class EstimateTotals:
    """The figures of an estimate for a set of accepted options, every one rounded and exact.

    ``labour`` + ``costs`` + ``markup`` = ``subtotal``; ``subtotal`` + ``contingency`` =
    ``total``; ``by_role`` adds up to ``labour`` and ``by_cost`` (price with markup) to
    ``costs + markup``. :meth:`Estimate.totals` computes them.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
    ...                 effective=pendulum.date(2026, 1, 1))
    >>> e = Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
    ...              lines=[LabourLine("pm", 10)], valid_until=pendulum.date(2026, 3, 1))
    >>> e.totals().by_kind
    ReadOnlyMapping({'labour': Money('800.00', 'EUR'), 'cost': Money('0.00', 'EUR'), 'markup': Money('0.00', 'EUR'), 'contingency': Money('0.00', 'EUR')})
    """  # noqa: E501

    currency: Currency = attrs.field(converter=Currency)
    options: frozenset[str] = attrs.field(converter=_to_options)
    hours_by_role: Mapping[str, Decimal] = attrs.field(converter=_to_hours_map, hash=False)
    by_role: Mapping[str, Money] = attrs.field(converter=_to_money_map, hash=False)
    by_cost: Mapping[str, Money] = attrs.field(converter=_to_money_map, hash=False)
    labour: Money = attrs.field(validator=_check_rounded_money)
    costs: Money = attrs.field(validator=_check_rounded_money)
    markup: Money = attrs.field(validator=_check_rounded_money)
    contingency: Money = attrs.field(validator=_check_rounded_money)

    def __attrs_post_init__(self) -> None:
        code = self.currency.code
        for name in ("labour", "costs", "markup", "contingency"):
            if getattr(self, name).currency.code != code:
                raise ValidationError(name, getattr(self, name), f"an amount in {code}")
        if Money.sum(self.by_role.values(), self.currency) != self.labour:
            raise ValidationError("by_role", dict(self.by_role), "amounts adding up to labour")
        if Money.sum(self.by_cost.values(), self.currency) != self.costs + self.markup:
            raise ValidationError(
                "by_cost", dict(self.by_cost), "prices adding up to costs + markup"
            )

    @property
    def subtotal(self) -> Money:
        """Labour, costs and markup, before contingency."""
        return self.labour + self.costs + self.markup

    @property
    def total(self) -> Money:
        """The subtotal plus contingency: what the client is asked to approve."""
        return self.subtotal + self.contingency

    @property
    def hours(self) -> Decimal:
        """All the hours estimated."""
        return _add_up(self.hours_by_role.values())

    @property
    def by_kind(self) -> Mapping[str, Money]:
        """``labour``, ``cost`` (net), ``markup`` and ``contingency``: they add up to the total."""
        return ReadOnlyMapping(
            {
                "labour": self.labour,
                "cost": self.costs,
                "markup": self.markup,
                "contingency": self.contingency,
            }
        )


# -- the workflow ---------------------------------------------------------------------------------


class EstimateStatus(StrEnum):
    """Where an estimate stands: draft → sent → accepted | declined | expired.

    >>> sorted(s.value for s in EstimateStatus if ESTIMATE_WORKFLOW.is_terminal(s))
    ['accepted', 'declined', 'expired']
    """

    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


def _local_day(at: object, estimate: Estimate) -> pendulum.Date:
    moment = require_aware(at, "at")
    return pendulum.Date(moment.year, moment.month, moment.day)


def _still_valid(estimate: Estimate, **context: Any) -> str | None:
    day = _local_day(context.get("at"), estimate)
    if day > estimate.valid_until:
        return (
            f"it was valid until {estimate.valid_until} and this is {day}: "
            "expire it and send a revision"
        )
    return None


def _past_validity(estimate: Estimate, **context: Any) -> str | None:
    day = _local_day(context.get("at"), estimate)
    if day <= estimate.valid_until:
        return f"it is valid until {estimate.valid_until} and this is {day}"
    return None


ESTIMATE_WORKFLOW = Workflow(
    name="estimate",
    states=EstimateStatus,
    initial=EstimateStatus.DRAFT,
    terminal={EstimateStatus.ACCEPTED, EstimateStatus.DECLINED, EstimateStatus.EXPIRED},
    transitions=[
        Transition("send", EstimateStatus.DRAFT, EstimateStatus.SENT, guard=_still_valid),
        Transition("accept", EstimateStatus.SENT, EstimateStatus.ACCEPTED, guard=_still_valid),
        Transition("decline", EstimateStatus.SENT, EstimateStatus.DECLINED),
        Transition("expire", EstimateStatus.SENT, EstimateStatus.EXPIRED, guard=_past_validity),
    ],
)
"""The estimate's workflow. ``send`` and ``accept`` need the moment's date (in the zone of ``at``)
on or before ``valid_until``; ``expire`` needs it after."""


def _to_lines(value: Iterable[EstimateLine]) -> tuple[EstimateLine, ...]:
    lines = to_sequence("lines", value)
    for line in lines:
        if not isinstance(line, LabourLine | CostLine):
            raise ValidationError("lines", line, "LabourLine and CostLine values")
    return lines


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


def _to_status(value: object) -> EstimateStatus:
    return to_enum(EstimateStatus, value, "status")


def _valid_until(value: object) -> pendulum.Date:
    return to_date(value, "valid_until")


def _prepared_on(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "prepared_on")


def _start(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "start")


def _end(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "end")


def _check_version(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError("version", value, "an int, 1 or more")


def _check_contingency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, Rate) or not 0 <= value.value <= 1):
        raise ValidationError("contingency", value, "a Rate from 0 to 1 (100%), or None")


def _check_optional_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(instance, attribute, value)


ArrangementKind = Literal["time_and_materials", "milestones"]
"""The contract arrangements :meth:`Estimate.accept` can produce."""

_EDITABLE_FIELDS: Final = frozenset(
    {"lines", "rate_card", "contingency", "valid_until", "prepared_on", "start", "end", "brief_id"}
)


@attrs.frozen(kw_only=True)
class Estimate:
    """A priced proposal for a job, before any contract; one version of it, with its status.

    ``rate_card`` prices the labour lines for ``client_id`` as of ``prepared_on`` (``valid_until``
    when not given); every labour line's role must have a rate then, and every amount is in
    ``currency`` (the card's). Line names (a labour line's ``key``, a cost's description) are
    unique and never ``"contingency"``. ``contingency`` is a :class:`~accountexec.money.Rate` of
    the subtotal. ``start`` and ``end`` are the job's planned dates, the default period of the
    budget made on acceptance. Content changes with :meth:`edit` in draft; a sent estimate is
    changed by :meth:`revise`, which makes the next version.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
    ...                 effective=pendulum.date(2026, 1, 1))
    >>> Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
    ...          lines=[LabourLine("designer", 10)], valid_until=pendulum.date(2026, 3, 1))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'role': 'designer'; expected a role of rate card 'c' on 2026-03-01: 'pm'
    """  # noqa: E501

    workflow: ClassVar[Workflow] = ESTIMATE_WORKFLOW

    id: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    brief_id: str | None = attrs.field(default=None, validator=_check_optional_id)
    currency: Currency = attrs.field(converter=Currency)
    lines: tuple[EstimateLine, ...] = attrs.field(converter=_to_lines)
    rate_card: RateCard = attrs.field()
    contingency: Rate | None = attrs.field(default=None, validator=_check_contingency)
    valid_until: pendulum.Date = attrs.field(converter=_valid_until)
    prepared_on: pendulum.Date | None = attrs.field(default=None, converter=_prepared_on)
    start: pendulum.Date | None = attrs.field(default=None, converter=_start)
    end: pendulum.Date | None = attrs.field(default=None, converter=_end)
    version: int = attrs.field(default=1, validator=_check_version)
    accepted_options: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_accepted_options
    )
    status: EstimateStatus = attrs.field(default=EstimateStatus.DRAFT, converter=_to_status)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)

    @rate_card.validator
    def _check_card(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, RateCard):
            raise ValidationError("rate_card", value, "a RateCard")

    def __attrs_post_init__(self) -> None:
        if all(line.optional for line in self.lines):
            raise ValidationError(
                "lines", self.lines, "at least one labour or cost line that is not an option"
            )
        if self.rate_card.currency != self.currency:
            raise CurrencyMismatchError(
                self.currency.code,
                self.rate_card.currency.code,
                "price",
                message=(
                    f"cannot price estimate {self.id!r} in {self.currency.code!r} with rate card "
                    f"{self.rate_card.name!r} in {self.rate_card.currency.code!r}"
                ),
            )
        keys: set[str] = set()
        for line in self.lines:
            if line.key in keys or line.key == CONTINGENCY_LINE:
                raise ValidationError(
                    "lines", line.key, f"unique line names, other than {CONTINGENCY_LINE!r}"
                )
            keys.add(line.key)
            if isinstance(line, CostLine) and line.net.currency != self.currency:
                raise ValidationError("lines", line, f"cost lines in {self.currency.code}")
            if isinstance(line, LabourLine):
                self.rate_for(line.role)
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")
        unknown = self.accepted_options - {line.key for line in self.lines if line.optional}
        if unknown:
            raise ValidationError(
                "accepted_options", sorted(unknown), "names of the estimate's optional lines"
            )
        if self.accepted_options and self.status is not EstimateStatus.ACCEPTED:
            raise ValidationError(
                "accepted_options", sorted(self.accepted_options), "none before acceptance"
            )
        ESTIMATE_WORKFLOW.check(self)

    # -- pricing ----------------------------------------------------------------------------------

    @property
    def priced_on(self) -> pendulum.Date:
        """The date the rate card is read on: ``prepared_on``, else ``valid_until``."""
        return self.valid_until if self.prepared_on is None else self.prepared_on

    def rate_for(self, role: str) -> Money:
        """The hourly rate of ``role`` for this client on :attr:`priced_on`."""
        return self.rate_card.rate(role, on=self.priced_on, client_id=self.client_id)

    def line_amount(self, line: EstimateLine) -> Money:
        """A line's price: hours × rate rounded half-up, or a cost's net plus markup."""
        if isinstance(line, LabourLine):
            return (self.rate_for(line.role) * line.hours).round()
        if not isinstance(line, CostLine):
            raise ValidationError("line", line, "a LabourLine or a CostLine")
        return line.price

    @property
    def options(self) -> tuple[str, ...]:
        """The names of the optional lines, in line order."""
        return tuple(line.key for line in self.lines if line.optional)

    def _check_options(self, options: Iterable[str]) -> frozenset[str]:
        chosen = _to_options(options)
        unknown = chosen - set(self.options)
        if unknown:
            allowed = ", ".join(repr(o) for o in self.options) or "none"
            raise ValidationError("options", sorted(unknown), f"optional lines among {allowed}")
        return chosen

    def included_lines(self, options: Iterable[str] | None = None) -> tuple[EstimateLine, ...]:
        """The lines counted: every line that is not optional, and the options given.

        ``options`` default to the accepted ones (none before acceptance).
        """
        chosen = self.accepted_options if options is None else self._check_options(options)
        return tuple(line for line in self.lines if not line.optional or line.key in chosen)

    def totals(self, options: Iterable[str] | None = None) -> EstimateTotals:
        """The estimate's figures with the ``options`` given (default: the accepted ones)."""
        chosen = self.accepted_options if options is None else self._check_options(options)
        zero = Money.zero(self.currency)
        hours: dict[str, Decimal] = {}
        by_role: dict[str, Money] = {}
        by_cost: dict[str, Money] = {}
        costs = zero
        for line in self.included_lines(chosen):
            if isinstance(line, LabourLine):
                by_role[line.role] = by_role.get(line.role, zero) + self.line_amount(line)
                hours[line.role] = DECIMAL_CONTEXT.add(hours.get(line.role, _ZERO), line.hours)
            else:
                by_cost[line.key] = line.price
                costs += line.net
        labour = Money.sum(by_role.values(), self.currency)
        priced = Money.sum(by_cost.values(), self.currency)
        subtotal = labour + priced
        contingency = zero if self.contingency is None else (subtotal * self.contingency).round()
        return EstimateTotals(
            currency=self.currency,
            options=chosen,
            hours_by_role=hours,
            by_role=by_role,
            by_cost=by_cost,
            labour=labour,
            costs=costs,
            markup=priced - costs,
            contingency=contingency,
        )

    @property
    def total(self) -> Money:
        """The total with the accepted options (none before acceptance)."""
        return self.totals().total

    # -- content and versions ---------------------------------------------------------------------

    def edit(self, **changes: Any) -> Estimate:
        """The draft with its content changed (``lines``, ``rate_card``, ``contingency``,
        ``valid_until``, ``prepared_on``, ``start``, ``end``, ``brief_id``).

        Only a draft is edited; a sent estimate is changed by :meth:`revise`.
        """
        unknown = sorted(set(changes) - _EDITABLE_FIELDS)
        if unknown:
            raise ValidationError(
                "changes", unknown, "content fields: " + ", ".join(sorted(_EDITABLE_FIELDS))
            )
        if self.status is not EstimateStatus.DRAFT:
            raise ValidationError(
                "status", self.status.value, "'draft' to edit; revise a sent estimate instead"
            )
        return attrs.evolve(self, **changes)

    def revise(self, **changes: Any) -> Estimate:
        """The next version, in draft, with ``changes`` (as :meth:`edit`); this one is untouched.

        A draft is edited rather than revised; an accepted estimate is not revised.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
        ...                 effective=pendulum.date(2026, 1, 1))
        >>> e = Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
        ...              lines=[LabourLine("pm", 10)], valid_until=pendulum.date(2026, 3, 1))
        >>> sent = e.send(at=pendulum.datetime(2026, 2, 1, tz="UTC"))
        >>> v2 = sent.revise(lines=[LabourLine("pm", 12)])
        >>> (sent.version, sent.total), (v2.version, v2.status.value, v2.total)
        ((1, Money('800.00', 'EUR')), (2, 'draft', Money('960.00', 'EUR')))
        """
        if self.status in (EstimateStatus.DRAFT, EstimateStatus.ACCEPTED):
            raise ValidationError(
                "status",
                self.status.value,
                "'sent', 'declined' or 'expired' to revise (edit a draft instead)",
            )
        fresh = attrs.evolve(
            self,
            version=self.version + 1,
            status=EstimateStatus.DRAFT,
            history=(),
            accepted_options=frozenset(),
        )
        return fresh.edit(**changes)

    # -- workflow ---------------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return ESTIMATE_WORKFLOW.allowed_events(self)

    def is_expired(self, as_of: _dt.date) -> bool:
        """Whether a sent estimate's validity has passed by ``as_of``."""
        day = to_date(as_of, "as_of")
        return self.status is EstimateStatus.SENT and day > self.valid_until

    def send(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Estimate:
        """draft → sent, while still valid."""
        return apply(self, "send", at=at, by=by, note=note)

    def decline(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Estimate:
        """sent → declined."""
        return apply(self, "decline", at=at, by=by, note=note)

    def expire(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Estimate:
        """sent → expired, once the date of ``at`` is after ``valid_until``."""
        return apply(self, "expire", at=at, by=by, note=note)

    def accept(
        self,
        *,
        at: _dt.datetime,
        options: Iterable[str] = (),
        start: _dt.date | None = None,
        end: _dt.date | None = None,
        budget_id: str | None = None,
        arrangement: ArrangementKind | None = None,
        split: Sequence[tuple[str, Rate]] | Mapping[str, Rate] | None = None,
        policy: OverspendPolicy | str = OverspendPolicy.WARN,
        by: str | None = None,
        note: str | None = None,
    ) -> EstimateAcceptance:
        """sent → accepted with ``options``; the budget and, on request, the arrangements.

        The :class:`~accountexec.budgets.Budget` (id ``budget_id``, default the estimate's id;
        overspend ``policy`` default ``"warn"``) runs from ``start`` (default the estimate's, else
        the date of ``at``) to ``end`` (default the estimate's) with a line per role, a line per
        cost (its price with markup) and a ``"contingency"`` line when there is one: it plans
        exactly the accepted total. ``arrangement="time_and_materials"`` adds a
        :class:`~accountexec.billing.TimeAndMaterials` at the estimate's rates, capped at the
        accepted total; ``arrangement="milestones"`` adds fixed-fee
        :class:`~accountexec.billing.Milestone` s from ``split`` (``(name, portion)`` pairs whose
        portions add up to 100%), the total allocated among them to the cent.

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
        ...                 effective=pendulum.date(2026, 1, 1))
        >>> e = Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
        ...              lines=[LabourLine("pm", 10)], valid_until=pendulum.date(2026, 3, 1),
        ...              end=pendulum.date(2026, 6, 30))
        >>> at = pendulum.datetime(2026, 2, 2, 9, tz="Europe/Paris")
        >>> done = e.send(at=at).accept(at=at, arrangement="milestones",
        ...     split=[("kick-off", Rate.percent(30)), ("delivery", Rate.percent(70))])
        >>> [(m.name, m.amount) for m in done.arrangements]
        [('kick-off', Money('240.00', 'EUR')), ('delivery', Money('560.00', 'EUR'))]
        """
        chosen = self._check_options(options)
        require_aware(at, "at")
        day = _local_day(at, self)
        first = to_date(start, "start") if start is not None else (self.start or day)
        last = to_date(end, "end") if end is not None else self.end
        if last is None:
            raise ValidationError(
                "end", end, "the last day of the job's budget: pass end= or give the estimate one"
            )
        if arrangement not in (None, "time_and_materials", "milestones"):
            raise ValidationError(
                "arrangement", arrangement, "None, 'time_and_materials' or 'milestones'"
            )
        if (split is not None) != (arrangement == "milestones"):
            raise ValidationError(
                "split", split, "(name, portion) pairs with arrangement='milestones' only"
            )
        accepted = attrs.evolve(
            apply(self, "accept", at=at, by=by, note=note), accepted_options=chosen
        )
        totals = accepted.totals()
        budget_lines = [BudgetLine(role, amount) for role, amount in totals.by_role.items()]
        budget_lines += [BudgetLine(key, amount) for key, amount in totals.by_cost.items()]
        if self.contingency is not None:
            budget_lines.append(BudgetLine(CONTINGENCY_LINE, totals.contingency))
        budget = Budget(
            id=self.id if budget_id is None else budget_id,
            currency=self.currency,
            start=first,
            end=last,
            lines=budget_lines,
            policy=policy,
        )
        arrangements: tuple[TimeAndMaterials | Milestone, ...] = ()
        if arrangement == "time_and_materials":
            roles = sorted(totals.hours_by_role)
            if not roles:
                raise ValidationError(
                    "arrangement", arrangement, "'milestones' for an estimate without labour"
                )
            arrangements = (
                TimeAndMaterials(
                    hourly_rates={role: self.rate_for(role) for role in roles},
                    cap=totals.total,
                    name=f"estimate {self.id} v{self.version}",
                ),
            )
        elif arrangement == "milestones":
            arrangements = _milestones(totals.total, split)
        return EstimateAcceptance(estimate=accepted, budget=budget, arrangements=arrangements)

    # -- notebooks --------------------------------------------------------------------------------

    def to_records(self, options: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """One flat dict per line: name, kind, hours, rate, net, price, whether counted."""
        chosen = self.accepted_options if options is None else self._check_options(options)
        return [
            {
                "estimate": self.id,
                "version": self.version,
                "line": line.key,
                "kind": line.kind,
                "hours": line.hours if isinstance(line, LabourLine) else None,
                "rate": self.rate_for(line.role).amount if isinstance(line, LabourLine) else None,
                "net": line.net.amount if isinstance(line, CostLine) else None,
                "price": self.line_amount(line).amount,
                "optional": line.optional,
                "counted": not line.optional or line.key in chosen,
            }
            for line in self.lines
        ]

    def _repr_html_(self) -> str:
        caption = f"estimate {self.id} v{self.version} ({self.status.value}), total {self.total!r}"
        return _views.records_html(self.to_records(), caption=caption)


def _milestones(
    total: Money, split: Sequence[tuple[str, Rate]] | Mapping[str, Rate] | None
) -> tuple[Milestone, ...]:
    pairs = list(split.items()) if isinstance(split, Mapping) else list(to_sequence("split", split))  # type: ignore[arg-type]
    if not pairs:
        raise ValidationError("split", split, "at least one (name, portion) pair")
    portions: list[Decimal] = []
    for pair in pairs:
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or not isinstance(pair[1], Rate)
            or not 0 < pair[1].value <= 1
        ):
            raise ValidationError("split", pair, "(name, portion) pairs with a Rate in (0, 1]")
        portions.append(pair[1].value)
    if _add_up(portions) != 1:
        raise ValidationError(
            "split", [str(p) for p in portions], "portions adding up to exactly 100%"
        )
    amounts = total.allocate(portions)
    return tuple(Milestone(name, amount) for (name, _p), amount in zip(pairs, amounts, strict=True))


def _to_arrangements(
    value: Iterable[TimeAndMaterials | Milestone],
) -> tuple[TimeAndMaterials | Milestone, ...]:
    items = to_sequence("arrangements", value)
    for item in items:
        if not isinstance(item, TimeAndMaterials | Milestone):
            raise ValidationError("arrangements", item, "TimeAndMaterials and Milestone values")
    return items


@attrs.frozen(kw_only=True)
class EstimateAcceptance:
    """What accepting an estimate produces: the accepted estimate, its budget, the arrangements.

    ``arrangements`` is empty unless :meth:`Estimate.accept` was asked for them; they go into a
    :class:`~accountexec.contracts.Contract`'s ``arrangements``.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
    ...                 effective=pendulum.date(2026, 1, 1))
    >>> e = Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
    ...              lines=[LabourLine("pm", 10)], valid_until=pendulum.date(2026, 3, 1),
    ...              end=pendulum.date(2026, 3, 31))
    >>> at = pendulum.datetime(2026, 2, 2, 9, tz="UTC")
    >>> done = e.send(at=at).accept(at=at, arrangement="time_and_materials")
    >>> done.budget.line_keys, done.arrangements[0].cap
    (('pm',), Money('800.00', 'EUR'))
    """

    estimate: Estimate = attrs.field()
    budget: Budget = attrs.field()
    arrangements: tuple[TimeAndMaterials | Milestone, ...] = attrs.field(
        default=(), converter=_to_arrangements
    )

    @estimate.validator
    def _check_estimate(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Estimate) or value.status is not EstimateStatus.ACCEPTED:
            raise ValidationError("estimate", value, "an accepted Estimate")

    @budget.validator
    def _check_budget(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Budget):
            raise ValidationError("budget", value, "a Budget")
        if value.planned != self.estimate.total:
            raise ValidationError(
                "budget",
                value.planned,
                f"a budget planning the accepted total {self.estimate.total!r}",
            )


# -- job costing ----------------------------------------------------------------------------------


def _check_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("labour", "cost"):
        raise ValidationError("kind", value, "'labour' or 'cost'")


def _check_hours_figure(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        raise ValidationError(attribute.name, value, "a finite Decimal of hours, zero or more")


@attrs.frozen(kw_only=True)
class JobCostRow:
    """Estimate against actual for one role (``kind="labour"``) or one cost (``kind="cost"``).

    Labour is valued at the estimate's rates; costs at net. ``at_completion`` is the estimate at
    completion: what is spent plus what the remaining hours will cost (for a cost, or without a
    remaining-hours input, the larger of actual and estimated). ``variance`` is ``estimated -
    at_completion`` (negative: an overrun).

    >>> from decimal import Decimal
    >>> from accountexec.money import Money
    >>> row = JobCostRow(kind="labour", key="pm", estimated_hours=Decimal(10),
    ...                  actual_hours=Decimal(6), estimated=Money("800.00", "EUR"),
    ...                  actual=Money("480.00", "EUR"), at_completion=Money("880.00", "EUR"))
    >>> row.percent_used, row.variance
    (Rate('0.6'), Money('-80.00', 'EUR'))
    """

    kind: str = attrs.field(validator=_check_kind)
    key: str = attrs.field(validator=check_text)
    estimated_hours: Decimal = attrs.field(default=_ZERO, validator=_check_hours_figure)
    actual_hours: Decimal = attrs.field(default=_ZERO, validator=_check_hours_figure)
    estimated: Money = attrs.field(validator=_check_rounded_money)
    actual: Money = attrs.field(validator=_check_rounded_money)
    at_completion: Money = attrs.field(validator=_check_rounded_money)

    def __attrs_post_init__(self) -> None:
        code = self.estimated.currency.code
        for name in ("actual", "at_completion"):
            if getattr(self, name).currency.code != code:
                raise ValidationError(name, getattr(self, name), f"an amount in {code}")
        if self.at_completion < self.actual:
            raise ValidationError(
                "at_completion", self.at_completion, f"at least the actual {self.actual!r}"
            )

    @property
    def remaining(self) -> Money:
        """Estimated minus actual (negative once overspent)."""
        return self.estimated - self.actual

    @property
    def percent_used(self) -> Rate | None:
        """Actual over estimated (None when nothing was estimated)."""
        if self.estimated.amount == 0:
            return None
        return Rate(DECIMAL_CONTEXT.divide(self.actual.amount, self.estimated.amount))

    @property
    def variance(self) -> Money:
        """Estimated minus estimate at completion: negative is an overrun."""
        return self.estimated - self.at_completion

    def __add__(self, other: JobCostRow) -> JobCostRow:
        if not isinstance(other, JobCostRow):
            raise ValidationError("other", other, "a JobCostRow")
        if (self.kind, self.key) != (other.kind, other.key):
            raise ValidationError(
                "other", (other.kind, other.key), f"a row {(self.kind, self.key)!r}"
            )
        return JobCostRow(
            kind=self.kind,
            key=self.key,
            estimated_hours=DECIMAL_CONTEXT.add(self.estimated_hours, other.estimated_hours),
            actual_hours=DECIMAL_CONTEXT.add(self.actual_hours, other.actual_hours),
            estimated=self.estimated + other.estimated,
            actual=self.actual + other.actual,
            at_completion=self.at_completion + other.at_completion,
        )


def _to_rows(value: Iterable[JobCostRow]) -> tuple[JobCostRow, ...]:
    rows = to_sequence_of("rows", JobCostRow, value)
    return tuple(sorted(rows, key=lambda r: (r.kind != "labour", r.key)))


def _to_jobs(value: Iterable[str]) -> frozenset[str]:
    items = to_sequence("jobs", value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError("jobs", item, "estimate ids (non-empty text)")
    return frozenset(items)


def _to_spend(value: Iterable[tuple[_dt.date, Money]]) -> tuple[tuple[pendulum.Date, Money], ...]:
    days: dict[pendulum.Date, Money] = {}
    for item in to_sequence("spend", value):
        if not isinstance(item, tuple) or len(item) != 2 or not isinstance(item[1], Money):
            raise ValidationError("spend", item, "(date, Money) pairs")
        day = to_date(item[0], "spend")
        days[day] = days[day] + item[1] if day in days else item[1]
    return tuple(sorted(days.items()))


def _as_of(value: object) -> pendulum.Date:
    return to_date(value, "as_of")


@attrs.frozen(kw_only=True)
class JobCost:
    """Estimate against actual, by role and by cost, for one job or several merged.

    :func:`job_cost` computes one job's; ``+`` merges two (same currency and ``as_of``), adding
    the rows of the same role or cost, so a portfolio of jobs is costed in pieces and combined.
    ``spend`` holds the actual cost per day, for the burn chart.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> JobCost.empty("EUR", pendulum.date(2026, 3, 1)).total.actual
    Money('0.00', 'EUR')
    """

    currency: Currency = attrs.field(converter=Currency)
    as_of: pendulum.Date = attrs.field(converter=_as_of)
    jobs: frozenset[str] = attrs.field(default=frozenset(), converter=_to_jobs)
    rows: tuple[JobCostRow, ...] = attrs.field(default=(), converter=_to_rows)
    spend: tuple[tuple[pendulum.Date, Money], ...] = attrs.field(default=(), converter=_to_spend)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for row in self.rows:
            if row.estimated.currency != self.currency:
                raise ValidationError("rows", row, f"rows in {self.currency.code}")
            if (row.kind, row.key) in seen:
                raise ValidationError("rows", (row.kind, row.key), "one row per kind and key")
            seen.add((row.kind, row.key))
        for day, amount in self.spend:
            if amount.currency != self.currency or day > self.as_of:
                raise ValidationError(
                    "spend", (str(day), amount), f"amounts in {self.currency.code} by {self.as_of}"
                )
        if Money.sum((a for _d, a in self.spend), self.currency) != self.total.actual:
            raise ValidationError("spend", len(self.spend), "daily amounts adding up to actual")

    @classmethod
    def empty(cls, currency: str | Currency, as_of: _dt.date) -> JobCost:
        """The identity of ``+`` for a currency and a date."""
        return cls(currency=currency, as_of=as_of)

    def __add__(self, other: JobCost) -> JobCost:
        if not isinstance(other, JobCost):
            raise ValidationError("other", other, "a JobCost")
        if (self.currency, self.as_of) != (other.currency, other.as_of):
            raise ValidationError(
                "other",
                (other.currency.code, str(other.as_of)),
                f"a job cost in {self.currency.code} as of {self.as_of}",
            )
        rows = {(r.kind, r.key): r for r in self.rows}
        for row in other.rows:
            key = (row.kind, row.key)
            rows[key] = rows[key] + row if key in rows else row
        return JobCost(
            currency=self.currency,
            as_of=self.as_of,
            jobs=self.jobs | other.jobs,
            rows=rows.values(),
            spend=(*self.spend, *other.spend),
        )

    def row(self, kind: str, key: str) -> JobCostRow:
        """The row of one role (``"labour"``) or one cost (``"cost"``)."""
        for row in self.rows:
            if (row.kind, row.key) == (kind, key):
                return row
        allowed = ", ".join(repr((r.kind, r.key)) for r in self.rows) or "none"
        raise ValidationError("key", (kind, key), f"one of {allowed}")

    @property
    def total(self) -> JobCostRow:
        """All rows added up (hours are the labour hours), as a row with key ``"*"``."""
        zero = Money.zero(self.currency)
        labour = [r for r in self.rows if r.kind == "labour"]
        return JobCostRow(
            kind="labour",
            key="*",
            estimated_hours=_add_up(r.estimated_hours for r in labour),
            actual_hours=_add_up(r.actual_hours for r in labour),
            estimated=Money.sum((r.estimated for r in self.rows), self.currency) + zero,
            actual=Money.sum((r.actual for r in self.rows), self.currency),
            at_completion=Money.sum((r.at_completion for r in self.rows), self.currency),
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per row: kind, key, hours, money, ratios (``pandas.DataFrame`` ready)."""
        records = []
        for r in self.rows:
            used = r.percent_used
            records.append(
                {
                    "kind": r.kind,
                    "key": r.key,
                    "currency": self.currency.code,
                    "estimated_hours": r.estimated_hours,
                    "actual_hours": r.actual_hours,
                    "estimated": r.estimated.amount,
                    "actual": r.actual.amount,
                    "remaining": r.remaining.amount,
                    "percent_used": None if used is None else used.value,
                    "at_completion": r.at_completion.amount,
                    "variance": r.variance.amount,
                }
            )
        return records

    def burn_spec(self) -> dict[str, Any]:
        """A Vega-Lite chart: cumulative actual cost (a step line) against the estimate (flat).

        Drawn with the budget's burn chart: its ``"theoretical"`` series is the estimated total.
        """
        estimated = self.total.estimated.amount
        running = Money.zero(self.currency)
        rows: list[tuple[_dt.date, Decimal, Decimal | None]] = []
        first = self.spend[0][0].subtract(days=1) if self.spend else self.as_of
        rows.append((first, estimated, running.amount))
        for day, amount in self.spend:
            running += amount
            rows.append((day, estimated, running.amount))
        if not self.spend or self.spend[-1][0] < self.as_of:
            rows.append((self.as_of, estimated, running.amount))
        jobs = ", ".join(sorted(self.jobs)) or "no job"
        return _views.burn_spec(rows, title=f"job cost: {jobs}", currency=self.currency.code)

    def _repr_html_(self) -> str:
        caption = f"job cost as of {self.as_of}, {self.currency.code}"
        return _views.records_html(self.to_records(), caption=caption)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """HTML, and the burn chart."""
        return {"text/html": self._repr_html_(), _views.VEGA_LITE_MIME: self.burn_spec()}


def job_cost(
    estimate: Estimate,
    entries: Iterable[TimeEntry],
    expenses: Iterable[Expense],
    as_of: _dt.date,
    *,
    remaining_hours: Mapping[str, Decimal | int | str] | None = None,
) -> JobCost:
    """Estimate against actual for one job: time entries and expenses on or before ``as_of``.

    Hours are valued at the estimate's rates for the client (a role the rate card does not price
    is refused); an expense counts against the cost line of the same description, else as a cost
    of its own with nothing estimated. The estimate's lines are those counted (accepted options
    included); its contingency is not a row. ``remaining_hours`` (role → hours still to work)
    gives labour its estimate at completion: actual plus remaining hours at the rate; without it,
    and for costs, the larger of actual and estimated.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.time_and_materials import Expense, TimeEntry
    >>> card = RateCard("c", "EUR", rates={"pm": Money("80.00", "EUR")},
    ...                 effective=pendulum.date(2026, 1, 1))
    >>> e = Estimate(id="E", client_id="c", currency="EUR", rate_card=card,
    ...              lines=[LabourLine("pm", 10), CostLine("print", Money("500.00", "EUR"))],
    ...              valid_until=pendulum.date(2026, 3, 1))
    >>> day = pendulum.date(2026, 3, 2)
    >>> cost = job_cost(e, [TimeEntry("ana", "pm", day, 6)],
    ...                 [Expense(description="print", on=day, amount=Money("450.00", "EUR"))],
    ...                 as_of=day, remaining_hours={"pm": 5})
    >>> pm = cost.row("labour", "pm")
    >>> pm.actual, pm.percent_used, pm.at_completion, pm.variance
    (Money('480.00', 'EUR'), Rate('0.6'), Money('880.00', 'EUR'), Money('-80.00', 'EUR'))
    """
    if not isinstance(estimate, Estimate):
        raise ValidationError("estimate", estimate, "an Estimate")
    day = to_date(as_of, "as_of")
    currency = estimate.currency
    zero = Money.zero(currency)
    remaining: dict[str, Decimal] = {}
    if remaining_hours is not None:
        if not isinstance(remaining_hours, Mapping):
            raise ValidationError("remaining_hours", remaining_hours, "a mapping of role to hours")
        remaining = {role: to_hours(h) for role, h in remaining_hours.items()}
    totals = estimate.totals()
    est_hours = dict(totals.hours_by_role)
    actual_hours: dict[str, Decimal] = {}
    actual_labour: dict[str, Money] = {}
    spend: list[tuple[pendulum.Date, Money]] = []
    for entry in to_sequence_of("entries", TimeEntry, entries):
        if entry.on > day:
            continue
        amount = (estimate.rate_for(entry.role) * entry.hours).round()
        actual_hours[entry.role] = DECIMAL_CONTEXT.add(
            actual_hours.get(entry.role, _ZERO), entry.hours
        )
        actual_labour[entry.role] = actual_labour.get(entry.role, zero) + amount
        spend.append((entry.on, amount))
    net_by_cost = {
        line.key: line.net for line in estimate.included_lines() if isinstance(line, CostLine)
    }
    actual_costs: dict[str, Money] = {}
    for expense in to_sequence_of("expenses", Expense, expenses):
        if expense.on > day:
            continue
        if expense.amount.currency != currency:
            raise ValidationError("expenses", expense, f"expenses in {currency.code}")
        key = expense.description
        actual_costs[key] = actual_costs.get(key, zero) + expense.amount
        spend.append((expense.on, expense.amount))
    unknown = sorted(set(remaining) - set(est_hours) - set(actual_hours))
    if unknown:
        raise ValidationError("remaining_hours", unknown, "roles estimated or worked on the job")
    rows: list[JobCostRow] = []
    for role in sorted({*est_hours, *actual_hours}):
        estimated = totals.by_role.get(role, zero)
        actual = actual_labour.get(role, zero)
        if role in remaining:
            at_completion = actual + (estimate.rate_for(role) * remaining[role]).round()
        else:
            at_completion = max(actual, estimated)
        rows.append(
            JobCostRow(
                kind="labour",
                key=role,
                estimated_hours=est_hours.get(role, _ZERO),
                actual_hours=actual_hours.get(role, _ZERO),
                estimated=estimated,
                actual=actual,
                at_completion=at_completion,
            )
        )
    for key in sorted({*net_by_cost, *actual_costs}):
        estimated = net_by_cost.get(key, zero)
        actual = actual_costs.get(key, zero)
        rows.append(
            JobCostRow(
                kind="cost",
                key=key,
                estimated=estimated,
                actual=actual,
                at_completion=max(actual, estimated),
            )
        )
    return JobCost(currency=currency, as_of=day, jobs={estimate.id}, rows=rows, spend=spend)
