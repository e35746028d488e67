"""Client issues and service levels: a complaint or a problem, and the clock it runs against.

A :class:`ClientIssue` is raised by a client (a wrong invoice, a late deliverable, a campaign
that misfired) and moves open → acknowledged → resolved → closed, with ``wait`` / ``resume``
while the agency waits on the client and ``reopen`` when a resolution does not hold; every move
is a :class:`~accountexec.workflow.StatusChange` in its history.

An :class:`SlaPolicy` promises, per :class:`Severity`, a first response and a resolution within a
number of business hours (:class:`~accountexec.deadlines.BusinessHours`) on the client's
:class:`~accountexec.calendars.WorkCalendar`: its working hours, time zone and holidays, so a
clock stops at night, at weekends and on holidays and follows the wall clock across a change to
or from summer time. :func:`sla_status` reads both clocks of an issue at a moment: when each is
due, how much business time is left or by how much it is breached, and whether it is paused.
The resolution clock stops while the issue is resolved and, if the policy says so
(``pause_while_waiting``, the default), while the agency waits on the client; a reopened issue
runs on from where its clock stopped. :func:`escalation` names who should act next, from the
:class:`~accountexec.accounts.AccountTeam`: the account executive, then the account supervisor
once a clock is breached, then the account director once it is breached by more than
``director_after``.

>>> import pendulum
>>> from accountexec.calendars import WorkCalendar
>>> from accountexec.deadlines import BusinessHours
>>> cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
>>> policy = SlaPolicy(first_response={"high": BusinessHours(2)},
...                    resolution={"high": BusinessHours(16)}, calendar=cal)
>>> opened = pendulum.datetime(2026, 3, 27, 16, tz="Europe/London")  # a Friday, 16:00
>>> issue = ClientIssue("I-1", "fjord", opened, "high", "invoice total wrong", "ana")
>>> status = sla_status(issue, policy, at=opened.add(hours=1))
>>> status.first_response.due.isoformat(), status.resolution.due.isoformat()
('2026-03-30T10:00:00+01:00', '2026-03-31T16:00:00+01:00')
>>> status.first_response.remaining
datetime.timedelta(seconds=3600)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final

import attrs
import pendulum

from accountexec._fields import ReadOnlyMapping, check_text, require_aware, to_enum, to_sequence
from accountexec.calendars import WorkCalendar
from accountexec.clients.accounts import AccountTeam
from accountexec.deadlines import BusinessHours
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT
from accountexec.workflow import StatusChange, Transition, Workflow, apply

__all__ = [
    "ISSUE_WORKFLOW",
    "ClientIssue",
    "Escalation",
    "IssueStatus",
    "Severity",
    "SlaClock",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "business_time_between",
    "escalation",
    "sla_status",
]

_US_PER_HOUR: Final = 3_600_000_000


class Severity(StrEnum):
    """How bad a client issue is; an :class:`SlaPolicy` sets its targets per severity.

    >>> [s.value for s in Severity]
    ['critical', 'high', 'medium', 'low']
    """

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class IssueStatus(StrEnum):
    """Where a client issue stands.

    >>> sorted(ISSUE_WORKFLOW.events_from(IssueStatus.RESOLVED))
    ['close', 'reopen']
    """

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    WAITING_ON_CLIENT = "waiting_on_client"
    RESOLVED = "resolved"
    CLOSED = "closed"


ISSUE_WORKFLOW = Workflow(
    name="client issue",
    states=IssueStatus,
    initial=IssueStatus.OPEN,
    terminal={IssueStatus.CLOSED},
    transitions=[
        Transition("acknowledge", IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED),
        Transition("wait", IssueStatus.ACKNOWLEDGED, IssueStatus.WAITING_ON_CLIENT),
        Transition("resume", IssueStatus.WAITING_ON_CLIENT, IssueStatus.ACKNOWLEDGED),
        Transition(
            "resolve",
            [IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED, IssueStatus.WAITING_ON_CLIENT],
            IssueStatus.RESOLVED,
        ),
        Transition("reopen", IssueStatus.RESOLVED, IssueStatus.OPEN),
        Transition("close", IssueStatus.RESOLVED, IssueStatus.CLOSED),
    ],
)
"""open → acknowledged → resolved → closed; ``wait``/``resume`` while waiting on the client;
``reopen`` a resolved issue (a closed one stays closed)."""


def _to_severity(value: object) -> Severity:
    return to_enum(Severity, value, "severity")


def _to_status(value: object) -> IssueStatus:
    return to_enum(IssueStatus, value, "status")


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


def _check_opened_at(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    require_aware(value, "opened_at")


@attrs.frozen
class ClientIssue:
    """A client's issue: ``ClientIssue(id, client_id, opened_at, severity, subject, owner)``.

    ``owner`` is the person handling it; ``opened_at`` an aware datetime. The status moves with
    the methods named after the workflow's events; every change is dated no earlier than the
    issue was opened.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Berlin")
    >>> issue = ClientIssue("I-1", "fjord", at, "medium", "late banner", "ana")
    >>> issue = issue.acknowledge(at=at.add(hours=1), by="ana").resolve(at=at.add(hours=5))
    >>> issue.status.value, sorted(issue.allowed_events())
    ('resolved', ['close', 'reopen'])
    """

    workflow: ClassVar[Workflow] = ISSUE_WORKFLOW

    id: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    opened_at: _dt.datetime = attrs.field(validator=_check_opened_at)
    severity: Severity = attrs.field(converter=_to_severity)
    subject: str = attrs.field(validator=check_text)
    owner: str = attrs.field(validator=check_text)
    status: IssueStatus = attrs.field(default=IssueStatus.OPEN, converter=_to_status, kw_only=True)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history, kw_only=True)

    def __attrs_post_init__(self) -> None:
        ISSUE_WORKFLOW.check(self)
        previous = self.opened_at
        for change in self.history:
            if change.at < previous:
                raise ValidationError(
                    "history", change.at, f"changes in time order, none before {previous}"
                )
            previous = change.at

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status."""
        return ISSUE_WORKFLOW.allowed_events(self)

    def status_at(self, at: _dt.datetime) -> IssueStatus:
        """The status the issue had at ``at`` (from its history)."""
        moment = require_aware(at, "at")
        status = IssueStatus.OPEN
        for change in self.history:
            if change.at <= moment:
                status = IssueStatus(change.target)
        return status

    def _move(self, event: str, at: _dt.datetime, by: str | None, note: str | None) -> ClientIssue:
        moment = require_aware(at, "at")
        if moment < self.opened_at:
            raise ValidationError("at", at, f"a moment on or after the opening {self.opened_at}")
        return apply(self, event, at=moment, by=by, note=note)

    def acknowledge(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """open → acknowledged: the first response."""
        return self._move("acknowledge", at, by, note)

    def wait(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """acknowledged → waiting_on_client."""
        return self._move("wait", at, by, note)

    def resume(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """waiting_on_client → acknowledged: the client answered."""
        return self._move("resume", at, by, note)

    def resolve(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """open, acknowledged or waiting_on_client → resolved."""
        return self._move("resolve", at, by, note)

    def reopen(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """resolved → open: the resolution did not hold; the resolution clock runs on."""
        return self._move("reopen", at, by, note)

    def close(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> ClientIssue:
        """resolved → closed."""
        return self._move("close", at, by, note)


# -- business time ----------------------------------------------------------------------------


def _wall(t: _dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _position(moment: _dt.datetime, calendar: WorkCalendar) -> tuple[pendulum.Date, int]:
    """The business day a moment counts on and the microseconds of working time before it."""
    local = pendulum.instance(moment).in_timezone(calendar.timezone)
    day = pendulum.Date(local.year, local.month, local.day)
    opening, closing = (_wall(t) for t in calendar.working_hours)
    t = _wall(local.time())
    if not calendar.is_business_day(day):
        return calendar.roll(day, "following"), 0
    if t >= closing:
        return calendar.add_business_days(day, 1), 0
    return day, max(t - opening, 0)


def business_time_between(
    start: _dt.datetime, end: _dt.datetime, calendar: WorkCalendar
) -> _dt.timedelta:
    """The working time between two aware moments on ``calendar`` (zero if ``end`` is earlier).

    Counted on the local wall clock, day by day, like
    :meth:`~accountexec.calendars.WorkCalendar.add_business_hours`, of which it is the inverse:
    ``business_time_between(a, cal.add_business_hours(a, h), cal)`` is ``h``.

    >>> import pendulum
    >>> cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
    >>> business_time_between(pendulum.datetime(2026, 3, 27, 15, tz="Europe/London"),
    ...                       pendulum.datetime(2026, 3, 30, 10, tz="Europe/London"), cal)
    datetime.timedelta(seconds=10800)
    """
    first = require_aware(start, "start")
    last = require_aware(end, "end")
    if not isinstance(calendar, WorkCalendar):
        raise ValidationError("calendar", calendar, "a WorkCalendar")
    if last <= first:
        return _dt.timedelta(0)
    day_a, off_a = _position(first, calendar)
    day_b, off_b = _position(last, calendar)
    opening, closing = (_wall(t) for t in calendar.working_hours)
    days = calendar.business_days_between(day_a, day_b)
    us = days * (closing - opening) + off_b - off_a
    return _dt.timedelta(microseconds=max(us, 0))


# -- the policy -------------------------------------------------------------------------------


def _to_targets(field: str, value: Mapping[Any, BusinessHours]) -> Mapping[Severity, BusinessHours]:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError(field, value, "a mapping of severity to BusinessHours(...)")
    targets: dict[Severity, BusinessHours] = {}
    for severity, rule in value.items():
        key = to_enum(Severity, severity, field)
        if not isinstance(rule, BusinessHours):
            raise ValidationError(f"{field}[{key.value!r}]", rule, "BusinessHours(...)")
        targets[key] = rule
    ordered = {s: targets[s] for s in Severity if s in targets}
    return ReadOnlyMapping(ordered)


def _to_first_response(value: Mapping[Any, BusinessHours]) -> Mapping[Severity, BusinessHours]:
    return _to_targets("first_response", value)


def _to_resolution(value: Mapping[Any, BusinessHours]) -> Mapping[Severity, BusinessHours]:
    return _to_targets("resolution", value)


def _check_calendar(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, WorkCalendar):
        raise ValidationError("calendar", value, "a WorkCalendar (the client's business hours)")


def _check_flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(attribute.name, value, "True or False")


def _check_director_after(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, BusinessHours):
        raise ValidationError("director_after", value, "BusinessHours(...)")


def _hours(rule: BusinessHours) -> _dt.timedelta:
    hours = rule.hours
    if isinstance(hours, _dt.timedelta):
        return hours
    if isinstance(hours, Decimal):
        numerator, denominator = hours.as_integer_ratio()
        return _dt.timedelta(microseconds=numerator * _US_PER_HOUR // denominator)
    return _dt.timedelta(hours=hours)


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """Service-level targets per severity, in business hours on the client's calendar.

    ``first_response`` and ``resolution`` map each :class:`Severity` covered to a
    :class:`~accountexec.deadlines.BusinessHours`; both must cover the same severities.
    ``pause_while_waiting`` stops the resolution clock while the issue waits on the client.
    ``director_after`` is how far past a breach the account director is called in (default 8
    business hours).

    >>> from accountexec.calendars import WorkCalendar
    >>> from accountexec.deadlines import BusinessHours
    >>> SlaPolicy(first_response={"low": BusinessHours(8)}, resolution={"high": BusinessHours(8)},
    ...           calendar=WorkCalendar())
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'resolution': ['high']; expected the severities of first_response: ['low']
    """  # noqa: E501

    first_response: Mapping[Severity, BusinessHours] = attrs.field(
        converter=_to_first_response, hash=False
    )
    resolution: Mapping[Severity, BusinessHours] = attrs.field(converter=_to_resolution, hash=False)
    calendar: WorkCalendar = attrs.field(validator=_check_calendar)
    pause_while_waiting: bool = attrs.field(default=True, validator=_check_flag)
    director_after: BusinessHours = attrs.field(
        default=BusinessHours(8), validator=_check_director_after
    )

    def __attrs_post_init__(self) -> None:
        if set(self.resolution) != set(self.first_response):
            raise ValidationError(
                "resolution",
                [s.value for s in self.resolution],
                f"the severities of first_response: {[s.value for s in self.first_response]}",
            )

    def targets(self, severity: Severity | str) -> tuple[BusinessHours, BusinessHours]:
        """The first-response and resolution targets of ``severity``."""
        key = to_enum(Severity, severity, "severity")
        if key not in self.first_response:
            allowed = ", ".join(repr(s.value) for s in self.first_response)
            raise ValidationError("severity", key.value, f"a severity of the policy: {allowed}")
        return self.first_response[key], self.resolution[key]


# -- the status of an issue -------------------------------------------------------------------


class SlaState(StrEnum):
    """Where one clock stands at a moment.

    >>> [s.value for s in SlaState]
    ['running', 'paused', 'met', 'breached']
    """

    RUNNING = "running"
    """Counting, within its target."""
    PAUSED = "paused"
    """Stopped for now (waiting on the client, or resolved), within its target."""
    MET = "met"
    """Stopped for good within its target (responded; resolved and closed)."""
    BREACHED = "breached"
    """Past its target, whether still counting or not."""


def _to_state(value: object) -> SlaState:
    return to_enum(SlaState, value, "state")


def _check_optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        require_aware(value, attribute.name)


def _check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    require_aware(value, attribute.name)


def _check_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, _dt.timedelta) or value < _dt.timedelta(0):
        raise ValidationError(attribute.name, value, "a timedelta of zero or more")


@attrs.frozen(kw_only=True)
class SlaClock:
    """One service-level clock of an issue at a moment: first response or resolution.

    ``target`` is the business time allowed; ``elapsed`` the business time counted so far;
    ``due`` the moment the target is reached (``None`` while paused: it moves when the clock runs
    again); ``stopped_at`` when the clock stopped for good or for now (the response, the latest
    resolution, the start of a wait). ``remaining`` and ``breached_by`` are what is left and by
    how much the target is passed, in business time; one of them is zero.

    >>> import datetime as dt
    >>> clock = SlaClock(name="resolution", target=dt.timedelta(hours=8),
    ...                  elapsed=dt.timedelta(hours=10), due=None, state="breached")
    >>> clock.remaining, clock.breached_by
    (datetime.timedelta(0), datetime.timedelta(seconds=7200))
    """

    name: str = attrs.field(validator=check_text)
    target: _dt.timedelta = attrs.field(validator=_check_duration)
    elapsed: _dt.timedelta = attrs.field(validator=_check_duration)
    due: _dt.datetime | None = attrs.field(validator=_check_optional_aware)
    stopped_at: _dt.datetime | None = attrs.field(default=None, validator=_check_optional_aware)
    state: SlaState = attrs.field(converter=_to_state)

    def __attrs_post_init__(self) -> None:
        late = self.elapsed > self.target
        if late != (self.state is SlaState.BREACHED):
            raise ValidationError(
                "state",
                self.state.value,
                "'breached' exactly when elapsed exceeds the target",
            )

    @property
    def remaining(self) -> _dt.timedelta:
        """Business time left before the target (zero once breached)."""
        return max(self.target - self.elapsed, _dt.timedelta(0))

    @property
    def breached_by(self) -> _dt.timedelta:
        """Business time past the target (zero while within it)."""
        return max(self.elapsed - self.target, _dt.timedelta(0))

    @property
    def is_breached(self) -> bool:
        """Whether the target is passed."""
        return self.state is SlaState.BREACHED


@attrs.frozen(kw_only=True)
class SlaStatus:
    """Both clocks of an issue at a moment, as :func:`sla_status` reads them.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> from accountexec.deadlines import BusinessHours
    >>> policy = SlaPolicy(first_response={"low": BusinessHours(8)},
    ...                    resolution={"low": BusinessHours(40)}, calendar=WorkCalendar())
    >>> t0 = pendulum.datetime(2026, 6, 1, 9, tz="UTC")
    >>> s = sla_status(ClientIssue("I-9", "fjord", t0, "low", "typo", "ana"), policy, t0)
    >>> s.is_open, s.is_breached, s.first_response.due.isoformat()
    (True, False, '2026-06-01T17:00:00+00:00')
    """

    issue_id: str = attrs.field(validator=check_text)
    severity: Severity = attrs.field(converter=_to_severity)
    at: _dt.datetime = attrs.field(validator=_check_aware)
    issue_status: IssueStatus = attrs.field(converter=_to_status)
    first_response: SlaClock = attrs.field()
    resolution: SlaClock = attrs.field()

    @property
    def is_open(self) -> bool:
        """Whether the issue was neither resolved nor closed at the moment read."""
        return self.issue_status not in (IssueStatus.RESOLVED, IssueStatus.CLOSED)

    @property
    def is_breached(self) -> bool:
        """Whether either clock is breached."""
        return self.first_response.is_breached or self.resolution.is_breached

    @property
    def breached_by(self) -> _dt.timedelta:
        """The larger breach of the two clocks (zero when neither is breached)."""
        return max(self.first_response.breached_by, self.resolution.breached_by)


def _timeline(
    issue: ClientIssue, at: _dt.datetime
) -> Iterator[tuple[_dt.datetime, _dt.datetime | None, IssueStatus]]:
    """(from, until, status) spans of the issue up to ``at``; the last span is open-ended."""
    start: _dt.datetime = issue.opened_at
    status = IssueStatus.OPEN
    for change in issue.history:
        if change.at > at:
            break
        yield start, change.at, status
        start, status = change.at, IssueStatus(change.target)
    yield start, None, status


def _clock(
    name: str,
    spans: list[tuple[_dt.datetime, _dt.datetime | None]],
    target: _dt.timedelta,
    at: _dt.datetime,
    calendar: WorkCalendar,
    *,
    running_now: bool,
    finished: bool,
    stopped_at: _dt.datetime | None,
) -> SlaClock:
    """A clock counting over ``spans``, closed ones ending by ``at`` and an open-ended last one
    when it runs now.

    ``due`` is where the target is (or was) reached: inside the span that reaches it, or, for a
    clock that never reached it, counting on from its last span; a paused clock has none.
    """
    elapsed = _dt.timedelta(0)
    due: _dt.datetime | None = None
    before_last = elapsed
    for first, last in spans:
        piece = business_time_between(first, at if last is None else last, calendar)
        if due is None and (last is None or elapsed + piece >= target):
            due = calendar.add_business_hours(first, target - elapsed)
        before_last = elapsed
        elapsed += piece
    if elapsed > target:
        state = SlaState.BREACHED
    elif finished:
        state = SlaState.MET
    elif running_now:
        state = SlaState.RUNNING
    else:
        state = SlaState.PAUSED
    if state is SlaState.PAUSED:
        due = None
    elif due is None and spans:
        due = calendar.add_business_hours(spans[-1][0], target - before_last)
    return SlaClock(
        name=name, target=target, elapsed=elapsed, due=due, stopped_at=stopped_at, state=state
    )


def sla_status(issue: ClientIssue, policy: SlaPolicy, at: _dt.datetime) -> SlaStatus:
    """Both service-level clocks of ``issue`` at ``at`` under ``policy``.

    The first-response clock runs from the opening to the first acknowledgement. The resolution
    clock runs from the opening while the issue is open or acknowledged (and while waiting on the
    client unless the policy pauses it), stops while it is resolved, and stops for good when it is
    closed. A clock's ``due`` is on the policy's calendar, so it always falls within working hours
    of a business day. Changes after ``at`` are ignored: the status is read as it was then.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> from accountexec.deadlines import BusinessHours
    >>> cal = WorkCalendar(timezone="Europe/Berlin", working_hours=("09:00", "17:00"))
    >>> policy = SlaPolicy(first_response={"high": BusinessHours(1)},
    ...                    resolution={"high": BusinessHours(8)}, calendar=cal)
    >>> t0 = pendulum.datetime(2026, 6, 1, 9, tz="Europe/Berlin")
    >>> issue = (ClientIssue("I-2", "fjord", t0, "high", "wrong spot aired", "ana")
    ...          .acknowledge(at=t0.add(minutes=30)).wait(at=t0.add(hours=2))
    ...          .resume(at=t0.add(hours=6)))
    >>> s = sla_status(issue, policy, at=t0.add(hours=7))
    >>> s.first_response.state.value, s.resolution.elapsed, s.resolution.due.isoformat()
    ('met', datetime.timedelta(seconds=10800), '2026-06-02T13:00:00+02:00')
    """
    if not isinstance(issue, ClientIssue):
        raise ValidationError("issue", issue, "a ClientIssue")
    if not isinstance(policy, SlaPolicy):
        raise ValidationError("policy", policy, "an SlaPolicy")
    moment = require_aware(at, "at")
    if moment < issue.opened_at:
        raise ValidationError("at", at, f"a moment on or after the opening {issue.opened_at}")
    respond, resolve = (_hours(rule) for rule in policy.targets(issue.severity))
    calendar = policy.calendar
    spans = list(_timeline(issue, moment))
    now = spans[-1][2]

    acknowledged = next(
        (c.at for c in issue.history if c.event == "acknowledge" and c.at <= moment), None
    )
    resolved_first = next(
        (c.at for c in issue.history if c.event == "resolve" and c.at <= moment), None
    )
    responded_at = acknowledged
    if responded_at is None and resolved_first is not None:
        responded_at = resolved_first  # resolving without a separate acknowledgement answers too
    first = _clock(
        "first_response",
        [(issue.opened_at, responded_at)],
        respond,
        moment,
        calendar,
        running_now=responded_at is None,
        finished=responded_at is not None,
        stopped_at=responded_at,
    )

    counting = {IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED}
    if not policy.pause_while_waiting:
        counting.add(IssueStatus.WAITING_ON_CLIENT)
    running = [(a, b) for a, b, status in spans if status in counting]
    stopped_at = None
    if now not in counting:  # when it last stopped: the end of its last running span
        stopped_at = running[-1][1] if running else issue.opened_at
    resolution = _clock(
        "resolution",
        running,
        resolve,
        moment,
        calendar,
        running_now=now in counting,
        finished=now in (IssueStatus.RESOLVED, IssueStatus.CLOSED),
        stopped_at=stopped_at,
    )
    return SlaStatus(
        issue_id=issue.id,
        severity=issue.severity,
        at=moment,
        issue_status=now,
        first_response=first,
        resolution=resolution,
    )


def _hours_text(duration: _dt.timedelta) -> str:
    us = duration // _dt.timedelta(microseconds=1)
    hours = DECIMAL_CONTEXT.divide(Decimal(us), Decimal(_US_PER_HOUR))
    return format(
        hours.quantize(Decimal("0.01"), context=DECIMAL_CONTEXT).normalize(DECIMAL_CONTEXT), "f"
    )


# -- escalation -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Escalation:
    """Who should act next on an issue, in which role of the account team, and why.

    :func:`escalation` gives it.

    >>> Escalation(issue_id="I-1", person="cy", role="supervisor",
    ...            reason="resolution breached by 2 business hours").role
    'supervisor'
    """

    issue_id: str = attrs.field(validator=check_text)
    person: str = attrs.field(validator=check_text)
    role: str = attrs.field(validator=check_text)
    reason: str = attrs.field(validator=check_text)


def escalation(
    issue: ClientIssue, policy: SlaPolicy, team: AccountTeam, at: _dt.datetime
) -> Escalation:
    """Who should act next on ``issue`` at ``at``: the executive, the supervisor or the director.

    Within its targets an issue stays with the account executive; once a clock is breached it
    goes to the account supervisor; breached by more than ``policy.director_after`` (or a
    breached critical issue), to the account director. A team without a supervisor goes straight
    to its director, and one without a director stops at the highest role it has.

    >>> import pendulum
    >>> from accountexec.accounts import AccountTeam
    >>> from accountexec.calendars import WorkCalendar
    >>> from accountexec.deadlines import BusinessHours
    >>> cal = WorkCalendar(timezone="Europe/Berlin", working_hours=("09:00", "17:00"))
    >>> policy = SlaPolicy(first_response={"high": BusinessHours(1)},
    ...                    resolution={"high": BusinessHours(8)}, calendar=cal)
    >>> team = AccountTeam(executive="ana", supervisor="cy", director="dee")
    >>> t0 = pendulum.datetime(2026, 6, 1, 9, tz="Europe/Berlin")
    >>> issue = ClientIssue("I-3", "fjord", t0, "high", "site down", "ana")
    >>> [escalation(issue, policy, team, at=t0.add(hours=h)).person for h in (0, 2, 30)]
    ['ana', 'cy', 'dee']
    """
    if not isinstance(team, AccountTeam):
        raise ValidationError("team", team, "an AccountTeam")
    status = sla_status(issue, policy, at)
    ladder = [("executive", team.executive)]
    if team.supervisor is not None:
        ladder.append(("supervisor", team.supervisor))
    if team.director is not None:
        ladder.append(("director", team.director))
    if not status.is_breached:
        level = 0
        reason = "within its service levels"
    else:
        clock = max((status.first_response, status.resolution), key=lambda c: c.breached_by)
        hours = _hours_text(clock.breached_by)
        far = status.breached_by > _hours(policy.director_after)
        critical = issue.severity is Severity.CRITICAL
        level = 2 if far or critical else 1
        reason = f"{clock.name.replace('_', ' ')} breached by {hours} business hours"
        if critical and not far:
            reason += " on a critical issue"
    role, person = ladder[min(level, len(ladder) - 1)]
    return Escalation(issue_id=issue.id, person=person, role=role, reason=reason)
