"""The one currency convention of the strategies: ``currency=None`` draws any of these.

Every strategy whose values hold amounts in one currency takes ``currency=`` (a code or a
:class:`~accountexec.money.Currency`); left at ``None`` it draws one of :data:`ANY_CURRENCY`, a
mix of two-decimal and zero-decimal currencies. ``currencies=`` appears only where one value
holds several (an exchange-rate table, :func:`~accountexec.strategies.currencies`).
"""

from __future__ import annotations

from typing import Final

ANY_CURRENCY: Final[tuple[str, ...]] = ("EUR", "USD", "GBP", "JPY")
"""The currencies a strategy draws from when ``currency`` is None."""
