"""Test-suite configuration shared by tests/, docs/ and the docstrings in src/.

- Hypothesis profiles: ``ci`` (default; fixed example count, derandomized, reproducible) and ``dev``
  (deeper, random). Select with ``HYPOTHESIS_PROFILE=dev``.
- Sybil runs every example in ``docs/**/*.md``, ``README.md`` and the docstrings of ``src/``.
- Every test runs under an unusual ``decimal`` context (rounding ``ROUND_05UP``, float operations
  trapped), because the library's results must never depend on the caller's context. The
  ``hostile_decimal_context`` fixture goes further (precision 5) for tests that opt in.
"""

from __future__ import annotations

import decimal
import os
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
