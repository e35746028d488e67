"""A collection of opportunities: one value to serialise, load and hand to a dataframe.

The public import path of :mod:`accountexec.pipeline.collection`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.pipeline.collection import (
    Opportunities,
)

__all__ = [
    "Opportunities",
]
