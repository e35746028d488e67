"""The walk-through behind ``python -m accountexec demo``: one agency, one client, January to April.

Northbeam, a creative and media agency, wins Fjord Coffee Roasters as a client; the client's brief
is submitted and approved; its budget and campaign are planned back from the launch; a contract
with a monthly retainer and a media commission is signed; three months are billed with payment
terms; one invoice is paid and one is late; the pipeline is forecast; and the client report and
the account's health close the walk. Every figure comes from the library.

:func:`story` builds the values (fixed dates, no clock: the output is the same on every machine);
:func:`document` arranges them as a :class:`~accountexec.rendering.Document` with figures written
for a locale; :func:`run` renders it as text, Markdown or HTML. Nothing here prints
(``accountexec.__main__`` does).

>>> from accountexec import demo
>>> print(demo.run(locale="en_US"))
accountexec demo: one agency, one client, from brief to client report
...
1. The account and its team
---------------------------
...
"""

from __future__ import annotations

import datetime as dt
import functools
from datetime import date, datetime
from decimal import Decimal

import attrs
import pendulum

from accountexec._views import (
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
)
from accountexec._views import locale as _check_locale
from accountexec.calendars import WorkCalendar
from accountexec.clients.accounts import Account, AccountTeam, Client, Contact
from accountexec.clients.activities import Activity
from accountexec.clients.briefs import Brief
from accountexec.clients.budgets import Budget, BudgetLine
from accountexec.clients.campaigns import KPI, Campaign, Deliverable
from accountexec.clients.cases import (
    ClientIssue,
    Escalation,
    SlaPolicy,
    SlaStatus,
    escalation,
    sla_status,
)
from accountexec.commerce.billing import BillingState, bill
from accountexec.commerce.contracts import Contract, Renewal
from accountexec.commerce.estimates import (
    CostLine,
    Estimate,
    EstimateAcceptance,
    LabourLine,
    RateCard,
)
from accountexec.commerce.invoice_lines import Tax
from accountexec.commerce.invoices import Invoice, Payment
from accountexec.commerce.media import MediaCommission, MediaPlacement
from accountexec.commerce.milestones import Milestone
from accountexec.commerce.payment_terms import PaymentTerms
from accountexec.commerce.receivables import aging, days_overdue
from accountexec.commerce.retainers import Retainer
from accountexec.deadlines import BusinessDays, BusinessHours, ScheduledPlan
from accountexec.errors import ValidationError
from accountexec.money import DECIMAL_CONTEXT, Money, Rate
from accountexec.pipeline.analytics import coverage
from accountexec.pipeline.forecasting import Forecast, forecast
from accountexec.pipeline.opportunities import Opportunity
from accountexec.rendering import FORMATS, Block, Bullets, Code, Document, Section, Table, render
from accountexec.reports import AccountHealth, ClientReport
from accountexec.workflow import StatusChange

__all__ = ["FORMATS", "Story", "document", "run", "story"]

AGENCY = "Northbeam"
TIMEZONE = "Europe/Berlin"
AS_OF = pendulum.date(2026, 4, 15)
NET_DAYS = 30
RENEWAL_DAYS = 90
CENT = Decimal("0.01")


def _at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz=TIMEZONE)


@attrs.frozen(kw_only=True)
class Story:
    """Every value of the walk-through, as the library produced it.

    >>> s = story()
    >>> s.account.client.legal_name, s.contract.id, s.as_of
    ('Fjord Coffee Roasters GmbH', 'CT-1', Date(2026, 4, 15))
    >>> [(i.number, i.status.value) for i in s.invoices]
    [('INV-000001', 'paid'), ('INV-000002', 'issued'), ('INV-000003', 'issued')]
    >>> s.health.rating
    <HealthRating.WATCH: 'watch'>
    """

    account: Account
    brief: Brief
    calendar: WorkCalendar
    campaign: Campaign
    plan: ScheduledPlan
    contract: Contract
    invoices: tuple[Invoice, ...]
    payment: Payment
    opportunities: tuple[Opportunity, ...]
    forecast: Forecast
    pipeline_target: Money
    as_of: pendulum.Date
    report: ClientReport
    health: AccountHealth
    estimate: EstimateAcceptance
    issue: ClientIssue
    sla_policy: SlaPolicy
    sla: SlaStatus
    escalation: Escalation


