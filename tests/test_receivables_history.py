"""Receivables as of a date, closing credit notes, negative lines, early discounts, due dates."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.allowances import Charge
from accountexec.calendars import WorkCalendar
from accountexec.deadlines import BusinessDays, CalendarDays
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.invoices import (
    CreditNote,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentTerms,
    Tax,
    TermLine,
)
from accountexec.money import Money, Rate
from accountexec.payment_terms import (
    AtLeastDaysThenDay,
    Balance,
    DaysThenDayOfNextMonth,
    DaysThenEndOfMonth,
    EarlyDiscount,
)
from accountexec.receivables import aging, days_overdue, is_overdue
from accountexec.strategies import compound_rules, invoice_lines, money

VAT19 = Tax("VAT", Rate.percent(19))
VAT7 = Tax("VAT", Rate.percent(7))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def at(d: dt.date, minutes: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(d.year, d.month, d.day, 9, tz="UTC").add(minutes=minutes)


NEW_YEAR = pendulum.date(2026, 1, 1)


def issued(amount: str = "100.00", on: dt.date = NEW_YEAR, terms=None) -> Invoice:
    return Invoice(
        "INV-1",
        "acme",
        "EUR",
        on,
        [InvoiceLine("Fee", 1, eur(amount))],
        terms or PaymentTerms.net(30),
    ).issue(at=at(on))


class TestAsOfCountsOnlyWhatHadHappened:
    def paid_late(self) -> Invoice:
        inv = issued()  # due 31 January
        return inv.apply_payment(
            Payment(eur("100.00"), pendulum.date(2026, 3, 10), "SEPA-1"),
            at=at(pendulum.date(2026, 3, 10)),
        )

    def test_an_invoice_paid_in_march_was_overdue_in_february(self):
        inv = self.paid_late()
        assert inv.installments[0].due_on == pendulum.date(2026, 1, 31)
        feb = pendulum.date(2026, 2, 28)
        assert is_overdue(inv, as_of=feb)
        assert days_overdue(inv, as_of=feb) == 28
        assert inv.amount_due(as_of=feb) == eur("100.00")
        assert aging([inv], as_of=feb).total("EUR")[1] == eur("100.00")
        assert not is_overdue(inv, as_of=pendulum.date(2026, 3, 10))
        assert aging([inv], as_of=pendulum.date(2026, 3, 10)).rows == ()

    def test_a_write_off_counts_from_its_date(self):
        inv = issued().write_off(at=at(pendulum.date(2026, 4, 1)), reason="insolvent")
        assert inv.written_off_on == pendulum.date(2026, 4, 1)
        assert is_overdue(inv, as_of=pendulum.date(2026, 3, 31))
        assert not is_overdue(inv, as_of=pendulum.date(2026, 4, 1))

    def test_a_credit_note_counts_from_its_date(self):
        inv = issued()
        note = inv.credit_note("CN-1", issued_on=pendulum.date(2026, 2, 15))
        inv = inv.apply_credit_note(note, at=at(pendulum.date(2026, 2, 15)))
        assert inv.balance_as_of(pendulum.date(2026, 2, 14)) == eur("100.00")
        assert inv.balance_as_of(pendulum.date(2026, 2, 15)) == eur("0.00")

    def test_an_invoice_issued_later_did_not_exist(self):
        inv = issued(on=pendulum.date(2026, 3, 1))
        assert inv.balance_as_of(pendulum.date(2026, 2, 28)) == eur("0.00")
        assert inv.open_installments(pendulum.date(2026, 2, 28)) == ()

    @given(
        st.lists(
            st.tuples(st.integers(1, 120), st.integers(1, 60), st.sampled_from(("pay", "credit"))),
            max_size=5,
        ),
        st.booleans(),
        st.integers(0, 200),
    )
    def test_aging_of_a_past_date_is_aging_of_the_invoice_replayed_to_then(
        self, events, write_off, cut
    ):
        """Record payments and credit notes (by day offset and amount) in date order; then compare
        each date's figures with an invoice rebuilt from only the events up to that date."""
        start = pendulum.date(2026, 1, 1)
        base = Invoice(
            "INV-1",
            "acme",
            "EUR",
            start,
            [InvoiceLine("Fee", 1, eur("150.00"))],
            PaymentTerms.installments(3),
        ).issue(at=at(start))
        dated = sorted(events)

        def replay(until: pendulum.Date | None) -> Invoice:
            inv = base
            for k, (offset, amount, kind) in enumerate(dated):
                on = start.add(days=offset)
                if until is not None and on > until:
                    break
                if inv.status.value not in ("issued", "partially_paid"):
                    break
                value = min(eur(f"{amount}.00"), inv.balance)
                if kind == "pay":
                    inv = inv.apply_payment(Payment(value, on, f"P-{k}"), at=at(on, k))
                else:
                    line = InvoiceLine("Not delivered", 1, value)
                    note = inv.credit_note(f"CN-{k}", [line], issued_on=on)
                    inv = inv.apply_credit_note(note, at=at(on, k))
            if write_off and inv.status.value in ("issued", "partially_paid"):
                when = start.add(days=150)
                if until is None or when <= until:
                    inv = inv.write_off(at=at(when, 99), reason="insolvent")
            return inv

        full = replay(None)
        as_of = start.add(days=cut)
        then = replay(as_of)
        assert aging([full], as_of=as_of) == aging([then], as_of=as_of)
        assert is_overdue(full, as_of=as_of) == is_overdue(then, as_of=as_of)
        assert days_overdue(full, as_of=as_of) == days_overdue(then, as_of=as_of)
        assert full.amount_due(as_of=as_of) == then.amount_due(as_of=as_of)
        assert full.balance_as_of(as_of) == then.balance_as_of(as_of)


