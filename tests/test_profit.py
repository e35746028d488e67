"""Tests for accountexec.profit: revenue invoiced and recognised, costs, margins, forecast."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.commerce.billing import (
    Acceptance,
    BillingState,
    MediaCommission,
    MediaPlacement,
    Milestone,
    Retainer,
    TimeAndMaterials,
    TimeEntry,
    bill,
    billing_periods,
)
from accountexec.contracts import Contract, Tower
from accountexec.errors import ValidationError
from accountexec.invoices import Invoice
from accountexec.money import Money, Rate
from accountexec.profit import Cost, ProfitAndLoss, TowerResult, labour_costs
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import _contracts as cs

AT = pendulum.datetime(2025, 12, 1, 9, tz="UTC")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def d(month: int, day: int, year: int = 2026) -> pendulum.Date:
    return pendulum.date(year, month, day)


def it_contract(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "id": "IT-1",
        "client_id": "globex",
        "title": "Managed IT services",
        "value": eur("1200000.00"),
        "start": d(1, 1),
        "term_months": 12,
        "signatories": ["cfo"],
        "towers": [
            Tower("infrastructure", "ana", eur("600000.00")),
            Tower("applications", "bo", eur("400000.00")),
            Tower("service_desk", "cy", eur("200000.00")),
        ],
        "arrangements": [
            Retainer(fee=eur("50000.00"), name="infra", tower="infrastructure"),
            Milestone(name="migration", portion=Rate.percent(25), tower="applications"),
            TimeAndMaterials(
                hourly_rates={"engineer": eur("100.00")}, name="desk", tower="service_desk"
            ),
        ],
    }
    fields.update(changes)
    return Contract(**fields).negotiate(at=AT).sign(at=AT)  # type: ignore[arg-type]


def bill_year(
    contract: Contract,
    entries: Sequence[TimeEntry | MediaPlacement] = (),
    accepted: Sequence[Acceptance] = (),
) -> list[Invoice]:
    """Bill the term month by month, each run with its month's entries and the state before."""
    invoices: list[Invoice] = []
    state = BillingState.opening(contract)
    for period in billing_periods(contract):
        run = bill(
            contract,
            period.start,
            period.end,
            state=state,
            entries=[e for e in entries if period.contains(e.on)],
            accepted=[a for a in accepted if period.contains(a.on)],
        )
        invoices.extend(run.invoices)
        state = run.state
    return invoices


