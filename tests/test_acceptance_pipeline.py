"""Acceptance checks for the opportunity pipeline and forecasting, written as a user types them:
the documented names, positional orders, keyword names, defaults, figures and refusals."""

from __future__ import annotations

import datetime as dt
import inspect
import pickle
from decimal import Decimal

import pendulum
import pytest

from accountexec import (
    AccountExecError,
    CurrencyMismatchError,
    ExchangeRates,
    Forecast,
    ForecastCategory,
    InvalidTransitionError,
    Money,
    Opportunity,
    Pipeline,
    PipelineSummary,
    Rate,
    Stage,
    ValidationError,
    calibration,
    forecast,
    summarise,
)
from accountexec.calendars import WorkCalendar
from accountexec.money import DECIMAL_CONTEXT
from accountexec.pipeline import (
    average_days_in_stage,
    conversion_rates,
    coverage,
    sales_velocity,
    stalled,
    win_rate,
)

AT = pendulum.datetime(2026, 4, 1, 10, tz="Europe/Paris")
AS_OF = dt.date(2026, 3, 31)


def deal(  # noqa: PLR0917 - the documented positional order, as a user would pass it
    ident: str,
    amount: str,
    stage: str,
    close_on: dt.date,
    owner: str = "ana",
    currency: str = "EUR",
    **more: object,
) -> Opportunity:
    # the positional order: id, account_id, name, amount, stage, close_on, owner, created_on
    return Opportunity(
        ident,
        f"ACC-{ident}",
        f"deal {ident}",
        Money(amount, currency),
        stage,
        close_on,
        owner,
        dt.date(2026, 2, 2),
        **more,  # type: ignore[arg-type]
    )


def five_deals() -> list[Opportunity]:
    """The guide's worked example: weighted total 71,950.00 EUR by hand."""
    return [
        deal("O-1", "40000.00", "proposal", dt.date(2026, 4, 15)),
        deal("O-2", "25000.00", "negotiation", dt.date(2026, 5, 20), "ben"),
        deal("O-3", "12000.00", "lead", dt.date(2026, 7, 15)),
        deal(
            "O-4", "60000.00", "qualified", dt.date(2026, 6, 10), "chloe", probability=Rate("0.4")
        ),
        deal("O-5", "8000.00", "won", dt.date(2026, 4, 2), "ben"),
    ]


class TestStage:
    def test_the_signature_is_the_documented_one(self) -> None:
        params = inspect.signature(Stage).parameters
        assert list(params) == ["name", "probability", "forecast_category", "is_won", "is_lost"]
        assert params["is_won"].default is False
        assert params["is_lost"].default is False

    def test_positional_and_keyword_construction_agree(self) -> None:
        positional = Stage("proposal", Rate("0.5"), "best_case")
        keyword = Stage(name="proposal", probability=Rate("0.5"), forecast_category="best_case")
        assert positional == keyword
        assert (positional.is_won, positional.is_lost) == (False, False)
        assert Stage("won", Rate(1), "closed", True).is_won
        assert Stage("lost", Rate(0), "omitted", False, True).is_lost

    def test_the_five_category_strings(self) -> None:
        assert [c.value for c in ForecastCategory] == [
            "pipeline",
            "best_case",
            "commit",
            "closed",
            "omitted",
        ]
        for category in ("pipeline", "best_case", "commit", "omitted"):
            assert Stage("s", Rate("0.3"), category).forecast_category == category
        with pytest.raises(ValidationError, match="forecast_category"):
            Stage("s", Rate("0.3"), "upside")


