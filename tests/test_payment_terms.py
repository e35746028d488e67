"""Tests for accountexec.payment_terms: term lines, presets, due dates and schedules."""

from __future__ import annotations

import datetime as dt
import decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.deadlines import BusinessDays, BusinessHours, CalendarDays, DayOfMonth, EndOfMonth
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoice_lines import DocumentAmounts, InvoiceLine, Tax
from accountexec.money import DECIMAL_CONTEXT, Money, Rate
from accountexec.payment_terms import (
    AtLeastDaysThenDay,
    Balance,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    EarlyDiscount,
    EarlyDiscountAmounts,
    Installment,
    PaymentTerms,
    TermLine,
)
from accountexec.strategies._invoices import payment_terms
from accountexec.strategies._money import money

D = pendulum.date


def amounts(schedule: tuple[Installment, ...]) -> list[str]:
    return [str(i.amount.amount) for i in schedule]


class TestWorkedExamples:
    def test_three_equal_installments_of_5_47_put_the_extra_cent_last(self) -> None:
        schedule = PaymentTerms.installments(3).schedule(Money("5.47", "EUR"), D(2026, 5, 11))
        assert amounts(schedule) == ["1.82", "1.82", "1.83"]

    def test_net_30_from_31_january_is_due_2_march(self) -> None:
        assert PaymentTerms.net(30).due_dates(D(2026, 1, 31)) == (D(2026, 3, 2),)

    @pytest.mark.parametrize(("year", "last"), [(2026, 28), (2028, 29)])
    def test_end_of_next_month_from_31_january_is_the_last_day_of_february(
        self, year: int, last: int
    ) -> None:
        terms = PaymentTerms(lines=[TermLine(Balance(), EndOfMonth(months=1))])
        assert terms.due_dates(D(year, 1, 31)) == (D(year, 2, last),)

    def test_30_days_end_of_month_from_11_may_is_30_june(self) -> None:
        assert PaymentTerms.end_of_month(plus_days=30).due_dates(D(2026, 5, 11)) == (
            D(2026, 6, 30),
        )

    def test_day_10_of_next_month_clamps_nothing_and_day_31_clamps_to_february(self) -> None:
        terms = PaymentTerms(
            lines=[TermLine(Rate.percent(50), DayOfMonth(10)), TermLine(Balance(), DayOfMonth(31))]
        )
        assert terms.due_dates(D(2026, 1, 20)) == (D(2026, 2, 10), D(2026, 2, 28))

    def test_a_hundred_euros_in_three_is_33_33_33_33_33_34(self) -> None:
        schedule = PaymentTerms.installments(3).schedule(Money("100.00", "EUR"), D(2026, 3, 2))
        assert amounts(schedule) == ["33.33", "33.33", "33.34"]

    def test_immediate_is_due_on_the_invoice_date(self) -> None:
        assert PaymentTerms.immediate().due_dates(dt.date(2026, 2, 14)) == (D(2026, 2, 14),)


class TestDueDates:
    def test_a_due_date_before_the_invoice_date_moves_to_the_invoice_date(self) -> None:
        terms = PaymentTerms(lines=[TermLine(Balance(), DayOfMonth(10, months=0))])
        assert terms.due_dates(D(2026, 1, 20)) == (D(2026, 1, 20),)
        assert terms.explain(D(2026, 1, 20))[0][-1] == (
            "2026-01-10 is before the invoice date: due on 2026-01-20"
        )

    def test_following_rolls_a_sunday_due_date_to_monday(self) -> None:
        terms = PaymentTerms.net(30, roll="following", calendar=WorkCalendar())
        assert terms.due_dates(D(2026, 1, 30)) == (D(2026, 3, 2),)
        assert terms.explain(D(2026, 1, 30))[0][-1] == (
            "2026-03-01 is not a business day: rolled (following) to 2026-03-02"
        )

    def test_modified_following_stays_in_the_month(self) -> None:
        terms = PaymentTerms.end_of_month(
            plus_days=0, roll="modified_following", calendar=WorkCalendar()
        )
        # 31 May 2026 is a Sunday: the next business day is in June, so it rolls back to Friday.
        assert terms.due_dates(D(2026, 5, 11)) == (D(2026, 5, 29),)

    def test_a_roll_back_before_the_invoice_date_is_clamped(self) -> None:
        terms = PaymentTerms.immediate(roll="modified_following", calendar=WorkCalendar())
        assert terms.due_dates(D(2026, 5, 31)) == (D(2026, 5, 31),)

    def test_a_business_day_is_not_rolled(self) -> None:
        terms = PaymentTerms.net(31, roll="following", calendar=WorkCalendar())
        assert terms.explain(D(2026, 1, 30)) == (("2026-01-30 + 31 calendar days = 2026-03-02",),)

    def test_holidays_of_the_calendar_are_skipped(self) -> None:
        cal = WorkCalendar(holidays=[D(2026, 3, 2)])
        terms = PaymentTerms.net(30, roll="following", calendar=cal)
        assert terms.due_dates(D(2026, 1, 31)) == (D(2026, 3, 3),)

    def test_business_day_rules_use_the_calendar(self) -> None:
        terms = PaymentTerms(lines=[TermLine(Balance(), BusinessDays(10))], calendar=WorkCalendar())
        assert terms.due_dates(D(2026, 3, 2)) == (D(2026, 3, 16),)

    def test_explain_lists_the_rule_steps(self) -> None:
        steps = PaymentTerms.end_of_month(plus_days=30).explain(D(2026, 5, 11))
        assert steps == (
            (
                "end of the month of 2026-05-11 = 2026-05-31",
                "2026-05-31 + 30 calendar days = 2026-06-30",
            ),
        )

    def test_a_datetime_is_refused_as_the_invoice_date(self) -> None:
        with pytest.raises(ValidationError, match="issued_on"):
            PaymentTerms.net(30).due_dates(pendulum.datetime(2026, 1, 31, 23, tz="Asia/Tokyo"))

    def test_the_due_date_of_a_stdlib_date_is_a_pendulum_date(self) -> None:
        (due,) = PaymentTerms.net(1).due_dates(dt.date(2026, 1, 1))
        assert type(due) is pendulum.Date


