"""Exact inverse-variance meta-analysis that reproduces R's metafor (3.8-1) numbers.

Pure functions, no Streamlit. The pooled results are checked in ``tests/test_meta.py`` against values computed
with R 4.2.2 / metafor 3.8-1 (``tests/golden/metafor_reference_subset.csv``).

What lives here:

- :func:`pool` - fixed-effect and random-effects pooling (tau² estimators FE, DL, REML, PM, and also HE,
  SJ, ML) with Wald-type (z) or Hartung-Knapp-Sidik-Jonkman (t) confidence intervals, heterogeneity
  statistics and a 95 % prediction interval, returned as a frozen :class:`PoolResult`.
- :func:`check_poolable` - refuses to pool rows that should not be pooled (mixed measures or outcomes, a
  systematic review together with primary studies, double-counted studies).
- Effect sizes: :func:`hedges_g`, :func:`mean_difference`, :func:`log_risk_ratio`, :func:`log_odds_ratio`,
  :func:`log_ratio_from_ci`, :func:`se_from_ci`.

statsmodels' ``combine_effects`` is used for the inverse-variance weighted mean, its standard error,
Cochran's Q, the DerSimonian-Laird moment estimate and the Paule-Mandel iteration. Where statsmodels lacks
something or does it differently from metafor, the code says so in a comment marked ``metafor:``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

from evidence.data.vocabulary import REVIEW_DESIGNS

__all__ = [
    "CI_METHODS",
    "METHODS",
    "METHOD_NAMES",
    "PoolResult",
    "PoolingError",
    "check_poolable",
    "hedges_g",
    "log_odds_ratio",
    "log_ratio_from_ci",
    "log_risk_ratio",
    "mean_difference",
    "pool",
    "se_from_ci",
]

Method = Literal["FE", "DL", "REML", "PM", "HE", "SJ", "ML"]
CiMethod = Literal["z", "hksj"]

#: Estimators of the between-study variance tau² that :func:`pool` accepts ("FE" means no tau²).
METHODS: tuple[str, ...] = ("FE", "DL", "REML", "PM", "HE", "SJ", "ML")
#: Interval methods: Wald-type normal ("z") or Hartung-Knapp-Sidik-Jonkman t ("hksj", metafor's test="knha").
CI_METHODS: tuple[str, ...] = ("z", "hksj")
#: The methods' names in words, the one place they are spelled ("random effects, REML", "fixed effect").
METHOD_NAMES: dict[str, str] = {
    "FE": "fixed effect",
    "DL": "DerSimonian-Laird",
    "REML": "REML",
    "PM": "Paule-Mandel",
    "HE": "Hedges",
    "SJ": "Sidik-Jonkman",
    "ML": "maximum-likelihood",
}

# Convergence settings for the iterative tau² estimators. The reference values were fitted in metafor with
# threshold = tol = 1e-12, so we iterate at least that tightly.
_TOL = 1e-12
_MAXITER = 1000


class PoolingError(ValueError):
    """Raised when data cannot (or must not) be pooled, or effect-size inputs are unusable.

    The message is plain English, written to be shown to a reader of the web page as it is.
    """


# ----------------------------------------------------------------------------------------------------
# Result type
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolResult:
    """Result of :func:`pool`; field names follow metafor's ``rma`` output where there is one.

    Attributes:
        estimate: pooled effect (on the analysis scale, e.g. log risk ratio).
        se: its standard error (HKSJ-adjusted when ``ci_method == "hksj"``).
        ci_low, ci_high: confidence interval at ``level``.
        z_or_t: test statistic for estimate = 0 (z, or t with ``df`` degrees of freedom for HKSJ).
        p_value: two-sided p-value of that test.
        tau2: between-study variance (0 for the fixed-effect model), clamped at 0.
        i2: I² in percent, clamped at 0. Random effects: 100 tau²/(tau² + s²) with s² metafor's "typical"
            within-study variance; fixed effect: Q-based 100 (Q - df)/Q.
        h2: H². Random effects: (tau² + s²)/s²; fixed effect: Q/df.
        q: Cochran's Q (fixed-effect weights). q_p: its chi-square p-value on ``df`` degrees of freedom.
        df: k - 1, the degrees of freedom of Q (and of the t distribution for HKSJ).
        k: number of studies.
        pi_low, pi_high: prediction interval for the effect in a new study at ``level``.
        method: tau² estimator ("FE", "DL", "REML", "PM", "HE", "SJ", "ML").
        ci_method: "z" or "hksj".
        level: confidence level of the intervals (0.95 by default).
        weights: percent weight of each study, in input order (sums to 100).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    z_or_t: float
    p_value: float
    tau2: float
    i2: float
    h2: float
    q: float
    q_p: float
    df: int
    k: int
    pi_low: float
    pi_high: float
    method: str
    ci_method: str
    level: float
    weights: tuple[float, ...]

    @property
    def tau(self) -> float:
        """Between-study standard deviation, sqrt(tau²)."""
        return math.sqrt(self.tau2)

    @property
    def statistic_name(self) -> str:
        """ "z" for Wald-type intervals, "t" for HKSJ."""
        return "t" if self.ci_method == "hksj" else "z"

    @property
    def is_random_effects(self) -> bool:
        """True unless the fixed-effect (common-effect) model was fitted."""
        return self.method != "FE"

    def describe(self) -> str:
        """One-line, human-readable name of the model and the interval method.

        Example: ``"random effects, REML estimator of tau², Wald-type (z) 95% CI"``.
        """
        if self.method == "FE":
            model = f"{METHOD_NAMES['FE']} (inverse-variance)"
        else:
            model = f"random effects, {METHOD_NAMES[self.method]} estimator of tau²"
        pct = f"{100 * self.level:g}%"
        if self.ci_method == "hksj":
            interval = f"Hartung-Knapp-Sidik-Jonkman (t, {self.df} df) {pct} CI"
        else:
            interval = f"Wald-type (z) {pct} CI"
        return f"{model}, {interval}"

    def to_frame(self, exponentiate: bool = False) -> pd.DataFrame:
        """The result as a one-row DataFrame, one column per quantity, for tables and summary lines to read.

        ``estimate``, ``ci_low``, ``ci_high``, ``pi_low`` and ``pi_high`` are on the reporting scale: exponentiated
        when ``exponentiate`` (a pooled log ratio read as a ratio), else as pooled. ``yi`` and ``vi`` (= se²) stay on
        the analysis scale. ``model`` is :meth:`describe`; ``weights`` is the tuple of percent weights.
        """
        back = math.exp if exponentiate else float
        row = {
            "estimate": back(self.estimate),
            "ci_low": back(self.ci_low),
            "ci_high": back(self.ci_high),
            "pi_low": back(self.pi_low),
            "pi_high": back(self.pi_high),
            "yi": self.estimate,
            "vi": self.se**2,
            "se": self.se,
            "z_or_t": self.z_or_t,
            "statistic": self.statistic_name,
            "p_value": self.p_value,
            "tau2": self.tau2,
            "tau": self.tau,
            "i2": self.i2,
            "h2": self.h2,
            "q": self.q,
            "q_p": self.q_p,
            "df": self.df,
            "k": self.k,
            "method": self.method,
            "ci_method": self.ci_method,
            "level": self.level,
            "random_effects": self.is_random_effects,
            "model": self.describe(),
            "weights": self.weights,
        }
        return pd.DataFrame([row])


