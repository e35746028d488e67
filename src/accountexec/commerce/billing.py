"""How a contract bills: :func:`bill` turns a contract and a period into draft invoices.

The billing arrangements a :class:`~accountexec.contracts.Contract` carries are values, each in the
module of its concept and each knowing its own arithmetic: retainers with proration
(:mod:`accountexec.retainers`), milestones (:mod:`accountexec.milestones`), time and materials
with a cap (:mod:`accountexec.time_and_materials`), media commission and markup
(:mod:`accountexec.media`); :data:`~accountexec.arrangements.Arrangement` is any of them. This
module bills them: :func:`bill` writes the draft invoices of a period, each line tagged with a
reference that :func:`billed_lines` and :func:`already_billed` read back, so a period is never
billed twice; :func:`billing_periods` tiles a contract's term. Every arrangement name is
re-exported here, so ``from accountexec.billing import Retainer`` keeps working.

>>> from accountexec.money import Money
>>> import pendulum
>>> retainer = Retainer(fee=Money("3100.00", "EUR"))
>>> retainer.amount_for(pendulum.date(2026, 1, 9), pendulum.date(2026, 1, 31))
Money('2300.00', 'EUR')
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, Final, Literal, cast, get_args

import attrs
import pendulum

from accountexec._fields import to_date, to_sequence, to_sequence_of
from accountexec._views import LINE_REFERENCE
from accountexec.commerce.arrangements import ARRANGEMENT_TYPES as ARRANGEMENT_TYPES  # noqa: PLC0414 - re-export
from accountexec.commerce.arrangements import Arrangement
from accountexec.commerce.contracts import Contract, milestone_amounts
from accountexec.commerce.invoices import Invoice, InvoiceLine, InvoiceNumbering, InvoiceStatus
from accountexec.commerce.media import (
    Markup,
    MarkupCharge,
    MediaCharge,
    MediaCommission,
    MediaPlacement,
)
from accountexec.commerce.milestones import Acceptance, Milestone
from accountexec.commerce.retainers import (
    BillingPeriod,
    Every,
    Proration,
    Retainer,
    RetainerSegment,
    calendar_period,
    calendar_periods,
)
from accountexec.commerce.retainers import RetainerHours as RetainerHours  # noqa: PLC0414 - re-export
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
    "BilledLine",
    "BillingPeriod",
    "Every",
    "Expense",
    "LineKind",
    "Markup",
    "MarkupCharge",
    "MediaCharge",
    "MediaCommission",
    "MediaPlacement",
    "Milestone",
    "Proration",
    "Retainer",
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


# -------------------------------------------------------------------------------- billing

_TAG: Final = LINE_REFERENCE  # `` [contract|arrangement|start..end|kind]``, see _Lines.add
LineKind = Literal["fee", "overage", "milestone", "time", "expense", "capped", "media", "markup"]
"""What a billed line is for: a retainer fee or its overage, a milestone, time, an expense, capped
time and materials, media, or a marked-up cost."""

LINE_KINDS: Final[tuple[LineKind, ...]] = get_args(LineKind)


class _Derived(Enum):
    """The default of :func:`bill`'s ``last_number``: numbers derived from what is billed."""

    DERIVED = "derived"

    def __repr__(self) -> str:
        return "<numbers derived from the contract and period>"


_DERIVED: Final = _Derived.DERIVED

_BILLABLE: Final = frozenset({"signed", "active", "expired", "terminated", "renewed"})


@attrs.frozen(kw_only=True)
class BilledLine:
    """What an invoice line produced by :func:`bill` says it bills: contract, arrangement, days.

    :func:`bill` ends each line's description with ``[contract|arrangement|start..end|kind]``;
    this is that reference read back, with the invoice's number and date and the line's net
    amount. ``kind`` is one of :data:`LINE_KINDS`.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-1", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> (jan,) = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31), last_number=None)
    >>> (line,) = billed_lines([jan])
    >>> line.invoice, line.contract_id, line.arrangement, str(line.period), line.kind, line.net
    ('INV-000001', 'CT-1', 'retainer', '2026-01-01..2026-01-31', 'fee', Money('1000.00', 'EUR'))
    """

    invoice: str
    issued_on: pendulum.Date
    contract_id: str
    arrangement: str
    period: BillingPeriod
    kind: LineKind
    net: Money


