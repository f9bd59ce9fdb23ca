"""Forest plots: trial effects read from the data, pooling like with like, the figure's coordinates, the table
twin, leave-one-out, reviews and within-group changes, and absolute numbers per 100 runners (checked by hand)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from evidence.data.load import load_dataset
from evidence.data.schema import REVIEW_DESIGNS
from evidence.stats import absolute, effects
from evidence.stats import pooling as meta
from evidence.views import forest, forest_text
from evidence.views import reviews as reviews_view
from evidence.views.summaries import fmt
from tests.conftest import FIXTURE_DATA, REAL_DATA

Z = 1.959963984540054


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def _by_key(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["study_key"]: row for row in frame.to_dict(orient="records")}


# --- small hand-made datasets ---------------------------------------------------------------------------------

STUDY_COLUMNS = ["key", "label", "year", "design", "n"]
RESULT_COLUMNS = [
    "result_id", "study_key", "outcome", "outcome_detail", "group", "measure", "value", "ci_low", "ci_high", "n",
    "p_value", "p_text", "lower_is_better", "verified", "note",
]  # fmt: skip


def _study(key: str, year: int, design: str = "rct", n: float | None = None) -> dict:
    return {"key": key, "label": f"{key[:-4].title()} {year}", "year": year, "design": design, "n": n}


def _result(rid: str, group: str, measure: str, value: float, n: float | None = None, **extra) -> dict:
    row = dict.fromkeys(RESULT_COLUMNS)
    row.update(
        result_id=rid, study_key=rid.split("-")[0], outcome="injury_overall", outcome_detail="any injury",
        group=group, measure=measure, value=value, n=n, lower_is_better=True, verified=True,
    )  # fmt: skip
    row.update(extra)
    return row


def _frames(studies: list[dict], results: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    study_frame = pd.DataFrame(studies, columns=STUDY_COLUMNS)
    study_frame["year"] = pd.array(study_frame["year"], dtype="Int64")
    result_frame = pd.DataFrame(results, columns=RESULT_COLUMNS)
    for column in ("value", "ci_low", "ci_high", "n", "p_value"):
        result_frame[column] = pd.to_numeric(result_frame[column])
    return result_frame, study_frame


def _three_trials() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three trials with known counts: 5/100 vs 20/100, 30/150 vs 33/150, and a printed RR 0.60 (0.40-0.90)."""
    return _frames(
        [_study("ann2010", 2010), _study("bob2015", 2015), _study("cat2005", 2005, n=400)],
        [
            _result("ann2010-01", "strength training", "events", 5, 100),
            _result("ann2010-02", "control", "events", 20, 100),
            _result("bob2015-01", "hip programme", "events", 30, 150),
            _result("bob2015-02", "usual training", "events", 33, 150),
            _result("cat2005-01", "between groups", "rr", 0.60, ci_low=0.40, ci_high=0.90),
        ],
    )


# --- trial effects on the recorded data -------------------------------------------------------------------------


def test_coppack_risk_ratio_is_computed_from_its_counts(real) -> None:
    trials = _by_key(effects.trial_effects(real.results, real.studies, "patellofemoral_pain", "rr"))
    coppack = trials["coppack2011"]
    yi, vi = meta.log_risk_ratio(10, 759, 36, 743)
    assert coppack["yi"] == pytest.approx(float(yi), rel=1e-12)
    assert coppack["vi"] == pytest.approx(float(vi), rel=1e-12)
    assert coppack["vi"] == pytest.approx(1 / 10 - 1 / 759 + 1 / 36 - 1 / 743)
    assert coppack["source"] == effects.SOURCE_COUNTS
    assert (coppack["events_t"], coppack["n_t"], coppack["events_c"], coppack["n_c"]) == (10, 759, 36, 743)
    assert coppack["n"] == 1502
    assert coppack["effect"] == pytest.approx((10 / 759) / (36 / 743))
    assert coppack["ci_low"] == pytest.approx(math.exp(float(yi) - Z * math.sqrt(float(vi))))
    assert coppack["result_ids"] == "coppack2011-01; coppack2011-02"


