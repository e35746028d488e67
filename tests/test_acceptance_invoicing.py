"""Invoicing, promise by promise, called as a user writes it.

Each test quotes the promise it checks. Names come from ``accountexec`` where they are
re-exported, otherwise from ``accountexec.invoices``; parameters are passed with their documented
spellings (positionally where the documented signature lists them positionally).
"""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import (
    AccountExecError,
    AgingReport,
    Balance,
    CreditNote,
    CurrencyMismatchError,
    ExchangeRates,
    Installment,
    InvalidTransitionError,
    Invoice,
    InvoiceLine,
    InvoiceNumbering,
    InvoiceStatus,
    Money,
    Payment,
    PaymentError,
    PaymentTerms,
    Rate,
    Tax,
    TermLine,
    ValidationError,
    WorkCalendar,
    aging,
    days_overdue,
    is_overdue,
)
from accountexec.deadlines import CalendarDays, DayOfMonth, EndOfMonth
from accountexec.invoices import AgingReport as AgingReportFromInvoices
from accountexec.invoices import aging as aging_from_invoices

AT = datetime(2026, 1, 31, 17, tzinfo=UTC)
VAT = Tax("VAT", Rate.percent(19))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def design_invoice(terms: PaymentTerms | None = None, number: str = "INV-1") -> Invoice:
    """3 × 100.00 EUR with 19% VAT on top: 300.00 + 57.00 = 357.00."""
    lines = [InvoiceLine("Design", 3, eur("100.00"), taxes=(VAT,))]
    return Invoice(number, "C-1", "EUR", date(2026, 1, 31), lines, terms or PaymentTerms.net(30))


def pay(invoice: Invoice, amount: str, on: date = date(2026, 2, 10), **kwargs: object) -> Invoice:
    return invoice.apply_payment(Payment(eur(amount), on, "REF"), at=AT, **kwargs)  # type: ignore[arg-type]


class TestTaxesAndLines:
    """`Tax(name, rate, included=False)`; `InvoiceLine(description, quantity, unit_price,
    taxes=(...), discount=None)`; line net, tax and gross amounts."""

    def test_tax_takes_name_rate_and_included(self) -> None:
        assert Tax("VAT", Rate.percent(19)).included is False
        assert Tax("VAT", Rate.percent(19), included=True).included is True
        assert Tax(name="VAT", rate=Rate.percent(7), included=False).rate == Rate.percent(7)

    def test_a_line_is_built_positionally_or_by_keyword(self) -> None:
        positional = InvoiceLine("Design", 3, eur("100.00"), (VAT,), Rate.percent(10))
        keywords = InvoiceLine(
            description="Design",
            quantity=3,
            unit_price=eur("100.00"),
            taxes=(VAT,),
            discount=Rate.percent(10),
        )
        assert positional == keywords
        assert InvoiceLine("Design", 3, eur("100.00")).discount is None
        assert InvoiceLine("Design", 3, eur("100.00")).taxes == ()

    def test_a_line_has_net_tax_and_gross(self) -> None:
        line = InvoiceLine("Design", 3, eur("100.00"), taxes=(VAT,), discount=Rate.percent(10))
        assert (line.net, line.tax, line.gross) == (eur("270.00"), eur("51.30"), eur("321.30"))

    def test_price_included_taxes_follow_domain_formulas(self) -> None:
        # tax = b − b/(1+r): 119.00 gross at 19% included is 100.00 net + 19.00 tax.
        line = InvoiceLine("Tickets", 1, eur("119.00"), taxes=(Tax("VAT", Rate.percent(19), True),))
        assert (line.net, line.tax, line.gross) == (eur("100.00"), eur("19.00"), eur("119.00"))


