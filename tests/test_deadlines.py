"""Tests for accountexec.deadlines: rules as values with explanations, and schedules."""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import itertools
import pickle
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.deadlines import (
    BusinessDays,
    BusinessHours,
    CalendarDays,
    DayOfMonth,
    DeadlineRule,
    EndOfMonth,
    Schedule,
    ScheduledPlan,
    ScheduledTask,
    Task,
)
from accountexec.errors import ScheduleError, ValidationError
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import (
    business_hours_rules,
    calendars,
    date_rules,
    schedules,
)

DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2070, 12, 31))


def england() -> WorkCalendar:
    """England's calendar, built in the test that uses it: a calendar built at import would be
    built before mutmut forks its workers, with the unmutated code, and hide mutants."""
    return WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")


ROLLS = ["following", "preceding", "modified_following", "modified_preceding"]


class TestRulesAreValues:
    def test_rules_compare_by_value_and_hash(self):
        assert CalendarDays(30) == CalendarDays(30, roll=None)
        assert len({EndOfMonth(1), EndOfMonth(months=1), EndOfMonth(1, plus_days=5)}) == 2

    def test_every_rule_is_a_deadline_rule(self):
        rules = [
            BusinessDays(5),
            CalendarDays(30),
            EndOfMonth(),
            DayOfMonth(10),
            BusinessHours(16),
        ]
        assert all(isinstance(rule, DeadlineRule) for rule in rules)

    def test_the_date_rules_share_one_due_and_explain(self):
        rules = (BusinessDays, CalendarDays, EndOfMonth, DayOfMonth)
        assert len({cls.due for cls in rules}) == 1
        assert len({cls.explain for cls in rules}) == 1
        assert not any("due" in vars(cls) or "explain" in vars(cls) for cls in rules)
        assert not any(hasattr(rule, "__dict__") for rule in (CalendarDays(1), DayOfMonth(1)))

    def test_rules_are_immutable(self):
        rule = BusinessDays(5)
        with pytest.raises(AttributeError):
            rule.n = 6

    @pytest.mark.parametrize(
        "build",
        [
            lambda: BusinessDays(1.5),
            lambda: BusinessDays(True),
            lambda: CalendarDays("30"),
            lambda: EndOfMonth(months=Decimal(1)),
            lambda: EndOfMonth(plus_days=None),
            lambda: DayOfMonth(0),
            lambda: DayOfMonth(32),
            lambda: DayOfMonth(10, months=1.0),
        ],
    )
    def test_counts_must_be_whole_numbers_in_range(self, build):
        with pytest.raises(ValidationError):
            build()

    @pytest.mark.parametrize("rule", [CalendarDays, EndOfMonth, DayOfMonth])
    def test_an_unknown_roll_is_refused(self, rule):
        with pytest.raises(ValidationError, match="modified_following"):
            rule(1, roll="forward")

    @given(date_rules(), calendars(), DAYS)
    def test_the_explanation_ends_on_the_due_date(self, rule, cal, start):
        due = rule.due(start, cal)
        steps = rule.explain(start, cal)
        assert type(due) is pendulum.Date
        assert steps
        assert steps[-1].endswith(str(due)) or f"business day {due} " in steps[-1]

    @pytest.mark.parametrize(
        "rule", [BusinessDays(1), CalendarDays(1), EndOfMonth(), DayOfMonth(1)]
    )
    def test_a_datetime_start_is_refused_by_date_rules(self, rule):
        with pytest.raises(ValidationError, match="start"):
            rule.due(pendulum.datetime(2026, 5, 11, 12), england())
        with pytest.raises(ValidationError, match="start"):
            rule.explain(pendulum.datetime(2026, 5, 11, 12), england())


class TestBusinessDays:
    @given(calendars(), DAYS, st.integers(-500, 500))
    def test_it_is_the_calendars_add_business_days(self, cal, start, n):
        assert BusinessDays(n).due(start, cal) == cal.add_business_days(start, n)

    def test_a_week_across_a_bank_holiday(self):
        assert BusinessDays(5).due(dt.date(2026, 5, 20), england()) == dt.date(2026, 5, 28)
        assert BusinessDays(5).explain(dt.date(2026, 5, 20), england()) == (
            "2026-05-20 + 5 business days = 2026-05-28",
        )

    def test_a_weekend_start_rolls_first_and_says_so(self):
        assert BusinessDays(-1).explain(dt.date(2026, 5, 16), england()) == (
            "2026-05-16 is not a business day: rolled back to 2026-05-15",
            "2026-05-15 - 1 business day = 2026-05-14",
        )

    def test_a_calendar_is_needed(self):
        with pytest.raises(ValidationError, match="calendar"):
            BusinessDays(5).due(dt.date(2026, 5, 20))
        with pytest.raises(ValidationError, match="calendar"):
            BusinessDays(5).explain(dt.date(2026, 5, 20), None)