def test_toresdahl_printed_ratio_gives_log_and_se_from_its_ci(real) -> None:
    toresdahl = _by_key(effects.trial_effects(real.results, real.studies, "injury_overuse"))["toresdahl2020"]
    assert toresdahl["measure"] == "rr"
    assert toresdahl["source"] == effects.SOURCE_REPORTED
    assert toresdahl["yi"] == pytest.approx(math.log(0.97))
    se = (math.log(1.63) - math.log(0.57)) / (2 * Z)
    assert toresdahl["vi"] == pytest.approx(se**2)
    assert (toresdahl["effect"], toresdahl["ci_low"], toresdahl["ci_high"]) == (0.97, 0.57, 1.63)
    assert toresdahl["n"] == 720  # the row has no n: the study's size, said in the note
    assert "whole study" in toresdahl["note"]
    assert toresdahl["control_risk"] == 7.3 and toresdahl["control_result"] == "toresdahl2020-02"


def test_counts_from_percentages_are_rounded_half_up_and_flagged_as_derived(real) -> None:
    trials = _by_key(effects.trial_effects(real.results, real.studies, "injury_overall", "rr"))
    fokkema, bredeweg = trials["fokkema2019"], trials["bredeweg2012"]
    # 37.5% of 1196 = 448.5 -> 449 (half up, not to even); 36.7% of 1182 = 433.79 -> 434
    assert (fokkema["events_t"], fokkema["n_t"], fokkema["events_c"], fokkema["n_c"]) == (449, 1196, 434, 1182)
    assert (bredeweg["events_t"], bredeweg["events_c"]) == (32, 37)  # 32.07 and 37.13
    for row in (fokkema, bredeweg):
        assert row["source"] == effects.SOURCE_PERCENTAGES
        assert "derived" in row["source"] and "not printed" in row["note"]
    yi, vi = meta.log_risk_ratio(449, 1196, 434, 1182)
    assert fokkema["yi"] == pytest.approx(float(yi)) and fokkema["vi"] == pytest.approx(float(vi))


def test_measures_are_kept_apart(real) -> None:
    preferred = effects.trial_effects(real.results, real.studies, effects.ALL_INJURIES)
    assert list(zip(preferred["study_key"], preferred["outcome"], preferred["measure"], strict=True)) == [
        ("coppack2011", "patellofemoral_pain", "hr"), ("bredeweg2012", "injury_overall", "rr"),
        ("fokkema2019", "injury_overall", "or"), ("taddei2020", "injury_overall", "hr"),
        ("toresdahl2020", "injury_overuse", "rr"), ("leppanen2024", "injury_overall", "hr"),
        ("leppanen2024", "injury_overuse", "rr"), ("leppanen2024", "injury_acute", "hr"),
    ]  # fmt: skip
    odds = effects.trial_effects(real.results, real.studies, "injury_overall", "or")
    assert list(odds["study_key"]) == ["fokkema2019"]
    assert odds["yi"].iloc[0] == pytest.approx(math.log(1.08))  # the main OR, not the subgroup's 1.30
    assert odds["result_ids"].iloc[0] == "fokkema2019-03"
    hazards = effects.trial_effects(real.results, real.studies, effects.ALL_INJURIES, "hr")
    assert list(hazards["study_key"]) == ["coppack2011", "taddei2020", "leppanen2024", "leppanen2024"]
    assert hazards["effect"].iloc[0] == 0.25
    risks = effects.trial_effects(real.results, real.studies, effects.ALL_INJURIES, "rr")
    assert list(risks["study_key"]) == ["coppack2011", "bredeweg2012", "fokkema2019", "toresdahl2020", "leppanen2024"]
    assert set(risks["measure"]) == {"rr"}


def test_a_ratio_printed_as_control_vs_programme_is_inverted(real) -> None:
    # Taddei 2020 printed the control group's hazard over the programme's: 2.42 (1.98 to 3.62)
    taddei = _by_key(effects.trial_effects(real.results, real.studies, "injury_overall", "hr"))["taddei2020"]
    assert (taddei["effect"], taddei["ci_low"], taddei["ci_high"]) == pytest.approx((1 / 2.42, 1 / 3.62, 1 / 1.98))
    assert taddei["yi"] == pytest.approx(-math.log(2.42))
    assert taddei["note"].endswith("printed as control vs programme, inverted here to programme vs control")


