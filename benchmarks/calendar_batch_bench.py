"""Many dates at once: ``WorkCalendar.add_business_days_many`` against numpy's ``busday_offset``.

Run: ``python benchmarks/calendar_batch_bench.py`` (about ten seconds). 100,000 dates (1995 to
2050, as ``datetime64[D]``) on the England and Wales calendar; each is moved by its own shift
between -20 and 20 business days, and counted to a date 45 days later. numpy uses a
``busdaycalendar`` built once with the same weekmask and holidays (and ``roll="forward"`` for
``n >= 0``, ``"backward"`` for ``n < 0``, which is the scalar method's rule). The answers are
checked equal first. Goal: at most 2× numpy. The scalar loop (one ``add_business_days`` per date)
is shown for the record.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.calendars import WorkCalendar

N = 100_000


def main() -> None:
    cal = WorkCalendar.for_country("GB", subdivision="ENG", years=(1990, 2060))
    holidays = np.array([d.isoformat() for d in cal.holidays], dtype="datetime64[D]")
    numpy_cal = np.busdaycalendar(weekmask=cal.weekmask, holidays=holidays)
    rng = np.random.default_rng(17)
    days = np.datetime64("1995-01-01") + rng.integers(0, 20_000, N)
    shifts = rng.integers(-20, 21, N)
    ends = days + 45
    forward = shifts >= 0

    def numpy_offset() -> np.ndarray:
        out = np.busday_offset(days, shifts, roll="forward", busdaycal=numpy_cal)
        back = np.busday_offset(days[~forward], shifts[~forward], roll="backward",
                                busdaycal=numpy_cal)  # fmt: skip
        out[~forward] = back
        return out

    assert (cal.add_business_days_many(days, shifts) == numpy_offset()).all()
    counts = np.busday_count(days, ends, busdaycal=numpy_cal)
    assert (cal.business_days_between_many(days, ends) == counts).all()
    rolled = np.busday_offset(days, 0, roll="modifiedfollowing", busdaycal=numpy_cal)
    assert (cal.roll_many(days, "modified_following") == rolled).all()

    ours, peer = interleaved_us(
        lambda: cal.add_business_days_many(days, shifts), numpy_offset, number=3, rounds=5
    )
    ours_count, peer_count = interleaved_us(
        lambda: cal.business_days_between_many(days, ends),
        lambda: np.busday_count(days, ends, busdaycal=numpy_cal),
        number=3,
        rounds=5,
    )
    ours_roll, peer_roll = interleaved_us(
        lambda: cal.roll_many(days, "modified_following"),
        lambda: np.busday_offset(days, 0, roll="modifiedfollowing", busdaycal=numpy_cal),
        number=3,
        rounds=5,
    )
    python_dates = [dt.date.fromisoformat(str(d)) for d in days[:10_000]]
    loop, _ = interleaved_us(
        lambda: [cal.add_business_days(d, 5) for d in python_dates], lambda: None,
        number=1, rounds=3,
    )  # fmt: skip
    print(HEADER)
    print(row(f"add_business_days_many, {N:,} dates", ours, peer, 2))
    print(row(f"business_days_between_many, {N:,} pairs", ours_count, peer_count, 2))
    print(row(f"roll_many modified_following, {N:,} dates", ours_roll, peer_roll, 2))
    print(f"\nfor the record: a Python loop of add_business_days, {loop * 10:,.0f} µs per {N:,}")


if __name__ == "__main__":
    main()
