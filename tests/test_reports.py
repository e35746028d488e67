"""Tests of accountexec.reports (client reports, account health), rendering and _views."""

from __future__ import annotations

import decimal
import re
from datetime import date, datetime
from decimal import Decimal

import attrs
import babel.dates
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec import _views
from accountexec import strategies as aes
from accountexec.accounts import Account, AccountTeam, Client
from accountexec.activities import Activity, ActivityLog
from accountexec.budgets import Budget, BudgetLine
from accountexec.calendars import WorkCalendar
from accountexec.campaigns import Campaign, Deliverable
from accountexec.cases import ClientIssue, SlaPolicy, sla_status
from accountexec.contracts import Contract, Renewal
from accountexec.deadlines import BusinessDays, BusinessHours
from accountexec.errors import ValidationError
from accountexec.invoices import Invoice, InvoiceLine, Payment, PaymentTerms
from accountexec.money import Money, Rate
from accountexec.pipeline import Opportunity, Pipeline, Stage, forecast
from accountexec.rendering import Bullets, Code, Document, Section, Table, render, width
from accountexec.reports import (
    DEFAULT_WEIGHTS,
    AccountHealth,
    ClientReport,
    HealthRating,
    HealthThresholds,
    SignalStatus,
    pipeline_funnel,
)

LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "vi_VN")
TZ = "Europe/Berlin"
AS_OF = pendulum.date(2026, 4, 15)


def at(month: int, day: int, hour: int = 9) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, tz=TZ)


def make_account(name: str = "Fjord Coffee", locale: str = "de_DE") -> Account:
    client = Client(id="FJORD", legal_name=name, locale=locale, currency="EUR", timezone=TZ)
    team = AccountTeam(executive="Ana", assistants=["Ben"], supervisor="Cy", director="Di")
    return Account(id="ACC-1", client=client, team=team).win(at=at(1, 5))


def make_budget() -> Budget:
    budget = Budget(
        id="B-1",
        currency="EUR",
        start=date(2026, 4, 1),
        end=date(2026, 4, 30),
        lines=[BudgetLine("social", Money("3000.00", "EUR"))],
    )
    return budget.spend("S-1", "social", Money("1000.00", "EUR"), on=date(2026, 4, 10))


def make_campaign(client_id: str = "FJORD", cid: str = "CMP-1") -> Campaign:
    return Campaign(
        id=cid,
        client_id=client_id,
        brief_id="BR-1",
        name="Launch",
        flight_start=date(2026, 4, 1),
        flight_end=date(2026, 4, 30),
        budget=make_budget(),
        deliverables=[
            Deliverable(name="posters", owner="Cy", duration=2),
            Deliverable(name="report", owner="Ana", due=BusinessDays(15)),
            Deliverable(name="wrap-up", owner="Ana", due=date(2026, 6, 30)),
        ],
    )


def make_invoice(number: str, issued: date, amount: str, client_id: str = "FJORD") -> Invoice:
    return Invoice(
        number=number,
        client_id=client_id,
        currency="EUR",
        issued_on=issued,
        lines=[InvoiceLine(description="Retainer", quantity=1, unit_price=Money(amount, "EUR"))],
        terms=PaymentTerms.net(30),
    ).issue(at=at(1, 1) if issued.month == 1 else pendulum.datetime(2026, issued.month, 28, tz=TZ))


def make_contract(client_id: str = "FJORD") -> Contract:
    return (
        Contract(
            id="CT-1",
            client_id=client_id,
            title="Retainer",
            value=Money("12000.00", "EUR"),
            start=date(2025, 8, 1),
            term_months=12,
            renewal=Renewal(kind="automatic", notice_days=90),
            signatories=["Lena"],
        )
        .negotiate(at=at(1, 2))
        .sign(at=at(1, 2))
    )


