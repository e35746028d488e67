"""Tests for billing: proration, arrangements, media and markup, bill().

The arrangements live in accountexec.retainers, milestones, time_and_materials and media; they are
imported here from accountexec.billing, which re-exports them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import ClassVar

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accountexec.billing
import accountexec.retainers
from accountexec.calendars import WorkCalendar
from accountexec.commerce.billing import (
    LINE_KINDS,
    Acceptance,
    BillingPeriod,
    BillingState,
    Expense,
    Markup,
    MediaCommission,
    MediaPlacement,
    Milestone,
    Retainer,
    TimeAndMaterials,
    TimeEntry,
    already_billed,
    bill,
    billed_lines,
    billing_periods,
    calendar_periods,
    milestone_amounts,
)
from accountexec.contracts import Contract, Renewal, Tower
from accountexec.deadlines import BusinessDays
from accountexec.errors import ValidationError
from accountexec.invoices import Invoice, InvoiceLine, InvoiceNumbering, Tax
from accountexec.money import Money, Rate
from accountexec.retainers import Every, calendar_period
from accountexec.strategies import _contracts as cs
from accountexec.strategies import money

EUR = "EUR"
AT = pendulum.datetime(2025, 12, 1, 9, tz="UTC")


def eur(amount: str) -> Money:
    return Money(amount, EUR)


def signed(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "id": "C-1",
        "client_id": "acme",
        "title": "Agency retainer",
        "value": eur("120000.00"),
        "start": pendulum.date(2026, 1, 1),
        "term_months": 12,
        "signatories": ["ana"],
    }
    fields.update(changes)
    return Contract(**fields).negotiate(at=AT).sign(at=AT)  # type: ignore[arg-type]


def d(month: int, day: int, year: int = 2026) -> pendulum.Date:
    return pendulum.date(year, month, day)


def total(invoices: tuple[Invoice, ...] | list[Invoice]) -> Money:
    return Money.sum((i.subtotal for i in invoices), EUR)


def first_run(
    contract: Contract, start: dt.date, end: dt.date, **kwargs: object
) -> tuple[Invoice, ...]:
    """The invoices of a first run (from the opening state)."""
    state = BillingState.opening(contract)
    return bill(contract, start, end, state=state, **kwargs).invoices  # type: ignore[arg-type]


def runs(
    contract: Contract,
    periods: list[BillingPeriod] | tuple[BillingPeriod, ...],
    entries: list[object] | tuple[object, ...] = (),
    accepted: list[Acceptance] | tuple[Acceptance, ...] = (),
) -> tuple[list[Invoice], BillingState]:
    """Bill ``periods`` one after the other, each with its own entries, carrying the state."""
    state = BillingState.opening(contract)
    invoices: list[Invoice] = []
    for period in periods:
        run = bill(
            contract,
            period.start,
            period.end,
            state=state,
            entries=[e for e in entries if period.contains(e.on)],  # type: ignore[attr-defined]
            accepted=[a for a in accepted if period.contains(a.on)],
        )
        invoices.extend(run.invoices)
        state = run.state
    return invoices, state


class TestProration:
    def test_9_to_31_january_is_23_31_of_the_fee(self) -> None:
        retainer = Retainer(fee=eur("3100.00"))
        assert retainer.amount_for(d(1, 9), d(1, 31)) == eur("2300.00")
        assert Retainer(fee=eur("1000.00")).amount_for(d(1, 9), d(1, 31)) == eur("741.94")

    def test_partial_months_at_both_ends_are_prorated_per_month(self) -> None:
        segments = Retainer(fee=eur("2800.00")).segments(d(1, 9), d(2, 14))
        assert [(s.days, s.period_days, s.amount) for s in segments] == [
            (23, 31, eur("2077.42")),
            (14, 28, eur("1400.00")),
        ]

    def test_without_proration_any_part_of_a_month_bills_the_month_once(self) -> None:
        retainer = Retainer(fee=eur("1000.00"), proration="none")
        assert retainer.amount_for(d(1, 9), d(1, 31)) == eur("1000.00")
        assert retainer.amount_for(d(1, 20), d(1, 31), term_start=d(1, 9)) == eur("0.00")
        assert retainer.amount_for(d(1, 1), d(1, 8), term_start=d(1, 1)) == eur("1000.00")

    def test_quarterly_and_yearly_fees_prorate_over_their_period(self) -> None:
        quarterly = Retainer(fee=eur("9000.00"), every="quarter")
        assert quarterly.amount_for(d(1, 1), d(3, 31)) == eur("9000.00")
        assert quarterly.amount_for(d(2, 15), d(3, 31)) == eur("4500.00")
        yearly = Retainer(fee=eur("36500.00"), every="year")
        assert yearly.amount_for(d(12, 1), d(12, 31)) == eur("3100.00")

    @given(
        cs.retainers("EUR"),
        cs.contract_dates(),
        st.integers(0, 800),
        st.lists(st.integers(0, 800), max_size=6),
    )
    def test_any_tiling_adds_up_to_the_whole_to_the_cent(
        self, retainer: Retainer, start: pendulum.Date, length: int, cuts: list[int]
    ) -> None:
        end = start.add(days=length)
        points = sorted({c for c in cuts if c < length})
        bounds = [start, *(start.add(days=c + 1) for c in points)]
        tiles = [
            (a, (b.subtract(days=1) if i + 1 < len(bounds) else end))
            for i, (a, b) in enumerate(zip(bounds, [*bounds[1:], end], strict=True))
        ]
        pieces = [retainer.amount_for(a, b, term_start=start) for a, b in tiles]
        assert Money.sum(pieces, EUR) == retainer.amount_for(start, end, term_start=start)

    @given(cs.retainers("EUR"), cs.contract_dates(), st.integers(1, 48))
    def test_a_term_adds_up_to_term_times_fee(
        self, retainer: Retainer, start: pendulum.Date, months: int
    ) -> None:
        monthly = Retainer(fee=retainer.fee, proration=retainer.proration)
        first = start.replace(day=1)
        for begin in (first, start):
            contract = Contract(
                id="C", client_id="x", title="t", value=eur("0.00"), start=begin, term_months=months
            )
            assert contract.end is not None
            same_length = begin.days_in_month == contract.end.days_in_month
            periods = billing_periods(contract)
            billed = Money.sum(
                (monthly.amount_for(p.start, p.end, term_start=begin) for p in periods), EUR
            )
            if monthly.proration == "daily" and (begin.day == 1 or same_length):
                assert billed == monthly.fee * months
            if monthly.proration == "none":
                assert billed == monthly.fee * len({(p.start.year, p.start.month) for p in periods})

    def test_refuses_bad_retainers(self) -> None:
        with pytest.raises(ValidationError, match="'fee'"):
            Retainer(fee=eur("0.00"))
        with pytest.raises(ValidationError, match="'fee'"):
            Retainer(fee=eur("1.005"))
        with pytest.raises(ValidationError, match="'fee'"):
            Retainer(fee="100")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'every'"):
            Retainer(fee=eur("1.00"), every="week")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'proration'"):
            Retainer(fee=eur("1.00"), proration="hourly")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="included_hours"):
            Retainer(fee=eur("1.00"), overage_rate=eur("10.00"))
        with pytest.raises(ValidationError, match="included_hours"):
            Retainer(fee=eur("1.00"), carry_over=True)
        with pytest.raises(ValidationError, match="'surplus_and_deficit'"):
            Retainer(fee=eur("1.00"), carry_over="yes")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'carry_over'"):
            Retainer(fee=eur("1.00"), included_hours=1, carry_over=1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"'carry_limit_hours'.*carries hours"):
            Retainer(fee=eur("1.00"), included_hours=1, carry_limit_hours=5)
        with pytest.raises(ValidationError, match="'carry_limit_hours'"):
            Retainer(fee=eur("1.00"), included_hours=1, carry_over=True, carry_limit_hours=-1)
        assert Retainer(fee=eur("1.00"), included_hours=1, carry_over=True).carry_over == "surplus"
        with pytest.raises(ValidationError, match="in EUR"):
            Retainer(fee=eur("1.00"), included_hours=10, overage_rate=Money("1.00", "USD"))
        with pytest.raises(ValidationError, match="hours"):
            Retainer(fee=eur("1.00"), included_hours=1.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="hours"):
            Retainer(fee=eur("1.00"), included_hours=-1)
        with pytest.raises(ValidationError, match="hours"):
            Retainer(fee=eur("1.00"), included_hours="many")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="non-empty"):
            Retainer(fee=eur("1.00"), name=" ")

    def test_proration_does_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        retainer = Retainer(fee=eur("1234.56"), included_hours=10)
        segments = retainer.segments(d(1, 9), d(2, 14))
        assert [s.amount for s in segments] == [eur("915.96"), eur("617.28")]
        assert [s.included_hours for s in segments] == [Decimal("7.42"), Decimal("5.00")]


class TestPeriods:
    def test_calendar_periods_cut_at_month_ends(self) -> None:
        assert [str(p) for p in calendar_periods(d(1, 31), d(2, 1))] == [
            "2026-01-31..2026-01-31",
            "2026-02-01..2026-02-01",
        ]
        assert [str(p) for p in calendar_periods(d(11, 15), d(2, 1, 2027), "year")] == [
            "2026-11-15..2026-12-31",
            "2027-01-01..2027-02-01",
        ]
        with pytest.raises(ValidationError, match="'every'"):
            calendar_periods(d(1, 1), d(2, 1), "week")  # type: ignore[arg-type]

    @given(
        st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
        st.sampled_from(("month", "quarter", "year")),
    )
    def test_the_calendar_period_of_a_day_contains_it_and_is_what_periods_are_cut_at(
        self, day: dt.date, every: Every
    ) -> None:
        period = calendar_period(day, every)
        assert period.contains(day)
        assert period.start.day == 1
        assert period.end.add(days=1).day == 1
        assert calendar_periods(period.start, period.end, every) == (period,)
        assert calendar_period(period.start, every) == calendar_period(period.end, every) == period

    def test_the_calendar_period_of_a_day_is_pinned_and_refuses_bad_input(self) -> None:
        assert str(calendar_period(d(2, 15))) == "2026-02-01..2026-02-28"
        assert str(calendar_period(d(11, 15), "quarter")) == "2026-10-01..2026-12-31"
        assert calendar_period is accountexec.retainers.calendar_period
        with pytest.raises(ValidationError, match="'every'"):
            calendar_period(d(1, 1), "week")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'day'"):
            calendar_period(pendulum.datetime(2026, 1, 1))

    def test_periods_refuse_an_end_before_the_start(self) -> None:
        with pytest.raises(ValidationError, match="on or after the start"):
            BillingPeriod(d(2, 1), d(1, 1))
        with pytest.raises(ValidationError, match="a datetime is not a date"):
            BillingPeriod(pendulum.datetime(2026, 1, 1), d(1, 1))
        with pytest.raises(ValidationError, match="a date"):
            BillingPeriod("2026-01-01", d(1, 1))  # type: ignore[arg-type]

    def test_periods_know_their_overlaps(self) -> None:
        jan = BillingPeriod(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        assert jan.intersection(BillingPeriod(d(1, 20), d(2, 5))) == BillingPeriod(
            d(1, 20), d(1, 31)
        )
        assert jan.intersection(BillingPeriod(d(2, 1), d(2, 5))) is None

    @given(cs.contracts(), st.sampled_from(["month", "quarter", "year"]))
    def test_billing_periods_tile_the_term(self, contract: Contract, every: str) -> None:
        until = contract.start.add(days=1000)
        periods = billing_periods(contract, every, until=until)  # type: ignore[arg-type]
        last = min(contract.last_day or until, until)
        if last < contract.start:
            assert periods == ()
            return
        assert periods[0].start == contract.start
        assert periods[-1].end == last
        for before, after in pairwise(periods):
            assert after.start == before.end.add(days=1)

    def test_an_open_ended_contract_needs_a_horizon(self) -> None:
        contract = signed(term_months=None)
        with pytest.raises(ValidationError, match="open-ended"):
            billing_periods(contract)
        assert len(billing_periods(contract, until=d(3, 15))) == 3
        assert billing_periods(contract, until=d(12, 1, 2025)) == ()

    def test_an_open_ended_contract_bills_nothing_before_it_starts(self) -> None:
        contract = signed(term_months=None, arrangements=[Retainer(fee=eur("1000.00"))])
        assert first_run(contract, d(12, 1, 2025), d(12, 31, 2025)) == ()
        (jan,) = first_run(contract, d(12, 15, 2025), d(1, 15))
        assert jan.subtotal == eur("483.87")


class TestRetainerHours:
    def test_unused_hours_carry_over_and_overage_is_billed(self) -> None:
        retainer = Retainer(
            fee=eur("5000.00"), included_hours=40, overage_rate=eur("120.00"), carry_over=True
        )
        term = BillingPeriod(d(1, 1), d(3, 31))
        jan, feb, mar = (s.period for s in retainer.segments(term.start, term.end))
        rows = retainer.hours(term, {jan: Decimal(30), feb: Decimal(55), mar: Decimal(41)})
        assert [(r.allowance, r.overage, r.carried_out) for r in rows] == [
            (Decimal(40), Decimal(0), Decimal(10)),
            (Decimal(50), Decimal(5), Decimal(0)),
            (Decimal(40), Decimal(1), Decimal(0)),
        ]
        assert [r.overage_amount for r in rows] == [eur("0.00"), eur("600.00"), eur("120.00")]

    def test_without_carry_over_unused_hours_are_lost(self) -> None:
        retainer = Retainer(fee=eur("5000.00"), included_hours=40)
        term = BillingPeriod(d(1, 1), d(2, 28))
        jan, feb = (s.period for s in retainer.segments(term.start, term.end))
        rows = retainer.hours(term, {jan: Decimal(10), feb: Decimal(45)})
        assert [(r.allowance, r.overage, r.overage_amount) for r in rows] == [
            (Decimal(40), Decimal(0), eur("0.00")),
            (Decimal(40), Decimal(5), eur("0.00")),
        ]

    def test_overage_is_billed_with_the_month_that_closes_it(self) -> None:
        retainer = Retainer(fee=eur("5000.00"), included_hours=10, overage_rate=eur("100.00"))
        contract = signed(arrangements=[retainer], value=eur("60000.00"))
        entries = [
            TimeEntry(person="ana", role="designer", on=d(1, day), hours=4)
            for day in (5, 12, 19, 26)
        ]
        half, state = runs(contract, [BillingPeriod(d(1, 1), d(1, 15))], entries)
        assert state.arrangement("retainer").open_hours == Decimal(8)
        rest = bill(contract, d(1, 16), d(1, 31), state=state, entries=entries[2:]).invoices
        assert [line.net for line in half[0].lines] == [eur("2419.35")]
        assert [line.net for line in rest[0].lines] == [eur("2580.65"), eur("600.00")]
        assert "16 used of 10" in rest[0].lines[1].description


class TestMilestones:
    def test_portions_allocate_the_contract_value_exactly(self) -> None:
        parts = [Milestone(name=n, portion=Rate.percent(Decimal(100) / 3)) for n in "abc"]
        contract = signed(value=eur("100.00"), arrangements=parts)
        amounts = milestone_amounts(contract)
        assert sum(amounts.values(), eur("0.00")) == eur("100.00")

    def test_a_milestone_has_an_amount_or_a_portion(self) -> None:
        with pytest.raises(ValidationError, match="exactly one"):
            Milestone(name="x")
        with pytest.raises(ValidationError, match="'portion'"):
            Milestone(name="x", portion=Rate.percent(120))
        with pytest.raises(ValidationError, match="'amount'"):
            Milestone(name="x", amount=eur("0.00"))
        with pytest.raises(ValidationError, match="'due'"):
            Milestone(name="x", amount=eur("1.00"), due="soon")  # type: ignore[arg-type]
        assert Milestone(name="x", amount=eur("1.00")).currency == Money("1", EUR).currency
        assert Milestone(name="x", portion=Rate("0.5")).currency is None

    def test_a_due_rule_counts_from_the_start(self) -> None:
        milestone = Milestone(name="x", amount=eur("1.00"), due=BusinessDays(5))
        assert milestone.due_on(d(1, 2), WorkCalendar()) == d(1, 9)
        assert Milestone(name="x", amount=eur("1.00")).due_on(d(1, 2)) is None

    def test_milestones_bill_once_when_accepted(self) -> None:
        design = Milestone(name="design", portion=Rate.percent(30))
        launch = Milestone(name="launch", amount=eur("5000.00"), accepted_on=d(5, 4))
        contract = signed(value=eur("50000.00"), arrangements=[design, launch])
        opening = BillingState.opening(contract)
        march = bill(
            contract, d(3, 1), d(3, 31), state=opening, accepted=[Acceptance("design", d(3, 20))]
        )
        assert [line.net for line in march.invoices[0].lines] == [eur("15000.00")]
        assert march.state.arrangement("design").billed_on == d(3, 20)
        with pytest.raises(ValidationError, match="billed on 2026-03-20"):
            bill(
                contract,
                d(4, 1),
                d(4, 30),
                state=march.state,
                accepted=[Acceptance("design", d(4, 2))],
            )
        may = bill(contract, d(5, 1), d(5, 31), state=march.state)
        assert [line.net for line in may.invoices[0].lines] == [eur("5000.00")]
        assert may.invoices[0].number == "INV-000002"
        assert bill(contract, d(6, 1), d(6, 30), state=may.state).invoices == ()

    def test_acceptances_must_name_a_milestone(self) -> None:
        contract = signed(arrangements=[Retainer(fee=eur("1.00"))])
        with pytest.raises(ValidationError, match="milestones"):
            first_run(contract, d(1, 1), d(1, 31), accepted=[Acceptance("retainer", d(1, 5))])
        with pytest.raises(ValidationError, match="milestones"):
            first_run(contract, d(1, 1), d(1, 31), accepted=[Acceptance("launch", d(1, 5))])


RATES = {"designer": eur("95.00"), "strategist": eur("150.00")}


class TestTimeAndMaterials:
    def test_hours_are_billed_per_role_with_expenses(self) -> None:
        tm = TimeAndMaterials(hourly_rates=RATES)
        charge = tm.charge(
            [
                TimeEntry(person="ana", role="designer", on=d(3, 2), hours="7.5"),
                TimeEntry(person="bo", role="strategist", on=d(3, 3), hours=2),
            ],
            [Expense(description="taxi", on=d(3, 3), amount=eur("23.40"))],
        )
        assert [(t.role, t.amount) for t in charge.time] == [
            ("designer", eur("712.50")),
            ("strategist", eur("300.00")),
        ]
        assert (charge.uncapped, charge.billed, charge.excess) == (eur("1035.90"),) * 2 + (
            eur("0.00"),
        )

    def test_the_cap_stops_billing_and_reports_the_excess(self) -> None:
        tm = TimeAndMaterials(hourly_rates=RATES, cap=eur("2000.00"))
        entries = [TimeEntry(person="ana", role="designer", on=d(3, 2), hours=10)]
        assert tm.charge(entries, billed_before=eur("1500.00")).billed == eur("500.00")
        assert tm.charge(entries, billed_before=eur("1500.00")).excess == eur("450.00")
        assert tm.charge(entries, billed_before=eur("2500.00")).billed == eur("0.00")

    def test_the_cap_holds_across_bills(self) -> None:
        tm = TimeAndMaterials(hourly_rates=RATES, cap=eur("2000.00"))
        contract = signed(arrangements=[tm])
        entries = [
            TimeEntry(person="ana", role="designer", on=d(m, 10), hours=12) for m in (1, 2, 3)
        ]
        invoices, state = runs(contract, billing_periods(contract)[:3], entries)
        assert [i.subtotal for i in invoices] == [eur("1140.00"), eur("860.00")]
        assert state.arrangement("time_and_materials").billed == eur("2000.00")
        assert "over the cap" in invoices[1].lines[0].description
        assert total(invoices) == eur("2000.00")

    def test_refuses_unknown_roles_and_bad_rates(self) -> None:
        tm = TimeAndMaterials(hourly_rates=RATES)
        with pytest.raises(ValidationError, match="'role'"):
            tm.charge([TimeEntry(person="ana", role="pilot", on=d(1, 1), hours=1)])
        with pytest.raises(ValidationError, match="in EUR"):
            tm.charge([], [Expense(description="x", on=d(1, 1), amount=Money("1.00", "USD"))])
        with pytest.raises(ValidationError, match="at least one role"):
            TimeAndMaterials(hourly_rates={})
        with pytest.raises(ValidationError, match="one currency"):
            TimeAndMaterials(hourly_rates={"a": eur("1.00"), "b": Money("1.00", "USD")})
        with pytest.raises(ValidationError, match="role names"):
            TimeAndMaterials(hourly_rates={"": eur("1.00")})
        with pytest.raises(ValidationError, match="one rate per role"):
            TimeAndMaterials(hourly_rates=[("a", eur("1.00")), ("a", eur("2.00"))])
        with pytest.raises(ValidationError, match="'cap'"):
            TimeAndMaterials(hourly_rates=RATES, cap=Money("1.00", "USD"))
        with pytest.raises(ValidationError, match="hours"):
            TimeEntry(person="a", role="b", on=d(1, 1), hours=Decimal("NaN"))
        assert TimeAndMaterials(hourly_rates=RATES).hourly_rates["designer"] == eur("95.00")


class TestMediaAndMarkup:
    def test_commission_mode_splits_the_gross(self) -> None:
        charge = MediaCommission().commission(eur("10000.00"))
        assert (charge.billed, charge.net, charge.commission) == (
            eur("10000.00"),
            eur("8500.00"),
            eur("1500.00"),
        )
        assert charge.margin_rate == Rate("0.15")
        assert charge.cost == charge.net

    def test_a_15_percent_commission_is_a_17_65_percent_markup(self) -> None:
        media = MediaCommission(rate=Rate.percent(15))
        up = media.gross_up(eur("100.00"))
        assert (up.gross, up.commission, up.net) == (eur("117.65"), eur("17.65"), eur("100.00"))
        markup = media.equivalent_markup()
        assert markup.as_percent().quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("17.65")
        assert Markup(rate=markup).apply(eur("100.00")).billed == eur("117.65")

    def test_a_rebate_lowers_what_the_client_pays_not_the_commission(self) -> None:
        charge = MediaCommission().commission(eur("10000.00"), rebate=eur("500.00"))
        assert (charge.billed, charge.commission, charge.net) == (
            eur("9500.00"),
            eur("1500.00"),
            eur("8000.00"),
        )
        reduced = MediaCommission(rebate_reduces_base=True).commission(
            eur("10000.00"), eur("500.00")
        )
        assert (reduced.billed, reduced.commission, reduced.net) == (
            eur("9500.00"),
            eur("1425.00"),
            eur("8075.00"),
        )

    def test_a_markup_bills_net_times_one_plus_m(self) -> None:
        charge = Markup(rate=Rate.percent(20)).apply(eur("800.00"))
        assert (charge.billed, charge.cost, charge.margin) == (
            eur("960.00"),
            eur("800.00"),
            eur("160.00"),
        )
        assert abs(charge.margin_rate.value - Decimal("0.1666666666666666666666666667")) < Decimal(
            "1e-25"
        )
        assert Markup(rate=Rate(0)).apply(eur("0.00")).margin_rate == Rate(0)

    @given(cs.media_commissions(), money(EUR, "0", "1000000000"))
    def test_net_to_gross_and_back_is_exact(self, media: MediaCommission, net: Money) -> None:
        up = media.gross_up(net)
        assert up.gross == up.net + up.commission
        back = MediaCommission(rate=media.rate).commission(up.gross)
        assert back.net == net
        assert back.commission == up.commission

    @given(cs.media_commissions(), money(EUR, "0", "1000000000"), st.integers(0, 100))
    def test_billed_is_always_cost_plus_margin(
        self, media: MediaCommission, gross: Money, share: int
    ) -> None:
        rebate = (gross * share / 100).round("down")
        charge = media.commission(gross, rebate)
        assert charge.billed == charge.cost + charge.margin
        assert charge.billed == gross - rebate
        assert charge.margin >= eur("0.00") or charge.margin.currency != gross.currency

    @given(cs.markups(), money(EUR, "0", "1000000000"))
    def test_markup_billed_is_net_plus_markup(self, markup: Markup, net: Money) -> None:
        charge = markup.apply(net)
        assert charge.billed == charge.cost + charge.margin
        assert charge.billed == (net * (1 + markup.rate)).round() or abs(
            charge.billed - (net * (1 + markup.rate)).round()
        ) <= Money("0.01", net.currency)

    def test_refuses_bad_media_inputs(self) -> None:
        media = MediaCommission()
        with pytest.raises(ValidationError, match="'rate'"):
            MediaCommission(rate=Rate(1))
        with pytest.raises(ValidationError, match="'rate'"):
            MediaCommission(rate=Decimal("0.15"))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="True or False"):
            MediaCommission(rebate_reduces_base=1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="at most the gross"):
            media.commission(eur("10.00"), eur("20.00"))
        with pytest.raises(ValidationError, match="in EUR"):
            media.commission(eur("10.00"), Money("1.00", "USD"))
        with pytest.raises(ValidationError, match="'rate'"):
            Markup(rate=Rate(-1))
        with pytest.raises(ValidationError, match="exactly one"):
            MediaPlacement(description="x", on=d(1, 1))
        with pytest.raises(ValidationError, match="'rebate'"):
            MediaPlacement(description="x", on=d(1, 1), net=eur("1.00"), rebate=eur("0.50"))
        with pytest.raises(ValidationError, match="'rebate'"):
            MediaPlacement(description="x", on=d(1, 1), gross=eur("1.00"), rebate=eur("2.00"))
        assert MediaPlacement(description="x", on=d(1, 1), net=eur("1.00")).currency.code == EUR
        assert media.currency is None
        assert Markup(rate=Rate(0)).currency is None

    def test_results_do_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        media = MediaCommission(rate=Rate.percent(15))
        assert media.gross_up(eur("123456.78")).gross == eur("145243.27")
        assert media.commission(eur("145243.27")).net == eur("123456.78")


def agency(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "towers": [Tower("creative", "ana", eur("60000.00")), Tower("media", "bo", eur("0.00"))],
        "arrangements": [
            Retainer(fee=eur("5000.00"), tower="creative"),
            MediaCommission(tower="media"),
            Markup(rate=Rate.percent(15), tower="creative"),
        ],
        "taxes": [Tax("VAT", Rate.percent(20))],
        "start": pendulum.date(2026, 1, 9),
    }
    fields.update(changes)
    return signed(**fields)


class TestBill:
    def test_a_month_of_agency_billing_in_one_invoice(self) -> None:
        entries = [
            MediaPlacement(
                description="TV", on=d(1, 20), gross=eur("10000.00"), rebate=eur("500.00")
            ),
            MediaPlacement(description="Online", on=d(1, 21), net=eur("100.00")),
            Expense(description="Print run", on=d(1, 22), amount=eur("800.00")),
        ]
        state = BillingState.opening(agency()).with_last_number("INV-000041")
        run = bill(
            agency(),
            d(1, 1),
            d(1, 31),
            state=state,
            entries=entries,
            numbering=InvoiceNumbering(prefix="INV-", width=6),
        )
        (invoice,) = run.invoices
        assert invoice.number == run.state.last_number == "INV-000042"
        assert invoice.issued_on == d(1, 31)
        assert [line.net for line in invoice.lines] == [
            eur("3709.68"),
            eur("9500.00"),
            eur("117.65"),
            eur("920.00"),
        ]
        assert invoice.tax_total == eur("2849.47")
        assert invoice.terms == agency().payment_terms
        kinds = [line.kind for line in billed_lines([invoice])]
        assert kinds == ["fee", "media", "media", "markup"]

    def test_one_invoice_per_arrangement_when_the_contract_says_so(self) -> None:
        entries = [MediaPlacement(description="TV", on=d(2, 3), gross=eur("1000.00"))]
        contract = agency(invoicing="per_arrangement", start=d(2, 1))
        invoices = bill(
            contract,
            d(2, 1),
            d(2, 28),
            state=BillingState.opening(contract).with_last_number("INV-000009"),
            entries=entries,
            issued_on=dt.date(2026, 3, 1),
        ).invoices
        assert [(i.number, i.subtotal) for i in invoices] == [
            ("INV-000010", eur("5000.00")),
            ("INV-000011", eur("1000.00")),
        ]
        assert all(i.issued_on == d(3, 1) for i in invoices)

    def test_nothing_to_bill_gives_no_invoice(self) -> None:
        assert first_run(agency(), d(1, 1), d(1, 8)) == ()

    @given(cs.retainers("EUR"), st.integers(1, 28), st.integers(1, 24))
    def test_billing_every_period_bills_the_whole_term_once(
        self, retainer: Retainer, day: int, months: int
    ) -> None:
        contract = signed(
            arrangements=[
                Retainer(fee=retainer.fee, every=retainer.every, proration=retainer.proration)
            ],
            start=d(1, day),
            term_months=months,
        )
        invoices, state = runs(contract, billing_periods(contract))
        assert [i.number for i in invoices] == [f"INV-{n:06d}" for n in range(1, len(invoices) + 1)]
        assert contract.end is not None
        assert [str(p) for p in state.arrangement("retainer").periods] == [
            f"{contract.start}..{contract.end}"
        ]
        whole = contract.arrangements[0].amount_for(contract.start, contract.end)  # type: ignore[union-attr]
        assert total(invoices) == whole
        days = [line.period for line in billed_lines(invoices)]
        if retainer.proration == "daily":
            # no day twice; a piece whose prorated fee rounds to 0.00 gives no line at all
            # (1 day of a 1.00 yearly fee), while the state records the whole term billed
            assert sum(p.days for p in days) <= BillingPeriod(contract.start, contract.end).days
            assert all(not a.overlaps(b) for a, b in pairwise(sorted(days, key=str)))

    @given(cs.contracts(status="active"), st.integers(0, 400), st.integers(0, 60))
    def test_billing_a_period_twice_is_refused(
        self, contract: Contract, offset: int, length: int
    ) -> None:
        start = contract.start
        end = start.add(days=offset + length)
        first = bill(contract, start, end, state=BillingState.opening(contract))
        if first.state == BillingState.opening(contract):  # nothing of the term in the period
            assert first.invoices == ()
            return
        with pytest.raises(ValidationError, match="already bills"):
            bill(contract, start, end, state=first.state)
        lines = already_billed(contract, first.invoices, start, end)
        assert bool(lines) == bool(first.invoices)

    def test_an_overlapping_period_is_refused(self) -> None:
        contract = agency()
        jan = bill(contract, d(1, 1), d(1, 31), state=BillingState.opening(contract))
        with pytest.raises(ValidationError, match="next period starts on 2026-02-01"):
            bill(contract, d(1, 15), d(2, 15), state=jan.state)

    def test_a_skipped_period_is_refused_but_milestones_may_wait(self) -> None:
        contract = agency()
        with pytest.raises(ValidationError, match=r"has not billed 2026-01-09\.\.2026-01-31 yet"):
            bill(contract, d(2, 1), d(2, 28), state=BillingState.opening(contract))
        launch = Milestone(name="launch", amount=eur("5000.00"))
        only = signed(arrangements=[launch], value=eur("5000.00"))
        run = bill(
            only,
            d(6, 1),
            d(6, 30),
            state=BillingState.opening(only),
            accepted=[Acceptance("launch", d(6, 3))],
        )
        assert [i.subtotal for i in run.invoices] == [eur("5000.00")]

    def test_a_state_of_another_contract_is_refused(self) -> None:
        other = BillingState.opening(signed(id="C-2"))
        with pytest.raises(ValidationError, match="BillingState of contract 'C-1'"):
            bill(agency(), d(1, 1), d(1, 31), state=other)
        with pytest.raises(ValidationError, match=r"BillingState\.opening"):
            bill(agency(), d(1, 1), d(1, 31), state=None)  # type: ignore[arg-type]

    def test_void_invoices_do_not_count_as_billed(self) -> None:
        contract = agency()
        (jan,) = first_run(contract, d(1, 1), d(1, 31))
        void = jan.issue(at=pendulum.datetime(2026, 1, 31, tz="UTC")).void(
            at=pendulum.datetime(2026, 2, 1, tz="UTC")
        )
        assert already_billed(contract, [void], d(1, 1), d(1, 31)) == ()
        assert len(billed_lines([jan])) == 1

    def test_a_terminated_contract_bills_to_its_effective_date(self) -> None:
        at = pendulum.datetime(2026, 1, 10, tz="UTC")
        contract = (
            agency()
            .activate(at=at)
            .terminate(at=at, reason="merger", effective=pendulum.date(2026, 2, 14))
        )
        months = [BillingPeriod(d(1, 1), d(1, 31)), BillingPeriod(d(2, 1), d(2, 28))]
        (_jan, feb), state = runs(contract, months)
        assert feb.subtotal == eur("2500.00")
        assert bill(contract, d(3, 1), d(3, 31), state=state).invoices == ()
        assert billing_periods(contract)[-1] == BillingPeriod(d(2, 1), d(2, 14))

    def test_drafts_are_not_billed(self) -> None:
        draft = Contract(
            id="C", client_id="x", title="t", value=eur("1.00"), start=d(1, 1), term_months=1
        )
        with pytest.raises(ValidationError, match="signed contract"):
            bill(draft, d(1, 1), d(1, 31), state=BillingState(contract_id="C"))

    def test_entries_go_to_the_arrangement_that_can_take_them(self) -> None:
        tm = TimeAndMaterials(hourly_rates=RATES, name="tm")
        hours = Retainer(fee=eur("1000.00"), included_hours=5, overage_rate=eur("90.00"))
        contract = signed(arrangements=[hours, tm])
        entry = TimeEntry(person="ana", role="designer", on=d(1, 5), hours=8)
        with pytest.raises(ValidationError, match="2 that could"):
            first_run(contract, d(1, 1), d(1, 31), entries=[entry])
        named = TimeEntry(person="ana", role="designer", on=d(1, 5), hours=8, arrangement="tm")
        (jan,) = first_run(contract, d(1, 1), d(1, 31), entries=[named])
        assert [line.net for line in jan.lines] == [eur("1000.00"), eur("760.00")]
        with pytest.raises(ValidationError, match="takes a MediaPlacement"):
            first_run(
                contract,
                d(1, 1),
                d(1, 31),
                entries=[
                    MediaPlacement(description="x", on=d(1, 2), gross=eur("1.00"), arrangement="tm")
                ],
            )
        with pytest.raises(ValidationError, match="0 that could"):
            first_run(
                contract,
                d(1, 1),
                d(1, 31),
                entries=[MediaPlacement(description="x", on=d(1, 2), gross=eur("1.00"))],
            )
        with pytest.raises(ValidationError, match=r"'entries'.*dated values"):
            first_run(contract, d(1, 1), d(1, 31), entries=["8h"])
        with pytest.raises(ValidationError, match="pass acceptances as accepted="):
            first_run(contract, d(1, 1), d(1, 31), entries=[Acceptance("x", d(1, 2))])

    def test_time_and_expenses_bill_by_date(self) -> None:
        contract = signed(arrangements=[TimeAndMaterials(hourly_rates=RATES)], renewal=Renewal())
        entries = [
            TimeEntry(person="ana", role="designer", on=d(1, 5), hours=8),
            Expense(description="taxi", on=d(1, 6), amount=eur("23.40")),
        ]
        (jan,) = first_run(contract, d(1, 1), d(1, 31), entries=entries)
        assert [(line.quantity, line.net) for line in jan.lines] == [
            (Decimal(8), eur("760.00")),
            (Decimal(1), eur("23.40")),
        ]
        february = TimeEntry(person="ana", role="designer", on=d(2, 5), hours=8)
        with pytest.raises(ValidationError, match=r"within the period 2026-01-01\.\.2026-01-31"):
            first_run(contract, d(1, 1), d(1, 31), entries=[*entries, february])

    def test_more_than_24_hours_for_one_person_on_one_day_is_refused(self) -> None:
        contract = signed(arrangements=[TimeAndMaterials(hourly_rates=RATES)])
        day = [
            TimeEntry(person="ana", role="designer", on=d(1, 5), hours=16),
            TimeEntry(person="ana", role="strategist", on=d(1, 5), hours=9),
        ]
        with pytest.raises(ValidationError, match="at most 24 hours for one person on one day"):
            first_run(contract, d(1, 1), d(1, 31), entries=day)
        other = TimeEntry("bo", "strategist", d(1, 5), 9)
        (jan,) = first_run(contract, d(1, 1), d(1, 31), entries=[day[0], other])
        assert jan.subtotal == eur("2870.00")

    def test_billing_does_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        entries = [MediaPlacement(description="TV", on=d(1, 20), gross=eur("10000.00"))]
        (invoice,) = first_run(agency(), d(1, 1), d(1, 31), entries=entries)
        assert invoice.subtotal == eur("13709.68")

    def test_line_kinds_are_documented(self) -> None:
        assert set(LINE_KINDS) == {
            "fee",
            "overage",
            "milestone",
            "time",
            "expense",
            "capped",
            "media",
            "markup",
        }


class TestEdges:
    def test_refuses_negative_expenses(self) -> None:
        with pytest.raises(ValidationError, match="zero or more"):
            Expense(description="refund", on=d(1, 1), amount=eur("-1.00"))

    def test_a_milestone_due_on_a_date_is_due_then(self) -> None:
        milestone = Milestone(name="x", amount=eur("1.00"), due=dt.date(2026, 6, 1))
        assert milestone.due_on(d(1, 1)) == d(6, 1)

    def test_lines_without_a_reference_or_of_another_contract_are_not_billed_lines(self) -> None:
        contract = agency()
        (jan,) = first_run(contract, d(1, 1), d(1, 31))
        manual = jan.add_line(
            InvoiceLine(description="Workshop", quantity=1, unit_price=eur("100.00"))
        )
        assert len(billed_lines([manual])) == len(billed_lines([jan])) == 1
        assert billed_lines([manual], contract_id="other") == ()


class TestTheDocumentedSpellings:
    def test_arrangements_take_their_main_values_positionally(self) -> None:
        assert Retainer(eur("10.00")) == Retainer(fee=eur("10.00"))
        assert Markup(Rate.percent(20)) == Markup(rate=Rate.percent(20))
        assert MediaCommission(Rate.percent(10)) == MediaCommission(rate=Rate.percent(10))
        tm = TimeAndMaterials({"designer": eur("95.00")}, eur("100.00"))
        assert tm == TimeAndMaterials(hourly_rates={"designer": eur("95.00")}, cap=eur("100.00"))
        assert repr(tm) == (
            "TimeAndMaterials(hourly_rates={'designer': Money('95.00', 'EUR')}, "
            "cap=Money('100.00', 'EUR'), name='time_and_materials', tower=None)"
        )

    def test_a_rate_as_a_milestones_amount_is_its_portion(self) -> None:
        by_rate = Milestone("design", Rate.percent(30), BusinessDays(20), d(3, 2))
        assert by_rate == Milestone(
            name="design", portion=Rate.percent(30), due=BusinessDays(20), accepted_on=d(3, 2)
        )
        assert Milestone("launch", eur("5.00"), dt.date(2026, 6, 1)).due == d(6, 1)
        assert type(Milestone("launch", eur("5.00"), dt.date(2026, 6, 1)).due) is pendulum.Date
        with pytest.raises(ValidationError, match="'due'"):
            Milestone("launch", eur("5.00"), pendulum.datetime(2026, 6, 1))

    def test_a_time_entry_spells_its_day_on(self) -> None:
        positional = TimeEntry("ana", "designer", d(3, 2), "7.5")
        assert positional == TimeEntry(person="ana", role="designer", on=d(3, 2), hours="7.5")
        assert positional.on == d(3, 2)
        assert not hasattr(positional, "date")
        with pytest.raises(ValidationError, match="at most 24 hours"):
            TimeEntry("ana", "designer", d(3, 2), "24.5")
        assert TimeEntry("ana", "designer", d(3, 2), 24).hours == Decimal(24)

    def test_bill_numbers_drafts_from_the_contract_and_period(self) -> None:
        contract = signed(
            invoicing="per_arrangement",
            arrangements=[
                Retainer(eur("3100.00")),
                Markup(Rate.percent(20)),
            ],
        )
        cost = Expense(description="print", on=d(1, 20), amount=eur("100.00"))
        jan = bill(
            contract, d(1, 1), d(1, 31), state=BillingState.opening(contract), entries=[cost]
        )
        assert [i.number for i in jan.invoices] == ["INV-000001", "INV-000002"]
        assert jan.state.last_number == "INV-000002"
        feb = bill(contract, d(2, 1), d(2, 28), state=jan.state)
        assert [i.number for i in feb.invoices] == ["INV-000003"]
        with pytest.raises(ValidationError, match="'last_number': 'INV-000003'"):
            bill(contract, d(3, 1), d(3, 31), state=feb.state, numbering=InvoiceNumbering("AG-"))
        ag = InvoiceNumbering(prefix="AG-", width=4, first=101)
        own = bill(contract, d(1, 1), d(1, 31), state=BillingState.opening(contract), numbering=ag)
        assert [i.number for i in own.invoices] == ["AG-0101"]

    @pytest.mark.parametrize("field", ["entries", "accepted"])
    def test_bill_refuses_what_is_not_a_collection(self, field: str) -> None:
        with pytest.raises(ValidationError, match=f"'{field}'"):
            first_run(signed(), d(1, 1), d(1, 31), **{field: 5})

    def test_rates_are_a_mapping_or_pairs(self) -> None:
        with pytest.raises(ValidationError, match="'hourly_rates'"):
            TimeAndMaterials(hourly_rates=5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'hourly_rates'"):
            TimeAndMaterials(hourly_rates=[5])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'accepted'"):
            first_run(signed(), d(1, 1), d(1, 31), accepted=["design"])
        with pytest.raises(ValidationError, match="'invoices'"):
            billed_lines([5])  # type: ignore[list-item]


class TestTheArrangementModules:
    """billing.py was split by concept; every name is still importable from accountexec.billing."""

    HOMES: ClassVar[dict[str, tuple[str, ...]]] = {
        "retainers": ("CarryOver", "Proration", "Retainer", "RetainerHours", "RetainerSegment"),
        "periods": ("BillingPeriod", "Every", "calendar_period", "calendar_periods"),
        "billing_protocol": (
            "ArrangementBill",
            "ArrangementState",
            "BillingArrangement",
            "ArrangementCharge",
        ),
        "milestones": ("Acceptance", "Milestone", "milestone_amounts"),
        "time_and_materials": (
            "Expense",
            "RoleTime",
            "TimeAndMaterials",
            "TimeAndMaterialsCharge",
            "TimeEntry",
        ),
        "media": ("Markup", "MarkupCharge", "MediaCharge", "MediaCommission", "MediaPlacement"),
    }

    @pytest.mark.parametrize("module", sorted(HOMES))
    def test_each_arrangement_name_is_the_same_object_from_billing(self, module: str) -> None:
        home = importlib.import_module(f"accountexec.commerce.{module}")
        assert set(self.HOMES[module]) <= set(home.__all__)
        for name in home.__all__:
            assert name in accountexec.billing.__all__
            obj = getattr(home, name)
            assert getattr(accountexec.billing, name) is obj
            assert getattr(obj, "__module__", "typing").startswith(
                ("accountexec.commerce.", "typing")
            )

    def test_names_importable_from_billing_before_the_split_still_are(self) -> None:
        from accountexec.commerce.billing import ARRANGEMENT_TYPES, RetainerHours  # noqa: PLC0415

        assert RetainerHours.__module__ == "accountexec.commerce.retainers"
        assert {t.__name__ for t in ARRANGEMENT_TYPES} == {
            "Retainer",
            "Milestone",
            "TimeAndMaterials",
            "MediaCommission",
            "Markup",
        }

    def test_contracts_no_longer_import_billing(self) -> None:
        contracts = importlib.import_module("accountexec.contracts")
        assert all(
            getattr(v, "__module__", None) != "accountexec.billing"
            for v in vars(contracts).values()
        )


class TestTheArrangementsUnderAHostileDecimalContext:
    def test_milestone_portions_do_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        thirds = [Milestone(name=n, portion=Rate("0.3333")) for n in ("a", "b", "c")]
        contract = signed(value=eur("123456789.01"), arrangements=thirds)
        amounts = milestone_amounts(contract)
        assert list(amounts.values()) == [
            eur("41148147.78"),
            eur("41148147.78"),
            eur("41148147.77"),
        ]

    def test_time_and_materials_do_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        tm = TimeAndMaterials(hourly_rates={"designer": eur("95.125")}, cap=eur("99999.99"))
        entries = [TimeEntry("ana", "designer", d(3, 2), "23.75")] * 155
        entries.append(TimeEntry("ana", "designer", d(3, 2), "23"))
        charge = tm.charge(entries, billed_before=eur("1.00"))
        assert charge.uncapped == eur("352366.78")  # 3704.25 h at 95.125, half up
        assert (charge.billed, charge.excess) == (eur("99998.99"), eur("252367.79"))