class TestInvoiceAmounts:
    """`Invoice(number, client_id, currency, issued_on, lines, terms, tax_rounding=...,
    rounding="half_up")`: `.subtotal`, `.tax_total`, `.total`, `.taxes_by_rate()`."""

    def test_an_invoice_is_built_as_the_issue_lists_its_parameters(self) -> None:
        lines = [InvoiceLine("Design", 3, eur("100.00"), taxes=(VAT,))]
        positional = Invoice("INV-1", "C-1", "EUR", date(2026, 1, 31), lines, PaymentTerms.net(30))
        keywords = Invoice(
            number="INV-1",
            client_id="C-1",
            currency="EUR",
            issued_on=date(2026, 1, 31),
            lines=lines,
            terms=PaymentTerms.net(30),
            tax_rounding="per_line",
            rounding="half_up",
        )
        assert positional == keywords
        assert positional.status is InvoiceStatus.DRAFT
        assert (positional.tax_rounding, positional.rounding) == ("per_line", "half_up")

    def test_lines_and_terms_are_required(self) -> None:
        signature = inspect.signature(Invoice)
        for name in ("lines", "terms"):
            assert signature.parameters[name].default is inspect.Parameter.empty, name
        with pytest.raises(TypeError, match="'terms'"):
            Invoice("INV-1", "C-1", "EUR", date(2026, 1, 31), [])  # type: ignore[call-arg]
        with pytest.raises(ValidationError, match="'terms'"):
            Invoice("INV-1", "C-1", "EUR", date(2026, 1, 31), [], None)  # type: ignore[arg-type]

    def test_subtotal_tax_total_total_and_taxes_by_rate(self) -> None:
        invoice = design_invoice()
        assert invoice.subtotal == eur("300.00")
        assert invoice.tax_total == eur("57.00")
        assert invoice.total == eur("357.00")
        assert dict(invoice.taxes_by_rate()) == {VAT: eur("57.00")}

    def test_per_line_and_global_tax_rounding_can_differ_and_both_add_up(self) -> None:
        reduced = Tax("VAT", Rate.percent(7))
        lines = [InvoiceLine(f"Sticker {i}", 1, eur("0.05"), taxes=(reduced,)) for i in range(3)]
        per_line = Invoice("INV-2", "C-1", "EUR", date(2026, 3, 2), lines, PaymentTerms.net(14))
        once = Invoice(
            "INV-2", "C-1", "EUR", date(2026, 3, 2), lines, PaymentTerms.net(14), "global"
        )
        assert (per_line.tax_total, once.tax_total) == (eur("0.00"), eur("0.01"))
        for invoice in (per_line, once):
            assert invoice.total == invoice.subtotal + invoice.tax_total
            shown = invoice.line_amounts()
            assert Money.sum((a.net for a in shown), "EUR") == invoice.subtotal
            assert Money.sum((a.tax for a in shown), "EUR") == invoice.tax_total
            assert Money.sum((a.gross for a in shown), "EUR") == invoice.total

    def test_amounts_are_rounded_to_the_currency(self) -> None:
        line = InvoiceLine("Display, CPM", "1234.5", Money("3.275", "EUR"), taxes=(VAT,))
        invoice = Invoice("INV-3", "C-1", "EUR", date(2026, 1, 31), [line], PaymentTerms.net(30))
        assert invoice.subtotal.is_rounded
        assert invoice.tax_total.is_rounded
        assert invoice.total.is_rounded

    def test_a_line_in_another_currency_is_refused(self) -> None:
        line = InvoiceLine("Design", 1, Money("100.00", "USD"))
        with pytest.raises(CurrencyMismatchError) as refused:
            Invoice("INV-4", "C-1", "EUR", date(2026, 1, 31), [line], PaymentTerms.net(30))
        assert isinstance(refused.value, AccountExecError)
        assert isinstance(refused.value, ValueError)

    def test_unknown_tax_rounding_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'tax_rounding'"):
            Invoice(
                "INV-5",
                "C-1",
                "EUR",
                date(2026, 1, 31),
                [],
                PaymentTerms.net(30),
                "per_invoice",  # type: ignore[arg-type]
            )


