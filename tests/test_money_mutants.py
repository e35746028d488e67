"""Behaviour of accountexec.money that mutation testing found unpinned (see docs/testing.md).

Each test pins a figure, a text or a refusal message word for word. Some build values afresh
(a currency, the zero of a currency) because the library interns them: the shared instances are
built once per process, so only a fresh registry runs the code that builds them.
"""

from __future__ import annotations

import decimal
import re
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import babel.core
import babel.numbers
import pytest

import accountexec.money as money_module
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import (
    DECIMAL_CONTEXT,
    Currency,
    ExchangeRates,
    Money,
    Rate,
    _CurrencyFormat,
    money_validator,
)

JAN_1 = date(2026, 1, 1)
ISO_4217 = "an ISO 4217 currency code such as 'EUR' (see babel.numbers.list_currencies())"
LOCALE = "a CLDR locale identifier such as 'de_DE'"
MAGNITUDE = "a magnitude between 1E-60 and 1E+36 (or zero)"


def refusal(call: Any, message: str, error: type[Exception] = ValidationError) -> Exception:
    """Run ``call``, which must raise ``error`` with exactly ``message``; return the error."""
    with pytest.raises(error, match=f"^{re.escape(message)}$") as info:
        call()
    return info.value


class TestCurrencyBuiltAfresh:
    """A currency is built from CLDR the first time its code is seen, then shared."""

    @pytest.fixture
    def registry(self, monkeypatch: pytest.MonkeyPatch) -> dict[object, Currency]:
        fresh: dict[object, Currency] = {}
        monkeypatch.setattr(money_module, "_CURRENCIES", fresh)
        return fresh

    def test_minor_units_and_cash_increments_come_from_cldr(
        self, registry: dict[object, Currency]
    ) -> None:
        # CHF: cash in steps of 0.05; JPY: whole yen; HUF: whole forints, cash in steps of 5;
        # EUR: no entry in CLDR's currency fractions (the minor unit is the cash increment).
        expected = {
            "CHF": (2, Decimal("0.05")),
            "JPY": (0, Decimal(1)),
            "HUF": (0, Decimal(5)),
            "EUR": (2, Decimal("0.01")),
        }
        for code, (minor_units, cash) in expected.items():
            currency = Currency(code.lower())
            assert type(currency) is Currency
            assert (currency.code, currency.minor_units) == (code, minor_units)
            assert str(currency.cash_increment) == str(cash)
            assert Currency(code) is currency is Currency(code.lower())
        assert registry == {
            **{code: registry[code] for code in expected},
            **{code.lower(): registry[code] for code in expected},
        }

    def test_a_fresh_currency_rounds_to_its_minor_unit(
        self, registry: dict[object, Currency]
    ) -> None:
        assert Money("1.005", Currency("CHF")).round() == Money("1.01", "CHF")
        assert repr(Money("1.005", Currency("CHF")).round()) == "Money('1.01', 'CHF')"
        assert repr(Money("10.03", Currency("CHF")).round_cash()) == "Money('10.05', 'CHF')"
        assert repr(Money("7.5", Currency("JPY")).round()) == "Money('8', 'JPY')"

    def test_the_upper_case_code_is_registered_first(
        self, registry: dict[object, Currency]
    ) -> None:
        first = Currency("CHF")
        assert registry == {"CHF": first}
        assert Currency("chf") is first
        assert registry == {"CHF": first, "chf": first}

    @pytest.mark.parametrize("code", [978, None, "EURO"])
    def test_refusals_name_the_code(self, registry: dict[object, Currency], code: object) -> None:
        message = f"invalid 'currency': {code!r}; expected {ISO_4217}"
        error = refusal(lambda: Currency(code), message)  # type: ignore[arg-type]
        assert isinstance(error, ValidationError)
        assert (error.field, error.value) == ("currency", code)
        assert registry == {}


