"""The walk-through behind ``python -m accountexec demo`` (interim: the money examples of the docs).

:func:`run` returns the text; it never prints (``accountexec.__main__`` does). Everything is fixed
(amounts, rates, the as-of date), so the output is the same on every machine for a given locale.

>>> from accountexec import demo
>>> print(demo.run(locale="en_US"))
accountexec demo: exact money (locale en_US)
...
Split 100.00 EUR three ways
  €33.34 + €33.33 + €33.33 = €100.00
...
"""

from __future__ import annotations

import html
from datetime import date

from accountexec.errors import ValidationError
from accountexec.money import ROUNDING_MODES, ExchangeRates, Money, Rate

__all__ = ["FORMATS", "run"]

FORMATS = ("text", "markdown", "html")

_Section = tuple[str, list[str]]


def _sections(locale: str) -> list[_Section]:
    def fmt(m: Money) -> str:
        return m.format(locale)

    fee = Money("100.00", "EUR")
    parts = fee.split(3)
    shares = fee.allocate([70, 20, 10])
    small = Money("0.05", "EUR").allocate([70, 20, 10])
    price = Money("2.345", "EUR")
    a, b = Money("10.004", "EUR"), Money("10.005", "EUR")
    gross = Money("10000.00", "EUR")
    commission = Rate.percent(15)
    net = Money("100.00", "EUR")
    dollars, yen = Money("100.00", "USD"), Money("1000", "JPY")
    fx = ExchangeRates(
        base="EUR", rates={"USD": "1.0825", "JPY": "163.52"}, as_of=date(2026, 11, 27)
    )
    return [
        (
            "Split 100.00 EUR three ways",
            [
                " + ".join(fmt(p) for p in parts) + f" = {fmt(Money.sum(parts, 'EUR'))}",
                "the leftover cent goes to the first part; nothing is created or lost",
            ],
        ),
        (
            "Allocate by ratios 70/20/10",
            [
                f"{fmt(fee)} -> " + ", ".join(fmt(p) for p in shares),
                f"{fmt(Money('0.05', 'EUR'))} -> " + ", ".join(fmt(p) for p in small),
                "shares are floored to the cent; leftover cents go to the largest remainders",
            ],
        ),
        (
            "Rounding modes (2.345 EUR)",
            [f"{mode:<10} {fmt(price.round(mode))}" for mode in ROUNDING_MODES],
        ),
        (
            "Compare after rounding, or round the difference",
            [
                f"a = {fmt(a)}, b = {fmt(b)}",
                f"round(b - a)        = {fmt((b - a).round())}",
                f"round(b) - round(a) = {fmt(b.round() - a.round())}",
            ],
        ),
        (
            "Media commission (15%)",
            [
                f"gross billed to the client: {fmt(gross)}",
                f"agency keeps:               {fmt((gross * commission).round())}",
                f"media owner is paid:        {fmt((gross * commission.complement()).round())}",
                f"gross-up of a {fmt(net)} net: {fmt((net / commission.complement()).round())}",
            ],
        ),
        (
            "Cash rounding",
            [
                f"{fmt(Money('10.03', 'CHF'))} in cash: {fmt(Money('10.03', 'CHF').round_cash())}",
                f"{fmt(Money('10.03', 'EUR'))} in cash: {fmt(Money('10.03', 'EUR').round_cash())}",
            ],
        ),
        (
            f"Formatting in {locale}",
            [
                fmt(Money("1234.50", "EUR")),
                fmt(Money("-1234.50", "USD")),
                fmt(Money("1234", "JPY")),
                fmt(Money("1234.567", "BHD")),
                fmt(Money("0.0035", "USD")) + "  (a CPM: sub-minor digits are shown, not hidden)",
            ],
        ),
        (
            "Conversion (rates as of 2026-11-27, base EUR)",
            [
                f"{fmt(fee)} -> {fmt(fx.convert(fee, 'USD'))}",
                f"{fmt(dollars)} -> {fmt(fx.convert(dollars, 'JPY'))}",
                f"{fmt(yen)} -> {fmt(fx.convert(yen, 'EUR', rounding='half_even'))} (half_even)",
            ],
        ),
    ]


def run(locale: str = "en_US", fmt: str = "text") -> str:
    """Return the walk-through as ``fmt`` ("text", "markdown" or "html") for ``locale``.

    >>> print(run(locale="de_DE", fmt="markdown").splitlines()[0])
    # accountexec demo: exact money (locale de_DE)
    """
    if fmt not in FORMATS:
        raise ValidationError("fmt", fmt, "one of 'text', 'markdown', 'html'")
    title = f"accountexec demo: exact money (locale {locale})"
    sections = _sections(locale)
    out: list[str] = []
    if fmt == "text":
        out += [title, "=" * len(title)]
        for heading, lines in sections:
            out += ["", heading, *(f"  {line}" for line in lines)]
    elif fmt == "markdown":
        out.append(f"# {title}")
        for heading, lines in sections:
            out += ["", f"## {heading}", "", "```text", *lines, "```"]
    else:
        out.append(f"<h1>{html.escape(title)}</h1>")
        for heading, lines in sections:
            body = "\n".join(html.escape(line) for line in lines)
            out += [f"<h2>{html.escape(heading)}</h2>", f"<pre>{body}</pre>"]
    return "\n".join(out)