class TestInstallmentsPreset:
    def test_every_end_of_month_gives_month_ends(self) -> None:
        terms = PaymentTerms.installments(3, every=EndOfMonth(months=1))
        assert terms.due_dates(D(2026, 1, 31)) == (D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30))

    def test_every_day_of_month_gives_that_day_each_month(self) -> None:
        terms = PaymentTerms.installments(2, every=DayOfMonth(10))
        assert terms.due_dates(D(2026, 1, 20)) == (D(2026, 2, 10), D(2026, 3, 10))

    def test_every_business_days_needs_the_calendar(self) -> None:
        terms = PaymentTerms.installments(2, every=BusinessDays(5), calendar=WorkCalendar())
        assert terms.due_dates(D(2026, 3, 2)) == (D(2026, 3, 9), D(2026, 3, 16))

    def test_one_installment_is_everything(self) -> None:
        terms = PaymentTerms.installments(1)
        assert terms.lines == (TermLine(Balance(), CalendarDays(30)),)

    @pytest.mark.parametrize(
        "every", [CalendarDays(0), EndOfMonth(months=0), DayOfMonth(5, months=0), "monthly"]
    )
    def test_a_rule_that_does_not_move_is_refused(self, every: object) -> None:
        with pytest.raises(ValidationError, match="every"):
            PaymentTerms.installments(3, every=every)  # type: ignore[arg-type]

    @pytest.mark.parametrize("n", [0, -1, True, "3"])
    def test_a_bad_count_is_refused(self, n: object) -> None:
        with pytest.raises(ValidationError, match="'n'"):
            PaymentTerms.installments(n)  # type: ignore[arg-type]


class TestPresetsRefuse:
    @pytest.mark.parametrize("days", [-1, True, "30"])
    def test_net_needs_whole_days(self, days: object) -> None:
        with pytest.raises(ValidationError, match="days"):
            PaymentTerms.net(days)  # type: ignore[arg-type]

    def test_end_of_month_needs_whole_days_and_months(self) -> None:
        with pytest.raises(ValidationError, match="plus_days"):
            PaymentTerms.end_of_month(plus_days=-3)
        with pytest.raises(ValidationError, match="months"):
            PaymentTerms.end_of_month(months=-1)


class TestTermsAreChecked:
    def test_percentages_must_add_up_to_100_without_a_balance_line(self) -> None:
        with pytest.raises(ValidationError, match="100%"):
            PaymentTerms(
                lines=[
                    TermLine(Rate.percent(30), CalendarDays(0)),
                    TermLine(Rate.percent(60), CalendarDays(30)),
                ]
            )

    def test_percentages_adding_up_to_100_need_no_balance_line(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Rate.percent(30), CalendarDays(0)),
                TermLine(Rate.percent(70), CalendarDays(30)),
            ]
        )
        schedule = terms.schedule(Money("0.05", "EUR"), D(2026, 3, 2))
        assert amounts(schedule) == ["0.02", "0.03"]

    def test_percentages_before_a_balance_line_may_not_exceed_100(self) -> None:
        with pytest.raises(ValidationError, match="at most 100%"):
            PaymentTerms(
                lines=[
                    TermLine(Rate.percent(70), CalendarDays(0)),
                    TermLine(Rate.percent(40), CalendarDays(0)),
                    TermLine(Balance(), CalendarDays(30)),
                ]
            )

    def test_the_balance_line_comes_last_and_once(self) -> None:
        with pytest.raises(ValidationError, match="comes last"):
            PaymentTerms(
                lines=[
                    TermLine(Balance(), CalendarDays(0)),
                    TermLine(Rate.percent(100), CalendarDays(9)),
                ]
            )
        with pytest.raises(ValidationError, match="comes last"):
            PaymentTerms(lines=[TermLine(Balance(), CalendarDays(0))] * 2)

    def test_a_fixed_amount_needs_a_balance_line(self) -> None:
        with pytest.raises(ValidationError, match="Balance"):
            PaymentTerms(
                lines=[
                    TermLine(Money("100.00", "EUR"), CalendarDays(0)),
                    TermLine(Rate.percent(100), CalendarDays(30)),
                ]
            )

    def test_fixed_amounts_share_one_currency(self) -> None:
        with pytest.raises(ValidationError, match="one currency"):
            PaymentTerms(
                lines=[
                    TermLine(Money("100.00", "EUR"), CalendarDays(0)),
                    TermLine(Money("100.00", "USD"), CalendarDays(0)),
                    TermLine(Balance(), CalendarDays(30)),
                ]
            )

    def test_there_is_at_least_one_line(self) -> None:
        with pytest.raises(ValidationError, match="at least one"):
            PaymentTerms(lines=[])

    @pytest.mark.parametrize("lines", ["net 30", 30, [("x", "y")]])
    def test_lines_are_term_lines(self, lines: object) -> None:
        with pytest.raises(ValidationError, match="lines"):
            PaymentTerms(lines=lines)  # type: ignore[arg-type]

    def test_a_roll_needs_a_calendar(self) -> None:
        with pytest.raises(ValidationError, match="calendar"):
            PaymentTerms.net(30, roll="following")

    def test_a_rule_with_its_own_roll_needs_a_calendar(self) -> None:
        with pytest.raises(ValidationError, match="calendar"):
            PaymentTerms(lines=[TermLine(Balance(), CalendarDays(30, roll="following"))])

    def test_business_days_need_a_calendar(self) -> None:
        with pytest.raises(ValidationError, match="calendar"):
            PaymentTerms(lines=[TermLine(Balance(), BusinessDays(10))])

    def test_unknown_rolls_and_calendars_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="roll"):
            PaymentTerms.net(30, roll="preceding", calendar=WorkCalendar())  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="calendar"):
            PaymentTerms.net(30, calendar="GB")  # type: ignore[arg-type]


