"""The refusals of accountexec.

Every input the library rejects raises a subclass of :class:`AccountExecError`. Each class is
also the builtin a caller would expect (``ValueError`` for bad values), so ``except ValueError``
keeps working. Messages are lowercase, quote the bad value with ``!r`` and say what is allowed;
the structured attributes (``.field``, ``.value``, ``.current``, ``.event``, ``.allowed``...)
carry the same facts for programs.

>>> from accountexec.errors import AccountExecError, ValidationError
>>> issubclass(ValidationError, ValueError) and issubclass(ValidationError, AccountExecError)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "AccountExecError",
    "BudgetExceededError",
    "CalendarError",
    "CurrencyMismatchError",
    "InvalidTransitionError",
    "MissingDependencyError",
    "PaymentError",
    "ScheduleError",
    "ValidationError",
]


class AccountExecError(Exception):
    """The root of every error the library raises on purpose.

    Catch it to handle every refusal of the library in one place:

    >>> from accountexec.money import Money
    >>> try:
    ...     Money("10.00", "XYZ")
    ... except AccountExecError as err:
    ...     print(type(err).__name__, err.field)
    ValidationError currency
    """


class ValidationError(AccountExecError, ValueError):
    """A value was refused: the message names the field, the value and what is allowed.

    >>> err = ValidationError("amount", 1.5, "a Decimal, int or str, never a float")
    >>> str(err)
    "invalid 'amount': 1.5; expected a Decimal, int or str, never a float"
    >>> err.field, err.value
    ('amount', 1.5)

    A ready-made message can be given instead with ``message=``.
    """

    def __init__(
        self,
        field: str,
        value: Any = None,
        allowed: str = "",
        *,
        message: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        if message is None:
            message = f"invalid {field!r}: {value!r}"
            if allowed:
                message += f"; expected {allowed}"
        super().__init__(message)


class CurrencyMismatchError(AccountExecError, ValueError):
    """Two amounts in different currencies met where one currency is required.

    >>> str(CurrencyMismatchError("EUR", "USD", "add"))
    "cannot add 'EUR' and 'USD' amounts; convert one of them with ExchangeRates first"
    """

    def __init__(
        self, expected: str, got: str, operation: str = "combine", *, message: str | None = None
    ) -> None:
        self.expected = expected
        self.got = got
        self.operation = operation
        if message is None:
            message = (
                f"cannot {operation} {expected!r} and {got!r} amounts; "
                "convert one of them with ExchangeRates first"
            )
        super().__init__(message)


class InvalidTransitionError(AccountExecError, ValueError):
    """A status change that the workflow does not allow from the current status.

    >>> allowed = frozenset({"submit", "withdraw"})
    >>> err = InvalidTransitionError("brief", "B-7", "draft", "approve", allowed)
    >>> str(err)
    "cannot 'approve' brief 'B-7' in status 'draft'; allowed events: 'submit', 'withdraw'"
    >>> err.current, err.event, sorted(err.allowed)
    ('draft', 'approve', ['submit', 'withdraw'])
    """

    def __init__(  # noqa: PLR0917 - the facts of a refusal, in the order the message reads them
        self,
        kind: str,
        entity_id: str,
        current: str,
        event: str,
        allowed: Iterable[str],
        reason: str | None = None,
    ) -> None:
        self.kind = kind
        self.entity_id = entity_id
        self.current = current
        self.event = event
        self.allowed = frozenset(allowed)
        self.reason = reason
        allowed_text = ", ".join(repr(e) for e in sorted(self.allowed)) or "none (terminal status)"
        message = f"cannot {event!r} {kind} {entity_id!r} in status {current!r}"
        if reason:
            message += f": {reason}"
        message += f"; allowed events: {allowed_text}"
        super().__init__(message)


class CalendarError(AccountExecError, ValueError):
    """A business-calendar question that cannot be answered (a date outside the holiday data).

    >>> import pendulum
    >>> from accountexec.calendars import WorkCalendar
    >>> cal = WorkCalendar(covered_years=(2026, 2027))
    >>> cal.is_business_day(pendulum.date(2028, 1, 3))
    Traceback (most recent call last):
    ...
    accountexec.errors.CalendarError: date 2028-01-03 is outside the years this calendar covers ...
    """


class MissingDependencyError(AccountExecError, ImportError):
    """An optional package a method needs is not installed; the message names the extra to install.

    The core library needs neither numpy nor pyarrow; the batch calendar methods and ``to_arrow()``
    do, through the ``arrays`` extra (``pip install "accountexec[arrays]"``). ``.package`` and
    ``.extra`` name what is missing and how to get it.

    >>> err = MissingDependencyError("pyarrow", "arrays", "Invoice.to_arrow")
    >>> print(err)
    Invoice.to_arrow needs 'pyarrow', which is not installed; install it with the 'arrays' extra: pip install "accountexec[arrays]"
    >>> err.package, err.extra
    ('pyarrow', 'arrays')
    """  # noqa: E501

    def __init__(self, package: str, extra: str, needed_by: str) -> None:
        self.package = package
        self.extra = extra
        self.needed_by = needed_by
        super().__init__(
            f"{needed_by} needs {package!r}, which is not installed; install it with the "
            f'{extra!r} extra: pip install "accountexec[{extra}]"'
        )


class ScheduleError(AccountExecError, ValueError):
    """A schedule that cannot be computed: a dependency cycle, an unknown task, a bad constraint.

    >>> from accountexec.deadlines import Schedule, Task
    >>> Schedule([Task(id="copy", duration=2, depends_on={"visuals"}),
    ...           Task(id="visuals", duration=3, depends_on={"copy"})])
    Traceback (most recent call last):
    ...
    accountexec.errors.ScheduleError: dependency cycle: 'copy' depends on 'visuals' depends on ...
    """


class BudgetExceededError(AccountExecError, ValueError):
    """A commitment or spend beyond a budget line's remaining amount under the "stop" policy.

    ``.line``, ``.amount`` and ``.remaining`` say which line refused how much.

    >>> from datetime import date
    >>> from accountexec.budgets import Budget, BudgetLine
    >>> from accountexec.money import Money
    >>> budget = Budget(id="B-1", currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31),
    ...                 lines=[BudgetLine("tv", Money("1000.00", "EUR"))])
    >>> try:
    ...     budget.commit("IO-1", "tv", Money("1500.00", "EUR"), on=date(2026, 1, 5))
    ... except BudgetExceededError as err:
    ...     print(err.line, err.amount, err.remaining)
    tv 1500.00 EUR 1000.00 EUR
    """

    def __init__(self, line: str, amount: Any, remaining: Any) -> None:
        self.line = line
        self.amount = amount
        self.remaining = remaining
        super().__init__(
            f"cannot spend {amount!r} on budget line {line!r}: only {remaining!r} remains; "
            "reallocate, approve a change order, or use the 'warn' or 'allow' overspend policy"
        )


class PaymentError(AccountExecError, ValueError):
    """A payment that cannot be applied (more than is owed, wrong currency without rates, ...).

    >>> import pendulum
    >>> from accountexec.invoices import Invoice, InvoiceLine, Payment
    >>> from accountexec.money import Money
    >>> from accountexec.payment_terms import PaymentTerms
    >>> at = pendulum.datetime(2026, 2, 2, 9, tz="Europe/Paris")
    >>> invoice = Invoice(
    ...     number="INV-7", client_id="acme", currency="EUR", issued_on=pendulum.date(2026, 2, 2),
    ...     lines=[InvoiceLine(description="Workshop", quantity=1,
    ...                        unit_price=Money("500.00", "EUR"))],
    ...     terms=PaymentTerms.net(30),
    ... ).issue(at=at)
    >>> too_much = Payment(amount=Money("600.00", "EUR"), received_on=pendulum.date(2026, 2, 9),
    ...                    reference="SEPA-9")
    >>> invoice.apply_payment(too_much, at=at.add(days=7))
    Traceback (most recent call last):
    ...
    accountexec.errors.PaymentError: payment 'SEPA-9' of Money('600.00', 'EUR') exceeds the ...
    """
