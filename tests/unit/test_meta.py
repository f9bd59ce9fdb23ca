"""Tests for evidence.stats.pooling: golden values from R 4.2.2 / metafor 3.8-1, edge cases and refusals.

Golden rows live in tests/golden/metafor_reference_subset.csv (see tests/golden/README.md). Tolerance for
golden comparisons: |ours - metafor| <= 1e-6 * max(1, |metafor|), i.e. 1e-6 absolute and, for values larger
than 1 in magnitude (mean-difference tau² ~ 685, Q up to 239), 1e-6 relative; p-values are also checked to
1e-6 relative.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

from evidence.stats.pooling import (
    PoolingError,
    PoolResult,
    check_poolable,
    hedges_g,
    log_odds_ratio,
    log_ratio_from_ci,
    log_risk_ratio,
    mean_difference,
    pool,
    se_from_ci,
)

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "metafor_reference_subset.csv"
TOL = 1e-6

# metafor quantity name -> PoolResult attribute
ATTR = {
    "estimate": "estimate",
    "se": "se",
    "zval": "z_or_t",
    "pval": "p_value",
    "ci.lb": "ci_low",
    "ci.ub": "ci_high",
    "tau2": "tau2",
    "I2": "i2",
    "H2": "h2",
    "Q": "q",
    "QEp": "q_p",
    "k": "k",
    "pi.lb": "pi_low",
    "pi.ub": "pi_high",
}
DATASETS = [
    ("dat.bcg", "RR"),
    ("dat.bcg", "OR"),
    ("dat.normand1999", "SMD"),
    ("dat.normand1999", "MD"),
    ("toy.homogeneous", "GEN"),
]
# golden "method" label -> (pool method, ci)
FITS = {
    "FE": ("FE", "z"),
    "DL": ("DL", "z"),
    "REML": ("REML", "z"),
    "PM": ("PM", "z"),
    "HE": ("HE", "z"),
    "SJ": ("SJ", "z"),
    "ML": ("ML", "z"),
    "DL+knha": ("DL", "hksj"),
    "REML+knha": ("REML", "hksj"),
}


@cache
def golden() -> dict[tuple[str, str, str], dict[str, float]]:
    table: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    with GOLDEN.open(newline="") as fh:
        for row in csv.DictReader(fh):
            table[(row["dataset"], row["measure"], row["method"])][row["quantity"]] = float(row["value"])
    return dict(table)


def indexed(dataset: str, measure: str, method: str, name: str) -> np.ndarray:
    """Values name[1], name[2], ... of one golden block as an array."""
    block = golden()[(dataset, measure, method)]
    n = sum(1 for key in block if key.startswith(f"{name}["))
    assert n > 0, (dataset, measure, method, name)
    return np.array([block[f"{name}[{i}]"] for i in range(1, n + 1)])


def escalc(dataset: str, measure: str) -> tuple[np.ndarray, np.ndarray]:
    return indexed(dataset, measure, "escalc", "yi"), indexed(dataset, measure, "escalc", "vi")


@cache
def fitted(dataset: str, measure: str, label: str) -> PoolResult:
    method, ci = FITS[label]
    yi, vi = escalc(dataset, measure)
    return pool(yi, vi, method=method, ci=ci)


def close(got: float, want: float, quantity: str = "") -> bool:
    ok = abs(got - want) <= TOL * max(1.0, abs(want))
    if quantity in ("pval", "QEp") and want != 0:
        ok = ok and abs(got - want) <= TOL * abs(want)
    return ok


GOLDEN_CASES = [
    pytest.param(ds, ms, label, quantity, id=f"{ds}-{ms}-{label}-{quantity}")
    for ds, ms in DATASETS
    for label in FITS
    for quantity in ATTR
    if quantity in golden().get((ds, ms, label), {})
]


def test_golden_file_has_what_the_tests_expect() -> None:
    table = golden()
    assert len(GOLDEN_CASES) == 490  # 5 data sets x (12 x 5 + 14 x 2 + 5 x 2)
    for ds, ms in DATASETS:
        for label in ("FE", "DL", "REML", "PM", "HE", "SJ", "ML"):
            have = set(table[(ds, ms, label)])
            assert {
                "estimate",
                "se",
                "zval",
                "pval",
                "ci.lb",
                "ci.ub",
                "tau2",
                "I2",
                "H2",
                "Q",
                "QEp",
                "k",
            } <= have
        for label in ("DL", "REML"):
            assert {"pi.lb", "pi.ub"} <= set(table[(ds, ms, label)])
        for label in ("DL+knha", "REML+knha"):
            assert set(table[(ds, ms, label)]) == {"estimate", "se", "ci.lb", "ci.ub", "pval"}


# ----------------------------------------------------------------------------------------------------
# Pooling against metafor
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("dataset", "measure", "label", "quantity"), GOLDEN_CASES)
def test_pool_matches_metafor(dataset: str, measure: str, label: str, quantity: str) -> None:
    want = golden()[(dataset, measure, label)][quantity]
    got = getattr(fitted(dataset, measure, label), ATTR[quantity])
    assert close(got, want, quantity), f"{quantity}: ours {got!r}, metafor {want!r}"


@pytest.mark.parametrize(("dataset", "measure"), DATASETS)
@pytest.mark.parametrize("base", ["DL", "REML"])
def test_hksj_shares_tau2_and_uses_t_with_k_minus_1_df(dataset: str, measure: str, base: str) -> None:
    z_fit = fitted(dataset, measure, base)
    t_fit = fitted(dataset, measure, f"{base}+knha")
    ref = golden()[(dataset, measure, f"{base}+knha")]
    assert t_fit.ci_method == "hksj" and t_fit.df == z_fit.k - 1
    assert t_fit.tau2 == z_fit.tau2 and t_fit.i2 == z_fit.i2 and t_fit.weights == z_fit.weights
    assert t_fit.z_or_t == pytest.approx(ref["estimate"] / ref["se"], rel=1e-9)
    assert t_fit.p_value == pytest.approx(2 * stats.t.sf(abs(ref["estimate"] / ref["se"]), z_fit.k - 1), rel=1e-6)
    # metafor's predict() for test="knha": estimate +- qt(.975, k-1) * sqrt(tau2 + se_knha^2)
    half = stats.t.isf(0.025, z_fit.k - 1) * math.sqrt(golden()[(dataset, measure, base)]["tau2"] + ref["se"] ** 2)
    assert close(t_fit.pi_low, ref["estimate"] - half) and close(t_fit.pi_high, ref["estimate"] + half)


@pytest.mark.parametrize(("dataset", "measure"), DATASETS)
def test_fixed_effect_prediction_interval_equals_confidence_interval(dataset: str, measure: str) -> None:
    fe = fitted(dataset, measure, "FE")
    ref = golden()[(dataset, measure, "FE")]
    assert close(fe.pi_low, ref["ci.lb"]) and close(fe.pi_high, ref["ci.ub"])


@pytest.mark.parametrize(("dataset", "measure"), DATASETS)
@pytest.mark.parametrize("label", ["FE", "DL", "REML", "PM", "DL+knha"])
def test_weights_are_percent_inverse_variance(dataset: str, measure: str, label: str) -> None:
    res = fitted(dataset, measure, label)
    _, vi = escalc(dataset, measure)
    w = 1 / (vi + golden()[(dataset, measure, label.split("+")[0])]["tau2"])
    np.testing.assert_allclose(res.weights, 100 * w / w.sum(), rtol=1e-6, atol=1e-9)
    assert sum(res.weights) == pytest.approx(100.0, abs=1e-9)
    assert len(res.weights) == res.k == len(vi)


# ----------------------------------------------------------------------------------------------------
# Where statsmodels is used, and where we depart from it
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("dataset", "measure"), DATASETS[:4])
def test_agrees_with_statsmodels_where_statsmodels_matches_metafor(dataset: str, measure: str) -> None:
    yi, vi = escalc(dataset, measure)
    sm = combine_effects(yi, vi, method_re="dl")
    fe, dl = fitted(dataset, measure, "FE"), fitted(dataset, measure, "DL")
    assert fe.estimate == pytest.approx(sm.mean_effect_fe, rel=1e-12)
    assert fe.se == pytest.approx(sm.sd_eff_w_fe, rel=1e-12)
    assert fe.q == pytest.approx(sm.q, rel=1e-12)
    assert dl.tau2 == pytest.approx(sm.tau2, rel=1e-12)  # positive here, so no clamping
    assert dl.estimate == pytest.approx(sm.mean_effect_re, rel=1e-12)
    assert dl.i2 == pytest.approx(100 * sm.i2, rel=1e-9)  # DL is the one case where the I2 definitions agree
    assert dl.ci_method == "z" and dl.df == sm.df_resid
    assert fitted(dataset, measure, "DL+knha").se == pytest.approx(sm.sd_eff_w_re_hksj, rel=1e-12)


def test_departure_statsmodels_dl_does_not_clamp_tau2() -> None:
    yi, vi = escalc("toy.homogeneous", "GEN")
    with np.errstate(all="ignore"):
        sm = combine_effects(yi, vi, method_re="dl")
    assert sm.tau2 < 0 and math.isnan(sm.sd_eff_w_re)
    ours = fitted("toy.homogeneous", "GEN", "DL")
    assert ours.tau2 == 0.0 and ours.se == pytest.approx(0.102597835208515, abs=TOL)


@pytest.mark.parametrize(("dataset", "measure"), DATASETS[:4])
def test_departure_i2_definition_differs_from_statsmodels_for_reml(dataset: str, measure: str) -> None:
    yi, vi = escalc(dataset, measure)
    sm_i2 = 100 * combine_effects(yi, vi, method_re="dl").i2
    reml = fitted(dataset, measure, "REML")
    assert close(reml.i2, golden()[(dataset, measure, "REML")]["I2"])
    assert abs(reml.i2 - sm_i2) > 1e-3  # Q-based I2 would fail the golden test


@pytest.mark.parametrize(("dataset", "measure"), DATASETS[:4])
def test_pm_falls_back_to_bracketed_root_if_statsmodels_iteration_misses(
    dataset: str, measure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """statsmodels' PM iteration returns 0 if it ever overshoots; our check must catch a wrong answer."""
    import evidence.stats.pooling as meta

    real = meta.combine_effects

    def broken(effect, variance, method_re="iterated", **kwds):
        res = real(effect, variance, method_re=method_re, **kwds)
        if method_re == "iterated":
            res.tau2 = 0.0
        return res

    monkeypatch.setattr(meta, "combine_effects", broken)
    yi, vi = escalc(dataset, measure)
    res = pool(yi, vi, method="PM")
    ref = golden()[(dataset, measure, "PM")]
    for quantity in ("tau2", "estimate", "se", "I2"):
        assert close(getattr(res, ATTR[quantity]), ref[quantity]), quantity


