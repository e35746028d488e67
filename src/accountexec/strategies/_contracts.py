"""Hypothesis strategies for contracts, billing arrangements and their inputs, profit and loss."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import attrs
import pendulum
from hypothesis import assume
from hypothesis import strategies as st

from accountexec.commerce import billing as _billing
from accountexec.commerce.billing import (
    Acceptance,
    Arrangement,
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    BilledLine,
    BillingPeriod,
    BillingRun,
    BillingState,
    CarryOver,
    Expense,
    Markup,
    MarkupCharge,
    MediaCharge,
    MediaCommission,
    MediaPlacement,
    Milestone,
    Retainer,
    RetainerHours,
    RetainerSegment,
    RoleTime,
    TimeAndMaterials,
    TimeAndMaterialsCharge,
    TimeEntry,
    bill,
)
from accountexec.commerce.contracts import (
    Amendment,
    Contract,
    ContractStatus,
    Renewal,
    RenewalKind,
    Termination,
    Tower,
    term_end,
)
from accountexec.commerce.profit import Cost, ProfitAndLoss, TowerResult
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate
from accountexec.strategies._currency import ANY_CURRENCY

__all__ = [
    "acceptances",
    "arrangement_bills",
    "arrangement_charges",
    "arrangement_states",
    "billed_lines",
    "billing_periods",
    "billing_runs",
    "billing_states",
    "contract_dates",
    "contracts",
    "costs",
    "expenses",
    "markups",
    "media_commissions",
    "media_placements",
    "milestones",
    "profits_and_losses",
    "register",
    "renewals",
    "retainer_hours",
    "retainer_segments",
    "retainers",
    "role_times",
    "time_and_materials",
    "time_and_materials_charges",
    "time_entries",
    "towers",
]

_ROLES = ("designer", "copywriter", "engineer", "strategist")
_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def contract_dates(
    min_value: dt.date = dt.date(2000, 1, 1), max_value: dt.date = dt.date(2080, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """Dates as pendulum ``Date`` values between the bounds.

    >>> from hypothesis import find
    >>> find(contract_dates(), lambda d: d.day == 31)
    Date(2000, 1, 31)
    """
    return st.dates(min_value, max_value).map(lambda d: pendulum.Date(d.year, d.month, d.day))


def _amounts(
    currency: str | Currency, low: str = "0.01", high: str = "100000"
) -> st.SearchStrategy[Money]:
    """Amounts rounded to ``currency``'s minor unit (two, none or three places) in the bounds."""
    cur = Currency(currency)
    places = cur.minor_units

    def units(bound: str, rounding: str) -> int:
        scaled = Decimal(bound).scaleb(places, DECIMAL_CONTEXT)
        return int(scaled.to_integral_value(rounding=rounding, context=DECIMAL_CONTEXT))

    minor = st.integers(units(low, ROUND_CEILING), units(high, ROUND_FLOOR))
    return minor.map(lambda n: Money(Decimal(n).scaleb(-places, DECIMAL_CONTEXT), cur))


def towers(currency: str | Currency | None = None) -> st.SearchStrategy[Tower]:
    """Towers with a manager and an annual value.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(towers("JPY"))
    ... def check(tower):
    ...     assert tower.annual_value.currency.code == "JPY" and tower.annual_value.is_rounded
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(towers)
    return st.builds(Tower, _NAMES, _NAMES, _amounts(currency, "0", "1000000"))


def renewals(kind: RenewalKind | str | None = None) -> st.SearchStrategy[Renewal]:
    """Renewal clauses (any kind unless ``kind`` is given).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(renewals("automatic"))
    ... def check(clause):
    ...     assert clause.kind is RenewalKind.AUTOMATIC and 1 <= clause.notice_days <= 120
    >>> check()
    """
    kinds = st.sampled_from(list(RenewalKind)) if kind is None else st.just(RenewalKind(kind))
    return st.builds(
        Renewal,
        kind=kinds,
        term_months=st.none() | st.integers(1, 36),
        notice_days=st.integers(1, 120),
        notice_in_business_days=st.booleans(),
    )


def retainers(
    currency: str | Currency | None = None, *, with_hours: bool | None = None
) -> st.SearchStrategy[Retainer]:
    """Retainers with a monthly (quarterly, yearly) fee, maybe with included hours.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(retainers(with_hours=True))
    ... def check(retainer):
    ...     assert retainer.included_hours is not None and retainer.fee.amount >= 1
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(
            lambda code: retainers(code, with_hours=with_hours)
        )

    @st.composite
    def build(draw: st.DrawFn) -> Retainer:
        hours = draw(st.booleans()) if with_hours is None else with_hours
        included = draw(st.integers(0, 80)) if hours else None
        carry = draw(st.sampled_from(_CARRY_MODES)) if hours else False
        return Retainer(
            fee=draw(_amounts(currency, "1", "50000")),
            every=draw(st.sampled_from(["month", "month", "quarter", "year"])),
            proration=draw(st.sampled_from(["daily", "none"])),
            included_hours=included,
            overage_rate=draw(st.none() | _amounts(currency, "10", "300")) if hours else None,
            carry_over=carry,
            carry_limit_hours=draw(st.none() | st.integers(0, 40)) if carry else None,
            name=draw(st.sampled_from(["retainer", "fee", "support"])),
        )

    return build()


