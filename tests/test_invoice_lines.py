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
    LineSource,
    Tax,
)
from accountexec.invoices import Invoice, PaymentTerms
from accountexec.money import ROUNDING_MODES, Money, Rate
from accountexec.strategies import document_amounts
from accountexec.strategies._invoices import invoice_lines as lines_in
from accountexec.vat import VatCategory

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


_NUMBER = "a Decimal, int or numeric str (never a float or bool), finite"


def refusal(error: pytest.ExceptionInfo[ValidationError], field: str, value: object) -> str:
    """The refusal's message, once its field and value are checked."""
    assert (error.value.field, error.value.value) == (field, value)
    return str(error.value)


class TestQuantity:
    @pytest.mark.parametrize(
        ("quantity", "expected"),
        [(0, "0"), (3, "3"), ("0.5", "0.5"), (decimal.Decimal("1234.5"), "1234.5")],
    )
    def test_a_quantity_of_zero_or_more_is_kept_as_a_decimal(
        self, quantity: object, expected: str
    ) -> None:
        line = InvoiceLine("Hours", quantity, eur("90.00"))  # type: ignore[arg-type]
        assert line.quantity == decimal.Decimal(expected)
        assert type(line.quantity) is decimal.Decimal

    @pytest.mark.parametrize("quantity", [7.5, True, False, None, "abc", "1,5", [1]])
    def test_what_is_not_a_number_is_refused(self, quantity: object) -> None:
        with pytest.raises(ValidationError) as error:
            InvoiceLine("Hours", quantity, eur("90.00"))  # type: ignore[arg-type]
        assert refusal(error, "quantity", quantity) == (
            f"invalid 'quantity': {quantity!r}; expected {_NUMBER}"
        )

    @pytest.mark.parametrize("quantity", ["-1", "-0.01", -3, "Infinity", "-Infinity", "NaN"])
    def test_a_negative_or_infinite_quantity_is_refused(self, quantity: object) -> None:
        with pytest.raises(ValidationError) as error:
            InvoiceLine("Hours", quantity, eur("90.00"))  # type: ignore[arg-type]
        assert refusal(error, "quantity", quantity) == (
            f"invalid 'quantity': {quantity!r}; expected {_NUMBER}, not negative"
        )


