"""Forecasts that merge: the exact :class:`PipelineSummary` monoid and the :class:`Forecast`.

The implementation behind :func:`accountexec.pipeline.forecast`; every public name here is
re-exported from (and documented, pickled and shown as living in) :mod:`accountexec.pipeline`,
where users import it.

:func:`summarise` folds opportunities into exact, unrounded sums per group and currency;
summaries of chunks add up to the summary of the whole (``summarise(x) + summarise(y) ==
summarise(x + y)``), so a forecast over many millions of rows runs in pieces, in a process pool or
on Dask, and combines. :meth:`PipelineSummary.to_forecast` converts and rounds once, at the end.

>>> from datetime import date
>>> from accountexec.money import Money
>>> from accountexec.pipeline import Opportunity
>>> deals = [
...     Opportunity("O-1", "ACME", "Spring campaign", Money("40000.00", "EUR"), "proposal",
...                 date(2026, 5, 29), "ana", date(2026, 3, 2)),
...     Opportunity("O-2", "Globex", "Retainer", Money("12000.00", "EUR"), "lead",
...                 date(2026, 6, 15), "ben", date(2026, 3, 9)),
... ]
>>> summarise(deals[:1]) + summarise(deals[1:]) == summarise(deals)
True
>>> fc = forecast(deals, as_of=date(2026, 4, 1), group_by="quarter", currency="EUR")
>>> fc.total.weighted_amount
Money('21200.00', 'EUR')
"""

from __future__ import annotations

import contextlib
import decimal
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Final, Literal, TypeVar, get_args

import attrs
import pendulum

from accountexec import _columns, _views
from accountexec._fields import (
    check_count,
    decimal_validator,
    instance_of,
    require_currency,
    to_date,
    to_optional_date,
    to_sequence,
    to_sequence_of,
)
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import (
    DECIMAL_CONTEXT,
    Currency,
    ExchangeRates,
    Money,
    RoundingMode,
    money_validator,
)
from accountexec.pipeline.opportunities import Opportunity

__all__ = [
    "GROUPINGS",
    "Forecast",
    "ForecastCell",
    "Grouping",
    "PipelineSummary",
    "SummaryCell",
    "forecast",
    "summarise",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)

Grouping = Literal["month", "quarter", "year", "owner", "stage", "category", "account"]
"""A dimension a forecast groups by (periods are those of ``close_on``)."""

GROUPINGS: Final[tuple[Grouping, ...]] = get_args(Grouping)

# ------------------------------------------------------------------------------------ summaries


def _to_code(value: str | Currency) -> str:
    """The ISO 4217 code of a currency given as a code (any case) or a Currency."""
    return Currency(value).code


def _to_key(value: Iterable[str]) -> tuple[str, ...]:
    return to_sequence_of("key", str, value)


_check_sum = decimal_validator(minimum=_ZERO)


@attrs.frozen(kw_only=True)
class SummaryCell:
    """Exact, unrounded sums for one group and one currency of a :class:`PipelineSummary`.

    Amounts stay in their own currency and keep every digit until a forecast is read out:

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deals = [
    ...     Opportunity(id=f"O-{i}", account_id="ACME", name="deal", amount=amount,
    ...                 stage="qualified", close_on=date(2026, 6, 1), owner="ana",
    ...                 created_on=date(2026, 3, 2))
    ...     for i, amount in enumerate([Money("100.01", "EUR"), Money("300.00", "USD")])
    ... ]
    >>> eur, usd = summarise(deals, group_by="owner").cells
    >>> eur.key, eur.currency, eur.count, eur.weighted_amount
    (('ana',), 'EUR', 1, Decimal('25.0025'))
    >>> usd.currency, usd.amount
    ('USD', Decimal('300.00'))

    A cell counts one deal or more; its sums are finite Decimals of zero or more, and neither the
    weighted nor the closed-won amount exceeds the amount. Deals in the ``omitted`` forecast
    category (closed lost) are counted apart, in ``omitted_count`` and ``omitted_amount``, and
    never in ``count`` or the amounts.
    """

    key: tuple[str, ...] = attrs.field(converter=_to_key)
    currency: str = attrs.field(converter=_to_code)
    count: int = attrs.field(validator=check_count)
    amount: Decimal = attrs.field(validator=_check_sum)
    weighted_amount: Decimal = attrs.field(validator=_check_sum)
    closed_won_amount: Decimal = attrs.field(validator=_check_sum)
    omitted_count: int = attrs.field(default=0, validator=check_count)
    omitted_amount: Decimal = attrs.field(default=_ZERO, validator=_check_sum)

    def __attrs_post_init__(self) -> None:
        if self.count + self.omitted_count < 1:
            raise ValidationError(
                "count", self.count, "a whole number of deals, 1 or more (omitted ones included)"
            )
        if self.omitted_count == 0 and self.omitted_amount:
            raise ValidationError("omitted_amount", self.omitted_amount, "0 with no omitted deal")
        if self.count == 0 and self.amount:
            raise ValidationError("amount", self.amount, "0 with no counted deal")
        for name in ("weighted_amount", "closed_won_amount"):
            if getattr(self, name) > self.amount:
                raise ValidationError(name, getattr(self, name), f"at most {self.amount}")


