"""Tests for accountexec.receivables' result types: aging rows and reports refuse nonsense.

Overdue days and the aging itself are tested in test_aging.py; here, what the constructors of the
results accept.
"""

from __future__ import annotations

import datetime as dt
import decimal

import attrs
import pytest
from hypothesis import given

from accountexec.errors import ValidationError
from accountexec.money import Currency, Money
from accountexec.receivables import AgingReport, AgingRow
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies import aging_reports


def euros(*amounts: str) -> tuple[Money, ...]:
    return tuple(Money(a, "EUR") for a in amounts)


FIVE = ("100.00", "50.00", "0.00", "0.00", "25.00")


class TestResultTypesRefuseNonsense:
    def test_a_row_takes_a_currency_code_and_a_list(self):
        row = AgingRow("acme", "eur", list(euros(*FIVE)))
        assert row.currency is Currency("EUR")
        assert row.amounts == euros(*FIVE)

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            (("", "EUR", euros(*FIVE)), "client_id"),
            (("acme", "XYZ", euros(*FIVE)), "currency"),
            (("acme", "EUR", euros("-100.00", *FIVE[1:])), "amounts"),
            (("acme", "EUR", (*euros(*FIVE[:4]), Money("25.00", "USD"))), "amounts"),
            (("acme", "EUR", ("100.00",) * 5), "amounts"),
            (("acme", "EUR", euros("100.00")), "amounts"),  # one bucket is no aging
            (("acme", "EUR", "100.00"), "amounts"),
        ],
    )
    def test_a_row_refuses(self, args, field):
        with pytest.raises(ValidationError) as info:
            AgingRow(*args)
        assert info.value.field == field

    def test_a_report_refuses_what_is_not_a_row(self):
        with pytest.raises(ValidationError, match="AgingRow values"):
            AgingReport(rows=[("acme", "EUR", euros(*FIVE))])
        report = AgingReport(
            as_of=dt.date(2026, 3, 1), rows=[AgingRow("acme", "EUR", euros(*FIVE))]
        )
        assert report.total("EUR")[0] == Money("100.00", "EUR")

    @given(aging_reports())
    def test_every_report_the_library_makes_passes(self, report):
        assert attrs.evolve(report) == report
        assert all(attrs.evolve(row) == row for row in report.rows)

    def test_a_row_read_back_with_a_negative_amount_is_refused(self):
        report = AgingReport(
            as_of=dt.date(2026, 3, 1), rows=[AgingRow("acme", "EUR", euros(*FIVE))]
        )
        data = to_dict(report)
        data["rows"][0]["amounts"][1]["amount"] = "-50.00"
        with pytest.raises(ValidationError, match=r"'amounts' at \$\.rows\[0\]"):
            from_dict(AgingReport, data)

    def test_validation_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ):
        row = AgingRow("acme", "EUR", euros("123456789.12", *FIVE[1:]))
        assert (row + row).amounts[0] == Money("246913578.24", "EUR")
