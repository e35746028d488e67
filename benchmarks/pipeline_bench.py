"""Benchmark the pipeline forecast against a hand-written loop over tuples (the pure-Python floor).

Run: ``python -m pip install -e ".[test,bench]"`` then ``python benchmarks/pipeline_bench.py``
(``--quick`` for 100,000 rows instead of 1,000,000). Takes about two minutes and ~2 GiB of memory.

The data: N opportunities in 3 currencies (EUR, USD, GBP), closing over the 12 months of 2026, in
the 8 non-lost stages of the Salesforce-like preset (won included), amounts from 100.00 to 99,999.99
with one Money (and one Decimal) per row, a manual probability on one row in ten, ids and account
ids as fresh strings; the dates come from a pool of 2026's days, as a CSV reader's cache would give.

Rows of the table (microseconds per opportunity, best of 5 runs; ratio = ours / floor):

- ``construct``: ``Opportunity(...)`` (validated) against a plain 6-tuple of the same values.
- ``forecast``: ``forecast(opps, group_by=("month", "stage"), currency="EUR", rates=...)``
  against the floor: a loop over the tuples, a dict keyed by (year, month, stage, currency) of
  [count, amount, weighted, closed-won] Decimal sums under ``localcontext(DECIMAL_CONTEXT)``, then
  the same conversion and rounding of the few hundred cells.
- ``forecast, 4 chunks``: ``summarise`` on four quarters of the list, the summaries added, then
  ``to_forecast``; floor: the same loop on the four chunks, the dicts merged.
- ``pandas groupby`` (informational, when pandas is installed): a DataFrame of the same tuples with
  Decimal objects, ``groupby([...]).sum()`` of amount and weighted (no conversion).

Then the peak memory per opportunity (tracemalloc, building 100,000 opportunities and their data),
and the growth of time from N to 2N rows (1.0 is linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate
from accountexec.pipeline import Opportunity, Pipeline, PipelineSummary, forecast, summarise

try:
    import pandas as pd
except ImportError:  # pandas is in the bench extra; the script runs without it
    pd = None

PIPELINE = Pipeline.salesforce_like()
STAGES = [s for s in PIPELINE.stages if not s.is_lost][-8:]  # 7 open + won
CURRENCIES = ("EUR", "USD", "GBP")
DAYS = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]
CREATED = dt.date(2025, 12, 1)
AS_OF = dt.date(2026, 1, 1)
FX = ExchangeRates(base="EUR", rates={"USD": "1.0825", "GBP": "0.8450"}, as_of=AS_OF)
BY = ("month", "stage")

Row = tuple[dt.date, str, str, Decimal, Decimal, bool]


def make_inputs(n: int, seed: int = 2026) -> list[tuple[Any, ...]]:
    """The raw values of each row, as a reader would hand them over (amounts as text)."""
    rnd = random.Random(seed)
    days = [__import__("pendulum").Date(d.year, d.month, d.day) for d in DAYS]
    out = []
    for i in range(n):
        cents = rnd.randrange(10_000, 10_000_000)
        manual = f"0.{rnd.randrange(1, 99):02d}" if i % 10 == 0 else None
        out.append(
            (
                f"O-{i}",
                f"A-{i % 5000}",
                f"{cents // 100}.{cents % 100:02d}",
                CURRENCIES[i % 3],
                STAGES[rnd.randrange(8)].name,
                days[rnd.randrange(365)],
                manual,
            )
        )
    return out


def build_opportunities(inputs: Sequence[tuple[Any, ...]]) -> list[Opportunity]:
    currencies = {c: Currency(c) for c in CURRENCIES}
    rates: dict[str | None, Rate | None] = {None: None}
    opps = []
    for oid, account, amount, code, stage, close_on, manual in inputs:
        if manual not in rates:
            rates[manual] = Rate(manual)
        opps.append(
            Opportunity(
                id=oid,
                account_id=account,
                name="deal",
                amount=Money(amount, currencies[code]),
                stage=stage,
                close_on=close_on,
                owner="ana",
                created_on=CREATED,
                probability=rates[manual],
                pipeline=PIPELINE,
            )
        )
    return opps


def build_rows(inputs: Sequence[tuple[Any, ...]]) -> list[Row]:
    """The floor's data: plain tuples with the probability already resolved."""
    by_name = {s.name: s for s in STAGES}
    rows = []
    for _oid, _account, amount, code, stage, close_on, manual in inputs:
        info = by_name[stage]
        if info.is_won:
            p = Decimal(1)
        else:
            p = Decimal(manual) if manual is not None else info.probability.value
        rows.append((close_on, stage, code, Decimal(amount), p, info.is_won))
    return rows