def _to_group_by(value: Iterable[str] | str) -> tuple[Grouping, ...]:
    if isinstance(value, str):
        value = (value,)
    result = to_sequence("group_by", value)
    allowed = ", ".join(repr(g) for g in GROUPINGS)
    for item in result:
        if item not in GROUPINGS:
            raise ValidationError("group_by", item, f"groupings among {allowed}")
    if len(set(result)) != len(result):
        raise ValidationError("group_by", result, "each grouping at most once")
    return result  # type: ignore[return-value]


def _to_cells(value: Iterable[SummaryCell]) -> tuple[SummaryCell, ...]:
    cells = to_sequence_of("cells", SummaryCell, value)
    return tuple(sorted(cells, key=lambda c: (c.key, c.currency)))


def _summary_as_of(value: date | None) -> pendulum.Date | None:
    return to_optional_date(value, "as_of")


def _to_stage_order(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("stage_order", value, "a sequence of stage names")
    order = tuple(value)
    if not all(type(name) is str and name for name in order) or len(set(order)) != len(order):
        raise ValidationError("stage_order", order, "distinct, non-empty stage names")
    return order


@attrs.frozen(kw_only=True)
class PipelineSummary:
    """The exact aggregate behind :func:`forecast`: a monoid of unrounded sums.

    ``cells`` hold, per group key and per currency, the count, amount, weighted amount and
    closed-won amount as unrounded Decimals, so ``summarise(x) + summarise(y) == summarise(x + y)``
    exactly (within the 60 significant digits of the library's context). Conversion and rounding
    happen only when a forecast is read out with :meth:`to_forecast`. :meth:`empty` (``group_by``
    of None) is the identity and adds to any summary; two other summaries add only when they share
    ``group_by`` and ``as_of`` (None for a summary of deals as they stand now). Grouped by stage, a
    summary records its ``stage_order``: the stage names of the first opportunity's pipeline (in
    a sum, the left summary's unless it has none), which the forecast's funnel follows.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> deals = [
    ...     Opportunity(id=f"O-{i}", account_id="ACME", name="deal", amount=Money(amount, "EUR"),
    ...                 stage="proposal", close_on=date(2026, 5, 29), owner="ana",
    ...                 created_on=date(2026, 3, 2))
    ...     for i, amount in enumerate(["100.01", "200.02", "300.03"])
    ... ]
    >>> as_of = date(2026, 4, 1)
    >>> whole = summarise(deals, as_of=as_of)
    >>> summarise(deals[:1], as_of=as_of) + summarise(deals[1:], as_of=as_of) == whole
    True
    >>> whole.cells[0].weighted_amount, whole.to_forecast(currency="EUR").total.weighted_amount
    (Decimal('300.030'), Money('300.03', 'EUR'))
    """

    group_by: tuple[Grouping, ...] | None = attrs.field(default=None)
    as_of: pendulum.Date | None = attrs.field(default=None, converter=_summary_as_of)
    cells: tuple[SummaryCell, ...] = attrs.field(default=(), converter=_to_cells)
    stage_order: tuple[str, ...] = attrs.field(default=(), converter=_to_stage_order)

    @group_by.validator
    def _check_group_by(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (type(value) is not tuple or _to_group_by(value) != value):
            raise ValidationError("group_by", value, "a tuple of groupings or None")

    def __attrs_post_init__(self) -> None:
        if self.group_by is None and self.as_of is not None:
            raise ValidationError("as_of", self.as_of, "None in the empty summary (group_by=None)")
        if self.group_by is None and self.cells:
            raise ValidationError("cells", self.cells, "no cells in the empty summary")
        if self.stage_order and "stage" not in (self.group_by or ()):
            raise ValidationError(
                "stage_order", self.stage_order, "() unless the summary is grouped by stage"
            )
        width = len(self.group_by or ())
        previous = None
        for cell in self.cells:  # sorted by (key, currency): a repeated pair sits next to itself
            if len(cell.key) != width:
                raise ValidationError("cells", cell, f"keys of {width} values, one per grouping")
            if (cell.key, cell.currency) == previous:
                raise ValidationError("cells", cell, "one cell per key and currency")
            previous = (cell.key, cell.currency)

    @classmethod
    def empty(cls) -> PipelineSummary:
        """The identity: adds to any summary and changes nothing.

        >>> PipelineSummary.empty() + PipelineSummary.empty() == PipelineSummary.empty()
        True
        """
        return _EMPTY

    @property
    def currencies(self) -> frozenset[str]:
        """The currencies of the summarised amounts."""
        return frozenset(c.currency for c in self.cells)

    @property
    def count(self) -> int:
        """The number of opportunities summarised, lost ones (category ``omitted``) left out."""
        return sum(c.count for c in self.cells)

    @property
    def omitted_count(self) -> int:
        """The number of lost opportunities (category ``omitted``), counted apart."""
        return sum(c.omitted_count for c in self.cells)

    def __add__(self, other: PipelineSummary) -> PipelineSummary:
        if not isinstance(other, PipelineSummary):
            return NotImplemented
        if other.group_by is None:
            return self
        if self.group_by is None:
            return other
        if (self.group_by, self.as_of) != (other.group_by, other.as_of):
            raise ValidationError(
                "other",
                (other.group_by, str(other.as_of)),
                f"a summary with group_by={self.group_by!r} and as_of={str(self.as_of)!r}",
            )
        merged: dict[tuple[tuple[str, ...], str], list[Any]] = {}
        with decimal.localcontext(DECIMAL_CONTEXT):
            for cell in (*self.cells, *other.cells):
                _accumulate(merged, (cell.key, cell.currency), _figures(cell))
        return _summary(self.group_by, self.as_of, merged, self.stage_order or other.stage_order)

    def to_forecast(
        self,
        *,
        currency: str | Currency,
        rates: ExchangeRates | None = None,
        rounding: RoundingMode = "half_up",
    ) -> Forecast:
        """Read the summary out as a :class:`Forecast` in ``currency``, rounding once per figure.

        Each currency's exact sums are converted with ``rates`` (unrounded), added, and rounded
        once to ``currency``'s minor unit. A currency other than ``currency`` without ``rates``, or
        missing from ``rates``, is refused with :class:`~accountexec.errors.CurrencyMismatchError`
        naming the pair.
        """
        target = Currency(currency)
        factors = {code: _factor(code, target, rates) for code in sorted(self.currencies)}
        groups: dict[tuple[str, ...], list[Any]] = {}
        totals: dict[tuple[str, ...], list[Any]] = {(): [0, _ZERO, _ZERO, _ZERO, 0, _ZERO]}
        with decimal.localcontext(DECIMAL_CONTEXT):
            for cell in self.cells:
                factor = factors[cell.currency]
                figures = (
                    cell.count,
                    cell.amount * factor,
                    cell.weighted_amount * factor,
                    cell.closed_won_amount * factor,
                    cell.omitted_count,
                    cell.omitted_amount * factor,
                )
                _accumulate(groups, cell.key, figures)
                _accumulate(totals, (), figures)
        return Forecast(
            currency=target.code,
            group_by=self.group_by or (),
            as_of=self.as_of,
            rows=[_cell(key, slot, target, rounding) for key, slot in groups.items()],
            total=_cell((), totals[()], target, rounding),
            stage_order=self.stage_order,
        )


_EMPTY: Final = PipelineSummary()

_Key = TypeVar("_Key")


_Figures = tuple[int, Decimal, Decimal, Decimal, int, Decimal]


def _figures(cell: SummaryCell) -> _Figures:
    return (
        cell.count,
        cell.amount,
        cell.weighted_amount,
        cell.closed_won_amount,
        cell.omitted_count,
        cell.omitted_amount,
    )


def _accumulate(sums: dict[_Key, list[Any]], key: _Key, figures: _Figures) -> None:
    """Add (count, amount, weighted, closed-won, omitted count, omitted amount) into ``sums[key]``.

    In DECIMAL_CONTEXT only.
    """
    slot = sums.get(key)
    if slot is None:
        sums[key] = list(figures)
    else:
        slot[0] += figures[0]
        slot[1] += figures[1]
        slot[2] += figures[2]
        slot[3] += figures[3]
        slot[4] += figures[4]
        slot[5] += figures[5]


def _factor(code: str, target: Currency, rates: ExchangeRates | None) -> Decimal:
    if code == target.code:
        return _ONE
    if rates is None:
        raise CurrencyMismatchError(
            code,
            target.code,
            "convert",
            message=(
                f"cannot convert {code!r} amounts to {target.code!r} without exchange rates; "
                "pass rates=ExchangeRates(...)"
            ),
        )
    return rates.rate(code, target)


def _summary(
    group_by: tuple[Grouping, ...],
    as_of: pendulum.Date | None,
    sums: Mapping[tuple[tuple[str, ...], str], Sequence[Any]],
    stage_order: tuple[str, ...],
) -> PipelineSummary:
    cells = [_computed_cell(key, code, s) for (key, code), s in sums.items()]
    return PipelineSummary(group_by=group_by, as_of=as_of, cells=cells, stage_order=stage_order)


_SET: Final = object.__setattr__


def _computed_cell(key: tuple[str, ...], code: str, sums: Sequence[Any]) -> SummaryCell:
    """A cell of sums this module computed from valid opportunities (or valid cells), unchecked.

    The fast path of :func:`summarise` and ``+``, like ``Money._make``: what it is given is valid
    by construction, so the per-field checks are skipped (a summary holds a few hundred cells and
    is built once per chunk). ``SummaryCell(...)``, and so ``from_dict``, always validates; the
    summary built from these cells checks their shape.
    """
    cell: SummaryCell = object.__new__(SummaryCell)
    _SET(cell, "key", key)
    _SET(cell, "currency", code)
    _SET(cell, "count", sums[0])
    _SET(cell, "amount", sums[1])
    _SET(cell, "weighted_amount", sums[2])
    _SET(cell, "closed_won_amount", sums[3])
    _SET(cell, "omitted_count", sums[4])
    _SET(cell, "omitted_amount", sums[5])
    return cell


# The attribute each grouping reads in the hot loop; periods read the month label, mapped after.
_GROUP_ATTRIBUTE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "month": "_month",
        "quarter": "_month",
        "year": "_month",
        "owner": "owner",
        "stage": "stage",
        "category": "_category",
        "account": "account_id",
    }
)
_RAW_HEAD: Final = ("_currency", "_p", "_won", "_category")
_OMITTED: Final = "omitted"  # ForecastCategory.OMITTED: counted apart, never in the totals


