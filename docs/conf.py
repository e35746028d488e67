"""Sphinx configuration: MyST Markdown, furo, autodoc; nothing fetched at build time.

Three hooks keep the reference readable: attrs' ``NOTHING`` and the library's private sentinels
never appear in signatures, a status workflow is shown as its table of transitions (not as a
repr full of ``<function ...>``), and the Vega-Lite chart specs of the guides are drawn to SVG
here, with vl-convert, so a reader offline sees the pictures.
"""

from __future__ import annotations

import json
import re
from typing import Any

import accountexec
from accountexec.workflow import Workflow

project = "accountexec"
author = "The accountexec team"
copyright = "2026, the accountexec team"  # noqa: A001 - Sphinx's configuration name
release = accountexec.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Mermaid diagrams stay text (a ``mermaid`` code block): no script is fetched to draw them.
suppress_warnings = ["misc.highlighting_failure"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "accountexec"
autodoc_member_order = "bysource"
# The class-based documenters, so the workflow documenters below can take over workflow values.
autodoc_use_legacy_class_based = True
autodoc_typehints = "description"
nitpicky = False

# -- signatures ----------------------------------------------------------------------------------

_SENTINELS = re.compile(r"=NOTHING\b|=<accountexec[^>]*>|=_[A-Z]+\b")
_PRIVATE_TYPES = re.compile(r"\s*\|\s*_[A-Z]\w*|_[A-Z]\w*\s*\|\s*")


def _clean_signature(  # noqa: PLR0917 - Sphinx's event signature
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, ret: str | None
) -> tuple[str | None, str | None]:
    """``x=NOTHING`` (attrs' marker for a factory default) and private sentinels → ``x=...``."""
    if signature is not None:
        signature = _SENTINELS.sub("=...", signature)
        signature = _PRIVATE_TYPES.sub("", signature)
    return signature, ret


def _clean_recorded_annotations(  # noqa: PLR0917 - Sphinx's event signature
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, ret: str | None
) -> None:
    """Drop private sentinel types (``_Derived``) from the annotations shown as descriptions."""
    recorded = app.env.temp_data.get("annotations", {}).get(name)
    if recorded:
        for key, text in list(recorded.items()):
            recorded[key] = _PRIVATE_TYPES.sub("", text)


# -- workflow tables -------------------------------------------------------------------------------


def _guard_name(guard: Any) -> str:
    if guard is None:
        return ""
    return getattr(guard, "__name__", "").strip("_").replace("_", " ")


def _states(value: Any) -> str:
    states = value if isinstance(value, frozenset | set | tuple) else (value,)
    return ", ".join(f"``{state.value}``" for state in sorted(states, key=str))


def _workflow_table(workflow: Workflow) -> list[str]:
    """The workflow as a list-table: event, from, to, and the guard's name, if any."""
    lines = [
        "",
        f"Initial status ``{workflow.initial.value}``; terminal: "
        + ", ".join(f"``{s.value}``" for s in sorted(workflow.terminal, key=str))
        + ".",
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - event",
        "     - from",
        "     - to",
        "     - guard",
    ]
    for row in workflow.transitions:
        lines += [
            f"   * - ``{row.event}``",
            f"     - {_states(row.source)}",
            f"     - ``{row.target.value}``",
            f"     - {_guard_name(row.guard)}",
        ]
    return [*lines, ""]


def _setup_workflow_documenters(app: Any) -> None:
    from sphinx.ext.autodoc import AttributeDocumenter, DataDocumenter  # noqa: PLC0415 - Sphinx only

    class WorkflowDataDocumenter(DataDocumenter):
        """A module-level workflow: its table, not its repr."""

        objtype = "workflowdata"
        directivetype = "data"
        priority = DataDocumenter.priority + 10

        @classmethod
        def can_document_member(
            cls, member: Any, membername: str, isattr: bool, parent: Any
        ) -> bool:
            return isinstance(member, Workflow) and super().can_document_member(
                member, membername, isattr, parent
            )

        def should_suppress_value_header(self) -> bool:
            return True

        def add_content(self, more_content: Any) -> None:
            super().add_content(more_content)
            for line in _workflow_table(self.object):
                self.add_line(line, self.get_sourcename())

    class WorkflowAttributeDocumenter(AttributeDocumenter):
        """An entity's ``workflow`` class attribute: a pointer, not a repr."""

        objtype = "workflowattribute"
        directivetype = "attribute"
        priority = AttributeDocumenter.priority + 10

        @classmethod
        def can_document_member(
            cls, member: Any, membername: str, isattr: bool, parent: Any
        ) -> bool:
            return isinstance(member, Workflow) and super().can_document_member(
                member, membername, isattr, parent
            )

        def should_suppress_value_header(self) -> bool:
            return True

        def add_content(self, more_content: Any) -> None:
            super().add_content(more_content)
            name = self.object.name
            self.add_line(f"The status workflow ``{name}`` (see its table).", self.get_sourcename())

    app.add_autodocumenter(WorkflowDataDocumenter)
    app.add_autodocumenter(WorkflowAttributeDocumenter)


# -- charts ----------------------------------------------------------------------------------------

_CHART_BLOCK = re.compile(
    r"```\{code-block\} json\n:name: view-(?P<name>[\w-]+)\n\n(?P<spec>.*?)\n```", re.DOTALL
)


def _draw_charts(app: Any, docname: str, source: list[str]) -> None:
    """After each Vega-Lite spec block, its chart as inline SVG (drawn now, offline)."""
    import vl_convert  # noqa: PLC0415 - needed only when the docs build

    def with_svg(match: re.Match[str]) -> str:
        spec = json.loads(match["spec"])
        if "vega-lite" not in str(spec.get("$schema", "")):
            return match[0]
        svg = vl_convert.vegalite_to_svg(spec)
        return f'{match[0]}\n\n```{{raw}} html\n<figure class="chart">{svg}</figure>\n```\n'

    source[0] = _CHART_BLOCK.sub(with_svg, source[0])


def setup(app: Any) -> dict[str, Any]:
    app.connect("autodoc-process-signature", _clean_signature)
    app.connect("autodoc-process-signature", _clean_recorded_annotations, priority=900)
    app.connect("source-read", _draw_charts)
    _setup_workflow_documenters(app)
    return {"parallel_read_safe": True}
