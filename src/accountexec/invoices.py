"""Invoices: their workflow, payments, credit notes and invoice numbers.

The public import path of :mod:`accountexec.commerce.invoices`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.invoices import (
    INVOICE_WORKFLOW,
    TAX_ROUNDINGS,
    AppliedPayment,
    Balance,
    CreditNote,
    DocumentAmounts,
    Installment,
    Invoice,
    InvoiceLine,
    InvoiceNumbering,
    InvoiceStatus,
    InvoicingPeriod,
    LineAmounts,
    LineSource,
    Payment,
    PaymentTerms,
    Tax,
    TaxRounding,
    TermLine,
)
from accountexec.commerce.receivables import (
    AgingReport,
    AgingRow,
    aging,
    days_overdue,
    is_overdue,
)

__all__ = [
    "INVOICE_WORKFLOW",
    "TAX_ROUNDINGS",
    "AgingReport",
    "AgingRow",
    "AppliedPayment",
    "Balance",
    "CreditNote",
    "DocumentAmounts",
    "Installment",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumbering",
    "InvoiceStatus",
    "InvoicingPeriod",
    "LineAmounts",
    "LineSource",
    "Payment",
    "PaymentTerms",
    "Tax",
    "TaxRounding",
    "TermLine",
    "aging",
    "days_overdue",
    "is_overdue",
]
