"""Tests of accountexec.accounts: clients, contacts, account teams and the account workflow."""

from __future__ import annotations

import decimal
import itertools
from decimal import Decimal
from typing import Any

import attrs
import babel
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountexec.accounts import (
    ACCOUNT_WORKFLOW,
    Account,
    AccountStatus,
    AccountTeam,
    Client,
    Contact,
)
from accountexec.activities import Activity
from accountexec.errors import InvalidTransitionError, ValidationError
from accountexec.money import Currency, Rate
from accountexec.strategies._accounts import account_teams, accounts, clients, contacts
from accountexec.strategies._workflow import workflow_state_machine
from accountexec.workflow import StatusChange, allowed_events, replay

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")


def northwind(**changes: Any) -> Client:
    args: dict[str, Any] = {
        "id": "C-1",
        "legal_name": "Northwind Traders Ltd",
        "industry": "retail",
        "locale": "en_GB",
        "currency": "GBP",
        "timezone": "Europe/London",
    }
    return Client(**{**args, **changes})


def an_account(**changes: Any) -> Account:
    args: dict[str, Any] = {
        "id": "ACC-1",
        "client": northwind(),
        "team": AccountTeam(executive="ana"),
    }
    return Account(**{**args, **changes})


class TestContact:
    def test_text_fields_keep_their_shape(self) -> None:
        contact = Contact(
            name="Dana Lee",
            role="CMO",
            email="dana.lee@northwind.co.uk",
            phone="+44 (20) 7946-0000",
        )
        assert contact.email == "dana.lee@northwind.co.uk"
        assert Contact(name="Dana").email is None

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("name", "   "),
            ("email", "dana"),
            ("email", "dana@northwind"),
            ("email", "da na@northwind.com"),
            ("email", 42),
            ("phone", "call me"),
            ("phone", "+"),
            ("phone", 4420),
        ],
    )
    def test_a_malformed_field_is_refused(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError, match=repr(field)):
            Contact(**{"name": "Dana", field: value})  # type: ignore[arg-type]

    @given(contacts())
    def test_generated_contacts_rebuild_equal(self, contact: Contact) -> None:
        assert attrs.evolve(contact) == contact


class TestClient:
    def test_locale_currency_and_time_zone_are_normalised(self) -> None:
        client = northwind(locale="en-gb", currency="gbp")
        assert (client.locale, client.currency, client.timezone) == (
            "en_GB",
            Currency("GBP"),
            "Europe/London",
        )

    def test_a_babel_locale_is_accepted(self) -> None:
        assert northwind(locale=babel.Locale.parse("pt_BR")).locale == "pt_BR"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("locale", "xx_YY"),
            ("locale", "not a locale"),
            ("locale", 7),
            ("currency", "EURO"),
            ("timezone", "Mars/Base"),
            ("timezone", "europe/london"),
            ("timezone", ""),
            ("timezone", None),
            ("legal_name", ""),
            ("id", ""),
            ("parent_id", ""),
        ],
    )
    def test_a_bad_field_is_refused_naming_it(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError, match=repr(field)):
            northwind(**{field: value})

    def test_a_client_cannot_be_its_own_parent(self) -> None:
        with pytest.raises(ValidationError, match="another client's id"):
            northwind(parent_id="C-1")
        assert northwind(id="C-2", parent_id="C-1").parent_id == "C-1"

    def test_contacts_are_a_tuple_of_contacts(self) -> None:
        dana = Contact(name="Dana")
        client = northwind(contacts=[dana])
        assert client.contacts == (dana,)
        assert client.add_contact(Contact(name="Eli")).contacts == (dana, Contact(name="Eli"))
        assert client.contacts == (dana,)
        with pytest.raises(ValidationError, match="Contact values"):
            northwind(contacts=["Dana"])

    @given(clients())
    def test_generated_clients_are_hashable_values(self, client: Client) -> None:
        assert attrs.evolve(client) == client
        assert hash(attrs.evolve(client)) == hash(client)


