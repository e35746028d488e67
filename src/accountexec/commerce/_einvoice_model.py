"""The model side of the e-invoices (private): the figures a document states, and the invoice
or credit note a reader builds from what it found, checked against the document's own totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from accountexec.commerce._einvoice_xml import _CREDIT_TERMS, _DUE, _amount, _Node, _percent
from accountexec.commerce.allowances import Allowance, Charge
from accountexec.commerce.invoice_lines import InvoiceLine, Tax
from accountexec.commerce.invoices import CreditNote, Invoice
from accountexec.commerce.payment_terms import Balance, Installment, PaymentTerms, TermLine
from accountexec.commerce.vat import VatCategory
from accountexec.deadlines import CalendarDays
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, ROUNDING_MODES, Currency, Money, Rate, RoundingMode

Document = Invoice | CreditNote
"""An invoice or a credit note (as :data:`accountexec.einvoice.Document`)."""


def _line_allowance(
    line: InvoiceLine, net: Money, rounding: RoundingMode
) -> tuple[Money, Money] | None:
    """(base, allowance) of a discounted line: the undiscounted amount and what was taken off."""
    if line.discount is None:
        return None
    exact = DECIMAL_CONTEXT.multiply(line.quantity, line.unit_price.amount)
    base = Money(exact, net.currency).round(rounding)
    return base, base - net


def _schedule(invoice: Invoice) -> tuple[Installment, ...]:
    if invoice.installments:
        return invoice.installments
    return invoice.terms.schedule(invoice.total, invoice.issued_on, rounding=invoice.rounding)


def _terms_text(document: Document) -> tuple[str, date | None]:
    if isinstance(document, CreditNote):
        return _CREDIT_TERMS, None
    schedule = _schedule(document)
    text = "\n".join(
        f"Due {i.due_on.isoformat()}: {_amount(i.amount)} {i.amount.currency.code}"
        for i in schedule
    )
    return text, schedule[0].due_on


def _positive(document: Document) -> tuple[Money, Money, Money, Money, Money, Money, Money]:
    """line total, allowances, charges, tax basis, tax, grand total, due: as the document states."""
    sign = 1 if isinstance(document, Invoice) else -1

    def pos(value: Money) -> Money:
        return value if sign > 0 else -value

    allowances = Money.sum((a.amount for a in document.allowances), document.currency)
    charges = Money.sum((c.amount for c in document.charges), document.currency)
    return (
        pos(document.line_total),
        allowances,
        charges,
        pos(document.subtotal),
        pos(document.tax_total),
        pos(document.total),
        pos(document.total),
    )


def _net_amounts(document: Document) -> list[Money]:
    if isinstance(document, Invoice):
        return [la.net for la in document.line_amounts()]
    return [-la.net for la in document.line_amounts()]


@attrs.frozen
class _Row:
    category: VatCategory
    rate: Rate
    taxable: Decimal
    tax: Decimal
    reason: str | None
    code: str | None
    node: _Node


@attrs.frozen
class _Read:
    """What a reader found, before the document is built and checked."""

    is_invoice: bool
    fields: dict[str, Any]
    lines: list[tuple[_Node, str, Decimal, Decimal, VatCategory, Rate, Decimal | None, Decimal]]
    allowances: list[tuple[_Node, bool, Decimal, str, VatCategory, Rate]]
    rows: list[_Row]
    totals: dict[str, tuple[_Node, Decimal]]
    terms: tuple[_Node, str | None, pendulum.Date | None] | None


def _tax_for(category: VatCategory, rate: Rate, rows: Sequence[_Row], node: _Node) -> Tax:
    for row in rows:
        if row.category is category and row.rate == rate:
            return node.build(
                Tax,
                "VAT",
                rate,
                category=category,
                exemption_reason=row.reason,
                exemption_code=row.code,
            )
    raise node.fail(
        "a VAT category and rate that the VAT breakdown lists",
        f"{category.value} {_percent(rate)} %",
    )


def _terms(read: _Read, issued_on: pendulum.Date, currency: Currency, total: Money) -> PaymentTerms:
    assert read.terms is not None
    node, text, due_on = read.terms
    dues: list[tuple[pendulum.Date, Money]] = []
    if text is not None:
        for line in text.splitlines():
            match = _DUE.fullmatch(line.strip())
            if match is None:
                dues = []
                break
            day = node.build(pendulum.Date.fromisoformat, match.group(1))
            dues.append(
                (
                    pendulum.date(day.year, day.month, day.day),
                    node.build(Money, match.group(2), match.group(3)),
                )
            )
    if not dues:
        if due_on is None:
            raise node.fail(
                "a payment due date (BT-9) or installments 'Due YYYY-MM-DD: amount CUR'"
            )
        dues = [(due_on, total)]
    term_lines: list[TermLine] = []
    for i, (day, amount) in enumerate(dues):
        days = (day - issued_on).days
        if days < 0 or amount.currency is not currency:
            raise node.fail(
                "due dates on or after the issue date, amounts in the document's currency"
            )
        portion: Money | Balance = Balance() if i == len(dues) - 1 else amount
        term_lines.append(node.build(TermLine, portion, CalendarDays(days)))
    terms = node.build(PaymentTerms, lines=term_lines)
    schedule = terms.schedule(total, issued_on)
    if [(i.due_on, i.amount) for i in schedule] != dues:
        raise node.fail(f"installments adding up to the total {_amount(total)}")
    return terms


def _build(read: _Read) -> Document:
    f = read.fields
    currency: Currency = f["currency"]
    root = read.lines[0][0] if read.lines else None
    if root is None:
        raise ValidationError("lines", None, message="the document has no lines")
    lines: list[InvoiceLine] = []
    nets: list[tuple[_Node, Decimal, Decimal]] = []
    for node, name, quantity, price, category, rate, percent, net in read.lines:
        tax = _tax_for(category, rate, read.rows, node)
        discount = None if percent is None else node.build(Rate.percent, percent)
        line = node.build(
            InvoiceLine, name, quantity, node.build(Money, price, currency), [tax], discount
        )
        lines.append(line)
        exact = DECIMAL_CONTEXT.multiply(quantity, price)
        if discount is not None:
            exact = DECIMAL_CONTEXT.multiply(
                exact, DECIMAL_CONTEXT.subtract(Decimal(1), discount.value)
            )
        nets.append((node, exact, net))
    mode = next(
        (
            m
            for m in ROUNDING_MODES
            if all(Money(exact, currency).round(m).amount == net for _, exact, net in nets)
        ),
        None,
    )
    if mode is None:
        node, exact, net = next(
            (n, e, t) for n, e, t in nets if Money(e, currency).round("half_up").amount != t
        )
        raise node.fail(
            "a line net amount of quantity × price less the discount, rounded "
            f"({Money(exact, currency)!r})",
            str(net),
        )
    allowances: list[Allowance] = []
    charges: list[Charge] = []
    for node, is_charge, amount, reason, category, rate in read.allowances:
        tax = _tax_for(category, rate, read.rows, node)
        money = node.build(Money, amount, currency)
        if is_charge:
            charges.append(node.build(Charge, amount=money, tax=tax, reason=reason))
        else:
            allowances.append(node.build(Allowance, amount=money, tax=tax, reason=reason))
    common = dict(f)
    common.update(
        lines=lines,
        allowances=allowances,
        charges=charges,
        tax_rounding="global",
        rounding=mode,
    )
    document: Document
    if read.is_invoice:
        common.pop("invoice_number", None)
        common.pop("invoice_issued_on", None)
        issued_on = common["issued_on"]
        provisional = root.build(Invoice, terms=PaymentTerms.immediate(), **common)
        terms = _terms(read, issued_on, currency, provisional.total)
        document = attrs.evolve(provisional, terms=terms)
    else:
        number = common.pop("invoice_number", None)
        if number is None:
            raise ValidationError(
                "invoice_number",
                None,
                message="a credit note must name the invoice it corrects (BT-25)",
            )
        document = root.build(CreditNote, invoice_number=number, **common)
        document = _closing_taxes(document, read)
    _check_totals(document, read)
    return document


def _closing_taxes(note: CreditNote, read: _Read) -> CreditNote:
    """``note`` with the tax its VAT breakdown states, where that differs from the note's own.

    A closing credit note takes the tax left to credit on its invoice, which may differ from its
    taxable amount × rate by less than one unit of currency (BR-CO-17 allows it); the
    breakdown's figure is the one the document credits, kept as ``tax_amounts``.
    """
    stated = {(r.category, r.rate.value): r for r in read.rows}
    fixed: list[tuple[Tax, Money]] = []
    for row in note.vat_breakdown():
        read_row = stated.get((row.category, row.rate.value))
        if read_row is None or read_row.tax == -row.tax.amount:
            continue
        if abs(read_row.tax + row.tax.amount) >= 1:
            continue  # not a closing difference: _check_totals names the row
        tax = _tax_for(row.category, row.rate, read.rows, read_row.node)
        fixed.append((tax, read_row.node.build(Money, read_row.tax, note.currency)))
    return attrs.evolve(note, tax_amounts=fixed) if fixed else note


def _check_totals(document: Document, read: _Read) -> None:
    line_total, allowances, charges, basis, tax, grand, due = _positive(document)
    expected = {
        "line_total": line_total,
        "allowances": allowances,
        "charges": charges,
        "basis": basis,
        "tax": tax,
        "grand": grand,
        "due": due,
    }
    for key, (node, value) in read.totals.items():
        if expected[key].amount != value:
            raise node.fail(
                f"{_amount(expected[key])}, as the lines, allowances and charges add up", str(value)
            )
    rows = document.vat_breakdown()
    if isinstance(document, CreditNote):
        rows = tuple(-row for row in rows)
    found = {(r.category, r.rate.value): r for r in read.rows}
    for row in rows:
        mine = found.pop((row.category, row.rate.value), None)
        if mine is None:
            raise ValidationError(
                "VAT breakdown",
                row.category.value,
                message=(
                    f"the VAT breakdown lacks category {row.category.value!r} at "
                    f"{_percent(row.rate)} %"
                ),
            )
        if mine.taxable != row.taxable.amount or mine.tax != row.tax.amount:
            raise mine.node.fail(
                f"taxable {_amount(row.taxable)} and tax {_amount(row.tax)} (BR-CO-17)",
                f"{mine.taxable} / {mine.tax}",
            )
    for extra in found.values():
        raise extra.node.fail("a VAT breakdown row used by a line, an allowance or a charge")
