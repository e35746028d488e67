"""Tests for accountexec.forecasting's result types: summaries and forecasts refuse nonsense.

The forecast itself (grouping, as-of dates, merging, conversion) is tested in test_pipeline.py and
test_pipeline_scale.py; here, what the constructors of its results accept.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.errors import ValidationError
from accountexec.money import Currency, Money
from accountexec.pipeline import Opportunity, forecast, summarise
from accountexec.pipeline.forecasting import Forecast, ForecastCell, PipelineSummary, SummaryCell
from accountexec.serialize import from_dict, to_dict


def cell(**changes: object) -> SummaryCell:
    fields: dict[str, object] = {
        "key": ("2026-05",),
        "currency": "EUR",
        "count": 2,
        "amount": Decimal("300.00"),
        "weighted_amount": Decimal("150.000"),
        "closed_won_amount": Decimal("0"),
    }
    return SummaryCell(**{**fields, **changes})  # type: ignore[arg-type]


def figure(**changes: object) -> ForecastCell:
    fields: dict[str, object] = {
        "key": ("2026-05",),
        "count": 2,
        "amount": Money("300.00", "EUR"),
        "weighted_amount": Money("150.00", "EUR"),
        "closed_won_amount": Money("0.00", "EUR"),
    }
    return ForecastCell(**{**fields, **changes})  # type: ignore[arg-type]


def a_forecast(**changes: object) -> Forecast:
    fields: dict[str, object] = {
        "currency": "EUR",
        "group_by": ("month",),
        "as_of": dt.date(2026, 4, 1),
        "rows": [figure()],
        "total": figure(key=()),
    }
    return Forecast(**{**fields, **changes})  # type: ignore[arg-type]


def refusal(build: object, *args: object, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        build(*args, **kwargs)  # type: ignore[operator]
    return info.value


class TestResultTypesRefuseNonsense:
    def test_a_valid_cell_normalises_its_key_and_currency(self):
        made = cell(key=["2026-05"], currency=Currency("eur"))
        assert made.key == ("2026-05",)
        assert made.currency == "EUR"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("count", -1),
            ("count", 0),  # a cell exists because a deal is in it
            ("count", 1.0),
            ("count", True),
            ("amount", 300.0),
            ("amount", Decimal("-1")),
            ("amount", Decimal("NaN")),
            ("weighted_amount", Decimal("300.01")),  # more than the amount
            ("closed_won_amount", Decimal("Infinity")),
            ("currency", "XYZ"),
            ("currency", 7),
            ("key", "2026-05"),
            ("key", (5,)),
        ],
    )
    def test_a_summary_cell_refuses(self, field, value):
        assert refusal(cell, **{field: value}).field == field

    def test_a_summary_refuses_duplicate_and_misshapen_cells(self):
        by_month = {"group_by": ("month",), "as_of": dt.date(2026, 4, 1)}
        err = refusal(PipelineSummary, cells=[cell(), cell()], **by_month)
        assert err.field == "cells"
        assert "one cell per key and currency" in str(err)
        err = refusal(PipelineSummary, cells=[cell(key=("2026-05", "ana"))], **by_month)
        assert "keys of 1 values" in str(err)
        assert refusal(PipelineSummary, cells=["cell"], **by_month).field == "cells"
        # the same key in two currencies is two cells, as summarise makes them
        two = PipelineSummary(cells=[cell(), cell(currency="USD")], **by_month)
        assert two.currencies == frozenset({"EUR", "USD"})

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("count", -3),
            ("amount", Money("300.005", "EUR")),  # forecasts are rounded
            ("amount", Money("-1.00", "EUR")),
            ("amount", Decimal("300.00")),
            ("weighted_amount", Money("150.00", "USD")),
            ("weighted_amount", Money("300.01", "EUR")),
            ("closed_won_amount", Money("301.00", "EUR")),
        ],
    )
    def test_a_forecast_cell_refuses(self, field, value):
        assert refusal(figure, **{field: value}).field == field

    def test_a_cell_of_no_deals_holds_zero(self):
        zero = Money("0.00", "EUR")
        empty = figure(key=(), count=0, amount=zero, weighted_amount=zero, closed_won_amount=zero)
        assert empty.count == 0
        err = refusal(figure, count=0)
        assert err.field == "amount"
        assert "count 0" in str(err)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"currency": "usd"}, "rows"),  # the cells are in euros
            ({"group_by": ("month", "owner")}, "rows"),  # keys of one value for two groupings
            ({"group_by": ("weekday",)}, "group_by"),
            ({"rows": [figure(), figure()], "total": figure(key=(), count=4)}, "rows"),
            ({"total": figure(key=("2026-05",))}, "total"),
            ({"total": figure(key=(), count=3)}, "total"),  # the rows count 2 deals
            ({"total": "total"}, "total"),
            ({"rows": ["row"]}, "rows"),
            ({"as_of": dt.datetime(2026, 4, 1, 9)}, "as_of"),
            ({"stage_order": ("lead", "won")}, "stage_order"),  # not grouped by stage
        ],
    )
    def test_a_forecast_refuses(self, changes, field):
        assert refusal(a_forecast, **changes).field == field

    def test_a_forecast_normalises_its_currency_and_groupings(self):
        made = a_forecast(currency=Currency("EUR"), group_by=["month"])
        assert (made.currency, made.group_by) == ("EUR", ("month",))
        assert a_forecast(group_by="month").group_by == ("month",)

    @settings(max_examples=25)
    @given(st.lists(st.from_type(Opportunity), max_size=6), st.sampled_from(["owner", "stage"]))
    def test_everything_summarise_and_forecast_produce_passes(self, deals, grouping):
        as_of = dt.date(2031, 1, 1)
        summary = summarise(deals, as_of=as_of, group_by=("quarter", grouping))
        assert attrs.evolve(summary) == summary
        assert all(attrs.evolve(c) == c for c in summary.cells)
        in_euros = [d for d in deals if d.amount.currency.code == "EUR"]
        result = forecast(in_euros, as_of=as_of, group_by=("quarter", grouping), currency="EUR")
        assert attrs.evolve(result) == result
        assert all(attrs.evolve(row) == row for row in (*result.rows, result.total))

    @settings(max_examples=20)
    @given(st.from_type(SummaryCell), st.integers(-(10**6), 0))
    def test_a_summary_cell_read_back_with_no_deals_is_refused(self, made, count):
        data = to_dict(made)
        data["count"] = count
        with pytest.raises(ValidationError, match="'count'"):
            from_dict(SummaryCell, data)

    def test_validation_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        made = cell(amount=Decimal("123456789.123456789"), weighted_amount=Decimal("0.000001"))
        assert made.weighted_amount < made.amount
        assert attrs.evolve(a_forecast()) == a_forecast()
