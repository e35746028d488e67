"""Memory per issued invoice against a tuple-based floor.

Run: ``python benchmarks/invoice_memory_bench.py`` (a few seconds). 2,000 invoices of 5 lines with
19 % VAT and 3 installments are built and issued, each line with its own description and amounts;
``tracemalloc`` measures what they hold once built (inputs included: lines, prices, taxes). The
floor holds the same facts as plain tuples: per invoice a tuple of number, client, currency code,
issue date, a tuple of line tuples (description, quantity, price, net, tax, gross as ``Decimal``),
the totals, a tuple of (due date, amount) installments and one (event, source, target, at) change.
Goal: at most 1.5× the floor.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import tracemalloc
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pendulum

sys.path.insert(0, str(Path(__file__).parent))

from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms, Tax
from accountexec.money import Money, Rate

N = 2_000
AT = pendulum.datetime(2026, 1, 31, 17, tz="Europe/Berlin")
CENT = Decimal("0.01")


def ours(i: int, vat: Tax, terms: PaymentTerms) -> Invoice:
    lines = [
        InvoiceLine(f"Item {i}-{k}", f"{k + 1}", Money(f"{100 + i % 50 + k}.50", "EUR"), [vat])
        for k in range(5)
    ]
    draft = Invoice(f"INV-{i:06d}", f"client-{i % 40}", "EUR", pendulum.date(2026, 1, 31),
                    lines, terms)  # fmt: skip
    return draft.issue(at=AT)


def floor(i: int, rate: Decimal, issued_on: dt.date, at: dt.datetime) -> tuple[Any, ...]:
    lines = []
    subtotal = tax_total = Decimal(0)
    for k in range(5):
        quantity, price = Decimal(k + 1), Decimal(f"{100 + i % 50 + k}.50")
        net = (quantity * price).quantize(CENT, ROUND_HALF_UP)
        tax = (net * rate).quantize(CENT, ROUND_HALF_UP)
        lines.append((f"Item {i}-{k}", quantity, price, net, tax, net + tax))
        subtotal += net
        tax_total += tax
    total = subtotal + tax_total
    third = (total / 3).quantize(CENT, ROUND_HALF_UP)
    installments = tuple(
        (issued_on + dt.timedelta(days=30 * k), third if k < 3 else total - 2 * third)
        for k in (1, 2, 3)
    )
    history = (("issue", "draft", "issued", at),)
    return (f"INV-{i:06d}", f"client-{i % 40}", "EUR", issued_on, tuple(lines), subtotal,
            tax_total, total, installments, "issued", history)  # fmt: skip


def bytes_each(build: Callable[[int], object]) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [build(i) for i in range(N)]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(kept) == N
    return (after - before) / N


def main() -> None:
    vat, terms = Tax("VAT", Rate.percent(19)), PaymentTerms.installments(3)
    rate, issued_on = Decimal("0.19"), dt.date(2026, 1, 31)
    ours(0, vat, terms), floor(0, rate, issued_on, AT)  # warm caches (currencies, months)
    a = bytes_each(lambda i: ours(i, vat, terms))
    b = bytes_each(lambda i: floor(i, rate, issued_on, AT))
    verdict = "met" if a / b <= 1.5 else "not met"
    print(
        "| what | accountexec bytes | floor bytes | ratio | goal | |\n|---|---:|---:|---:|---:|---|"
    )
    print(f"| memory per issued invoice (5 lines, 3 installments) | {a:,.0f} | {b:,.0f} | "
          f"{a / b:.2f} | <= 1.5 | {verdict} |")  # fmt: skip


if __name__ == "__main__":
    main()