# ----------------------------------------------------------------------------------------------------
# Edge cases
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["DL", "REML", "PM", "HE", "ML"])
@pytest.mark.parametrize("ci", ["z", "hksj"])
def test_homogeneous_set_clamps_tau2_and_i2_and_equals_fixed_effect(method: str, ci: str) -> None:
    yi, vi = escalc("toy.homogeneous", "GEN")
    re_fit, fe_fit = pool(yi, vi, method=method, ci=ci), pool(yi, vi, method="FE", ci=ci)
    assert re_fit.tau2 == 0.0 and re_fit.i2 == 0.0 and re_fit.h2 == 1.0
    assert fe_fit.i2 == 0.0 and fe_fit.h2 == pytest.approx(0.00344054580896686, abs=TOL)
    assert re_fit.estimate == fe_fit.estimate == pytest.approx(0.112982456140351, abs=TOL)
    assert re_fit.se == fe_fit.se
    assert (re_fit.pi_low, re_fit.pi_high) == (re_fit.ci_low, re_fit.ci_high)


def _reml_tau2_by_optimiser(y: np.ndarray, v: np.ndarray) -> float:
    """Independent check: maximise the restricted log-likelihood numerically."""

    def neg_restricted_loglik(tau2: float) -> float:
        w = 1 / (v + tau2)
        mu = (w @ y) / w.sum()
        return 0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - mu) ** 2).sum())

    res = optimize.minimize_scalar(neg_restricted_loglik, bounds=(0, 10), method="bounded", options={"xatol": 1e-12})
    return float(res.x)