class TestPaymentTerms:
    """`PaymentTerms(lines=(TermLine(...), ...), roll=None | "following" | "modified_following",
    calendar=None)` with `TermLine(portion, due)`."""

    def test_term_lines_take_a_rate_a_money_or_the_balance(self) -> None:
        terms = PaymentTerms(
            lines=(
                TermLine(Rate.percent(30), CalendarDays(0)),
                TermLine(eur("100.00"), CalendarDays(30)),
                TermLine(Balance(), EndOfMonth(months=0, plus_days=30)),
            ),
            roll=None,
            calendar=None,
        )
        schedule = terms.schedule(eur("1000.00"), date(2026, 1, 15))
        assert [i.amount for i in schedule] == [eur("300.00"), eur("100.00"), eur("600.00")]
        assert TermLine(portion=Balance(), due=DayOfMonth(10, months=1)).portion == Balance()

    def test_percentages_must_sum_to_100_without_a_balance_line(self) -> None:
        with pytest.raises(ValidationError, match="'lines'"):
            PaymentTerms(
                lines=(
                    TermLine(Rate.percent(30), CalendarDays(0)),
                    TermLine(Rate.percent(60), CalendarDays(30)),
                )
            )

    def test_whatever_the_lines_the_last_installment_takes_the_balance(self) -> None:
        thirds = PaymentTerms(
            (TermLine(Rate("0.3333"), CalendarDays(0)),) * 2
            + (TermLine(Rate("0.3334"), CalendarDays(30)),)
        )
        schedule = thirds.schedule(eur("5.47"), date(2026, 1, 31))
        assert [i.amount for i in schedule] == [eur("1.82"), eur("1.82"), eur("1.83")]

    def test_presets(self) -> None:
        day = date(2026, 1, 31)
        assert PaymentTerms.net(30).schedule(eur("10.00"), day) == (
            Installment(pendulum.date(2026, 3, 2), eur("10.00")),
        )
        assert PaymentTerms.immediate().schedule(eur("10.00"), day)[0].due_on == day
        eom = PaymentTerms.end_of_month(plus_days=30).schedule(eur("10.00"), date(2026, 5, 11))
        assert eom[0].due_on == date(2026, 6, 30)
        monthly = PaymentTerms.installments(3, every=EndOfMonth(months=1))
        assert [i.due_on for i in monthly.schedule(eur("10.00"), day)] == [
            date(2026, 2, 28),
            date(2026, 3, 31),
            date(2026, 4, 30),
        ]

    def test_schedule_returns_installments_of_due_on_and_amount(self) -> None:
        (only,) = PaymentTerms.net(30).schedule(eur("357.00"), date(2026, 1, 31))
        assert isinstance(only, Installment)
        assert (only.due_on, only.amount) == (date(2026, 3, 2), eur("357.00"))
        assert isinstance(only.due_on, pendulum.Date)

    def test_no_due_date_before_issued_on(self) -> None:
        terms = PaymentTerms(lines=(TermLine(Balance(), DayOfMonth(10, months=0)),))
        (only,) = terms.schedule(eur("1.00"), date(2026, 1, 20))
        assert only.due_on == date(2026, 1, 20)

    def test_non_business_due_dates_are_rolled_when_roll_is_set(self) -> None:
        calendar = WorkCalendar()
        # 2026-01-30 + 30 days = Sunday 2026-03-01.
        plain = PaymentTerms.net(30).schedule(eur("1.00"), date(2026, 1, 30))
        rolled = PaymentTerms(
            lines=(TermLine(Balance(), CalendarDays(30)),), roll="following", calendar=calendar
        ).schedule(eur("1.00"), date(2026, 1, 30))
        assert (plain[0].due_on, rolled[0].due_on) == (date(2026, 3, 1), date(2026, 3, 2))
        modified = PaymentTerms(
            lines=(TermLine(Balance(), EndOfMonth(months=0)),),
            roll="modified_following",
            calendar=calendar,
        ).schedule(eur("1.00"), date(2026, 5, 4))
        assert modified[0].due_on == date(2026, 5, 29)  # Sunday 31 May stays in May

    @given(
        total=st.integers(0, 10**9).map(lambda n: Money(Decimal(n).scaleb(-2), "EUR")),
        n=st.integers(1, 12),
        issued_on=st.dates(date(2000, 1, 1), date(2090, 12, 31)),
    )
    def test_installments_sum_exactly_to_the_total(
        self, total: Money, n: int, issued_on: date
    ) -> None:
        schedule = PaymentTerms.installments(n).schedule(total, issued_on)
        assert Money.sum((i.amount for i in schedule), "EUR") == total
        assert all(i.amount.is_rounded and i.due_on >= issued_on for i in schedule)


