"""Pipeline analytics over stage histories: funnel, win rate, time in stage, velocity, calibration.

Every function takes opportunities (:class:`~accountexec.pipeline.Opportunity`) and returns values;
the names are re-exported from :mod:`accountexec.pipeline`. Ratios are exact Decimals (or
:class:`~accountexec.money.Rate` values) computed in the library's decimal context; amounts are
converted with :class:`~accountexec.money.ExchangeRates` unrounded and rounded only where reported.

>>> from datetime import date, datetime
>>> import pendulum
>>> from accountexec.money import Money
>>> from accountexec.pipeline import Opportunity
>>> deal = Opportunity(id="O-1", account_id="ACME", name="deal", amount=Money("900.00", "EUR"),
...                    stage="lead", close_on=date(2026, 6, 30), owner="ana",
...                    created_on=date(2026, 3, 2))
>>> at = pendulum.datetime(2026, 3, 20, 10, tz="Europe/Paris")
>>> won = deal.move_to("proposal", at=at).win(at=at.add(days=10))
>>> lost = deal.lose(at=at, reason="budget cut")
>>> win_rate([won, lost], currency="EUR").by_count
Rate('0.5')
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, overload

import attrs
import pendulum

from accountexec._fields import (
    check_count,
    check_text,
    decimal_validator,
    instance_of,
    require_currency,
    to_date,
    to_sequence_of,
)
from accountexec.calendars import WorkCalendar
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate, money_validator
from accountexec.pipeline.forecasting import Grouping, _factor, _period, _to_group_by
from accountexec.pipeline.opportunities import Opportunity, Pipeline, Stage

__all__ = [
    "DISPLAY_PLACES",
    "Calibration",
    "CalibrationBucket",
    "Coverage",
    "SalesVelocity",
    "StageConversion",
    "StageDuration",
    "WinRate",
    "average_days_in_stage",
    "calibration",
    "conversion_rates",
    "coverage",
    "sales_velocity",
    "stalled",
    "win_rate",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


def _day(at: datetime) -> pendulum.Date:
    return pendulum.Date(at.year, at.month, at.day)


def _opportunities(value: Iterable[Opportunity]) -> tuple[Opportunity, ...]:

    items = tuple(value)
    for item in items:
        if type(item) is not Opportunity:
            raise ValidationError("opportunities", item, "Opportunity values")
    return items


def _pipeline_of(items: Sequence[Opportunity], pipeline: Pipeline | None) -> Pipeline:

    if pipeline is None:
        pipeline = items[0].pipeline if items else Pipeline.simple()
    for item in items:
        if item.pipeline != pipeline:
            raise ValidationError(
                "opportunities",
                item.id,
                f"opportunities of one pipeline ({pipeline.name!r}); analyse each pipeline apart",
            )
    return pipeline


def _in(money: Money, target: Currency, rates: ExchangeRates | None) -> Decimal:
    """``money``'s amount in ``target``, unrounded (refused without a rate, naming the pair)."""
    return DECIMAL_CONTEXT.multiply(money.amount, _factor(money.currency.code, target, rates))


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Rate | None:
    if not denominator:
        return None
    return Rate(DECIMAL_CONTEXT.divide(Decimal(numerator), Decimal(denominator)))


def _visited(opp: Opportunity) -> list[str]:
    """The stages a deal has been in, in order (its first stage, then each move's target)."""
    if not opp.history:
        return [opp.stage]
    return [opp.history[0].source, *(change.target for change in opp.history)]


def _group_key(opp: Opportunity, groupings: tuple[Grouping, ...]) -> tuple[str, ...]:
    """The deal's values for ``groupings``, as :func:`~accountexec.pipeline.forecast` keys them."""
    month = f"{opp.close_on.year:04d}-{opp.close_on.month:02d}"
    values = {
        "owner": opp.owner,
        "stage": opp.stage,
        "category": opp.forecast_category.value,
        "account": opp.account_id,
    }
    return tuple(
        _period(g, month) if g in ("month", "quarter", "year") else values[g] for g in groupings
    )


def _groups(
    items: Sequence[Opportunity], group_by: Sequence[Grouping] | Grouping
) -> dict[tuple[str, ...], list[Opportunity]]:
    """The deals per group key, keys sorted (the grouping is checked as the forecast's)."""
    groupings = _to_group_by(group_by)
    groups: dict[tuple[str, ...], list[Opportunity]] = {}
    for opp in items:
        groups.setdefault(_group_key(opp, groupings), []).append(opp)
    return dict(sorted(groups.items()))


