"""Exact, JSON-safe dicts from accountexec values, and back.

:func:`to_dict` turns a value into plain dicts, lists, strings, ints, bools and ``None``, ready for
``json.dumps``; :func:`from_dict` reads one back through the real constructors, so every validator
runs and no value a constructor would refuse can come back from a dict. The round trip is exact:
``from_dict(type(x), to_dict(x)) == x``.

>>> import json
>>> from accountexec import Money
>>> from accountexec.serialize import from_dict, to_dict
>>> to_dict(Money("10.10", "EUR"))
{'_schema': 2, 'amount': '10.10', 'currency': 'EUR'}
>>> from_dict(Money, json.loads('{"_schema": 2, "amount": "10.10", "currency": "EUR"}'))
Money('10.10', 'EUR')
>>> from_dict(Money, {"amount": "ten", "currency": "EUR"})
Traceback (most recent call last):
...
accountexec.errors.ValidationError: invalid 'amount' at $: 'ten'; expected ...

The representation:

- ``Decimal`` as a string (``"10.10"``, digits kept), never a JSON number; ``Money`` as
  ``{"amount": "10.10", "currency": "EUR"}``; ``Currency`` as its code; ``Rate`` as a string.
- Dates as ``"2026-03-02"``; aware datetimes as ISO 8601 with their UTC offset, followed by the
  IANA zone in brackets when they have one (``"2026-03-02T09:00:00+01:00[Europe/Paris]"``, as in
  RFC 9557); times as ``"09:00:00"``; durations as ``"PT3600S"``.
- Enums as their values; tuples as lists; frozensets as sorted lists; read-only mappings as dicts.
- attrs classes as dicts keyed by their constructor's keyword names; fields a constructor does not
  take (caches, derived values) are left out and recomputed on the way back.
- A field that may hold values of several types (``Rate | Money | Balance``, a deadline rule) holds
  a dict tagged with ``"type"``: ``{"type": "Money", "amount": "5.00", "currency": "EUR"}``, or
  ``{"type": "Date", "value": "2026-03-02"}`` for a member that is not itself a dict.
- The top level carries ``"_schema": 2`` (see :data:`SCHEMA_VERSION`). Documents of version 1
  still load: an invoice line whose description ends with a billing reference
  ``[contract|arrangement|start..end|kind]`` (as version 1 wrote them) gets that reference as its
  ``source`` and a description without it.

Workflows and their transitions are code (guards, effects, enum classes), not data: they are
refused. Entities carry their workflow as a class attribute, so only their fields are written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import enum
import functools
import importlib
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from accountexec.commerce.invoice_lines import Tax
from accountexec.commerce.payment_terms import PaymentTerms
from accountexec.errors import AccountExecError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Rate, normal_zero
from accountexec.pipeline.collection import Opportunities
from accountexec.pipeline.opportunities import Opportunity, Pipeline
from accountexec.workflow import Transition, Workflow

__all__ = ["SCHEMA_KEY", "SCHEMA_VERSION", "from_dict", "make_converter", "to_dict"]

SCHEMA_VERSION: Final = 2
"""The version of the representation written by :func:`to_dict` (under :data:`SCHEMA_KEY`).

