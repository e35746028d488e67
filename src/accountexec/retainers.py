"""Retainers: a fixed fee per calendar period, prorated by day, with an allowance of hours.

The public import path of :mod:`accountexec.commerce.retainers`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.retainers import (
    BillingPeriod,
    CarryOver,
    Every,
    Proration,
    Retainer,
    RetainerHours,
    RetainerSegment,
    calendar_period,
    calendar_periods,
)

__all__ = [
    "BillingPeriod",
    "CarryOver",
    "Every",
    "Proration",
    "Retainer",
    "RetainerHours",
    "RetainerSegment",
    "calendar_period",
    "calendar_periods",
]
