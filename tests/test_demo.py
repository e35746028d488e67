"""Tests of the interim demo (accountexec.demo) and its command line."""

from __future__ import annotations

import pytest

from accountexec import demo
from accountexec.__main__ import main
from accountexec.errors import ValidationError


class TestDemoText:
    def test_walks_through_the_money_examples_in_en_us(self) -> None:
        text = demo.run(locale="en_US")
        assert text.startswith("accountexec demo: exact money (locale en_US)")
        assert "€33.34 + €33.33 + €33.33 = €100.00" in text
        assert "€100.00 -> €70.00, €20.00, €10.00" in text
        assert "half_even  €2.34" in text
        assert "round(b) - round(a) = €0.01" in text
        assert "gross-up of a €100.00 net: €117.65" in text
        assert "CHF10.03 in cash: CHF10.05" in text
        assert "€100.00 -> $108.25" in text

    def test_formats_amounts_in_the_locale_given(self) -> None:
        text = demo.run(locale="de_DE")
        assert "33,34\xa0€ + 33,33\xa0€ + 33,33\xa0€ = 100,00\xa0€" in text
        assert "1.234,50\xa0€" in text

    def test_is_deterministic(self) -> None:
        assert demo.run("fr_FR") == demo.run("fr_FR")

    def test_markdown_and_html(self) -> None:
        markdown = demo.run(fmt="markdown")
        assert markdown.startswith("# accountexec demo")
        assert "## Split 100.00 EUR three ways" in markdown
        page = demo.run(fmt="html")
        assert page.startswith("<h1>accountexec demo")
        assert "<pre>€33.34 + €33.33 + €33.33 = €100.00" in page
        assert "-&gt;" in page

    def test_unknown_formats_and_locales_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'fmt'"):
            demo.run(fmt="pdf")
        with pytest.raises(ValidationError, match="'locale'"):
            demo.run(locale="xx_YY")


class TestCommandLine:
    def test_demo_prints_the_walk_through(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo"]) == 0
        out = capsys.readouterr().out
        assert out == demo.run() + "\n"

    def test_demo_in_german(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo", "--locale", "de_DE"]) == 0
        assert "(locale de_DE)" in capsys.readouterr().out

    def test_demo_as_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo", "--format", "markdown"]) == 0
        assert capsys.readouterr().out.startswith("# accountexec demo")
