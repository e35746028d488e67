"""Stages, pipelines and opportunities: weighted value and moves between stages.

A :class:`Pipeline` is an ordered list of :class:`Stage` values, each with a default probability
and a forecast category. An :class:`Opportunity` sits in one stage of its pipeline; its weighted
(expected) value is its amount times its probability (the stage default, or a manual override), a
won deal counting at 100% and a lost one at 0%. Moves between stages (:meth:`Opportunity.move_to`,
:meth:`~Opportunity.win`, :meth:`~Opportunity.lose`, :meth:`~Opportunity.reopen`) return a new
opportunity with a :class:`~accountexec.workflow.StatusChange` appended to its history.

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
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final, Literal

import attrs
import pendulum

from accountexec._fields import check_text, require_aware, to_date, to_enum
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.money import Money, Rate
from accountexec.workflow import StatusChange

__all__ = [
    "ForecastCategory",
    "Opportunity",
    "Pipeline",
    "ProbabilitySource",
    "Stage",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


class ForecastCategory(StrEnum):
    """Where a stage's deals count in a forecast (the Salesforce vocabulary).

    Each :class:`Stage` has one; :func:`forecast` can group by it (``group_by="category"``).

    >>> [s.name for s in Pipeline.simple().stages if s.forecast_category is ForecastCategory.COMMIT]
    ['negotiation']
    >>> Stage(name="verbal", probability="0.9", forecast_category="commit").forecast_category
    <ForecastCategory.COMMIT: 'commit'>
    """

    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    CLOSED = "closed"
    OMITTED = "omitted"


ProbabilitySource = Literal["stage", "manual"]
"""Where an opportunity's probability comes from: its stage's default, or a manual override."""


# ------------------------------------------------------------------------------------ validation


def _check_text(field: str, value: object) -> None:
    if type(value) is not str or not value.strip():
        raise ValidationError(field, value, "a non-empty string")


def _day(at: datetime) -> pendulum.Date:
    """The date of an aware datetime in its own time zone, as a pendulum Date."""
    return pendulum.Date(at.year, at.month, at.day)


def _to_probability(field: str, value: object) -> Rate:
    if isinstance(value, Rate):
        rate = value
    elif isinstance(value, Decimal | int | str) and not isinstance(value, bool):
        rate = Rate(value)
    else:
        raise ValidationError(field, value, "a Rate between 0 and 1")
    if not _ZERO <= rate.value <= _ONE:
        raise ValidationError(field, value, "a Rate between 0 and 1")
    return rate


# ------------------------------------------------------------------------------------ Stage


def _stage_probability(value: Rate | Decimal | int | str) -> Rate:
    return _to_probability("probability", value)


def _to_category(value: ForecastCategory | str) -> ForecastCategory:
    return to_enum(ForecastCategory, value, "forecast_category")


def _bool_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise ValidationError(attribute.name, value, "True or False")


@attrs.frozen
class Stage:
    """A step of a pipeline: a name, a default probability and a forecast category.

    A won stage has probability 1 and category ``"closed"``; a lost stage probability 0 and
    category ``"omitted"``; an open stage any probability in [0, 1] and any category but
    ``"closed"``.

    >>> Stage(name="proposal", probability=Rate("0.5"), forecast_category="best_case")
    Stage(name='proposal', probability=Rate('0.5'), forecast_category=<ForecastCategory.BEST_CASE: 'best_case'>, is_won=False, is_lost=False)
    >>> Stage(name="won", probability=Rate("0.9"), forecast_category="closed", is_won=True)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'probability': Rate('0.9'); expected Rate('1') for a won stage
    """  # noqa: E501

    name: str = attrs.field(validator=check_text)
    probability: Rate = attrs.field(converter=_stage_probability)
    forecast_category: ForecastCategory = attrs.field(converter=_to_category)
    is_won: bool = attrs.field(default=False, validator=_bool_validator)
    is_lost: bool = attrs.field(default=False, validator=_bool_validator)

    def __attrs_post_init__(self) -> None:
        if self.is_won and self.is_lost:
            raise ValidationError("is_lost", True, "False for a won stage (a stage is won or lost)")
        if self.is_won:
            if self.probability.value != _ONE:
                raise ValidationError("probability", self.probability, "Rate('1') for a won stage")
            if self.forecast_category is not ForecastCategory.CLOSED:
                raise ValidationError(
                    "forecast_category", self.forecast_category.value, "'closed' for a won stage"
                )
        elif self.is_lost:
            if self.probability.value != _ZERO:
                raise ValidationError("probability", self.probability, "Rate('0') for a lost stage")
            if self.forecast_category is not ForecastCategory.OMITTED:
                raise ValidationError(
                    "forecast_category", self.forecast_category.value, "'omitted' for a lost stage"
                )
        elif self.forecast_category is ForecastCategory.CLOSED:
            raise ValidationError(
                "forecast_category", "closed", "a category other than 'closed' for an open stage"
            )

    @property
    def is_open(self) -> bool:
        """Whether the stage is neither won nor lost."""
        return not (self.is_won or self.is_lost)


# ------------------------------------------------------------------------------------ Pipeline


def _to_stages(value: Iterable[Stage]) -> tuple[Stage, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("stages", value, "a sequence of Stage values")
    return tuple(value)


@attrs.frozen
class Pipeline:
    """An ordered sequence of stages: open stages in funnel order, one won and at least one lost.

    Two presets: :meth:`simple` and :meth:`salesforce_like`; build your own from :class:`Stage`.

    >>> p = Pipeline.simple()
    >>> p.stage_names
    ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')
    >>> p.stage("negotiation").probability, p.won_stage.name
    (Rate('0.75'), 'won')
    >>> p.stage("closed")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'stage': 'closed'; expected one of 'lead', ...
    """

    name: str = attrs.field(validator=check_text)
    stages: tuple[Stage, ...] = attrs.field(converter=_to_stages)
    _by_name: Mapping[str, Stage] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _categories: Mapping[str, str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_name: dict[str, Stage] = {}
        for stage in self.stages:
            if not isinstance(stage, Stage):
                raise ValidationError("stages", stage, "Stage values")
            if stage.name in by_name:
                raise ValidationError("stages", stage.name, "unique stage names")
            by_name[stage.name] = stage
        won = [s.name for s in self.stages if s.is_won]
        if len(won) != 1:
            raise ValidationError("stages", won, "exactly one won stage")
        if not any(s.is_lost for s in self.stages):
            raise ValidationError("stages", self.stage_names, "at least one lost stage")
        if not any(s.is_open for s in self.stages):
            raise ValidationError("stages", self.stage_names, "at least one open stage")
        object.__setattr__(self, "_by_name", by_name)
        categories = {s.name: s.forecast_category.value for s in self.stages}
        object.__setattr__(self, "_categories", categories)

    @classmethod
    def simple(cls) -> Pipeline:
        """Lead 10%, qualified 25%, proposal 50%, negotiation 75%, won, lost (a shared instance)."""
        return _simple()

    @classmethod
    def salesforce_like(cls) -> Pipeline:
        """The Salesforce-like preset of DOMAIN.md (a shared instance; edit a copy to taste).

        Probabilities as Salesforce ships them; the forecast categories are this library's choice:
        pipeline below 50%, best case from 50% to 70%, commit from 75%.

        >>> [(s.name, str(s.probability)) for s in Pipeline.salesforce_like().stages][:3]
        [('Prospecting', '10%'), ('Qualification', '10%'), ('Needs Analysis', '20%')]
        """
        return _salesforce_like()

    @property
    def stage_names(self) -> tuple[str, ...]:
        """The stage names, in order."""
        return tuple(s.name for s in self.stages)

    @property
    def open_stages(self) -> tuple[Stage, ...]:
        """The stages that are neither won nor lost, in funnel order."""
        return tuple(s for s in self.stages if s.is_open)

    @property
    def won_stage(self) -> Stage:
        """The one won stage."""
        return next(s for s in self.stages if s.is_won)

    @property
    def lost_stages(self) -> tuple[Stage, ...]:
        """The lost stages (at least one), in order."""
        return tuple(s for s in self.stages if s.is_lost)

    def stage(self, name: str) -> Stage:
        """The stage called ``name``; an unknown name is refused with the known ones listed."""
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(n) for n in self.stage_names)
            raise ValidationError("stage", name, f"one of {allowed}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name


def _open(rows: Sequence[tuple[str, str, str]]) -> list[Stage]:
    return [Stage(name=n, probability=Rate(p), forecast_category=c) for n, p, c in rows]


@functools.cache
def _simple() -> Pipeline:
    rows = [
        ("lead", "0.1", "pipeline"),
        ("qualified", "0.25", "pipeline"),
        ("proposal", "0.5", "best_case"),
        ("negotiation", "0.75", "commit"),
    ]
    return Pipeline(
        "simple",
        [
            *_open(rows),
            Stage(name="won", probability=Rate(1), forecast_category="closed", is_won=True),
            Stage(name="lost", probability=Rate(0), forecast_category="omitted", is_lost=True),
        ],
    )


@functools.cache
def _salesforce_like() -> Pipeline:
    rows = [
        ("Prospecting", "0.1", "pipeline"),
        ("Qualification", "0.1", "pipeline"),
        ("Needs Analysis", "0.2", "pipeline"),
        ("Value Proposition", "0.5", "best_case"),
        ("Id. Decision Makers", "0.6", "best_case"),
        ("Perception Analysis", "0.7", "best_case"),
        ("Proposal/Price Quote", "0.75", "commit"),
        ("Negotiation/Review", "0.9", "commit"),
    ]
    return Pipeline(
        "salesforce_like",
        [
            *_open(rows),
            Stage(name="Closed Won", probability=Rate(1), forecast_category="closed", is_won=True),
            Stage(
                name="Closed Lost", probability=Rate(0), forecast_category="omitted", is_lost=True
            ),
        ],
    )


# ------------------------------------------------------------------------------------ Opportunity

_OPEN_EVENTS: Final = frozenset({"move_to", "win", "lose"})
_CLOSED_EVENTS: Final = frozenset({"reopen"})


# Month labels ("2026-05") shared by every opportunity closing that month: pure memoisation.
_MONTHS: dict[int, str] = {}


def _close_on(value: date) -> pendulum.Date:
    return value if type(value) is pendulum.Date else to_date(value, "close_on")


def _created_on(value: date) -> pendulum.Date:
    return value if type(value) is pendulum.Date else to_date(value, "created_on")


def _manual_probability(value: Rate | Decimal | int | str | None) -> Rate | None:
    return None if value is None else _to_probability("probability", value)


def _pipeline_repr(pipeline: Pipeline) -> str:
    return f"<Pipeline {pipeline.name!r}>"


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    if type(value) is tuple:
        return value
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("history", value, "a sequence of StatusChange entries")
    return tuple(value)


def _event_for(source: Stage, target: Stage) -> str | None:
    """The event that moves from ``source`` to ``target``, or None when no event does."""
    if source.is_open:
        if target.is_won:
            return "win"
        if target.is_lost:
            return "lose"
        return "move_to" if target.name != source.name else None
    return "reopen" if target.is_open else None


@attrs.frozen
class Opportunity:
    """A possible deal: an amount, a stage of its pipeline, an expected close date and an owner.

    ``probability`` (stored as :attr:`manual_probability`) overrides the stage's default;
    :attr:`probability` is the one in force and :attr:`probability_source` says which it is. A won
    deal counts at 100% and a lost one at 0%, whatever the override. ``pipeline`` defaults to
    :meth:`Pipeline.simple`. ``history`` holds a :class:`~accountexec.workflow.StatusChange` per
    move (events ``move_to``, ``win``, ``lose``, ``reopen``; ``source`` and ``target`` are stage
    names); it must chain from stage to stage and end in ``stage``.

    Moves never change a manual probability: set or clear it with :meth:`with_probability`.

    >>> from datetime import date
    >>> from accountexec.money import Money, Rate
    >>> deal = Opportunity(
    ...     id="O-7", account_id="ACME", name="Retainer 2027", amount=Money("120000.00", "EUR"),
    ...     stage="negotiation", close_on=date(2026, 12, 15), owner="ana",
    ...     created_on=date(2026, 9, 1), probability=Rate("0.6"), recurring_months=12,
    ... )
    >>> deal.probability, deal.probability_source
    (Rate('0.6'), 'manual')
    >>> deal.weighted_amount, deal.monthly_recurring_revenue
    (Money('72000.000', 'EUR'), Money('10000.00', 'EUR'))
    >>> deal.forecast_category
    <ForecastCategory.COMMIT: 'commit'>
    """

    id: str
    account_id: str
    name: str
    amount: Money
    stage: str
    close_on: pendulum.Date = attrs.field(converter=_close_on)
    owner: str
    created_on: pendulum.Date = attrs.field(converter=_created_on)
    manual_probability: Rate | None = attrs.field(
        default=None, alias="probability", converter=_manual_probability
    )
    recurring_months: int | None = None
    lost_reason: str | None = None
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)
    pipeline: Pipeline = attrs.field(factory=Pipeline.simple, repr=_pipeline_repr)
    # Derived once at construction for the forecast's hot loop (not part of equality).
    _p: Decimal = attrs.field(init=False, eq=False, hash=False, repr=False)
    _currency: str = attrs.field(init=False, eq=False, hash=False, repr=False)
    _category: str = attrs.field(init=False, eq=False, hash=False, repr=False)
    _won: bool = attrs.field(init=False, eq=False, hash=False, repr=False)
    _since: int = attrs.field(init=False, eq=False, hash=False, repr=False)
    _month: str = attrs.field(init=False, eq=False, hash=False, repr=False)

    kind: ClassVar[str] = "opportunity"

    def __attrs_post_init__(self) -> None:  # one cheap pass instead of a validator per field
        setattr_ = object.__setattr__
        stage = self._resolve_stage()
        self._check_texts()
        amount = self.amount
        if type(amount) is not Money:
            raise ValidationError("amount", amount, "a Money")
        if amount.amount < _ZERO:
            raise ValidationError("amount", amount, "a Money of zero or more")
        created_on = self.created_on
        manual = self.manual_probability
        months = self.recurring_months
        if months is not None and (type(months) is not int or months < 1):
            raise ValidationError("recurring_months", months, "a whole number of months, 1 or more")
        reason = self.lost_reason
        if reason is not None:
            _check_text("lost_reason", reason)
            if not stage.is_lost:
                raise ValidationError("lost_reason", reason, "None unless the deal is lost")
        since = created_on.toordinal()
        if self.history:
            since = self._check_history(stage, created_on)
        if stage.is_won:
            p = _ONE
        elif stage.is_lost:
            p = _ZERO
        else:
            p = stage.probability.value if manual is None else manual.value
        setattr_(self, "_p", p)
        setattr_(self, "_currency", amount.currency.code)
        setattr_(self, "_category", self.pipeline._categories[stage.name])
        setattr_(self, "_won", stage.is_won)
        setattr_(self, "_since", since)
        close_on = self.close_on
        number = close_on.year * 12 + close_on.month
        month = _MONTHS.get(number)
        if month is None:
            month = _MONTHS.setdefault(number, f"{close_on.year:04d}-{close_on.month:02d}")
        setattr_(self, "_month", month)

    def _resolve_stage(self) -> Stage:
        pipeline = self.pipeline
        if type(pipeline) is not Pipeline:
            raise ValidationError("pipeline", pipeline, "a Pipeline")
        name: Any = self.stage
        if type(name) is Stage:
            name = name.name
            object.__setattr__(self, "stage", name)
        stage = pipeline._by_name.get(name) if type(name) is str else None
        if stage is None:
            return pipeline.stage(name)  # raises, naming the known stages
        return stage

    def _check_texts(self) -> None:
        for field in ("id", "account_id", "name", "owner"):
            value = getattr(self, field)
            if type(value) is not str or not value.strip():
                raise ValidationError(field, value, "a non-empty string")

    def _check_history(self, stage: Stage, created_on: pendulum.Date) -> int:
        pipeline = self.pipeline
        previous: StatusChange | None = None
        for change in self.history:
            if type(change) is not StatusChange:
                raise ValidationError("history", change, "StatusChange entries")
            source, target = (
                pipeline._by_name.get(change.source),
                pipeline._by_name.get(change.target),
            )
            if source is None or target is None or _event_for(source, target) != change.event:
                raise ValidationError(
                    "history",
                    (change.event, change.source, change.target),
                    f"moves between stages of the {pipeline.name!r} pipeline",
                )
            if previous is None:
                if _day(change.at) < created_on:
                    raise ValidationError("history", change.at, "moves on or after created_on")
            else:
                if change.source != previous.target:
                    raise ValidationError(
                        "history", change.source, f"{previous.target!r}, where the last move ended"
                    )
                if change.at < previous.at:
                    raise ValidationError("history", change.at, "moves in time order")
            previous = change
        last = self.history[-1]
        if last.target != stage.name:
            raise ValidationError("stage", stage.name, f"{last.target!r}, where history ends")
        return _day(last.at).toordinal()

    # -- what the deal is worth ------------------------------------------------------------------

    @property
    def current_stage(self) -> Stage:
        """The :class:`Stage` the deal is in (``stage`` holds its name)."""
        return self.pipeline._by_name[self.stage]

    @property
    def probability(self) -> Rate:
        """The probability in force: 1 if won, 0 if lost, else the manual override or default."""
        stage = self.current_stage
        if not stage.is_open or self.manual_probability is None:
            return stage.probability
        return self.manual_probability

    @property
    def probability_source(self) -> ProbabilitySource:
        """``"manual"`` when an override is in force, else ``"stage"`` (always for closed deals)."""
        if self.manual_probability is None or not self.current_stage.is_open:
            return "stage"
        return "manual"

    @property
    def weighted_amount(self) -> Money:
        """Amount × probability, unrounded (round it where it is reported)."""
        return self.amount * self.probability

    @property
    def monthly_recurring_revenue(self) -> Money | None:
        """Amount / recurring months for a recurring deal (unrounded), else None."""
        if self.recurring_months is None:
            return None
        return self.amount / self.recurring_months

    @property
    def mrr(self) -> Money | None:
        """Short for :attr:`monthly_recurring_revenue`."""
        return self.monthly_recurring_revenue

    @property
    def forecast_category(self) -> ForecastCategory:
        """The forecast category of the deal's stage."""
        return self.current_stage.forecast_category

    @property
    def is_open(self) -> bool:
        """Whether the deal is neither won nor lost."""
        return self.current_stage.is_open

    @property
    def is_won(self) -> bool:
        """Whether the deal is won."""
        return self._won

    @property
    def is_lost(self) -> bool:
        """Whether the deal is lost."""
        return self.current_stage.is_lost

    @property
    def stage_entered_on(self) -> pendulum.Date:
        """The date the deal entered its stage: its last move's date, or ``created_on``."""
        return pendulum.Date.fromordinal(self._since)

    def stage_on(self, day: date) -> str | None:
        """The deal's stage at the end of ``day`` from its history; None before ``created_on``.

        A move counts on the date of its ``at`` in ``at``'s own time zone.
        """
        on = to_date(day, "day").toordinal()
        if on >= self._since:
            return self.stage
        if on < self.created_on.toordinal():
            return None
        done = [change for change in self.history if _day(change.at).toordinal() <= on]
        return done[-1].target if done else self.history[0].source

    # -- moves ------------------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events open to the deal: ``move_to``, ``win``, ``lose`` while open, else ``reopen``.

        >>> from datetime import date
        >>> from accountexec.money import Money
        >>> deal = Opportunity("O-1", "ACME", "Spring", Money("100.00", "EUR"), "lead",
        ...                    date(2026, 6, 1), "ana", date(2026, 3, 2))
        >>> sorted(deal.allowed_events())
        ['lose', 'move_to', 'win']
        """
        return _OPEN_EVENTS if self.current_stage.is_open else _CLOSED_EVENTS

    def with_probability(self, probability: Rate | None) -> Opportunity:
        """A copy with a manual probability (``None`` goes back to the stage default)."""
        return attrs.evolve(self, probability=probability)

    def move_to(
        self, stage: str, *, at: datetime, by: str | None = None, note: str | None = None
    ) -> Opportunity:
        """Move an open deal to another open stage, forwards or backwards."""
        target = self._target(stage, "move_to")
        if not target.is_open:
            allowed = ", ".join(repr(s.name) for s in self.pipeline.open_stages)
            raise ValidationError(
                "stage", stage, f"an open stage ({allowed}); use win() or lose() to close a deal"
            )
        if target.name == self.stage:
            raise self._refusal("move_to", f"already in stage {self.stage!r}")
        return self._move("move_to", target, at, by, note)

    def win(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Opportunity:
        """Close an open deal as won."""
        self._target(self.pipeline.won_stage.name, "win")
        return self._move("win", self.pipeline.won_stage, at, by, note)

    def lose(
        self,
        *,
        at: datetime,
        reason: str,
        stage: str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Close an open deal as lost, saying why; ``stage`` picks one of several lost stages."""
        _check_text("reason", reason)
        lost = self.pipeline.lost_stages
        target = lost[0] if stage is None else self._target(stage, "lose")
        self._target(target.name, "lose")
        if not target.is_lost:
            allowed = ", ".join(repr(s.name) for s in lost)
            raise ValidationError("stage", stage, f"a lost stage ({allowed})")
        return self._move("lose", target, at, by, note, lost_reason=reason)

    def reopen(
        self,
        *,
        at: datetime,
        stage: str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Reopen a won or lost deal into an open stage (by default the one it closed from)."""
        if stage is None:
            # a closed deal's last move (win or lose) came from an open stage
            source = self.history[-1].source if self.history else None
            target = self.pipeline.open_stages[0] if source is None else self.pipeline.stage(source)
        else:
            target = self._target(stage, "reopen")
        self._target(target.name, "reopen")
        if not target.is_open:
            allowed = ", ".join(repr(s.name) for s in self.pipeline.open_stages)
            raise ValidationError("stage", stage, f"an open stage ({allowed})")
        return self._move("reopen", target, at, by, note, lost_reason=None)

    def _refusal(self, event: str, reason: str | None = None) -> InvalidTransitionError:
        allowed = self.allowed_events()
        return InvalidTransitionError(self.kind, self.id, self.stage, event, allowed, reason)

    def _target(self, stage: str, event: str) -> Stage:
        if event not in self.allowed_events():
            raise self._refusal(event)
        return self.pipeline.stage(stage)

    def _move(
        self,
        event: str,
        target: Stage,
        at: datetime,
        by: str | None,
        note: str | None,
        **changes: Any,
    ) -> Opportunity:
        require_aware(at, "at")
        if self.history and at < self.history[-1].at:
            raise ValidationError(
                "at", at, f"a time not earlier than the last move ({self.history[-1].at!r})"
            )
        if _day(at) < self.created_on:
            raise ValidationError("at", at, f"a time on or after created_on ({self.created_on})")
        change = StatusChange(
            event=event, source=self.stage, target=target.name, at=at, by=by, note=note
        )
        return attrs.evolve(self, stage=target.name, history=(*self.history, change), **changes)
