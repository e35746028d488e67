"""Test-suite configuration shared by tests/, docs/ and the docstrings in src/.

- Hypothesis profiles: ``ci`` (default; fixed example count, derandomized, reproducible), ``dev``
  (deeper, random) and ``mutation`` (few examples; the default under mutmut). Select with
  ``HYPOTHESIS_PROFILE=dev``.
- Under mutmut, every test starts with the library's ``functools`` caches emptied
  (``fresh_module_caches``), so no answer computed before the fork hides a mutant.
- Sybil runs every example in ``docs/**/*.md``, ``README.md`` and the docstrings of ``src/``.
- Every test runs under an unusual ``decimal`` context (rounding ``ROUND_05UP``, float operations
  trapped), because the library's results must never depend on the caller's context. The
  ``hostile_decimal_context`` fixture goes further (precision 5) for tests that opt in.
"""

from __future__ import annotations

import decimal
import functools
import os
import sys
from collections.abc import Iterator
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=500,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    # mutation testing (tools/mutation): every mutant reruns the tests that reach it, so few,
    # reproducible examples; mutmut runs each test from forked workers, which Hypothesis sees as
    # differing executors.
    "mutation",
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.differing_executors,
        HealthCheck.filter_too_much,
    ],
)
_UNDER_MUTMUT = "MUTANT_UNDER_TEST" in os.environ
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "mutation" if _UNDER_MUTMUT else "ci"))

_OPTIONS = ELLIPSIS | NORMALIZE_WHITESPACE

_markdown = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=_OPTIONS), SkipParser()],
    patterns=["docs/*.md", "docs/**/*.md", "README.md"],
    excludes=["docs/_build/**"],
)
_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=_OPTIONS)],
    patterns=["src/accountexec/*.py", "src/accountexec/**/*.py"],
    excludes=["src/accountexec/__main__.py"],
)
pytest_collect_file = (_markdown + _docstrings).pytest()


def _unusual_context() -> decimal.Context:
    return decimal.Context(
        prec=28,
        rounding=decimal.ROUND_05UP,
        traps=[
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
            decimal.FloatOperation,
        ],
    )


@pytest.fixture(autouse=True)
def _unusual_decimal_context() -> Iterator[None]:
    with decimal.localcontext(_unusual_context()):
        yield


@pytest.fixture
def hostile_decimal_context() -> Iterator[decimal.Context]:
    """Precision 5, flooring, Inexact and Rounded trapped: library code must not care."""
    ctx = decimal.Context(
        prec=5,
        rounding=decimal.ROUND_FLOOR,
        Emax=20,
        Emin=-20,
        traps=[decimal.Inexact, decimal.Rounded, decimal.FloatOperation, decimal.InvalidOperation],
    )
    with decimal.localcontext(ctx):
        yield ctx


def clear_module_caches() -> int:
    """Empty every ``functools`` cache at the top level of accountexec's modules; return how many.

    mutmut forks its workers from a process that has already run the tests once, so a cache filled
    then (holiday tables, known time zones, currency marks, locales) answers with what the
    unmutated code computed and hides the mutant. The interned ``Currency`` values are not a cache
    but an identity (``money.currency is EUR``) and stay.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not (name == "accountexec" or name.startswith("accountexec.")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()
                cleared += 1
    return cleared


@pytest.fixture(autouse=_UNDER_MUTMUT)
def fresh_module_caches() -> None:
    """Under mutmut (autouse there, opt-in otherwise): each test starts with empty caches."""
    clear_module_caches()
