"""Budgets: money allotted to a brief, campaign or contract, in lines; planned, committed, actual.

The public import path of :mod:`accountexec.clients.budgets`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.budgets import (
    Budget,
    BudgetLine,
    BudgetWarning,
    ChangeOrder,
    Commitment,
    LineSummary,
    OverspendPolicy,
    PeriodAmount,
    PeriodUnit,
    SpendEntry,
)

__all__ = [
    "Budget",
    "BudgetLine",
    "BudgetWarning",
    "ChangeOrder",
    "Commitment",
    "LineSummary",
    "OverspendPolicy",
    "PeriodAmount",
    "PeriodUnit",
    "SpendEntry",
]
