"""A small document model rendered to plain text, Markdown or HTML (no I/O).

Reports and the demo describe what they show as a :class:`Document` of :class:`Section` s holding
paragraphs (plain strings), :class:`Bullets`, :class:`Table` s and :class:`Code` blocks, with every
figure already formatted for a locale; :func:`render` writes it in one of :data:`FORMATS`. Text
is escaped for the format: HTML through ``html.escape`` (cell by cell), Markdown by backslashing
its markup characters, so a client called ``<Acme & *Sons*>`` prints as written.

>>> doc = Document(title="Report", sections=[
...     Section("Invoices", ["Two invoices are open.",
...                          Table(["number", "balance"], [["INV-1", "€10.00"]], numeric=[1])]),
... ])
>>> print(render(doc, "text"))
Report
======
<BLANKLINE>
Invoices
--------
Two invoices are open.
<BLANKLINE>
  number  balance
  ------  -------
  INV-1    €10.00
>>> print(render(doc, "markdown"))
# Report
<BLANKLINE>
## Invoices
<BLANKLINE>
Two invoices are open.
<BLANKLINE>
| number | balance |
| --- | ---: |
| INV-1 | €10.00 |
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Final, Literal, get_args

import attrs

from accountexec._views import escape, html_table
from accountexec.errors import ValidationError

__all__ = [
    "FORMATS",
    "Block",
    "Bullets",
    "Code",
    "Document",
    "Format",
    "Section",
    "Table",
    "render",
]

Format = Literal["text", "markdown", "html"]
FORMATS: Final[tuple[Format, ...]] = get_args(Format)

_WIDTH: Final = 100


def _strings(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _indexes(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _rows(value: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_strings(row) for row in value)


@attrs.frozen
class Table:
    """Headers and rows of text cells; ``numeric`` column indexes are right-aligned.

    >>> table = Table(["client", "balance"], [["acme", "€1,200.00"]], numeric=[1])
    >>> print(render(Document(title="Open", sections=[Section("Balances", [table])]), "text"))
    Open
    ====
    <BLANKLINE>
    Balances
    --------
      client    balance
      ------  ---------
      acme    €1,200.00
    >>> Table(["client", "balance"], [["acme"]])
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'rows': ('acme',); expected 2 cells per row
    """

    headers: tuple[str, ...] = attrs.field(converter=_strings)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    numeric: frozenset[int] = attrs.field(default=frozenset(), converter=_indexes)

    def __attrs_post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValidationError("rows", row, f"{len(self.headers)} cells per row")


@attrs.frozen
class Bullets:
    """A list of short lines.

    >>> overdue = Section("Invoices", [Bullets(["INV-1", "INV-2"])])
    >>> doc = Document(title="Overdue", sections=[overdue])
    >>> print(render(doc, "markdown"))
    # Overdue
    <BLANKLINE>
    ## Invoices
    <BLANKLINE>
    - INV-1
    - INV-2
    """

    items: tuple[str, ...] = attrs.field(converter=_strings)


@attrs.frozen
class Code:
    """Preformatted text: a Mermaid chart, an excerpt. Fenced in Markdown, ``<pre>`` in HTML.

    >>> chart = Code("flowchart LR; draft --> issued", language="mermaid")
    >>> print(render(Document(title="Flow", sections=[Section("Invoice", [chart])]), "html"))
    <article class="accountexec" lang="en">
    <h1>Flow</h1>
    <section><h2>Invoice</h2>
    <pre class="mermaid">flowchart LR; draft --&gt; issued</pre>
    </section>
    </article>
    """

    text: str
    language: str = "text"


Block = str | Table | Bullets | Code


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    blocks = tuple(value)
    for block in blocks:
        if not isinstance(block, str | Table | Bullets | Code):
            raise ValidationError("blocks", block, "paragraphs (str), Table, Bullets or Code")
    return blocks


@attrs.frozen
class Section:
    """A heading and its blocks; ``level`` 2 for a section, 3 for a subsection.

    >>> doc = Document(title="Acme", sections=[
    ...     Section("Budgets", ["On track."]),
    ...     Section("Spring campaign", ["12% spent."], level=3),
    ... ])
    >>> print(render(doc, "text"))
    Acme
    ====
    <BLANKLINE>
    Budgets
    -------
    On track.
    <BLANKLINE>
    Spring campaign
    ~~~~~~~~~~~~~~~
    12% spent.
    >>> Section("Budgets", level=1)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'level': 1; expected 2 (section) or 3 (subsection)
    """

    title: str
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    level: int = attrs.field(default=2, kw_only=True)

    @level.validator
    def _check_level(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value not in (2, 3):
            raise ValidationError("level", value, "2 (section) or 3 (subsection)")


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    sections = tuple(value)
    for section in sections:
        if not isinstance(section, Section):
            raise ValidationError("sections", section, "Section values")
    return sections


@attrs.frozen
class Document:
    """A titled list of sections, with an optional line under the title.

    >>> doc = Document(title="Acme & Sons", subtitle="as of 2026-03-31",
    ...                sections=[Section("Summary", ["All invoices paid."])])
    >>> print(render(doc, "markdown"))
    # Acme & Sons
    <BLANKLINE>
    as of 2026-03-31
    <BLANKLINE>
    ## Summary
    <BLANKLINE>
    All invoices paid.
    """

    title: str
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    subtitle: str = attrs.field(default="", kw_only=True)
    lang: str = attrs.field(default="en", kw_only=True)


def render(document: Document, fmt: str, *, standalone: bool = False) -> str:
    """``document`` as ``fmt`` text ("text", "markdown" or "html").

    With ``standalone`` the HTML is a whole page (doctype, head, a little CSS); otherwise an
    ``<article>`` to embed (a notebook cell, a web page).

    >>> doc = Document(title="Report", sections=[Section("Invoices", ["Two are open."])])
    >>> print(render(doc, "html"))
    <article class="accountexec" lang="en">
    <h1>Report</h1>
    <section><h2>Invoices</h2>
    <p>Two are open.</p>
    </section>
    </article>
    >>> render(doc, "html", standalone=True).startswith("<!DOCTYPE html>")
    True
    >>> render(doc, "pdf")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'fmt': 'pdf'; expected one of 'text', ...
    """
    if fmt == "text":
        return _text(document)
    if fmt == "markdown":
        return _markdown(document)
    if fmt == "html":
        return _html(document, standalone=standalone)
    raise ValidationError("fmt", fmt, "one of 'text', 'markdown', 'html'")


# --------------------------------------------------------------------------------------- text


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters count two, marks none.

    >>> width("abc"), width("￥1,234"), width("e\\u0301")
    (3, 7, 1)
    """
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * (size - width(text))
    return gap + text if right else text + gap


