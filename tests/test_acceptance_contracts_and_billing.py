"""Contracts, billing and profit and loss, promise by promise, as a user writes them.

Each test quotes what it checks. Names come from ``accountexec`` (all of them are re-exported);
parameters are passed with their documented spellings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import (
    AccountExecError,
    Contract,
    ContractStatus,
    Cost,
    InvalidTransitionError,
    Invoice,
    InvoiceStatus,
    Markup,
    MediaCommission,
    MediaPlacement,
    Milestone,
    Money,
    PaymentTerms,
    ProfitAndLoss,
    Rate,
    Renewal,
    Retainer,
    TimeAndMaterials,
    TimeEntry,
    Tower,
    ValidationError,
    WorkCalendar,
    already_billed,
    bill,
    billing_periods,
    renewals_due,
)
from accountexec.commerce.billing import Acceptance, BillingState, Expense
from accountexec.contracts import term_end
from accountexec.deadlines import BusinessDays

AT = datetime(2025, 12, 1, 10, tzinfo=UTC)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def signed(contract: Contract) -> Contract:
    return contract.negotiate(at=AT).sign(at=AT)


def opening(contract: Contract) -> BillingState:
    return BillingState.opening(contract)


def from_state(contract: Contract, start: date, end: date, **kwargs: Any) -> tuple[Invoice, ...]:
    """The invoices of ``start..end``, billed after every day of the term before it."""
    state = opening(contract)
    if start > contract.start:
        state = bill(contract, contract.start, start - timedelta(days=1), state=state).state
    return bill(contract, start, end, state=state, **kwargs).invoices


def agency(*arrangements: object, start: date = date(2026, 1, 9), **kwargs: object) -> Contract:
    return signed(
        Contract(
            id="AG-1",
            client_id="acme",
            title="Agency retainer",
            value=eur("37200.00"),
            start=start,
            term_months=12,
            signatories=["acme: cmo", "agency: md"],
            arrangements=arrangements,  # type: ignore[arg-type]
            **kwargs,  # type: ignore[arg-type]
        )
    )


class TestContracts:
    """`Contract`: id, client id, title, value, start, term or end (open-ended allowed), towers,
    renewal, signatories, version (amendments), billing arrangements."""

    def test_a_contract_with_three_towers(self) -> None:
        towers = [
            Tower("infrastructure", "ana", eur("400000.00")),
            Tower("applications", "ben", eur("500000.00")),
            Tower("service desk", "chloe", eur("300000.00")),
        ]
        contract = Contract(
            id="IT-1",
            client_id="acme",
            title="Managed services",
            value=eur("1200000.00"),
            start=date(2026, 1, 1),
            term_months=12,
            towers=towers,
            renewal=Renewal(kind="automatic", term_months=12, notice_days=90),
            signatories=["acme: cfo"],
        )
        assert contract.end == date(2026, 12, 31)
        assert contract.tower("applications").manager == "ben"
        assert contract.version == 1
        assert contract.status is ContractStatus.DRAFT

    def test_an_end_date_instead_of_a_term_or_open_ended(self) -> None:
        fixed = Contract(
            id="C-1",
            client_id="acme",
            title="Pilot",
            value=eur("1.00"),
            start=date(2026, 1, 1),
            end=date(2026, 3, 31),
        )
        assert fixed.end == date(2026, 3, 31)
        open_ended = Contract(
            id="C-2", client_id="acme", title="Support", value=eur("1.00"), start=date(2026, 1, 1)
        )
        assert open_ended.end is None
        assert open_ended.status_on(date(2040, 1, 1)) is ContractStatus.DRAFT

    def test_notice_in_business_days_needs_a_calendar(self) -> None:
        contract = Contract(
            id="C-3",
            client_id="acme",
            title="Support",
            value=eur("1.00"),
            start=date(2026, 1, 1),
            term_months=12,
            renewal=Renewal(kind="automatic", notice_days=10, notice_in_business_days=True),
        )
        calendar = WorkCalendar(holidays=[pendulum.date(2026, 12, 25)])
        assert contract.notice_deadline(calendar=calendar) == date(2026, 12, 16)
        with pytest.raises(ValidationError, match="'calendar'"):
            contract.notice_deadline()

    def test_signed_versions_are_amended_never_edited(self) -> None:
        contract = agency(Retainer(eur("3100.00")))
        with pytest.raises(ValidationError, match="amend"):
            contract.edit(title="Other")
        v2 = contract.amend(reason="scope change", at=AT, value=eur("40000.00"))
        assert (v2.version, v2.amendments[-1].reason) == (2, "scope change")
        assert contract.value == eur("37200.00")


class TestLifeCycle:
    """draft → in_negotiation → signed → active → (expired | terminated | renewed);
    in_negotiation ↔ draft; terminating needs a reason and an effective date."""

    def test_the_happy_path(self) -> None:
        draft = Contract(
            id="C-4",
            client_id="acme",
            title="Pilot",
            value=eur("9000.00"),
            start=date(2026, 1, 1),
            term_months=3,
            signatories=["ana"],
        )
        negotiating = draft.negotiate(at=AT)
        assert negotiating.redline(at=AT).status is ContractStatus.DRAFT
        live = negotiating.sign(at=AT).activate(at=datetime(2026, 1, 1, 9, tzinfo=UTC))
        assert live.status is ContractStatus.ACTIVE
        assert live.expire(at=datetime(2026, 4, 1, 9, tzinfo=UTC)).status is ContractStatus.EXPIRED

    def test_terminating_needs_a_reason_and_an_effective_date(self) -> None:
        live = agency(Retainer(eur("3100.00")))
        with pytest.raises(InvalidTransitionError) as refused:
            live.terminate(at=AT, reason="", effective=date(2026, 4, 30))
        assert refused.value.event == "terminate"
        done = live.terminate(at=AT, reason="merger", effective=date(2026, 4, 30))
        assert done.status is ContractStatus.TERMINATED
        assert done.status_on(date(2026, 5, 1)) is ContractStatus.TERMINATED

    def test_status_on_says_what_the_facts_say_without_a_clock(self) -> None:
        contract = agency(Retainer(eur("3100.00")))
        assert contract.status_on(date(2026, 1, 8)) is ContractStatus.SIGNED
        assert contract.status_on(date(2026, 1, 9)) is ContractStatus.ACTIVE
        assert contract.status_on(date(2027, 1, 8)) is ContractStatus.ACTIVE
        assert contract.status_on(date(2027, 1, 9)) is ContractStatus.EXPIRED


class TestRenewal:
    """`contract.notice_deadline(calendar=None)`; `contract.renew(at=...)`;
    `renewals_due(contracts, as_of=as_of, within_days=within_days)`."""

    def contract(self) -> Contract:
        return agency(Retainer(eur("3100.00")), renewal=Renewal(kind="automatic", notice_days=60))

    def test_notice_deadline(self) -> None:
        contract = self.contract()  # ends 2027-01-08
        assert contract.notice_deadline() == date(2026, 11, 9)
        assert contract.notice_deadline(calendar=None) == date(2026, 11, 9)

    def test_renew_returns_the_successor_for_the_next_term(self) -> None:
        successor = self.contract().renew(at=datetime(2026, 11, 1, tzinfo=UTC))
        assert successor.start == date(2027, 1, 9)
        assert successor.end == date(2028, 1, 8)
        assert successor.predecessor_id == "AG-1"
        assert successor.status is ContractStatus.SIGNED

    def test_renewals_due(self) -> None:
        contract = self.contract()
        assert renewals_due([contract], as_of=date(2026, 10, 15), within_days=30) == (contract,)
        assert renewals_due([contract], as_of=date(2026, 10, 1), within_days=30) == ()

    @given(st.integers(1, 24), st.integers(1, 200), st.integers(1, 5))
    def test_renewal_chains_stay_contiguous_and_notice_is_before_the_end(
        self, months: int, notice: int, links: int
    ) -> None:
        def fits(start: date) -> bool:  # notice may not reach before the term's start
            return notice <= (term_end(start, months) - start).days

        if not fits(date(2026, 1, 31)):
            with pytest.raises(ValidationError, match=r"'renewal'.*before the start"):
                Contract(
                    id="C-9",
                    client_id="acme",
                    title="Support",
                    value=eur("1200.00"),
                    start=date(2026, 1, 31),
                    term_months=months,
                    renewal=Renewal(kind="automatic", notice_days=notice),
                )
            return
        contract = signed(
            Contract(
                id="C-9",
                client_id="acme",
                title="Support",
                value=eur("1200.00"),
                start=date(2026, 1, 31),
                term_months=months,
                signatories=["ana"],
                renewal=Renewal(kind="automatic", notice_days=notice),
            )
        )
        for _ in range(links):
            deadline = contract.notice_deadline()
            assert contract.end is not None
            assert deadline is not None
            assert deadline < contract.end
            if not fits(contract.end.add(days=1)):
                with pytest.raises(ValidationError, match="'renewal'"):
                    contract.renew(at=AT)
                return
            successor = contract.renew(at=AT)
            assert successor.start == contract.end.add(days=1)
            contract = successor


class TestRetainer:
    """`Retainer(fee, every="month", proration="daily" | "none", included_hours=None,
    overage_rate=None, carry_over=False)`."""

    def test_signature(self) -> None:
        positional = Retainer(eur("3100.00"))
        keywords = Retainer(
            fee=eur("3100.00"),
            every="month",
            proration="daily",
            included_hours=None,
            overage_rate=None,
            carry_over=False,
        )
        assert positional == keywords

    def test_9_to_31_january_is_23_31_of_the_fee(self) -> None:
        (invoice,) = from_state(
            agency(Retainer(eur("3100.00"))), date(2026, 1, 1), date(2026, 1, 31)
        )
        assert invoice.subtotal == eur("2300.00")
        no_proration = agency(Retainer(eur("3100.00"), proration="none"))
        (full,) = from_state(no_proration, date(2026, 1, 1), date(2026, 1, 31))
        assert full.subtotal == eur("3100.00")

    def test_included_hours_overage_and_carry_over(self) -> None:
        retainer = Retainer(
            eur("5000.00"),
            included_hours=40,
            overage_rate=eur("120.00"),
            carry_over=True,
        )
        contract = agency(retainer, start=date(2026, 1, 1))
        entries = [
            *(TimeEntry("ana", "designer", date(2026, 1, day), 10) for day in (13, 14, 15)),
            *(TimeEntry("ana", "designer", date(2026, 2, day), 11) for day in range(16, 21)),
        ]
        january = bill(
            contract,
            date(2026, 1, 1),
            date(2026, 1, 31),
            state=BillingState.opening(contract),
            entries=entries[:3],
        )
        (jan,) = january.invoices
        (feb,) = bill(
            contract, date(2026, 2, 1), date(2026, 2, 28), state=january.state, entries=entries[3:]
        ).invoices
        assert jan.subtotal == eur("5000.00")
        # February: 40 included + 10 carried = 50; 5 hours over at 120.00.
        assert feb.subtotal == eur("5600.00")

    @given(st.integers(1, 28), st.integers(1, 12), st.integers(1, 36))
    def test_prorated_periods_tile_a_term_and_lose_no_cent(
        self, day: int, month: int, months: int
    ) -> None:
        contract = signed(
            Contract(
                id="C-7",
                client_id="acme",
                title="Retainer",
                value=eur("1.00"),
                start=date(2026, month, day),
                term_months=months,
                signatories=["ana"],
                arrangements=[Retainer(eur("1000.00"))],
            )
        )
        billed: list[Invoice] = []
        state = BillingState.opening(contract)
        for period in billing_periods(contract):
            run = bill(contract, period.start, period.end, state=state)
            billed += run.invoices
            state = run.state
        term = from_state(contract, contract.start, contract.end or contract.start)
        assert Money.sum((i.subtotal for i in billed), "EUR") == term[0].subtotal
        if day == 1:
            assert term[0].subtotal == eur("1000.00") * months


class TestMilestonesAndTime:
    """`Milestone(name, amount or portion, due rule or accepted date)`, billed on acceptance;
    `TimeAndMaterials(hourly_rates={role: Money}, cap=None)` with
    `TimeEntry(person, role, date, hours)` and expenses; a cap stops billing at the cap and reports
    the excess."""

    def test_milestones_by_amount_or_portion(self) -> None:
        design = Milestone("design", Rate.percent(30), BusinessDays(20))
        launch = Milestone("launch", eur("5000.00"), date(2026, 6, 1))
        assert (design.portion, design.amount) == (Rate.percent(30), None)
        assert (launch.amount, launch.due) == (eur("5000.00"), date(2026, 6, 1))
        contract = agency(design, launch)
        assert from_state(contract, date(2026, 3, 1), date(2026, 3, 31)) == ()
        (march,) = from_state(
            contract,
            date(2026, 3, 1),
            date(2026, 3, 31),
            accepted=(Acceptance("design", date(2026, 3, 2)),),
        )
        assert march.subtotal == eur("11160.00")  # 30% of 37,200.00
        accepted = Milestone(name="launch", amount=eur("5000.00"), accepted_on=date(2026, 6, 3))
        (june,) = from_state(agency(accepted), date(2026, 6, 1), date(2026, 6, 30))
        assert june.subtotal == eur("5000.00")

    def test_time_entry_takes_its_day_as_on(self) -> None:
        entry = TimeEntry(person="ana", role="designer", on=date(2026, 3, 2), hours=8)
        assert entry == TimeEntry("ana", "designer", date(2026, 3, 2), 8)
        assert entry.on == date(2026, 3, 2)
        with pytest.raises(ValidationError, match="'hours'"):
            TimeEntry("ana", "designer", date(2026, 3, 2), 7.5)  # type: ignore[arg-type]

    def test_time_and_materials_with_a_cap(self) -> None:
        rates = {"designer": eur("95.00"), "developer": eur("110.00")}
        contract = agency(TimeAndMaterials(hourly_rates=rates, cap=eur("1000.00")))
        entries = (
            TimeEntry("ana", "designer", date(2026, 2, 2), 4),
            TimeEntry("ben", "developer", date(2026, 2, 3), 2),
            Expense(description="fonts", on=date(2026, 2, 4), amount=eur("40.00")),
        )
        january = bill(contract, date(2026, 1, 1), date(2026, 1, 31), state=opening(contract))
        february = bill(
            contract, date(2026, 2, 1), date(2026, 2, 28), state=january.state, entries=entries
        )
        (feb,) = february.invoices
        assert feb.subtotal == eur("640.00")
        more = (TimeEntry("ana", "designer", date(2026, 3, 2), 10),)
        (mar,) = bill(
            contract, date(2026, 3, 1), date(2026, 3, 31), state=february.state, entries=more
        ).invoices
        assert mar.subtotal == eur("360.00")  # 950.00 worked, 590.00 over the cap
        assert "590.00 over the cap" in mar.lines[0].description
        uncapped = TimeAndMaterials({"designer": eur("95.00")})
        assert uncapped.cap is None
        assert dict(uncapped.hourly_rates) == {"designer": eur("95.00")}


class TestMediaAndMarkup:
    """`MediaCommission(rate=Rate.percent(15))`, `gross_up(net)`, `Markup(rate)`, rebates, margin,
    exact gross ↔ net round trips."""

    def test_commission_mode(self) -> None:
        media = MediaCommission(rate=Rate.percent(15))
        charge = media.commission(eur("10000.00"))
        assert (charge.billed, charge.net, charge.commission) == (
            eur("10000.00"),
            eur("8500.00"),
            eur("1500.00"),
        )
        assert charge.margin == eur("1500.00")

    def test_15_percent_commission_is_a_17_65_percent_markup_gross_up(self) -> None:
        up = MediaCommission(rate=Rate.percent(15)).gross_up(eur("100.00"))
        assert (up.gross, up.commission, up.net) == (eur("117.65"), eur("17.65"), eur("100.00"))
        assert MediaCommission(Rate.percent(15)).gross_up(eur("100.00")) == up

    def test_a_rebate_lowers_what_the_client_pays_not_the_commission_base(self) -> None:
        charge = MediaCommission().commission(eur("10000.00"), rebate=eur("500.00"))
        assert (charge.billed, charge.commission, charge.net) == (
            eur("9500.00"),
            eur("1500.00"),
            eur("8000.00"),
        )

    def test_markup(self) -> None:
        charge = Markup(Rate.percent(20)).apply(eur("800.00"))
        assert (charge.billed, charge.margin) == (eur("960.00"), eur("160.00"))
        assert Markup(rate=Rate.percent(20)) == Markup(Rate.percent(20))

    @given(st.integers(0, 10**9), st.integers(1, 60))
    def test_gross_net_round_trips_are_exact_to_the_cent(self, cents: int, percent: int) -> None:
        media = MediaCommission(rate=Rate.percent(percent))
        net = Money(cents, "EUR") / 100
        up = media.gross_up(net)
        assert media.commission(up.gross).net == net
        assert up.billed == up.cost + up.margin

    def test_media_placements_are_billed_at_gross(self) -> None:
        contract = agency(MediaCommission(rate=Rate.percent(15)))
        spots = MediaPlacement(description="TV spots", on=date(2026, 3, 9), gross=eur("20000.00"))
        (march,) = from_state(contract, date(2026, 3, 1), date(2026, 3, 31), entries=(spots,))
        assert march.subtotal == eur("20000.00")


class TestBill:
    """`bill(contract, period_start, period_end, entries=(...), accepted=(...))` -> draft
    invoices, one per arrangement or grouped, with the contract's payment terms; billing the same
    period twice is detectable (`already_billed`)."""

    def test_bill_returns_drafts_with_the_contracts_terms(self) -> None:
        terms = PaymentTerms.end_of_month(plus_days=30)
        contract = agency(Retainer(eur("3100.00")), payment_terms=terms)
        (draft,) = from_state(
            contract, date(2026, 2, 1), date(2026, 2, 28), entries=(), accepted=()
        )
        assert isinstance(draft, Invoice)
        assert draft.status is InvoiceStatus.DRAFT
        assert draft.terms == terms
        assert (draft.client_id, draft.currency.code) == ("acme", "EUR")

    def test_numbers_follow_the_states_last_number(self) -> None:
        contract = agency(Retainer(eur("3100.00")))
        state = opening(contract)
        first = bill(contract, date(2026, 1, 1), date(2026, 1, 31), state=state)
        assert first == bill(contract, date(2026, 1, 1), date(2026, 1, 31), state=state)
        assert first.invoices[0].number == "INV-000001"
        after = state.with_last_number("INV-000041")
        (numbered,) = bill(contract, date(2026, 1, 1), date(2026, 1, 31), state=after).invoices
        assert numbered.number == "INV-000042"

    def test_one_invoice_per_arrangement_or_grouped(self) -> None:
        arrangements = (Retainer(eur("3100.00")), MediaCommission(rate=Rate.percent(15)))
        spots = (MediaPlacement(description="TV", on=date(2026, 2, 9), gross=eur("1000.00")),)
        grouped = from_state(
            agency(*arrangements), date(2026, 2, 1), date(2026, 2, 28), entries=spots
        )
        split = from_state(
            agency(*arrangements, invoicing="per_arrangement"),
            date(2026, 2, 1),
            date(2026, 2, 28),
            entries=spots,
        )
        assert len(grouped) == 1
        assert len(split) == 2
        assert len({i.number for i in split}) == 2

    def test_billing_the_same_period_twice_is_refused(self) -> None:
        contract = agency(Retainer(eur("3100.00")), start=date(2026, 2, 1))
        run = bill(contract, date(2026, 2, 1), date(2026, 2, 28), state=opening(contract))
        feb = run.invoices
        assert already_billed(contract, feb, date(2026, 2, 1), date(2026, 2, 28))
        assert not already_billed(contract, feb, date(2026, 3, 1), date(2026, 3, 31))
        with pytest.raises(AccountExecError):
            bill(contract, date(2026, 2, 1), date(2026, 2, 28), state=run.state)
        with pytest.raises(AccountExecError):
            bill(contract, date(2026, 2, 15), date(2026, 3, 15), state=run.state)


class TestProfitAndLoss:
    """`ProfitAndLoss.for_contract(contract, invoices, costs, as_of=as_of)`: revenue invoiced and
    recognised, costs, gross margin and margin %, per tower and in total; forecast."""

    def test_per_tower_and_in_total(self) -> None:
        contract = signed(
            Contract(
                id="IT-2",
                client_id="acme",
                title="Managed services",
                value=eur("240000.00"),
                start=date(2026, 1, 1),
                term_months=12,
                signatories=["ana"],
                towers=[
                    Tower("infrastructure", "ana", eur("120000.00")),
                    Tower("applications", "ben", eur("120000.00")),
                ],
                arrangements=[
                    Retainer(eur("10000.00"), name="infra fee", tower="infrastructure"),
                    Retainer(eur("10000.00"), name="apps fee", tower="applications"),
                ],
            )
        )
        invoices = from_state(contract, date(2026, 1, 1), date(2026, 1, 31))
        costs = [
            Cost(
                description="team",
                on=date(2026, 1, 31),
                amount=eur("6000.00"),
                kind="labour",
                tower="infrastructure",
            ),
            Cost(description="licences", on=date(2026, 1, 31), amount=eur("2000.00")),
        ]
        pnl = ProfitAndLoss.for_contract(contract, invoices, costs, as_of=date(2026, 1, 31))
        assert pnl.total.invoiced == eur("20000.00")
        assert pnl.total.recognised == eur("20000.00")
        assert pnl.total.costs == eur("8000.00")
        assert pnl.total.gross_margin == eur("12000.00")
        assert pnl.total.margin == Rate("0.6")
        infra = pnl.tower("infrastructure")
        assert (infra.recognised, infra.labour, infra.gross_margin) == (
            eur("10000.00"),
            eur("6000.00"),
            eur("4000.00"),
        )
        assert pnl.forecast_revenue == eur("240000.00")
        keywords = ProfitAndLoss.for_contract(
            contract=contract, invoices=invoices, costs=costs, as_of=date(2026, 1, 31)
        )
        assert keywords == pnl

    def test_does_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        contract = agency(Retainer(eur("3100.00")))
        (jan,) = from_state(contract, date(2026, 1, 1), date(2026, 1, 31))
        assert jan.subtotal == eur("2300.00")
        pnl = ProfitAndLoss.for_contract(contract, [jan], [], as_of=date(2026, 1, 31))
        assert pnl.total.recognised == eur("2300.00")
