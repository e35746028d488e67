"""Estimates and job costing: what a job should cost before any contract, and what it did cost.

The public import path of :mod:`accountexec.commerce.estimates`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.commerce.estimates import (
    CONTINGENCY_LINE,
    ESTIMATE_WORKFLOW,
    ArrangementKind,
    CostLine,
    Estimate,
    EstimateAcceptance,
    EstimateLine,
    EstimateStatus,
    EstimateTotals,
    JobCost,
    JobCostRow,
    LabourLine,
    RateCard,
    RateCardVersion,
    job_cost,
)

__all__ = [
    "CONTINGENCY_LINE",
    "ESTIMATE_WORKFLOW",
    "ArrangementKind",
    "CostLine",
    "Estimate",
    "EstimateAcceptance",
    "EstimateLine",
    "EstimateStatus",
    "EstimateTotals",
    "JobCost",
    "JobCostRow",
    "LabourLine",
    "RateCard",
    "RateCardVersion",
    "job_cost",
]