# ----------------------------------------------------------------------------------------------------
# Pooling
# ----------------------------------------------------------------------------------------------------


def _as_vector(values: Iterable[Any] | np.ndarray, name: str) -> np.ndarray:
    """Convert to a 1-D float array or refuse with a readable message."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise PoolingError(f"Some {name} are not numbers, so the studies cannot be pooled.") from exc
    if arr.ndim != 1:
        raise PoolingError(f"The {name} must be a simple list of numbers, one per study.")
    return arr


def _validate(effects: Iterable[Any], variances: Iterable[Any]) -> tuple[np.ndarray, np.ndarray]:
    y = _as_vector(effects, "effect sizes")
    v = _as_vector(variances, "variances")
    if y.shape != v.shape:
        raise PoolingError(
            f"There are {y.size} effect sizes but {v.size} variances; each study needs exactly one of each."
        )
    if y.size < 2:
        raise PoolingError(
            f"At least 2 studies are needed to pool results; only {y.size} {'is' if y.size == 1 else 'are'} available."
        )
    if not np.all(np.isfinite(y)):
        raise PoolingError("An effect size is missing or not a finite number, so the studies cannot be pooled.")
    if not np.all(np.isfinite(v)):
        raise PoolingError("A variance is missing or not a finite number, so the studies cannot be pooled.")
    if np.any(v <= 0):
        raise PoolingError(
            "A study has a variance of zero or less; every study needs a positive variance "
            "(a measure of its uncertainty) to be weighted."
        )
    return y, v


def _fixed(y: np.ndarray, v: np.ndarray) -> Any:
    """statsmodels' inverse-variance fit; its *fixed-effect* part is exactly metafor's FE model.

    Passing ``v + tau2`` as the variances gives metafor's random-effects fit for a known tau²: the RE model is
    the FE model with inflated variances. ``var_hksj_fe`` is then metafor's Knapp-Hartung variance
    s²_w / sum(w), s²_w = sum(w (y - mu)²)/(k - 1), without truncation (metafor's default for test="knha").
    """
    # Only the fixed-effect part is used; silence statsmodels' warnings from its (unclamped) DL part, which
    # can take the square root of a negative variance on homogeneous data.
    with np.errstate(all="ignore"):
        return combine_effects(y, v, method_re="dl")


def _typical_variance(v: np.ndarray) -> float:
    # metafor: s² = (k - 1) sum(w) / ((sum w)² - sum(w²)), the "typical" within-study variance used in I²
    # and H².
    w = 1.0 / v
    return float((w.size - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum()))


def _q_at(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    """Generalised Q statistic with weights 1/(v + tau2)."""
    w = 1.0 / (v + tau2)
    mu = float(w @ y / w.sum())
    return float(w @ (y - mu) ** 2)


def _tau2_he(y: np.ndarray, v: np.ndarray) -> float:
    # metafor's Hedges (HE) estimator for an intercept-only model: (RSS_ols - tr(P V))/(k - 1),
    # tr(P V) = sum(v) - sum(v)/k. statsmodels has no HE estimator. Clamped at 0 as metafor does.
    k = y.size
    rss = float(((y - y.mean()) ** 2).sum())
    return max(0.0, (rss - (v.sum() - v.sum() / k)) / (k - 1))


def _tau2_sj(y: np.ndarray, v: np.ndarray) -> float:
    # metafor's Sidik-Jonkman estimator: start at tau0 = var(y) (k - 1)/k, then tau2 = tau0 * Q(tau0)/(k - 1).
    # statsmodels has no SJ estimator. If all effects are identical tau0 = 0 and so is the estimate.
    k = y.size
    tau0 = float(((y - y.mean()) ** 2).sum() / k)
    if tau0 == 0.0:
        return 0.0
    return tau0 * _q_at(y, v, tau0) / (k - 1)


def _tau2_fisher_scoring(y: np.ndarray, v: np.ndarray, reml: bool) -> float:
    """(Restricted) maximum-likelihood tau² by Fisher scoring, as metafor's ``rma.uni`` does it.

    metafor: statsmodels has no REML (or ML) estimator for ``combine_effects``, so this follows metafor's
    algorithm for an intercept-only model. Start at the (clamped) Hedges estimate, update
    tau2 += (Y'PPY - tr(P)) / tr(PP) for REML or (Y'PPY - sum(w)) / sum(w²) for ML, with
    P = W - w w' / sum(w), halve steps that would make tau² negative, stop when the change is below 1e-12
    (relative for tau² > 1), then clamp at 0.
    """
    tau2 = _tau2_he(y, v)
    for _ in range(_MAXITER):
        w = 1.0 / (v + tau2)
        sw = w.sum()
        resid = y - float(w @ y / sw)
        ypppy = float((w**2) @ resid**2)  # Y'PPY, since PY = w * resid
        if reml:
            tr_p = sw - float((w**2).sum()) / sw
            tr_pp = float((w**2).sum() - 2 * (w**3).sum() / sw + ((w**2).sum() / sw) ** 2)
            adj = (ypppy - tr_p) / tr_pp
        else:
            adj = (ypppy - sw) / float((w**2).sum())
        if tau2 + adj < 0:
            if tau2 == 0.0:
                # Already on the boundary and the score points below it: the estimate is 0.
                return 0.0
            while tau2 + adj < 0:  # metafor's step halving
                adj /= 2
        tau2_new = tau2 + adj
        if abs(tau2_new - tau2) <= _TOL * max(1.0, tau2):
            return max(0.0, tau2_new)
        tau2 = tau2_new
    raise PoolingError(
        "The between-study variance could not be estimated (the REML/ML algorithm did not converge). "
        "Try the DerSimonian-Laird or Paule-Mandel estimator."
    )


def _tau2_pm(y: np.ndarray, v: np.ndarray) -> float:
    """Paule-Mandel tau²: the root of Q(tau²) = k - 1, or 0 when Q(0) < k - 1.

    statsmodels' ``method_re="iterated"`` is this estimator, but its default ``atol=1e-5`` (on Q) leaves tau²
    visibly off metafor's converged value, so it is called with atol=1e-12. metafor: metafor solves with
    ``uniroot``; statsmodels' Newton-type iteration can, in principle, overshoot and then returns 0, so its
    answer is checked against the estimating equation and, if it does not satisfy it, replaced by a bracketed
    root (scipy's brentq) - the same root metafor's uniroot finds.
    """
    k = y.size
    with np.errstate(all="ignore"):
        tau2 = float(combine_effects(y, v, method_re="iterated", atol=_TOL, maxiter=_MAXITER).tau2)
    q0 = _q_at(y, v, 0.0)
    if q0 <= k - 1:
        return 0.0
    if tau2 > 0 and abs(_q_at(y, v, tau2) - (k - 1)) <= 1e-9 * (k - 1):
        return tau2
    upper = max(1.0, tau2, float(np.var(y)) * 10)
    while _q_at(y, v, upper) > k - 1:
        upper *= 10
    return float(optimize.brentq(lambda t: _q_at(y, v, t) - (k - 1), 0.0, upper, xtol=1e-14, rtol=1e-15))


def _estimate_tau2(method: str, y: np.ndarray, v: np.ndarray, fe: Any) -> float:
    if method == "DL":
        # metafor: statsmodels' DerSimonian-Laird moment estimate (Q - df)/c is not clamped; a homogeneous set
        # gives a negative tau² there (and a NaN standard error). metafor clamps at 0, and so do we.
        return max(0.0, float(fe.tau2))
    if method == "PM":
        return _tau2_pm(y, v)
    if method == "REML":
        return _tau2_fisher_scoring(y, v, reml=True)
    if method == "ML":
        return _tau2_fisher_scoring(y, v, reml=False)
    if method == "HE":
        return _tau2_he(y, v)
    if method == "SJ":
        return _tau2_sj(y, v)
    raise AssertionError(method)  # pragma: no cover - method validated by the caller


def pool(
    effects: Sequence[float] | np.ndarray | pd.Series,
    variances: Sequence[float] | np.ndarray | pd.Series,
    method: str = "REML",
    ci: str = "z",
    level: float = 0.95,
) -> PoolResult:
    """Pool study effects by inverse-variance weighting, reproducing metafor's ``rma(yi, vi, ...)``.

    Args:
        effects: one effect size per study on an additive scale (log RR, log OR, Hedges' g, mean
            difference...).
        variances: their sampling variances (squared standard errors), all positive.
        method: "FE" (fixed/common effect) or a random-effects tau² estimator: "DL" (DerSimonian-Laird),
            "REML" (restricted maximum likelihood, metafor's default), "PM" (Paule-Mandel); also "HE", "SJ",
            "ML".
        ci: "z" for Wald-type normal intervals and tests (metafor's ``test="z"``), or "hksj" for the
            Hartung-Knapp-Sidik-Jonkman adjustment with t(k - 1) intervals (metafor's ``test="knha"``).
        level: confidence level for the confidence and prediction intervals.

    Returns:
        A frozen :class:`PoolResult`.

    Raises:
        PoolingError: fewer than 2 studies, mismatched lengths, missing/NaN/infinite values, non-positive
            variances, or an unknown method.
    """
    method_key = str(method).upper()
    if method_key not in METHODS:
        raise PoolingError(f"Unknown pooling method {method!r}; choose one of {', '.join(METHODS)}.")
    ci_key = str(ci).lower()
    if ci_key == "knha":
        ci_key = "hksj"
    if ci_key not in CI_METHODS:
        raise PoolingError(f"Unknown interval method {ci!r}; choose 'z' or 'hksj'.")
    if not 0 < level < 1:
        raise PoolingError(f"The confidence level must be between 0 and 1, not {level!r}.")
    y, v = _validate(effects, variances)
    k = y.size
    df = k - 1

    fe = _fixed(y, v)
    q = float(fe.q)
    q_p = float(fe.test_homogeneity().pvalue)

    tau2 = 0.0 if method_key == "FE" else _estimate_tau2(method_key, y, v, fe)
    # Random-effects fit for the chosen tau² = fixed-effect fit on variances v + tau² (see _fixed). For FE and
    # for DL/PM with tau² unchanged this is the same arithmetic statsmodels' own RE part does; for clamped DL,
    # REML and the other estimators statsmodels cannot be handed a tau², so this is how we reuse it.
    fit = fe if tau2 == 0.0 else _fixed(y, v + tau2)
    estimate = float(fit.mean_effect_fe)
    weights = tuple(float(x) for x in 100 * np.asarray(fit.weights_rel_fe, dtype=float))

    if ci_key == "hksj":
        # metafor: test="knha" scales the variance by s²_w = sum(w (y - mu)²)/(k - 1) with no truncation at 1
        # (statsmodels' var_hksj_fe of the fit with the RE weights is exactly this) and uses t(k - 1).
        se = math.sqrt(float(fit.var_hksj_fe))
        crit = float(stats.t.isf((1 - level) / 2, df))
    else:
        se = float(fit.sd_eff_w_fe)
        crit = float(stats.norm.isf((1 - level) / 2))
    stat = _safe_ratio(estimate, se)
    if ci_key == "hksj":
        p_value = float(2 * stats.t.sf(abs(stat), df))
    else:
        p_value = float(2 * stats.norm.sf(abs(stat)))

    if method_key == "FE":
        # metafor: for the fixed-effect model I² and H² are Q-based: I² = 100 (Q - df)/Q, H² = Q/df.
        # statsmodels' i2 is this as an (unclamped) fraction; metafor reports percent clamped at 0. We follow
        # metafor.
        i2 = max(0.0, 100 * (q - df) / q) if q > 0 else 0.0
        h2 = q / df
    else:
        # metafor: for random-effects models I² = 100 tau²/(tau² + s²) and H² = (tau² + s²)/s² with s² the
        # typical within-study variance. statsmodels' Q-based i2 agrees only for DL, so we compute metafor's.
        s2 = _typical_variance(v)
        i2 = 100 * tau2 / (tau2 + s2)
        h2 = (tau2 + s2) / s2

    # metafor's predict(): estimate ± crit * sqrt(tau² + se²), crit from N(0,1) for z and t(k - 1) for knha,
    # with se the (possibly HKSJ-adjusted) standard error. statsmodels has no prediction interval.
    pi_half = crit * math.sqrt(tau2 + se**2)

    return PoolResult(
        estimate=estimate,
        se=se,
        ci_low=estimate - crit * se,
        ci_high=estimate + crit * se,
        z_or_t=stat,
        p_value=p_value,
        tau2=tau2,
        i2=i2,
        h2=h2,
        q=q,
        q_p=q_p,
        df=df,
        k=k,
        pi_low=estimate - pi_half,
        pi_high=estimate + pi_half,
        method=method_key,
        ci_method=ci_key,
        level=float(level),
        weights=weights,
    )


def _safe_ratio(num: float, den: float) -> float:
    """num/den without ZeroDivisionError (an HKSJ standard error is 0 when all effects are identical)."""
    if den > 0:
        return num / den
    if num == 0:
        return math.nan
    return math.copysign(math.inf, num)


# ----------------------------------------------------------------------------------------------------
# Which rows may be pooled
# ----------------------------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _includes(value: Any) -> set[str]:
    """Study keys a review includes: a list/tuple/set/array, or a string split at commas, semicolons or |."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {part.strip() for part in re.split(r"[,;|]", value) if part.strip()}
    if isinstance(value, float) and math.isnan(value):
        return set()
    if isinstance(value, Iterable):
        return {str(part).strip() for part in value if not _missing(part)}
    return {str(value).strip()}


def check_poolable(rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> None:
    """Refuse, with a plain-English :class:`PoolingError`, rows that must not be pooled together.

    ``rows`` is a sequence of mappings or a DataFrame with columns ``study_key``, ``outcome``, ``measure`` and
    optionally ``design`` and ``includes`` (the study keys a review pooled; a list or a comma- or
    semicolon-separated string). Refused:

    - fewer than 2 rows;
    - a row without a study key, outcome or measure;
    - the same study twice;
    - different measures (e.g. risk ratios with odds ratios) or different outcomes;
    - a review (``design`` in ``evidence.data.schema.REVIEW_DESIGNS``) together with any primary study, and in
      particular with a trial the review already includes (its patients would be counted twice);
    - two reviews that include the same trial.

    Returns None when the rows may be pooled.
    """
    if isinstance(rows, pd.DataFrame):
        records: list[Mapping[str, Any]] = rows.to_dict(orient="records")
    else:
        records = list(rows)
    if len(records) < 2:
        raise PoolingError(
            f"At least 2 studies are needed to pool results; only {len(records)} "
            f"{'is' if len(records) == 1 else 'are'} selected."
        )

    keys: list[str] = []
    for i, row in enumerate(records, start=1):
        for col in ("study_key", "outcome", "measure"):
            if _missing(row.get(col)):
                label = row.get("study_key") if not _missing(row.get("study_key")) else f"row {i}"
                raise PoolingError(f"{label} has no {col.replace('_', ' ')} recorded, so it cannot be pooled.")
        keys.append(str(row["study_key"]).strip())

    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PoolingError(f"{key} appears more than once; pooling it twice would count its patients twice.")
        seen.add(key)

    measures = sorted({_norm(r["measure"]) for r in records})
    if len(measures) > 1:
        shown = ", ".join(sorted({str(r["measure"]).strip() for r in records}))
        raise PoolingError(
            f"These results use different effect measures ({shown}); they are on different scales and "
            "cannot be pooled together."
        )
    outcomes = sorted({_norm(r["outcome"]) for r in records})
    if len(outcomes) > 1:
        shown = "; ".join(sorted({str(r["outcome"]).strip() for r in records}))
        raise PoolingError(
            f"These results measure different outcomes ({shown}); only results for the same outcome can be pooled."
        )

    reviews = [
        (key, row)
        for key, row in zip(keys, records, strict=True)
        if not _missing(row.get("design")) and _norm(row.get("design")).replace(" ", "_") in REVIEW_DESIGNS
    ]
    review_keys = {key for key, _ in reviews}
    primary = [key for key in keys if key not in review_keys]
    for key, row in reviews:
        overlap = sorted(_includes(row.get("includes")) & set(primary))
        if overlap:
            raise PoolingError(
                f"The review {key} already includes {', '.join(overlap)}; pooling the review together with "
                "trials it includes would count the same patients twice."
            )
    if reviews and primary:
        raise PoolingError(
            f"A review ({', '.join(sorted(review_keys))}) cannot be pooled together with "
            f"individual studies ({', '.join(primary)}): a review's result is already a pooled estimate. "
            "Pool either the trials or the reviews."
        )
    included_by: dict[str, str] = {}
    for key, row in reviews:
        for trial in sorted(_includes(row.get("includes"))):
            if trial in included_by:
                raise PoolingError(
                    f"The reviews {included_by[trial]} and {key} both include {trial}; pooling them would "
                    "count its patients twice."
                )
            included_by[trial] = key


# ----------------------------------------------------------------------------------------------------
# Effect sizes (metafor's escalc formulas; scalars or numpy arrays)
# ----------------------------------------------------------------------------------------------------

ArrayLike = float | int | Sequence[float] | np.ndarray


def _out(x: np.ndarray) -> Any:
    """Return a numpy float for scalar input and an array otherwise."""
    return x[()] if x.ndim == 0 else x


def _arrays(*values: ArrayLike) -> list[np.ndarray]:
    try:
        arrs = [np.asarray(val, dtype=float) for val in values]
        arrs = list(np.broadcast_arrays(*arrs))
    except (TypeError, ValueError) as exc:
        raise PoolingError("Some of the numbers needed for the effect size are missing or not numbers.") from exc
    if not all(np.all(np.isfinite(a)) for a in arrs):
        raise PoolingError("Some of the numbers needed for the effect size are missing or not numbers.")
    return arrs


@functools.lru_cache(maxsize=16)
def _z(level: float) -> float:
    """The normal quantile of a two-sided ``level`` (remembered: scipy's quantile took most of reading each
    printed ratio, once per result row)."""
    if not 0 < level < 1:
        raise PoolingError(f"The confidence level must be between 0 and 1, not {level!r}.")
    return float(stats.norm.isf((1 - level) / 2))


def _check_groups(sd1: np.ndarray, n1: np.ndarray, sd2: np.ndarray, n2: np.ndarray) -> None:
    if np.any(n1 < 1) or np.any(n2 < 1):
        raise PoolingError("Each group needs at least one participant to compute an effect size.")
    if np.any(sd1 < 0) or np.any(sd2 < 0):
        raise PoolingError("A standard deviation is negative, which is impossible.")


def hedges_g(
    m1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, m2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> tuple[Any, Any]:
    """Standardised mean difference (Hedges' g) of group 1 minus group 2 and its variance, as metafor's
    ``escalc(measure="SMD")``.

    g = J d with d = (m1 - m2)/s_pooled, s_pooled² = ((n1-1) sd1² + (n2-1) sd2²)/(n1 + n2 - 2), and the exact
    bias correction J = exp(lgamma(m/2) - log(sqrt(m/2)) - lgamma((m-1)/2)), m = n1 + n2 - 2. Variance is
    metafor's large-sample one, 1/n1 + 1/n2 + g²/(2 (n1 + n2)).

    metafor: statsmodels' ``effectsize_smd`` uses the approximate correction 1 - 3/(4m - 1) and another
    variance formula, so it is not used here.

    Returns ``(g, var)``: numpy floats for scalar input, arrays for array input.
    """
    m1a, sd1a, n1a, m2a, sd2a, n2a = _arrays(m1, sd1, n1, m2, sd2, n2)
    _check_groups(sd1a, n1a, sd2a, n2a)
    dfree = n1a + n2a - 2
    if np.any(dfree <= 1):
        raise PoolingError("Hedges' g needs more than 3 participants in total across the two groups.")
    s_pooled = np.sqrt(((n1a - 1) * sd1a**2 + (n2a - 1) * sd2a**2) / dfree)
    if np.any(s_pooled <= 0):
        raise PoolingError("The pooled standard deviation is zero, so a standardised difference is undefined.")
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    j = np.exp(lgamma(dfree / 2) - np.log(np.sqrt(dfree / 2)) - lgamma((dfree - 1) / 2))
    g = j * (m1a - m2a) / s_pooled
    var = 1 / n1a + 1 / n2a + g**2 / (2 * (n1a + n2a))
    return _out(g), _out(var)


def mean_difference(
    m1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, m2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> tuple[Any, Any]:
    """Raw mean difference m1 - m2 and its variance sd1²/n1 + sd2²/n2 (metafor's ``escalc(measure="MD")``,
    which does not assume equal variances).

    Returns ``(md, var)``: numpy floats for scalar input, arrays for array input.
    """
    m1a, sd1a, n1a, m2a, sd2a, n2a = _arrays(m1, sd1, n1, m2, sd2, n2)
    _check_groups(sd1a, n1a, sd2a, n2a)
    return _out(m1a - m2a), _out(sd1a**2 / n1a + sd2a**2 / n2a)


def _two_by_two(
    events1: ArrayLike, n1: ArrayLike, events2: ArrayLike, n2: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cells a, b, c, d of the 2x2 table, with metafor's default continuity correction.

    metafor (escalc defaults add=1/2, to="only0", drop00=FALSE): 0.5 is added to every cell of a study that
    has a zero cell, and only to such studies - including studies with no events in either arm.
    """
    a, n1a, c, n2a = _arrays(events1, n1, events2, n2)
    if np.any(n1a <= 0) or np.any(n2a <= 0):
        raise PoolingError("Each group needs at least one participant to compute a risk or odds ratio.")
    if np.any(a < 0) or np.any(c < 0) or np.any(a > n1a) or np.any(c > n2a):
        raise PoolingError("The number of events must be between 0 and the number of participants in the group.")
    b = n1a - a
    d = n2a - c
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    add = np.where(zero, 0.5, 0.0)
    return a + add, b + add, c + add, d + add


def log_risk_ratio(events1: ArrayLike, n1: ArrayLike, events2: ArrayLike, n2: ArrayLike) -> tuple[Any, Any]:
    """Log risk ratio of group 1 vs group 2 from event counts, as metafor's ``escalc(measure="RR")``.

    yi = log((a/n1)/(c/n2)), vi = 1/a - 1/n1 + 1/c - 1/n2, after adding 0.5 to all four cells of studies that
    have a zero cell (metafor's default). Returns ``(log_rr, var)``.
    """
    a, b, c, d = _two_by_two(events1, n1, events2, n2)
    n1c, n2c = a + b, c + d
    return _out(np.log((a / n1c) / (c / n2c))), _out(1 / a - 1 / n1c + 1 / c - 1 / n2c)


def log_odds_ratio(events1: ArrayLike, n1: ArrayLike, events2: ArrayLike, n2: ArrayLike) -> tuple[Any, Any]:
    """Log odds ratio of group 1 vs group 2 from event counts, as metafor's ``escalc(measure="OR")``.

    yi = log(a d / (b c)), vi = 1/a + 1/b + 1/c + 1/d, after adding 0.5 to all four cells of studies that
    have a zero cell (metafor's default). Returns ``(log_or, var)``.
    """
    a, b, c, d = _two_by_two(events1, n1, events2, n2)
    return _out(np.log(a * d / (b * c))), _out(1 / a + 1 / b + 1 / c + 1 / d)


def log_ratio_from_ci(ratio: ArrayLike, lower: ArrayLike, upper: ArrayLike, level: float = 0.95) -> tuple[Any, Any]:
    """Log of a reported ratio (RR, OR, HR) and its standard error from the reported confidence interval.

    se = (log(upper) - log(lower)) / (2 z), z the normal quantile for ``level`` (1.959964 for 95 %).
    Returns ``(log_ratio, se)``; square ``se`` for the variance :func:`pool` wants.
    """
    r, lo, hi = _arrays(ratio, lower, upper)
    z = _z(level)
    if np.any(r <= 0) or np.any(lo <= 0) or np.any(hi <= 0):
        raise PoolingError("A ratio and its confidence limits must all be greater than zero.")
    if np.any(lo >= hi):
        raise PoolingError("The lower confidence limit must be smaller than the upper one.")
    if np.any(r < lo) or np.any(r > hi):
        raise PoolingError("The reported ratio lies outside its own confidence interval; please check the numbers.")
    return _out(np.log(r)), _out((np.log(hi) - np.log(lo)) / (2 * z))


def se_from_ci(lower: ArrayLike, upper: ArrayLike, level: float = 0.95) -> Any:
    """Standard error of a difference (mean difference, risk difference, SMD) from its symmetric confidence
    interval: (upper - lower) / (2 z). Returns a numpy float or array."""
    lo, hi = _arrays(lower, upper)
    z = _z(level)
    if np.any(lo >= hi):
        raise PoolingError("The lower confidence limit must be smaller than the upper one.")
    return _out((hi - lo) / (2 * z))
