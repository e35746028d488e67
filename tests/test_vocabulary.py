"""One vocabulary across the library: each parameter name means one thing wherever it appears.

The glossary is in docs/design.md ("Vocabulary"). These tests read every public class and function
and check the rules that a signature can show.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pendulum
import pytest

import accountexec
from accountexec.accounts import Account
from accountexec.briefs import Brief
from accountexec.campaigns import Campaign, Deliverable
from accountexec.contracts import Contract
from accountexec.invoices import Invoice
from accountexec.money import Money
from accountexec.pipeline import Opportunity

# An operand is the value a function computes on, not a moment it reads the world at: calendar
# arithmetic takes the moment it moves from positionally, like numpy's busday functions.
OPERANDS: frozenset[str] = frozenset({"accountexec.calendars.WorkCalendar.add_business_hours"})
# Calls whose documented signatures write the date positionally (the receivables and dunning
# contract: ``balance(as_of)``, ``dunning_run(invoices, policy, as_of)``,
# ``late_payment_interest(invoice, as_of, regime, reference_rates)``), and methods whose name says
# the date they take (``balance_as_of(day)``, ``is_open_on(day)``).
POSITIONAL_BY_CONTRACT: frozenset[str] = frozenset(
    {
        "accountexec.commerce.dunning.dunning_run",
        "accountexec.commerce.late_payment.late_payment_interest",
        "accountexec.commerce.ledger.ClientLedger.aging",
        "accountexec.commerce.ledger.ClientLedger.balance",
        "accountexec.commerce.ledger.ClientLedger.figures",
        "accountexec.commerce.ledger.ClientLedger.unapplied_credit",
        "accountexec.commerce.invoices.Invoice.balance_as_of",
        "accountexec.commerce.invoices.Invoice.is_open_on",
        "accountexec.commerce.invoices.Invoice.open_installments",
        "accountexec.commerce.invoices.Invoice.settled_as_of",
        # the estimates, targets, retention and service-level contract
        "accountexec.clients.cases.sla_status",
        "accountexec.clients.cases.escalation",
        "accountexec.clients.cases.ClientIssue.status_at",
        "accountexec.commerce.estimates.job_cost",
        "accountexec.commerce.estimates.Estimate.is_expired",
        "accountexec.commerce.estimates.JobCost.empty",
        "accountexec.commerce.estimates.RateCard.roles",
        "accountexec.commerce.retention.recurring_revenue",
        "accountexec.commerce.retention.renewals_due",
        "accountexec.pipeline.targets.attainment",
        "accountexec.pipeline.targets.attainment_summary",
    }
)
# A rate card's ``rates`` are hourly rates per role: the estimates contract names them so.
RATE_CARDS: frozenset[str] = frozenset(
    {
        "accountexec.commerce.estimates.RateCard.__init__",
        "accountexec.commerce.estimates.RateCard.revise",
        "accountexec.commerce.estimates.RateCardVersion.__init__",
    }
)


def _callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[int] = set()
    names = sorted(m.name for m in pkgutil.iter_modules(accountexec.__path__))
    for module_name in names:
        if module_name.startswith("_") or module_name == "demo":
            continue
        module = importlib.import_module(f"accountexec.{module_name}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and id(obj) not in seen:
                seen.add(id(obj))
                yield f"{obj.__module__}.{name}", obj
            if inspect.isclass(obj) and obj.__module__.startswith("accountexec"):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    function = getattr(member, "__func__", member)
                    if inspect.isfunction(function) and id(function) not in seen:
                        seen.add(id(function))
                        yield f"{obj.__module__}.{obj.__name__}.{attr}", function


CALLABLES = dict(_callables())


def _parameters(name: str) -> list[inspect.Parameter]:
    return list(inspect.signature(CALLABLES[name]).parameters.values())


def test_the_public_callables_were_found() -> None:
    assert "accountexec.commerce.receivables.aging" in CALLABLES
    assert "accountexec.pipeline.forecasting.forecast" in CALLABLES
    assert len(CALLABLES) > 300


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_report_dates_days_and_moments_are_keyword_only(name: str) -> None:
    # a value's fields are its content
    if name in OPERANDS | POSITIONAL_BY_CONTRACT or name.endswith(".__init__"):
        return
    for parameter in _parameters(name):
        if parameter.name in {"as_of", "on", "at", "today"}:
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (name, parameter.name)


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_by_is_always_a_person(name: str) -> None:
    for parameter in _parameters(name):
        if parameter.name == "by":
            assert parameter.annotation in ("str | None", "str"), (name, parameter.annotation)


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_rates_are_always_exchange_rates(name: str) -> None:
    for parameter in _parameters(name):
        if name in RATE_CARDS:
            continue
        if parameter.name == "rates" and not name.startswith("accountexec.money.ExchangeRates"):
            assert "ExchangeRates" in str(parameter.annotation), (name, parameter.annotation)


def test_grouping_is_group_by() -> None:
    from accountexec.pipeline import forecast, sales_velocity, summarise, win_rate  # noqa: PLC0415

    for function in (forecast, summarise, win_rate, sales_velocity):
        assert "group_by" in inspect.signature(function).parameters
        assert "by" not in inspect.signature(function).parameters


AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


class TestEveryStatefulTypeSaysWhatItAllows:
    @pytest.mark.parametrize(
        "cls", [Account, Brief, Campaign, Deliverable, Contract, Invoice, Opportunity]
    )
    def test_the_class_has_allowed_events(self, cls: type) -> None:
        assert callable(getattr(cls, "allowed_events", None))

    @pytest.mark.parametrize("cls", [Account, Brief, Campaign, Deliverable, Contract, Invoice])
    def test_a_workflow_entity_also_has_permitted_events(self, cls: type) -> None:
        assert callable(getattr(cls, "permitted_events", None))

    def test_a_draft_invoice_may_be_issued(self) -> None:
        from accountexec.invoices import InvoiceLine, PaymentTerms  # noqa: PLC0415

        draft = Invoice(
            "INV-1",
            "acme",
            "EUR",
            date(2026, 3, 2),
            [InvoiceLine(description="Fee", quantity=1, unit_price=Money("100.00", "EUR"))],
            PaymentTerms.net(30),
        )
        assert draft.allowed_events() == draft.permitted_events() == {"issue"}
        assert draft.issue(at=AT).allowed_events() >= {"void", "write_off"}

    def test_a_draft_contract_goes_to_negotiation(self) -> None:
        contract = Contract(
            id="C-1",
            client_id="acme",
            title="Retainer",
            value=Money("9000.00", "EUR"),
            start=date(2026, 4, 1),
            term_months=3,
            signatories=["ana"],
        )
        assert "negotiate" in contract.allowed_events()
        assert "sign" not in contract.allowed_events()
        assert "sign" in contract.negotiate(at=AT).allowed_events()

    def test_an_opportunity_is_moved_while_open_and_reopened_once_closed(self) -> None:
        deal = Opportunity(
            "O-1",
            "acme",
            "Spring",
            Money("100.00", "EUR"),
            "lead",
            date(2026, 6, 1),
            "ana",
            date(2026, 3, 2),
        )
        assert deal.allowed_events() == {"move_to", "win", "lose"}
        assert deal.win(at=AT).allowed_events() == {"reopen"}


class TestRefusalsNameThePublicParameter:
    def test_the_last_invoice_number(self) -> None:
        from accountexec.invoices import InvoiceNumbering  # noqa: PLC0415

        with pytest.raises(ValueError, match="invalid 'last_number': 'CN-1'"):
            InvoiceNumbering().next_number("CN-1")
        with pytest.raises(ValueError, match="invalid 'number': 'CN-1'"):
            InvoiceNumbering().counter("CN-1")

    @pytest.mark.parametrize(
        ("start", "end", "name"),
        [
            ("2026-01-01", date(2026, 1, 31), "period_start"),
            (date(2026, 1, 1), "2026-01-31", "period_end"),
            (date(2026, 2, 1), date(2026, 1, 31), "period_end"),
        ],
    )
    def test_the_billing_period(self, start: object, end: object, name: str) -> None:
        from accountexec.billing import BillingState, already_billed, bill  # noqa: PLC0415

        contract = Contract(
            id="C-1",
            client_id="acme",
            title="Retainer",
            value=Money("9000.00", "EUR"),
            start=date(2026, 1, 1),
            term_months=3,
            signatories=["ana"],
        )
        signed = contract.negotiate(at=AT).sign(at=AT)
        with pytest.raises(ValueError, match=f"invalid '{name}'"):
            already_billed(contract, [], start, end)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=f"invalid '{name}'"):
            bill(signed, start, end, state=BillingState.opening(signed))  # type: ignore[arg-type]
