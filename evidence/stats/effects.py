"""Trial effects: what a result row is (which group, significant or not, a benefit or not) and the between-group
effect of a trial, read or computed from its result rows.

Pure pandas/numpy, no Streamlit, no plotly. The forest plots (:mod:`evidence.views.forest`) and the one-page
briefs (:mod:`evidence.outputs.briefs`) read result rows through these rules and no others.

**Which group a row is about** (:func:`group_role`, from the row's ``group`` text), checked in this order:

1. :data:`SUBGROUP` - the text names a subgroup ("between groups (subgroup)");
2. :data:`SEVERAL` - what a review pooled or summarised ("pooled (k=6)", "narrative synthesis", "66 included
   studies", "study-level predictor"), or a change over time in the same groups ("time effect", "before vs
   after");
3. :data:`BETWEEN` - a comparison of groups: "between", "vs", "versus", "compared", "comparison" or
   "interactions". A comparison that names the control first ("control vs foot core training") is control vs
   programme (:func:`control_first`): its ratio is inverted, its difference negated (:func:`programme_vs_control`);
4. :data:`SEVERAL` - the whole sample, both or all groups, "3 groups: ...", strength tertiles, or two labelled
   groups joined by "and" ("ES and E", "STG and CG", "explosive + endurance (E) and control (C)"); also an empty
   text;
5. :data:`CONTROL` - one group that is the control arm: the word control(s), observation, usual (care, training) or
   placebo, running or endurance (training) "only", or the label (C), (CON) or (CG);
6. :data:`INTERVENTION` - any other single group (the programme's arm, or a cohort).

**Significant** (:func:`is_significant`): a printed p-value below 0.05 decides; without one, a printed p text
decides ("<0.05", "P < .001", "p = 0.01", "significant": yes; "ns", ">0.05", "all P >= .05": no); without either,
a confidence
interval of a contrast decides (a ratio's that excludes 1, a difference's or change's that excludes 0); without
any of these, a note that says the outcome improved significantly ("improved significantly", "superior"),
unless it says "no(t) significant".

**Direction** (:func:`reads_as`): a ratio below 1 or a difference below 0 is an improvement when lower is better,
a worsening otherwise (read as programme vs control); a mean, a share, a count or a qualitative finding has no
direction by itself.

**Shows a benefit** (:func:`shows_benefit`): a trial whose main finding is not harm and which has, on this very
outcome, a row in its intervention arm or between its arms (never a control arm, a subgroup or the groups
together) that is significant and does not read as a worsening (for outcomes where a change is neither good nor
bad, :data:`NEUTRAL_OUTCOMES`, any significant change counts).

**A trial's effect** (:func:`trial_effects`), in order of preference:

1. a ratio the paper printed with its 95% CI (risk, odds or hazard ratio; its measure is kept, so an odds ratio
   is never drawn or pooled as a risk ratio), from a :data:`BETWEEN` row; read as intervention vs control, as
   the papers print it, unless the row names the control first (then inverted, and the note says so);
2. event counts printed for both arms: risk ratio by :func:`evidence.stats.pooling.log_risk_ratio`;
3. percentages printed for both arms with the arm sizes: counts = percentage x group size / 100, rounded half up
   to whole runners, then as in 2. These counts are *derived*, not printed, and are flagged as such;
4. for continuous outcomes (running economy, time trials), a between-group standardised difference printed with
   its CI, else one derived from the arms' printed within-group g (:mod:`evidence.stats.differences`).

A study's arms are used only when exactly one :data:`CONTROL` row and one :data:`INTERVENTION` row of the measure
are found. Only empirical designs (``schema.EMPIRICAL_DESIGNS``) give trial effects: reviews are never pooled with
trials or with each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from scipy import stats

from evidence.data.vocabulary import EMPIRICAL_DESIGNS, OUTCOMES, RATIO_MEASURES
from evidence.stats import differences, pooling

__all__ = [
    "ALL_INJURIES",
    "RUNNER_INJURIES",
    "AS_REPORTED",
    "BETWEEN",
    "CONTROL",
    "EFFECT_COLUMNS",
    "IMPROVEMENT",
    "INJURY_OUTCOMES",
    "INTERVENTION",
    "NEUTRAL_OUTCOMES",
    "NO_CHANGE",
    "SEVERAL",
    "SOURCE_COUNTS",
    "SOURCE_PERCENTAGES",
    "SOURCE_REPORTED",
    "SUBGROUP",
    "WORSENING",
    "ci_excludes_null",
    "control_first",
    "counts_for_benefit",
    "empirical",
    "group_role",
    "is_control_arm",
    "is_runner_population",
    "is_significant",
    "measure_choices",
    "outcome_choices",
    "outcomes_of",
    "programme_vs_control",
    "reads_as",
    "round_half_up",
    "shows_benefit",
    "trial_counts",
    "trial_effects",
]

Row = Mapping[str, Any]

# ----------------------------------------------------------------------------------------------------
# Which group a result row is about
# ----------------------------------------------------------------------------------------------------

CONTROL = "control"
INTERVENTION = "intervention"
BETWEEN = "between groups"
SUBGROUP = "subgroup"
SEVERAL = "several groups"

_SUBGROUP = re.compile(r"\bsubgroups?\b", re.IGNORECASE)
_POOLED = re.compile(
    r"\b(?:pooled|synthesis|review|meta-analys[ie]s|stud(?:y|ies)|included|predictor)\b", re.IGNORECASE
)
# Before and after in the same groups (a time effect) is no comparison of the groups.
_OVER_TIME = re.compile(r"\btime effect\b|\b(?:before|pre)\s+(?:vs\.?|versus)\s+(?:after|post)\b", re.IGNORECASE)
_VERSUS = re.compile(r"\b(?:vs\.?|versus)(?=\s|$)", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|vs|versus|compared|comparison|interactions?)\b", re.IGNORECASE)
_SEVERAL = re.compile(r"\b(?:whole|both|all\s+groups|\d+\s+groups|tertiles?|quartiles?)\b", re.IGNORECASE)
# Two labelled groups joined by "and": "ES and E", "STG and CG", "explosive + endurance (E) and control (C)". A
# programme's own name may hold "and" ("resistance and impact training"): it is one group unless both sides are
# labels. Case-sensitive: labels are capitals.
_LABEL = r"(?:[A-Z][A-Z0-9+]{0,5}|[^()]*\([A-Za-z0-9+]{1,6}\))"
_TWO_GROUPS = re.compile(rf"^\s*{_LABEL}\s+(?:and|&)\s+{_LABEL}\s*$")
# "only" names the arm that kept its usual running ("running only", "endurance training only"), never a
# programme's detail ("drop jumps only").
_CONTROL = re.compile(
    r"\b(?:controls?|observation|usual|placebo)\b|\b(?:running|endurance|run|aerobic)(?:\s+training)?\s+only\b"
    r"|\((?:C|CON|CG)\)",
    re.IGNORECASE,
)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: object) -> str:
    return "" if _missing(value) else str(value).strip()


def _number(value: object) -> float | None:
    return None if _missing(value) else float(value)  # type: ignore[arg-type]


def group_role(group: object) -> str:
    """What a result row's ``group`` text names: :data:`CONTROL`, :data:`INTERVENTION` (one group each),
    :data:`BETWEEN`, :data:`SUBGROUP` or :data:`SEVERAL` (see the module docstring for the rule)."""
    text = _text(group)
    if not text:
        return SEVERAL
    if _SUBGROUP.search(text):
        return SUBGROUP
    if _POOLED.search(text) or _OVER_TIME.search(text):
        return SEVERAL
    if _BETWEEN.search(text):
        return BETWEEN
    if _SEVERAL.search(text) or _TWO_GROUPS.match(text):
        return SEVERAL
    if _CONTROL.search(text):
        return CONTROL
    return INTERVENTION


def is_control_arm(group: object) -> bool:
    """Whether a row is about the control arm alone."""
    return group_role(group) == CONTROL


def control_first(group: object) -> bool:
    """Whether a comparison names the control arm first ("control vs foot core training"): its ratio or difference
    is control vs programme, the other way round from what the papers usually print."""
    text = _text(group)
    if group_role(text) != BETWEEN or not _VERSUS.search(text):
        return False
    return group_role(_VERSUS.split(text, maxsplit=1)[0]) == CONTROL


# ----------------------------------------------------------------------------------------------------
# Significance and direction
# ----------------------------------------------------------------------------------------------------

#: The value of no effect of a contrast: 1 for ratios, 0 for differences and changes.
_NULL_OF: dict[str, float] = {
    **dict.fromkeys(RATIO_MEASURES, 1.0),
    **dict.fromkeys(("smd", "hedges_g", "mean_difference", "percent_change"), 0.0),
}
# A printed p text: "<0.05", "P < .001 (...)", "<=0.05", "p = 0.06 (tendency)", "all P >= .05", "NS, p >= 0.05".
_P_TEXT = re.compile(r"^(?:all\s+)?(?:p\s*)?(<=|≤|<|=|>=|≥|>)\s*(\d*\.?\d+)?", re.IGNORECASE)
_P_NOT_SIGNIFICANT = re.compile(r"^(?:n\.?\s*s\b|not\s+significant)", re.IGNORECASE)
_SIGNIFICANT_GAIN = re.compile(r"improv\w*\b.*\bsignificant|\bsignificant\w*\b.*\bimprov|superior", re.IGNORECASE)
_NOT_SIGNIFICANT = re.compile(r"\bno(?:t)?\s+significant", re.IGNORECASE)

IMPROVEMENT = "improvement"
WORSENING = "worsening"
NO_CHANGE = "no change"

#: Outcomes where a change is not good or bad in itself: their trials show a change, not a benefit.
NEUTRAL_OUTCOMES = frozenset({"body_mass", "muscle_size"})


def ci_excludes_null(low: object, high: object, measure: str) -> bool:
    """Whether a contrast's interval excludes no effect (1 for ratios, 0 for differences); False when either
    limit is missing or the measure is not a contrast (a mean's or a share's interval tests nothing)."""
    null = _NULL_OF.get(measure)
    lo, hi = _number(low), _number(high)
    if null is None or lo is None or hi is None:
        return False
    return hi < null or lo > null


def _p_text_says(p_text: str) -> bool | None:
    """What a printed p text says: True (below 0.05), False (not), None (it does not say)."""
    match = _P_TEXT.match(p_text)
    if match:
        sign, number = match.group(1), None if match.group(2) is None else float(match.group(2))
        if sign in ("<", "<=", "≤"):
            return number is None or number <= 0.05
        if sign == "=":
            return None if number is None else number < 0.05
        return False
    if p_text.lower() == "significant":
        return True
    if _P_NOT_SIGNIFICANT.match(p_text):
        return False
    return None


def is_significant(row: Row) -> bool:
    """Whether a result row reports a significant effect (see the module docstring): its p-value, else its p text,
    else its contrast's confidence interval, else its note."""
    p_value = _number(row.get("p_value"))
    if p_value is not None:
        return p_value < 0.05
    said = _p_text_says(_text(row.get("p_text")))
    if said is not None:
        return said
    measure = _text(row.get("measure"))
    if measure in _NULL_OF and not (_missing(row.get("ci_low")) or _missing(row.get("ci_high"))):
        return ci_excludes_null(row.get("ci_low"), row.get("ci_high"), measure)
    note = _text(row.get("note"))
    return bool(_SIGNIFICANT_GAIN.search(note)) and not _NOT_SIGNIFICANT.search(note)