class TestCreditingLineByLineClosesTheInvoice:
    def stickers(self) -> tuple[Invoice, list[InvoiceLine]]:
        lines = [InvoiceLine(f"Sticker {i}", 1, eur("0.05"), [VAT7]) for i in range(3)]
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            lines,
            PaymentTerms.net(14),
            tax_rounding="global",
        ).issue(at=at(pendulum.date(2026, 3, 2)))
        return inv, lines

    def test_three_stickers_at_seven_percent_credit_to_zero(self):
        inv, lines = self.stickers()
        assert (inv.subtotal, inv.tax_total, inv.total) == (eur("0.15"), eur("0.01"), eur("0.16"))
        totals = []
        for k, line in enumerate(lines):
            note = inv.credit_note(f"CN-{k}", [line], issued_on=pendulum.date(2026, 3, 3))
            inv = inv.apply_credit_note(note, at=at(pendulum.date(2026, 3, 3), k))
            totals.append(note.total)
        assert totals == [eur("-0.05"), eur("-0.05"), eur("-0.06")]
        assert inv.balance == eur("0.00")
        assert inv.left_to_credit == eur("0.00")
        assert inv.status.value == "paid"
        last = inv.credit_notes[-1]
        assert last.tax_total == eur("-0.01")
        assert sum((la.gross for la in last.line_amounts()), eur("0")) == last.total

    def test_a_full_credit_note_is_the_invoice_negated_without_an_override(self):
        inv, _ = self.stickers()
        note = inv.credit_note("CN-1", issued_on=pendulum.date(2026, 3, 3))
        assert note.total == -inv.total
        assert note.tax_amounts == ()

    def test_tax_amounts_must_be_pairs_of_the_lines_taxes(self):
        with pytest.raises(ValidationError, match="tax_amounts"):
            CreditNote(
                number="CN-1",
                invoice_number="INV-1",
                client_id="acme",
                currency="EUR",
                issued_on=pendulum.date(2026, 3, 3),
                lines=[InvoiceLine("Fee", 1, eur("1.00"), [VAT7])],
                tax_amounts=[(VAT7, "0.01")],
            )
        with pytest.raises(ValidationError, match="taxes that the document's lines carry"):
            CreditNote(
                number="CN-1",
                invoice_number="INV-1",
                client_id="acme",
                currency="EUR",
                issued_on=pendulum.date(2026, 3, 3),
                lines=[InvoiceLine("Fee", 1, eur("1.00"), [VAT7])],
                tax_amounts=[(VAT19, eur("0.19"))],
            )

    def test_the_tax_closes_with_its_last_line_even_when_an_untaxed_line_is_credited_last(self):
        # Tax rounded once: 0.4 % of 10.10 and of 18.65 is 0.0404 + 0.0746 = 0.115 -> 0.12, while
        # the two notes round 0.04 and 0.07. The note for 18.65 closes the VAT and takes 0.08,
        # and the untaxed lines credited after it take no tax.
        vat = Tax("VAT", Rate("0.004"))
        untaxed = InvoiceLine("Workshop", 1, eur("10.000000"))
        lines = [
            untaxed,
            InvoiceLine("Workshop", Decimal("1.01"), eur("10.000000"), [vat]),
            InvoiceLine("Workshop", 1, eur("18.65"), [vat]),
        ]
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            lines,
            PaymentTerms.net(14),
            tax_rounding="global",
        ).issue(at=at(pendulum.date(2026, 3, 2)))
        assert inv.tax_total == eur("0.12")
        totals = []
        for k, line in enumerate([lines[1], lines[2], untaxed]):
            note = inv.credit_note(f"CN-{k}", [line], issued_on=pendulum.date(2026, 3, 3))
            inv = inv.apply_credit_note(note, at=at(pendulum.date(2026, 3, 3), k))
            totals.append((note.tax_total, note.total))
        assert totals == [
            (eur("-0.04"), eur("-10.14")),
            (eur("-0.08"), eur("-18.73")),
            (eur("0.00"), eur("-10.00")),
        ]
        assert inv.balance == eur("0.00")
        assert inv.left_to_credit == eur("0.00")

    def test_a_document_charge_keeps_its_tax_when_only_the_lines_are_credited(self):
        # the courier charge is taxed too: crediting the one line does not close the 19 % VAT
        vat = Tax("VAT", Rate.percent(19))
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            [InvoiceLine("Design", 1, eur("100.00"), [vat])],
            PaymentTerms.net(14),
            tax_rounding="global",
            charges=[Charge(amount=eur("10.00"), tax=vat, reason="Courier")],
        ).issue(at=at(pendulum.date(2026, 3, 2)))
        note = inv.credit_note("CN-1", issued_on=pendulum.date(2026, 3, 3))
        partial = inv.credit_note("CN-2", [inv.lines[0]], issued_on=pendulum.date(2026, 3, 3))
        assert (note.tax_total, note.total) == (eur("-20.90"), eur("-130.90"))
        assert (partial.tax_total, partial.total) == (eur("-19.00"), eur("-119.00"))
        assert partial.tax_amounts == ()

    @given(
        st.lists(invoice_lines("EUR", max_taxes=2), min_size=1, max_size=5),
        st.sampled_from(("per_line", "global")),
        st.randoms(use_true_random=False),
    )
    def test_crediting_every_line_in_any_order_leaves_exactly_zero(self, lines, rounding, rnd):
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            lines,
            PaymentTerms.net(14),
            tax_rounding=rounding,
        )
        if inv.total.amount <= 0:
            return
        inv = inv.issue(at=at(pendulum.date(2026, 3, 2)))
        order = list(lines)
        rnd.shuffle(order)
        for k, line in enumerate(order):
            note = inv.credit_note(f"CN-{k}", [line], issued_on=pendulum.date(2026, 3, 3))
            inv = inv.apply_credit_note(note, at=at(pendulum.date(2026, 3, 3), k))
        assert inv.left_to_credit == eur("0.00")
        assert inv.balance == eur("0.00")
        assert inv.amount_credited == inv.total
        credited: dict[Tax, Money] = {}
        for note in inv.credit_notes:
            for tax, amount in note.taxes_by_rate().items():
                credited[tax] = credited.get(tax, eur("0.00")) - amount
        charged = {tax: amount for tax, amount in inv.taxes_by_rate().items() if amount.amount}
        assert {tax: amount for tax, amount in credited.items() if amount.amount} == charged


