"""UN/CEFACT Cross Industry Invoice (D16B) writing and reading (private; see
:mod:`accountexec.einvoice`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
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
    _CREDIT_CODE,
    _DISCOUNT_CODE,
    _GUIDELINES,
    _INVOICE_CODE,
    _PEPPOL_PROCESS,
    _PREFIXES,
    _RSM,
    _UNIT,
    _amount,
    _category,
    _cii_day,
    _decimal,
    _Node,
    _parse,
    _percent,
    _rate,
    _Writer,
)
from accountexec.commerce.allowances import Allowance, Charge, VatBreakdown
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


def _cii_date(w: _Writer, parent: ET.Element, tag: str, day: date, *, qdt: bool = False) -> None:
    holder = w.sub(parent, tag)
    prefix = "qdt" if qdt else "udt"
    w.sub(holder, f"{prefix}:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _cii_party(
    w: _Writer, parent: ET.Element, tag: str, party: Party, party_id: str | None
) -> None:
    el = w.sub(parent, tag)
    if party_id is not None:
        w.sub(el, "ram:ID", party_id)
    w.sub(el, "ram:Name", party.name)
    if party.legal_id is not None:
        legal = w.sub(el, "ram:SpecifiedLegalOrganization")
        w.sub(legal, "ram:ID", party.legal_id)
    if party.contact is not None:
        contact = w.sub(el, "ram:DefinedTradeContact")
        w.sub(contact, "ram:PersonName", party.contact.name)
        if party.contact.phone is not None:
            phone = w.sub(contact, "ram:TelephoneUniversalCommunication")
            w.sub(phone, "ram:CompleteNumber", party.contact.phone)
        if party.contact.email is not None:
            email = w.sub(contact, "ram:EmailURIUniversalCommunication")
            w.sub(email, "ram:URIID", party.contact.email)
    address = w.sub(el, "ram:PostalTradeAddress")
    w.sub(address, "ram:PostcodeCode", party.address.postcode)
    tags = ("ram:LineOne", "ram:LineTwo", "ram:LineThree")
    for tag_name, line in zip(tags[: len(party.address.lines)], party.address.lines, strict=True):
        w.sub(address, tag_name, line)
    w.sub(address, "ram:CityName", party.address.city)
    w.sub(address, "ram:CountryID", party.address.country)
    if party.electronic_address is not None:
        uri = w.sub(el, "ram:URIUniversalCommunication")
        w.sub(
            uri,
            "ram:URIID",
            party.electronic_address.value,
            schemeID=party.electronic_address.scheme,
        )
    if party.vat_id is not None:
        registration = w.sub(el, "ram:SpecifiedTaxRegistration")
        w.sub(registration, "ram:ID", party.vat_id, schemeID="VA")


def _cii_category(w: _Writer, parent: ET.Element, tax: Tax) -> None:
    w.sub(parent, "ram:TypeCode", "VAT")
    w.sub(parent, "ram:CategoryCode", tax.category.value)
    if tax.category is not VatCategory.OUTSIDE_SCOPE:
        w.sub(parent, "ram:RateApplicablePercent", _percent(tax.rate))


def _cii_allowance_charge(
    w: _Writer, parent: ET.Element, item: Allowance | Charge, *, charge: bool
) -> None:
    el = w.sub(parent, "ram:SpecifiedTradeAllowanceCharge")
    indicator = w.sub(el, "ram:ChargeIndicator")
    w.sub(indicator, "udt:Indicator", "true" if charge else "false")
    w.sub(el, "ram:ActualAmount", _amount(item.amount))
    w.sub(el, "ram:Reason", item.reason)
    category = w.sub(el, "ram:CategoryTradeTax")
    _cii_category(w, category, item.tax)


def write(  # noqa: PLR0915 - one document, written in its element order
    doc: Document, profile: str, rows: tuple[VatBreakdown, ...], seller: Party, buyer: Party
) -> bytes:
    """The CII bytes of a checked document (see :func:`accountexec.einvoice.to_cii`)."""
    w = _Writer("rsm:CrossIndustryInvoice", {k: _PREFIXES[k] for k in ("rsm", "qdt", "ram", "udt")})
    context = w.sub(w.root, "rsm:ExchangedDocumentContext")
    if profile == "xrechnung":
        process = w.sub(context, "ram:BusinessProcessSpecifiedDocumentContextParameter")
        w.sub(process, "ram:ID", _PEPPOL_PROCESS)
    guideline = w.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter")
    w.sub(guideline, "ram:ID", _GUIDELINES[profile])
    header = w.sub(w.root, "rsm:ExchangedDocument")
    w.sub(header, "ram:ID", doc.number)
    w.sub(header, "ram:TypeCode", _INVOICE_CODE if isinstance(doc, Invoice) else _CREDIT_CODE)
    _cii_date(w, header, "ram:IssueDateTime", doc.issued_on)
    for note in doc.notes:
        included = w.sub(header, "ram:IncludedNote")
        w.sub(included, "ram:Content", note)
    transaction = w.sub(w.root, "rsm:SupplyChainTradeTransaction")
    for n, (line, net) in enumerate(zip(doc.lines, _net_amounts(doc), strict=True), start=1):
        item = w.sub(transaction, "ram:IncludedSupplyChainTradeLineItem")
        line_doc = w.sub(item, "ram:AssociatedDocumentLineDocument")
        w.sub(line_doc, "ram:LineID", str(n))
        product = w.sub(item, "ram:SpecifiedTradeProduct")
        w.sub(product, "ram:Name", line.description)
        agreement = w.sub(item, "ram:SpecifiedLineTradeAgreement")
        price = w.sub(agreement, "ram:NetPriceProductTradePrice")
        w.sub(price, "ram:ChargeAmount", _decimal(line.unit_price.amount))
        delivery = w.sub(item, "ram:SpecifiedLineTradeDelivery")
        w.sub(delivery, "ram:BilledQuantity", _decimal(line.quantity), unitCode=_UNIT)
        settlement = w.sub(item, "ram:SpecifiedLineTradeSettlement")
        _cii_category(w, w.sub(settlement, "ram:ApplicableTradeTax"), line.taxes[0])
        discount = _line_allowance(line, net, doc.rounding)
        if discount is not None and line.discount is not None:
            el = w.sub(settlement, "ram:SpecifiedTradeAllowanceCharge")
            w.sub(w.sub(el, "ram:ChargeIndicator"), "udt:Indicator", "false")
            w.sub(el, "ram:CalculationPercent", _percent(line.discount))
            w.sub(el, "ram:BasisAmount", _amount(discount[0]))
            w.sub(el, "ram:ActualAmount", _amount(discount[1]))
            w.sub(el, "ram:ReasonCode", _DISCOUNT_CODE)
            w.sub(el, "ram:Reason", "Discount")
        summation = w.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        w.sub(summation, "ram:LineTotalAmount", _amount(net))
    agreement = w.sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    if doc.buyer_reference is not None:
        w.sub(agreement, "ram:BuyerReference", doc.buyer_reference)
    _cii_party(w, agreement, "ram:SellerTradeParty", seller, None)
    _cii_party(w, agreement, "ram:BuyerTradeParty", buyer, doc.client_id)
    if doc.purchase_order is not None:
        order = w.sub(agreement, "ram:BuyerOrderReferencedDocument")
        w.sub(order, "ram:IssuerAssignedID", doc.purchase_order)
    if doc.contract_reference is not None:
        contract = w.sub(agreement, "ram:ContractReferencedDocument")
        w.sub(contract, "ram:IssuerAssignedID", doc.contract_reference)
    if doc.project_reference is not None:
        project = w.sub(agreement, "ram:SpecifiedProcuringProject")
        w.sub(project, "ram:ID", doc.project_reference)
        w.sub(project, "ram:Name", "Project reference")
    delivery = w.sub(transaction, "ram:ApplicableHeaderTradeDelivery")
    if any(row.category is VatCategory.INTRA_COMMUNITY for row in rows):
        ship_to = w.sub(delivery, "ram:ShipToTradeParty")
        w.sub(w.sub(ship_to, "ram:PostalTradeAddress"), "ram:CountryID", buyer.address.country)
    settlement = w.sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    means = doc.payment_means
    if isinstance(means, DirectDebit):
        w.sub(settlement, "ram:CreditorReferenceID", means.creditor_id)
    if doc.payment_reference is not None:
        w.sub(settlement, "ram:PaymentReference", doc.payment_reference)
    w.sub(settlement, "ram:InvoiceCurrencyCode", doc.currency.code)
    if means is not None:
        el = w.sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        w.sub(el, "ram:TypeCode", means.code)
        if isinstance(means, CardPayment):
            card = w.sub(el, "ram:ApplicableTradeSettlementFinancialCard")
            w.sub(card, "ram:ID", means.account_number)
            if means.holder is not None:
                w.sub(card, "ram:CardholderName", means.holder)
        elif isinstance(means, DirectDebit):
            payer = w.sub(el, "ram:PayerPartyDebtorFinancialAccount")
            w.sub(payer, "ram:IBANID", means.debited_account)
        else:
            payee = w.sub(el, "ram:PayeePartyCreditorFinancialAccount")
            w.sub(payee, "ram:IBANID", means.account.iban)
            if means.account.name is not None:
                w.sub(payee, "ram:AccountName", means.account.name)
            if means.account.bic is not None:
                bank = w.sub(el, "ram:PayeeSpecifiedCreditorFinancialInstitution")
                w.sub(bank, "ram:BICID", means.account.bic)
    for row in rows:
        el = w.sub(settlement, "ram:ApplicableTradeTax")
        w.sub(el, "ram:CalculatedAmount", _amount(row.tax))
        w.sub(el, "ram:TypeCode", "VAT")
        if row.exemption_reason is not None:
            w.sub(el, "ram:ExemptionReason", row.exemption_reason)
        w.sub(el, "ram:BasisAmount", _amount(row.taxable))
        w.sub(el, "ram:CategoryCode", row.category.value)
        if row.exemption_code is not None:
            w.sub(el, "ram:ExemptionReasonCode", row.exemption_code)
        if row.category is not VatCategory.OUTSIDE_SCOPE:
            w.sub(el, "ram:RateApplicablePercent", _percent(row.rate))
    if doc.period is not None:
        period = w.sub(settlement, "ram:BillingSpecifiedPeriod")
        _cii_date(w, period, "ram:StartDateTime", doc.period.start)
        _cii_date(w, period, "ram:EndDateTime", doc.period.end)
    for allowance in doc.allowances:
        _cii_allowance_charge(w, settlement, allowance, charge=False)
    for charge in doc.charges:
        _cii_allowance_charge(w, settlement, charge, charge=True)
    text, due_on = _terms_text(doc)
    terms = w.sub(settlement, "ram:SpecifiedTradePaymentTerms")
    w.sub(terms, "ram:Description", text)
    if due_on is not None:
        _cii_date(w, terms, "ram:DueDateDateTime", due_on)
    if isinstance(means, DirectDebit):
        w.sub(terms, "ram:DirectDebitMandateID", means.mandate)
    line_total, allowances, charges, basis, tax, grand, due = _positive(doc)
    summation = w.sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    w.sub(summation, "ram:LineTotalAmount", _amount(line_total))
    if doc.charges:
        w.sub(summation, "ram:ChargeTotalAmount", _amount(charges))
    if doc.allowances:
        w.sub(summation, "ram:AllowanceTotalAmount", _amount(allowances))
    w.sub(summation, "ram:TaxBasisTotalAmount", _amount(basis))
    w.sub(summation, "ram:TaxTotalAmount", _amount(tax), currencyID=doc.currency.code)
    w.sub(summation, "ram:GrandTotalAmount", _amount(grand))
    w.sub(summation, "ram:DuePayableAmount", _amount(due))
    if isinstance(doc, CreditNote):
        referenced = w.sub(settlement, "ram:InvoiceReferencedDocument")
        w.sub(referenced, "ram:IssuerAssignedID", doc.invoice_number)
        if doc.invoice_issued_on is not None:
            _cii_date(w, referenced, "ram:FormattedIssueDateTime", doc.invoice_issued_on, qdt=True)
    return w.tobytes()


def _cii_read_party(node: _Node) -> tuple[Party, str | None]:
    address = node.req("ram:PostalTradeAddress")
    lines = [
        n.text for tag in ("ram:LineOne", "ram:LineTwo", "ram:LineThree") if (n := address.opt(tag))
    ]
    postal = address.build(
        Address,
        lines,
        address.text_of("ram:CityName"),
        address.text_of("ram:PostcodeCode"),
        address.text_of("ram:CountryID"),
    )
    contact = None
    if (c := node.opt("ram:DefinedTradeContact")) is not None:
        phone = c.opt("ram:TelephoneUniversalCommunication")
        email = c.opt("ram:EmailURIUniversalCommunication")
        contact = c.build(
            Contact,
            name=c.text_of("ram:PersonName"),
            phone=None if phone is None else phone.text_of("ram:CompleteNumber"),
            email=None if email is None else email.text_of("ram:URIID"),
        )
    electronic = None
    if (u := node.opt("ram:URIUniversalCommunication")) is not None:
        uri = u.req("ram:URIID")
        electronic = uri.build(ElectronicAddress, uri.attr("schemeID"), uri.text)
    vat_id = None
    for registration in node.all("ram:SpecifiedTaxRegistration"):
        ident = registration.req("ram:ID")
        if ident.attr("schemeID") == "VA":
            vat_id = ident.text
    legal = node.opt("ram:SpecifiedLegalOrganization")
    party = node.build(
        Party,
        node.text_of("ram:Name"),
        postal,
        vat_id=vat_id,
        legal_id=None if legal is None else legal.opt_text("ram:ID"),
        electronic_address=electronic,
        contact=contact,
    )
    return party, node.opt_text("ram:ID")


def _cii_read_category(node: _Node) -> tuple[VatCategory, Rate]:
    type_code = node.req("ram:TypeCode")
    if type_code.text != "VAT":
        raise type_code.fail("'VAT'")
    return _category(node.req("ram:CategoryCode")), _rate(node.opt("ram:RateApplicablePercent"))


def read(data: bytes) -> Document:  # noqa: PLR0915 - one document, read in its element order
    """The document a CII document describes (see :func:`accountexec.einvoice.from_cii`)."""
    root_el, _ = _parse(data, (f"{{{_RSM}}}CrossIndustryInvoice",))
    root = _Node(root_el, "/rsm:CrossIndustryInvoice")
    header = root.req("rsm:ExchangedDocument")
    type_code = header.req("ram:TypeCode")
    if type_code.text not in (_INVOICE_CODE, _CREDIT_CODE):
        raise type_code.fail("380 (invoice) or 381 (credit note)")
    is_invoice = type_code.text == _INVOICE_CODE
    transaction = root.req("rsm:SupplyChainTradeTransaction")
    agreement = transaction.req("ram:ApplicableHeaderTradeAgreement")
    settlement = transaction.req("ram:ApplicableHeaderTradeSettlement")
    seller, _ = _cii_read_party(agreement.req("ram:SellerTradeParty"))
    buyer_node = agreement.req("ram:BuyerTradeParty")
    buyer, client_id = _cii_read_party(buyer_node)
    if client_id is None:
        raise ValidationError(
            f"{buyer_node.path}/ram:ID",
            None,
            message=(
                f"missing element {buyer_node.path}/ram:ID (the buyer identifier, the client id)"
            ),
        )
    currency_node = settlement.req("ram:InvoiceCurrencyCode")
    currency = currency_node.build(Currency, currency_node.text)
    period = None
    if (p := settlement.opt("ram:BillingSpecifiedPeriod")) is not None:
        period = p.build(
            InvoicingPeriod,
            _cii_day(p.req("ram:StartDateTime")),
            _cii_day(p.req("ram:EndDateTime")),
        )
    order = agreement.opt("ram:BuyerOrderReferencedDocument")
    contract = agreement.opt("ram:ContractReferencedDocument")
    project = agreement.opt("ram:SpecifiedProcuringProject")
    terms_node = settlement.opt("ram:SpecifiedTradePaymentTerms")
    means: PaymentMeans | None = None
    if (m := settlement.opt("ram:SpecifiedTradeSettlementPaymentMeans")) is not None:
        code = m.text_of("ram:TypeCode")
        if code in ("58", "30"):
            payee = m.req("ram:PayeePartyCreditorFinancialAccount")
            bank = m.opt("ram:PayeeSpecifiedCreditorFinancialInstitution")
            account = payee.build(
                BankAccount,
                payee.text_of("ram:IBANID"),
                bic=None if bank is None else bank.text_of("ram:BICID"),
                name=payee.opt_text("ram:AccountName"),
            )
            means = m.build(CreditTransfer, account, sepa=code == "58")
        elif code == "59":
            if terms_node is None:
                raise m.fail("a direct debit with its mandate in ram:SpecifiedTradePaymentTerms")
            means = m.build(
                DirectDebit,
                mandate=terms_node.text_of("ram:DirectDebitMandateID"),
                creditor_id=settlement.text_of("ram:CreditorReferenceID"),
                debited_account=m.req("ram:PayerPartyDebtorFinancialAccount").text_of("ram:IBANID"),
            )
        elif code == "48":
            card = m.req("ram:ApplicableTradeSettlementFinancialCard")
            means = card.build(
                CardPayment, card.text_of("ram:ID"), holder=card.opt_text("ram:CardholderName")
            )
        else:
            raise m.req("ram:TypeCode").fail(
                "payment means 58, 30 (credit transfer), 59 (direct debit) or 48 (card)"
            )
    fields: dict[str, Any] = {
        "number": header.text_of("ram:ID"),
        "client_id": client_id,
        "currency": currency,
        "issued_on": _cii_day(header.req("ram:IssueDateTime")),
        "seller": seller,
        "buyer": buyer,
        "buyer_reference": agreement.opt_text("ram:BuyerReference"),
        "purchase_order": None if order is None else order.text_of("ram:IssuerAssignedID"),
        "contract_reference": None
        if contract is None
        else contract.text_of("ram:IssuerAssignedID"),
        "project_reference": None if project is None else project.text_of("ram:ID"),
        "period": period,
        "notes": [n.text_of("ram:Content") for n in header.all("ram:IncludedNote")],
        "payment_means": means,
        "payment_reference": settlement.opt_text("ram:PaymentReference"),
    }
    if not is_invoice:
        ref = settlement.opt("ram:InvoiceReferencedDocument")
        if ref is not None:
            fields["invoice_number"] = ref.text_of("ram:IssuerAssignedID")
            if (d := ref.opt("ram:FormattedIssueDateTime")) is not None:
                fields["invoice_issued_on"] = _cii_day(d)
    lines = []
    for item in transaction.all("ram:IncludedSupplyChainTradeLineItem"):
        line_settlement = item.req("ram:SpecifiedLineTradeSettlement")
        category, rate = _cii_read_category(line_settlement.req("ram:ApplicableTradeTax"))
        percent = None
        for allowance in line_settlement.all("ram:SpecifiedTradeAllowanceCharge"):
            if (
                allowance.req("ram:ChargeIndicator").text_of("udt:Indicator") != "false"
                or percent is not None
            ):
                raise allowance.fail("at most one line allowance, a discount in percent")
            percent = allowance.req("ram:CalculationPercent").decimal()
        lines.append(
            (
                item,
                item.req("ram:SpecifiedTradeProduct").text_of("ram:Name"),
                item.req("ram:SpecifiedLineTradeDelivery").req("ram:BilledQuantity").decimal(),
                item.req("ram:SpecifiedLineTradeAgreement")
                .req("ram:NetPriceProductTradePrice")
                .req("ram:ChargeAmount")
                .decimal(),
                category,
                rate,
                percent,
                line_settlement.req("ram:SpecifiedTradeSettlementLineMonetarySummation")
                .req("ram:LineTotalAmount")
                .decimal(),
            )
        )
    adjustments = []
    for item in settlement.all("ram:SpecifiedTradeAllowanceCharge"):
        indicator = item.req("ram:ChargeIndicator").req("udt:Indicator")
        if indicator.text not in ("true", "false"):
            raise indicator.fail("'true' or 'false'")
        category, rate = _cii_read_category(item.req("ram:CategoryTradeTax"))
        adjustments.append(
            (
                item,
                indicator.text == "true",
                item.req("ram:ActualAmount").decimal(),
                item.text_of("ram:Reason"),
                category,
                rate,
            )
        )
    rows = []
    for tax in settlement.all("ram:ApplicableTradeTax"):
        category, rate = _cii_read_category(tax)
        rows.append(
            _Row(
                category,
                rate,
                tax.req("ram:BasisAmount").decimal(),
                tax.req("ram:CalculatedAmount").decimal(),
                tax.opt_text("ram:ExemptionReason"),
                tax.opt_text("ram:ExemptionReasonCode"),
                tax,
            )
        )
    summation = settlement.req("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    totals: dict[str, tuple[_Node, Decimal]] = {}
    for key, tag in (
        ("line_total", "ram:LineTotalAmount"),
        ("charges", "ram:ChargeTotalAmount"),
        ("allowances", "ram:AllowanceTotalAmount"),
        ("basis", "ram:TaxBasisTotalAmount"),
        ("tax", "ram:TaxTotalAmount"),
        ("grand", "ram:GrandTotalAmount"),
        ("due", "ram:DuePayableAmount"),
    ):
        if (node := summation.opt(tag)) is not None:
            totals[key] = (node, node.decimal())
    terms = None
    if is_invoice:
        if terms_node is None:
            raise ValidationError(
                f"{settlement.path}/ram:SpecifiedTradePaymentTerms",
                None,
                message=f"missing element {settlement.path}/ram:SpecifiedTradePaymentTerms",
            )
        due = terms_node.opt("ram:DueDateDateTime")
        terms = (
            terms_node,
            terms_node.opt_text("ram:Description"),
            None if due is None else _cii_day(due),
        )
    return _build(_Read(is_invoice, fields, lines, adjustments, rows, totals, terms))