class TestZeroBuiltAfresh:
    @pytest.fixture(autouse=True)
    def zeros(self, monkeypatch: pytest.MonkeyPatch) -> dict[Currency, Money]:
        fresh: dict[Currency, Money] = {}
        monkeypatch.setattr(money_module, "_ZEROS", fresh)
        return fresh

    def test_the_zero_of_each_currency_has_its_minor_units(
        self, zeros: dict[Currency, Money]
    ) -> None:
        eur = Money.zero("EUR")
        jpy = Money.zero("JPY")
        bhd = Money.zero("BHD")
        assert (repr(eur), repr(jpy), repr(bhd)) == (
            "Money('0.00', 'EUR')",
            "Money('0', 'JPY')",
            "Money('0.000', 'BHD')",
        )
        assert eur.currency is Currency("EUR")
        assert Money.zero("eur") is eur
        assert Money.zero(Currency("JPY")) is jpy
        assert zeros == {Currency("EUR"): eur, Currency("JPY"): jpy, Currency("BHD"): bhd}


class TestMoneyValidator:
    @staticmethod
    def field(**flags: bool) -> Any:
        @attrs.frozen
        class Fee:
            amount: Money | None = attrs.field(validator=money_validator(**flags))

        return Fee

    def test_the_defaults_ask_for_any_money(self) -> None:
        fee = self.field()
        for value in (Money("1.005", "EUR"), Money("-3.00", "EUR"), Money("0", "JPY")):
            assert fee(value).amount is value
        for bad in (None, "1.00", Decimal(1)):
            error = refusal(lambda: fee(bad), f"invalid 'amount': {bad!r}; expected a Money")  # noqa: B023
            assert isinstance(error, ValidationError)
            assert (error.field, error.value) == ("amount", bad)

    @pytest.mark.parametrize(
        ("flags", "allowed"),
        [
            ({"rounded": True}, "a Money rounded to its currency's minor unit"),
            ({"non_negative": True}, "a Money of zero or more"),
            (
                {"rounded": True, "non_negative": True},
                "a Money rounded to its currency's minor unit, of zero or more",
            ),
            ({"optional": True}, "a Money, or None"),
            (
                {"rounded": True, "optional": True},
                "a Money rounded to its currency's minor unit, or None",
            ),
            ({"non_negative": True, "optional": True}, "a Money of zero or more, or None"),
            (
                {"rounded": True, "non_negative": True, "optional": True},
                "a Money rounded to its currency's minor unit, of zero or more, or None",
            ),
        ],
    )
    def test_each_rule_says_what_is_allowed(self, flags: dict[str, bool], allowed: str) -> None:
        fee = self.field(**flags)
        refusal(lambda: fee("1.00"), f"invalid 'amount': '1.00'; expected {allowed}")
        if flags.get("rounded"):
            value = Money("1.005", "EUR")
            refusal(lambda: fee(value), f"invalid 'amount': {value!r}; expected {allowed}")
        if flags.get("non_negative"):
            value = Money("-0.01", "EUR")
            refusal(lambda: fee(value), f"invalid 'amount': {value!r}; expected {allowed}")

    def test_rounded(self) -> None:
        fee = self.field(rounded=True)
        for value in (Money("1.50", "EUR"), Money("1.500", "EUR"), Money("-2.00", "EUR")):
            assert fee(value).amount is value
        with pytest.raises(ValidationError):
            fee(Money("1.505", "EUR"))
        with pytest.raises(ValidationError):
            fee(None)

    def test_non_negative(self) -> None:
        fee = self.field(non_negative=True)
        for value in (Money("0.00", "EUR"), Money("0.50", "EUR"), Money("1.005", "EUR")):
            assert fee(value).amount is value
        with pytest.raises(ValidationError):
            fee(Money("-0.01", "EUR"))
        with pytest.raises(ValidationError):
            fee(None)

    def test_rounded_and_non_negative_each_refuse_on_their_own(self) -> None:
        fee = self.field(rounded=True, non_negative=True)
        assert fee(Money("0.00", "EUR")).amount == Money("0.00", "EUR")
        with pytest.raises(ValidationError):
            fee(Money("-1.00", "EUR"))  # rounded, negative
        with pytest.raises(ValidationError):
            fee(Money("1.005", "EUR"))  # positive, not rounded

    def test_optional_takes_none_and_still_checks_the_rest(self) -> None:
        fee = self.field(optional=True, rounded=True)
        assert fee(None).amount is None
        assert fee(Money("1.00", "EUR")).amount == Money("1.00", "EUR")
        with pytest.raises(ValidationError):
            fee("1.00")
        with pytest.raises(ValidationError):
            fee(Money("1.005", "EUR"))