def _account() -> Account:
    client = Client(
        id="FJORD",
        legal_name="Fjord Coffee Roasters GmbH",
        industry="food and beverage",
        locale="de_DE",
        currency="EUR",
        timezone=TIMEZONE,
        contacts=[
            Contact(name="Lena Berg", role="Head of Marketing", email="lena.berg@fjord.example")
        ],
    )
    team = AccountTeam(
        executive="Ana Lima",
        assistants=["Ben Okafor"],
        supervisor="Chloé Martin",
        director="David Chen",
    )
    account = Account(id="ACC-FJORD", client=client, team=team)
    account = account.win(at=_at(2026, 1, 12), by="David Chen", note="pitch won")
    activities = [
        Activity(
            id="ACT-1",
            kind="meeting",
            subject="Kick-off with the marketing team",
            participants=["Ana Lima", "Lena Berg"],
            held_at=_at(2026, 1, 14, 10),
        ),
        Activity(
            id="ACT-2",
            kind="call",
            subject="Launch check-in",
            participants=["Ana Lima", "Lena Berg"],
            held_at=_at(2026, 4, 9, 15),
        ),
        Activity(
            id="ACT-3",
            kind="task",
            subject="Chase payment of the February invoice",
            participants=["Ben Okafor"],
            due_at=_at(2026, 4, 14, 12),
        ),
        Activity(
            id="ACT-4",
            kind="meeting",
            subject="Quarterly business review",
            participants=["Ana Lima", "Lena Berg", "David Chen"],
            due_at=_at(2026, 4, 22, 10),
        ),
    ]
    for activity in activities:
        account = account.log(activity)
    return account


def _brief() -> Brief:
    draft = Brief(
        id="BR-7",
        client_id="FJORD",
        title="Cold brew launch",
        objectives=[
            "Awareness of the cold brew range among 25-34s in Berlin, Hamburg and Munich",
            "20,000 sample requests",
        ],
        audience="Urban professionals aged 25-34",
        key_message="Slow-steeped, roasted in Hamburg",
        deliverables=["Media plan", "Key visual", "Social cutdowns", "Posters", "Search ads"],
        budget=Money("120000.00", "EUR"),
        deadline=date(2026, 3, 31),
        approvers=["Lena Berg"],
    )
    return (
        draft.submit(at=_at(2026, 2, 2), by="Ana Lima")
        .start_review(at=_at(2026, 2, 3), by="Lena Berg")
        .sign_off("Lena Berg", at=_at(2026, 2, 5, 11))
        .approve(at=_at(2026, 2, 5, 11), by="Lena Berg")
    )


def _campaign(brief: Brief, calendar: WorkCalendar) -> tuple[Campaign, ScheduledPlan]:
    social, outdoor, search = brief.budget.allocate([50, 30, 20])
    budget = Budget(
        id="B-7",
        currency="EUR",
        start=date(2026, 4, 1),
        end=date(2026, 5, 31),
        lines=[
            BudgetLine("social", social),
            BudgetLine("out_of_home", outdoor),
            BudgetLine("search", search),
        ],
        policy="warn",
    )
    campaign = Campaign.from_brief(
        brief,
        campaign_id="CMP-7",
        budget=budget,
        flight_start=date(2026, 4, 1),
        flight_end=date(2026, 5, 31),
        channels=["social", "out_of_home", "search"],
        deliverables=[
            Deliverable(
                name="media plan", owner="Ben Okafor", duration=3, cost=Money("3000.00", "EUR")
            ),
            Deliverable(
                name="key visual", owner="Eva Novak", duration=5, cost=Money("9000.00", "EUR")
            ),
            Deliverable(
                name="social cutdowns",
                owner="Eva Novak",
                duration=4,
                depends_on=["key visual"],
                cost=Money("6000.00", "EUR"),
            ),
            Deliverable(
                name="posters",
                owner="Chloé Martin",
                duration=3,
                depends_on=["key visual"],
                cost=Money("4000.00", "EUR"),
            ),
            Deliverable(
                name="search ads",
                owner="Ben Okafor",
                duration=2,
                depends_on=["media plan"],
                cost=Money("1500.00", "EUR"),
            ),
            Deliverable(name="first results report", owner="Ana Lima", due=BusinessDays(15)),
        ],
        kpis=[KPI("sample requests", 20000)],
        expected_revenue=Money("150000.00", "EUR"),
    )
    plan = campaign.schedule(calendar)
    campaign = campaign.plan(at=_at(2026, 2, 9), by="Ana Lima").approve(
        at=_at(2026, 2, 12), brief=brief, by="Lena Berg"
    )
    for name in ("media plan", "key visual", "social cutdowns", "search ads"):
        task = plan[name]
        start, finish = task.latest_start, task.latest_finish
        campaign = campaign.advance_deliverable(
            name, "start", at=_at(start.year, start.month, start.day)
        ).advance_deliverable(name, "finish", at=_at(finish.year, finish.month, finish.day, 17))
    # the posters started on time and are still at the printer's on the report date
    campaign = campaign.advance_deliverable("posters", "start", at=_at(2026, 3, 27))
    campaign = campaign.go_live(at=_at(2026, 4, 1, 8), by="Ana Lima")
    spent = (
        campaign.budget.commit(
            "IO-1",
            "out_of_home",
            Money("30000.00", "EUR"),
            on=date(2026, 3, 20),
            reference="poster sites, April",
        )
        .spend(
            "MEDIA-41",
            "out_of_home",
            Money("20000.00", "EUR"),
            on=date(2026, 4, 1),
            against_commitment="IO-1",
        )
        .spend("MEDIA-42", "social", Money("9500.00", "EUR"), on=date(2026, 4, 10))
        .spend("MEDIA-43", "search", Money("4000.00", "EUR"), on=date(2026, 4, 14))
    )
    return campaign.with_budget(spent), plan