def reads_as(value: object, lower_is_better: object, measure: str = "percent_change") -> str | None:
    """:data:`IMPROVEMENT`, :data:`WORSENING` or :data:`NO_CHANGE` for a contrast or a change, by the row's own
    ``lower_is_better``; None when the measure has no direction by itself or the direction is not recorded."""
    null = _NULL_OF.get(measure)
    number = _number(value)
    if null is None or number is None or _missing(lower_is_better):
        return None
    if number == null:
        return NO_CHANGE
    return IMPROVEMENT if (number < null) == bool(lower_is_better) else WORSENING


def programme_vs_control(value: object, measure: str, group: object) -> float | None:
    """A contrast as programme vs control: the printed value, or its inverse (a ratio) or its negative (a
    difference) when the comparison names the control first (:func:`control_first`)."""
    number = _number(value)
    if number is None or not control_first(group) or measure not in _NULL_OF:
        return number
    if measure in RATIO_MEASURES:
        return 1 / number if number else None
    return -number


def counts_for_benefit(row: Row, outcome: str | None = None) -> bool:
    """Whether one result row shows a benefit (a change, for :data:`NEUTRAL_OUTCOMES`): a row of the intervention
    arm or between the arms that is significant and does not read as a worsening."""
    if group_role(row.get("group")) not in (INTERVENTION, BETWEEN) or not is_significant(row):
        return False
    if (outcome or _text(row.get("outcome"))) in NEUTRAL_OUTCOMES:
        return True
    measure = _text(row.get("measure"))
    value = programme_vs_control(row.get("value"), measure, row.get("group"))
    return reads_as(value, row.get("lower_is_better"), measure) != WORSENING


