"""Building blocks for views: HTML tables, locale formatting, Vega-Lite specs, Mermaid Gantt charts.

This module sits with the foundations (it imports only :mod:`accountexec.money` and
:mod:`accountexec.errors`), so the domain classes can offer notebook views (``_repr_html_``,
``_repr_mimebundle_``) by calling into it without importing the views above them, and
:mod:`accountexec.reports` renders with the same pieces.

Two rules hold everywhere:

- **Escaping.** Every piece of text that goes into HTML passes through :func:`escape`
  (``html.escape`` with quotes), cell by cell.
- **No floats.** Amounts in Vega-Lite data are the exact decimal text (``"1234.50"``); each spec
  declares them in ``data.format.parse`` as numbers, so Vega-Lite converts them for drawing and the
  library never makes a float.

>>> from decimal import Decimal
>>> print(html_table(["item", "amount"], [["<b>fee</b>", Decimal("12.50")]], numeric={1}))
<table><thead><tr><th>item</th><th style="text-align:right">amount</th></tr></thead><tbody><tr><td>&lt;b&gt;fee&lt;/b&gt;</td><td style="text-align:right">12.50</td></tr></tbody></table>
"""  # noqa: E501

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from accountexec import _lazy
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Money, Rate

if TYPE_CHECKING:
    import babel.core
    import babel.dates
    import babel.numbers
else:  # imported by the first localised text (see accountexec._lazy)
    babel = _lazy.module("babel")

__all__ = [
    "VEGA_LITE_MIME",
    "VEGA_LITE_SCHEMA",
    "burn_spec",
    "cell_text",
    "escape",
    "format_date",
    "format_money",
    "format_month",
    "format_number",
    "format_percent",
    "funnel_spec",
    "grouped_bar_spec",
    "html_table",
    "locale",
    "mermaid_gantt",
    "plain",
    "records_html",
]

VEGA_LITE_MIME: Final = "application/vnd.vegalite.v5+json"
"""The MIME type notebooks (Jupyter, VS Code) render as a Vega-Lite chart."""

VEGA_LITE_SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v5.json"

_RIGHT: Final = ' style="text-align:right"'


def escape(value: object) -> str:
    """``value`` as text safe inside HTML elements and attributes.

    >>> escape('<a href="x">Tom & Jerry</a>')
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;'
    """
    return html.escape(plain(value), quote=True)


