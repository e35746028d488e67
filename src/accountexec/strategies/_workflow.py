"""Hypothesis strategies for accountexec.workflow, and a generic state machine for any workflow."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from accountexec.errors import InvalidTransitionError
from accountexec.workflow import Stateful, StatusChange, Transition, Workflow, workflow_of

__all__ = [
    "aware_datetimes",
    "status_changes",
    "walked",
    "workflow_state_machine",
    "workflows",
]

_ZONES = ("UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo")
_EVENTS = ("advance", "hold", "resume", "skip", "drop", "reopen")


def aware_datetimes(
    *,
    min_value: dt.datetime = dt.datetime(2000, 1, 1),
    max_value: dt.datetime = dt.datetime(2100, 1, 1),
) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes (whole seconds) in a handful of real time zones.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(aware_datetimes())
    ... def check(moment):
    ...     assert moment.utcoffset() is not None
    >>> check()
    """
    return st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=st.sampled_from(_ZONES).map(zoneinfo.ZoneInfo),
    ).map(lambda d: d.replace(microsecond=0))


def status_changes() -> st.SearchStrategy[StatusChange]:
    """Single, valid :class:`~accountexec.workflow.StatusChange` values (not tied to a workflow).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(status_changes())
    ... def check(change):
    ...     assert change.at.utcoffset() is not None
    >>> check()
    """
    names = st.sampled_from(("draft", "submitted", "in_review", "approved", "active", "churned"))
    return st.builds(
        StatusChange,
        event=st.sampled_from(_EVENTS),
        source=names,
        target=names,
        at=aware_datetimes(),
        by=st.none() | st.sampled_from(("ana", "ben", "chloe")),
        note=st.none() | st.text(max_size=20),
    )


@st.composite
def workflows(draw: st.DrawFn, *, max_states: int = 6) -> Workflow:
    """Random valid workflows: a spanning tree from the initial status plus extra edges.

    The states are a fresh ``StrEnum`` (``s0``, ``s1``...); some non-initial states are terminal.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(workflows())
    ... def check(wf):
    ...     assert all(wf.is_reachable(s) for s in wf.states)
    >>> check()
    """
    n = draw(st.integers(min_value=1, max_value=max_states))
    states = StrEnum("RandomStatus", {f"S{i}": f"s{i}" for i in range(n)})  # type: ignore[misc]
    members: list[StrEnum] = list(states)
    terminal = {s for s in members[1:] if draw(st.booleans())}
    open_states = [s for s in members if s not in terminal]
    used: set[tuple[StrEnum, str]] = set()
    rows: list[Transition] = []

    def add(source: StrEnum, target: StrEnum) -> None:
        free = [e for e in _EVENTS if (source, e) not in used]
        if not free:
            return
        event = draw(st.sampled_from(free))
        used.add((source, event))
        rows.append(Transition(event, source, target))

    for index, state in enumerate(members[1:], start=1):
        parents = [s for s in open_states if members.index(s) < index]
        add(draw(st.sampled_from(parents)), state)
    for _ in range(draw(st.integers(min_value=0, max_value=2 * n))):
        add(draw(st.sampled_from(open_states)), draw(st.sampled_from(members)))
    return Workflow(
        name="random", states=states, initial=members[0], terminal=terminal, transitions=rows
    )