class TestCalendarDays:
    def test_the_example_of_the_issue(self):
        rule = CalendarDays(30, roll="following")
        assert rule.due(dt.date(2026, 5, 11), england()) == dt.date(2026, 6, 10)
        assert rule.explain(dt.date(2026, 5, 11), england()) == (
            "2026-05-11 + 30 calendar days = 2026-06-10",
            "rolled forward to business day 2026-06-10",
        )

    def test_no_calendar_is_needed_without_a_roll(self):
        assert CalendarDays(30).due(dt.date(2026, 1, 31)) == dt.date(2026, 3, 2)
        assert CalendarDays(-1).explain(dt.date(2026, 3, 1)) == (
            "2026-03-01 - 1 calendar day = 2026-02-28",
        )

    def test_roll_true_is_short_for_following_and_false_for_none(self):
        assert CalendarDays(19, roll=True) == CalendarDays(19, roll="following")
        assert CalendarDays(19, roll=True).due(dt.date(2026, 5, 11), england()) == dt.date(
            2026, 6, 1
        )
        assert CalendarDays(19, roll=False) == CalendarDays(19)
        assert EndOfMonth(0, roll=True).roll == "following"
        assert DayOfMonth(30, roll=True).roll == "following"

    def test_a_roll_needs_a_calendar(self):
        with pytest.raises(ValidationError, match="calendar"):
            CalendarDays(30, roll="following").due(dt.date(2026, 5, 11))

    @pytest.mark.parametrize(
        ("roll", "due", "step"),
        [
            ("following", dt.date(2026, 6, 1), "rolled forward to business day 2026-06-01"),
            ("preceding", dt.date(2026, 5, 29), "rolled back to business day 2026-05-29"),
            (
                "modified_following",
                dt.date(2026, 5, 29),
                (
                    "rolled back to business day 2026-05-29 "
                    "(modified following: rolling forward would leave May)"
                ),
            ),
            ("modified_preceding", dt.date(2026, 5, 29), "rolled back to business day 2026-05-29"),
        ],
    )
    def test_each_roll_explains_itself(self, roll, due, step):
        rule = CalendarDays(19, roll=roll)  # 30 May 2026, a Saturday
        assert rule.due(dt.date(2026, 5, 11), england()) == due
        assert rule.explain(dt.date(2026, 5, 11), england())[-1] == step

    def test_modified_preceding_goes_forward_at_the_start_of_a_month(self):
        rule = CalendarDays(1, roll="modified_preceding")  # Saturday 1 August 2026
        assert rule.due(dt.date(2026, 7, 31), england()) == dt.date(2026, 8, 3)
        assert rule.explain(dt.date(2026, 7, 31), england())[-1] == (
            "rolled forward to business day 2026-08-03 "
            "(modified preceding: rolling back would leave August)"
        )

    @given(calendars(), DAYS, st.integers(-400, 400), st.sampled_from(ROLLS))
    def test_the_rolled_due_date_is_the_calendars_roll(self, cal, start, n, roll):
        due = CalendarDays(n, roll=roll).due(start, cal)
        assert due == cal.roll(start + dt.timedelta(days=n), roll)
        assert cal.is_business_day(due)

    def test_a_shift_out_of_the_representable_years_is_refused(self):
        with pytest.raises(ValidationError, match="'n'"):
            CalendarDays(10).due(dt.date(9999, 12, 25))


def _is_month_end(d: dt.date) -> bool:
    return d.day == monthcal.monthrange(d.year, d.month)[1]


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


