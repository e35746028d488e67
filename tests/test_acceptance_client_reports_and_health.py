"""Client reports, account health, notebook views and the demo, as the documentation promises.

Each test follows one promise, calling the API with its documented names and keywords.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
import pendulum
import pytest

import accountexec
from accountexec import AccountHealth, ClientReport, demo
from accountexec.campaigns import CAMPAIGN_WORKFLOW
from accountexec.invoices import aging
from accountexec.money import Money
from accountexec.pipeline import forecast
from accountexec.reports import HealthSignal, HealthThresholds, pipeline_funnel

LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "vi_VN")
VEGA = "application/vnd.vegalite.v5+json"
SIGNALS = (
    "days_since_contact",
    "overdue_invoices",
    "budget_variance",
    "late_deliverables",
    "renewal_notice",
    "pipeline_coverage",
)


@pytest.fixture(scope="module")
def story() -> demo.Story:
    return demo.story()


def _report(story: demo.Story, **extra: Any) -> ClientReport:
    arguments: dict[str, Any] = {
        "as_of": story.as_of,
        "campaigns": [story.campaign],
        "budgets": [story.campaign.budget],
        "invoices": story.invoices,
        "contracts": [story.contract],
        "opportunities": story.opportunities,
        "activities": None,
    }
    arguments.update(extra)
    return ClientReport.build(story.account, **arguments)


def _no_floats(value: object) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_no_floats(v) for v in value)
    return True


class _Balanced(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"meta", "br", "hr", "img", "link"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(tag)


def _well_formed(html: str) -> bool:
    parser = _Balanced()
    parser.feed(html)
    parser.close()
    return parser.bad == [] and parser.stack == []


class TestClientReportBuild:
    def test_the_signature_is_the_documented_one(self) -> None:
        parameters = inspect.signature(ClientReport.build).parameters
        assert list(parameters)[:8] == [
            "account",
            "as_of",
            "campaigns",
            "budgets",
            "invoices",
            "contracts",
            "opportunities",
            "activities",
        ]
        assert parameters["as_of"].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters["as_of"].default is inspect.Parameter.empty
        for name in ("campaigns", "budgets", "invoices", "contracts", "opportunities"):
            assert parameters[name].default == ()
        assert parameters["activities"].default is None

    def test_as_of_is_required_and_keyword_only(self, story: demo.Story) -> None:
        with pytest.raises(TypeError):
            ClientReport.build(story.account)  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            ClientReport.build(story.account, story.as_of)  # type: ignore[misc]

    def test_only_the_account_is_needed(self, story: demo.Story) -> None:
        report = ClientReport.build(story.account, as_of=date(2026, 4, 15))
        assert report.as_of == pendulum.date(2026, 4, 15)
        assert (report.campaigns, report.budgets, report.invoices) == ((), (), ())
        assert report.forecast is None

    def test_campaign_status_and_deliverables_due(self, story: demo.Story) -> None:
        report = _report(story)
        (campaign,) = report.campaigns
        assert campaign.status.value == "live"
        assert [(d.name, d.is_late) for d in campaign.deliverables] == [
            ("posters", True),
            ("first results report", False),
        ]

    def test_budget_planned_committed_actual_variance(self, story: demo.Story) -> None:
        (figures,) = _report(story).budgets
        budget = story.campaign.budget
        assert figures.planned == Money("120000.00", "EUR") == budget.planned
        assert figures.committed == Money("10000.00", "EUR") == budget.committed
        assert figures.actual == Money("33500.00", "EUR") == budget.actual
        # 120,000 x 15 / 61 days of theoretical spend; variance is actual minus theoretical
        assert figures.theoretical == Money("29508.20", "EUR")
        assert figures.variance == Money("3991.80", "EUR") == budget.variance(as_of=story.as_of)

    def test_invoices_outstanding_and_aging(self, story: demo.Story) -> None:
        report = _report(story)
        assert dict(report.outstanding()) == {"EUR": Money("42840.00", "EUR")}
        assert [i.number for i in report.overdue_invoices] == ["INV-000002"]
        assert report.aging == aging(story.invoices, as_of=story.as_of)

    def test_contract_renewals_coming_up(self, story: demo.Story) -> None:
        # notice is due on 13 October 2026: outside 90 days, inside 200
        assert _report(story).renewals == ()
        (renewal,) = _report(story, renewal_days=200).renewals
        assert renewal.contract_id == "CT-1"
        assert renewal.notice_deadline == pendulum.date(2026, 10, 13)
        assert renewal.days_to_notice == 181

    def test_pipeline_for_the_account(self, story: demo.Story) -> None:
        report = _report(story)
        assert [o.id for o in report.opportunities] == ["O-11", "O-12", "O-13"]
        assert report.forecast is not None
        assert report.forecast.total.weighted_amount == Money("76250.00", "EUR")

    def test_recent_and_next_activities(self, story: demo.Story) -> None:
        activity = _report(story).activity
        assert activity.days_since_contact == 6
        assert [a.subject for a in activity.recent] == ["Launch check-in"]
        assert [a.subject for a in activity.upcoming] == ["Quarterly business review"]
        assert [a.subject for a in activity.overdue] == ["Chase payment of the February invoice"]

    def test_activities_can_be_given_instead_of_the_accounts_log(self, story: demo.Story) -> None:
        report = _report(story, activities=[])
        assert report.activity.last_contact is None


class TestAccountHealth:
    def test_named_signals_each_with_value_threshold_and_weight(self, story: demo.Story) -> None:
        health = AccountHealth.assess(_report(story), pipeline_target=story.pipeline_target)
        assert tuple(s.name for s in health.signals) == SIGNALS
        for signal in health.signals:
            assert isinstance(signal, HealthSignal)
            assert {"value", "threshold", "weight"} <= set(attrs_names(signal))
        assert health.signal("days_since_contact").value == 6
        assert health.signal("overdue_invoices").value == 1
        assert health.signal("late_deliverables").value == 1
        assert health.signal("pipeline_coverage").value == Decimal("6.00")

    def test_thresholds_are_parameters_with_documented_defaults(self) -> None:
        defaults = HealthThresholds()
        doc = HealthThresholds.__doc__ or ""
        for name, shown in [
            ("contact_days", "14"),
            ("overdue_invoices", "0"),
            ("budget_variance", "10%"),
            ("late_deliverables", "0"),
            ("renewal_notice_days", "30"),
            ("pipeline_coverage", "3"),
        ]:
            assert f"``{name}`` = {shown}" in doc
            assert str(getattr(defaults, name)) == shown

    def test_a_threshold_changes_the_verdict(self, story: demo.Story) -> None:
        report = _report(story)
        strict = AccountHealth.assess(report, thresholds=HealthThresholds(contact_days=5))
        assert strict.signal("days_since_contact").status.value == "alert"
        renewing = _report(story, renewal_days=200)
        soon = HealthThresholds(renewal_notice_days=200)
        assert (
            AccountHealth.assess(renewing, thresholds=soon).signal("renewal_notice").status.value
            == "alert"
        )

    def test_the_score_explains_itself(self, story: demo.Story) -> None:
        health = AccountHealth.assess(_report(story), pipeline_target=story.pipeline_target)
        lines = health.explain()
        assert len(lines) == len(SIGNALS) + 1
        assert lines[-1] == "score: 6 of 11 measured weight = 54.55% -> watch"


def attrs_names(value: object) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(type(value)))


class TestRendering:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_text_markdown_and_html_in_the_locale(self, story: demo.Story, locale: str) -> None:
        report = _report(story)
        owed = Money("42840.00", "EUR").format(locale)
        for method in (report.to_text, report.to_markdown, report.to_html):
            out = method(locale=locale)
            assert isinstance(out, str)
            assert owed in out
        assert _well_formed(report.to_html(locale=locale))

    def test_the_default_locale_is_the_clients(self, story: demo.Story) -> None:
        report = _report(story)
        assert report.to_text() == report.to_text(locale="de_DE")
        assert Money("42840.00", "EUR").format("de_DE") in report.to_text()


class TestNotebookViews:
    def test_repr_html_on_reports_budgets_invoices_forecasts_and_aging(
        self, story: demo.Story
    ) -> None:
        views = [
            _report(story),
            story.campaign.budget,
            story.invoices[1],
            story.forecast,
            aging(story.invoices, as_of=story.as_of),
        ]
        for view in views:
            html = view._repr_html_()
            assert isinstance(html, str)
            assert html.startswith("<")
            assert _well_formed(html)

    def test_forecast_by_month_bundle_has_a_vega_lite_chart(self, story: demo.Story) -> None:
        bundle = story.forecast._repr_mimebundle_()
        assert set(bundle) == {"text/html", VEGA}
        spec = bundle[VEGA]
        json.dumps(spec)  # plain dicts
        assert _no_floats(spec)
        assert {v["group"] for v in spec["data"]["values"]} == {"2026-04", "2026-05", "2026-07"}

    def test_forecast_by_stage_draws_a_funnel(self, story: demo.Story) -> None:
        by_stage = forecast(
            story.opportunities, as_of=story.as_of, group_by="stage", currency="EUR"
        )
        spec = by_stage._repr_mimebundle_()[VEGA]
        assert spec["mark"] == "bar"
        assert spec["encoding"]["y"]["field"] == "stage"
        funnel = pipeline_funnel(story.opportunities, as_of=story.as_of, currency="EUR")
        assert [v["stage"] for v in funnel["data"]["values"]][:4] == [
            "lead",
            "qualified",
            "proposal",
            "negotiation",
        ]

    def test_budget_bundle_has_burn_against_theoretical_spend(self, story: demo.Story) -> None:
        bundle = story.campaign.budget._repr_mimebundle_()
        assert set(bundle) == {"text/html", VEGA}
        spec = bundle[VEGA]
        json.dumps(spec)
        assert _no_floats(spec)
        assert {v["series"] for v in spec["data"]["values"]} == {"theoretical", "actual"}
        last = [v for v in spec["data"]["values"] if v["series"] == "theoretical"][-1]
        assert last == {"date": "2026-05-31", "series": "theoretical", "amount": "120000.00"}

    def test_a_campaign_schedule_renders_as_a_mermaid_gantt_chart(self, story: demo.Story) -> None:
        schedule = story.campaign.schedule(story.calendar)
        chart = schedule.to_mermaid_gantt()
        assert chart.startswith("gantt\n")
        assert "key visual :crit" in chart

    def test_workflows_render_as_state_diagrams(self) -> None:
        assert CAMPAIGN_WORKFLOW.to_mermaid().startswith("stateDiagram-v2\n")

    def test_to_records_on_forecasts_aging_reports_and_budgets(self, story: demo.Story) -> None:
        pandas = pytest.importorskip("pandas")
        for view in (
            story.forecast,
            aging(story.invoices, as_of=story.as_of),
            story.campaign.budget,
        ):
            records = view.to_records()
            assert isinstance(records, list)
            assert records
            for record in records:
                assert isinstance(record, dict)
                assert all(isinstance(v, str | int | Decimal) for v in record.values())
            frame = pandas.DataFrame(records)
            assert len(frame) == len(records)


class TestTheDemo:
    def test_python_dash_m_accountexec_demo_runs(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "accountexec", "demo", "--locale", "de_DE"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == demo.run(locale="de_DE") + "\n"
        assert "9. Account health" in done.stdout

    def test_help_explains_the_commands(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "accountexec", "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0
        assert "demo" in done.stdout

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    @pytest.mark.parametrize("locale", LOCALES)
    def test_each_format_and_locale(self, fmt: str, locale: str) -> None:
        out = demo.run(locale=locale, fmt=fmt)
        assert Money("76250.00", "EUR").format(locale) in out  # the weighted pipeline
        assert "repr" not in out
        assert "Money(" not in out
        assert "Date(" not in out

    def test_it_is_deterministic(self) -> None:
        assert demo.run("ja_JP", "markdown") == demo.run("ja_JP", "markdown")

    def test_the_names_are_re_exported(self) -> None:
        for name in ("ClientReport", "AccountHealth", "HealthThresholds", "HealthSignal"):
            assert name in accountexec.__all__


class TestHostileContext:
    def test_report_health_and_rendering_ignore_the_callers_decimal_context(
        self, story: demo.Story, hostile_decimal_context: object
    ) -> None:
        report = _report(story)
        health = AccountHealth.assess(report, pipeline_target=story.pipeline_target)
        assert str(health.score) == "54.55%"
        assert Money("33320.00", "EUR").format("de_DE") in report.to_text()
        assert story.campaign.budget._repr_mimebundle_()[VEGA]
