"""Media commission and markup: what the client is billed, what the agency pays, its margin.

**Media and markup** (DOMAIN.md, "Agency billing"). Under commission the client is billed the gross
``G``, the media owner is paid ``G·(1−c)`` and the agency keeps ``c·G``; grossing up a net cost
bills ``net / (1 − c)``, so a 15% commission is a 17.65% markup (100 / 0.85 = 117.65). A markup
bills ``net·(1 + m)``. Every charge reports what the client is billed, what the agency pays out
and the margin it keeps, and ``billed == cost + margin`` to the cent.

>>> from accountexec.money import Money, Rate
>>> MediaCommission(rate=Rate.percent(15)).gross_up(Money("100.00", "EUR")).gross
Money('117.65', 'EUR')

Every name here is also importable from :mod:`accountexec.billing`.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

import attrs
import pendulum

from accountexec._fields import check_optional_name, check_text, require_currency
from accountexec.commerce._billing_fields import check_money, check_rate, on_date
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    ContractTerms,
)
from accountexec.commerce.periods import BillingPeriod
from accountexec.commerce.time_and_materials import Expense
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, Rate, money_validator

__all__ = ["Markup", "MarkupCharge", "MediaCharge", "MediaCommission", "MediaPlacement"]


_check_charged = money_validator(rounded=True, non_negative=True)


@attrs.frozen(kw_only=True)
class MediaCharge:
    """One media buy priced under commission: ``billed == cost + margin`` to the cent.

    ``gross`` is the media's gross value (the commission base unless the rebate lowers it),
    ``rebate`` what the client is let off, ``billed`` what the client pays (gross − rebate),
    ``commission`` the agency's share (its margin), ``net`` what the media owner is paid.

    >>> from accountexec.money import Money, Rate
    >>> c = MediaCommission(rate=Rate.percent(15)).commission(Money("10000.00", "EUR"),
    ...                                                       rebate=Money("500.00", "EUR"))
    >>> c.billed, c.cost, c.margin, c.billed == c.cost + c.margin
    (Money('9500.00', 'EUR'), Money('8000.00', 'EUR'), Money('1500.00', 'EUR'), True)
    >>> from decimal import Decimal
    >>> c.margin_rate.value.quantize(Decimal("0.0001"))
    Decimal('0.1579')

    Every amount is rounded and in one currency; gross, rebate (at most the gross) and commission
    are of zero or more, and ``net == gross - rebate - commission`` (it may be negative when a
    rebate takes more than the media owner's share).
    """

    gross: Money = attrs.field(validator=_check_charged)
    rebate: Money = attrs.field(validator=_check_charged)
    commission: Money = attrs.field(validator=_check_charged)
    net: Money = attrs.field(validator=money_validator(rounded=True))

    def __attrs_post_init__(self) -> None:
        currency = self.gross.currency
        for name in ("rebate", "commission", "net"):
            require_currency(name, getattr(self, name), currency)
        if self.rebate > self.gross:
            raise ValidationError("rebate", self.rebate, f"at most the gross {self.gross!r}")
        if self.net != self.gross - self.rebate - self.commission:
            expected = self.gross - self.rebate - self.commission
            raise ValidationError("net", self.net, f"gross - rebate - commission: {expected!r}")

    @property
    def billed(self) -> Money:
        """What the client pays: the gross less the rebate."""
        return self.gross - self.rebate

    @property
    def cost(self) -> Money:
        """What the agency pays out: the media owner's net."""
        return self.net

    @property
    def margin(self) -> Money:
        """What the agency keeps: the commission."""
        return self.commission

    @property
    def margin_rate(self) -> Rate:
        """The margin as a share of what the client pays."""
        return _margin_rate(self.margin, self.billed)


@attrs.frozen(kw_only=True)
class MarkupCharge:
    """A net cost with a markup: ``billed == net + markup`` to the cent.

    >>> from accountexec.money import Money, Rate
    >>> c = Markup(rate=Rate.percent(20)).apply(Money("800.00", "EUR"))
    >>> c.net, c.markup, c.billed, c.cost + c.margin == c.billed
    (Money('800.00', 'EUR'), Money('160.00', 'EUR'), Money('960.00', 'EUR'), True)

    Both amounts are rounded, of zero or more, in one currency.
    """

    net: Money = attrs.field(validator=_check_charged)
    markup: Money = attrs.field(validator=_check_charged)

    def __attrs_post_init__(self) -> None:
        require_currency("markup", self.markup, self.net.currency)

    @property
    def billed(self) -> Money:
        """What the client pays."""
        return self.net + self.markup

    @property
    def cost(self) -> Money:
        """What the agency pays out."""
        return self.net

    @property
    def margin(self) -> Money:
        """What the agency keeps: the markup."""
        return self.markup

    @property
    def margin_rate(self) -> Rate:
        """The margin as a share of what the client pays."""
        return _margin_rate(self.margin, self.billed)


def _margin_rate(margin: Money, billed: Money) -> Rate:
    if not billed.amount:
        return Rate(0)
    return Rate(margin / billed)


@attrs.frozen
class MediaCommission:
    """Media billed under commission: the agency keeps ``rate`` of the gross (15% classically).

    A rebate lowers what the client pays but not the commission base, unless
    ``rebate_reduces_base``. All results are rounded half up to the currency's minor unit, and the
    net is always derived as ``gross − rebate − commission``, so the three add up exactly.

    >>> from accountexec.money import Money, Rate
    >>> media = MediaCommission(rate=Rate.percent(15))
    >>> c = media.commission(Money("10000.00", "EUR"))
    >>> c.billed, c.net, c.margin
    (Money('10000.00', 'EUR'), Money('8500.00', 'EUR'), Money('1500.00', 'EUR'))
    >>> up = media.gross_up(Money("100.00", "EUR"))
    >>> up.gross, up.commission, up.net
    (Money('117.65', 'EUR'), Money('17.65', 'EUR'), Money('100.00', 'EUR'))
    >>> Markup(rate=media.equivalent_markup()).apply(Money("100.00", "EUR")).billed
    Money('117.65', 'EUR')
    """

    rate: Rate = attrs.field(factory=lambda: Rate.percent(15))
    rebate_reduces_base: bool = attrs.field(default=False, kw_only=True)
    name: str = attrs.field(default="media", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    allows_gaps: ClassVar[bool] = False
    """Placements are billed period after period, so none is left out by a skipped one."""

    @rate.validator
    def _check_commission(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_rate("rate", value, below_one=True)

    @rebate_reduces_base.validator
    def _check_flag(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("rebate_reduces_base", value, "True or False")

    @property
    def currency(self) -> None:
        """A commission has no currency of its own (it applies to any)."""
        return None

    def commission(self, gross: Money, rebate: Money | None = None) -> MediaCharge:
        """Commission mode: the client is billed the gross (less any rebate); the agency keeps c·G.

        >>> from accountexec.money import Money, Rate
        >>> media = MediaCommission(rate=Rate.percent(15))
        >>> c = media.commission(Money("10000.00", "EUR"), rebate=Money("500.00", "EUR"))
        >>> c.billed, c.commission, c.net
        (Money('9500.00', 'EUR'), Money('1500.00', 'EUR'), Money('8000.00', 'EUR'))
        >>> c = MediaCommission(rebate_reduces_base=True).commission(
        ...     Money("10000.00", "EUR"), rebate=Money("500.00", "EUR"))
        >>> c.billed, c.commission, c.net
        (Money('9500.00', 'EUR'), Money('1425.00', 'EUR'), Money('8075.00', 'EUR'))
        """
        check_money("gross", gross)
        off = Money.zero(gross.currency) if rebate is None else rebate
        check_money("rebate", off)
        if off.currency != gross.currency:
            raise ValidationError("rebate", off, f"an amount in {gross.currency.code}")
        if off > gross:
            raise ValidationError("rebate", off, f"at most the gross {gross!r}")
        base = gross - off if self.rebate_reduces_base else gross
        commission = (base * self.rate).round()
        return MediaCharge(
            gross=gross.round(),
            rebate=off.round(),
            commission=commission,
            net=gross.round() - off.round() - commission,
        )

    def gross_up(self, net: Money) -> MediaCharge:
        """Gross a net media cost up: ``gross = round(net / (1 − c))``, commission the difference.

        ``commission(gross_up(net).gross).net == net`` always (the round trip from a net is exact).
        """
        check_money("net", net)
        gross = (net / self.rate.complement()).round()
        return MediaCharge(
            gross=gross, rebate=Money.zero(net.currency), commission=gross - net, net=net.round()
        )

    def equivalent_markup(self) -> Rate:
        """The markup on net that bills what this commission does: ``c / (1 − c)``."""
        return self.rate / self.rate.complement().value

    # -- billing (see accountexec.commerce.billing_protocol) ----------------------------------

    def takes(self, item: object) -> bool:
        """Whether ``item`` is billed here: media placements."""
        return isinstance(item, MediaPlacement)

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """One line per placement of the period, at what the client is billed for it."""
        charges = []
        for placement in entries:
            charge = placement.price(self)
            rebate = f", rebate {charge.rebate.amount}" if charge.rebate.amount else ""
            charges.append(
                ArrangementCharge(
                    kind="media",
                    description=f"Media: {placement.description} on {placement.on} "
                    f"(gross {charge.gross.amount}{rebate})",
                    quantity=1,
                    unit_price=charge.billed,
                )
            )
        return ArrangementBill(charges=charges, state=state)


@attrs.frozen
class Markup:
    """A markup on net third-party costs (production): ``billed = net·(1 + m)``, rounded half up.

    >>> from accountexec.money import Money, Rate
    >>> c = Markup(rate=Rate.percent(20)).apply(Money("800.00", "EUR"))
    >>> c.billed, c.margin
    (Money('960.00', 'EUR'), Money('160.00', 'EUR'))
    """

    rate: Rate = attrs.field()
    name: str = attrs.field(default="production", validator=check_text, kw_only=True)
    tower: str | None = attrs.field(default=None, validator=check_optional_name, kw_only=True)

    allows_gaps: ClassVar[bool] = False
    """Costs are billed period after period, so none is left out by a skipped one."""

    @rate.validator
    def _check_markup(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_rate("rate", value)

    @property
    def currency(self) -> None:
        """A markup has no currency of its own (it applies to any)."""
        return None

    def apply(self, net: Money) -> MarkupCharge:
        """Mark a net cost up."""
        check_money("net", net)
        return MarkupCharge(net=net.round(), markup=(net * self.rate).round())

    # -- billing (see accountexec.commerce.billing_protocol) ----------------------------------

    def takes(self, item: object) -> bool:
        """Whether ``item`` is billed here: third-party costs (expenses)."""
        return isinstance(item, Expense)

    def lines_for(
        self,
        contract: ContractTerms,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        """One line per cost of the period, marked up."""
        charges = []
        for expense in entries:
            marked = self.apply(expense.amount)
            charges.append(
                ArrangementCharge(
                    kind="markup",
                    description=f"{expense.description} on {expense.on} "
                    f"(net {marked.net.amount} + {self.rate} markup)",
                    quantity=1,
                    unit_price=marked.billed,
                )
            )
        return ArrangementBill(charges=charges, state=state)


@attrs.frozen(kw_only=True)
class MediaPlacement:
    """A media buy for the client, at its ``gross`` (rate card) value or at the owner's ``net``.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> MediaPlacement(description="TV spots", on=pendulum.date(2026, 3, 9),
    ...                gross=Money("10000.00", "EUR")).gross
    Money('10000.00', 'EUR')
    """

    description: str = attrs.field(validator=check_text)
    on: pendulum.Date = attrs.field(converter=on_date)
    gross: Money | None = attrs.field(default=None)
    net: Money | None = attrs.field(default=None)
    rebate: Money | None = attrs.field(default=None)
    arrangement: str | None = attrs.field(default=None, validator=check_optional_name)

    def __attrs_post_init__(self) -> None:
        if (self.gross is None) == (self.net is None):
            raise ValidationError("gross", self.gross, "exactly one of gross and net")
        amount = check_money(
            "gross" if self.gross is not None else "net",
            self.gross if self.gross is not None else self.net,
        )
        if self.rebate is not None:
            check_money("rebate", self.rebate)
            if self.net is not None:
                raise ValidationError("rebate", self.rebate, "None for a placement priced at net")
            if self.rebate.currency != amount.currency or self.rebate > amount:
                raise ValidationError("rebate", self.rebate, f"at most {amount!r}")

    @property
    def currency(self) -> Currency:
        """The placement's currency."""
        amount = self.gross if self.gross is not None else self.net
        return cast("Money", amount).currency

    def price(self, media: MediaCommission) -> MediaCharge:
        """The placement priced under ``media``'s commission."""
        if self.gross is not None:
            return media.commission(self.gross, self.rebate)
        return media.gross_up(cast("Money", self.net))