class TestEndOfMonth:
    @pytest.mark.parametrize(
        ("start", "months", "due"),
        [
            (dt.date(2026, 5, 31), 1, dt.date(2026, 6, 30)),  # 31 → 30 days
            (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # 31 → 28
            (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # 31 → 29 (leap year)
            (dt.date(2026, 6, 30), 1, dt.date(2026, 7, 31)),  # 30 → 31
            (dt.date(2026, 2, 28), 1, dt.date(2026, 3, 31)),  # 28 → 31
            (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),  # 29 → 28
            (dt.date(2026, 2, 1), 0, dt.date(2026, 2, 28)),
            (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 28)),
        ],
    )
    def test_months_are_added_before_the_last_day_is_taken(self, start, months, due):
        assert EndOfMonth(months).due(start) == due

    def test_end_of_month_sticks_to_month_ends_unlike_adding_months_twice(self):
        start = pendulum.date(2026, 1, 31)
        assert start.add(months=1).add(months=1) == dt.date(2026, 3, 28)
        assert EndOfMonth(2).due(start) == dt.date(2026, 3, 31)

    def test_days_are_added_after_the_month_end(self):
        rule = EndOfMonth(1, plus_days=10)
        assert rule.due(dt.date(2026, 1, 31)) == dt.date(2026, 3, 10)
        assert rule.explain(dt.date(2026, 1, 31)) == (
            "end of the month 1 month after 2026-01-31 = 2026-02-28",
            "2026-02-28 + 10 calendar days = 2026-03-10",
        )

    def test_a_rolled_month_end(self):
        rule = EndOfMonth(0, roll="preceding")  # 31 May 2026 is a Sunday
        assert rule.explain(dt.date(2026, 5, 11), england()) == (
            "end of the month of 2026-05-11 = 2026-05-31",
            "rolled back to business day 2026-05-29",
        )

    def test_negative_months_count_back(self):
        rule = EndOfMonth(-2)
        assert rule.due(dt.date(2026, 4, 10)) == dt.date(2026, 2, 28)
        assert rule.explain(dt.date(2026, 4, 10)) == (
            "end of the month 2 months before 2026-04-10 = 2026-02-28",
        )

    @given(DAYS, st.integers(0, 36), st.integers(0, 60))
    def test_the_due_date_is_a_month_end_plus_days(self, start, months, plus_days):
        due = EndOfMonth(months, plus_days=plus_days).due(start)
        end = due - dt.timedelta(days=plus_days)
        assert _is_month_end(end)
        assert _months_between(start, end) == months
        assert due >= start

    @pytest.mark.parametrize(
        ("start", "rule", "field"),
        [
            (dt.date(9999, 11, 1), EndOfMonth(2), "months"),
            (dt.date(9999, 11, 1), EndOfMonth(1, plus_days=1), "plus_days"),
            (dt.date(1, 1, 5), EndOfMonth(-1), "months"),
        ],
    )
    def test_shifts_out_of_the_representable_years_are_refused(self, start, rule, field):
        with pytest.raises(ValidationError, match=field):
            rule.due(start)


class TestDayOfMonth:
    def test_the_day_is_clamped_to_the_months_length(self):
        assert DayOfMonth(31).due(dt.date(2026, 1, 15)) == dt.date(2026, 2, 28)
        assert DayOfMonth(30).due(dt.date(2024, 1, 15)) == dt.date(2024, 2, 29)
        assert DayOfMonth(31).due(dt.date(2026, 5, 15)) == dt.date(2026, 6, 30)
        assert DayOfMonth(31).due(dt.date(2026, 6, 15)) == dt.date(2026, 7, 31)
        assert DayOfMonth(31).explain(dt.date(2026, 1, 15)) == (
            "day 31 of the month 1 month after 2026-01-15 = 2026-02-28 (February 2026 has 28 days)",
        )

    def test_the_same_month_and_a_roll(self):
        rule = DayOfMonth(25, months=0, roll="following")  # Spring bank holiday 2026
        assert rule.due(dt.date(2026, 5, 1), england()) == dt.date(2026, 5, 26)

    @given(DAYS, st.integers(1, 31), st.integers(0, 36))
    def test_the_due_date_is_that_day_or_the_months_last(self, start, day, months):
        due = DayOfMonth(day, months=months).due(start)
        assert _months_between(start, due) == months
        assert due.day == day or (due.day < day and _is_month_end(due))


class TestBusinessHoursRule:
    def test_friday_afternoon_plus_sixteen_hours(self):
        cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
        start = pendulum.datetime(2026, 3, 27, 15, tz="Europe/London")
        assert BusinessHours(16).due(start, cal).isoformat() == "2026-03-31T15:00:00+01:00"
        assert BusinessHours(16).explain(start, cal) == (
            (
                "2026-03-27T15:00:00+00:00 + 16 business hours (09:00 to 17:00 Europe/London) "
                "= 2026-03-31T15:00:00+01:00"
            ),
        )

    def test_a_timedelta_amount_explains_in_hours(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        start = pendulum.datetime(2026, 5, 15, 9)
        assert BusinessHours(dt.timedelta(minutes=90)).explain(start, cal) == (
            (
                "2026-05-15T09:00:00+00:00 + 1.5 business hours (09:00 to 17:00 UTC) "
                "= 2026-05-15T10:30:00+00:00"
            ),
        )

    @pytest.mark.parametrize(
        ("hours", "text"),
        [
            (dt.timedelta(minutes=80), "1:20:00"),
            (dt.timedelta(hours=2), "2"),
            (dt.timedelta(seconds=36), "0.01"),
            (Decimal("2.50"), "2.50"),
            (Decimal("1E+1"), "10"),
            (3, "3"),
        ],
    )
    def test_hours_are_written_exactly(self, hours, text):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        step = BusinessHours(hours).explain(pendulum.datetime(2026, 5, 15, 9), cal)[0]
        assert f" + {text} business hours " in step

    @pytest.mark.usefixtures("hostile_decimal_context")
    def test_the_explanation_ignores_a_hostile_decimal_context(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        rule = BusinessHours(dt.timedelta(microseconds=1_111_111_101))  # 123456789/400000000 h
        step = rule.explain(pendulum.datetime(2026, 5, 15, 9), cal)[0]
        assert " + 0.3086419725 business hours " in step

    @given(business_hours_rules(), calendars())
    def test_it_is_the_calendars_add_business_hours(self, rule, cal):
        start = pendulum.datetime(2026, 5, 11, 10, 30, tz="America/New_York")
        assert rule.due(start, cal) == cal.add_business_hours(start, rule.hours)

    @pytest.mark.parametrize("hours", [-1, 2.5, "3", Decimal("Infinity")])
    def test_bad_amounts_are_refused(self, hours):
        with pytest.raises(ValidationError, match="hours"):
            BusinessHours(hours)

    def test_a_date_or_a_naive_start_is_refused(self):
        cal = WorkCalendar()
        with pytest.raises(ValidationError, match="start"):
            BusinessHours(1).due(dt.date(2026, 5, 11), cal)
        with pytest.raises(ValidationError, match="aware"):
            BusinessHours(1).due(dt.datetime(2026, 5, 11, 10), cal)
        with pytest.raises(ValidationError, match="calendar"):
            BusinessHours(1).due(pendulum.datetime(2026, 5, 11, 10))


CAMPAIGN = [
    Task(id="brief", duration=2),
    Task(id="copy", duration=3, depends_on=["brief"]),
    Task(id="design", duration=5, depends_on=["brief"]),
    Task(id="approval", duration=0, depends_on=["copy", "design"]),
    Task(id="production", duration=4, depends_on=["approval"]),
    Task(id="launch", duration=0, depends_on=["production"]),
]


class TestTasks:
    def test_a_task_normalises_its_dependencies(self):
        assert Task(id="a", duration=1, depends_on=("b", "b", "c")).depends_on == frozenset("bc")

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"id": "", "duration": 1},
            {"id": 7, "duration": 1},
            {"id": "a", "duration": -1},
            {"id": "a", "duration": 1.5},
            {"id": "a", "duration": 1, "depends_on": "brief"},
            {"id": "a", "duration": 1, "depends_on": [""]},
            {"id": "a", "duration": 1, "depends_on": [3]},
            {"id": "a", "duration": 1, "depends_on": None},
        ],
    )
    def test_bad_tasks_are_refused(self, kwargs):
        with pytest.raises(ValidationError):
            Task(**kwargs)