def shows_benefit(study: Row, outcome: str, results: pd.DataFrame) -> bool | None:
    """Whether a trial showed a benefit on this outcome: its main finding is not harm and one of its results on
    the outcome counts for a benefit (:func:`counts_for_benefit`). None when no result on the outcome is recorded,
    so the data cannot tell.

    The main finding is recorded for the trial's primary outcome, which may be another one: a trial can raise leg
    strength significantly (a benefit on maximal strength) and leave running economy unchanged (its main
    finding)."""
    on = results[(results["study_key"] == study["key"]) & (results["outcome"] == outcome)]
    if on.empty:
        return None
    rows = on.to_dict(orient="records")
    return study["finding"] != "negative" and any(counts_for_benefit(row, outcome) for row in rows)


# ----------------------------------------------------------------------------------------------------
# Trial effects
# ----------------------------------------------------------------------------------------------------

#: The outcome choice that stands for every injury outcome side by side (never pooled: the outcomes differ).
ALL_INJURIES = "all_injuries"
#: The outcome choice that stands for every injury outcome in trials of runners only (the population says so).
RUNNER_INJURIES = "runner_injuries"
_RUNNERS = re.compile(r"\brunners?\b|\brunning\b", re.IGNORECASE)
_NOT_RUNNERS = re.compile(r"\bnot\s+runner", re.IGNORECASE)
#: The measure choice that takes each trial's own preferred effect, whatever its measure (never pooled).
AS_REPORTED = "as_reported"
INJURY_OUTCOMES: tuple[str, ...] = (
    "injury_overall",
    "injury_overuse",
    "injury_acute",
    "hamstring_injury",
    "shin_pain",
    "patellofemoral_pain",
    "iliotibial_band_syndrome",
)

