"""Chart builders: the table twin's counts and the figure's traces, order and colours."""

from __future__ import annotations

from evidence import charts
from evidence.data import load_dataset
from tests.conftest import FIXTURE_DATA


def test_findings_table_counts_each_outcome_once_per_study() -> None:
    table = charts.findings_table(load_dataset(FIXTURE_DATA).studies)
    rows = table.set_index("Outcome")
    assert rows.loc["Running economy", "Benefit found"] == 1
    assert rows.loc["Hip strength", "No difference found"] == 1
    assert rows.loc["Other outcomes", "No effect reported"] == 1
    assert rows["Total"].sum() == 5  # alpha counts under two outcomes
    assert list(table.columns) == ["Outcome", "Benefit found", "No difference found", "No effect reported", "Total"]


def test_findings_figure_traces() -> None:
    table = charts.findings_table(load_dataset(FIXTURE_DATA).studies)
    figure = charts.findings_figure(table)
    names = [trace.name for trace in figure.data]
    assert names == ["Benefit found", "No difference found", "No effect reported"]
    benefit = figure.data[0]
    assert benefit.orientation == "h"
    assert benefit.marker.color == charts.OKABE_ITO["positive"]
    assert dict(zip(benefit.y, benefit.x, strict=True))["Running economy"] == 1
    assert figure.layout.barmode == "stack"
    assert figure.layout.xaxis.title.text == "Number of studies"


def test_empty_selection_gives_empty_table() -> None:
    studies = load_dataset(FIXTURE_DATA).studies.iloc[0:0]
    assert charts.findings_table(studies).empty