class TestScheduleChecks:
    def test_an_unknown_dependency_is_named(self):
        with pytest.raises(ScheduleError, match="'copy' depends on 'brief-x'"):
            Schedule([Task(id="copy", duration=1, depends_on=["brief-x"])])

    def test_a_cycle_is_named(self):
        tasks = [
            Task(id="a", duration=1, depends_on=["c"]),
            Task(id="b", duration=1, depends_on=["a"]),
            Task(id="c", duration=1, depends_on=["b"]),
            Task(id="d", duration=1, depends_on=["c"]),
        ]
        with pytest.raises(ScheduleError, match="'a' depends on 'c' depends on 'b' depends on 'a'"):
            Schedule(tasks)

    def test_a_task_that_depends_on_itself_is_a_cycle(self):
        with pytest.raises(ScheduleError, match="cycle: 'a' depends on 'a'"):
            Schedule([Task(id="a", duration=1, depends_on=["a"])])

    def test_a_cycle_after_a_tail_is_named_without_the_tail(self):
        tasks = [
            Task(id="a", duration=1, depends_on=["b"]),
            Task(id="b", duration=1, depends_on=["c"]),
            Task(id="c", duration=1, depends_on=["b"]),
        ]
        with pytest.raises(ScheduleError, match="cycle: 'b' depends on 'c' depends on 'b'"):
            Schedule(tasks)

    def test_duplicate_ids_are_named(self):
        with pytest.raises(ScheduleError, match="duplicate task ids: 'a'"):
            Schedule([Task(id="a", duration=1), Task(id="a", duration=2)])

    @pytest.mark.parametrize("tasks", [[], "abc", [("a", 1)], None])
    def test_a_schedule_needs_tasks(self, tasks):
        with pytest.raises(ValidationError, match="tasks"):
            Schedule(tasks)

    def test_planning_needs_a_calendar(self):
        with pytest.raises(ValidationError, match="calendar"):
            Schedule(CAMPAIGN).forward(dt.date(2026, 6, 1), None)


