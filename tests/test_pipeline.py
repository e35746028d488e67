"""Tests for accountexec.pipeline: stages, pipelines, opportunities, moves, summaries, forecasts."""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.errors import CurrencyMismatchError, InvalidTransitionError, ValidationError
from accountexec.money import Currency, ExchangeRates, Money, Rate
from accountexec.pipeline import (
    GROUPINGS,
    Forecast,
    ForecastCategory,
    ForecastCell,
    Opportunity,
    Pipeline,
    PipelineSummary,
    Stage,
    SummaryCell,
    forecast,
    summarise,
)
from accountexec.strategies._pipeline import opportunities, pipelines, stages
from accountexec.workflow import StatusChange

AS_OF = dt.date(2026, 3, 31)
FAR = dt.date(2032, 12, 31)  # after every move the strategies make
AT = pendulum.datetime(2026, 4, 1, 9, tz="Europe/Paris")
FX = ExchangeRates(base="EUR", rates={"USD": "1.25", "GBP": "0.8", "JPY": "160"}, as_of=AS_OF)


def deal(**changes: object) -> Opportunity:
    fields: dict[str, object] = {
        "id": "O-1",
        "account_id": "ACME",
        "name": "Brand refresh",
        "amount": Money("40000.00", "EUR"),
        "stage": "proposal",
        "close_on": dt.date(2026, 4, 15),
        "owner": "ana",
        "created_on": dt.date(2026, 2, 2),
    }
    fields.update(changes)
    return Opportunity(**fields)  # type: ignore[arg-type]


def five_deals() -> list[Opportunity]:
    """The worked example of docs/guide/pipeline.md."""
    return [
        deal(),
        deal(
            id="O-2",
            account_id="Globex",
            name="Media plan",
            amount=Money("25000.00", "EUR"),
            stage="negotiation",
            close_on=dt.date(2026, 5, 20),
            owner="ben",
        ),
        deal(
            id="O-3",
            account_id="Initech",
            name="Launch video",
            amount=Money("12000.00", "EUR"),
            stage="lead",
            close_on=dt.date(2026, 7, 15),
        ),
        deal(
            id="O-4",
            account_id="Umbrella",
            name="Retainer",
            amount=Money("60000.00", "EUR"),
            stage="qualified",
            close_on=dt.date(2026, 6, 10),
            owner="chloe",
            probability=Rate("0.4"),
            recurring_months=12,
        ),
        deal(
            id="O-5",
            account_id="Hooli",
            name="Event",
            amount=Money("8000.00", "EUR"),
            stage="won",
            close_on=dt.date(2026, 4, 2),
            owner="ben",
        ),
    ]


# ------------------------------------------------------------------------------------ stages


class TestStage:
    def test_an_open_stage_keeps_its_probability_and_category(self) -> None:
        stage = Stage(name="demo", probability="0.3", forecast_category="best_case")
        assert stage.probability == Rate("0.3")
        assert stage.forecast_category is ForecastCategory.BEST_CASE
        assert stage.is_open

    def test_a_won_stage_must_be_certain_and_closed(self) -> None:
        with pytest.raises(ValidationError, match="won stage"):
            Stage(name="won", probability=Rate(1), forecast_category="commit", is_won=True)
        with pytest.raises(ValidationError, match="won stage"):
            Stage(name="won", probability=Rate("0.9"), forecast_category="closed", is_won=True)

    def test_a_lost_stage_must_be_zero_and_omitted(self) -> None:
        with pytest.raises(ValidationError, match="lost stage"):
            Stage(name="lost", probability=Rate(0), forecast_category="pipeline", is_lost=True)
        with pytest.raises(ValidationError, match="lost stage"):
            Stage(name="lost", probability=Rate("0.1"), forecast_category="omitted", is_lost=True)

    def test_a_stage_is_not_both_won_and_lost(self) -> None:
        with pytest.raises(ValidationError, match="won or lost"):
            Stage(name="x", probability=1, forecast_category="closed", is_won=True, is_lost=True)

    def test_an_open_stage_cannot_be_in_the_closed_category(self) -> None:
        with pytest.raises(ValidationError, match="open stage"):
            Stage(name="x", probability=Rate("0.5"), forecast_category="closed")

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("name", 7),
            ("probability", 0.5),
            ("probability", Rate("1.5")),
            ("probability", Rate("-0.1")),
            ("probability", True),
            ("forecast_category", "upside"),
            ("is_won", 1),
        ],
    )
    def test_bad_fields_are_refused_by_name(self, field: str, value: object) -> None:
        fields: dict[str, object] = {
            "name": "x",
            "probability": Rate("0.5"),
            "forecast_category": "pipeline",
        }
        fields[field] = value
        with pytest.raises(ValidationError) as info:
            Stage(**fields)  # type: ignore[arg-type]
        assert info.value.field == field

    @given(stages())
    def test_generated_stages_are_valid_and_pickle(self, stage: Stage) -> None:
        assert pickle.loads(pickle.dumps(stage)) == stage
        assert _stage_is_consistent(stage)