K2_Y, K2_V = np.array([0.1, 0.9]), np.array([0.04, 0.09])


@pytest.mark.parametrize("method", ["FE", "DL", "REML", "PM"])
@pytest.mark.parametrize("ci", ["z", "hksj"])
def test_two_studies_work(method: str, ci: str) -> None:
    res = pool(K2_Y, K2_V, method=method, ci=ci)
    w0 = 1 / K2_V
    q = float(w0 @ (K2_Y - (w0 @ K2_Y) / w0.sum()) ** 2)
    tau2 = {
        "FE": 0.0,
        "DL": max(0.0, (q - 1) / (w0.sum() - (w0**2).sum() / w0.sum())),
        # Paule-Mandel solves Q(tau2) = k - 1; for k = 2 this is (y1 - y2)^2 = v1 + v2 + 2 tau2.
        "PM": max(0.0, ((K2_Y[0] - K2_Y[1]) ** 2 - K2_V.sum()) / 2),
        "REML": _reml_tau2_by_optimiser(K2_Y, K2_V),
    }[method]
    w = 1 / (K2_V + tau2)
    est = float(w @ K2_Y / w.sum())
    se = math.sqrt(1 / w.sum())
    if ci == "hksj":
        se = math.sqrt(float(w @ (K2_Y - est) ** 2) / w.sum())
        crit = stats.t.isf(0.025, 1)
    else:
        crit = stats.norm.isf(0.025)
    assert res.k == 2 and res.df == 1
    assert res.q == pytest.approx(q, abs=1e-12)
    assert res.tau2 == pytest.approx(tau2, abs=1e-7)
    assert res.estimate == pytest.approx(est, abs=TOL)
    assert res.se == pytest.approx(se, abs=TOL)
    assert res.ci_low == pytest.approx(est - crit * se, abs=TOL)
    assert res.ci_high == pytest.approx(est + crit * se, abs=TOL)
    assert res.q_p == pytest.approx(stats.chi2.sf(q, 1), abs=1e-12)


