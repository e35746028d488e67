"""The account's activity log: meetings, calls, emails, tasks and reports; what is overdue and
next.

The public import path of :mod:`accountexec.clients.activities`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.activities import (
    CONTACT_KINDS,
    Activity,
    ActivityKind,
    ActivityLog,
    RecurringReport,
    ReportCadence,
)

__all__ = [
    "CONTACT_KINDS",
    "Activity",
    "ActivityKind",
    "ActivityLog",
    "RecurringReport",
    "ReportCadence",
]
