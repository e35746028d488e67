"""Invoices: their workflow, payments, credit notes and invoice numbers.

An :class:`Invoice` is a value. Its amounts are computed from its lines exactly and rounded to the
currency as the invoice says (``tax_rounding`` and ``rounding``); what it shows always adds up:
``total == subtotal + tax_total``, and each column of :meth:`Invoice.line_amounts` sums to the
invoice's figure. Its status moves through :data:`INVOICE_WORKFLOW`; issuing fixes the installment
schedule from its :class:`~accountexec.payment_terms.PaymentTerms`; payments and credit notes are
recorded on the invoice, and at every step

    ``total == amount_paid + amount_credited + amount_discounted + balance + amount_written_off
    + amount_voided``

where ``amount_voided`` is zero unless the invoice is void and ``amount_discounted`` unless an
early-payment discount was taken (so for most invoices this is
``total == paid + credited + balance + written off``).

>>> import pendulum
>>> from accountexec.money import Money, Rate
>>> vat = Tax("VAT", Rate.percent(19))
>>> draft = Invoice(
...     number="INV-000041", client_id="acme", currency="EUR", issued_on=pendulum.date(2026, 1, 31),
...     lines=[InvoiceLine(description="Strategy workshop", quantity="8",
...                        unit_price=Money("150.00", "EUR"), taxes=[vat])],
...     terms=PaymentTerms.net(30),
... )
>>> draft.subtotal, draft.tax_total, draft.total
(Money('1200.00', 'EUR'), Money('228.00', 'EUR'), Money('1428.00', 'EUR'))
>>> issued = draft.issue(at=pendulum.datetime(2026, 1, 31, 17, tz="Europe/Berlin"))
>>> issued.installments
(Installment(due_on=Date(2026, 3, 2), amount=Money('1428.00', 'EUR')),)
>>> payment = Payment(amount=Money("1428.00", "EUR"), received_on=pendulum.date(2026, 2, 27),
...                   reference="SEPA-1")
>>> paid = issued.apply_payment(payment, at=pendulum.datetime(2026, 2, 27, 9, tz="Europe/Berlin"))
>>> paid.status, paid.balance
(<InvoiceStatus.PAID: 'paid'>, Money('0.00', 'EUR'))

Lines and taxes (:class:`~accountexec.invoice_lines.InvoiceLine`,
:class:`~accountexec.invoice_lines.Tax`, how a document's amounts are rounded) live in
:mod:`accountexec.invoice_lines` and are re-exported here. Overdue and aging
(:func:`~accountexec.receivables.is_overdue`,
:func:`~accountexec.receivables.days_overdue`, :func:`~accountexec.receivables.aging`) live in
:mod:`accountexec.receivables` and are re-exported here, imported on first use.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs
import pendulum

from accountexec import _columns, _views
from accountexec._fields import (
    check_optional_name,
    check_text,
    to_date,
    to_enum,
    to_sequence,
    to_sequence_of,
)
from accountexec.commerce import _invoice_print
from accountexec.commerce.allowances import (
    Allowance,
    Charge,
    VatBreakdown,
    document_amounts,
    vat_breakdown,
)
from accountexec.commerce.invoice_lines import (
    TAX_ROUNDINGS,
    DocumentAmounts,
    InvoiceLine,
    LineAmounts,
    LineSource,
    Tax,
    TaxRounding,
)
from accountexec.commerce.parties import (
    CardPayment,
    CreditTransfer,
    DirectDebit,
    Party,
    PaymentMeans,
)
from accountexec.commerce.payment_terms import (
    Balance,
    EarlyDiscountAmounts,
    Installment,
    PaymentTerms,
    TermLine,
)
from accountexec.errors import (
    CurrencyMismatchError,
    InvalidTransitionError,
    PaymentError,
    ValidationError,
)
from accountexec.money import (
    DECIMAL_CONTEXT,
    ROUNDING_MODES,
    Currency,
    ExchangeRates,
    Money,
    RoundingMode,
)
from accountexec.workflow import StatusChange, Transition, Workflow, allowed_events

__all__ = [
    "INVOICE_WORKFLOW",
    "TAX_ROUNDINGS",
    "AppliedPayment",
    "Balance",
    "CreditNote",
    "DocumentAmounts",
    "Installment",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumbering",
    "InvoiceStatus",
    "InvoicingPeriod",
    "LineAmounts",
    "LineSource",
    "Payment",
    "PaymentTerms",
    "Tax",
    "TaxRounding",
    "TermLine",
]

_ONE: Final = Decimal(1)


# ------------------------------------------------------------------------------------ validation


def _check_rounding(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ROUNDING_MODES:
        allowed = ", ".join(repr(m) for m in ROUNDING_MODES)
        raise ValidationError(attribute.name, value, f"one of {allowed}")


def _check_tax_rounding(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in TAX_ROUNDINGS:
        raise ValidationError(attribute.name, value, "'per_line' or 'global'")


def _to_status(value: object) -> InvoiceStatus:
    return to_enum(InvoiceStatus, value, "status")


def _issued_on(value: object) -> pendulum.Date:
    return to_date(value, "issued_on")


def _received_on(value: object) -> pendulum.Date:
    return to_date(value, "received_on")


def _to_lines(value: Iterable[InvoiceLine]) -> tuple[InvoiceLine, ...]:
    return to_sequence_of("lines", InvoiceLine, value)


def _to_payments(value: Iterable[AppliedPayment]) -> tuple[AppliedPayment, ...]:
    return to_sequence_of("payments", AppliedPayment, value)


def _to_credit_notes(value: Iterable[CreditNote]) -> tuple[CreditNote, ...]:
    return to_sequence_of("credit_notes", CreditNote, value)


def _to_tax_amounts(value: Iterable[tuple[Tax, Money]]) -> tuple[tuple[Tax, Money], ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("tax_amounts", value, "(Tax, rounded Money) pairs")
    return tuple(value)


def _invoice_issued_on(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, "invoice_issued_on")


def _to_installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    return to_sequence_of("installments", Installment, value)


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence_of("history", StatusChange, value)


def _minor_unit(currency: Currency) -> Decimal:
    return _ONE.scaleb(-currency.minor_units, DECIMAL_CONTEXT)


def _check_party(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Party):
        raise ValidationError(attribute.name, value, "None or a Party")


def _check_period(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, InvoicingPeriod):
        raise ValidationError("period", value, "None or an InvoicingPeriod")


def _check_payment_means(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, CreditTransfer | DirectDebit | CardPayment):
        raise ValidationError(
            "payment_means", value, "None, a CreditTransfer, a DirectDebit or a CardPayment"
        )


def _to_notes(value: Iterable[str]) -> tuple[str, ...]:
    notes = to_sequence("notes", value)
    for note in notes:
        if not isinstance(note, str) or not note.strip():
            raise ValidationError("notes", value, "a sequence of non-empty strings")
    return notes


def _to_allowances(value: Iterable[Allowance]) -> tuple[Allowance, ...]:
    return to_sequence_of("allowances", Allowance, value)


def _to_charges(value: Iterable[Charge]) -> tuple[Charge, ...]:
    return to_sequence_of("charges", Charge, value)


def _period_start(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _period_end(value: object) -> pendulum.Date:
    return to_date(value, "end")


@attrs.frozen
class InvoicingPeriod:
    """The days an invoice or credit note covers (EN 16931 BT-73 and BT-74), both ends included.

    >>> import pendulum
    >>> InvoicingPeriod(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31)).end
    Date(2026, 3, 31)
    >>> InvoicingPeriod(pendulum.date(2026, 3, 31), pendulum.date(2026, 3, 1))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'end': Date(2026, 3, 1); expected a date on or ...
    """

    start: pendulum.Date = attrs.field(converter=_period_start)
    end: pendulum.Date = attrs.field(converter=_period_end)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"a date on or after the start {self.start}")


# -------------------------------------------------------------------------------------- payments


@attrs.frozen
class Payment:
    """Money received from the client: a positive, rounded amount, the day it arrived, a reference.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> Payment(amount=Money("500.00", "EUR"), received_on=pendulum.date(2026, 2, 27),
    ...         reference="SEPA-77")
    Payment(amount=Money('500.00', 'EUR'), received_on=Date(2026, 2, 27), reference='SEPA-77')
    >>> Payment(amount=Money("0.001", "EUR"), received_on=pendulum.date(2026, 2, 27), reference="x")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'amount': Money('0.001', 'EUR'); expected ...
    """

    amount: Money = attrs.field()
    received_on: pendulum.Date = attrs.field(converter=_received_on)
    reference: str = attrs.field(validator=check_text)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not Money or value.amount <= 0 or not value.is_rounded:
            raise ValidationError(
                "amount", value, "a positive Money rounded to its currency's minor unit"
            )


@attrs.frozen(kw_only=True)
class AppliedPayment:
    """A payment as an invoice recorded it, in the invoice's currency.

    ``received`` is the payment converted (and rounded) to the invoice's currency;
    ``exchange_difference`` is what the invoice booked on top of it so that a conversion residual of
    at most one minor unit does not leave the invoice open (positive: the client paid a cent less,
    a loss on exchange; negative: a cent more, a gain).
    ``discount`` is the early-payment discount the payment took with it (see
    :class:`~accountexec.payment_terms.EarlyDiscount`), or None.
    ``settled`` is what the payment took off the balance.

    >>> import datetime as dt, pendulum
    >>> from accountexec.money import ExchangeRates, Money
    >>> inv = Invoice(number="INV-9", client_id="acme", currency="USD",
    ...               issued_on=pendulum.date(2026, 1, 31), terms=PaymentTerms.net(30),
    ...               lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                  unit_price=Money("100.00", "USD"))],
    ...               ).issue(at=pendulum.datetime(2026, 1, 31, 9))
    >>> fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=dt.date(2026, 2, 20))
    >>> euros = Payment(amount=Money("92.37", "EUR"), received_on=pendulum.date(2026, 2, 20),
    ...                 reference="SEPA-9")
    >>> paid = inv.apply_payment(euros, at=pendulum.datetime(2026, 2, 20, 9), rates=fx)
    >>> (applied,) = paid.payments
    >>> applied.received, applied.exchange_difference, applied.settled, paid.status.value
    (Money('99.99', 'USD'), Money('0.01', 'USD'), Money('100.00', 'USD'), 'paid')
    """

    payment: Payment
    received: Money
    exchange_difference: Money
    discount: EarlyDiscountAmounts | None = None

    @property
    def paid(self) -> Money:
        """``received + exchange_difference``: the money this payment counts for."""
        return self.received + self.exchange_difference

    @property
    def settled(self) -> Money:
        """``received + exchange_difference + discount``: what it took off the balance."""
        if self.discount is None:
            return self.received + self.exchange_difference
        return self.received + self.exchange_difference + self.discount.amount


def _taxable_bases(document: Invoice | CreditNote) -> dict[Tax, Money]:
    """What ``document`` charges per tax, positive: its lines' priced amounts carrying the tax,
    plus the document charges and less the document allowances with that tax.

    Priced amounts (``LineAmounts.base``), not nets: with a tax included in the price, the net of
    a line depends on how the whole document rounded its tax, so an invoice's lines and the same
    lines on a credit note may have different nets; their priced amounts are the same."""
    bases: dict[Tax, Money] = {}
    zero = Money.zero(document.currency)
    for line, line_amounts in zip(document.lines, document._amounts.lines, strict=True):
        for tax in line.taxes:
            bases[tax] = bases.get(tax, zero) + line_amounts.base
    for charge in document.charges:
        bases[charge.tax] = bases.get(charge.tax, zero) + charge.amount
    for allowance in document.allowances:
        bases[allowance.tax] = bases.get(allowance.tax, zero) - allowance.amount
    return bases


# ---------------------------------------------------------------------------------- credit notes


@attrs.frozen(kw_only=True)
class CreditNote:
    """A credit note against an invoice: lines as on an invoice, amounts shown negative.

    Build one with :meth:`Invoice.credit_note` (which checks it against what is left to credit)
    and record it with :meth:`Invoice.apply_credit_note`. It carries the same legal fields as an
    invoice (parties, references, period, notes, payment means, allowances and charges) and the
    invoice it corrects: ``invoice_number`` (BT-25) and ``invoice_issued_on`` (BT-26). It uses
    its invoice's tax and rounding rules, so a full credit note is exactly the invoice, negated.
    ``tax_amounts``, when given, fixes the tax credited per tax (positive):
    :meth:`Invoice.credit_note` sets it on the credit note that credits the last of the lines (and
    document charges) taxed by a tax, so that it takes exactly the tax left to credit for that tax.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> note = CreditNote(number="CN-000001", invoice_number="INV-000041", client_id="acme",
    ...                   currency="EUR", issued_on=pendulum.date(2026, 2, 3),
    ...                   lines=[InvoiceLine(description="Workshop hour not held", quantity=1,
    ...                                      unit_price=Money("150.00", "EUR"))])
    >>> note.total
    Money('-150.00', 'EUR')
    """

    number: str = attrs.field(validator=check_text)
    invoice_number: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    issued_on: pendulum.Date = attrs.field(converter=_issued_on)
    lines: tuple[InvoiceLine, ...] = attrs.field(converter=_to_lines)
    tax_rounding: TaxRounding = attrs.field(default="per_line", validator=_check_tax_rounding)
    rounding: RoundingMode = attrs.field(default="half_up", validator=_check_rounding)
    tax_amounts: tuple[tuple[Tax, Money], ...] = attrs.field(default=(), converter=_to_tax_amounts)
    seller: Party | None = attrs.field(default=None, validator=_check_party)
    buyer: Party | None = attrs.field(default=None, validator=_check_party)
    buyer_reference: str | None = attrs.field(default=None, validator=check_optional_name)
    purchase_order: str | None = attrs.field(default=None, validator=check_optional_name)
    contract_reference: str | None = attrs.field(default=None, validator=check_optional_name)
    project_reference: str | None = attrs.field(default=None, validator=check_optional_name)
    period: InvoicingPeriod | None = attrs.field(default=None, validator=_check_period)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_to_notes)
    payment_means: PaymentMeans | None = attrs.field(default=None, validator=_check_payment_means)
    payment_reference: str | None = attrs.field(default=None, validator=check_optional_name)
    allowances: tuple[Allowance, ...] = attrs.field(default=(), converter=_to_allowances)
    charges: tuple[Charge, ...] = attrs.field(default=(), converter=_to_charges)
    invoice_issued_on: pendulum.Date | None = attrs.field(
        default=None, converter=_invoice_issued_on
    )
    _amounts: DocumentAmounts = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise ValidationError("lines", self.lines, "at least one line to credit")
        amounts = document_amounts(
            self.lines,
            self.currency,
            self.tax_rounding,
            self.rounding,
            self.allowances,
            self.charges,
        )
        if self.tax_amounts:
            for pair in self.tax_amounts:
                if (
                    not isinstance(pair, tuple)
                    or len(pair) != 2
                    or not isinstance(pair[0], Tax)
                    or type(pair[1]) is not Money
                    or not pair[1].is_rounded
                ):
                    raise ValidationError(
                        "tax_amounts", pair, "(Tax, rounded Money) pairs of taxes on the lines"
                    )
            amounts = amounts.with_taxes(self.tax_amounts)
        if amounts.total.amount < 0:
            raise ValidationError(
                "lines", amounts.total, "lines that credit at least zero (their total is negative)"
            )
        object.__setattr__(self, "_amounts", amounts)

    @property
    def subtotal(self) -> Money:
        """The net amount credited, negative."""
        return -self._amounts.subtotal

    @property
    def tax_total(self) -> Money:
        """The tax credited, negative."""
        return -self._amounts.tax_total

    @property
    def total(self) -> Money:
        """The total credited, negative: ``subtotal + tax_total``."""
        return -self._amounts.total

    def taxes_by_rate(self) -> Mapping[Tax, Money]:
        """The tax credited per tax, negative."""
        return MappingProxyType({tax: -amount for tax, amount in self._amounts.taxes})

    def line_amounts(self) -> tuple[LineAmounts, ...]:
        """Each line's amounts as the credit note shows them, negative."""
        return tuple(-la for la in self._amounts.lines)

    @property
    def line_total(self) -> Money:
        """The lines' net amounts credited, before document allowances and charges; negative."""
        return -Money.sum((la.net for la in self._amounts.lines), self.currency)

    def vat_breakdown(self) -> tuple[VatBreakdown, ...]:
        """The EN 16931 VAT breakdown credited, negative (see :meth:`Invoice.vat_breakdown`).

        A row whose tax :attr:`tax_amounts` fixes (a closing credit note) shows that tax: the
        breakdown adds up to :attr:`tax_total`, and may differ by a cent or so from the row's
        taxable amount × rate (EN 16931's BR-CO-17 allows less than one unit of currency).
        """
        rows = vat_breakdown(
            self.lines,
            self._amounts.lines,
            self.allowances,
            self.charges,
            self.currency,
            self.rounding,
        )
        fixed = {(tax.category, tax.rate.value): amount for tax, amount in self.tax_amounts}
        return tuple(
            -attrs.evolve(row, tax=fixed.get((row.category, row.rate.value), row.tax))
            for row in rows
        )

    def render(self, locale: str, format: str = "text") -> str:  # noqa: A002 - the public name
        """The printable credit note in ``locale`` as plain text or one standalone HTML page.

        See :meth:`Invoice.render`; amounts are shown as the document states them (positive).
        """
        return _invoice_print.render(self, locale, format)


