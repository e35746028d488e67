"""``Invoice.apply_payment`` against a plain-Decimal floor, and its cost as the history grows.

Run: ``python benchmarks/payment_bench.py`` (about ten seconds). The floor is what a hand-written
ledger does for one payment: compare the amount with the balance (a ``Decimal`` held as a running
sum), add it to what was paid, append a tuple to a list and pick the status. accountexec checks
the payment, records an ``AppliedPayment``, moves the status through the workflow (a
``StatusChange`` in the history) and builds the next invoice. Both are measured on an invoice that
already holds 1, 100 and 1,000 payments; the time should not grow with that number (goal: O(1)
in the history's length, and at most 5× the floor).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms
from accountexec.money import Money

AT = pendulum.datetime(2026, 2, 1, 9, tz="Europe/Berlin")
DAY = pendulum.date(2026, 2, 1)
CENT = Money("0.01", "EUR")


def invoice_with(history: int) -> Invoice:
    issued = Invoice(
        "INV-1", "acme", "EUR", pendulum.date(2026, 1, 31),
        [InvoiceLine("Retainer", 1, Money("1000000.00", "EUR"))], PaymentTerms.net(30),
    ).issue(at=AT)  # fmt: skip
    for i in range(history):
        issued = issued.apply_payment(Payment(CENT, DAY, f"P-{i}"), at=AT)
    return issued


class Floor:
    """A ledger in plain Python: total, running sum paid, a list of payments, a status string."""

    def __init__(self, history: int) -> None:
        self.total = Decimal("1000000.00")
        self.paid = Decimal("0.01") * history
        self.payments = [(Decimal("0.01"), "2026-02-01", f"P-{i}") for i in range(history)]
        self.status = "partially_paid" if history else "issued"

    def pay(self, amount: Decimal, reference: str) -> None:
        balance = self.total - self.paid
        if amount > balance:
            raise ValueError("overpaid")
        self.paid += amount
        self.payments.append((amount, "2026-02-01", reference))
        self.status = "paid" if self.paid == self.total else "partially_paid"
        self.payments.pop()  # keep the history's length fixed between runs
        self.paid -= amount


def main() -> None:
    payment = Payment(CENT, DAY, "SEPA-1")
    amount = Decimal("0.01")
    print(HEADER)
    times = {}
    for history in (1, 100, 1000):
        invoice = invoice_with(history)
        ledger = Floor(history)
        after = invoice.apply_payment(payment, at=AT)
        assert after.balance.amount == ledger.total - ledger.paid - amount
        us, peer = interleaved_us(
            lambda invoice=invoice: invoice.apply_payment(payment, at=AT),
            lambda ledger=ledger: ledger.pay(amount, "SEPA-1"),
            number=2_000,
        )
        times[history] = us
        print(row(f"apply_payment, {history:,} payments before", us, peer, 5))
    print(
        f"\ngrowth: 1,000 payments before / 1 before = {times[1000] / times[1]:.2f} (1.00 is flat)"
    )


if __name__ == "__main__":
    main()