def _contract() -> Contract:
    draft = Contract(
        id="CT-1",
        client_id="FJORD",
        title="Creative retainer and media 2026",
        value=Money("96000.00", "EUR"),
        start=date(2026, 1, 12),
        term_months=12,
        renewal=Renewal(kind="automatic", notice_days=90),
        signatories=["Lena Berg (Fjord)", "David Chen (Northbeam)"],
        arrangements=[
            Retainer(fee=Money("8000.00", "EUR")),
            MediaCommission(rate=Rate.percent(15)),
        ],
        payment_terms=PaymentTerms.net(NET_DAYS),
        taxes=[Tax("VAT", Rate.percent(19))],
    )
    return (
        draft.negotiate(at=_at(2025, 12, 15), by="Ana Lima")
        .sign(at=_at(2026, 1, 8), by="Lena Berg")
        .activate(at=_at(2026, 1, 12), by="Ana Lima")
    )


MONTHS = (
    (date(2026, 1, 1), date(2026, 1, 31)),
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 3, 1), date(2026, 3, 31)),
)

PLACEMENT = MediaPlacement(
    description="Poster sites", on=date(2026, 3, 25), gross=Money("20000.00", "EUR")
)


def _invoices(contract: Contract) -> tuple[tuple[Invoice, ...], Payment]:
    invoices: list[Invoice] = []
    state = BillingState.opening(contract)
    for start, end in MONTHS:
        entries = [PLACEMENT] if PLACEMENT.on >= start and PLACEMENT.on <= end else []
        run = bill(contract, start, end, state=state, entries=entries)
        at = _at(end.year, end.month, end.day, 17)
        invoices.extend(draft.issue(at=at, by="Ben Okafor") for draft in run.invoices)
        state = run.state
    first = invoices[0]
    payment = Payment(amount=first.total, received_on=date(2026, 2, 25), reference="SEPA 0225")
    invoices[0] = first.apply_payment(payment, at=_at(2026, 2, 25, 10), by="Ben Okafor")
    return tuple(invoices), payment


def _opportunities() -> tuple[Opportunity, ...]:
    def deal(oid: str, name: str, amount: str, stage: str, close_on: date) -> Opportunity:
        return Opportunity(
            id=oid,
            account_id="ACC-FJORD",
            name=name,
            amount=Money(amount, "EUR"),
            stage=stage,
            close_on=close_on,
            owner="Ana Lima",
            created_on=date(2026, 2, 16),
        )

    return (
        deal("O-11", "Summer iced coffee", "80000.00", "proposal", date(2026, 5, 29)),
        deal("O-12", "Retail activation", "45000.00", "negotiation", date(2026, 4, 30)),
        deal("O-13", "Brand film", "25000.00", "lead", date(2026, 7, 15)),
    )


