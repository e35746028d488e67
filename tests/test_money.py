"""Tests of accountexec.money: Currency, Money, Rate and ExchangeRates."""

from __future__ import annotations

import copy
import decimal
import pickle
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest

from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import (
    DECIMAL_CONTEXT,
    ROUNDING_MODES,
    Currency,
    ExchangeRates,
    Money,
    Rate,
    decimal_context,
)

EUR = Currency("EUR")


class TestCurrency:
    @pytest.mark.parametrize(
        ("code", "minor_units"),
        [("EUR", 2), ("USD", 2), ("JPY", 0), ("VND", 0), ("BHD", 3), ("CLF", 4)],
    )
    def test_minor_units_come_from_iso_4217(self, code: str, minor_units: int) -> None:
        assert Currency(code).minor_units == minor_units

    def test_lower_case_codes_are_normalised(self) -> None:
        assert Currency("eur").code == "EUR"
        assert Currency("eUr") == Currency("EUR")

    def test_instances_are_shared(self) -> None:
        assert Currency("EUR") is Currency("eur") is Currency(Currency("EUR"))

    @pytest.mark.parametrize("code", ["EURO", "ZZZ", "", " EUR", 978, None])
    def test_unknown_codes_are_refused(self, code: object) -> None:
        with pytest.raises(ValidationError, match="ISO 4217"):
            Currency(code)  # type: ignore[arg-type]

    def test_equality_and_hash_go_by_code(self) -> None:
        assert Currency("EUR") != Currency("USD")
        assert hash(Currency("EUR")) == hash(Currency("eur"))
        assert len({Currency("EUR"), Currency("eur"), Currency("USD")}) == 2

    def test_repr_and_str(self) -> None:
        assert repr(EUR) == "Currency('EUR')"
        assert str(EUR) == "EUR"

    def test_pickling_and_copying_keep_the_shared_instance(self) -> None:
        assert pickle.loads(pickle.dumps(EUR)) is EUR
        assert copy.deepcopy(EUR) is EUR

    def test_is_immutable(self) -> None:
        with pytest.raises(AttributeError):
            EUR.code = "USD"  # type: ignore[misc]

    def test_cash_increment_comes_from_cldr(self) -> None:
        assert Currency("CHF").cash_increment == Decimal("0.05")
        assert Currency("EUR").cash_increment == Decimal("0.01")
        assert Currency("JPY").cash_increment == Decimal(1)

    def test_cash_increment_falls_back_to_the_minor_unit(self) -> None:
        # CLF's entry in CLDR's currency fractions has no cash rounding (0): one minor unit.
        assert Currency("CLF").cash_increment == Decimal("0.0001")
        # EUR has no entry of its own there.
        assert str(Currency("EUR").cash_increment) == "0.01"


class TestMoneyConstruction:
    def test_strings_and_ints_are_converted_exactly(self) -> None:
        assert Money("12.50", "EUR").amount == Decimal("12.50")
        assert str(Money("12.50", "EUR").amount) == "12.50"
        assert Money(12, "EUR").amount == Decimal(12)
        assert Money(Decimal("0.0035"), "USD").amount == Decimal("0.0035")

    def test_currency_is_a_code_or_a_currency(self) -> None:
        assert Money("1", "eur").currency is EUR
        assert Money("1", EUR).currency is EUR

    @pytest.mark.parametrize(
        "amount",
        [1.5, True, False, "NaN", "Infinity", "-inf", "sNaN", Decimal("NaN"), "abc", "", None, [1]],
    )
    def test_floats_bools_and_non_finite_values_are_refused(self, amount: object) -> None:
        with pytest.raises(ValidationError, match="'amount'"):
            Money(amount, "EUR")  # type: ignore[arg-type]

    def test_unknown_currency_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'currency'"):
            Money("1", "XYZ")

    def test_negative_zero_is_held_as_zero(self) -> None:
        assert repr(Money("-0.00", "EUR")) == "Money('0.00', 'EUR')"

    def test_is_frozen_and_slotted(self) -> None:
        m = Money("1.00", "EUR")
        with pytest.raises(AttributeError):
            m.amount = Decimal(2)  # type: ignore[misc]
        assert not hasattr(m, "__dict__")

    def test_zero_has_the_minor_units(self) -> None:
        assert repr(Money.zero("EUR")) == "Money('0.00', 'EUR')"
        assert repr(Money.zero("JPY")) == "Money('0', 'JPY')"
        assert repr(Money.zero("BHD")) == "Money('0.000', 'BHD')"

    def test_repr_shows_the_amount_as_held(self) -> None:
        assert repr(Money("12.50", "EUR")) == "Money('12.50', 'EUR')"
        assert repr(Money("1.5", "EUR")) == "Money('1.5', 'EUR')"
        assert repr(Money("1E+3", "EUR")) == "Money('1000', 'EUR')"
        assert str(Money("12.50", "EUR")) == "12.50 EUR"

    def test_repr_round_trips(self) -> None:
        m = Money("0.0035", "USD")
        assert eval(repr(m), {"Money": Money}) == m

    def test_pickles(self) -> None:
        m = Money("12.50", "EUR")
        copied = pickle.loads(pickle.dumps(m))
        assert copied == m
        assert copied.currency is EUR


class TestMoneyEquality:
    def test_equal_values_are_equal_whatever_their_digits(self) -> None:
        assert Money("1.0", "EUR") == Money("1.00", "EUR")
        assert hash(Money("1.0", "EUR")) == hash(Money("1.00", "EUR"))

    def test_different_currencies_are_never_equal(self) -> None:
        assert Money("1.00", "EUR") != Money("1.00", "USD")

    def test_money_is_never_equal_to_a_number(self) -> None:
        assert Money("0", "EUR") != 0
        assert Money("1", "EUR") != Decimal(1)

    def test_ordering_within_one_currency(self) -> None:
        a, b = Money("1.00", "EUR"), Money("2.00", "EUR")
        assert a < b
        assert a <= b
        assert b > a
        assert b >= a
        assert a <= Money("1.0", "EUR")
        assert max(a, b) is b

    @pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
    def test_ordering_across_currencies_is_refused(self, op: str) -> None:
        with pytest.raises(CurrencyMismatchError, match="cannot compare 'EUR' and 'USD'"):
            getattr(Money("1", "EUR"), op)(Money("1", "USD"))

    def test_ordering_against_a_number_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            _ = Money("1", "EUR") < 2  # type: ignore[operator]


