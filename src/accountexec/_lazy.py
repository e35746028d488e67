"""Heavy third-party packages, imported when first used rather than when accountexec is imported.

``holidays`` (country calendars, ~0.15 s to import), ``babel`` (locale data, ~0.06 s) are needed
by a few functions each, not by ``import accountexec``. A module that uses one declares it once,
at module level, with the real import under ``TYPE_CHECKING`` for mypy and IDEs::

    if TYPE_CHECKING:
        import holidays as _holidays
    else:
        _holidays = _lazy.module("holidays")

and then writes ``_holidays.country_holidays(...)`` as usual. The first attribute read imports the
package (a submodule such as ``babel.numbers`` when the package does not import it itself), and
the attribute is kept on the stand-in, so later reads cost a plain attribute look-up. This is for
load time only, never to break an import cycle.

>>> numbers = module("babel").numbers
>>> numbers.get_currency_precision("JPY")
0
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["LazyModule", "module"]


class LazyModule:
    """A stand-in for a module that imports it on the first attribute read."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attribute: str) -> Any:
        package = importlib.import_module(self.__name)
        try:
            value = getattr(package, attribute)
        except AttributeError:
            value = importlib.import_module(f"{self.__name}.{attribute}")
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<module {self.__name!r}, imported on first use>"


def module(name: str) -> Any:
    """A :class:`LazyModule` for ``name``."""
    return LazyModule(name)