# --------------------------------------------------------------------------------------- invoices


class InvoiceStatus(StrEnum):
    """Where an invoice is in its life: see :data:`INVOICE_WORKFLOW`.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> draft = Invoice(number="INV-10", client_id="acme", currency="EUR",
    ...                 issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(30),
    ...                 lines=[InvoiceLine(description="Fee", quantity=1,
    ...                                    unit_price=Money("10.00", "EUR"))])
    >>> draft.status, draft.issue(at=pendulum.datetime(2026, 3, 2, 9)).status
    (<InvoiceStatus.DRAFT: 'draft'>, <InvoiceStatus.ISSUED: 'issued'>)
    >>> InvoiceStatus("written_off")
    <InvoiceStatus.WRITTEN_OFF: 'written_off'>
    """

    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"
    WRITTEN_OFF = "written_off"


_OPEN: Final = frozenset({InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID})


def _can_issue(invoice: Invoice, **context: Any) -> str | None:
    if not invoice.lines:
        return "it has no lines"
    if invoice.total.amount <= 0:
        return f"its total is {invoice.total!r}; only a positive total can be invoiced"
    return None


def _fix_schedule(invoice: Invoice, change: StatusChange) -> Mapping[str, Any]:
    schedule = invoice.terms.schedule(invoice.total, invoice.issued_on, rounding=invoice.rounding)
    return {"installments": schedule}


