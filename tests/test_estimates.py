"""Tests of accountexec.estimates: rate cards, totals, workflow, acceptance and job cost."""

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

from accountexec.errors import CurrencyMismatchError, InvalidTransitionError, ValidationError
from accountexec.estimates import (
    CONTINGENCY_LINE,
    CostLine,
    Estimate,
    EstimateAcceptance,
    EstimateStatus,
    JobCost,
    JobCostRow,
    LabourLine,
    RateCard,
    RateCardVersion,
    job_cost,
)
from accountexec.milestones import Milestone
from accountexec.money import Money, Rate
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._estimates import estimates, job_costs
from accountexec.time_and_materials import Expense, TimeAndMaterials, TimeEntry

BERLIN = "Europe/Berlin"


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def card() -> RateCard:
    return RateCard(
        "agency 2026",
        "EUR",
        rates={
            "designer": eur("95.00"),
            "copywriter": eur("85.00"),
            "producer": eur("110.00"),
        },
        effective=dt.date(2026, 1, 1),
        overrides={"fjord": {"producer": eur("100.00")}},
    )


def launch(**changes: object) -> Estimate:
    """The Fjord launch estimate: 40 h design, 12 h copy, 10 h production, a shoot, an option."""
    fields: dict[str, object] = {
        "id": "E-7",
        "client_id": "fjord",
        "brief_id": "B-1",
        "currency": "EUR",
        "rate_card": card(),
        "lines": [
            LabourLine("designer", 40),
            LabourLine("copywriter", 12),
            LabourLine("producer", "10.5"),
            CostLine("photo shoot", eur("2000.00"), Rate.percent(15)),
            LabourLine("designer", 8, optional=True, name="extra round"),
            CostLine("drone footage", eur("750.00"), Rate.percent(10), optional=True),
        ],
        "contingency": Rate.percent(10),
        "valid_until": dt.date(2026, 6, 30),
        "start": dt.date(2026, 7, 1),
        "end": dt.date(2026, 9, 30),
    }
    fields.update(changes)
    return Estimate(**fields)  # type: ignore[arg-type]


def at(day: int, month: int = 6, hour: int = 10) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, tz=BERLIN)


ACCEPTED = launch().send(at=at(2)).accept(at=at(5))
ROW = JobCostRow(
    kind="cost", key="x", estimated=eur("1.00"), actual=eur("0.00"), at_completion=eur("1.00")
)