class TestPipeline:
    def test_exactly_one_won_and_at_least_one_lost(self) -> None:
        open_ = Stage("lead", Rate("0.1"), "pipeline")
        won = Stage("won", Rate(1), "closed", is_won=True)
        lost = Stage("lost", Rate(0), "omitted", is_lost=True)
        assert Pipeline("mine", [open_, won, lost]).stages == (open_, won, lost)
        with pytest.raises(ValidationError, match="exactly one won stage"):
            Pipeline("mine", [open_, lost])
        with pytest.raises(ValidationError, match="exactly one won stage"):
            Pipeline("mine", [open_, won, Stage("won2", Rate(1), "closed", True), lost])
        with pytest.raises(ValidationError, match="at least one lost stage"):
            Pipeline("mine", [open_, won])

    def test_the_salesforce_like_preset_is_the_domain_table(self) -> None:
        table = [(s.name, s.probability.value) for s in Pipeline.salesforce_like().stages]
        assert table == [
            ("Prospecting", Decimal("0.10")),
            ("Qualification", Decimal("0.10")),
            ("Needs Analysis", Decimal("0.20")),
            ("Value Proposition", Decimal("0.50")),
            ("Id. Decision Makers", Decimal("0.60")),
            ("Perception Analysis", Decimal("0.70")),
            ("Proposal/Price Quote", Decimal("0.75")),
            ("Negotiation/Review", Decimal("0.90")),
            ("Closed Won", Decimal(1)),
            ("Closed Lost", Decimal(0)),
        ]
        assert Pipeline.salesforce_like().won_stage.name == "Closed Won"

    def test_the_simple_preset(self) -> None:
        simple = Pipeline.simple()
        assert simple.stage_names == ("lead", "qualified", "proposal", "negotiation", "won", "lost")
        assert simple.stage("won").is_won
        assert simple.stage("lost").is_lost


class TestOpportunity:
    def test_the_signature_is_the_documented_one(self) -> None:
        params = inspect.signature(Opportunity).parameters
        assert list(params)[:12] == [
            "id",
            "account_id",
            "name",
            "amount",
            "stage",
            "close_on",
            "owner",
            "created_on",
            "probability",
            "recurring_months",
            "lost_reason",
            "history",
        ]
        defaults = {n: params[n].default for n in list(params)[8:12]}
        assert defaults == {
            "probability": None,
            "recurring_months": None,
            "lost_reason": None,
            "history": (),
        }

    def test_positional_use_in_the_documented_order(self) -> None:
        opp = Opportunity(
            "O-1",
            "ACME",
            "Spring",
            Money("100.00", "EUR"),
            "lead",
            dt.date(2026, 5, 1),
            "ana",
            dt.date(2026, 1, 5),
            Rate("0.3"),
            4,
        )
        assert (opp.id, opp.account_id, opp.name, opp.stage, opp.owner) == (
            "O-1",
            "ACME",
            "Spring",
            "lead",
            "ana",
        )
        assert opp.close_on == pendulum.Date(2026, 5, 1)
        assert opp.created_on == pendulum.Date(2026, 1, 5)
        assert (opp.probability, opp.recurring_months) == (Rate("0.3"), 4)

    def test_probability_is_the_override_or_the_stage_default(self) -> None:
        default = deal("O-1", "1000.00", "proposal", dt.date(2026, 5, 1))
        manual = deal("O-2", "1000.00", "proposal", dt.date(2026, 5, 1), probability=Rate("0.35"))
        assert (default.probability, default.probability_source) == (Rate("0.5"), "stage")
        assert (manual.probability, manual.probability_source) == (Rate("0.35"), "manual")

    def test_the_weighted_amount_is_unrounded(self) -> None:
        opp = deal("O-1", "100.01", "lead", dt.date(2026, 5, 1), probability=Rate("0.333"))
        assert opp.weighted_amount == Money(Decimal("33.30333"), "EUR")
        assert opp.weighted_amount.amount == Decimal("33.30333")

    def test_monthly_recurring_revenue_is_amount_over_months(self) -> None:
        opp = deal("O-1", "1000.00", "lead", dt.date(2026, 5, 1), recurring_months=8)
        assert opp.monthly_recurring_revenue == opp.mrr == Money("125.00", "EUR")
        assert deal("O-2", "1000.00", "lead", dt.date(2026, 5, 1)).mrr is None

    def test_each_move_leaves_a_history_entry(self) -> None:
        opp = deal("O-1", "1000.00", "lead", dt.date(2026, 5, 1))
        forward = opp.move_to("negotiation", at=AT)
        back = forward.move_to("qualified", at=AT.add(hours=1))
        won = back.win(at=AT.add(days=1))
        reopened = won.reopen(at=AT.add(days=2))
        lost = reopened.lose(at=AT.add(days=3), reason="budget cut")
        assert [(c.event, c.source, c.target) for c in lost.history] == [
            ("move_to", "lead", "negotiation"),
            ("move_to", "negotiation", "qualified"),
            ("win", "qualified", "won"),
            ("reopen", "won", "qualified"),
            ("lose", "qualified", "lost"),
        ]
        assert lost.lost_reason == "budget cut"
        assert lost.history[-1].at == AT.add(days=3)
        assert opp.history == ()  # the original is untouched

    def test_a_refused_move_names_the_stage_and_the_allowed_events(self) -> None:
        won = deal("O-1", "1000.00", "lead", dt.date(2026, 5, 1)).win(at=AT)
        with pytest.raises(InvalidTransitionError) as info:
            won.move_to("proposal", at=AT.add(days=1))
        assert (info.value.current, info.value.event, info.value.allowed) == (
            "won",
            "move_to",
            frozenset({"reopen"}),
        )

    def test_a_naive_move_time_is_refused(self) -> None:
        opp = deal("O-1", "1000.00", "lead", dt.date(2026, 5, 1))
        with pytest.raises(ValidationError, match="'at'"):
            opp.win(at=dt.datetime(2026, 4, 1, 10))  # naive

    def test_a_datetime_is_not_a_close_date(self) -> None:
        with pytest.raises(ValidationError, match="close_on"):
            deal("O-1", "1.00", "lead", dt.datetime(2026, 5, 1, tzinfo=dt.UTC))