class TestTax:
    def test_a_standard_tax_shows_only_name_rate_and_included(self) -> None:
        assert repr(INCLUDED) == "Tax(name='VAT', rate=Rate('0.19'), included=True)"

    def test_a_tax_shows_its_category_and_exemption_when_it_has_them(self) -> None:
        zero = Tax("VAT", Rate(0), category="Z")
        exempt = Tax(
            "VAT",
            Rate(0),
            category=VatCategory.EXEMPT,
            exemption_reason="Medical care",
            exemption_code="VATEX-EU-132-1B",
        )
        assert repr(zero) == (
            "Tax(name='VAT', rate=Rate('0'), included=False, "
            "category=<VatCategory.ZERO_RATED: 'Z'>)"
        )
        assert repr(exempt) == (
            "Tax(name='VAT', rate=Rate('0'), included=False, category=<VatCategory.EXEMPT: 'E'>, "
            "exemption_reason='Medical care', exemption_code='VATEX-EU-132-1B')"
        )

    def test_an_exemption_keeps_its_reason_and_code(self) -> None:
        tax = Tax(
            "VAT",
            Rate(0),
            category="AE",
            exemption_reason="Reverse charge",
            exemption_code="VATEX-EU-AE",
        )
        assert tax.category is VatCategory.REVERSE_CHARGE
        assert (tax.exemption_reason, tax.exemption_code) == ("Reverse charge", "VATEX-EU-AE")

    @pytest.mark.parametrize("category", ["Z", "E", "AE", "K", "G", "O"])
    def test_a_category_without_vat_takes_a_zero_rate_only(self, category: str) -> None:
        exemption = {"exemption_reason": "Exempt", "exemption_code": "VATEX-EU-AE"}
        kwargs = exemption if VatCategory(category).needs_exemption_reason else {}
        assert Tax("VAT", Rate(0), category=category, **kwargs).rate == Rate(0)
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate.percent(7), category=category, **kwargs)
        name = VatCategory(category).name
        assert refusal(error, "rate", Rate.percent(7)) == (
            f"invalid 'rate': Rate('0.07'); expected Rate(0) for VAT category {category!r} ({name})"
        )

    @pytest.mark.parametrize("category", ["S", "L", "M"])
    def test_a_rated_category_takes_any_rate(self, category: str) -> None:
        assert Tax("VAT", Rate.percent(7), category=category).rate == Rate.percent(7)
        assert Tax("VAT", Rate(0), category=category).rate == Rate(0)

    def test_an_exemption_without_a_reason_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate(0), category="AE", exemption_code="VATEX-EU-AE")
        assert refusal(error, "exemption_reason", None) == (
            "invalid 'exemption_reason': None; "
            "expected the reason printed on the invoice for VAT category 'AE'"
        )

    def test_an_exemption_without_a_code_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate(0), category="K", exemption_reason="Intra-community supply")
        assert refusal(error, "exemption_code", None) == (
            "invalid 'exemption_code': None; "
            "expected a VATEX code (such as 'VATEX-EU-AE') for VAT category 'K'"
        )

    def test_an_exemption_code_that_is_not_a_vatex_code_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            Tax(
                "VAT",
                Rate(0),
                category="AE",
                exemption_reason="Reverse charge",
                exemption_code="VATEX-EU-XX",
            )
        assert refusal(error, "exemption_code", "VATEX-EU-XX").startswith(
            "invalid 'exemption_code': 'VATEX-EU-XX'; expected a VATEX code"
        )

    @pytest.mark.parametrize(
        ("kwargs", "field", "value"),
        [
            ({"exemption_reason": "Small business"}, "exemption_reason", "Small business"),
            ({"exemption_code": "VATEX-EU-AE"}, "exemption_code", "VATEX-EU-AE"),
            (
                {"exemption_reason": "Small business", "exemption_code": "VATEX-EU-AE"},
                "exemption_reason",
                "Small business",
            ),
        ],
    )
    def test_a_category_that_charges_vat_states_no_exemption(
        self, kwargs: dict[str, str], field: str, value: str
    ) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate.percent(19), **kwargs)  # type: ignore[arg-type]
        assert refusal(error, field, value) == (
            f"invalid {field!r}: {value!r}; "
            "expected None: VAT category 'S' states no exemption reason"
        )

    def test_an_unknown_category_is_refused_naming_the_categories(self) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate(0), category="X")
        assert refusal(error, "category", "X") == (
            "invalid 'category': 'X'; expected one of 'S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'"
        )

    @pytest.mark.parametrize(
        ("rate", "example"),
        [
            ("0.19", "Rate('0.19') or Rate.percent(19) for 19%"),
            (decimal.Decimal("0.5"), "Rate('0.5') or Rate.percent(50) for 50%"),
            (0, "Rate('0') or Rate.percent(0) for 0%"),
            (1, "Rate('1') or Rate.percent(100) for 100%"),
            (2, "Rate.percent(2) for 2%"),
            (19, "Rate.percent(19) for 19%"),
            ("1900", "Rate.percent(1900) for 1900%"),
            ("0.123456", "Rate('0.123456') or Rate.percent(12.3456) for 12.3456%"),
            (0.19, "Rate('0.19') or Rate.percent(19) for 19%"),
            (True, "Rate('0.19') or Rate.percent(19) for 19%"),
            (None, "Rate('0.19') or Rate.percent(19) for 19%"),
            ("abc", "Rate('0.19') or Rate.percent(19) for 19%"),
            ("NaN", "Rate('0.19') or Rate.percent(19) for 19%"),
            ("-5", "Rate('0.19') or Rate.percent(19) for 19%"),
        ],
    )
    def test_a_rate_that_is_not_a_rate_is_refused_showing_how_to_write_it(
        self, rate: object, example: str, hostile_decimal_context: decimal.Context
    ) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", rate)  # type: ignore[arg-type]
        assert refusal(error, "rate", rate) == (
            f"invalid 'rate': {rate!r}; expected a Rate, such as {example}"
        )

    def test_included_is_true_or_false(self) -> None:
        with pytest.raises(ValidationError) as error:
            Tax("VAT", Rate.percent(19), 1)  # type: ignore[arg-type]
        assert refusal(error, "included", 1) == "invalid 'included': 1; expected True or False"


