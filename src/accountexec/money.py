"""Exact money: currencies, amounts, rates and exchange rates.

Every amount is a :class:`~decimal.Decimal` with its :class:`Currency`; nothing is rounded behind
your back, rounding is explicit (:meth:`Money.round`) and names its mode, and splitting or
allocating an amount never creates or loses a minor unit.

>>> from accountexec.money import Money, Rate
>>> fee = Money("100.00", "EUR")
>>> fee.split(3)
(Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR'))
>>> fee * Rate.percent(15)
Money('15.0000', 'EUR')
>>> (fee * Rate.percent(15)).round()
Money('15.00', 'EUR')

All the arithmetic runs in the library's own decimal context, :data:`DECIMAL_CONTEXT` (60
significant digits, half-even for the rare intermediate rounding, ``InvalidOperation``,
``DivisionByZero`` and ``Overflow`` trapped), so results never depend on the caller's
:func:`decimal.getcontext`. Code that does its own Decimal arithmetic next to the library uses the
same context::

    with decimal.localcontext(DECIMAL_CONTEXT): ...    # or: with decimal_context(): ...
"""

from __future__ import annotations

import decimal
import functools
import math
import re
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal, final, get_args, overload

import attrs
import pendulum

from accountexec import _lazy
from accountexec._fields import Validator, to_date, to_sequence
from accountexec.errors import CurrencyMismatchError, ValidationError

if TYPE_CHECKING:
    import babel.core
    import babel.numbers
else:  # imported by the first currency, format or parse (see accountexec._lazy)
    babel = _lazy.module("babel")

__all__ = [
    "DECIMAL_CONTEXT",
    "MAGNITUDE_RANGE",
    "ROUNDING_MODES",
    "Currency",
    "ExchangeRates",
    "FormatType",
    "Money",
    "Rate",
    "RoundingMode",
    "decimal_context",
]

DECIMAL_CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The decimal context every computation of the library runs in. Treat it as read-only."""

RoundingMode = Literal["half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"]
"""The rounding modes accepted wherever the library rounds money."""

ROUNDING_MODES: Final[tuple[RoundingMode, ...]] = get_args(RoundingMode)

_DECIMAL_ROUNDING: Final[dict[str, str]] = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}

_ADD = DECIMAL_CONTEXT.add
_SUB = DECIMAL_CONTEXT.subtract
_MUL = DECIMAL_CONTEXT.multiply
_DIV = DECIMAL_CONTEXT.divide
_ONE: Final = Decimal(1)
_ZERO: Final = Decimal(0)
_MAX_PARTS: Final = 1_000_000  # Money.split: more parts than any bill has lines


@contextmanager
def decimal_context() -> Iterator[decimal.Context]:
    """Run a block of your own Decimal arithmetic in (a copy of) the library's context.

    >>> from decimal import Decimal
    >>> with decimal_context():
    ...     Decimal(1) / Decimal(3)
    Decimal('0.333333333333333333333333333333333333333333333333333333333333')
    """
    with decimal.localcontext(DECIMAL_CONTEXT) as ctx:
        yield ctx


def _rounding(rounding: object) -> str:
    try:
        return _DECIMAL_ROUNDING[rounding]  # type: ignore[index]
    except (KeyError, TypeError):
        allowed = ", ".join(repr(m) for m in ROUNDING_MODES)
        raise ValidationError("rounding", rounding, f"one of {allowed}") from None


def _unsigned_zero(value: Decimal) -> Decimal:
    """Turn a negative zero into a positive one (so reprs never show ``-0.00``)."""
    if not value and value.is_signed():
        return value.copy_negate()
    return value


MAGNITUDE_RANGE: Final = (-60, 36)
"""The decimal exponents (``Decimal.adjusted()``) a non-zero amount, rate or factor may have.

Between 1E-60 and 1E+36 in size: room for any real amount and any sub-minor unit price, and far
enough from the context's exponent limits that no chain of operations a program performs overflows.
"""

_MAGNITUDE_ALLOWED: Final = "a magnitude between 1E-60 and 1E+36 (or zero)"


def _check_magnitude(field: str, original: object, value: Decimal) -> None:
    if value and not MAGNITUDE_RANGE[0] <= value.adjusted() <= MAGNITUDE_RANGE[1]:
        raise ValidationError(field, original, _MAGNITUDE_ALLOWED)
    if len(value.as_tuple().digits) > DECIMAL_CONTEXT.prec:
        raise ValidationError(field, original, f"at most {DECIMAL_CONTEXT.prec} significant digits")


def normal_zero(value: Decimal) -> Decimal:
    """``value``, or for a zero whose exponent lies outside :data:`MAGNITUDE_RANGE`, that zero
    with the nearest exponent inside it (``0E-62`` becomes ``0E-60``); equal either way.

    A product such as ``0.00 × 0.3333…`` (a 60-digit rate) is a zero with exponent -62; kept as
    is, it would be the only amount whose text a reader of the range refuses.

    >>> normal_zero(Decimal("0E-62")), normal_zero(Decimal("0E+40")), normal_zero(Decimal("0.00"))
    (Decimal('0E-60'), Decimal('0E+36'), Decimal('0.00'))
    """
    if value:
        return value
    exponent: int = value.as_tuple().exponent  # type: ignore[assignment]
    low, high = MAGNITUDE_RANGE
    if low <= exponent <= high:
        return value
    return Decimal((value.as_tuple().sign, (0,), min(max(exponent, low), high)))


def _to_decimal(field: str, value: object, allowed: str) -> Decimal:
    """Convert an int, str or Decimal to a finite Decimal, exactly; refuse anything else.

    Sizes outside :data:`MAGNITUDE_RANGE` are refused, so arithmetic never overflows.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValidationError(field, value, allowed)
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value)
        except (decimal.InvalidOperation, ValueError):
            raise ValidationError(field, value, allowed) from None
    else:
        raise ValidationError(field, value, allowed)
    if not result.is_finite():
        raise ValidationError(field, value, allowed)
    _check_magnitude(field, value, result)
    return _unsigned_zero(normal_zero(result))


# --------------------------------------------------------------------------------------- Currency


@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset(babel.numbers.list_currencies())


@functools.cache
def _currency_fractions() -> Mapping[str, tuple[int, int, int, int]]:
    fractions: Mapping[str, tuple[int, int, int, int]] = babel.core.get_global("currency_fractions")
    return fractions


