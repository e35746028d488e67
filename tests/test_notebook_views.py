"""Notebook views: _repr_html_, _repr_mimebundle_ (Vega-Lite), to_records(), Mermaid Gantt charts.

Also checks that the HTML tables, chart specs and Gantt chart pasted in docs/guide/notebooks.md are
what the code produces today.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given

from accountexec import demo
from accountexec import strategies as aes
from accountexec.budgets import Budget, BudgetLine
from accountexec.calendars import WorkCalendar
from accountexec.campaigns import CAMPAIGN_WORKFLOW
from accountexec.deadlines import Schedule, Task
from accountexec.errors import ValidationError
from accountexec.invoices import AgingReport, Invoice, InvoiceLine, PaymentTerms, aging
from accountexec.money import Money
from accountexec.pipeline import Forecast, Opportunity, Pipeline, Stage, forecast, summarise
from accountexec.reports import VEGA_LITE_MIME, pipeline_funnel

PAGE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "notebooks.md"


def _spec(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2)


VIEWS: dict[str, Callable[[demo.Story], str]] = {
    "budget-html": lambda s: s.campaign.budget._repr_html_(),
    "budget-burn": lambda s: _spec(s.campaign.budget._repr_mimebundle_()[VEGA_LITE_MIME]),
    "invoice-html": lambda s: s.invoices[2]._repr_html_(),
    "aging-html": lambda s: aging(s.invoices, as_of=s.as_of)._repr_html_(),
    "forecast-html": lambda s: s.forecast._repr_html_(),
    "forecast-bars": lambda s: _spec(s.forecast._repr_mimebundle_()[VEGA_LITE_MIME]),
    "funnel": lambda s: _spec(pipeline_funnel(s.opportunities, as_of=s.as_of, currency="EUR")),
    "gantt": lambda s: s.plan.to_mermaid_gantt("Cold brew launch, launch work", dates="latest"),
    "report-html": lambda s: s.report.to_html(locale="en_US"),
    "health-html": lambda s: s.health.to_html("en_US"),
}

_PASTED = re.compile(
    r"```\{raw\} html\n<!-- view: (?P<html>[\w-]+) -->\n(?P<html_body>.*?)\n```"
    r"|```\{code-block\} json\n:name: view-(?P<json>[\w-]+)\n\n(?P<json_body>.*?)\n```"
    r"|```mermaid\n%% view: (?P<mermaid>[\w-]+)\n(?P<mermaid_body>.*?)\n```",
    re.DOTALL,
)


def _pasted() -> dict[str, str]:
    found = {}
    for match in _PASTED.finditer(PAGE.read_text(encoding="utf-8")):
        kind = next(k for k in ("html", "json", "mermaid") if match.group(k))
        found[match.group(kind)] = match.group(f"{kind}_body")
    return found


def _no_floats(value: object) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(k) and _no_floats(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_no_floats(v) for v in value)
    return True


class _Parser(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    assert parser.bad == []
    assert parser.stack == []
    return parser


class TestTheNotebookPageShowsTodaysOutput:
    def test_every_view_is_pasted(self) -> None:
        assert set(_pasted()) == set(VIEWS)

    @pytest.mark.parametrize("key", sorted(VIEWS))
    def test_the_pasted_output_matches_the_code(self, key: str) -> None:
        assert _pasted()[key] == VIEWS[key](demo.story()), (
            f"docs/guide/notebooks.md shows an old {key!r}; paste the new output"
        )


def _budget(*spend: tuple[str, date]) -> Budget:
    budget = Budget(
        id="B-1",
        currency="EUR",
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        lines=[
            BudgetLine("tv", Money("3000.00", "EUR")),
            BudgetLine("<web>", Money("0.00", "EUR")),
        ],
        policy="allow",
    )
    for i, (amount, on) in enumerate(spend):
        budget = budget.spend(f"S-{i}", "tv", Money(amount, "EUR"), on=on)
    return budget


class TestBudgetViews:
    def test_records_are_flat_with_decimal_amounts(self) -> None:
        records = _budget(("100.00", date(2026, 6, 3))).to_records()
        assert [r["line"] for r in records] == ["tv", "<web>"]
        assert records[0]["actual"] == Decimal("100.00")
        assert all(isinstance(v, str | Decimal) for r in records for v in r.values())

    def test_html_escapes_line_names(self) -> None:
        html = _budget()._repr_html_()
        assert "&lt;web&gt;" in html
        assert "<web>" not in html
        _parse(html)

    def test_the_burn_chart_runs_from_zero_to_the_plan(self) -> None:
        bundle = _budget(
            ("100.00", date(2026, 6, 3)), ("50.00", date(2026, 6, 10))
        )._repr_mimebundle_()
        assert (
            bundle["text/html"]
            == _budget(("100.00", date(2026, 6, 3)), ("50.00", date(2026, 6, 10)))._repr_html_()
        )
        spec = bundle[VEGA_LITE_MIME]
        assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
        points = [(v["date"], v["series"], v["amount"]) for v in spec["data"]["values"]]
        assert points == [
            ("2026-05-31", "theoretical", "0.00"),
            ("2026-05-31", "actual", "0.00"),
            ("2026-06-03", "theoretical", "300.00"),
            ("2026-06-03", "actual", "100.00"),
            ("2026-06-10", "theoretical", "1000.00"),
            ("2026-06-10", "actual", "150.00"),
            ("2026-06-30", "theoretical", "3000.00"),
        ]

    def test_a_budget_without_spend_charts_its_plan(self) -> None:
        values = _budget()._repr_mimebundle_()[VEGA_LITE_MIME]["data"]["values"]
        assert [(v["date"], v["series"]) for v in values] == [
            ("2026-05-31", "theoretical"),
            ("2026-05-31", "actual"),
            ("2026-06-30", "theoretical"),
        ]

    @given(aes.budgets(max_steps=4))
    def test_any_budget_gives_json_safe_views_without_floats(self, budget: Budget) -> None:
        bundle = budget._repr_mimebundle_()
        spec = bundle[VEGA_LITE_MIME]
        assert _no_floats(spec)
        assert json.loads(json.dumps(spec)) == spec
        records = budget.to_records()
        assert _no_floats(records)
        assert sum(r["planned"] for r in records) == budget.planned.amount
        _parse(bundle["text/html"])


class TestInvoiceAndAgingViews:
    def test_an_invoice_shows_its_lines_and_totals_escaped(self) -> None:
        invoice = Invoice(
            number="INV-1",
            client_id="acme",
            currency="EUR",
            issued_on=date(2026, 3, 31),
            lines=[
                InvoiceLine(
                    description="<b>Design</b> & copy", quantity=2, unit_price=Money("10.00", "EUR")
                )
            ],
            terms=PaymentTerms.net(30),
        )
        parser = _parse(invoice._repr_html_())
        text = "".join(parser.text)
        assert "<b>Design</b> & copy" in text  # escaped in the HTML, read back as typed
        assert "total" in text
        assert "20.00 EUR" in text
        assert "invoice INV-1 to acme, 2026-03-31, draft; balance 20.00 EUR" in text

    def test_an_aging_report_shows_its_records(self) -> None:
        s = demo.story()
        html = aging(s.invoices, as_of=s.as_of)._repr_html_()
        assert "<caption>aging as of 2026-04-15</caption>" in html
        assert '<td style="text-align:right">9520.00 EUR</td>' in html
        assert AgingReport.empty()._repr_html_().endswith("<tbody></tbody></table>")

    @given(aes.invoices())
    def test_any_invoice_renders_well_formed_html(self, invoice: Invoice) -> None:
        _parse(invoice._repr_html_())


def _deals() -> list[Opportunity]:
    def deal(oid: str, amount: str, stage: str, close: date, owner: str) -> Opportunity:
        return Opportunity(
            id=oid,
            account_id="A",
            name=oid,
            amount=Money(amount, "EUR"),
            stage=stage,
            close_on=close,
            owner=owner,
            created_on=date(2026, 3, 1),
        )

    return [
        deal("O-1", "1000.00", "lead", date(2026, 5, 3), "ana"),
        deal("O-2", "4000.00", "proposal", date(2026, 5, 9), "ben"),
        deal("O-3", "2000.00", "proposal", date(2026, 6, 1), "ana"),
    ]


class TestForecastViews:
    def test_a_forecast_by_month_charts_bars_per_month(self) -> None:
        fc = forecast(_deals(), as_of=date(2026, 4, 1), currency="EUR")
        bundle = fc._repr_mimebundle_()
        assert bundle["text/html"] == fc._repr_html_()
        spec = bundle[VEGA_LITE_MIME]
        assert spec["mark"] == "bar"
        assert spec["encoding"]["x"]["title"] == "month"
        assert spec["data"]["values"][:2] == [
            {"group": "2026-05", "measure": "amount", "value": "5000.00"},
            {"group": "2026-05", "measure": "weighted", "value": "2100.00"},
        ]

    def test_a_forecast_by_stage_is_a_funnel_in_the_pipelines_stage_order(self) -> None:
        deals = [
            *_deals(),
            Opportunity(
                id="O-4",
                account_id="A",
                name="O-4",
                amount=Money("500.00", "EUR"),
                stage="qualified",
                close_on=date(2026, 6, 9),
                owner="ana",
                created_on=date(2026, 3, 1),
            ),
        ]
        fc = forecast(deals, as_of=date(2026, 4, 1), group_by="stage", currency="EUR")
        spec = fc._repr_mimebundle_()[VEGA_LITE_MIME]
        # neither by amount (proposal, lead, qualified) nor by name (lead, proposal, qualified)
        assert spec["encoding"]["y"]["sort"] == ["lead", "qualified", "proposal"]
        assert spec["data"]["values"][2] == {"stage": "proposal", "deals": "2", "amount": "6000.00"}

    def test_the_funnel_follows_the_order_pipeline_funnel_draws(self) -> None:
        s = demo.story()
        fc = forecast(s.opportunities, as_of=s.as_of, group_by="stage", currency="EUR")
        drawn = fc._repr_mimebundle_()[VEGA_LITE_MIME]["encoding"]["y"]["sort"]
        funnel = pipeline_funnel(s.opportunities, as_of=s.as_of, currency="EUR")
        order = funnel["encoding"]["y"]["sort"]
        assert drawn == [stage for stage in order if stage in drawn]

    def test_a_funnel_by_stage_and_owner_keeps_the_stage_order(self) -> None:
        fc = forecast(_deals(), as_of=date(2026, 4, 1), group_by=("stage", "owner"), currency="EUR")
        spec = fc._repr_mimebundle_()[VEGA_LITE_MIME]
        assert spec["encoding"]["y"]["sort"] == ["lead/ana", "proposal/ana", "proposal/ben"]

    def test_the_stage_order_survives_summing_and_reading_out(self) -> None:
        deals = _deals()
        parts = summarise(deals[:1], group_by="stage") + summarise(deals[1:], group_by="stage")
        fc = parts.to_forecast(currency="EUR")
        assert fc.stage_order == ("lead", "qualified", "proposal", "negotiation", "won", "lost")
        assert fc._repr_mimebundle_()[VEGA_LITE_MIME]["encoding"]["y"]["sort"] == [
            "lead",
            "proposal",
        ]

    def test_stages_of_another_pipeline_come_after_the_known_ones(self) -> None:
        other = Pipeline(
            name="renewals",
            stages=[
                Stage("renewal due", "0.9", "commit"),
                Stage("renewed", "1", "closed", is_won=True),
                Stage("churned", "0", "omitted", is_lost=True),
            ],
        )
        renewal = Opportunity(
            id="R-1",
            account_id="A",
            name="R-1",
            amount=Money("9000.00", "EUR"),
            stage="renewal due",
            close_on=date(2026, 5, 3),
            owner="ana",
            created_on=date(2026, 3, 1),
            pipeline=other,
        )
        fc = forecast(
            [*_deals(), renewal], as_of=date(2026, 4, 1), group_by="stage", currency="EUR"
        )
        spec = fc._repr_mimebundle_()[VEGA_LITE_MIME]
        assert spec["encoding"]["y"]["sort"] == ["lead", "proposal", "renewal due"]

    def test_the_table_shows_rounded_amounts_with_their_currency_right_aligned(self) -> None:
        fc = forecast(_deals(), as_of=date(2026, 4, 1), group_by="owner", currency="EUR")
        html = fc._repr_html_()
        parser = _parse(html)
        assert parser.text[:8] == [
            "forecast in EUR as of 2026-04-01",
            "owner",
            "count",
            "amount",
            "weighted",
            "closed won",
            "omitted (lost)",
            "ana",
        ]
        right = '<td style="text-align:right">'
        assert f"<td>ana</td>{right}2</td>{right}3000.00 EUR</td>{right}1100.00 EUR</td>" in html
        assert f"<td>total</td>{right}3</td>{right}7000.00 EUR</td>" in html
        assert html.count('<th style="text-align:right">') == 5

    def test_a_forecast_without_as_of_says_the_deals_stand_as_they_are(self) -> None:
        fc = summarise(_deals(), group_by="month").to_forecast(currency="EUR")
        assert "None" not in fc._repr_html_()
        assert "<caption>forecast in EUR, deals as they stand now</caption>" in fc._repr_html_()
        spec = fc._repr_mimebundle_()[VEGA_LITE_MIME]
        assert spec["title"] == "forecast in EUR, deals as they stand now"

    @given(aes.forecasts())
    def test_any_forecast_renders_well_formed_html_and_a_float_free_chart(
        self, fc: Forecast
    ) -> None:
        bundle = fc._repr_mimebundle_()
        parser = _parse(bundle["text/html"])
        assert "total" in parser.text
        assert _no_floats(bundle[VEGA_LITE_MIME])
        if fc.group_by[:1] == ("stage",):
            drawn = [key.split("/")[0] for key in bundle[VEGA_LITE_MIME]["encoding"]["y"]["sort"]]
            known = [stage for stage in drawn if stage in fc.stage_order]
            assert known == sorted(known, key=fc.stage_order.index)
            assert drawn[: len(known)] == known

    def test_groups_of_several_dimensions_are_joined(self) -> None:
        fc = forecast(_deals(), as_of=date(2026, 4, 1), group_by=("month", "owner"), currency="EUR")
        spec = fc._repr_mimebundle_()[VEGA_LITE_MIME]
        assert spec["encoding"]["x"]["title"] == "month/owner"
        assert spec["data"]["values"][0]["group"] == "2026-05/ana"
        assert _no_floats(spec)


class TestScheduleAsAGanttChart:
    def plan(self) -> Any:
        tasks = [
            Task(id="brief", duration=2),
            Task(id="copy: v1", duration=3, depends_on=["brief"]),
            Task(id="design", duration=5, depends_on=["brief"]),
            Task(id="launch", duration=0, depends_on=["copy: v1", "design"]),
        ]
        return Schedule(tasks).forward(pendulum.date(2026, 6, 1), WorkCalendar())

    def test_earliest_dates_with_critical_tasks_and_a_milestone(self) -> None:
        assert self.plan().to_mermaid_gantt("launch").splitlines() == [
            "gantt",
            "    title launch",
            "    dateFormat YYYY-MM-DD",
            "    section tasks",
            "    brief :crit, t1, 2026-06-01, 2026-06-03",
            "    copy  v1 :t2, 2026-06-03, 2026-06-06",
            "    design :crit, t3, 2026-06-03, 2026-06-10",
            "    launch :crit, milestone, t4, 2026-06-10, 0d",
        ]

    def test_latest_dates(self) -> None:
        chart = self.plan().to_mermaid_gantt(dates="latest")
        assert "    copy  v1 :t2, 2026-06-05, 2026-06-10" in chart

    def test_a_forward_plan_defaults_to_its_earliest_dates_from_its_start(self) -> None:
        chart = self.plan().to_mermaid_gantt()
        assert chart.splitlines()[1] == "    title schedule from 2026-06-01"
        assert chart == self.plan().to_mermaid_gantt("schedule from 2026-06-01", dates="earliest")

    def test_a_backward_plan_defaults_to_its_latest_dates_back_from_its_deadline(self) -> None:
        schedule = Schedule(
            [
                Task(id="copy", duration=2),
                Task(id="visuals", duration=4),
                Task(id="launch", duration=0, depends_on=["copy", "visuals"]),
            ]
        )
        plan = schedule.backward(pendulum.date(2026, 6, 14), WorkCalendar())  # a Sunday
        assert plan.to_mermaid_gantt().splitlines() == [
            "gantt",
            "    title schedule back from 2026-06-12",
            "    dateFormat YYYY-MM-DD",
            "    section tasks",
            "    copy :t1, 2026-06-10, 2026-06-12",
            "    visuals :crit, t2, 2026-06-08, 2026-06-12",
            "    launch :crit, milestone, t3, 2026-06-12, 0d",
        ]
        earliest = plan.to_mermaid_gantt("launch", dates="earliest")
        assert "    title launch" in earliest
        assert "    copy :t1, 2026-06-08, 2026-06-10" in earliest

    def test_other_dates_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'dates'"):
            self.plan().to_mermaid_gantt(dates="soon")

    def test_workflows_draw_as_state_diagrams(self) -> None:
        assert CAMPAIGN_WORKFLOW.to_mermaid().startswith("stateDiagram-v2")


class TestReportViews:
    def test_a_report_shows_its_html(self) -> None:
        s = demo.story()
        assert s.report._repr_html_() == s.report.to_html()
        assert s.report._repr_html_().startswith('<article class="accountexec" lang="de-DE">')
        _parse(s.report.to_html(standalone=True).removeprefix("<!DOCTYPE html>"))
        _parse(s.health._repr_html_())


class TestTablesFollowOneRule:
    def test_records_with_a_currency_show_money_like_every_other_table(self) -> None:
        from accountexec._views import records_html  # noqa: PLC0415

        html = records_html([{"line": "tv", "planned": Decimal("60000.00"), "currency": "EUR"}])
        assert ">60000.00 EUR<" in html
        assert "currency" not in html

    def test_a_table_in_a_locale_writes_amounts_numbers_and_dates_as_text_does(self) -> None:
        from accountexec._views import html_table  # noqa: PLC0415

        html = html_table(
            ["amount", "count", "on"],
            [[Money("8000.00", "EUR"), 1200, date(2026, 4, 1)]],
            locale="de_DE",
        )
        assert ">8.000,00\xa0€<" in html
        assert ">1.200<" in html
        assert Money("8000.00", "EUR").format("de_DE") in html
        assert ">01.04.2026<" in html
