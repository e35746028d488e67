"""Status workflows: the one engine every status change in accountexec goes through.

A :class:`Workflow` is data: a ``StrEnum`` of states, the initial state, the terminal states and
:class:`Transition` rows ``(event, source, target, guard)``. It is checked when built (every state
reachable from the initial one, no duplicate ``(event, source)`` pair, nothing leaves a terminal
state). :func:`apply` turns an entity and an event into a new entity with the new status and a
:class:`StatusChange` appended to its history, or raises
:class:`~accountexec.errors.InvalidTransitionError` naming the events that are allowed.

An entity is any frozen attrs class with ``id``, ``status`` and ``history`` fields whose class
declares its workflow as a ``ClassVar`` named ``workflow`` (see :class:`Stateful`).

>>> import attrs
>>> from enum import StrEnum
>>> from typing import ClassVar
>>> import pendulum
>>> class TicketStatus(StrEnum):
...     OPEN = "open"
...     DONE = "done"
>>> TICKET_WORKFLOW = Workflow(
...     name="ticket", states=TicketStatus, initial=TicketStatus.OPEN,
...     terminal={TicketStatus.DONE},
...     transitions=[Transition("close", TicketStatus.OPEN, TicketStatus.DONE)],
... )
>>> @attrs.frozen
... class Ticket:
...     workflow: ClassVar[Workflow] = TICKET_WORKFLOW
...     id: str
...     status: TicketStatus = TicketStatus.OPEN
...     history: tuple[StatusChange, ...] = ()
>>> done = apply(Ticket("T-1"), "close", at=pendulum.datetime(2026, 3, 2, 9), by="ana")
>>> done.status, done.history[-1].event
(<TicketStatus.DONE: 'done'>, 'close')
>>> apply(done, "close", at=pendulum.datetime(2026, 3, 2, 10))
Traceback (most recent call last):
...
accountexec.errors.InvalidTransitionError: cannot 'close' ticket 'T-1' in status 'done'; ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Protocol, TypeVar, runtime_checkable

import attrs

from accountexec._fields import (
    check_optional_text,
    check_text,
    require_aware,
    to_aware_datetime,
    to_sequence,
)
from accountexec.errors import InvalidTransitionError, ValidationError

__all__ = [
    "Effect",
    "Guard",
    "Stateful",
    "StatusChange",
    "Transition",
    "Workflow",
    "allowed_events",
    "apply",
    "can_apply",
    "permitted_events",
    "replay",
    "workflow_of",
]

Guard = Callable[..., str | None]
"""A guard: ``guard(entity, **context)`` returns ``None`` to allow the change, or why it refuses.