def _stage_is_consistent(stage: Stage) -> bool:
    if stage.is_won:
        return stage.probability == Rate(1)
    if stage.is_lost:
        return stage.probability == Rate(0)
    return Decimal(0) <= stage.probability.value <= Decimal(1)


# ------------------------------------------------------------------------------------ pipelines


def _stage(name: str, kind: str = "open") -> Stage:
    if kind == "won":
        return Stage(name=name, probability=Rate(1), forecast_category="closed", is_won=True)
    if kind == "lost":
        return Stage(name=name, probability=Rate(0), forecast_category="omitted", is_lost=True)
    return Stage(name=name, probability=Rate("0.5"), forecast_category="pipeline")


class TestPipeline:
    def test_the_salesforce_like_preset_follows_the_domain_table(self) -> None:
        p = Pipeline.salesforce_like()
        percents = [(s.name, s.probability.value * 100) for s in p.stages]
        assert percents == [
            ("Prospecting", 10),
            ("Qualification", 10),
            ("Needs Analysis", 20),
            ("Value Proposition", 50),
            ("Id. Decision Makers", 60),
            ("Perception Analysis", 70),
            ("Proposal/Price Quote", 75),
            ("Negotiation/Review", 90),
            ("Closed Won", 100),
            ("Closed Lost", 0),
        ]
        assert p.won_stage.forecast_category is ForecastCategory.CLOSED
        assert [s.forecast_category for s in p.lost_stages] == [ForecastCategory.OMITTED]

    def test_the_simple_preset_is_shared_and_ordered(self) -> None:
        assert Pipeline.simple() is Pipeline.simple()
        assert [s.name for s in Pipeline.simple().open_stages] == [
            "lead",
            "qualified",
            "proposal",
            "negotiation",
        ]
        assert "won" in Pipeline.simple()
        assert "closed" not in Pipeline.simple()

    def test_an_unknown_stage_is_refused_with_the_known_ones(self) -> None:
        with pytest.raises(ValidationError, match="'lead', 'qualified'"):
            Pipeline.simple().stage("closed")

    @pytest.mark.parametrize(
        ("stages", "message"),
        [
            ([_stage("a"), _stage("won", "won")], "lost stage"),
            ([_stage("a"), _stage("lost", "lost")], "one won stage"),
            ([_stage("a"), _stage("w", "won"), _stage("v", "won"), _stage("l", "lost")], "one won"),
            ([_stage("w", "won"), _stage("l", "lost")], "open stage"),
            ([_stage("a"), _stage("a"), _stage("w", "won"), _stage("l", "lost")], "unique"),
            ([_stage("a"), "won", _stage("l", "lost")], "Stage values"),
            ("stages", "sequence of Stage"),
            (7, "sequence of Stage"),
        ],
    )
    def test_a_malformed_pipeline_is_refused(self, stages: object, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            Pipeline("p", stages)  # type: ignore[arg-type]

    @given(pipelines())
    def test_generated_pipelines_pickle_and_keep_their_lookups(self, pipeline: Pipeline) -> None:
        copy = pickle.loads(pickle.dumps(pipeline))
        assert copy == pipeline
        assert all(copy.stage(s.name) == s for s in pipeline.stages)


# ------------------------------------------------------------------------------------ opportunities


class TestOpportunityConstruction:
    def test_dates_become_pendulum_dates(self) -> None:
        opp = deal()
        assert type(opp.close_on) is pendulum.Date
        assert type(opp.created_on) is pendulum.Date
        assert opp.pipeline is Pipeline.simple()

    def test_a_stage_value_is_stored_as_its_name(self) -> None:
        assert deal(stage=Pipeline.simple().stage("lead")).stage == "lead"

    def test_a_probability_may_be_given_as_text(self) -> None:
        assert deal(probability="0.35").manual_probability == Rate("0.35")

    def test_repr_shows_the_pipeline_by_name(self) -> None:
        assert "<Pipeline 'simple'>" in repr(deal())

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id", ""),
            ("account_id", None),
            ("name", 3),
            ("owner", ""),
            ("owner", "   "),
            ("amount", Decimal("10")),
            ("amount", Money("-1.00", "EUR")),
            ("stage", "closed"),
            ("stage", 3),
            ("close_on", pendulum.datetime(2026, 4, 1)),
            ("close_on", "2026-04-01"),
            ("created_on", dt.datetime(2026, 4, 1, tzinfo=dt.UTC)),
            ("probability", Rate("1.01")),
            ("probability", 0.5),
            ("recurring_months", 0),
            ("recurring_months", True),
            ("lost_reason", "price"),
            ("pipeline", "simple"),
            ("history", "moves"),
        ],
    )
    def test_bad_fields_are_refused_by_name(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError) as info:
            deal(**{field: value})
        assert info.value.field in (field, "stage" if field == "stage" else field)

    def test_an_empty_lost_reason_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="lost_reason"):
            deal(stage="lost", lost_reason="")


