"""The command line: ``python -m accountexec demo`` walks through the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accountexec import demo
from accountexec.errors import AccountExecError

CONCEPTS: tuple[tuple[str, str], ...] = (
    ("accountexec.money", "Money, Currency, Rate, ExchangeRates"),
    ("accountexec.calendars", "WorkCalendar: business days and hours"),
    ("accountexec.errors", "AccountExecError and its subclasses"),
    ("accountexec.workflow", "Workflow, Transition, apply, allowed_events"),
    ("accountexec.deadlines", "deadline rules, Schedule, Task"),
    ("accountexec.accounts", "Client, Contact, AccountTeam, Account"),
    ("accountexec.activities", "Activity, ActivityLog, RecurringReport"),
    ("accountexec.briefs", "Brief, SignOff"),
    ("accountexec.budgets", "Budget, BudgetLine, commitments, spend"),
    ("accountexec.campaigns", "Campaign, Deliverable, KPI"),
    ("accountexec.cases", "ClientIssue, SlaPolicy, sla_status, escalation"),
    ("accountexec.contracts", "Contract, Renewal, Tower, renewals_due"),
    ("accountexec.billing", "bill(), retainers, milestones, time and materials, media"),
    ("accountexec.invoices", "Invoice, InvoiceLine, Tax, PaymentTerms, aging"),
    ("accountexec.ledger", "ClientLedger: statements of account, unapplied credit"),
    ("accountexec.dunning", "DunningPolicy, dunning_run"),
    ("accountexec.late_payment", "late_payment_interest, ReferenceRates"),
    ("accountexec.parties", "Party, Address, BankAccount, payment means"),
    ("accountexec.einvoice", "to_cii, to_ubl, from_cii, from_ubl: e-invoices"),
    ("accountexec.estimates", "RateCard, Estimate, job_cost"),
    ("accountexec.retention", "revenue_retention, renewal_rate, renewals_due"),
    ("accountexec.profit", "ProfitAndLoss, Cost"),
    ("accountexec.pipeline", "Opportunity, Pipeline, forecast, win_rate, coverage"),
    ("accountexec.targets", "SalesTarget, attainment"),
    ("accountexec.reports", "ClientReport, AccountHealth, rendering"),
    ("accountexec.serialize", "to_dict, from_dict"),
    ("accountexec.strategies", "Hypothesis strategies for every public type"),
)
"""Where each concept lives, as ``--help`` and the documentation's index list it."""


def _demo(args: argparse.Namespace) -> int:
    print(demo.run(locale=args.locale, fmt=args.format))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = argparse.ArgumentParser(
        prog="python -m accountexec",
        description="accountexec: the domain core of an account executive's work.",
        epilog=(
            "where each concept lives (import from these modules):\n"
            + "\n".join(f"  {module:<33} {concepts}" for module, concepts in CONCEPTS)
            + "\n\nexamples:\n"
            "  python -m accountexec demo\n"
            "  python -m accountexec demo --locale de_DE --format html > demo.html\n"
            "  python -m accountexec demo --help"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo_parser = commands.add_parser(
        "demo",
        help="walk one agency and one client through the library, from brief to client report",
        description=(
            "A guided walk through the library: account and team, a brief approved, budget and "
            "campaign scheduled back from the launch, a contract with a retainer and media "
            "commission, three months billed, a payment and a late invoice, the pipeline "
            "forecast, the client report and the account's health. Deterministic: fixed dates, "
            "no clock."
        ),
    )
    demo_parser.add_argument(
        "--locale",
        default="en_US",
        help="CLDR locale for money, numbers and dates, e.g. de_DE, fr_FR, ja_JP (default: en_US)",
    )
    demo_parser.add_argument(
        "--format",
        default="text",
        choices=("text", "markdown", "html"),
        help="output format; html is a whole page (default: text)",
    )
    demo_parser.set_defaults(handler=_demo)
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        return int(handler(args))
    except AccountExecError as exc:
        print(f"accountexec: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
