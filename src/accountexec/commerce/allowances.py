"""Document-level allowances and charges, and the VAT breakdown EN 16931 asks of an invoice.

An :class:`Allowance` (a discount on the whole invoice, EN 16931 BG-20) or a :class:`Charge` (a
fee on top of the lines, BG-21) is an amount with its VAT (a :class:`~accountexec.invoice_lines.Tax`
added on top, whose category and rate say how it is taxed) and a reason. :func:`document_amounts`
adds them to what the lines amount to, rounding as the document says:

- ``tax_rounding="global"``: for each tax, the exact tax of its lines plus the tax of its charges
  less the tax of its allowances, rounded once. This is EN 16931's figure (BR-CO-17): the VAT of a
  category and rate is its taxable amount times the rate, rounded.
- ``tax_rounding="per_line"``: each line's tax and each allowance's and charge's tax rounded, then
  added; this may differ from the EN 16931 figure by a few minor units, and
  :mod:`accountexec.einvoice` refuses to write such a document.

:func:`vat_breakdown` gives the VAT breakdown (BG-23) by category and rate: taxable amount = the
lines' net amounts plus charges less allowances (BR-S-8 and its siblings), tax = taxable × rate
rounded (BR-CO-17).

>>> from accountexec.invoice_lines import InvoiceLine, Tax
>>> from accountexec.money import Money, Rate
>>> vat = Tax("VAT", Rate.percent(19))
>>> lines = [InvoiceLine("Campaign design", 1, Money("1000.00", "EUR"), [vat])]
>>> loyalty = Allowance(amount=Money("100.00", "EUR"), tax=vat, reason="Loyalty discount")
>>> amounts = document_amounts(lines, "EUR", allowances=[loyalty])
>>> amounts.subtotal, amounts.tax_total, amounts.total
(Money('900.00', 'EUR'), Money('171.00', 'EUR'), Money('1071.00', 'EUR'))
>>> (row,) = vat_breakdown(lines, amounts.lines, [loyalty], [], "EUR")
>>> row.category.value, row.taxable, row.tax
('S', Money('900.00', 'EUR'), Money('171.00', 'EUR'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from accountexec._fields import check_text, to_sequence_of
from accountexec.commerce.invoice_lines import (
    DocumentAmounts,
    InvoiceLine,
    LineAmounts,
    Tax,
    TaxRounding,
)
from accountexec.commerce.vat import VatCategory
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, Currency, Money, Rate, RoundingMode

__all__ = [
    "Allowance",
    "Charge",
    "VatBreakdown",
    "document_amounts",
    "vat_breakdown",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


def _check_amount(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Money or value.amount <= 0 or not value.is_rounded:
        raise ValidationError(
            "amount", value, "a positive Money rounded to its currency's minor unit"
        )


def _check_tax(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Tax) or value.included:
        raise ValidationError("tax", value, "a Tax added on top (included=False)")


@attrs.frozen(kw_only=True)
class Allowance:
    """An amount taken off the whole document before VAT (EN 16931 BG-20), taxed as ``tax`` says.

    >>> from accountexec.money import Money, Rate
    >>> Allowance(amount=Money("50.00", "EUR"), tax=Tax("VAT", Rate.percent(19)),
    ...           reason="Early booking").amount
    Money('50.00', 'EUR')
    """

    amount: Money = attrs.field(validator=_check_amount)
    tax: Tax = attrs.field(validator=_check_tax)
    reason: str = attrs.field(validator=check_text)


@attrs.frozen(kw_only=True)
class Charge:
    """An amount added to the whole document before VAT (EN 16931 BG-21), taxed as ``tax`` says.

    >>> from accountexec.money import Money, Rate
    >>> Charge(amount=Money("25.00", "EUR"), tax=Tax("VAT", Rate.percent(19)),
    ...        reason="Courier").reason
    'Courier'
    """

    amount: Money = attrs.field(validator=_check_amount)
    tax: Tax = attrs.field(validator=_check_tax)
    reason: str = attrs.field(validator=check_text)


@attrs.frozen(kw_only=True)
class VatBreakdown:
    """One row of the VAT breakdown (BG-23): a category and rate, its taxable amount and its tax.

    ``exemption_reason`` and ``exemption_code`` come from the category's
    :class:`~accountexec.invoice_lines.Tax` (``None`` for ``S``, ``Z``, ``L``, ``M``).

    >>> from accountexec.money import Money, Rate
    >>> row = VatBreakdown(category=VatCategory.STANDARD, rate=Rate("0.19"),
    ...                    taxable=Money("100.00", "EUR"), tax=Money("19.00", "EUR"))
    >>> (-row).tax
    Money('-19.00', 'EUR')
    """

    category: VatCategory
    rate: Rate
    taxable: Money
    tax: Money
    exemption_reason: str | None = None
    exemption_code: str | None = None

    def __neg__(self) -> VatBreakdown:
        """The same row with its amounts negated (a credit note's, as the model shows it)."""
        return attrs.evolve(self, taxable=-self.taxable, tax=-self.tax)


def _check_currency(items: Sequence[Allowance | Charge], currency: Currency, field: str) -> None:
    for item in items:
        if item.amount.currency is not currency:
            raise CurrencyMismatchError(
                currency.code,
                item.amount.currency.code,
                message=(
                    f"{field[:-1]} {item.reason!r} is in {item.amount.currency.code!r}, the "
                    f"document in {currency.code!r}; every {field[:-1]} must be in the "
                    "document's currency"
                ),
            )


def _exact_line_tax(line: InvoiceLine, base: Money, tax: Tax) -> Decimal:
    mul, add = DECIMAL_CONTEXT.multiply, DECIMAL_CONTEXT.add
    if tax.included:
        combined = _ZERO
        for each in line.taxes:
            combined = add(combined, each.rate.value)
        return mul(DECIMAL_CONTEXT.divide(base.amount, add(_ONE, combined)), tax.rate.value)
    return mul(base.amount, tax.rate.value)


def document_amounts(  # noqa: PLR0917 - the order of DocumentAmounts.from_lines, then more
    lines: Iterable[InvoiceLine],
    currency: Currency | str,
    tax_rounding: TaxRounding = "per_line",
    rounding: RoundingMode = "half_up",
    allowances: Iterable[Allowance] = (),
    charges: Iterable[Charge] = (),
) -> DocumentAmounts:
    """The amounts of a document of ``lines`` with document-level ``allowances`` and ``charges``.

    Without allowances and charges this is
    :meth:`~accountexec.invoice_lines.DocumentAmounts.from_lines`. With them, ``subtotal`` is the
    lines' net amounts less the allowances plus the charges (EN 16931 BT-109), the taxes include
    theirs (rounded as the module docstring says), and ``total == subtotal + tax_total``; the
    ``lines`` are the lines' own amounts, which then add up to the lines' total rather than to
    ``subtotal``.

    >>> from accountexec.money import Money, Rate
    >>> reduced = Tax("VAT", Rate.percent(7))
    >>> stickers = [InvoiceLine(f"Sticker {i}", 1, Money("0.05", "EUR"), [reduced])
    ...             for i in range(3)]
    >>> fee = Charge(amount=Money("0.05", "EUR"), tax=reduced, reason="Handling")
    >>> document_amounts(stickers, "EUR", "per_line", charges=[fee]).tax_total
    Money('0.00', 'EUR')
    >>> document_amounts(stickers, "EUR", "global", charges=[fee]).tax_total
    Money('0.01', 'EUR')
    """
    cur = Currency(currency)
    checked = to_sequence_of("lines", InvoiceLine, lines)
    taken = to_sequence_of("allowances", Allowance, allowances)
    added = to_sequence_of("charges", Charge, charges)
    amounts = DocumentAmounts.from_lines(checked, cur, tax_rounding, rounding)
    if not taken and not added:
        return amounts
    _check_currency(taken, cur, "allowances")
    _check_currency(added, cur, "charges")
    adjustment: dict[Tax, Decimal] = {}
    signed = [(a.tax, -a.amount.amount) for a in taken] + [(c.tax, c.amount.amount) for c in added]
    for tax, amount in signed:
        adjustment[tax] = DECIMAL_CONTEXT.add(adjustment.get(tax, _ZERO), amount)
    taxes: dict[Tax, Money] = dict(amounts.taxes)
    for tax in adjustment:
        taxes.setdefault(tax, Money.zero(cur))
    if tax_rounding == "global":
        for tax, adjust in adjustment.items():
            exact = DECIMAL_CONTEXT.multiply(adjust, tax.rate.value)
            for line, line_amounts in zip(checked, amounts.lines, strict=True):
                if tax in line.taxes:
                    exact = DECIMAL_CONTEXT.add(
                        exact, _exact_line_tax(line, line_amounts.base, tax)
                    )
            taxes[tax] = Money(exact, cur).round(rounding)
    else:
        for allowance in taken:
            rounded = (allowance.amount * allowance.tax.rate.value).round(rounding)
            taxes[allowance.tax] = taxes[allowance.tax] - rounded
        for charge in added:
            rounded = (charge.amount * charge.tax.rate.value).round(rounding)
            taxes[charge.tax] = taxes[charge.tax] + rounded
    subtotal = (
        amounts.subtotal
        - Money.sum((a.amount for a in taken), cur)
        + Money.sum((c.amount for c in added), cur)
    )
    tax_total = Money.sum(taxes.values(), cur)
    return DocumentAmounts(
        lines=amounts.lines,
        taxes=tuple(taxes.items()),
        subtotal=subtotal,
        tax_total=tax_total,
        total=subtotal + tax_total,
    )


def _only_vat(line: InvoiceLine) -> Tax:
    if len(line.taxes) != 1:
        raise ValidationError(
            "taxes",
            line.taxes,
            f"exactly one VAT on line {line.description!r}: EN 16931 gives each line one VAT "
            "category and rate",
        )
    return line.taxes[0]


def vat_breakdown(  # noqa: PLR0917 - what a document holds, in the order it holds it
    lines: Iterable[InvoiceLine],
    line_amounts: Iterable[LineAmounts],
    allowances: Iterable[Allowance],
    charges: Iterable[Charge],
    currency: Currency | str,
    rounding: RoundingMode = "half_up",
) -> tuple[VatBreakdown, ...]:
    """The EN 16931 VAT breakdown (BG-23) of a document, one row per VAT category and rate.

    Taxable amount = the lines' net amounts (as ``line_amounts`` show them) plus charges less
    allowances of that category and rate; tax = taxable × rate rounded with ``rounding`` (BR-CO-17).
    Rows follow the order in which their categories first appear. Every line must carry exactly
    one tax, added on top, and the taxes of one category and rate must be the same
    :class:`~accountexec.invoice_lines.Tax` (one exemption reason per row); otherwise
    :class:`~accountexec.errors.ValidationError`.

    >>> from accountexec.money import Money, Rate
    >>> line = InvoiceLine("Fee", 1, Money("10.00", "EUR"), [Tax("VAT", Rate.percent(19))])
    >>> [row.tax for row in vat_breakdown([line], [line.amounts()], [], [], "EUR")]
    [Money('1.90', 'EUR')]
    >>> untaxed = InvoiceLine("Fee", 1, Money("10.00", "EUR"))
    >>> vat_breakdown([untaxed], [untaxed.amounts()], [], [], "EUR")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'taxes': (); expected exactly one VAT on line ...
    """
    cur = Currency(currency)
    groups: dict[tuple[VatCategory, Decimal], tuple[Tax, Decimal]] = {}

    def add(tax: Tax, amount: Decimal) -> None:
        if tax.included:
            raise ValidationError(
                "taxes", tax, "taxes added on top: EN 16931 documents state net prices"
            )
        key = (tax.category, tax.rate.value)
        known, taxable = groups.get(key, (tax, _ZERO))
        if known != tax:
            raise ValidationError(
                "taxes",
                tax,
                f"the same Tax as {known!r} for VAT category {tax.category.value!r} at "
                f"{tax.rate.as_percent().normalize():f} %: EN 16931 has one breakdown row per "
                "category and rate",
            )
        groups[key] = (known, DECIMAL_CONTEXT.add(taxable, amount))

    for line, amounts in zip(
        to_sequence_of("lines", InvoiceLine, lines), tuple(line_amounts), strict=True
    ):
        add(_only_vat(line), amounts.net.amount)
    for allowance in to_sequence_of("allowances", Allowance, allowances):
        add(allowance.tax, -allowance.amount.amount)
    for charge in to_sequence_of("charges", Charge, charges):
        add(charge.tax, charge.amount.amount)
    rows = []
    for tax, taxable in groups.values():
        base = Money(taxable, cur)
        rows.append(
            VatBreakdown(
                category=tax.category,
                rate=tax.rate,
                taxable=base,
                tax=(base * tax.rate.value).round(rounding),
                exemption_reason=tax.exemption_reason,
                exemption_code=tax.exemption_code,
            )
        )
    return tuple(rows)