class TestAccountTeam:
    def test_a_tower_goes_to_its_manager_and_the_rest_to_the_executive(self) -> None:
        team = AccountTeam(
            executive="ana",
            managers={"infrastructure": "eve", "applications": "fay"},
        )
        assert team.responsible_for("infrastructure") == "eve"
        assert team.responsible_for("applications") == "fay"
        assert team.responsible_for("service_desk") == "ana"

    @pytest.mark.parametrize(
        ("roles", "field"),
        [
            ({"supervisor": "ana"}, "supervisor"),
            ({"director": "ana"}, "director"),
            ({"supervisor": "cy", "director": "cy"}, "director"),
        ],
    )
    def test_one_person_cannot_hold_two_of_the_senior_roles(
        self, roles: dict[str, str], field: str
    ) -> None:
        with pytest.raises(ValidationError, match=f"invalid {field!r}"):
            AccountTeam(executive="ana", **roles)

    def test_an_assistant_holds_no_senior_role_and_appears_once(self) -> None:
        with pytest.raises(ValidationError, match="not also the executive"):
            AccountTeam(executive="ana", assistants=["ana"])
        with pytest.raises(ValidationError, match="each assistant once"):
            AccountTeam(executive="ana", assistants=["bo", "bo"])
        with pytest.raises(ValidationError, match="non-empty names"):
            AccountTeam(executive="ana", assistants=[""])
        assert AccountTeam(executive="ana").assistants == ()
        assert AccountTeam(executive="ana", assistants="bo").assistants == ("bo",)

    def test_managers_need_named_towers_and_people_once_per_tower(self) -> None:
        with pytest.raises(ValidationError, match="one manager per tower"):
            AccountTeam(executive="ana", managers=[("network", "bo"), ("network", "cy")])
        with pytest.raises(ValidationError, match="non-empty tower names"):
            AccountTeam(executive="ana", managers={"": "bo"})
        with pytest.raises(ValidationError, match="non-empty names of managers"):
            AccountTeam(executive="ana", managers={"network": ""})
        with pytest.raises(ValidationError, match="pairs"):
            AccountTeam(executive="ana", managers=[("network",)])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="a mapping"):
            AccountTeam(executive="ana", managers="network")  # type: ignore[arg-type]

    def test_credit_goes_to_the_executive_by_default(self) -> None:
        assert dict(AccountTeam(executive="ana").credit_splits) == {"ana": Rate(1)}

    def test_credit_splits_must_add_up_to_exactly_one_hundred_percent(self) -> None:
        team = AccountTeam(
            executive="ana",
            supervisor="cy",
            credit_splits={"ana": Rate("0.6"), "cy": "0.4"},
        )
        assert team.credit_splits["cy"] == Rate("0.4")
        with pytest.raises(ValidationError, match="exactly 100%"):
            AccountTeam(executive="ana", supervisor="cy", credit_splits={"ana": "0.6", "cy": "0.3"})
        with pytest.raises(ValidationError, match="exactly 100%"):
            AccountTeam(
                executive="ana", supervisor="cy", credit_splits={"ana": "0.6", "cy": "0.4001"}
            )

    def test_credit_shares_are_positive_and_go_to_members_once(self) -> None:
        with pytest.raises(ValidationError, match="above 0%"):
            AccountTeam(executive="ana", supervisor="cy", credit_splits={"ana": "1", "cy": "0"})
        with pytest.raises(ValidationError, match="members of the account team"):
            AccountTeam(executive="ana", credit_splits={"zed": "1"})
        with pytest.raises(ValidationError, match="each person once"):
            AccountTeam(executive="ana", credit_splits=[("ana", "0.5"), ("ana", "0.5")])
        with pytest.raises(ValidationError, match="'rate'"):
            AccountTeam(executive="ana", credit_splits={"ana": 1.0})  # type: ignore[dict-item]

    def test_the_mappings_are_read_only_and_the_team_hashable(self) -> None:
        team = AccountTeam(executive="ana", managers={"network": "bo"})
        with pytest.raises(TypeError):
            team.managers["network"] = "cy"  # type: ignore[index]
        with pytest.raises(TypeError):
            team.credit_splits["ana"] = Rate(0)  # type: ignore[index]
        same = AccountTeam(executive="ana", managers=[("network", "bo")])
        assert same == team
        assert hash(same) == hash(team)
        assert attrs.evolve(team, managers={"network": "cy"}).responsible_for("network") == "cy"

    def test_repr_shows_the_mappings(self) -> None:
        team = AccountTeam(executive="ana", assistants=["bo"], managers={"network": "eve"})
        assert repr(team) == (
            "AccountTeam(executive='ana', assistants=('bo',), supervisor=None, director=None, "
            "managers={'network': 'eve'}, credit_splits={'ana': Rate('1')})"
        )

    def test_members_are_everyone_on_the_team(self) -> None:
        team = AccountTeam(
            executive="ana",
            assistants=["bo"],
            supervisor="cy",
            director="di",
            managers={"network": "eve"},
        )
        assert team.members == {"ana", "bo", "cy", "di", "eve"}

    @given(account_teams())
    def test_generated_teams_split_all_the_credit_between_members(self, team: AccountTeam) -> None:
        assert sum(team.credit_splits.values(), Rate(0)) == Rate(1)
        assert set(team.credit_splits) <= team.members
        senior = [p for p in (team.executive, team.supervisor, team.director) if p is not None]
        assert len(set(senior)) == len(senior)
        assert not set(team.assistants) & set(senior)

    @given(account_teams(), st.sampled_from(["infrastructure", "applications", "hr"]))
    def test_someone_is_always_responsible_for_a_tower(self, team: AccountTeam, tower: str) -> None:
        expected = team.managers.get(tower, team.executive)
        assert team.responsible_for(tower) == expected
        assert expected in team.members

    @given(account_teams())
    def test_taking_one_basis_point_from_a_share_is_refused(self, team: AccountTeam) -> None:
        person, share = next(iter(team.credit_splits.items()))
        shares = {**team.credit_splits, person: share - Rate("0.0001")}
        if shares[person].value > 0:
            with pytest.raises(ValidationError, match="exactly 100%"):
                attrs.evolve(team, credit_splits=shares)

    def test_splits_add_up_under_a_hostile_decimal_context(
        self, hostile_decimal_context: decimal.Context
    ) -> None:
        team = AccountTeam(
            executive="ana",
            supervisor="cy",
            director="di",
            credit_splits={
                "ana": Rate("0.333333333"),
                "cy": Rate("0.333333333"),
                "di": Rate("0.333333334"),
            },
        )
        assert sum(team.credit_splits.values(), Rate(0)).value == Decimal(1)


