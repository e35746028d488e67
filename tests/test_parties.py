"""Tests for accountexec.parties: addresses, electronic addresses, bank accounts, payment means."""

from __future__ import annotations

import pytest
from hypothesis import given

import accountexec.strategies as aes
from accountexec.accounts import Contact
from accountexec.errors import ValidationError
from accountexec.parties import (
    Address,
    BankAccount,
    CardPayment,
    CreditTransfer,
    DirectDebit,
    ElectronicAddress,
    Party,
)
from accountexec.serialize import from_dict, to_dict

BERLIN = Address(["Friedrichstraße 12"], "Berlin", "10117", "DE")


class TestAnAddress:
    def test_upper_cases_the_country(self) -> None:
        assert Address(["1 rue"], "Lyon", "69002", "fr").country == "FR"

    def test_accepts_the_en16931_additions(self) -> None:
        assert Address(["Main St 1"], "Belfast", "BT1 1AA", "XI").country == "XI"

    @pytest.mark.parametrize("country", ["XX", "EU", "DEU", "", 49, None])
    def test_refuses_what_is_not_an_iso_3166_code(self, country: object) -> None:
        with pytest.raises(ValidationError, match="'country'"):
            Address(["Main St 1"], "Springfield", "12345", country)  # type: ignore[arg-type]

    @pytest.mark.parametrize("lines", [[], ["a", "b", "c", "d"], [""], "Main St 1"])
    def test_takes_one_to_three_street_lines(self, lines: object) -> None:
        with pytest.raises(ValidationError, match="'lines'"):
            Address(lines, "Berlin", "10117", "DE")  # type: ignore[arg-type]


class TestABankAccount:
    def test_removes_spaces_and_upper_cases(self) -> None:
        account = BankAccount("gb29 nwbk 6016 1331 9268 19", bic="nwbkgb2l")
        assert (account.iban, account.bic) == ("GB29NWBK60161331926819", "NWBKGB2L")

    @pytest.mark.parametrize(
        "iban",
        ["DE89370400440532013001", "DE00370400440532013000", "XX89370400440532013000", "DE89", 7],
    )
    def test_refuses_a_wrong_check_digit_or_shape(self, iban: object) -> None:
        with pytest.raises(ValidationError, match="'iban'"):
            BankAccount(iban)  # type: ignore[arg-type]

    def test_refuses_a_malformed_bic(self) -> None:
        with pytest.raises(ValidationError, match="'bic'"):
            BankAccount("DE89370400440532013000", bic="COBA")

    @given(aes.bank_accounts())
    def test_generated_accounts_pass_the_mod_97_check(self, account: BankAccount) -> None:
        rearranged = account.iban[4:] + account.iban[:4]
        assert int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


class TestAParty:
    def test_names_its_country(self) -> None:
        assert Party("Nordlicht", BERLIN, vat_id="DE123456789").country == "DE"

    @pytest.mark.parametrize("vat_id", ["123456789", "DE 123", "de123456789", ""])
    def test_refuses_a_vat_id_without_its_country_prefix(self, vat_id: str) -> None:
        with pytest.raises(ValidationError, match="'vat_id'"):
            Party("Nordlicht", BERLIN, vat_id=vat_id)

    def test_refuses_an_unknown_electronic_address_scheme(self) -> None:
        with pytest.raises(ValidationError, match="EAS code"):
            ElectronicAddress("GLN", "4012345000009")

    def test_refuses_a_contact_of_the_wrong_type(self) -> None:
        with pytest.raises(ValidationError, match="'contact'"):
            Party("Nordlicht", BERLIN, contact="Jana")  # type: ignore[arg-type]

    def test_takes_an_account_contact(self) -> None:
        contact = Contact(name="Jana Roth", email="jana@nordlicht.example")
        assert Party("Nordlicht", BERLIN, contact=contact).contact == contact

    @given(aes.parties())
    def test_round_trips_through_dicts(self, party: Party) -> None:
        assert from_dict(Party, to_dict(party)) == party


class TestPaymentMeans:
    def test_each_knows_its_uncl_4461_code(self) -> None:
        account = BankAccount("DE89370400440532013000")
        assert CreditTransfer(account).code == "58"
        assert CreditTransfer(account, sepa=False).code == "30"
        debit = DirectDebit(
            mandate="M-1",
            creditor_id="DE98ZZZ09999999999",
            debited_account="DE02120300000000202051",
        )
        assert debit.code == "59"
        assert CardPayment("4242").code == "48"

    def test_a_card_shows_only_its_last_digits(self) -> None:
        with pytest.raises(ValidationError, match="last 4 to 6 digits"):
            CardPayment("4242424242424242")

    def test_a_direct_debit_checks_the_debited_iban(self) -> None:
        with pytest.raises(ValidationError, match="'iban'"):
            DirectDebit(mandate="M-1", creditor_id="DE98ZZZ09999999999", debited_account="DE00")
