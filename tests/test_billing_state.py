"""Tests for the billing state: runs that consume and return a BillingState.

Each month-end run takes only that month's entries; what earlier runs billed (days, hours
carried, amounts against a cap, milestones, the last invoice number) comes from the state.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import AbstractContextManager
from decimal import Decimal
from itertools import pairwise
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.commerce.billing import (
    Acceptance,
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
    BilledLine,
    BillingArrangement,
    BillingPeriod,
    BillingRun,
    BillingState,
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
)
from accountexec.commerce.invoices import Invoice, InvoiceLine, InvoiceNumbering, LineSource, Tax
from accountexec.contracts import Contract
from accountexec.errors import ValidationError
from accountexec.money import Currency, Money, Rate
from accountexec.serialize import from_dict, to_dict

AT = pendulum.datetime(2025, 12, 1, 9, tz="UTC")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def d(month: int, day: int, year: int = 2026) -> pendulum.Date:
    return pendulum.date(year, month, day)


def signed(*arrangements: Any, **changes: Any) -> Contract:
    fields: dict[str, Any] = {
        "id": "C-1",
        "client_id": "acme",
        "title": "Agency work",
        "value": eur("120000.00"),
        "start": d(1, 1),
        "term_months": 12,
        "signatories": ["ana"],
        "arrangements": arrangements,
    }
    fields.update(changes)
    return Contract(**fields).negotiate(at=AT).sign(at=AT)


def hours(total: int, month: int, role: str = "designer", **kwargs: Any) -> list[TimeEntry]:
    """``total`` hours in ``month``, eight a day from the 1st (one person)."""
    entries, day = [], 1
    while total > 0:
        entries.append(TimeEntry("ana", role, d(month, day), min(8, total), **kwargs))
        total -= 8
        day += 1
    return entries


def month(m: int) -> tuple[pendulum.Date, pendulum.Date]:
    (period,) = calendar_periods(d(m, 1), d(m, 1))
    return period.start, d(m, 1).end_of("month")


def subtotals(run: BillingRun) -> list[Money]:
    return [invoice.subtotal for invoice in run.invoices]


# ----------------------------------------------------------------------------- the four cases


class TestARetainerCarriesHoursFromTheState:
    """40 h included, 120.00 an hour over; 45 h in January, 50 h in February."""

    RETAINER = Retainer(
        fee=eur("6000.00"), included_hours=40, overage_rate=eur("120.00"), carry_over=True
    )

    def test_february_with_februarys_timesheet_bills_7200(self) -> None:
        contract = signed(self.RETAINER)
        january = bill(
            contract, *month(1), state=BillingState.opening(contract), entries=hours(45, 1)
        )
        assert subtotals(january) == [eur("6600.00")]  # 5 h over at 120.00
        assert january.state.arrangement("retainer").carried_hours == 0
        february = bill(contract, *month(2), state=january.state, entries=hours(50, 2))
        assert subtotals(february) == [eur("7200.00")]  # 10 h over, nothing carried in

    def test_the_januarys_entries_cannot_be_billed_again_in_february(self) -> None:
        contract = signed(self.RETAINER)
        january = bill(
            contract, *month(1), state=BillingState.opening(contract), entries=hours(45, 1)
        )
        with pytest.raises(ValidationError, match=r"within the period 2026-02-01\.\.2026-02-28"):
            bill(contract, *month(2), state=january.state, entries=hours(45, 1) + hours(50, 2))

    def test_a_surplus_is_carried(self) -> None:
        contract = signed(self.RETAINER)
        january = bill(
            contract, *month(1), state=BillingState.opening(contract), entries=hours(30, 1)
        )
        assert january.state.arrangement("retainer").carried_hours == Decimal(10)
        february = bill(contract, *month(2), state=january.state, entries=hours(50, 2))
        assert subtotals(february) == [eur("6000.00")]  # 40 + 10 carried = 50 used


class TestACapHoldsAcrossRuns:
    """Time and materials capped at 10,000.00: March 8,000.00 worked, April 4,000.00."""

    def test_april_bills_only_what_the_cap_leaves(self) -> None:
        tm = TimeAndMaterials(hourly_rates={"designer": eur("100.00")}, cap=eur("10000.00"))
        contract = signed(tm, start=d(3, 1))
        march = bill(
            contract, *month(3), state=BillingState.opening(contract), entries=hours(80, 3)
        )
        assert subtotals(march) == [eur("8000.00")]
        assert march.state.arrangement("time_and_materials").billed == eur("8000.00")
        april = bill(contract, *month(4), state=march.state, entries=hours(40, 4))
        assert subtotals(april) == [eur("2000.00")]
        assert "2000.00 over the cap not billed" in april.invoices[0].lines[0].description
        may = bill(contract, *month(5), state=april.state, entries=hours(8, 5))
        assert may.invoices == ()
        assert may.state.arrangement("time_and_materials").billed == eur("10000.00")

    def test_the_state_is_required(self) -> None:
        contract = signed(TimeAndMaterials(hourly_rates={"designer": eur("100.00")}))
        with pytest.raises(TypeError, match="state"):
            bill(contract, *month(1))  # type: ignore[call-arg]


class TestLinesCarryTheirSourceNotTheirDescription:
    def test_descriptions_are_clean_and_the_source_is_a_value(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        run = bill(contract, *month(1), state=BillingState.opening(contract))
        (line,) = run.invoices[0].lines
        assert line.description == "Retainer January 2026 (2026-01-01..2026-01-31, 31/31 days)"
        assert "[" not in line.description
        assert line.source == LineSource(
            contract_id="C-1",
            arrangement="retainer",
            period=BillingPeriod(d(1, 1), d(1, 31)),
            kind="fee",
        )

    def test_editing_a_description_changes_nothing_billed(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        run = bill(contract, *month(1), state=BillingState.opening(contract))
        (line,) = run.invoices[0].lines
        edited = attrs.evolve(
            run.invoices[0], lines=[attrs.evolve(line, description="Monthly fee")]
        )
        assert [(b.arrangement, str(b.period)) for b in billed_lines([edited])] == [
            ("retainer", "2026-01-01..2026-01-31")
        ]
        with pytest.raises(ValidationError, match=r"already bills 2026-01-01\.\.2026-01-31"):
            bill(contract, *month(1), state=run.state)

    def test_schema_1_invoices_load_with_their_reference_as_source(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        (invoice,) = bill(contract, *month(1), state=BillingState.opening(contract)).invoices
        data = to_dict(invoice)
        assert data["_schema"] == 2
        line = data["lines"][0]
        line["description"] += " [C-1|retainer|2026-01-01..2026-01-31|fee]"
        del line["source"]
        old = {**data, "_schema": 1}
        assert from_dict(Invoice, json.loads(json.dumps(old))) == invoice
        typed_by_hand = {**old, "lines": [{**line, "description": "Workshop [half day]"}]}
        (kept,) = from_dict(Invoice, typed_by_hand).lines
        assert (kept.description, kept.source) == ("Workshop [half day]", None)

    def test_a_source_is_validated(self) -> None:
        with pytest.raises(ValidationError, match="'source'"):
            InvoiceLine("x", 1, eur("1.00"), source="C-1|retainer")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'period'"):
            LineSource(contract_id="C", arrangement="a", period="2026-01", kind="fee")  # type: ignore[arg-type]


class TestNumbering:
    def test_numbers_come_from_the_state_never_from_dates(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        january = bill(contract, *month(1), state=BillingState.opening(contract))
        assert [i.number for i in january.invoices] == ["INV-000001"]
        february = bill(contract, *month(2), state=january.state)
        assert [i.number for i in february.invoices] == ["INV-000002"]
        assert february.state.last_number == "INV-000002"

    def test_a_numbering_starts_at_first_and_continues_from_the_state(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        numbering = InvoiceNumbering(prefix="AG-", width=4, first=100)
        january = bill(
            contract, *month(1), state=BillingState.opening(contract), numbering=numbering
        )
        february = bill(contract, *month(2), state=january.state, numbering=numbering)
        assert [i.number for i in (*january.invoices, *february.invoices)] == ["AG-0100", "AG-0101"]

    def test_a_last_number_of_another_numbering_is_refused_by_its_name(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        state = BillingState.opening(contract).with_last_number("INV-000007")
        with pytest.raises(ValidationError) as info:
            bill(contract, *month(1), state=state, numbering=InvoiceNumbering(prefix="AG-"))
        assert info.value.field == "last_number"
        assert "'AG-000001'" in str(info.value)

    def test_nothing_billed_keeps_the_last_number(self) -> None:
        contract = signed(Milestone(name="launch", amount=eur("500.00")), value=eur("500.00"))
        state = BillingState.opening(contract).with_last_number("INV-000041")
        run = bill(contract, *month(1), state=state)
        assert (run.invoices, run.state.last_number) == ((), "INV-000041")


# ---------------------------------------------------------------------------- carry modes


class TestCarryModes:
    @staticmethod
    def year(retainer: Retainer, used: list[int], *, term_months: int = 12) -> list[BillingRun]:
        contract = signed(retainer, term_months=term_months)
        state, out = BillingState.opening(contract), []
        for m, h in enumerate(used, start=1):
            run = bill(contract, *month(m), state=state, entries=hours(h, m) if h else [])
            out.append(run)
            state = run.state
        return out

    def test_a_deficit_reduces_the_next_allowance_and_is_billed_at_the_end_of_the_term(
        self,
    ) -> None:
        retainer = Retainer(
            fee=eur("1000.00"),
            included_hours=40,
            overage_rate=eur("100.00"),
            carry_over="surplus_and_deficit",
        )
        runs = self.year(retainer, [50, 35, 48], term_months=3)
        assert [r.state.arrangement("retainer").carried_hours for r in runs] == [
            Decimal(-10),
            Decimal(-5),
            Decimal(0),
        ]
        assert [subtotals(r) for r in runs] == [
            [eur("1000.00")],
            [eur("1000.00")],
            [eur("2300.00")],  # 40 - 5 carried = 35 allowed, 48 used: 13 h at the term's end
        ]

    def test_a_deficit_past_the_limit_is_billed_at_once(self) -> None:
        retainer = Retainer(
            fee=eur("1000.00"),
            included_hours=40,
            overage_rate=eur("100.00"),
            carry_over="surplus_and_deficit",
            carry_limit_hours=8,
        )
        runs = self.year(retainer, [50, 24])
        assert [r.state.arrangement("retainer").carried_hours for r in runs] == [
            Decimal(-8),
            Decimal(8),
        ]
        assert [subtotals(r) for r in runs] == [[eur("1200.00")], [eur("1000.00")]]

    def test_a_surplus_past_the_limit_lapses(self) -> None:
        retainer = Retainer(
            fee=eur("1000.00"),
            included_hours=40,
            overage_rate=eur("100.00"),
            carry_over=True,
            carry_limit_hours=5,
        )
        runs = self.year(retainer, [0, 48])
        assert runs[0].state.arrangement("retainer").carried_hours == Decimal(5)
        assert subtotals(runs[1]) == [eur("1300.00")]  # 45 allowed, 3 h over

    def test_true_means_surplus_and_a_surplus_lapses_at_the_end_of_the_term(self) -> None:
        retainer = Retainer(
            fee=eur("1000.00"), included_hours=40, overage_rate=eur("100.00"), carry_over=True
        )
        assert retainer.carry_over == "surplus"
        runs = self.year(retainer, [10, 10], term_months=2)
        assert [r.state.arrangement("retainer").carried_hours for r in runs] == [
            Decimal(30),
            Decimal(0),
        ]

    def test_the_replay_of_a_term_settles_like_the_runs(self) -> None:
        retainer = Retainer(
            fee=eur("1000.00"),
            included_hours=40,
            overage_rate=eur("100.00"),
            carry_over="surplus_and_deficit",
        )
        term = BillingPeriod(d(1, 1), d(3, 31))
        jan, feb, mar = (s.period for s in retainer.segments(term.start, term.end))
        rows = retainer.hours(term, {jan: Decimal(90), feb: Decimal(0), mar: Decimal(20)})
        assert [(r.allowance, r.carried_out, r.overage) for r in rows] == [
            (Decimal(40), Decimal(-50), Decimal(0)),
            (Decimal(-10), Decimal(-10), Decimal(0)),
            (Decimal(30), Decimal(0), Decimal(0)),
        ]
        runs = self.year(retainer, [90, 0, 20], term_months=3)
        assert [r.state.arrangement("retainer").carried_hours for r in runs] == [
            row.carried_out for row in rows
        ]

    def test_hours_of_a_quarter_add_up_over_monthly_runs(self) -> None:
        retainer = Retainer(
            fee=eur("3000.00"), every="quarter", included_hours=60, overage_rate=eur("100.00")
        )
        runs = self.year(retainer, [24, 24, 24])
        assert [r.state.arrangement("retainer").open_hours for r in runs] == [
            Decimal(24),
            Decimal(48),
            Decimal(0),
        ]
        assert [line.description for line in runs[2].invoices[0].lines][-1] == (
            "Hours over the retainer's allowance, Q1 2026 (72 used of 60)"
        )


# ------------------------------------------------------------------------- the protocol


@attrs.frozen
class Hosting:
    """A user's own arrangement: a flat fee per run, and a count of runs kept in its state."""

    fee: Money
    name: str = "hosting"
    tower: str | None = None
    allows_gaps: ClassVar[bool] = False

    @property
    def currency(self) -> Currency:
        return self.fee.currency

    def takes(self, item: object) -> bool:
        return False

    def lines_for(
        self,
        contract: Contract,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        charge = ArrangementCharge(
            kind="hosting", description=f"Hosting {period}", quantity=1, unit_price=self.fee
        )
        return ArrangementBill(charges=[charge], state=state)


class TestYourOwnArrangement:
    def test_bill_bills_any_type_that_implements_the_protocol(self) -> None:
        hosting = Hosting(eur("50.00"))
        assert isinstance(hosting, BillingArrangement)
        contract = signed(hosting, Retainer(fee=eur("1000.00")))
        january = bill(contract, *month(1), state=BillingState.opening(contract))
        assert [line.net for line in january.invoices[0].lines] == [eur("50.00"), eur("1000.00")]
        assert january.state.arrangement("hosting").billed == eur("50.00")
        assert [b.kind for b in billed_lines(january.invoices)] == ["hosting", "fee"]

    def test_a_contract_refuses_what_does_not_implement_it(self) -> None:
        with pytest.raises(ValidationError, match="implements BillingArrangement"):
            signed("hosting")


# ---------------------------------------------------------------------------- the state


class TestTheStateIsAValue:
    def test_it_round_trips_through_json_between_runs(self) -> None:
        retainer = Retainer(
            fee=eur("1000.00"), included_hours=40, overage_rate=eur("90.00"), carry_over=True
        )
        contract = signed(retainer, Milestone(name="launch", portion=Rate.percent(10)))
        january = bill(
            contract,
            *month(1),
            state=BillingState.opening(contract),
            entries=hours(30, 1),
            accepted=[Acceptance("launch", d(1, 20))],
        )
        stored = json.dumps(to_dict(january.state))
        assert from_dict(BillingState, json.loads(stored)) == january.state
        assert json.loads(stored)["arrangements"][0]["carried_hours"] == "10"

    def test_it_refuses_nonsense(self) -> None:
        with pytest.raises(ValidationError, match="one state per arrangement"):
            BillingState(
                contract_id="C",
                arrangements=[ArrangementState(name="a"), ArrangementState(name="a")],
            )
        jan, feb = BillingPeriod(d(1, 1), d(1, 31)), BillingPeriod(d(2, 1), d(2, 28))
        with pytest.raises(ValidationError, match="'periods'"):
            ArrangementState(name="a", periods=[jan, feb])  # adjacent: they merge
        with pytest.raises(ValidationError, match="'open_hours'"):
            ArrangementState(name="a", open_hours=Decimal(-1))
        with pytest.raises(ValidationError, match="'billed'"):
            ArrangementState(name="a", billed=eur("-1.00"))


class TestTaxRates:
    def test_a_rate_above_100_percent_is_refused_with_the_fix(self) -> None:
        with pytest.raises(ValidationError, match=r"Rate.percent\(19\)"):
            Tax("VAT", Rate(19))
        assert Tax("VAT", Rate(1)).rate == Rate(1)

    def test_a_number_for_a_rate_is_refused_with_the_fix(self) -> None:
        with pytest.raises(ValidationError, match=r"Rate\.percent\(19\) for 19%"):
            Tax("VAT", 19)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"Rate\('0\.075'\) or Rate\.percent\(7\.5\)"):
            Tax("VAT", "0.075")  # type: ignore[arg-type]

    def test_a_string_rate_is_refused_with_the_fix(self) -> None:
        with pytest.raises(ValidationError, match=r"Rate\('0.19'\) or Rate.percent\(19\)"):
            Tax("VAT", "0.19")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- properties

