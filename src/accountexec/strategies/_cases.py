"""Hypothesis strategies for accountexec.cases: client issues, SLA policies and their readings.

Issues are walked through their workflow at increasing moments; statuses and escalations are
computed by :func:`sla_status` and :func:`escalation`, so every value drawn is reachable.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.clients.accounts import AccountTeam
from accountexec.clients.cases import (
    ClientIssue,
    Escalation,
    Severity,
    SlaClock,
    SlaPolicy,
    SlaStatus,
    escalation,
    sla_status,
)
from accountexec.deadlines import BusinessHours

__all__ = [
    "client_issues",
    "escalations",
    "sla_clocks",
    "sla_policies",
    "sla_statuses",
]

_ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")


@st.composite
def sla_policies(draw: st.DrawFn, *, calendar: WorkCalendar | None = None) -> SlaPolicy:
    """SLA policies covering every severity, on a calendar with a few holidays.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(sla_policies())
    ... def check(policy):
    ...     assert set(policy.first_response) == set(Severity)
    >>> check()
    """
    if calendar is None:
        holidays = draw(st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)), max_size=10))
        opening = draw(st.integers(6, 10))
        closing = draw(st.integers(opening + 4, 20))
        calendar = WorkCalendar(
            holidays=holidays,
            timezone=draw(st.sampled_from(_ZONES)),
            working_hours=(dt.time(opening), dt.time(closing, draw(st.sampled_from((0, 30))))),
        )
    hours = st.integers(0, 120)
    return SlaPolicy(
        first_response={s: BusinessHours(draw(hours)) for s in Severity},
        resolution={s: BusinessHours(draw(hours)) for s in Severity},
        calendar=calendar,
        pause_while_waiting=draw(st.booleans()),
        director_after=BusinessHours(draw(st.integers(0, 40))),
    )


@st.composite
def client_issues(draw: st.DrawFn, *, max_moves: int = 6) -> ClientIssue:
    """Client issues opened in 2025 to 2027 and moved through up to ``max_moves`` events.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(client_issues())
    ... def check(issue):
    ...     assert all(c.at >= issue.opened_at for c in issue.history)
    >>> check()
    """
    opened = draw(st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2027, 12, 31))).replace(
        microsecond=0
    )
    zone = draw(st.sampled_from(_ZONES))
    at = pendulum.instance(opened, tz=zone)
    issue = ClientIssue(
        draw(st.sampled_from(("I-1", "I-2", "CASE-77"))),
        draw(st.sampled_from(("fjord", "acme"))),
        at,
        draw(st.sampled_from(list(Severity))),
        draw(st.sampled_from(("invoice total wrong", "late banner", "site down"))),
        draw(st.sampled_from(("ana", "ben"))),
    )
    for _ in range(draw(st.integers(0, max_moves))):
        events = sorted(issue.allowed_events())
        if not events:
            break
        at = at.add(minutes=draw(st.integers(0, 3 * 24 * 60)))
        issue = getattr(issue, draw(st.sampled_from(events)))(at=at)
    return issue


@st.composite
def sla_statuses(draw: st.DrawFn) -> SlaStatus:
    """The SLA status of a drawn issue under a drawn policy, some time after it opened.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(sla_statuses())
    ... def check(status):
    ...     assert status.first_response.remaining <= status.first_response.target
    >>> check()
    """
    issue = draw(client_issues())
    policy = draw(sla_policies())
    at = issue.opened_at + dt.timedelta(minutes=draw(st.integers(0, 20 * 24 * 60)))
    return sla_status(issue, policy, at)


@st.composite
def sla_clocks(draw: st.DrawFn) -> SlaClock:
    """One clock of a drawn SLA status.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(sla_clocks())
    ... def check(clock):
    ...     assert clock.remaining == dt.timedelta(0) or clock.breached_by == dt.timedelta(0)
    >>> check()
    """
    status = draw(sla_statuses())
    return draw(st.sampled_from((status.first_response, status.resolution)))


@st.composite
def escalations(draw: st.DrawFn) -> Escalation:
    """Who should act on a drawn issue, for a team with or without supervisor and director.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(escalations())
    ... def check(step):
    ...     assert step.role in ("executive", "supervisor", "director")
    >>> check()
    """
    issue = draw(client_issues())
    policy = draw(sla_policies())
    team = AccountTeam(
        executive="ana",
        supervisor=draw(st.sampled_from((None, "cy"))),
        director=draw(st.sampled_from((None, "dee"))),
    )
    at = issue.opened_at + dt.timedelta(minutes=draw(st.integers(0, 20 * 24 * 60)))
    return escalation(issue, policy, team, at)


def register() -> None:
    """Register the client-issue strategies for ``st.from_type``."""
    st.register_type_strategy(ClientIssue, client_issues())
    st.register_type_strategy(SlaPolicy, sla_policies())
    st.register_type_strategy(SlaStatus, sla_statuses())
    st.register_type_strategy(SlaClock, sla_clocks())
    st.register_type_strategy(Escalation, escalations())