def _check_share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: None or a Rate from 0 to 1 (a share of deals or of an amount)."""
    if value is not None and (type(value) is not Rate or not _ZERO <= value.value <= _ONE):
        raise ValidationError(attribute.name, value, "a Rate from 0 to 1, or None")


# ------------------------------------------------------------------------------ display

DISPLAY_PLACES: Final = {"share": 1, "days": 1, "ratio": 2, "score": 3}
"""How results print (``repr``/``str``) and render: shares as percentages with one decimal, days
with one decimal, coverage ratios with two, scores and probabilities with three; amounts to their
currency's minor unit. The values themselves keep every digit."""


def _shown(value: object, kind: str) -> str:
    """``value`` as results print it, rounded half-up to the documented precision of ``kind``."""
    if value is None:
        return "None"
    if isinstance(value, Rate):
        return str(value.round(DISPLAY_PLACES["share"] + 2))
    if isinstance(value, Money):
        return str(value.round())
    if isinstance(value, Decimal):
        quantum = Decimal(1).scaleb(-DISPLAY_PLACES[kind])
        return str(value.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=DECIMAL_CONTEXT))
    return repr(value)


def _rounded_repr(self: Any, kinds: dict[str, str] | None = None) -> str:
    """``Name(field=value, ...)`` with the figures rounded for reading (see DISPLAY_PLACES)."""
    kinds = kinds or {}
    parts = [
        f"{field.name}={_shown(getattr(self, field.name), kinds.get(field.name, 'score'))}"
        for field in attrs.fields(type(self))
    ]
    return f"{type(self).__name__}({', '.join(parts)})"


def _require_ratio(
    field: str, value: Rate | None, numerator: Decimal | int, whole: Decimal | int
) -> None:
    """Refuse ``value`` unless it is ``numerator / whole`` (None when ``whole`` is 0)."""
    expected = _ratio(numerator, whole)
    if value != expected:
        raise ValidationError(field, value, f"{expected!r} ({numerator} / {whole})")


_check_days = decimal_validator(minimum=_ZERO, optional=True)
_check_unit = decimal_validator(minimum=_ZERO, maximum=_ONE)


# ------------------------------------------------------------------------------ conversion


@attrs.frozen(kw_only=True, repr=False)
class StageConversion:
    """How many deals reached ``from_stage`` and how many of them went on to ``to_stage``.

    A deal "reached" a stage when it was ever in it or in a later open stage or won (skipped stages
    count as passed). ``rate`` is ``advanced / reached`` (None when nothing reached the stage).
    :func:`conversion_rates` returns one per step of the funnel.

    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> lead = Opportunity(id="O-1", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                    stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                    created_on=date(2026, 3, 1))
    >>> deals = [lead, lead.move_to("qualified", at=at), lead.move_to("proposal", at=at)]
    >>> step = conversion_rates(deals)[1]
    >>> step.from_stage, step.to_stage, step.reached, step.advanced, step.rate
    ('qualified', 'proposal', 2, 1, Rate('0.5'))

    ``advanced`` is at most ``reached``.
    """

    from_stage: str = attrs.field(validator=check_text)
    to_stage: str = attrs.field(validator=check_text)
    reached: int = attrs.field(validator=check_count)
    advanced: int = attrs.field(validator=check_count)
    rate: Rate | None = attrs.field(validator=_check_share)

    def __repr__(self) -> str:
        return _rounded_repr(self, {})

    def __attrs_post_init__(self) -> None:
        if self.advanced > self.reached:
            raise ValidationError("advanced", self.advanced, f"at most reached ({self.reached})")
        _require_ratio("rate", self.rate, self.advanced, self.reached)


def conversion_rates(
    opportunities: Iterable[Opportunity], *, pipeline: Pipeline | None = None
) -> tuple[StageConversion, ...]:
    """Stage-to-stage conversion along the funnel: each open stage to the next, the last to won.

    All opportunities must share one pipeline (``pipeline`` defaults to theirs).

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> lead = Opportunity(id="O-1", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                    stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                    created_on=date(2026, 3, 1))
    >>> deals = [lead, lead.move_to("proposal", at=at), lead.move_to("qualified", at=at).win(at=at)]
    >>> [(c.from_stage, c.to_stage, c.reached, c.advanced) for c in conversion_rates(deals)]
    [('lead', 'qualified', 3, 2), ('qualified', 'proposal', 2, 2), ('proposal', 'negotiation', 2, 1), ('negotiation', 'won', 1, 1)]
    """  # noqa: E501
    items = _opportunities(opportunities)
    chosen = _pipeline_of(items, pipeline)
    funnel = [*chosen.open_stages, chosen.won_stage]
    position = {stage.name: i for i, stage in enumerate(funnel)}
    furthest = [0] * len(funnel)
    for opp in items:
        reached = [position[name] for name in _visited(opp) if name in position]
        if reached:
            furthest[max(reached)] += 1
    # reached(i) = deals whose furthest funnel position is i or later
    at_least = [sum(furthest[i:]) for i in range(len(funnel))]
    return tuple(
        StageConversion(
            from_stage=funnel[i].name,
            to_stage=funnel[i + 1].name,
            reached=at_least[i],
            advanced=at_least[i + 1],
            rate=_ratio(at_least[i + 1], at_least[i]),
        )
        for i in range(len(funnel) - 1)
    )