class TestLines:
    def test_taxes_that_are_not_taxes_are_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            InvoiceLine("Fee", 1, eur("1.00"), ["VAT"])  # type: ignore[list-item]
        assert refusal(error, "taxes", "VAT") == "invalid 'taxes': 'VAT'; expected Tax values"

    def test_a_source_period_must_be_a_billing_period(self) -> None:
        with pytest.raises(ValidationError) as error:
            LineSource(contract_id="C-1", arrangement="retainer", kind="fee", period="2026-01")  # type: ignore[arg-type]
        assert refusal(error, "period", "2026-01") == (
            "invalid 'period': '2026-01'; expected a BillingPeriod"
        )

    def test_a_line_shows_its_base_net_each_tax_tax_and_gross(self) -> None:
        levy = Tax("Levy", Rate.percent(2))
        line = InvoiceLine("Display", "3", eur("33.335"), [VAT, levy])
        assert line.amounts() == LineAmounts(
            base=eur("100.01"),
            net=eur("100.01"),
            taxes=((VAT, eur("19.00")), (levy, eur("2.00"))),
            tax=eur("21.00"),
            gross=eur("121.01"),
        )
        assert line.amounts("half_even").base == eur("100.00")
        assert (line.net, line.tax, line.gross) == (eur("100.01"), eur("21.00"), eur("121.01"))

    def test_included_taxes_share_the_price_and_round_as_asked(self) -> None:
        levy = Tax("Levy", Rate.percent(2), included=True)
        line = InvoiceLine("Tickets", 1, eur("12.17"), [INCLUDED, levy])
        # net 12.17 / 1.21 = 10.0578..., VAT 1.9109..., levy 0.2011...
        assert line.amounts("down") == LineAmounts(
            base=eur("12.17"),
            net=eur("10.06"),
            taxes=((INCLUDED, eur("1.91")), (levy, eur("0.20"))),
            tax=eur("2.11"),
            gross=eur("12.17"),
        )
        assert line.amounts("up").taxes == ((INCLUDED, eur("1.92")), (levy, eur("0.21")))
        assert line.amounts("up").net == eur("10.04")

    def test_a_negated_line_negates_every_amount_and_keeps_its_taxes(self) -> None:
        levy = Tax("Levy", Rate.percent(2))
        amounts = InvoiceLine("Display", "3", eur("33.335"), [VAT, levy]).amounts()
        assert -amounts == LineAmounts(
            base=eur("-100.01"),
            net=eur("-100.01"),
            taxes=((VAT, eur("-19.00")), (levy, eur("-2.00"))),
            tax=eur("-21.00"),
            gross=eur("-121.01"),
        )
        assert -amounts != amounts

    @given(lines_in("EUR"))
    def test_negating_a_line_twice_gives_it_back(self, line: InvoiceLine) -> None:
        amounts = line.amounts()
        negated = -amounts
        assert negated.gross == -amounts.gross
        assert [tax for tax, _ in negated.taxes] == [tax for tax, _ in amounts.taxes]
        assert -negated == amounts


TENTH = Tax("VAT", Rate.percent(10))