def floor_sums(rows: Sequence[Row]) -> dict[tuple[Any, ...], list[Any]]:
    acc: dict[tuple[Any, ...], list[Any]] = {}
    get = acc.get
    zero = Decimal(0)
    with decimal.localcontext(DECIMAL_CONTEXT):
        for close_on, stage, code, amount, p, won in rows:
            key = (close_on.year, close_on.month, stage, code)
            slot = get(key)
            if slot is None:
                acc[key] = slot = [0, zero, zero, zero]
            slot[0] += 1
            slot[1] += amount
            slot[2] += amount * p
            if won:
                slot[3] += amount
    return acc


def floor_readout(acc: dict[tuple[Any, ...], list[Any]]) -> dict[tuple[Any, ...], list[Any]]:
    factors = {c: FX.rate(c, "EUR") for c in CURRENCIES}
    cells: dict[tuple[Any, ...], list[Any]] = {}
    quantum = Decimal("0.01")
    with decimal.localcontext(DECIMAL_CONTEXT) as ctx:
        for (year, month, stage, code), (count, amount, weighted, won) in acc.items():
            f = factors[code]
            slot = cells.setdefault((year, month, stage), [0, Decimal(0), Decimal(0), Decimal(0)])
            slot[0] += count
            slot[1] += amount * f
            slot[2] += weighted * f
            slot[3] += won * f
        for slot in cells.values():
            slot[1:] = [
                v.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=ctx) for v in slot[1:]
            ]
    return cells


def floor_forecast(rows: Sequence[Row]) -> dict[tuple[Any, ...], list[Any]]:
    return floor_readout(floor_sums(rows))


