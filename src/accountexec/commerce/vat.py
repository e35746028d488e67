"""VAT categories (UNCL 5305) as EN 16931 uses them, and the reasons that go with exemptions.

A :class:`~accountexec.invoice_lines.Tax` carries a :class:`VatCategory`. Standard (``S``) and
zero-rated (``Z``) supplies need nothing more; an exemption, a reverse charge, an intra-community
supply, an export or a supply outside the scope of VAT (``E``, ``AE``, ``K``, ``G``, ``O``) must
say why, as text and as a VATEX code (:data:`VATEX_CODES`), because EN 16931 requires the reason on
the invoice. The Canary Islands (``L``, IGIC) and Ceuta and Melilla (``M``, IPSI) taxes are charged
at their own rates and, as EN 16931 says (BR-IG-10, BR-IP-10), carry no exemption reason.

Which category applies is the user's decision, never the library's: an agency in Germany selling
services to a business in France writes a reverse charge (``AE``, 0 %) because the French client
accounts for the VAT, and the library only checks that the tax is stated consistently.

>>> VatCategory("AE").needs_exemption_reason
True
>>> VatCategory.STANDARD.wording("en")
'Standard rate'
>>> check_vatex_code("VATEX-EU-AE")
'VATEX-EU-AE'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from accountexec.errors import ValidationError

__all__ = [
    "VATEX_CODES",
    "VatCategory",
    "check_vatex_code",
]


class VatCategory(StrEnum):
    """A VAT category code of UNCL 5305 as EN 16931 restricts it (BT-118, BT-151).

    >>> VatCategory("S"), VatCategory.REVERSE_CHARGE.value
    (<VatCategory.STANDARD: 'S'>, 'AE')
    """

    STANDARD = "S"
    ZERO_RATED = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    OUTSIDE_SCOPE = "O"
    CANARY_ISLANDS = "L"
    CEUTA_MELILLA = "M"

    @property
    def needs_exemption_reason(self) -> bool:
        """Whether a tax of this category must say why no VAT is charged (``E AE K G O``)."""
        return self in _EXEMPTIONS

    @property
    def rate_is_zero(self) -> bool:
        """Whether EN 16931 fixes this category's rate at zero (every category but S, L, M)."""
        return self not in _RATED

    def wording(self, language: str = "en") -> str:
        """How a printed invoice names the category, in English, German, French or Dutch.

        >>> VatCategory.REVERSE_CHARGE.wording("de")
        'Steuerschuldnerschaft des Leistungsempfängers'
        """
        words = _WORDING.get(language[:2].lower(), _WORDING["en"])
        return words[self]


_EXEMPTIONS: Final = frozenset(
    {
        VatCategory.EXEMPT,
        VatCategory.REVERSE_CHARGE,
        VatCategory.INTRA_COMMUNITY,
        VatCategory.EXPORT,
        VatCategory.OUTSIDE_SCOPE,
    }
)
_RATED: Final = frozenset(
    {VatCategory.STANDARD, VatCategory.CANARY_ISLANDS, VatCategory.CEUTA_MELILLA}
)

_C = VatCategory
_WORDING: Final[dict[str, dict[VatCategory, str]]] = {
    "en": {
        _C.STANDARD: "Standard rate",
        _C.ZERO_RATED: "Zero rated",
        _C.EXEMPT: "Exempt from VAT",
        _C.REVERSE_CHARGE: "Reverse charge",
        _C.INTRA_COMMUNITY: "Intra-community supply",
        _C.EXPORT: "Export outside the EU",
        _C.OUTSIDE_SCOPE: "Not subject to VAT",
        _C.CANARY_ISLANDS: "Canary Islands general indirect tax (IGIC)",
        _C.CEUTA_MELILLA: "Ceuta and Melilla tax (IPSI)",
    },
    "de": {
        _C.STANDARD: "Regelsteuersatz",
        _C.ZERO_RATED: "Nullsatz",
        _C.EXEMPT: "Steuerbefreit",
        _C.REVERSE_CHARGE: "Steuerschuldnerschaft des Leistungsempfängers",
        _C.INTRA_COMMUNITY: "Innergemeinschaftliche Lieferung",
        _C.EXPORT: "Ausfuhr in Drittländer",
        _C.OUTSIDE_SCOPE: "Nicht steuerbar",
        _C.CANARY_ISLANDS: "Kanarische Inseln (IGIC)",
        _C.CEUTA_MELILLA: "Ceuta und Melilla (IPSI)",
    },
    "fr": {
        _C.STANDARD: "Taux normal",
        _C.ZERO_RATED: "Taux zéro",
        _C.EXEMPT: "Exonéré de TVA",
        _C.REVERSE_CHARGE: "Autoliquidation",
        _C.INTRA_COMMUNITY: "Livraison intracommunautaire",
        _C.EXPORT: "Exportation hors UE",
        _C.OUTSIDE_SCOPE: "Hors champ de la TVA",
        _C.CANARY_ISLANDS: "Impôt général indirect canarien (IGIC)",
        _C.CEUTA_MELILLA: "Impôt de Ceuta et Melilla (IPSI)",
    },
    "nl": {
        _C.STANDARD: "Normaal tarief",
        _C.ZERO_RATED: "Nultarief",
        _C.EXEMPT: "Vrijgesteld van btw",
        _C.REVERSE_CHARGE: "Btw verlegd",
        _C.INTRA_COMMUNITY: "Intracommunautaire levering",
        _C.EXPORT: "Export buiten de EU",
        _C.OUTSIDE_SCOPE: "Niet onderworpen aan btw",
        _C.CANARY_ISLANDS: "Canarische Eilanden (IGIC)",
        _C.CEUTA_MELILLA: "Ceuta en Melilla (IPSI)",
    },
}

