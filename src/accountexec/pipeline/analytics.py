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
from typing import Any, Final

import attrs
import pendulum

from accountexec._fields import (
    check_count,
    check_text,
    decimal_validator,
    require_currency,
    to_date,
    to_sequence_of,
)
from accountexec.calendars import WorkCalendar
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate, money_validator
from accountexec.pipeline.forecasting import _factor
from accountexec.pipeline.opportunities import Opportunity, Pipeline, Stage

__all__ = [
    "Calibration",
    "CalibrationBucket",
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


def _check_share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: None or a Rate from 0 to 1 (a share of deals or of an amount)."""
    if value is not None and (type(value) is not Rate or not _ZERO <= value.value <= _ONE):
        raise ValidationError(attribute.name, value, "a Rate from 0 to 1, or None")


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


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
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

    def __attrs_post_init__(self) -> None:
        require_currency("lost_amount", self.lost_amount, self.won_amount.currency)
        _require_ratio("by_count", self.by_count, self.won, self.won + self.lost)
        won, lost = self.won_amount.amount, self.lost_amount.amount
        _require_ratio("by_amount", self.by_amount, won, DECIMAL_CONTEXT.add(won, lost))


def win_rate(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
) -> WinRate:
    """The win rate of the closed deals among ``opportunities`` (open deals are ignored).

    ``by_count`` is won / closed; ``by_amount`` is won amount / closed amount, amounts converted
    to ``currency`` with ``rates``. Both are None when nothing is closed (or closed amounts are 0).

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
    """
    target = Currency(currency)
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


@attrs.frozen(kw_only=True)
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
    StageDuration(stage='lead', stays=1, average_days=Decimal('14'), average_business_days=Decimal('10'))
    """  # noqa: E501
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


@attrs.frozen(kw_only=True)
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


def sales_velocity(
    opportunities: Iterable[Opportunity],
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
) -> SalesVelocity:
    """Sales velocity: open count × win rate (by count) × average won amount / average cycle days.

    The cycle of a won deal runs from ``created_on`` to the date it was won (its last ``win`` move,
    else its ``close_on``).

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
    """
    target = Currency(currency)
    items = _opportunities(opportunities)
    open_count = sum(1 for opp in items if opp.is_open)
    rate = win_rate(items, currency=target, rates=rates)
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


def coverage(
    opportunities: Iterable[Opportunity],
    *,
    target: Money,
    rates: ExchangeRates | None = None,
) -> Decimal:
    """Pipeline coverage: the open deals' weighted amount over a (positive) ``target``.

    Amounts are converted to the target's currency with ``rates``, unrounded. 3 means the
    weighted open pipeline is three times the target.

    >>> from datetime import date, datetime
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deal = Opportunity(id="O-1", account_id="A", name="d", amount=Money("90000.00", "EUR"),
    ...                    stage="proposal", close_on=date(2026, 6, 1), owner="ana",
    ...                    created_on=date(2026, 3, 1))
    >>> coverage([deal], target=Money("15000.00", "EUR"))
    Decimal('3.0')
    """
    if type(target) is not Money or target.amount <= 0:
        raise ValidationError("target", target, "a positive Money")
    weighted = _ZERO
    for opp in _opportunities(opportunities):
        if opp.is_open:
            amount = _in(opp.weighted_amount, target.currency, rates)
            weighted = DECIMAL_CONTEXT.add(weighted, amount)
    return DECIMAL_CONTEXT.divide(weighted, target.amount)


# ------------------------------------------------------------------------------ calibration


@attrs.frozen(kw_only=True)
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

    def __attrs_post_init__(self) -> None:
        if self.upper <= self.lower:
            raise ValidationError("upper", self.upper, f"more than lower ({self.lower})")
        if self.count < 1:
            raise ValidationError("count", self.count, "a whole number of deals, 1 or more")


def _to_buckets(value: Iterable[CalibrationBucket]) -> tuple[CalibrationBucket, ...]:
    return to_sequence_of("buckets", CalibrationBucket, value)


@attrs.frozen(kw_only=True)
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
        width = _ONE / buckets
        rows = []
        for index in sorted(groups):
            pairs = groups[index]
            rows.append(
                CalibrationBucket(
                    lower=index * width,
                    upper=(index + 1) * width,
                    count=len(pairs),
                    predicted=sum((p for p, _o in pairs), _ZERO) / len(pairs),
                    actual=sum((o for _p, o in pairs), _ZERO) / len(pairs),
                    brier_score=sum(((p - o) ** 2 for p, o in pairs), _ZERO) / len(pairs),
                )
            )
    return Calibration(buckets=tuple(rows), count=len(scores), brier_score=_mean(scores))
