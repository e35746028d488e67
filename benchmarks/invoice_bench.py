"""Build and issue an invoice (5 lines, VAT, 3 installments) against a plain-Decimal floor.

Run: ``python benchmarks/invoice_bench.py`` (a few seconds). The peer is the floor for pure
Python: the same arithmetic on plain ``Decimal`` values and ``datetime.date`` in a hand-written
loop (price each line, round half up, 19 % VAT per line, add up, split the total in three
installments, the last taking the balance, due every 30 days). accountexec builds five
``InvoiceLine`` values and the ``Invoice`` with validation, issues it (workflow, history, schedule)
and reads the total. The script checks both give the same figures first. Goal: ratio <= 3.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms, Tax
from accountexec.money import Money, Rate

PRICES = [("Strategy workshop", "8", "150.00"), ("Copywriting", "12.5", "95.00"),
          ("Design", "20", "110.00"), ("Media planning", "6", "120.00"),
          ("Reporting", "3", "89.90")]  # fmt: skip
ISSUED_ON = pendulum.date(2026, 1, 31)
AT = pendulum.datetime(2026, 1, 31, 17, tz="Europe/Berlin")
VAT = Tax("VAT", Rate.percent(19))
TERMS = PaymentTerms.installments(3)
CENT = Decimal("0.01")
RATE = Decimal("0.19")
THIRD = Decimal(1) / Decimal(3)


def ours() -> Money:
    lines = [
        InvoiceLine(description=d, quantity=q, unit_price=Money(p, "EUR"), taxes=(VAT,))
        for d, q, p in PRICES
    ]
    draft = Invoice("INV-000041", "acme", "EUR", ISSUED_ON, lines, TERMS)
    issued = draft.issue(at=AT)
    return issued.installments[-1].amount


FLOOR_PRICES = [(d, Decimal(q), Decimal(p)) for d, q, p in PRICES]


def floor() -> Decimal:
    lines = []
    subtotal = tax_total = Decimal(0)
    for description, quantity, price in FLOOR_PRICES:
        net = (quantity * price).quantize(CENT, ROUND_HALF_UP)
        tax = (net * RATE).quantize(CENT, ROUND_HALF_UP)
        lines.append((description, quantity, price, net, tax, net + tax))
        subtotal += net
        tax_total += tax
    total = subtotal + tax_total
    issued_on = dt.date(2026, 1, 31)
    remaining = total
    installments = []
    for k in range(1, 4):
        amount = (
            remaining if k == 3 else min((total * THIRD).quantize(CENT, ROUND_HALF_UP), remaining)
        )
        remaining -= amount
        installments.append((issued_on + dt.timedelta(days=30 * k), amount))
    return installments[-1][1]


def main() -> None:
    assert ours().amount == floor(), (ours(), floor())
    us, peer = interleaved_us(ours, floor, number=2_000)
    print(HEADER)
    print(row("build + issue an invoice (5 lines, VAT, 3 installments)", us, peer, 3))


if __name__ == "__main__":
    main()
