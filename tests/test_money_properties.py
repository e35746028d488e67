"""Hypothesis properties of accountexec.money: the invariants money keeps, and the strategies."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from accountexec import strategies as aes
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import (
    DECIMAL_CONTEXT,
    ROUNDING_MODES,
    Currency,
    ExchangeRates,
    Money,
    Rate,
)

_DATE = date(2026, 11, 27)
LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "vi_VN", "de_CH", "en_IN", "ar_EG")

ratio_values = st.one_of(
    st.integers(0, 1000),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    st.fractions(min_value=0, max_value=50, max_denominator=60),
)
ratio_lists = st.lists(ratio_values, min_size=1, max_size=12).filter(any)


def _exact_share(whole: Money, ratios: list[int | Decimal | Fraction], i: int) -> Fraction:
    total = sum(Fraction(r) for r in ratios)
    return Fraction(whole.amount) * Fraction(ratios[i]) / total


def _hostile() -> decimal.Context:
    return decimal.Context(
        prec=5,
        rounding=decimal.ROUND_FLOOR,
        Emax=20,
        Emin=-20,
        traps=[decimal.Inexact, decimal.Rounded, decimal.FloatOperation, decimal.InvalidOperation],
    )


class TestAllocationProperties:
    @given(aes.money(), ratio_lists)
    @example(Money("100.00", "EUR"), [1, 1, 1])
    @example(Money("-0.05", "EUR"), [1, 0, 1, 1])
    def test_parts_sum_exactly_to_the_whole(self, whole: Money, ratios: list[int]) -> None:
        parts = whole.allocate(ratios)
        assert len(parts) == len(ratios)
        assert Money.sum(parts, whole.currency) == whole
        assert all(p.is_rounded and p.currency is whole.currency for p in parts)

    @given(aes.money(), ratio_lists)
    def test_each_part_is_within_one_minor_unit_of_its_exact_share(
        self, whole: Money, ratios: list[int]
    ) -> None:
        unit = Fraction(1, 10**whole.currency.minor_units)
        for i, part in enumerate(whole.allocate(ratios)):
            assert abs(Fraction(part.amount) - _exact_share(whole, ratios, i)) < unit
            if not ratios[i]:
                assert not part.amount

    @given(aes.money(), ratio_lists)
    def test_negative_amounts_allocate_symmetrically(self, whole: Money, ratios: list[int]) -> None:
        assert (-whole).allocate(ratios) == tuple(-p for p in whole.allocate(ratios))

    @given(aes.money(), st.integers(1, 50))
    def test_split_parts_differ_by_at_most_one_minor_unit_larger_first(
        self, whole: Money, n: int
    ) -> None:
        parts = whole.split(n)
        amounts = [abs(p.amount) for p in parts]
        assert amounts == sorted(amounts, reverse=True)
        assert amounts[0] - amounts[-1] <= Decimal(1).scaleb(-whole.currency.minor_units)
        assert sum(parts, Money.zero(whole.currency)) == whole

    @given(aes.money(), ratio_lists, st.integers(1, 10))
    def test_scaling_every_ratio_changes_nothing(
        self, whole: Money, ratios: list[int], k: int
    ) -> None:
        assert whole.allocate(ratios) == whole.allocate([r * k for r in ratios])


class TestArithmeticLaws:
    @given(st.data())
    def test_addition_is_associative_and_commutative(self, data: st.DataObject) -> None:
        cur = data.draw(aes.currencies())
        a, b, c = (data.draw(aes.money(cur, rounded=False)) for _ in range(3))
        assert (a + b) + c == a + (b + c)
        assert a + b == b + a

    @given(aes.money(rounded=False))
    def test_zero_is_the_identity_and_negation_the_inverse(self, a: Money) -> None:
        zero = Money.zero(a.currency)
        assert a + zero == a == zero + a
        assert a - a == zero
        assert a + (-a) == zero
        negated = -a
        assert -negated == a
        assert abs(a) >= zero

    @given(st.data())
    def test_subtraction_is_adding_the_negation(self, data: st.DataObject) -> None:
        cur = data.draw(aes.currencies())
        a, b = data.draw(aes.money(cur)), data.draw(aes.money(cur))
        assert a - b == a + (-b)
        assert (a - b) + b == a

    @given(aes.money(rounded=False), st.integers(-1000, 1000).filter(bool))
    def test_multiplying_then_dividing_by_an_int_gives_the_amount_back(
        self, a: Money, k: int
    ) -> None:
        assert (a * k) / k == a
        assert a * k == k * a
        if a.amount:
            assert (a * k) / a == k

    @given(aes.money(), aes.rates(), aes.rates())
    def test_rates_distribute_over_money(self, a: Money, r: Rate, s: Rate) -> None:
        assert a * (r + s) == a * r + a * s
        assert a * r.complement() == a - a * r

    @given(aes.money(), aes.money())
    def test_mixing_currencies_is_always_refused(self, a: Money, b: Money) -> None:
        if a.currency == b.currency:
            b = Money(b.amount, "XAU" if a.currency.code != "XAU" else "EUR")
        for operation in (
            lambda: a + b,
            lambda: a - b,
            lambda: a < b,
            lambda: a <= b,
            lambda: a > b,
            lambda: a >= b,
            lambda: a / b,
            lambda: Money.sum([a, b], a.currency),
        ):
            with pytest.raises(CurrencyMismatchError):
                operation()
        assert a != b


class TestRoundingProperties:
    @given(aes.money(rounded=False), st.sampled_from(ROUNDING_MODES))
    def test_rounding_gives_a_rounded_amount_within_one_minor_unit(
        self, a: Money, mode: str
    ) -> None:
        rounded = a.round(mode)  # type: ignore[arg-type]
        unit = Decimal(1).scaleb(-a.currency.minor_units)
        assert rounded.is_rounded
        assert rounded.amount.as_tuple().exponent == -a.currency.minor_units
        assert abs(DECIMAL_CONTEXT.subtract(rounded.amount, a.amount)) < unit
        assert rounded.round(mode) == rounded  # type: ignore[arg-type]

    @given(aes.money(rounded=False))
    def test_directed_modes_bracket_the_amount(self, a: Money) -> None:
        assert a.round("floor") <= a <= a.round("ceiling")
        assert abs(a.round("down")) <= abs(a) <= abs(a.round("up"))

    @given(aes.money(rounded=False), st.sampled_from(ROUNDING_MODES))
    def test_cash_rounding_lands_on_the_cash_increment(self, a: Money, mode: str) -> None:
        cash = a.round_cash(mode)  # type: ignore[arg-type]
        step = a.currency.cash_increment
        assert cash.is_rounded
        assert DECIMAL_CONTEXT.remainder(cash.amount, step) == 0
        assert abs(DECIMAL_CONTEXT.subtract(cash.amount, a.amount)) < step


class TestFormatParseRoundTrip:
    @pytest.mark.parametrize("locale", LOCALES)
    @given(data=st.data())
    def test_parse_reads_back_what_format_wrote(self, locale: str, data: st.DataObject) -> None:
        m = data.draw(aes.money(rounded=data.draw(st.booleans())))
        text = m.format(locale)
        parsed = Money.parse(text, m.currency, locale=locale)
        assert parsed == m
        if m.amount.as_tuple().exponent == -m.currency.minor_units:
            assert repr(parsed) == repr(m)


class TestExchangeRateProperties:
    @given(aes.exchange_rates(currencies=["EUR", "USD", "JPY", "BHD", "CHF"]), st.data())
    def test_conversion_is_rounded_and_consistent_with_the_rates(
        self, fx: ExchangeRates, data: st.DataObject
    ) -> None:
        codes = [fx.base.code, *fx.rates]
        source, target = (Currency(data.draw(st.sampled_from(codes))) for _ in range(2))
        m = data.draw(aes.money(source, min_value=-(10**6), max_value=10**6))
        converted = fx.convert(m, target)
        assert converted.currency is target
        assert converted.is_rounded
        exact = DECIMAL_CONTEXT.multiply(m.amount, fx.rate(source, target))
        unit = Decimal(1).scaleb(-target.minor_units)
        assert abs(DECIMAL_CONTEXT.subtract(converted.amount, exact)) <= unit / 2
        product = DECIMAL_CONTEXT.multiply(fx.rate(source, target), fx.rate(target, source))
        assert abs(product - 1) < Decimal("1e-50")

    @given(aes.exchange_rates(base="EUR", currencies=["EUR", "USD"]))
    def test_currencies_missing_from_the_table_are_refused(self, fx: ExchangeRates) -> None:
        with pytest.raises(CurrencyMismatchError, match="'GBP'"):
            fx.convert(Money("1.00", "USD"), "GBP")


class TestHostileContext:
    """Every result is the same whatever the caller's decimal context."""

    @given(
        aes.money(rounded=False),
        aes.rates(min_value=-2, max_value=2, places=6),
        ratio_lists,
        st.integers(1, 99),
        st.sampled_from(ROUNDING_MODES),
    )
    def test_results_are_identical_under_a_hostile_context(
        self, a: Money, r: Rate, ratios: list[int], k: int, mode: str
    ) -> None:
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825", "JPY": "163.52"}, as_of=_DATE)

        def compute() -> tuple[object, ...]:
            rounded = a.round(mode)  # type: ignore[arg-type]
            return (
                a + a,
                a - a * r,
                a * r,
                a / k,
                (a * 7) / a if a.amount else None,
                rounded,
                a.round_cash(mode),  # type: ignore[arg-type]
                rounded.allocate(ratios),
                rounded.split(k),
                Money.sum([a, a, a], a.currency),
                a.is_rounded,
                r.complement(),
                r.as_percent(),
                Rate.percent(r.value),
                r / k,
                fx.convert(Money(a.amount, "USD"), "JPY", rounding=mode),  # type: ignore[arg-type]
                a.format("de_DE"),
                Money.parse(a.format("fr_FR"), a.currency, "fr_FR"),
            )

        expected = compute()
        with decimal.localcontext(_hostile()):
            assert compute() == expected