def test_choices_offer_outcomes_with_trials_and_their_measures(real) -> None:
    choices = effects.outcome_choices(real.results, real.studies)
    assert choices[:8] == [
        effects.ALL_INJURIES, effects.RUNNER_INJURIES, "running_economy", "time_trial", "injury_overall",
        "injury_overuse", "injury_acute", "patellofemoral_pain",
    ]  # fmt: skip
    assert effects.measure_choices(real.results, real.studies, "running_economy") == {"hedges_g": 8}
    assert effects.measure_choices(real.results, real.studies, effects.ALL_INJURIES) == {
        "rr": 5, "hr": 4, "or": 1, effects.AS_REPORTED: 8
    }  # fmt: skip
    assert effects.measure_choices(real.results, real.studies, "injury_overuse") == {"rr": 2}
    assert forest_text.outcome_label("injury_overall", effects.trial_counts(real.results, real.studies, choices)) == (
        "Injuries (4 trials)"
    )


def test_reviews_and_whole_sample_rows_are_not_trials(real) -> None:
    trials = effects.trial_effects(real.results, real.studies, list(real.results["outcome"].unique()))
    assert not set(trials["study_key"]) & set(real.studies.loc[real.studies["design"].isin(REVIEW_DESIGNS), "key"])
    assert "luedke2015" not in set(trials["study_key"])  # events for the whole sample: no arms


def test_arm_rule_needs_one_control_and_one_intervention() -> None:
    results, studies = _frames(
        [_study("ann2010", 2010), _study("bob2015", 2015), _study("cat2005", 2005), _study("dan2001", 2001)],
        [
            _result("ann2010-01", "usual care", "events", 4, 40),
            _result("ann2010-02", "strength", "events", 8, 40),
            _result("bob2015-01", "control A", "events", 4, 40),  # two control arms: ambiguous, left out
            _result("bob2015-02", "observation", "events", 5, 40),
            _result("cat2005-01", "whole sample", "events", 9, 80),
            _result("cat2005-02", "strength vs control", "events", 3, 80),  # a comparison, not an arm
            _result("dan2001-01", "plyometrics", "events", 2, 30),
            _result("dan2001-02", "placebo stretching", "events", 6, 30),
        ],
    )
    trials = _by_key(effects.trial_effects(results, studies, "injury_overall"))
    assert set(trials) == {"ann2010", "dan2001"}
    assert (trials["ann2010"]["events_t"], trials["ann2010"]["events_c"]) == (8, 4)  # usual care = control
    assert (trials["dan2001"]["events_t"], trials["dan2001"]["events_c"]) == (2, 6)


def test_review_design_is_never_a_trial_and_subgroup_ratios_are_not_used() -> None:
    results, studies = _frames(
        [_study("rev2010", 2010, design="systematic_review_meta_analysis"), _study("sub2012", 2012)],
        [
            _result("rev2010-01", "between groups", "rr", 0.5, ci_low=0.3, ci_high=0.8),
            _result("sub2012-01", "between groups (subgroup)", "rr", 0.5, ci_low=0.3, ci_high=0.8),
        ],
    )
    assert effects.trial_effects(results, studies, "injury_overall").empty


# --- pooling a view ---------------------------------------------------------------------------------------------


def test_pooling_a_view_matches_the_engine_and_names_its_method(real) -> None:
    trials = effects.trial_effects(real.results, real.studies, "injury_overall", "rr")
    view = forest_text.build_view(trials, "rr", "REML", "z")
    expected = meta.pool(list(trials["yi"]), list(trials["vi"]), method="REML", ci="z")
    assert view.refusal is None and view.result == expected
    lines = dict(forest_text.summary_lines(view.result, "rr"))
    assert lines["Pooled risk ratio"] == "1.02 (95% CI 0.92 to 1.12)"
    assert lines["Studies"] == "k = 2"
    assert lines["Inconsistency"] == "I² = 0.0%"
    assert lines["Heterogeneity test"] == "Q = 0.28 on 1 degree of freedom, p = 0.595"
    assert lines["Model"] == "random effects, REML estimator of tau², Wald-type (z) 95% CI"
    fixed = dict(forest_text.summary_lines(forest_text.build_view(trials, "rr", "FE", "hksj").result, "rr"))
    assert fixed["Model"] == "fixed effect (inverse-variance), Hartung-Knapp-Sidik-Jonkman (t, 1 df) 95% CI"
    assert fixed["Pooled risk ratio"] == "1.02 (95% CI 0.72 to 1.44)"
    assert fixed["95% prediction interval"].startswith("not given by the fixed-effect model")


