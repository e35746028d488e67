"""Milestones: billable events at a fixed amount or a portion of the contract value.

The public import path of :mod:`accountexec.commerce.milestones`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.milestones import (
    Acceptance,
    Milestone,
    milestone_amounts,
)

__all__ = [
    "Acceptance",
    "Milestone",
    "milestone_amounts",
]
