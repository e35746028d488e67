"""A client's account: invoices, payments, credit notes, refunds, write-offs and unapplied credit.

The public import path of :mod:`accountexec.commerce.ledger`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.ledger import (
    ClientLedger,
    CreditApplication,
    LedgerFigures,
    Refund,
    StatementKind,
    StatementLine,
    StatementOfAccount,
)

__all__ = [
    "ClientLedger",
    "CreditApplication",
    "LedgerFigures",
    "Refund",
    "StatementKind",
    "StatementLine",
    "StatementOfAccount",
]
