"""Campaigns: the work that answers a brief, its deliverables, its workflow and its hierarchy.

A :class:`Campaign` runs a flight (``flight_start`` to ``flight_end``, both days included) on some
channels with a :class:`~accountexec.budgets.Budget`, :class:`Deliverable` s and :class:`KPI` s.
Its status moves through :data:`CAMPAIGN_WORKFLOW`::

    draft --plan--> planned --approve--> approved --go_live--> live --complete--> completed
                                                    live --pause--> paused --resume--> live
    any status but completed and cancelled --cancel--> cancelled

Guards: ``approve`` needs the approved brief of the campaign (``campaign.approve(at=..., brief=b)``)
and a budget whose planned total covers the deliverables' cost estimates; ``go_live`` and
``resume`` need ``at`` (its date, in its own time zone) within the flight; ``complete`` needs every
deliverable done or dropped. A refusal raises :class:`~accountexec.errors.InvalidTransitionError`
with the guard's reason.

Deliverables without a due date of their own are *launch work*: :meth:`Campaign.schedule` plans
them back from the flight start with :class:`~accountexec.deadlines.Schedule`, so they are ready on
the last business day before the flight starts. A deliverable may instead carry a fixed due date
or a deadline rule counted from the flight start (a report ``BusinessDays(10)`` after launch).

:func:`rollup` sums budgets, actual spend and expected revenue up a hierarchy of campaigns;
:func:`roi` is ``(attributed revenue - actual cost) / actual cost``.

>>> import pendulum
>>> from datetime import date
>>> from accountexec.budgets import Budget, BudgetLine
>>> from accountexec.money import Money
>>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 6, 1), end=date(2026, 6, 30),
...                 lines=[BudgetLine("social", Money("5000.00", "EUR"))])
>>> campaign = Campaign(
...     id="C-1", client_id="CL-1", brief_id="BR-1", name="Summer", budget=budget,
...     flight_start=date(2026, 6, 1), flight_end=date(2026, 6, 30), channels=["social"],
...     deliverables=[Deliverable(name="copy", owner="ana", duration=3),
...                   Deliverable(name="visuals", owner="ben", duration=5, depends_on=["copy"])],
... )
>>> plan = campaign.schedule(WorkCalendar())
>>> plan["copy"].latest_start, plan["visuals"].latest_finish
(Date(2026, 5, 20), Date(2026, 5, 29))
>>> campaign.plan(at=pendulum.datetime(2026, 5, 4, 9)).status
<CampaignStatus.PLANNED: 'planned'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import pendulum

from accountexec._fields import (
    check_text,
    instance_of,
    require_aware,
    require_currency,
    to_date,
    to_enum,
    to_sequence,
    to_sequence_of,
)
from accountexec.calendars import WorkCalendar
from accountexec.clients.briefs import Brief, BriefStatus
from accountexec.clients.budgets import Budget
from accountexec.deadlines import BusinessHours, DeadlineRule, Schedule, ScheduledPlan, Task
from accountexec.errors import CurrencyMismatchError, ScheduleError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, money_validator
from accountexec.workflow import StatusChange, Transition, Workflow, apply

__all__ = [
    "CAMPAIGN_WORKFLOW",
    "DELIVERABLE_WORKFLOW",
    "KPI",
    "Campaign",
    "CampaignRollup",
    "CampaignStatus",
    "Deliverable",
    "DeliverableStatus",
    "roi",
    "rollup",
]


class CampaignStatus(StrEnum):
    """Where a campaign stands, along :data:`CAMPAIGN_WORKFLOW`.

    >>> sorted(CAMPAIGN_WORKFLOW.events_from(CampaignStatus.LIVE))
    ['cancel', 'complete', 'pause']
    >>> [s.value for s in CampaignStatus if CAMPAIGN_WORKFLOW.is_terminal(s)]
    ['completed', 'cancelled']
    """

    DRAFT = "draft"
    PLANNED = "planned"
    APPROVED = "approved"
    LIVE = "live"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DeliverableStatus(StrEnum):
    """Where a deliverable stands, along :data:`DELIVERABLE_WORKFLOW`.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 5, 4, 9, tz="Europe/Paris")
    >>> copy = Deliverable(name="copy", owner="ana", duration=3)
    >>> started = copy.start(at=at)
    >>> copy.status, started.status, started.finish(at=at.add(days=2)).status
    (<DeliverableStatus.PLANNED: 'planned'>, <DeliverableStatus.IN_PROGRESS: 'in_progress'>,
     <DeliverableStatus.DONE: 'done'>)
    """

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# -- converters and validators ------------------------------------------------------------------


def _flight_start(value: date) -> pendulum.Date:
    return to_date(value, "flight_start")


def _flight_end(value: date) -> pendulum.Date:
    return to_date(value, "flight_end")


def _to_due(value: object) -> pendulum.Date | DeadlineRule | None:
    if value is None:
        return None
    if isinstance(value, DeadlineRule) and not isinstance(value, BusinessHours):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return to_date(value, "due")
    raise ValidationError(
        "due", value, "None (due by launch), a date, or a day-based deadline rule"
    )


def _to_names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("depends_on", value, "a collection of deliverable names")
    names = tuple(value)
    for name in names:  # before hashing: a list in the list is unhashable
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("depends_on", value, "non-empty deliverable names")
    return frozenset(names)


def _to_channels(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("channels", value, "a collection of channel names")
    channels = tuple(value)
    for channel in channels:
        if not isinstance(channel, str) or not channel.strip():
            raise ValidationError("channels", channel, "non-empty channel names")
    if len(set(channels)) != len(channels):
        raise ValidationError("channels", channels, "each channel once")
    return channels


def _to_deliverables(value: Iterable[Deliverable]) -> tuple[Deliverable, ...]:
    return to_sequence("deliverables", value)


def _to_kpis(value: Iterable[KPI]) -> tuple[KPI, ...]:
    return to_sequence("kpis", value)


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


def _to_campaign_status(value: CampaignStatus | str) -> CampaignStatus:
    return to_enum(CampaignStatus, value, "status")


def _to_deliverable_status(value: DeliverableStatus | str) -> DeliverableStatus:
    return to_enum(DeliverableStatus, value, "status")


def _to_number(field: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValidationError(field, value, "a Decimal, int or numeric str (never a float)")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise ValidationError(field, value, "a Decimal, int or numeric str") from None
    if not number.is_finite():
        raise ValidationError(field, value, "a finite number")
    return number


def _to_target(value: Decimal | int | str) -> Decimal:
    return _to_number("target", value)


def _to_actual(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _to_number("actual", value)


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(instance, attribute, value)


def _check_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("duration", value, "a whole number of business days, 0 or more")


def _check_cost(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Money) or value.amount < 0:
        raise ValidationError("cost", value, "None or a Money amount of zero or more")


def _check_revenue(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money):
        raise ValidationError("expected_revenue", value, "a Money amount")


# -- deliverables -------------------------------------------------------------------------------

DELIVERABLE_WORKFLOW = Workflow(
    name="deliverable",
    states=DeliverableStatus,
    initial=DeliverableStatus.PLANNED,
    terminal={DeliverableStatus.DONE, DeliverableStatus.DROPPED},
    transitions=[
        Transition("start", DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS),
        Transition(
            "finish",
            {DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS},
            DeliverableStatus.DONE,
        ),
        Transition(
            "drop",
            {DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS},
            DeliverableStatus.DROPPED,
        ),
    ],
)
"""planned → in_progress → done; planned or in_progress → done or dropped."""


@attrs.frozen(kw_only=True)
class Deliverable:
    """A piece of work the campaign owes: who does it, how long it takes, when it is due.

    ``duration`` is in business days (0 for a milestone); ``depends_on`` names deliverables that
    must finish first. ``due`` is ``None`` for launch work (due on the last business day before
    the flight starts, earlier when launch work depends on it: see :meth:`Campaign.schedule`),
    a fixed date, or a deadline rule counted from the flight start (``BusinessDays(10)``: ten
    business days after launch). ``cost`` is an optional estimate in the budget's currency.
    Its status follows :data:`DELIVERABLE_WORKFLOW`; its ``id`` is its name.

    >>> import pendulum
    >>> copy = Deliverable(name="copy", owner="ana", duration=3)
    >>> copy.start(at=pendulum.datetime(2026, 5, 4, 9)).finish(
    ...     at=pendulum.datetime(2026, 5, 6, 17)).status
    <DeliverableStatus.DONE: 'done'>
    """

    workflow: ClassVar[Workflow] = DELIVERABLE_WORKFLOW

    name: str = attrs.field(validator=check_text)
    owner: str = attrs.field(validator=check_text)
    duration: int = attrs.field(default=1, validator=_check_duration)
    depends_on: frozenset[str] = attrs.field(default=frozenset(), converter=_to_names)
    due: pendulum.Date | DeadlineRule | None = attrs.field(default=None, converter=_to_due)
    cost: Money | None = attrs.field(default=None, validator=_check_cost)
    status: DeliverableStatus = attrs.field(
        default=DeliverableStatus.PLANNED, converter=_to_deliverable_status
    )
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)

    def __attrs_post_init__(self) -> None:
        if self.name in self.depends_on:
            raise ValidationError("depends_on", self.name, "other deliverables than itself")
        DELIVERABLE_WORKFLOW.check(self)

    @property
    def id(self) -> str:
        """The deliverable's name (its identifier within a campaign)."""
        return self.name

    @property
    def is_open(self) -> bool:
        """Whether work remains: neither done nor dropped."""
        return self.status not in (DeliverableStatus.DONE, DeliverableStatus.DROPPED)

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return DELIVERABLE_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the deliverable now."""
        return DELIVERABLE_WORKFLOW.permitted_events(self)

    def start(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Deliverable:
        """Mark the work started."""
        return apply(self, "start", at=at, by=by, note=note)

    def finish(
        self, *, at: datetime, by: str | None = None, note: str | None = None
    ) -> Deliverable:
        """Mark the work done."""
        return apply(self, "finish", at=at, by=by, note=note)

    def drop(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Deliverable:
        """Drop the deliverable: it is no longer owed."""
        return apply(self, "drop", at=at, by=by, note=note)


@attrs.frozen
class KPI:
    """A key performance indicator: a name, a target and (once measured) the actual value.

    >>> KPI("click-through rate %", "1.2", "1.5").attainment
    Decimal('1.25')
    """

    name: str = attrs.field(validator=check_text)
    target: Decimal = attrs.field(converter=_to_target)
    actual: Decimal | None = attrs.field(default=None, converter=_to_actual)

    @property
    def attainment(self) -> Decimal | None:
        """Actual over target, or ``None`` when not measured yet or the target is zero."""
        if self.actual is None or not self.target:
            return None
        return DECIMAL_CONTEXT.divide(self.actual, self.target)


# -- the campaign workflow ----------------------------------------------------------------------


def _approval_guard(campaign: Campaign, **context: Any) -> str | None:
    brief = context.get("brief")
    if not isinstance(brief, Brief):
        return "approval needs the campaign's approved brief (pass brief=...)"
    if brief.id != campaign.brief_id:
        return f"brief {brief.id!r} is not the campaign's brief {campaign.brief_id!r}"
    if brief.status is not BriefStatus.APPROVED:
        return f"brief {brief.id!r} is {str(brief.status)!r}, not 'approved'"
    cost = campaign.deliverables_cost
    if cost > campaign.budget.planned:
        return (
            f"the deliverables are estimated at {cost!r}, more than the budget's "
            f"planned {campaign.budget.planned!r}"
        )
    return None


def _flight_guard(campaign: Campaign, **context: Any) -> str | None:
    at = context.get("at")  # given by ``apply``; ``permitted_events`` passes it when asked to
    if at is None:
        return "going live needs the moment of the change (pass at=...)"
    today = _local_date(at)
    if not campaign.flight_start <= today <= campaign.flight_end:
        return (
            f"{today.isoformat()} is outside the flight {campaign.flight_start.isoformat()} "
            f"to {campaign.flight_end.isoformat()}"
        )
    return None


def _completion_guard(campaign: Campaign, **context: Any) -> str | None:
    still_open = [d.name for d in campaign.deliverables if d.is_open]
    if still_open:
        names = ", ".join(repr(n) for n in still_open)
        return f"deliverables not done or dropped: {names}"
    return None


_S = CampaignStatus

CAMPAIGN_WORKFLOW = Workflow(
    name="campaign",
    states=CampaignStatus,
    initial=_S.DRAFT,
    terminal={_S.COMPLETED, _S.CANCELLED},
    transitions=[
        Transition("plan", _S.DRAFT, _S.PLANNED),
        Transition("approve", _S.PLANNED, _S.APPROVED, guard=_approval_guard),
        Transition("go_live", _S.APPROVED, _S.LIVE, guard=_flight_guard),
        Transition("pause", _S.LIVE, _S.PAUSED),
        Transition("resume", _S.PAUSED, _S.LIVE, guard=_flight_guard),
        Transition("complete", _S.LIVE, _S.COMPLETED, guard=_completion_guard),
        Transition("cancel", [_S.DRAFT, _S.PLANNED, _S.APPROVED, _S.LIVE, _S.PAUSED], _S.CANCELLED),
    ],
)
"""draft → planned → approved → live ↔ paused; live → completed; any open status → cancelled."""


# -- the campaign -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Campaign:
    """The work that answers a brief: a flight, channels, a budget, deliverables and KPIs.

    The flight runs from ``flight_start`` to ``flight_end``, both days included.
    ``expected_revenue`` defaults to zero in the budget's currency and must be in that currency,
    as must deliverable cost estimates. ``parent_id`` places the campaign under another one
    (see :func:`rollup`). Deliverable names are unique; ``depends_on`` names other deliverables
    of the campaign, and launch work (no ``due``) may depend only on launch work.

    >>> import pendulum
    >>> from datetime import date
    >>> from accountexec.budgets import Budget, BudgetLine
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 6, 1), end=date(2026, 6, 30),
    ...                 lines=[BudgetLine("social", Money("5000.00", "EUR"))])
    >>> campaign = Campaign(
    ...     id="C-1", client_id="CL-1", brief_id="BR-1", name="Summer", budget=budget,
    ...     flight_start=date(2026, 6, 1), flight_end=date(2026, 6, 30), channels=["social"],
    ...     deliverables=[Deliverable(name="copy", owner="ana", duration=3,
    ...                               cost=Money("800.00", "EUR"))],
    ... )
    >>> campaign.status, campaign.expected_revenue, campaign.deliverables_cost
    (<CampaignStatus.DRAFT: 'draft'>, Money('0.00', 'EUR'), Money('800.00', 'EUR'))
    >>> campaign.plan(at=pendulum.datetime(2026, 5, 4, 9, tz="Europe/Paris")).go_live(
    ...     at=pendulum.datetime(2026, 6, 1, 9, tz="Europe/Paris"))
    Traceback (most recent call last):
    ...
    accountexec.errors.InvalidTransitionError: cannot 'go_live' campaign 'C-1' in status 'planned';
      allowed events: 'approve', 'cancel'
    """

    workflow: ClassVar[Workflow] = CAMPAIGN_WORKFLOW

    id: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    brief_id: str = attrs.field(validator=check_text)
    name: str = attrs.field(validator=check_text)
    flight_start: pendulum.Date = attrs.field(converter=_flight_start)
    flight_end: pendulum.Date = attrs.field(converter=_flight_end)
    budget: Budget = attrs.field(validator=instance_of(Budget, "a Budget"))
    channels: tuple[str, ...] = attrs.field(default=(), converter=_to_channels)
    deliverables: tuple[Deliverable, ...] = attrs.field(default=(), converter=_to_deliverables)
    kpis: tuple[KPI, ...] = attrs.field(default=(), converter=_to_kpis)
    expected_revenue: Money = attrs.field(validator=_check_revenue)
    parent_id: str | None = attrs.field(default=None, validator=_check_optional_text)
    status: CampaignStatus = attrs.field(
        default=CampaignStatus.DRAFT, converter=_to_campaign_status
    )
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)

    @expected_revenue.default
    def _no_revenue(self) -> Money:
        return Money.zero(self.budget.currency)

    @classmethod
    def from_brief(
        cls,
        brief: Brief,
        *,
        campaign_id: str,
        budget: Budget,
        flight_start: date,
        flight_end: date,
        **fields: Any,
    ) -> Campaign:
        """A draft campaign answering ``brief``: its client, its id and (by default) its title.

        The budget must be in the brief's currency. Other fields (``channels``,
        ``deliverables``, ``kpis``, ``expected_revenue``, ``parent_id``, ``name``) pass through.
        """
        if not isinstance(brief, Brief):
            raise ValidationError("brief", brief, "a Brief")
        if isinstance(budget, Budget) and budget.currency != brief.budget.currency:
            raise CurrencyMismatchError(
                brief.budget.currency.code,
                budget.currency.code,
                "combine",
                message=(
                    f"budget {budget.id!r} is in {budget.currency.code!r} but brief {brief.id!r} "
                    f"is in {brief.budget.currency.code!r}; keep one currency per brief"
                ),
            )
        fields.setdefault("name", brief.title)
        return cls(
            id=campaign_id,
            client_id=brief.client_id,
            brief_id=brief.id,
            budget=budget,
            flight_start=flight_start,
            flight_end=flight_end,
            **fields,
        )

    def __attrs_post_init__(self) -> None:
        if self.flight_end < self.flight_start:
            raise ValidationError(
                "flight_end", self.flight_end, f"a date on or after {self.flight_start}"
            )
        self._check_currency(self.expected_revenue, "expected_revenue")
        if self.parent_id == self.id:
            raise ValidationError("parent_id", self.parent_id, "another campaign's id")
        by_name: dict[str, Deliverable] = {}
        for deliverable in self.deliverables:
            if not isinstance(deliverable, Deliverable):
                raise ValidationError("deliverables", deliverable, "Deliverable values")
            if deliverable.name in by_name:
                raise ValidationError("deliverables", deliverable.name, "unique names")
            by_name[deliverable.name] = deliverable
            if deliverable.cost is not None:
                self._check_currency(deliverable.cost, f"cost of {deliverable.name!r}")
        for deliverable in self.deliverables:
            for name in sorted(deliverable.depends_on):
                needed = by_name.get(name)
                if needed is None:
                    raise ValidationError(
                        "depends_on",
                        name,
                        "names of the campaign's deliverables: "
                        + ", ".join(repr(n) for n in by_name),
                    )
                if deliverable.due is None and needed.due is not None:
                    raise ValidationError(
                        "depends_on",
                        name,
                        f"launch work for {deliverable.name!r} (a deliverable with no due date "
                        "of its own), not one with its own due date",
                    )
        kpi_names: set[str] = set()
        for kpi in self.kpis:
            if not isinstance(kpi, KPI):
                raise ValidationError("kpis", kpi, "KPI values")
            if kpi.name in kpi_names:
                raise ValidationError("kpis", kpi.name, "unique KPI names")
            kpi_names.add(kpi.name)
        CAMPAIGN_WORKFLOW.check(self)

    def _check_currency(self, money: Money, what: str) -> None:
        currency = self.budget.currency
        if money.currency != currency:
            raise CurrencyMismatchError(
                currency.code,
                money.currency.code,
                "combine",
                message=(
                    f"the {what} {money!r} of campaign {self.id!r} is not in its budget's "
                    f"currency {currency.code!r}; convert it with ExchangeRates first"
                ),
            )

    # -- figures -----------------------------------------------------------------------------

    @property
    def deliverables_cost(self) -> Money:
        """The cost estimates of the deliverables not dropped, in the budget's currency."""
        return Money.sum(
            (
                d.cost
                for d in self.deliverables
                if d.cost is not None and d.status is not DeliverableStatus.DROPPED
            ),
            self.budget.currency,
        )

    def deliverable(self, name: str) -> Deliverable:
        """The deliverable called ``name``; an unknown name is refused naming the deliverables."""
        for deliverable in self.deliverables:
            if deliverable.name == name:
                return deliverable
        names = ", ".join(repr(d.name) for d in self.deliverables) or "none"
        raise ValidationError("name", name, f"one of the campaign's deliverables: {names}")

    def roi(self, attributed_revenue: Money) -> Decimal:
        """``(attributed_revenue - actual cost) / actual cost``, the cost being the budget's actual.

        See :func:`roi`.
        """
        return roi(attributed_revenue, self.budget.actual)

    # -- changes that are not status changes -------------------------------------------------

    def with_budget(self, budget: Budget) -> Campaign:
        """The campaign with ``budget`` (after a commitment or spend, say)."""
        return attrs.evolve(self, budget=budget)

    def with_deliverable(self, deliverable: Deliverable) -> Campaign:
        """The campaign with ``deliverable`` replacing the one of that name, or added at the end."""
        names = [d.name for d in self.deliverables]
        if deliverable.name in names:
            i = names.index(deliverable.name)
            items = (*self.deliverables[:i], deliverable, *self.deliverables[i + 1 :])
        else:
            items = (*self.deliverables, deliverable)
        return attrs.evolve(self, deliverables=items)

    def advance_deliverable(
        self,
        name: str,
        event: str,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Campaign:
        """Apply ``event`` (``start``, ``finish``, ``drop``) to the deliverable called ``name``."""
        changed = apply(self.deliverable(name), event, at=at, by=by, note=note)
        return self.with_deliverable(changed)

    def record_kpi(self, name: str, actual: Decimal | int | str) -> Campaign:
        """The campaign with the KPI called ``name`` measured at ``actual``."""
        kpis = list(self.kpis)
        for i, kpi in enumerate(kpis):
            if kpi.name == name:
                kpis[i] = KPI(kpi.name, kpi.target, actual)
                return attrs.evolve(self, kpis=kpis)
        names = ", ".join(repr(k.name) for k in self.kpis) or "none"
        raise ValidationError("name", name, f"one of the campaign's KPIs: {names}")

    # -- status ------------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return CAMPAIGN_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the campaign now."""
        return CAMPAIGN_WORKFLOW.permitted_events(self)

    def plan(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """draft → planned."""
        return apply(self, "plan", at=at, by=by, note=note)

    def approve(
        self,
        *,
        at: datetime,
        brief: Brief,
        by: str | None = None,
        note: str | None = None,
    ) -> Campaign:
        """planned → approved, given the approved brief and a budget that covers the work."""
        return apply(self, "approve", at=at, by=by, note=note, brief=brief)

    def go_live(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """approved → live, when the date of ``at`` (in its own time zone) is within the flight."""
        return apply(self, "go_live", at=at, by=by, note=note)

    def pause(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """live → paused."""
        return apply(self, "pause", at=at, by=by, note=note)

    def resume(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """paused → live, when the date of ``at`` is within the flight."""
        return apply(self, "resume", at=at, by=by, note=note)

    def complete(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """live → completed, once every deliverable is done or dropped."""
        return apply(self, "complete", at=at, by=by, note=note)

    def cancel(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Campaign:
        """Any open status → cancelled."""
        return apply(self, "cancel", at=at, by=by, note=note)

    # -- time --------------------------------------------------------------------------------

    def launch_deadline(self, calendar: WorkCalendar) -> pendulum.Date:
        """The last business day before the flight starts: when launch work must be done."""
        return calendar.roll(self.flight_start.subtract(days=1), "preceding")

    def schedule(self, calendar: WorkCalendar) -> ScheduledPlan:
        """Plan the launch work back from the flight start, on ``calendar``.

        The open and done deliverables with no due date of their own become
        :class:`~accountexec.deadlines.Task` s (dependencies on dropped deliverables are
        ignored) planned with :meth:`Schedule.backward <accountexec.deadlines.Schedule.backward>`
        to finish on :meth:`launch_deadline`, the last business day before the flight starts.
        Returns the deadlines module's :class:`~accountexec.deadlines.ScheduledPlan`; a campaign
        with no launch work raises :class:`~accountexec.errors.ScheduleError`.
        """
        work = [
            d
            for d in self.deliverables
            if d.due is None and d.status is not DeliverableStatus.DROPPED
        ]
        if not work:
            raise ScheduleError(
                f"campaign {self.id!r} has no launch work to schedule: every deliverable is "
                "dropped or has its own due date"
            )
        names = {d.name for d in work}
        tasks = [
            Task(id=d.name, duration=d.duration, depends_on=d.depends_on & names) for d in work
        ]
        return Schedule(tasks).backward(self.launch_deadline(calendar), calendar)

    def due_dates(self, calendar: WorkCalendar) -> Mapping[str, pendulum.Date]:
        """When each deliverable not dropped is due: its own date, its rule, or the launch plan.

        >>> import pendulum
        >>> from datetime import date
        >>> from accountexec.budgets import Budget, BudgetLine
        >>> from accountexec.deadlines import BusinessDays
        >>> c = Campaign(id="C", client_id="CL", brief_id="BR", name="N",
        ...              flight_start=date(2026, 6, 1), flight_end=date(2026, 6, 30),
        ...              budget=Budget(id="B", currency="EUR", start=date(2026, 6, 1),
        ...                            end=date(2026, 6, 30),
        ...                            lines=[BudgetLine("tv", Money("1.00", "EUR"))]),
        ...              deliverables=[Deliverable(name="spot", owner="ana", duration=2),
        ...                            Deliverable(name="report", owner="ben",
        ...                                        due=BusinessDays(10))])
        >>> dict(c.due_dates(WorkCalendar()))
        {'spot': Date(2026, 5, 29), 'report': Date(2026, 6, 15)}
        """
        plan: ScheduledPlan | None = None
        due: dict[str, pendulum.Date] = {}
        for deliverable in self.deliverables:
            if deliverable.status is DeliverableStatus.DROPPED:
                continue
            if deliverable.due is None:
                if plan is None:
                    plan = self.schedule(calendar)
                due[deliverable.name] = plan[deliverable.name].latest_finish
            elif isinstance(deliverable.due, date):
                due[deliverable.name] = deliverable.due
            else:
                due[deliverable.name] = deliverable.due.due(self.flight_start, calendar)
        return MappingProxyType(due)

    def late_deliverables(
        self, *, as_of: date, calendar: WorkCalendar | None = None
    ) -> tuple[Deliverable, ...]:
        """The open deliverables whose due date is before ``as_of``, in campaign order.

        ``calendar`` (default: Monday to Friday, no holidays) places launch work and rules.
        """
        day = to_date(as_of, "as_of")
        due = self.due_dates(calendar if calendar is not None else WorkCalendar())
        return tuple(d for d in self.deliverables if d.is_open and due[d.name] < day)


def _local_date(at: datetime) -> pendulum.Date:
    require_aware(at, "at")
    return pendulum.Date(at.year, at.month, at.day)


# -- return on investment -----------------------------------------------------------------------


def roi(attributed_revenue: Money, actual_cost: Money) -> Decimal:
    """Return on investment: ``(attributed_revenue - actual_cost) / actual_cost``, exactly.

    Computed in :data:`~accountexec.money.DECIMAL_CONTEXT`. Both amounts are in one currency; a
    cost that is not positive is refused.

    >>> roi(Money("15000.00", "EUR"), Money("10000.00", "EUR"))
    Decimal('0.5')
    >>> roi(Money("1.00", "EUR"), Money("0.00", "EUR"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'actual_cost': Money('0.00', 'EUR'); expected ...
    """
    if not isinstance(attributed_revenue, Money):
        raise ValidationError("attributed_revenue", attributed_revenue, "a Money amount")
    if not isinstance(actual_cost, Money) or actual_cost.amount <= 0:
        raise ValidationError(
            "actual_cost", actual_cost, "a positive Money amount (ROI of no spend is undefined)"
        )
    if attributed_revenue.currency != actual_cost.currency:
        raise CurrencyMismatchError(
            actual_cost.currency.code, attributed_revenue.currency.code, "compare"
        )
    return (attributed_revenue - actual_cost) / actual_cost


# -- hierarchy ----------------------------------------------------------------------------------

_check_rolled_up = money_validator(rounded=True, non_negative=True)


def _to_campaign_ids(value: Iterable[str]) -> tuple[str, ...]:
    ids = to_sequence_of("campaign_ids", str, value)
    if not all(cid.strip() for cid in ids):
        raise ValidationError("campaign_ids", ids, "non-empty campaign ids")
    return ids


@attrs.frozen(kw_only=True)
class CampaignRollup:
    """A campaign's figures together with all the campaigns below it, in one currency.

    ``campaign_ids`` lists the campaign and its descendants (depth first, in input order).
    :func:`rollup` returns one per campaign.

    >>> from datetime import date
    >>> from accountexec.budgets import Budget, BudgetLine
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 6, 1), end=date(2026, 6, 30),
    ...                 lines=[BudgetLine("social", Money("5000.00", "EUR"))])
    >>> budget = budget.spend("INV-1", "social", Money("2000.00", "EUR"), on=date(2026, 6, 15))
    >>> def campaign(cid, revenue, parent=None):
    ...     return Campaign(id=cid, client_id="CL", brief_id="BR", name=cid, budget=budget,
    ...                     flight_start=date(2026, 6, 1), flight_end=date(2026, 6, 30),
    ...                     expected_revenue=Money(revenue, "EUR"), parent_id=parent)
    >>> europe = rollup([campaign("EU", "9000.00"), campaign("FR", "3000.00", "EU")])["EU"]
    >>> europe.campaign_ids, europe.planned, europe.actual, europe.expected_revenue
    (('EU', 'FR'), Money('10000.00', 'EUR'), Money('4000.00', 'EUR'), Money('12000.00', 'EUR'))
    >>> europe.roi(Money("6000.00", "EUR"))
    Decimal('0.5')

    Every amount is in ``currency``; planned and actual are rounded, of zero or more.
    ``campaign_ids`` are distinct and start with ``campaign_id``.
    """

    campaign_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    planned: Money = attrs.field(validator=_check_rolled_up)
    actual: Money = attrs.field(validator=_check_rolled_up)
    expected_revenue: Money = attrs.field(validator=money_validator())
    campaign_ids: tuple[str, ...] = attrs.field(converter=_to_campaign_ids)

    def __attrs_post_init__(self) -> None:
        for name in ("planned", "actual", "expected_revenue"):
            require_currency(name, getattr(self, name), self.currency)
        ids = self.campaign_ids
        if ids[:1] != (self.campaign_id,) or len(set(ids)) != len(ids):
            raise ValidationError(
                "campaign_ids", ids, f"distinct ids, the first {self.campaign_id!r}"
            )

    def roi(self, attributed_revenue: Money) -> Decimal:
        """:func:`roi` of ``attributed_revenue`` against the rolled-up actual spend."""
        return roi(attributed_revenue, self.actual)


def rollup(
    campaigns: Iterable[Campaign],
    rates: ExchangeRates | None = None,
    currency: str | Currency | None = None,
) -> Mapping[str, CampaignRollup]:
    """Sum planned budgets, actual spend and expected revenue up the parent tree.

    Returns a read-only mapping from each campaign id to its :class:`CampaignRollup`: its own
    figures plus those of every campaign below it. Each tree is summed in ``currency`` if given,
    otherwise in its root's budget currency; an amount in another currency is converted with
    ``rates`` (each campaign's own amount once, rounded half-up, so a parent's figure is exactly
    the sum of its children's and its own) and without ``rates`` refused with
    :class:`~accountexec.errors.CurrencyMismatchError`. Duplicate ids, unknown parents and cycles
    are refused with :class:`~accountexec.errors.ValidationError`.

    >>> from datetime import date
    >>> from accountexec.budgets import Budget, BudgetLine
    >>> def campaign(cid, planned, parent=None):
    ...     budget = Budget(id=f"B-{cid}", currency="EUR", start=date(2026, 1, 1),
    ...                     end=date(2026, 12, 31),
    ...                     lines=[BudgetLine("media", Money(planned, "EUR"))])
    ...     return Campaign(id=cid, client_id="CL", brief_id="BR", name=cid, budget=budget,
    ...                     flight_start=date(2026, 3, 1), flight_end=date(2026, 3, 31),
    ...                     parent_id=parent)
    >>> totals = rollup([campaign("global", "0.00"), campaign("fr", "300.00", "global"),
    ...                  campaign("de", "700.00", "global")])
    >>> totals["global"].planned, totals["global"].campaign_ids
    (Money('1000.00', 'EUR'), ('global', 'fr', 'de'))
    """
    items = tuple(campaigns)
    by_id: dict[str, Campaign] = {}
    for campaign in items:
        if not isinstance(campaign, Campaign):
            raise ValidationError("campaigns", campaign, "Campaign values")
        if campaign.id in by_id:
            raise ValidationError("campaigns", campaign.id, "unique campaign ids")
        by_id[campaign.id] = campaign
    children: dict[str, list[str]] = {cid: [] for cid in by_id}
    for campaign in items:
        if campaign.parent_id is None:
            continue
        if campaign.parent_id not in by_id:
            raise ValidationError(
                "parent_id",
                campaign.parent_id,
                f"the id of one of the campaigns given (parent of {campaign.id!r})",
            )
        children[campaign.parent_id].append(campaign.id)
    roots = [c.id for c in items if c.parent_id is None]
    target = None if currency is None else Currency(currency)
    results: dict[str, CampaignRollup] = {}

    def own(campaign: Campaign, cur: Currency) -> tuple[Money, Money, Money]:
        amounts = (campaign.budget.planned, campaign.budget.actual, campaign.expected_revenue)
        if campaign.budget.currency == cur:
            return amounts
        if rates is None:
            raise CurrencyMismatchError(
                cur.code,
                campaign.budget.currency.code,
                "roll up",
                message=(
                    f"cannot roll up campaign {campaign.id!r} in "
                    f"{campaign.budget.currency.code!r} into {cur.code!r}; pass rates=ExchangeRates"
                ),
            )
        planned, actual, revenue = (rates.convert(m, cur) for m in amounts)
        return planned, actual, revenue

    for root in roots:
        cur = target if target is not None else by_id[root].budget.currency
        # iterative post-order walk: a deep hierarchy never hits the recursion limit
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            cid, expanded = stack.pop()
            if not expanded:
                stack.append((cid, True))
                stack.extend((child, False) for child in reversed(children[cid]))
                continue
            planned, actual, revenue = own(by_id[cid], cur)
            ids = [cid]
            for child in children[cid]:
                sub = results[child]
                planned += sub.planned
                actual += sub.actual
                revenue += sub.expected_revenue
                ids.extend(sub.campaign_ids)
            results[cid] = CampaignRollup(
                campaign_id=cid,
                currency=cur,
                planned=planned,
                actual=actual,
                expected_revenue=revenue,
                campaign_ids=tuple(ids),
            )
    if len(results) < len(by_id):
        # a campaign never reached from a root has a cycle above it: walk up until one repeats
        path = [next(cid for cid in by_id if cid not in results)]
        while (parent := by_id[path[-1]].parent_id) not in path:
            path.append(parent)  # type: ignore[arg-type]  # not None: roots were all reached
        cycle = [*path[path.index(parent) :], parent]
        raise ValidationError(
            "parent_id",
            " -> ".join(cycle),
            "a hierarchy without cycles (each campaign's parent, its parent's parent... "
            "never leads back to it)",
        )
    return MappingProxyType({cid: results[cid] for cid in by_id})