def workflow_state_machine(
    workflow: Workflow,
    entities: st.SearchStrategy[Stateful],
    *,
    context: st.SearchStrategy[dict[str, Any]] | None = None,
    apply: Callable[..., Any] | None = None,
) -> type[RuleBasedStateMachine]:
    """A ``RuleBasedStateMachine`` class that drives random events through ``workflow``.

    ``entities`` gives the starting entity. Each step sends a random event of the workflow at a
    time not earlier than the last change; a change the table allows and the guard accepts must
    land on the row's target and append exactly that change; anything else must be refused with
    :class:`~accountexec.errors.InvalidTransitionError` naming the table's events from the current
    status. Invariants: the status is reachable, and the history replays to it. Subclass the
    result to add domain rules (signing off a brief, say); the entity is ``self.entity``.

    >>> from hypothesis import settings
    >>> from hypothesis.stateful import run_state_machine_as_test
    >>> from accountexec.accounts import ACCOUNT_WORKFLOW, Account, AccountTeam, Client
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> prospect = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
    >>> AccountMachine = workflow_state_machine(ACCOUNT_WORKFLOW, st.just(prospect))
    >>> AccountMachine.__name__
    'AccountWorkflowMachine'
    >>> run_state_machine_as_test(
    ...     AccountMachine, settings=settings(max_examples=5, stateful_step_count=10)
    ... )

    In a test module, ``TestAccountWorkflow = AccountMachine.TestCase`` lets pytest run it.
    """
    do_apply = apply if apply is not None else workflow.apply
    events = sorted(workflow.events) or ["no_such_event"]
    contexts = context if context is not None else st.just({})

    class WorkflowMachine(RuleBasedStateMachine):
        entity: Any

        @initialize(entity=entities)
        def start(self, entity: Stateful) -> None:
            self.entity = entity
            self.clock = (
                entity.history[-1].at
                if entity.history
                else dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
            )

        @rule(
            event=st.sampled_from(events),
            minutes=st.integers(min_value=0, max_value=60 * 24 * 10),
            ctx=contexts,
        )
        def send(self, event: str, minutes: int, ctx: dict[str, Any]) -> None:
            at = self.clock + dt.timedelta(minutes=minutes)
            before = self.entity
            row = workflow.transition_for(before.status, event)
            reason = None if row is None or row.guard is None else row.guard(before, at=at, **ctx)
            refused: InvalidTransitionError | None = None
            try:
                after = do_apply(before, event, at=at, by="tester", **ctx)
            except InvalidTransitionError as err:
                refused = err
            if refused is not None:
                assert row is None or reason is not None, (event, before.status, refused)
                assert refused.allowed == workflow.events_from(before.status)
                assert refused.current == before.status
                assert refused.event == event
                assert reason is None or reason in str(refused)
                return
            assert row is not None
            assert reason is None
            assert after.status == row.target
            assert after.history[:-1] == before.history
            assert after.history[-1] == StatusChange(
                event=event, source=before.status, target=row.target, at=at, by="tester"
            )
            self.entity = after
            self.clock = at

        @invariant()
        def status_is_reachable(self) -> None:
            if hasattr(self, "entity"):
                assert workflow.is_reachable(self.entity.status)

        @invariant()
        def history_replays_to_status(self) -> None:
            if hasattr(self, "entity"):
                assert workflow.replay(self.entity.history) == self.entity.status

    WorkflowMachine.__name__ = f"{workflow.name.title().replace(' ', '')}WorkflowMachine"
    WorkflowMachine.__qualname__ = WorkflowMachine.__name__
    return WorkflowMachine


@st.composite
def walked(
    draw: st.DrawFn,
    entity: Stateful,
    *,
    max_steps: int = 6,
    start: dt.datetime | None = None,
) -> Any:
    """``entity`` moved through a random path of permitted events, hours apart, from ``start``.

    The entity's class declares its workflow; guards are evaluated, so only accepted events are
    applied. Used by the strategies of domain entities to reach every status.

    >>> from hypothesis import given, settings
    >>> from accountexec.accounts import Account, AccountTeam, Client
    >>> from accountexec.workflow import replay
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> prospect = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
    >>> @settings(max_examples=20)
    ... @given(walked(prospect, max_steps=4))
    ... def test(account):
    ...     assert len(account.history) <= 4
    ...     assert replay(account) == account.status
    >>> test()
    """
    workflow = workflow_of(entity)
    at = draw(aware_datetimes(max_value=dt.datetime(2090, 1, 1))) if start is None else start
    if entity.history:
        at = max(at, entity.history[-1].at)
    for _ in range(draw(st.integers(min_value=0, max_value=max_steps))):
        events = sorted(workflow.permitted_events(entity, at=at))
        if not events:
            break
        entity = workflow.apply(entity, draw(st.sampled_from(events)), at=at)
        at = at + dt.timedelta(hours=draw(st.integers(min_value=0, max_value=72)))
    return entity


def register() -> None:
    """Register strategies for StatusChange, Workflow and Transition with ``st.from_type``."""
    st.register_type_strategy(StatusChange, status_changes())
    st.register_type_strategy(Workflow, workflows())
    st.register_type_strategy(
        Transition,
        workflows()
        .filter(lambda wf: bool(wf.transitions))
        .flatmap(lambda wf: st.sampled_from(wf.transitions)),
    )
