"""Tests for accountexec.vat and the VAT category of a Tax."""

from __future__ import annotations

import pytest
from hypothesis import given

import accountexec.strategies as aes
from accountexec.errors import ValidationError
from accountexec.invoice_lines import Tax
from accountexec.money import Rate
from accountexec.serialize import from_dict, to_dict
from accountexec.vat import VATEX_CODES, VatCategory, check_vatex_code


class TestTheCategories:
    def test_are_the_nine_codes_en16931_allows(self) -> None:
        assert {c.value for c in VatCategory} == {"S", "Z", "E", "AE", "K", "G", "O", "L", "M"}

    def test_exemptions_need_a_reason(self) -> None:
        needing = {c.value for c in VatCategory if c.needs_exemption_reason}
        assert needing == {"E", "AE", "K", "G", "O"}

    @pytest.mark.parametrize("language", ["en", "de", "fr", "nl"])
    def test_every_category_has_wording(self, language: str) -> None:
        assert all(c.wording(language) for c in VatCategory)

    def test_unknown_languages_read_english(self) -> None:
        assert VatCategory.REVERSE_CHARGE.wording("ja_JP") == "Reverse charge"


class TestATax:
    def test_is_standard_by_default_and_keeps_its_repr(self) -> None:
        tax = Tax("VAT", Rate.percent(19))
        assert tax.category is VatCategory.STANDARD
        assert repr(tax) == "Tax(name='VAT', rate=Rate('0.19'), included=False)"

    def test_a_reverse_charge_states_its_reason(self) -> None:
        tax = Tax(
            "VAT",
            Rate(0),
            category="AE",
            exemption_reason="Reverse charge",
            exemption_code="VATEX-EU-AE",
        )
        assert tax.category is VatCategory.REVERSE_CHARGE

    def test_a_reverse_charge_without_a_code_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'exemption_code'"):
            Tax("VAT", Rate(0), category="AE", exemption_reason="Reverse charge")

    def test_a_zero_rate_category_refuses_a_rate(self) -> None:
        with pytest.raises(ValidationError, match="Rate\\(0\\) for VAT category 'Z'"):
            Tax("VAT", Rate.percent(7), category="Z")

    def test_a_standard_rate_takes_no_exemption(self) -> None:
        with pytest.raises(ValidationError, match="'exemption_reason'"):
            Tax("VAT", Rate.percent(19), exemption_reason="Because")

    def test_canary_islands_tax_has_a_rate_and_no_exemption(self) -> None:
        assert Tax("VAT", Rate.percent(7), category="L").rate == Rate("0.07")

    @pytest.mark.parametrize("category", ["X", "s", 5, None])
    def test_refuses_an_unknown_category(self, category: object) -> None:
        with pytest.raises(ValidationError, match="'category'"):
            Tax("VAT", Rate(0), category=category)  # type: ignore[arg-type]

    def test_refuses_an_unknown_vatex_code(self) -> None:
        with pytest.raises(ValidationError, match="VATEX code"):
            check_vatex_code("VATEX-EU-999")
        assert "VATEX-EU-IC" in VATEX_CODES

    @given(aes.vat_taxes())
    def test_round_trips_through_dicts(self, tax: Tax) -> None:
        assert from_dict(Tax, to_dict(tax)) == tax
