"""Loading opportunities from JSON-ready dicts against cattrs on plain attrs classes.

Run: ``python benchmarks/load_opportunities_bench.py`` (about ten seconds). 1,000 opportunities of
the Salesforce-like pipeline are written once; each side then builds them again from dicts:

- accountexec, collection document: ``from_dict(Opportunities, document)``, the pipeline written
  once and named by each opportunity; every constructor validates.
- accountexec, one document per opportunity: ``from_dict(Opportunity, doc)`` for each, each
  document embedding its pipeline (the only form before collections).
- peer: a cattrs ``Converter`` structuring the same collection document into plain attrs classes
  of the same shape (strings, ``Decimal``, ``datetime.date``, a pipeline of plain stages), no
  validation beyond the types.

Goal: the collection document at most 2× the peer. Microseconds per opportunity.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import cattrs

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, interleaved_us, row

from accountexec.money import Money
from accountexec.opportunities import Opportunities
from accountexec.pipeline import Opportunity, Pipeline
from accountexec.serialize import from_dict, to_dict

N = 1_000


@attrs.define
class PlainMoney:
    amount: Decimal
    currency: str


@attrs.define
class PlainStage:
    name: str
    probability: Decimal
    forecast_category: str
    is_won: bool
    is_lost: bool


@attrs.define
class PlainPipeline:
    name: str
    stages: list[PlainStage]


@attrs.define
class PlainOpportunity:
    id: str
    account_id: str
    name: str
    amount: PlainMoney
    stage: str
    close_on: dt.date
    owner: str
    created_on: dt.date
    probability: Decimal | None
    recurring_months: int | None
    lost_reason: str | None
    history: list[dict[str, str]]
    pipeline: str


@attrs.define
class PlainCollection:
    pipelines: list[PlainPipeline]
    opportunities: list[PlainOpportunity]


def peer_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(Decimal, lambda v, _: Decimal(v))
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    return conv


def main() -> None:
    pipeline = Pipeline.salesforce_like()
    names = [s.name for s in pipeline.open_stages]
    deals = Opportunities(
        [
            Opportunity(
                id=f"O-{i}",
                account_id=f"A-{i % 50}",
                name=f"deal {i}",
                amount=Money(f"{1000 + i}.00", ("EUR", "USD", "GBP")[i % 3]),
                stage=names[i % len(names)],
                close_on=dt.date(2026, 1 + i % 12, 1 + i % 28),
                owner=("ana", "ben", "chloe")[i % 3],
                created_on=dt.date(2025, 12, 1),
                pipeline=pipeline,
            )
            for i in range(N)
        ]
    )
    document = to_dict(deals)
    singles = [to_dict(o) for o in deals]
    conv = peer_converter()
    peer_document = {k: v for k, v in document.items() if k != "_schema"}
    assert from_dict(Opportunities, document) == deals
    assert len(conv.structure(peer_document, PlainCollection).opportunities) == N

    collection, each, peer = interleaved_us(
        lambda: from_dict(Opportunities, document),
        lambda: [from_dict(Opportunity, d) for d in singles],
        lambda: conv.structure(peer_document, PlainCollection),
        number=1,
        rounds=7,
    )
    print(HEADER)
    print(row("from_dict(Opportunities), per opportunity", collection / N, peer / N, 2))
    print(row("from_dict(Opportunity) each, per opportunity", each / N, peer / N, 2))


if __name__ == "__main__":
    main()
