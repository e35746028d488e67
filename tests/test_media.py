"""Tests for accountexec.media's result types: media and markup charges refuse nonsense.

Commission, gross-up and markup arithmetic is tested in test_billing.py; here, what the
constructors of their results accept.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.errors import ValidationError
from accountexec.media import Markup, MarkupCharge, MediaCharge, MediaCommission
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
