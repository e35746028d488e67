"""Receivables: which invoices are overdue, by how many days, and the aging report.

The public import path of :mod:`accountexec.commerce.receivables`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.receivables import (
    AgingReport,
    AgingRow,
    aging,
    days_overdue,
    is_overdue,
)

__all__ = [
    "AgingReport",
    "AgingRow",
    "aging",
    "days_overdue",
    "is_overdue",
]