ROLES = {"designer": eur("95.00"), "developer": eur("110.00")}


@st.composite
def mixes(draw: st.DrawFn) -> tuple[Contract, list[Any], list[Acceptance]]:
    """A contract of a retainer, time and materials and a milestone, and a timesheet for it."""
    arrangements: list[Any] = []
    if draw(st.booleans()):
        carry = draw(st.sampled_from([False, "surplus", "surplus_and_deficit"]))
        arrangements.append(
            Retainer(
                fee=eur(str(draw(st.integers(100, 9000)))),
                every=draw(st.sampled_from(["month", "quarter"])),
                proration=draw(st.sampled_from(["daily", "none"])),
                included_hours=draw(st.integers(0, 60)),
                overage_rate=eur("120.00"),
                carry_over=carry,
                carry_limit_hours=draw(st.none() | st.integers(0, 30)) if carry else None,
            )
        )
    if draw(st.booleans()) or not arrangements:
        cap = draw(st.none() | st.integers(1, 30000).map(lambda n: eur(f"{n}.00")))
        arrangements.append(TimeAndMaterials(hourly_rates=ROLES, cap=cap, name="tm"))
    if draw(st.booleans()):
        arrangements.append(Milestone(name="launch", amount=eur("2500.00")))
    start = d(draw(st.integers(1, 6)), draw(st.integers(1, 28)))
    contract = signed(*arrangements, start=start, term_months=draw(st.integers(1, 8)))
    assert contract.end is not None
    takers = [a.name for a in arrangements if a.takes(TimeEntry("x", "designer", start, 1))]
    entries: list[Any] = []
    for i in range(draw(st.integers(0, 25))):
        day = start.add(days=draw(st.integers(0, (contract.end - start).days)))
        entries.append(
            TimeEntry(
                f"p{i}",
                draw(st.sampled_from(sorted(ROLES))),
                day,
                draw(st.integers(1, 10)),
                arrangement=draw(st.sampled_from(takers)),
            )
        )
    accepted = []
    if any(isinstance(a, Milestone) for a in arrangements) and draw(st.booleans()):
        accepted.append(
            Acceptance("launch", start.add(days=draw(st.integers(0, (contract.end - start).days))))
        )
    return contract, entries, accepted