SOURCE_REPORTED = "reported ratio with CI"
SOURCE_COUNTS = "computed from counts"
SOURCE_PERCENTAGES = "computed from percentages x group sizes (rounded counts; derived, not printed)"
#: The note of an effect computed from percentages (the numbers are shown beside it, see ``percent_t``).
DERIVED_NOTE = "counts derived from printed percentages, rounded to whole runners; not printed in the source"

_Z95 = float(stats.norm.isf(0.025))

EFFECT_COLUMNS: tuple[str, ...] = (
    "study_key",
    "label",
    "year",
    "design",
    "outcome",
    "outcome_detail",
    "n",
    "measure",
    "yi",
    "vi",
    "effect",
    "ci_low",
    "ci_high",
    "source",
    "note",
    "result_ids",
    "events_t",
    "n_t",
    "events_c",
    "n_c",
    "group_t",
    "group_c",
    "percent_t",
    "percent_c",
    "control_risk",
    "control_result",
)


@dataclass(frozen=True)
class _Effect:
    measure: str
    yi: float
    vi: float
    effect: float
    ci_low: float
    ci_high: float
    n: float | None
    source: str
    note: str
    result_ids: str
    detail: str
    arms: tuple[float, float, float, float] | None = None  # events_t, n_t, events_c, n_c
    groups: tuple[str, str] | None = None  # the intervention's and the control's group text
    percents: tuple[float, float] | None = None  # printed percentages the counts were derived from