def deal(
    oid: str, account_id: str = "ACC-1", stage: str = "proposal", **more: object
) -> Opportunity:
    fields: dict[str, object] = {
        "id": oid,
        "account_id": account_id,
        "name": f"deal {oid}",
        "amount": Money("10000.00", "EUR"),
        "stage": stage,
        "close_on": date(2026, 5, 20),
        "owner": "Ana",
        "created_on": date(2026, 3, 1),
    }
    fields.update(more)
    return Opportunity(**fields)  # type: ignore[arg-type]


def full_report(locale: str = "de_DE", name: str = "Fjord Coffee") -> ClientReport:
    account = make_account(name, locale)
    for activity in (
        Activity(id="A-1", kind="meeting", subject="Kick-off", held_at=at(1, 14)),
        Activity(id="A-2", kind="call", subject="Check-in", held_at=at(4, 9, 15)),
        Activity(id="A-3", kind="task", subject="Chase payment", due_at=at(4, 14, 12)),
        Activity(id="A-4", kind="meeting", subject="QBR", due_at=at(4, 22, 10)),
        Activity(id="A-5", kind="meeting", subject="Summer plan", due_at=at(7, 1, 10)),
    ):
        account = account.log(activity)
    paid = make_invoice("INV-1", date(2026, 1, 31), "100.00")
    paid = paid.apply_payment(
        Payment(amount=paid.total, received_on=date(2026, 2, 20), reference="P-1"), at=at(2, 20)
    )
    return ClientReport.build(
        account,
        as_of=AS_OF,
        campaigns=[make_campaign(), make_campaign("OTHER", "CMP-X")],
        budgets=[make_budget()],
        invoices=[
            paid,
            make_invoice("INV-2", date(2026, 2, 28), "200.00"),
            make_invoice("INV-3", date(2026, 3, 31), "300.00"),
            make_invoice("INV-X", date(2026, 2, 28), "999.00", client_id="OTHER"),
        ],
        contracts=[make_contract(), make_contract("OTHER")],
        opportunities=[
            deal("O-1"),
            deal("O-2", account_id="FJORD", stage="negotiation"),
            deal("O-3", account_id="SOMEONE-ELSE"),
            deal("O-4", created_on=date(2026, 5, 1)),
            deal("O-5", stage="won"),
        ],
        calendar=WorkCalendar(timezone=TZ),
    )


# ------------------------------------------------------------------------------------- build


