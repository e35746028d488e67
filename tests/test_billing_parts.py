"""Tests of the parts the billing arrangements share: billing periods and the calendar periods
that cut them, the values of the arrangement protocol (state, charge, bill) and the field
converters and validators of the arrangements.

Figures are pinned day by day and refusals word for word (the messages are part of the contract).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from contextlib import AbstractContextManager
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

MIDNIGHT = dt.datetime(2026, 1, 2)  # a datetime is not a date
NOT_A_DATE = "expected a date (a datetime is not a date)"


def d(year: int, month: int, day: int) -> pendulum.Date:
    return pendulum.date(year, month, day)


def p(start: pendulum.Date, end: pendulum.Date) -> BillingPeriod:
    return BillingPeriod(start, end)


def refused(message: str) -> AbstractContextManager[pytest.ExceptionInfo[ValidationError]]:
    return pytest.raises(ValidationError, match=f"^{re.escape(message)}$")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


JAN = p(d(2026, 1, 1), d(2026, 1, 31))
FEB = p(d(2026, 2, 1), d(2026, 2, 28))
MAR = p(d(2026, 3, 1), d(2026, 3, 31))


# ------------------------------------------------------------------------------- BillingPeriod


def test_a_period_takes_dates_and_counts_both_ends() -> None:
    one_day = BillingPeriod(dt.date(2026, 1, 9), dt.date(2026, 1, 9))
    assert type(one_day.start) is pendulum.Date
    assert type(one_day.end) is pendulum.Date
    assert (one_day.start, one_day.end) == (d(2026, 1, 9), d(2026, 1, 9))
    assert one_day.days == 1
    assert str(one_day) == "2026-01-09..2026-01-09"
    assert p(d(2026, 1, 9), d(2026, 1, 31)).days == 23
    assert p(d(2024, 2, 1), d(2024, 3, 1)).days == 30  # a leap February
    assert str(p(d(2025, 12, 31), d(2026, 1, 1))) == "2025-12-31..2026-01-01"


def test_a_period_refuses_datetimes_and_an_end_before_its_start() -> None:
    with refused(f"invalid 'start': {MIDNIGHT!r}; {NOT_A_DATE}"):
        BillingPeriod(MIDNIGHT, d(2026, 1, 3))
    with refused(f"invalid 'end': {MIDNIGHT!r}; {NOT_A_DATE}"):
        BillingPeriod(d(2026, 1, 1), MIDNIGHT)
    with refused(
        "invalid 'end': Date(2026, 1, 1); expected a date on or after the start 2026-01-02"
    ):
        BillingPeriod(d(2026, 1, 2), d(2026, 1, 1))


def test_contains_includes_both_ends_and_refuses_a_datetime() -> None:
    period = p(d(2026, 1, 9), d(2026, 1, 31))
    assert period.contains(dt.date(2026, 1, 9))
    assert period.contains(d(2026, 1, 31))
    assert period.contains(d(2026, 1, 20))
    assert not period.contains(d(2026, 1, 8))
    assert not period.contains(d(2026, 2, 1))
    with refused(f"invalid 'day': {MIDNIGHT!r}; {NOT_A_DATE}"):
        period.contains(MIDNIGHT)


def test_overlaps_and_intersection_at_the_edges() -> None:
    period = p(d(2026, 1, 9), d(2026, 1, 31))
    touching_end = p(d(2026, 1, 31), d(2026, 2, 5))
    touching_start = p(d(2026, 1, 1), d(2026, 1, 9))
    assert period.overlaps(touching_end)
    assert touching_end.overlaps(period)
    assert period.overlaps(touching_start)
    assert touching_start.overlaps(period)
    assert not period.overlaps(FEB)
    assert not FEB.overlaps(period)
    assert not period.overlaps(p(d(2026, 1, 1), d(2026, 1, 8)))
    assert period.intersection(touching_end) == p(d(2026, 1, 31), d(2026, 1, 31))
    assert period.intersection(touching_start) == p(d(2026, 1, 9), d(2026, 1, 9))
    assert period.intersection(JAN) == period
    assert JAN.intersection(period) == period
    assert period.intersection(p(d(2026, 1, 20), d(2026, 3, 1))) == p(
        d(2026, 1, 20), d(2026, 1, 31)
    )
    assert period.intersection(FEB) is None


# ------------------------------------------------------------------------------- calendar periods


def test_check_every_takes_the_three_periods_only() -> None:
    for every in ("month", "quarter", "year"):
        check_every(every)
    for bad in ("week", "Month", 1, None):
        with refused(f"invalid 'every': {bad!r}; expected one of 'month', 'quarter', 'year'"):
            check_every(bad)
    with refused("invalid 'every': ['month']; expected one of 'month', 'quarter', 'year'"):
        check_every(["month"])  # unhashable: refused, not a TypeError


@pytest.mark.parametrize(
    ("day", "every", "expected"),
    [
        (d(2026, 2, 15), "month", "2026-02-01..2026-02-28"),
        (d(2024, 2, 29), "month", "2024-02-01..2024-02-29"),
        (d(2026, 1, 1), "month", "2026-01-01..2026-01-31"),
        (d(2026, 12, 31), "month", "2026-12-01..2026-12-31"),
        (d(2026, 4, 30), "month", "2026-04-01..2026-04-30"),
        (d(2026, 1, 1), "quarter", "2026-01-01..2026-03-31"),
        (d(2026, 3, 31), "quarter", "2026-01-01..2026-03-31"),
        (d(2026, 4, 1), "quarter", "2026-04-01..2026-06-30"),
        (d(2026, 8, 15), "quarter", "2026-07-01..2026-09-30"),
        (d(2026, 11, 30), "quarter", "2026-10-01..2026-12-31"),
        (d(2026, 12, 31), "quarter", "2026-10-01..2026-12-31"),
        (d(2026, 1, 1), "year", "2026-01-01..2026-12-31"),
        (d(2026, 12, 31), "year", "2026-01-01..2026-12-31"),
        (d(2024, 6, 30), "year", "2024-01-01..2024-12-31"),
    ],
)
def test_calendar_period_figures(day: pendulum.Date, every: str, expected: str) -> None:
    assert str(calendar_period(day, every)) == expected  # type: ignore[arg-type]


def test_calendar_period_is_a_month_by_default_and_takes_a_plain_date() -> None:
    assert calendar_period(dt.date(2026, 2, 15)) == p(d(2026, 2, 1), d(2026, 2, 28))
    with refused(f"invalid 'day': {MIDNIGHT!r}; {NOT_A_DATE}"):
        calendar_period(MIDNIGHT)
    with refused("invalid 'every': 'week'; expected one of 'month', 'quarter', 'year'"):
        calendar_period(d(2026, 2, 15), "week")  # type: ignore[arg-type]


def test_calendar_periods_figures() -> None:
    assert [str(x) for x in calendar_periods(d(2026, 1, 9), d(2026, 3, 8))] == [
        "2026-01-09..2026-01-31",
        "2026-02-01..2026-02-28",
        "2026-03-01..2026-03-08",
    ]
    assert calendar_periods(dt.date(2026, 1, 31), dt.date(2026, 1, 31)) == (
        p(d(2026, 1, 31), d(2026, 1, 31)),
    )
    assert calendar_periods(d(2026, 1, 31), d(2026, 2, 1)) == (
        p(d(2026, 1, 31), d(2026, 1, 31)),
        p(d(2026, 2, 1), d(2026, 2, 1)),
    )
    assert [str(x) for x in calendar_periods(d(2025, 11, 15), d(2026, 7, 1), "quarter")] == [
        "2025-11-15..2025-12-31",
        "2026-01-01..2026-03-31",
        "2026-04-01..2026-06-30",
        "2026-07-01..2026-07-01",
    ]
    assert [str(x) for x in calendar_periods(d(2025, 3, 1), d(2026, 12, 31), "year")] == [
        "2025-03-01..2025-12-31",
        "2026-01-01..2026-12-31",
    ]


def test_calendar_periods_refuses_every_first_then_the_span() -> None:
    with refused("invalid 'every': 'week'; expected one of 'month', 'quarter', 'year'"):
        calendar_periods(d(2026, 2, 1), d(2026, 1, 1), "week")  # type: ignore[arg-type]
    with refused(
        "invalid 'end': Date(2026, 1, 1); expected a date on or after the start 2026-02-01"
    ):
        calendar_periods(d(2026, 2, 1), d(2026, 1, 1))
    with refused(f"invalid 'start': {MIDNIGHT!r}; {NOT_A_DATE}"):
        calendar_periods(MIDNIGHT, d(2026, 2, 1))


@given(
    start=st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
    length=st.integers(0, 800),
    every=st.sampled_from(["month", "quarter", "year"]),
)
def test_calendar_periods_tile_the_span_inside_calendar_periods(
    start: dt.date, length: int, every: str
) -> None:
    end = start + dt.timedelta(days=length)
    tiles = calendar_periods(start, end, every)  # type: ignore[arg-type]
    assert tiles[0].start == start
    assert tiles[-1].end == end
    assert sum(t.days for t in tiles) == length + 1
    for before, after in itertools.pairwise(tiles):
        assert after.start == before.end.add(days=1)
    for tile in tiles:
        whole = calendar_period(tile.start, every)  # type: ignore[arg-type]
        assert whole.start <= tile.start
        assert tile.end <= whole.end
        assert calendar_period(tile.end, every) == whole  # type: ignore[arg-type]
        assert whole.start.day == 1
        assert whole.end.add(days=1).day == 1
        assert (whole.start.month - 1) % {"month": 1, "quarter": 3, "year": 12}[every] == 0


# ------------------------------------------------------------------------------- ArrangementState


def test_a_state_starts_empty() -> None:
    state = ArrangementState(name="retainer")
    assert state.periods == ()
    assert state.carried_hours == Decimal(0)
    assert state.open_hours == Decimal(0)
    assert state.billed is None
    assert state.billed_on is None
    assert state.billed_through is None
    assert state.overlapping(JAN) == ()


def test_a_state_takes_whole_hours_and_dates() -> None:
    state = ArrangementState(
        name="retainer",
        periods=[JAN],
        carried_hours=-3,
        open_hours=4,
        billed=eur("10.00"),
        billed_on=dt.date(2026, 1, 31),
    )
    assert type(state.carried_hours) is Decimal
    assert state.carried_hours == Decimal(-3)
    assert type(state.open_hours) is Decimal
    assert state.open_hours == Decimal(4)
    assert state.periods == (JAN,)
    assert type(state.billed_on) is pendulum.Date
    assert state.billed_on == d(2026, 1, 31)
    assert ArrangementState(name="r", open_hours=0, carried_hours=Decimal("2.5")).open_hours == 0
    assert ArrangementState(name="r", billed=eur("0.00")).billed == eur("0.00")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "invalid 'name': ''; expected a non-empty string"),
        ({"periods": 1}, "invalid 'periods': 1; expected a sequence (list or tuple)"),
        ({"periods": [1]}, "invalid 'periods': 1; expected BillingPeriod values"),
        ({"carried_hours": True}, "invalid 'carried_hours': True; expected a finite Decimal"),
        ({"carried_hours": 1.5}, "invalid 'carried_hours': 1.5; expected a finite Decimal"),
        (
            {"carried_hours": Decimal("NaN")},
            "invalid 'carried_hours': Decimal('NaN'); expected a finite Decimal",
        ),
        (
            {"open_hours": True},
            "invalid 'open_hours': True; expected a finite Decimal of 0 or more",
        ),
        (
            {"open_hours": -1},
            "invalid 'open_hours': Decimal('-1'); expected a finite Decimal of 0 or more",
        ),
        (
            {"open_hours": Decimal("-0.5")},
            "invalid 'open_hours': Decimal('-0.5'); expected a finite Decimal of 0 or more",
        ),
        (
            {"billed": eur("-1.00")},
            (
                "invalid 'billed': Money('-1.00', 'EUR'); expected a Money rounded to its"
                " currency's minor unit, of zero or more, or None"
            ),
        ),
        (
            {"billed": eur("1.005")},
            (
                "invalid 'billed': Money('1.005', 'EUR'); expected a Money rounded to its"
                " currency's minor unit, of zero or more, or None"
            ),
        ),
        (
            {"billed_on": MIDNIGHT},
            f"invalid 'billed_on': {MIDNIGHT!r}; {NOT_A_DATE}",
        ),
    ],
)
def test_a_state_refuses(fields: dict[str, object], message: str) -> None:
    with refused(message):
        ArrangementState(**{"name": "r", **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "periods",
    [
        [JAN, FEB],  # adjacent: must be merged
        [FEB, JAN],  # out of order
        [JAN, p(d(2026, 1, 31), d(2026, 2, 5))],  # overlapping by a day
        [JAN, JAN],
        [p(d(2026, 1, 1), d(2026, 1, 10)), p(d(2026, 3, 1), d(2026, 3, 2)), FEB],
    ],
)
def test_a_state_refuses_periods_that_are_not_disjoint_and_in_order(
    periods: list[BillingPeriod],
) -> None:
    shown = [str(x) for x in periods]
    with refused(
        f"invalid 'periods': {shown!r}; expected disjoint, non-adjacent periods in order"
        " (adjacent ones merged)"
    ):
        ArrangementState(name="r", periods=periods)


def test_a_state_keeps_periods_a_day_apart_or_more() -> None:
    gap = [p(d(2026, 1, 1), d(2026, 1, 30)), FEB]
    assert ArrangementState(name="r", periods=gap).periods == tuple(gap)
    three = [p(d(2026, 1, 1), d(2026, 1, 10)), p(d(2026, 1, 12), d(2026, 1, 20)), MAR]
    state = ArrangementState(name="r", periods=three)
    assert state.billed_through == d(2026, 3, 31)
    assert state.overlapping(p(d(2026, 1, 10), d(2026, 1, 12))) == tuple(three[:2])
    assert state.overlapping(p(d(2026, 1, 11), d(2026, 1, 11))) == ()
    assert state.overlapping(p(d(2026, 1, 20), d(2026, 3, 1))) == (three[1], MAR)


def test_billing_merges_adjacent_stretches_on_either_side() -> None:
    state = ArrangementState(name="r", carried_hours=2, billed=eur("5.00"))
    after_mar = state.billing(MAR)
    assert after_mar.periods == (MAR,)
    assert after_mar.carried_hours == 2
    assert after_mar.billed == eur("5.00")
    assert after_mar.name == "r"
    with_jan = after_mar.billing(JAN)  # a gap: kept apart, in order
    assert with_jan.periods == (JAN, MAR)
    assert with_jan.billed_through == d(2026, 3, 31)
    whole = with_jan.billing(FEB)  # fills the gap: one stretch
    assert whole.periods == (p(d(2026, 1, 1), d(2026, 3, 31)),)
    assert state.billing(FEB).billing(JAN).periods == (p(d(2026, 1, 1), d(2026, 2, 28)),)
    assert state.billing(JAN).billing(FEB).billed_through == d(2026, 2, 28)
    assert state.billing(JAN).billing(p(d(2026, 2, 2), d(2026, 2, 3))).periods == (
        JAN,
        p(d(2026, 2, 2), d(2026, 2, 3)),
    )
    assert state.periods == ()  # the state billed from is left as it was


def test_billing_refuses_what_is_billed_already_or_not_a_period() -> None:
    state = ArrangementState(name="retainer").billing(JAN)
    with refused(
        "invalid 'period': '2026-01-31..2026-02-01'; expected days not billed yet for 'retainer'"
    ):
        state.billing(p(d(2026, 1, 31), d(2026, 2, 1)))
    with refused(
        "invalid 'period': '2025-12-01..2026-01-01'; expected days not billed yet for 'retainer'"
    ):
        state.billing(p(d(2025, 12, 1), d(2026, 1, 1)))
    with refused("invalid 'period': '2026-01-01'; expected a BillingPeriod"):
        state.billing("2026-01-01")  # type: ignore[arg-type]


@given(st.lists(st.integers(0, 40), min_size=1, max_size=6, unique=True))
def test_billing_months_in_any_order_merges_to_the_same_stretches(
    months: list[int],
) -> None:
    periods = [calendar_period(pendulum.date(2024, 1, 1).add(months=m)) for m in months]
    state = ArrangementState(name="r")
    for period in periods:
        state = state.billing(period)
    covered = sorted(months)
    runs = 1 + sum(1 for a, b in itertools.pairwise(covered) if b != a + 1)
    assert len(state.periods) == runs
    assert sum(x.days for x in state.periods) == sum(x.days for x in periods)
    assert state.periods[0].start == min(x.start for x in periods)
    assert state.billed_through == max(x.end for x in periods)


# ------------------------------------------------------------------------------- charges and bills


def test_a_charge_takes_an_int_or_a_decimal_quantity() -> None:
    charge = ArrangementCharge(
        kind="fee", description="Hosting", quantity=2, unit_price=eur("50.00")
    )
    assert type(charge.quantity) is Decimal
    assert charge.quantity == Decimal(2)
    assert charge.period is None
    free = ArrangementCharge(
        kind="time", description="Hours", quantity=Decimal("0"), unit_price=eur("0.00"), period=JAN
    )
    assert free.quantity == 0
    assert free.period == JAN
    assert ArrangementCharge(
        kind="fee", description="x", quantity=Decimal("1.25"), unit_price=eur("0.005")
    ).unit_price == eur("0.005")  # a unit price need not be rounded


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": ""}, "invalid 'kind': ''; expected a non-empty string"),
        ({"description": " "}, "invalid 'description': ' '; expected a non-empty string"),
        ({"quantity": True}, "invalid 'quantity': True; expected a Decimal or an int"),
        ({"quantity": 1.5}, "invalid 'quantity': 1.5; expected a Decimal or an int"),
        ({"quantity": "1"}, "invalid 'quantity': '1'; expected a Decimal or an int"),
        (
            {"quantity": Decimal(-1)},
            "invalid 'quantity': Decimal('-1'); expected a finite quantity of zero or more",
        ),
        ({"quantity": -1}, "invalid 'quantity': -1; expected a finite quantity of zero or more"),
        (
            {"quantity": Decimal("Infinity")},
            "invalid 'quantity': Decimal('Infinity'); expected a finite quantity of zero or more",
        ),
        (
            {"quantity": Decimal("NaN")},
            "invalid 'quantity': Decimal('NaN'); expected a finite quantity of zero or more",
        ),
        (
            {"unit_price": eur("-0.01")},
            "invalid 'unit_price': Money('-0.01', 'EUR'); expected a Money of zero or more",
        ),
        ({"unit_price": 5}, "invalid 'unit_price': 5; expected a Money of zero or more"),
        ({"period": "x"}, "invalid 'period': 'x'; expected None or a BillingPeriod"),
    ],
)
def test_a_charge_refuses(fields: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "kind": "fee",
        "description": "Hosting",
        "quantity": 1,
        "unit_price": eur("50.00"),
    }
    with refused(message):
        ArrangementCharge(**{**base, **fields})  # type: ignore[arg-type]


def test_a_bill_holds_its_charges_and_state() -> None:
    state = ArrangementState(name="media")
    charge = ArrangementCharge(
        kind="fee", description="Hosting", quantity=1, unit_price=eur("1.00")
    )
    bill = ArrangementBill(charges=[charge, charge], state=state)
    assert bill.charges == (charge, charge)
    assert bill.state is state
    with refused("invalid 'charges': 1; expected ArrangementCharge values"):
        ArrangementBill(charges=[1], state=state)  # type: ignore[list-item]
    with refused("invalid 'state': 1; expected an ArrangementState"):
        ArrangementBill(charges=[], state=1)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- shared fields


def test_on_date_takes_a_date_and_names_on() -> None:
    assert on_date(dt.date(2026, 1, 2)) == d(2026, 1, 2)
    assert type(on_date(dt.date(2026, 1, 2))) is pendulum.Date
    with refused(f"invalid 'on': {MIDNIGHT!r}; {NOT_A_DATE}"):
        on_date(MIDNIGHT)


def test_check_money_accepts_and_returns_the_amount() -> None:
    assert check_money("fee", eur("0.00")) == eur("0.00")
    assert check_money("fee", eur("0.01"), positive=True) == eur("0.01")
    assert check_money("rate", eur("0.005"), rounded=False) == eur("0.005")
    assert check_money("rate", eur("0.005"), positive=True, rounded=False) == eur("0.005")


@pytest.mark.parametrize(
    ("value", "options", "message"),
    [
        (1, {}, "invalid 'fee': 1; expected a Money"),
        (Decimal(1), {"rounded": False}, "invalid 'fee': Decimal('1'); expected a Money"),
        (
            eur("1.005"),
            {},
            (
                "invalid 'fee': Money('1.005', 'EUR'); expected an amount rounded to the"
                " currency's minor unit"
            ),
        ),
        (
            eur("-1.005"),
            {"positive": True},
            (
                "invalid 'fee': Money('-1.005', 'EUR'); expected an amount rounded to the"
                " currency's minor unit"
            ),
        ),
        (
            eur("0.00"),
            {"positive": True},
            "invalid 'fee': Money('0.00', 'EUR'); expected a positive amount",
        ),
        (
            eur("-0.005"),
            {"positive": True, "rounded": False},
            "invalid 'fee': Money('-0.005', 'EUR'); expected a positive amount",
        ),
        (
            eur("-0.01"),
            {},
            "invalid 'fee': Money('-0.01', 'EUR'); expected an amount of zero or more",
        ),
        (
            eur("-0.005"),
            {"rounded": False},
            "invalid 'fee': Money('-0.005', 'EUR'); expected an amount of zero or more",
        ),
    ],
)
def test_check_money_refuses(value: object, options: dict[str, bool], message: str) -> None:
    with refused(message):
        check_money("fee", value, **options)


def test_to_hours_takes_decimals_ints_and_numeric_strings() -> None:
    assert to_hours(0) == Decimal(0)
    assert type(to_hours(3)) is Decimal
    assert to_hours(3) == Decimal(3)
    assert to_hours("7.5") == Decimal("7.5")
    assert to_hours(Decimal("999999999.99")) == Decimal("999999999.99")
    assert to_optional_hours(None) is None
    assert to_optional_hours("2") == Decimal(2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "invalid 'hours': True; expected a Decimal, int or numeric str (never a float)"),
        (False, "invalid 'hours': False; expected a Decimal, int or numeric str (never a float)"),
        (1.5, "invalid 'hours': 1.5; expected a Decimal, int or numeric str (never a float)"),
        ([], "invalid 'hours': []; expected a Decimal, int or numeric str (never a float)"),
        ("abc", "invalid 'hours': 'abc'; expected a Decimal, int or numeric str"),
        (
            "NaN",
            "invalid 'hours': 'NaN'; expected a finite number of hours, zero to under a billion",
        ),
        (
            Decimal("-Infinity"),
            (
                "invalid 'hours': Decimal('-Infinity'); expected a finite number of hours, zero to"
                " under a billion"
            ),
        ),
        (-1, "invalid 'hours': -1; expected a finite number of hours, zero to under a billion"),
        (
            "-0.01",
            "invalid 'hours': '-0.01'; expected a finite number of hours, zero to under a billion",
        ),
        (
            10**9,
            (
                "invalid 'hours': 1000000000; expected a finite number of hours, zero to under a"
                " billion"
            ),
        ),
    ],
)
def test_to_hours_refuses(value: object, message: str) -> None:
    with refused(message):
        to_hours(value)
    with refused(message):
        to_optional_hours(value)


def test_check_rate() -> None:
    check_rate("rate", Rate("0"))
    check_rate("rate", Rate("1"))
    check_rate("rate", Rate("2.5"))
    check_rate("rate", Rate("0"), below_one=True)
    check_rate("rate", Rate("0.999"), below_one=True)
    with refused("invalid 'rate': 1; expected a Rate"):
        check_rate("rate", 1)
    with refused("invalid 'rate': Decimal('0.5'); expected a Rate"):
        check_rate("rate", Decimal("0.5"), below_one=True)
    with refused("invalid 'rate': Rate('-0.1'); expected a Rate of 0 or more"):
        check_rate("rate", Rate("-0.1"))
    with refused("invalid 'rate': Rate('-0.1'); expected a Rate from 0 up to (not including) 1"):
        check_rate("rate", Rate("-0.1"), below_one=True)
    with refused("invalid 'rate': Rate('1'); expected a Rate from 0 up to (not including) 1"):
        check_rate("rate", Rate("1"), below_one=True)
