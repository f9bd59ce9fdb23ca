"""Standardised differences between a programme and its control (running economy, time trials), per trial.

Two ways a trial's between-group standardised difference (Hedges' g, or an SMD) comes into the dataset:

1. **Printed** - a review or the paper prints the between-group g with its 95% CI (a row whose group compares
   the arms, e.g. "maximal strength training vs control (between groups, as analysed in ...)"). Used as printed;
   its variance is read back from the CI: SE = (upper - lower) / (2 x 1.96).
2. **Derived from the arms** - a review prints each arm's *within-group* g (before vs after) with its 95% CI. The
   between-group effect is the difference of the two standardised mean changes, g = g_programme - g_control,
   with variance Var = SE_programme^2 + SE_control^2 (the arms are independent; each SE read back from its CI as
   above). This is the difference in standardised mean changes of Becker (1988) and Morris (2008), computed here,
   never typed in, and flagged as derived. It assumes each printed CI is symmetric (normal) and that the two
   arms' changes were standardised the same way.

**One effect per trial and outcome.** A trial that reports several speeds or measures (oxygen uptake and energy
cost at 10.8 and 12.6 km/h) gives one effect: a printed between-group g when there is one, else the first pair
of arms the source lists (its first speed and measure), matched by their identical outcome detail. The rows left
out are named in the effect's note.

Negative values mean the programme lowered the outcome more than the control did (for running economy and
time, an improvement).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scipy import stats

Row = Mapping[str, Any]
DIFFERENCE_MEASURES = ("hedges_g", "smd")
#: The continuous outcomes whose trials are compared by standardised differences.
DIFFERENCE_OUTCOMES = frozenset({"running_economy", "time_trial"})
SOURCE_PRINTED_DIFFERENCE = "between-group g printed with its CI"
SOURCE_DERIVED_ARMS = "derived: programme g minus control g (each arm's within-group g as printed)"
DERIVED_ARMS_NOTE = (
    "derived, not printed: g = g(programme) - g(control) from the arms' within-group g; "
    "Var = SE(programme)^2 + SE(control)^2, each SE = (upper - lower) / 3.92 from its printed 95% CI"
)
_Z95 = float(stats.norm.isf(0.025))


class DifferenceError(ValueError):
    """A difference cannot be computed from these numbers (a CI that is missing, reversed or of zero width)."""


@dataclass(frozen=True)
class Difference:
    """A trial's between-group standardised difference, printed or derived."""

    measure: str
    yi: float
    vi: float
    ci_low: float
    ci_high: float
    source: str
    note: str
    result_ids: str
    detail: str
    groups: tuple[str, str] | None = None  # the programme's and the control's group text (derived only)


def se_from_ci(low: float, high: float) -> float:
    """The standard error a symmetric 95% CI implies: (upper - lower) / (2 x 1.96)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise DifferenceError(f"a 95% CI needs a lower bound below its upper bound, not [{low}, {high}]")
    return (high - low) / (2 * _Z95)


def difference_of_changes(
    g_t: float, ci_t: tuple[float, float], g_c: float, ci_c: tuple[float, float]
) -> tuple[float, float, float, float]:
    """(g, variance, lower, upper): the programme's within-group g minus the control's, its variance the sum of the
    arms' variances (each read from its printed 95% CI), and its 95% CI."""
    var = se_from_ci(*ci_t) ** 2 + se_from_ci(*ci_c) ** 2
    g = g_t - g_c
    half = _Z95 * math.sqrt(var)
    return g, var, g - half, g + half


def _has_ci(row: Row) -> bool:
    return all(_number(row.get(c)) is not None for c in ("value", "ci_low", "ci_high"))


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def printed_difference(rows: Sequence[Row], role: Callable[[object], str], between: str) -> Difference | None:
    """The first between-group g (or SMD) printed with its CI among a trial's rows for one outcome."""
    for row in sorted(rows, key=lambda r: str(r["result_id"])):
        if row["measure"] not in DIFFERENCE_MEASURES or role(row["group"]) != between or not _has_ci(row):
            continue
        low, high = float(row["ci_low"]), float(row["ci_high"])
        try:
            se = se_from_ci(low, high)
        except DifferenceError:
            continue
        return Difference(
            measure=str(row["measure"]),
            yi=float(row["value"]),
            vi=se**2,
            ci_low=low,
            ci_high=high,
            source=SOURCE_PRINTED_DIFFERENCE,
            note=str(row.get("note") or ""),
            result_ids=str(row["result_id"]),
            detail=str(row.get("outcome_detail") or ""),
        )
    return None


def derived_difference(
    rows: Sequence[Row], role: Callable[[object], str], intervention: str, control: str
) -> Difference | None:
    """The programme-minus-control difference of the arms' within-group g, for the first programme row (in the
    source's order) that has a control row of the same measure and outcome detail; None when there is no pair."""
    ordered = sorted(rows, key=lambda r: str(r["result_id"]))
    arms = [r for r in ordered if r["measure"] in DIFFERENCE_MEASURES and _has_ci(r)]
    programmes = [r for r in arms if role(r["group"]) == intervention]
    controls = [r for r in arms if role(r["group"]) == control]
    for t in programmes:
        pair = [c for c in controls if c["outcome_detail"] == t["outcome_detail"] and c["measure"] == t["measure"]]
        if len(pair) != 1:
            continue
        c = pair[0]
        try:
            g, var, low, high = difference_of_changes(
                float(t["value"]), (float(t["ci_low"]), float(t["ci_high"])),
                float(c["value"]), (float(c["ci_low"]), float(c["ci_high"])),
            )  # fmt: skip
        except DifferenceError:
            continue
        others = [r["result_id"] for r in programmes if r is not t]
        note = DERIVED_ARMS_NOTE
        if others:
            note += f"; the first speed and measure listed is used, not {', '.join(map(str, others))}"
        flagged = [f"{r['result_id']} is flagged {r['flag']}" for r in (t, c) if _number(r.get("flag")) is None
                   and str(r.get("flag") or "") not in ("", "nan")]  # fmt: skip
        if flagged:
            note += f"; {', '.join(flagged)} (kept as printed: see its note)"
        printed_in = {str(r.get("printed_in") or "") for r in (t, c)} - {""}
        if printed_in:
            note += f"; arms as printed in {', '.join(sorted(printed_in))}"
        return Difference(
            measure=str(t["measure"]),
            yi=g,
            vi=var,
            ci_low=low,
            ci_high=high,
            source=SOURCE_DERIVED_ARMS,
            note=note,
            result_ids=f"{t['result_id']}; {c['result_id']}",
            detail=str(t["outcome_detail"]),
            groups=(str(t["group"]), str(c["group"])),
        )
    return None