_CURRENCIES: dict[object, Currency] = {}


@final
@attrs.frozen(init=False, repr=False)
class Currency:
    """An ISO 4217 currency, with its minor units from babel's CLDR data.

    Instances are shared: ``Currency("EUR") is Currency("EUR")``. Codes are upper-cased; unknown
    codes are refused. Equality and hashing go by code.

    >>> Currency("eur")
    Currency('EUR')
    >>> Currency("EUR").minor_units, Currency("JPY").minor_units, Currency("BHD").minor_units
    (2, 0, 3)
    >>> Currency("EURO")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'currency': 'EURO'; expected an ISO 4217 ...
    """

    code: str
    minor_units: int = attrs.field(eq=False)
    _quantum: Decimal = attrs.field(eq=False)
    _cash_quantum: Decimal = attrs.field(eq=False)

    def __new__(cls, code: str | Currency) -> Currency:
        """Return the shared instance for ``code`` (a code in any case, or a Currency)."""
        if isinstance(code, Currency):
            return code
        try:
            return _CURRENCIES[code]
        except (KeyError, TypeError):
            return _new_currency(cls, code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Currency, (self.code,))

    def __repr__(self) -> str:
        return f"Currency({self.code!r})"

    def __str__(self) -> str:
        return self.code

    @property
    def cash_increment(self) -> Decimal:
        """The smallest cash amount (CHF 0.05), or the minor unit where cash is not rounded.

        >>> Currency("CHF").cash_increment, Currency("EUR").cash_increment
        (Decimal('0.05'), Decimal('0.01'))
        """
        return self._cash_quantum


def _new_currency(cls: type[Currency], code: object) -> Currency:
    allowed = "an ISO 4217 currency code such as 'EUR' (see babel.numbers.list_currencies())"
    if not isinstance(code, str):
        raise ValidationError("currency", code, allowed)
    normal = code.upper()
    if normal not in _known_codes():
        raise ValidationError("currency", code, allowed)
    existing = _CURRENCIES.get(normal)
    if existing is None:
        minor_units = babel.numbers.get_currency_precision(normal)
        quantum = Decimal(1).scaleb(-minor_units)
        fractions = _currency_fractions()
        if normal in fractions:
            _digits, _rounding_step, cash_digits, cash_rounding = fractions[normal]
            cash_quantum = Decimal(cash_rounding or 1).scaleb(-cash_digits)
        else:
            cash_quantum = quantum
        existing = object.__new__(cls)
        object.__setattr__(existing, "code", normal)
        object.__setattr__(existing, "minor_units", minor_units)
        object.__setattr__(existing, "_quantum", quantum)
        object.__setattr__(existing, "_cash_quantum", cash_quantum)
        _CURRENCIES[normal] = existing
    _CURRENCIES[code] = existing
    return existing


def _to_currency(value: str | Currency) -> Currency:
    return Currency(value)


# ------------------------------------------------------------------------------------------- Rate

_RATE_ALLOWED: Final = "a Decimal, int or numeric str (never a float or bool), finite"


def _to_rate_value(value: Decimal | int | str) -> Decimal:
    return _to_decimal("rate", value, _RATE_ALLOWED)


def _rate_operand(other: object) -> Decimal | None:
    if isinstance(other, Rate):
        return other.value
    if isinstance(other, Decimal):
        return other if other.is_finite() else None
    if isinstance(other, int) and not isinstance(other, bool):
        return Decimal(other)
    return None


@final
@attrs.frozen(repr=False, order=True)
class Rate:
    """A decimal fraction: a commission, a tax, a probability, a markup. ``Rate("0.15")`` is 15%.

    Any finite value is allowed (a markup may exceed 1, a correction may be negative); domains that
    need bounds (a probability in [0, 1]) check them. Rates add, subtract, multiply and divide with
    rates, ints and Decimals, and give a :class:`Money` when they multiply one.

    >>> commission = Rate.percent(15)
    >>> commission, commission.value, commission.as_percent()
    (Rate('0.15'), Decimal('0.15'), Decimal('15'))
    >>> 1 - commission
    Rate('0.85')
    >>> Money("200.00", "EUR") * commission
    Money('30.0000', 'EUR')
    >>> Rate(0.15)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'rate': 0.15; expected a Decimal, int ...
    """

    value: Decimal = attrs.field(converter=_to_rate_value)

    @classmethod
    def percent(cls, percent: Decimal | int | str) -> Rate:
        """The rate for a percentage: ``Rate.percent("17.65")`` is ``Rate('0.1765')``.

        >>> Rate.percent("17.65")
        Rate('0.1765')
        """
        value = _to_decimal("percent", percent, _RATE_ALLOWED)
        return cls(value.scaleb(-2, DECIMAL_CONTEXT))

    def as_percent(self) -> Decimal:
        """The rate as a percentage (``Rate("0.15").as_percent()`` is ``Decimal('15')``).

        >>> Rate("0.075").as_percent()
        Decimal('7.5')
        """
        return self.value.scaleb(2, DECIMAL_CONTEXT)

    def complement(self) -> Rate:
        """``1 - rate``: what the media owner keeps of the gross under a commission.

        >>> Rate.percent(15).complement()
        Rate('0.85')
        """
        return Rate(_SUB(_ONE, self.value))

    def round(self, places: int, rounding: RoundingMode = "half_up") -> Rate:
        """The rate rounded to ``places`` decimal places of its value (half-up by default).

        ``places`` counts digits of the fraction, as in ``Decimal.quantize``: a percentage with
        one decimal is ``places=3``.

        >>> Rate("0.333333").round(3), Rate("0.6666").round(2, "down")
        (Rate('0.333'), Rate('0.66'))
        """
        if type(places) is not int or not 0 <= places <= _MAX_PLACES:
            raise ValidationError("places", places, f"a whole number from 0 to {_MAX_PLACES}")
        quantum = Decimal(1).scaleb(-places)
        return Rate(
            self.value.quantize(quantum, rounding=_rounding(rounding), context=DECIMAL_CONTEXT)
        )

    def format(self, locale: str = "en_US", *, places: int | None = None) -> str:
        """The rate as a percentage written in ``locale``, through babel's percent pattern.

        Without ``places`` every digit the rate holds is shown; with it the percentage is rounded
        half-up to ``places`` decimals and shows exactly that many.

        >>> Rate("0.15").format("en_US"), Rate("0.075").format("de_DE")
        ('15%', '7,5\xa0%')
        >>> Rate("0.333333").format("fr_FR", places=1)
        '33,3\\xa0%'
        """
        parsed = _locale(locale)
        with decimal.localcontext(DECIMAL_CONTEXT):
            if places is None:
                return babel.numbers.format_percent(
                    self.value, locale=parsed, decimal_quantization=False
                )
            if type(places) is not int or not 0 <= places <= _MAX_PLACES - 2:
                allowed = f"a whole number from 0 to {_MAX_PLACES - 2}"
                raise ValidationError("places", places, allowed)
            rounded = self.round(places + 2).value
            pattern = _percent_pattern(parsed, places)
            return babel.numbers.format_percent(rounded, format=pattern, locale=parsed)

    def __repr__(self) -> str:
        return f"Rate({format(self.value, 'f')!r})"

    def __str__(self) -> str:
        return f"{format(self.as_percent(), 'f')}%"

    def __add__(self, other: Rate | Decimal | int) -> Rate:
        operand = _rate_operand(other)
        if operand is None:
            return NotImplemented
        return Rate(_ADD(self.value, operand))

    __radd__ = __add__

    def __sub__(self, other: Rate | Decimal | int) -> Rate:
        operand = _rate_operand(other)
        if operand is None:
            return NotImplemented
        return Rate(_SUB(self.value, operand))

    def __rsub__(self, other: Decimal | int) -> Rate:
        operand = _rate_operand(other)
        if operand is None:
            return NotImplemented
        return Rate(_SUB(operand, self.value))

    def __mul__(self, other: Rate | Decimal | int) -> Rate:
        operand = _rate_operand(other)
        if operand is None:
            return NotImplemented
        return Rate(_MUL(self.value, operand))

    __rmul__ = __mul__

    def __truediv__(self, other: Rate | Decimal | int) -> Rate:
        operand = _rate_operand(other)
        if operand is None:
            return NotImplemented
        if not operand:
            raise ValidationError("divisor", other, "a non-zero rate, int or Decimal")
        return Rate(_DIV(self.value, operand))

    def __neg__(self) -> Rate:
        return Rate(self.value.copy_negate())


