"""Business calendars, deadlines and schedules, promise by promise, as a user types them.

``WorkCalendar`` comes from ``accountexec`` (it is re-exported there); the deadline rules
and schedules from ``accountexec.deadlines``.
"""

from __future__ import annotations

import datetime as dt
from datetime import date

import numpy as np
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import WorkCalendar
from accountexec.deadlines import (
    BusinessDays,
    BusinessHours,
    CalendarDays,
    DayOfMonth,
    EndOfMonth,
    Schedule,
    Task,
)
from accountexec.errors import AccountExecError, CalendarError, ScheduleError, ValidationError

DAYS = st.dates(date(1990, 1, 1), date(2080, 12, 31))
MASKS = (
    st.lists(st.booleans(), min_size=7, max_size=7)
    .filter(any)
    .map(lambda bits: "".join("1" if b else "0" for b in bits))
)
HOLIDAYS = st.lists(DAYS, max_size=60)


@pytest.fixture(scope="module")
def england() -> WorkCalendar:
    return WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")


class TestWorkCalendar:
    def test_the_constructor_as_written(self):
        cal = WorkCalendar(
            holidays=(date(2026, 5, 25),),
            weekmask="1111100",
            timezone="UTC",
            working_hours=("09:00", "17:30"),
        )
        assert {cal: 1}[cal] == 1
        assert cal == WorkCalendar(holidays=[pendulum.date(2026, 5, 25)])
        with pytest.raises(AttributeError):
            cal.weekmask = "1111111"  # type: ignore[misc]

    def test_holidays_may_be_any_iterable_of_dates(self):
        days = (date(2026, 5, 25), date(2026, 8, 31))
        assert WorkCalendar(holidays=iter(days)) == WorkCalendar(holidays=set(days))

    def test_for_country_england_2026(self, england):
        for day in (
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 4),
            date(2026, 5, 25),
            date(2026, 8, 31),
            date(2026, 12, 25),
            date(2026, 12, 28),
        ):
            assert not england.is_business_day(day), day
        assert england.is_business_day(date(2026, 4, 7))

    def test_observed_days_count(self, england):
        assert pendulum.date(2026, 12, 28) in england.holidays  # Boxing Day on a Saturday

    def test_years_bound_the_data_and_outside_is_a_calendar_error(self):
        short = WorkCalendar.for_country("GB", subdivision="ENG", years=(2020, 2030))
        assert short.is_business_day(date(2030, 12, 31))
        with pytest.raises(CalendarError):
            short.is_business_day(date(2031, 1, 2))
        with pytest.raises(CalendarError):
            short.add_business_days(date(2019, 12, 31), 1)
        assert issubclass(CalendarError, AccountExecError)

    def test_the_default_years_are_wide_enough_for_business(self, england):
        assert england.is_business_day(date(1975, 6, 2))
        assert england.is_business_day(date(2099, 6, 1))

    def test_building_twice_does_not_redo_the_work(self, england):
        again = WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")
        assert again is england

    def test_union_has_both_holidays_and_the_shared_business_days(self):
        agency = WorkCalendar(holidays=[date(2026, 5, 25)], weekmask="1111100")
        client = WorkCalendar(holidays=[date(2026, 7, 3)], weekmask="0111110")
        both = agency | client
        assert not both.is_business_day(date(2026, 5, 25))
        assert not both.is_business_day(date(2026, 7, 3))
        assert not both.is_business_day(date(2026, 5, 18))  # a Monday: the client's day off
        assert both.is_business_day(date(2026, 5, 19))
        assert both.weekmask == "0111100"

    def test_roll_conventions(self):
        cal = WorkCalendar()
        saturday = date(2026, 5, 30)
        assert cal.roll(saturday, "following") == date(2026, 6, 1)
        assert cal.roll(saturday, "preceding") == date(2026, 5, 29)
        assert cal.roll(saturday, "modified_following") == date(2026, 5, 29)
        assert cal.roll(date(2026, 8, 1), "modified_preceding") == date(2026, 8, 3)

    def test_dates_come_out_as_pendulum_dates_and_datetimes_are_refused(self):
        cal = WorkCalendar()
        out = cal.add_business_days(date(2026, 5, 15), 1)
        assert type(out) is pendulum.Date
        assert type(cal.roll(date(2026, 5, 16), "following")) is pendulum.Date
        for bad in (dt.datetime(2026, 5, 15, 12), pendulum.datetime(2026, 5, 15, 12)):
            with pytest.raises(ValidationError):
                cal.add_business_days(bad, 1)
            with pytest.raises(ValidationError):
                cal.is_business_day(bad)
            with pytest.raises(ValidationError):
                cal.business_days_between(bad, date(2026, 6, 1))