def test_pooling_is_refused_with_a_reason_for_mixed_outcomes_measures_and_single_trials(real) -> None:
    mixed_outcomes = forest_text.build_view(
        effects.trial_effects(real.results, real.studies, effects.ALL_INJURIES, "rr"), "rr"
    )
    assert mixed_outcomes.result is None and len(mixed_outcomes.rows) == 5
    assert mixed_outcomes.refusal == (
        "These results measure different outcomes (injuries; knee pain (patellofemoral); overuse injuries); only "
        "results for the same outcome can be pooled."
    )
    as_reported = effects.trial_effects(real.results, real.studies, "injury_overall", effects.AS_REPORTED)
    mixed_measures = forest_text.build_view(as_reported, effects.AS_REPORTED)
    assert mixed_measures.refusal.startswith("These results use different effect measures (hazard ratio, odds ratio")
    trials = effects.trial_effects(real.results, real.studies, "injury_overall", "rr")
    single = forest_text.build_view(trials, "rr", leave_out=["fokkema2019"])
    assert single.refusal == "At least 2 studies are needed to pool results; only 1 is selected."
    assert list(single.rows["study_key"]) == ["bredeweg2012"] and single.left_out == ("fokkema2019",)


def test_different_other_outcomes_are_not_pooled() -> None:
    results, studies = _frames(
        [_study("ann2010", 2010), _study("bob2015", 2015)],
        [
            _result("ann2010-01", "strength", "events", 4, 40, outcome="other", outcome_detail="discharge"),
            _result("ann2010-02", "control", "events", 8, 40, outcome="other", outcome_detail="discharge"),
            _result("bob2015-01", "strength", "events", 4, 40, outcome="other", outcome_detail="sick days"),
            _result("bob2015-02", "control", "events", 8, 40, outcome="other", outcome_detail="sick days"),
        ],
    )
    view = forest_text.build_view(effects.trial_effects(results, studies, "other"), "rr")
    assert "different outcomes (other outcomes: discharge; other outcomes: sick days)" in view.refusal


def test_leave_one_out_pools_the_others() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    assert list(trials["study_key"]) == ["cat2005", "ann2010", "bob2015"]
    pairs = forest_text.leave_one_out(trials, "DL", "z")
    assert [label for label, _ in pairs] == ["Cat 2005", "Ann 2010", "Bob 2015"]
    for i, (_, result) in enumerate(pairs):
        rest = trials.drop(index=i)
        assert result == meta.pool(list(rest["yi"]), list(rest["vi"]), method="DL", ci="z")
    table = forest_text.leave_one_out_table(pairs, "rr")
    assert list(table["Studies left"]) == [2, 2, 2]
    assert table["Pooled estimate"].iloc[0] == float(fmt(math.exp(pairs[0][1].estimate), "rr"))
    with pytest.raises(meta.PoolingError, match="at least 3 studies"):
        forest_text.leave_one_out(trials.iloc[:2], "REML", "z")


# --- the figure -------------------------------------------------------------------------------------------------


def _study_traces(figure) -> list:
    """Each trial as drawn, top of the chart down: its name, square (x, y, size, symbol) and whisker, read from the
    one trace that holds every trial."""
    from types import SimpleNamespace

    drawn_apart = ("Pooled estimate", "Prediction interval", "No difference", "Labels")
    others = [t for t in figure.data if t.name not in drawn_apart]
    if not others:
        return []
    (trials,) = others
    assert trials.name == forest.TRIALS
    sizes = trials.marker.size if isinstance(trials.marker.size, tuple) else [trials.marker.size] * len(trials.x)
    return [
        SimpleNamespace(
            name=trials.customdata[i][0],
            key=trials.customdata[i][1],
            x=[trials.x[i]],
            y=[trials.y[i]],
            marker=SimpleNamespace(size=sizes[i], symbol=trials.marker.symbol[i]),
            error_x=SimpleNamespace(array=[trials.error_x.array[i]], arrayminus=[trials.error_x.arrayminus[i]]),
            text=trials.text[i],
        )
        for i in range(len(trials.x))
    ]


def test_every_trial_is_one_point_of_one_trace() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    figure = forest.forest_figure(trials, forest_text.pool_rows(trials, "REML", "z"), "rr", "year")
    names = [t.name for t in figure.data]
    assert names == [forest.TRIALS, "Pooled estimate", "Prediction interval", "No difference"]
    (drawn,) = [t for t in figure.data if t.name == forest.TRIALS]
    assert len(drawn.x) == len(drawn.y) == len(drawn.text) == len(drawn.marker.size) == 3
    assert drawn.hovertemplate == "%{text}<extra></extra>"  # each point's own hover text
    assert all(text.startswith(row[0]) for text, row in zip(drawn.text, drawn.customdata, strict=True))