@st.composite
def cuts(draw: st.DrawFn, contract: Contract) -> list[BillingPeriod]:
    """Consecutive periods of any size covering the contract's term."""
    assert contract.end is not None
    days = (contract.end - contract.start).days + 1
    inner = sorted(draw(st.sets(st.integers(1, max(1, days - 1)), max_size=8)) - {days})
    bounds = [0, *[b for b in inner if 0 < b < days], days]
    return [
        BillingPeriod(contract.start.add(days=a), contract.start.add(days=b - 1))
        for a, b in pairwise(bounds)
    ]


def fold(
    contract: Contract, periods: list[BillingPeriod], entries: list[Any], accepted: list[Acceptance]
) -> tuple[list[Invoice], list[BillingState]]:
    state, invoices, states = BillingState.opening(contract), [], []
    for period in periods:
        run = bill(
            contract,
            period.start,
            period.end,
            state=state,
            entries=[e for e in entries if period.contains(e.on)],
            accepted=[a for a in accepted if period.contains(a.on)],
        )
        invoices.extend(run.invoices)
        state = run.state
        states.append(state)
    return invoices, states


def net(invoices: list[Invoice] | tuple[Invoice, ...]) -> Money:
    return Money.sum((i.subtotal for i in invoices), "EUR")


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_folding_bill_over_consecutive_periods_equals_billing_their_union(
        self, data: st.DataObject
    ) -> None:
        contract, entries, accepted = data.draw(mixes())
        periods = data.draw(cuts(contract))
        invoices, states = fold(contract, periods, entries, accepted)
        whole = bill(
            contract,
            periods[0].start,
            periods[-1].end,
            state=BillingState.opening(contract),
            entries=entries,
            accepted=accepted,
        )
        assert net(invoices) == net(whole.invoices)
        assert states[-1].arrangements == whole.state.arrangements
        assert states[-1].last_number == (invoices[-1].number if invoices else None)

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_runs_never_bill_a_day_twice_nor_pass_a_cap(self, data: st.DataObject) -> None:
        contract, entries, accepted = data.draw(mixes())
        periods = data.draw(cuts(contract))
        invoices, states = fold(contract, periods, entries, accepted)
        lines = billed_lines(invoices)
        for arrangement in contract.arrangements:
            own = sorted(  # the lines of one run share its days; runs never share one
                {
                    b.period
                    for b in lines
                    if b.arrangement == arrangement.name and b.kind != "overage"
                },
                key=lambda p: p.start,
            )
            for before, after in pairwise(own):
                assert not before.overlaps(after)
            cap = getattr(arrangement, "cap", None)
            if cap is not None:
                billed = Money.sum(
                    (b.net for b in lines if b.arrangement == arrangement.name), "EUR"
                )
                assert billed <= cap
                assert states[-1].arrangement(arrangement.name).billed in (None, billed)
        numbers = [i.number for i in invoices]
        assert len(set(numbers)) == len(numbers)
        for period in periods:
            with pytest.raises(ValidationError, match="already bills"):
                bill(contract, period.start, period.end, state=states[-1])

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.integers(0, 90), min_size=1, max_size=12),
        st.integers(0, 60),
        st.sampled_from(["surplus", "surplus_and_deficit"]),
    )
    def test_carried_hours_are_included_minus_used_period_by_period(
        self, used: list[int], included: int, mode: str
    ) -> None:
        retainer = Retainer(
            fee=eur("1000.00"),
            included_hours=included,
            overage_rate=eur("100.00"),
            carry_over=mode,  # type: ignore[arg-type]
        )
        contract = signed(retainer, term_months=13)  # the term goes on after the runs
        state, carried = BillingState.opening(contract), Decimal(0)
        for m, h in enumerate(used, start=1):
            run = bill(contract, *month(m), state=state, entries=hours(h, m) if h else [])
            state = run.state
            after = carried + included - h
            if mode == "surplus":  # a deficit is billed at once
                overage = max(Decimal(0), -after)
                after = max(Decimal(0), after)
            else:
                overage = Decimal(0)
            assert state.arrangement("retainer").carried_hours == after
            assert net(run.invoices) == eur("1000.00") + eur("100.00") * overage
            carried = after