class TestWorkedExamples:
    """Tests: the worked examples of DOMAIN.md, literally."""

    def test_5_47_in_three_equal_installments_is_1_82_1_82_1_83(self) -> None:
        schedule = PaymentTerms.installments(3).schedule(eur("5.47"), date(2026, 1, 31))
        assert [i.amount for i in schedule] == [eur("1.82"), eur("1.82"), eur("1.83")]

    def test_net_30_from_2026_01_31_is_due_2026_03_02(self) -> None:
        (only,) = PaymentTerms.net(30).schedule(eur("1.00"), date(2026, 1, 31))
        assert only.due_on == date(2026, 3, 2)

    @pytest.mark.parametrize(("year", "last_day"), [(2026, 28), (2028, 29)])
    def test_end_of_month_plus_one_month_from_31_january_is_end_of_february(
        self, year: int, last_day: int
    ) -> None:
        terms = PaymentTerms(lines=(TermLine(Balance(), EndOfMonth(months=1)),))
        (only,) = terms.schedule(eur("1.00"), date(year, 1, 31))
        assert only.due_on == date(year, 2, last_day)

    def test_30_days_end_of_month_from_11_may_is_30_june(self) -> None:
        terms = PaymentTerms(lines=(TermLine(Balance(), EndOfMonth(plus_days=30)),))
        (only,) = terms.schedule(eur("1.00"), date(2026, 5, 11))
        assert only.due_on == date(2026, 6, 30)
        preset = PaymentTerms.end_of_month(plus_days=30).schedule(eur("1.00"), date(2026, 5, 11))
        assert preset[0].due_on == date(2026, 6, 30)


class TestWorkflow:
    """draft → issued → (partially_paid → paid) | void; issued/partially_paid → written_off.
    `invoice.issue(at=...)` fixes the installment schedule; editing lines only in draft."""

    def test_issue_fixes_the_schedule(self) -> None:
        draft = design_invoice(PaymentTerms.installments(3))
        assert draft.installments == ()
        issued = draft.issue(at=AT)
        assert issued.status is InvoiceStatus.ISSUED
        assert Money.sum((i.amount for i in issued.installments), "EUR") == issued.total
        assert issued.history[-1].event == "issue"

    def test_issued_to_partially_paid_to_paid(self) -> None:
        issued = design_invoice().issue(at=AT)
        part = pay(issued, "100.00")
        assert part.status is InvoiceStatus.PARTIALLY_PAID
        assert pay(part, "257.00").status is InvoiceStatus.PAID
        assert pay(issued, "357.00").status is InvoiceStatus.PAID

    def test_void_and_written_off(self) -> None:
        issued = design_invoice().issue(at=AT)
        assert issued.void(at=AT).status is InvoiceStatus.VOID
        assert issued.write_off(at=AT, reason="bad debt").status is InvoiceStatus.WRITTEN_OFF
        gone = pay(issued, "1.00").write_off(at=AT, reason="bad debt")
        assert gone.status is InvoiceStatus.WRITTEN_OFF

    def test_a_paid_invoice_cannot_be_voided_with_the_facts_of_the_refusal(self) -> None:
        paid = pay(design_invoice().issue(at=AT), "357.00")
        with pytest.raises(InvalidTransitionError) as refused:
            paid.void(at=AT)
        assert refused.value.current == "paid"
        assert refused.value.event == "void"
        assert "void" not in refused.value.allowed
        assert "cannot 'void' invoice 'INV-1' in status 'paid'" in str(refused.value)

    def test_lines_are_edited_only_in_draft(self) -> None:
        draft = design_invoice()
        extra = InvoiceLine("Copy", 1, eur("50.00"))
        assert draft.add_line(extra).subtotal == eur("350.00")
        with pytest.raises(InvalidTransitionError) as refused:
            draft.issue(at=AT).add_line(extra)
        assert (refused.value.current, refused.value.event) == ("issued", "edit")

    def test_issuing_needs_an_aware_datetime(self) -> None:
        with pytest.raises(AccountExecError):
            design_invoice().issue(at=datetime(2026, 1, 31, 17))