_CARRY_MODES: tuple[CarryOver, ...] = (False, "surplus", "surplus_and_deficit")


def milestones(currency: str | Currency | None = None) -> st.SearchStrategy[Milestone]:
    """Milestones with an amount or a portion of the contract value.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(milestones())
    ... def check(milestone):
    ...     assert (milestone.amount is None) != (milestone.portion is None)
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(milestones)
    by_amount = st.builds(
        Milestone,
        name=_NAMES,
        amount=_amounts(currency, "1", "100000"),
        accepted_on=st.none() | contract_dates(),
    )
    by_portion = st.builds(
        Milestone,
        name=_NAMES,
        portion=st.integers(1, 50).map(Rate.percent),
        accepted_on=st.none() | contract_dates(),
    )
    return by_amount | by_portion


def time_and_materials(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[TimeAndMaterials]:
    """Time and materials with a rate for each of a few roles, maybe a cap.

    The roles are those :func:`time_entries` draws, so the two can be combined.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(time_and_materials(), time_entries())
    ... def check(tm, entry):
    ...     assert tm.charge([entry]).uncapped.amount > 0
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(time_and_materials)
    return st.builds(
        TimeAndMaterials,
        hourly_rates=st.fixed_dictionaries(
            {role: _amounts(currency, "20", "250") for role in _ROLES}
        ),
        cap=st.none() | _amounts(currency, "100", "100000"),
    )


def media_commissions() -> st.SearchStrategy[MediaCommission]:
    """Media commissions from 0% to 50%.

    >>> from hypothesis import given, settings
    >>> from accountexec.money import Money
    >>> @settings(max_examples=10)
    ... @given(media_commissions())
    ... def check(media):
    ...     charge = media.commission(Money("1000.00", "EUR"))
    ...     assert charge.billed == charge.cost + charge.margin
    >>> check()
    """
    return st.builds(
        MediaCommission,
        rate=st.integers(0, 5000).map(lambda n: Rate(Decimal(n).scaleb(-4, DECIMAL_CONTEXT))),
        rebate_reduces_base=st.booleans(),
    )


def markups() -> st.SearchStrategy[Markup]:
    """Markups from 0% to 100%.

    >>> from hypothesis import given, settings
    >>> from accountexec.money import Money
    >>> @settings(max_examples=10)
    ... @given(markups())
    ... def check(markup):
    ...     assert markup.apply(Money("100.00", "EUR")).billed >= Money("100.00", "EUR")
    >>> check()
    """
    return st.builds(
        Markup,
        rate=st.integers(0, 10000).map(lambda n: Rate(Decimal(n).scaleb(-4, DECIMAL_CONTEXT))),
    )