class TestRevenue:
    def test_a_retainer_is_recognised_as_earned_and_milestones_on_acceptance(self) -> None:
        contract = it_contract()
        entries = [TimeEntry(person="eve", role="engineer", on=d(2, 3), hours=10)]
        invoices = bill_year(
            contract, entries=entries, accepted=[Acceptance("migration", d(5, 20))]
        )
        pnl = ProfitAndLoss.for_contract(contract, invoices, costs=(), as_of=d(3, 15))
        infra = pnl.tower("infrastructure")
        assert infra.invoiced == eur("100000.00")
        assert infra.recognised == eur("124193.55")
        assert pnl.tower("applications").recognised == eur("0.00")
        assert pnl.tower("service_desk").recognised == eur("1000.00")
        later = ProfitAndLoss.for_contract(contract, invoices, costs=(), as_of=d(6, 1))
        assert later.tower("applications").recognised == eur("300000.00")
        assert later.tower("applications").invoiced == eur("300000.00")

    def test_at_the_end_everything_planned_is_recognised(self) -> None:
        contract = it_contract()
        invoices = bill_year(contract, accepted=[Acceptance("migration", d(5, 20))])
        pnl = ProfitAndLoss.for_contract(contract, invoices, costs=(), as_of=d(12, 31))
        assert pnl.total.invoiced == pnl.total.recognised == eur("900000.00")
        assert pnl.forecast_revenue == eur("900000.00")
        assert pnl.total.margin == Rate(1)

    def test_invoices_issued_after_as_of_are_not_counted(self) -> None:
        contract = it_contract()
        invoices = bill_year(contract)
        pnl = ProfitAndLoss.for_contract(contract, invoices, costs=(), as_of=d(1, 30))
        assert pnl.total.invoiced == eur("0.00")

    def test_before_the_start_nothing_is_earned(self) -> None:
        pnl = ProfitAndLoss.for_contract(it_contract(), (), costs=(), as_of=d(12, 1, 2025))
        assert pnl.total.recognised == eur("0.00")
        assert pnl.total.margin is None
        assert pnl.forecast_revenue == eur("900000.00")
        assert pnl.forecast_costs == eur("0.00")

    def test_a_terminated_contract_earns_to_its_last_day(self) -> None:
        at = pendulum.datetime(2026, 1, 1, 9, tz="UTC")
        contract = it_contract().activate(at=at).terminate(at=at, reason="x", effective=d(3, 31))
        pnl = ProfitAndLoss.for_contract(contract, (), costs=(), as_of=d(12, 31))
        assert pnl.tower("infrastructure").recognised == eur("150000.00")
        never = it_contract().terminate(at=at, reason="x", effective=d(12, 31, 2025))
        assert ProfitAndLoss.for_contract(
            never, (), costs=(), as_of=d(6, 1)
        ).total.recognised == eur("0.00")

    def test_an_open_ended_retainer_earns_without_a_forecast(self) -> None:
        contract = it_contract(
            term_months=None, towers=[], arrangements=[Retainer(fee=eur("1000.00"))]
        )
        pnl = ProfitAndLoss.for_contract(contract, (), costs=(), as_of=d(3, 31))
        assert pnl.total.recognised == pnl.forecast_revenue == eur("3000.00")
        assert pnl.towers[0].tower is None


