"""Retention: how much of last period's clients and revenue the agency kept, and what renews next.

The standard definitions, for a period from a start to an end, over the clients who were already
clients at the start (new clients count in neither the base nor the result):

- **starting revenue** *S*: the recurring revenue of those clients at the start;
- **expansion**: the increases of the clients who pay more at the end than at the start;
- **contraction**: the decreases of the clients who still pay something at the end;
- **churned revenue**: the starting revenue of the clients who pay nothing at the end;
- **gross revenue retention** GRR = (S − contraction − churned) ÷ S, never above 100%;
- **net revenue retention** NRR = (S + expansion − contraction − churned) ÷ S, above 100% when
  expansion outweighs the losses;
- **logo churn rate** = clients lost ÷ clients at the start;
- **renewal rate** = contracts renewed ÷ contracts that came up for renewal in the period (also by
  value).

Revenue per client is a mapping ``{client_id: Money}``: the annualised value of the active
contracts on a date (:func:`recurring_revenue`), or the revenue invoiced in a period
(:func:`invoiced_revenue`). :func:`revenue_retention` compares two such mappings.

A worked example: three clients at the start pay 120,000, 60,000 and 20,000 a year (*S* =
200,000). At the end the first pays 150,000 (expansion 30,000), the second 45,000 (contraction
15,000), the third has left (churned 20,000), and a new client pays 50,000 (not counted). GRR =
(200,000 − 15,000 − 20,000) ÷ 200,000 = 82.5%; NRR = (200,000 + 30,000 − 15,000 − 20,000) ÷
200,000 = 97.5%; logo churn = 1 ÷ 3.

>>> from accountexec.money import Money
>>> def eur(amount):
...     return Money(amount, "EUR")
>>> figures = revenue_retention(
...     {"fjord": eur("120000.00"), "nordic": eur("60000.00"), "alba": eur("20000.00")},
...     {"fjord": eur("150000.00"), "nordic": eur("45000.00"), "kite": eur("50000.00")})
>>> figures.gross_retention, figures.net_retention
(Rate('0.825'), Rate('0.975'))
>>> figures.churned_clients, figures.clients, figures.expansion, figures.new
(1, 3, Money('30000.00', 'EUR'), Money('50000.00', 'EUR'))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from accountexec._fields import ReadOnlyMapping, check_count, check_text, to_date, to_sequence_of
from accountexec.calendars import WorkCalendar
from accountexec.commerce.contracts import Contract, ContractStatus, RenewalKind
from accountexec.commerce.contracts import renewals_due as _contracts_renewals_due
from accountexec.commerce.invoices import Invoice, InvoiceStatus
from accountexec.deadlines import CalendarDays, DeadlineRule
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, ExchangeRates, Money, Rate

__all__ = [
    "RenewalRate",
    "RetentionFigures",
    "UpcomingRenewal",
    "invoiced_revenue",
    "recurring_revenue",
    "renewal_rate",
    "renewals_due",
    "revenue_retention",
]

_ZERO: Final = Decimal(0)


def _check_figure(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or not value.is_rounded or value.amount < 0:
        raise ValidationError(attribute.name, value, "a rounded Money of zero or more")


@attrs.frozen(kw_only=True)
class RetentionFigures:
    """Revenue and logo retention between two dates (see the module's definitions).

    ``starting`` is the base *S*; ``expansion``, ``contraction`` and ``churned`` its changes
    among the clients of the start; ``new`` the revenue of clients who were not clients at the
    start (reported, never counted in the rates). ``clients`` and ``churned_clients`` count logos.

    >>> from accountexec.money import Money
    >>> f = revenue_retention({"a": Money("100.00", "EUR")}, {"a": Money("90.00", "EUR")})
    >>> f.contraction, f.gross_retention, f.net_retention
    (Money('10.00', 'EUR'), Rate('0.9'), Rate('0.9'))
    """

    currency: Currency = attrs.field(converter=Currency)
    starting: Money = attrs.field(validator=_check_figure)
    expansion: Money = attrs.field(validator=_check_figure)
    contraction: Money = attrs.field(validator=_check_figure)
    churned: Money = attrs.field(validator=_check_figure)
    new: Money = attrs.field(validator=_check_figure)
    clients: int = attrs.field(validator=check_count)
    churned_clients: int = attrs.field(validator=check_count)

    def __attrs_post_init__(self) -> None:
        for name in ("starting", "expansion", "contraction", "churned", "new"):
            if getattr(self, name).currency != self.currency:
                raise ValidationError(name, getattr(self, name), f"an amount in {self.currency}")
        if self.contraction + self.churned > self.starting:
            raise ValidationError(
                "contraction", self.contraction, f"losses within the starting {self.starting!r}"
            )
        if self.churned_clients > self.clients:
            raise ValidationError(
                "churned_clients", self.churned_clients, f"at most the {self.clients} clients"
            )

    def _share(self, amount: Money) -> Rate | None:
        if self.starting.amount == 0:
            return None
        return Rate(DECIMAL_CONTEXT.divide(amount.amount, self.starting.amount))

    @property
    def retained(self) -> Money:
        """Starting revenue kept: *S* − contraction − churned."""
        return self.starting - self.contraction - self.churned

    @property
    def gross_retention(self) -> Rate | None:
        """GRR, or None with no starting revenue."""
        return self._share(self.retained)

    @property
    def net_retention(self) -> Rate | None:
        """NRR, or None with no starting revenue."""
        return self._share(self.retained + self.expansion)

    @property
    def logo_churn(self) -> Rate | None:
        """Clients lost over clients at the start, or None with no client at the start."""
        if self.clients == 0:
            return None
        return Rate(DECIMAL_CONTEXT.divide(Decimal(self.churned_clients), Decimal(self.clients)))


def _revenue_map(field: str, value: Mapping[str, Money]) -> dict[str, Money]:
    if not isinstance(value, Mapping):
        raise ValidationError(field, value, "a mapping of client id to Money")
    result: dict[str, Money] = {}
    for client, amount in value.items():
        if not isinstance(client, str) or not client.strip():
            raise ValidationError(field, client, "client ids (non-empty text)")
        if not isinstance(amount, Money) or not amount.is_rounded or amount.amount < 0:
            raise ValidationError(f"{field}[{client!r}]", amount, "a rounded Money of zero or more")
        result[client] = amount
    return result


def revenue_retention(start: Mapping[str, Money], end: Mapping[str, Money]) -> RetentionFigures:
    """Revenue and logo retention from revenue per client at the start and at the end.

    Every amount is in one currency (convert first); a client at the start with zero revenue is
    not a client. See the module's worked example.

    >>> from accountexec.money import Money
    >>> f = revenue_retention({"a": Money("100.00", "EUR"), "b": Money("100.00", "EUR")},
    ...                       {"a": Money("130.00", "EUR")})
    >>> f.churned, f.expansion, f.net_retention, f.logo_churn
    (Money('100.00', 'EUR'), Money('30.00', 'EUR'), Rate('0.65'), Rate('0.5'))
    """
    before = {c: m for c, m in _revenue_map("start", start).items() if m.amount > 0}
    after = {c: m for c, m in _revenue_map("end", end).items() if m.amount > 0}
    amounts = [*before.values(), *after.values()]
    if not amounts:
        raise ValidationError("start", dict(start), "revenue for at least one client")
    currency = amounts[0].currency
    for money in amounts:
        if money.currency != currency:
            raise CurrencyMismatchError(
                currency.code,
                money.currency.code,
                "compare",
                message=(
                    f"cannot compare revenue in {currency.code!r} and {money.currency.code!r}; "
                    "convert it with ExchangeRates first"
                ),
            )
    zero = Money.zero(currency)
    expansion = contraction = churned = zero
    lost = 0
    for client, was in before.items():
        now = after.get(client)
        if now is None:
            churned += was
            lost += 1
        elif now > was:
            expansion += now - was
        else:
            contraction += was - now
    new = Money.sum((m for c, m in after.items() if c not in before), currency)
    return RetentionFigures(
        currency=currency,
        starting=Money.sum(before.values(), currency),
        expansion=expansion,
        contraction=contraction,
        churned=churned,
        new=new,
        clients=len(before),
        churned_clients=lost,
    )


def _annual_value(contract: Contract) -> Money:
    """The contract's value per year of its term (its value, for a term of a year)."""
    if contract.term_months is not None:
        return (contract.value * 12 / contract.term_months).round()
    if contract.end is None:
        return contract.value
    days = (contract.end - contract.start).days + 1
    return (contract.value * 365 / days).round()


def recurring_revenue(
    contracts: Iterable[Contract],
    on: _dt.date,
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
) -> Mapping[str, Money]:
    """Annualised contract value per client on ``on``: the contracts active that day.

    A contract's annual value is its value × 12 ÷ its term in months (by days for a term given
    by its end); other currencies are converted with ``rates`` and rounded.

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 1, 1, tz="UTC")
    >>> c = Contract(id="C-1", client_id="fjord", title="Retainer",
    ...              value=Money("60000.00", "EUR"), start=pendulum.date(2026, 1, 1),
    ...              term_months=6, signatories=["ana"]).negotiate(at=at).sign(at=at)
    >>> dict(recurring_revenue([c], pendulum.date(2026, 3, 1), currency="EUR"))
    {'fjord': Money('120000.00', 'EUR')}
    """
    day = to_date(on, "on")
    target = Currency(currency)
    if rates is not None and not isinstance(rates, ExchangeRates):
        raise ValidationError("rates", rates, "ExchangeRates or None")
    totals: dict[str, Money] = {}
    for contract in to_sequence_of("contracts", Contract, contracts):
        if contract.status_on(day) is not ContractStatus.ACTIVE:
            continue
        annual = _annual_value(contract)
        if annual.currency != target:
            if rates is None:
                raise CurrencyMismatchError(
                    annual.currency.code,
                    target.code,
                    "convert",
                    message=(
                        f"cannot add {annual.currency.code!r} contracts to {target.code!r} "
                        "revenue without exchange rates; pass rates=ExchangeRates(...)"
                    ),
                )
            annual = rates.convert(annual, target)
        totals[contract.client_id] = totals.get(contract.client_id, Money.zero(target)) + annual
    return ReadOnlyMapping(dict(sorted(totals.items())))


def invoiced_revenue(
    invoices: Iterable[Invoice],
    start: _dt.date,
    end: _dt.date,
    *,
    currency: str | Currency,
    rates: ExchangeRates | None = None,
) -> Mapping[str, Money]:
    """Revenue invoiced per client from ``start`` to ``end`` (both included), net of tax.

    Every invoice issued in the period counts with its subtotal, except drafts and void
    invoices; other currencies are converted with ``rates`` and rounded. Compare two periods of
    the same length (two quarters, two years) with :func:`revenue_retention`.

    >>> import pendulum
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> def invoice(number, client, amount, day):
    ...     line = InvoiceLine(description="Fee", quantity=1, unit_price=Money(amount, "EUR"))
    ...     return Invoice(number=number, client_id=client, currency="EUR", issued_on=day,
    ...                    terms=PaymentTerms.net(30), lines=[line]).issue(
    ...                        at=pendulum.datetime(day.year, day.month, day.day, tz="UTC"))
    >>> book = [invoice("1", "fjord", "100.00", pendulum.date(2026, 1, 31)),
    ...         invoice("2", "fjord", "50.00", pendulum.date(2026, 2, 28)),
    ...         invoice("3", "kite", "80.00", pendulum.date(2026, 4, 30))]
    >>> dict(invoiced_revenue(book, pendulum.date(2026, 1, 1), pendulum.date(2026, 3, 31),
    ...                       currency="EUR"))
    {'fjord': Money('150.00', 'EUR')}
    """
    first, last = to_date(start, "start"), to_date(end, "end")
    if last < first:
        raise ValidationError("end", last, f"a date on or after the start {first}")
    target = Currency(currency)
    if rates is not None and not isinstance(rates, ExchangeRates):
        raise ValidationError("rates", rates, "ExchangeRates or None")
    totals: dict[str, Money] = {}
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.VOID):
            continue
        if not first <= invoice.issued_on <= last:
            continue
        net = invoice.subtotal
        if net.currency != target:
            if rates is None:
                raise CurrencyMismatchError(
                    net.currency.code,
                    target.code,
                    "convert",
                    message=(
                        f"cannot add {net.currency.code!r} invoices to {target.code!r} revenue "
                        "without exchange rates; pass rates=ExchangeRates(...)"
                    ),
                )
            net = rates.convert(net, target)
        totals[invoice.client_id] = totals.get(invoice.client_id, Money.zero(target)) + net
    return ReadOnlyMapping(dict(sorted(totals.items())))


