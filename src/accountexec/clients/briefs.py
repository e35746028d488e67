"""Client briefs: the client's statement of a job, and its review workflow.

A :class:`Brief` holds objectives, audience, key message, deliverables, mandatories, a budget,
a deadline and the approvers who must sign it off. It moves through :data:`BRIEF_WORKFLOW`:

draft → submitted → in_review → (approved | changes_requested | rejected);
changes_requested → submitted by ``submit`` again (the revision number goes up); draft, submitted
or in_review → withdrawn. A brief with no deliverables or a budget that is not positive cannot be
submitted, and approval needs every approver's sign-off.

>>> import pendulum
>>> from accountexec.money import Money
>>> brief = Brief(id="B-7", client_id="C-1", title="Spring launch",
...               objectives=["Awareness among 25-34s"], audience="Urban professionals",
...               key_message="Fresh every day", deliverables=["TV 30s", "Social cutdowns"],
...               budget=Money("250000.00", "EUR"), deadline=pendulum.date(2026, 4, 30),
...               approvers=["cmo", "brand_lead"])
>>> at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")
>>> brief = brief.submit(at=at, by="ana").start_review(at=at.add(hours=2))
>>> brief.approve(at=at.add(days=1))
Traceback (most recent call last):
...
accountexec.errors.InvalidTransitionError: cannot 'approve' brief 'B-7' in status 'in_review':
  waiting for sign-off from 'brand_lead', 'cmo'; allowed events: 'approve', 'reject', ...
>>> brief = brief.sign_off("cmo", at=at.add(days=1)).sign_off("brand_lead", at=at.add(days=1))
>>> brief.approve(at=at.add(days=1)).status
<BriefStatus.APPROVED: 'approved'>
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar

import attrs
import pendulum

from accountexec._fields import (
    check_text,
    instance_of,
    require_aware,
    to_aware_datetime,
    to_date,
    to_sequence,
)
from accountexec.calendars import WorkCalendar
from accountexec.deadlines import BusinessDays, DeadlineRule
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.money import Money
from accountexec.workflow import StatusChange, Transition, Workflow, apply

__all__ = [
    "BRIEF_WORKFLOW",
    "Brief",
    "BriefStatus",
    "SignOff",
]


class BriefStatus(StrEnum):
    """Where a brief stands in its review.

    Approved, rejected and withdrawn are final (terminal in :data:`BRIEF_WORKFLOW`):

    >>> [s.value for s in BriefStatus if BRIEF_WORKFLOW.is_terminal(s)]
    ['approved', 'rejected', 'withdrawn']
    >>> sorted(BRIEF_WORKFLOW.events_from(BriefStatus.CHANGES_REQUESTED))
    ['submit']
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def _ready_to_submit(brief: Brief, **context: Any) -> str | None:
    if not brief.deliverables:
        return "a brief needs at least one deliverable"
    if not brief.budget.amount > 0:
        return f"the budget must be positive, not {brief.budget!r}"
    return None


def _all_signed(brief: Brief, **context: Any) -> str | None:
    missing = brief.missing_sign_offs
    if missing:
        return "waiting for sign-off from " + ", ".join(repr(a) for a in sorted(missing))
    return None


def _next_revision(brief: Brief, change: StatusChange) -> dict[str, Any]:
    return {"revision": brief.revision + 1, "sign_offs": ()}


BRIEF_WORKFLOW = Workflow(
    name="brief",
    states=BriefStatus,
    initial=BriefStatus.DRAFT,
    terminal={BriefStatus.APPROVED, BriefStatus.REJECTED, BriefStatus.WITHDRAWN},
    transitions=[
        Transition("submit", BriefStatus.DRAFT, BriefStatus.SUBMITTED, guard=_ready_to_submit),
        Transition("start_review", BriefStatus.SUBMITTED, BriefStatus.IN_REVIEW),
        Transition("approve", BriefStatus.IN_REVIEW, BriefStatus.APPROVED, guard=_all_signed),
        Transition("request_changes", BriefStatus.IN_REVIEW, BriefStatus.CHANGES_REQUESTED),
        Transition("reject", BriefStatus.IN_REVIEW, BriefStatus.REJECTED),
        Transition(
            "submit",
            BriefStatus.CHANGES_REQUESTED,
            BriefStatus.SUBMITTED,
            guard=_ready_to_submit,
            effect=_next_revision,
        ),
        Transition(
            "withdraw",
            [BriefStatus.DRAFT, BriefStatus.SUBMITTED, BriefStatus.IN_REVIEW],
            BriefStatus.WITHDRAWN,
        ),
    ],
)
"""The brief's workflow; ``submit`` after changes were requested raises the revision and clears
the sign-offs."""

