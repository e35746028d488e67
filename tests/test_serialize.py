"""Tests for accountexec.serialize: exact JSON-safe dicts, refusals with paths, the schema key."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import pickle
import zoneinfo
from decimal import Decimal
from typing import Any

import cattrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.strategies._internal.types import _global_type_lookup

import accountexec.strategies as aes
from accountexec import (
    BusinessHours,
    CalendarDays,
    Currency,
    ExchangeRates,
    Money,
    Opportunity,
    Rate,
    StatusChange,
    Task,
    Transition,
    ValidationError,
    WorkCalendar,
    Workflow,
)
from accountexec.activities import Activity
from accountexec.briefs import SignOff
from accountexec.contracts import Amendment
from accountexec.deadlines import Schedule
from accountexec.invoices import Invoice, InvoiceLine, aging
from accountexec.payment_terms import PaymentTerms
from accountexec.pipeline import forecast, summarise, win_rate
from accountexec.serialize import SCHEMA_KEY, SCHEMA_VERSION, from_dict, make_converter, to_dict
from accountexec.workflow import Stateful

# Private Hypothesis registry, read (never written) to find the types accountexec registers: the
# round trips below then cover every type a strategy is added for, without editing this file.
REGISTERED: tuple[type, ...] = tuple(
    sorted(
        (
            t
            for t in _global_type_lookup
            if isinstance(t, type) and t.__module__.startswith("accountexec.")
        ),
        key=lambda t: (t.__module__, t.__name__),
    )
)
# Workflows (and their transitions) are code: guards, effects and enum classes. Not data.
NOT_DATA: frozenset[type] = frozenset({Workflow, Transition})
ROUND_TRIP_TYPES = [t for t in REGISTERED if t not in NOT_DATA]
IDS = [f"{t.__module__.removeprefix('accountexec.')}.{t.__name__}" for t in ROUND_TRIP_TYPES]

PARIS = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


def json_round_trip(obj: Any) -> Any:
    """``obj`` through to_dict, JSON text and back (the way a database column would hold it)."""
    return from_dict(type(obj), json.loads(json.dumps(to_dict(obj))))


class TestTheRepresentation:
    def test_money_is_a_decimal_string_and_a_currency_code(self):
        assert to_dict(Money("10.10", "EUR")) == {
            "_schema": 2,
            "amount": "10.10",
            "currency": "EUR",
        }

    def test_decimal_digits_are_kept(self):
        for text in ("1.5", "1.50", "0.0035", "1E+3", "-0.00"):
            assert to_dict(Money(text, "USD"))["amount"] == str(Money(text, "USD").amount)
            back = from_dict(Money, to_dict(Money(text, "USD")))
            assert str(back.amount) == str(Money(text, "USD").amount)

    def test_scalars_sit_under_value_at_the_top_level(self):
        assert to_dict(Rate("0.15")) == {"_schema": 2, "value": "0.15"}
        assert to_dict(Currency("jpy")) == {"_schema": 2, "value": "JPY"}
        assert from_dict(Rate, {"_schema": 2, "value": "0.15"}) == Rate("0.15")

    def test_dates_mappings_and_aware_datetimes_are_iso_8601(self):
        fx = ExchangeRates(base="EUR", rates={"USD": "1.0825"}, as_of=dt.date(2026, 11, 27))
        assert to_dict(fx) == {
            "_schema": 2,
            "base": "EUR",
            "rates": {"USD": "1.0825"},
            "as_of": "2026-11-27",
        }
        change = StatusChange(event="submit", source="draft", target="submitted", at=PARIS)
        assert to_dict(change)["at"] == "2026-03-02T09:00:00+01:00[Europe/Paris]"

    def test_a_datetime_keeps_its_zone_name_and_its_fold(self):
        # 01:30 happens twice in London on 2026-10-25; the second one has offset +00:00.
        second = pendulum.datetime(2026, 10, 25, 1, 30, tz="Europe/London")
        first = second.subtract(hours=1)
        for moment in (first, second):
            change = StatusChange(event="e", source="a", target="b", at=moment)
            back = json_round_trip(change).at
            assert back == moment
            assert back.utcoffset() == moment.utcoffset()
            assert back.tzinfo.name == "Europe/London"

    def test_fixed_offsets_and_zoneinfo_keep_their_offset(self):
        fixed = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
        zone = dt.datetime(2026, 7, 5, 8, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
        for moment, text in (
            (fixed, "2026-01-05T08:00:00-03:00"),
            (zone, "2026-07-05T08:00:00-04:00[America/New_York]"),
        ):
            change = StatusChange(event="e", source="a", target="b", at=moment)
            assert to_dict(change)["at"] == text
            back = json_round_trip(change).at
            assert back == moment
            assert back.utcoffset() == moment.utcoffset()

    def test_frozensets_are_sorted_lists_and_tuples_are_lists(self):
        task = Task(id="launch", duration=2, depends_on={"copy", "art", "brief"})
        assert to_dict(task)["depends_on"] == ["art", "brief", "copy"]
        cal = WorkCalendar(holidays=[dt.date(2026, 12, 25), dt.date(2026, 1, 1)])
        data = to_dict(cal)
        assert data["holidays"] == ["2026-01-01", "2026-12-25"]
        assert data["working_hours"] == ["09:00:00", "17:30:00"]

    def test_union_fields_are_tagged_with_their_type(self):
        assert to_dict(BusinessHours(dt.timedelta(hours=1, microseconds=5)))["hours"] == {
            "type": "timedelta",
            "value": "PT3600.000005S",
        }
        assert to_dict(BusinessHours(16))["hours"] == {"type": "int", "value": 16}
        assert to_dict(BusinessHours(Decimal("1.5")))["hours"] == {
            "type": "Decimal",
            "value": "1.5",
        }
        for hours in (16, Decimal("1.5"), dt.timedelta(days=2, microseconds=1)):
            back = json_round_trip(BusinessHours(hours))
            assert type(back.hours) is type(hours)
            assert back.hours == hours

    def test_protocol_fields_hold_any_implementation_tagged(self):
        terms = PaymentTerms.end_of_month(plus_days=10)
        data = to_dict(terms)
        assert data["lines"][0]["due"] == {
            "type": "EndOfMonth",
            "months": 0,
            "plus_days": 10,
            "roll": None,
        }
        assert data["lines"][0]["portion"]["type"] in {"Balance", "Rate", "Money"}
        assert from_dict(PaymentTerms, data) == terms

    @settings(max_examples=5)
    @given(st.from_type(Opportunity))
    def test_keys_are_the_constructor_keywords(self, opportunity):
        data = to_dict(opportunity)
        assert "probability" in data
        assert "manual_probability" not in data
        assert json_round_trip(opportunity) == opportunity

    def test_make_converter_is_fresh_each_time_and_never_the_global(self):
        first, second = make_converter(), make_converter()
        assert first is not second
        assert first is not cattrs.global_converter
        first.register_unstructure_hook(Money, lambda m: "custom")
        assert second.unstructure(Money("1.00", "EUR")) == {"amount": "1.00", "currency": "EUR"}
        assert to_dict(Money("1.00", "EUR"))["amount"] == "1.00"

    def test_workflows_are_code_and_refused(self):
        with pytest.raises(ValidationError, match="code, not data"):
            to_dict(Invoice.workflow)


class TestRoundTrips:
    @pytest.mark.parametrize("cls", ROUND_TRIP_TYPES, ids=IDS)
    def test_every_registered_type_comes_back_equal_through_json_and_pickle(self, cls):
        """Every value a public strategy draws comes back equal from JSON, from pickle (the
        oldest protocol a frozen slotted class supports and the newest) and from a deep copy."""

        @settings(max_examples=20)
        @given(st.from_type(cls))
        def check(value):
            data = to_dict(value)
            text = json.dumps(data, allow_nan=False)
            back = from_dict(type(value), json.loads(text))
            assert back == value
            assert type(back) is type(value)
            # the representation itself is stable: same digits, same zones, same order
            assert to_dict(back) == data
            for protocol in (2, pickle.HIGHEST_PROTOCOL):
                unpickled = pickle.loads(pickle.dumps(value, protocol=protocol))
                assert unpickled == value
                assert type(unpickled) is type(value)
            assert copy.deepcopy(value) == value

        check()

    def test_there_are_types_to_round_trip(self):
        assert len(ROUND_TRIP_TYPES) >= 40
        assert Money in ROUND_TRIP_TYPES

    def test_round_trips_ignore_the_callers_decimal_context(self, hostile_decimal_context):
        price = Money("123456789.123456789123456789", "EUR")
        assert json_round_trip(price) == price
        rule = BusinessHours(dt.timedelta(days=3, microseconds=7))
        assert json_round_trip(rule) == rule
        assert from_dict(Rate, {"value": "1E+35"}) == Rate("1E+35")


class TestResultTypesWithoutAStrategyRoundTripToo:
    """Values computed by the library (plans, forecasts, aging) have no strategy of their own."""

    @settings(max_examples=15)
    @given(st.from_type(Schedule), st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
    def test_a_scheduled_plan_is_written_as_its_fields_not_as_a_mapping(self, schedule, start):
        plan = schedule.forward(start, WorkCalendar())
        data = to_dict(plan)
        assert set(data) == {"_schema", "tasks", "start", "finish", "critical_path", "direction"}
        assert data["direction"] == "forward"
        assert json_round_trip(plan) == plan

    @settings(max_examples=15)
    @given(st.lists(st.from_type(Opportunity), max_size=4))
    def test_summaries_and_forecasts(self, opportunities):
        as_of = pendulum.date(2030, 1, 1)
        summary = summarise(opportunities, as_of=as_of, group_by=("month", "stage"))
        assert json_round_trip(summary) == summary
        in_euros = [o for o in opportunities if o.amount.currency == Currency("EUR")]
        result = forecast(in_euros, as_of=as_of, currency="EUR")
        assert json_round_trip(result) == result

    @settings(max_examples=15)
    @given(st.lists(st.from_type(Invoice), max_size=3))
    def test_aging_and_the_parts_of_invoices(self, invoices):
        report = aging(invoices, as_of=pendulum.date(2050, 1, 1))
        assert json_round_trip(report) == report
        for invoice in invoices:
            parts = (
                *invoice.installments,
                *invoice.payments,
                *invoice.credit_notes,
                *invoice.terms.lines,
                *invoice.line_amounts(),
            )
            for part in parts:
                assert json_round_trip(part) == part


def invoice_data() -> dict[str, Any]:
    lines = [
        InvoiceLine(description=f"line {i}", quantity=i + 1, unit_price=Money("10", "EUR"))
        for i in range(3)
    ]
    invoice = Invoice(
        number="INV-7",
        client_id="acme",
        currency="EUR",
        lines=lines,
        issued_on=pendulum.date(2026, 3, 2),
        terms=PaymentTerms.net(30),
    )
    return to_dict(invoice)


class TestRefusalsNameThePath:
    def refusal(self, cls: type, data: Any) -> ValidationError:
        with pytest.raises(ValidationError) as info:
            from_dict(cls, data)
        return info.value

    def test_a_bad_amount_deep_inside_names_its_path(self):
        data = invoice_data()
        data["lines"][2]["unit_price"]["amount"] = "ten"
        err = self.refusal(Invoice, data)
        assert str(err).startswith("invalid 'amount' at $.lines[2].unit_price: 'ten'")
        assert (err.field, err.value) == ("amount", "ten")

    def test_a_constructor_refusal_names_the_object_it_happened_in(self):
        data = {"id": "copy", "duration": -1, "depends_on": []}
        err = self.refusal(Task, data)
        assert str(err).startswith("invalid 'duration' at $: -1")
        nested = {"lines": [{"portion": {"type": "Balance"}, "due": {"type": "DayOfMonth"}}]}
        err = self.refusal(PaymentTerms, {**nested, "roll": None, "calendar": None})
        assert "missing key 'day' at $.lines[0].due" in str(err)

    def test_missing_and_unknown_keys(self):
        err = self.refusal(Money, {"amount": "1"})
        assert str(err) == "missing key 'currency' at $"
        err = self.refusal(Money, {"amount": "1", "currency": "EUR", "note": "x"})
        assert str(err) == "unknown key 'note' at $; expected only 'amount', 'currency'"

    def test_every_problem_is_listed(self):
        err = self.refusal(Money, {"amount": 1.5, "currency": 7})
        lines = str(err).splitlines()
        assert len(lines) == 2
        assert lines[0].startswith("invalid 'amount' at $: 1.5")
        assert lines[1].startswith("invalid 'currency' at $: 7")

    @pytest.mark.parametrize(
        "amount",
        [
            "NaN",
            "nan",
            "Infinity",
            "-inf",
            "sNaN",
            "1e999999999",
            "0E-1000",
            "1" * 61,
            "1_000",
            " 1",
            "",
            "0x10",
            1.5,
            10,
            True,
            None,
            [],
            {},
        ],
    )
    def test_decimals_are_finite_strings_of_reasonable_size(self, amount):
        err = self.refusal(Money, {"amount": amount, "currency": "EUR"})
        assert err.field == "amount"

    @pytest.mark.parametrize(
        ("field", "value"),
        [("duration", "5"), ("duration", True), ("duration", 5.0), ("id", 5), ("id", None)],
    )
    def test_scalars_have_their_json_type_and_nothing_is_coerced(self, field, value):
        data = {"id": "copy", "duration": 5, "depends_on": []}
        err = self.refusal(Task, {**data, field: value})
        assert str(err).startswith(f"invalid {field!r} at $: ")

    @pytest.mark.parametrize(
        "text",
        [
            "2026-02-30",
            "2026-2-3",
            "20260203",
            "2026-W05-1",
            "2026-02-03T00:00:00+00:00",
            "",
            20260203,
        ],
    )
    def test_dates_are_existing_iso_dates(self, text):
        err = self.refusal(ExchangeRates, {"base": "EUR", "rates": {}, "as_of": text})
        assert str(err).startswith("invalid 'as_of' at $: ")

    @pytest.mark.parametrize(
        "text",
        [
            "2026-03-02T09:00:00",  # naive
            "2026-03-02 09:00:00+01:00",  # no T
            "2026-03-02T09:00:00+01:00[Mars/Olympus]",  # unknown zone
            "2026-03-02T09:00:00+05:00[Europe/Paris]",  # offset the zone does not have
            "2026-03-02T25:00:00+01:00",
            "2026-03-02T09:00:00+01:00[../../etc/passwd]",
            "2026-03-02T09:00:00+01:00[" + "a" * 300 + "]",
            "2026-03-02",
        ],
    )
    def test_datetimes_are_aware_and_consistent(self, text):
        data = {"event": "e", "source": "a", "target": "b", "at": text, "by": None, "note": None}
        err = self.refusal(StatusChange, data)
        assert str(err).startswith("invalid 'at' at $: ")

    def test_a_utc_z_suffix_is_read(self):
        data = {"event": "e", "source": "a", "target": "b", "at": "2026-03-02T08:00:00Z"}
        assert from_dict(StatusChange, {**data, "by": None, "note": None}).at == PARIS

    @pytest.mark.parametrize(
        "value", [{"type": "Nope"}, {"n": 3}, "EndOfMonth", {"type": "int"}, {"type": 5}]
    )
    def test_tagged_unions_need_a_known_tag(self, value):
        data = {"lines": [{"portion": {"type": "Balance"}, "due": value}]}
        err = self.refusal(PaymentTerms, {**data, "roll": None, "calendar": None})
        assert "at $.lines[0].due" in str(err)

    def test_scalar_union_members_need_exactly_a_value(self):
        err = self.refusal(BusinessHours, {"hours": {"type": "int", "value": 3, "extra": 1}})
        assert "at $.hours" in str(err)
        err = self.refusal(BusinessHours, {"hours": {"type": "timedelta", "value": "P1D"}})
        assert str(err).startswith("invalid 'hours' at $: 'P1D'; expected a duration")

    def test_enums_and_literals_list_what_is_allowed(self):
        err = self.refusal(CalendarDays, {"n": 3, "roll": "sideways"})
        assert str(err).startswith("invalid 'roll' at $: 'sideways'; expected one of")

    def test_collections_need_lists_and_objects(self):
        err = self.refusal(Task, {"id": "a", "duration": 1, "depends_on": "bc"})
        assert "invalid 'depends_on' at $: 'bc'; expected a list" in str(err)
        err = self.refusal(ExchangeRates, {"base": "EUR", "rates": [], "as_of": "2026-01-01"})
        assert str(err) == "invalid 'rates' at $: []; expected an object"
        err = self.refusal(
            ExchangeRates, {"base": "EUR", "rates": {"USD": 1}, "as_of": "2026-01-01"}
        )
        assert str(err).startswith("invalid \"rates['USD']\" at $: 1")

    def test_other_refusals_of_the_domain_become_validation_errors(self):
        data = invoice_data()
        data["lines"][1]["unit_price"]["currency"] = "USD"
        err = self.refusal(Invoice, data)
        assert str(err).startswith("invalid value at $: ")
        assert isinstance(err.__cause__, Exception)


@dataclasses.dataclass(frozen=True)
class Order:
    """A user's own type holding accountexec values."""

    reference: str
    total: Money
    lines: list[Money]