class TestTermLinesAreChecked:
    @pytest.mark.parametrize(
        "portion",
        [
            Rate(0),
            Rate("1.01"),
            Rate("-0.1"),
            Money("0.00", "EUR"),
            Money("1.005", "EUR"),
            50,
            "50%",
        ],
    )
    def test_bad_portions_are_refused(self, portion: object) -> None:
        with pytest.raises(ValidationError, match="portion"):
            TermLine(portion, CalendarDays(30))  # type: ignore[arg-type]

    @pytest.mark.parametrize("due", [BusinessHours(8), 30, "net 30"])
    def test_the_due_rule_is_a_date_rule(self, due: object) -> None:
        with pytest.raises(ValidationError, match="due"):
            TermLine(Balance(), due)  # type: ignore[arg-type]

    def test_installments_are_rounded_and_not_negative(self) -> None:
        with pytest.raises(ValidationError, match="amount"):
            Installment(D(2026, 1, 1), Money("-1.00", "EUR"))
        with pytest.raises(ValidationError, match="amount"):
            Installment(D(2026, 1, 1), Money("1.001", "EUR"))
        with pytest.raises(ValidationError, match="due_on"):
            Installment(pendulum.datetime(2026, 1, 1), Money("1.00", "EUR"))  # type: ignore[arg-type]


class TestSchedule:
    def test_a_deposit_larger_than_the_total_is_cut_to_the_total(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Money("500.00", "EUR"), CalendarDays(0)),
                TermLine(Balance(), CalendarDays(30)),
            ]
        )
        assert amounts(terms.schedule(Money("300.00", "EUR"), D(2026, 3, 2))) == ["300.00", "0.00"]

    def test_rounding_up_never_leaves_a_negative_last_installment(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Rate.percent(30), CalendarDays(0)),
                TermLine(Rate.percent(30), CalendarDays(10)),
                TermLine(Rate.percent(30), CalendarDays(20)),
                TermLine(Rate.percent(10), CalendarDays(30)),
            ]
        )
        assert amounts(terms.schedule(Money("0.05", "EUR"), D(2026, 3, 2))) == [
            "0.02",
            "0.02",
            "0.01",
            "0.00",
        ]

    def test_the_rounding_mode_applies_to_each_portion(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Rate.percent(50), CalendarDays(0)),
                TermLine(Balance(), CalendarDays(30)),
            ]
        )
        total = Money("0.05", "EUR")
        assert amounts(terms.schedule(total, D(2026, 3, 2))) == ["0.03", "0.02"]
        assert amounts(terms.schedule(total, D(2026, 3, 2), rounding="half_even")) == [
            "0.02",
            "0.03",
        ]

    def test_a_fixed_amount_in_another_currency_is_refused(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Money("100.00", "USD"), CalendarDays(0)),
                TermLine(Balance(), CalendarDays(30)),
            ]
        )
        with pytest.raises(CurrencyMismatchError):
            terms.schedule(Money("300.00", "EUR"), D(2026, 3, 2))

    @pytest.mark.parametrize("total", [Money("-1.00", "EUR"), Money("1.001", "EUR"), "100"])
    def test_the_total_is_a_rounded_amount_not_below_zero(self, total: object) -> None:
        with pytest.raises(ValidationError, match="total"):
            PaymentTerms.net(30).schedule(total, D(2026, 3, 2))  # type: ignore[arg-type]

    def test_zero_gives_zero_installments(self) -> None:
        schedule = PaymentTerms.installments(2).schedule(Money.zero("JPY"), D(2026, 3, 2))
        assert amounts(schedule) == ["0", "0"]

    def test_schedules_do_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        schedule = PaymentTerms.installments(7).schedule(Money("1000000.01", "EUR"), D(2026, 3, 2))
        assert Money.sum((i.amount for i in schedule), "EUR") == Money("1000000.01", "EUR")
        assert amounts(schedule)[0] == "142857.14"


