"""Every refusal is an AccountExecError (principle 5): garbage swept through every field of every
public attrs type and through the named methods that take values from users.

A garbage value may be accepted (``None`` for an optional field, ``"x"`` for a name) or refused with
an :class:`~accountexec.errors.AccountExecError`; it must never escape as a ``TypeError``,
``AttributeError``, ``KeyError``, ``IndexError``, ``decimal.InvalidOperation``, ``OverflowError``...
Operators (``Money + 1.5``) are not swept: ``NotImplemented`` → ``TypeError`` is Python's protocol.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies._internal.types import _global_type_lookup

import accountexec
from accountexec import (
    AccountExecError,
    BillingState,
    Budget,
    BudgetLine,
    Currency,
    ExchangeRates,
    Expense,
    Invoice,
    Money,
    Payment,
    TimeAndMaterials,
    TimeEntry,
    WorkCalendar,
    aging,
    bill,
    forecast,
    from_dict,
    summarise,
)
from accountexec.deadlines import BusinessDays
from accountexec.demo import story
from accountexec.errors import CalendarError, PaymentError, ValidationError
from accountexec.reports import HealthSignal


def _public_attrs_types() -> list[type]:
    """attrs classes named in ``accountexec.__all__`` or a public module's ``__all__``, with a
    registered strategy (see tests/test_strategies.py)."""
    modules = [accountexec] + [
        importlib.import_module(f"accountexec.{m.name}")
        for m in pkgutil.iter_modules(accountexec.__path__)
        if not m.name.startswith("_")
    ]
    found: dict[str, type] = {}
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj) and obj in _global_type_lookup:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


TYPES = _public_attrs_types()
# Currency is made from its code alone (Currency("EUR")); its attrs fields are derived.
FIELD_TYPES = [t for t in TYPES if t is not Currency]

GARBAGE: tuple[object, ...] = (
    None,
    1.5,
    True,
    "",
    "x",
    object(),
    (),
    -1,
    10**30,
    Decimal("NaN"),
    Decimal("1E+999999"),
    float("inf"),
    dt.datetime(2026, 1, 1, 12),  # naive
    Money("1", "JPY"),
    [None],
    [[]],  # unhashable inside a collection
    {},
    b"x",
)


def _outcome(call: Callable[[], object]) -> BaseException | None:
    """The exception ``call`` raised that is not an AccountExecError, else None."""
    try:
        call()
    except AccountExecError:
        return None
    except Exception as err:  # any other exception is the finding
        return err
    return None


def _escapes(call: Callable[[], object], label: str) -> list[str]:
    err = _outcome(call)
    return [] if err is None else [f"{label}: {type(err).__name__}: {err}"[:200]]


class TestEveryFieldRefusesGarbageWithAnAccountExecError:
    def test_the_sweep_covers_the_public_types(self):
        assert len(FIELD_TYPES) > 80
        assert {TimeAndMaterials, Invoice, Budget, Money}.issubset(TYPES)

    @pytest.mark.parametrize("cls", FIELD_TYPES, ids=lambda t: t.__qualname__)
    @settings(max_examples=3)
    @given(data=st.data())
    def test_evolving_any_field_to_garbage_succeeds_or_raises_an_account_exec_error(
        self, cls: type, data: st.DataObject
    ):
        instance = data.draw(st.from_type(cls))
        escaped: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            for garbage in GARBAGE:
                escaped += _escapes(
                    lambda f=field, g=garbage: attrs.evolve(instance, **{f.alias: g}),
                    f"{cls.__qualname__}.{field.name}={garbage!r}",
                )
        assert escaped == []

    @pytest.mark.parametrize("garbage", GARBAGE, ids=[type(g).__name__ for g in GARBAGE])
    def test_a_currency_from_garbage_is_refused(self, garbage: object):
        with pytest.raises(AccountExecError):
            Currency(garbage)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ named methods

S = story()
EUR = "EUR"
DAY = pendulum.date(2026, 4, 15)
AT = pendulum.datetime(2026, 4, 15, 9, tz="Europe/Berlin")
BUDGET = Budget(
    id="B-1",
    currency=EUR,
    start=pendulum.date(2026, 1, 1),
    end=pendulum.date(2026, 12, 31),
    lines=[BudgetLine("tv", Money("9000.00", EUR)), BudgetLine("web", Money("1000.00", EUR))],
).commit("IO-1", "tv", Money("100.00", EUR), on=DAY)
TM = TimeAndMaterials(hourly_rates={"designer": Money("95.00", EUR)})
ENTRY = TimeEntry("ana", "designer", pendulum.date(2026, 3, 2), 8)
EXPENSE = Expense(description="print", amount=Money("10.00", EUR), on=pendulum.date(2026, 3, 2))
ISSUED = next(i for i in S.invoices if i.status.value == "issued")
RATES = ExchangeRates(base=EUR, rates={"USD": "1.1"}, as_of=DAY)


def _calls() -> dict[str, tuple[Callable[..., object], tuple[Any, ...], dict[str, Any]]]:
    """A valid call of each named method: (function, args, kwargs)."""
    ten = Money("10.00", EUR)
    calls: dict[str, tuple[Callable[..., object], tuple[Any, ...], dict[str, Any]]] = {
        "Money.allocate": (ten.allocate, ([1, 2],), {}),
        "Money.split": (ten.split, (3,), {}),
        "Money.round": (Money("1.005", EUR).round, ("half_up",), {}),
        "Money.format": (ten.format, ("en_US",), {}),
        "Money.parse": (Money.parse, ("€10.00", EUR, "en_US"), {}),
        "WorkCalendar.add_business_days": (S.calendar.add_business_days, (DAY, 3), {}),
        "WorkCalendar.roll": (S.calendar.roll, (DAY, "following"), {}),
        "BusinessDays.due": (BusinessDays(3).due, (DAY, S.calendar), {}),
        "Invoice.apply_payment": (
            ISSUED.apply_payment,
            (Payment(amount=Money("1.00", EUR), received_on=DAY, reference="P-1"),),
            {"at": AT},
        ),
        "Invoice.credit_note": (ISSUED.credit_note, ("CN-1",), {"issued_on": DAY}),
        "Budget.commit": (BUDGET.commit, ("IO-2", "tv", ten), {"on": DAY}),
        "Budget.spend": (BUDGET.spend, ("E-1", "tv", ten), {"on": DAY}),
        "Budget.reallocate": (BUDGET.reallocate, ("tv", "web", ten), {"on": DAY}),
        "Opportunity.move_to": (
            S.opportunities[0].move_to,
            ("negotiation",),
            {"at": AT.add(years=1)},
        ),
        "TimeAndMaterials.charge": (TM.charge, ([ENTRY], [EXPENSE]), {}),
        "forecast": (forecast, (S.opportunities,), {"as_of": DAY, "currency": EUR}),
        "aging": (aging, (S.invoices,), {"as_of": DAY}),
        "bill": (
            bill,
            (S.contract, pendulum.date(2026, 1, 1), pendulum.date(2026, 1, 31)),
            {"state": BillingState.opening(S.contract)},
        ),
        "summarise": (summarise, (S.opportunities,), {"as_of": DAY}),
        "from_dict": (from_dict, (Money, {"amount": "1.00", "currency": EUR}), {}),
    }
    calls["ExchangeRates.convert"] = (RATES.convert, (ten, "USD"), {})
    return calls


CALLS = _calls()


class TestNamedMethodsRefuseGarbageWithAnAccountExecError:
    @pytest.mark.parametrize("name", sorted(CALLS))
    def test_the_valid_call_succeeds(self, name: str):
        fn, args, kwargs = CALLS[name]
        assert fn(*args, **kwargs) is not None

    @pytest.mark.parametrize("name", sorted(CALLS))
    def test_each_argument_replaced_by_garbage_is_refused_cleanly(self, name: str):
        fn, args, kwargs = CALLS[name]
        escaped: list[str] = []
        for garbage in GARBAGE:
            for i in range(len(args)):
                spoilt = (*args[:i], garbage, *args[i + 1 :])
                escaped += _escapes(
                    lambda a=spoilt: fn(*a, **kwargs), f"{name} arg {i}={garbage!r}"
                )
                if isinstance(args[i], list | tuple) and args[i]:  # garbage inside a collection
                    inner = (*args[:i], [garbage], *args[i + 1 :])
                    escaped += _escapes(
                        lambda a=inner: fn(*a, **kwargs), f"{name} arg {i}=[{garbage!r}]"
                    )
            for key in kwargs:
                spoilt_kw = {**kwargs, key: garbage}
                escaped += _escapes(lambda k=spoilt_kw: fn(*args, **k), f"{name} {key}={garbage!r}")
        assert escaped == []


# ------------------------------------------------------------------- messages name the field

_CONTRACT = S.contract
_OPPORTUNITY = S.opportunities[0]


def _evolve(instance: Any, **changes: Any) -> Callable[[], object]:
    return lambda: attrs.evolve(instance, **changes)


# (what is refused, the call, the field its message must name, the bad value's repr)
REFUSALS: list[tuple[str, Callable[[], object], str, str]] = [
    ("history None", _evolve(S.account, history=None), "history", "None"),
    ("team assistants 1", _evolve(S.account.team, assistants=1), "assistants", "1"),
    ("brief objectives", _evolve(S.brief, objectives=1.5), "objectives", "1.5"),
    ("brief deliverables", _evolve(S.brief, deliverables=None), "deliverables", "None"),
    ("brief approvers", _evolve(S.brief, approvers=[[]]), "approvers", "[]"),
    ("budget lines", _evolve(BUDGET, lines=7), "lines", "7"),
    ("budget commitments", _evolve(BUDGET, commitments=None), "commitments", "None"),
    ("campaign kpis", _evolve(S.campaign, kpis=object()), "kpis", "object"),
    ("contract renewal", _evolve(_CONTRACT, renewal=None), "renewal", "None"),
    ("contract term", _evolve(_CONTRACT, term_months=10**6, end=None), "term_months", "1000000"),
    ("forecast group_by", _evolve(S.forecast, group_by=None), "group_by", "None"),
    ("rate pair", lambda: TimeAndMaterials(hourly_rates=[()]), "hourly_rates", "()"),
    ("entry hours", lambda: attrs.evolve(ENTRY, hours=Decimal("1E+99")), "hours", "1E+99"),
    ("split", lambda: Money("1.00", EUR).split(10**30), "n", "1000000000000000000000000000000"),
    ("allocate", lambda: Money("1.00", EUR).allocate(3), "ratios", "3"),  # type: ignore[arg-type]
    ("format locale", lambda: Money("1.00", EUR).format([]), "locale", "[]"),  # type: ignore[arg-type]
    ("roll", lambda: S.calendar.roll(DAY, [None]), "convention", "[None]"),  # type: ignore[arg-type]
    ("charge entries", lambda: TM.charge(None), "entries", "None"),  # type: ignore[arg-type]
    ("charge expenses", lambda: TM.charge((), 5), "expenses", "5"),  # type: ignore[arg-type]
    ("bill contract", lambda: bill(None, DAY, DAY, state=None), "contract", "None"),  # type: ignore[arg-type]
    ("summarise", lambda: summarise(None), "opportunities", "None"),  # type: ignore[arg-type]
    ("forecast", lambda: forecast(1, as_of=DAY, currency=EUR), "opportunities", "1"),  # type: ignore[arg-type]
    (
        "move_to at",
        lambda: _OPPORTUNITY.move_to("negotiation", at=dt.datetime(2027, 1, 1)),
        "at",
        "datetime",
    ),
]


class TestRefusalsNameTheFieldAndTheValue:
    @pytest.mark.parametrize(
        ("call", "field", "value"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
    )
    def test_the_message_names_the_field_and_quotes_the_value(
        self, call: Callable[[], object], field: str, value: str
    ):
        with pytest.raises(AccountExecError) as caught:
            call()
        message = str(caught.value)
        assert f"'{field}'" in message
        assert value in message
        assert "expected" in message

    def test_a_refused_charge_leaves_the_arrangement_as_it_was(self):
        before = attrs.asdict(TM, recurse=False)
        with pytest.raises(AccountExecError):
            TM.charge([ENTRY, "not an entry"])  # type: ignore[list-item]
        assert attrs.asdict(TM, recurse=False) == before

    def test_refusals_do_not_depend_on_the_callers_decimal_context(
        self, hostile_decimal_context: None
    ):
        with pytest.raises(AccountExecError, match="'hours'"):
            attrs.evolve(ENTRY, hours=Decimal("123456789012"))
        with pytest.raises(AccountExecError, match="'ratios'"):
            Money("1.00", EUR).allocate(Decimal("NaN"))  # type: ignore[arg-type]


# ---------------------------------------------------------------- edges that used to escape


class TestCalendarsAtTheEdgesOfTime:
    def test_business_hours_past_year_9999_are_a_calendar_error(self):
        cal = WorkCalendar(timezone="Pacific/Kiritimati")
        with pytest.raises(CalendarError, match=r"1 working hours after 9999-12-31T20:00:00"):
            cal.add_business_hours(pendulum.datetime(9999, 12, 31, 20, tz="UTC"), 1)

    @pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Etc/GMT+12", "Etc/GMT-14"])
    def test_every_calendar_method_near_years_1_and_9999_answers_or_refuses(self, zone):
        cal = WorkCalendar(timezone=zone)
        days = [dt.date(1, 1, 1) + dt.timedelta(days=i) for i in range(4)]
        days += [dt.date(9999, 12, 31) - dt.timedelta(days=i) for i in range(4)]
        for day in days:
            calls: list[tuple[Callable[..., object], tuple[object, ...]]] = [
                (cal.is_business_day, (day,)),
                (cal.add_business_days, (day, 3)),
                (cal.add_business_days, (day, -3)),
                (cal.roll, (day, "modified_preceding")),
                (cal.start_of_business_day, (day,)),
                (cal.end_of_business_day, (day,)),
                (cal.business_days_between, (day, dt.date(2000, 1, 1))),
            ]
            for hour in (0, 23):
                at = dt.datetime(day.year, day.month, day.day, hour, tzinfo=pendulum.timezone(zone))
                calls += [(cal.add_business_hours, (at, 1)), (cal.add_business_hours, (at, 30))]
            for method, args in calls:
                with contextlib.suppress(AccountExecError):
                    method(*args)

    @pytest.mark.parametrize(
        "hours",
        [Decimal("1E+999999999"), 10**400, dt.timedelta(days=999_999_999), 100_000_001],
    )
    def test_absurd_numbers_of_hours_are_refused_before_they_are_built(self, hours):
        at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        with pytest.raises(ValidationError, match=r"invalid 'hours': .*at most 100000000 hours"):
            WorkCalendar().add_business_hours(at, hours)

    def test_vanishingly_small_hours_add_nothing(self):
        at = pendulum.datetime(2026, 3, 2, 10, tz="UTC")
        assert WorkCalendar().add_business_hours(at, Decimal("1E-999999999")) == at


class TestResultTypesValidateLikeInputs:
    def test_a_health_signal_refuses_infinity(self):
        good = {
            "name": "overdue_invoices",
            "value": 1,
            "threshold": 0,
            "bound": "at_most",
            "weight": 3,
            "status": "alert",
            "detail": "d",
        }
        assert HealthSignal(**good).status.value == "alert"
        for field, bad in (
            ("value", Decimal("Infinity")),
            ("threshold", Decimal("NaN")),
            ("value", True),
            ("bound", "about"),
            ("weight", -1),
            ("status", "fine"),
            ("name", "mood"),
        ):
            with pytest.raises(ValidationError, match=f"invalid '{field}'"):
                HealthSignal(**{**good, field: bad})


class TestPaymentsThatBringNothing:
    def test_a_foreign_payment_converting_to_zero_is_refused(self):
        invoice = Invoice(
            number="INV-1",
            client_id="acme",
            currency="EUR",
            issued_on=pendulum.date(2026, 3, 2),
            lines=[accountexec.InvoiceLine("x", 1, Money("10.00", "EUR"))],
            terms=accountexec.PaymentTerms.net(30),
        ).issue(at=pendulum.datetime(2026, 3, 2, 9, tz="UTC"))
        fx = ExchangeRates(base="EUR", rates={"USD": "3"}, as_of=pendulum.date(2026, 3, 2))
        cent = Payment(Money("0.01", "USD"), pendulum.date(2026, 3, 5), "wire")
        with pytest.raises(PaymentError, match=r"converts to Money\('0.00', 'EUR'\)"):
            invoice.apply_payment(cent, at=pendulum.datetime(2026, 3, 5, tz="UTC"), rates=fx)
        two_cents = Payment(Money("0.02", "USD"), pendulum.date(2026, 3, 5), "wire")
        paid = invoice.apply_payment(
            two_cents, at=pendulum.datetime(2026, 3, 5, tz="UTC"), rates=fx
        )
        assert paid.status.value == "partially_paid"
        assert paid.payments[-1].received == Money("0.01", "EUR")
