"""The package's architecture holds: no import cycles between any two modules.

The layer and independence contracts themselves are checked by ``lint-imports`` (see the
``[tool.importlinter]`` section of ``pyproject.toml`` and docs/design.md). The mutation-testing
settings of ``pyproject.toml`` and ``tools/mutation`` name the same modules and test files.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import tomllib
from pathlib import Path

import grimp

import accountexec


def test_no_module_imports_another_in_a_cycle() -> None:
    graph = grimp.build_graph("accountexec", include_external_packages=False)
    cycles = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if graph.chain_exists(importer=b, imported=a)
    )
    assert cycles == []


def test_no_module_imports_inside_a_function_to_dodge_a_cycle() -> None:
    """Every import of the package's own modules sits at a module's top level."""
    root = Path(accountexec.__file__).parent
    nested = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        nested.extend(
            f"{path.relative_to(root)}:{inner.lineno}"
            for function in functions
            for inner in ast.walk(function)
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("accountexec")
        )
    assert nested == []


def test_the_mutation_settings_name_the_modules_the_mutation_script_runs() -> None:
    """``[tool.mutmut]`` in pyproject.toml mutates exactly the modules ``tools/mutation`` knows, and
    selects exactly the test files it lists for them (docs/testing.md, "Mutation testing")."""
    root = Path(__file__).resolve().parent.parent
    loader = importlib.machinery.SourceFileLoader("mutation_tool", str(root / "tools" / "mutation"))
    spec = importlib.util.spec_from_loader("mutation_tool", loader)
    assert spec is not None
    tool = importlib.util.module_from_spec(spec)
    loader.exec_module(tool)
    settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "mutmut"
    ]
    assert sorted(settings["only_mutate"]) == sorted(tool._source(m) for m in tool.MODULES)
    tests = {t for files in tool.MODULES.values() for t in files}
    assert sorted(settings["pytest_add_cli_args_test_selection"]) == sorted(tests)
    assert all((root / t).is_file() for t in tests)