def _change(event: str, source: str, target: str, day: int = 3) -> StatusChange:
    return StatusChange(
        event=event, source=source, target=target, at=pendulum.datetime(2026, 3, day, tz="UTC")
    )


class TestHistoryOnConstruction:
    def test_a_chained_history_ending_in_the_stage_is_accepted(self) -> None:
        history = [_change("move_to", "lead", "proposal"), _change("win", "proposal", "won", 5)]
        opp = deal(stage="won", history=history)
        assert opp.history == tuple(history)
        assert opp.stage_entered_on == pendulum.Date(2026, 3, 5)

    @pytest.mark.parametrize(
        ("history", "stage", "message"),
        [
            ([_change("move_to", "lead", "proposal")], "lead", "where history ends"),
            ([_change("win", "lead", "proposal")], "proposal", "pipeline"),
            ([_change("move_to", "lead", "nowhere")], "proposal", "pipeline"),
            ([_change("move_to", "lead", "lead")], "lead", "pipeline"),
            ([_change("reopen", "won", "won")], "won", "pipeline"),
            (
                [_change("move_to", "lead", "proposal"), _change("win", "qualified", "won", 5)],
                "won",
                "where the last move ended",
            ),
            (
                [_change("move_to", "lead", "proposal", 5), _change("win", "proposal", "won", 4)],
                "won",
                "time order",
            ),
            ([_change("move_to", "lead", "proposal", 1)], "proposal", "created_on"),
            (["lead -> proposal"], "proposal", "StatusChange"),
        ],
    )
    def test_an_inconsistent_history_is_refused(
        self, history: list[object], stage: str, message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            deal(stage=stage, created_on=dt.date(2026, 3, 2), history=history)


class TestProbability:
    def test_the_stage_default_is_used_without_an_override(self) -> None:
        opp = deal()
        assert (opp.probability, opp.probability_source) == (Rate("0.5"), "stage")
        assert opp.weighted_amount == Money("20000.00", "EUR")

    def test_a_manual_override_wins_over_the_stage(self) -> None:
        opp = deal(probability=Rate("0.35"))
        assert (opp.probability, opp.probability_source) == (Rate("0.35"), "manual")
        assert opp.weighted_amount == Money("14000.00", "EUR")
        assert opp.with_probability(None).probability_source == "stage"

    def test_the_weighted_amount_is_not_rounded(self) -> None:
        opp = deal(amount=Money("0.01", "EUR"), probability=Rate("0.333"))
        assert opp.weighted_amount.amount == Decimal("0.00333")

    def test_monthly_recurring_revenue_is_the_amount_over_the_months(self) -> None:
        assert deal(recurring_months=12).monthly_recurring_revenue == Money(
            "3333.33", "EUR"
        ) + Money("0.0033333333333333333333333333333333333333333333333333333333", "EUR")
        assert deal().monthly_recurring_revenue is None

    def test_category_and_status_follow_the_stage(self) -> None:
        assert deal().forecast_category is ForecastCategory.BEST_CASE
        assert (deal().is_open, deal().is_won, deal().is_lost) == (True, False, False)
        lost = deal(stage="lost", lost_reason="price")
        assert (lost.is_open, lost.is_won, lost.is_lost) == (False, False, True)

    @given(opportunities())
    def test_a_won_deal_counts_at_100_percent_and_a_lost_one_at_0(self, opp: Opportunity) -> None:
        if opp.is_won:
            assert opp.probability == Rate(1)
            assert opp.weighted_amount == opp.amount
        elif opp.is_lost:
            assert opp.probability == Rate(0)
            assert not opp.weighted_amount.amount
        else:
            expected = opp.manual_probability or opp.current_stage.probability
            assert opp.probability == expected
        if not opp.is_open:
            assert opp.probability_source == "stage"


# ------------------------------------------------------------------------------------ moves


class TestMoves:
    def test_move_to_goes_forwards_and_backwards_and_records_history(self) -> None:
        opp = deal(stage="lead").move_to("negotiation", at=AT, by="ana", note="call went well")
        back = opp.move_to("qualified", at=AT.add(days=1))
        assert back.stage == "qualified"
        assert [(c.event, c.source, c.target) for c in back.history] == [
            ("move_to", "lead", "negotiation"),
            ("move_to", "negotiation", "qualified"),
        ]
        assert (opp.history[0].by, opp.history[0].note) == ("ana", "call went well")

    def test_moves_keep_a_manual_probability(self) -> None:
        opp = deal(probability=Rate("0.3")).move_to("negotiation", at=AT)
        assert opp.probability == Rate("0.3")

    def test_moving_to_the_same_stage_is_refused(self) -> None:
        with pytest.raises(InvalidTransitionError, match="already in stage 'proposal'"):
            deal().move_to("proposal", at=AT)

    def test_move_to_refuses_closing_stages(self) -> None:
        with pytest.raises(ValidationError, match="use win"):
            deal().move_to("won", at=AT)

    def test_a_closed_deal_only_reopens(self) -> None:
        won = deal().win(at=AT)
        with pytest.raises(InvalidTransitionError) as info:
            won.move_to("lead", at=AT)
        assert (info.value.current, info.value.event, info.value.allowed) == (
            "won",
            "move_to",
            frozenset({"reopen"}),
        )
        with pytest.raises(InvalidTransitionError, match="allowed events: 'reopen'"):
            won.lose(at=AT, reason="price")
        with pytest.raises(InvalidTransitionError, match="cannot 'win' opportunity 'O-1'"):
            won.win(at=AT)

    def test_reopen_is_refused_on_an_open_deal(self) -> None:
        with pytest.raises(InvalidTransitionError) as info:
            deal().reopen(at=AT)
        assert info.value.allowed == frozenset({"move_to", "win", "lose"})

    def test_lose_needs_a_reason_and_records_it(self) -> None:
        with pytest.raises(ValidationError, match="reason"):
            deal().lose(at=AT, reason="")
        lost = deal().lose(at=AT, reason="went with a rival")
        assert (lost.stage, lost.lost_reason, lost.history[-1].event) == (
            "lost",
            "went with a rival",
            "lose",
        )

    def test_lose_may_pick_one_of_several_lost_stages(self) -> None:
        pipeline = Pipeline(
            "p", [_stage("a"), _stage("w", "won"), _stage("lost", "lost"), _stage("dq", "lost")]
        )
        opp = deal(stage="a", pipeline=pipeline)
        assert opp.lose(at=AT, reason="spam", stage="dq").stage == "dq"
        with pytest.raises(ValidationError, match="a lost stage"):
            opp.lose(at=AT, reason="spam", stage="w")

    def test_reopen_goes_back_to_where_the_deal_closed_from(self) -> None:
        lost = deal(stage="negotiation").lose(at=AT, reason="price")
        again = lost.reopen(at=AT.add(days=2))
        assert (again.stage, again.lost_reason) == ("negotiation", None)
        assert lost.reopen(at=AT, stage="lead").stage == "lead"
        with pytest.raises(ValidationError, match="an open stage"):
            lost.reopen(at=AT, stage="won")

    def test_reopen_without_history_goes_to_the_first_open_stage(self) -> None:
        assert deal(stage="won").reopen(at=AT).stage == "lead"

    def test_a_move_needs_an_aware_time_not_before_the_last_move(self) -> None:
        with pytest.raises(ValidationError, match="aware"):
            deal().win(at=dt.datetime(2026, 4, 1, 9))  # naive on purpose
        moved = deal().move_to("lead", at=AT)
        with pytest.raises(ValidationError, match="not earlier than the last move"):
            moved.win(at=AT.subtract(minutes=1))
        with pytest.raises(ValidationError, match="created_on"):
            deal().win(at=pendulum.datetime(2026, 1, 1, tz="UTC"))

    def test_an_unknown_target_stage_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="one of 'lead'"):
            deal().move_to("pitch", at=AT)

    def test_stage_on_replays_the_history(self) -> None:
        opp = deal(stage="lead", created_on=dt.date(2026, 3, 2))
        opp = opp.move_to("proposal", at=pendulum.datetime(2026, 3, 10, 23, tz="Asia/Tokyo"))
        opp = opp.win(at=pendulum.datetime(2026, 3, 20, 9, tz="UTC"))
        assert opp.stage_on(dt.date(2026, 3, 1)) is None
        assert opp.stage_on(dt.date(2026, 3, 9)) == "lead"
        assert opp.stage_on(dt.date(2026, 3, 10)) == "proposal"
        assert opp.stage_on(dt.date(2026, 3, 19)) == "proposal"
        assert opp.stage_on(dt.date(2026, 3, 20)) == "won"

    @given(opportunities(), st.data())
    def test_random_moves_keep_the_history_consistent(
        self, opp: Opportunity, data: st.DataObject
    ) -> None:
        at = opp.history[-1].at if opp.history else pendulum.datetime(2031, 1, 1, tz="UTC")
        at = max(at, pendulum.datetime(2031, 1, 1, tz="UTC"))
        if opp.is_open:
            choice = data.draw(st.sampled_from(["move_to", "win", "lose"]))
            others = [s.name for s in opp.pipeline.open_stages if s.name != opp.stage]
            if choice == "move_to" and others:
                moved = opp.move_to(data.draw(st.sampled_from(others)), at=at)
            elif choice == "lose":
                moved = opp.lose(at=at, reason="price")
            else:
                moved = opp.win(at=at)
        else:
            moved = opp.reopen(at=at)
        assert attrs.evolve(moved) == moved  # the constructor re-validates the whole history
        assert moved.history[:-1] == opp.history
        assert moved.history[-1].target == moved.stage


