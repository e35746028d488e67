"""Tests for overdue and aging (accountexec.receivables) and invoice numbering (invoices)."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import subprocess
import sys
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accountexec.invoices
import accountexec.receivables
from accountexec.errors import ValidationError
from accountexec.invoices import (
    Invoice,
    InvoiceLine,
    InvoiceNumbering,
    Payment,
    PaymentTerms,
)
from accountexec.money import Currency, Money
from accountexec.receivables import AgingReport, AgingRow, aging
from accountexec.strategies._invoices import invoices

D = pendulum.date


def issued(
    client: str, amount: str, issued_on: dt.date, currency: str = "EUR", **kw: object
) -> Invoice:
    invoice = Invoice(
        number=f"INV-{client}-{issued_on}",
        client_id=client,
        currency=currency,
        issued_on=issued_on,
        lines=[InvoiceLine(description="Fee", quantity=1, unit_price=Money(amount, currency))],
        terms=kw.pop("terms", PaymentTerms.immediate()),  # type: ignore[arg-type]
    )
    return invoice.issue(at=pendulum.datetime(2020, 1, 1, tz="UTC"))


AS_OF = D(2026, 6, 30)


class TestBuckets:
    @pytest.mark.parametrize(
        ("days_late", "bucket"),
        [(0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (400, 4)],
    )
    def test_each_installment_lands_in_the_bucket_of_its_days_past_due(
        self, days_late: int, bucket: int
    ) -> None:
        invoice = issued("acme", "10.00", AS_OF.subtract(days=days_late))
        (row,) = aging([invoice], as_of=AS_OF).rows
        expected = [Decimal("0.00")] * 5
        expected[bucket] = Decimal("10.00")
        assert [m.amount for m in row.amounts] == expected

    def test_an_invoice_dated_after_as_of_did_not_exist_yet(self) -> None:
        invoice = issued("acme", "10.00", AS_OF.add(days=5))
        assert aging([invoice], as_of=AS_OF).rows == ()
        (row,) = aging([invoice], as_of=AS_OF.add(days=5)).rows
        assert row.amounts[0] == Money("10.00", "EUR")

    def test_the_default_labels(self) -> None:
        assert aging([], as_of=AS_OF).labels == ("current", "1-30", "31-60", "61-90", "over 90")

    def test_custom_buckets(self) -> None:
        report = aging([issued("acme", "10.00", D(2026, 6, 1))], as_of=AS_OF, buckets=(0, 15, 45))
        assert report.labels == ("current", "1-15", "16-45", "over 45")
        assert [m.amount for m in report.rows[0].amounts] == [0, 0, Decimal("10.00"), 0]

    @pytest.mark.parametrize(
        "buckets", [(), (30, 60), (0, 30, 30), (0, 60, 30), (0, 30.0), (0, True), "0,30"]
    )
    def test_bad_buckets_are_refused(self, buckets: object) -> None:
        with pytest.raises(ValidationError, match="buckets"):
            aging([], as_of=AS_OF, buckets=buckets)  # type: ignore[arg-type]

    def test_each_installment_is_aged_on_its_own(self) -> None:
        invoice = issued("acme", "1000.00", D(2026, 1, 5), terms=PaymentTerms.installments(2))
        report = aging([invoice], as_of=D(2026, 3, 20))
        assert [m.amount for m in report.rows[0].amounts] == [
            0,
            Decimal("500.00"),
            Decimal("500.00"),
            0,
            0,
        ]

    def test_paid_parts_are_not_outstanding(self) -> None:
        invoice = issued("acme", "1000.00", D(2026, 1, 5), terms=PaymentTerms.installments(2))
        partly = invoice.apply_payment(
            Payment(amount=Money("600.00", "EUR"), received_on=D(2026, 2, 1), reference="P"),
            at=pendulum.datetime(2026, 2, 1, tz="UTC"),
        )
        report = aging([partly], as_of=D(2026, 3, 20))
        assert [m.amount for m in report.rows[0].amounts] == [0, Decimal("400.00"), 0, 0, 0]

    def test_only_invoices_are_aged(self) -> None:
        with pytest.raises(ValidationError, match="invoices"):
            aging(["INV-1"], as_of=AS_OF)  # type: ignore[list-item]


class TestReport:
    def report(self) -> AgingReport:
        return aging(
            [
                issued("acme", "10.00", D(2026, 6, 30)),
                issued("acme", "20.00", D(2026, 5, 1)),
                issued("acme", "5.00", D(2026, 5, 1), currency="USD"),
                issued("globex", "7.00", D(2026, 1, 1)),
            ],
            as_of=AS_OF,
        )

    def test_rows_are_per_client_and_currency_sorted(self) -> None:
        report = self.report()
        assert [(r.client_id, r.currency.code) for r in report.rows] == [
            ("acme", "EUR"),
            ("acme", "USD"),
            ("globex", "EUR"),
        ]
        assert report.currencies == (Currency("EUR"), Currency("USD"))
        assert [r.total for r in report.for_client("acme")] == [
            Money("30.00", "EUR"),
            Money("5.00", "USD"),
        ]

    def test_totals_are_per_currency(self) -> None:
        assert [m.amount for m in self.report().total("EUR")] == [
            Decimal("10.00"),
            0,
            Decimal("20.00"),
            0,
            Decimal("7.00"),
        ]
        assert self.report().total("JPY") == (Money.zero("JPY"),) * 5

    def test_records_are_flat_dicts(self) -> None:
        first = self.report().to_records()[0]
        assert first == {
            "client_id": "acme",
            "currency": "EUR",
            "current": Decimal("10.00"),
            "1-30": Decimal("0.00"),
            "31-60": Decimal("20.00"),
            "61-90": Decimal("0.00"),
            "over 90": Decimal("0.00"),
            "unapplied": Decimal("0.00"),
            "total": Decimal("30.00"),
        }

    def test_reports_of_other_buckets_or_dates_do_not_merge(self) -> None:
        with pytest.raises(ValidationError, match="buckets"):
            aging([], as_of=AS_OF) + aging([], as_of=AS_OF, buckets=(0, 30))
        with pytest.raises(ValidationError, match="as_of"):
            aging([], as_of=AS_OF) + aging([], as_of=D(2026, 7, 1))
        assert AgingReport.empty().__add__("x") is NotImplemented  # type: ignore[operator]

    def test_rows_are_checked(self) -> None:
        row = AgingRow("acme", Currency("EUR"), (Money.zero("EUR"),) * 5)
        with pytest.raises(ValidationError, match="one row per client"):
            AgingReport(rows=[row, row])
        with pytest.raises(ValidationError, match="amounts per row"):
            AgingReport(buckets=(0, 30), rows=[row])


reports = st.lists(invoices(client_id=None), max_size=4)


class TestMonoid:
    @given(a=reports, b=reports, as_of=st.dates(dt.date(2000, 1, 1), dt.date(2095, 1, 1)))
    def test_the_aging_of_a_union_is_the_sum_of_the_agings(
        self, a: list[Invoice], b: list[Invoice], as_of: dt.date
    ) -> None:
        assert aging(a + b, as_of=as_of) == aging(a, as_of=as_of) + aging(b, as_of=as_of)

    @given(a=reports, b=reports, c=reports)
    def test_merging_is_associative_with_empty_as_identity(
        self, a: list[Invoice], b: list[Invoice], c: list[Invoice]
    ) -> None:
        ra, rb, rc = (aging(x, as_of=AS_OF) for x in (a, b, c))
        assert (ra + rb) + rc == ra + (rb + rc)
        assert ra + AgingReport.empty() == ra == AgingReport.empty() + ra
        assert sum([ra, rb, rc], AgingReport.empty()) == aging(a + b + c, as_of=AS_OF)

    @given(invoice=invoices())
    def test_the_report_adds_up_to_the_open_balance(self, invoice: Invoice) -> None:
        # As of AS_OF: what the invoice owed then, an overpayment counting as negative credit.
        report = aging([invoice], as_of=AS_OF)
        outstanding = Money.sum((r.total for r in report.rows), invoice.currency)
        assert outstanding == invoice.balance_as_of(AS_OF)


class TestUnderAHostileDecimalContext:
    def test_the_aging_of_large_amounts_is_exact_at_precision_five(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        late = [issued("acme", "123456789.99", D(2026, 5, 1)) for _ in range(3)]
        report = aging(late, as_of=AS_OF) + aging([issued("acme", "0.01", AS_OF)], as_of=AS_OF)
        (row,) = report.rows
        assert row.total == Money("370370369.98", "EUR")
        assert report.to_records()[0]["31-60"] == Decimal("370370369.97")


class TestTheReExportFromInvoices:
    """Overdue and aging moved to accountexec.receivables; accountexec.invoices still has them."""

    @pytest.mark.parametrize("name", accountexec.receivables.__all__)
    def test_each_name_is_the_same_object_from_either_module(self, name: str) -> None:
        assert getattr(accountexec.invoices, name) is getattr(accountexec.receivables, name)
        assert name in accountexec.invoices.__all__

    def test_the_classes_live_in_receivables(self) -> None:
        assert AgingReport.__module__ == AgingRow.__module__ == "accountexec.commerce.receivables"

    def test_other_missing_names_are_still_an_attribute_error(self) -> None:
        with pytest.raises(AttributeError, match="'no_such_name'"):
            importlib.import_module("accountexec.invoices").no_such_name  # noqa: B018

    @pytest.mark.parametrize("first", ["accountexec.invoices", "accountexec.receivables"])
    def test_either_module_imports_first_in_a_fresh_interpreter(self, first: str) -> None:
        code = (
            f"import {first}; from accountexec.invoices import aging, AgingReport; "
            "import accountexec.receivables as r; assert aging is r.aging; "
            "assert AgingReport is r.AgingReport"
        )
        subprocess.run([sys.executable, "-c", code], check=True)


class TestNumbering:
    def test_numbers_count_up_from_one(self) -> None:
        numbering = InvoiceNumbering()
        assert numbering.next_number(None) == "INV-000001"
        assert numbering.next_number("INV-000041") == "INV-000042"

    def test_the_counter_grows_past_its_width(self) -> None:
        assert InvoiceNumbering(prefix="CN-", width=2).next_number("CN-99") == "CN-100"

    @pytest.mark.parametrize("last", ["CN-000041", "INV-00041", "INV-00004a", "INV-٠٠٠٠٤١", 41])
    def test_numbers_of_another_series_are_refused(self, last: object) -> None:
        with pytest.raises(ValidationError, match="'last_number'"):
            InvoiceNumbering().next_number(last)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("prefix", "width"), [("INV-2026", 6), (7, 6), ("INV-", 0), ("INV-", True)]
    )
    def test_bad_series_are_refused(self, prefix: object, width: object) -> None:
        with pytest.raises(ValidationError):
            InvoiceNumbering(prefix=prefix, width=width)  # type: ignore[arg-type]

    @pytest.mark.parametrize("counter", [0, -1, True])
    def test_counters_start_at_one(self, counter: object) -> None:
        with pytest.raises(ValidationError, match="counter"):
            InvoiceNumbering().format(counter)  # type: ignore[arg-type]

    @given(
        prefix=st.sampled_from(("", "INV-", "2026/")),
        width=st.integers(1, 8),
        n=st.integers(1, 10**9),
    )
    def test_format_and_counter_are_inverse(self, prefix: str, width: int, n: int) -> None:
        numbering = InvoiceNumbering(prefix=prefix, width=width)
        number = numbering.format(n)
        assert numbering.counter(number) == n
        assert numbering.counter(numbering.next_number(number)) == n + 1