@attrs.frozen
class Broken:
    """An arrangement whose ``lines_for`` returns whatever it is given as ``result``."""

    fee: Money
    result: object
    name: str = "broken"
    tower: str | None = None
    allows_gaps: ClassVar[bool] = True

    @property
    def currency(self) -> Currency:
        return self.fee.currency

    def takes(self, item: object) -> bool:
        return False

    def lines_for(
        self,
        contract: Contract,
        period: BillingPeriod,
        entries: tuple[Any, ...],
        state: ArrangementState,
    ) -> ArrangementBill:
        return self.result  # type: ignore[return-value]


class TestRefusals:
    """Each refusal names the public parameter and says what is allowed."""

    def contract(self) -> Contract:
        return signed(Retainer(fee=eur("1000.00")))

    def test_the_run_itself(self) -> None:
        contract = self.contract()
        state = BillingState.opening(contract)
        with pytest.raises(ValidationError, match=r"'period_end'.*on or after period_start"):
            bill(contract, d(1, 31), d(1, 1), state=state)
        with pytest.raises(ValidationError, match="'numbering'"):
            bill(contract, *month(1), state=state, numbering="INV-")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'contract'"):
            BillingState.opening("C-1")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'issued_on'"):
            bill(contract, *month(1), state=state, issued_on="2026-01-31")  # type: ignore[arg-type]

    def test_entries_must_be_dated_within_the_term(self) -> None:
        contract = signed(
            Retainer(fee=eur("1000.00"), included_hours=10), start=d(1, 15), term_months=1
        )
        state = BillingState.opening(contract)
        with pytest.raises(ValidationError, match="within the contract's term"):
            bill(contract, *month(1), state=state, entries=[TimeEntry("a", "b", d(1, 2), 1)])

        @attrs.frozen
        class Stamped:
            on: dt.datetime

        with pytest.raises(ValidationError, match="dated values"):
            bill(
                contract, *month(1), state=state, entries=[Stamped(pendulum.datetime(2026, 1, 20))]
            )

    def test_what_an_arrangement_returns_is_checked(self) -> None:
        wrong_state = ArrangementBill(charges=[], state=ArrangementState(name="other"))
        dollars = ArrangementBill(
            charges=[
                ArrangementCharge(
                    kind="fee", description="x", quantity=1, unit_price=Money("1", "USD")
                )
            ],
            state=ArrangementState(name="broken"),
        )
        for result, field in (
            (None, "arrangements"),
            (wrong_state, "arrangements"),
            (dollars, "charges"),
        ):
            contract = signed(Broken(eur("1.00"), result))
            with pytest.raises(ValidationError) as info:
                bill(contract, *month(1), state=BillingState.opening(contract))
            assert info.value.field == field

    def test_a_milestone_is_accepted_once(self) -> None:
        contract = signed(Milestone(name="launch", amount=eur("500.00")), value=eur("500.00"))
        twice = [Acceptance("launch", d(1, 5)), Acceptance("launch", d(1, 6))]
        with pytest.raises(ValidationError, match="one acceptance per milestone"):
            bill(contract, *month(1), state=BillingState.opening(contract), accepted=twice)

    def test_values_of_the_protocol_validate(self) -> None:
        jan = BillingPeriod(d(1, 1), d(1, 31))
        state = ArrangementState(name="a").billing(jan)
        with pytest.raises(ValidationError, match="days not billed yet"):
            state.billing(BillingPeriod(d(1, 31), d(2, 5)))
        with pytest.raises(ValidationError, match="'period'"):
            state.billing("2026-02")  # type: ignore[arg-type]
        assert state.billing(BillingPeriod(d(3, 1), d(3, 31))).periods == (
            jan,
            BillingPeriod(d(3, 1), d(3, 31)),
        )
        with pytest.raises(ValidationError, match="'quantity'"):
            ArrangementCharge(kind="fee", description="x", quantity=-1, unit_price=eur("1.00"))
        with pytest.raises(ValidationError, match="'quantity'"):
            ArrangementCharge(kind="fee", description="x", quantity=1.5, unit_price=eur("1.00"))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'period'"):
            ArrangementCharge(
                kind="fee", description="x", quantity=1, unit_price=eur("1.00"), period="jan"
            )  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'state'"):
            ArrangementBill(charges=[], state=None)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'state'"):
            BillingRun(invoices=[], state=None)  # type: ignore[arg-type]

    def test_a_state_keeps_arrangements_the_contract_no_longer_has(self) -> None:
        contract = self.contract()
        old = ArrangementState(name="retired", carried_hours=Decimal(3))
        state = attrs.evolve(BillingState.opening(contract), arrangements=[old])
        run = bill(contract, *month(1), state=state)
        assert run.state.arrangement("retired") == old
        assert run.state.arrangement("retainer").billed == eur("1000.00")


