"""Hypothesis strategies for accountexec.calendars and accountexec.deadlines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.deadlines import (
    BusinessDays,
    BusinessHours,
    CalendarDays,
    DayOfMonth,
    EndOfMonth,
    Schedule,
    ScheduledPlan,
    ScheduledTask,
    Task,
)
from accountexec.errors import ValidationError

__all__ = [
    "business_hours_rules",
    "calendars",
    "date_rules",
    "scheduled_plans",
    "scheduled_tasks",
    "schedules",
    "weekmasks",
]

_ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Tokyo",
)
_ROLLS = (None, "following", "preceding", "modified_following", "modified_preceding")


def weekmasks() -> st.SearchStrategy[str]:
    """Seven ``0``/``1`` characters, Monday first, with at least one working weekday.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(weekmasks())
    ... def check(mask):
    ...     assert len(mask) == 7 and "1" in mask
    >>> check()
    """
    return (
        st.lists(st.sampled_from("01"), min_size=7, max_size=7)
        .map("".join)
        .filter(lambda mask: "1" in mask)
    )


@st.composite
def _working_hours(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    start = draw(st.integers(0, 22 * 4))
    end = draw(st.integers(start + 1, 24 * 4 - 1))
    return dt.time(start // 4, start % 4 * 15), dt.time(end // 4, end % 4 * 15)


def calendars(
    *,
    min_year: int = 1990,
    max_year: int = 2080,
    max_holidays: int = 40,
    weekmask: str | None = None,
    timezones: tuple[str, ...] = _ZONES,
) -> st.SearchStrategy[WorkCalendar]:
    """Work calendars with random weekmasks, holidays between the years given, zones and hours.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(calendars())
    ... def check(cal):
    ...     assert all(cal.is_business_day(d) is False for d in cal.holidays)
    >>> check()
    """
    days = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    return st.builds(
        WorkCalendar,
        holidays=st.lists(days, max_size=max_holidays),
        weekmask=weekmasks() if weekmask is None else st.just(weekmask),
        timezone=st.sampled_from(timezones),
        working_hours=_working_hours(),
    )


def date_rules() -> st.SearchStrategy[BusinessDays | CalendarDays | EndOfMonth | DayOfMonth]:
    """Deadline rules on dates: business days, calendar days, end of month, day of month.

    >>> import pendulum
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(date_rules(), calendars())
    ... def check(rule, cal):
    ...     assert isinstance(rule.due(pendulum.date(2026, 5, 11), cal), pendulum.Date)
    >>> check()
    """
    rolls = st.sampled_from(_ROLLS)
    return st.one_of(
        st.builds(BusinessDays, st.integers(-500, 500)),
        st.builds(CalendarDays, st.integers(-500, 500), roll=rolls),
        st.builds(EndOfMonth, st.integers(0, 24), plus_days=st.integers(0, 60), roll=rolls),
        st.builds(DayOfMonth, st.integers(1, 31), months=st.integers(0, 24), roll=rolls),
    )


def business_hours_rules() -> st.SearchStrategy[BusinessHours]:
    """Business-hour rules with an int, Decimal (quarter hours) or timedelta amount.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(business_hours_rules())
    ... def check(rule):
    ...     assert isinstance(rule, BusinessHours)
    >>> check()
    """
    return st.builds(
        BusinessHours,
        st.one_of(
            st.integers(0, 200),
            # quarter hours written out, so no decimal arithmetic (and no context) is involved
            st.integers(0, 800).map(lambda q: Decimal(f"{q // 4}.{q % 4 * 25:02d}")),
            st.integers(0, 200 * 60).map(lambda m: dt.timedelta(minutes=m)),
        ),
    )


@st.composite
def schedules(draw: st.DrawFn, *, max_tasks: int = 8, max_duration: int = 15) -> Schedule:
    """Valid schedules: acyclic dependencies, declared in a random order, milestones included.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(schedules())
    ... def check(schedule):
    ...     assert 1 <= len(schedule.tasks) <= 8
    >>> check()
    """
    size = draw(st.integers(1, max_tasks))
    ids = [f"t{i}" for i in range(size)]
    tasks = []
    for i, task_id in enumerate(ids):
        deps = draw(st.sets(st.sampled_from(ids[:i]), max_size=3)) if i else set()
        duration = draw(st.integers(0, max_duration))
        tasks.append(Task(id=task_id, duration=duration, depends_on=deps))
    return Schedule(draw(st.permutations(tasks)))


@st.composite
def scheduled_plans(
    draw: st.DrawFn,
    *,
    calendar: WorkCalendar | None = None,
    direction: Literal["forward", "backward"] | None = None,
    max_tasks: int = 8,
) -> ScheduledPlan:
    """Plans of drawn :func:`schedules`, forward from a start or backward from a deadline.

    On ``calendar`` (default: a drawn one), in ``direction`` ``"forward"`` or ``"backward"``
    (default: either), from a date between 2000 and 2060.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(scheduled_plans(direction="forward"))
    ... def check(plan):
    ...     assert plan.start <= plan.finish
    ...     assert plan[plan.critical_path[-1]].earliest_finish == plan.finish
    ...     assert all(plan[task_id].is_critical for task_id in plan.critical_path)
    >>> check()
    """
    if direction not in (None, "forward", "backward"):
        raise ValidationError("direction", direction, "'forward', 'backward' or None")
    schedule = draw(schedules(max_tasks=max_tasks))
    cal = calendar if calendar is not None else draw(calendars(max_holidays=10))
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)))
    way = direction if direction is not None else draw(st.sampled_from(("forward", "backward")))
    return schedule.forward(day, cal) if way == "forward" else schedule.backward(day, cal)


def scheduled_tasks(*, calendar: WorkCalendar | None = None) -> st.SearchStrategy[ScheduledTask]:
    """A task of a drawn :func:`scheduled_plans` plan, with its dates and slack.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(scheduled_tasks())
    ... def check(task):
    ...     assert task.earliest_start <= task.latest_start
    ...     assert task.earliest_start <= task.earliest_finish <= task.latest_finish
    ...     assert task.is_critical == (task.slack == 0)
    >>> check()
    """
    return scheduled_plans(calendar=calendar).flatmap(lambda plan: st.sampled_from(plan.tasks))


def register() -> None:
    """Register the strategies of this area for ``st.from_type``."""
    st.register_type_strategy(WorkCalendar, calendars())
    st.register_type_strategy(BusinessDays, st.builds(BusinessDays, st.integers(-500, 500)))
    st.register_type_strategy(
        CalendarDays, st.builds(CalendarDays, st.integers(-500, 500), roll=st.sampled_from(_ROLLS))
    )
    st.register_type_strategy(
        EndOfMonth,
        st.builds(EndOfMonth, st.integers(0, 24), plus_days=st.integers(0, 60)),
    )
    st.register_type_strategy(
        DayOfMonth, st.builds(DayOfMonth, st.integers(1, 31), months=st.integers(0, 24))
    )
    st.register_type_strategy(BusinessHours, business_hours_rules())
    st.register_type_strategy(Schedule, schedules())
    st.register_type_strategy(ScheduledPlan, scheduled_plans())
    st.register_type_strategy(ScheduledTask, scheduled_tasks())
    st.register_type_strategy(
        Task,
        st.builds(
            Task,
            id=st.text("abcdefgh-", min_size=1, max_size=8),
            duration=st.integers(0, 20),
            depends_on=st.frozensets(st.text("abcdefgh-", min_size=1, max_size=8), max_size=3),
        ),
    )
