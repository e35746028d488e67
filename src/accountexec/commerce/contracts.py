"""Contracts: parties, value, term, towers, renewal and notice, billing arrangements, life cycle.

A :class:`Contract` is a value. Its status moves through :data:`CONTRACT_WORKFLOW`:

draft → in_negotiation → signed → active → (expired | terminated | renewed), with
in_negotiation → draft for redlines. A draft is edited freely (:meth:`Contract.edit`); once signed a
contract is never edited in place but *amended*: :meth:`Contract.amend` returns the next version
with the reason recorded.

**Term.** A contract runs from ``start`` for ``term_months`` months, or to an explicit ``end``, or
open-ended (neither). A term of *n* months ends the day before its anniversary: the anniversary of
``start`` is the same day number *n* months later, or, when that month is too short, the first day
of the following month (so 31 January + 1 month runs to 28 February and the next term starts on
1 March; no day is skipped or counted twice). See :func:`term_end`.

**Notice** (DOMAIN.md, "Contracts"). A renewing contract renews unless notice is given at least the
notice period before the end date; :meth:`Contract.notice_deadline` is the last day to give it,
always strictly before the end.

>>> import pendulum
>>> from accountexec.money import Money
>>> contract = Contract(
...     id="C-1", client_id="acme", title="Managed services", value=Money("1200000.00", "EUR"),
...     start=pendulum.date(2026, 1, 1), term_months=12, signatories=["acme: cfo", "us: ceo"],
...     renewal=Renewal(kind="automatic", notice_days=90),
... )
>>> contract.end, contract.notice_deadline()
(Date(2026, 12, 31), Date(2026, 10, 2))
>>> at = pendulum.datetime(2025, 12, 1, 10, tz="Europe/Paris")
>>> signed = contract.negotiate(at=at).sign(at=at)
>>> signed.status_on(pendulum.date(2025, 12, 15)), signed.status_on(pendulum.date(2026, 6, 1))
(<ContractStatus.SIGNED: 'signed'>, <ContractStatus.ACTIVE: 'active'>)
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_count,
    check_text,
    instance_of,
    require_aware,
    to_aware_datetime,
    to_date,
    to_enum,
    to_sequence,
    to_sequence_of,
)
from accountexec.calendars import WorkCalendar
from accountexec.commerce.arrangements import Arrangement
from accountexec.commerce.billing_protocol import BillingArrangement
from accountexec.commerce.invoices import PaymentTerms, Tax
from accountexec.commerce.milestones import Milestone, milestone_amounts
from accountexec.deadlines import BusinessDays, CalendarDays
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money
from accountexec.workflow import StatusChange, Transition, Workflow, apply

__all__ = [
    "CONTRACT_WORKFLOW",
    "Amendment",
    "Contract",
    "ContractStatus",
    "Invoicing",
    "Renewal",
    "RenewalKind",
    "Termination",
    "Tower",
    "milestone_amounts",
    "renewals_due",
    "term_end",
]

Invoicing = Literal["grouped", "per_arrangement"]
"""How :func:`~accountexec.billing.bill` groups a period: one invoice, or one per arrangement."""

_RESERVED: Final = frozenset("|[]")


class ContractStatus(StrEnum):
    """Where a contract is in its life cycle.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-1", client_id="acme", title="Retainer", value=Money("1.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"])
    >>> at = pendulum.datetime(2026, 1, 1, tz="UTC")
    >>> c.status, c.negotiate(at=at).sign(at=at).status
    (<ContractStatus.DRAFT: 'draft'>, <ContractStatus.SIGNED: 'signed'>)
    """

    DRAFT = "draft"
    IN_NEGOTIATION = "in_negotiation"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    RENEWED = "renewed"


class RenewalKind(StrEnum):
    """Whether a contract renews: not at all, by a new agreement, or by itself unless notice.

    >>> Renewal(kind="automatic", notice_days=90).kind
    <RenewalKind.AUTOMATIC: 'automatic'>
    >>> [kind.value for kind in RenewalKind]
    ['none', 'manual', 'automatic']
    """

    NONE = "none"
    MANUAL = "manual"
    AUTOMATIC = "automatic"


# ------------------------------------------------------------------------------------ helpers


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _optional_end(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, "end")


def _effective_date(value: object) -> pendulum.Date:
    return to_date(value, "effective")


def _check_tag_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_text(instance, attribute, value)
    if isinstance(value, str) and _RESERVED & set(value):
        raise ValidationError(attribute.name, value, "text without '|', '[' or ']'")


def _to_status(value: object) -> ContractStatus:
    return to_enum(ContractStatus, value, "status")


def _to_kind(value: object) -> RenewalKind:
    return to_enum(RenewalKind, value, "kind")


def _check_count(field: str, value: object, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValidationError(field, value, f"an int of at least {minimum}")


def _to_towers(value: Iterable[Tower]) -> tuple[Tower, ...]:
    return to_sequence("towers", value)


def _to_signatories(value: Iterable[str]) -> tuple[str, ...]:
    return to_sequence("signatories", value)


def _to_arrangements(value: Iterable[Arrangement]) -> tuple[Arrangement, ...]:
    return to_sequence("arrangements", value)


def _to_taxes(value: Iterable[Tax]) -> tuple[Tax, ...]:
    return to_sequence("taxes", value)


def _to_amendments(value: Iterable[Amendment]) -> tuple[Amendment, ...]:
    return to_sequence("amendments", value)


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


def term_end(start: _dt.date, months: int) -> pendulum.Date:
    """The last day of a term of ``months`` months from ``start``: the day before its anniversary.

    The anniversary is the same day number ``months`` later or, when that month has no such day,
    the first of the month after. Terms chained this way are contiguous.

    >>> import pendulum
    >>> term_end(pendulum.date(2026, 1, 1), 12)
    Date(2026, 12, 31)
    >>> term_end(pendulum.date(2026, 1, 9), 1), term_end(pendulum.date(2026, 1, 31), 1)
    (Date(2026, 2, 8), Date(2026, 2, 28))
    >>> term_end(pendulum.date(2024, 2, 29), 12)
    Date(2025, 2, 28)
    """
    begin = to_date(start, "start")
    return _term_end(begin, months, "months")


def _term_end(begin: pendulum.Date, months: int, field: str) -> pendulum.Date:
    _check_count(field, months, 1)
    index = begin.year * 12 + begin.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if year > _dt.MAXYEAR:
        raise ValidationError(field, months, f"a term ending by the year {_dt.MAXYEAR}")
    length = _calendar.monthrange(year, month)[1]
    if begin.day > length:
        return pendulum.Date(year, month, length)
    return pendulum.Date(year, month, begin.day).subtract(days=1)


# ------------------------------------------------------------------------------- parts


@attrs.frozen
class Tower:
    """A service area of an IT contract, with its account manager and annual value.

    >>> from accountexec.money import Money
    >>> Tower("infrastructure", "ana", Money("400000.00", "EUR")).manager
    'ana'
    """

    name: str = attrs.field(validator=_check_tag_text)
    manager: str = attrs.field(validator=check_text)
    annual_value: Money = attrs.field()

    @annual_value.validator
    def _check_value(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Money) or value.amount < 0 or not value.is_rounded:
            raise ValidationError("annual_value", value, "a rounded Money of zero or more")


@attrs.frozen(kw_only=True)
class Renewal:
    """How a contract renews: ``kind``, the renewal term, and the notice period.

    ``term_months`` defaults to the contract's own term. ``notice_days`` (at least 1) counts
    calendar days, or business days on a calendar when ``notice_in_business_days``.

    >>> Renewal(kind="automatic", term_months=12, notice_days=60)
    Renewal(kind=<RenewalKind.AUTOMATIC: 'automatic'>, term_months=12, notice_days=60, ...)
    """

    kind: RenewalKind = attrs.field(default=RenewalKind.NONE, converter=_to_kind)
    term_months: int | None = attrs.field(default=None)
    notice_days: int = attrs.field(default=30)
    notice_in_business_days: bool = attrs.field(default=False)

    @term_months.validator
    def _check_term(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _check_count("term_months", value, 1)

    @notice_days.validator
    def _check_notice(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_count("notice_days", value, 1)

    @notice_in_business_days.validator
    def _check_flag(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("notice_in_business_days", value, "True or False")


def _to_at(value: object) -> _dt.datetime:
    return to_aware_datetime(value, "at")


def _to_changed(value: Iterable[str]) -> tuple[str, ...]:
    return to_sequence_of("changed", str, value)


@attrs.frozen(kw_only=True)
class Amendment:
    """A recorded change: the version it created, why, when, and which fields changed.

    Recorded by :meth:`Contract.amend`.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-2", client_id="acme", title="Ops", value=Money("100.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"])
    >>> at = pendulum.datetime(2026, 2, 1, tz="UTC")
    >>> v2 = c.negotiate(at=at).sign(at=at).amend(reason="more hours", at=at,
    ...                                           value=Money("120.00", "EUR"))
    >>> v2.amendments
    (Amendment(version=2, reason='more hours', at=DateTime(2026, 2, 1, ...), changed=('value',)),)
    """

    version: int = attrs.field(validator=check_count)
    reason: str = attrs.field(validator=check_text)
    at: _dt.datetime = attrs.field(converter=_to_at)
    changed: tuple[str, ...] = attrs.field(converter=_to_changed)


@attrs.frozen(kw_only=True)
class Termination:
    """Why a contract was terminated, and ``effective``: the last day it runs.

    Recorded by :meth:`Contract.terminate`.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-3", client_id="acme", title="Pilot", value=Money("1.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"])
    >>> at = pendulum.datetime(2026, 1, 1, tz="UTC")
    >>> live = c.negotiate(at=at).sign(at=at).activate(at=at)
    >>> live.terminate(at=at, reason="merger", effective=pendulum.date(2026, 6, 30)).termination
    Termination(reason='merger', effective=Date(2026, 6, 30))
    """

    reason: str = attrs.field(validator=check_text)
    effective: pendulum.Date = attrs.field(converter=_effective_date)


# ------------------------------------------------------------------------------- workflow


def _can_sign(contract: Contract, **context: Any) -> str | None:
    if not contract.signatories:
        return "a contract needs at least one signatory to be signed"
    return None


def _can_activate(contract: Contract, **context: Any) -> str | None:
    on = context.get("on")
    if on is not None and on < contract.start:
        return f"it starts on {contract.start}, after {on}"
    return None


def _can_expire(contract: Contract, **context: Any) -> str | None:
    if contract.end is None:
        return "an open-ended contract does not expire; terminate it"
    on = context.get("on")
    if on is not None and on <= contract.end:
        return f"it runs until {contract.end}, not over on {on}"
    return None


def _can_terminate(contract: Contract, **context: Any) -> str | None:
    reason = context.get("reason")
    effective = context.get("effective")
    if not isinstance(reason, str) or not reason.strip():
        return "terminating needs a reason"
    if effective is None:
        return "terminating needs an effective date"
    if effective < contract.start.subtract(days=1) or (
        contract.end is not None and effective > contract.end
    ):
        return (
            f"the effective date {effective} is outside the term ({contract.start}..{contract.end})"
        )
    return None


def _can_renew(contract: Contract, **context: Any) -> str | None:
    if contract.renewal.kind is RenewalKind.NONE:
        return "the contract has no renewal clause"
    return None


def _can_auto_sign(contract: Contract, **context: Any) -> str | None:
    if contract.predecessor_id is None:
        return "only the successor of an automatically renewed contract signs itself"
    return None


_S = ContractStatus

CONTRACT_WORKFLOW: Final = Workflow(
    name="contract",
    states=ContractStatus,
    initial=_S.DRAFT,
    terminal=[_S.EXPIRED, _S.TERMINATED, _S.RENEWED],
    transitions=[
        Transition("negotiate", _S.DRAFT, _S.IN_NEGOTIATION),
        Transition("redline", _S.IN_NEGOTIATION, _S.DRAFT),
        Transition("sign", _S.IN_NEGOTIATION, _S.SIGNED, guard=_can_sign),
        Transition("renew_automatically", _S.DRAFT, _S.SIGNED, guard=_can_auto_sign),
        Transition("activate", _S.SIGNED, _S.ACTIVE, guard=_can_activate),
        Transition("expire", _S.ACTIVE, _S.EXPIRED, guard=_can_expire),
        Transition("terminate", [_S.SIGNED, _S.ACTIVE], _S.TERMINATED, guard=_can_terminate),
        Transition("renew", _S.ACTIVE, _S.RENEWED, guard=_can_renew),
    ],
)
"""The contract life cycle; ``renew_automatically`` signs the successor of an automatic renewal."""

_EDITABLE: Final = frozenset({_S.DRAFT, _S.IN_NEGOTIATION})
_BOOKKEEPING: Final = frozenset(
    {"id", "status", "history", "version", "amendments", "predecessor_id", "termination"}
)


def _default_terms() -> PaymentTerms:
    return PaymentTerms.net(30)


def _check_invoicing(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in get_args(Invoicing):
        raise ValidationError("invoicing", value, "'grouped' or 'per_arrangement'")


def _derive_end(contract: Contract) -> pendulum.Date | None:
    if contract.term_months is None:
        return None
    return _term_end(contract.start, contract.term_months, "term_months")


@attrs.frozen(kw_only=True)
class Contract:
    """An agreement with a client: value, term, towers, renewal, billing arrangements and status.

    ``term_months`` gives ``end`` by :func:`term_end`; an explicit ``end`` must agree with it (or
    stand alone). ``arrangements`` are the billing arrangements of :mod:`accountexec.billing`, each
    with a name unique in the contract; ``invoicing`` says whether :func:`~accountexec.billing.bill`
    makes one invoice per period (``"grouped"``) or one per arrangement. ``payment_terms``
    default to net 30; ``taxes`` apply to every invoice line. Amounts are in ``value``'s currency.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-2", client_id="acme", title="Retainer", value=Money("60000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=12)
    >>> c.end, c.status, c.version
    (Date(2027, 1, 8), <ContractStatus.DRAFT: 'draft'>, 1)
    >>> c.edit(title="Agency retainer").title
    'Agency retainer'
    """

    workflow: ClassVar[Workflow] = CONTRACT_WORKFLOW

    id: str = attrs.field(validator=_check_tag_text)
    client_id: str = attrs.field(validator=check_text)
    title: str = attrs.field(validator=check_text)
    value: Money = attrs.field()
    start: pendulum.Date = attrs.field(converter=_start_date)
    term_months: int | None = attrs.field(default=None)
    end: pendulum.Date | None = attrs.field(
        default=attrs.Factory(_derive_end, takes_self=True), converter=_optional_end
    )
    towers: tuple[Tower, ...] = attrs.field(default=(), converter=_to_towers)
    renewal: Renewal = attrs.field(
        factory=Renewal, validator=instance_of(Renewal, "a Renewal clause")
    )
    signatories: tuple[str, ...] = attrs.field(default=(), converter=_to_signatories)
    arrangements: tuple[Arrangement, ...] = attrs.field(default=(), converter=_to_arrangements)
    invoicing: Invoicing = attrs.field(default="grouped", validator=_check_invoicing)
    payment_terms: PaymentTerms = attrs.field(factory=_default_terms)
    taxes: tuple[Tax, ...] = attrs.field(default=(), converter=_to_taxes)
    version: int = attrs.field(default=1)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=_to_amendments)
    predecessor_id: str | None = attrs.field(default=None)
    termination: Termination | None = attrs.field(default=None)
    status: ContractStatus = attrs.field(default=ContractStatus.DRAFT, converter=_to_status)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.value, Money) or self.value.amount < 0 or not self.value.is_rounded:
            raise ValidationError("value", self.value, "a rounded Money of zero or more")
        if self.term_months is not None:
            derived = _term_end(self.start, self.term_months, "term_months")
            if self.end != derived:
                raise ValidationError(
                    "end", self.end, f"{derived} ({self.term_months} months from {self.start})"
                )
        if self.end is not None and self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")
        _check_count("version", self.version, 1)
        self._check_parts()
        if self.renewal.kind is not RenewalKind.NONE:
            if self.end is None:
                raise ValidationError(
                    "renewal", self.renewal, "no renewal for an open-ended contract (no end date)"
                )
            if self.renewal.term_months is None and self.term_months is None:
                raise ValidationError(
                    "renewal", self.renewal, "a renewal term_months (the contract has no term)"
                )
        if self.termination is not None:
            if not isinstance(self.termination, Termination):
                raise ValidationError("termination", self.termination, "a Termination or None")
            if self.status is not ContractStatus.TERMINATED:
                raise ValidationError(
                    "termination", self.termination, "None unless the contract is terminated"
                )
        CONTRACT_WORKFLOW.check(self)

    def _check_parts(self) -> None:
        currency = self.value.currency
        names = set()
        for tower in self.towers:
            if not isinstance(tower, Tower):
                raise ValidationError("towers", tower, "Tower values")
            if tower.annual_value.currency != currency:
                raise ValidationError("towers", tower, f"annual values in {currency.code}")
            names.add(tower.name)
        if len(names) != len(self.towers):
            raise ValidationError("towers", self.towers, "towers with distinct names")
        for person in self.signatories:
            if not isinstance(person, str) or not person.strip():
                raise ValidationError("signatories", person, "non-empty names")
        arrangement_names = set()
        portions = []
        for arrangement in self.arrangements:
            if not isinstance(arrangement, BillingArrangement):
                raise ValidationError(
                    "arrangements",
                    arrangement,
                    "Retainer, Milestone, TimeAndMaterials, MediaCommission or Markup values "
                    "(or values of a type that implements BillingArrangement)",
                )
            if _RESERVED & set(arrangement.name):
                raise ValidationError(
                    "arrangements", arrangement.name, "names without '|', '[' or ']'"
                )
            own = arrangement.currency
            if own is not None and own != currency:
                raise ValidationError("arrangements", arrangement, f"amounts in {currency.code}")
            if arrangement.tower is not None and arrangement.tower not in names:
                raise ValidationError(
                    "arrangements",
                    arrangement.tower,
                    f"one of the contract's towers {sorted(names)}",
                )
            arrangement_names.add(arrangement.name)
            if isinstance(arrangement, Milestone) and arrangement.portion is not None:
                portions.append(arrangement.portion.value)
        if len(arrangement_names) != len(self.arrangements):
            raise ValidationError(
                "arrangements", sorted(a.name for a in self.arrangements), "distinct names"
            )
        claimed = Decimal(0)
        for portion in portions:
            claimed = DECIMAL_CONTEXT.add(claimed, portion)
        if claimed > 1:
            raise ValidationError(
                "arrangements", portions, "milestone portions adding up to 100% at most"
            )
        for tax in self.taxes:
            if not isinstance(tax, Tax):
                raise ValidationError("taxes", tax, "Tax values")
        if not isinstance(self.payment_terms, PaymentTerms):
            raise ValidationError("payment_terms", self.payment_terms, "PaymentTerms")
        self._check_notice_period()

    def _check_notice_period(self) -> None:
        """Notice of non-renewal must be possible after the start (business days are at least as
        many calendar days, so the calendar-day test holds for both)."""
        if self.renewal.kind is RenewalKind.NONE or self.end is None:
            return
        days = (self.end - self.start).days
        if self.renewal.notice_days > days:
            raise ValidationError(
                "renewal",
                self.renewal.notice_days,
                f"a notice period of at most {days} days: notice of {self.renewal.notice_days} "
                f"days before the end {self.end} would fall before the start {self.start}",
            )

    # -- facts -----------------------------------------------------------------------------------

    @property
    def currency(self) -> Currency:
        """The contract's currency (its value's)."""
        return self.value.currency

    @property
    def last_day(self) -> pendulum.Date | None:
        """The last day the contract runs: its end, or the termination's effective date."""
        if self.termination is not None:
            return self.termination.effective
        return self.end

    def arrangement(self, name: str) -> Arrangement:
        """The billing arrangement called ``name``."""
        for arrangement in self.arrangements:
            if arrangement.name == name:
                return arrangement
        raise ValidationError(
            "arrangement", name, f"one of {sorted(a.name for a in self.arrangements)}"
        )

    def tower(self, name: str) -> Tower:
        """The tower called ``name``."""
        for tower in self.towers:
            if tower.name == name:
                return tower
        raise ValidationError("tower", name, f"one of {sorted(t.name for t in self.towers)}")

    def status_on(self, day: _dt.date) -> ContractStatus:
        """What the facts say at the end of ``day``, without a clock.

        Drafts and contracts in negotiation are what they are. A signed contract is ``signed``
        before its start, ``active`` from its start to its last day, then ``expired`` (or
        ``renewed``, or ``terminated`` after a termination's effective date).

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> c = Contract(id="C-3", client_id="acme", title="Pilot", value=Money("9000.00", "EUR"),
        ...              start=pendulum.date(2026, 3, 1), term_months=3, signatories=["ana"])
        >>> c.status_on(pendulum.date(2026, 6, 1))
        <ContractStatus.DRAFT: 'draft'>
        >>> at = pendulum.datetime(2026, 2, 1, tz="UTC")
        >>> signed = c.negotiate(at=at).sign(at=at)
        >>> [signed.status_on(pendulum.date(2026, m, 1)).value for m in (2, 3, 6)]
        ['signed', 'active', 'expired']
        """
        day = to_date(day, "day")
        if self.status in _EDITABLE:
            return self.status
        if day < self.start:
            return ContractStatus.SIGNED
        last = self.last_day
        if last is None or day <= last:
            return ContractStatus.ACTIVE
        if self.termination is not None:
            return ContractStatus.TERMINATED
        if self.status is ContractStatus.RENEWED:
            return ContractStatus.RENEWED
        return ContractStatus.EXPIRED

    # -- notice and renewal ---------------------------------------------------------------------

    def notice_deadline(self, calendar: WorkCalendar | None = None) -> pendulum.Date | None:
        """The last day to give notice of non-renewal (``None`` when the contract does not renew).

        Notice in calendar days is ``end − notice_days`` (rolled back to a business day when a
        ``calendar`` is given); in business days it is ``notice_days`` business days before the end
        on the calendar (a non-business end first rolls back). Always strictly before the end.

        >>> import pendulum
        >>> from accountexec.calendars import WorkCalendar
        >>> from accountexec.money import Money
        >>> c = Contract(id="C-4", client_id="acme", title="Support", value=Money("1.00", "EUR"),
        ...              start=pendulum.date(2026, 1, 1), term_months=12,
        ...              renewal=Renewal(kind="automatic", notice_days=10,
        ...                              notice_in_business_days=True))
        >>> c.notice_deadline(WorkCalendar(holidays=[pendulum.date(2026, 12, 25)]))
        Date(2026, 12, 16)
        """
        if self.renewal.kind is RenewalKind.NONE or self.end is None:
            return None
        days = self.renewal.notice_days
        if self.renewal.notice_in_business_days:
            if calendar is None:
                raise ValidationError(
                    "calendar", None, "a WorkCalendar: this contract counts notice in business days"
                )
            return BusinessDays(-days).due(self.end, calendar)
        if calendar is None:
            return CalendarDays(-days).due(self.end)
        return CalendarDays(-days, roll="preceding").due(self.end, calendar)

    @property
    def renewal_term_months(self) -> int | None:
        """The length of the next term: the renewal's term, else the contract's own."""
        if self.renewal.term_months is not None:
            return self.renewal.term_months
        return self.term_months

    def renew(
        self,
        *,
        at: _dt.datetime,
        id: str | None = None,  # noqa: A002 - the contract's field is called id
        value: Money | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Contract:
        """The successor contract for the next term, starting the day after this one ends.

        The successor keeps the client, towers, renewal clause, signatories, terms and
        arrangements (milestones, being one-offs, are not carried over); it has this contract's
        ``id`` unless another is given, the next ``version``, and ``predecessor_id`` set. Under an
        automatic renewal it is ``signed`` (by the clause, event ``renew_automatically``); under a
        manual one it is a ``draft`` to negotiate. Its value is this value scaled to the new term
        (rounded half up) unless ``value`` is given. Close this contract with :meth:`mark_renewed`.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> c = Contract(id="C-5", client_id="acme", title="Support",
        ...              value=Money("12000.00", "EUR"),
        ...              start=pendulum.date(2026, 1, 31), term_months=1,
        ...              renewal=Renewal(kind="automatic", notice_days=7))
        >>> at = pendulum.datetime(2026, 1, 20, tz="UTC")
        >>> live = c.edit(signatories=["ana"]).negotiate(at=at).sign(at=at)
        >>> nxt = live.renew(at=pendulum.datetime(2026, 2, 20, tz="UTC"))
        >>> nxt.start, nxt.end, nxt.version, nxt.predecessor_id, nxt.status
        (Date(2026, 3, 1), Date(2026, 3, 31), 2, 'C-5', <ContractStatus.SIGNED: 'signed'>)
        """
        require_aware(at, "at")
        if self.renewal.kind is RenewalKind.NONE:
            raise ValidationError("renewal", self.renewal, "a manual or automatic renewal clause")
        if self.status not in {ContractStatus.SIGNED, ContractStatus.ACTIVE}:
            raise ValidationError(
                "status", self.status.value, "a signed or active contract to renew"
            )
        months = self.renewal_term_months
        end = self.end
        if months is None or end is None:  # pragma: no cover - refused at construction
            raise ValidationError("renewal", self.renewal, "a renewal term")
        if value is None:
            value = self.value
            if self.term_months is not None and months != self.term_months:
                value = (self.value * months / self.term_months).round()
        successor = Contract(
            id=self.id if id is None else id,
            client_id=self.client_id,
            title=self.title,
            value=value,
            start=end.add(days=1),
            term_months=months,
            towers=self.towers,
            renewal=self.renewal,
            signatories=self.signatories,
            arrangements=tuple(a for a in self.arrangements if not isinstance(a, Milestone)),
            invoicing=self.invoicing,
            payment_terms=self.payment_terms,
            taxes=self.taxes,
            version=self.version + 1,
            predecessor_id=self.id,
        )
        if self.renewal.kind is RenewalKind.AUTOMATIC:
            successor = apply(successor, "renew_automatically", at=at, by=by, note=note)
        return successor

    # -- life cycle ------------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return CONTRACT_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the contract now."""
        return CONTRACT_WORKFLOW.permitted_events(self)

    def negotiate(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Contract:
        """Open negotiations on a draft."""
        return apply(self, "negotiate", at=at, by=by, note=note)

    def redline(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Contract:
        """Send a contract in negotiation back to draft for changes."""
        return apply(self, "redline", at=at, by=by, note=note)

    def sign(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Contract:
        """Sign (needs at least one signatory)."""
        return apply(self, "sign", at=at, by=by, note=note)

    def activate(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Contract:
        """Start the work (not before the start date, read in ``at``'s own time zone)."""
        return apply(self, "activate", at=at, by=by, note=note, on=_at_date(at))

    def expire(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Contract:
        """Close a contract whose term is over (after its end date, in ``at``'s time zone)."""
        return apply(self, "expire", at=at, by=by, note=note, on=_at_date(at))

    def mark_renewed(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Contract:
        """Close an active contract as renewed (its successor comes from :meth:`renew`)."""
        return apply(self, "renew", at=at, by=by, note=note)

    def terminate(
        self,
        *,
        at: _dt.datetime,
        reason: str,
        effective: _dt.date,
        by: str | None = None,
    ) -> Contract:
        """End the contract early: ``effective`` is the last day it runs; ``reason`` is required.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> c = Contract(id="C-6", client_id="acme", title="Pilot", value=Money("9000.00", "EUR"),
        ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"])
        >>> at = pendulum.datetime(2026, 1, 1, tz="UTC")
        >>> live = c.negotiate(at=at).sign(at=at).activate(at=at)
        >>> done = live.terminate(at=at.add(months=3), reason="merger",
        ...                       effective=pendulum.date(2026, 4, 30))
        >>> done.status.value, done.last_day, done.status_on(pendulum.date(2026, 5, 1)).value
        ('terminated', Date(2026, 4, 30), 'terminated')
        >>> live.terminate(at=at, reason="", effective=pendulum.date(2026, 4, 30))
        Traceback (most recent call last):
        ...
        accountexec.errors.InvalidTransitionError: cannot 'terminate' contract 'C-6' in status ...
        """
        day = None if effective is None else to_date(effective, "effective")
        moved = apply(self, "terminate", at=at, by=by, note=reason, reason=reason, effective=day)
        return attrs.evolve(moved, termination=Termination(reason=reason, effective=day))

    # -- versions --------------------------------------------------------------------------------

    def edit(self, **changes: Any) -> Contract:
        """A draft (or a contract in negotiation) with ``changes``; refused once signed: amend it.

        Giving ``term_months`` recomputes ``end``; giving ``end`` alone drops ``term_months``.
        """
        if self.status not in _EDITABLE:
            raise ValidationError(
                "status",
                self.status.value,
                "a draft or a contract in negotiation to edit; amend a signed contract",
            )
        return self._changed(changes)

    def amend(self, *, reason: str, at: _dt.datetime, **changes: Any) -> Contract:
        """The next version with ``changes``, recording the amendment (its reason, time and fields).

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> c = Contract(id="C-7", client_id="acme", title="Ops", value=Money("100.00", "EUR"),
        ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"])
        >>> at = pendulum.datetime(2026, 1, 5, tz="UTC")
        >>> signed = c.negotiate(at=at).sign(at=at)
        >>> v2 = signed.amend(reason="scope change", at=at, value=Money("150.00", "EUR"),
        ...                   term_months=18)
        >>> v2.version, v2.value, v2.end, v2.amendments[-1].changed
        (2, Money('150.00', 'EUR'), Date(2027, 6, 30), ('term_months', 'value'))
        """
        require_aware(at, "at")
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "a non-empty reason for the amendment")
        if self.status in _EDITABLE:
            raise ValidationError(
                "status",
                self.status.value,
                "a signed contract to amend; change a draft or a contract in negotiation with "
                "edit(...)",
            )
        if self.status in CONTRACT_WORKFLOW.terminal:
            raise ValidationError("status", self.status.value, "a contract still in force to amend")
        latest = max(
            [change.at for change in self.history] + [a.at for a in self.amendments], default=None
        )
        if latest is not None and at < latest:
            raise ValidationError(
                "at", at, f"a time on or after the contract's last history entry ({latest})"
            )
        if not changes:
            raise ValidationError("changes", changes, "at least one field to change")
        record = Amendment(
            version=self.version + 1, reason=reason, at=at, changed=tuple(sorted(changes))
        )
        amended = self._changed(changes)
        return attrs.evolve(amended, version=record.version, amendments=(*self.amendments, record))

    def _changed(self, changes: dict[str, Any]) -> Contract:
        forbidden = sorted(set(changes) & _BOOKKEEPING)
        if forbidden:
            raise ValidationError("changes", forbidden, "no bookkeeping fields (id, status, ...)")
        unknown = sorted(set(changes) - {f.name for f in attrs.fields(Contract)})
        if unknown:
            raise ValidationError("changes", unknown, "names of Contract fields")
        updates = dict(changes)
        if "term_months" in updates and "end" not in updates:
            updates["end"] = (
                None
                if updates["term_months"] is None
                else term_end(updates.get("start", self.start), updates["term_months"])
            )
        elif "end" in updates and "term_months" not in updates:
            updates["term_months"] = None
        elif "start" in updates and self.term_months is not None and "end" not in updates:
            updates["end"] = term_end(updates["start"], self.term_months)
        return attrs.evolve(self, **updates)


def _at_date(at: _dt.datetime) -> pendulum.Date | None:
    if not isinstance(at, _dt.datetime):
        return None
    return pendulum.Date(at.year, at.month, at.day)


def renewals_due(
    contracts: Iterable[Contract],
    *,
    as_of: _dt.date,
    within_days: int,
    calendar: WorkCalendar | None = None,
) -> tuple[Contract, ...]:
    """The renewing contracts whose notice deadline falls within ``within_days`` days of ``as_of``.

    Contracts in a terminal status or without a renewal clause are left out; the result is sorted
    by notice deadline, then id. ``calendar`` is needed for notice counted in business days.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> def contract(cid, months):
    ...     return Contract(id=cid, client_id="acme", title=cid, value=Money("1.00", "EUR"),
    ...                     start=pendulum.date(2026, 1, 1), term_months=months,
    ...                     renewal=Renewal(kind="automatic", notice_days=30))
    >>> due = renewals_due([contract("A", 12), contract("B", 6), contract("C", 3)],
    ...                    as_of=pendulum.date(2026, 5, 15), within_days=30)
    >>> [(c.id, c.notice_deadline()) for c in due]
    [('B', Date(2026, 5, 31))]
    """
    day = to_date(as_of, "as_of")
    _check_count("within_days", within_days, 0)
    horizon = day.add(days=within_days)
    found: list[tuple[pendulum.Date, str, Contract]] = []
    for contract in to_sequence_of("contracts", Contract, contracts):
        if contract.status in CONTRACT_WORKFLOW.terminal:
            continue
        deadline = contract.notice_deadline(calendar)
        if deadline is not None and day <= deadline <= horizon:
            found.append((deadline, contract.id, contract))
    found.sort(key=lambda row: (row[0], row[1]))
    return tuple(row[2] for row in found)
