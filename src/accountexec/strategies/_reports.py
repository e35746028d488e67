"""Hypothesis strategies for the reports: thresholds, client reports and health assessments.

>>> from hypothesis import given, settings
>>> @settings(max_examples=10)
... @given(client_reports())
... def test_renders(report):
...     assert report.to_text(locale="en_US")
>>> test_renders()
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from accountexec.reports import AccountHealth, ClientReport, HealthThresholds
from accountexec.strategies._accounts import accounts
from accountexec.strategies._budgets import budgets
from accountexec.strategies._money import rates

__all__ = ["account_healths", "client_reports", "health_thresholds", "register"]


@st.composite
def health_thresholds(draw: st.DrawFn) -> HealthThresholds:
    """Valid thresholds: days and counts from 0, rates from 0%, weights from 0 (one positive).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(health_thresholds())
    ... def check(thresholds):
    ...     assert thresholds.watch_from.value <= thresholds.healthy_from.value
    ...     assert any(thresholds.weights.values())
    >>> check()
    """
    days = st.integers(min_value=0, max_value=120)
    weights = draw(
        st.fixed_dictionaries(
            {
                name: st.integers(min_value=0, max_value=5)
                for name in (
                    "days_since_contact",
                    "overdue_invoices",
                    "budget_variance",
                    "late_deliverables",
                    "renewal_notice",
                    "pipeline_coverage",
                )
            }
        ).filter(lambda w: any(w.values()))
    )
    watch = draw(rates(min_value=0, max_value=1))
    healthy = draw(rates(min_value=watch.value, max_value=1))
    return HealthThresholds(
        contact_days=draw(days),
        overdue_invoices=draw(st.integers(min_value=0, max_value=5)),
        overdue_grace_days=draw(days),
        budget_variance=draw(rates(min_value=0, max_value=1)),
        late_deliverables=draw(st.integers(min_value=0, max_value=5)),
        renewal_notice_days=draw(days),
        pipeline_coverage=draw(st.integers(min_value=0, max_value=6)),
        weights=weights,
        healthy_from=healthy,
        watch_from=watch,
    )


@st.composite
def client_reports(draw: st.DrawFn, *, max_budgets: int = 2) -> ClientReport:
    """Reports of a random account with its activity log and a few budgets, as of a random date.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(client_reports(max_budgets=1))
    ... def check(report):
    ...     assert len(report.budgets) <= 1 and report.account.client.legal_name in report.to_text()
    >>> check()
    """
    as_of = draw(st.dates(min_value=_dt.date(2020, 1, 1), max_value=_dt.date(2030, 12, 31)))
    return ClientReport.build(
        draw(accounts()),
        as_of=as_of,
        budgets=draw(st.lists(budgets(max_steps=4), max_size=max_budgets)),
    )


def account_healths(
    thresholds: st.SearchStrategy[HealthThresholds] | None = None,
) -> st.SearchStrategy[AccountHealth]:
    """Assessments of :func:`client_reports` against random (or given) thresholds.

    >>> from hypothesis import given, settings
    >>> from accountexec.reports import HealthRating
    >>> @settings(max_examples=10)
    ... @given(account_healths())
    ... def check(health):
    ...     assert 0 <= health.score.value <= 1 and health.rating in set(HealthRating)
    >>> check()
    """
    limits = health_thresholds() if thresholds is None else thresholds
    return st.builds(
        lambda report, t: AccountHealth.assess(report, thresholds=t), client_reports(), limits
    )


def register() -> None:
    """Register the strategies of this module for ``st.from_type``."""
    st.register_type_strategy(HealthThresholds, health_thresholds())
    st.register_type_strategy(ClientReport, client_reports())
    st.register_type_strategy(AccountHealth, account_healths())
