"""The rules for a result row (which group it is about, significant or not, a benefit or not), and that the forest
plots and the briefs, which share them, classify every row of the bundled data and of the fixture alike."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.data.load import load_dataset
from evidence.outputs import briefs
from evidence.stats import absolute, effects
from evidence.stats.effects import BETWEEN, CONTROL, INTERVENTION, SEVERAL, SUBGROUP
from evidence.views import forest_text
from tests.conftest import FIXTURE_DATA, REAL_DATA


@pytest.mark.parametrize(
    ("group", "role"),
    [
        ("control", CONTROL),
        ("observation", CONTROL),
        ("control (usual warm-up)", CONTROL),
        ("usual training", CONTROL),
        ("placebo stretching", CONTROL),
        ("endurance only (E)", CONTROL),
        ("running only", CONTROL),
        ("running only control (C)", CONTROL),
        ("control group (CG)", CONTROL),
        ("non-injured controls", CONTROL),
        ("strength training", INTERVENTION),
        ("strength training group (STG)", INTERVENTION),
        ("high-intensity resistance and impact training", INTERVENTION),  # one programme, not two groups
        ("preconditioning (walking and hopping)", INTERVENTION),
        ("runners, men and women", INTERVENTION),  # a cohort is one group
        ("between groups", BETWEEN),
        ("PLY vs CON (between groups)", BETWEEN),
        ("weakest vs other tertiles", BETWEEN),
        ("age cohorts compared", BETWEEN),
        ("between groups (subgroup)", SUBGROUP),
        ("biopsy subgroup, age cohorts compared", SUBGROUP),
        ("pooled (k=6)", SEVERAL),
        ("pooled E + C", SEVERAL),
        ("narrative synthesis (24 studies)", SEVERAL),
        ("whole sample", SEVERAL),
        ("both groups", SEVERAL),
        ("all groups", SEVERAL),
        ("strength tertiles", SEVERAL),
        ("ES and E", SEVERAL),
        ("STG and CG", SEVERAL),
        ("explosive + endurance (E) and control (C)", SEVERAL),  # two groups, one of them the control
        ("", SEVERAL),
        (None, SEVERAL),
    ],
)
def test_one_rule_says_which_group_a_row_is_about(group: str | None, role: str) -> None:
    assert effects.group_role(group) == role
    assert effects.is_control_arm(group) is (role == CONTROL)


def _row(**fields) -> dict:
    row = {"group": "strength training", "outcome": "running_economy", "measure": "qualitative", "value": None,
           "ci_low": None, "ci_high": None, "p_value": None, "p_text": None, "note": None,
           "lower_is_better": True}  # fmt: skip
    return row | fields


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"p_value": 0.049}, True),
        ({"p_value": 0.2, "p_text": "<0.05"}, False),  # the printed p-value decides
        ({"p_text": "<=0.05"}, True),
        ({"p_text": "<.001"}, True),
        ({"p_text": "<0.1"}, False),
        ({"p_text": "P < .001"}, True),
        ({"p_text": "p = 0.06 (tendency)"}, False),
        ({"p_text": "all P >= .05"}, False),
        ({"p_text": "ns", "note": "improved significantly"}, False),  # a printed 'ns' is not outvoted by a note
        ({"measure": "rr", "value": 0.49, "ci_low": 0.32, "ci_high": 0.74}, True),
        ({"measure": "or", "value": 1.08, "ci_low": 0.9, "ci_high": 1.3}, False),
        ({"measure": "smd", "value": -1.42, "ci_low": -2.23, "ci_high": -0.6}, True),
        ({"measure": "proportion", "value": 37.5, "ci_low": 34.8, "ci_high": 40.4}, False),  # a share's CI: no test
        ({"note": "reported as a significant 2.7% improvement"}, True),
        ({"note": "no significant improvement"}, False),
    ],
)
def test_significance_is_read_from_p_then_p_text_then_interval_then_note(fields: dict, expected: bool) -> None:
    assert effects.is_significant(_row(**fields)) is expected


def test_direction_and_benefit() -> None:
    assert effects.reads_as(-5.0, True) == effects.IMPROVEMENT  # lower oxygen cost
    assert effects.reads_as(6.17, False) == effects.IMPROVEMENT  # higher economy
    assert effects.reads_as(1.4, True, "rr") == effects.WORSENING
    assert effects.reads_as(0, True) == effects.NO_CHANGE
    assert effects.reads_as(72.8, False, "mean") is None  # a mean has no direction by itself
    worse = _row(measure="percent_change", value=4.0, p_value=0.01)  # more oxygen cost, significantly
    assert not effects.counts_for_benefit(worse)
    assert effects.counts_for_benefit(worse | {"outcome": "body_mass"})  # neutral outcome: any change counts
    assert effects.counts_for_benefit(_row(p_text="<0.05", group="ES vs E (between groups)"))
    assert not effects.counts_for_benefit(_row(p_text="<0.05", group="endurance control (C)"))
    assert not effects.counts_for_benefit(_row(p_text="<0.05", group="both groups"))


# --- the forest plots and the briefs classify every recorded row alike ------------------------------------------


@pytest.fixture(scope="module", params=[REAL_DATA, FIXTURE_DATA], ids=["data", "fixture"])
def dataset(request: pytest.FixtureRequest):
    return load_dataset(request.param)


_STUDY = pd.DataFrame([{"key": "probe2020", "label": "Probe 2020", "year": 2020, "design": "rct", "n": 60}])


def _forest_role(row: dict) -> str:
    """How the forest plot's effect extraction reads a row's group: as the control arm, the programme's arm, a
    comparison of the arms, or none of these. Probed by giving it the group beside a known partner."""

    def effect_of(*probe: dict):
        rows = [{**row, "study_key": "probe2020", "outcome": "injury_overall", "n": 30, "ci_low": None,
                 "ci_high": None, "result_id": f"probe2020-{i}"} | p for i, p in enumerate(probe)]  # fmt: skip
        found = effects.trial_effects(pd.DataFrame(rows), _STUDY, "injury_overall")
        return None if found.empty else found.iloc[0]

    own = {"measure": "events", "value": 3}
    as_control = effect_of(own, {"group": "strength training", "measure": "events", "value": 6})
    as_programme = effect_of(own, {"group": "control", "measure": "events", "value": 6})
    as_comparison = effect_of({"measure": "rr", "value": 0.5, "ci_low": 0.3, "ci_high": 0.8})
    found = [
        name
        for name, effect in (("control", as_control), ("programme", as_programme), ("comparison", as_comparison))
        if effect is not None
    ]
    assert len(found) <= 1, (row["group"], found)
    if as_control is not None:
        assert as_control["events_c"] == 3
    if as_programme is not None:
        assert as_programme["events_t"] == 3
    return found[0] if found else "none"


def _brief_counts(row: dict, **fields) -> bool:
    """Whether the brief counts the row towards a training trial's benefit on its outcome."""
    study = pd.Series({"key": row["study_key"], "finding": "positive"})
    return bool(briefs.shows_benefit(study, row["outcome"], pd.DataFrame([row | fields])))