class TestBuildingAReportSelectsTheAccountsFacts:
    def test_other_clients_items_are_left_out(self) -> None:
        report = full_report()
        assert [c.id for c in report.campaigns] == ["CMP-1"]
        assert [i.number for i in report.invoices] == ["INV-2", "INV-3"]
        assert [r.contract_id for r in report.renewals] == ["CT-1"]
        assert [o.id for o in report.opportunities] == ["O-1", "O-2"]

    def test_deliverables_due_within_the_horizon_and_late_ones(self) -> None:
        (campaign,) = full_report().campaigns
        rows = [(d.name, d.due_on, d.is_late) for d in campaign.deliverables]
        # posters: launch work due the last business day before the flight (31 March)
        # report: 15 business days after 1 April; wrap-up (30 June) is beyond the horizon
        assert rows == [
            ("posters", pendulum.date(2026, 3, 31), True),
            ("report", pendulum.date(2026, 4, 22), False),
        ]
        assert [d.name for d in campaign.late] == ["posters"]

    def test_budget_figures_are_the_budgets_own(self) -> None:
        (figures,) = full_report().budgets
        budget = make_budget()
        assert (
            figures.theoretical == budget.theoretical_spend(as_of=AS_OF) == Money("1500.00", "EUR")
        )
        assert figures.variance == budget.variance(as_of=AS_OF) == Money("-500.00", "EUR")
        assert figures.utilisation == budget.utilisation
        assert figures.variance_rate == Rate("-0.1667")

    def test_invoices_open_with_their_aging(self) -> None:
        report = full_report()
        late, current = report.invoices
        assert (late.days_overdue, late.next_due_on) == (16, pendulum.date(2026, 3, 30))
        assert (current.days_overdue, current.is_overdue) == (0, False)
        assert report.overdue_invoices == (late,)
        assert dict(report.outstanding()) == {"EUR": Money("500.00", "EUR")}
        assert report.aging.to_records()[0]["1-30"] == Decimal("200.00")

    def test_renewals_within_the_window_with_days_left(self) -> None:
        (renewal,) = full_report().renewals
        # 31 July - 90 days is Saturday 2 May, rolled back to a business day on the calendar
        assert renewal.notice_deadline == pendulum.date(2026, 5, 1)
        assert renewal.days_to_notice == 16
        assert renewal.renews == "automatic"

    def test_the_forecast_counts_the_won_deal_and_leaves_out_later_ones(self) -> None:
        fc = full_report().forecast
        assert fc is not None
        assert fc.total.count == 3
        assert fc.total.closed_won_amount == Money("10000.00", "EUR")

    def test_activities_recent_overdue_and_next(self) -> None:
        act = full_report().activity
        assert act.days_since_contact == 6
        assert [a.id for a in act.recent] == ["A-2"]
        assert [a.id for a in act.overdue] == ["A-3"]
        assert [a.id for a in act.upcoming] == ["A-4"]  # A-5 is beyond the horizon

    def test_days_since_contact_counts_days_in_the_clients_time_zone(self) -> None:
        # 23:30 UTC on 13 April is 01:30 on 14 April in Berlin: one day before the 15th
        late_call = Activity(
            id="C", kind="call", subject="late call", held_at=pendulum.datetime(2026, 4, 13, 23, 30)
        )
        report = ClientReport.build(make_account(), as_of=AS_OF, activities=[late_call])
        assert report.activity.days_since_contact == 1
        log = ActivityLog([late_call])
        assert ClientReport.build(make_account(), as_of=AS_OF, activities=log).activity == (
            report.activity
        )

    def test_an_empty_account_builds_an_empty_report(self) -> None:
        report = ClientReport.build(make_account(), as_of=date(2026, 4, 15))
        assert report.campaigns == report.budgets == report.invoices == report.renewals == ()
        assert report.forecast is None
        assert report.activity.last_contact is None

    def test_a_budget_with_nothing_planned_has_no_rates(self) -> None:
        empty = Budget(
            id="B-0",
            currency="EUR",
            start=date(2026, 4, 1),
            end=date(2026, 4, 30),
            lines=[BudgetLine("tv", Money("0.00", "EUR"))],
        )
        (figures,) = ClientReport.build(make_account(), as_of=AS_OF, budgets=[empty]).budgets
        assert figures.utilisation is None
        assert figures.variance_rate is None


class TestBuildingRefusesBadInput:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"as_of": datetime(2026, 4, 15, 9)}, "as_of"),
            ({"as_of": "2026-04-15"}, "as_of"),
            ({"horizon_days": -1}, "horizon_days"),
            ({"recent_days": True}, "recent_days"),
            ({"renewal_days": 1.5}, "renewal_days"),
            ({"campaigns": ["CMP-1"]}, "campaigns"),
            ({"budgets": [None]}, "budgets"),
            ({"opportunities": [1]}, "opportunities"),
            ({"calendar": "Berlin"}, "calendar"),
        ],
    )
    def test_each_bad_argument_is_named(self, changes: dict[str, object], field: str) -> None:
        arguments: dict[str, object] = {"as_of": AS_OF} | changes
        with pytest.raises(ValidationError, match=f"'{field}'"):
            ClientReport.build(make_account(), **arguments)  # type: ignore[arg-type]

    def test_the_account_must_be_an_account(self) -> None:
        with pytest.raises(ValidationError, match="'account'"):
            ClientReport.build("ACC-1", as_of=AS_OF)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ render


