"""Hypothesis strategies for accountexec.budgets and accountexec.campaigns.

Budgets are built through their own methods (commit, spend, change orders, reallocation), so every
value drawn is one a caller could have reached; refused steps are simply skipped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pendulum
from hypothesis import strategies as st

from accountexec.clients.budgets import (
    Budget,
    BudgetLine,
    BudgetWarning,
    ChangeOrder,
    Commitment,
    LineSummary,
    OverspendPolicy,
    PeriodAmount,
    SpendEntry,
)
from accountexec.clients.campaigns import KPI, Campaign, CampaignRollup, Deliverable, rollup
from accountexec.deadlines import BusinessDays
from accountexec.errors import BudgetExceededError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money
from accountexec.strategies._currency import ANY_CURRENCY
from accountexec.workflow import apply

__all__ = [
    "budget_lines",
    "budget_warnings",
    "budgets",
    "campaign_rollups",
    "campaign_trees",
    "campaigns",
    "change_orders",
    "commitments",
    "deliverables",
    "kpis",
    "line_summaries",
    "period_amounts",
    "rounded_money",
    "spend_entries",
]

_CURRENCIES = ("EUR", "USD", "GBP", "JPY", "BHD")
_LINE_KEYS = ("search", "social", "tv", "radio", "print", "ooh", "production", "fees")
_MIN_DAY = dt.date(2000, 1, 1)
_MAX_DAY = dt.date(2060, 12, 31)


def _dates(
    min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[pendulum.Date]:
    return st.dates(min_value=min_value, max_value=max_value).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


def rounded_money(
    currency: str | Currency | None = None, *, min_units: int = 0, max_units: int = 10_000_000
) -> st.SearchStrategy[Money]:
    """Amounts of ``currency`` rounded to its minor unit, between ``min_units`` and ``max_units``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(rounded_money("JPY", min_units=1))
    ... def test(m):
    ...     assert m.is_rounded and m.amount >= 1
    >>> test()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(
            lambda code: rounded_money(code, min_units=min_units, max_units=max_units)
        )
    cur = Currency(currency)
    return st.integers(min_value=min_units, max_value=max_units).map(
        lambda units: Money(DECIMAL_CONTEXT.scaleb(Decimal(units), -cur.minor_units), cur)
    )


def budget_lines(currency: str | Currency | None = None) -> st.SearchStrategy[BudgetLine]:
    """Single :class:`~accountexec.budgets.BudgetLine` values in ``currency``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(budget_lines("JPY"))
    ... def test(line):
    ...     assert line.planned.currency.code == "JPY" and line.planned.is_rounded
    >>> test()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(budget_lines)
    return st.builds(BudgetLine, st.sampled_from(_LINE_KEYS), rounded_money(currency))


def change_orders(currency: str | Currency | None = None) -> st.SearchStrategy[ChangeOrder]:
    """Single :class:`~accountexec.budgets.ChangeOrder` values (not tied to a budget).

    Amounts are non-zero: positive ones add to a line, negative ones cut it.

    >>> from hypothesis import find
    >>> cut = find(change_orders("GBP"), lambda order: order.amount.amount < 0)
    >>> cut.amount.currency.code, cut.amount.is_rounded
    ('GBP', True)
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(change_orders)
    amount = st.builds(
        lambda m, negative: -m if negative else m,
        rounded_money(currency, min_units=1),
        st.booleans(),
    )
    return st.builds(
        ChangeOrder,
        line=st.sampled_from(_LINE_KEYS),
        amount=amount,
        reason=st.sampled_from(("client cut", "extra flight", "new market", "rate card")),
        approved_on=_dates(),
    )


