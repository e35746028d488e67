"""Deadline rules as values, and schedules of dependent tasks.

A rule turns a start into a due date on a :class:`~accountexec.calendars.WorkCalendar`, and can say
how it got there. Every rule follows the :class:`DeadlineRule` protocol, so a field typed
``DeadlineRule`` takes any of them:

>>> import pendulum
>>> from accountexec.calendars import WorkCalendar
>>> from accountexec.deadlines import BusinessDays, CalendarDays
>>> cal = WorkCalendar(holidays=[pendulum.date(2026, 5, 25)])
>>> BusinessDays(5).due(pendulum.date(2026, 5, 20), cal)
Date(2026, 5, 28)
>>> CalendarDays(30, roll="following").explain(pendulum.date(2026, 5, 11), cal)
('2026-05-11 + 30 calendar days = 2026-06-10', 'rolled forward to business day 2026-06-10')

A :class:`Schedule` of :class:`Task` values with finish-to-start dependencies is planned forward
from a start (:meth:`Schedule.forward`) or backward from a deadline (:meth:`Schedule.backward`),
with slack and the critical path.
"""

from __future__ import annotations

import calendar as _monthcal
import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, get_args, runtime_checkable

import attrs
import pendulum

from accountexec._fields import check_count, check_text, to_date, to_sequence_of
from accountexec._views import mermaid_gantt
from accountexec.calendars import _US_PER_HOUR, Roll, WorkCalendar, _hours_amount, _ordinal
from accountexec.errors import ScheduleError, ValidationError
from accountexec.money import DECIMAL_CONTEXT

__all__ = [
    "BusinessDays",
    "BusinessHours",
    "CalendarDays",
    "DayOfMonth",
    "DeadlineRule",
    "EndOfMonth",
    "Schedule",
    "ScheduledPlan",
    "ScheduledTask",
    "Task",
]

