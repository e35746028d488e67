"""Tests for accountexec.invoices: amounts, taxes, workflow, payments, credit notes, overdue."""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import itertools
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import accountexec
from accountexec.deadlines import CalendarDays
from accountexec.errors import (
    CurrencyMismatchError,
    InvalidTransitionError,
    PaymentError,
    ValidationError,
)
from accountexec.invoices import (
    INVOICE_WORKFLOW,
    AppliedPayment,
    Balance,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentTerms,
    Tax,
    TermLine,
    aging,
    days_overdue,
    is_overdue,
)
from accountexec.money import DECIMAL_CONTEXT, ExchangeRates, Money, Rate
from accountexec.strategies._invoices import invoice_lines, invoices
from accountexec.workflow import StatusChange, allowed_events

D = pendulum.date
VAT = Tax("VAT", Rate.percent(19))
VAT_IN = Tax("VAT", Rate.percent(19), included=True)
REDUCED = Tax("VAT", Rate.percent(7))


def at(day: int, month: int = 3, hour: int = 9) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, tz="Europe/Berlin")


def line(price: str, quantity: str | int = 1, *taxes: Tax, currency: str = "EUR") -> InvoiceLine:
    return InvoiceLine(
        description="Work", quantity=quantity, unit_price=Money(price, currency), taxes=taxes
    )


def draft(*lines: InvoiceLine, terms: PaymentTerms | None = None, **kw: object) -> Invoice:
    fields: dict[str, object] = {
        "number": "INV-000001",
        "client_id": "acme",
        "currency": "EUR",
        "issued_on": D(2026, 3, 2),
        "lines": lines,
        "terms": terms or PaymentTerms.net(30),
    }
    fields.update(kw)
    return Invoice(**fields)  # type: ignore[arg-type]


def pay(amount: str, currency: str = "EUR", ref: str = "SEPA-1") -> Payment:
    return Payment(amount=Money(amount, currency), received_on=D(2026, 3, 20), reference=ref)


def unit(invoice: Invoice) -> Decimal:
    return Decimal(1).scaleb(-invoice.currency.minor_units, DECIMAL_CONTEXT)


def assert_accounts(invoice: Invoice) -> None:
    parts = (
        invoice.amount_paid
        + invoice.amount_credited
        + invoice.balance
        + invoice.amount_written_off
        + invoice.amount_voided
    )
    assert parts == invoice.total
    if invoice.status is not InvoiceStatus.VOID:
        assert invoice.amount_voided.amount == 0
        four = invoice.amount_paid + invoice.amount_credited + invoice.balance
        assert four + invoice.amount_written_off == invoice.total


# ---------------------------------------------------------------------------------------- amounts


class TestLineAmounts:
    def test_tax_added_on_top_is_base_times_rate(self) -> None:
        item = line("150.00", 8, VAT)
        assert (item.net, item.tax, item.gross) == (
            Money("1200.00", "EUR"),
            Money("228.00", "EUR"),
            Money("1428.00", "EUR"),
        )

    def test_tax_included_in_the_price_is_base_minus_base_over_one_plus_rate(self) -> None:
        item = line("100.00", 1, VAT_IN)
        # 100 - 100/1.19 = 15.966... -> 15.97
        assert (item.net, item.tax, item.gross) == (
            Money("84.03", "EUR"),
            Money("15.97", "EUR"),
            Money("100.00", "EUR"),
        )

    def test_several_included_taxes_share_the_net(self) -> None:
        item = line(
            "110.00",
            1,
            Tax("A", Rate.percent(5), included=True),
            Tax("B", Rate.percent(5), included=True),
        )
        assert item.amounts().taxes == (
            (Tax("A", Rate.percent(5), included=True), Money("5.00", "EUR")),
            (Tax("B", Rate.percent(5), included=True), Money("5.00", "EUR")),
        )
        assert item.net == Money("100.00", "EUR")

    def test_the_discount_comes_off_before_tax(self) -> None:
        item = InvoiceLine(
            description="Hours",
            quantity="7.5",
            unit_price=Money("90.00", "EUR"),
            taxes=[VAT],
            discount=Rate.percent(10),
        )
        assert (item.net, item.tax) == (Money("607.50", "EUR"), Money("115.43", "EUR"))

    def test_sub_minor_unit_prices_are_rounded_on_the_line(self) -> None:
        item = line("0.0035", 1_234_567, currency="USD")
        assert item.net == Money("4320.98", "USD")

    def test_the_rounding_mode_is_explicit(self) -> None:
        item = line("0.25", 1, Tax("T", Rate.percent(10)))
        assert item.amounts("half_up").tax == Money("0.03", "EUR")
        assert item.amounts("half_even").tax == Money("0.02", "EUR")
        assert item.amounts("floor").tax == Money("0.02", "EUR")

    def test_a_line_without_taxes_has_no_tax(self) -> None:
        assert line("10.00").tax == Money("0.00", "EUR")