class TestMoneyArithmetic:
    def test_addition_and_subtraction_keep_full_precision(self) -> None:
        assert Money("12.50", "EUR") + Money("0.0035", "EUR") == Money("12.5035", "EUR")
        assert repr(Money("12.50", "EUR") - Money("0.50", "EUR")) == "Money('12.00', 'EUR')"

    @pytest.mark.parametrize("op", ["__add__", "__sub__"])
    def test_mixing_currencies_is_refused(self, op: str) -> None:
        with pytest.raises(CurrencyMismatchError):
            getattr(Money("1", "EUR"), op)(Money("1", "USD"))

    def test_adding_a_number_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            _ = Money("1", "EUR") + 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1", "EUR") - Decimal(1)  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = 1 + Money("1", "EUR")  # type: ignore[operator]

    def test_zero_plus_money_is_money_so_builtin_sum_works(self) -> None:
        moneys = [Money("1.10", "EUR"), Money("2.20", "EUR")]
        assert sum(moneys) == Money("3.30", "EUR")
        assert sum(moneys, Money.zero("EUR")) == Money("3.30", "EUR")

    def test_zero_minus_money_is_its_negation_like_zero_plus_money(self) -> None:
        assert 0 - Money("12.50", "EUR") == Money("-12.50", "EUR")
        assert repr(0 - Money("0.00", "EUR")) == "Money('0.00', 'EUR')"
        with pytest.raises(TypeError):
            _ = 1 - Money("1", "EUR")  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Decimal(0) - Money("1", "EUR")  # type: ignore[operator]
        assert Money("1", "EUR").__rsub__(True) is NotImplemented  # type: ignore[arg-type]

    def test_negation_and_absolute_value(self) -> None:
        assert -Money("1.50", "EUR") == Money("-1.50", "EUR")
        assert abs(Money("-1.50", "EUR")) == Money("1.50", "EUR")
        assert +Money("1.50", "EUR") == Money("1.50", "EUR")
        assert repr(-Money.zero("EUR")) == "Money('0.00', 'EUR')"

    def test_multiplication_by_int_decimal_and_rate(self) -> None:
        m = Money("10.00", "EUR")
        assert m * 3 == Money("30.00", "EUR")
        assert 3 * m == Money("30.00", "EUR")
        assert m * Decimal("0.0035") == Money("0.035", "EUR")
        assert m * Rate("0.15") == Money("1.5", "EUR")
        assert Rate("0.15") * m == Money("1.5", "EUR")
        assert repr(Money("-1.00", "EUR") * 0) == "Money('0.00', 'EUR')"

    @pytest.mark.parametrize(
        "factor", [1.5, True, Fraction(1, 2), Decimal("NaN"), Decimal("Infinity")]
    )
    def test_multiplication_by_floats_bools_and_fractions_is_refused(self, factor: object) -> None:
        with pytest.raises(ValidationError, match="'factor'"):
            _ = Money("10.00", "EUR") * factor  # type: ignore[operator]
        with pytest.raises(ValidationError, match="'factor'"):
            _ = Money("10.00", "EUR") / factor  # type: ignore[operator]

    def test_multiplying_two_amounts_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            _ = Money("1", "EUR") * Money("1", "EUR")  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1", "EUR") / "2"  # type: ignore[operator]

    def test_division_keeps_full_precision(self) -> None:
        third = Money("100.00", "EUR") / 3
        assert third.amount == DECIMAL_CONTEXT.divide(Decimal(100), Decimal(3))
        assert Money("10.00", "EUR") / Rate("0.5") == Money("20", "EUR")
        assert Money("10.00", "EUR") / Decimal("4") == Money("2.5", "EUR")

    @pytest.mark.parametrize("divisor", [0, Decimal(0), Decimal("-0.0"), Rate("0")])
    def test_division_by_zero_is_refused(self, divisor: object) -> None:
        with pytest.raises(ValidationError, match="'divisor'"):
            _ = Money("1", "EUR") / divisor  # type: ignore[operator]

    def test_money_over_money_is_a_decimal(self) -> None:
        assert Money("30.00", "EUR") / Money("120.00", "EUR") == Decimal("0.25")
        assert Money("30.00", "EUR").ratio_to(Money("-120", "EUR")) == Decimal("-0.25")
        assert Money("0.00", "EUR") / Money("-5", "EUR") == 0
        assert not (Money("0.00", "EUR") / Money("-5", "EUR")).is_signed()

    def test_money_over_money_needs_one_currency_and_a_non_zero_divisor(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="cannot divide"):
            _ = Money("1", "EUR") / Money("1", "USD")
        with pytest.raises(ValidationError, match="'divisor'"):
            _ = Money("1", "EUR") / Money("0.00", "EUR")
        with pytest.raises(ValidationError, match="'other'"):
            Money("1", "EUR").ratio_to(2)  # type: ignore[arg-type]


class TestMoneySum:
    def test_sums_moneys_of_one_currency(self) -> None:
        moneys = [Money("1.10", "EUR"), Money("2.20", "EUR"), Money("0.005", "EUR")]
        assert Money.sum(moneys, "EUR") == Money("3.305", "EUR")
        assert Money.sum(iter(moneys), EUR) == Money("3.305", "EUR")

    def test_empty_sum_is_zero_in_the_currency(self) -> None:
        assert repr(Money.sum([], "EUR")) == "Money('0.00', 'EUR')"

    def test_other_currencies_and_non_money_are_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            Money.sum([Money("1", "EUR"), Money("1", "USD")], "EUR")
        with pytest.raises(ValidationError, match="'moneys'"):
            Money.sum([Money("1", "EUR"), 1], "EUR")  # type: ignore[list-item]