# ------------------------------------------------------------------------------------------ Money

_AMOUNT_ALLOWED: Final = "a Decimal, int or numeric str (never a float or bool), finite"
_FACTOR_ALLOWED: Final = "an int, a finite Decimal or a Rate (never a float or bool)"


def _to_amount(value: Decimal | int | str) -> Decimal:
    return _to_decimal("amount", value, _AMOUNT_ALLOWED)


def _factor(other: object) -> Decimal | None:
    """The Decimal to multiply or divide by, None for types Money does not know (NotImplemented)."""
    if isinstance(other, Decimal):
        if not other.is_finite():
            raise ValidationError("factor", other, _FACTOR_ALLOWED)
        _check_magnitude("factor", other, other)
        return other
    if isinstance(other, bool | float | Fraction):
        raise ValidationError("factor", other, _FACTOR_ALLOWED)
    if isinstance(other, int):
        factor = Decimal(other)
        _check_magnitude("factor", other, factor)
        return factor
    if isinstance(other, Rate):
        return other.value
    return None


def _mismatch(left: Money, right: Money, operation: str) -> CurrencyMismatchError:
    return CurrencyMismatchError(left.currency.code, right.currency.code, operation)


def _ratio(value: object) -> Fraction:
    allowed = "ints, Decimals or Fractions (never floats or bools), none negative"
    if isinstance(value, Fraction):
        result = value
    elif (isinstance(value, Decimal) and value.is_finite()) or (
        isinstance(value, int) and not isinstance(value, bool)
    ):
        result = Fraction(value)
    else:
        raise ValidationError("ratios", value, allowed)
    if result < 0:
        raise ValidationError("ratios", value, allowed)
    return result


def _locale(name: str) -> babel.core.Locale:
    if not isinstance(name, str):  # before the cache: a list is unhashable
        raise ValidationError("locale", name, "a CLDR locale identifier such as 'de_DE'")
    return _parsed_locale(name)


@functools.lru_cache(maxsize=128)
def _parsed_locale(name: str) -> babel.core.Locale:
    try:
        return babel.core.Locale.parse(name)
    except (ValueError, TypeError, babel.core.UnknownLocaleError):
        raise ValidationError("locale", name, "a CLDR locale identifier such as 'de_DE'") from None


# A format spec with a precision and a fixed-point type: '>12,.2f', '.1%'.
_FIXED_SPEC: Final = re.compile(r".*\.(?P<places>\d+)(?P<type>[fF%])")
_MAX_PLACES: Final = 28  # digits after the point a rate or a format spec may ask for


@functools.lru_cache(maxsize=256)
def _percent_pattern(locale: babel.core.Locale, places: int) -> str:
    """The locale's percent pattern with exactly ``places`` decimals (``#,##0.0 %`` for 1)."""
    pattern: str = locale.percent_formats[None].pattern.split(";")[0]
    if places:
        index = pattern.rfind("0") + 1
        pattern = f"{pattern[:index]}.{'0' * places}{pattern[index:]}"
    return pattern


FormatType = Literal["standard", "accounting"]
"""CLDR's currency patterns: ``"standard"`` (``-€1.00``) or ``"accounting"`` (``(€1.00)`` in
locales that write losses in parentheses)."""

_FORMAT_TYPES: Final = frozenset(get_args(FormatType))
_QUOTED: Final = re.compile(r"'([^']*)'")


def _unquote(match: re.Match[str]) -> str:
    return match.group(1) or "'"