def billed_lines(
    invoices: Iterable[Invoice], contract_id: str | None = None
) -> tuple[BilledLine, ...]:
    """The lines of ``invoices`` that :func:`bill` produced (void invoices left out).

    Only lines whose description carries a billing reference count; ``contract_id`` keeps those
    of one contract.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="CT-2", client_id="acme", title="Retainer", value=Money("3000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=3, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))],
    ...              ).negotiate(at=at).sign(at=at)
    >>> billed = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 2, 28), last_number=None)
    >>> by_hand = Invoice(number="INV-9", client_id="acme", currency="EUR",
    ...                   issued_on=pendulum.date(2026, 2, 28), terms=PaymentTerms.net(30),
    ...                   lines=[InvoiceLine(description="Extra work", quantity=1,
    ...                                      unit_price=Money("10.00", "EUR"))])
    >>> [(line.invoice, line.kind, line.net) for line in billed_lines([*billed, by_hand], "CT-2")]
    [('INV-000001', 'fee', Money('1000.00', 'EUR')), ('INV-000001', 'fee', Money('1000.00', 'EUR'))]
    >>> billed_lines(billed, "CT-3")
    ()
    """
    found: list[BilledLine] = []
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        if invoice.status is InvoiceStatus.VOID:
            continue
        for line, amounts in zip(invoice.lines, invoice.line_amounts(), strict=True):
            match = _TAG.search(line.description)
            if match is None or (contract_id is not None and match["contract"] != contract_id):
                continue
            found.append(
                BilledLine(
                    invoice=invoice.number,
                    issued_on=invoice.issued_on,
                    kind=cast("LineKind", match["kind"]),
                    contract_id=match["contract"],
                    arrangement=match["arrangement"],
                    period=BillingPeriod(
                        _dt.date.fromisoformat(match["start"]), _dt.date.fromisoformat(match["end"])
                    ),
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

    Empty (falsy) when the period was never billed; void invoices do not count.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.invoices import InvoiceNumbering
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-9", client_id="acme", title="Retainer", value=Money("12000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("1000.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> jan = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31), last_number=None)
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


def _route(contract: Contract, item: TimeEntry | Expense | MediaPlacement) -> str:
    if item.arrangement is not None:
        arrangement = contract.arrangement(item.arrangement)
        kinds = _TAKERS[type(item)]
        if not isinstance(arrangement, kinds) or not _takes(arrangement, item):
            raise ValidationError(
                "arrangement",
                item.arrangement,
                f"an arrangement that takes a {type(item).__name__}",
            )
        return item.arrangement
    names = [
        a.name
        for a in contract.arrangements
        if isinstance(a, _TAKERS[type(item)]) and _takes(a, item)
    ]
    if len(names) != 1:
        raise ValidationError(
            "arrangement",
            None,
            f"the name of the arrangement that takes this {type(item).__name__} "
            f"(the contract has {len(names)} that could: {names})",
        )
    return names[0]


def _takes(arrangement: Arrangement, item: object) -> bool:
    if isinstance(arrangement, Retainer):
        return arrangement.included_hours is not None
    return True


_TAKERS: Final[Mapping[type, tuple[type, ...]]] = MappingProxyType(
    {
        TimeEntry: (Retainer, TimeAndMaterials),
        Expense: (TimeAndMaterials, Markup),
        MediaPlacement: (MediaCommission,),
    }
)


def _label(period: BillingPeriod, every: Every) -> str:
    if every == "month":
        return f"{_MONTH_NAMES[period.start.month - 1]} {period.start.year}"
    if every == "quarter":
        return f"Q{(period.start.month - 1) // 3 + 1} {period.start.year}"
    return str(period.start.year)


_MONTH_NAMES: Final = tuple(_calendar.month_name[1:])


class _Lines:
    """The lines of one arrangement for one bill, each tagged with its reference."""

    def __init__(self, contract: Contract, name: str, period: BillingPeriod) -> None:
        self.contract = contract
        self.name = name
        self.period = period
        self.lines: list[InvoiceLine] = []

    def add(
        self,
        kind: LineKind,
        text: str,
        quantity: Decimal | int,
        unit_price: Money,
        period: BillingPeriod | None = None,
    ) -> None:
        tag = period if period is not None else self.period
        self.lines.append(
            InvoiceLine(
                description=f"{text} [{self.contract.id}|{self.name}|{tag}|{kind}]",
                quantity=quantity,
                unit_price=unit_price,
                taxes=self.contract.taxes,
            )
        )


def bill(
    contract: Contract,
    period_start: _dt.date,
    period_end: _dt.date,
    *,
    entries: Iterable[TimeEntry | Expense | MediaPlacement] = (),
    accepted: Iterable[Acceptance] = (),
    billed: Iterable[Invoice] = (),
    numbering: InvoiceNumbering | None = None,
    last_number: str | _Derived | None = _DERIVED,
    issued_on: _dt.date | None = None,
) -> tuple[Invoice, ...]:
    """Draft invoices for what ``contract`` earns in ``period_start..period_end``.

    - Retainers bill their fee for the days of the period inside the term (prorated per calendar
      period), and overage hours for each calendar period whose last day in the term falls in the
      billing period (hours are replayed from the term's start, so pass all the time entries).
    - Milestones bill when accepted in the period (``accepted`` or their own ``accepted_on``).
    - Time and materials bill the hours and expenses dated in the period, up to the cap given what
      ``billed`` invoices already billed; media placements and marked-up costs likewise by date.

    ``entries`` mixes :class:`TimeEntry`, :class:`Expense` and :class:`MediaPlacement` values; each
    goes to the arrangement it names, or to the only one that can take it. Each invoice line ends
    with a reference ``[contract|arrangement|start..end|kind]`` (see :class:`BilledLine`); an
    arrangement whose period appears in ``billed`` (not void) is skipped, so billing a period
    twice adds nothing, and a period that overlaps one billed before without matching it is
    refused. Invoices are dated ``issued_on`` (the period's last day by default), with the
    contract's payment terms; one per period or one per arrangement, as the contract says.

    **Numbers.** The library never invents a number from a clock or a global counter. Given
    ``last_number`` (``None`` for the very first), the invoices take the numbers after it with
    ``numbering`` (``InvoiceNumbering()`` by default), for a legal sequence. Without it, each draft
    is numbered from what it bills, deterministically: ``"<contract id>/<start>..<end>"`` for the
    period asked for, followed by ``"/<arrangement>"`` when the contract invoices per arrangement
    (``"C-10/2026-01-01..2026-01-31"``), so billing the same inputs again gives the same numbers;
    renumber a draft with ``attrs.evolve(draft, number=...)`` before issuing it if your sequence
    requires.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-10", client_id="acme", title="Retainer", value=Money("37200.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 9), term_months=12, signatories=["ana"],
    ...              arrangements=[Retainer(fee=Money("3100.00", "EUR"))])
    >>> c = c.negotiate(at=at).sign(at=at)
    >>> january = pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31)
    >>> (jan,) = bill(c, *january, last_number="INV-000041")
    >>> jan.number, jan.total
    ('INV-000042', Money('2300.00', 'EUR'))
    >>> text, reference = jan.lines[0].description.split(" [")
    >>> text
    'Retainer January 2026 (2026-01-09..2026-01-31, 23/31 days)'
    >>> reference
    'C-10|retainer|2026-01-09..2026-01-31|fee]'
    >>> bill(c, *january, billed=[jan], last_number="INV-000042")
    ()
    >>> [draft.number for draft in bill(c, *january)]
    ['C-10/2026-01-01..2026-01-31']
    """
    if not isinstance(contract, Contract):
        raise ValidationError("contract", contract, "a Contract")
    if contract.status.value not in _BILLABLE:
        raise ValidationError(
            "contract", contract.status.value, "a signed contract (not a draft or in negotiation)"
        )
    period = _period(period_start, period_end)
    last = contract.last_day
    covered: BillingPeriod | None = None
    if last is None or last >= contract.start:
        term = BillingPeriod(
            contract.start, max(period.end, contract.start) if last is None else last
        )
        covered = period.intersection(term)
    acceptances = {a.milestone: a.on for a in to_sequence_of("accepted", Acceptance, accepted)}
    for name in acceptances:
        if not isinstance(contract.arrangement(name), Milestone):
            raise ValidationError("accepted", name, "the name of one of the contract's milestones")
    previous = billed_lines(to_sequence_of("billed", Invoice, billed), contract.id)
    routed: dict[str, list[Any]] = {a.name: [] for a in contract.arrangements}
    for item in to_sequence("entries", entries):
        if not isinstance(item, TimeEntry | Expense | MediaPlacement):
            raise ValidationError("entries", item, "TimeEntry, Expense or MediaPlacement values")
        routed[_route(contract, item)].append(item)
    groups: list[_Lines] = []
    for arrangement in contract.arrangements:
        lines = _Lines(contract, arrangement.name, covered if covered is not None else period)
        before = [b for b in previous if b.arrangement == arrangement.name]
        if isinstance(arrangement, Milestone):
            day = acceptances.get(arrangement.name, arrangement.accepted_on)
            if day is not None and period.contains(day) and not before:
                amount = milestone_amounts(contract)[arrangement.name]
                text = f"Milestone {arrangement.name} accepted on {day}"
                lines.add("milestone", text, 1, amount, BillingPeriod(day, day))
        elif covered is not None and not _billed_before(arrangement.name, covered, before):
            _usage_lines(lines, arrangement, covered, routed[arrangement.name], before)
        groups.append(lines)
    derived = f"{contract.id}/{period}"
    chunks = [(f"{derived}/{g.name}", g.lines) for g in groups if g.lines]
    if contract.invoicing == "grouped":
        chunks = [(derived, [line for _, chunk in chunks for line in chunk])] if chunks else []
    if numbering is not None and last_number is _DERIVED:
        raise ValidationError(
            "last_number", None, "the last number issued (or None for the first) with numbering="
        )
    numbers = numbering if numbering is not None else InvoiceNumbering()
    day = period.end if issued_on is None else to_date(issued_on, "issued_on")
    invoices: list[Invoice] = []
    previous_number = last_number
    for name, chunk in chunks:
        if isinstance(previous_number, _Derived):
            number = name
        else:
            number = previous_number = numbers.next_number(previous_number)
        invoices.append(
            Invoice(
                number=number,
                client_id=contract.client_id,
                currency=contract.currency,
                issued_on=day,
                lines=chunk,
                terms=contract.payment_terms,
            )
        )
    return tuple(invoices)


def _billed_before(name: str, covered: BillingPeriod, before: list[BilledLine]) -> bool:
    clash = [b for b in before if b.period.overlaps(covered)]
    if clash and any(b.period != covered for b in clash):
        billed = ", ".join(sorted({str(b.period) for b in clash}))
        raise ValidationError(
            "period",
            str(covered),
            f"a period that does not overlap what was billed before for {name!r} ({billed})",
        )
    return bool(clash)


def _usage_lines(
    lines: _Lines,
    arrangement: Arrangement,
    covered: BillingPeriod,
    items: list[Any],
    before: list[BilledLine],
) -> None:
    dated = [i for i in items if covered.contains(i.on)]
    if isinstance(arrangement, Retainer):
        term = BillingPeriod(lines.contract.start, lines.contract.last_day or covered.end)
        _retainer_lines(lines, arrangement, term, covered, items)
    elif isinstance(arrangement, TimeAndMaterials):
        _time_lines(lines, arrangement, dated, before)
    elif isinstance(arrangement, MediaCommission):
        for placement in dated:
            charge = placement.price(arrangement)
            rebate = f", rebate {charge.rebate.amount}" if charge.rebate.amount else ""
            lines.add(
                "media",
                f"Media: {placement.description} on {placement.on} "
                f"(gross {charge.gross.amount}{rebate})",
                1,
                charge.billed,
            )
    elif isinstance(arrangement, Markup):
        for expense in dated:
            marked = arrangement.apply(expense.amount)
            lines.add(
                "markup",
                f"{expense.description} on {expense.on} "
                f"(net {marked.net.amount} + {arrangement.rate} markup)",
                1,
                marked.billed,
            )


def _retainer_lines(
    lines: _Lines,
    retainer: Retainer,
    term: BillingPeriod,
    covered: BillingPeriod,
    entries: list[TimeEntry],
) -> None:
    for segment in retainer.segments(covered.start, covered.end, term_start=term.start):
        if segment.amount.amount:
            lines.add(
                "fee",
                f"Retainer {_label(segment.period, retainer.every)} "
                f"({segment.start}..{segment.end}, {segment.days}/{segment.period_days} days)",
                1,
                segment.amount,
            )
    if retainer.included_hours is None:
        return
    used: dict[BillingPeriod, Decimal] = {}
    for entry in entries:
        if term.contains(entry.on) and entry.on <= covered.end:
            key = calendar_period(entry.on, retainer.every)
            used[key] = DECIMAL_CONTEXT.add(used.get(key, _ZERO), entry.hours)
    span = BillingPeriod(term.start, covered.end)
    for row in retainer.hours(span, used):
        if (
            covered.contains(row.end)
            and row.overage
            and retainer.overage_rate is not None
            and (row.end == min(row.period.end, term.end))
        ):
            lines.add(
                "overage",
                f"Hours over the retainer's allowance, {_label(row.period, retainer.every)} "
                f"({row.used} used of {row.allowance})",
                row.overage,
                retainer.overage_rate,
            )


def _time_lines(
    lines: _Lines,
    arrangement: TimeAndMaterials,
    dated: list[TimeEntry | Expense],
    before: list[BilledLine],
) -> None:
    entries = [i for i in dated if isinstance(i, TimeEntry)]
    expenses = [i for i in dated if isinstance(i, Expense)]
    billed_before = Money.sum((b.net for b in before), arrangement.currency)
    charge = arrangement.charge(entries, expenses, billed_before=billed_before)
    if charge.excess.amount:
        if charge.billed.amount:
            lines.add(
                "capped",
                f"Time and materials up to the cap of {arrangement.cap} "
                f"({charge.uncapped.amount} worked, {charge.excess.amount} over the cap "
                "not billed)",
                1,
                charge.billed,
            )
        return
    for role in charge.time:
        lines.add("time", f"{role.role}: {role.hours} h", role.hours, role.rate)
    for expense in charge.expenses:
        lines.add(
            "expense", f"Expense: {expense.description} on {expense.on}", 1, expense.amount.round()
        )
