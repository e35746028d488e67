"""Tests for accountexec.dunning and accountexec.late_payment: reminders and statutory interest.

The interest figures are worked by hand from each regime's rule: principal × (reference rate +
margin) × days / 365, summed exactly and rounded once. The reference rates are example values.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.deadlines import BusinessDays, CalendarDays
from accountexec.dunning import DunningLevel, DunningPolicy, Reminder, dunning_run
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms
from accountexec.late_payment import (
    EU_LATE_PAYMENT,
    FRANCE_COMMERCIAL,
    GERMANY_BUSINESS,
    GERMANY_CONSUMER,
    UK_LATE_PAYMENT,
    ReferenceRates,
    late_payment_interest,
)
from accountexec.money import Money, Rate
from accountexec.strategies import interest_claims, reference_rates


def d(y: int, m: int, day: int) -> pendulum.Date:
    return pendulum.date(y, m, day)


def at(day: pendulum.Date, minutes: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC").add(minutes=minutes)


END_OF_2026 = pendulum.date(2026, 12, 31)


def invoice(
    amount: str,
    currency: str,
    issued: pendulum.Date,
    terms: PaymentTerms,
    *,
    number: str = "INV-1",
    client: str = "acme",
) -> Invoice:
    return Invoice(
        number, client, currency, issued, [InvoiceLine("Fee", 1, Money(amount, currency))], terms
    ).issue(at=at(issued))


def rates(
    *changes: tuple[pendulum.Date, str], until: pendulum.Date = END_OF_2026
) -> ReferenceRates:
    return ReferenceRates(
        name="example rates",
        changes=[(day, Rate.percent(p)) for day, p in changes],
        until=until,
    )


def hand(*pieces: tuple[str, str, int]) -> Money:
    """Σ principal × rate × days / 365, exactly, rounded half up to cents."""
    total = sum(Fraction(p) * Fraction(r) * days / 365 for p, r, days in pieces)
    cents = Decimal(total.numerator) / Decimal(total.denominator)
    return Money(cents, "EUR").round()


class TestLatePaymentInterest:
    def test_eu_reference_rate_of_each_half_year_plus_eight_points(self):
        # Due 31 January 2026, unpaid on 31 July: 150 days (1 Feb – 30 Jun) at 2.15 + 8 and
        # 31 days (July) at 2.00 + 8; 10,000 × 10.15 % × 150/365 = 417.12...,
        # 10,000 × 10 % × 31/365 = 84.93...; together 502.05 EUR, plus 40 EUR.
        inv = invoice("10000.00", "EUR", d(2026, 1, 1), PaymentTerms.net(30))
        ecb = rates((d(2025, 6, 11), "2.15"), (d(2026, 6, 11), "2.00"))
        claim = late_payment_interest(inv, d(2026, 7, 31), EU_LATE_PAYMENT, ecb)
        assert [(p.start, p.end, p.days, p.reference_rate, p.rate) for p in claim.periods] == [
            (d(2026, 2, 1), d(2026, 6, 30), 150, Rate("0.0215"), Rate("0.1015")),
            (d(2026, 7, 1), d(2026, 7, 31), 31, Rate("0.0200"), Rate("0.1000")),
        ]
        assert claim.interest == Money("502.05", "EUR")
        assert claim.interest == hand(("10000", "0.1015", 150), ("10000", "0.10", 31))
        assert claim.compensation == Money("40.00", "EUR")
        assert claim.total == Money("542.05", "EUR")
        assert claim.days == 181

    def test_the_rate_changing_mid_half_year_waits_for_the_next_half_year(self):
        # The ECB cut on 11 June does not apply before 1 July: June is still at 2.15 %.
        inv = invoice("1000.00", "EUR", d(2026, 5, 1), PaymentTerms.net(30))  # due 31 May
        ecb = rates((d(2025, 6, 11), "2.15"), (d(2026, 6, 11), "2.00"))
        claim = late_payment_interest(inv, d(2026, 6, 30), EU_LATE_PAYMENT, ecb)
        assert [p.reference_rate for p in claim.periods] == [Rate("0.0215")]

    def test_germany_business_base_rate_plus_nine_and_forty_euros(self):
        # Due 15 December 2025; 16 days of December at 1.27 + 9 = 10.27 %, 46 days to
        # 15 February at 1.00 + 9 = 10 %: 45.02 + 126.03 = 171.05 EUR.
        inv = invoice("10000.00", "EUR", d(2025, 11, 15), PaymentTerms.net(30))
        base = rates((d(2025, 7, 1), "1.27"), (d(2026, 1, 1), "1.00"))
        claim = late_payment_interest(inv, d(2026, 2, 15), GERMANY_BUSINESS, base)
        assert [(p.days, p.rate, p.interest) for p in claim.periods] == [
            (16, Rate("0.1027"), Money("45.02", "EUR")),
            (46, Rate("0.1000"), Money("126.03", "EUR")),
        ]
        assert claim.interest == hand(("10000", "0.1027", 16), ("10000", "0.10", 46))
        assert claim.interest == Money("171.05", "EUR")
        assert claim.compensation == Money("40.00", "EUR")

    def test_germany_consumer_five_points_no_flat_fee_and_a_partial_payment(self):
        # 1,000.00 due 31 January; 400.00 paid on 2 March reduces the principal from that day.
        inv = invoice("1000.00", "EUR", d(2026, 1, 1), PaymentTerms.net(30))
        inv = inv.apply_payment(
            Payment(Money("400.00", "EUR"), d(2026, 3, 2), "P-1"), at=at(d(2026, 3, 2))
        )
        base = rates((d(2026, 1, 1), "1.27"))
        claim = late_payment_interest(inv, d(2026, 3, 31), GERMANY_CONSUMER, base)
        assert [(p.start, p.end, p.principal) for p in claim.periods] == [
            (d(2026, 2, 1), d(2026, 3, 1), Money("1000.00", "EUR")),
            (d(2026, 3, 2), d(2026, 3, 31), Money("600.00", "EUR")),
        ]
        assert claim.interest == hand(("1000", "0.0627", 29), ("600", "0.0627", 30))
        assert claim.interest == Money("8.07", "EUR")
        assert claim.compensation == Money("0.00", "EUR")

    def test_uk_rate_is_fixed_when_interest_starts_and_the_fixed_sum_follows_the_debt(self):
        # Due 15 May 2026: the base rate on 31 December 2025 (4.00 %) + 8 points, for the
        # whole debt, even across the June cut: 5,000 × 12 % × 92/365 = 151.23 GBP; 70 GBP.
        inv = invoice("5000.00", "GBP", d(2026, 4, 15), PaymentTerms.net(30))
        boe = rates((d(2025, 12, 1), "4.00"), (d(2026, 6, 1), "3.75"))
        claim = late_payment_interest(inv, d(2026, 8, 15), UK_LATE_PAYMENT, boe)
        assert [(p.start, p.end, p.days, p.rate) for p in claim.periods] == [
            (d(2026, 5, 16), d(2026, 8, 15), 92, Rate("0.1200")),
        ]
        assert claim.interest == Money("151.23", "GBP")
        assert claim.compensation == Money("70.00", "GBP")

    @pytest.mark.parametrize(
        ("amount", "fixed"),
        [("999.99", "40.00"), ("1000.00", "70.00"), ("9999.99", "70.00"), ("10000.00", "100.00")],
    )
    def test_uk_fixed_sums(self, amount, fixed):
        inv = invoice(amount, "GBP", d(2026, 4, 15), PaymentTerms.net(30))
        boe = rates((d(2025, 12, 1), "4.00"))
        claim = late_payment_interest(inv, d(2026, 5, 20), UK_LATE_PAYMENT, boe)
        assert claim.compensation == Money(fixed, "GBP")

    def test_france_ecb_rate_plus_ten_points_and_forty_euros(self):
        # Due 30 June 2026: the rate in force on 1 July (2.00 %) + 10 points for July to
        # September, 92 days: 2,000 × 12 % × 92/365 = 60.49 EUR, plus 40 EUR.
        inv = invoice("2000.00", "EUR", d(2026, 5, 31), PaymentTerms.net(30))
        ecb = rates((d(2025, 6, 11), "2.15"), (d(2026, 6, 11), "2.00"))
        claim = late_payment_interest(inv, d(2026, 9, 30), FRANCE_COMMERCIAL, ecb)
        assert claim.interest == hand(("2000", "0.12", 92)) == Money("60.49", "EUR")
        assert claim.total == Money("100.49", "EUR")

    def test_each_installment_runs_from_the_day_after_its_own_due_date(self):
        # 300.00 in three installments due 31 Jan, 2 Mar, 1 Apr (30-day steps from 1 Jan).
        inv = invoice("300.00", "EUR", d(2026, 1, 1), PaymentTerms.installments(3))
        ecb = rates((d(2026, 1, 1), "2.00"))
        claim = late_payment_interest(inv, d(2026, 4, 30), EU_LATE_PAYMENT, ecb)
        assert [(p.due_on, p.start, p.days) for p in claim.periods] == [
            (d(2026, 1, 31), d(2026, 2, 1), 89),
            (d(2026, 3, 2), d(2026, 3, 3), 59),
            (d(2026, 4, 1), d(2026, 4, 2), 29),
        ]
        assert claim.interest == hand(("100", "0.10", 89), ("100", "0.10", 59), ("100", "0.10", 29))

    def test_nothing_before_the_due_date_and_nothing_after_payment(self):
        inv = invoice("100.00", "EUR", d(2026, 1, 1), PaymentTerms.net(30))
        ecb = rates((d(2026, 1, 1), "2.00"))
        on_time = late_payment_interest(inv, d(2026, 1, 31), EU_LATE_PAYMENT, ecb)
        assert (on_time.periods, on_time.interest, on_time.compensation) == (
            (),
            Money("0.00", "EUR"),
            Money("0.00", "EUR"),
        )
        paid = inv.apply_payment(
            Payment(Money("100.00", "EUR"), d(2026, 2, 11), "P"), at=at(d(2026, 2, 11))
        )
        claim = late_payment_interest(paid, d(2026, 6, 30), EU_LATE_PAYMENT, ecb)
        assert claim.days == 10  # 1 to 10 February
        assert claim.compensation == Money("40.00", "EUR")

    def test_uncovered_dates_are_refused_never_guessed(self):
        inv = invoice("100.00", "EUR", d(2026, 1, 1), PaymentTerms.net(30))
        short = rates((d(2026, 1, 1), "2.00"), until=d(2026, 5, 31))
        with pytest.raises(ValidationError, match="covers"):
            late_payment_interest(inv, d(2027, 1, 31), EU_LATE_PAYMENT, short)

    def test_the_regime_and_the_invoice_share_a_currency(self):
        inv = invoice("100.00", "USD", d(2026, 1, 1), PaymentTerms.net(30))
        with pytest.raises(CurrencyMismatchError, match="claims in 'EUR'"):
            late_payment_interest(inv, d(2026, 3, 1), EU_LATE_PAYMENT, rates((d(2026, 1, 1), "2")))

    def test_reference_rates_refuse_disorder(self):
        with pytest.raises(ValidationError, match="increasing"):
            rates((d(2026, 7, 1), "2.00"), (d(2026, 1, 1), "2.15"))
        with pytest.raises(ValidationError, match="until"):
            rates((d(2026, 7, 1), "2.00"), until=d(2026, 6, 30))
        with pytest.raises(ValidationError, match="changes"):
            ReferenceRates(name="x", changes=[], until=d(2026, 1, 1))

    def test_germany_reproduces_the_published_rates_of_the_first_half_of_2024(self):
        # IHK Kassel, "Neuer Basiszinssatz seit 1. Januar" (news.kassel.ihk.de): base rate 3.62 %
        # from 1 January 2024, so 8.62 % p.a. with consumers and 12.62 % between businesses.
        base = rates((d(2024, 1, 1), "3.62"), until=d(2024, 6, 30))
        inv = invoice("1000.00", "EUR", d(2024, 1, 2), PaymentTerms.net(30))
        for regime, published in ((GERMANY_CONSUMER, "8.62"), (GERMANY_BUSINESS, "12.62")):
            claim = late_payment_interest(inv, d(2024, 2, 29), regime, base)
            assert {p.rate for p in claim.periods} == {Rate.percent(published)}

    def test_uk_reproduces_the_published_rates_of_the_six_month_periods(self):
        # payontime.co.uk, "How to calculate late payment interest": 1 July - 31 December 2023,
        # reference rate 5.00 %, interest 13.00 %; 1 January - 30 June 2024, 5.25 %, 13.25 %.
        # The page gives the base rate on 30 June and 31 December; nothing else is assumed.
        boe = rates((d(2023, 6, 30), "5.00"), (d(2023, 12, 31), "5.25"), until=d(2024, 6, 30))
        for due, published in ((d(2023, 9, 1), "13.00"), (d(2024, 3, 1), "13.25")):
            inv = invoice("1000.00", "GBP", due.subtract(days=30), PaymentTerms.net(30))
            claim = late_payment_interest(inv, due.add(days=10), UK_LATE_PAYMENT, boe)
            assert {p.rate for p in claim.periods} == {Rate.percent(published)}

    @given(interest_claims())
    def test_claims_add_up(self, claim):
        assert sum((p.interest for p in claim.periods), claim.interest * 0) == claim.interest
        assert claim.total == claim.interest + claim.compensation
        assert all(p.days >= 1 and p.start > p.due_on for p in claim.periods)

    @given(reference_rates(), st.integers(0, 2_500))
    def test_a_rate_is_the_last_change_on_or_before_the_day(self, table, offset):
        day = table.start.add(days=offset)
        expected = [r for start, r in table.changes if start <= day][-1]
        assert table.rate_on(day) == expected


def policy() -> DunningPolicy:
    return DunningPolicy(
        levels=(
            DunningLevel(after=CalendarDays(7), fee=None, name="first reminder"),
            DunningLevel(after=CalendarDays(21), fee=Money("5.00", "EUR"), name="second reminder"),
            DunningLevel(after=CalendarDays(35), fee=Money("15.00", "EUR"), name="final notice"),
        )
    )


class TestDunningRuns:
    def invoices(self) -> list[Invoice]:
        return [
            invoice(
                "300.00", "EUR", d(2026, 3, 2), PaymentTerms.net(14), number="INV-1", client="acme"
            ),
            invoice(
                "120.00", "EUR", d(2026, 2, 10), PaymentTerms.net(14), number="INV-2", client="acme"
            ),
            invoice(
                "80.00",
                "EUR",
                d(2026, 3, 20),
                PaymentTerms.net(14),
                number="INV-3",
                client="globex",
            ),
        ]

    def test_each_late_invoice_gets_the_highest_level_it_reached(self):
        run = dunning_run(self.invoices(), policy(), d(2026, 4, 6))
        assert [
            (r.client_id, r.invoice_number, r.level, r.name, r.days_overdue, r.fee)
            for r in run.reminders
        ] == [
            ("acme", "INV-1", 2, "second reminder", 21, Money("5.00", "EUR")),
            ("acme", "INV-2", 3, "final notice", 41, Money("15.00", "EUR")),
        ]
        assert run.clients == ("acme",)
        assert run.fees("acme") == (Money("5.00", "EUR"), Money("15.00", "EUR"))

    def test_a_level_already_sent_is_never_sent_again(self):
        first = dunning_run(self.invoices(), policy(), d(2026, 3, 23))
        assert [(r.invoice_number, r.level) for r in first.reminders] == [
            ("INV-1", 1),
            ("INV-2", 2),
        ]
        again = dunning_run(self.invoices(), policy(), d(2026, 3, 24), history=first.reminders)
        assert again.reminders == ()
        later = dunning_run(self.invoices(), policy(), d(2026, 4, 6), history=first.reminders)
        assert [(r.invoice_number, r.level) for r in later.reminders] == [
            ("INV-1", 2),
            ("INV-2", 3),
        ]

    def test_a_paid_invoice_gets_no_reminder_from_the_day_it_was_paid(self):
        invs = self.invoices()
        invs[0] = invs[0].apply_payment(
            Payment(Money("300.00", "EUR"), d(2026, 3, 30), "P"), at=at(d(2026, 3, 30))
        )
        assert [
            r.invoice_number for r in dunning_run(invs, policy(), d(2026, 3, 29)).reminders
        ] == ["INV-1", "INV-2"]
        assert [
            r.invoice_number for r in dunning_run(invs, policy(), d(2026, 3, 30)).reminders
        ] == ["INV-2"]

    def test_business_day_levels_use_the_clients_calendar(self):
        # Due Friday 3 April 2026; Easter Monday 6 April is a holiday of the client's calendar.
        inv = invoice("100.00", "EUR", d(2026, 3, 20), PaymentTerms.net(14))
        level = DunningPolicy(levels=[DunningLevel(after=BusinessDays(2), name="first reminder")])
        holidays = WorkCalendar(holidays=[d(2026, 4, 6)])
        with_holiday = {"acme": holidays}
        with pytest.raises(ValidationError, match="calendars"):
            dunning_run([inv], level, d(2026, 4, 7))
        assert dunning_run([inv], level, d(2026, 4, 7), calendar=WorkCalendar()).reminders
        assert not dunning_run([inv], level, d(2026, 4, 7), calendars=with_holiday).reminders
        assert dunning_run([inv], level, d(2026, 4, 8), calendars=with_holiday).reminders

    def test_with_a_regime_a_reminder_states_the_interest_so_far(self):
        ecb = rates((d(2026, 1, 1), "2.00"))
        run = dunning_run(
            self.invoices(), policy(), d(2026, 4, 6), regime=EU_LATE_PAYMENT, reference_rates=ecb
        )
        inv2 = next(r for r in run.reminders if r.invoice_number == "INV-2")
        # 120.00 × 10 % × 41/365 = 1.347... → 1.35
        assert inv2.interest == Money("1.35", "EUR")

    def test_refusals(self):
        with pytest.raises(ValidationError, match="'levels'"):
            DunningPolicy(levels=[])
        with pytest.raises(ValidationError, match="'levels'"):
            DunningPolicy(levels=[DunningLevel(after=CalendarDays(7), name="a")] * 2)
        with pytest.raises(ValidationError, match="'fee'"):
            DunningLevel(after=CalendarDays(7), fee=Money("-1.00", "EUR"), name="a")
        with pytest.raises(ValidationError, match="'after'"):
            DunningLevel(after=7, name="a")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="reference_rates"):
            dunning_run([], policy(), d(2026, 4, 6), regime=EU_LATE_PAYMENT)
        with pytest.raises(ValidationError, match="'level'"):
            Reminder(
                client_id="a",
                invoice_number="b",
                level=0,
                name="c",
                as_of=d(2026, 1, 1),
                due_on=d(2026, 1, 1),
                days_overdue=0,
                amount_overdue=Money("1.00", "EUR"),
            )

    @given(st.integers(0, 120), st.integers(0, 120))
    def test_a_run_repeated_with_its_own_history_sends_nothing_new(self, first, second):
        a = d(2026, 3, 1).add(days=first)
        b = a.add(days=second)
        run = dunning_run(self.invoices(), policy(), a)
        repeat = dunning_run(self.invoices(), policy(), a, history=run.reminders)
        assert repeat.reminders == ()
        later = dunning_run(self.invoices(), policy(), b, history=run.reminders)
        for reminder in later.reminders:
            sent = [r.level for r in run.reminders if r.invoice_number == reminder.invoice_number]
            assert all(reminder.level > level for level in sent)
