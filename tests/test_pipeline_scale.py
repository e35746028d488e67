"""A forecast as a Dask reduction equals the single-process forecast exactly (guide/scale.md)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.money import ExchangeRates
from accountexec.pipeline import GROUPINGS, Opportunity, PipelineSummary, forecast, summarise
from accountexec.strategies._pipeline import opportunities

db = pytest.importorskip("dask.bag")

AS_OF = dt.date(2031, 6, 30)
FX = ExchangeRates(
    base="EUR", rates={"USD": "1.0825", "GBP": "0.8450", "JPY": "163.52"}, as_of=AS_OF
)


@given(
    st.lists(opportunities(), max_size=40),
    st.lists(st.sampled_from(GROUPINGS), unique=True, max_size=3).map(tuple),
    st.integers(1, 6),
    st.sampled_from(["synchronous", "threads"]),
)
def test_a_dask_bag_reduction_equals_the_single_process_forecast(
    deals: list[Opportunity], group_by: tuple[str, ...], npartitions: int, scheduler: str
) -> None:
    bag = db.from_sequence(deals, npartitions=npartitions)
    reduction = bag.reduction(
        partial(summarise, as_of=AS_OF, group_by=group_by),
        partial(sum, start=PipelineSummary.empty()),
        split_every=2,
    )
    summary = reduction.compute(scheduler=scheduler)
    assert summary == summarise(deals, as_of=AS_OF, group_by=group_by)  # type: ignore[arg-type]
    on_dask = summary.to_forecast(currency="EUR", rates=FX)
    single = forecast(deals, as_of=AS_OF, group_by=group_by, currency="EUR", rates=FX)  # type: ignore[arg-type]
    assert on_dask == single