def test_forest_plot_and_brief_classify_every_result_row_alike(dataset) -> None:
    assert briefs.shows_benefit is effects.shows_benefit  # the brief has no rule of its own
    rows = dataset.results.to_dict(orient="records")
    roles = {}
    for row in rows:
        forest_role = _forest_role(row)
        roles[row["result_id"]] = forest_role
        # control arm: the forest's control arm is never a benefit in the brief; the programme's arm and a
        # comparison of the arms are, once significant (a finding without a number, so no direction to veto it)
        significant_finding = {"measure": "qualitative", "value": None, "p_value": 0.01}
        assert _brief_counts(row, **significant_finding) is (forest_role in ("programme", "comparison")), row
        assert (forest_role == "control") is effects.is_control_arm(row["group"]), row
        # significance: what the forest plot draws from a printed ratio is significant exactly when the brief says so
        printed = row["measure"] in ("rr", "or", "hr") and pd.notna(row["ci_low"]) and pd.notna(row["ci_high"])
        if printed and row["ci_low"] <= row["value"] <= row["ci_high"]:
            effect = absolute.absolute_effect(row["value"], row["ci_low"], row["ci_high"], 10, row["measure"])
            assert effect.significant is effects.is_significant(row | {"p_value": None, "p_text": None}), row
        # benefit: the brief's verdict on the row is the one rule's
        assert _brief_counts(row) is effects.counts_for_benefit(row), row
    assert set(roles.values()) >= {"programme", "comparison", "none"}
    # the arms of every trial effect drawn are the arms the brief leaves out (control) or counts (programme)
    drawn = effects.trial_effects(dataset.results, dataset.studies, list(dataset.results["outcome"].unique()))
    for ids in drawn["result_ids"]:
        parts = ids.split("; ")
        expected = ["programme", "control"] if len(parts) == 2 else ["comparison"]
        assert [roles[p] for p in parts] == expected