def round_half_up(value: float) -> int:
    """Whole number, half away from zero (the project's rounding rule), free of binary floating-point noise."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _derived_count(percent: float, n: float) -> int:
    """Runners with the event from a printed percentage of a group: percent x n / 100, rounded half up."""
    exact = Decimal(repr(percent)) * Decimal(repr(n)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _arms(rows: Sequence[Row], measure: str, need_n: bool = True) -> tuple[Row, Row] | None:
    """(intervention row, control row) of one measure with a value (and an n), or None unless exactly one of
    each is found."""
    roles: dict[str, list[Row]] = {CONTROL: [], INTERVENTION: []}
    for r in rows:
        if r["measure"] == measure and not _missing(r["value"]) and (not need_n or not _missing(r["n"])):
            roles.get(group_role(r["group"]), []).append(r)
    if len(roles[CONTROL]) != 1 or len(roles[INTERVENTION]) != 1:
        return None
    return roles[INTERVENTION][0], roles[CONTROL][0]


def _from_counts(et: float, nt: float, ec: float, nc: float) -> tuple[float, float, float, float]:
    yi, vi = pooling.log_risk_ratio(et, nt, ec, nc)
    yi, vi = float(yi), float(vi)
    half = _Z95 * math.sqrt(vi)
    return yi, vi, math.exp(yi - half), math.exp(yi + half)


def _printed_ratio(rows: Sequence[Row], measure: str, study_n: float | None) -> _Effect | None:
    """A ratio printed with its CI in a row that compares the groups (not a subgroup); the first by result id."""
    for row in rows:
        if row["measure"] != measure or group_role(row["group"]) != BETWEEN:
            continue
        if any(_missing(row[c]) for c in ("value", "ci_low", "ci_high")):
            continue
        try:
            yi, se = pooling.log_ratio_from_ci(row["value"], row["ci_low"], row["ci_high"])
        except pooling.PoolingError:
            continue
        n = _number(row["n"])
        note = _text(row["note"])
        effect, low, high = float(row["value"]), float(row["ci_low"]), float(row["ci_high"])
        if control_first(row["group"]):
            yi, effect, low, high = -yi, 1 / effect, 1 / high, 1 / low
            inverted = "printed as control vs programme, inverted here to programme vs control"
            note = f"{note.rstrip('.')}; {inverted}" if note else inverted
        if n is None and study_n is not None:
            n = study_n
            note = f"{note}; n is the whole study's size (studies.csv)".lstrip("; ")
        return _Effect(
            measure=measure,
            yi=float(yi),
            vi=float(se) ** 2,
            effect=effect,
            ci_low=low,
            ci_high=high,
            n=n,
            source=SOURCE_REPORTED,
            note=note,
            result_ids=str(row["result_id"]),
            detail=_text(row["outcome_detail"]),
        )
    return None


def _counted_ratio(rows: Sequence[Row], measure: str) -> _Effect | None:
    """A risk ratio from the arms' event counts ("events") or from their percentages x sizes ("proportion")."""
    arms = _arms(rows, measure)
    if arms is None:
        return None
    t, c = arms
    nt, nc = float(t["n"]), float(c["n"])
    percents = None
    if measure == "events":
        et, ec = float(t["value"]), float(c["value"])
        source, note = SOURCE_COUNTS, ""
    else:
        percents = (float(t["value"]), float(c["value"]))
        et, ec = float(_derived_count(percents[0], nt)), float(_derived_count(percents[1], nc))
        source, note = SOURCE_PERCENTAGES, DERIVED_NOTE
    try:
        yi, vi, low, high = _from_counts(et, nt, ec, nc)
    except pooling.PoolingError:
        return None
    return _Effect(
        measure="rr",
        yi=yi,
        vi=vi,
        effect=math.exp(yi),
        ci_low=low,
        ci_high=high,
        n=nt + nc,
        source=source,
        note=note,
        result_ids=f"{t['result_id']}; {c['result_id']}",
        detail=_text(t["outcome_detail"]),
        arms=(et, nt, ec, nc),
        groups=(_text(t["group"]), _text(c["group"])),
        percents=percents,
    )


