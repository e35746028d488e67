"""A small typed program using accountexec's public API, checked by ``mypy --strict tests/typing``.

Type hints are part of the contract: this file must keep type-checking without ``Any`` leaking into
a user's code, and the calls marked ``type: ignore[...]`` must keep being errors (``--strict`` warns
about an ignore that is no longer needed). It is not a test module: pytest does not collect it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, assert_type

import pendulum
from hypothesis import strategies as st

from accountexec import (
    BusinessDays,
    Currency,
    ExchangeRates,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Money,
    PaymentTerms,
    Rate,
    StatusChange,
    Tax,
    ValidationError,
    WorkCalendar,
    from_dict,
    to_dict,
)
from accountexec import strategies as aes
from accountexec.einvoice import from_ubl, to_ubl
from accountexec.invoices import CreditNote
from accountexec.serialize import make_converter


def commission_payout(commission: Money, shares: dict[str, Rate]) -> dict[str, Money]:
    """Split a commission by credit shares without losing a cent."""
    people = list(shares)
    parts = commission.allocate([shares[p].value for p in people])
    assert_type(parts, tuple[Money, ...])
    return dict(zip(people, parts, strict=True))


def draft_invoice(number: str, fee: Money, issued_on: dt.date) -> Invoice:
    """A one-line invoice with VAT on top, payable 30 days net."""
    vat = Tax("VAT", Rate.percent(20))
    line = InvoiceLine(description="Retainer", quantity=1, unit_price=fee, taxes=[vat])
    return Invoice(
        number=number,
        client_id="acme",
        currency=fee.currency,
        issued_on=issued_on,
        lines=[line],
        terms=PaymentTerms.net(30),
    )


def main() -> None:
    """Use the API the way an application would, with the types mypy infers."""
    fee = Money("1000.00", "EUR")
    assert_type(fee + fee, Money)
    assert_type(fee * Rate("0.15"), Money)
    assert_type(fee.round("half_even"), Money)
    assert_type(fee.currency, Currency)
    assert_type(fee.amount, Decimal)

    payout = commission_payout(fee, {"ana": Rate("0.6"), "ben": Rate("0.4")})
    assert_type(Money.sum(payout.values(), "EUR"), Money)

    london = WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")
    due: pendulum.Date = BusinessDays(5).due(dt.date(2026, 5, 20), london)
    assert_type(london.add_business_days(due, -2), pendulum.Date)

    invoice = draft_invoice("INV-1", fee, due)
    issued = invoice.issue(at=pendulum.datetime(2026, 5, 28, 9, tz="Europe/London"), by="ana")
    assert_type(issued, Invoice)
    assert_type(issued.status, InvoiceStatus)
    assert_type(issued.history, tuple[StatusChange, ...])
    assert_type(issued.total, Money)

    rates = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=dt.date(2026, 5, 28))
    assert_type(rates.convert(issued.total, "USD"), Money)

    data = to_dict(issued)
    assert_type(data, dict[str, Any])  # JSON-shaped: the one place Any is the honest type
    again = from_dict(Invoice, json.loads(json.dumps(data)))
    assert_type(again, Invoice)
    assert again == issued
    assert make_converter().structure(make_converter().unstructure(fee), Money) == fee

    try:
        from_dict(Money, {"amount": "NaN", "currency": "EUR"})
    except ValidationError as err:
        assert_type(err.field, str)

    amounts: st.SearchStrategy[Money] = aes.money("EUR", min_value=0)
    invoices: st.SearchStrategy[Invoice] = st.from_type(Invoice)
    del amounts, invoices


def send_and_read_back(invoice: Invoice) -> Invoice | CreditNote:
    """An e-invoice is bytes out, and the document it describes back."""
    xml: bytes = to_ubl(invoice, profile="peppol")
    back = from_ubl(xml)
    assert_type(back, Invoice | CreditNote)
    return back


def refused_by_the_type_checker() -> None:
    """Calls the hints must keep refusing (never run: they fail at run time too)."""
    Money(1.5, "EUR")  # type: ignore[arg-type]
    Rate(0.15)  # type: ignore[arg-type]
    Money("1", "EUR") + 1  # type: ignore[operator]
    BusinessDays(5).due(pendulum.date(2026, 1, 5), "GB")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