def _period(grouping: str, month: str) -> str:
    """The period of a month label: itself, its quarter ("2026-Q2") or its year ("2026")."""
    if grouping == "month":
        return month
    if grouping == "quarter":
        return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
    return month[:4]


@attrs.frozen
class _AsOf:
    """An opportunity as it stood on a past date (the slow path of the forecast loop)."""

    _month: str
    owner: str
    stage: str
    account_id: str
    _currency: str
    _p: Decimal
    _won: bool
    _category: str


def _as_of_view(opp: Opportunity, day: pendulum.Date) -> _AsOf | None:
    name = opp.stage_on(day)
    if name is None:
        return None
    stage = opp.pipeline.stage(name)
    if stage.is_won:
        p = _ONE
    elif stage.is_lost:
        p = _ZERO
    else:
        manual = opp.manual_probability
        p = stage.probability.value if manual is None else manual.value
    return _AsOf(
        opp._month,
        opp.owner,
        name,
        opp.account_id,
        opp._currency,
        p,
        stage.is_won,
        stage.forecast_category.value,
    )


# An ordinal after every date: with no ``as_of``, no deal takes the as-of slow path.
_NOW: Final = date.max.toordinal() + 1


def summarise(
    opportunities: Iterable[Opportunity],
    *,
    as_of: date | None = None,
    group_by: Sequence[Grouping] | Grouping = ("month",),
) -> PipelineSummary:
    """The exact :class:`PipelineSummary` of ``opportunities`` as of a date, grouped by ``group_by``.

    ``as_of`` is the reporting date: deals created after it are left out, and a deal that moved
    after it counts in the stage it was in at the end of that day (from its history; its amount,
    close date and manual probability are the current ones). Without ``as_of`` (``None``, the
    default) every deal counts as it stands now, in its current stage. One pass, no rounding.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
    ...                    amount=Money("1000.00", "USD"), stage="lead",
    ...                    close_on=date(2026, 7, 1), owner="ana", created_on=date(2026, 3, 2))
    >>> summarise([deal], as_of=date(2026, 4, 1), group_by=["quarter", "owner"]).cells
    (SummaryCell(key=('2026-Q3', 'ana'), currency='USD', count=1, amount=Decimal('1000.00'), weighted_amount=Decimal('100.000'), closed_won_amount=Decimal('0'), omitted_count=0, omitted_amount=Decimal('0')),)
    >>> summarise([deal]).count, summarise([deal], as_of=date(2026, 3, 1)).count
    (1, 0)
    """  # noqa: E501
    if isinstance(opportunities, str | bytes) or not isinstance(opportunities, Iterable):
        raise ValidationError("opportunities", opportunities, "an iterable of Opportunity values")
    groupings = _to_group_by(group_by)
    day = None if as_of is None else to_date(as_of, "as_of")
    stage_order: tuple[str, ...] = ()
    if "stage" in groupings:
        deals = iter(opportunities)
        first = next(deals, None)
        if first is not None:
            with contextlib.suppress(AttributeError):  # not an Opportunity: refused below
                stage_order = first.pipeline.stage_names
            opportunities = itertools.chain((first,), deals)
    as_ord = _NOW if day is None else day.toordinal()
    dims: list[str] = []
    for grouping in groupings:
        attribute = _GROUP_ATTRIBUTE[grouping]
        if attribute not in dims and attribute not in _RAW_HEAD:
            dims.append(attribute)
    names = (*_RAW_HEAD, *dims)
    key_of = attrgetter(*names)
    raw: dict[tuple[Any, ...], list[Any]] = {}
    get = raw.get
    item: object = None
    with decimal.localcontext(DECIMAL_CONTEXT):
        try:
            for item in opportunities:
                state: Opportunity | _AsOf = item
                if item._since > as_ord and day is not None:  # moved after as_of: slow path
                    view = _as_of_view(item, day)
                    if view is None:
                        continue
                    state = view
                key = key_of(state)
                slot = get(key)
                if slot is None:
                    raw[key] = [1, item.amount.amount]
                else:
                    slot[0] += 1
                    slot[1] += item.amount.amount
        except AttributeError:
            if type(item) is Opportunity:  # pragma: no cover (a bug, not a bad input)
                raise
            raise ValidationError("opportunities", item, "Opportunity values") from None
        return _summary(groupings, day, _collapse(raw, names, groupings), stage_order)