class TestNegativeLines:
    def test_a_discount_line_is_allowed_while_the_total_stays_positive(self):
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            [
                InvoiceLine("Fee", 1, eur("1000.00"), [VAT19]),
                InvoiceLine("Advance already paid", 1, eur("-300.00"), [VAT19]),
            ],
            PaymentTerms.net(30),
        )
        assert (inv.subtotal, inv.tax_total, inv.total) == (
            eur("700.00"),
            eur("133.00"),
            eur("833.00"),
        )

    def test_a_negative_total_is_refused_and_points_to_a_credit_note(self):
        with pytest.raises(ValidationError, match="credit note") as info:
            Invoice(
                "INV-1",
                "acme",
                "EUR",
                pendulum.date(2026, 3, 2),
                [InvoiceLine("Fee", 1, eur("100.00")), InvoiceLine("Refund", 1, eur("-150.00"))],
                PaymentTerms.net(30),
            )
        assert info.value.field == "lines"

    def test_a_zero_total_is_a_draft_that_cannot_be_issued(self):
        draft = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            [InvoiceLine("Fee", 1, eur("100.00")), InvoiceLine("Waived", 1, eur("-100.00"))],
            PaymentTerms.net(30),
        )
        with pytest.raises(InvalidTransitionError):
            draft.issue(at=at(pendulum.date(2026, 3, 2)))

    @given(
        st.lists(money("EUR", -500, 500), min_size=1, max_size=6),
        st.sampled_from(("per_line", "global")),
    )
    def test_signed_lines_under_either_rounding_still_add_up(self, prices, rounding):
        lines = [InvoiceLine(f"L{i}", 1, p, [VAT7]) for i, p in enumerate(prices)]
        try:
            inv = Invoice(
                "INV-1",
                "acme",
                "EUR",
                pendulum.date(2026, 3, 2),
                lines,
                PaymentTerms.net(30),
                tax_rounding=rounding,
            )
        except ValidationError:
            assert sum((p for p in prices), eur("0")).amount < 0
            return
        amounts = inv.line_amounts()
        assert sum((a.tax for a in amounts), eur("0")) == inv.tax_total
        assert sum((a.gross for a in amounts), eur("0")) == inv.total
        if rounding == "global":
            exact = sum((p.amount for p in prices), 0) * Rate.percent(7).value
            assert inv.tax_total == Money(exact, "EUR").round()


