"""Field converters and validators shared by the billing arrangement modules (private)."""

from __future__ import annotations

from decimal import Decimal

import pendulum

from accountexec._fields import to_date
from accountexec.errors import ValidationError
from accountexec.money import Money, Rate

__all__ = ["check_money", "check_rate", "on_date", "to_hours", "to_optional_hours"]


def on_date(value: object) -> pendulum.Date:
    """The ``on`` field of a dated input (a date, never a datetime)."""
    return to_date(value, "on")


def check_money(
    field: str, value: object, *, positive: bool = False, rounded: bool = True
) -> Money:
    if not isinstance(value, Money):
        raise ValidationError(field, value, "a Money")
    if rounded and not value.is_rounded:
        raise ValidationError(field, value, "an amount rounded to the currency's minor unit")
    if positive and value.amount <= 0:
        raise ValidationError(field, value, "a positive amount")
    if not positive and value.amount < 0:
        raise ValidationError(field, value, "an amount of zero or more")
    return value


_MAX_HOURS = Decimal(10) ** 9  # beyond any real bill; far larger would overflow hours × rate


def to_hours(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise ValidationError("hours", value, "a Decimal, int or numeric str (never a float)")
    try:
        hours = Decimal(value)
    except ArithmeticError:
        raise ValidationError("hours", value, "a Decimal, int or numeric str") from None
    if not hours.is_finite() or hours < 0 or hours >= _MAX_HOURS:
        raise ValidationError("hours", value, "a finite number of hours, zero to under a billion")
    return hours


def to_optional_hours(value: object) -> Decimal | None:
    return None if value is None else to_hours(value)


def check_rate(field: str, value: object, *, below_one: bool = False) -> None:
    if not isinstance(value, Rate):
        raise ValidationError(field, value, "a Rate")
    if value.value < 0 or (below_one and value.value >= 1):
        raise ValidationError(
            field,
            value,
            "a Rate from 0 up to (not including) 1" if below_one else "a Rate of 0 or more",
        )