class PatternLocale(babel.core.Locale):
    """English, but with one currency pattern of our choosing (for patterns CLDR has none of)."""

    def __init__(self, pattern: str, accounting: str | None = None) -> None:
        super().__init__("en", "US")
        self._patterns = {
            "standard": babel.numbers.parse_pattern(pattern),
            "accounting": babel.numbers.parse_pattern(accounting or pattern),
        }

    @property
    def currency_formats(self) -> Any:
        return self._patterns


def babel_text(amount: Decimal, code: str, loc: babel.core.Locale | str) -> str:
    with decimal.localcontext(DECIMAL_CONTEXT):
        return babel.numbers.format_currency(
            amount, code, locale=loc, format_type="standard", decimal_quantization=False
        )


class TestCompiledCurrencyPatterns:
    """The compiled formatter writes what babel writes, also for patterns no CLDR locale uses."""

    @pytest.mark.parametrize(
        ("pattern", "texts"),
        [
            # left to babel: scientific, a percent scale, significant digits, the plural name,
            # no number at all
            ("¤#,##0.00E0", ("€1.2345E3", "-€5.00E0", "€3.50E-3", "€1.00E0")),
            ("#,##0.00% ¤", ("123,450.00% €", "-500.00% €", "0.35% €", "100.00% €")),
            ("@@@ ¤", ("1230 €", "-5.00 €", "0.00350 €", "1.00 €")),
            ("#,##0.00 ¤¤¤", ("1,234.50 euros", "-5.00 euros", "0.0035 euros", "1.00 euro")),
            ("¤", ("€", "-€", "€", "€")),
            # compiled: the ISO code, integer digits padded, quotes
            ("¤¤ #,##0.00", ("EUR 1,234.50", "-EUR 5.00", "EUR 0.0035", "EUR 1.00")),
            ("¤#,#00.00", ("€1,234.50", "-€05.00", "€00.0035", "€01.00")),
            ("¤000.00", ("€1234.50", "-€005.00", "€000.0035", "€001.00")),
            ("#,##0.00 ''¤", ("1,234.50 '€", "-5.00 '€", "0.0035 '€", "1.00 '€")),
            ("#,##0.00 '¤'", ("1,234.50 €", "-5.00 €", "0.0035 €", "1.00 €")),
        ],
    )
    def test_pattern(self, pattern: str, texts: tuple[str, ...]) -> None:
        loc = PatternLocale(pattern)
        compiled = _CurrencyFormat(loc, "EUR", "standard")
        for amount, text in zip(("1234.5", "-5", "0.0035", "1"), texts, strict=True):
            assert babel_text(Decimal(amount), "EUR", loc) == text
            assert compiled(Decimal(amount)) == text

    def test_left_to_babel_in_the_library_context(self) -> None:
        compiled = _CurrencyFormat(PatternLocale("¤#,##0.00E0"), "EUR", "standard")
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR)):
            assert compiled(Decimal("1234.56789")) == "€1.23456789E3"

    def test_left_to_babel_with_the_format_type(self) -> None:
        loc = PatternLocale("¤#,##0.00E0", accounting="¤#,##0.00E0;(¤#,##0.00E0)")
        standard = _CurrencyFormat(loc, "EUR", "standard")
        accounting = _CurrencyFormat(loc, "EUR", "accounting")
        assert (standard(Decimal(-5)), accounting(Decimal(-5))) == ("-€5.00E0", "(€5.00E0)")

    def test_a_group_symbol_that_is_a_quote_is_removed_as_babel_removes_it(self) -> None:
        assert Money("1234567.50", "CHF").format("de_CH") == "CHF\xa01234567.50"
        assert Money("-1234567.50", "CHF").format("de_CH") == "CHF-1234567.50"

    @pytest.mark.parametrize(
        ("text", "code", "locale", "expected"),
        [
            ("1234567.891", "EUR", "en_US", "€1,234,567.891"),
            ("1234567", "JPY", "ja_JP", "￥1,234,567"),
            ("1E+3", "JPY", "ja_JP", "￥1,000"),
            ("0.5", "JPY", "ja_JP", "￥0.5"),
            ("1.50", "BHD", "en_US", "BHD1.500"),
            ("0.0035", "JPY", "en_US", "¥0.0035"),
            ("12345678.5", "INR", "hi_IN", "₹1,23,45,678.50"),
            ("-12345678.5", "USD", "mr_IN", "-$12,345,678.50"),
            ("100", "EUR", "de_DE", "100,00\xa0€"),
        ],
    )
    def test_pinned_texts(self, text: str, code: str, locale: str, expected: str) -> None:
        assert Money(text, code).format(locale) == expected
        assert babel_text(Decimal(text), code, locale) == expected

    def test_the_default_locale_and_format_type(self) -> None:
        assert Money("-1234.5", "USD").format() == "-$1,234.50"
        refusal(
            lambda: Money("1.00", "EUR").format("de_DE", format_type="name"),  # type: ignore[arg-type]
            "invalid 'format_type': 'name'; expected 'standard' or 'accounting'",
        )
        refusal(
            lambda: Money("1.00", "EUR").format("de_DE", format_type=["standard"]),  # type: ignore[arg-type]
            "invalid 'format_type': ['standard']; expected 'standard' or 'accounting'",
        )