class TestRenderingInTheClientsLocale:
    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("fmt", ["to_text", "to_markdown", "to_html"])
    def test_money_and_dates_are_written_for_the_locale(self, locale: str, fmt: str) -> None:
        report = full_report()
        out = getattr(report, fmt)(locale=locale)
        for money in (Money("500.00", "EUR"), Money("1500.00", "EUR"), Money("-500.00", "EUR")):
            assert money.format(locale) in out
        assert babel.dates.format_date(AS_OF, "medium", locale=locale) in out
        assert babel.dates.format_date(date(2026, 3, 30), "medium", locale=locale) in out

    def test_the_default_locale_is_the_clients(self) -> None:
        report = full_report(locale="fr_FR")
        assert report.to_text() == report.to_text(locale="fr_FR")
        assert "15 avr. 2026" in report.to_text()
        assert report._repr_html_() == report.to_html()

    def test_an_unknown_locale_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'locale'"):
            full_report().to_text(locale="xx_YY")

    def test_sections_in_order(self) -> None:
        text = full_report().to_text(locale="en_US")
        headings = [line for line, under in re.findall(r"(.+)\n(-+)\n", text)]
        assert headings == [
            "Account",
            "Campaigns and deliverables",
            "Budgets",
            "Invoices",
            "Contract renewals",
            "Pipeline",
            "Activities",
        ]

    def test_empty_sections_say_so(self) -> None:
        text = ClientReport.build(make_account(), as_of=AS_OF).to_text(locale="en_US")
        for sentence in (
            "No campaigns.",
            "No budgets.",
            "No open invoices.",
            "No contract renewal notice falls due soon.",
            "No opportunities.",
            "No contact with the client yet.",
        ):
            assert sentence in text

    def test_html_escapes_what_clients_type(self) -> None:
        report = full_report(name='<script>alert("x")</script> & Sons')
        page = report.to_html(locale="en_US", standalone=True)
        assert "<script>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in page
        assert page.startswith('<!DOCTYPE html>\n<html lang="en-US">')

    def test_markdown_escapes_markup(self) -> None:
        markdown = full_report(name="*Fjord* | <Coffee>").to_markdown(locale="en_US")
        assert "\\*Fjord\\* \\| \\<Coffee\\>" in markdown
        assert "| invoice | issued | total | balance | next due | days overdue |" in markdown

    @given(aes.client_reports())
    def test_any_report_renders_in_every_format(self, report: ClientReport) -> None:
        for locale in ("en_US", "ja_JP"):
            text = report.to_text(locale=locale)
            assert text.startswith(f"Client report: {report.account.client.legal_name}")
            html = report.to_html(locale=locale)
            assert html.count("<section>") == html.count("</section>") == 7
            for figures in report.budgets:
                assert figures.planned.format(locale) in text

    def test_rendering_ignores_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        report = full_report()
        assert "1.500,00\xa0€" in report.to_text()
        assert AccountHealth.assess(report).score == Rate("0.25")


# -------------------------------------------------------------------------------------- health