def _candidates(rows: Sequence[Row], study_n: float | None, continuous: bool = False) -> list[_Effect]:
    """Every between-group effect that can be read or computed from one study's rows for one outcome,
    in the order of preference (printed ratios first, then counts, then percentages; then a printed between-group
    standardised difference, else one derived from the arms: :mod:`evidence.stats.differences`)."""
    rows = sorted(rows, key=lambda r: str(r["result_id"]))
    found = [_printed_ratio(rows, m, study_n) for m in ("rr", "or", "hr")]
    found += [_counted_ratio(rows, "events"), _counted_ratio(rows, "proportion")]
    if continuous:
        difference = differences.printed_difference(rows, group_role, BETWEEN) or differences.derived_difference(
            rows, group_role, INTERVENTION, CONTROL
        )
        found.append(None if difference is None else _from_difference(difference, study_n))
    return [effect for effect in found if effect is not None]


def _from_difference(difference: differences.Difference, study_n: float | None) -> _Effect:
    return _Effect(
        measure=difference.measure,
        yi=difference.yi,
        vi=difference.vi,
        effect=difference.yi,
        ci_low=difference.ci_low,
        ci_high=difference.ci_high,
        n=study_n,
        source=difference.source,
        note=difference.note,
        result_ids=difference.result_ids,
        detail=difference.detail,
        groups=difference.groups,
    )


def _control_risk(rows: Sequence[Row]) -> tuple[float | None, str]:
    """The control arm's risk per 100 (from its counts, else its printed percentage) and its result row."""
    events = _arms(rows, "events")
    if events is not None:
        c = events[1]
        return 100 * float(c["value"]) / float(c["n"]), str(c["result_id"])
    proportions = _arms(rows, "proportion", need_n=False)
    if proportions is not None:
        c = proportions[1]
        return float(c["value"]), str(c["result_id"])
    return None, ""


def _pick(candidates: Sequence[_Effect], measure: str | None) -> _Effect | None:
    if measure is None or measure == AS_REPORTED:
        return candidates[0] if candidates else None
    return next((c for c in candidates if c.measure == measure), None)


def outcomes_of(outcome: str | Iterable[str]) -> list[str]:
    """The outcome codes a choice stands for (:data:`ALL_INJURIES` and :data:`RUNNER_INJURIES` stand for every
    injury outcome)."""
    if isinstance(outcome, str):
        return list(INJURY_OUTCOMES) if outcome in (ALL_INJURIES, RUNNER_INJURIES) else [outcome]
    return list(outcome)


def is_runner_population(population: object) -> bool:
    """True when a work's population is runners ('432 novice runners', 'older adults whose main exercise was
    endurance running'), not when it says it is not runner-specific."""
    text = _text(population)
    return bool(_RUNNERS.search(text)) and not _NOT_RUNNERS.search(text)


def empirical(studies: pd.DataFrame) -> pd.DataFrame:
    """The studies with an empirical design (trials, cohorts...): the only ones whose results are effects."""
    return studies[studies["design"].isin(EMPIRICAL_DESIGNS)]