class TestRounding:
    @pytest.mark.parametrize(
        ("amount", "mode", "expected"),
        [
            ("2.345", "half_up", "2.35"),
            ("2.345", "half_even", "2.34"),
            ("2.355", "half_even", "2.36"),
            ("2.345", "half_down", "2.34"),
            ("2.341", "up", "2.35"),
            ("2.349", "down", "2.34"),
            ("-2.341", "ceiling", "-2.34"),
            ("-2.341", "floor", "-2.35"),
            ("-2.345", "half_up", "-2.35"),
            ("-0.001", "half_up", "0.00"),
            ("7", "half_up", "7.00"),
        ],
    )
    def test_rounding_modes(self, amount: str, mode: str, expected: str) -> None:
        result = Money(amount, "EUR").round(mode)  # type: ignore[arg-type]
        assert repr(result) == f"Money({expected!r}, 'EUR')"

    @pytest.mark.parametrize(
        ("code", "expected"),
        [("JPY", "1235"), ("VND", "1235"), ("BHD", "1234.568"), ("CLF", "1234.5679")],
    )
    def test_rounds_to_the_minor_unit_of_the_currency(self, code: str, expected: str) -> None:
        assert repr(Money("1234.56789", code).round()) == f"Money({expected!r}, {code!r})"

    def test_unknown_modes_are_refused_naming_the_allowed_ones(self) -> None:
        with pytest.raises(ValidationError, match="'half_up', 'half_even'"):
            Money("1", "EUR").round("bankers")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'rounding'"):
            Money("1", "EUR").round_cash(None)  # type: ignore[arg-type]

    def test_every_documented_mode_is_accepted(self) -> None:
        assert set(ROUNDING_MODES) == {
            "half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"
        }  # fmt: skip
        for mode in ROUNDING_MODES:
            assert Money("1.005", "EUR").round(mode).is_rounded

    def test_is_rounded(self) -> None:
        assert Money("1.50", "EUR").is_rounded
        assert Money("1.500", "EUR").is_rounded
        assert Money("2", "EUR").is_rounded
        assert not Money("1.505", "EUR").is_rounded
        assert not Money("1.5", "JPY").is_rounded

    def test_comparing_after_rounding_is_not_rounding_the_difference(self) -> None:
        # DOMAIN.md: be explicit. 0.004 and 0.005 differ by less than a cent...
        a, b = Money("10.004", "EUR"), Money("10.005", "EUR")
        assert (b - a).round() == Money.zero("EUR")
        # ...but rounded separately they are a cent apart.
        assert b.round() - a.round() == Money("0.01", "EUR")

    def test_cash_rounding(self) -> None:
        assert repr(Money("10.03", "CHF").round_cash()) == "Money('10.05', 'CHF')"
        assert repr(Money("10.02", "CHF").round_cash()) == "Money('10.00', 'CHF')"
        assert repr(Money("10.025", "CHF").round_cash()) == "Money('10.05', 'CHF')"
        assert repr(Money("10.07", "CHF").round_cash("floor")) == "Money('10.05', 'CHF')"
        assert repr(Money("-0.02", "CHF").round_cash()) == "Money('0.00', 'CHF')"
        assert repr(Money("10.034", "EUR").round_cash()) == "Money('10.03', 'EUR')"
        assert repr(Money("1234.5", "JPY").round_cash()) == "Money('1235', 'JPY')"


class TestAllocation:
    def test_splitting_100_eur_three_ways(self) -> None:
        parts = Money("100.00", "EUR").split(3)
        assert [repr(p) for p in parts] == [
            "Money('33.34', 'EUR')",
            "Money('33.33', 'EUR')",
            "Money('33.33', 'EUR')",
        ]

    def test_allocating_70_20_10(self) -> None:
        assert Money("100.00", "EUR").allocate([70, 20, 10]) == (
            Money("70.00", "EUR"),
            Money("20.00", "EUR"),
            Money("10.00", "EUR"),
        )
        assert Money("0.05", "EUR").allocate([70, 20, 10]) == (
            Money("0.04", "EUR"),
            Money("0.01", "EUR"),
            Money("0.00", "EUR"),
        )

    def test_leftovers_go_to_the_largest_remainders_not_the_first_parts(self) -> None:
        # shares 0.3, 0.3, 0.4 cents: the single cent goes to the largest remainder, the last part.
        assert Money("0.01", "EUR").allocate([3, 3, 4]) == (
            Money("0.00", "EUR"),
            Money("0.00", "EUR"),
            Money("0.01", "EUR"),
        )

    def test_zero_ratios_get_zero(self) -> None:
        assert Money("0.05", "EUR").allocate([1, 0, 1, 1]) == (
            Money("0.02", "EUR"),
            Money("0.00", "EUR"),
            Money("0.02", "EUR"),
            Money("0.01", "EUR"),
        )

    def test_negative_amounts_allocate_symmetrically(self) -> None:
        assert Money("-100.00", "EUR").split(3) == tuple(
            -p for p in Money("100.00", "EUR").split(3)
        )

    @pytest.mark.parametrize(("code", "amount"), [("JPY", "100"), ("VND", "100"), ("BHD", "1.000")])
    def test_minor_units_of_the_currency(self, code: str, amount: str) -> None:
        parts = Money(amount, code).split(3)
        assert sum(parts, Money.zero(code)) == Money(amount, code)
        assert all(p.amount.as_tuple().exponent == -Currency(code).minor_units for p in parts)

    def test_jpy_splits_in_whole_yen(self) -> None:
        assert [repr(p) for p in Money("100", "JPY").split(3)] == [
            "Money('34', 'JPY')",
            "Money('33', 'JPY')",
            "Money('33', 'JPY')",
        ]

    def test_decimal_and_fraction_ratios(self) -> None:
        by_decimal = Money("100.00", "EUR").allocate(
            [Decimal("0.7"), Decimal("0.2"), Decimal("0.1")]
        )
        by_fraction = Money("100.00", "EUR").allocate(
            [Fraction(7, 10), Fraction(1, 5), 1 / Fraction(10)]
        )
        assert by_decimal == by_fraction == Money("100.00", "EUR").allocate([70, 20, 10])
        thirds = Money("1.00", "EUR").allocate([Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)])
        assert thirds == Money("1.00", "EUR").split(3)

    @pytest.mark.parametrize(
        "ratios",
        [[], [0, 0], [1, -1], [0.5, 0.5], [True, 1], ["1", "2"], [Decimal("NaN"), 1], [None]],
    )
    def test_bad_ratios_are_refused(self, ratios: list[object]) -> None:
        with pytest.raises(ValidationError, match="'ratios'"):
            Money("1.00", "EUR").allocate(ratios)  # type: ignore[arg-type]

    def test_unrounded_amounts_are_refused(self) -> None:
        with pytest.raises(ValidationError, match=r"call \.round"):
            Money("10.005", "EUR").allocate([1, 1])

    def test_rounded_amounts_with_extra_zeros_are_accepted(self) -> None:
        assert Money("10.000", "EUR").split(2) == (Money("5.00", "EUR"), Money("5.00", "EUR"))

    @pytest.mark.parametrize("n", [0, -1, True, 1.0, "3"])
    def test_split_needs_a_positive_int(self, n: object) -> None:
        with pytest.raises(ValidationError, match="'n'"):
            Money("1.00", "EUR").split(n)  # type: ignore[arg-type]

    def test_split_in_one_part_is_the_whole(self) -> None:
        assert Money("1.00", "EUR").split(1) == (Money("1.00", "EUR"),)