def time_entries(
    currency: str | Currency | None = None, *, start: dt.date = dt.date(2026, 1, 1), days: int = 365
) -> st.SearchStrategy[TimeEntry]:
    """Time entries in the roles :func:`time_and_materials` prices, within ``days`` of ``start``.

    >>> import datetime as dt
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(time_entries(start=dt.date(2026, 3, 1), days=31))
    ... def check(entry):
    ...     assert entry.on.month == 3 and 0 < entry.hours <= 10
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(
            lambda code: time_entries(code, start=start, days=days)
        )
    first = pendulum.Date(start.year, start.month, start.day)
    return st.builds(
        TimeEntry,
        person=_NAMES,
        role=st.sampled_from(_ROLES),
        on=st.integers(0, days - 1).map(lambda n: first.add(days=n)),
        hours=st.integers(1, 40).map(lambda n: DECIMAL_CONTEXT.divide(Decimal(n), Decimal(4))),
    )


def expenses(currency: str | Currency | None = None) -> st.SearchStrategy[Expense]:
    """Third-party expenses in ``currency``, rounded, from zero.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(expenses("GBP"))
    ... def check(expense):
    ...     assert expense.amount.currency.code == "GBP" and expense.amount.is_rounded
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(expenses)
    return st.builds(
        Expense, description=_NAMES, on=contract_dates(), amount=_amounts(currency, "0", "50000")
    )


def media_placements(currency: str | Currency | None = None) -> st.SearchStrategy[MediaPlacement]:
    """Media placements at gross (maybe with a rebate) or at net.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(media_placements(), media_commissions())
    ... def check(placement, media):
    ...     charge = placement.price(media)
    ...     assert charge.billed == charge.cost + charge.margin
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(media_placements)

    @st.composite
    def build(draw: st.DrawFn) -> MediaPlacement:
        on = draw(contract_dates())
        amount = draw(_amounts(currency, "0", "500000"))
        if draw(st.booleans()):
            return MediaPlacement(description="net buy", on=on, net=amount)
        rebate = draw(st.none() | _amounts(currency, "0", str(amount.amount)))
        return MediaPlacement(description="gross buy", on=on, gross=amount, rebate=rebate)

    return build()


def acceptances() -> st.SearchStrategy[Acceptance]:
    """Acceptances of a milestone on a day.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(acceptances())
    ... def check(acceptance):
    ...     assert acceptance.milestone and acceptance.on.year >= 2000
    >>> check()
    """
    return st.builds(Acceptance, _NAMES, contract_dates())


def billing_periods() -> st.SearchStrategy[BillingPeriod]:
    """Periods of one day to three years.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(billing_periods())
    ... def check(period):
    ...     assert 1 <= period.days <= 1101 and period.contains(period.end)
    >>> check()
    """
    return st.builds(
        lambda start, days: BillingPeriod(start, start.add(days=days)),
        contract_dates(max_value=dt.date(2077, 1, 1)),
        st.integers(0, 1100),
    )


def costs(currency: str | Currency | None = None) -> st.SearchStrategy[Cost]:
    """Labour and third-party costs, not tied to a tower.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(costs())
    ... def check(cost):
    ...     assert cost.tower is None and cost.kind in ("labour", "third_party")
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(costs)
    return st.builds(
        Cost,
        description=_NAMES,
        on=contract_dates(),
        amount=_amounts(currency, "0", "100000"),
        kind=st.sampled_from(["labour", "third_party"]),
    )


_WALK = {
    ContractStatus.DRAFT: (),
    ContractStatus.IN_NEGOTIATION: ("negotiate",),
    ContractStatus.SIGNED: ("negotiate", "sign"),
    ContractStatus.ACTIVE: ("negotiate", "sign", "activate"),
    ContractStatus.EXPIRED: ("negotiate", "sign", "activate", "expire"),
    ContractStatus.TERMINATED: ("negotiate", "sign", "activate", "terminate"),
}


