"""What the reviews say: per question, every review's own pooled estimate, newest first, one axis per measure."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from evidence.data.load import load_dataset
from evidence.views import reviews
from tests.conftest import REAL_DATA

QUESTIONS = {q.key: q for q in reviews.QUESTIONS}


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def _estimates(real, key):
    return reviews.question_estimates(real.results, real.studies, QUESTIONS[key])


def test_only_reviews_own_overall_estimates_newest_first(real) -> None:
    economy = _estimates(real, "economy")
    assert list(economy["year"]) == sorted(economy["year"], reverse=True)
    assert not economy["printed"].any()  # trials' numbers a review printed are not the review's estimate
    assert not economy["comparison"].str.contains("subgroup").any()
    assert set(economy["design"]) <= {"systematic_review_meta_analysis", "systematic_review", "narrative_review"}
    assert economy.iloc[0]["result_id"] == "eihara2022-01"


def test_a_benefit_printed_with_a_plus_sign_is_flipped_on_the_chart_and_said_so(real) -> None:
    economy = _estimates(real, "economy").set_index("result_id")
    berryman = economy.loc["berryman2018-02"]
    assert berryman["value"] == 0.65 and berryman["flipped"] and berryman["shown"] == -0.65
    assert (berryman["shown_low"], berryman["shown_high"]) == (-0.98, -0.32)
    assert not economy.loc["eihara2022-01", "flipped"]
    table = reviews.question_table(_estimates(real, "economy")).set_index("results.csv row")
    assert table.loc["berryman2018-02", "On the chart"].startswith("sign flipped")
    assert table.loc["berryman2018-02", "Estimate"] == "0.65"  # the table keeps the printed number


def test_runner_and_sport_injury_questions_keep_their_reviews_apart(real) -> None:
    runners = set(_estimates(real, "injuries_runners")["study_key"])
    sports = set(_estimates(real, "injuries_sports")["study_key"])
    assert "kozinc2017" in runners and "lauersen2014" in sports and "vandyk2019" in sports
    assert not runners & sports
    assert "peterson2022" not in runners | sports  # a review of strength as a risk factor, not of a programme


def test_the_age_question_reads_reviews_of_older_people_only(real) -> None:
    age = _estimates(real, "age")
    assert {"grgic2020", "peterson2010"} <= set(age["study_key"])
    assert "berryman2018" not in set(age["study_key"])  # maximal strength in young endurance athletes


def test_figure_has_one_panel_per_measure_newest_on_top_and_no_ci_for_a_flagged_row(real) -> None:
    performance = _estimates(real, "performance")
    figure = reviews.question_figure(performance, QUESTIONS["performance"].title)
    spec = json.loads(figure.to_json())
    names = [trace["name"] for trace in spec["data"]]
    assert names == ["SMD or Hedges' g", "Change (%)"]
    first = spec["data"][0]
    assert first["y"][-1].startswith("Eihara et al. 2022")  # the last category is drawn at the top
    flagged = [i for i, label in enumerate(first["y"]) if label.endswith("⚑")]
    assert flagged, first["y"]  # eihara2022-03's printed CI misses its estimate
    assert all(first["error_x"]["array"][i] == 0 and first["error_x"]["arrayminus"][i] == 0 for i in flagged)
    assert "A benefit points left" in spec["layout"]["title"]["text"]
    assert all(len(line) <= 30 for label in first["y"] for line in label.split("<br>"))  # fits a phone
    assert any(label.endswith("⇄") for label in first["y"])  # a benefit printed with + (Ramirez-Campillo 2021)


def test_alt_text_names_the_newest_review_and_its_number(real) -> None:
    text = reviews.question_alt_text(_estimates(real, "economy"), QUESTIONS["economy"])
    estimates = _estimates(real, "economy")
    assert text.startswith(f"{len(estimates)} pooled estimates from {estimates['study_key'].nunique()} reviews")
    assert "Eihara et al. 2022" in text and "−0.32 (95% CI −0.55 to −0.10)" in text
    assert "The chart shows" not in text  # the curated questions are charted whole
    empty = _estimates(real, "economy").iloc[0:0]
    assert reviews.question_alt_text(empty, QUESTIONS["economy"]).startswith("No review in the dataset")


def test_past_a_charts_worth_the_chart_shows_the_newest_and_says_so(real) -> None:
    estimates = _estimates(real, "economy")
    many = pd.concat([estimates] * (reviews.MAX_CHARTED // len(estimates) + 1), ignore_index=True)
    assert len(many) > reviews.MAX_CHARTED
    text = reviews.question_alt_text(many, QUESTIONS["economy"])
    assert text.startswith(f"{len(many)} pooled estimates") and text.endswith(
        f"The chart shows the newest {reviews.MAX_CHARTED}; the table has them all."
    )


def test_reviews_whose_numbers_could_not_be_read_still_say_what_they_found(real) -> None:
    lines = reviews.statements_without_numbers(real.results, real.studies, QUESTIONS["injuries_runners"])
    assert lines and all(line.startswith("Wu et al. 2024") for line in lines[:3])
    assert any("supervision" in line for line in lines)
    sports = reviews.statements_without_numbers(real.results, real.studies, QUESTIONS["injuries_sports"])
    assert not any(line.startswith("Wu et al.") for line in sports)
