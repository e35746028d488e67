"""A collection of opportunities: one value to serialise, load and hand to a dataframe.

:class:`Opportunities` holds opportunities in order, with the pipelines they use. Written by
:func:`~accountexec.serialize.to_dict`, it is one document that stores each pipeline once, by
name, and opportunities that refer to their pipeline by that name; read back by
:func:`~accountexec.serialize.from_dict`, every opportunity of a pipeline shares one
:class:`~accountexec.pipeline.Pipeline` object. :meth:`Opportunities.to_records` and
:meth:`Opportunities.to_arrow` give one row per opportunity for pandas, polars or DuckDB.

>>> from datetime import date
>>> from accountexec.money import Money
>>> from accountexec.pipeline import Opportunity
>>> from accountexec.serialize import from_dict, to_dict
>>> deals = Opportunities([
...     Opportunity(id=f"O-{i}", account_id="ACME", name="deal", amount=Money("1000.00", "EUR"),
...                 stage="proposal", close_on=date(2026, 7, 1), owner="ana",
...                 created_on=date(2026, 3, 2))
...     for i in range(3)])
>>> document = to_dict(deals)
>>> [p["name"] for p in document["pipelines"]], document["opportunities"][0]["pipeline"]
(['simple'], 'simple')
>>> loaded = from_dict(Opportunities, document)
>>> loaded == deals, loaded[0].pipeline is loaded[2].pipeline
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, overload

import attrs

from accountexec import _columns
from accountexec._fields import to_sequence_of
from accountexec.errors import ValidationError
from accountexec.pipeline.opportunities import Opportunity, Pipeline

__all__ = ["Opportunities"]


def _to_items(value: Iterable[Opportunity]) -> tuple[Opportunity, ...]:
    return to_sequence_of("opportunities", Opportunity, value)


@attrs.frozen
class Opportunities:
    """Opportunities in order, with the pipelines they use (one pipeline per name).

    Two opportunities whose pipelines share a name must have equal pipelines, so that a document
    can name a pipeline instead of repeating it.

    >>> from datetime import date
    >>> from accountexec.money import Money
    >>> from accountexec.pipeline import Opportunity, Pipeline, Stage
    >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal", amount=Money("10.00", "EUR"),
    ...                    stage="lead", close_on=date(2026, 7, 1), owner="ana",
    ...                    created_on=date(2026, 3, 2))
    >>> len(Opportunities([deal, deal])), [p.name for p in Opportunities([deal]).pipelines]
    (2, ['simple'])
    >>> other = Pipeline(name="simple", stages=[Stage("lead", "0.2", "pipeline"),
    ...                  Stage("won", 1, "closed", is_won=True),
    ...                  Stage("lost", 0, "omitted", is_lost=True)])
    >>> Opportunities([deal, attrs.evolve(deal, id="O-2", pipeline=other)])
    Traceback (most recent call last):
    ...
    accountexec.errors.ValidationError: invalid 'opportunities': 'simple'; expected ...
    """

    items: tuple[Opportunity, ...] = attrs.field(converter=_to_items)
    _pipelines: tuple[Pipeline, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_name: dict[str, Pipeline] = {}
        seen: set[int] = set()
        for opportunity in self.items:
            pipeline = opportunity.pipeline
            if id(pipeline) in seen:  # the common case: one shared object
                continue
            known = by_name.setdefault(pipeline.name, pipeline)
            if known is not pipeline and known != pipeline:
                raise ValidationError(
                    "opportunities",
                    pipeline.name,
                    "opportunities whose pipelines of one name are equal (rename one pipeline)",
                )
            seen.add(id(pipeline))
        object.__setattr__(self, "_pipelines", tuple(by_name.values()))

    @property
    def pipelines(self) -> tuple[Pipeline, ...]:
        """The pipelines the opportunities use, one per name, in order of first use."""
        return self._pipelines

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Opportunity]:
        return iter(self.items)

    @overload
    def __getitem__(self, index: int) -> Opportunity: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Opportunity, ...]: ...
    def __getitem__(self, index: int | slice) -> Opportunity | tuple[Opportunity, ...]:
        return self.items[index]

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per opportunity: ids and names as text, dates, Decimal amounts.

        >>> from datetime import date
        >>> from accountexec.money import Money
        >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
        ...                    amount=Money("1000.00", "EUR"), stage="proposal",
        ...                    close_on=date(2026, 7, 1), owner="ana", created_on=date(2026, 3, 2))
        >>> record = Opportunities([deal]).to_records()[0]
        >>> record["amount"], record["probability"], record["weighted_amount"]
        (Decimal('1000.00'), Decimal('0.5'), Decimal('500.000'))
        """
        return [
            {
                "id": o.id,
                "account_id": o.account_id,
                "name": o.name,
                "pipeline": o.pipeline.name,
                "stage": o.stage,
                "forecast_category": o.forecast_category.value,
                "owner": o.owner,
                "created_on": o.created_on,
                "close_on": o.close_on,
                "currency": o.amount.currency.code,
                "amount": o.amount.amount,
                "probability": o.probability.value,
                "probability_source": o.probability_source,
                "weighted_amount": o.weighted_amount.amount,
            }
            for o in self.items
        ]

    def to_arrow(self) -> Any:
        """:meth:`to_records` as a ``pyarrow.Table``: ``date32`` dates, exact decimal columns.

        Needs pyarrow (the ``arrays`` extra).

        >>> from datetime import date
        >>> from accountexec.money import Money
        >>> deal = Opportunity(id="O-1", account_id="ACME", name="deal",
        ...                    amount=Money("1000.00", "EUR"), stage="proposal",
        ...                    close_on=date(2026, 7, 1), owner="ana", created_on=date(2026, 3, 2))
        >>> table = Opportunities([deal]).to_arrow()
        >>> str(table.schema.field("amount").type), table.column("close_on").to_pylist()
        ('decimal128(38, 2)', [datetime.date(2026, 7, 1)])
        """
        return _columns.to_table(self.to_records(), _COLUMNS, "Opportunities.to_arrow")


_COLUMNS: Final[dict[str, _columns.ColumnKind]] = {
    "id": "text",
    "account_id": "text",
    "name": "text",
    "pipeline": "text",
    "stage": "text",
    "forecast_category": "text",
    "owner": "text",
    "created_on": "date",
    "close_on": "date",
    "currency": "text",
    "amount": "decimal",
    "probability": "decimal",
    "probability_source": "text",
    "weighted_amount": "decimal",
}