class TestForecast:
    def test_the_signature_is_the_documented_one(self) -> None:
        params = inspect.signature(forecast).parameters
        assert list(params)[:5] == ["opportunities", "as_of", "group_by", "currency", "rates"]
        assert params["opportunities"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        for name in ("as_of", "group_by", "currency", "rates"):
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert params["group_by"].default == ("month",)
        assert params["rates"].default is None

    def test_the_worked_example_weighs_71950_euros(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, currency="EUR")
        assert isinstance(fc, Forecast)
        assert fc.total.count == 5
        assert fc.total.amount == Money("145000.00", "EUR")
        assert fc.total.weighted_amount == Money("71950.00", "EUR")
        assert fc.total.closed_won_amount == Money("8000.00", "EUR")

    def test_by_quarter(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by=("quarter",), currency="EUR")
        assert {k: c.weighted_amount for k, c in fc.cells.items()} == {
            ("2026-Q2",): Money("70750.00", "EUR"),
            ("2026-Q3",): Money("1200.00", "EUR"),
        }

    @pytest.mark.parametrize(
        ("grouping", "keys"),
        [
            ("month", {"2026-04", "2026-05", "2026-06", "2026-07"}),
            ("quarter", {"2026-Q2", "2026-Q3"}),
            ("year", {"2026"}),
            ("owner", {"ana", "ben", "chloe"}),
            ("stage", {"lead", "qualified", "proposal", "negotiation", "won"}),
            ("category", {"pipeline", "best_case", "commit", "closed"}),
            ("account", {"ACC-O-1", "ACC-O-2", "ACC-O-3", "ACC-O-4", "ACC-O-5"}),
        ],
    )
    def test_every_grouping(self, grouping: str, keys: set[str]) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by=(grouping,), currency="EUR")  # type: ignore[arg-type]
        assert {key for (key,) in fc.cells} == keys
        cells = fc.cells.values()
        assert sum(c.count for c in cells) == 5
        assert sum(c.weighted_amount.amount for c in cells) == Decimal("71950.00")

    def test_cells_are_rounded_once_at_the_end(self) -> None:
        thirds = [
            deal(f"O-{i}", "0.01", "lead", dt.date(2026, 5, 1), probability=Rate("0.5"))
            for i in range(3)
        ]
        fc = forecast(thirds, as_of=AS_OF, currency="EUR")
        # 3 × 0.005 = 0.015, rounded once (half up): 0.02; rounding each deal would give 0.03
        assert fc.total.weighted_amount == Money("0.02", "EUR")

    def test_other_currencies_are_converted_with_rates(self) -> None:
        usd = deal("O-9", "125.00", "won", dt.date(2026, 5, 1), currency="USD")
        fx = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=dt.date(2026, 3, 31))
        fc = forecast([usd], as_of=AS_OF, currency="EUR", rates=fx)
        assert fc.total.amount == fc.total.closed_won_amount == Money("100.00", "EUR")

    def test_without_rates_the_pair_is_named(self) -> None:
        usd = deal("O-9", "125.00", "lead", dt.date(2026, 5, 1), currency="USD")
        with pytest.raises(CurrencyMismatchError, match=r"'USD'.*'EUR'") as info:
            forecast([usd], as_of=AS_OF, currency="EUR")
        assert isinstance(info.value, AccountExecError)
        fx = ExchangeRates(base="EUR", rates={"GBP": "0.85"}, as_of=dt.date(2026, 3, 31))
        with pytest.raises(CurrencyMismatchError, match=r"'USD'.*'EUR'"):
            forecast([usd], as_of=AS_OF, currency="EUR", rates=fx)

    def test_won_counts_at_100_percent_and_lost_at_0(self) -> None:
        opp = deal("O-1", "1000.00", "lead", dt.date(2026, 5, 1), probability=Rate("0.3"))
        won = forecast([opp.win(at=AT)], as_of=dt.date(2026, 4, 2), currency="EUR").total
        lost = forecast([opp.lose(at=AT, reason="x")], as_of=dt.date(2026, 4, 2), currency="EUR")
        assert won.weighted_amount == won.closed_won_amount == Money("1000.00", "EUR")
        assert lost.total.weighted_amount == Money("0.00", "EUR")


