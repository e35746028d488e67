"""Money.format: a compiled pattern per locale, currency and format type, byte for byte babel's."""

from __future__ import annotations

import decimal
from decimal import Decimal

import babel.localedata
import babel.numbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, MAGNITUDE_RANGE, Money, _currency_format
from accountexec.strategies import currencies, money

LOCALES = sorted(babel.localedata.locale_identifiers())
FORMAT_TYPES = ("standard", "accounting")


def babel_text(value: Money, locale: str, format_type: str) -> str:
    with decimal.localcontext(DECIMAL_CONTEXT):
        return babel.numbers.format_currency(
            value.amount,
            value.currency.code,
            locale=locale,
            format_type=format_type,  # type: ignore[arg-type]
            decimal_quantization=False,
        )


amounts = st.one_of(
    money(rounded=True),
    money(rounded=False),
    st.builds(
        Money,
        st.builds(
            lambda digits, exponent: Decimal(digits).scaleb(exponent),
            st.integers(-(10**30), 10**30),
            st.integers(-70, 20),
        ).filter(lambda d: not d or MAGNITUDE_RANGE[0] <= d.adjusted() <= MAGNITUDE_RANGE[1]),
        currencies(),
    ),
)


class TestByteForByteBabel:
    @given(amounts, st.sampled_from(LOCALES), st.sampled_from(FORMAT_TYPES))
    @example(Money("1234567.50", "CHF"), "de_CH", "standard")  # the group symbol is a quote
    @example(Money("-1234567.5", "CHF"), "fr_CH", "accounting")
    @example(Money("-0.0035", "USD"), "en_US", "accounting")
    @example(Money("0", "JPY"), "ja_JP", "standard")
    @example(Money("1E+30", "EUR"), "hi_IN", "standard")  # Indian grouping 3 then 2
    @example(Money("-1.000", "BHD"), "ar_EG", "standard")  # bidi marks
    @example(Money("12345.678", "EUR"), "ar", "accounting")
    def test_the_text_is_babels(self, value: Money, locale: str, format_type: str) -> None:
        assert value.format(locale, format_type=format_type) == babel_text(  # type: ignore[arg-type]
            value, locale, format_type
        )

    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_locale_on_a_fixed_set_of_amounts(self, locale: str) -> None:
        for text, code in (
            ("-1234567.891", "EUR"),
            ("0.00", "USD"),
            ("1000", "JPY"),
            ("0.5", "BHD"),
        ):
            for format_type in FORMAT_TYPES:
                value = Money(text, code)
                assert value.format(locale, format_type=format_type) == babel_text(  # type: ignore[arg-type]
                    value, locale, format_type
                )


class TestPinnedTexts:
    def test_well_known_locales(self) -> None:
        assert Money("1234.5", "EUR").format("de_DE") == "1.234,50\xa0€"
        assert Money("-1234.50", "USD").format("en_US") == "-$1,234.50"
        assert Money("-1234.50", "USD").format("en_US", format_type="accounting") == "($1,234.50)"
        assert Money("1234567", "INR").format("hi_IN") == "₹12,34,567.00"
        assert Money("1234.5", "JPY").format("ja_JP") == "￥1,234.5"

    def test_the_compiled_pattern_is_built_once(self) -> None:
        Money("1.00", "EUR").format("nl_NL")
        assert _currency_format("nl_NL", "EUR", "standard") is _currency_format(
            "nl_NL", "EUR", "standard"
        )


class TestRefusals:
    def test_a_bad_locale_or_format_type_names_the_parameter(self) -> None:
        with pytest.raises(ValidationError, match="'locale'"):
            Money("1.00", "EUR").format(["de_DE"])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'locale'"):
            Money("1.00", "EUR").format("xx_NOWHERE")
        with pytest.raises(ValidationError, match="'format_type'"):
            Money("1.00", "EUR").format("de_DE", format_type="name")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'format_type'"):
            Money("1.00", "EUR").format("de_DE", format_type=["standard"])  # type: ignore[arg-type]
