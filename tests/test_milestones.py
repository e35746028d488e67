"""Tests for accountexec.milestones: what a milestone accepts, when it is due, what it bills.

The billing of milestones within a whole run of :func:`bill` is also tested in test_billing.py;
here each piece is pinned on its own: the refusal messages, ``due_on`` with any deadline rule,
``takes`` and ``lines_for`` (the charge, its kind and day, and the state after it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.commerce.billing import BillingState, bill, billed_lines
from accountexec.commerce.billing_protocol import (
    ArrangementBill,
    ArrangementCharge,
    ArrangementState,
)
from accountexec.commerce.milestones import Acceptance, Milestone, milestone_amounts
from accountexec.commerce.periods import BillingPeriod
from accountexec.commerce.time_and_materials import TimeEntry
from accountexec.contracts import Contract, Tower
from accountexec.deadlines import BusinessDays, DeadlineRule
from accountexec.errors import ValidationError
from accountexec.money import Money, Rate

AT = pendulum.datetime(2025, 12, 1, 9, tz="UTC")
MARCH = BillingPeriod(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


def signed(*arrangements: object, value: str = "50000.00", **changes: object) -> Contract:
    fields: dict[str, object] = {
        "id": "C-7",
        "client_id": "acme",
        "title": "Website",
        "value": eur(value),
        "start": d(1, 1),
        "term_months": 12,
        "signatories": ["ana"],
        "arrangements": list(arrangements),
    }
    fields.update(changes)
    return Contract(**fields).negotiate(at=AT).sign(at=AT)  # type: ignore[arg-type]


def refused(message: str) -> pytest.RaisesExc[ValidationError]:
    return pytest.raises(ValidationError, match=f"^{re.escape(message)}$")


@attrs.frozen
class DayAfter:
    """A deadline rule of the user's own: the day after the start, as ``answer`` makes it."""

    answer: type = dt.date

    def due(self, start: dt.date, calendar: WorkCalendar | None = None) -> pendulum.Date:
        after = start + dt.timedelta(days=1)
        if self.answer is dt.datetime:
            return dt.datetime(after.year, after.month, after.day, 9)  # type: ignore[return-value]
        return dt.date(after.year, after.month, after.day)  # type: ignore[return-value]

    def explain(self, start: dt.date, calendar: WorkCalendar | None = None) -> tuple[str, ...]:
        return ("the day after the start",)


class TestAMilestoneRefusesNonsense:
    def test_a_due_that_is_not_a_date_nor_a_rule(self) -> None:
        with refused("invalid 'due': 'soon'; expected a date, a deadline rule or None"):
            Milestone("launch", eur("1.00"), "soon")  # type: ignore[arg-type]

    def test_a_due_that_is_a_datetime(self) -> None:
        with refused(
            "invalid 'due': datetime.datetime(2026, 6, 1, 9, 0); "
            "expected a date, a deadline rule or None"
        ):
            Milestone("launch", eur("1.00"), dt.datetime(2026, 6, 1, 9))

    def test_an_acceptance_day_that_is_a_datetime(self) -> None:
        with refused(
            "invalid 'accepted_on': datetime.datetime(2026, 3, 2, 9, 0); "
            "expected a date (a datetime is not a date)"
        ):
            Milestone("launch", eur("1.00"), accepted_on=dt.datetime(2026, 3, 2, 9))

    def test_amount_and_portion_are_one_or_the_other(self) -> None:
        with refused(
            "invalid 'portion': None; expected exactly one of amount (a Money) and portion (a Rate)"
        ):
            Milestone("launch")
        with refused(
            "invalid 'portion': Rate('0.10'); "
            "expected exactly one of amount (a Money) and portion (a Rate)"
        ):
            Milestone("launch", eur("5.00"), portion=Rate.percent(10))
        with refused("invalid 'amount': Rate('0.30'); expected a Money"):
            Milestone("launch", Rate.percent(30), portion=Rate.percent(10))

    @pytest.mark.parametrize("portion", [Rate(0), Rate("1.01"), Rate("-0.5")])
    def test_a_portion_is_above_0_and_at_most_100_percent(self, portion: Rate) -> None:
        allowed = "a Rate above 0 and at most 1 (100%)"
        with refused(f"invalid 'portion': {portion!r}; expected {allowed}"):
            Milestone("launch", portion=portion)

    def test_the_days_given_become_pendulum_dates(self) -> None:
        made = Milestone("launch", eur("1.00"), dt.date(2026, 6, 1), dt.date(2026, 6, 3))
        assert (made.due, made.accepted_on) == (d(6, 1), d(6, 3))
        assert type(made.due) is type(made.accepted_on) is pendulum.Date
        assert Milestone("launch", eur("1.00")).accepted_on is None


