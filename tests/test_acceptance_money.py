"""The foundation (package, errors, exact money), promise by promise, as a user types it.

Each test quotes the promise it checks. Names come from where the documentation says they live:
``accountexec`` for the re-exported money names, ``accountexec.errors`` for the error classes.
"""

from __future__ import annotations

import importlib.resources
import pickle
import tomllib
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accountexec
from accountexec import Currency, ExchangeRates, Money, Rate
from accountexec.errors import AccountExecError, CurrencyMismatchError, ValidationError

ROOT = Path(__file__).resolve().parent.parent
ROUNDINGS = ("half_up", "half_even", "half_down", "up", "down", "ceiling", "floor")


class TestThePackage:
    def test_pyproject_uses_hatchling_a_src_layout_and_python_311(self):
        meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
        assert meta["build-system"]["build-backend"].startswith("hatchling")
        assert meta["project"]["requires-python"].replace(" ", "") == ">=3.11"
        assert (ROOT / "src" / "accountexec" / "__init__.py").is_file()

    def test_runtime_dependencies_are_the_five_named(self):
        meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
        names = {
            dep.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower()
            for dep in meta["project"]["dependencies"]
        }
        assert {"attrs", "pendulum", "babel", "holidays", "cattrs"} <= names

    def test_extra_test_has_everything_the_checks_need_and_extra_hypothesis_has_hypothesis(self):
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]
        test = " ".join(extras["test"]).lower()
        for tool in ("pytest", "hypothesis", "ruff", "mypy", "coverage", "numpy", "sphinx", "furo"):
            assert tool in test, tool
        assert "myst" in test
        assert any(dep.lower().startswith("hypothesis") for dep in extras["hypothesis"])

    def test_the_package_is_typed(self):
        assert importlib.resources.files("accountexec").joinpath("py.typed").is_file()

    def test_all_is_explicit_sorted_and_complete(self):
        names = list(accountexec.__all__)
        assert len(names) == len(set(names))
        assert names == sorted(names)  # plain sorted() order (RUF022 silenced in __init__.py)
        assert all(hasattr(accountexec, name) for name in names)
        for name in ("Money", "Rate", "Currency", "ExchangeRates"):
            assert name in names

    def test_the_readme_changelog_and_docs_exist(self):
        assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
        readme = (ROOT / "README.md").read_text()
        assert 'pip install -e ".[test]"' in readme
        for page in ("index.md", "guide/money.md", "design.md", "performance.md"):
            assert (ROOT / "docs" / page).is_file(), page
        assert (ROOT / ".ci" / "run").is_file()


class TestErrors:
    def test_the_hierarchy(self):
        assert issubclass(AccountExecError, Exception)
        assert issubclass(ValidationError, AccountExecError)
        assert issubclass(ValidationError, ValueError)
        assert issubclass(CurrencyMismatchError, AccountExecError)
        assert issubclass(CurrencyMismatchError, ValueError)

    def test_messages_are_lowercase_quote_the_value_and_say_what_is_allowed(self):
        with pytest.raises(ValidationError) as info:
            Money(1.5, "EUR")
        message = str(info.value)
        assert message[0].islower()
        assert "'amount'" in message
        assert "1.5" in message
        assert "float" in message
        with pytest.raises(ValidationError) as info:
            Currency("EURO")
        assert "'EURO'" in str(info.value)


class TestCurrency:
    @pytest.mark.parametrize(
        ("code", "minor"), [("EUR", 2), ("JPY", 0), ("VND", 0), ("BHD", 3), ("CLF", 4)]
    )
    def test_minor_units_from_babel(self, code, minor):
        assert Currency(code).code == code
        assert Currency(code).minor_units == minor

    def test_lower_case_is_normalised_and_unknown_codes_refused(self):
        assert Currency("eur").code == "EUR"
        assert Currency("eur") == Currency("EUR")
        with pytest.raises(ValidationError):
            Currency("XYZ")


