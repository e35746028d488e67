"""The parties to an invoice and how they are paid: who sells, who buys, where, into which account.

The public import path of :mod:`accountexec.commerce.parties`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.parties import (
    COUNTRY_CODES,
    EAS_CODES,
    Address,
    BankAccount,
    CardPayment,
    CreditTransfer,
    DirectDebit,
    ElectronicAddress,
    Party,
    PaymentMeans,
)

__all__ = [
    "COUNTRY_CODES",
    "EAS_CODES",
    "Address",
    "BankAccount",
    "CardPayment",
    "CreditTransfer",
    "DirectDebit",
    "ElectronicAddress",
    "Party",
    "PaymentMeans",
]
