"""Retention: how much of last period's clients and revenue the agency kept, and what renews next.

The public import path of :mod:`accountexec.commerce.retention`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.retention import (
    RenewalRate,
    RetentionFigures,
    UpcomingRenewal,
    invoiced_revenue,
    recurring_revenue,
    renewal_rate,
    renewals_due,
    revenue_retention,
)

__all__ = [
    "RenewalRate",
    "RetentionFigures",
    "UpcomingRenewal",
    "invoiced_revenue",
    "recurring_revenue",
    "renewal_rate",
    "renewals_due",
    "revenue_retention",
]