#: The measures a between-group effect can be read or computed from.
_EFFECT_SOURCES: tuple[str, ...] = ("rr", "or", "hr", "events", "proportion", *differences.DIFFERENCE_MEASURES)


class _Study(dict):
    """One study's row as a dict, named by its key (``.name``) like a row of ``studies.set_index("key")``: reading
    a pandas row per study took most of a forest view's time at 10,000 works."""

    __slots__ = ("name",)

    def __init__(self, key: str, row: dict) -> None:
        super().__init__(row)
        self.name = key


def study_candidates(
    results: pd.DataFrame, studies: pd.DataFrame, outcome: str | Iterable[str]
) -> list[tuple[_Study, str, list[_Effect], tuple[float | None, str]]]:
    """Every study's candidate effects for an outcome, what :func:`trial_effects` and :func:`measure_choices` read:
    a caller that needs both finds them once and passes them as ``found=``."""
    outcomes = outcomes_of(outcome)
    trials = empirical(studies)
    if isinstance(outcome, str) and outcome == RUNNER_INJURIES:
        trials = trials[trials["population"].map(is_runner_population)]
    by_key = trials.set_index("key")
    chosen = results[
        results["outcome"].isin(outcomes)
        & results["study_key"].isin(by_key.index)
        & results["measure"].isin(_EFFECT_SOURCES)
    ]
    groups: dict[tuple[str, str], list[Row]] = {}
    for record in chosen.to_dict(orient="records"):
        groups.setdefault((str(record["study_key"]), str(record["outcome"])), []).append(record)
    found = []
    keys = list(dict.fromkeys(key for key, _ in groups))
    rows_by_key = by_key.loc[keys].to_dict(orient="index") if keys else {}  # the studies with results, at once
    for (key, outcome_code), rows in groups.items():
        study = _Study(key, rows_by_key[key])
        candidates = _candidates(rows, _number(study["n"]), outcome_code in differences.DIFFERENCE_OUTCOMES)
        if candidates:
            found.append((study, outcome_code, candidates, _control_risk(rows)))
    return found


def trial_effects(
    results: pd.DataFrame,
    studies: pd.DataFrame,
    outcome: str | Iterable[str],
    measure: str | None = None,
    found: list | None = None,
) -> pd.DataFrame:
    """One row per empirical study (and outcome) with a between-group effect for the outcome.

    Args:
        results, studies: the loaded dataset's frames (``data.load.load_dataset``).
        outcome: an outcome code, several codes, or :data:`ALL_INJURIES`.
        measure: None or :data:`AS_REPORTED` for each study's preferred effect (see the module docstring);
            "rr" for risk ratios only (printed, else from counts, else from percentages); "or" or "hr" for
            printed odds or hazard ratios only. A study without an effect of that measure is left out.
        found: :func:`study_candidates` of the same frames and outcome, when the caller has them already.

    Returns:
        Columns :data:`EFFECT_COLUMNS`: ``yi``/``vi`` on the log scale (for pooling), ``effect`` and its CI on the
        natural scale, ``source`` (one of the ``SOURCE_*`` texts), ``note`` (the printed row's note, or
        :data:`DERIVED_NOTE`), ``result_ids`` (the rows of results.csv used), the arm counts, group texts and
        printed percentages when computed, and the control arm's risk per 100 with its result row when recorded.
        Sorted by year, then label.
    """
    records = []
    found = study_candidates(results, studies, outcome) if found is None else found
    for study, outcome_code, candidates, (control_risk, control_result) in found:
        effect = _pick(candidates, measure)
        if effect is None:
            continue
        et, nt, ec, nc = effect.arms if effect.arms else (None, None, None, None)
        group_t, group_c = effect.groups if effect.groups else (None, None)
        percent_t, percent_c = effect.percents if effect.percents else (None, None)
        records.append(
            {
                "study_key": str(study.name),
                "label": str(study["label"]),
                "year": None if _missing(study["year"]) else int(study["year"]),
                "design": str(study["design"]),
                "outcome": outcome_code,
                "outcome_detail": effect.detail,
                "n": effect.n,
                "measure": effect.measure,
                "yi": effect.yi,
                "vi": effect.vi,
                "effect": effect.effect,
                "ci_low": effect.ci_low,
                "ci_high": effect.ci_high,
                "source": effect.source,
                "note": effect.note,
                "result_ids": effect.result_ids,
                "events_t": et,
                "n_t": nt,
                "events_c": ec,
                "n_c": nc,
                "group_t": group_t,
                "group_c": group_c,
                "percent_t": percent_t,
                "percent_c": percent_c,
                "control_risk": control_risk,
                "control_result": control_result,
            }
        )
    frame = pd.DataFrame(records, columns=list(EFFECT_COLUMNS))
    return frame.sort_values(["year", "label"], kind="stable").reset_index(drop=True)


