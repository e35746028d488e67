"""Hypothesis strategies for accountexec.estimates: rate cards, estimates and job costs.

Estimates are walked through their own workflow and accepted through :meth:`Estimate.accept`, and
job costs are computed by :func:`job_cost`, so every value drawn is one a caller could reach.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from accountexec.commerce.estimates import (
    ArrangementKind,
    CostLine,
    Estimate,
    EstimateAcceptance,
    EstimateTotals,
    JobCost,
    JobCostRow,
    LabourLine,
    RateCard,
    RateCardVersion,
    job_cost,
)
from accountexec.commerce.time_and_materials import Expense, TimeEntry
from accountexec.money import Money, Rate
from accountexec.strategies._money import money

__all__ = [
    "cost_lines",
    "estimate_acceptances",
    "estimate_totals",
    "estimates",
    "job_cost_rows",
    "job_costs",
    "labour_lines",
    "rate_card_versions",
    "rate_cards",
]

_ROLES = ("designer", "copywriter", "producer", "strategist", "developer")
_COSTS = ("photo shoot", "print run", "music licence", "stock images")
_CURRENCIES = ("EUR", "USD", "GBP", "JPY")


def _rate(currency: str) -> st.SearchStrategy[Money]:
    return money(currency, min_value="1", max_value="500")


def _hours() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 4000).map(lambda q: Decimal(q) / 4)


def _day_hours() -> st.SearchStrategy[Decimal]:
    """Hours of one person on one day: at most 24 (a timesheet refuses more)."""
    return st.integers(0, 96).map(lambda q: Decimal(q) / 4)


def _day(low: dt.date, high: dt.date) -> st.SearchStrategy[pendulum.Date]:
    return st.dates(low, high).map(lambda d: pendulum.Date(d.year, d.month, d.day))


def rate_card_versions(currency: str = "EUR") -> st.SearchStrategy[RateCardVersion]:
    """Earlier versions of a rate card: a few roles at positive rates in ``currency``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(rate_card_versions())
    ... def check(version):
    ...     assert version.rates
    >>> check()
    """
    return st.builds(
        RateCardVersion,
        effective=_day(dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
        rates=st.dictionaries(st.sampled_from(_ROLES), _rate(currency), min_size=1, max_size=3),
    )


@st.composite
def rate_cards(draw: st.DrawFn, *, currency: str | None = None) -> RateCard:
    """Rate cards pricing every role from 2020 on, with client overrides and earlier versions.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(rate_cards())
    ... def check(card):
    ...     assert card.rate("designer", on=dt.date(2024, 1, 1)).amount > 0
    >>> check()
    """
    code = draw(st.sampled_from(_CURRENCIES)) if currency is None else currency
    rates = {role: draw(_rate(code)) for role in _ROLES}
    overrides = draw(
        st.dictionaries(
            st.sampled_from(("fjord", "acme")),
            st.dictionaries(st.sampled_from(_ROLES), _rate(code), max_size=2),
            max_size=2,
        )
    )
    card = RateCard(
        draw(st.sampled_from(("standard", "agency 2020"))),
        code,
        rates=rates,
        effective=dt.date(2020, 1, 1),
        overrides=overrides,
    )
    if draw(st.booleans()):
        card = card.revise(
            rates={role: draw(_rate(code)) for role in _ROLES},
            effective=draw(_day(dt.date(2021, 1, 1), dt.date(2030, 12, 31))),
        )
    return card


def labour_lines(*, optional: bool | None = None) -> st.SearchStrategy[LabourLine]:
    """Labour lines: a role and hours in quarter hours, sometimes optional, sometimes named.

    >>> from hypothesis import find
    >>> find(labour_lines(optional=True), lambda line: True).optional
    True
    """
    return st.builds(
        LabourLine,
        st.sampled_from(_ROLES),
        _hours(),
        optional=st.booleans() if optional is None else st.just(optional),
        name=st.none(),
    )


def cost_lines(currency: str = "EUR") -> st.SearchStrategy[CostLine]:
    """Cost lines at a rounded net amount, with or without a markup.

    >>> from hypothesis import find
    >>> find(cost_lines(), lambda line: line.markup is not None).price.currency.code
    'EUR'
    """
    return st.builds(
        CostLine,
        st.sampled_from(_COSTS),
        money(currency, min_value=0, max_value="1000000"),
        st.one_of(st.none(), st.integers(0, 5000).map(lambda b: Rate(Decimal(b) / 10000))),
        optional=st.booleans(),
    )


@st.composite
def _lines(draw: st.DrawFn, currency: str) -> list[LabourLine | CostLine]:
    lines: list[LabourLine | CostLine] = []
    for i, line in enumerate(draw(st.lists(labour_lines(), min_size=1, max_size=5))):
        optional = line.optional and i > 0  # the first line is never an option
        lines.append(LabourLine(line.role, line.hours, optional=optional, name=f"L{i}"))
    costs = draw(st.lists(cost_lines(currency), max_size=3, unique_by=lambda c: c.description))
    lines.extend(costs)
    return lines


@st.composite
def estimates(draw: st.DrawFn, *, currency: str | None = None, walk: bool = True) -> Estimate:
    """Valid estimates of a drawn rate card, walked through their workflow when ``walk``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(estimates())
    ... def check(estimate):
    ...     totals = estimate.totals()
    ...     assert totals.labour + totals.costs + totals.markup + totals.contingency == totals.total
    >>> check()
    """
    card = draw(rate_cards(currency=currency))
    code = card.currency.code
    valid_until = draw(_day(dt.date(2020, 6, 1), dt.date(2035, 12, 31)))
    contingency = draw(st.one_of(st.none(), st.integers(0, 30).map(Rate.percent)))
    estimate = Estimate(
        id=draw(st.sampled_from(("E-1", "E-2", "EST-2026-7"))),
        client_id=draw(st.sampled_from(("fjord", "acme", "kite"))),
        brief_id=draw(st.one_of(st.none(), st.just("B-1"))),
        currency=code,
        lines=draw(_lines(code)),
        rate_card=card,
        contingency=contingency,
        valid_until=valid_until,
        end=valid_until.add(days=draw(st.integers(0, 365))),
    )
    if not walk:
        return estimate
    sent_at = pendulum.datetime(valid_until.year, valid_until.month, valid_until.day, 9, tz="UTC")
    step = draw(st.sampled_from(("draft", "sent", "accepted", "declined", "expired")))
    if step == "draft":
        return estimate
    sent = estimate.send(at=sent_at.subtract(days=draw(st.integers(0, 30))))
    if step == "accepted":
        options = draw(st.lists(st.sampled_from(sent.options), unique=True)) if sent.options else []
        return sent.accept(at=sent_at, options=options).estimate
    if step == "declined":
        return sent.decline(at=sent_at)
    if step == "expired":
        return sent.expire(at=sent_at.add(days=1))
    return sent


@st.composite
def estimate_totals(draw: st.DrawFn) -> EstimateTotals:
    """The totals of a drawn estimate, with some of its options.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(estimate_totals())
    ... def check(totals):
    ...     assert totals.total >= totals.subtotal
    >>> check()
    """
    estimate = draw(estimates(walk=False))
    options = (
        draw(st.lists(st.sampled_from(estimate.options), unique=True)) if estimate.options else []
    )
    return estimate.totals(options)


@st.composite
def estimate_acceptances(draw: st.DrawFn) -> EstimateAcceptance:
    """What accepting a drawn estimate gives, with time and materials, milestones or neither.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(estimate_acceptances())
    ... def check(done):
    ...     assert done.budget.planned == done.estimate.total
    >>> check()
    """
    estimate = draw(estimates(walk=False))
    day = estimate.valid_until
    at = pendulum.datetime(day.year, day.month, day.day, 12, tz="UTC")
    kinds: tuple[ArrangementKind | None, ...] = (None, "time_and_materials", "milestones")
    kind = draw(st.sampled_from(kinds))
    total = estimate.totals().total
    if kind == "time_and_materials" and (not estimate.totals().hours_by_role or total.amount == 0):
        kind = None
    split = None
    if kind == "milestones":
        if total.amount < 1:
            kind = None
        else:
            split = [("kick-off", Rate.percent(50)), ("delivery", Rate.percent(50))]
    return estimate.send(at=at).accept(at=at, arrangement=kind, split=split)


@st.composite
def job_costs(draw: st.DrawFn) -> JobCost:
    """The job cost of a drawn estimate against drawn time entries and expenses.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(job_costs())
    ... def check(cost):
    ...     assert cost.total.at_completion >= cost.total.actual
    >>> check()
    """
    estimate = draw(estimates(walk=False))
    roles = sorted({line.role for line in estimate.lines if isinstance(line, LabourLine)})
    day = estimate.valid_until
    entries = [
        TimeEntry(
            "ana",
            draw(st.sampled_from(roles)),
            day.add(days=draw(st.integers(0, 60))),
            draw(_day_hours()),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    expenses = [
        Expense(
            description=draw(st.sampled_from(_COSTS)),
            on=day.add(days=draw(st.integers(0, 60))),
            amount=draw(money(estimate.currency.code, min_value=0, max_value="100000")),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return job_cost(estimate, entries, expenses, as_of=day.add(days=draw(st.integers(0, 90))))


@st.composite
def job_cost_rows(draw: st.DrawFn) -> JobCostRow:
    """A row of a drawn job cost (the estimate's first line when nothing was booked).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(job_cost_rows())
    ... def check(row):
    ...     assert row.at_completion >= row.actual
    >>> check()
    """
    cost = draw(job_costs())
    return draw(st.sampled_from(cost.rows))


def register() -> None:
    """Register the estimate strategies for ``st.from_type``."""
    st.register_type_strategy(RateCard, rate_cards())
    st.register_type_strategy(RateCardVersion, rate_card_versions())
    st.register_type_strategy(LabourLine, labour_lines())
    st.register_type_strategy(CostLine, cost_lines())
    st.register_type_strategy(Estimate, estimates())
    st.register_type_strategy(EstimateTotals, estimate_totals())
    st.register_type_strategy(EstimateAcceptance, estimate_acceptances())
    st.register_type_strategy(JobCost, job_costs())
    st.register_type_strategy(JobCostRow, job_cost_rows())