def commitments(currency: str | Currency | None = None) -> st.SearchStrategy[Commitment]:
    """Single :class:`~accountexec.budgets.Commitment` values (not tied to a budget).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(commitments("BHD"))
    ... def test(commitment):
    ...     assert commitment.amount.amount > 0 and commitment.amount.is_rounded
    ...     assert commitment.id.startswith("IO-")
    >>> test()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(commitments)
    return st.builds(
        Commitment,
        id=st.integers(1, 999).map(lambda n: f"IO-{n}"),
        line=st.sampled_from(_LINE_KEYS),
        amount=rounded_money(currency, min_units=1),
        on=_dates(),
        reference=st.sampled_from(("", "insertion order", "purchase order")),
    )


def spend_entries(currency: str | Currency | None = None) -> st.SearchStrategy[SpendEntry]:
    """Single :class:`~accountexec.budgets.SpendEntry` values (not tied to a budget).

    Some are booked against a commitment (an ``IO-`` id), some are not.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(spend_entries())
    ... def check(entry):
    ...     assert entry.against_commitment is None or entry.against_commitment.startswith("IO-")
    ...     assert entry.amount.amount > 0
    >>> check()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(spend_entries)
    return st.builds(
        SpendEntry,
        id=st.integers(1, 999).map(lambda n: f"INV-{n}"),
        line=st.sampled_from(_LINE_KEYS),
        amount=rounded_money(currency, min_units=1),
        on=_dates(),
        reference=st.sampled_from(("", "media invoice")),
        against_commitment=st.none() | st.integers(1, 999).map(lambda n: f"IO-{n}"),
    )


@st.composite
def budgets(
    draw: st.DrawFn,
    *,
    currency: str | None = None,
    policy: OverspendPolicy | str | None = None,
    max_lines: int = 4,
    max_steps: int = 8,
    max_days: int = 800,
) -> Budget:
    """Valid budgets with lines, and commitments, spend and change orders made through the API.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(budgets(policy="stop"))
    ... def test(budget):
    ...     assert budget.remaining.amount >= 0
    >>> test()
    """
    code = currency if currency is not None else draw(st.sampled_from(_CURRENCIES))
    start = draw(_dates())
    end = start.add(days=draw(st.integers(min_value=0, max_value=max_days)))
    keys = draw(st.lists(st.sampled_from(_LINE_KEYS), min_size=1, max_size=max_lines, unique=True))
    lines = [BudgetLine(key, draw(rounded_money(code))) for key in keys]
    budget = Budget(
        id=draw(st.integers(1, 999).map(lambda n: f"B-{n}")),
        currency=code,
        start=start,
        end=end,
        lines=lines,
        policy=policy if policy is not None else draw(st.sampled_from(list(OverspendPolicy))),
    )
    steps = draw(st.integers(min_value=0, max_value=max_steps))
    for step in range(steps):
        kind = draw(st.sampled_from(("commit", "spend", "spend_against", "change", "move")))
        line = draw(st.sampled_from(keys))
        amount = draw(rounded_money(code, min_units=1, max_units=5_000_000))
        on = draw(_dates(start, end))
        try:
            if kind == "commit":
                budget = budget.commit(f"IO-{step}", line, amount, on=on)
            elif kind == "spend":
                budget = budget.spend(f"INV-{step}", line, amount, on=on)
            elif kind == "spend_against" and budget.commitments:
                commitment = draw(st.sampled_from(budget.commitments))
                budget = budget.spend(
                    f"INV-{step}",
                    commitment.line,
                    amount,
                    on=on,
                    against_commitment=commitment.id,
                )
            elif kind == "change":
                signed = -amount if draw(st.booleans()) else amount
                budget = budget.apply_change_order(line, signed, reason="change", approved_on=on)
            elif kind == "move" and len(keys) > 1:
                target = draw(st.sampled_from([k for k in keys if k != line]))
                budget = budget.reallocate(line, target, amount, on=on)
        except (BudgetExceededError, ValidationError):
            continue
    return budget


