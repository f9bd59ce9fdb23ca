"""Chart builders: the table twin's counts and the figure's traces, order and colours."""

from __future__ import annotations

from evidence import charts
from evidence.data import load_dataset
from tests.conftest import FIXTURE_DATA


def test_outcomes_table_counts_each_outcome_once_per_work() -> None:
    table = charts.outcomes_table(load_dataset(FIXTURE_DATA).studies)
    rows = table.set_index("Outcome")
    assert rows.loc["Running economy", "Randomised trials"] == 1
    assert rows.loc["Hip strength", "Observational studies"] == 1
    assert rows.loc["Injuries", "Reviews of studies"] == 1
    assert rows.loc["Other outcomes", "Expert reviews, guidance, blogs"] == 1
    assert rows["Total"].sum() == 5  # alpha counts under two outcomes
    assert list(table.columns) == [
        "Outcome",
        "Reviews of studies",
        "Randomised trials",
        "Observational studies",
        "Expert reviews, guidance, blogs",
        "Total",
    ]


def test_outcomes_figure_traces_follow_the_table() -> None:
    table = charts.outcomes_table(load_dataset(FIXTURE_DATA).studies)
    figure = charts.outcomes_figure(table)
    assert [trace.name for trace in figure.data] == [c for c in table.columns if c not in ("Outcome", "Total")]
    trials = next(t for t in figure.data if t.name == "Randomised trials")
    assert trials.orientation == "h"
    assert trials.marker.color == charts.OKABE_ITO["green"]
    assert dict(zip(trials.y, trials.x, strict=True)) == {
        "Other outcomes": 0, "Hip strength": 0, "Injuries": 0, "Performance": 1, "Running economy": 1
    }  # fmt: skip
    assert figure.layout.barmode == "stack"
    assert figure.layout.xaxis.title.text == "Number of works"


def test_design_groups_cover_every_design() -> None:
    from evidence.schema import DESIGNS

    grouped = [d for _, designs in charts.DESIGN_GROUPS.values() for d in designs]
    assert sorted(grouped) == sorted(DESIGNS)


def test_empty_selection_gives_empty_table() -> None:
    studies = load_dataset(FIXTURE_DATA).studies.iloc[0:0]
    assert charts.outcomes_table(studies).empty