# ------------------------------------------------------------------------------------ forecasts


class TestForecastWorkedExample:
    def test_the_five_deal_pipeline_weighs_71950_euros(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by="quarter", currency="EUR")
        # 40,000 x 50% + 25,000 x 75% + 12,000 x 10% + 60,000 x 40% (manual) + 8,000 won
        assert fc.total.weighted_amount == Money("71950.00", "EUR")
        assert fc.total.amount == Money("145000.00", "EUR")
        assert fc.total.closed_won_amount == Money("8000.00", "EUR")
        assert fc.total.count == 5
        assert {k: c.weighted_amount.amount for k, c in fc.cells.items()} == {
            ("2026-Q2",): Decimal("70750.00"),
            ("2026-Q3",): Decimal("1200.00"),
        }

    def test_grouping_by_month_and_stage(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by=("month", "stage"), currency="EUR")
        assert list(fc.cells) == [
            ("2026-04", "proposal"),
            ("2026-04", "won"),
            ("2026-05", "negotiation"),
            ("2026-06", "qualified"),
            ("2026-07", "lead"),
        ]
        assert fc.cells["2026-04", "won"].closed_won_amount == Money("8000.00", "EUR")

    @pytest.mark.parametrize(
        ("group_by", "keys"),
        [
            ("year", [("2026",)]),
            ("owner", [("ana",), ("ben",), ("chloe",)]),
            ("category", [("best_case",), ("closed",), ("commit",), ("pipeline",)]),
            ("account", [("ACME",), ("Globex",), ("Hooli",), ("Initech",), ("Umbrella",)]),
            ((), [()]),
        ],
    )
    def test_every_grouping(
        self, group_by: tuple[str, ...] | str, keys: list[tuple[str, ...]]
    ) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by=group_by, currency="EUR")  # type: ignore[arg-type]
        assert list(fc.cells) == keys
        assert len(fc) == len(keys)

    def test_records_and_html(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by=("quarter", "owner"), currency="EUR")
        records = fc.to_records()
        assert records[0] == {
            "quarter": "2026-Q2",
            "owner": "ana",
            "count": 1,
            "amount": Decimal("40000.00"),
            "weighted_amount": Decimal("20000.00"),
            "closed_won_amount": Decimal("0.00"),
            "omitted_count": 0,
            "omitted_amount": Decimal("0.00"),
            "currency": "EUR",
        }
        html = fc._repr_html_()
        right = '<td style="text-align:right">'
        assert (
            f"<td>2026-Q2</td><td>ana</td>{right}1</td>{right}40000.00 EUR</td>"
            f"{right}20000.00 EUR</td>{right}0.00 EUR</td>"
        ) in html
        assert f"<td>total</td><td></td>{right}5</td>{right}145000.00 EUR</td>" in html
        assert '<th style="text-align:right">amount</th>' in html
        assert [cell.key for cell in fc] == [tuple(r[g] for g in fc.group_by) for r in records]

    def test_an_empty_pipeline_forecasts_zero(self) -> None:
        fc = forecast([], as_of=AS_OF, currency="JPY")
        assert (fc.total.count, fc.total.amount, len(fc)) == (0, Money("0", "JPY"), 0)


