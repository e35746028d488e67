"""Tests of accountexec.budgets: lines, commitments, spend, change orders, time and periods."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.budgets import (
    Budget,
    BudgetLine,
    BudgetWarning,
    ChangeOrder,
    Commitment,
    LineSummary,
    OverspendPolicy,
    PeriodAmount,
    SpendEntry,
)
from accountexec.errors import BudgetExceededError, CurrencyMismatchError, ValidationError
from accountexec.money import Money, Rate
from accountexec.serialize import from_dict, to_dict
from accountexec.strategies._budgets import budgets, register, rounded_money


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def quarter(policy: str = "stop", **kwargs: object) -> Budget:
    """A first-quarter 2026 budget (90 days) with search 6000 and social 3000."""
    return Budget(
        id="B-1",
        currency="EUR",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
        lines=[BudgetLine("search", eur("6000.00")), BudgetLine("social", eur("3000.00"))],
        policy=policy,
        **kwargs,  # type: ignore[arg-type]
    )


class TestABudgetIsValidWhenBuilt:
    def test_dates_become_pendulum_dates_and_both_ends_count(self) -> None:
        budget = quarter()
        assert type(budget.start) is pendulum.Date
        assert budget.total_days == 90
        assert budget.policy is OverspendPolicy.STOP

    def test_a_one_day_budget_is_allowed(self) -> None:
        budget = Budget(
            id="B",
            currency="EUR",
            start=dt.date(2026, 5, 1),
            end=dt.date(2026, 5, 1),
            lines=[BudgetLine("tv", eur("10.00"))],
        )
        assert budget.total_days == 1

    def test_an_end_before_the_start_is_refused(self) -> None:
        with pytest.raises(ValidationError, match=r"'end'.*on or after the start 2026-01-01"):
            Budget(
                id="B",
                currency="EUR",
                start=dt.date(2026, 1, 1),
                end=dt.date(2025, 12, 31),
                lines=[BudgetLine("tv", eur("1.00"))],
            )

    @pytest.mark.parametrize(
        "value", [dt.datetime(2026, 1, 1, 9), pendulum.datetime(2026, 1, 1), "2026-01-01", None]
    )
    def test_a_datetime_or_text_is_not_a_date(self, value: object) -> None:
        with pytest.raises(ValidationError, match="'start'"):
            Budget(
                id="B",
                currency="EUR",
                start=value,
                end=dt.date(2026, 2, 1),  # type: ignore[arg-type]
                lines=[BudgetLine("tv", eur("1.00"))],
            )

    def test_a_budget_needs_a_line(self) -> None:
        with pytest.raises(ValidationError, match="at least one budget line"):
            Budget(
                id="B", currency="EUR", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2), lines=[]
            )

    def test_line_keys_are_unique(self) -> None:
        with pytest.raises(ValidationError, match="unique line keys"):
            Budget(
                id="B",
                currency="EUR",
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 1, 2),
                lines=[BudgetLine("tv", eur("1.00")), BudgetLine("tv", eur("2.00"))],
            )

    def test_lines_must_be_budget_lines(self) -> None:
        with pytest.raises(ValidationError, match="BudgetLine values"):
            Budget(
                id="B",
                currency="EUR",
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 1, 2),
                lines=[("tv", eur("1.00"))],  # type: ignore[list-item]
            )

    def test_a_line_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="kept in 'EUR'"):
            Budget(
                id="B",
                currency="EUR",
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 1, 2),
                lines=[BudgetLine("tv", Money("1.00", "USD"))],
            )

    @pytest.mark.parametrize(
        ("amount", "message"),
        [("1.005", "rounded"), ("-1.00", "zero or more")],
    )
    def test_planned_amounts_are_rounded_and_not_negative(self, amount: str, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            BudgetLine("tv", eur(amount))

    def test_a_line_needs_a_key_and_money(self) -> None:
        with pytest.raises(ValidationError, match="'key'"):
            BudgetLine(" ", eur("1.00"))
        with pytest.raises(ValidationError, match="a Money amount"):
            BudgetLine("tv", "1.00")  # type: ignore[arg-type]

    def test_an_unknown_policy_is_refused_naming_the_policies(self) -> None:
        with pytest.raises(ValidationError, match="'stop', 'warn', 'allow'"):
            quarter(policy="ignore")

    def test_records_must_name_an_existing_line(self) -> None:
        commitment = Commitment(id="IO-1", line="tv", amount=eur("1.00"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="one of the budget's lines: 'search', 'social'"):
            quarter(commitments=[commitment])

    def test_records_must_be_of_their_kind(self) -> None:
        with pytest.raises(ValidationError, match="SpendEntry values"):
            quarter(spend_entries=["INV-1"])

    def test_record_ids_are_unique(self) -> None:
        entry = SpendEntry(id="I-1", line="search", amount=eur("1.00"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="unique ids"):
            quarter(spend_entries=[entry, entry])

    def test_spend_against_an_unknown_commitment_is_refused(self) -> None:
        entry = SpendEntry(
            id="I-1",
            line="search",
            amount=eur("1.00"),
            on=dt.date(2026, 1, 2),
            against_commitment="IO-9",
        )
        with pytest.raises(ValidationError, match=r"'IO-9'.*none yet"):
            quarter(spend_entries=[entry])

    def test_spend_against_a_commitment_of_another_line_is_refused(self) -> None:
        commitment = Commitment(
            id="IO-1", line="social", amount=eur("1.00"), on=dt.date(2026, 1, 2)
        )
        entry = SpendEntry(
            id="I-1",
            line="search",
            amount=eur("1.00"),
            on=dt.date(2026, 1, 2),
            against_commitment="IO-1",
        )
        with pytest.raises(ValidationError, match="'social', the line of 'IO-1'"):
            quarter(commitments=[commitment], spend_entries=[entry])

    def test_change_orders_cannot_leave_a_line_negative(self) -> None:
        order = ChangeOrder(
            line="social", amount=eur("-3000.01"), reason="cut", approved_on=dt.date(2026, 1, 2)
        )
        with pytest.raises(ValidationError, match="zero or more"):
            quarter(change_orders=[order])

    def test_an_overspent_line_is_refused_under_stop(self) -> None:
        entry = SpendEntry(id="I-1", line="social", amount=eur("3000.01"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="'social' is overspent by Money"):
            quarter(spend_entries=[entry])
        assert quarter("warn", spend_entries=[entry]).remaining == eur("5999.99")

    @pytest.mark.parametrize("amount", ["0.00", "-1.00"])
    def test_commitments_and_spend_are_positive(self, amount: str) -> None:
        with pytest.raises(ValidationError, match="positive"):
            Commitment(id="IO-1", line="tv", amount=eur(amount), on=dt.date(2026, 1, 2))

    def test_change_orders_are_not_zero_and_have_a_reason(self) -> None:
        with pytest.raises(ValidationError, match="non-zero"):
            ChangeOrder(line="tv", amount=eur("0"), reason="x", approved_on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="'reason'"):
            ChangeOrder(line="tv", amount=eur("1"), reason="", approved_on=dt.date(2026, 1, 2))

    def test_text_fields_are_text(self) -> None:
        with pytest.raises(ValidationError, match="'reference'"):
            Commitment(
                id="IO-1",
                line="tv",
                amount=eur("1"),
                on=dt.date(2026, 1, 2),
                reference=None,  # type: ignore[arg-type]
            )
        with pytest.raises(ValidationError, match="'against_commitment'"):
            SpendEntry(
                id="I-1", line="tv", amount=eur("1"), on=dt.date(2026, 1, 2), against_commitment=""
            )

    def test_a_warning_has_a_known_kind(self) -> None:
        with pytest.raises(ValidationError, match="'commitment' or 'spend'"):
            BudgetWarning(
                kind="refund",  # type: ignore[arg-type]
                entry_id="I",
                line="tv",
                amount=eur("1"),
                remaining=eur("0"),
            )


class TestFigures:
    def test_planned_committed_actual_and_remaining_per_line_and_in_total(self) -> None:
        budget = (
            quarter()
            .commit("IO-1", "search", eur("2500.00"), on=dt.date(2026, 1, 5))
            .spend("I-1", "social", eur("400.00"), on=dt.date(2026, 1, 20))
            .apply_change_order(
                "social", eur("500.00"), reason="new market", approved_on=dt.date(2026, 2, 1)
            )
        )
        social = budget.line_totals("social")
        assert social == LineSummary(
            key="social",
            original=eur("3000.00"),
            changes=eur("500.00"),
            planned=eur("3500.00"),
            committed=eur("0.00"),
            actual=eur("400.00"),
        )
        assert social.remaining == eur("3100.00")
        assert budget.original == eur("9000.00")
        assert budget.planned == eur("9500.00")
        assert budget.committed == eur("2500.00")
        assert budget.actual == eur("400.00")
        assert budget.remaining == eur("6600.00")
        assert [s.key for s in budget.lines_summary()] == ["search", "social"]
        assert budget.line_keys == ("search", "social")
        totals = budget.totals()
        assert (totals.key, totals.planned, totals.remaining) == (
            "*",
            budget.planned,
            budget.remaining,
        )

    def test_an_unknown_line_is_refused_naming_the_lines(self) -> None:
        with pytest.raises(ValidationError, match="'tv'; expected one of the budget's lines"):
            quarter().line_totals("tv")

    def test_utilisation_is_actual_over_planned(self) -> None:
        budget = quarter().spend("I-1", "search", eur("2250.00"), on=dt.date(2026, 2, 1))
        assert budget.utilisation == Rate("0.25")

    def test_utilisation_of_a_zero_plan(self) -> None:
        empty = Budget(
            id="B",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 31),
            lines=[BudgetLine("tv", eur("0.00"))],
            policy="allow",
        )
        assert empty.utilisation == Rate(0)
        spent = empty.spend("I-1", "tv", eur("1.00"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="a positive planned total"):
            _ = spent.utilisation


class TestOverspendPolicies:
    def test_stop_refuses_a_commitment_beyond_the_remaining(self) -> None:
        budget = quarter().spend("I-1", "social", eur("2000.00"), on=dt.date(2026, 1, 9))
        with pytest.raises(BudgetExceededError) as caught:
            budget.commit("IO-1", "social", eur("1000.01"), on=dt.date(2026, 1, 10))
        assert caught.value.line == "social"
        assert caught.value.amount == eur("1000.01")
        assert caught.value.remaining == eur("1000.00")

    def test_stop_accepts_exactly_the_remaining(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("3000.00"), on=dt.date(2026, 1, 10))
        assert budget.line_totals("social").remaining == eur("0.00")

    def test_warn_accepts_and_lists_a_warning(self) -> None:
        budget = quarter("warn").commit("IO-1", "social", eur("3500.00"), on=dt.date(2026, 1, 10))
        budget = budget.spend("I-1", "social", eur("10.00"), on=dt.date(2026, 1, 11))
        assert budget.warnings == (
            BudgetWarning(
                kind="commitment",
                entry_id="IO-1",
                line="social",
                amount=eur("3500.00"),
                remaining=eur("3000.00"),
            ),
            BudgetWarning(
                kind="spend",
                entry_id="I-1",
                line="social",
                amount=eur("10.00"),
                remaining=eur("-500.00"),
            ),
        )
        assert budget.line_totals("social").remaining == eur("-510.00")
        assert budget.warnings[0].message == (
            "commitment 'IO-1' of Money('3500.00', 'EUR') on line 'social' "
            "exceeds its remaining Money('3000.00', 'EUR')"
        )

    def test_allow_accepts_silently(self) -> None:
        budget = quarter("allow").spend("I-1", "social", eur("9999.00"), on=dt.date(2026, 1, 11))
        assert budget.warnings == ()
        assert budget.remaining == eur("-999.00")

    def test_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match=r"cannot spend Money.*'USD'.*'EUR'"):
            quarter().spend("I-1", "search", Money("1.00", "USD"), on=dt.date(2026, 1, 2))
        with pytest.raises(CurrencyMismatchError, match="cannot commit"):
            quarter().commit("IO-1", "search", Money("1.00", "USD"), on=dt.date(2026, 1, 2))

    def test_an_unknown_line_is_refused_naming_the_lines(self) -> None:
        with pytest.raises(ValidationError, match="'tv'; expected one of the budget's lines"):
            quarter().commit("IO-1", "tv", eur("1.00"), on=dt.date(2026, 1, 2))

    def test_ids_are_not_reused(self) -> None:
        budget = quarter().commit("IO-1", "search", eur("1.00"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="another commitment"):
            budget.commit("IO-1", "search", eur("1.00"), on=dt.date(2026, 1, 2))
        budget = budget.spend("I-1", "search", eur("1.00"), on=dt.date(2026, 1, 2))
        with pytest.raises(ValidationError, match="another spend entry"):
            budget.spend("I-1", "search", eur("1.00"), on=dt.date(2026, 1, 2))

    def test_the_original_budget_is_unchanged(self) -> None:
        budget = quarter()
        budget.spend("I-1", "search", eur("1.00"), on=dt.date(2026, 1, 2))
        assert budget.actual == eur("0.00")


class TestSpendAgainstACommitment:
    def test_it_consumes_the_commitment_instead_of_drawing_twice(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("3000.00"), on=dt.date(2026, 1, 5))
        budget = budget.spend(
            "I-1", "social", eur("1200.00"), on=dt.date(2026, 1, 31), against_commitment="IO-1"
        )
        social = budget.line_totals("social")
        assert (social.committed, social.actual, social.remaining) == (
            eur("1800.00"),
            eur("1200.00"),
            eur("0.00"),
        )

    def test_spend_beyond_the_open_commitment_draws_the_excess(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("2900.00"), on=dt.date(2026, 1, 5))
        with pytest.raises(BudgetExceededError) as caught:
            budget.spend(
                "I-1", "social", eur("3000.01"), on=dt.date(2026, 1, 31), against_commitment="IO-1"
            )
        assert caught.value.amount == eur("100.01")
        assert caught.value.remaining == eur("100.00")
        budget = budget.spend(
            "I-1", "social", eur("3000.00"), on=dt.date(2026, 1, 31), against_commitment="IO-1"
        )
        assert budget.line_totals("social").committed == eur("0.00")
        assert budget.line_totals("social").remaining == eur("0.00")

    def test_an_unknown_commitment_is_refused_naming_the_commitments(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("10.00"), on=dt.date(2026, 1, 5))
        with pytest.raises(
            ValidationError, match="'IO-2'; expected one of the commitments: 'IO-1'"
        ):
            budget.spend(
                "I-1", "social", eur("1.00"), on=dt.date(2026, 1, 6), against_commitment="IO-2"
            )

    def test_the_commitment_must_be_on_the_same_line(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("10.00"), on=dt.date(2026, 1, 5))
        with pytest.raises(ValidationError, match="'social', the line of 'IO-1'"):
            budget.spend(
                "I-1", "search", eur("1.00"), on=dt.date(2026, 1, 6), against_commitment="IO-1"
            )


class TestChangeOrdersAndReallocation:
    def test_original_plus_change_orders_is_the_current_plan(self) -> None:
        budget = quarter().apply_change_order(
            "search", eur("-1000.00"), reason="client cut", approved_on=dt.date(2026, 2, 1)
        )
        search = budget.line_totals("search")
        assert search.original + search.changes == search.planned == eur("5000.00")
        assert budget.change_orders[0].reason == "client cut"

    def test_a_cut_below_committed_and_spent_is_refused(self) -> None:
        budget = (
            quarter()
            .commit("IO-1", "search", eur("4000.00"), on=dt.date(2026, 1, 5))
            .spend("I-1", "search", eur("1500.00"), on=dt.date(2026, 1, 9))
        )
        with pytest.raises(ValidationError, match=r"a cut of at most Money\('500.00', 'EUR'\)"):
            budget.apply_change_order(
                "search", eur("-500.01"), reason="cut", approved_on=dt.date(2026, 2, 1)
            )
        assert budget.apply_change_order(
            "search", eur("-500.00"), reason="cut", approved_on=dt.date(2026, 2, 1)
        ).line_totals("search").remaining == eur("0.00")

    def test_a_cut_of_an_overspent_line_says_nothing_can_be_cut(self) -> None:
        budget = quarter("allow").spend("I-1", "social", eur("3500.00"), on=dt.date(2026, 1, 9))
        with pytest.raises(ValidationError, match=r"at most Money\('0.00', 'EUR'\)"):
            budget.apply_change_order(
                "social", eur("-1.00"), reason="cut", approved_on=dt.date(2026, 2, 1)
            )

    def test_a_change_order_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            quarter().apply_change_order(
                "search", Money("1", "JPY"), reason="x", approved_on=dt.date(2026, 2, 1)
            )

    def test_reallocation_keeps_the_total_and_records_both_sides(self) -> None:
        budget = quarter().reallocate(
            "search", "social", eur("1000.00"), on=dt.date(2026, 2, 1), reason="social works"
        )
        assert budget.planned == eur("9000.00")
        assert budget.line_totals("social").planned == eur("4000.00")
        assert [o.reason for o in budget.change_orders] == [
            "reallocated to 'social': social works",
            "reallocated from 'search': social works",
        ]

    def test_a_reallocation_without_a_date_is_recorded_undated(self) -> None:
        budget = quarter().reallocate("search", "social", eur("1000.00"))
        assert budget.planned == eur("9000.00")
        assert [o.approved_on for o in budget.change_orders] == [None, None]
        assert [o.amount for o in budget.change_orders] == [eur("-1000.00"), eur("1000.00")]

    def test_reallocation_cannot_cut_below_committed_and_spent(self) -> None:
        budget = quarter().commit("IO-1", "social", eur("2500.00"), on=dt.date(2026, 1, 5))
        with pytest.raises(
            ValidationError, match=r"has Money.'2500.00', 'EUR'. committed and spent"
        ):
            budget.reallocate("social", "search", eur("500.01"), on=dt.date(2026, 2, 1))

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("search", "search", eur("1.00")), "a line other than 'from_line'"),
            (("search", "tv", eur("1.00")), "'to_line'"),
            (("tv", "search", eur("1.00")), "'from_line'"),
            (("search", "social", eur("0.00")), "a positive amount"),
            (("search", "social", eur("0.001")), "rounded"),
        ],
    )
    def test_reallocation_refuses_bad_arguments(
        self, args: tuple[str, str, Money], message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            quarter().reallocate(*args, on=dt.date(2026, 2, 1))

    def test_reallocation_in_another_currency_is_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="cannot reallocate"):
            quarter().reallocate("search", "social", Money("1.00", "USD"), on=dt.date(2026, 2, 1))


class TestTheoreticalSpendAndVariance:
    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (dt.date(2025, 12, 31), "0.00"),
            (dt.date(2026, 1, 1), "100.00"),
            (dt.date(2026, 1, 31), "3100.00"),
            (dt.date(2026, 3, 31), "9000.00"),
            (dt.date(2027, 1, 1), "9000.00"),
        ],
    )
    def test_planned_times_elapsed_over_total_days(self, as_of: dt.date, expected: str) -> None:
        assert quarter().theoretical_spend(as_of=as_of) == eur(expected)

    def test_it_rounds_half_up_to_the_minor_unit(self) -> None:
        budget = Budget(
            id="B",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 8),
            lines=[BudgetLine("tv", eur("0.20"))],
        )
        # 0.20 × 1/8 = 0.025 → 0.03; 0.20 × 3/8 = 0.075 → 0.08
        assert budget.theoretical_spend(as_of=dt.date(2026, 1, 1)) == eur("0.03")
        assert budget.theoretical_spend(as_of=dt.date(2026, 1, 3)) == eur("0.08")

    def test_it_works_per_line(self) -> None:
        assert quarter().theoretical_spend(as_of=dt.date(2026, 1, 31), line="social") == eur(
            "1033.33"
        )

    def test_variance_counts_spend_dated_up_to_the_day(self) -> None:
        budget = (
            quarter()
            .spend("I-1", "search", eur("3500.00"), on=dt.date(2026, 1, 31))
            .spend("I-2", "search", eur("1000.00"), on=dt.date(2026, 2, 1))
        )
        assert budget.spent_by(as_of=dt.date(2026, 1, 31)) == eur("3500.00")
        assert budget.variance(as_of=dt.date(2026, 1, 31)) == eur("400.00")
        assert budget.variance(as_of=dt.date(2026, 1, 31), line="social") == eur("-1033.33")
        with pytest.raises(ValidationError, match="'line'"):
            budget.spent_by(as_of=dt.date(2026, 1, 31), line="tv")

    def test_as_of_must_be_a_date(self) -> None:
        with pytest.raises(ValidationError, match="'as_of'"):
            quarter().theoretical_spend(as_of=pendulum.datetime(2026, 1, 5))  # type: ignore[arg-type]


class TestSplitByPeriod:
    def test_months_in_proportion_to_days(self) -> None:
        parts = quarter().split_by_period("month")
        assert parts == (
            PeriodAmount(
                start=pendulum.Date(2026, 1, 1),
                end=pendulum.Date(2026, 1, 31),
                amount=eur("3100.00"),
            ),
            PeriodAmount(
                start=pendulum.Date(2026, 2, 1),
                end=pendulum.Date(2026, 2, 28),
                amount=eur("2800.00"),
            ),
            PeriodAmount(
                start=pendulum.Date(2026, 3, 1),
                end=pendulum.Date(2026, 3, 31),
                amount=eur("3100.00"),
            ),
        )

    def test_quarters_years_and_one_line(self) -> None:
        budget = Budget(
            id="B",
            currency="JPY",
            start=dt.date(2025, 11, 15),
            end=dt.date(2026, 4, 2),
            lines=[BudgetLine("tv", Money("1000", "JPY")), BudgetLine("web", Money("7", "JPY"))],
        )
        quarters = budget.split_by_period("quarter")
        assert [(p.start.isoformat(), p.end.isoformat()) for p in quarters] == [
            ("2025-11-15", "2025-12-31"),
            ("2026-01-01", "2026-03-31"),
            ("2026-04-01", "2026-04-02"),
        ]
        assert [p.amount.amount for p in quarters] == [341, 652, 14]
        years = budget.split_by_period("year", line="web")
        assert [p.amount for p in years] == [Money("2", "JPY"), Money("5", "JPY")]

    def test_an_unknown_unit_is_refused(self) -> None:
        with pytest.raises(
            ValidationError, match=r"'fortnight'.*'week', 'month', 'quarter', 'year'"
        ):
            quarter().split_by_period("fortnight")  # type: ignore[arg-type]


class TestProperties:
    @given(budgets(), st.data())
    def test_reallocation_preserves_the_total(self, budget: Budget, data: st.DataObject) -> None:
        if len(budget.lines) < 2:
            return
        source, target = data.draw(st.permutations(budget.line_keys))[:2]
        summary = budget.line_totals(source)
        room = summary.planned - summary.committed - summary.actual
        if room.amount <= 0:
            return
        units = data.draw(rounded_money(budget.currency.code, min_units=1, max_units=10**9))
        amount = min(units, room)
        moved = budget.reallocate(source, target, amount, on=budget.start)
        assert moved.planned == budget.planned
        assert moved.line_totals(target).planned == budget.line_totals(target).planned + amount
        assert moved.line_totals(source).remaining.amount >= 0

    @given(budgets(), st.sampled_from(["month", "quarter", "year"]))
    def test_period_splits_add_up_to_the_plan(self, budget: Budget, unit: str) -> None:
        parts = budget.split_by_period(unit)  # type: ignore[arg-type]
        assert Money.sum((p.amount for p in parts), budget.currency) == budget.planned
        assert parts[0].start == budget.start
        assert parts[-1].end == budget.end
        days = sum((p.end - p.start).days + 1 for p in parts)
        assert days == budget.total_days
        for earlier, later in itertools.pairwise(parts):
            assert later.start == earlier.end.add(days=1)

    @given(budgets(policy="stop", max_steps=20))
    def test_remaining_is_never_negative_under_stop(self, budget: Budget) -> None:
        assert budget.remaining.amount >= 0
        assert all(s.remaining.amount >= 0 for s in budget.lines_summary())
        assert budget.warnings == ()

    @given(budgets(), st.integers(-30, 900), st.integers(0, 900))
    def test_theoretical_spend_is_monotone_and_all_of_it_at_the_end(
        self, budget: Budget, offset: int, step: int
    ) -> None:
        earlier = (
            budget.start.add(days=offset) if offset >= 0 else budget.start.subtract(days=-offset)
        )
        later = earlier.add(days=step)
        assert budget.theoretical_spend(as_of=earlier) <= budget.theoretical_spend(as_of=later)
        assert budget.theoretical_spend(as_of=budget.end) == budget.planned
        assert budget.theoretical_spend(as_of=budget.start.subtract(days=1)).amount == 0
        assert budget.theoretical_spend(as_of=earlier).is_rounded

    @given(budgets())
    def test_the_figures_add_up(self, budget: Budget) -> None:
        totals = budget.totals()
        assert totals.planned == budget.planned == totals.original + totals.changes
        assert budget.remaining == budget.planned - budget.committed - budget.actual
        assert totals.remaining == budget.remaining

    @given(budgets())
    def test_a_budget_rebuilt_from_its_fields_is_equal(self, budget: Budget) -> None:
        rebuilt = Budget(
            id=budget.id,
            currency=budget.currency,
            start=budget.start,
            end=budget.end,
            lines=budget.lines,
            policy=budget.policy,
            change_orders=budget.change_orders,
            commitments=budget.commitments,
            spend_entries=budget.spend_entries,
            warnings=budget.warnings,
        )
        assert rebuilt == budget
        assert hash(rebuilt) == hash(budget)


class TestStrategies:
    @pytest.mark.parametrize(
        "cls",
        [
            Budget,
            BudgetLine,
            BudgetWarning,
            ChangeOrder,
            Commitment,
            LineSummary,
            PeriodAmount,
            SpendEntry,
        ],
    )
    @given(data=st.data())
    def test_every_type_has_a_registered_strategy(self, cls: type, data: st.DataObject) -> None:
        register()
        assert isinstance(data.draw(st.from_type(cls)), cls)


def test_results_do_not_depend_on_the_callers_decimal_context(
    hostile_decimal_context: decimal.Context,
) -> None:
    budget = (
        quarter("warn")
        .commit("IO-1", "search", eur("2500.00"), on=dt.date(2026, 1, 5))
        .spend("I-1", "search", eur("1234.56"), on=dt.date(2026, 1, 31), against_commitment="IO-1")
        .spend("I-2", "social", eur("3456.78"), on=dt.date(2026, 2, 3))
        .reallocate("search", "social", eur("123.45"), on=dt.date(2026, 2, 3))
    )
    assert budget.theoretical_spend(as_of=dt.date(2026, 1, 17)) == eur("1700.00")
    assert budget.theoretical_spend(as_of=dt.date(2026, 1, 18)) == eur("1800.00")
    assert budget.variance(as_of=dt.date(2026, 2, 3)) == eur("1291.34")
    assert budget.utilisation == Rate("0.52126")
    assert [p.amount for p in budget.split_by_period("month")] == [
        eur("3100.00"),
        eur("2800.00"),
        eur("3100.00"),
    ]
    assert budget.remaining == eur("3043.22")


SUMMARY: dict[str, object] = {
    "key": "tv",
    "original": eur("9000.00"),
    "changes": eur("500.00"),
    "planned": eur("9500.00"),
    "committed": eur("4000.00"),
    "actual": eur("3000.00"),
}
PART: dict[str, object] = {
    "start": dt.date(2026, 1, 1),
    "end": dt.date(2026, 3, 31),
    "amount": eur("4475.14"),
}
WARNING: dict[str, object] = {
    "kind": "spend",
    "entry_id": "INV-9",
    "line": "tv",
    "amount": eur("700.00"),
    "remaining": eur("-500.00"),  # the line was overspent already
}
BUDGET_NONSENSE = [
    (LineSummary, "key", ""),
    (LineSummary, "original", eur("-1.00")),
    (LineSummary, "original", eur("9000.001")),
    (LineSummary, "changes", "500.00"),
    (LineSummary, "changes", Money("500.00", "USD")),
    (LineSummary, "planned", eur("9000.00")),  # not original + changes
    (LineSummary, "committed", eur("-4000.00")),
    (LineSummary, "actual", 3000),
    (PeriodAmount, "start", dt.datetime(2026, 1, 1, 9)),
    (PeriodAmount, "end", dt.date(2025, 12, 31)),  # before the start
    (PeriodAmount, "amount", eur("-4475.14")),
    (PeriodAmount, "amount", eur("4475.145")),
    (BudgetWarning, "amount", eur("0.00")),
    (BudgetWarning, "amount", eur("700.001")),
    (BudgetWarning, "remaining", Money("-500.00", "USD")),
    (BudgetWarning, "remaining", "-500.00"),
]
BUDGET_VALID = {LineSummary: SUMMARY, PeriodAmount: PART, BudgetWarning: WARNING}


class TestResultTypesRefuseNonsense:
    @pytest.mark.parametrize("cls", list(BUDGET_VALID), ids=lambda c: c.__name__)
    def test_the_valid_examples_are_valid(self, cls):
        assert cls(**BUDGET_VALID[cls])

    @pytest.mark.parametrize(
        ("cls", "field", "value"),
        BUDGET_NONSENSE,
        ids=[f"{c.__name__}.{f}={v!r}" for c, f, v in BUDGET_NONSENSE],
    )
    def test_each_refuses(self, cls, field, value):
        with pytest.raises(ValidationError) as info:
            cls(**{**BUDGET_VALID[cls], field: value})
        assert info.value.field == field

    @given(budgets())
    def test_every_figure_a_budget_computes_passes(self, budget):
        made = [*budget.lines_summary(), budget.totals(), *budget.warnings]
        made.extend(budget.split_by_period("quarter"))
        for value in made:
            assert attrs.evolve(value) == value

    def test_a_summary_read_back_with_planned_out_of_step_is_refused(self):
        data = to_dict(LineSummary(**SUMMARY))
        data["planned"]["amount"] = "1.00"
        with pytest.raises(ValidationError, match="original \\+ changes"):
            from_dict(LineSummary, data)


class TestSplitByWeek:
    def flight(self, start: dt.date, end: dt.date, amount: str = "1000.00") -> Budget:
        return Budget(
            id="B-W",
            currency="EUR",
            start=start,
            end=end,
            lines=[BudgetLine("tv", eur(amount))],
        )

    def test_seven_whole_weeks_give_the_extra_cents_to_the_earliest(self) -> None:
        weeks = self.flight(dt.date(2026, 6, 1), dt.date(2026, 7, 19)).split_by_period("week")
        assert [p.amount for p in weeks] == [eur("142.86")] * 5 + [eur("142.85")] * 2
        assert [p.start.isoformat() for p in weeks][:2] == ["2026-06-01", "2026-06-08"]
        assert all(p.start.weekday() == 0 and p.end.weekday() == 6 for p in weeks)

    def test_partial_first_and_last_weeks_are_prorated_by_days(self) -> None:
        # Thursday 4 June to Tuesday 16 June 2026: 4 + 7 + 2 = 13 days
        weeks = self.flight(dt.date(2026, 6, 4), dt.date(2026, 6, 16), "130.00").split_by_period(
            "week"
        )
        assert [(p.start.isoformat(), p.end.isoformat()) for p in weeks] == [
            ("2026-06-04", "2026-06-07"),
            ("2026-06-08", "2026-06-14"),
            ("2026-06-15", "2026-06-16"),
        ]
        assert [p.amount for p in weeks] == [eur("40.00"), eur("70.00"), eur("20.00")]

    def test_iso_weeks_cross_the_new_year(self) -> None:
        weeks = self.flight(dt.date(2026, 12, 28), dt.date(2027, 1, 10)).split_by_period("week")
        assert [p.start.isoformat() for p in weeks] == ["2026-12-28", "2027-01-04"]

    def test_a_line_is_split_on_its_own(self) -> None:
        weeks = quarter().split_by_period("week", line="social")
        assert Money.sum((p.amount for p in weeks), "EUR") == eur("3000.00")


class TestSplitByCustomPeriods:
    def test_a_custom_flighting_is_split_by_days(self) -> None:
        budget = quarter()
        parts = budget.split_by_period(
            periods=[
                (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
                (dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
            ]
        )
        assert [p.amount for p in parts] == [eur("3100.00"), eur("5900.00")]

    @pytest.mark.parametrize(
        ("periods", "message"),
        [
            ([(dt.date(2026, 1, 2), dt.date(2026, 3, 31))], "starting on 2026-01-01"),
            ([(dt.date(2026, 1, 1), dt.date(2026, 2, 1))], "nothing covers 2026-02-02"),
            (
                [
                    (dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
                    (dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
                ],
                "without gap or overlap",
            ),
            ([(dt.date(2026, 1, 1), dt.date(2026, 4, 30))], "an end from 2026-01-01 to 2026-03-31"),
            ([("2026-01-01",)], "pairs of dates"),
        ],
    )
    def test_periods_that_do_not_cover_the_budget_are_refused(
        self, periods: list[tuple[object, ...]], message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            quarter().split_by_period(periods=periods)  # type: ignore[arg-type]

    def test_a_unit_and_periods_together_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'unit'"):
            quarter().split_by_period("week", periods=[(dt.date(2026, 1, 1), dt.date(2026, 3, 31))])

    @given(budgets(), st.data())
    def test_any_partition_adds_up_to_the_planned_amount(
        self, budget: Budget, data: st.DataObject
    ) -> None:
        days = budget.total_days
        cuts = sorted(data.draw(st.sets(st.integers(1, days - 1), max_size=5)) if days > 1 else [])
        bounds = [0, *cuts, days]
        periods = [
            (budget.start.add(days=a), budget.start.add(days=b - 1))
            for a, b in itertools.pairwise(bounds)
        ]
        parts = budget.split_by_period(periods=periods)
        assert Money.sum((p.amount for p in parts), budget.currency) == budget.planned

    @given(budgets())
    def test_weeks_add_up_and_run_monday_to_sunday_inside(self, budget: Budget) -> None:
        weeks = budget.split_by_period("week")
        assert Money.sum((p.amount for p in weeks), budget.currency) == budget.planned
        assert weeks[0].start == budget.start
        assert weeks[-1].end == budget.end
        for week in weeks[1:]:
            assert week.start.weekday() == 0
        for week in weeks[:-1]:
            assert week.end.weekday() == 6
