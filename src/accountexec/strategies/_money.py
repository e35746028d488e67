"""Hypothesis strategies for accountexec.money: currencies, amounts, rates, exchange-rate tables."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

from hypothesis import strategies as st

from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate

__all__ = ["currencies", "exchange_rates", "money", "rates", "register"]

#: Currencies drawn by default: the common ones and every kind of minor unit (0, 2, 3 and 4 digits),
#: plus CHF, DKK and SEK whose cash rounding differs from their minor unit.
DEFAULT_CURRENCIES: tuple[str, ...] = (
    "EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "DKK", "INR",
    "BRL", "VND", "KRW", "BHD", "KWD", "TND", "CLF",
)  # fmt: skip

_DEFAULT_LIMIT = Decimal(10) ** 12


def _decimal(name: str, value: Decimal | int | str) -> Decimal:
    # Rate's converter gives the same checks (finite, no floats) as the library's constructors.
    try:
        return Rate(value).value
    except ValidationError:
        raise ValidationError(name, value, "a finite Decimal, int or numeric str") from None


def _units(value: Decimal, places: int, rounding: str) -> int:
    """``value`` counted in steps of ``10**-places``, rounded towards the inside of a range."""
    scaled = value.scaleb(places, DECIMAL_CONTEXT)
    return int(scaled.to_integral_value(rounding=rounding, context=DECIMAL_CONTEXT))


def currencies(codes: tuple[str, ...] | list[str] | None = None) -> st.SearchStrategy[Currency]:
    """Currencies, from ``codes`` (default: a varied set of common ones, JPY to CLF).

    >>> from hypothesis import find
    >>> find(currencies(["JPY", "BHD"]), lambda c: c.minor_units > 0)
    Currency('BHD')
    """
    chosen = tuple(Currency(code) for code in (DEFAULT_CURRENCIES if codes is None else codes))
    if not chosen:
        raise ValidationError("codes", codes, "at least one currency code")
    return st.sampled_from(chosen)


def money(
    currency: str | Currency | None = None,
    min_value: Decimal | int | str | None = None,
    max_value: Decimal | int | str | None = None,
    *,
    rounded: bool = True,
) -> st.SearchStrategy[Money]:
    """Amounts in ``currency`` (default: any of :func:`currencies`) between the bounds, inclusive.

    With ``rounded=True`` (the default) every amount is a whole number of minor units, written with
    exactly the currency's minor units; with ``rounded=False`` amounts may carry up to four digits
    beyond the minor unit (unit prices, CPMs). Bounds default to plus or minus a trillion.

    >>> from hypothesis import find
    >>> find(money("EUR", min_value="0.50"), lambda m: True)
    Money('0.50', 'EUR')
    >>> find(money("JPY", rounded=False), lambda m: not m.is_rounded)
    Money('0.0001', 'JPY')
    """
    low = -_DEFAULT_LIMIT if min_value is None else _decimal("min_value", min_value)
    high = _DEFAULT_LIMIT if max_value is None else _decimal("max_value", max_value)
    if low > high:
        raise ValidationError("min_value", min_value, f"at most max_value={max_value!r}")
    pool = currencies() if currency is None else st.just(Currency(currency))

    def in_currency(cur: Currency) -> st.SearchStrategy[Money]:
        places = cur.minor_units + (0 if rounded else 4)
        first = _units(low, places, decimal.ROUND_CEILING)
        last = _units(high, places, decimal.ROUND_FLOOR)
        if first > last:
            # No amount of this currency fits between the bounds.
            return st.nothing()
        return st.integers(first, last).map(
            lambda n: Money(Decimal(n).scaleb(-places, DECIMAL_CONTEXT), cur)
        )

    return pool.flatmap(in_currency)


def rates(
    min_value: Decimal | int | str = 0,
    max_value: Decimal | int | str = 1,
    places: int = 4,
) -> st.SearchStrategy[Rate]:
    """Rates between the bounds (inclusive) with at most ``places`` decimal places.

    The defaults fit probabilities, commissions and tax rates (0 to 1, four places).

    >>> from hypothesis import find
    >>> find(rates(), lambda r: r.value > Decimal("0.5"))
    Rate('0.5001')
    """
    if not isinstance(places, int) or isinstance(places, bool) or places < 0:
        raise ValidationError("places", places, "an int of at least 0")
    low = _decimal("min_value", min_value)
    high = _decimal("max_value", max_value)
    first = _units(low, places, decimal.ROUND_CEILING)
    last = _units(high, places, decimal.ROUND_FLOOR)
    if first > last:
        raise ValidationError("min_value", min_value, f"at most max_value={max_value!r}")
    return st.integers(first, last).map(lambda n: Rate(Decimal(n).scaleb(-places, DECIMAL_CONTEXT)))


def exchange_rates(
    base: str | Currency | None = None,
    currencies: tuple[str, ...] | list[str] | None = None,
) -> st.SearchStrategy[ExchangeRates]:
    """Exchange-rate tables: a base, positive rates (0.0001 to 10,000) for some other currencies.

    ``currencies`` lists the codes that may appear (default :data:`DEFAULT_CURRENCIES`); when given,
    every one of them other than the base gets a rate, so any pair among them converts.

    >>> from hypothesis import find
    >>> fx = find(exchange_rates("EUR", ["EUR", "USD", "JPY"]), lambda fx: True)
    >>> fx.base, sorted(fx.rates)
    (Currency('EUR'), ['JPY', 'USD'])
    """
    codes = tuple(
        Currency(c).code for c in (DEFAULT_CURRENCIES if currencies is None else currencies)
    )
    if not codes:
        raise ValidationError("currencies", currencies, "at least one currency code")
    bases = st.sampled_from(codes) if base is None else st.just(Currency(base).code)
    values = st.integers(1, 10**8).map(lambda n: Decimal(n).scaleb(-4, DECIMAL_CONTEXT))
    dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))

    def table(base_code: str) -> st.SearchStrategy[ExchangeRates]:
        others = sorted({c for c in codes if c != base_code})
        if currencies is None:
            chosen = st.lists(st.sampled_from(others), unique=True, max_size=len(others))
        else:
            chosen = st.just(others)
        return chosen.flatmap(
            lambda keys: st.builds(
                ExchangeRates,
                base=st.just(base_code),
                rates=st.fixed_dictionaries(dict.fromkeys(keys, values)),
                as_of=dates,
            )
        )

    return bases.flatmap(table)


def register() -> None:
    """Register strategies for Currency, Money, Rate and ExchangeRates with ``st.from_type``."""
    st.register_type_strategy(Currency, currencies())
    st.register_type_strategy(Money, money())
    st.register_type_strategy(Rate, rates())
    st.register_type_strategy(ExchangeRates, exchange_rates())
