"""Document-level allowances and charges, and the VAT breakdown EN 16931 asks of an invoice.

The public import path of :mod:`accountexec.commerce.allowances`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.allowances import (
    Allowance,
    Charge,
    VatBreakdown,
    document_amounts,
    vat_breakdown,
)

__all__ = [
    "Allowance",
    "Charge",
    "VatBreakdown",
    "document_amounts",
    "vat_breakdown",
]