class TestDocumentRounding:
    def test_refusals_of_the_rounding_name_the_value_and_the_choices(self) -> None:
        with pytest.raises(ValidationError) as error:
            DocumentAmounts.from_lines([], "EUR", "per_invoice")  # type: ignore[arg-type]
        assert refusal(error, "tax_rounding", "per_invoice") == (
            "invalid 'tax_rounding': 'per_invoice'; expected 'per_line' or 'global'"
        )
        with pytest.raises(ValidationError) as error:
            DocumentAmounts.from_lines([], "EUR", "global", "sideways")  # type: ignore[arg-type]
        assert refusal(error, "rounding", "sideways") == (
            "invalid 'rounding': 'sideways'; expected one of 'half_up', 'half_even', 'half_down', "
            "'up', 'down', 'ceiling', 'floor'"
        )

    def test_a_line_in_another_currency_names_both_currencies(self) -> None:
        with pytest.raises(CurrencyMismatchError) as error:
            DocumentAmounts.from_lines(
                [InvoiceLine("Fee", 1, eur("5.00")), InvoiceLine("Fee", 1, Money("5.00", "USD"))],
                "EUR",
            )
        assert (error.value.expected, error.value.got) == ("EUR", "USD")
        assert str(error.value) == (
            "line 'Fee' is in 'USD', the document in 'EUR'; "
            "every line must be in the document's currency"
        )

    def test_global_rounding_shows_the_rounded_total_on_the_lines_with_the_largest_share(
        self,
    ) -> None:
        lines = [InvoiceLine(f"Ad {i}", 1, eur("0.03"), [TENTH]) for i in range(3)]
        lines.append(InvoiceLine("Cancelled", 0, eur("5.00"), [TENTH]))
        amounts = DocumentAmounts.from_lines(lines, "EUR", "global")
        assert [a.taxes for a in amounts.lines] == [
            ((TENTH, eur("0.01")),),
            ((TENTH, eur("0.00")),),
            ((TENTH, eur("0.00")),),
            ((TENTH, eur("0.00")),),
        ]
        assert [a.base for a in amounts.lines] == [eur("0.03")] * 3 + [eur("0.00")]
        assert (amounts.subtotal, amounts.tax_total, amounts.total) == (
            eur("0.09"),
            eur("0.01"),
            eur("0.10"),
        )

    def test_a_discount_line_under_global_rounding_takes_its_share_by_cumulative_rounding(
        self,
    ) -> None:
        lines = [InvoiceLine(f"Ad {i}", 1, eur("0.03"), [TENTH]) for i in range(3)]
        lines.append(InvoiceLine("Discount", 1, eur("-0.05"), [TENTH]))
        amounts = DocumentAmounts.from_lines(lines, "EUR", "global")
        # running exact tax 0.003, 0.006, 0.009, 0.004 rounds to 0.00, 0.01, 0.01, 0.00
        assert [a.tax for a in amounts.lines] == [
            eur("0.00"),
            eur("0.01"),
            eur("0.00"),
            eur("-0.01"),
        ]
        assert amounts.lines[3] == LineAmounts(
            base=eur("-0.05"),
            net=eur("-0.05"),
            taxes=((TENTH, eur("-0.01")),),
            tax=eur("-0.01"),
            gross=eur("-0.06"),
        )
        assert amounts.taxes == ((TENTH, eur("0.00")),)
        floored = DocumentAmounts.from_lines(lines, "EUR", "global", "floor")
        # 0.003, 0.006, 0.009, 0.004 floor to 0.00 each
        assert [a.tax for a in floored.lines] == [eur("0.00")] * 4

    def test_a_discount_line_keeps_the_jpy_document_in_whole_yen(self) -> None:
        tax = Tax("Consumption tax", Rate.percent(10))
        lines = [
            InvoiceLine("Ad", 1, Money("1005", "JPY"), [tax]),
            InvoiceLine("Ad", 1, Money("1005", "JPY"), [tax]),
            InvoiceLine("Discount", 1, Money("-15", "JPY"), [tax]),
        ]
        amounts = DocumentAmounts.from_lines(lines, "JPY", "global")
        # running exact tax 100.5, 201.0, 199.5 rounds to 101, 201, 200
        assert [a.tax for a in amounts.lines] == [
            Money("101", "JPY"),
            Money("100", "JPY"),
            Money("-1", "JPY"),
        ]
        assert amounts.tax_total == Money("200", "JPY")

    def test_a_zero_rate_under_global_rounding_shows_zero_on_every_line(self) -> None:
        zero = Tax("VAT", Rate(0), category="Z")
        lines = [InvoiceLine("Export", 2, eur("10.00"), [zero]), InvoiceLine("Fee", 1, eur("5.00"))]
        amounts = DocumentAmounts.from_lines(lines, "EUR", "global")
        assert amounts.lines[0] == LineAmounts(
            base=eur("20.00"),
            net=eur("20.00"),
            taxes=((zero, eur("0.00")),),
            tax=eur("0.00"),
            gross=eur("20.00"),
        )
        assert amounts.taxes == ((zero, eur("0.00")),)
        assert amounts.total == eur("25.00")

    def test_taxes_are_listed_in_order_of_first_appearance(self) -> None:
        levy = Tax("Levy", Rate.percent(2))
        lines = [
            InvoiceLine("Fee", 1, eur("10.00")),
            InvoiceLine("Print", 1, eur("10.00"), [levy]),
            InvoiceLine("Ads", 1, eur("10.00"), [VAT, levy]),
            InvoiceLine("Print", 1, eur("10.00"), [levy]),
        ]
        for tax_rounding in TAX_ROUNDINGS:
            amounts = DocumentAmounts.from_lines(lines, "EUR", tax_rounding)
            assert amounts.taxes == ((levy, eur("0.60")), (VAT, eur("1.90")))

    @given(
        st.lists(lines_in("EUR"), max_size=4),
        st.sampled_from(ROUNDING_MODES),
    )
    def test_global_rounding_rounds_each_taxs_exact_total_once(
        self, lines: list[InvoiceLine], rounding: str
    ) -> None:
        amounts = DocumentAmounts.from_lines(lines, "EUR", "global", rounding)  # type: ignore[arg-type]
        exact: dict[Tax, decimal.Decimal] = {}
        for line in lines:
            base = line.amounts(rounding).base.amount  # type: ignore[arg-type]
            rates = sum((tax.rate.value for tax in line.taxes), decimal.Decimal(0))
            net = base / (1 + rates) if line.taxes and line.taxes[0].included else base
            for tax in line.taxes:
                exact[tax] = exact.get(tax, decimal.Decimal(0)) + net * tax.rate.value
        assert amounts.taxes == tuple(
            (tax, Money(total, "EUR").round(rounding))  # type: ignore[arg-type]
            for tax, total in exact.items()
        )
        for tax, total in amounts.taxes:
            shown = [a for line in amounts.lines for t, a in line.taxes if t == tax]
            assert Money.sum(shown, "EUR") == total


