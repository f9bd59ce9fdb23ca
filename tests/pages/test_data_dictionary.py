"""Data dictionary, through app.py: every file and column of the schema, and the vocabularies."""

from __future__ import annotations

from evidence.data import schema

PAGE = "pages/data_dictionary.py"


def test_every_column_of_every_file_is_listed_with_its_meaning(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Data dictionary"
    assert [s.value for s in at.subheader][: len(schema.FILES)] == list(schema.FILES)
    for index, (name, (model, _)) in enumerate(schema.FILES.items()):
        table = at.dataframe[index].value
        assert list(table["Column"]) == list(model.to_schema().columns), name
        assert table["Meaning"].str.len().min() > 10
    studies = at.dataframe[0].value.set_index("Column")
    assert "must be one of" in studies.loc["design", "Rules"] or "isin" in studies.loc["design", "Rules"]


def test_vocabularies_and_derived_columns(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    labels = [e.label for e in at.expander]
    assert labels[:3] == ["Design", "Outcome", "Measure"]
    derived = at.dataframe[len(schema.FILES)].value
    assert {"label", "cited_by", "doi"} <= set(derived["Column"])
    design_vocab = at.dataframe[len(schema.FILES) + 1].value
    assert list(design_vocab["Value"]) == list(schema.DESIGNS)
