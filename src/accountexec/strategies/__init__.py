"""Hypothesis strategies for every public type of accountexec.

Each strategy produces only valid, finite, correctly rounded values, with parameters to steer it.
The strategies are registered with :func:`hypothesis.strategies.register_type_strategy` through the
``hypothesis`` entry point, so ``st.from_type(Money)`` works in any project that installs
accountexec.

>>> from hypothesis import given, settings
>>> from accountexec import strategies as aes
>>> @settings(max_examples=10)
... @given(aes.money(currency="EUR"))
... def test_rounded(m):
...     assert m.is_rounded
>>> test_rounded()

The strategies live in private modules, one per area of the library, and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable


def _hypothesis_setup_hook() -> None:
    """Entry point that Hypothesis calls when it is imported.

    Defined before the imports below on purpose: when this package is imported first, its first
    ``import hypothesis`` runs the entry points, which look this hook up on the half-imported
    package. It then does nothing, and the package registers its strategies at the end of its own
    import instead (``register_type_strategies()`` at the bottom of this module).
    """
    if "_REGISTRARS" in globals():
        register_type_strategies()


from accountexec.strategies import (  # noqa: E402 - after the hook, see its docstring
    _accounts,
    _briefs,
    _budgets,
    _calendars,
    _cases,
    _contracts,
    _einvoice,
    _estimates,
    _invoices,
    _money,
    _pipeline,
    _receivables,
    _reports,
    _targets,
    _workflow,
)
from accountexec.strategies._accounts import (  # noqa: E402 - after the hook, see its docstring
    account_teams,
    accounts,
    activities,
    activity_logs,
    clients,
    contacts,
    recurring_reports,
    report_cadences,
)
from accountexec.strategies._briefs import (  # noqa: E402 - after the hook, see its docstring
    briefs,
    draft_briefs,
    sign_offs,
)
from accountexec.strategies._budgets import (  # noqa: E402 - after the hook, see its docstring
    budget_lines,
    budget_warnings,
    budgets,
    campaign_rollups,
    campaign_trees,
    campaigns,
    change_orders,
    commitments,
    deliverables,
    kpis,
    line_summaries,
    period_amounts,
    spend_entries,
)
from accountexec.strategies._calendars import (  # noqa: E402 - after the hook, see its docstring
    business_hours_rules,
    calendars,
    date_rules,
    scheduled_plans,
    scheduled_tasks,
    schedules,
    weekmasks,
)
from accountexec.strategies._cases import (  # noqa: E402 - after the hook, see its docstring
    client_issues,
    escalations,
    sla_clocks,
    sla_policies,
    sla_statuses,
)
from accountexec.strategies._contracts import (  # noqa: E402 - after the hook, see its docstring
    acceptances,
    arrangement_bills,
    arrangement_charges,
    arrangement_states,
    billed_lines,
    billing_periods,
    billing_runs,
    billing_states,
    contract_dates,
    contracts,
    costs,
    expenses,
    markups,
    media_commissions,
    media_placements,
    milestones,
    profits_and_losses,
    renewals,
    retainer_hours,
    retainer_segments,
    retainers,
    role_times,
    time_and_materials,
    time_and_materials_charges,
    time_entries,
    towers,
)
from accountexec.strategies._einvoice import (  # noqa: E402 - after the hook, see its docstring
    addresses,
    allowances,
    bank_accounts,
    card_payments,
    charges,
    credit_transfers,
    direct_debits,
    electronic_addresses,
    invoicing_periods,
    legal_credit_notes,
    legal_invoices,
    parties,
    payment_means,
    vat_breakdowns,
    vat_taxes,
)
from accountexec.strategies._estimates import (  # noqa: E402 - after the hook, see its docstring
    cost_lines,
    estimate_acceptances,
    estimate_totals,
    estimates,
    job_cost_rows,
    job_costs,
    labour_lines,
    rate_card_versions,
    rate_cards,
)
from accountexec.strategies._invoices import (  # noqa: E402 - after the hook, see its docstring
    aging_reports,
    aging_rows,
    applied_payments,
    balances,
    credit_notes,
    document_amounts,
    installments,
    invoice_lines,
    invoice_numberings,
    invoices,
    line_amounts,
    line_sources,
    payment_terms,
    payments,
    taxes,
    term_lines,
    term_rules,
)
from accountexec.strategies._money import (  # noqa: E402 - after the hook, see its docstring
    currencies,
    exchange_rates,
    money,
    rates,
)
from accountexec.strategies._pipeline import (  # noqa: E402 - after the hook, see its docstring
    calibration_buckets,
    calibrations,
    coverages,
    forecast_cells,
    forecasts,
    opportunities,
    opportunity_collections,
    pipeline_summaries,
    pipelines,
    sales_velocities,
    stage_conversions,
    stage_durations,
    stages,
    summary_cells,
    win_rates,
)
from accountexec.strategies._receivables import (  # noqa: E402 - after the hook, see its docstring
    client_ledgers,
    compound_rules,
    credit_applications,
    dunning_levels,
    dunning_policies,
    dunning_runs,
    early_discount_amounts,
    early_discounts,
    interest_claims,
    interest_periods,
    interest_regimes,
    ledger_figures,
    reference_rates,
    refunds,
    reminders,
    statement_lines,
    statements_of_account,
)
from accountexec.strategies._reports import (  # noqa: E402 - after the hook, see its docstring
    account_healths,
    client_reports,
    health_thresholds,
)
from accountexec.strategies._targets import (  # noqa: E402 - after the hook, see its docstring
    attainment_rows,
    attainments,
    renewal_rates,
    retention_figures,
    sales_targets,
    upcoming_renewals,
)
from accountexec.strategies._workflow import (  # noqa: E402 - after the hook, see its docstring
    aware_datetimes,
    status_changes,
    walked,
    workflow_state_machine,
    workflows,
)

__all__ = [
    "acceptances",
    "account_healths",
    "account_teams",
    "accounts",
    "activities",
    "activity_logs",
    "addresses",
    "aging_reports",
    "aging_rows",
    "allowances",
    "applied_payments",
    "arrangement_bills",
    "arrangement_charges",
    "arrangement_states",
    "attainment_rows",
    "attainments",
    "aware_datetimes",
    "balances",
    "bank_accounts",
    "billed_lines",
    "billing_periods",
    "billing_runs",
    "billing_states",
    "briefs",
    "budget_lines",
    "budget_warnings",
    "budgets",
    "business_hours_rules",
    "calendars",
    "calibration_buckets",
    "calibrations",
    "campaign_rollups",
    "campaign_trees",
    "campaigns",
    "card_payments",
    "change_orders",
    "charges",
    "client_issues",
    "client_ledgers",
    "client_reports",
    "clients",
    "commitments",
    "compound_rules",
    "contacts",
    "contract_dates",
    "contracts",
    "cost_lines",
    "costs",
    "coverages",
    "credit_applications",
    "credit_notes",
    "credit_transfers",
    "currencies",
    "date_rules",
    "deliverables",
    "direct_debits",
    "document_amounts",
    "draft_briefs",
    "dunning_levels",
    "dunning_policies",
    "dunning_runs",
    "early_discount_amounts",
    "early_discounts",
    "electronic_addresses",
    "escalations",
    "estimate_acceptances",
    "estimate_totals",
    "estimates",
    "exchange_rates",
    "expenses",
    "forecast_cells",
    "forecasts",
    "health_thresholds",
    "installments",
    "interest_claims",
    "interest_periods",
    "interest_regimes",
    "invoice_lines",
    "invoice_numberings",
    "invoices",
    "invoicing_periods",
    "job_cost_rows",
    "job_costs",
    "kpis",
    "labour_lines",
    "ledger_figures",
    "legal_credit_notes",
    "legal_invoices",
    "line_amounts",
    "line_sources",
    "line_summaries",
    "markups",
    "media_commissions",
    "media_placements",
    "milestones",
    "money",
    "opportunities",
    "opportunity_collections",
    "parties",
    "payment_means",
    "payment_terms",
    "payments",
    "period_amounts",
    "pipeline_summaries",
    "pipelines",
    "profits_and_losses",
    "rate_card_versions",
    "rate_cards",
    "rates",
    "recurring_reports",
    "reference_rates",
    "refunds",
    "reminders",
    "renewal_rates",
    "renewals",
    "report_cadences",
    "retainer_hours",
    "retainer_segments",
    "retainers",
    "retention_figures",
    "role_times",
    "sales_targets",
    "sales_velocities",
    "scheduled_plans",
    "scheduled_tasks",
    "schedules",
    "sign_offs",
    "sla_clocks",
    "sla_policies",
    "sla_statuses",
    "spend_entries",
    "stage_conversions",
    "stage_durations",
    "stages",
    "statement_lines",
    "statements_of_account",
    "status_changes",
    "summary_cells",
    "taxes",
    "term_lines",
    "term_rules",
    "time_and_materials",
    "time_and_materials_charges",
    "time_entries",
    "towers",
    "upcoming_renewals",
    "vat_breakdowns",
    "vat_taxes",
    "walked",
    "weekmasks",
    "win_rates",
    "workflow_state_machine",
    "workflows",
]

_REGISTRARS: tuple[Callable[[], None], ...] = (
    _accounts.register,
    _briefs.register,
    _budgets.register,
    _calendars.register,
    _cases.register,
    _contracts.register,
    _einvoice.register,
    _estimates.register,
    _invoices.register,
    _money.register,
    _pipeline.register,
    _receivables.register,
    _reports.register,
    _targets.register,
    _workflow.register,
)


def register_type_strategies() -> None:
    """Register a strategy for every public type with ``st.register_type_strategy``.

    Called automatically through the ``hypothesis`` entry point; calling it again is harmless.
    """
    for register in _REGISTRARS:
        register()


register_type_strategies()
