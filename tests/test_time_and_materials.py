"""Tests for accountexec.time_and_materials' result types: role time and charges refuse nonsense.

Pricing time and expenses under a cap is tested in test_billing.py; here, what the constructors of
its results accept.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings

from accountexec.commerce.billing_protocol import ArrangementState
from accountexec.commerce.periods import BillingPeriod
from accountexec.errors import ValidationError
from accountexec.money import Money
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import role_times, time_and_materials_charges
from accountexec.time_and_materials import (
    Expense,
    RoleTime,
    TimeAndMaterials,
    TimeAndMaterialsCharge,
    TimeEntry,
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


def message(text: str) -> str:
    """A pattern that matches ``text`` word for word (refusal messages are part of the contract)."""
    return "^" + re.escape(text) + "$"


class TestRefusalsSayWhatIsAllowed:
    def test_more_than_a_day_of_hours_in_one_entry(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'hours': '24.5'; expected at most 24 hours (one person, one day)"
            ),
        ) as info:
            TimeEntry("ana", "designer", DAY, "24.5")
        assert (info.value.field, info.value.value) == ("hours", "24.5")
        assert TimeEntry("ana", "designer", DAY, 24).hours == Decimal(24)

    @pytest.mark.parametrize(
        ("rates", "shown"),
        [
            (["designer"], "'designer'"),  # text, not a (role, rate) pair
            ([5], "5"),  # not a pair at all
            ([("designer",)], "('designer',)"),  # a role without a rate
            ([()], "()"),
            ([["designer", Money("1.00", "EUR"), "x"]], "['designer', Money('1.00', 'EUR'), 'x']"),
            ({1: Money("10.00", "EUR"), "a": Money("10.00", "EUR")}, "(1, Money('10.00', 'EUR'))"),
        ],
    )
    def test_hourly_rates_that_are_not_roles_with_rates(self, rates, shown):
        with pytest.raises(
            ValidationError,
            match=message(
                f"invalid 'hourly_rates': {shown}; "
                "expected role names (text) mapped to hourly rates"
            ),
        ) as info:
            TimeAndMaterials(hourly_rates=rates)
        assert info.value.field == "hourly_rates"

    def test_a_charge_with_two_entries_for_one_role(self):
        with pytest.raises(
            ValidationError,
            match=message("invalid 'time': ['designer', 'designer']; expected one entry per role"),
        ) as info:
            charge(time=[role_time(), role_time()])
        assert info.value.value == ["designer", "designer"]

    def test_a_charge_whose_uncapped_is_not_the_time_and_expenses(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'uncapped': Money('400.00', 'EUR'); "
                "expected the time and expenses: Money('387.81', 'EUR')"
            ),
        ) as info:
            charge(uncapped=eur("400.00"), excess=eur("100.00"))
        assert info.value.value == eur("400.00")

    def test_a_charge_whose_excess_is_not_uncapped_less_billed(self):
        with pytest.raises(
            ValidationError,
            match=message(
                "invalid 'excess': Money('80.00', 'EUR'); "
                "expected uncapped less billed: Money('87.81', 'EUR')"
            ),
        ) as info:
            charge(excess=eur("80.00"))
        assert info.value.value == eur("80.00")

    @pytest.mark.parametrize(
        ("arguments", "text"),
        [
            ({"entries": "ana"}, "invalid 'entries': 'ana'; expected a sequence (list or tuple)"),
            (
                {"expenses": "prints"},
                "invalid 'expenses': 'prints'; expected a sequence (list or tuple)",
            ),
            ({"entries": ["8 hours"]}, "invalid 'entries': '8 hours'; expected TimeEntry values"),
            (
                {"expenses": [Money("10.00", "EUR")]},
                "invalid 'expenses': Money('10.00', 'EUR'); expected Expense values",
            ),
            (
                {"entries": [TimeEntry("ana", "pilot", DAY, 1)]},
                (
                    "invalid 'role': 'pilot'; expected one of the roles with a rate: "
                    "['designer', 'writer']"
                ),
            ),
            (
                {"expenses": [Expense(description="x", on=DAY, amount=Money("1.00", "USD"))]},
                "invalid 'expenses': Money('1.00', 'USD'); expected an amount in EUR",
            ),
            (
                {"billed_before": Money("1.00", "USD")},
                "invalid 'billed_before': Money('1.00', 'USD'); expected None or an amount in EUR",
            ),
            (
                {"billed_before": Decimal("10")},
                "invalid 'billed_before': Decimal('10'); expected None or an amount in EUR",
            ),
        ],
    )
    def test_charge_refuses(self, arguments, text):
        tm = TimeAndMaterials(hourly_rates={"writer": eur("50.00"), "designer": eur("95.00")})
        with pytest.raises(ValidationError, match=message(text)):
            tm.charge(**arguments)


class TestRatesAreKeptInRoleOrder:
    def test_the_order_the_rates_are_given_in_does_not_matter(self):
        given_order = TimeAndMaterials(
            hourly_rates={"writer": eur("50.00"), "designer": eur("95.00")}
        )
        sorted_order = TimeAndMaterials(
            hourly_rates=[("designer", eur("95.00")), ("writer", eur("50.00"))]
        )
        assert given_order == sorted_order
        assert list(given_order.hourly_rates) == ["designer", "writer"]
        assert repr(given_order) == (
            "TimeAndMaterials(hourly_rates={'designer': Money('95.00', 'EUR'), "
            "'writer': Money('50.00', 'EUR')}, cap=None, name='time_and_materials', tower=None)"
        )


class TestLinesFor:
    """What time and materials hand to bill(): the lines' kinds and descriptions."""

    PERIOD = BillingPeriod(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31))

    def lines(self, tm, entries, billed=None):
        state = ArrangementState(name="time_and_materials", billed=billed)
        made = tm.lines_for(None, self.PERIOD, tuple(entries), state)
        assert made.state is state
        return made.charges

    def test_time_per_role_then_expenses(self):
        tm = TimeAndMaterials(hourly_rates={"writer": eur("50.00"), "designer": eur("95.125")})
        charges = self.lines(
            tm,
            [
                TimeEntry("bo", "writer", DAY, 3),
                TimeEntry("ana", "designer", DAY, "2.5"),
                Expense(description="prints", on=DAY, amount=eur("150.10")),
            ],
        )
        assert [(c.kind, c.description, c.quantity, c.unit_price) for c in charges] == [
            ("time", "designer: 2.5 h", Decimal("2.5"), eur("95.125")),
            ("time", "writer: 3 h", Decimal(3), eur("50.00")),
            ("expense", "Expense: prints on 2026-03-02", Decimal(1), eur("150.10")),
        ]

    def test_past_the_cap_one_line_for_what_still_fits(self):
        tm = TimeAndMaterials(hourly_rates={"designer": eur("100.00")}, cap=eur("1000.00"))
        entries = [
            TimeEntry("ana", "designer", DAY, 8),
            Expense(description="prints", on=DAY, amount=eur("150.00")),
        ]
        (capped,) = self.lines(tm, entries, billed=eur("500.00"))
        assert capped.kind == "capped"
        assert capped.description == (
            "Time and materials up to the cap of 1000.00 EUR "
            "(950.00 worked, 450.00 over the cap not billed)"
        )
        assert (capped.quantity, capped.unit_price) == (Decimal(1), eur("500.00"))

    def test_nothing_once_the_cap_is_reached(self):
        tm = TimeAndMaterials(hourly_rates={"designer": eur("100.00")}, cap=eur("1000.00"))
        entries = [TimeEntry("ana", "designer", DAY, 8)]
        assert self.lines(tm, entries, billed=eur("1000.00")) == ()