def _can_void(invoice: Invoice, **context: Any) -> str | None:
    if invoice.credit_notes:
        return "credit notes were applied to it; credit the rest instead"
    return None


_S = InvoiceStatus
INVOICE_WORKFLOW: Final = Workflow(
    name="invoice",
    states=InvoiceStatus,
    initial=_S.DRAFT,
    terminal={_S.VOID, _S.WRITTEN_OFF},
    transitions=[
        Transition("issue", _S.DRAFT, _S.ISSUED, guard=_can_issue, effect=_fix_schedule),
        Transition("pay", _S.ISSUED, _S.PARTIALLY_PAID),
        Transition("pay", _S.PARTIALLY_PAID, _S.PARTIALLY_PAID),
        Transition("credit", _S.ISSUED, _S.ISSUED),
        Transition("credit", _S.PARTIALLY_PAID, _S.PARTIALLY_PAID),
        Transition("credit", _S.PAID, _S.PAID),
        Transition("settle", {_S.ISSUED, _S.PARTIALLY_PAID}, _S.PAID),
        Transition("void", _S.ISSUED, _S.VOID, guard=_can_void),
        Transition("write_off", {_S.ISSUED, _S.PARTIALLY_PAID}, _S.WRITTEN_OFF),
    ],
)
"""The invoice workflow: draft → issued → (partially_paid → paid) | void; issued/partially_paid →
written_off. ``pay`` and ``credit`` record a payment or credit note that leaves something open;
``settle`` is the payment or credit note that closes the balance. A paid invoice can still be
credited (the client is then owed a refund: a negative balance)."""


