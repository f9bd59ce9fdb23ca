"""Forest plots, through app.py: the recorded injury trials, pooling and its refusal, method and interval named
beside the numbers, leave-out, sorting, the table twin, runners per 100, reviews and within-group changes.

Three datasets: the bundled data (the recorded trials), the fixture (no trial: the empty state) and a copy of the
fixture with four made-up trials whose answers are computed here from their raw counts.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from evidence.data.files import DATA_DIR_SETTING
from evidence.stats import effects
from evidence.stats import pooling as meta
from evidence.views import forest_text
from evidence.views.summaries import fmt
from tests.conftest import FIXTURE_DATA, TABLE_TWINS, open_page, open_sections, seen

PAGE = "pages/forest.py"
RECORDED = [
    "Coppack et al. 2011", "Bredeweg et al. 2012", "Fokkema et al. 2019", "Toresdahl et al. 2020",
    "Leppänen et al. 2024",
]  # fmt: skip


def _spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _trials(at) -> dict | None:
    """The chart's trace of every trial (one point a trial), or None."""
    return next((t for t in _spec(at)["data"] if t["name"] == "Trials"), None)


def _trial_names(at) -> list[str]:
    """The trials drawn, top of the chart down."""
    trials = _trials(at)
    return [] if trials is None else [name for name, _ in trials["customdata"]]


def _panel(at) -> dict[str, str]:
    """The lines beside the chart, 'Label: value', as the reader sees them."""
    lines = {}
    for element in at.markdown:
        text = seen_text(element.value)
        if text.startswith("**") and ":** " in text:
            label, value = text[2:].split(":** ", 1)
            lines[label] = value
    return lines


def _tables(at, column: str) -> list:
    """The tables shown that have this column, in page order (trials: 'Source of the effect'; leave-one-out:
    'Left out'; reviews listed: 'Review' without 'On the chart'; within-group changes: 'Reads as'), the tables
    of the charts opened first, as a reader opens them."""
    open_sections(at, *TABLE_TWINS)
    return [d.value for d in at.dataframe if column in d.value.columns and "On the chart" not in d.value.columns]


def _question_table(at):
    """The table twin of the 'What the reviews say' chart, opened as a reader opens it."""
    open_sections(at, *TABLE_TWINS)
    return next(d.value for d in at.dataframe if "On the chart" in d.value.columns)


