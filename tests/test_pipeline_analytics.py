"""Tests for the pipeline analytics: funnel, win rate, days in stage, velocity, calibration."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import pickle
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, ExchangeRates, Money, Rate, decimal_context
from accountexec.pipeline import (
    Calibration,
    CalibrationBucket,
    Coverage,
    Opportunity,
    Pipeline,
    SalesVelocity,
    StageConversion,
    StageDuration,
    WinRate,
    average_days_in_stage,
    calibration,
    conversion_rates,
    coverage,
    sales_velocity,
    stalled,
    win_rate,
)
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._pipeline import opportunities

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")  # a Monday
FX = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=dt.date(2026, 3, 1))


def deal(i: int = 1, amount: str = "1000.00", **changes: object) -> Opportunity:
    fields: dict[str, object] = {
        "id": f"O-{i}",
        "account_id": "ACME",
        "name": "deal",
        "amount": Money(amount, "EUR"),
        "stage": "lead",
        "close_on": dt.date(2026, 6, 30),
        "owner": "ana",
        "created_on": dt.date(2026, 3, 2),
    }
    fields.update(changes)
    return Opportunity(**fields)  # type: ignore[arg-type]


class TestConversionRates:
    def test_the_funnel_counts_deals_that_reached_each_stage_or_beyond(self) -> None:
        deals = [
            deal(1),
            deal(2).move_to("qualified", at=T0),
            deal(3).move_to("proposal", at=T0).lose(at=T0, reason="price"),
            deal(4).move_to("negotiation", at=T0).win(at=T0),
        ]
        rows = conversion_rates(deals)
        assert [(r.from_stage, r.to_stage, r.reached, r.advanced) for r in rows] == [
            ("lead", "qualified", 4, 3),
            ("qualified", "proposal", 3, 2),
            ("proposal", "negotiation", 2, 1),
            ("negotiation", "won", 1, 1),
        ]
        assert rows[0].rate == Rate("0.75")
        assert rows[-1].rate == Rate(1)

    def test_a_stage_nobody_reached_has_no_rate(self) -> None:
        rows = conversion_rates([])
        assert all(r.rate is None and r.reached == 0 for r in rows)
        assert rows[0].from_stage == "lead"

    def test_a_deal_lost_from_its_first_stage_still_reached_it(self) -> None:
        rows = conversion_rates([deal().lose(at=T0, reason="price")])
        assert (rows[0].reached, rows[0].advanced) == (1, 0)

    def test_a_deal_imported_as_lost_reached_nothing(self) -> None:
        rows = conversion_rates([deal(stage="lost")])
        assert rows[0].reached == 0

    def test_mixed_pipelines_are_refused(self) -> None:
        other = deal(2, stage="Prospecting", pipeline=Pipeline.salesforce_like())
        with pytest.raises(ValidationError, match="one pipeline"):
            conversion_rates([deal(), other])

    def test_only_opportunities_are_analysed(self) -> None:
        with pytest.raises(ValidationError, match="Opportunity values"):
            conversion_rates(["deal"])  # type: ignore[list-item]

    @given(st.lists(opportunities(Pipeline.simple()), max_size=10))
    def test_the_funnel_never_widens(self, deals: list[Opportunity]) -> None:
        rows = conversion_rates(deals)
        for row in rows:
            assert 0 <= row.advanced <= row.reached <= len(deals)
            if row.rate is not None:
                assert Decimal(0) <= row.rate.value <= Decimal(1)
        assert all(a.advanced == b.reached for a, b in itertools.pairwise(rows))


class TestWinRate:
    def test_by_count_and_by_amount_over_closed_deals_only(self) -> None:
        deals = [
            deal(1, "300.00").win(at=T0),
            deal(2, "100.00").lose(at=T0, reason="price"),
            deal(3, "5000.00"),
        ]
        wr = win_rate(deals, currency="EUR")
        assert (wr.won, wr.lost) == (1, 1)
        assert (wr.by_count, wr.by_amount) == (Rate("0.5"), Rate("0.75"))
        assert (wr.won_amount, wr.lost_amount) == (Money("300", "EUR"), Money("100", "EUR"))

    def test_amounts_are_converted(self) -> None:
        usd = deal(1, "250.00").win(at=T0)
        usd = Opportunity(**{**_fields(usd), "amount": Money("250.00", "USD")})
        wr = win_rate([usd, deal(2, "200.00").lose(at=T0, reason="x")], currency="EUR", rates=FX)
        assert wr.by_amount == Rate("0.5")
        with pytest.raises(CurrencyMismatchError, match="'USD'"):
            win_rate([usd], currency="EUR")

    def test_nothing_closed_gives_no_rate(self) -> None:
        wr = win_rate([deal()], currency="EUR")
        assert (wr.by_count, wr.by_amount) == (None, None)
        zero = win_rate([deal(amount="0.00").lose(at=T0, reason="x")], currency="EUR")
        assert (zero.by_count, zero.by_amount) == (Rate(0), None)


def _fields(opp: Opportunity) -> dict[str, object]:
    return {
        "id": opp.id,
        "account_id": opp.account_id,
        "name": opp.name,
        "amount": opp.amount,
        "stage": opp.stage,
        "close_on": opp.close_on,
        "owner": opp.owner,
        "created_on": opp.created_on,
        "history": opp.history,
        "lost_reason": opp.lost_reason,
    }


class TestDaysInStage:
    def test_calendar_and_business_days_of_completed_stays(self) -> None:
        a = deal(1).move_to("qualified", at=T0.add(days=14)).win(at=T0.add(days=21))
        b = deal(2).move_to("qualified", at=T0.add(days=7))
        rows = {r.stage: r for r in average_days_in_stage([a, b], calendar=WorkCalendar())}
        assert (rows["lead"].stays, rows["lead"].average_days) == (2, Decimal("10.5"))
        assert rows["lead"].average_business_days == Decimal("7.5")
        assert (rows["qualified"].stays, rows["qualified"].average_days) == (1, Decimal(7))
        assert (rows["proposal"].stays, rows["proposal"].average_days) == (0, None)
        assert rows["proposal"].average_business_days is None

    def test_without_a_calendar_there_are_no_business_days(self) -> None:
        rows = average_days_in_stage([deal().move_to("qualified", at=T0.add(days=3))])
        assert (rows[0].average_days, rows[0].average_business_days) == (Decimal(3), None)

    def test_stages_follow_the_pipeline_given(self) -> None:
        rows = average_days_in_stage([], pipeline=Pipeline.salesforce_like())
        assert rows[0].stage == "Prospecting"


class TestSalesVelocity:
    def test_open_count_times_win_rate_times_average_won_over_cycle(self) -> None:
        deals = [
            deal(1, "6000.00").win(at=T0.add(days=30)),
            deal(2, "4000.00", created_on=dt.date(2026, 2, 20)).win(at=T0.add(days=30)),
            deal(3, "10.00").lose(at=T0, reason="price"),
            deal(4),
            deal(5),
            deal(6),
        ]
        v = sales_velocity(deals, currency="EUR")
        # 3 open x 2/3 won x 5,000.00 average / 35 days average cycle (30 and 40 days)
        assert (v.open_count, v.win_rate, v.average_cycle_days) == (3, Rate(2) / 3, Decimal(35))
        assert v.average_won_amount == Money("5000.00", "EUR")
        assert v.per_day is not None
        assert v.per_day.round() == Money("285.71", "EUR")

    def test_without_wins_there_is_no_velocity(self) -> None:
        v = sales_velocity([deal(), deal(2).lose(at=T0, reason="x")], currency="EUR")
        assert (v.win_rate, v.average_won_amount, v.per_day) == (Rate(0), None, None)

    def test_a_won_deal_without_history_uses_its_close_date(self) -> None:
        won = deal(stage="won", close_on=dt.date(2026, 3, 12))
        v = sales_velocity([won, deal(2)], currency="EUR")
        assert v.average_cycle_days == Decimal(10)
        assert v.per_day == Money("100", "EUR")

    def test_a_zero_day_cycle_gives_no_velocity(self) -> None:
        won = deal(stage="won", close_on=dt.date(2026, 3, 2))
        assert sales_velocity([won, deal(2)], currency="EUR").per_day is None


class TestStalledAndCoverage:
    def test_stalled_lists_idle_open_deals_longest_first(self) -> None:
        old = deal(1)
        moved = deal(2).move_to("proposal", at=T0.add(days=20))
        fresh = deal(3, created_on=dt.date(2026, 4, 30))
        closed = deal(4).win(at=T0)
        # idle on 21 April: O-1 since 2 March (50 days), O-2 since 22 March (30 days)
        found = stalled([moved, old, fresh, closed], as_of=dt.date(2026, 4, 21), days=31)
        assert [o.id for o in found] == ["O-1"]
        found = stalled([moved, old, fresh, closed], as_of=dt.date(2026, 4, 21), days=10)
        assert [o.id for o in found] == ["O-1", "O-2"]

    @pytest.mark.parametrize("days", [-1, 1.5, True])
    def test_stalled_needs_whole_days(self, days: object) -> None:
        with pytest.raises(ValidationError, match="'days'"):
            stalled([], as_of=dt.date(2026, 4, 1), days=days)  # type: ignore[arg-type]

    def test_coverage_is_the_open_pipeline_over_the_target_gap(self) -> None:
        deals = [
            deal(1, "1000.00", stage="proposal"),
            deal(2, "9000.00").win(at=T0),
            deal(3, "7000.00").lose(at=T0, reason="price"),
        ]
        cover = coverage(deals, target=Money("9500.00", "EUR"))
        assert (cover.won, cover.gap, cover.pipeline) == (
            Money("9000.00", "EUR"),
            Money("500.00", "EUR"),
            Money("1000.00", "EUR"),
        )
        assert cover.ratio == Decimal(2)
        assert not cover.weighted
        usd = Opportunity(**{**_fields(deal(3, stage="proposal")), "amount": Money("500", "USD")})
        assert coverage([usd], target=Money("100.00", "EUR"), rates=FX).ratio == Decimal(4)

    def test_weighted_coverage_on_request(self) -> None:
        deals = [deal(1, "1000.00", stage="proposal"), deal(2, "9000.00").win(at=T0)]
        cover = coverage(deals, target=Money("9250.00", "EUR"), weighted=True)
        assert cover.weighted
        assert cover.ratio == Decimal(2)  # 1,000 x 50% over 250

    def test_a_reached_target_has_no_ratio(self) -> None:
        won = deal(2, "9000.00").win(at=T0)
        cover = coverage([won, deal(1, "10.00")], target=Money("9000.00", "EUR"))
        assert cover.ratio is None
        assert cover.gap == Money("0.00", "EUR")
        assert repr(cover).startswith("Coverage(ratio=None, pipeline=10.00 EUR")

    def test_coverage_prints_rounded_and_keeps_every_digit(self) -> None:
        cover = coverage([deal(1, "1000.00")], target=Money("3000.00", "EUR"))
        assert cover.ratio == DECIMAL_CONTEXT.divide(Decimal(1), Decimal(3))
        assert "ratio=0.33," in repr(cover)

    @pytest.mark.parametrize(
        ("fields", "name"),
        [
            ({"target": Money("0.00", "EUR")}, "target"),
            ({"won": Money("1.00", "USD")}, "won"),
            ({"pipeline": Money("1.00", "USD")}, "pipeline"),
            ({"weighted": 1}, "weighted"),
        ],
    )
    def test_a_coverage_value_validates(self, fields: dict[str, object], name: str) -> None:
        base: dict[str, object] = {
            "target": Money("10.00", "EUR"),
            "won": Money("0.00", "EUR"),
            "pipeline": Money("0.00", "EUR"),
            "weighted": False,
        }
        with pytest.raises(ValidationError, match=f"'{name}'"):
            Coverage(**{**base, **fields})  # type: ignore[arg-type]

    def test_coverage_refuses_a_weighted_flag_that_is_not_a_bool(self) -> None:
        with pytest.raises(ValidationError, match="'weighted'"):
            coverage([], target=Money("1.00", "EUR"), weighted="yes")  # type: ignore[arg-type]

    @pytest.mark.parametrize("target", [Money("0.00", "EUR"), Decimal(100)])
    def test_coverage_needs_a_positive_target(self, target: object) -> None:
        with pytest.raises(ValidationError, match="'target'"):
            coverage([], target=target)  # type: ignore[arg-type]


class TestCalibration:
    def test_predicted_against_actual_per_bucket(self) -> None:
        closed = [
            deal(1).move_to("negotiation", at=T0).win(at=T0),  # predicted 75%, won
            deal(2).move_to("negotiation", at=T0).lose(at=T0, reason="x"),  # 75%, lost
            deal(3).lose(at=T0, reason="x"),  # predicted 10%, lost
            deal(4, probability=Rate(1), stage="won"),  # manual 100%, won
        ]
        cal = calibration(closed, buckets=4)
        assert [(b.lower, b.upper, b.count) for b in cal.buckets] == [
            (Decimal(0), Decimal("0.25"), 1),
            (Decimal("0.75"), Decimal(1), 3),
        ]
        top = cal.buckets[1]
        with decimal_context():
            assert top.predicted == Decimal("2.5") / 3
            assert top.actual == Decimal(2) / 3
            # (0.25² + 0.75² + 0²) / 3 and, overall, with 0.1² added, over 4
            assert top.brier_score == Decimal("0.625") / 3
            assert cal.brier_score == Decimal("0.635") / 4
        assert cal.count == 4

    def test_the_last_of_three_buckets_ends_at_one_and_holds_a_certain_deal(self) -> None:
        cal = calibration([deal(1, probability=Rate(1), stage="won")], buckets=3)
        (bucket,) = cal.buckets
        assert bucket.upper == 1
        assert bucket.lower <= bucket.predicted <= bucket.upper

    def test_open_deals_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="won or lost"):
            calibration([deal()])

    def test_a_closed_deal_needs_a_history_or_a_manual_probability(self) -> None:
        with pytest.raises(ValidationError, match="stage history"):
            calibration([deal(stage="won")])

    @pytest.mark.parametrize("buckets", [0, 2.0, False])
    def test_buckets_must_be_a_positive_count(self, buckets: object) -> None:
        with pytest.raises(ValidationError, match="'buckets'"):
            calibration([], buckets=buckets)  # type: ignore[arg-type]

    def test_nothing_closed_has_no_score(self) -> None:
        assert calibration([]).brier_score is None

    @given(st.lists(opportunities(Pipeline.simple()), max_size=12), st.integers(1, 10))
    def test_buckets_partition_the_closed_deals(
        self, deals: list[Opportunity], buckets: int
    ) -> None:
        closed = [o for o in deals if not o.is_open and (o.history or o.manual_probability)]
        cal = calibration(closed, buckets=buckets)
        assert sum(b.count for b in cal.buckets) == cal.count == len(closed)
        for b in cal.buckets:
            assert b.lower <= b.predicted <= b.upper
            assert Decimal(0) <= b.actual <= 1
            assert Decimal(0) <= b.brier_score <= 1


class TestAnalyticsValues:
    def test_results_pickle_and_ignore_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        deals = [
            deal(1, "1000.00").move_to("proposal", at=T0).win(at=T0.add(days=3)),
            deal(2, "333.33").lose(at=T0, reason="price"),
            deal(3, "777.77", stage="proposal"),
        ]
        results = (
            conversion_rates(deals),
            win_rate(deals, currency="EUR"),
            average_days_in_stage(deals, calendar=WorkCalendar()),
            sales_velocity(deals, currency="EUR"),
            stalled(deals, as_of=dt.date(2026, 5, 1), days=7),
            coverage(deals, target=Money("1003", "EUR"), weighted=True),
            calibration(deals[:2]),
        )
        assert pickle.loads(pickle.dumps(results)) == results
        assert results[1].by_amount == Rate(1000) / Decimal("1333.33")
        # 777.77 x 50% over what is left of 1,003 once 1,000 is won
        assert results[5].ratio == Decimal(
            "129.628333333333333333333333333333333333333333333333333333333"
        )


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def bucket(**changes: object) -> CalibrationBucket:
    fields: dict[str, object] = {
        "lower": Decimal("0.5"),
        "upper": Decimal("1.0"),
        "count": 2,
        "predicted": Decimal("0.8"),
        "actual": Decimal("0.5"),
        "brier_score": Decimal("0.34"),
    }
    return CalibrationBucket(**{**fields, **changes})  # type: ignore[arg-type]


VALID: dict[type, dict[str, object]] = {
    StageConversion: {
        "from_stage": "lead",
        "to_stage": "qualified",
        "reached": 4,
        "advanced": 1,
        "rate": Rate("0.25"),
    },
    WinRate: {
        "won": 1,
        "lost": 1,
        "won_amount": eur("300.00"),
        "lost_amount": eur("100.00"),
        "by_count": Rate("0.5"),
        "by_amount": Rate("0.75"),
    },
    StageDuration: {
        "stage": "lead",
        "stays": 2,
        "average_days": Decimal("9.5"),
        "average_business_days": Decimal("7"),
    },
    SalesVelocity: {
        "open_count": 2,
        "win_rate": Rate("0.5"),
        "average_won_amount": eur("6000.00"),
        "average_cycle_days": Decimal(30),
        "per_day": eur("200.000"),
    },
    Calibration: {"buckets": [bucket()], "count": 2, "brier_score": Decimal("0.34")},
}

NONSENSE = [
    (StageConversion, "from_stage", ""),
    (StageConversion, "reached", -4),
    (StageConversion, "reached", 4.0),
    (StageConversion, "advanced", 5),  # more than reached
    (StageConversion, "rate", Rate("0.5")),  # 1 / 4 is 0.25
    (StageConversion, "rate", Decimal("0.25")),
    (StageConversion, "rate", None),  # deals reached the stage
    (WinRate, "won", -1),
    (WinRate, "won_amount", eur("-300.00")),
    (WinRate, "won_amount", Decimal("300.00")),
    (WinRate, "lost_amount", Money("100.00", "USD")),
    (WinRate, "by_count", Rate("1.5")),
    (WinRate, "by_amount", Rate("0.5")),
    (StageDuration, "stays", -2),
    (StageDuration, "average_days", 9.5),
    (StageDuration, "average_days", Decimal("-9.5")),
    (StageDuration, "average_days", None),  # yet there were stays
    (StageDuration, "average_business_days", Decimal("10")),  # more than calendar days
    (SalesVelocity, "open_count", -2),
    (SalesVelocity, "win_rate", Rate("-0.5")),
    (SalesVelocity, "win_rate", None),  # yet deals were won
    (SalesVelocity, "average_won_amount", eur("-1.00")),
    (SalesVelocity, "average_cycle_days", None),  # yet deals were won
    (SalesVelocity, "per_day", Money("200.00", "USD")),
    (Calibration, "buckets", [bucket(), bucket()]),  # they overlap
    (Calibration, "buckets", ["bucket"]),
    (Calibration, "count", 3),  # the buckets hold 2
    (Calibration, "brier_score", Decimal("1.5")),
    (Calibration, "brier_score", None),  # yet there are deals
    (CalibrationBucket, "lower", Decimal("-0.5")),
    (CalibrationBucket, "upper", Decimal("0.5")),  # not above lower
    (CalibrationBucket, "count", 0),
    (CalibrationBucket, "predicted", Decimal("1.2")),
    (CalibrationBucket, "brier_score", 0.34),
]


class TestResultTypesRefuseNonsense:
    @pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
    def test_the_valid_examples_are_valid(self, cls):
        made = cls(**VALID[cls])
        assert from_dict(cls, to_dict(made)) == made

    @pytest.mark.parametrize(
        ("cls", "field", "value"),
        NONSENSE,
        ids=[f"{c.__name__}.{f}={v!r}" for c, f, v in NONSENSE],
    )
    def test_each_refuses(self, cls, field, value):
        fields = VALID.get(cls) or attrs.asdict(bucket(), recurse=False)
        with pytest.raises(ValidationError) as info:
            cls(**{**fields, field: value})
        assert info.value.field == field

    def test_empty_results_have_no_rates_or_averages(self):
        nothing = StageConversion(from_stage="a", to_stage="b", reached=0, advanced=0, rate=None)
        assert nothing.rate is None
        never = StageDuration(stage="a", stays=0, average_days=None, average_business_days=None)
        assert never.average_days is None
        unseen = Calibration(buckets=(), count=0, brier_score=None)
        assert unseen.buckets == ()
        with pytest.raises(ValidationError, match="'per_day'"):
            SalesVelocity(
                open_count=1,
                win_rate=None,
                average_won_amount=None,
                average_cycle_days=None,
                per_day=eur("1.00"),
            )

    @given(st.lists(opportunities(), max_size=6), st.sampled_from(["EUR", "USD"]))
    def test_every_result_the_library_computes_passes(self, deals, code):
        rates = ExchangeRates(
            base="EUR",
            rates={"USD": "1.25", "GBP": "0.85", "JPY": "160"},
            as_of=dt.date(2026, 3, 1),
        )
        results = [win_rate(deals, currency=code, rates=rates)]
        results.append(sales_velocity(deals, currency=code, rates=rates))
        same = [d for d in deals if d.pipeline == deals[0].pipeline]
        results.extend(conversion_rates(same))
        results.extend(average_days_in_stage(same, calendar=WorkCalendar()))
        closed = [d for d in deals if not d.is_open and (d.history or d.manual_probability)]
        result = calibration(closed, buckets=7)
        results.extend((result, *result.buckets))
        for made in results:
            assert attrs.evolve(made) == made

    def test_a_win_rate_read_back_with_a_negative_count_is_refused(self):
        data = to_dict(WinRate(**VALID[WinRate]))  # type: ignore[arg-type]
        data["lost"] = -1
        with pytest.raises(ValidationError, match="'lost'"):
            from_dict(WinRate, data)