# ------------------------------------------------------------------------------ win rate

_check_amount = money_validator(non_negative=True)
_check_optional_amount = money_validator(non_negative=True, optional=True)


@attrs.frozen(kw_only=True, repr=False)
class WinRate:
    """Closed deals won against lost, by count and by amount (in one currency, unrounded).

    :func:`win_rate` computes it; open deals do not count, amounts are converted with the rates.

    >>> from accountexec.money import ExchangeRates
    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> def deal(i, amount):
    ...     return Opportunity(id=f"O-{i}", account_id="A", name="d", amount=amount,
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> fx = ExchangeRates(base="EUR", rates={"USD": "2"}, as_of=date(2026, 4, 1))
    >>> rate = win_rate([deal(1, Money("300.00", "EUR")).win(at=at),
    ...                  deal(2, Money("200.00", "USD")).lose(at=at, reason="price"),
    ...                  deal(3, Money("50.00", "EUR"))], currency="EUR", rates=fx)
    >>> rate.won, rate.lost, rate.by_count, rate.by_amount
    (1, 1, Rate('0.5'), Rate('0.75'))
    >>> rate.won_amount, rate.lost_amount
    (Money('300.00', 'EUR'), Money('100.000', 'EUR'))

    The amounts are of zero or more, in one currency; the rates are the ratios of the figures.
    """

    won: int = attrs.field(validator=check_count)
    lost: int = attrs.field(validator=check_count)
    won_amount: Money = attrs.field(validator=_check_amount)
    lost_amount: Money = attrs.field(validator=_check_amount)
    by_count: Rate | None = attrs.field(validator=_check_share)
    by_amount: Rate | None = attrs.field(validator=_check_share)

    def __repr__(self) -> str:
        return _rounded_repr(self, {})

    def __attrs_post_init__(self) -> None:
        require_currency("lost_amount", self.lost_amount, self.won_amount.currency)
        _require_ratio("by_count", self.by_count, self.won, self.won + self.lost)
        won, lost = self.won_amount.amount, self.lost_amount.amount
        _require_ratio("by_amount", self.by_amount, won, DECIMAL_CONTEXT.add(won, lost))


@overload
def win_rate(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: None = None,
) -> WinRate: ...


@overload
def win_rate(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: Sequence[Grouping] | Grouping,
) -> dict[tuple[str, ...], WinRate]: ...


def win_rate(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: Sequence[Grouping] | Grouping | None = None,
) -> WinRate | dict[tuple[str, ...], WinRate]:
    """The win rate of the closed deals among ``opportunities`` (open deals are ignored).

    ``by_count`` is won / closed; ``by_amount`` is won amount / closed amount, amounts converted
    to ``currency`` with ``rates``. Both are None when nothing is closed (or closed amounts are 0).
    With ``group_by`` (the groupings of :func:`~accountexec.pipeline.forecast`: ``"owner"``,
    ``"quarter"`` of the close date, ...) the result is a dict of one win rate per group key.

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> def deal(amount):
    ...     return Opportunity(id="O", account_id="A", name="d", amount=Money(amount, "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> wr = win_rate([deal("300.00").win(at=at), deal("100.00").lose(at=at, reason="price"),
    ...                deal("100.00").lose(at=at, reason="timing")], currency="EUR")
    >>> wr.by_count.as_percent().quantize(Decimal("0.01")), wr.by_amount
    (Decimal('33.33'), Rate('0.6'))
    >>> wr  # exact values, printed rounded (shares to 0.1%)
    WinRate(won=1, lost=2, won_amount=300.00 EUR, lost_amount=200.00 EUR, by_count=33.3%, by_amount=60.0%)
    >>> {key: str(rate.by_count) for key, rate in win_rate(
    ...     [deal("300.00").win(at=at), deal("100.00").lose(at=at, reason="price")],
    ...     currency="EUR", group_by="owner").items()}
    {('ana',): '50%'}
    """  # noqa: E501
    target = Currency(currency)
    if group_by is not None:
        groups = _groups(_opportunities(opportunities), group_by)
        return {key: win_rate(deals, currency=target, rates=rates) for key, deals in groups.items()}
    won = lost = 0
    won_amount = lost_amount = _ZERO
    for opp in _opportunities(opportunities):
        stage = opp.current_stage
        if stage.is_won:
            won += 1
            won_amount = DECIMAL_CONTEXT.add(won_amount, _in(opp.amount, target, rates))
        elif stage.is_lost:
            lost += 1
            lost_amount = DECIMAL_CONTEXT.add(lost_amount, _in(opp.amount, target, rates))
    return WinRate(
        won=won,
        lost=lost,
        won_amount=Money(won_amount, target),
        lost_amount=Money(lost_amount, target),
        by_count=_ratio(won, won + lost),
        by_amount=_ratio(won_amount, DECIMAL_CONTEXT.add(won_amount, lost_amount)),
    )


