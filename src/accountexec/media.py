"""Media commission and markup: what the client is billed, what the agency pays, its margin.

The public import path of :mod:`accountexec.commerce.media`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.media import (
    Markup,
    MarkupCharge,
    MediaCharge,
    MediaCommission,
    MediaPlacement,
)

__all__ = [
    "Markup",
    "MarkupCharge",
    "MediaCharge",
    "MediaCommission",
    "MediaPlacement",
]