class TestLinesAreChecked:
    @pytest.mark.parametrize("quantity", [7.5, True, "seven", "NaN", "Infinity", "-1", None])
    def test_bad_quantities_are_refused(self, quantity: object) -> None:
        with pytest.raises(ValidationError, match="quantity"):
            line("10.00", quantity)  # type: ignore[arg-type]

    def test_quantities_keep_their_digits(self) -> None:
        assert line("10.00", "7.25").quantity == Decimal("7.25")

    @pytest.mark.parametrize("price", ["10.00", 10])
    def test_bad_unit_prices_are_refused(self, price: object) -> None:
        with pytest.raises(ValidationError, match="unit_price"):
            InvoiceLine(description="x", quantity=1, unit_price=price)  # type: ignore[arg-type]

    def test_taxes_are_all_included_or_all_added(self) -> None:
        with pytest.raises(ValidationError, match="all included"):
            line("10.00", 1, VAT, Tax("City", Rate.percent(2), included=True))

    def test_a_tax_appears_once_per_line(self) -> None:
        with pytest.raises(ValidationError, match="at most once"):
            line("10.00", 1, VAT, VAT)

    @pytest.mark.parametrize("taxes", [["VAT"], "VAT", 19])
    def test_taxes_are_tax_values(self, taxes: object) -> None:
        with pytest.raises(ValidationError):
            InvoiceLine(description="x", quantity=1, unit_price=Money("1.00", "EUR"), taxes=taxes)  # type: ignore[arg-type]

    @pytest.mark.parametrize("discount", [Rate("1.5"), Rate("-0.1"), Decimal("0.1"), "10%"])
    def test_discounts_are_rates_between_0_and_1(self, discount: object) -> None:
        with pytest.raises(ValidationError, match="discount"):
            InvoiceLine(
                description="x", quantity=1, unit_price=Money("1.00", "EUR"), discount=discount
            )  # type: ignore[arg-type]

    def test_a_description_is_required(self) -> None:
        with pytest.raises(ValidationError, match="description"):
            InvoiceLine(description=" ", quantity=1, unit_price=Money("1.00", "EUR"))

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"name": "", "rate": Rate("0.1")}, "name"),
            ({"name": "VAT", "rate": Rate("-0.1")}, "rate"),
            ({"name": "VAT", "rate": Decimal("0.1")}, "rate"),
            ({"name": "VAT", "rate": Rate("0.1"), "included": "yes"}, "included"),
        ],
    )
    def test_bad_taxes_are_refused(self, kwargs: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError, match=field):
            Tax(**kwargs)  # type: ignore[arg-type]


class TestInvoiceAmounts:
    def test_the_total_is_the_subtotal_plus_the_tax(self) -> None:
        invoice = draft(line("150.00", 8, VAT), line("20.00", 1, REDUCED))
        assert invoice.subtotal == Money("1220.00", "EUR")
        assert invoice.tax_total == Money("229.40", "EUR")
        assert invoice.total == Money("1449.40", "EUR")
        assert dict(invoice.taxes_by_rate()) == {
            VAT: Money("228.00", "EUR"),
            REDUCED: Money("1.40", "EUR"),
        }

    def test_per_line_and_global_rounding_can_differ_by_a_cent_a_line(self) -> None:
        stickers = [line("0.05", 1, REDUCED) for _ in range(3)]
        per_line = draft(*stickers)
        once = draft(*stickers, tax_rounding="global")
        assert per_line.tax_total == Money("0.00", "EUR")
        assert once.tax_total == Money("0.01", "EUR")
        assert [la.tax.amount for la in once.line_amounts()] == [
            Decimal("0.01"),
            Decimal("0.00"),
            Decimal("0.00"),
        ]
        assert once.total == Money("0.16", "EUR")

    def test_global_rounding_of_included_taxes_keeps_the_gross_prices(self) -> None:
        invoice = draft(*[line("1.00", 1, VAT_IN) for _ in range(3)], tax_rounding="global")
        # each 1 - 1/1.19 = 0.15966; three of them 0.47899 -> 0.48 shown as 0.16 + 0.16 + 0.16
        assert invoice.total == Money("3.00", "EUR")
        assert invoice.tax_total == Money("0.48", "EUR")
        assert [la.gross.amount for la in invoice.line_amounts()] == [Decimal("1.00")] * 3

    def test_a_zero_rate_tax_shows_zero_under_global_rounding(self) -> None:
        zero = Tax("Exempt", Rate(0))
        invoice = draft(line("10.00", 1, zero), tax_rounding="global")
        assert dict(invoice.taxes_by_rate()) == {zero: Money("0.00", "EUR")}

    def test_a_line_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="'USD'"):
            draft(line("10.00"), line("10.00", currency="USD"))

    def test_a_fixed_term_portion_in_another_currency_is_refused(self) -> None:
        terms = PaymentTerms(
            lines=[
                accountexec.invoices.TermLine(
                    Money("10.00", "USD"), accountexec.deadlines.CalendarDays(0)
                ),
                accountexec.invoices.TermLine(
                    accountexec.invoices.Balance(), accountexec.deadlines.CalendarDays(30)
                ),
            ]
        )
        with pytest.raises(CurrencyMismatchError, match="payment term"):
            draft(line("10.00"), terms=terms)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("number", ""),
            ("client_id", None),
            ("currency", "EURO"),
            ("issued_on", pendulum.datetime(2026, 3, 2, tz="UTC")),
            ("issued_on", "2026-03-02"),
            ("lines", "lines"),
            ("lines", ["a line"]),
            ("terms", "net 30"),
            ("tax_rounding", "per_invoice"),
            ("rounding", "bankers"),
            ("installments", ["x"]),
            ("payments", ["x"]),
            ("credit_notes", ["x"]),
        ],
    )
    def test_bad_fields_are_refused(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError):
            draft(line("1.00"), **{field: value})

    def test_amounts_do_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        invoice = draft(
            InvoiceLine(
                description="CPM",
                quantity="1234567.89",
                unit_price=Money("0.0035", "EUR"),
                taxes=[VAT_IN, Tax("City", Rate("0.0123"), included=True)],
                discount=Rate("0.0333"),
            ),
            line("123456.78", "3.33", VAT),
            tax_rounding="global",
        )
        assert invoice.total == invoice.subtotal + invoice.tax_total
        assert invoice.total == Money("493399.29", "EUR")

    @given(
        lines=st.lists(invoice_lines("EUR", max_taxes=3), min_size=1, max_size=6),
        tax_rounding=st.sampled_from(("per_line", "global")),
        rounding=st.sampled_from(("half_up", "half_even", "down", "ceiling")),
    )
    def test_what_the_invoice_shows_adds_up(
        self, lines: list[InvoiceLine], tax_rounding: str, rounding: str
    ) -> None:
        invoice = draft(*lines, tax_rounding=tax_rounding, rounding=rounding)
        shown = invoice.line_amounts()
        assert invoice.total == invoice.subtotal + invoice.tax_total
        assert Money.sum((la.net for la in shown), "EUR") == invoice.subtotal
        assert Money.sum((la.tax for la in shown), "EUR") == invoice.tax_total
        assert Money.sum((la.gross for la in shown), "EUR") == invoice.total
        assert Money.sum(invoice.taxes_by_rate().values(), "EUR") == invoice.tax_total
        for la in shown:
            assert la.net + la.tax == la.gross
            assert Money.sum((m for _, m in la.taxes), "EUR") == la.tax
            assert all(m.is_rounded for m in (la.net, la.tax, la.gross, la.base))

    @given(lines=st.lists(invoice_lines("EUR", max_taxes=2), min_size=1, max_size=6))
    def test_per_line_and_global_tax_differ_by_at_most_one_minor_unit_per_line_and_tax(
        self, lines: list[InvoiceLine]
    ) -> None:
        per_line = draft(*lines)
        once = draft(*lines, tax_rounding="global")
        pairs = sum(len(item.taxes) for item in lines)
        difference = abs(per_line.tax_total.amount - once.tax_total.amount)
        assert difference <= Decimal("0.01") * pairs
        for a, b in zip(per_line.line_amounts(), once.line_amounts(), strict=True):
            assert abs(a.tax.amount - b.tax.amount) <= Decimal("0.01") * max(1, len(a.taxes))