class TestHealthSignals:
    def test_each_signal_with_value_threshold_weight_and_status(self) -> None:
        health = AccountHealth.assess(full_report(), pipeline_target=Money("5000.00", "EUR"))
        table = {s.name: (s.value, s.threshold, s.weight, s.status) for s in health.signals}
        alert, ok = SignalStatus.ALERT, SignalStatus.OK
        assert table == {
            "days_since_contact": (6, 14, 3, ok),
            "overdue_invoices": (1, 0, 3, alert),
            "budget_variance": (Rate("0.1667"), Rate("0.10"), 2, alert),
            "late_deliverables": (1, 0, 2, alert),
            "renewal_notice": (16, 30, 2, alert),
            # open pipeline (10,000 + 10,000) over the 5,000 target, nothing won
            "pipeline_coverage": (Decimal("4.00"), Decimal(3), 1, ok),
        }
        assert (health.ok_weight, health.measured_weight) == (4, 13)
        assert health.rating is HealthRating.AT_RISK

    def test_the_score_explains_itself(self) -> None:
        health = AccountHealth.assess(full_report())
        lines = health.explain()
        assert lines[1] == "overdue invoices: 1 (at most 0) -> alert, weight 3"
        assert lines[-1] == "score: 3 of 12 measured weight = 25% -> at risk"
        assert "INV-2" in health.signal("overdue_invoices").detail
        assert "posters (CMP-1)" in health.signal("late_deliverables").detail

    def test_thresholds_are_parameters(self) -> None:
        lenient = HealthThresholds(
            overdue_invoices=1,
            budget_variance="0.2",
            late_deliverables=1,
            renewal_notice_days=10,
            weights={"pipeline_coverage": 0},
        )
        health = AccountHealth.assess(full_report(), thresholds=lenient)
        assert all(s.status is not SignalStatus.ALERT for s in health.signals)
        assert health.score == Rate(1)
        assert health.rating is HealthRating.HEALTHY

    def test_grace_days_forgive_a_recent_overdue(self) -> None:
        health = AccountHealth.assess(
            full_report(), thresholds=HealthThresholds(overdue_grace_days=16)
        )
        assert health.signal("overdue_invoices").value == 0

    def test_the_rating_follows_the_cut_offs(self) -> None:
        health = AccountHealth.assess(full_report())
        watched = attrs.evolve(health, thresholds=HealthThresholds(watch_from="0.25"))
        assert watched.rating is HealthRating.WATCH
        nothing = attrs.evolve(
            health,
            signals=tuple(
                attrs.evolve(s, status=SignalStatus.NOT_MEASURED) for s in health.signals
            ),
        )
        assert nothing.score == Rate(1)

    def test_never_contacted_is_an_alert(self) -> None:
        health = AccountHealth.assess(ClientReport.build(make_account(), as_of=AS_OF))
        contact = health.signal("days_since_contact")
        assert (contact.value, contact.status) == (None, SignalStatus.ALERT)
        assert contact.explain().startswith("days since contact: never")

    def test_rendered_in_a_locale(self) -> None:
        health = AccountHealth.assess(full_report())
        text = health.to_text("de_DE")
        assert "16,7\xa0%" in text
        assert "Score 25\xa0%" in text
        assert "| budget variance | 16.7% | ≤ 10.0% | 2 | alert |" in health.to_markdown("en_US")
        assert health._repr_html_() == health.to_html()

    def test_it_speaks_the_clients_locale_unless_told_otherwise(self) -> None:
        health = AccountHealth.assess(full_report())
        assert health.locale == full_report().account.client.locale
        assert health.to_text() == health.to_text(health.locale)
        assert "Score 25%" in health.to_text("en_US")

    def test_an_unknown_locale_is_refused(self) -> None:
        health = AccountHealth.assess(full_report())
        with pytest.raises(ValidationError, match="locale"):
            attrs.evolve(health, locale="xx_XX")
        with pytest.raises(ValidationError, match="locale"):
            attrs.evolve(health, locale=42)

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"contact_days": -1}, "contact_days"),
            ({"budget_variance": "-0.1"}, "rate"),
            ({"pipeline_coverage": 1.5}, "pipeline_coverage"),
            ({"pipeline_coverage": "abc"}, "pipeline_coverage"),
            ({"pipeline_coverage": "-1"}, "pipeline_coverage"),
            ({"weights": {"mood": 1}}, "weights"),
            ({"weights": {"overdue_invoices": -1}}, "weights"),
            ({"weights": dict.fromkeys(DEFAULT_WEIGHTS, 0)}, "weights"),
            ({"weights": [("a", 1)]}, "weights"),
            ({"watch_from": "0.9", "healthy_from": "0.8"}, "watch_from"),
        ],
    )
    def test_bad_thresholds_are_refused(self, arguments: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError, match=re.escape(f"'{field}'")):
            HealthThresholds(**arguments)  # type: ignore[arg-type]

    def test_bad_arguments_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'report'"):
            AccountHealth.assess("report")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'thresholds'"):
            AccountHealth.assess(full_report(), thresholds={})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'name'"):
            AccountHealth.assess(full_report()).signal("mood")

    @given(aes.account_healths())
    def test_the_score_is_the_ok_weight_over_the_measured_weight(
        self, health: AccountHealth
    ) -> None:
        assert Decimal(0) <= health.score.value <= Decimal(1)
        if health.measured_weight:
            exact = Decimal(health.ok_weight) / Decimal(health.measured_weight)
            assert abs(health.score.value - exact) <= Decimal("0.00005")
        assert health.explain()[-1].endswith(health.rating.value.replace("_", " "))

    @given(aes.client_reports(), st.integers(min_value=0, max_value=60))
    def test_contact_is_ok_exactly_within_the_threshold(
        self, report: ClientReport, limit: int
    ) -> None:
        health = AccountHealth.assess(report, thresholds=HealthThresholds(contact_days=limit))
        days = report.activity.days_since_contact
        ok = days is not None and days <= limit
        assert (health.signal("days_since_contact").status is SignalStatus.OK) is ok

    @given(aes.account_healths())
    def test_an_alert_turned_ok_never_lowers_the_score(self, health: AccountHealth) -> None:
        for i, signal in enumerate(health.signals):
            if signal.status is SignalStatus.ALERT:
                better = list(health.signals)
                better[i] = attrs.evolve(signal, status=SignalStatus.OK)
                assert attrs.evolve(health, signals=tuple(better)).score >= health.score