class TestPlanningACampaign:
    def test_forward_from_a_start(self):
        plan = Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england())
        assert isinstance(plan, ScheduledPlan)
        # brief 18-19 May; design 20-27 May (25 May is a bank holiday); copy 20-22 May
        assert plan["brief"].earliest_finish == dt.date(2026, 5, 19)
        assert plan["design"].earliest_start == dt.date(2026, 5, 20)
        assert plan["design"].earliest_finish == dt.date(2026, 5, 27)
        assert plan["copy"].earliest_finish == dt.date(2026, 5, 22)
        assert plan["copy"].latest_finish == dt.date(2026, 5, 27)
        assert plan["copy"].slack == 2
        assert plan["approval"].earliest_start == dt.date(2026, 5, 28)
        assert plan["production"].earliest_finish == dt.date(2026, 6, 2)
        assert plan["launch"].earliest_start == dt.date(2026, 6, 3)
        assert plan.start == dt.date(2026, 5, 18)
        assert plan.finish == dt.date(2026, 6, 3)
        assert plan.critical_path == ("brief", "design", "approval", "production", "launch")
        assert not plan["copy"].is_critical
        assert plan["design"].is_critical

    def test_backward_from_a_launch_date(self):
        plan = Schedule(CAMPAIGN).backward(dt.date(2026, 9, 1), england())
        # launch on 1 September; production must end on Friday 28 August (31st is a holiday)
        assert plan["launch"].latest_start == dt.date(2026, 9, 1)
        assert plan["production"].latest_finish == dt.date(2026, 8, 28)
        assert plan["production"].latest_start == dt.date(2026, 8, 25)
        assert plan["design"].latest_start == dt.date(2026, 8, 18)
        assert plan["brief"].latest_start == dt.date(2026, 8, 14)
        assert plan.start == dt.date(2026, 8, 14)
        assert plan.finish == dt.date(2026, 9, 1)

    def test_a_deadline_on_a_holiday_rolls_back(self):
        on_holiday = Schedule(CAMPAIGN).backward(dt.date(2026, 8, 31), england())
        assert on_holiday.finish == dt.date(2026, 8, 28)

    def test_a_start_on_a_weekend_rolls_forward(self):
        plan = Schedule(CAMPAIGN).forward(dt.date(2026, 5, 16), england())
        assert plan.start == dt.date(2026, 5, 18)

    def test_the_plan_is_a_read_only_mapping_of_tasks(self):
        plan = Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england())
        assert list(plan) == [t.id for t in CAMPAIGN]
        assert len(plan) == len(CAMPAIGN)
        assert "copy" in plan
        assert "nope" not in plan
        assert plan.get("nope") is None
        assert plan == Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england())
        assert hash(plan) == hash(Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england()))

    def test_a_plan_records_the_direction_it_was_made_in(self):
        forward = Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england())
        backward = Schedule(CAMPAIGN).backward(dt.date(2026, 9, 1), england())
        assert (forward.direction, backward.direction) == ("forward", "backward")
        assert "direction='backward'" in repr(backward)

    def test_the_direction_takes_no_part_in_equality(self):
        backward = Schedule(CAMPAIGN).backward(dt.date(2026, 9, 1), england())
        again = Schedule(CAMPAIGN).forward(backward.start, england())
        assert again.direction != backward.direction
        assert again == backward
        assert hash(again) == hash(backward)

    def test_the_direction_survives_serialization_and_pickling(self):
        backward = Schedule(CAMPAIGN).backward(dt.date(2026, 9, 1), england())
        data = to_dict(backward)
        assert data["direction"] == "backward"
        assert from_dict(ScheduledPlan, data).direction == "backward"
        assert pickle.loads(pickle.dumps(backward)).direction == "backward"
        assert pickle.loads(pickle.dumps(backward)) == backward
        del data["direction"]  # written before plans recorded it
        assert from_dict(ScheduledPlan, data).direction == "forward"

    def test_an_unknown_direction_is_refused(self):
        plan = Schedule(CAMPAIGN).forward(dt.date(2026, 5, 18), england())
        with pytest.raises(ValidationError, match="'direction': 'sideways'"):
            attrs.evolve(plan, direction="sideways")

    def test_a_lone_milestone_sits_on_the_start_and_on_the_deadline(self):
        schedule = Schedule([Task(id="kick-off", duration=0)])
        assert schedule.forward(dt.date(2026, 5, 18), england())["kick-off"].earliest_start == (
            dt.date(2026, 5, 18)
        )
        backward = schedule.backward(dt.date(2026, 5, 18), england())
        assert backward["kick-off"].latest_finish == dt.date(2026, 5, 18)