class TestRate:
    def test_construction_and_percent(self) -> None:
        assert Rate("0.15").value == Decimal("0.15")
        assert Rate.percent(15) == Rate("0.15")
        assert Rate.percent("17.65") == Rate("0.1765")
        assert Rate(1).value == Decimal(1)
        assert Rate("0.15").as_percent() == Decimal(15)
        assert repr(Rate.percent(15)) == "Rate('0.15')"
        assert str(Rate("0.175")) == "17.5%"

    @pytest.mark.parametrize("value", [0.15, True, "NaN", "fifteen", None, Decimal("Infinity")])
    def test_floats_and_non_finite_values_are_refused(self, value: object) -> None:
        with pytest.raises(ValidationError, match="'rate'"):
            Rate(value)  # type: ignore[arg-type]

    def test_percent_refuses_floats(self) -> None:
        with pytest.raises(ValidationError, match="'percent'"):
            Rate.percent(15.0)  # type: ignore[arg-type]

    def test_comparisons(self) -> None:
        assert Rate("0.1") < Rate("0.15") <= Rate("0.150")
        assert Rate("0.15") == Rate("0.150")
        assert hash(Rate("0.15")) == hash(Rate("0.150"))
        assert Rate("0.15") != Decimal("0.15")
        with pytest.raises(TypeError):
            _ = Rate("0.15") < Decimal("0.2")  # type: ignore[operator]

    def test_arithmetic(self) -> None:
        c = Rate.percent(15)
        assert 1 - c == Rate("0.85") == c.complement()
        assert c + c == Rate("0.30")
        assert c + 1 == 1 + c == Rate("1.15")
        assert c - Decimal("0.05") == Rate("0.10")
        assert c * 2 == 2 * c == Rate("0.30")
        assert c * c == Rate("0.0225")
        assert c / 3 == Rate("0.05")
        assert c / Rate("0.5") == Rate("0.3")
        assert -c == Rate("-0.15")

    def test_gross_up_equals_the_domain_example(self) -> None:
        # DOMAIN.md: a 15% commission equals a 17.65% markup (100 / 0.85 = 117.65).
        gross = (Money("100.00", "EUR") / Rate.percent(15).complement()).round()
        assert gross == Money("117.65", "EUR")

    def test_unsupported_operands(self) -> None:
        c = Rate("0.15")
        for op in ("__add__", "__sub__", "__rsub__", "__mul__", "__truediv__"):
            assert getattr(c, op)(0.5) is NotImplemented
            assert getattr(c, op)(Decimal("NaN")) is NotImplemented
        with pytest.raises(ValidationError, match="'divisor'"):
            _ = c / 0


class TestExchangeRates:
    fx = ExchangeRates(
        base="EUR",
        rates={"USD": "1.0825", "GBP": Decimal("0.8450"), "JPY": 163},
        as_of=date(2026, 11, 27),
    )

    def test_converts_from_the_base(self) -> None:
        assert repr(self.fx.convert(Money("100.00", "EUR"), "USD")) == "Money('108.25', 'USD')"

    def test_converts_to_the_base(self) -> None:
        # 100 / 1.0825 = 92.378...
        assert self.fx.convert(Money("100.00", "USD"), "EUR") == Money("92.38", "EUR")
        assert self.fx.convert(Money("100.00", "USD"), EUR, rounding="floor") == Money(
            "92.37", "EUR"
        )

    def test_cross_rates_go_through_the_base(self) -> None:
        # 100 USD -> 92.378... EUR -> 78.06 GBP
        assert self.fx.convert(Money("100.00", "USD"), "GBP") == Money("78.06", "GBP")
        assert self.fx.rate("USD", "GBP") == DECIMAL_CONTEXT.divide(
            Decimal("0.8450"), Decimal("1.0825")
        )

    def test_results_are_rounded_to_the_target_currency(self) -> None:
        assert repr(self.fx.convert(Money("10.00", "EUR"), "JPY")) == "Money('1630', 'JPY')"

    def test_same_currency_returns_the_amount_rounded(self) -> None:
        assert repr(self.fx.convert(Money("1.005", "EUR"), "EUR")) == "Money('1.01', 'EUR')"
        assert self.fx.rate("EUR", "eur") == 1
        assert repr(self.fx.convert(Money("1.005", "CHF"), "CHF")) == "Money('1.01', 'CHF')"

    def test_missing_rates_name_the_pair(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="from 'EUR' to 'CHF'"):
            self.fx.convert(Money("1.00", "EUR"), "CHF")
        with pytest.raises(CurrencyMismatchError, match="from 'CHF' to 'USD'"):
            self.fx.rate("CHF", "USD")

    def test_rates_are_read_only_and_normalised(self) -> None:
        assert dict(self.fx.rates) == {
            "GBP": Decimal("0.8450"),
            "JPY": Decimal(163),
            "USD": Decimal("1.0825"),
        }
        with pytest.raises(TypeError):
            self.fx.rates["USD"] = Decimal(1)  # type: ignore[index]

    def test_as_of_is_a_pendulum_date(self) -> None:
        assert type(self.fx.as_of) is pendulum.Date
        assert self.fx.as_of == pendulum.Date(2026, 11, 27)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"rates": {"USD": 1.08}}, "rates['USD']"),
            ({"rates": {"USD": "0"}}, "rates['USD']"),
            ({"rates": {"USD": "-1"}}, "rates['USD']"),
            ({"rates": {"XYZ": "1"}}, "currency"),
            ({"rates": {"EUR": "1"}}, "rates"),
            ({"rates": {"usd": "1", "USD": "1"}}, "rates"),
            ({"rates": [("USD", "1")]}, "rates"),
            ({"as_of": datetime(2026, 1, 1)}, "as_of"),
            ({"as_of": pendulum.datetime(2026, 1, 1)}, "as_of"),
            ({"as_of": "2026-01-01"}, "as_of"),
            ({"base": "XYZ"}, "currency"),
        ],
    )
    def test_bad_tables_are_refused(self, kwargs: dict[str, object], field: str) -> None:
        args: dict[str, object] = {
            "base": "EUR",
            "rates": {"USD": "1.08"},
            "as_of": date(2026, 1, 1),
        }
        args.update(kwargs)
        with pytest.raises(ValidationError) as info:
            ExchangeRates(**args)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_convert_refuses_non_money_and_bad_rounding(self) -> None:
        with pytest.raises(ValidationError, match="'money'"):
            self.fx.convert(Decimal(1), "USD")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'rounding'"):
            self.fx.convert(Money("1", "EUR"), "USD", rounding="nearest")  # type: ignore[arg-type]

    def test_equality_hash_repr_and_pickle(self) -> None:
        same = ExchangeRates(
            base="EUR",
            rates={"JPY": "163", "USD": "1.0825", "GBP": "0.845"},
            as_of=pendulum.Date(2026, 11, 27),
        )
        assert same == self.fx
        assert hash(same) == hash(self.fx)
        assert repr(self.fx) == (
            "ExchangeRates(base='EUR', rates={'GBP': '0.8450', 'JPY': '163', 'USD': '1.0825'}, "
            "as_of=Date(2026, 11, 27))"
        )
        assert pickle.loads(pickle.dumps(self.fx)) == self.fx
        assert copy.deepcopy(self.fx) == self.fx


