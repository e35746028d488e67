"""The API reference as a reader sees it: built with Sphinx, then searched for leaked internals.

The reference pages are built (the guides are left out to keep the build short; their examples
run elsewhere in the suite), and the HTML must not show attrs' ``NOTHING`` marker, a private
sentinel such as ``_Derived``, a ``<function ...>`` repr, or an attribute summary pushed into a
bogus "Type:" field. The guides' Vega-Lite specs are drawn to SVG by the documentation's own hook.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def reference_html(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("html")
    # A separate process: Sphinx under the suite's warnings-as-errors filter would stop early.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-D",
            "exclude_patterns=guide,tutorial.md,performance.md,_build",
            "-D",
            "extensions=myst_parser,sphinx.ext.autodoc",
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "reference").glob("*.html")}
    assert len(pages) > 15
    return pages


@pytest.mark.parametrize("leak", ["NOTHING", "_Derived", "&lt;function ", "<function "])
def test_no_internal_leaks_into_the_reference(reference_html: dict[str, str], leak: str) -> None:
    found = sorted(name for name, html in reference_html.items() if leak in html)
    assert found == [], f"{leak!r} shows in {found}"


def test_no_attribute_summary_is_rendered_as_a_type(reference_html: dict[str, str]) -> None:
    found = sorted(name for name, html in reference_html.items() if re.search(r">Type<", html))
    assert found == []


def test_a_workflow_is_documented_as_its_table(reference_html: dict[str, str]) -> None:
    html = reference_html["invoices.html"]
    section = html[html.index('id="accountexec.commerce.invoices.INVOICE_WORKFLOW"') :]
    table = section[: section.index("</table>")]
    assert "<table" in table
    assert re.search(r"<code[^>]*><span class=\"pre\">write_off</span></code>", table)


def _conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_chart_specs_are_drawn_to_svg_at_build_time() -> None:
    page = (DOCS / "guide" / "notebooks.md").read_text(encoding="utf-8")
    source = [page]
    _conf()._draw_charts(None, "guide/notebooks", source)
    specs = page.count("```{code-block} json\n:name: view-")
    assert specs >= 3
    assert source[0].count('<figure class="chart"><svg') == specs
    assert "cdn." not in source[0]


def test_a_spec_that_is_not_vega_lite_is_left_alone() -> None:
    block = "```{code-block} json\n:name: view-x\n\n" + json.dumps({"a": 1}) + "\n```"
    source = [block]
    _conf()._draw_charts(None, "x", source)
    assert source == [block]