def measure_choices(
    results: pd.DataFrame, studies: pd.DataFrame, outcome: str | Iterable[str], found: list | None = None
) -> dict[str, int]:
    """Measures a view can be drawn in, with the number of studies each gives, most studies first.

    When the studies' preferred effects use more than one measure, :data:`AS_REPORTED` is offered last (drawn
    side by side, never pooled). ``found``: as for :func:`trial_effects`.
    """
    found = study_candidates(results, studies, outcome) if found is None else found
    measures = ("rr", "or", "hr", *differences.DIFFERENCE_MEASURES)
    counts = {m: sum(any(c.measure == m for c in cands) for _, _, cands, _ in found) for m in measures}
    ordered = dict(sorted(((m, k) for m, k in counts.items() if k), key=lambda item: -item[1]))
    if len({cands[0].measure for _, _, cands, _ in found}) > 1:
        ordered[AS_REPORTED] = len(found)
    return ordered


def outcome_choices(results: pd.DataFrame, studies: pd.DataFrame) -> list[str]:
    """Outcomes with at least one trial effect, in the vocabulary's order, led by :data:`ALL_INJURIES` when
    trials of more than one injury outcome are recorded."""
    return choices_and_counts(results, studies)[0]


def trial_counts(results: pd.DataFrame, studies: pd.DataFrame, choices: Iterable[str]) -> dict[str, int]:
    """Number of studies with any between-group effect, per outcome choice."""
    choices = list(choices)
    found = study_candidates(results, studies, list(OUTCOMES))
    runners = study_candidates(results, studies, RUNNER_INJURIES) if RUNNER_INJURIES in choices else []
    return _counts(found, runners, choices)


def choices_and_counts(results: pd.DataFrame, studies: pd.DataFrame) -> tuple[list[str], dict[str, int]]:
    """:func:`outcome_choices` and their :func:`trial_counts`, the studies' effects found once for every outcome
    and once for injuries in runners (which keeps runner populations alone): finding them again per question took
    most of a new forest view."""
    found = study_candidates(results, studies, list(OUTCOMES))
    present = {outcome for _, outcome, _, _ in found}
    choices = [o for o in OUTCOMES if o in present]
    runners = []
    if len(present & set(INJURY_OUTCOMES)) > 1:
        choices.insert(0, ALL_INJURIES)
        runners = study_candidates(results, studies, RUNNER_INJURIES)
        if len({s.name for s, _, _, _ in runners}) > 1:
            choices.insert(1, RUNNER_INJURIES)
    return choices, _counts(found, runners, choices)


def _counts(found: list, runners: list, choices: Iterable[str]) -> dict[str, int]:
    counts = {}
    for choice in choices:
        if choice == RUNNER_INJURIES:
            counts[choice] = len({s.name for s, _, _, _ in runners})
        else:
            wanted = set(outcomes_of(choice))
            counts[choice] = len({s.name for s, outcome, _, _ in found if outcome in wanted})
    return counts
