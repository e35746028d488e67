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
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, cast

import attrs
import pendulum

from accountexec._fields import check_optional_name, check_text, to_date, to_optional_date
from accountexec.calendars import WorkCalendar
from accountexec.commerce._billing_fields import check_money, on_date
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    ContractTerms,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.deadlines import DeadlineRule
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate

__all__ = ["Acceptance", "Milestone", "milestone_amounts"]


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

    allows_gaps: ClassVar[bool] = True
    """A milestone bills on an event, so runs of other periods may come in any order."""

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
        self.__attrs_init__(name, fixed, portion, due, accepted_on, tower)

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
            return self.due
        return to_date(self.due.due(to_date(start, "start"), calendar), "due")

    # -- billing (see accountexec.commerce.billing_protocol) ----------------------------------

    def takes(self, item: object) -> bool:
        """Whether ``item`` is billed here: the acceptance of this milestone."""
        return isinstance(item, Acceptance) and item.milestone == self.name

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """The milestone's amount, once, in the run whose period holds its acceptance.

        The acceptance comes from ``entries`` (an :class:`Acceptance` passed to ``bill``) or from
        the milestone's own ``accepted_on``; accepting a milestone already billed is refused.
        """
        if len(entries) > 1:
            raise ValidationError("accepted", self.name, "one acceptance per milestone")
        if state.billed_on is not None:
            if entries:
                raise ValidationError(
                    "accepted",
                    self.name,
                    f"a milestone not billed yet ({self.name!r} was accepted and billed "
                    f"on {state.billed_on})",
                )
            return ArrangementBill(charges=(), state=state)
        day = entries[0].on if entries else self.accepted_on
        if day is None or not period.contains(day):
            return ArrangementBill(charges=(), state=state)
        charge = ArrangementCharge(
            kind="milestone",
            description=f"Milestone {self.name} accepted on {day}",
            quantity=1,
            unit_price=milestone_amounts(contract)[self.name],
            period=BillingPeriod(day, day),
        )
        return ArrangementBill(charges=[charge], state=attrs.evolve(state, billed_on=day))


@attrs.frozen
class Acceptance:
    """The client accepted milestone ``milestone`` on ``on``.

    >>> import pendulum
    >>> Acceptance("design", pendulum.date(2026, 3, 2))
    Acceptance(milestone='design', on=Date(2026, 3, 2))
    """

    milestone: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=on_date)


def milestone_amounts(contract: ContractTerms) -> Mapping[str, Money]:
    """The amount of each of the contract's milestones, by name.

    Portions of the contract value are allocated together (:meth:`Money.allocate`, with what no
    milestone claims as the last share), so portions adding up to 100% bill the value exactly.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money, Rate
    >>> thirds = [Milestone(name=n, portion=Rate("0.3333")) for n in ("a", "b", "c")]
    >>> c = Contract(id="C-11", client_id="acme", title="Build", value=Money("100.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), arrangements=thirds)
    >>> dict(milestone_amounts(c))
    {'a': Money('33.33', 'EUR'), 'b': Money('33.33', 'EUR'), 'c': Money('33.33', 'EUR')}
    """
    milestones = [a for a in contract.arrangements if isinstance(a, Milestone)]
    portions = [(m.name, m.portion.value) for m in milestones if m.portion is not None]
    amounts = {m.name: m.amount for m in milestones if m.amount is not None}
    if portions:
        ratios = [ratio for _, ratio in portions]
        claimed = Decimal(0)
        for ratio in ratios:
            claimed = DECIMAL_CONTEXT.add(claimed, ratio)
        rest = DECIMAL_CONTEXT.subtract(Decimal(1), claimed)
        shares = contract.value.allocate([*ratios, rest])
        amounts.update({name: share for (name, _), share in zip(portions, shares, strict=False)})
    return MappingProxyType(amounts)