class TestScheduleProperties:
    @given(
        terms=payment_terms("EUR"),
        total=money("EUR", 0, 10**9),
        issued_on=st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
    )
    def test_installments_add_up_to_the_total_and_are_never_due_before_the_invoice(
        self, terms: PaymentTerms, total: Money, issued_on: dt.date
    ) -> None:
        schedule = terms.schedule(total, issued_on)
        assert len(schedule) == len(terms.lines)
        assert Money.sum((i.amount for i in schedule), "EUR") == total
        assert all(i.amount.amount >= 0 and i.amount.is_rounded for i in schedule)
        assert all(i.due_on >= issued_on for i in schedule)

    @given(
        n=st.integers(1, 12),
        total=money("JPY", 0, 10**9) | money("BHD", 0, 10**6),
    )
    def test_equal_installments_are_within_one_minor_unit_of_each_other(
        self, n: int, total: Money
    ) -> None:
        schedule = PaymentTerms.installments(n).schedule(total, D(2026, 3, 2))
        unit = DECIMAL_CONTEXT.power(10, -total.currency.minor_units)
        parts = [i.amount.amount for i in schedule]
        assert max(parts) - min(parts) <= DECIMAL_CONTEXT.multiply(unit, n)
        exact = DECIMAL_CONTEXT.divide(total.amount, n)
        assert all(abs(DECIMAL_CONTEXT.subtract(p, exact)) <= unit for p in parts[:-1])


def test_end_of_month_is_due_at_the_end_of_the_month_unless_days_are_added() -> None:
    assert PaymentTerms.end_of_month().due_dates(D(2026, 2, 3)) == (D(2026, 2, 28),)
    assert PaymentTerms.end_of_month(plus_days=30).due_dates(D(2026, 2, 3)) == (D(2026, 3, 30),)


class TestRulesThatMutationTestingFoundUntested:
    def test_the_last_line_takes_the_balance_when_rounding_half_down(self) -> None:
        halves = PaymentTerms(
            lines=[TermLine(Rate("0.5"), CalendarDays(0)), TermLine(Rate("0.5"), CalendarDays(30))]
        )
        issued = pendulum.date(2026, 3, 2)
        assert amounts(halves.schedule(Money("0.03", "EUR"), issued, rounding="half_down")) == [
            "0.01",
            "0.02",
        ]
        assert amounts(halves.schedule(Money("0.03", "EUR"), issued)) == ["0.02", "0.01"]

    def test_end_of_month_adds_the_months_first(self) -> None:
        terms = PaymentTerms.end_of_month(plus_days=5, months=2)
        assert terms.due_dates(pendulum.date(2026, 1, 15)) == (pendulum.date(2026, 4, 5),)

    def test_end_of_month_rolls_when_asked(self) -> None:
        terms = PaymentTerms.end_of_month(plus_days=0, roll="following", calendar=WorkCalendar())
        assert terms.due_dates(pendulum.date(2026, 5, 11)) == (pendulum.date(2026, 6, 1),)

    def test_immediate_rolls_when_asked(self) -> None:
        terms = PaymentTerms.immediate(roll="following", calendar=WorkCalendar())
        assert terms.due_dates(pendulum.date(2026, 8, 1)) == (pendulum.date(2026, 8, 3),)
        assert PaymentTerms.immediate().due_dates(pendulum.date(2026, 8, 1)) == (
            pendulum.date(2026, 8, 1),
        )

    def test_installments_roll_with_the_modified_convention(self) -> None:
        terms = PaymentTerms.installments(2, roll="modified_following", calendar=WorkCalendar())
        # 31 January 2026 is a Saturday: "following" would leave the month, so it goes back
        assert terms.due_dates(pendulum.date(2026, 1, 1)) == (
            pendulum.date(2026, 1, 30),
            pendulum.date(2026, 3, 2),
        )

    def test_installments_a_day_apart(self) -> None:
        terms = PaymentTerms.installments(3, every=CalendarDays(1))
        schedule = terms.schedule(Money("1.00", "EUR"), pendulum.date(2026, 3, 2))
        assert [i.due_on for i in schedule] == [
            pendulum.date(2026, 3, 3),
            pendulum.date(2026, 3, 4),
            pendulum.date(2026, 3, 5),
        ]
        assert amounts(schedule) == ["0.33", "0.33", "0.34"]


JAN_1 = dt.date(2026, 1, 1)
EUR1 = Money("1.00", "EUR")
USD1 = Money("1.00", "USD")