def floor_chunks(rows: Sequence[Row]) -> dict[tuple[Any, ...], list[Any]]:
    size = -(-len(rows) // 4)
    merged: dict[tuple[Any, ...], list[Any]] = {}
    with decimal.localcontext(DECIMAL_CONTEXT):
        for start in range(0, len(rows), size):
            for key, part in floor_sums(rows[start : start + size]).items():
                slot = merged.get(key)
                if slot is None:
                    merged[key] = part
                else:
                    slot[:] = [a + b for a, b in zip(slot, part, strict=True)]
    return floor_readout(merged)


def ours_forecast(opps: Sequence[Opportunity]) -> object:
    return forecast(opps, as_of=AS_OF, group_by=BY, currency="EUR", rates=FX)


def ours_chunks(opps: Sequence[Opportunity]) -> object:
    size = -(-len(opps) // 4)
    parts = [
        summarise(opps[i : i + size], as_of=AS_OF, group_by=BY) for i in range(0, len(opps), size)
    ]
    return sum(parts, PipelineSummary.empty()).to_forecast(currency="EUR", rates=FX)


def pandas_groupby(rows: Sequence[Row]) -> object:
    frame = pd.DataFrame(rows, columns=["close_on", "stage", "currency", "amount", "p", "won"])
    frame["month"] = [d.month for d in frame["close_on"]]
    with decimal.localcontext(DECIMAL_CONTEXT):
        frame["weighted"] = frame["amount"] * frame["p"]
        return frame.groupby(["month", "stage", "currency"])[["amount", "weighted"]].sum()


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def check_same(opps: Sequence[Opportunity], rows: Sequence[Row]) -> None:
    """Both sides must compute the same figures, or the timing means nothing."""
    ours = ours_forecast(opps)
    floor = floor_forecast(rows)
    for (year, month, stage), (count, amount, weighted, won) in floor.items():
        cell = ours.cells[(f"{year:04d}-{month:02d}", stage)]  # type: ignore[attr-defined]
        assert (cell.count, cell.amount.amount, cell.weighted_amount.amount) == (
            count,
            amount,
            weighted,
        ), (year, month, stage)
        assert cell.closed_won_amount.amount == won
    assert len(ours.cells) == len(floor)  # type: ignore[attr-defined]


def peak_bytes_per_opportunity(n: int) -> tuple[float, float]:
    inputs = make_inputs(n)
    gc.collect()
    tracemalloc.start()
    opps = build_opportunities(inputs)
    _, peak_ours = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del opps
    gc.collect()
    tracemalloc.start()
    rows = build_rows(inputs)
    _, peak_floor = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del rows
    return peak_ours / n, peak_floor / n


def measure(n: int) -> dict[str, tuple[float, float]]:
    inputs = make_inputs(n)
    start = time.perf_counter()
    opps = build_opportunities(inputs)
    construct = time.perf_counter() - start
    start = time.perf_counter()
    rows = build_rows(inputs)
    construct_floor = time.perf_counter() - start
    check_same(opps, rows)
    results = {
        "construct": (construct, construct_floor),
        "forecast": (best(lambda: ours_forecast(opps)), best(lambda: floor_forecast(rows))),
        "forecast, 4 chunks": (best(lambda: ours_chunks(opps)), best(lambda: floor_chunks(rows))),
    }
    if pd is not None and n <= 1_000_000:
        results["pandas groupby"] = (best(lambda: pandas_groupby(rows), repeat=1), 0.0)
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows instead of 1,000,000")
    args = parser.parse_args(argv)
    n = 100_000 if args.quick else 1_000_000
    print(f"Python {sys.version.split()[0]}, {n:,} opportunities, by month x stage, 3 currencies")
    first = measure(n)
    second = measure(2 * n)
    floor_forecast_us = first["forecast"][1] / n * 1e6
    print()
    print(
        f"| {'operation':<20} | {'accountexec µs/opp':>18} | {'floor µs/opp':>12} | {'ratio':>6} |"
    )
    print(f"|{'-' * 22}|{'-' * 20}:|{'-' * 14}:|{'-' * 7}:|")
    for name, (ours, floor) in first.items():
        if name == "pandas groupby":
            pandas_us = ours / n * 1e6
            ratio = pandas_us / floor_forecast_us
            print(
                f"| {name:<20} | {pandas_us:>18.3f} | {floor_forecast_us:>12.3f} | {ratio:>6.2f} |"
            )
            continue
        print(
            f"| {name:<20} | {ours / n * 1e6:>18.3f} | {floor / n * 1e6:>12.3f} |"
            f" {ours / floor:>6.2f} |"
        )
    print()
    print(f"| growth {n:,} -> {2 * n:,} rows (time ratio / 2) | accountexec | floor |")
    print("|---|---:|---:|")
    for name in ("construct", "forecast", "forecast, 4 chunks"):
        (a1, f1), (a2, f2) = first[name], second[name]
        print(f"| {name} | {a2 / a1 / 2:.2f} | {f2 / f1 / 2:.2f} |")
    ours_bytes, floor_bytes = peak_bytes_per_opportunity(100_000)
    print()
    print("| peak memory per opportunity (tracemalloc, 100,000 built) | bytes |")
    print("|---|---:|")
    print(f"| Opportunity (with its Money, Decimal and id strings) | {ours_bytes:,.0f} |")
    print(f"| floor tuple (with its Decimals) | {floor_bytes:,.0f} |")


if __name__ == "__main__":
    main()
