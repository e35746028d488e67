"""Hypothesis strategies for accountexec.pipeline: stages, pipelines, opportunities with history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pendulum
from hypothesis import strategies as st

from accountexec.money import Currency, Rate
from accountexec.pipeline import ForecastCategory, Opportunity, Pipeline, Stage
from accountexec.strategies._money import money, rates
from accountexec.workflow import StatusChange

__all__ = ["opportunities", "pipelines", "register", "stages"]

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
    currencies: Sequence[str] = ("EUR", "USD", "GBP", "JPY"),
    max_moves: int = 4,
    max_amount: int = 10_000_000,
) -> Opportunity:
    """Valid opportunities of ``pipeline`` (default: any of :func:`pipelines`) with a history.

    The deal starts in a random open stage on ``created_on`` (2020 to 2030) and makes up to
    ``max_moves`` random moves (``move_to``, ``win``, ``lose``, ``reopen``) at increasing aware
    times; amounts are rounded, between zero and ``max_amount``.

    >>> from hypothesis import find
    >>> deal = find(opportunities(Pipeline.simple()), lambda o: o.is_won and len(o.history) > 1)
    >>> deal.stage, deal.history[-1].event
    ('won', 'win')
    """
    chosen = draw(pipelines()) if pipeline is None else pipeline
    code = draw(st.sampled_from([Currency(c).code for c in currencies]))
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


def register() -> None:
    """Register strategies for Stage, Pipeline and Opportunity with ``st.from_type``."""
    st.register_type_strategy(Stage, stages())
    st.register_type_strategy(Pipeline, pipelines())
    st.register_type_strategy(Opportunity, opportunities())