# ------------------------------------------------------------------------------ time in stage


@attrs.frozen(kw_only=True, repr=False)
class StageDuration:
    """The completed stays in one stage: how many, and their average length.

    ``average_business_days`` is None unless a calendar was given; both averages are None when no
    deal has left the stage yet.

    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> def deal(i):
    ...     return Opportunity(id=f"O-{i}", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> fast = deal(1).move_to("qualified", at=pendulum.datetime(2026, 3, 5, 9, tz="UTC"))
    >>> slow = deal(2).move_to("qualified", at=pendulum.datetime(2026, 3, 16, 9, tz="UTC"))
    >>> lead, qualified = average_days_in_stage([fast, slow])[:2]
    >>> lead.stage, lead.stays, lead.average_days, lead.average_business_days
    ('lead', 2, Decimal('9.5'), None)
    >>> qualified.stays, qualified.average_days
    (0, None)

    The averages are Decimals of zero or more (business days at most calendar days).
    """

    stage: str = attrs.field(validator=check_text)
    stays: int = attrs.field(validator=check_count)
    average_days: Decimal | None = attrs.field(validator=_check_days)
    average_business_days: Decimal | None = attrs.field(validator=_check_days)

    def __repr__(self) -> str:
        return _rounded_repr(self, {"average_days": "days", "average_business_days": "days"})

    def __attrs_post_init__(self) -> None:
        if (self.average_days is None) != (self.stays == 0):
            raise ValidationError(
                "average_days", self.average_days, "None exactly when there are no stays"
            )
        business = self.average_business_days
        if business is not None and (self.average_days is None or business > self.average_days):
            raise ValidationError(
                "average_business_days",
                business,
                f"None, or at most average_days ({self.average_days})",
            )


def _stays(opp: Opportunity) -> list[tuple[str, pendulum.Date, pendulum.Date]]:
    """A deal's completed stays: (stage, entered on, left on), from created_on and its moves."""
    stays = []
    entered = opp.created_on
    for change in opp.history:
        left = _day(change.at)
        stays.append((change.source, entered, left))
        entered = left
    return stays


def average_days_in_stage(
    opportunities: Iterable[Opportunity],
    *,
    calendar: WorkCalendar | None = None,
    pipeline: Pipeline | None = None,
) -> tuple[StageDuration, ...]:
    """The average time deals spent in each stage before leaving it, in pipeline order.

    A deal enters its first stage on ``created_on`` and each later one on the date of the move (in
    the move's own time zone); only completed stays count (a deal still in a stage is not averaged
    in). Calendar days always; business days too when ``calendar`` is given (days in
    ``[entered, left)``, as :meth:`~accountexec.calendars.WorkCalendar.business_days_between`).

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deal = Opportunity(id="O-1", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                    stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                    created_on=date(2026, 3, 2))
    >>> moved = deal.move_to("qualified", at=pendulum.datetime(2026, 3, 16, 9, tz="UTC"))
    >>> average_days_in_stage([moved], calendar=WorkCalendar())[0]
    StageDuration(stage='lead', stays=1, average_days=14.0, average_business_days=10.0)
    """
    items = _opportunities(opportunities)
    chosen = _pipeline_of(items, pipeline)
    days: dict[str, list[int]] = {name: [] for name in chosen.stage_names}
    business: dict[str, list[int]] = {name: [] for name in chosen.stage_names}
    for opp in items:
        for name, entered, left in _stays(opp):
            days[name].append((left - entered).days)
            if calendar is not None:
                business[name].append(calendar.business_days_between(entered, left))
    return tuple(
        StageDuration(
            stage=name,
            stays=len(days[name]),
            average_days=_mean(days[name]),
            average_business_days=_mean(business[name]) if calendar is not None else None,
        )
        for name in chosen.stage_names
    )


def _mean(values: Sequence[int | Decimal]) -> Decimal | None:
    if not values:
        return None
    with decimal.localcontext(DECIMAL_CONTEXT):
        total = sum((Decimal(v) for v in values), _ZERO)
        return total / len(values)


