"""Tests of accountexec.targets: sales targets, attainment, coverage, and shards that add up."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.money import ExchangeRates, Money, Rate
from accountexec.pipeline import Opportunity
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._pipeline import opportunities
from accountexec.strategies._targets import sales_targets
from accountexec.targets import (
    COVERAGE_RULE_OF_THUMB,
    AttainmentRow,
    SalesTarget,
    attainment,
    attainment_summary,
)

AS_OF = dt.date(2026, 5, 15)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def deal(  # noqa: PLR0917 - a compact builder for the worked example
    i: int,
    amount: str,
    stage: str,
    owner: str = "ana",
    close: dt.date = dt.date(2026, 5, 20),
    currency: str = "EUR",
) -> Opportunity:
    return Opportunity(
        f"O-{i}", "ACME", "deal", Money(amount, currency), stage, close, owner, dt.date(2026, 3, 2)
    )


def book() -> list[Opportunity]:
    return [
        deal(1, "40000.00", "won"),
        deal(2, "30000.00", "negotiation"),  # commit
        deal(3, "50000.00", "proposal"),  # best case
        deal(4, "20000.00", "lead"),  # pipeline
        deal(5, "99000.00", "lost"),
        deal(6, "10000.00", "won", close=dt.date(2026, 7, 1)),  # next quarter
        deal(7, "25000.00", "won", owner="ben"),
        deal(8, "15000.00", "negotiation", owner="ben", close=dt.date(2026, 4, 2)),
    ]


ROW = AttainmentRow(
    target=SalesTarget("ana", "2026", eur("10.00")),
    won=eur("0.00"),
    commit=eur("0.00"),
    best_case=eur("0.00"),
    pipeline=eur("0.00"),
)


class TestTheWorkedExample:
    def test_an_owner_in_a_quarter(self) -> None:
        (row,) = attainment([SalesTarget("ana", "2026-Q2", eur("100000.00"))], book(), AS_OF)
        assert (row.won, row.commit, row.best_case, row.pipeline) == (
            eur("40000.00"),
            eur("30000.00"),
            eur("50000.00"),
            eur("20000.00"),
        )
        assert row.gap == eur("60000.00")
        assert row.attainment == Rate("0.4")
        assert row.open_pipeline == eur("100000.00")
        assert row.coverage is not None
        assert row.coverage.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) == Decimal("1.6667")
        assert not row.is_covered()
        assert row.is_covered(threshold=Decimal("1.5"))

    def test_a_team_a_month_and_a_year(self) -> None:
        targets = [
            SalesTarget("north", "2026-Q2", eur("150000.00"), members={"ana", "ben"}),
            SalesTarget("ben", "2026-04", eur("10000.00")),
            SalesTarget("ana", "2026", eur("400000.00")),
        ]
        result = attainment(targets, book(), AS_OF)
        team = result.row("north", "2026-Q2")
        assert team.won == eur("65000.00")
        assert team.commit == eur("45000.00")
        april = result.row("ben", "2026-04")
        assert (april.won, april.commit, april.gap) == (
            eur("0.00"),
            eur("15000.00"),
            eur("10000.00"),
        )
        assert result.row("ana", "2026").won == eur("50000.00")

    def test_a_beaten_target_has_no_gap_and_needs_no_coverage(self) -> None:
        (row,) = attainment([SalesTarget("ben", "2026-05", eur("20000.00"))], book(), AS_OF)
        assert row.gap == eur("0.00")
        assert row.attainment == Rate("1.25")
        assert row.coverage is None
        assert row.is_covered()

    def test_deals_are_read_as_they_stood_on_as_of(self) -> None:
        (row,) = attainment(
            [SalesTarget("ana", "2026-Q2", eur("1.00"))], book(), dt.date(2026, 3, 1)
        )
        assert row.won == eur("0.00")  # nothing was created yet

    def test_other_currencies_are_converted_with_rates(self) -> None:
        deals = [deal(1, "1000.00", "won", currency="USD")]
        rates = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=AS_OF)
        (row,) = attainment(
            [SalesTarget("ana", "2026-05", eur("1000.00"))], deals, AS_OF, rates=rates
        )
        assert row.won == eur("800.00")
        with pytest.raises(CurrencyMismatchError, match="pass rates="):
            attainment([SalesTarget("ana", "2026-05", eur("1000.00"))], deals, AS_OF)

    def test_records(self) -> None:
        result = attainment([SalesTarget("ana", "2026-Q2", eur("100000.00"))], book(), AS_OF)
        (record,) = result.to_records()
        assert record["gap"] == Decimal("60000.00")
        assert record["attainment"] == Decimal("0.4")

    def test_the_rule_of_thumb_is_three(self) -> None:
        assert COVERAGE_RULE_OF_THUMB == 3


class TestRefusals:
    @pytest.mark.parametrize("period", ["2026-Q5", "2026-13", "26", "Q2 2026", ""])
    def test_a_bad_period_is_refused(self, period: str) -> None:
        with pytest.raises(ValidationError, match="'2026-Q2'"):
            SalesTarget("ana", period, eur("1.00"))

    def test_a_target_of_nothing_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="positive Money"):
            SalesTarget("ana", "2026", eur("0.00"))

    def test_a_summary_of_another_shape_is_refused(self) -> None:
        from accountexec.pipeline import summarise  # noqa: PLC0415 - only this test needs it

        with pytest.raises(ValidationError, match="attainment_summary"):
            attainment(
                [SalesTarget("ana", "2026", eur("1.00"))],
                summarise(book(), group_by="owner"),
                AS_OF,
            )


class TestShards:
    def test_the_summary_of_shards_gives_the_same_attainment(self) -> None:
        deals = book()
        summary = attainment_summary(deals[:3], AS_OF) + attainment_summary(deals[3:], AS_OF)
        target = [SalesTarget("north", "2026", eur("500000.00"), members={"ana", "ben"})]
        assert attainment(target, summary, AS_OF) == attainment(target, deals, AS_OF)

    @given(
        st.lists(opportunities(currency="EUR"), max_size=6),
        st.lists(opportunities(currency="EUR"), max_size=6),
        st.lists(sales_targets("EUR"), min_size=1, max_size=3),
        st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)),
    )
    def test_the_attainment_of_a_union_is_the_sum(
        self,
        left: list[Opportunity],
        right: list[Opportunity],
        targets: list[SalesTarget],
        as_of: dt.date,
    ) -> None:
        whole = attainment(targets, [*left, *right], as_of)
        a, b = attainment(targets, left, as_of), attainment(targets, right, as_of)
        for row, x, y in zip(whole, a, b, strict=True):
            assert row.won == x.won + y.won
            assert row.commit == x.commit + y.commit
            assert row.best_case == x.best_case + y.best_case
            assert row.pipeline == x.pipeline + y.pipeline

    @given(
        st.lists(opportunities(currency="EUR"), max_size=6),
        st.lists(sales_targets("EUR"), min_size=1),
    )
    def test_gap_and_attainment_agree(
        self, deals: list[Opportunity], targets: list[SalesTarget]
    ) -> None:
        for row in attainment(targets, deals, dt.date(2031, 1, 1)):
            assert row.gap + min(row.won, row.target.amount) == row.target.amount
            assert (row.attainment.value >= 1) == (row.gap.amount == 0)


class TestSerialisation:
    def test_a_team_target_comes_back_equal(self) -> None:
        target = SalesTarget("north", "2026-Q2", eur("150000.00"), members={"ana", "ben"})
        assert from_dict(SalesTarget, to_dict(target)) == target


class TestEveryRefusalNamesItsParameter:
    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: SalesTarget("north", "2026", eur("1.00"), members=[""]), "members"),
            (lambda: SalesTarget("ana", "2026", eur("1.00")).covers("May"), "month"),
            (
                lambda: AttainmentRow(
                    target="ana",
                    won=eur("0.00"),
                    commit=eur("0.00"),
                    best_case=eur("0.00"),
                    pipeline=eur("0.00"),
                ),
                "target",
            ),  # type: ignore[arg-type]
            (
                lambda: AttainmentRow(
                    target=SalesTarget("ana", "2026", eur("1.00")),
                    won=Money("0.00", "USD"),
                    commit=eur("0.00"),
                    best_case=eur("0.00"),
                    pipeline=eur("0.00"),
                ),
                "won",
            ),
            (
                lambda: AttainmentRow(
                    target=SalesTarget("ana", "2026", eur("1.00")),
                    won=Money("-1.00", "EUR"),
                    commit=eur("0.00"),
                    best_case=eur("0.00"),
                    pipeline=eur("0.00"),
                ),
                "won",
            ),
            (lambda: ROW.is_covered(threshold=True), "threshold"),
            (lambda: ROW.is_covered(threshold=Decimal("NaN")), "threshold"),
            (lambda: ROW.is_covered(threshold=-1), "threshold"),
            (lambda: attainment([], [], AS_OF).row("ana", "2026"), "owner"),
            (lambda: attainment([], [], AS_OF, rates={}), "rates"),  # type: ignore[arg-type]
        ],
    )
    def test_refused(self, call: Callable[[], object], field: str) -> None:
        with pytest.raises(ValidationError, match=f"invalid .{field}"):
            call()


class TestTheCallersDecimalContextChangesNothing:
    def test_under_a_hostile_context(self, hostile_decimal_context: object) -> None:
        targets = [SalesTarget("north", "2026", eur("333333.33"), members={"ana", "ben"})]
        hostile = attainment(targets, book(), AS_OF)
        with decimal.localcontext(decimal.Context()):
            assert hostile == attainment(targets, book(), AS_OF)
            assert hostile.rows[0].coverage == attainment(targets, book(), AS_OF).rows[0].coverage
