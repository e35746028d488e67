"""Dunning: which payment reminders are due today, at which level, with which fee.

A :class:`DunningPolicy` is a sequence of :class:`DunningLevel` values, each reached a delay
after the due date of an invoice's oldest overdue installment (``CalendarDays(7)``, or
``BusinessDays(5)`` on the client's calendar), with an optional fee. :func:`dunning_run` looks at
invoices as of a date and returns the :class:`Reminder` values to send: the highest level each
late invoice has reached, unless that level (or a higher one) was already sent, as the
``history`` of earlier reminders shows. With a late-payment ``regime`` and ``reference_rates``,
each reminder also states the statutory interest so far
(:func:`~accountexec.late_payment.late_payment_interest`).

>>> import pendulum
>>> from accountexec.deadlines import CalendarDays
>>> from accountexec.invoices import Invoice, InvoiceLine, PaymentTerms
>>> from accountexec.money import Money
>>> policy = DunningPolicy(levels=(
...     DunningLevel(after=CalendarDays(7), fee=None, name="first reminder"),
...     DunningLevel(after=CalendarDays(21), fee=Money("5.00", "EUR"), name="second reminder")))
>>> inv = Invoice("INV-50", "acme", "EUR", pendulum.date(2026, 3, 2),
...               [InvoiceLine("Fee", 1, Money("300.00", "EUR"))], PaymentTerms.net(14),
...               ).issue(at=pendulum.datetime(2026, 3, 2, 9))
>>> inv.installments[0].due_on
Date(2026, 3, 16)
>>> run = dunning_run([inv], policy, pendulum.date(2026, 3, 23))
>>> [(r.invoice_number, r.level, r.name, r.days_overdue) for r in run.reminders]
[('INV-50', 1, 'first reminder', 7)]
>>> dunning_run([inv], policy, pendulum.date(2026, 3, 30), history=run.reminders).reminders
()
>>> later = dunning_run([inv], policy, pendulum.date(2026, 4, 6), history=run.reminders)
>>> [(r.level, r.fee) for r in later.reminders]
[(2, Money('5.00', 'EUR'))]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from accountexec._fields import check_count, check_text, to_date, to_sequence_of
from accountexec.calendars import WorkCalendar
from accountexec.commerce.invoices import Invoice
from accountexec.commerce.late_payment import InterestRegime, ReferenceRates, late_payment_interest
from accountexec.deadlines import BusinessHours, DeadlineRule
from accountexec.errors import ValidationError
from accountexec.money import Money, money_validator

__all__ = [
    "DunningLevel",
    "DunningPolicy",
    "DunningRun",
    "Reminder",
    "dunning_run",
]


def _check_after(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, BusinessHours) or not isinstance(value, DeadlineRule):
        raise ValidationError("after", value, "a date rule such as CalendarDays(7)")


def _check_fee(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not Money or value.amount < 0 or not value.is_rounded):
        raise ValidationError("fee", value, "None or a rounded Money of at least zero")


def _to_as_of(value: object) -> pendulum.Date:
    return to_date(value, "as_of")


def _to_due_on(value: object) -> pendulum.Date:
    return to_date(value, "due_on")


@attrs.frozen(kw_only=True)
class DunningLevel:
    """A reminder level: reached ``after`` the due date, with an optional ``fee``.

    >>> from accountexec.deadlines import CalendarDays
    >>> DunningLevel(after=CalendarDays(7), fee=None, name="first reminder").name
    'first reminder'
    """

    after: DeadlineRule = attrs.field(validator=_check_after)
    fee: Money | None = attrs.field(default=None, validator=_check_fee)
    name: str = attrs.field(validator=check_text)


def _to_levels(value: Iterable[DunningLevel]) -> tuple[DunningLevel, ...]:
    levels = to_sequence_of("levels", DunningLevel, value)
    if not levels:
        raise ValidationError("levels", levels, "at least one DunningLevel")
    names = [level.name for level in levels]
    if len(set(names)) != len(names):
        raise ValidationError("levels", names, "levels with different names")
    return levels


@attrs.frozen
class DunningPolicy:
    """The reminder levels, in order; level ``k`` (from 1) is ``levels[k - 1]``.

    >>> from accountexec.deadlines import BusinessDays, CalendarDays
    >>> policy = DunningPolicy(levels=[DunningLevel(after=CalendarDays(7), name="first"),
    ...                                DunningLevel(after=BusinessDays(20), name="final",
    ...                                             fee=Money("10.00", "EUR"))])
    >>> [level.name for level in policy.levels]
    ['first', 'final']
    """

    levels: tuple[DunningLevel, ...] = attrs.field(converter=_to_levels)


@attrs.frozen(kw_only=True)
class Reminder:
    """A reminder for one invoice: the level reached, what is overdue, fee and interest so far.

    ``level`` counts from 1; ``due_on`` is the due date of the oldest overdue installment;
    ``interest`` is the statutory interest so far when the run was given a regime, else None.

    >>> import pendulum
    >>> Reminder(client_id="acme", invoice_number="INV-1", level=1, name="first reminder",
    ...          as_of=pendulum.date(2026, 3, 23), due_on=pendulum.date(2026, 3, 16),
    ...          days_overdue=7, amount_overdue=Money("300.00", "EUR")).level
    1
    """

    client_id: str = attrs.field(validator=check_text)
    invoice_number: str = attrs.field(validator=check_text)
    level: int = attrs.field()
    name: str = attrs.field(validator=check_text)
    as_of: pendulum.Date = attrs.field(converter=_to_as_of)
    due_on: pendulum.Date = attrs.field(converter=_to_due_on)
    days_overdue: int = attrs.field(validator=check_count)
    amount_overdue: Money = attrs.field(validator=money_validator(rounded=True, non_negative=True))
    fee: Money | None = attrs.field(
        default=None, validator=money_validator(rounded=True, non_negative=True, optional=True)
    )
    interest: Money | None = attrs.field(
        default=None, validator=money_validator(rounded=True, non_negative=True, optional=True)
    )

    @level.validator
    def _check_level(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError("level", value, "a level number of at least 1")


def _to_reminders(value: Iterable[Reminder]) -> tuple[Reminder, ...]:
    return to_sequence_of("reminders", Reminder, value)


@attrs.frozen(kw_only=True)
class DunningRun:
    """The reminders due as of a date, per client and invoice.

    >>> import pendulum
    >>> run = DunningRun(as_of=pendulum.date(2026, 3, 23), reminders=())
    >>> run.clients, run.for_client("acme")
    ((), ())
    """

    as_of: pendulum.Date = attrs.field(converter=_to_as_of)
    reminders: tuple[Reminder, ...] = attrs.field(converter=_to_reminders)

    @property
    def clients(self) -> tuple[str, ...]:
        """The clients with a reminder, sorted."""
        return tuple(sorted({r.client_id for r in self.reminders}))

    def for_client(self, client_id: str) -> tuple[Reminder, ...]:
        """The reminders of one client."""
        return tuple(r for r in self.reminders if r.client_id == client_id)

    def fees(self, client_id: str) -> tuple[Money, ...]:
        """The fees of one client's reminders (those that carry one)."""
        return tuple(r.fee for r in self.for_client(client_id) if r.fee is not None)


