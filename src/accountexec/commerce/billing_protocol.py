"""How a billing arrangement bills itself: the one protocol :func:`~accountexec.billing.bill` calls.

:func:`~accountexec.billing.bill` knows no arrangement type. For each arrangement of a contract it
asks :meth:`BillingArrangement.takes` which entries (time, expenses, media placements,
acceptances) belong to it, then calls :meth:`BillingArrangement.lines_for` with the days of the
period inside the contract's term, those entries and the arrangement's :class:`ArrangementState`
(what it billed so far). The arrangement answers with an :class:`ArrangementBill`: the
:class:`ArrangementCharge` values to bill, and its state after them. ``bill`` turns each charge
into an invoice line whose :class:`~accountexec.invoice_lines.LineSource` says where it came from.

An arrangement type of your own is any class with ``name``, ``tower``, ``currency`` and
``allows_gaps`` and these two methods; put it in a contract's ``arrangements`` and ``bill`` bills
it like the built-in ones:

>>> import attrs
>>> import pendulum
>>> from accountexec.contracts import Contract
>>> from accountexec.money import Money
>>> @attrs.frozen
... class Hosting:
...     fee: Money
...     name: str = "hosting"
...     tower: str | None = None
...     allows_gaps = False
...     @property
...     def currency(self):
...         return self.fee.currency
...     def takes(self, item):
...         return False
...     def lines_for(self, contract, period, entries, state):
...         charge = ArrangementCharge(kind="fee", description=f"Hosting {period}", quantity=1,
...                         unit_price=self.fee)
...         return ArrangementBill(charges=[charge], state=state.billing(period))
>>> isinstance(Hosting(Money("50.00", "EUR")), BillingArrangement)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import pairwise
from typing import Any, Final, Protocol, runtime_checkable

import attrs
import pendulum

from accountexec._fields import (
    check_text,
    decimal_validator,
    instance_of,
    to_optional_date,
    to_sequence_of,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, money_validator

__all__ = ["ArrangementBill", "ArrangementCharge", "ArrangementState", "BillingArrangement"]

_ZERO: Final = Decimal(0)


def _to_periods(value: Iterable[BillingPeriod]) -> tuple[BillingPeriod, ...]:
    return to_sequence_of("periods", BillingPeriod, value)


def _whole_hours(value: object) -> object:
    """Hours given as an int become a Decimal; anything else is left to the validator."""
    return Decimal(value) if type(value) is int else value


def _billed_on(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "billed_on")


_check_hours = decimal_validator()
_check_open_hours = decimal_validator(minimum=_ZERO)


@attrs.frozen(kw_only=True)
class ArrangementState:
    """What one arrangement of a contract has billed so far, as a value.

    - ``periods``: the days billed, as disjoint stretches in order (adjacent runs merge: billing
      January then February reads ``2026-01-01..2026-02-28``);
    - ``carried_hours``: hours a retainer carries into its next calendar period, a surplus
      (positive) or a deficit (negative);
    - ``open_hours``: hours used so far in a calendar period that is not over yet (a quarterly
      retainer billed monthly);
    - ``billed``: the net amount billed so far (what a cap is counted against), ``None`` before
      the first line;
    - ``billed_on``: the day a milestone was accepted and billed.

    >>> import pendulum
    >>> state = ArrangementState(name="retainer")
    >>> jan = BillingPeriod(pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31))
    >>> feb = BillingPeriod(pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28))
    >>> [str(p) for p in state.billing(jan).billing(feb).periods]
    ['2026-01-01..2026-02-28']
    >>> str(state.billing(jan).billed_through)
    '2026-01-31'
    """

    name: str = attrs.field(validator=check_text)
    periods: tuple[BillingPeriod, ...] = attrs.field(default=(), converter=_to_periods)
    carried_hours: Decimal = attrs.field(
        default=_ZERO, converter=_whole_hours, validator=_check_hours
    )
    open_hours: Decimal = attrs.field(
        default=_ZERO, converter=_whole_hours, validator=_check_open_hours
    )
    billed: Money | None = attrs.field(
        default=None, validator=money_validator(rounded=True, non_negative=True, optional=True)
    )
    billed_on: pendulum.Date | None = attrs.field(default=None, converter=_billed_on)

    def __attrs_post_init__(self) -> None:
        for before, after in pairwise(self.periods):
            if after.start <= before.end.add(days=1):
                raise ValidationError(
                    "periods",
                    [str(p) for p in self.periods],
                    "disjoint, non-adjacent periods in order (adjacent ones merged)",
                )

    @property
    def billed_through(self) -> pendulum.Date | None:
        """The last day billed (``None`` before the first run)."""
        return self.periods[-1].end if self.periods else None

    def overlapping(self, period: BillingPeriod) -> tuple[BillingPeriod, ...]:
        """The periods already billed that share a day with ``period``."""
        return tuple(p for p in self.periods if p.overlaps(period))

    def billing(self, period: BillingPeriod) -> ArrangementState:
        """This state with ``period`` billed too (merged with an adjacent stretch)."""
        if not isinstance(period, BillingPeriod):
            raise ValidationError("period", period, "a BillingPeriod")
        if self.overlapping(period):
            raise ValidationError("period", str(period), f"days not billed yet for {self.name!r}")
        spans = sorted([*self.periods, period], key=lambda p: p.start)
        merged: list[BillingPeriod] = []
        for span in spans:
            if merged and span.start == merged[-1].end.add(days=1):
                merged[-1] = BillingPeriod(merged[-1].start, span.end)
            else:
                merged.append(span)
        return attrs.evolve(self, periods=tuple(merged))


def _to_quantity(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValidationError("quantity", value, "a Decimal or an int")
    quantity = Decimal(value)
    if not quantity.is_finite() or quantity < 0:
        raise ValidationError("quantity", value, "a finite quantity of zero or more")
    return quantity


def _to_optional_period(value: object) -> BillingPeriod | None:
    if value is not None and not isinstance(value, BillingPeriod):
        raise ValidationError("period", value, "None or a BillingPeriod")
    return value


@attrs.frozen(kw_only=True)
class ArrangementCharge:
    """One thing an arrangement bills: ``quantity × unit_price``, described for the client.

    ``kind`` says what it is for (the built-in arrangements use
    :data:`~accountexec.billing.LINE_KINDS`: ``"fee"``, ``"overage"``, ``"time"``, ...);
    ``period`` the days it bills when not the whole run (a milestone's day, one month's overage).

    >>> from accountexec.money import Money
    >>> ArrangementCharge(kind="fee", description="Hosting", quantity=1,
    ...                   unit_price=Money("50.00", "EUR"))
    ArrangementCharge(kind='fee', description='Hosting', quantity=Decimal('1'), ...)
    """

    kind: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)
    quantity: Decimal = attrs.field(converter=_to_quantity)
    unit_price: Money = attrs.field(validator=money_validator(non_negative=True))
    period: BillingPeriod | None = attrs.field(default=None, converter=_to_optional_period)


def _to_charges(value: Iterable[ArrangementCharge]) -> tuple[ArrangementCharge, ...]:
    return to_sequence_of("charges", ArrangementCharge, value)


_check_state = instance_of(ArrangementState, "an ArrangementState")


@attrs.frozen(kw_only=True)
class ArrangementBill:
    """What an arrangement bills for a period: its charges, and its state after them.

    >>> ArrangementBill(charges=[], state=ArrangementState(name="media")).charges
    ()
    """

    charges: tuple[ArrangementCharge, ...] = attrs.field(converter=_to_charges)
    state: ArrangementState = attrs.field(validator=_check_state)


class ContractTerms(Protocol):
    """What an arrangement reads of the contract it bills (a ``Contract`` is one).

    Arrangements depend on this, not on the contract type, so that contracts can hold them.
    """

    @property
    def id(self) -> str:
        """The contract's identifier."""

    @property
    def value(self) -> Money:
        """The contract value (milestone portions are shares of it)."""

    @property
    def start(self) -> pendulum.Date:
        """The first day of the term."""

    @property
    def last_day(self) -> pendulum.Date | None:
        """The last day of the term, or ``None`` while it runs on."""

    @property
    def arrangements(self) -> tuple[Any, ...]:
        """The contract's billing arrangements."""


@runtime_checkable
class BillingArrangement(Protocol):
    """What :func:`~accountexec.billing.bill` needs of an arrangement (see the module's example).

    ``allows_gaps`` says whether a contract may skip periods of it (milestones bill on events, so
    they may; a retainer's fee and hours may not). ``currency`` is ``None`` for an arrangement
    that bills in any currency. Every built-in arrangement implements it:

    >>> from accountexec.money import Money
    >>> from accountexec.retainers import Retainer
    >>> isinstance(Retainer(fee=Money("1000.00", "EUR")), BillingArrangement)
    True
    """

    @property
    def name(self) -> str:
        """The arrangement's name, unique within its contract."""

    @property
    def tower(self) -> str | None:
        """The tower of the contract the arrangement belongs to, if any."""

    @property
    def currency(self) -> Currency | None:
        """The currency its amounts are in (``None``: the contract's)."""

    @property
    def allows_gaps(self) -> bool:
        """Whether periods of it may be left unbilled between runs."""

    def takes(self, item: object) -> bool:
        """Whether ``item`` (a time entry, expense, placement, acceptance...) is billed by it."""

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """The charges for the days ``period`` of ``contract``'s term, and the state after them."""