def _finish_offset(cal: WorkCalendar, task_start: dt.date, finish: dt.date, duration: int) -> None:
    if duration:
        assert cal.business_days_between(task_start, finish) + 1 == duration
    else:
        assert task_start == finish


PLANS = st.tuples(schedules(), calendars(max_holidays=30), DAYS)


class TestScheduleProperties:
    @given(PLANS, st.booleans())
    def test_every_task_starts_after_its_predecessors_finish(self, args, backward):
        schedule, cal, day = args
        plan = schedule.backward(day, cal) if backward else schedule.forward(day, cal)
        for task in schedule.tasks:
            row = plan[task.id]
            assert cal.is_business_day(row.earliest_start)
            assert row.slack >= 0
            assert row.latest_start == cal.add_business_days(row.earliest_start, row.slack)
            _finish_offset(cal, row.earliest_start, row.earliest_finish, task.duration)
            _finish_offset(cal, row.latest_start, row.latest_finish, task.duration)
            for dep in task.depends_on:
                before = plan[dep]
                if before.duration:
                    assert row.earliest_start > before.earliest_finish
                    assert row.latest_start > before.latest_finish
                else:
                    assert row.earliest_start >= before.earliest_finish
                    assert row.latest_start >= before.latest_finish

    @given(PLANS)
    def test_forward_starts_on_the_start_and_nothing_slips_past_the_finish(self, args):
        schedule, cal, day = args
        plan = schedule.forward(day, cal)
        assert plan.start == cal.roll(day, "following")
        assert min(row.earliest_start for row in plan.values()) == plan.start
        assert max(row.latest_finish for row in plan.values()) == plan.finish

    @given(PLANS)
    def test_backward_then_forward_from_the_start_reproduces_the_deadline(self, args):
        schedule, cal, deadline = args
        back = schedule.backward(deadline, cal)
        assert all(row.latest_finish <= deadline for row in back.values())
        assert back.finish == cal.roll(deadline, "preceding")
        again = schedule.forward(back.start, cal)
        assert again.finish == back.finish
        assert again.start == back.start
        assert again == back

    @given(PLANS, st.booleans())
    def test_the_critical_path_is_a_chain_of_critical_tasks_from_start_to_finish(
        self, args, backward
    ):
        schedule, cal, day = args
        plan = schedule.backward(day, cal) if backward else schedule.forward(day, cal)
        path = plan.critical_path
        by_id = {t.id: t for t in schedule.tasks}
        assert path
        assert all(plan[i].is_critical for i in path)
        assert not by_id[path[0]].depends_on
        assert plan[path[0]].earliest_start == plan.start
        for before, after in itertools.pairwise(path):
            assert before in by_id[after].depends_on
        assert plan[path[-1]].earliest_finish == plan.finish


