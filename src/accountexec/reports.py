"""Client reports and account health: the domain's figures for one account, as data, then as text.

:meth:`ClientReport.build` gathers, as of a date, what an account executive reports to a client:
campaign status and the deliverables due, budget burn (planned, committed, actual, theoretical
spend and variance), open invoices and their aging, contract renewals coming up, the account's
pipeline and forecast, and recent and next activities. Every figure comes from the domain modules
(``Budget.theoretical_spend``, ``receivables.aging``, ``pipeline.forecast``,
``contracts.renewals_due`` ...); this module only selects and arranges. The report is data first
(frozen values you can test or serialise), then rendered with :meth:`ClientReport.to_text`,
:meth:`~ClientReport.to_markdown` or :meth:`~ClientReport.to_html`, with money, numbers,
percentages and dates written by babel in the client's locale unless another is given.

:meth:`AccountHealth.assess` turns a report into a transparent score: named
:class:`HealthSignal` s, each with its value, threshold, weight and status, and
:meth:`AccountHealth.explain` says how the score was reached.

>>> import pendulum
>>> from accountexec.accounts import Account, AccountTeam, Client
>>> client = Client(id="CL-1", legal_name="Fjord Coffee", locale="de_DE", currency="EUR",
...                 timezone="Europe/Berlin")
>>> account = Account(id="ACC-1", client=client, team=AccountTeam(executive="Ana Lima"))
>>> report = ClientReport.build(account, as_of=pendulum.date(2026, 4, 15))
>>> print(report.to_text(locale="en_US").splitlines()[0])
Client report: Fjord Coffee
>>> health = AccountHealth.assess(report)
>>> health.rating, str(health.score)
(<HealthRating.WATCH: 'watch'>, '62.5%')
>>> print(health.explain()[0])
days since contact: never (at most 14) -> alert, weight 3
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs
import pendulum

from accountexec._fields import (
    ReadOnlyMapping,
    check_count,
    instance_of,
    to_date,
    to_enum,
    to_sequence_of,
)
from accountexec._views import (
    VEGA_LITE_MIME,
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    funnel_spec,
)
from accountexec._views import locale as _check_locale
from accountexec.calendars import WorkCalendar
from accountexec.clients.accounts import Account
from accountexec.clients.activities import Activity, ActivityLog
from accountexec.clients.budgets import Budget
from accountexec.clients.campaigns import Campaign, CampaignStatus, DeliverableStatus
from accountexec.clients.cases import SlaStatus
from accountexec.commerce.contracts import Contract, renewals_due
from accountexec.commerce.invoices import Invoice
from accountexec.commerce.ledger import ClientLedger
from accountexec.commerce.receivables import AgingReport, aging, days_overdue
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, ExchangeRates, Money, Rate
from accountexec.pipeline.analytics import coverage
from accountexec.pipeline.forecasting import Forecast, forecast, in_stage_order
from accountexec.pipeline.opportunities import Opportunity
from accountexec.rendering import Bullets, Document, Section, Table, render

__all__ = [
    "DEFAULT_WEIGHTS",
    "VEGA_LITE_MIME",
    "AccountHealth",
    "ActivitySummary",
    "BudgetFigures",
    "CampaignFigures",
    "ClientReport",
    "DeliverableDue",
    "HealthRating",
    "HealthSignal",
    "HealthThresholds",
    "InvoiceFigures",
    "RenewalDue",
    "SignalStatus",
    "pipeline_funnel",
]


_BASIS_POINT: Final = Decimal("0.0001")


def _days(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, value, "a whole number of days, zero or more")
    return value


# ------------------------------------------------------------------------------------ sections


@attrs.frozen(kw_only=True)
class DeliverableDue:
    """A deliverable of a campaign with its due date; ``is_late`` when open and due before as_of.

    >>> from accountexec.demo import story
    >>> posters = story().report.campaigns[0].deliverables[0]
    >>> posters.name, posters.due_on, posters.is_late
    ('posters', Date(2026, 3, 31), True)
    """

    campaign_id: str
    name: str
    owner: str
    due_on: pendulum.Date
    status: DeliverableStatus
    is_late: bool


@attrs.frozen(kw_only=True)
class CampaignFigures:
    """A campaign's status, flight and the deliverables late or due within the horizon.

    >>> from accountexec.demo import story
    >>> (launch,) = story().report.campaigns
    >>> launch.name, launch.status, [d.name for d in launch.late]
    ('Cold brew launch', <CampaignStatus.LIVE: 'live'>, ['posters'])
    """

    id: str
    name: str
    status: CampaignStatus
    flight_start: pendulum.Date
    flight_end: pendulum.Date
    deliverables: tuple[DeliverableDue, ...]

    @property
    def late(self) -> tuple[DeliverableDue, ...]:
        """The deliverables that are late."""
        return tuple(d for d in self.deliverables if d.is_late)


@attrs.frozen(kw_only=True)
class BudgetFigures:
    """A budget's burn as of the report date (all amounts in the budget's currency).

    ``committed``, ``actual`` and ``remaining`` are the budget's records; ``theoretical`` and
    ``variance`` are :meth:`Budget.theoretical_spend` and :meth:`Budget.variance` as of the report
    date (spend ahead of plan is positive). ``variance_rate`` is the variance over the planned
    amount, ``utilisation`` actual over planned (both ``None`` when nothing is planned).

    >>> from accountexec.demo import story
    >>> (burn,) = story().report.budgets
    >>> burn.planned, burn.actual, burn.theoretical
    (Money('120000.00', 'EUR'), Money('33500.00', 'EUR'), Money('29508.20', 'EUR'))
    >>> burn.variance, str(burn.variance_rate)
    (Money('3991.80', 'EUR'), '3.33%')
    """

    id: str
    planned: Money
    committed: Money
    actual: Money
    remaining: Money
    theoretical: Money
    variance: Money
    utilisation: Rate | None
    variance_rate: Rate | None

    @classmethod
    def of(cls, budget: Budget, *, as_of: pendulum.Date) -> BudgetFigures:
        """The figures of ``budget`` as of ``as_of``."""
        planned = budget.planned
        variance = budget.variance(as_of=as_of)
        has_plan = planned.amount > 0
        return cls(
            id=budget.id,
            planned=planned,
            committed=budget.committed,
            actual=budget.actual,
            remaining=budget.remaining,
            theoretical=budget.theoretical_spend(as_of=as_of),
            variance=variance,
            utilisation=budget.utilisation if has_plan else None,
            variance_rate=(
                Rate(variance.ratio_to(planned).quantize(_BASIS_POINT, context=DECIMAL_CONTEXT))
                if has_plan
                else None
            ),
        )


@attrs.frozen(kw_only=True)
class InvoiceFigures:
    """An open invoice: its total, what is still owed, the next due date and days overdue.

    >>> from accountexec.demo import story
    >>> [(i.number, i.balance, i.days_overdue, i.is_overdue) for i in story().report.invoices]
    [('INV-000002', Money('9520.00', 'EUR'), 16, True),
     ('INV-000003', Money('33320.00', 'EUR'), 0, False)]
    """

    number: str
    issued_on: pendulum.Date
    total: Money
    balance: Money
    next_due_on: pendulum.Date | None
    days_overdue: int

    @property
    def is_overdue(self) -> bool:
        """Whether an installment is past due and unpaid."""
        return self.days_overdue > 0


@attrs.frozen(kw_only=True)
class RenewalDue:
    """A renewing contract whose last day to give notice falls within the report's window.

    >>> import pendulum
    >>> from accountexec.demo import story
    >>> s = story()
    >>> report = ClientReport.build(s.account, as_of=pendulum.date(2026, 9, 1),
    ...                             contracts=[s.contract])
    >>> (due,) = report.renewals
    >>> due.contract_id, due.notice_deadline, due.days_to_notice, due.renews
    ('CT-1', Date(2026, 10, 13), 42, 'automatic')
    """

    contract_id: str
    title: str
    value: Money
    end: pendulum.Date
    notice_deadline: pendulum.Date
    days_to_notice: int
    renews: str


@attrs.frozen(kw_only=True)
class ActivitySummary:
    """Contact with the client and what is planned: recent, overdue and next activities.

    ``days_since_contact`` counts calendar days in the client's time zone from the last contact
    (a done meeting, call or email, as ``ActivityLog.last_contact`` finds it) to the report date;
    ``None`` when the client was never contacted.

    >>> from accountexec.demo import story
    >>> activity = story().report.activity
    >>> activity.days_since_contact, [a.subject for a in activity.overdue]
    (6, ['Chase payment of the February invoice'])
    >>> [a.subject for a in activity.upcoming]
    ['Quarterly business review']
    """

    last_contact: _dt.datetime | None
    days_since_contact: int | None
    recent: tuple[Activity, ...]
    overdue: tuple[Activity, ...]
    upcoming: tuple[Activity, ...]


def _of_client(items: Iterable[Any], kind: type, client_id: str, field: str) -> tuple[Any, ...]:
    found = []
    for item in items:
        if not isinstance(item, kind):
            raise ValidationError(field, item, f"{kind.__name__} values")
        if getattr(item, "client_id", None) == client_id:
            found.append(item)
    return tuple(found)


def _campaign_figures(
    campaign: Campaign, as_of: pendulum.Date, horizon: pendulum.Date, calendar: WorkCalendar
) -> CampaignFigures:
    due = campaign.due_dates(calendar)
    rows = []
    for deliverable in campaign.deliverables:
        day = due.get(deliverable.name)
        if day is None or not deliverable.is_open or day > horizon:
            continue
        rows.append(
            DeliverableDue(
                campaign_id=campaign.id,
                name=deliverable.name,
                owner=deliverable.owner,
                due_on=day,
                status=deliverable.status,
                is_late=day < as_of,
            )
        )
    rows.sort(key=lambda d: (d.due_on, d.name))
    return CampaignFigures(
        id=campaign.id,
        name=campaign.name,
        status=campaign.status,
        flight_start=campaign.flight_start,
        flight_end=campaign.flight_end,
        deliverables=tuple(rows),
    )


def _invoice_figures(invoice: Invoice, as_of: pendulum.Date) -> InvoiceFigures:
    open_items = invoice.open_installments(as_of)
    return InvoiceFigures(
        number=invoice.number,
        issued_on=invoice.issued_on,
        total=invoice.total,
        balance=invoice.balance_as_of(as_of),
        next_due_on=min((i.due_on for i in open_items), default=None),
        days_overdue=days_overdue(invoice, as_of=as_of),
    )


def _activity_summary(
    log: ActivityLog, as_of: pendulum.Date, timezone: str, recent_days: int, horizon_days: int
) -> ActivitySummary:
    start = pendulum.datetime(as_of.year, as_of.month, as_of.day, tz=timezone)
    end = start.add(days=1)
    window = start.subtract(days=recent_days)
    last = log.last_contact(as_of=end)
    days = log.days_since_contact(as_of=as_of, timezone=timezone)
    recent = sorted(
        (a for a in log if a.done_at is not None and window <= a.done_at < end),
        key=lambda a: (a.done_at, a.id),
        reverse=True,
    )
    horizon = end.add(days=horizon_days)
    upcoming = [
        a
        for a in log.next_actions(as_of=start, limit=len(log))
        if a.due_at is not None and a.due_at < horizon
    ]
    return ActivitySummary(
        last_contact=last,
        days_since_contact=days,
        recent=tuple(recent),
        overdue=log.overdue(as_of=start),
        upcoming=tuple(upcoming),
    )


# -------------------------------------------------------------------------------------- report


@attrs.frozen(kw_only=True)
class ClientReport:
    """What an account executive reports to a client as of a date: data first, then rendering.

    Build it with :meth:`build`; render with :meth:`to_text`, :meth:`to_markdown` or
    :meth:`to_html` (a notebook shows the HTML). Amounts stay in their own currencies: nothing
    is converted except the pipeline forecast, read out in the client's currency.

    >>> import pendulum
    >>> from accountexec.demo import story
    >>> s = story()
    >>> report = ClientReport.build(s.account, as_of=pendulum.date(2026, 4, 15),
    ...                             invoices=s.invoices, budgets=[s.campaign.budget])
    >>> dict(report.outstanding())
    {'EUR': Money('42840.00', 'EUR')}
    >>> [i.number for i in report.overdue_invoices]
    ['INV-000002']
    >>> print(report.to_markdown(locale="en_US").splitlines()[0])
    # Client report: Fjord Coffee Roasters GmbH
    """

    account: Account
    as_of: pendulum.Date
    campaigns: tuple[CampaignFigures, ...]
    budgets: tuple[BudgetFigures, ...]
    invoices: tuple[InvoiceFigures, ...]
    aging: AgingReport
    renewals: tuple[RenewalDue, ...]
    opportunities: tuple[Opportunity, ...]
    forecast: Forecast | None
    activity: ActivitySummary

    @classmethod
    def build(
        cls,
        account: Account,
        *,
        as_of: _dt.date,
        campaigns: Iterable[Campaign] = (),
        budgets: Iterable[Budget] = (),
        invoices: Iterable[Invoice] = (),
        contracts: Iterable[Contract] = (),
        opportunities: Iterable[Opportunity] = (),
        activities: ActivityLog | Iterable[Activity] | None = None,
        ledgers: Iterable[ClientLedger] = (),
        calendar: WorkCalendar | None = None,
        rates: ExchangeRates | None = None,
        horizon_days: int = 30,
        recent_days: int = 30,
        renewal_days: int = 90,
    ) -> ClientReport:
        """Gather the report of ``account`` as of ``as_of`` (a date; no clock is read).

        - ``campaigns``, ``invoices`` and ``contracts`` of other clients, and ``opportunities`` of
          other accounts (``account_id`` neither the account's nor the client's id), are left
          out, so the agency's whole lists can be passed. ``budgets`` are all reported.
        - Deliverables are listed when open and due by ``as_of + horizon_days`` (late ones too),
          placed on ``calendar`` (default: Monday to Friday in the client's time zone).
        - Invoices: the ones open as of the date (payments, credit notes and write-offs dated
          later do not count), with the aging of the client's invoices as of the date
          (:func:`accountexec.receivables.aging`), unapplied credit in its own column. A
          ``ledgers`` entry of the client (:class:`~accountexec.ledger.ClientLedger`) adds its
          invoices and its unapplied credit (payments on account, credit applied or refunded).
        - Renewals: :func:`accountexec.contracts.renewals_due` within ``renewal_days``.
        - Pipeline: the account's open deals created by ``as_of``, and the forecast by month in
          the client's currency (``rates`` for deals in other currencies).
        - Activities (default: the account's log): the last contact, what was done in the last
          ``recent_days``, what is overdue, and what is due in the next ``horizon_days``.
        """
        if not isinstance(account, Account):
            raise ValidationError("account", account, "an Account")
        day = to_date(as_of, "as_of")
        horizon = day.add(days=_days("horizon_days", horizon_days))
        client = account.client
        cal = calendar if calendar is not None else WorkCalendar(timezone=client.timezone)
        if not isinstance(cal, WorkCalendar):
            raise ValidationError("calendar", calendar, "a WorkCalendar or None")
        own_campaigns = _of_client(campaigns, Campaign, client.id, "campaigns")
        own_invoices = _of_client(invoices, Invoice, client.id, "invoices")
        own_ledgers = _of_client(ledgers, ClientLedger, client.id, "ledgers")
        held: dict[str, Money] | None = None
        for ledger in own_ledgers:
            known = {i.number for i in own_invoices}
            own_invoices += tuple(i for i in ledger.invoices if i.number not in known)
        if own_ledgers:
            unapplied = [ledger.unapplied_credit(day) for ledger in own_ledgers]
            if len({m.currency for m in unapplied}) == 1:
                held = {client.id: -Money.sum(unapplied, unapplied[0].currency)}
        own_contracts = _of_client(contracts, Contract, client.id, "contracts")
        budget_list = tuple(budgets)
        for budget in budget_list:
            if not isinstance(budget, Budget):
                raise ValidationError("budgets", budget, "Budget values")
        deals = []
        for opp in opportunities:
            if not isinstance(opp, Opportunity):
                raise ValidationError("opportunities", opp, "Opportunity values")
            if opp.account_id in (account.id, client.id) and opp.created_on <= day:
                deals.append(opp)
        if activities is None:
            log = account.activities
        elif isinstance(activities, ActivityLog):
            log = activities
        else:
            log = ActivityLog(activities)
        renewals = []
        for contract in renewals_due(
            own_contracts, as_of=day, within_days=_days("renewal_days", renewal_days), calendar=cal
        ):
            deadline = contract.notice_deadline(cal)
            if deadline is None or contract.end is None:  # pragma: no cover - renewals_due checks
                continue
            renewals.append(
                RenewalDue(
                    contract_id=contract.id,
                    title=contract.title,
                    value=contract.value,
                    end=contract.end,
                    notice_deadline=deadline,
                    days_to_notice=deadline.toordinal() - day.toordinal(),
                    renews=contract.renewal.kind.value,
                )
            )
        return cls(
            account=account,
            as_of=day,
            campaigns=tuple(_campaign_figures(c, day, horizon, cal) for c in own_campaigns),
            budgets=tuple(BudgetFigures.of(b, as_of=day) for b in budget_list),
            invoices=tuple(
                _invoice_figures(i, day) for i in own_invoices if i.open_installments(day)
            ),
            aging=aging(own_invoices, as_of=day, unapplied_credit=held),
            renewals=tuple(renewals),
            opportunities=tuple(d for d in deals if d.is_open),
            forecast=(
                forecast(deals, as_of=day, group_by="month", currency=client.currency, rates=rates)
                if deals
                else None
            ),
            activity=_activity_summary(
                log, day, client.timezone, _days("recent_days", recent_days), horizon_days
            ),
        )

    @property
    def late_deliverables(self) -> tuple[DeliverableDue, ...]:
        """Every late deliverable of every campaign."""
        return tuple(d for c in self.campaigns for d in c.late)

    @property
    def overdue_invoices(self) -> tuple[InvoiceFigures, ...]:
        """The open invoices with an installment past due."""
        return tuple(i for i in self.invoices if i.is_overdue)

    def outstanding(self) -> Mapping[str, Money]:
        """What the client owes, per currency code (from the aging report), net of credit.

        Unapplied credit (an overpayment, a payment on account) counts negative: a client whose
        only figure is a 100.00 USD overpayment has ``{'USD': Money('-100.00', 'USD')}``.
        """
        return MappingProxyType({cur.code: self.aging.net(cur) for cur in self.aging.currencies})

    def unapplied_credit(self) -> Mapping[str, Money]:
        """The client's unapplied credit per currency code, negative (only where there is some)."""
        return MappingProxyType(
            {
                cur.code: self.aging.unapplied(cur)
                for cur in self.aging.currencies
                if self.aging.unapplied(cur)
            }
        )

    # -- rendering -------------------------------------------------------------------------------

    def document(self, locale: str | None = None) -> Document:
        """The report as a :class:`~accountexec.rendering.Document` with figures for ``locale``."""
        return _report_document(self, self._locale(locale))

    def _locale(self, locale: str | None) -> str:
        name = self.account.client.locale if locale is None else locale
        _check_locale(name)
        return name

    def to_text(self, locale: str | None = None) -> str:
        """The report as plain text (default locale: the client's)."""
        return render(self.document(locale), "text")

    def to_markdown(self, locale: str | None = None) -> str:
        """The report as Markdown, with tables (default locale: the client's)."""
        return render(self.document(locale), "markdown")

    def to_html(self, locale: str | None = None, *, standalone: bool = False) -> str:
        """The report as HTML, escaped; a whole page with ``standalone`` (default: an article)."""
        return render(self.document(locale), "html", standalone=standalone)

    def _repr_html_(self) -> str:
        return self.to_html()


# ---------------------------------------------------------------------------- report rendering


def _report_document(report: ClientReport, loc: str) -> Document:  # noqa: PLR0915
    def money(m: Money) -> str:
        return format_money(m, loc)

    def day(d: _dt.date | None) -> str:
        return "" if d is None else format_date(d, loc)

    def pct(r: Rate | None) -> str:
        return "" if r is None else format_percent(r, loc, digits=1)

    account = report.account
    client = account.client
    team = account.team
    sections = []
    people = [f"account executive {team.executive}"]
    if team.assistants:
        people.append("assistants " + ", ".join(team.assistants))
    if team.supervisor:
        people.append(f"supervisor {team.supervisor}")
    if team.director:
        people.append(f"director {team.director}")
    sections.append(
        Section(
            "Account",
            [
                (
                    f"{client.legal_name} ({client.id}), account {account.id}, status "
                    f"{account.status.value}; amounts in {client.currency.code}, "
                    f"locale {client.locale}."
                ),
                "Team: " + "; ".join(people) + ".",
            ],
        )
    )

    blocks: list[Any] = []
    if not report.campaigns:
        blocks.append("No campaigns.")
    else:
        blocks.append(
            Table(
                ["campaign", "status", "flight", "late", "due soon"],
                [
                    [
                        f"{c.name} ({c.id})",
                        c.status.value,
                        f"{day(c.flight_start)} – {day(c.flight_end)}",
                        format_number(len(c.late), loc),
                        format_number(len(c.deliverables) - len(c.late), loc),
                    ]
                    for c in report.campaigns
                ],
                numeric=[3, 4],
            )
        )
        due = [d for c in report.campaigns for d in c.deliverables]
        if due:
            blocks.append(
                Table(
                    ["deliverable", "campaign", "owner", "due", "status"],
                    [
                        [
                            d.name,
                            d.campaign_id,
                            d.owner,
                            day(d.due_on),
                            "late" if d.is_late else d.status.value,
                        ]
                        for d in due
                    ],
                )
            )
    sections.append(Section("Campaigns and deliverables", blocks))

    if report.budgets:
        blocks = [
            (
                "Theoretical spend is the planned amount spread evenly over the budget's days; "
                "variance is actual spend to date minus theoretical spend (positive: ahead of "
                "plan)."
            ),
            Table(
                [
                    "budget",
                    "planned",
                    "committed",
                    "actual",
                    "remaining",
                    "theoretical",
                    "variance",
                    "used",
                ],
                [
                    [
                        b.id,
                        money(b.planned),
                        money(b.committed),
                        money(b.actual),
                        money(b.remaining),
                        money(b.theoretical),
                        money(b.variance),
                        pct(b.utilisation),
                    ]
                    for b in report.budgets
                ],
                numeric=range(1, 8),
            ),
        ]
    else:
        blocks = ["No budgets."]
    sections.append(Section("Budgets", blocks))

    blocks = []
    owed = report.outstanding()
    credit = report.unapplied_credit()
    if report.invoices:
        blocks.append(
            "Outstanding: " + ", ".join(money(m) for m in owed.values()) + f"; "
            f"{format_number(len(report.overdue_invoices), loc)} of "
            f"{format_number(len(report.invoices), loc)} open invoices overdue."
        )
        blocks.append(
            Table(
                ["invoice", "issued", "total", "balance", "next due", "days overdue"],
                [
                    [
                        i.number,
                        day(i.issued_on),
                        money(i.total),
                        money(i.balance),
                        day(i.next_due_on),
                        format_number(i.days_overdue, loc),
                    ]
                    for i in report.invoices
                ],
                numeric=[2, 3, 5],
            )
        )
        aging_report = report.aging
        with_credit = bool(credit)
        blocks.append(
            Table(
                [
                    "aging",
                    *aging_report.labels,
                    *(["unapplied credit"] if with_credit else []),
                    "total",
                ],
                [
                    [
                        cur.code,
                        *(money(m) for m in totals),
                        *([money(aging_report.unapplied(cur))] if with_credit else []),
                        money(aging_report.net(cur)),
                    ]
                    for cur in aging_report.currencies
                    for totals in [aging_report.total(cur)]
                ],
                numeric=range(1, len(aging_report.labels) + 2 + int(with_credit)),
            )
        )
    elif credit:
        blocks.append(
            "No open invoices; unapplied credit: "
            + ", ".join(money(m) for m in credit.values())
            + " (the client's, to apply to an invoice or refund)."
        )
    else:
        blocks.append("No open invoices.")
    sections.append(Section("Invoices", blocks))

    if report.renewals:
        blocks = [
            Table(
                ["contract", "value", "ends", "notice by", "days left", "renewal"],
                [
                    [
                        f"{r.title} ({r.contract_id})",
                        money(r.value),
                        day(r.end),
                        day(r.notice_deadline),
                        format_number(r.days_to_notice, loc),
                        r.renews,
                    ]
                    for r in report.renewals
                ],
                numeric=[1, 4],
            )
        ]
    else:
        blocks = ["No contract renewal notice falls due soon."]
    sections.append(Section("Contract renewals", blocks))

    blocks = []
    if report.opportunities:
        blocks.append(
            Table(
                ["opportunity", "stage", "amount", "probability", "weighted", "closes"],
                [
                    [
                        f"{o.name} ({o.id})",
                        o.stage,
                        money(o.amount),
                        format_percent(o.probability, loc),
                        money(o.weighted_amount.round()),
                        day(o.close_on),
                    ]
                    for o in report.opportunities
                ],
                numeric=[2, 3, 4],
            )
        )
    fc = report.forecast
    if fc is not None and fc.rows:
        cells = [(format_month(cell.key[0], loc), cell) for cell in fc.rows]
        cells.append(("total", fc.total))
        blocks.append(
            Table(
                ["month", "deals", "amount", "weighted", "won"],
                [
                    [
                        label,
                        format_number(cell.count, loc),
                        money(cell.amount),
                        money(cell.weighted_amount),
                        money(cell.closed_won_amount),
                    ]
                    for label, cell in cells
                ],
                numeric=[1, 2, 3, 4],
            )
        )
    if not blocks:
        blocks.append("No opportunities.")
    sections.append(Section("Pipeline", blocks))

    act = report.activity
    zone = client.timezone
    if act.last_contact is None:
        contact = "No contact with the client yet."
    else:
        when = pendulum.instance(act.last_contact).in_timezone(zone)
        contact = (
            f"Last contact: {day(when.date())} "
            f"({format_number(act.days_since_contact or 0, loc)} days before the report)."
        )
    blocks = [contact]

    def listed(items: tuple[Activity, ...], moment: str) -> Bullets:
        lines = []
        for a in items:
            at = a.done_at if moment == "done" else a.due_at
            local = pendulum.instance(at).in_timezone(zone) if at is not None else None
            when = day(local.date()) if local is not None else ""
            lines.append(f"{when}: {a.kind.value} – {a.subject}")
        return Bullets(lines)

    for title, items, moment in (
        ("Recent", act.recent, "done"),
        ("Overdue", act.overdue, "due"),
        ("Next", act.upcoming, "due"),
    ):
        if items:
            blocks += [f"{title}:", listed(items, moment)]
    sections.append(Section("Activities", blocks))
    return Document(
        title=f"Client report: {client.legal_name}",
        subtitle=f"As of {day(report.as_of)} · prepared by {team.executive}",
        sections=sections,
        lang=loc.replace("_", "-"),
    )


# ------------------------------------------------------------------------------------- charts


def pipeline_funnel(
    opportunities: Iterable[Opportunity],
    *,
    as_of: _dt.date,
    currency: str,
    rates: ExchangeRates | None = None,
) -> dict[str, Any]:
    """A Vega-Lite funnel of the pipeline by stage, in the pipeline's stage order.

    The amounts per stage come from :func:`accountexec.pipeline.forecast` grouped by stage, in
    the forecast's order (:attr:`~accountexec.pipeline.Forecast.stage_order`, the (first) deal's
    pipeline): each of its stages, empty ones as empty bars, then any other stage with deals (a
    deal of another pipeline), by name, as the forecast's own funnel; lost stages are left out.
    Put the spec in a notebook with
    ``IPython.display.display({VEGA_LITE_MIME: spec}, raw=True)``.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> deals = [Opportunity(id=f"O-{i}", account_id="A", name="d", amount=Money(a, "EUR"),
    ...                      stage=st, close_on=date(2026, 6, 1), owner="ana",
    ...                      created_on=date(2026, 3, 1))
    ...          for i, (a, st) in enumerate([("100.00", "lead"), ("50.00", "proposal")])]
    >>> spec = pipeline_funnel(deals, as_of=date(2026, 4, 1), currency="EUR")
    >>> [(v["stage"], v["amount"]) for v in spec["data"]["values"]]
    [('lead', '100.00'), ('qualified', '0.00'), ('proposal', '50.00'), ('negotiation', '0.00'), ('won', '0.00')]
    """  # noqa: E501
    deals = tuple(opportunities)
    if not deals:
        raise ValidationError("opportunities", deals, "at least one Opportunity")
    fc = forecast(deals, as_of=as_of, group_by="stage", currency=currency, rates=rates)
    pipelines = {id(deal.pipeline): deal.pipeline for deal in deals}.values()
    lost = {stage.name for p in pipelines for stage in p.stages if stage.is_lost}
    cells = {row.key[0]: row for row in in_stage_order(fc.rows, fc.stage_order)}
    names = [*fc.stage_order, *(name for name in cells if name not in fc.stage_order)]
    zero = Money.zero(fc.currency)
    rows = []
    for name in names:
        if name in lost:
            continue
        cell = cells.get(name)
        rows.append(
            (name, 0, zero.amount) if cell is None else (name, cell.count, cell.amount.amount)
        )
    return funnel_spec(rows, title=f"pipeline by stage as of {fc.as_of}", currency=fc.currency)


# -------------------------------------------------------------------------------------- health


class SignalStatus(StrEnum):
    """Whether a signal is within its threshold, beyond it, or could not be measured.

    >>> from accountexec.demo import story
    >>> [(s.name, s.status.value) for s in story().health.signals[:2]]
    [('days_since_contact', 'ok'), ('overdue_invoices', 'alert')]
    >>> SignalStatus("not_measured")
    <SignalStatus.NOT_MEASURED: 'not_measured'>
    """

    OK = "ok"
    ALERT = "alert"
    NOT_MEASURED = "not_measured"


class HealthRating(StrEnum):
    """The account's health in one word, from the score (see :class:`HealthThresholds`).

    >>> from accountexec.demo import story
    >>> health = story().health
    >>> health.rating, str(health.score)
    (<HealthRating.WATCH: 'watch'>, '54.55%')
    >>> [rating.value for rating in HealthRating]
    ['healthy', 'watch', 'at_risk']
    """

    HEALTHY = "healthy"
    WATCH = "watch"
    AT_RISK = "at_risk"


SIGNALS: Final = (
    "days_since_contact",
    "overdue_invoices",
    "budget_variance",
    "late_deliverables",
    "renewal_notice",
    "pipeline_coverage",
    "client_issues",
)

DEFAULT_WEIGHTS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "days_since_contact": 3,
        "overdue_invoices": 3,
        "budget_variance": 2,
        "late_deliverables": 2,
        "renewal_notice": 2,
        "pipeline_coverage": 1,
        "client_issues": 2,
    }
)
"""How much each signal counts: contact and overdue invoices most, pipeline coverage least."""


