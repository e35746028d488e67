"""The opportunity pipeline: stages, opportunities, weighted value and forecasts that merge.

A :class:`Pipeline` is an ordered list of :class:`Stage` values, each with a default probability
and a forecast category. An :class:`Opportunity` sits in one stage of its pipeline; its weighted
(expected) value is its amount times its probability (the stage default, or a manual override), a
won deal counting at 100% and a lost one at 0%. Moves between stages (:meth:`Opportunity.move_to`,
:meth:`~Opportunity.win`, :meth:`~Opportunity.lose`, :meth:`~Opportunity.reopen`) return a new
opportunity with a :class:`~accountexec.workflow.StatusChange` appended to its history.

:func:`forecast` groups opportunities by period, owner, stage, category or account. It is built
on :class:`PipelineSummary`, an exact monoid of unrounded sums: summaries of chunks add up to the
summary of the whole, so a forecast over many millions of rows runs in pieces (or on Dask) and
combines.

The code lives in :mod:`accountexec.pipeline.opportunities`,
:mod:`accountexec.pipeline.forecasting` and :mod:`accountexec.pipeline.analytics`; this package
re-exports their public names.

>>> from datetime import date
>>> import pendulum
>>> from accountexec.money import Money
>>> deal = Opportunity(
...     id="O-1", account_id="ACME", name="Spring campaign", amount=Money("40000.00", "EUR"),
...     stage="proposal", close_on=date(2026, 5, 29), owner="ana", created_on=date(2026, 3, 2),
... )
>>> deal.probability, deal.probability_source, deal.weighted_amount
(Rate('0.5'), 'stage', Money('20000.000', 'EUR'))
>>> won = deal.win(at=pendulum.datetime(2026, 5, 20, 15, tz="Europe/Paris"), by="ana")
>>> won.stage, won.weighted_amount, won.history[-1].event
('won', Money('40000.00', 'EUR'), 'win')
>>> fc = forecast([deal], as_of=date(2026, 4, 1), currency="EUR")
>>> fc.cells[("2026-05",)].weighted_amount
Money('20000.00', 'EUR')
"""

from accountexec.pipeline.analytics import (
    DISPLAY_PLACES,
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
    stalled,
    win_rate,
)
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
from accountexec.pipeline.opportunities import (
    ForecastCategory,
    Opportunity,
    Pipeline,
    ProbabilitySource,
    Stage,
)

__all__ = [
    "DISPLAY_PLACES",
    "GROUPINGS",
    "Calibration",
    "CalibrationBucket",
    "Coverage",
    "Forecast",
    "ForecastCategory",
    "ForecastCell",
    "Grouping",
    "Opportunity",
    "Pipeline",
    "PipelineSummary",
    "ProbabilitySource",
    "SalesVelocity",
    "Stage",
    "StageConversion",
    "StageDuration",
    "SummaryCell",
    "WinRate",
    "average_days_in_stage",
    "calibration",
    "conversion_rates",
    "coverage",
    "forecast",
    "sales_velocity",
    "stalled",
    "summarise",
    "win_rate",
]