def dunning_run(
    invoices: Iterable[Invoice],
    policy: DunningPolicy,
    as_of: _dt.date,
    history: Iterable[Reminder] = (),
    *,
    calendars: Mapping[str, WorkCalendar] | None = None,
    calendar: WorkCalendar | None = None,
    regime: InterestRegime | None = None,
    reference_rates: ReferenceRates | None = None,
) -> DunningRun:
    """The reminders due on ``as_of``: for each late invoice, the highest level it has reached.

    A level is reached on ``level.after.due(due date, calendar)`` of the invoice's oldest overdue
    installment, on the client's calendar from ``calendars`` (by client id), else on
    ``calendar`` (rules in business days need one or the other). Payments, credit notes and
    write-offs count as of ``as_of``. A reminder is left out when ``history`` holds one of the
    same invoice at that level or higher, so a level is never sent twice and a run is the same
    whichever day it is repeated. With ``regime`` and
    ``reference_rates``, each reminder carries the statutory interest so far.

    >>> import pendulum
    >>> from accountexec.deadlines import CalendarDays
    >>> policy = DunningPolicy(levels=[DunningLevel(after=CalendarDays(7), name="first")])
    >>> dunning_run([], policy, pendulum.date(2026, 3, 23)).reminders
    ()
    """
    if not isinstance(policy, DunningPolicy):
        raise ValidationError("policy", policy, "a DunningPolicy")
    day = to_date(as_of, "as_of")
    sent: dict[tuple[str, str], int] = {}
    for reminder in to_sequence_of("history", Reminder, history):
        key = (reminder.client_id, reminder.invoice_number)
        sent[key] = max(sent.get(key, 0), reminder.level)
    if (regime is None) != (reference_rates is None):
        raise ValidationError(
            "reference_rates", reference_rates, "regime and reference_rates given together"
        )
    cals = dict(calendars or {})
    reminders = []
    for invoice in to_sequence_of("invoices", Invoice, invoices):
        late = [i for i in invoice.open_installments(day) if i.due_on < day]
        if not late:
            continue
        oldest = min(i.due_on for i in late)
        client_calendar = cals.get(invoice.client_id, calendar)
        reached = 0
        for k, level in enumerate(policy.levels, start=1):
            try:
                reached_on = level.after.due(oldest, client_calendar)
            except ValidationError as error:
                if error.field != "calendar":
                    raise
                raise ValidationError(
                    "calendars",
                    invoice.client_id,
                    f"a WorkCalendar for client {invoice.client_id!r} in calendars= (or a default "
                    f"calendar=): level {level.name!r} counts {level.after!r}",
                ) from None
            if reached_on <= day:
                reached = k
        if reached == 0 or sent.get((invoice.client_id, invoice.number), 0) >= reached:
            continue
        level = policy.levels[reached - 1]
        interest = None
        if regime is not None and reference_rates is not None:
            interest = late_payment_interest(invoice, day, regime, reference_rates).interest
        reminders.append(
            Reminder(
                client_id=invoice.client_id,
                invoice_number=invoice.number,
                level=reached,
                name=level.name,
                as_of=day,
                due_on=oldest,
                days_overdue=day.toordinal() - oldest.toordinal(),
                amount_overdue=Money.sum((i.amount for i in late), invoice.currency),
                fee=level.fee,
                interest=interest,
            )
        )
    reminders.sort(key=lambda r: (r.client_id, r.invoice_number))
    return DunningRun(as_of=day, reminders=reminders)
