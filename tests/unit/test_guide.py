"""The runners' guide: every chart row comes from the data, signs read 'improvement', and results without a
number are drawn as what the paper states, checked against the recorded note."""

from __future__ import annotations

import pytest

from evidence.data.load import load_dataset
from evidence.views import charts, guide
from tests.conftest import REAL_DATA


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def test_every_section_names_existing_results_and_claims(real) -> None:
    result_ids, claim_ids = set(real.results["result_id"]), set(real.claims["claim_id"])
    for section in guide.SECTIONS:
        assert set(section.results) <= result_ids, section.key
        assert set(section.claims) <= claim_ids, section.key
        assert {r for r, _ in section.stated} <= set(section.results)


def test_economy_bars_read_as_improvement(real) -> None:
    section = next(s for s in guide.SECTIONS if s.key == "economy")
    table = guide.change_rows(section, real.results).set_index("result_id")
    # Støren: oxygen cost -5.0% (lower is better) is drawn as +5.0 improvement; Piacentini's printed +6.17 stays.
    assert table.loc["storen2008-01", "Change (%)"] == 5.0
    assert table.loc["piacentini2013-02", "Change (%)"] == 6.17
    assert not table.loc["johnston1995-01", "Read in the source"]  # second-hand number, drawn hatched


def test_results_without_numbers_say_what_the_paper_states(real) -> None:
    notes = real.results.set_index("result_id")["note"].str.lower()
    for section in guide.SECTIONS:
        for result_id, stated in section.stated:
            note = notes[result_id]
            if stated == guide.IMPROVED:
                assert "improved" in note, result_id
            else:
                said = ("no change", "unchanged", "did not change", "no significant", "no changes", "no differences")
                assert any(phrase in note for phrase in said), result_id


def test_a_result_without_number_or_statement_is_refused(real) -> None:
    section = guide.Section("x", "q", "a", "changes", "t", "x", ("vikmoen2016-01",), ())
    with pytest.raises(ValueError, match="has no number"):
        guide.change_rows(section, real.results)


def test_change_bars_mark_second_hand_and_numberless_results(real) -> None:
    section = next(s for s in guide.SECTIONS if s.key == "economy")
    table = guide.change_rows(section, real.results)
    figure = charts.change_bars(table, section.chart_title, section.axis_title)
    bar = figure.data[0]
    labels = [label.split("<br>")[0] for label in list(bar.y)[::-1]]  # drawn bottom-up; study above its group
    assert list(bar.y)[-1] == "Støren et al. 2008<br>change in the lifting group"  # runner words, no arm codes
    seconds = {label.split("<br>")[0]: label.split("<br>")[1] for label in bar.y}
    assert seconds["Saunders et al. 2006"] == "vs runners who did not lift"  # a between-group change, said so
    assert seconds["Ferrauti et al. 2010"] == "vs runners who did not lift"
    texts = dict(zip(labels, list(bar.text)[::-1], strict=True))
    patterns = dict(zip(labels, list(bar.marker.pattern.shape)[::-1], strict=True))
    assert texts["Støren et al. 2008"] == "+5.0%"
    assert texts["Johnston et al. 1997"] == "improved"  # short for a phone; the hover says 'size not given'
    assert texts["Vikmoen et al. 2016"] == "no change"
    assert guide.NO_CHANGE in list(bar.customdata) and guide.IMPROVED in list(bar.customdata)
    assert patterns["Johnston et al. 1995"] == "/"


def test_injury_ratios_on_a_log_axis_with_their_intervals(real) -> None:
    section = next(s for s in guide.SECTIONS if s.key == "injuries")
    table = guide.ratio_rows(section, real.results)
    figure = charts.ratio_dots(table, section.chart_title, section.axis_title)
    points = dict(zip(figure.data[0].y, figure.data[0].x, strict=True))
    assert points["Toresdahl et al. 2020, marathon runners (risk ratio)"] == 0.97
    assert points["Lauersen et al. 2014, athletes in many sports (risk ratio)"] == 0.315
    assert figure.layout.xaxis.type == "log"
    assert {a.text for a in figure.layout.annotations} >= {
        "← fewer injuries with the plan",
        "more injuries with the plan →",
    }


def test_every_bar_keeps_its_own_row(real) -> None:
    for section in guide.SECTIONS:
        if section.chart == "changes":
            table = guide.change_rows(section, real.results)
            figure = charts.change_bars(table, section.chart_title, section.axis_title)
            assert len(set(figure.data[0].y)) == len(table), section.key