class TestParsingAffixes:
    @pytest.mark.parametrize(
        ("text", "code", "locale", "expected"),
        [
            (".50", "USD", "en_US", "0.50"),  # starting on the decimal symbol
            ("- 1.00", "USD", "en_US", "-1.00"),  # spaces after a leading sign
            ("-$ 1.00", "USD", "en_US", "-1.00"),
            ("1,234.56 -", "USD", "en_US", "-1234.56"),  # spaces before a trailing sign
            ("1.00 $", "USD", "en_US", "1.00"),
            ("$123,456.00", "USD", "mr_IN", "123456.00"),  # grouped as mr_IN writes money
            ("$1,234,567.50", "USD", "mr_IN", "1234567.50"),
        ],
    )
    def test_reads(self, text: str, code: str, locale: str, expected: str) -> None:
        assert str(Money.parse(text, code, locale).amount) == expected

    @pytest.mark.parametrize(
        ("text", "code", "locale"),
        [
            # a tab is not one of the spaces that may sit around a sign or a currency mark
            ("-\t1.00", "USD", "en_US"),
            ("$\t1.00", "USD", "en_US"),
            ("1.00\t$", "USD", "en_US"),
            ("1.00\t-", "USD", "en_US"),
            # mis-grouped for the locale's money
            ("1,23.00", "USD", "mr_IN"),
            ("12345,678,901.00", "USD", "mr_IN"),
            ("1,23,456,789.00", "USD", "mr_IN"),
            ("1,234,56,789.00", "USD", "mr_IN"),
            ("₹111,111.00", "INR", "en_IN"),  # en_IN groups money 1,11,111
            # a leading zero before the first group
            ("$01,234.00", "USD", "en_US"),
            ("₹01,11,111.00", "INR", "en_IN"),
        ],
    )
    def test_refuses(self, text: str, code: str, locale: str) -> None:
        refusal(
            lambda: Money.parse(text, code, locale),
            f"invalid 'text': {text!r}; expected an amount of {code} as written in {locale}",
        )

    def test_a_locale_that_is_not_text(self) -> None:
        refusal(
            lambda: Money.parse("1.00", "EUR", ["de_DE"]),  # type: ignore[arg-type]
            f"invalid 'locale': ['de_DE']; expected {LOCALE}",
        )
        error = refusal(
            lambda: Rate("0.5").format(None),  # type: ignore[arg-type]
            f"invalid 'locale': None; expected {LOCALE}",
        )
        assert isinstance(error, ValidationError)
        assert (error.field, error.value) == ("locale", None)