class TestDecimalContext:
    def test_the_library_context_is_wide_and_traps_errors(self) -> None:
        assert DECIMAL_CONTEXT.prec >= 50
        assert DECIMAL_CONTEXT.traps[decimal.InvalidOperation]
        assert DECIMAL_CONTEXT.traps[decimal.DivisionByZero]

    def test_decimal_context_runs_a_block_in_a_copy_of_it(self) -> None:
        with decimal_context() as ctx:
            assert decimal.getcontext() is ctx
            assert ctx.prec == DECIMAL_CONTEXT.prec
            assert ctx is not DECIMAL_CONTEXT

    @pytest.mark.usefixtures("hostile_decimal_context")
    def test_results_do_not_depend_on_a_hostile_caller_context(self) -> None:
        m = Money("123456.789", "EUR")
        assert (m + m).amount == Decimal("246913.578")
        assert (m * Rate.percent("17.65")).amount == Decimal("21790.1232585")
        assert (m / 3).amount == Decimal("41152.263")
        assert repr(m.round()) == "Money('123456.79', 'EUR')"
        assert repr(m.round_cash()) == "Money('123456.79', 'EUR')"
        assert Money("123456.78", "EUR").allocate([70, 20, 10]) == (
            Money("86419.75", "EUR"),
            Money("24691.35", "EUR"),
            Money("12345.68", "EUR"),
        )
        assert (Money("100.00", "EUR") / 3).amount == Decimal("33." + "3" * 58)
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=date(2026, 1, 1))
        assert fx.convert(Money("1000000.00", "USD"), "EUR") == Money("923787.53", "EUR")
        assert Rate.percent("17.65").complement() == Rate("0.8235")


class TestFormatting:
    @pytest.mark.parametrize(
        ("amount", "code", "locale", "expected"),
        [
            ("1234.50", "EUR", "de_DE", "1.234,50\xa0€"),
            ("1234.50", "EUR", "en_US", "€1,234.50"),
            ("-1234.50", "EUR", "fr_FR", "-1\u202f234,50\xa0€"),
            ("1235", "JPY", "ja_JP", "￥1,235"),
            ("1235", "VND", "vi_VN", "1.235\xa0₫"),
            ("1.234", "BHD", "en_US", "BHD1.234"),
        ],
    )
    def test_formats_through_babel(
        self, amount: str, code: str, locale: str, expected: str
    ) -> None:
        assert Money(amount, code).format(locale) == expected

    def test_default_locale_is_en_us_never_the_machine_locale(self) -> None:
        assert Money("1234.5", "USD").format() == "$1,234.50"

    def test_shows_at_least_the_minor_units_and_never_hides_digits(self) -> None:
        assert Money("1.5", "EUR").format("en_US") == "€1.50"
        assert Money("0.025", "EUR").format("en_US") == "€0.025"
        assert Money("0.0035", "USD").format("de_DE") == "0,0035\xa0$"

    def test_unknown_locales_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'locale'"):
            Money("1", "EUR").format("xx_YY")
        with pytest.raises(ValidationError, match="'locale'"):
            Money("1", "EUR").format(None)  # type: ignore[arg-type]

    @pytest.mark.usefixtures("hostile_decimal_context")
    def test_formatting_ignores_a_hostile_context(self) -> None:
        assert Money("123456789.123456", "EUR").format("en_US") == "€123,456,789.123456"


class TestParsing:
    @pytest.mark.parametrize(
        ("text", "code", "locale", "expected"),
        [
            ("1.234,50 €", "EUR", "de_DE", "Money('1234.50', 'EUR')"),
            ("1.234,50\xa0€", "EUR", "de_DE", "Money('1234.50', 'EUR')"),
            ("€1,234.50", "EUR", "en_US", "Money('1234.50', 'EUR')"),
            ("EUR 1,234.50", "EUR", "en_US", "Money('1234.50', 'EUR')"),
            ("1234.5", "EUR", "en_US", "Money('1234.5', 'EUR')"),
            ("3,400.60", "USD", "en_US", "Money('3400.60', 'USD')"),
            ("1,000.00", "USD", "en_US", "Money('1000.00', 'USD')"),
            ("-$1,000", "USD", "en_US", "Money('-1000', 'USD')"),
            ("\u22121.234,50 €", "EUR", "de_DE", "Money('-1234.50', 'EUR')"),
            ("1 234,50 €", "EUR", "fr_FR", "Money('1234.50', 'EUR')"),
            ("1\xa0234,50\xa0€", "EUR", "fr_FR", "Money('1234.50', 'EUR')"),
            ("1\u202f234,50\u202f€", "EUR", "fr_FR", "Money('1234.50', 'EUR')"),
            ("￥1,235", "JPY", "ja_JP", "Money('1235', 'JPY')"),
            ("1.235 ₫", "VND", "vi_VN", "Money('1235', 'VND')"),
            ("-0,00 €", "EUR", "de_DE", "Money('0.00', 'EUR')"),
            ("0.0035", "USD", "en_US", "Money('0.0035', 'USD')"),
            ("\u200f-1,234.50\xa0€", "EUR", "ar_EG", "Money('-1234.50', 'EUR')"),
        ],
    )
    def test_reads_localised_text(self, text: str, code: str, locale: str, expected: str) -> None:
        assert repr(Money.parse(text, code, locale=locale)) == expected

    @pytest.mark.parametrize(
        ("text", "locale"),
        [
            ("1,23", "en_US"),
            ("12,34", "en_US"),
            ("1.234,50 €", "en_US"),
            ("abc", "en_US"),
            ("", "en_US"),
            ("€", "en_US"),
            ("--5", "en_US"),
            ("+5", "en_US"),
            ("$12", "en_US"),
            ("NaN", "en_US"),
            ("Infinity", "en_US"),
            ("€12€", "en_US"),
            ("€ €12", "en_US"),
            ("1 €234,50", "fr_FR"),
            ("12 € 50", "fr_FR"),
            ("1e5", "en_US"),
            ("1_000", "en_US"),
            ("1,000.00.00", "en_US"),
            ("12.", "en_US"),
            ("12\n", "en_US"),
            ("-€-1", "en_US"),
            ("1-2", "en_US"),
            (",123", "en_US"),
            (12, "en_US"),
            (None, "en_US"),
        ],
    )
    def test_text_that_does_not_parse_is_refused(self, text: object, locale: str) -> None:
        with pytest.raises(ValidationError, match="'text'"):
            Money.parse(text, "EUR", locale=locale)  # type: ignore[arg-type]

    def test_never_rounds_what_it_reads(self) -> None:
        # Non-ASCII digits skip the trailing-zero workaround; the value must still be exact.
        assert repr(Money.parse("1.٥٠", "EUR")) == "Money('1.50', 'EUR')"
        assert repr(Money.parse("12.5", "JPY")) == "Money('12.5', 'JPY')"

    def test_unknown_locales_and_currencies_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'locale'"):
            Money.parse("1", "EUR", locale="xx_YY")
        with pytest.raises(ValidationError, match="'currency'"):
            Money.parse("1", "XYZ")

    @pytest.mark.usefixtures("hostile_decimal_context")
    def test_parsing_ignores_a_hostile_context(self) -> None:
        assert Money.parse("€123,456,789.123456", "EUR").amount == Decimal("123456789.123456")