# ------------------------------------------------------------------------------ velocity


@attrs.frozen(kw_only=True, repr=False)
class SalesVelocity:
    """Sales velocity and its parts: open deals × win rate × average won amount / cycle length.

    ``per_day`` is the expected revenue per day (unrounded); it and its parts are None when there
    is no closed deal to learn from (or the average cycle is zero days).

    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> def deal(i, amount):
    ...     return Opportunity(id=f"O-{i}", account_id="A", name="d", amount=Money(amount, "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> won = deal(1, "6000.00").win(at=pendulum.datetime(2026, 3, 31, tz="UTC"))
    >>> velocity = sales_velocity([won, deal(2, "900.00")], currency="EUR")
    >>> velocity.open_count, velocity.average_cycle_days, velocity.per_day
    (1, Decimal('30'), Money('200.00', 'EUR'))
    >>> sales_velocity([deal(3, "900.00")], currency="EUR").per_day is None  # nothing closed yet
    True

    Amounts and days are of zero or more, the amounts in one currency; the average won amount and
    cycle come together (from won deals), and ``per_day`` only with them and a win rate.
    """

    open_count: int = attrs.field(validator=check_count)
    win_rate: Rate | None = attrs.field(validator=_check_share)
    average_won_amount: Money | None = attrs.field(validator=_check_optional_amount)
    average_cycle_days: Decimal | None = attrs.field(validator=_check_days)
    per_day: Money | None = attrs.field(validator=_check_optional_amount)

    def __repr__(self) -> str:
        return _rounded_repr(self, {"average_cycle_days": "days"})

    def __attrs_post_init__(self) -> None:
        won = self.average_won_amount
        if (won is None) != (self.average_cycle_days is None):
            raise ValidationError(
                "average_cycle_days",
                self.average_cycle_days,
                "a Decimal exactly when there is an average won amount",
            )
        if won is not None and self.win_rate is None:
            raise ValidationError("win_rate", None, "a Rate when deals were won")
        if self.per_day is not None:
            if won is None:
                raise ValidationError("per_day", self.per_day, "None when no deal was won")
            require_currency("per_day", self.per_day, won.currency)


def _won_on(opp: Opportunity) -> pendulum.Date:
    """The date a won deal was won: its last move (the win), else its ``close_on``."""
    return _day(opp.history[-1].at) if opp.history else opp.close_on


@overload
def sales_velocity(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: None = None,
) -> SalesVelocity: ...


@overload
def sales_velocity(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: Sequence[Grouping] | Grouping,
) -> dict[tuple[str, ...], SalesVelocity]: ...


def sales_velocity(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    group_by: Sequence[Grouping] | Grouping | None = None,
) -> SalesVelocity | dict[tuple[str, ...], SalesVelocity]:
    """Sales velocity: open count × win rate (by count) × average won amount / average cycle days.

    The cycle of a won deal runs from ``created_on`` to the date it was won (its last ``win`` move,
    else its ``close_on``). With ``group_by`` (as for :func:`win_rate`) the result is a dict of
    one velocity per group key, each from the deals of its group.

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> def deal(i, amount):
    ...     return Opportunity(id=f"O-{i}", account_id="A", name="d", amount=Money(amount, "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> at = pendulum.datetime(2026, 3, 31, tz="UTC")
    >>> deals = [deal(1, "6000.00").win(at=at), deal(2, "10.00").lose(at=at, reason="price"),
    ...          deal(3, "900.00"), deal(4, "900.00")]
    >>> v = sales_velocity(deals, currency="EUR")
    >>> v.open_count, v.win_rate, v.average_won_amount, v.average_cycle_days, v.per_day
    (2, Rate('0.5'), Money('6000.00', 'EUR'), Decimal('30'), Money('200.000', 'EUR'))
    >>> sorted(sales_velocity(deals, currency="EUR", group_by="owner"))
    [('ana',)]
    """
    target = Currency(currency)
    items = _opportunities(opportunities)
    if group_by is not None:
        groups = _groups(items, group_by)
        return {
            key: sales_velocity(deals, currency=target, rates=rates)
            for key, deals in groups.items()
        }
    open_count = sum(1 for opp in items if opp.is_open)
    rate = win_rate(items, currency=target, rates=rates, group_by=None)
    won = [opp for opp in items if opp.is_won]
    if not won:
        return SalesVelocity(
            open_count=open_count,
            win_rate=rate.by_count,
            average_won_amount=None,
            average_cycle_days=None,
            per_day=None,
        )
    average_won = DECIMAL_CONTEXT.divide(rate.won_amount.amount, len(won))
    cycle = _mean([(_won_on(opp) - opp.created_on).days for opp in won])
    per_day: Money | None = None
    if cycle and rate.by_count is not None:
        with decimal.localcontext(DECIMAL_CONTEXT):
            velocity = open_count * rate.by_count.value * average_won / cycle
        per_day = Money(velocity, target)
    return SalesVelocity(
        open_count=open_count,
        win_rate=rate.by_count,
        average_won_amount=Money(average_won, target),
        average_cycle_days=cycle,
        per_day=per_day,
    )