EDITABLE = frozenset({BriefStatus.DRAFT, BriefStatus.CHANGES_REQUESTED})
"""The statuses in which a brief's content may be edited."""

_CONTENT_FIELDS = frozenset(
    {
        "title",
        "objectives",
        "audience",
        "key_message",
        "deliverables",
        "mandatories",
        "budget",
        "deadline",
        "approvers",
    }
)


def _check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(attribute.name, value, "text")


def _to_lines(field: str, value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return to_sequence(field, value)


def _to_objectives(value: Iterable[str]) -> tuple[str, ...]:
    return _to_lines("objectives", value)


def _to_deliverables(value: Iterable[str]) -> tuple[str, ...]:
    return _to_lines("deliverables", value)


def _to_mandatories(value: Iterable[str]) -> tuple[str, ...]:
    return _to_lines("mandatories", value)


def _check_lines(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    for line in value:
        if not isinstance(line, str) or not line.strip():
            raise ValidationError(attribute.name, line, "non-empty text items")
    if len(set(value)) != len(value):
        raise ValidationError(attribute.name, value, "each item once")


def _to_approvers(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    names = to_sequence("approvers", value)
    for name in names:
        if not isinstance(name, str):  # before hashing: a list in the list is unhashable
            raise ValidationError("approvers", name, "non-empty names")
    return frozenset(names)


def _check_approvers(
    instance: object, attribute: attrs.Attribute[Any], value: frozenset[object]
) -> None:
    for approver in value:
        if not isinstance(approver, str) or not approver.strip():
            raise ValidationError("approvers", approver, "non-empty names")


def _to_at(value: object) -> _dt.datetime:
    return to_aware_datetime(value, "at")


@attrs.frozen
class SignOff:
    """An approver's sign-off of a brief's current revision, and when it was given.

    :meth:`Brief.sign_off` records them while the brief is in review; ``at`` must be aware.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")
    >>> brief = Brief(id="B-3", client_id="C-1", title="Launch", deliverables=["OOH"],
    ...               budget=Money("1000.00", "EUR"), deadline=pendulum.date(2026, 5, 1),
    ...               approvers=["cmo"])
    >>> brief = brief.submit(at=at).start_review(at=at).sign_off("cmo", at=at.add(hours=3))
    >>> brief.sign_offs
    (SignOff(approver='cmo', at=DateTime(2026, 3, 2, 12, 0, 0, tzinfo=Timezone('Europe/Paris'))),)
    """

    approver: str = attrs.field(validator=check_text)
    at: _dt.datetime = attrs.field(converter=_to_at)


def _to_sign_offs(value: Iterable[SignOff]) -> tuple[SignOff, ...]:
    return to_sequence("sign_offs", value)


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


def _to_deadline(value: object) -> pendulum.Date:
    return to_date(value, "deadline")


def _to_status(value: object) -> object:
    try:
        return BriefStatus(value)  # type: ignore[arg-type]
    except ValueError:
        return value  # refused by the workflow check, naming the workflow's statuses


def _check_revision(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError("revision", value, "an int, 1 or more")


@attrs.frozen(kw_only=True)
class Brief:
    """The client's statement of a job, with its review status and history.

    ``objectives``, ``deliverables`` and ``mandatories`` are tuples of text (lists are converted);
    ``approvers`` a frozenset of names; ``sign_offs`` the :class:`SignOff` records of the current
    revision. The status moves with the methods named after the workflow's events (``submit``,
    ``start_review``, ``approve``, ``request_changes``, ``reject``, ``withdraw``; ``resubmit``
    is ``submit`` after changes were requested); content changes with :meth:`edit`, in draft or
    when changes were requested.

    >>> import pendulum
    >>> from accountexec.money import Money
    >>> brief = Brief(id="B-1", client_id="C-1", title="Always-on social",
    ...               budget=Money("0.00", "GBP"), deadline=pendulum.date(2026, 6, 1))
    >>> brief.submit(at=pendulum.datetime(2026, 3, 2, 9, tz="Europe/London"))
    Traceback (most recent call last):
    ...
    accountexec.errors.InvalidTransitionError: cannot 'submit' brief 'B-1' in status 'draft':
      a brief needs at least one deliverable; allowed events: 'submit', 'withdraw'
    """

    workflow: ClassVar[Workflow] = BRIEF_WORKFLOW

    id: str = attrs.field(validator=check_text)
    client_id: str = attrs.field(validator=check_text)
    title: str = attrs.field(validator=check_text)
    objectives: tuple[str, ...] = attrs.field(
        default=(), converter=_to_objectives, validator=_check_lines
    )
    audience: str = attrs.field(default="", validator=_check_str)
    key_message: str = attrs.field(default="", validator=_check_str)
    deliverables: tuple[str, ...] = attrs.field(
        default=(), converter=_to_deliverables, validator=_check_lines
    )
    mandatories: tuple[str, ...] = attrs.field(
        default=(), converter=_to_mandatories, validator=_check_lines
    )
    budget: Money = attrs.field(validator=instance_of(Money, "a Money amount"))
    deadline: pendulum.Date = attrs.field(converter=_to_deadline)
    approvers: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_approvers, validator=_check_approvers
    )
    revision: int = attrs.field(default=1, validator=_check_revision)
    sign_offs: tuple[SignOff, ...] = attrs.field(default=(), converter=_to_sign_offs)
    status: BriefStatus = attrs.field(default=BriefStatus.DRAFT, converter=_to_status)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for sign_off in self.sign_offs:
            if not isinstance(sign_off, SignOff):
                raise ValidationError("sign_offs", sign_off, "SignOff records")
            if sign_off.approver not in self.approvers:
                raise ValidationError("sign_offs", sign_off.approver, "sign-offs by approvers")
            if sign_off.approver in seen:
                raise ValidationError("sign_offs", sign_off.approver, "one sign-off per approver")
            seen.add(sign_off.approver)
        BRIEF_WORKFLOW.check(self)

    # -- sign-offs --------------------------------------------------------------------------------

    @property
    def signed_by(self) -> frozenset[str]:
        """The approvers who signed off the current revision."""
        return frozenset(s.approver for s in self.sign_offs)

    @property
    def missing_sign_offs(self) -> frozenset[str]:
        """The approvers whose sign-off is still missing."""
        return self.approvers - self.signed_by

    def sign_off(self, approver: str, *, at: _dt.datetime) -> Brief:
        """The brief signed off by ``approver`` at ``at``; only while in review, once each.

        >>> import pendulum
        >>> from accountexec.money import Money
        >>> brief = Brief(id="B-2", client_id="C-1", title="Launch", deliverables=["OOH"],
        ...               budget=Money("1000.00", "EUR"), deadline=pendulum.date(2026, 5, 1),
        ...               approvers=["cmo"])
        >>> brief.sign_off("cmo", at=pendulum.datetime(2026, 3, 2, tz="UTC"))
        Traceback (most recent call last):
        ...
        accountexec.errors.ValidationError: invalid 'status': 'draft';
          expected 'in_review' to sign off
        """
        if self.status is not BriefStatus.IN_REVIEW:
            raise ValidationError("status", self.status.value, "'in_review' to sign off")
        require_aware(at, "at")
        if self.history and at < self.history[-1].at:
            raise ValidationError("at", at, "a time not earlier than the last status change")
        if approver not in self.approvers:
            raise ValidationError(
                "approver", approver, "one of " + ", ".join(repr(a) for a in sorted(self.approvers))
            )
        if approver in self.signed_by:
            raise ValidationError("approver", approver, "an approver who has not signed off yet")
        return attrs.evolve(self, sign_offs=(*self.sign_offs, SignOff(approver, at)))

    # -- content ----------------------------------------------------------------------------------

    def edit(self, **changes: Any) -> Brief:
        """The brief with its content changed; only in draft or when changes were requested.

        Any sign-off is dropped: it was given to other content. Content is ``title``,
        ``objectives``, ``audience``, ``key_message``, ``deliverables``, ``mandatories``,
        ``budget``, ``deadline`` and ``approvers``.
        """
        unknown = sorted(set(changes) - _CONTENT_FIELDS)
        if unknown:
            raise ValidationError(
                "changes", unknown, "content fields: " + ", ".join(sorted(_CONTENT_FIELDS))
            )
        if self.status not in EDITABLE:
            raise ValidationError(
                "status", self.status.value, "'draft' or 'changes_requested' to edit the brief"
            )
        return attrs.evolve(self, **changes, sign_offs=())

    # -- workflow -------------------------------------------------------------------------------

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return BRIEF_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the brief now."""
        return BRIEF_WORKFLOW.permitted_events(self)

    def submit(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Brief:
        """draft or changes_requested → submitted; needs deliverables and a positive budget.

        From changes_requested the brief is submitted as its next revision (sign-offs start
        afresh).
        """
        return apply(self, "submit", at=at, by=by, note=note)

    def start_review(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Brief:
        """submitted → in_review."""
        return apply(self, "start_review", at=at, by=by, note=note)

    def approve(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Brief:
        """in_review → approved; needs every approver's sign-off."""
        return apply(self, "approve", at=at, by=by, note=note)

    def request_changes(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Brief:
        """in_review → changes_requested."""
        return apply(self, "request_changes", at=at, by=by, note=note)

    def reject(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Brief:
        """in_review → rejected."""
        return apply(self, "reject", at=at, by=by, note=note)

    def resubmit(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Brief:
        """changes_requested → submitted, as the next revision: :meth:`submit` by another name."""
        if self.status is not BriefStatus.CHANGES_REQUESTED:
            # only the resubmission is meant: refuse as the table would from this status
            raise InvalidTransitionError(
                BRIEF_WORKFLOW.kind,
                self.id,
                self.status.value,
                "resubmit",
                BRIEF_WORKFLOW.allowed_events(self),
                "only a brief with changes requested is resubmitted",
            )
        return apply(self, "submit", at=at, by=by, note=note)

    def withdraw(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Brief:
        """draft, submitted or in_review → withdrawn."""
        return apply(self, "withdraw", at=at, by=by, note=note)

    # -- deadlines --------------------------------------------------------------------------------

    @property
    def submitted_at(self) -> _dt.datetime | None:
        """When the current revision was submitted (the latest ``submit``), or None."""
        for change in reversed(self.history):
            if change.event == "submit":
                return change.at
        return None

    def response_due(
        self,
        calendar: WorkCalendar,
        rule: DeadlineRule | int = BusinessDays(5),  # noqa: B008 - an immutable value
    ) -> pendulum.Date:
        """The agency's response deadline: ``rule`` from the date of the latest submission.

        ``rule`` is a deadline rule (default ``BusinessDays(5)``) or a whole number of business
        days (``3`` is ``BusinessDays(3)``). The submission's date is taken in the calendar's
        time zone. A brief never submitted has no response deadline.

        >>> import pendulum
        >>> from accountexec.calendars import WorkCalendar
        >>> from accountexec.deadlines import BusinessDays
        >>> from accountexec.money import Money
        >>> brief = Brief(id="B-3", client_id="C-1", title="Rebrand", deliverables=["Identity"],
        ...               budget=Money("80000.00", "EUR"), deadline=pendulum.date(2026, 9, 1))
        >>> cal = WorkCalendar(timezone="Europe/Paris", holidays=[pendulum.date(2026, 4, 6)])
        >>> brief = brief.submit(at=pendulum.datetime(2026, 4, 2, 16, tz="Europe/Paris"))
        >>> brief.response_due(cal)
        Date(2026, 4, 10)
        >>> brief.response_due(cal, rule=BusinessDays(2)), brief.response_due(cal, 2)
        (Date(2026, 4, 7), Date(2026, 4, 7))
        """
        if isinstance(rule, int) and not isinstance(rule, bool):
            rule = BusinessDays(rule)
        if not isinstance(rule, DeadlineRule):
            raise ValidationError(
                "rule",
                rule,
                "a deadline rule such as BusinessDays(5), or a number of business days",
            )
        submitted = self.submitted_at
        if submitted is None:
            raise ValidationError(
                "status", self.status.value, "a brief that has been submitted (it never was)"
            )
        local = pendulum.instance(submitted).in_timezone(calendar.timezone)
        return rule.due(pendulum.Date(local.year, local.month, local.day), calendar)
