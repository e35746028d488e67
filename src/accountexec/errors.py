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
    "PaymentError",
    "ScheduleError",
    "ValidationError",
]


class AccountExecError(Exception):
    """The root of every error the library raises on purpose."""


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
    """A business-calendar question that cannot be answered (a date outside the holiday data)."""


class ScheduleError(AccountExecError, ValueError):
    """A schedule that cannot be computed: a dependency cycle, an unknown task, a bad constraint."""


class BudgetExceededError(AccountExecError, ValueError):
    """A commitment or spend beyond a budget line's remaining amount under the "stop" policy."""

    def __init__(self, line: str, amount: Any, remaining: Any) -> None:
        self.line = line
        self.amount = amount
        self.remaining = remaining
        super().__init__(
            f"cannot spend {amount!r} on budget line {line!r}: only {remaining!r} remains; "
            "reallocate, approve a change order, or use the 'warn' or 'allow' overspend policy"
        )


class PaymentError(AccountExecError, ValueError):
    """A payment that cannot be applied (more than is owed, wrong currency without rates, ...)."""
