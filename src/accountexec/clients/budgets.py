"""Budgets: money allotted to a brief, campaign or contract, in lines; planned, committed, actual.

A :class:`Budget` covers a period (``start`` to ``end``, **both days included**) in one currency and
is split in :class:`BudgetLine` s (a channel, a category). Its life is recorded, never overwritten:

- approved :class:`ChangeOrder` s amend a line, so *original + change orders = current planned*;
- :class:`Commitment` s (purchase orders, insertion orders) reserve money on a line;
- :class:`SpendEntry` s record what was actually spent (invoices received). A spend entry may be
  booked *against a commitment*: it then consumes that commitment (up to what is still open on it)
  instead of drawing on the line a second time.

Per line and in total: ``planned``, ``committed`` (what is still open on the commitments),
``actual`` and ``remaining = planned - committed - actual``. A commitment or spend beyond a line's
remaining follows the budget's :class:`OverspendPolicy`: ``"stop"`` refuses it with
:class:`~accountexec.errors.BudgetExceededError`, ``"warn"`` accepts it and lists a
:class:`BudgetWarning` in ``budget.warnings``, ``"allow"`` accepts it silently. Every amount is in
the budget's currency and rounded to its minor unit; anything else is refused.

>>> from datetime import date
>>> from accountexec.money import Money
>>> budget = Budget(
...     id="B-1", currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31),
...     lines=[BudgetLine("search", Money("6000.00", "EUR")),
...            BudgetLine("social", Money("3000.00", "EUR"))],
... )
>>> budget = budget.commit("IO-1", "search", Money("2500.00", "EUR"), on=date(2026, 1, 5))
>>> budget = budget.spend("INV-1", "search", Money("1000.00", "EUR"), on=date(2026, 1, 31),
...                       against_commitment="IO-1")
>>> budget.committed, budget.actual, budget.remaining
(Money('1500.00', 'EUR'), Money('1000.00', 'EUR'), Money('6500.00', 'EUR'))
>>> budget.theoretical_spend(as_of=date(2026, 1, 31))
Money('3100.00', 'EUR')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal

import attrs
import pendulum

from accountexec import _views
from accountexec._fields import ReadOnlyMapping, check_text, to_date, to_enum, to_sequence
from accountexec.errors import BudgetExceededError, CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate

__all__ = [
    "Budget",
    "BudgetLine",
    "BudgetWarning",
    "ChangeOrder",
    "Commitment",
    "LineSummary",
    "OverspendPolicy",
    "PeriodAmount",
    "PeriodUnit",
    "SpendEntry",
]

PeriodUnit = Literal["week", "month", "quarter", "year"]
"""The calendar periods :meth:`Budget.split_by_period` knows (ISO weeks run Monday to Sunday)."""

_MONTHS_PER_UNIT: Mapping[str, int] = MappingProxyType({"month": 1, "quarter": 3, "year": 12})


class OverspendPolicy(StrEnum):
    """What happens to a commitment or spend beyond a line's remaining amount.

    >>> from datetime import date
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
    ...                 lines=[BudgetLine("tv", Money("1000.00", "EUR"))],
    ...                 policy=OverspendPolicy.WARN)
    >>> over = budget.spend("INV-1", "tv", Money("1200.00", "EUR"), on=date(2026, 1, 20))
    >>> over.remaining, [w.entry_id for w in over.warnings]
    (Money('-200.00', 'EUR'), ['INV-1'])
    """

    STOP = "stop"
    """Refuse it with :class:`~accountexec.errors.BudgetExceededError`."""
    WARN = "warn"
    """Accept it and record a :class:`BudgetWarning`."""
    ALLOW = "allow"
    """Accept it silently."""


# -- converters and validators ------------------------------------------------------------------


def _start(value: date) -> pendulum.Date:
    return to_date(value, "start")


def _end(value: date) -> pendulum.Date:
    return to_date(value, "end")


def _on(value: date) -> pendulum.Date:
    return to_date(value, "on")


def _approved_on(value: date | None) -> pendulum.Date | None:
    return None if value is None else to_date(value, "approved_on")


def _lines(value: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    return to_sequence("lines", value)


def _change_orders(value: Iterable[ChangeOrder]) -> tuple[ChangeOrder, ...]:
    return to_sequence("change_orders", value)


def _commitments(value: Iterable[Commitment]) -> tuple[Commitment, ...]:
    return to_sequence("commitments", value)


def _spend_entries(value: Iterable[SpendEntry]) -> tuple[SpendEntry, ...]:
    return to_sequence("spend_entries", value)


def _warnings(value: Iterable[BudgetWarning]) -> tuple[BudgetWarning, ...]:
    return to_sequence("warnings", value)


def _to_policy(value: OverspendPolicy | str) -> OverspendPolicy:
    return to_enum(OverspendPolicy, value, "policy")


def _check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(attribute.name, value, "text (possibly empty)")


def _check_rounded(field: str, value: object) -> Money:
    if not isinstance(value, Money):
        raise ValidationError(field, value, "a Money amount")
    if not value.is_rounded:
        raise ValidationError(field, value, "an amount rounded to the currency's minor unit")
    return value


def _check_positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    money = _check_rounded(attribute.name, value)
    if money.amount <= 0:
        raise ValidationError(attribute.name, value, "a positive amount")


def _check_non_negative(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    money = _check_rounded(attribute.name, value)
    if money.amount < 0:
        raise ValidationError(attribute.name, value, "an amount of zero or more")


def _check_non_zero(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    money = _check_rounded(attribute.name, value)
    if money.amount == 0:
        raise ValidationError(
            attribute.name, value, "a non-zero amount (positive adds, negative cuts)"
        )


def _check_change(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_rounded(attribute.name, value)


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(instance, attribute, value)


# -- the records --------------------------------------------------------------------------------


@attrs.frozen
class BudgetLine:
    """A line of a budget: a key (a channel or category) and its original planned amount.

    >>> BudgetLine("search", Money("6000.00", "EUR"))
    BudgetLine(key='search', planned=Money('6000.00', 'EUR'))
    """

    key: str = attrs.field(validator=check_text)
    planned: Money = attrs.field(validator=_check_non_negative)


@attrs.frozen(kw_only=True)
class ChangeOrder:
    """An approved amendment of a line's planned amount: positive adds, negative cuts.

    ``approved_on`` is the date of the approval (``None`` only for a reallocation recorded without
    a date).

    >>> from datetime import date
    >>> ChangeOrder(line="social", amount=Money("-500.00", "EUR"), reason="client cut",
    ...             approved_on=date(2026, 2, 2)).amount
    Money('-500.00', 'EUR')
    """

    line: str = attrs.field(validator=check_text)
    amount: Money = attrs.field(validator=_check_non_zero)
    reason: str = attrs.field(validator=check_text)
    approved_on: pendulum.Date | None = attrs.field(converter=_approved_on)


@attrs.frozen(kw_only=True)
class Commitment:
    """Money reserved on a line by a purchase order or insertion order.

    >>> from datetime import date
    >>> Commitment(id="IO-1", line="tv", amount=Money("9000.00", "EUR"), on=date(2026, 1, 5),
    ...            reference="insertion order 77").on
    Date(2026, 1, 5)
    """

    id: str = attrs.field(validator=check_text)
    line: str = attrs.field(validator=check_text)
    amount: Money = attrs.field(validator=_check_positive)
    on: pendulum.Date = attrs.field(converter=_on)
    reference: str = attrs.field(default="", validator=_check_str)


@attrs.frozen(kw_only=True)
class SpendEntry:
    """Money actually spent on a line (an invoice received), possibly against a commitment.

    >>> from datetime import date
    >>> SpendEntry(id="INV-1", line="tv", amount=Money("4000.00", "EUR"), on=date(2026, 2, 1),
    ...            against_commitment="IO-1").against_commitment
    'IO-1'
    """

    id: str = attrs.field(validator=check_text)
    line: str = attrs.field(validator=check_text)
    amount: Money = attrs.field(validator=_check_positive)
    on: pendulum.Date = attrs.field(converter=_on)
    reference: str = attrs.field(default="", validator=_check_str)
    against_commitment: str | None = attrs.field(default=None, validator=_check_optional_text)


@attrs.frozen(kw_only=True)
class BudgetWarning:
    """A commitment or spend accepted beyond its line's remaining amount under the "warn" policy.

    ``remaining`` is what the line had left just before the entry (negative once overspent), in
    the currency of ``amount``, which is positive; both are rounded to the minor unit.

    >>> w = BudgetWarning(kind="spend", entry_id="INV-9", line="tv",
    ...                   amount=Money("700.00", "EUR"), remaining=Money("500.00", "EUR"))
    >>> print(w.message)
    spend 'INV-9' of Money('700.00', 'EUR') on line 'tv' exceeds its remaining Money('500.00', ...)
    """

    kind: Literal["commitment", "spend"] = attrs.field()
    entry_id: str = attrs.field(validator=check_text)
    line: str = attrs.field(validator=check_text)
    amount: Money = attrs.field(validator=_check_positive)
    remaining: Money = attrs.field()

    @remaining.validator
    def _check_remaining(self, attribute: attrs.Attribute[Any], value: object) -> None:
        remaining = _check_rounded("remaining", value)
        if remaining.currency != self.amount.currency:
            raise ValidationError(
                "remaining", value, f"an amount in {self.amount.currency.code} (as the amount)"
            )

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in ("commitment", "spend"):
            raise ValidationError("kind", value, "'commitment' or 'spend'")

    @property
    def message(self) -> str:
        """The warning as one lowercase sentence."""
        return (
            f"{self.kind} {self.entry_id!r} of {self.amount!r} on line {self.line!r} "
            f"exceeds its remaining {self.remaining!r}"
        )


@attrs.frozen(kw_only=True)
class LineSummary:
    """The figures of one budget line (or of the whole budget, with ``key`` ``"*"``).

    ``original`` + ``changes`` = ``planned``; ``remaining`` = ``planned - committed - actual``.
    :meth:`Budget.line_totals`, :meth:`Budget.lines_summary` and :meth:`Budget.totals` give them.
    Every figure is rounded and in one currency; all but ``changes`` are of zero or more.

    >>> from datetime import date
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31),
    ...                 lines=[BudgetLine("tv", Money("9000.00", "EUR"))])
    >>> budget = budget.commit("IO-1", "tv", Money("4000.00", "EUR"), on=date(2026, 1, 5))
    >>> budget = budget.spend("INV-1", "tv", Money("3000.00", "EUR"), on=date(2026, 1, 31))
    >>> budget = budget.apply_change_order("tv", Money("500.00", "EUR"), reason="extra flight",
    ...                                    approved_on=date(2026, 2, 1))
    >>> tv = budget.line_totals("tv")
    >>> tv.original, tv.changes, tv.planned
    (Money('9000.00', 'EUR'), Money('500.00', 'EUR'), Money('9500.00', 'EUR'))
    >>> tv.committed, tv.actual, tv.remaining
    (Money('4000.00', 'EUR'), Money('3000.00', 'EUR'), Money('2500.00', 'EUR'))
    """

    key: str = attrs.field(validator=check_text)
    original: Money = attrs.field(validator=_check_non_negative)
    changes: Money = attrs.field(validator=_check_change)
    planned: Money = attrs.field(validator=_check_non_negative)
    committed: Money = attrs.field(validator=_check_non_negative)
    actual: Money = attrs.field(validator=_check_non_negative)

    def __attrs_post_init__(self) -> None:
        currency = self.original.currency
        for name in ("changes", "planned", "committed", "actual"):
            figure = getattr(self, name)
            if figure.currency != currency:
                raise ValidationError(name, figure, f"an amount in {currency.code} (as original)")
        if self.original + self.changes != self.planned:
            raise ValidationError(
                "planned", self.planned, f"original + changes ({self.original + self.changes!r})"
            )

    @property
    def remaining(self) -> Money:
        """Planned minus committed minus actual (negative when overspent under "warn"/"allow")."""
        return self.planned - self.committed - self.actual


@attrs.frozen(kw_only=True)
class PeriodAmount:
    """An amount for the days ``start`` to ``end`` (both included) of a budget period.

    :meth:`Budget.split_by_period` returns them; their amounts add up to the planned amount.

    >>> from datetime import date
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 1, 1), end=date(2026, 6, 30),
    ...                 lines=[BudgetLine("tv", Money("9000.00", "EUR"))])
    >>> first, second = budget.split_by_period("quarter")
    >>> first
    PeriodAmount(start=Date(2026, 1, 1), end=Date(2026, 3, 31), amount=Money('4475.14', 'EUR'))
    >>> first.amount + second.amount == budget.planned
    True

    ``end`` is on or after ``start``; ``amount`` is rounded, of zero or more.
    """

    start: pendulum.Date = attrs.field(converter=_start)
    end: pendulum.Date = attrs.field(converter=_end)
    amount: Money = attrs.field(validator=_check_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")


# -- the budget ---------------------------------------------------------------------------------


def _minor_units(money: Money) -> int:
    """The amount of a rounded Money as an integer count of minor units (exact)."""
    return int(DECIMAL_CONTEXT.scaleb(money.amount, money.currency.minor_units))


def _from_minor_units(units: int, currency: Currency) -> Money:
    return Money(DECIMAL_CONTEXT.scaleb(Decimal(units), -currency.minor_units), currency)


def _half_up_div(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero (denominator > 0), exactly."""
    quotient, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def _period_start(day: pendulum.Date, months: int) -> pendulum.Date:
    month0 = (day.month - 1) // months * months
    return pendulum.Date(day.year, month0 + 1, 1)