class TestForecastAsOf:
    def test_deals_created_after_as_of_are_left_out(self) -> None:
        late = deal(created_on=dt.date(2026, 4, 1))
        assert forecast([late], as_of=AS_OF, currency="EUR").total.count == 0

    def test_a_deal_counts_in_the_stage_it_was_in_on_as_of(self) -> None:
        opp = deal(stage="lead", created_on=dt.date(2026, 3, 2)).win(at=AT)
        before = forecast([opp], as_of=AS_OF, group_by="stage", currency="EUR")
        assert list(before.cells) == [("lead",)]
        assert before.total.weighted_amount == Money("4000.00", "EUR")
        after = forecast([opp], as_of=AT.date(), group_by="stage", currency="EUR")
        assert list(after.cells) == [("won",)]
        assert after.total.closed_won_amount == Money("40000.00", "EUR")

    def test_a_past_lost_or_won_stage_counts_at_0_or_100_percent(self) -> None:
        lost = deal(created_on=dt.date(2026, 3, 2)).lose(at=AT, reason="price")
        again = lost.reopen(at=AT.add(days=3), stage="lead")
        fc = forecast([again], as_of=AT.add(days=1).date(), group_by="category", currency="EUR")
        assert list(fc.cells) == [("omitted",)]
        assert fc.total.weighted_amount == Money("0.00", "EUR")
        won = deal(created_on=dt.date(2026, 3, 2), probability=Rate("0.2")).win(at=AT)
        reopened = won.reopen(at=AT.add(days=3))
        fc = forecast([reopened], as_of=AT.add(days=1).date(), currency="EUR")
        assert fc.total.weighted_amount == Money("40000.00", "EUR")
        fc = forecast([reopened], as_of=AT.add(days=4).date(), currency="EUR")
        assert fc.total.weighted_amount == Money("8000.00", "EUR")