class TestTheNumpyOracle:
    @given(DAYS, st.integers(-3000, 3000), MASKS, HOLIDAYS)
    def test_add_business_days(self, d, n, mask, holidays):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        expected = np.busday_offset(
            d, n, roll="forward" if n >= 0 else "backward", weekmask=mask, holidays=holidays
        )
        assert cal.add_business_days(d, n) == expected.astype(object)

    @given(DAYS, DAYS, MASKS, HOLIDAYS)
    def test_business_days_between(self, a, b, mask, holidays):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        assert cal.business_days_between(a, b) == np.busday_count(
            a, b, weekmask=mask, holidays=holidays
        )


class TestBusinessHoursAndDst:
    @pytest.mark.parametrize(
        ("zone", "before", "after"),
        [
            ("Europe/London", date(2026, 3, 27), date(2026, 3, 30)),
            ("America/New_York", date(2026, 3, 6), date(2026, 3, 9)),
            ("America/Santiago", date(2026, 4, 3), date(2026, 4, 6)),
            ("Australia/Lord_Howe", date(2026, 4, 3), date(2026, 4, 6)),
        ],
    )
    def test_end_of_business_day_is_half_past_five_local_on_both_sides(self, zone, before, after):
        cal = WorkCalendar(timezone=zone)
        friday, monday = cal.end_of_business_day(before), cal.end_of_business_day(after)
        for moment in (friday, monday):
            assert isinstance(moment, pendulum.DateTime)
            assert (moment.hour, moment.minute) == (17, 30)
            assert moment.utcoffset() is not None
        assert friday.utcoffset() != monday.utcoffset()
        start = cal.start_of_business_day(after)
        assert (start.hour, start.minute) == (9, 0)

    @pytest.mark.parametrize(
        ("zone", "friday"),
        [
            ("Europe/London", date(2026, 3, 27)),
            ("America/New_York", date(2026, 3, 6)),
            ("America/Santiago", date(2026, 4, 3)),
            ("Australia/Lord_Howe", date(2026, 4, 3)),
        ],
    )
    def test_friday_three_pm_plus_eight_hours_is_monday_three_pm(self, zone, friday):
        cal = WorkCalendar(timezone=zone, working_hours=("09:00", "17:00"))
        at = pendulum.datetime(friday.year, friday.month, friday.day, 15, tz=zone)
        due = cal.add_business_hours(at, 8)
        assert due.date() == friday + dt.timedelta(days=3)
        assert (due.hour, due.minute) == (15, 0)

    def test_a_naive_datetime_is_refused(self):
        with pytest.raises(ValidationError):
            WorkCalendar().add_business_hours(dt.datetime(2026, 3, 27, 15), 8)


