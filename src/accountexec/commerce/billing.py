"""How a contract bills: :func:`bill` turns a contract, a period and a billing state into invoices.

The billing arrangements a :class:`~accountexec.contracts.Contract` carries are values, each in the
module of its concept and each billing itself through one protocol
(:class:`~accountexec.commerce.billing_protocol.BillingArrangement`): retainers with proration
(:mod:`accountexec.retainers`), milestones (:mod:`accountexec.milestones`), time and materials
with a cap (:mod:`accountexec.time_and_materials`), media commission and markup
(:mod:`accountexec.media`), or a type of your own.

What a contract has billed so far is a value, :class:`BillingState`: per arrangement the days
billed, the hours a retainer carries, the amount billed against a cap, the milestones billed, and
the last invoice number used. Each run of :func:`bill` takes the state and returns the next one
with its invoices (:class:`BillingRun`), so a run needs only the period's own entries (this
month's timesheet), and billing a period twice, skipping one, or exceeding a cap is refused or
impossible rather than silently wrong. Store the state between runs with
:func:`accountexec.serialize.to_dict` and read it back with
:func:`~accountexec.serialize.from_dict`.

Every billed line carries a :class:`~accountexec.invoice_lines.LineSource` (contract,
arrangement, days, kind): :func:`billed_lines` reads it back from invoices. Every arrangement name
is re-exported here, so ``from accountexec.billing import Retainer`` keeps working.

>>> import pendulum
>>> from accountexec.contracts import Contract
>>> from accountexec.money import Money
>>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
>>> c = Contract(id="C-1", client_id="acme", title="Retainer", value=Money("12000.00", "EUR"),
...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"],
...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))]).negotiate(at=at).sign(at=at)
>>> january = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31),
...                state=BillingState.opening(c))
>>> [(i.number, i.total) for i in january.invoices]
[('INV-000001', Money('1000.00', 'EUR'))]
>>> february = bill(c, pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28), state=january.state)
>>> [(i.number, i.total) for i in february.invoices]
[('INV-000002', Money('1000.00', 'EUR'))]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_optional_text,
    check_text,
    instance_of,
    to_date,
    to_sequence,
    to_sequence_of,
)
from accountexec.commerce.arrangements import ARRANGEMENT_TYPES as ARRANGEMENT_TYPES  # noqa: PLC0414 - re-export
from accountexec.commerce.arrangements import Arrangement
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    BillingArrangement,
)
from accountexec.commerce.contracts import Contract, milestone_amounts
from accountexec.commerce.invoice_lines import InvoiceLine, LineSource
from accountexec.commerce.invoices import Invoice, InvoiceNumbering, InvoiceStatus
from accountexec.commerce.media import (
    Markup,
    MarkupCharge,
    MediaCharge,
    MediaCommission,
    MediaPlacement,
)
from accountexec.commerce.milestones import Acceptance, Milestone
from accountexec.commerce.periods import BillingPeriod, Every, calendar_period, calendar_periods
from accountexec.commerce.retainers import (
    CarryOver,
    Proration,
    Retainer,
    RetainerHours,
    RetainerSegment,
)
from accountexec.commerce.time_and_materials import (
    Expense,
    RoleTime,
    TimeAndMaterials,
    TimeAndMaterialsCharge,
    TimeEntry,
)
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Money

__all__ = [
    "LINE_KINDS",
    "Acceptance",
    "Arrangement",
    "ArrangementBill",
    "ArrangementCharge",
    "ArrangementState",
    "BilledLine",
    "BillingArrangement",
    "BillingPeriod",
    "BillingRun",
    "BillingState",
    "CarryOver",
    "Every",
    "Expense",
    "LineKind",
    "LineSource",
    "Markup",
    "MarkupCharge",
    "MediaCharge",
    "MediaCommission",
    "MediaPlacement",
    "Milestone",
    "Proration",
    "Retainer",
    "RetainerHours",
    "RetainerSegment",
    "RoleTime",
    "TimeAndMaterials",
    "TimeAndMaterialsCharge",
    "TimeEntry",
    "already_billed",
    "bill",
    "billed_lines",
    "billing_periods",
    "calendar_period",
    "calendar_periods",
    "milestone_amounts",
]

_ZERO: Final = Decimal(0)
_DAY: Final = Decimal(24)

LineKind = Literal["fee", "overage", "milestone", "time", "expense", "capped", "media", "markup"]
"""What a line billed by a built-in arrangement is for: a retainer fee or its overage, a
milestone, time, an expense, capped time and materials, media, or a marked-up cost."""

LINE_KINDS: Final[tuple[LineKind, ...]] = get_args(LineKind)

_BILLABLE: Final = frozenset({"signed", "active", "expired", "terminated", "renewed"})


# -------------------------------------------------------------------------------- billed lines


def _issued_date(value: object) -> pendulum.Date:
    return to_date(value, "issued_on")


@attrs.frozen(kw_only=True)
class BilledLine:
    """A line that :func:`bill` wrote, read back from an invoice: its source and net amount.

    ``contract_id``, ``arrangement``, ``period`` and ``kind`` come from the line's
    :class:`~accountexec.invoice_lines.LineSource`, with the invoice's number and date and the
    line's net amount.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-1", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> run = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31),
    ...            state=BillingState.opening(c))
    >>> (line,) = billed_lines(run.invoices)
    >>> line.invoice, line.contract_id, line.arrangement, str(line.period), line.kind, line.net
    ('INV-000001', 'CT-1', 'retainer', '2026-01-01..2026-01-31', 'fee', Money('1000.00', 'EUR'))
    """

    invoice: str = attrs.field(validator=check_text)
    issued_on: pendulum.Date = attrs.field(converter=_issued_date)
    contract_id: str = attrs.field(validator=check_text)
    arrangement: str = attrs.field(validator=check_text)
    period: BillingPeriod = attrs.field(validator=instance_of(BillingPeriod, "a BillingPeriod"))
    kind: str = attrs.field(validator=check_text)
    net: Money = attrs.field(validator=instance_of(Money, "a Money"))


def billed_lines(
    invoices: Iterable[Invoice], contract_id: str | None = None
) -> tuple[BilledLine, ...]:
    """The lines of ``invoices`` that carry a source (void invoices left out).

    ``contract_id`` keeps those of one contract. Lines written by hand (no ``source``) are not
    billed lines.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-2", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> run = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 2, 28),
    ...            state=BillingState.opening(c))
    >>> by_hand = Invoice(number="INV-9", client_id="acme", currency="EUR",
    ...                   issued_on=pendulum.date(2026, 2, 28), terms=PaymentTerms.net(30),
    ...                   lines=[InvoiceLine(description="Extra work", quantity=1,
    ...                                      unit_price=Money("10.00", "EUR"))])
    >>> [(line.invoice, str(line.period), line.net)
    ...  for line in billed_lines([*run.invoices, by_hand], "CT-2")]
    [('INV-000001', '2026-01-01..2026-01-31', Money('1000.00', 'EUR')), ('INV-000001', '2026-02-01..2026-02-28', Money('1000.00', 'EUR'))]
    >>> billed_lines(run.invoices, "CT-3")
    ()
    """  # noqa: E501
    found: list[BilledLine] = []
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        if invoice.status is InvoiceStatus.VOID:
            continue
        for line, amounts in zip(invoice.lines, invoice.line_amounts(), strict=True):
            source = line.source
            if source is None or (contract_id is not None and source.contract_id != contract_id):
                continue
            found.append(
                BilledLine(
                    invoice=invoice.number,
                    issued_on=invoice.issued_on,
                    kind=source.kind,
                    contract_id=source.contract_id,
                    arrangement=source.arrangement,
                    period=source.period,
                    net=amounts.net,
                )
            )
    return tuple(found)


def _period(period_start: _dt.date, period_end: _dt.date) -> BillingPeriod:
    """The billing period, refusals naming the public parameters ``period_start``/``period_end``."""
    start, end = to_date(period_start, "period_start"), to_date(period_end, "period_end")
    if end < start:
        raise ValidationError("period_end", end, f"a date on or after period_start {start}")
    return BillingPeriod(start, end)


def already_billed(
    contract: Contract, invoices: Iterable[Invoice], period_start: _dt.date, period_end: _dt.date
) -> tuple[BilledLine, ...]:
    """The lines of ``invoices`` billing some day of ``period_start..period_end`` for ``contract``.

    Empty (falsy) when no line of those invoices bills those days; void invoices do not count.
    (To bill, pass the :class:`BillingState`: it knows what was billed without the invoices.)

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-9", client_id="acme", title="Retainer", value=Money("12000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> jan = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31),
    ...            state=BillingState.opening(c)).invoices
    >>> lines = already_billed(c, jan, pendulum.date(2026, 1, 15), pendulum.date(2026, 2, 15))
    >>> [(line.invoice, line.arrangement, str(line.period)) for line in lines]
    [('INV-000001', 'retainer', '2026-01-01..2026-01-31')]
    >>> already_billed(c, jan, pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28))
    ()
    """
    period = _period(period_start, period_end)
    return tuple(
        line for line in billed_lines(invoices, contract.id) if line.period.overlaps(period)
    )


def billing_periods(
    contract: Contract, every: Every = "month", *, until: _dt.date | None = None
) -> tuple[BillingPeriod, ...]:
    """The calendar periods that tile the contract's term (to its last day, or ``until``).

    Every day of the term is in exactly one period; the first and last may be partial.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-8", client_id="acme", title="Retainer", value=Money("3.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=3)
    >>> for period in billing_periods(c):
    ...     print(period)
    2026-01-09..2026-01-31
    2026-02-01..2026-02-28
    2026-03-01..2026-03-31
    2026-04-01..2026-04-08
    """
    last = contract.last_day
    if until is not None:
        stop = to_date(until, "until")
        last = stop if last is None else min(last, stop)
    if last is None:
        raise ValidationError("until", until, "a date: the contract is open-ended")
    if last < contract.start:
        return ()
    return calendar_periods(contract.start, last, every)


# ------------------------------------------------------------------------------- billing state


def _to_states(value: Iterable[ArrangementState]) -> tuple[ArrangementState, ...]:
    return to_sequence_of("arrangements", ArrangementState, value)


@attrs.frozen(kw_only=True)
class BillingState:
    """What a contract has billed so far: one :class:`ArrangementState` per arrangement.

    ``contract_id`` is the contract's; ``arrangements`` say, per arrangement, the days billed,
    the hours a retainer carries (a surplus, or a deficit where the retainer allows it), the
    amount billed so far (what a cap counts against) and the day a milestone was billed;
    ``last_number`` is the number of the last invoice :func:`bill` made (``None`` before the
    first). Start from :meth:`opening`; every run of :func:`bill` returns the next state. It
    is a value like any other: store it between runs with :func:`accountexec.serialize.to_dict`.

    >>> import json
    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> from accountexec.serialize import from_dict, to_dict
    >>> c = Contract(id="C-2", client_id="acme", title="Retainer", value=Money("1.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1),
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"), included_hours=40,
    ...                                     carry_over=True)])
    >>> state = BillingState.opening(c)
    >>> state.arrangement("retainer")
    ArrangementState(name='retainer', periods=(), carried_hours=Decimal('0'), ...)
    >>> from_dict(BillingState, json.loads(json.dumps(to_dict(state)))) == state
    True
    """

    contract_id: str = attrs.field(validator=check_text)
    arrangements: tuple[ArrangementState, ...] = attrs.field(default=(), converter=_to_states)
    last_number: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        names = [a.name for a in self.arrangements]
        if len(set(names)) != len(names):
            raise ValidationError("arrangements", names, "one state per arrangement name")

    @classmethod
    def opening(cls, contract: Contract) -> BillingState:
        """The state of ``contract`` before its first run: nothing billed, nothing carried."""
        if not isinstance(contract, Contract):
            raise ValidationError("contract", contract, "a Contract")
        return cls(
            contract_id=contract.id,
            arrangements=tuple(ArrangementState(name=a.name) for a in contract.arrangements),
        )

    def arrangement(self, name: str) -> ArrangementState:
        """The state of the arrangement called ``name`` (an opening one if it has none yet)."""
        for state in self.arrangements:
            if state.name == name:
                return state
        return ArrangementState(name=name)

    def with_last_number(self, last_number: str | None) -> BillingState:
        """This state continuing after invoice ``last_number`` (one sequence across contracts).

        >>> BillingState(contract_id="C-3").with_last_number("INV-000120").last_number
        'INV-000120'
        """
        return attrs.evolve(self, last_number=last_number)


def _to_invoices(value: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return to_sequence_of("invoices", Invoice, value)


_check_state = instance_of(BillingState, "a BillingState")


@attrs.frozen(kw_only=True)
class BillingRun:
    """What one run of :func:`bill` made: the draft ``invoices``, and the ``state`` after them.

    >>> BillingRun(invoices=(), state=BillingState(contract_id="C-4")).invoices
    ()
    """

    invoices: tuple[Invoice, ...] = attrs.field(converter=_to_invoices)
    state: BillingState = attrs.field(validator=_check_state)


# ------------------------------------------------------------------------------------ billing


def _route(contract: Contract, item: object, field: str) -> str:
    named = item.milestone if isinstance(item, Acceptance) else getattr(item, "arrangement", None)
    kind = type(item).__name__
    if isinstance(item, Acceptance):
        if named not in {a.name for a in contract.arrangements if a.takes(item)}:
            raise ValidationError("accepted", named, "the name of one of the contract's milestones")
        return item.milestone
    if named is not None:
        arrangement = contract.arrangement(named)
        if not arrangement.takes(item):
            raise ValidationError(field, named, f"the name of an arrangement that takes a {kind}")
        return named
    names = [a.name for a in contract.arrangements if a.takes(item)]
    if len(names) != 1:
        raise ValidationError(
            "arrangement",
            None,
            f"the name of the arrangement that takes this {kind} "
            f"(the contract has {len(names)} that could: {names})",
        )
    return names[0]


def _check_day(item: object, field: str, period: BillingPeriod, term: BillingPeriod | None) -> None:
    day = getattr(item, "on", None)
    if not isinstance(day, _dt.date) or isinstance(day, _dt.datetime):
        raise ValidationError(field, item, "dated values (with an 'on' date)")
    if not period.contains(day):
        raise ValidationError(
            field,
            item,
            f"values dated within the period {period}; bill the period they fall in "
            "with them (each run takes only its own period's entries)",
        )
    if term is None or not term.contains(day):
        raise ValidationError(
            field, item, f"values dated within the contract's term ({term or 'not started'})"
        )


def _check_day_totals(entries: Iterable[object]) -> None:
    totals: dict[tuple[str, _dt.date], Decimal] = {}
    for entry in entries:
        if isinstance(entry, TimeEntry):
            key = (entry.person, entry.on)
            totals[key] = DECIMAL_CONTEXT.add(totals.get(key, _ZERO), entry.hours)
            if totals[key] > _DAY:
                raise ValidationError(
                    "entries",
                    f"{entry.person} on {entry.on}: {totals[key]} h",
                    "at most 24 hours for one person on one day",
                )


def _check_sequence(
    arrangement: BillingArrangement,
    state: ArrangementState,
    covered: BillingPeriod,
    contract: Contract,
) -> None:
    clash = state.overlapping(covered)
    after = state.billed_through
    if clash:  # so the state has billed some days: its last period ends on the last of them
        billed = ", ".join(str(p) for p in clash)
        raise ValidationError(
            "period_start",
            str(covered),
            f"days {arrangement.name!r} has not billed yet (the state already bills {billed}; "
            f"the next period starts on {state.periods[-1].end.add(days=1)})",
        )
    if arrangement.allows_gaps:
        return
    expected = contract.start if after is None else after.add(days=1)
    if covered.start > expected:
        raise ValidationError(
            "period_start",
            covered.start,
            f"{expected}: {arrangement.name!r} has not billed "
            f"{BillingPeriod(expected, covered.start.subtract(days=1))} yet; bill it first",
        )


def bill(
    contract: Contract,
    period_start: _dt.date,
    period_end: _dt.date,
    *,
    state: BillingState,
    entries: Iterable[Any] = (),
    accepted: Iterable[Acceptance] = (),
    issued_on: _dt.date | None = None,
    numbering: InvoiceNumbering | None = None,
) -> BillingRun:
    """Draft invoices for what ``contract`` earns in ``period_start..period_end``, and the state after.

    ``state`` is what the contract billed before (:meth:`BillingState.opening` for the first run,
    then the ``state`` of the previous run). ``entries`` are the period's own time entries,
    expenses and media placements (this month's timesheet), ``accepted`` the milestones the
    client accepted in it; each goes to the arrangement it names, or to the only one that takes
    it. Each arrangement bills the days of the period inside the contract's term
    (:meth:`~accountexec.commerce.billing_protocol.BillingArrangement.lines_for`):

    - retainers their fee for those days (prorated per calendar period), and the overage of each
      calendar period that ends in the run, counting the hours carried in the state;
    - milestones their amount, once, when accepted in the period;
    - time and materials the period's hours and expenses, up to what the cap leaves after what
      the state says was billed; media placements and marked-up costs likewise.

    Refused, with a :class:`~accountexec.errors.ValidationError` that says what to pass instead: a
    state of another contract; a period that overlaps days already billed, or that skips days
    not billed yet (except for arrangements that allow gaps, like milestones); an entry dated
    outside the period or the term; more than 24 hours for one person on one day.

    Every line carries a :class:`~accountexec.invoice_lines.LineSource`; its description is clean
    text for the client. Invoices are dated ``issued_on`` (the period's last day by default),
    with the contract's payment terms and taxes; one per run, or one per arrangement, as the
    contract's ``invoicing`` says. **Numbers** follow one rule: each invoice takes the number
    after the state's ``last_number`` with ``numbering`` (``InvoiceNumbering()``, ``INV-000001``
    onwards, by default; the very first is ``numbering.first``), and the state returned holds
    the last one used. A number never comes from dates or a clock.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-10", client_id="acme", title="Retainer", value=Money("37200.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("3100.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> january = pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31)
    >>> opening = BillingState.opening(c).with_last_number("INV-000041")
    >>> run = bill(c, *january, state=opening)
    >>> (jan,) = run.invoices
    >>> jan.number, jan.total, jan.lines[0].description
    ('INV-000042', Money('2300.00', 'EUR'), 'Retainer January 2026 (2026-01-09..2026-01-31, 23/31 days)')
    >>> str(jan.lines[0].source), run.state.last_number
    ('C-10|retainer|2026-01-09..2026-01-31|fee', 'INV-000042')
    >>> bill(c, *january, state=run.state)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'period_start': '2026-01-09..2026-01-31'; expected days 'retainer' has not billed yet (the state already bills 2026-01-09..2026-01-31; the next period starts on 2026-02-01)
    """  # noqa: E501
    period, numbers = _check_run(contract, state, period_start, period_end, numbering)
    end = period.end
    day = end if issued_on is None else to_date(issued_on, "issued_on")
    last = contract.last_day
    term: BillingPeriod | None = None
    if last is None:
        term = BillingPeriod(contract.start, max(end, contract.start))
    elif last >= contract.start:
        term = BillingPeriod(contract.start, last)
    covered = term.intersection(period) if term is not None else None

    items = to_sequence("entries", entries)
    acceptances = to_sequence_of("accepted", Acceptance, accepted)
    routed: dict[str, list[Any]] = {a.name: [] for a in contract.arrangements}
    for field, group in (("entries", items), ("accepted", acceptances)):
        for item in group:
            if isinstance(item, Acceptance) and field == "entries":
                raise ValidationError("entries", item, "entries; pass acceptances as accepted=")
            _check_day(item, field, period, term)
            routed[_route(contract, item, field)].append(item)
    _check_day_totals(items)
    if covered is None:
        return BillingRun(invoices=(), state=state)

    after: list[ArrangementState] = []
    groups: list[list[InvoiceLine]] = []
    for arrangement in contract.arrangements:
        before = state.arrangement(arrangement.name)
        _check_sequence(arrangement, before, covered, contract)
        result = arrangement.lines_for(contract, covered, tuple(routed[arrangement.name]), before)
        if not isinstance(result, ArrangementBill) or result.state.name != arrangement.name:
            raise ValidationError(
                "arrangements",
                arrangement.name,
                "arrangements whose lines_for returns an ArrangementBill with their own state",
            )
        lines = [_line(contract, arrangement.name, covered, c) for c in result.charges]
        charged = Money.sum(
            ((c.unit_price * c.quantity).round() for c in result.charges), contract.currency
        )
        billed = before.billed
        if result.charges:
            billed = charged if billed is None else billed + charged
        after.append(
            attrs.evolve(result.state, periods=before.billing(covered).periods, billed=billed)
        )
        groups.append(lines)
    invoices, number = _invoices(contract, groups, numbers, state.last_number, day)
    names = {a.name for a in contract.arrangements}
    kept = [s for s in state.arrangements if s.name not in names]
    return BillingRun(
        invoices=invoices,
        state=BillingState(
            contract_id=contract.id, arrangements=(*after, *kept), last_number=number
        ),
    )


def _invoices(
    contract: Contract,
    groups: list[list[InvoiceLine]],
    numbers: InvoiceNumbering,
    last_number: str | None,
    day: pendulum.Date,
) -> tuple[list[Invoice], str | None]:
    if contract.invoicing == "grouped":
        groups = [[line for group in groups for line in group]]
    invoices: list[Invoice] = []
    number = last_number
    for group in groups:
        if not group:
            continue
        number = numbers.next_number(number)
        invoices.append(
            Invoice(
                number=number,
                client_id=contract.client_id,
                currency=contract.currency,
                issued_on=day,
                lines=group,
                terms=contract.payment_terms,
            )
        )
    return invoices, number


def _check_run(
    contract: Contract,
    state: BillingState,
    period_start: _dt.date,
    period_end: _dt.date,
    numbering: InvoiceNumbering | None,
) -> tuple[BillingPeriod, InvoiceNumbering]:
    if not isinstance(contract, Contract):
        raise ValidationError("contract", contract, "a Contract")
    if contract.status.value not in _BILLABLE:
        raise ValidationError(
            "contract", contract.status.value, "a signed contract (not a draft or in negotiation)"
        )
    if not isinstance(state, BillingState):
        raise ValidationError(
            "state", state, "a BillingState (BillingState.opening(contract) before the first run)"
        )
    if state.contract_id != contract.id:
        raise ValidationError(
            "state",
            state.contract_id,
            f"the BillingState of contract {contract.id!r} (the state returned by its last "
            "run, or BillingState.opening(contract) before the first)",
        )
    period = _period(period_start, period_end)
    numbers = InvoiceNumbering() if numbering is None else numbering
    if not isinstance(numbers, InvoiceNumbering):
        raise ValidationError("numbering", numbering, "None or an InvoiceNumbering")
    if state.last_number is not None:
        numbers.next_number(state.last_number)  # refuses a last_number of another numbering
    return period, numbers


def _line(
    contract: Contract, name: str, covered: BillingPeriod, charge: ArrangementCharge
) -> InvoiceLine:
    if charge.unit_price.currency != contract.currency:
        raise ValidationError("charges", charge.unit_price, f"amounts in {contract.currency.code}")
    return InvoiceLine(
        description=charge.description,
        quantity=charge.quantity,
        unit_price=charge.unit_price,
        taxes=contract.taxes,
        source=LineSource(
            contract_id=contract.id,
            arrangement=name,
            period=charge.period if charge.period is not None else covered,
            kind=charge.kind,
        ),
    )
