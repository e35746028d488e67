"""A client's account: invoices, payments, credit notes, refunds, write-offs and unapplied credit.

A :class:`ClientLedger` holds everything that moved money between the agency and one client in one
currency, and answers what the client owed on any date (:meth:`ClientLedger.balance`) and the
**statement of account** agencies send clients each month (:meth:`ClientLedger.statement`):
the opening balance, each document with its running balance, and the closing balance.

Money the client paid beyond what was owed (an overpayment, a payment on account, a credit note on
a paid invoice) is **unapplied credit**: it belongs to the client until it is applied to another
invoice (:meth:`ClientLedger.apply_credit`) or paid back (:meth:`ClientLedger.refund`), and every
report of what the client owes shows it as a negative amount. On every date, nothing disappears:

    ``invoiced − paid − credited − written off + refunded == open balance − unapplied credit``

where *credited* counts credit notes and early-payment discounts, and *paid* counts the money
received (a credit applied to an invoice moves credit, it is not a new payment).

>>> import pendulum
>>> from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms
>>> from accountexec.money import Money
>>> def invoice(number, amount, day):
...     return Invoice(number, "acme", "EUR", pendulum.date(2026, 3, day),
...                    [InvoiceLine("Fee", 1, Money(amount, "EUR"))], PaymentTerms.net(30),
...                    ).issue(at=pendulum.datetime(2026, 3, day, 9))
>>> ledger = ClientLedger("acme", "EUR").add_invoice(invoice("INV-1", "400.00", 2))
>>> ledger = ledger.receive(Payment(Money("500.00", "EUR"), pendulum.date(2026, 3, 9), "SEPA-1"),
...                         invoice="INV-1", at=pendulum.datetime(2026, 3, 9, 9))
>>> ledger.balance(pendulum.date(2026, 3, 9)), ledger.unapplied_credit(pendulum.date(2026, 3, 9))
(Money('-100.00', 'EUR'), Money('100.00', 'EUR'))
>>> ledger = ledger.add_invoice(invoice("INV-2", "250.00", 16))
>>> ledger = ledger.apply_credit("INV-2", Money("100.00", "EUR"), on=pendulum.date(2026, 3, 16))
>>> ledger.invoice("INV-2").balance, ledger.balance(pendulum.date(2026, 3, 31))
(Money('150.00', 'EUR'), Money('150.00', 'EUR'))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec import _views
from accountexec._fields import check_text, to_date, to_sequence_of
from accountexec.commerce.invoice_lines import Tax
from accountexec.commerce.invoices import Invoice, InvoiceStatus, Payment
from accountexec.commerce.receivables import AgingReport, aging
from accountexec.errors import CurrencyMismatchError, PaymentError, ValidationError
from accountexec.money import Currency, ExchangeRates, Money, money_validator

__all__ = [
    "ClientLedger",
    "CreditApplication",
    "LedgerFigures",
    "Refund",
    "StatementKind",
    "StatementLine",
    "StatementOfAccount",
]

StatementKind = Literal[
    "invoice", "payment", "credit note", "discount", "write-off", "void", "refund"
]
"""What a line of a statement of account records."""

_KINDS: Final[tuple[StatementKind, ...]] = get_args(StatementKind)
_ORDER: Final = {kind: i for i, kind in enumerate(_KINDS)}


def _positive(field: str, value: object) -> Money:
    if type(value) is not Money or value.amount <= 0 or not value.is_rounded:
        raise ValidationError(field, value, "a positive Money rounded to its currency's minor unit")
    return value


def _day(value: object) -> pendulum.Date:
    return to_date(value, "on")


def _start_of(day: _dt.date) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, tz="UTC")


@attrs.frozen(kw_only=True)
class CreditApplication:
    """Unapplied credit applied to an invoice: recorded there as a payment named ``reference``.

    >>> import pendulum
    >>> CreditApplication(invoice_number="INV-2", amount=Money("100.00", "EUR"),
    ...                   on=pendulum.date(2026, 3, 16), reference="CREDIT-1").amount
    Money('100.00', 'EUR')
    """

    invoice_number: str = attrs.field(validator=check_text)
    amount: Money = attrs.field()
    on: pendulum.Date = attrs.field(converter=_day)
    reference: str = attrs.field(validator=check_text)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _positive("amount", value)


@attrs.frozen(kw_only=True)
class Refund:
    """Unapplied credit paid back to the client.

    >>> import pendulum
    >>> Refund(amount=Money("40.00", "EUR"), on=pendulum.date(2026, 3, 20), reference="RF-1").on
    Date(2026, 3, 20)
    """

    amount: Money = attrs.field()
    on: pendulum.Date = attrs.field(converter=_day)
    reference: str = attrs.field(validator=check_text)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _positive("amount", value)


def _check_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _KINDS:
        raise ValidationError("kind", value, "one of " + ", ".join(repr(k) for k in _KINDS))


@attrs.frozen(kw_only=True)
class StatementLine:
    """A document on a statement of account: its date, kind, reference, amount and running balance.

    ``amount`` is signed as the client sees it: an invoice or a refund adds to what the client
    owes, a payment, credit note, discount, write-off or void takes off.

    >>> import pendulum
    >>> StatementLine(on=pendulum.date(2026, 3, 2), kind="invoice", reference="INV-1",
    ...               amount=Money("400.00", "EUR"), balance=Money("400.00", "EUR")).kind
    'invoice'
    """

    on: pendulum.Date = attrs.field(converter=_day)
    kind: StatementKind = attrs.field(validator=_check_kind)
    reference: str = attrs.field(validator=check_text)
    amount: Money = attrs.field()
    balance: Money = attrs.field()

    def __attrs_post_init__(self) -> None:
        if type(self.amount) is not Money or type(self.balance) is not Money:
            raise ValidationError("amount", self.amount, "Money amounts")
        if self.amount.currency is not self.balance.currency:
            raise CurrencyMismatchError(self.amount.currency.code, self.balance.currency.code)


def _to_lines(value: Iterable[StatementLine]) -> tuple[StatementLine, ...]:
    return to_sequence_of("lines", StatementLine, value)


@attrs.frozen(kw_only=True)
class StatementOfAccount:
    """What a client owed at the start of a period, each document of the period, and at its end.

    ``closing_balance == opening_balance + sum of the lines' amounts``, and each line's
    ``balance`` is the running balance after it. A negative balance is credit the client holds.
    :meth:`to_text` renders it in a locale.

    >>> import pendulum
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> inv = Invoice("INV-7", "acme", "EUR", pendulum.date(2026, 3, 2),
    ...               [InvoiceLine("Fee", 1, Money("400.00", "EUR"))], PaymentTerms.net(30),
    ...               ).issue(at=pendulum.datetime(2026, 3, 2, 9))
    >>> ledger = ClientLedger("acme", "EUR").add_invoice(inv)
    >>> statement = ledger.statement(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31))
    >>> print(statement.to_text("en_GB"))
    Statement of account: acme, 01/03/2026 - 31/03/2026
    Opening balance: €0.00
    02/03/2026  invoice  INV-7  €400.00  €400.00
    Closing balance: €400.00
    """

    client_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    start: pendulum.Date = attrs.field(converter=_day)
    end: pendulum.Date = attrs.field(converter=_day)
    opening_balance: Money = attrs.field()
    lines: tuple[StatementLine, ...] = attrs.field(converter=_to_lines)
    closing_balance: Money = attrs.field()

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after start {self.start}")
        running = self.opening_balance
        if type(running) is not Money or running.currency is not self.currency:
            raise ValidationError("opening_balance", running, f"Money in {self.currency.code!r}")
        for line in self.lines:
            if not self.start <= line.on <= self.end:
                raise ValidationError("lines", line, f"documents dated {self.start}..{self.end}")
            running = running + line.amount
            if line.balance != running:
                raise ValidationError("lines", line, f"a running balance of {running!r}")
        if self.closing_balance != running:
            raise ValidationError(
                "closing_balance", self.closing_balance, f"opening + lines = {running!r}"
            )

    def to_text(self, locale: str = "en_GB") -> str:
        """The statement as plain text in ``locale`` (dates and amounts through babel)."""

        def money(m: Money) -> str:
            return _views.format_money(m, locale)

        def day(d: _dt.date) -> str:
            return _views.format_date(d, locale, "short")

        rows = [
            [day(line.on), line.kind, line.reference, money(line.amount), money(line.balance)]
            for line in self.lines
        ]
        head = [
            f"Statement of account: {self.client_id}, {day(self.start)} - {day(self.end)}",
            f"Opening balance: {money(self.opening_balance)}",
        ]
        widths = [max((len(r[i]) for r in rows), default=0) for i in range(5)]
        body = [
            "  ".join(
                cell.rjust(widths[i]) if i >= 3 else cell.ljust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
            for row in rows
        ]
        tail = [f"Closing balance: {money(self.closing_balance)}"]
        return "\n".join([*head, *body, *tail])


@attrs.frozen(kw_only=True)
class LedgerFigures:
    """A ledger's totals as of a date; ``invoiced − paid − credited − written_off + refunded ==
    open_balance − unapplied_credit`` always holds (the constructor checks it).

    >>> zero, hundred = Money.zero("EUR"), Money("100.00", "EUR")
    >>> figures = LedgerFigures(invoiced=hundred, paid=Money("150.00", "EUR"), credited=zero,
    ...                         written_off=zero, refunded=Money("20.00", "EUR"),
    ...                         open_balance=zero, unapplied_credit=Money("30.00", "EUR"))
    >>> figures.balance
    Money('-30.00', 'EUR')
    """

    invoiced: Money = attrs.field(validator=money_validator(rounded=True))
    paid: Money = attrs.field(validator=money_validator(rounded=True))
    credited: Money = attrs.field(validator=money_validator(rounded=True))
    written_off: Money = attrs.field(validator=money_validator(rounded=True))
    refunded: Money = attrs.field(validator=money_validator(rounded=True))
    open_balance: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))
    unapplied_credit: Money = attrs.field(
        validator=money_validator(rounded=True, non_negative=True)
    )

    def __attrs_post_init__(self) -> None:
        cur = self.invoiced.currency
        for name in ("paid", "credited", "written_off", "refunded", "open_balance"):
            value = getattr(self, name)
            if value.currency is not cur:
                raise CurrencyMismatchError(cur.code, value.currency.code)
        if self.unapplied_credit.currency is not cur:
            raise CurrencyMismatchError(cur.code, self.unapplied_credit.currency.code)
        moved = self.invoiced - self.paid - self.credited - self.written_off + self.refunded
        held = self.open_balance - self.unapplied_credit
        if moved != held:
            raise ValidationError(
                "unapplied_credit", self.unapplied_credit, f"figures where {moved!r} == {held!r}"
            )

    @property
    def balance(self) -> Money:
        """``open_balance − unapplied_credit``: what the client owes net (negative: in credit)."""
        return self.open_balance - self.unapplied_credit


def _to_invoices(value: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return to_sequence_of("invoices", Invoice, value)


def _to_payments(value: Iterable[Payment]) -> tuple[Payment, ...]:
    return to_sequence_of("payments", Payment, value)


def _to_applications(value: Iterable[CreditApplication]) -> tuple[CreditApplication, ...]:
    return to_sequence_of("applications", CreditApplication, value)


def _to_refunds(value: Iterable[Refund]) -> tuple[Refund, ...]:
    return to_sequence_of("refunds", Refund, value)


@attrs.frozen
class ClientLedger:
    """One client's account in one currency: invoices, payments on account, credit and refunds.

    ``invoices`` are issued invoices of the client (with the payments, credit notes, discounts and
    write-offs recorded on them); ``payments`` are payments received on account (not against an
    invoice); ``applications`` are unapplied credit applied to invoices (each also recorded on its
    invoice as a payment named by its reference); ``refunds`` paid credit back. Every method
    returns a new ledger. Dates decide everything "as of": a payment counts from the day it was
    received, a credit note from its date, a write-off or void from the date of its history entry.

    >>> import pendulum
    >>> ledger = ClientLedger("acme", "EUR").receive(
    ...     Payment(Money("50.00", "EUR"), pendulum.date(2026, 3, 5), "on account"),
    ...     at=pendulum.datetime(2026, 3, 5, 9))
    >>> ledger.unapplied_credit(pendulum.date(2026, 3, 5))
    Money('50.00', 'EUR')
    >>> ledger.refund(Money("50.00", "EUR"), on=pendulum.date(2026, 3, 6)).balance(
    ...     pendulum.date(2026, 3, 6))
    Money('0.00', 'EUR')
    """

    client_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    invoices: tuple[Invoice, ...] = attrs.field(default=(), converter=_to_invoices, kw_only=True)
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_to_payments, kw_only=True)
    applications: tuple[CreditApplication, ...] = attrs.field(
        default=(), converter=_to_applications, kw_only=True
    )
    refunds: tuple[Refund, ...] = attrs.field(default=(), converter=_to_refunds, kw_only=True)

    def __attrs_post_init__(self) -> None:
        numbers = [i.number for i in self.invoices]
        if len(set(numbers)) != len(numbers):
            raise ValidationError("invoices", numbers, "each invoice once")
        for inv in self.invoices:
            self._check_invoice(inv)
        for payment in self.payments:
            if payment.amount.currency is not self.currency:
                raise CurrencyMismatchError(self.currency.code, payment.amount.currency.code)
        for moved in [a.amount for a in self.applications] + [r.amount for r in self.refunds]:
            if moved.currency is not self.currency:
                raise CurrencyMismatchError(self.currency.code, moved.currency.code)
        for app in self.applications:
            inv = self.invoice(app.invoice_number)
            if not any(p.payment.reference == app.reference for p in inv.payments):
                raise ValidationError(
                    "applications", app, f"a credit recorded on invoice {inv.number!r}"
                )
        for day in self._event_days():
            if self.unapplied_credit(day).amount < 0:
                raise ValidationError(
                    "refunds", self.refunds, f"no more applied or refunded than credit held ({day})"
                )

    def _check_invoice(self, inv: Invoice) -> None:
        if inv.client_id != self.client_id:
            raise ValidationError("invoice", inv.number, f"an invoice of {self.client_id!r}")
        if inv.currency is not self.currency:
            raise CurrencyMismatchError(self.currency.code, inv.currency.code)
        if inv.status is InvoiceStatus.DRAFT:
            raise ValidationError("invoice", inv.number, "an issued invoice (not a draft)")

    # -- documents ------------------------------------------------------------------------------

    def invoice(self, number: str | Invoice) -> Invoice:
        """The ledger's invoice ``number`` (or the ledger's copy of an :class:`Invoice`)."""
        key = number.number if isinstance(number, Invoice) else number
        for inv in self.invoices:
            if inv.number == key:
                return inv
        raise ValidationError("invoice", key, f"an invoice of the ledger {self._numbers()}")

    def _numbers(self) -> list[str]:
        return [i.number for i in self.invoices]

    def _replace(self, inv: Invoice) -> tuple[Invoice, ...]:
        return tuple(inv if i.number == inv.number else i for i in self.invoices)

    def add_invoice(self, invoice: Invoice) -> ClientLedger:
        """The ledger with an issued ``invoice`` of the client added."""
        if not isinstance(invoice, Invoice):
            raise ValidationError("invoice", invoice, "an Invoice")
        return attrs.evolve(self, invoices=(*self.invoices, invoice))

    def receive(
        self,
        payment: Payment,
        *,
        at: _dt.datetime,
        invoice: str | Invoice | None = None,
        rates: ExchangeRates | None = None,
    ) -> ClientLedger:
        """Record ``payment``: against ``invoice`` (overpaying it leaves credit), or on account.

        Paying an invoice more than its balance is allowed here: the excess is the client's
        unapplied credit. A payment in another currency needs ``rates`` and an invoice (see
        :meth:`Invoice.apply_payment <accountexec.invoices.Invoice.apply_payment>`); a payment on
        account is in the ledger's currency.
        """
        if not isinstance(payment, Payment):
            raise ValidationError("payment", payment, "a Payment")
        if invoice is None:
            return attrs.evolve(self, payments=(*self.payments, payment))
        paid = self.invoice(invoice).apply_payment(
            payment, at=at, rates=rates, allow_overpayment=True
        )
        return attrs.evolve(self, invoices=self._replace(paid))

    def credit(self, note: Any, *, at: _dt.datetime) -> ClientLedger:
        """Record a credit note on its invoice (beyond what is open, it becomes credit)."""
        number = getattr(note, "invoice_number", None)
        if not isinstance(number, str):
            raise ValidationError("note", note, "a CreditNote of one of the ledger's invoices")
        credited = self.invoice(number).apply_credit_note(note, at=at)
        return attrs.evolve(self, invoices=self._replace(credited))

    def write_off(self, invoice: str | Invoice, *, at: _dt.datetime, reason: str) -> ClientLedger:
        """Write off what is left of ``invoice`` (dated by ``at``'s local date), saying why."""
        written_off = self.invoice(invoice).write_off(at=at, reason=reason)
        return attrs.evolve(self, invoices=self._replace(written_off))

    def apply_credit(
        self,
        invoice: str | Invoice,
        amount: Money,
        *,
        on: _dt.date,
        reference: str | None = None,
        at: _dt.datetime | None = None,
    ) -> ClientLedger:
        """Apply ``amount`` of unapplied credit to ``invoice`` on ``on``.

        The amount may not exceed the credit held on that day and after, nor the invoice's
        balance. It is recorded on the invoice as a payment named ``reference`` (default
        ``CREDIT-<n>``), received on ``on``; its history entry is at ``at`` (default: the start
        of ``on`` in UTC, or the invoice's last change if that is later).
        """
        amount = _positive("amount", amount)
        day = to_date(on, "on")
        target = self.invoice(invoice)
        ref = reference if reference is not None else f"CREDIT-{len(self.applications) + 1}"
        self._check_credit_held("amount", amount, day)
        if amount > target.balance:
            raise PaymentError(
                f"cannot apply {amount!r} of credit to invoice {target.number!r}: its balance "
                f"is {target.balance!r}"
            )
        when = at
        if when is None:
            when = _start_of(day)
            if target.history and target.history[-1].at > when:
                when = pendulum.instance(target.history[-1].at)
        paid = target.apply_payment(Payment(amount, day, ref), at=when)
        application = CreditApplication(
            invoice_number=target.number, amount=amount, on=day, reference=ref
        )
        return attrs.evolve(
            self, invoices=self._replace(paid), applications=(*self.applications, application)
        )

    def refund(self, amount: Money, *, on: _dt.date, reference: str = "refund") -> ClientLedger:
        """Pay ``amount`` of unapplied credit back to the client on ``on``."""
        amount = _positive("amount", amount)
        day = to_date(on, "on")
        self._check_credit_held("amount", amount, day)
        refund = Refund(amount=amount, on=day, reference=reference)
        return attrs.evolve(self, refunds=(*self.refunds, refund))

    def _check_credit_held(self, field: str, amount: Money, day: pendulum.Date) -> None:
        if amount.currency is not self.currency:
            raise CurrencyMismatchError(self.currency.code, amount.currency.code)
        held = min(
            (self.unapplied_credit(d) for d in {day, *(d for d in self._event_days() if d > day)}),
        )
        if amount > held:
            raise PaymentError(
                f"{field} {amount!r} exceeds the unapplied credit of {held!r} held by "
                f"{self.client_id!r} on {day} (and after)"
            )

    def _event_days(self) -> list[pendulum.Date]:
        days = {p.received_on for p in self.payments}
        days.update(a.on for a in self.applications)
        days.update(r.on for r in self.refunds)
        for inv in self.invoices:
            days.add(inv.issued_on)
            days.update(p.payment.received_on for p in inv.payments)
            days.update(n.issued_on for n in inv.credit_notes)
        return sorted(days)

    # -- figures --------------------------------------------------------------------------------

    def _applied_refs(self) -> set[tuple[str, str]]:
        return {(a.invoice_number, a.reference) for a in self.applications}

    def _events(self) -> Iterator[tuple[pendulum.Date, StatementKind, str, Money]]:
        """Every movement: (date, kind, reference, signed amount for the client's balance)."""
        applied = self._applied_refs()
        for inv in self.invoices:
            yield inv.issued_on, "invoice", inv.number, inv.total
            for p in inv.payments:
                if (inv.number, p.payment.reference) in applied:
                    continue
                yield p.payment.received_on, "payment", p.payment.reference, -p.paid
            for p in inv.payments:
                if p.discount is not None:
                    yield p.payment.received_on, "discount", inv.number, -p.discount.amount
            for note in inv.credit_notes:
                yield note.issued_on, "credit note", note.number, note.total
            if inv.written_off_on is not None:
                yield inv.written_off_on, "write-off", inv.number, -inv.amount_written_off
            if inv.voided_on is not None:
                yield inv.voided_on, "void", inv.number, -inv.total
        for payment in self.payments:
            yield payment.received_on, "payment", payment.reference, -payment.amount
        for refund in self.refunds:
            yield refund.on, "refund", refund.reference, refund.amount

    def figures(self, as_of: _dt.date) -> LedgerFigures:
        """The ledger's totals at the end of ``as_of`` (documents dated on or before it)."""
        day = to_date(as_of, "as_of")
        cur = self.currency
        zero = Money.zero(cur)
        sums = dict.fromkeys(_KINDS, zero)
        for on, kind, _, amount in self._events():
            if on <= day:
                sums[kind] = sums[kind] + amount
        open_balance = zero
        for inv in self.invoices:
            owed = inv.balance_as_of(day)
            if owed.amount > 0:
                open_balance = open_balance + owed
        return LedgerFigures(
            invoiced=sums["invoice"] + sums["void"],
            paid=-sums["payment"],
            credited=-(sums["credit note"] + sums["discount"]),
            written_off=-sums["write-off"],
            refunded=sums["refund"],
            open_balance=open_balance,
            unapplied_credit=self._unapplied(day),
        )

    def _unapplied(self, day: pendulum.Date) -> Money:
        cur = self.currency
        held = Money.zero(cur)
        for inv in self.invoices:
            owed = inv.balance_as_of(day)
            if owed.amount < 0:
                held = held - owed
        held = held + Money.sum((p.amount for p in self.payments if p.received_on <= day), cur)
        held = held - Money.sum((a.amount for a in self.applications if a.on <= day), cur)
        return held - Money.sum((r.amount for r in self.refunds if r.on <= day), cur)

    def discount_taxes(self, start: _dt.date, end: _dt.date) -> dict[Tax, Money]:
        """The VAT that early-payment discounts took back from ``start`` to ``end``, per tax.

        What a VAT return corrects when the terms reduce the VAT (``tax="reduce"``).

        >>> import pendulum
        >>> from accountexec.invoices import InvoiceLine, PaymentTerms
        >>> from accountexec.money import Rate
        >>> from accountexec.payment_terms import EarlyDiscount
        >>> vat = Tax("VAT", Rate.percent(19))
        >>> inv = Invoice("INV-8", "acme", "EUR", pendulum.date(2026, 3, 2),
        ...               [InvoiceLine("Fee", 1, Money("1000.00", "EUR"), [vat])],
        ...               PaymentTerms.net(30, early_discount=EarlyDiscount(rate=Rate.percent(2))),
        ...               ).issue(at=pendulum.datetime(2026, 3, 2, 9))
        >>> ledger = ClientLedger("acme", "EUR").add_invoice(inv).receive(
        ...     Payment(Money("1166.20", "EUR"), pendulum.date(2026, 3, 9), "SEPA-8"),
        ...     invoice="INV-8", at=pendulum.datetime(2026, 3, 9, 9))
        >>> ledger.discount_taxes(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31))
        {Tax(name='VAT', rate=Rate('0.19'), included=False): Money('3.80', 'EUR')}
        """
        first, last = to_date(start, "start"), to_date(end, "end")
        result: dict[Tax, Money] = {}
        for inv in self.invoices:
            for applied in inv.payments:
                if applied.discount is None or not first <= applied.payment.received_on <= last:
                    continue
                for tax, amount in applied.discount.taxes:
                    result[tax] = result.get(tax, Money.zero(self.currency)) + amount
        return result

    def unapplied_credit(self, as_of: _dt.date) -> Money:
        """The credit the client holds at the end of ``as_of`` (zero or more)."""
        return self._unapplied(to_date(as_of, "as_of"))

    def balance(self, as_of: _dt.date) -> Money:
        """What the client owes at the end of ``as_of``, net of unapplied credit (negative: in
        credit)."""
        return self.figures(as_of).balance

    def statement(self, start: _dt.date, end: _dt.date) -> StatementOfAccount:
        """The statement of account from ``start`` to ``end`` (both included).

        The opening balance is the balance at the end of the day before ``start``; the lines are
        the documents dated in the period, by date (invoices first on a day, then payments,
        credit notes, discounts, write-offs, voids, refunds); the closing balance is
        :meth:`balance` on ``end``.
        """
        first, last = to_date(start, "start"), to_date(end, "end")
        if last < first:
            raise ValidationError("end", last, f"a date on or after start {first}")
        opening = self.balance(first.subtract(days=1))
        events = sorted(
            (e for e in self._events() if first <= e[0] <= last),
            key=lambda e: (e[0], _ORDER[e[1]], e[2]),
        )
        running = opening
        lines = []
        for on, kind, reference, amount in events:
            running = running + amount
            lines.append(
                StatementLine(on=on, kind=kind, reference=reference, amount=amount, balance=running)
            )
        return StatementOfAccount(
            client_id=self.client_id,
            currency=self.currency,
            start=first,
            end=last,
            opening_balance=opening,
            lines=lines,
            closing_balance=self.balance(last),
        )

    def aging(self, as_of: _dt.date, buckets: Iterable[int] = (0, 30, 60, 90)) -> AgingReport:
        """The aging of the ledger's invoices as of ``as_of``, with its unapplied credit column."""
        day = to_date(as_of, "as_of")
        return aging(
            self.invoices,
            as_of=day,
            buckets=buckets,
            unapplied_credit={self.client_id: -self._unapplied(day)},
        )