def plain(value: object) -> str:
    """Locale-free text of a cell value: exact decimals, ISO dates, ``''`` for None.

    >>> from decimal import Decimal
    >>> import pendulum
    >>> plain(Decimal("1E+3")), plain(pendulum.date(2026, 6, 1)), plain(None), plain(Rate("0.15"))
    ('1000', '2026-06-01', '', '15%')
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, Decimal | int | Money | Rate) and not isinstance(value, bool)


def cell_text(value: object, locale_name: str | None = None) -> str:
    """A cell's text: :func:`plain` without a locale, else as the locale writes it (as in text).

    >>> from decimal import Decimal
    >>> cell_text(Money("1234.50", "EUR")), cell_text(Money("1234.50", "EUR"), "de_DE")
    ('1234.50 EUR', '1.234,50\xa0€')
    >>> cell_text(Decimal("1234.5"), "en_US"), cell_text(Rate("0.15"), "fr_FR")
    ('1,234.5', '15\xa0%')
    """
    if locale_name is None or value is None or isinstance(value, bool | str):
        return plain(value)
    if isinstance(value, Money):
        return format_money(value, locale_name)
    if isinstance(value, Rate):
        return value.format(locale_name)
    if isinstance(value, Decimal | int):
        return format_number(value, locale_name)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return format_date(value, locale_name)
    return plain(value)


def html_table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    numeric: Iterable[int] = (),
    locale: str | None = None,
) -> str:
    """An HTML table; every cell escaped, the ``numeric`` columns (by index) right-aligned.

    Cells are written by :func:`cell_text`: locale-free without ``locale`` (like ``repr``), else
    with the locale's rules for amounts, numbers, percentages and dates, as text reports are.
    """
    right = frozenset(numeric)

    def cell(tag: str, i: int, value: object) -> str:
        return f"<{tag}{_RIGHT if i in right else ''}>{escape(cell_text(value, locale))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    top = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{top}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def records_html(
    records: Sequence[Mapping[str, Any]], *, caption: str | None = None, locale: str | None = None
) -> str:
    """A list of flat dicts (``to_records()``) as an HTML table; number columns right-aligned.

    When every record names its ``currency``, its Decimal amounts are shown as money (``'10.00
    EUR'``, or as the locale writes it) and the currency column is dropped, so a table of records
    reads like every other table of amounts.

    >>> from decimal import Decimal
    >>> print(records_html([{"line": "tv", "planned": Decimal("10.00")}], caption="B-1"))
    <table><caption>B-1</caption><thead><tr><th>line</th><th style="text-align:right">planned</th></tr></thead><tbody><tr><td>tv</td><td style="text-align:right">10.00</td></tr></tbody></table>
    >>> print(records_html([{"line": "tv", "planned": Decimal("10.00"), "currency": "EUR"}]))
    <table><thead><tr><th>line</th><th style="text-align:right">planned</th></tr></thead><tbody><tr><td>tv</td><td style="text-align:right">10.00 EUR</td></tr></tbody></table>
    """  # noqa: E501
    if records and all(isinstance(r.get("currency"), str) for r in records):
        records = [
            {
                key: Money(value, record["currency"]) if isinstance(value, Decimal) else value
                for key, value in record.items()
                if key != "currency"
            }
            for record in records
        ]
    headers: list[str] = []
    for record in records:
        headers.extend(k for k in record if k not in headers)
    numeric = {
        i
        for i, h in enumerate(headers)
        if any(_is_number(r.get(h)) for r in records)
        and all(r.get(h) is None or _is_number(r.get(h)) for r in records)
    }
    rows = [[r.get(h) for h in headers] for r in records]
    return html_table(headers, rows, caption=caption, numeric=numeric, locale=locale)


# -------------------------------------------------------------------------------- locale text


@functools.lru_cache(maxsize=64)
def locale(name: str) -> babel.core.Locale:
    """The babel locale called ``name`` (cached), or ``ValidationError``.

    >>> locale("de_DE").english_name
    'German (Germany)'
    """
    try:
        return babel.core.Locale.parse(name)
    except (ValueError, TypeError, babel.core.UnknownLocaleError):
        raise ValidationError("locale", name, "a CLDR locale identifier such as 'de_DE'") from None


def format_money(money: Money, locale_name: str) -> str:
    """``money`` as written in the locale (its own :meth:`~accountexec.money.Money.format`)."""
    locale(locale_name)
    return money.format(locale_name)


def format_date(day: _dt.date, locale_name: str, form: str = "medium") -> str:
    """A date as written in the locale (babel's ``medium`` form by default).

    >>> import pendulum
    >>> format_date(pendulum.date(2026, 6, 15), "de_DE"), format_date(pendulum.date(2026, 6, 15), "ja_JP")
    ('15.06.2026', '2026/06/15')
    """  # noqa: E501
    return babel.dates.format_date(day, form, locale=locale(locale_name))


def format_month(month: str | _dt.date, locale_name: str) -> str:
    """A month (``"2026-04"``, as forecasts key it, or any date in it) as written in the locale.

    Text that is not a ``YYYY-MM`` month is returned as it is (a forecast's ``"total"`` row).

    >>> format_month("2026-04", "de_DE"), format_month("2026-04", "ja_JP"), format_month("total", "fr_FR")
    ('Apr. 2026', '2026年4月', 'total')
    """  # noqa: E501
    if isinstance(month, str):
        year, dash, number = month.partition("-")
        if not (dash and year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
            return month
        month = _dt.date(int(year), int(number), 1)
    return babel.dates.format_skeleton("yMMM", month, locale=locale(locale_name))


def format_percent(value: Rate | Decimal, locale_name: str, digits: int = 0) -> str:
    """A rate (``Rate('0.215')``) or fraction as a percentage in the locale, ``digits`` decimals.

    >>> format_percent(Rate("0.215"), "fr_FR", digits=1)
    '21,5\\xa0%'
    """
    number = value.value if isinstance(value, Rate) else value
    loc = locale(locale_name)
    pattern = loc.percent_formats[None].pattern.split(";")[0]
    if digits:
        head, _, tail = pattern.rpartition("0")
        pattern = f"{head}0.{'0' * digits}{tail}"
    with decimal.localcontext(DECIMAL_CONTEXT):
        return babel.numbers.format_percent(number, pattern, locale=loc)


def format_number(value: Decimal | int, locale_name: str) -> str:
    """A number as written in the locale, every digit it carries kept.

    >>> from decimal import Decimal
    >>> format_number(Decimal("1234.5"), "de_DE"), format_number(3, "en_US")
    ('1.234,5', '3')
    """
    with decimal.localcontext(DECIMAL_CONTEXT):
        return babel.numbers.format_decimal(
            value, locale=locale(locale_name), decimal_quantization=False
        )


# --------------------------------------------------------------------------------- Vega-Lite


def _spec(
    title: str, values: list[dict[str, str]], parse: Mapping[str, str], **body: Any
) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "data": {"values": values, "format": {"parse": dict(parse)}},
        **body,
    }


def grouped_bar_spec(
    rows: Iterable[tuple[str, Decimal, Decimal]], *, title: str, group: str, currency: str
) -> dict[str, Any]:
    """Bars of amount and weighted amount per group (a forecast by month, owner, stage ...).

    ``rows`` are ``(group value, amount, weighted amount)``; ``group`` names the groups (the axis
    title); amounts travel as exact text.

    >>> from decimal import Decimal
    >>> spec = grouped_bar_spec([("2026-05", Decimal("100.00"), Decimal("50.00"))],
    ...                         title="forecast", group="month", currency="EUR")
    >>> spec["data"]["values"]
    [{'group': '2026-05', 'measure': 'amount', 'value': '100.00'}, {'group': '2026-05', 'measure': 'weighted', 'value': '50.00'}]
    >>> spec["data"]["format"], spec["encoding"]["y"]["type"], spec["encoding"]["x"]["title"]
    ({'parse': {'value': 'number'}}, 'quantitative', 'month')
    """  # noqa: E501
    values = [
        {"group": key, "measure": measure, "value": plain(amount)}
        for key, amount, weighted in rows
        for measure, amount in (("amount", amount), ("weighted", weighted))
    ]
    return _spec(
        title,
        values,
        {"value": "number"},
        mark="bar",
        encoding={
            "x": {"field": "group", "type": "ordinal", "title": group},
            "xOffset": {"field": "measure"},
            "y": {"field": "value", "type": "quantitative", "title": currency},
            "color": {"field": "measure", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "group", "type": "ordinal", "title": group},
                {"field": "measure", "type": "nominal"},
                {"field": "value", "type": "quantitative", "title": currency},
            ],
        },
    )


def funnel_spec(
    rows: Iterable[tuple[str, int, Decimal]], *, title: str, currency: str
) -> dict[str, Any]:
    """A funnel: one horizontal bar per stage, in the order given, length = amount.

    ``rows`` are ``(stage, count of deals, amount)`` in funnel order.

    >>> from decimal import Decimal
    >>> spec = funnel_spec([("lead", 3, Decimal("900")), ("won", 1, Decimal("100"))],
    ...                    title="funnel", currency="EUR")
    >>> spec["encoding"]["y"]["sort"], spec["data"]["values"][0]
    (['lead', 'won'], {'stage': 'lead', 'deals': '3', 'amount': '900'})
    """
    values = [
        {"stage": stage, "deals": str(count), "amount": plain(amount)}
        for stage, count, amount in rows
    ]
    return _spec(
        title,
        values,
        {"deals": "number", "amount": "number"},
        mark="bar",
        encoding={
            "y": {
                "field": "stage",
                "type": "nominal",
                "sort": [v["stage"] for v in values],
                "title": None,
            },
            "x": {"field": "amount", "type": "quantitative", "title": currency},
            "tooltip": [
                {"field": "stage", "type": "nominal"},
                {"field": "deals", "type": "quantitative"},
                {"field": "amount", "type": "quantitative", "title": currency},
            ],
        },
    )


def burn_spec(
    rows: Iterable[tuple[_dt.date, Decimal, Decimal | None]], *, title: str, currency: str
) -> dict[str, Any]:
    """Budget burn: actual spend to date (a step line) against theoretical spend (a straight line).

    ``rows`` are ``(date, theoretical spend, actual spend)`` at each date where either changes;
    an actual of ``None`` (after the last spend recorded) is left out of the chart.

    >>> import pendulum
    >>> from decimal import Decimal
    >>> spec = burn_spec([(pendulum.date(2026, 6, 1), Decimal("10.00"), Decimal("0.00"))],
    ...                  title="burn", currency="EUR")
    >>> spec["data"]["values"]
    [{'date': '2026-06-01', 'series': 'theoretical', 'amount': '10.00'}, {'date': '2026-06-01', 'series': 'actual', 'amount': '0.00'}]
    >>> [layer["mark"]["interpolate"] for layer in spec["layer"]]
    ['linear', 'step-after']
    """  # noqa: E501
    values = [
        {"date": day.isoformat(), "series": series, "amount": plain(amount)}
        for day, theoretical, actual in rows
        for series, amount in (("theoretical", theoretical), ("actual", actual))
        if amount is not None
    ]
    encoding = {
        "x": {"field": "date", "type": "temporal", "title": None},
        "y": {"field": "amount", "type": "quantitative", "title": currency},
        "color": {"field": "series", "type": "nominal", "title": None},
    }
    return _spec(
        title,
        values,
        {"amount": "number"},
        encoding=encoding,
        layer=[
            {
                "transform": [{"filter": f"datum.series == '{series}'"}],
                "mark": {"type": "line", "interpolate": shape, "point": True},
            }
            for series, shape in (("theoretical", "linear"), ("actual", "step-after"))
        ],
    )


# ---------------------------------------------------------------------------------- Mermaid

_MERMAID_UNSAFE: Final = str.maketrans({":": " ", ";": " ", "#": " ", "\n": " "})


def mermaid_gantt(
    title: str,
    tasks: Iterable[tuple[str, _dt.date, _dt.date, bool, bool]],
    *,
    section: str = "tasks",
) -> str:
    """A Mermaid Gantt chart of ``(name, first day, last day, critical, milestone)`` tasks.

    Days are inclusive; Mermaid's end dates are exclusive, so each bar ends the day after its last
    day. A milestone is drawn on its first day. Colons, semicolons and ``#`` (Mermaid syntax)
    become spaces in names.

    >>> import pendulum
    >>> print(mermaid_gantt("launch", [("copy: v1", pendulum.date(2026, 5, 19),
    ...                                 pendulum.date(2026, 5, 21), True, False)]))
    gantt
        title launch
        dateFormat YYYY-MM-DD
        section tasks
        copy  v1 :crit, t1, 2026-05-19, 2026-05-22
    """
    lines = [
        "gantt",
        f"    title {title.translate(_MERMAID_UNSAFE)}",
        "    dateFormat YYYY-MM-DD",
        f"    section {section.translate(_MERMAID_UNSAFE)}",
    ]
    for n, (name, first, last, critical, milestone) in enumerate(tasks, start=1):
        tags = "crit, " if critical else ""
        label = name.translate(_MERMAID_UNSAFE)
        if milestone:
            lines.append(f"    {label} :{tags}milestone, t{n}, {first.isoformat()}, 0d")
        else:
            end = _dt.date.fromordinal(last.toordinal() + 1)
            lines.append(f"    {label} :{tags}t{n}, {first.isoformat()}, {end.isoformat()}")
    return "\n".join(lines)
