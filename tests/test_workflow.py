"""Tests of accountexec.workflow: the one engine every status change goes through."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from accountexec.accounts import ACCOUNT_WORKFLOW
from accountexec.briefs import BRIEF_WORKFLOW
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.strategies._workflow import (
    aware_datetimes,
    status_changes,
    walked,
    workflow_state_machine,
    workflows,
)
from accountexec.workflow import (
    StatusChange,
    Transition,
    Workflow,
    allowed_events,
    apply,
    can_apply,
    permitted_events,
    replay,
    workflow_of,
)

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


class DocStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"


def _needs_pages(entity: Doc, **context: Any) -> str | None:
    if entity.pages <= 0:
        return "a document needs at least one page"
    if context.get("veto"):
        return f"vetoed by {context['veto']!r}"
    return None


def _bump(entity: Doc, change: StatusChange) -> dict[str, Any]:
    return {"revision": entity.revision + 1}


DOC_WORKFLOW = Workflow(
    name="document",
    kind="doc",
    states=DocStatus,
    initial=DocStatus.DRAFT,
    terminal={DocStatus.APPROVED, DocStatus.WITHDRAWN},
    transitions=[
        Transition("submit", DocStatus.DRAFT, DocStatus.SUBMITTED, guard=_needs_pages),
        Transition("review", DocStatus.SUBMITTED, DocStatus.IN_REVIEW),
        Transition("approve", DocStatus.IN_REVIEW, DocStatus.APPROVED),
        Transition("send_back", DocStatus.IN_REVIEW, DocStatus.DRAFT, effect=_bump),
        Transition(
            "withdraw",
            [DocStatus.DRAFT, DocStatus.SUBMITTED, DocStatus.IN_REVIEW],
            DocStatus.WITHDRAWN,
        ),
    ],
)


@attrs.frozen
class Doc:
    workflow: ClassVar[Workflow] = DOC_WORKFLOW
    id: str
    pages: int = 1
    revision: int = 1
    status: DocStatus = DocStatus.DRAFT
    history: tuple[StatusChange, ...] = ()

    def __attrs_post_init__(self) -> None:
        DOC_WORKFLOW.check(self)


@attrs.frozen
class Plain:
    """An entity without a declared workflow: driven through ``Workflow.apply`` directly."""

    id: str
    status: StrEnum
    history: tuple[StatusChange, ...] = ()


EXPECTED_ROWS = {
    (DocStatus.DRAFT, "submit"): DocStatus.SUBMITTED,
    (DocStatus.SUBMITTED, "review"): DocStatus.IN_REVIEW,
    (DocStatus.IN_REVIEW, "approve"): DocStatus.APPROVED,
    (DocStatus.IN_REVIEW, "send_back"): DocStatus.DRAFT,
    (DocStatus.DRAFT, "withdraw"): DocStatus.WITHDRAWN,
    (DocStatus.SUBMITTED, "withdraw"): DocStatus.WITHDRAWN,
    (DocStatus.IN_REVIEW, "withdraw"): DocStatus.WITHDRAWN,
}
PATHS = {
    DocStatus.DRAFT: [],
    DocStatus.SUBMITTED: ["submit"],
    DocStatus.IN_REVIEW: ["submit", "review"],
    DocStatus.APPROVED: ["submit", "review", "approve"],
    DocStatus.WITHDRAWN: ["withdraw"],
}


def doc_in(status: DocStatus) -> Doc:
    doc = Doc("D-1")
    for i, event in enumerate(PATHS[status]):
        doc = apply(doc, event, at=AT.add(hours=i))
    return doc


class TestWorkflowConstruction:
    def test_a_multi_source_row_expands_to_one_row_per_source(self) -> None:
        assert DOC_WORKFLOW.events_from(DocStatus.IN_REVIEW) == {"approve", "send_back", "withdraw"}
        assert {(s, e): t for s, e, t in DOC_WORKFLOW.rows} == EXPECTED_ROWS

    def test_kind_defaults_to_the_name(self) -> None:
        wf = attrs.evolve(DOC_WORKFLOW, kind="document")
        assert (
            Workflow(
                name="document",
                states=DocStatus,
                initial=DocStatus.DRAFT,
                terminal=DOC_WORKFLOW.terminal,
                transitions=DOC_WORKFLOW.transitions,
            )
            == wf
        )

    def test_workflows_are_hashable_values(self) -> None:
        assert hash(DOC_WORKFLOW) == hash(attrs.evolve(DOC_WORKFLOW))

    def test_an_unreachable_status_is_refused(self) -> None:
        with pytest.raises(ValidationError, match=r"\['in_review', 'approved'\]"):
            Workflow(
                name="x",
                states=DocStatus,
                initial=DocStatus.DRAFT,
                terminal=[DocStatus.WITHDRAWN],
                transitions=[
                    Transition("submit", DocStatus.DRAFT, DocStatus.SUBMITTED),
                    Transition("withdraw", DocStatus.SUBMITTED, DocStatus.WITHDRAWN),
                ],
            )

    def test_a_duplicate_event_and_source_pair_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at most one row per"):
            attrs.evolve(
                DOC_WORKFLOW,
                transitions=[
                    *DOC_WORKFLOW.transitions,
                    Transition("withdraw", DocStatus.DRAFT, DocStatus.APPROVED),
                ],
            )

    def test_a_transition_out_of_a_terminal_status_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="no transition out of a terminal status"):
            attrs.evolve(
                DOC_WORKFLOW,
                transitions=[
                    *DOC_WORKFLOW.transitions,
                    Transition("reopen", DocStatus.APPROVED, DocStatus.DRAFT),
                ],
            )

    def test_states_must_be_a_strenum(self) -> None:
        with pytest.raises(ValidationError, match="a StrEnum class"):
            attrs.evolve(DOC_WORKFLOW, states=str)

    def test_status_values_must_be_lowercase_identifiers(self) -> None:
        shouty = StrEnum("Shouty", {"A": "Draft Mode"})  # type: ignore[misc]
        with pytest.raises(ValidationError, match="'Draft Mode'"):
            Workflow(
                name="x", states=shouty, initial=next(iter(shouty)), terminal=(), transitions=()
            )

    def test_initial_terminal_and_rows_must_use_the_workflows_statuses(self) -> None:
        other = StrEnum("Other", {"X": "draft"})  # type: ignore[misc]
        x = next(iter(other))
        with pytest.raises(ValidationError, match="'initial'"):
            attrs.evolve(DOC_WORKFLOW, initial=x)
        with pytest.raises(ValidationError, match="'terminal'"):
            attrs.evolve(DOC_WORKFLOW, terminal=[x])
        with pytest.raises(ValidationError, match="'transitions'"):
            attrs.evolve(
                DOC_WORKFLOW,
                transitions=[*DOC_WORKFLOW.transitions, Transition("x", DocStatus.DRAFT, x)],
            )
        with pytest.raises(ValidationError, match="Transition rows"):
            attrs.evolve(DOC_WORKFLOW, transitions=[("submit", "draft", "submitted")])

    def test_a_single_terminal_status_may_be_given_alone(self) -> None:
        wf = attrs.evolve(
            DOC_WORKFLOW,
            terminal=DocStatus.APPROVED,
        )
        assert wf.terminal == {DocStatus.APPROVED}

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"event": ""}, "event"),
            ({"source": []}, "source"),
            ({"source": 3}, "source"),
            ({"source": ["draft"]}, "source"),
            ({"target": "submitted"}, "target"),
            ({"guard": "yes"}, "guard"),
            ({"effect": 1}, "effect"),
        ],
    )
    def test_a_malformed_transition_is_refused(self, kwargs: dict[str, Any], field: str) -> None:
        args: dict[str, Any] = {
            "event": "submit",
            "source": DocStatus.DRAFT,
            "target": DocStatus.SUBMITTED,
        }
        with pytest.raises(ValidationError, match=repr(field)):
            Transition(**{**args, **kwargs})


class TestApplyingAnEvent:
    @pytest.mark.parametrize(("source", "event"), list(EXPECTED_ROWS))
    def test_every_listed_transition_works_and_records_history(
        self, source: DocStatus, event: str
    ) -> None:
        doc = doc_in(source)
        at = AT.add(days=1)
        moved = apply(doc, event, at=at, by="ana", note="ok")
        assert moved.status == EXPECTED_ROWS[source, event]
        assert moved.history == (
            *doc.history,
            StatusChange(
                event=event,
                source=source,
                target=EXPECTED_ROWS[source, event],
                at=at,
                by="ana",
                note="ok",
            ),
        )
        assert doc.status == source  # the original is untouched

    @pytest.mark.parametrize(
        ("source", "event"),
        [
            pair
            for pair in itertools.product(DocStatus, sorted(DOC_WORKFLOW.events))
            if pair not in EXPECTED_ROWS
        ],
    )
    def test_every_other_pair_is_refused_naming_the_allowed_events(
        self, source: DocStatus, event: str
    ) -> None:
        doc = doc_in(source)
        with pytest.raises(InvalidTransitionError) as info:
            apply(doc, event, at=AT.add(days=1))
        allowed = {e for (s, e) in EXPECTED_ROWS if s == source}
        assert info.value.allowed == allowed
        assert info.value.current == source
        assert info.value.event == event
        allowed_text = ", ".join(repr(e) for e in sorted(allowed)) or "none (terminal status)"
        assert str(info.value) == (
            f"cannot {event!r} doc 'D-1' in status {source.value!r}; allowed events: {allowed_text}"
        )

    def test_the_message_matches_the_issue_example(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            apply(Doc("B-7"), "approve", at=AT)
        assert str(info.value) == (
            "cannot 'approve' doc 'B-7' in status 'draft'; allowed events: 'submit', 'withdraw'"
        )

    def test_a_guard_refusal_gives_its_reason(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            apply(Doc("D-2", pages=0), "submit", at=AT)
        assert info.value.reason == "a document needs at least one page"
        assert str(info.value) == (
            "cannot 'submit' doc 'D-2' in status 'draft': a document needs at least one page; "
            "allowed events: 'submit', 'withdraw'"
        )

    def test_keyword_context_reaches_the_guard(self) -> None:
        with pytest.raises(InvalidTransitionError, match="vetoed by 'legal'"):
            apply(Doc("D-3"), "submit", at=AT, veto="legal")
        assert apply(Doc("D-3"), "submit", at=AT, veto=None).status == DocStatus.SUBMITTED

    def test_the_guard_sees_the_moment_of_the_change_as_at(self) -> None:
        seen: list[dict[str, Any]] = []

        def office_hours(entity: Doc, **context: Any) -> str | None:
            seen.append(context)
            hour = context["at"].hour
            return None if 9 <= hour < 18 else f"outside office hours ({hour}h)"

        wf = attrs.evolve(
            DOC_WORKFLOW,
            transitions=[
                Transition("submit", DocStatus.DRAFT, DocStatus.SUBMITTED, guard=office_hours),
                *DOC_WORKFLOW.transitions[1:],
            ],
        )
        assert wf.apply(Doc("D-4"), "submit", at=AT, veto="x").status == DocStatus.SUBMITTED
        assert seen == [{"at": AT, "veto": "x"}]
        with pytest.raises(InvalidTransitionError, match=r"outside office hours \(20h\)"):
            wf.apply(Doc("D-4"), "submit", at=AT.add(hours=11))
        # permitted_events and can_apply pass ``at`` only when their caller gives it
        assert wf.can_apply(Doc("D-4"), "submit", at=AT)
        assert "submit" not in wf.permitted_events(Doc("D-4"), at=AT.add(hours=11))

    def test_an_effect_changes_other_fields_with_the_status(self) -> None:
        doc = doc_in(DocStatus.IN_REVIEW)
        back = apply(doc, "send_back", at=AT.add(days=1))
        assert (back.status, back.revision) == (DocStatus.DRAFT, 2)

    def test_an_effect_may_not_set_the_status_or_history(self) -> None:
        wf = attrs.evolve(
            DOC_WORKFLOW,
            transitions=[
                Transition(
                    "submit",
                    DocStatus.DRAFT,
                    DocStatus.SUBMITTED,
                    effect=lambda e, c: {"status": DocStatus.APPROVED},
                ),
                *DOC_WORKFLOW.transitions[1:],
            ],
        )
        with pytest.raises(ValidationError, match="'effect'"):
            wf.apply(Plain("P", DocStatus.DRAFT), "submit", at=AT)

    @pytest.mark.parametrize(
        "at",
        [dt.datetime(2026, 3, 2, 9), pendulum.naive(2026, 3, 2, 9), dt.date(2026, 3, 2), "now"],
    )
    def test_at_must_be_an_aware_datetime(self, at: Any) -> None:
        with pytest.raises(ValidationError, match="an aware datetime"):
            apply(Doc("D-4"), "submit", at=at)

    def test_at_may_not_be_earlier_than_the_last_change(self) -> None:
        doc = apply(Doc("D-5"), "submit", at=AT)
        with pytest.raises(ValidationError, match="not earlier than the last change"):
            apply(doc, "review", at=AT.subtract(seconds=1))
        assert apply(doc, "review", at=AT).history[-1].at == AT

    def test_stdlib_and_pendulum_datetimes_mix(self) -> None:
        doc = apply(Doc("D-6"), "submit", at=AT)
        later = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
        assert apply(doc, "review", at=later).history[-1].at == later

    def test_an_entity_in_a_foreign_status_is_refused(self) -> None:
        other = StrEnum("Other", {"X": "x"})  # type: ignore[misc]
        with pytest.raises(ValidationError, match="a member of DocStatus"):
            DOC_WORKFLOW.apply(Plain("P", next(iter(other))), "submit", at=AT)

    def test_the_module_function_finds_the_workflow_on_the_class(self) -> None:
        assert workflow_of(Doc("D")) is DOC_WORKFLOW
        with pytest.raises(ValidationError, match="'entity'"):
            apply(Plain("P", DocStatus.DRAFT), "submit", at=AT)

    def test_a_refused_change_leaves_nothing_half_changed(self) -> None:
        doc = doc_in(DocStatus.IN_REVIEW)
        with pytest.raises(InvalidTransitionError):
            apply(doc, "submit", at=AT.add(days=1))
        assert doc == doc_in(DocStatus.IN_REVIEW)


class TestQuestions:
    def test_allowed_events_come_from_the_table_and_ignore_guards(self) -> None:
        empty = Doc("D", pages=0)
        assert allowed_events(empty) == {"submit", "withdraw"}
        assert permitted_events(empty) == {"withdraw"}
        assert permitted_events(Doc("D")) == {"submit", "withdraw"}
        assert permitted_events(Doc("D"), veto="cfo") == {"withdraw"}

    def test_can_apply_evaluates_the_guard(self) -> None:
        assert can_apply(Doc("D"), "submit")
        assert not can_apply(Doc("D", pages=0), "submit")
        assert not can_apply(Doc("D"), "approve")

    def test_terminal_and_reachable_statuses(self) -> None:
        assert DOC_WORKFLOW.is_terminal(DocStatus.APPROVED)
        assert not DOC_WORKFLOW.is_terminal(DocStatus.DRAFT)
        assert all(DOC_WORKFLOW.is_reachable(s) for s in DocStatus)
        assert DOC_WORKFLOW.events == {"submit", "review", "approve", "send_back", "withdraw"}
        assert DOC_WORKFLOW.transition_for(DocStatus.APPROVED, "submit") is None


class TestReplay:
    def test_history_replays_to_the_status(self) -> None:
        for status in DocStatus:
            assert replay(doc_in(status)) == status

    @pytest.mark.parametrize(
        ("event", "source", "target"),
        [
            ("review", "draft", "in_review"),
            ("submit", "submitted", "in_review"),
            ("submit", "draft", "approved"),
        ],
    )
    def test_an_impossible_history_is_refused(self, event: str, source: str, target: str) -> None:
        change = StatusChange(event=event, source=source, target=target, at=AT)
        with pytest.raises(ValidationError, match="'history'"):
            DOC_WORKFLOW.replay([change])

    def test_a_history_out_of_time_order_is_refused(self) -> None:
        first = StatusChange(event="submit", source="draft", target="submitted", at=AT)
        second = attrs.evolve(first, event="review", source="submitted", target="in_review")
        with pytest.raises(ValidationError, match="time order"):
            DOC_WORKFLOW.replay([first, attrs.evolve(second, at=AT.subtract(minutes=1))])

    def test_only_status_changes_replay(self) -> None:
        with pytest.raises(ValidationError, match="StatusChange entries"):
            DOC_WORKFLOW.replay(["submit"])  # type: ignore[list-item]

    def test_an_entity_whose_status_disagrees_with_its_history_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'draft', the status its history reaches"):
            Doc("D", status=DocStatus.APPROVED)


class TestStatusChange:
    def test_statuses_are_stored_as_plain_text(self) -> None:
        change = StatusChange(
            event="submit", source=DocStatus.DRAFT, target=DocStatus.SUBMITTED, at=AT
        )
        assert type(change.source) is str
        assert change.source == "draft"

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"event": ""}, "event"),
            ({"source": 1}, "source"),
            ({"at": dt.datetime(2026, 1, 1)}, "at"),
            ({"by": 7}, "by"),
            ({"note": b"x"}, "note"),
        ],
    )
    def test_malformed_changes_are_refused(self, kwargs: dict[str, Any], field: str) -> None:
        args: dict[str, Any] = {"event": "submit", "source": "draft", "target": "x", "at": AT}
        with pytest.raises(ValidationError, match=repr(field)):
            StatusChange(**{**args, **kwargs})

    @given(status_changes())
    def test_generated_changes_are_valid_and_aware(self, change: StatusChange) -> None:
        assert change.at.utcoffset() is not None
        assert attrs.evolve(change) == change


class TestDiagrams:
    def test_mermaid_lists_start_rows_and_ends(self) -> None:
        assert DOC_WORKFLOW.to_mermaid() == "\n".join(
            [
                "stateDiagram-v2",
                "    [*] --> draft",
                "    draft --> submitted: submit",
                "    submitted --> in_review: review",
                "    in_review --> approved: approve",
                "    in_review --> draft: send_back",
                "    draft --> withdrawn: withdraw",
                "    submitted --> withdrawn: withdraw",
                "    in_review --> withdrawn: withdraw",
                "    approved --> [*]",
                "    withdrawn --> [*]",
            ]
        )

    def test_dot_marks_terminal_statuses_and_labels_edges(self) -> None:
        dot = DOC_WORKFLOW.to_dot()
        assert dot.startswith('digraph "document" {')
        assert '"approved" [peripheries=2];' in dot
        assert '"draft";' in dot
        assert '"in_review" -> "draft" [label="send_back"];' in dot
        assert dot.endswith("}")

    @given(workflows())
    def test_every_row_appears_in_both_diagrams(self, wf: Workflow) -> None:
        mermaid, dot = wf.to_mermaid(), wf.to_dot()
        for source, event, target in wf.rows:
            assert f"    {source} --> {target}: {event}" in mermaid.splitlines()
            assert f'    "{source}" -> "{target}" [label="{event}"];' in dot.splitlines()
        assert mermaid.count("--> [*]") == len(wf.terminal)


class TestRegisteredStrategies:
    @given(st.from_type(Workflow), st.from_type(Transition), st.from_type(StatusChange))
    def test_from_type_gives_valid_workflow_values(
        self, wf: Workflow, row: Transition, change: StatusChange
    ) -> None:
        assert all(wf.is_reachable(s) for s in wf.states)
        assert row.sources
        assert change.at.utcoffset() is not None


class TestRandomWorkflows:
    @given(workflows(), st.data())
    def test_every_status_event_pair_applies_or_is_refused_naming_the_allowed(
        self, wf: Workflow, data: st.DataObject
    ) -> None:
        for status, event in itertools.product(wf.states, sorted(wf.events)):
            row = wf.transition_for(status, event)
            entity = Plain("R-1", status)
            if row is None:
                with pytest.raises(InvalidTransitionError) as info:
                    wf.apply(entity, event, at=AT)
                assert info.value.allowed == wf.events_from(status)
            else:
                assert wf.apply(entity, event, at=AT).status == row.target

    @given(workflows())
    def test_terminal_statuses_allow_no_event(self, wf: Workflow) -> None:
        for status in wf.terminal:
            assert wf.events_from(status) == frozenset()

    @given(workflows(), st.lists(st.integers(min_value=0), max_size=12), aware_datetimes())
    def test_a_random_walk_replays_to_where_it_ends(
        self, wf: Workflow, choices: list[int], start: dt.datetime
    ) -> None:
        entity = Plain("R-2", wf.initial)
        for i, choice in enumerate(choices):
            events = sorted(wf.events_from(entity.status))
            if not events:
                break
            entity = wf.apply(entity, events[choice % len(events)], at=start + dt.timedelta(i))
        assert wf.replay(entity.history) == entity.status
        assert wf.is_reachable(entity.status)

    @given(walked(Doc("D-9")))
    def test_walked_entities_stay_consistent(self, doc: Doc) -> None:
        assert replay(doc) == doc.status


TestDocumentWorkflowMachine = workflow_state_machine(
    DOC_WORKFLOW,
    st.builds(Doc, id=st.just("D-10"), pages=st.integers(min_value=0, max_value=2)),
    context=st.fixed_dictionaries({}, optional={"veto": st.sampled_from(["legal", "cfo"])}),
).TestCase


class TestTheMachineOnRandomWorkflows:
    # A machine per random workflow: nesting is deliberate here (each workflow is its own machine),
    # and kept small so the quadratic cost stays at a few hundred steps.
    @settings(max_examples=20, suppress_health_check=[HealthCheck.nested_given])
    @given(workflows(max_states=5))
    def test_the_generic_machine_holds_on_any_workflow(self, wf: Workflow) -> None:
        machine = workflow_state_machine(wf, st.just(Plain("R-3", wf.initial)))
        run_state_machine_as_test(
            machine, settings=settings(max_examples=3, stateful_step_count=10)
        )


class TestTheGuideShowsTheGeneratedDiagrams:
    def test_the_mermaid_fences_in_the_workflows_guide_are_generated_ones(self) -> None:
        guide = Path(__file__).parent.parent / "docs" / "guide" / "workflows.md"
        text = guide.read_text(encoding="utf-8")
        fences = [block.split("```", 1)[0].rstrip("\n") for block in text.split("```mermaid\n")[1:]]
        assert fences == [BRIEF_WORKFLOW.to_mermaid(), ACCOUNT_WORKFLOW.to_mermaid()]