# --------------------------------------------------------------------------------------- workflow


class TestIssuing:
    def test_issuing_fixes_the_schedule_and_records_the_change(self) -> None:
        invoice = draft(line("5.47"), terms=PaymentTerms.installments(3), issued_on=D(2026, 5, 11))
        issued = invoice.issue(at=at(11, 5), by="ana", note="sent by email")
        assert issued.status is InvoiceStatus.ISSUED
        assert [i.amount.amount for i in issued.installments] == [
            Decimal("1.82"),
            Decimal("1.82"),
            Decimal("1.83"),
        ]
        assert issued.history == (
            StatusChange(
                event="issue",
                source="draft",
                target="issued",
                at=at(11, 5),
                by="ana",
                note="sent by email",
            ),
        )

    def test_the_schedule_uses_the_invoices_rounding(self) -> None:
        terms = PaymentTerms.installments(2)
        half_even = draft(line("0.05"), terms=terms, rounding="half_even").issue(at=at(2))
        assert [i.amount.amount for i in half_even.installments] == [
            Decimal("0.02"),
            Decimal("0.03"),
        ]

    def test_a_draft_without_lines_cannot_be_issued(self) -> None:
        with pytest.raises(InvalidTransitionError, match="it has no lines"):
            draft().issue(at=at(2))

    def test_a_zero_total_cannot_be_issued(self) -> None:
        with pytest.raises(InvalidTransitionError, match="positive total"):
            draft(line("0.00")).issue(at=at(2))

    def test_lines_are_edited_only_in_draft(self) -> None:
        invoice = draft(line("10.00")).add_line(line("5.00")).with_lines([line("7.00")])
        assert invoice.total == Money("7.00", "EUR")
        issued = invoice.issue(at=at(2))
        with pytest.raises(
            InvalidTransitionError, match="cannot 'edit' invoice 'INV-000001'"
        ) as err:
            issued.with_lines([line("1.00")])
        assert err.value.allowed == {"pay", "credit", "settle", "void", "write_off"}
        with pytest.raises(InvalidTransitionError):
            issued.add_line(line("1.00"))

    def test_the_workflow_is_the_one_the_issue_describes(self) -> None:
        rows = {(s.value, e, t.value) for s, e, t in INVOICE_WORKFLOW.rows}
        assert ("draft", "issue", "issued") in rows
        assert ("issued", "void", "void") in rows
        assert ("partially_paid", "settle", "paid") in rows
        assert ("partially_paid", "write_off", "written_off") in rows
        assert INVOICE_WORKFLOW.terminal == {InvoiceStatus.VOID, InvoiceStatus.WRITTEN_OFF}
        assert "issued --> void: void" in INVOICE_WORKFLOW.to_mermaid()

    def test_void_cancels_an_issued_invoice(self) -> None:
        void = draft(line("10.00")).issue(at=at(2)).void(at=at(3), note="wrong client")
        assert void.status is InvoiceStatus.VOID
        assert (void.balance, void.amount_voided) == (Money("0.00", "EUR"), Money("10.00", "EUR"))
        assert void.open_installments() == ()
        assert_accounts(void)

    def test_a_draft_cannot_be_voided_or_written_off(self) -> None:
        with pytest.raises(InvalidTransitionError, match="allowed events: 'issue'"):
            draft(line("10.00")).void(at=at(2))
        with pytest.raises(InvalidTransitionError):
            draft(line("10.00")).write_off(at=at(2), reason="bad debt")

    def test_write_off_gives_up_on_the_balance(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        partly = issued.apply_payment(pay("30.00"), at=at(20))
        gone = partly.write_off(at=at(30), reason="client insolvent")
        assert gone.status is InvoiceStatus.WRITTEN_OFF
        assert gone.amount_written_off == Money("70.00", "EUR")
        assert gone.balance == Money("0.00", "EUR")
        assert gone.history[-1].note == "client insolvent"
        assert_accounts(gone)

    @pytest.mark.parametrize("reason", ["", "  ", None, 7])
    def test_write_off_needs_a_reason(self, reason: object) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        with pytest.raises(ValidationError, match="'reason'"):
            issued.write_off(at=at(30), reason=reason)  # type: ignore[arg-type]

    def test_history_must_replay_to_the_status(self) -> None:
        issued = draft(line("10.00")).issue(at=at(2))
        with pytest.raises(ValidationError, match="status"):
            attrs.evolve(issued, status=InvoiceStatus.PAID)

    def test_a_draft_has_no_schedule_payments_or_credits(self) -> None:
        issued = draft(line("10.00")).issue(at=at(2))
        with pytest.raises(ValidationError, match="draft"):
            draft(line("10.00"), installments=issued.installments)

    def test_an_issued_invoice_has_installments_adding_up_to_its_total(self) -> None:
        issued = draft(line("10.00")).issue(at=at(2))
        with pytest.raises(ValidationError, match="installments"):
            attrs.evolve(issued, lines=[line("11.00")])
        with pytest.raises(ValidationError, match="installments"):
            attrs.evolve(issued, installments=())

    def test_the_invoice_number_is_its_id(self) -> None:
        assert draft(line("1.00")).id == "INV-000001"
        assert allowed_events(draft(line("1.00"))) == {"issue"}


# --------------------------------------------------------------------------------------- payments


class TestPayments:
    def test_payments_settle_installments_oldest_first(self) -> None:
        issued = draft(line("100.00"), terms=PaymentTerms.installments(3)).issue(at=at(2))
        partly = issued.apply_payment(pay("40.00"), at=at(20))
        assert partly.status is InvoiceStatus.PARTIALLY_PAID
        assert [(i.due_on, i.amount.amount) for i in partly.open_installments()] == [
            (D(2026, 5, 1), Decimal("26.66")),
            (D(2026, 5, 31), Decimal("33.34")),
        ]
        assert (partly.amount_paid, partly.balance) == (
            Money("40.00", "EUR"),
            Money("60.00", "EUR"),
        )
        paid = partly.apply_payment(pay("60.00", ref="SEPA-2"), at=at(21))
        assert paid.status is InvoiceStatus.PAID
        assert [c.event for c in paid.history] == ["issue", "pay", "settle"]
        assert [c.note for c in paid.history][1:] == ["SEPA-1", "SEPA-2"]
        assert_accounts(paid)

    def test_amount_due_counts_installments_due_on_or_before_the_date(self) -> None:
        issued = draft(line("100.00"), terms=PaymentTerms.installments(2)).issue(at=at(2))
        assert issued.amount_due(as_of=D(2026, 3, 31)) == Money("0.00", "EUR")
        assert issued.amount_due(as_of=D(2026, 4, 1)) == Money("50.00", "EUR")
        assert issued.amount_due(as_of=dt.date(2026, 5, 1)) == Money("100.00", "EUR")
        assert draft(line("1.00")).amount_due(as_of=D(2030, 1, 1)) == Money("0.00", "EUR")

    def test_paying_more_than_is_owed_is_refused(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        with pytest.raises(PaymentError, match="allow_overpayment=True"):
            issued.apply_payment(pay("100.01"), at=at(20))

    def test_an_allowed_overpayment_leaves_a_credit(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        over = issued.apply_payment(pay("120.00"), at=at(20), allow_overpayment=True)
        assert over.status is InvoiceStatus.PAID
        assert (over.balance, over.credit_balance) == (
            Money("-20.00", "EUR"),
            Money("20.00", "EUR"),
        )
        assert_accounts(over)

    def test_payments_only_go_to_issued_or_partly_paid_invoices(self) -> None:
        with pytest.raises(InvalidTransitionError, match="cannot 'pay' invoice"):
            draft(line("100.00")).apply_payment(pay("1.00"), at=at(20))
        paid = draft(line("1.00")).issue(at=at(2)).apply_payment(pay("1.00"), at=at(3))
        with pytest.raises(InvalidTransitionError, match="in status 'paid'"):
            paid.apply_payment(pay("1.00"), at=at(4), allow_overpayment=True)

    def test_a_payment_is_a_payment(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        with pytest.raises(ValidationError, match="payment"):
            issued.apply_payment(Money("1.00", "EUR"), at=at(20))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"amount": Money("0.00", "EUR")}, "amount"),
            ({"amount": Money("-5.00", "EUR")}, "amount"),
            ({"amount": Money("5.001", "EUR")}, "amount"),
            ({"received_on": pendulum.datetime(2026, 3, 20, tz="UTC")}, "received_on"),
            ({"reference": ""}, "reference"),
        ],
    )
    def test_bad_payments_are_refused(self, kwargs: dict[str, object], field: str) -> None:
        fields: dict[str, object] = {
            "amount": Money("5.00", "EUR"),
            "received_on": D(2026, 3, 20),
            "reference": "x",
        }
        fields.update(kwargs)
        with pytest.raises(ValidationError, match=field):
            Payment(**fields)  # type: ignore[arg-type]