class TestRefusalMessagesAreTheContract:
    """The text of each refusal names the parameter, quotes the value and says what is allowed."""

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (
                lambda: PaymentTerms.net(-1),
                ValidationError,
                "invalid 'days': -1; expected a whole number of days, at least 0",
            ),
            (
                lambda: PaymentTerms.net(True),
                ValidationError,
                "invalid 'days': True; expected a whole number of days, at least 0",
            ),
            (
                lambda: PaymentTerms.end_of_month(plus_days=-1),
                ValidationError,
                "invalid 'plus_days': -1; expected a whole number of days, at least 0",
            ),
            (
                lambda: PaymentTerms.end_of_month(months=-1),
                ValidationError,
                "invalid 'months': -1; expected a whole number of months, at least 0",
            ),
            (
                lambda: PaymentTerms.installments(0),
                ValidationError,
                "invalid 'n': 0; expected a whole number of installments, at least 1",
            ),
            (
                lambda: PaymentTerms.installments(2, every=CalendarDays(0)),
                ValidationError,
                (
                    "invalid 'every': CalendarDays(n=0, roll=None); expected a rule that moves "
                    "forward: CalendarDays(n) or BusinessDays(n) with n >= 1, EndOfMonth or "
                    "DayOfMonth with months >= 1"
                ),
            ),
            (
                lambda: PaymentTerms(lines=[]),
                ValidationError,
                "invalid 'lines': (); expected at least one TermLine",
            ),
            (
                lambda: PaymentTerms(
                    lines=[
                        TermLine(Balance(), CalendarDays(1)),
                        TermLine(Rate("0.5"), CalendarDays(2)),
                    ]
                ),
                ValidationError,
                (
                    "invalid 'lines': (TermLine(portion=Balance(), due=CalendarDays(n=1, "
                    "roll=None)), "
                    "TermLine(portion=Rate('0.5'), due=CalendarDays(n=2, roll=None))); "
                    "expected at most one Balance() line, and it comes last"
                ),
            ),
            (
                lambda: PaymentTerms(
                    lines=[
                        TermLine(Rate("0.7"), CalendarDays(1)),
                        TermLine(Rate("0.5"), CalendarDays(2)),
                    ]
                ),
                ValidationError,
                (
                    "invalid 'lines': Rate('1.2'); expected percentages adding up to 100% "
                    "(or a Balance() line last)"
                ),
            ),
            (
                lambda: PaymentTerms(
                    lines=[TermLine(EUR1, CalendarDays(1)), TermLine(USD1, CalendarDays(2))]
                ),
                ValidationError,
                (
                    "invalid 'lines': (TermLine(portion=Money('1.00', 'EUR'), "
                    "due=CalendarDays(n=1, "
                    "roll=None)), TermLine(portion=Money('1.00', 'USD'), due=CalendarDays(n=2, "
                    "roll=None))); expected a Balance() line last when a portion is a fixed amount"
                ),
            ),
            (
                lambda: PaymentTerms.net(30, roll="following"),
                ValidationError,
                "invalid 'calendar': None; expected a WorkCalendar to roll 'following'",
            ),
            (
                lambda: PaymentTerms.net(30, roll="sideways", calendar=WorkCalendar()),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'roll': 'sideways'; expected None, 'following' or 'modified_following'",
            ),
            (
                lambda: PaymentTerms.net(30, calendar=5),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'calendar': 5; expected None or a WorkCalendar",
            ),
            (
                lambda: PaymentTerms(lines=[TermLine(Balance(), BusinessDays(3))]),
                ValidationError,
                "invalid 'calendar': None; expected a WorkCalendar for BusinessDays(n=3)",
            ),
            (
                lambda: TermLine(Rate("0"), CalendarDays(1)),
                ValidationError,
                "invalid 'portion': Rate('0'); expected a Rate above 0% and at most 100%",
            ),
            (
                lambda: TermLine(Money("0.001", "EUR"), CalendarDays(1)),
                ValidationError,
                (
                    "invalid 'portion': Money('0.001', 'EUR'); expected a positive Money "
                    "rounded to "
                    "its minor unit"
                ),
            ),
            (
                lambda: TermLine(5, CalendarDays(1)),  # type: ignore[arg-type]
                ValidationError,
                "invalid 'portion': 5; expected a Rate, a Money or Balance()",
            ),
            (
                lambda: TermLine(Balance(), 5),  # type: ignore[arg-type]
                ValidationError,
                (
                    "invalid 'due': 5; expected a date rule: CalendarDays, BusinessDays, "
                    "EndOfMonth "
                    "or DayOfMonth"
                ),
            ),
            (
                lambda: PaymentTerms.net(30).schedule(Money("1.001", "EUR"), JAN_1),
                ValidationError,
                (
                    "invalid 'total': Money('1.001', 'EUR'); expected a Money of at least zero, "
                    "rounded"
                ),
            ),
            (
                lambda: PaymentTerms(
                    lines=[TermLine(USD1, CalendarDays(1)), TermLine(Balance(), CalendarDays(2))]
                ).schedule(Money("5.00", "EUR"), JAN_1),
                CurrencyMismatchError,
                "payment term portion Money('1.00', 'USD') is not in the total's currency 'EUR'",
            ),
            (
                lambda: PaymentTerms.net(30).due_dates(dt.datetime(2026, 1, 1)),
                ValidationError,
                (
                    "invalid 'issued_on': datetime.datetime(2026, 1, 1, 0, 0); expected a date "
                    "(a datetime is not a date)"
                ),
            ),
            (
                lambda: Installment(JAN_1, Money("-1.00", "EUR")),
                ValidationError,
                (
                    "invalid 'amount': Money('-1.00', 'EUR'); expected a Money of at least zero, "
                    "rounded"
                ),
            ),
        ],
    )
    def test_the_message(self, call, error, message) -> None:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message

    def test_more_line_rules_name_the_lines(self) -> None:
        with pytest.raises(ValidationError) as info:
            PaymentTerms(lines=[5])  # type: ignore[list-item]
        assert str(info.value) == "invalid 'lines': 5; expected TermLine values"
        with pytest.raises(ValidationError) as info:
            PaymentTerms(
                lines=[
                    TermLine(Rate("0.7"), CalendarDays(1)),
                    TermLine(Rate("0.5"), CalendarDays(2)),
                    TermLine(Balance(), CalendarDays(3)),
                ]
            )
        assert str(info.value) == (
            "invalid 'lines': Rate('1.2'); expected percentages adding up to at most 100%"
        )
        with pytest.raises(ValidationError) as info:
            PaymentTerms(
                lines=[
                    TermLine(USD1, CalendarDays(1)),
                    TermLine(EUR1, CalendarDays(2)),
                    TermLine(Balance(), CalendarDays(3)),
                ]
            )
        assert str(info.value) == "invalid 'lines': ['EUR', 'USD']; expected one currency"
        assert info.value.field == "lines"
        assert info.value.value == ["EUR", "USD"]

    def test_more_parameters_are_named(self) -> None:
        with pytest.raises(ValidationError) as info:
            PaymentTerms(lines=5)  # type: ignore[arg-type]
        assert str(info.value) == "invalid 'lines': 5; expected a sequence of TermLine values"
        with pytest.raises(ValidationError, match=r"^invalid 'due_on': "):
            Installment(dt.datetime(2026, 1, 1), EUR1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"^invalid 'issued_on': "):
            PaymentTerms.net(30).explain(dt.datetime(2026, 1, 1))  # type: ignore[arg-type]
        for call in (
            lambda: PaymentTerms.end_of_month(plus_days="5"),  # type: ignore[arg-type]
            lambda: PaymentTerms.end_of_month(months="1"),  # type: ignore[arg-type]
        ):
            with pytest.raises(ValidationError, match="a whole number of"):
                call()

    def test_the_defaults_are_net_30_and_the_end_of_the_month(self) -> None:
        assert PaymentTerms.net().due_dates(JAN_1) == (pendulum.date(2026, 1, 31),)
        assert PaymentTerms.end_of_month().due_dates(JAN_1) == (pendulum.date(2026, 1, 31),)
        assert PaymentTerms.end_of_month(plus_days=30).due_dates(JAN_1) == (
            pendulum.date(2026, 3, 2),
        )

    def test_rates_of_exactly_100_percent_leave_a_zero_balance_line(self) -> None:
        terms = PaymentTerms(
            lines=[
                TermLine(Rate("0.5"), CalendarDays(0)),
                TermLine(Rate("0.5"), CalendarDays(10)),
                TermLine(Balance(), CalendarDays(20)),
            ]
        )
        assert amounts(terms.schedule(Money("10.00", "EUR"), JAN_1)) == ["5.00", "5.00", "0.00"]

    def test_explain_counts_business_days_on_the_terms_calendar(self) -> None:
        terms = PaymentTerms(lines=[TermLine(Balance(), BusinessDays(3))], calendar=WorkCalendar())
        assert terms.explain(pendulum.date(2026, 1, 30)) == (
            ("2026-01-30 + 3 business days = 2026-02-04",),
        )

    def test_a_portion_in_another_currency_names_both(self) -> None:
        terms = PaymentTerms(
            lines=[TermLine(USD1, CalendarDays(1)), TermLine(Balance(), CalendarDays(2))]
        )
        with pytest.raises(CurrencyMismatchError) as info:
            terms.schedule(Money("5.00", "EUR"), JAN_1)
        assert (info.value.expected, info.value.got) == ("EUR", "USD")