def test_result_is_frozen_and_described() -> None:
    res = fitted("dat.bcg", "RR", "REML")
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.estimate = 0.0  # type: ignore[misc]
    assert res.describe() == "random effects, REML estimator of tau², Wald-type (z) 95% CI"
    assert fitted("dat.bcg", "RR", "FE").describe() == "fixed effect (inverse-variance), Wald-type (z) 95% CI"
    assert fitted("dat.bcg", "RR", "DL+knha").describe() == (
        "random effects, DerSimonian-Laird estimator of tau², Hartung-Knapp-Sidik-Jonkman (t, 12 df) 95% CI"
    )
    assert fitted("dat.bcg", "RR", "PM").describe().startswith("random effects, Paule-Mandel estimator")
    assert res.statistic_name == "z" and fitted("dat.bcg", "RR", "REML+knha").statistic_name == "t"
    assert res.tau == pytest.approx(math.sqrt(0.313243258136486), abs=TOL)


def test_result_as_one_row_frame_on_the_analysis_or_the_ratio_scale() -> None:
    res = fitted("dat.bcg", "RR", "REML")
    row = res.to_frame().iloc[0]
    assert (row["estimate"], row["ci_low"], row["pi_high"], row["tau2"], row["k"]) == (
        res.estimate, res.ci_low, res.pi_high, res.tau2, res.k
    )  # fmt: skip
    assert row["model"] == res.describe() and row["vi"] == pytest.approx(res.se**2) and row["random_effects"]
    ratio = res.to_frame(exponentiate=True).iloc[0]
    assert ratio["estimate"] == pytest.approx(math.exp(res.estimate))
    assert (ratio["ci_low"], ratio["ci_high"]) == pytest.approx((math.exp(res.ci_low), math.exp(res.ci_high)))
    assert ratio["yi"] == res.estimate  # the analysis scale is kept beside it
    assert list(res.to_frame().columns) == list(ratio.index)


def test_method_names_are_spelled_once() -> None:
    from evidence.stats.pooling import METHOD_NAMES, METHODS

    assert set(METHOD_NAMES) == set(METHODS)
    assert fitted("dat.bcg", "RR", "DL").describe().startswith(f"random effects, {METHOD_NAMES['DL']} estimator")


def test_accepts_pandas_series_and_level() -> None:
    yi, vi = escalc("dat.bcg", "RR")
    res = pool(pd.Series(yi), pd.Series(vi), method="REML", level=0.90)
    ref = golden()[("dat.bcg", "RR", "REML")]
    half = stats.norm.isf(0.05) * ref["se"]
    assert close(res.ci_low, ref["estimate"] - half) and close(res.ci_high, ref["estimate"] + half)
    assert res.describe().endswith("Wald-type (z) 90% CI")