# ------------------------------------------------------------------------------ stalled, coverage


def stalled(
    opportunities: Iterable[Opportunity], *, as_of: date, days: int
) -> tuple[Opportunity, ...]:
    """The open deals with no move for at least ``days`` days as of ``as_of``, longest first.

    A deal's last move is its last history entry's date, or ``created_on`` if it never moved; deals
    created after ``as_of`` are left out.

    >>> from datetime import date, datetime
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deal = Opportunity(id="O-1", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                    stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                    created_on=date(2026, 3, 1))
    >>> [o.id for o in stalled([deal], as_of=date(2026, 3, 31), days=30)]
    ['O-1']
    >>> stalled([deal], as_of=date(2026, 3, 30), days=30)
    ()
    """
    day = to_date(as_of, "as_of")
    if type(days) is not int or days < 0:
        raise ValidationError("days", days, "a whole number of days, 0 or more")
    found = []
    for opp in _opportunities(opportunities):
        if opp.is_open and opp.created_on <= day:
            idle = (day - opp.stage_entered_on).days
            if idle >= days:
                found.append((idle, opp))
    found.sort(key=lambda pair: -pair[0])
    return tuple(opp for _idle, opp in found)


@attrs.frozen(kw_only=True, repr=False)
class Coverage:
    """Pipeline coverage: the open pipeline over what is left of a target once won deals count.

    ``gap`` is ``target − won`` (the won deals' amount); ``pipeline`` the open deals' amount
    (their weighted amount when ``weighted``); ``ratio`` is ``pipeline / gap``, exact, or None
    once the target is reached (the gap is zero or less). Amounts are exact, in the target's
    currency; they print rounded (see :data:`DISPLAY_PLACES`).

    >>> from accountexec.money import Money
    >>> cover = Coverage(target=Money("100000.00", "EUR"), won=Money("40000.00", "EUR"),
    ...                  pipeline=Money("200000.00", "EUR"), weighted=False)
    >>> cover.gap, cover.ratio.quantize(Decimal("0.0001"))
    (Money('60000.00', 'EUR'), Decimal('3.3333'))
    >>> cover
    Coverage(ratio=3.33, pipeline=200000.00 EUR, gap=60000.00 EUR, target=100000.00 EUR, won=40000.00 EUR, weighted=False)
    """  # noqa: E501

    target: Money = attrs.field(validator=_check_amount)
    won: Money = attrs.field(validator=_check_amount)
    pipeline: Money = attrs.field(validator=_check_amount)
    weighted: bool = attrs.field(validator=instance_of(bool, "True or False"))

    def __attrs_post_init__(self) -> None:
        if not self.target.amount:
            raise ValidationError("target", self.target, "a positive Money")
        require_currency("won", self.won, self.target.currency)
        require_currency("pipeline", self.pipeline, self.target.currency)

    @property
    def gap(self) -> Money:
        """What is left of the target: ``target − won`` (zero or less once it is reached)."""
        return self.target - self.won

    @property
    def ratio(self) -> Decimal | None:
        """``pipeline / gap``, exact; None once the target is reached."""
        gap = self.gap.amount
        if gap <= 0:
            return None
        return DECIMAL_CONTEXT.divide(self.pipeline.amount, gap)

    def __repr__(self) -> str:
        figures = (
            f"ratio={_shown(self.ratio, 'ratio')}",
            f"pipeline={_shown(self.pipeline, 'ratio')}",
            f"gap={_shown(self.gap, 'ratio')}",
            f"target={_shown(self.target, 'ratio')}",
            f"won={_shown(self.won, 'ratio')}",
            f"weighted={self.weighted}",
        )
        return f"Coverage({', '.join(figures)})"


