"""Hypothesis strategies for invoices as legal documents: parties, VAT, allowances, e-invoices.

:func:`legal_invoices` and :func:`legal_credit_notes` draw complete documents (seller, buyer,
references, VAT categories, document allowances and charges, payment means, several currencies)
that :func:`accountexec.einvoice.to_cii` and :func:`~accountexec.einvoice.to_ubl` write and that
the official EN 16931 rules accept, and that read back equal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pendulum
from hypothesis import strategies as st

from accountexec.clients.accounts import Contact
from accountexec.commerce.allowances import Allowance, Charge, VatBreakdown
from accountexec.commerce.invoice_lines import InvoiceLine, Tax
from accountexec.commerce.invoices import CreditNote, Invoice, InvoiceStatus, InvoicingPeriod
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
from accountexec.commerce.payment_terms import PaymentTerms
from accountexec.commerce.vat import VatCategory
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Rate
from accountexec.strategies._money import money

__all__ = [
    "LEGAL_CURRENCIES",
    "addresses",
    "allowances",
    "bank_accounts",
    "card_payments",
    "charges",
    "credit_transfers",
    "direct_debits",
    "electronic_addresses",
    "invoicing_periods",
    "legal_credit_notes",
    "legal_invoices",
    "parties",
    "payment_means",
    "register",
    "vat_breakdowns",
    "vat_taxes",
]

#: Currencies legal documents are drawn in: EN 16931 amounts carry at most two decimals.
LEGAL_CURRENCIES: tuple[str, ...] = ("EUR", "GBP", "USD", "CHF", "SEK", "PLN")

_PLACES = (
    ("DE", "Berlin", "10117", "Friedrichstraße 12"),
    ("DE", "Hamburg", "20457", "Am Sandtorkai 1"),
    ("FR", "Lyon", "69002", "12 rue de la République"),
    ("FR", "Paris", "75002", "3 rue de la Paix"),
    ("NL", "Den Haag", "2511 BT", "Lange Voorhout 9"),
    ("BE", "Bruxelles", "1000", "Rue Royale 5"),
    ("AT", "Wien", "1010", "Graben 21"),
    ("GB", "London", "EC1A 1BB", "1 St Martin's Le Grand"),
)
_NAMES = ("Nordlicht Agentur GmbH", "Agence Lumière SAS", "Gemeente Den Haag", "Hafenkontor AG")
_IBANS = (
    "DE89370400440532013000",
    "FR7630006000011234567890189",
    "NL91ABNA0417164300",
    "GB29NWBK60161331926819",
    "BE68539007547034",
)
_REASONS = {
    VatCategory.EXEMPT: ("Exempt under Article 132 of the VAT Directive", "VATEX-EU-132"),
    VatCategory.REVERSE_CHARGE: ("Reverse charge", "VATEX-EU-AE"),
    VatCategory.INTRA_COMMUNITY: ("Intra-community supply", "VATEX-EU-IC"),
    VatCategory.EXPORT: ("Export outside the EU", "VATEX-EU-G"),
    VatCategory.OUTSIDE_SCOPE: ("Not subject to VAT", "VATEX-EU-O"),
}
_RATES = {
    VatCategory.STANDARD: ("19", "20", "21", "7", "5.5", "25"),
    VatCategory.CANARY_ISLANDS: ("7", "3"),
    VatCategory.CEUTA_MELILLA: ("4", "10"),
}


def addresses(country: str | None = None) -> st.SearchStrategy[Address]:
    """Postal addresses in a few European cities (``country`` to pick one), one or two lines.

    >>> from hypothesis import find
    >>> find(addresses("FR"), lambda a: True).country
    'FR'
    """
    places = [p for p in _PLACES if country is None or p[0] == country]
    return st.builds(
        lambda place, second: Address(
            [place[3], *([second] if second else [])], place[1], place[2], place[0]
        ),
        st.sampled_from(places),
        st.sampled_from((None, "Building B", "3rd floor")),
    )


def electronic_addresses() -> st.SearchStrategy[ElectronicAddress]:
    """Electronic addresses: GLN, Leitweg-ID, German VAT, Dutch OIN, e-mail.

    >>> from hypothesis import find
    >>> find(electronic_addresses(), lambda e: e.scheme == "EM").value
    'invoices@example.com'
    """
    return st.sampled_from(
        (
            ElectronicAddress("0088", "4012345000009"),
            ElectronicAddress("0204", "04011000-12345-34"),
            ElectronicAddress("9930", "DE123456789"),
            ElectronicAddress("0190", "00000001003214345000"),
            ElectronicAddress("EM", "invoices@example.com"),
        )
    )


def bank_accounts() -> st.SearchStrategy[BankAccount]:
    """Bank accounts with valid IBANs, with or without BIC and holder name.

    >>> from hypothesis import find
    >>> find(bank_accounts(), lambda b: b.bic is not None).bic
    'COBADEFFXXX'
    """
    return st.builds(
        BankAccount,
        st.sampled_from(_IBANS),
        bic=st.sampled_from((None, "COBADEFFXXX", "AGRIFRPP")),
        name=st.sampled_from((None, "Nordlicht Agentur GmbH")),
    )


def credit_transfers() -> st.SearchStrategy[CreditTransfer]:
    """Credit transfers to :func:`bank_accounts`, SEPA or not.

    >>> from hypothesis import find
    >>> find(credit_transfers(), lambda t: not t.sepa).code
    '30'
    """
    return st.builds(CreditTransfer, bank_accounts(), sepa=st.booleans())


def direct_debits() -> st.SearchStrategy[DirectDebit]:
    """SEPA direct debits with a mandate, creditor identifier and the debited IBAN.

    >>> from hypothesis import find
    >>> find(direct_debits(), lambda d: True).code
    '59'
    """
    return st.builds(
        DirectDebit,
        mandate=st.sampled_from(("MANDATE-7", "M-2026-001")),
        creditor_id=st.just("DE98ZZZ09999999999"),
        debited_account=st.sampled_from(_IBANS),
    )


def card_payments() -> st.SearchStrategy[CardPayment]:
    """Card payments by the card's last four digits, with or without the holder.

    >>> from hypothesis import find
    >>> find(card_payments(), lambda c: True).account_number
    '1234'
    """
    return st.builds(
        CardPayment,
        st.sampled_from(("1234", "987654")),
        holder=st.sampled_from((None, "Dana Lee")),
    )


def payment_means() -> st.SearchStrategy[PaymentMeans]:
    """Any of the payment means: a credit transfer, a direct debit or a card.

    >>> from hypothesis import find
    >>> find(payment_means(), lambda m: m.code == "59").mandate
    'MANDATE-7'
    """
    return st.one_of(credit_transfers(), direct_debits(), card_payments())


def _contacts() -> st.SearchStrategy[Contact]:
    return st.builds(
        Contact,
        name=st.sampled_from(("Jana Roth", "Luc Martin")),
        phone=st.sampled_from((None, "+49 30 1234567")),
        email=st.sampled_from((None, "billing@example.com")),
    )


@st.composite
def parties(draw: st.DrawFn, country: str | None = None, *, vat_id: bool | None = None) -> Party:
    """Parties in one of a few European cities, with or without VAT identifier (``vat_id``).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(parties("DE", vat_id=True))
    ... def check(party):
    ...     assert party.vat_id in ("DE123456789", "DE987654321")
    >>> check()
    """
    address = draw(addresses(country))
    with_vat = draw(st.booleans()) if vat_id is None else vat_id
    prefix = "EL" if address.country == "GR" else address.country
    return Party(
        draw(st.sampled_from(_NAMES)),
        address,
        vat_id=f"{prefix}{draw(st.sampled_from(('123456789', '987654321')))}" if with_vat else None,
        legal_id=draw(st.sampled_from((None, "HRB 12345", "552 100 554"))),
        electronic_address=draw(st.none() | electronic_addresses()),
        contact=draw(st.none() | _contacts()),
    )


def vat_taxes(category: VatCategory | str | None = None) -> st.SearchStrategy[Tax]:
    """VATs of a category (any when ``None``) with a rate and exemption reason EN 16931 accepts.

    >>> from hypothesis import find
    >>> find(vat_taxes("AE"), lambda t: True).exemption_code
    'VATEX-EU-AE'
    """
    if category is None:
        return st.sampled_from(tuple(VatCategory)).flatmap(vat_taxes)
    cat = VatCategory(category)
    if cat in _RATES:
        return st.sampled_from(_RATES[cat]).map(
            lambda pct: Tax("VAT", Rate.percent(pct), category=cat)
        )
    reason, code = _REASONS.get(cat, (None, None))
    return st.just(Tax("VAT", Rate(0), category=cat, exemption_reason=reason, exemption_code=code))


def allowances(
    currency: str | Currency = "EUR", tax: Tax | None = None
) -> st.SearchStrategy[Allowance]:
    """Document allowances of 1 to 100 in ``currency``, taxed as ``tax`` (any VAT when ``None``).

    >>> from hypothesis import find
    >>> find(allowances("GBP"), lambda a: True).amount
    Money('1.00', 'GBP')
    """
    return st.builds(
        Allowance,
        amount=money(currency, 1, 100),
        tax=vat_taxes() if tax is None else st.just(tax),
        reason=st.sampled_from(("Loyalty discount", "Early booking")),
    )


def charges(currency: str | Currency = "EUR", tax: Tax | None = None) -> st.SearchStrategy[Charge]:
    """Document charges of 1 to 100 in ``currency``, taxed as ``tax`` (any VAT when ``None``).

    >>> from hypothesis import find
    >>> find(charges(), lambda c: c.tax.category.value == "AE").tax.exemption_code
    'VATEX-EU-AE'
    """
    return st.builds(
        Charge,
        amount=money(currency, 1, 100),
        tax=vat_taxes() if tax is None else st.just(tax),
        reason=st.sampled_from(("Courier", "Rush fee")),
    )


@st.composite
def invoicing_periods(draw: st.DrawFn) -> InvoicingPeriod:
    """Periods of 1 to 92 days starting 2000 to 2090.

    >>> from hypothesis import find
    >>> period = find(invoicing_periods(), lambda p: p.end > p.start)
    >>> (period.end - period.start).days
    1
    """
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    return InvoicingPeriod(start, start + dt.timedelta(days=draw(st.integers(0, 91))))


def vat_breakdowns() -> st.SearchStrategy[VatBreakdown]:
    """Rows of the VAT breakdown of :func:`legal_invoices`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(vat_breakdowns())
    ... def check(row):
    ...     assert row.tax.amount >= 0 and row.category.value in "SZEAEKGOLM"
    >>> check()
    """
    return legal_invoices().flatmap(lambda invoice: st.sampled_from(invoice.vat_breakdown()))


def _quantities() -> st.SearchStrategy[Decimal]:
    return st.integers(1, 2_000).map(lambda n: Decimal(n).scaleb(-1, DECIMAL_CONTEXT))


@st.composite
def _document_fields(draw: st.DrawFn, currency: Currency) -> dict[str, object]:
    """Everything but numbers and dates: parties, references, lines, allowances and charges."""
    outside = draw(st.integers(0, 9)) == 0
    if outside:
        categories = [VatCategory.OUTSIDE_SCOPE]
    else:
        usable = [c for c in VatCategory if c is not VatCategory.OUTSIDE_SCOPE]
        categories = draw(st.lists(st.sampled_from(usable), min_size=1, max_size=3, unique=True))
    taxes = [draw(vat_taxes(c)) for c in categories]
    needs_buyer_vat = bool(
        {VatCategory.REVERSE_CHARGE, VatCategory.INTRA_COMMUNITY} & set(categories)
    )
    drawn = draw(parties(vat_id=not outside))
    seller = Party(
        drawn.name,
        drawn.address,
        vat_id=drawn.vat_id,
        legal_id="HRB 12345" if outside else drawn.legal_id,
        electronic_address=drawn.electronic_address or draw(electronic_addresses()),
        contact=Contact(name="Jana Roth", phone="+49 30 1234567", email="billing@example.com"),
    )
    drawn = draw(parties(vat_id=False if outside else (True if needs_buyer_vat else None)))
    buyer = attrs.evolve(
        drawn, electronic_address=drawn.electronic_address or draw(electronic_addresses())
    )
    lines = [
        InvoiceLine(
            draw(st.sampled_from(("Strategy workshop", "Media plan", "Display, CPM", "Retainer"))),
            draw(_quantities()),
            draw(money(currency, 1, 2_000, rounded=draw(st.booleans()))),
            [draw(st.sampled_from(taxes))],
            draw(st.none() | st.integers(0, 30).map(Rate.percent)),
        )
        for _ in range(draw(st.integers(1, 4)))
    ]
    period = draw(st.none() | invoicing_periods())
    if VatCategory.INTRA_COMMUNITY in categories and period is None:
        period = InvoicingPeriod(pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31))
    return {
        "currency": currency,
        "lines": lines,
        "tax_rounding": "global",
        "seller": seller,
        "buyer": buyer,
        "buyer_reference": draw(st.sampled_from(("04011000-12345-34", "Marketing"))),
        "purchase_order": draw(st.none() | st.just("PO-2026-17")),
        "contract_reference": draw(st.none() | st.just("CT-9")),
        "project_reference": draw(st.none() | st.just("Spring campaign")),
        "period": period,
        "notes": draw(st.lists(st.sampled_from(("Thank you.", "Reverse charge.")), max_size=2)),
        "payment_means": draw(payment_means()),
        "payment_reference": draw(st.none() | st.just("RF18539007547034")),
        "allowances": draw(
            st.lists(allowances(currency, draw(st.sampled_from(taxes))), max_size=1)
        ),
        "charges": draw(st.lists(charges(currency, draw(st.sampled_from(taxes))), max_size=1)),
    }


def _fix_reference(fields: dict[str, object]) -> dict[str, object]:
    if fields["payment_means"] is None:
        return {**fields, "payment_reference": None}
    return fields


@st.composite
def legal_invoices(
    draw: st.DrawFn,
    status: InvoiceStatus | str = InvoiceStatus.DRAFT,
    *,
    currency: str | Currency | None = None,
) -> Invoice:
    """Invoices that are complete legal documents, ready for :mod:`accountexec.einvoice`.

    A seller (with a contact) and a buyer, both with electronic addresses, a buyer reference
    and payment means (what every profile asks for); VAT categories mixed as EN 16931 allows
    (with the VAT identifiers each needs), document allowances and charges, references, terms
    ``net(n)``, ``tax_rounding="global"``, in one of :data:`LEGAL_CURRENCIES`. ``status`` is
    ``"draft"`` (what :func:`~accountexec.einvoice.from_cii` gives back) or ``"issued"``.

    >>> from hypothesis import given, settings
    >>> from accountexec.einvoice import from_ubl, to_ubl
    >>> @settings(max_examples=5)
    ... @given(legal_invoices())
    ... def check(invoice):
    ...     assert invoice.seller is not None and invoice.total.amount > 0
    >>> check()
    """
    cur = Currency(draw(st.sampled_from(LEGAL_CURRENCIES)) if currency is None else currency)
    fields = _fix_reference(draw(_document_fields(cur)))
    issued_on = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    head = {
        "number": f"INV-{draw(st.integers(1, 999_999)):06d}",
        "client_id": draw(st.sampled_from(("hafen", "lumiere", "den-haag"))),
        "issued_on": issued_on,
        "terms": PaymentTerms.net(draw(st.sampled_from((0, 14, 30, 60)))),
    }
    try:
        draft = Invoice(**head, **fields)  # type: ignore[arg-type]
    except ValidationError:  # allowances above the lines: a negative total is refused
        draft = Invoice(**head, **{**fields, "allowances": ()})  # type: ignore[arg-type]
    if draft.total.amount <= 0:
        draft = Invoice(**head, **{**fields, "allowances": ()})  # type: ignore[arg-type]
    if InvoiceStatus(status) is InvoiceStatus.DRAFT:
        return draft
    return draft.issue(at=pendulum.datetime(issued_on.year, issued_on.month, issued_on.day, 9))


@st.composite
def legal_credit_notes(draw: st.DrawFn, currency: str | Currency | None = None) -> CreditNote:
    """Credit notes of an issued :func:`legal_invoices` for some of its lines, with its parties.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(legal_credit_notes())
    ... def check(note):
    ...     assert note.buyer is not None and note.total.amount < 0
    >>> check()
    """
    invoice = draw(legal_invoices(InvoiceStatus.ISSUED, currency=currency))
    count = draw(st.integers(1, len(invoice.lines)))
    issued_on = invoice.issued_on.add(days=draw(st.integers(0, 60)))
    number = f"CN-{draw(st.integers(1, 999_999)):06d}"
    try:
        return invoice.credit_note(number, invoice.lines[:count], issued_on=issued_on)
    except ValidationError:  # the lines credit more than the invoice after its allowances
        return invoice.credit_note(number, None, issued_on=issued_on)


def register() -> None:
    """Register strategies for the party, payment, VAT and allowance types with ``st.from_type``."""
    st.register_type_strategy(Address, addresses())
    st.register_type_strategy(ElectronicAddress, electronic_addresses())
    st.register_type_strategy(BankAccount, bank_accounts())
    st.register_type_strategy(CreditTransfer, credit_transfers())
    st.register_type_strategy(DirectDebit, direct_debits())
    st.register_type_strategy(CardPayment, card_payments())
    st.register_type_strategy(Party, parties())
    st.register_type_strategy(Allowance, allowances())
    st.register_type_strategy(Charge, charges())
    st.register_type_strategy(InvoicingPeriod, invoicing_periods())
    st.register_type_strategy(VatBreakdown, vat_breakdowns())