:func:`apply` passes its ``at`` in the context (``guard(entity, at=at, **context)``), so a guard can
check the moment of the change; :func:`permitted_events` and :func:`can_apply` pass ``at`` only
when their caller gives it.
"""

Effect = Callable[[Any, "StatusChange"], Mapping[str, Any]]
"""An effect: ``effect(entity, change)`` returns extra fields to change along with the status."""

_STATE_VALUE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _plain(value: object) -> object:
    """A status or event given as a ``StrEnum`` member is stored as its plain text value."""
    if isinstance(value, StrEnum):
        return value.value
    return value


def _to_at(value: object) -> datetime:
    return to_aware_datetime(value, "at")


@attrs.frozen(kw_only=True)
class StatusChange:
    """One entry of an entity's history: the event, from which status to which, when and by whom.

    >>> import pendulum
    >>> StatusChange(event="submit", source="draft", target="submitted",
    ...              at=pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris"), by="ana")
    StatusChange(event='submit', source='draft', target='submitted', at=DateTime(...), ...)
    """

    event: str = attrs.field(converter=_plain, validator=check_text)
    source: str = attrs.field(converter=_plain, validator=check_text)
    target: str = attrs.field(converter=_plain, validator=check_text)
    at: datetime = attrs.field(converter=_to_at)
    by: str | None = attrs.field(default=None, validator=check_optional_text)
    note: str | None = attrs.field(default=None, validator=check_optional_text)


_CHANGE_FIELDS: Final = attrs.fields(StatusChange)
_CHANGE_SLOTS: Final = tuple(a.name for a in _CHANGE_FIELDS)
_CHANGE_SETTERS: Final = tuple(StatusChange.__dict__[name].__set__ for name in _CHANGE_SLOTS)


def _known_change(
    event: str, source: str, target: str, *, at: datetime, by: str | None, note: str | None
) -> StatusChange:
    """A StatusChange from a table row the engine just matched (``at`` already checked).

    Only ``by`` and ``note`` come from the caller unchecked; they are checked as the public
    constructor checks them, and the rest is set without repeating the conversions.
    """
    check_optional_text(None, _CHANGE_FIELDS.by, by)
    check_optional_text(None, _CHANGE_FIELDS.note, note)
    change = object.__new__(StatusChange)
    for setter, value in zip(_CHANGE_SETTERS, (event, source, target, at, by, note), strict=True):
        setter(change, value)
    return change


def _to_source(value: object) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        states = tuple(value)
        if all(isinstance(s, StrEnum) for s in states):  # else unhashable, maybe: the validator
            return frozenset(states)
        return states
    return value


@attrs.frozen
class Transition:
    """A row of a workflow: ``event`` moves an entity from ``source`` to ``target``, guard allowing.

    ``source`` is one state or a collection of states (``{DRAFT, SUBMITTED}``: the same event from
    each). ``guard(entity, **context)`` returns ``None`` to allow the change or a reason to refuse;
    it must accept (and may ignore) any keyword context, which holds the ``at`` of the change
    when called by :meth:`Workflow.apply`. ``effect(entity, change)`` returns extra
    fields to set on the entity together with the new status (a revision number, say).

    >>> from enum import StrEnum
    >>> class Light(StrEnum):
    ...     RED = "red"
    ...     GREEN = "green"
    >>> Transition("go", Light.RED, Light.GREEN).sources
    frozenset({<Light.RED: 'red'>})
    >>> sorted(Transition("stop", [Light.RED, Light.GREEN], Light.RED).sources)
    [<Light.GREEN: 'green'>, <Light.RED: 'red'>]
    """

    event: str = attrs.field(validator=check_text)
    source: StrEnum | frozenset[StrEnum] = attrs.field(converter=_to_source)
    target: StrEnum = attrs.field()
    guard: Guard | None = attrs.field(default=None, kw_only=True)
    effect: Effect | None = attrs.field(default=None, kw_only=True)

    @source.validator
    def _check_source(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, StrEnum):
            return
        if (
            not isinstance(value, frozenset)
            or not value
            or not all(isinstance(s, StrEnum) for s in value)
        ):
            raise ValidationError("source", value, "a status or a non-empty collection of statuses")

    @target.validator
    def _check_target(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, StrEnum):
            raise ValidationError("target", value, "a status (a StrEnum member)")

    @guard.validator
    def _check_guard(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not callable(value):
            raise ValidationError("guard", value, "a callable or None")

    @effect.validator
    def _check_effect(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not callable(value):
            raise ValidationError("effect", value, "a callable or None")

    @property
    def sources(self) -> frozenset[StrEnum]:
        """The source states as a set (one state gives a set of one)."""
        if isinstance(self.source, frozenset):
            return self.source
        return frozenset({self.source})


@runtime_checkable
class Stateful(Protocol):
    """What the engine needs of an entity: an id, a status and a history.

    The entity's class also declares ``workflow: ClassVar[Workflow]``; :func:`workflow_of` reads it.
    The protocol is runtime-checkable, so ``isinstance`` tells entities from other values:

    >>> import pendulum
    >>> from accountexec.accounts import Account, AccountTeam, Client
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> isinstance(Account(id="ACC-1", client=client, team=AccountTeam(executive="ana")), Stateful)
    True
    >>> isinstance(pendulum.date(2026, 3, 2), Stateful)
    False
    """

    @property
    def id(self) -> str:
        """The caller's identifier, used in error messages."""

    @property
    def status(self) -> StrEnum:
        """The current status."""

    @property
    def history(self) -> tuple[StatusChange, ...]:
        """Every status change so far, oldest first."""


E = TypeVar("E", bound=Stateful)


def _to_frozenset(value: Iterable[StrEnum] | StrEnum) -> frozenset[StrEnum]:
    if isinstance(value, StrEnum):
        return frozenset({value})
    states = to_sequence("terminal", value)
    for state in states:
        if not isinstance(state, StrEnum):  # before hashing: a list in the list is unhashable
            raise ValidationError("terminal", state, "members of the workflow's states")
    return frozenset(states)


def _to_transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return to_sequence("transitions", value)


def _check_states(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, type) or not issubclass(value, StrEnum) or not list(value):
        raise ValidationError("states", value, "a StrEnum class with at least one member")
    for member in value:
        if not _STATE_VALUE.match(member.value):
            raise ValidationError(
                "states", member.value, "lowercase identifiers such as 'in_review' as status values"
            )


@attrs.frozen(kw_only=True)
class Workflow:
    """A status workflow as data, checked when built.

    ``kind`` is the noun used in error messages ("brief", "campaign"); it defaults to ``name``.
    A refused change lists the events the table allows from the current status (guards are not
    evaluated for that list; :meth:`permitted_events` evaluates them).

    >>> from enum import StrEnum
    >>> class DocStatus(StrEnum):
    ...     DRAFT = "draft"
    ...     FINAL = "final"
    ...     VOID = "void"
    >>> wf = Workflow(
    ...     name="document", states=DocStatus, initial=DocStatus.DRAFT,
    ...     terminal=[DocStatus.FINAL, DocStatus.VOID],
    ...     transitions=[
    ...         Transition("finalise", DocStatus.DRAFT, DocStatus.FINAL),
    ...         Transition("void", DocStatus.DRAFT, DocStatus.VOID),
    ...     ],
    ... )
    >>> sorted(wf.events_from(DocStatus.DRAFT))
    ['finalise', 'void']
    >>> Workflow(name="broken", states=DocStatus, initial=DocStatus.DRAFT,
    ...          terminal=[DocStatus.FINAL],
    ...          transitions=[Transition("finalise", DocStatus.DRAFT, DocStatus.FINAL)])
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'states': ['void']; expected every status ...
    """

    name: str = attrs.field(validator=check_text)
    states: type[StrEnum] = attrs.field(validator=_check_states)
    initial: StrEnum = attrs.field()
    terminal: frozenset[StrEnum] = attrs.field(converter=_to_frozenset)
    transitions: tuple[Transition, ...] = attrs.field(converter=_to_transitions)
    kind: str = attrs.field(
        default=attrs.Factory(lambda self: self.name, takes_self=True), validator=check_text
    )
    _table: Mapping[tuple[StrEnum, str], Transition] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _reachable: frozenset[StrEnum] = attrs.field(init=False, eq=False, hash=False, repr=False)

    @initial.validator
    def _check_initial(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.states):
            raise ValidationError("initial", value, f"a member of {self.states.__name__}")

    @terminal.validator
    def _check_terminal(self, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
        for state in value:
            if not isinstance(state, self.states):
                raise ValidationError("terminal", state, f"members of {self.states.__name__}")

    def __attrs_post_init__(self) -> None:
        table: dict[tuple[StrEnum, str], Transition] = {}
        for row in self.transitions:
            if not isinstance(row, Transition):
                raise ValidationError("transitions", row, "Transition rows")
            for state in (*row.sources, row.target):
                if not isinstance(state, self.states):
                    raise ValidationError(
                        "transitions", state, f"members of {self.states.__name__}"
                    )
            for source in self._ordered(row.sources):
                if (source, row.event) in table:
                    raise ValidationError(
                        "transitions",
                        (row.event, source.value),
                        "at most one row per (event, source) pair",
                    )
                if source in self.terminal:
                    raise ValidationError(
                        "transitions",
                        (row.event, source.value),
                        "no transition out of a terminal status",
                    )
                table[source, row.event] = row
        reached = {self.initial}
        frontier = [self.initial]
        while frontier:
            current = frontier.pop()
            for (source, _event), row in table.items():
                if source == current and row.target not in reached:
                    reached.add(row.target)
                    frontier.append(row.target)
        unreachable = [s.value for s in self.states if s not in reached]
        if unreachable:
            raise ValidationError(
                "states", unreachable, f"every status reachable from {self.initial.value!r}"
            )
        object.__setattr__(self, "_table", MappingProxyType(table))
        object.__setattr__(self, "_reachable", frozenset(reached))

    def _ordered(self, states: Iterable[StrEnum]) -> list[StrEnum]:
        order = {s: i for i, s in enumerate(self.states)}
        return sorted(states, key=order.__getitem__)

    # -- questions about the table ---------------------------------------------------------------

    @property
    def events(self) -> frozenset[str]:
        """Every event name of the workflow."""
        return frozenset(event for _state, event in self._table)

    @property
    def rows(self) -> tuple[tuple[StrEnum, str, StrEnum], ...]:
        """The table expanded to ``(source, event, target)`` rows, in declaration order."""
        return tuple((source, event, row.target) for (source, event), row in self._table.items())

    def transition_for(self, status: StrEnum, event: str) -> Transition | None:
        """The row that handles ``event`` in ``status``, or ``None``."""
        return self._table.get((status, event))

    def events_from(self, status: StrEnum) -> frozenset[str]:
        """The events the table allows from ``status`` (guards not evaluated)."""
        return frozenset(event for source, event in self._table if source == status)

    def is_terminal(self, status: StrEnum) -> bool:
        """Whether ``status`` is a terminal status (no event leaves it)."""
        return status in self.terminal

    def is_reachable(self, status: StrEnum) -> bool:
        """Whether ``status`` can be reached from the initial status (always, once built)."""
        return status in self._reachable

    # -- entities --------------------------------------------------------------------------------

    def allowed_events(self, entity: Stateful) -> frozenset[str]:
        """The events the table allows from the entity's status (guards not evaluated)."""
        return self.events_from(self._status_of(entity))

    def permitted_events(self, entity: Stateful, **context: Any) -> frozenset[str]:
        """The allowed events whose guard (if any) accepts the entity and ``context`` now.

        Pass ``at=`` to evaluate the guards that depend on the moment of the change.
        """
        status = self._status_of(entity)
        return frozenset(
            event
            for (source, event), row in self._table.items()
            if source == status and (row.guard is None or row.guard(entity, **context) is None)
        )

    def can_apply(self, entity: Stateful, event: str, **context: Any) -> bool:
        """Whether :meth:`apply` would accept ``event`` now (table and guard)."""
        return event in self.permitted_events(entity, **context)

    def apply(
        self,
        entity: E,
        event: str,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
        **context: Any,
    ) -> E:
        """Return ``entity`` moved by ``event``, a :class:`StatusChange` appended to its history.

        ``at`` must be an aware datetime not earlier than the last change. The guard is called as
        ``guard(entity, at=at, **context)``. Raises
        :class:`~accountexec.errors.InvalidTransitionError` when the table has no such event from
        the current status or the guard refuses (its reason is in the message).
        Nothing half-changed is ever returned: the new entity is built in one ``attrs.evolve``.
        """
        return attrs.evolve(  # type: ignore[misc]
            entity, **self.changes(entity, event, at=at, by=by, note=note, **context)
        )

    def changes(
        self,
        entity: Stateful,
        event: str,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
        **context: Any,
    ) -> dict[str, Any]:
        """The fields :meth:`apply` would change: the effect's, ``status`` and ``history``.

        The same checks as :meth:`apply` (the table, the guard, ``at``), without building the
        entity: a class that builds its next value itself in one step (carrying what it has
        computed, such as an invoice's amounts) applies these updates.

        >>> import pendulum
        >>> from accountexec.accounts import Account, AccountTeam, Client
        >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
        ...                 timezone="Europe/London")
        >>> prospect = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
        >>> updates = workflow_of(prospect).changes(prospect, "win",
        ...                                         at=pendulum.datetime(2026, 3, 2, 9))
        >>> updates["status"], updates["history"][-1].event
        (<AccountStatus.ACTIVE: 'active'>, 'win')
        """
        status = self._status_of(entity)
        require_aware(at, "at")
        if entity.history and at < entity.history[-1].at:
            raise ValidationError(
                "at", at, f"a time not earlier than the last change ({entity.history[-1].at!r})"
            )
        row = self._table.get((status, event))
        if row is None:
            raise InvalidTransitionError(
                self.kind, entity.id, status.value, event, self.events_from(status)
            )
        if row.guard is not None:
            reason = row.guard(entity, at=at, **context)
            if reason is not None:
                raise InvalidTransitionError(
                    self.kind, entity.id, status.value, event, self.events_from(status), reason
                )
        change = _known_change(
            str(_plain(row.event)), status.value, row.target.value, at=at, by=by, note=note
        )
        updates: dict[str, Any] = {}
        if row.effect is not None:
            updates.update(row.effect(entity, change))
            if "status" in updates or "history" in updates:
                raise ValidationError(
                    "effect", sorted(updates), "extra fields other than 'status' and 'history'"
                )
        updates["status"] = row.target
        updates["history"] = tuple(entity.history) + (change,)  # noqa: RUF005 - one copy
        return updates

    def replay(self, history: Iterable[StatusChange]) -> StrEnum:
        """The status reached by ``history`` from the initial status; refuses an impossible history.

        >>> import pendulum
        >>> from enum import StrEnum
        >>> class S(StrEnum):
        ...     A = "a"
        ...     B = "b"
        >>> wf = Workflow(name="s", states=S, initial=S.A, terminal=(),
        ...               transitions=[Transition("go", S.A, S.B), Transition("back", S.B, S.A)])
        >>> at = pendulum.datetime(2026, 1, 5)
        >>> wf.replay([StatusChange(event="go", source="a", target="b", at=at)])
        <S.B: 'b'>
        >>> wf.replay([StatusChange(event="back", source="a", target="b", at=at)])
        Traceback (most recent call last):
        ...
        accountexec.errors.ValidationError: invalid 'history': ('back', 'a', 'b'); expected ...
        """
        status = self.initial
        last: datetime | None = None
        for change in history:
            if not isinstance(change, StatusChange):
                raise ValidationError("history", change, "StatusChange entries")
            row = self._table.get((status, change.event))
            if change.source != status or row is None or row.target != change.target:
                raise ValidationError(
                    "history",
                    (change.event, change.source, change.target),
                    f"a change the {self.name!r} workflow allows from {status.value!r}",
                )
            if last is not None and change.at < last:
                raise ValidationError("history", change.at, "changes in time order")
            last = change.at
            status = row.target
        return status

    def check(self, entity: Stateful) -> None:
        """Refuse an entity whose history does not replay to its status (for post-init checks).

        Raises :class:`~accountexec.errors.ValidationError` naming the status the history reaches.
        """
        status = self._status_of(entity)
        reached = self.replay(entity.history)
        if status != reached:
            raise ValidationError(
                "status", status.value, f"{reached.value!r}, the status its history reaches"
            )

    # -- diagrams --------------------------------------------------------------------------------

    def to_mermaid(self) -> str:
        """The workflow as a Mermaid ``stateDiagram-v2`` (text).

        >>> from enum import StrEnum
        >>> class S(StrEnum):
        ...     OPEN = "open"
        ...     DONE = "done"
        >>> wf = Workflow(name="task", states=S, initial=S.OPEN, terminal=[S.DONE],
        ...               transitions=[Transition("close", S.OPEN, S.DONE)])
        >>> print(wf.to_mermaid())
        stateDiagram-v2
            [*] --> open
            open --> done: close
            done --> [*]
        """
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.value}"]
        lines += [f"    {s.value} --> {t.value}: {e}" for s, e, t in self.rows]
        lines += [f"    {s.value} --> [*]" for s in self._ordered(self.terminal)]
        return "\n".join(lines)

    def to_dot(self) -> str:
        """The workflow as Graphviz DOT text (no Graphviz needed to produce it).

        >>> from enum import StrEnum
        >>> class S(StrEnum):
        ...     OPEN = "open"
        ...     DONE = "done"
        >>> wf = Workflow(name="task", states=S, initial=S.OPEN, terminal=[S.DONE],
        ...               transitions=[Transition("close", S.OPEN, S.DONE)])
        >>> print(wf.to_dot())
        digraph "task" {
            rankdir=LR;
            node [shape=box, style=rounded];
            "__start__" [shape=point, label=""];
            "open";
            "done" [peripheries=2];
            "__start__" -> "open";
            "open" -> "done" [label="close"];
        }
        """
        lines = [
            f'digraph "{self.name}" {{',
            "    rankdir=LR;",
            "    node [shape=box, style=rounded];",
            '    "__start__" [shape=point, label=""];',
        ]
        for state in self.states:
            suffix = " [peripheries=2]" if state in self.terminal else ""
            lines.append(f'    "{state.value}"{suffix};')
        lines.append(f'    "__start__" -> "{self.initial.value}";')
        lines += [f'    "{s.value}" -> "{t.value}" [label="{e}"];' for s, e, t in self.rows]
        lines.append("}")
        return "\n".join(lines)

    def _status_of(self, entity: Stateful) -> StrEnum:
        status = entity.status
        if not isinstance(status, self.states):
            raise ValidationError(
                "status", status, f"a member of {self.states.__name__} ({self.name!r} workflow)"
            )
        return status


def workflow_of(entity: object) -> Workflow:
    """The :class:`Workflow` an entity's class declares in its ``workflow`` class variable.

    >>> from accountexec.errors import ValidationError
    >>> try:
    ...     workflow_of("not an entity")
    ... except ValidationError as err:
    ...     print(err)
    invalid 'entity': 'not an entity'; expected an entity whose class declares 'workflow: ...'
    """
    workflow = getattr(type(entity), "workflow", None)
    if not isinstance(workflow, Workflow):
        raise ValidationError(
            "entity", entity, "an entity whose class declares 'workflow: ClassVar[Workflow]'"
        )
    return workflow


def apply(
    entity: E,
    event: str,
    *,
    at: datetime,
    by: str | None = None,
    note: str | None = None,
    **context: Any,
) -> E:
    """Apply ``event`` to ``entity`` through its class's workflow (see :meth:`Workflow.apply`).

    The entity is not changed: a new one comes back, with the new status and the change recorded.

    >>> import pendulum
    >>> from accountexec.accounts import Account, AccountTeam, Client
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> prospect = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
    >>> active = apply(prospect, "win", at=pendulum.datetime(2026, 3, 2, 9, tz="UTC"), by="ana")
    >>> prospect.status, active.status
    (<AccountStatus.PROSPECT: 'prospect'>, <AccountStatus.ACTIVE: 'active'>)
    >>> active.history[-1].event, active.history[-1].by
    ('win', 'ana')
    """
    return workflow_of(entity).apply(entity, event, at=at, by=by, note=note, **context)


def allowed_events(entity: Stateful) -> frozenset[str]:
    """The events the entity's workflow table allows from its status (guards not evaluated).

    >>> import pendulum
    >>> from accountexec.briefs import Brief
    >>> from accountexec.money import Money
    >>> empty = Brief(id="B-1", client_id="C-1", title="Launch", budget=Money("0.00", "EUR"),
    ...               deadline=pendulum.date(2026, 6, 1))
    >>> sorted(allowed_events(empty))  # "submit" is in the table, though its guard would refuse
    ['submit', 'withdraw']
    """
    return workflow_of(entity).allowed_events(entity)


def permitted_events(entity: Stateful, **context: Any) -> frozenset[str]:
    """The allowed events whose guards accept the entity (and ``context``) now.

    >>> import pendulum
    >>> from accountexec.briefs import Brief
    >>> from accountexec.money import Money
    >>> empty = Brief(id="B-1", client_id="C-1", title="Launch", budget=Money("0.00", "EUR"),
    ...               deadline=pendulum.date(2026, 6, 1))
    >>> sorted(permitted_events(empty))  # no deliverables and no budget yet: cannot be submitted
    ['withdraw']
    >>> ready = empty.edit(deliverables=["TV 30s"], budget=Money("5000.00", "EUR"))
    >>> sorted(permitted_events(ready))
    ['submit', 'withdraw']
    """
    return workflow_of(entity).permitted_events(entity, **context)


def can_apply(entity: Stateful, event: str, **context: Any) -> bool:
    """Whether ``event`` would be accepted now (table and guard).

    >>> import pendulum
    >>> from accountexec.briefs import Brief
    >>> from accountexec.money import Money
    >>> brief = Brief(id="B-1", client_id="C-1", title="Launch", deliverables=["TV 30s"],
    ...               budget=Money("5000.00", "EUR"), deadline=pendulum.date(2026, 6, 1))
    >>> can_apply(brief, "submit"), can_apply(brief, "approve")
    (True, False)
    """
    return workflow_of(entity).can_apply(entity, event, **context)


def replay(entity: Stateful) -> StrEnum:
    """The status the entity's history reaches from its workflow's initial status.

    An entity whose status and history agree replays to its own status:

    >>> import pendulum
    >>> from accountexec.accounts import Account, AccountTeam, Client
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    >>> account = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
    >>> account = account.win(at=at).flag_risk(at=at.add(days=30))
    >>> replay(account), replay(account) == account.status
    (<AccountStatus.AT_RISK: 'at_risk'>, True)
    """
    return workflow_of(entity).replay(entity.history)