# ------------------------------------------------------------------- refusals, word for word


def refused(message: str) -> AbstractContextManager[pytest.ExceptionInfo[ValidationError]]:
    """``pytest.raises`` for a ValidationError whose whole message is ``message``."""
    return pytest.raises(ValidationError, match=f"^{re.escape(message)}$")


@attrs.frozen
class Stamped:
    """A dated value that no built-in arrangement takes (and that names no arrangement)."""

    on: dt.date


class TestTheRefusalsOfARun:
    """The whole message of each refusal of :func:`bill`: the parameter, the value, the fix."""

    def contract(self, *arrangements: Any, **changes: Any) -> Contract:
        return signed(*(arrangements or (Retainer(fee=eur("1000.00")),)), **changes)

    def test_what_is_billed_and_with_what_state(self) -> None:
        contract = self.contract()
        state = BillingState.opening(contract)
        with refused("invalid 'contract': 'C-1'; expected a Contract"):
            bill("C-1", *month(1), state=state)  # type: ignore[arg-type]
        draft = Contract(
            id="C-1", client_id="acme", title="t", value=eur("1.00"), start=d(1, 1), term_months=1
        )
        with refused(
            "invalid 'contract': 'draft'; "
            "expected a signed contract (not a draft or in negotiation)"
        ):
            bill(draft, *month(1), state=state)
        with refused(
            "invalid 'state': 'C-1'; expected a BillingState "
            "(BillingState.opening(contract) before the first run)"
        ):
            bill(contract, *month(1), state="C-1")  # type: ignore[arg-type]
        with refused(
            "invalid 'state': 'C-2'; expected the BillingState of contract 'C-1' (the state "
            "returned by its last run, or BillingState.opening(contract) before the first)"
        ):
            bill(contract, *month(1), state=BillingState(contract_id="C-2"))
        with refused("invalid 'numbering': 'INV-'; expected None or an InvoiceNumbering"):
            bill(contract, *month(1), state=state, numbering="INV-")  # type: ignore[arg-type]

    def test_the_period(self) -> None:
        contract = self.contract()
        state = BillingState.opening(contract)
        with refused(
            "invalid 'period_start': '2026-01-01'; expected a date (a datetime is not a date)"
        ):
            bill(contract, "2026-01-01", d(1, 31), state=state)  # type: ignore[arg-type]
        with refused(
            "invalid 'period_end': '2026-01-31'; expected a date (a datetime is not a date)"
        ):
            bill(contract, d(1, 1), "2026-01-31", state=state)  # type: ignore[arg-type]
        with refused(
            "invalid 'period_end': Date(2026, 1, 1); expected a date on or after period_start "
            "2026-01-31"
        ):
            bill(contract, d(1, 31), d(1, 1), state=state)

    def test_a_last_number_of_another_numbering_is_refused_even_when_nothing_is_billed(
        self,
    ) -> None:
        contract = self.contract(Milestone(name="launch", amount=eur("500.00")))
        state = BillingState.opening(contract).with_last_number("AG-0007")
        with pytest.raises(ValidationError, match="'last_number': 'AG-0007'"):
            bill(contract, *month(1), state=state)
        run = bill(contract, *month(1), state=state, numbering=InvoiceNumbering("AG-", 4))
        assert (run.invoices, run.state.last_number) == ((), "AG-0007")

    def test_days_billed_twice(self) -> None:
        contract = self.contract()
        january = bill(contract, *month(1), state=BillingState.opening(contract))
        with refused(
            "invalid 'period_start': '2026-01-01..2026-01-31'; expected days 'retainer' has not "
            "billed yet (the state already bills 2026-01-01..2026-01-31; the next period starts "
            "on 2026-02-01)"
        ):
            bill(contract, *month(1), state=january.state)
        february = bill(contract, *month(2), state=january.state)
        with refused(
            "invalid 'period_start': '2026-01-15..2026-03-15'; expected days 'retainer' has not "
            "billed yet (the state already bills 2026-01-01..2026-02-28; the next period starts "
            "on 2026-03-01)"
        ):
            bill(contract, d(1, 15), d(3, 15), state=february.state)

    def test_two_stretches_billed_apart_are_both_named(self) -> None:
        contract = self.contract(Milestone(name="launch", amount=eur("500.00")))
        state = BillingState.opening(contract)
        state = bill(contract, *month(1), state=state).state
        state = bill(contract, *month(3), state=state).state
        with refused(
            "invalid 'period_start': '2026-01-20..2026-03-10'; expected days 'launch' has not "
            "billed yet (the state already bills 2026-01-01..2026-01-31, 2026-03-01..2026-03-31; "
            "the next period starts on 2026-04-01)"
        ):
            bill(contract, d(1, 20), d(3, 10), state=state)

    def test_days_skipped(self) -> None:
        contract = self.contract()
        january = bill(contract, *month(1), state=BillingState.opening(contract))
        with refused(
            "invalid 'period_start': Date(2026, 2, 2); expected 2026-02-01: 'retainer' has not "
            "billed 2026-02-01..2026-02-01 yet; bill it first"
        ):
            bill(contract, d(2, 2), d(2, 28), state=january.state)
        (feb,) = bill(contract, d(2, 1), d(2, 28), state=january.state).invoices
        assert feb.subtotal == eur("1000.00")

    def test_entries_that_are_not_dated_or_not_of_the_period(self) -> None:
        contract = self.contract(Retainer(fee=eur("1000.00"), included_hours=10))
        state = BillingState.opening(contract)
        with refused("invalid 'entries': '8h'; expected dated values (with an 'on' date)"):
            bill(contract, *month(1), state=state, entries=["8h"])
        entry = TimeEntry("ana", "designer", d(2, 5), 8)
        with refused(
            f"invalid 'entries': {entry!r}; expected values dated within the period "
            "2026-01-01..2026-01-31; bill the period they fall in with them (each run takes only "
            "its own period's entries)"
        ):
            bill(contract, *month(1), state=state, entries=[entry])
        acceptance = Acceptance("launch", d(2, 5))
        with refused(
            f"invalid 'accepted': {acceptance!r}; expected values dated within the period "
            "2026-01-01..2026-01-31; bill the period they fall in with them (each run takes only "
            "its own period's entries)"
        ):
            bill(contract, *month(1), state=state, accepted=[acceptance])
        with refused(
            f"invalid 'entries': {acceptance!r}; expected entries; pass acceptances as accepted="
        ):
            bill(contract, *month(1), state=state, entries=[acceptance])

    def test_entries_outside_the_term(self) -> None:
        short = self.contract(
            Retainer(fee=eur("1000.00"), included_hours=10), start=d(1, 15), term_months=1
        )
        entry = TimeEntry("ana", "designer", d(1, 2), 1)
        with refused(
            f"invalid 'entries': {entry!r}; expected values dated within the contract's term "
            "(2026-01-15..2026-02-14)"
        ):
            bill(short, *month(1), state=BillingState.opening(short), entries=[entry])
        gone = short.terminate(at=AT, reason="merger", effective=d(1, 14))
        with refused(
            f"invalid 'entries': {entry!r}; expected values dated within the contract's term "
            "(not started)"
        ):
            bill(gone, *month(1), state=BillingState.opening(gone), entries=[entry])

    def test_where_entries_go(self) -> None:
        tm = TimeAndMaterials(hourly_rates={"designer": eur("95.00")}, name="tm")
        hours = Retainer(fee=eur("1000.00"), included_hours=5, overage_rate=eur("90.00"))
        launch = Milestone(name="launch", amount=eur("500.00"))
        contract = self.contract(hours, tm, launch)
        state = BillingState.opening(contract)
        entry = TimeEntry("ana", "designer", d(1, 5), 8)
        with refused(
            "invalid 'arrangement': None; expected the name of the arrangement that takes this "
            "TimeEntry (the contract has 2 that could: ['retainer', 'tm'])"
        ):
            bill(contract, *month(1), state=state, entries=[entry])
        with refused(
            "invalid 'arrangement': None; expected the name of the arrangement that takes this "
            "Stamped (the contract has 0 that could: [])"
        ):
            bill(contract, *month(1), state=state, entries=[Stamped(d(1, 5))])
        media = MediaPlacement(description="TV", on=d(1, 2), gross=eur("1.00"), arrangement="tm")
        with refused(
            "invalid 'entries': 'tm'; expected the name of an arrangement that takes a "
            "MediaPlacement"
        ):
            bill(contract, *month(1), state=state, entries=[media])
        with refused(
            "invalid 'accepted': 'tm'; expected the name of one of the contract's milestones"
        ):
            bill(contract, *month(1), state=state, accepted=[Acceptance("tm", d(1, 5))])

    def test_hours_of_one_person_on_one_day(self) -> None:
        contract = self.contract(TimeAndMaterials(hourly_rates={"designer": eur("95.00")}))
        state = BillingState.opening(contract)
        day = [TimeEntry("ana", "designer", d(1, 5), 16), TimeEntry("ana", "designer", d(1, 5), 8)]
        (jan,) = bill(contract, *month(1), state=state, entries=day).invoices
        assert jan.subtotal == eur("2280.00")
        late = TimeEntry("ana", "designer", d(1, 5), "0.5")
        with refused(
            "invalid 'entries': 'ana on 2026-01-05: 24.5 h'; "
            "expected at most 24 hours for one person on one day"
        ):
            bill(contract, *month(1), state=state, entries=[*day, late])

    def test_what_an_arrangement_returns(self) -> None:
        contract = self.contract(Broken(eur("1.00"), None))
        with refused(
            "invalid 'arrangements': 'broken'; expected arrangements whose lines_for returns an "
            "ArrangementBill with their own state"
        ):
            bill(contract, *month(1), state=BillingState.opening(contract))
        dollars = ArrangementBill(
            charges=[
                ArrangementCharge(
                    kind="fee", description="x", quantity=1, unit_price=Money("1", "USD")
                )
            ],
            state=ArrangementState(name="broken"),
        )
        contract = self.contract(Broken(eur("1.00"), dollars))
        with refused("invalid 'charges': Money('1', 'USD'); expected amounts in EUR"):
            bill(contract, *month(1), state=BillingState.opening(contract))