class TestPayments:
    """`Payment(amount, received_on, reference)`: `invoice.apply_payment(payment, at=...)`
    allocates to installments oldest first; overpayment; other currencies; amount_due, paid,
    balance."""

    def test_payment_fields(self) -> None:
        payment = Payment(eur("10.00"), date(2026, 2, 1), "SEPA-1")
        assert payment == Payment(
            amount=eur("10.00"), received_on=date(2026, 2, 1), reference="SEPA-1"
        )
        assert isinstance(payment.received_on, pendulum.Date)

    def test_payments_go_to_the_oldest_installment_first(self) -> None:
        issued = design_invoice(PaymentTerms.installments(3)).issue(at=AT)
        first, second, third = issued.installments
        part = pay(issued, str(first.amount.amount + Decimal(1)))
        assert [i.amount for i in part.open_installments()] == [
            second.amount - eur("1.00"),
            third.amount,
        ]

    def test_amount_due_amount_paid_and_balance(self) -> None:
        issued = design_invoice(PaymentTerms.installments(3)).issue(at=AT)
        first_due = issued.installments[0].due_on
        assert issued.amount_due(as_of=first_due.subtract(days=1)) == eur("0.00")
        assert issued.amount_due(as_of=first_due) == issued.installments[0].amount
        assert issued.amount_due(as_of=date(2027, 1, 1)) == issued.total
        part = pay(issued, "100.00")
        assert part.amount_paid == eur("100.00")
        assert part.balance == eur("257.00")

    def test_paying_more_than_is_owed_raises_payment_error(self) -> None:
        issued = design_invoice().issue(at=AT)
        with pytest.raises(PaymentError):
            pay(issued, "400.00")
        assert issubclass(PaymentError, AccountExecError)

    def test_allow_overpayment_records_a_credit(self) -> None:
        over = pay(design_invoice().issue(at=AT), "400.00", allow_overpayment=True)
        assert over.status is InvoiceStatus.PAID
        assert over.balance == eur("-43.00")

    def test_a_payment_in_another_currency_needs_exchange_rates(self) -> None:
        issued = design_invoice().issue(at=AT)
        dollars = Payment(Money("386.44", "USD"), date(2026, 2, 10), "WIRE-1")
        with pytest.raises(PaymentError, match="rates"):
            issued.apply_payment(dollars, at=AT)
        rates = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=date(2026, 2, 10))
        paid = issued.apply_payment(dollars, at=AT, rates=rates)
        # 386.44 / 1.0825 = 356.988... -> 356.99: the one cent is booked as exchange difference.
        assert paid.status is InvoiceStatus.PAID
        assert paid.balance == eur("0.00")
        assert paid.exchange_difference == eur("0.01")

    @given(
        data=st.data(),
        parts=st.lists(st.integers(1, 1000), min_size=1, max_size=5),
    )
    def test_payments_covering_the_total_in_any_order_end_in_paid(
        self, data: st.DataObject, parts: list[int]
    ) -> None:
        issued = design_invoice(PaymentTerms.installments(3)).issue(at=AT)
        amounts = [a for a in issued.total.allocate(parts) if a.amount > 0]
        order = data.draw(st.permutations(amounts))
        invoice = issued
        for amount in order:
            invoice = pay(invoice, str(amount.amount))
            assert invoice.balance.amount >= 0
        assert invoice.status is InvoiceStatus.PAID


class TestCreditNotes:
    """`invoice.credit_note(number, lines=None, issued_on=...)`: full or partial, negative,
    references the invoice, cannot exceed what is left; applying it reduces the balance."""

    def test_a_full_credit_note_negates_the_invoice(self) -> None:
        issued = design_invoice().issue(at=AT)
        note = issued.credit_note("CN-1", issued_on=date(2026, 2, 2))
        assert isinstance(note, CreditNote)
        assert note.invoice_number == "INV-1"
        assert note.total == -issued.total
        credited = issued.apply_credit_note(note, at=AT)
        assert credited.balance == eur("0.00")
        assert credited.total + note.total == eur("0.00")

    def test_a_partial_credit_note_reduces_the_balance(self) -> None:
        issued = design_invoice().issue(at=AT)
        one = [InvoiceLine("Design", 1, eur("100.00"), taxes=(VAT,))]
        note = issued.credit_note("CN-1", lines=one, issued_on=date(2026, 2, 2))
        assert note.total == eur("-119.00")
        assert issued.apply_credit_note(note, at=AT).balance == eur("238.00")

    def test_a_credit_note_cannot_exceed_what_is_left_to_credit(self) -> None:
        issued = design_invoice().issue(at=AT)
        credited = issued.apply_credit_note(
            issued.credit_note("CN-1", issued_on=date(2026, 2, 2)), at=AT
        )
        with pytest.raises(AccountExecError):
            credited.credit_note(
                "CN-2", [InvoiceLine("Design", 1, eur("1.00"))], issued_on=date(2026, 2, 3)
            )


