"""Benchmark WorkCalendar's business-day arithmetic against numpy, holidays and pandas.

Run: ``python -m pip install -e ".[test,bench]"`` then ``python benchmarks/calendar_bench.py``.
Prints one row per operation and ``n``: microseconds per call for each library and the ratio
accountexec / peer (below 1.0 means accountexec is faster). Takes about half a minute.

Every library answers the same question on the same calendar: England and Wales, holidays from
the ``holidays`` package for 1970-2100, Monday to Friday, one date at a time (a caller's
``datetime.date``), starting on Monday 11 May 2026.

- ``add n``: ``WorkCalendar.add_business_days(d, n)``; numpy ``busday_offset(d, n,
  roll="forward", busdaycal=...)`` with the ``busdaycalendar`` built once; ``holidays``'
  ``get_nth_working_day(d, n)``; pandas ``Timestamp(d) + CustomBusinessDay(n, ...)`` with the
  offset built once.
- ``count n``: ``business_days_between(d, e)`` where ``e`` is ``n`` business days later; numpy
  ``busday_count``; ``holidays``' ``get_working_days_count`` (which counts both ends, so its answer
  is one more); pandas has no counting function: its column is the size of a ``date_range`` with
  the custom business-day frequency, the usual idiom.
- numpy is also timed with ``numpy.datetime64`` arguments made beforehand (the "datetime64 in" row
  note), its best case: no conversion from ``datetime.date``.

workalendar is measured only when importable (it is unmaintained and not a bench dependency).
"""

from __future__ import annotations

import datetime as dt
import sys
import timeit
import warnings
from collections.abc import Callable

import holidays
import numpy as np

from accountexec.calendars import WorkCalendar

try:
    import pandas as pd
    from pandas.tseries.offsets import CustomBusinessDay
except ImportError:  # pandas is in the bench extra, but the script runs without it
    pd = None
try:
    from workalendar.europe import UnitedKingdom
except ImportError:  # unmaintained, not a bench dependency
    UnitedKingdom = None

REPEAT = 5
SIZES = (5, 250, 2500)


def best_us(fn: Callable[[], object], budget: float = 0.2) -> float:
    """Best of REPEAT runs, in microseconds per call, each run taking about ``budget`` seconds."""
    once = timeit.timeit(fn, number=1)
    number = max(1, min(50_000, int(budget / max(once, 1e-7))))
    return min(timeit.repeat(fn, number=number, repeat=REPEAT)) / number * 1e6


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}" if value < 100 else f"{value:,.0f}"


def ratio(ours: float, theirs: float | None) -> str:
    return "n/a" if theirs is None else f"{ours / theirs:.2f}"


def main() -> int:
    start = dt.date(2026, 5, 11)
    years = range(1970, 2101)
    ours = WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")
    table = holidays.country_holidays("GB", subdiv="ENG", years=years)
    dates = sorted(table)
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=dates)

    rows = []
    for n in SIZES:
        end = ours.add_business_days(start, n)
        end_date = dt.date(end.year, end.month, end.day)
        s64, e64 = np.datetime64(start), np.datetime64(end_date)
        # the answers agree before anything is timed
        assert ours.add_business_days(start, n) == np.busday_offset(
            start, n, roll="forward", busdaycal=busdaycal
        ).astype(object)
        assert table.get_nth_working_day(start, n) == end_date
        assert ours.business_days_between(start, end_date) == n
        assert np.busday_count(start, end_date, busdaycal=busdaycal) == n
        assert table.get_working_days_count(start, end_date) == n + 1

        add = {
            "accountexec": best_us(lambda n=n: ours.add_business_days(start, n)),
            "numpy": best_us(
                lambda n=n: np.busday_offset(start, n, roll="forward", busdaycal=busdaycal)
            ),
            "numpy64": best_us(
                lambda n=n, s64=s64: np.busday_offset(s64, n, roll="forward", busdaycal=busdaycal)
            ),
            "holidays": best_us(lambda n=n: table.get_nth_working_day(start, n)),
        }
        count = {
            "accountexec": best_us(lambda e=end_date: ours.business_days_between(start, e)),
            "numpy": best_us(lambda e=end_date: np.busday_count(start, e, busdaycal=busdaycal)),
            "numpy64": best_us(lambda e=e64, s64=s64: np.busday_count(s64, e, busdaycal=busdaycal)),
            "holidays": best_us(lambda e=end_date: table.get_working_days_count(start, e)),
        }
        if pd is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                offset = CustomBusinessDay(n, holidays=dates, weekmask="Mon Tue Wed Thu Fri")
                one = CustomBusinessDay(holidays=dates, weekmask="Mon Tue Wed Thu Fri")
                stamp = pd.Timestamp(start)
                assert (stamp + offset).date() == end_date
                add["pandas"] = best_us(lambda o=offset: pd.Timestamp(start) + o)
                count["pandas"] = best_us(
                    lambda e=end_date, o=one: pd.date_range(start, e, freq=o, inclusive="left").size
                )
        if UnitedKingdom is not None:
            uk = UnitedKingdom()
            add["workalendar"] = best_us(lambda n=n, uk=uk: uk.add_working_days(start, n))
            count["workalendar"] = best_us(
                lambda e=end_date, uk=uk: uk.get_working_days_delta(start, e)
            )
        rows.append(("add_business_days", n, add))
        rows.append(("business_days_between", n, count))

    peers = ["numpy", "numpy64", "holidays", "pandas", "workalendar"]
    header = {
        "numpy": "numpy µs",
        "numpy64": "numpy (datetime64 in) µs",
        "holidays": "holidays µs",
        "pandas": "pandas µs",
        "workalendar": "workalendar µs",
    }
    present = [p for p in peers if any(p in r[2] for r in rows)]
    print(
        "| operation | n | accountexec µs | "
        + " | ".join(header[p] for p in present)
        + " | "
        + " | ".join(f"× {p}" for p in present)
        + " |"
    )
    print("|---|---:|---:|" + "---:|" * (2 * len(present)))
    for name, n, timings in rows:
        mine = timings["accountexec"]
        cells = [fmt(timings.get(p)) for p in present]
        ratios = [ratio(mine, timings.get(p)) for p in present]
        print(f"| {name} | {n} | {fmt(mine)} | " + " | ".join(cells + ratios) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