class TestDeadlineRules:
    def test_the_explain_example(self):
        cal = WorkCalendar()
        rule = CalendarDays(30, roll="following")
        assert rule.explain(date(2026, 5, 11), cal) == (
            "2026-05-11 + 30 calendar days = 2026-06-10",
            "rolled forward to business day 2026-06-10",
        )
        assert rule.due(date(2026, 5, 11), cal) == date(2026, 6, 10)

    def test_business_days(self, england):
        assert BusinessDays(5).due(date(2026, 5, 20), england) == date(2026, 5, 28)
        assert BusinessDays(5).explain(date(2026, 5, 20), england)[-1].endswith("2026-05-28")

    @pytest.mark.parametrize(
        ("start", "months", "plus_days", "due"),
        [
            (date(2026, 1, 31), 1, 0, date(2026, 2, 28)),  # 28-day month
            (date(2024, 1, 31), 1, 0, date(2024, 2, 29)),  # 29
            (date(2026, 5, 31), 1, 0, date(2026, 6, 30)),  # 30
            (date(2026, 6, 15), 1, 0, date(2026, 7, 31)),  # 31
            (date(2026, 2, 10), 0, 30, date(2026, 3, 30)),
        ],
    )
    def test_end_of_month_adds_months_then_takes_the_last_day_then_adds_days(
        self, start, months, plus_days, due
    ):
        rule = EndOfMonth(months=months, plus_days=plus_days)
        assert rule.due(start, WorkCalendar()) == due
        assert rule.explain(start, WorkCalendar())[-1].endswith(str(due))

    def test_end_of_month_defaults(self):
        assert EndOfMonth().due(date(2026, 2, 3), WorkCalendar()) == date(2026, 2, 28)

    @pytest.mark.parametrize(
        ("day", "start", "due"),
        [
            (31, date(2026, 1, 15), date(2026, 2, 28)),
            (31, date(2024, 1, 15), date(2024, 2, 29)),
            (31, date(2026, 3, 15), date(2026, 4, 30)),
            (15, date(2026, 1, 20), date(2026, 2, 15)),
        ],
    )
    def test_day_of_month_is_clamped(self, day, start, due):
        assert DayOfMonth(day).due(start, WorkCalendar()) == due
        assert DayOfMonth(day, months=1).due(start, WorkCalendar()) == due

    def test_business_hours_on_datetimes(self):
        cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 3, 27, 15, tz="Europe/London")
        assert BusinessHours(8).due(at, cal) == pendulum.datetime(
            2026, 3, 30, 15, tz="Europe/London"
        )
        assert len(BusinessHours(8).explain(at, cal)) >= 1


class TestSchedule:
    TASKS = (
        Task(id="brief", duration=2),
        Task(id="copy", duration=3, depends_on=["brief"]),
        Task(id="design", duration=5, depends_on=["brief"]),
        Task(id="launch", duration=0, depends_on=["copy", "design"]),
    )

    def test_forward_gives_earliest_dates_slack_and_the_critical_path(self):
        plan = Schedule(self.TASKS).forward(date(2026, 6, 1), WorkCalendar())
        assert plan["brief"].earliest_start == date(2026, 6, 1)
        assert plan["design"].earliest_start == date(2026, 6, 3)
        assert plan["copy"].slack == 2
        assert plan.critical_path == ("brief", "design", "launch")

    def test_backward_meets_the_launch_date_and_forward_reproduces_it(self, england):
        schedule = Schedule(self.TASKS)
        launch = date(2026, 6, 15)
        back = schedule.backward(launch, england)
        assert back["launch"].latest_finish == launch
        assert all(t.latest_finish <= launch for t in back.values())
        again = schedule.forward(back.start, england)
        assert again["launch"].earliest_finish == launch
        assert again.finish == launch

    def test_every_task_starts_after_its_predecessors_finish(self, england):
        plan = Schedule(self.TASKS).forward(date(2026, 5, 22), england)
        for task in self.TASKS:
            for dep in task.depends_on:
                assert plan[task.id].earliest_start >= plan[dep].earliest_finish

    def test_a_cycle_or_an_unknown_task_is_named(self):
        with pytest.raises(ScheduleError, match=r"'a'.*'b'"):
            Schedule(
                [
                    Task(id="a", duration=1, depends_on=["b"]),
                    Task(id="b", duration=1, depends_on=["a"]),
                ]
            )
        with pytest.raises(ScheduleError, match="'ghost'"):
            Schedule([Task(id="a", duration=1, depends_on=["ghost"])])