class TestMoneyValue:
    def test_amount_is_a_decimal_from_str_int_or_decimal(self):
        assert Money("12.50", "EUR").amount == Decimal("12.50")
        assert isinstance(Money(12, "EUR").amount, Decimal)
        assert Money(Decimal("1.5"), Currency("EUR")).currency == Currency("EUR")
        assert Money("12.50", "EUR").currency.code == "EUR"

    @pytest.mark.parametrize(
        "bad", [1.5, True, "NaN", Decimal("NaN"), Decimal("Infinity"), "-Infinity", "sNaN"]
    )
    def test_float_bool_nan_and_infinities_are_refused(self, bad):
        with pytest.raises(ValidationError):
            Money(bad, "EUR")

    def test_zero_frozen_hashable_slotted(self):
        zero = Money.zero("EUR")
        assert zero == Money("0", "EUR")
        assert {Money("1.50", "EUR"): 1}[Money("1.50", "EUR")] == 1
        assert not hasattr(zero, "__dict__")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            zero.amount = Decimal(1)  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(Money("1.50", "EUR"))) == Money("1.50", "EUR")

    def test_repr_whatever_the_locale(self):
        assert repr(Money("12.50", "EUR")) == "Money('12.50', 'EUR')"


class TestArithmetic:
    def test_add_subtract_and_compare_within_one_currency(self):
        a, b = Money("12.50", "EUR"), Money("0.75", "EUR")
        assert a + b == Money("13.25", "EUR")
        assert a - b == Money("11.75", "EUR")
        assert b < a
        assert a >= b

    @pytest.mark.parametrize(
        "operation",
        [
            lambda a, b: a + b,
            lambda a, b: a - b,
            lambda a, b: a < b,
            lambda a, b: a <= b,
            lambda a, b: a > b,
            lambda a, b: a >= b,
        ],
    )
    def test_another_currency_is_a_currency_mismatch(self, operation):
        with pytest.raises(CurrencyMismatchError):
            operation(Money("1.00", "EUR"), Money("1.00", "USD"))

    def test_negation_and_abs(self):
        assert -Money("12.50", "EUR") == Money("-12.50", "EUR")
        assert abs(Money("-12.50", "EUR")) == Money("12.50", "EUR")

    @pytest.mark.parametrize("k", [3, Decimal("3"), Rate("3")])
    def test_multiply_and_divide_by_int_decimal_and_rate(self, k):
        m = Money("12.00", "EUR")
        assert m * k == Money("36.00", "EUR")
        assert m / k == Money("4.00", "EUR")

    def test_money_divided_by_money_is_a_decimal(self):
        ratio = Money("30.00", "EUR") / Money("120.00", "EUR")
        assert isinstance(ratio, Decimal)
        assert ratio == Decimal("0.25")

    def test_full_precision_is_kept(self):
        cpm = Money("3.50", "USD") / 1000
        assert cpm == Money("0.0035", "USD")
        assert cpm.amount == Decimal("0.0035")
        assert not cpm.is_rounded

    def test_floats_are_refused_as_factors(self):
        with pytest.raises(ValidationError):
            Money("1.00", "EUR") * 1.5


class TestRounding:
    def test_round_defaults_to_half_up_to_the_minor_unit(self):
        assert Money("2.345", "EUR").round() == Money("2.35", "EUR")
        assert Money("2.345", "EUR").round(rounding="half_even") == Money("2.34", "EUR")

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            ("half_up", "-2.35"),
            ("half_even", "-2.34"),
            ("half_down", "-2.34"),
            ("up", "-2.35"),
            ("down", "-2.34"),
            ("ceiling", "-2.34"),
            ("floor", "-2.35"),
        ],
    )
    def test_every_named_mode(self, mode, expected):
        assert Money("-2.345", "EUR").round(rounding=mode) == Money(expected, "EUR")

    def test_an_unknown_mode_is_refused(self):
        with pytest.raises(ValidationError):
            Money("1.005", "EUR").round(rounding="bankers")

    def test_is_rounded(self):
        assert Money("1.50", "EUR").is_rounded
        assert not Money("1.505", "EUR").is_rounded

    def test_round_cash_uses_the_cash_increment(self):
        assert Money("10.03", "CHF").round_cash() == Money("10.05", "CHF")
        assert Money("10.02", "CHF").round_cash(rounding="half_up") == Money("10.00", "CHF")


