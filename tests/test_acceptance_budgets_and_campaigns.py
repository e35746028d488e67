"""Budgets and campaigns as the user guide promises them, called the way a user types them."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import (
    KPI,
    Brief,
    Budget,
    BudgetExceededError,
    BudgetLine,
    BusinessDays,
    Campaign,
    CampaignStatus,
    CurrencyMismatchError,
    Deliverable,
    ExchangeRates,
    InvalidTransitionError,
    Money,
    Rate,
    ValidationError,
    WorkCalendar,
    apply,
    roi,
    rollup,
)
from accountexec.money import DECIMAL_CONTEXT
from accountexec.strategies import budgets

AT = pendulum.datetime(2026, 5, 4, 9, tz="Europe/Paris")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def q1(policy: str = "stop") -> Budget:
    return Budget(
        id="B-1",
        currency="EUR",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        lines=[BudgetLine("search", eur("6000.00")), BudgetLine("social", eur("3000.00"))],
        policy=policy,
    )


def approved_brief() -> Brief:
    brief = Brief(
        id="BR-1",
        client_id="CL-1",
        title="Summer",
        deliverables=["copy"],
        budget=eur("5000.00"),
        deadline=date(2026, 5, 29),
    )
    return brief.submit(at=AT).start_review(at=AT).approve(at=AT)


def summer(**changes: object) -> Campaign:
    fields: dict[str, object] = {
        "id": "C-1",
        "client_id": "CL-1",
        "brief_id": "BR-1",
        "name": "Summer",
        "flight_start": date(2026, 6, 1),
        "flight_end": date(2026, 6, 30),
        "channels": ["social"],
        "budget": Budget(
            id="B-2",
            currency="EUR",
            start=date(2026, 6, 1),
            end=date(2026, 6, 30),
            lines=[BudgetLine("social", eur("5000.00"))],
        ),
        "deliverables": [
            Deliverable(name="copy", owner="ana", duration=3, cost=eur("1000.00")),
            Deliverable(name="visuals", owner="ben", duration=5, depends_on=["copy"]),
            Deliverable(name="report", owner="ana", due=BusinessDays(10)),
        ],
        "kpis": [KPI("clicks", "1000")],
        "expected_revenue": eur("15000.00"),
    }
    fields.update(changes)
    return Campaign(**fields)  # type: ignore[arg-type]


class TestBudgetFigures:
    def test_planned_committed_actual_remaining_per_line_and_in_total(self) -> None:
        budget = q1().commit("IO-1", "search", eur("2500.00"), on=date(2026, 1, 5))
        budget = budget.spend("INV-1", "social", eur("1000.00"), on=date(2026, 1, 31))
        assert budget.planned == eur("9000.00")
        assert budget.committed == eur("2500.00")
        assert budget.actual == eur("1000.00")
        assert budget.remaining == eur("5500.00")
        assert budget.line_totals("search").remaining == eur("3500.00")
        assert budget.line_totals("social").remaining == eur("2000.00")

    def test_utilisation_is_a_rate_of_actual_over_planned(self) -> None:
        budget = q1().spend("INV-1", "search", eur("2250.00"), on=date(2026, 2, 1))
        assert budget.utilisation == Rate("0.25")
        assert isinstance(budget.utilisation, Rate)

    def test_theoretical_spend_and_variance(self) -> None:
        budget = q1()  # 90 days
        assert budget.theoretical_spend(as_of=date(2025, 12, 31)) == eur("0.00")
        assert budget.theoretical_spend(as_of=date(2026, 3, 31)) == eur("9000.00")
        assert budget.theoretical_spend(as_of=date(2026, 6, 1)) == eur("9000.00")
        assert budget.theoretical_spend(as_of=date(2026, 1, 30)) == eur("3000.00")  # 30 of 90 days
        spent = budget.spend("INV-1", "search", eur("3500.00"), on=date(2026, 1, 20))
        assert spent.variance(as_of=date(2026, 1, 30)) == eur("500.00")

    def test_a_datetime_is_not_a_date(self) -> None:
        with pytest.raises(ValidationError, match="'as_of'"):
            q1().theoretical_spend(as_of=pendulum.datetime(2026, 1, 30))


class TestOverspendPolicies:
    def test_stop_refuses_with_line_amount_and_remaining(self) -> None:
        with pytest.raises(BudgetExceededError) as info:
            q1("stop").commit("IO-1", "social", eur("3000.01"), on=date(2026, 1, 5))
        err = info.value
        assert (err.line, err.amount, err.remaining) == ("social", eur("3000.01"), eur("3000.00"))
        with pytest.raises(BudgetExceededError):
            q1("stop").spend("INV-1", "social", eur("3000.01"), on=date(2026, 1, 5))

    def test_warn_accepts_and_lists_the_warning(self) -> None:
        budget = q1("warn").spend("INV-1", "social", eur("3500.00"), on=date(2026, 1, 5))
        assert budget.actual == eur("3500.00")
        assert len(budget.warnings) == 1
        assert budget.warnings[0].line == "social"

    def test_allow_accepts_silently(self) -> None:
        budget = q1("allow").spend("INV-1", "social", eur("3500.00"), on=date(2026, 1, 5))
        assert budget.remaining == eur("5500.00")
        assert budget.warnings == ()

    def test_commit_and_spend_return_new_budgets(self) -> None:
        budget = q1()
        budget.spend("INV-1", "social", eur("10.00"), on=date(2026, 1, 5))
        assert budget.actual == eur("0.00")

    @given(budgets(policy="stop"))
    def test_remaining_is_never_negative_under_stop(self, budget: Budget) -> None:
        assert budget.remaining.amount >= 0
        assert all(s.remaining.amount >= 0 for s in budget.lines_summary())


class TestReallocationAndSplits:
    def test_reallocate_keeps_the_total(self) -> None:
        budget = q1().reallocate("search", "social", eur("1000.00"))
        assert budget.planned == eur("9000.00")
        assert budget.line_totals("social").planned == eur("4000.00")

    def test_cutting_below_committed_and_spent_is_refused(self) -> None:
        budget = q1().commit("IO-1", "social", eur("2500.00"), on=date(2026, 1, 5))
        with pytest.raises(ValidationError, match="committed and spent"):
            budget.reallocate("social", "search", eur("600.00"))

    def test_split_by_month_in_proportion_to_days_adds_up_exactly(self) -> None:
        parts = q1().split_by_period("month")
        assert [p.amount for p in parts] == [eur("3100.00"), eur("2800.00"), eur("3100.00")]
        assert Money.sum((p.amount for p in parts), "EUR") == eur("9000.00")

    def test_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            q1().spend("INV-1", "social", Money("10.00", "USD"), on=date(2026, 1, 5))
        with pytest.raises(CurrencyMismatchError):
            q1().commit("IO-1", "social", Money("10.00", "USD"), on=date(2026, 1, 5))
        with pytest.raises(CurrencyMismatchError):
            q1().reallocate("search", "social", Money("10.00", "USD"))


class TestCampaigns:
    def test_the_workflow_with_its_guards(self) -> None:
        planned = summer().plan(at=AT)
        draft = Brief(
            id="BR-1",
            client_id="CL-1",
            title="Summer",
            budget=eur("5000.00"),
            deadline=date(2026, 5, 29),
        )
        with pytest.raises(InvalidTransitionError, match="'draft', not 'approved'"):
            planned.approve(at=AT, brief=draft)
        approved = planned.approve(at=AT, brief=approved_brief())
        with pytest.raises(InvalidTransitionError, match="outside the flight"):
            approved.go_live(at=AT)
        # the caller passes ``at``: the engine hands it to the guard
        live = apply(approved, "go_live", at=pendulum.datetime(2026, 6, 1, 9, tz="Europe/Paris"))
        assert live.status is CampaignStatus.LIVE
        paused = live.pause(at=pendulum.datetime(2026, 6, 2, tz="UTC"))
        live = paused.resume(at=pendulum.datetime(2026, 6, 3, tz="UTC"))
        with pytest.raises(InvalidTransitionError, match="not done or dropped"):
            live.complete(at=pendulum.datetime(2026, 6, 30, tz="UTC"))
        at = pendulum.datetime(2026, 6, 30, tz="UTC")
        for name in ("copy", "visuals", "report"):
            live = live.advance_deliverable(name, "finish", at=at)
        assert live.complete(at=at).status is CampaignStatus.COMPLETED

    def test_approval_needs_a_budget_covering_the_deliverables(self) -> None:
        small = Budget(
            id="B-3",
            currency="EUR",
            start=date(2026, 6, 1),
            end=date(2026, 6, 30),
            lines=[BudgetLine("social", eur("999.99"))],
        )
        with pytest.raises(InvalidTransitionError, match="planned"):
            summer(budget=small).plan(at=AT).approve(at=AT, brief=approved_brief())

    @pytest.mark.parametrize("status", ["draft", "planned"])
    def test_any_non_terminal_status_can_be_cancelled(self, status: str) -> None:
        campaign = summer()
        if status == "planned":
            campaign = campaign.plan(at=AT)
        assert campaign.cancel(at=AT).status is CampaignStatus.CANCELLED

    def test_schedule_back_from_the_flight_start_and_late_deliverables(self) -> None:
        campaign = summer()
        plan = campaign.schedule(WorkCalendar())
        assert plan["visuals"].latest_finish == pendulum.date(2026, 5, 29)
        assert plan["copy"].latest_finish < plan["visuals"].latest_start
        late = campaign.late_deliverables(as_of=pendulum.date(2026, 5, 27))
        assert [d.name for d in late] == ["copy"]
        assert [d.name for d in campaign.late_deliverables(as_of=date(2026, 6, 16))] == [
            "copy",
            "visuals",
            "report",
        ]

    def test_rollup_sums_up_the_tree_and_converts_with_rates(self) -> None:
        parent = summer(id="C-0", expected_revenue=eur("0.00"))
        child = summer(id="C-2", parent_id="C-0")
        totals = rollup([parent, child])
        assert totals["C-0"].planned == eur("10000.00")
        assert totals["C-0"].expected_revenue == eur("15000.00")
        usd_budget = Budget(
            id="B-9",
            currency="USD",
            start=date(2026, 6, 1),
            end=date(2026, 6, 30),
            lines=[BudgetLine("tv", Money("1082.50", "USD"))],
        )
        abroad = Campaign(
            id="C-3",
            client_id="CL-1",
            brief_id="BR-1",
            name="US",
            flight_start=date(2026, 6, 1),
            flight_end=date(2026, 6, 30),
            budget=usd_budget,
            parent_id="C-0",
        )
        with pytest.raises(CurrencyMismatchError):
            rollup([parent, abroad])
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=date(2026, 6, 1))
        assert rollup([parent, abroad], rates=fx)["C-0"].planned == eur("6000.00")

    def test_roi_is_a_decimal(self, hostile_decimal_context: decimal.Context) -> None:
        assert roi(eur("15000.00"), eur("10000.00")) == Decimal("0.5")
        assert isinstance(roi(eur("15000.00"), eur("10000.00")), Decimal)
        spent = summer().with_budget(
            summer().budget.spend("I-1", "social", eur("3000.00"), on=date(2026, 6, 5))
        )
        assert spent.roi(eur("4000.00")) == DECIMAL_CONTEXT.divide(Decimal(1), Decimal(3))

    @given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10**9))
    def test_roi_matches_its_definition(self, revenue: int, cost: int) -> None:
        r, c = Money(Decimal(revenue).scaleb(-2), "EUR"), Money(Decimal(cost).scaleb(-2), "EUR")
        with decimal.localcontext(decimal.Context(prec=50)):
            expected = (r.amount - c.amount) / c.amount
        assert abs(roi(r, c) - expected) < Decimal("1e-20")
