"""Invoice lines and their taxes: what each line and a document of lines amount to.

The public import path of :mod:`accountexec.commerce.invoice_lines`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.invoice_lines import (
    TAX_ROUNDINGS,
    DocumentAmounts,
    InvoiceLine,
    LineAmounts,
    LineSource,
    Tax,
    TaxRounding,
)

__all__ = [
    "TAX_ROUNDINGS",
    "DocumentAmounts",
    "InvoiceLine",
    "LineAmounts",
    "LineSource",
    "Tax",
    "TaxRounding",
]
