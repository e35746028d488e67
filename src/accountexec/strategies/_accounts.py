"""Hypothesis strategies for accountexec.accounts and accountexec.activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from accountexec.clients.accounts import Account, AccountStatus, AccountTeam, Client, Contact
from accountexec.clients.activities import (
    Activity,
    ActivityKind,
    ActivityLog,
    RecurringReport,
    ReportCadence,
)
from accountexec.deadlines import BusinessDays
from accountexec.money import DECIMAL_CONTEXT, Currency, Rate
from accountexec.strategies._workflow import aware_datetimes, walked

__all__ = [
    "account_teams",
    "accounts",
    "activities",
    "activity_logs",
    "clients",
    "contacts",
    "recurring_reports",
    "report_cadences",
]

PEOPLE = ("ana", "ben", "chloe", "dev", "eve", "farid", "gus", "hana", "ivo", "jun")
TOWERS = ("infrastructure", "applications", "service_desk", "network", "security", "data")
LOCALES = ("en_GB", "en_US", "de_DE", "fr_FR", "es_ES", "pt_BR", "ja_JP", "ar_EG")
TIMEZONES = ("UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo")
CURRENCIES = ("EUR", "GBP", "USD", "JPY", "BRL", "BHD")

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
    lambda s: bool(s.strip())
)
_ids = st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True)


def contacts() -> st.SearchStrategy[Contact]:
    """Valid :class:`~accountexec.accounts.Contact` values.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(contacts())
    ... def check(contact):
    ...     assert contact.email is None or '@' in contact.email
    >>> check()
    """
    return st.builds(
        Contact,
        name=_words,
        role=st.sampled_from(("", "CMO", "Brand manager", "Procurement", "CIO")),
        email=st.none()
        | st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(com|example|co\.uk)", fullmatch=True),
        phone=st.none() | st.from_regex(r"\+[0-9]{2} [0-9]{2,4} [0-9]{4,8}", fullmatch=True),
    )


def clients(*, parent_id: str | None = None) -> st.SearchStrategy[Client]:
    """Valid :class:`~accountexec.accounts.Client` values in real locales, currencies and zones.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(clients())
    ... def check(client):
    ...     assert client.currency.code in CURRENCIES
    >>> check()
    """
    return st.builds(
        Client,
        id=_ids,
        legal_name=_words,
        industry=st.sampled_from(("", "retail", "banking", "telecoms", "automotive")),
        locale=st.sampled_from(LOCALES),
        currency=st.sampled_from(CURRENCIES).map(Currency),
        timezone=st.sampled_from(TIMEZONES),
        contacts=st.lists(contacts(), max_size=3).map(tuple),
        parent_id=st.just(parent_id),
    ).filter(lambda c: c.parent_id != c.id)


@st.composite
def _splits(draw: st.DrawFn, members: list[str]) -> dict[str, Rate]:
    """Positive shares in basis points for some members, adding up to exactly 100%."""
    chosen = draw(st.lists(st.sampled_from(members), min_size=1, max_size=3, unique=True))
    cuts = sorted(
        draw(
            st.lists(
                st.integers(min_value=1, max_value=9_999),
                min_size=len(chosen) - 1,
                max_size=len(chosen) - 1,
                unique=True,
            )
        )
    )
    bounds = [0, *cuts, 10_000]
    return {
        person: Rate(Decimal(bounds[i + 1] - bounds[i]).scaleb(-4, DECIMAL_CONTEXT))
        for i, person in enumerate(chosen)
    }


@st.composite
def account_teams(draw: st.DrawFn) -> AccountTeam:
    """Valid :class:`~accountexec.accounts.AccountTeam` values (roles distinct, splits at 100%).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(account_teams())
    ... def check(team):
    ...     assert sum(team.credit_splits.values(), Rate(0)) == Rate(1)
    >>> check()
    """
    people = draw(st.permutations(PEOPLE))
    executive = people[0]
    supervisor = draw(st.none() | st.just(people[1]))
    director = draw(st.none() | st.just(people[2]))
    assistants = people[3 : 3 + draw(st.integers(min_value=0, max_value=2))]
    towers = draw(st.lists(st.sampled_from(TOWERS), max_size=3, unique=True))
    managers = {tower: draw(st.sampled_from(PEOPLE)) for tower in towers}
    members = [executive, *assistants, *managers.values()]
    members += [p for p in (supervisor, director) if p is not None]
    return AccountTeam(
        executive=executive,
        assistants=assistants,
        supervisor=supervisor,
        director=director,
        managers=managers,
        credit_splits=draw(_splits(sorted(set(members)))),
    )


@st.composite
def activities(draw: st.DrawFn, *, activity_id: str | None = None) -> Activity:
    """Valid :class:`~accountexec.activities.Activity` values: planned, logged, open or done.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(activities())
    ... def check(activity):
    ...     assert activity.is_done or activity.due_at is not None
    >>> check()
    """
    kind = draw(st.sampled_from(ActivityKind))
    moment = draw(aware_datetimes(max_value=dt.datetime(2090, 1, 1)))
    logged = draw(st.booleans())
    done = logged or draw(st.booleans())
    minutes = draw(st.integers(min_value=0, max_value=60 * 24 * 30))
    later = (moment.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(moment.tzinfo)
    return Activity(
        id=activity_id if activity_id is not None else draw(_ids),
        kind=kind,
        subject=draw(_words),
        participants=draw(st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True)),
        due_at=None if logged else moment,
        held_at=moment if logged else None,
        done_at=later if done else None,
        outcome=draw(st.none() | _words) if done else None,
    )


@st.composite
def activity_logs(draw: st.DrawFn, *, max_size: int = 8) -> ActivityLog:
    """Valid :class:`~accountexec.activities.ActivityLog` values with unique ids.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(activity_logs(max_size=3))
    ... def check(log):
    ...     assert len(log) <= 3
    >>> check()
    """
    n = draw(st.integers(min_value=0, max_value=max_size))
    return ActivityLog(draw(activities(activity_id=f"A-{i}")) for i in range(n))


def report_cadences() -> st.SearchStrategy[ReportCadence]:
    """Weekly and monthly :class:`~accountexec.activities.ReportCadence` values.

    On a day of the period (rolled to a business day), or due a number of business days after
    the period closes.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(report_cadences())
    ... def check(cadence):
    ...     assert cadence.period in ('week', 'month')
    >>> check()
    """
    return st.one_of(
        st.builds(
            ReportCadence.weekly,
            weekday=st.integers(min_value=0, max_value=6),
            roll=st.sampled_from(("preceding", "following", "modified_following")),
        ),
        st.builds(
            ReportCadence.monthly,
            day=st.integers(min_value=1, max_value=31),
            roll=st.sampled_from(("following", "modified_following", "modified_preceding")),
        ),
        st.builds(
            ReportCadence.after_period,
            st.sampled_from(("week", "month")),
            st.integers(min_value=0, max_value=15).map(BusinessDays),
        ),
    )


def recurring_reports() -> st.SearchStrategy[RecurringReport]:
    """Valid :class:`~accountexec.activities.RecurringReport` values.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(recurring_reports())
    ... def check(report):
    ...     assert report.cadence.rule is None or report.cadence.day == 1
    >>> check()
    """
    return st.builds(
        RecurringReport,
        id=_ids,
        subject=_words,
        cadence=report_cadences(),
        participants=st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True).map(tuple),
    )


@st.composite
def accounts(draw: st.DrawFn, *, status: AccountStatus | None = None) -> Account:
    """Valid :class:`~accountexec.accounts.Account` values, walked to a random status.

    With ``status``, the account is walked until it reaches it (every status is reachable).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(accounts(status=AccountStatus.CHURNED))
    ... def check(account):
    ...     assert account.status == 'churned'
    >>> check()
    """
    account = Account(
        id=draw(_ids),
        client=draw(clients()),
        team=draw(account_teams()),
        activities=draw(activity_logs(max_size=4)),
    )
    if status is None:
        return draw(walked(account))  # type: ignore[no-any-return]
    path = {
        AccountStatus.PROSPECT: [],
        AccountStatus.ACTIVE: ["win"],
        AccountStatus.AT_RISK: ["win", "flag_risk"],
        AccountStatus.CHURNED: ["win", "flag_risk", "churn"],
    }[status]
    at = draw(aware_datetimes(max_value=dt.datetime(2090, 1, 1)))
    for event in path:
        account = Account.workflow.apply(account, event, at=at)
        at += dt.timedelta(hours=draw(st.integers(min_value=0, max_value=500)))
    return account


def register() -> None:
    """Register the account and activity strategies with ``st.register_type_strategy``."""
    st.register_type_strategy(Contact, contacts())
    st.register_type_strategy(Client, clients())
    st.register_type_strategy(AccountTeam, account_teams())
    st.register_type_strategy(Account, accounts())
    st.register_type_strategy(Activity, activities())
    st.register_type_strategy(ActivityLog, activity_logs())
    st.register_type_strategy(ReportCadence, report_cadences())
    st.register_type_strategy(RecurringReport, recurring_reports())