# -------------------------------------------------------------------------------------- funnel


class TestPipelineFunnel:
    def test_stages_in_pipeline_order_with_exact_amounts(self) -> None:
        spec = pipeline_funnel(
            [deal("O-1"), deal("O-2", stage="negotiation"), deal("O-3", stage="won")],
            as_of=AS_OF,
            currency="EUR",
        )
        values = spec["data"]["values"]
        assert [v["stage"] for v in values] == [
            "lead",
            "qualified",
            "proposal",
            "negotiation",
            "won",
        ]
        assert values[2] == {"stage": "proposal", "deals": "1", "amount": "10000.00"}
        assert spec["encoding"]["y"]["sort"] == [v["stage"] for v in values]

    def test_stages_follow_the_forecasts_order_and_lost_stages_are_left_out(self) -> None:
        other = Pipeline(
            "partners",
            [
                Stage("discovery", Rate("0.2"), "pipeline"),
                Stage("signed", Rate(1), "closed", is_won=True),
                Stage("dropped", Rate(0), "omitted", is_lost=True),
            ],
        )
        deals = [
            deal("O-1", stage="negotiation"),
            deal("O-2", stage="discovery", pipeline=other),
            deal("O-3", stage="dropped", pipeline=other),
            deal("O-4", stage="lost", lost_reason="price"),
        ]
        spec = pipeline_funnel(deals, as_of=AS_OF, currency="EUR")
        stages = [v["stage"] for v in spec["data"]["values"]]
        # the first deal's pipeline, empty stages included, then the other pipeline's stage
        assert stages == ["lead", "qualified", "proposal", "negotiation", "won", "discovery"]
        assert spec["data"]["values"][-1] == {
            "stage": "discovery",
            "deals": "1",
            "amount": "10000.00",
        }
        # the same order as the forecast's own funnel, which shows only stages with deals
        fc = forecast(deals, as_of=AS_OF, group_by="stage", currency="EUR")
        own = fc._repr_mimebundle_()[_views.VEGA_LITE_MIME]["data"]["values"]
        assert [s for s in stages if s in {v["stage"] for v in own}] == [
            v["stage"] for v in own if v["stage"] not in {"dropped", "lost"}
        ]

    def test_no_deals_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'opportunities'"):
            pipeline_funnel([], as_of=AS_OF, currency="EUR")


# ----------------------------------------------------------------------------------- rendering


