"""Tests for accountexec.contracts: terms, life cycle, notice, renewal, amendments."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.billing import (
    Acceptance,
    BillingPeriod,
    Expense,
    Markup,
    MarkupCharge,
    MediaCharge,
    MediaCommission,
    MediaPlacement,
    Milestone,
    Retainer,
    TimeAndMaterials,
    TimeEntry,
)
from accountexec.calendars import WorkCalendar
from accountexec.contracts import (
    CONTRACT_WORKFLOW,
    Amendment,
    Contract,
    ContractStatus,
    Renewal,
    Termination,
    Tower,
    renewals_due,
    term_end,
)
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.money import Money, Rate
from accountexec.profit import Cost, ProfitAndLoss, TowerResult
from accountexec.strategies import _contracts as cs

AT = pendulum.datetime(2025, 12, 1, 9, tz="Europe/Paris")
S = ContractStatus


def make(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "id": "C-1",
        "client_id": "acme",
        "title": "Managed services",
        "value": Money("120000.00", "EUR"),
        "start": pendulum.date(2026, 1, 1),
        "term_months": 12,
        "signatories": ["acme: cfo", "us: ceo"],
        "renewal": Renewal(kind="automatic", notice_days=90),
    }
    fields.update(changes)
    return Contract(**fields)  # type: ignore[arg-type]


def walk(contract: Contract, status: ContractStatus) -> Contract:
    at = AT
    if status is S.DRAFT:
        return contract
    contract = contract.negotiate(at=at)
    if status is S.IN_NEGOTIATION:
        return contract
    contract = contract.sign(at=at)
    if status is S.SIGNED:
        return contract
    contract = contract.activate(at=pendulum.datetime(2026, 1, 1, 9, tz="UTC"))
    if status is S.ACTIVE:
        return contract
    later = pendulum.datetime(2027, 1, 1, 9, tz="UTC")
    if status is S.EXPIRED:
        return contract.expire(at=later)
    if status is S.RENEWED:
        return contract.mark_renewed(at=later)
    return contract.terminate(at=later, reason="merger", effective=pendulum.date(2026, 6, 30))


class TestTheTerm:
    def test_a_year_from_the_first_of_january_ends_on_new_years_eve(self) -> None:
        assert make().end == pendulum.date(2026, 12, 31)

    def test_a_month_from_the_31st_of_january_covers_february(self) -> None:
        assert term_end(pendulum.date(2026, 1, 31), 1) == pendulum.date(2026, 2, 28)
        assert term_end(pendulum.date(2028, 1, 31), 1) == pendulum.date(2028, 2, 29)

    def test_a_month_from_the_9th_ends_on_the_8th(self) -> None:
        assert term_end(dt.date(2026, 1, 9), 1) == pendulum.date(2026, 2, 8)

    def test_the_end_may_be_given_instead_of_the_term(self) -> None:
        contract = make(term_months=None, end=dt.date(2026, 3, 15), renewal=Renewal())
        assert contract.end == pendulum.date(2026, 3, 15)
        assert contract.term_months is None

    def test_an_open_ended_contract_has_no_end(self) -> None:
        contract = make(term_months=None, renewal=Renewal())
        assert contract.end is None
        assert contract.last_day is None
        assert contract.notice_deadline() is None

    @given(cs.contract_dates(), st.integers(1, 60), st.integers(1, 60))
    def test_consecutive_terms_are_contiguous(self, start: pendulum.Date, a: int, b: int) -> None:
        first = term_end(start, a)
        second = term_end(first.add(days=1), b)
        assert start <= first < second
        assert first.add(days=1) <= second

    def test_refuses_an_end_that_disagrees_with_the_term(self) -> None:
        with pytest.raises(ValidationError, match="'end'"):
            make(end=pendulum.date(2026, 6, 30))

    def test_refuses_an_end_before_the_start(self) -> None:
        with pytest.raises(ValidationError, match="on or after the start"):
            make(term_months=None, end=pendulum.date(2025, 6, 30), renewal=Renewal())

    def test_refuses_a_datetime_for_a_date(self) -> None:
        with pytest.raises(ValidationError, match="a datetime is not a date"):
            make(start=pendulum.datetime(2026, 1, 1, tz="UTC"))
        with pytest.raises(ValidationError, match="a date"):
            make(start="2026-01-01")

    def test_refuses_a_term_of_zero_months(self) -> None:
        with pytest.raises(ValidationError, match="term_months"):
            make(term_months=0)
        with pytest.raises(ValidationError, match="months"):
            term_end(pendulum.date(2026, 1, 1), 0)


class TestConstruction:
    def test_towers_must_have_distinct_names_and_the_contract_currency(self) -> None:
        ana = Tower("infrastructure", "ana", Money("1.00", "EUR"))
        with pytest.raises(ValidationError, match="distinct names"):
            make(towers=[ana, ana])
        with pytest.raises(ValidationError, match="annual values in EUR"):
            make(towers=[Tower("apps", "bo", Money("1.00", "USD"))])
        with pytest.raises(ValidationError, match="Tower values"):
            make(towers=["apps"])
        with pytest.raises(ValidationError, match="annual_value"):
            Tower("apps", "bo", Money("-1.00", "EUR"))

    def test_refuses_reserved_characters_in_ids_and_names(self) -> None:
        with pytest.raises(ValidationError, match="without"):
            make(id="C|1")
        with pytest.raises(ValidationError, match="without"):
            make(arrangements=[Retainer(fee=Money("1.00", "EUR"), name="a[1]")])

    def test_refuses_arrangements_in_another_currency_or_for_an_unknown_tower(self) -> None:
        with pytest.raises(ValidationError, match="amounts in EUR"):
            make(arrangements=[Retainer(fee=Money("1.00", "USD"))])
        with pytest.raises(ValidationError, match="towers"):
            make(arrangements=[Retainer(fee=Money("1.00", "EUR"), tower="apps")])
        with pytest.raises(ValidationError, match="Retainer, Milestone"):
            make(arrangements=["retainer"])

    def test_refuses_two_arrangements_with_one_name(self) -> None:
        fee = Retainer(fee=Money("1.00", "EUR"))
        with pytest.raises(ValidationError, match="distinct names"):
            make(arrangements=[fee, fee])

    def test_refuses_milestone_portions_over_100_percent(self) -> None:
        parts = [Milestone(name=n, portion=Rate.percent(60)) for n in "ab"]
        with pytest.raises(ValidationError, match="100%"):
            make(arrangements=parts)

    def test_refuses_a_renewal_without_an_end_or_a_term(self) -> None:
        with pytest.raises(ValidationError, match="open-ended"):
            make(term_months=None)
        with pytest.raises(ValidationError, match="renewal term_months"):
            make(term_months=None, end=pendulum.date(2026, 6, 30))
        assert (
            make(
                term_months=None,
                end=pendulum.date(2026, 6, 30),
                renewal=Renewal(kind="manual", term_months=6),
            ).renewal_term_months
            == 6
        )

    def test_refuses_bad_renewal_clauses(self) -> None:
        with pytest.raises(ValidationError, match="'kind'"):
            Renewal(kind="sometimes")
        with pytest.raises(ValidationError, match="notice_days"):
            Renewal(kind="automatic", notice_days=0)
        with pytest.raises(ValidationError, match="term_months"):
            Renewal(kind="automatic", term_months=0)
        with pytest.raises(ValidationError, match="True or False"):
            Renewal(notice_in_business_days="yes")  # type: ignore[arg-type]

    def test_refuses_bad_values_and_parts(self) -> None:
        with pytest.raises(ValidationError, match="'value'"):
            make(value=Money("1.005", "EUR"))
        with pytest.raises(ValidationError, match="signatories"):
            make(signatories=[""])
        with pytest.raises(ValidationError, match="a sequence"):
            make(signatories="ana")
        with pytest.raises(ValidationError, match="Tax values"):
            make(taxes=["VAT"])
        with pytest.raises(ValidationError, match="PaymentTerms"):
            make(payment_terms="net 30")
        with pytest.raises(ValidationError, match="invoicing"):
            make(invoicing="monthly")
        with pytest.raises(ValidationError, match="version"):
            make(version=0)

    def test_a_termination_goes_with_the_terminated_status_only(self) -> None:
        with pytest.raises(ValidationError, match="unless the contract is terminated"):
            make(termination=Termination(reason="x", effective=pendulum.date(2026, 2, 1)))
        with pytest.raises(ValidationError, match="a Termination"):
            make(termination="x")

    def test_a_status_must_be_what_the_history_says(self) -> None:
        with pytest.raises(ValidationError, match="'status'"):
            make(status="active")

    def test_finds_its_towers_and_arrangements_by_name(self) -> None:
        tower = Tower("apps", "bo", Money("1.00", "EUR"))
        fee = Retainer(fee=Money("1.00", "EUR"), tower="apps")
        contract = make(towers=[tower], arrangements=[fee])
        assert contract.tower("apps") is tower
        assert contract.arrangement("retainer") is fee
        with pytest.raises(ValidationError, match="'tower'"):
            contract.tower("ops")
        with pytest.raises(ValidationError, match="'arrangement'"):
            contract.arrangement("media")

    @given(cs.contracts())
    def test_generated_contracts_are_valid_and_replay(self, contract: Contract) -> None:
        assert CONTRACT_WORKFLOW.replay(contract.history) is contract.status


TABLE = {
    S.DRAFT: {"negotiate": S.IN_NEGOTIATION, "renew_automatically": S.SIGNED},
    S.IN_NEGOTIATION: {"redline": S.DRAFT, "sign": S.SIGNED},
    S.SIGNED: {"activate": S.ACTIVE, "terminate": S.TERMINATED},
    S.ACTIVE: {"expire": S.EXPIRED, "terminate": S.TERMINATED, "renew": S.RENEWED},
    S.EXPIRED: {},
    S.TERMINATED: {},
    S.RENEWED: {},
}


class TestTheLifeCycle:
    def test_the_workflow_table_is_the_documented_one(self) -> None:
        rows = {(s, e, t) for s, e, t in CONTRACT_WORKFLOW.rows}
        expected = {(s, e, t) for s, events in TABLE.items() for e, t in events.items()}
        assert rows == expected
        assert CONTRACT_WORKFLOW.terminal == {S.EXPIRED, S.TERMINATED, S.RENEWED}

    @pytest.mark.parametrize("status", list(S))
    @pytest.mark.parametrize("event", sorted(CONTRACT_WORKFLOW.events))
    def test_every_other_status_and_event_pair_is_refused(
        self, status: ContractStatus, event: str
    ) -> None:
        contract = walk(make(), status)
        assert contract.status is status
        if event in TABLE[status]:
            return
        with pytest.raises(InvalidTransitionError) as info:
            CONTRACT_WORKFLOW.apply(contract, event, at=pendulum.datetime(2027, 2, 1, tz="UTC"))
        assert info.value.allowed == frozenset(TABLE[status])

    @pytest.mark.parametrize("status", [s for s in S if s is not S.DRAFT])
    def test_every_listed_transition_records_history(self, status: ContractStatus) -> None:
        contract = walk(make(), status)
        assert contract.history[-1].target == status.value
        assert CONTRACT_WORKFLOW.replay(contract.history) is status

    def test_redlines_go_back_to_draft(self) -> None:
        back = make().negotiate(at=AT).redline(at=AT, by="legal", note="clause 7")
        assert back.status is S.DRAFT
        assert back.history[-1].note == "clause 7"

    def test_signing_needs_a_signatory(self) -> None:
        with pytest.raises(InvalidTransitionError, match="at least one signatory"):
            make(signatories=[]).negotiate(at=AT).sign(at=AT)

    def test_activation_waits_for_the_start(self) -> None:
        signed = walk(make(), S.SIGNED)
        with pytest.raises(InvalidTransitionError, match="starts on 2026-01-01"):
            signed.activate(at=pendulum.datetime(2025, 12, 31, 23, tz="UTC"))

    def test_expiry_waits_for_the_end_and_needs_one(self) -> None:
        active = walk(make(), S.ACTIVE)
        with pytest.raises(InvalidTransitionError, match="runs until 2026-12-31"):
            active.expire(at=pendulum.datetime(2026, 12, 31, 23, tz="UTC"))
        open_ended = walk(make(term_months=None, renewal=Renewal()), S.ACTIVE)
        with pytest.raises(InvalidTransitionError, match="open-ended"):
            open_ended.expire(at=pendulum.datetime(2030, 1, 1, tz="UTC"))

    def test_termination_needs_a_reason_and_an_effective_date_in_the_term(self) -> None:
        active = walk(make(), S.ACTIVE)
        at = pendulum.datetime(2026, 3, 1, tz="UTC")
        with pytest.raises(InvalidTransitionError, match="needs a reason"):
            active.terminate(at=at, reason=" ", effective=pendulum.date(2026, 3, 31))
        with pytest.raises(InvalidTransitionError, match="effective date"):
            active.terminate(at=at, reason="merger", effective=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidTransitionError, match="outside the term"):
            active.terminate(at=at, reason="merger", effective=pendulum.date(2027, 3, 31))
        done = active.terminate(at=at, reason="merger", effective=pendulum.date(2026, 3, 31))
        assert done.termination == Termination(
            reason="merger", effective=pendulum.date(2026, 3, 31)
        )
        assert done.history[-1].note == "merger"

    def test_a_signed_contract_can_be_terminated_before_it_starts(self) -> None:
        signed = walk(make(), S.SIGNED)
        done = signed.terminate(at=AT, reason="budget cut", effective=pendulum.date(2025, 12, 31))
        assert done.last_day == pendulum.date(2025, 12, 31)
        assert done.status_on(pendulum.date(2026, 1, 5)) is S.TERMINATED

    def test_renew_event_needs_a_renewal_clause(self) -> None:
        active = walk(make(renewal=Renewal()), S.ACTIVE)
        with pytest.raises(InvalidTransitionError, match="no renewal clause"):
            active.mark_renewed(at=pendulum.datetime(2027, 1, 1, tz="UTC"))

    def test_only_a_successor_signs_itself(self) -> None:
        with pytest.raises(InvalidTransitionError, match="only the successor"):
            CONTRACT_WORKFLOW.apply(make(), "renew_automatically", at=AT)


class TestStatusOnADate:
    def test_follows_the_dates_of_a_signed_contract(self) -> None:
        signed = walk(make(), S.SIGNED)
        assert signed.status_on(dt.date(2025, 12, 31)) is S.SIGNED
        assert signed.status_on(dt.date(2026, 1, 1)) is S.ACTIVE
        assert signed.status_on(dt.date(2026, 12, 31)) is S.ACTIVE
        assert signed.status_on(dt.date(2027, 1, 1)) is S.EXPIRED

    def test_drafts_stay_drafts_and_renewed_contracts_say_so(self) -> None:
        assert make().status_on(dt.date(2030, 1, 1)) is S.DRAFT
        renewed = walk(make(), S.RENEWED)
        assert renewed.status_on(dt.date(2027, 1, 1)) is S.RENEWED

    def test_open_ended_contracts_stay_active(self) -> None:
        signed = walk(make(term_months=None, renewal=Renewal()), S.SIGNED)
        assert signed.status_on(dt.date(2090, 1, 1)) is S.ACTIVE

    @given(cs.contracts(status="signed"), st.integers(-400, 2000))
    def test_agrees_with_the_term(self, contract: Contract, offset: int) -> None:
        day = contract.start.add(days=offset)
        status = contract.status_on(day)
        if day < contract.start:
            assert status is S.SIGNED
        elif contract.end is None or day <= contract.end:
            assert status is S.ACTIVE
        else:
            assert status is S.EXPIRED


WEEKDAYS = WorkCalendar(holidays=[pendulum.date(2026, 12, 25)])


class TestNotice:
    def test_calendar_days_count_back_from_the_end(self) -> None:
        assert make().notice_deadline() == pendulum.date(2026, 10, 2)

    def test_with_a_calendar_a_weekend_deadline_moves_back(self) -> None:
        contract = make(renewal=Renewal(kind="automatic", notice_days=4))
        assert contract.notice_deadline() == pendulum.date(2026, 12, 27)
        assert contract.notice_deadline(WEEKDAYS) == pendulum.date(2026, 12, 24)

    def test_business_days_count_on_the_calendar(self) -> None:
        contract = make(renewal=Renewal(kind="manual", notice_days=5, notice_in_business_days=True))
        assert contract.notice_deadline(WEEKDAYS) == pendulum.date(2026, 12, 23)
        with pytest.raises(ValidationError, match="business days"):
            contract.notice_deadline()

    def test_a_contract_that_does_not_renew_has_no_deadline(self) -> None:
        assert make(renewal=Renewal()).notice_deadline() is None

    @given(cs.contracts(renewal="automatic"), st.booleans())
    def test_the_deadline_is_always_before_the_end(
        self, contract: Contract, weekdays: bool
    ) -> None:
        calendar = WorkCalendar() if weekdays or contract.renewal.notice_in_business_days else None
        deadline = contract.notice_deadline(calendar)
        assert contract.end is not None
        assert deadline is not None
        assert deadline < contract.end

    def test_renewals_due_lists_deadlines_in_the_window_in_order(self) -> None:
        contracts = [
            make(id="A", renewal=Renewal(kind="automatic", notice_days=30)),
            make(id="B", renewal=Renewal(kind="automatic", notice_days=60)),
            make(id="C", renewal=Renewal()),
            walk(make(id="D", renewal=Renewal(kind="automatic", notice_days=45)), S.EXPIRED),
        ]
        due = renewals_due(contracts, as_of=dt.date(2026, 10, 1), within_days=70)
        assert [c.id for c in due] == ["B", "A"]
        assert renewals_due(contracts, as_of=dt.date(2026, 10, 1), within_days=0) == ()
        with pytest.raises(ValidationError, match="within_days"):
            renewals_due(contracts, as_of=dt.date(2026, 10, 1), within_days=-1)

    @given(
        st.lists(cs.contracts(renewal="automatic"), max_size=5),
        cs.contract_dates(),
        st.integers(0, 400),
    )
    def test_renewals_due_are_exactly_those_in_the_window(
        self, contracts: list[Contract], as_of: pendulum.Date, within: int
    ) -> None:
        calendar = WorkCalendar()
        due = renewals_due(contracts, as_of=as_of, within_days=within, calendar=calendar)
        for contract in contracts:
            deadline = contract.notice_deadline(calendar)
            inside = (
                deadline is not None
                and as_of <= deadline <= as_of.add(days=within)
                and contract.status not in CONTRACT_WORKFLOW.terminal
            )
            assert (contract in due) == inside


class TestRenewal:
    def test_the_successor_starts_the_day_after_the_end(self) -> None:
        active = walk(
            make(arrangements=[Milestone(name="setup", amount=Money("1.00", "EUR"))]), S.ACTIVE
        )
        successor = active.renew(at=pendulum.datetime(2026, 10, 3, tz="UTC"))
        assert successor.start == pendulum.date(2027, 1, 1)
        assert successor.end == pendulum.date(2027, 12, 31)
        assert (successor.id, successor.version, successor.predecessor_id) == ("C-1", 2, "C-1")
        assert successor.status is S.SIGNED
        assert successor.history[-1].event == "renew_automatically"
        assert successor.arrangements == ()
        assert successor.value == active.value

    def test_a_manual_renewal_is_a_draft_to_negotiate(self) -> None:
        active = walk(make(renewal=Renewal(kind="manual", term_months=6)), S.ACTIVE)
        successor = active.renew(at=pendulum.datetime(2026, 10, 3, tz="UTC"), id="C-2")
        assert successor.status is S.DRAFT
        assert successor.id == "C-2"
        assert successor.value == Money("60000.00", "EUR")
        assert successor.end == pendulum.date(2027, 6, 30)

    def test_the_value_may_be_renegotiated(self) -> None:
        active = walk(make(), S.ACTIVE)
        successor = active.renew(at=AT.add(months=10), value=Money("130000.00", "EUR"))
        assert successor.value == Money("130000.00", "EUR")

    def test_without_a_clause_or_once_closed_there_is_nothing_to_renew(self) -> None:
        with pytest.raises(ValidationError, match="renewal clause"):
            walk(make(renewal=Renewal()), S.ACTIVE).renew(at=AT)
        with pytest.raises(ValidationError, match="signed or active"):
            make().renew(at=AT)
        with pytest.raises(ValidationError, match="aware"):
            walk(make(), S.ACTIVE).renew(at=dt.datetime(2026, 1, 1))

    def test_the_predecessor_closes_as_renewed(self) -> None:
        closed = walk(make(), S.ACTIVE).mark_renewed(at=pendulum.datetime(2027, 1, 1, tz="UTC"))
        assert closed.status is S.RENEWED

    @given(cs.contracts(status="active", renewal="automatic"), st.integers(1, 6))
    def test_renewal_chains_keep_terms_contiguous(self, contract: Contract, links: int) -> None:
        chain = [contract]
        at = pendulum.datetime(2090, 1, 1, tz="UTC")
        for _ in range(links):
            successor = chain[-1].renew(at=at)
            chain.append(successor.activate(at=at))
        for before, after in pairwise(chain):
            assert before.end is not None
            assert after.start == before.end.add(days=1)
            assert after.version == before.version + 1
            assert after.predecessor_id == before.id

    def test_a_scaled_value_does_not_depend_on_the_decimal_context(
        self, hostile_decimal_context: object
    ) -> None:
        active = walk(
            make(value=Money("100000.00", "EUR"), renewal=Renewal(kind="automatic", term_months=7)),
            S.ACTIVE,
        )
        assert active.renew(at=AT.add(months=11)).value == Money("58333.33", "EUR")


class TestVersions:
    def test_drafts_are_edited_freely(self) -> None:
        draft = make()
        assert draft.edit(term_months=6).end == pendulum.date(2026, 6, 30)
        shorter = draft.edit(end=pendulum.date(2026, 3, 31), renewal=Renewal())
        assert shorter.term_months is None
        assert draft.edit(start=pendulum.date(2026, 2, 1)).end == pendulum.date(2027, 1, 31)
        assert draft.edit(term_months=None, renewal=Renewal()).end is None

    def test_a_signed_contract_is_never_edited_in_place(self) -> None:
        with pytest.raises(ValidationError, match="amend a signed contract"):
            walk(make(), S.SIGNED).edit(title="New")

    def test_an_amendment_makes_a_new_version_with_its_reason(self) -> None:
        signed = walk(make(), S.SIGNED)
        v2 = signed.amend(reason="scope", at=AT, title="Managed services and cloud")
        v3 = v2.amend(reason="price", at=AT, value=Money("150000.00", "EUR"))
        assert (v3.version, v3.title, v3.value) == (
            3,
            "Managed services and cloud",
            Money("150000.00", "EUR"),
        )
        assert [(a.version, a.reason, a.changed) for a in v3.amendments] == [
            (2, "scope", ("title",)),
            (3, "price", ("value",)),
        ]
        assert v3.status is S.SIGNED
        assert v3.history == signed.history

    def test_amendments_need_a_reason_a_change_and_a_live_contract(self) -> None:
        signed = walk(make(), S.SIGNED)
        with pytest.raises(ValidationError, match="reason"):
            signed.amend(reason="", at=AT, title="x")
        with pytest.raises(ValidationError, match="at least one field"):
            signed.amend(reason="r", at=AT)
        with pytest.raises(ValidationError, match="bookkeeping"):
            signed.amend(reason="r", at=AT, status="active")
        with pytest.raises(ValidationError, match="names of Contract fields"):
            signed.amend(reason="r", at=AT, colour="blue")
        with pytest.raises(ValidationError, match="still in force"):
            walk(make(), S.EXPIRED).amend(reason="r", at=AT, title="x")
        with pytest.raises(ValidationError, match="aware"):
            signed.amend(reason="r", at=dt.datetime(2026, 1, 1), title="x")

    def test_an_amendment_comes_after_the_last_history_entry(self) -> None:
        active = walk(make(), S.ACTIVE)  # activated on 2026-01-01 09:00 UTC
        with pytest.raises(ValidationError) as info:
            active.amend(reason="scope", at=AT, title="x")
        assert info.value.field == "at"
        assert "on or after the contract's last history entry" in str(info.value)
        later = pendulum.datetime(2026, 2, 1, 9, tz="UTC")
        v2 = active.amend(reason="scope", at=later, title="x")
        with pytest.raises(ValidationError, match="'at'"):
            v2.amend(reason="price", at=later.subtract(days=1), value=Money("1.00", "EUR"))
        assert v2.amend(reason="price", at=later, value=Money("1.00", "EUR")).version == 3

    @pytest.mark.parametrize("status", [S.DRAFT, S.IN_NEGOTIATION])
    def test_a_draft_is_edited_not_amended(self, status: ContractStatus) -> None:
        with pytest.raises(ValidationError, match=r"edit\(\.\.\.\)"):
            walk(make(), status).amend(reason="r", at=AT, title="x")

    def test_a_notice_period_may_not_reach_before_the_start(self) -> None:
        with pytest.raises(ValidationError) as info:
            make(term_months=2, renewal=Renewal(kind="automatic", notice_days=90))
        assert info.value.field == "renewal"
        assert "would fall before the start 2026-01-01" in str(info.value)
        assert make(term_months=3, renewal=Renewal(kind="automatic", notice_days=89)).end
        signed = walk(make(), S.SIGNED)
        with pytest.raises(ValidationError, match="'renewal'"):
            signed.amend(reason="shorter", at=AT, term_months=2)


class TestStrategies:
    @pytest.mark.parametrize(
        "kind",
        [
            Contract,
            Tower,
            Renewal,
            Retainer,
            Milestone,
            TimeAndMaterials,
            MediaCommission,
            Markup,
            TimeEntry,
            Expense,
            MediaPlacement,
            Acceptance,
            BillingPeriod,
            MediaCharge,
            MarkupCharge,
            Cost,
            ProfitAndLoss,
            TowerResult,
            Termination,
            Amendment,
        ],
    )
    @settings(max_examples=5)
    @given(data=st.data())
    def test_every_type_has_a_registered_strategy(self, kind: type, data: st.DataObject) -> None:
        assert isinstance(data.draw(st.from_type(kind)), kind)

    @given(cs.contracts(status="terminated"))
    def test_generated_terminated_contracts_have_a_termination(self, contract: Contract) -> None:
        assert contract.termination is not None
        assert contract.last_day == contract.start


class TestRefusals:
    def test_text_fields_must_be_text(self) -> None:
        with pytest.raises(ValidationError, match="'client_id'"):
            make(client_id=7)

    def test_activation_needs_an_aware_datetime(self) -> None:
        with pytest.raises(ValidationError, match="aware"):
            walk(make(), S.SIGNED).activate(at="2026-01-01")  # type: ignore[arg-type]


class TestCollectionsAndStatuses:
    def test_an_unknown_status_is_a_validation_error(self) -> None:
        with pytest.raises(ValidationError, match="'status'"):
            make(status="lost")

    def test_renewals_due_takes_contracts(self) -> None:
        with pytest.raises(ValidationError, match="'contracts'"):
            renewals_due(5, as_of=pendulum.date(2026, 1, 1), within_days=30)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'contracts'"):
            renewals_due(["C-1"], as_of=pendulum.date(2026, 1, 1), within_days=30)  # type: ignore[list-item]
