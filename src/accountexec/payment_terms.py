"""Payment terms: when an invoice's money is due, as installments that add up to the total.

The public import path of :mod:`accountexec.commerce.payment_terms`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.payment_terms import (
    AtLeastDaysThenDay,
    Balance,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    DiscountTax,
    EarlyDiscount,
    EarlyDiscountAmounts,
    Installment,
    PaymentTerms,
    Portion,
    TermLine,
    TermsRoll,
)

__all__ = [
    "AtLeastDaysThenDay",
    "Balance",
    "DaysThenDayOfNextMonth",
    "DaysThenEndOfMonth",
    "DiscountTax",
    "EarlyDiscount",
    "EarlyDiscountAmounts",
    "Installment",
    "PaymentTerms",
    "Portion",
    "TermLine",
    "TermsRoll",
]
