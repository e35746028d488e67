"""Tests for accountexec.calendars: numpy as the oracle, holiday data, unions, hours and DST."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pendulum
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from accountexec.calendars import MAX_BUSINESS_HOURS, WorkCalendar, _country_data
from accountexec.errors import CalendarError, ValidationError
from accountexec.strategies import calendars, weekmasks

DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2080, 12, 31))
OFFSETS = st.integers(-3000, 3000)
HOLIDAY_SETS = st.lists(DAYS, max_size=300)
NUMPY_ROLL = {
    "following": "following",
    "preceding": "preceding",
    "modified_following": "modifiedfollowing",
    "modified_preceding": "modifiedpreceding",
}
ENGLAND_2026 = [
    dt.date(2026, 1, 1),
    dt.date(2026, 4, 3),
    dt.date(2026, 4, 6),
    dt.date(2026, 5, 4),
    dt.date(2026, 5, 25),
    dt.date(2026, 8, 31),
    dt.date(2026, 12, 25),
    dt.date(2026, 12, 28),
]


def numpy_calendar(cal: WorkCalendar, extra: list[dt.date] = ()) -> np.busdaycalendar:
    """The numpy calendar of the same days (given the raw holidays, off-days included)."""
    return np.busdaycalendar(weekmask=cal.weekmask, holidays=[*cal.holidays, *extra])


def as_date(value: np.datetime64) -> dt.date:
    return value.astype(object)


@pytest.fixture(scope="module")
def england() -> WorkCalendar:
    return WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")


class TestTheNumpyOracle:
    @given(DAYS, OFFSETS, weekmasks(), HOLIDAY_SETS)
    @example(dt.date(2026, 5, 16), 0, "1111100", [])  # n=0 on a Saturday rolls forward
    @example(dt.date(2026, 5, 16), -1, "1111100", [])  # negative n rolls back first
    @example(dt.date(2026, 5, 25), 0, "1111100", [dt.date(2026, 5, 25)])
    def test_add_business_days_is_numpy_busday_offset(self, d, n, mask, holidays):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        expected = np.busday_offset(
            d,
            n,
            roll="forward" if n >= 0 else "backward",
            weekmask=mask,
            holidays=holidays,
        )
        result = cal.add_business_days(d, n)
        assert result == as_date(expected)
        assert type(result) is pendulum.Date

    @given(DAYS, DAYS, weekmasks(), HOLIDAY_SETS)
    @example(dt.date(1992, 2, 1), dt.date(1992, 1, 30), "0010111", [])  # numpy counts (b, a]
    def test_business_days_between_is_numpy_busday_count(self, a, b, mask, holidays):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        expected = np.busday_count(a, b, weekmask=mask, holidays=holidays)
        assert cal.business_days_between(a, b) == expected

    @given(DAYS, weekmasks(), HOLIDAY_SETS, st.sampled_from(sorted(NUMPY_ROLL)))
    def test_roll_is_numpy_roll(self, d, mask, holidays, convention):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        expected = np.busday_offset(
            d, 0, roll=NUMPY_ROLL[convention], weekmask=mask, holidays=holidays
        )
        assert cal.roll(d, convention) == as_date(expected)

    @given(DAYS, weekmasks(), HOLIDAY_SETS)
    def test_is_business_day_is_numpy_is_busday(self, d, mask, holidays):
        cal = WorkCalendar(holidays=holidays, weekmask=mask)
        assert cal.is_business_day(d) == np.is_busday(d, weekmask=mask, holidays=holidays)

    @given(calendars(), DAYS, OFFSETS)
    def test_counting_the_days_moved_gives_back_n_from_a_business_day(self, cal, d, n):
        start = cal.roll(d, "following")
        assert cal.business_days_between(start, cal.add_business_days(start, n)) == n


class TestConstruction:
    def test_holidays_are_sorted_deduplicated_and_off_days_dropped(self):
        cal = WorkCalendar(
            holidays=[
                dt.date(2026, 12, 28),
                pendulum.date(2026, 12, 25),
                dt.date(2026, 12, 25),
                dt.date(2026, 12, 26),  # a Saturday
            ]
        )
        assert cal.holidays == (pendulum.date(2026, 12, 25), pendulum.date(2026, 12, 28))
        assert all(type(d) is pendulum.Date for d in cal.holidays)

    def test_calendars_with_the_same_business_days_are_equal_and_hash_alike(self):
        a = WorkCalendar(holidays=[dt.date(2026, 12, 25), dt.date(2026, 12, 26)])
        b = WorkCalendar(holidays=(pendulum.date(2026, 12, 25),))
        assert a == b
        assert hash(a) == hash(b)
        assert len({a, b}) == 1

    def test_defaults_are_monday_to_friday_in_utc_from_nine_to_half_past_five(self):
        cal = WorkCalendar()
        assert cal.weekmask == "1111100"
        assert cal.timezone == "UTC"
        assert cal.working_hours == (pendulum.Time(9, 0), pendulum.Time(17, 30))
        assert cal.covered_years is None

    def test_a_weekmask_may_be_given_as_seven_flags(self):
        assert WorkCalendar(weekmask=[1, 1, 1, 1, 0, 0, 1]).weekmask == "1111001"

    def test_working_hours_accept_times(self):
        cal = WorkCalendar(working_hours=(dt.time(8), dt.time(16, 45)))
        assert cal.working_hours == (pendulum.Time(8), pendulum.Time(16, 45))

    def test_repr_summarises_a_long_holiday_list(self, england):
        assert "<1" in repr(england)
        assert "dates from 1970-03-27 to 2100-12-28" in repr(england)  # Good Friday 1970
        assert "Date(2026, 12, 25)" in repr(WorkCalendar(holidays=[dt.date(2026, 12, 25)]))

    @pytest.mark.parametrize(
        "mask", ["0000000", "111110", "11111000", "1111x00", 1111100, [1, 2, 0, 0, 0, 0, 0]]
    )
    def test_a_bad_weekmask_is_refused(self, mask):
        with pytest.raises(ValidationError, match="weekmask"):
            WorkCalendar(weekmask=mask)

    def test_an_all_zero_weekmask_says_why(self):
        with pytest.raises(ValidationError, match="at least one working weekday"):
            WorkCalendar(weekmask="0000000")

    @pytest.mark.parametrize("zone", ["Mars/Olympus", "", 3])
    def test_an_unknown_time_zone_is_refused(self, zone):
        with pytest.raises(ValidationError, match="timezone"):
            WorkCalendar(timezone=zone)

    def test_a_time_zone_object_is_taken_by_name(self):
        assert WorkCalendar(timezone=pendulum.timezone("Asia/Tokyo")).timezone == "Asia/Tokyo"

    @pytest.mark.parametrize(
        "hours",
        [
            ("17:30", "09:00"),
            ("09:00", "09:00"),
            ("9h", "17h"),
            ("09:00",),
            "09:00-17:00",
            (dt.time(9, tzinfo=dt.UTC), dt.time(17)),
            (9, 17),
        ],
    )
    def test_bad_working_hours_are_refused(self, hours):
        with pytest.raises(ValidationError, match="working_hours"):
            WorkCalendar(working_hours=hours)

    @pytest.mark.parametrize(
        "holidays",
        [
            [dt.datetime(2026, 12, 25, 0, 0)],
            [pendulum.datetime(2026, 12, 25)],
            ["2026-12-25"],
            "2026-12-25",
            dt.date(2026, 12, 25),
            None,
        ],
    )
    def test_holidays_must_be_dates(self, holidays):
        with pytest.raises(ValidationError, match="holidays"):
            WorkCalendar(holidays=holidays)

    @pytest.mark.parametrize(
        "years", [(2030, 2020), (0, 2020), (2020,), range(2020, 2020), range(2020, 2030, 2), "2020"]
    )
    def test_bad_covered_years_are_refused(self, years):
        with pytest.raises(ValidationError, match="years"):
            WorkCalendar(covered_years=years)

    def test_calendars_are_immutable(self):
        cal = WorkCalendar()
        with pytest.raises(AttributeError):
            cal.weekmask = "1111110"


class TestDatesGoingIn:
    def test_plain_dates_are_accepted_and_pendulum_dates_come_out(self):
        cal = WorkCalendar()
        result = cal.add_business_days(dt.date(2026, 5, 15), 1)
        assert result == dt.date(2026, 5, 18)
        assert type(result) is pendulum.Date
        assert type(cal.roll(dt.date(2026, 5, 16), "following")) is pendulum.Date

    def test_date_subclasses_are_accepted(self):
        class MyDate(dt.date):
            pass

        assert WorkCalendar().add_business_days(MyDate(2026, 5, 15), 1) == dt.date(2026, 5, 18)

    @pytest.mark.parametrize(
        "value",
        [
            dt.datetime(2026, 5, 15, 12, 0),
            pendulum.datetime(2026, 5, 15, 12),
            "2026-05-15",
            20260515,
        ],
    )
    def test_a_datetime_or_other_value_where_a_date_is_meant_is_refused(self, value):
        cal = WorkCalendar()
        with pytest.raises(ValidationError, match="date"):
            cal.add_business_days(value, 1)
        with pytest.raises(ValidationError):
            cal.is_business_day(value)
        with pytest.raises(ValidationError):
            cal.business_days_between(value, dt.date(2026, 5, 15))
        with pytest.raises(ValidationError):
            cal.end_of_business_day(value)

    @pytest.mark.parametrize("n", [True, 1.0, "1", Decimal(1)])
    def test_n_must_be_a_whole_number(self, n):
        with pytest.raises(ValidationError, match="'n'"):
            WorkCalendar().add_business_days(dt.date(2026, 5, 15), n)

    def test_an_int_subclass_is_a_whole_number(self):
        class Count(int):
            pass

        assert WorkCalendar().add_business_days(dt.date(2026, 5, 15), Count(1)) == dt.date(
            2026, 5, 18
        )

    def test_an_unknown_roll_convention_is_refused(self):
        with pytest.raises(ValidationError, match="'following'"):
            WorkCalendar().roll(dt.date(2026, 5, 16), "forward")


class TestCountryCalendars:
    def test_england_2026_has_the_known_bank_holidays(self, england):
        assert [d for d in england.holidays if d.year == 2026] == ENGLAND_2026
        for day in ENGLAND_2026:
            assert not england.is_business_day(day)
        assert england.is_business_day(dt.date(2026, 4, 7))

    def test_observed_days_count_as_holidays(self, england):
        # Boxing Day 2026 is a Saturday: the substitute Monday 28 December is off
        assert not england.is_business_day(dt.date(2026, 12, 28))
        assert england.add_business_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)

    def test_the_coronation_of_2023_is_a_holiday(self, england):
        assert not england.is_business_day(dt.date(2023, 5, 8))

    def test_building_the_same_calendar_twice_does_not_redo_the_work(self):
        first = WorkCalendar.for_country("gb", subdivision="ENG", timezone="Europe/London")
        before = _country_data.cache_info()
        again = WorkCalendar.for_country("gb", subdivision="ENG", timezone="Europe/London")
        after = _country_data.cache_info()
        assert again is first
        assert after.misses == before.misses

    def test_another_zone_reuses_the_holiday_data(self):
        england = WorkCalendar.for_country("gb", subdivision="ENG", timezone="Europe/London")
        before = _country_data.cache_info()
        utc = WorkCalendar.for_country("GB", subdivision="ENG")
        assert _country_data.cache_info().misses == before.misses
        assert utc.holidays == england.holidays
        assert utc.timezone == "UTC"

    def test_the_default_weekmask_is_the_countrys_weekend(self):
        saudi = WorkCalendar.for_country("SA", years=(2024, 2026))
        assert saudi.weekmask == "1111001"
        assert WorkCalendar.for_country("SA", years=(2024, 2026), weekmask="1111100").weekmask == (
            "1111100"
        )

    @pytest.mark.parametrize(
        "when",
        [dt.date(1969, 12, 31), dt.date(2101, 1, 3)],
    )
    def test_a_date_outside_the_covered_years_is_refused_naming_it(self, england, when):
        with pytest.raises(CalendarError, match=rf"{when}.*1970 to 2100"):
            england.is_business_day(when)
        with pytest.raises(CalendarError, match=str(when)):
            england.add_business_days(when, 1)
        with pytest.raises(CalendarError, match=str(when)):
            england.roll(when, "following")
        with pytest.raises(CalendarError, match=str(when)):
            england.end_of_business_day(when)
        with pytest.raises(CalendarError, match=str(when)):
            england.start_of_business_day(when)

    def test_arithmetic_that_leaves_the_covered_years_is_refused(self, england):
        with pytest.raises(CalendarError, match="2101-01-03"):
            england.add_business_days(dt.date(2100, 12, 31), 1)
        with pytest.raises(CalendarError, match="1969-12-31"):
            england.add_business_days(dt.date(1970, 1, 2), -2)

    def test_counting_may_end_on_the_day_after_the_last_covered(self, england):
        # December 2100: 23 weekdays less Christmas and Boxing Day, both observed on weekdays
        assert england.business_days_between(dt.date(2100, 12, 1), dt.date(2101, 1, 1)) == 21
        # backwards numpy counts (b, a]: only 1 January 1970, a Thursday and no holiday yet
        assert england.business_days_between(dt.date(1970, 1, 1), dt.date(1969, 12, 31)) == -1
        with pytest.raises(CalendarError, match="2101-01-02"):
            england.business_days_between(dt.date(2100, 12, 1), dt.date(2101, 1, 2))
        with pytest.raises(CalendarError, match="1969"):
            england.business_days_between(dt.date(1969, 12, 30), dt.date(1970, 1, 10))

    def test_years_may_be_a_range(self):
        cal = WorkCalendar.for_country("GB", subdivision="ENG", years=range(2025, 2028))
        assert cal.covered_years == (2025, 2027)
        assert cal.holidays[0] == dt.date(2025, 1, 1)

    @pytest.mark.parametrize(
        ("country", "subdivision", "field"),
        [
            ("XX", None, "country"),
            ("GB", "ZZZ", "subdivision"),
            (44, None, "country"),
            ("GB", 7, "subdivision"),
        ],
    )
    def test_an_unknown_country_or_subdivision_is_refused(self, country, subdivision, field):
        with pytest.raises(ValidationError, match=field):
            WorkCalendar.for_country(country, subdivision=subdivision)

    def test_years_none_is_refused_for_a_country(self):
        with pytest.raises(ValidationError, match="years"):
            WorkCalendar.for_country("GB", years=None)

    def test_an_unbounded_calendar_refuses_dates_python_cannot_hold(self):
        with pytest.raises(CalendarError, match="represent"):
            WorkCalendar().add_business_days(dt.date(9999, 12, 31), 1)
        with pytest.raises(CalendarError, match="represent"):
            WorkCalendar().add_business_days(dt.date(1, 1, 1), -1)


class TestUnions:
    def test_the_union_has_both_holiday_lists_and_the_common_weekdays(self):
        agency = WorkCalendar(holidays=[dt.date(2026, 12, 24)], weekmask="1111100")
        client = WorkCalendar(holidays=[dt.date(2026, 7, 3)], weekmask="0111110")
        both = agency | client
        assert both.weekmask == "0111100"
        assert both.holidays == (dt.date(2026, 7, 3), dt.date(2026, 12, 24))

    def test_a_holiday_on_a_weekday_the_union_does_not_work_is_dropped(self):
        agency = WorkCalendar(holidays=[dt.date(2026, 5, 25)], weekmask="1111100")
        client = WorkCalendar(weekmask="0111110")
        assert (agency | client).holidays == ()

    def test_the_union_keeps_the_left_zone_and_hours(self):
        london = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
        new_york = WorkCalendar(timezone="America/New_York")
        assert (london | new_york).timezone == "Europe/London"
        assert (london | new_york).working_hours == london.working_hours
        assert (new_york | london).timezone == "America/New_York"

    def test_covered_years_intersect(self, england):
        us = WorkCalendar.for_country("US", years=(2000, 2050))
        assert (england | us).covered_years == (2000, 2050)
        assert (england | WorkCalendar()).covered_years == (1970, 2100)
        assert (WorkCalendar() | WorkCalendar()).covered_years is None

    def test_disjoint_years_are_refused(self):
        a = WorkCalendar(covered_years=(2000, 2010))
        b = WorkCalendar(covered_years=(2011, 2020))
        with pytest.raises(CalendarError, match="no year in common"):
            a | b

    def test_calendars_that_share_no_weekday_are_refused(self):
        with pytest.raises(CalendarError, match="share no working weekday"):
            WorkCalendar(weekmask="1110000") | WorkCalendar(weekmask="0001111")

    def test_a_union_with_something_else_is_a_type_error(self):
        with pytest.raises(TypeError):
            WorkCalendar() | {dt.date(2026, 5, 25)}

    @given(calendars(), calendars(), DAYS)
    def test_a_day_is_worked_in_the_union_when_both_work_it(self, a, b, d):
        assume(any(x == y == "1" for x, y in zip(a.weekmask, b.weekmask, strict=True)))
        assert (a | b).is_business_day(d) == (a.is_business_day(d) and b.is_business_day(d))


LONDON = "Europe/London"


class TestEndAndStartOfBusinessDay:
    @pytest.mark.parametrize(
        ("zone", "before", "after", "offsets"),
        [
            (LONDON, dt.date(2026, 3, 27), dt.date(2026, 3, 30), ("+00:00", "+01:00")),
            (LONDON, dt.date(2026, 10, 23), dt.date(2026, 10, 26), ("+01:00", "+00:00")),
            ("America/New_York", dt.date(2026, 3, 6), dt.date(2026, 3, 9), ("-05:00", "-04:00")),
            ("America/New_York", dt.date(2026, 10, 30), dt.date(2026, 11, 2), ("-04:00", "-05:00")),
            ("America/Santiago", dt.date(2026, 4, 3), dt.date(2026, 4, 6), ("-03:00", "-04:00")),
            ("America/Santiago", dt.date(2026, 9, 4), dt.date(2026, 9, 7), ("-04:00", "-03:00")),
            ("Australia/Lord_Howe", dt.date(2026, 4, 3), dt.date(2026, 4, 6), ("+11:00", "+10:30")),
            (
                "Australia/Lord_Howe",
                dt.date(2026, 10, 2),
                dt.date(2026, 10, 5),
                ("+10:30", "+11:00"),
            ),
        ],
    )
    def test_the_wall_clock_stays_and_the_offset_changes_across_dst(
        self, zone, before, after, offsets
    ):
        cal = WorkCalendar(timezone=zone)
        end_before, end_after = cal.end_of_business_day(before), cal.end_of_business_day(after)
        assert end_before.isoformat() == f"{before}T17:30:00{offsets[0]}"
        assert end_after.isoformat() == f"{after}T17:30:00{offsets[1]}"
        assert cal.start_of_business_day(after).isoformat() == f"{after}T09:00:00{offsets[1]}"
        assert end_after.timezone_name == zone

    def test_a_day_starting_at_midnight_starts_at_one_in_santiago_on_the_change(self):
        # Chile springs forward at midnight: 6 September 2026 has no 00:00
        cal = WorkCalendar(
            timezone="America/Santiago", weekmask="1111111", working_hours=("00:00", "08:00")
        )
        start = cal.start_of_business_day(dt.date(2026, 9, 6))
        assert start.isoformat() == "2026-09-06T01:00:00-03:00"


def _slow_add_business_hours(cal: WorkCalendar, at: dt.datetime, us: int) -> tuple[dt.date, int]:
    """A day-by-day reference: the local date and wall-clock microseconds of the result."""

    def wall(t: dt.time) -> int:
        return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond

    start, end = (wall(t) for t in cal.working_hours)
    local = at.astimezone(pendulum.timezone(cal.timezone))
    day, t = local.date(), wall(local.time())
    while True:
        if cal.is_business_day(day) and t <= end:
            t = max(t, start)
            if us <= end - t:
                return day, t + us
            us -= end - t
        day, t = day + dt.timedelta(days=1), 0


class TestBusinessHours:
    def test_friday_afternoon_plus_eight_hours_is_monday_afternoon_across_dst(self):
        for zone, friday in [
            (LONDON, dt.date(2026, 3, 27)),
            ("America/New_York", dt.date(2026, 3, 6)),
            ("America/Santiago", dt.date(2026, 9, 4)),
            ("Australia/Lord_Howe", dt.date(2026, 10, 2)),
        ]:
            cal = WorkCalendar(timezone=zone, working_hours=("09:00", "17:00"))
            at = pendulum.datetime(friday.year, friday.month, friday.day, 15, tz=zone)
            result = cal.add_business_hours(at, 8)
            monday = friday + dt.timedelta(days=3)
            assert (result.date(), result.hour, result.minute) == (monday, 15, 0), zone
            assert result.utcoffset() != at.utcoffset()

    def test_hours_are_counted_in_the_calendars_zone(self):
        cal = WorkCalendar(timezone=LONDON, working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 5, 15, 10, tz="America/New_York")  # 15:00 in London
        result = cal.add_business_hours(at, 3)
        assert result.isoformat() == "2026-05-18T10:00:00+01:00"
        assert result.timezone_name == LONDON

    def test_a_start_before_hours_waits_for_the_opening(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 5, 15, 6, 30)
        assert cal.add_business_hours(at, 2) == pendulum.datetime(2026, 5, 15, 11)
        assert cal.add_business_hours(at, 0) == pendulum.datetime(2026, 5, 15, 9)

    def test_a_start_after_hours_or_on_a_day_off_waits_for_the_next_opening(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        assert cal.add_business_hours(pendulum.datetime(2026, 5, 15, 18), 1) == pendulum.datetime(
            2026, 5, 18, 10
        )
        assert cal.add_business_hours(pendulum.datetime(2026, 5, 16, 12), 0) == pendulum.datetime(
            2026, 5, 18, 9
        )

    def test_a_result_on_the_closing_time_stays_on_that_day(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        assert cal.add_business_hours(pendulum.datetime(2026, 5, 15, 9), 8) == pendulum.datetime(
            2026, 5, 15, 17
        )
        assert cal.add_business_hours(pendulum.datetime(2026, 5, 11, 9), 40) == pendulum.datetime(
            2026, 5, 15, 17
        )
        assert cal.add_business_hours(pendulum.datetime(2026, 5, 15, 17), 0) == pendulum.datetime(
            2026, 5, 15, 17
        )

    def test_holidays_are_skipped(self, england):
        at = pendulum.datetime(2026, 12, 24, 16, tz=LONDON)
        # 16:00 to 17:30 on Christmas Eve, then half an hour on the 29th
        assert england.add_business_hours(at, 2).isoformat() == "2026-12-29T09:30:00+00:00"

    def test_amounts_may_be_decimal_or_timedelta(self):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 5, 15, 16)
        expected = pendulum.datetime(2026, 5, 18, 9, 15)
        assert cal.add_business_hours(at, Decimal("1.25")) == expected
        assert cal.add_business_hours(at, dt.timedelta(minutes=75)) == expected

    def test_decimal_hours_do_not_depend_on_the_decimal_context(self, hostile_decimal_context):
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 5, 15, 9)
        # a ninth of a microsecond, written in hours: floored to whole microseconds
        assert cal.add_business_hours(at, Decimal("0.000000000030864197530864")) == at
        assert cal.add_business_hours(at, Decimal("12345.75")) == cal.add_business_hours(
            at, dt.timedelta(hours=12345, minutes=45)
        )

    @pytest.mark.parametrize(
        "at",
        [dt.datetime(2026, 5, 15, 9), pendulum.naive(2026, 5, 15, 9), dt.date(2026, 5, 15)],
    )
    def test_a_naive_datetime_or_a_date_is_refused(self, at):
        with pytest.raises(ValidationError, match="aware"):
            WorkCalendar().add_business_hours(at, 1)

    @pytest.mark.parametrize("hours", [-1, 1.5, True, "2", Decimal("NaN"), dt.timedelta(hours=-1)])
    def test_bad_amounts_are_refused(self, hours):
        with pytest.raises(ValidationError, match="hours"):
            WorkCalendar().add_business_hours(pendulum.datetime(2026, 5, 15, 9), hours)

    @given(
        calendars(timezones=("UTC",), max_holidays=20),
        st.datetimes(dt.datetime(1995, 1, 1), dt.datetime(2075, 1, 1), timezones=st.just(dt.UTC)),
        st.integers(0, 400 * 60),
    )
    def test_the_result_matches_a_day_by_day_count(self, cal, at, minutes):
        result = cal.add_business_hours(at, dt.timedelta(minutes=minutes))
        day, wall = _slow_add_business_hours(cal, at, minutes * 60_000_000)
        assert result.date() == day
        assert (
            (result.hour * 60 + result.minute) * 60 + result.second
        ) * 1_000_000 + result.microsecond == wall


class TestEdgesMutationTestingFoundUntested:
    def test_modified_preceding_at_a_month_start_goes_forward(self) -> None:
        saturday = dt.date(2026, 8, 1)
        cal = WorkCalendar()
        assert cal.roll(saturday, "modified_preceding") == pendulum.date(2026, 8, 3)
        assert cal.roll(saturday, "preceding") == pendulum.date(2026, 7, 31)
        assert cal.roll(saturday, "following") == pendulum.date(2026, 8, 3)
        # mid-month the modified convention goes back like the plain one
        assert cal.roll(dt.date(2026, 8, 8), "modified_preceding") == pendulum.date(2026, 8, 7)

    def test_the_first_and_last_covered_days_are_inside(self) -> None:
        cal = WorkCalendar(covered_years=(2026, 2027))
        first, last = dt.date(2026, 1, 1), dt.date(2027, 12, 31)  # a Thursday and a Friday
        assert cal.is_business_day(first)
        assert cal.is_business_day(last)
        assert cal.add_business_days(first, 0) == first
        assert cal.add_business_days(last, 0) == last
        assert cal.add_business_days(first, 1) == pendulum.date(2026, 1, 2)
        assert cal.add_business_days(last, -1) == pendulum.date(2027, 12, 30)
        assert cal.business_days_between(first, dt.date(2028, 1, 1)) == 522
        assert cal.business_days_between(last, first) == -521
        for outside in (
            lambda: cal.is_business_day(dt.date(2025, 12, 31)),
            lambda: cal.is_business_day(dt.date(2028, 1, 1)),
            lambda: cal.add_business_days(first, -1),
            lambda: cal.add_business_days(last, 1),
            lambda: cal.business_days_between(dt.date(2025, 12, 31), first),
            lambda: cal.business_days_between(first, dt.date(2028, 1, 2)),
        ):
            with pytest.raises(CalendarError, match="outside the years this calendar covers"):
                outside()

    def test_working_hours_keep_their_seconds(self) -> None:
        cal = WorkCalendar(timezone="UTC", working_hours=("09:00:30", "17:00:00"))
        monday = dt.date(2026, 3, 2)
        assert cal.start_of_business_day(monday).isoformat() == "2026-03-02T09:00:30+00:00"
        early = pendulum.datetime(2026, 3, 2, 8, tz="UTC")
        assert cal.add_business_hours(early, 1).isoformat() == "2026-03-02T10:00:30+00:00"

    def test_sub_second_durations_count_to_the_microsecond(self) -> None:
        cal = WorkCalendar(timezone="UTC", working_hours=("09:00:30", "17:00:00"))
        start = pendulum.datetime(2026, 3, 2, 9, 0, 30, tz="UTC")
        half_second = dt.timedelta(microseconds=500_000)
        assert cal.add_business_hours(start, half_second) == start.add(microseconds=500_000)
        assert cal.add_business_hours(start, Decimal("0.0000001")) == start.add(microseconds=360)
        late = pendulum.datetime(2026, 3, 2, 16, 59, 59, 500_000, tz="UTC")
        assert cal.add_business_hours(late, dt.timedelta(seconds=1)) == pendulum.datetime(
            2026, 3, 3, 9, 0, 30, 500_000, tz="UTC"
        )
        # landing exactly on the end of the day stays on that day
        assert cal.add_business_hours(late, half_second) == pendulum.datetime(
            2026, 3, 2, 17, tz="UTC"
        )


class TestRefusalMessagesAreTheContract:
    """The text of each refusal names the parameter, quotes the value and says what is allowed."""

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (
                lambda: WorkCalendar(weekmask="1111"),
                ValidationError,
                "invalid 'weekmask': '1111'; expected seven '0'/'1' characters, Monday first",
            ),
            (
                lambda: WorkCalendar(weekmask="0000000"),
                ValidationError,
                "invalid 'weekmask': '0000000'; expected at least one working weekday",
            ),
            (
                lambda: WorkCalendar(timezone="Mars/Base"),
                ValidationError,
                (
                    "invalid 'timezone': 'Mars/Base'; expected an IANA time zone name such as "
                    "'Europe/London' or 'UTC'"
                ),
            ),
            (
                lambda: WorkCalendar(working_hours=("17:00", "09:00")),
                ValidationError,
                (
                    "invalid 'working_hours': ('17:00', '09:00'); expected a start before the "
                    "end on "
                    "the same day, such as ('09:00', '17:30')"
                ),
            ),
            (
                lambda: WorkCalendar(working_hours=("9am", "17:00")),
                ValidationError,
                "invalid 'working_hours': '9am'; expected a time such as '09:00'",
            ),
            (
                lambda: WorkCalendar(working_hours="09:00"),
                ValidationError,
                (
                    "invalid 'working_hours': '09:00'; expected a pair (start, end) such as "
                    "('09:00', '17:30')"
                ),
            ),
            (
                lambda: WorkCalendar(holidays=dt.date(2026, 1, 1)),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'holidays': datetime.date(2026, 1, 1); expected an iterable of dates",
            ),
            (
                lambda: WorkCalendar(covered_years=(2027, 2026)),
                ValidationError,
                (
                    "invalid 'covered_years': (2027, 2026); expected a pair (first, last) of years "
                    "with first <= last"
                ),
            ),
            (
                lambda: WorkCalendar(covered_years=(2026, 2027)).is_business_day(
                    dt.date(2028, 1, 3)
                ),
                CalendarError,
                (
                    "date 2028-01-03 is outside the years this calendar covers (2026 to 2027); "
                    "build it with years=(first, last) to cover it"
                ),
            ),
            (
                lambda: WorkCalendar().is_business_day(dt.datetime(2026, 1, 5)),
                ValidationError,
                (
                    "invalid 'd': datetime.datetime(2026, 1, 5, 0, 0); expected a date, not a "
                    "datetime (take .date() first if that is what you mean)"
                ),
            ),
            (
                lambda: WorkCalendar().add_business_days(dt.date(2026, 1, 5), 1.5),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'n': 1.5; expected a whole number of business days",
            ),
            (
                lambda: WorkCalendar().roll(dt.date(2026, 1, 3), "nearest"),  # type: ignore[arg-type]
                ValidationError,
                (
                    "invalid 'convention': 'nearest'; expected 'following', 'modified_following', "
                    "'modified_preceding', 'preceding'"
                ),
            ),
            (
                lambda: WorkCalendar().add_business_hours(dt.datetime(2026, 1, 5, 9), 1),
                ValidationError,
                (
                    "invalid 'at': datetime.datetime(2026, 1, 5, 9, 0); expected an aware datetime "
                    "(with a time zone)"
                ),
            ),
            (
                lambda: WorkCalendar().add_business_hours(pendulum.datetime(2026, 1, 5, 9), 1.5),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'hours': 1.5; expected an int, a Decimal or a timedelta, never a float",
            ),
            (
                lambda: WorkCalendar().add_business_hours(pendulum.datetime(2026, 1, 5, 9), -1),
                ValidationError,
                "invalid 'hours': -1; expected zero or more hours",
            ),
            (
                lambda: (
                    WorkCalendar(covered_years=(2026, 2026))
                    | WorkCalendar(covered_years=(2028, 2028))
                ),
                CalendarError,
                "calendars covering years (2026, 2026) and (2028, 2028) have no year in common",
            ),
            (
                lambda: WorkCalendar.for_country("XX"),
                ValidationError,
                (
                    "invalid 'country': 'XX'; expected a country (and subdivision) code "
                    "the holidays "
                    "package supports"
                ),
            ),
        ],
    )
    def test_the_message(self, call, error, message) -> None:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message


class TestTheEdgesOfWhatIsAccepted:
    def test_repr_lists_up_to_six_holidays_and_summarises_more(self) -> None:
        mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(7)]
        six = repr(WorkCalendar(holidays=mondays[:6]))
        assert "holidays=(Date(2026, 1, 5), " in six
        assert "Date(2026, 2, 9))" in six
        seven = repr(WorkCalendar(holidays=mondays))
        assert "holidays=<7 dates from 2026-01-05 to 2026-02-16>" in seven

    @pytest.mark.parametrize("years", [(1, 1), (9999, 9999), [1, 9999], range(2026, 2027)])
    def test_covered_years_from_year_1_to_9999_and_a_single_year(self, years) -> None:
        first, last = years[0], years[-1]
        assert WorkCalendar(covered_years=years).covered_years == (first, last)
        assert WorkCalendar.for_country("GB", years=years).covered_years == (first, last)

    def test_the_first_and_last_covered_days_in_every_method(self) -> None:
        cal = WorkCalendar(covered_years=(2026, 2026), weekmask="1111111")
        for day in (dt.date(2026, 1, 1), dt.date(2026, 12, 31)):
            assert cal.roll(day, "following") == day
            assert cal.start_of_business_day(day).date() == day
            assert cal.end_of_business_day(day).date() == day
            at = pendulum.datetime(day.year, day.month, day.day, 10)
            assert cal.add_business_hours(at, 1) == at.add(hours=1)
        for day in (dt.date(2025, 12, 31), dt.date(2027, 1, 1)):
            for call in (
                lambda day=day: cal.roll(day, "following"),
                lambda day=day: cal.start_of_business_day(day),
                lambda day=day: cal.end_of_business_day(day),
            ):
                with pytest.raises(CalendarError, match=f"date {day} is outside"):
                    call()

    def test_counting_from_the_day_after_the_last_covered_to_itself_is_zero(self) -> None:
        cal = WorkCalendar(covered_years=(2026, 2026))
        after = dt.date(2027, 1, 1)
        assert cal.business_days_between(after, after) == 0
        assert cal.business_days_between_many([after], [after]).tolist() == [0]

    def test_unions_of_calendars_sharing_a_single_year(self) -> None:
        a = WorkCalendar(covered_years=(2020, 2026))
        b = WorkCalendar(covered_years=(2026, 2030))
        assert (a | b).covered_years == (2026, 2026)
        assert (b | a).covered_years == (2026, 2026)

    @pytest.mark.parametrize(
        ("left", "right", "both"),
        [
            ("1111100", "0111110", "0111100"),
            ("1000001", "1111111", "1000001"),
            ("0000001", "0000011", "0000001"),
            ("1000000", "1000000", "1000000"),
        ],
    )
    def test_the_union_works_the_weekdays_both_work(self, left, right, both) -> None:
        assert (WorkCalendar(weekmask=left) | WorkCalendar(weekmask=right)).weekmask == both

    def test_working_hours_keep_their_microseconds(self) -> None:
        cal = WorkCalendar(working_hours=("09:00:00.250000", dt.time(17, 0, 0, 750_000)))
        assert cal.working_hours == (
            pendulum.Time(9, 0, 0, 250_000),
            pendulum.Time(17, 0, 0, 750_000),
        )
        monday = dt.date(2026, 3, 2)
        assert cal.start_of_business_day(monday).isoformat() == "2026-03-02T09:00:00.250000+00:00"
        assert cal.end_of_business_day(monday).isoformat() == "2026-03-02T17:00:00.750000+00:00"

    def test_less_than_a_microsecond_of_hours_adds_nothing(self) -> None:
        cal = WorkCalendar(working_hours=("09:00", "17:00"))
        at = pendulum.datetime(2026, 5, 15, 10)
        for tiny in (Decimal("1E-13"), Decimal("9E-13"), Decimal("1E-40"), Decimal("2.7E-10")):
            assert cal.add_business_hours(at, tiny) == at
        assert cal.add_business_hours(at, Decimal("2.8E-10")) == at.add(microseconds=1)

    @pytest.mark.parametrize(
        "hours",
        [MAX_BUSINESS_HOURS, Decimal(MAX_BUSINESS_HOURS), dt.timedelta(hours=MAX_BUSINESS_HOURS)],
    )
    def test_the_most_hours_are_taken_and_leave_the_dates_python_holds(self, hours) -> None:
        with pytest.raises(CalendarError) as info:
            WorkCalendar().add_business_hours(pendulum.datetime(2026, 5, 15, 9), hours)
        assert str(info.value) == (
            "business-day arithmetic left the range of dates Python can represent"
        )

    @pytest.mark.parametrize(
        "hours",
        [
            MAX_BUSINESS_HOURS + 1,
            Decimal(MAX_BUSINESS_HOURS) + Decimal("0.000001"),
            dt.timedelta(hours=MAX_BUSINESS_HOURS, microseconds=1),
        ],
    )
    def test_more_than_the_most_hours_is_refused(self, hours) -> None:
        with pytest.raises(ValidationError) as info:
            WorkCalendar().add_business_hours(pendulum.datetime(2026, 5, 15, 9), hours)
        assert str(info.value) == (
            f"invalid 'hours': {hours!r}; expected at most 100000000 hours (every hour from year "
            "1 to 9999 is fewer)"
        )


class TestMoreRefusalMessages:
    """Each refusal names the parameter, quotes the value and says what is allowed."""

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (
                lambda: WorkCalendar().add_business_days("2026-05-15", 1),
                ValidationError,
                "invalid 'd': '2026-05-15'; expected a date",
            ),
            (
                lambda: WorkCalendar().roll(20260516, "following"),
                ValidationError,
                "invalid 'd': 20260516; expected a date",
            ),
            (
                lambda: WorkCalendar().start_of_business_day(dt.datetime(2026, 5, 4, 9)),
                ValidationError,
                (
                    "invalid 'd': datetime.datetime(2026, 5, 4, 9, 0); expected a date, not a "
                    "datetime (take .date() first if that is what you mean)"
                ),
            ),
            (
                lambda: WorkCalendar().end_of_business_day("2026-05-04"),
                ValidationError,
                "invalid 'd': '2026-05-04'; expected a date",
            ),
            (
                lambda: WorkCalendar().business_days_between("2026-05-04", dt.date(2026, 5, 4)),
                ValidationError,
                "invalid 'a': '2026-05-04'; expected a date",
            ),
            (
                lambda: WorkCalendar().business_days_between(dt.date(2026, 5, 4), None),
                ValidationError,
                "invalid 'b': None; expected a date",
            ),
            (
                lambda: WorkCalendar(holidays=[dt.date(2026, 12, 25), "2026-12-26"]),
                ValidationError,
                "invalid 'holidays': '2026-12-26'; expected a date",
            ),
            (
                lambda: WorkCalendar(working_hours=(dt.time(9, tzinfo=dt.UTC), "17:00")),
                ValidationError,
                (
                    "invalid 'working_hours': datetime.time(9, 0, tzinfo=datetime.timezone.utc); "
                    "expected a naive time such as '09:00'"
                ),
            ),
            (
                lambda: WorkCalendar(weekmask=1111100),
                ValidationError,
                "invalid 'weekmask': 1111100; expected seven '0'/'1' characters, Monday first",
            ),
            (
                lambda: WorkCalendar(weekmask=[1, 1, 1, 1, 1, 0, 2]),
                ValidationError,
                (
                    "invalid 'weekmask': [1, 1, 1, 1, 1, 0, 2]; expected seven '0'/'1' characters, "
                    "Monday first"
                ),
            ),
            (
                lambda: WorkCalendar(covered_years=range(2020, 2030, 2)),
                ValidationError,
                (
                    "invalid 'covered_years': range(2020, 2030, 2); expected a non-empty range of "
                    "consecutive years"
                ),
            ),
            (
                lambda: WorkCalendar(covered_years=(2020, 10000)),
                ValidationError,
                (
                    "invalid 'covered_years': (2020, 10000); expected a pair (first, last) of "
                    "years with first <= last"
                ),
            ),
            (
                lambda: WorkCalendar.for_country("GB", years=range(2030, 2020)),
                ValidationError,
                (
                    "invalid 'years': range(2030, 2020); expected a non-empty range of "
                    "consecutive years"
                ),
            ),
            (
                lambda: WorkCalendar.for_country("GB", years=None),
                ValidationError,
                "invalid 'years': None; expected a pair (first, last) of years with first <= last",
            ),
            (
                lambda: WorkCalendar.for_country("GB", years=(0, 2020)),
                ValidationError,
                (
                    "invalid 'years': (0, 2020); expected a pair (first, last) of years with "
                    "first <= last"
                ),
            ),
            (
                lambda: WorkCalendar.for_country(44),
                ValidationError,
                "invalid 'country': 44; expected an ISO 3166 country code such as 'GB'",
            ),
            (
                lambda: WorkCalendar.for_country("GB", subdivision=7),
                ValidationError,
                "invalid 'subdivision': 7; expected a subdivision code such as 'ENG'",
            ),
            (
                lambda: WorkCalendar(weekmask="1110000") | WorkCalendar(weekmask="0001111"),
                CalendarError,
                "calendars with weekmasks '1110000' and '0001111' share no working weekday",
            ),
            (
                lambda: WorkCalendar().add_business_days(dt.date(9999, 12, 31), 1),
                CalendarError,
                "business-day arithmetic left the range of dates Python can represent",
            ),
            (
                lambda: WorkCalendar(covered_years=(2026, 2026)).is_business_day(dt.date(1, 1, 1)),
                CalendarError,
                (
                    "date 0001-01-01 is outside the years this calendar covers (2026 to 2026); "
                    "build it with years=(first, last) to cover it"
                ),
            ),
            (
                lambda: WorkCalendar(covered_years=(2026, 2026)).is_business_day(
                    dt.date(9999, 12, 31)
                ),
                CalendarError,
                (
                    "date 9999-12-31 is outside the years this calendar covers (2026 to 2026); "
                    "build it with years=(first, last) to cover it"
                ),
            ),
            (
                # the result would be past year 9999: no date to name
                lambda: WorkCalendar(covered_years=(2026, 2026)).add_business_days(
                    dt.date(2026, 1, 1), 10**9
                ),
                CalendarError,
                (
                    "the result, past year 9999, is outside the years this calendar covers "
                    "(2026 to 2026); build it with years=(first, last) to cover it"
                ),
            ),
            (
                lambda: WorkCalendar(covered_years=(2026, 2026)).add_business_days(
                    dt.date(2026, 1, 1), -(10**9)
                ),
                CalendarError,
                (
                    "the result, before year 1, is outside the years this calendar covers "
                    "(2026 to 2026); build it with years=(first, last) to cover it"
                ),
            ),
            (
                lambda: WorkCalendar(
                    timezone="Pacific/Kiritimati", weekmask="1111111"
                ).add_business_hours(pendulum.datetime(9999, 12, 31, 20), 1),
                CalendarError,
                (
                    "1 working hours after 9999-12-31T20:00:00+00:00 in 'Pacific/Kiritimati' "
                    "leave the dates Python can represent (years 1 to 9999 in UTC and in the "
                    "calendar's zone)"
                ),
            ),
        ],
    )
    def test_the_message(self, call, error, message) -> None:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message