def test_a_change_the_forest_page_reads_as_worse_is_never_a_benefit_in_a_brief(dataset) -> None:
    results = dataset.results
    for outcome in results.loc[results["measure"] == "percent_change", "outcome"].unique():
        changes = forest_text.within_group_changes(results, dataset.studies, outcome)
        by_id = results.set_index("result_id")
        for change in changes.to_dict(orient="records"):
            row = by_id.loc[change["result_id"]].to_dict() | {"result_id": change["result_id"]}
            value = effects.programme_vs_control(row["value"], "percent_change", row["group"])
            assert change["reads_as"] == effects.reads_as(value, row["lower_is_better"])
            if change["reads_as"] == effects.WORSENING and outcome not in effects.NEUTRAL_OUTCOMES:
                assert not _brief_counts(row)


def test_runner_injuries_keep_only_trials_in_runners() -> None:
    from evidence.data.load import load_dataset
    from tests.conftest import REAL_DATA

    real = load_dataset(REAL_DATA)
    choices = effects.outcome_choices(real.results, real.studies)
    assert choices[:2] == [effects.ALL_INJURIES, effects.RUNNER_INJURIES]
    runners = set(effects.trial_effects(real.results, real.studies, effects.RUNNER_INJURIES)["study_key"])
    every = set(effects.trial_effects(real.results, real.studies, effects.ALL_INJURIES)["study_key"])
    assert "coppack2011" in every and "coppack2011" not in runners  # army recruits
    assert {"toresdahl2020", "leppanen2024", "bredeweg2012", "fokkema2019"} <= runners
    assert effects.is_runner_population("432 novice runners preparing for a 4-mile event")
    assert not effects.is_runner_population("8459 athletes from various sports; not runner-specific")
    assert not effects.is_runner_population("1502 UK Army recruits")
    # the counts the chooser shows are each choice's own trials, counted from one search of every outcome
    choices, counts = effects.choices_and_counts(real.results, real.studies)
    assert choices == effects.outcome_choices(real.results, real.studies) and list(counts) == choices
    assert counts == effects.trial_counts(real.results, real.studies, choices)
    assert counts[effects.RUNNER_INJURIES] == len(runners) and counts[effects.ALL_INJURIES] == len(every)


def test_candidates_found_once_give_the_same_measures_and_trials() -> None:
    from evidence.data.load import load_dataset
    from tests.conftest import REAL_DATA

    real = load_dataset(REAL_DATA)
    for outcome in (effects.ALL_INJURIES, "running_economy"):
        found = effects.study_candidates(real.results, real.studies, outcome)
        measures = effects.measure_choices(real.results, real.studies, outcome)
        assert effects.measure_choices(real.results, real.studies, outcome, found=found) == measures
        for measure in measures:
            alone = effects.trial_effects(real.results, real.studies, outcome, measure)
            shared = effects.trial_effects(real.results, real.studies, outcome, measure, found=found)
            pd.testing.assert_frame_equal(shared, alone)
            assert len(alone) == measures[measure] or measure == effects.AS_REPORTED
