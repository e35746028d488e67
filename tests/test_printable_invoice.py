"""Tests for Invoice.render and CreditNote.render: the printable document, text and HTML."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given

import accountexec.strategies as aes
from accountexec.errors import ValidationError
from accountexec.invoices import CreditNote, Invoice, InvoiceLine, PaymentTerms, Tax
from accountexec.money import Money, Rate
from accountexec.parties import Address, BankAccount, CreditTransfer, Party

html5lib = pytest.importorskip("html5lib")

SELLER = Party(
    "Nordlicht Agentur GmbH",
    Address(["Friedrichstraße 12"], "Berlin", "10117", "DE"),
    vat_id="DE123456789",
)
BUYER = Party(
    "Agence Lumière SAS",
    Address(["12 rue de la République"], "Lyon", "69002", "FR"),
    vat_id="FR12345678901",
)
REVERSE = Tax(
    "VAT",
    Rate(0),
    category="AE",
    exemption_reason="Autoliquidation",
    exemption_code="VATEX-EU-AE",
)


def reverse_charge() -> Invoice:
    return Invoice(
        number="NL-2026-0043",
        client_id="lumiere",
        currency="EUR",
        issued_on=pendulum.date(2026, 3, 31),
        lines=[InvoiceLine("Atelier de marque", 2, Money("1200.00", "EUR"), [REVERSE])],
        terms=PaymentTerms.installments(2),
        tax_rounding="global",
        seller=SELLER,
        buyer=BUYER,
        purchase_order="BC-2026-7",
        payment_means=CreditTransfer(BankAccount("DE89370400440532013000", bic="COBADEFFXXX")),
    )


def parse(page: str) -> object:
    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


class TestTheText:
    def test_shows_parties_references_vat_and_schedule_in_french(self) -> None:
        text = reverse_charge().render("fr_FR")
        for expected in (
            "Facture NL-2026-0043",
            "Agence Lumière SAS",
            "N° TVA: FR12345678901",
            "Bon de commande: BC-2026-7",
            "VAT: Autoliquidation — Autoliquidation",
            "Total TTC",
            "2\u202f400,00\xa0€",
            "30 avr. 2026",
            "1\u202f200,00\xa0€",
            "IBAN: DE89 3704 0044 0532 0130 00",
        ):
            assert expected in text, expected

    def test_a_credit_note_names_the_invoice_it_corrects(self) -> None:
        issued = reverse_charge().issue(at=pendulum.datetime(2026, 3, 31, 17))
        note = issued.credit_note("CN-7", issued_on=pendulum.date(2026, 4, 2))
        text = note.render("en_GB")
        assert "Credit note CN-7" in text
        assert "Corrects invoice: NL-2026-0043 (31 Mar 2026)" in text
        assert "€2,400.00" in text  # as the document states it, positive

    def test_refuses_an_unknown_format_or_locale(self) -> None:
        with pytest.raises(ValidationError, match="'format'"):
            reverse_charge().render("en_GB", format="pdf")
        with pytest.raises(ValidationError, match="'locale'"):
            reverse_charge().render("xx_XX")


class TestTheHtmlPage:
    def test_is_one_standalone_page_without_scripts(self) -> None:
        page = reverse_charge().render("de_DE", format="html")
        tree = parse(page)
        assert tree.find(".//script") is None
        assert tree.find(".//link") is None
        assert tree.find("./head/style") is not None
        assert "http" not in page
        assert tree.find(".//h1").text == "Rechnung NL-2026-0043"

    def test_escapes_what_users_wrote(self) -> None:
        invoice = reverse_charge().with_lines(
            [InvoiceLine("<script>alert(1)</script>", 1, Money("10.00", "EUR"), [REVERSE])]
        )
        tree = parse(invoice.render("en_GB", format="html"))
        assert tree.find(".//script") is None

    @given(aes.legal_invoices())
    def test_every_legal_invoice_renders(self, invoice: Invoice) -> None:
        tree = parse(invoice.render("nl_NL", format="html"))
        cells = ["".join(td.itertext()) for td in tree.iter("td")]
        assert invoice.total.format("nl_NL") in cells
        assert invoice.number in invoice.render("nl_NL")

    @given(aes.legal_credit_notes())
    def test_every_legal_credit_note_renders(self, note: CreditNote) -> None:
        assert (-note.total).format("en_GB") in note.render("en_GB")
