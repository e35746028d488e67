"""Tests for accountexec.ledger: a client's account, its statements and its unapplied credit."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.accounts import Account, AccountTeam, Client
from accountexec.errors import CurrencyMismatchError, PaymentError, ValidationError
from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms, Tax
from accountexec.ledger import ClientLedger, LedgerFigures, StatementLine, StatementOfAccount
from accountexec.money import ExchangeRates, Money, Rate
from accountexec.payment_terms import EarlyDiscount
from accountexec.receivables import aging
from accountexec.reports import ClientReport
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import client_ledgers

VAT = Tax("VAT", Rate.percent(19))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def day(m: int, d: int) -> pendulum.Date:
    return pendulum.date(2026, m, d)


def at(m: int, d: int, hour: int = 9) -> pendulum.DateTime:
    return pendulum.datetime(2026, m, d, hour, tz="UTC")


def invoice(number: str, amount: str, issued: pendulum.Date, client: str = "acme") -> Invoice:
    return Invoice(
        number,
        client,
        "EUR",
        issued,
        [InvoiceLine("Fee", 1, eur(amount))],
        PaymentTerms.net(30),
    ).issue(at=at(issued.month, issued.day))


def march() -> ClientLedger:
    """A month of documents: the figures the guide walks through."""
    ledger = ClientLedger("acme", "EUR")
    ledger = ledger.add_invoice(invoice("INV-1", "1000.00", day(2, 20)))
    ledger = ledger.add_invoice(invoice("INV-2", "400.00", day(3, 2)))
    ledger = ledger.receive(
        Payment(eur("1000.00"), day(3, 5), "SEPA-1"), invoice="INV-1", at=at(3, 5)
    )
    ledger = ledger.receive(
        Payment(eur("500.00"), day(3, 12), "SEPA-2"), invoice="INV-2", at=at(3, 12)
    )
    ledger = ledger.add_invoice(invoice("INV-3", "250.00", day(3, 16)))
    ledger = ledger.apply_credit("INV-3", eur("100.00"), on=day(3, 16))
    inv3 = ledger.invoice("INV-3")
    note = inv3.credit_note("CN-1", [InvoiceLine("Fee", 1, eur("50.00"))], issued_on=day(3, 20))
    return ledger.credit(note, at=at(3, 20))


class TestAStatementOfAccount:
    def test_the_month_reads_opening_each_document_and_closing(self):
        statement = march().statement(day(3, 1), day(3, 31))
        assert statement.opening_balance == eur("1000.00")
        rows = [(s.on.day, s.kind, s.reference, s.amount, s.balance) for s in statement.lines]
        assert rows == [
            (2, "invoice", "INV-2", eur("400.00"), eur("1400.00")),
            (5, "payment", "SEPA-1", eur("-1000.00"), eur("400.00")),
            (12, "payment", "SEPA-2", eur("-500.00"), eur("-100.00")),
            (16, "invoice", "INV-3", eur("250.00"), eur("150.00")),
            (20, "credit note", "CN-1", eur("-50.00"), eur("100.00")),
        ]
        assert statement.closing_balance == eur("100.00")

    def test_the_applied_credit_moves_credit_and_is_no_payment(self):
        ledger = march()
        figures = ledger.figures(day(3, 31))
        assert figures.paid == eur("1500.00")
        assert figures.unapplied_credit == eur("0.00")
        assert figures.open_balance == eur("100.00")
        assert ledger.invoice("INV-3").balance == eur("100.00")

    def test_the_text_in_british_and_german(self):
        statement = march().statement(day(3, 1), day(3, 31))
        en = statement.to_text("en_GB")
        de = statement.to_text("de_DE")
        assert "Opening balance: €1,000.00" in en
        row = next(line for line in en.splitlines() if "SEPA-2" in line)
        assert row.split() == ["12/03/2026", "payment", "SEPA-2", "-€500.00", "-€100.00"]
        assert "1.000,00\xa0€" in de
        assert "Closing balance: 100,00\xa0€" in de

    def test_statements_of_consecutive_months_chain(self):
        ledger = march()
        feb = ledger.statement(day(2, 1), day(2, 28))
        mar = ledger.statement(day(3, 1), day(3, 31))
        assert feb.closing_balance == mar.opening_balance == eur("1000.00")

    def test_a_statement_that_does_not_add_up_is_refused(self):
        line = StatementLine(
            on=day(3, 2),
            kind="invoice",
            reference="INV-1",
            amount=eur("10.00"),
            balance=eur("10.00"),
        )
        with pytest.raises(ValidationError, match="closing_balance"):
            StatementOfAccount(
                client_id="acme",
                currency="EUR",
                start=day(3, 1),
                end=day(3, 31),
                opening_balance=eur("0.00"),
                lines=[line],
                closing_balance=eur("11.00"),
            )
        with pytest.raises(ValidationError, match="'end'"):
            march().statement(day(3, 31), day(3, 1))

    def test_figures_that_lose_a_cent_are_refused(self):
        zero = eur("0.00")
        with pytest.raises(ValidationError, match="unapplied_credit"):
            LedgerFigures(
                invoiced=eur("1.00"),
                paid=zero,
                credited=zero,
                written_off=zero,
                refunded=zero,
                open_balance=zero,
                unapplied_credit=zero,
            )


class TestUnappliedCredit:
    def overpaid(self) -> ClientLedger:
        ledger = ClientLedger("acme", "EUR").add_invoice(invoice("INV-1", "400.00", day(3, 2)))
        return ledger.receive(
            Payment(eur("500.00"), day(3, 9), "SEPA-1"), invoice="INV-1", at=at(3, 9)
        )

    def test_an_overpayment_is_credit_the_client_holds(self):
        ledger = self.overpaid()
        assert ledger.unapplied_credit(day(3, 8)) == eur("0.00")
        assert ledger.unapplied_credit(day(3, 9)) == eur("100.00")
        assert ledger.balance(day(3, 9)) == eur("-100.00")

    def test_it_shows_in_the_aging_as_a_negative_column(self):
        report = self.overpaid().aging(day(3, 31))
        (row,) = report.rows
        assert row.unapplied == eur("-100.00")
        assert row.total == eur("-100.00")
        assert report.to_records()[0]["unapplied"] == eur("-100.00").amount

    def test_a_refund_pays_it_back_and_never_more(self):
        ledger = self.overpaid()
        with pytest.raises(PaymentError, match="exceeds the unapplied credit"):
            ledger.refund(eur("100.01"), on=day(3, 20))
        with pytest.raises(PaymentError, match="exceeds the unapplied credit"):
            ledger.refund(eur("10.00"), on=day(3, 8))  # before the credit existed
        refunded = ledger.refund(eur("100.00"), on=day(3, 20), reference="RF-1")
        assert refunded.unapplied_credit(day(3, 20)) == eur("0.00")
        assert refunded.balance(day(3, 20)) == eur("0.00")
        lines = refunded.statement(day(3, 1), day(3, 31)).lines
        assert (lines[-1].kind, lines[-1].amount, lines[-1].balance) == (
            "refund",
            eur("100.00"),
            eur("0.00"),
        )

    def test_a_refund_cannot_take_credit_already_applied_later(self):
        ledger = self.overpaid().add_invoice(invoice("INV-2", "100.00", day(3, 20)))
        ledger = ledger.apply_credit("INV-2", eur("100.00"), on=day(3, 20))
        with pytest.raises(PaymentError):
            ledger.refund(eur("50.00"), on=day(3, 10))

    def test_credit_applies_to_an_invoice_up_to_its_balance(self):
        ledger = self.overpaid().add_invoice(invoice("INV-2", "60.00", day(3, 12)))
        with pytest.raises(PaymentError, match="its balance"):
            ledger.apply_credit("INV-2", eur("80.00"), on=day(3, 12))
        applied = ledger.apply_credit("INV-2", eur("60.00"), on=day(3, 12))
        assert applied.invoice("INV-2").status.value == "paid"
        assert applied.unapplied_credit(day(3, 12)) == eur("40.00")

    def test_a_payment_in_another_currency_settles_through_rates(self):
        ledger = ClientLedger("acme", "EUR").add_invoice(invoice("INV-1", "100.00", day(3, 2)))
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=day(3, 9))
        dollars = Payment(Money("108.25", "USD"), day(3, 9), "WIRE-1")
        paid = ledger.receive(dollars, invoice="INV-1", at=at(3, 9), rates=fx)
        assert paid.balance(day(3, 9)) == eur("0.00")
        with pytest.raises(CurrencyMismatchError):
            ledger.receive(dollars, at=at(3, 9))

    def test_a_payment_on_account_is_credit_too(self):
        ledger = ClientLedger("acme", "EUR").receive(
            Payment(eur("75.00"), day(3, 3), "deposit"), at=at(3, 3)
        )
        assert ledger.unapplied_credit(day(3, 3)) == eur("75.00")
        assert ledger.aging(day(3, 3)).rows[0].unapplied == eur("-75.00")

    def test_a_ledger_refuses_other_clients_currencies_and_drafts(self):
        ledger = ClientLedger("acme", "EUR")
        with pytest.raises(ValidationError, match="an invoice of 'acme'"):
            ledger.add_invoice(invoice("INV-1", "10.00", day(3, 2), client="globex"))
        usd = Invoice(
            "INV-2",
            "acme",
            "USD",
            day(3, 2),
            [InvoiceLine("Fee", 1, Money("1.00", "USD"))],
            PaymentTerms.net(30),
        )
        with pytest.raises(CurrencyMismatchError):
            ledger.add_invoice(usd.issue(at=at(3, 2)))
        draft = Invoice(
            "INV-3",
            "acme",
            "EUR",
            day(3, 2),
            [InvoiceLine("Fee", 1, eur("1.00"))],
            PaymentTerms.net(30),
        )
        with pytest.raises(ValidationError, match="not a draft"):
            ledger.add_invoice(draft)
        with pytest.raises(ValidationError, match="an invoice of the ledger"):
            ledger.invoice("INV-9")

    def test_overpayment_with_an_invoice_alone_shows_in_aging_and_client_report(self):
        client = Client(
            id="acme",
            legal_name="Acme Ltd",
            industry="retail",
            locale="en_US",
            currency="USD",
            timezone="America/New_York",
        )
        account = Account(id="acme-account", client=client, team=AccountTeam(executive="ana"))
        inv = Invoice(
            "INV-1",
            "acme",
            "USD",
            day(3, 2),
            [InvoiceLine("Fee", 1, Money("400.00", "USD"))],
            PaymentTerms.net(30),
        ).issue(at=at(3, 2))
        inv = inv.apply_payment(
            Payment(Money("500.00", "USD"), day(3, 9), "WIRE-1"),
            at=at(3, 9),
            allow_overpayment=True,
        )
        (row,) = aging([inv], as_of=day(3, 31)).rows
        assert row.unapplied == Money("-100.00", "USD")
        report = ClientReport.build(account, as_of=day(3, 31), invoices=[inv])
        assert dict(report.outstanding()) == {"USD": Money("-100.00", "USD")}
        text = report.to_text(locale="en_US")
        assert "No open invoices." not in text
        assert "unapplied credit: -$100.00" in text

    def test_a_client_report_takes_the_ledgers_credit(self):
        client = Client(
            id="acme",
            legal_name="Acme GmbH",
            industry="retail",
            locale="de_DE",
            currency="EUR",
            timezone="Europe/Berlin",
        )
        account = Account(id="acme-account", client=client, team=AccountTeam(executive="ana"))
        ledger = ClientLedger("acme", "EUR").add_invoice(invoice("INV-1", "300.00", day(3, 2)))
        ledger = ledger.receive(Payment(eur("50.00"), day(3, 4), "deposit"), at=at(3, 4))
        report = ClientReport.build(account, as_of=day(3, 31), ledgers=[ledger])
        assert dict(report.outstanding()) == {"EUR": eur("250.00")}
        assert dict(report.unapplied_credit()) == {"EUR": eur("-50.00")}
        assert "unapplied credit" in report.to_text(locale="en_GB")


class TestEarlyDiscountsInTheLedger:
    def test_the_discount_is_a_statement_line_and_its_vat_is_reported_per_rate(self):
        vat7 = Tax("VAT", Rate.percent(7))
        terms = PaymentTerms.net(30, early_discount=EarlyDiscount(rate=Rate.percent(2)))
        inv = Invoice(
            "INV-1",
            "acme",
            "EUR",
            day(3, 2),
            [
                InvoiceLine("Fee", 1, eur("1000.00"), [VAT]),
                InvoiceLine("Book", 1, eur("100.00"), [vat7]),
            ],
            terms,
        ).issue(at=at(3, 2))
        ledger = ClientLedger("acme", "EUR").add_invoice(inv)
        ledger = ledger.receive(
            Payment(eur("1271.06"), day(3, 6), "SEPA-1"), invoice="INV-1", at=at(3, 6)
        )
        assert ledger.invoice("INV-1").status.value == "paid"
        lines = ledger.statement(day(3, 1), day(3, 31)).lines
        assert [(line.kind, line.amount) for line in lines] == [
            ("invoice", eur("1297.00")),
            ("payment", eur("-1271.06")),
            ("discount", eur("-25.94")),
        ]
        assert ledger.discount_taxes(day(3, 1), day(3, 31)) == {VAT: eur("3.80"), vat7: eur("0.14")}
        assert ledger.figures(day(3, 31)).credited == eur("25.94")


class TestCreditingLineByLineThroughTheLedger:
    def test_rounding_up_on_early_notes_never_leaves_a_line_that_cannot_be_credited(self):
        # Four stickers at 0.05 EUR with 10 % VAT rounded once: 4 x 0.005 = 0.02 of VAT. Each
        # note alone would round its 0.005 up to 0.01, so the third would credit VAT the invoice
        # no longer has, and the fourth (0.05 net) was refused with 0.04 left to credit. A note
        # that does not close the VAT takes at most the VAT left.
        lines = [
            InvoiceLine(f"Sticker {i}", 1, eur("0.05"), [Tax("VAT", Rate.percent(10))])
            for i in range(4)
        ]
        stickers = Invoice(
            "INV-1", "acme", "EUR", day(3, 2), lines, PaymentTerms.net(30), tax_rounding="global"
        ).issue(at=at(3, 2))
        assert (stickers.tax_total, stickers.total) == (eur("0.02"), eur("0.22"))
        ledger = ClientLedger("acme", "EUR").add_invoice(stickers)
        notes = []
        for k, line in enumerate(lines):
            note = ledger.invoice("INV-1").credit_note(f"CN-{k}", [line], issued_on=day(3, 3))
            ledger = ledger.credit(note, at=at(3, 3, 10 + k))
            notes.append((note.tax_total, note.total))
        assert notes == [
            (eur("-0.01"), eur("-0.06")),
            (eur("-0.01"), eur("-0.06")),
            (eur("0.00"), eur("-0.05")),
            (eur("0.00"), eur("-0.05")),
        ]
        assert ledger.invoice("INV-1").left_to_credit == eur("0.00")
        assert ledger.balance(day(3, 3)) == eur("0.00")
        assert ledger.figures(day(3, 3)).credited == eur("0.22")


class TestNoCentDisappears:
    @given(client_ledgers(), st.integers(0, 120))
    def test_the_identity_holds_on_every_date(self, ledger, offset):
        as_of = day(1, 1).add(days=offset)
        f = ledger.figures(as_of)
        assert (
            f.invoiced - f.paid - f.credited - f.written_off + f.refunded
            == f.open_balance - f.unapplied_credit
        )
        assert f.open_balance.amount >= 0
        assert f.unapplied_credit.amount >= 0
        assert f.balance == ledger.balance(as_of)
        invoices_total = sum(
            (i.total for i in ledger.invoices if i.issued_on <= as_of), Money.zero("EUR")
        )
        assert f.invoiced == invoices_total

    @given(client_ledgers(), st.integers(0, 60), st.integers(0, 60))
    def test_a_statement_runs_from_the_opening_to_the_closing_balance(self, ledger, a, length):
        start = day(1, 1).add(days=a)
        end = start.add(days=length)
        statement = ledger.statement(start, end)
        assert statement.opening_balance == ledger.balance(start.subtract(days=1))
        assert statement.closing_balance == ledger.balance(end)
        total = sum((line.amount for line in statement.lines), statement.opening_balance)
        assert total == statement.closing_balance

    @given(client_ledgers())
    def test_aging_of_the_ledger_adds_up_to_its_balance(self, ledger):
        as_of = day(6, 30)
        report = ledger.aging(as_of)
        assert report.net("EUR") == ledger.balance(as_of)

    @given(client_ledgers(max_steps=6))
    def test_a_ledger_round_trips_through_a_dict(self, ledger):
        assert from_dict(ClientLedger, to_dict(ledger)) == ledger
