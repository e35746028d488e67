"""Invoice lines and their taxes: what each line and a document of lines amount to.

An :class:`InvoiceLine` is priced (quantity × unit price, less a discount) and taxed by its
:class:`Tax` values, added on top or included in the price. :meth:`DocumentAmounts.from_lines`
rounds the lines of an invoice or credit note to the currency as the document says
(``tax_rounding`` and ``rounding``), so that ``total == subtotal + tax_total`` and each column of
:class:`LineAmounts` sums to the document's figure. :class:`~accountexec.invoices.Invoice` and
:class:`~accountexec.invoices.CreditNote` read their amounts from here; every name is also
importable from :mod:`accountexec.invoices`.

>>> from accountexec.money import Money, Rate
>>> reduced = Tax("VAT", Rate.percent(7))
>>> stickers = [InvoiceLine(f"Sticker {i}", 1, Money("0.05", "EUR"), [reduced]) for i in range(3)]
>>> per_line = DocumentAmounts.from_lines(stickers, "EUR", "per_line")
>>> once = DocumentAmounts.from_lines(stickers, "EUR", "global")
>>> per_line.tax_total, once.tax_total
(Money('0.00', 'EUR'), Money('0.01', 'EUR'))
"""

from __future__ import annotations

import contextlib
import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import attrs