class TestForecastCurrencies:
    def test_other_currencies_without_rates_are_refused_naming_the_pair(self) -> None:
        usd = deal(amount=Money("100.00", "USD"))
        with pytest.raises(CurrencyMismatchError, match="'USD' amounts to 'EUR'") as info:
            forecast([usd], as_of=AS_OF, currency="EUR")
        assert (info.value.expected, info.value.got) == ("USD", "EUR")

    def test_a_currency_missing_from_the_rates_is_refused_naming_the_pair(self) -> None:
        chf = deal(amount=Money("100.00", "CHF"))
        with pytest.raises(CurrencyMismatchError, match="from 'CHF' to 'EUR'"):
            forecast([chf], as_of=AS_OF, currency="EUR", rates=FX)

    def test_amounts_are_converted_unrounded_and_rounded_once(self) -> None:
        # three deals of 0.01 USD at 50%: 0.015 USD = 0.012 EUR, rounded once to 0.01
        deals = [deal(id=f"O-{i}", amount=Money("0.01", "USD")) for i in range(3)]
        fc = forecast(deals, as_of=AS_OF, currency="EUR", rates=FX)
        assert fc.total.weighted_amount == Money("0.01", "EUR")
        assert fc.total.amount == Money("0.02", "EUR")  # 0.03 USD = 0.024 EUR
        down = forecast(deals, as_of=AS_OF, currency="EUR", rates=FX, rounding="down")
        assert down.total.amount == Money("0.02", "EUR")

    @given(
        st.lists(opportunities(Pipeline.simple())),
        st.sampled_from(["EUR", "USD", "JPY"]),
    )
    def test_summing_per_currency_then_converting_is_within_a_minor_unit_per_currency(
        self, opps: list[Opportunity], target: str
    ) -> None:
        fc = forecast(opps, as_of=FAR, group_by=(), currency=target, rates=FX)
        summary = summarise(opps, as_of=FAR, group_by=())
        for figure in ("amount", "weighted_amount", "closed_won_amount"):
            converted = [
                FX.convert(Money(getattr(cell, figure), cell.currency), target)
                for cell in summary.cells
            ]
            per_currency = Money.sum(converted, target)
            gap = abs(per_currency - getattr(fc.total, figure)).amount
            unit = Decimal(1).scaleb(-Currency(target).minor_units)
            assert gap <= unit * max(1, len(summary.cells))


class TestForecastProperties:
    @given(
        st.lists(opportunities(currency="EUR"), max_size=12),
        st.lists(st.sampled_from(GROUPINGS), unique=True, max_size=4),
    )
    def test_totals_equal_the_sum_over_opportunities_for_any_grouping(
        self, opps: list[Opportunity], group_by: list[str]
    ) -> None:
        fc = forecast(opps, as_of=FAR, group_by=group_by, currency="EUR")  # type: ignore[arg-type]
        in_play = [o for o in opps if o.forecast_category is not ForecastCategory.OMITTED]
        lost = [o for o in opps if o.forecast_category is ForecastCategory.OMITTED]
        assert fc.total.count == len(in_play) == sum(c.count for c in fc)
        assert fc.total.omitted_count == len(lost) == sum(c.omitted_count for c in fc)
        assert fc.total.amount == Money.sum([o.amount for o in in_play], "EUR")
        assert fc.total.omitted_amount == Money.sum([o.amount for o in lost], "EUR")
        weighted = Money.sum([o.weighted_amount for o in in_play], "EUR").round()
        assert fc.total.weighted_amount == weighted
        won = Money.sum([o.amount for o in opps if o.is_won], "EUR")
        assert fc.total.closed_won_amount == won
        assert Money.sum([c.amount for c in fc], "EUR") == fc.total.amount

    @given(st.lists(opportunities(Pipeline.simple(), currency="EUR"), max_size=12))
    def test_won_cells_weigh_their_full_amount_and_lost_cells_nothing(
        self, opps: list[Opportunity]
    ) -> None:
        fc = forecast(opps, as_of=FAR, group_by="stage", currency="EUR")
        if ("won",) in fc.cells:
            won = fc.cells["won",]
            assert won.weighted_amount == won.amount == won.closed_won_amount
        if ("lost",) in fc.cells:
            assert not fc.cells["lost",].weighted_amount.amount


