"""Statutory late-payment interest: reference rates the caller supplies, regimes, and claims.

The public import path of :mod:`accountexec.commerce.late_payment`.
The code lives there; the design notes describe the package's layers.
"""

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

__all__ = [
    "EU_LATE_PAYMENT",
    "FRANCE_COMMERCIAL",
    "GERMANY_BUSINESS",
    "GERMANY_CONSUMER",
    "UK_LATE_PAYMENT",
    "InterestClaim",
    "InterestFixing",
    "InterestPeriod",
    "InterestRegime",
    "ReferenceRates",
    "late_payment_interest",
]
