"""The invoice's life cycle as a fold of events: what each event carries equals a full rebuild."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoices import Invoice, InvoiceLine, InvoiceStatus, Payment, PaymentTerms, Tax
from accountexec.money import Money, Rate
from accountexec.strategies import invoices
from accountexec.workflow import workflow_of

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Berlin")


def rebuilt(invoice: Invoice) -> Invoice:
    """The same fields through the public, validating constructor (amounts recomputed)."""
    fields = {a.alias: getattr(invoice, a.name) for a in attrs.fields(Invoice) if a.init}
    return Invoice(**fields)


def same_figures(a: Invoice, b: Invoice) -> None:
    assert a == b
    assert (a.subtotal, a.tax_total, a.total) == (b.subtotal, b.tax_total, b.total)
    assert a.line_amounts() == b.line_amounts()
    assert dict(a.taxes_by_rate()) == dict(b.taxes_by_rate())
    assert (a.amount_paid, a.amount_credited, a.balance) == (
        b.amount_paid,
        b.amount_credited,
        b.balance,
    )
    assert a.open_installments() == b.open_installments()


class TestEveryEventEqualsAFullRebuild:
    @given(invoices())
    def test_any_invoice_reached_by_events(self, invoice: Invoice) -> None:
        same_figures(invoice, rebuilt(invoice))

    @given(invoices(InvoiceStatus.ISSUED), st.lists(st.integers(1, 40), min_size=1, max_size=6))
    def test_a_run_of_payments(self, invoice: Invoice, percents: list[int]) -> None:
        current = invoice
        for i, percent in enumerate(percents):
            if current.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID):
                break
            amount = (current.balance * Rate.percent(percent)).round()
            if amount.amount <= 0:
                break
            payment = Payment(amount, pendulum.date(2030, 12, 1), f"P-{i}")
            current = current.apply_payment(payment, at=current.history[-1].at)
            same_figures(current, rebuilt(current))
        assert current.total == current.amount_paid + current.balance

    @given(invoices(InvoiceStatus.ISSUED))
    def test_credit_then_write_off(self, invoice: Invoice) -> None:
        note = invoice.credit_note("CN-1", invoice.lines[:1], issued_on=invoice.issued_on)
        credited = invoice.apply_credit_note(note, at=invoice.history[-1].at)
        same_figures(credited, rebuilt(credited))
        if credited.status is not InvoiceStatus.PAID:
            gone = credited.write_off(at=credited.history[-1].at, reason="uncollectable")
            same_figures(gone, rebuilt(gone))


class TestPinnedLifeCycle:
    def test_issue_pay_settle(self) -> None:
        vat = Tax("VAT", Rate.percent(19))
        draft = Invoice(
            "INV-1", "acme", "EUR", pendulum.date(2026, 3, 2),
            [InvoiceLine(f"Item {k}", k + 1, Money("10.00", "EUR"), [vat]) for k in range(5)],
            PaymentTerms.installments(3),
        )  # fmt: skip
        issued = draft.issue(at=AT)
        assert [i.amount for i in issued.installments] == [
            Money("59.50", "EUR"), Money("59.50", "EUR"), Money("59.50", "EUR"),
        ]  # fmt: skip
        first = issued.apply_payment(Payment(Money("100.00", "EUR"), AT.date(), "P-1"), at=AT)
        assert (first.status, first.amount_paid, first.balance) == (
            InvoiceStatus.PARTIALLY_PAID, Money("100.00", "EUR"), Money("78.50", "EUR"),
        )  # fmt: skip
        paid = first.apply_payment(Payment(Money("78.50", "EUR"), AT.date(), "P-2"), at=AT)
        assert paid.status is InvoiceStatus.PAID
        assert [c.event for c in paid.history] == ["issue", "pay", "settle"]
        same_figures(paid, rebuilt(paid))

    def test_the_workflow_reports_the_changes_without_building(self) -> None:
        draft = Invoice(
            "INV-2", "acme", "EUR", pendulum.date(2026, 3, 2),
            [InvoiceLine("Fee", 1, Money("10.00", "EUR"))], PaymentTerms.net(30),
        )  # fmt: skip
        updates = workflow_of(draft).changes(draft, "issue", at=AT, by="ana")
        assert sorted(updates) == ["history", "installments", "status"]
        assert updates["status"] is InvoiceStatus.ISSUED
        assert updates["history"][-1].by == "ana"
        assert draft.status is InvoiceStatus.DRAFT

    def test_the_author_and_note_of_a_change_are_still_checked(self) -> None:
        draft = Invoice(
            "INV-3", "acme", "EUR", pendulum.date(2026, 3, 2),
            [InvoiceLine("Fee", 1, Money("10.00", "EUR"))], PaymentTerms.net(30),
        )  # fmt: skip
        with pytest.raises(ValidationError, match="'by'"):
            draft.issue(at=AT, by=7)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'note'"):
            draft.issue(at=AT, note=42)  # type: ignore[arg-type]


class TestAddingLinesToADraft:
    @given(invoices(InvoiceStatus.DRAFT), st.sampled_from(["per_line", "global"]))
    def test_each_added_line_gives_the_invoice_of_all_lines(
        self, draft: Invoice, tax_rounding: str
    ) -> None:
        start = attrs.evolve(draft, lines=(), tax_rounding=tax_rounding)
        current = start
        for line in draft.lines:
            current = current.add_line(line)
            same_figures(current, rebuilt(current))
        assert current.lines == draft.lines

    def test_a_line_in_another_currency_is_refused(self) -> None:
        draft = Invoice(
            "INV-4", "acme", "EUR", pendulum.date(2026, 3, 2),
            [InvoiceLine("Fee", 1, Money("10.00", "EUR"))], PaymentTerms.net(30),
        )  # fmt: skip
        with pytest.raises(CurrencyMismatchError):
            draft.add_line(InvoiceLine("Fee", 1, Money("10.00", "USD")))
        with pytest.raises(ValidationError, match="'lines'"):
            draft.add_line("Fee")  # type: ignore[arg-type]
