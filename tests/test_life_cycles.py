"""Whole life cycles driven at random: a contract from draft to renewal, a budget with commitments,
spend and change orders, a campaign with its deliverables and schedule.

Each machine checks its invariants after every step, and that the value it holds comes back equal
from ``to_dict`` → JSON → ``from_dict`` and from ``pickle`` at every step: what a program stores
between two steps is what it gets back.
"""

from __future__ import annotations

import json
import pickle
from typing import Any

import pendulum
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from accountexec.billing import BillingState, Retainer, bill, billed_lines
from accountexec.briefs import Brief
from accountexec.budgets import Budget, BudgetLine, OverspendPolicy
from accountexec.calendars import WorkCalendar
from accountexec.campaigns import (
    CAMPAIGN_WORKFLOW,
    Campaign,
    CampaignStatus,
    Deliverable,
    DeliverableStatus,
)
from accountexec.contracts import CONTRACT_WORKFLOW, Contract, ContractStatus, Renewal
from accountexec.deadlines import BusinessDays
from accountexec.errors import (
    BudgetExceededError,
    InvalidTransitionError,
    ScheduleError,
    ValidationError,
)
from accountexec.invoices import Invoice
from accountexec.money import Money
from accountexec.serialize import from_dict, to_dict

# Modest sizes: these machines build big values and round-trip them at every step.
LIFE_CYCLE = settings(max_examples=15, stateful_step_count=12, deadline=None)


def assert_round_trips(value: Any) -> None:
    """``value`` comes back equal (and writes the same document) through JSON and pickle."""
    data = to_dict(value)
    back = from_dict(type(value), json.loads(json.dumps(data, allow_nan=False)))
    assert back == value
    assert to_dict(back) == data
    assert pickle.loads(pickle.dumps(value)) == value


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


# ------------------------------------------------------------------------------------ contracts


