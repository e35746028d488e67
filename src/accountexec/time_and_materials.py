"""Time and materials: hours at a rate per role, expenses at cost, up to an optional cap.

The public import path of :mod:`accountexec.commerce.time_and_materials`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.time_and_materials import (
    Expense,
    RoleTime,
    TimeAndMaterials,
    TimeAndMaterialsCharge,
    TimeEntry,
)

__all__ = [
    "Expense",
    "RoleTime",
    "TimeAndMaterials",
    "TimeAndMaterialsCharge",
    "TimeEntry",
]