@attrs.frozen
class Invoice:
    """An invoice to a client: lines, taxes, payment terms, and what happened to it since.

    **Amounts.** Each line's priced amount (quantity × unit price × (1 − discount)) is rounded to
    the currency with ``rounding``. Taxes added on top are ``base × rate``; taxes included in the
    price are ``base − base/(1 + rate)`` (several included taxes share ``base/(1 + Σ rates)``).
    With ``tax_rounding="per_line"`` each line's tax is rounded and the invoice adds them up. With
    ``"global"`` the exact taxes of each :class:`Tax` are added and rounded once, and that total is
    shown on the lines in proportion to their exact tax (largest remainder, as
    :meth:`~accountexec.money.Money.allocate`), so the lines still add up. Either way
    ``total == subtotal + tax_total`` and the lines' columns sum to the invoice's.

    **Legal document.** ``seller`` and ``buyer`` (:class:`~accountexec.parties.Party`), the
    references (``buyer_reference`` BT-10, ``purchase_order`` BT-13, ``contract_reference`` BT-12,
    ``project_reference`` BT-11), ``period``, ``notes``, ``payment_means`` and
    ``payment_reference`` make the invoice a complete document: optional on a draft, needed to
    write it as an e-invoice (:mod:`accountexec.einvoice`) and shown by :meth:`render`.
    Document-level ``allowances`` and ``charges`` (:mod:`accountexec.allowances`) change the
    taxable amounts: ``subtotal = line_total − allowance_total + charge_total``, and
    :meth:`vat_breakdown` gives the EN 16931 VAT breakdown.

    **Life.** Lines can be changed (:meth:`with_lines`, :meth:`add_line`) only in draft; elsewhere
    that raises :class:`~accountexec.errors.InvalidTransitionError` for the event ``'edit'``.
    :meth:`issue` fixes :attr:`installments`. :meth:`apply_payment` and :meth:`apply_credit_note`
    settle installments oldest first and move the status to ``partially_paid`` or ``paid``.
    :meth:`void` cancels an issued invoice nothing was paid or credited on; :meth:`write_off` gives
    up on the balance. The invoice's ``id`` (for the workflow) is its ``number``.

    >>> import attrs, pendulum
    >>> from accountexec.money import Money, Rate
    >>> reduced = Tax("VAT", Rate.percent(7))
    >>> lines = [InvoiceLine(description=f"Sticker {i}", quantity=1,
    ...                      unit_price=Money("0.05", "EUR"), taxes=[reduced]) for i in range(3)]
    >>> per_line = Invoice(number="INV-1", client_id="acme", currency="EUR", lines=lines,
    ...                    issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(14))
    >>> once = attrs.evolve(per_line, tax_rounding="global")
    >>> per_line.tax_total, once.tax_total
    (Money('0.00', 'EUR'), Money('0.01', 'EUR'))
    >>> [la.tax for la in once.line_amounts()]
    [Money('0.01', 'EUR'), Money('0.00', 'EUR'), Money('0.00', 'EUR')]
    """

    workflow: ClassVar[Workflow] = INVOICE_WORKFLOW

    number: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    currency: Currency = attrs.field(converter=Currency)
    issued_on: pendulum.Date = attrs.field(converter=_issued_on)
    lines: tuple[InvoiceLine, ...] = attrs.field(converter=_to_lines)
    terms: PaymentTerms = attrs.field()
    tax_rounding: TaxRounding = attrs.field(default="per_line", validator=_check_tax_rounding)
    rounding: RoundingMode = attrs.field(default="half_up", validator=_check_rounding)
    status: InvoiceStatus = attrs.field(
        default=InvoiceStatus.DRAFT, converter=_to_status, kw_only=True
    )
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history, kw_only=True)
    installments: tuple[Installment, ...] = attrs.field(
        default=(), converter=_to_installments, kw_only=True
    )
    payments: tuple[AppliedPayment, ...] = attrs.field(
        default=(), converter=_to_payments, kw_only=True
    )
    credit_notes: tuple[CreditNote, ...] = attrs.field(
        default=(), converter=_to_credit_notes, kw_only=True
    )
    seller: Party | None = attrs.field(default=None, validator=_check_party, kw_only=True)
    buyer: Party | None = attrs.field(default=None, validator=_check_party, kw_only=True)
    buyer_reference: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    purchase_order: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    contract_reference: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    project_reference: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    period: InvoicingPeriod | None = attrs.field(
        default=None, validator=_check_period, kw_only=True
    )
    notes: tuple[str, ...] = attrs.field(default=(), converter=_to_notes, kw_only=True)
    payment_means: PaymentMeans | None = attrs.field(
        default=None, validator=_check_payment_means, kw_only=True
    )
    payment_reference: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    allowances: tuple[Allowance, ...] = attrs.field(
        default=(), converter=_to_allowances, kw_only=True
    )
    charges: tuple[Charge, ...] = attrs.field(default=(), converter=_to_charges, kw_only=True)
    # derived, private: the amounts of the lines and the running sums of what payments settled
    # and credit notes credited (positive), so each event costs what it touches, not the history
    _amounts: DocumentAmounts = attrs.field(init=False, eq=False, hash=False, repr=False)
    _paid: Money = attrs.field(init=False, eq=False, hash=False, repr=False)
    _credited: Money = attrs.field(init=False, eq=False, hash=False, repr=False)

    @terms.validator
    def _check_terms(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, PaymentTerms):
            raise ValidationError(
                "terms", value, "PaymentTerms (such as PaymentTerms.net(30)); they are required"
            )

    def __attrs_post_init__(self) -> None:
        cur = self.currency
        for term in self.terms.lines:
            if isinstance(term.portion, Money) and term.portion.currency is not cur:
                raise CurrencyMismatchError(
                    cur.code,
                    term.portion.currency.code,
                    message=(
                        f"payment term portion {term.portion!r} is not in the invoice's currency "
                        f"{cur.code!r}"
                    ),
                )
        amounts = document_amounts(
            self.lines, cur, self.tax_rounding, self.rounding, self.allowances, self.charges
        )
        if amounts.total.amount < 0:
            raise ValidationError(
                "lines",
                amounts.total,
                "lines whose total is not negative (negative lines such as a discount are "
                "fine); to give money back, issue a credit note with Invoice.credit_note",
            )
        object.__setattr__(self, "_amounts", amounts)
        INVOICE_WORKFLOW.check(self)
        self._check_state(amounts.total)
        object.__setattr__(self, "_paid", Money.sum((p.settled for p in self.payments), cur))
        object.__setattr__(self, "_credited", -Money.sum((n.total for n in self.credit_notes), cur))

    def _next(self, updates: dict[str, Any]) -> Invoice:
        """This invoice with ``updates`` (fields and derived slots), built in one step.

        The life-cycle events call it with values they built and checked themselves (the
        workflow's change, a schedule that adds up to the total, a payment converted to the
        invoice's currency, a credit note checked against it), so nothing is validated twice and
        the amounts of the lines are carried over, not recomputed. The public constructor (and
        ``attrs.evolve``) always validates everything.
        """
        values = list(_INVOICE_VALUES(self))
        for name, value in updates.items():
            values[_INVOICE_INDEX[name]] = value
        new = _NEW(type(self))
        for setter, value in zip(_INVOICE_SETTERS, values, strict=True):
            setter(new, value)
        return new

    def _check_state(self, total: Money) -> None:
        cur = self.currency
        if self.status is InvoiceStatus.DRAFT:
            if self.installments or self.payments or self.credit_notes:
                raise ValidationError(
                    "status", self.status.value, "a draft without installments, payments or credits"
                )
            return
        if Money.sum((i.amount for i in self.installments), cur) != total or not self.installments:
            raise ValidationError(
                "installments", self.installments, f"installments adding up to the total {total!r}"
            )
        for item in self.payments:
            if item.received.currency is not cur or item.exchange_difference.currency is not cur:
                raise ValidationError("payments", item, f"payments recorded in {cur.code!r}")
        numbers = [note.number for note in self.credit_notes]
        if len(set(numbers)) != len(numbers):
            raise ValidationError("credit_notes", numbers, "each credit note applied once")
        for note in self.credit_notes:
            if note.invoice_number != self.number or note.currency is not cur:
                raise ValidationError(
                    "credit_notes", note.number, f"credit notes of invoice {self.number!r}"
                )

    # -- identity and amounts -------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The invoice number (what the workflow engine names the invoice by)."""
        return self.number

    @property
    def subtotal(self) -> Money:
        """The sum of the lines' net amounts."""
        return self._amounts.subtotal

    @property
    def tax_total(self) -> Money:
        """The sum of the taxes, rounded as ``tax_rounding`` says."""
        return self._amounts.tax_total

    @property
    def total(self) -> Money:
        """``subtotal + tax_total``."""
        return self._amounts.total

    def taxes_by_rate(self) -> Mapping[Tax, Money]:
        """The tax per :class:`Tax` (name, rate, included), in order of first appearance; read-only.

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> full, reduced = Tax("VAT", Rate.percent(19)), Tax("VAT", Rate.percent(7))
        >>> inv = Invoice(number="INV-2", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.immediate(),
        ...               lines=[InvoiceLine(description="Design", quantity=1,
        ...                                  unit_price=Money("100.00", "EUR"), taxes=[full]),
        ...                      InvoiceLine(description="Book", quantity=1,
        ...                                  unit_price=Money("20.00", "EUR"), taxes=[reduced])])
        >>> dict(inv.taxes_by_rate())
        {Tax(name='VAT', rate=Rate('0.19'), included=False): Money('19.00', 'EUR'),
         Tax(name='VAT', rate=Rate('0.07'), included=False): Money('1.40', 'EUR')}
        """
        return MappingProxyType(dict(self._amounts.taxes))

    def line_amounts(self) -> tuple[LineAmounts, ...]:
        """Each line's amounts as this invoice shows them (they add up to its figures).

        With document-level :attr:`allowances` or :attr:`charges`, the lines' net amounts add up
        to :attr:`line_total`, and ``subtotal = line_total − allowances + charges``.
        """
        return self._amounts.lines

    @property
    def line_total(self) -> Money:
        """The sum of the lines' net amounts (EN 16931 BT-106), before allowances and charges."""
        return Money.sum((la.net for la in self._amounts.lines), self.currency)

    @property
    def allowance_total(self) -> Money:
        """The document-level allowances (BT-107)."""
        return Money.sum((a.amount for a in self.allowances), self.currency)

    @property
    def charge_total(self) -> Money:
        """The document-level charges (BT-108)."""
        return Money.sum((c.amount for c in self.charges), self.currency)

    def vat_breakdown(self) -> tuple[VatBreakdown, ...]:
        """The EN 16931 VAT breakdown (BG-23): one row per VAT category and rate.

        Taxable amount = lines' net amounts + charges − allowances of the category and rate; tax =
        taxable × rate rounded with :attr:`rounding` (BR-CO-17). With ``tax_rounding="global"`` the
        rows' taxes are exactly :meth:`taxes_by_rate`; with ``"per_line"`` they may differ by a
        few minor units (see :mod:`accountexec.einvoice`). Each line needs exactly one VAT.

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> vat = Tax("VAT", Rate.percent(19))
        >>> inv = Invoice(number="INV-7", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(30),
        ...               lines=[InvoiceLine("Design", 1, Money("100.00", "EUR"), [vat])],
        ...               charges=[Charge(amount=Money("10.00", "EUR"), tax=vat, reason="Courier")])
        >>> [(row.category.value, row.taxable, row.tax) for row in inv.vat_breakdown()]
        [('S', Money('110.00', 'EUR'), Money('20.90', 'EUR'))]
        """
        return vat_breakdown(
            self.lines,
            self._amounts.lines,
            self.allowances,
            self.charges,
            self.currency,
            self.rounding,
        )

    def render(self, locale: str, format: str = "text") -> str:  # noqa: A002 - the public name
        """The printable invoice in ``locale``: plain text, or one standalone HTML page.

        It shows the parties, the references, the lines, the VAT breakdown with each category's
        wording and exemption reason (a reverse charge says so), the totals, the installments with
        their due dates (from :attr:`installments` once issued, from :attr:`terms` on a draft) and
        the bank details. The HTML page has inline CSS and no scripts. Amounts and dates are
        formatted for ``locale`` with babel.

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> inv = Invoice(number="INV-8", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(30),
        ...               lines=[InvoiceLine("Design", 1, Money("100.00", "EUR"),
        ...                                  [Tax("VAT", Rate.percent(19))])])
        >>> print(inv.render("en_GB").splitlines()[0])
        Invoice INV-8
        """
        return _invoice_print.render(self, locale, format)

    def to_arrow(self) -> Any:
        """The invoice's lines as a ``pyarrow.Table``, one row per line, amounts exact.

        Columns: ``number``, ``client_id``, ``currency``, ``issued_on`` (``date32``),
        ``status``, ``line`` (from 1), ``description``, ``quantity``, ``unit_price`` and the
        line's ``net``, ``tax`` and ``gross`` as this invoice shows them, each amount a
        ``decimal128`` column (a unit price keeps its sub-minor digits). Tables of many invoices
        concatenate with ``pyarrow.concat_tables`` (pass ``promote_options="permissive"`` when
        their decimal scales differ). Needs pyarrow (the ``arrays`` extra).

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> inv = Invoice(number="INV-8", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(30),
        ...               lines=[InvoiceLine(description="Display, CPM", quantity="1234.5",
        ...                                  unit_price=Money("3.275", "EUR"),
        ...                                  taxes=[Tax("VAT", Rate.percent(19))])])
        >>> table = inv.to_arrow()
        >>> table.column("unit_price").to_pylist(), table.column("gross").to_pylist()
        ([Decimal('3.275')], [Decimal('4811.16')])
        """
        head = {
            "number": self.number,
            "client_id": self.client_id,
            "currency": self.currency.code,
            "issued_on": self.issued_on,
            "status": self.status.value,
        }
        records = [
            head
            | {
                "line": i,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price.amount,
                "net": amounts.net.amount,
                "tax": amounts.tax.amount,
                "gross": amounts.gross.amount,
            }
            for i, (line, amounts) in enumerate(
                zip(self.lines, self._amounts.lines, strict=True), start=1
            )
        ]
        return _columns.to_table(
            records, _LINE_COLUMNS, "Invoice.to_arrow", min_scale=self.currency.minor_units
        )

    def _repr_html_(self) -> str:
        rows: list[list[object]] = [
            [
                line.description,
                line.quantity,
                line.unit_price,
                a.net,
                a.tax,
                a.gross,
            ]
            for line, a in zip(self.lines, self.line_amounts(), strict=True)
        ]
        rows.append(["total", None, None, self.subtotal, self.tax_total, self.total])
        caption = (
            f"invoice {self.number} to {self.client_id}, {self.issued_on}, {self.status.value}; "
            f"balance {self.balance}"
        )
        headers = ("description", "quantity", "unit price", "net", "tax", "gross")
        return _views.html_table(headers, rows, caption=caption, numeric=range(1, 6))

    # -- drafting -------------------------------------------------------------------------------

    def _check_draft(self) -> None:
        if self.status is not InvoiceStatus.DRAFT:
            raise InvalidTransitionError(
                "invoice", self.number, self.status.value, "edit", allowed_events(self)
            )

    def with_lines(self, lines: Iterable[InvoiceLine]) -> Invoice:
        """The draft with ``lines`` instead of its lines.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> draft = Invoice(number="INV-3", client_id="acme", currency="EUR",
        ...                 issued_on=pendulum.date(2026, 3, 2), lines=(),
        ...                 terms=PaymentTerms.net(30))
        >>> draft.with_lines([InvoiceLine(description="Fee", quantity=1,
        ...                               unit_price=Money("10.00", "EUR"))]).total
        Money('10.00', 'EUR')
        """
        self._check_draft()
        return attrs.evolve(self, lines=lines)

    def add_line(self, line: InvoiceLine) -> Invoice:
        """The draft with ``line`` appended; an issued invoice refuses (``'edit'``).

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> fee = InvoiceLine(description="Fee", quantity=1, unit_price=Money("10.00", "EUR"))
        >>> draft = Invoice(number="INV-4", client_id="acme", currency="EUR",
        ...                 issued_on=pendulum.date(2026, 3, 2), lines=(),
        ...                 terms=PaymentTerms.net(30))
        >>> issued = draft.add_line(fee).issue(at=pendulum.datetime(2026, 3, 2, 12))
        >>> issued.add_line(fee)
        Traceback (most recent call last):
        ...
        accountexec.errors.InvalidTransitionError: cannot 'edit' invoice 'INV-4' in status ...
        """
        self._check_draft()
        if self.tax_rounding != "per_line":  # a global rounding spreads over every line again
            return attrs.evolve(self, lines=(*self.lines, line))
        # rounded per line, the lines already there keep their amounts: compute the new one only
        added = DocumentAmounts.from_lines((line,), self.currency, "per_line", self.rounding)
        return self._next(
            {"lines": (*self.lines, line), "_amounts": _appended(self._amounts, added)}
        )

    # -- status changes -------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return INVOICE_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the invoice now."""
        return INVOICE_WORKFLOW.permitted_events(self)

    def issue(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Invoice:
        """Issue the draft: fix the installments (from ``issued_on``) and move to ``issued``.

        A draft without lines or with a total that is not positive cannot be issued.
        """
        return self._next(INVOICE_WORKFLOW.changes(self, "issue", at=at, by=by, note=note))

    def void(self, *, at: datetime, by: str | None = None, note: str | None = None) -> Invoice:
        """Cancel an issued invoice nothing was paid or credited on (``amount_voided == total``)."""
        return self._next(INVOICE_WORKFLOW.changes(self, "void", at=at, by=by, note=note))

    def write_off(self, *, at: datetime, reason: str, by: str | None = None) -> Invoice:
        """Give up on the balance of an issued or partly paid invoice, saying why.

        ``reason`` is required (as for a contract's ``terminate``) and kept as the history
        entry's note; the balance given up is :attr:`amount_written_off`.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> inv = Invoice("INV-9", "acme", "EUR", pendulum.date(2026, 3, 2),
        ...               [InvoiceLine(description="Fee", quantity=1,
        ...                            unit_price=Money("100.00", "EUR"))],
        ...               PaymentTerms.net(30)).issue(at=at)
        >>> gone = inv.write_off(at=at.add(days=90), reason="client insolvent")
        >>> gone.status.value, gone.history[-1].note
        ('written_off', 'client insolvent')
        """
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "a non-empty string saying why")
        return self._next(INVOICE_WORKFLOW.changes(self, "write_off", at=at, by=by, note=reason))

    def _settle(
        self, event_if_open: str, balance_after: Money, recorded: dict[str, Any], **kwargs: Any
    ) -> Invoice:
        # the rows of 'pay', 'credit' and 'settle' have no guard: the change is decided on the
        # invoice before the record, and both go into the one new invoice
        event = "settle" if balance_after.amount <= 0 and self.status in _OPEN else event_if_open
        updates = INVOICE_WORKFLOW.changes(self, event, **kwargs)
        updates.update(recorded)
        return self._next(updates)

    def apply_payment(
        self,
        payment: Payment,
        *,
        at: datetime,
        rates: ExchangeRates | None = None,
        allow_overpayment: bool = False,
        by: str | None = None,
    ) -> Invoice:
        """Record ``payment``: it settles installments oldest first; the status follows.

        A payment in another currency needs ``rates``; it is converted to the invoice's currency
        (rounded with the invoice's ``rounding``), and when the converted amount is within one minor
        unit of the balance, the difference is booked as :attr:`exchange_difference` and the invoice
        is settled: a cent of conversion never keeps an invoice open (nor makes it overpaid). Paying
        more than the balance raises :class:`~accountexec.errors.PaymentError` unless
        ``allow_overpayment``, which leaves a negative balance (the client's credit). A foreign
        payment that converts to zero (0.01 USD at 3 USD per EUR) is refused like a zero payment.

        When the terms grant an :class:`~accountexec.payment_terms.EarlyDiscount`, a first payment
        received by its deadline for exactly the discounted amount (:meth:`early_payment_amount`)
        settles the invoice; the discount is recorded on the payment
        (:attr:`AppliedPayment.discount`, with its tax per rate).
        """
        if not isinstance(payment, Payment):
            raise ValidationError("payment", payment, "a Payment")
        if self.status not in _OPEN:
            raise InvalidTransitionError(
                "invoice", self.number, self.status.value, "pay", allowed_events(self)
            )
        cur = self.currency
        balance = self.balance
        zero = Money.zero(cur)
        difference = zero
        if payment.amount.currency is cur:
            received = payment.amount
        else:
            if rates is None:
                raise PaymentError(
                    f"payment {payment.reference!r} is in {payment.amount.currency.code!r} and "
                    f"invoice {self.number!r} in {cur.code!r}; pass rates=ExchangeRates(...) "
                    "to convert it"
                )
            received = rates.convert(payment.amount, cur, rounding=self.rounding)
            if not received:
                raise PaymentError(
                    f"payment {payment.reference!r} of {payment.amount!r} converts to {received!r} "
                    f"for invoice {self.number!r} (rounding {self.rounding!r}); a payment must "
                    f"bring a positive amount of {cur.code!r}"
                )
            residual = balance - received
            if residual.amount and residual.amount.copy_abs() <= _minor_unit(cur):
                difference = residual
        discount = self._early_discount(payment, received + difference)
        settled = received + difference + (discount.amount if discount is not None else zero)
        if settled > balance and not allow_overpayment:
            raise PaymentError(
                f"payment {payment.reference!r} of {settled!r} exceeds the balance {balance!r} of "
                f"invoice {self.number!r}; pass allow_overpayment=True to record a credit"
            )
        record = AppliedPayment(
            payment=payment, received=received, exchange_difference=difference, discount=discount
        )
        # one copy of the tuple (unpacking would build a list first, then copy it)
        recorded = {"payments": self.payments + (record,), "_paid": self._paid + record.settled}  # noqa: RUF005
        return self._settle(
            "pay", balance - settled, recorded, at=at, by=by, note=payment.reference
        )

    @property
    def discount_deadline(self) -> pendulum.Date | None:
        """The last day to pay with the terms' early-payment discount, or None without one."""
        early = self.terms.early_discount
        if early is None:
            return None
        return early.deadline(self.issued_on, self.terms.calendar)

    def early_payment_discount(self) -> EarlyDiscountAmounts | None:
        """The discount the terms grant on this invoice (amount, net, tax per rate), or None.

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> from accountexec.payment_terms import EarlyDiscount
        >>> terms = PaymentTerms.net(30, early_discount=EarlyDiscount(rate=Rate.percent(2)))
        >>> inv = Invoice(number="INV-20", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 3, 2), terms=terms,
        ...               lines=[InvoiceLine("Fee", 1, Money("1000.00", "EUR"),
        ...                                  [Tax("VAT", Rate.percent(19))])])
        >>> inv.early_payment_discount().amount, inv.early_payment_amount(), inv.discount_deadline
        (Money('23.80', 'EUR'), Money('1166.20', 'EUR'), Date(2026, 3, 12))
        """
        early = self.terms.early_discount
        if early is None:
            return None
        return early.amounts(self.line_amounts(), self.currency, rounding=self.rounding)

    def early_payment_amount(self) -> Money | None:
        """What settles the invoice when paid by :attr:`discount_deadline`, or None."""
        discount = self.early_payment_discount()
        return None if discount is None else self.total - discount.amount

    def _early_discount(self, payment: Payment, paid: Money) -> EarlyDiscountAmounts | None:
        deadline = self.discount_deadline
        if deadline is None or payment.received_on > deadline:
            return None
        if self.payments or self.credit_notes:
            return None
        discount = self.early_payment_discount()
        if discount is None or not discount.amount or paid != self.total - discount.amount:
            return None  # a discount that rounds to nothing is not taken: no statement line
        return discount

    def credit_note(
        self, number: str, lines: Iterable[InvoiceLine] | None = None, *, issued_on: date
    ) -> CreditNote:
        """A credit note for ``lines`` (all of this invoice's lines when ``None``), checked.

        The credit note names the same parties, references, period and payment means, and the
        invoice it corrects (number and date). A full credit note (``lines=None``) also carries
        the invoice's document allowances and charges, so it is exactly the invoice, negated.

        The credit note uses this invoice's currency, tax rounding and rounding, and may not credit
        more than is left to credit (``total`` less earlier credit notes and early-payment discounts
        taken): an invoice and all its credit notes never go below zero. Only an issued, partly paid
        or paid invoice is credited, and not before its own date.

        For each tax, the credit note that credits the last of the lines carrying it (their priced
        amounts, with the document charges and allowances) takes exactly the tax left to credit for
        that tax, so crediting an invoice piece by piece, in any order, closes it to the cent even
        when the tax was rounded once on the invoice:

        >>> import pendulum
        >>> from accountexec.money import Money, Rate
        >>> vat = Tax("VAT", Rate.percent(7))
        >>> lines = [InvoiceLine(f"Sticker {i}", 1, Money("0.05", "EUR"), [vat]) for i in range(3)]
        >>> inv = Invoice(number="INV-30", client_id="acme", currency="EUR", lines=lines,
        ...               issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(14),
        ...               tax_rounding="global").issue(at=pendulum.datetime(2026, 3, 2, 9))
        >>> inv.total
        Money('0.16', 'EUR')
        >>> for i, line in enumerate(lines):
        ...     note = inv.credit_note(f"CN-{i}", [line], issued_on=pendulum.date(2026, 3, 3))
        ...     inv = inv.apply_credit_note(note, at=pendulum.datetime(2026, 3, 3, 9))
        ...     print(note.total, inv.balance)
        -0.05 EUR 0.11 EUR
        -0.05 EUR 0.06 EUR
        -0.06 EUR 0.00 EUR
        """
        if self.status not in (*_OPEN, InvoiceStatus.PAID):
            raise InvalidTransitionError(
                "invoice", self.number, self.status.value, "credit", allowed_events(self)
            )
        note = CreditNote(
            number=number,
            invoice_number=self.number,
            client_id=self.client_id,
            currency=self.currency,
            issued_on=issued_on,
            lines=self.lines if lines is None else lines,
            tax_rounding=self.tax_rounding,
            rounding=self.rounding,
            seller=self.seller,
            buyer=self.buyer,
            buyer_reference=self.buyer_reference,
            purchase_order=self.purchase_order,
            contract_reference=self.contract_reference,
            project_reference=self.project_reference,
            period=self.period,
            payment_means=self.payment_means,
            allowances=self.allowances if lines is None else (),
            charges=self.charges if lines is None else (),
            invoice_issued_on=self.issued_on,
        )
        closed = self._closing(note)
        if -closed.total > self.left_to_credit:
            self._check_credit(note)  # too much either way: refuse the note as drawn
        self._check_credit(closed)
        return closed

    def _closing(self, note: CreditNote) -> CreditNote:
        """``note`` taking the tax left per tax whose taxable lines it finishes crediting.

        A tax is closed by the credit note that credits the last of the invoice's lines carrying it
        (their priced amounts, see :func:`_taxable_bases`); that note takes exactly the tax left to
        credit for it. Closing per tax (rather than on the invoice's last credit note) matters when
        the last note credits only lines without the tax, or lines of another tax. A note that does
        not close a tax added on top credits at most the tax left for it: the credit notes of an
        invoice never credit more of a tax than the invoice charged.
        """
        zero = Money.zero(self.currency)
        base_left = _taxable_bases(self)
        tax_left: dict[Tax, Money] = dict(self._amounts.taxes)
        for payment in self.payments:  # the tax an early-payment discount already took back
            for tax, amount in payment.discount.taxes if payment.discount is not None else ():
                tax_left[tax] = tax_left.get(tax, zero) - amount
        for earlier in self.credit_notes:
            for tax, base in _taxable_bases(earlier).items():
                base_left[tax] = base_left.get(tax, zero) - base
            for tax, amount in earlier.taxes_by_rate().items():
                tax_left[tax] = tax_left.get(tax, zero) + amount
        credited_base = _taxable_bases(note)
        mine = note.taxes_by_rate()
        fixed: list[tuple[Tax, Money]] = []
        for tax, amount in mine.items():
            closes = credited_base.get(tax) == base_left.get(tax)
            left = tax_left.get(tax, zero)
            # a note that leaves some of the tax's net uncredited takes at most the tax left
            # (a tax added on top), so the roundings of earlier notes never leave the note
            # that closes the tax with less than its own tax to credit
            capped = not closes and not tax.included and -amount > left >= zero
            fixed.append((tax, left if (closes and left.amount >= 0) or capped else -amount))
        changed = tuple((tax, amount) for tax, amount in fixed if amount != -mine[tax])
        return attrs.evolve(note, tax_amounts=changed) if changed else note

    @property
    def left_to_credit(self) -> Money:
        """What credit notes may still credit: ``total`` less the credit notes applied and the
        early-payment discounts taken.

        A discount taken already relieved the client of that much (its tax included, with
        ``tax="reduce"``), so a credit note after it credits at most what remains: crediting the
        whole total again would hand the client the discount twice.
        """
        return self.total - self.amount_credited - self.amount_discounted

    def _check_credit(self, note: CreditNote) -> None:
        if not isinstance(note, CreditNote):
            raise ValidationError("note", note, "a CreditNote")
        if note.invoice_number != self.number or note.client_id != self.client_id:
            raise ValidationError(
                "note",
                note.number,
                f"a credit note of invoice {self.number!r} ({self.client_id!r})",
            )
        if note.currency is not self.currency:
            raise CurrencyMismatchError(self.currency.code, note.currency.code, "credit")
        if note.issued_on < self.issued_on:
            raise ValidationError(
                "issued_on", note.issued_on, f"a date not before the invoice's {self.issued_on}"
            )
        if any(applied.number == note.number for applied in self.credit_notes):
            raise ValidationError("note", note.number, "a credit note not applied yet")
        if -note.total > self.left_to_credit:
            discounted = self.amount_discounted
            taken = (
                f" (the total less {discounted!r} of early-payment discount taken)"
                if discounted.amount
                else ""
            )
            raise ValidationError(
                "note",
                note.total,
                f"a credit of at most {self.left_to_credit!r} left to credit on "
                f"{self.number!r}{taken}",
            )

    def apply_credit_note(
        self, note: CreditNote, *, at: datetime, by: str | None = None
    ) -> Invoice:
        """Record ``note``: it reduces the balance like a payment (oldest installment first).

        On a paid invoice (or when it credits more than is still open) the balance goes negative:
        the client is owed that much (:attr:`credit_balance`).
        """
        if self.status not in (*_OPEN, InvoiceStatus.PAID):
            raise InvalidTransitionError(
                "invoice", self.number, self.status.value, "credit", allowed_events(self)
            )
        self._check_credit(note)
        after = self.balance + note.total
        recorded = {
            "credit_notes": self.credit_notes + (note,),  # noqa: RUF005 - one copy
            "_credited": self._credited - note.total,
        }
        return self._settle("credit", after, recorded, at=at, by=by, note=note.number)

    # -- where the money stands -----------------------------------------------------------------

    @property
    def amount_paid(self) -> Money:
        """What payments paid, in the invoice's currency (exchange differences included).

        Early-payment discounts are not in it: see :attr:`amount_discounted`.
        """
        return Money.sum((p.paid for p in self.payments), self.currency)

    @property
    def amount_discounted(self) -> Money:
        """The early-payment discounts taken (zero without one)."""
        return Money.sum(
            (p.discount.amount for p in self.payments if p.discount is not None), self.currency
        )

    @property
    def exchange_difference(self) -> Money:
        """The part of :attr:`amount_paid` booked as exchange difference rather than received."""
        return Money.sum((p.exchange_difference for p in self.payments), self.currency)

    @property
    def amount_credited(self) -> Money:
        """What credit notes took off, positive."""
        return self._credited

    @property
    def amount_written_off(self) -> Money:
        """The balance given up by :meth:`write_off` (zero unless written off)."""
        if self.status is InvoiceStatus.WRITTEN_OFF:
            return self.total - self.amount_paid - self.amount_credited - self.amount_discounted
        return Money.zero(self.currency)

    @property
    def amount_voided(self) -> Money:
        """The total of a void invoice (zero unless void)."""
        if self.status is InvoiceStatus.VOID:
            return self.total
        return Money.zero(self.currency)

    @property
    def balance(self) -> Money:
        """What the client still owes: ``total − paid − credited − discounted``.

        Zero once void or written off. Negative when the client overpaid or was credited after
        paying (see :attr:`credit_balance`).
        """
        if self.status in (InvoiceStatus.VOID, InvoiceStatus.WRITTEN_OFF):
            return Money.zero(self.currency)
        return self._amounts.total - self._paid - self._credited  # _paid: discounts included

    # -- as of a date ---------------------------------------------------------------------------

    def _closed_on(self, status: InvoiceStatus) -> pendulum.Date | None:
        if self.status is not status:
            return None
        for change in reversed(self.history):
            if change.target == status.value:
                at = change.at
                return pendulum.Date(at.year, at.month, at.day)
        return None  # pragma: no cover - the workflow check guarantees the entry

    @property
    def written_off_on(self) -> pendulum.Date | None:
        """The day of the write-off (the local date of its history entry), or None."""
        return self._closed_on(InvoiceStatus.WRITTEN_OFF)

    @property
    def voided_on(self) -> pendulum.Date | None:
        """The day the invoice was voided (the local date of its history entry), or None."""
        return self._closed_on(InvoiceStatus.VOID)

    def is_open_on(self, as_of: date) -> bool:
        """Whether the invoice was on the client's account on ``as_of``.

        Issued on or before that day, and not void or written off by then (a draft never is).
        """
        day = to_date(as_of, "as_of")
        if self.status is InvoiceStatus.DRAFT or self.issued_on > day:
            return False
        closed = self.written_off_on or self.voided_on
        return closed is None or closed > day

    def settled_as_of(self, as_of: date) -> Money:
        """What payments, early-payment discounts and credit notes dated by ``as_of`` took off.

        A payment counts from the day it was received, a credit note from its date.
        """
        day = to_date(as_of, "as_of")
        cur = self.currency
        paid = Money.sum((p.settled for p in self.payments if p.payment.received_on <= day), cur)
        credited = Money.sum((n.total for n in self.credit_notes if n.issued_on <= day), cur)
        return paid - credited

    def balance_as_of(self, as_of: date) -> Money:
        """What the client owed on this invoice at the end of ``as_of`` (negative: a credit).

        Only payments, credit notes and a write-off or void dated on or before ``as_of`` count;
        an invoice issued later, or closed by then, owes nothing.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> inv = Invoice(number="INV-31", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 1, 1), terms=PaymentTerms.net(30),
        ...               lines=[InvoiceLine("Fee", 1, Money("100.00", "EUR"))],
        ...               ).issue(at=pendulum.datetime(2026, 1, 1, 9))
        >>> paid = inv.apply_payment(Payment(Money("100.00", "EUR"), pendulum.date(2026, 3, 10),
        ...                                  "SEPA-31"), at=pendulum.datetime(2026, 3, 10, 9))
        >>> [paid.balance_as_of(pendulum.date(2026, m, d)) for m, d in ((2, 28), (3, 10))]
        [Money('100.00', 'EUR'), Money('0.00', 'EUR')]
        """
        if not self.is_open_on(as_of):
            return Money.zero(self.currency)
        return self.total - self.settled_as_of(as_of)

    @property
    def credit_balance(self) -> Money:
        """What the invoice owes the client (an overpayment or a credit after payment), or zero."""
        return max(-self.balance, Money.zero(self.currency))

    def open_installments(self, as_of: date | None = None) -> tuple[Installment, ...]:
        """The installments not yet settled, each with the amount still open, oldest first.

        Payments and credit notes settle installments in order of due date (then schedule order).
        A draft, paid, void or written-off invoice has none. With ``as_of``, the installments as
        they stood at the end of that day: only payments, credit notes and a write-off or void
        dated on or before it count (a payment received later did not exist yet).
        """
        if as_of is None:
            if self.status not in _OPEN:
                return ()
            settled = self.amount_paid + self.amount_credited + self.amount_discounted
        else:
            if not self.is_open_on(as_of):
                return ()
            settled = self.settled_as_of(as_of)
        result: list[Installment] = []
        ordered = sorted(range(len(self.installments)), key=lambda i: self.installments[i].due_on)
        for i in ordered:
            item = self.installments[i]
            taken = min(max(settled, Money.zero(self.currency)), item.amount)
            settled = settled - taken
            left = item.amount - taken
            if left.amount > 0:
                result.append(Installment(item.due_on, left))
        return tuple(result)

    def amount_due(self, *, as_of: date) -> Money:
        """What is open of the installments due on or before ``as_of`` (a date, client's terms).

        Only payments, credit notes and write-offs dated on or before ``as_of`` count.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> inv = Invoice(number="INV-5", client_id="acme", currency="EUR",
        ...               issued_on=pendulum.date(2026, 5, 11), terms=PaymentTerms.installments(3),
        ...               lines=[InvoiceLine(description="Retainer", quantity=1,
        ...                                  unit_price=Money("5.47", "EUR"))],
        ...               ).issue(at=pendulum.datetime(2026, 5, 11, 9))
        >>> [i.amount for i in inv.installments]
        [Money('1.82', 'EUR'), Money('1.82', 'EUR'), Money('1.83', 'EUR')]
        >>> [inv.amount_due(as_of=pendulum.date(2026, 7, d)) for d in (10, 9)]
        [Money('3.64', 'EUR'), Money('1.82', 'EUR')]
        """
        day = to_date(as_of, "as_of")
        return Money.sum(
            (i.amount for i in self.open_installments(day) if i.due_on <= day), self.currency
        )