def test_figure_draws_each_trial_at_its_estimate_in_the_chosen_order() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    result = forest_text.pool_rows(trials, "REML", "z")
    by_year = forest.forest_figure(trials, result, "rr", "year")
    traces = _study_traces(by_year)
    assert [t.name for t in traces] == ["Cat 2005", "Ann 2010", "Bob 2015"]
    assert [t.x[0] for t in traces] == pytest.approx([0.60, 0.25, 30 / 33])
    assert [t.y[0] for t in traces] == sorted((t.y[0] for t in traces), reverse=True)  # top to bottom
    # the whisker spans the 95% CI
    ann = traces[1]
    assert ann.x[0] - ann.error_x.arrayminus[0] == pytest.approx(trials["ci_low"].iloc[1])
    assert ann.x[0] + ann.error_x.array[0] == pytest.approx(trials["ci_high"].iloc[1])
    by_effect = forest.forest_figure(trials, result, "rr", "effect")
    assert [t.name for t in _study_traces(by_effect)] == ["Ann 2010", "Cat 2005", "Bob 2015"]
    by_weight = forest.forest_figure(trials, result, "rr", "weight")
    weights = dict(zip(trials["label"], result.weights, strict=True))
    names = [t.name for t in _study_traces(by_weight)]
    assert names == sorted(weights, key=lambda label: -weights[label])
    sizes = {t.name: t.marker.size for t in _study_traces(by_weight)}
    assert sizes[names[0]] > sizes[names[-1]]  # squares sized by weight


def test_figure_diamond_prediction_interval_axis_and_favours_labels() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    result = forest_text.pool_rows(trials, "REML", "z")
    figure = forest.forest_figure(trials, result, "rr", title="Injuries", subtitle="3 trials")
    diamond = next(t for t in figure.data if t.name == "Pooled estimate")
    lo, est, hi = math.exp(result.ci_low), math.exp(result.estimate), math.exp(result.ci_high)
    assert list(diamond.x) == pytest.approx([lo, est, hi, est, lo])
    centre = diamond.y[0]
    assert diamond.y[1] > centre > diamond.y[3] and diamond.y[2] == centre == diamond.y[4]
    assert centre < min(t.y[0] for t in _study_traces(figure))  # below the trials
    band = next(t for t in figure.data if t.name == "Prediction interval")
    assert list(band.x) == pytest.approx([math.exp(result.pi_low), math.exp(result.pi_high)])
    assert band.line.width < 3
    line = next(t for t in figure.data if t.name == "No difference")
    assert list(line.x) == [1.0, 1.0]
    assert figure.layout.xaxis.type == "log"
    assert "below 1 = fewer injuries with the programme" in figure.layout.xaxis.title.text
    favours = {a.text: a for a in figure.layout.annotations if "Favours" in a.text}
    left, right = favours["← Favours the programme"], favours["Favours control →"]
    assert (left.x, left.xanchor, right.x, right.xanchor) == (0, "right", 0, "left")  # log10(1) = 0
    assert figure.layout.title.text == "Injuries" and figure.layout.title.subtitle.text == "3 trials"
    labels = [a.text for a in figure.layout.annotations if "Favours" not in a.text]
    assert labels[0].startswith("<b>Cat 2005</b> (n = 400)<br>RR 0.60 (0.40 to 0.90) · weight ")
    assert labels[-2].startswith("<b>Pooled estimate</b> (k = 3)<br>RR ")
    # plain lists only: no numpy arrays, which plotly would encode as base64 'bdata'
    assert "bdata" not in json.dumps(json.loads(figure.to_json()))
    # the x axis holds every interval, centred on 1
    low, high = figure.layout.xaxis.range
    assert low == pytest.approx(-high)
    assert 10**low < min(trials["ci_low"]) and 10**high > 1 / min(trials["ci_low"]) * 0.99


def test_figure_without_pooling_has_no_diamond_and_fixed_effect_no_prediction_interval() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    bare = forest.forest_figure(trials, None, "rr")
    assert [t.name for t in bare.data] == [forest.TRIALS, "No difference"]
    assert {t.name for t in _study_traces(bare)} == {"Cat 2005", "Ann 2010", "Bob 2015"}
    assert {t.marker.size for t in _study_traces(bare)} == {12.0}
    fixed = forest.forest_figure(trials, forest_text.pool_rows(trials, "FE", "z"), "rr")
    assert "Pooled estimate" in {t.name for t in fixed.data}
    assert "Prediction interval" not in {t.name for t in fixed.data}


