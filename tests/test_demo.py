"""Tests of the demo (accountexec.demo) and the command line that runs it."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest

from accountexec import Money, demo
from accountexec.__main__ import main
from accountexec._views import format_month, format_percent
from accountexec.billing import MediaCommission, Retainer
from accountexec.errors import ValidationError
from accountexec.invoices import InvoiceStatus, aging, days_overdue
from accountexec.money import DECIMAL_CONTEXT, Rate
from accountexec.pipeline import coverage, forecast

LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "vi_VN")
STEPS = (
    "1. The account and its team",
    "2. A brief, submitted and approved",
    "3. Budget and campaign, scheduled back from the launch",
    "4. The contract: a retainer and media commission",
    "5. Three months billed",
    "6. A payment, and a late invoice",
    "7. The pipeline forecast",
    "8. The client report",
    "9. Account health",
    "10. An estimate for the summer job",
    "11. A client issue and its service levels",
)


def _flat(text: str) -> str:
    """The text with line breaks as spaces (paragraphs wrap; no-break spaces stay)."""
    return re.sub(r"\n *", " ", text)


def _money(amount: str, locale: str) -> str:
    return Money(amount, "EUR").format(locale)


class _Checker(HTMLParser):
    """Counts opened and closed elements, to see the page is well formed."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


class TestTheDemoRunsInEveryFormatAndLocale:
    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_every_step_is_there(self, locale: str, fmt: str) -> None:
        out = demo.run(locale=locale, fmt=fmt)
        for step in STEPS:
            assert step in out
        assert f"figures for {locale}" in out

    def test_text_underlines_each_step_and_has_no_markup(self) -> None:
        lines = demo.run().splitlines()
        for step in STEPS:
            i = lines.index(step)
            assert lines[i + 1] == "-" * len(step)
        assert "<" not in "\n".join(lines)
        assert "```" not in "\n".join(lines)

    def test_markdown_has_headings_tables_and_a_gantt_chart(self) -> None:
        out = demo.run(fmt="markdown")
        assert out.startswith("# accountexec demo")
        assert "## 5. Three months billed" in out
        assert "### Invoices" in out
        assert "| invoice | lines | net | VAT | total | due |" in out
        assert "```mermaid\ngantt\n" in out
        assert ":crit, t2, 2026-03-19, 2026-03-26" in out

    def test_html_is_a_well_formed_page(self) -> None:
        page = demo.run(fmt="html", locale="fr_FR")
        assert page.startswith('<!DOCTYPE html>\n<html lang="fr-FR">')
        checker = _Checker()
        checker.feed(page)
        assert checker.errors == []
        assert checker.stack == []
        assert '<pre class="mermaid">gantt' in page

    def test_is_deterministic(self) -> None:
        assert demo.run("fr_FR", "html") == demo.run("fr_FR", "html")

    def test_a_hostile_decimal_context_changes_nothing(
        self, hostile_decimal_context: object
    ) -> None:
        demo.story.cache_clear()  # build the values under the hostile context too
        try:
            hostile = demo.run("de_DE", "markdown")
        finally:
            demo.story.cache_clear()
        with decimal.localcontext(decimal.Context()):
            assert hostile == demo.run("de_DE", "markdown")

    def test_unknown_formats_and_locales_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'fmt'"):
            demo.run(fmt="pdf")
        with pytest.raises(ValidationError, match="'locale'"):
            demo.run(locale="xx_YY")


