"""EN 16931 e-invoices: an invoice or credit note as UN/CEFACT CII or UBL 2.1 XML, and back.

The public import path of :mod:`accountexec.commerce.einvoice`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.einvoice import (
    CII_PROFILES,
    UBL_PROFILES,
    CiiProfile,
    Document,
    UblProfile,
    from_cii,
    from_ubl,
    to_cii,
    to_ubl,
)

__all__ = [
    "CII_PROFILES",
    "UBL_PROFILES",
    "CiiProfile",
    "Document",
    "UblProfile",
    "from_cii",
    "from_ubl",
    "to_cii",
    "to_ubl",
]
