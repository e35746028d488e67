"""Contracts: parties, value, term, towers, renewal and notice, billing arrangements, life cycle.

The public import path of :mod:`accountexec.commerce.contracts`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.contracts import (
    CONTRACT_WORKFLOW,
    Amendment,
    Contract,
    ContractStatus,
    Invoicing,
    Renewal,
    RenewalKind,
    Termination,
    Tower,
    milestone_amounts,
    renewals_due,
    term_end,
)

__all__ = [
    "CONTRACT_WORKFLOW",
    "Amendment",
    "Contract",
    "ContractStatus",
    "Invoicing",
    "Renewal",
    "RenewalKind",
    "Termination",
    "Tower",
    "milestone_amounts",
    "renewals_due",
    "term_end",
]