class TestTheConverterOnItsOwn:
    def test_a_users_dataclass_holding_our_values_round_trips(self):
        order = Order("PO-1", Money("12.00", "EUR"), [Money("5.00", "EUR"), Money("7.00", "EUR")])
        data = to_dict(order)
        assert data == {
            "_schema": 2,
            "reference": "PO-1",
            "total": {"amount": "12.00", "currency": "EUR"},
            "lines": [{"amount": "5.00", "currency": "EUR"}, {"amount": "7.00", "currency": "EUR"}],
        }
        assert from_dict(Order, data) == order

    def test_a_users_dataclass_gets_paths_and_unknown_keys_too(self):
        data = to_dict(Order("PO-1", Money("1", "EUR"), [Money("1", "EUR")]))
        data["lines"][0]["amount"] = "NaN"
        with pytest.raises(ValidationError, match=r"invalid 'amount' at \$\.lines\[0\]: 'NaN'"):
            from_dict(Order, data)
        with pytest.raises(ValidationError, match=r"unknown key 'x' at \$$"):
            from_dict(Order, {**data, "x": 1})

    def test_non_finite_decimals_and_naive_datetimes_are_not_written(self):
        conv = make_converter()
        with pytest.raises(ValidationError, match="finite"):
            conv.unstructure(Decimal("NaN"))
        with pytest.raises(ValidationError, match="aware"):
            conv.unstructure(dt.datetime(2026, 1, 1, 9))

    def test_floats_are_never_read(self):
        with pytest.raises(ValidationError, match="no floats"):
            make_converter().structure(1.5, float)

    def test_a_value_outside_a_union_is_not_written(self):
        with pytest.raises(ValidationError, match="one of int, Decimal"):
            make_converter().unstructure("12", int | Decimal)

    def test_a_protocol_with_data_members_has_no_tagged_form(self):
        with pytest.raises(ValidationError, match=r"one of $"):
            make_converter().unstructure(Money("1", "EUR"), Stateful)

    def test_times_of_day_must_exist(self):
        data = to_dict(WorkCalendar())
        data["working_hours"] = ["09:00", "24:30"]
        with pytest.raises(ValidationError, match=r"invalid 'working_hours\[1\]' at \$: '24:30'"):
            from_dict(WorkCalendar, data)

    def test_workflows_are_not_read_either(self):
        with pytest.raises(ValidationError, match=r"code, not data: .*\(at \$\)$"):
            from_dict(Workflow, {"name": "x"})