@attrs.frozen(kw_only=True)
class Budget:
    """Money allotted for a period, in lines, with its change orders, commitments and spend.

    The period runs from ``start`` to ``end``, **both days included** (a budget for January is
    ``start=2026-01-01, end=2026-01-31``: 31 days). ``policy`` is the :class:`OverspendPolicy`
    (default ``"stop"``). Methods that change the budget return a new one.

    >>> from datetime import date
    >>> b = Budget(id="B-7", currency="EUR", start=date(2026, 1, 1), end=date(2026, 12, 31),
    ...            lines=[BudgetLine("tv", Money("10000.00", "EUR"))], policy="warn")
    >>> b = b.spend("INV-1", "tv", Money("12000.00", "EUR"), on=date(2026, 3, 1))
    >>> b.remaining, b.warnings[0].message
    (Money('-2000.00', 'EUR'), "spend 'INV-1' of Money('12000.00', 'EUR') on line 'tv' exceeds ...")
    """

    id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    start: pendulum.Date = attrs.field(converter=_start)
    end: pendulum.Date = attrs.field(converter=_end)
    lines: tuple[BudgetLine, ...] = attrs.field(converter=_lines)
    policy: OverspendPolicy = attrs.field(default=OverspendPolicy.STOP, converter=_to_policy)
    change_orders: tuple[ChangeOrder, ...] = attrs.field(default=(), converter=_change_orders)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=_commitments)
    spend_entries: tuple[SpendEntry, ...] = attrs.field(default=(), converter=_spend_entries)
    warnings: tuple[BudgetWarning, ...] = attrs.field(default=(), converter=_warnings)
    _summaries: Mapping[str, LineSummary] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")
        if not self.lines:
            raise ValidationError("lines", self.lines, "at least one budget line")
        keys: list[str] = []
        for line in self.lines:
            if not isinstance(line, BudgetLine):
                raise ValidationError("lines", line, "BudgetLine values")
            if line.key in keys:
                raise ValidationError("lines", line.key, "unique line keys")
            self._check_currency(line.planned, "plan")
            keys.append(line.key)
        for kind, records in (
            ("change_orders", self.change_orders),
            ("commitments", self.commitments),
            ("spend_entries", self.spend_entries),
            ("warnings", self.warnings),
        ):
            expected = {
                "change_orders": ChangeOrder,
                "commitments": Commitment,
                "spend_entries": SpendEntry,
                "warnings": BudgetWarning,
            }[kind]
            seen: set[str] = set()
            for record in records:
                if not isinstance(record, expected):
                    raise ValidationError(kind, record, f"{expected.__name__} values")
                self._check_line(record.line, kind)
                self._check_currency(record.amount, "book")
                if isinstance(record, Commitment | SpendEntry):
                    if record.id in seen:
                        raise ValidationError(kind, record.id, "unique ids")
                    seen.add(record.id)
        commitments = {c.id: c for c in self.commitments}
        consumed: dict[str, Money] = {}
        for entry in self.spend_entries:
            if entry.against_commitment is None:
                continue
            commitment = commitments.get(entry.against_commitment)
            if commitment is None:
                raise ValidationError(
                    "against_commitment",
                    entry.against_commitment,
                    "the id of one of the budget's commitments: "
                    + (", ".join(repr(c) for c in commitments) or "none yet"),
                )
            if commitment.line != entry.line:
                raise ValidationError(
                    "line", entry.line, f"{commitment.line!r}, the line of {commitment.id!r}"
                )
            consumed[commitment.id] = consumed.get(commitment.id, self._zero) + entry.amount
        summaries = {key: self._summarise(key, consumed) for key in keys}
        for key, summary in summaries.items():
            if summary.planned.amount < 0:
                raise ValidationError(
                    "change_orders",
                    summary.changes,
                    f"changes leaving line {key!r} at zero or more",
                )
            if self.policy is OverspendPolicy.STOP and summary.remaining.amount < 0:
                raise ValidationError(
                    "policy",
                    self.policy.value,
                    f"'warn' or 'allow': line {key!r} is overspent by {-summary.remaining!r}",
                )
        object.__setattr__(self, "_summaries", ReadOnlyMapping(summaries))

    # -- internals ---------------------------------------------------------------------------

    @property
    def _zero(self) -> Money:
        return Money.zero(self.currency)

    def _check_currency(self, money: Money, operation: str) -> None:
        if money.currency != self.currency:
            raise CurrencyMismatchError(
                self.currency.code,
                money.currency.code,
                operation,
                message=(
                    f"cannot {operation} {money!r} on budget {self.id!r} kept in "
                    f"{self.currency.code!r}; convert it with ExchangeRates first"
                ),
            )

    def _check_line(self, key: object, field: str = "line") -> None:
        if not any(line.key == key for line in self.lines):
            allowed = ", ".join(repr(line.key) for line in self.lines)
            raise ValidationError(field, key, f"one of the budget's lines: {allowed}")

    def _summarise(self, key: str, consumed: Mapping[str, Money]) -> LineSummary:
        zero = self._zero
        original = next(line.planned for line in self.lines if line.key == key)
        changes = Money.sum((o.amount for o in self.change_orders if o.line == key), self.currency)
        committed = zero
        for commitment in self.commitments:
            if commitment.line == key:
                open_amount = commitment.amount - consumed.get(commitment.id, zero)
                committed += max(open_amount, zero)
        actual = Money.sum((s.amount for s in self.spend_entries if s.line == key), self.currency)
        return LineSummary(
            key=key,
            original=original,
            changes=changes,
            planned=original + changes,
            committed=committed,
            actual=actual,
        )

    def _open_on(self, commitment_id: str) -> Money:
        commitment = next(c for c in self.commitments if c.id == commitment_id)
        spent = Money.sum(
            (s.amount for s in self.spend_entries if s.against_commitment == commitment_id),
            self.currency,
        )
        return max(commitment.amount - spent, self._zero)

    def _admit(
        self, kind: Literal["commitment", "spend"], entry_id: str, line: str, draw: Money
    ) -> tuple[BudgetWarning, ...]:
        """Apply the overspend policy to a new draw on ``line``; return the new warnings."""
        remaining = self._summaries[line].remaining
        if draw <= remaining or self.policy is OverspendPolicy.ALLOW:
            return self.warnings
        if self.policy is OverspendPolicy.STOP:
            raise BudgetExceededError(line, draw, remaining)
        warning = BudgetWarning(
            kind=kind, entry_id=entry_id, line=line, amount=draw, remaining=remaining
        )
        return (*self.warnings, warning)

    # -- figures -----------------------------------------------------------------------------

    def line_totals(self, key: str) -> LineSummary:
        """The figures of one line; an unknown key is refused naming the lines.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR"))])
        >>> b.line_totals("tv").remaining
        Money('900.00', 'EUR')
        """
        self._check_line(key, "key")
        return self._summaries[key]

    def lines_summary(self) -> tuple[LineSummary, ...]:
        """The figures of every line, in line order."""
        return tuple(self._summaries[line.key] for line in self.lines)

    def totals(self) -> LineSummary:
        """The figures of the whole budget, as a :class:`LineSummary` with key ``"*"``."""
        summaries = self.lines_summary()

        def total(name: str) -> Money:
            return Money.sum((getattr(s, name) for s in summaries), self.currency)

        return LineSummary(
            key="*",
            original=total("original"),
            changes=total("changes"),
            planned=total("planned"),
            committed=total("committed"),
            actual=total("actual"),
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per line: ids, then the figures as Decimals (``pandas.DataFrame`` ready).

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR"))])
        >>> b.to_records()
        [{'budget': 'B', 'line': 'tv', 'currency': 'EUR', 'original': Decimal('900.00'), 'changes': Decimal('0.00'), 'planned': Decimal('900.00'), 'committed': Decimal('0.00'), 'actual': Decimal('0.00'), 'remaining': Decimal('900.00')}]
        """  # noqa: E501
        names = ("original", "changes", "planned", "committed", "actual", "remaining")
        return [
            {"budget": self.id, "line": s.key, "currency": self.currency.code}
            | {name: getattr(s, name).amount for name in names}
            for s in self.lines_summary()
        ]

    def _repr_html_(self) -> str:
        caption = f"budget {self.id}, {self.start} to {self.end}, {self.currency.code}"
        return _views.records_html(self.to_records(), caption=caption)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """HTML, and a Vega-Lite chart of actual spend against theoretical spend over the period."""
        spent = [e.on for e in self.spend_entries]
        days = sorted({self.start.subtract(days=1), self.end, *spent})
        last = max(spent, default=self.start)
        burn = [
            (
                d,
                self.theoretical_spend(as_of=d).amount,
                self.spent_by(as_of=d).amount if d <= last else None,
            )
            for d in days
        ]
        spec = _views.burn_spec(burn, title=f"budget {self.id}", currency=self.currency.code)
        return {"text/html": self._repr_html_(), _views.VEGA_LITE_MIME: spec}

    @property
    def line_keys(self) -> tuple[str, ...]:
        """The keys of the lines, in order."""
        return tuple(line.key for line in self.lines)

    @property
    def original(self) -> Money:
        """The planned total before any change order."""
        return Money.sum((line.planned for line in self.lines), self.currency)

    @property
    def planned(self) -> Money:
        """The current planned total: original plus approved change orders."""
        return Money.sum((s.planned for s in self._summaries.values()), self.currency)

    @property
    def committed(self) -> Money:
        """What is still open on the commitments (spend against a commitment consumes it)."""
        return Money.sum((s.committed for s in self._summaries.values()), self.currency)

    @property
    def actual(self) -> Money:
        """The total of the spend entries."""
        return Money.sum((s.amount for s in self.spend_entries), self.currency)

    @property
    def remaining(self) -> Money:
        """Planned minus committed minus actual; never negative under the "stop" policy."""
        return self.planned - self.committed - self.actual

    @property
    def utilisation(self) -> Rate:
        """Actual over planned as a :class:`~accountexec.money.Rate`.

        A budget with nothing planned has a utilisation of 0 while nothing is spent; spend against
        a zero plan has no utilisation and is refused with
        :class:`~accountexec.errors.ValidationError`.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("800.00", "EUR"))])
        >>> b.spend("I-1", "tv", Money("200.00", "EUR"), on=date(2026, 1, 9)).utilisation
        Rate('0.25')
        """
        planned, actual = self.planned, self.actual
        if planned.amount == 0:
            if actual.amount == 0:
                return Rate(0)
            raise ValidationError(
                "planned", planned, f"a positive planned total to measure {actual!r} of spend"
            )
        return Rate(actual / planned)

    # -- time --------------------------------------------------------------------------------

    @property
    def total_days(self) -> int:
        """The days of the period, both ends included."""
        return (self.end - self.start).days + 1

    def elapsed_days(self, *, as_of: date) -> int:
        """The days of the period from ``start`` to ``as_of``, both included, within 0..total_days.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("310.00", "EUR"))])
        >>> days = (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 1))
        >>> [b.elapsed_days(as_of=d) for d in days]
        [0, 1, 31]
        """
        day = to_date(as_of, "as_of")
        return min(max((day - self.start).days + 1, 0), self.total_days)

    def theoretical_spend(self, *, as_of: date, line: str | None = None) -> Money:
        """What should have been spent by the end of ``as_of``: planned × elapsed / total days.

        Elapsed days count from ``start`` to ``as_of`` both included, so it is nothing before the
        start, one day's share on the first day and all of it from the last day on. The result
        is rounded half-up to the minor unit (exactly, in integer minor units), so it never
        decreases over time. ``line`` restricts it to one line's planned amount.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("100.00", "EUR"))])
        >>> b.theoretical_spend(as_of=date(2026, 1, 1)), b.theoretical_spend(
        ...     as_of=date(2026, 1, 31))
        (Money('3.23', 'EUR'), Money('100.00', 'EUR'))
        """
        planned = self.planned if line is None else self.line_totals(line).planned
        elapsed = self.elapsed_days(as_of=as_of)
        units = _half_up_div(_minor_units(planned) * elapsed, self.total_days)
        return _from_minor_units(units, self.currency)

    def spent_by(self, *, as_of: date, line: str | None = None) -> Money:
        """The spend entries dated on or before ``as_of`` (of one line if ``line`` is given)."""
        day = to_date(as_of, "as_of")
        if line is not None:
            self._check_line(line)
        return Money.sum(
            (
                s.amount
                for s in self.spend_entries
                if s.on <= day and (line is None or s.line == line)
            ),
            self.currency,
        )

    def variance(self, *, as_of: date, line: str | None = None) -> Money:
        """Actual spend by ``as_of`` minus theoretical spend: positive means ahead of plan.

        Only spend entries dated on or before ``as_of`` count, so the variance of a past date
        does not change when later invoices are booked.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("310.00", "EUR"))])
        >>> b = b.spend("I-1", "tv", Money("150.00", "EUR"), on=date(2026, 1, 10))
        >>> b.variance(as_of=date(2026, 1, 10))
        Money('50.00', 'EUR')
        """
        return self.spent_by(as_of=as_of, line=line) - self.theoretical_spend(
            as_of=as_of, line=line
        )

    def split_by_period(
        self,
        unit: PeriodUnit | None = None,
        line: str | None = None,
        *,
        periods: Iterable[tuple[date, date]] | None = None,
    ) -> tuple[PeriodAmount, ...]:
        """Split the planned amount over weeks, months, quarters or years in proportion to days.

        ``unit`` is ``"week"`` (ISO weeks, Monday to Sunday), ``"month"`` (the default),
        ``"quarter"`` or ``"year"``; or ``periods`` gives a custom flighting as ``(start, end)``
        pairs (both days included) that cover the budget period day by day, in order, without gap
        or overlap. Each period gets the share of its days within the budget period through
        :meth:`Money.allocate <accountexec.money.Money.allocate>` (largest remainder, the extra
        minor units to the earliest periods on a tie): the parts add up to the planned amount
        exactly. The first and last calendar periods are clipped to the budget period, so a
        partial week or month is prorated by its days.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 15), end=date(2026, 3, 14),
        ...            lines=[BudgetLine("tv", Money("1000.00", "EUR"))])
        >>> [(p.start.isoformat(), p.end.isoformat(), str(p.amount.amount))
        ...  for p in b.split_by_period("month")]
        [('2026-01-15', '2026-01-31', '288.13'), ('2026-02-01', '2026-02-28', '474.58'),
         ('2026-03-01', '2026-03-14', '237.29')]

        Seven whole ISO weeks, 1 June to 19 July 2026:

        >>> b = Budget(id="B", currency="EUR", start=date(2026, 6, 1), end=date(2026, 7, 19),
        ...            lines=[BudgetLine("tv", Money("1000.00", "EUR"))])
        >>> [str(p.amount.amount) for p in b.split_by_period("week")]
        ['142.86', '142.86', '142.86', '142.86', '142.86', '142.85', '142.85']
        >>> flights = [(date(2026, 6, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 7, 19))]
        >>> [str(p.amount.amount) for p in b.split_by_period(periods=flights)]
        ['612.24', '387.76']
        """
        planned = self.planned if line is None else self.line_totals(line).planned
        if periods is not None:
            if unit is not None:
                raise ValidationError("unit", unit, "None when periods are given")
            bounds = self._custom_periods(periods)
        else:
            bounds = self._calendar_periods("month" if unit is None else unit)
        parts = planned.allocate([(last - first).days + 1 for first, last in bounds])
        return tuple(
            PeriodAmount(start=first, end=last, amount=part)
            for (first, last), part in zip(bounds, parts, strict=True)
        )

    def _calendar_periods(self, unit: str) -> list[tuple[pendulum.Date, pendulum.Date]]:
        bounds: list[tuple[pendulum.Date, pendulum.Date]] = []
        cursor = self.start
        if unit == "week":
            while cursor <= self.end:
                sunday = cursor.add(days=6 - cursor.weekday())
                last = min(sunday, self.end)
                bounds.append((cursor, last))
                cursor = sunday.add(days=1)
            return bounds
        months = _MONTHS_PER_UNIT.get(unit) if isinstance(unit, str) else None
        if months is None:
            raise ValidationError(
                "unit", unit, "one of 'week', " + ", ".join(repr(u) for u in _MONTHS_PER_UNIT)
            )
        while cursor <= self.end:
            next_start = _period_start(cursor, months).add(months=months)
            last = min(next_start.subtract(days=1), self.end)
            bounds.append((cursor, last))
            cursor = next_start
        return bounds

    def _custom_periods(
        self, periods: Iterable[tuple[date, date]]
    ) -> list[tuple[pendulum.Date, pendulum.Date]]:
        bounds: list[tuple[pendulum.Date, pendulum.Date]] = []
        expected = self.start
        for item in to_sequence("periods", periods):
            if isinstance(item, str) or not isinstance(item, Iterable):
                raise ValidationError("periods", item, "(start, end) pairs of dates")
            pair = tuple(item)
            if len(pair) != 2:
                raise ValidationError("periods", item, "(start, end) pairs of dates")
            first, last = to_date(pair[0], "periods"), to_date(pair[1], "periods")
            if first != expected:
                raise ValidationError(
                    "periods",
                    (str(first), str(last)),
                    f"a period starting on {expected} (periods cover {self.start} to "
                    f"{self.end} in order, without gap or overlap)",
                )
            if last < first or last > self.end:
                raise ValidationError(
                    "periods", (str(first), str(last)), f"an end from {first} to {self.end}"
                )
            bounds.append((first, last))
            expected = last.add(days=1)
        if expected <= self.end:
            raise ValidationError(
                "periods",
                [(str(a), str(b)) for a, b in bounds],
                f"periods covering {self.start} to {self.end}; nothing covers {expected} on",
            )
        return bounds

    # -- changes -----------------------------------------------------------------------------

    def commit(
        self, commitment_id: str, line: str, amount: Money, *, on: date, reference: str = ""
    ) -> Budget:
        """Record a commitment (purchase or insertion order) on ``line``; return the new budget.

        Beyond the line's remaining amount it follows the overspend policy.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR"))])
        >>> b.commit("IO-1", "tv", Money("1000.00", "EUR"), on=date(2026, 1, 2))
        Traceback (most recent call last):
        ...
        accountexec.errors.BudgetExceededError: cannot spend Money('1000.00', 'EUR') on budget ...
        """
        commitment = Commitment(
            id=commitment_id, line=line, amount=amount, on=on, reference=reference
        )
        self._check_line(line)
        self._check_currency(amount, "commit")
        if any(c.id == commitment_id for c in self.commitments):
            raise ValidationError(
                "commitment_id", commitment_id, "an id not used by another commitment"
            )
        warnings = self._admit("commitment", commitment_id, line, amount)
        return attrs.evolve(self, commitments=(*self.commitments, commitment), warnings=warnings)

    def spend(
        self,
        entry_id: str,
        line: str,
        amount: Money,
        *,
        on: date,
        reference: str = "",
        against_commitment: str | None = None,
    ) -> Budget:
        """Record actual spend on ``line``; return the new budget.

        Spend ``against_commitment`` consumes what is still open on that commitment (which must
        be on the same line) first; only the part beyond it draws on the line's remaining amount
        and meets the overspend policy.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR"))])
        >>> b = b.commit("IO-1", "tv", Money("900.00", "EUR"), on=date(2026, 1, 2))
        >>> b = b.spend("I-1", "tv", Money("900.00", "EUR"), on=date(2026, 1, 30),
        ...             against_commitment="IO-1")
        >>> b.committed, b.actual, b.remaining
        (Money('0.00', 'EUR'), Money('900.00', 'EUR'), Money('0.00', 'EUR'))
        """
        entry = SpendEntry(
            id=entry_id,
            line=line,
            amount=amount,
            on=on,
            reference=reference,
            against_commitment=against_commitment,
        )
        self._check_line(line)
        self._check_currency(amount, "spend")
        if any(s.id == entry_id for s in self.spend_entries):
            raise ValidationError("entry_id", entry_id, "an id not used by another spend entry")
        draw = amount
        if against_commitment is not None:
            commitment = next((c for c in self.commitments if c.id == against_commitment), None)
            if commitment is None:
                allowed = ", ".join(repr(c.id) for c in self.commitments) or "none yet"
                raise ValidationError(
                    "against_commitment", against_commitment, f"one of the commitments: {allowed}"
                )
            if commitment.line != line:
                raise ValidationError(
                    "line", line, f"{commitment.line!r}, the line of {commitment.id!r}"
                )
            draw = amount - min(amount, self._open_on(against_commitment))
        warnings = self.warnings
        if draw.amount > 0:
            warnings = self._admit("spend", entry_id, line, draw)
        return attrs.evolve(self, spend_entries=(*self.spend_entries, entry), warnings=warnings)

    def apply_change_order(
        self, line: str, amount: Money, *, reason: str, approved_on: date
    ) -> Budget:
        """Amend ``line`` by an approved change order (positive adds, negative cuts).

        A cut may not take the line below what is committed and spent on it.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR"))])
        >>> b = b.apply_change_order("tv", Money("100.00", "EUR"), reason="extra flight",
        ...                          approved_on=date(2026, 1, 3))
        >>> b.original, b.planned
        (Money('900.00', 'EUR'), Money('1000.00', 'EUR'))
        """
        order = ChangeOrder(line=line, amount=amount, reason=reason, approved_on=approved_on)
        self._check_line(line)
        self._check_currency(amount, "amend")
        self._check_cut(line, amount)
        return attrs.evolve(self, change_orders=(*self.change_orders, order))

    def _check_cut(self, line: str, change: Money) -> None:
        summary = self._summaries[line]
        used = summary.committed + summary.actual
        if change.amount < 0 and summary.planned + change < used:
            most = max(summary.planned - used, self._zero)
            raise ValidationError(
                "amount",
                change,
                f"a cut of at most {most!r}: line {line!r} has {used!r} committed and spent",
            )

    def reallocate(
        self,
        from_line: str,
        to_line: str,
        amount: Money,
        *,
        on: date | None = None,
        reason: str | None = None,
    ) -> Budget:
        """Move ``amount`` of planned money from one line to another; the total is unchanged.

        Recorded as a pair of change orders dated ``on`` (undated when ``on`` is not given: the
        library has no clock). Cutting ``from_line`` below what is committed and spent on it is
        refused.

        >>> from datetime import date
        >>> b = Budget(id="B", currency="EUR", start=date(2026, 1, 1), end=date(2026, 1, 31),
        ...            lines=[BudgetLine("tv", Money("900.00", "EUR")),
        ...                   BudgetLine("web", Money("100.00", "EUR"))])
        >>> b = b.reallocate("tv", "web", Money("300.00", "EUR"), on=date(2026, 1, 9))
        >>> [(s.key, s.planned) for s in b.lines_summary()], b.planned
        ([('tv', Money('600.00', 'EUR')), ('web', Money('400.00', 'EUR'))], Money('1000.00', 'EUR'))
        >>> b = b.reallocate("web", "tv", Money("50.00", "EUR"))
        >>> [(s.key, s.planned) for s in b.lines_summary()], b.planned
        ([('tv', Money('650.00', 'EUR')), ('web', Money('350.00', 'EUR'))], Money('1000.00', 'EUR'))
        """
        self._check_line(from_line, "from_line")
        self._check_line(to_line, "to_line")
        if from_line == to_line:
            raise ValidationError("to_line", to_line, "a line other than 'from_line'")
        _check_rounded("amount", amount)
        self._check_currency(amount, "reallocate")
        if amount.amount <= 0:
            raise ValidationError("amount", amount, "a positive amount")
        suffix = f": {reason}" if reason else ""
        cut = ChangeOrder(
            line=from_line,
            amount=-amount,
            reason=f"reallocated to {to_line!r}{suffix}",
            approved_on=on,
        )
        add = ChangeOrder(
            line=to_line,
            amount=amount,
            reason=f"reallocated from {from_line!r}{suffix}",
            approved_on=on,
        )
        self._check_cut(from_line, cut.amount)
        return attrs.evolve(self, change_orders=(*self.change_orders, cut, add))
