"""Absolute effects: a ratio turned into runners per 100, the absolute risk reduction and the number needed to treat.

Pure functions, no Streamlit. The sentences that say these numbers in runner words are in
:mod:`evidence.views.forest_text`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evidence.stats.effects import ci_excludes_null

__all__ = ["AbsoluteEffect", "absolute_effect", "number_needed_to_treat", "risk_with"]


@dataclass(frozen=True)
class AbsoluteEffect:
    """A ratio turned into runners per 100, for an assumed risk without the programme.

    ``arr`` is the absolute risk reduction per 100 (baseline minus risk with the programme: positive means
    fewer events). ``nnt`` is 100/arr: positive = runners treated for one event prevented, negative = runners
    treated for one extra event (number needed to harm), infinite when arr is 0. ``nnt_benefit`` and
    ``nnt_harm`` bound the number needed to treat from the ARR interval (Altman 1998): both finite when the
    interval lies on one side of no effect; when it crosses no effect (``significant`` False) the interval
    runs from ``nnt_benefit`` runners (benefit) through infinity to ``nnt_harm`` runners (harm).
    """

    measure: str
    ratio: float
    ratio_low: float
    ratio_high: float
    baseline: float
    with_programme: float
    with_low: float
    with_high: float
    arr: float
    arr_low: float
    arr_high: float
    nnt: float
    nnt_low: float
    nnt_high: float
    significant: bool


def risk_with(baseline_per_100: float, ratio: float, measure: str = "rr") -> float:
    """Risk per 100 with the programme, from the risk without it and a ratio.

    rr: baseline x RR (capped at 100); or: through the odds; hr: 1 - (1 - p)^HR, which assumes proportional
    hazards over the same follow-up.
    """
    p = baseline_per_100 / 100
    if measure == "or":
        odds = ratio * p / (1 - p) if p < 1 else math.inf
        q = odds / (1 + odds) if math.isfinite(odds) else 1.0
    elif measure == "hr":
        q = 1 - (1 - p) ** ratio
    else:
        q = min(1.0, p * ratio)
    return 100 * q


def number_needed_to_treat(arr_per_100: float) -> float:
    """100/ARR, rounded up to a whole runner in magnitude (the convention for numbers needed to treat); negative
    for a number needed to harm, infinite when the ARR is 0."""
    if arr_per_100 == 0:
        return math.inf
    raw = 100 / abs(arr_per_100)
    whole = math.ceil(round(raw, 9))
    return float(whole if arr_per_100 > 0 else -whole)


def absolute_effect(
    rr: float, rr_low: float, rr_high: float, baseline_per_100: float, measure: str = "rr"
) -> AbsoluteEffect:
    """Injuries per 100 runners without and with the programme, the absolute risk reduction and the number
    needed to treat, each with its 95% interval carried over from the ratio's interval.

    ``measure`` says how the ratio turns a risk into another (see :func:`risk_with`); a risk ratio by default.
    ``significant`` is the project's one rule for an interval (:func:`evidence.stats.effects.ci_excludes_null`).
    """
    if not 0 < baseline_per_100 < 100:
        raise ValueError("The risk without the programme must be between 0 and 100 runners in 100.")
    if not 0 < rr_low <= rr <= rr_high:
        raise ValueError("The ratio must lie inside its interval, and all must be above 0.")
    nnt = number_needed_to_treat
    with_p = risk_with(baseline_per_100, rr, measure)
    with_low = risk_with(baseline_per_100, rr_low, measure)
    with_high = risk_with(baseline_per_100, rr_high, measure)
    arr, arr_low, arr_high = baseline_per_100 - with_p, baseline_per_100 - with_high, baseline_per_100 - with_low
    if arr_low > 0:  # benefit throughout: NNT from 100/arr_high (fewest runners) to 100/arr_low
        nnt_low, nnt_high = nnt(arr_high), nnt(arr_low)
    elif arr_high < 0:  # harm throughout: NNH from 100/|arr_low| to 100/|arr_high|
        nnt_low, nnt_high = nnt(arr_low), nnt(arr_high)
    else:  # crosses no effect: benefit from 100/arr_high to infinity, harm from 100/|arr_low| to infinity
        nnt_low = nnt(arr_high) if arr_high > 0 else math.inf
        nnt_high = nnt(arr_low) if arr_low < 0 else math.inf
    return AbsoluteEffect(
        measure=measure,
        ratio=rr,
        ratio_low=rr_low,
        ratio_high=rr_high,
        baseline=baseline_per_100,
        with_programme=with_p,
        with_low=with_low,
        with_high=with_high,
        arr=arr,
        arr_low=arr_low,
        arr_high=arr_high,
        nnt=nnt(arr),
        nnt_low=nnt_low,
        nnt_high=nnt_high,
        significant=ci_excludes_null(rr_low, rr_high, measure),
    )
