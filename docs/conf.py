"""Sphinx configuration: MyST Markdown, furo, autodoc; nothing fetched at build time."""

from __future__ import annotations

import accountexec

project = "accountexec"
author = "The accountexec team"
copyright = "2026, the accountexec team"  # noqa: A001 - Sphinx's configuration name
release = accountexec.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinxcontrib.mermaid",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
myst_fence_as_directive = ["mermaid"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "accountexec"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False
