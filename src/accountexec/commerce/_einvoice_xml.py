"""The XML side of the e-invoices (private): namespaces and codes, an element-tree writer that
needs no global namespace registry, and a reader that names the path of every refusal.

Used by :mod:`accountexec.einvoice` and its CII and UBL modules; nothing here knows the syntaxes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import pendulum

from accountexec.commerce.vat import VatCategory
from accountexec.errors import AccountExecError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Money, Rate

_EN16931: Final = "urn:cen.eu:en16931:2017"
_XRECHNUNG: Final = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
_PEPPOL: Final = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
_PEPPOL_PROCESS: Final = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
_GUIDELINES: Final[dict[str, str]] = {
    "en16931": _EN16931,
    "xrechnung": _XRECHNUNG,
    "extended": "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
}
_RSM: Final = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_RAM: Final = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_UDT: Final = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
_QDT: Final = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
_UBL_INVOICE: Final = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
_UBL_CREDIT: Final = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
_CAC: Final = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_CBC: Final = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_PREFIXES: Final[dict[str, str]] = {
    "rsm": _RSM,
    "ram": _RAM,
    "udt": _UDT,
    "qdt": _QDT,
    "cac": _CAC,
    "cbc": _CBC,
}
_INVOICE_CODE: Final = "380"
_CREDIT_CODE: Final = "381"
_DISCOUNT_CODE: Final = "95"
_UNIT: Final = "C62"
_CARD_NETWORK: Final = "NA"
_CREDIT_TERMS: Final = "Credit note: the amount is credited to the buyer."
_DUE: Final = re.compile(r"Due (\d{4}-\d{2}-\d{2}): (-?[0-9]+(?:\.[0-9]+)?) ([A-Z]{3})\Z")
_BAD_CHARS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

T = TypeVar("T")


class _Writer:
    """Builds an element tree with literal ``prefix:name`` tags (no global namespace registry)."""

    def __init__(self, root: str, namespaces: dict[str, str]) -> None:
        self.root = ET.Element(
            root, {f"xmlns:{k}" if k else "xmlns": v for k, v in namespaces.items()}
        )

    @staticmethod
    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        if text is not None:
            if _BAD_CHARS.search(text):
                raise ValidationError(
                    tag, text, "text without control characters (XML forbids them)"
                )
            element.text = text
        return element

    def tobytes(self) -> bytes:
        ET.indent(self.root, space="  ")
        body: bytes = ET.tostring(self.root, encoding="utf-8", xml_declaration=True)
        return body


def _amount(money: Money) -> str:
    return format(money.amount, "f")


def _decimal(value: Decimal) -> str:
    return format(value, "f")


def _percent(rate: Rate) -> str:
    return format(rate.as_percent().normalize(DECIMAL_CONTEXT), "f")


class _Node:
    """An element with the path that led to it, so that every refusal names where it happened."""

    __slots__ = ("element", "path")

    def __init__(self, element: ET.Element, path: str) -> None:
        self.element = element
        self.path = path

    @staticmethod
    def _clark(tag: str) -> str:
        prefix, _, name = tag.partition(":")
        return f"{{{_PREFIXES[prefix]}}}{name}"

    def all(self, tag: str) -> Iterator[_Node]:
        for i, child in enumerate(self.element.findall(self._clark(tag)), start=1):
            yield _Node(child, f"{self.path}/{tag}[{i}]")

    def opt(self, tag: str) -> _Node | None:
        child = self.element.find(self._clark(tag))
        return None if child is None else _Node(child, f"{self.path}/{tag}")

    def req(self, tag: str) -> _Node:
        node = self.opt(tag)
        if node is None:
            raise ValidationError(
                f"{self.path}/{tag}", None, message=f"missing element {self.path}/{tag}"
            )
        return node

    @property
    def text(self) -> str:
        value = self.element.text or ""
        if not value.strip():
            raise ValidationError(
                self.path, self.element.text, message=f"empty element {self.path}"
            )
        return value

    def text_of(self, tag: str) -> str:
        return self.req(tag).text

    def opt_text(self, tag: str) -> str | None:
        node = self.opt(tag)
        return None if node is None else node.text

    def attr(self, name: str) -> str | None:
        return self.element.get(name)

    def fail(self, allowed: str, value: object = None) -> ValidationError:
        shown = self.element.text if value is None else value
        return ValidationError(
            self.path, shown, message=f"{self.path}: {shown!r}; expected {allowed}"
        )

    def decimal(self) -> Decimal:
        try:
            value = Decimal(self.text)
        except InvalidOperation:
            raise self.fail("a decimal number") from None
        if not value.is_finite():
            raise self.fail("a finite decimal number")
        return value

    def build(self, factory: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``factory(*args, **kwargs)``, a refusal re-raised naming this element's path."""
        try:
            return factory(*args, **kwargs)
        except AccountExecError as error:
            raise ValidationError(
                self.path, getattr(error, "value", None), message=f"{self.path}: {error}"
            ) from error


def _parse(data: object, root_tags: Sequence[str]) -> tuple[ET.Element, str]:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError("data", data, "the XML document as bytes")
    raw = bytes(data)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise ValidationError(
            "data", "<!DOCTYPE", "an e-invoice without a document type declaration"
        )
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise ValidationError("data", str(error), "well-formed XML") from None
    if root.tag not in root_tags:
        raise ValidationError(
            "/",
            root.tag,
            message=f"/: root element {root.tag!r}; expected one of {list(root_tags)}",
        )
    return root, root.tag


def _iso_day(node: _Node) -> pendulum.Date:
    value = node.text
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise node.fail("a date YYYY-MM-DD")
    return node.build(pendulum.date, int(value[:4]), int(value[5:7]), int(value[8:]))


def _rate(node: _Node | None) -> Rate:
    if node is None:
        return Rate(0)
    return node.build(Rate.percent, node.decimal())


def _category(node: _Node) -> VatCategory:
    try:
        return VatCategory(node.text)
    except ValueError:
        raise node.fail("a VAT category code of UNCL 5305 (S Z E AE K G O L M)") from None


def _cii_day(node: _Node) -> pendulum.Date:
    text = (
        node.req("udt:DateTimeString")
        if node.opt("udt:DateTimeString")
        else node.req("qdt:DateTimeString")
    )
    value = text.text
    if text.attr("format") != "102" or not re.fullmatch(r"\d{8}", value):
        raise text.fail("a date in format 102 (YYYYMMDD)")
    return text.build(pendulum.date, int(value[:4]), int(value[4:6]), int(value[6:]))