def _collapse(
    raw: Mapping[tuple[Any, ...], Sequence[Any]],
    names: tuple[str, ...],
    groupings: tuple[Grouping, ...],
) -> dict[tuple[tuple[str, ...], str], list[Any]]:
    """Fold the loop's raw keys (currency, probability, won, category, dimensions) into group keys.

    Runs in the library's decimal context: weighted = amount sum × probability (exact), once per
    raw key rather than once per opportunity; months become quarters or years here too.
    """
    position = {name: i for i, name in enumerate(names)}
    plan = [(g, position[_GROUP_ATTRIBUTE[g]]) for g in groupings]
    periods: dict[tuple[str, str], str] = {}
    sums: dict[tuple[tuple[str, ...], str], list[Any]] = {}
    for key, (count, amount) in raw.items():
        values: list[str] = []
        for grouping, index in plan:
            value = key[index]
            if grouping in ("month", "quarter", "year"):
                label = periods.get((grouping, value))
                if label is None:
                    label = periods[grouping, value] = _period(grouping, value)
                value = label
            values.append(value)
        code, p, won, category = key[0], key[1], key[2], key[3]
        if category == _OMITTED:
            _accumulate(sums, (tuple(values), code), (0, _ZERO, _ZERO, _ZERO, count, amount))
            continue
        weighted = amount * p
        won_amount = amount if won else _ZERO
        _accumulate(sums, (tuple(values), code), (count, amount, weighted, won_amount, 0, _ZERO))
    return sums


