"""The shared field rules: every module refuses the same things the same way."""

from __future__ import annotations

import datetime as dt
import functools
import sys

import pendulum
import pytest

from accountexec import Client, WorkCalendar
from accountexec._fields import (
    check_aware,
    date_converter,
    optional_date_converter,
    require_aware,
    to_date,
    to_timezone_name,
)
from accountexec.errors import ValidationError


class TestDates:
    def test_a_plain_date_becomes_a_pendulum_date(self):
        assert type(to_date(dt.date(2026, 2, 28))) is pendulum.Date

    @pytest.mark.parametrize(
        "value", [dt.datetime(2026, 1, 1), pendulum.datetime(2026, 1, 1), "2026-01-01", None]
    )
    def test_anything_but_a_date_is_refused_naming_the_field(self, value):
        with pytest.raises(ValidationError, match="'issued_on'"):
            date_converter("issued_on")(value)

    def test_optional_dates_let_none_through(self):
        assert optional_date_converter("accepted_on")(None) is None
        assert optional_date_converter("accepted_on")(dt.date(2026, 1, 9)) == pendulum.date(
            2026, 1, 9
        )


class TestAwareDatetimes:
    def test_a_naive_datetime_is_refused(self):
        with pytest.raises(ValidationError, match="aware datetime"):
            require_aware(dt.datetime(2026, 3, 29, 9), "at")

    def test_none_passes_the_optional_validator(self):
        check_aware(None, type("A", (), {"name": "done_at"}), None)


class TestTimeZones:
    @pytest.mark.parametrize("name", ["a" * 300, "Mars/Olympus_Mons", "", "../etc/passwd", 42])
    def test_unknown_or_malformed_zones_are_refused_with_our_error(self, name):
        with pytest.raises(ValidationError, match="IANA time zone"):
            to_timezone_name(name)

    def test_a_named_tzinfo_gives_its_name(self):
        assert to_timezone_name(pendulum.timezone("Europe/Berlin")) == "Europe/Berlin"

    def test_calendars_and_clients_refuse_the_same_way(self):
        with pytest.raises(ValidationError, match="'timezone'"):
            WorkCalendar(timezone="a" * 300)
        with pytest.raises(ValidationError, match="'timezone'"):
            Client(
                id="C-1",
                legal_name="Fjord",
                industry="food",
                locale="de_DE",
                currency="EUR",
                timezone="a" * 300,
            )


class TestTheMutationTestingFixture:
    def test_it_empties_every_cache_of_the_library(self, fresh_module_caches: None) -> None:
        """Under mutmut every test starts so; here the earlier tests have filled the caches."""
        caches = [
            value
            for name, module in list(sys.modules.items())
            if name.startswith("accountexec")
            for value in vars(module).values()
            if isinstance(value, functools._lru_cache_wrapper)
        ]
        assert len(caches) >= 10
        assert all(cache.cache_info().currsize == 0 for cache in caches)
