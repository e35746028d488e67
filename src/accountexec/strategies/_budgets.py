"""Hypothesis strategies for accountexec.budgets (and, below, accountexec.campaigns).

Budgets are built through their own methods (commit, spend, change orders, reallocation), so every
value drawn is one a caller could have reached; refused steps are simply skipped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from accountexec.budgets import (
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
from accountexec.errors import BudgetExceededError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money

__all__ = [
    "budget_lines",
    "budget_warnings",
    "budgets",
    "change_orders",
    "commitments",
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
    currency: str = "EUR", *, min_units: int = 0, max_units: int = 10_000_000
) -> st.SearchStrategy[Money]:
    """Amounts of ``currency`` rounded to its minor unit, between ``min_units`` and ``max_units``.

    >>> from hypothesis import given
    >>> @given(rounded_money("JPY", min_units=1))
    ... def test(m):
    ...     assert m.is_rounded and m.amount >= 1
    >>> test()
    """
    cur = Currency(currency)
    return st.integers(min_value=min_units, max_value=max_units).map(
        lambda units: Money(DECIMAL_CONTEXT.scaleb(Decimal(units), -cur.minor_units), cur)
    )


def budget_lines(currency: str = "EUR") -> st.SearchStrategy[BudgetLine]:
    """Single :class:`~accountexec.budgets.BudgetLine` values in ``currency``."""
    return st.builds(BudgetLine, st.sampled_from(_LINE_KEYS), rounded_money(currency))


def change_orders(currency: str = "EUR") -> st.SearchStrategy[ChangeOrder]:
    """Single :class:`~accountexec.budgets.ChangeOrder` values (not tied to a budget)."""
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


def commitments(currency: str = "EUR") -> st.SearchStrategy[Commitment]:
    """Single :class:`~accountexec.budgets.Commitment` values (not tied to a budget)."""
    return st.builds(
        Commitment,
        id=st.integers(1, 999).map(lambda n: f"IO-{n}"),
        line=st.sampled_from(_LINE_KEYS),
        amount=rounded_money(currency, min_units=1),
        on=_dates(),
        reference=st.sampled_from(("", "insertion order", "purchase order")),
    )


def spend_entries(currency: str = "EUR") -> st.SearchStrategy[SpendEntry]:
    """Single :class:`~accountexec.budgets.SpendEntry` values (not tied to a budget)."""
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

    >>> from hypothesis import given
    >>> @given(budgets(policy="stop"))
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


def budget_warnings(currency: str = "EUR") -> st.SearchStrategy[BudgetWarning]:
    """Single :class:`~accountexec.budgets.BudgetWarning` values."""
    return st.builds(
        BudgetWarning,
        kind=st.sampled_from(("commitment", "spend")),
        entry_id=st.sampled_from(("IO-1", "INV-1")),
        line=st.sampled_from(_LINE_KEYS),
        amount=rounded_money(currency, min_units=1),
        remaining=rounded_money(currency),
    )


def line_summaries() -> st.SearchStrategy[LineSummary]:
    """The :class:`~accountexec.budgets.LineSummary` of a line of a drawn budget."""
    return budgets().flatmap(lambda b: st.sampled_from(b.lines_summary()))


def period_amounts() -> st.SearchStrategy[PeriodAmount]:
    """A :class:`~accountexec.budgets.PeriodAmount` of a drawn budget's monthly split."""
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