def scheduled(**changes: object) -> ScheduledTask:
    """``copy`` of three days from Monday 1 June 2026, two days of slack."""
    fields: dict[str, object] = {
        "id": "copy",
        "duration": 3,
        "earliest_start": dt.date(2026, 6, 1),
        "earliest_finish": dt.date(2026, 6, 3),
        "latest_start": dt.date(2026, 6, 3),
        "latest_finish": dt.date(2026, 6, 5),
        "slack": 2,
    }
    return ScheduledTask(**{**fields, **changes})  # type: ignore[arg-type]


def one_task_plan(**changes: object) -> ScheduledPlan:
    task = scheduled(latest_start=dt.date(2026, 6, 1), latest_finish=dt.date(2026, 6, 3), slack=0)
    fields: dict[str, object] = {
        "tasks": [task],
        "start": dt.date(2026, 6, 1),
        "finish": dt.date(2026, 6, 3),
        "critical_path": ["copy"],
    }
    return ScheduledPlan(**{**fields, **changes})  # type: ignore[arg-type]


class TestResultTypesRefuseNonsense:
    def test_valid_results_are_normalised(self):
        task = scheduled(earliest_start=pendulum.date(2026, 6, 1))
        assert type(task.latest_finish) is pendulum.Date
        plan = one_task_plan()
        assert plan.tasks == (plan["copy"],)
        assert plan.critical_path == ("copy",)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id", ""),
            ("duration", -1),
            ("duration", 3.0),
            ("slack", -2),
            ("slack", True),
            ("earliest_start", dt.datetime(2026, 6, 1, 9)),
            ("earliest_start", "2026-06-01"),
            ("earliest_finish", dt.date(2026, 5, 29)),  # before its start
            ("latest_finish", dt.date(2026, 6, 2)),
            ("latest_start", dt.date(2026, 5, 29)),  # before the earliest start
            ("slack", 0),  # yet the latest start is two days later
        ],
    )
    def test_a_scheduled_task_refuses(self, field, value):
        with pytest.raises(ValidationError) as info:
            scheduled(**{field: value})
        assert info.value.field == field

    def test_a_milestone_finishes_the_day_it_starts(self):
        with pytest.raises(ValidationError, match="a milestone"):
            scheduled(duration=0)
        day = dt.date(2026, 6, 1)
        milestone = scheduled(
            duration=0,
            earliest_finish=day,
            latest_start=day,
            latest_finish=day,
            slack=0,
        )
        assert milestone.is_critical

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"tasks": []}, "tasks"),
            ({"tasks": ["copy"]}, "tasks"),
            ({"tasks": [scheduled(slack=0, latest_start=dt.date(2026, 6, 1))] * 2}, "tasks"),
            ({"start": dt.date(2026, 5, 29)}, "start"),
            ({"finish": dt.date(2026, 6, 5)}, "finish"),
            ({"critical_path": []}, "critical_path"),
            ({"critical_path": "copy"}, "critical_path"),
            ({"critical_path": ["art"]}, "critical_path"),
            ({"critical_path": ["copy", "copy"]}, "critical_path"),
            ({"direction": "sideways"}, "direction"),
        ],
    )
    def test_a_plan_refuses(self, changes, field):
        with pytest.raises(ValidationError) as info:
            one_task_plan(**changes)
        assert info.value.field == field

    def test_a_task_with_slack_is_not_on_the_critical_path(self):
        with pytest.raises(ValidationError, match="critical tasks"):
            one_task_plan(tasks=[scheduled()], finish=dt.date(2026, 6, 3))

    @given(PLANS, st.booleans())
    def test_every_plan_the_library_makes_passes(self, args, backward):
        schedule, cal, day = args
        plan = schedule.backward(day, cal) if backward else schedule.forward(day, cal)
        assert attrs.evolve(plan) == plan
        assert all(attrs.evolve(task) == task for task in plan.tasks)

    def test_a_plan_read_back_with_a_negative_slack_is_refused(self):
        data = to_dict(one_task_plan())
        data["tasks"][0]["slack"] = -1
        with pytest.raises(ValidationError, match=r"'slack' at \$\.tasks\[0\]"):
            from_dict(ScheduledPlan, data)
