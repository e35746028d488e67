"""VAT categories (UNCL 5305) as EN 16931 uses them, and the reasons that go with exemptions.

The public import path of :mod:`accountexec.commerce.vat`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.vat import (
    VATEX_CODES,
    VatCategory,
    check_vatex_code,
)

__all__ = [
    "VATEX_CODES",
    "VatCategory",
    "check_vatex_code",
]