class TestStrategies:
    @given(aes.money("EUR", min_value="-1.005", max_value="1.005"))
    def test_money_respects_currency_and_bounds(self, m: Money) -> None:
        assert m.currency.code == "EUR"
        assert Money("-1.00", "EUR") <= m <= Money("1.00", "EUR")
        assert m.amount.as_tuple().exponent == -2

    @given(aes.money("JPY", min_value=0, max_value=1, rounded=False))
    def test_unrounded_money_has_sub_minor_digits(self, m: Money) -> None:
        assert Money(0, "JPY") <= m <= Money(1, "JPY")
        assert m.amount.as_tuple().exponent == -4

    @given(aes.rates(min_value="0.5", max_value=2, places=2))
    def test_rates_respect_bounds_and_places(self, r: Rate) -> None:
        assert Rate("0.5") <= r <= Rate(2)
        assert r.value.as_tuple().exponent >= -2

    @given(st.from_type(Money), st.from_type(Rate), st.from_type(Currency))
    def test_types_are_registered(self, m: Money, r: Rate, c: Currency) -> None:
        assert m.is_rounded
        assert Rate(0) <= r <= Rate(1)
        assert Currency(c.code) is c

    @given(st.from_type(ExchangeRates))
    def test_exchange_rates_are_registered(self, fx: ExchangeRates) -> None:
        assert all(v > 0 for v in fx.rates.values())
        assert fx.base.code not in fx.rates

    def test_impossible_bounds_give_no_amount_of_that_currency(self) -> None:
        # Between 0.1 and 0.9 yen there is no whole yen, so JPY never appears.
        @given(aes.money(min_value="0.1", max_value="0.9"))
        def check(m: Money) -> None:
            assert m.currency.minor_units > 0

        check()

    @pytest.mark.parametrize(
        ("factory", "field"),
        [
            (lambda: aes.money(min_value=2, max_value=1), "min_value"),
            (lambda: aes.money(min_value=1.5), "min_value"),
            (lambda: aes.rates(min_value=1, max_value=0), "min_value"),
            (lambda: aes.rates(places=-1), "places"),
            (lambda: aes.currencies([]), "codes"),
            (lambda: aes.exchange_rates(currencies=[]), "currencies"),
        ],
    )
    def test_bad_parameters_are_refused(self, factory: object, field: str) -> None:
        with pytest.raises(ValidationError) as info:
            factory()  # type: ignore[operator]
        assert info.value.field == field
