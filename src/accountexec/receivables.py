"""Receivables: which invoices are overdue, by how many days, and the aging report.

The public import path of :mod:`accountexec.commerce.receivables`.
The code lives there; the design notes describe the package's layers.
It also re-exports the client ledger (:mod:`accountexec.ledger`), dunning
(:mod:`accountexec.dunning`), statutory late-payment interest (:mod:`accountexec.late_payment`)
and the early-discount and compound due-date terms (:mod:`accountexec.payment_terms`), so the
whole of receivables imports from one place.
"""

from accountexec.commerce.dunning import (
    DunningLevel,
    DunningPolicy,
    DunningRun,
    Reminder,
    dunning_run,
)
from accountexec.commerce.late_payment import (
    EU_LATE_PAYMENT,
    FRANCE_COMMERCIAL,
    GERMANY_BUSINESS,
    GERMANY_CONSUMER,
    UK_LATE_PAYMENT,
    InterestClaim,
    InterestFixing,
    InterestPeriod,
    InterestRegime,
    ReferenceRates,
    late_payment_interest,
)
from accountexec.commerce.ledger import (
    ClientLedger,
    CreditApplication,
    LedgerFigures,
    Refund,
    StatementKind,
    StatementLine,
    StatementOfAccount,
)
from accountexec.commerce.payment_terms import (
    AtLeastDaysThenDay,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    DiscountTax,
    EarlyDiscount,
    EarlyDiscountAmounts,
)
from accountexec.commerce.receivables import (
    AgingReport,
    AgingRow,
    aging,
    days_overdue,
    is_overdue,
)

__all__ = [
    "EU_LATE_PAYMENT",
    "FRANCE_COMMERCIAL",
    "GERMANY_BUSINESS",
    "GERMANY_CONSUMER",
    "UK_LATE_PAYMENT",
    "AgingReport",
    "AgingRow",
    "AtLeastDaysThenDay",
    "ClientLedger",
    "CreditApplication",
    "DaysThenDayOfNextMonth",
    "DaysThenEndOfMonth",
    "DiscountTax",
    "DunningLevel",
    "DunningPolicy",
    "DunningRun",
    "EarlyDiscount",
    "EarlyDiscountAmounts",
    "InterestClaim",
    "InterestFixing",
    "InterestPeriod",
    "InterestRegime",
    "LedgerFigures",
    "ReferenceRates",
    "Refund",
    "Reminder",
    "StatementKind",
    "StatementLine",
    "StatementOfAccount",
    "aging",
    "days_overdue",
    "dunning_run",
    "is_overdue",
    "late_payment_interest",
]