class TestEarlyPaymentDiscount:
    def invoice(self, tax: str, lines=None) -> Invoice:
        terms = PaymentTerms.net(
            30, early_discount=EarlyDiscount(rate=Rate.percent(2), within=CalendarDays(10), tax=tax)
        )
        return Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 2),
            lines or [InvoiceLine("Fee", 1, eur("1000.00"), [VAT19])],
            terms,
        ).issue(at=at(pendulum.date(2026, 3, 2)))

    def test_reduce_takes_two_percent_of_the_gross_with_its_vat(self):
        inv = self.invoice("reduce")
        assert inv.discount_deadline == pendulum.date(2026, 3, 12)
        assert inv.early_payment_amount() == eur("1166.20")
        paid = inv.apply_payment(
            Payment(eur("1166.20"), pendulum.date(2026, 3, 12), "SEPA-1"),
            at=at(pendulum.date(2026, 3, 12)),
        )
        assert paid.status.value == "paid"
        (applied,) = paid.payments
        assert applied.discount is not None
        assert (applied.discount.amount, applied.discount.net) == (eur("23.80"), eur("20.00"))
        assert applied.discount.taxes == ((VAT19, eur("3.80")),)
        assert (paid.amount_paid, paid.amount_discounted) == (eur("1166.20"), eur("23.80"))

    def test_keep_takes_two_percent_of_the_net_and_leaves_the_vat(self):
        inv = self.invoice("keep")
        assert inv.early_payment_amount() == eur("1170.00")
        granted = inv.early_payment_discount()
        assert granted is not None
        assert (granted.amount, granted.net, granted.taxes) == (eur("20.00"), eur("20.00"), ())

    def test_two_rates_are_reduced_in_proportion(self):
        # 1,000.00 + 19 % = 1,190.00 and 100.00 + 7 % = 107.00; 2 % of 1,297.00 = 25.94,
        # split 1190:107 = 23.80 + 2.14; VAT in each: 23.80 × 19/119 = 3.80, 2.14 × 7/107 = 0.14.
        inv = self.invoice(
            "reduce",
            [
                InvoiceLine("Fee", 1, eur("1000.00"), [VAT19]),
                InvoiceLine("Book", 1, eur("100.00"), [VAT7]),
            ],
        )
        granted = inv.early_payment_discount()
        assert granted is not None
        assert granted.amount == eur("25.94")
        assert dict(granted.taxes) == {VAT19: eur("3.80"), VAT7: eur("0.14")}
        assert granted.net == eur("22.00")

    def test_after_the_window_the_discounted_amount_is_a_partial_payment(self):
        inv = self.invoice("reduce")
        paid = inv.apply_payment(
            Payment(eur("1166.20"), pendulum.date(2026, 3, 13), "SEPA-1"),
            at=at(pendulum.date(2026, 3, 13)),
        )
        assert paid.status.value == "partially_paid"
        assert paid.balance == eur("23.80")
        assert paid.payments[0].discount is None

    def test_a_different_amount_in_the_window_takes_no_discount(self):
        inv = self.invoice("reduce")
        paid = inv.apply_payment(
            Payment(eur("500.00"), pendulum.date(2026, 3, 5), "SEPA-1"),
            at=at(pendulum.date(2026, 3, 5)),
        )
        assert paid.balance == eur("690.00")
        assert paid.amount_discounted == eur("0.00")

    def test_the_discount_is_refused_when_it_is_no_rate_in_range(self):
        with pytest.raises(ValidationError, match="'rate'"):
            EarlyDiscount(rate=Rate.percent(100))
        with pytest.raises(ValidationError, match="'tax'"):
            EarlyDiscount(rate=Rate.percent(2), tax="drop")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'early_discount'"):
            PaymentTerms.net(30, early_discount=Rate.percent(2))  # type: ignore[arg-type]
        in_business_days = EarlyDiscount(rate=Rate.percent(2), within=BusinessDays(5))
        with pytest.raises(ValidationError, match="'calendar'"):
            PaymentTerms.net(30, early_discount=in_business_days)
        terms = PaymentTerms.net(30, early_discount=in_business_days, calendar=WorkCalendar())
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            pendulum.date(2026, 3, 6),
            [InvoiceLine("Fee", 1, eur("100.00"))],
            terms,
        )
        assert inv.discount_deadline == pendulum.date(2026, 3, 13)  # Friday + 5 business days

    @given(
        st.lists(invoice_lines("EUR", max_taxes=1), min_size=1, max_size=4),
        st.sampled_from(("reduce", "keep")),
    )
    def test_the_discount_always_splits_into_net_and_tax(self, lines, tax):
        rule = EarlyDiscount(rate=Rate.percent(3), tax=tax)
        inv = Invoice(
            "INV-1", "acme", "EUR", pendulum.date(2026, 3, 2), lines, PaymentTerms.net(30)
        )
        granted = rule.amounts(inv.line_amounts(), "EUR")
        assert granted.net + granted.tax == granted.amount
        assert granted.amount.amount >= 0
        assert granted.amount <= inv.total