# ------------------------------------------------------------------------------------ forecasts

_check_figure = money_validator(rounded=True, non_negative=True)


@attrs.frozen(kw_only=True)
class ForecastCell:
    """One group of a forecast: how many deals, their amount, weighted and closed-won amounts.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
    ...                    amount=Money("12000.00", "EUR"), stage="negotiation",
    ...                    close_on=date(2026, 6, 15), owner="ben", created_on=date(2026, 3, 9))
    >>> fc = forecast([deal], as_of=date(2026, 4, 1), group_by="category", currency="EUR")
    >>> commit = fc.cells[("commit",)]
    >>> commit.count, commit.amount, commit.weighted_amount, commit.closed_won_amount
    (1, Money('12000.00', 'EUR'), Money('9000.00', 'EUR'), Money('0.00', 'EUR'))

    The amounts are rounded, of zero or more, in one currency; neither the weighted nor the
    closed-won amount exceeds the amount, and a cell of no deals (an empty total) holds zero.
    Lost deals (forecast category ``omitted``) are shown apart, in ``omitted_count`` and
    ``omitted_amount``, and never added to ``count`` or ``amount``.
    """

    key: tuple[str, ...] = attrs.field(converter=_to_key)
    count: int = attrs.field(validator=check_count)
    amount: Money = attrs.field(validator=_check_figure)
    weighted_amount: Money = attrs.field(validator=_check_figure)
    closed_won_amount: Money = attrs.field(validator=_check_figure)
    omitted_count: int = attrs.field(default=0, validator=check_count)
    omitted_amount: Money = attrs.field(validator=_check_figure)

    @omitted_amount.default
    def _no_omitted_amount(self) -> Money:
        currency = self.amount.currency if isinstance(self.amount, Money) else Currency("XXX")
        return Money.zero(currency)

    def __attrs_post_init__(self) -> None:
        code = self.amount.currency.code
        require_currency("omitted_amount", self.omitted_amount, code)
        if self.omitted_count == 0 and self.omitted_amount.amount:
            raise ValidationError(
                "omitted_amount", self.omitted_amount, "zero with no omitted deal (omitted_count 0)"
            )
        for name in ("weighted_amount", "closed_won_amount"):
            figure = getattr(self, name)
            require_currency(name, figure, code)
            if figure > self.amount:
                raise ValidationError(name, figure, f"at most the amount {self.amount!r}")
        if self.count == 0 and self.amount.amount:
            raise ValidationError("amount", self.amount, "zero in a cell of no deals (count 0)")