class TestTheDocumentedSpelling:
    def test_every_argument_reaches_its_field(self) -> None:
        made = Milestone("launch", eur("5.00"), d(6, 1), d(6, 3), tower="creative")
        assert (made.name, made.amount, made.portion, made.due, made.accepted_on, made.tower) == (
            "launch",
            eur("5.00"),
            None,
            d(6, 1),
            d(6, 3),
            "creative",
        )
        by_rate = Milestone("design", Rate.percent(30), BusinessDays(20), tower="creative")
        assert (by_rate.amount, by_rate.portion, by_rate.due, by_rate.tower) == (
            None,
            Rate.percent(30),
            BusinessDays(20),
            "creative",
        )


class TestDueOn:
    def test_a_date_is_its_own_due_day_whatever_the_start(self) -> None:
        made = Milestone("launch", eur("1.00"), dt.date(2026, 6, 1))
        assert made.due_on(d(1, 1)) == d(6, 1)
        assert type(made.due_on(d(1, 1))) is pendulum.Date

    def test_a_rule_counts_from_the_start_on_the_calendar(self) -> None:
        made = Milestone("design", Rate.percent(30), BusinessDays(20))
        assert made.due_on(dt.date(2026, 1, 1), WorkCalendar()) == d(1, 29)

    def test_a_rule_of_the_users_own_gives_a_pendulum_date(self) -> None:
        assert isinstance(DayAfter(), DeadlineRule)
        made = Milestone("design", Rate.percent(30), DayAfter())
        assert made.due_on(dt.date(2026, 1, 31)) == d(2, 1)
        assert type(made.due_on(dt.date(2026, 1, 31))) is pendulum.Date

    def test_a_rule_answering_a_datetime_is_refused_as_due(self) -> None:
        made = Milestone("design", Rate.percent(30), DayAfter(dt.datetime))
        with refused(
            "invalid 'due': datetime.datetime(2026, 2, 1, 9, 0); "
            "expected a date (a datetime is not a date)"
        ):
            made.due_on(dt.date(2026, 1, 31))

    def test_a_start_that_is_a_datetime_is_refused_as_start(self) -> None:
        made = Milestone("design", Rate.percent(30), DayAfter())
        with refused(
            "invalid 'start': datetime.datetime(2026, 1, 31, 9, 0); "
            "expected a date (a datetime is not a date)"
        ):
            made.due_on(dt.datetime(2026, 1, 31, 9))


class TestTakes:
    def test_a_milestone_takes_only_its_own_acceptance(self) -> None:
        design = Milestone("design", Rate.percent(30))
        assert design.takes(Acceptance("design", d(3, 2)))
        assert not design.takes(Acceptance("launch", d(3, 2)))
        assert not design.takes(TimeEntry("ana", "designer", d(3, 2), 8))
        assert not design.takes("design")