class TestPipelineSummary:
    def test_summarise_chunk_works_with_the_defaults(self) -> None:
        deals = five_deals()
        summary = summarise(deals)
        assert isinstance(summary, PipelineSummary)
        assert summary.count == 5
        as_they_stand = summary.to_forecast(currency="EUR")
        as_of = forecast(deals, as_of=AS_OF, currency="EUR")
        assert (as_they_stand.rows, as_they_stand.total) == (as_of.rows, as_of.total)

    def test_the_monoid(self) -> None:
        x, y = five_deals()[:2], five_deals()[2:]
        assert summarise(x) + summarise(y) == summarise(x + y)
        assert summarise(x, as_of=AS_OF) + summarise(y, as_of=AS_OF) == summarise(
            x + y, as_of=AS_OF
        )
        empty = PipelineSummary.empty()
        assert empty + summarise(x) == summarise(x) == summarise(x) + empty
        assert sum([summarise(x), summarise(y)], empty) == summarise(x + y)
        assert summarise([]) + empty == summarise([])

    def test_summaries_of_different_dates_do_not_add(self) -> None:
        with pytest.raises(ValidationError, match="as_of"):
            summarise(five_deals(), as_of=AS_OF) + summarise(five_deals())


class TestAnalytics:
    def closed(self) -> list[Opportunity]:
        a = deal("W-1", "3000.00", "lead", dt.date(2026, 5, 1)).move_to("proposal", at=AT)
        won = a.win(at=AT.add(days=10))
        lost = deal("L-1", "1000.00", "lead", dt.date(2026, 5, 1)).lose(
            at=AT.add(days=5), reason="price"
        )
        return [won, lost]

    def test_win_rate_by_count_and_by_amount(self) -> None:
        rate = win_rate(self.closed(), currency="EUR")
        assert (rate.by_count, rate.by_amount) == (Rate("0.5"), Rate("0.75"))

    def test_conversion_rates(self) -> None:
        rates = {(c.from_stage, c.to_stage): c.rate for c in conversion_rates(self.closed())}
        assert rates[("lead", "qualified")] == Rate("0.5")
        assert rates[("negotiation", "won")] == Rate(1)

    def test_average_days_in_stage_calendar_and_business(self) -> None:
        lead = {d.stage: d for d in average_days_in_stage(self.closed(), calendar=WorkCalendar())}[
            "lead"
        ]
        # created 2 Feb, left on 1 April and 6 April: 58 and 63 days
        assert lead.average_days == Decimal("60.5")
        assert lead.average_business_days is not None

    def test_sales_velocity_formula(self) -> None:
        deals = [*self.closed(), deal("O-1", "10.00", "lead", dt.date(2026, 6, 1))]
        v = sales_velocity(deals, currency="EUR")
        # 1 open × 0.5 × 3000 / 68 days (2 Feb to 11 April)
        assert v.average_cycle_days == Decimal(68)
        assert v.per_day is not None
        assert v.per_day.amount == DECIMAL_CONTEXT.divide(Decimal(1500), Decimal(68))

    def test_stalled_and_coverage(self) -> None:
        idle = deal("O-1", "9000.00", "proposal", dt.date(2026, 6, 1))  # created 2 February
        assert stalled([idle], as_of=dt.date(2026, 3, 3), days=30) == ()  # 29 days
        assert stalled([idle], as_of=dt.date(2026, 3, 4), days=30) == (idle,)  # 30 days
        moved = idle.move_to("negotiation", at=AT)
        assert stalled([moved], as_of=dt.date(2026, 4, 15), days=30) == ()
        assert coverage([idle], target=Money("1500.00", "EUR")).ratio == Decimal(6)
        assert coverage([idle], target=Money("1500.00", "EUR"), weighted=True).ratio == Decimal(3)

    def test_calibration_with_brier_score(self) -> None:
        def closed(p: str, won: bool) -> Opportunity:
            opp = deal("C", "10.00", "lead", dt.date(2026, 5, 1), probability=Rate(p))
            return opp.win(at=AT) if won else opp.lose(at=AT, reason="x")

        cal = calibration([closed("0.8", True), closed("0.8", False), closed("0.2", False)])
        # ((0.2)² + (0.8)² + (0.2)²) / 3 = 0.72 / 3
        assert cal.brier_score == Decimal("0.24")
        assert [(b.predicted, b.actual) for b in cal.buckets] == [
            (Decimal("0.2"), Decimal(0)),
            (Decimal("0.8"), Decimal("0.5")),
        ]


