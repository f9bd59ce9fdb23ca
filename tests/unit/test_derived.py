"""The loader's derived frames hold what their schemas say, on the bundled data and the fixture."""

from __future__ import annotations

import pytest

from evidence.data import derived
from evidence.data.load import load_dataset
from tests.conftest import FIXTURE_DATA, REAL_DATA


def _frames(dataset) -> dict:
    return {name: getattr(dataset, attribute) for name, attribute in derived.FRAMES.items()}


@pytest.mark.parametrize("folder", [REAL_DATA, FIXTURE_DATA], ids=["bundled", "fixture"])
def test_derived_frames_pass_their_schemas(folder) -> None:
    assert derived.check(_frames(load_dataset(folder))) == []


def test_a_broken_derivation_is_named_by_column() -> None:
    frames = _frames(load_dataset(FIXTURE_DATA))
    frames["studies.csv"] = frames["studies.csv"].assign(outcome_list="running_economy")  # a string, not a list
    frames["results.csv"] = frames["results.csv"].assign(verified="true")  # text, not a boolean
    problems = derived.check(frames)
    assert any(p.startswith("studies.csv outcome_list: a list of non-empty texts") for p in problems), problems
    assert any(p.startswith("results.csv verified") for p in problems), problems


def test_every_derived_column_has_a_schema_and_a_description() -> None:
    from evidence.data.schema import DERIVED_COLUMNS

    for name, columns in DERIVED_COLUMNS.items():
        schema = derived.SCHEMAS[name]
        assert set(columns) <= set(schema.columns)
        assert all(schema.columns[c].description for c in schema.columns)