class TestAllocation:
    def test_the_worked_example(self):
        assert Money("100.00", "EUR").split(3) == (
            Money("33.34", "EUR"),
            Money("33.33", "EUR"),
            Money("33.33", "EUR"),
        )

    def test_split_is_allocate_of_ones(self):
        m = Money("100.00", "EUR")
        assert m.split(7) == m.allocate([1] * 7)

    def test_ratios_may_be_ints_decimals_or_fractions(self):
        m = Money("100.00", "EUR")
        by_fraction = m.allocate([Fraction(1, 3), Fraction(2, 3)])
        assert by_fraction == (Money("33.33", "EUR"), Money("66.67", "EUR"))
        assert m.allocate([Decimal("0.5"), Decimal("0.25"), 0, Decimal("0.25")]) == (
            Money("50.00", "EUR"),
            Money("25.00", "EUR"),
            Money("0.00", "EUR"),
            Money("25.00", "EUR"),
        )
        assert isinstance(by_fraction, tuple)

    def test_leftover_units_go_to_the_largest_remainders_ties_to_the_earlier(self):
        # shares 0.035, 0.035, 0.03 cents: floors 3, 3, 3; one cent left, tie -> the first
        assert Money("0.10", "EUR").allocate([35, 35, 30]) == (
            Money("0.04", "EUR"),
            Money("0.03", "EUR"),
            Money("0.03", "EUR"),
        )

    def test_negative_amounts_allocate_symmetrically(self):
        assert Money("-100.00", "EUR").split(3) == tuple(
            -p for p in Money("100.00", "EUR").split(3)
        )

    @pytest.mark.parametrize("ratios", [[1.0, 1], [-1, 2], [0, 0], []])
    def test_floats_negative_and_all_zero_ratios_are_refused(self, ratios):
        with pytest.raises(ValidationError):
            Money("100.00", "EUR").allocate(ratios)

    def test_an_unrounded_amount_is_refused(self):
        with pytest.raises(ValidationError):
            Money("100.005", "EUR").allocate([1, 1])

    @given(
        st.integers(-(10**9), 10**9),
        st.lists(
            st.one_of(st.integers(0, 50), st.fractions(0, 10, max_denominator=12)),
            min_size=1,
            max_size=8,
        ),
    )
    def test_parts_add_to_the_whole_and_stay_within_a_unit_of_the_share(self, cents, ratios):
        whole = Money(Decimal(cents).scaleb(-2), "EUR")
        total = sum(Fraction(r) for r in ratios)
        if not total:
            with pytest.raises(ValidationError):
                whole.allocate(ratios)
            return
        parts = whole.allocate(ratios)
        assert Money.sum(parts, "EUR") == whole
        for part, ratio in zip(parts, ratios, strict=True):
            exact = Fraction(cents) * Fraction(ratio) / total
            assert abs(Fraction(part.amount.scaleb(2)) - exact) < 1


class TestSums:
    def test_money_sum_and_builtin_sum(self):
        items = [Money("1.10", "EUR"), Money("2.20", "EUR")]
        assert Money.sum(items, "EUR") == Money("3.30", "EUR")
        assert Money.sum([], "EUR") == Money.zero("EUR")
        assert sum(items, Money.zero("EUR")) == Money("3.30", "EUR")

    def test_sum_refuses_another_currency(self):
        with pytest.raises(CurrencyMismatchError):
            Money.sum([Money("1", "EUR"), Money("1", "USD")], "EUR")


class TestText:
    def test_format_through_babel(self):
        assert Money("1234.50", "EUR").format(locale="de_DE") == "1.234,50\xa0€"

    def test_format_shows_the_amount_as_held(self):
        assert "0.0035" in Money("0.0035", "USD").format(locale="en_US")

    def test_parse_the_issue_example(self):
        assert Money.parse("1.234,50 €", "EUR", locale="de_DE") == Money("1234.50", "EUR")

    @pytest.mark.parametrize("text", ["abc", "1,23", "", "€12€", "1e5"])
    def test_text_that_does_not_parse_is_a_validation_error(self, text):
        with pytest.raises(ValidationError):
            Money.parse(text, "EUR", locale="en_US")

    @pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "ja_JP", "vi_VN"])
    @given(st.integers(-(10**12), 10**12), st.sampled_from(["EUR", "USD", "JPY", "VND", "BHD"]))
    def test_format_parse_round_trip(self, locale, units, code):
        m = Money(Decimal(units).scaleb(-Currency(code).minor_units), code)
        assert Money.parse(m.format(locale=locale), code, locale=locale) == m