class TestCompoundDueDateRules:
    @pytest.mark.parametrize(
        ("rule", "start", "due"),
        [
            (DaysThenEndOfMonth(30), (2026, 1, 20), (2026, 2, 28)),
            (DaysThenEndOfMonth(0), (2026, 2, 10), (2026, 2, 28)),
            (DaysThenEndOfMonth(45), (2027, 12, 20), (2028, 2, 29)),
            (DaysThenDayOfNextMonth(30, day=10), (2026, 1, 20), (2026, 3, 10)),
            (DaysThenDayOfNextMonth(0, day=31), (2026, 3, 15), (2026, 4, 30)),
            (DaysThenDayOfNextMonth(10, day=5), (2026, 12, 25), (2027, 2, 5)),
            (AtLeastDaysThenDay(10, day=15), (2026, 1, 10), (2026, 2, 15)),
            (AtLeastDaysThenDay(10, day=15), (2026, 1, 2), (2026, 1, 15)),
            (AtLeastDaysThenDay(10, day=15), (2026, 1, 5), (2026, 1, 15)),
            (AtLeastDaysThenDay(0, day=31), (2026, 2, 10), (2026, 2, 28)),
        ],
    )
    def test_pinned_dates(self, rule, start, due):
        assert rule.due(pendulum.date(*start)) == pendulum.date(*due)

    def test_each_explains_itself(self):
        start = pendulum.date(2026, 1, 20)
        assert DaysThenDayOfNextMonth(30, day=31).explain(pendulum.date(2026, 2, 15)) == (
            "2026-02-15 + 30 calendar days = 2026-03-17",
            "day 31 of the month after 2026-03-17 = 2026-04-30",
        )
        assert AtLeastDaysThenDay(10, day=15).explain(start) == (
            "2026-01-20 + 10 calendar days = 2026-01-30",
            "the next day 15 on or after 2026-01-30 = 2026-02-15",
        )

    def test_they_serve_as_payment_term_lines(self):
        terms = PaymentTerms(lines=[TermLine(Balance(), DaysThenEndOfMonth(30))])
        assert terms.due_dates(pendulum.date(2026, 1, 20)) == (pendulum.date(2026, 2, 28),)
        assert terms.explain(pendulum.date(2026, 1, 20)) == (
            (
                "2026-01-20 + 30 calendar days = 2026-02-19",
                "end of the month of 2026-02-19 = 2026-02-28",
            ),
        )

    @pytest.mark.parametrize("bad", [-1, 3651, True, "10"])
    def test_days_are_refused_outside_their_range(self, bad):
        with pytest.raises(ValidationError, match="'days'"):
            DaysThenEndOfMonth(bad)

    @pytest.mark.parametrize("bad", [0, 32, 1.0])
    def test_day_is_refused_outside_a_month(self, bad):
        with pytest.raises(ValidationError, match="'day'"):
            AtLeastDaysThenDay(10, day=bad)

    @given(compound_rules(), st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    def test_never_before_the_days_and_the_first_such_day(self, rule, start):
        due = rule.due(start)
        earliest = start + dt.timedelta(days=rule.days)
        assert due >= earliest
        assert len(rule.explain(start)) == 2
        if isinstance(rule, AtLeastDaysThenDay):
            # the first date on or after `earliest` that is day D (clamped) of its month
            d = earliest
            while True:
                length = calendar.monthrange(d.year, d.month)[1]
                if d.day == min(rule.day, length):
                    break
                d += dt.timedelta(days=1)
            assert due == d
