"""Invoice lines and taxes: the amounts of a document of lines (accountexec.invoice_lines).

The arithmetic of single lines and of invoices is tested through `Invoice` in test_invoices.py;
this file tests what the module adds on its own: `DocumentAmounts.from_lines` and the split.
"""

from __future__ import annotations

import datetime as dt
import decimal
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accountexec
import accountexec.invoices
from accountexec import invoice_lines
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoice_lines import (
    TAX_ROUNDINGS,
    DocumentAmounts,
    InvoiceLine,
    LineAmounts,
    Tax,
)
from accountexec.invoices import Invoice, PaymentTerms
from accountexec.money import ROUNDING_MODES, Money, Rate
from accountexec.strategies import document_amounts
from accountexec.strategies._invoices import invoice_lines as lines_in

VAT = Tax("VAT", Rate.percent(19))
INCLUDED = Tax("VAT", Rate.percent(19), included=True)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


class TestDocumentAmounts:
    def test_an_empty_document_amounts_to_zero_in_its_currency(self) -> None:
        amounts = DocumentAmounts.from_lines([], "JPY")
        assert amounts == DocumentAmounts(
            lines=(),
            taxes=(),
            subtotal=Money("0", "JPY"),
            tax_total=Money("0", "JPY"),
            total=Money("0", "JPY"),
        )

    def test_the_sticker_example_rounds_differently_per_line_and_globally(self) -> None:
        reduced = Tax("VAT", Rate.percent(7))
        stickers = [InvoiceLine(f"Sticker {i}", 1, eur("0.05"), [reduced]) for i in range(3)]
        per_line = DocumentAmounts.from_lines(stickers, "EUR")
        once = DocumentAmounts.from_lines(stickers, "EUR", "global")
        assert (per_line.tax_total, once.tax_total) == (eur("0.00"), eur("0.01"))
        assert [a.tax for a in once.lines] == [eur("0.01"), eur("0.00"), eur("0.00")]
        assert once.taxes == ((reduced, eur("0.01")),)

    def test_a_line_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="'Fee' is in 'USD'"):
            DocumentAmounts.from_lines([InvoiceLine("Fee", 1, Money("5.00", "USD"))], "EUR")

    @pytest.mark.parametrize(
        ("field", "kwargs"),
        [
            ("lines", {"lines": [object()]}),
            ("tax_rounding", {"tax_rounding": "per_invoice"}),
            ("rounding", {"rounding": "sideways"}),
        ],
    )
    def test_unknown_inputs_are_refused_naming_the_field(
        self, field: str, kwargs: dict[str, object]
    ) -> None:
        arguments: dict[str, object] = {"lines": [], "currency": "EUR", **kwargs}
        with pytest.raises(ValidationError, match=f"'{field}'"):
            DocumentAmounts.from_lines(**arguments)  # type: ignore[arg-type]

    @given(
        st.lists(lines_in("EUR"), max_size=4),
        st.sampled_from(TAX_ROUNDINGS),
        st.sampled_from(ROUNDING_MODES),
    )
    def test_an_invoice_shows_exactly_the_amounts_of_its_lines(
        self, lines: list[InvoiceLine], tax_rounding: str, rounding: str
    ) -> None:
        amounts = DocumentAmounts.from_lines(lines, "EUR", tax_rounding, rounding)  # type: ignore[arg-type]
        invoice = Invoice(
            "INV-1",
            "acme",
            "EUR",
            dt.date(2026, 3, 2),
            lines,
            PaymentTerms.net(30),
            tax_rounding,  # type: ignore[arg-type]
            rounding,  # type: ignore[arg-type]
        )
        assert invoice.line_amounts() == amounts.lines
        assert dict(invoice.taxes_by_rate()) == dict(amounts.taxes)
        assert (invoice.subtotal, invoice.tax_total, invoice.total) == (
            amounts.subtotal,
            amounts.tax_total,
            amounts.total,
        )

    @given(document_amounts())
    def test_the_columns_add_up_to_the_documents_figures(self, amounts: DocumentAmounts) -> None:
        currency = amounts.total.currency
        assert amounts.total == amounts.subtotal + amounts.tax_total
        assert Money.sum((a.net for a in amounts.lines), currency) == amounts.subtotal
        assert Money.sum((a.tax for a in amounts.lines), currency) == amounts.tax_total
        assert Money.sum((a.gross for a in amounts.lines), currency) == amounts.total
        assert Money.sum((m for _, m in amounts.taxes), currency) == amounts.tax_total

    def test_amounts_do_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        lines = [
            InvoiceLine("CPM", "1234567.89", eur("0.0035"), [INCLUDED], Rate("0.0333")),
            InvoiceLine("Hours", "3.33", eur("123456.78"), [VAT]),
        ]
        amounts = DocumentAmounts.from_lines(lines, "EUR", "global", "half_even")
        assert amounts.total == amounts.subtotal + amounts.tax_total
        assert amounts.lines[0].gross == eur("4177.10")
        assert amounts.lines[0].tax == eur("666.93")
        assert amounts.lines[1].net == eur("411111.08")
        assert amounts.tax_total == eur("78778.04")


class TestTheSplitFromInvoices:
    @pytest.mark.parametrize("name", invoice_lines.__all__)
    def test_every_name_is_still_importable_from_invoices(self, name: str) -> None:
        assert getattr(accountexec.invoices, name) is getattr(invoice_lines, name)
        assert name in accountexec.invoices.__all__

    @pytest.mark.parametrize("cls", [Tax, InvoiceLine, LineAmounts, DocumentAmounts])
    def test_the_classes_live_in_invoice_lines_and_keep_their_package_names(
        self, cls: type
    ) -> None:
        assert cls.__module__ == "accountexec.commerce.invoice_lines"
        assert getattr(accountexec, cls.__name__, cls) is cls

    def test_a_pickle_naming_the_old_module_still_loads(self) -> None:
        line = InvoiceLine("Fee", 2, eur("10.00"), [VAT])
        old = pickle.dumps(line, protocol=0).replace(
            b"accountexec.commerce.invoice_lines", b"accountexec.invoices"
        )
        assert b"accountexec.invoices\n" in old
        assert pickle.loads(old) == line