def _estimate() -> EstimateAcceptance:
    card = RateCard(
        "Northbeam 2026",
        "EUR",
        rates={
            "strategist": Money("140.00", "EUR"),
            "designer": Money("95.00", "EUR"),
            "copywriter": Money("85.00", "EUR"),
            "producer": Money("110.00", "EUR"),
        },
        effective=date(2026, 1, 1),
        overrides={"FJORD": {"designer": Money("90.00", "EUR")}},
    )
    estimate = Estimate(
        id="EST-11",
        client_id="FJORD",
        currency="EUR",
        rate_card=card,
        lines=[
            LabourLine("strategist", 16),
            LabourLine("designer", 60),
            LabourLine("copywriter", 24),
            LabourLine("producer", 20),
            CostLine("film shoot", Money("12000.00", "EUR"), Rate.percent(15)),
            LabourLine("designer", 16, optional=True, name="extra cutdowns"),
        ],
        contingency=Rate.percent(5),
        prepared_on=date(2026, 4, 9),
        valid_until=date(2026, 5, 8),
        start=date(2026, 5, 4),
        end=date(2026, 7, 31),
    )
    sent = estimate.send(at=_at(2026, 4, 10, 11), by="Ana Lima")
    return sent.accept(
        at=_at(2026, 4, 14, 16),
        options=["extra cutdowns"],
        arrangement="milestones",
        split=[("kick-off", Rate.percent(40)), ("delivery", Rate.percent(60))],
        by="Lena Berg",
    )


SLA_AT = _at(2026, 4, 15, 16)


def _issue(calendar: WorkCalendar) -> tuple[ClientIssue, SlaPolicy]:
    policy = SlaPolicy(
        first_response={"high": BusinessHours(4), "low": BusinessHours(16)},
        resolution={"high": BusinessHours(16), "low": BusinessHours(40)},
        calendar=calendar,
    )
    issue = (
        ClientIssue(
            "CASE-3",
            "FJORD",
            _at(2026, 4, 13, 10),
            "high",
            "Posters missing at two sites",
            "Ana Lima",
        )
        .acknowledge(at=_at(2026, 4, 13, 11, 30), by="Ana Lima")
        .wait(at=_at(2026, 4, 14, 10), by="Ana Lima", note="asked for the corrected site list")
        .resume(at=_at(2026, 4, 15, 9), by="Ben Okafor", note="site list received")
    )
    return issue, policy


@functools.cache
def story() -> Story:
    """The values of the walk-through (built once; every value is immutable)."""
    calendar = WorkCalendar.for_country("DE", "BE", timezone=TIMEZONE)
    account = _account()
    brief = _brief()
    campaign, plan = _campaign(brief, calendar)
    contract = _contract()
    invoices, payment = _invoices(contract)
    opportunities = _opportunities()
    target = Money("25000.00", "EUR")
    accepted = _estimate()
    issue, policy = _issue(calendar)
    report = ClientReport.build(
        account,
        as_of=AS_OF,
        campaigns=[campaign],
        budgets=[campaign.budget],
        invoices=invoices,
        contracts=[contract],
        opportunities=opportunities,
        calendar=calendar,
        renewal_days=RENEWAL_DAYS,
    )
    return Story(
        account=account,
        brief=brief,
        calendar=calendar,
        campaign=campaign,
        plan=plan,
        contract=contract,
        invoices=invoices,
        payment=payment,
        opportunities=opportunities,
        forecast=forecast(opportunities, as_of=AS_OF, group_by="month", currency="EUR"),
        pipeline_target=target,
        as_of=AS_OF,
        report=report,
        health=AccountHealth.assess(report, pipeline_target=target),
        estimate=accepted,
        issue=issue,
        sla_policy=policy,
        sla=sla_status(issue, policy, SLA_AT),
        escalation=escalation(issue, policy, account.team, SLA_AT),
    )


# ------------------------------------------------------------------------------------ the walk


class _Fmt:
    """Figures written for one locale."""

    def __init__(self, locale: str, zone: str) -> None:
        self.locale = locale
        self.zone = zone

    def money(self, money: Money) -> str:
        return format_money(money, self.locale)

    def day(self, day: date) -> str:
        return format_date(day, self.locale)

    def moment(self, at: datetime) -> str:
        local = pendulum.instance(at).in_timezone(self.zone)
        return format_date(local.date(), self.locale)

    def number(self, value: int | Decimal) -> str:
        return format_number(value, self.locale)

    def percent(self, rate: Rate, digits: int = 0) -> str:
        return format_percent(rate, self.locale, digits)

    def history(self, changes: tuple[StatusChange, ...]) -> Table:
        return Table(
            ["event", "from", "to", "on", "by"],
            [[c.event, c.source, c.target, self.moment(c.at), c.by or ""] for c in changes],
        )