@final
class _CurrencyFormat:
    """babel's currency pattern for one (locale, currency, format type), compiled once.

    ``babel.numbers.format_currency`` parses the locale and reads its pattern, symbols and
    currency data on every call. Here all of that is done once: the affixes with the currency
    sign already replaced, the group and decimal symbols, the grouping and the digits. A call then
    repeats only babel's arithmetic (``abs``, ``normalize``, ``quantize``, in
    :data:`DECIMAL_CONTEXT`) and its string steps, in the same order, so the text is byte for byte
    what ``format_currency(amount, code, locale=..., format_type=..., decimal_quantization=False)``
    returns. Patterns this does not reproduce (scientific, significant digits, the currency's
    plural name) are left to babel itself.
    """

    __slots__ = (
        "_decimal",
        "_digits",
        "_fallback",
        "_group",
        "_grouping",
        "_int_min",
        "_prefix",
        "_quotes",
        "_suffix",
        "_thousands",
    )

    def __init__(self, loc: babel.core.Locale, code: str, format_type: FormatType) -> None:
        pattern = loc.currency_formats[format_type]
        self._fallback: tuple[babel.core.Locale, str, FormatType] | None = None
        affixes = "".join((*pattern.prefix, *pattern.suffix))
        if pattern.scale or pattern.exp_prec or "@" in pattern.pattern or "¤¤¤" in affixes:
            self._fallback = (loc, code, format_type)
        if pattern.number_pattern == "":
            self._fallback = (loc, code, format_type)
        symbol = babel.numbers.get_currency_symbol(code, loc)

        def sign(text: str) -> str:
            return text.replace("¤¤", code.upper()).replace("¤", symbol)

        self._prefix = (sign(pattern.prefix[0]), sign(pattern.prefix[1]))
        self._suffix = (sign(pattern.suffix[0]), sign(pattern.suffix[1]))
        self._group = babel.numbers.get_group_symbol(loc, numbering_system="latn")
        self._decimal = babel.numbers.get_decimal_symbol(loc, numbering_system="latn")
        self._grouping = pattern.grouping
        self._int_min = pattern.int_prec[0]
        self._thousands = tuple(self._grouping) == (3, 3) and self._int_min <= 1
        self._digits = babel.numbers.get_currency_precision(code)
        # babel removes quotes from the whole text (a group symbol "'" included): do the same
        self._quotes = "'" in "".join((*self._prefix, *self._suffix, self._group, self._decimal))

    def __call__(self, amount: Decimal) -> str:
        if self._fallback is not None:
            loc, code, format_type = self._fallback
            with decimal.localcontext(DECIMAL_CONTEXT):
                return babel.numbers.format_currency(
                    amount, code, locale=loc, format_type=format_type, decimal_quantization=False
                )
        negative = int(amount.is_signed())
        value = DECIMAL_CONTEXT.normalize(DECIMAL_CONTEXT.abs(amount))
        exponent: int = value.as_tuple().exponent  # type: ignore[assignment]  # finite
        digits = self._digits
        most = max(digits, -exponent)  # the currency's digits, or every digit the amount has
        rounded = DECIMAL_CONTEXT.quantize(value, _ONE.scaleb(-most))
        if self._thousands:  # groups of three and one digit at least: Python's "," does it
            whole, _, fraction = f"{rounded:,f}".partition(".")
            number = whole.replace(",", self._group)
        else:
            whole, _, fraction = f"{rounded:f}".partition(".")
            # babel's _format_int: pad, then group from the right (first size, then the others)
            if len(whole) < self._int_min:
                whole = "0" * (self._int_min - len(whole)) + whole
            size, others = self._grouping
            grouped = ""
            while len(whole) > size:
                grouped = self._group + whole[-size:] + grouped
                whole = whole[:-size]
                size = others
            number = whole + grouped
        # babel's _format_frac with (digits, most) places: the amount was normalised, so the
        # fraction has exactly `most` digits, none of them a trailing zero past the currency's
        # digits (nothing to pad or strip), and a fraction of zeros only when `digits` asks for it
        if most:
            number += self._decimal + fraction
        text = self._prefix[negative] + number + self._suffix[negative]
        return _QUOTED.sub(_unquote, text) if self._quotes else text


@functools.lru_cache(maxsize=1024)
def _currency_format(locale: str, code: str, format_type: FormatType) -> _CurrencyFormat:
    return _CurrencyFormat(_parsed_locale(locale), code, format_type)


