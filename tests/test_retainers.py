"""Tests for accountexec.retainers' result types: segments and hours refuse nonsense.

Retainer billing itself (proration, periods, hours) is tested in test_billing.py; here, what the
constructors of its results accept.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.commerce.retainers import BillingPeriod, Retainer, RetainerHours, RetainerSegment
from accountexec.errors import ValidationError
from accountexec.money import Money
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import retainer_segments, retainers

JANUARY = BillingPeriod(dt.date(2026, 1, 1), dt.date(2026, 1, 31))


def segment(**changes: object) -> RetainerSegment:
    fields: dict[str, object] = {
        "period": JANUARY,
        "start": dt.date(2026, 1, 9),
        "end": dt.date(2026, 1, 31),
        "amount": Money("2300.00", "EUR"),
        "included_hours": Decimal("23.00"),
    }
    return RetainerSegment(**{**fields, **changes})  # type: ignore[arg-type]


def hours(**changes: object) -> RetainerHours:
    fields: dict[str, object] = {
        "period": JANUARY,
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 1, 31),
        "allowance": Decimal(40),
        "used": Decimal(30),
        "overage": Decimal(0),
        "carried_out": Decimal(10),
        "overage_amount": Money("0.00", "EUR"),
    }
    return RetainerHours(**{**fields, **changes})  # type: ignore[arg-type]


class TestResultTypesRefuseNonsense:
    def test_valid_results_are_normalised(self):
        assert type(segment().start) is pendulum.Date
        assert segment(included_hours=None).included_hours is None
        assert hours(used=30).used == Decimal(30)  # hours worked may be given as an int

    @pytest.mark.parametrize(
        ("field", "value", "named"),
        [
            ("period", ("2026-01-01", "2026-01-31"), "period"),
            ("start", dt.datetime(2026, 1, 9, 9), "start"),
            ("start", dt.date(2025, 12, 31), "start"),  # outside the period
            ("end", dt.date(2026, 2, 1), "start"),  # outside the period, from the start
            ("end", dt.date(2026, 1, 8), "end"),  # before the start
            ("amount", Money("-2300.00", "EUR"), "amount"),
            ("amount", Money("2300.001", "EUR"), "amount"),
            ("amount", Decimal("2300.00"), "amount"),
            ("included_hours", Decimal("-1"), "included_hours"),
            ("included_hours", 23.0, "included_hours"),
        ],
    )
    def test_a_segment_refuses(self, field, value, named):
        with pytest.raises(ValidationError) as info:
            segment(**{field: value})
        assert info.value.field == named

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("allowance", Decimal("NaN")),
            ("used", Decimal("-5")),
            ("used", "30"),
            ("overage", Decimal("NaN")),
            ("carried_out", Decimal("41")),  # more than the allowance
            ("overage_amount", Money("-120.00", "EUR")),
            ("start", dt.date(2025, 12, 1)),
        ],
    )
    def test_hours_refuse(self, field, value):
        with pytest.raises(ValidationError) as info:
            hours(**{field: value})
        assert info.value.field == field

    @settings(max_examples=30)
    @given(retainer_segments())
    def test_every_segment_the_library_makes_passes(self, made):
        assert attrs.evolve(made) == made

    @settings(max_examples=30)
    @given(retainers(), st.integers(0, 60))
    def test_every_hours_row_the_library_makes_passes(self, retainer: Retainer, worked):
        term = BillingPeriod(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        used = {s.period: worked for s in retainer.segments(term.start, term.end)}
        for row in retainer.hours(term, used):
            assert attrs.evolve(row) == row

    def test_a_segment_read_back_outside_its_period_is_refused(self):
        data = to_dict(segment())
        data["start"] = "2025-12-09"
        with pytest.raises(ValidationError, match="'start' at \\$"):
            from_dict(RetainerSegment, data)

    def test_validation_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        made = hours(allowance=Decimal("40.123456789"), carried_out=Decimal("10.123456789"))
        assert made.carried_out < made.allowance
