"""Hypothesis strategies for accountexec.targets and accountexec.retention.

Attainment, retention figures and renewal rates are computed by the library from drawn inputs, so
every value drawn is one a caller could reach.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from accountexec.commerce.contracts import Contract, RenewalKind
from accountexec.commerce.retention import (
    RenewalRate,
    RetentionFigures,
    UpcomingRenewal,
    renewal_rate,
    revenue_retention,
)
from accountexec.money import Money
from accountexec.pipeline.targets import Attainment, AttainmentRow, SalesTarget, attainment
from accountexec.strategies._contracts import contracts
from accountexec.strategies._money import money
from accountexec.strategies._pipeline import opportunities

__all__ = [
    "attainment_rows",
    "attainments",
    "renewal_rates",
    "retention_figures",
    "sales_targets",
    "upcoming_renewals",
]

_OWNERS = ("ana", "ben", "cy")


def _periods() -> st.SearchStrategy[str]:
    years = st.integers(2020, 2030)
    return st.one_of(
        years.map(str),
        st.tuples(years, st.integers(1, 4)).map(lambda p: f"{p[0]}-Q{p[1]}"),
        st.tuples(years, st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
    )


def sales_targets(currency: str | None = None) -> st.SearchStrategy[SalesTarget]:
    """Targets for an owner or a team, in a month, quarter or year, of a positive amount.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(sales_targets())
    ... def check(target):
    ...     assert target.amount.amount > 0 and target.owners
    >>> check()
    """
    codes = ("EUR", "USD", "JPY") if currency is None else (currency,)
    return st.builds(
        SalesTarget,
        st.sampled_from((*_OWNERS, "north team")),
        _periods(),
        st.sampled_from(codes).flatmap(lambda c: money(c, min_value=1, max_value="10000000")),
        members=st.frozensets(st.sampled_from(_OWNERS), max_size=3),
    )


@st.composite
def attainments(draw: st.DrawFn) -> Attainment:
    """Attainment of drawn targets (in one currency) over drawn deals as of a drawn date.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(attainments())
    ... def check(result):
    ...     assert all(row.gap <= row.target.amount for row in result)
    >>> check()
    """
    deals = draw(st.lists(opportunities(currency="EUR"), max_size=5))
    goals = draw(st.lists(sales_targets("EUR"), min_size=1, max_size=3))
    as_of = draw(st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)))
    return attainment(goals, deals, as_of=as_of)


@st.composite
def attainment_rows(draw: st.DrawFn) -> AttainmentRow:
    """A row of a drawn attainment.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(attainment_rows())
    ... def check(row):
    ...     assert row.won.currency == row.target.amount.currency
    >>> check()
    """
    return draw(st.sampled_from(draw(attainments()).rows))


@st.composite
def retention_figures(draw: st.DrawFn) -> RetentionFigures:
    """Retention between two drawn maps of revenue per client, in one currency.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(retention_figures())
    ... def check(figures):
    ...     grr = figures.gross_retention
    ...     assert grr is None or grr.value <= 1
    >>> check()
    """
    code = draw(st.sampled_from(("EUR", "USD", "JPY")))
    amounts = money(code, min_value=0, max_value="1000000")
    clients = st.sampled_from(("a", "b", "c", "d", "e"))
    start = draw(st.dictionaries(clients, amounts, min_size=1, max_size=4))
    end = draw(st.dictionaries(clients, amounts, max_size=4))
    if not any(m.amount for m in (*start.values(), *end.values())):
        start["a"] = Money("1", code).round()
    return revenue_retention(start, end)


@st.composite
def renewal_rates(draw: st.DrawFn) -> RenewalRate:
    """The renewal rate of drawn contracts over a drawn year.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(renewal_rates())
    ... def check(rate):
    ...     assert rate.renewed <= rate.due
    >>> check()
    """
    deals: list[Contract] = draw(st.lists(contracts(currency="EUR"), max_size=4))
    year = draw(st.integers(2020, 2030))
    return renewal_rate(deals, dt.date(year, 1, 1), dt.date(year, 12, 31), currency="EUR")


def upcoming_renewals() -> st.SearchStrategy[UpcomingRenewal]:
    """Rows of the renewal pipeline: a contract's value, end, notice deadline and kind.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(upcoming_renewals())
    ... def check(row):
    ...     assert row.notice_deadline < row.ends_on
    >>> check()
    """

    def build(
        values: tuple[Money, Money], ends_on: dt.date, notice: int, ahead: int, kind: RenewalKind
    ) -> UpcomingRenewal:
        deadline = ends_on - dt.timedelta(days=notice)
        return UpcomingRenewal(
            contract_id="C-1",
            client_id="fjord",
            value=values[0],
            annual_value=values[1],
            ends_on=ends_on,
            notice_deadline=deadline,
            days_to_notice=ahead,
            renewal=kind,
        )

    amounts = money("EUR", min_value=0, max_value="1000000")
    return st.builds(
        build,
        st.tuples(amounts, amounts),
        st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
        st.integers(1, 120),
        st.integers(0, 90),
        st.sampled_from((RenewalKind.AUTOMATIC, RenewalKind.MANUAL)),
    )


def register() -> None:
    """Register the target and retention strategies for ``st.from_type``."""
    st.register_type_strategy(SalesTarget, sales_targets())
    st.register_type_strategy(Attainment, attainments())
    st.register_type_strategy(AttainmentRow, attainment_rows())
    st.register_type_strategy(RetentionFigures, retention_figures())
    st.register_type_strategy(RenewalRate, renewal_rates())
    st.register_type_strategy(UpcomingRenewal, upcoming_renewals())
