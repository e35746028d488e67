"""Profit and loss of a contract: revenue invoiced and recognised, costs, margin, forecast.

**Revenue recognised** by ``as_of``: a retainer's fee as it is earned, day by day (the same
proration as billing, so a whole term recognises exactly what it bills); a milestone's amount once
accepted; everything billed on use (time and materials, retainer overage, media, marked-up costs)
as it is invoiced, on the invoice's date. **Revenue invoiced** is the net (before tax) of the
contract's lines on invoices issued by ``as_of``, void invoices left out. **Costs** are
:class:`Cost` values: labour at cost rates (:func:`labour_costs`) and third-party costs (media
owners, production), each possibly tied to a tower.

**Forecast at completion**: revenue recognised plus what the billing plan still holds (the rest of
the retainer fees to the contract's last day and the milestones not yet accepted; usage is not
forecast); costs at completion are the costs so far plus ``cost_to_complete`` when given, otherwise
the costs so far scaled to the forecast revenue (the cost ratio to date holds).

>>> import pendulum
>>> from accountexec.billing import Retainer
>>> from accountexec.contracts import Contract
>>> from accountexec.money import Money
>>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
>>> contract = Contract(
...     id="C-20", client_id="acme", title="Retainer", value=Money("120000.00", "EUR"),
...     start=pendulum.date(2026, 1, 1), term_months=12, signatories=["ana"],
...     arrangements=[Retainer(fee=Money("10000.00", "EUR"))],
... ).negotiate(at=at).sign(at=at)
>>> costs = [Cost(description="team, Q1", on=pendulum.date(2026, 3, 31),
...               amount=Money("18000.00", "EUR"), kind="labour")]
>>> pnl = ProfitAndLoss.for_contract(contract, invoices=(), costs=costs,
...                                  as_of=pendulum.date(2026, 3, 31))
>>> pnl.total.recognised, pnl.total.gross_margin, pnl.total.margin
(Money('30000.00', 'EUR'), Money('12000.00', 'EUR'), Rate('0.4'))
>>> pnl.forecast_revenue, pnl.forecast_costs, pnl.forecast_margin
(Money('120000.00', 'EUR'), Money('72000.00', 'EUR'), Money('48000.00', 'EUR'))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec._fields import (
    check_optional_name,
    check_text,
    instance_of,
    require_currency,
    to_date,
    to_sequence_of,
)
from accountexec.commerce.billing import (
    Milestone,
    Retainer,
    TimeEntry,
    billed_lines,
    milestone_amounts,
)
from accountexec.commerce.contracts import Contract
from accountexec.commerce.invoices import Invoice
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, Rate, money_validator

__all__ = [
    "Cost",
    "CostKind",
    "ProfitAndLoss",
    "TowerResult",
    "labour_costs",
]

CostKind = Literal["labour", "third_party"]
"""Labour (people at cost rates) or third party (media owners, production, subcontractors)."""

_EARNED_OVER_TIME: Final = frozenset({"fee", "milestone"})
"""Line kinds recognised as earned (a retainer's fee day by day, a milestone on acceptance);
every other billed line is recognised when invoiced."""


def _on_date(value: object) -> pendulum.Date:
    return to_date(value, "on")


@attrs.frozen(kw_only=True)
class Cost:
    """A cost of delivering a contract: labour or third party, on a day, maybe for a tower.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> Cost(description="print run", on=pendulum.date(2026, 3, 4), amount=Money("800.00", "EUR"))
    Cost(description='print run', ..., kind='third_party', tower=None)
    """

    description: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=_on_date)
    amount: Money = attrs.field()
    kind: CostKind = attrs.field(default="third_party")
    tower: str | None = attrs.field(default=None, validator=check_optional_name)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Money) or value.amount < 0 or not value.is_rounded:
            raise ValidationError("amount", value, "a rounded Money of zero or more")

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in get_args(CostKind):
            raise ValidationError("kind", value, "'labour' or 'third_party'")


def labour_costs(
    contract: Contract, entries: Iterable[TimeEntry], cost_rates: Mapping[str, Money]
) -> tuple[Cost, ...]:
    """The labour cost of time entries: hours × the cost rate of the person, else of the role.

    Each entry's tower is its arrangement's (when it names one that belongs to a tower).

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-21", client_id="acme", title="T&M", value=Money("0.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1))
    >>> entry = TimeEntry(person="ana", role="designer", on=pendulum.date(2026, 1, 5), hours="7.5")
    >>> labour_costs(c, [entry], {"designer": Money("48.00", "EUR")})[0].amount
    Money('360.00', 'EUR')
    """
    if not isinstance(cost_rates, Mapping):
        raise ValidationError("cost_rates", cost_rates, "a mapping of person or role to Money")
    costs: list[Cost] = []
    for entry in to_sequence_of("entries", TimeEntry, entries):
        rate = cost_rates.get(entry.person, cost_rates.get(entry.role))
        if rate is None:
            raise ValidationError(
                "cost_rates",
                entry.person,
                f"a cost rate for person {entry.person!r} or role {entry.role!r}",
            )
        tower = None
        if entry.arrangement is not None:
            tower = contract.arrangement(entry.arrangement).tower
        costs.append(
            Cost(
                description=f"{entry.person} ({entry.role}) {entry.hours} h",
                on=entry.on,
                amount=(rate * entry.hours).round(),
                kind="labour",
                tower=tower,
            )
        )
    return tuple(costs)


_check_cost = money_validator(rounded=True, non_negative=True)


@attrs.frozen(kw_only=True)
class TowerResult:
    """Revenue, costs and margin of one tower (``tower=None``: what no tower owns), or the total.

    >>> from accountexec.money import Money
    >>> creative = TowerResult(tower="creative", invoiced=Money("10000.00", "EUR"),
    ...                        recognised=Money("10000.00", "EUR"), labour=Money("6000.00", "EUR"),
    ...                        third_party=Money("500.00", "EUR"))
    >>> creative.costs, creative.gross_margin, creative.margin
    (Money('6500.00', 'EUR'), Money('3500.00', 'EUR'), Rate('0.35'))

    The four amounts are in one currency; the costs are rounded, of zero or more.
    """

    tower: str | None = attrs.field(validator=check_optional_name)
    invoiced: Money = attrs.field(validator=money_validator())
    recognised: Money = attrs.field(validator=money_validator())
    labour: Money = attrs.field(validator=_check_cost)
    third_party: Money = attrs.field(validator=_check_cost)

    def __attrs_post_init__(self) -> None:
        for name in ("recognised", "labour", "third_party"):
            require_currency(name, getattr(self, name), self.invoiced.currency)

    @property
    def costs(self) -> Money:
        """Labour plus third-party costs."""
        return self.labour + self.third_party

    @property
    def gross_margin(self) -> Money:
        """Revenue recognised less costs."""
        return self.recognised - self.costs

    @property
    def margin(self) -> Rate | None:
        """Gross margin as a share of revenue recognised (``None`` with no revenue)."""
        if not self.recognised.amount:
            return None
        return Rate(self.gross_margin / self.recognised)


def _as_of_date(value: _dt.date) -> pendulum.Date:
    return to_date(value, "as_of")


def _to_towers(value: Iterable[TowerResult]) -> tuple[TowerResult, ...]:
    towers = to_sequence_of("towers", TowerResult, value)
    if not towers:
        raise ValidationError("towers", towers, "at least one tower result")
    return towers


@attrs.frozen(kw_only=True)
class ProfitAndLoss:
    """A contract's profit and loss on ``as_of``, per tower and in total, with a forecast.

    Build it with :meth:`for_contract`. One result per tower (at least one), every amount in
    ``currency``, and the total (tower ``None``) the towers' sum, figure by figure.

    >>> import pendulum
    >>> from accountexec.billing import BillingState, Retainer, bill
    >>> from accountexec.contracts import Contract, Tower
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
    >>> c = Contract(id="C-22", client_id="acme", title="Retainer", value=Money("60000.00", "EUR"),
    ...              start=pendulum.date(2026, 1, 1), term_months=6, signatories=["ana"],
    ...              towers=[Tower("creative", "ana", Money("60000.00", "EUR"))],
    ...              arrangements=[Retainer(fee=Money("10000.00", "EUR"), tower="creative")],
    ...              ).negotiate(at=at).sign(at=at)
    >>> january = bill(c, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31),
    ...                state=BillingState.opening(c)).invoices
    >>> team = Cost(description="design team", on=pendulum.date(2026, 1, 31),
    ...             amount=Money("6500.00", "EUR"), kind="labour", tower="creative")
    >>> pnl = ProfitAndLoss.for_contract(c, january, [team], as_of=pendulum.date(2026, 1, 31))
    >>> pnl.tower("creative").invoiced, pnl.tower("creative").gross_margin
    (Money('10000.00', 'EUR'), Money('3500.00', 'EUR'))
    >>> pnl.forecast_revenue, pnl.forecast_costs, str(pnl.forecast_margin_rate)
    (Money('60000.00', 'EUR'), Money('39000.00', 'EUR'), '35%')
    """

    contract_id: str = attrs.field(validator=check_text)
    as_of: pendulum.Date = attrs.field(converter=_as_of_date)
    currency: Currency = attrs.field(converter=Currency)
    towers: tuple[TowerResult, ...] = attrs.field(converter=_to_towers)
    total: TowerResult = attrs.field(validator=instance_of(TowerResult, "a TowerResult"))
    forecast_revenue: Money = attrs.field(validator=money_validator())
    forecast_costs: Money = attrs.field(validator=money_validator())

    def __attrs_post_init__(self) -> None:
        names = [t.tower for t in self.towers]
        if len(set(names)) != len(names):
            raise ValidationError("towers", names, "one result per tower")
        for result in (*self.towers, self.total):
            require_currency("towers", result.invoiced, self.currency)
        if self.total.tower is not None:
            raise ValidationError("total", self.total, "a TowerResult with tower None")
        for name in ("invoiced", "recognised", "labour", "third_party"):
            expected = Money.sum((getattr(t, name) for t in self.towers), self.currency)
            if getattr(self.total, name) != expected:
                raise ValidationError(
                    "total", self.total, f"the towers' sum of {name} ({expected!r})"
                )
        require_currency("forecast_revenue", self.forecast_revenue, self.currency)
        require_currency("forecast_costs", self.forecast_costs, self.currency)

    @property
    def forecast_margin(self) -> Money:
        """Revenue at completion less costs at completion."""
        return self.forecast_revenue - self.forecast_costs

    @property
    def forecast_margin_rate(self) -> Rate | None:
        """The forecast margin as a share of the forecast revenue (``None`` with no revenue)."""
        if not self.forecast_revenue.amount:
            return None
        return Rate(self.forecast_margin / self.forecast_revenue)

    def tower(self, name: str | None) -> TowerResult:
        """The result of the tower called ``name`` (``None`` for what no tower owns)."""
        for result in self.towers:
            if result.tower == name:
                return result
        raise ValidationError("tower", name, f"one of {[t.tower for t in self.towers]}")

    @classmethod
    def for_contract(
        cls,
        contract: Contract,
        invoices: Iterable[Invoice],
        costs: Iterable[Cost],
        *,
        as_of: _dt.date,
        cost_to_complete: Money | None = None,
    ) -> ProfitAndLoss:
        """The contract's profit and loss on ``as_of`` (see the module's rules)."""
        day = to_date(as_of, "as_of")
        currency = contract.currency
        zero = Money.zero(currency)
        towers = [t.name for t in contract.towers]
        invoiced, recognised, remaining = _revenue(contract, invoices, day)
        labour: dict[str | None, Money] = {}
        third: dict[str | None, Money] = {}
        for cost in to_sequence_of("costs", Cost, costs):
            if cost.amount.currency != currency:
                raise ValidationError("costs", cost, f"amounts in {currency.code}")
            if cost.tower is not None and cost.tower not in towers:
                raise ValidationError("costs", cost.tower, f"one of the contract's towers {towers}")
            if cost.on <= day:
                _add(labour if cost.kind == "labour" else third, cost.tower, cost.amount)
        keys: list[str | None] = list(towers)
        if any(None in table for table in (invoiced, recognised, labour, third)) or not keys:
            keys.append(None)
        results = tuple(
            TowerResult(
                tower=key,
                invoiced=invoiced.get(key, zero),
                recognised=recognised.get(key, zero),
                labour=labour.get(key, zero),
                third_party=third.get(key, zero),
            )
            for key in keys
        )
        total = TowerResult(
            tower=None,
            invoiced=Money.sum((r.invoiced for r in results), currency),
            recognised=Money.sum((r.recognised for r in results), currency),
            labour=Money.sum((r.labour for r in results), currency),
            third_party=Money.sum((r.third_party for r in results), currency),
        )
        forecast_revenue = total.recognised + remaining
        if cost_to_complete is not None:
            if not isinstance(cost_to_complete, Money) or cost_to_complete.currency != currency:
                raise ValidationError(
                    "cost_to_complete", cost_to_complete, f"a Money in {currency.code}"
                )
            forecast_costs = total.costs + cost_to_complete
        elif total.recognised.amount:
            forecast_costs = (total.costs * (forecast_revenue / total.recognised)).round()
        else:
            forecast_costs = total.costs
        return cls(
            contract_id=contract.id,
            as_of=day,
            currency=currency,
            towers=results,
            total=total,
            forecast_revenue=forecast_revenue,
            forecast_costs=forecast_costs,
        )


def _add(table: dict[str | None, Money], tower: str | None, amount: Money) -> None:
    previous = table.get(tower)
    table[tower] = amount if previous is None else previous + amount


def _revenue(
    contract: Contract, invoices: Iterable[Invoice], day: pendulum.Date
) -> tuple[dict[str | None, Money], dict[str | None, Money], Money]:
    """Revenue invoiced and recognised per tower by ``day``, and what the plan still holds."""
    owner = {a.name: a.tower for a in contract.arrangements}
    invoiced: dict[str | None, Money] = {}
    recognised: dict[str | None, Money] = {}
    accepted: dict[str, pendulum.Date] = {}
    for line in billed_lines(invoices, contract.id):
        if line.issued_on > day:
            continue
        tower = owner.get(line.arrangement)
        _add(invoiced, tower, line.net)
        if line.kind not in _EARNED_OVER_TIME:
            _add(recognised, tower, line.net)
        elif line.kind == "milestone":
            accepted[line.arrangement] = line.period.start
    remaining = Money.zero(contract.currency)
    amounts = milestone_amounts(contract)
    for arrangement in contract.arrangements:
        if isinstance(arrangement, Retainer):
            earned, rest = _retainer_split(contract, arrangement, day, contract.last_day)
            _add(recognised, arrangement.tower, earned)
            remaining += rest
        elif isinstance(arrangement, Milestone):
            on = accepted.get(arrangement.name, arrangement.accepted_on)
            if on is not None and on <= day:
                _add(recognised, arrangement.tower, amounts[arrangement.name])
            else:
                remaining += amounts[arrangement.name]
    return invoiced, recognised, remaining


def _retainer_split(
    contract: Contract, retainer: Retainer, day: pendulum.Date, last: pendulum.Date | None
) -> tuple[Money, Money]:
    """The fee earned by ``day`` and the fee still to earn to the contract's last day."""
    zero = Money.zero(contract.currency)
    if last is not None and last < contract.start:
        return zero, zero
    earned = zero
    if day >= contract.start:
        upto = day if last is None else min(day, last)
        earned = retainer.amount_for(contract.start, upto, term_start=contract.start)
    rest = zero
    if last is not None and day < last:
        begin = max(day.add(days=1), contract.start)
        rest = retainer.amount_for(begin, last, term_start=contract.start)
    return earned, rest