@st.composite
def contracts(
    draw: st.DrawFn,
    *,
    currency: str | Currency | None = None,
    status: ContractStatus | str | None = None,
    renewal: RenewalKind | str | None = None,
    arrangements: bool = True,
) -> Contract:
    """Valid contracts, walked through the workflow to ``status`` (default: any but ``renewed``).

    Terms run 1 to 36 months from a start between 2000 and 2077 (or to an explicit end, or
    open-ended when the renewal allows). Arrangements (when wanted) are a retainer, time and
    materials and a milestone or two, in ``currency``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(contracts(status="active", currency="JPY"))
    ... def check(contract):
    ...     assert contract.status is ContractStatus.ACTIVE and contract.currency.code == "JPY"
    >>> check()
    """
    if currency is None:
        currency = draw(st.sampled_from(ANY_CURRENCY))
    target = ContractStatus(status) if status is not None else draw(st.sampled_from(list(_WALK)))
    clause = draw(renewals(renewal))
    start = draw(contract_dates(max_value=dt.date(2077, 1, 1)))
    shape = draw(st.sampled_from(["months", "end", "open"]))
    needs_end = clause.kind is not RenewalKind.NONE or target is ContractStatus.EXPIRED
    term_months: int | None = draw(st.integers(1, 36))
    end = None
    if shape == "end" and clause.term_months is not None:
        end = start.add(days=draw(st.integers(1 if needs_end else 0, 1000)))
        term_months = None
    elif shape == "open" and not needs_end:
        term_months = None
    if clause.kind is not RenewalKind.NONE:  # notice must fall after the start, in every term
        first = (end if term_months is None else term_end(start, term_months)) or start
        longest = (first - start).days
        months = clause.term_months or term_months
        if months is not None:
            longest = min(longest, 27 * months)
        clause = attrs.evolve(clause, notice_days=max(1, min(clause.notice_days, longest)))
    tower_list = draw(st.lists(towers(currency), max_size=3, unique_by=lambda t: t.name))
    chosen: list[Arrangement] = []
    if arrangements:
        chosen.append(draw(retainers(currency)))
        if draw(st.booleans()):
            chosen.append(draw(time_and_materials(currency)))
        if draw(st.booleans()):
            chosen.append(Milestone(name="kickoff", portion=Rate.percent(draw(st.integers(1, 50)))))
    dates: dict[str, object] = {"term_months": term_months}
    if term_months is None:
        dates["end"] = end
    contract = Contract(
        id=f"C-{draw(st.integers(1, 9999))}",
        client_id=draw(_NAMES),
        title=draw(_NAMES),
        value=draw(_amounts(currency, "0", "5000000")),
        start=start,
        **dates,  # type: ignore[arg-type]
        towers=tower_list,
        renewal=clause,
        signatories=draw(st.lists(_NAMES, min_size=1, max_size=3)),
        arrangements=chosen,
    )
    at = pendulum.datetime(start.year, start.month, start.day, tz="UTC")
    for event in _WALK[target]:
        if event == "expire" and contract.end is not None:
            last = contract.end.add(days=1)
            contract = contract.expire(
                at=pendulum.datetime(last.year, last.month, last.day, tz="UTC")
            )
        elif event == "terminate":
            contract = contract.terminate(at=at, reason="breach", effective=contract.start)
        else:
            contract = getattr(contract, event)(at=at)
    return contract


