"""Hypothesis strategies for accountexec.pipeline: stages, pipelines, opportunities with history.

The results of the library's pipeline functions (summaries, forecasts, win rates, conversion,
time in stage, velocity, calibration) are drawn by running those functions on drawn opportunities,
so every value is one a caller can get.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pendulum
from hypothesis import strategies as st

from accountexec.money import Currency, ExchangeRates, Rate
from accountexec.pipeline.analytics import (
    Calibration,
    CalibrationBucket,
    Coverage,
    SalesVelocity,
    StageConversion,
    StageDuration,
    WinRate,
    average_days_in_stage,
    calibration,
    conversion_rates,
    coverage,
    sales_velocity,
    win_rate,
)
from accountexec.pipeline.collection import Opportunities
from accountexec.pipeline.forecasting import (
    GROUPINGS,
    Forecast,
    ForecastCell,
    Grouping,
    PipelineSummary,
    SummaryCell,
    forecast,
    summarise,
)
from accountexec.pipeline.opportunities import ForecastCategory, Opportunity, Pipeline, Stage
from accountexec.strategies._calendars import calendars
from accountexec.strategies._currency import ANY_CURRENCY
from accountexec.strategies._money import exchange_rates, money, rates
from accountexec.workflow import StatusChange

__all__ = [
    "calibration_buckets",
    "calibrations",
    "coverages",
    "forecast_cells",
    "forecasts",
    "opportunities",
    "opportunity_collections",
    "pipeline_summaries",
    "pipelines",
    "register",
    "sales_velocities",
    "stage_conversions",
    "stage_durations",
    "stages",
    "summary_cells",
    "win_rates",
]

_OPEN_CATEGORIES = tuple(c for c in ForecastCategory if c is not ForecastCategory.CLOSED)
_NAMES = ("lead", "qualified", "discovery", "demo", "proposal", "negotiation", "legal", "verbal")
_OWNERS = ("ana", "ben", "chloe", "dev")
_ACCOUNTS = ("ACME", "Globex", "Initech", "Umbrella")
_REASONS = ("price", "timing", "competitor", "no budget")
_ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")


def stages(*, name: str | None = None) -> st.SearchStrategy[Stage]:
    """Valid stages: open ones (any probability, any category but closed), won or lost.

    >>> from hypothesis import find
    >>> find(stages(), lambda s: s.is_won).probability
    Rate('1')
    """
    names = st.sampled_from(_NAMES) if name is None else st.just(name)
    open_stage = st.builds(
        Stage,
        name=names,
        probability=rates(),
        forecast_category=st.sampled_from(_OPEN_CATEGORIES),
    )
    won = names.map(
        lambda n: Stage(name=n, probability=Rate(1), forecast_category="closed", is_won=True)
    )
    lost = names.map(
        lambda n: Stage(name=n, probability=Rate(0), forecast_category="omitted", is_lost=True)
    )
    return st.one_of(open_stage, won, lost)


@st.composite
def _random_pipeline(draw: st.DrawFn) -> Pipeline:
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=6, unique=True))
    open_stages = [
        Stage(
            name=n,
            probability=draw(rates(places=2)),
            forecast_category=draw(st.sampled_from(_OPEN_CATEGORIES)),
        )
        for n in names
    ]
    lost = [
        Stage(name=n, probability=Rate(0), forecast_category="omitted", is_lost=True)
        for n in draw(st.sampled_from([["lost"], ["lost", "disqualified"]]))
    ]
    won = Stage(name="won", probability=Rate(1), forecast_category="closed", is_won=True)
    return Pipeline(
        draw(st.sampled_from(("custom", "agency", "renewals"))), [*open_stages, won, *lost]
    )


def pipelines() -> st.SearchStrategy[Pipeline]:
    """The two presets and random pipelines (1 to 6 open stages, one won, one or two lost).

    >>> from hypothesis import find
    >>> len(find(pipelines(), lambda p: len(p.lost_stages) == 2).lost_stages)
    2
    """
    presets = st.sampled_from((Pipeline.simple(), Pipeline.salesforce_like()))
    return st.one_of(presets, _random_pipeline())


@st.composite
def opportunities(
    draw: st.DrawFn,
    pipeline: Pipeline | None = None,
    *,
    currency: str | Currency | None = None,
    max_moves: int = 4,
    max_amount: int = 10_000_000,
) -> Opportunity:
    """Valid opportunities of ``pipeline`` (default: any of :func:`pipelines`) with a history.

    The deal starts in a random open stage on ``created_on`` (2020 to 2030) and makes up to
    ``max_moves`` random moves (``move_to``, ``win``, ``lose``, ``reopen``) at increasing aware
    times; amounts are rounded, between zero and ``max_amount``, in ``currency`` (default: EUR,
    USD, GBP or JPY, like every strategy of the package that takes a ``currency``).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(opportunities(Pipeline.simple()))
    ... def check(deal):
    ...     assert deal.stage in Pipeline.simple().stage_names
    ...     assert not deal.is_won or deal.history[-1].event == "win"
    >>> check()
    """
    chosen = draw(pipelines()) if pipeline is None else pipeline
    code = Currency(currency).code if currency is not None else draw(st.sampled_from(_CURRENCIES))
    amount = draw(money(code, min_value=0, max_value=max_amount))
    created = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)))
    close_on = created + dt.timedelta(days=draw(st.integers(0, 400)))
    open_names = [s.name for s in chosen.open_stages]
    stage = draw(st.sampled_from(open_names))
    zone = draw(st.sampled_from(_ZONES))
    at = pendulum.datetime(created.year, created.month, created.day, 9, tz=zone)
    history: list[StatusChange] = []
    lost_reason: str | None = None
    for _ in range(draw(st.integers(0, max_moves))):
        at = at.add(hours=draw(st.integers(0, 24 * 60)))
        current = chosen.stage(stage)
        if current.is_open:
            event = draw(st.sampled_from(("move_to", "win", "lose")))
            if event == "move_to":
                targets = [n for n in open_names if n != stage]
                if not targets:
                    continue
                target = draw(st.sampled_from(targets))
            elif event == "win":
                target = chosen.won_stage.name
            else:
                target = draw(st.sampled_from([s.name for s in chosen.lost_stages]))
                lost_reason = draw(st.sampled_from(_REASONS))
        else:
            event, target, lost_reason = "reopen", draw(st.sampled_from(open_names)), None
        history.append(StatusChange(event=event, source=stage, target=target, at=at))
        stage = target
    return Opportunity(
        id=f"O-{draw(st.integers(1, 999_999))}",
        account_id=draw(st.sampled_from(_ACCOUNTS)),
        name="deal",
        amount=amount,
        stage=stage,
        close_on=close_on,
        owner=draw(st.sampled_from(_OWNERS)),
        created_on=created,
        probability=draw(st.none() | rates(places=2)),
        recurring_months=draw(st.none() | st.integers(1, 36)),
        lost_reason=lost_reason,
        history=history,
        pipeline=chosen,
    )


# -- results: summaries and forecasts ------------------------------------------------------------

_CURRENCIES = ANY_CURRENCY
_AS_OF = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2031, 12, 31))


def _as_of(deals: Sequence[Opportunity]) -> st.SearchStrategy[dt.date]:
    """Any reporting date, or one on or after every deal's creation (so that all of them count)."""
    if not deals:
        return _AS_OF
    latest = max(deal.created_on for deal in deals)
    return _AS_OF | st.integers(0, 400).map(lambda days: latest + dt.timedelta(days=days))


