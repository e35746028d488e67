"""EN 16931 e-invoices: an invoice or credit note as UN/CEFACT CII or UBL 2.1 XML, and back.

:func:`to_cii` writes the Cross Industry Invoice (D16B) that Factur-X 1.0 / ZUGFeRD 2.x (profile
EN 16931 or EXTENDED) and XRechnung CII carry; :func:`to_ubl` writes a UBL 2.1 ``Invoice`` or
``CreditNote`` with the Peppol BIS Billing 3.0 or XRechnung customization identifier.
:func:`from_cii` and :func:`from_ubl` read such a document back into the invoice or credit note it
describes. Bytes in, bytes out: nothing here reads or writes a file.

What a document must hold to be written (otherwise :class:`~accountexec.errors.ValidationError`
names the field and the rule):

- a seller and a buyer (:class:`~accountexec.parties.Party`), at least one line, each line with
  exactly one tax named ``"VAT"``, added on top (e-invoices state net prices), with the VAT
  category rules of EN 16931 (a seller VAT identifier for every category but ``O``; both VAT
  identifiers for a reverse charge; none at all, and no other category, with ``O``; an invoicing
  period for an intra-community supply);
- VAT figures that are EN 16931's: per VAT category and rate, tax = taxable amount × rate,
  rounded (BR-CO-17). An invoice with ``tax_rounding="per_line"`` whose rounded line taxes add up
  to something else is refused rather than written with a VAT total the official rules reject;
  issue documents you send electronically with ``tax_rounding="global"``, which is that figure;
- for XRechnung, a buyer reference (BT-10), a seller contact with phone and e-mail, payment means
  and both electronic addresses; for Peppol, both electronic addresses and a buyer reference or
  purchase order.

The document carries the invoice's content, not its life: status, history, payments and credit
notes applied stay in your records, and :func:`from_cii` returns a draft. Payment terms travel as
the installments they produce (BT-20 lists ``Due YYYY-MM-DD: amount CUR`` per installment, BT-9
holds the first due date) and come back as :class:`~accountexec.payment_terms.PaymentTerms` of
calendar days from the invoice date (``PaymentTerms.net(30)`` comes back equal; other terms come
back as the same schedule). The rounding mode comes back as the first of
:data:`~accountexec.money.ROUNDING_MODES` that reproduces every line's net amount, and
``tax_rounding`` as ``"global"``. A contact's role is not part of EN 16931 and is not carried.

>>> import pendulum
>>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms, Tax
>>> from accountexec.money import Money, Rate
>>> from accountexec.parties import Address, Party
>>> seller = Party("Nordlicht Agentur GmbH", Address(["Friedrichstraße 12"], "Berlin", "10117", "DE"),
...                vat_id="DE123456789")
>>> buyer = Party("Hafenkontor AG", Address(["Am Sandtorkai 1"], "Hamburg", "20457", "DE"),
...               vat_id="DE987654321")
>>> invoice = Invoice(number="INV-000041", client_id="hafen", currency="EUR",
...                   issued_on=pendulum.date(2026, 1, 31), terms=PaymentTerms.net(30),
...                   lines=[InvoiceLine("Strategy workshop", 8, Money("150.00", "EUR"),
...                                      [Tax("VAT", Rate.percent(19))])],
...                   tax_rounding="global", seller=seller, buyer=buyer)
>>> xml = to_cii(invoice)
>>> b"<ram:GrandTotalAmount>1428.00</ram:GrandTotalAmount>" in xml
True
>>> from_cii(xml) == invoice
True
"""  # noqa: E501

from __future__ import annotations

from typing import Final, Literal, get_args

from accountexec.commerce import _einvoice_cii, _einvoice_ubl
from accountexec.commerce._einvoice_xml import _percent  # the rate as EN 16931 writes it
from accountexec.commerce.allowances import Allowance, Charge, VatBreakdown
from accountexec.commerce.invoice_lines import InvoiceLine, Tax
from accountexec.commerce.invoices import CreditNote, Invoice
from accountexec.commerce.parties import Party
from accountexec.commerce.vat import VatCategory
from accountexec.errors import ValidationError

__all__ = [
    "CII_PROFILES",
    "UBL_PROFILES",
    "CiiProfile",
    "Document",
    "UblProfile",
    "from_cii",
    "from_ubl",
    "to_cii",
    "to_ubl",
]

CiiProfile = Literal["en16931", "xrechnung", "extended"]
"""``"en16931"``: Factur-X / ZUGFeRD EN 16931 profile; ``"xrechnung"``: XRechnung 3.0 CII;
``"extended"``: Factur-X / ZUGFeRD EXTENDED (the same content, a superset profile)."""

UblProfile = Literal["peppol", "xrechnung"]
"""``"peppol"``: Peppol BIS Billing 3.0; ``"xrechnung"``: XRechnung 3.0 UBL."""