def _cell(
    key: tuple[str, ...], sums: Sequence[Any], target: Currency, rounding: RoundingMode
) -> ForecastCell:
    amount, weighted, won, omitted = (
        Money(s, target).round(rounding) for s in (sums[1], sums[2], sums[3], sums[5])
    )
    return ForecastCell(
        key=key,
        count=sums[0],
        amount=amount,
        weighted_amount=weighted,
        closed_won_amount=won,
        omitted_count=sums[4],
        omitted_amount=omitted,
    )


def _to_rows(value: Iterable[ForecastCell]) -> tuple[ForecastCell, ...]:
    return tuple(sorted(to_sequence_of("rows", ForecastCell, value), key=attrgetter("key")))


@attrs.frozen(kw_only=True)
class Forecast:
    """A forecast read out in one currency: a :class:`ForecastCell` per group and a total.

    ``cells`` maps each group key (a tuple of group values in the order of ``group_by``) to its cell;
    periods are ``"2026-05"`` (month), ``"2026-Q2"`` (quarter) and ``"2026"`` (year). ``total`` is
    rounded from the exact total, so it can differ from the sum of the rounded cells by less than
    half a minor unit per cell. ``stage_order`` is the pipeline's stage order when grouped by stage
    (see :class:`PipelineSummary`), else empty; ``as_of`` is None for a forecast of deals as they
    stand now. Every row has one key value per grouping and a key of its own, every amount is in
    ``currency``, and the total (key ``()``) counts the deals of the rows.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity
    >>> def deal(i, amount, stage, close_on, owner):
    ...     return Opportunity(id=f"O-{i}", account_id="ACME", name="deal",
    ...                        amount=Money(amount, "EUR"), stage=stage, close_on=close_on,
    ...                        owner=owner, created_on=date(2026, 3, 2))
    >>> fc = forecast([deal(1, "40000.00", "proposal", date(2026, 5, 29), "ana"),
    ...                deal(2, "12000.00", "negotiation", date(2026, 6, 15), "ben"),
    ...                deal(3, "8000.00", "lead", date(2026, 6, 20), "ana")],
    ...               as_of=date(2026, 4, 1), group_by=("month", "owner"), currency="EUR")
    >>> [(row.key, str(row.weighted_amount.amount)) for row in fc]
    [(('2026-05', 'ana'), '20000.00'), (('2026-06', 'ana'), '800.00'), (('2026-06', 'ben'), '9000.00')]
    >>> fc.total.count, fc.total.weighted_amount
    (3, Money('29800.00', 'EUR'))
    """  # noqa: E501

    currency: str = attrs.field(converter=_to_code)
    group_by: tuple[Grouping, ...] = attrs.field(converter=_to_group_by)
    as_of: pendulum.Date | None = attrs.field(converter=_summary_as_of)
    rows: tuple[ForecastCell, ...] = attrs.field(converter=_to_rows)
    total: ForecastCell = attrs.field(validator=instance_of(ForecastCell, "a ForecastCell"))
    stage_order: tuple[str, ...] = attrs.field(default=(), converter=_to_stage_order)

    def __attrs_post_init__(self) -> None:
        width = len(self.group_by)
        previous = None
        for row in self.rows:  # sorted by key: a repeated key sits next to itself
            if len(row.key) != width or row.key == previous:
                raise ValidationError(
                    "rows", row, f"one row per key, each of {width} values (one per grouping)"
                )
            previous = row.key
            require_currency("rows", row.amount, self.currency)
        if self.total.key:
            raise ValidationError("total", self.total, "a cell with the key ()")
        require_currency("total", self.total.amount, self.currency)
        count = sum(row.count for row in self.rows)
        if self.total.count != count:
            raise ValidationError("total", self.total, f"a count of {count} (the rows' deals)")
        omitted = sum(row.omitted_count for row in self.rows)
        if self.total.omitted_count != omitted:
            raise ValidationError(
                "total", self.total, f"an omitted count of {omitted} (the rows' lost deals)"
            )
        if self.stage_order and "stage" not in self.group_by:
            raise ValidationError(
                "stage_order", self.stage_order, "() unless the forecast is grouped by stage"
            )

    @property
    def cells(self) -> Mapping[tuple[str, ...], ForecastCell]:
        """The cells by group key (read-only), sorted by key."""
        return MappingProxyType({row.key: row for row in self.rows})

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per cell: the group values by name, then the figures (Decimal amounts).

        >>> from datetime import date
        >>> from accountexec.money import Money
        >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
        ...                    amount=Money("1000.00", "EUR"), stage="lead",
        ...                    close_on=date(2026, 7, 1), owner="ana", created_on=date(2026, 3, 2))
        >>> forecast([deal], as_of=date(2026, 4, 1), group_by="owner", currency="EUR").to_records()
        [{'owner': 'ana', 'count': 1, 'amount': Decimal('1000.00'), 'weighted_amount': Decimal('100.00'), 'closed_won_amount': Decimal('0.00'), 'omitted_count': 0, 'omitted_amount': Decimal('0.00'), 'currency': 'EUR'}]
        """  # noqa: E501
        return [
            {
                **dict(zip(self.group_by, row.key, strict=True)),
                "count": row.count,
                "amount": row.amount.amount,
                "weighted_amount": row.weighted_amount.amount,
                "closed_won_amount": row.closed_won_amount.amount,
                "omitted_count": row.omitted_count,
                "omitted_amount": row.omitted_amount.amount,
                "currency": self.currency,
            }
            for row in self.rows
        ]

    def to_arrow(self) -> Any:
        """:meth:`to_records` as a ``pyarrow.Table``: group values as text, exact decimal amounts.

        The amount columns are ``decimal128`` at the currency's minor units (nothing is rounded
        or turned into a float); needs pyarrow (the ``arrays`` extra).

        >>> from datetime import date
        >>> from accountexec.money import Money
        >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
        ...                    amount=Money("1000.00", "EUR"), stage="lead",
        ...                    close_on=date(2026, 7, 1), owner="ana", created_on=date(2026, 3, 2))
        >>> fc = forecast([deal], as_of=date(2026, 4, 1), group_by="owner", currency="EUR")
        >>> table = fc.to_arrow()
        >>> table.column_names
        ['owner', 'count', 'amount', 'weighted_amount', 'closed_won_amount', 'omitted_count',
         'omitted_amount', 'currency']
        >>> table.column("weighted_amount").to_pylist(), str(table.schema.field("amount").type)
        ([Decimal('100.00')], 'decimal128(38, 2)')
        """
        kinds: dict[str, _columns.ColumnKind] = dict.fromkeys(self.group_by, "text")
        kinds |= {
            "count": "int",
            "amount": "decimal",
            "weighted_amount": "decimal",
            "closed_won_amount": "decimal",
            "omitted_count": "int",
            "omitted_amount": "decimal",
            "currency": "text",
        }
        return _columns.to_table(
            self.to_records(),
            kinds,
            "Forecast.to_arrow",
            min_scale=Currency(self.currency).minor_units,
        )

    def __iter__(self) -> Iterator[ForecastCell]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def _caption(self) -> str:
        if self.as_of is None:
            return f"forecast in {self.currency}, deals as they stand now"
        return f"forecast in {self.currency} as of {self.as_of}"

    def _repr_html_(self) -> str:
        """A table: the group values, then count and amounts (``'12.50 EUR'``) right-aligned."""
        width = len(self.group_by)
        headers = (*self.group_by, "count", "amount", "weighted", "closed won", "omitted (lost)")
        rows = [
            [
                *(row.key or ("total", *("",) * (width - 1)))[:width],
                row.count,
                row.amount,
                row.weighted_amount,
                row.closed_won_amount,
                f"{row.omitted_count} / {row.omitted_amount}",
            ]
            for row in (*self.rows, self.total)
        ]
        numeric = range(width, width + 5)
        return _views.html_table(headers, rows, caption=self._caption, numeric=numeric)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """HTML and a Vega-Lite chart: by stage first, a funnel in stage order; else bars."""
        title, group = self._caption, "/".join(self.group_by)
        if self.group_by[:1] == ("stage",):
            rows = _in_stage_order(self.rows, self.stage_order)
            funnel = [("/".join(r.key), r.count, r.amount.amount) for r in rows]
            spec = _views.funnel_spec(funnel, title=title, currency=self.currency)
        else:
            bars = [("/".join(r.key), r.amount.amount, r.weighted_amount.amount) for r in self.rows]
            spec = _views.grouped_bar_spec(bars, title=title, group=group, currency=self.currency)
        return {"text/html": self._repr_html_(), _views.VEGA_LITE_MIME: spec}


def _in_stage_order(rows: Iterable[ForecastCell], stage_order: Sequence[str]) -> list[ForecastCell]:
    """Rows keyed by stage first, in the pipeline's ``stage_order``; stages not in it last, by key.

    The order of :func:`accountexec.reports.pipeline_funnel` too: that of the (first) deal's
    pipeline, which :func:`summarise` records in ``stage_order``.
    """
    position = {name: i for i, name in enumerate(stage_order)}
    last = len(position)
    return sorted(rows, key=lambda row: (position.get(row.key[0], last), row.key))


in_stage_order = _in_stage_order  # the same rule for accountexec.reports (not in __all__)


def forecast(
    opportunities: Iterable[Opportunity],
    *,
    as_of: date,
    group_by: Sequence[Grouping] | Grouping = ("month",),
    currency: str | Currency,
    rates: ExchangeRates | None = None,
    rounding: RoundingMode = "half_up",
) -> Forecast:
    """Forecast ``opportunities`` as of a date, grouped by ``group_by``, in ``currency``.

    Counts and amounts cover the deals in play (open and won); lost deals, Salesforce's
    ``omitted`` forecast category, are counted apart in each cell's ``omitted_count`` and
    ``omitted_amount``.

    Same as ``summarise(opportunities, as_of=as_of, group_by=group_by).to_forecast(currency=..., rates=...)``:
    see :func:`summarise` for what ``as_of`` does and :meth:`PipelineSummary.to_forecast` for
    conversion and rounding (once per figure, at the end).

    >>> from datetime import date
    >>> from accountexec.money import ExchangeRates, Money
    >>> deals = [
    ...     Opportunity(id="O-1", account_id="ACME", name="deal", amount=Money("1000.00", "EUR"),
    ...                 stage="proposal", close_on=date(2026, 7, 1), owner="ana",
    ...                 created_on=date(2026, 3, 2)),
    ...     Opportunity(id="O-2", account_id="Initech", name="deal", amount=Money("500.00", "USD"),
    ...                 stage="lead", close_on=date(2026, 7, 9), owner="ben",
    ...                 created_on=date(2026, 3, 2)),
    ... ]
    >>> forecast(deals, as_of=date(2026, 4, 1), currency="EUR")
    Traceback (most recent call last):
    ...
    accountexec.errors.CurrencyMismatchError: cannot convert 'USD' amounts to 'EUR' without exchange rates; ...
    >>> fx = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=date(2026, 4, 1))
    >>> fc = forecast(deals, as_of=date(2026, 4, 1), currency="EUR", rates=fx)
    >>> fc.total.amount, fc.total.weighted_amount
    (Money('1400.00', 'EUR'), Money('540.00', 'EUR'))

    A lost deal (forecast category ``omitted``) is shown apart and never added to the totals:

    >>> import pendulum
    >>> lost = deals[0].lose(at=pendulum.datetime(2026, 3, 20, tz="UTC"), reason="budget cut")
    >>> fc = forecast([lost, deals[1]], as_of=date(2026, 4, 1), currency="EUR", rates=fx)
    >>> fc.total.count, fc.total.amount, fc.total.omitted_count, fc.total.omitted_amount
    (1, Money('400.00', 'EUR'), 1, Money('1000.00', 'EUR'))
    """  # noqa: E501
    summary = summarise(opportunities, as_of=as_of, group_by=group_by)
    return summary.to_forecast(currency=currency, rates=rates, rounding=rounding)