# ----------------------------------------------------------------------------------------------------
# Refusals
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("effects", "variances", "message"),
    [
        pytest.param([0.2], [0.1], "only 1 is available", id="k=1"),
        pytest.param([], [], "only 0 are available", id="k=0"),
        pytest.param([0.2, 0.3, 0.4], [0.1, 0.1], "3 effect sizes but 2 variances", id="mismatched-lengths"),
        pytest.param([0.2, math.nan], [0.1, 0.1], "effect size is missing", id="nan-effect"),
        pytest.param([0.2, None], [0.1, 0.1], "effect size is missing", id="none-effect"),
        pytest.param([0.2, math.inf], [0.1, 0.1], "effect size is missing", id="inf-effect"),
        pytest.param([0.2, 0.3], [0.1, math.nan], "variance is missing", id="nan-variance"),
        pytest.param([0.2, 0.3], [0.1, 0.0], "variance of zero or less", id="zero-variance"),
        pytest.param([0.2, 0.3], [0.1, -0.2], "variance of zero or less", id="negative-variance"),
        pytest.param([0.2, "x"], [0.1, 0.1], "not numbers", id="text-effect"),
    ],
)
def test_pool_refuses_bad_input(effects: list, variances: list, message: str) -> None:
    with pytest.raises(PoolingError, match=message) as info:
        pool(effects, variances)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "XYZ"}, "Unknown pooling method"),
        ({"ci": "wald"}, "Unknown interval method"),
        ({"level": 1.5}, "between 0 and 1"),
    ],
)
def test_pool_refuses_unknown_options(kwargs: dict, message: str) -> None:
    with pytest.raises(PoolingError, match=message):
        pool([0.1, 0.2], [0.01, 0.02], **kwargs)


def _row(key: str, **kw: object) -> dict:
    return {"study_key": key, "outcome": "5 km time", "measure": "SMD", "design": "rct", **kw}


def test_check_poolable_accepts_same_outcome_and_measure() -> None:
    rows = [_row("smith2020"), _row("jones2021", measure=" smd "), _row("lee2019", design=None)]
    assert check_poolable(rows) is None
    assert check_poolable(pd.DataFrame(rows)) is None
    reviews = [
        _row("rev1", design="systematic_review", includes="a; b"),
        _row("rev2", design="systematic_review_meta_analysis", includes=["c"]),
    ]
    assert check_poolable(reviews) is None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param([_row("a")], "only 1 is selected", id="k=1"),
        pytest.param([_row("a"), _row("b", measure="MD")], r"different effect measures \(MD, SMD\)", id="measures"),
        pytest.param([_row("a"), _row("b", outcome="VO2max")], "different outcomes", id="outcomes"),
        pytest.param([_row("a"), _row("b", measure=None)], "b has no measure", id="missing-measure"),
        pytest.param([_row("a"), _row("a")], "a appears more than once", id="duplicate"),
        pytest.param(
            [_row("rev", design="systematic_review_meta_analysis", includes=[]), _row("t1")],
            r"review \(rev\) cannot be pooled together with individual studies \(t1\)",
            id="review+trial",
        ),
        pytest.param(
            [_row("rev", design="narrative_review"), _row("t1")],
            r"review \(rev\) cannot be pooled together with individual studies \(t1\)",
            id="narrative-review+trial",
        ),
        pytest.param(
            [_row("rev", design="systematic_review", includes="t1, t2"), _row("t1"), _row("t2")],
            "review rev already includes t1, t2",
            id="review+its-trials",
        ),
        pytest.param(
            [
                _row("r1", design="systematic_review", includes=["t1", "t2"]),
                _row("r2", design="systematic_review", includes=["t2"]),
            ],
            "r1 and r2 both include t2",
            id="overlapping-reviews",
        ),
    ],
)
def test_check_poolable_refuses(rows: list[dict], message: str) -> None:
    with pytest.raises(PoolingError, match=message):
        check_poolable(rows)
    with pytest.raises(PoolingError, match=message):
        check_poolable(pd.DataFrame(rows))


# ----------------------------------------------------------------------------------------------------
# Effect sizes against metafor's escalc
# ----------------------------------------------------------------------------------------------------