class TestRateCards:
    def test_the_client_override_wins_over_the_card(self) -> None:
        assert card().rate("producer", on=dt.date(2026, 3, 1)) == eur("110.00")
        assert card().rate("producer", on=dt.date(2026, 3, 1), client_id="fjord") == eur("100.00")
        assert card().rate("producer", on=dt.date(2026, 3, 1), client_id="acme") == eur("110.00")

    def test_a_revision_applies_from_its_date_and_keeps_the_old_rates(self) -> None:
        revised = card().revise(rates={"designer": eur("99.00")}, effective=dt.date(2026, 7, 1))
        assert revised.rate("designer", on=dt.date(2026, 6, 30)) == eur("95.00")
        assert revised.rate("designer", on=dt.date(2026, 7, 1)) == eur("99.00")
        with pytest.raises(ValidationError, match=r"'copywriter'.*'designer'"):
            revised.rate("copywriter", on=dt.date(2026, 7, 1))
        assert revised.rate("producer", on=dt.date(2026, 7, 1), client_id="fjord") == eur("100.00")

    def test_a_date_before_the_first_version_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="on or after 2026-01-01"):
            card().rate("designer", on=dt.date(2025, 12, 31))

    def test_a_revision_must_come_after_the_current_version(self) -> None:
        with pytest.raises(ValidationError, match="'effective'"):
            card().revise(rates={"designer": eur("1.00")}, effective=dt.date(2026, 1, 1))

    @pytest.mark.parametrize(
        ("rates", "message"),
        [
            ({}, "at least one role"),
            ({"designer": Money("10.00", "USD")}, "in EUR"),
            ({"designer": eur("0.00")}, "positive hourly rate"),
            ({"": eur("10.00")}, "role names"),
        ],
    )
    def test_bad_rates_are_refused(self, rates: dict[str, Money], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            RateCard("c", "EUR", rates=rates, effective=dt.date(2026, 1, 1))


class TestTotals:
    def test_the_worked_example(self) -> None:
        totals = launch().totals()
        # 40 × 95 + 12 × 85 + 10.5 × 100 (Fjord's producer rate) = 3800 + 1020 + 1050
        assert dict(totals.by_role) == {
            "designer": eur("3800.00"),
            "copywriter": eur("1020.00"),
            "producer": eur("1050.00"),
        }
        assert totals.labour == eur("5870.00")
        assert totals.costs == eur("2000.00")
        assert totals.markup == eur("300.00")
        assert totals.subtotal == eur("8170.00")
        assert totals.contingency == eur("817.00")
        assert totals.total == eur("8987.00")
        assert totals.hours == Decimal("62.5")

    def test_options_count_only_when_chosen(self) -> None:
        totals = launch().totals(["extra round", "drone footage"])
        assert totals.by_role["designer"] == eur("4560.00")
        assert totals.by_cost["drone footage"] == eur("825.00")
        # subtotal 8170 + 760 + 825 = 9755, contingency 975.50
        assert totals.total == eur("10730.50")

    def test_an_unknown_option_is_refused_naming_the_options(self) -> None:
        with pytest.raises(ValidationError, match="'extra round', 'drone footage'"):
            launch().totals(["photo shoot"])

    def test_line_amounts_are_rounded_half_up(self) -> None:
        odd = RateCard(
            "c", "EUR", rates={"pm": Money("33.333", "EUR")}, effective=dt.date(2026, 1, 1)
        )
        estimate = launch(rate_card=odd, lines=[LabourLine("pm", "1.5")], contingency=None)
        assert estimate.total == eur("50.00")  # 49.9995 → 50.00

    @given(estimates(walk=False), st.data())
    def test_totals_add_up_by_role_by_kind_and_overall(
        self, estimate: Estimate, data: st.DataObject
    ) -> None:
        options = (
            data.draw(st.lists(st.sampled_from(estimate.options), unique=True))
            if estimate.options
            else []
        )
        totals = estimate.totals(options)
        zero = Money.zero(estimate.currency)
        assert sum(totals.by_role.values(), zero) == totals.labour
        assert sum(totals.by_cost.values(), zero) == totals.costs + totals.markup
        assert sum(totals.by_kind.values(), zero) == totals.total
        assert totals.total.is_rounded
        lines = estimate.included_lines(options)
        assert sum((estimate.line_amount(line) for line in lines), zero) == totals.subtotal

    @given(estimates(walk=False))
    def test_choosing_an_option_never_lowers_the_total(self, estimate: Estimate) -> None:
        base = estimate.totals(())
        for option in estimate.options:
            assert estimate.totals([option]).total >= base.total


class TestRefusals:
    def test_a_role_without_a_rate_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'strategist'"):
            launch(lines=[LabourLine("strategist", 4)])

    def test_duplicate_line_names_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="unique line names"):
            launch(lines=[LabourLine("designer", 4), LabourLine("designer", 2)])
        with pytest.raises(ValidationError, match="'contingency'"):
            launch(lines=[CostLine(CONTINGENCY_LINE, eur("1.00"))])

    def test_an_estimate_of_options_only_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="not an option"):
            launch(lines=[LabourLine("designer", 4, optional=True)])

    def test_a_card_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="rate card"):
            launch(currency="USD")

    def test_a_contingency_above_one_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'contingency'"):
            launch(contingency=Rate("1.5"))