class TestTheDocumentModel:
    def test_rows_must_match_the_headers(self) -> None:
        with pytest.raises(ValidationError, match="'rows'"):
            Table(["a", "b"], [["1"]])

    def test_blocks_sections_and_levels_are_checked(self) -> None:
        with pytest.raises(ValidationError, match="'blocks'"):
            Section("x", [42])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'level'"):
            Section("x", level=4)
        with pytest.raises(ValidationError, match="'sections'"):
            Document("t", ["x"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'fmt'"):
            render(Document("t", []), "pdf")

    def test_code_and_bullets_in_each_format(self) -> None:
        doc = Document(
            "T",
            [
                Section(
                    "S",
                    [Bullets(["a * b"]), Code("x\n\ny ```", "text"), "after"],
                    level=3,
                )
            ],
            subtitle="sub",
        )
        assert render(doc, "text") == "T\n=\nsub\n\nS\n~\n  - a * b\n\n    x\n\n    y ```\n\nafter"
        assert render(doc, "markdown") == (
            "# T\n\nsub\n\n### S\n\n- a \\* b\n\n````text\nx\n\ny ```\n````\n\nafter"
        )
        html = render(doc, "html")
        assert '<pre class="language-text">x\n\ny ```</pre>' in html
        assert "<h3>S</h3>" in html
        assert "<p>sub</p>" in html

    def test_wide_characters_take_two_columns(self) -> None:
        table = Table(["a", "b"], [["￥1,234", "x"]], numeric=[0])
        lines = render(Document("T", [Section("S", [table])]), "text").splitlines()
        assert lines[-3:] == ["        a  b", "  -------  -", "  ￥1,234  x"]
        assert width("日本") == 4


class TestViews:
    def test_records_html_aligns_only_number_columns(self) -> None:
        html = _views.records_html(
            [{"a": "x", "n": Decimal("1.5"), "m": None}, {"a": "y", "n": 2, "m": "z"}]
        )
        assert '<th style="text-align:right">n</th>' in html
        assert "<th>m</th>" in html
        assert "<td></td>" in html

    def test_percent_and_number_formats(self) -> None:
        assert _views.format_percent(Decimal("0.5"), "de_DE") == "50\xa0%"
        assert _views.format_number(Decimal("1234.567"), "fr_FR") == "1\u202f234,567"

    def test_gantt_milestones(self) -> None:
        day = pendulum.date(2026, 6, 1)
        chart = _views.mermaid_gantt("t", [("go live", day, day, False, True)])
        assert chart.endswith("    go live :milestone, t1, 2026-06-01, 0d")


class TestClientIssuesInAccountHealth:
    def policy(self) -> SlaPolicy:
        calendar = WorkCalendar(timezone="Europe/Berlin", working_hours=("09:00", "17:00"))
        return SlaPolicy(
            first_response={"high": BusinessHours(4)},
            resolution={"high": BusinessHours(16)},
            calendar=calendar,
        )

    def test_open_breached_issues_raise_an_alert(self) -> None:
        report = ClientReport.build(make_account(), as_of=pendulum.date(2026, 4, 15))
        opened = pendulum.datetime(2026, 4, 13, 9, tz="Europe/Berlin")
        late = ClientIssue("I-1", "CL-1", opened, "high", "wrong invoice", "ana")
        fine = ClientIssue("I-2", "CL-1", opened.add(days=2, hours=7), "high", "banner", "ana")
        done = late.acknowledge(at=opened).resolve(at=opened.add(hours=2))
        at = pendulum.datetime(2026, 4, 15, 17, tz="Europe/Berlin")
        statuses = [sla_status(i, self.policy(), at) for i in (late, fine, done)]
        health = AccountHealth.assess(report, issues=statuses)
        signal = health.signal("client_issues")
        assert (signal.value, signal.status) == (1, SignalStatus.ALERT)
        assert signal.detail == "open client issues: I-1, I-2; past a service level: I-1"
        assert health.explain()[-2] == "client issues: 1 (at most 0) -> alert, weight 2"

    def test_without_issues_the_signal_is_left_out(self) -> None:
        report = ClientReport.build(make_account(), as_of=pendulum.date(2026, 4, 15))
        names = [s.name for s in AccountHealth.assess(report).signals]
        assert "client_issues" not in names
        lenient = HealthThresholds(sla_breaches=1)
        assert (
            AccountHealth.assess(report, issues=[], thresholds=lenient)
            .signal("client_issues")
            .value
            == 0
        )
