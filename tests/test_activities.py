"""Tests of accountexec.activities: activities, the activity log and recurring client reports."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from typing import Any

import attrs
import numpy as np
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.activities import (
    CONTACT_KINDS,
    Activity,
    ActivityKind,
    ActivityLog,
    RecurringReport,
    ReportCadence,
)
from accountexec.calendars import WorkCalendar
from accountexec.deadlines import BusinessDays, BusinessHours, EndOfMonth
from accountexec.errors import ValidationError
from accountexec.strategies._accounts import (
    activities,
    activity_logs,
    recurring_reports,
    report_cadences,
)
from accountexec.strategies._workflow import aware_datetimes

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
CAL = WorkCalendar(
    timezone="Europe/London",
    holidays=[pendulum.date(2026, 4, 3), pendulum.date(2026, 4, 6), pendulum.date(2026, 5, 4)],
)


def task(activity_id: str, due_at: dt.datetime, **changes: Any) -> Activity:
    return Activity(
        id=activity_id, kind="task", subject=f"Task {activity_id}", due_at=due_at, **changes
    )


class TestActivity:
    def test_a_logged_activity_is_done_when_it_was_held(self) -> None:
        call = Activity(id="A-1", kind="call", subject="Check-in", held_at=AT)
        assert call.is_done
        assert call.done_at == AT
        assert call.contact_at == AT

    def test_a_planned_activity_is_open_until_completed(self) -> None:
        meeting = Activity(id="A-2", kind=ActivityKind.MEETING, subject="QBR", due_at=AT)
        assert not meeting.is_done
        assert meeting.contact_at is None
        done = meeting.complete(at=AT.add(hours=1), outcome="renewal likely")
        assert (done.done_at, done.outcome) == (AT.add(hours=1), "renewal likely")
        assert done.contact_at == AT.add(hours=1)

    def test_completing_twice_is_refused(self) -> None:
        done = task("T-1", AT).complete(at=AT)
        with pytest.raises(ValidationError, match="an open activity"):
            done.complete(at=AT.add(days=1))

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"kind": "lunch"}, "kind"),
            ({"subject": ""}, "subject"),
            ({"id": " "}, "id"),
            ({"participants": ["ana", "ana"]}, "participants"),
            ({"participants": [""]}, "participants"),
            ({"due_at": dt.datetime(2026, 3, 2, 9)}, "due_at"),
            ({"due_at": dt.date(2026, 3, 2)}, "due_at"),
            ({"due_at": None}, "due_at"),
            ({"held_at": AT, "done_at": None}, "done_at"),
            ({"held_at": AT, "done_at": AT.subtract(minutes=1)}, "done_at"),
            ({"outcome": "done"}, "outcome"),
            ({"outcome": 3, "done_at": AT}, "outcome"),
        ],
    )
    def test_an_inconsistent_activity_is_refused(self, changes: dict[str, Any], field: str) -> None:
        args: dict[str, Any] = {"id": "A-1", "kind": "email", "subject": "Recap", "due_at": AT}
        with pytest.raises(ValidationError, match=repr(field)):
            Activity(**{**args, **changes})

    def test_one_participant_may_be_given_as_text(self) -> None:
        assert task("T-1", AT, participants="ana").participants == ("ana",)

    def test_only_meetings_calls_and_emails_are_contact(self) -> None:
        assert {k for k in ActivityKind if k in CONTACT_KINDS} == {"meeting", "call", "email"}
        report = Activity(id="R", kind="report", subject="Monthly", held_at=AT)
        assert report.contact_at is None

    @given(activities())
    def test_generated_activities_are_consistent(self, activity: Activity) -> None:
        assert activity.due_at is not None or activity.held_at is not None
        if activity.held_at is not None:
            assert activity.done_at is not None
            assert activity.done_at >= activity.held_at
        assert attrs.evolve(activity) == activity


class TestActivityLog:
    def test_adding_returns_a_new_log_and_refuses_a_repeated_id(self) -> None:
        log = ActivityLog().add(task("T-1", AT))
        assert len(ActivityLog()) == 0
        assert [a.id for a in log] == ["T-1"]
        assert "T-1" in log
        assert "T-2" not in log
        with pytest.raises(ValidationError, match="unique activity ids"):
            log.add(task("T-1", AT.add(days=1)))
        with pytest.raises(ValidationError, match="Activity values"):
            ActivityLog(["T-1"])  # type: ignore[list-item]

    def test_completing_marks_one_activity_done(self) -> None:
        log = ActivityLog([task("T-1", AT), task("T-2", AT)])
        done = log.complete("T-2", at=AT.add(hours=3), outcome="sent")
        assert not done["T-1"].is_done
        assert done["T-2"].outcome == "sent"
        assert [a.id for a in done.open()] == ["T-1"]
        assert not log["T-2"].is_done
        with pytest.raises(ValidationError, match="the id of an activity in the log"):
            log.complete("T-9", at=AT)

    def test_overdue_lists_open_activities_due_before_as_of_most_overdue_first(self) -> None:
        log = ActivityLog(
            [
                task("T-1", AT.add(days=2)),
                task("T-2", AT),
                task("T-3", AT.add(days=1)).complete(at=AT),
                task("T-4", AT.add(days=5)),
            ]
        )
        assert [a.id for a in log.overdue(as_of=AT.add(days=3))] == ["T-2", "T-1"]
        assert log.overdue(as_of=AT) == ()  # due exactly now is not overdue yet

    def test_next_actions_are_upcoming_open_activities_soonest_first(self) -> None:
        log = ActivityLog(
            [
                task("T-3", AT.add(days=3)),
                task("T-1", AT.add(days=1)),
                task("T-0", AT.subtract(days=1)),
                task("T-2", AT.add(days=1)),
                task("T-5", AT.add(days=2)).complete(at=AT),
            ]
        )
        assert [a.id for a in log.next_actions(as_of=AT)] == ["T-1", "T-2", "T-3"]
        assert [a.id for a in log.next_actions(as_of=AT, limit=1)] == ["T-1"]
        assert log.next_actions(as_of=AT, limit=0) == ()
        with pytest.raises(ValidationError, match="'limit'"):
            log.next_actions(as_of=AT, limit=-1)
        with pytest.raises(ValidationError, match="'as_of'"):
            log.next_actions(as_of=dt.datetime(2026, 3, 2))  # type: ignore[arg-type]

    def test_last_contact_and_days_since_contact(self) -> None:
        log = ActivityLog(
            [
                Activity(id="C-1", kind="call", subject="Intro", held_at=AT),
                Activity(id="E-1", kind="email", subject="Recap", held_at=AT.add(days=2)),
                Activity(id="T-1", kind="task", subject="Plan", due_at=AT, done_at=AT.add(days=5)),
                Activity(id="M-1", kind="meeting", subject="QBR", due_at=AT.add(days=4)),
            ]
        )
        assert log.last_contact() == AT.add(days=2)
        assert log.last_contact(as_of=AT.add(days=1)) == AT
        london = "Europe/London"
        # calendar days in the client's time zone: 4 March to 12 March
        assert log.days_since_contact(as_of=dt.date(2026, 3, 12), timezone=london) == 8
        assert log.days_since_contact(as_of=dt.date(2026, 3, 3), timezone=london) == 1
        assert log.days_since_contact(as_of=dt.date(2026, 3, 2), timezone=london) == 0
        assert log.days_since_contact(as_of=dt.date(2026, 3, 1), timezone=london) is None
        assert ActivityLog().days_since_contact(as_of=dt.date(2026, 3, 2), timezone=london) is None
        with pytest.raises(ValidationError, match="'timezone'"):
            log.days_since_contact(as_of=dt.date(2026, 3, 2), timezone="Mars/Olympus")
        with pytest.raises(ValidationError, match="'as_of'"):
            log.days_since_contact(as_of=AT, timezone=london)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'as_of'"):
            log.last_contact(as_of="today")  # type: ignore[arg-type]

    @given(activity_logs(), aware_datetimes())
    def test_overdue_and_next_actions_partition_the_open_dated_activities(
        self, log: ActivityLog, as_of: dt.datetime
    ) -> None:
        overdue = log.overdue(as_of=as_of)
        upcoming = log.next_actions(as_of=as_of, limit=len(log))
        dated_open = {a.id for a in log.open() if a.due_at is not None}
        assert {a.id for a in overdue} | {a.id for a in upcoming} == dated_open
        assert not {a.id for a in overdue} & {a.id for a in upcoming}
        assert [a.due_at for a in overdue] == sorted(a.due_at for a in overdue)  # type: ignore[type-var]
        assert all(a.due_at is not None and a.due_at >= as_of for a in upcoming)

    @given(activity_logs(), aware_datetimes(), st.sampled_from(["Europe/London", "Asia/Tokyo"]))
    def test_days_since_contact_counts_calendar_days_in_the_time_zone(
        self, log: ActivityLog, moment: dt.datetime, zone: str
    ) -> None:
        as_of = pendulum.instance(moment).in_timezone(zone).date()
        days = log.days_since_contact(as_of=as_of, timezone=zone)
        local = [
            pendulum.instance(a.contact_at).in_timezone(zone).date()
            for a in log
            if a.contact_at is not None
        ]
        contacts = [d for d in local if d <= as_of]
        if not contacts:
            assert days is None
        else:
            assert days == (as_of - max(contacts)).days
            assert days is not None
            assert days >= 0

    @given(activity_logs(), st.data())
    def test_completing_any_open_activity_keeps_the_others(
        self, log: ActivityLog, data: st.DataObject
    ) -> None:
        open_ids = [a.id for a in log.open()]
        if open_ids:
            chosen = data.draw(st.sampled_from(open_ids))
            at = data.draw(aware_datetimes())
            done = log.complete(chosen, at=at)
            assert [a.id for a in done.open()] == [i for i in open_ids if i != chosen]
            assert [a.id for a in done] == [a.id for a in log]


class TestReportCadence:
    def test_weekly_reports_fall_on_the_weekday_or_the_business_day_before(self) -> None:
        weekly = ReportCadence.weekly(weekday=4)  # Fridays; Good Friday 3 April 2026
        assert weekly.due_in(pendulum.date(2026, 3, 25), CAL) == pendulum.date(2026, 3, 27)
        assert weekly.due_in(pendulum.date(2026, 3, 30), CAL) == pendulum.date(2026, 4, 2)

    def test_monthly_reports_clamp_to_the_month_and_stay_in_it(self) -> None:
        monthly = ReportCadence.monthly(day=31)
        assert monthly.due_in(pendulum.date(2026, 2, 1), CAL) == pendulum.date(2026, 2, 27)
        assert monthly.due_in(pendulum.date(2026, 3, 9), CAL) == pendulum.date(2026, 3, 31)
        first = ReportCadence.monthly(day=4)  # 4 May 2026 is a bank holiday
        assert first.due_in(pendulum.date(2026, 5, 20), CAL) == pendulum.date(2026, 5, 5)

    def test_a_deadline_rule_counts_from_the_end_of_the_period(self) -> None:
        cadence = ReportCadence.after_period("month", BusinessDays(3))
        # March 2026 ends on Tuesday 31; Good Friday and Easter Monday are holidays
        assert cadence.due_in(pendulum.date(2026, 3, 15), CAL) == pendulum.date(2026, 4, 7)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"period": "day"}, "period"),
            ({"period": "week", "day": 7}, "day"),
            ({"period": "month", "day": 0}, "day"),
            ({"period": "month", "day": True}, "day"),
            ({"period": "month", "rule": "5 business days"}, "rule"),
            ({"period": "month", "roll": "sideways"}, "roll"),
        ],
    )
    def test_a_malformed_cadence_is_refused(self, kwargs: dict[str, Any], field: str) -> None:
        with pytest.raises(ValidationError, match=repr(field)):
            ReportCadence(**kwargs)

    def test_any_date_rule_from_deadlines_works_and_a_time_rule_is_refused(self) -> None:
        weekly = ReportCadence.after_period("week", BusinessDays(1))
        # the week ends on Sunday 8 March: rolled to Monday 9, plus one business day
        assert weekly.due_in(pendulum.date(2026, 3, 4), CAL) == pendulum.date(2026, 3, 10)
        with pytest.raises(ValidationError, match="business hours need a time"):
            ReportCadence.after_period("week", BusinessHours(4)).due_in(
                pendulum.date(2026, 3, 4), CAL
            )
        assert ReportCadence.after_period("month", EndOfMonth(1)).due_in(
            pendulum.date(2026, 1, 31), CAL
        ) == pendulum.date(2026, 2, 28)

    def test_a_datetime_is_not_a_date(self) -> None:
        with pytest.raises(ValidationError, match="'within'"):
            ReportCadence.weekly().due_in(AT, CAL)


class TestRecurringReport:
    def test_due_dates_follow_the_cadence_from_the_start(self) -> None:
        report = RecurringReport(
            id="R-1", subject="Weekly media report", cadence=ReportCadence.weekly(weekday=4)
        )
        assert report.due_dates(CAL, start=pendulum.date(2026, 3, 28), count=3) == (
            pendulum.date(2026, 4, 2),
            pendulum.date(2026, 4, 10),
            pendulum.date(2026, 4, 17),
        )
        assert report.next_due(CAL, as_of=dt.date(2026, 4, 3)) == pendulum.date(2026, 4, 10)
        assert report.due_dates(CAL, start=pendulum.date(2026, 3, 28), count=0) == ()
        with pytest.raises(ValidationError, match="'count'"):
            report.due_dates(CAL, start=pendulum.date(2026, 3, 28), count=-1)

    def test_a_cadence_must_be_a_report_cadence(self) -> None:
        with pytest.raises(ValidationError, match="'cadence'"):
            RecurringReport(id="R-9", subject="Weekly", cadence="weekly")  # type: ignore[arg-type]

    def test_a_report_becomes_an_activity_due_at_the_end_of_business(self) -> None:
        report = RecurringReport(
            id="R-2",
            subject="Monthly results",
            cadence=ReportCadence.monthly(day=5),
            participants=["ana", "Dana (client)"],
        )
        due = report.next_due(CAL, as_of=pendulum.date(2026, 3, 6))
        activity = report.activity(due, CAL, activity_id="R-2/2026-04")
        assert activity.kind is ActivityKind.REPORT
        assert activity.due_at == pendulum.datetime(2026, 4, 7, 17, 30, tz="Europe/London")
        assert activity.participants == ("ana", "Dana (client)")

    @given(recurring_reports(), st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
    def test_due_dates_are_business_days_strictly_increasing_from_the_start(
        self, report: RecurringReport, start: dt.date
    ) -> None:
        dates = report.due_dates(CAL, start=start, count=6)
        assert len(dates) == 6
        assert all(CAL.is_business_day(d) for d in dates)
        assert dates[0] >= start
        assert all(a < b for a, b in itertools.pairwise(dates))
        assert report.next_due(CAL, as_of=start) == dates[0]

    @given(recurring_reports(), st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
    def test_no_period_s_report_due_on_or_after_the_start_is_skipped(
        self, report: RecurringReport, start: dt.date
    ) -> None:
        step = 7 if report.cadence.period == "week" else 31
        nearby = {
            report.cadence.due_in(start + dt.timedelta(days=step * k), CAL) for k in range(-8, 3)
        }
        first = min(d for d in nearby if d >= start)
        assert report.next_due(CAL, as_of=start) == first

    def test_a_report_due_after_its_period_closes_is_found_from_the_next_period(self) -> None:
        closing = RecurringReport(
            id="R-4",
            subject="Month close",
            cadence=ReportCadence.after_period("month", BusinessDays(3)),
        )
        # February's report: three business days from Saturday 28 February; March's from
        # Tuesday 31 March, over Good Friday and Easter Monday
        assert closing.due_dates(CAL, start=pendulum.date(2026, 3, 1), count=2) == (
            pendulum.date(2026, 3, 5),
            pendulum.date(2026, 4, 7),
        )

    @given(report_cadences(), st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
    def test_weekly_reports_match_numpys_business_day_roll(
        self, cadence: ReportCadence, within: dt.date
    ) -> None:
        if cadence.period == "week" and cadence.roll in ("preceding", "following"):
            monday = within - dt.timedelta(days=within.weekday())
            target = np.datetime64(monday + dt.timedelta(days=cadence.day))
            expected = np.busday_offset(
                target,
                0,
                roll="backward" if cadence.roll == "preceding" else "forward",
                holidays=[np.datetime64(h) for h in CAL.holidays],
            )
            assert np.datetime64(cadence.due_in(within, CAL)) == expected

    def test_due_dates_do_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        report = RecurringReport(id="R-3", subject="Status", cadence=ReportCadence.monthly(day=1))
        assert report.due_dates(CAL, start=pendulum.date(2026, 4, 2), count=2) == (
            pendulum.date(2026, 5, 1),
            pendulum.date(2026, 6, 1),
        )
