"""Client issues and service levels: a complaint or a problem, and the clock it runs against.

The public import path of :mod:`accountexec.clients.cases`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.cases import (
    ISSUE_WORKFLOW,
    ClientIssue,
    Escalation,
    IssueStatus,
    Severity,
    SlaClock,
    SlaPolicy,
    SlaState,
    SlaStatus,
    business_time_between,
    escalation,
    sla_status,
)

__all__ = [
    "ISSUE_WORKFLOW",
    "ClientIssue",
    "Escalation",
    "IssueStatus",
    "Severity",
    "SlaClock",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "business_time_between",
    "escalation",
    "sla_status",
]