VAT19 = Tax("VAT", Rate.percent(19))
VAT7 = Tax("VAT", Rate.percent(7))
LEVY = Tax("Levy", Rate.percent(5))
DUTY = Tax("Duty", Rate.percent(5))
FEE = Tax("Fee", Rate.percent(5))
EXEMPT = Tax("Exempt", Rate(0))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


class TestCompoundRulesAndEarlyDiscountsRefuseWordForWord:
    """Each refusal of the compound due-date rules and of early discounts, in full."""

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda: DaysThenEndOfMonth(30).due("June"),
                "invalid 'start': 'June'; expected a date (a datetime is not a date)",
            ),
            (
                lambda: AtLeastDaysThenDay(3, day=4).explain("June"),
                "invalid 'start': 'June'; expected a date (a datetime is not a date)",
            ),
            (
                lambda: DaysThenEndOfMonth(3651),
                "invalid 'days': 3651; expected a whole number of days from 0 to 3650",
            ),
            (
                lambda: DaysThenDayOfNextMonth(True, day=3),
                "invalid 'days': True; expected a whole number of days from 0 to 3650",
            ),
            (
                lambda: AtLeastDaysThenDay(10, day=0),
                "invalid 'day': 0; expected a day of the month from 1 to 31",
            ),
            (
                lambda: DaysThenDayOfNextMonth(10, day=32),
                "invalid 'day': 32; expected a day of the month from 1 to 31",
            ),
            (
                lambda: EarlyDiscount(rate=Rate.percent(100)),
                "invalid 'rate': Rate('1.00'); expected a Rate above 0% and below 100%",
            ),
            (
                lambda: EarlyDiscount(rate=Rate(0)),
                "invalid 'rate': Rate('0'); expected a Rate above 0% and below 100%",
            ),
            (
                lambda: EarlyDiscount(rate="2%"),
                "invalid 'rate': '2%'; expected a Rate above 0% and below 100%",
            ),
            (
                lambda: EarlyDiscount(rate=Rate.percent(2), tax="drop"),
                "invalid 'tax': 'drop'; expected 'reduce' or 'keep'",
            ),
            (
                lambda: EarlyDiscount(rate=Rate.percent(2), within="10 days"),
                (
                    "invalid 'within': '10 days'; "
                    "expected a date rule such as CalendarDays(10) or BusinessDays(5)"
                ),
            ),
            (
                lambda: EarlyDiscount(rate=Rate.percent(2), within=BusinessHours(8)),
                (
                    "invalid 'within': BusinessHours(hours=8); "
                    "expected a date rule such as CalendarDays(10) or BusinessDays(5)"
                ),
            ),
            (
                lambda: EarlyDiscount(rate=Rate.percent(2)).deadline("June"),
                "invalid 'issued_on': 'June'; expected a date (a datetime is not a date)",
            ),
            (
                lambda: PaymentTerms.net(
                    30,
                    early_discount=EarlyDiscount(
                        rate=Rate.percent(2), within=CalendarDays(10, roll="following")
                    ),
                ),
                (
                    "invalid 'calendar': None; "
                    "expected a WorkCalendar for CalendarDays(n=10, roll='following')"
                ),
            ),
        ],
    )
    def test_the_message(self, call, message) -> None:
        with pytest.raises(ValidationError) as info:
            call()
        assert str(info.value) == message

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"taxes": "VAT"},
                "invalid 'taxes': 'VAT'; expected (Tax, Money) pairs",
            ),
            ({"taxes": 5}, "invalid 'taxes': 5; expected (Tax, Money) pairs"),
            (
                {"taxes": [(VAT19,)]},
                (
                    "invalid 'taxes': (Tax(name='VAT', rate=Rate('0.19'), included=False),); "
                    "expected (Tax, Money) pairs"
                ),
            ),
            (
                {"taxes": [("VAT", eur("0.19"))]},
                "invalid 'taxes': ('VAT', Money('0.19', 'EUR')); expected (Tax, Money) pairs",
            ),
            (
                {"taxes": [[VAT19, eur("0.19")]]},
                (
                    "invalid 'taxes': [Tax(name='VAT', rate=Rate('0.19'), included=False), "
                    "Money('0.19', 'EUR')]; expected (Tax, Money) pairs"
                ),
            ),
            (
                {"amount": eur("1.005"), "net": eur("1.005")},
                "invalid 'amount': Money('1.005', 'EUR'); expected rounded Money amounts",
            ),
            (
                {"amount": decimal.Decimal("1.19")},
                "invalid 'amount': Decimal('1.19'); expected rounded Money amounts",
            ),
            (
                {"taxes": [(VAT19, Money("0.19", "USD"))]},
                "invalid 'taxes': Money('0.19', 'USD'); expected amounts in 'EUR'",
            ),
            (
                {"net": eur("1.005")},
                "invalid 'net': Money('1.005', 'EUR'); expected rounded Money amounts",
            ),
            (
                {"net": Money("1.00", "USD")},
                "invalid 'net': Money('1.00', 'USD'); expected amounts in 'EUR'",
            ),
            (
                {"taxes": [(VAT19, Money("0.195", "EUR"))]},
                "invalid 'taxes': Money('0.195', 'EUR'); expected rounded Money amounts",
            ),
            (
                {"net": eur("1.01")},
                (
                    "invalid 'net': Money('1.01', 'EUR'); "
                    "expected net + taxes == amount Money('1.19', 'EUR')"
                ),
            ),
        ],
    )
    def test_discount_amounts_that_do_not_add_up(self, kwargs, message) -> None:
        fields = {"amount": eur("1.19"), "net": eur("1.00"), "taxes": [(VAT19, eur("0.19"))]}
        with pytest.raises(ValidationError) as info:
            EarlyDiscountAmounts(**{**fields, **kwargs})
        assert str(info.value) == message

    def test_the_limits_of_days_are_allowed(self) -> None:
        assert DaysThenEndOfMonth(3650).due(JAN_1) == pendulum.date(2035, 12, 31)
        assert DaysThenDayOfNextMonth(0, day=31).due(JAN_1) == pendulum.date(2026, 2, 28)