class TestFastPathAndOperators:
    def test_make_builds_without_validation(self) -> None:
        m = Money._make(Decimal("1.5"), EUR)
        assert m == Money("1.5", "EUR")
        assert type(m) is Money

    @pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__", "__add__", "__sub__"])
    def test_operators_defer_to_other_types(self, op: str) -> None:
        assert getattr(Money("1", "EUR"), op)(1) is NotImplemented
        assert Money("1", "EUR").__radd__(1) is NotImplemented
        assert Money("1", "EUR").__radd__(False) is NotImplemented


class TestTruthiness:
    def test_zero_amounts_are_false_like_numbers(self) -> None:
        assert not Money.zero("EUR")
        assert not Money("0.000", "EUR")
        assert Money("0.01", "EUR")
        assert Money("-0.01", "EUR")


class TestMagnitudes:
    """Sizes are bounded so that no chain of arithmetic overflows the library's decimal context."""

    @pytest.mark.parametrize("amount", ["1E+37", "-1E+37", "1E+999999", "1E-61", "-1E-999999"])
    def test_absurd_sizes_are_refused_as_amounts(self, amount):
        with pytest.raises(ValidationError, match="magnitude"):
            Money(amount, "EUR")

    @pytest.mark.parametrize("factor", [Decimal("1E+40"), Decimal("1E-99"), 10**40])
    def test_absurd_factors_are_refused(self, factor):
        with pytest.raises(ValidationError, match="'factor'"):
            Money("1.00", "EUR") * factor
        with pytest.raises(ValidationError, match="'factor'"):
            Money("1.00", "EUR") / factor

    def test_the_largest_and_smallest_sizes_still_compute(self):
        big = Money("9" * 37, "EUR")
        assert (big * 10**36 - big * 10**36).amount == 0
        assert Money("1E-60", "USD") * 3 == Money("3E-60", "USD")
        assert Money("0", "EUR") == Money("0E-999", "EUR")


class TestNumbersForPeople:
    def test_rate_round_keeps_the_places_asked_for(self) -> None:
        assert Rate("0.3333333").round(3) == Rate("0.333")
        assert Rate("0.6665").round(3) == Rate("0.667")
        assert Rate("0.6665").round(3, "half_even") == Rate("0.666")
        assert Rate("0.5").round(0) == Rate("1")

    @pytest.mark.parametrize("places", [-1, 29, 1.5, "2", True])
    def test_rate_round_refuses_bad_places(self, places: object) -> None:
        with pytest.raises(ValidationError, match="'places'"):
            Rate("0.5").round(places)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("locale", "places", "text"),
        [
            ("en_US", None, "33.3333%"),
            ("en_US", 1, "33.3%"),
            ("en_US", 0, "33%"),
            ("de_DE", 2, "33,33\xa0%"),
            ("fr_FR", 1, "33,3\xa0%"),
        ],
    )
    def test_rate_format_follows_the_locale(
        self, locale: str, places: int | None, text: str
    ) -> None:
        assert Rate("0.333333").format(locale, places=places) == text

    def test_rate_format_pads_to_the_places(self) -> None:
        assert Rate("0.5").format("en_US", places=2) == "50.00%"
        assert Rate("0.0005").format("en_US", places=1) == "0.1%"

    def test_rate_format_refuses_bad_input(self) -> None:
        with pytest.raises(ValidationError, match="'places'"):
            Rate("0.5").format("en_US", places=-1)
        with pytest.raises(ValidationError, match="'locale'"):
            Rate("0.5").format("xx_XX_bad")

    def test_money_takes_decimal_format_specs(self) -> None:
        m = Money("1234567.891", "EUR")
        assert f"{m}" == str(m) == "1234567.891 EUR"
        assert f"{m:,.2f}" == "1,234,567.89 EUR"
        assert f"{m:.0f}" == "1234568 EUR"
        assert f"{Money('-0.125', 'EUR'):.2f}" == "-0.13 EUR"  # half-up, like Money.round

    def test_a_bad_format_spec_is_refused_naming_it(self) -> None:
        with pytest.raises(ValidationError, match="'format_spec'"):
            f"{Money('1.00', 'EUR'):xyz}"

    def test_formatting_ignores_the_callers_context(self) -> None:
        with decimal.localcontext(decimal.Context(rounding=decimal.ROUND_FLOOR)):
            assert f"{Money('2.345', 'EUR'):.2f}" == "2.35 EUR"


class TestOrderingAtEquality:
    """Strict orderings are false between equal amounts (written with different digits too)."""

    @pytest.mark.parametrize(("a", "b"), [("1.00", "1.00"), ("1.5", "1.50"), ("-0.00", "0")])
    def test_equal_amounts_are_neither_less_nor_greater(self, a: str, b: str) -> None:
        left, right = Money(a, "EUR"), Money(b, "EUR")
        assert not left < right
        assert not left > right
        assert left <= right
        assert left >= right

    def test_one_minor_unit_apart_orders_both_ways(self) -> None:
        low, high = Money("1.00", "EUR"), Money("1.01", "EUR")
        assert low < high
        assert high > low
        assert not high < low
        assert not low > high
        assert not high <= low
        assert not low >= high


JAN_1 = date(2026, 1, 1)
FX = ExchangeRates(base="EUR", rates={"USD": "2"}, as_of=JAN_1)
NUMBER = "a Decimal, int or numeric str (never a float or bool), finite"
MISMATCH = "'EUR' and 'USD' amounts; convert one of them with ExchangeRates first"