class ContractLifeCycle(RuleBasedStateMachine):
    """Negotiate, sign, amend, bill, renew, expire or terminate a retainer contract."""

    def __init__(self) -> None:
        super().__init__()
        self.contract: Contract
        self.clock = pendulum.datetime(2026, 1, 1, 9, tz="Europe/Paris")
        self.invoices: list[Invoice] = []
        self.last_number: str | None = None
        self.states: dict[str, BillingState] = {}
        self.base_version = 1
        self.renewals = 0

    def later(self, days: int = 0) -> pendulum.DateTime:
        self.clock = self.clock.add(days=days, minutes=1)
        return self.clock

    @initialize(
        kind=st.sampled_from(["automatic", "manual"]),
        term=st.integers(1, 4),
        fee=st.integers(1, 5000),
        steps=st.integers(0, 3),
    )
    def draft(self, kind: str, term: int, fee: int, steps: int) -> None:
        """A draft, or one already taken ``steps`` along negotiate, sign, activate."""
        self.contract = Contract(
            id="CT-1",
            client_id="acme",
            title="Retainer",
            value=eur(fee * term),
            start=pendulum.date(2026, 1, 1),
            term_months=term,
            renewal=Renewal(kind=kind, notice_days=10),
            arrangements=[Retainer(fee=eur(fee))],
            signatories=["ana"],
        )
        for event in ("negotiate", "sign", "activate")[:steps]:
            self.contract = getattr(self.contract, event)(at=self.later())

    @rule(event=st.sampled_from(["negotiate", "redline", "sign", "activate", "expire"]))
    def move(self, event: str) -> None:
        at = self.later()
        if CONTRACT_WORKFLOW.can_apply(self.contract, event, at=at, on=at.date()):
            self.contract = getattr(self.contract, event)(at=at)
        else:
            with pytest.raises((InvalidTransitionError, ValidationError)):
                getattr(self.contract, event)(at=at)

    @rule(days=st.integers(1, 45))
    def time_passes(self, days: int) -> None:
        self.later(days)

    @precondition(
        lambda self: self.contract.status in {ContractStatus.DRAFT, ContractStatus.IN_NEGOTIATION}
    )
    @rule(signatories=st.lists(st.sampled_from(["ana", "ben"]), max_size=2, unique=True))
    def edit(self, signatories: list[str]) -> None:
        self.contract = self.contract.edit(signatories=signatories)

    @precondition(
        lambda self: self.contract.status in {ContractStatus.SIGNED, ContractStatus.ACTIVE}
    )
    @rule(extra=st.integers(1, 900))
    def amend(self, extra: int) -> None:
        before = self.contract.value
        self.contract = self.contract.amend(
            reason="more work", at=self.later(), value=before + eur(extra)
        )
        assert self.contract.value == before + eur(extra)
        assert self.contract.amendments[-1].changed == ("value",)

    @precondition(
        lambda self: self.contract.status in {ContractStatus.SIGNED, ContractStatus.ACTIVE}
    )
    @rule(month=st.integers(0, 5))
    def billing_run(self, month: int) -> None:
        start = self.contract.start.add(months=month).start_of("month")
        end = start.end_of("month")
        state = self.states.get(self.contract.id) or BillingState.opening(self.contract)
        try:
            run = bill(self.contract, start, end, state=state)
        except ValidationError:
            return  # a period outside the term, or one that overlaps or skips a billed one
        if run.state != state:
            with pytest.raises(ValidationError):
                bill(self.contract, start, end, state=run.state)  # never billed twice
        for invoice in run.invoices:
            assert invoice.total.is_rounded
            assert invoice.total.amount > 0
            assert_round_trips(invoice)
        assert_round_trips(run.state)
        self.states[self.contract.id] = run.state
        self.invoices.extend(run.invoices)
        if run.invoices:
            self.last_number = run.invoices[-1].number

    @precondition(
        lambda self: (
            self.contract.status in {ContractStatus.SIGNED, ContractStatus.ACTIVE}
            and self.renewals < 2
        )
    )
    @rule()
    def renew(self) -> None:
        at = self.later()
        successor = self.contract.renew(at=at)
        assert successor.start == self.contract.end.add(days=1)
        assert successor.predecessor_id == self.contract.id
        assert successor.version == self.contract.version + 1
        if self.contract.status is ContractStatus.ACTIVE:
            closed = self.contract.mark_renewed(at=at)
            assert closed.status is ContractStatus.RENEWED
            assert_round_trips(closed)
        self.contract = successor
        self.base_version = successor.version
        self.invoices = []
        self.renewals += 1

    @precondition(
        lambda self: self.contract.status in {ContractStatus.SIGNED, ContractStatus.ACTIVE}
    )
    @rule(days=st.integers(0, 60))
    def terminate(self, days: int) -> None:
        effective = max(self.clock.date(), self.contract.start).add(days=days)
        at = self.later()
        if CONTRACT_WORKFLOW.can_apply(
            self.contract, "terminate", at=at, reason="merger", effective=effective
        ):
            self.contract = self.contract.terminate(at=at, reason="merger", effective=effective)
            assert self.contract.last_day is not None
            assert self.contract.termination is not None

    @invariant()
    def the_history_replays_to_the_status(self) -> None:
        assert CONTRACT_WORKFLOW.replay(self.contract.history) is self.contract.status

    @invariant()
    def each_amendment_is_the_next_version(self) -> None:
        versions = [a.version for a in self.contract.amendments]
        assert versions == list(range(self.base_version + 1, self.contract.version + 1))

    @invariant()
    def the_term_ends_the_day_before_its_anniversary(self) -> None:
        c = self.contract
        assert c.end is not None
        assert c.end.add(days=1) == c.start.add(months=c.term_months or 0) or c.start.day > 28

    @invariant()
    def billed_fees_never_exceed_a_fee_per_month(self) -> None:
        lines = billed_lines(self.invoices, self.contract.id)
        fee = self.contract.arrangements[0].fee
        for line in lines:
            assert line.net <= fee

    @invariant()
    def it_round_trips(self) -> None:
        assert_round_trips(self.contract)