class TestCostsAndMargins:
    def test_margin_per_tower_and_in_total(self) -> None:
        contract = it_contract()
        costs = [
            Cost(
                description="infra team",
                on=d(1, 31),
                amount=eur("30000.00"),
                kind="labour",
                tower="infrastructure",
            ),
            Cost(
                description="hardware", on=d(1, 15), amount=eur("5000.00"), tower="infrastructure"
            ),
            Cost(description="licences", on=d(1, 15), amount=eur("1000.00")),
            Cost(description="next month", on=d(2, 15), amount=eur("1000.00")),
        ]
        pnl = ProfitAndLoss.for_contract(contract, (), costs=costs, as_of=d(1, 31))
        infra = pnl.tower("infrastructure")
        assert (infra.labour, infra.third_party, infra.gross_margin) == (
            eur("30000.00"),
            eur("5000.00"),
            eur("15000.00"),
        )
        assert infra.margin == Rate("0.3")
        unassigned = pnl.tower(None)
        assert unassigned.costs == eur("1000.00")
        assert pnl.total.gross_margin == eur("14000.00")
        assert pnl.total.margin == Rate("0.28")
        assert pnl.forecast_costs == (pnl.total.costs * Decimal(18)).round()
        assert pnl.forecast_margin_rate == Rate("0.28")
        with pytest.raises(ValidationError, match="'tower'"):
            pnl.tower("network")

    def test_a_cost_to_complete_replaces_the_extrapolation(self) -> None:
        pnl = ProfitAndLoss.for_contract(
            it_contract(), (), costs=(), as_of=d(1, 31), cost_to_complete=eur("500000.00")
        )
        assert pnl.forecast_margin == eur("400000.00")
        with pytest.raises(ValidationError, match="cost_to_complete"):
            ProfitAndLoss.for_contract(
                it_contract(), (), costs=(), as_of=d(1, 31), cost_to_complete=Money("1", "USD")
            )

    def test_labour_costs_use_person_then_role_rates(self) -> None:
        contract = it_contract()
        entries = [
            TimeEntry(person="eve", role="engineer", on=d(2, 3), hours="7.5", arrangement="desk"),
            TimeEntry(person="max", role="engineer", on=d(2, 3), hours=2),
        ]
        costs = labour_costs(contract, entries, {"engineer": eur("40.00"), "max": eur("70.00")})
        assert [(c.amount, c.tower, c.kind) for c in costs] == [
            (eur("300.00"), "service_desk", "labour"),
            (eur("140.00"), None, "labour"),
        ]
        with pytest.raises(ValidationError, match="cost rate"):
            labour_costs(contract, entries, {})

    def test_refuses_bad_costs(self) -> None:
        contract = it_contract()
        with pytest.raises(ValidationError, match="Cost values"):
            ProfitAndLoss.for_contract(contract, (), costs=["rent"], as_of=d(1, 31))  # type: ignore[list-item]
        usd = Cost(description="x", on=d(1, 1), amount=Money("1.00", "USD"))
        with pytest.raises(ValidationError, match="amounts in EUR"):
            ProfitAndLoss.for_contract(contract, (), costs=[usd], as_of=d(1, 31))
        odd = Cost(description="x", on=d(1, 1), amount=eur("1.00"), tower="network")
        with pytest.raises(ValidationError, match="towers"):
            ProfitAndLoss.for_contract(contract, (), costs=[odd], as_of=d(1, 31))
        with pytest.raises(ValidationError, match="'kind'"):
            Cost(description="x", on=d(1, 1), amount=eur("1.00"), kind="overhead")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'amount'"):
            Cost(description="x", on=d(1, 1), amount=eur("-1.00"))
        with pytest.raises(ValidationError, match="a datetime is not a date"):
            ProfitAndLoss.for_contract(contract, (), costs=(), as_of=pendulum.datetime(2026, 1, 1))
        with pytest.raises(ValidationError, match="a date"):
            Cost(description="x", on="2026-01-01", amount=eur("1.00"))  # type: ignore[arg-type]

    def test_media_revenue_is_the_gross_and_the_margin_the_commission(self) -> None:
        contract = it_contract(
            towers=[], arrangements=[MediaCommission()], value=eur("0.00"), term_months=3
        )
        entries = [MediaPlacement(description="TV", on=d(1, 20), gross=eur("10000.00"))]
        state = BillingState.opening(contract)
        invoices = bill(contract, d(1, 1), d(1, 31), state=state, entries=entries).invoices
        media_owner = Cost(description="TV station", on=d(1, 31), amount=eur("8500.00"))
        pnl = ProfitAndLoss.for_contract(contract, invoices, costs=[media_owner], as_of=d(1, 31))
        assert (pnl.total.recognised, pnl.total.gross_margin) == (eur("10000.00"), eur("1500.00"))

    @given(cs.contracts(status="active"), st.integers(0, 800))
    def test_totals_are_the_sum_of_towers_and_recognition_never_exceeds_the_plan(
        self, contract: Contract, offset: int
    ) -> None:
        as_of = contract.start.add(days=offset)
        pnl = ProfitAndLoss.for_contract(contract, (), costs=(), as_of=as_of)
        assert pnl.total.recognised == Money.sum(
            (t.recognised for t in pnl.towers), contract.currency
        )
        assert pnl.total.recognised <= pnl.forecast_revenue

    def test_does_not_depend_on_the_decimal_context(self, hostile_decimal_context: object) -> None:
        costs = [Cost(description="team", on=d(1, 31), amount=eur("33333.33"), kind="labour")]
        pnl = ProfitAndLoss.for_contract(it_contract(), (), costs=costs, as_of=d(1, 31))
        assert pnl.forecast_costs == eur("599999.94")


