"""The parties to an invoice and how they are paid: who sells, who buys, where, into which account.

A :class:`Party` is a legal person as an invoice names it (EN 16931 BG-4 seller, BG-7 buyer): a
name, a postal :class:`Address` with an ISO 3166 country, and optionally a VAT identifier, a legal
registration identifier, an :class:`ElectronicAddress` (where e-invoices are delivered, by EAS
scheme) and a :class:`~accountexec.accounts.Contact`. A :class:`BankAccount` is checked by its
IBAN check digits. The means of payment an invoice asks for is one of :class:`CreditTransfer`,
:class:`DirectDebit` or :class:`CardPayment` (:data:`PaymentMeans`), each knowing its UNCL 4461
code.

>>> agency = Party(
...     name="Nordlicht Agentur GmbH",
...     address=Address(["Friedrichstraße 12"], "Berlin", "10117", "DE"),
...     vat_id="DE123456789",
...     electronic_address=ElectronicAddress("9930", "DE123456789"),
... )
>>> agency.address.country
'DE'
>>> BankAccount("DE89 3704 0044 0532 0130 00").iban
'DE89370400440532013000'
>>> BankAccount("DE89370400440532013001")
Traceback (most recent call last):
...
accountexec.errors.ValidationError: invalid 'iban': 'DE89370400440532013001'; expected an IBAN ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

import attrs

from accountexec._fields import check_optional_name, check_text, to_sequence
from accountexec.clients.accounts import Contact
from accountexec.errors import ValidationError

__all__ = [
    "COUNTRY_CODES",
    "EAS_CODES",
    "Address",
    "BankAccount",
    "CardPayment",
    "CreditTransfer",
    "DirectDebit",
    "ElectronicAddress",
    "Party",
    "PaymentMeans",
]

COUNTRY_CODES: Final[frozenset[str]] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW 1A XI
    """.split()  # noqa: SIM905 - a code list reads best as words
)
"""The ISO 3166-1 alpha-2 country codes, with ``1A`` (Kosovo) and ``XI`` (Northern Ireland) as
EN 16931's country code list adds them."""

EAS_CODES: Final[frozenset[str]] = frozenset(
    """
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
    0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205
    0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0221 0225 0230 0235 0240 0242 0244 0245
    0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930
    9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948
    9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM
    """.split()  # noqa: SIM905 - a code list reads best as words
)
"""The Electronic Address Scheme codes (CEF EAS list) EN 16931 accepts for BT-34 and BT-49:
``0088`` GLN, ``0204`` German Leitweg-ID, ``9930`` German VAT number, ``0190`` Dutch OIN,
``0009`` French SIRET, ``EM`` e-mail..."""

_VAT_ID: Final = re.compile(r"[A-Z]{2}[0-9A-Za-z+*.]{2,13}\Z")
_IBAN: Final = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\Z")
_BIC: Final = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?\Z")
_CARD: Final = re.compile(r"[0-9]{4,6}\Z")


def _to_lines(value: Iterable[str]) -> tuple[str, ...]:
    lines = to_sequence("lines", value)
    if not 1 <= len(lines) <= 3 or not all(isinstance(x, str) and x.strip() for x in lines):
        raise ValidationError("lines", value, "one to three non-empty lines of street address")
    return lines


def _to_country(value: object) -> str:
    if not isinstance(value, str) or value.upper() not in COUNTRY_CODES:
        raise ValidationError(
            "country", value, "an ISO 3166-1 alpha-2 code such as 'DE', 'FR' or 'NL'"
        )
    return value.upper()


def _compact(value: object) -> object:
    return value.replace(" ", "").upper() if isinstance(value, str) else value


@attrs.frozen
class Address:
    """A postal address: one to three street lines, city, postcode and ISO 3166 country.

    The country code is upper-cased and checked against :data:`COUNTRY_CODES`.

    >>> Address(["12 rue de la Paix"], "Paris", "75002", "fr")
    Address(lines=('12 rue de la Paix',), city='Paris', postcode='75002', country='FR')
    >>> Address(["Main St 1"], "Springfield", "12345", "XX")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'country': 'XX'; expected an ISO 3166-1 ...
    """

    lines: tuple[str, ...] = attrs.field(converter=_to_lines)
    city: str = attrs.field(validator=check_text)
    postcode: str = attrs.field(validator=check_text)
    country: str = attrs.field(converter=_to_country)