def _groupings(group_by: Sequence[Grouping] | None) -> st.SearchStrategy[tuple[Grouping, ...]]:
    if group_by is not None:
        return st.just(tuple(group_by))
    return st.lists(st.sampled_from(GROUPINGS), min_size=1, max_size=3, unique=True).map(tuple)


def _deals(
    pipeline: Pipeline | None, min_size: int, max_size: int
) -> st.SearchStrategy[list[Opportunity]]:
    return st.lists(opportunities(pipeline), min_size=min_size, max_size=max_size)


@st.composite
def pipeline_summaries(
    draw: st.DrawFn, *, group_by: Sequence[Grouping] | None = None, max_size: int = 6
) -> PipelineSummary:
    """:func:`~accountexec.pipeline.summarise` of up to ``max_size`` drawn opportunities.

    Grouped by ``group_by`` (default: one to three random groupings), as they stand now or as of a
    date (any from 2020 to 2031, or one after every deal was created); some are the empty summary,
    the identity of ``+``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(pipeline_summaries(group_by=["owner"]), pipeline_summaries(group_by=["owner"]))
    ... def test(a, b):
    ...     if a.as_of == b.as_of:
    ...         assert (a + b).count == a.count + b.count
    >>> test()
    """
    if draw(st.integers(0, 9)) == 0:
        return PipelineSummary.empty()
    deals = draw(_deals(None, 0, max_size))
    as_of = draw(st.none() | _as_of(deals))
    return summarise(deals, as_of=as_of, group_by=draw(_groupings(group_by)))


@st.composite
def summary_cells(draw: st.DrawFn, *, max_size: int = 4) -> SummaryCell:
    """A :class:`~accountexec.pipeline.SummaryCell` of a summary of drawn opportunities.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(summary_cells())
    ... def test(cell):
    ...     assert cell.count + cell.omitted_count >= 1
    ...     assert cell.amount >= cell.weighted_amount >= 0
    >>> test()
    """
    deals = draw(_deals(None, 1, max_size))
    summary = summarise(deals, group_by=draw(_groupings(None)))
    return draw(st.sampled_from(summary.cells))


