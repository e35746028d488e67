"""Campaigns: the work that answers a brief, its deliverables, its workflow and its hierarchy.

The public import path of :mod:`accountexec.clients.campaigns`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.campaigns import (
    CAMPAIGN_WORKFLOW,
    DELIVERABLE_WORKFLOW,
    KPI,
    Campaign,
    CampaignRollup,
    CampaignStatus,
    Deliverable,
    DeliverableStatus,
    roi,
    rollup,
)

__all__ = [
    "CAMPAIGN_WORKFLOW",
    "DELIVERABLE_WORKFLOW",
    "KPI",
    "Campaign",
    "CampaignRollup",
    "CampaignStatus",
    "Deliverable",
    "DeliverableStatus",
    "roi",
    "rollup",
]
