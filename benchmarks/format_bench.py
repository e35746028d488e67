"""``Money.format`` against a hand-written f-string formatter, and against babel itself.

Run: ``python benchmarks/format_bench.py`` (a few seconds). The floor formats a ``Decimal`` the
way a user writes it for one known locale: ``f"{amount:,.2f}"`` with the separators swapped for
de_DE and the euro sign appended. accountexec formats with the locale's CLDR pattern (any locale,
any currency, digits beyond the minor unit kept), byte for byte what
``babel.numbers.format_currency(..., decimal_quantization=False)`` returns, which is also timed
(with a parsed ``Locale`` passed in, its best case). Goal: at most 3× the floor.
"""

from __future__ import annotations

import decimal
import sys
from decimal import Decimal
from pathlib import Path

import babel.core
import babel.numbers

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.money import DECIMAL_CONTEXT, Money

SWAP = str.maketrans(",.", ".,")


def floor(amount: Decimal) -> str:
    return f"{amount:,.2f}".translate(SWAP) + "\xa0€"


def main() -> None:
    value = Money("1234567.50", "EUR")
    locale = babel.core.Locale.parse("de_DE")
    with decimal.localcontext(DECIMAL_CONTEXT):
        expected = babel.numbers.format_currency(
            value.amount, "EUR", locale=locale, decimal_quantization=False
        )
    assert value.format("de_DE") == expected == floor(value.amount), (value.format("de_DE"),)

    def through_babel() -> str:
        with decimal.localcontext(DECIMAL_CONTEXT):
            return babel.numbers.format_currency(
                value.amount, "EUR", locale=locale, decimal_quantization=False
            )

    ours, peer, babel_us = interleaved_us(
        lambda: value.format("de_DE"),
        lambda: floor(value.amount),
        through_babel,
        number=20_000,
    )
    print(HEADER)
    print(row("Money.format('de_DE') vs an f-string", ours, peer, 3))
    print(f"\nfor the record: babel.numbers.format_currency {babel_us:.2f} µs "
          f"({babel_us / ours:.1f}× Money.format)")  # fmt: skip


if __name__ == "__main__":
    main()