class TestWorkflow:
    def test_draft_sent_accepted_with_history(self) -> None:
        sent = launch().send(at=at(2), by="ana")
        assert sent.status is EstimateStatus.SENT
        assert sent.allowed_events() == {"accept", "decline", "expire"}
        done = sent.accept(at=at(5), options=["extra round"], by="cmo")
        assert done.estimate.status is EstimateStatus.ACCEPTED
        assert [c.event for c in done.estimate.history] == ["send", "accept"]
        assert done.estimate.accepted_options == {"extra round"}

    def test_an_estimate_past_its_validity_cannot_be_accepted_but_expires(self) -> None:
        sent = launch().send(at=at(2))
        with pytest.raises(InvalidTransitionError, match="valid until 2026-06-30"):
            sent.accept(at=at(1, month=7))
        with pytest.raises(InvalidTransitionError, match="is valid until"):
            sent.expire(at=at(30))
        expired = sent.expire(at=at(1, month=7))
        assert expired.status is EstimateStatus.EXPIRED
        assert sent.is_expired(dt.date(2026, 7, 1))
        assert not sent.is_expired(dt.date(2026, 6, 30))

    def test_a_sent_version_is_never_edited_but_revised(self) -> None:
        sent = launch().send(at=at(2))
        with pytest.raises(ValidationError, match="revise a sent estimate"):
            sent.edit(contingency=None)
        v2 = sent.revise(contingency=Rate.percent(5), valid_until=dt.date(2026, 7, 31))
        assert (v2.version, v2.status, v2.history) == (2, EstimateStatus.DRAFT, ())
        assert sent.contingency == Rate.percent(10)
        assert v2.totals().contingency == eur("408.50")

    def test_a_draft_is_edited_not_revised(self) -> None:
        with pytest.raises(ValidationError, match="edit a draft"):
            launch().revise(contingency=None)
        assert launch().edit(contingency=None).totals().contingency == eur("0.00")

    def test_a_declined_estimate_accepts_nothing(self) -> None:
        declined = launch().send(at=at(2)).decline(at=at(3))
        with pytest.raises(InvalidTransitionError, match="allowed events: none"):
            declined.accept(at=at(4))

    def test_a_claimed_status_must_replay_from_history(self) -> None:
        with pytest.raises(ValidationError, match="'status'"):
            launch(status="accepted")


class TestAcceptance:
    def test_the_budget_has_a_line_per_role_per_cost_and_the_contingency(self) -> None:
        done = launch().send(at=at(2)).accept(at=at(5), options=["drone footage"])
        budget = done.budget
        assert budget.line_keys == (
            "designer",
            "copywriter",
            "producer",
            "photo shoot",
            "drone footage",
            CONTINGENCY_LINE,
        )
        assert budget.planned == done.estimate.total == eur("9894.50")
        assert (budget.id, budget.start, budget.end) == (
            "E-7",
            dt.date(2026, 7, 1),
            dt.date(2026, 9, 30),
        )

    def test_time_and_materials_is_capped_at_the_estimate(self) -> None:
        done = launch().send(at=at(2)).accept(at=at(5), arrangement="time_and_materials")
        (tm,) = done.arrangements
        assert isinstance(tm, TimeAndMaterials)
        assert tm.cap == eur("8987.00")
        charge = tm.charge([TimeEntry("ana", "producer", dt.date(2026, 7, 2), 2)])
        assert charge.billed == eur("200.00")  # the client's producer rate

    def test_milestones_split_the_total_to_the_cent(self) -> None:
        split = [
            ("kick-off", Rate.percent(30)),
            ("first cut", Rate.percent(30)),
            ("delivery", Rate.percent(40)),
        ]
        done = launch().send(at=at(2)).accept(at=at(5), arrangement="milestones", split=split)
        assert all(isinstance(m, Milestone) for m in done.arrangements)
        amounts = [m.amount for m in done.arrangements]  # type: ignore[union-attr]
        assert amounts == [eur("2696.10"), eur("2696.10"), eur("3594.80")]

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"arrangement": "milestones"}, "'split'"),
            ({"split": [("a", Rate.percent(100))]}, "'split'"),
            ({"arrangement": "milestones", "split": [("a", Rate.percent(60))]}, "100%"),
            ({"arrangement": "retainer"}, "'arrangement'"),
            ({"end": None, "start": None}, None),
        ],
    )
    def test_bad_requests_are_refused(self, kwargs: dict[str, object], message: str | None) -> None:
        sent = launch(end=None).send(at=at(2)) if message is None else launch().send(at=at(2))
        with pytest.raises(ValidationError, match=message or "'end'"):
            sent.accept(at=at(5), **kwargs)  # type: ignore[arg-type]