class TestForeignCurrencyPayments:
    FX = ExchangeRates(
        base="EUR", rates={"USD": "1.0825", "JPY": "163.52"}, as_of=dt.date(2026, 3, 20)
    )

    def test_a_payment_in_another_currency_needs_rates(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        with pytest.raises(PaymentError, match="rates=ExchangeRates"):
            issued.apply_payment(pay("108.25", "USD"), at=at(20))

    def test_it_is_converted_with_the_rates(self) -> None:
        issued = draft(line("200.00")).issue(at=at(2))
        partly = issued.apply_payment(pay("108.25", "USD"), at=at(20), rates=self.FX)
        assert partly.payments[-1] == AppliedPayment(
            payment=pay("108.25", "USD"),
            received=Money("100.00", "EUR"),
            exchange_difference=Money("0.00", "EUR"),
        )
        assert partly.balance == Money("100.00", "EUR")

    def test_a_one_cent_shortfall_from_conversion_is_booked_as_exchange_difference(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        # 108.24 USD is 99.99 EUR at 1.0825
        paid = issued.apply_payment(pay("108.24", "USD"), at=at(20), rates=self.FX)
        assert paid.status is InvoiceStatus.PAID
        assert paid.balance == Money("0.00", "EUR")
        assert paid.exchange_difference == Money("0.01", "EUR")
        assert paid.payments[-1].received == Money("99.99", "EUR")
        assert_accounts(paid)

    def test_a_one_cent_excess_from_conversion_is_not_an_overpayment(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        paid = issued.apply_payment(pay("108.26", "USD"), at=at(20), rates=self.FX)
        assert paid.status is InvoiceStatus.PAID
        assert paid.exchange_difference == Money("-0.01", "EUR")
        assert paid.balance == Money("0.00", "EUR")

    def test_two_cents_short_stay_open(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        partly = issued.apply_payment(pay("108.23", "USD"), at=at(20), rates=self.FX)
        assert partly.status is InvoiceStatus.PARTIALLY_PAID
        assert partly.balance == Money("0.02", "EUR")

    def test_a_missing_rate_is_a_currency_mismatch(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        with pytest.raises(CurrencyMismatchError, match="'GBP'"):
            issued.apply_payment(pay("80.00", "GBP"), at=at(20), rates=self.FX)

    @given(amount=st.integers(1, 10**9).map(lambda n: Decimal(n).scaleb(-2)))
    def test_paying_the_converted_balance_always_closes_the_invoice(self, amount: Decimal) -> None:
        issued = draft(line(str(amount))).issue(at=at(2))
        for currency in ("USD", "JPY"):
            offered = self.FX.convert(issued.balance, currency)
            assume(offered.amount > 0)
            try:
                paid = issued.apply_payment(
                    Payment(amount=offered, received_on=D(2026, 3, 20), reference="FX"),
                    at=at(20),
                    rates=self.FX,
                )
            except PaymentError:
                # JPY has no cents: its rounding may overshoot the EUR balance by more than a cent.
                assert currency == "JPY"
                continue
            if currency == "USD":
                assert paid.status is InvoiceStatus.PAID
            assert_accounts(paid)


class TestPaymentProperties:
    @given(
        invoice=invoices(status="issued"),
        cuts=st.lists(st.integers(1, 10**6), min_size=1, max_size=4),
        order=st.randoms(use_true_random=False),
    )
    def test_payments_in_any_order_that_cover_the_total_end_in_paid(
        self, invoice: Invoice, cuts: list[int], order: object
    ) -> None:
        parts = invoice.total.allocate(cuts)
        parts = [p for p in parts if p.amount > 0]
        order.shuffle(parts)  # type: ignore[attr-defined]
        current = invoice
        for i, part in enumerate(parts):
            current = current.apply_payment(
                Payment(amount=part, received_on=D(2026, 3, 20), reference=f"P{i}"),
                at=current.history[-1].at,
            )
            assert current.status in {InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID}
            assert_accounts(current)
        assert current.status is InvoiceStatus.PAID
        assert current.balance.amount == 0
        assert current.open_installments() == ()

    @given(
        invoice=invoices(status="issued", currency="EUR"),
        amounts=st.lists(st.integers(1, 10**7), min_size=1, max_size=6),
    )
    def test_payments_never_make_the_balance_negative_without_overpayment(
        self, invoice: Invoice, amounts: list[int]
    ) -> None:
        current = invoice
        for i, cents in enumerate(amounts):
            payment = Payment(
                amount=Money(Decimal(cents).scaleb(-2), "EUR"),
                received_on=D(2026, 3, 20),
                reference=f"P{i}",
            )
            try:
                current = current.apply_payment(payment, at=current.history[-1].at)
            except PaymentError:
                assert payment.amount > current.balance
            except InvalidTransitionError:
                assert current.status is InvoiceStatus.PAID
            assert current.balance.amount >= 0
            assert_accounts(current)
            open_total = Money.sum((i.amount for i in current.open_installments()), "EUR")
            assert open_total == current.balance


# ----------------------------------------------------------------------------------- credit notes


class TestCreditNotes:
    def test_a_full_credit_note_is_the_invoice_negated(self) -> None:
        issued = draft(
            line("150.00", 8, VAT), line("0.05", 3, REDUCED), tax_rounding="global"
        ).issue(at=at(2))
        note = issued.credit_note("CN-000001", issued_on=D(2026, 3, 5))
        assert note.total == -issued.total
        assert note.subtotal == -issued.subtotal
        assert note.tax_total == -issued.tax_total
        assert dict(note.taxes_by_rate()) == {t: -m for t, m in issued.taxes_by_rate().items()}
        assert [la.gross for la in note.line_amounts()] == [
            -la.gross for la in issued.line_amounts()
        ]
        assert (note.invoice_number, note.client_id) == ("INV-000001", "acme")
        credited = issued.apply_credit_note(note, at=at(5))
        assert credited.status is InvoiceStatus.PAID
        assert credited.balance == Money("0.00", "EUR")
        assert credited.amount_credited == issued.total
        assert [c.event for c in credited.history] == ["issue", "settle"]
        assert_accounts(credited)

    def test_a_partial_credit_note_reduces_the_balance(self) -> None:
        issued = draft(line("150.00", 8, VAT), line("20.00", 1, VAT)).issue(at=at(2))
        note = issued.credit_note("CN-1", [line("150.00", 1, VAT)], issued_on=D(2026, 3, 3))
        assert note.total == Money("-178.50", "EUR")
        credited = issued.apply_credit_note(note, at=at(3))
        assert credited.status is InvoiceStatus.ISSUED
        assert credited.balance == Money("1273.30", "EUR")
        assert credited.left_to_credit == Money("1273.30", "EUR")

    def test_a_credit_note_cannot_exceed_what_is_left_to_credit(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        first = issued.apply_credit_note(
            issued.credit_note("CN-1", [line("60.00")], issued_on=D(2026, 3, 3)), at=at(3)
        )
        with pytest.raises(ValidationError, match="left to credit"):
            first.credit_note("CN-2", [line("40.01")], issued_on=D(2026, 3, 4))
        with pytest.raises(ValidationError, match="left to credit"):
            first.credit_note("CN-2", issued_on=D(2026, 3, 4))

    def test_crediting_a_paid_invoice_leaves_a_credit_for_the_client(self) -> None:
        paid = draft(line("100.00")).issue(at=at(2)).apply_payment(pay("100.00"), at=at(3))
        refund = paid.apply_credit_note(
            paid.credit_note("CN-1", [line("25.00")], issued_on=D(2026, 3, 4)), at=at(4)
        )
        assert refund.status is InvoiceStatus.PAID
        assert refund.credit_balance == Money("25.00", "EUR")
        assert refund.history[-1].event == "credit"
        assert_accounts(refund)

    def test_an_invoice_with_credit_notes_cannot_be_voided(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        credited = issued.apply_credit_note(
            issued.credit_note("CN-1", [line("10.00")], issued_on=D(2026, 3, 3)), at=at(3)
        )
        with pytest.raises(InvalidTransitionError, match="credit notes were applied"):
            credited.void(at=at(4))

    def test_credit_notes_are_checked_against_their_invoice(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        note = issued.credit_note("CN-1", [line("10.00")], issued_on=D(2026, 3, 3))
        credited = issued.apply_credit_note(note, at=at(3))
        with pytest.raises(ValidationError, match="not applied yet"):
            credited.apply_credit_note(note, at=at(4))
        other = attrs.evolve(note, invoice_number="INV-000002")
        with pytest.raises(ValidationError, match="credit note of invoice"):
            issued.apply_credit_note(other, at=at(4))
        with pytest.raises(CurrencyMismatchError):
            issued.apply_credit_note(
                attrs.evolve(note, currency="USD", lines=[line("1.00", currency="USD")]), at=at(4)
            )
        with pytest.raises(ValidationError, match="not before"):
            issued.credit_note("CN-1", issued_on=D(2026, 3, 1))
        with pytest.raises(ValidationError, match="CreditNote"):
            issued.apply_credit_note("CN-1", at=at(4))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="lines"):
            CreditNote(
                number="CN-9",
                invoice_number="INV-000001",
                client_id="acme",
                currency="EUR",
                issued_on=D(2026, 3, 3),
                lines=[],
            )

    def test_drafts_void_and_written_off_invoices_are_not_credited(self) -> None:
        with pytest.raises(InvalidTransitionError, match="cannot 'credit'"):
            draft(line("1.00")).credit_note("CN-1", issued_on=D(2026, 3, 3))
        issued = draft(line("1.00")).issue(at=at(2))
        note = issued.credit_note("CN-1", issued_on=D(2026, 3, 3))
        with pytest.raises(InvalidTransitionError, match="cannot 'credit'"):
            issued.void(at=at(3)).apply_credit_note(note, at=at(4))

    def test_an_invoice_state_refuses_foreign_or_duplicate_credit_notes(self) -> None:
        issued = draft(line("100.00")).issue(at=at(2))
        note = issued.credit_note("CN-1", [line("10.00")], issued_on=D(2026, 3, 3))
        with pytest.raises(ValidationError, match="each credit note applied once"):
            attrs.evolve(issued, credit_notes=[note, note])
        with pytest.raises(ValidationError, match="credit notes of invoice"):
            attrs.evolve(issued, credit_notes=[attrs.evolve(note, invoice_number="X")])
        record = AppliedPayment(
            payment=pay("1.00", "USD"),
            received=Money("1.00", "USD"),
            exchange_difference=Money("0.00", "USD"),
        )
        with pytest.raises(ValidationError, match="payments recorded in 'EUR'"):
            attrs.evolve(issued, payments=[record])

    @given(invoice=invoices(status="issued"), data=st.data())
    def test_credit_notes_of_all_the_lines_net_to_zero(
        self, invoice: Invoice, data: st.DataObject
    ) -> None:
        if invoice.tax_rounding == "per_line":
            groups = data.draw(st.integers(1, len(invoice.lines)))
            chunks = [invoice.lines[i::groups] for i in range(groups)]
        else:
            chunks = [invoice.lines]
        current = invoice
        for k, chunk in enumerate(chunks):
            note = current.credit_note(f"CN-{k}", chunk, issued_on=invoice.issued_on)
            current = current.apply_credit_note(note, at=current.history[-1].at)
            assert_accounts(current)
        total_credit = Money.sum((n.total for n in current.credit_notes), invoice.currency)
        assert invoice.total + total_credit == Money.zero(invoice.currency)
        assert current.status is InvoiceStatus.PAID
        assert current.balance.amount == 0


# ------------------------------------------------------------------------------------------ overdue


class TestOverdue:
    def invoice(self) -> Invoice:
        return draft(line("100.00"), issued_on=D(2026, 1, 31)).issue(at=at(31, 1))

    def test_an_installment_is_overdue_the_day_after_it_is_due(self) -> None:
        issued = self.invoice()
        assert not is_overdue(issued, as_of=D(2026, 3, 2))
        assert is_overdue(issued, as_of=D(2026, 3, 3))
        assert days_overdue(issued, as_of=D(2026, 3, 2)) == 0
        assert days_overdue(issued, as_of=dt.date(2026, 3, 3)) == 1

    def test_as_of_is_a_date_never_a_datetime(self) -> None:
        # 23:30 in New York on 2 March is already 3 March in UTC: a datetime would be ambiguous.
        late_evening = pendulum.datetime(2026, 3, 2, 23, 30, tz="America/New_York")
        with pytest.raises(ValidationError, match="as_of"):
            is_overdue(self.invoice(), as_of=late_evening)
        with pytest.raises(ValidationError, match="as_of"):
            self.invoice().amount_due(as_of=late_evening)

    def test_paid_void_and_draft_invoices_are_never_overdue(self) -> None:
        issued = self.invoice()
        paid = issued.apply_payment(pay("100.00"), at=at(1))
        assert not is_overdue(paid, as_of=D(2030, 1, 1))
        assert not is_overdue(issued.void(at=at(1)), as_of=D(2030, 1, 1))
        assert not is_overdue(draft(line("1.00")), as_of=D(2030, 1, 1))

    def test_a_paid_first_installment_is_not_overdue(self) -> None:
        issued = draft(line("100.00"), terms=PaymentTerms.installments(2)).issue(at=at(2))
        partly = issued.apply_payment(pay("50.00"), at=at(20))
        assert not is_overdue(partly, as_of=D(2026, 4, 20))
        assert is_overdue(partly, as_of=D(2026, 5, 2))
        assert days_overdue(partly, as_of=D(2026, 5, 11)) == 10

    def test_days_overdue_counts_from_the_oldest_unpaid_installment(self) -> None:
        issued = draft(line("100.00"), terms=PaymentTerms.installments(2)).issue(at=at(2))
        assert days_overdue(issued, as_of=D(2026, 5, 11)) == 40

    def test_only_invoices_are_aged(self) -> None:
        with pytest.raises(ValidationError, match="invoice"):
            is_overdue("INV-1", as_of=D(2026, 1, 1))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------- state machine


class InvoiceLifeCycle(RuleBasedStateMachine):
    """Issue, pay, credit, void and write off at random: the accounts always balance."""

    def __init__(self) -> None:
        super().__init__()
        self.invoice: Invoice
        self.clock = 0
        self.overpaid = False
        self.notes = 0

    def now(self) -> pendulum.DateTime:
        self.clock += 1
        return pendulum.datetime(2026, 3, 2, tz="UTC").add(hours=self.clock)

    @initialize(invoice=invoices(status="draft"))
    def start(self, invoice: Invoice) -> None:
        self.invoice = invoice

    @precondition(lambda self: self.invoice.status is InvoiceStatus.DRAFT)
    @rule()
    def issue(self) -> None:
        self.invoice = self.invoice.issue(at=self.now())

    @precondition(
        lambda self: self.invoice.status in {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID}
    )
    @rule(share=st.integers(1, 100), overpay=st.booleans())
    def pay(self, share: int, overpay: bool) -> None:
        balance = self.invoice.balance
        amount = (balance * Rate.percent(share)).round("up") if not overpay else balance * 2
        if amount.amount <= 0:
            return
        payment = Payment(amount=amount, received_on=self.invoice.issued_on, reference="P")
        if amount > balance and not overpay:
            raise AssertionError("a share of the balance never exceeds it")
        if overpay:
            with pytest.raises(PaymentError):
                self.invoice.apply_payment(payment, at=self.now())
            self.invoice = self.invoice.apply_payment(
                payment, at=self.now(), allow_overpayment=True
            )
            self.overpaid = True
        else:
            self.invoice = self.invoice.apply_payment(payment, at=self.now())

    @precondition(
        lambda self: (
            self.invoice.status
            in {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID}
        )
    )
    @rule(data=st.data())
    def credit(self, data: st.DataObject) -> None:
        lines = data.draw(st.lists(st.sampled_from(self.invoice.lines), min_size=1, max_size=2))
        self.notes += 1
        try:
            note = self.invoice.credit_note(
                f"CN-{self.notes}", lines, issued_on=self.invoice.issued_on
            )
        except ValidationError:
            note = None
        if note is None:
            return
        self.invoice = self.invoice.apply_credit_note(note, at=self.now())

    @rule()
    def void(self) -> None:
        if INVOICE_WORKFLOW.can_apply(self.invoice, "void"):
            self.invoice = self.invoice.void(at=self.now())
        else:
            with pytest.raises(InvalidTransitionError):
                self.invoice.void(at=self.now())

    @precondition(
        lambda self: self.invoice.status in {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID}
    )
    @rule()
    def write_off(self) -> None:
        self.invoice = self.invoice.write_off(at=self.now(), reason="bad debt")

    @invariant()
    def accounts_balance(self) -> None:
        assert_accounts(self.invoice)

    @invariant()
    def the_balance_is_negative_only_after_an_overpayment_or_a_credit_after_payment(self) -> None:
        if self.invoice.balance.amount < 0:
            assert self.overpaid or self.invoice.credit_notes
        assert self.invoice.amount_credited <= self.invoice.total

    @invariant()
    def open_installments_add_up_to_the_open_balance(self) -> None:
        open_total = Money.sum(
            (i.amount for i in self.invoice.open_installments()), self.invoice.currency
        )
        if self.invoice.status in {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID}:
            assert open_total == self.invoice.balance
            assert self.invoice.balance.amount > 0
        else:
            assert open_total.amount == 0

    @invariant()
    def the_history_replays_to_the_status(self) -> None:
        assert INVOICE_WORKFLOW.replay(self.invoice.history) is self.invoice.status


TestInvoiceLifeCycle = InvoiceLifeCycle.TestCase


class TestUnderAHostileDecimalContext:
    def test_issue_pay_credit_and_age_do_not_depend_on_the_callers_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=dt.date(2026, 3, 20))
        issued = draft(
            line("1234.5678", "3.333", VAT),
            line("0.05", 7, REDUCED),
            terms=PaymentTerms.installments(3),
            tax_rounding="global",
        ).issue(at=at(2))
        assert issued.total == Money("4896.99", "EUR")
        partly = issued.apply_payment(pay("1000.01", "USD"), at=at(20), rates=fx)
        note = partly.credit_note("CN-1", [line("0.05", 7, REDUCED)], issued_on=D(2026, 3, 21))
        credited = partly.apply_credit_note(note, at=at(21))
        assert_accounts(credited)
        report = accountexec.invoices.aging([credited], as_of=D(2026, 6, 1))
        assert (
            report.total("EUR")[-1] + sum(report.total("EUR")[:-1], Money.zero("EUR"))
            == credited.balance
        )


# ----------------------------------------------------------------------------------- combinatorics


def test_every_way_to_split_a_payment_between_installments_ends_in_paid() -> None:
    issued = draft(line("5.47"), terms=PaymentTerms.installments(3)).issue(at=at(2))
    parts = [Money("1.00", "EUR"), Money("2.00", "EUR"), Money("2.47", "EUR")]
    for order in itertools.permutations(parts):
        current = issued
        for i, part in enumerate(order):
            current = current.apply_payment(
                Payment(amount=part, received_on=D(2026, 3, 20), reference=f"P{i}"), at=at(3)
            )
        assert current.status is InvoiceStatus.PAID


class TestStrategies:
    @given(
        invoice=st.from_type(Invoice),
        terms=st.from_type(PaymentTerms),
        payment=st.from_type(Payment),
        tax=st.from_type(Tax),
        item=st.from_type(InvoiceLine),
    )
    def test_every_invoice_type_has_a_registered_strategy(
        self, invoice: Invoice, terms: PaymentTerms, payment: Payment, tax: Tax, item: InvoiceLine
    ) -> None:
        assert_accounts(invoice)
        assert terms.schedule(invoice.total, invoice.issued_on)
        assert payment.amount.amount > 0
        assert tax.rate.value >= 0
        assert item.quantity > 0

    @pytest.mark.parametrize("status", list(InvoiceStatus))
    def test_invoices_can_be_asked_for_in_a_status(self, status: InvoiceStatus) -> None:
        @given(invoices(status=status))
        def check(invoice: Invoice) -> None:
            assert invoice.status is status
            assert INVOICE_WORKFLOW.replay(invoice.history) is status

        check()


class TestTheDocumentedSpellings:
    def test_invoices_lines_taxes_payments_and_terms_are_built_positionally(self) -> None:
        vat = Tax("VAT", Rate.percent(19), True)
        assert vat == Tax(name="VAT", rate=Rate.percent(19), included=True)
        fee = InvoiceLine("Fee", 2, Money("10.00", "EUR"), [vat], Rate.percent(10))
        assert fee == InvoiceLine(
            description="Fee",
            quantity=2,
            unit_price=Money("10.00", "EUR"),
            taxes=(vat,),
            discount=Rate.percent(10),
        )
        terms = PaymentTerms([TermLine(Balance(), CalendarDays(30))])
        assert terms == PaymentTerms.net(30)
        invoice = Invoice("INV-1", "acme", "EUR", dt.date(2026, 3, 2), [fee], terms, "global")
        assert invoice == draft(fee, terms=terms, number="INV-1", tax_rounding="global")
        payment = Payment(Money("1.00", "EUR"), dt.date(2026, 3, 3), "SEPA-1")
        assert payment.received_on == pendulum.date(2026, 3, 3)

    def test_lines_and_terms_have_no_default_and_statuses_are_known(self) -> None:
        signature = inspect.signature(Invoice)
        assert signature.parameters["lines"].default is inspect.Parameter.empty
        assert signature.parameters["terms"].default is inspect.Parameter.empty
        with pytest.raises(TypeError, match="'lines'"):
            Invoice("INV-1", "acme", "EUR", dt.date(2026, 3, 2))  # type: ignore[call-arg]
        with pytest.raises(ValidationError, match="'terms'"):
            Invoice("INV-1", "acme", "EUR", dt.date(2026, 3, 2), [], None)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'status'"):
            attrs.evolve(draft(line("1.00")), status="lost")

    def test_aging_takes_a_collection_of_invoices(self) -> None:
        with pytest.raises(ValidationError, match="'invoices'"):
            aging(5, as_of=dt.date(2026, 3, 2))  # type: ignore[arg-type]