class TestCompoundRulesAcrossTheYearEnd:
    def test_one_calendar_day_is_singular(self) -> None:
        assert DaysThenEndOfMonth(1).explain(pendulum.date(2026, 1, 20)) == (
            "2026-01-20 + 1 calendar day = 2026-01-21",
            "end of the month of 2026-01-21 = 2026-01-31",
        )
        assert DaysThenEndOfMonth(2).explain(pendulum.date(2026, 1, 20))[0] == (
            "2026-01-20 + 2 calendar days = 2026-01-22"
        )

    @pytest.mark.parametrize(
        ("rule", "start", "due"),
        [
            (DaysThenDayOfNextMonth(0, day=5), (2026, 12, 10), (2027, 1, 5)),
            (DaysThenDayOfNextMonth(20, day=31), (2026, 11, 25), (2027, 1, 31)),
            (AtLeastDaysThenDay(0, day=15), (2026, 12, 20), (2027, 1, 15)),
            (AtLeastDaysThenDay(5, day=10), (2026, 11, 30), (2026, 12, 10)),
        ],
    )
    def test_the_month_after_december_is_january_of_the_next_year(self, rule, start, due) -> None:
        assert rule.due(pendulum.date(*start)) == pendulum.date(*due)


def discount(lines: list[InvoiceLine], rounding: str = "half_up") -> tuple[str, ...]:
    """The 2 % discount on ``lines`` (VAT reduced): amount, net, then each tax as name rate part."""
    doc = DocumentAmounts.from_lines(lines, "EUR")
    granted = EarlyDiscount(rate=Rate.percent(2)).amounts(doc.lines, "EUR", rounding=rounding)
    return (
        str(granted.amount.amount),
        str(granted.net.amount),
        *(f"{t.name} {t.rate} {m.amount}" for t, m in granted.taxes),
    )


