"""Converters and validators shared by every module's attrs fields (private).

One place for the rules every type applies the same way: what counts as a date (a ``datetime`` is
refused, never truncated), what counts as an aware datetime, what counts as text. Each raises
:class:`~accountexec.errors.ValidationError` naming the field, the value and what is allowed.

>>> import datetime as dt
>>> to_date(dt.date(2026, 1, 9), "start")
Date(2026, 1, 9)
>>> to_date(dt.datetime(2026, 1, 9, 12), "start")
Traceback (most recent call last):
...
accountexec.errors.ValidationError: invalid 'start': datetime.datetime(2026, 1, 9, 12, 0); ...
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Generic, TypeVar, final

import attrs
import pendulum

from accountexec.errors import ValidationError

__all__ = [
    "ReadOnlyMapping",
    "check_aware",
    "check_count",
    "check_optional_name",
    "check_optional_text",
    "check_text",
    "date_converter",
    "decimal_validator",
    "instance_of",
    "optional_date_converter",
    "require_aware",
    "require_currency",
    "to_aware_datetime",
    "to_date",
    "to_enum",
    "to_optional_aware_datetime",
    "to_optional_date",
    "to_sequence",
    "to_sequence_of",
    "to_timezone_name",
    "to_tuple",
]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def to_date(value: object, field: str = "date") -> pendulum.Date:
    """A pendulum ``Date`` from a ``datetime.date``; a ``datetime`` (pendulum's too) is refused."""
    if type(value) is pendulum.Date:  # the common case first
        return value
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise ValidationError(field, value, "a date (a datetime is not a date)")
    return pendulum.Date(value.year, value.month, value.day)


def to_optional_date(value: object, field: str = "date") -> pendulum.Date | None:
    """``None`` or a date, as :func:`to_date`."""
    return None if value is None else to_date(value, field)


def date_converter(field: str) -> Callable[[object], pendulum.Date]:
    """An attrs converter turning a date into a pendulum ``Date`` and naming ``field`` on refusal.

    >>> import datetime as dt
    >>> date_converter("issued_on")(dt.date(2026, 11, 27))
    Date(2026, 11, 27)
    """

    def convert(value: object) -> pendulum.Date:
        return to_date(value, field)

    return convert


def optional_date_converter(field: str) -> Callable[[object], pendulum.Date | None]:
    """As :func:`date_converter`, letting ``None`` through."""

    def convert(value: object) -> pendulum.Date | None:
        return to_optional_date(value, field)

    return convert


def require_aware(value: object, field: str = "at") -> _dt.datetime:
    """``value`` if it is an aware datetime; a naive one (or anything else) is refused.

    >>> import pendulum
    >>> require_aware(pendulum.datetime(2026, 3, 29, 9, tz="Europe/London")).isoformat()
    '2026-03-29T09:00:00+01:00'
    """
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        raise ValidationError(field, value, "an aware datetime (with a time zone)")
    return value


_AWARE_ALLOWED = "an aware datetime (with a time zone)"
_IN_RANGE_ALLOWED = (
    "an aware datetime whose moment, in UTC and in its own zone, falls in years 1 to 9999"
)
_UTC = _dt.UTC


def _zone_key(tzinfo: _dt.tzinfo | None) -> str | None:
    """The IANA name of a zone (pendulum's or zoneinfo's), None for fixed offsets and others."""
    key = getattr(tzinfo, "key", None)
    return key if isinstance(key, str) and _is_known_timezone(key) else None


def to_aware_datetime(value: object, field: str = "at") -> pendulum.DateTime:
    """An aware datetime normalised to a pendulum ``DateTime``: the same instant, in its zone.

    The rule, for every stored datetime of the library:

    - The **instant** is the one Python gives the value (its ``utcoffset()``), and it is kept.
    - A value with an IANA zone (``zoneinfo.ZoneInfo``, pendulum's ``Timezone``) stays in that
      zone; any other tzinfo (``datetime.timezone``, a fixed offset) becomes a fixed offset.
    - A wall time that happens twice (the autumn hour) keeps the occurrence its ``fold`` picks:
      ``fold=0`` the first, ``fold=1`` the second, as the standard library reads them.
    - A wall time that never happens (the spring gap) is read with the offset before the change
      (``fold=0``, the standard library's rule), so it moves forward by the gap, as pendulum
      does: 01:30 on 29 March 2026 in London is 02:30 BST.

    So the stored value is always a real, unambiguous moment, ``to_dict`` writes the offset the
    zone really has then, and a value read back from JSON compares equal to the stored one.

    >>> import datetime as dt, zoneinfo
    >>> london = zoneinfo.ZoneInfo("Europe/London")
    >>> to_aware_datetime(dt.datetime(2026, 3, 29, 1, 30, tzinfo=london)).isoformat()
    '2026-03-29T02:30:00+01:00'
    >>> to_aware_datetime(dt.datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=london)).isoformat()
    '2026-10-25T01:30:00+00:00'
    >>> to_aware_datetime(dt.datetime(2026, 10, 25, 1, 30))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'at': datetime.datetime(2026, 10, 25, 1, 30); ...
    """
    if not isinstance(value, _dt.datetime):
        raise ValidationError(field, value, _AWARE_ALLOWED)
    offset = value.utcoffset()
    if offset is None:
        raise ValidationError(field, value, _AWARE_ALLOWED)
    key = _zone_key(value.tzinfo)
    tz: pendulum.Timezone | pendulum.FixedTimezone
    if key is not None:
        tz = pendulum.timezone(key)
    else:
        if offset.microseconds:
            raise ValidationError(field, value, "a UTC offset of whole seconds")
        tz = pendulum.FixedTimezone(int(offset.total_seconds()))
    try:
        utc = (value.replace(tzinfo=None) - offset).replace(tzinfo=_UTC)
        moment = pendulum.instance(utc).in_timezone(tz)
    except (OverflowError, ValueError):
        raise ValidationError(field, value, _IN_RANGE_ALLOWED) from None
    return moment


def to_optional_aware_datetime(value: object, field: str) -> pendulum.DateTime | None:
    """As :func:`to_aware_datetime`, letting ``None`` through."""
    return None if value is None else to_aware_datetime(value, field)


def check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: an aware datetime, or ``None``."""
    if value is not None:
        require_aware(value, attribute.name)


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(attribute.name, value, "a non-empty string")


def check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a string, or ``None``."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(attribute.name, value, "text or None")


def instance_of(cls: type | tuple[type, ...], allowed: str) -> Validator:
    """attrs validator raising ``ValidationError`` (attrs' ``instance_of`` raises ``TypeError``)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise ValidationError(attribute.name, value, allowed)

    return check


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """A tuple from any iterable (a list given by a caller becomes immutable)."""
    return tuple(value)


def check_optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or a non-empty string (a tower or an arrangement's name)."""
    if value is not None:
        check_text(instance, attribute, value)


def to_sequence(field: str, value: Iterable[T]) -> tuple[T, ...]:
    """A tuple from a list, tuple or other iterable; text and non-iterables are refused.

    >>> to_sequence("lines", ["a", "b"])
    ('a', 'b')
    >>> to_sequence("lines", "ab")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'lines': 'ab'; expected a sequence (list or tuple)
    """
    kind = type(value)
    if kind is tuple:  # the common case, before the slower abstract-class check
        return value  # type: ignore[return-value]
    if kind is list:
        return tuple(value)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(field, value, "a sequence (list or tuple)")
    return tuple(value)


def to_sequence_of(field: str, kind: type[T], value: Iterable[T]) -> tuple[T, ...]:
    """A tuple of ``kind`` values (a list becomes a tuple); anything else is refused.

    >>> to_sequence_of("counts", int, [1, 2])
    (1, 2)
    >>> to_sequence_of("counts", int, [1, "2"])
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'counts': '2'; expected int values
    """
    items = to_sequence(field, value)
    for item in items:
        if not isinstance(item, kind):
            raise ValidationError(field, item, f"{kind.__name__} values")
    return items


_TIMEZONE_ALLOWED = "an IANA time zone name such as 'Europe/London' or 'UTC'"


@functools.lru_cache(maxsize=512)
def _is_known_timezone(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except (ValueError, KeyError, OSError):  # unknown, malformed, or too long for a file name
        return False
    return True


def to_timezone_name(value: object, field: str = "timezone") -> str:
    """The IANA name of a time zone given as a name or a named tzinfo; anything else is refused.

    >>> to_timezone_name("Europe/Berlin")
    'Europe/Berlin'
    >>> to_timezone_name("Mars/Olympus_Mons")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'timezone': 'Mars/Olympus_Mons'; ...
    """
    if isinstance(value, _dt.tzinfo) and isinstance(getattr(value, "name", None), str):
        value = getattr(value, "name")  # noqa: B009 - tzinfo has no typed .name
    if not isinstance(value, str) or not _is_known_timezone(value):
        raise ValidationError(field, value, _TIMEZONE_ALLOWED)
    return value


# ------------------------------------------------------------------ results: counts, amounts


def check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a whole number, zero or more (a bool or a float is not a count).

    >>> @attrs.frozen
    ... class Tally:
    ...     n: int = attrs.field(validator=check_count)
    >>> Tally(-1)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'n': -1; expected a whole number, zero or more
    """
    if type(value) is not int or value < 0:
        raise ValidationError(attribute.name, value, "a whole number, zero or more")


def decimal_validator(
    *, minimum: Decimal | None = None, maximum: Decimal | None = None, optional: bool = False
) -> Validator:
    """attrs validator: a finite ``Decimal`` (never a float or an int) within the bounds given.

    >>> @attrs.frozen
    ... class Share:
    ...     value: Decimal = attrs.field(validator=decimal_validator(minimum=Decimal(0)))
    >>> Share(Decimal("-0.5"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'value': Decimal('-0.5'); expected a finite Decimal of 0 or more
    >>> decimal_validator(maximum=Decimal(1))(None, attrs.fields(Share).value, Decimal(2))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'value': Decimal('2'); expected a finite Decimal of 1 or less
    """  # noqa: E501
    allowed = "a finite Decimal"
    if minimum is not None and maximum is not None:
        allowed += f" from {minimum} to {maximum}"
    elif minimum is not None:
        allowed += f" of {minimum} or more"
    elif maximum is not None:
        allowed += f" of {maximum} or less"
    if optional:
        allowed += ", or None"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if (
            type(value) is not Decimal
            or not value.is_finite()
            or (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)
        ):
            raise ValidationError(attribute.name, value, allowed)

    return check


def require_currency(field: str, value: Any, currency: object) -> None:
    """Refuse ``value`` (a ``Money``, or None) unless it is in ``currency`` (a Currency or a code).

    >>> from accountexec.money import Money
    >>> require_currency("total", Money("1.00", "USD"), "EUR")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'total': Money('1.00', 'USD'); expected an amount in EUR
    """  # noqa: E501
    code = getattr(currency, "code", currency)
    if value is not None and value.currency.code != code:
        raise ValidationError(field, value, f"an amount in {code}")


E = TypeVar("E", bound=enum.Enum)


def to_enum(enum_cls: type[E], value: object, field: str) -> E:
    """A member of ``enum_cls`` from itself or its value; anything else refused, naming the values.

    Call it from a named converter (mypy's attrs plugin types named converters only):

    >>> from accountexec.pipeline import ForecastCategory
    >>> to_enum(ForecastCategory, "commit", "forecast_category")
    <ForecastCategory.COMMIT: 'commit'>
    >>> to_enum(ForecastCategory, "maybe", "forecast_category")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'forecast_category': 'maybe'; expected one of ...
    """
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(member.value) for member in enum_cls)
        raise ValidationError(field, value, f"one of {allowed}") from None


# ------------------------------------------------------------------------- read-only mappings


@final
class ReadOnlyMapping(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that pickles, copies and compares like the dict it was made from.

    ``types.MappingProxyType`` cannot be pickled, so a value holding one could not be stored or
    sent to another process; this holds a private copy of the items instead.

    >>> import pickle
    >>> weights = ReadOnlyMapping({"contact": 3, "pipeline": 1})
    >>> weights["contact"], len(weights), weights == {"contact": 3, "pipeline": 1}
    (3, 2, True)
    >>> pickle.loads(pickle.dumps(weights)) == weights
    True
    >>> weights["contact"] = 5
    Traceback (most recent call last):
    ...
    TypeError: 'ReadOnlyMapping' object does not support item assignment
    """

    __slots__ = ("_data",)
    _data: dict[K, V]

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__!r} object is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyMapping, (dict(self._data),))

    def __repr__(self) -> str:
        return f"ReadOnlyMapping({self._data!r})"
