"""Opportunity collections: one document with each pipeline once, loaded sharing it."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given

from accountexec.errors import ValidationError
from accountexec.money import Money, Rate
from accountexec.opportunities import Opportunities
from accountexec.pipeline import Opportunity, Pipeline, Stage
from accountexec.serialize import SCHEMA_VERSION, from_dict, to_dict
from accountexec.strategies import opportunity_collections


def deal(i: int, pipeline: Pipeline | None = None, stage: str = "lead") -> Opportunity:
    return Opportunity(
        id=f"O-{i}",
        account_id="ACME",
        name=f"deal {i}",
        amount=Money("1000.00", "EUR"),
        stage=stage,
        close_on=dt.date(2026, 7, 1),
        owner="ana",
        created_on=dt.date(2026, 3, 2),
        pipeline=pipeline if pipeline is not None else Pipeline.simple(),
    )


RENEWALS = Pipeline(
    name="renewals",
    stages=[
        Stage("due", "0.8", "commit"),
        Stage("renewed", 1, "closed", is_won=True),
        Stage("churned", 0, "omitted", is_lost=True),
    ],
)


class TestTheDocument:
    def test_each_pipeline_is_written_once_and_named_by_each_opportunity(self) -> None:
        collection = Opportunities([deal(1), deal(2, RENEWALS, "due"), deal(3)])
        document = json.loads(json.dumps(to_dict(collection)))
        assert document["_schema"] == SCHEMA_VERSION
        assert [p["name"] for p in document["pipelines"]] == ["simple", "renewals"]
        assert [o["pipeline"] for o in document["opportunities"]] == [
            "simple", "renewals", "simple",
        ]  # fmt: skip

    def test_loading_shares_one_pipeline_object_per_name(self) -> None:
        collection = Opportunities([deal(i) for i in range(5)] + [deal(9, RENEWALS, "due")])
        loaded = from_dict(Opportunities, json.loads(json.dumps(to_dict(collection))))
        assert loaded == collection
        assert len({id(o.pipeline) for o in loaded}) == 2

    @given(opportunity_collections())
    def test_round_trip(self, collection: Opportunities) -> None:
        assert from_dict(Opportunities, json.loads(json.dumps(to_dict(collection)))) == collection

    def test_a_list_of_opportunity_documents_that_embed_their_pipeline_still_loads(self) -> None:
        old = [to_dict(deal(1)), to_dict(deal(2)), to_dict(deal(3, RENEWALS, "due"))]
        for item in old:
            del item["_schema"]
        loaded = from_dict(Opportunities, {"opportunities": old})
        assert [o.id for o in loaded] == ["O-1", "O-2", "O-3"]
        assert loaded[0].pipeline is loaded[1].pipeline
        assert [p.name for p in loaded.pipelines] == ["simple", "renewals"]

    def test_a_single_opportunity_document_still_loads_and_reuses_a_recent_pipeline(self) -> None:
        first = from_dict(Opportunity, to_dict(deal(1)))
        second = from_dict(Opportunity, to_dict(deal(2)))
        assert first == deal(1)
        assert first.pipeline is second.pipeline

    def test_a_pipeline_that_is_not_written_is_refused_with_its_path(self) -> None:
        document = to_dict(Opportunities([deal(1), deal(2)]))
        document["opportunities"][1]["pipeline"] = "agency"
        with pytest.raises(
            ValidationError, match=r"'pipeline' at \$\.opportunities\[1\]: 'agency'"
        ):
            from_dict(Opportunities, document)

    def test_a_bad_field_names_its_path_inside_the_collection(self) -> None:
        document = to_dict(Opportunities([deal(1), deal(2)]))
        document["opportunities"][1]["amount"]["amount"] = "ten"
        with pytest.raises(ValidationError, match=r"\$\.opportunities\[1\]\.amount"):
            from_dict(Opportunities, document)

    def test_unknown_keys_and_duplicate_pipelines_are_refused(self) -> None:
        document = to_dict(Opportunities([deal(1)]))
        with pytest.raises(ValidationError, match="'pipelines' and 'opportunities'"):
            from_dict(Opportunities, {**document, "owner": "ana"})
        twice = {**document, "pipelines": document["pipelines"] * 2}
        with pytest.raises(ValidationError, match="written twice"):
            from_dict(Opportunities, twice)


class TestTheCollection:
    def test_two_different_pipelines_of_one_name_are_refused(self) -> None:
        other = attrs.evolve(RENEWALS, name="simple")
        with pytest.raises(ValidationError, match="'opportunities': 'simple'"):
            Opportunities([deal(1), deal(2, other, "due")])

    def test_it_is_a_sequence_of_its_opportunities(self) -> None:
        collection = Opportunities([deal(1), deal(2)])
        assert len(collection) == 2
        assert [o.id for o in collection] == ["O-1", "O-2"]
        assert collection[1].id == "O-2"
        assert collection[:1] == (deal(1),)

    def test_anything_but_opportunities_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="opportunities"):
            Opportunities([deal(1), "O-2"])  # type: ignore[list-item]


class TestRecords:
    def test_one_record_per_opportunity_with_its_weighted_amount(self) -> None:
        manual = attrs.evolve(deal(2, stage="proposal"), probability=Rate("0.3"))
        records = Opportunities([deal(1), manual]).to_records()
        assert [(r["stage"], r["probability"], r["weighted_amount"]) for r in records] == [
            ("lead", Rate("0.1").value, Money("100.000", "EUR").amount),
            ("proposal", Rate("0.3").value, Money("300.000", "EUR").amount),
        ]
        assert records[1]["probability_source"] == "manual"