VATEX_CODES: Final[frozenset[str]] = frozenset(
    """
    VATEX-EU-132 VATEX-EU-132-1A VATEX-EU-132-1B VATEX-EU-132-1C VATEX-EU-132-1D VATEX-EU-132-1E
    VATEX-EU-132-1F VATEX-EU-132-1G VATEX-EU-132-1H VATEX-EU-132-1I VATEX-EU-132-1J
    VATEX-EU-132-1K VATEX-EU-132-1L VATEX-EU-132-1M VATEX-EU-132-1N VATEX-EU-132-1O
    VATEX-EU-132-1P VATEX-EU-132-1Q VATEX-EU-135-1 VATEX-EU-143 VATEX-EU-143-1A VATEX-EU-143-1B
    VATEX-EU-143-1C VATEX-EU-143-1D VATEX-EU-143-1E VATEX-EU-143-1F VATEX-EU-143-1FA
    VATEX-EU-143-1G VATEX-EU-143-1H VATEX-EU-143-1I VATEX-EU-143-1J VATEX-EU-143-1K
    VATEX-EU-143-1L VATEX-EU-144 VATEX-EU-146-1E VATEX-EU-148 VATEX-EU-148-A VATEX-EU-148-B
    VATEX-EU-148-C VATEX-EU-148-D VATEX-EU-148-E VATEX-EU-148-F VATEX-EU-148-G VATEX-EU-151
    VATEX-EU-151-1A VATEX-EU-151-1AA VATEX-EU-151-1B VATEX-EU-151-1C VATEX-EU-151-1D
    VATEX-EU-151-1E VATEX-EU-153 VATEX-EU-159 VATEX-EU-309 VATEX-EU-79-C VATEX-EU-AE VATEX-EU-D
    VATEX-EU-F VATEX-EU-G VATEX-EU-I VATEX-EU-IC VATEX-EU-J VATEX-EU-O VATEX-FR-298SEXDECIESA
    VATEX-FR-AE VATEX-FR-CGI261-1 VATEX-FR-CGI261-2 VATEX-FR-CGI261-3 VATEX-FR-CGI261-4
    VATEX-FR-CGI261-5 VATEX-FR-CGI261-7 VATEX-FR-CGI261-8 VATEX-FR-CGI261A VATEX-FR-CGI261B
    VATEX-FR-CGI261C-1 VATEX-FR-CGI261C-2 VATEX-FR-CGI261C-3 VATEX-FR-CGI261D-1
    VATEX-FR-CGI261D-1BIS VATEX-FR-CGI261D-2 VATEX-FR-CGI261D-3 VATEX-FR-CGI261D-4
    VATEX-FR-CGI261E-1 VATEX-FR-CGI261E-2 VATEX-FR-CGI275 VATEX-FR-CGI277A VATEX-FR-CGI295
    VATEX-FR-CNWVAT VATEX-FR-FRANCHISE
    """.split()  # noqa: SIM905 - a code list reads best as words
)
"""The VAT exemption reason codes (VATEX, CEF code list) the EN 16931 validation artefacts
accept (Factur-X 1.09 code list 26)."""


def check_vatex_code(value: object, field: str = "exemption_code") -> str:
    """``value`` if it is a VATEX code of :data:`VATEX_CODES`, else :class:`ValidationError`.

    >>> check_vatex_code("VATEX-EU-XX")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'exemption_code': 'VATEX-EU-XX'; expected ...
    """
    if not isinstance(value, str) or value not in VATEX_CODES:
        raise ValidationError(
            field, value, "a VATEX code such as 'VATEX-EU-AE' (see accountexec.vat.VATEX_CODES)"
        )
    return value
