"""The public API as a contract: the names accountexec exports, their docs and their examples."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest

import accountexec

ROOT = Path(__file__).resolve().parent.parent

# The snapshot of accountexec.__all__. A change here is a change of the public API: add the names
# to CHANGELOG.md, then update this tuple to the output of
#     .venv/bin/python -c "import accountexec; print(accountexec.__all__)"
EXPECTED_ALL: tuple[str, ...] = (
    "ACCOUNT_WORKFLOW",
    "Acceptance",
    "Account",
    "AccountExecError",
    "AccountHealth",
    "AccountStatus",
    "AccountTeam",
    "Activity",
    "ActivityKind",
    "ActivityLog",
    "Address",
    "AgingReport",
    "Allowance",
    "AtLeastDaysThenDay",
    "Attainment",
    "AttainmentRow",
    "BRIEF_WORKFLOW",
    "Balance",
    "BankAccount",
    "BillingPeriod",
    "BillingRun",
    "BillingState",
    "Brief",
    "BriefStatus",
    "Budget",
    "BudgetExceededError",
    "BudgetLine",
    "BudgetWarning",
    "BusinessDays",
    "BusinessHours",
    "CAMPAIGN_WORKFLOW",
    "CONTRACT_WORKFLOW",
    "CalendarDays",
    "CalendarError",
    "Campaign",
    "CampaignRollup",
    "CampaignStatus",
    "CardPayment",
    "ChangeOrder",
    "Charge",
    "Client",
    "ClientIssue",
    "ClientLedger",
    "ClientReport",
    "Commitment",
    "Contact",
    "Contract",
    "ContractStatus",
    "Cost",
    "CostLine",
    "CreditNote",
    "CreditTransfer",
    "Currency",
    "CurrencyMismatchError",
    "DayOfMonth",
    "DaysThenDayOfNextMonth",
    "DaysThenEndOfMonth",
    "DeadlineRule",
    "Deliverable",
    "DeliverableStatus",
    "DirectDebit",
    "DunningLevel",
    "DunningPolicy",
    "ESTIMATE_WORKFLOW",
    "EarlyDiscount",
    "ElectronicAddress",
    "EndOfMonth",
    "Escalation",
    "Estimate",
    "EstimateAcceptance",
    "EstimateStatus",
    "EstimateTotals",
    "ExchangeRates",
    "Expense",
    "Forecast",
    "ForecastCategory",
    "HealthRating",
    "HealthSignal",
    "HealthThresholds",
    "ISSUE_WORKFLOW",
    "Installment",
    "InterestClaim",
    "InterestRegime",
    "InvalidTransitionError",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumbering",
    "InvoiceStatus",
    "InvoicingPeriod",
    "IssueStatus",
    "JobCost",
    "JobCostRow",
    "KPI",
    "LabourLine",
    "Markup",
    "MediaCommission",
    "MediaPlacement",
    "Milestone",
    "MissingDependencyError",
    "Money",
    "Opportunities",
    "Opportunity",
    "OverspendPolicy",
    "Party",
    "Payment",
    "PaymentError",
    "PaymentTerms",
    "Pipeline",
    "PipelineSummary",
    "ProfitAndLoss",
    "Rate",
    "RateCard",
    "RateCardVersion",
    "RecurringReport",
    "ReferenceRates",
    "Reminder",
    "Renewal",
    "RenewalKind",
    "RenewalRate",
    "ReportCadence",
    "Retainer",
    "RetentionFigures",
    "SalesTarget",
    "Schedule",
    "ScheduleError",
    "ScheduledPlan",
    "ScheduledTask",
    "Severity",
    "SignOff",
    "SlaClock",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "SpendEntry",
    "Stage",
    "StatementOfAccount",
    "StatusChange",
    "Task",
    "Tax",
    "TermLine",
    "TimeAndMaterials",
    "TimeEntry",
    "Tower",
    "Transition",
    "UpcomingRenewal",
    "ValidationError",
    "VatBreakdown",
    "VatCategory",
    "WorkCalendar",
    "Workflow",
    "aging",
    "allowed_events",
    "already_billed",
    "apply",
    "attainment",
    "bill",
    "billing_periods",
    "calibration",
    "days_overdue",
    "dunning_run",
    "escalation",
    "forecast",
    "from_dict",
    "invoiced_revenue",
    "is_overdue",
    "job_cost",
    "labour_costs",
    "late_payment_interest",
    "permitted_events",
    "recurring_revenue",
    "renewal_rate",
    "renewals_due",
    "revenue_retention",
    "roi",
    "rollup",
    "sla_status",
    "summarise",
    "to_dict",
    "workflow_of",
)

# Public classes and functions whose docstring has no ``>>>`` example yet. The test fails when one
# gains an example, so this list only ever shrinks; never add to it: write the example instead.
WITHOUT_EXAMPLE: frozenset[str] = frozenset({})


def public_modules() -> list[ModuleType]:
    """``accountexec`` and each of its modules whose name does not start with an underscore."""
    names = sorted(m.name for m in pkgutil.iter_modules(accountexec.__path__))
    modules = [accountexec]
    # The context packages hold the code; users import from the public modules that re-export it.
    layout_only = {"clients", "commerce"}
    modules += [
        importlib.import_module(f"accountexec.{n}")
        for n in names
        if not n.startswith("_") and n not in layout_only
    ]
    return modules


MODULES = public_modules()


def public_objects() -> dict[str, object]:
    """Every class and function named in a public ``__all__``, keyed by where users import it from.

    The key is the object's home module when that is public (``accountexec.money.Money``), else the
    public module that exports it (``accountexec.strategies.money``).
    """
    public = {m.__name__ for m in MODULES}
    found: dict[int, str] = {}
    objects: dict[str, object] = {}
    for module in reversed(MODULES):  # the package itself last: prefer the defining module
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or id(obj) in found:
                continue
            home = obj.__module__ if obj.__module__ in public else module.__name__
            found[id(obj)] = key = f"{home}.{name}"
            objects[key] = obj
    return dict(sorted(objects.items()))


OBJECTS = public_objects()


def own_doc(obj: object) -> str:
    """The docstring written for ``obj`` itself (not one inherited from a base class)."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        return doc if isinstance(doc, str) else ""
    return inspect.getdoc(obj) or ""


