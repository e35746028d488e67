"""Shared timing for the benchmarks: peers measured in turns, in the same run, medians."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def interleaved_us(*fns: Callable[[], object], number: int, rounds: int = 7) -> list[float]:
    """Median over ``rounds`` of the microseconds per call of each function, taking turns.

    Within each round every function runs ``number`` times, one after the other, so the load of
    a shared machine falls on all of them alike and their ratio holds when absolute times move.
    """
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for fn, bucket in zip(fns, samples, strict=True):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            bucket.append((time.perf_counter() - start) / number * 1e6)
    return [statistics.median(bucket) for bucket in samples]


def row(label: str, ours: float, peer: float, goal: float) -> str:
    """One line of a result table: both times, the ratio and whether it meets the goal."""
    ratio = ours / peer
    verdict = "met" if ratio <= goal else "not met"
    return f"| {label} | {ours:,.2f} | {peer:,.2f} | {ratio:.2f} | <= {goal:g} | {verdict} |"


HEADER = "| what | accountexec µs | peer µs | ratio | goal | |\n|---|---:|---:|---:|---:|---|"
