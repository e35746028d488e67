"""Tests of accountexec.cases: the issue workflow, SLA clocks on business hours, escalation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.accounts import AccountTeam
from accountexec.calendars import WorkCalendar
from accountexec.cases import (
    ClientIssue,
    IssueStatus,
    SlaClock,
    SlaPolicy,
    SlaState,
    business_time_between,
    escalation,
    sla_status,
)
from accountexec.deadlines import BusinessHours
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._cases import client_issues, sla_policies

LONDON = "Europe/London"
HOUR = dt.timedelta(hours=1)

# England and Wales, 2026: Good Friday 3 April, Easter Monday 6 April; clocks go forward 29 March.
CALENDAR = WorkCalendar(
    timezone=LONDON,
    working_hours=("09:00", "17:00"),
    holidays=[dt.date(2026, 4, 3), dt.date(2026, 4, 6)],
)
POLICY = SlaPolicy(
    first_response={
        "critical": BusinessHours(1),
        "high": BusinessHours(4),
        "low": BusinessHours(16),
    },
    resolution={"critical": BusinessHours(8), "high": BusinessHours(16), "low": BusinessHours(40)},
    calendar=CALENDAR,
)
TEAM = AccountTeam(executive="ana", supervisor="cy", director="dee")


def london(month: int, day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, minute, tz=LONDON)


def issue(opened: pendulum.DateTime, severity: str = "high") -> ClientIssue:
    return ClientIssue("I-1", "fjord", opened, severity, "invoice total wrong", "ana")


class TestWorkflow:
    def test_open_acknowledged_resolved_closed_with_history(self) -> None:
        t0 = london(6, 1, 9)
        done = (
            issue(t0)
            .acknowledge(at=t0.add(minutes=20), by="ana")
            .resolve(at=t0.add(hours=3), note="credit note sent")
            .close(at=t0.add(days=1))
        )
        assert done.status is IssueStatus.CLOSED
        assert [c.event for c in done.history] == ["acknowledge", "resolve", "close"]
        assert done.allowed_events() == frozenset()

    def test_a_resolved_issue_reopens_and_a_closed_one_does_not(self) -> None:
        t0 = london(6, 1, 9)
        resolved = issue(t0).acknowledge(at=t0).resolve(at=t0.add(hours=1))
        assert resolved.reopen(at=t0.add(hours=2)).status is IssueStatus.OPEN
        closed = resolved.close(at=t0.add(hours=2))
        with pytest.raises(InvalidTransitionError, match="allowed events: none"):
            closed.reopen(at=t0.add(hours=3))

    def test_a_change_before_the_opening_is_refused(self) -> None:
        t0 = london(6, 1, 9)
        with pytest.raises(ValidationError, match="on or after the opening"):
            issue(t0).acknowledge(at=t0.subtract(minutes=1))

    def test_a_naive_opening_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'opened_at'"):
            ClientIssue("I-1", "fjord", dt.datetime(2026, 6, 1, 9), "high", "s", "ana")


class TestDueMoments:
    def test_a_friday_evening_issue_is_due_on_monday_across_the_clock_change(self) -> None:
        opened = london(3, 27, 16)  # Friday 27 March, GMT; Monday 30 March is BST
        status = sla_status(issue(opened), POLICY, at=opened)
        assert status.first_response.due.isoformat() == "2026-03-30T12:00:00+01:00"
        assert status.resolution.due.isoformat() == "2026-03-31T16:00:00+01:00"

    def test_easter_holidays_are_skipped(self) -> None:
        opened = london(4, 2, 15)  # Thursday before Good Friday
        status = sla_status(issue(opened), POLICY, at=opened)
        # 2 hours on Thursday, then Tuesday 7 April
        assert status.first_response.due.isoformat() == "2026-04-07T11:00:00+01:00"

    def test_an_issue_opened_at_night_starts_at_the_next_opening(self) -> None:
        opened = london(6, 2, 22)
        status = sla_status(issue(opened, "critical"), POLICY, at=opened)
        assert status.first_response.due == london(6, 3, 10)
        assert status.first_response.elapsed == dt.timedelta(0)


class TestClocks:
    def test_a_late_response_is_breached_by_business_time(self) -> None:
        t0 = london(6, 1, 9)
        late = issue(t0).acknowledge(at=london(6, 2, 11))
        first = sla_status(late, POLICY, at=london(6, 2, 12)).first_response
        assert first.state is SlaState.BREACHED
        assert first.elapsed == 10 * HOUR
        assert first.breached_by == 6 * HOUR
        assert first.stopped_at == london(6, 2, 11)
        assert first.remaining == dt.timedelta(0)

    def test_the_resolution_clock_pauses_while_waiting_on_the_client(self) -> None:
        t0 = london(6, 1, 9)
        waiting = issue(t0).acknowledge(at=t0.add(hours=1)).wait(at=t0.add(hours=3))
        paused = sla_status(waiting, POLICY, at=london(6, 3, 9)).resolution
        assert paused.state is SlaState.PAUSED
        assert paused.due is None
        assert paused.elapsed == 3 * HOUR
        resumed = waiting.resume(at=london(6, 3, 9))
        running = sla_status(resumed, POLICY, at=london(6, 3, 10)).resolution
        assert running.elapsed == 4 * HOUR
        # 13 hours left from 09:00 on 3 June: 8 that day, 5 the next
        assert running.due == london(6, 4, 14)

    def test_without_pausing_the_wait_counts(self) -> None:
        policy = SlaPolicy(
            first_response=POLICY.first_response,
            resolution=POLICY.resolution,
            calendar=CALENDAR,
            pause_while_waiting=False,
        )
        t0 = london(6, 1, 9)
        waiting = issue(t0).acknowledge(at=t0.add(hours=1)).wait(at=t0.add(hours=3))
        at_limit = sla_status(waiting, policy, at=london(6, 3, 9)).resolution
        assert (at_limit.state, at_limit.elapsed) == (SlaState.RUNNING, 16 * HOUR)
        clock = sla_status(waiting, policy, at=london(6, 3, 10)).resolution
        assert clock.state is SlaState.BREACHED
        assert clock.breached_by == HOUR

    def test_a_reopened_issue_runs_on_from_where_it_stopped(self) -> None:
        t0 = london(6, 1, 9)
        resolved = issue(t0).acknowledge(at=t0).resolve(at=t0.add(hours=6))
        met = sla_status(resolved, POLICY, at=london(6, 2, 9)).resolution
        assert (met.state, met.elapsed) == (SlaState.MET, 6 * HOUR)
        reopened = resolved.reopen(at=london(6, 3, 9))
        clock = sla_status(reopened, POLICY, at=london(6, 3, 12)).resolution
        assert clock.elapsed == 9 * HOUR
        # 10 hours left from the reopening at 09:00 on 3 June: 8 that day, 2 the next
        assert clock.due == london(6, 4, 11)

    def test_reading_before_later_changes_ignores_them(self) -> None:
        t0 = london(6, 1, 9)
        done = issue(t0).acknowledge(at=t0.add(hours=2)).resolve(at=t0.add(hours=5))
        early = sla_status(done, POLICY, at=t0.add(hours=1))
        assert early.issue_status is IssueStatus.OPEN
        assert early.first_response.state is SlaState.RUNNING
        assert early.is_open

    def test_a_moment_before_the_opening_is_refused(self) -> None:
        t0 = london(6, 1, 9)
        with pytest.raises(ValidationError, match="'at'"):
            sla_status(issue(t0), POLICY, at=t0.subtract(hours=1))

    def test_a_severity_the_policy_does_not_cover_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'critical', 'high', 'low'"):
            sla_status(issue(london(6, 1, 9), "medium"), POLICY, at=london(6, 1, 9))


class TestEscalation:
    @pytest.mark.parametrize(
        ("hours_later", "person", "role"),
        [(1, "ana", "executive"), (5, "cy", "supervisor"), (30, "dee", "director")],
    )
    def test_up_the_account_team_as_the_breach_grows(
        self, hours_later: int, person: str, role: str
    ) -> None:
        t0 = london(6, 1, 9)
        step = escalation(issue(t0), POLICY, TEAM, at=CALENDAR.add_business_hours(t0, hours_later))
        assert (step.person, step.role) == (person, role)

    def test_a_breached_critical_issue_goes_to_the_director(self) -> None:
        t0 = london(6, 1, 9)
        step = escalation(issue(t0, "critical"), POLICY, TEAM, at=t0.add(hours=2))
        assert step.person == "dee"
        assert step.reason == "first response breached by 1 business hours on a critical issue"

    def test_a_team_without_a_supervisor_or_director_stops_where_it_can(self) -> None:
        t0 = london(6, 1, 9)
        at = CALENDAR.add_business_hours(t0, 30)
        assert (
            escalation(issue(t0), POLICY, AccountTeam(executive="ana", director="dee"), at).person
            == "dee"
        )
        assert escalation(issue(t0), POLICY, AccountTeam(executive="ana"), at).person == "ana"


class TestProperties:
    @given(client_issues(), sla_policies(), st.integers(0, 30 * 24 * 60))
    def test_due_moments_always_fall_inside_business_hours(
        self, case: ClientIssue, policy: SlaPolicy, minutes: int
    ) -> None:
        status = sla_status(case, policy, at=case.opened_at + dt.timedelta(minutes=minutes))
        cal = policy.calendar
        for clock in (status.first_response, status.resolution):
            if clock.due is None:
                continue
            local = pendulum.instance(clock.due).in_timezone(cal.timezone)
            day = local.date()
            assert cal.is_business_day(day)
            assert cal.start_of_business_day(day) <= local <= cal.end_of_business_day(day)

    @given(client_issues(), sla_policies(), st.integers(0, 30 * 24 * 60))
    def test_remaining_and_breach_partition_the_target(
        self, case: ClientIssue, policy: SlaPolicy, minutes: int
    ) -> None:
        status = sla_status(case, policy, at=case.opened_at + dt.timedelta(minutes=minutes))
        for clock in (status.first_response, status.resolution):
            assert clock.elapsed + clock.remaining - clock.breached_by == clock.target
            if clock.state is SlaState.RUNNING:
                assert clock.due is not None

    @given(sla_policies(), st.integers(0, 2000), st.integers(0, 10 * 24 * 60))
    def test_business_time_between_undoes_add_business_hours(
        self, policy: SlaPolicy, quarter_hours: int, offset: int
    ) -> None:
        start = pendulum.datetime(2026, 1, 5, tz=policy.calendar.timezone).add(minutes=offset)
        hours = dt.timedelta(minutes=15 * quarter_hours)
        end = policy.calendar.add_business_hours(start, hours)
        assert business_time_between(start, end, policy.calendar) == hours


class TestSerialisation:
    def test_an_issue_and_a_policy_come_back_equal(self) -> None:
        t0 = london(6, 1, 9)
        case = issue(t0).acknowledge(at=t0).wait(at=t0.add(hours=1))
        assert from_dict(ClientIssue, to_dict(case)) == case
        assert from_dict(SlaPolicy, to_dict(POLICY)) == POLICY


class TestEveryRefusalNamesItsParameter:
    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (
                lambda: ClientIssue(
                    "I-1",
                    "fjord",
                    london(6, 1, 9),
                    "high",
                    "s",
                    "ana",
                    status="acknowledged",
                    history=[
                        issue(london(6, 1, 9))
                        .acknowledge(at=london(6, 1, 9))
                        .history[0]
                        .__class__(
                            event="acknowledge",
                            source="open",
                            target="acknowledged",
                            at=london(5, 1, 9),
                        )
                    ],
                ),
                "history",
            ),
            (lambda: business_time_between(london(6, 1, 9), london(6, 2, 9), "cal"), "calendar"),  # type: ignore[arg-type]
            (
                lambda: SlaPolicy(first_response=[], resolution={}, calendar=CALENDAR),
                "first_response",
            ),  # type: ignore[arg-type]
            (
                lambda: SlaPolicy(first_response={"high": 4}, resolution={}, calendar=CALENDAR),
                "first_response",
            ),  # type: ignore[dict-item]
            (
                lambda: SlaPolicy(
                    first_response=POLICY.first_response, resolution=POLICY.resolution, calendar="x"
                ),
                "calendar",
            ),  # type: ignore[arg-type]
            (
                lambda: SlaPolicy(
                    first_response=POLICY.first_response,
                    resolution=POLICY.resolution,
                    calendar=CALENDAR,
                    pause_while_waiting="no",
                ),
                "pause_while_waiting",
            ),  # type: ignore[arg-type]
            (
                lambda: SlaPolicy(
                    first_response=POLICY.first_response,
                    resolution=POLICY.resolution,
                    calendar=CALENDAR,
                    director_after=8,
                ),
                "director_after",
            ),  # type: ignore[arg-type]
            (
                lambda: SlaClock(name="x", target=-HOUR, elapsed=HOUR, due=None, state="running"),
                "target",
            ),
            (
                lambda: SlaClock(
                    name="x", target=HOUR, elapsed=2 * HOUR, due=None, state="running"
                ),
                "state",
            ),
            (lambda: sla_status("I-1", POLICY, london(6, 1, 9)), "issue"),  # type: ignore[arg-type]
            (lambda: sla_status(issue(london(6, 1, 9)), "policy", london(6, 1, 9)), "policy"),  # type: ignore[arg-type]
            (lambda: escalation(issue(london(6, 1, 9)), POLICY, "team", london(6, 1, 9)), "team"),  # type: ignore[arg-type]
        ],
    )
    def test_refused(self, call: Callable[[], object], field: str) -> None:
        with pytest.raises(ValidationError, match=f"invalid .{field}"):
            call()

    def test_targets_in_decimal_and_timedelta_hours(self) -> None:
        policy = SlaPolicy(
            first_response={"high": BusinessHours(Decimal("1.5"))},
            resolution={"high": BusinessHours(dt.timedelta(hours=8))},
            calendar=CALENDAR,
        )
        status = sla_status(issue(london(6, 1, 9)), policy, at=london(6, 1, 9))
        assert status.first_response.due == london(6, 1, 10, 30)
        assert status.resolution.due == london(6, 1, 17)

    def test_the_status_at_a_moment(self) -> None:
        t0 = london(6, 1, 9)
        case = issue(t0).acknowledge(at=t0.add(hours=1))
        assert case.status_at(t0) is IssueStatus.OPEN
        assert case.status_at(t0.add(hours=2)) is IssueStatus.ACKNOWLEDGED


class TestWhenAClockStopped:
    def test_a_closed_issue_stopped_when_it_was_resolved(self) -> None:
        t0 = london(6, 1, 9)
        closed = issue(t0).acknowledge(at=t0).resolve(at=t0.add(hours=3)).close(at=t0.add(days=2))
        clock = sla_status(closed, POLICY, at=t0.add(days=3)).resolution
        assert (clock.state, clock.stopped_at, clock.elapsed) == (
            SlaState.MET,
            t0.add(hours=3),
            3 * HOUR,
        )

    def test_a_wait_stops_the_clock_when_it_starts(self) -> None:
        t0 = london(6, 1, 9)
        waiting = issue(t0).acknowledge(at=t0).wait(at=t0.add(hours=2))
        assert sla_status(waiting, POLICY, at=t0.add(days=1)).resolution.stopped_at == t0.add(
            hours=2
        )
