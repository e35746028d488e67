"""Tests for accountexec.allowances: document allowances and charges, the EN 16931 breakdown."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given

import accountexec.strategies as aes
from accountexec.allowances import Allowance, Charge, document_amounts, vat_breakdown
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoices import CreditNote, Invoice, InvoiceLine, PaymentTerms, Tax
from accountexec.money import Money, Rate
from accountexec.serialize import from_dict, to_dict

VAT19 = Tax("VAT", Rate.percent(19))
VAT7 = Tax("VAT", Rate.percent(7))


def lines() -> list[InvoiceLine]:
    return [
        InvoiceLine("Design", 1, Money("1000.00", "EUR"), [VAT19]),
        InvoiceLine("Books", 3, Money("19.99", "EUR"), [VAT7]),
    ]


class TestDocumentAmounts:
    def test_an_allowance_and_a_charge_change_the_taxable_amounts(self) -> None:
        amounts = document_amounts(
            lines(),
            "EUR",
            "global",
            allowances=[Allowance(amount=Money("100.00", "EUR"), tax=VAT19, reason="Loyalty")],
            charges=[Charge(amount=Money("5.00", "EUR"), tax=VAT7, reason="Courier")],
        )
        assert amounts.subtotal == Money("964.97", "EUR")
        assert dict(amounts.taxes) == {VAT19: Money("171.00", "EUR"), VAT7: Money("4.55", "EUR")}
        assert amounts.total == Money("1140.52", "EUR")

    def test_per_line_rounds_each_allowance_on_its_own(self) -> None:
        cheap = [InvoiceLine(f"Sticker {i}", 1, Money("0.05", "EUR"), [VAT7]) for i in range(3)]
        fee = Charge(amount=Money("0.05", "EUR"), tax=VAT7, reason="Handling")
        per_line = document_amounts(cheap, "EUR", "per_line", charges=[fee])
        once = document_amounts(cheap, "EUR", "global", charges=[fee])
        assert (per_line.tax_total, once.tax_total) == (Money("0.00", "EUR"), Money("0.01", "EUR"))

    def test_refuses_an_allowance_in_another_currency(self) -> None:
        usd = Allowance(amount=Money("1.00", "USD"), tax=VAT19, reason="Loyalty")
        with pytest.raises(CurrencyMismatchError, match="allowance 'Loyalty' is in 'USD'"):
            document_amounts(lines(), "EUR", allowances=[usd])

    def test_an_allowance_is_positive_and_rounded(self) -> None:
        with pytest.raises(ValidationError, match="'amount'"):
            Allowance(amount=Money("0.001", "EUR"), tax=VAT19, reason="x")
        with pytest.raises(ValidationError, match="'tax'"):
            Charge(
                amount=Money("1.00", "EUR"), tax=Tax("VAT", Rate("0.19"), included=True), reason="x"
            )


class TestTheVatBreakdown:
    def test_groups_by_category_and_rate(self) -> None:
        invoice = Invoice(
            number="INV-1",
            client_id="acme",
            currency="EUR",
            issued_on=pendulum.date(2026, 3, 2),
            lines=lines(),
            terms=PaymentTerms.net(30),
            tax_rounding="global",
        )
        rows = invoice.vat_breakdown()
        assert [(r.taxable, r.tax) for r in rows] == [
            (Money("1000.00", "EUR"), Money("190.00", "EUR")),
            (Money("59.97", "EUR"), Money("4.20", "EUR")),
        ]

    def test_refuses_two_taxes_for_one_category_and_rate(self) -> None:
        other = Tax("MwSt", Rate.percent(19))
        two = [*lines(), InvoiceLine("More", 1, Money("1.00", "EUR"), [other])]
        with pytest.raises(ValidationError, match="one breakdown row per category and rate"):
            vat_breakdown(two, [line.amounts() for line in two], [], [], "EUR")

    @given(aes.legal_invoices())
    def test_global_rounding_is_the_en16931_figure(self, invoice: Invoice) -> None:
        by_tax = invoice.taxes_by_rate()
        for row in invoice.vat_breakdown():
            (tax,) = [t for t in by_tax if (t.category, t.rate) == (row.category, row.rate)]
            assert by_tax[tax] == row.tax


class TestLegalDocumentsAsDicts:
    @given(aes.legal_invoices(), aes.legal_credit_notes())
    def test_round_trip_exactly(self, invoice: Invoice, note: CreditNote) -> None:
        assert from_dict(Invoice, to_dict(invoice)) == invoice
        assert from_dict(CreditNote, to_dict(note)) == note

    def test_a_dict_without_the_new_fields_reads_as_before(self) -> None:
        data = to_dict(
            Invoice(
                number="INV-1",
                client_id="acme",
                currency="EUR",
                issued_on=pendulum.date(2026, 3, 2),
                lines=lines(),
                terms=PaymentTerms.net(30),
            )
        )
        for key in ("seller", "buyer", "allowances", "charges", "notes", "payment_means"):
            del data[key]
        for line in data["lines"]:
            for tax in line["taxes"]:
                del tax["category"], tax["exemption_reason"], tax["exemption_code"]
        assert from_dict(Invoice, data).total == Money("1254.17", "EUR")