class TestTheExportedNames:
    def test_all_is_in_plain_sorted_order(self):
        assert list(accountexec.__all__) == sorted(accountexec.__all__)

    def test_all_matches_the_snapshot(self):
        current = tuple(accountexec.__all__)
        added = sorted(set(current) - set(EXPECTED_ALL))
        removed = sorted(set(EXPECTED_ALL) - set(current))
        assert current == EXPECTED_ALL, (
            f"accountexec.__all__ changed (added: {added}, removed: {removed}). If this is "
            "intended, record it in CHANGELOG.md and update EXPECTED_ALL in "
            "tests/test_public_api.py to the output of: "
            '.venv/bin/python -c "import accountexec; print(accountexec.__all__)"'
        )

    @pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
    def test_every_module_declares_what_it_exports_and_has_it(self, module):
        assert hasattr(module, "__all__"), f"{module.__name__} has no __all__"
        assert len(set(module.__all__)) == len(module.__all__)
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert not missing, f"{module.__name__}.__all__ names what it lacks: {missing}"

    def test_the_exported_names_are_the_modules_own_objects(self):
        for name in accountexec.__all__:
            obj = getattr(accountexec, name)
            home = getattr(obj, "__module__", None)
            if home and home.startswith("accountexec."):
                assert getattr(importlib.import_module(home), name, obj) is obj, name

    def test_from_accountexec_import_star_gives_exactly_all(self):
        namespace: dict[str, object] = {}
        exec("from accountexec import *", namespace)
        assert sorted(k for k in namespace if k != "__builtins__") == sorted(accountexec.__all__)


class TestTheDocumentation:
    @pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
    def test_every_module_has_a_docstring(self, module):
        assert (module.__doc__ or "").strip(), f"{module.__name__} has no docstring"

    @pytest.mark.parametrize("name", list(OBJECTS))
    def test_every_public_class_and_function_has_a_docstring(self, name):
        assert own_doc(OBJECTS[name]).strip(), f"{name} has no docstring"

    def test_every_public_class_and_function_has_an_example(self):
        missing = sorted(name for name, obj in OBJECTS.items() if ">>>" not in own_doc(obj))
        new = sorted(set(missing) - WITHOUT_EXAMPLE)
        assert not new, (
            "public classes and functions without a '>>>' example in their docstring (Sybil runs "
            f"them): {new}"
        )

    def test_the_list_of_names_without_an_example_only_shrinks(self):
        fixed = sorted(n for n in WITHOUT_EXAMPLE if n in OBJECTS and ">>>" in own_doc(OBJECTS[n]))
        gone = sorted(n for n in WITHOUT_EXAMPLE if n not in OBJECTS)
        assert not fixed, f"these have an example now; remove them from WITHOUT_EXAMPLE: {fixed}"
        assert not gone, f"these are no longer public; remove them from WITHOUT_EXAMPLE: {gone}"

    @pytest.mark.parametrize("module", MODULES[1:], ids=lambda m: m.__name__)
    def test_every_module_has_an_api_reference_page(self, module):
        pages = (ROOT / "docs" / "reference").glob("*.md")
        text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
        # A public module that re-exports a context's module is documented through that module.
        match = re.search(r"The public import path of :mod:`([\w.]+)`", module.__doc__ or "")
        documented = match.group(1) if match else module.__name__
        assert f"automodule:: {documented}\n" in text, (
            f"add docs/reference/<page>.md with '.. automodule:: {documented}'"
        )

    def test_the_changelog_is_in_the_docs(self):
        page = (ROOT / "docs" / "reference" / "changelog.md").read_text(encoding="utf-8")
        assert "{include} ../../CHANGELOG.md" in page


RECEIVABLES = (
    "ClientLedger",
    "DunningLevel",
    "DunningPolicy",
    "EarlyDiscount",
    "InterestClaim",
    "ReferenceRates",
    "dunning_run",
    "late_payment_interest",
    "aging",
    "is_overdue",
    "days_overdue",
)


@pytest.mark.parametrize("path", ["accountexec.receivables", "accountexec.invoices"])
def test_receivables_import_from_one_place(path):
    module = importlib.import_module(path)
    for name in RECEIVABLES:
        assert name in module.__all__, (path, name)
        assert getattr(module, name) is getattr(accountexec, name), (path, name)
