"""Sales targets and attainment: what each owner (or team) must win in a period, and where it stands.

A :class:`SalesTarget` is an amount to win in a month (``"2026-05"``), a quarter (``"2026-Q2"``)
or a year (``"2026"``) for an owner, or for a team whose ``members`` are owners.
:func:`attainment` reads the pipeline as of a date and gives, per target: **won** (closed-won
deals closing in the period), the open deals of the period by forecast category (**commit**,
**best case**, **pipeline**, each unweighted), the **gap** (target minus won, never below zero),
**attainment** (won ÷ target) and **coverage** (open pipeline ÷ gap). A common rule of thumb wants
three times the gap in open pipeline (:data:`COVERAGE_RULE_OF_THUMB`); it is a default threshold,
not a law.

Attainment is computed from the forecast's exact, mergeable
:class:`~accountexec.pipeline.PipelineSummary` grouped by month, owner and forecast category
(:data:`ATTAINMENT_GROUPING`): summarise shards of deals (on a process pool or Dask, as for the
forecast), add the summaries, and pass the sum instead of the deals. The figures of a union of
deals are the sums of the figures of its parts, rounded once at the end.

>>> from datetime import date
>>> from accountexec.money import Money
>>> from accountexec.pipeline import Opportunity
>>> def deal(i, amount, stage):
...     return Opportunity(f"O-{i}", "ACME", "deal", Money(amount, "EUR"), stage,
...                        date(2026, 5, 20), "ana", date(2026, 3, 2))
>>> deals = [deal(1, "40000.00", "won"), deal(2, "30000.00", "negotiation"),
...          deal(3, "90000.00", "proposal")]
>>> row, = attainment([SalesTarget("ana", "2026-Q2", Money("100000.00", "EUR"))], deals,
...                   as_of=date(2026, 5, 1))
>>> row.won, row.commit, row.best_case, row.gap, row.attainment, row.coverage
(Money('40000.00', 'EUR'), Money('30000.00', 'EUR'), Money('90000.00', 'EUR'), Money('60000.00', 'EUR'), Rate('0.4'), Decimal('2'))
>>> row.is_covered()
False
"""  # noqa: E501

from __future__ import annotations

import datetime as _dt
import decimal
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from accountexec._fields import check_text, to_date, to_sequence, to_sequence_of
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate
from accountexec.pipeline.forecasting import Grouping, PipelineSummary, summarise
from accountexec.pipeline.opportunities import Opportunity

__all__ = [
    "ATTAINMENT_GROUPING",
    "COVERAGE_RULE_OF_THUMB",
    "Attainment",
    "AttainmentRow",
    "SalesTarget",
    "attainment",
    "attainment_summary",
]

ATTAINMENT_GROUPING: Final[tuple[Grouping, ...]] = ("month", "owner", "category")
"""How :func:`attainment_summary` groups a pipeline summary: by close month, owner, category."""

COVERAGE_RULE_OF_THUMB: Final = Decimal(3)
"""The usual wish: open pipeline of three times the gap still to win."""

_ZERO: Final = Decimal(0)
_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?\Z")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z")
_OPEN: Final = ("commit", "best_case", "pipeline")


