"""The billing arrangements a contract may carry, as one type.

The public import path of :mod:`accountexec.commerce.arrangements`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.arrangements import (
    ARRANGEMENT_TYPES,
    Arrangement,
)

__all__ = [
    "ARRANGEMENT_TYPES",
    "Arrangement",
]