def _described(invoice: Invoice) -> str:
    return " + ".join(line.description.split(" (")[0].split(" on ")[0] for line in invoice.lines)


def _words(key: str) -> str:
    """A line or channel key as words: ``out_of_home`` reads "out of home"."""
    return key.replace("_", " ")


def _step_account(s: Story, f: _Fmt) -> Section:
    account = s.account
    client, team = account.client, account.team
    contact = client.contacts[0]
    return Section(
        "1. The account and its team",
        [
            (
                f"{AGENCY}, a creative and media agency, wins {client.legal_name} as a client. "
                "The account holds the client (its locale, currency and time zone), the account "
                "team, and a status that moves through a workflow, leaving a history."
            ),
            Bullets(
                [
                    (
                        f"client: {client.legal_name} ({client.industry}), locale {client.locale}, "
                        f"currency {client.currency.code}, time zone {client.timezone}"
                    ),
                    f"contact: {contact.name}, {contact.role}",
                    (
                        f"account executive {team.executive}, assistant "
                        f"{', '.join(team.assistants)}, supervisor {team.supervisor}, "
                        f"director {team.director}"
                    ),
                    f"status: {account.status.value}",
                ]
            ),
            f.history(account.history),
        ],
    )


def _step_brief(s: Story, f: _Fmt) -> Section:
    brief = s.brief
    return Section(
        "2. A brief, submitted and approved",
        [
            (
                "The client's brief states the job: objectives, audience, key message, "
                "deliverables, budget and deadline. It is submitted, reviewed, signed off by every "
                "approver and approved; the workflow refuses any step out of order."
            ),
            Bullets(
                [
                    (
                        f"{brief.title} ({brief.id}): budget {f.money(brief.budget)}, "
                        f"deadline {f.day(brief.deadline)}"
                    ),
                    *(f"objective: {o}" for o in brief.objectives),
                    f"audience: {brief.audience}; key message: {brief.key_message}",
                    (
                        f"signed off by {', '.join(sorted(brief.signed_by))}; "
                        f"status {brief.status.value}"
                    ),
                ]
            ),
            f.history(brief.history),
        ],
    )


def _step_campaign(s: Story, f: _Fmt, fmt: str) -> Section:
    campaign, plan, budget = s.campaign, s.plan, s.campaign.budget
    tasks = {d.name: d for d in campaign.deliverables}
    blocks: list[Block] = [
        (
            "The brief's budget is split over three channels with Money.allocate (no cent is "
            "lost), and the campaign's launch work is planned backward from the flight start on "
            "the Berlin business calendar (public holidays off): each deliverable "
            "gets its latest start and finish, its slack, and the critical path."
        ),
        Table(
            ["budget line", "planned"],
            [[_words(line.key), f.money(line.planned)] for line in budget.lines_summary()]
            + [["total", f.money(budget.planned)]],
            numeric=[1],
        ),
        (
            f"Flight {f.day(campaign.flight_start)} – {f.day(campaign.flight_end)}; launch work "
            f"due by {f.day(campaign.launch_deadline(s.calendar))}; critical path: "
            f"{' → '.join(plan.critical_path)}."
        ),
        Table(
            ["deliverable", "owner", "days", "start by", "finish by", "slack", "cost"],
            [
                [
                    name,
                    tasks[name].owner,
                    f.number(task.duration),
                    f.day(task.latest_start),
                    f.day(task.latest_finish),
                    f.number(task.slack),
                    f.money(tasks[name].cost or Money.zero("EUR")),
                ]
                for name, task in plan.items()
            ],
            numeric=[2, 5, 6],
        ),
    ]
    if fmt != "text":
        gantt = plan.to_mermaid_gantt(f"{campaign.name}, launch work", dates="latest")
        blocks.append(Code(gantt, "mermaid"))
    blocks.append(
        f"The campaign was planned, approved by the client and went live on "
        f"{f.day(campaign.flight_start)} (status {campaign.status.value}); the posters are "
        "still at the printer's."
    )
    blocks.append(
        "The budget records what the media cost: an insertion order reserves money on a line "
        "(a commitment), an invoice received spends it. The report in step 8 sets the spend to "
        "date against the theoretical spend."
    )
    blocks.append(
        Table(
            ["entry", "line", "on", "kind", "amount"],
            [
                [c.id, _words(c.line), f.day(c.on), "committed", f.money(c.amount)]
                for c in budget.commitments
            ]
            + [
                [
                    e.id,
                    _words(e.line),
                    f.day(e.on),
                    "spent" + (f" against {e.against_commitment}" if e.against_commitment else ""),
                    f.money(e.amount),
                ]
                for e in budget.spend_entries
            ],
            numeric=[4],
        )
    )
    return Section("3. Budget and campaign, scheduled back from the launch", blocks)