def test_additive_measure_uses_a_linear_axis_with_the_line_at_zero() -> None:
    rows = pd.DataFrame(
        {
            "study_key": ["a2001", "b2002"], "label": ["A 2001", "B 2002"], "year": [2001, 2002],
            "outcome": ["running_economy"] * 2, "n": [20, 30], "measure": ["smd"] * 2, "yi": [-0.5, 0.2],
            "vi": [0.1, 0.05], "effect": [-0.5, 0.2], "ci_low": [-1.1, -0.24], "ci_high": [0.1, 0.64],
            "source": ["computed"] * 2, "result_ids": ["a", "b"],
        }
    )  # fmt: skip
    figure = forest.forest_figure(rows, None, "smd", lower_is_better=False, favours=("lifting", "running only"))
    assert figure.layout.xaxis.type == "linear"
    assert list(next(t for t in figure.data if t.name == "No difference").x) == [0.0, 0.0]
    texts = {a.text: a.xanchor for a in figure.layout.annotations if "Favours" in a.text}
    assert texts == {"← Favours running only": "right", "Favours lifting →": "left"}


def test_table_twin_lists_the_drawn_trials_in_order_then_the_pooled_rows(real) -> None:
    trials = effects.trial_effects(real.results, real.studies, "injury_overall", "rr")
    view = forest_text.build_view(trials, "rr")
    figure = forest.forest_figure(view.rows, view.result, "rr", "weight")
    table = forest_text.forest_table(view.rows, view.result, "rr", "weight")
    assert list(table["Study"]) == [t.name for t in _study_traces(figure)] + [
        "Pooled estimate (k = 2)",
        "Prediction interval",
    ]
    fokkema = table.iloc[0]
    assert (fokkema["Estimate"], fokkema["95% CI low"], fokkema["95% CI high"]) == (1.02, 0.92, 1.14)
    assert fokkema["N"] == 2378 and fokkema["Weight (%)"] == 94.5
    assert fokkema["Programme arm"] == "449 of 1196 (derived)" and fokkema["Control arm"] == "434 of 1182 (derived)"
    assert fokkema["results.csv rows"] == "fokkema2019-01; fokkema2019-02"
    pooled = table.iloc[2]
    assert (pooled["Estimate"], pooled["95% CI low"], pooled["95% CI high"]) == (1.02, 0.92, 1.12)
    assert pooled["Note"] == "random effects, REML estimator of tau², Wald-type (z) 95% CI"


# --- reviews and within-group changes ---------------------------------------------------------------------------


def test_review_estimates_list_what_reviews_printed(real) -> None:
    reviews = reviews_view.review_estimates(real.results, real.studies)
    rows = reviews.set_index("result_id")
    assert rows.loc["lauersen2018-01", "value"] == 0.338 and rows.loc["lauersen2018-01", "k"] == 6
    assert (rows.loc["lauersen2018-01", "ci_low"], rows.loc["lauersen2018-01", "ci_high"]) == (0.238, 0.480)
    assert rows.loc["vandyk2019-01", "k"] == 15 and rows.loc["vandyk2019-02", "k"] == 8
    assert rows.loc["denadai2017-01", "k"] == 16 and rows.loc["denadai2017-01", "measure"] == "percent_change"
    assert rows.loc["balsalobrefernandez2016-01", "measure"] == "smd"
    assert set(reviews["design"]) <= REVIEW_DESIGNS
    assert not {"prins2009", "mucha2017", "toresdahl2020"} & set(reviews["study_key"])  # qualitative, or a trial
    injuries = reviews_view.review_estimates(real.results, real.studies, ["injury_overuse"])
    assert list(injuries["result_id"]) == ["lauersen2014-06"]
    shown = reviews_view.review_table(reviews).set_index("results.csv row")
    assert shown.loc["lauersen2018-01", "Estimate"] == "0.34"
    assert shown.loc["lauersen2018-01", "95% CI"] == "0.24 to 0.48"
    assert shown.loc["denadai2017-01", "Estimate"] == "\u22123.9%"
    assert shown.loc["denadai2017-01", "95% CI"] == "not printed"