@attrs.frozen
class ElectronicAddress:
    """Where a party receives e-invoices: an EAS ``scheme`` code and the ``value`` in it.

    >>> ElectronicAddress("0204", "991-12345-67")
    ElectronicAddress(scheme='0204', value='991-12345-67')
    >>> ElectronicAddress("GLN", "4012345000009")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'scheme': 'GLN'; expected an EAS code ...
    """

    scheme: str = attrs.field()
    value: str = attrs.field(validator=check_text)

    @scheme.validator
    def _check_scheme(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in EAS_CODES:
            raise ValidationError(
                "scheme",
                value,
                "an EAS code such as '0088' (GLN), '0204' (Leitweg-ID), '9930' (German VAT) "
                "or 'EM' (e-mail); see accountexec.parties.EAS_CODES",
            )


def _iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def _to_iban(value: object) -> str:
    iban = _compact(value)
    if not isinstance(iban, str) or not _IBAN.match(iban) or not _iban_checksum_ok(iban):
        raise ValidationError(
            "iban", value, "an IBAN with valid check digits, such as 'DE89 3704 0044 0532 0130 00'"
        )
    return iban


def _to_bic(value: object) -> str | None:
    if value is None:
        return None
    bic = _compact(value)
    if not isinstance(bic, str) or not _BIC.match(bic):
        raise ValidationError("bic", value, "None or a BIC of 8 or 11 characters ('COBADEFFXXX')")
    return bic


@attrs.frozen
class BankAccount:
    """An account to pay into: the IBAN (spaces removed, check digits verified), BIC, holder name.

    >>> BankAccount("fr76 3000 6000 0112 3456 7890 189", bic="AGRIFRPP", name="Agence Lumière")
    BankAccount(iban='FR7630006000011234567890189', bic='AGRIFRPP', name='Agence Lumière')
    """

    iban: str = attrs.field(converter=_to_iban)
    bic: str | None = attrs.field(default=None, converter=_to_bic)
    name: str | None = attrs.field(default=None, validator=check_optional_name)


def _to_vat_id(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _VAT_ID.match(value):
        raise ValidationError(
            "vat_id",
            value,
            "None or a VAT number with its country prefix, such as 'DE123456789' (Greece: 'EL...')",
        )
    return value


def _check_electronic(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, ElectronicAddress):
        raise ValidationError("electronic_address", value, "None or an ElectronicAddress")


def _check_contact(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Contact):
        raise ValidationError("contact", value, "None or an accountexec.accounts.Contact")


@attrs.frozen
class Party:
    """A seller or buyer as an invoice names it.

    ``vat_id`` is the VAT identifier with its country prefix (BT-31, BT-48), ``legal_id`` the
    registration number in a trade register (BT-30, BT-47), ``electronic_address`` where it
    receives e-invoices (BT-34, BT-49), ``contact`` the person to ask (BG-6, BG-9; an e-invoice
    carries its name, phone and e-mail).

    >>> Party("Ville de Lumière", Address(["1 place de l'Hôtel de Ville"], "Lyon", "69001", "FR"),
    ...       vat_id="FR 123")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'vat_id': 'FR 123'; expected None or a VAT ...
    """

    name: str = attrs.field(validator=check_text)
    address: Address = attrs.field()
    vat_id: str | None = attrs.field(default=None, converter=_to_vat_id)
    legal_id: str | None = attrs.field(default=None, validator=check_optional_name)
    electronic_address: ElectronicAddress | None = attrs.field(
        default=None, validator=_check_electronic
    )
    contact: Contact | None = attrs.field(default=None, validator=_check_contact)

    @address.validator
    def _check_address(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Address):
            raise ValidationError("address", value, "an Address")

    @property
    def country(self) -> str:
        """The country of the party's address."""
        return self.address.country


# ---------------------------------------------------------------------------------- payment means


def _check_account(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, BankAccount):
        raise ValidationError(attribute.name, value, "a BankAccount")


@attrs.frozen
class CreditTransfer:
    """The buyer pays by transfer to ``account``: SEPA (code 58) or another transfer (code 30).

    >>> CreditTransfer(BankAccount("DE89370400440532013000")).code
    '58'
    """

    account: BankAccount = attrs.field(validator=_check_account)
    sepa: bool = attrs.field(default=True)

    @sepa.validator
    def _check_sepa(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("sepa", value, "True or False")

    @property
    def code(self) -> str:
        """The UNCL 4461 payment means code (BT-81)."""
        return "58" if self.sepa else "30"


@attrs.frozen(kw_only=True)
class DirectDebit:
    """The seller collects by SEPA direct debit (code 59) under a mandate.

    ``mandate`` is the mandate reference (BT-89), ``creditor_id`` the seller's SEPA creditor
    identifier (BT-90) and ``debited_account`` the buyer's IBAN (BT-91).

    >>> DirectDebit(mandate="MANDATE-7", creditor_id="DE98ZZZ09999999999",
    ...             debited_account="DE02 1203 0000 0000 2020 51").debited_account
    'DE02120300000000202051'
    """

    mandate: str = attrs.field(validator=check_text)
    creditor_id: str = attrs.field(validator=check_text)
    debited_account: str = attrs.field(converter=_to_iban)

    @property
    def code(self) -> str:
        """The UNCL 4461 payment means code (BT-81)."""
        return "59"


def _to_card_number(value: object) -> str:
    if not isinstance(value, str) or not _CARD.match(value):
        raise ValidationError(
            "account_number", value, "the last 4 to 6 digits of the card (never the full number)"
        )
    return value


@attrs.frozen
class CardPayment:
    """The buyer pays by card (code 48): the card's last digits (BT-87) and holder (BT-88).

    >>> CardPayment("1234", holder="Dana Lee").code
    '48'
    """

    account_number: str = attrs.field(converter=_to_card_number)
    holder: str | None = attrs.field(default=None, validator=check_optional_name)

    @property
    def code(self) -> str:
        """The UNCL 4461 payment means code (BT-81)."""
        return "48"


PaymentMeans = CreditTransfer | DirectDebit | CardPayment
"""How an invoice asks to be paid (EN 16931 BG-16)."""