class TestLinesFor:
    def test_an_acceptance_in_the_period_bills_the_amount_on_its_day(self) -> None:
        design = Milestone("design", Rate.percent(30))
        contract = signed(design)
        made = design.lines_for(
            contract, MARCH, (Acceptance("design", d(3, 20)),), ArrangementState(name="design")
        )
        assert made == ArrangementBill(
            charges=[
                ArrangementCharge(
                    kind="milestone",
                    description="Milestone design accepted on 2026-03-20",
                    quantity=1,
                    unit_price=eur("15000.00"),
                    period=BillingPeriod(d(3, 20), d(3, 20)),
                )
            ],
            state=ArrangementState(name="design", billed_on=d(3, 20)),
        )

    def test_its_own_acceptance_day_bills_it_in_the_period_that_holds_it(self) -> None:
        launch = Milestone("launch", eur("5000.00"), accepted_on=d(3, 31))
        contract = signed(launch)
        opening = ArrangementState(name="launch")
        (charge,) = launch.lines_for(contract, MARCH, (), opening).charges
        assert (charge.kind, charge.period, charge.unit_price) == (
            "milestone",
            BillingPeriod(d(3, 31), d(3, 31)),
            eur("5000.00"),
        )
        april = BillingPeriod(d(4, 1), d(4, 30))
        assert launch.lines_for(contract, april, (), opening) == ArrangementBill(
            charges=(), state=opening
        )

    def test_an_acceptance_given_wins_over_its_own_day(self) -> None:
        launch = Milestone("launch", eur("5000.00"), accepted_on=d(4, 2))
        contract = signed(launch)
        made = launch.lines_for(
            contract, MARCH, (Acceptance("launch", d(3, 5)),), ArrangementState(name="launch")
        )
        assert made.state.billed_on == d(3, 5)

    def test_not_accepted_bills_nothing(self) -> None:
        design = Milestone("design", Rate.percent(30))
        opening = ArrangementState(name="design")
        assert design.lines_for(signed(design), MARCH, (), opening) == ArrangementBill(
            charges=(), state=opening
        )

    def test_two_acceptances_in_one_run_are_refused(self) -> None:
        design = Milestone("design", Rate.percent(30))
        contract = signed(design)
        twice = (Acceptance("design", d(3, 2)), Acceptance("design", d(3, 9)))
        with refused("invalid 'accepted': 'design'; expected one acceptance per milestone"):
            design.lines_for(contract, MARCH, twice, ArrangementState(name="design"))
        with refused("invalid 'accepted': 'design'; expected one acceptance per milestone"):
            bill(contract, d(3, 1), d(3, 31), state=BillingState.opening(contract), accepted=twice)

    def test_accepting_a_milestone_already_billed_is_refused(self) -> None:
        design = Milestone("design", Rate.percent(30))
        billed = ArrangementState(name="design", billed_on=d(2, 20))
        with refused(
            "invalid 'accepted': 'design'; expected a milestone not billed yet "
            "('design' was accepted and billed on 2026-02-20)"
        ):
            design.lines_for(signed(design), MARCH, (Acceptance("design", d(3, 2)),), billed)

    def test_a_milestone_billed_bills_nothing_again(self) -> None:
        launch = Milestone("launch", eur("5000.00"), accepted_on=d(3, 2))
        billed = ArrangementState(name="launch", billed_on=d(3, 2))
        assert launch.lines_for(signed(launch), MARCH, (), billed) == ArrangementBill(
            charges=(), state=billed
        )

    def test_a_run_bills_the_milestone_as_a_line_of_its_day(self) -> None:
        design = Milestone("design", Rate.percent(30), tower="creative")
        contract = signed(design, towers=[Tower("creative", "ana", eur("50000.00"))])
        run = bill(
            contract,
            d(3, 1),
            d(3, 31),
            state=BillingState.opening(contract),
            accepted=[Acceptance("design", d(3, 20))],
        )
        (invoice,) = run.invoices
        (line,) = invoice.lines
        assert line.description == "Milestone design accepted on 2026-03-20"
        assert str(line.source) == "C-7|design|2026-03-20..2026-03-20|milestone"
        assert [(b.kind, b.net) for b in billed_lines(run.invoices)] == [
            ("milestone", eur("15000.00"))
        ]


class TestMilestoneAmounts:
    def test_fixed_amounts_and_portions_side_by_side(self) -> None:
        contract = signed(
            Milestone("kickoff", eur("1000.00")),
            Milestone("design", Rate("0.3333")),
            Milestone("build", Rate("0.3333")),
            value="100.00",
        )
        assert dict(milestone_amounts(contract)) == {
            "kickoff": eur("1000.00"),
            "design": eur("33.33"),
            "build": eur("33.33"),
        }

    def test_portions_of_100_percent_bill_the_value_exactly(self) -> None:
        thirds = [Milestone(n, Rate(Decimal(1) / 3)) for n in ("a", "b")]
        thirds.append(Milestone("c", Rate(1 - 2 * (Decimal(1) / 3))))
        amounts = milestone_amounts(signed(*thirds, value="100.00"))
        assert list(amounts.values()) == [eur("33.33"), eur("33.33"), eur("33.34")]

    def test_no_milestone_no_amount(self) -> None:
        assert dict(milestone_amounts(signed())) == {}

    @settings(max_examples=25)
    @given(
        st.lists(st.integers(1, 100), min_size=1, max_size=5).filter(lambda p: sum(p) <= 100),
        st.integers(1, 10_000_000),
    )
    def test_portions_never_bill_more_than_the_value_and_100_percent_bills_it(
        self, percents: list[int], cents: int
    ) -> None:
        value = Money(Decimal(cents) / 100, "EUR")
        parts = [Milestone(f"m{i}", Rate.percent(p)) for i, p in enumerate(percents)]
        amounts = milestone_amounts(signed(*parts, value=str(value.amount)))
        assert list(amounts) == [m.name for m in parts]
        billed = Money.sum(amounts.values(), "EUR")
        assert billed <= value
        if sum(percents) == 100:
            assert billed == value
        for part, amount in zip(parts, amounts.values(), strict=True):
            assert abs(amount - value * part.portion.value) < eur("0.01")  # type: ignore[union-attr]