def test_review_estimates_on_the_fixture() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    reviews = reviews_view.review_estimates(dataset.results, dataset.studies)
    assert list(reviews["result_id"]) == ["gamma2010-01"] and reviews["k"].iloc[0] == 8
    assert effects.trial_effects(dataset.results, dataset.studies, effects.ALL_INJURIES).empty
    assert effects.outcome_choices(dataset.results, dataset.studies) == []


def test_within_group_changes_are_listed_with_their_direction(real) -> None:
    changes = forest_text.within_group_changes(real.results, real.studies, "running_economy").set_index("result_id")
    assert changes.loc["storen2008-01", "value"] == -5.0
    assert changes.loc["storen2008-01", "reads_as"] == "improvement"  # lower oxygen cost
    assert changes.loc["piacentini2013-02", "reads_as"] == "improvement"  # +6.17, higher economy is better
    assert changes.loc["storen2008-01", "comparison"] == "within one group"
    assert changes.loc["saunders2006-01", "comparison"] == "between groups (as printed)"
    assert "johnston1995-01" not in changes.index  # a commentary, not a study
    assert "denadai2017-01" not in changes.index  # a review
    fixture = load_dataset(FIXTURE_DATA)
    changes = forest_text.within_group_changes(fixture.results, fixture.studies, "running_economy")
    table = forest_text.changes_table(changes)
    assert table.to_dict(orient="records")[0] | {"Note": None} == {
        "Study": "Alpha & Omega 2001", "Year": 2001, "Group": "strength + running", "Compared": "within one group",
        "N": 10, "Change (%)": -5.0, "Reads as": "improvement", "p": "p = 0.030", "Measured": "oxygen cost at 12 km/h",
        "Read in the source": "yes", "Note": None, "results.csv row": "alpha2001-01",
    }  # fmt: skip


# --- what it means ----------------------------------------------------------------------------------------------


def test_absolute_effect_of_a_clear_benefit() -> None:
    # RR 0.5 (0.25 to 0.8), 20 in 100 without: 10 with (5 to 16); 10 fewer (4 to 15); NNT 100/10 = 10,
    # interval 100/15 = 6.7 -> 7 to 100/4 = 25
    effect = absolute.absolute_effect(0.5, 0.25, 0.8, 20)
    assert (effect.with_programme, effect.with_low, effect.with_high) == pytest.approx((10, 5, 16))
    assert (effect.arr, effect.arr_low, effect.arr_high) == pytest.approx((10, 4, 15))
    assert (effect.nnt, effect.nnt_low, effect.nnt_high) == (10, 7, 25)
    assert effect.significant
    sentences = forest_text.absolute_sentences(effect, "a running injury")
    assert sentences[1] == "With the programme: about 10.0 in every 100 (95% CI 5.0 to 16.0)."
    assert (
        sentences[2] == "Difference: 10.0 fewer runners with a running injury per 100 (95% CI 15.0 fewer to 4.0 fewer)."
    )
    assert sentences[3] == (
        "Number needed to treat: about 10 runners would need to do the programme for one of them to avoid a running "
        "injury (95% CI 7 to 25)."
    )


def test_absolute_effect_when_the_interval_crosses_one() -> None:
    # RR 0.8 (0.5 to 1.25), 10 in 100: 8 with (5 to 12.5); 2 fewer (2.5 more to 5 fewer); NNT 50;
    # benefit from 100/5 = 20 runners, harm from 100/2.5 = 40 runners, with infinity between them
    effect = absolute.absolute_effect(0.8, 0.5, 1.25, 10)
    assert (effect.with_programme, effect.with_low, effect.with_high) == pytest.approx((8, 5, 12.5))
    assert (effect.arr, effect.arr_low, effect.arr_high) == pytest.approx((2, -2.5, 5))
    assert (effect.nnt, effect.nnt_low, effect.nnt_high) == (50, 20, -40)
    assert not effect.significant
    last = forest_text.absolute_sentences(effect, "a running injury")[-1]
    assert last.startswith("Number needed to treat: not significant.")
    assert (
        "from 20 runners doing the programme for one to avoid a running injury, through infinity (no effect), " in last
    )
    assert "to 40 runners for one extra runner with a running injury" in last
    assert last.endswith("one fewer runner with a running injury for every 50 runners doing the programme.")


