"""Tests for accountexec.media's result types: media and markup charges refuse nonsense.

Commission, gross-up and markup arithmetic is tested in test_billing.py; here, what the
constructors of their results accept.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.commerce.billing_protocol import ArrangementState
from accountexec.commerce.periods import BillingPeriod
from accountexec.errors import ValidationError
from accountexec.media import Markup, MarkupCharge, MediaCharge, MediaCommission, MediaPlacement
from accountexec.money import Money, Rate
from accountexec.serialize import from_dict, to_dict


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def media(**changes: object) -> MediaCharge:
    fields: dict[str, object] = {
        "gross": eur("10000.00"),
        "rebate": eur("500.00"),
        "commission": eur("1500.00"),
        "net": eur("8000.00"),
    }
    return MediaCharge(**{**fields, **changes})  # type: ignore[arg-type]


CENTS = st.integers(0, 10**9).map(lambda cents: Money(Decimal(cents).scaleb(-2), "EUR"))
PERCENT = st.integers(0, 99).map(Rate.percent)


class TestResultTypesRefuseNonsense:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("gross", eur("-10000.00")),
            ("gross", Decimal("10000.00")),
            ("rebate", eur("10000.01")),  # more than the gross
            ("rebate", eur("500.001")),
            ("commission", eur("-1500.00")),
            ("commission", Money("1500.00", "USD")),
            ("net", eur("8000.01")),  # not gross - rebate - commission
            ("net", 8000),
        ],
    )
    def test_a_media_charge_refuses(self, field, value):
        with pytest.raises(ValidationError) as info:
            media(**{field: value})
        assert info.value.field == field

    def test_a_rebate_may_take_more_than_the_media_owners_share(self):
        made = MediaCommission(rate=Rate.percent(15)).commission(eur("100.00"), eur("90.00"))
        assert made.net == eur("-5.00")
        assert attrs.evolve(made) == made

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"net": eur("-800.00")}, "net"),
            ({"net": eur("800.005")}, "net"),
            ({"markup": Money("160.00", "USD")}, "markup"),
            ({"markup": "160.00"}, "markup"),
        ],
    )
    def test_a_markup_charge_refuses(self, changes, field):
        with pytest.raises(ValidationError) as info:
            MarkupCharge(**{"net": eur("800.00"), "markup": eur("160.00"), **changes})
        assert info.value.field == field

    @given(CENTS, CENTS, PERCENT, st.booleans())
    def test_every_charge_the_library_makes_passes(self, gross, rebate, rate, reduces):
        gross, rebate = max(gross, rebate), min(gross, rebate)
        commission = MediaCommission(rate=rate, rebate_reduces_base=reduces)
        for made in (commission.commission(gross, rebate), commission.gross_up(rebate)):
            assert attrs.evolve(made) == made
        marked = Markup(rate=rate).apply(gross)
        assert attrs.evolve(marked) == marked

    def test_a_charge_read_back_with_a_net_out_of_step_is_refused(self):
        data = to_dict(media())
        data["net"]["amount"] = "9000.00"
        with pytest.raises(ValidationError, match="gross - rebate - commission"):
            from_dict(MediaCharge, data)

    def test_validation_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        made = media(gross=eur("123456789.12"), net=eur("123454789.12"))
        assert made.billed == eur("123456289.12")


def message(text: str) -> str:
    """A pattern that matches ``text`` word for word (refusal messages are part of the contract)."""
    return "^" + re.escape(text) + "$"


DAY = pendulum.date(2026, 3, 9)


class TestRefusalsSayWhatIsAllowed:
    def test_a_media_charge_whose_rebate_is_more_than_the_gross(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'rebate': Money('10000.01', 'EUR'); "
                "expected at most the gross Money('10000.00', 'EUR')"
            ),
        ) as info:
            media(rebate=eur("10000.01"))
        assert info.value.value == eur("10000.01")

    def test_a_media_charge_whose_net_is_out_of_step(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'net': Money('8000.01', 'EUR'); "
                "expected gross - rebate - commission: Money('8000.00', 'EUR')"
            ),
        ) as info:
            media(net=eur("8000.01"))
        assert info.value.value == eur("8000.01")

    @pytest.mark.parametrize(
        ("gross", "rebate", "text"),
        [
            (Decimal("100"), None, "invalid 'gross': Decimal('100'); expected a Money"),
            (eur("100.00"), Decimal("1"), "invalid 'rebate': Decimal('1'); expected a Money"),
            (
                eur("100.00"),
                Money("1.00", "USD"),
                "invalid 'rebate': Money('1.00', 'USD'); expected an amount in EUR",
            ),
            (
                eur("100.00"),
                eur("100.01"),
                (
                    "invalid 'rebate': Money('100.01', 'EUR'); "
                    "expected at most the gross Money('100.00', 'EUR')"
                ),
            ),
        ],
    )
    @pytest.mark.parametrize("reduces", [False, True])
    def test_commission_refuses(self, gross, rebate, text, reduces):
        commission = MediaCommission(rate=Rate.percent(15), rebate_reduces_base=reduces)
        with pytest.raises(ValidationError, match=message(text)) as info:
            commission.commission(gross, rebate)
        assert info.value.value == (gross if rebate is None else rebate)

    def test_a_rebate_may_take_the_whole_gross(self):
        made = MediaCommission(rate=Rate.percent(15)).commission(eur("100.00"), eur("100.00"))
        assert (made.billed, made.commission, made.net) == (
            eur("0.00"),
            eur("15.00"),
            eur("-15.00"),
        )

    def test_a_net_cost_must_be_money_of_zero_or_more(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'net': Money('-1.00', 'EUR'); expected an amount of zero or more"
            ),
        ):
            MediaCommission().gross_up(eur("-1.00"))
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'net': Money('1.001', 'EUR'); "
                "expected an amount rounded to the currency's minor unit"
            ),
        ):
            Markup(rate=Rate.percent(10)).apply(eur("1.001"))


class TestMediaPlacement:
    @pytest.mark.parametrize(
        ("changes", "text"),
        [
            ({}, "invalid 'gross': None; expected exactly one of gross and net"),
            (
                {"gross": eur("1.00"), "net": eur("1.00")},
                "invalid 'gross': Money('1.00', 'EUR'); expected exactly one of gross and net",
            ),
            ({"gross": Decimal("1")}, "invalid 'gross': Decimal('1'); expected a Money"),
            ({"net": Decimal("1")}, "invalid 'net': Decimal('1'); expected a Money"),
            (
                {"gross": eur("100.00"), "rebate": eur("-1.00")},
                "invalid 'rebate': Money('-1.00', 'EUR'); expected an amount of zero or more",
            ),
            (
                {"net": eur("100.00"), "rebate": eur("1.00")},
                (
                    "invalid 'rebate': Money('1.00', 'EUR'); "
                    "expected None for a placement priced at net"
                ),
            ),
            (
                {"gross": eur("100.00"), "rebate": eur("100.01")},
                "invalid 'rebate': Money('100.01', 'EUR'); expected at most Money('100.00', 'EUR')",
            ),
            (
                {"gross": eur("100.00"), "rebate": Money("1.00", "USD")},
                "invalid 'rebate': Money('1.00', 'USD'); expected at most Money('100.00', 'EUR')",
            ),
        ],
    )
    def test_refuses(self, changes, text):
        with pytest.raises(ValidationError, match=message(text)):
            MediaPlacement(description="TV", on=DAY, **changes)

    def test_a_rebate_may_be_the_whole_gross(self):
        placement = MediaPlacement(
            description="TV", on=DAY, gross=eur("100.00"), rebate=eur("100.00")
        )
        assert placement.price(MediaCommission()).billed == eur("0.00")

    def test_a_placement_at_net_is_grossed_up(self):
        placement = MediaPlacement(description="Online", on=DAY, net=eur("100.00"))
        assert placement.currency.code == "EUR"
        assert placement.price(MediaCommission()).gross == eur("117.65")


class TestLinesFor:
    """What media commission hands to bill(): a line per placement, with its rebate if any."""

    def test_one_line_per_placement(self):
        state = ArrangementState(name="media")
        placements = (
            MediaPlacement(description="TV", on=DAY, gross=eur("10000.00"), rebate=eur("500.00")),
            MediaPlacement(description="Radio", on=DAY, gross=eur("2000.00")),
            MediaPlacement(description="Online", on=DAY, net=eur("100.00")),
        )
        period = BillingPeriod(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31))
        made = MediaCommission().lines_for(None, period, placements, state)
        assert made.state is state
        assert [(c.kind, c.description, c.quantity, c.unit_price) for c in made.charges] == [
            ("media", "Media: TV on 2026-03-09 (gross 10000.00, rebate 500.00)", 1, eur("9500.00")),
            ("media", "Media: Radio on 2026-03-09 (gross 2000.00)", 1, eur("2000.00")),
            ("media", "Media: Online on 2026-03-09 (gross 117.65)", 1, eur("117.65")),
        ]
