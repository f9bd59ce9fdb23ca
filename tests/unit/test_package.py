"""The dataset published for reuse: a Frictionless Data Package generated from the schema, and CITATION.cff."""

from __future__ import annotations

import tomllib

import yaml
from frictionless import Package

from evidence.data import package
from evidence.data.schema import FILES
from tests.conftest import REAL_DATA, ROOT


def test_the_committed_descriptor_is_the_generated_one() -> None:
    committed = (REAL_DATA / package.DESCRIPTOR).read_text(encoding="utf-8")
    assert committed == package.descriptor_text(REAL_DATA), "run `python -m evidence.data.package`"


def test_every_column_of_the_schema_is_a_described_field() -> None:
    described = package.descriptor(REAL_DATA)
    for resource in described["resources"]:
        schema, _ = FILES[resource["path"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == list(schema.to_schema().columns)
        assert all(f["description"] for f in resource["schema"]["fields"])
    design = next(f for f in described["resources"][0]["schema"]["fields"] if f["name"] == "design")
    assert "rct" in design["constraints"]["enum"] and design["constraints"]["required"] is True


def test_the_bundled_data_validates_against_its_package() -> None:
    report = Package(str(REAL_DATA / package.DESCRIPTOR)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_a_corrupted_file_fails_the_package_check(fixture_copy) -> None:
    package.main([str(fixture_copy)])
    assert Package(str(fixture_copy / package.DESCRIPTOR)).validate().valid
    studies = fixture_copy / "studies.csv"
    studies.write_text(studies.read_text(encoding="utf-8").replace("alpha2001,found,rct", "alpha2001,found,randomised"))
    results = fixture_copy / "results.csv"
    results.write_text(results.read_text(encoding="utf-8").replace("gamma2010-01,gamma2010", "gamma2010-01,nosuch2010"))
    errors = Package(str(fixture_copy / package.DESCRIPTOR)).validate().flatten(["type", "fieldName"])
    assert ["constraint-error", "design"] in errors
    assert any(kind == "foreign-key" for kind, _ in errors), errors


def test_citation_file_names_the_dataset_version_and_licence() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    with open(REAL_DATA / "dataset.toml", "rb") as handle:
        metadata = tomllib.load(handle)
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == metadata["version"]
    assert citation["date-released"] == metadata["date"]
    assert citation["license"] == "CC-BY-4.0"
