"""Dunning: which payment reminders are due today, at which level, with which fee.

The public import path of :mod:`accountexec.commerce.dunning`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.dunning import (
    DunningLevel,
    DunningPolicy,
    DunningRun,
    Reminder,
    dunning_run,
)

__all__ = [
    "DunningLevel",
    "DunningPolicy",
    "DunningRun",
    "Reminder",
    "dunning_run",
]