CII_PROFILES: Final[tuple[CiiProfile, ...]] = get_args(CiiProfile)
UBL_PROFILES: Final[tuple[UblProfile, ...]] = get_args(UblProfile)

Document = Invoice | CreditNote
"""What an e-invoice describes: an invoice or a credit note."""


# =================================================================================== checks


def _check_document(document: object) -> Document:
    if not isinstance(document, Invoice | CreditNote):
        raise ValidationError("document", document, "an Invoice or a CreditNote")
    return document


def _require(condition: bool, field: str, value: object, allowed: str) -> None:
    if not condition:
        raise ValidationError(field, value, allowed)


def _vat_of(line: InvoiceLine) -> Tax:
    _require(
        len(line.taxes) == 1,
        "taxes",
        line.taxes,
        f"exactly one VAT on line {line.description!r} (EN 16931 gives each line one category)",
    )
    tax = line.taxes[0]
    _require(
        tax.name == "VAT",
        "taxes",
        tax,
        "a Tax named 'VAT': an EN 16931 document carries value added tax only",
    )
    _require(not tax.included, "taxes", tax, "a Tax added on top: e-invoices state net prices")
    return tax


def _parties(document: Document) -> tuple[Party, Party]:
    """The seller and the buyer, or a refusal: an e-invoice names both."""
    if document.seller is None:
        raise ValidationError("seller", None, "a Party: an e-invoice names its seller")
    if document.buyer is None:
        raise ValidationError("buyer", None, "a Party: an e-invoice names its buyer")
    return document.seller, document.buyer


def _exportable(document: Document, profile: str) -> tuple[VatBreakdown, ...]:
    """Refuse what EN 16931 (and the profile) would reject; return the VAT breakdown."""
    seller, buyer = _parties(document)
    _require(
        document.currency.minor_units <= 2,
        "currency",
        document.currency.code,
        "a currency with at most two decimals: EN 16931 amounts carry at most two (BR-DEC)",
    )
    _require(bool(document.lines), "lines", (), "at least one line (BR-16)")
    taxes = [_vat_of(line) for line in document.lines]
    adjustments: list[Allowance | Charge] = [*document.allowances, *document.charges]
    for item in adjustments:
        _require(
            item.tax.name == "VAT",
            "taxes",
            item.tax,
            "a Tax named 'VAT': an EN 16931 document carries value added tax only",
        )
        taxes.append(item.tax)
    rows = document.vat_breakdown()
    if isinstance(document, CreditNote):
        rows = tuple(-row for row in rows)
    shown = dict(document.taxes_by_rate())
    sign = 1 if isinstance(document, Invoice) else -1
    fixed = {t for t, _ in document.tax_amounts} if isinstance(document, CreditNote) else set()
    for row in rows:
        tax = next(t for t in taxes if (t.category, t.rate.value) == (row.category, row.rate.value))
        model = shown[tax] if sign > 0 else -shown[tax]
        if tax in fixed:
            # a closing credit note takes the tax left to credit, which may differ from its own
            # taxable amount × rate by the cents the invoice's rounding left; EN 16931 allows a
            # difference of less than one unit of currency (BR-CO-17)
            figure = (row.taxable * row.rate.value).round(document.rounding)
            _require(
                abs((row.tax - figure).amount) < 1,
                "tax_amounts",
                row.tax,
                f"a tax within one {document.currency.code} of taxable amount × rate "
                f"({figure!r}) for category {row.category.value!r} at {_percent(row.rate)} % "
                "(BR-CO-17)",
            )
        elif model != row.tax:
            raise ValidationError(
                "tax_rounding",
                document.tax_rounding,
                f"tax rounding that gives EN 16931's VAT for category {row.category.value!r} "
                f"at {_percent(row.rate)} %: the document shows {model!r}, EN 16931 requires "
                f"{row.tax!r} (taxable amount × rate, rounded; BR-CO-17). Write e-invoices from "
                "documents with tax_rounding='global'",
            )
    categories = {tax.category for tax in taxes}
    for tax in taxes:
        if tax.category is VatCategory.STANDARD:
            _require(tax.rate.value > 0, "rate", tax.rate, "a positive rate for category 'S'")
    if VatCategory.OUTSIDE_SCOPE in categories:
        _require(
            categories == {VatCategory.OUTSIDE_SCOPE},
            "taxes",
            sorted(c.value for c in categories),
            "no other VAT category beside 'O' (not subject to VAT) in one document (BR-O-11)",
        )
        _require(
            seller.vat_id is None and buyer.vat_id is None,
            "vat_id",
            seller.vat_id or buyer.vat_id,
            "no VAT identifiers on a document not subject to VAT (BR-O-2)",
        )
        _require(
            seller.legal_id is not None,
            "legal_id",
            None,
            "a seller legal registration identifier when it has no VAT identifier (BR-CO-26)",
        )
    else:
        _require(
            seller.vat_id is not None,
            "vat_id",
            None,
            "the seller's VAT identifier (BR-S-2 and the rules of each VAT category)",
        )
    if categories & {VatCategory.REVERSE_CHARGE, VatCategory.INTRA_COMMUNITY}:
        _require(
            buyer.vat_id is not None,
            "vat_id",
            None,
            "the buyer's VAT identifier for a reverse charge or intra-community supply "
            "(BR-AE-2, BR-IC-2)",
        )
    if VatCategory.INTRA_COMMUNITY in categories:
        _require(
            document.period is not None,
            "period",
            None,
            "an InvoicingPeriod for an intra-community supply (BR-IC-11)",
        )
    if profile == "xrechnung":
        _require(
            document.buyer_reference is not None,
            "buyer_reference",
            None,
            "the buyer reference (Leitweg-ID) XRechnung requires (BR-DE-15)",
        )
        contact = seller.contact
        _require(
            contact is not None and contact.phone is not None and contact.email is not None,
            "contact",
            contact,
            "a seller contact with name, phone and e-mail for XRechnung (BR-DE-2, -6, -7)",
        )
        _require(
            document.payment_means is not None,
            "payment_means",
            None,
            "payment means for XRechnung (BR-DE-1)",
        )
    if profile in ("xrechnung", "peppol"):
        for role, party in (("seller", seller), ("buyer", buyer)):
            _require(
                party.electronic_address is not None,
                "electronic_address",
                None,
                f"the {role}'s electronic address for {profile} (Peppol R010 and R020; "
                "XRechnung asks for both too)",
            )
    if profile == "peppol":
        _require(
            document.buyer_reference is not None or document.purchase_order is not None,
            "buyer_reference",
            None,
            "a buyer reference or a purchase order for Peppol (PEPPOL-EN16931-R003)",
        )
    return rows