def profits_and_losses() -> st.SearchStrategy[ProfitAndLoss]:
    """Profit and loss of an active contract on a day of its first years, with a few costs.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(profits_and_losses())
    ... def check(pnl):
    ...     by_tower = Money.sum((t.recognised for t in pnl.towers), pnl.currency)
    ...     assert pnl.total.recognised == by_tower
    >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> ProfitAndLoss:
        contract = draw(contracts(status="active"))
        as_of = contract.start.add(days=draw(st.integers(0, 1200)))
        spent = draw(st.lists(costs(contract.currency.code), max_size=3))
        return ProfitAndLoss.for_contract(contract, (), spent, as_of=as_of)

    return build()


def retainer_segments(currency: str | Currency | None = None) -> st.SearchStrategy[RetainerSegment]:
    """Segments of :func:`retainers` over periods of up to a year (:meth:`Retainer.segments`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(retainer_segments())
    ... def check(segment):
    ...     assert segment.days <= segment.period_days and segment.amount.amount >= 0
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(retainer_segments)

    @st.composite
    def build(draw: st.DrawFn) -> RetainerSegment:
        retainer = draw(retainers(currency))
        start = draw(contract_dates(max_value=dt.date(2079, 1, 1)))
        end = start.add(days=draw(st.integers(0, 366)))
        return draw(st.sampled_from(retainer.segments(start, end)))

    return build()


def time_and_materials_charges(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[TimeAndMaterialsCharge]:
    """What :func:`time_and_materials` charge for a few entries and expenses, maybe capped.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(time_and_materials_charges())
    ... def check(charge):
    ...     assert charge.billed + charge.excess == charge.uncapped
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(time_and_materials_charges)

    @st.composite
    def build(draw: st.DrawFn) -> TimeAndMaterialsCharge:
        tm = draw(time_and_materials(currency))
        entries = draw(st.lists(time_entries(currency), max_size=4))
        spent = draw(st.lists(expenses(currency), max_size=2))
        before = draw(st.none() | _amounts(currency, "0", "100000"))
        return tm.charge(entries, spent, billed_before=before)

    return build()


def role_times(currency: str | Currency | None = None) -> st.SearchStrategy[RoleTime]:
    """The time per role of :func:`time_and_materials_charges` (at least one entry).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(role_times())
    ... def check(time):
    ...     assert time.amount == (time.rate * time.hours).round()
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(role_times)

    @st.composite
    def build(draw: st.DrawFn) -> RoleTime:
        tm = draw(time_and_materials(currency))
        entries = draw(st.lists(time_entries(currency), min_size=1, max_size=4))
        return draw(st.sampled_from(tm.charge(entries).time))

    return build()


_BILLABLE = (
    ContractStatus.SIGNED,
    ContractStatus.ACTIVE,
    ContractStatus.EXPIRED,
    ContractStatus.TERMINATED,
)


def billed_lines(currency: str | Currency | None = None) -> st.SearchStrategy[BilledLine]:
    """Lines that :func:`~accountexec.billing.bill` wrote for a month of a :func:`contracts` term.

    The month is the one the contract starts in; its milestone (if any) is accepted that day.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(billed_lines())
    ... def check(line):
    ...     assert line.kind in ("fee", "milestone") and line.net.amount >= 0
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(billed_lines)

    @st.composite
    def build(draw: st.DrawFn) -> BilledLine:
        status = draw(st.sampled_from(_BILLABLE))
        contract = draw(contracts(currency=currency, status=status))
        start = contract.start
        first = pendulum.Date(start.year, start.month, 1)
        last = first.add(months=1).subtract(days=1)
        accepted = [
            Acceptance(a.name, start) for a in contract.arrangements if isinstance(a, Milestone)
        ]
        run = bill(contract, first, last, accepted=accepted, state=BillingState.opening(contract))
        found = _billing.billed_lines(run.invoices, contract.id)
        assume(found)
        return draw(st.sampled_from(found))

    return build()


def retainer_hours(currency: str = "EUR") -> st.SearchStrategy[RetainerHours]:
    """Calendar periods of a retainer's hours, replayed over a term of up to a year.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(retainer_hours())
    ... def check(row):
    ...     assert row.used >= 0 and row.overage >= 0
    >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> RetainerHours:
        retainer = draw(retainers(currency, with_hours=True))
        start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)))
        term = BillingPeriod(start, start + dt.timedelta(days=draw(st.integers(0, 366))))
        periods = [s.period for s in retainer.segments(term.start, term.end)]
        used = {p: Decimal(draw(st.integers(0, 120))) for p in periods}
        return draw(st.sampled_from(retainer.hours(term, used)))

    return build()