def _step_contract(s: Story, f: _Fmt) -> Section:
    contract = s.contract
    retainer = next(a for a in contract.arrangements if isinstance(a, Retainer))
    media = next(a for a in contract.arrangements if isinstance(a, MediaCommission))
    example = media.commission(PLACEMENT.gross or Money.zero("EUR"))
    end = contract.end or contract.start
    notice = contract.notice_deadline(s.calendar) or end
    return Section(
        "4. The contract: a retainer and media commission",
        [
            (
                "The contract runs twelve months from the first day of work and renews by itself "
                "unless notice is given; the library computes the last day to give it. It bills a "
                "monthly retainer, prorated by days for a partial month, and a commission on the "
                "media bought for the client."
            ),
            Bullets(
                [
                    (
                        f"{contract.title} ({contract.id}), value {f.money(contract.value)}, "
                        f"{f.day(contract.start)} – {f.day(end)}"
                    ),
                    (
                        f"renewal {contract.renewal.kind.value}, notice "
                        f"{f.number(contract.renewal.notice_days)} days: give notice by "
                        f"{f.day(notice)}"
                    ),
                    f"retainer {f.money(retainer.fee)} a month, proration {retainer.proration}",
                    (
                        f"media commission {f.percent(media.rate)}: on {f.money(example.gross)} of "
                        f"media the agency keeps {f.money(example.commission)} and the media owner "
                        f"is paid {f.money(example.net)}"
                    ),
                    (
                        f"payment terms net {f.number(NET_DAYS)}; "
                        f"VAT {f.percent(contract.taxes[0].rate)}"
                    ),
                ]
            ),
            f.history(contract.history),
        ],
    )


def _step_billing(s: Story, f: _Fmt) -> Section:
    retainer = next(a for a in s.contract.arrangements if isinstance(a, Retainer))
    start, end = s.contract.start, MONTHS[0][1]
    january = retainer.amount_for(start, end)
    days = end.toordinal() - start.toordinal() + 1
    month_days = pendulum.date(end.year, end.month, 1).days_in_month
    return Section(
        "5. Three months billed",
        [
            (
                "billing.bill turns the contract and a month into draft invoices: January is "
                "prorated (work started on the 12th), March adds the poster media at its gross "
                "value. Each invoice is issued on the month's last day, which fixes its due date "
                "from the payment terms."
            ),
            Table(
                ["invoice", "lines", "net", "VAT", "total", "due"],
                [
                    [
                        i.number,
                        _described(i),
                        f.money(i.subtotal),
                        f.money(i.tax_total),
                        f.money(i.total),
                        f.day(i.installments[0].due_on),
                    ]
                    for i in s.invoices
                ],
                numeric=[2, 3, 4],
            ),
            (
                f"January's fee is {days}/{month_days} of {f.money(retainer.fee)}: "
                f"{f.money(january)}. "
                "Every invoice line keeps a reference to the contract, the arrangement and the "
                "period, so billing a month twice adds nothing."
            ),
        ],
    )


def _step_payment(s: Story, f: _Fmt) -> Section:
    paid, late = s.invoices[0], s.invoices[1]
    report = aging(s.invoices, as_of=s.as_of)
    due = late.installments[0].due_on
    late_days = days_overdue(late, as_of=s.as_of)
    return Section(
        "6. A payment, and a late invoice",
        [
            (
                f"The client pays {paid.number} in full on {f.day(s.payment.received_on)}: its "
                f"status moves to {paid.status.value}. {late.number} was due on {f.day(due)} and "
                f"is still unpaid on {f.day(s.as_of)}: {f.number(late_days)} days overdue. "
                "The aging report groups what is open by days past due."
            ),
            Table(
                ["client", *report.labels, "total"],
                [
                    [row.client_id, *(f.money(m) for m in row.amounts), f.money(row.total)]
                    for row in report.rows
                ],
                numeric=range(1, len(report.labels) + 2),
            ),
        ],
    )


