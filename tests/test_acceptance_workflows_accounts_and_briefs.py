"""Status workflows, clients and account teams, activities and briefs, read literally.

Each test exercises one documented promise as a user would type it, with top-level imports.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

import attrs
import pendulum
import pytest

from accountexec import (
    Account,
    AccountExecError,
    AccountStatus,
    AccountTeam,
    Activity,
    ActivityLog,
    Brief,
    BriefStatus,
    BusinessDays,
    Client,
    Contact,
    InvalidTransitionError,
    Money,
    Rate,
    RecurringReport,
    ReportCadence,
    StatusChange,
    Transition,
    ValidationError,
    WorkCalendar,
    Workflow,
    allowed_events,
    apply,
    workflow_of,
)

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


class JobStatus(StrEnum):
    OPEN = "open"
    RUNNING = "running"
    DONE = "done"


def _needs_owner(job: Job, **context: Any) -> str | None:
    return None if job.owner else "a job needs an owner"


JOB_WORKFLOW = Workflow(
    name="job",
    states=JobStatus,
    initial=JobStatus.OPEN,
    terminal={JobStatus.DONE},
    transitions=[
        Transition("start", JobStatus.OPEN, JobStatus.RUNNING, guard=_needs_owner),
        Transition("finish", JobStatus.RUNNING, JobStatus.DONE),
    ],
)


@attrs.frozen
class Job:
    workflow: ClassVar[Workflow] = JOB_WORKFLOW
    id: str
    owner: str | None = None
    status: JobStatus = JobStatus.OPEN
    history: tuple[StatusChange, ...] = ()


def a_brief(**changes: Any) -> Brief:
    fields: dict[str, Any] = {
        "id": "B-7",
        "client_id": "C-1",
        "title": "Spring launch",
        "objectives": ["Awareness among 25-34s"],
        "audience": "Urban professionals",
        "key_message": "Fresh every day",
        "deliverables": ["TV 30s"],
        "mandatories": ["Logo lock-up"],
        "budget": Money("250000.00", "EUR"),
        "deadline": pendulum.date(2026, 4, 30),
        "approvers": ["cmo", "brand_lead"],
    }
    return Brief(**{**fields, **changes})


class TestWorkflowEngine:
    def test_a_workflow_is_checked_when_built(self) -> None:
        rows = [Transition("start", JobStatus.OPEN, JobStatus.RUNNING)]
        with pytest.raises(ValidationError, match="reachable"):  # 'done' is unreachable
            Workflow(
                name="job", states=JobStatus, initial=JobStatus.OPEN, terminal=[], transitions=rows
            )
        with pytest.raises(ValidationError, match="one row per"):
            Workflow(
                name="job",
                states=JobStatus,
                initial=JobStatus.OPEN,
                terminal=[JobStatus.DONE],
                transitions=[
                    *rows,
                    Transition("start", JobStatus.OPEN, JobStatus.DONE),
                    Transition("finish", JobStatus.RUNNING, JobStatus.DONE),
                ],
            )
        with pytest.raises(ValidationError, match="terminal"):
            Workflow(
                name="job",
                states=JobStatus,
                initial=JobStatus.OPEN,
                terminal=[JobStatus.DONE],
                transitions=[
                    *rows,
                    Transition("finish", JobStatus.RUNNING, JobStatus.DONE),
                    Transition("reopen", JobStatus.DONE, JobStatus.OPEN),
                ],
            )

    def test_apply_returns_a_new_entity_with_a_status_change_appended(self) -> None:
        job = Job("J-1", owner="ana")
        started = apply(job, "start", at=AT, by="ana", note="kick-off")
        assert job.status is JobStatus.OPEN
        assert job.history == ()
        assert started.status is JobStatus.RUNNING
        change = started.history[-1]
        assert change == StatusChange(
            event="start", source="open", target="running", at=AT, by="ana", note="kick-off"
        )
        assert (change.event, change.source, change.target, change.at, change.by, change.note) == (
            "start",
            "open",
            "running",
            AT,
            "ana",
            "kick-off",
        )
        done = apply(started, "finish", at=AT)
        assert done.history[0] == change
        assert len(done.history) == 2
        assert (done.history[-1].by, done.history[-1].note) == (None, None)

    def test_at_must_be_aware_and_not_earlier_than_the_last_change(self) -> None:
        started = apply(Job("J-1", owner="ana"), "start", at=AT)
        with pytest.raises(ValidationError, match="'at'"):
            apply(started, "finish", at=dt.datetime(2026, 3, 3, 9))
        with pytest.raises(ValidationError, match="not earlier than the last change"):
            apply(started, "finish", at=AT.subtract(minutes=1))
        assert apply(started, "finish", at=AT).status is JobStatus.DONE

    def test_a_refused_change_names_current_event_and_allowed(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            apply(Job("J-1", owner="ana"), "finish", at=AT)
        err = info.value
        assert isinstance(err, AccountExecError)
        assert (err.current, err.event, err.allowed) == ("open", "finish", frozenset({"start"}))
        assert str(err) == "cannot 'finish' job 'J-1' in status 'open'; allowed events: 'start'"

    def test_the_issue_example_message_for_a_brief(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            apply(a_brief(), "approve", at=AT)
        assert str(info.value) == (
            "cannot 'approve' brief 'B-7' in status 'draft'; allowed events: 'submit', 'withdraw'"
        )
        assert info.value.current == "draft"
        assert info.value.event == "approve"
        assert info.value.allowed == {"submit", "withdraw"}

    def test_a_guard_returns_a_reason_that_appears_in_the_error(self) -> None:
        with pytest.raises(InvalidTransitionError, match="a job needs an owner") as info:
            apply(Job("J-2"), "start", at=AT)
        assert info.value.reason == "a job needs an owner"

    def test_a_guard_sees_the_keyword_context_and_at(self) -> None:
        calls: list[dict[str, Any]] = []

        def guard(job: Job, **context: Any) -> str | None:
            calls.append(context)
            return None

        wf = attrs.evolve(
            JOB_WORKFLOW,
            transitions=[
                Transition("start", JobStatus.OPEN, JobStatus.RUNNING, guard=guard),
                Transition("finish", JobStatus.RUNNING, JobStatus.DONE),
            ],
        )
        wf.apply(Job("J-3"), "start", at=AT, ticket="T-9")
        assert calls == [{"at": AT, "ticket": "T-9"}]

    def test_allowed_events_workflow_of_and_diagrams(self) -> None:
        job = Job("J-1", owner="ana")
        assert allowed_events(job) == frozenset({"start"})
        assert isinstance(allowed_events(job), frozenset)
        assert workflow_of(job) is JOB_WORKFLOW
        mermaid = JOB_WORKFLOW.to_mermaid()
        assert mermaid.splitlines()[0] == "stateDiagram-v2"
        assert "open --> running: start" in mermaid
        dot = JOB_WORKFLOW.to_dot()
        assert dot.startswith('digraph "job" {')
        assert dot.rstrip().endswith("}")
        assert '"open" -> "running" [label="start"];' in dot

    def test_domain_types_have_status_history_and_event_methods(self) -> None:
        brief = a_brief().submit(at=AT)
        assert brief.status is BriefStatus.SUBMITTED
        assert [c.event for c in brief.history] == ["submit"]
        assert workflow_of(brief).kind == "brief"


class TestClientsAndAccounts:
    def test_contact_and_client(self) -> None:
        contact = Contact(
            name="Dana Lee", role="CMO", email="dana@example.com", phone="+44 20 7946"
        )
        client = Client(
            id="C-2",
            legal_name="Contoso GmbH",
            industry="retail",
            locale="de_DE",
            currency="EUR",
            timezone="Europe/Berlin",
            contacts=[contact],
            parent_id="C-1",
        )
        assert client.contacts == (contact,)
        assert client.parent_id == "C-1"
        assert client.currency.code == "EUR"

    def test_account_team_roles_and_towers(self) -> None:
        team = AccountTeam(
            executive="ana",
            assistants=["bo", "cy"],
            supervisor="di",
            director="ed",
            managers={"infrastructure": "fay"},
            credit_splits={"ana": Rate.percent(60), "fay": Rate.percent(40)},
        )
        assert team.responsible_for("infrastructure") == "fay"
        assert team.responsible_for("applications") == "ana"
        assert AccountTeam(executive="ana").assistants == ()
        for role in ("supervisor", "director"):
            with pytest.raises(ValidationError, match=repr(role)):
                AccountTeam(executive="ana", **{role: "ana"})
        with pytest.raises(ValidationError, match="director"):
            AccountTeam(executive="ana", supervisor="di", director="di")
        with pytest.raises(ValidationError, match="100%"):
            AccountTeam(executive="ana", credit_splits={"ana": Rate.percent(90)})

    def test_account_workflow_including_win_back(self) -> None:
        client = Client(
            id="C-1",
            legal_name="Northwind",
            locale="en_GB",
            currency="GBP",
            timezone="Europe/London",
        )
        account = Account(id="A-1", client=client, team=AccountTeam(executive="ana"))
        assert account.status is AccountStatus.PROSPECT
        account = account.win(at=AT).flag_risk(at=AT).recover(at=AT).flag_risk(at=AT)
        account = account.churn(at=AT).win_back(at=AT)
        assert account.status is AccountStatus.ACTIVE
        assert [c.target for c in account.history] == [
            "active",
            "at_risk",
            "active",
            "at_risk",
            "churned",
            "active",
        ]
        assert isinstance(account.activities, ActivityLog)


class TestActivityLog:
    def test_add_complete_overdue_next_actions_and_contact(self) -> None:
        log = ActivityLog()
        log = log.add(
            Activity(id="M-1", kind="meeting", subject="Kick-off", participants=["ana"], held_at=AT)
        )
        log = log.add(Activity(id="T-1", kind="task", subject="Recap", due_at=AT.add(days=1)))
        log = log.add(Activity(id="T-2", kind="task", subject="Plan", due_at=AT.add(days=5)))
        log = log.add(Activity(id="C-1", kind="call", subject="Check", due_at=AT.add(days=6)))
        as_of = AT.add(days=2)
        assert [a.id for a in log.overdue(as_of=as_of)] == ["T-1"]
        assert [a.id for a in log.next_actions(as_of=as_of, limit=1)] == ["T-2"]
        assert [a.id for a in log.next_actions(as_of=as_of, limit=5)] == ["T-2", "C-1"]
        assert log.last_contact() == AT
        assert log.days_since_contact(as_of=dt.date(2026, 3, 11), timezone="Europe/Paris") == 9
        done = log.complete("T-1", at=AT.add(days=2), outcome="sent")
        assert done["T-1"].outcome == "sent"
        assert done.overdue(as_of=as_of) == ()
        assert log["T-1"].done_at is None  # immutable

    def test_recurring_reports_weekly_monthly_and_on_a_business_day_rule(self) -> None:
        cal = WorkCalendar()
        weekly = RecurringReport(id="R-1", subject="Weekly", cadence=ReportCadence.weekly(0))
        assert weekly.due_dates(cal, start=pendulum.date(2026, 3, 3), count=2) == (
            pendulum.date(2026, 3, 9),
            pendulum.date(2026, 3, 16),
        )
        monthly = RecurringReport(id="R-2", subject="Monthly", cadence=ReportCadence.monthly(5))
        assert monthly.next_due(cal, as_of=pendulum.date(2026, 3, 6)) == pendulum.date(2026, 4, 6)
        rule = ReportCadence.after_period("month", BusinessDays(3))
        closing = RecurringReport(id="R-3", subject="Close", cadence=rule)
        assert closing.next_due(cal, as_of=pendulum.date(2026, 3, 1)) == pendulum.date(2026, 3, 5)


class TestBriefs:
    def test_the_fields_of_a_brief(self) -> None:
        brief = a_brief()
        assert brief.revision == 1
        assert brief.deliverables == ("TV 30s",)
        assert brief.budget == Money("250000.00", "EUR")
        assert brief.approvers == {"cmo", "brand_lead"}

    def test_the_review_workflow_and_the_revision(self) -> None:
        brief = a_brief().submit(at=AT).start_review(at=AT)
        back = brief.request_changes(at=AT)
        assert back.status is BriefStatus.CHANGES_REQUESTED
        again = back.submit(at=AT.add(days=1))
        assert (again.status, again.revision) == (BriefStatus.SUBMITTED, 2)
        assert back.resubmit(at=AT.add(days=1)) == again
        rejected = again.start_review(at=AT.add(days=1)).reject(at=AT.add(days=2))
        assert rejected.status is BriefStatus.REJECTED

    def test_approval_needs_every_sign_off(self) -> None:
        brief = a_brief().submit(at=AT).start_review(at=AT).sign_off("cmo", at=AT)
        with pytest.raises(InvalidTransitionError, match="'brand_lead'"):
            brief.approve(at=AT)
        approved = brief.sign_off("brand_lead", at=AT).approve(at=AT)
        assert approved.status is BriefStatus.APPROVED

    def test_no_deliverables_or_a_non_positive_budget_cannot_be_submitted(self) -> None:
        with pytest.raises(InvalidTransitionError, match="deliverable") as info:
            a_brief(deliverables=[]).submit(at=AT)
        assert info.value.reason
        for amount in ("0.00", "-5.00"):
            with pytest.raises(InvalidTransitionError, match="budget must be positive"):
                a_brief(budget=Money(amount, "EUR")).submit(at=AT)

    @pytest.mark.parametrize("path", [[], ["submit"], ["submit", "start_review"]])
    def test_withdraw_from_draft_submitted_or_in_review(self, path: list[str]) -> None:
        brief = a_brief()
        for event in path:
            brief = apply(brief, event, at=AT)
        assert brief.withdraw(at=AT).status is BriefStatus.WITHDRAWN

    def test_response_due_is_five_business_days_by_default_and_configurable(self) -> None:
        cal = WorkCalendar()
        brief = a_brief().submit(at=pendulum.datetime(2026, 3, 2, 9, tz="UTC"))  # a Monday
        assert brief.response_due(cal) == pendulum.date(2026, 3, 9)
        assert brief.response_due(cal, BusinessDays(2)) == pendulum.date(2026, 3, 4)
        assert brief.response_due(cal, rule=BusinessDays(10)) == pendulum.date(2026, 3, 16)