TestContractLifeCycle = ContractLifeCycle.TestCase
TestContractLifeCycle.settings = LIFE_CYCLE


# -------------------------------------------------------------------------------------- budgets

LINES = ("tv", "search", "social")


class BudgetLifeCycle(RuleBasedStateMachine):
    """Commit, spend and change a budget: the figures always add up, cuts never go below use."""

    def __init__(self) -> None:
        super().__init__()
        self.budget: Budget
        self.count = 0

    def next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    @initialize(
        planned=st.lists(st.integers(0, 10_000), min_size=3, max_size=3),
        policy=st.sampled_from(list(OverspendPolicy)),
    )
    def plan(self, planned: list[int], policy: OverspendPolicy) -> None:
        self.budget = Budget(
            id="B-1",
            currency="EUR",
            start=pendulum.date(2026, 1, 1),
            end=pendulum.date(2026, 3, 31),
            lines=[
                BudgetLine(key, eur(amount)) for key, amount in zip(LINES, planned, strict=True)
            ],
            policy=policy,
        )

    @rule(line=st.sampled_from(LINES), amount=st.integers(1, 4000), day=st.integers(0, 89))
    def commit(self, line: str, amount: int, day: int) -> None:
        remaining = self.budget.line_totals(line).remaining
        on = pendulum.date(2026, 1, 1).add(days=day)
        if self.budget.policy is OverspendPolicy.STOP and eur(amount) > remaining:
            with pytest.raises(BudgetExceededError):
                self.budget.commit(self.next_id("IO"), line, eur(amount), on=on)
            return
        self.budget = self.budget.commit(self.next_id("IO"), line, eur(amount), on=on)

    @rule(
        line=st.sampled_from(LINES),
        amount=st.integers(1, 4000),
        day=st.integers(0, 89),
        against=st.booleans(),
    )
    def spend(self, line: str, amount: int, day: int, against: bool) -> None:
        on = pendulum.date(2026, 1, 1).add(days=day)
        commitment = next((c.id for c in self.budget.commitments if c.line == line), None)
        kwargs: dict[str, Any] = {"against_commitment": commitment} if against else {}
        try:
            self.budget = self.budget.spend(self.next_id("INV"), line, eur(amount), on=on, **kwargs)
        except BudgetExceededError:
            assert self.budget.policy is OverspendPolicy.STOP

    @rule(line=st.sampled_from(LINES), change=st.integers(-6000, 6000).filter(bool))
    def change_order(self, line: str, change: int) -> None:
        summary = self.budget.line_totals(line)
        used = summary.committed + summary.actual
        if change < 0 and summary.planned + eur(change) < used:
            with pytest.raises(ValidationError, match="a cut of at most"):
                self.budget.apply_change_order(
                    line, eur(change), reason="cut", approved_on=pendulum.date(2026, 2, 1)
                )
            return
        if summary.planned + eur(change) < eur(0):
            with pytest.raises(ValidationError):
                self.budget.apply_change_order(
                    line, eur(change), reason="cut", approved_on=pendulum.date(2026, 2, 1)
                )
            return
        self.budget = self.budget.apply_change_order(
            line, eur(change), reason="change", approved_on=pendulum.date(2026, 2, 1)
        )

    @rule(source=st.sampled_from(LINES), to=st.sampled_from(LINES), amount=st.integers(1, 3000))
    def reallocate(self, source: str, to: str, amount: int) -> None:
        if source == to:
            return
        total = self.budget.planned
        summary = self.budget.line_totals(source)
        if summary.planned - eur(amount) < summary.committed + summary.actual:
            with pytest.raises(ValidationError, match="a cut of at most"):
                self.budget.reallocate(source, to, eur(amount))
            return
        self.budget = self.budget.reallocate(source, to, eur(amount))
        assert self.budget.planned == total

    @invariant()
    def the_lines_add_up_to_the_totals(self) -> None:
        totals = self.budget.totals()
        lines = self.budget.lines_summary()
        for name in ("original", "changes", "planned", "committed", "actual"):
            assert Money.sum((getattr(s, name) for s in lines), "EUR") == getattr(totals, name)
        assert totals.remaining == totals.planned - totals.committed - totals.actual

    @invariant()
    def no_line_is_planned_below_zero(self) -> None:
        for summary in self.budget.lines_summary():
            assert summary.planned >= eur(0)
            assert summary.committed >= eur(0)

    @invariant()
    def a_stop_budget_is_never_overspent(self) -> None:
        if self.budget.policy is OverspendPolicy.STOP:
            for summary in self.budget.lines_summary():
                assert summary.remaining >= eur(0)
        if self.budget.policy is OverspendPolicy.ALLOW:
            assert self.budget.warnings == ()

    @invariant()
    def it_round_trips(self) -> None:
        assert_round_trips(self.budget)


