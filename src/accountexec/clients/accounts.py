"""Clients, their contacts, the account team, and the account with its status workflow.

>>> import pendulum
>>> from accountexec.money import Rate
>>> client = Client(id="C-1", legal_name="Northwind Traders Ltd", industry="retail",
...                 locale="en_GB", currency="GBP", timezone="Europe/London")
>>> team = AccountTeam(executive="ana", assistants=["bo"], supervisor="cy", director="di",
...                    managers={"infrastructure": "eve"},
...                    credit_splits={"ana": Rate.percent(70), "eve": Rate.percent(30)})
>>> team.responsible_for("infrastructure"), team.responsible_for("service_desk")
('eve', 'ana')
>>> account = Account(id="ACC-1", client=client, team=team)
>>> account.status
<AccountStatus.PROSPECT: 'prospect'>
>>> account = account.win(at=pendulum.datetime(2026, 3, 2, 9, tz="Europe/London"), by="ana")
>>> account.status, sorted(account.allowed_events())
(<AccountStatus.ACTIVE: 'active'>, ['flag_risk'])
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from accountexec import _lazy
from accountexec._fields import instance_of, to_sequence, to_timezone_name
from accountexec.clients.activities import Activity, ActivityLog
from accountexec.errors import ValidationError
from accountexec.money import Currency, Rate
from accountexec.workflow import StatusChange, Transition, Workflow, apply

if TYPE_CHECKING:
    import babel
else:  # imported by the first locale checked (see accountexec._lazy)
    babel = _lazy.module("babel")

__all__ = [
    "ACCOUNT_WORKFLOW",
    "Account",
    "AccountStatus",
    "AccountTeam",
    "Client",
    "Contact",
]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_PHONE = re.compile(r"\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*\Z")


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(attribute.name.lstrip("_"), value, "a non-empty string")


def _check_optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_text(instance, attribute, value)


# ------------------------------------------------------------------------------------ clients


@attrs.frozen(kw_only=True)
class Contact:
    """A person at the client: name, role, email and phone as text (checked for shape only).

    >>> Contact(name="Dana Lee", role="CMO", email="dana@northwind.example", phone="+44 20 7946")
    Contact(name='Dana Lee', role='CMO', email='dana@northwind.example', phone='+44 20 7946')
    >>> Contact(name="Dana Lee", email="dana at northwind")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'email': 'dana at northwind'; expected ...
    """

    name: str = attrs.field(validator=_check_text)
    role: str = attrs.field(default="", validator=instance_of(str, "text"))
    email: str | None = attrs.field(default=None)
    phone: str | None = attrs.field(default=None)

    @email.validator
    def _check_email(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not _EMAIL.match(value)):
            raise ValidationError("email", value, "an address shaped like 'name@example.com'")

    @phone.validator
    def _check_phone(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not _PHONE.match(value)):
            raise ValidationError(
                "phone", value, "digits with optional '+', spaces, dots, dashes, slashes, brackets"
            )


@functools.lru_cache(maxsize=256)
def _normal_locale(value: str) -> str | None:
    try:
        return str(babel.Locale.parse(value.replace("-", "_")))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None


def _to_locale(value: object) -> object:
    if isinstance(value, babel.Locale):
        return str(value)
    if isinstance(value, str):
        return _normal_locale(value) or value
    return value


def _check_locale(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _normal_locale(value) != value:
        raise ValidationError("locale", value, "a locale babel knows, such as 'en_GB' or 'de_DE'")


def _check_timezone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    to_timezone_name(value, "timezone")


def _to_contacts(value: Iterable[Contact]) -> tuple[Contact, ...]:
    return to_sequence("contacts", value)


def _check_contacts(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    for contact in value:
        if not isinstance(contact, Contact):
            raise ValidationError("contacts", contact, "Contact values")


@attrs.frozen(kw_only=True)
class Client:
    """The company served: legal name, industry, locale, currency, time zone and contacts.

    ``locale`` is normalised by babel (``"en-gb"`` becomes ``"en_GB"``); ``currency`` is an ISO 4217
    code; ``timezone`` an IANA zone name. ``parent_id`` names the group's parent client, if any.

    >>> client = Client(id="C-2", legal_name="Contoso GmbH", locale="de-de", currency="eur",
    ...                 timezone="Europe/Berlin", parent_id="C-1")
    >>> client.locale, client.currency
    ('de_DE', Currency('EUR'))
    >>> Client(id="C-3", legal_name="X", locale="en_GB", currency="GBP", timezone="Mars/Base")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'timezone': 'Mars/Base'; expected an IANA ...
    """

    id: str = attrs.field(validator=_check_text)
    legal_name: str = attrs.field(validator=_check_text)
    industry: str = attrs.field(default="", validator=instance_of(str, "text"))
    locale: str = attrs.field(converter=_to_locale, validator=_check_locale)
    currency: Currency = attrs.field(converter=Currency)
    timezone: str = attrs.field(validator=_check_timezone)
    contacts: tuple[Contact, ...] = attrs.field(
        default=(), converter=_to_contacts, validator=_check_contacts
    )
    parent_id: str | None = attrs.field(default=None, validator=_check_optional_name)

    def __attrs_post_init__(self) -> None:
        if self.parent_id == self.id:
            raise ValidationError("parent_id", self.parent_id, "another client's id")

    def add_contact(self, contact: Contact) -> Client:
        """The client with ``contact`` appended to its contacts."""
        return attrs.evolve(self, contacts=(*self.contacts, contact))


# ------------------------------------------------------------------------------- account team


def _pairs(field: str, value: object) -> tuple[tuple[Any, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise ValidationError(field, value, "a mapping or (key, value) pairs")
    pairs: list[tuple[Any, Any]] = []
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise ValidationError(field, item, "(key, value) pairs")
        pairs.append((item[0], item[1]))
    return tuple(sorted(pairs, key=lambda p: str(p[0])))


def _to_managers(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    return _pairs("managers", value)


def _to_splits(
    value: Mapping[str, Rate | Decimal | int | str]
    | Iterable[tuple[str, Rate | Decimal | int | str]],
) -> tuple[tuple[str, Rate], ...]:
    return tuple(
        (person, share if isinstance(share, Rate) else Rate(share))
        for person, share in _pairs("credit_splits", value)
    )


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return to_sequence("assistants", value)


def _default_splits(self: AccountTeam) -> tuple[tuple[str, Rate], ...]:
    return ((self.executive, Rate(1)),)


@attrs.frozen(kw_only=True, repr=False)
class AccountTeam:
    """Who works on an account: executive, assistants, supervisor, director and tower managers.

    ``managers`` maps a tower (a service area: "infrastructure", "applications") to its account
    manager. A person holds at most one of executive, supervisor and director, and an assistant
    holds none of them. ``credit_splits`` shares the credit for the account between team members;
    the shares are positive and add up to exactly 100% (by default all to the executive). Both
    mappings are read-only views; the team is a hashable value.

    >>> from accountexec.money import Rate
    >>> team = AccountTeam(executive="ana", supervisor="cy",
    ...                    managers={"applications": "fay", "infrastructure": "eve"},
    ...                    credit_splits={"ana": Rate.percent(50), "fay": Rate.percent(50)})
    >>> team.managers["applications"], team.credit_splits["fay"]
    ('fay', Rate('0.50'))
    >>> AccountTeam(executive="ana", supervisor="ana")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'supervisor': 'ana'; expected a person ...
    """

    executive: str = attrs.field(validator=_check_text)
    assistants: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    supervisor: str | None = attrs.field(default=None, validator=_check_optional_name)
    director: str | None = attrs.field(default=None, validator=_check_optional_name)
    _managers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_managers, alias="managers"
    )
    _credit_splits: tuple[tuple[str, Rate], ...] = attrs.field(
        default=attrs.Factory(_default_splits, takes_self=True),
        converter=_to_splits,
        alias="credit_splits",
    )

    def __attrs_post_init__(self) -> None:
        holders: dict[str, str] = {}
        for role in ("executive", "supervisor", "director"):
            person = getattr(self, role)
            if person is None:
                continue
            if person in holders:
                raise ValidationError(
                    role, person, f"a person who is not also the {holders[person]}"
                )
            holders[person] = role
        for assistant in self.assistants:
            if not isinstance(assistant, str) or not assistant.strip():
                raise ValidationError("assistants", assistant, "non-empty names")
            if assistant in holders:
                raise ValidationError(
                    "assistants", assistant, f"a person who is not also the {holders[assistant]}"
                )
        if len(set(self.assistants)) != len(self.assistants):
            raise ValidationError("assistants", self.assistants, "each assistant once")
        towers = [tower for tower, _person in self._managers]
        for tower, person in self._managers:
            if not isinstance(tower, str) or not tower.strip():
                raise ValidationError("managers", tower, "non-empty tower names")
            if not isinstance(person, str) or not person.strip():
                raise ValidationError("managers", person, "non-empty names of managers")
        if len(set(towers)) != len(towers):
            raise ValidationError("managers", towers, "one manager per tower")
        members = self.members
        people = [person for person, _share in self._credit_splits]
        if len(set(people)) != len(people):
            raise ValidationError("credit_splits", people, "each person once")
        for person, share in self._credit_splits:
            if person not in members:
                raise ValidationError("credit_splits", person, "members of the account team")
            if not 0 < share.value <= 1:
                raise ValidationError("credit_splits", share, "shares above 0% and up to 100%")
        total = sum((share for _p, share in self._credit_splits), Rate(0))
        if total.value != 1:
            raise ValidationError("credit_splits", total, "shares adding up to exactly 100%")

    def __repr__(self) -> str:
        return (
            f"AccountTeam(executive={self.executive!r}, assistants={self.assistants!r}, "
            f"supervisor={self.supervisor!r}, director={self.director!r}, "
            f"managers={dict(self._managers)!r}, credit_splits={dict(self._credit_splits)!r})"
        )

    @property
    def managers(self) -> Mapping[str, str]:
        """Tower to account manager, read-only."""
        return MappingProxyType(dict(self._managers))

    @property
    def credit_splits(self) -> Mapping[str, Rate]:
        """Person to share of the credit, read-only; the shares add up to 100%."""
        return MappingProxyType(dict(self._credit_splits))

    @property
    def members(self) -> frozenset[str]:
        """Everyone on the team."""
        people = {self.executive, *self.assistants, *(p for _t, p in self._managers)}
        people.update(p for p in (self.supervisor, self.director) if p is not None)
        return frozenset(people)

    def responsible_for(self, tower: str) -> str:
        """The manager of ``tower``, or the executive when the tower has none.

        >>> team = AccountTeam(executive="ana", managers={"service_desk": "gus"})
        >>> team.responsible_for("service_desk"), team.responsible_for("network")
        ('gus', 'ana')
        """
        return dict(self._managers).get(tower, self.executive)


# ----------------------------------------------------------------------------------- accounts


class AccountStatus(StrEnum):
    """Where the relationship with a client stands.

    Statuses move through :data:`ACCOUNT_WORKFLOW`; the values are the lowercase names, so plain
    strings read from a file compare equal:

    >>> AccountStatus("at_risk") is AccountStatus.AT_RISK, AccountStatus.CHURNED == "churned"
    (True, True)
    >>> sorted(ACCOUNT_WORKFLOW.events_from(AccountStatus.AT_RISK))
    ['churn', 'recover']
    """

    PROSPECT = "prospect"
    ACTIVE = "active"
    AT_RISK = "at_risk"
    CHURNED = "churned"


ACCOUNT_WORKFLOW = Workflow(
    name="account",
    states=AccountStatus,
    initial=AccountStatus.PROSPECT,
    terminal=(),
    transitions=[
        Transition("win", AccountStatus.PROSPECT, AccountStatus.ACTIVE),
        Transition("flag_risk", AccountStatus.ACTIVE, AccountStatus.AT_RISK),
        Transition("recover", AccountStatus.AT_RISK, AccountStatus.ACTIVE),
        Transition("churn", AccountStatus.AT_RISK, AccountStatus.CHURNED),
        Transition("win_back", AccountStatus.CHURNED, AccountStatus.ACTIVE),
    ],
)
"""prospect → active → at_risk → active | churned; churned → active (a win-back); no terminal."""


def _to_status(value: object) -> object:
    try:
        return AccountStatus(value)  # type: ignore[arg-type]
    except ValueError:
        return value  # refused by the workflow check, naming the allowed statuses


def _to_history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return to_sequence("history", value)


@attrs.frozen(kw_only=True)
class Account:
    """The relationship with one client: the client, the account team, a status and an activity log.

    Statuses move through :data:`ACCOUNT_WORKFLOW` with the methods named after its events
    (``win``, ``flag_risk``, ``recover``, ``churn``, ``win_back``); each appends to ``history``.

    >>> import pendulum
    >>> from accountexec.activities import Activity
    >>> client = Client(id="C-1", legal_name="Northwind", locale="en_GB", currency="GBP",
    ...                 timezone="Europe/London")
    >>> account = Account(id="ACC-1", client=client, team=AccountTeam(executive="ana"))
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    >>> account = account.log(Activity(id="A-1", kind="meeting", subject="Pitch", held_at=at))
    >>> account.activities.last_contact() == at
    True
    >>> account.churn(at=at)
    Traceback (most recent call last):
    ...
    accountexec.errors.InvalidTransitionError: cannot 'churn' account 'ACC-1' in status ...
    """

    workflow: ClassVar[Workflow] = ACCOUNT_WORKFLOW

    id: str = attrs.field(validator=_check_text)
    client: Client = attrs.field(validator=instance_of(Client, "a Client"))
    team: AccountTeam = attrs.field(validator=instance_of(AccountTeam, "an AccountTeam"))
    status: AccountStatus = attrs.field(default=AccountStatus.PROSPECT, converter=_to_status)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_to_history)
    activities: ActivityLog = attrs.field(
        factory=ActivityLog, validator=instance_of(ActivityLog, "an ActivityLog")
    )

    def __attrs_post_init__(self) -> None:
        ACCOUNT_WORKFLOW.check(self)

    def allowed_events(self) -> frozenset[str]:
        """The events the workflow table allows from the current status (guards not evaluated)."""
        return ACCOUNT_WORKFLOW.allowed_events(self)

    def permitted_events(self) -> frozenset[str]:
        """The allowed events whose guards accept the account now."""
        return ACCOUNT_WORKFLOW.permitted_events(self)

    def win(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Account:
        """prospect → active: the client signs."""
        return apply(self, "win", at=at, by=by, note=note)

    def flag_risk(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Account:
        """active → at_risk: the relationship needs attention."""
        return apply(self, "flag_risk", at=at, by=by, note=note)

    def recover(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Account:
        """at_risk → active."""
        return apply(self, "recover", at=at, by=by, note=note)

    def churn(self, *, at: _dt.datetime, by: str | None = None, note: str | None = None) -> Account:
        """at_risk → churned: the client leaves."""
        return apply(self, "churn", at=at, by=by, note=note)

    def win_back(
        self, *, at: _dt.datetime, by: str | None = None, note: str | None = None
    ) -> Account:
        """churned → active: a win-back."""
        return apply(self, "win_back", at=at, by=by, note=note)

    def log(self, activity: Activity) -> Account:
        """The account with ``activity`` added to its log."""
        return attrs.evolve(self, activities=self.activities.add(activity))

    def complete_activity(
        self, activity_id: str, *, at: _dt.datetime, outcome: str | None = None
    ) -> Account:
        """The account with activity ``activity_id`` done (see :meth:`ActivityLog.complete`)."""
        return attrs.evolve(
            self, activities=self.activities.complete(activity_id, at=at, outcome=outcome)
        )
