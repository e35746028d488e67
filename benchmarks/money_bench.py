"""Benchmark accountexec.money against py-moneyed (``moneyed``) and ``prices``.

Run: ``python -m pip install -e ".[test,bench]"`` then ``python benchmarks/money_bench.py``.
Prints one row per operation: microseconds per call for each library and the ratio
accountexec / peer (below 1.0 means accountexec is faster). Takes well under a minute.

What is compared:
- ``Money + Money``: the same operation in all three libraries.
- ``Money * Rate``: accountexec multiplies by a ``Rate``; neither peer has a rate type, so they
  multiply by the closest equivalent, a ``Decimal("0.15")``.
- ``allocate 70/20/10``: no peer allocates by ratios; the reference is a naive hand-written
  largest-remainder allocation over Decimals (below), which is what a user of either peer writes.
- ``format de_DE``: py-moneyed's ``moneyed.l10n.format_money``; ``prices`` has no formatting, so its
  column is babel's ``format_currency`` called directly (with ``Locale.parse`` each time, as a
  caller without a cache does).
- ``Money(str, code)``: construction with validation, for the record.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

import babel.numbers
import moneyed
import prices
from moneyed.l10n import format_money

from accountexec.money import Money, Rate

NUMBER = 20_000
REPEAT = 5


def naive_allocate(amount: Decimal, ratios: list[int], places: int = 2) -> list[Decimal]:
    """Largest remainder over Decimals, as a user of py-moneyed or prices writes it."""
    quantum = Decimal(1).scaleb(-places)
    total = sum(ratios)
    shares = [amount * r / total for r in ratios]
    floors = [s.quantize(quantum, rounding=ROUND_FLOOR) for s in shares]
    leftover = int((amount - sum(floors)) / quantum)
    order = sorted(range(len(ratios)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += quantum
    return floors


def best_us(fn: Callable[[], object], number: int = NUMBER) -> float:
    """Best of REPEAT runs, in microseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=REPEAT)) / number * 1e6


def interleaved_us(*fns: Callable[[], object], number: int = NUMBER) -> list[float]:
    """Best of REPEAT rounds for each function, the functions taking turns within each round.

    Taking turns spreads the load of a shared machine over every library alike, so the ratios
    hold even when the absolute times move.
    """
    best = [float("inf")] * len(fns)
    for _ in range(REPEAT):
        for i, fn in enumerate(fns):
            best[i] = min(best[i], timeit.timeit(fn, number=number) / number * 1e6)
    return best


def main() -> int:
    ae_a, ae_b = Money("1234.56", "EUR"), Money("78.90", "EUR")
    mo_a = moneyed.Money(Decimal("1234.56"), "EUR")
    mo_b = moneyed.Money(Decimal("78.90"), "EUR")
    pr_a, pr_b = prices.Money(Decimal("1234.56"), "EUR"), prices.Money(Decimal("78.90"), "EUR")
    rate, fraction = Rate("0.15"), Decimal("0.15")
    hundred = Money("100.00", "EUR")

    assert ae_a + ae_b == Money("1313.46", "EUR")
    assert naive_allocate(Decimal("100.00"), [70, 20, 10]) == [
        p.amount for p in hundred.allocate([70, 20, 10])
    ]
    assert naive_allocate(Decimal("100.00"), [1, 1, 1]) == [p.amount for p in hundred.split(3)]
    assert ae_a.format("de_DE") == format_money(mo_a, locale="de_DE")

    rows: list[tuple[str, float, float | None, float | None, str]] = []
    ours, theirs_moneyed, theirs_prices = interleaved_us(
        lambda: ae_a + ae_b, lambda: mo_a + mo_b, lambda: pr_a + pr_b
    )
    rows.append(("Money + Money", ours, theirs_moneyed, theirs_prices, ""))
    ours, theirs_moneyed, theirs_prices = interleaved_us(
        lambda: ae_a * rate, lambda: mo_a * fraction, lambda: pr_a * fraction
    )
    rows.append(("Money * Rate", ours, theirs_moneyed, theirs_prices, "peers: * Decimal('0.15')"))
    naive = best_us(lambda: naive_allocate(Decimal("100.00"), [70, 20, 10]), NUMBER // 4)
    rows.append(
        (
            "allocate 70/20/10",
            best_us(lambda: hundred.allocate([70, 20, 10]), NUMBER // 4),
            naive,
            naive,
            "peers: naive largest remainder",
        )
    )
    rows.append(
        (
            "format de_DE",
            best_us(lambda: ae_a.format("de_DE"), NUMBER // 10),
            best_us(lambda: format_money(mo_a, locale="de_DE"), NUMBER // 10),
            best_us(
                lambda: babel.numbers.format_currency(pr_a.amount, "EUR", locale="de_DE"),
                NUMBER // 10,
            ),
            "prices: babel directly",
        )
    )
    rows.append(
        (
            "Money(str, code)",
            best_us(lambda: Money("1234.56", "EUR")),
            best_us(lambda: moneyed.Money("1234.56", "EUR")),
            best_us(lambda: prices.Money("1234.56", "EUR")),
            "validated construction",
        )
    )

    header = (
        "| operation | accountexec µs | py-moneyed µs | prices µs "
        "| × py-moneyed | × prices | note |"
    )
    print(
        f"Python {sys.version.split()[0]}; best of {REPEAT} runs (the + and * rows interleaved); "
        "ratio = accountexec / peer"
    )
    print()
    print(header)
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, ours, moneyed_us, prices_us, note in rows:
        print(
            f"| {name} | {ours:.3f} | {moneyed_us:.3f} | {prices_us:.3f} "
            f"| {ours / moneyed_us:.2f} | {ours / prices_us:.2f} | {note} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