def test_absolute_effect_of_harm_and_of_odds_and_hazard_ratios() -> None:
    harm = absolute.absolute_effect(2.0, 1.5, 3.0, 10)  # 20 with (15 to 30): 10 more (5 to 20 more)
    assert (harm.arr, harm.arr_low, harm.arr_high) == pytest.approx((-10, -20, -5))
    assert (harm.nnt, harm.nnt_low, harm.nnt_high) == (-10, -5, -20)
    assert forest_text.absolute_sentences(harm)[-1].startswith("Number needed to harm: for about every 10 runners")
    assert absolute.risk_with(20, 2.0, "or") == pytest.approx(100 / 3)  # odds 0.25 -> 0.5 -> risk 1/3
    assert absolute.risk_with(19, 0.5, "hr") == pytest.approx(10)  # 1 - 0.81 ** 0.5
    assert absolute.risk_with(60, 2.0, "rr") == 100  # capped
    with pytest.raises(ValueError):
        absolute.absolute_effect(0.5, 0.6, 0.8, 10)


def test_default_baseline_is_a_recorded_control_risk(real) -> None:
    overall = effects.trial_effects(real.results, real.studies, "injury_overall", "rr")
    value, sentence = forest_text.default_baseline(overall)
    assert value == 36.7
    assert "control group of Fokkema et al. 2019 (results.csv row fokkema2019-02)" in sentence
    knee = effects.trial_effects(real.results, real.studies, "patellofemoral_pain", "rr")
    assert forest_text.default_baseline(knee)[0] == 4.8  # 36 of 743
    view = forest_text.build_view(knee, "rr")
    ratio = forest_text.single_or_pooled_ratio(view)
    assert ratio[0] == pytest.approx(knee["effect"].iloc[0]) and ratio[3] == "rr"


def _many_trials(copies: int) -> pd.DataFrame:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    rows = pd.concat([trials] * copies, ignore_index=True)
    rows["study_key"] = [f"s{i}" for i in range(len(rows))]
    rows["label"] = [f"Study {i}" for i in range(len(rows))]
    return rows


def test_a_forest_of_many_trials_draws_each_trial_once_with_its_label_above_its_row() -> None:
    rows = _many_trials(60)  # 180 trials: each label an annotation on its white box
    figure = forest.forest_figure(rows, forest_text.pool_rows(rows, "REML", "z"), "rr", "year")
    drawn = _study_traces(figure)
    assert sorted(t.name for t in drawn) == sorted(rows["label"])
    labels = [a for a in figure.layout.annotations if "Favours" not in a.text]
    assert len(labels) == len(rows) + 2 <= forest.MAX_BOXED_LABELS  # each trial, the pooled estimate and its PI
    for trace, label in zip(drawn, labels, strict=False):
        assert label.text.startswith(f"<b>{trace.name}</b>") and label.y == pytest.approx(trace.y[0] + 0.2)
        assert label.bgcolor and label.xref == "paper" and label.x == 0
    assert [a.text for a in figure.layout.annotations].count("Favours control →") == 1
    assert "Labels" not in [t.name for t in figure.data]


def test_past_two_hundred_rows_the_labels_are_one_text_trace_at_the_left_edge() -> None:
    rows = _many_trials(100)  # 300 trials
    figure = forest.forest_figure(rows, forest_text.pool_rows(rows, "REML", "z"), "rr", "year")
    drawn = _study_traces(figure)
    assert len(drawn) == len(rows)
    assert [a.text for a in figure.layout.annotations] == ["← Favours the programme", "Favours control →"]
    (labels,) = [t for t in figure.data if t.name == "Labels"]
    assert labels.mode == "text" and len(labels.text) == len(rows) + 2
    for trial, text, y in zip(drawn, labels.text, labels.y, strict=False):
        assert text.startswith(f"<b>{trial.name}</b>") and y == pytest.approx(trial.y[0] + 0.2)
    low, _ = figure.layout.xaxis.range  # log axis: the range is in powers of ten
    assert all(x == pytest.approx(10**low) for x in labels.x)


def test_the_trials_squares_are_drawn_solid() -> None:
    results, studies = _three_trials()
    trials = effects.trial_effects(results, studies, "injury_overall")
    figure = forest.forest_figure(trials, forest_text.pool_rows(trials, "REML", "z"), "rr")
    (drawn,) = [t for t in figure.data if t.name == forest.TRIALS]
    assert drawn.marker.opacity == 1  # plotly's default for per-point sizes would be 0.7
