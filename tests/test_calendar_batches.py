"""Many dates at once: the batch methods answer exactly what the scalar methods answer."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import numpy as np
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import _optional
from accountexec.calendars import WorkCalendar
from accountexec.errors import (
    AccountExecError,
    CalendarError,
    MissingDependencyError,
    ValidationError,
)
from accountexec.strategies import calendars

ROLLS = ("following", "preceding", "modified_following", "modified_preceding")
DATES = st.dates(dt.date(1985, 1, 1), dt.date(2085, 12, 31))


def as_array(days: list[dt.date]) -> Any:
    return np.array([d.isoformat() for d in days], dtype="datetime64[D]")


def scalar_or_error(call: Any) -> object:
    try:
        return call()
    except CalendarError:
        return CalendarError


def batch_or_error(call: Any) -> object:
    try:
        return call()
    except CalendarError:
        return CalendarError


class TestElementByElementTheScalarAnswer:
    @given(calendars(), st.lists(DATES, min_size=1, max_size=30), st.integers(-400, 400))
    def test_add_business_days_many_with_one_shift(
        self, cal: WorkCalendar, days: list[dt.date], n: int
    ) -> None:
        expected = [scalar_or_error(lambda d=d: cal.add_business_days(d, n)) for d in days]
        got = batch_or_error(lambda: cal.add_business_days_many(as_array(days), n))
        if CalendarError in expected:
            assert got is CalendarError
        else:
            assert [d.isoformat() for d in expected] == [str(x) for x in got]  # type: ignore[union-attr]

    @given(
        calendars(),
        st.lists(st.tuples(DATES, st.integers(-3000, 3000)), min_size=1, max_size=30),
    )
    def test_add_business_days_many_with_a_shift_per_date(
        self, cal: WorkCalendar, pairs: list[tuple[dt.date, int]]
    ) -> None:
        days = [d for d, _ in pairs]
        shifts = [n for _, n in pairs]
        expected = [scalar_or_error(lambda d=d, n=n: cal.add_business_days(d, n)) for d, n in pairs]
        got = batch_or_error(lambda: cal.add_business_days_many(days, np.array(shifts)))
        if CalendarError in expected:
            assert got is CalendarError
        else:
            assert [d.isoformat() for d in expected] == [str(x) for x in got]  # type: ignore[union-attr]

    @given(calendars(), st.lists(st.tuples(DATES, DATES), min_size=1, max_size=30))
    def test_business_days_between_many(
        self, cal: WorkCalendar, pairs: list[tuple[dt.date, dt.date]]
    ) -> None:
        starts = [a for a, _ in pairs]
        ends = [b for _, b in pairs]
        expected = [
            scalar_or_error(lambda a=a, b=b: cal.business_days_between(a, b)) for a, b in pairs
        ]
        got = batch_or_error(lambda: cal.business_days_between_many(as_array(starts), ends))
        if CalendarError in expected:
            assert got is CalendarError
        else:
            assert expected == list(got)  # type: ignore[call-overload]
            assert got.dtype == np.int64  # type: ignore[union-attr]

    @given(calendars(), st.lists(DATES, min_size=1, max_size=30), st.sampled_from(ROLLS))
    def test_roll_many(self, cal: WorkCalendar, days: list[dt.date], convention: Any) -> None:
        expected = [scalar_or_error(lambda d=d: cal.roll(d, convention)) for d in days]
        got = batch_or_error(lambda: cal.roll_many(as_array(days), convention))
        if CalendarError in expected:
            assert got is CalendarError
        else:
            assert [d.isoformat() for d in expected] == [str(x) for x in got]  # type: ignore[union-attr]


def england() -> WorkCalendar:
    """Built by each test: memoised, but built afresh under mutation testing (caches emptied)."""
    return WorkCalendar.for_country("GB", subdivision="ENG", years=(1990, 2060))


INSIDE = st.dates(dt.date(1991, 1, 1), dt.date(2059, 12, 1))


class TestInsideTheTabulatedSpan:
    """Dates among the holidays are answered from the day-by-day tables: the same answers."""

    @given(st.lists(st.tuples(INSIDE, st.integers(-60, 60)), min_size=1, max_size=40))
    def test_add_business_days_many(self, pairs: list[tuple[dt.date, int]]) -> None:
        cal = england()
        got = cal.add_business_days_many([d for d, _ in pairs], [n for _, n in pairs])
        assert [str(x) for x in got] == [cal.add_business_days(d, n).isoformat() for d, n in pairs]

    @given(st.lists(st.tuples(INSIDE, INSIDE), min_size=1, max_size=40))
    def test_business_days_between_many(self, pairs: list[tuple[dt.date, dt.date]]) -> None:
        cal = england()
        got = cal.business_days_between_many([a for a, _ in pairs], [b for _, b in pairs])
        assert got.tolist() == [cal.business_days_between(a, b) for a, b in pairs]

    @given(st.lists(INSIDE, min_size=1, max_size=40), st.sampled_from(ROLLS))
    def test_roll_many(self, days: list[dt.date], convention: Any) -> None:
        cal = england()
        got = cal.roll_many(days, convention)
        assert [str(x) for x in got] == [cal.roll(d, convention).isoformat() for d in days]


class TestPinnedExamples:
    def test_a_week_of_may_on_the_england_calendar(self) -> None:
        cal = WorkCalendar.for_country("GB", subdivision="ENG", years=(2026, 2026))
        week = np.arange("2026-05-22", "2026-05-27", dtype="datetime64[D]")
        assert [str(d) for d in cal.add_business_days_many(week, 1)] == [
            "2026-05-26", "2026-05-27", "2026-05-27", "2026-05-27", "2026-05-27",
        ]  # fmt: skip
        assert [str(d) for d in cal.roll_many(week, "preceding")] == [
            "2026-05-22", "2026-05-22", "2026-05-22", "2026-05-22", "2026-05-26",
        ]  # fmt: skip
        assert cal.business_days_between_many(week, np.datetime64("2026-06-01")).tolist() == [
            5, 4, 4, 4, 4,
        ]  # fmt: skip

    def test_the_shape_of_an_array_is_kept(self) -> None:
        grid = np.array(
            [["2026-05-15", "2026-05-16"], ["2026-05-17", "2026-05-18"]], "datetime64[D]"
        )
        result = WorkCalendar().add_business_days_many(grid, 1)
        assert result.shape == (2, 2)
        assert result.tolist() == [
            [dt.date(2026, 5, 18), dt.date(2026, 5, 19)],
            [dt.date(2026, 5, 19), dt.date(2026, 5, 19)],
        ]

    def test_an_empty_batch_gives_an_empty_array(self) -> None:
        assert WorkCalendar().add_business_days_many([], 3).shape == (0,)
        assert WorkCalendar().roll_many([], "following").dtype == np.dtype("datetime64[D]")

    def test_agrees_with_numpy_on_a_hundred_thousand_dates(self) -> None:
        cal = WorkCalendar.for_country("GB", subdivision="ENG", years=(1990, 2070))
        numpy_cal = np.busdaycalendar(weekmask=cal.weekmask, holidays=as_array(list(cal.holidays)))
        days = np.datetime64("1995-01-01") + np.arange(100_000) % 20_000
        shifts = np.arange(100_000) % 41 - 20
        roll = np.where(shifts >= 0, 1, 0)
        expected = np.where(
            roll == 1,
            np.busday_offset(days, shifts, roll="forward", busdaycal=numpy_cal),
            np.busday_offset(days, shifts, roll="backward", busdaycal=numpy_cal),
        )
        assert (cal.add_business_days_many(days, shifts) == expected).all()
        ends = days + 45
        assert (
            cal.business_days_between_many(days, ends)
            == np.busday_count(days, ends, busdaycal=numpy_cal)
        ).all()


class TestRefusals:
    def test_a_date_outside_the_covered_years_is_the_scalar_refusal(self) -> None:
        cal = WorkCalendar(covered_years=(2026, 2027))
        days = as_array([dt.date(2026, 5, 4), dt.date(2028, 1, 3)])
        with pytest.raises(CalendarError, match="2028-01-03 is outside the years"):
            cal.add_business_days_many(days, 1)
        with pytest.raises(CalendarError, match="outside the years"):
            cal.add_business_days_many(days[:1], 10_000)
        with pytest.raises(CalendarError, match="outside the years"):
            cal.add_business_days_many(days[:1], 10**30)

    def test_datetimes_nat_and_other_values_are_refused(self) -> None:
        cal = WorkCalendar()
        with pytest.raises(ValidationError, match=r"'dates'.*not of datetimes"):
            cal.add_business_days_many(np.array(["2026-05-04T09:00"], "datetime64[m]"), 1)
        with pytest.raises(ValidationError, match="NaT"):
            cal.roll_many(np.array(["NaT"], "datetime64[D]"), "following")
        with pytest.raises(ValidationError, match="'starts'"):
            cal.business_days_between_many([dt.datetime(2026, 5, 4, 9)], [dt.date(2026, 5, 5)])
        with pytest.raises(ValidationError, match="'dates'"):
            cal.add_business_days_many("2026-05-04", 1)
        with pytest.raises(ValidationError, match="'n'"):
            cal.add_business_days_many([dt.date(2026, 5, 4)], 1.5)
        with pytest.raises(ValidationError, match="'n'"):
            cal.add_business_days_many([dt.date(2026, 5, 4)], np.array([1.0]))
        with pytest.raises(ValidationError, match="'n'"):
            cal.add_business_days_many([dt.date(2026, 5, 4)], [True])
        with pytest.raises(ValidationError, match="'convention'"):
            cal.roll_many([pendulum.date(2026, 5, 4)], "nearest")  # type: ignore[arg-type]

    def test_without_numpy_the_error_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_import = importlib.import_module

        def no_numpy(name: str, *args: Any) -> Any:
            if name == "numpy":
                raise ModuleNotFoundError("No module named 'numpy'")
            return real_import(name, *args)

        monkeypatch.setattr(_optional.importlib, "import_module", no_numpy)
        with pytest.raises(MissingDependencyError, match=r"accountexec\[arrays\]") as info:
            WorkCalendar().add_business_days_many([dt.date(2026, 5, 4)], 1)
        assert isinstance(info.value, AccountExecError)
        assert isinstance(info.value, ImportError)
        assert info.value.package == "numpy"
        assert "WorkCalendar.add_business_days_many" in str(info.value)


def outcome(call: Any) -> object:
    """The answer as text, or the refusal's class and message."""
    try:
        result = call()
    except (CalendarError, ValidationError) as exc:
        return (type(exc).__name__, str(exc))
    if isinstance(result, np.ndarray):
        return [str(x) for x in result.tolist()]
    return [str(result)]


