"""Tests of accountexec.retention: GRR, NRR, logo churn, renewal rate and the renewal pipeline."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.calendars import WorkCalendar
from accountexec.contracts import Contract, Renewal, RenewalKind
from accountexec.contracts import renewals_due as contract_renewals_due
from accountexec.deadlines import BusinessDays, CalendarDays
from accountexec.errors import CurrencyMismatchError, ValidationError
from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
from accountexec.money import ExchangeRates, Money, Rate
from accountexec.retention import (
    RetentionFigures,
    UpcomingRenewal,
    invoiced_revenue,
    recurring_revenue,
    renewal_rate,
    renewals_due,
    revenue_retention,
)
from accountexec.strategies._money import money

SIGNED_AT = pendulum.datetime(2025, 12, 1, tz="UTC")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def signed(
    cid: str, client: str, value: str, start: dt.date, months: int, **kwargs: object
) -> Contract:
    draft = Contract(
        id=cid,
        client_id=client,
        title=cid,
        value=eur(value),
        start=start,
        term_months=months,
        signatories=["ana"],
        **kwargs,  # type: ignore[arg-type]
    )
    return draft.negotiate(at=SIGNED_AT).sign(at=SIGNED_AT)


class TestRevenueRetention:
    def test_the_worked_example(self) -> None:
        figures = revenue_retention(
            {"fjord": eur("120000.00"), "nordic": eur("60000.00"), "alba": eur("20000.00")},
            {"fjord": eur("150000.00"), "nordic": eur("45000.00"), "kite": eur("50000.00")},
        )
        assert figures.starting == eur("200000.00")
        assert (figures.expansion, figures.contraction, figures.churned) == (
            eur("30000.00"),
            eur("15000.00"),
            eur("20000.00"),
        )
        assert figures.new == eur("50000.00")
        assert figures.retained == eur("165000.00")
        assert figures.gross_retention == Rate("0.825")
        assert figures.net_retention == Rate("0.975")
        assert (figures.churned_clients, figures.clients) == (1, 3)

    def test_a_client_with_zero_revenue_is_not_a_client(self) -> None:
        figures = revenue_retention({"a": eur("100.00"), "b": eur("0.00")}, {"a": eur("100.00")})
        assert (figures.clients, figures.logo_churn) == (1, Rate(0))

    def test_mixed_currencies_are_refused(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="ExchangeRates"):
            revenue_retention({"a": eur("1.00")}, {"a": Money("1.00", "USD")})

    def test_nothing_at_all_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at least one client"):
            revenue_retention({}, {})

    @given(
        st.dictionaries(st.sampled_from("abcdef"), money("EUR", 0, 100000), min_size=1),
        st.dictionaries(st.sampled_from("abcdef"), money("EUR", 0, 100000)),
    )
    def test_the_definitions_hold(self, start: dict[str, Money], end: dict[str, Money]) -> None:
        if not any(m.amount for m in (*start.values(), *end.values())):
            return
        f = revenue_retention(start, end)
        kept = {c: m for c, m in end.items() if m.amount and start.get(c, eur("0")).amount}
        assert f.retained + f.expansion == sum(kept.values(), eur("0.00"))
        if f.gross_retention is not None and f.net_retention is not None:
            assert f.gross_retention.value <= 1
            assert f.gross_retention.value <= f.net_retention.value


class TestRecurringRevenue:
    def test_active_contracts_annualised_per_client(self) -> None:
        contracts = [
            signed("C-1", "fjord", "60000.00", dt.date(2026, 1, 1), 6),
            signed("C-2", "fjord", "12000.00", dt.date(2026, 1, 1), 12),
            signed("C-3", "kite", "24000.00", dt.date(2026, 7, 1), 24),  # not started yet
        ]
        revenue = recurring_revenue(contracts, dt.date(2026, 3, 1), currency="EUR")
        assert dict(revenue) == {"fjord": eur("132000.00")}

    def test_other_currencies_need_rates(self) -> None:
        usd = (
            Contract(
                id="C-9",
                client_id="acme",
                title="t",
                value=Money("1000.00", "USD"),
                start=dt.date(2026, 1, 1),
                term_months=12,
                signatories=["ana"],
            )
            .negotiate(at=SIGNED_AT)
            .sign(at=SIGNED_AT)
        )
        with pytest.raises(CurrencyMismatchError, match="pass rates="):
            recurring_revenue([usd], dt.date(2026, 3, 1), currency="EUR")
        rates = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=dt.date(2026, 3, 1))
        assert recurring_revenue([usd], dt.date(2026, 3, 1), currency="EUR", rates=rates)[
            "acme"
        ] == eur("800.00")

    def test_two_snapshots_make_a_retention(self) -> None:
        first = signed("C-1", "fjord", "100000.00", dt.date(2025, 1, 1), 12)
        second = signed("C-2", "fjord", "110000.00", dt.date(2026, 1, 1), 12, predecessor_id="C-1")
        gone = signed("C-3", "alba", "20000.00", dt.date(2025, 1, 1), 12)
        contracts = [first, second, gone]
        figures = revenue_retention(
            recurring_revenue(contracts, dt.date(2025, 6, 1), currency="EUR"),
            recurring_revenue(contracts, dt.date(2026, 6, 1), currency="EUR"),
        )
        assert figures.net_retention == Rate(110000) / 120000
        assert figures.logo_churn == Rate("0.5")


class TestInvoicedRevenue:
    def invoice(
        self, number: str, client: str, amount: str, day: dt.date, currency: str = "EUR"
    ) -> Invoice:
        line = InvoiceLine(description="Fee", quantity=1, unit_price=Money(amount, currency))
        draft = Invoice(
            number=number,
            client_id=client,
            currency=currency,
            issued_on=day,
            terms=PaymentTerms.net(30),
            lines=[line],
        )
        return draft.issue(at=pendulum.datetime(day.year, day.month, day.day, 12, tz="UTC"))

    def test_issued_invoices_of_the_period_net_of_tax_per_client(self) -> None:
        book = [
            self.invoice("1", "fjord", "100.00", dt.date(2026, 1, 1)),
            self.invoice("2", "fjord", "50.00", dt.date(2026, 3, 31)),
            self.invoice("3", "kite", "80.00", dt.date(2026, 4, 1)),
            self.invoice("4", "alba", "70.00", dt.date(2026, 2, 1)).void(
                at=pendulum.datetime(2026, 2, 2, tz="UTC")
            ),
        ]
        revenue = invoiced_revenue(book, dt.date(2026, 1, 1), dt.date(2026, 3, 31), currency="EUR")
        assert dict(revenue) == {"fjord": eur("150.00")}

    def test_other_currencies_need_rates(self) -> None:
        book = [self.invoice("1", "acme", "125.00", dt.date(2026, 1, 5), currency="USD")]
        with pytest.raises(CurrencyMismatchError, match="pass rates="):
            invoiced_revenue(book, dt.date(2026, 1, 1), dt.date(2026, 3, 31), currency="EUR")
        rates = ExchangeRates(base="EUR", rates={"USD": "1.25"}, as_of=dt.date(2026, 1, 5))
        revenue = invoiced_revenue(
            book, dt.date(2026, 1, 1), dt.date(2026, 3, 31), currency="EUR", rates=rates
        )
        assert revenue["acme"] == eur("100.00")


class TestRenewalRate:
    def test_renewed_by_a_successor_or_by_status(self) -> None:
        first = signed("C-1", "fjord", "100000.00", dt.date(2025, 1, 1), 12)
        second = signed("C-2", "fjord", "110000.00", dt.date(2026, 1, 1), 12, predecessor_id="C-1")
        lapsed = signed("C-3", "alba", "20000.00", dt.date(2025, 1, 1), 12)
        later = signed("C-4", "kite", "5000.00", dt.date(2025, 6, 1), 12)
        rate = renewal_rate(
            [first, second, lapsed, later],
            dt.date(2025, 1, 1),
            dt.date(2025, 12, 31),
            currency="EUR",
        )
        assert (rate.due, rate.renewed) == (2, 1)
        assert rate.value_rate == Rate(100000) / 120000
        assert rate.rate == Rate("0.5")

    def test_nothing_due_has_no_rate(self) -> None:
        rate = renewal_rate([], dt.date(2025, 1, 1), dt.date(2025, 12, 31), currency="EUR")
        assert (rate.rate, rate.value_rate) == (None, None)

    def test_a_backwards_period_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'end'"):
            renewal_rate([], dt.date(2025, 12, 31), dt.date(2025, 1, 1), currency="EUR")


class TestRenewalsDue:
    def contracts(self) -> list[Contract]:
        auto = Renewal(kind="automatic", notice_days=60)
        return [
            signed("C-1", "fjord", "60000.00", dt.date(2026, 1, 1), 12, renewal=auto),
            signed(
                "C-2",
                "kite",
                "9000.00",
                dt.date(2026, 4, 1),
                9,
                renewal=Renewal(kind="manual", notice_days=30),
            ),
            signed("C-3", "alba", "1000.00", dt.date(2026, 1, 1), 12),  # does not renew
            signed("C-4", "acme", "1000.00", dt.date(2026, 1, 1), 24, renewal=auto),  # too far
        ]

    def test_the_pipeline_within_ninety_days_with_values_and_deadlines(self) -> None:
        rows = renewals_due(self.contracts(), dt.date(2026, 9, 15))
        assert [(r.contract_id, r.notice_deadline, r.days_to_notice) for r in rows] == [
            ("C-1", dt.date(2026, 11, 1), 47),
            ("C-2", dt.date(2026, 12, 1), 77),
        ]
        assert rows[0].annual_value == eur("60000.00")
        assert rows[1].annual_value == eur("12000.00")
        assert rows[1].renewal is RenewalKind.MANUAL

    def test_it_selects_what_contracts_renewals_due_selects(self) -> None:
        ours = renewals_due(self.contracts(), dt.date(2026, 9, 15), within=CalendarDays(50))
        theirs = contract_renewals_due(self.contracts(), as_of=dt.date(2026, 9, 15), within_days=50)
        assert [r.contract_id for r in ours] == [c.id for c in theirs] == ["C-1"]

    def test_a_window_in_business_days(self) -> None:
        cal = WorkCalendar()
        rows = renewals_due(
            self.contracts(), dt.date(2026, 9, 15), within=BusinessDays(34), calendar=cal
        )
        assert [r.contract_id for r in rows] == ["C-1"]

    def test_a_backwards_window_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'within'"):
            renewals_due(self.contracts(), dt.date(2026, 9, 15), within=CalendarDays(-5))


class TestEveryRefusalNamesItsParameter:
    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: revenue_retention([], {}), "start"),  # type: ignore[arg-type]
            (lambda: revenue_retention({"": eur("1.00")}, {}), "start"),
            (lambda: revenue_retention({"a": Money("1.005", "EUR")}, {}), "start"),
            (lambda: recurring_revenue([], dt.date(2026, 1, 1), currency="EUR", rates={}), "rates"),  # type: ignore[arg-type]
            (
                lambda: invoiced_revenue(
                    [], dt.date(2026, 2, 1), dt.date(2026, 1, 1), currency="EUR"
                ),
                "end",
            ),
            (
                lambda: invoiced_revenue(
                    [], dt.date(2026, 1, 1), dt.date(2026, 2, 1), currency="EUR", rates=1
                ),
                "rates",
            ),  # type: ignore[arg-type]
            (
                lambda: renewal_rate(
                    [
                        Contract(
                            id="C-U",
                            client_id="a",
                            title="t",
                            value=Money("1.00", "USD"),
                            start=dt.date(2025, 1, 1),
                            term_months=12,
                            signatories=["ana"],
                        )
                        .negotiate(at=SIGNED_AT)
                        .sign(at=SIGNED_AT)
                    ],
                    dt.date(2025, 1, 1),
                    dt.date(2025, 12, 31),
                    currency="EUR",
                ),
                "contracts",
            ),
            (lambda: renewals_due([], dt.date(2026, 1, 1), within=90), "within"),  # type: ignore[arg-type]
            (
                lambda: RetentionFigures(
                    currency="EUR",
                    starting=eur("1.00"),
                    expansion=Money("0.00", "USD"),
                    contraction=eur("0.00"),
                    churned=eur("0.00"),
                    new=eur("0.00"),
                    clients=1,
                    churned_clients=0,
                ),
                "expansion",
            ),
            (
                lambda: RetentionFigures(
                    currency="EUR",
                    starting=eur("1.00"),
                    expansion=eur("0.00"),
                    contraction=eur("1.00"),
                    churned=eur("1.00"),
                    new=eur("0.00"),
                    clients=1,
                    churned_clients=0,
                ),
                "contraction",
            ),
            (
                lambda: RetentionFigures(
                    currency="EUR",
                    starting=eur("1.00"),
                    expansion=eur("0.00"),
                    contraction=eur("0.00"),
                    churned=Money("-1.00", "EUR"),
                    new=eur("0.00"),
                    clients=1,
                    churned_clients=2,
                ),
                "churned",
            ),
            (
                lambda: RetentionFigures(
                    currency="EUR",
                    starting=eur("1.00"),
                    expansion=eur("0.00"),
                    contraction=eur("0.00"),
                    churned=eur("0.00"),
                    new=eur("0.00"),
                    clients=1,
                    churned_clients=2,
                ),
                "churned_clients",
            ),
            (
                lambda: UpcomingRenewal(
                    contract_id="C",
                    client_id="a",
                    value=eur("1.00"),
                    annual_value=eur("1.00"),
                    ends_on=dt.date(2026, 1, 1),
                    notice_deadline=dt.date(2025, 12, 1),
                    days_to_notice=3,
                    renewal="automatic",
                ),
                "renewal",
            ),
        ],
    )
    def test_refused(self, call: Callable[[], object], field: str) -> None:
        with pytest.raises(ValidationError, match=f"invalid .{field}"):
            call()

    def test_no_starting_revenue_has_no_rates(self) -> None:
        figures = revenue_retention({}, {"new": eur("10.00")})
        assert (figures.gross_retention, figures.net_retention, figures.logo_churn) == (
            None,
            None,
            None,
        )

    def test_a_contract_given_by_its_end_is_annualised_by_days(self) -> None:
        half = (
            Contract(
                id="C-D",
                client_id="fjord",
                title="t",
                value=eur("36500.00"),
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 2, 19),
                signatories=["ana"],
            )
            .negotiate(at=SIGNED_AT)
            .sign(at=SIGNED_AT)
        )
        assert recurring_revenue([half], dt.date(2026, 2, 1), currency="EUR")["fjord"] == eur(
            "266450.00"
        )


class TestTheCallersDecimalContextChangesNothing:
    def test_under_a_hostile_context(self, hostile_decimal_context: object) -> None:
        start = {"a": eur("123456.78"), "b": eur("98765.43"), "c": eur("1.01")}
        end = {"a": eur("223456.79"), "b": eur("8765.43")}
        hostile = revenue_retention(start, end)
        rates = (hostile.gross_retention, hostile.net_retention, hostile.logo_churn)
        with decimal.localcontext(decimal.Context()):
            calm = revenue_retention(start, end)
            assert hostile == calm
            assert rates == (calm.gross_retention, calm.net_retention, calm.logo_churn)