ACCOUNT_ROWS = {
    (AccountStatus.PROSPECT, "win"): AccountStatus.ACTIVE,
    (AccountStatus.ACTIVE, "flag_risk"): AccountStatus.AT_RISK,
    (AccountStatus.AT_RISK, "recover"): AccountStatus.ACTIVE,
    (AccountStatus.AT_RISK, "churn"): AccountStatus.CHURNED,
    (AccountStatus.CHURNED, "win_back"): AccountStatus.ACTIVE,
}
ACCOUNT_PATHS = {
    AccountStatus.PROSPECT: [],
    AccountStatus.ACTIVE: ["win"],
    AccountStatus.AT_RISK: ["win", "flag_risk"],
    AccountStatus.CHURNED: ["win", "flag_risk", "churn"],
}


def account_in(status: AccountStatus) -> Account:
    account = an_account()
    for i, event in enumerate(ACCOUNT_PATHS[status]):
        account = getattr(account, event)(at=AT.add(days=i))
    return account


class TestAccountWorkflow:
    def test_the_table_is_the_documented_one(self) -> None:
        assert {(s, e): t for s, e, t in ACCOUNT_WORKFLOW.rows} == ACCOUNT_ROWS
        assert ACCOUNT_WORKFLOW.terminal == frozenset()

    @pytest.mark.parametrize(("source", "event"), list(ACCOUNT_ROWS))
    def test_every_listed_transition_works_through_its_method(
        self, source: AccountStatus, event: str
    ) -> None:
        account = account_in(source)
        at = AT.add(days=10)
        moved = getattr(account, event)(at=at, by="ana", note="quarterly review")
        assert moved.status == ACCOUNT_ROWS[source, event]
        assert moved.history[-1] == StatusChange(
            event=event,
            source=source,
            target=ACCOUNT_ROWS[source, event],
            at=at,
            by="ana",
            note="quarterly review",
        )
        assert moved.history[:-1] == account.history

    @pytest.mark.parametrize(
        ("source", "event"),
        [
            pair
            for pair in itertools.product(AccountStatus, sorted(ACCOUNT_WORKFLOW.events))
            if pair not in ACCOUNT_ROWS
        ],
    )
    def test_every_other_pair_is_refused_naming_the_allowed_events(
        self, source: AccountStatus, event: str
    ) -> None:
        account = account_in(source)
        with pytest.raises(InvalidTransitionError) as info:
            getattr(account, event)(at=AT.add(days=10))
        allowed = {e for (s, e) in ACCOUNT_ROWS if s == source}
        assert info.value.allowed == allowed == account.allowed_events()
        assert str(info.value).startswith(
            f"cannot {event!r} account 'ACC-1' in status {source.value!r}; allowed events: "
        )

    def test_a_win_back_reactivates_a_churned_account(self) -> None:
        account = account_in(AccountStatus.CHURNED).win_back(at=AT.add(days=90))
        assert account.status == AccountStatus.ACTIVE
        assert [c.event for c in account.history] == ["win", "flag_risk", "churn", "win_back"]
        assert replay(account) == AccountStatus.ACTIVE

    @pytest.mark.parametrize("field", ["client", "team", "activities"])
    def test_parts_of_the_wrong_type_are_refused(self, field: str) -> None:
        with pytest.raises(ValidationError, match=repr(field)):
            an_account(**{field: "nope"})

    def test_an_account_must_agree_with_its_history(self) -> None:
        with pytest.raises(ValidationError, match="'status'"):
            an_account(status="active")
        with pytest.raises(ValidationError, match="'status'"):
            an_account(status="dormant")
        assert an_account(status="prospect").status is AccountStatus.PROSPECT

    @given(accounts())
    def test_generated_accounts_replay_to_their_status(self, account: Account) -> None:
        assert replay(account) == account.status
        assert allowed_events(account) == ACCOUNT_WORKFLOW.events_from(account.status)

    @pytest.mark.parametrize("status", list(AccountStatus))
    def test_the_account_strategy_reaches_a_requested_status(self, status: AccountStatus) -> None:
        @given(accounts(status=status))
        def check(account: Account) -> None:
            assert account.status == status

        check()


TestAccountMachine = workflow_state_machine(ACCOUNT_WORKFLOW, accounts()).TestCase


class TestAccountActivities:
    def test_logging_and_completing_activities_returns_new_accounts(self) -> None:
        account = an_account()
        call = Activity(id="A-1", kind="call", subject="Check-in", due_at=AT.add(days=1))
        logged = account.log(call)
        assert len(account.activities) == 0
        assert logged.activities["A-1"] == call
        done = logged.complete_activity("A-1", at=AT.add(days=1), outcome="happy")
        assert done.activities["A-1"].outcome == "happy"
        assert done.activities.last_contact() == AT.add(days=1)
        with pytest.raises(ValidationError, match="unique activity ids"):
            done.log(call)