def _step_pipeline(s: Story, f: _Fmt) -> Section:
    fc = s.forecast
    cover = coverage(s.opportunities, target=s.pipeline_target)
    won = f.money(cover.won.round())
    if cover.ratio is None:
        covered = f"the {won} already won reaches it (pipeline.coverage)."
    else:
        times = f.number(cover.ratio.quantize(CENT, context=DECIMAL_CONTEXT))
        covered = f"of which {won} is won, the open pipeline covers {times} times what is left "
        covered += "(pipeline.coverage)."
    return Section(
        "7. The pipeline forecast",
        [
            (
                "New business with the client sits in the pipeline: each deal's weighted value "
                "is its amount times its stage's probability, and the forecast groups the deals "
                "by month of expected close, in the client's currency."
            ),
            Table(
                ["opportunity", "stage", "probability", "amount", "weighted", "closes"],
                [
                    [
                        f"{o.name} ({o.id})",
                        o.stage,
                        f.percent(o.probability),
                        f.money(o.amount),
                        f.money(o.weighted_amount.round()),
                        f.day(o.close_on),
                    ]
                    for o in s.opportunities
                ],
                numeric=[2, 3, 4],
            ),
            Table(
                ["month", "deals", "amount", "weighted"],
                [
                    [
                        format_month(c.key[0], f.locale),
                        f.number(c.count),
                        f.money(c.amount),
                        f.money(c.weighted_amount),
                    ]
                    for c in fc.rows
                ]
                + [
                    [
                        "total",
                        f.number(fc.total.count),
                        f.money(fc.total.amount),
                        f.money(fc.total.weighted_amount),
                    ]
                ],
                numeric=[1, 2, 3],
            ),
            (f"Against a revenue target of {f.money(s.pipeline_target)}, {covered}"),
        ],
    )


def _step_health(s: Story, f: _Fmt) -> Section:
    health = s.health
    table = health.document_section(f.locale).blocks
    return Section(
        "9. Account health",
        [
            (
                "AccountHealth.assess scores the account from named signals, each with its value, "
                "threshold and weight; the thresholds are parameters (HealthThresholds) with "
                "documented defaults. The score, the weight within threshold over the weight "
                "measured, explains itself."
            ),
            *table,
            (
                "The overdue invoice and the late posters are the alerts. The renewal notice is "
                f"not measured: the last day to give notice on the contract ({f.day(_notice(s))}) "
                f"lies beyond the report's {f.number(RENEWAL_DAYS)}-day window for renewals."
            ),
        ],
    )


def _step_estimate(s: Story, f: _Fmt) -> Section:
    done = s.estimate
    estimate = done.estimate
    totals = estimate.totals()
    rows = [
        [
            line.key,
            f.number(line.hours) if isinstance(line, LabourLine) else "",
            f.money(estimate.rate_for(line.role)) if isinstance(line, LabourLine) else "",
            f.money(estimate.line_amount(line)),
            "option, accepted" if line.optional else "",
        ]
        for line in estimate.lines
    ]
    return Section(
        "10. An estimate for the summer job",
        [
            (
                "Before the summer campaign is contracted, the account executive proposes it "
                "with a price: hours by role from the agency's rate card (the client has its own "
                "rate for designers), the film shoot at net plus 15% markup, a 5% contingency and "
                "an option. The client accepts it with the option; acceptance gives the job's "
                "budget and, here, two fixed-fee milestones."
            ),
            Table(["line", "hours", "rate", "amount", "note"], rows, numeric=[1, 2, 3]),
            Bullets(
                [
                    (
                        f"labour {f.money(totals.labour)}, costs {f.money(totals.costs)}, markup "
                        f"{f.money(totals.markup)}, contingency {f.money(totals.contingency)}: "
                        f"total {f.money(totals.total)}"
                    ),
                    (
                        f"sent {f.moment(estimate.history[0].at)}, accepted "
                        f"{f.moment(estimate.history[-1].at)} (valid until "
                        f"{f.day(estimate.valid_until)}); status {estimate.status.value}"
                    ),
                    (
                        f"budget {done.budget.id}, {f.day(done.budget.start)} – "
                        f"{f.day(done.budget.end)}: "
                        + ", ".join(
                            f"{line.key} {f.money(line.planned)}" for line in done.budget.lines
                        )
                    ),
                    "milestones: "
                    + ", ".join(
                        f"{m.name} {f.money(m.amount)}"
                        for m in done.arrangements
                        if isinstance(m, Milestone) and m.amount is not None
                    ),
                ]
            ),
        ],
    )


