"""Optional packages, imported on first use by the few methods that need them.

The core library runs on attrs, pendulum, babel, holidays and cattrs. numpy (the batch methods of
:class:`~accountexec.calendars.WorkCalendar`) and pyarrow (``to_arrow()`` on invoices, forecasts,
aging reports and opportunity collections) come with the ``arrays`` extra. Each is imported here,
the first time such a method runs, never at ``import accountexec``; when it is missing the method
raises :class:`~accountexec.errors.MissingDependencyError` naming the extra to install.

>>> np = numpy("WorkCalendar.add_business_days_many")
>>> np.__name__
'numpy'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from accountexec.errors import MissingDependencyError

__all__ = ["numpy", "pyarrow"]


def _load(package: str, needed_by: str) -> Any:
    try:
        return importlib.import_module(package)
    except ImportError:
        raise MissingDependencyError(package, "arrays", needed_by) from None


def numpy(needed_by: str) -> ModuleType:
    """The ``numpy`` module, or :class:`~accountexec.errors.MissingDependencyError`."""
    module: ModuleType = _load("numpy", needed_by)
    return module


def pyarrow(needed_by: str) -> ModuleType:
    """The ``pyarrow`` module, or :class:`~accountexec.errors.MissingDependencyError`."""
    module: ModuleType = _load("pyarrow", needed_by)
    return module