def coverage(
    opportunities: Iterable[Opportunity],
    *,
    target: Money,
    weighted: bool = False,
    rates: ExchangeRates | None = None,
) -> Coverage:
    """Pipeline coverage as practitioners compute it: open pipeline over the target gap.

    The gap is the (positive) ``target`` less the amount of the won deals among
    ``opportunities``; the pipeline is the open deals' amount, or their weighted amount with
    ``weighted=True``. Lost deals count nowhere. Amounts are converted to the target's currency
    with ``rates``, unrounded. A ratio of 3 means the open pipeline is three times what is left
    to win.

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> def deal(i, amount, stage="proposal"):
    ...     return Opportunity(id=f"O-{i}", account_id="A", name="d", amount=Money(amount, "EUR"),
    ...                        stage=stage, close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1))
    >>> won = deal(1, "5000.00").win(at=pendulum.datetime(2026, 3, 9, tz="UTC"))
    >>> deals = [won, deal(2, "90000.00")]
    >>> cover = coverage(deals, target=Money("35000.00", "EUR"))
    >>> cover.ratio, cover.gap
    (Decimal('3'), Money('30000.00', 'EUR'))
    >>> coverage(deals, target=Money("35000.00", "EUR"), weighted=True).ratio
    Decimal('1.5')
    """
    if type(target) is not Money or target.amount <= 0:
        raise ValidationError("target", target, "a positive Money")
    if type(weighted) is not bool:
        raise ValidationError("weighted", weighted, "True or False")
    currency = target.currency
    pipeline = won = _ZERO
    for opp in _opportunities(opportunities):
        if opp.is_open:
            amount = opp.weighted_amount if weighted else opp.amount
            pipeline = DECIMAL_CONTEXT.add(pipeline, _in(amount, currency, rates))
        elif opp.is_won:
            won = DECIMAL_CONTEXT.add(won, _in(opp.amount, currency, rates))
    won, pipeline = (total if total else _ZERO for total in (won, pipeline))  # never 0E-61
    return Coverage(
        target=target,
        won=Money(won, currency),
        pipeline=Money(pipeline, currency),
        weighted=weighted,
    )


# ------------------------------------------------------------------------------ calibration


@attrs.frozen(kw_only=True, repr=False)
class CalibrationBucket:
    """Closed deals whose predicted probability fell in ``[lower, upper)`` (the last bucket
    includes 1): the mean predicted probability, the share actually won, and their Brier score.

    >>> from accountexec.money import Rate
    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> def deal(p):
    ...     return Opportunity(id="O", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1), probability=Rate(p))
    >>> (top,) = calibration([deal("0.9").win(at=at), deal("0.75").lose(at=at, reason="price")],
    ...                      buckets=4).buckets
    >>> top.lower, top.upper, top.count
    (Decimal('0.75'), Decimal('1.00'), 2)
    >>> top.predicted, top.actual, top.brier_score  # predicted 82.5%, won 50%
    (Decimal('0.825'), Decimal('0.5'), Decimal('0.28625'))

    A bucket holds one deal or more; its bounds, means and score are Decimals from 0 to 1.
    """

    lower: Decimal = attrs.field(validator=_check_unit)
    upper: Decimal = attrs.field(validator=_check_unit)
    count: int = attrs.field(validator=check_count)
    predicted: Decimal = attrs.field(validator=_check_unit)
    actual: Decimal = attrs.field(validator=_check_unit)
    brier_score: Decimal = attrs.field(validator=_check_unit)

    def __repr__(self) -> str:
        return _rounded_repr(self, {})

    def __attrs_post_init__(self) -> None:
        if self.upper <= self.lower:
            raise ValidationError("upper", self.upper, f"more than lower ({self.lower})")
        if self.count < 1:
            raise ValidationError("count", self.count, "a whole number of deals, 1 or more")


def _to_buckets(value: Iterable[CalibrationBucket]) -> tuple[CalibrationBucket, ...]:
    return to_sequence_of("buckets", CalibrationBucket, value)


@attrs.frozen(kw_only=True, repr=False)
class Calibration:
    """Predicted against actual win rates per probability bucket, and the overall Brier score.

    The Brier score is the mean of (predicted − outcome)², outcome 1 for won and 0 for lost:
    0 is perfect, 0.25 is what always predicting 50% scores.

    >>> from accountexec.money import Rate
    >>> from datetime import date
    >>> import pendulum
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> def deal(p):
    ...     return Opportunity(id="O", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1), probability=Rate(p))
    >>> result = calibration([deal("0.7").win(at=at), deal("0.9").win(at=at),
    ...                       deal("0.75").lose(at=at, reason="price"),
    ...                       deal("0.1").lose(at=at, reason="price")], buckets=4)
    >>> [(str(b.lower), b.count) for b in result.buckets]
    [('0.00', 1), ('0.50', 1), ('0.75', 2)]
    >>> result.count, result.brier_score
    (4, Decimal('0.168125'))

    The buckets are in order and do not overlap; ``count`` is the deals of the buckets, and the
    Brier score (from 0 to 1) is None exactly when there are none.
    """

    buckets: tuple[CalibrationBucket, ...] = attrs.field(converter=_to_buckets)
    count: int = attrs.field(validator=check_count)
    brier_score: Decimal | None = attrs.field(
        validator=decimal_validator(minimum=_ZERO, maximum=_ONE, optional=True)
    )

    def __repr__(self) -> str:
        return _rounded_repr(self, {})

    def __attrs_post_init__(self) -> None:
        for before, after in zip(self.buckets, self.buckets[1:], strict=False):
            if after.lower < before.upper:
                raise ValidationError("buckets", after, "buckets in order, without overlap")
        count = sum(bucket.count for bucket in self.buckets)
        if self.count != count:
            raise ValidationError("count", self.count, f"{count} (the deals of the buckets)")
        if (self.brier_score is None) != (count == 0):
            raise ValidationError(
                "brier_score", self.brier_score, "a Decimal exactly when there are deals"
            )