class TestEveryPublicTypePickles:
    def test_round_trips(self) -> None:
        deals = five_deals()
        closed = [deals[0].win(at=AT), deals[1].lose(at=AT, reason="price")]
        values: list[object] = [
            Pipeline.salesforce_like(),
            Pipeline.simple().stage("lead"),
            ForecastCategory.COMMIT,
            *deals,
            *closed,
            summarise(deals, group_by=("quarter", "owner")),
            PipelineSummary.empty(),
            forecast(deals, as_of=AS_OF, group_by="stage", currency="EUR"),
            *summarise(deals).cells,
            *forecast(deals, as_of=AS_OF, currency="EUR").rows,
            calibration(closed),
            *calibration(closed).buckets,
            win_rate(closed, currency="EUR"),
            sales_velocity([*closed, deals[2]], currency="EUR"),
            *conversion_rates(deals),
            *average_days_in_stage(closed),
        ]
        for value in values:
            assert pickle.loads(pickle.dumps(value)) == value, value

    def test_functions_pickle_for_process_pools(self) -> None:
        assert pickle.loads(pickle.dumps(summarise)) is summarise
        assert pickle.loads(pickle.dumps(forecast)) is forecast


class TestNotebookViews:
    def test_a_forecast_still_shows_itself_in_a_notebook(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by="stage", currency="EUR")
        bundle = fc._repr_mimebundle_()
        assert "text/html" in bundle
        assert any(key.startswith("application/vnd.vegalite") for key in bundle)
        assert "71950.00" in fc._repr_html_()

    def test_a_forecast_by_period_shows_bars(self) -> None:
        fc = forecast(five_deals(), as_of=AS_OF, group_by="quarter", currency="EUR")
        spec = next(v for k, v in fc._repr_mimebundle_().items() if k != "text/html")
        assert "2026-Q3" in repr(spec)


class TestHostileDecimalContext:
    def test_the_forecast_and_the_monoid_ignore_the_callers_context(
        self, hostile_decimal_context: object
    ) -> None:
        deals = five_deals()
        assert summarise(deals[:2]) + summarise(deals[2:]) == summarise(deals)
        fc = forecast(deals, as_of=AS_OF, currency="EUR")
        assert fc.total.weighted_amount == Money("71950.00", "EUR")