class TestRate:
    def test_construction_and_views(self):
        assert Rate("0.15") == Rate.percent(15)
        assert Rate("0.15").value == Decimal("0.15")
        assert Rate("0.15").as_percent() == Decimal("15")
        assert Money("200.00", "EUR") * Rate("0.15") == Money("30.00", "EUR")

    def test_floats_are_refused(self):
        with pytest.raises(ValidationError):
            Rate(0.15)
        with pytest.raises(ValidationError):
            Rate.percent(15.0)


class TestExchangeRates:
    def test_the_issue_example(self):
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=date(2026, 11, 27))
        usd = fx.convert(Money("100.00", "EUR"), "USD", rounding="half_up")
        assert usd == Money("108.25", "USD")
        assert usd.is_rounded

    def test_any_pair_goes_through_the_base(self):
        fx = ExchangeRates(
            base="EUR", rates={"USD": "1.0825", "GBP": "0.8450"}, as_of=date(2026, 11, 27)
        )
        assert fx.convert(Money("100.00", "USD"), "GBP") == Money("78.06", "GBP")

    def test_a_missing_rate_names_the_pair(self):
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=date(2026, 11, 27))
        with pytest.raises(CurrencyMismatchError) as info:
            fx.convert(Money("1.00", "USD"), "JPY")
        assert "'USD'" in str(info.value)
        assert "'JPY'" in str(info.value)


@pytest.mark.usefixtures("hostile_decimal_context")
class TestResultsNeverDependOnTheCallersContext:
    """The caller's context has prec=5, Inexact and Rounded trapped, flooring, Emax=20."""

    def test_arithmetic(self):
        a, b = Money("123456789.123456", "EUR"), Money("0.000001", "EUR")
        assert (a + b).amount == Decimal("123456789.123457")
        assert (a - b).amount == Decimal("123456789.123455")
        assert (a * Rate("0.333333333")).amount == Decimal("41152262.999999736958848")
        assert (a * 3).amount == Decimal("370370367.370368")
        assert (Money("10.00", "EUR") / 3).amount == Decimal(
            "3.33333333333333333333333333333333333333333333333333333333333"
        )
        assert Money("10.00", "EUR") / Money("4.00", "EUR") == Decimal("2.5")
        assert a > b
        assert -a == Money("-123456789.123456", "EUR")

    def test_sums(self):
        parts = [Money("123456789.12", "EUR"), Money("0.000001", "EUR")]
        assert Money.sum(parts, "EUR").amount == Decimal("123456789.120001")
        assert sum(parts, Money.zero("EUR")).amount == Decimal("123456789.120001")

    def test_rounding_and_allocation_with_fractions(self):
        assert Money("123456789.125", "EUR").round() == Money("123456789.13", "EUR")
        assert Money("123456789.13", "CHF").round_cash() == Money("123456789.15", "CHF")
        parts = Money("1000000.00", "EUR").allocate(
            [Fraction(1, 3), Fraction(2, 7), Decimal("0.123456789")]
        )
        assert Money.sum(parts, "EUR") == Money("1000000.00", "EUR")
        assert parts[0] == Money("448931.12", "EUR")

    def test_format_and_parse(self):
        text = Money("123456789.123456", "EUR").format(locale="de_DE")
        assert text == "123.456.789,123456\xa0€"
        assert Money.parse(text, "EUR", locale="de_DE") == Money("123456789.123456", "EUR")

    def test_rates_and_conversion(self):
        assert Rate.percent("12.3456789") == Rate("0.123456789")
        fx = ExchangeRates(base="EUR", rates={"JPY": "163.5234567"}, as_of=date(2026, 11, 27))
        assert fx.convert(Money("1234567.89", "EUR"), "JPY") == Money("201880809", "JPY")
        assert fx.convert(Money("201880809", "JPY"), "EUR") == Money("1234567.89", "EUR")