def budget_warnings(currency: str | Currency | None = None) -> st.SearchStrategy[BudgetWarning]:
    """Single :class:`~accountexec.budgets.BudgetWarning` values.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(budget_warnings("USD"))
    ... def test(warning):
    ...     assert warning.amount.currency == warning.remaining.currency
    ...     assert warning.message.startswith(warning.kind)
    >>> test()
    """
    if currency is None:
        return st.sampled_from(ANY_CURRENCY).flatmap(budget_warnings)
    return st.builds(
        BudgetWarning,
        kind=st.sampled_from(("commitment", "spend")),
        entry_id=st.sampled_from(("IO-1", "INV-1")),
        line=st.sampled_from(_LINE_KEYS),
        amount=rounded_money(currency, min_units=1),
        remaining=rounded_money(currency),
    )


def line_summaries() -> st.SearchStrategy[LineSummary]:
    """The :class:`~accountexec.budgets.LineSummary` of a line of a drawn budget.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(line_summaries())
    ... def test(line):
    ...     assert line.original + line.changes == line.planned
    ...     assert line.remaining == line.planned - line.committed - line.actual
    >>> test()
    """
    return budgets().flatmap(lambda b: st.sampled_from(b.lines_summary()))


def period_amounts() -> st.SearchStrategy[PeriodAmount]:
    """A :class:`~accountexec.budgets.PeriodAmount` of a drawn budget's monthly split.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(period_amounts())
    ... def test(part):
    ...     assert part.start <= part.end
    ...     assert (part.start.year, part.start.month) == (part.end.year, part.end.month)
    ...     assert part.amount.is_rounded
    >>> test()
    """
    return budgets(max_steps=0).flatmap(lambda b: st.sampled_from(b.split_by_period("month")))


def register() -> None:
    """Register the strategies of this module for ``st.from_type``."""
    st.register_type_strategy(Budget, budgets())
    st.register_type_strategy(BudgetLine, budget_lines())
    st.register_type_strategy(BudgetWarning, budget_warnings())
    st.register_type_strategy(ChangeOrder, change_orders())
    st.register_type_strategy(Commitment, commitments())
    st.register_type_strategy(LineSummary, line_summaries())
    st.register_type_strategy(PeriodAmount, period_amounts())
    st.register_type_strategy(SpendEntry, spend_entries())
    register_campaigns()


# -- campaigns ----------------------------------------------------------------------------------

_DELIVERABLE_NAMES = ("copy", "visuals", "spot", "landing page", "media plan", "report", "banners")
_PEOPLE = ("ana", "ben", "chloe", "dev")
_AT = pendulum.datetime(2000, 1, 3, 9, tz="Europe/London")


@st.composite
def deliverables(
    draw: st.DrawFn,
    *,
    currency: str | Currency | None = None,
    names: tuple[str, ...] = _DELIVERABLE_NAMES,
) -> Deliverable:
    """Single :class:`~accountexec.campaigns.Deliverable` values with no dependencies.

    Some are dated (a date or a ``BusinessDays`` rule), some carry a cost; some are started,
    done or dropped through their workflow.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(deliverables())
    ... def test(d):
    ...     assert d.history or d.status == "planned"
    >>> test()
    """
    if currency is None:
        currency = draw(st.sampled_from(ANY_CURRENCY))
    due = draw(st.none() | _dates() | st.integers(0, 30).map(BusinessDays))
    deliverable = Deliverable(
        name=draw(st.sampled_from(names)),
        owner=draw(st.sampled_from(_PEOPLE)),
        duration=draw(st.integers(min_value=0, max_value=10)),
        due=due,
        cost=draw(st.none() | rounded_money(currency, max_units=100_000)),
    )
    for event in draw(
        st.sampled_from(((), ("start",), ("finish",), ("drop",), ("start", "finish")))
    ):
        deliverable = apply(deliverable, event, at=_AT)
    return deliverable


def kpis() -> st.SearchStrategy[KPI]:
    """Single :class:`~accountexec.campaigns.KPI` values, measured (with an actual) or not yet.

    >>> from hypothesis import find
    >>> find(kpis(), lambda kpi: kpi.actual is None).attainment is None
    True
    >>> find(kpis(), lambda kpi: (kpi.attainment or 0) > 1).actual > 0
    True
    """
    numbers = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
    return st.builds(
        KPI,
        st.sampled_from(("reach", "clicks", "conversions", "ctr %")),
        numbers,
        st.none() | numbers,
    )


