"""Chart builders: the table twin's counts and the figure's traces, order and colours."""

from __future__ import annotations

from evidence.data.load import load_dataset
from evidence.views import charts
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
    from evidence.data.schema import DESIGNS

    grouped = [d for _, designs in charts.DESIGN_GROUPS.values() for d in designs]
    assert sorted(grouped) == sorted(DESIGNS)


def test_empty_selection_gives_empty_table() -> None:
    studies = load_dataset(FIXTURE_DATA).studies.iloc[0:0]
    assert charts.outcomes_table(studies).empty


def test_gap_table_counts_works_and_names_the_strongest_design() -> None:
    table = charts.gap_table(load_dataset(FIXTURE_DATA).studies).set_index(["outcome", "intervention"])
    assert table.loc[("running_economy", "heavy_strength"), "Works"] == 1
    assert table.loc[("running_economy", "heavy_strength"), "Strongest design"] == "randomised trial"
    assert table.loc[("injury_overall", "injury_prevention_program"), "Strongest design"] == "meta-analysis"
    assert len(table) == 5


def test_gap_figure_sizes_bubbles_by_works_and_colours_by_design() -> None:
    table = charts.gap_table(load_dataset(FIXTURE_DATA).studies)
    figure = charts.gap_figure(table)
    by_name = {trace.name: trace for trace in figure.data}
    assert set(by_name) == {
        "Reviews of studies",
        "Randomised trials",
        "Observational studies",
        "Expert reviews, guidance, blogs",
    }
    trials = by_name["Randomised trials"]
    assert list(trials.y) == ["Performance", "Running economy"] and list(trials.x) == ["heavy lifting"] * 2
    assert list(trials.marker.size) == [21, 21] and trials.marker.color == charts.OKABE_ITO["green"]
    assert [c[:2] for c in trials.customdata] == [
        ["time_trial", "heavy_strength"],
        ["running_economy", "heavy_strength"],
    ]


def test_timeline_marks_null_results_with_their_own_symbol() -> None:
    table = charts.timeline_table(load_dataset(FIXTURE_DATA).studies)
    assert list(table["Study"]) == ["Alpha & Omega 2001", "Beta 2005", "Gamma et al. 2010", "Delta 2015"]
    figure = charts.timeline_figure(table)
    null = next(t for t in figure.data if t.name == "No difference found")
    assert null.marker.symbol == "x-thin-open" and list(null.x) == [2005] and list(null.y) == ["Observational studies"]


def test_a_timeline_of_many_works_draws_one_marker_per_year_group_and_finding_with_its_count() -> None:
    table = charts.timeline_table(load_dataset(FIXTURE_DATA).studies)
    import pandas as pd

    many = pd.concat([table] * 100, ignore_index=True)  # 400 works: past the limit of one marker per work
    assert len(many) > charts.TIMELINE_MAX_MARKERS
    figure = charts.timeline_figure(many)
    points = [(round(x), y, t.name, c[0]) for t in figure.data for x, y, c in zip(t.x, t.y, t.customdata, strict=True)]
    assert len(points) == 4  # each fixture work is alone in its year, group and finding
    assert {p[3] for p in points} == {100} and sum(p[3] for p in points) == len(many)
    null = next(t for t in figure.data if t.name == "No difference found")
    assert null.marker.symbol == "x-thin-open" and list(null.y) == ["Observational studies"]
    assert abs(null.x[0] - 2005) < 0.5  # beside its year, never pushed into later years
    assert null.hovertemplate.startswith("%{customdata[0]} works (%{customdata[1]})") and null.customdata[0][1] == 2005
    assert len(charts.timeline_figure(table).data[0].x) <= len(table)  # a few works: one marker each, as before


def test_inked_gives_every_text_without_its_own_colour_the_figure_ink_in_one_new_figure() -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from evidence.views.style import FIGURE_INK, inked

    figure = make_subplots(rows=2, cols=1)
    figure.add_scatter(x=[1, 2], y=[3, 4], row=1, col=1)
    figure.add_scatter(x=[1, 2], y=[5, 6], row=2, col=1)
    figure.update_layout(annotations=[dict(text="own colour", font=dict(color="#333333")), dict(text="none")])
    made = inked(figure, {"title": "Injuries", "xaxis2": {"title": "Risk ratio"}, "height": 300})
    assert isinstance(made, go.Figure)
    layout = made.to_dict()["layout"]
    assert layout["title"] == {"text": "Injuries", "font": {"color": FIGURE_INK}}  # a title given as its text
    assert layout["legend"]["font"]["color"] == FIGURE_INK and layout["height"] == 300
    for axis in ("xaxis", "xaxis2", "yaxis", "yaxis2"):  # every subplot's axes
        assert layout[axis]["tickfont"]["color"] == FIGURE_INK, axis
        assert layout[axis]["title"]["font"]["color"] == FIGURE_INK, axis
    assert layout["xaxis2"]["title"]["text"] == "Risk ratio"
    assert [a["font"]["color"] for a in layout["annotations"]] == ["#333333", FIGURE_INK]  # its own colour wins
    assert [list(t["y"]) for t in made.to_dict()["data"]] == [[3, 4], [5, 6]]  # the traces, unchanged
    assert made.layout.template == go.Figure().layout.template  # plotly's default template, as before