class TestJobCost:
    def entries(self) -> list[TimeEntry]:
        return [
            TimeEntry("ana", "designer", dt.date(2026, 7, 6), 24),
            TimeEntry("ben", "copywriter", dt.date(2026, 7, 7), 14),
            TimeEntry("cy", "producer", dt.date(2026, 7, 8), 4),
            TimeEntry("ana", "designer", dt.date(2026, 8, 3), 8),  # after as_of
        ]

    def expenses(self) -> list[Expense]:
        return [
            Expense(description="photo shoot", on=dt.date(2026, 7, 9), amount=eur("2100.00")),
            Expense(description="couriers", on=dt.date(2026, 7, 10), amount=eur("45.00")),
        ]

    def test_estimate_against_actual_by_role_and_cost(self) -> None:
        cost = job_cost(
            launch(),
            self.entries(),
            self.expenses(),
            dt.date(2026, 7, 31),
            remaining_hours={"designer": 20},
        )
        designer = cost.row("labour", "designer")
        assert (designer.estimated_hours, designer.actual_hours) == (Decimal(40), Decimal(24))
        assert designer.actual == eur("2280.00")
        assert designer.percent_used == Rate("0.6")
        assert designer.at_completion == eur("4180.00")  # 2280 + 20 × 95
        assert designer.variance == eur("-380.00")
        copy = cost.row("labour", "copywriter")
        assert copy.actual == eur("1190.00")
        assert copy.at_completion == eur("1190.00")  # past the estimate: actual stands
        assert copy.variance == eur("-170.00")
        shoot = cost.row("cost", "photo shoot")
        assert (shoot.estimated, shoot.actual, shoot.variance) == (
            eur("2000.00"),
            eur("2100.00"),
            eur("-100.00"),
        )
        couriers = cost.row("cost", "couriers")
        assert (couriers.estimated, couriers.percent_used) == (eur("0.00"), None)
        assert cost.total.actual == eur("2280.00") + eur("1190.00") + eur("400.00") + eur("2145.00")

    def test_records_and_the_burn_chart(self) -> None:
        cost = job_cost(launch(), self.entries(), self.expenses(), dt.date(2026, 7, 31))
        records = cost.to_records()
        assert records[0]["key"] == "copywriter"
        assert set(records[0]) >= {
            "estimated",
            "actual",
            "percent_used",
            "at_completion",
            "variance",
        }
        spec = cost._repr_mimebundle_()["application/vnd.vegalite.v5+json"]
        actual = [v for v in spec["data"]["values"] if v["series"] == "actual"]
        assert actual[-1] == {"date": "2026-07-31", "series": "actual", "amount": "6015.00"}

    def test_jobs_merge_row_by_row(self) -> None:
        as_of = dt.date(2026, 7, 31)
        one = job_cost(launch(), self.entries(), [], as_of)
        two = job_cost(launch(id="E-8"), self.entries()[:1], self.expenses(), as_of)
        both = one + two
        assert both.jobs == {"E-7", "E-8"}
        assert both.row("labour", "designer").actual == eur("4560.00")
        assert both.total.actual == one.total.actual + two.total.actual
        assert JobCost.empty("EUR", as_of) + one == one

    def test_merging_different_dates_is_refused(self) -> None:
        one = job_cost(launch(), [], [], dt.date(2026, 7, 31))
        with pytest.raises(ValidationError, match="as of 2026-07-31"):
            one + job_cost(launch(), [], [], dt.date(2026, 8, 31))

    def test_remaining_hours_for_an_unknown_role_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'remaining_hours'"):
            job_cost(launch(), [], [], dt.date(2026, 7, 31), remaining_hours={"strategist": 3})

    @given(job_costs(), job_costs())
    def test_merging_adds_every_figure(self, a: JobCost, b: JobCost) -> None:
        b = (
            JobCost(currency=a.currency, as_of=a.as_of, jobs=b.jobs, rows=[], spend=[])
            if b.currency != a.currency or b.as_of != a.as_of
            else b
        )
        merged = a + b
        assert merged.total.actual == a.total.actual + b.total.actual
        assert merged.total.estimated == a.total.estimated + b.total.estimated
        assert merged == b + a