class TestFormatSpecs:
    def test_a_percent_spec_rounds_half_up_at_its_own_places(self) -> None:
        assert f"{Money('0.12345', 'EUR'):.1%}" == "12.3% EUR"
        assert f"{Money('0.12345', 'EUR'):.2%}" == "12.35% EUR"
        assert f"{Money('0.0625', 'EUR'):.1%}" == "6.3% EUR"

    def test_the_most_places_a_spec_rounds_half_up(self) -> None:
        tiny = Money("0." + "0" * 27 + "25", "EUR")
        assert f"{tiny:.28f}" == "0." + "0" * 27 + "3 EUR"

    def test_other_specs_round_in_the_library_context(self) -> None:
        with decimal.localcontext(decimal.Context(rounding=decimal.ROUND_FLOOR)):
            assert f"{Money('1.235', 'EUR'):.2e}" == "1.24e+0 EUR"

    def test_a_callers_narrow_context_changes_nothing(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        assert f"{Money('123456.789', 'EUR'):.2f}" == "123456.79 EUR"
        assert Rate("0.123456789").round(8) == Rate("0.12345679")
        assert Rate("0.123456789").format() == "12.3456789%"
        assert Rate("0.123456789").format("de_DE") == "12,3456789\xa0%"

    def test_a_bad_spec_is_refused_naming_it(self) -> None:
        error = refusal(
            lambda: f"{Money('1.00', 'EUR'):xyz}",
            "invalid 'format_spec': 'xyz'; expected a Decimal format specification such as ',.2f'",
        )
        assert isinstance(error, ValidationError)
        assert error.value == "xyz"


class TestPlainTexts:
    def test_amounts_and_rates_are_written_without_exponents(self) -> None:
        assert str(Money("1E+2", "EUR")) == "100 EUR"
        assert str(Money("1E-7", "EUR")) == "0.0000001 EUR"
        assert repr(Rate("1E-7")) == "Rate('0.0000001')"
        assert str(Rate("1E-9")) == "0.0000001%"
        assert str(Rate("1E+2")) == "10000%"


class TestRateFormatAndRound:
    def test_the_default_locale_is_en_us(self) -> None:
        assert Rate("0.075").format() == "7.5%"
        assert Rate("0.075").format("de_DE") == "7,5\xa0%"
        assert Rate("0.075").format(places=2) == "7.50%"

    def test_the_most_places(self) -> None:
        assert Rate("0.1").round(28) == Rate("0.1")
        assert repr(Rate("0.1").round(28)) == f"Rate('0.1{'0' * 27}')"
        assert Rate("0.5").format(places=26) == f"50.{'0' * 26}%"
        for places in (29, -1):
            refusal(
                lambda: Rate("0.5").round(places),  # noqa: B023
                f"invalid 'places': {places}; expected a whole number from 0 to 28",
            )
        for places in (27, -1):
            error = refusal(
                lambda: Rate("0.5").format(places=places),  # noqa: B023
                f"invalid 'places': {places}; expected a whole number from 0 to 26",
            )
            assert isinstance(error, ValidationError)
            assert error.value == places


class TestRefusalsCarryTheValue:
    @pytest.mark.parametrize("factor", [Decimal("1E+40"), 10**40])
    @pytest.mark.parametrize("operation", ["__mul__", "__truediv__"])
    def test_factors_out_of_range(self, factor: object, operation: str) -> None:
        call = getattr(Money("1.00", "EUR"), operation)
        error = refusal(lambda: call(factor), f"invalid 'factor': {factor!r}; expected {MAGNITUDE}")
        assert isinstance(error, ValidationError)
        assert error.value == factor

    def test_a_rate_that_is_not_a_number(self) -> None:
        refusal(
            lambda: ExchangeRates(base="EUR", rates={"usd": "abc"}, as_of=JAN_1),
            "invalid \"rates['USD']\": 'abc'; expected a positive Decimal, int or numeric str "
            "(never a float)",
        )

    def test_ratios_that_are_not_a_sequence(self) -> None:
        refusal(
            lambda: Money("1.00", "EUR").allocate(5),  # type: ignore[arg-type]
            "invalid 'ratios': 5; expected a sequence (list or tuple)",
        )

    def test_a_missing_rate_is_a_refusal_to_convert(self) -> None:
        fx = ExchangeRates(base="EUR", rates={"USD": "2"}, as_of=JAN_1)
        for call in (lambda: fx.rate("EUR", "JPY"), lambda: fx.convert(Money("1", "JPY"), "EUR")):
            with pytest.raises(CurrencyMismatchError) as info:
                call()
            assert info.value.operation == "convert"


class TestSplitLimit:
    def test_split_takes_up_to_the_most_parts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(money_module, "_MAX_PARTS", 3)
        assert Money("0.10", "EUR").split(3) == (
            Money("0.04", "EUR"),
            Money("0.03", "EUR"),
            Money("0.03", "EUR"),
        )
        refusal(
            lambda: Money("0.10", "EUR").split(4), "invalid 'n': 4; expected an int from 1 to 3"
        )