class TestTheSchemaKey:
    def test_it_is_written_first(self):
        assert next(iter(to_dict(Money("1", "EUR")))) == SCHEMA_KEY
        assert SCHEMA_VERSION == 2

    def test_a_dict_without_it_is_read_as_the_current_version(self):
        assert from_dict(Money, {"amount": "1", "currency": "EUR"}) == Money("1", "EUR")

    @pytest.mark.parametrize("version", [0, 3, "1", "2", True, 1.0, None])
    def test_other_versions_are_refused(self, version):
        with pytest.raises(ValidationError, match="_schema"):
            from_dict(Money, {"_schema": version, "amount": "1", "currency": "EUR"})

    @pytest.mark.parametrize("data", [None, [], "Money", 5])
    def test_the_top_level_must_be_an_object(self, data):
        with pytest.raises(ValidationError):
            from_dict(Money, data)

    def test_a_scalar_type_needs_exactly_a_value_key(self):
        with pytest.raises(ValidationError, match="'value'"):
            from_dict(Rate, {"value": "1", "other": 2})
        with pytest.raises(ValidationError, match="'value'"):
            from_dict(Rate, {"rate": "1"})

    def test_the_input_is_not_modified(self):
        data = to_dict(Money("1", "EUR"))
        before = copy.deepcopy(data)
        from_dict(Money, data)
        assert data == before