def _to_weights(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise ValidationError("weights", value, "a mapping of signal name to weight")
    unknown = sorted(set(value) - set(SIGNALS))
    if unknown:
        raise ValidationError("weights", unknown, f"signal names among {list(SIGNALS)}")
    weights = dict(DEFAULT_WEIGHTS)
    for name, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise ValidationError("weights", {name: weight}, "whole numbers, zero or more")
        weights[name] = weight
    if not any(weights.values()):
        raise ValidationError("weights", value, "at least one positive weight")
    return ReadOnlyMapping(weights)


def _to_rate(value: Rate | Decimal | int | str) -> Rate:
    rate = value if isinstance(value, Rate) else Rate(value)
    if rate.value < 0:
        raise ValidationError("rate", value, "a rate of zero or more")
    return rate


def _to_ratio(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise ValidationError("pipeline_coverage", value, "a Decimal, int or str, zero or more")
    try:
        number = Decimal(value)
    except decimal.InvalidOperation:
        raise ValidationError("pipeline_coverage", value, "a number, zero or more") from None
    if not number.is_finite() or number < 0:
        raise ValidationError("pipeline_coverage", value, "a finite number, zero or more")
    return number


def _check_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _days(attribute.name, value)


@attrs.frozen(kw_only=True)
class HealthThresholds:
    """The thresholds and weights of :meth:`AccountHealth.assess`, with their defaults.

    - ``contact_days`` = 14: alert when the last contact is more than 14 days old (or never).
    - ``overdue_invoices`` = 0, ``overdue_grace_days`` = 0: alert when more than that many open
      invoices are overdue by more than the grace days.
    - ``budget_variance`` = 10%: alert when a budget's variance (actual to date minus theoretical
      spend), either way, exceeds 10% of its planned amount.
    - ``late_deliverables`` = 0: alert when more deliverables than that are late.
    - ``renewal_notice_days`` = 30: alert when the last day to give notice on a renewing contract
      is 30 days away or less (and not past).
    - ``pipeline_coverage`` = 3: with a target, alert when the open pipeline is less than three
      times what is left of the target once won deals count (see
      :func:`accountexec.pipeline.coverage`); not measured once the target is reached.
    - ``sla_breaches`` = 0: with client issues, alert when more open issues than that are past a
      service level (first response or resolution).
    - ``weights``: :data:`DEFAULT_WEIGHTS`, overridden per signal name.
    - ``healthy_from`` = 80%, ``watch_from`` = 50%: the score's cut-offs for the rating.

    >>> from accountexec.demo import story
    >>> lenient = HealthThresholds(overdue_grace_days=30, weights={"late_deliverables": 0})
    >>> health = AccountHealth.assess(story().report, thresholds=lenient)
    >>> health.rating, str(health.score)
    (<HealthRating.HEALTHY: 'healthy'>, '100%')
    >>> HealthThresholds(healthy_from="0.4", watch_from="0.6")
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'watch_from': Rate('0.6'); expected at most ...
    """

    contact_days: int = attrs.field(default=14, validator=_check_days)
    overdue_invoices: int = attrs.field(default=0, validator=_check_days)
    overdue_grace_days: int = attrs.field(default=0, validator=_check_days)
    budget_variance: Rate = attrs.field(default=Rate("0.10"), converter=_to_rate)
    late_deliverables: int = attrs.field(default=0, validator=_check_days)
    renewal_notice_days: int = attrs.field(default=30, validator=_check_days)
    pipeline_coverage: Decimal = attrs.field(default=Decimal(3), converter=_to_ratio)
    sla_breaches: int = attrs.field(default=0, validator=_check_days)
    weights: Mapping[str, int] = attrs.field(
        default=DEFAULT_WEIGHTS, converter=_to_weights, eq=False, hash=False
    )
    healthy_from: Rate = attrs.field(default=Rate("0.8"), converter=_to_rate)
    watch_from: Rate = attrs.field(default=Rate("0.5"), converter=_to_rate)

    def __attrs_post_init__(self) -> None:
        if self.watch_from.value > self.healthy_from.value:
            raise ValidationError(
                "watch_from", self.watch_from, f"at most healthy_from ({self.healthy_from})"
            )


Value = int | Decimal | Rate | None

_SIGNAL_VALUE_ALLOWED: Final = "an int, a finite Decimal or a Rate"
_BOUNDS: Final = ("at_most", "at_least")


def _check_signal_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in SIGNALS:
        raise ValidationError("name", value, f"one of {', '.join(map(repr, SIGNALS))}")


def _check_signal_value(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "value":
        return
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Rate):
        raise ValidationError(attribute.name, value, _SIGNAL_VALUE_ALLOWED)
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(attribute.name, value, _SIGNAL_VALUE_ALLOWED)


def _check_bound(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _BOUNDS:
        raise ValidationError("bound", value, "'at_most' or 'at_least'")


def _to_signal_status(value: object) -> SignalStatus:
    return to_enum(SignalStatus, value, "status")


@attrs.frozen(kw_only=True)
class HealthSignal:
    """One named signal: its value, the threshold it is held to, its weight and its status.

    ``bound`` is ``"at_most"`` (the value must not exceed the threshold) or ``"at_least"``;
    ``detail`` says in words what was measured.

    >>> from accountexec.demo import story
    >>> overdue = story().health.signal("overdue_invoices")
    >>> overdue.value, overdue.threshold, overdue.status, overdue.detail
    (1, 0, <SignalStatus.ALERT: 'alert'>, 'open invoices overdue by more than 0 days: INV-000002')
    >>> overdue.explain()
    'overdue invoices: 1 (at most 0) -> alert, weight 3'
    """

    name: str = attrs.field(validator=_check_signal_name)
    value: Value = attrs.field(validator=_check_signal_value)
    threshold: int | Decimal | Rate = attrs.field(validator=_check_signal_value)
    bound: str = attrs.field(validator=_check_bound)
    weight: int = attrs.field(validator=check_count)
    status: SignalStatus = attrs.field(converter=_to_signal_status)
    detail: str = attrs.field(validator=instance_of(str, "text"))

    def explain(self) -> str:
        """One line: name, value, threshold, status and weight."""
        shown = "never" if self.value is None and self.name == "days_since_contact" else None
        if shown is None:
            shown = "n/a" if self.value is None else _plain(self.value)
        bound = self.bound.replace("_", " ")
        return (
            f"{self.name.replace('_', ' ')}: {shown} ({bound} {_plain(self.threshold)}) "
            f"-> {self.status.value.replace('_', ' ')}, weight {self.weight}"
        )


def _plain(value: int | Decimal | Rate) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _signal(
    name: str,
    value: Value,
    threshold: int | Decimal | Rate,
    weights: Mapping[str, int],
    detail: str,
    *,
    at_least: bool = False,
    alert_if_none: bool = False,
) -> HealthSignal:
    if value is None:
        status = SignalStatus.ALERT if alert_if_none else SignalStatus.NOT_MEASURED
    else:
        number = value.value if isinstance(value, Rate) else Decimal(value)
        limit = threshold.value if isinstance(threshold, Rate) else Decimal(threshold)
        fine = number >= limit if at_least else number <= limit
        status = SignalStatus.OK if fine else SignalStatus.ALERT
    return HealthSignal(
        name=name,
        value=value,
        threshold=threshold,
        bound="at_least" if at_least else "at_most",
        weight=weights[name],
        status=status,
        detail=detail,
    )


def _issues_signal(issues: Iterable[SlaStatus], limits: HealthThresholds) -> HealthSignal:
    statuses = to_sequence_of("issues", SlaStatus, issues)
    open_ids = [s.issue_id for s in statuses if s.is_open]
    breached = [s.issue_id for s in statuses if s.is_open and s.is_breached]
    return _signal(
        "client_issues",
        len(breached),
        limits.sla_breaches,
        limits.weights,
        f"open client issues: {', '.join(open_ids) or 'none'}; past a service level: "
        + (", ".join(breached) or "none"),
    )


@attrs.frozen(kw_only=True)
class AccountHealth:
    """A transparent health score: the weight of the signals within their thresholds over the
    weight of the signals measured.

    Signals that cannot be measured (no budget, no pipeline target...) count neither way;
    days since last contact is always measured (never contacted is an alert).

    >>> from accountexec.demo import story
    >>> s = story()
    >>> health = AccountHealth.assess(s.report, pipeline_target=s.pipeline_target)
    >>> health.measured_weight, health.ok_weight, health.rating
    (11, 6, <HealthRating.WATCH: 'watch'>)
    >>> health.explain()[-1]
    'score: 6 of 11 measured weight = 54.55% -> watch'
    """

    account_id: str
    as_of: pendulum.Date
    signals: tuple[HealthSignal, ...]
    thresholds: HealthThresholds
    locale: str = attrs.field(default="en_US")
    """The client's locale, the default for ``to_text``/``to_markdown``/``to_html``."""

    @locale.validator
    def _check_locale_field(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise ValidationError("locale", value, "a locale name such as 'de_DE'")
        _check_locale(value)

    @classmethod
    def assess(
        cls,
        report: ClientReport,
        *,
        thresholds: HealthThresholds | None = None,
        pipeline_target: Money | None = None,
        rates: ExchangeRates | None = None,
        issues: Iterable[SlaStatus] | None = None,
    ) -> AccountHealth:
        """Score the account of ``report`` against ``thresholds`` (default: the documented ones).

        ``pipeline_target`` (a revenue target) enables the pipeline coverage signal, computed by
        :func:`accountexec.pipeline.coverage` over the report's open deals (``rates`` for deals in
        other currencies). ``issues``, the :func:`~accountexec.cases.sla_status` of the account's
        client issues, adds the ``client_issues`` signal: how many open issues are past a service
        level (the signal is left out when no issues are given).

        >>> import pendulum
        >>> from accountexec.accounts import Account, AccountTeam, Client
        >>> from accountexec.activities import Activity
        >>> client = Client(id="CL-1", legal_name="Fjord", locale="en_GB", currency="EUR",
        ...                 timezone="Europe/Berlin")
        >>> account = Account(id="A-1", client=client, team=AccountTeam(executive="ana")).log(
        ...     Activity(id="M-1", kind="meeting", subject="QBR",
        ...              held_at=pendulum.datetime(2026, 4, 10, 10, tz="Europe/Berlin")))
        >>> report = ClientReport.build(account, as_of=pendulum.date(2026, 4, 15))
        >>> health = AccountHealth.assess(report)
        >>> for line in health.explain():
        ...     print(line)
        days since contact: 5 (at most 14) -> ok, weight 3
        overdue invoices: 0 (at most 0) -> ok, weight 3
        budget variance: n/a (at most 10%) -> not measured, weight 2
        late deliverables: 0 (at most 0) -> ok, weight 2
        renewal notice: n/a (at least 30) -> not measured, weight 2
        pipeline coverage: n/a (at least 3) -> not measured, weight 1
        score: 8 of 8 measured weight = 100% -> healthy
        """
        if not isinstance(report, ClientReport):
            raise ValidationError("report", report, "a ClientReport")
        limits = HealthThresholds() if thresholds is None else thresholds
        if not isinstance(limits, HealthThresholds):
            raise ValidationError("thresholds", thresholds, "HealthThresholds or None")
        w = limits.weights
        act = report.activity
        overdue = [i for i in report.invoices if i.days_overdue > limits.overdue_grace_days]
        variance: Rate | None = None
        worst = ""
        for b in report.budgets:
            if b.variance_rate is not None:
                size = Rate(b.variance_rate.value.copy_abs())
                if variance is None or size.value > variance.value:
                    variance, worst = size, b.id
        late = report.late_deliverables
        notice = min((r.days_to_notice for r in report.renewals), default=None)
        cover: Decimal | None = None
        if pipeline_target is not None:
            cover = coverage(report.opportunities, target=pipeline_target, rates=rates).ratio
        signals: tuple[HealthSignal, ...] = (
            _signal(
                "days_since_contact",
                act.days_since_contact,
                limits.contact_days,
                w,
                "calendar days since the last meeting, call or email",
                alert_if_none=True,
            ),
            _signal(
                "overdue_invoices",
                len(overdue),
                limits.overdue_invoices,
                w,
                "open invoices overdue by more than "
                f"{limits.overdue_grace_days} days: "
                + (", ".join(i.number for i in overdue) or "none"),
            ),
            _signal(
                "budget_variance",
                variance,
                limits.budget_variance,
                w,
                "largest variance against theoretical spend, over planned"
                + (f" (budget {worst})" if worst else ": no budget"),
            ),
            _signal(
                "late_deliverables",
                len(late),
                limits.late_deliverables,
                w,
                "open deliverables past their due date: "
                + (", ".join(f"{d.name} ({d.campaign_id})" for d in late) or "none"),
            ),
            # a notice deadline coming up is the alert: the days left must stay above the limit
            _signal(
                "renewal_notice",
                notice,
                limits.renewal_notice_days,
                w,
                "days left to give notice on a renewing contract"
                + ("" if notice is not None else ": none within the report's window"),
                at_least=True,
            ),
            _signal(
                "pipeline_coverage",
                None if cover is None else cover.quantize(Decimal("0.01"), context=DECIMAL_CONTEXT),
                limits.pipeline_coverage,
                w,
                "open pipeline over what is left of the target"
                + (f" {pipeline_target}" if pipeline_target is not None else ": no target given")
                + (": target reached" if pipeline_target is not None and cover is None else ""),
                at_least=True,
            ),
        )
        if issues is not None:
            signals = (*signals, _issues_signal(issues, limits))
        return cls(
            account_id=report.account.id,
            as_of=report.as_of,
            signals=signals,
            thresholds=limits,
            locale=report.account.client.locale,
        )

    @property
    def measured_weight(self) -> int:
        """The total weight of the signals measured."""
        return sum(s.weight for s in self.signals if s.status is not SignalStatus.NOT_MEASURED)

    @property
    def ok_weight(self) -> int:
        """The total weight of the signals within their thresholds."""
        return sum(s.weight for s in self.signals if s.status is SignalStatus.OK)

    @property
    def score(self) -> Rate:
        """``ok_weight / measured_weight`` (1 when nothing carrying weight was measured)."""
        if self.measured_weight == 0:
            return Rate(1)
        ratio = DECIMAL_CONTEXT.divide(Decimal(self.ok_weight), Decimal(self.measured_weight))
        return Rate(
            ratio.quantize(Decimal("0.0001"), context=DECIMAL_CONTEXT).normalize(DECIMAL_CONTEXT)
        )

    @property
    def rating(self) -> HealthRating:
        """healthy from ``healthy_from``, watch from ``watch_from``, else at risk."""
        score = self.score.value
        if score >= self.thresholds.healthy_from.value:
            return HealthRating.HEALTHY
        if score >= self.thresholds.watch_from.value:
            return HealthRating.WATCH
        return HealthRating.AT_RISK

    def signal(self, name: str) -> HealthSignal:
        """The signal called ``name``."""
        for s in self.signals:
            if s.name == name:
                return s
        raise ValidationError("name", name, f"one of {list(SIGNALS)}")

    def explain(self) -> tuple[str, ...]:
        """One line per signal, then how the score and rating follow from them."""
        return (
            *(s.explain() for s in self.signals),
            (
                f"score: {self.ok_weight} of {self.measured_weight} measured weight = "
                f"{self.score} -> {self.rating.value.replace('_', ' ')}"
            ),
        )

    def document_section(self, locale: str) -> Section:
        """The assessment as a section of a report (signal table, then the score)."""
        _check_locale(locale)
        rows = [
            [
                s.name.replace("_", " "),
                _localised(s.value, locale),
                ("≤ " if s.bound == "at_most" else "≥ ") + _localised(s.threshold, locale),
                format_number(s.weight, locale),
                s.status.value.replace("_", " "),
            ]
            for s in self.signals
        ]
        return Section(
            "Account health",
            [
                Table(["signal", "value", "threshold", "weight", "status"], rows, numeric=[1, 3]),
                (
                    f"Score {format_percent(self.score, locale)} ({self.ok_weight} of "
                    f"{self.measured_weight} measured weight within threshold): "
                    f"{self.rating.value.replace('_', ' ')}."
                ),
            ],
        )

    def to_text(self, locale: str | None = None) -> str:
        """The assessment as plain text (default locale: the client's)."""
        return render(self._document(locale), "text")

    def to_markdown(self, locale: str | None = None) -> str:
        """The assessment as Markdown (default locale: the client's)."""
        return render(self._document(locale), "markdown")

    def to_html(self, locale: str | None = None) -> str:
        """The assessment as HTML (default locale: the client's)."""
        return render(self._document(locale), "html")

    def _document(self, locale: str | None) -> Document:
        locale = self.locale if locale is None else locale
        section = self.document_section(locale)
        return Document(
            title=f"Account health: {self.account_id}",
            subtitle=f"As of {format_date(self.as_of, locale)}",
            sections=[section],
            lang=locale.replace("_", "-"),
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _localised(value: Value, locale: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, Rate):
        return format_percent(value, locale, digits=1)
    return format_number(value, locale)