class TestSerialisation:
    def test_an_accepted_estimate_comes_back_equal(self) -> None:
        done = launch().send(at=at(2)).accept(at=at(5), options=["extra round"])
        assert from_dict(Estimate, to_dict(done.estimate)) == done.estimate


class TestEveryRefusalNamesItsParameter:
    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: RateCard("c", "EUR", rates=[], effective=dt.date(2026, 1, 1)), "rates"),
            (
                lambda: RateCard(
                    "c",
                    "EUR",
                    rates={"a": eur("1.00")},
                    effective=dt.date(2026, 1, 1),
                    overrides=[],
                ),
                "overrides",
            ),
            (
                lambda: RateCard(
                    "c",
                    "EUR",
                    rates={"a": eur("1.00")},
                    effective=dt.date(2026, 1, 1),
                    overrides={"x": 1},
                ),
                "overrides",
            ),
            (
                lambda: RateCard(
                    "c",
                    "EUR",
                    rates={"a": eur("1.00")},
                    effective=dt.date(2026, 1, 1),
                    overrides={"": {}},
                ),
                "overrides",
            ),
            (
                lambda: RateCard(
                    "c",
                    "EUR",
                    rates={"a": eur("1.00")},
                    effective=dt.date(2026, 1, 1),
                    earlier=[
                        RateCardVersion(effective=dt.date(2026, 1, 1), rates={"a": eur("1.00")})
                    ],
                ),
                "earlier",
            ),
            (lambda: card().roles(dt.date(2026, 1, 1), client_id=7), "client_id"),  # type: ignore[arg-type]
            (lambda: card().rate(7, on=dt.date(2026, 1, 1)), "role"),  # type: ignore[arg-type]
            (lambda: card().rate("designer", on=dt.date(2026, 1, 1), client_id=7), "client_id"),  # type: ignore[arg-type]
            (lambda: LabourLine("designer", 1, optional="yes"), "optional"),  # type: ignore[arg-type]
            (lambda: CostLine("x", Money("1.005", "EUR")), "net"),
            (lambda: CostLine("x", eur("1.00"), Rate("-0.1")), "markup"),
            (lambda: launch(lines=[LabourLine("designer", 1), "x"]), "lines"),
            (lambda: launch(version=0), "version"),
            (lambda: launch(rate_card="card"), "rate_card"),
            (
                lambda: launch(
                    lines=[LabourLine("designer", 1), CostLine("x", Money("1.00", "USD"))]
                ),
                "lines",
            ),
            (lambda: launch(start=dt.date(2026, 9, 1), end=dt.date(2026, 8, 1)), "end"),
            (lambda: launch(accepted_options=["photo shoot"]), "accepted_options"),
            (lambda: launch(accepted_options=["extra round"]), "accepted_options"),
            (lambda: launch(accepted_options=[1]), "accepted_options"),
            (lambda: launch().line_amount("x"), "line"),  # type: ignore[arg-type]
            (lambda: launch().edit(id="E-9"), "changes"),
            (lambda: launch().totals([1]), "options"),  # type: ignore[list-item]
            (
                lambda: (
                    launch().send(at=at(2)).accept(at=at(5), arrangement="milestones", split=[])
                ),
                "split",
            ),
            (
                lambda: (
                    launch()
                    .send(at=at(2))
                    .accept(at=at(5), arrangement="milestones", split=[("a", 1)])
                ),
                "split",
            ),
            (
                lambda: (
                    launch(lines=[CostLine("x", eur("1.00"))])
                    .send(at=at(2))
                    .accept(at=at(5), arrangement="time_and_materials")
                ),
                "arrangement",
            ),
            (lambda: job_cost("E-7", [], [], dt.date(2026, 7, 1)), "estimate"),  # type: ignore[arg-type]
            (
                lambda: job_cost(launch(), [], [], dt.date(2026, 7, 1), remaining_hours=[1]),
                "remaining_hours",
            ),  # type: ignore[arg-type]
            (
                lambda: job_cost(
                    launch(),
                    [],
                    [Expense(description="x", on=dt.date(2026, 7, 1), amount=Money("1.00", "USD"))],
                    dt.date(2026, 7, 1),
                ),
                "expenses",
            ),
            (
                lambda: job_cost(launch(), [], [], dt.date(2026, 7, 1)).row("labour", "nobody"),
                "key",
            ),
            (lambda: job_cost(launch(), [], [], dt.date(2026, 7, 1)) + 1, "other"),
            (lambda: job_cost(launch(), [], [], dt.date(2026, 7, 1)).rows[0] + 1, "other"),
            (
                lambda: (
                    job_cost(launch(), [], [], dt.date(2026, 7, 1)).rows[0]
                    + job_cost(launch(), [], [], dt.date(2026, 7, 1)).rows[1]
                ),
                "other",
            ),
            (lambda: JobCost(currency="EUR", as_of=dt.date(2026, 1, 1), jobs=[""]), "jobs"),
            (lambda: JobCost(currency="EUR", as_of=dt.date(2026, 1, 1), spend=[1]), "spend"),
            (
                lambda: JobCost(
                    currency="EUR",
                    as_of=dt.date(2026, 1, 1),
                    spend=[(dt.date(2026, 2, 1), eur("1.00"))],
                ),
                "spend",
            ),
            (
                lambda: JobCost(
                    currency="EUR",
                    as_of=dt.date(2026, 1, 1),
                    spend=[(dt.date(2026, 1, 1), eur("1.00"))],
                ),
                "spend",
            ),
            (
                lambda: JobCost(
                    currency="USD",
                    as_of=dt.date(2026, 1, 1),
                    rows=job_cost(launch(), [], [], dt.date(2026, 1, 1)).rows,
                ),
                "rows",
            ),
            (lambda: JobCost(currency="EUR", as_of=dt.date(2026, 1, 1), rows=[ROW, ROW]), "rows"),
            (
                lambda: JobCostRow(
                    kind="time",
                    key="x",
                    estimated=eur("1.00"),
                    actual=eur("0.00"),
                    at_completion=eur("1.00"),
                ),
                "kind",
            ),
            (
                lambda: JobCostRow(
                    kind="cost",
                    key="x",
                    actual_hours=Decimal(-1),
                    estimated=eur("1.00"),
                    actual=eur("0.00"),
                    at_completion=eur("1.00"),
                ),
                "actual_hours",
            ),
            (
                lambda: JobCostRow(
                    kind="cost",
                    key="x",
                    estimated=eur("1.00"),
                    actual=Money("0.00", "USD"),
                    at_completion=eur("1.00"),
                ),
                "actual",
            ),
            (
                lambda: JobCostRow(
                    kind="cost",
                    key="x",
                    estimated=eur("1.00"),
                    actual=eur("2.00"),
                    at_completion=eur("1.00"),
                ),
                "at_completion",
            ),
            (
                lambda: JobCostRow(
                    kind="cost",
                    key="x",
                    estimated=Money("1.005", "EUR"),
                    actual=eur("2.00"),
                    at_completion=eur("1.00"),
                ),
                "estimated",
            ),
            (lambda: EstimateAcceptance(estimate=launch(), budget=None), "estimate"),  # type: ignore[arg-type]
            (lambda: EstimateAcceptance(estimate=ACCEPTED.estimate, budget="B"), "budget"),  # type: ignore[arg-type]
            (
                lambda: EstimateAcceptance(
                    estimate=ACCEPTED.estimate,
                    budget=launch().send(at=at(2)).accept(at=at(5), options=["extra round"]).budget,
                ),
                "budget",
            ),
            (
                lambda: EstimateAcceptance(
                    estimate=ACCEPTED.estimate, budget=ACCEPTED.budget, arrangements=[1]
                ),
                "arrangements",
            ),
            (lambda: attrs.evolve(launch().totals(), by_role=[]), "by_role"),
            (lambda: attrs.evolve(launch().totals(), hours_by_role=[]), "hours_by_role"),
            (lambda: attrs.evolve(launch().totals(), labour=Money("5870.00", "USD")), "labour"),
            (lambda: attrs.evolve(launch().totals(), labour=eur("1.00")), "by_role"),
            (lambda: attrs.evolve(launch().totals(), costs=eur("1.00")), "by_cost"),
        ],
    )
    def test_refused(self, call: Callable[[], object], field: str) -> None:
        with pytest.raises(ValidationError, match=f"'{field}"):
            call()

    def test_a_single_option_name_is_one_option(self) -> None:
        assert launch().totals("extra round").options == {"extra round"}

    def test_a_draft_shows_itself_in_a_notebook(self) -> None:
        html = launch()._repr_html_()
        assert "estimate E-7 v1 (draft)" in html
        assert "photo shoot" in html