class TestGroupingArguments:
    @pytest.mark.parametrize("group_by", [("week",), ("month", "month"), ["owner", 3]])
    def test_bad_groupings_are_refused(self, group_by: object) -> None:
        with pytest.raises(ValidationError, match="'group_by'"):
            forecast([], as_of=AS_OF, group_by=group_by, currency="EUR")  # type: ignore[arg-type]

    def test_as_of_must_be_a_date(self) -> None:
        with pytest.raises(ValidationError, match="'as_of'"):
            forecast([], as_of=AT, currency="EUR")

    def test_only_opportunities_are_summarised(self) -> None:
        with pytest.raises(ValidationError, match="Opportunity values"):
            summarise([deal(), "deal"], as_of=AS_OF)  # type: ignore[list-item]


# ------------------------------------------------------------------------------------ summaries

_OPPS = st.lists(opportunities(), max_size=10)
_BY = st.lists(st.sampled_from(GROUPINGS), unique=True, max_size=3).map(tuple)


class TestPipelineSummaryMonoid:
    @given(_OPPS, _OPPS, _BY)
    def test_summaries_of_parts_add_up_to_the_summary_of_the_whole(
        self, xs: list[Opportunity], ys: list[Opportunity], group_by: tuple[str, ...]
    ) -> None:
        def summary(opps: list[Opportunity]) -> PipelineSummary:
            return summarise(opps, as_of=AS_OF, group_by=group_by)  # type: ignore[arg-type]

        assert summary(xs) + summary(ys) == summary(xs + ys)

    @given(_OPPS, _OPPS, _OPPS)
    def test_addition_is_associative(
        self, xs: list[Opportunity], ys: list[Opportunity], zs: list[Opportunity]
    ) -> None:
        a, b, c = (summarise(v, as_of=AS_OF, group_by=("owner", "stage")) for v in (xs, ys, zs))
        assert (a + b) + c == a + (b + c)

    @given(_OPPS, _BY)
    def test_empty_is_the_identity(self, xs: list[Opportunity], group_by: tuple[str, ...]) -> None:
        s = summarise(xs, as_of=AS_OF, group_by=group_by)  # type: ignore[arg-type]
        assert PipelineSummary.empty() + s == s == s + PipelineSummary.empty()
        assert summarise([], as_of=AS_OF, group_by=group_by) + s == s  # type: ignore[arg-type]

    @given(_OPPS)
    def test_a_summary_knows_its_count_and_currencies(self, xs: list[Opportunity]) -> None:
        s = summarise(xs, as_of=FAR)
        assert s.count + s.omitted_count == len(xs)
        omitted = ForecastCategory.OMITTED
        assert s.omitted_count == sum(1 for o in xs if o.forecast_category is omitted)
        assert s.currencies == {o.amount.currency.code for o in xs}

    def test_summaries_of_different_shapes_do_not_add(self) -> None:
        a = summarise([deal()], as_of=AS_OF, group_by="month")
        with pytest.raises(ValidationError, match="group_by=\\('month',\\)"):
            a + summarise([deal()], as_of=AS_OF, group_by="owner")
        with pytest.raises(ValidationError, match="as_of"):
            a + summarise([deal()], as_of=FAR, group_by="month")
        with pytest.raises(TypeError):
            a + 1  # type: ignore[operator]

    def test_the_empty_summary_reads_out_as_an_empty_forecast(self) -> None:
        fc = PipelineSummary.empty().to_forecast(currency="EUR")
        assert (fc.group_by, fc.as_of, fc.rows, fc.total.count) == ((), None, (), 0)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"as_of": pendulum.Date(2026, 1, 1)}, "as_of"),
            ({"group_by": ["month"], "as_of": pendulum.Date(2026, 1, 1)}, "'group_by'"),
            ({"group_by": ("week",), "as_of": pendulum.Date(2026, 1, 1)}, "'group_by'"),
            ({"group_by": ("month",), "as_of": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, "as_of"),
            ({"cells": ["cell"]}, "SummaryCell"),
        ],
    )
    def test_a_malformed_summary_is_refused(self, fields: dict[str, object], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            PipelineSummary(**fields)  # type: ignore[arg-type]

    def test_the_empty_summary_has_no_cells(self) -> None:
        cell = SummaryCell(
            key=(),
            currency="EUR",
            count=1,
            amount=Decimal(1),
            weighted_amount=Decimal(1),
            closed_won_amount=Decimal(0),
        )
        with pytest.raises(ValidationError, match="no cells"):
            PipelineSummary(cells=[cell])


SIMPLE = ("lead", "qualified", "proposal", "negotiation", "won", "lost")


class TestStageOrder:
    def test_a_summary_by_stage_records_its_pipelines_stage_order(self) -> None:
        summary = summarise(five_deals(), as_of=AS_OF, group_by=("owner", "stage"))
        assert summary.stage_order == SIMPLE
        assert summary.to_forecast(currency="EUR").stage_order == SIMPLE
        assert (
            forecast(five_deals(), as_of=AS_OF, group_by="stage", currency="EUR").stage_order
            == SIMPLE
        )

    def test_other_groupings_and_no_deals_record_none(self) -> None:
        assert summarise(five_deals(), as_of=AS_OF, group_by="owner").stage_order == ()
        assert summarise([], as_of=AS_OF, group_by="stage").stage_order == ()
        assert forecast(five_deals(), as_of=AS_OF, currency="EUR").stage_order == ()

    def test_the_first_deals_pipeline_gives_the_order_and_the_left_summary_wins(self) -> None:
        sf = deal(id="O-9", stage="Prospecting", pipeline=Pipeline.salesforce_like())
        names = Pipeline.salesforce_like().stage_names
        assert summarise([sf, deal()], group_by="stage").stage_order == names
        assert summarise([deal(), sf], group_by="stage").stage_order == SIMPLE
        left, right = summarise([sf], group_by="stage"), summarise([deal()], group_by="stage")
        assert (left + right).stage_order == names
        assert (right + left).stage_order == SIMPLE
        empty = summarise([], group_by="stage")
        assert (empty + right).stage_order == (right + empty).stage_order == SIMPLE

    def test_a_non_opportunity_first_is_still_refused(self) -> None:
        with pytest.raises(ValidationError, match="Opportunity values"):
            summarise(["deal", deal()], group_by="stage")  # type: ignore[list-item]

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"group_by": ("owner",), "stage_order": ("lead",)}, "grouped by stage"),
            ({"stage_order": ("lead",)}, "grouped by stage"),
            ({"group_by": ("stage",), "stage_order": "lead"}, "sequence of stage names"),
            ({"group_by": ("stage",), "stage_order": ("lead", "lead")}, "distinct"),
            ({"group_by": ("stage",), "stage_order": ("lead", "")}, "non-empty"),
            ({"group_by": ("stage",), "stage_order": ("lead", 1)}, "stage names"),
        ],
    )
    def test_a_malformed_stage_order_is_refused(
        self, fields: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            PipelineSummary(**fields)  # type: ignore[arg-type]


class TestPickling:
    @given(st.lists(opportunities(), max_size=6), _BY)
    def test_every_public_value_survives_a_pickle_round_trip(
        self, opps: list[Opportunity], group_by: tuple[str, ...]
    ) -> None:
        summary = summarise(opps, as_of=AS_OF, group_by=group_by)  # type: ignore[arg-type]
        fc = summary.to_forecast(currency="EUR", rates=FX)
        for value in (opps, summary, fc, fc.total, ForecastCategory.COMMIT):
            assert pickle.loads(pickle.dumps(value)) == value
        copies = pickle.loads(pickle.dumps(opps))
        assert summarise(copies, as_of=AS_OF, group_by=group_by) == summary  # type: ignore[arg-type]
        assert isinstance(fc, Forecast)
        assert all(isinstance(cell, ForecastCell) for cell in fc)


class TestDecimalContext:
    def test_forecasts_ignore_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        deals = [
            *five_deals(),
            deal(id="O-6", amount=Money("123456789.99", "USD"), probability=Rate("0.3333")),
        ]
        fc = forecast(deals, as_of=AS_OF, group_by=("month", "stage"), currency="EUR", rates=FX)
        # 123,456,789.99 USD x 0.3333 / 1.25 = 32,918,518.4829336 EUR, plus 71,950 EUR
        assert fc.total.weighted_amount == Money("32990468.48", "EUR")
        parts = summarise(deals[:3], as_of=AS_OF) + summarise(deals[3:], as_of=AS_OF)
        assert parts == summarise(deals, as_of=AS_OF)
        assert deals[-1].weighted_amount.amount == Decimal("41148148.103667")
