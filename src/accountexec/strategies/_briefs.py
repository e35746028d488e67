"""Hypothesis strategies for accountexec.briefs."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from accountexec.clients.briefs import Brief, BriefStatus, SignOff
from accountexec.strategies._accounts import PEOPLE
from accountexec.strategies._money import money
from accountexec.strategies._workflow import aware_datetimes

__all__ = ["briefs", "draft_briefs", "sign_offs"]

_lines = st.lists(
    st.sampled_from(
        (
            "TV 30s",
            "TV 15s",
            "Social cutdowns",
            "OOH 48-sheet",
            "Radio 30s",
            "Landing page",
            "Display banners",
            "Press release",
        )
    ),
    max_size=4,
    unique=True,
)
_ids = st.from_regex(r"B-[0-9]{1,4}", fullmatch=True)


def draft_briefs(*, ready: bool | None = None) -> st.SearchStrategy[Brief]:
    """Briefs in draft. ``ready=True`` gives briefs that can be submitted (deliverables and a
    positive budget), ``ready=False`` briefs that cannot, ``None`` either.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(draft_briefs(ready=True))
    ... def check(brief):
    ...     assert brief.deliverables and brief.budget.amount > 0
    >>> check()
    """
    if ready is None:  # half of them ready, so that the workflow goes beyond the draft
        return st.one_of(draft_briefs(ready=True), draft_briefs(ready=False))
    deliverables = _lines.filter(bool) if ready else _lines
    budget = money(currency="EUR", min_value="0.01") if ready else money(currency="EUR")
    strategy = st.builds(
        Brief,
        id=_ids,
        client_id=st.from_regex(r"C-[0-9]{1,3}", fullmatch=True),
        title=st.sampled_from(("Spring launch", "Always-on social", "Rebrand", "Q4 retail push")),
        objectives=st.lists(st.sampled_from(("Awareness", "Consideration", "Sales")), unique=True),
        audience=st.sampled_from(("", "Urban professionals 25-34", "Parents", "IT buyers")),
        key_message=st.sampled_from(("", "Fresh every day", "Built to last")),
        deliverables=deliverables,
        mandatories=st.lists(st.sampled_from(("Logo lock-up", "Legal line")), unique=True),
        budget=budget,
        deadline=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
        approvers=st.frozensets(st.sampled_from(PEOPLE), max_size=3),
    )
    if not ready:
        return strategy.filter(lambda b: not b.deliverables or b.budget.amount <= 0)
    return strategy


@st.composite
def briefs(draw: st.DrawFn, *, max_steps: int = 8) -> Brief:
    """Briefs anywhere in their workflow: a draft moved by random permitted events and sign-offs.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(briefs())
    ... def check(brief):
    ...     resubmitted = [c for c in brief.history if c.source == "changes_requested"]
    ...     assert brief.revision == 1 + len(resubmitted)
    >>> check()
    """
    brief = draw(draft_briefs())
    at = draw(aware_datetimes(max_value=dt.datetime(2090, 1, 1)))
    for _ in range(draw(st.integers(min_value=0, max_value=max_steps))):
        moves: list[str] = sorted(brief.permitted_events())
        if brief.status is BriefStatus.IN_REVIEW and brief.missing_sign_offs:
            moves.append("sign_off")
        if not moves:
            break
        move = draw(st.sampled_from(moves))
        if move == "sign_off":
            approver = draw(st.sampled_from(sorted(brief.missing_sign_offs)))
            brief = brief.sign_off(approver, at=at)
        else:
            brief = Brief.workflow.apply(brief, move, at=at)
        at = at + dt.timedelta(hours=draw(st.integers(min_value=0, max_value=96)))
    return brief


def sign_offs() -> st.SearchStrategy[SignOff]:
    """Single :class:`~accountexec.briefs.SignOff` records.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(sign_offs())
    ... def check(sign_off):
    ...     assert sign_off.at.utcoffset() is not None
    >>> check()
    """
    return st.builds(SignOff, approver=st.sampled_from(PEOPLE), at=aware_datetimes())


def register() -> None:
    """Register the brief strategies with ``st.register_type_strategy``."""
    st.register_type_strategy(Brief, briefs())
    st.register_type_strategy(SignOff, sign_offs())