TestBudgetLifeCycle = BudgetLifeCycle.TestCase
TestBudgetLifeCycle.settings = LIFE_CYCLE


# ------------------------------------------------------------------------------------ campaigns

NAMES = ("strategy", "copy", "visuals", "spot", "report")
CALENDAR = WorkCalendar()


class CampaignLifeCycle(RuleBasedStateMachine):
    """Plan, approve and run a campaign while its deliverables start, finish or drop."""

    def __init__(self) -> None:
        super().__init__()
        self.campaign: Campaign
        self.brief: Brief
        self.clock = pendulum.datetime(2026, 5, 4, 9, tz="Europe/Paris")

    def later(self, days: int = 0) -> pendulum.DateTime:
        self.clock = self.clock.add(days=days, minutes=1)
        return self.clock

    @initialize(
        durations=st.lists(st.integers(0, 4), min_size=5, max_size=5),
        chain=st.booleans(),
        costs=st.lists(st.integers(0, 1500), min_size=5, max_size=5),
        steps=st.integers(0, 3),
    )
    def brief_and_draft(
        self, durations: list[int], chain: bool, costs: list[int], steps: int
    ) -> None:
        """A draft campaign, or one already taken ``steps`` along plan, approve, go live."""
        at = self.clock
        self.brief = (
            Brief(
                id="BR-1",
                client_id="CL-1",
                title="Summer",
                deliverables=["spot"],
                budget=eur(10_000),
                deadline=pendulum.date(2026, 6, 1),
                approvers=["cmo"],
            )
            .submit(at=at)
            .start_review(at=at)
            .sign_off("cmo", at=at)
            .approve(at=at)
        )
        deliverables = []
        for i, (name, duration, cost) in enumerate(zip(NAMES, durations, costs, strict=True)):
            depends = {NAMES[i - 1]} if chain and 0 < i < 4 else set()
            due = BusinessDays(5) if name == "report" else None
            deliverables.append(
                Deliverable(
                    name=name,
                    owner="ana",
                    duration=duration,
                    depends_on=depends,
                    due=due,
                    cost=eur(cost) if cost else None,
                )
            )
        budget = Budget(
            id="B-1",
            currency="EUR",
            start=pendulum.date(2026, 6, 1),
            end=pendulum.date(2026, 6, 30),
            lines=[BudgetLine("social", eur(8_000))],
        )
        self.campaign = Campaign(
            id="C-1",
            client_id="CL-1",
            brief_id="BR-1",
            name="Summer",
            flight_start=pendulum.date(2026, 6, 1),
            flight_end=pendulum.date(2026, 6, 30),
            budget=budget,
            channels=["social"],
            deliverables=deliverables,
        )
        if steps >= 1:
            self.campaign = self.campaign.plan(at=self.later())
        if steps >= 2:
            self.campaign = self.campaign.approve(at=self.later(), brief=self.brief)
        if steps >= 3:
            self.clock = pendulum.datetime(2026, 6, 1, 9, tz="Europe/Paris")
            self.campaign = self.campaign.go_live(at=self.later())

    @rule(event=st.sampled_from(["plan", "go_live", "pause", "resume", "complete", "cancel"]))
    def move(self, event: str) -> None:
        at = self.later()
        if CAMPAIGN_WORKFLOW.can_apply(self.campaign, event, at=at):
            self.campaign = getattr(self.campaign, event)(at=at)
        else:
            with pytest.raises(InvalidTransitionError):
                getattr(self.campaign, event)(at=at)

    @rule()
    def approve(self) -> None:
        at = self.later()
        if CAMPAIGN_WORKFLOW.can_apply(self.campaign, "approve", at=at, brief=self.brief):
            self.campaign = self.campaign.approve(at=at, brief=self.brief)
            assert self.campaign.deliverables_cost <= self.campaign.budget.planned
        else:
            with pytest.raises(InvalidTransitionError):
                self.campaign.approve(at=at, brief=self.brief)

    @rule(days=st.integers(1, 12))
    def time_passes(self, days: int) -> None:
        self.later(days)

    @precondition(lambda self: self.campaign.status is CampaignStatus.LIVE)
    @rule()
    def wrap_up(self) -> None:
        """Finish the open work, then complete: a live campaign reaches its end."""
        for d in self.campaign.deliverables:
            if d.is_open:
                self.campaign = self.campaign.advance_deliverable(d.name, "finish", at=self.later())
        self.campaign = self.campaign.complete(at=self.later())

    @rule(name=st.sampled_from(NAMES), event=st.sampled_from(["start", "finish", "drop"]))
    def work(self, name: str, event: str) -> None:
        at = self.later()
        deliverable = self.campaign.deliverable(name)
        if deliverable.workflow.can_apply(deliverable, event, at=at):
            self.campaign = self.campaign.advance_deliverable(name, event, at=at)
            assert self.campaign.deliverable(name).history[-1].event == event
        else:
            with pytest.raises(InvalidTransitionError):
                self.campaign.advance_deliverable(name, event, at=at)

    @invariant()
    def the_histories_replay_to_the_statuses(self) -> None:
        assert CAMPAIGN_WORKFLOW.replay(self.campaign.history) is self.campaign.status
        for d in self.campaign.deliverables:
            assert d.workflow.replay(d.history) is d.status

    @invariant()
    def a_completed_campaign_owes_nothing(self) -> None:
        if self.campaign.status is CampaignStatus.COMPLETED:
            assert not any(d.is_open for d in self.campaign.deliverables)

    @invariant()
    def launch_work_is_planned_to_finish_by_the_launch_deadline(self) -> None:
        deadline = self.campaign.launch_deadline(CALENDAR)
        try:
            plan = self.campaign.schedule(CALENDAR)
        except ScheduleError:
            launch = [d for d in self.campaign.deliverables if d.due is None]
            assert all(d.status is DeliverableStatus.DROPPED for d in launch)
            return
        assert plan.finish <= deadline
        due = self.campaign.due_dates(CALENDAR)
        for d in self.campaign.deliverables:
            assert (d.name in due) is (d.status is not DeliverableStatus.DROPPED)
            if d.name in due and d.due is None:
                assert due[d.name] <= deadline
                for other in d.depends_on & set(due):
                    assert due[other] <= due[d.name]

    @invariant()
    def the_cost_is_the_sum_of_the_estimates_not_dropped(self) -> None:
        costs = [
            d.cost
            for d in self.campaign.deliverables
            if d.cost is not None and d.status is not DeliverableStatus.DROPPED
        ]
        assert self.campaign.deliverables_cost == Money.sum(costs, "EUR")

    @invariant()
    def it_round_trips(self) -> None:
        assert_round_trips(self.campaign)


TestCampaignLifeCycle = CampaignLifeCycle.TestCase
TestCampaignLifeCycle.settings = LIFE_CYCLE