def _rates_to(code: str) -> st.SearchStrategy[ExchangeRates]:
    return exchange_rates(code, list(_CURRENCIES))


@st.composite
def forecasts(
    draw: st.DrawFn,
    *,
    currency: str | None = None,
    group_by: Sequence[Grouping] | None = None,
    min_size: int = 0,
    max_size: int = 6,
) -> Forecast:
    """:func:`~accountexec.pipeline.forecast` of ``min_size`` to ``max_size`` drawn opportunities.

    In ``currency`` (default: EUR, USD, GBP or JPY), deals in other currencies converted with a
    drawn :class:`~accountexec.money.ExchangeRates`, as of a date (any from 2020 to 2031, or one
    after every deal was created), grouped by ``group_by`` (default: one to three random groupings).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(forecasts(currency="EUR", group_by=["stage"]))
    ... def test(fc):
    ...     assert fc.total.count == sum(row.count for row in fc)
    ...     assert fc.total.amount.currency.code == "EUR" and fc.total.amount.is_rounded
    >>> test()
    """
    code = Currency(currency).code if currency is not None else draw(st.sampled_from(_CURRENCIES))
    deals = draw(_deals(None, min_size, max_size))
    return forecast(
        deals,
        as_of=draw(_as_of(deals)),
        group_by=draw(_groupings(group_by)),
        currency=code,
        rates=draw(_rates_to(code)),
    )


def forecast_cells(*, currency: str | None = None) -> st.SearchStrategy[ForecastCell]:
    """A row or the total of a drawn forecast (see :func:`forecasts`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(forecast_cells(currency="GBP"))
    ... def test(cell):
    ...     assert cell.amount.currency.code == "GBP"
    ...     assert cell.amount >= cell.weighted_amount and cell.amount >= cell.closed_won_amount
    >>> test()
    """
    return forecasts(currency=currency, min_size=1, max_size=4).flatmap(
        lambda fc: st.sampled_from((*fc.rows, fc.total))
    )


# -- results: analytics ---------------------------------------------------------------------------


@st.composite
def _one_pipeline_deals(draw: st.DrawFn, max_size: int) -> list[Opportunity]:
    return draw(_deals(draw(pipelines()), 0, max_size))


@st.composite
def win_rates(draw: st.DrawFn, *, currency: str | None = None, max_size: int = 8) -> WinRate:
    """:func:`~accountexec.pipeline.win_rate` of up to ``max_size`` drawn opportunities.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(win_rates(currency="USD"))
    ... def test(rate):
    ...     assert rate.by_count is None or Rate(0) <= rate.by_count <= Rate(1)
    ...     assert rate.won_amount.currency.code == "USD"
    >>> test()
    """
    code = Currency(currency).code if currency is not None else draw(st.sampled_from(_CURRENCIES))
    deals = draw(_deals(None, 0, max_size))
    return win_rate(deals, currency=code, rates=draw(_rates_to(code)))


@st.composite
def coverages(draw: st.DrawFn, *, currency: str | None = None, max_size: int = 8) -> Coverage:
    """:func:`~accountexec.pipeline.coverage` of up to ``max_size`` drawn opportunities.

    Against a drawn positive target in ``currency`` (default: EUR, USD, GBP or JPY), weighted or
    not, deals in other currencies converted with drawn exchange rates.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(coverages(currency="EUR"))
    ... def test(cover):
    ...     assert cover.ratio is None or cover.ratio >= 0
    ...     assert cover.gap == cover.target - cover.won
    >>> test()
    """
    code = Currency(currency).code if currency is not None else draw(st.sampled_from(_CURRENCIES))
    deals = draw(_deals(None, 0, max_size))
    target = draw(money(code, min_value=1, max_value=1_000_000))
    return coverage(deals, target=target, weighted=draw(st.booleans()), rates=draw(_rates_to(code)))


@st.composite
def sales_velocities(
    draw: st.DrawFn, *, currency: str | None = None, max_size: int = 8
) -> SalesVelocity:
    """:func:`~accountexec.pipeline.sales_velocity` of up to ``max_size`` drawn opportunities.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(sales_velocities(currency="EUR"))
    ... def test(velocity):
    ...     if velocity.per_day is not None:  # some deal was won, after a cycle of days
    ...         assert velocity.average_cycle_days > 0 and velocity.per_day.amount >= 0
    ...         assert velocity.per_day.currency.code == "EUR"
    >>> test()
    """
    code = Currency(currency).code if currency is not None else draw(st.sampled_from(_CURRENCIES))
    deals = draw(_deals(None, 0, max_size))
    return sales_velocity(deals, currency=code, rates=draw(_rates_to(code)))