def _check_period(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _PERIOD.match(value):
        raise ValidationError(
            "period", value, "a month '2026-05', a quarter '2026-Q2' or a year '2026'"
        )


def _to_members(value: Iterable[str]) -> frozenset[str]:
    items = to_sequence("members", value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError("members", item, "owner names (non-empty text)")
    return frozenset(items)


def _check_amount(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or not value.is_rounded or value.amount <= 0:
        raise ValidationError("amount", value, "a positive Money rounded to its minor unit")


@attrs.frozen
class SalesTarget:
    """An amount to win in a period: ``SalesTarget(owner, period, amount)``.

    ``period`` is ``"2026-05"``, ``"2026-Q2"`` or ``"2026"``. For a team, ``owner`` names the
    team and ``members`` the owners whose deals count; otherwise the owner's own deals count.

    >>> from accountexec.money import Money
    >>> team = SalesTarget("north", "2026", Money("1000000.00", "EUR"), members={"ana", "ben"})
    >>> sorted(team.owners)
    ['ana', 'ben']
    """

    owner: str = attrs.field(validator=check_text)
    period: str = attrs.field(validator=_check_period)
    amount: Money = attrs.field(validator=_check_amount)
    members: frozenset[str] = attrs.field(default=frozenset(), converter=_to_members, kw_only=True)

    @property
    def owners(self) -> frozenset[str]:
        """The owners whose deals count: the members, or the owner alone."""
        return self.members or frozenset({self.owner})

    def covers(self, month: str) -> bool:
        """Whether a month label (``"2026-05"``) falls in the target's period."""
        if not isinstance(month, str) or not _MONTH.match(month):
            raise ValidationError("month", month, "a month label such as '2026-05'")
        match = _PERIOD.match(self.period)
        if match is None:  # pragma: no cover (validated at construction)
            return False
        year, quarter, mon = match.groups()
        if month[:4] != year:
            return False
        if quarter is not None:
            return (int(month[5:7]) - 1) // 3 + 1 == int(quarter)
        return mon is None or month[5:7] == mon


def _check_figure(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or not value.is_rounded or value.amount < 0:
        raise ValidationError(attribute.name, value, "a rounded Money of zero or more")


@attrs.frozen(kw_only=True)
class AttainmentRow:
    """One target's standing: won, open pipeline by category, gap, attainment and coverage.

    Every amount is in the target's currency, rounded once from exact sums.

    >>> from accountexec.money import Money
    >>> def eur(a):
    ...     return Money(a, "EUR")
    >>> goal = SalesTarget("ana", "2026-05", eur("1000.00"))
    >>> row = AttainmentRow(target=goal, won=eur("1200.00"), commit=eur("0.00"),
    ...                     best_case=eur("0.00"), pipeline=eur("50.00"))
    >>> row.gap, row.attainment, row.coverage, row.is_covered()
    (Money('0.00', 'EUR'), Rate('1.2'), None, True)
    """

    target: SalesTarget = attrs.field()
    won: Money = attrs.field(validator=_check_figure)
    commit: Money = attrs.field(validator=_check_figure)
    best_case: Money = attrs.field(validator=_check_figure)
    pipeline: Money = attrs.field(validator=_check_figure)

    @target.validator
    def _check_target(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, SalesTarget):
            raise ValidationError("target", value, "a SalesTarget")

    def __attrs_post_init__(self) -> None:
        currency = self.target.amount.currency
        for name in ("won", "commit", "best_case", "pipeline"):
            if getattr(self, name).currency != currency:
                raise ValidationError(name, getattr(self, name), f"an amount in {currency.code}")

    @property
    def open_pipeline(self) -> Money:
        """Commit, best case and pipeline: every open deal of the period, unweighted."""
        return self.commit + self.best_case + self.pipeline

    @property
    def gap(self) -> Money:
        """What is left to win: target minus won, zero once the target is met."""
        return max(self.target.amount - self.won, Money.zero(self.won.currency))

    @property
    def attainment(self) -> Rate:
        """Won over target (above 1 when the target is beaten)."""
        return Rate(DECIMAL_CONTEXT.divide(self.won.amount, self.target.amount.amount))

    @property
    def coverage(self) -> Decimal | None:
        """Open pipeline over the gap; None once the target is met (nothing left to cover)."""
        if self.gap.amount == 0:
            return None
        return DECIMAL_CONTEXT.divide(self.open_pipeline.amount, self.gap.amount)

    def is_covered(self, threshold: Decimal | int = COVERAGE_RULE_OF_THUMB) -> bool:
        """Whether the open pipeline covers the gap ``threshold`` times (met targets are)."""
        if isinstance(threshold, bool) or not isinstance(threshold, int | Decimal):
            raise ValidationError("threshold", threshold, "a Decimal or an int, zero or more")
        if not Decimal(threshold).is_finite() or threshold < 0:
            raise ValidationError("threshold", threshold, "a finite number, zero or more")
        cover = self.coverage
        return cover is None or cover >= Decimal(threshold)


def _to_rows(value: Iterable[AttainmentRow]) -> tuple[AttainmentRow, ...]:
    return to_sequence_of("rows", AttainmentRow, value)


def _as_of(value: object) -> pendulum.Date:
    return to_date(value, "as_of")


@attrs.frozen(kw_only=True)
class Attainment:
    """Every target's :class:`AttainmentRow` as of a date, in the order the targets were given.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> result = attainment([SalesTarget("ana", "2026", Money("10.00", "EUR"))], [],
    ...                     as_of=date(2026, 1, 1))
    >>> result.row("ana", "2026").gap, len(result)
    (Money('10.00', 'EUR'), 1)
    """

    as_of: pendulum.Date = attrs.field(converter=_as_of)
    rows: tuple[AttainmentRow, ...] = attrs.field(converter=_to_rows)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, owner: str, period: str) -> AttainmentRow:
        """The row of one owner's (or team's) target for a period."""
        for row in self.rows:
            if (row.target.owner, row.target.period) == (owner, period):
                return row
        allowed = ", ".join(repr((r.target.owner, r.target.period)) for r in self.rows) or "none"
        raise ValidationError("owner", (owner, period), f"one of {allowed}")

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per target (``pandas.DataFrame`` ready)."""
        return [
            {
                "owner": r.target.owner,
                "period": r.target.period,
                "currency": r.target.amount.currency.code,
                "target": r.target.amount.amount,
                "won": r.won.amount,
                "commit": r.commit.amount,
                "best_case": r.best_case.amount,
                "pipeline": r.pipeline.amount,
                "gap": r.gap.amount,
                "attainment": r.attainment.value,
                "coverage": r.coverage,
            }
            for r in self.rows
        ]


def attainment_summary(opportunities: Iterable[Opportunity], as_of: _dt.date) -> PipelineSummary:
    """The summary :func:`attainment` reads: ``summarise(deals, as_of=as_of, by=ATTAINMENT_GROUPING)``.

    Summaries of shards add up (``+``) to the summary of all the deals.

    >>> from datetime import date
    >>> attainment_summary([], as_of=date(2026, 5, 1)).group_by
    ('month', 'owner', 'category')
    """  # noqa: E501
    return summarise(opportunities, as_of=as_of, group_by=ATTAINMENT_GROUPING)


def attainment(
    targets: Iterable[SalesTarget],
    opportunities: Iterable[Opportunity] | PipelineSummary,
    as_of: _dt.date,
    rates: ExchangeRates | None = None,
) -> Attainment:
    """Each target's won, commit, best case, pipeline, gap, attainment and coverage as of a date.

    ``opportunities`` are the deals, or their :func:`attainment_summary` (the sum of the
    summaries of shards) as of the same date. A deal counts in a target when its owner is one of
    the target's owners and its close month falls in the target's period, in the stage it held
    as of ``as_of``; lost deals count nowhere. Deals in another currency than a target's are
    converted with ``rates`` (exact, then rounded once).

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deals = [Opportunity(f"O-{i}", "ACME", "deal", Money("500.00", "EUR"), "won",
    ...                      date(2026, 5, 20), owner, date(2026, 3, 2))
    ...          for i, owner in enumerate(["ana", "ben", "cy"])]
    >>> team = SalesTarget("north", "2026-Q2", Money("2000.00", "EUR"), members={"ana", "ben"})
    >>> row, = attainment([team], deals, as_of=date(2026, 6, 1))
    >>> row.won, row.attainment
    (Money('1000.00', 'EUR'), Rate('0.5'))
    """
    day = to_date(as_of, "as_of")
    goals = to_sequence_of("targets", SalesTarget, targets)
    if rates is not None and not isinstance(rates, ExchangeRates):
        raise ValidationError("rates", rates, "ExchangeRates or None")
    if isinstance(opportunities, PipelineSummary):
        summary = opportunities
        if summary.group_by is not None and (summary.group_by, summary.as_of) != (
            ATTAINMENT_GROUPING,
            day,
        ):
            raise ValidationError(
                "opportunities",
                (summary.group_by, str(summary.as_of)),
                f"a summary by {ATTAINMENT_GROUPING!r} as of {day} (see attainment_summary)",
            )
    else:
        summary = attainment_summary(opportunities, day)
    rows = []
    with decimal.localcontext(DECIMAL_CONTEXT):
        for goal in goals:
            currency = goal.amount.currency
            sums = dict.fromkeys(("won", *_OPEN), _ZERO)
            for cell in summary.cells:
                month, owner, category = cell.key
                if owner not in goal.owners or not goal.covers(month):
                    continue
                factor = _factor(cell.currency, currency, rates)
                if category == "closed":
                    sums["won"] += cell.closed_won_amount * factor
                elif category in _OPEN:
                    sums[category] += cell.amount * factor
            figures = {name: Money(value, currency).round() for name, value in sums.items()}
            rows.append(AttainmentRow(target=goal, **figures))
    return Attainment(as_of=day, rows=rows)


def _factor(code: str, target: Currency, rates: ExchangeRates | None) -> Decimal:
    if code == target.code:
        return Decimal(1)
    if rates is None:
        raise CurrencyMismatchError(
            code,
            target.code,
            "convert",
            message=(
                f"cannot count {code!r} deals against a target in {target.code!r} without "
                "exchange rates; pass rates=ExchangeRates(...)"
            ),
        )
    return rates.rate(code, target)