@st.composite
def campaigns(
    draw: st.DrawFn,
    *,
    currency: str | None = None,
    campaign_id: str | None = None,
    parent_id: str | None = None,
    max_deliverables: int = 5,
) -> Campaign:
    """Valid draft campaigns with a budget, deliverables (launch work and dated work) and KPIs.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(campaigns(currency="JPY"))
    ... def test(c):
    ...     assert c.budget.currency.code == "JPY" and c.status == "draft"
    >>> test()
    """
    code = currency if currency is not None else draw(st.sampled_from(_CURRENCIES))
    start = draw(_dates())
    end = start.add(days=draw(st.integers(min_value=0, max_value=120)))
    budget = draw(budgets(currency=code, max_steps=4))
    names = draw(
        st.lists(st.sampled_from(_DELIVERABLE_NAMES), max_size=max_deliverables, unique=True)
    )
    items: list[Deliverable] = []
    for name in names:
        item = draw(deliverables(currency=code, names=(name,)))
        launch_work = [d.name for d in items if d.due is None]
        pool = launch_work if item.due is None else [d.name for d in items]
        if pool:
            depends_on = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
            item = attrs.evolve(item, depends_on=depends_on)
        items.append(item)
    kpi_list = draw(st.lists(kpis(), max_size=3, unique_by=lambda k: k.name))
    return Campaign(
        id=campaign_id
        if campaign_id is not None
        else draw(st.integers(1, 999).map(lambda n: f"C-{n}")),
        client_id=draw(st.sampled_from(("CL-1", "CL-2"))),
        brief_id=draw(st.sampled_from(("BR-1", "BR-2"))),
        name=draw(st.sampled_from(("Summer", "Launch", "Always on"))),
        flight_start=start,
        flight_end=end,
        budget=budget,
        channels=draw(st.lists(st.sampled_from(_LINE_KEYS), max_size=3, unique=True)),
        deliverables=items,
        kpis=kpi_list,
        expected_revenue=draw(rounded_money(code)),
        parent_id=parent_id,
    )


@st.composite
def campaign_trees(
    draw: st.DrawFn, *, currency: str | None = None, max_size: int = 8
) -> tuple[Campaign, ...]:
    """Campaigns forming a forest (each parent comes before its children), in one currency.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(campaign_trees())
    ... def test(tree):
    ...     assert tree[0].parent_id is None
    >>> test()
    """
    code = currency if currency is not None else draw(st.sampled_from(_CURRENCIES))
    size = draw(st.integers(min_value=1, max_value=max_size))
    items: list[Campaign] = []
    for i in range(size):
        parent = None
        if i and draw(st.integers(0, 3)):
            parent = draw(st.sampled_from(items)).id
        items.append(
            draw(
                campaigns(currency=code, campaign_id=f"C-{i}", parent_id=parent, max_deliverables=1)
            )
        )
    return tuple(items)


def campaign_rollups() -> st.SearchStrategy[CampaignRollup]:
    """A :class:`~accountexec.campaigns.CampaignRollup` of a drawn tree of campaigns.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(campaign_rollups())
    ... def test(total):
    ...     assert total.campaign_ids[0] == total.campaign_id
    ...     assert total.planned.currency == total.actual.currency == total.currency
    >>> test()
    """
    return campaign_trees(max_size=4).map(lambda tree: rollup(tree)[tree[0].id])


def register_campaigns() -> None:
    """Register the campaign strategies for ``st.from_type``."""
    st.register_type_strategy(Campaign, campaigns())
    st.register_type_strategy(CampaignRollup, campaign_rollups())
    st.register_type_strategy(Deliverable, deliverables())
    st.register_type_strategy(KPI, kpis())
