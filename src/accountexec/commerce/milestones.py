"""Milestones: billable events at a fixed amount or a portion of the contract value.

A :class:`Milestone` is billed when the client accepts it (:class:`Acceptance`, or its own
``accepted_on``); :func:`~accountexec.contracts.milestone_amounts` turns the portions of one
contract into amounts that add up to its value exactly.

>>> import pendulum
>>> from accountexec.money import Money, Rate
>>> m = Milestone("design", Rate.percent(30), pendulum.date(2026, 3, 2))
>>> m.portion, m.due_on(pendulum.date(2026, 1, 1))
(Rate('0.30'), Date(2026, 3, 2))

Every name here is also importable from :mod:`accountexec.billing`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, cast

import attrs
import pendulum

from accountexec._fields import check_optional_name, check_text, to_date, to_optional_date
from accountexec.calendars import WorkCalendar
from accountexec.commerce._billing_fields import check_money, on_date
from accountexec.deadlines import DeadlineRule
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, Rate

__all__ = ["Acceptance", "Milestone"]


def _accepted_date(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "accepted_on")


def _to_due(value: object) -> pendulum.Date | DeadlineRule | None:
    """A milestone's ``due``: ``None``, a deadline rule, or a date (a datetime is refused)."""
    if value is None or isinstance(value, DeadlineRule):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return to_date(value, "due")
    raise ValidationError("due", value, "a date, a deadline rule or None")


@attrs.frozen(init=False)
class Milestone:
    """A billable event: a fixed ``amount`` or a ``portion`` of the contract value.

    A milestone is billed on acceptance. Positionally it reads as the billing schedule writes it,
    ``Milestone(name, amount or portion, due, accepted_on)``: a :class:`~accountexec.money.Rate`
    given as the second argument is the portion (``portion=`` names it too).

    ``due`` is when it is planned: a date, or a deadline rule counted from the contract's start
    (``BusinessDays(20)``); ``accepted_on`` the day the client accepted it, when known (acceptances
    can also be passed to :func:`bill`). Portions of one contract are turned into amounts together
    with :meth:`Money.allocate`, so portions that add up to 100% bill the contract value exactly.

    >>> from accountexec.money import Money, Rate
    >>> Milestone(name="design", portion=Rate.percent(30)).portion
    Rate('0.30')
    >>> from accountexec.deadlines import BusinessDays
    >>> Milestone("design", Rate.percent(30), BusinessDays(20))
    Milestone(name='design', amount=None, portion=Rate('0.30'), due=BusinessDays(n=20), ...)
    >>> Milestone(name="launch", amount=Money("5000.00", "EUR"), portion=Rate.percent(10))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'portion': Rate('0.10'); expected ...
    """

    name: str = attrs.field(validator=check_text)
    amount: Money | None = attrs.field(default=None)
    portion: Rate | None = attrs.field(default=None)
    due: pendulum.Date | DeadlineRule | None = attrs.field(default=None, converter=_to_due)
    accepted_on: pendulum.Date | None = attrs.field(default=None, converter=_accepted_date)
    tower: str | None = attrs.field(default=None, validator=check_optional_name)

    def __init__(
        self,
        name: str,
        amount: Money | Rate | None = None,
        due: _dt.date | DeadlineRule | None = None,
        accepted_on: _dt.date | None = None,
        *,
        portion: Rate | None = None,
        tower: str | None = None,
    ) -> None:
        fixed: Money | None = None
        if isinstance(amount, Rate) and portion is None:
            portion = amount
        else:
            fixed = cast("Money | None", amount)
        self.__attrs_init__(name, fixed, portion, cast("Any", due), accepted_on, tower)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check_money("amount", value, positive=True)

    @portion.validator
    def _check_portion(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if (value is None) == (self.amount is None):
            raise ValidationError(
                "portion", value, "exactly one of amount (a Money) and portion (a Rate)"
            )
        if value is not None and (not isinstance(value, Rate) or not 0 < value.value <= 1):
            raise ValidationError("portion", value, "a Rate above 0 and at most 1 (100%)")

    @property
    def currency(self) -> Currency | None:
        """The currency of a fixed amount (``None`` for a portion)."""
        return None if self.amount is None else self.amount.currency

    def due_on(self, start: _dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date | None:
        """The planned date: ``due`` itself, or the rule counted from ``start`` (the contract's).

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> m = Milestone(name="go-live", amount=Money("1.00", "EUR"),
        ...               due=pendulum.date(2026, 6, 1))
        >>> m.due_on(pendulum.date(2026, 1, 1))
        Date(2026, 6, 1)
        """
        if self.due is None:
            return None
        if isinstance(self.due, _dt.date):
            return to_date(self.due, "due")
        return to_date(self.due.due(to_date(start, "start"), calendar), "due")


@attrs.frozen
class Acceptance:
    """The client accepted milestone ``milestone`` on ``on``.

    >>> import pendulum
    >>> Acceptance("design", pendulum.date(2026, 3, 2))
    Acceptance(milestone='design', on=Date(2026, 3, 2))
    """

    milestone: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=on_date)
