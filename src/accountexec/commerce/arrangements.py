"""The billing arrangements a contract may carry, as one type.

Each arrangement lives in the module of its concept: :class:`~accountexec.retainers.Retainer`,
:class:`~accountexec.milestones.Milestone`,
:class:`~accountexec.time_and_materials.TimeAndMaterials`,
:class:`~accountexec.media.MediaCommission` and :class:`~accountexec.media.Markup`;
:data:`Arrangement` is any of them, and :func:`accountexec.billing.bill` turns a contract's
arrangements and a period into draft invoices.

>>> from accountexec.money import Money
>>> isinstance(Retainer(fee=Money("1000.00", "EUR")), ARRANGEMENT_TYPES)
True
"""

from __future__ import annotations

from typing import Final, TypeAlias

from accountexec.commerce.media import Markup, MediaCommission
from accountexec.commerce.milestones import Milestone
from accountexec.commerce.retainers import Retainer
from accountexec.commerce.time_and_materials import TimeAndMaterials

__all__ = ["ARRANGEMENT_TYPES", "Arrangement"]

Arrangement: TypeAlias = Retainer | Milestone | TimeAndMaterials | MediaCommission | Markup
"""Any billing arrangement a contract may carry."""

ARRANGEMENT_TYPES: Final = (Retainer, Milestone, TimeAndMaterials, MediaCommission, Markup)
"""The arrangement classes, for ``isinstance`` checks."""