class TestOverdueAndAging:
    """`is_overdue(invoice, as_of=as_of)`, `days_overdue`, `aging(invoices, as_of=...,
    buckets=(0, 30, 60, 90))` -> `AgingReport`, per client and in total, mergeable with `+`."""

    def test_overdue_strictly_after_the_due_date(self) -> None:
        issued = design_invoice().issue(at=AT)  # due 2026-03-02
        assert not is_overdue(issued, as_of=date(2026, 3, 2))
        assert is_overdue(issued, as_of=date(2026, 3, 3))
        assert days_overdue(issued, as_of=date(2026, 3, 2)) == 0
        assert days_overdue(issued, as_of=date(2026, 4, 1)) == 30
        assert not is_overdue(pay(issued, "357.00"), as_of=date(2026, 4, 1))

    def test_a_datetime_as_of_is_refused(self) -> None:
        issued = design_invoice().issue(at=AT)
        with pytest.raises(ValidationError, match="'as_of'"):
            is_overdue(issued, as_of=pendulum.datetime(2026, 3, 3, tz="Pacific/Kiritimati"))

    def test_aging_buckets_per_installment_per_client_and_in_total(self) -> None:
        acme = design_invoice(PaymentTerms.installments(2)).issue(at=AT)  # 178.50 + 178.50
        other = Invoice(
            "INV-9",
            "C-2",
            "EUR",
            date(2026, 1, 31),
            [InvoiceLine("Fee", 1, eur("10.00"))],
            PaymentTerms.net(30),
        ).issue(at=AT)
        report = aging([acme, other], as_of=date(2026, 4, 15), buckets=(0, 30, 60, 90))
        assert isinstance(report, AgingReport)
        assert report.labels == ("current", "1-30", "31-60", "61-90", "over 90")
        # acme: due 2026-03-02 (44 days late) and 2026-04-01 (14 days late).
        (acme_row,) = report.for_client("C-1")
        assert acme_row.amounts == (
            eur("0.00"),
            eur("178.50"),
            eur("178.50"),
            eur("0.00"),
            eur("0.00"),
        )
        assert report.total("EUR") == (
            eur("0.00"),
            eur("178.50"),
            eur("188.50"),
            eur("0.00"),
            eur("0.00"),
        )

    def test_reports_merge_with_plus(self) -> None:
        a = design_invoice(number="INV-1").issue(at=AT)
        b = design_invoice(number="INV-2").issue(at=AT)
        day = date(2026, 4, 15)
        assert aging([a], as_of=day) + aging([b], as_of=day) == aging([a, b], as_of=day)

    def test_aging_is_importable_from_invoices(self) -> None:
        assert aging_from_invoices is aging
        assert AgingReportFromInvoices is AgingReport


class TestNumbering:
    """`InvoiceNumbering(prefix="INV-", width=6)`: pure `next_number(last)`."""

    def test_next_number(self) -> None:
        numbering = InvoiceNumbering(prefix="INV-", width=6)
        assert numbering.next_number(None) == "INV-000001"
        assert numbering.next_number("INV-000041") == "INV-000042"
        assert InvoiceNumbering().next_number(last_number="INV-000009") == "INV-000010"
        assert numbering.next_number("INV-000041") == numbering.next_number("INV-000041")


class TestExactness:
    """Hostile decimal context: the figures do not depend on the caller's context."""

    def test_the_figures_do_not_depend_on_the_callers_context(
        self, hostile_decimal_context: object
    ) -> None:
        issued = design_invoice(PaymentTerms.installments(3)).issue(at=AT)
        assert [i.amount for i in issued.installments] == [
            eur("119.00"),
            eur("119.00"),
            eur("119.00"),
        ]
        assert pay(issued, "357.00").status is InvoiceStatus.PAID