Version 2 gave invoice lines their ``source``; documents of version 1 still load (see
:func:`from_dict`)."""

SCHEMA_KEY: Final = "_schema"
"""The top-level key holding :data:`SCHEMA_VERSION`."""

T = TypeVar("T")

_TAG: Final = "type"
_VALUE: Final = "value"

# The domain modules whose attrs classes may implement a Protocol used as a field type (a
# DeadlineRule, say). Imported when a Protocol is first met, never at import time.
_DOMAIN_MODULES: Final = (
    "money",
    "calendars",
    "workflow",
    "deadlines",
    "clients.accounts",
    "clients.activities",
    "clients.briefs",
    "clients.budgets",
    "clients.campaigns",
    "commerce.arrangements",
    "commerce.retainers",
    "commerce.milestones",
    "commerce.time_and_materials",
    "commerce.media",
    "commerce.contracts",
    "commerce.billing",
    "commerce.invoices",
    "commerce.payment_terms",
    "commerce.profit",
    "pipeline.opportunities",
    "pipeline.forecasting",
    "pipeline.analytics",
)

# attrs classes written as a scalar, not as a dict of their fields.
_SCALAR_CLASSES: Final[frozenset[type]] = frozenset({Currency, Rate})
_REFUSED_CLASSES: Final[frozenset[type]] = frozenset({Workflow, Transition})

_DECIMAL_TEXT: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_DATE_TEXT: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TIME_TEXT: Final = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?\Z")
_DATETIME_TEXT: Final = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?:\[(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,3})\])?\Z"
)
_DURATION_TEXT: Final = re.compile(r"(?P<sign>-?)PT(?P<seconds>\d{1,12}(?:\.\d{1,6})?)S\Z")
_MAX_TEXT: Final = 120
_MAX_DIGITS: Final = DECIMAL_CONTEXT.prec
_MICROSECOND: Final = _dt.timedelta(microseconds=1)

_DECIMAL_ALLOWED: Final = (
    f"a decimal number as a string such as '10.10' (at most {_MAX_DIGITS} digits, "
    "no NaN or infinity, never a JSON number)"
)


# ------------------------------------------------------------------------------------ scalars


class _ShapeError(ValidationError):
    """A JSON value of the wrong shape; reported under the key that holds it."""


def _match(field: str, value: object, allowed: str, pattern: re.Pattern[str]) -> re.Match[str]:
    match = pattern.match(value) if isinstance(value, str) and len(value) <= _MAX_TEXT else None
    if match is None:
        raise _ShapeError(field, value, allowed)
    return match


def _structure_decimal(value: object, _: object) -> Decimal:
    number = Decimal(_match("decimal", value, _DECIMAL_ALLOWED, _DECIMAL_TEXT)[0])
    if len(number.as_tuple().digits) > _MAX_DIGITS or abs(number.adjusted()) > _MAX_DIGITS:
        raise _ShapeError("decimal", value, _DECIMAL_ALLOWED)
    return number


def _unstructure_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValidationError("decimal", value, "a finite Decimal")
    return str(normal_zero(value))


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _ShapeError("text", value, "a string")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ShapeError("integer", value, "a whole number (not a bool or a float)")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError("flag", value, "true or false")
    return value


def _structure_float(value: object, _: object) -> float:
    raise _ShapeError("number", value, "no floats: accountexec stores exact decimals")


def _structure_currency(value: object, _: object) -> Currency:
    allowed = "an ISO 4217 currency code such as 'EUR'"
    if not isinstance(value, str):
        raise _ShapeError("currency", value, allowed)
    try:
        return Currency(value)
    except ValidationError as err:
        raise _ShapeError("currency", value, err.allowed) from None


def _structure_rate(value: object, _: object) -> Rate:
    return Rate(_structure_decimal(value, Decimal))


def _structure_date(value: object, _: object) -> pendulum.Date:
    text = _match("date", value, "an ISO 8601 date such as '2026-03-02'", _DATE_TEXT)[0]
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise _ShapeError("date", value, "an existing date such as '2026-03-02'") from None
    return pendulum.Date(day.year, day.month, day.day)


def _unstructure_date(value: _dt.date) -> str:
    return value.isoformat()


def _zone_name(tzinfo: _dt.tzinfo | None) -> str | None:
    """The IANA name of a zone (pendulum or zoneinfo), None for fixed offsets."""
    if isinstance(tzinfo, pendulum.Timezone):
        return tzinfo.name
    key = getattr(tzinfo, "key", None)
    return key if isinstance(key, str) else None


def _unstructure_datetime(value: _dt.datetime) -> str:
    if value.utcoffset() is None:
        raise ValidationError("datetime", value, "an aware datetime (with a time zone)")
    name = _zone_name(value.tzinfo)
    text = value.isoformat()
    return f"{text}[{name}]" if name else text


_DATETIME_ALLOWED: Final = (
    "an ISO 8601 datetime with its UTC offset, optionally followed by an IANA zone in brackets, "
    "such as '2026-03-02T09:00:00+01:00[Europe/Paris]'"
)


def _structure_datetime(value: object, _: object) -> pendulum.DateTime:
    match = _match("datetime", value, _DATETIME_ALLOWED, _DATETIME_TEXT)
    try:
        moment = _dt.datetime.fromisoformat(match["local"] + match["offset"])
    except ValueError:
        raise _ShapeError("datetime", value, _DATETIME_ALLOWED) from None
    result = pendulum.instance(moment)
    zone = match["zone"]
    if zone is None:
        return result
    try:
        tz = pendulum.timezone(zone)
    except (ValueError, OSError):
        raise _ShapeError("datetime", value, "a known IANA time zone in brackets") from None
    local = result.in_timezone(tz)
    if local.utcoffset() != moment.utcoffset():
        raise _ShapeError(
            "datetime", value, f"an offset that {zone!r} has at that moment ({local.isoformat()})"
        )
    return local


def _structure_time(value: object, _: object) -> pendulum.Time:
    text = _match("time", value, "a time of day such as '09:30' (no offset)", _TIME_TEXT)[0]
    try:
        clock = _dt.time.fromisoformat(text)
    except ValueError:
        raise _ShapeError("time", value, "an existing time of day such as '09:30'") from None
    return pendulum.Time(clock.hour, clock.minute, clock.second, clock.microsecond)


def _unstructure_time(value: _dt.time) -> str:
    return value.isoformat()


def _unstructure_timedelta(value: _dt.timedelta) -> str:
    micro = value // _MICROSECOND
    sign = "-" if micro < 0 else ""
    seconds = Decimal(abs(micro)).scaleb(-6, DECIMAL_CONTEXT).normalize(DECIMAL_CONTEXT)
    return f"{sign}PT{seconds:f}S"


def _structure_timedelta(value: object, _: object) -> _dt.timedelta:
    allowed = "a duration in seconds such as 'PT3600S' or '-PT1.5S'"
    match = _match("duration", value, allowed, _DURATION_TEXT)
    # at most 12 digits of seconds: far inside timedelta's range, so this cannot overflow
    micro = int(Decimal(match["seconds"]).scaleb(6, DECIMAL_CONTEXT))
    result = _dt.timedelta(microseconds=micro)
    return -result if match["sign"] else result


def _enum_value(member: enum.Enum) -> object:
    return member.value


@functools.cache
def _enum_values(cls: type[enum.Enum]) -> Mapping[tuple[type, object], enum.Enum]:
    return {(type(m.value), m.value): m for m in cls}


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return _enum_values(cls)[type(value), value]
    except (KeyError, TypeError):
        allowed = "one of " + ", ".join(repr(m.value) for m in cls)
        raise _ShapeError("value", value, allowed) from None


def _is_literal(t: Any) -> bool:
    return get_origin(t) is typing.Literal


def _structure_literal_factory(t: Any) -> Callable[[object, object], object]:
    choices = {(type(a), a) for a in get_args(t)}
    allowed = "one of " + ", ".join(repr(a) for a in get_args(t))

    def structure(value: object, _: object) -> object:
        with contextlib.suppress(TypeError):  # an unhashable value is simply not one of them
            if (type(value), value) in choices:
                return value
        raise _ShapeError("value", value, allowed)

    return structure


def _refuse(value: object, _: object = None) -> typing.NoReturn:
    raise ValidationError(
        "value",
        value,
        message=(
            "workflows, transitions, guards and classes are code, not data: they cannot be "
            "serialised (entities keep their workflow as a class attribute)"
        ),
    )


# -------------------------------------------------------------------------------- collections


def _note_items(
    converter: cattrs.Converter, pairs: Iterator[tuple[int | str, object, Any]], whole: Any
) -> list[Any]:
    """Structure each (index, value, type), collecting errors with their index as cattrs does."""
    results: list[Any] = []
    errors: list[Exception] = []
    for index, item, item_type in pairs:
        try:
            results.append(converter.structure(item, item_type))
        except Exception as exc:  # collected, re-raised as a group below
            exc.add_note(IterableValidationNote(f"structuring index {index!r}", index, item_type))
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"while structuring {whole!r}", errors, whole)
    return results


def _is_variadic_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_fixed_tuple(t: Any) -> bool:
    return get_origin(t) is tuple and not _is_variadic_tuple(t)


def _is_set(t: Any) -> bool:
    from collections.abc import Set as AbstractSet  # noqa: PLC0415 - local alias only

    return get_origin(t) in (frozenset, set, AbstractSet)


def _is_mapping(t: Any) -> bool:
    return get_origin(t) in (dict, Mapping, typing.Mapping, types.MappingProxyType)


def _sort_key(item: object) -> str:
    return json.dumps(item, sort_keys=True)


def _install_collections(conv: cattrs.Converter) -> None:
    def variadic(t: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
        item_type = get_args(t)[0]

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _ShapeError("items", value, "a list")
            if not value:
                return ()
            hook = conv.get_structure_hook(item_type)
            try:  # one hook look-up for the list; on a refusal, go again to name every index
                return tuple([hook(v, item_type) for v in value])
            except Exception:
                pairs = ((i, v, item_type) for i, v in enumerate(value))
                return tuple(_note_items(conv, pairs, t))

        def unstructure(value: Any) -> list[Any]:
            hook = conv.get_unstructure_hook(item_type)
            return [hook(v) for v in value]

        return structure, unstructure

    def fixed(t: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
        item_types = get_args(t)

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple) or len(value) != len(item_types):
                raise _ShapeError("items", value, f"a list of {len(item_types)} items")
            pairs = ((i, v, it) for i, (v, it) in enumerate(zip(value, item_types, strict=True)))
            return tuple(_note_items(conv, pairs, t))

        def unstructure(value: Any) -> list[Any]:
            return [conv.unstructure(v, it) for v, it in zip(value, item_types, strict=True)]

        return structure, unstructure

    def sets(t: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
        item_type = get_args(t)[0] if get_args(t) else Any

        def structure(value: object, _: object) -> frozenset[Any]:
            if not isinstance(value, list | tuple):
                raise _ShapeError("items", value, "a list")
            pairs = ((i, v, item_type) for i, v in enumerate(value))
            return frozenset(_note_items(conv, pairs, t))

        def unstructure(value: Any) -> list[Any]:
            hook = conv.get_unstructure_hook(item_type)
            return sorted((hook(v) for v in value), key=_sort_key)

        return structure, unstructure

    def mappings(t: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
        key_type, value_type = get_args(t) or (Any, Any)

        def structure(value: object, _: object) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise _ShapeError("mapping", value, "an object")
            keys = _note_items(conv, ((k, k, key_type) for k in value), t)
            values = _note_items(conv, ((k, v, value_type) for k, v in value.items()), t)
            return dict(zip(keys, values, strict=True))

        def unstructure(value: Any) -> dict[Any, Any]:
            return {
                conv.unstructure(k, key_type): conv.unstructure(v, value_type)
                for k, v in value.items()
            }

        return structure, unstructure

    for predicate, factory in (
        (_is_variadic_tuple, variadic),
        (_is_fixed_tuple, fixed),
        (_is_set, sets),
        (_is_mapping, mappings),
    ):
        conv.register_structure_hook_factory(predicate, _first(factory))
        conv.register_unstructure_hook_factory(predicate, _second(factory))


def _first(
    factory: Callable[[Any], tuple[Callable[..., Any], Callable[..., Any]]],
) -> Callable[[Any], Callable[..., Any]]:
    return lambda t: factory(t)[0]


def _second(
    factory: Callable[[Any], tuple[Callable[..., Any], Callable[..., Any]]],
) -> Callable[[Any], Callable[..., Any]]:
    return lambda t: factory(t)[1]


# ---------------------------------------------------------------------------- tagged unions


def _is_protocol(t: Any) -> bool:
    return isinstance(t, type) and bool(getattr(t, "_is_protocol", False))


def _implements(cls: type, protocol: type) -> bool:
    try:
        return issubclass(cls, protocol)
    except TypeError:  # a Protocol with data members, or not runtime-checkable: no tagged form
        return False


@functools.cache
def _implementors(protocol: type) -> tuple[type, ...]:
    """The attrs classes of the domain modules that implement a runtime-checkable Protocol."""
    found: dict[str, type] = {}
    for name in _DOMAIN_MODULES:
        module = sys.modules.get(f"accountexec.{name}") or importlib.import_module(
            f"accountexec.{name}"
        )
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and attrs.has(obj)
                and obj.__module__ == module.__name__
                and not obj.__name__.startswith("_")
                and _implements(obj, protocol)
            ):
                found[obj.__name__] = obj
    return tuple(found[k] for k in sorted(found))


def _members(t: Any) -> tuple[type, ...]:
    """The concrete types a union or Protocol stands for (None left out, Protocols expanded)."""
    if _is_protocol(t):
        return _implementors(t)
    result: list[type] = []
    for arg in get_args(t):
        if arg is type(None):
            continue
        result.extend(_members(arg) if _is_protocol(arg) else (arg,))
    return tuple(result)


def _tag(member: Any) -> str:
    """The ``"type"`` of a union member: its class name (``Money``, ``int``, ``Date``)."""
    return str(getattr(member, "__name__", member))


def _is_union(t: Any) -> bool:
    return get_origin(t) in (typing.Union, types.UnionType)


def _is_tagged(t: Any) -> bool:
    """A Protocol, or a union with more than one possible type besides None."""
    if _is_protocol(t):
        return True
    return _is_union(t) and len(_members(t)) > 1


def _dict_shaped(t: Any) -> bool:
    """Whether values of ``t`` are written as a dict (and so can carry a tag or schema key)."""
    if attrs.has(t):
        return t not in _SCALAR_CLASSES
    return dataclasses.is_dataclass(t) or _is_tagged(t)


def _install_unions(conv: cattrs.Converter) -> None:
    def structure_factory(t: Any) -> Callable[..., Any]:
        members = _members(t)
        by_name = {_tag(m): m for m in members}
        optional = type(None) in get_args(t)
        allowed = "an object whose 'type' is one of " + ", ".join(repr(n) for n in by_name)

        def structure(value: object, _: object) -> Any:
            if value is None and optional:
                return None
            if not isinstance(value, dict):
                raise ValidationError("type", value, allowed)
            tag = value.get(_TAG)
            member = by_name.get(tag) if isinstance(tag, str) else None
            if member is None:
                raise ValidationError("type", tag, allowed)
            rest = {k: v for k, v in value.items() if k != _TAG}
            if _dict_shaped(member):
                return conv.structure(rest, member)
            if set(rest) != {_VALUE}:
                raise ValidationError(
                    "value", value, f"an object with 'type' and 'value' keys for a {tag!r}"
                )
            return conv.structure(rest[_VALUE], member)

        return structure

    def unstructure_factory(t: Any) -> Callable[..., Any]:
        members = _members(t)

        def unstructure(value: Any) -> Any:
            if value is None:
                return None
            candidates = [m for m in members if type(value) is m] or [
                m for m in members if isinstance(value, m)
            ]
            if not candidates:
                raise ValidationError("type", value, "one of " + ", ".join(map(_tag, members)))
            member = candidates[0]
            inner = conv.unstructure(value, member)
            if _dict_shaped(member):
                return {_TAG: _tag(member), **inner}
            return {_TAG: _tag(member), _VALUE: inner}

        return unstructure

    conv.register_structure_hook_factory(_is_tagged, structure_factory)
    conv.register_unstructure_hook_factory(_is_tagged, unstructure_factory)


def _is_attrs_collection(t: Any) -> bool:
    return isinstance(t, type) and attrs.has(t) and issubclass(t, Collection)


def _is_code(t: Any) -> bool:
    origin = get_origin(t)
    return t in _REFUSED_CLASSES or origin is type or t is type or origin is Callable


# ------------------------------------------------------------------ opportunities and pipelines

_RECENT_PIPELINES: Final = 8  # distinct values remembered per shared class
_COLLECTION_KEYS: Final = ("pipelines", "opportunities")


# immutable values often repeated within a document: built once per distinct dict (see below)
_SHARED_VALUES: Final = (Pipeline, Tax, PaymentTerms)


class _LocatedError(ValidationError):
    """A refusal whose message already names its path (from a hook that reads a whole document)."""


def _install_opportunities(conv: cattrs.Converter) -> None:
    """Pipelines built once per distinct document, and the :class:`Opportunities` document.

    A pipeline read from a dict equal to one of the last few written or read (the presets, the
    pipeline of every opportunity of a CRM export) is that same, immutable Pipeline object: an
    opportunity document that embeds its pipeline does not rebuild it each time.
    """
    for cls in _SHARED_VALUES:
        conv.register_structure_hook(cls, _recent_values(conv, cls))
    write_opportunity = make_dict_unstructure_fn(Opportunity, conv, pipeline=override(omit=True))

    def unstructure_opportunities(value: Opportunities) -> dict[str, Any]:
        opportunities = []
        for opportunity in value:
            data = write_opportunity(opportunity)
            data["pipeline"] = opportunity.pipeline.name
            opportunities.append(data)
        return {
            "pipelines": [conv.unstructure(p, Pipeline) for p in value.pipelines],
            "opportunities": opportunities,
        }

    def structure_opportunities(value: object, _: object) -> Opportunities:
        if not isinstance(value, dict) or "opportunities" not in value:
            raise _ShapeError("$", value, "an object with 'opportunities' (and 'pipelines') keys")
        extra = sorted(set(value) - set(_COLLECTION_KEYS))
        if extra:
            raise _ShapeError(
                extra[0], value[extra[0]], "only the keys 'pipelines' and 'opportunities'"
            )
        pipelines: dict[str, Pipeline] = {}
        for i, data in enumerate(_list_at(value.get("pipelines", []), "$.pipelines")):
            pipeline = _structure_at(conv, data, Pipeline, f"$.pipelines[{i}]")
            if pipeline.name in pipelines:
                raise _LocatedError(
                    "pipelines",
                    pipeline.name,
                    message=f"pipeline {pipeline.name!r} written twice at $.pipelines[{i}]",
                )
            pipelines[pipeline.name] = pipeline
        items = []
        for i, written in enumerate(_list_at(value["opportunities"], "$.opportunities")):
            where = f"$.opportunities[{i}]"
            data = written
            reference = data.get("pipeline") if isinstance(data, dict) else None
            if isinstance(reference, str):  # the collection form: a pipeline named above
                named = pipelines.get(reference)
                if named is None:
                    names = ", ".join(repr(n) for n in pipelines) or "none"
                    raise _LocatedError(
                        "pipeline",
                        reference,
                        message=(
                            f"invalid 'pipeline' at {where}: {reference!r}; expected the name of "
                            f"a pipeline under 'pipelines' ({names})"
                        ),
                    )
                data = {**written, "pipeline": named}
            elif isinstance(reference, dict):  # an opportunity document that embeds its pipeline
                embedded = _structure_at(conv, reference, Pipeline, f"{where}.pipeline")
                data = {**written, "pipeline": pipelines.setdefault(embedded.name, embedded)}
            items.append(_structure_at(conv, data, Opportunity, where))
        return _build_at(lambda: Opportunities(items), "$")

    conv.register_unstructure_hook(Opportunities, unstructure_opportunities)
    conv.register_structure_hook(Opportunities, structure_opportunities)


def _recent_values(conv: cattrs.Converter, cls: type[T]) -> Callable[[object, object], T]:
    """A structure hook that builds ``cls`` once per distinct dict among the last few read.

    An immutable value written many times in one document (the VAT of every line, the payment
    terms of every invoice of a batch, the pipeline of every opportunity) is built the first time
    and shared after: a dict equal to the canonical form of a value built recently (what
    :func:`to_dict` writes for it) is that value, by the exact round trip. Anything else is built
    through the constructor as usual. An already built value passes through (the collection
    reader hands over the pipelines it built).
    """
    build = make_dict_structure_fn(cls, conv)
    recent: list[tuple[object, T]] = []

    def structure(value: object, _: object) -> T:
        if type(value) is cls:
            return value
        for data, built in recent:
            if data == value:
                return built
        built = build(value, cls)  # type: ignore[arg-type]
        recent.insert(0, (conv.unstructure(built, cls), built))
        del recent[_RECENT_PIPELINES:]
        return built

    return structure


def _list_at(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _LocatedError(
            path.rpartition(".")[2],
            value,
            message=f"invalid value at {path}: {value!r}; expected a list",
        )
    return value


def _structure_at(conv: cattrs.Converter, data: object, cls: type[T], path: str) -> T:
    try:
        return conv.structure(data, cls)
    except _LocatedError:
        raise
    except Exception as exc:
        located = _validation_error(exc, path)
        raise _LocatedError(
            located.field, located.value, located.allowed, message=str(located)
        ) from exc


def _build_at(build: Callable[[], T], path: str) -> T:
    try:
        return build()
    except ValidationError as exc:
        located = _validation_error(exc, path)
        raise _LocatedError(
            located.field, located.value, located.allowed, message=str(located)
        ) from exc


# ---------------------------------------------------------------------------------- converter


def make_converter() -> cattrs.Converter:
    """A fresh cattrs converter for every accountexec type (never cattrs' global one).

    Unknown keys are refused, every scalar is checked for its JSON type (no ``"5"`` for an int, no
    float anywhere), and attrs classes are built through their constructors, so validators run.
    Errors are cattrs' exception groups; :func:`from_dict` turns them into one
    :class:`~accountexec.errors.ValidationError` with paths. Register your own hooks on the
    converter you get: it is yours.

    >>> import pendulum
    >>> from accountexec import StatusChange
    >>> conv = make_converter()
    >>> change = StatusChange(event="submit", source="draft", target="submitted",
    ...                       at=pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris"))
    >>> conv.unstructure(change)["at"]
    '2026-03-02T09:00:00+01:00[Europe/Paris]'
    >>> conv.structure(conv.unstructure(change), StatusChange) == change
    True
    """
    conv = cattrs.Converter(forbid_extra_keys=True, use_alias=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(float, _structure_float)
    # A StrEnum is a str and an IntEnum an int: register the enum bases too, so that they win.
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        conv.register_structure_hook(base, _structure_enum)
        conv.register_unstructure_hook(base, _enum_value)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(Currency, _structure_currency)
    conv.register_unstructure_hook(Currency, lambda c: c.code)
    conv.register_structure_hook(Rate, _structure_rate)
    conv.register_unstructure_hook(Rate, lambda r: _unstructure_decimal(r.value))
    for date_type in (_dt.date, pendulum.Date):
        conv.register_structure_hook(date_type, _structure_date)
        conv.register_unstructure_hook(date_type, _unstructure_date)
    for datetime_type in (_dt.datetime, pendulum.DateTime):
        conv.register_structure_hook(datetime_type, _structure_datetime)
        conv.register_unstructure_hook(datetime_type, _unstructure_datetime)
    for time_type in (_dt.time, pendulum.Time):
        conv.register_structure_hook(time_type, _structure_time)
        conv.register_unstructure_hook(time_type, _unstructure_time)
    for delta_type in (_dt.timedelta, pendulum.Duration):
        conv.register_structure_hook(delta_type, _structure_timedelta)
        conv.register_unstructure_hook(delta_type, _unstructure_timedelta)
    conv.register_structure_hook_factory(_is_literal, _structure_literal_factory)
    _install_collections(conv)
    # An attrs class that is also a collection (ScheduledPlan is a Mapping of its tasks) is
    # written as its fields, like every attrs class, not as the collection it offers.
    conv.register_structure_hook_factory(
        _is_attrs_collection, lambda t: make_dict_structure_fn(t, conv)
    )
    conv.register_unstructure_hook_factory(
        _is_attrs_collection, lambda t: make_dict_unstructure_fn(t, conv)
    )
    _install_unions(conv)
    _install_opportunities(conv)
    conv.register_structure_hook_factory(_is_code, lambda _: _refuse)
    conv.register_unstructure_hook_factory(_is_code, lambda _: _refuse)
    return conv


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


# ------------------------------------------------------------------------------------- errors


def _field_name(cls: Any, name: str) -> str:
    """The constructor's keyword for an attribute (its alias), as written in the dicts."""
    aliases = {f.name: str(f.alias) for f in attrs.fields(cls)} if attrs.has(cls) else {}
    return aliases.get(name, name)


def _note(exc: BaseException, kind: type[T]) -> T | None:
    return next((n for n in getattr(exc, "__notes__", ()) if isinstance(n, kind)), None)


def _walk(exc: BaseException, path: str) -> Iterator[tuple[str, str | None, BaseException]]:
    """(path, key, error) for each leaf error; ``key`` names a missing key."""
    if isinstance(exc, IterableValidationError):
        for inner in exc.exceptions:
            item = _note(inner, IterableValidationNote)
            yield from _walk(inner, path if item is None else f"{path}[{item.index!r}]")
    elif isinstance(exc, ClassValidationError):
        for inner in exc.exceptions:
            attribute = _note(inner, AttributeValidationNote)
            if attribute is None:
                yield from _walk(inner, path)
                continue
            name = _field_name(exc.cl, attribute.name)
            if isinstance(inner, KeyError) and inner.args in ((attribute.name,), (name,)):
                yield path, name, inner
            else:
                yield from _walk(inner, f"{path}.{name}")
    else:
        yield path, None, exc


def _key_order(key: object) -> tuple[bool, str]:
    """Text keys first, then any others (a dict built in Python may have them), by their repr."""
    return (not isinstance(key, str), repr(key))


def _describe(path: str, key: str | None, exc: BaseException) -> tuple[str, str, object, str]:
    """(message, field, value, allowed) for one leaf error."""
    if isinstance(exc, _LocatedError):
        return str(exc), exc.field, exc.value, exc.allowed
    if isinstance(exc, KeyError) and key is not None:
        return f"missing key {key!r} at {path}", key, None, "the key to be present"
    if isinstance(exc, ForbiddenExtraKeysError):
        extras = sorted(exc.extra_fields, key=_key_order)  # keys of any type, from JSON or not
        extra = ", ".join(repr(k) for k in extras)
        known = ""
        if attrs.has(exc.cl):
            names = ", ".join(repr(f.alias) for f in attrs.fields(exc.cl) if f.init)
            known = f"; expected only {names}"
        field = extras[0] if isinstance(extras[0], str) else repr(extras[0])
        return f"unknown key {extra} at {path}{known}", field, None, "no unknown keys"
    if isinstance(exc, _ShapeError):
        # named like a constructor's refusal: the key, at the object that holds it
        parent, _, leaf = path.rpartition(".")
        where = f"{leaf!r} at {parent}" if parent else f"value at {leaf}"
        message = f"invalid {where}: {exc.value!r}; expected {exc.allowed}"
        return message, leaf if parent else path, exc.value, exc.allowed
    if isinstance(exc, ValidationError):
        text = str(exc)
        head = f"invalid {exc.field!r}"
        if text.startswith(head):
            return f"{head} at {path}{text[len(head) :]}", exc.field, exc.value, exc.allowed
        return f"{text} (at {path})", exc.field, exc.value, exc.allowed
    kind = "" if isinstance(exc, AccountExecError) else f"{type(exc).__name__}: "
    return f"invalid value at {path}: {kind}{exc}", path.rpartition(".")[2], None, ""


def _validation_error(exc: BaseException, root: str = "$") -> ValidationError:
    problems = [_describe(path, key, inner) for path, key, inner in _walk(exc, root)]
    message, field, value, allowed = problems[0]
    if len(problems) > 1:
        message += "".join(f"\n{p[0]}" for p in problems[1:])
    return ValidationError(field, value, allowed, message=message)


# -------------------------------------------------------------------------- to_dict/from_dict


_READABLE: Final = frozenset({1, SCHEMA_VERSION})

_LINE_REFERENCE: Final = re.compile(
    r" \[(?P<contract>[^\[\]|]+)\|(?P<arrangement>[^\[\]|]+)\|"
    r"(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})\|(?P<kind>[a-z]+)\]\Z"
)
"""The reference version 1 ended a billed line's description with."""

_LINE_KEYS: Final = frozenset({"description", "quantity", "unit_price"})


def _from_version_1(data: Any) -> Any:
    """A version 1 document as version 2: billed lines' references become their ``source``."""
    if isinstance(data, list):
        return [_from_version_1(item) for item in data]
    if not isinstance(data, dict):
        return data
    result = {key: _from_version_1(value) for key, value in data.items()}
    description = result.get("description")
    if result.keys() >= _LINE_KEYS and "source" not in result and isinstance(description, str):
        found = _LINE_REFERENCE.search(description)
        if found is not None:
            result["description"] = description[: found.start()]
            result["source"] = {
                "contract_id": found["contract"],
                "arrangement": found["arrangement"],
                "period": {"start": found["start"], "end": found["end"]},
                "kind": found["kind"],
            }
    return result


def to_dict(obj: object) -> dict[str, Any]:
    """``obj`` as a JSON-safe dict carrying ``"_schema": 2``.

    Values that are not written as a dict (a Rate, a Currency, an enum member) sit under
    ``"value"``.

    >>> import json
        >>> from accountexec import Rate
    >>> from accountexec.deadlines import EndOfMonth
    >>> to_dict(EndOfMonth(1, plus_days=10))
    {'_schema': 2, 'months': 1, 'plus_days': 10, 'roll': None}
    >>> json.dumps(to_dict(Rate("0.15")))
    '{"_schema": 2, "value": "0.15"}'
    """
    if type(obj) in _REFUSED_CLASSES:
        _refuse(obj)
    data = _converter().unstructure(obj, type(obj))
    if _dict_shaped(type(obj)):
        return {SCHEMA_KEY: SCHEMA_VERSION, **data}
    return {SCHEMA_KEY: SCHEMA_VERSION, _VALUE: data}


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build a ``cls`` from a dict written by :func:`to_dict`, through its constructor.

    Any problem raises :class:`~accountexec.errors.ValidationError` naming the path of each bad
    field (``$.lines[2].unit_price``), never another exception. A dict without ``"_schema"`` is
    read as the current version; version 1 is read as the module says; a newer version is
    refused.

    >>> from accountexec import Money
    >>> from accountexec.deadlines import Task
    >>> from_dict(Task, {"_schema": 2, "id": "copy", "duration": 3, "depends_on": ["brief"]})
    Task(id='copy', duration=3, depends_on=frozenset({'brief'}))
    >>> from_dict(Task, {"id": "copy", "duration": -1, "depends_on": [], "owner": "ana"})
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: unknown key 'owner' at $; expected only 'id', ...
    >>> from_dict(Money, {"_schema": 3, "amount": "1", "currency": "EUR"})
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid '_schema': 3; expected 2 or 1 ...
    """
    if not isinstance(data, Mapping):
        raise ValidationError("$", data, "an object (a dict)")
    payload = dict(data)
    version = payload.pop(SCHEMA_KEY, SCHEMA_VERSION)
    if type(version) is not int or version not in _READABLE:
        raise ValidationError(
            SCHEMA_KEY,
            version,
            f"{SCHEMA_VERSION} or 1 (documents from a newer version of accountexec cannot be read)",
        )
    if version == 1:
        payload = _from_version_1(payload)
    converter = _converter()
    try:
        if _dict_shaped(cls):
            return converter.structure(payload, cls)
        if set(payload) != {_VALUE}:
            raise ValidationError("$", data, "an object with a single 'value' key")
        return converter.structure(payload[_VALUE], cls)
    except Exception as exc:  # every refusal becomes a ValidationError
        raise _validation_error(exc) from exc
