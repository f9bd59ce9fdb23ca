"""Every chart's text alternative: what it shows and its main number, computed from the chart's own table (hand-made
tables with known answers, and the real data's charts checked against their tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.data.load import load_dataset
from evidence.stats import effects
from evidence.views import charts, forest_text, guide
from evidence.views.summaries import fmt
from evidence.views.text import in_sentence
from tests.conftest import FIXTURE_DATA, REAL_DATA


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def test_outcomes_alt_names_the_largest_bar_and_its_strong_designs() -> None:
    table = pd.DataFrame(
        {
            "Outcome": ["Running economy", "VO2max"],
            "Reviews of studies": [3, 0],
            "Randomised trials": [4, 1],
            "Observational studies": [2, 5],
            "Total": [9, 6],
        }
    )
    alt = charts.outcomes_alt_text(table)
    assert "2 outcomes" in alt
    assert "The most measured is running economy, in 9 works (7 of them reviews or randomised trials)." in alt


def test_outcomes_alt_of_the_fixture_follows_its_table() -> None:
    table = charts.outcomes_table(load_dataset(FIXTURE_DATA).studies)
    alt = charts.outcomes_alt_text(table)
    assert f"{len(table)} outcomes" in alt and f"in {int(table['Total'].iloc[0])} work" in alt


def test_gap_and_timeline_alts_name_their_main_numbers() -> None:
    gaps = pd.DataFrame(
        {"Outcome": ["Injuries", "VO2max"], "Intervention": ["heavy lifting", "plyometrics"], "Works": [5, 2],
         "Strongest design": ["meta-analysis", "randomised trial"]}
    )  # fmt: skip
    assert charts.gap_alt_text(gaps) == (
        "Bubble chart of 2 outcome and intervention pairs, sized by the number of works. The most studied: injuries "
        "with heavy lifting, 5 works (strongest design: meta-analysis)."
    )
    timeline = pd.DataFrame(
        {"Year": [2001, 2015, 2019], "Finding": ["benefit found", "no difference found", "benefit found"]}
    )
    assert charts.timeline_alt_text(timeline) == (
        "Timeline of 3 works published from 2001 to 2019, one row per kind of design: 2 benefit found; "
        "1 no difference found."
    )
    assert "no work" in charts.timeline_alt_text(timeline.iloc[0:0])


def test_in_sentence_lowers_a_word_but_not_an_abbreviation() -> None:
    assert in_sentence("Running economy") == "running economy"
    assert in_sentence("VO2max") == "VO2max"


def test_guide_alts_give_the_range_or_the_count_below_one(real) -> None:
    for section in guide.SECTIONS:
        table = guide.section_table(section, real.results)
        alt = guide.section_alt_text(section, table)
        assert section.chart_title in alt and f"{len(table)} " in alt, section.key
    injuries = next(s for s in guide.SECTIONS if s.chart == "ratios")
    table = guide.section_table(injuries, real.results)
    below = int((table["Upper 95% CI"] < 1).sum())
    assert f"{below} of {len(table)} have their whole interval below 1" in guide.section_alt_text(injuries, table)


def test_a_changes_alt_counts_what_is_stated_without_a_number() -> None:
    section = next(s for s in guide.SECTIONS if s.key == "economy")
    table = pd.DataFrame(
        {"Study": ["A", "B", "C"], "Compared with": ["x"] * 3, "Change (%)": [4.0, -1.25, 0.0],
         "Number given": [True, True, False]}
    )  # fmt: skip
    alt = guide.section_alt_text(section, table)
    assert alt.endswith(f"3 results; {section.axis_title}: from −1.3% to 4.0%; 1 stated without a number.")


def test_forest_alt_gives_the_pooled_estimate_or_the_range(real) -> None:
    trials = effects.trial_effects(real.results, real.studies, "running_economy", "hedges_g")
    view = forest_text.build_view(trials, "hedges_g")
    assert view.result is not None
    label, value = forest_text.summary_lines(view.result, "hedges_g")[0]
    alt = forest_text.chart_alt_text("running_economy", view)
    assert alt.startswith(f"Forest plot, running economy: {len(view.rows)} trials, each with its 95% CI")
    assert value in alt and label.split()[-1] in alt
    unpooled = forest_text.build_view(trials, "hedges_g", leave_out=trials["study_key"].iloc[1:])
    assert forest_text.chart_alt_text("running_economy", unpooled).endswith(
        f"its estimate is {fmt(trials['effect'].iloc[0], 'hedges_g')}."
    )