def _text_table(table: Table) -> list[str]:
    sizes = [width(h) for h in table.headers]
    for row in table.rows:
        sizes = [max(s, width(c)) for s, c in zip(sizes, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (_pad(c, sizes[i], i in table.numeric) for i, c in enumerate(cells))
        return ("  " + "  ".join(padded)).rstrip()

    return [line(table.headers), line(["-" * s for s in sizes]), *(line(r) for r in table.rows)]


def _text_block(block: Block) -> list[str]:
    if isinstance(block, Table):
        return _text_table(block)
    if isinstance(block, Bullets):
        return [
            textwrap.fill(item, _WIDTH, initial_indent="  - ", subsequent_indent="    ")
            for item in block.items
        ]
    if isinstance(block, Code):
        return ["    " + line if line else "" for line in block.text.splitlines()]
    return [textwrap.fill(block, _WIDTH)]


def _underline(title: str, char: str) -> list[str]:
    return [title, char * width(title)]


def _text(document: Document) -> str:
    out = _underline(document.title, "=")
    if document.subtitle:
        out.append(document.subtitle)
    for section in document.sections:
        out += ["", *_underline(section.title, "-" if section.level == 2 else "~")]
        previous: Block | None = None
        for block in section.blocks:
            # a blank line between blocks, except under a label ("Overdue:") and its list
            if previous is not None and not (
                isinstance(previous, str) and previous.endswith(":") and isinstance(block, Bullets)
            ):
                out.append("")
            out += _text_block(block)
            previous = block
    return "\n".join(out)


# ----------------------------------------------------------------------------------- markdown

_MARKDOWN_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*[]<>|#"})
# an underscore inside a word (out_of_home) is never emphasis in CommonMark; at a word's edge it is
_EDGE_UNDERSCORE: Final = re.compile(r"(?<!\w)_|_(?!\w)")


def md(text: str) -> str:
    r"""``text`` with Markdown's markup characters backslashed.

    >>> md("<Acme & *Sons*> | 50% off")
    '\\<Acme & \\*Sons\\*\\> \\| 50% off'
    >>> md("out_of_home, _draft_")
    'out_of_home, \\_draft\\_'
    """
    return _EDGE_UNDERSCORE.sub(r"\\_", text.translate(_MARKDOWN_SPECIAL))


def _markdown_block(block: Block) -> list[str]:
    if isinstance(block, Table):
        align = ["---:" if i in block.numeric else "---" for i in range(len(block.headers))]
        return [
            "| " + " | ".join(md(h) for h in block.headers) + " |",
            "| " + " | ".join(align) + " |",
            *("| " + " | ".join(md(c) for c in row) + " |" for row in block.rows),
        ]
    if isinstance(block, Bullets):
        return [f"- {md(item)}" for item in block.items]
    if isinstance(block, Code):
        fence = "````" if "```" in block.text else "```"
        return [f"{fence}{block.language}", *block.text.splitlines(), fence]
    return [md(block)]


def _markdown(document: Document) -> str:
    out = [f"# {md(document.title)}"]
    if document.subtitle:
        out += ["", md(document.subtitle)]
    for section in document.sections:
        out += ["", "#" * section.level + " " + md(section.title)]
        for block in section.blocks:
            out += ["", *_markdown_block(block)]
    return "\n".join(out)


# --------------------------------------------------------------------------------------- html

_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem}th{text-align:left}"
    "caption{text-align:left;font-weight:600}pre{background:#f6f6f6;padding:.6rem;overflow:auto}"
)


def _html_block(block: Block) -> str:
    if isinstance(block, Table):
        return html_table(block.headers, block.rows, numeric=block.numeric)
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Code):
        css = "mermaid" if block.language == "mermaid" else f"language-{escape(block.language)}"
        return f'<pre class="{css}">{escape(block.text)}</pre>'
    return f"<p>{escape(block)}</p>"


def _html(document: Document, *, standalone: bool) -> str:
    parts = [f"<h1>{escape(document.title)}</h1>"]
    if document.subtitle:
        parts.append(f"<p>{escape(document.subtitle)}</p>")
    open_levels: list[int] = []  # subsections nest inside the section before them
    for section in document.sections:
        level = section.level
        while open_levels and open_levels[-1] >= level:
            parts.append("</section>")
            open_levels.pop()
        parts.append(f"<section><h{level}>{escape(section.title)}</h{level}>")
        parts.extend(_html_block(block) for block in section.blocks)
        open_levels.append(level)
    parts.extend("</section>" for _ in open_levels)
    body = "\n".join(parts)
    lang = escape(document.lang)
    if not standalone:
        return f'<article class="accountexec" lang="{lang}">\n{body}\n</article>'
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(document.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>"
    )