class TestRefusalMessagesAreTheContract:
    """The text of each refusal names the parameter, quotes the value and says what is allowed."""

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (
                lambda: Money(1.5, "EUR"),
                ValidationError,
                f"invalid 'amount': 1.5; expected {NUMBER}",
            ),
            (
                lambda: Money("NaN", "EUR"),
                ValidationError,
                f"invalid 'amount': 'NaN'; expected {NUMBER}",
            ),
            (
                lambda: Money("1", "XYZ"),
                ValidationError,
                (
                    "invalid 'currency': 'XYZ'; expected an ISO 4217 currency code such as 'EUR' "
                    "(see babel.numbers.list_currencies())"
                ),
            ),
            (
                lambda: Money("1E+37", "EUR"),
                ValidationError,
                "invalid 'amount': '1E+37'; expected a magnitude between 1E-60 and 1E+36 (or zero)",
            ),
            (
                lambda: Money("1E-61", "EUR"),
                ValidationError,
                "invalid 'amount': '1E-61'; expected a magnitude between 1E-60 and 1E+36 (or zero)",
            ),
            (
                lambda: Money("1." + "0" * 60, "EUR"),
                ValidationError,
                f"invalid 'amount': '1.{'0' * 60}'; expected at most 60 significant digits",
            ),
            (
                lambda: Money("1.00", "EUR") + Money("1.00", "USD"),
                CurrencyMismatchError,
                f"cannot add {MISMATCH}",
            ),
            (
                lambda: Money("1.00", "EUR") - Money("1.00", "USD"),
                CurrencyMismatchError,
                f"cannot subtract {MISMATCH}",
            ),
            (
                lambda: Money("1.00", "EUR") < Money("1.00", "USD"),
                CurrencyMismatchError,
                f"cannot compare {MISMATCH}",
            ),
            (
                lambda: Money("1.00", "EUR") / 0,
                ValidationError,
                "invalid 'divisor': 0; expected a non-zero int, Decimal or Rate",
            ),
            (
                lambda: Money("1.00", "EUR").ratio_to(Money("0.00", "EUR")),
                ValidationError,
                "invalid 'divisor': Money('0.00', 'EUR'); expected a non-zero amount",
            ),
            (
                lambda: Money("1.00", "EUR").ratio_to(5),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'other': 5; expected a Money of the same currency",
            ),
            (
                lambda: Money("1.00", "EUR").round("sideways"),  # type: ignore[arg-type]
                ValidationError,
                (
                    "invalid 'rounding': 'sideways'; expected one of 'half_up', 'half_even', "
                    "'half_down', 'up', 'down', 'ceiling', 'floor'"
                ),
            ),
            (
                lambda: Money("1.005", "EUR").allocate([1, 1]),
                ValidationError,
                (
                    "invalid 'amount': Money('1.005', 'EUR'); expected a rounded amount: "
                    "call .round() before allocating"
                ),
            ),
            (
                lambda: Money("1.00", "EUR").allocate([0, 0]),
                ValidationError,
                "invalid 'ratios': (0, 0); expected a non-empty sequence of ratios, not all zero",
            ),
            (
                lambda: Money("1.00", "EUR").allocate([-1, 2]),
                ValidationError,
                (
                    "invalid 'ratios': -1; expected ints, Decimals or Fractions (never floats or "
                    "bools), none negative"
                ),
            ),
            (
                lambda: Money("1.00", "EUR").split(0),
                ValidationError,
                "invalid 'n': 0; expected an int from 1 to 1000000",
            ),
            (
                lambda: Money.sum([Money("1.00", "USD")], "EUR"),
                CurrencyMismatchError,
                f"cannot add {MISMATCH}",
            ),
            (
                lambda: Money.sum([1], "EUR"),  # type: ignore[list-item]
                ValidationError,
                "invalid 'moneys': 1; expected Money values",
            ),
            (
                lambda: Money.parse("abc", "EUR"),
                ValidationError,
                "invalid 'text': 'abc'; expected an amount of EUR as written in en_US",
            ),
            (
                lambda: Money.parse("1E+40", "EUR", "de_DE"),
                ValidationError,
                "invalid 'text': '1E+40'; expected an amount of EUR as written in de_DE",
            ),
            (
                lambda: Money("1.00", "EUR").format("xx_YY"),
                ValidationError,
                "invalid 'locale': 'xx_YY'; expected a CLDR locale identifier such as 'de_DE'",
            ),
            (lambda: Rate("abc"), ValidationError, f"invalid 'rate': 'abc'; expected {NUMBER}"),
            (
                lambda: Rate.percent("x"),
                ValidationError,
                f"invalid 'percent': 'x'; expected {NUMBER}",
            ),
            (
                lambda: Rate("0.1") / 0,
                ValidationError,
                "invalid 'divisor': 0; expected a non-zero rate, int or Decimal",
            ),
            (
                lambda: ExchangeRates(base="EUR", rates={"USD": "0"}, as_of=JAN_1),
                ValidationError,
                (
                    "invalid \"rates['USD']\": '0'; expected a positive Decimal, int or "
                    "numeric str "
                    "(never a float)"
                ),
            ),
            (
                lambda: ExchangeRates(base="EUR", rates={"EUR": "1"}, as_of=JAN_1),
                ValidationError,
                (
                    "invalid 'rates': {'EUR': Decimal('1')}; expected no rate for the base "
                    "currency "
                    "'EUR'"
                ),
            ),
            (
                lambda: ExchangeRates(base="EUR", rates=[1], as_of=JAN_1),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'rates': [1]; expected a mapping of currency codes to positive rates",
            ),
            (
                lambda: FX.convert(Money("1.00", "EUR"), "JPY"),
                CurrencyMismatchError,
                (
                    "no exchange rate from 'EUR' to 'JPY' as of 2026-01-01; known currencies: "
                    "'EUR', 'USD'"
                ),
            ),
            (
                lambda: FX.convert(5, "USD"),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'money': 5; expected a Money",
            ),
            (
                lambda: ExchangeRates(base="EUR", rates={}, as_of=datetime(2026, 1, 1)),
                ValidationError,
                (
                    "invalid 'as_of': datetime.datetime(2026, 1, 1, 0, 0); expected a date "
                    "(a datetime is not a date)"
                ),
            ),
        ],
    )
    def test_the_message(self, call, error, message) -> None:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message


