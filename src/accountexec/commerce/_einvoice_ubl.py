"""UBL 2.1 Invoice and CreditNote writing and reading (private; see :mod:`accountexec.einvoice`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from accountexec.clients.accounts import Contact
from accountexec.commerce._einvoice_model import (
    Document,
    _build,
    _line_allowance,
    _net_amounts,
    _positive,
    _Read,
    _Row,
    _terms_text,
)
from accountexec.commerce._einvoice_xml import (
    _CAC,
    _CARD_NETWORK,
    _CBC,
    _CREDIT_CODE,
    _DISCOUNT_CODE,
    _INVOICE_CODE,
    _PEPPOL,
    _PEPPOL_PROCESS,
    _UBL_CREDIT,
    _UBL_INVOICE,
    _UNIT,
    _XRECHNUNG,
    _amount,
    _category,
    _decimal,
    _iso_day,
    _Node,
    _parse,
    _percent,
    _rate,
    _Writer,
)
from accountexec.commerce.allowances import VatBreakdown
from accountexec.commerce.invoice_lines import Tax
from accountexec.commerce.invoices import CreditNote, Invoice, InvoicingPeriod
from accountexec.commerce.parties import (
    Address,
    BankAccount,
    CardPayment,
    CreditTransfer,
    DirectDebit,
    ElectronicAddress,
    Party,
    PaymentMeans,
)
from accountexec.commerce.vat import VatCategory
from accountexec.errors import ValidationError
from accountexec.money import Currency, Rate


def _ubl_party(
    w: _Writer,
    parent: ET.Element,
    tag: str,
    party: Party,
    identifier: tuple[str, str | None] | None,
) -> None:
    holder = w.sub(parent, tag)
    el = w.sub(holder, "cac:Party")
    if party.electronic_address is not None:
        address = party.electronic_address
        w.sub(el, "cbc:EndpointID", address.value, schemeID=address.scheme)
    if identifier is not None:
        value, scheme = identifier
        ident = w.sub(el, "cac:PartyIdentification")
        if scheme is None:
            w.sub(ident, "cbc:ID", value)
        else:
            w.sub(ident, "cbc:ID", value, schemeID=scheme)
    postal = w.sub(el, "cac:PostalAddress")
    lines = party.address.lines
    w.sub(postal, "cbc:StreetName", lines[0])
    if len(lines) > 1:
        w.sub(postal, "cbc:AdditionalStreetName", lines[1])
    w.sub(postal, "cbc:CityName", party.address.city)
    w.sub(postal, "cbc:PostalZone", party.address.postcode)
    if len(lines) > 2:
        w.sub(w.sub(postal, "cac:AddressLine"), "cbc:Line", lines[2])
    w.sub(w.sub(postal, "cac:Country"), "cbc:IdentificationCode", party.address.country)
    if party.vat_id is not None:
        tax_scheme = w.sub(el, "cac:PartyTaxScheme")
        w.sub(tax_scheme, "cbc:CompanyID", party.vat_id)
        w.sub(w.sub(tax_scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = w.sub(el, "cac:PartyLegalEntity")
    w.sub(legal, "cbc:RegistrationName", party.name)
    if party.legal_id is not None:
        w.sub(legal, "cbc:CompanyID", party.legal_id)
    if party.contact is not None:
        contact = w.sub(el, "cac:Contact")
        w.sub(contact, "cbc:Name", party.contact.name)
        if party.contact.phone is not None:
            w.sub(contact, "cbc:Telephone", party.contact.phone)
        if party.contact.email is not None:
            w.sub(contact, "cbc:ElectronicMail", party.contact.email)


def _ubl_category(
    w: _Writer, parent: ET.Element, tag: str, tax: Tax, row: VatBreakdown | None
) -> None:
    el = w.sub(parent, tag)
    w.sub(el, "cbc:ID", tax.category.value)
    if tax.category is not VatCategory.OUTSIDE_SCOPE:
        w.sub(el, "cbc:Percent", _percent(tax.rate))
    if row is not None:
        if row.exemption_code is not None:
            w.sub(el, "cbc:TaxExemptionReasonCode", row.exemption_code)
        if row.exemption_reason is not None:
            w.sub(el, "cbc:TaxExemptionReason", row.exemption_reason)
    w.sub(w.sub(el, "cac:TaxScheme"), "cbc:ID", "VAT")


def write(  # noqa: PLR0915 - one document, written in its element order
    doc: Document, profile: str, rows: tuple[VatBreakdown, ...], seller: Party, buyer: Party
) -> bytes:
    """The UBL bytes of a checked document (see :func:`accountexec.einvoice.to_ubl`)."""
    means = doc.payment_means
    is_invoice = isinstance(doc, Invoice)
    root = "Invoice" if is_invoice else "CreditNote"
    w = _Writer(root, {"": _UBL_INVOICE if is_invoice else _UBL_CREDIT, "cac": _CAC, "cbc": _CBC})
    r = w.root
    w.sub(r, "cbc:CustomizationID", _PEPPOL if profile == "peppol" else _XRECHNUNG)
    w.sub(r, "cbc:ProfileID", _PEPPOL_PROCESS)
    w.sub(r, "cbc:ID", doc.number)
    w.sub(r, "cbc:IssueDate", doc.issued_on.isoformat())
    text, due_on = _terms_text(doc)
    if is_invoice:
        assert due_on is not None
        w.sub(r, "cbc:DueDate", due_on.isoformat())
        w.sub(r, "cbc:InvoiceTypeCode", _INVOICE_CODE)
    else:
        w.sub(r, "cbc:CreditNoteTypeCode", _CREDIT_CODE)
    for note in doc.notes:
        w.sub(r, "cbc:Note", note)
    w.sub(r, "cbc:DocumentCurrencyCode", doc.currency.code)
    if doc.buyer_reference is not None:
        w.sub(r, "cbc:BuyerReference", doc.buyer_reference)
    if doc.period is not None:
        period = w.sub(r, "cac:InvoicePeriod")
        w.sub(period, "cbc:StartDate", doc.period.start.isoformat())
        w.sub(period, "cbc:EndDate", doc.period.end.isoformat())
    if doc.purchase_order is not None:
        w.sub(w.sub(r, "cac:OrderReference"), "cbc:ID", doc.purchase_order)
    if isinstance(doc, CreditNote):
        billing = w.sub(w.sub(r, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        w.sub(billing, "cbc:ID", doc.invoice_number)
        if doc.invoice_issued_on is not None:
            w.sub(billing, "cbc:IssueDate", doc.invoice_issued_on.isoformat())
    if doc.contract_reference is not None:
        w.sub(w.sub(r, "cac:ContractDocumentReference"), "cbc:ID", doc.contract_reference)
    if doc.project_reference is not None:
        if is_invoice:
            w.sub(w.sub(r, "cac:ProjectReference"), "cbc:ID", doc.project_reference)
        else:
            reference = w.sub(r, "cac:AdditionalDocumentReference")
            w.sub(reference, "cbc:ID", doc.project_reference)
            w.sub(reference, "cbc:DocumentTypeCode", "50")
    creditor = (means.creditor_id, "SEPA") if isinstance(means, DirectDebit) else None
    _ubl_party(w, r, "cac:AccountingSupplierParty", seller, creditor)
    _ubl_party(w, r, "cac:AccountingCustomerParty", buyer, (doc.client_id, None))
    if any(row.category is VatCategory.INTRA_COMMUNITY for row in rows):
        location = w.sub(w.sub(r, "cac:Delivery"), "cac:DeliveryLocation")
        country = w.sub(w.sub(location, "cac:Address"), "cac:Country")
        w.sub(country, "cbc:IdentificationCode", buyer.address.country)
    if means is not None:
        el = w.sub(r, "cac:PaymentMeans")
        w.sub(el, "cbc:PaymentMeansCode", means.code)
        if doc.payment_reference is not None:
            w.sub(el, "cbc:PaymentID", doc.payment_reference)
        if isinstance(means, CardPayment):
            card = w.sub(el, "cac:CardAccount")
            w.sub(card, "cbc:PrimaryAccountNumberID", means.account_number)
            w.sub(card, "cbc:NetworkID", _CARD_NETWORK)
            if means.holder is not None:
                w.sub(card, "cbc:HolderName", means.holder)
        elif isinstance(means, CreditTransfer):
            account = w.sub(el, "cac:PayeeFinancialAccount")
            w.sub(account, "cbc:ID", means.account.iban)
            if means.account.name is not None:
                w.sub(account, "cbc:Name", means.account.name)
            if means.account.bic is not None:
                w.sub(w.sub(account, "cac:FinancialInstitutionBranch"), "cbc:ID", means.account.bic)
        else:
            mandate = w.sub(el, "cac:PaymentMandate")
            w.sub(mandate, "cbc:ID", means.mandate)
            w.sub(w.sub(mandate, "cac:PayerFinancialAccount"), "cbc:ID", means.debited_account)
    w.sub(w.sub(r, "cac:PaymentTerms"), "cbc:Note", text)
    cur = doc.currency.code
    for items, charge in ((doc.allowances, False), (doc.charges, True)):
        for item in items:
            el = w.sub(r, "cac:AllowanceCharge")
            w.sub(el, "cbc:ChargeIndicator", "true" if charge else "false")
            w.sub(el, "cbc:AllowanceChargeReason", item.reason)
            w.sub(el, "cbc:Amount", _amount(item.amount), currencyID=cur)
            _ubl_category(w, el, "cac:TaxCategory", item.tax, None)
    line_total, allowances, charges, basis, tax, grand, due = _positive(doc)
    total = w.sub(r, "cac:TaxTotal")
    w.sub(total, "cbc:TaxAmount", _amount(tax), currencyID=cur)
    for row in rows:
        sub = w.sub(total, "cac:TaxSubtotal")
        w.sub(sub, "cbc:TaxableAmount", _amount(row.taxable), currencyID=cur)
        w.sub(sub, "cbc:TaxAmount", _amount(row.tax), currencyID=cur)
        category = Tax(
            "VAT",
            row.rate,
            category=row.category,
            exemption_reason=row.exemption_reason,
            exemption_code=row.exemption_code,
        )
        _ubl_category(w, sub, "cac:TaxCategory", category, row)
    monetary = w.sub(r, "cac:LegalMonetaryTotal")
    w.sub(monetary, "cbc:LineExtensionAmount", _amount(line_total), currencyID=cur)
    w.sub(monetary, "cbc:TaxExclusiveAmount", _amount(basis), currencyID=cur)
    w.sub(monetary, "cbc:TaxInclusiveAmount", _amount(grand), currencyID=cur)
    if doc.allowances:
        w.sub(monetary, "cbc:AllowanceTotalAmount", _amount(allowances), currencyID=cur)
    if doc.charges:
        w.sub(monetary, "cbc:ChargeTotalAmount", _amount(charges), currencyID=cur)
    w.sub(monetary, "cbc:PayableAmount", _amount(due), currencyID=cur)
    line_tag, quantity_tag = (
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        if is_invoice
        else ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    )
    for n, (line, net) in enumerate(zip(doc.lines, _net_amounts(doc), strict=True), start=1):
        el = w.sub(r, line_tag)
        w.sub(el, "cbc:ID", str(n))
        w.sub(el, quantity_tag, _decimal(line.quantity), unitCode=_UNIT)
        w.sub(el, "cbc:LineExtensionAmount", _amount(net), currencyID=cur)
        discount = _line_allowance(line, net, doc.rounding)
        if discount is not None and line.discount is not None:
            allowance = w.sub(el, "cac:AllowanceCharge")
            w.sub(allowance, "cbc:ChargeIndicator", "false")
            w.sub(allowance, "cbc:AllowanceChargeReasonCode", _DISCOUNT_CODE)
            w.sub(allowance, "cbc:AllowanceChargeReason", "Discount")
            w.sub(allowance, "cbc:MultiplierFactorNumeric", _percent(line.discount))
            w.sub(allowance, "cbc:Amount", _amount(discount[1]), currencyID=cur)
            w.sub(allowance, "cbc:BaseAmount", _amount(discount[0]), currencyID=cur)
        goods = w.sub(el, "cac:Item")
        w.sub(goods, "cbc:Name", line.description)
        _ubl_category(w, goods, "cac:ClassifiedTaxCategory", line.taxes[0], None)
        price = w.sub(el, "cac:Price")
        w.sub(price, "cbc:PriceAmount", _decimal(line.unit_price.amount), currencyID=cur)
    return w.tobytes()


def _ubl_read_party(holder: _Node) -> tuple[Party, _Node]:
    node = holder.req("cac:Party")
    postal = node.req("cac:PostalAddress")
    lines = [postal.text_of("cbc:StreetName")]
    if (extra := postal.opt_text("cbc:AdditionalStreetName")) is not None:
        lines.append(extra)
    lines.extend(n.text_of("cbc:Line") for n in postal.all("cac:AddressLine"))
    address = postal.build(
        Address,
        lines,
        postal.text_of("cbc:CityName"),
        postal.text_of("cbc:PostalZone"),
        postal.req("cac:Country").text_of("cbc:IdentificationCode"),
    )
    contact = None
    if (c := node.opt("cac:Contact")) is not None:
        contact = c.build(
            Contact,
            name=c.text_of("cbc:Name"),
            phone=c.opt_text("cbc:Telephone"),
            email=c.opt_text("cbc:ElectronicMail"),
        )
    electronic = None
    if (e := node.opt("cbc:EndpointID")) is not None:
        electronic = e.build(ElectronicAddress, e.attr("schemeID"), e.text)
    vat_id = None
    for scheme in node.all("cac:PartyTaxScheme"):
        if scheme.req("cac:TaxScheme").text_of("cbc:ID") == "VAT":
            vat_id = scheme.text_of("cbc:CompanyID")
    legal = node.req("cac:PartyLegalEntity")
    party = node.build(
        Party,
        legal.text_of("cbc:RegistrationName"),
        address,
        vat_id=vat_id,
        legal_id=legal.opt_text("cbc:CompanyID"),
        electronic_address=electronic,
        contact=contact,
    )
    return party, node


def _ubl_read_category(node: _Node) -> tuple[VatCategory, Rate]:
    scheme = node.req("cac:TaxScheme").req("cbc:ID")
    if scheme.text != "VAT":
        raise scheme.fail("'VAT'")
    return _category(node.req("cbc:ID")), _rate(node.opt("cbc:Percent"))


def read(data: bytes) -> Document:  # noqa: PLR0915 - one document, read in its element order
    """The document a UBL document describes (see :func:`accountexec.einvoice.from_ubl`)."""
    root_el, tag = _parse(data, (f"{{{_UBL_INVOICE}}}Invoice", f"{{{_UBL_CREDIT}}}CreditNote"))
    is_invoice = tag.endswith("}Invoice")
    root = _Node(root_el, "/Invoice" if is_invoice else "/CreditNote")
    type_node = root.req("cbc:InvoiceTypeCode" if is_invoice else "cbc:CreditNoteTypeCode")
    if type_node.text != (_INVOICE_CODE if is_invoice else _CREDIT_CODE):
        raise type_node.fail(_INVOICE_CODE if is_invoice else _CREDIT_CODE)
    seller, seller_node = _ubl_read_party(root.req("cac:AccountingSupplierParty"))
    buyer, buyer_node = _ubl_read_party(root.req("cac:AccountingCustomerParty"))
    client_id = None
    for ident in buyer_node.all("cac:PartyIdentification"):
        client_id = ident.text_of("cbc:ID")
    if client_id is None:
        raise ValidationError(
            f"{buyer_node.path}/cac:PartyIdentification",
            None,
            message=(
                f"missing element {buyer_node.path}/cac:PartyIdentification (the buyer "
                "identifier, the client id)"
            ),
        )
    creditor_id = None
    for ident in seller_node.all("cac:PartyIdentification"):
        node = ident.req("cbc:ID")
        if node.attr("schemeID") == "SEPA":
            creditor_id = node.text
    currency_node = root.req("cbc:DocumentCurrencyCode")
    currency = currency_node.build(Currency, currency_node.text)
    period = None
    if (p := root.opt("cac:InvoicePeriod")) is not None:
        period = p.build(
            InvoicingPeriod, _iso_day(p.req("cbc:StartDate")), _iso_day(p.req("cbc:EndDate"))
        )
    order = root.opt("cac:OrderReference")
    contract = root.opt("cac:ContractDocumentReference")
    project = None
    if (pr := root.opt("cac:ProjectReference")) is not None:
        project = pr.text_of("cbc:ID")
    for reference in root.all("cac:AdditionalDocumentReference"):
        if reference.opt_text("cbc:DocumentTypeCode") == "50":
            project = reference.text_of("cbc:ID")
    means: PaymentMeans | None = None
    payment_reference = None
    if (m := root.opt("cac:PaymentMeans")) is not None:
        code = m.text_of("cbc:PaymentMeansCode")
        payment_reference = m.opt_text("cbc:PaymentID")
        if code in ("58", "30"):
            payee = m.req("cac:PayeeFinancialAccount")
            branch = payee.opt("cac:FinancialInstitutionBranch")
            account = payee.build(
                BankAccount,
                payee.text_of("cbc:ID"),
                bic=None if branch is None else branch.text_of("cbc:ID"),
                name=payee.opt_text("cbc:Name"),
            )
            means = m.build(CreditTransfer, account, sepa=code == "58")
        elif code == "59":
            mandate = m.req("cac:PaymentMandate")
            if creditor_id is None:
                raise m.fail("a direct debit with the seller's SEPA creditor identifier (BT-90)")
            means = m.build(
                DirectDebit,
                mandate=mandate.text_of("cbc:ID"),
                creditor_id=creditor_id,
                debited_account=mandate.req("cac:PayerFinancialAccount").text_of("cbc:ID"),
            )
        elif code == "48":
            card = m.req("cac:CardAccount")
            means = card.build(
                CardPayment,
                card.text_of("cbc:PrimaryAccountNumberID"),
                holder=card.opt_text("cbc:HolderName"),
            )
        else:
            raise m.req("cbc:PaymentMeansCode").fail(
                "payment means 58, 30 (credit transfer), 59 (direct debit) or 48 (card)"
            )
    fields: dict[str, Any] = {
        "number": root.text_of("cbc:ID"),
        "client_id": client_id,
        "currency": currency,
        "issued_on": _iso_day(root.req("cbc:IssueDate")),
        "seller": seller,
        "buyer": buyer,
        "buyer_reference": root.opt_text("cbc:BuyerReference"),
        "purchase_order": None if order is None else order.text_of("cbc:ID"),
        "contract_reference": None if contract is None else contract.text_of("cbc:ID"),
        "project_reference": project,
        "period": period,
        "notes": [n.text for n in root.all("cbc:Note")],
        "payment_means": means,
        "payment_reference": payment_reference,
    }
    if not is_invoice and (billing := root.opt("cac:BillingReference")) is not None:
        ref = billing.req("cac:InvoiceDocumentReference")
        fields["invoice_number"] = ref.text_of("cbc:ID")
        if (d := ref.opt("cbc:IssueDate")) is not None:
            fields["invoice_issued_on"] = _iso_day(d)
    lines = []
    line_tag, quantity_tag = (
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        if is_invoice
        else ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    )
    for item in root.all(line_tag):
        percent = None
        for allowance in item.all("cac:AllowanceCharge"):
            if allowance.text_of("cbc:ChargeIndicator") != "false" or percent is not None:
                raise allowance.fail("at most one line allowance, a discount in percent")
            percent = allowance.req("cbc:MultiplierFactorNumeric").decimal()
        goods = item.req("cac:Item")
        category, rate = _ubl_read_category(goods.req("cac:ClassifiedTaxCategory"))
        lines.append(
            (
                item,
                goods.text_of("cbc:Name"),
                item.req(quantity_tag).decimal(),
                item.req("cac:Price").req("cbc:PriceAmount").decimal(),
                category,
                rate,
                percent,
                item.req("cbc:LineExtensionAmount").decimal(),
            )
        )
    adjustments = []
    for item in root.all("cac:AllowanceCharge"):
        indicator = item.req("cbc:ChargeIndicator")
        if indicator.text not in ("true", "false"):
            raise indicator.fail("'true' or 'false'")
        category, rate = _ubl_read_category(item.req("cac:TaxCategory"))
        adjustments.append(
            (
                item,
                indicator.text == "true",
                item.req("cbc:Amount").decimal(),
                item.text_of("cbc:AllowanceChargeReason"),
                category,
                rate,
            )
        )
    rows = []
    tax_total = root.req("cac:TaxTotal")
    for sub in tax_total.all("cac:TaxSubtotal"):
        category_node = sub.req("cac:TaxCategory")
        category, rate = _ubl_read_category(category_node)
        rows.append(
            _Row(
                category,
                rate,
                sub.req("cbc:TaxableAmount").decimal(),
                sub.req("cbc:TaxAmount").decimal(),
                category_node.opt_text("cbc:TaxExemptionReason"),
                category_node.opt_text("cbc:TaxExemptionReasonCode"),
                sub,
            )
        )
    monetary = root.req("cac:LegalMonetaryTotal")
    totals: dict[str, tuple[_Node, Decimal]] = {}
    tax_amount = tax_total.req("cbc:TaxAmount")
    totals["tax"] = (tax_amount, tax_amount.decimal())
    for key, tag_name in (
        ("line_total", "cbc:LineExtensionAmount"),
        ("basis", "cbc:TaxExclusiveAmount"),
        ("grand", "cbc:TaxInclusiveAmount"),
        ("allowances", "cbc:AllowanceTotalAmount"),
        ("charges", "cbc:ChargeTotalAmount"),
        ("due", "cbc:PayableAmount"),
    ):
        if (amount := monetary.opt(tag_name)) is not None:
            totals[key] = (amount, amount.decimal())
    terms = None
    if is_invoice:
        terms_node = root.opt("cac:PaymentTerms")
        due = root.opt("cbc:DueDate")
        terms = (
            terms_node or root,
            None if terms_node is None else terms_node.opt_text("cbc:Note"),
            None if due is None else _iso_day(due),
        )
    return _build(_Read(is_invoice, fields, lines, adjustments, rows, totals, terms))