def _appended(first: DocumentAmounts, then: DocumentAmounts) -> DocumentAmounts:
    """The amounts of two documents' lines one after the other, taxes rounded per line.

    With per-line rounding every figure is a sum over the lines, so the amounts of the lines
    already computed stand, and each tax keeps its place of first appearance.
    """
    taxes = dict(first.taxes)
    for tax, amount in then.taxes:
        taxes[tax] = taxes[tax] + amount if tax in taxes else amount
    subtotal = first.subtotal + then.subtotal
    tax_total = first.tax_total + then.tax_total
    return DocumentAmounts(
        lines=first.lines + then.lines,
        taxes=tuple(taxes.items()),
        subtotal=subtotal,
        tax_total=tax_total,
        total=subtotal + tax_total,
    )


_LINE_COLUMNS: Final[dict[str, _columns.ColumnKind]] = {
    "number": "text",
    "client_id": "text",
    "currency": "text",
    "issued_on": "date",
    "status": "text",
    "line": "int",
    "description": "text",
    "quantity": "decimal",
    "unit_price": "decimal",
    "net": "decimal",
    "tax": "decimal",
    "gross": "decimal",
}
_NEW: Final = object.__new__
_INVOICE_SLOTS: Final = tuple(a.name for a in attrs.fields(Invoice))
_INVOICE_VALUES: Final = operator.attrgetter(*_INVOICE_SLOTS)
_INVOICE_INDEX: Final = {name: i for i, name in enumerate(_INVOICE_SLOTS)}
# the slots' own descriptors: setting through them skips the frozen class's __setattr__
_INVOICE_SETTERS: Final = tuple(Invoice.__dict__[name].__set__ for name in _INVOICE_SLOTS)