class TestEarlyDiscountSplits:
    """The discount is split across VAT groups and taxes without losing a cent, figures pinned."""

    def test_a_discount_line_of_another_rate_takes_back_its_share(self) -> None:
        # 1,190.00 gross at 19 % and -107.00 at 7 %: 2 % of 1,083.00 = 21.66, split
        # 1190:-107 cumulatively = 23.80 and -2.14; VAT 3.80 and -0.14, net 18.00.
        lines = [
            InvoiceLine("Fee", 1, eur("1000.00"), [VAT19]),
            InvoiceLine("Rebate", 1, eur("-100.00"), [VAT7]),
        ]
        assert discount(lines) == ("21.66", "18.00", "VAT 19% 3.80", "VAT 7% -0.14")
        assert discount(lines, "down") == ("21.66", "18.01", "VAT 19% 3.79", "VAT 7% -0.14")

    def test_a_zero_document_has_a_zero_discount(self) -> None:
        assert discount([InvoiceLine("Free", 1, eur("0.00"), [VAT19])]) == (
            "0.00",
            "0.00",
            "VAT 19% 0.00",
        )
        lines = [
            InvoiceLine("Fee", 1, eur("100.00"), [VAT19]),
            InvoiceLine("Rebate", 1, eur("-119.00")),
        ]
        assert discount(lines) == ("0.00", "0.00", "VAT 19% 0.00")

    def test_three_equal_taxes_share_the_odd_cent_by_allocation(self) -> None:
        # 37.95 gross, 2 % = 0.76 with 0.10 of tax: 0.04 + 0.03 + 0.03 (a 0 % tax takes none).
        three = [InvoiceLine("Fee", 1, eur("33.00"), [LEVY, DUTY, FEE])]
        assert discount(three) == ("0.76", "0.66", "Levy 5% 0.04", "Duty 5% 0.03", "Fee 5% 0.03")
        four = [InvoiceLine("Fee", 1, eur("33.00"), [LEVY, DUTY, FEE, EXEMPT])]
        assert discount(four) == (
            "0.76",
            "0.66",
            "Levy 5% 0.04",
            "Duty 5% 0.03",
            "Fee 5% 0.03",
            "Exempt 0% 0.00",
        )

    def test_lines_of_the_same_taxes_form_one_group(self) -> None:
        lines = [
            InvoiceLine("Fee", 1, eur("500.00"), [VAT19]),
            InvoiceLine("Fee", 1, eur("500.00"), [VAT19]),
        ]
        assert discount(lines) == ("23.80", "20.00", "VAT 19% 3.80")

    def test_an_untaxed_line_first_does_not_stop_the_taxes(self) -> None:
        lines = [
            InvoiceLine("Postage", 1, eur("10.00")),
            InvoiceLine("Fee", 1, eur("1000.00"), [VAT19]),
        ]
        assert discount(lines) == ("24.00", "20.20", "VAT 19% 3.80")

    def test_a_tax_in_two_groups_adds_up(self) -> None:
        # groups 1,190.00 (VAT) and 124.00 (VAT + levy): 26.28 = 23.80 + 2.48;
        # VAT 3.80 + 0.38, levy 0.10.
        lines = [
            InvoiceLine("Fee", 1, eur("1000.00"), [VAT19]),
            InvoiceLine("Fuel", 1, eur("100.00"), [VAT19, LEVY]),
        ]
        assert discount(lines) == ("26.28", "22.00", "VAT 19% 4.18", "Levy 5% 0.10")

    def test_the_split_does_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        # 6.25 % + 2.35125 % = 8.60125 %: seven digits, more than the caller's precision of five.
        # 1,086.01 gross, 2 % = 21.72 of which 1.72 tax (1.25 + 0.47), net 20.00.
        state = Tax("State", Rate("0.0625"))
        local = Tax("Local", Rate("0.0235125"))
        lines = [InvoiceLine("Fee", 1, eur("1000.00"), [state, local])]
        assert discount(lines) == ("21.72", "20.00", "State 6.25% 1.25", "Local 2.35125% 0.47")
