"""Profit and loss of a contract: revenue invoiced and recognised, costs, margin, forecast.

The public import path of :mod:`accountexec.commerce.profit`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.profit import (
    Cost,
    CostKind,
    ProfitAndLoss,
    TowerResult,
    labour_costs,
)

__all__ = [
    "Cost",
    "CostKind",
    "ProfitAndLoss",
    "TowerResult",
    "labour_costs",
]
