"""The parts every billing arrangement shares: billing periods, the arrangement protocol's values
(state, charge, bill) and the field checks of the arrangement types, refusals word for word."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.commerce._billing_fields import (
    check_money,
    check_rate,
    on_date,
    to_hours,
    to_optional_hours,
)
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
)
from accountexec.commerce.periods import (
    BillingPeriod,
    calendar_period,
    calendar_periods,
    check_every,
)
from accountexec.errors import ValidationError
from accountexec.money import Money, Rate

JAN = BillingPeriod(pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31))
FEB = BillingPeriod(pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28))
NOON = pendulum.datetime(2026, 1, 1, 12)
NOT_A_DATE = "expected a date (a datetime is not a date)"


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def refused(call: Callable[[], object], message: str, field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=f"^{re.escape(message)}$") as info:
        call()
    assert (info.value.field, info.value.value) == (field, value)


# ---------------------------------------------------------------------------- billing periods


class TestBillingPeriods:
    @pytest.mark.parametrize(
        ("call", "message", "field", "value"),
        [
            (
                lambda: BillingPeriod("2026-01-01", pendulum.date(2026, 1, 31)),
                f"invalid 'start': '2026-01-01'; {NOT_A_DATE}",
                "start",
                "2026-01-01",
            ),
            (
                lambda: BillingPeriod(pendulum.date(2026, 1, 1), NOON),
                f"invalid 'end': {NOON!r}; {NOT_A_DATE}",
                "end",
                NOON,
            ),
            (
                lambda: BillingPeriod(pendulum.date(2026, 1, 2), pendulum.date(2026, 1, 1)),
                "invalid 'end': Date(2026, 1, 1); expected a date on or after the start 2026-01-02",
                "end",
                pendulum.date(2026, 1, 1),
            ),
            (
                lambda: JAN.contains(NOON),
                f"invalid 'day': {NOON!r}; {NOT_A_DATE}",
                "day",
                NOON,
            ),
            (
                lambda: check_every("week"),
                "invalid 'every': 'week'; expected one of 'month', 'quarter', 'year'",
                "every",
                "week",
            ),
        ],
    )
    def test_refusals(
        self, call: Callable[[], object], message: str, field: str, value: object
    ) -> None:
        refused(call, message, field, value)

    def test_calendar_periods_are_months_unless_asked(self) -> None:
        assert str(calendar_period(pendulum.date(2026, 2, 15))) == "2026-02-01..2026-02-28"
        cut = calendar_periods(pendulum.date(2026, 1, 20), pendulum.date(2026, 2, 10))
        assert [str(p) for p in cut] == ["2026-01-20..2026-01-31", "2026-02-01..2026-02-10"]
        refused(
            lambda: calendar_period(NOON),
            f"invalid 'day': {NOON!r}; {NOT_A_DATE}",
            "day",
            NOON,
        )

    def test_a_one_day_period(self) -> None:
        day = BillingPeriod(pendulum.date(2026, 1, 31), pendulum.date(2026, 1, 31))
        assert day.days == 1
        assert str(day) == "2026-01-31..2026-01-31"

    def test_both_ends_are_in_the_period(self) -> None:
        assert JAN.contains(pendulum.date(2026, 1, 1))
        assert JAN.contains(pendulum.date(2026, 1, 31))
        assert not JAN.contains(pendulum.date(2026, 2, 1))
        assert not JAN.contains(pendulum.date(2025, 12, 31))

    def test_periods_sharing_one_end_day_overlap(self) -> None:
        touching = BillingPeriod(pendulum.date(2026, 1, 31), pendulum.date(2026, 2, 3))
        assert JAN.overlaps(touching)
        assert touching.overlaps(JAN)
        assert str(JAN.intersection(touching)) == "2026-01-31..2026-01-31"
        assert not JAN.overlaps(FEB)
        assert JAN.intersection(FEB) is None

    @given(
        st.dates(pendulum.date(2000, 1, 1), pendulum.date(2040, 12, 31)),
        st.integers(0, 800),
        st.sampled_from(("month", "quarter", "year")),
    )
    def test_calendar_periods_cover_each_day_once(
        self, start: pendulum.Date, length: int, every: str
    ) -> None:
        end = pendulum.Date(start.year, start.month, start.day).add(days=length)
        tiles = calendar_periods(start, end, every)  # type: ignore[arg-type]
        assert tiles[0].start == start
        assert tiles[-1].end == end
        assert sum(t.days for t in tiles) == length + 1
        for before, after in itertools.pairwise(tiles):
            assert after.start == before.end.add(days=1)


# --------------------------------------------------------------------- the protocol's values


class TestArrangementState:
    @pytest.mark.parametrize(
        ("call", "message", "field", "value"),
        [
            (
                lambda: ArrangementState(name="retainer", billed_on=NOON),
                f"invalid 'billed_on': {NOON!r}; {NOT_A_DATE}",
                "billed_on",
                NOON,
            ),
            (
                lambda: ArrangementState(name="retainer", periods=[1]),
                "invalid 'periods': 1; expected BillingPeriod values",
                "periods",
                1,
            ),
            (
                lambda: ArrangementState(name="retainer", periods=[JAN, FEB]),
                (
                    "invalid 'periods': ['2026-01-01..2026-01-31', '2026-02-01..2026-02-28']; "
                    "expected disjoint, non-adjacent periods in order (adjacent ones merged)"
                ),
                "periods",
                ["2026-01-01..2026-01-31", "2026-02-01..2026-02-28"],
            ),
            (
                lambda: ArrangementState(name="retainer", carried_hours="5"),
                "invalid 'carried_hours': '5'; expected a finite Decimal",
                "carried_hours",
                "5",
            ),
            (
                lambda: ArrangementState(name="retainer").billing("2026-01"),  # type: ignore[arg-type]
                "invalid 'period': '2026-01'; expected a BillingPeriod",
                "period",
                "2026-01",
            ),
            (
                lambda: ArrangementState(name="retainer", periods=[JAN]).billing(
                    BillingPeriod(pendulum.date(2026, 1, 31), pendulum.date(2026, 2, 3))
                ),
                (
                    "invalid 'period': '2026-01-31..2026-02-03'; expected days not billed yet for "
                    "'retainer'"
                ),
                "period",
                "2026-01-31..2026-02-03",
            ),
        ],
    )
    def test_refusals(
        self, call: Callable[[], object], message: str, field: str, value: object
    ) -> None:
        refused(call, message, field, value)

    def test_periods_one_day_apart_are_kept_apart(self) -> None:
        later = BillingPeriod(pendulum.date(2026, 2, 2), pendulum.date(2026, 2, 28))
        state = ArrangementState(name="retainer", periods=[JAN, later])
        assert state.periods == (JAN, later)
        assert state.billed_through == pendulum.date(2026, 2, 28)

    def test_whole_hours_are_stored_as_decimals(self) -> None:
        state = ArrangementState(name="retainer", carried_hours=-5, open_hours=3)
        assert (state.carried_hours, state.open_hours) == (Decimal(-5), Decimal(3))
        assert type(state.carried_hours) is Decimal
        assert type(state.open_hours) is Decimal

    def test_billing_merges_adjacent_stretches_and_keeps_gaps(self) -> None:
        march = BillingPeriod(pendulum.date(2026, 3, 1), pendulum.date(2026, 3, 31))
        state = ArrangementState(name="retainer").billing(march).billing(JAN)
        assert [str(p) for p in state.periods] == [
            "2026-01-01..2026-01-31",
            "2026-03-01..2026-03-31",
        ]
        assert [str(p) for p in state.billing(FEB).periods] == ["2026-01-01..2026-03-31"]


class TestArrangementChargeAndBill:
    @pytest.mark.parametrize(
        ("quantity", "message"),
        [
            (Decimal("1.5"), None),
            (1.5, "invalid 'quantity': 1.5; expected a Decimal or an int"),
            (True, "invalid 'quantity': True; expected a Decimal or an int"),
            (
                Decimal("-1"),
                "invalid 'quantity': Decimal('-1'); expected a finite quantity of zero or more",
            ),
            (
                Decimal("Infinity"),
                (
                    "invalid 'quantity': Decimal('Infinity'); expected a finite quantity of "
                    "zero or more"
                ),
            ),
        ],
    )
    def test_the_quantity(self, quantity: object, message: str | None) -> None:
        def make() -> ArrangementCharge:
            return ArrangementCharge(
                kind="fee", description="Hosting", quantity=quantity, unit_price=eur("50.00")
            )

        if message is None:
            assert make().quantity == quantity
        else:
            refused(make, message, "quantity", quantity)

    def test_quantities_of_zero_and_below_one_are_charges(self) -> None:
        for quantity in (0, Decimal("0.5")):
            charge = ArrangementCharge(
                kind="time", description="Design", quantity=quantity, unit_price=eur("90.00")
            )
            assert charge.quantity == Decimal(quantity)
            assert type(charge.quantity) is Decimal

    def test_the_period_is_none_or_a_billing_period(self) -> None:
        refused(
            lambda: ArrangementCharge(
                kind="fee", description="Hosting", quantity=1, unit_price=eur("50.00"), period="x"
            ),
            "invalid 'period': 'x'; expected None or a BillingPeriod",
            "period",
            "x",
        )
        charge = ArrangementCharge(
            kind="fee", description="Hosting", quantity=1, unit_price=eur("50.00"), period=JAN
        )
        assert charge.period == JAN

    def test_a_bill_holds_charges(self) -> None:
        state = ArrangementState(name="hosting")
        refused(
            lambda: ArrangementBill(charges=[1], state=state),  # type: ignore[list-item]
            "invalid 'charges': 1; expected ArrangementCharge values",
            "charges",
            1,
        )


# ------------------------------------------------------- the field checks of the arrangements


class TestArrangementFields:
    @pytest.mark.parametrize(
        ("call", "message", "field", "value"),
        [
            (lambda: check_money("fee", 5), "invalid 'fee': 5; expected a Money", "fee", 5),
            (
                lambda: check_money("fee", eur("1.005")),
                (
                    "invalid 'fee': Money('1.005', 'EUR'); expected an amount rounded to the "
                    "currency's minor unit"
                ),
                "fee",
                eur("1.005"),
            ),
            (
                lambda: check_money("fee", eur("0.00"), positive=True),
                "invalid 'fee': Money('0.00', 'EUR'); expected a positive amount",
                "fee",
                eur("0.00"),
            ),
            (
                lambda: check_money("rebate", eur("-0.01")),
                "invalid 'rebate': Money('-0.01', 'EUR'); expected an amount of zero or more",
                "rebate",
                eur("-0.01"),
            ),
            (
                lambda: check_rate("rate", "0.1"),
                "invalid 'rate': '0.1'; expected a Rate",
                "rate",
                "0.1",
            ),
            (
                lambda: check_rate("rate", Rate("-0.01")),
                "invalid 'rate': Rate('-0.01'); expected a Rate of 0 or more",
                "rate",
                Rate("-0.01"),
            ),
            (
                lambda: check_rate("rate", Rate("-0.01"), below_one=True),
                "invalid 'rate': Rate('-0.01'); expected a Rate from 0 up to (not including) 1",
                "rate",
                Rate("-0.01"),
            ),
            (
                lambda: check_rate("commission", Rate("1"), below_one=True),
                "invalid 'commission': Rate('1'); expected a Rate from 0 up to (not including) 1",
                "commission",
                Rate("1"),
            ),
            (
                lambda: on_date(NOON),
                f"invalid 'on': {NOON!r}; {NOT_A_DATE}",
                "on",
                NOON,
            ),
            (
                lambda: to_hours(1.5),
                "invalid 'hours': 1.5; expected a Decimal, int or numeric str (never a float)",
                "hours",
                1.5,
            ),
            (
                lambda: to_hours(True),
                "invalid 'hours': True; expected a Decimal, int or numeric str (never a float)",
                "hours",
                True,
            ),
            (
                lambda: to_hours("abc"),
                "invalid 'hours': 'abc'; expected a Decimal, int or numeric str",
                "hours",
                "abc",
            ),
            (
                lambda: to_hours(-1),
                "invalid 'hours': -1; expected a finite number of hours, zero to under a billion",
                "hours",
                -1,
            ),
            (
                lambda: to_hours(10**9),
                (
                    "invalid 'hours': 1000000000; expected a finite number of hours, zero to "
                    "under a billion"
                ),
                "hours",
                10**9,
            ),
        ],
    )
    def test_refusals(
        self, call: Callable[[], object], message: str, field: str, value: object
    ) -> None:
        refused(call, message, field, value)

    def test_what_the_checks_accept(self) -> None:
        assert check_money("fee", eur("0.00")) == eur("0.00")
        assert check_money("overage_rate", eur("1.005"), rounded=False) == eur("1.005")
        assert check_money("fee", eur("0.01"), positive=True) == eur("0.01")
        check_rate("rate", Rate("0"), below_one=True)
        check_rate("rate", Rate("0.999"), below_one=True)
        check_rate("markup", Rate("1.5"))
        assert on_date(pendulum.date(2026, 1, 5)) == pendulum.date(2026, 1, 5)
        assert to_hours(10**9 - 1) == Decimal(999_999_999)
        assert to_hours("2.5") == Decimal("2.5")
        assert to_hours(0) == 0
        assert to_optional_hours(None) is None
        assert to_optional_hours(3) == Decimal(3)