@attrs.frozen(kw_only=True)
class RenewalRate:
    """Contracts that came up for renewal in a period, and how many (and how much) renewed.

    >>> from accountexec.money import Money
    >>> r = RenewalRate(due=4, renewed=3, due_value=Money("400.00", "EUR"),
    ...                 renewed_value=Money("250.00", "EUR"))
    >>> r.rate, r.value_rate
    (Rate('0.75'), Rate('0.625'))
    """

    due: int = attrs.field(validator=check_count)
    renewed: int = attrs.field(validator=check_count)
    due_value: Money = attrs.field(validator=_check_figure)
    renewed_value: Money = attrs.field(validator=_check_figure)

    @property
    def rate(self) -> Rate | None:
        """Renewed over due, by count (None when nothing was due)."""
        if self.due == 0:
            return None
        return Rate(DECIMAL_CONTEXT.divide(Decimal(self.renewed), Decimal(self.due)))

    @property
    def value_rate(self) -> Rate | None:
        """Renewed over due, by value (None when nothing of value was due)."""
        if self.due_value.amount == 0:
            return None
        return Rate(DECIMAL_CONTEXT.divide(self.renewed_value.amount, self.due_value.amount))


def renewal_rate(
    contracts: Iterable[Contract], start: _dt.date, end: _dt.date, *, currency: str | Currency
) -> RenewalRate:
    """The contracts whose last day falls from ``start`` to ``end`` and the share renewed.

    A contract renewed when it is in status ``renewed`` or another contract names it as its
    ``predecessor_id``. Values are the contracts' own, in ``currency`` (others are refused).

    >>> import pendulum
    >>> from accountexec.contracts import Contract
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2025, 1, 1, tz="UTC")
    >>> def contract(cid, months):
    ...     return Contract(id=cid, client_id="fjord", title=cid, value=Money("1000.00", "EUR"),
    ...                     start=pendulum.date(2025, 1, 1), term_months=months,
    ...                     signatories=["ana"]).negotiate(at=at).sign(at=at)
    >>> old, other = contract("C-1", 12), contract("C-2", 12)
    >>> new = Contract(id="C-3", client_id="fjord", title="next", value=Money("1200.00", "EUR"),
    ...                start=pendulum.date(2026, 1, 1), term_months=12, predecessor_id="C-1")
    >>> r = renewal_rate([old, other, new], pendulum.date(2025, 12, 1),
    ...                  pendulum.date(2025, 12, 31), currency="EUR")
    >>> r.due, r.renewed, r.rate
    (2, 1, Rate('0.5'))
    """
    first, last = to_date(start, "start"), to_date(end, "end")
    if last < first:
        raise ValidationError("end", last, f"a date on or after the start {first}")
    target = Currency(currency)
    every = to_sequence_of("contracts", Contract, contracts)
    successors = {c.predecessor_id for c in every if c.predecessor_id is not None}
    zero = Money.zero(target)
    due = renewed = 0
    due_value = renewed_value = zero
    for contract in every:
        day = contract.last_day
        if day is None or not first <= day <= last or contract.status is ContractStatus.DRAFT:
            continue
        if contract.value.currency != target:
            raise ValidationError("contracts", contract.id, f"contracts valued in {target.code}")
        due += 1
        due_value += contract.value
        if contract.status is ContractStatus.RENEWED or contract.id in successors:
            renewed += 1
            renewed_value += contract.value
    return RenewalRate(due=due, renewed=renewed, due_value=due_value, renewed_value=renewed_value)


