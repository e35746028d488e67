"""``from_dict(Invoice)`` against cattrs on plain attrs classes of the same shape.

Run: ``python benchmarks/load_invoice_bench.py`` (a few seconds). An issued invoice of 5 lines
with 19 % VAT, 3 installments and 2 payments is written once with ``to_dict``; accountexec reads it
back with ``from_dict(Invoice, doc)`` (every constructor validates, the amounts are computed, the
history replayed); the peer is a cattrs ``Converter`` structuring the same dict into plain attrs
classes (strings, ``Decimal``, ``datetime.date``/``datetime``) with no validation beyond the types.
Goal: at most 2×.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pendulum

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms, Tax
from accountexec.money import Money, Rate
from accountexec.serialize import from_dict, to_dict


@attrs.define
class PlainMoney:
    amount: Decimal
    currency: str


@attrs.define
class PlainTax:
    name: str
    rate: Decimal
    included: bool


@attrs.define
class PlainLine:
    description: str
    quantity: Decimal
    unit_price: PlainMoney
    taxes: list[PlainTax]
    discount: Decimal | None


@attrs.define
class PlainChange:
    event: str
    source: str
    target: str
    at: dt.datetime
    by: str | None
    note: str | None


@attrs.define
class PlainInstallment:
    due_on: dt.date
    amount: PlainMoney


@attrs.define
class PlainPayment:
    amount: PlainMoney
    received_on: dt.date
    reference: str


@attrs.define
class PlainApplied:
    payment: PlainPayment
    received: PlainMoney
    exchange_difference: PlainMoney


@attrs.define
class PlainInvoice:
    number: str
    client_id: str
    currency: str
    issued_on: dt.date
    lines: list[PlainLine]
    terms: dict[str, Any]
    tax_rounding: str
    rounding: str
    status: str
    history: list[PlainChange]
    installments: list[PlainInstallment]
    payments: list[PlainApplied]
    credit_notes: list[dict[str, Any]]


def peer_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(Decimal, lambda v, _: Decimal(v))
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_structure_hook(
        dt.datetime, lambda v, _: dt.datetime.fromisoformat(v.partition("[")[0])
    )
    return conv


def the_invoice() -> Invoice:
    vat = Tax("VAT", Rate.percent(19))
    lines = [
        InvoiceLine(d, q, Money(p, "EUR"), [vat])
        for d, q, p in [("Strategy workshop", "8", "150.00"), ("Copywriting", "12.5", "95.00"),
                        ("Design", "20", "110.00"), ("Media planning", "6", "120.00"),
                        ("Reporting", "3", "89.90")]
    ]  # fmt: skip
    at = pendulum.datetime(2026, 1, 31, 17, tz="Europe/Berlin")
    invoice = Invoice(
        "INV-000041", "acme", "EUR", pendulum.date(2026, 1, 31), lines, PaymentTerms.installments(3)
    ).issue(at=at)
    for i, day in enumerate((10, 20), start=1):
        paid = Payment(Money("500.00", "EUR"), pendulum.date(2026, 2, day), f"SEPA-{i}")
        invoice = invoice.apply_payment(paid, at=at.add(days=day))
    return invoice


def main() -> None:
    invoice = the_invoice()
    document = to_dict(invoice)
    assert from_dict(Invoice, document) == invoice
    peer_document = {k: v for k, v in document.items() if k != "_schema"}
    conv = peer_converter()
    assert conv.structure(peer_document, PlainInvoice).number == "INV-000041"
    ours, peer = interleaved_us(
        lambda: from_dict(Invoice, document),
        lambda: conv.structure(peer_document, PlainInvoice),
        number=300,
    )
    print(HEADER)
    print(row("from_dict(Invoice), 5 lines, 3 installments, 2 payments", ours, peer, 2))


if __name__ == "__main__":
    main()