def stage_conversions(*, max_size: int = 8) -> st.SearchStrategy[StageConversion]:
    """A step of :func:`~accountexec.pipeline.conversion_rates` of drawn deals of one pipeline.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(stage_conversions())
    ... def test(step):
    ...     assert 0 <= step.advanced <= step.reached
    ...     assert (step.rate is None) == (step.reached == 0)
    >>> test()
    """
    return _one_pipeline_deals(max_size).flatmap(
        lambda deals: st.sampled_from(conversion_rates(deals))
    )


@st.composite
def stage_durations(draw: st.DrawFn, *, max_size: int = 8) -> StageDuration:
    """A stage of :func:`~accountexec.pipeline.average_days_in_stage` of drawn deals.

    The deals share one pipeline; a work calendar is given or not (business days or None).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(stage_durations())
    ... def test(stay):
    ...     assert (stay.average_days is None) == (stay.stays == 0)
    ...     if stay.average_business_days is not None:
    ...         assert stay.average_days >= stay.average_business_days >= 0
    >>> test()
    """
    deals = draw(_one_pipeline_deals(max_size))
    calendar = draw(st.none() | calendars(min_year=2015, max_year=2035, max_holidays=10))
    durations = average_days_in_stage(deals, calendar=calendar)
    left = [d for d in durations if d.stays]
    prefer_left = bool(left) and draw(st.integers(0, 3)) > 0  # mostly stages some deal has left
    return draw(st.sampled_from(left if prefer_left else durations))


@st.composite
def _closed_deals(draw: st.DrawFn, min_size: int, max_size: int) -> list[Opportunity]:
    """Drawn deals, each closed (won or lost) if it was still open."""
    closed = []
    for deal in draw(_deals(None, min_size, max_size)):
        if not deal.is_open:
            closed.append(deal)
            continue
        day = deal.created_on
        last = deal.history[-1].at if deal.history else pendulum.datetime(*day.timetuple()[:3])
        at = last + dt.timedelta(hours=draw(st.integers(0, 24 * 90)))
        if draw(st.booleans()):
            closed.append(deal.win(at=at))
        else:
            closed.append(deal.lose(at=at, reason=draw(st.sampled_from(_REASONS))))
    return closed


@st.composite
def calibrations(
    draw: st.DrawFn, *, buckets: int | None = None, min_size: int = 0, max_size: int = 8
) -> Calibration:
    """:func:`~accountexec.pipeline.calibration` of drawn closed deals, in 1 to 10 buckets.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(calibrations())
    ... def test(result):
    ...     assert result.count == sum(bucket.count for bucket in result.buckets)
    ...     assert result.brier_score is None or 0 <= result.brier_score <= 1
    >>> test()
    """
    count = buckets if buckets is not None else draw(st.integers(1, 10))
    return calibration(draw(_closed_deals(min_size, max_size)), buckets=count)


def calibration_buckets() -> st.SearchStrategy[CalibrationBucket]:
    """A bucket of a drawn :func:`calibrations` result (of at least one closed deal).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(calibration_buckets())
    ... def test(bucket):
    ...     assert bucket.lower <= bucket.predicted <= bucket.upper and bucket.count > 0
    >>> test()
    """
    return calibrations(min_size=1, max_size=5).flatmap(lambda c: st.sampled_from(c.buckets))


@st.composite
def opportunity_collections(draw: st.DrawFn, *, max_size: int = 8) -> Opportunities:
    """Up to ``max_size`` opportunities over one to three pipelines of distinct names.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(opportunity_collections())
    ... def check(collection):
    ...     assert len(collection.pipelines) <= 3 and len(collection) <= 8
    >>> check()
    """
    chosen = draw(st.lists(pipelines(), min_size=1, max_size=3, unique_by=lambda p: p.name))
    items = draw(st.lists(st.sampled_from(chosen).flatmap(opportunities), max_size=max_size))
    return Opportunities(items)


def register() -> None:
    """Register strategies for the pipeline's types and results with ``st.from_type``."""
    st.register_type_strategy(Stage, stages())
    st.register_type_strategy(Pipeline, pipelines())
    st.register_type_strategy(Opportunity, opportunities())
    st.register_type_strategy(Opportunities, opportunity_collections())
    st.register_type_strategy(PipelineSummary, pipeline_summaries())
    st.register_type_strategy(SummaryCell, summary_cells())
    st.register_type_strategy(Forecast, forecasts())
    st.register_type_strategy(ForecastCell, forecast_cells())
    st.register_type_strategy(WinRate, win_rates())
    st.register_type_strategy(Coverage, coverages())
    st.register_type_strategy(SalesVelocity, sales_velocities())
    st.register_type_strategy(StageConversion, stage_conversions())
    st.register_type_strategy(StageDuration, stage_durations())
    st.register_type_strategy(Calibration, calibrations())
    st.register_type_strategy(CalibrationBucket, calibration_buckets())