class TestEdges:
    def test_costs_need_a_description(self) -> None:
        with pytest.raises(ValidationError, match="'description'"):
            Cost(description="", on=d(1, 1), amount=eur("1.00"))

    def test_no_revenue_means_no_margin_rate(self) -> None:
        contract = it_contract(towers=[], arrangements=[], value=eur("0.00"))
        pnl = ProfitAndLoss.for_contract(contract, (), costs=(), as_of=d(6, 1))
        assert pnl.forecast_margin_rate is None


class TestCollections:
    def test_costs_entries_and_rates_are_checked(self) -> None:
        contract = it_contract()
        with pytest.raises(ValidationError, match="'costs'"):
            ProfitAndLoss.for_contract(contract, (), 5, as_of=d(1, 31))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'cost_rates'"):
            labour_costs(contract, [], 5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'entries'"):
            labour_costs(contract, ["ana"], {})  # type: ignore[list-item]


def tower(name: str | None = "creative", **changes: object) -> TowerResult:
    fields: dict[str, object] = {
        "tower": name,
        "invoiced": eur("10000.00"),
        "recognised": eur("10000.00"),
        "labour": eur("6000.00"),
        "third_party": eur("500.00"),
    }
    return TowerResult(**{**fields, **changes})  # type: ignore[arg-type]


def pnl(**changes: object) -> ProfitAndLoss:
    fields: dict[str, object] = {
        "contract_id": "C-22",
        "as_of": d(1, 31),
        "currency": "EUR",
        "towers": [tower()],
        "total": tower(None),
        "forecast_revenue": eur("60000.00"),
        "forecast_costs": eur("39000.00"),
    }
    return ProfitAndLoss(**{**fields, **changes})  # type: ignore[arg-type]


class TestResultTypesRefuseNonsense:
    def test_valid_results_are_normalised(self) -> None:
        made = pnl(as_of=pendulum.date(2026, 1, 31))
        assert made.towers == (tower(),)
        assert made.currency.code == "EUR"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("tower", ""),
            ("invoiced", Decimal("10000.00")),
            ("recognised", Money("10000.00", "USD")),
            ("labour", eur("-6000.00")),
            ("labour", eur("6000.001")),
            ("third_party", 500),
        ],
    )
    def test_a_tower_result_refuses(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError) as info:
            tower(**{field: value})
        assert info.value.field == field

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"contract_id": ""}, "contract_id"),
            ({"as_of": "2026-01-31"}, "as_of"),
            ({"currency": "XYZ"}, "currency"),
            ({"towers": []}, "towers"),
            ({"towers": [tower(), tower()]}, "towers"),
            ({"towers": ["creative"]}, "towers"),
            (
                {
                    "towers": [
                        tower(
                            invoiced=Money("1.00", "USD"),
                            recognised=Money("1.00", "USD"),
                            labour=Money("1.00", "USD"),
                            third_party=Money("1.00", "USD"),
                        )
                    ]
                },
                "towers",
            ),
            ({"total": tower("creative")}, "total"),
            ({"total": tower(None, labour=eur("1.00"))}, "total"),  # not the towers' sum
            ({"total": "total"}, "total"),
            ({"forecast_revenue": Money("60000.00", "USD")}, "forecast_revenue"),
            ({"forecast_costs": 39000}, "forecast_costs"),
        ],
    )
    def test_a_profit_and_loss_refuses(self, changes: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError) as info:
            pnl(**changes)
        assert info.value.field == field

    @settings(max_examples=20)
    @given(cs.profits_and_losses())
    def test_every_profit_and_loss_the_library_makes_passes(self, made: ProfitAndLoss) -> None:
        assert attrs.evolve(made) == made
        assert all(attrs.evolve(t) == t for t in (*made.towers, made.total))

    def test_a_result_read_back_with_negative_labour_is_refused(self) -> None:
        data = to_dict(pnl())
        data["towers"][0]["labour"]["amount"] = "-6000.00"
        with pytest.raises(ValidationError, match=r"'labour' at \$\.towers\[0\]"):
            from_dict(ProfitAndLoss, data)