class TestTheFiguresAreTheLibrarys:
    """Key figures recomputed by hand (DOMAIN.md rules) and through the library."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_january_is_prorated_twenty_days_of_thirty_one(self, locale: str) -> None:
        by_hand = DECIMAL_CONTEXT.divide(Decimal("8000.00") * 20, Decimal(31))
        fee = Money(by_hand, "EUR").round()
        assert fee == Money("5161.29", "EUR")
        s = demo.story()
        retainer = next(a for a in s.contract.arrangements if isinstance(a, Retainer))
        assert retainer.amount_for(s.contract.start, pendulum.date(2026, 1, 31)) == fee
        assert s.invoices[0].subtotal == fee
        out = _flat(demo.run(locale=locale))
        assert f"20/31 of {_money('8000.00', locale)}: {fee.format(locale)}" in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_invoices_carry_vat_and_the_march_media(self, locale: str) -> None:
        s = demo.story()
        march = s.invoices[2]
        assert march.subtotal == Money("28000.00", "EUR")  # 8,000 retainer + 20,000 gross media
        assert march.tax_total == Money("5320.00", "EUR")  # 19% of 28,000
        out = demo.run(locale=locale)
        for invoice in s.invoices:
            assert invoice.total.format(locale) in out
            assert invoice.tax_total.format(locale) in out

    def test_media_commission_keeps_fifteen_percent_of_the_gross(self) -> None:
        charge = MediaCommission(rate=Rate.percent(15)).commission(Money("20000.00", "EUR"))
        assert (charge.commission, charge.net) == (
            Money("3000.00", "EUR"),
            Money("17000.00", "EUR"),
        )
        out = _flat(demo.run())
        assert "on €20,000.00 of media the agency keeps €3,000.00" in out
        assert "media owner is paid €17,000.00" in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_payment_and_the_late_invoice(self, locale: str) -> None:
        s = demo.story()
        paid, late, current = s.invoices
        assert paid.status is InvoiceStatus.PAID
        assert days_overdue(late, as_of=s.as_of) == 16
        assert days_overdue(current, as_of=s.as_of) == 0
        report = aging(s.invoices, as_of=s.as_of)
        current_bucket, first_bucket, *_ = report.total("EUR")
        assert (current_bucket, first_bucket) == (current.total, late.total)
        out = _flat(demo.run(locale=locale))
        assert "16 days overdue" in out
        assert Money.sum(report.total("EUR"), "EUR").format(locale) in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_forecast_and_coverage(self, locale: str) -> None:
        s = demo.story()
        fc = forecast(s.opportunities, as_of=s.as_of, currency="EUR")
        # 80,000 x 50% + 45,000 x 75% + 25,000 x 10%
        assert fc.total.weighted_amount == Money("76250.00", "EUR")
        # open amounts 80,000 + 45,000 + 25,000 over the 25,000 target, nothing won yet
        assert coverage(s.opportunities, target=s.pipeline_target).ratio == Decimal(6)
        out = demo.run(locale=locale)
        assert fc.total.weighted_amount.format(locale) in out
        assert fc.total.amount.format(locale) in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_budget_burn(self, locale: str) -> None:
        s = demo.story()
        budget = s.campaign.budget
        # 120,000 x 15 elapsed days / 61 days
        assert budget.theoretical_spend(as_of=s.as_of) == Money("29508.20", "EUR")
        assert budget.variance(as_of=s.as_of) == Money("3991.80", "EUR")
        out = demo.run(locale=locale)
        assert budget.theoretical_spend(as_of=s.as_of).format(locale) in out
        assert budget.variance(as_of=s.as_of).format(locale) in out

    def test_the_schedule_and_the_notice_deadline(self) -> None:
        s = demo.story()
        plan = s.campaign.schedule(s.calendar)
        assert plan.critical_path == ("key visual", "social cutdowns")
        assert s.contract.notice_deadline(s.calendar) == pendulum.date(2026, 10, 13)
        out = _flat(demo.run())
        assert "critical path: key visual → social cutdowns" in out
        assert "give notice by Oct 13, 2026" in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_health_score_explains_itself(self, locale: str) -> None:
        s = demo.story()
        assert s.health.score == Rate("0.5455")  # 6 of 11: contact 3 + variance 2 + coverage 1
        assert (s.health.ok_weight, s.health.measured_weight) == (6, 11)
        alerts = [x.name for x in s.health.signals if x.status.value == "alert"]
        assert alerts == ["overdue_invoices", "late_deliverables"]
        out = _flat(demo.run(locale=locale))
        for signal in s.health.signals:
            assert signal.name.replace("_", " ") in out
        assert f"Score {format_percent(s.health.score, locale)} (6 of 11 measured weight" in out
        assert "not measured" in out
        assert "not_measured" not in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_months_and_percentages_are_written_in_the_locale(self, locale: str) -> None:
        out = demo.run(locale=locale)
        assert "2026-04" not in out  # months as the locale writes them
        assert format_month("2026-04", locale) in out
        assert format_month(pendulum.date(2026, 4, 9), locale) == format_month("2026-04", locale)
        assert format_percent(Rate("0.75"), locale) in out  # the negotiation stage
        budget = demo.story().campaign.budget
        for entry in budget.spend_entries:
            assert entry.amount.format(locale) in out

    def test_the_spend_behind_the_budget_burn_is_shown(self) -> None:
        s = demo.story()
        budget = s.campaign.budget
        assert budget.actual == Money("33500.00", "EUR")  # 20,000 + 9,500 + 4,000
        assert budget.committed == Money("10000.00", "EUR")  # 30,000 ordered, 20,000 billed
        out = _flat(demo.run())
        assert "MEDIA-41 out of home Apr 1, 2026 spent against IO-1 €20,000.00" in re.sub(
            r" {2,}", " ", out
        )
        assert "out_of_home" not in out


class TestTheEstimateAndTheServiceLevels:
    def test_the_estimate_becomes_a_budget_and_two_milestones(self) -> None:
        done = demo.story().estimate
        totals = done.estimate.totals()
        # 16 × 140 + 76 × 90 (Fjord's designer rate) + 24 × 85 + 20 × 110 = 13,320
        assert totals.labour == Money("13320.00", "EUR")
        assert totals.markup == Money("1800.00", "EUR")
        assert totals.contingency == Money("1356.00", "EUR")  # 5% of 27,120
        assert done.budget.planned == totals.total == Money("28476.00", "EUR")
        amounts = [m.amount for m in done.arrangements]  # type: ignore[union-attr]
        assert amounts == [Money("11390.40", "EUR"), Money("17085.60", "EUR")]
        out = _flat(demo.run())
        assert "total €28,476.00" in out
        assert "kick-off €11,390.40, delivery €17,085.60" in out

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_resolution_clock_paused_while_waiting_on_the_client(self, locale: str) -> None:
        s = demo.story()
        # 7.5 h on 13 April, 1 h on 14 April before the wait, 7 h on 15 April after it
        assert s.sla.resolution.elapsed.total_seconds() == 15.5 * 3600
        assert s.sla.resolution.due == pendulum.datetime(2026, 4, 15, 16, 30, tz="Europe/Berlin")
        assert s.sla.first_response.state.value == "met"
        assert (s.escalation.person, s.escalation.role) == ("Ana Lima", "executive")
        out = _flat(demo.run(locale=locale))
        assert "15 h 30 min counted, 0 h 30 min left" in out


class TestTheReadmeExcerpt:
    def test_the_excerpt_is_todays_output(self) -> None:
        readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
        section = readme[readme.index("## The demo") :]
        start = section.index("```text\n") + len("```text\n")
        excerpt = section[start : section.index("\n```", start)]
        out = demo.run().splitlines()
        lines = [line for line in excerpt.splitlines() if line != "..."]
        assert len(lines) > 20
        assert all(line in out for line in lines)


class TestCommandLine:
    def test_demo_prints_the_walk_through(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo"]) == 0
        assert capsys.readouterr().out == demo.run() + "\n"

    def test_demo_in_german_as_html(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo", "--locale", "de_DE", "--format", "html"]) == 0
        assert capsys.readouterr().out == demo.run("de_DE", "html") + "\n"

    def test_an_unknown_locale_is_an_error_without_a_traceback(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["demo", "--locale", "xx_YY"]) == 2
        assert capsys.readouterr().err.startswith("accountexec: error: invalid 'locale'")

    def test_help_explains_the_commands(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert re.search(r"demo\s+walk one agency and one client", out)
        assert "python -m accountexec demo --locale de_DE --format html" in out

    def test_demo_help_lists_the_formats(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit):
            main(["demo", "--help"])
        out = capsys.readouterr().out
        assert "{text,markdown,html}" in out
        assert "--locale" in out


class TestWhereEachConceptLives:
    def test_help_lists_the_module_of_each_concept(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from accountexec.__main__ import CONCEPTS  # noqa: PLC0415

        with pytest.raises(SystemExit):
            main(["--help"])
        out = capsys.readouterr().out
        for module, concepts in CONCEPTS:
            assert f"{module}" in out
            assert concepts in out

    def test_each_listed_name_lives_in_its_module(self) -> None:
        import importlib  # noqa: PLC0415

        from accountexec.__main__ import CONCEPTS  # noqa: PLC0415

        for module, concepts in CONCEPTS:
            imported = importlib.import_module(module)
            names = [w.strip(",():") for w in concepts.split()]
            for name in names:
                if (name[:1].isupper() and name not in {"Hypothesis"}) or "_" in name:
                    assert hasattr(imported, name), (module, name)

    def test_the_docs_index_lists_the_same_modules(self) -> None:
        from accountexec.__main__ import CONCEPTS  # noqa: PLC0415

        index = (Path(__file__).resolve().parent.parent / "docs" / "index.md").read_text("utf-8")
        for module, _concepts in CONCEPTS:
            assert f"`{module}`" in index
