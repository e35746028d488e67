"""Tests of accountexec.campaigns: deliverables, the campaign workflow, schedules, rollup, ROI."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from accountexec.briefs import Brief
from accountexec.budgets import Budget, BudgetLine
from accountexec.calendars import WorkCalendar
from accountexec.campaigns import (
    CAMPAIGN_WORKFLOW,
    DELIVERABLE_WORKFLOW,
    KPI,
    Campaign,
    CampaignRollup,
    CampaignStatus,
    Deliverable,
    DeliverableStatus,
    roi,
    rollup,
)
from accountexec.deadlines import BusinessDays, BusinessHours, EndOfMonth
from accountexec.errors import (
    CurrencyMismatchError,
    InvalidTransitionError,
    ScheduleError,
    ValidationError,
)
from accountexec.money import Currency, ExchangeRates, Money
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._budgets import campaign_trees, campaigns, deliverables, register
from accountexec.strategies._workflow import workflow_state_machine
from accountexec.workflow import StatusChange, allowed_events

AT = pendulum.datetime(2026, 5, 4, 9, tz="Europe/Paris")
IN_FLIGHT = pendulum.datetime(2026, 6, 2, 10, tz="Europe/Paris")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def brief(brief_id: str = "BR-1", *, approved: bool = True) -> Brief:
    draft = Brief(
        id=brief_id,
        client_id="CL-1",
        title="Summer",
        objectives=["Awareness among 25-34s"],
        audience="Urban professionals",
        key_message="Fresh every day",
        deliverables=["copy", "visuals"],
        budget=eur("5000.00"),
        deadline=pendulum.date(2026, 5, 29),
        approvers=["cmo"],
    )
    if not approved:
        return draft
    at = pendulum.datetime(2026, 4, 1, 9, tz="Europe/Paris")
    return draft.submit(at=at).start_review(at=at).sign_off("cmo", at=at).approve(at=at)


def budget(planned: str = "5000.00", currency: str = "EUR") -> Budget:
    return Budget(
        id="B-1",
        currency=currency,
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 6, 30),
        lines=[BudgetLine("social", Money(planned, currency))],
    )


def summer(**changes: object) -> Campaign:
    """A June 2026 campaign (1 June is a Monday) with launch work and a post-launch report."""
    fields: dict[str, object] = {
        "id": "C-1",
        "client_id": "CL-1",
        "brief_id": "BR-1",
        "name": "Summer",
        "flight_start": dt.date(2026, 6, 1),
        "flight_end": dt.date(2026, 6, 30),
        "channels": ["social", "search"],
        "budget": budget(),
        "deliverables": [
            Deliverable(name="copy", owner="ana", duration=3, cost=eur("1000.00")),
            Deliverable(
                name="visuals", owner="ben", duration=5, depends_on=["copy"], cost=eur("2500.00")
            ),
            Deliverable(name="report", owner="ana", due=BusinessDays(10)),
        ],
        "kpis": [KPI("clicks", 20000), KPI("ctr %", "1.2")],
        "expected_revenue": eur("12000.00"),
    }
    fields.update(changes)
    return Campaign(**fields)  # type: ignore[arg-type]


def finished(campaign: Campaign) -> Campaign:
    for deliverable in campaign.deliverables:
        campaign = campaign.advance_deliverable(deliverable.name, "finish", at=AT)
    return campaign


class TestACampaignIsValidWhenBuilt:
    def test_defaults(self) -> None:
        campaign = Campaign(
            id="C",
            client_id="CL",
            brief_id="BR",
            name="N",
            budget=budget(),
            flight_start=dt.date(2026, 6, 1),
            flight_end=dt.date(2026, 6, 1),
        )
        assert campaign.expected_revenue == eur("0.00")
        assert campaign.status is CampaignStatus.DRAFT
        assert campaign.history == ()
        assert type(campaign.flight_start) is pendulum.Date

    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            ({"flight_end": dt.date(2026, 5, 31)}, ValidationError, "'flight_end'"),
            ({"flight_start": dt.datetime(2026, 6, 1, 9)}, ValidationError, "'flight_start'"),
            ({"parent_id": "C-1"}, ValidationError, "another campaign's id"),
            ({"channels": ["tv", "tv"]}, ValidationError, "each channel once"),
            ({"channels": "tv"}, ValidationError, "a collection of channel names"),
            ({"channels": [""]}, ValidationError, "non-empty channel names"),
            ({"expected_revenue": Money("1.00", "USD")}, CurrencyMismatchError, "'USD'"),
            ({"expected_revenue": "1.00"}, ValidationError, "'expected_revenue'"),
            ({"budget": "B-1"}, ValidationError, "budget"),
            ({"kpis": [KPI("a", 1), KPI("a", 2)]}, ValidationError, "unique KPI names"),
            ({"kpis": [("a", 1)]}, ValidationError, "KPI values"),
            ({"deliverables": ["copy"]}, ValidationError, "Deliverable values"),
            ({"status": "live"}, ValidationError, "'draft', the status its history reaches"),
            ({"status": "over"}, ValidationError, "one of 'draft', 'planned'"),
        ],
    )
    def test_bad_fields_are_refused(
        self, changes: dict[str, object], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            summer(**changes)

    def test_a_campaign_from_a_brief_takes_its_client_id_and_title(self) -> None:
        campaign = Campaign.from_brief(
            brief(),
            campaign_id="C-9",
            budget=budget(),
            flight_start=dt.date(2026, 6, 1),
            flight_end=dt.date(2026, 6, 30),
            channels=["social"],
        )
        assert (campaign.client_id, campaign.brief_id, campaign.name) == ("CL-1", "BR-1", "Summer")
        with pytest.raises(CurrencyMismatchError, match="budget 'B-1' is in 'USD' but brief"):
            Campaign.from_brief(
                brief(),
                campaign_id="C-9",
                budget=budget(currency="USD"),
                flight_start=dt.date(2026, 6, 1),
                flight_end=dt.date(2026, 6, 30),
            )
        with pytest.raises(ValidationError, match="'brief'"):
            Campaign.from_brief(
                "BR-1",  # type: ignore[arg-type]
                campaign_id="C-9",
                budget=budget(),
                flight_start=dt.date(2026, 6, 1),
                flight_end=dt.date(2026, 6, 30),
            )

    def test_deliverable_names_are_unique(self) -> None:
        with pytest.raises(ValidationError, match="unique names"):
            summer(deliverables=[Deliverable(name="a", owner="x")] * 2)

    def test_dependencies_name_deliverables_of_the_campaign(self) -> None:
        with pytest.raises(ValidationError, match="'brief'; expected names of the campaign's"):
            summer(deliverables=[Deliverable(name="a", owner="x", depends_on=["brief"])])

    def test_launch_work_cannot_wait_for_dated_work(self) -> None:
        report = Deliverable(name="report", owner="x", due=dt.date(2026, 6, 15))
        with pytest.raises(ValidationError, match="launch work for 'spot'"):
            summer(
                deliverables=[report, Deliverable(name="spot", owner="x", depends_on=["report"])]
            )
        dated = Deliverable(name="recap", owner="x", due=EndOfMonth(), depends_on=["report"])
        assert len(summer(deliverables=[report, dated]).deliverables) == 2

    def test_costs_are_in_the_budget_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="cost of 'a'"):
            summer(deliverables=[Deliverable(name="a", owner="x", cost=Money("1", "JPY"))])


class TestDeliverables:
    def test_the_deliverable_workflow(self) -> None:
        copy = Deliverable(name="copy", owner="ana")
        assert copy.id == "copy"
        assert copy.start(at=AT).status is DeliverableStatus.IN_PROGRESS
        assert copy.finish(at=AT).status is DeliverableStatus.DONE
        dropped = copy.start(at=AT).drop(at=AT, by="ana", note="client cut")
        assert dropped.status is DeliverableStatus.DROPPED
        assert [c.event for c in dropped.history] == ["start", "drop"]
        assert not dropped.is_open
        with pytest.raises(InvalidTransitionError, match="allowed events: none"):
            dropped.finish(at=AT)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"name": ""}, "'name'"),
            ({"owner": " "}, "'owner'"),
            ({"duration": -1}, "0 or more"),
            ({"duration": True}, "'duration'"),
            ({"depends_on": "copy"}, "a collection of deliverable names"),
            ({"depends_on": [""]}, "non-empty deliverable names"),
            ({"depends_on": ["spot"]}, "other deliverables than itself"),
            ({"due": pendulum.datetime(2026, 6, 1)}, "'due'"),
            ({"due": BusinessHours(4)}, "a day-based deadline rule"),
            ({"due": "2026-06-01"}, "'due'"),
            ({"cost": eur("-1.00")}, "zero or more"),
            ({"status": "done"}, "the status its history reaches"),
            ({"status": "lost"}, "one of 'planned'"),
        ],
    )
    def test_bad_fields_are_refused(self, changes: dict[str, object], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            Deliverable(**{"name": "spot", "owner": "ana", **changes})  # type: ignore[arg-type]

    def test_a_plain_date_becomes_a_pendulum_date(self) -> None:
        assert type(Deliverable(name="a", owner="b", due=dt.date(2026, 1, 2)).due) is pendulum.Date

    def test_a_campaign_advances_and_replaces_deliverables(self) -> None:
        campaign = summer().advance_deliverable("copy", "start", at=AT, by="ana")
        assert campaign.deliverable("copy").status is DeliverableStatus.IN_PROGRESS
        added = campaign.with_deliverable(Deliverable(name="banners", owner="dev"))
        assert [d.name for d in added.deliverables] == ["copy", "visuals", "report", "banners"]
        with pytest.raises(ValidationError, match="'spot'; expected one of the campaign's"):
            campaign.deliverable("spot")

    def test_the_cost_of_dropped_deliverables_does_not_count(self) -> None:
        campaign = summer()
        assert campaign.deliverables_cost == eur("3500.00")
        assert campaign.advance_deliverable("visuals", "drop", at=AT).deliverables_cost == eur(
            "1000.00"
        )


class TestKPIs:
    def test_attainment(self) -> None:
        assert KPI("ctr %", "1.2", "1.5").attainment == Decimal("1.25")
        assert KPI("ctr %", "1.2").attainment is None
        assert KPI("ctr %", 0, 3).attainment is None

    @pytest.mark.parametrize("value", [1.5, True, "lots", "NaN", None])
    def test_targets_are_exact_finite_numbers(self, value: object) -> None:
        with pytest.raises(ValidationError, match="'target'"):
            KPI("reach", value)  # type: ignore[arg-type]

    def test_recording_a_kpi(self) -> None:
        campaign = summer().record_kpi("clicks", 25000)
        assert campaign.kpis[0] == KPI("clicks", 20000, 25000)
        with pytest.raises(ValidationError, match="'reach'; expected one of the campaign's KPIs"):
            campaign.record_kpi("reach", 1)


def _in_status(status: CampaignStatus) -> Campaign:
    """A campaign brought to ``status`` through the workflow (its deliverables all done)."""
    campaign = finished(summer())
    paths: dict[CampaignStatus, list[Callable[[Campaign], Campaign]]] = {
        CampaignStatus.DRAFT: [],
        CampaignStatus.PLANNED: [lambda c: c.plan(at=AT)],
        CampaignStatus.APPROVED: [
            lambda c: c.plan(at=AT),
            lambda c: c.approve(at=AT, brief=brief()),
        ],
        CampaignStatus.LIVE: [
            lambda c: c.plan(at=AT),
            lambda c: c.approve(at=AT, brief=brief()),
            lambda c: c.go_live(at=IN_FLIGHT),
        ],
        CampaignStatus.PAUSED: [
            lambda c: c.plan(at=AT),
            lambda c: c.approve(at=AT, brief=brief()),
            lambda c: c.go_live(at=IN_FLIGHT),
            lambda c: c.pause(at=IN_FLIGHT),
        ],
        CampaignStatus.COMPLETED: [
            lambda c: c.plan(at=AT),
            lambda c: c.approve(at=AT, brief=brief()),
            lambda c: c.go_live(at=IN_FLIGHT),
            lambda c: c.complete(at=IN_FLIGHT),
        ],
        CampaignStatus.CANCELLED: [lambda c: c.cancel(at=AT)],
    }
    for step in paths[status]:
        campaign = step(campaign)
    assert campaign.status is status
    return campaign


_TABLE = {
    (CampaignStatus.DRAFT, "plan"): CampaignStatus.PLANNED,
    (CampaignStatus.PLANNED, "approve"): CampaignStatus.APPROVED,
    (CampaignStatus.APPROVED, "go_live"): CampaignStatus.LIVE,
    (CampaignStatus.LIVE, "pause"): CampaignStatus.PAUSED,
    (CampaignStatus.PAUSED, "resume"): CampaignStatus.LIVE,
    (CampaignStatus.LIVE, "complete"): CampaignStatus.COMPLETED,
    **{
        (s, "cancel"): CampaignStatus.CANCELLED
        for s in (
            CampaignStatus.DRAFT,
            CampaignStatus.PLANNED,
            CampaignStatus.APPROVED,
            CampaignStatus.LIVE,
            CampaignStatus.PAUSED,
        )
    },
}
_EVENTS = ("plan", "approve", "go_live", "pause", "resume", "complete", "cancel")


def _fire(campaign: Campaign, event: str) -> Campaign:
    at = IN_FLIGHT
    if event == "approve":
        return campaign.approve(at=at, brief=brief())
    method: Callable[..., Campaign] = getattr(campaign, event)
    return method(at=at)


class TestCampaignWorkflow:
    @pytest.mark.parametrize(("status", "event"), [(s, e) for s in CampaignStatus for e in _EVENTS])
    def test_every_status_and_event(self, status: CampaignStatus, event: str) -> None:
        campaign = _in_status(status)
        expected = _TABLE.get((status, event))
        if expected is None:
            allowed = sorted(e for (s, e) in _TABLE if s == status)
            with pytest.raises(InvalidTransitionError) as caught:
                _fire(campaign, event)
            assert caught.value.current == status.value
            assert sorted(caught.value.allowed) == allowed
            assert "allowed events:" in str(caught.value)
        else:
            moved = _fire(campaign, event)
            assert moved.status is expected
            assert moved.history[-1] == StatusChange(
                event=event, source=status, target=expected, at=IN_FLIGHT
            )
            assert CAMPAIGN_WORKFLOW.replay(moved.history) is expected

    def test_the_table_is_the_one_documented(self) -> None:
        rows = {(s, e): t for s, e, t in CAMPAIGN_WORKFLOW.rows}
        assert rows == _TABLE
        assert allowed_events(summer()) == {"plan", "cancel"}

    def test_approval_needs_the_brief(self) -> None:
        planned = summer().plan(at=AT)
        with pytest.raises(InvalidTransitionError, match="needs the campaign's approved brief"):
            CAMPAIGN_WORKFLOW.apply(planned, "approve", at=AT)
        with pytest.raises(InvalidTransitionError, match="'BR-2' is not the campaign's brief"):
            planned.approve(at=AT, brief=brief("BR-2"))
        with pytest.raises(InvalidTransitionError, match="'BR-1' is 'draft', not 'approved'"):
            planned.approve(at=AT, brief=brief(approved=False))

    def test_approval_needs_a_budget_covering_the_deliverables(self) -> None:
        planned = summer(budget=budget("3499.99")).plan(at=AT)
        with pytest.raises(
            InvalidTransitionError, match=r"estimated at Money\('3500.00', 'EUR'\), more than"
        ):
            planned.approve(at=AT, brief=brief())
        covered = summer(budget=budget("3500.00")).plan(at=AT)
        assert covered.approve(at=AT, brief=brief()).status is CampaignStatus.APPROVED

    def test_going_live_needs_the_date_of_at_within_the_flight(self) -> None:
        approved = _in_status(CampaignStatus.APPROVED)
        # 00:30 in Paris on 1 June is still 31 May in UTC: the local date counts
        paris = pendulum.datetime(2026, 6, 1, 0, 30, tz="Europe/Paris")
        assert approved.go_live(at=paris).status is CampaignStatus.LIVE
        new_york = pendulum.datetime(2026, 5, 31, 23, 30, tz="America/New_York")
        with pytest.raises(InvalidTransitionError, match="2026-05-31 is outside the flight"):
            approved.go_live(at=new_york)
        last_day = pendulum.datetime(2026, 6, 30, 23, 59, tz="Asia/Tokyo")
        assert approved.go_live(at=last_day).status is CampaignStatus.LIVE
        with pytest.raises(InvalidTransitionError, match="2026-07-01 is outside"):
            approved.go_live(at=pendulum.datetime(2026, 7, 1, tz="UTC"))
        # the engine passes ``at`` to the guard: no extra context needed through ``apply``
        assert CAMPAIGN_WORKFLOW.apply(approved, "go_live", at=IN_FLIGHT).status is (
            CampaignStatus.LIVE
        )
        with pytest.raises(InvalidTransitionError, match="outside the flight"):
            CAMPAIGN_WORKFLOW.apply(approved, "go_live", at=pendulum.datetime(2026, 7, 2, tz="UTC"))
        # asking which events are permitted without a moment cannot tell: go_live is not listed
        assert "go_live" not in CAMPAIGN_WORKFLOW.permitted_events(approved)
        assert "go_live" in CAMPAIGN_WORKFLOW.permitted_events(approved, at=IN_FLIGHT)
        with pytest.raises(ValidationError, match="an aware datetime"):
            approved.go_live(at=dt.datetime(2026, 6, 2, 9))

    def test_resuming_after_the_flight_is_refused(self) -> None:
        paused = _in_status(CampaignStatus.PAUSED)
        with pytest.raises(InvalidTransitionError, match="outside the flight"):
            paused.resume(at=pendulum.datetime(2026, 7, 2, tz="UTC"))

    def test_completing_needs_every_deliverable_done_or_dropped(self) -> None:
        live = summer().plan(at=AT).approve(at=AT, brief=brief()).go_live(at=IN_FLIGHT)
        live = live.advance_deliverable("copy", "finish", at=IN_FLIGHT)
        with pytest.raises(
            InvalidTransitionError, match="not done or dropped: 'visuals', 'report'"
        ):
            live.complete(at=IN_FLIGHT)
        live = live.advance_deliverable("visuals", "drop", at=IN_FLIGHT)
        live = live.advance_deliverable("report", "finish", at=IN_FLIGHT)
        done = live.complete(at=IN_FLIGHT, by="ana", note="wrapped")
        assert (done.status, done.history[-1].by, done.history[-1].note) == (
            CampaignStatus.COMPLETED,
            "ana",
            "wrapped",
        )


class TestScheduleBackFromLaunch:
    def test_launch_work_ends_the_business_day_before_the_flight(self) -> None:
        plan = summer().schedule(WorkCalendar())
        assert set(plan) == {"copy", "visuals"}
        assert plan["visuals"].latest_finish == pendulum.Date(2026, 5, 29)
        assert plan["visuals"].latest_start == pendulum.Date(2026, 5, 25)
        assert plan["copy"].latest_start == pendulum.Date(2026, 5, 20)
        assert plan.critical_path == ("copy", "visuals")

    def test_holidays_move_the_plan(self) -> None:
        # Whit Monday 25 May 2026 off, and a flight starting on a Saturday
        calendar = WorkCalendar(holidays=[dt.date(2026, 5, 25)])
        campaign = summer(flight_start=dt.date(2026, 5, 30))
        assert campaign.launch_deadline(calendar) == pendulum.Date(2026, 5, 29)
        plan = campaign.schedule(calendar)
        assert plan["visuals"].latest_start == pendulum.Date(2026, 5, 22)
        assert plan["copy"].latest_finish == pendulum.Date(2026, 5, 21)

    def test_dropped_work_is_left_out_and_no_longer_waited_for(self) -> None:
        campaign = summer().advance_deliverable("copy", "drop", at=AT)
        plan = campaign.schedule(WorkCalendar())
        assert set(plan) == {"visuals"}
        assert plan["visuals"].slack == 0

    def test_a_campaign_without_launch_work_cannot_be_scheduled(self) -> None:
        campaign = summer(deliverables=[Deliverable(name="r", owner="a", due=BusinessDays(3))])
        with pytest.raises(ScheduleError, match="no launch work"):
            campaign.schedule(WorkCalendar())

    def test_due_dates_and_late_deliverables(self) -> None:
        calendar = WorkCalendar()
        campaign = summer(
            deliverables=[
                *summer().deliverables,
                Deliverable(name="recap", owner="dev", due=dt.date(2026, 7, 10)),
            ]
        )
        assert dict(campaign.due_dates(calendar)) == {
            "copy": pendulum.Date(2026, 5, 22),
            "visuals": pendulum.Date(2026, 5, 29),
            "report": pendulum.Date(2026, 6, 15),
            "recap": pendulum.Date(2026, 7, 10),
        }
        assert campaign.late_deliverables(as_of=dt.date(2026, 5, 22)) == ()
        assert [d.name for d in campaign.late_deliverables(as_of=dt.date(2026, 5, 23))] == ["copy"]
        campaign = campaign.advance_deliverable("copy", "finish", at=AT)
        late = campaign.late_deliverables(as_of=dt.date(2026, 7, 11), calendar=calendar)
        assert [d.name for d in late] == ["visuals", "report", "recap"]
        campaign = campaign.advance_deliverable("recap", "drop", at=AT)
        assert "recap" not in campaign.due_dates(calendar)
        with pytest.raises(ValidationError, match="'as_of'"):
            campaign.late_deliverables(as_of=pendulum.datetime(2026, 7, 11))  # type: ignore[arg-type]


def _tree(planned: dict[str, tuple[str, str | None]], currency: str = "EUR") -> list[Campaign]:
    items = []
    for cid, (amount, parent) in planned.items():
        b = Budget(
            id=f"B-{cid}",
            currency=currency,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            lines=[BudgetLine("media", Money(amount, currency))],
            policy="allow",
        ).spend(f"I-{cid}", "media", Money("10", currency), on=dt.date(2026, 2, 1))
        items.append(
            Campaign(
                id=cid,
                client_id="CL",
                brief_id="BR",
                name=cid,
                budget=b,
                flight_start=dt.date(2026, 3, 1),
                flight_end=dt.date(2026, 3, 31),
                parent_id=parent,
                expected_revenue=Money("100", currency),
            )
        )
    return items


class TestRollup:
    def test_figures_add_up_the_tree(self) -> None:
        tree = _tree(
            {
                "global": ("0.00", None),
                "emea": ("100.00", "global"),
                "fr": ("300.00", "emea"),
                "de": ("700.00", "emea"),
                "us": ("50.00", "global"),
                "solo": ("5.00", None),
            }
        )
        totals = rollup(tree)
        assert list(totals) == ["global", "emea", "fr", "de", "us", "solo"]
        assert totals["emea"] == CampaignRollup(
            campaign_id="emea",
            currency=Currency("EUR"),
            planned=eur("1100.00"),
            actual=eur("30.00"),
            expected_revenue=eur("300"),
            campaign_ids=("emea", "fr", "de"),
        )
        assert totals["global"].planned == eur("1150.00")
        assert totals["global"].campaign_ids == ("global", "emea", "fr", "de", "us")
        assert totals["solo"].planned == eur("5.00")
        assert totals["emea"].roi(eur("60.00")) == Decimal(1)

    def test_unknown_parents_duplicates_and_cycles_are_refused(self) -> None:
        with pytest.raises(ValidationError, match=r"'nowhere'.*parent of 'a'"):
            rollup(_tree({"a": ("1.00", "nowhere")}))
        with pytest.raises(ValidationError, match="unique campaign ids"):
            rollup(_tree({"a": ("1.00", None)}) * 2)
        with pytest.raises(ValidationError, match="'a -> c -> b -> a'"):
            rollup(
                _tree(
                    {
                        "r": ("1.00", None),
                        "a": ("1.00", "c"),
                        "b": ("1.00", "a"),
                        "c": ("1.00", "b"),
                        "d": ("1.00", "c"),
                    }
                )
            )
        with pytest.raises(ValidationError, match="Campaign values"):
            rollup(["C-1"])  # type: ignore[list-item]

    def test_other_currencies_need_rates(self) -> None:
        tree = _tree({"root": ("100.00", None)}) + _tree({"jp": ("1000", "root")}, "JPY")
        with pytest.raises(CurrencyMismatchError, match="'jp' in 'JPY' into 'EUR'; pass rates"):
            rollup(tree)
        rates = ExchangeRates(base="EUR", rates={"JPY": "160"}, as_of=dt.date(2026, 3, 31))
        totals = rollup(tree, rates)
        assert totals["root"].planned == eur("106.25")
        assert totals["root"].actual == eur("10.06")
        in_yen = rollup(tree, rates, currency="JPY")
        assert in_yen["root"].planned == Money("17000", "JPY")
        assert in_yen["jp"].currency == Currency("JPY")

    @given(campaign_trees())
    def test_a_tree_rolls_up_to_the_sum_of_its_campaigns(self, tree: tuple[Campaign, ...]) -> None:
        totals = rollup(tree)
        by_id = {c.id: c for c in tree}
        for cid, total in totals.items():
            members = [by_id[m] for m in total.campaign_ids]
            assert total.planned == Money.sum((c.budget.planned for c in members), total.currency)
            assert total.actual == Money.sum((c.budget.actual for c in members), total.currency)
            children = [c for c in tree if c.parent_id == cid]
            if not children:
                assert total.campaign_ids == (cid,)
            own = by_id[cid].expected_revenue
            assert total.expected_revenue == own + Money.sum(
                (totals[c.id].expected_revenue for c in children), total.currency
            )

    @given(campaign_trees())
    def test_a_tree_with_empty_parents_rolls_up_to_the_sum_of_its_leaves(
        self, tree: tuple[Campaign, ...]
    ) -> None:
        parents = {c.parent_id for c in tree}
        emptied = []
        for original in tree:
            c = original
            if c.id in parents:
                empty = Budget(
                    id=c.budget.id,
                    currency=c.budget.currency,
                    start=c.budget.start,
                    end=c.budget.end,
                    lines=[BudgetLine("fees", Money.zero(c.budget.currency))],
                )
                c = attrs.evolve(
                    c,
                    budget=empty,
                    expected_revenue=Money.zero(c.budget.currency),
                    deliverables=(),
                )
            emptied.append(c)
        totals = rollup(emptied)
        for root in (c for c in emptied if c.parent_id is None):
            members = totals[root.id].campaign_ids
            leaves = [c for c in emptied if c.id in members and c.id not in parents]
            cur = root.budget.currency
            assert totals[root.id].planned == Money.sum((c.budget.planned for c in leaves), cur)
            assert totals[root.id].expected_revenue == Money.sum(
                (c.expected_revenue for c in leaves), cur
            )


class TestROI:
    def test_return_on_investment(self) -> None:
        assert roi(eur("15000.00"), eur("10000.00")) == Decimal("0.5")
        assert roi(eur("5000.00"), eur("10000.00")) == Decimal("-0.5")
        assert roi(eur("1.00"), eur("3.00")) == Decimal(
            "-0.666666666666666666666666666666666666666666666666666666666667"
        )

    def test_zero_cost_and_mixed_currencies_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="ROI of no spend is undefined"):
            roi(eur("1.00"), eur("0.00"))
        with pytest.raises(ValidationError, match="'attributed_revenue'"):
            roi("1.00", eur("1.00"))  # type: ignore[arg-type]
        with pytest.raises(CurrencyMismatchError):
            roi(Money("1.00", "USD"), eur("1.00"))

    def test_a_campaign_measures_its_actual_spend(self) -> None:
        campaign = summer()
        campaign = campaign.with_budget(
            campaign.budget.spend("I-1", "social", eur("2000.00"), on=dt.date(2026, 6, 30))
        )
        assert campaign.roi(eur("5000.00")) == Decimal("1.5")
        with pytest.raises(ValidationError, match="undefined"):
            summer().roi(eur("5000.00"))


class TestStrategies:
    @pytest.mark.parametrize("cls", [Campaign, CampaignRollup, Deliverable, KPI])
    @given(data=st.data())
    def test_every_type_has_a_registered_strategy(self, cls: type, data: st.DataObject) -> None:
        register()
        assert isinstance(data.draw(st.from_type(cls)), cls)

    @given(campaigns())
    def test_drawn_campaigns_can_be_scheduled_or_say_why_not(self, campaign: Campaign) -> None:
        try:
            plan = campaign.schedule(WorkCalendar())
        except ScheduleError:
            assert all(
                d.due is not None or d.status is DeliverableStatus.DROPPED
                for d in campaign.deliverables
            )
        else:
            deadline = campaign.launch_deadline(WorkCalendar())
            assert all(task.latest_finish <= deadline for task in plan.values())


def test_results_do_not_depend_on_the_callers_decimal_context(
    hostile_decimal_context: decimal.Context,
) -> None:
    assert roi(eur("12345.67"), eur("1234.56")) == Decimal(
        "9.00005670036288232244686365992742353551062726801451529289787"
    )
    assert KPI("ctr %", "1.3", "1.7").attainment == Decimal(
        "1.30769230769230769230769230769230769230769230769230769230769"
    )
    rates = ExchangeRates(base="EUR", rates={"JPY": "163.52"}, as_of=dt.date(2026, 3, 31))
    tree = _tree({"root": ("123.45", None)}) + _tree({"jp": ("98765", "root")}, "JPY")
    assert rollup(tree, rates)["root"].planned == eur("727.44")
    campaign = finished(summer()).plan(at=AT).approve(at=AT, brief=brief())
    assert campaign.go_live(at=IN_FLIGHT).complete(at=IN_FLIGHT).status is CampaignStatus.COMPLETED


# -- random event sequences ---------------------------------------------------------------------


def _machine_campaigns() -> st.SearchStrategy[Campaign]:
    # flights around the machine's clock (5 January 2026 on), so that go_live is reachable
    return st.builds(
        lambda c, offset, length: attrs.evolve(
            c,
            brief_id="BR-1",
            flight_start=dt.date(2026, 1, 5) + dt.timedelta(days=offset),
            flight_end=dt.date(2026, 1, 5) + dt.timedelta(days=offset + length),
        ),
        campaigns(max_deliverables=2),
        st.integers(min_value=0, max_value=10),
        st.integers(min_value=0, max_value=400),
    )


# mostly the approved brief of the campaign; sometimes another one, sometimes none
_CONTEXTS = st.sampled_from(
    ({"brief": brief("BR-1")}, {"brief": brief("BR-1")}, {"brief": brief("BR-2")}, {})
)


_FORWARD = {
    CampaignStatus.DRAFT: "plan",
    CampaignStatus.PLANNED: "approve",
    CampaignStatus.APPROVED: "go_live",
    CampaignStatus.LIVE: "complete",
    CampaignStatus.PAUSED: "resume",
}


class CampaignMachineBase(
    workflow_state_machine(CAMPAIGN_WORKFLOW, _machine_campaigns(), context=_CONTEXTS)  # type: ignore[misc]
):
    """The generic workflow machine, plus finishing or dropping deliverables to allow completion."""

    @precondition(
        lambda self: hasattr(self, "entity") and any(d.is_open for d in self.entity.deliverables)
    )
    @rule(data=st.data())
    def close_a_deliverable(self, data: st.DataObject) -> None:
        open_names = [d.name for d in self.entity.deliverables if d.is_open]
        name = data.draw(st.sampled_from(open_names))
        event = data.draw(st.sampled_from(("finish", "drop")))
        before = self.entity
        self.entity = before.advance_deliverable(name, event, at=self.clock)
        assert not self.entity.deliverable(name).is_open
        assert (self.entity.status, self.entity.history) == (before.status, before.history)

    @precondition(lambda self: hasattr(self, "entity") and self.entity.status in _FORWARD)
    @rule(minutes=st.integers(min_value=0, max_value=60 * 24 * 3))
    def move_forward(self, minutes: int) -> None:
        """The next event towards completion, with the approved brief (cancel wins otherwise)."""
        before = self.entity
        event = _FORWARD[before.status]
        at = self.clock + dt.timedelta(minutes=minutes)
        refused: InvalidTransitionError | None = None
        try:
            after = CAMPAIGN_WORKFLOW.apply(before, event, at=at, brief=brief("BR-1"))
        except InvalidTransitionError as err:
            refused = err
        if refused is not None:
            assert refused.reason is not None  # only a guard refuses an event of the table
            assert refused.allowed == CAMPAIGN_WORKFLOW.events_from(before.status)
            return
        assert after.status is _TABLE[before.status, event]
        assert after.history[:-1] == before.history
        assert (after.history[-1].event, after.history[-1].at) == (event, at)
        self.entity, self.clock = after, at


TestCampaignMachine = CampaignMachineBase.TestCase
TestDeliverableMachine = workflow_state_machine(DELIVERABLE_WORKFLOW, deliverables()).TestCase


ROLLED_UP: dict[str, object] = {
    "campaign_id": "EU",
    "currency": "EUR",
    "planned": Money("10000.00", "EUR"),
    "actual": Money("4000.00", "EUR"),
    "expected_revenue": Money("12000.00", "EUR"),
    "campaign_ids": ["EU", "FR"],
}


class TestResultTypesRefuseNonsense:
    def test_a_rollup_takes_a_currency_code_and_a_list_of_ids(self) -> None:
        made = CampaignRollup(**ROLLED_UP)  # type: ignore[arg-type]
        assert made.currency is Currency("EUR")
        assert made.campaign_ids == ("EU", "FR")

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("campaign_id", ""),
            ("currency", "XYZ"),
            ("planned", Money("-1.00", "EUR")),
            ("planned", Money("10000.001", "EUR")),
            ("planned", Money("10000.00", "USD")),
            ("actual", Decimal("4000.00")),
            ("expected_revenue", Money("12000.00", "GBP")),
            ("expected_revenue", 12000),
            ("campaign_ids", ["FR", "EU"]),  # the campaign comes first
            ("campaign_ids", ["EU", "FR", "FR"]),
            ("campaign_ids", []),
            ("campaign_ids", ["EU", ""]),
            ("campaign_ids", "EU"),
        ],
    )
    def test_a_rollup_refuses(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError) as info:
            CampaignRollup(**{**ROLLED_UP, field: value})  # type: ignore[arg-type]
        assert info.value.field == field

    @given(campaign_trees(max_size=4))
    def test_every_rollup_the_library_makes_passes(self, tree: list[Campaign]) -> None:
        for made in rollup(tree).values():
            assert attrs.evolve(made) == made

    def test_a_rollup_read_back_with_negative_spend_is_refused(self) -> None:
        data = to_dict(CampaignRollup(**ROLLED_UP))  # type: ignore[arg-type]
        data["actual"]["amount"] = "-4000.00"
        with pytest.raises(ValidationError, match="'actual' at \\$"):
            from_dict(CampaignRollup, data)