_SPACES: Final = (" ", "\xa0", "\u202f")
# Right-to-left locales (ar_EG) wrap numbers in invisible direction marks: parsing ignores them.
_BIDI_MARKS: Final = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@final
@attrs.frozen(repr=False)
class Money:
    """An exact amount of one currency.

    ``amount`` is a Decimal (ints and numeric strings are converted exactly; floats, bools, NaN and
    infinities are refused) and keeps the digits it was given: ``Money("1.5", "EUR")`` is held as
    1.5, not 1.50. Equality follows Decimal (``Money("1.5", "EUR") == Money("1.50", "EUR")``) and so
    does the hash; amounts of different currencies are never equal. ``+``, ``-`` and the orderings
    need one currency and otherwise raise :class:`~accountexec.errors.CurrencyMismatchError`;
    ordering against something that is not Money raises ``TypeError``.

    >>> price = Money("12.50", "eur")
    >>> price
    Money('12.50', 'EUR')
    >>> price.amount, price.currency
    (Decimal('12.50'), Currency('EUR'))
    >>> price + Money("0.0035", "EUR")
    Money('12.5035', 'EUR')
    >>> price + Money("1.00", "USD")
    Traceback (most recent call last):
    ...
    accountexec.errors.CurrencyMismatchError: cannot add 'EUR' and 'USD' amounts; ...
    >>> Money(12.5, "EUR")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'amount': 12.5; expected a Decimal, int ...
    """

    amount: Decimal = attrs.field(converter=_to_amount)
    currency: Currency = attrs.field(converter=_to_currency)

    # -- construction ---------------------------------------------------------------------------

    @staticmethod
    def _make(amount: Decimal, currency: Currency) -> Money:
        """Build a Money from parts known to be valid (a finite Decimal, a Currency), unchecked.

        The fast path for results of arithmetic; the public constructor always validates.
        """
        return _make(amount, currency)

    @classmethod
    def zero(cls, currency: str | Currency) -> Money:
        """Zero in ``currency``, written with the currency's minor units (one shared value).

        >>> Money.zero("EUR"), Money.zero("JPY")
        (Money('0.00', 'EUR'), Money('0', 'JPY'))
        """
        cur = Currency(currency)
        zero = _ZEROS.get(cur)
        if zero is None:
            zero = _ZEROS.setdefault(
                cur, _make(_ZERO.scaleb(-cur.minor_units, DECIMAL_CONTEXT), cur)
            )
        return zero

    @classmethod
    def sum(cls, moneys: Iterable[Money], currency: str | Currency) -> Money:
        """Add up ``moneys``, all in ``currency``; an empty iterable gives ``Money.zero(currency)``.

        >>> Money.sum([Money("1.10", "EUR"), Money("2.20", "EUR")], "EUR")
        Money('3.30', 'EUR')
        >>> Money.sum([], "JPY")
        Money('0', 'JPY')
        """
        cur = Currency(currency)
        total = _ZERO.scaleb(-cur.minor_units, DECIMAL_CONTEXT)
        for money in moneys:
            if type(money) is not Money:
                raise ValidationError("moneys", money, "Money values")
            if money.currency is not cur:
                raise CurrencyMismatchError(cur.code, money.currency.code, "add")
            total = _ADD(total, money.amount)
        return _make(total, cur)

    # -- text -----------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Money({format(self.amount, 'f')!r}, {self.currency.code!r})"

    def __str__(self) -> str:
        """Locale-free text: ``'12.50 EUR'``."""
        return f"{format(self.amount, 'f')} {self.currency.code}"

    def __format__(self, spec: str) -> str:
        """Format the amount with a ``Decimal`` format spec, then the code: ``f"{m:,.2f}"``.

        An empty spec gives ``str(money)``. Digits the spec cuts are rounded half-up (as
        :meth:`round`), in the library's decimal context, never the caller's.

        >>> m = Money("1234.5", "EUR")
        >>> f"{m}", f"{m:,.2f}", f"{m:>12.1f}"
        ('1234.5 EUR', '1,234.50 EUR', '      1234.5 EUR')
        """
        if not spec:
            return str(self)
        amount = self.amount
        match = _FIXED_SPEC.fullmatch(spec)
        if match is not None:  # round half-up here: Decimal's own formatting rounds half-even
            places = int(match["places"]) + (2 if match["type"] == "%" else 0)
            if places <= _MAX_PLACES:
                amount = amount.quantize(
                    Decimal(1).scaleb(-places),
                    rounding=decimal.ROUND_HALF_UP,
                    context=DECIMAL_CONTEXT,
                )
        try:
            with decimal.localcontext(DECIMAL_CONTEXT):
                text = format(amount, spec)
        except (ValueError, TypeError):
            raise ValidationError(
                "format_spec", spec, "a Decimal format specification such as ',.2f'"
            ) from None
        return f"{text} {self.currency.code}"

    def format(self, locale: str = "en_US", *, format_type: FormatType = "standard") -> str:
        """The amount as written in ``locale``, through babel's currency pattern.

        The amount is shown as held: at least the currency's minor units, and every further digit it
        carries (nothing is rounded away silently, so round first for an invoice). The locale is
        always explicit; the machine's locale is never read. ``format_type="accounting"`` uses the
        locale's accounting pattern (losses in parentheses where the locale writes them so). The
        text is byte for byte ``babel.numbers.format_currency(amount, code, locale=locale,
        format_type=format_type, decimal_quantization=False)``; the pattern is compiled once per
        locale, currency and format type, so a call costs a few string operations.

        >>> Money("1234.5", "EUR").format("de_DE")
        '1.234,50\\xa0€'
        >>> Money("1234.50", "EUR").format("en_US")
        '€1,234.50'
        >>> Money("0.0035", "USD").format("en_US")
        '$0.0035'
        >>> Money("-5.00", "USD").format("en_US", format_type="accounting")
        '($5.00)'
        """
        if not isinstance(locale, str):
            raise ValidationError("locale", locale, "a CLDR locale identifier such as 'de_DE'")
        if not isinstance(format_type, str) or format_type not in _FORMAT_TYPES:
            raise ValidationError("format_type", format_type, "'standard' or 'accounting'")
        return _currency_format(locale, self.currency.code, format_type)(self.amount)

    @classmethod
    def parse(cls, text: str, currency: str | Currency, locale: str = "en_US") -> Money:
        """Read an amount of ``currency`` written in ``locale`` (the inverse of :meth:`format`).

        The currency symbol or code may be present or not; babel's strict parsing refuses ambiguous
        text (``"1,23"`` in en_US), and anything that does not parse raises ``ValidationError``.

        >>> Money.parse("1.234,50 €", "EUR", locale="de_DE")
        Money('1234.50', 'EUR')
        >>> Money.parse("-$1,000", "USD")
        Money('-1000', 'USD')
        >>> Money.parse("1,23", "EUR")
        Traceback (most recent call last):
        ...
        accountexec.errors.ValidationError: invalid 'text': '1,23'; expected an amount of EUR ...
        """
        cur = Currency(currency)
        loc = _locale(locale)
        allowed = f"an amount of {cur.code} as written in {locale}"
        if not isinstance(text, str):
            raise ValidationError("text", text, allowed)
        negative, body = _strip_parse_affixes(text.translate(_BIDI_MARKS), cur.code, loc)
        group = babel.numbers.get_group_symbol(loc)
        dec = babel.numbers.get_decimal_symbol(loc)
        if group in _SPACES:
            for space in _SPACES:
                body = body.replace(space, group)
        # Only digits and the locale's separators, starting on a digit or the decimal symbol and
        # ending on a digit: no exponent, underscore, inner sign or symbol, NaN or infinity
        # (Decimal itself would read '1e5' and '1_000').
        if (
            not body[-1:].isdigit()
            or not (body[0].isdigit() or body[0] == dec)
            or not all(c.isdigit() or c in (group, dec) for c in body)
        ):
            raise ValidationError("text", text, allowed)
        # babel #928: strict parsing refuses some valid trailing zeros: strip them, keep the scale.
        places = 0
        if body.count(dec) == 1:
            whole, _, fraction = body.partition(dec)
            if fraction.isdigit() and fraction.isascii():
                places = len(fraction)
                fraction = fraction.rstrip("0")
                body = f"{whole}{dec}{fraction}" if fraction else whole
        try:
            with decimal.localcontext(DECIMAL_CONTEXT):
                if _grouped_as_currency(body, group, dec, loc):
                    # babel checks grouping against the number pattern; a few locales (mr, ta,
                    # ml, or, dv) group amounts of money differently: checked above instead
                    body = body.replace(group, "")
                value = babel.numbers.parse_decimal(body, locale=loc, strict=True)
        except (babel.numbers.NumberFormatError, decimal.InvalidOperation, ValueError):
            raise ValidationError("text", text, allowed) from None
        sign, digits, exponent = value.as_tuple()
        missing = int(exponent) + places
        if missing > 0:
            # Put back the trailing zeros stripped above (exact: only adds digits, no context).
            value = Decimal((sign, digits + (0,) * missing, int(exponent) - missing))
        if negative:
            value = value.copy_negate()
        # the limits of the constructor: a parsed amount is one Money(...) would accept
        _check_magnitude("text", text, value)
        return _make(_unsigned_zero(normal_zero(value)), cur)

    # -- comparisons ----------------------------------------------------------------------------

    def _same(self, other: Money, operation: str) -> None:
        if other.currency is not self.currency:
            raise _mismatch(self, other, operation)

    def __lt__(self, other: Money) -> bool:
        if type(other) is not Money:
            return NotImplemented
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        if type(other) is not Money:
            return NotImplemented
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        if type(other) is not Money:
            return NotImplemented
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        if type(other) is not Money:
            return NotImplemented
        self._same(other, "compare")
        return self.amount >= other.amount

    # -- arithmetic -----------------------------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        # Hot path: the fast constructor inlined (see _make).
        if type(other) is not Money:
            return NotImplemented
        currency = self.currency
        if other.currency is not currency:
            raise _mismatch(self, other, "add")
        money = _NEW(Money)
        _SET_AMOUNT(money, _ADD(self.amount, other.amount))
        _SET_CURRENCY(money, currency)
        return money

    def __radd__(self, other: int) -> Money:
        """``0 + money`` is ``money``, so the builtin ``sum(moneys)`` works on a non-empty list."""
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __rsub__(self, other: int) -> Money:
        """``0 - money`` is ``-money``, as ``0 + money`` is ``money``: start-from-zero code works.

        >>> 0 - Money("12.50", "EUR")
        Money('-12.50', 'EUR')
        """
        if type(other) is int and other == 0:
            return -self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if type(other) is not Money:
            return NotImplemented
        currency = self.currency
        if other.currency is not currency:
            raise _mismatch(self, other, "subtract")
        money = _NEW(Money)
        _SET_AMOUNT(money, _SUB(self.amount, other.amount))
        _SET_CURRENCY(money, currency)
        return money

    def __neg__(self) -> Money:
        return _make(_unsigned_zero(self.amount.copy_negate()), self.currency)

    def __bool__(self) -> bool:
        """Zero amounts are false, like numbers: ``if balance:`` means "if anything is owed"."""
        return bool(self.amount)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return _make(self.amount.copy_abs(), self.currency)

    def __mul__(self, other: Decimal | int | Rate) -> Money:
        if type(other) is Rate:
            factor = other.value
        else:
            maybe = _factor(other)
            if maybe is None:
                return NotImplemented
            factor = maybe
        result = _MUL(self.amount, factor)
        if not result and result.is_signed():
            result = result.copy_negate()
        money = _NEW(Money)
        _SET_AMOUNT(money, result)
        _SET_CURRENCY(money, self.currency)
        return money

    __rmul__ = __mul__

    @overload
    def __truediv__(self, other: Money) -> Decimal: ...

    @overload
    def __truediv__(self, other: Decimal | int | Rate) -> Money: ...

    def __truediv__(self, other: Money | Decimal | int | Rate) -> Money | Decimal:
        if type(other) is Money:
            return self.ratio_to(other)
        factor = _factor(other)
        if factor is None:
            return NotImplemented
        if not factor:
            raise ValidationError("divisor", other, "a non-zero int, Decimal or Rate")
        return _make(_unsigned_zero(_DIV(self.amount, factor)), self.currency)

    def ratio_to(self, other: Money) -> Decimal:
        """``self / other`` for two amounts of one currency, as a Decimal (also spelt ``a / b``).

        >>> Money("30.00", "EUR").ratio_to(Money("120.00", "EUR"))
        Decimal('0.25')
        >>> Money("30.00", "EUR") / Money("120.00", "EUR")
        Decimal('0.25')
        """
        if type(other) is not Money:
            raise ValidationError("other", other, "a Money of the same currency")
        self._same(other, "divide")
        if not other.amount:
            raise ValidationError("divisor", other, "a non-zero amount")
        return _unsigned_zero(_DIV(self.amount, other.amount))

    # -- rounding -------------------------------------------------------------------------------

    def round(self, rounding: RoundingMode = "half_up") -> Money:
        """Round to the currency's minor unit with ``rounding`` (half-up by default).

        >>> Money("2.345", "EUR").round(), Money("2.345", "EUR").round("half_even")
        (Money('2.35', 'EUR'), Money('2.34', 'EUR'))
        >>> Money("1234.5", "JPY").round("floor")
        Money('1234', 'JPY')
        """
        mode = _rounding(rounding)
        quantum = self.currency._quantum
        try:
            rounded = self.amount.quantize(quantum, rounding=mode, context=DECIMAL_CONTEXT)
        except decimal.InvalidOperation:
            raise _too_large_to_round(self) from None
        return _make(_unsigned_zero(rounded), self.currency)

    def round_cash(self, rounding: RoundingMode = "half_up") -> Money:
        """Round to the currency's cash increment (CHF 0.05) from CLDR; else to the minor unit.

        >>> Money("10.03", "CHF").round_cash(), Money("10.025", "CHF").round_cash("floor")
        (Money('10.05', 'CHF'), Money('10.00', 'CHF'))
        >>> Money("10.034", "EUR").round_cash()
        Money('10.03', 'EUR')
        """
        mode = _rounding(rounding)
        cur = self.currency
        try:
            steps = _DIV(self.amount, cur._cash_quantum).quantize(
                _ONE, rounding=mode, context=DECIMAL_CONTEXT
            )
            cash = _MUL(steps, cur._cash_quantum).quantize(cur._quantum, context=DECIMAL_CONTEXT)
        except decimal.InvalidOperation:
            raise _too_large_to_round(self) from None
        return _make(_unsigned_zero(cash), cur)

    @property
    def is_rounded(self) -> bool:
        """Whether the amount is a whole number of minor units (``Money("1.500", "EUR")`` is).

        >>> Money("1.50", "EUR").is_rounded, Money("1.505", "EUR").is_rounded
        (True, False)
        """
        amount = self.amount  # one quantize (at most 41 digits: exact) beats reading as_tuple()
        return amount == amount.quantize(
            self.currency._quantum, rounding=decimal.ROUND_DOWN, context=DECIMAL_CONTEXT
        )

    # -- allocation -----------------------------------------------------------------------------

    def allocate(self, ratios: Sequence[int | Decimal | Fraction]) -> tuple[Money, ...]:
        """Split this rounded amount by ``ratios`` without creating or losing a minor unit.

        Each part gets its exact share floored to the minor unit; the minor units left over go one
        each to the parts with the largest fractional remainders, ties to the earlier part. A zero
        ratio gets zero; a negative amount allocates like its absolute value, negated.

        >>> Money("100.00", "EUR").allocate([70, 20, 10])
        (Money('70.00', 'EUR'), Money('20.00', 'EUR'), Money('10.00', 'EUR'))
        >>> Money("0.05", "EUR").allocate([1, 1, 0, 1])
        (Money('0.02', 'EUR'), Money('0.02', 'EUR'), Money('0.00', 'EUR'), Money('0.01', 'EUR'))
        >>> Money("10.005", "EUR").allocate([1, 1])
        Traceback (most recent call last):
        ...
        accountexec.errors.ValidationError: invalid 'amount': Money('10.005', 'EUR'); expected ...
        """
        weights: list[int]
        ratios = to_sequence("ratios", ratios)
        if all(type(r) is int and r >= 0 for r in ratios):  # the common case, kept fast
            weights = list(ratios)  # type: ignore[arg-type]
        else:
            fractions = [_ratio(r) for r in ratios]
            scale = math.lcm(*(f.denominator for f in fractions))
            weights = [f.numerator * (scale // f.denominator) for f in fractions]
        total_weight = sum(weights)
        if not total_weight:
            raise ValidationError("ratios", ratios, "a non-empty sequence of ratios, not all zero")
        cur = self.currency
        scaled = self.amount.scaleb(cur.minor_units, DECIMAL_CONTEXT)
        if scaled != scaled.to_integral_value(context=DECIMAL_CONTEXT):
            raise ValidationError(
                "amount", self, "a rounded amount: call .round() before allocating"
            )
        units = int(scaled)
        sign = -1 if units < 0 else 1
        units = abs(units)
        parts: list[int] = []
        remainders: list[int] = []
        for weight in weights:
            part, remainder = divmod(units * weight, total_weight)
            parts.append(part)
            remainders.append(remainder)
        leftover = units - sum(parts)
        if leftover:
            order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
            for i in order[:leftover]:
                parts[i] += 1
        exponent = -cur.minor_units
        return tuple(
            _make(Decimal(sign * part).scaleb(exponent, DECIMAL_CONTEXT), cur) for part in parts
        )

    def split(self, n: int) -> tuple[Money, ...]:
        """Split into ``n`` parts as equal as the minor unit allows, larger parts first.

        >>> Money("100.00", "EUR").split(3)
        (Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR'))
        """
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= _MAX_PARTS:
            raise ValidationError("n", n, f"an int from 1 to {_MAX_PARTS}")
        return self.allocate([1] * n)


def _grouped_as_currency(body: str, group: str, dec: str, loc: babel.core.Locale) -> bool:
    """Whether ``body`` is grouped as ``loc``'s currency pattern groups, when that differs from its
    number pattern (``mr_IN`` writes ``$1,234,567.50`` but groups plain numbers ``12,34,567``)."""
    primary, secondary = loc.currency_formats["standard"].grouping
    if (primary, secondary) == loc.decimal_formats[None].grouping or group not in body:
        return False
    parts = body.partition(dec)[0].split(group)  # two at least: the group symbol is in body
    return (
        1 <= len(parts[0]) <= secondary  # the leading group: any group left of the last one
        and len(parts[-1]) == primary
        and all(len(part) == secondary for part in parts[1:-1])
    )


def _too_large_to_round(money: Money) -> ValidationError:
    return ValidationError(
        "amount",
        money,
        f"an amount that fits {DECIMAL_CONTEXT.prec} digits once rounded to its minor unit "
        f"({_MAGNITUDE_ALLOWED}; this one grew past it through arithmetic)",
    )


def _strip_parse_affixes(text: str, code: str, loc: babel.core.Locale) -> tuple[bool, str]:
    """Split ``[sign] [mark] [sign] number`` or ``[sign] number [mark]`` into (negative, number).

    The currency mark (symbol or code) may appear once, before or after the number, the minus sign
    once, before the number (either side of a leading mark) or at the very end (``fy``, ``fy_NL``).
    Whatever else is left stays in the number, for the caller to refuse.
    """
    spaces = "".join(_SPACES)
    body = text.strip(spaces)
    minus = babel.numbers.get_minus_sign_symbol(loc)
    signs = tuple(dict.fromkeys((minus, "-", "\u2212")))
    negative = False
    marked = False

    def take_sign(body: str) -> str:
        nonlocal negative
        for sign in signs:
            if body.startswith(sign):
                negative = True
                return body[len(sign) :].lstrip(spaces)
        return body

    body = take_sign(body)
    for mark in _currency_marks(code, loc):
        if body.startswith(mark):
            marked = True
            body = body[len(mark) :].lstrip(spaces)
            if not negative:
                body = take_sign(body)
            break
    if not marked:
        for mark in _currency_marks(code, loc):
            if body.endswith(mark):
                body = body[: -len(mark)].rstrip(spaces)
                break
    if not negative:  # a trailing sign, as Western Frisian writes it: '€ 1.234,56-'
        for sign in signs:
            if body.endswith(sign):
                negative = True
                body = body[: -len(sign)].rstrip(spaces)
                break
    return negative, body


@functools.lru_cache(maxsize=512)
def _currency_marks(code: str, loc: babel.core.Locale) -> tuple[str, ...]:
    """The texts that stand for ``code`` in ``loc``, longest first (the symbol and the code)."""
    marks = {code, babel.numbers.get_currency_symbol(code, loc).translate(_BIDI_MARKS)}
    return tuple(sorted(marks, key=len, reverse=True))


_NEW = object.__new__
_SET_AMOUNT = Money.__dict__["amount"].__set__
_SET_CURRENCY = Money.__dict__["currency"].__set__


_ZEROS: Final[dict[Currency, Money]] = {}  # Money.zero per currency: immutable, so shared


def _make(amount: Decimal, currency: Currency) -> Money:
    money = _NEW(Money)
    _SET_AMOUNT(money, amount)
    _SET_CURRENCY(money, currency)
    return money


# --------------------------------------------------------------------------------- ExchangeRates

_RATE_VALUE_ALLOWED: Final = "a positive Decimal, int or numeric str (never a float)"


def _to_rates(value: Mapping[str | Currency, Decimal | int | str]) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise ValidationError("rates", value, "a mapping of currency codes to positive rates")
    rates: dict[str, Decimal] = {}
    for key, raw in value.items():
        code = Currency(key).code
        rate = _to_decimal(f"rates[{code!r}]", raw, _RATE_VALUE_ALLOWED)
        if rate <= 0:
            raise ValidationError(f"rates[{code!r}]", raw, _RATE_VALUE_ALLOWED)
        if code in rates:
            raise ValidationError("rates", value, f"one rate per currency ({code!r} appears twice)")
        rates[code] = rate
    return types.MappingProxyType(dict(sorted(rates.items())))


def _to_as_of(value: object) -> pendulum.Date:
    return to_date(value, "as_of")


@final
@attrs.frozen(kw_only=True, repr=False)
class ExchangeRates:
    """A table of exchange rates against one base currency, valid as of a date.

    ``rates[code]`` is how many units of ``code`` one unit of ``base`` buys (EUR→USD 1.0825). Any
    pair of known currencies converts through the base. The table is read-only.

    >>> from datetime import date
    >>> rates = {"USD": "1.0825", "GBP": "0.8450"}
    >>> fx = ExchangeRates(base="EUR", rates=rates, as_of=date(2026, 11, 27))
    >>> fx.convert(Money("100.00", "EUR"), "USD")
    Money('108.25', 'USD')
    >>> fx.convert(Money("100.00", "USD"), "GBP")
    Money('78.06', 'GBP')
    >>> fx.rate("USD", "EUR")
    Decimal('0.923787528868360277136258660508083140877598152424942263279446')
    >>> fx.convert(Money("1.00", "EUR"), "JPY")
    Traceback (most recent call last):
    ...
    accountexec.errors.CurrencyMismatchError: no exchange rate from 'EUR' to 'JPY' ...
    """

    base: Currency = attrs.field(converter=_to_currency)
    rates: Mapping[str, Decimal] = attrs.field(converter=_to_rates, hash=False)
    as_of: pendulum.Date = attrs.field(converter=_to_as_of)

    def __attrs_post_init__(self) -> None:
        if self.base.code in self.rates:
            raise ValidationError(
                "rates", dict(self.rates), f"no rate for the base currency {self.base.code!r}"
            )

    def __repr__(self) -> str:
        rates = ", ".join(f"{code!r}: {format(rate, 'f')!r}" for code, rate in self.rates.items())
        return (
            f"ExchangeRates(base={self.base.code!r}, rates={{{rates}}}, "
            f"as_of=Date({self.as_of.year}, {self.as_of.month}, {self.as_of.day}))"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_exchange_rates, (self.base.code, dict(self.rates), self.as_of))

    def _against_base(self, code: str, source: str, target: str) -> Decimal:
        if code == self.base.code:
            return _ONE
        try:
            return self.rates[code]
        except KeyError:
            known = ", ".join(repr(c) for c in (self.base.code, *self.rates))
            raise CurrencyMismatchError(
                source,
                target,
                "convert",
                message=(
                    f"no exchange rate from {source!r} to {target!r} as of {self.as_of}; "
                    f"known currencies: {known}"
                ),
            ) from None

    def rate(self, source: str | Currency, target: str | Currency) -> Decimal:
        """How many units of ``target`` one unit of ``source`` buys (exact to 60 digits).

        >>> from datetime import date
        >>> fx = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=date(2026, 1, 2))
        >>> fx.rate("USD", "EUR")
        Decimal('0.8')
        """
        src, dst = Currency(source).code, Currency(target).code
        if src == dst:
            return _ONE
        to_rate = self._against_base(dst, src, dst)
        from_rate = self._against_base(src, src, dst)
        return _DIV(to_rate, from_rate)

    def convert(
        self, money: Money, to: str | Currency, rounding: RoundingMode = "half_up"
    ) -> Money:
        """``money`` in currency ``to``, rounded to its minor unit with ``rounding``.

        Converting to the same currency returns the amount rounded.

        >>> from datetime import date
        >>> fx = ExchangeRates(base="EUR", rates={"JPY": "163.52"}, as_of=date(2026, 11, 27))
        >>> fx.convert(Money("10.00", "EUR"), "JPY")
        Money('1635', 'JPY')
        >>> fx.convert(Money("1000", "JPY"), "EUR", rounding="floor")
        Money('6.11', 'EUR')
        """
        if type(money) is not Money:
            raise ValidationError("money", money, "a Money")
        mode = _rounding(rounding)
        target = Currency(to)
        source = money.currency
        if source is target:
            return money.round(rounding)
        to_rate = self._against_base(target.code, source.code, target.code)
        from_rate = self._against_base(source.code, source.code, target.code)
        exact = _DIV(_MUL(money.amount, to_rate), from_rate)
        try:
            rounded = exact.quantize(target._quantum, rounding=mode, context=DECIMAL_CONTEXT)
        except decimal.InvalidOperation:
            raise ValidationError(
                "money",
                money,
                f"an amount whose value in {target.code} ({exact:E}) fits "
                f"{DECIMAL_CONTEXT.prec} digits once rounded ({_MAGNITUDE_ALLOWED})",
            ) from None
        return _make(_unsigned_zero(rounded), target)


def _exchange_rates(
    base: str, rates: Mapping[str | Currency, Decimal | int | str], as_of: pendulum.Date
) -> ExchangeRates:
    return ExchangeRates(base=base, rates=rates, as_of=as_of)


# ------------------------------------------------------------------------ field rule


def money_validator(
    *, rounded: bool = False, non_negative: bool = False, optional: bool = False
) -> Validator:
    """attrs validator: a ``Money`` (rounded to its minor unit, of zero or more, as asked).

    >>> from accountexec.money import Money
    >>> @attrs.frozen
    ... class Fee:
    ...     amount: Money = attrs.field(validator=money_validator(rounded=True))
    >>> Fee(Money("1.005", "EUR"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'amount': Money('1.005', 'EUR'); expected a Money rounded to its currency's minor unit
    """  # noqa: E501
    allowed = "a Money"
    if rounded:
        allowed += " rounded to its currency's minor unit"
    if non_negative:
        allowed += (", " if rounded else " ") + "of zero or more"
    if optional:
        allowed += ", or None"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if (
            type(value) is not Money
            or (non_negative and value.amount < 0)
            or (rounded and not value.is_rounded)
        ):
            raise ValidationError(attribute.name, value, allowed)

    return check
