"""The account's activity log: meetings, calls, emails, tasks and reports; what is overdue and next.

An :class:`Activity` is planned (``due_at``) or logged after the fact (``held_at``), and done once
``done_at`` is set. An :class:`ActivityLog` is an immutable, ordered collection of activities with
unique ids: :meth:`~ActivityLog.add` and :meth:`~ActivityLog.complete` return new logs. Recurring
client reports (:class:`RecurringReport`) compute their due dates on a business calendar.

>>> import pendulum
>>> at = pendulum.datetime(2026, 3, 2, 10, tz="Europe/London")
>>> log = ActivityLog().add(
...     Activity(id="A-1", kind="call", subject="Kick-off", participants=["ana", "Dana (client)"],
...              held_at=at)
... ).add(
...     Activity(id="A-2", kind="task", subject="Send the recap", due_at=at.add(days=1))
... )
>>> [a.id for a in log.overdue(as_of=at.add(days=2))]
['A-2']
>>> log.days_since_contact(as_of=pendulum.date(2026, 3, 11), timezone="Europe/London")
9
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, Literal, cast, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_optional_text,
    check_text,
    instance_of,
    require_aware,
    to_date,
    to_optional_aware_datetime,
    to_sequence,
    to_timezone_name,
)
from accountexec.calendars import Roll, WorkCalendar
from accountexec.deadlines import DeadlineRule
from accountexec.errors import ValidationError

__all__ = [
    "CONTACT_KINDS",
    "Activity",
    "ActivityKind",
    "ActivityLog",
    "RecurringReport",
    "ReportCadence",
]


class ActivityKind(StrEnum):
    """What an activity is.

    Meetings, calls and emails count as contact with the client (:data:`CONTACT_KINDS`); tasks
    and reports do not.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Europe/London")
    >>> [kind.value for kind in ActivityKind if kind in CONTACT_KINDS]
    ['meeting', 'call', 'email']
    >>> Activity(id="A-1", kind=ActivityKind.REPORT, subject="March report", held_at=at).is_contact
    False
    """

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    TASK = "task"
    REPORT = "report"


CONTACT_KINDS = frozenset({ActivityKind.MEETING, ActivityKind.CALL, ActivityKind.EMAIL})
"""The kinds that count as contact with the client (tasks are internal, reports deliverables)."""


def _to_kind(value: object) -> object:
    try:
        return ActivityKind(value)  # type: ignore[arg-type]
    except ValueError:
        return value


def _check_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ActivityKind):
        raise ValidationError(
            "kind", value, ", ".join(repr(k.value) for k in ActivityKind) + " (an ActivityKind)"
        )


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return to_sequence("participants", value)


def _check_names(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    for name in value:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(attribute.name, name, "non-empty names")
    if len(set(value)) != len(value):
        raise ValidationError(attribute.name, value, "each name once")


def _to_due_at(value: object) -> _dt.datetime | None:
    return to_optional_aware_datetime(value, "due_at")


def _to_held_at(value: object) -> _dt.datetime | None:
    return to_optional_aware_datetime(value, "held_at")


def _to_done_at(value: object) -> _dt.datetime | None:
    return to_optional_aware_datetime(value, "done_at")


def _done_default(self: Activity) -> _dt.datetime | None:
    return self.held_at


@attrs.frozen(kw_only=True)
class Activity:
    """One thing done (or to do) on an account.

    ``due_at`` is when a planned activity is due; ``held_at`` when it took place (an activity logged
    after the fact; it is then done, and ``done_at`` defaults to it). At least one of the two is
    given; every time is an aware datetime.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Europe/Madrid")
    >>> call = Activity(id="A-1", kind="call", subject="Budget check", held_at=at)
    >>> call.is_done, call.done_at == at, call.is_contact
    (True, True, True)
    >>> task = Activity(id="A-2", kind="task", subject="Draft the brief", due_at=at)
    >>> task.complete(at=at.add(hours=2), outcome="sent to the planner").outcome
    'sent to the planner'
    """

    id: str = attrs.field(validator=check_text)
    kind: ActivityKind = attrs.field(converter=_to_kind, validator=_check_kind)
    subject: str = attrs.field(validator=check_text)
    participants: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_names
    )
    due_at: _dt.datetime | None = attrs.field(default=None, converter=_to_due_at)
    held_at: _dt.datetime | None = attrs.field(default=None, converter=_to_held_at)
    done_at: _dt.datetime | None = attrs.field(
        default=attrs.Factory(_done_default, takes_self=True),
        converter=_to_done_at,
    )
    outcome: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.due_at is None and self.held_at is None:
            raise ValidationError("due_at", None, "a due time or a held time (one at least)")
        if self.held_at is not None:
            if self.done_at is None:
                raise ValidationError("done_at", None, "a time: an activity held is done")
            if self.done_at < self.held_at:
                raise ValidationError(
                    "done_at", self.done_at, f"a time not before it was held ({self.held_at!r})"
                )
        if self.outcome is not None and self.done_at is None:
            raise ValidationError("outcome", self.outcome, "an outcome only once done")

    @property
    def is_done(self) -> bool:
        """Whether the activity is done."""
        return self.done_at is not None

    @property
    def is_contact(self) -> bool:
        """Whether the activity is contact with the client (a meeting, call or email)."""
        return self.kind in CONTACT_KINDS

    @property
    def contact_at(self) -> _dt.datetime | None:
        """When a done contact activity touched the client (held, else done), else None."""
        if not self.is_contact or self.done_at is None:
            return None
        return self.held_at if self.held_at is not None else self.done_at

    def is_overdue(self, *, as_of: _dt.datetime) -> bool:
        """Whether the activity is open and its due time is before ``as_of``."""
        require_aware(as_of, "as_of")
        return self.done_at is None and self.due_at is not None and self.due_at < as_of

    def complete(self, *, at: _dt.datetime, outcome: str | None = None) -> Activity:
        """The activity done at ``at`` with ``outcome``; an activity already done is refused."""
        if self.done_at is not None:
            raise ValidationError("id", self.id, f"an open activity (done at {self.done_at!r})")
        return attrs.evolve(self, done_at=at, outcome=outcome)


def _to_activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    return to_sequence("activities", value)


def _check_activities(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    seen: set[str] = set()
    for activity in value:
        if not isinstance(activity, Activity):
            raise ValidationError("activities", activity, "Activity values")
        if activity.id in seen:
            raise ValidationError("activities", activity.id, "unique activity ids")
        seen.add(activity.id)


def _due_key(activity: Activity) -> tuple[_dt.datetime, str]:
    # the callers keep only activities with a due time
    return (cast("_dt.datetime", activity.due_at), activity.id)


@attrs.frozen
class ActivityLog:
    """An immutable log of activities with unique ids, in the order they were added.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> log = ActivityLog([
    ...     Activity(id="T-1", kind="task", subject="Media plan", due_at=at.add(days=3)),
    ...     Activity(id="T-2", kind="task", subject="Rate card", due_at=at.add(days=1)),
    ...     Activity(id="T-3", kind="meeting", subject="Review", due_at=at.add(days=7)),
    ... ])
    >>> [a.id for a in log.next_actions(as_of=at, limit=2)]
    ['T-2', 'T-1']
    >>> log = log.complete("T-2", at=at.add(hours=5), outcome="sent")
    >>> log["T-2"].is_done, len(log)
    (True, 3)
    """

    activities: tuple[Activity, ...] = attrs.field(
        default=(), converter=_to_activities, validator=_check_activities
    )

    def __len__(self) -> int:
        return len(self.activities)

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)

    def __contains__(self, activity_id: object) -> bool:
        return any(a.id == activity_id for a in self.activities)

    def __getitem__(self, activity_id: str) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise ValidationError("id", activity_id, "the id of an activity in the log")

    def add(self, activity: Activity) -> ActivityLog:
        """The log with ``activity`` appended (its id must be new)."""
        return ActivityLog((*self.activities, activity))

    def complete(
        self, activity_id: str, *, at: _dt.datetime, outcome: str | None = None
    ) -> ActivityLog:
        """The log with activity ``activity_id`` done at ``at`` (see :meth:`Activity.complete`)."""
        done = self[activity_id].complete(at=at, outcome=outcome)
        return ActivityLog(done if a.id == activity_id else a for a in self.activities)

    def open(self) -> tuple[Activity, ...]:
        """The activities not done yet, in log order."""
        return tuple(a for a in self.activities if a.done_at is None)

    def overdue(self, *, as_of: _dt.datetime) -> tuple[Activity, ...]:
        """Open activities due before ``as_of``, most overdue first (ties by id)."""
        return tuple(
            sorted((a for a in self.activities if a.is_overdue(as_of=as_of)), key=_due_key)
        )

    def next_actions(self, *, as_of: _dt.datetime, limit: int = 5) -> tuple[Activity, ...]:
        """Open activities due at or after ``as_of``, soonest first (ties by id), at most ``limit``.

        Overdue activities are not "next": :meth:`overdue` lists them.
        """
        require_aware(as_of, "as_of")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ValidationError("limit", limit, "an int, zero or more")
        upcoming = (
            a
            for a in self.activities
            if a.done_at is None and a.due_at is not None and a.due_at >= as_of
        )
        return tuple(sorted(upcoming, key=_due_key)[:limit])

    def last_contact(self, *, as_of: _dt.datetime | None = None) -> _dt.datetime | None:
        """When the client was last contacted (a done meeting, call or email), or None.

        With ``as_of``, only contacts at or before it count.
        """
        if as_of is not None:
            require_aware(as_of, "as_of")
        moments = [
            a.contact_at
            for a in self.activities
            if a.contact_at is not None and (as_of is None or a.contact_at <= as_of)
        ]
        return max(moments, default=None)

    def days_since_contact(self, *, as_of: _dt.date, timezone: str) -> int | None:
        """Calendar days in ``timezone`` (the client's) from the last contact to ``as_of``.

        Contacts up to the end of ``as_of`` in ``timezone`` count; a contact that day is 0 days
        ago, one the evening before is 1, whatever the hours. None if the client was never
        contacted by then. A :class:`~accountexec.reports.ClientReport` counts the same way.

        >>> import pendulum
        >>> late_call = pendulum.datetime(2026, 3, 2, 23, 30, tz="Europe/London")
        >>> log = ActivityLog().add(Activity(id="A-1", kind="call", subject="Catch-up",
        ...                                  held_at=late_call))
        >>> log.days_since_contact(as_of=pendulum.date(2026, 3, 3), timezone="Europe/London")
        1
        >>> log.days_since_contact(as_of=pendulum.date(2026, 3, 3), timezone="Asia/Tokyo")
        0
        """
        day = to_date(as_of, "as_of")
        zone = to_timezone_name(timezone)
        end = pendulum.datetime(day.year, day.month, day.day, tz=zone).add(days=1)
        last = self.last_contact(as_of=end)
        if last is None:
            return None
        return day.toordinal() - pendulum.instance(last).in_timezone(zone).date().toordinal()


# ------------------------------------------------------------------------- recurring client reports


Period = Literal["week", "month"]
_PERIODS = frozenset(get_args(Period))
_ROLLS = frozenset(get_args(Roll))


def _period_start(period: str, d: _dt.date) -> _dt.date:
    if period == "week":
        return d - _dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def _next_period(period: str, start: _dt.date) -> _dt.date:
    if period == "week":
        return start + _dt.timedelta(days=7)
    year, month = divmod(start.month, 12)
    return _dt.date(start.year + year, month + 1, 1)


def _previous_period(period: str, start: _dt.date) -> _dt.date:
    return _period_start(period, start - _dt.timedelta(days=1))


@attrs.frozen(kw_only=True)
class ReportCadence:
    """When a recurring report falls due in each period (a week, Monday first, or a month).

    Without ``rule``: on ``day`` of the period (a weekday 0-6, Monday 0, for weeks; a day of the
    month 1-31 for months, clamped to the month's length), moved to a business day by ``roll``.
    With ``rule``: ``rule.due(end_of_period, calendar)``, e.g. ``BusinessDays(3)`` for "three
    business days after the period closes".

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> cal = WorkCalendar(holidays=[pendulum.date(2026, 4, 3)])  # Good Friday
    >>> ReportCadence.weekly(weekday=4).due_in(pendulum.date(2026, 3, 30), cal)
    Date(2026, 4, 2)
    >>> ReportCadence.monthly(day=31).due_in(pendulum.date(2026, 2, 10), cal)
    Date(2026, 2, 27)
    """

    period: Period = attrs.field()
    day: int = attrs.field(default=1)
    rule: DeadlineRule | None = attrs.field(default=None)
    roll: Roll = attrs.field(default="modified_following")

    @period.validator
    def _check_period(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in _PERIODS:
            raise ValidationError("period", value, "'week' or 'month'")

    @day.validator
    def _check_day(self, attribute: attrs.Attribute[Any], value: object) -> None:
        top = 6 if self.period == "week" else 31
        low = 0 if self.period == "week" else 1
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= top:
            raise ValidationError("day", value, f"an int from {low} to {top} for a {self.period}")

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, DeadlineRule):
            raise ValidationError("rule", value, "a deadline rule such as BusinessDays(3)")

    @roll.validator
    def _check_roll(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in _ROLLS:
            raise ValidationError("roll", value, ", ".join(repr(r) for r in sorted(_ROLLS)))

    @classmethod
    def weekly(cls, weekday: int = 4, *, roll: Roll = "preceding") -> ReportCadence:
        """Every week on ``weekday`` (Monday 0; default Friday), rolled to a business day."""
        return cls(period="week", day=weekday, roll=roll)

    @classmethod
    def monthly(cls, day: int = 1, *, roll: Roll = "modified_following") -> ReportCadence:
        """Every month on ``day`` (clamped to the month's length), rolled to a business day."""
        return cls(period="month", day=day, roll=roll)

    @classmethod
    def after_period(cls, period: Period, rule: DeadlineRule) -> ReportCadence:
        """Every period, due by ``rule`` counted from the period's last day."""
        return cls(period=period, rule=rule)

    def due_in(self, within: _dt.date, calendar: WorkCalendar) -> pendulum.Date:
        """The due date of the report for the period that contains ``within``."""
        start = _period_start(self.period, to_date(within, "within"))
        if self.rule is not None:
            end = _next_period(self.period, start) - _dt.timedelta(days=1)
            return to_date(
                self.rule.due(pendulum.Date(end.year, end.month, end.day), calendar), "due"
            )
        if self.period == "week":
            target = start + _dt.timedelta(days=self.day)
        else:
            last = _calendar.monthrange(start.year, start.month)[1]
            target = start.replace(day=min(self.day, last))
        return calendar.roll(target, self.roll)


@attrs.frozen(kw_only=True)
class RecurringReport:
    """A client report that recurs on a :class:`ReportCadence`.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> report = RecurringReport(id="R-1", subject="Weekly media report",
    ...                          cadence=ReportCadence.weekly(weekday=0))
    >>> report.due_dates(WorkCalendar(), start=pendulum.date(2026, 3, 3), count=3)
    (Date(2026, 3, 9), Date(2026, 3, 16), Date(2026, 3, 23))

    A report due after its period closes is found from the period before ``start``: February's
    report, three business days after 28 February, is the first due from 1 March.

    >>> from accountexec.deadlines import BusinessDays
    >>> closing = RecurringReport(id="R-2", subject="Month close",
    ...                           cadence=ReportCadence.after_period("month", BusinessDays(3)))
    >>> closing.next_due(WorkCalendar(), as_of=pendulum.date(2026, 3, 1))
    Date(2026, 3, 5)
    """

    id: str = attrs.field(validator=check_text)
    subject: str = attrs.field(validator=check_text)
    cadence: ReportCadence = attrs.field(validator=instance_of(ReportCadence, "a ReportCadence"))
    participants: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, validator=_check_names
    )

    def due_dates(
        self, calendar: WorkCalendar, *, start: _dt.date, count: int
    ) -> tuple[pendulum.Date, ...]:
        """The next ``count`` due dates on or after ``start``, in order."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError("count", count, "an int, zero or more")
        first = to_date(start, "start")
        period = _period_start(self.cadence.period, first)
        # a rule (or a roll) may move a period's date into a later period: an earlier period's
        # report may still be due on or after ``start`` (due dates never decrease period by period)
        while (
            self.cadence.due_in(earlier := _previous_period(self.cadence.period, period), calendar)
            >= first
        ):
            period = earlier
        dates: list[pendulum.Date] = []
        last: pendulum.Date | None = None
        # skip repeats and dates before ``start``
        while len(dates) < count:
            due = self.cadence.due_in(period, calendar)
            if due >= first and (last is None or due > last):
                dates.append(due)
                last = due
            period = _next_period(self.cadence.period, period)
        return tuple(dates)

    def next_due(self, calendar: WorkCalendar, *, as_of: _dt.date) -> pendulum.Date:
        """The first due date on or after ``as_of``."""
        return self.due_dates(calendar, start=as_of, count=1)[0]

    def activity(self, due_on: _dt.date, calendar: WorkCalendar, *, activity_id: str) -> Activity:
        """The report as an :class:`Activity` due at the end of business on ``due_on``.

        >>> import pendulum
        >>> from accountexec.calendars import WorkCalendar
        >>> report = RecurringReport(id="R-1", subject="Monthly results",
        ...                          cadence=ReportCadence.monthly(day=5))
        >>> report.activity(pendulum.date(2026, 3, 5), WorkCalendar(timezone="Europe/Paris"),
        ...                 activity_id="R-1/2026-03").due_at
        DateTime(2026, 3, 5, 17, 30, 0, tzinfo=Timezone('Europe/Paris'))
        """
        return Activity(
            id=activity_id,
            kind=ActivityKind.REPORT,
            subject=self.subject,
            participants=self.participants,
            due_at=calendar.end_of_business_day(to_date(due_on, "due_on")),
        )