def _ends_on(value: object) -> pendulum.Date:
    return to_date(value, "ends_on")


def _notice_deadline(value: object) -> pendulum.Date:
    return to_date(value, "notice_deadline")


@attrs.frozen(kw_only=True)
class UpcomingRenewal:
    """A contract in the renewal pipeline: its value, end, notice deadline and kind of renewal.

    ``days_to_notice`` counts calendar days from the date asked about to the notice deadline;
    :func:`renewals_due` gives them.

    >>> import pendulum
    >>> from accountexec.contracts import RenewalKind
    >>> from accountexec.money import Money
    >>> UpcomingRenewal(contract_id="C-1", client_id="fjord", value=Money("1.00", "EUR"),
    ...                 annual_value=Money("1.00", "EUR"), ends_on=pendulum.date(2026, 12, 31),
    ...                 notice_deadline=pendulum.date(2026, 12, 1), days_to_notice=30,
    ...                 renewal=RenewalKind.AUTOMATIC).days_to_notice
    30
    """

    contract_id: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    value: Money = attrs.field(validator=_check_figure)
    annual_value: Money = attrs.field(validator=_check_figure)
    ends_on: pendulum.Date = attrs.field(converter=_ends_on)
    notice_deadline: pendulum.Date = attrs.field(converter=_notice_deadline)
    days_to_notice: int = attrs.field(validator=check_count)
    renewal: RenewalKind = attrs.field()

    @renewal.validator
    def _check_renewal(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, RenewalKind):
            raise ValidationError("renewal", value, "a RenewalKind")


