"""accountexec: the domain core of an account executive's work.

Clients and their account teams, briefs, budgets, campaigns, contracts, the opportunity pipeline and
invoicing, as immutable values with exact money, real business time and explicit status workflows.
Pure: no I/O, no clock, no hidden locale.

>>> import accountexec
>>> accountexec.AccountExecError.__name__
'AccountExecError'
"""

from __future__ import annotations

from accountexec.errors import (
    AccountExecError,
    BudgetExceededError,
    CalendarError,
    CurrencyMismatchError,
    InvalidTransitionError,
    PaymentError,
    ScheduleError,
    ValidationError,
)
from accountexec.workflow import (
    StatusChange,
    Transition,
    Workflow,
    allowed_events,
    apply,
    permitted_events,
    workflow_of,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "AccountExecError",
    "BudgetExceededError",
    "CalendarError",
    "CurrencyMismatchError",
    "InvalidTransitionError",
    "PaymentError",
    "ScheduleError",
    "StatusChange",
    "Transition",
    "ValidationError",
    "Workflow",
    "allowed_events",
    "apply",
    "permitted_events",
    "workflow_of",
]