def _hours(duration: dt.timedelta) -> str:
    minutes = duration // dt.timedelta(minutes=1)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _step_sla(s: Story, f: _Fmt) -> Section:
    issue, status = s.issue, s.sla
    first, resolution = status.first_response, status.resolution
    targets = [clock.target // dt.timedelta(hours=1) for clock in (first, resolution)]
    local_due = pendulum.instance(resolution.due or SLA_AT).in_timezone(TIMEZONE)
    due = f"{f.moment(local_due)} {local_due.format('HH:mm')}"
    return Section(
        "11. A client issue and its service levels",
        [
            (
                "The client reports posters missing at two sites. The issue is acknowledged, "
                "waits on the client for a corrected site list, and resumes. The service levels "
                "count business hours on the client's Berlin calendar, and the resolution clock "
                "stops while the agency waits on the client."
            ),
            Bullets(
                [
                    (
                        f"{issue.subject} ({issue.id}), severity {issue.severity.value}, opened "
                        f"{f.moment(issue.opened_at)}; status {status.issue_status.value}"
                    ),
                    (
                        f"first response within {f.number(targets[0])} business hours: "
                        f"{first.state.value} after {_hours(first.elapsed)}"
                    ),
                    (
                        f"resolution within {f.number(targets[1])} business hours: "
                        f"{_hours(resolution.elapsed)} counted, {_hours(resolution.remaining)} "
                        f"left, due {due}"
                    ),
                    (
                        f"who acts next: {s.escalation.person} ({s.escalation.role}), "
                        f"{s.escalation.reason}"
                    ),
                ]
            ),
            f.history(issue.history),
        ],
    )


def _notice(s: Story) -> pendulum.Date:
    return s.contract.notice_deadline(s.calendar) or s.contract.start


def document(locale: str = "en_US", fmt: str = "text") -> Document:
    """The walk-through as a document with figures written for ``locale``.

    ``fmt`` only decides whether charts (a Mermaid Gantt chart) are included: not in plain text.

    >>> doc = document(locale="en_US")
    >>> [section.title for section in doc.sections[:2]]
    ['1. The account and its team', '2. A brief, submitted and approved']
    >>> def has_chart(d):
    ...     return any(isinstance(b, Code) for section in d.sections for b in section.blocks)
    >>> has_chart(doc), has_chart(document(locale="en_US", fmt="html"))
    (False, True)
    """
    _check_locale(locale)
    s = story()
    f = _Fmt(locale, TIMEZONE)
    report_doc = s.report.document(locale)
    report_intro = Section(
        "8. The client report",
        [
            (
                f"ClientReport.build gathers all of it as of {f.day(s.as_of)}: campaign status and "
                "deliverables due, budget burn against theoretical spend, open invoices and aging, "
                "renewals coming up, the pipeline and the activity log. It is data first; here it "
                f"is rendered with figures for {locale}."
            ),
        ],
    )
    report_sections = [
        Section(section.title, section.blocks, level=3) for section in report_doc.sections
    ]
    return Document(
        title="accountexec demo: one agency, one client, from brief to client report",
        subtitle=(
            f"{AGENCY} and {s.account.client.legal_name}, January to April 2026; "
            f"figures for {locale}"
        ),
        sections=[
            _step_account(s, f),
            _step_brief(s, f),
            _step_campaign(s, f, fmt),
            _step_contract(s, f),
            _step_billing(s, f),
            _step_payment(s, f),
            _step_pipeline(s, f),
            report_intro,
            *report_sections,
            _step_health(s, f),
            _step_estimate(s, f),
            _step_sla(s, f),
        ],
        lang=locale.replace("_", "-"),
    )


def run(locale: str = "en_US", fmt: str = "text") -> str:
    """Return the walk-through as ``fmt`` ("text", "markdown" or "html") for ``locale``.

    HTML is a whole page (save it and open it in a browser).

    >>> print(run(locale="de_DE", fmt="markdown").splitlines()[0])
    # accountexec demo: one agency, one client, from brief to client report
    """
    if fmt not in FORMATS:
        raise ValidationError("fmt", fmt, "one of 'text', 'markdown', 'html'")
    return render(document(locale, fmt), fmt, standalone=True)
