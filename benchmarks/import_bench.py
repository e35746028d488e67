"""How long ``from accountexec import Money`` takes in a fresh interpreter, and what it loads.

Run: ``python benchmarks/import_bench.py`` (a few seconds: 7 fresh interpreters per row, median).
Rows:

- ``python -c "pass"``: the interpreter alone, the floor every row includes.
- ``from accountexec import Money``: the package as it is (its ``__init__`` imports every module).
- ``import accountexec.money`` alone: the package's ``__init__`` replaced by an empty package in a
  fresh interpreter, so only ``money`` and what it imports load. This is what a lazily loading
  package ``__init__`` (PEP 562 ``__getattr__``) would cost for ``Money``.
- ``import holidays``, ``import babel.numbers``, ``import cattrs``: the packages accountexec now
  imports only where first needed (a country calendar, localised text, serialisation).

Goal: at most 0.15 s for ``from accountexec import Money``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
ALONE = (
    "import sys, types; pkg = types.ModuleType('accountexec'); "
    f"pkg.__path__ = [{str(SRC / 'accountexec')!r}]; sys.modules['accountexec'] = pkg; "
    "import accountexec.money"
)
ROWS = [
    ("python -c pass", "pass"),
    ("from accountexec import Money", "from accountexec import Money"),
    ("import accountexec.money alone (lazy package)", ALONE),
    ("import holidays", "import holidays"),
    ("import babel.numbers", "import babel.numbers"),
    ("import cattrs", "import cattrs"),
]


def seconds(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c",
             f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"],
            capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)},
        )  # fmt: skip
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


SHOW_LOADED = (
    "print(*(m for m in ('holidays', 'babel.numbers', 'cattrs', 'numpy', 'pyarrow') "
    "if m in sys.modules))"
)


def loaded(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}; import sys; " + SHOW_LOADED],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)},
    )  # fmt: skip
    return out.stdout.strip() or "none of them"


def main() -> None:
    print("| what | seconds (median of 7, after interpreter start) |\n|---|---:|")
    for label, code in ROWS:
        print(f"| {label} | {seconds(code):.3f} |")
    print("\nheavy packages loaded by `from accountexec import Money`:",
          loaded("from accountexec import Money"))  # fmt: skip
    print("heavy packages loaded by `import accountexec.money` alone:", loaded(ALONE))


if __name__ == "__main__":
    main()
