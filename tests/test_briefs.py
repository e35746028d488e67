"""Tests of accountexec.briefs: the brief, its guards, sign-offs, revisions, response deadline."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from accountexec.calendars import WorkCalendar
from accountexec.clients.briefs import BRIEF_WORKFLOW, EDITABLE, Brief, BriefStatus, SignOff
from accountexec.deadlines import BusinessDays, CalendarDays
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.money import Money
from accountexec.strategies._briefs import briefs, draft_briefs
from accountexec.strategies._workflow import workflow_state_machine
from accountexec.workflow import StatusChange, replay

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")
PARIS = WorkCalendar(
    timezone="Europe/Paris",
    holidays=[pendulum.date(2026, 4, 6), pendulum.date(2026, 5, 1), pendulum.date(2026, 5, 8)],
)


def a_brief(**changes: Any) -> Brief:
    args: dict[str, Any] = {
        "id": "B-7",
        "client_id": "C-1",
        "title": "Spring launch",
        "objectives": ["Awareness among 25-34s"],
        "audience": "Urban professionals",
        "key_message": "Fresh every day",
        "deliverables": ["TV 30s", "Social cutdowns"],
        "mandatories": ["Logo lock-up"],
        "budget": Money("250000.00", "EUR"),
        "deadline": pendulum.date(2026, 4, 30),
        "approvers": ["cmo", "brand_lead"],
    }
    return Brief(**{**args, **changes})


def _is_resubmission(change: StatusChange) -> bool:
    return change.event == "submit" and change.source == "changes_requested"


ROWS = {
    (BriefStatus.DRAFT, "submit"): BriefStatus.SUBMITTED,
    (BriefStatus.SUBMITTED, "start_review"): BriefStatus.IN_REVIEW,
    (BriefStatus.IN_REVIEW, "approve"): BriefStatus.APPROVED,
    (BriefStatus.IN_REVIEW, "request_changes"): BriefStatus.CHANGES_REQUESTED,
    (BriefStatus.IN_REVIEW, "reject"): BriefStatus.REJECTED,
    (BriefStatus.CHANGES_REQUESTED, "submit"): BriefStatus.SUBMITTED,
    (BriefStatus.DRAFT, "withdraw"): BriefStatus.WITHDRAWN,
    (BriefStatus.SUBMITTED, "withdraw"): BriefStatus.WITHDRAWN,
    (BriefStatus.IN_REVIEW, "withdraw"): BriefStatus.WITHDRAWN,
}
PATHS = {
    BriefStatus.DRAFT: [],
    BriefStatus.SUBMITTED: ["submit"],
    BriefStatus.IN_REVIEW: ["submit", "start_review"],
    BriefStatus.APPROVED: ["submit", "start_review", "approve"],
    BriefStatus.CHANGES_REQUESTED: ["submit", "start_review", "request_changes"],
    BriefStatus.REJECTED: ["submit", "start_review", "reject"],
    BriefStatus.WITHDRAWN: ["withdraw"],
}


def brief_in(status: BriefStatus, *, signed: bool = True, **changes: Any) -> Brief:
    """A brief walked to ``status``, signed off by every approver once in review."""
    brief = a_brief(**changes)
    for i, event in enumerate(PATHS[status]):
        if event == "approve" and signed:
            for approver in sorted(brief.approvers):
                brief = brief.sign_off(approver, at=AT.add(hours=i))
        brief = getattr(brief, event)(at=AT.add(hours=i))
    if status is BriefStatus.IN_REVIEW and signed:
        for approver in sorted(brief.approvers):
            brief = brief.sign_off(approver, at=AT.add(hours=5))
    return brief


class TestBriefWorkflowTable:
    def test_the_table_is_the_documented_one(self) -> None:
        assert {(s, e): t for s, e, t in BRIEF_WORKFLOW.rows} == ROWS
        assert BRIEF_WORKFLOW.terminal == {
            BriefStatus.APPROVED,
            BriefStatus.REJECTED,
            BriefStatus.WITHDRAWN,
        }

    @pytest.mark.parametrize(("source", "event"), list(ROWS))
    def test_every_listed_transition_works_through_its_method_and_records_history(
        self, source: BriefStatus, event: str
    ) -> None:
        brief = brief_in(source)
        at = AT.add(days=3)
        moved = getattr(brief, event)(at=at, by="ana", note="as agreed")
        assert moved.status == ROWS[source, event]
        assert moved.history == (
            *brief.history,
            StatusChange(
                event=event,
                source=source,
                target=ROWS[source, event],
                at=at,
                by="ana",
                note="as agreed",
            ),
        )
        assert replay(moved) == moved.status

    @pytest.mark.parametrize(
        ("source", "event"),
        [
            pair
            for pair in itertools.product(BriefStatus, sorted(BRIEF_WORKFLOW.events))
            if pair not in ROWS
        ],
    )
    def test_every_other_pair_is_refused_naming_the_allowed_events(
        self, source: BriefStatus, event: str
    ) -> None:
        brief = brief_in(source)
        with pytest.raises(InvalidTransitionError) as info:
            getattr(brief, event)(at=AT.add(days=3))
        allowed = {e for (s, e) in ROWS if s == source}
        assert info.value.allowed == allowed == brief.allowed_events()
        assert (info.value.current, info.value.event) == (source, event)
        allowed_text = ", ".join(repr(e) for e in sorted(allowed)) or "none (terminal status)"
        assert str(info.value) == (
            f"cannot {event!r} brief 'B-7' in status {source.value!r}; "
            f"allowed events: {allowed_text}"
        )

    def test_the_documented_example_message(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            a_brief().approve(at=AT)
        assert str(info.value) == (
            "cannot 'approve' brief 'B-7' in status 'draft'; allowed events: 'submit', 'withdraw'"
        )


class TestSubmissionGuard:
    def test_a_brief_without_deliverables_cannot_be_submitted(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            a_brief(deliverables=[]).submit(at=AT)
        assert info.value.reason == "a brief needs at least one deliverable"
        assert "a brief needs at least one deliverable" in str(info.value)

    @pytest.mark.parametrize("amount", ["0.00", "-1.00"])
    def test_a_brief_with_a_non_positive_budget_cannot_be_submitted(self, amount: str) -> None:
        with pytest.raises(InvalidTransitionError, match="the budget must be positive") as info:
            a_brief(budget=Money(amount, "EUR")).submit(at=AT)
        assert info.value.reason == f"the budget must be positive, not Money({amount!r}, 'EUR')"

    def test_the_guard_also_applies_to_a_resubmission(self) -> None:
        brief = brief_in(BriefStatus.CHANGES_REQUESTED).edit(deliverables=[])
        with pytest.raises(InvalidTransitionError, match="at least one deliverable"):
            brief.resubmit(at=AT.add(days=3))
        assert brief.permitted_events() == frozenset()
        assert brief.allowed_events() == {"submit"}

    @given(draft_briefs(ready=False))
    def test_no_unready_draft_is_ever_submitted(self, brief: Brief) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            brief.submit(at=AT)
        assert info.value.reason is not None
        assert "submit" not in brief.permitted_events()

    @given(draft_briefs(ready=True))
    def test_every_ready_draft_can_be_submitted(self, brief: Brief) -> None:
        assert brief.submit(at=AT).status is BriefStatus.SUBMITTED

    def test_submission_does_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        brief = a_brief(budget=Money("123456789.01", "EUR")).submit(at=AT)
        assert brief.status is BriefStatus.SUBMITTED
        with pytest.raises(InvalidTransitionError, match="positive"):
            a_brief(budget=Money("-0.01", "EUR")).submit(at=AT)


class TestSignOffsAndApproval:
    def test_approval_waits_for_every_approvers_sign_off(self) -> None:
        brief = brief_in(BriefStatus.IN_REVIEW, signed=False)
        with pytest.raises(InvalidTransitionError) as info:
            brief.approve(at=AT.add(days=1))
        assert info.value.reason == "waiting for sign-off from 'brand_lead', 'cmo'"
        brief = brief.sign_off("cmo", at=AT.add(days=1))
        assert brief.signed_by == {"cmo"}
        assert brief.missing_sign_offs == {"brand_lead"}
        with pytest.raises(InvalidTransitionError, match="from 'brand_lead';"):
            brief.approve(at=AT.add(days=1))
        brief = brief.sign_off("brand_lead", at=AT.add(days=2))
        assert brief.approve(at=AT.add(days=2)).status is BriefStatus.APPROVED
        assert brief.sign_offs == (
            SignOff("cmo", AT.add(days=1)),
            SignOff("brand_lead", AT.add(days=2)),
        )

    def test_a_brief_without_approvers_needs_no_sign_off(self) -> None:
        brief = brief_in(BriefStatus.IN_REVIEW, approvers=[])
        assert brief.approve(at=AT.add(days=1)).status is BriefStatus.APPROVED

    def test_sign_offs_happen_in_review_by_approvers_once(self) -> None:
        with pytest.raises(ValidationError, match="'in_review' to sign off"):
            a_brief().sign_off("cmo", at=AT)
        brief = brief_in(BriefStatus.IN_REVIEW, signed=False)
        with pytest.raises(ValidationError, match="one of 'brand_lead', 'cmo'"):
            brief.sign_off("intern", at=AT.add(days=1))
        signed = brief.sign_off("cmo", at=AT.add(days=1))
        with pytest.raises(ValidationError, match="has not signed off yet"):
            signed.sign_off("cmo", at=AT.add(days=2))
        with pytest.raises(ValidationError, match="an aware datetime"):
            brief.sign_off("cmo", at=dt.datetime(2026, 3, 3, 9))
        with pytest.raises(ValidationError, match="not earlier than the last status change"):
            brief.sign_off("cmo", at=AT.subtract(days=1))

    def test_sign_off_records_must_come_from_approvers_once_each(self) -> None:
        with pytest.raises(ValidationError, match="sign-offs by approvers"):
            a_brief(sign_offs=[SignOff("intern", AT)])
        with pytest.raises(ValidationError, match="one sign-off per approver"):
            a_brief(sign_offs=[SignOff("cmo", AT), SignOff("cmo", AT)])
        with pytest.raises(ValidationError, match="SignOff records"):
            a_brief(sign_offs=["cmo"])
        with pytest.raises(ValidationError, match="'at'"):
            SignOff("cmo", dt.datetime(2026, 3, 2))


class TestRevisions:
    def test_a_resubmission_is_the_next_revision_with_fresh_sign_offs(self) -> None:
        brief = brief_in(BriefStatus.IN_REVIEW, signed=False).sign_off("cmo", at=AT.add(days=1))
        back = brief.request_changes(at=AT.add(days=1), note="tighten the audience")
        assert back.revision == 1
        assert back.signed_by == {"cmo"}
        edited = back.edit(audience="Urban professionals 25-34 in Paris and Lyon")
        again = edited.resubmit(at=AT.add(days=2))
        assert (again.status, again.revision, again.sign_offs) == (BriefStatus.SUBMITTED, 2, ())
        assert again.audience == "Urban professionals 25-34 in Paris and Lyon"

    def test_submit_after_changes_were_requested_is_the_resubmission(self) -> None:
        back = brief_in(BriefStatus.CHANGES_REQUESTED)
        again = back.submit(at=AT.add(days=3), by="ana")
        assert (again.status, again.revision) == (BriefStatus.SUBMITTED, 2)
        assert again.history[-1].event == "submit"
        assert again.history[-1].source == "changes_requested"
        assert back.resubmit(at=AT.add(days=3), by="ana") == again

    @pytest.mark.parametrize("status", sorted(set(BriefStatus) - {BriefStatus.CHANGES_REQUESTED}))
    def test_resubmit_is_refused_unless_changes_were_requested(self, status: BriefStatus) -> None:
        brief = brief_in(status)
        with pytest.raises(
            InvalidTransitionError, match="only a brief with changes requested"
        ) as e:
            brief.resubmit(at=AT.add(days=3))
        assert (e.value.event, e.value.current) == ("resubmit", status.value)
        assert e.value.allowed == brief.allowed_events()

    @given(briefs())
    def test_the_revision_counts_the_resubmissions(self, brief: Brief) -> None:
        assert brief.revision == 1 + sum(_is_resubmission(c) for c in brief.history)
        assert replay(brief) == brief.status
        assert brief.signed_by <= brief.approvers


class TestEditing:
    @pytest.mark.parametrize("status", sorted(EDITABLE))
    def test_content_may_change_in_draft_or_when_changes_were_requested(
        self, status: BriefStatus
    ) -> None:
        brief = brief_in(status)
        edited = brief.edit(budget=Money("300000.00", "EUR"), deliverables=["TV 30s"])
        assert edited.budget == Money("300000.00", "EUR")
        assert edited.deliverables == ("TV 30s",)
        assert edited.history == brief.history
        assert edited.sign_offs == ()

    @pytest.mark.parametrize("status", sorted(set(BriefStatus) - EDITABLE))
    def test_content_is_frozen_in_every_other_status(self, status: BriefStatus) -> None:
        with pytest.raises(ValidationError, match="to edit the brief"):
            brief_in(status).edit(title="New title")

    def test_only_content_fields_may_be_edited(self) -> None:
        with pytest.raises(ValidationError, match=r"\['revision', 'status'\]"):
            a_brief().edit(status="approved", revision=3)


class TestResponseDue:
    def test_five_business_days_from_submission_by_default(self) -> None:
        brief = a_brief().submit(at=pendulum.datetime(2026, 4, 2, 16, tz="Europe/Paris"))
        # Thursday 2 April; Easter Monday 6 April is a holiday
        assert brief.response_due(PARIS) == pendulum.date(2026, 4, 10)

    def test_the_rule_is_configurable(self) -> None:
        brief = a_brief().submit(at=pendulum.datetime(2026, 4, 2, 16, tz="Europe/Paris"))
        assert brief.response_due(PARIS, rule=BusinessDays(10)) == pendulum.date(2026, 4, 17)
        assert brief.response_due(PARIS, rule=CalendarDays(7)) == pendulum.date(2026, 4, 9)
        assert brief.response_due(PARIS, 10) == brief.response_due(PARIS, BusinessDays(10))
        for bad in (True, "5", 2.5):
            with pytest.raises(ValidationError, match="'rule'"):
                brief.response_due(PARIS, bad)  # type: ignore[arg-type]

    def test_the_submission_date_is_taken_in_the_calendars_time_zone(self) -> None:
        late = pendulum.datetime(2026, 4, 2, 23, 30, tz="UTC")  # already Friday in Paris
        brief = a_brief().submit(at=late)
        assert brief.response_due(PARIS, rule=BusinessDays(1)) == pendulum.date(2026, 4, 7)

    def test_it_counts_from_the_latest_submission(self) -> None:
        brief = brief_in(BriefStatus.CHANGES_REQUESTED)
        again = brief.resubmit(at=pendulum.datetime(2026, 4, 28, 10, tz="Europe/Paris"))
        assert again.submitted_at == pendulum.datetime(2026, 4, 28, 10, tz="Europe/Paris")
        # Tuesday 28 April; 1 and 8 May are holidays
        assert again.response_due(PARIS) == pendulum.date(2026, 5, 6)

    def test_a_brief_never_submitted_has_no_response_deadline(self) -> None:
        with pytest.raises(ValidationError, match="has been submitted"):
            a_brief().response_due(PARIS)
        with pytest.raises(ValidationError, match="has been submitted"):
            a_brief().withdraw(at=AT).response_due(PARIS)

    @given(briefs(), st.integers(min_value=0, max_value=30))
    def test_the_deadline_is_that_many_business_days_after_the_submission_date(
        self, brief: Brief, n: int
    ) -> None:
        submitted = brief.submitted_at
        if submitted is not None:
            due = brief.response_due(PARIS, rule=BusinessDays(n))
            start = pendulum.instance(submitted).in_timezone("Europe/Paris").date()
            assert PARIS.is_business_day(due)
            assert PARIS.business_days_between(PARIS.roll(start, "following"), due) == n


class TestStrategies:
    @given(st.from_type(Brief), st.from_type(SignOff))
    def test_registered_strategies_give_valid_values(self, brief: Brief, sign_off: SignOff) -> None:
        assert attrs.evolve(brief) == brief
        assert sign_off.at.utcoffset() is not None


class TestBriefValues:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"id": ""}, "id"),
            ({"client_id": " "}, "client_id"),
            ({"title": ""}, "title"),
            ({"objectives": ["Awareness", "Awareness"]}, "objectives"),
            ({"deliverables": [""]}, "deliverables"),
            ({"mandatories": [3]}, "mandatories"),
            ({"audience": None}, "audience"),
            ({"budget": "250000 EUR"}, "budget"),
            ({"deadline": pendulum.datetime(2026, 4, 30)}, "deadline"),
            ({"deadline": "2026-04-30"}, "deadline"),
            ({"approvers": [""]}, "approvers"),
            ({"revision": 0}, "revision"),
            ({"revision": True}, "revision"),
            ({"status": "lost"}, "status"),
            ({"status": "approved"}, "status"),
        ],
    )
    def test_a_bad_field_is_refused_naming_it(self, changes: dict[str, Any], field: str) -> None:
        with pytest.raises(ValidationError, match=repr(field)):
            a_brief(**changes)

    def test_lists_become_tuples_and_a_stdlib_date_a_pendulum_date(self) -> None:
        brief = a_brief(deliverables="TV 30s", deadline=dt.date(2026, 4, 30), approvers="cmo")
        assert brief.deliverables == ("TV 30s",)
        assert type(brief.deadline) is pendulum.Date
        assert brief.approvers == {"cmo"}
        assert hash(brief) == hash(attrs.evolve(brief))


class BriefMachineBase(workflow_state_machine(BRIEF_WORKFLOW, draft_briefs())):  # type: ignore[misc]
    """The generic workflow machine, plus sign-offs so that approval is reachable."""

    @precondition(
        lambda self: (
            hasattr(self, "entity")
            and self.entity.status is BriefStatus.IN_REVIEW
            and bool(self.entity.missing_sign_offs)
        )
    )
    @rule(data=st.data())
    def sign_off(self, data: st.DataObject) -> None:
        approver = data.draw(st.sampled_from(sorted(self.entity.missing_sign_offs)))
        before = self.entity
        self.entity = before.sign_off(approver, at=self.clock)
        assert self.entity.signed_by == before.signed_by | {approver}
        assert self.entity.status is before.status

    @invariant()
    def revision_counts_resubmissions(self) -> None:
        if not hasattr(self, "entity"):
            return
        resubmits = sum(_is_resubmission(c) for c in self.entity.history)
        assert self.entity.revision == 1 + resubmits


TestBriefMachine = BriefMachineBase.TestCase
