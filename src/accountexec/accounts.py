"""Clients, their contacts, the account team, and the account with its status workflow.

The public import path of :mod:`accountexec.clients.accounts`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.accounts import (
    ACCOUNT_WORKFLOW,
    Account,
    AccountStatus,
    AccountTeam,
    Client,
    Contact,
)

__all__ = [
    "ACCOUNT_WORKFLOW",
    "Account",
    "AccountStatus",
    "AccountTeam",
    "Client",
    "Contact",
]
