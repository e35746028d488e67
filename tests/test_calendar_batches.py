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


ENGLAND = WorkCalendar.for_country("GB", subdivision="ENG", years=(1990, 2060))
INSIDE = st.dates(dt.date(1991, 1, 1), dt.date(2059, 12, 1))


class TestInsideTheTabulatedSpan:
    """Dates among the holidays are answered from the day-by-day tables: the same answers."""

    @given(st.lists(st.tuples(INSIDE, st.integers(-60, 60)), min_size=1, max_size=40))
    def test_add_business_days_many(self, pairs: list[tuple[dt.date, int]]) -> None:
        got = ENGLAND.add_business_days_many([d for d, _ in pairs], [n for _, n in pairs])
        assert [str(x) for x in got] == [
            ENGLAND.add_business_days(d, n).isoformat() for d, n in pairs
        ]

    @given(st.lists(st.tuples(INSIDE, INSIDE), min_size=1, max_size=40))
    def test_business_days_between_many(self, pairs: list[tuple[dt.date, dt.date]]) -> None:
        got = ENGLAND.business_days_between_many([a for a, _ in pairs], [b for _, b in pairs])
        assert got.tolist() == [ENGLAND.business_days_between(a, b) for a, b in pairs]

    @given(st.lists(INSIDE, min_size=1, max_size=40), st.sampled_from(ROLLS))
    def test_roll_many(self, days: list[dt.date], convention: Any) -> None:
        got = ENGLAND.roll_many(days, convention)
        assert [str(x) for x in got] == [ENGLAND.roll(d, convention).isoformat() for d in days]


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