def _bcg_counts() -> tuple[np.ndarray, ...]:
    tpos, tneg, cpos, cneg = (indexed("dat.bcg", "raw", "input", n) for n in ("tpos", "tneg", "cpos", "cneg"))
    return tpos, tpos + tneg, cpos, cpos + cneg


def _normand_means() -> list[np.ndarray]:
    return [indexed("dat.normand1999", "raw", "input", n) for n in ("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")]


ESCALC_CASES = [
    pytest.param("dat.bcg", "RR", log_risk_ratio, _bcg_counts, id="RR"),
    pytest.param("dat.bcg", "OR", log_odds_ratio, _bcg_counts, id="OR"),
    pytest.param("dat.normand1999", "SMD", hedges_g, _normand_means, id="SMD"),
    pytest.param("dat.normand1999", "MD", mean_difference, _normand_means, id="MD"),
]


@pytest.mark.parametrize(("dataset", "measure", "func", "inputs"), ESCALC_CASES)
def test_effect_sizes_match_escalc_vectorised(dataset, measure, func, inputs) -> None:
    yi, vi = func(*inputs())
    want_y, want_v = escalc(dataset, measure)
    assert yi.shape == want_y.shape == (13 if dataset == "dat.bcg" else 9,)
    np.testing.assert_allclose(yi, want_y, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(vi, want_v, rtol=TOL, atol=TOL)


@pytest.mark.parametrize(("dataset", "measure", "func", "inputs"), ESCALC_CASES)
@pytest.mark.parametrize("i", [0, 4, 8])
def test_effect_sizes_match_escalc_scalar(dataset, measure, func, inputs, i: int) -> None:
    yi, vi = func(*(float(a[i]) for a in inputs()))
    want_y, want_v = escalc(dataset, measure)
    assert np.ndim(yi) == 0 and isinstance(float(yi), float)
    assert close(float(yi), want_y[i]) and close(float(vi), want_v[i])


def test_hedges_g_uses_exact_bias_correction() -> None:
    # n1 = n2 = 6 -> m = 10, J = Gamma(5) / (sqrt(5) Gamma(4.5)), not the approximation 1 - 3/(4m - 1)
    j_exact = math.gamma(5) / (math.sqrt(5) * math.gamma(4.5))
    g, var = hedges_g(12.0, 2.0, 6, 10.0, 2.0, 6)
    assert g == pytest.approx(j_exact * 1.0, abs=1e-12)
    assert abs(g - (1 - 3 / 39)) > 1e-4
    assert var == pytest.approx(1 / 6 + 1 / 6 + g**2 / 24, abs=1e-12)


@pytest.mark.parametrize(
    ("func", "counts", "expected"),
    [
        # zero cell: 0.5 added to every cell of that study only (a=.5, b=10.5, c=3.5, d=7.5)
        pytest.param(
            log_risk_ratio,
            (0, 10, 3, 10),
            (math.log((0.5 / 11) / (3.5 / 11)), 1 / 0.5 - 1 / 11 + 1 / 3.5 - 1 / 11),
            id="RR-zero",
        ),
        pytest.param(
            log_odds_ratio,
            (0, 10, 3, 10),
            (math.log(0.5 * 7.5 / (10.5 * 3.5)), 1 / 0.5 + 1 / 10.5 + 1 / 3.5 + 1 / 7.5),
            id="OR-zero",
        ),
        pytest.param(
            log_odds_ratio,
            (0, 10, 0, 12),
            (math.log(0.5 * 12.5 / (10.5 * 0.5)), 1 / 0.5 + 1 / 10.5 + 1 / 0.5 + 1 / 12.5),
            id="OR-double-0",
        ),
        pytest.param(
            log_risk_ratio,
            (10, 10, 5, 10),
            (math.log((10.5 / 11) / (5.5 / 11)), 1 / 10.5 - 1 / 11 + 1 / 5.5 - 1 / 11),
            id="RR-all-events",
        ),
        # no zero cell: no correction
        pytest.param(log_risk_ratio, (2, 10, 4, 10), (math.log(0.5), 1 / 2 - 1 / 10 + 1 / 4 - 1 / 10), id="RR-plain"),
        pytest.param(
            log_odds_ratio,
            (2, 10, 4, 10),
            (math.log(2 * 6 / (8 * 4)), 1 / 2 + 1 / 8 + 1 / 4 + 1 / 6),
            id="OR-plain",
        ),
    ],
)
def test_zero_cell_correction_only_where_needed(func, counts, expected) -> None:
    yi, vi = func(*counts)
    assert yi == pytest.approx(expected[0], abs=1e-12) and vi == pytest.approx(expected[1], abs=1e-12)
    # vectorised: a zero-cell study does not change its neighbour
    neighbour = (2, 10, 4, 10)  # no zero cell
    ys, vs = func(*(np.array([c, n]) for c, n in zip(counts, neighbour, strict=True)))
    assert ys[0] == pytest.approx(expected[0], abs=1e-12) and vs[0] == pytest.approx(expected[1], abs=1e-12)
    want = (
        (math.log(0.5), 1 / 2 - 1 / 10 + 1 / 4 - 1 / 10)
        if func is log_risk_ratio
        else (math.log(12 / 32), 1 / 2 + 1 / 8 + 1 / 4 + 1 / 6)
    )
    assert ys[1] == pytest.approx(want[0], abs=1e-12) and vs[1] == pytest.approx(want[1], abs=1e-12)


@pytest.mark.parametrize("i", range(13))
def test_log_ratio_from_ci_recovers_escalc(i: int) -> None:
    yi, vi = escalc("dat.bcg", "RR")
    z = stats.norm.isf(0.025)
    ratio, lower, upper = (
        math.exp(yi[i]),
        math.exp(yi[i] - z * math.sqrt(vi[i])),
        math.exp(yi[i] + z * math.sqrt(vi[i])),
    )
    log_ratio, se = log_ratio_from_ci(ratio, lower, upper)
    assert log_ratio == pytest.approx(yi[i], abs=1e-12) and se**2 == pytest.approx(vi[i], abs=1e-12)


def test_log_ratio_and_se_from_ci_numbers() -> None:
    log_rr, se = log_ratio_from_ci(0.8, 0.6, 1.0)
    assert log_rr == pytest.approx(math.log(0.8), abs=1e-12)
    assert se == pytest.approx((math.log(1.0) - math.log(0.6)) / (2 * 1.959963984540054), abs=1e-12)
    assert log_ratio_from_ci(0.8, 0.6, 1.0, level=0.90)[1] == pytest.approx(-math.log(0.6) / (2 * 1.6448536269514722))
    assert se_from_ci(-1.0, 3.0) == pytest.approx(4 / (2 * 1.959963984540054), abs=1e-12)
    np.testing.assert_allclose(se_from_ci([0.0, 1.0], [1.0, 5.0]), [0.255106728462, 1.020426913848], atol=1e-9)
    yi, vi = escalc("dat.normand1999", "MD")
    half = 1.959963984540054 * np.sqrt(vi)
    np.testing.assert_allclose(se_from_ci(yi - half, yi + half) ** 2, vi, rtol=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda: hedges_g(1, 1, 2, 0, 1, 1), "more than 3 participants", id="g-too-small"),
        pytest.param(lambda: hedges_g(1, 0, 5, 0, 0, 5), "pooled standard deviation is zero", id="g-zero-sd"),
        pytest.param(lambda: hedges_g(1, math.nan, 5, 0, 1, 5), "missing or not numbers", id="g-nan"),
        pytest.param(lambda: mean_difference(1, -1, 5, 0, 1, 5), "negative", id="md-negative-sd"),
        pytest.param(lambda: log_risk_ratio(11, 10, 3, 10), "between 0 and the number", id="rr-events>n"),
        pytest.param(lambda: log_odds_ratio(1, 0, 3, 10), "at least one participant", id="or-n=0"),
        pytest.param(lambda: log_ratio_from_ci(0.8, 0.9, 1.2), "outside its own confidence", id="ratio-outside"),
        pytest.param(lambda: log_ratio_from_ci(0.8, -0.1, 1.2), "greater than zero", id="ratio-negative"),
        pytest.param(lambda: se_from_ci(2.0, 1.0), "lower confidence limit", id="ci-reversed"),
    ],
)
def test_effect_sizes_refuse_bad_input(call, message: str) -> None:
    with pytest.raises(PoolingError, match=message):
        call()