def seen_text(markdown: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


# --- the recorded trials ----------------------------------------------------------------------------------------


def test_default_view_draws_the_recorded_injury_trials_without_pooling_different_outcomes(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert at.title[0].value == "Forest plots"
    assert at.selectbox(key="forest_outcome").value == effects.ALL_INJURIES
    assert at.selectbox(key="forest_measure_all_injuries").value == "rr"
    assert _trial_names(at) == RECORDED
    spec = _spec(at)
    assert spec["layout"]["xaxis"]["type"] == "log"
    assert "Pooled estimate" not in {t["name"] for t in spec["data"]}
    assert at.info[0].value == (
        "These results measure different outcomes \\(injuries; knee pain \\(patellofemoral\\); overuse "
        "injuries\\); only results for the same outcome can be pooled\\."
    )
    table = _tables(at, "Source of the effect")[0]
    assert list(table["Study"]) == RECORDED  # the table twin: the same trials, in the same order
    assert list(table["Estimate"]) == [0.27, 0.91, 1.02, 0.97, 0.61]
    assert "Open squares: effects computed from printed percentages" in seen(at)
    assert at.get("download_button")[0].proto.label == "Download this table (CSV)"


def test_choosing_one_outcome_pools_it_and_names_the_method(open_real_page) -> None:
    at = open_real_page(PAGE)
    at.selectbox(key="forest_outcome").set_value("injury_overall").run()
    assert _trial_names(at) == ["Bredeweg et al. 2012", "Fokkema et al. 2019"]
    panel = _panel(at)
    assert panel["Pooled risk ratio"] == "1.02 (95% CI 0.92 to 1.12)"
    assert panel["Studies"] == "k = 2"
    assert panel["Between-study variance"] == "tau² = 0.000"
    assert panel["Inconsistency"] == "I² = 0.0%"
    assert panel["Heterogeneity test"] == "Q = 0.28 on 1 degree of freedom, p = 0.595"
    assert panel["Model"] == "random effects, REML estimator of tau², Wald-type (z) 95% CI"
    assert panel["95% prediction interval"] == "0.92 to 1.12 (very uncertain with fewer than 3 studies)"
    spec = _spec(at)
    diamond = next(t for t in spec["data"] if t["name"] == "Pooled estimate")
    assert [round(x, 2) for x in diamond["x"]] == [0.92, 1.02, 1.12, 1.02, 0.92]
    assert spec["layout"]["title"]["subtitle"]["text"].endswith("pooled, random effects (REML)")

    at.radio(key="forest_ci").set_value("hksj").run()
    panel = _panel(at)
    assert panel["Pooled risk ratio"] == "1.02 (95% CI 0.72 to 1.44)"
    assert panel["Model"] == "random effects, REML estimator of tau², Hartung-Knapp-Sidik-Jonkman (t, 1 df) 95% CI"

    at.selectbox(key="forest_method").set_value("FE").run()
    panel = _panel(at)
    assert panel["Model"] == "fixed effect (inverse-variance), Hartung-Knapp-Sidik-Jonkman (t, 1 df) 95% CI"
    assert panel["95% prediction interval"].startswith("not given by the fixed-effect model")
    assert "Prediction interval" not in {t["name"] for t in _spec(at)["data"]}
    assert _spec(at)["layout"]["title"]["subtitle"]["text"].endswith("pooled, fixed effect")


def test_leaving_a_trial_out_shows_the_refusal_and_still_draws_the_other(open_real_page) -> None:
    at = open_real_page(PAGE)
    at.selectbox(key="forest_outcome").set_value("injury_overall").run()
    at.multiselect(key="forest_leave_out_injury_overall_rr").set_value(["fokkema2019"]).run()
    assert at.info[0].value == "At least 2 studies are needed to pool results; only 1 is selected\\."
    assert "Pooled risk ratio" not in _panel(at)
    assert _trial_names(at) == ["Bredeweg et al. 2012"]
    assert list(_tables(at, "Source of the effect")[0]["Study"]) == ["Bredeweg et al. 2012"]
    assert "Left out: 1 trial." in seen(at)
    # what it means now uses the one trial left: RR 0.91 (0.59 to 1.40) at 36.7 in 100
    shown = seen(at)
    with_programme = fmt(36.7 * (32 / 211) / (37 / 221), decimals=1)
    assert f"With the programme: about {with_programme} in every 100" in shown


def test_sorting_changes_the_order_of_the_trials(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert _trial_names(at) == RECORDED  # by year
    at.selectbox(key="forest_sort").set_value("effect").run()
    assert _trial_names(at) == [
        "Coppack et al. 2011", "Leppänen et al. 2024", "Bredeweg et al. 2012", "Toresdahl et al. 2020",
        "Fokkema et al. 2019",
    ]  # fmt: skip
    assert list(_tables(at, "Source of the effect")[0]["Study"]) == _trial_names(at)
    at.selectbox(key="forest_sort").set_value("weight").run()  # not pooled: by precision
    assert _trial_names(at) == [
        "Fokkema et al. 2019", "Bredeweg et al. 2012", "Leppänen et al. 2024", "Toresdahl et al. 2020",
        "Coppack et al. 2011",
    ]  # fmt: skip


def test_measure_choice_keeps_odds_ratios_apart(open_real_page) -> None:
    at = open_real_page(PAGE)
    at.selectbox(key="forest_outcome").set_value("injury_overall").run()
    at.selectbox(key="forest_measure_injury_overall").set_value("or").run()
    assert _trial_names(at) == ["Fokkema et al. 2019"]
    assert _tables(at, "Source of the effect")[0]["Estimate"].iloc[0] == 1.08
    assert at.info[0].value.startswith("At least 2 studies are needed")
    at.selectbox(key="forest_measure_injury_overall").set_value(effects.AS_REPORTED).run()
    assert at.info[0].value.startswith(
        "These results use different effect measures \\(hazard ratio, odds ratio, risk ratio\\)"
    )


def test_what_it_means_starts_from_a_recorded_control_risk_and_follows_the_slider(open_real_page) -> None:
    at = open_real_page(PAGE)
    at.selectbox(key="forest_outcome").set_value("injury_overall").run()
    slider = at.slider(key="forest_baseline_injury_overall_rr")
    assert slider.value == 36.7
    shown = seen(at)
    assert "control group of Fokkema et al. 2019 (results.csv row fokkema2019-02)" in shown
    assert "With the programme: about 37.3 in every 100 (95% CI 33.7 to 41.3)." in shown
    assert "Number needed to treat: not significant." in shown
    slider.set_value(10.0).run()
    assert "With the programme: about 10.2 in every 100 (95% CI 9.2 to 11.2)." in seen(at)


def test_reviews_and_within_group_changes_are_listed_not_pooled(open_real_page) -> None:
    at = open_real_page(PAGE)
    shown = seen(at)
    assert "Reviews: printed estimates, never pooled" in shown
    assert "would count the same runners twice" in shown
    reviews = _tables(at, "Review")[0]
    assert "lauersen2018-01" in set(reviews["results.csv row"])
    assert "balsalobrefernandez2016-01" not in set(reviews["results.csv row"])  # not an injury outcome
    changes = _tables(at, "Reads as")[0].set_index("results.csv row")
    assert changes.loc["storen2008-01", "Change (%)"] == -5.0
    assert changes.loc["storen2008-01", "Reads as"] == "improvement"
    economy = _tables(at, "Review")[1]
    assert "denadai2017-01" in set(economy["results.csv row"])
    at.selectbox(key="forest_outcome").set_value("injury_overuse").run()
    assert list(_tables(at, "Review")[0]["results.csv row"]) == ["lauersen2014-06"]


def test_what_the_reviews_say_per_question_newest_first(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert "What the reviews say" in [h.value for h in at.header]
    economy = _question_table(at)
    assert list(economy["results.csv row"])[:2] == ["eihara2022-01", "eihara2022-02"]  # newest first
    assert list(economy["Year"]) == sorted(economy["Year"], reverse=True)
    assert "Eihara et al. 2022, printed a Hedges' g of −0.32" in seen(at)  # the chart's text alternative
    at.segmented_control(key="reviews_question").set_value("injuries_runners").run()
    runners = _question_table(at)
    assert set(runners["Review"]) == {"Kozinc & Šarabon 2017"}
    assert "Lauersen et al. 2014" not in set(runners["Review"])  # sports reviews are another question


# --- the fixture: no trial ----------------------------------------------------------------------------------------


def test_no_trial_has_its_own_message_and_the_rest_of_the_page_stays(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert seen_text(at.info[0].value) == forest_text.NO_TRIALS
    assert not at.get("plotly_chart")
    reviews = _tables(at, "Review")[0]
    assert list(reviews["Review"]) == ["Gamma et al. 2010"]
    assert (reviews["Estimate"].iloc[0], reviews["95% CI"].iloc[0]) == ("0.32", "0.21 to 0.48")
    changes = _tables(at, "Reads as")[0]
    assert list(changes["Study"]) == ["Alpha & Omega 2001"] and changes["Change (%)"].iloc[0] == -5.0


# --- made-up trials with answers computed here --------------------------------------------------------------------

STUDY_ROW = (
    "{key},found,rct,{n},mixed,recreational,,adult,{n} runners,injury_prevention_program,2,12,{comparator},"
    "injury_overall,null,A made-up trial for tests.,https://example.org/{key},\n"
)
RESULT_ROW = (
    "{rid},{key},injury_overall,any running injury,{group},na,{measure},{value},{lo},{hi},,{n},,,{unit},true,"
    "abstract,https://example.org/{key},true,\n"
)
BIB_ENTRY = (
    "\n@article{{{key},\n  author = {{{name}, Nina}},\n  title = {{Trial {key}}},\n  journal = {{J}},\n"
    "  year = {{{year}}}\n}}\n"
)


def _trials_dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    studies = [("ann2010", 200, "control"), ("bob2015", 300, "usual training"), ("cat2005", 400, "control"),
               ("dan2018", 400, "control")]  # fmt: skip
    results = [
        ("ann2010-01", "ann2010", "strength training", "events", 5, "", "", 100, "runners injured"),
        ("ann2010-02", "ann2010", "control", "events", 20, "", "", 100, "runners injured"),
        ("bob2015-01", "bob2015", "hip programme", "events", 30, "", "", 150, "runners injured"),
        ("bob2015-02", "bob2015", "usual training", "events", 33, "", "", 150, "runners injured"),
        ("cat2005-01", "cat2005", "between groups", "rr", 0.60, 0.40, 0.90, 400, "ratio"),
        ("dan2018-01", "dan2018", "strength training", "proportion", 10.0, "", "", 200, "% of runners injured"),
        ("dan2018-02", "dan2018", "control", "proportion", 12.5, "", "", 200, "% of runners injured"),
    ]
    with open(folder / "studies.csv", "a", encoding="utf-8") as handle:
        for key, n, comparator in studies:
            handle.write(STUDY_ROW.format(key=key, n=n, comparator=comparator))
    with open(folder / "results.csv", "a", encoding="utf-8") as handle:
        for rid, key, group, measure, value, lo, hi, n, unit in results:
            handle.write(
                RESULT_ROW.format(
                    rid=rid, key=key, group=group, measure=measure, value=value, lo=lo, hi=hi, n=n, unit=unit
                )
            )
    with open(folder / "references.bib", "a", encoding="utf-8") as handle:
        for key, _, _ in studies:
            handle.write(BIB_ENTRY.format(key=key, name=key[:3].title(), year=key[3:]))
    return folder


@pytest.fixture
def open_trials_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(DATA_DIR_SETTING, str(_trials_dataset(tmp_path)))
    return open_page


def _expected(leave_out: tuple[str, ...] = (), method: str = "REML", ci: str = "z") -> meta.PoolResult:
    """The four made-up trials pooled from their raw numbers, without the page's code."""
    se_cat = (math.log(0.90) - math.log(0.40)) / (2 * 1.959963984540054)
    effects = {
        "cat2005": (math.log(0.60), se_cat**2),
        "ann2010": tuple(float(v) for v in meta.log_risk_ratio(5, 100, 20, 100)),
        "bob2015": tuple(float(v) for v in meta.log_risk_ratio(30, 150, 33, 150)),
        "dan2018": tuple(float(v) for v in meta.log_risk_ratio(20, 200, 25, 200)),  # 10% and 12.5% of 200
    }
    kept = [v for k, v in effects.items() if k not in leave_out]
    return meta.pool([y for y, _ in kept], [v for _, v in kept], method=method, ci=ci)


def _estimate_line(result: meta.PoolResult) -> str:
    return (
        f"{fmt(math.exp(result.estimate), 'rr')} (95% CI {fmt(math.exp(result.ci_low), 'rr')} to "
        f"{fmt(math.exp(result.ci_high), 'rr')})"
    )


def test_known_trials_are_pooled_and_leaving_one_out_changes_the_estimate(open_trials_page) -> None:
    at = open_trials_page(PAGE)
    assert at.selectbox(key="forest_outcome").options == ["Injuries (4 trials)"]
    expected = _expected()
    assert expected.tau2 > 0  # heterogeneous: the method matters
    panel = _panel(at)
    assert panel["Pooled risk ratio"] == _estimate_line(expected)
    assert panel["Inconsistency"] == f"I² = {fmt(expected.i2, decimals=1)}%"
    assert panel["Between-study variance"] == f"tau² = {fmt(expected.tau2, decimals=3)}"
    assert _trial_names(at) == ["Cat 2005", "Ann 2010", "Bob 2015", "Dan 2018"]
    table = _tables(at, "Source of the effect")[0].set_index("Study")
    assert table.loc["Dan 2018", "Programme arm"] == "20 of 200 (derived)"
    assert table.loc["Ann 2010", "Programme arm"] == "5 of 100"
    assert table.loc["Pooled estimate (k = 4)", "Estimate"] == float(fmt(math.exp(expected.estimate), "rr"))
    assert _tables(at, "Left out") == []  # made only when the reader opens it
    at.session_state["forest_loo_open"] = True  # the reader opens "Leave each trial out in turn"
    at.run()
    loo = _tables(at, "Left out")[0].set_index("Left out")
    assert loo.loc["Ann 2010", "Pooled estimate"] == float(fmt(math.exp(_expected(("ann2010",)).estimate), "rr"))

    at.selectbox(key="forest_method").set_value("DL").run()
    dl = _expected(method="DL")
    assert _panel(at)["Pooled risk ratio"] == _estimate_line(dl)
    assert _panel(at)["Model"] == "random effects, DerSimonian-Laird estimator of tau², Wald-type (z) 95% CI"

    at.multiselect(key="forest_leave_out_injury_overall_rr").set_value(["ann2010"]).run()
    without = _expected(("ann2010",), method="DL")
    assert _panel(at)["Pooled risk ratio"] == _estimate_line(without)
    assert _estimate_line(without) != _estimate_line(dl)
    assert _panel(at)["Studies"] == "k = 3"
    assert "Ann 2010" not in _trial_names(at)

    at.selectbox(key="forest_sort").set_value("weight").run()
    weights = dict(zip(["Cat 2005", "Bob 2015", "Dan 2018"], without.weights, strict=True))
    assert _trial_names(at) == sorted(weights, key=lambda name: -weights[name])
    sizes = dict(zip(_trial_names(at), _trials(at)["marker"]["size"], strict=True))
    assert sizes[_trial_names(at)[0]] == max(sizes.values())


def test_the_chosen_method_and_interval_travel_in_the_link_as_codes(open_real_page) -> None:
    link = {"forest_method": "DL", "forest_ci": "hksj", "forest_outcome": "running_economy"}
    at = open_real_page("pages/forest.py", link)
    assert at.selectbox(key="forest_method").value == "DL"
    assert at.radio(key="forest_ci").value == "hksj"
    assert at.selectbox(key="forest_outcome").value == "running_economy"
    assert not [i.value for i in at.info if "Ignored" in i.value]  # page parameters are not 'unknown'
    at.selectbox(key="forest_sort").set_value("effect").run()
    assert at.query_params["forest_sort"] == "effect" and at.query_params["forest_outcome"] == "running_economy"


def test_an_old_link_with_labels_still_opens_and_a_wrong_value_says_so(open_real_page) -> None:
    old = open_real_page(
        "pages/forest.py",
        {"forest_method": "Random effects, DerSimonian-Laird", "forest_ci": at_label("hksj"),
         "forest_outcome": "Injuries (2 trials)"},
    )  # fmt: skip
    assert old.selectbox(key="forest_method").value == "DL" and old.radio(key="forest_ci").value == "hksj"
    assert old.selectbox(key="forest_outcome").value == "injury_overall"  # a label whose count has changed
    assert old.query_params["forest_outcome"] == "injury_overall"  # rewritten as the code
    wrong = open_real_page("pages/forest.py", {"forest_sort": "<b>colour</b>"})
    notices = [i.value for i in wrong.info if "Ignored" in i.value]
    assert notices == ["Ignored '\\<b\\>colour\\</b\\>' in the link's 'forest\\_sort': not one of its choices."]


def at_label(interval: str) -> str:
    return forest_text.INTERVAL_LABELS[interval]


def test_injuries_in_runners_only_with_the_runner_reviews_beside_them(open_real_page) -> None:
    at = open_real_page(PAGE)
    at.selectbox(key="forest_outcome").set_value("runner_injuries").run()
    trials = _tables(at, "Source of the effect")[0]
    assert "Coppack et al. 2011" not in set(trials["Study"])  # army recruits are not runners
    assert {"Toresdahl et al. 2020", "Leppänen et al. 2024"} <= set(trials["Study"])
    shown = seen(at)
    assert "Reviews of injury prevention in runners" in shown
    assert "Wu et al. 2024, exercise-based prevention programmes" in shown


def _choosers_in_page_order(node, found: list[str]) -> list[str]:
    if node.type in ("selectbox", "radio", "multiselect") and getattr(node, "label", None):
        found.append(node.label)
    for child in getattr(node, "children", {}).values():
        _choosers_in_page_order(child, found)
    return found


def test_the_choosers_come_in_reading_order_for_tab_and_a_phone(open_real_page) -> None:
    """Two rows of three: a phone stacks them, and Tab reaches them, outcome first and 'Leave out' last (three
    columns of two would put the pooling method second)."""
    at = open_real_page(PAGE)
    assert _choosers_in_page_order(at.main, [])[:6] == [
        "Outcome", "Measure", "Sort trials by", "Pooling method", "Confidence interval", "Leave out",
    ]  # fmt: skip
