"""Tests for overdue and aging (accountexec.receivables) and invoice numbering (invoices)."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accountexec.invoices
import accountexec.receivables
from accountexec import _optional
from accountexec.errors import (
    AccountExecError,
    CurrencyMismatchError,
    MissingDependencyError,
    ValidationError,
)
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


def overpaid(client: str, amount: str, extra: str, currency: str = "EUR") -> Invoice:
    invoice = issued(client, amount, D(2026, 6, 1), currency)
    paid = Money(amount, currency) + Money(extra, currency)
    return invoice.apply_payment(
        Payment(paid, D(2026, 6, 2), f"P-{client}"),
        at=pendulum.datetime(2026, 6, 2, 9, tz="UTC"),
        allow_overpayment=True,
    )


class TestUnappliedCredit:
    def test_an_overpayment_is_a_row_of_its_own_with_negative_credit(self) -> None:
        report = aging(
            [overpaid("acme", "100.00", "25.00"), issued("globex", "40.00", AS_OF)],
            as_of=AS_OF,
            buckets=(0, 10),
        )
        acme, globex = report.rows
        assert acme.amounts == (Money("0.00", "EUR"),) * 3
        assert acme.unapplied == Money("-25.00", "EUR")
        assert (acme.open, acme.total) == (Money("0.00", "EUR"), Money("-25.00", "EUR"))
        assert globex.unapplied == Money("0.00", "EUR")
        assert report.unapplied("EUR") == Money("-25.00", "EUR")
        assert report.net("EUR") == Money("15.00", "EUR")
        assert report.to_records()[0] == {
            "client_id": "acme",
            "currency": "EUR",
            "current": Decimal("0.00"),
            "1-10": Decimal("0.00"),
            "over 10": Decimal("0.00"),
            "unapplied": Decimal("-25.00"),
            "total": Decimal("-25.00"),
        }

    def test_credit_of_several_invoices_of_a_client_adds_up(self) -> None:
        first = overpaid("acme", "100.00", "25.00")
        second = overpaid("acme", "10.00", "0.50")
        second = attrs.evolve(second, number="INV-acme-2")
        (row,) = aging([first, second], as_of=AS_OF).rows
        assert row.unapplied == Money("-25.50", "EUR")

    def test_credit_counts_from_the_day_the_money_arrived(self) -> None:
        invoice = overpaid("acme", "100.00", "25.00")
        (before,) = aging([invoice], as_of=D(2026, 6, 1)).rows
        assert (before.amounts[0], before.unapplied) == (
            Money("100.00", "EUR"),
            Money("0.00", "EUR"),
        )

    def test_the_ledgers_credit_replaces_the_invoices_for_that_client(self) -> None:
        report = aging(
            [overpaid("acme", "100.00", "25.00"), overpaid("globex", "10.00", "1.00")],
            as_of=AS_OF,
            unapplied_credit={
                "acme": Money("-60.00", "EUR"),
                "initech": Money("-5.00", "USD"),
                "umbrella": Money("0.00", "EUR"),
            },
        )
        credit_by_client = {(r.client_id, r.currency.code): r.unapplied for r in report.rows}
        assert credit_by_client == {
            ("acme", "EUR"): Money("-60.00", "EUR"),
            ("globex", "EUR"): Money("-1.00", "EUR"),
            ("initech", "USD"): Money("-5.00", "USD"),
        }
        (initech,) = report.for_client("initech")
        assert initech.amounts == (Money("0.00", "USD"),) * 5

    @pytest.mark.parametrize(
        ("credit", "message"),
        [
            ([("acme", Money("-1.00", "EUR"))], "a mapping of client id to Money"),
            ({"acme": Money("1.00", "EUR")}, "unapplied credit as Money of zero or less"),
            ({"acme": Decimal("-1.00")}, "unapplied credit as Money of zero or less"),
        ],
    )
    def test_bad_ledger_credit_is_refused_by_name(self, credit: object, message: str) -> None:
        with pytest.raises(ValidationError, match=rf"'unapplied_credit'.*{message}"):
            aging([], as_of=AS_OF, unapplied_credit=credit)  # type: ignore[arg-type]


EUR_ROW = tuple(Money(a, "EUR") for a in ("1.00", "2.00", "0.00", "0.00", "3.00"))


class TestRowsAndReportsSayWhatIsWrong:
    def test_a_row_without_credit_has_zero_credit_in_its_currency(self) -> None:
        row = AgingRow("acme", Currency("EUR"), EUR_ROW)
        assert row.unapplied == Money("0.00", "EUR")
        assert row.credit == Money("0.00", "EUR")
        assert row.total == Money("6.00", "EUR")

    def test_rows_add_amounts_and_credit(self) -> None:
        a = AgingRow("acme", Currency("EUR"), EUR_ROW, unapplied=Money("-1.00", "EUR"))
        b = AgingRow("acme", Currency("EUR"), EUR_ROW, unapplied=Money("-0.50", "EUR"))
        both = a + b
        assert both.amounts == tuple(m + m for m in EUR_ROW)
        assert both.unapplied == Money("-1.50", "EUR")

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"amounts": (Money("1.00", "EUR"), Money("-1.00", "EUR"))},
                (
                    r"invalid 'amounts': Money\('-1.00', 'EUR'\); "
                    "expected open amounts of zero or more"
                ),
            ),
            ({"amounts": (Money("1.00", "EUR"),)}, "one amount per bucket, at least two"),
            ({"unapplied": Decimal("-1")}, "'unapplied'.*None or a Money of zero or less"),
            (
                {"unapplied": Money("1.00", "EUR")},
                r"'unapplied'.*unapplied credit of zero or less \(negative\)",
            ),
            ({"unapplied": Money("-1.00", "USD")}, "unapplied"),
            ({"amounts": (Money("1.00", "USD"), Money("1.00", "USD"))}, "amounts"),
        ],
    )
    def test_bad_rows_are_refused(self, kwargs: dict[str, object], message: str) -> None:
        fields: dict[str, object] = {"amounts": EUR_ROW, **kwargs}
        amounts = fields.pop("amounts")
        with pytest.raises(AccountExecError, match=message):
            AgingRow("acme", Currency("EUR"), amounts, **fields)  # type: ignore[arg-type]

    @pytest.mark.parametrize("buckets", [(), (1, 30), (0, 30, 30), (0, 60, 30), (0, True)])
    def test_bad_buckets_say_what_is_allowed(self, buckets: tuple[int, ...]) -> None:
        allowed = r"increasing whole numbers of days starting at 0, such as \(0, 30, 60, 90\)"
        with pytest.raises(ValidationError, match=rf"'buckets'.*{allowed}"):
            AgingReport(buckets=buckets)

    def test_one_row_per_client_and_currency(self) -> None:
        row = AgingRow("acme", Currency("EUR"), EUR_ROW)
        with pytest.raises(ValidationError, match=r"'rows'.*one row per client and currency"):
            AgingReport(rows=[row, row])
        with pytest.raises(ValidationError, match=r"'rows'.*3 amounts per row"):
            AgingReport(buckets=(0, 30), rows=[row])

    def test_reports_merge_only_with_the_same_buckets_and_date(self) -> None:
        report = AgingReport(as_of=D(2026, 3, 1))
        with pytest.raises(ValidationError, match=r"'buckets'.*the same buckets \(0, 30, 60, 90\)"):
            report + AgingReport(buckets=(0, 30))
        with pytest.raises(ValidationError, match=r"'as_of'.*the same date 2026-03-01"):
            report + AgingReport(as_of=D(2026, 3, 2))
        with pytest.raises(TypeError):
            report + 1  # type: ignore[operator]
        assert (AgingReport.empty() + report).as_of == D(2026, 3, 1)
        assert (report + AgingReport.empty()).as_of == D(2026, 3, 1)
        assert AgingReport.empty(buckets=(0, 15)).labels == ("current", "1-15", "over 15")

    def test_merging_adds_the_rows_of_the_same_client(self) -> None:
        acme = AgingRow("acme", Currency("EUR"), EUR_ROW, unapplied=Money("-1.00", "EUR"))
        globex = AgingRow("globex", Currency("EUR"), EUR_ROW)
        merged = AgingReport(rows=[acme]) + AgingReport(rows=[globex, acme])
        assert [r.client_id for r in merged.rows] == ["acme", "globex"]
        assert merged.rows[0] == acme + acme
        assert merged.rows[1] == globex

    def test_the_html_table_names_the_date(self) -> None:
        html = aging([issued("acme", "10.00", AS_OF)], as_of=AS_OF)._repr_html_()
        assert "aging as of 2026-06-30" in html
        assert "acme" in html

    def test_only_invoices_are_overdue(self) -> None:
        with pytest.raises(
            ValidationError, match=r"^invalid 'invoice': 'INV-1'; expected an Invoice$"
        ):
            accountexec.receivables.is_overdue("INV-1", as_of=AS_OF)  # type: ignore[arg-type]

    def test_dates_and_rows_are_refused_by_their_names(self) -> None:
        invoice = issued("acme", "10.00", AS_OF)
        with pytest.raises(ValidationError, match=r"^invalid 'as_of': 'June'"):
            accountexec.receivables.days_overdue(invoice, as_of="June")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"^invalid 'as_of': 'June'"):
            AgingReport(as_of="June")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"^invalid 'rows'"):
            AgingReport(rows=[1])  # type: ignore[list-item]

    def test_days_overdue_is_the_oldest_installment(self) -> None:
        invoice = issued("acme", "100.00", D(2026, 5, 1), terms=PaymentTerms.installments(2))
        due = [item.due_on for item in invoice.installments]
        as_of = due[1].add(days=5)
        assert accountexec.receivables.days_overdue(invoice, as_of=as_of) == (as_of - due[0]).days
        assert accountexec.receivables.days_overdue(invoice, as_of=due[0]) == 0
        assert not accountexec.receivables.is_overdue(invoice, as_of=due[0])
        assert accountexec.receivables.is_overdue(invoice, as_of=due[0].add(days=1))


def refused(message: str) -> str:
    """A ``match=`` pattern for exactly ``message``, word for word."""
    return f"^{re.escape(message)}$"


class TestEveryRefusalWordForWord:
    """The refusals of rows, reports and aging, each message in full (messages are the contract)."""

    def test_a_row_of_one_amount(self) -> None:
        with pytest.raises(
            ValidationError,
            match=refused(
                "invalid 'amounts': (Money('1.00', 'EUR'),); "
                "expected one amount per bucket, at least two"
            ),
        ):
            AgingRow("acme", Currency("EUR"), [Money("1.00", "EUR")])

    @pytest.mark.parametrize(
        ("unapplied", "message"),
        [
            (
                Decimal("-1"),
                "invalid 'unapplied': Decimal('-1'); expected None or a Money of zero or less",
            ),
            (
                Money("-1.00", "USD"),
                "invalid 'unapplied': Money('-1.00', 'USD'); expected an amount in EUR",
            ),
            (
                Money("1.00", "EUR"),
                (
                    "invalid 'unapplied': Money('1.00', 'EUR'); "
                    "expected unapplied credit of zero or less (negative)"
                ),
            ),
        ],
    )
    def test_a_rows_unapplied_credit(self, unapplied: object, message: str) -> None:
        with pytest.raises(ValidationError, match=refused(message)):
            AgingRow("acme", Currency("EUR"), EUR_ROW, unapplied=unapplied)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("buckets", "shown"),
        [((), "()"), ([1, 30], "[1, 30]"), ((0, 30, 30), "(0, 30, 30)")],
    )
    def test_bad_buckets(self, buckets: object, shown: str) -> None:
        message = (
            f"invalid 'buckets': {shown}; expected increasing whole numbers of days starting at 0, "
            "such as (0, 30, 60, 90)"
        )
        with pytest.raises(ValidationError, match=refused(message)):
            aging([], as_of=AS_OF, buckets=buckets)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=refused(message)):
            AgingReport(buckets=buckets)  # type: ignore[arg-type]

    def test_buckets_given_as_text(self) -> None:
        message = "invalid 'buckets': '0,30'; expected a sequence (list or tuple)"
        with pytest.raises(ValidationError, match=refused(message)):
            aging([], as_of=AS_OF, buckets="0,30")  # type: ignore[arg-type]

    def test_the_date_and_the_invoices_of_an_aging(self) -> None:
        message = "invalid 'as_of': 'June'; expected a date (a datetime is not a date)"
        with pytest.raises(ValidationError, match=refused(message)):
            aging([], as_of="June")  # type: ignore[arg-type]
        message = "invalid 'invoices': 'INV-1'; expected Invoice values"
        with pytest.raises(ValidationError, match=refused(message)):
            aging(["INV-1"], as_of=AS_OF)  # type: ignore[list-item]

    @pytest.mark.parametrize(
        ("credit", "message"),
        [
            (
                [("acme", Money("-1.00", "EUR"))],
                (
                    "invalid 'unapplied_credit': [('acme', Money('-1.00', 'EUR'))]; "
                    "expected a mapping of client id to Money"
                ),
            ),
            (
                {"acme": Money("1.00", "EUR")},
                (
                    "invalid 'unapplied_credit': Money('1.00', 'EUR'); "
                    "expected unapplied credit as Money of zero or less"
                ),
            ),
        ],
    )
    def test_the_ledgers_credit(self, credit: object, message: str) -> None:
        with pytest.raises(ValidationError, match=refused(message)):
            aging([], as_of=AS_OF, unapplied_credit=credit)  # type: ignore[arg-type]

    def test_rows_of_a_report(self) -> None:
        row = AgingRow("acme", Currency("EUR"), EUR_ROW)
        message = (
            "invalid 'rows': [('acme', Currency('EUR')), ('acme', Currency('EUR'))]; "
            "expected one row per client and currency"
        )
        with pytest.raises(ValidationError, match=refused(message)):
            AgingReport(rows=[row, row])
        with pytest.raises(
            ValidationError, match=refused(f"invalid 'rows': {row!r}; expected 3 amounts per row")
        ):
            AgingReport(buckets=(0, 30), rows=[row])

    def test_reports_that_do_not_merge(self) -> None:
        report = AgingReport(as_of=D(2026, 3, 1))
        message = "invalid 'buckets': (0, 30); expected the same buckets (0, 30, 60, 90)"
        with pytest.raises(ValidationError, match=refused(message)):
            report + AgingReport(buckets=(0, 30))
        message = "invalid 'as_of': Date(2026, 3, 2); expected the same date 2026-03-01"
        with pytest.raises(ValidationError, match=refused(message)):
            report + AgingReport(as_of=D(2026, 3, 2))

    def test_rows_of_another_client_or_other_buckets_do_not_add(self) -> None:
        acme = AgingRow("acme", Currency("EUR"), EUR_ROW)
        message = "invalid 'client_id': 'globex'; expected the same client 'acme'"
        with pytest.raises(ValidationError, match=refused(message)):
            acme + AgingRow("globex", Currency("EUR"), EUR_ROW)
        three = AgingRow("acme", Currency("EUR"), EUR_ROW[:3])
        message = (
            f"invalid 'amounts': {EUR_ROW[:3]!r}; expected 5 amounts, one per bucket of this row"
        )
        with pytest.raises(ValidationError, match=refused(message)):
            acme + three
        with pytest.raises(CurrencyMismatchError):
            acme + AgingRow("acme", Currency("USD"), (Money.zero("USD"),) * 5)
        with pytest.raises(TypeError):
            acme + 1  # type: ignore[operator]


class TestWhatTheRefusalsLeaveOut:
    def test_a_zero_ledger_credit_clears_the_invoices_credit_of_that_client(self) -> None:
        report = aging(
            [overpaid("acme", "100.00", "25.00")],
            as_of=AS_OF,
            unapplied_credit={"acme": Money("0.00", "EUR")},
        )
        assert report.rows == ()
        assert report.unapplied("EUR") == Money("0.00", "EUR")

    def test_merged_reports_keep_their_buckets(self) -> None:
        a = aging([issued("acme", "10.00", D(2026, 6, 1))], as_of=AS_OF, buckets=(0, 15))
        b = aging([issued("globex", "4.00", AS_OF)], as_of=AS_OF, buckets=(0, 15))
        merged = a + b
        assert merged.buckets == (0, 15)
        assert merged.labels == ("current", "1-15", "over 15")
        assert merged.total("EUR") == (
            Money("4.00", "EUR"),
            Money("0.00", "EUR"),
            Money("10.00", "EUR"),
        )


class TestArrowScales:
    def test_an_empty_report_has_whole_number_columns(self) -> None:
        pa = pytest.importorskip("pyarrow")
        table = AgingReport().to_arrow()
        assert table.num_rows == 0
        assert table.schema.field("current").type == pa.decimal128(38, 0)
        assert table.schema.field("total").type == pa.decimal128(38, 0)

    def test_amounts_written_without_cents_get_the_currencys_places(self) -> None:
        pa = pytest.importorskip("pyarrow")
        row = AgingRow("acme", Currency("EUR"), (Money("100", "EUR"), Money("0", "EUR")))
        table = AgingReport(buckets=(0,), rows=[row]).to_arrow()
        assert table.schema.field("current").type == pa.decimal128(38, 2)
        assert table.schema.field("over 0").type == pa.decimal128(38, 2)
        assert table.column("current").to_pylist() == [Decimal("100.00")]

    def test_without_pyarrow_the_error_names_the_method(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real_import = importlib.import_module

        def no_pyarrow(name: str, *args: Any) -> Any:
            if name == "pyarrow":
                raise ModuleNotFoundError("No module named 'pyarrow'")
            return real_import(name, *args)

        monkeypatch.setattr(_optional.importlib, "import_module", no_pyarrow)
        with pytest.raises(MissingDependencyError) as info:
            AgingReport().to_arrow()
        assert "AgingReport.to_arrow needs 'pyarrow'" in str(info.value)