class TestTheCallersDecimalContextChangesNothing:
    def figures(self) -> tuple[object, ...]:
        estimate = launch(
            lines=[
                LabourLine("designer", "12345.25"),
                LabourLine("producer", "0.75"),
                LabourLine("copywriter", "99.5"),
            ]
        )
        totals = estimate.totals()
        cost = job_cost(
            estimate,
            [TimeEntry("ana", "designer", dt.date(2026, 7, 6), "23.75")],
            [],
            dt.date(2026, 7, 31),
            remaining_hours={"designer": "17.25"},
        )
        return (totals, totals.hours, cost, cost.total)

    def test_under_a_hostile_context(self, hostile_decimal_context: object) -> None:
        hostile = self.figures()
        with decimal.localcontext(decimal.Context()):
            assert hostile == self.figures()


class TestMoreProperties:
    @given(estimates(walk=False), st.data())
    def test_acceptance_budgets_exactly_the_accepted_total(
        self, estimate: Estimate, data: st.DataObject
    ) -> None:
        options = (
            data.draw(st.lists(st.sampled_from(estimate.options), unique=True))
            if estimate.options
            else []
        )
        day = estimate.valid_until
        moment = pendulum.datetime(day.year, day.month, day.day, 12, tz="UTC")
        done = estimate.send(at=moment).accept(at=moment, options=options)
        assert done.budget.planned == estimate.totals(options).total == done.estimate.total
        assert done.estimate.accepted_options == frozenset(options)

    @given(
        estimates(walk=False),
        st.lists(st.tuples(st.integers(0, 90), st.integers(0, 24)), max_size=6),
        st.integers(0, 90),
    )
    def test_job_cost_counts_what_was_booked_by_as_of(
        self, estimate: Estimate, bookings: list[tuple[int, int]], horizon: int
    ) -> None:
        role = next(line.role for line in estimate.lines if isinstance(line, LabourLine))
        start = estimate.valid_until
        entries = [TimeEntry("ana", role, start.add(days=d), h) for d, h in bookings]
        as_of = start.add(days=horizon)
        cost = job_cost(estimate, entries, [], as_of)
        expected = sum(
            ((estimate.rate_for(role) * e.hours).round() for e in entries if e.on <= as_of),
            Money.zero(estimate.currency),
        )
        assert cost.total.actual == expected
        assert cost.total.at_completion >= cost.total.actual
        assert cost.total.estimated == sum(
            (
                estimate.line_amount(line)
                for line in estimate.included_lines()
                if isinstance(line, LabourLine)
            ),
            Money.zero(estimate.currency),
        ) + sum(
            (line.net for line in estimate.included_lines() if isinstance(line, CostLine)),
            Money.zero(estimate.currency),
        )

    @given(st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)))
    def test_the_rate_in_force_is_the_latest_version_by_then(self, day: dt.date) -> None:
        revised = (
            card()
            .revise(rates={"designer": eur("99.00")}, effective=dt.date(2027, 1, 1))
            .revise(rates={"designer": eur("105.00")}, effective=dt.date(2028, 7, 1))
        )
        expected = (
            eur("95.00")
            if day < dt.date(2027, 1, 1)
            else eur("99.00")
            if day < dt.date(2028, 7, 1)
            else eur("105.00")
        )
        assert revised.rate("designer", on=day) == expected