# ------------------------------------------------------------------------- random mutations

HOSTILE = st.sampled_from(
    [
        None,
        True,
        0,
        -1,
        10**400,
        1.5,
        float("nan"),
        "",
        "x",
        "NaN",
        "Infinity",
        "-0",
        "1e999999999",
        "2026-02-30",
        "2026-13-01T00:00:00+00:00",
        "9999-12-31",
        "0001-01-01",
        "a" * 500,
        [],
        [None],
        {},
        {"type": "Money"},
    ]
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (keys and indexes) into a JSON-like value, the root included."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(paths(value, (*prefix, index)))
    return found


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated(draw: st.DrawFn, cls: type) -> dict[str, Any]:
    data = copy.deepcopy(to_dict(draw(st.from_type(cls))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(data)))
        kind = draw(st.sampled_from(["replace", "delete", "extra", "wrap"]))
        if not path:
            kind = "extra"
        parent = get(data, path[:-1]) if path else data
        if kind == "replace":
            parent[path[-1]] = copy.deepcopy(draw(HOSTILE))
        elif kind == "delete":
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        elif kind == "wrap":
            parent[path[-1]] = [parent[path[-1]]]
        else:
            target = get(data, path)
            if isinstance(target, dict):
                key = draw(st.sampled_from(["extra", "type", "value", "_schema"]))
                target[key] = copy.deepcopy(draw(HOSTILE))
            elif isinstance(target, list):
                target.append(copy.deepcopy(draw(HOSTILE)))
    return data


class TestMutatedDictsAreRefusedCleanly:
    @pytest.mark.parametrize("cls", ROUND_TRIP_TYPES, ids=IDS)
    def test_a_mutated_dict_gives_a_valid_value_or_a_validation_error(self, cls):
        @settings(max_examples=10)
        @given(mutated(cls))
        def check(data):
            try:
                value = from_dict(cls, data)
            except ValidationError:
                return  # refused the right way; any other exception fails the test
            # accepted: then it is a valid value that round trips
            assert isinstance(value, cls)
            assert from_dict(cls, to_dict(value)) == value

        check()


# Nonsense the dict shapes allow (a whole number, a decimal string) but the result types refuse.
NONSENSE_IN_RESULTS: list[tuple[str, tuple[Any, ...], Any]] = [
    ("forecasting.SummaryCell", ("count",), -1),
    ("forecasting.PipelineSummary", ("cells", 0, "count"), -1),
    ("forecasting.ForecastCell", ("amount", "amount"), "-1.00"),
    ("forecasting.Forecast", ("total", "count"), -1),
    ("analytics.WinRate", ("won",), -1),
    ("analytics.StageConversion", ("reached",), -1),
    ("analytics.StageDuration", ("stays",), -1),
    ("analytics.SalesVelocity", ("open_count",), -1),
    ("analytics.Calibration", ("count",), -1),
    ("analytics.CalibrationBucket", ("brier_score",), "1.5"),
    ("deadlines.ScheduledTask", ("slack",), -1),
    ("deadlines.ScheduledPlan", ("tasks", 0, "duration"), -1),
    ("receivables.AgingRow", ("amounts", 0, "amount"), "-1.00"),
    ("budgets.LineSummary", ("actual", "amount"), "-1.00"),
    ("budgets.PeriodAmount", ("amount", "amount"), "-1.00"),
    ("budgets.BudgetWarning", ("amount", "amount"), "-1.00"),
    ("campaigns.CampaignRollup", ("planned", "amount"), "-1.00"),
    ("profit.TowerResult", ("labour", "amount"), "-1.00"),
    ("profit.ProfitAndLoss", ("total", "labour", "amount"), "-1.00"),
    ("retainers.RetainerSegment", ("amount", "amount"), "-1.00"),
    ("time_and_materials.RoleTime", ("hours",), "-1"),
    ("time_and_materials.TimeAndMaterialsCharge", ("billed", "amount"), "-1.00"),
]


def _result_type(name: str) -> type:
    by_name = {f"{t.__module__.rpartition('.')[2]}.{t.__name__}": t for t in REGISTERED}
    return by_name[name]


class TestResultTypesRefuseNonsense:
    @pytest.mark.parametrize(
        ("name", "path", "value"), NONSENSE_IN_RESULTS, ids=[n for n, _, _ in NONSENSE_IN_RESULTS]
    )
    def test_a_result_dict_with_nonsense_in_it_is_refused(self, name, path, value):
        cls = _result_type(name)

        @settings(max_examples=10)
        @given(st.from_type(cls))
        def check(made):
            data = to_dict(made)
            try:
                parent = get(data, path[:-1])
                parent[path[-1]]
            except (IndexError, KeyError):
                assume(False)  # an empty summary or plan has no cell to spoil
            parent[path[-1]] = value
            with pytest.raises(ValidationError):
                from_dict(cls, data)

        check()

    def test_every_result_type_in_the_table_is_registered(self):
        assert len({_result_type(name) for name, _, _ in NONSENSE_IN_RESULTS}) == len(
            NONSENSE_IN_RESULTS
        )


def test_the_strategies_package_is_what_registers_the_types():
    assert set(aes.__all__)
    assert all(t.__module__.startswith("accountexec.") for t in ROUND_TRIP_TYPES)


class TestEveryStrategyValuePicklesAndRoundTrips:
    """The sweep over every strategy (:class:`TestRoundTrips`) covers pickle too."""

    def test_workflows_are_code_and_stay_out_of_the_sweep(self):
        # a drawn workflow's status enum is made up on the fly: it has no importable name
        assert NOT_DATA.isdisjoint(ROUND_TRIP_TYPES)


LONDON = zoneinfo.ZoneInfo("Europe/London")


class TestStoredDatetimesAreNormalisedToPendulum:
    def test_a_time_in_the_spring_gap_moves_forward_by_the_gap(self):
        never = dt.datetime(2026, 3, 29, 1, 30, tzinfo=LONDON)  # clocks jump 01:00 -> 02:00
        change = StatusChange(event="e", source="a", target="b", at=never)
        assert type(change.at) is pendulum.DateTime
        assert change.at.isoformat() == "2026-03-29T02:30:00+01:00"
        assert to_dict(change)["at"] == "2026-03-29T02:30:00+01:00[Europe/London]"
        assert json_round_trip(change) == change

    @pytest.mark.parametrize(("fold", "offset"), [(0, "+01:00"), (1, "+00:00")])
    def test_the_repeated_autumn_hour_keeps_the_occurrence_its_fold_picks(self, fold, offset):
        twice = dt.datetime(2026, 10, 25, 1, 30, fold=fold, tzinfo=LONDON)
        change = StatusChange(event="e", source="a", target="b", at=twice)
        assert change.at.isoformat() == f"2026-10-25T01:30:00{offset}"
        back = json_round_trip(change)
        assert back == change
        assert back.at.utcoffset() == change.at.utcoffset()
        assert pickle.loads(pickle.dumps(change)) == change

    def test_every_stored_datetime_field_is_normalised(self):
        never = dt.datetime(2026, 3, 29, 1, 30, tzinfo=LONDON)
        values = [
            SignOff(approver="cmo", at=never).at,
            Amendment(version=2, reason="scope", at=never, changed=["value"]).at,
            *(
                getattr(Activity(id="A", kind="call", subject="s", **{f: never}), f)
                for f in ("due_at", "held_at")
            ),
        ]
        for value in values:
            assert type(value) is pendulum.DateTime
            assert value.isoformat() == "2026-03-29T02:30:00+01:00"

    def test_fixed_offsets_stay_fixed_and_the_instant_never_moves(self):
        fixed = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
        change = StatusChange(event="e", source="a", target="b", at=fixed)
        assert type(change.at) is pendulum.DateTime
        assert change.at == fixed
        assert change.at.utcoffset() == dt.timedelta(hours=-3)

    def test_moments_that_leave_years_1_to_9999_are_refused_by_name(self):
        edge = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
        with pytest.raises(ValidationError, match=r"invalid 'at': .*years 1 to 9999"):
            StatusChange(event="e", source="a", target="b", at=edge)
        with pytest.raises(ValidationError, match=r"invalid 'at': .*aware datetime"):
            StatusChange(event="e", source="a", target="b", at=dt.datetime(2026, 1, 1))

    @settings(max_examples=40)
    @given(
        st.datetimes(
            min_value=dt.datetime(2000, 1, 1),
            max_value=dt.datetime(2100, 1, 1),
            timezones=st.sampled_from(
                ["Europe/London", "America/Sao_Paulo", "Australia/Lord_Howe"]
            ).map(zoneinfo.ZoneInfo),
            allow_imaginary=True,
        )
    )
    def test_any_wall_time_comes_back_equal_through_json(self, moment):
        change = StatusChange(event="e", source="a", target="b", at=moment)
        assert change.at.timestamp() == moment.timestamp()  # the instant is kept
        back = json_round_trip(change)
        assert back == change
        assert to_dict(back) == to_dict(change)


class TestZerosAndKeys:
    def test_a_converted_zero_reads_back(self):
        deal = Opportunity(
            id="O-1",
            account_id="A",
            name="zero",
            amount=Money("0.00", "USD"),
            stage="proposal",
            close_on=pendulum.date(2026, 3, 1),
            owner="ana",
            created_on=pendulum.date(2026, 1, 1),
        ).win(at=PARIS)
        fx = ExchangeRates(base="EUR", rates={"USD": "3"}, as_of=pendulum.date(2026, 3, 1))
        result = win_rate([deal], currency="EUR", rates=fx)
        assert not result.won_amount
        assert json_round_trip(result) == result

    def test_zeros_are_written_with_an_exponent_inside_the_range(self):
        product = Money("0.00", "EUR") * Decimal("0.333333333333333333333333333333")
        assert to_dict(product)["amount"] == "0E-32"
        tiny = Money("0.00", "EUR") * Decimal("3.3E-59")  # exponent -2 - 60
        assert tiny.amount.as_tuple().exponent < -60
        assert to_dict(tiny)["amount"] == "0E-60"
        assert json_round_trip(tiny) == tiny
        assert Money(Decimal("0E-62"), "EUR").amount.as_tuple().exponent == -60

    def test_keys_that_are_not_text_are_reported_not_sorted_into_a_type_error(self):
        with pytest.raises(ValidationError, match=r"unknown key 'x', 1 at \$"):
            from_dict(Money, {1: 2, "x": 3, "amount": "1", "currency": "EUR"})
        with pytest.raises(ValidationError, match=r"missing key 'amount' at \$"):
            from_dict(Money, {1: 2, "x": 3})
