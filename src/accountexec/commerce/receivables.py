"""Receivables: which invoices are overdue, by how many days, and the aging report.

An invoice is owed in installments (its :class:`~accountexec.payment_terms.PaymentTerms`); what is
left open of each installment (:meth:`Invoice.open_installments
<accountexec.invoices.Invoice.open_installments>`) is late from the day after it fell due. This
module reads invoices and never changes them: :func:`is_overdue` and :func:`days_overdue` for one
invoice, and :func:`aging`, which sorts the open installments of many invoices into buckets of days
past due per client and currency, into an :class:`AgingReport` that merges with ``+``.

Everything is "as of" a date: only payments, credit notes and write-offs dated on or before it
count, so a report for a past date shows the invoices as they were then. What an invoice owes
the client (an overpayment) is unapplied credit, shown in the report's own negative column; a
:class:`~accountexec.ledger.ClientLedger` adds payments on account, credit applied and refunds.

Every name here is also importable from :mod:`accountexec.invoices`, where it was first defined.

>>> import pendulum
>>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
>>> from accountexec.money import Money
>>> inv = Invoice(number="INV-1", client_id="acme", currency="EUR",
...               issued_on=pendulum.date(2026, 1, 31), terms=PaymentTerms.net(30),
...               lines=[InvoiceLine(description="Fee", quantity=1,
...                                  unit_price=Money("100.00", "EUR"))],
...               ).issue(at=pendulum.datetime(2026, 1, 31, 9))
>>> as_of = pendulum.date(2026, 3, 20)
>>> is_overdue(inv, as_of=as_of), days_overdue(inv, as_of=as_of)
(True, 18)
>>> aging([inv], as_of=as_of).total("EUR")[1]
Money('100.00', 'EUR')
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs
import pendulum

from accountexec import _columns, _views
from accountexec._fields import (
    check_text,
    require_currency,
    to_date,
    to_optional_date,
    to_sequence,
    to_sequence_of,
)
from accountexec.commerce.invoices import Invoice
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money

__all__ = [
    "AgingReport",
    "AgingRow",
    "aging",
    "days_overdue",
    "is_overdue",
]


# ---------------------------------------------------------------------------------------- overdue


def _overdue_days(invoice: Invoice, as_of: date) -> list[int]:
    if not isinstance(invoice, Invoice):
        raise ValidationError("invoice", invoice, "an Invoice")
    when = to_date(as_of, "as_of")
    day = when.toordinal()
    return [
        day - item.due_on.toordinal()
        for item in invoice.open_installments(when)
        if item.due_on.toordinal() < day
    ]


def is_overdue(invoice: Invoice, *, as_of: date) -> bool:
    """Whether any installment was due before ``as_of`` and is not fully paid.

    ``as_of`` is a date (in the client's terms), never a datetime, so no time zone can make an
    invoice overdue a day early: an installment due on 2 March is overdue from 3 March. Only
    payments, credit notes and write-offs dated on or before ``as_of`` count: an invoice paid on
    10 March was overdue on 5 March.

    >>> import pendulum
    >>> from accountexec.invoices import InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> inv = Invoice(number="INV-6", client_id="acme", currency="EUR",
    ...               issued_on=pendulum.date(2026, 1, 31), terms=PaymentTerms.net(30),
    ...               lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                  unit_price=Money("100.00", "EUR"))],
    ...               ).issue(at=pendulum.datetime(2026, 1, 31, 9))
    >>> [is_overdue(inv, as_of=pendulum.date(2026, 3, d)) for d in (2, 3)]
    [False, True]
    >>> days_overdue(inv, as_of=pendulum.date(2026, 4, 1))
    30
    >>> from accountexec.invoices import Payment
    >>> paid = inv.apply_payment(Payment(Money("100.00", "EUR"), pendulum.date(2026, 3, 10), "S-6"),
    ...                          at=pendulum.datetime(2026, 3, 10, 9))
    >>> [is_overdue(paid, as_of=pendulum.date(2026, 3, d)) for d in (5, 10)]
    [True, False]
    """
    return bool(_overdue_days(invoice, as_of))


def days_overdue(invoice: Invoice, *, as_of: date) -> int:
    """Days past due of the oldest unpaid installment as of ``as_of`` (0 when none is overdue).

    >>> import pendulum
    >>> from accountexec.invoices import InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> inv = Invoice(number="INV-8", client_id="acme", currency="EUR",
    ...               issued_on=pendulum.date(2026, 1, 31), terms=PaymentTerms.net(30),
    ...               lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                  unit_price=Money("100.00", "EUR"))],
    ...               ).issue(at=pendulum.datetime(2026, 1, 31, 9))
    >>> inv.installments[0].due_on
    Date(2026, 3, 2)
    >>> [days_overdue(inv, as_of=pendulum.date(2026, 3, d)) for d in (2, 12)]
    [0, 10]
    """
    return max(_overdue_days(invoice, as_of), default=0)


# ------------------------------------------------------------------------------------------ aging


def _to_as_of(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "as_of")


def _to_buckets(value: Iterable[int]) -> tuple[int, ...]:
    allowed = "increasing whole numbers of days starting at 0, such as (0, 30, 60, 90)"
    buckets = to_sequence("buckets", value)
    if (
        not buckets
        or any(not isinstance(b, int) or isinstance(b, bool) for b in buckets)
        or buckets[0] != 0
        or any(a >= b for a, b in itertools.pairwise(buckets))
    ):
        raise ValidationError("buckets", value, allowed)
    return buckets


def _bucket_labels(buckets: tuple[int, ...]) -> tuple[str, ...]:
    middle = tuple(f"{a + 1}-{b}" for a, b in itertools.pairwise(buckets))
    return ("current", *middle, f"over {buckets[-1]}")


def _to_amounts(value: Iterable[Money]) -> tuple[Money, ...]:
    amounts = to_sequence_of("amounts", Money, value)
    if len(amounts) < 2:
        raise ValidationError("amounts", amounts, "one amount per bucket, at least two")
    return amounts


@attrs.frozen
class AgingRow:
    """One client's outstanding amounts in one currency, per aging bucket.

    ``amounts`` has one amount per bucket of its :class:`AgingReport` (``current`` first).

    >>> from accountexec.money import Money
    >>> euros = [Money(a, "EUR") for a in ("100.00", "50.00", "0.00", "0.00", "25.00")]
    >>> row = AgingRow("acme", Currency("EUR"), tuple(euros))
    >>> row.total
    Money('175.00', 'EUR')
    >>> (row + row).amounts[1]
    Money('100.00', 'EUR')

    The amounts are open amounts: of zero or more, in the row's currency. ``unapplied`` is the
    client's unapplied credit (an overpayment, a credit note beyond what was open), zero or
    negative: its own column, and part of :attr:`total`.

    >>> credit = AgingRow("acme", Currency("EUR"), tuple(euros), unapplied=Money("-100.00", "EUR"))
    >>> credit.total, credit.open
    (Money('75.00', 'EUR'), Money('175.00', 'EUR'))
    """

    client_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    amounts: tuple[Money, ...] = attrs.field(converter=_to_amounts)
    unapplied: Money | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for amount in self.amounts:
            require_currency("amounts", amount, self.currency)
            if amount.amount < 0:
                raise ValidationError("amounts", amount, "open amounts of zero or more")
        if self.unapplied is None:
            object.__setattr__(self, "unapplied", Money.zero(self.currency))
        else:
            if type(self.unapplied) is not Money:
                raise ValidationError(
                    "unapplied", self.unapplied, "None or a Money of zero or less"
                )
            require_currency("unapplied", self.unapplied, self.currency)
            if self.unapplied.amount > 0:
                raise ValidationError(
                    "unapplied", self.unapplied, "unapplied credit of zero or less (negative)"
                )

    @property
    def credit(self) -> Money:
        """The unapplied credit, negative (zero when there is none): :attr:`unapplied`, a Money."""
        credit = self.unapplied
        assert credit is not None  # the constructor replaces None by zero
        return credit

    @property
    def open(self) -> Money:
        """The open installments across buckets (without the unapplied credit)."""
        return Money.sum(self.amounts, self.currency)

    @property
    def total(self) -> Money:
        """What the client owes net: the buckets plus the (negative) unapplied credit."""
        return self.open + self.credit

    def __add__(self, other: AgingRow) -> AgingRow:
        if not isinstance(other, AgingRow):
            return NotImplemented
        if other.client_id != self.client_id:
            raise ValidationError(
                "client_id", other.client_id, f"the same client {self.client_id!r}"
            )
        if len(other.amounts) != len(self.amounts):
            raise ValidationError(
                "amounts", other.amounts, f"{len(self.amounts)} amounts, one per bucket of this row"
            )
        return AgingRow(
            self.client_id,
            self.currency,
            tuple(a + b for a, b in zip(self.amounts, other.amounts, strict=True)),
            unapplied=self.credit + other.credit,
        )


def _to_rows(value: Iterable[AgingRow]) -> tuple[AgingRow, ...]:
    rows = to_sequence_of("rows", AgingRow, value)
    return tuple(sorted(rows, key=lambda r: (r.client_id, r.currency.code)))


@attrs.frozen(kw_only=True)
class AgingReport:
    """Outstanding installments by how overdue they are, per client and currency; a monoid.

    ``rows`` hold one :class:`AgingRow` per (client, currency), sorted; amounts of different
    currencies are never added. Reports of the same ``buckets`` and ``as_of`` merge with ``+``;
    :meth:`empty` is the identity (its ``as_of`` is ``None`` and merges with any date), so
    ``aging(a + b, as_of=as_of) == aging(a, as_of=as_of) + aging(b, as_of=as_of)``, and
    ``sum(reports, AgingReport.empty())`` works.

    >>> import pendulum
    >>> from accountexec.invoices import InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> def issued(number, client, amount):
    ...     return Invoice(number=number, client_id=client, currency="EUR",
    ...                    issued_on=pendulum.date(2026, 1, 5), terms=PaymentTerms.net(30),
    ...                    lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                       unit_price=Money(amount, "EUR"))],
    ...                    ).issue(at=pendulum.datetime(2026, 1, 5, 9))
    >>> a, b = issued("INV-11", "acme", "100.00"), issued("INV-12", "globex", "40.00")
    >>> as_of = pendulum.date(2026, 3, 1)
    >>> report = aging([a], as_of=as_of) + aging([b], as_of=as_of)
    >>> report == aging([a, b], as_of=as_of), report.labels[1]
    (True, '1-30')
    >>> report.total("EUR")
    (Money('0.00', 'EUR'), Money('140.00', 'EUR'), Money('0.00', 'EUR'), Money('0.00', 'EUR'),
     Money('0.00', 'EUR'))
    >>> [row.client_id for row in report.rows], report + AgingReport.empty() == report
    (['acme', 'globex'], True)
    """

    buckets: tuple[int, ...] = attrs.field(default=(0, 30, 60, 90), converter=_to_buckets)
    as_of: pendulum.Date | None = attrs.field(default=None, converter=_to_as_of)
    rows: tuple[AgingRow, ...] = attrs.field(default=(), converter=_to_rows)

    def __attrs_post_init__(self) -> None:
        keys = [(r.client_id, r.currency) for r in self.rows]
        if len(set(keys)) != len(keys):
            raise ValidationError("rows", keys, "one row per client and currency")
        for row in self.rows:
            if len(row.amounts) != len(self.buckets) + 1:
                raise ValidationError("rows", row, f"{len(self.buckets) + 1} amounts per row")

    @classmethod
    def empty(cls, buckets: Iterable[int] = (0, 30, 60, 90)) -> AgingReport:
        """The report of no invoices: the identity of ``+``."""
        return cls(buckets=tuple(buckets))

    @property
    def labels(self) -> tuple[str, ...]:
        """The bucket names: ``('current', '1-30', '31-60', '61-90', 'over 90')`` by default."""
        return _bucket_labels(self.buckets)

    def __add__(self, other: AgingReport) -> AgingReport:
        if not isinstance(other, AgingReport):
            return NotImplemented
        if other.buckets != self.buckets:
            raise ValidationError("buckets", other.buckets, f"the same buckets {self.buckets!r}")
        if self.as_of is not None and other.as_of is not None and self.as_of != other.as_of:
            raise ValidationError("as_of", other.as_of, f"the same date {self.as_of}")
        merged = {(r.client_id, r.currency): r for r in self.rows}
        for row in other.rows:
            key = (row.client_id, row.currency)
            merged[key] = merged[key] + row if key in merged else row
        return AgingReport(
            buckets=self.buckets,
            as_of=self.as_of if self.as_of is not None else other.as_of,
            rows=merged.values(),
        )

    @property
    def currencies(self) -> tuple[Currency, ...]:
        """The currencies that appear, sorted by code."""
        return tuple(sorted({r.currency for r in self.rows}, key=lambda c: c.code))

    def for_client(self, client_id: str) -> tuple[AgingRow, ...]:
        """The rows of one client (one per currency)."""
        return tuple(r for r in self.rows if r.client_id == client_id)

    def unapplied(self, currency: str | Currency) -> Money:
        """Every client's unapplied credit in ``currency``, negative (zero when none)."""
        cur = Currency(currency)
        return Money.sum((r.credit for r in self.rows if r.currency is cur), cur)

    def net(self, currency: str | Currency) -> Money:
        """What every client owes together in ``currency``: buckets plus unapplied credit."""
        return Money.sum(self.total(currency), currency) + self.unapplied(currency)

    def total(self, currency: str | Currency) -> tuple[Money, ...]:
        """Every client together in ``currency``, per bucket (unapplied credit apart)."""
        cur = Currency(currency)
        zero = Money.zero(cur)
        totals = [zero] * (len(self.buckets) + 1)
        for row in self.rows:
            if row.currency is cur:
                totals = [t + a for t, a in zip(totals, row.amounts, strict=True)]
        return tuple(totals)

    def _repr_html_(self) -> str:
        return _views.records_html(self.to_records(), caption=f"aging as of {self.as_of}")

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per row: client, currency, each bucket, unapplied credit, total."""
        return [
            {
                "client_id": row.client_id,
                "currency": row.currency.code,
                **{label: m.amount for label, m in zip(self.labels, row.amounts, strict=True)},
                "unapplied": row.credit.amount,
                "total": row.total.amount,
            }
            for row in self.rows
        ]

    def to_arrow(self) -> Any:
        """:meth:`to_records` as a ``pyarrow.Table``: exact ``decimal128`` amount columns.

        Rows of several currencies share a column; its scale is the largest minor units among
        them, so every amount is held exactly. Needs pyarrow (the ``arrays`` extra).

        >>> import pendulum
        >>> from accountexec.invoices import InvoiceLine, PaymentTerms
        >>> from accountexec.money import Money
        >>> inv = Invoice(number="INV-7", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 1, 5), terms=PaymentTerms.net(30),
        ...               lines=[InvoiceLine(description="Fee", quantity=1,
        ...                                  unit_price=Money("1000.00", "EUR"))],
        ...               ).issue(at=pendulum.datetime(2026, 1, 5, 9))
        >>> table = aging([inv], as_of=pendulum.date(2026, 3, 20)).to_arrow()
        >>> table.column_names
        ['client_id', 'currency', 'current', '1-30', '31-60', '61-90', 'over 90', 'unapplied',
         'total']
        >>> table.column("31-60").to_pylist()
        [Decimal('1000.00')]
        """
        kinds: dict[str, _columns.ColumnKind] = {"client_id": "text", "currency": "text"}
        kinds |= dict.fromkeys(self.labels, "decimal")
        kinds["unapplied"] = "decimal"
        kinds["total"] = "decimal"
        scale = max((row.currency.minor_units for row in self.rows), default=0)
        return _columns.to_table(self.to_records(), kinds, "AgingReport.to_arrow", min_scale=scale)


def aging(
    invoices: Iterable[Invoice],
    *,
    as_of: date,
    buckets: Iterable[int] = (0, 30, 60, 90),
    unapplied_credit: Mapping[str, Money] | None = None,
) -> AgingReport:
    """Age the open installments of ``invoices`` as of ``as_of``, per client and currency.

    Each open installment goes in the bucket of its own days past due: ``current`` (not yet due, or
    due on ``as_of``), then ``1-30``, ``31-60``, ``61-90`` and ``over 90`` with the default buckets.
    Only payments, credit notes and write-offs dated on or before ``as_of`` count, so the aging of
    a past date is the aging of the invoices as they were then.

    What an invoice owes the client (an overpayment, a credit note after payment) is unapplied
    credit: the ``unapplied`` column, negative. ``unapplied_credit`` replaces that column with the
    unapplied credit a :class:`~accountexec.ledger.ClientLedger` keeps, per client id (negative or
    zero amounts).

    >>> import pendulum
    >>> from accountexec.invoices import InvoiceLine, PaymentTerms
    >>> from accountexec.money import Money
    >>> inv = Invoice(number="INV-7", client_id="acme", currency="EUR",
    ...               issued_on=pendulum.date(2026, 1, 5), terms=PaymentTerms.installments(2),
    ...               lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                  unit_price=Money("1000.00", "EUR"))],
    ...               ).issue(at=pendulum.datetime(2026, 1, 5, 9))
    >>> report = aging([inv], as_of=pendulum.date(2026, 3, 20))
    >>> report.labels
    ('current', '1-30', '31-60', '61-90', 'over 90')
    >>> report.to_records()
    [{'client_id': 'acme', 'currency': 'EUR', 'current': Decimal('0.00'),
      '1-30': Decimal('500.00'), '31-60': Decimal('500.00'), '61-90': Decimal('0.00'),
      'over 90': Decimal('0.00'), 'unapplied': Decimal('0.00'), 'total': Decimal('1000.00')}]
    """
    bounds = _to_buckets(buckets)
    day = to_date(as_of, "as_of")
    rows: dict[tuple[str, Currency], list[Money]] = {}
    unapplied: dict[tuple[str, Currency], Money] = {}
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        key = (invoice.client_id, invoice.currency)
        for item in invoice.open_installments(day):
            late = day.toordinal() - item.due_on.toordinal()
            index = next((i for i, b in enumerate(bounds) if late <= b), len(bounds))
            amounts = rows.setdefault(key, [Money.zero(invoice.currency)] * (len(bounds) + 1))
            amounts[index] = amounts[index] + item.amount
        owed = invoice.balance_as_of(day)
        if owed.amount < 0:
            unapplied[key] = unapplied.get(key, Money.zero(invoice.currency)) + owed
    if unapplied_credit is not None:
        if not isinstance(unapplied_credit, Mapping):
            raise ValidationError(
                "unapplied_credit", unapplied_credit, "a mapping of client id to Money"
            )
        unapplied = {k: v for k, v in unapplied.items() if k[0] not in unapplied_credit}
        for client, credit in unapplied_credit.items():
            if type(credit) is not Money or credit.amount > 0:
                raise ValidationError(
                    "unapplied_credit", credit, "unapplied credit as Money of zero or less"
                )
            if credit.amount:
                unapplied[(client, credit.currency)] = credit
    for client, cur in unapplied:
        rows.setdefault((client, cur), [Money.zero(cur)] * (len(bounds) + 1))
    return AgingReport(
        buckets=bounds,
        as_of=day,
        rows=(
            AgingRow(client, cur, tuple(amounts), unapplied=unapplied.get((client, cur)))
            for (client, cur), amounts in rows.items()
        ),
    )
