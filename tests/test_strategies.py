"""Tests for accountexec.strategies as a product: every public type has a strategy, reachable from a
user's project through the ``hypothesis`` entry point, producing only valid, finite values."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import json
import pkgutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from decimal import Decimal
from importlib.metadata import entry_points
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies._internal.types import _global_type_lookup

import accountexec
import accountexec.strategies as aes
from accountexec import Currency, Money, Rate, Workflow

# Modules that render or convert the domain rather than define it: their types are not data.
VIEW_MODULES = frozenset({"demo", "rendering", "reports", "serialize", "strategies"})

# Public types without a strategy yet, by class name (robust to a class moving between modules),
# each with the reason; the test below fails when one gets a strategy, so this list only shrinks.
WITHOUT_STRATEGY: dict[str, str] = {}
# Protocols with data members cannot be resolved by Hypothesis (no issubclass): users draw the
# entity types that implement them instead.
DATA_PROTOCOLS = frozenset(
    {"accountexec.workflow.Stateful", "accountexec.commerce.billing_protocol.BillingArrangement"}
)


def public_modules() -> list[str]:
    names = (m.name for m in pkgutil.iter_modules(accountexec.__path__))
    return sorted(n for n in names if not n.startswith("_") and n not in VIEW_MODULES)


def public_types() -> list[type]:
    """attrs classes and Protocols named in the ``__all__`` of a public domain module."""
    found: dict[str, type] = {}
    for name in public_modules():
        module = importlib.import_module(f"accountexec.{name}")
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and (attrs.has(obj) or getattr(obj, "_is_protocol", False)):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


PUBLIC_TYPES = public_types()
# Private Hypothesis registry, read only, to see what accountexec registered.
REGISTERED = sorted(
    (
        t
        for t in _global_type_lookup
        if isinstance(t, type) and t.__module__.startswith("accountexec.")
    ),
    key=lambda t: (t.__module__, t.__name__),
)
VALUE_TYPES = [t for t in REGISTERED if t is not Workflow]
IDS = [f"{t.__module__.removeprefix('accountexec.')}.{t.__name__}" for t in VALUE_TYPES]


def qualified(t: type) -> str:
    return f"{t.__module__}.{t.__qualname__}"


class TestEveryPublicTypeHasAStrategy:
    def test_every_public_type_is_registered_or_listed_with_a_reason(self):
        registered = {qualified(t) for t in REGISTERED}
        missing = [
            qualified(t)
            for t in PUBLIC_TYPES
            if qualified(t) not in registered
            and t.__qualname__ not in WITHOUT_STRATEGY
            and not getattr(t, "_is_protocol", False)
        ]
        assert not missing, (
            "public types without a registered strategy: add one in "
            "src/accountexec/strategies/_<area>.py and register it in register(): "
            + ", ".join(missing)
        )

    def test_the_list_of_exceptions_only_shrinks(self):
        covered = sorted(set(WITHOUT_STRATEGY) & {t.__qualname__ for t in REGISTERED})
        assert not covered, (
            f"these have a strategy now; remove them from WITHOUT_STRATEGY: {covered}"
        )
        public = {t.__qualname__ for t in PUBLIC_TYPES}
        gone = sorted(set(WITHOUT_STRATEGY) - public)
        assert not gone, (
            f"these are no longer public types; remove them from WITHOUT_STRATEGY: {gone}"
        )

    @pytest.mark.parametrize(
        "protocol",
        [
            t
            for t in PUBLIC_TYPES
            if getattr(t, "_is_protocol", False) and qualified(t) not in DATA_PROTOCOLS
        ],
        ids=qualified,
    )
    def test_protocols_resolve_to_registered_implementations(self, protocol):
        @settings(max_examples=10)
        @given(st.from_type(protocol))
        def check(value):
            assert isinstance(value, protocol)
            assert type(value) in REGISTERED

        check()

    def test_every_strategy_function_is_exported(self):
        assert aes.__all__ == sorted(aes.__all__)
        for name in aes.__all__:
            assert callable(getattr(aes, name)), name
            assert getattr(aes, name).__doc__, f"accountexec.strategies.{name} has no docstring"


FRESH_INTERPRETER = textwrap.dedent(
    """
    import importlib, json, sys
    import hypothesis.strategies as st
    from hypothesis import HealthCheck, Phase, given, settings

    assert "accountexec.strategies" in sys.modules, "the entry point did not load"
    once = settings(
        max_examples=2, database=None, phases=[Phase.generate], deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    results = {}
    for path in json.loads(sys.argv[1]):
        module, name = path.rsplit(".", 1)
        cls = getattr(importlib.import_module(module), name)

        drawn = []
        once(given(st.from_type(cls))(lambda value: drawn.append(value)))()
        results[path] = type(drawn[0]).__module__ + "." + type(drawn[0]).__qualname__

    from accountexec import Money

    @once
    @given(st.builds(dict, total=st.from_type(Money)))
    def record_builds(order):
        results["builds"] = type(order["total"]).__name__

    record_builds()
    print(json.dumps(results))
    """
)


class TestTheEntryPoint:
    def test_from_type_works_in_a_fresh_interpreter_without_importing_the_strategies(self):
        paths = [qualified(t) for t in VALUE_TYPES]
        done = subprocess.run(
            [sys.executable, "-c", FRESH_INTERPRETER, json.dumps(paths)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        for path in paths:
            assert results[path] == path
        assert results["builds"] == "Money"

    def test_the_entry_point_is_declared_in_the_installed_metadata(self):
        (point,) = [
            e for e in entry_points(group="hypothesis") if e.value.startswith("accountexec")
        ]
        assert point.value == "accountexec.strategies:_hypothesis_setup_hook"
        assert point.load() is aes._hypothesis_setup_hook

    def test_registering_again_is_harmless(self):
        aes.register_type_strategies()
        aes._hypothesis_setup_hook()
        assert set(REGISTERED) <= set(_global_type_lookup)


def parts(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every value inside ``value``: attrs fields, items of tuples, sets and mappings."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if attrs.has(type(value)) and type(value) not in (Currency, Workflow):
        for field in attrs.fields(type(value)):
            yield from parts(getattr(value, field.name), seen)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from parts(item, seen)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from parts(key, seen)
            yield from parts(item, seen)


def rebuild(value: Any) -> Any:
    """``value`` built again through its public constructor from its own fields."""
    cls = type(value)
    if cls is Currency:
        return Currency(value.code)
    return cls(**{f.alias: getattr(value, f.name) for f in attrs.fields(cls) if f.init})


class TestStrategiesProduceValidValues:
    @pytest.mark.parametrize("cls", VALUE_TYPES, ids=IDS)
    def test_values_are_valid_finite_and_aware(self, cls):
        @settings(max_examples=15)
        @given(st.from_type(cls))
        def check(value):
            assert type(value) is cls
            assert rebuild(value) == value  # the constructor accepts it as it is
            for part in parts(value):
                assert not isinstance(part, float), f"a float inside {value!r}"
                if isinstance(part, Decimal):
                    assert part.is_finite(), f"{part!r} inside {value!r}"
                if isinstance(part, dt.datetime):
                    assert part.utcoffset() is not None, f"naive {part!r} inside {value!r}"

        check()

    @settings(max_examples=30)
    @given(st.from_type(Money))
    def test_money_from_type_is_rounded_to_its_currency(self, amount):
        assert amount.is_rounded
        assert amount.amount.is_finite()

    @given(
        st.sampled_from(["EUR", "JPY", "BHD"]).flatmap(
            lambda code: st.tuples(st.just(code), aes.money(code, min_value=-5, max_value=5))
        )
    )
    def test_money_takes_a_currency_and_bounds(self, pair):
        code, amount = pair
        assert amount.currency == Currency(code)
        assert Money(-5, code) <= amount <= Money(5, code)
        assert amount.is_rounded

    @given(aes.rates(min_value=0, max_value=1, places=2))
    def test_rates_take_bounds_and_places(self, rate):
        assert Rate(0) <= rate <= Rate(1)
        assert rate.value.as_tuple().exponent >= -2

    def test_values_do_not_depend_on_the_callers_decimal_context(self, hostile_decimal_context):
        @settings(max_examples=10)
        @given(st.from_type(Money), aes.rates())
        def check(amount, rate):
            assert amount.is_rounded
            assert rate.value.is_finite()

        check()
        assert decimal.getcontext().prec == hostile_decimal_context.prec == 5
