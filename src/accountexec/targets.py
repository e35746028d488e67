"""Sales targets and attainment: what each owner (or team) must win in a period, and where it
stands.

The public import path of :mod:`accountexec.pipeline.targets`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.pipeline.targets import (
    ATTAINMENT_GROUPING,
    COVERAGE_RULE_OF_THUMB,
    Attainment,
    AttainmentRow,
    SalesTarget,
    attainment,
    attainment_summary,
)

__all__ = [
    "ATTAINMENT_GROUPING",
    "COVERAGE_RULE_OF_THUMB",
    "Attainment",
    "AttainmentRow",
    "SalesTarget",
    "attainment",
    "attainment_summary",
]
