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

from accountexec.calendars import WorkCalendar
from accountexec.clients.accounts import (
    ACCOUNT_WORKFLOW,
    Account,
    AccountStatus,
    AccountTeam,
    Client,
    Contact,
)
from accountexec.clients.activities import (
    Activity,
    ActivityKind,
    ActivityLog,
    RecurringReport,
    ReportCadence,
)
from accountexec.clients.briefs import BRIEF_WORKFLOW, Brief, BriefStatus, SignOff
from accountexec.clients.budgets import (
    Budget,
    BudgetLine,
    BudgetWarning,
    ChangeOrder,
    Commitment,
    OverspendPolicy,
    SpendEntry,
)
from accountexec.clients.campaigns import (
    CAMPAIGN_WORKFLOW,
    KPI,
    Campaign,
    CampaignRollup,
    CampaignStatus,
    Deliverable,
    DeliverableStatus,
    roi,
    rollup,
)
from accountexec.commerce.allowances import Allowance, Charge, VatBreakdown
from accountexec.commerce.billing import (
    BillingRun,
    BillingState,
    already_billed,
    bill,
    billing_periods,
)
from accountexec.commerce.contracts import (
    CONTRACT_WORKFLOW,
    Contract,
    ContractStatus,
    Renewal,
    RenewalKind,
    Tower,
    renewals_due,
)
from accountexec.commerce.dunning import DunningLevel, DunningPolicy, Reminder, dunning_run
from accountexec.commerce.invoice_lines import InvoiceLine, Tax
from accountexec.commerce.invoices import (
    CreditNote,
    Invoice,
    InvoiceNumbering,
    InvoiceStatus,
    InvoicingPeriod,
    Payment,
)
from accountexec.commerce.late_payment import (
    InterestClaim,
    InterestRegime,
    ReferenceRates,
    late_payment_interest,
)
from accountexec.commerce.ledger import ClientLedger, StatementOfAccount
from accountexec.commerce.media import Markup, MediaCommission, MediaPlacement
from accountexec.commerce.milestones import Acceptance, Milestone
from accountexec.commerce.parties import (
    Address,
    BankAccount,
    CardPayment,
    CreditTransfer,
    DirectDebit,
    ElectronicAddress,
    Party,
)
from accountexec.commerce.payment_terms import (
    AtLeastDaysThenDay,
    Balance,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    EarlyDiscount,
    Installment,
    PaymentTerms,
    TermLine,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.commerce.profit import Cost, ProfitAndLoss, labour_costs
from accountexec.commerce.receivables import AgingReport, aging, days_overdue, is_overdue
from accountexec.commerce.retainers import Retainer
from accountexec.commerce.time_and_materials import Expense, TimeAndMaterials, TimeEntry
from accountexec.commerce.vat import VatCategory
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
from accountexec.money import Currency, ExchangeRates, Money, Rate
from accountexec.pipeline.analytics import calibration
from accountexec.pipeline.forecasting import Forecast, PipelineSummary, forecast, summarise
from accountexec.pipeline.opportunities import ForecastCategory, Opportunity, Pipeline, Stage
from accountexec.reports import (
    AccountHealth,
    ClientReport,
    HealthRating,
    HealthSignal,
    HealthThresholds,
)
from accountexec.serialize import from_dict, to_dict
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

__all__ = [  # noqa: RUF022 - plain sorted() order, so `__all__ == sorted(__all__)`
    "ACCOUNT_WORKFLOW",
    "Acceptance",
    "Account",
    "AccountExecError",
    "AccountHealth",
    "AccountStatus",
    "AccountTeam",
    "Activity",
    "ActivityKind",
    "ActivityLog",
    "Address",
    "AgingReport",
    "Allowance",
    "AtLeastDaysThenDay",
    "BRIEF_WORKFLOW",
    "Balance",
    "BankAccount",
    "BillingPeriod",
    "BillingRun",
    "BillingState",
    "Brief",
    "BriefStatus",
    "Budget",
    "BudgetExceededError",
    "BudgetLine",
    "BudgetWarning",
    "BusinessDays",
    "BusinessHours",
    "CAMPAIGN_WORKFLOW",
    "CONTRACT_WORKFLOW",
    "CalendarDays",
    "CalendarError",
    "Campaign",
    "CampaignRollup",
    "CampaignStatus",
    "CardPayment",
    "ChangeOrder",
    "Charge",
    "Client",
    "ClientLedger",
    "ClientReport",
    "Commitment",
    "Contact",
    "Contract",
    "ContractStatus",
    "Cost",
    "CreditNote",
    "CreditTransfer",
    "Currency",
    "CurrencyMismatchError",
    "DayOfMonth",
    "DaysThenDayOfNextMonth",
    "DaysThenEndOfMonth",
    "DeadlineRule",
    "Deliverable",
    "DeliverableStatus",
    "DirectDebit",
    "DunningLevel",
    "DunningPolicy",
    "EarlyDiscount",
    "ElectronicAddress",
    "EndOfMonth",
    "ExchangeRates",
    "Expense",
    "Forecast",
    "ForecastCategory",
    "HealthRating",
    "HealthSignal",
    "HealthThresholds",
    "Installment",
    "InterestClaim",
    "InterestRegime",
    "InvalidTransitionError",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumbering",
    "InvoiceStatus",
    "InvoicingPeriod",
    "KPI",
    "Markup",
    "MediaCommission",
    "MediaPlacement",
    "Milestone",
    "Money",
    "Opportunity",
    "OverspendPolicy",
    "Party",
    "Payment",
    "PaymentError",
    "PaymentTerms",
    "Pipeline",
    "PipelineSummary",
    "ProfitAndLoss",
    "Rate",
    "RecurringReport",
    "ReferenceRates",
    "Reminder",
    "Renewal",
    "RenewalKind",
    "ReportCadence",
    "Retainer",
    "Schedule",
    "ScheduleError",
    "ScheduledPlan",
    "ScheduledTask",
    "SignOff",
    "SpendEntry",
    "Stage",
    "StatementOfAccount",
    "StatusChange",
    "Task",
    "Tax",
    "TermLine",
    "TimeAndMaterials",
    "TimeEntry",
    "Tower",
    "Transition",
    "ValidationError",
    "VatBreakdown",
    "VatCategory",
    "WorkCalendar",
    "Workflow",
    "aging",
    "allowed_events",
    "already_billed",
    "apply",
    "bill",
    "billing_periods",
    "calibration",
    "days_overdue",
    "dunning_run",
    "forecast",
    "from_dict",
    "is_overdue",
    "labour_costs",
    "late_payment_interest",
    "permitted_events",
    "renewals_due",
    "roi",
    "rollup",
    "summarise",
    "to_dict",
    "workflow_of",
]
