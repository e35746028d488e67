"""to_arrow(): pyarrow tables with exact decimal money columns, the same rows as the records."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

import pandas as pd
import pendulum
import pyarrow as pa
import pytest
from hypothesis import given

from accountexec import _optional
from accountexec.errors import MissingDependencyError
from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms, Tax, aging
from accountexec.money import Money, Rate
from accountexec.opportunities import Opportunities
from accountexec.pipeline import Opportunity
from accountexec.pipeline.forecasting import Forecast
from accountexec.receivables import AgingReport
from accountexec.strategies import aging_reports, forecasts, invoices, opportunity_collections


def same_rows(table: Any, records: list[dict[str, Any]]) -> None:
    assert table.num_rows == len(records)
    assert table.to_pylist() == [
        {k: (v if not isinstance(v, pendulum.Date) else dt.date(v.year, v.month, v.day))
         for k, v in r.items()}
        for r in records
    ]  # fmt: skip


def decimal_columns(table: Any) -> list[str]:
    return [f.name for f in table.schema if pa.types.is_decimal(f.type)]


class TestTheRowsAreTheRecords:
    @given(forecasts())
    def test_forecast(self, fc: Forecast) -> None:
        table = fc.to_arrow()
        same_rows(table, fc.to_records())
        assert decimal_columns(table) == [
            "amount",
            "weighted_amount",
            "closed_won_amount",
            "omitted_amount",
        ]

    @given(aging_reports())
    def test_aging_report(self, report: AgingReport) -> None:
        table = report.to_arrow()
        same_rows(table, report.to_records())
        assert decimal_columns(table) == [*report.labels, "unapplied", "total"]

    @given(opportunity_collections())
    def test_opportunities(self, collection: Opportunities) -> None:
        same_rows(collection.to_arrow(), collection.to_records())

    @given(invoices())
    def test_invoice(self, invoice: Invoice) -> None:
        table = invoice.to_arrow()
        assert table.column("gross").to_pylist() == [a.gross.amount for a in invoice.line_amounts()]
        assert table.column("unit_price").to_pylist() == [
            line.unit_price.amount for line in invoice.lines
        ]
        assert sum(table.column("net").to_pylist(), Decimal(0)) == invoice.subtotal.amount


class TestPinnedTables:
    def invoice(self) -> Invoice:
        vat = Tax("VAT", Rate.percent(19))
        return Invoice(
            number="INV-1",
            client_id="acme",
            currency="EUR",
            issued_on=pendulum.date(2026, 3, 2),
            terms=PaymentTerms.installments(2),
            lines=[
                InvoiceLine("Display, CPM", "1234.5", Money("3.275", "EUR"), [vat]),
                InvoiceLine("Workshop", 8, Money("150.00", "EUR"), [vat]),
            ],
        ).issue(at=pendulum.datetime(2026, 3, 2, 9))

    def test_an_invoice_keeps_sub_minor_unit_prices_and_shows_its_figures(self) -> None:
        table = self.invoice().to_arrow()
        assert table.schema.field("unit_price").type == pa.decimal128(38, 3)
        assert table.schema.field("gross").type == pa.decimal128(38, 2)
        assert table.schema.field("issued_on").type == pa.date32()
        assert table.column("gross").to_pylist() == [Decimal("4811.16"), Decimal("1428.00")]
        assert table.column("line").to_pylist() == [1, 2]

    def test_pandas_reads_the_decimals_exactly_with_arrow_dtypes(self) -> None:
        frame = self.invoice().to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
        assert frame["gross"].sum() == Decimal("6239.16")
        assert str(frame["gross"].dtype) == "decimal128(38, 2)[pyarrow]"

    def test_an_aging_report_of_two_currencies_shares_the_widest_scale(self) -> None:
        def issued(number: str, currency: str, amount: str) -> Invoice:
            return Invoice(
                number=number, client_id="acme", currency=currency,
                issued_on=pendulum.date(2026, 1, 5), terms=PaymentTerms.net(30),
                lines=[InvoiceLine("Fee", 1, Money(amount, currency))],
            ).issue(at=pendulum.datetime(2026, 1, 5, 9))  # fmt: skip

        report = aging(
            [issued("A", "JPY", "12000"), issued("B", "BHD", "1.250")],
            as_of=pendulum.date(2026, 3, 1),
        )
        table = report.to_arrow()
        assert table.schema.field("total").type == pa.decimal128(38, 3)
        assert table.column("total").to_pylist() == [Decimal("1.250"), Decimal("12000.000")]

    def test_an_empty_collection_gives_an_empty_table_with_its_columns(self) -> None:
        table = Opportunities([]).to_arrow()
        assert table.num_rows == 0
        assert "weighted_amount" in table.column_names

    def test_amounts_beyond_38_digits_use_decimal256(self) -> None:
        deal = Opportunity(
            id="O-1", account_id="ACME", name="deal", amount=Money("1E+36", "EUR").round(),
            stage="lead", close_on=dt.date(2026, 7, 1), owner="ana", created_on=dt.date(2026, 3, 2),
        )  # fmt: skip
        table = Opportunities([deal]).to_arrow()
        assert pa.types.is_decimal256(table.schema.field("amount").type)
        assert table.column("amount").to_pylist() == [deal.amount.amount]


class TestWithoutPyarrow:
    def test_the_error_names_the_method_and_the_extra(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real_import = importlib.import_module

        def no_pyarrow(name: str, *args: Any) -> Any:
            if name == "pyarrow":
                raise ModuleNotFoundError("No module named 'pyarrow'")
            return real_import(name, *args)

        monkeypatch.setattr(_optional.importlib, "import_module", no_pyarrow)
        with pytest.raises(
            MissingDependencyError, match=r"Opportunities\.to_arrow needs 'pyarrow'"
        ):
            Opportunities([]).to_arrow()