def renewals_due(
    contracts: Iterable[Contract],
    as_of: _dt.date,
    within: DeadlineRule = CalendarDays(90),  # noqa: B008 - an immutable value
    calendar: WorkCalendar | None = None,
) -> tuple[UpcomingRenewal, ...]:
    """The renewal pipeline: contracts whose notice deadline falls from ``as_of`` to ``within``.

    The selection is :func:`accountexec.contracts.renewals_due`'s (renewing contracts not in a
    terminal status, sorted by notice deadline), over the window that ``within`` (any deadline
    rule; ``CalendarDays(90)`` by default) gives from ``as_of``; each comes with its value, annual
    value and the days left to give notice. ``calendar`` is needed for business-day windows and
    notice counted in business days.

    >>> import pendulum
    >>> from accountexec.contracts import Contract, Renewal
    >>> from accountexec.money import Money
    >>> c = Contract(id="C-1", client_id="fjord", title="Retainer",
    ...              value=Money("60000.00", "EUR"), start=pendulum.date(2026, 1, 1),
    ...              term_months=12, renewal=Renewal(kind="automatic", notice_days=60))
    >>> (due,) = renewals_due([c], as_of=pendulum.date(2026, 9, 15))
    >>> due.notice_deadline, due.days_to_notice, due.annual_value
    (Date(2026, 11, 1), 47, Money('60000.00', 'EUR'))
    """
    day = to_date(as_of, "as_of")
    if not isinstance(within, DeadlineRule):
        raise ValidationError("within", within, "a deadline rule such as CalendarDays(90)")
    horizon = to_date(within.due(day, calendar), "within")
    if horizon < day:
        raise ValidationError("within", within, "a rule that lands on or after as_of")
    found = _contracts_renewals_due(
        contracts, as_of=day, within_days=(horizon - day).days, calendar=calendar
    )
    rows = []
    for contract in found:
        deadline = contract.notice_deadline(calendar)
        if deadline is None or contract.end is None:  # pragma: no cover (selected as renewing)
            continue
        rows.append(
            UpcomingRenewal(
                contract_id=contract.id,
                client_id=contract.client_id,
                value=contract.value,
                annual_value=_annual_value(contract),
                ends_on=contract.end,
                notice_deadline=deadline,
                days_to_notice=(deadline - day).days,
                renewal=contract.renewal.kind,
            )
        )
    return tuple(rows)