def billing_runs(currency: str = "EUR") -> st.SearchStrategy[BillingRun]:
    """The first :func:`~accountexec.billing.bill` run: the first month of a :func:`contracts` term.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(billing_runs())
    ... def check(run):
    ...     assert {i.number for i in run.invoices} <= {"INV-000001", "INV-000002", "INV-000003",
    ...                                                  "INV-000004", "INV-000005", "INV-000006"}
    >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> BillingRun:
        status = draw(st.sampled_from(_BILLABLE))
        contract = draw(contracts(currency=currency, status=status))
        start = contract.start
        first = pendulum.Date(start.year, start.month, 1)
        last = first.add(months=1).subtract(days=1)
        accepted = [
            Acceptance(a.name, start)
            for a in contract.arrangements
            if isinstance(a, Milestone) and draw(st.booleans())
        ]
        return bill(contract, first, last, accepted=accepted, state=BillingState.opening(contract))

    return build()


def billing_states(currency: str = "EUR") -> st.SearchStrategy[BillingState]:
    """Billing states: the opening state of a contract, or the state after its first month.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(billing_states())
    ... def check(state):
    ...     assert all(len(a.periods) <= 1 for a in state.arrangements)
    >>> check()
    """
    return billing_runs(currency).map(lambda run: run.state) | contracts(currency=currency).map(
        BillingState.opening
    )


@st.composite
def arrangement_states(draw: st.DrawFn, currency: str = "EUR") -> ArrangementState:
    """Arrangement states: billed periods in order, hours carried, an amount billed.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(arrangement_states())
    ... def check(state):
    ...     assert state.open_hours >= 0
    >>> check()
    """
    spans = draw(st.lists(billing_periods(), max_size=3))
    periods: list[BillingPeriod] = []
    for span in sorted(spans, key=lambda p: p.start):
        if not periods or span.start > periods[-1].end.add(days=1):
            periods.append(span)
    return ArrangementState(
        name=draw(st.sampled_from(["retainer", "media", "design", "time_and_materials"])),
        periods=periods,
        carried_hours=draw(st.integers(-80, 80).map(Decimal)),
        open_hours=draw(st.integers(0, 200).map(Decimal)),
        billed=draw(st.none() | _amounts(currency, "0", "100000")),
        billed_on=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))),
    )


def arrangement_charges(currency: str = "EUR") -> st.SearchStrategy[ArrangementCharge]:
    """Charges an arrangement may bill.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(arrangement_charges())
    ... def check(charge):
    ...     assert charge.quantity >= 0
    >>> check()
    """
    return st.builds(
        ArrangementCharge,
        kind=st.sampled_from(_billing.LINE_KINDS),
        description=_NAMES,
        quantity=st.integers(0, 100),
        unit_price=_amounts(currency, "0", "5000"),
        period=st.none() | billing_periods(),
    )


def arrangement_bills(currency: str = "EUR") -> st.SearchStrategy[ArrangementBill]:
    """What an arrangement bills for a period: charges and its state after them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(arrangement_bills())
    ... def check(result):
    ...     assert len(result.charges) <= 3
    >>> check()
    """
    return st.builds(
        ArrangementBill,
        charges=st.lists(arrangement_charges(currency), max_size=3),
        state=arrangement_states(currency),
    )


def register() -> None:
    """Register a strategy for each public type of contracts, billing and profit."""
    st.register_type_strategy(RetainerSegment, retainer_segments())
    st.register_type_strategy(TimeAndMaterialsCharge, time_and_materials_charges())
    st.register_type_strategy(RoleTime, role_times())
    st.register_type_strategy(BilledLine, billed_lines())
    st.register_type_strategy(BillingRun, billing_runs())
    st.register_type_strategy(RetainerHours, retainer_hours())
    st.register_type_strategy(BillingState, billing_states())
    st.register_type_strategy(ArrangementState, arrangement_states())
    st.register_type_strategy(ArrangementCharge, arrangement_charges())
    st.register_type_strategy(ArrangementBill, arrangement_bills())
    st.register_type_strategy(Contract, contracts())
    st.register_type_strategy(Tower, towers())
    st.register_type_strategy(Renewal, renewals())
    st.register_type_strategy(Retainer, retainers())
    st.register_type_strategy(Milestone, milestones())
    st.register_type_strategy(TimeAndMaterials, time_and_materials())
    st.register_type_strategy(MediaCommission, media_commissions())
    st.register_type_strategy(Markup, markups())
    st.register_type_strategy(TimeEntry, time_entries())
    st.register_type_strategy(Expense, expenses())
    st.register_type_strategy(MediaPlacement, media_placements())
    st.register_type_strategy(Acceptance, acceptances())
    st.register_type_strategy(BillingPeriod, billing_periods())
    st.register_type_strategy(Cost, costs())
    st.register_type_strategy(ProfitAndLoss, profits_and_losses())
    st.register_type_strategy(TowerResult, profits_and_losses().map(lambda pnl: pnl.total))
    st.register_type_strategy(
        Termination,
        st.builds(Termination, reason=_NAMES, effective=contract_dates()),
    )
    st.register_type_strategy(
        Amendment,
        contracts(status="signed").map(
            lambda c: c.amend(
                reason="scope", at=c.history[-1].at, title=f"{c.title} v2"
            ).amendments[-1]
        ),
    )
    st.register_type_strategy(
        MediaCharge,
        st.builds(lambda m, g: m.commission(g), media_commissions(), _amounts("EUR", "0")),
    )
    st.register_type_strategy(
        MarkupCharge, st.builds(lambda m, n: m.apply(n), markups(), _amounts("EUR", "0"))
    )