class TestWithTaxes:
    def test_the_tax_left_to_credit_goes_to_the_last_line_that_carries_it(self) -> None:
        lines = [
            InvoiceLine("Sticker", 1, eur("0.05"), [TENTH]),
            InvoiceLine("Fee", 1, eur("1.00")),
            InvoiceLine("Sticker", 1, eur("0.05"), [TENTH]),
            InvoiceLine("Fee", 1, eur("2.00")),
        ]
        amounts = DocumentAmounts.from_lines(lines, "EUR")
        assert amounts.tax_total == eur("0.02")
        closing = amounts.with_taxes([(TENTH, eur("0.03"))])
        assert closing == DocumentAmounts(
            lines=(
                amounts.lines[0],
                amounts.lines[1],
                LineAmounts(
                    base=eur("0.05"),
                    net=eur("0.05"),
                    taxes=((TENTH, eur("0.02")),),
                    tax=eur("0.02"),
                    gross=eur("0.07"),
                ),
                amounts.lines[3],
            ),
            taxes=((TENTH, eur("0.03")),),
            subtotal=eur("3.10"),
            tax_total=eur("0.03"),
            total=eur("3.13"),
        )

    def test_an_included_tax_moves_the_difference_into_the_net(self) -> None:
        amounts = DocumentAmounts.from_lines(
            [InvoiceLine("Tickets", 1, eur("11.90"), [INCLUDED])], "EUR"
        )
        closing = amounts.with_taxes([(INCLUDED, eur("1.80"))])
        assert closing.lines == (
            LineAmounts(
                base=eur("11.90"),
                net=eur("10.10"),
                taxes=((INCLUDED, eur("1.80")),),
                tax=eur("1.80"),
                gross=eur("11.90"),
            ),
        )
        assert (closing.subtotal, closing.tax_total, closing.total) == (
            eur("10.10"),
            eur("1.80"),
            eur("11.90"),
        )

    def test_only_the_taxes_named_change_and_each_by_its_own_difference(self) -> None:
        levy = Tax("Levy", Rate.percent(2))
        lines = [
            InvoiceLine("Ads", 1, eur("10.00"), [levy, VAT]),
            InvoiceLine("Print", 1, eur("10.00"), [levy]),
        ]
        amounts = DocumentAmounts.from_lines(lines, "EUR")
        assert amounts.taxes == ((levy, eur("0.40")), (VAT, eur("1.90")))
        closing = amounts.with_taxes([(levy, eur("0.40")), (VAT, eur("1.85"))])
        assert closing.lines[0] == LineAmounts(
            base=eur("10.00"),
            net=eur("10.00"),
            taxes=((levy, eur("0.20")), (VAT, eur("1.85"))),
            tax=eur("2.05"),
            gross=eur("12.05"),
        )
        assert closing.lines[1] == amounts.lines[1]
        assert closing.taxes == ((levy, eur("0.40")), (VAT, eur("1.85")))
        assert (closing.subtotal, closing.tax_total, closing.total) == (
            eur("20.00"),
            eur("2.25"),
            eur("22.25"),
        )

    @pytest.mark.parametrize("currency", ["EUR", "JPY"])
    def test_no_change_gives_the_same_amounts(self, currency: str) -> None:
        empty = DocumentAmounts.from_lines([], currency)
        assert empty.with_taxes([]) == empty
        untaxed = DocumentAmounts.from_lines(
            [InvoiceLine("Fee", 1, Money("5", currency))], currency
        )
        assert untaxed.with_taxes([]) == untaxed
        taxed = DocumentAmounts.from_lines(
            [InvoiceLine("Fee", 1, Money("5", currency), [VAT])], currency
        )
        assert taxed.with_taxes(taxed.taxes) == taxed

    def test_a_tax_the_lines_do_not_carry_is_refused(self) -> None:
        amounts = DocumentAmounts.from_lines([InvoiceLine("Fee", 1, eur("5.00"), [VAT])], "EUR")
        with pytest.raises(ValidationError) as error:
            amounts.with_taxes([(TENTH, eur("0.50"))])
        assert refusal(error, "taxes", TENTH) == (
            f"invalid 'taxes': {TENTH!r}; expected taxes that the document's lines carry"
        )

    @pytest.mark.parametrize(
        "amount", [Money("0.95", "USD"), decimal.Decimal("0.95"), "0.95", None]
    )
    def test_an_amount_that_is_not_money_in_the_documents_currency_is_refused(
        self, amount: object
    ) -> None:
        amounts = DocumentAmounts.from_lines([InvoiceLine("Fee", 1, eur("5.00"), [VAT])], "EUR")
        with pytest.raises(ValidationError) as error:
            amounts.with_taxes([(VAT, amount)])  # type: ignore[list-item]
        assert refusal(error, "taxes", amount) == (
            f"invalid 'taxes': {amount!r}; expected a Money in 'EUR'"
        )

    @given(document_amounts(), st.integers(-3, 3))
    def test_the_columns_still_add_up_after_changing_the_taxes(
        self, amounts: DocumentAmounts, cents: int
    ) -> None:
        currency = amounts.total.currency
        step = Money(decimal.Decimal(cents).scaleb(-currency.minor_units), currency)
        wanted = [(tax, total + step) for tax, total in amounts.taxes]
        changed = amounts.with_taxes(wanted)
        assert changed.taxes == tuple(wanted)
        assert [a.base for a in changed.lines] == [a.base for a in amounts.lines]
        assert changed.total == changed.subtotal + changed.tax_total
        assert Money.sum((a.net for a in changed.lines), currency) == changed.subtotal
        assert Money.sum((a.tax for a in changed.lines), currency) == changed.tax_total
        assert Money.sum((a.gross for a in changed.lines), currency) == changed.total
        for line in changed.lines:
            assert line.net + line.tax == line.gross