class TestTheRefusalsOfTheValues:
    def test_a_state(self) -> None:
        with refused("invalid 'contract': 'C-1'; expected a Contract"):
            BillingState.opening("C-1")  # type: ignore[arg-type]
        with refused("invalid 'arrangements': 'retainer'; expected ArrangementState values"):
            BillingState(contract_id="C-1", arrangements=["retainer"])  # type: ignore[list-item]
        twice = [ArrangementState(name="retainer"), ArrangementState(name="retainer")]
        with refused(
            "invalid 'arrangements': ['retainer', 'retainer']; "
            "expected one state per arrangement name"
        ):
            BillingState(contract_id="C-1", arrangements=twice)

    def test_a_run(self) -> None:
        with refused("invalid 'invoices': 'INV-1'; expected Invoice values"):
            BillingRun(invoices=["INV-1"], state=BillingState(contract_id="C-1"))  # type: ignore[list-item]

    def test_a_billed_line(self) -> None:
        with refused(
            "invalid 'issued_on': '2026-01-31'; expected a date (a datetime is not a date)"
        ):
            BilledLine(
                invoice="INV-1",
                issued_on="2026-01-31",
                contract_id="C-1",
                arrangement="retainer",
                period=BillingPeriod(d(1, 1), d(1, 31)),
                kind="fee",
                net=eur("1000.00"),
            )

    def test_the_periods_of_a_term(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")), term_months=None)
        with refused("invalid 'until': None; expected a date: the contract is open-ended"):
            billing_periods(contract)
        with refused("invalid 'until': '2026-03-31'; expected a date (a datetime is not a date)"):
            billing_periods(contract, until="2026-03-31")  # type: ignore[arg-type]
        year = signed(Retainer(fee=eur("1000.00")), start=d(2, 10))
        assert billing_periods(year, "quarter") == (
            BillingPeriod(d(2, 10), d(3, 31)),
            BillingPeriod(d(4, 1), d(6, 30)),
            BillingPeriod(d(7, 1), d(9, 30)),
            BillingPeriod(d(10, 1), d(12, 31)),
            BillingPeriod(d(1, 1, 2027), d(2, 9, 2027)),
        )


class TestWhatARunMakes:
    def test_the_opening_state_has_one_state_per_arrangement(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")), Milestone("launch", eur("500.00")))
        assert BillingState.opening(contract).arrangements == (
            ArrangementState(name="retainer"),
            ArrangementState(name="launch"),
        )

    def test_a_run_over_two_months_bills_a_line_per_month(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        run = bill(contract, d(1, 1), d(2, 28), state=BillingState.opening(contract))
        assert [(str(line.period), line.net) for line in billed_lines(run.invoices)] == [
            ("2026-01-01..2026-01-31", eur("1000.00")),
            ("2026-02-01..2026-02-28", eur("1000.00")),
        ]

    def test_an_arrangement_with_nothing_to_bill_gets_no_invoice_of_its_own(self) -> None:
        contract = signed(
            Milestone("launch", eur("500.00")),
            Retainer(fee=eur("1000.00")),
            invoicing="per_arrangement",
        )
        run = bill(contract, *month(1), state=BillingState.opening(contract))
        assert [(i.number, i.subtotal) for i in run.invoices] == [("INV-000001", eur("1000.00"))]

    def test_a_contract_of_one_day_bills_that_day(self) -> None:
        contract = signed(Retainer(fee=eur("3100.00"))).terminate(
            at=AT, reason="merger", effective=d(1, 1)
        )
        (jan,) = bill(contract, *month(1), state=BillingState.opening(contract)).invoices
        assert jan.subtotal == eur("100.00")

    def test_a_contract_ended_before_it_started_bills_nothing(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00"))).terminate(
            at=AT, reason="merger", effective=d(12, 31, 2025)
        )
        state = BillingState.opening(contract)
        assert bill(contract, *month(1), state=state) == BillingRun(invoices=(), state=state)


class TestBilledLines:
    def test_a_void_invoice_hides_no_other(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        jan = bill(contract, *month(1), state=BillingState.opening(contract))
        feb = bill(contract, *month(2), state=jan.state)
        void = (
            jan.invoices[0]
            .issue(at=pendulum.datetime(2026, 1, 31, tz="UTC"))
            .void(at=pendulum.datetime(2026, 2, 1, tz="UTC"))
        )
        assert [line.invoice for line in billed_lines([void, *feb.invoices])] == ["INV-000002"]

    def test_a_line_of_another_contract_or_by_hand_hides_no_other(self) -> None:
        contract = signed(Retainer(fee=eur("1000.00")))
        (jan,) = bill(contract, *month(1), state=BillingState.opening(contract)).invoices
        (fee,) = jan.lines
        assert fee.source is not None
        other = attrs.evolve(fee, source=attrs.evolve(fee.source, contract_id="C-2"))
        by_hand = InvoiceLine(description="Extra", quantity=1, unit_price=eur("10.00"))
        mixed = attrs.evolve(jan, lines=[by_hand, other, fee])
        assert [(line.contract_id, line.net) for line in billed_lines([mixed], "C-1")] == [
            ("C-1", eur("1000.00"))
        ]
        assert [line.contract_id for line in billed_lines([mixed])] == ["C-2", "C-1"]

    def test_already_billed_counts_only_the_contracts_own_lines(self) -> None:
        ours = signed(Retainer(fee=eur("1000.00")))
        theirs = signed(Retainer(fee=eur("1000.00")), id="C-2")
        (jan,) = bill(theirs, *month(1), state=BillingState.opening(theirs)).invoices
        assert already_billed(ours, [jan], d(1, 1), d(1, 31)) == ()
        assert [line.contract_id for line in already_billed(theirs, [jan], *month(1))] == ["C-2"]
