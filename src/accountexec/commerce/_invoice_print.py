"""The printable invoice and credit note (private): what ``Invoice.render`` shows a client.

The document is laid out once as data (titled blocks of label/value rows and tables of cells,
formatted for the locale with babel), then written as plain text or as one standalone HTML page
(inline CSS, no scripts, nothing fetched). Only :mod:`accountexec.invoices` calls it; it does not
import :mod:`accountexec.invoices` (the documents are typed by protocols), so the dependency points
down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final, Protocol, TypeGuard

import attrs

from accountexec import _views
from accountexec.commerce.allowances import Allowance, Charge
from accountexec.commerce.invoice_lines import InvoiceLine, LineAmounts, Tax
from accountexec.commerce.parties import (
    CardPayment,
    CreditTransfer,
    DirectDebit,
    Party,
    PaymentMeans,
)
from accountexec.commerce.payment_terms import Installment, PaymentTerms
from accountexec.commerce.vat import VatCategory
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, RoundingMode

# The documents printed are Invoice and CreditNote, typed structurally: invoices imports this
# module to render, so this module does not import invoices.


class _Period(Protocol):
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...


class Document(Protocol):
    """What an invoice and a credit note both show."""

    @property
    def number(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def currency(self) -> Currency: ...
    @property
    def issued_on(self) -> date: ...
    @property
    def lines(self) -> tuple[InvoiceLine, ...]: ...
    @property
    def seller(self) -> Party | None: ...
    @property
    def buyer(self) -> Party | None: ...
    @property
    def period(self) -> _Period | None: ...
    @property
    def notes(self) -> tuple[str, ...]: ...
    @property
    def payment_means(self) -> PaymentMeans | None: ...
    @property
    def payment_reference(self) -> str | None: ...
    @property
    def buyer_reference(self) -> str | None: ...
    @property
    def purchase_order(self) -> str | None: ...
    @property
    def contract_reference(self) -> str | None: ...
    @property
    def project_reference(self) -> str | None: ...
    @property
    def allowances(self) -> tuple[Allowance, ...]: ...
    @property
    def charges(self) -> tuple[Charge, ...]: ...
    @property
    def line_total(self) -> Money: ...
    @property
    def subtotal(self) -> Money: ...
    @property
    def tax_total(self) -> Money: ...
    @property
    def total(self) -> Money: ...
    def line_amounts(self) -> tuple[LineAmounts, ...]: ...
    def taxes_by_rate(self) -> Mapping[Tax, Money]: ...


class _Invoice(Document, Protocol):
    """An invoice: a document with payment terms (its installments are printed)."""

    @property
    def terms(self) -> PaymentTerms: ...
    @property
    def installments(self) -> tuple[Installment, ...]: ...
    @property
    def rounding(self) -> RoundingMode: ...


class _CreditNote(Document, Protocol):
    """A credit note: a document naming the invoice it corrects."""

    @property
    def invoice_number(self) -> str: ...
    @property
    def invoice_issued_on(self) -> date | None: ...


# Told apart by a field only one of them stores: an isinstance check against the protocols would
# evaluate every computed total they name.
def _is_invoice(document: Document) -> TypeGuard[_Invoice]:
    return hasattr(document, "terms")


def _is_credit_note(document: Document) -> TypeGuard[_CreditNote]:
    return hasattr(document, "invoice_number")


__all__ = ["render"]

_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "issued_on": "Date",
        "seller": "From",
        "buyer": "To",
        "vat_id": "VAT ID",
        "legal_id": "Registration",
        "contact": "Contact",
        "buyer_reference": "Your reference",
        "purchase_order": "Purchase order",
        "contract_reference": "Contract",
        "project_reference": "Project",
        "period": "Period",
        "corrects": "Corrects invoice",
        "client": "Client number",
        "description": "Description",
        "quantity": "Quantity",
        "unit_price": "Unit price",
        "discount": "Discount",
        "vat": "VAT",
        "net": "Net",
        "line_total": "Lines",
        "allowance": "Allowance",
        "charge": "Charge",
        "subtotal": "Total without VAT",
        "taxable": "Taxable",
        "rate": "Rate",
        "tax": "Tax",
        "tax_total": "Total VAT",
        "total": "Total",
        "installments": "Payment schedule",
        "due_on": "Due",
        "amount": "Amount",
        "payment": "Payment",
        "transfer": "Bank transfer",
        "debit": "SEPA direct debit",
        "card": "Card",
        "iban": "IBAN",
        "bic": "BIC",
        "holder": "Account holder",
        "mandate": "Mandate",
        "creditor_id": "Creditor ID",
        "payment_reference": "Payment reference",
        "notes": "Notes",
        "totals": "Totals",
        "lines": "Lines",
        "breakdown": "VAT breakdown",
        "references": "References",
    },
    "de": {
        "invoice": "Rechnung",
        "credit_note": "Gutschrift",
        "issued_on": "Datum",
        "seller": "Von",
        "buyer": "An",
        "vat_id": "USt-IdNr.",
        "legal_id": "Register",
        "contact": "Kontakt",
        "buyer_reference": "Ihre Referenz",
        "purchase_order": "Bestellung",
        "contract_reference": "Vertrag",
        "project_reference": "Projekt",
        "period": "Leistungszeitraum",
        "corrects": "Korrigiert Rechnung",
        "client": "Kundennummer",
        "description": "Beschreibung",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "discount": "Rabatt",
        "vat": "USt.",
        "net": "Netto",
        "line_total": "Positionen",
        "allowance": "Nachlass",
        "charge": "Zuschlag",
        "subtotal": "Summe netto",
        "taxable": "Bemessungsgrundlage",
        "rate": "Satz",
        "tax": "Steuer",
        "tax_total": "Umsatzsteuer",
        "total": "Gesamtbetrag",
        "installments": "Zahlungsplan",
        "due_on": "Fällig",
        "amount": "Betrag",
        "payment": "Zahlung",
        "transfer": "Überweisung",
        "debit": "SEPA-Lastschrift",
        "card": "Karte",
        "iban": "IBAN",
        "bic": "BIC",
        "holder": "Kontoinhaber",
        "mandate": "Mandat",
        "creditor_id": "Gläubiger-ID",
        "payment_reference": "Verwendungszweck",
        "notes": "Hinweise",
        "totals": "Summen",
        "lines": "Positionen",
        "breakdown": "Umsatzsteuer nach Kategorie",
        "references": "Referenzen",
    },
    "fr": {
        "invoice": "Facture",
        "credit_note": "Avoir",
        "issued_on": "Date",
        "seller": "De",
        "buyer": "À",
        "vat_id": "N° TVA",
        "legal_id": "Immatriculation",
        "contact": "Contact",
        "buyer_reference": "Votre référence",
        "purchase_order": "Bon de commande",
        "contract_reference": "Contrat",
        "project_reference": "Projet",
        "period": "Période",
        "corrects": "Corrige la facture",
        "client": "Numéro client",
        "description": "Désignation",
        "quantity": "Quantité",
        "unit_price": "Prix unitaire",
        "discount": "Remise",
        "vat": "TVA",
        "net": "HT",
        "line_total": "Lignes",
        "allowance": "Remise",
        "charge": "Frais",
        "subtotal": "Total HT",
        "taxable": "Base",
        "rate": "Taux",
        "tax": "Taxe",
        "tax_total": "Total TVA",
        "total": "Total TTC",
        "installments": "Échéancier",
        "due_on": "Échéance",
        "amount": "Montant",
        "payment": "Paiement",
        "transfer": "Virement",
        "debit": "Prélèvement SEPA",
        "card": "Carte",
        "iban": "IBAN",
        "bic": "BIC",
        "holder": "Titulaire",
        "mandate": "Mandat",
        "creditor_id": "ICS",
        "payment_reference": "Référence de paiement",
        "notes": "Mentions",
        "totals": "Totaux",
        "lines": "Lignes",
        "breakdown": "Détail de la TVA",
        "references": "Références",
    },
    "nl": {
        "invoice": "Factuur",
        "credit_note": "Creditnota",
        "issued_on": "Datum",
        "seller": "Van",
        "buyer": "Aan",
        "vat_id": "Btw-nummer",
        "legal_id": "KvK",
        "contact": "Contact",
        "buyer_reference": "Uw referentie",
        "purchase_order": "Inkooporder",
        "contract_reference": "Contract",
        "project_reference": "Project",
        "period": "Periode",
        "corrects": "Corrigeert factuur",
        "client": "Klantnummer",
        "description": "Omschrijving",
        "quantity": "Aantal",
        "unit_price": "Prijs",
        "discount": "Korting",
        "vat": "Btw",
        "net": "Netto",
        "line_total": "Regels",
        "allowance": "Korting",
        "charge": "Toeslag",
        "subtotal": "Totaal excl. btw",
        "taxable": "Grondslag",
        "rate": "Tarief",
        "tax": "Btw",
        "tax_total": "Totaal btw",
        "total": "Totaal",
        "installments": "Betaalschema",
        "due_on": "Vervaldatum",
        "amount": "Bedrag",
        "payment": "Betaling",
        "transfer": "Overschrijving",
        "debit": "SEPA-incasso",
        "card": "Kaart",
        "iban": "IBAN",
        "bic": "BIC",
        "holder": "Rekeninghouder",
        "mandate": "Machtiging",
        "creditor_id": "Incassant-ID",
        "payment_reference": "Betalingskenmerk",
        "notes": "Opmerkingen",
        "totals": "Totalen",
        "lines": "Regels",
        "breakdown": "Btw-specificatie",
        "references": "Referenties",
    },
}

_CSS: Final = (
    "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:52em;margin:2em auto;"
    "font-size:11pt}h1{font-size:18pt;margin:0 0 .5em}h2{font-size:12pt;margin:1.2em 0 .3em}"
    "table{border-collapse:collapse;width:100%}th,td{padding:.2em .5em;border-bottom:1px solid "
    "#ddd;text-align:left;vertical-align:top}.num{text-align:right;white-space:nowrap}"
    ".parties{display:flex;gap:2em}.parties section{flex:1}p{margin:.2em 0}"
    ".total td{font-weight:bold;border-top:2px solid #222}"
)


@attrs.frozen
class _Block:
    title: str
    rows: tuple[tuple[str, str], ...]


@attrs.frozen
class _Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int]
    total_rows: frozenset[int] = frozenset()


_Part = _Block | _Table


def _party(label: str, party: Party | None, words: dict[str, str], loc: str) -> _Block:
    if party is None:
        return _Block(label, ())
    territory = _views.locale(loc).territories.get(party.address.country, party.address.country)
    rows: list[tuple[str, str]] = [("", party.name)]
    rows.extend(("", line) for line in party.address.lines)
    rows.append(("", f"{party.address.postcode} {party.address.city}"))
    rows.append(("", territory))
    if party.vat_id:
        rows.append((words["vat_id"], party.vat_id))
    if party.legal_id:
        rows.append((words["legal_id"], party.legal_id))
    if party.contact is not None:
        contact = ", ".join(
            x for x in (party.contact.name, party.contact.phone, party.contact.email) if x
        )
        rows.append((words["contact"], contact))
    return _Block(label, tuple(rows))


def _percent(rate: Decimal, loc: str) -> str:
    return _views.format_number(rate.scaleb(2).normalize(), loc) + " %"


def _layout(document: Document, loc: str) -> tuple[str, list[_Part]]:  # noqa: PLR0915
    invoice = document if _is_invoice(document) else None
    note = document if _is_credit_note(document) else None
    from_invoice = invoice is not None
    words = _LABELS.get(loc[:2].lower(), _LABELS["en"])
    sign = 1 if from_invoice else -1

    def money(value: Money) -> str:
        return _views.format_money(value if sign > 0 else -value, loc)

    def day(value: object) -> str:
        return _views.format_date(value, loc)  # type: ignore[arg-type]

    kind = words["invoice"] if from_invoice else words["credit_note"]
    title = f"{kind} {document.number}"
    parts: list[_Part] = []
    parts.append(_party(words["seller"], document.seller, words, loc))
    parts.append(_party(words["buyer"], document.buyer, words, loc))
    refs: list[tuple[str, str]] = [
        (words["issued_on"], day(document.issued_on)),
        (words["client"], document.client_id),
    ]
    if note is not None:
        corrected = note.invoice_number
        if note.invoice_issued_on is not None:
            corrected += f" ({day(note.invoice_issued_on)})"
        refs.append((words["corrects"], corrected))
    for key, value in (
        ("buyer_reference", document.buyer_reference),
        ("purchase_order", document.purchase_order),
        ("contract_reference", document.contract_reference),
        ("project_reference", document.project_reference),
    ):
        if value:
            refs.append((words[key], value))
    if document.period is not None:
        refs.append((words["period"], f"{day(document.period.start)} – {day(document.period.end)}"))
    parts.append(_Block(words["references"], tuple(refs)))

    rows: list[tuple[str, ...]] = []
    for line, amounts in zip(document.lines, document.line_amounts(), strict=True):
        vat = " + ".join(_percent(tax.rate.value, loc) for tax in line.taxes)
        rows.append(
            (
                line.description,
                _views.format_number(line.quantity, loc),
                _views.format_money(line.unit_price, loc),
                _percent(line.discount.value, loc) if line.discount is not None else "",
                vat,
                money(amounts.net),
            )
        )
    parts.append(
        _Table(
            words["lines"],
            (
                words["description"],
                words["quantity"],
                words["unit_price"],
                words["discount"],
                words["vat"],
                words["net"],
            ),
            tuple(rows),
            frozenset({1, 2, 3, 4, 5}),
        )
    )

    breakdown: list[tuple[str, ...]] = []
    language = loc[:2].lower()
    for tax, amount in document.taxes_by_rate().items():
        taxable = (
            Money.sum(
                (
                    la.net
                    for line, la in zip(document.lines, document.line_amounts(), strict=True)
                    if tax in line.taxes
                ),
                document.currency,
            )
            * sign
        )
        for allowance in document.allowances:
            if allowance.tax == tax:
                taxable = taxable - allowance.amount
        for charge in document.charges:
            if charge.tax == tax:
                taxable = taxable + charge.amount
        wording = tax.name
        if tax.name.upper() == "VAT" or tax.category is not VatCategory.STANDARD:
            wording = f"{tax.name}: {tax.category.wording(language)}"
        if tax.exemption_reason:
            wording += f" — {tax.exemption_reason}"
        breakdown.append(
            (
                wording,
                _percent(tax.rate.value, loc),
                _views.format_money(taxable, loc),
                money(amount),
            )
        )
    parts.append(
        _Table(
            words["breakdown"],
            (words["vat"], words["rate"], words["taxable"], words["tax"]),
            tuple(breakdown),
            frozenset({1, 2, 3}),
        )
    )

    totals: list[tuple[str, ...]] = [(words["line_total"], money(document.line_total))]
    totals.extend(
        (f"{words['allowance']}: {a.reason}", _views.format_money(-a.amount, loc))
        for a in document.allowances
    )
    totals.extend(
        (f"{words['charge']}: {c.reason}", _views.format_money(c.amount, loc))
        for c in document.charges
    )
    totals.append((words["subtotal"], money(document.subtotal)))
    totals.append((words["tax_total"], money(document.tax_total)))
    totals.append((words["total"], money(document.total)))
    parts.append(
        _Table(
            words["totals"],
            ("", words["amount"]),
            tuple(totals),
            frozenset({1}),
            frozenset({len(totals) - 1}),
        )
    )

    if invoice is not None:
        schedule = invoice.installments
        if not schedule and invoice.total.amount > 0:
            schedule = invoice.terms.schedule(
                invoice.total, invoice.issued_on, rounding=invoice.rounding
            )
        if schedule:
            parts.append(
                _Table(
                    words["installments"],
                    (words["due_on"], words["amount"]),
                    tuple((day(i.due_on), money(i.amount)) for i in schedule),
                    frozenset({1}),
                )
            )

    pay: list[tuple[str, str]] = []
    means = document.payment_means
    if isinstance(means, CreditTransfer):
        pay.append((words["payment"], words["transfer"]))
        pay.append((words["iban"], _grouped(means.account.iban)))
        if means.account.bic:
            pay.append((words["bic"], means.account.bic))
        if means.account.name:
            pay.append((words["holder"], means.account.name))
    elif isinstance(means, DirectDebit):
        pay.append((words["payment"], words["debit"]))
        pay.append((words["mandate"], means.mandate))
        pay.append((words["creditor_id"], means.creditor_id))
        pay.append((words["iban"], _grouped(means.debited_account)))
    elif isinstance(means, CardPayment):
        pay.append((words["payment"], f"{words['card']} …{means.account_number}"))
    if document.payment_reference:
        pay.append((words["payment_reference"], document.payment_reference))
    if pay:
        parts.append(_Block(words["payment"], tuple(pay)))
    if document.notes:
        parts.append(_Block(words["notes"], tuple(("", n) for n in document.notes)))
    return title, parts


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _text(title: str, parts: Sequence[_Part]) -> str:
    out = [title, "=" * len(title)]
    for part in parts:
        out.append("")
        out.append(part.title)
        out.append("-" * len(part.title))
        if isinstance(part, _Block):
            for label, value in part.rows:
                out.append(f"{label}: {value}" if label else value)
            continue
        table = [part.headers, *part.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(part.headers))]
        for row in table:
            cells = [
                cell.rjust(widths[i]) if i in part.numeric else cell.ljust(widths[i])
                for i, cell in enumerate(row)
            ]
            out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"


def _html(title: str, parts: Sequence[_Part], loc: str) -> str:
    esc = _views.escape
    body: list[str] = [f"<h1>{esc(title)}</h1>"]
    parties = [p for p in parts[:2] if isinstance(p, _Block)]
    body.append('<div class="parties">')
    for block in parties:
        body.append(f"<section><h2>{esc(block.title)}</h2>")
        body.extend(
            f"<p>{esc(label) + ': ' if label else ''}{esc(value)}</p>"
            for label, value in block.rows
        )
        body.append("</section>")
    body.append("</div>")
    for part in parts[2:]:
        body.append(f"<h2>{esc(part.title)}</h2>")
        if isinstance(part, _Block):
            body.append("<table><tbody>")
            body.extend(
                f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in part.rows
            )
            body.append("</tbody></table>")
            continue

        def cell(tag: str, i: int, value: str, numeric: frozenset[int]) -> str:
            cls = ' class="num"' if i in numeric else ""
            return f"<{tag}{cls}>{esc(value)}</{tag}>"

        head = "".join(cell("th", i, h, part.numeric) for i, h in enumerate(part.headers))
        body.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        for n, row in enumerate(part.rows):
            cls = ' class="total"' if n in part.total_rows else ""
            cells = "".join(cell("td", i, v, part.numeric) for i, v in enumerate(row))
            body.append(f"<tr{cls}>{cells}</tr>")
        body.append("</tbody></table>")
    lang = esc(loc.replace("_", "-"))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def render(document: Document, locale: str, format: str = "text") -> str:  # noqa: A002
    """The printable ``document`` in ``locale`` as ``"text"`` or ``"html"``."""
    _views.locale(locale)
    if format not in ("text", "html"):
        raise ValidationError("format", format, "'text' or 'html'")
    title, parts = _layout(document, locale)
    if format == "text":
        return _text(title, parts)
    return _html(title, parts, locale)