def _predicted(opp: Opportunity) -> Stage:
    """The open stage a closed deal closed from (its probability is what was predicted)."""
    if not opp.history:
        raise ValidationError(
            "closed_opportunities",
            opp.id,
            "closed deals with a stage history or a manual probability (to know the prediction)",
        )
    return opp.pipeline.stage(opp.history[-1].source)


def _bound(index: int, buckets: int) -> Decimal:
    """``index / buckets``: as ``index × (1 / buckets)`` when that is exact (0.25 steps show as
    0.50, 0.75, 1.00), else divided, because 3 × (1/6) is 0.500...01 and 3 × (1/3) 0.999..., which
    would leave a deal predicted at exactly 0.5 or 1 outside its own bucket."""
    if pow(10, DECIMAL_CONTEXT.prec, buckets) == 0:  # 1 / buckets has a finite expansion
        return index * (_ONE / buckets)
    return Decimal(index) / buckets


def calibration(closed_opportunities: Iterable[Opportunity], *, buckets: int = 10) -> Calibration:
    """How honest the probabilities were: per bucket, predicted vs actual win rate, and Brier scores.

    The prediction for a closed deal is its manual probability if it has one, else the default
    probability of the stage it closed from (the source of its last move). Open deals are refused,
    and so is a closed deal with neither a manual probability nor a history. ``buckets`` equal-width
    buckets over [0, 1]; only non-empty ones are returned.

    >>> from datetime import date, datetime
    >>> import pendulum
    >>> from accountexec.money import Money, Rate
    >>> from accountexec.pipeline import Opportunity
    >>> at = pendulum.datetime(2026, 4, 1, tz="UTC")
    >>> def deal(p):
    ...     return Opportunity(id="O", account_id="A", name="d", amount=Money("10.00", "EUR"),
    ...                        stage="lead", close_on=date(2026, 6, 1), owner="ana",
    ...                        created_on=date(2026, 3, 1), probability=Rate(p))
    >>> cal = calibration([deal("0.8").win(at=at), deal("0.8").lose(at=at, reason="price"),
    ...                    deal("0.2").lose(at=at, reason="price")], buckets=5)
    >>> [(b.lower, b.count, b.predicted, b.actual) for b in cal.buckets]
    [(Decimal('0.2'), 1, Decimal('0.2'), Decimal('0')), (Decimal('0.8'), 2, Decimal('0.8'), Decimal('0.5'))]
    >>> cal.brier_score
    Decimal('0.24')
    """  # noqa: E501
    if type(buckets) is not int or buckets < 1:
        raise ValidationError("buckets", buckets, "a whole number of buckets, 1 or more")
    groups: dict[int, list[tuple[Decimal, Decimal]]] = {}
    scores: list[Decimal] = []
    with decimal.localcontext(DECIMAL_CONTEXT):
        for opp in _opportunities(closed_opportunities):
            if opp.is_open:
                raise ValidationError("closed_opportunities", opp.id, "won or lost deals only")
            manual = opp.manual_probability
            p = manual.value if manual is not None else _predicted(opp).probability.value
            outcome = _ONE if opp.is_won else _ZERO
            index = min(int((p * buckets).to_integral_value(decimal.ROUND_FLOOR)), buckets - 1)
            groups.setdefault(index, []).append((p, outcome))
            scores.append((p - outcome) ** 2)
        rows = []
        for index in sorted(groups):
            pairs = groups[index]
            rows.append(
                CalibrationBucket(
                    lower=_bound(index, buckets),
                    upper=_bound(index + 1, buckets),
                    count=len(pairs),
                    predicted=sum((p for p, _o in pairs), _ZERO) / len(pairs),
                    actual=sum((o for _p, o in pairs), _ZERO) / len(pairs),
                    brier_score=sum(((p - o) ** 2 for p, o in pairs), _ZERO) / len(pairs),
                )
            )
    return Calibration(buckets=tuple(rows), count=len(scores), brier_score=_mean(scores))
