"""Between-group standardised differences: printed as they stand, or derived from two arms' within-group g.

Hand-worked cases (z = 1.959964):
- arm CI [-1.72, -0.12] -> SE = 1.60 / 3.919928 = 0.408171; control CI [-0.76, 0.76] -> SE = 1.52 / 3.919928 =
  0.387762; Var = 0.166604 + 0.150359 = 0.316963; g = -0.92 - 0.00 = -0.92; 95% CI -0.92 +/- 1.959964 x 0.562995
  = [-2.023448, 0.183448].
"""

from __future__ import annotations

import math

import pytest

from evidence.data.load import load_dataset
from evidence.stats import differences, effects
from tests.conftest import REAL_DATA


def _row(rid: str, group: str, value: float, low: float, high: float, detail: str = "VO2 at 10 km/h", **extra):
    return {"result_id": rid, "group": group, "measure": "hedges_g", "value": value, "ci_low": low, "ci_high": high,
            "outcome_detail": detail, "note": "", "printed_in": "", **extra}  # fmt: skip


def test_se_from_a_95_percent_ci() -> None:
    assert differences.se_from_ci(-1.72, -0.12) == pytest.approx(0.408171, abs=1e-6)
    with pytest.raises(differences.DifferenceError):
        differences.se_from_ci(0.5, 0.5)
    with pytest.raises(differences.DifferenceError):
        differences.se_from_ci(1.0, -1.0)


def test_difference_of_changes_worked_by_hand() -> None:
    g, var, low, high = differences.difference_of_changes(-0.92, (-1.72, -0.12), 0.0, (-0.76, 0.76))
    assert g == pytest.approx(-0.92)
    assert var == pytest.approx(0.316963, abs=1e-6)
    assert (low, high) == (pytest.approx(-2.023448, abs=1e-5), pytest.approx(0.183448, abs=1e-5))
    assert math.isclose(high - g, g - low)  # symmetric around the difference


def test_derived_takes_the_first_pair_with_the_same_detail_and_names_what_it_left_out() -> None:
    rows = [
        _row("t-01", "training: heavy lifting", -0.92, -1.72, -0.12, "VO2 at 10.8 km/h"),
        _row("t-02", "training: heavy lifting", -0.55, -1.33, 0.23, "VO2 at 12.6 km/h"),
        _row("t-03", "control: running only", 0.0, -0.76, 0.76, "VO2 at 12.6 km/h"),
        _row("t-04", "control: running only", 0.1, -0.66, 0.86, "VO2 at 10.8 km/h", printed_in="review2022"),
    ]
    found = differences.derived_difference(rows, effects.group_role, effects.INTERVENTION, effects.CONTROL)
    assert found is not None and found.result_ids == "t-01; t-04"
    assert found.yi == pytest.approx(-1.02) and found.source == differences.SOURCE_DERIVED_ARMS
    assert "not t-02" in found.note and "printed in review2022" in found.note and "derived" in found.note


def test_no_pair_no_derived_effect_and_a_printed_difference_comes_first() -> None:
    lonely = [_row("t-01", "training: heavy lifting", -0.8, -1.6, 0.1)]
    assert differences.derived_difference(lonely, effects.group_role, effects.INTERVENTION, effects.CONTROL) is None
    printed = [_row("t-09", "heavy lifting vs control (between groups)", -1.45, -2.56, -0.35)]
    found = differences.printed_difference(printed, effects.group_role, effects.BETWEEN)
    assert found is not None and (found.yi, found.ci_low, found.ci_high) == (-1.45, -2.56, -0.35)
    assert found.vi == pytest.approx(((-0.35 + 2.56) / 3.919928) ** 2)


def test_running_economy_trials_in_the_bundled_data() -> None:
    dataset = load_dataset(REAL_DATA)
    frame = effects.trial_effects(dataset.results, dataset.studies, "running_economy")
    by_key = frame.set_index("study_key")
    # printed between-group g (as printed in Balsalobre-Fernandez 2016, table 3) stays as printed
    assert by_key.loc["storen2008", "effect"] == -1.45 and by_key.loc["storen2008", "source"].startswith("between")
    # Albracht 2013: first listed pair (oxygen uptake at 10.8 km/h), -0.92 - 0.00
    assert by_key.loc["albracht2013", "effect"] == pytest.approx(-0.92)
    assert by_key.loc["albracht2013", "source"] == differences.SOURCE_DERIVED_ARMS
    # Ferrauti 2010: 0.60 - 0.34 at 8.6 km/h
    assert by_key.loc["ferrauti2010", "effect"] == pytest.approx(0.26)
    assert set(frame["measure"]) == {"hedges_g"} and frame["study_key"].is_unique
    assert len(frame) >= 8