class TestSurvivorsOfMutationTesting:
    """Behaviour mutation testing found untested in money.py (see docs/testing.md)."""

    def test_nan_and_floats_as_factors_are_refused_naming_what_is_allowed(self) -> None:
        for bad in (Decimal("NaN"), 1.5):
            with pytest.raises(ValidationError) as info:
                Money("1.00", "EUR") * bad  # type: ignore[operator]
            assert str(info.value) == (
                f"invalid 'factor': {bad!r}; expected an int, a finite Decimal or a Rate "
                "(never a float or bool)"
            )

    def test_ratios_name_what_is_allowed(self) -> None:
        with pytest.raises(ValidationError) as info:
            Money("1.00", "EUR").allocate([1, 1.5])  # type: ignore[list-item]
        assert str(info.value) == (
            "invalid 'ratios': 1.5; expected ints, Decimals or Fractions (never floats or bools), "
            "none negative"
        )

    def test_refusals_carry_the_bad_value(self) -> None:
        with pytest.raises(ValidationError) as info:
            Money(1.5, "EUR")  # type: ignore[arg-type]
        assert info.value.value == 1.5
        twice = {"usd": "1", "USD": "2"}
        with pytest.raises(ValidationError) as info:
            ExchangeRates(base="EUR", rates=twice, as_of=JAN_1)
        assert info.value.value == twice
        assert str(info.value).endswith("expected one rate per currency ('USD' appears twice)")

    def test_a_bool_amount_is_refused_and_carried(self) -> None:
        with pytest.raises(ValidationError) as info:
            Money(True, "EUR")  # type: ignore[arg-type]
        assert info.value.value is True
        assert str(info.value) == f"invalid 'amount': True; expected {NUMBER}"

    def test_a_locale_that_is_not_text_is_refused_by_name(self) -> None:
        with pytest.raises(ValidationError) as info:
            Money("1.00", "EUR").format(["de_DE"])  # type: ignore[arg-type]
        assert str(info.value) == (
            "invalid 'locale': ['de_DE']; expected a CLDR locale identifier such as 'de_DE'"
        )

    def test_a_rate_to_an_unknown_currency_names_the_source(self) -> None:
        with pytest.raises(CurrencyMismatchError) as info:
            FX.rate("EUR", "JPY")
        assert (info.value.expected, info.value.got) == ("EUR", "JPY")

    def test_a_rate_table_repr_writes_plain_digits(self) -> None:
        fx = ExchangeRates(base="EUR", rates={"JPY": "1.6E+2"}, as_of=JAN_1)
        assert repr(fx) == "ExchangeRates(base='EUR', rates={'JPY': '160'}, as_of=Date(2026, 1, 1))"

    def test_a_missing_rate_names_both_currencies(self) -> None:
        with pytest.raises(CurrencyMismatchError) as info:
            FX.rate("JPY", "USD")
        assert (info.value.expected, info.value.got) == ("JPY", "USD")
        with pytest.raises(CurrencyMismatchError) as info:
            FX.convert(Money("5", "JPY"), "USD")
        assert (info.value.expected, info.value.got) == ("JPY", "USD")

    @pytest.mark.parametrize(
        ("text", "locale", "expected"),
        [
            ("$1,000.00", "en_US", "1000.00"),
            ("€1,234.50", "en_US", "1234.50"),
            ("1.234,50\xa0€", "de_DE", "1234.50"),
            ("-$0.10", "en_US", "-0.10"),
        ],
    )
    def test_trailing_zeros_are_read_and_kept(self, text: str, locale: str, expected: str) -> None:
        parsed = Money.parse(text, "EUR" if "€" in text else "USD", locale)
        assert str(parsed.amount) == expected

    def test_parse_names_the_text_and_the_locale(self) -> None:
        for text in ("1,23", 5, "X1.00", "1.00X", "1,2345.00"):
            with pytest.raises(ValidationError) as info:
                Money.parse(text, "EUR")  # type: ignore[arg-type]
            assert str(info.value) == (
                f"invalid 'text': {text!r}; expected an amount of EUR as written in en_US"
            )


class TestMoneyAtItsLimits:
    def test_parse_keeps_the_constructors_limits(self):
        with pytest.raises(ValidationError, match=r"invalid 'text': .*at most 60 significant"):
            Money.parse("1." + "0" * 70, "EUR")
        with pytest.raises(ValidationError, match=r"invalid 'text': '1000.*1E-60 and 1E\+36"):
            Money.parse("1" + "0" * 50, "USD")
        with pytest.raises(ValidationError, match=r"invalid 'text': '0\.0.*1E-60 and 1E\+36"):
            Money.parse("0." + "0" * 70 + "1", "USD")
        assert Money.parse("1." + "0" * 50, "EUR") == Money("1." + "0" * 50, "EUR")
        assert str(Money.parse("1." + "0" * 50, "EUR").amount) == "1." + "0" * 50

    def test_rounding_an_amount_grown_past_the_limits_is_refused(self):
        huge = Money("1E29", "EUR") * Decimal("1E29")
        for method in (huge.round, huge.round_cash):
            with pytest.raises(ValidationError) as info:
                method()
            assert str(info.value) == (
                f"invalid 'amount': Money('1{'0' * 58}', 'EUR'); expected an amount that fits 60 "
                "digits once rounded to its minor unit (a magnitude between 1E-60 and 1E+36 "
                "(or zero); this one grew past it through arithmetic)"
            )

    def test_converting_past_the_limits_is_refused_naming_the_money(self):
        fx = ExchangeRates(base="EUR", rates={"USD": "1E36"}, as_of=JAN_1)
        with pytest.raises(ValidationError) as info:
            fx.convert(Money("1E36", "EUR"), "USD")
        assert str(info.value) == (
            f"invalid 'money': Money('1{'0' * 36}', 'EUR'); expected an amount whose value in USD "
            "(1E+72) fits 60 digits once rounded (a magnitude between 1E-60 and 1E+36 (or zero))"
        )

    @pytest.mark.parametrize("locale", ["fy", "fy_NL", "nl_NL", "mr_IN", "ta", "en_IN"])
    def test_every_locale_reads_back_what_it_writes(self, locale):
        for text, code in (("-1234.56", "EUR"), ("1234567.50", "USD"), ("-1234567", "JPY")):
            money = Money(text, code)
            assert Money.parse(money.format(locale), code, locale) == money

    def test_a_trailing_minus_sign_is_read(self):
        assert Money("-1234.56", "EUR").format("fy") == "€\xa01.234,56-"
        assert Money.parse("€\xa01.234,56-", "EUR", "fy") == Money("-1234.56", "EUR")
        with pytest.raises(ValidationError, match="invalid 'text'"):
            Money.parse("-€\xa01.234,56-", "EUR", "fy")  # one sign, not two