_ROLLS: Final = frozenset(get_args(Roll))
_MONTHS: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@runtime_checkable
class DeadlineRule(Protocol):
    """What every deadline rule offers: a due date, and the steps that led to it.

    Rules that need no calendar (:class:`CalendarDays` without a roll, :class:`EndOfMonth`,
    :class:`DayOfMonth`) accept ``calendar=None``; the others refuse it.

    >>> from accountexec.deadlines import EndOfMonth
    >>> isinstance(EndOfMonth(1), DeadlineRule)
    True
    """

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The due date for ``start``."""
        ...  # pragma: no cover

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """The steps from ``start`` to the due date, one sentence each."""
        ...  # pragma: no cover


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _whole(value: object, field: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "a whole number")
    if minimum is not None and value < minimum:
        raise ValidationError(field, value, f"a whole number >= {minimum}")
    return int(value)


def _to_n(value: object) -> int:
    return _whole(value, "n")


def _to_months(value: object) -> int:
    return _whole(value, "months")


def _to_plus_days(value: object) -> int:
    return _whole(value, "plus_days")


def _to_day(value: object) -> int:
    return _whole(value, "day")


def _to_duration(value: object) -> int:
    return _whole(value, "duration", minimum=0)


def _to_roll(value: Roll | bool | None) -> Roll | None:
    """``True`` is short for ``"following"`` (roll to the next business day), ``False`` for None."""
    if value is True:
        return "following"
    if value is False:
        return None
    return value


def _check_roll(instance: object, attribute: attrs.Attribute[Roll | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or value not in _ROLLS):
        allowed = ", ".join(repr(r) for r in sorted(_ROLLS))
        raise ValidationError(attribute.name, value, f"None, True (following) or one of {allowed}")


def _need(calendar: WorkCalendar | None, why: str) -> WorkCalendar:
    if not isinstance(calendar, WorkCalendar):
        raise ValidationError("calendar", calendar, f"a WorkCalendar ({why})")
    return calendar


def _start_date(start: object) -> _dt.date:
    return _dt.date.fromordinal(_ordinal(start, "start"))


def _pdate(d: _dt.date) -> pendulum.Date:
    return pendulum.Date(d.year, d.month, d.day)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if abs(n) == 1 else f"{n} {word}s"


def _signed(start: object, n: int, unit: str) -> str:
    return f"{start} {'-' if n < 0 else '+'} {_plural(abs(n), unit)}"


def _shift_months(d: _dt.date, months: int) -> tuple[int, int]:
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValidationError("months", months, "a shift that stays within the years 1 to 9999")
    return year, month0 + 1


def _month_text(months: int, start: _dt.date) -> str:
    if months == 0:
        return f"the month of {start}"
    if months > 0:
        return f"the month {_plural(months, 'month')} after {start}"
    return f"the month {_plural(-months, 'month')} before {start}"


def _roll(
    d: _dt.date, roll: Roll | None, calendar: WorkCalendar | None, steps: list[str] | None
) -> pendulum.Date:
    if roll is None:
        return _pdate(d)
    cal = _need(calendar, f"rolling with {roll!r} needs one")
    rolled = cal.roll(d, roll)
    if steps is not None:
        direction = "forward" if roll in {"following", "modified_following"} else "back"
        text = f"rolled {direction} to business day {rolled}"
        if rolled > d and direction == "back":
            text = (
                f"rolled forward to business day {rolled} "
                f"(modified preceding: rolling back would leave {_MONTHS[d.month]})"
            )
        elif rolled < d and direction == "forward":
            text = (
                f"rolled back to business day {rolled} "
                f"(modified following: rolling forward would leave {_MONTHS[d.month]})"
            )
        steps.append(text)
    return rolled


# --------------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------------


class _StepRule:
    """The shared ``due``/``explain`` of a rule that computes its date in one ``_compute`` pass.

    A subclass writes only ``_compute(start, calendar, steps)``, which returns the due date and,
    when ``steps`` is a list, appends one sentence per step; ``due`` passes None (nothing to
    write), ``explain`` a list. Slotted and field-free, so attrs subclasses stay slotted.
    """

    __slots__ = ()

    if TYPE_CHECKING:  # each rule defines it; declared here for the type checker only

        def _compute(
            self, start: _dt.date, calendar: WorkCalendar | None, steps: list[str] | None
        ) -> pendulum.Date: ...

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        """The due date for ``start`` (``calendar`` may be None if the rule needs none)."""
        return self._compute(start, calendar, None)

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """The steps from ``start`` to the due date, one sentence each (see the class)."""
        steps: list[str] = []
        self._compute(start, calendar, steps)
        return tuple(steps)


@attrs.frozen
class BusinessDays(_StepRule):
    """``n`` business days after (or, negative, before) the start, as ``numpy.busday_offset``.

    A start that is not a business day first rolls forward (back for a negative ``n``). Needs a
    calendar; :meth:`explain` gives the roll of a non-business start (if any), then the move.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> for step in BusinessDays(1).explain(pendulum.date(2026, 5, 16), WorkCalendar()):
    ...     print(step)
    2026-05-16 is not a business day: rolled forward to 2026-05-18
    2026-05-18 + 1 business day = 2026-05-19
    """

    n: int = attrs.field(converter=_to_n)

    def _compute(
        self, start: _dt.date, calendar: WorkCalendar | None, steps: list[str] | None
    ) -> pendulum.Date:
        cal = _need(calendar, "business days need one")
        begin = _start_date(start)
        result = cal.add_business_days(begin, self.n)
        if steps is not None:
            origin = _pdate(begin)
            if not cal.is_business_day(begin):
                origin = cal.roll(begin, "following" if self.n >= 0 else "preceding")
                where = "forward" if self.n >= 0 else "back"
                steps.append(f"{begin} is not a business day: rolled {where} to {origin}")
            steps.append(f"{_signed(origin, self.n, 'business day')} = {result}")
        return result


@attrs.frozen
class CalendarDays(_StepRule):
    """``n`` calendar days after the start, optionally rolled to a business day.

    ``roll`` is None (no roll, no calendar needed), one of the :data:`~accountexec.calendars.Roll`
    conventions, or ``True`` for ``"following"``. :meth:`explain` gives the move, then the roll
    if any.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> CalendarDays(30).due(pendulum.date(2026, 1, 31))
    Date(2026, 3, 2)
    >>> CalendarDays(28, roll=True).due(pendulum.date(2026, 1, 31), WorkCalendar())  # a Saturday
    Date(2026, 3, 2)
    """

    n: int = attrs.field(converter=_to_n)
    roll: Roll | None = attrs.field(default=None, converter=_to_roll, validator=_check_roll)

    def _compute(
        self, start: _dt.date, calendar: WorkCalendar | None, steps: list[str] | None
    ) -> pendulum.Date:
        begin = _start_date(start)
        try:
            moved = begin + _dt.timedelta(days=self.n)
        except OverflowError:
            raise ValidationError(
                "n", self.n, "a shift that stays within the years 1 to 9999"
            ) from None
        if steps is not None:
            steps.append(f"{_signed(begin, self.n, 'calendar day')} = {moved}")
        return _roll(moved, self.roll, calendar, steps)


@attrs.frozen
class EndOfMonth(_StepRule):
    """The last day of the month ``months`` after the start's, then ``plus_days`` calendar days.

    Months are added first and the last day taken after ("add months, then take the last day"),
    so 31 May + 1 month is 30 June and 31 January + 1 month is the end of February. A calendar is
    needed only with a ``roll``; :meth:`explain` gives the month end, the added days if any, then
    the roll if any.

    >>> import pendulum
    >>> EndOfMonth(1).due(pendulum.date(2026, 5, 31))
    Date(2026, 6, 30)
    >>> EndOfMonth(0, plus_days=30).explain(pendulum.date(2026, 2, 10))
    ('end of the month of 2026-02-10 = 2026-02-28', '2026-02-28 + 30 calendar days = 2026-03-30')
    """

    months: int = attrs.field(default=0, converter=_to_months)
    plus_days: int = attrs.field(default=0, converter=_to_plus_days)
    roll: Roll | None = attrs.field(default=None, converter=_to_roll, validator=_check_roll)

    def _compute(
        self, start: _dt.date, calendar: WorkCalendar | None, steps: list[str] | None
    ) -> pendulum.Date:
        begin = _start_date(start)
        year, month = _shift_months(begin, self.months)
        end = _dt.date(year, month, _monthcal.monthrange(year, month)[1])
        if steps is not None:
            steps.append(f"end of {_month_text(self.months, begin)} = {end}")
        moved = end
        if self.plus_days:
            try:
                moved = end + _dt.timedelta(days=self.plus_days)
            except OverflowError:
                raise ValidationError(
                    "plus_days", self.plus_days, "a shift that stays within the years 1 to 9999"
                ) from None
            if steps is not None:
                steps.append(f"{_signed(end, self.plus_days, 'calendar day')} = {moved}")
        return _roll(moved, self.roll, calendar, steps)


@attrs.frozen
class DayOfMonth(_StepRule):
    """Day ``day`` of the month ``months`` after the start's, clamped to that month's length.

    A calendar is needed only with a ``roll``; :meth:`explain` gives the day in the target month
    (with the month's length when clamped), then the roll if any.

    >>> import pendulum
    >>> DayOfMonth(31).due(pendulum.date(2026, 1, 15))
    Date(2026, 2, 28)
    >>> DayOfMonth(10).explain(pendulum.date(2026, 1, 15))
    ('day 10 of the month 1 month after 2026-01-15 = 2026-02-10',)
    """

    day: int = attrs.field(converter=_to_day)
    months: int = attrs.field(default=1, converter=_to_months)
    roll: Roll | None = attrs.field(default=None, converter=_to_roll, validator=_check_roll)

    @day.validator
    def _check_day(self, attribute: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= 31:
            raise ValidationError("day", value, "a day of the month from 1 to 31")

    def _compute(
        self, start: _dt.date, calendar: WorkCalendar | None, steps: list[str] | None
    ) -> pendulum.Date:
        begin = _start_date(start)
        year, month = _shift_months(begin, self.months)
        length = _monthcal.monthrange(year, month)[1]
        target = _dt.date(year, month, min(self.day, length))
        if steps is not None:
            text = f"day {self.day} of {_month_text(self.months, begin)} = {target}"
            if self.day > length:
                text += f" ({_MONTHS[month]} {year} has {length} days)"
            steps.append(text)
        return _roll(target, self.roll, calendar, steps)


def _check_hours(
    instance: object, attribute: attrs.Attribute[int | Decimal | _dt.timedelta], value: object
) -> None:
    _hours_amount(value)


def _hours_text(amount: int | Decimal | _dt.timedelta) -> str:
    """Hours as written: exact decimals ('1.5'), never a float; '1:20:00' when they do not end."""
    if isinstance(amount, Decimal):
        return format(amount, "f")
    if not isinstance(amount, _dt.timedelta):
        return str(amount)
    hours = Fraction(_hours_amount(amount), _US_PER_HOUR)
    rest = hours.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1:
        return str(amount)
    exact = DECIMAL_CONTEXT.divide(Decimal(hours.numerator), Decimal(hours.denominator))
    return format(exact, "f")


@attrs.frozen
class BusinessHours:
    """``hours`` working hours after an aware datetime, on the calendar's clock.

    ``hours`` is an int, a Decimal or a timedelta, zero or more. The start must be an aware
    datetime; the due moment is an aware DateTime in the calendar's zone
    (see :meth:`accountexec.calendars.WorkCalendar.add_business_hours`).

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
    >>> BusinessHours(16).due(pendulum.datetime(2026, 5, 15, 15, tz="Europe/London"), cal)
    DateTime(2026, 5, 19, 15, 0, 0, tzinfo=Timezone('Europe/London'))
    """

    hours: int | Decimal | _dt.timedelta = attrs.field(validator=_check_hours)

    def due(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.DateTime:
        """The due moment: ``calendar.add_business_hours(start, hours)``."""
        if not isinstance(start, _dt.datetime):
            raise ValidationError("start", start, "an aware datetime (business hours need a time)")
        return _need(calendar, "business hours need one").add_business_hours(start, self.hours)

    def explain(self, start: _dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        """One step: the start, the hours and the working hours used, and the result."""
        result = self.due(start, calendar)
        cal = _need(calendar, "business hours need one")
        opening, closing = (t.strftime("%H:%M") for t in cal.working_hours)
        step = (
            f"{start.isoformat()} + {_hours_text(self.hours)} business hours "
            f"({opening} to {closing} {cal.timezone}) = {result.isoformat()}"
        )
        return (step,)


# --------------------------------------------------------------------------------------------
# schedules
# --------------------------------------------------------------------------------------------


def _to_ids(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("depends_on", value, "a collection of task ids, such as ('brief',)")
    items = tuple(value)
    for item in items:  # before hashing: a list in the list is unhashable
        if not isinstance(item, str) or not item:
            raise ValidationError("depends_on", value, "non-empty task ids (strings)")
    return frozenset(items)


@attrs.frozen(kw_only=True)
class Task:
    """A piece of work: ``duration`` business days (0 for a milestone), after its dependencies.

    Dependencies are finish-to-start: the task starts once every task in ``depends_on`` is done.

    >>> Task(id="copy", duration=3, depends_on=["brief"])
    Task(id='copy', duration=3, depends_on=frozenset({'brief'}))
    """

    id: str = attrs.field(validator=check_text)
    duration: int = attrs.field(converter=_to_duration)
    depends_on: frozenset[str] = attrs.field(default=frozenset(), converter=_to_ids)


def _to_earliest_start(value: _dt.date) -> pendulum.Date:
    return to_date(value, "earliest_start")


def _to_earliest_finish(value: _dt.date) -> pendulum.Date:
    return to_date(value, "earliest_finish")


def _to_latest_start(value: _dt.date) -> pendulum.Date:
    return to_date(value, "latest_start")


def _to_latest_finish(value: _dt.date) -> pendulum.Date:
    return to_date(value, "latest_finish")


def _to_start(value: _dt.date) -> pendulum.Date:
    return to_date(value, "start")


def _to_finish(value: _dt.date) -> pendulum.Date:
    return to_date(value, "finish")


@attrs.frozen(kw_only=True)
class ScheduledTask:
    """A task's place in a plan: its earliest and latest dates and its slack in business days.

    ``earliest_start``/``earliest_finish`` are the dates when every task starts as soon as it can;
    ``latest_start``/``latest_finish`` the dates when it starts as late as it can without moving
    the plan's finish (or missing the deadline). A task of duration ``d`` works ``d`` business days
    from its start to its finish, both included; a milestone (``d = 0``) starts and finishes on
    the business day it is reached. ``slack`` is how many business days the task can slip.

    >>> import pendulum
    >>> schedule = Schedule([
    ...     Task(id="copy", duration=3),
    ...     Task(id="visuals", duration=5),
    ...     Task(id="review", duration=1, depends_on=["copy", "visuals"]),
    ... ])
    >>> copy = schedule.forward(pendulum.date(2026, 6, 1), WorkCalendar())["copy"]
    >>> copy.earliest_start, copy.earliest_finish, copy.latest_finish
    (Date(2026, 6, 1), Date(2026, 6, 3), Date(2026, 6, 5))
    >>> copy.slack, copy.is_critical
    (2, False)

    The dates are in order (a start on or before its finish, the earliest start on or before the
    latest); a milestone finishes the day it starts, and a task without slack starts on its
    latest start.
    """

    id: str = attrs.field(validator=check_text)
    duration: int = attrs.field(validator=check_count)
    earliest_start: pendulum.Date = attrs.field(converter=_to_earliest_start)
    earliest_finish: pendulum.Date = attrs.field(converter=_to_earliest_finish)
    latest_start: pendulum.Date = attrs.field(converter=_to_latest_start)
    latest_finish: pendulum.Date = attrs.field(converter=_to_latest_finish)
    slack: int = attrs.field(validator=check_count)

    def __attrs_post_init__(self) -> None:
        for start, finish in (
            ("earliest_start", "earliest_finish"),
            ("latest_start", "latest_finish"),
        ):
            first, last = getattr(self, start), getattr(self, finish)
            if last < first or (self.duration == 0 and last != first):
                allowed = (
                    "its start (a milestone)" if self.duration == 0 else f"on or after {start}"
                )
                raise ValidationError(finish, last, f"{allowed} {first}")
        if self.latest_start < self.earliest_start:
            raise ValidationError(
                "latest_start",
                self.latest_start,
                f"on or after earliest_start {self.earliest_start}",
            )
        if (self.slack == 0) != (self.latest_start == self.earliest_start):
            raise ValidationError(
                "slack", self.slack, "0 exactly when the task starts on its latest start"
            )

    @property
    def is_critical(self) -> bool:
        """Whether the task has no slack: any delay moves the plan's finish."""
        return self.slack == 0


def _to_scheduled_tasks(value: Iterable[ScheduledTask]) -> tuple[ScheduledTask, ...]:
    tasks = to_sequence_of("tasks", ScheduledTask, value)
    if not tasks:
        raise ValidationError("tasks", tasks, "at least one task")
    return tasks


def _to_critical_path(value: Iterable[str]) -> tuple[str, ...]:
    path = to_sequence_of("critical_path", str, value)
    if not path or len(set(path)) != len(path):
        raise ValidationError("critical_path", path, "the ids of one chain of tasks, at least one")
    return path


def _check_direction(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ("forward", "backward"):
        raise ValidationError("direction", value, "'forward' or 'backward'")


@attrs.frozen(kw_only=True)
class ScheduledPlan(Mapping[str, ScheduledTask]):
    """The result of planning a :class:`Schedule`: a read-only mapping of task id to its dates.

    ``start`` is the first business day of the plan, ``finish`` the business day the last work
    finishes (or the last milestone is reached), ``critical_path`` the ids of one chain of
    critical tasks from start to finish (ties go to the task declared first).
    :meth:`Schedule.forward` and :meth:`Schedule.backward` return them, and ``direction`` records
    which (``"forward"`` or ``"backward"``); it chooses the dates :meth:`to_mermaid_gantt` draws
    by default, and takes no part in equality: a plan made backward equals the plan made forward
    from its start.

    >>> import pendulum
    >>> schedule = Schedule([
    ...     Task(id="copy", duration=3),
    ...     Task(id="visuals", duration=5),
    ...     Task(id="review", duration=1, depends_on=["copy", "visuals"]),
    ... ])
    >>> midsummer = WorkCalendar(holidays=[pendulum.date(2026, 6, 24)])
    >>> plan = schedule.backward(pendulum.date(2026, 6, 30), midsummer)
    >>> plan.start, plan.finish, plan.critical_path
    (Date(2026, 6, 22), Date(2026, 6, 30), ('visuals', 'review'))
    >>> {task_id: str(task.latest_start) for task_id, task in plan.items()}
    {'copy': '2026-06-25', 'visuals': '2026-06-22', 'review': '2026-06-30'}
    """

    tasks: tuple[ScheduledTask, ...] = attrs.field(converter=_to_scheduled_tasks)
    start: pendulum.Date = attrs.field(converter=_to_start)
    finish: pendulum.Date = attrs.field(converter=_to_finish)
    critical_path: tuple[str, ...] = attrs.field(converter=_to_critical_path)
    direction: Literal["forward", "backward"] = attrs.field(
        default="forward", eq=False, validator=_check_direction
    )
    _by_id: Mapping[str, ScheduledTask] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id = {t.id: t for t in self.tasks}
        if len(by_id) != len(self.tasks):
            raise ValidationError("tasks", self.tasks, "tasks with distinct ids")
        start = min(t.earliest_start for t in self.tasks)
        if self.start != start:
            raise ValidationError("start", self.start, f"the first earliest start {start}")
        finish = max(t.earliest_finish for t in self.tasks)
        if self.finish != finish:
            raise ValidationError("finish", self.finish, f"the last earliest finish {finish}")
        for task_id in self.critical_path:
            if task_id not in by_id or not by_id[task_id].is_critical:
                raise ValidationError("critical_path", task_id, "ids of critical tasks of the plan")
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __reduce__(self) -> tuple[Any, ...]:
        # the index of tasks by id is a read-only proxy, which does not pickle: rebuild it
        fields = (self.tasks, self.start, self.finish, self.critical_path, self.direction)
        return (_scheduled_plan, fields)

    def __getitem__(self, key: str) -> ScheduledTask:
        return self._by_id[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self.tasks)

    def to_mermaid_gantt(
        self, title: str | None = None, *, dates: Literal["earliest", "latest"] | None = None
    ) -> str:
        """The plan as a Mermaid Gantt chart from its ``"earliest"`` or ``"latest"`` dates.

        By default, a plan made backward from a deadline draws its latest dates (every task as
        late as it can) under the title ``"schedule back from <deadline>"``, and a plan made
        forward its earliest dates under ``"schedule from <start>"``; an explicit ``dates`` or
        ``title`` wins. Critical tasks are marked ``crit``; milestones (duration 0) are drawn as
        milestones.

        >>> from accountexec.calendars import WorkCalendar
        >>> plan = Schedule([Task(id="copy", duration=2)]).forward(_dt.date(2026, 6, 5),
        ...                                                         WorkCalendar())
        >>> print(plan.to_mermaid_gantt("launch"))
        gantt
            title launch
            dateFormat YYYY-MM-DD
            section tasks
            copy :crit, t1, 2026-06-05, 2026-06-09
        >>> schedule = Schedule([Task(id="copy", duration=2), Task(id="visuals", duration=4),
        ...                      Task(id="launch", duration=0, depends_on=["copy", "visuals"])])
        >>> print(schedule.backward(_dt.date(2026, 6, 12), WorkCalendar()).to_mermaid_gantt())
        gantt
            title schedule back from 2026-06-12
            dateFormat YYYY-MM-DD
            section tasks
            copy :t1, 2026-06-10, 2026-06-12
            visuals :crit, t2, 2026-06-08, 2026-06-12
            launch :crit, milestone, t3, 2026-06-12, 0d
        """
        backward = self.direction == "backward"
        if dates is None:
            dates = "latest" if backward else "earliest"
        if dates not in ("earliest", "latest"):
            raise ValidationError("dates", dates, "'earliest' or 'latest'")
        if title is None:
            title = (
                f"schedule back from {self.finish}" if backward else f"schedule from {self.start}"
            )
        late = dates == "latest"
        rows = (
            (
                t.id,
                t.latest_start if late else t.earliest_start,
                t.latest_finish if late else t.earliest_finish,
                t.is_critical,
                t.duration == 0,
            )
            for t in self.tasks
        )
        return mermaid_gantt(title, rows)


def _scheduled_plan(
    tasks: tuple[ScheduledTask, ...],
    start: pendulum.Date,
    finish: pendulum.Date,
    critical_path: tuple[str, ...],
    direction: Literal["forward", "backward"],
) -> ScheduledPlan:
    """Unpickle a :class:`ScheduledPlan`."""
    return ScheduledPlan(
        tasks=tasks, start=start, finish=finish, critical_path=critical_path, direction=direction
    )


def _to_tasks(value: object) -> tuple[Task, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("tasks", value, "a collection of Task values")
    tasks = tuple(value)
    for task in tasks:
        if not isinstance(task, Task):
            raise ValidationError("tasks", task, "Task values")
    if not tasks:
        raise ValidationError("tasks", tasks, "at least one task")
    return tasks


@attrs.frozen
class Schedule:
    """Tasks with durations in business days and finish-to-start dependencies.

    Construction checks the graph: a duplicate id, a dependency on an unknown task or a cycle
    raises :class:`~accountexec.errors.ScheduleError` naming them.

    Conventions (business days on the calendar given): a task of duration ``d >= 1`` starting
    on business day ``s`` finishes on ``calendar.add_business_days(s, d - 1)``, and a task that
    depends on it starts the next business day. A milestone (``d = 0``) is reached on the
    business day after its dependencies finish (on the plan's start if it has none), and tasks
    that depend only on it start that same day.

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> plan = Schedule([
    ...     Task(id="brief", duration=2),
    ...     Task(id="copy", duration=3, depends_on=["brief"]),
    ...     Task(id="design", duration=5, depends_on=["brief"]),
    ...     Task(id="launch", duration=0, depends_on=["copy", "design"]),
    ... ]).forward(pendulum.date(2026, 6, 1), WorkCalendar())
    >>> plan["design"].earliest_start, plan["launch"].earliest_start
    (Date(2026, 6, 3), Date(2026, 6, 10))
    >>> plan["copy"].slack, plan.critical_path
    (2, ('brief', 'design', 'launch'))
    """

    tasks: tuple[Task, ...] = attrs.field(converter=_to_tasks)
    _order: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _preds: tuple[tuple[int, ...], ...] = attrs.field(init=False, repr=False, eq=False)
    _succs: tuple[tuple[int, ...], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, int] = {}
        duplicates = []
        for i, task in enumerate(self.tasks):
            if task.id in index:
                duplicates.append(task.id)
            index[task.id] = i
        if duplicates:
            names = ", ".join(repr(d) for d in sorted(set(duplicates)))
            raise ScheduleError(f"duplicate task ids: {names}; each task needs its own id")
        unknown = [
            f"{task.id!r} depends on {dep!r}"
            for task in self.tasks
            for dep in sorted(task.depends_on)
            if dep not in index
        ]
        if unknown:
            raise ScheduleError(
                f"unknown tasks in dependencies: {'; '.join(unknown)}; "
                f"known tasks: {', '.join(repr(t.id) for t in self.tasks)}"
            )
        preds = tuple(tuple(sorted(index[d] for d in task.depends_on)) for task in self.tasks)
        succ_lists: list[list[int]] = [[] for _ in self.tasks]
        for i, ps in enumerate(preds):
            for p in ps:
                succ_lists[p].append(i)
        # Kahn's algorithm, taking ready tasks in declaration order
        waiting = [len(ps) for ps in preds]
        ready = [i for i, n in enumerate(waiting) if n == 0]
        order: list[int] = []
        while ready:
            i = ready.pop(0)
            order.append(i)
            for s in succ_lists[i]:
                waiting[s] -= 1
                if waiting[s] == 0:
                    ready.append(s)
        if len(order) < len(self.tasks):
            raise ScheduleError(self._cycle_message({i for i, n in enumerate(waiting) if n}, preds))
        object.__setattr__(self, "_order", tuple(order))
        object.__setattr__(self, "_preds", preds)
        object.__setattr__(self, "_succs", tuple(tuple(s) for s in succ_lists))

    def _cycle_message(self, stuck: set[int], preds: tuple[tuple[int, ...], ...]) -> str:
        # every stuck task waits for a stuck task: walk back until a task repeats
        path = [min(stuck)]
        seen = {path[0]: 0}
        while True:
            nxt = next(p for p in preds[path[-1]] if p in stuck)
            if nxt in seen:
                cycle = [*path[seen[nxt] :], nxt]
                break
            seen[nxt] = len(path)
            path.append(nxt)
        chain = " depends on ".join(repr(self.tasks[i].id) for i in cycle)
        return f"dependency cycle: {chain}; remove one of these dependencies"

    # ---- planning -----------------------------------------------------------------------------

    def _earliest(self, origin: int) -> list[int]:
        """Earliest start offsets (business days), every source starting at ``origin``."""
        starts = [0] * len(self.tasks)
        for i in self._order:
            ps = self._preds[i]
            starts[i] = max((starts[p] + self.tasks[p].duration for p in ps), default=origin)
        return starts

    def _latest(self, finish: int) -> list[int]:
        """Latest start offsets such that every task finishes on or before offset ``finish``."""
        starts = [0] * len(self.tasks)
        for i in reversed(self._order):
            d = self.tasks[i].duration
            # the finish day of a task is start + d - 1 (a milestone's is its start)
            end = finish + 1 if d else finish
            end = min((starts[s] for s in self._succs[i]), default=end)
            starts[i] = end - d
        return starts

    def _plan(
        self,
        calendar: WorkCalendar,
        base: pendulum.Date,
        early: list[int],
        late: list[int],
        direction: Literal["forward", "backward"],
    ) -> ScheduledPlan:
        def day(offset: int) -> pendulum.Date:
            return calendar.add_business_days(base, offset)

        def finish(start: int, d: int) -> int:
            return start + d - 1 if d else start

        rows = []
        for i, task in enumerate(self.tasks):
            d = task.duration
            rows.append(
                ScheduledTask(
                    id=task.id,
                    duration=d,
                    earliest_start=day(early[i]),
                    earliest_finish=day(finish(early[i], d)),
                    latest_start=day(late[i]),
                    latest_finish=day(finish(late[i], d)),
                    slack=late[i] - early[i],
                )
            )
        # one critical chain: from the first critical source, through tight critical successors
        path: list[int] = []
        current: int | None = next(
            i for i in self._order if not self._preds[i] and late[i] == early[i]
        )
        while current is not None:
            path.append(current)
            end = early[current] + self.tasks[current].duration
            current = next(
                (s for s in self._succs[current] if early[s] == late[s] == end),
                None,
            )
        return ScheduledPlan(
            tasks=tuple(rows),
            start=day(min(early)),
            finish=day(max(finish(early[i], t.duration) for i, t in enumerate(self.tasks))),
            critical_path=tuple(self.tasks[i].id for i in path),
            direction=direction,
        )

    def forward(self, start: _dt.date, calendar: WorkCalendar) -> ScheduledPlan:
        """Plan from ``start`` (rolled forward to a business day): every task as early as it can.

        The latest dates and the slack are those that keep the plan's earliest finish.
        """
        cal = _need(calendar, "schedules count business days")
        base = cal.roll(_start_date(start), "following")
        early = self._earliest(0)
        end = max(
            e + t.duration - 1 if t.duration else e for e, t in zip(early, self.tasks, strict=True)
        )
        return self._plan(cal, base, early, self._latest(end), "forward")

    def backward(self, deadline: _dt.date, calendar: WorkCalendar) -> ScheduledPlan:
        """Plan back from ``deadline`` (rolled back to a business day): each task as late as it can.

        Every task finishes on or before the deadline (work on the deadline itself is allowed; a
        final milestone lands on it). The plan's ``start`` is the latest day the work can begin;
        the earliest dates and the slack are those of a plan started that day, so planning
        forward from ``start`` finishes on the deadline.
        """
        cal = _need(calendar, "schedules count business days")
        base = cal.roll(_start_date(deadline), "preceding")
        late = self._latest(0)
        early = self._earliest(min(late))
        return self._plan(cal, base, early, late, "backward")