# =========================================================================== the public functions


def to_cii(document: Document, profile: CiiProfile = "en16931") -> bytes:
    """The UN/CEFACT Cross Industry Invoice (D16B) of ``document``, as UTF-8 bytes.

    ``profile`` sets the guideline (BT-24): ``"en16931"`` (Factur-X / ZUGFeRD EN 16931),
    ``"xrechnung"`` (XRechnung 3.0, with its extra requirements) or ``"extended"`` (Factur-X
    EXTENDED). A credit note is written with type code 381 and its amounts positive, referring to
    the invoice it corrects (BT-25, BT-26). See the module docstring for what is refused.

    >>> import pendulum
    >>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
    >>> draft = Invoice(number="INV-1", client_id="acme", currency="EUR",
    ...                 issued_on=pendulum.date(2026, 3, 2), terms=PaymentTerms.net(30),
    ...                 lines=[InvoiceLine("Fee", 1, Money("10.00", "EUR"))])
    >>> to_cii(draft)
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'seller': None; expected a Party: an e-invoice ...
    """
    doc = _check_document(document)
    if profile not in CII_PROFILES:
        raise ValidationError("profile", profile, "'en16931', 'xrechnung' or 'extended'")
    rows = _exportable(doc, profile)
    seller, buyer = _parties(doc)
    return _einvoice_cii.write(doc, profile, rows, seller, buyer)


def to_ubl(document: Document, profile: UblProfile = "peppol") -> bytes:
    """The UBL 2.1 ``Invoice`` or ``CreditNote`` of ``document``, as UTF-8 bytes.

    ``profile`` sets the customization identifier (BT-24): ``"peppol"`` (Peppol BIS Billing 3.0)
    or ``"xrechnung"`` (XRechnung 3.0). See the module docstring for what is refused.

    >>> to_ubl("INV-1")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'document': 'INV-1'; expected an Invoice or ...
    """
    doc = _check_document(document)
    if profile not in UBL_PROFILES:
        raise ValidationError("profile", profile, "'peppol' or 'xrechnung'")
    rows = _exportable(doc, profile)
    seller, buyer = _parties(doc)
    _require(
        doc.payment_reference is None or doc.payment_means is not None,
        "payment_reference",
        doc.payment_reference,
        "a payment reference only with payment_means: UBL writes it inside the payment means",
    )
    return _einvoice_ubl.write(doc, profile, rows, seller, buyer)


def from_cii(data: bytes) -> Document:
    """The invoice (a draft) or credit note a CII document describes; see the module docstring.

    Bad XML, a missing or malformed element, or figures that do not follow from the lines raise
    :class:`~accountexec.errors.ValidationError` naming the element path.

    >>> from_cii(b"<Invoice/>")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: /: root element 'Invoice'; expected one of ...
    """
    return _einvoice_cii.read(data)


def from_ubl(data: bytes) -> Document:
    """The invoice (a draft) or credit note a UBL 2.1 document describes; see the module docstring.

    >>> from_ubl(b"<Invoice><oops></Invoice>")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'data': 'mismatched tag: line 1, column 17'; ...
    """
    return _einvoice_ubl.read(data)