def first_outcome(outcomes: list[object]) -> object:
    """The batch's expected outcome: the first refusal, or all the answers together."""
    for one in outcomes:
        if isinstance(one, tuple):
            return one
    return [x for one in outcomes for x in one]  # type: ignore[attr-defined]


def built(calendar: tuple[list[dt.date], tuple[int, int] | None]) -> WorkCalendar:
    holidays, covered_years = calendar
    return WorkCalendar(holidays=holidays, covered_years=covered_years)


def window(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# Calendars whose holidays sit mid-year, at the start and at the end of the covered years, and one
# without holidays: each date of the windows, alone and all together, against the scalar methods.
# Each test builds its calendar (a calendar keeps its numpy tables once built).
AROUND_THE_HOLIDAYS = [
    # Thursday 16 July: the day-by-day tables end two weeks and a day after it, before Saturday 1
    # August; the window also crosses the ends of May, July and August
    (([dt.date(2026, 7, 16)], None), dt.date(2026, 5, 20), dt.date(2026, 9, 10)),
    (([dt.date(2026, 12, 25)], (2026, 2026)), dt.date(2026, 11, 20), dt.date(2027, 1, 2)),
    (
        ([dt.date(2026, 1, 1), dt.date(2026, 1, 2)], (2026, 2027)),
        dt.date(2025, 12, 30),
        dt.date(2026, 2, 10),
    ),
    (([], (2026, 2026)), dt.date(2026, 12, 20), dt.date(2027, 1, 2)),
    (([], (2026, 2026)), dt.date(2025, 12, 30), dt.date(2026, 1, 12)),
]


@pytest.mark.parametrize(("calendar", "first", "last"), AROUND_THE_HOLIDAYS)
class TestDayByDayAroundTheHolidays:
    """Dates inside, at the edges of and beyond the tabulated span and the covered years."""

    @pytest.mark.parametrize("n", [-3, -1, 0, 1, 3])
    def test_add_business_days_many(
        self, calendar: Any, first: dt.date, last: dt.date, n: int
    ) -> None:
        cal = built(calendar)
        days = window(first, last)
        alone = [outcome(lambda d=d: cal.add_business_days(d, n)) for d in days]
        for d, expected in zip(days, alone, strict=True):
            assert outcome(lambda d=d: cal.add_business_days_many([d], n)) == expected, d
        assert outcome(lambda: cal.add_business_days_many(as_array(days), n)) == first_outcome(
            alone
        )

    @pytest.mark.parametrize("convention", ROLLS)
    def test_roll_many(self, calendar: Any, first: dt.date, last: dt.date, convention: Any) -> None:
        cal = built(calendar)
        days = window(first, last)
        alone = [outcome(lambda d=d: cal.roll(d, convention)) for d in days]
        for d, expected in zip(days, alone, strict=True):
            assert outcome(lambda d=d: cal.roll_many([d], convention)) == expected, d
        assert outcome(lambda: cal.roll_many(days, convention)) == first_outcome(alone)

    def test_business_days_between_many(self, calendar: Any, first: dt.date, last: dt.date) -> None:
        cal = built(calendar)
        days = window(first, last)
        pairs = [(a, b) for a in days for b in (a, a + dt.timedelta(days=1), a - dt.timedelta(3))]
        for a, b in pairs:
            expected = outcome(lambda a=a, b=b: cal.business_days_between(a, b))
            got = outcome(lambda a=a, b=b: cal.business_days_between_many([a], as_array([b])))
            assert got == expected, (a, b)


class TestWhatGoesIn:
    """Dates and shifts of every kind the batch methods take, and exactly how others are refused."""

    def test_dates_as_an_object_array_a_scalar_or_a_list(self) -> None:
        cal = WorkCalendar()
        friday = dt.date(2026, 5, 15)
        objects = np.array([friday, pendulum.date(2026, 5, 16)], dtype=object)
        assert cal.add_business_days_many(objects, 1).tolist() == [
            dt.date(2026, 5, 18),
            dt.date(2026, 5, 19),
        ]
        one = cal.add_business_days_many(np.datetime64("2026-05-15"), 1)
        assert one.shape == ()
        assert one == np.datetime64("2026-05-18")
        assert cal.roll_many((friday, dt.date(2026, 5, 17)), "preceding").tolist() == [friday] * 2

    @pytest.mark.parametrize(
        "n",
        [
            2,
            np.int8(2),
            np.uint8(2),
            np.array([2], dtype=np.int16),
            np.array([2], dtype=np.uint8),
            np.array([2], dtype=np.uint16),
            np.array([2], dtype=np.uint64),
            np.array([2], dtype=object),
            [2],
            (2,),
        ],
    )
    def test_shifts_of_any_integer_kind(self, n: Any) -> None:
        got = WorkCalendar().add_business_days_many([dt.date(2026, 5, 15)], n)
        assert got.tolist() == [dt.date(2026, 5, 19)]

    def test_negative_shifts_in_an_object_array(self) -> None:
        shifts = np.array([-1, -6], dtype=object)
        days = [dt.date(2026, 5, 16)] * 2
        assert WorkCalendar().add_business_days_many(days, shifts).tolist() == [
            dt.date(2026, 5, 14),
            dt.date(2026, 5, 7),
        ]

    @pytest.mark.parametrize(
        "n",
        [
            np.array([np.iinfo(np.uint64).max], dtype=np.uint64),
            np.array([np.iinfo(np.int64).max]),
            np.array([np.iinfo(np.int64).min]),
            10**30,
            -(10**30),
        ],
    )
    def test_shifts_beyond_the_dates_python_holds_are_the_scalar_refusal(self, n: Any) -> None:
        cal = WorkCalendar()
        with pytest.raises(CalendarError) as info:
            cal.add_business_days_many([dt.date(2026, 5, 15)], n)
        assert str(info.value) == (
            "business-day arithmetic left the range of dates Python can represent"
        )

    @pytest.mark.parametrize(
        "n",
        [
            # on a Mondays-only calendar, 7 days times these shifts overflows int64 and wraps
            # round to Saturday 6 June and Wednesday 3 June 2026: they must still be refused
            2_635_249_153_387_078_807,
            -2_635_249_153_387_078_798,
        ],
    )
    def test_huge_int64_shifts_never_wrap_round_to_a_date(self, n: int) -> None:
        cal = WorkCalendar(weekmask="1000000")
        monday = dt.date(2026, 5, 4)
        with pytest.raises(CalendarError, match="left the range of dates"):
            cal.add_business_days(monday, n)
        with pytest.raises(CalendarError, match="left the range of dates"):
            cal.add_business_days_many([monday], np.array([n], dtype=np.int64))

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda cal: cal.add_business_days_many(np.array([1, 2]), 1),
                "invalid 'dates': '<i8'; expected a datetime64[D] array or dates",
            ),
            (
                lambda cal: cal.roll_many(
                    np.array(["2026-05-04T09"], "datetime64[h]"), "following"
                ),
                (
                    "invalid 'dates': '<M8[h]'; expected a datetime64[D] array of dates, not of "
                    "datetimes (use .astype('datetime64[D]'))"
                ),
            ),
            (
                lambda cal: cal.add_business_days_many(np.array(["NaT"], "datetime64[D]"), 1),
                "invalid 'dates': 'NaT'; expected dates, not NaT (not-a-time)",
            ),
            (
                lambda cal: cal.add_business_days_many("2026-05-04", 1),
                (
                    "invalid 'dates': '2026-05-04'; expected a datetime64[D] array or a sequence "
                    "of dates"
                ),
            ),
            (
                lambda cal: cal.roll_many(dt.date(2026, 5, 4), "following"),
                (
                    "invalid 'dates': datetime.date(2026, 5, 4); expected a datetime64[D] array "
                    "or a sequence of dates"
                ),
            ),
            (
                lambda cal: cal.roll_many(["2026-05-04"], "following"),
                "invalid 'dates': '2026-05-04'; expected a date",
            ),
            (
                lambda cal: cal.business_days_between_many(
                    [dt.date(2026, 5, 4)], [dt.datetime(2026, 5, 5)]
                ),
                (
                    "invalid 'ends': datetime.datetime(2026, 5, 5, 0, 0); expected a date, not "
                    "a datetime (take .date() first if that is what you mean)"
                ),
            ),
            (
                lambda cal: cal.business_days_between_many(20260504, [dt.date(2026, 5, 5)]),
                "invalid 'starts': 20260504; expected a datetime64[D] array or a sequence of dates",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], np.array([1.0])),
                "invalid 'n': '<f8'; expected whole numbers of business days",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], np.array([True])),
                "invalid 'n': '|b1'; expected whole numbers of business days",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], [True]),
                "invalid 'n': True; expected a whole number of business days",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], [1.5]),
                "invalid 'n': 1.5; expected a whole number of business days",
            ),
            (
                lambda cal: cal.add_business_days_many(
                    [dt.date(2026, 5, 4)], np.array([2.5], dtype=object)
                ),
                "invalid 'n': 2.5; expected a whole number of business days",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], 1.5),
                "invalid 'n': 1.5; expected an int or a sequence of ints",
            ),
            (
                lambda cal: cal.add_business_days_many([dt.date(2026, 5, 4)], "12"),
                "invalid 'n': '12'; expected an int or a sequence of ints",
            ),
            (
                lambda cal: cal.roll_many([dt.date(2026, 5, 4)], "nearest"),
                (
                    "invalid 'convention': 'nearest'; expected 'following', "
                    "'modified_following', 'modified_preceding', 'preceding'"
                ),
            ),
        ],
    )
    def test_the_refusal_message(self, call: Any, message: str) -> None:
        with pytest.raises(ValidationError) as info:
            call(WorkCalendar())
        assert str(info.value) == message

    def test_a_refusal_names_the_first_date_outside_the_covered_years(self) -> None:
        cal = WorkCalendar(covered_years=(2026, 2026))
        days = [dt.date(2026, 6, 1), dt.date(2027, 1, 4), dt.date(2025, 12, 1)]
        with pytest.raises(CalendarError) as info:
            cal.roll_many(days, "following")
        assert str(info.value) == (
            "date 2027-01-04 is outside the years this calendar covers (2026 to 2026); "
            "build it with years=(first, last) to cover it"
        )


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("add_business_days_many", lambda cal: cal.add_business_days_many([], 1)),
        ("business_days_between_many", lambda cal: cal.business_days_between_many([], [])),
        ("roll_many", lambda cal: cal.roll_many([], "following")),
    ],
)
def test_without_numpy_each_method_names_itself(
    monkeypatch: pytest.MonkeyPatch, method: str, call: Any
) -> None:
    real_import = importlib.import_module

    def no_numpy(name: str, *args: Any) -> Any:
        if name == "numpy":
            raise ModuleNotFoundError("No module named 'numpy'")
        return real_import(name, *args)

    monkeypatch.setattr(_optional.importlib, "import_module", no_numpy)
    with pytest.raises(MissingDependencyError) as info:
        call(WorkCalendar())
    assert str(info.value) == (
        f"WorkCalendar.{method} needs 'numpy', which is not installed; install it with the "
        "'arrays' extra: pip install \"accountexec[arrays]\""
    )