# ------------------------------------------------------------------------------------- numbering


@attrs.frozen
class InvoiceNumbering:
    """Invoice numbers as ``prefix`` + a zero-padded counter; the library never picks one itself.

    :meth:`next_number` is pure: give it the last number you issued, or ``None`` for the very
    first, which is ``first`` (1 unless a sequence continues from another system). Past ``width``
    digits the counter keeps growing (``INV-999999`` → ``INV-1000000``) rather than refusing.

    >>> numbering = InvoiceNumbering(prefix="INV-", width=6)
    >>> numbering.next_number(None), numbering.next_number("INV-000041")
    ('INV-000001', 'INV-000042')
    >>> InvoiceNumbering(prefix="F", width=4, first=500).next_number(None)
    'F0500'
    >>> numbering.next_number("CN-000041")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'last_number': 'CN-000041'; expected a number ...
    """

    prefix: str = attrs.field(default="INV-")
    width: int = attrs.field(default=6)
    first: int = attrs.field(default=1, kw_only=True)

    @first.validator
    def _check_first(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError("first", value, "an int of at least 1")

    @prefix.validator
    def _check_prefix(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or (value and value[-1].isdigit()):
            raise ValidationError("prefix", value, "text that does not end with a digit")

    @width.validator
    def _check_width(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 30:
            raise ValidationError("width", value, "an int from 1 to 30")

    def format(self, counter: int) -> str:
        """The number for ``counter`` (from 1).

        >>> InvoiceNumbering(prefix="CN-", width=4).format(7)
        'CN-0007'
        """
        if not isinstance(counter, int) or isinstance(counter, bool) or counter < 1:
            raise ValidationError("counter", counter, "an int of at least 1")
        return f"{self.prefix}{counter:0{self.width}d}"

    def counter(self, number: str) -> int:
        """The counter of ``number`` (the inverse of :meth:`format`)."""
        return self._counter(number, "number")

    def _counter(self, number: str, name: str) -> int:
        text = number if isinstance(number, str) else ""
        digits = text[len(self.prefix) :]
        if (
            not text.startswith(self.prefix)
            or not digits.isascii()
            or not digits.isdigit()
            or len(digits) < self.width
        ):
            raise ValidationError(
                name, number, f"a number like {self.format(1)!r} (prefix then digits)"
            )
        return int(digits)

    def next_number(self, last_number: str | None) -> str:
        """The number after ``last_number`` (``first`` when ``None``)."""
        if last_number is None:
            return self.format(self.first)
        return self.format(self._counter(last_number, "last_number") + 1)