from accountexec._fields import (
    check_optional_name,
    check_text,
    instance_of,
    to_enum,
    to_sequence_of,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.commerce.vat import VatCategory, check_vatex_code
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import DECIMAL_CONTEXT, ROUNDING_MODES, Currency, Money, Rate, RoundingMode

__all__ = [
    "TAX_ROUNDINGS",
    "DocumentAmounts",
    "InvoiceLine",
    "LineAmounts",
    "LineSource",
    "Tax",
    "TaxRounding",
]

TaxRounding = Literal["per_line", "global"]
"""``"per_line"``: round each line's tax, then add. ``"global"``: add the exact taxes of each tax,
round once."""

TAX_ROUNDINGS: Final[tuple[TaxRounding, ...]] = get_args(TaxRounding)

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_NUMBER_ALLOWED: Final = "a Decimal, int or numeric str (never a float or bool), finite"


# ------------------------------------------------------------------------------------ validation


def _to_quantity(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValidationError("quantity", value, _NUMBER_ALLOWED)
    try:
        result = Decimal(value)
    except decimal.InvalidOperation:
        raise ValidationError("quantity", value, _NUMBER_ALLOWED) from None
    if not result.is_finite() or result < 0:
        raise ValidationError("quantity", value, f"{_NUMBER_ALLOWED}, not negative")
    return result


def _to_category(value: object) -> VatCategory:
    return to_enum(VatCategory, value, "category")


def _to_exemption_code(value: object) -> str | None:
    return None if value is None else check_vatex_code(value)


def _to_taxes(value: Iterable[Tax]) -> tuple[Tax, ...]:
    return to_sequence_of("taxes", Tax, value)


def _rate_example(value: object) -> str:
    """How to write ``value`` as a tax rate: ``Rate('0.19')`` or ``Rate.percent(19)``."""
    number: Decimal | None = None
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        with contextlib.suppress(ArithmeticError):  # decimal.InvalidOperation: not a number
            number = Decimal(value)
    if number is None or not number.is_finite() or number < 0:
        return "Rate('0.19') or Rate.percent(19) for 19%"
    if number > 1:
        return f"Rate.percent({value}) for {value}%"
    percent = format(DECIMAL_CONTEXT.multiply(number, Decimal(100)).normalize(DECIMAL_CONTEXT), "f")
    return f"Rate({str(value)!r}) or Rate.percent({percent}) for {percent}%"


# ----------------------------------------------------------------------------------- line source


def _to_period(value: object) -> BillingPeriod:
    if not isinstance(value, BillingPeriod):
        raise ValidationError("period", value, "a BillingPeriod")
    return value


@attrs.frozen(kw_only=True)
class LineSource:
    """Where a billed line comes from: contract, arrangement, the days it bills, and what for.

    :func:`~accountexec.billing.bill` sets it on every line it writes, so what was billed is
    read from this value and never from the description a client reads. ``kind`` is what the
    line is for (``"fee"``, ``"overage"``, ``"milestone"``, ``"time"``, ... see
    :data:`accountexec.billing.LINE_KINDS`).

    >>> import pendulum
    >>> from accountexec.billing import BillingPeriod
    >>> source = LineSource(contract_id="C-1", arrangement="retainer", kind="fee",
    ...                     period=BillingPeriod(pendulum.date(2026, 1, 1),
    ...                                          pendulum.date(2026, 1, 31)))
    >>> str(source)
    'C-1|retainer|2026-01-01..2026-01-31|fee'
    """

    contract_id: str = attrs.field(validator=check_text)
    arrangement: str = attrs.field(validator=check_text)
    period: BillingPeriod = attrs.field(converter=_to_period)
    kind: str = attrs.field(validator=check_text)

    def __str__(self) -> str:
        return f"{self.contract_id}|{self.arrangement}|{self.period}|{self.kind}"


_check_source = instance_of((LineSource, type(None)), "None or a LineSource")


# ------------------------------------------------------------------------------------------ taxes


@attrs.frozen(repr=False, cache_hash=True)
class Tax:
    """A tax on an invoice line: a name, a rate, and whether prices include it.

    When ``included`` is false the tax is added on top of the line's net amount (``tax = b·r``);
    when true the line's price already contains it (``tax = b − b/(1+r)``), as DOMAIN.md states.

    A VAT also has a :class:`~accountexec.vat.VatCategory` (``category``, standard by default).
    Categories whose rate EN 16931 fixes at zero (all but ``S``, ``L``, ``M``) refuse another
    rate; an exemption, reverse charge, intra-community supply, export or supply outside the
    scope of VAT (``E AE K G O``) states why: ``exemption_reason`` (text printed on the invoice)
    and ``exemption_code`` (a VATEX code); the other categories take neither.

    >>> from accountexec.vat import VatCategory
    >>> Tax("VAT", Rate(0), category=VatCategory.REVERSE_CHARGE,
    ...     exemption_reason="Reverse charge", exemption_code="VATEX-EU-AE")
    Tax(name='VAT', rate=Rate('0'), included=False, category=<VatCategory.REVERSE_CHARGE: 'AE'>, \
exemption_reason='Reverse charge', exemption_code='VATEX-EU-AE')
    >>> Tax("VAT", Rate(0), category="AE")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'exemption_reason': None; expected the reason ...

    >>> from accountexec.money import Rate
    >>> Tax("VAT", Rate.percent(19))
    Tax(name='VAT', rate=Rate('0.19'), included=False)
    >>> Tax("VAT", Rate("-0.19"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'rate': Rate('-0.19'); expected a Rate of at least 0
    >>> Tax("VAT", Rate(19))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'rate': Rate('19'); expected a Rate of at most 1 (100%): for 19% write Rate.percent(19) or Rate('0.19')
    >>> Tax("VAT", "0.19")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'rate': '0.19'; expected a Rate, such as Rate('0.19') or Rate.percent(19) for 19%
    """  # noqa: E501

    name: str = attrs.field(validator=check_text)
    rate: Rate = attrs.field()
    included: bool = attrs.field(default=False)
    category: VatCategory = attrs.field(
        default=VatCategory.STANDARD, converter=_to_category, kw_only=True
    )
    exemption_reason: str | None = attrs.field(
        default=None, validator=check_optional_name, kw_only=True
    )
    exemption_code: str | None = attrs.field(
        default=None, converter=_to_exemption_code, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        category = self.category
        if category.rate_is_zero and self.rate.value != 0:
            raise ValidationError(
                "rate", self.rate, f"Rate(0) for VAT category {category.value!r} ({category.name})"
            )
        if category.needs_exemption_reason:
            if self.exemption_reason is None:
                raise ValidationError(
                    "exemption_reason",
                    None,
                    f"the reason printed on the invoice for VAT category {category.value!r}",
                )
            if self.exemption_code is None:
                raise ValidationError(
                    "exemption_code",
                    None,
                    f"a VATEX code (such as 'VATEX-EU-AE') for VAT category {category.value!r}",
                )
        elif self.exemption_reason is not None or self.exemption_code is not None:
            field = "exemption_reason" if self.exemption_reason is not None else "exemption_code"
            raise ValidationError(
                field,
                getattr(self, field),
                f"None: VAT category {category.value!r} states no exemption reason",
            )

    def __repr__(self) -> str:
        text = f"Tax(name={self.name!r}, rate={self.rate!r}, included={self.included!r}"
        if self.category is not VatCategory.STANDARD:
            text += f", category={self.category!r}"
        if self.exemption_reason is not None:
            text += f", exemption_reason={self.exemption_reason!r}"
        if self.exemption_code is not None:
            text += f", exemption_code={self.exemption_code!r}"
        return text + ")"

    @rate.validator
    def _check_rate(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Rate):
            raise ValidationError("rate", value, f"a Rate, such as {_rate_example(value)}")
        if value.value < 0:
            raise ValidationError("rate", value, "a Rate of at least 0")
        if value.value > 1:
            raise ValidationError(
                "rate",
                value,
                "a Rate of at most 1 (100%): for 19% write Rate.percent(19) or Rate('0.19')",
            )

    @included.validator
    def _check_included(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("included", value, "True or False")


@attrs.frozen(kw_only=True)
class LineAmounts:
    """The amounts an invoice shows for one line: net, each tax, tax and gross, all rounded.

    ``base`` is the line's priced amount (quantity × unit price, less the discount, rounded): the
    net when taxes are added on top, the gross when prices include them. ``net + tax == gross``.

    >>> from accountexec.money import Money, Rate
    >>> line = InvoiceLine(description="Tickets", quantity=2, unit_price=Money("59.50", "EUR"),
    ...                    taxes=[Tax("VAT", Rate.percent(19), included=True)])
    >>> amounts = line.amounts()
    >>> amounts.base, amounts.net, amounts.tax, amounts.gross
    (Money('119.00', 'EUR'), Money('100.00', 'EUR'), Money('19.00', 'EUR'), Money('119.00', 'EUR'))
    >>> (-amounts).gross
    Money('-119.00', 'EUR')
    """

    base: Money
    net: Money
    taxes: tuple[tuple[Tax, Money], ...]
    tax: Money
    gross: Money

    def __neg__(self) -> LineAmounts:
        """The same amounts negated (a credit note's line)."""
        return LineAmounts(
            base=-self.base,
            net=-self.net,
            taxes=tuple((tax, -amount) for tax, amount in self.taxes),
            tax=-self.tax,
            gross=-self.gross,
        )


@attrs.frozen
class InvoiceLine:
    """A line of an invoice or credit note: quantity × unit price, less a discount, with its taxes.

    ``quantity`` is a Decimal (hours, units, thousands of impressions; ints and numeric strings are
    converted, floats refused). ``unit_price`` may carry sub-minor precision (a CPM of 0.0035 USD);
    the line's amount is rounded to the currency. ``discount`` is a
    :class:`~accountexec.money.Rate` taken off the line before tax. A line's taxes are either all
    added on top or all included in the price. :attr:`net`, :attr:`tax` and :attr:`gross` round per
    line, half up; an invoice rounds as it says (see :meth:`DocumentAmounts.from_lines`).

    >>> from accountexec.money import Money, Rate
    >>> vat = Tax("VAT", Rate.percent(19))
    >>> line = InvoiceLine(description="Display, CPM", quantity="1234.5",
    ...                    unit_price=Money("3.275", "EUR"), taxes=[vat], discount=Rate.percent(10))
    >>> line.net, line.tax, line.gross
    (Money('3638.69', 'EUR'), Money('691.35', 'EUR'), Money('4330.04', 'EUR'))
    >>> included = InvoiceLine(description="Tickets", quantity=2, unit_price=Money("59.50", "EUR"),
    ...                        taxes=[Tax("VAT", Rate.percent(19), included=True)])
    >>> included.net, included.tax, included.gross
    (Money('100.00', 'EUR'), Money('19.00', 'EUR'), Money('119.00', 'EUR'))
    >>> InvoiceLine(description="Hours", quantity=7.5, unit_price=Money("90.00", "EUR"))
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'quantity': 7.5; expected a Decimal, int or ...
    """

    description: str = attrs.field(validator=check_text)
    quantity: Decimal = attrs.field(converter=_to_quantity)
    unit_price: Money = attrs.field()
    taxes: tuple[Tax, ...] = attrs.field(default=(), converter=_to_taxes)
    discount: Rate | None = attrs.field(default=None)
    source: LineSource | None = attrs.field(default=None, validator=_check_source, kw_only=True)

    @unit_price.validator
    def _check_unit_price(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not Money:
            raise ValidationError("unit_price", value, "a Money (negative for a discount line)")

    @taxes.validator
    def _check_taxes(self, attribute: attrs.Attribute[Any], value: tuple[Tax, ...]) -> None:
        if len(set(value)) != len(value):
            raise ValidationError("taxes", value, "each tax at most once per line")
        if len({tax.included for tax in value}) > 1:
            raise ValidationError(
                "taxes", value, "taxes that are all included in the price or all added on top"
            )

    @discount.validator
    def _check_discount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, Rate) or not 0 <= value.value <= 1):
            raise ValidationError("discount", value, "None or a Rate between 0 and 1")

    @property
    def currency(self) -> Currency:
        """The line's currency (its unit price's)."""
        return self.unit_price.currency

    def amounts(self, rounding: RoundingMode = "half_up") -> LineAmounts:
        """This line's amounts with taxes rounded on the line (``"per_line"``), with ``rounding``.

        >>> from accountexec.money import Money, Rate
        >>> line = InvoiceLine(description="Fee", quantity=1, unit_price=Money("0.25", "EUR"),
        ...                    taxes=[Tax("VAT", Rate.percent(10))])
        >>> line.amounts().tax, line.amounts("half_even").tax
        (Money('0.03', 'EUR'), Money('0.02', 'EUR'))
        """
        return _compute((self,), self.currency, "per_line", rounding).lines[0]

    @property
    def net(self) -> Money:
        """The amount before tax, rounded half up."""
        return self.amounts().net

    @property
    def tax(self) -> Money:
        """The line's taxes, each rounded half up on the line."""
        return self.amounts().tax

    @property
    def gross(self) -> Money:
        """Net plus tax."""
        return self.amounts().gross


# ------------------------------------------------------------------------------------- documents


@attrs.frozen(kw_only=True)
class DocumentAmounts:
    """The amounts a document of lines shows: each line's, each tax's, subtotal, tax and total.

    Build it with :meth:`from_lines`; an :class:`~accountexec.invoices.Invoice` or
    :class:`~accountexec.invoices.CreditNote` shows exactly these figures (a credit note negated).
    ``lines`` follow the document's lines; ``taxes`` pairs each :class:`Tax` with its rounded
    amount, in order of first appearance. ``total == subtotal + tax_total``, and each column of
    ``lines`` (net, tax, gross) sums to ``subtotal``, ``tax_total`` and ``total``.

    >>> from accountexec.money import Money, Rate
    >>> vat = Tax("VAT", Rate.percent(19))
    >>> amounts = DocumentAmounts.from_lines(
    ...     [InvoiceLine("Workshop", 8, Money("150.00", "EUR"), [vat])], "EUR")
    >>> amounts.subtotal, amounts.tax_total, amounts.total
    (Money('1200.00', 'EUR'), Money('228.00', 'EUR'), Money('1428.00', 'EUR'))
    >>> amounts.taxes
    ((Tax(name='VAT', rate=Rate('0.19'), included=False), Money('228.00', 'EUR')),)
    """

    lines: tuple[LineAmounts, ...]
    taxes: tuple[tuple[Tax, Money], ...]
    subtotal: Money
    tax_total: Money
    total: Money

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[InvoiceLine],
        currency: Currency | str,
        tax_rounding: TaxRounding = "per_line",
        rounding: RoundingMode = "half_up",
    ) -> DocumentAmounts:
        """The amounts of ``lines`` in ``currency``, taxes rounded as ``tax_rounding`` says.

        Each line's priced amount (quantity × unit price × (1 − discount)) is rounded to the
        currency with ``rounding``. Taxes added on top are ``base × rate``; taxes included in
        the price are ``base − base/(1 + rate)`` (several included taxes share
        ``base/(1 + Σ rates)``). With ``"per_line"`` each line's tax is rounded and the document
        adds them up; with ``"global"`` the exact taxes of each :class:`Tax` are added and
        rounded once, and that total is shown on the lines in proportion to their exact tax
        (largest remainder, as :meth:`~accountexec.money.Money.allocate`). Every line must be in
        ``currency``.

        >>> from accountexec.money import Money
        >>> DocumentAmounts.from_lines([], "JPY").total
        Money('0', 'JPY')
        >>> DocumentAmounts.from_lines([InvoiceLine("Fee", 1, Money("5.00", "USD"))], "EUR")
        Traceback (most recent call last):
        ...
        accountexec.errors.CurrencyMismatchError: line 'Fee' is in 'USD', the document in 'EUR'; ...
        """
        checked = to_sequence_of("lines", InvoiceLine, lines)
        cur = Currency(currency)
        if tax_rounding not in TAX_ROUNDINGS:
            raise ValidationError("tax_rounding", tax_rounding, "'per_line' or 'global'")
        if rounding not in ROUNDING_MODES:
            allowed = ", ".join(repr(m) for m in ROUNDING_MODES)
            raise ValidationError("rounding", rounding, f"one of {allowed}")
        _check_line_currencies(checked, cur)
        return _compute(checked, cur, tax_rounding, rounding)

    def with_taxes(self, taxes: Iterable[tuple[Tax, Money]]) -> DocumentAmounts:
        """These amounts with the given total for some taxes, the difference on their last line.

        What a closing credit note uses to take exactly the tax left to credit: each
        tax named gets that total, the difference going to the last line that carries the tax
        (its gross for a tax added on top, its net for a tax included in the price), so the
        columns still add up.

        >>> from accountexec.money import Money, Rate
        >>> vat = Tax("VAT", Rate.percent(7))
        >>> amounts = DocumentAmounts.from_lines(
        ...     [InvoiceLine("Sticker", 1, Money("0.05", "EUR"), [vat])], "EUR")
        >>> amounts.total, amounts.with_taxes([(vat, Money("0.01", "EUR"))]).total
        (Money('0.05', 'EUR'), Money('0.06', 'EUR'))
        """
        wanted = dict(taxes)
        known = dict(self.taxes)
        lines = list(self.lines)
        for tax, amount in wanted.items():
            if tax not in known:
                raise ValidationError("taxes", tax, "taxes that the document's lines carry")
            if type(amount) is not Money or amount.currency is not self.total.currency:
                raise ValidationError("taxes", amount, f"a Money in {self.total.currency.code!r}")
            difference = amount - known[tax]
            if not difference:
                continue
            index = max(i for i, la in enumerate(lines) if any(t == tax for t, _ in la.taxes))
            old = lines[index]
            new_taxes = tuple((t, a + difference if t == tax else a) for t, a in old.taxes)
            if tax.included:
                net, gross = old.net - difference, old.gross
            else:
                net, gross = old.net, old.gross + difference
            lines[index] = LineAmounts(
                base=old.base, net=net, taxes=new_taxes, tax=old.tax + difference, gross=gross
            )
            known[tax] = amount
        cur = self.total.currency
        subtotal = Money.sum((la.net for la in lines), cur)
        tax_total = Money.sum(known.values(), cur)
        return DocumentAmounts(
            lines=tuple(lines),
            taxes=tuple(known.items()),
            subtotal=subtotal,
            tax_total=tax_total,
            total=subtotal + tax_total,
        )


def _compute(  # noqa: PLR0915 - one pass over the lines, its steps kept in reading order
    lines: tuple[InvoiceLine, ...],
    currency: Currency,
    tax_rounding: TaxRounding,
    rounding: RoundingMode,
) -> DocumentAmounts:
    """The amounts of checked lines, rounded (see :meth:`DocumentAmounts.from_lines`).

    One pass over the lines with plain Decimal sums (in :data:`DECIMAL_CONTEXT`); Money values are
    made only for what the document shows, by the unchecked constructor for results of arithmetic
    on valid parts. Each line's priced amount is built with the public constructor, which refuses
    an amount outside :data:`~accountexec.money.MAGNITUDE_RANGE`.
    """
    mul, div, add, sub = (
        DECIMAL_CONTEXT.multiply,
        DECIMAL_CONTEXT.divide,
        DECIMAL_CONTEXT.add,
        DECIMAL_CONTEXT.subtract,
    )
    make = Money._make
    zero_money = Money.zero(currency)
    zero = zero_money.amount
    bases: list[Money] = []
    exact: list[tuple[tuple[Tax, Decimal], ...]] = []
    order = dict.fromkeys(tax for line in lines for tax in line.taxes)  # first appearance
    for line in lines:
        priced = mul(line.quantity, line.unit_price.amount)
        if line.discount is not None:
            priced = mul(priced, sub(_ONE, line.discount.value))
        base = Money(priced, currency).round(rounding)
        bases.append(base)
        taxes = line.taxes
        if not taxes:
            exact.append(())
            continue
        if taxes[0].included:
            combined = _ZERO
            for tax in taxes:
                combined = add(combined, tax.rate.value)
            net_exact = div(base.amount, add(_ONE, combined))
            exact.append(tuple((tax, mul(net_exact, tax.rate.value)) for tax in taxes))
        else:
            amount = base.amount
            exact.append(tuple((tax, mul(amount, tax.rate.value)) for tax in taxes))

    shown: list[tuple[tuple[Tax, Money], ...]]
    if tax_rounding == "per_line":
        shown = [
            tuple((tax, make(amount, currency).round(rounding)) for tax, amount in pairs)
            for pairs in exact
        ]
    else:
        parts_of: dict[Tax, list[Money]] = {}
        for tax in order:
            shares = [amount for pairs in exact for held, amount in pairs if held == tax]
            exact_total = _ZERO
            for share in shares:
                exact_total = add(exact_total, share)
            rate_total = make(exact_total, currency).round(rounding)
            if any(share < 0 for share in shares):
                parts = list(_cumulative_parts(shares, currency, rounding))
            elif any(shares):
                parts = list(rate_total.allocate(shares))
            else:
                parts = [make(zero, currency)] * len(shares)
            parts.reverse()  # handed out in line order with pop()
            parts_of[tax] = parts
        shown = [tuple((tax, parts_of[tax].pop()) for tax, _ in pairs) for pairs in exact]

    line_amounts: list[LineAmounts] = []
    by_tax: dict[Tax, Decimal] = dict.fromkeys(order, zero)
    subtotal = zero
    for line, base, taxes_shown in zip(lines, bases, shown, strict=True):
        tax_sum = zero
        for tax, shown_amount in taxes_shown:
            tax_sum = add(tax_sum, shown_amount.amount)
            by_tax[tax] = add(by_tax[tax], shown_amount.amount)
        # one tax (or none): the line's tax is that amount itself, shared rather than copied
        if len(taxes_shown) == 1:
            line_tax = taxes_shown[0][1]
        elif not taxes_shown:
            line_tax = zero_money
        else:
            line_tax = make(tax_sum, currency)
        if line.taxes and line.taxes[0].included:
            net, gross = make(sub(base.amount, tax_sum), currency), base
        else:
            net, gross = base, make(add(base.amount, tax_sum), currency)
        subtotal = add(subtotal, net.amount)
        line_amounts.append(
            LineAmounts(base=base, net=net, taxes=taxes_shown, tax=line_tax, gross=gross)
        )
    tax_total = zero
    for amount in by_tax.values():
        tax_total = add(tax_total, amount)
    return DocumentAmounts(
        lines=tuple(line_amounts),
        taxes=tuple((tax, make(amount, currency)) for tax, amount in by_tax.items()),
        subtotal=make(subtotal, currency),
        tax_total=make(tax_total, currency),
        total=make(add(subtotal, tax_total), currency),
    )


def _cumulative_parts(
    shares: list[Decimal], currency: Currency, rounding: RoundingMode
) -> tuple[Money, ...]:
    """Signed shares shown by cumulative rounding: part k is round(s1..sk) − round(s1..sk−1).

    Used when a document has negative lines (a discount line) under global tax rounding: the
    parts add up to the rounded total of the shares, whatever their signs.
    """
    parts: list[Money] = []
    running = _ZERO
    shown = Money.zero(currency)
    for share in shares:
        running = DECIMAL_CONTEXT.add(running, share)
        rounded = Money(running, currency).round(rounding)
        parts.append(rounded - shown)
        shown = rounded
    return tuple(parts)


def _check_line_currencies(lines: tuple[InvoiceLine, ...], currency: Currency) -> None:
    for line in lines:
        if line.currency is not currency:
            raise CurrencyMismatchError(
                currency.code,
                line.currency.code,
                message=(
                    f"line {line.description!r} is in {line.currency.code!r}, the document in "
                    f"{currency.code!r}; every line must be in the document's currency"
                ),
            )
