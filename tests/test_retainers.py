"""Tests for accountexec.retainers: its result types, settling hours, and what a run bills.

Retainer billing through whole runs of ``bill`` (proration, periods, hours) is also tested in
test_billing.py; here, what the constructors of its results accept (refusal messages word for
word), :meth:`Retainer.settle` case by case, the hours replayed over a term, and the charges
:meth:`Retainer.lines_for` writes (descriptions, kinds, days, the state carried).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.commerce.billing_protocol import ArrangementCharge, ArrangementState
from accountexec.commerce.retainers import BillingPeriod, Retainer, RetainerHours, RetainerSegment
from accountexec.commerce.time_and_materials import TimeEntry
from accountexec.contracts import Contract
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


AT = pendulum.datetime(2025, 12, 1, 9, tz="UTC")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def d(month: int, day: int, year: int = 2026) -> pendulum.Date:
    return pendulum.date(year, month, day)


def refused(message: str) -> pytest.RaisesExc[ValidationError]:
    return pytest.raises(ValidationError, match=f"^{re.escape(message)}$")


def signed(retainer: Retainer, start: dt.date, months: int) -> Contract:
    return (
        Contract(
            id="C-8",
            client_id="acme",
            title="Retainer",
            value=eur("1.00"),
            start=start,
            term_months=months,
            signatories=["ana"],
            arrangements=[retainer],
        )
        .negotiate(at=AT)
        .sign(at=AT)
    )


def worked(*days_and_hours: tuple[dt.date, int | str]) -> tuple[TimeEntry, ...]:
    return tuple(TimeEntry("ana", "designer", day, hours) for day, hours in days_and_hours)


class TestRefusalMessages:
    def test_an_end_before_the_start(self):
        with refused(
            "invalid 'end': Date(2026, 1, 8); expected a date on or after the start 2026-01-09"
        ):
            segment(end=dt.date(2026, 1, 8))

    def test_days_outside_the_period(self):
        with refused(
            "invalid 'start': Date(2025, 12, 31); "
            "expected days within the period 2026-01-01..2026-01-31 (to 2026-01-31)"
        ):
            segment(start=dt.date(2025, 12, 31))
        with refused(
            "invalid 'start': Date(2026, 1, 9); "
            "expected days within the period 2026-01-01..2026-01-31 (to 2026-02-01)"
        ):
            segment(end=dt.date(2026, 2, 1))

    def test_an_end_that_is_a_datetime(self):
        with refused(
            "invalid 'end': datetime.datetime(2026, 1, 31, 9, 0); "
            "expected a date (a datetime is not a date)"
        ):
            segment(end=dt.datetime(2026, 1, 31, 9))

    def test_more_carried_out_than_the_allowance(self):
        with refused("invalid 'carried_out': Decimal('41'); expected at most the allowance 40"):
            hours(carried_out=Decimal(41))
        assert hours(allowance=Decimal(-3), carried_out=Decimal(0)).carried_out == 0

    @pytest.mark.parametrize("limit", [-1, "many", 1.5])
    def test_a_carry_limit_that_is_not_hours(self, limit):
        with refused(
            f"invalid 'carry_limit_hours': {limit!r}; "
            "expected None or a number of hours (a Decimal, int or str)"
        ):
            Retainer(eur("1.00"), included_hours=1, carry_over=True, carry_limit_hours=limit)

    def test_a_term_start_that_is_a_datetime(self):
        with refused(
            "invalid 'term_start': datetime.datetime(2026, 1, 1, 9, 0); "
            "expected a date (a datetime is not a date)"
        ):
            Retainer(eur("1.00")).amount_for(
                d(1, 9), d(1, 31), term_start=dt.datetime(2026, 1, 1, 9)
            )


class TestIncludedHours:
    def test_a_part_of_a_month_prorates_the_hours_half_up_to_the_hundredth(self):
        # 0.7 h x 1/28 = 0.025 h: half up is 0.03 (half even would say 0.02)
        (feb,) = Retainer(eur("2800.00"), included_hours="0.7").segments(d(2, 1), d(2, 1))
        assert feb.included_hours == Decimal("0.03")
        (jan,) = Retainer(eur("3100.00"), included_hours=40).segments(d(1, 9), d(1, 31))
        assert str(jan.included_hours) == "29.68"

    def test_a_whole_month_includes_the_hours_as_given(self):
        (jan,) = Retainer(eur("3100.00"), included_hours=40).segments(d(1, 1), d(1, 31))
        assert str(jan.included_hours) == "40"

    def test_without_proration_any_part_of_a_month_includes_all_its_hours(self):
        retainer = Retainer(eur("3100.00"), proration="none", included_hours=40)
        assert [str(s.included_hours) for s in retainer.segments(d(1, 9), d(2, 14))] == [
            "40",
            "40",
        ]

    def test_no_included_hours_no_hours(self):
        (jan,) = Retainer(eur("3100.00")).segments(d(1, 9), d(1, 31))
        assert jan.included_hours is None


class TestSettle:
    """(overage to bill, hours carried out) when a calendar period closes."""

    def test_without_carry_over_unused_hours_lapse_and_beyond_is_overage(self):
        r = Retainer(eur("5000.00"), included_hours=40)
        assert r.settle(Decimal(40), Decimal(30)) == (0, 0)
        assert r.settle(Decimal(40), Decimal(45)) == (5, 0)

    def test_exactly_the_allowance_leaves_nothing_to_bill_or_carry(self):
        for carry in (False, "surplus", "surplus_and_deficit"):
            r = Retainer(eur("5000.00"), included_hours=40, carry_over=carry)
            settled = r.settle(Decimal(40), Decimal(40))
            assert repr(settled) == "(Decimal('0'), Decimal('0'))"

    def test_a_surplus_carries_until_the_term_ends(self):
        r = Retainer(eur("5000.00"), included_hours=40, carry_over="surplus")
        assert r.settle(Decimal(40), Decimal(30)) == (0, 10)  # ends_term defaults to False
        assert r.settle(Decimal(40), Decimal("39.5")) == (0, Decimal("0.5"))
        assert r.settle(Decimal(40), Decimal(30), ends_term=True) == (0, 0)
        assert r.settle(Decimal(40), Decimal(45)) == (5, 0)  # a deficit is billed

    def test_a_carry_limit_caps_the_surplus(self):
        r = Retainer(eur("5000.00"), included_hours=40, carry_over=True, carry_limit_hours=8)
        assert r.settle(Decimal(40), Decimal(30)) == (0, 8)
        assert r.settle(Decimal(40), Decimal(35)) == (0, 5)

    def test_a_deficit_carries_until_the_term_ends(self):
        r = Retainer(eur("5000.00"), included_hours=40, carry_over="surplus_and_deficit")
        assert r.settle(Decimal(40), Decimal(50)) == (0, -10)
        assert r.settle(Decimal(-10), Decimal(5)) == (0, -15)
        assert r.settle(Decimal(40), Decimal(50), ends_term=True) == (10, 0)
        assert r.settle(Decimal(40), Decimal(30)) == (0, 10)

    def test_a_deficit_beyond_the_limit_is_billed_and_the_limit_carried(self):
        r = Retainer(
            eur("5000.00"), included_hours=40, carry_over="surplus_and_deficit", carry_limit_hours=8
        )
        assert r.settle(Decimal(40), Decimal(50)) == (2, -8)
        assert r.settle(Decimal(40), Decimal(48)) == (0, -8)
        assert r.settle(Decimal(40), Decimal(45)) == (0, -5)
        assert r.settle(Decimal(40), Decimal(50), ends_term=True) == (10, 0)

    def test_hours_keep_the_digits_they_were_given(self):
        r = Retainer(
            eur("5000.00"), included_hours=40, carry_over="surplus_and_deficit", carry_limit_hours=8
        )
        assert [str(h) for h in r.settle(Decimal(40), Decimal("48.00"))] == ["0", "-8.00"]
        assert [str(h) for h in r.settle(Decimal(40), Decimal("49.50"))] == ["1.50", "-8"]

    def test_settling_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        r = Retainer(
            eur("5000.00"),
            included_hours=40,
            carry_over="surplus_and_deficit",
            carry_limit_hours=Decimal("8.123456"),
        )
        assert r.settle(Decimal(40), Decimal("50.123456")) == (2, Decimal("-8.123456"))
        assert r.settle(Decimal(40), Decimal("45.123456")) == (0, Decimal("-5.123456"))
        assert r.settle(Decimal(40), Decimal("45.123456"), ends_term=True) == (
            Decimal("5.123456"),
            0,
        )
        for carry in (False, "surplus", "surplus_and_deficit"):
            settled = Retainer(eur("1.00"), included_hours=40, carry_over=carry).settle(
                Decimal(40), Decimal(40)
            )
            assert repr(settled) == "(Decimal('0'), Decimal('0'))"

    @settings(max_examples=40)
    @given(
        st.sampled_from([False, "surplus", "surplus_and_deficit"]),
        st.none() | st.integers(0, 20),
        st.integers(-20, 60),
        st.integers(0, 80),
        st.booleans(),
    )
    def test_what_is_settled_accounts_for_every_hour(self, carry, limit, allowance, used, ends):
        r = Retainer(
            eur("5000.00"),
            included_hours=40,
            carry_over=carry,
            carry_limit_hours=limit if carry else None,
        )
        over, out = r.settle(Decimal(allowance), Decimal(used), ends_term=ends)
        assert over >= 0
        assert not over.is_signed()
        assert not (out == 0 and out.is_signed())
        lost = Decimal(allowance) - used + over - out  # unused hours that lapse
        assert lost >= 0
        if lost:
            assert out >= 0
            assert Decimal(allowance) - used > 0
        if ends or not carry:
            assert out == 0
        if limit is not None and carry:
            assert abs(out) <= limit


class TestHoursOverATerm:
    def test_a_month_without_hours_worked_used_none(self):
        r = Retainer(eur("5000.00"), included_hours=40, carry_over=True)
        term = BillingPeriod(d(1, 1), d(2, 28))
        rows = r.hours(term, {})
        assert [(h.allowance, h.used, h.carried_out) for h in rows] == [(40, 0, 40), (80, 0, 0)]

    def test_what_is_carried_is_settled_on_the_terms_last_day(self):
        r = Retainer(
            eur("5000.00"),
            included_hours=40,
            overage_rate=eur("100.00"),
            carry_over="surplus_and_deficit",
        )
        term = BillingPeriod(d(1, 1), d(2, 28))
        jan, feb = (s.period for s in r.segments(term.start, term.end))
        rows = r.hours(term, {jan: Decimal(50), feb: Decimal(35)})
        assert [(h.allowance, h.overage, h.carried_out, h.overage_amount) for h in rows] == [
            (40, 0, -10, eur("0.00")),
            (30, 5, 0, eur("500.00")),
        ]
        surplus = r.hours(term, {jan: Decimal(30), feb: Decimal(30)})
        assert [(h.allowance, h.carried_out) for h in surplus] == [(40, 10), (50, 0)]

    def test_a_term_ending_mid_month_prorates_and_settles_its_last_days(self):
        r = Retainer(eur("3100.00"), included_hours=31, carry_over=True)
        term = BillingPeriod(d(1, 9), d(2, 8))
        jan, feb = (s.period for s in r.segments(term.start, term.end))
        rows = r.hours(term, {jan: Decimal(20), feb: Decimal(5)})
        assert [(str(h.allowance), h.carried_out) for h in rows] == [("23.00", 3), ("11.86", 0)]
        assert [(h.start, h.end) for h in rows] == [(d(1, 9), d(1, 31)), (d(2, 1), d(2, 8))]


class TestLinesFor:
    def test_the_fee_of_each_month_with_its_days(self):
        r = Retainer(eur("3100.00"))
        contract = signed(r, d(1, 9), 3)
        made = r.lines_for(
            contract, BillingPeriod(d(1, 9), d(2, 14)), (), ArrangementState(name="retainer")
        )
        assert made.charges == (
            ArrangementCharge(
                kind="fee",
                description="Retainer January 2026 (2026-01-09..2026-01-31, 23/31 days)",
                quantity=1,
                unit_price=eur("2300.00"),
                period=BillingPeriod(d(1, 9), d(1, 31)),
            ),
            ArrangementCharge(
                kind="fee",
                description="Retainer February 2026 (2026-02-01..2026-02-14, 14/28 days)",
                quantity=1,
                unit_price=eur("1550.00"),
                period=BillingPeriod(d(2, 1), d(2, 14)),
            ),
        )
        assert made.state == ArrangementState(name="retainer")

    @pytest.mark.parametrize(
        ("every", "start", "end", "label"),
        [
            (
                "month",
                d(12, 1, 2025),
                d(12, 31, 2025),
                "December 2025 (2025-12-01..2025-12-31, 31/31",
            ),
            ("quarter", d(1, 1), d(3, 31), "Q1 2026 (2026-01-01..2026-03-31, 90/90"),
            ("quarter", d(4, 1), d(6, 30), "Q2 2026 (2026-04-01..2026-06-30, 91/91"),
            ("quarter", d(10, 15), d(12, 31), "Q4 2026 (2026-10-15..2026-12-31, 78/92"),
            ("year", d(7, 1), d(12, 31), "2026 (2026-07-01..2026-12-31, 184/365"),
        ],
    )
    def test_each_calendar_period_is_named_in_the_description(self, every, start, end, label):
        r = Retainer(eur("9000.00"), every=every)
        (charge,) = r.lines_for(
            signed(r, start, 12), BillingPeriod(start, end), (), ArrangementState(name="retainer")
        ).charges
        assert charge.description == f"Retainer {label} days)"

    def test_a_piece_worth_nothing_gives_no_charge(self):
        r = Retainer(eur("1.00"), every="year")
        made = r.lines_for(
            signed(r, d(1, 1), 12),
            BillingPeriod(d(1, 1), d(1, 1)),
            (),
            ArrangementState(name="retainer"),
        )
        assert made.charges == ()

    def test_overage_is_charged_for_the_days_of_the_month_it_closes(self):
        r = Retainer(eur("3100.00"), included_hours=10, overage_rate=eur("100.00"))
        contract = signed(r, d(1, 9), 3)
        made = r.lines_for(
            contract,
            BillingPeriod(d(1, 9), d(1, 31)),
            worked((d(1, 12), 9), (d(1, 20), 4)),
            ArrangementState(name="retainer"),
        )
        assert made.charges[1] == ArrangementCharge(
            kind="overage",
            description="Hours over the retainer's allowance, January 2026 (13 used of 7.42)",
            quantity=Decimal("5.58"),
            unit_price=eur("100.00"),
            period=BillingPeriod(d(1, 9), d(1, 31)),
        )

    def test_a_quarterly_retainer_adds_up_the_hours_of_its_quarter(self):
        r = Retainer(eur("9000.00"), every="quarter", included_hours=30, overage_rate=eur("100.00"))
        contract = signed(r, d(1, 1), 12)
        made = r.lines_for(
            contract,
            BillingPeriod(d(1, 1), d(3, 31)),
            worked((d(1, 12), 12), (d(2, 20), 12), (d(3, 2), 8)),
            ArrangementState(name="retainer"),
        )
        assert [(c.kind, c.description, c.quantity) for c in made.charges] == [
            ("fee", "Retainer Q1 2026 (2026-01-01..2026-03-31, 90/90 days)", 1),
            ("overage", "Hours over the retainer's allowance, Q1 2026 (32 used of 30)", 2),
        ]

    def test_hours_of_a_month_not_over_stay_open_for_the_next_run(self):
        r = Retainer(eur("3100.00"), included_hours=10, overage_rate=eur("100.00"))
        contract = signed(r, d(1, 1), 3)
        first = r.lines_for(
            contract,
            BillingPeriod(d(1, 1), d(1, 15)),
            worked((d(1, 5), 8)),
            ArrangementState(name="retainer"),
        )
        assert [c.kind for c in first.charges] == ["fee"]
        assert first.state.open_hours == 8
        rest = r.lines_for(
            contract, BillingPeriod(d(1, 16), d(2, 28)), worked((d(1, 20), 4)), first.state
        )
        assert [(c.kind, c.quantity, c.period) for c in rest.charges] == [
            ("fee", 1, BillingPeriod(d(1, 16), d(1, 31))),
            ("fee", 1, BillingPeriod(d(2, 1), d(2, 28))),
            ("overage", 2, BillingPeriod(d(1, 1), d(1, 31))),
        ]
        assert rest.state == ArrangementState(name="retainer")

    def test_the_hours_carried_go_into_the_state(self):
        r = Retainer(eur("3100.00"), included_hours=31, overage_rate=eur("100.00"), carry_over=True)
        contract = signed(r, d(1, 9), 1)
        jan = r.lines_for(
            contract,
            BillingPeriod(d(1, 9), d(1, 31)),
            worked((d(1, 12), 20)),
            ArrangementState(name="retainer"),
        )
        assert (jan.state.carried_hours, jan.state.open_hours) == (3, 0)
        feb = r.lines_for(
            contract, BillingPeriod(d(2, 1), d(2, 8)), worked((d(2, 3), 15)), jan.state
        )
        assert feb.charges[1] == ArrangementCharge(
            kind="overage",
            description="Hours over the retainer's allowance, February 2026 (15 used of 11.86)",
            quantity=Decimal("3.14"),
            unit_price=eur("100.00"),
            period=BillingPeriod(d(2, 1), d(2, 8)),
        )
        assert (feb.state.carried_hours, feb.state.open_hours) == (0, 0)
        unused = r.lines_for(contract, BillingPeriod(d(2, 1), d(2, 8)), (), jan.state)
        assert (unused.charges[1:], unused.state.carried_hours) == ((), 0)  # the surplus lapses

    def test_a_deficit_carried_is_billed_on_the_terms_last_day(self):
        r = Retainer(
            eur("5000.00"),
            included_hours=10,
            overage_rate=eur("100.00"),
            carry_over="surplus_and_deficit",
        )
        contract = signed(r, d(1, 1), 2)
        jan = r.lines_for(
            contract,
            BillingPeriod(d(1, 1), d(1, 31)),
            worked((d(1, 12), 14)),
            ArrangementState(name="retainer"),
        )
        assert ([c.kind for c in jan.charges], jan.state.carried_hours) == (["fee"], -4)
        feb = r.lines_for(
            contract, BillingPeriod(d(2, 1), d(2, 28)), worked((d(2, 3), 13)), jan.state
        )
        assert [(c.kind, c.description, c.quantity) for c in feb.charges] == [
            ("fee", "Retainer February 2026 (2026-02-01..2026-02-28, 28/28 days)", 1),
            ("overage", "Hours over the retainer's allowance, February 2026 (13 used of 6)", 7),
        ]
        assert feb.state.carried_hours == 0

    def test_hours_are_only_reported_without_an_overage_rate(self):
        r = Retainer(eur("3100.00"), included_hours=10)
        made = r.lines_for(
            signed(r, d(1, 1), 3),
            BillingPeriod(d(1, 1), d(1, 31)),
            worked((d(1, 12), 20)),
            ArrangementState(name="retainer"),
        )
        assert [c.kind for c in made.charges] == ["fee"]
