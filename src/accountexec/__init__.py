"""accountexec: the domain core of an account executive's work.

Clients and their account teams, briefs, budgets, campaigns, contracts, the opportunity pipeline and
invoicing, as immutable values with exact money, real business time and explicit status workflows.
Pure: no I/O, no clock, no hidden locale.

>>> from accountexec import Money, Rate
>>> fee = Money("100.00", "EUR")
>>> fee.split(3)
(Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR'))
>>> (fee * Rate.percent(15)).round()
Money('15.00', 'EUR')
"""

from __future__ import annotations

from accountexec.accounts import (
    ACCOUNT_WORKFLOW,
    Account,
    AccountStatus,
    AccountTeam,
    Client,
    Contact,
)
from accountexec.activities import (
    Activity,
    ActivityKind,
    ActivityLog,
    RecurringReport,
    ReportCadence,
)
from accountexec.budgets import (
    Budget,
    BudgetLine,
    BudgetWarning,
    ChangeOrder,
    Commitment,
    OverspendPolicy,
    SpendEntry,
)
from accountexec.calendars import WorkCalendar
from accountexec.deadlines import (
    BusinessDays,
    BusinessHours,
    CalendarDays,
    DayOfMonth,
    DeadlineRule,
    EndOfMonth,
    Schedule,
    ScheduledPlan,
    ScheduledTask,
    Task,
)
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
from accountexec.invoices import (
    AgingReport,
    Balance,
    CreditNote,
    Installment,
    Invoice,
    InvoiceLine,
    InvoiceNumbering,
    InvoiceStatus,
    Payment,
    PaymentTerms,
    Tax,
    TermLine,
    aging,
    days_overdue,
    is_overdue,
)
from accountexec.money import Currency, ExchangeRates, Money, Rate
from accountexec.pipeline import (
    Forecast,
    ForecastCategory,
    Opportunity,
    Pipeline,
    PipelineSummary,
    Stage,
    calibration,
    forecast,
    summarise,
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
    "ACCOUNT_WORKFLOW",
    "Account",
    "AccountExecError",
    "AccountStatus",
    "AccountTeam",
    "Activity",
    "ActivityKind",
    "ActivityLog",
    "AgingReport",
    "Balance",
    "Budget",
    "BudgetExceededError",
    "BudgetLine",
    "BudgetWarning",
    "BusinessDays",
    "BusinessHours",
    "CalendarDays",
    "CalendarError",
    "ChangeOrder",
    "Client",
    "Commitment",
    "Contact",
    "CreditNote",
    "Currency",
    "CurrencyMismatchError",
    "DayOfMonth",
    "DeadlineRule",
    "EndOfMonth",
    "ExchangeRates",
    "Forecast",
    "ForecastCategory",
    "Installment",
    "InvalidTransitionError",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumbering",
    "InvoiceStatus",
    "Money",
    "Opportunity",
    "OverspendPolicy",
    "Payment",
    "PaymentError",
    "PaymentTerms",
    "Pipeline",
    "PipelineSummary",
    "Rate",
    "RecurringReport",
    "ReportCadence",
    "Schedule",
    "ScheduleError",
    "ScheduledPlan",
    "ScheduledTask",
    "SpendEntry",
    "Stage",
    "StatusChange",
    "Task",
    "Tax",
    "TermLine",
    "Transition",
    "ValidationError",
    "WorkCalendar",
    "Workflow",
    "aging",
    "allowed_events",
    "apply",
    "calibration",
    "days_overdue",
    "forecast",
    "is_overdue",
    "permitted_events",
    "summarise",
    "workflow_of",
]
