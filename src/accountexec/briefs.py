"""Client briefs: the client's statement of a job, and its review workflow.

The public import path of :mod:`accountexec.clients.briefs`.
The code lives there; the design notes describe the package's layers.
"""

from accountexec.clients.briefs import (
    BRIEF_WORKFLOW,
    Brief,
    BriefStatus,
    SignOff,
)

__all__ = [
    "BRIEF_WORKFLOW",
    "Brief",
    "BriefStatus",
    "SignOff",
]
