"""Tests for accountexec.time_and_materials' result types: role time and charges refuse nonsense.

Pricing time and expenses under a cap is tested in test_billing.py; here, what the constructors of
its results accept.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings

from accountexec.errors import ValidationError
from accountexec.money import Money
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import role_times, time_and_materials_charges
from accountexec.time_and_materials import (
    Expense,
    RoleTime,
    TimeAndMaterials,
    TimeAndMaterialsCharge,
)

DAY = pendulum.date(2026, 3, 2)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def role_time(**changes: object) -> RoleTime:
    fields: dict[str, object] = {
        "role": "designer",
        "hours": Decimal("2.5"),
        "rate": eur("95.125"),
        "amount": eur("237.81"),
    }
    return RoleTime(**{**fields, **changes})  # type: ignore[arg-type]


def charge(**changes: object) -> TimeAndMaterialsCharge:
    fields: dict[str, object] = {
        "time": [role_time()],
        "expenses": [Expense(description="prints", on=DAY, amount=eur("150.00"))],
        "uncapped": eur("387.81"),
        "billed": eur("300.00"),
        "excess": eur("87.81"),
    }
    return TimeAndMaterialsCharge(**{**fields, **changes})  # type: ignore[arg-type]


class TestResultTypesRefuseNonsense:
    def test_valid_results_are_normalised(self):
        assert role_time(hours="2.5").hours == Decimal("2.5")
        made = charge()
        assert isinstance(made.time, tuple)
        assert isinstance(made.expenses, tuple)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("role", ""),
            ("hours", Decimal("-2.5")),
            ("hours", 2.5),
            ("rate", eur("0.00")),
            ("rate", "95.125"),
            ("amount", eur("237.82")),  # not hours × rate rounded half up
            ("amount", Money("237.81", "USD")),
            ("amount", eur("237.811")),
        ],
    )
    def test_role_time_refuses(self, field, value):
        with pytest.raises(ValidationError) as info:
            role_time(**{field: value})
        assert info.value.field == field

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"time": [role_time(), role_time()]}, "time"),
            ({"time": ["designer"]}, "time"),
            (
                {"time": [role_time(rate=Money("95.125", "USD"), amount=Money("237.81", "USD"))]},
                "time",
            ),
            (
                {"expenses": [Expense(description="x", on=DAY, amount=Money("150.00", "USD"))]},
                "expenses",
            ),
            ({"expenses": "prints"}, "expenses"),
            ({"uncapped": eur("-387.81")}, "uncapped"),
            ({"uncapped": eur("400.00"), "excess": eur("100.00")}, "uncapped"),
            ({"billed": Money("300.00", "USD")}, "billed"),
            ({"billed": eur("300.001")}, "billed"),
            ({"excess": eur("0.00")}, "excess"),  # billed + excess is not uncapped
        ],
    )
    def test_a_charge_refuses(self, changes, field):
        with pytest.raises(ValidationError) as info:
            charge(**changes)
        assert info.value.field == field

    @settings(max_examples=30)
    @given(time_and_materials_charges())
    def test_every_charge_the_library_makes_passes(self, made):
        assert attrs.evolve(made) == made
        assert all(attrs.evolve(t) == t for t in made.time)

    @settings(max_examples=30)
    @given(role_times())
    def test_every_role_time_the_library_makes_passes(self, made):
        assert attrs.evolve(made) == made

    def test_a_charge_read_back_with_excess_out_of_step_is_refused(self):
        data = to_dict(charge())
        data["excess"]["amount"] = "0.00"
        with pytest.raises(ValidationError, match="uncapped less billed"):
            from_dict(TimeAndMaterialsCharge, data)

    def test_validation_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        made = role_time(hours=Decimal("123.456"), amount=eur("11743.75"))
        assert made.amount == (made.rate * made.hours).round()


class TestChargeRefusesWhatIsNotATimesheet:
    @pytest.fixture
    def tm(self):
        return TimeAndMaterials(hourly_rates={"designer": Money("100.00", "EUR")})

    def test_an_entry_that_is_not_a_time_entry_is_refused(self, tm):
        with pytest.raises(ValidationError, match="'entries'"):
            tm.charge(entries=["8 hours of design"])

    def test_an_expense_that_is_not_an_expense_is_refused(self, tm):
        with pytest.raises(ValidationError, match="'expenses'"):
            tm.charge(expenses=[Money("10.00", "EUR")])

    @pytest.mark.parametrize("before", [Decimal("10"), Money("10.00", "USD")])
    def test_billed_before_must_be_money_in_the_contract_currency(self, tm, before):
        with pytest.raises(ValidationError, match="'billed_before'"):
            tm.charge(billed_before=before)
