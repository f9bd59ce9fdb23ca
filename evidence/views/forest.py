"""Forest plots: between-group effects of trials, their pooling, and what they mean in runners per 100.

Pure functions, no Streamlit. The page ``pages/forest.py`` only lays out what these return.

Where a trial's effect comes from, in order of preference (see :func:`trial_effects`):

1. a ratio the paper printed with its 95% CI (risk, odds or hazard ratio; its measure is kept, so an odds
   ratio is never drawn or pooled as a risk ratio);
2. event counts printed for both arms: risk ratio by :func:`evidence.stats.pooling.log_risk_ratio`;
3. percentages printed for both arms with the arm sizes: counts = percentage x group size / 100, rounded half
   up to whole runners, then as in 2. These counts are *derived*, not printed, and are flagged as such.

Arms: a result row is an arm when its ``group`` text names one group (not "between groups", "whole sample",
"pooled", a subgroup, or "A vs B"). The control arm is the one whose group text contains the word
"control", "observation", "usual" or "placebo"; the intervention arm is the other one. A study is used only
when exactly one control arm and one intervention arm are found. A printed ratio is read as intervention vs
control, as the papers print it; it is used only from a row that compares the groups ("between groups",
"A vs B") and is not a subgroup.

Reviews are never pooled with trials or with each other (:func:`review_estimates` lists what they printed),
and within-group changes are listed, not pooled (:func:`within_group_changes`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from scipy import stats

from evidence.data.schema import EMPIRICAL_DESIGNS, OUTCOME_NAMES, OUTCOMES, RATIO_MEASURES
from evidence.stats import pooling as meta
from evidence.views.charts import FONT, OKABE_ITO
from evidence.views.summaries import MEASURE_NAMES, MINUS, fmt, fmt_p, is_missing

__all__ = [
    "ALL_INJURIES",
    "AS_REPORTED",
    "INJURY_OUTCOMES",
    "INTERVAL_LABELS",
    "METHOD_LABELS",
    "NO_TRIALS",
    "SORTS",
    "SOURCE_COUNTS",
    "SOURCE_PERCENTAGES",
    "SOURCE_REPORTED",
    "AbsoluteEffect",
    "ForestView",
    "absolute_effect",
    "absolute_sentences",
    "build_view",
    "changes_table",
    "chart_caption",
    "conversion_note",
    "default_baseline",
    "display_order",
    "event_plural",
    "event_words",
    "figure_title",
    "forest_figure",
    "forest_table",
    "leave_one_out",
    "leave_one_out_table",
    "measure_choices",
    "measure_label",
    "measure_title",
    "outcome_choices",
    "outcome_label",
    "outcome_title",
    "outcomes_of",
    "pool_rows",
    "pooled_name",
    "review_estimates",
    "review_table",
    "risk_with",
    "round_half_up",
    "single_or_pooled_ratio",
    "slider_label",
    "summary_lines",
    "trial_counts",
    "trial_effects",
    "within_group_changes",
]

#: The outcome choice that shows every injury outcome side by side (never pooled: the outcomes differ).
ALL_INJURIES = "all_injuries"
#: The measure choice that draws each trial's own preferred effect, whatever its measure (never pooled).
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

#: Shown instead of the chart when no trial records a between-group effect.
NO_TRIALS = (
    "No trial in this dataset records a between-group effect that can be drawn: a ratio printed with its "
    "95% CI, or event counts or percentages with group sizes for both the programme and the control group."
)

SOURCE_REPORTED = "reported ratio with CI"
SOURCE_COUNTS = "computed from counts"
SOURCE_PERCENTAGES = "computed from percentages x group sizes (rounded counts; derived, not printed)"

#: Short names of the ratio measures, for tick labels and table cells.
ABBREVIATIONS: dict[str, str] = {"rr": "RR", "or": "OR", "hr": "HR"}
#: What the event is, in runner words, for the "what it means" sentences.
EVENT_WORDS: dict[str, str] = {
    "injury_overall": "a running injury",
    "injury_overuse": "an overuse injury",
    "injury_acute": "an acute injury",
    "hamstring_injury": "a hamstring injury",
    "shin_pain": "shin pain",
    "patellofemoral_pain": "knee pain (patellofemoral pain)",
    "iliotibial_band_syndrome": "iliotibial band syndrome",
}

_CONTROL = re.compile(r"\b(control|observation|usual|placebo)\b", re.IGNORECASE)
_NOT_ONE_ARM = re.compile(r"\b(between|whole|pooled|subgroup|vs|versus|tertiles?)\b", re.IGNORECASE)
_COMPARISON = re.compile(r"\b(between|vs|versus)\b", re.IGNORECASE)
_SUBGROUP = re.compile(r"\bsubgroup", re.IGNORECASE)
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
    "control_risk",
    "control_result",
)


# ----------------------------------------------------------------------------------------------------
# Trial effects
# ----------------------------------------------------------------------------------------------------


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


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def _number(value: object) -> float | None:
    if is_missing(value):
        return None
    return float(value)  # type: ignore[arg-type]


def round_half_up(value: float) -> int:
    """Whole number, half away from zero (the project's rounding rule), free of binary floating-point noise."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _derived_count(percent: float, n: float) -> int:
    """Runners with the event from a printed percentage of a group: percent x n / 100, rounded half up."""
    exact = Decimal(repr(percent)) * Decimal(repr(n)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


Row = Mapping[str, Any]


def _is_arm(group: str) -> bool:
    return bool(group) and not _NOT_ONE_ARM.search(group)


def _arms(rows: Sequence[Row], measure: str, need_n: bool = True) -> tuple[Row, Row] | None:
    """(intervention row, control row) of one measure with a value (and an n), or None unless exactly one of
    each is found."""
    candidates = [
        r
        for r in rows
        if r["measure"] == measure
        and not is_missing(r["value"])
        and (not need_n or not is_missing(r["n"]))
        and _is_arm(_text(r["group"]))
    ]
    control = [r for r in candidates if _CONTROL.search(_text(r["group"]))]
    intervention = [r for r in candidates if not _CONTROL.search(_text(r["group"]))]
    if len(control) != 1 or len(intervention) != 1:
        return None
    return intervention[0], control[0]


def _from_counts(et: float, nt: float, ec: float, nc: float) -> tuple[float, float, float, float]:
    yi, vi = meta.log_risk_ratio(et, nt, ec, nc)
    yi, vi = float(yi), float(vi)
    half = _Z95 * math.sqrt(vi)
    return yi, vi, math.exp(yi - half), math.exp(yi + half)


def _is_comparison(group: str) -> bool:
    return bool(_COMPARISON.search(group)) and not _SUBGROUP.search(group)


def _printed_ratio(rows: Sequence[Row], measure: str, study_n: float | None) -> _Effect | None:
    """A ratio printed with its CI in a row that compares the groups (not a subgroup); the first by result id."""
    for row in rows:
        if row["measure"] != measure or not _is_comparison(_text(row["group"])):
            continue
        if any(is_missing(row[c]) for c in ("value", "ci_low", "ci_high")):
            continue
        try:
            yi, se = meta.log_ratio_from_ci(row["value"], row["ci_low"], row["ci_high"])
        except meta.PoolingError:
            continue
        n = _number(row["n"])
        note = _text(row["note"])
        if n is None and study_n is not None:
            n = study_n
            note = f"{note}; n is the whole study's size (studies.csv)".lstrip("; ")
        return _Effect(
            measure=measure,
            yi=float(yi),
            vi=float(se) ** 2,
            effect=float(row["value"]),
            ci_low=float(row["ci_low"]),
            ci_high=float(row["ci_high"]),
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
    if measure == "events":
        et, ec = float(t["value"]), float(c["value"])
        source = SOURCE_COUNTS
        note = f"{fmt(et)} of {fmt(nt)} ({_text(t['group'])}) vs {fmt(ec)} of {fmt(nc)} ({_text(c['group'])})"
    else:
        pt, pc = float(t["value"]), float(c["value"])
        et, ec = float(_derived_count(pt, nt)), float(_derived_count(pc, nc))
        source = SOURCE_PERCENTAGES
        note = (
            f"{fmt(pt, decimals=1)}% of {fmt(nt)} = {fmt(et)} ({_text(t['group'])}) vs "
            f"{fmt(pc, decimals=1)}% of {fmt(nc)} = {fmt(ec)} ({_text(c['group'])}): counts derived from "
            "printed percentages, rounded to whole runners; not printed in the source"
        )
    try:
        yi, vi, low, high = _from_counts(et, nt, ec, nc)
    except meta.PoolingError:
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
    )


def _candidates(rows: Sequence[Row], study_n: float | None) -> list[_Effect]:
    """Every between-group effect that can be read or computed from one study's rows for one outcome,
    in the order of preference (printed ratios first, then counts, then percentages)."""
    rows = sorted(rows, key=lambda r: str(r["result_id"]))
    found = [_printed_ratio(rows, m, study_n) for m in ("rr", "or", "hr")]
    found += [_counted_ratio(rows, "events"), _counted_ratio(rows, "proportion")]
    return [effect for effect in found if effect is not None]


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
    """The outcome codes a choice stands for (:data:`ALL_INJURIES` stands for every injury outcome)."""
    if isinstance(outcome, str):
        return list(INJURY_OUTCOMES) if outcome == ALL_INJURIES else [outcome]
    return list(outcome)


def _empirical(studies: pd.DataFrame) -> pd.DataFrame:
    return studies[studies["design"].isin(EMPIRICAL_DESIGNS)]


#: The measures a between-group effect can be read or computed from.
_EFFECT_SOURCES: tuple[str, ...] = ("rr", "or", "hr", "events", "proportion")


def _study_candidates(
    results: pd.DataFrame, studies: pd.DataFrame, outcome: str | Iterable[str]
) -> list[tuple[pd.Series, str, list[_Effect], tuple[float | None, str]]]:
    outcomes = outcomes_of(outcome)
    by_key = _empirical(studies).set_index("key")
    chosen = results[
        results["outcome"].isin(outcomes)
        & results["study_key"].isin(by_key.index)
        & results["measure"].isin(_EFFECT_SOURCES)
    ]
    groups: dict[tuple[str, str], list[Row]] = {}
    for record in chosen.to_dict(orient="records"):
        groups.setdefault((str(record["study_key"]), str(record["outcome"])), []).append(record)
    found = []
    for (key, outcome_code), rows in groups.items():
        study = by_key.loc[key]
        candidates = _candidates(rows, _number(study["n"]))
        if candidates:
            found.append((study, outcome_code, candidates, _control_risk(rows)))
    return found


def trial_effects(
    results: pd.DataFrame, studies: pd.DataFrame, outcome: str | Iterable[str], measure: str | None = None
) -> pd.DataFrame:
    """One row per empirical study (and outcome) with a between-group effect for the outcome.

    Args:
        results, studies: the loaded dataset's frames (``data.load_dataset``).
        outcome: an outcome code, several codes, or :data:`ALL_INJURIES`.
        measure: None or :data:`AS_REPORTED` for each study's preferred effect (see the module docstring);
            "rr" for risk ratios only (printed, else from counts, else from percentages); "or" or "hr" for
            printed odds or hazard ratios only. A study without an effect of that measure is left out.

    Returns:
        Columns :data:`EFFECT_COLUMNS`: ``yi``/``vi`` on the log scale (for :func:`pool_rows`), ``effect`` and
        its CI on the natural scale, ``source`` (one of the ``SOURCE_*`` texts), ``note``, ``result_ids`` (the
        rows of results.csv used), the arm counts when computed, and the control arm's risk per 100 with its
        result row when recorded. Sorted by year, then label.
    """
    records = []
    for study, outcome_code, candidates, (control_risk, control_result) in _study_candidates(results, studies, outcome):
        effect = _pick(candidates, measure)
        if effect is None:
            continue
        et, nt, ec, nc = effect.arms if effect.arms else (None, None, None, None)
        records.append(
            {
                "study_key": str(study.name),
                "label": str(study["label"]),
                "year": None if is_missing(study["year"]) else int(study["year"]),
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
                "control_risk": control_risk,
                "control_result": control_result,
            }
        )
    frame = pd.DataFrame(records, columns=list(EFFECT_COLUMNS))
    return frame.sort_values(["year", "label"], kind="stable").reset_index(drop=True)


def measure_choices(results: pd.DataFrame, studies: pd.DataFrame, outcome: str | Iterable[str]) -> dict[str, int]:
    """Measures a view can be drawn in, with the number of studies each gives, most studies first.

    When the studies' preferred effects use more than one measure, :data:`AS_REPORTED` is offered last (drawn
    side by side, never pooled).
    """
    found = _study_candidates(results, studies, outcome)
    counts = {m: sum(any(c.measure == m for c in cands) for _, _, cands, _ in found) for m in ("rr", "or", "hr")}
    ordered = dict(sorted(((m, k) for m, k in counts.items() if k), key=lambda item: -item[1]))
    if len({cands[0].measure for _, _, cands, _ in found}) > 1:
        ordered[AS_REPORTED] = len(found)
    return ordered


def outcome_choices(results: pd.DataFrame, studies: pd.DataFrame) -> list[str]:
    """Outcomes with at least one trial effect, in the vocabulary's order, led by :data:`ALL_INJURIES` when
    trials of more than one injury outcome are recorded."""
    found = _study_candidates(results, studies, list(OUTCOMES))
    present = {outcome for _, outcome, _, _ in found}
    choices = [o for o in OUTCOMES if o in present]
    if len(present & set(INJURY_OUTCOMES)) > 1:
        choices.insert(0, ALL_INJURIES)
    return choices


def outcome_title(choice: str) -> str:
    """'All injury outcomes' or the outcome's name, capitalised."""
    if choice == ALL_INJURIES:
        return "All injury outcomes"
    name = OUTCOME_NAMES.get(choice, choice)
    return name[:1].upper() + name[1:]


def measure_title(measure: str) -> str:
    """'Risk ratio', 'Odds ratio', 'Hazard ratio', or 'As each trial reported it (mixed, not pooled)'."""
    if measure == AS_REPORTED:
        return "As each trial reported it (mixed measures, not pooled)"
    name = MEASURE_NAMES.get(measure, measure)
    return name[:1].upper() + name[1:]


# ----------------------------------------------------------------------------------------------------
# Pooling a view
# ----------------------------------------------------------------------------------------------------


def _outcome_name(outcome: str, detail: object) -> str:
    """The outcome's name; for "other", its detail too, so that different "other" outcomes are never pooled."""
    name = OUTCOME_NAMES.get(outcome, outcome)
    return f"{name}: {detail}" if outcome == "other" and not is_missing(detail) else name


def pool_rows(rows: pd.DataFrame, method: str = "REML", ci: str = "z") -> meta.PoolResult:
    """Pool trial effects (rows of :func:`trial_effects`) on the log scale, after
    :func:`evidence.stats.pooling.check_poolable` (one outcome, one measure, each study once, no review).

    Raises :class:`evidence.stats.pooling.PoolingError` with a message to show as it is.
    """
    named = pd.DataFrame(
        {
            "study_key": rows["study_key"],
            "outcome": [_outcome_name(o, d) for o, d in zip(rows["outcome"], rows["outcome_detail"], strict=True)],
            "measure": rows["measure"].map(lambda m: MEASURE_NAMES.get(m, m)),
            "design": rows["design"],
        }
    )
    meta.check_poolable(named)
    return meta.pool([float(y) for y in rows["yi"]], [float(v) for v in rows["vi"]], method=method, ci=ci)


@dataclass(frozen=True)
class ForestView:
    """What one forest plot shows: the trials drawn, the pooled result or why there is none."""

    rows: pd.DataFrame  # trial effects drawn, in pooling order (the order of result.weights)
    result: meta.PoolResult | None
    refusal: str | None
    measure: str  # "rr", "or", "hr" or AS_REPORTED
    left_out: tuple[str, ...]


def build_view(
    effects: pd.DataFrame, measure: str, method: str = "REML", ci: str = "z", leave_out: Iterable[str] = ()
) -> ForestView:
    """Drop the studies left out (by study key), then pool what remains or keep the refusal message."""
    left_out = tuple(leave_out)
    rows = effects[~effects["study_key"].isin(left_out)].reset_index(drop=True)
    try:
        result = pool_rows(rows, method, ci)
    except meta.PoolingError as error:
        return ForestView(rows, None, str(error), measure, left_out)
    return ForestView(rows, result, None, measure, left_out)


def leave_one_out(rows: pd.DataFrame, method: str = "REML", ci: str = "z") -> list[tuple[str, meta.PoolResult]]:
    """The pooled estimate with each study left out in turn: ``[(label of the study left out, result)]``.

    Raises :class:`evidence.stats.pooling.PoolingError` when fewer than 3 studies are given (leaving one out of 2
    leaves nothing to pool) or the rest cannot be pooled.
    """
    if len(rows) < 3:
        raise meta.PoolingError(
            f"Leaving one study out needs at least 3 studies; with {len(rows)}, one study would be left alone."
        )
    out = []
    for i in range(len(rows)):
        rest = rows.drop(index=rows.index[i])
        out.append((str(rows["label"].iloc[i]), pool_rows(rest, method, ci)))
    return out


def _ratio_scale(measure: str) -> bool:
    return measure in RATIO_MEASURES or measure == AS_REPORTED


def _natural(value: float, measure: str) -> float:
    return math.exp(value) if _ratio_scale(measure) else value


def pooled_name(measure: str) -> str:
    """'Pooled risk ratio', 'Pooled odds ratio'..."""
    return f"Pooled {MEASURE_NAMES.get(measure, measure)}"


def summary_lines(result: meta.PoolResult, measure: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the panel beside the chart: estimate, intervals, heterogeneity, method."""
    est = _natural(result.estimate, measure)
    low, high = _natural(result.ci_low, measure), _natural(result.ci_high, measure)
    pct = f"{100 * result.level:g}%"
    if result.is_random_effects:
        pi_low, pi_high = _natural(result.pi_low, measure), _natural(result.pi_high, measure)
        prediction = f"{fmt(pi_low, measure)} to {fmt(pi_high, measure)}"
        if result.k < 3:
            prediction += " (very uncertain with fewer than 3 studies)"
    else:
        prediction = "not given by the fixed-effect model, which assumes one true effect for all trials"
    return [
        (pooled_name(measure), f"{fmt(est, measure)} ({pct} CI {fmt(low, measure)} to {fmt(high, measure)})"),
        (f"{pct} prediction interval", prediction),
        ("Studies", f"k = {result.k}"),
        ("Between-study variance", f"tau² = {fmt(result.tau2, decimals=3)}"),
        ("Inconsistency", f"I² = {fmt(result.i2, decimals=1)}%"),
        (
            "Heterogeneity test",
            f"Q = {fmt(result.q)} on {result.df} degree{'s' if result.df != 1 else ''} of freedom, "
            f"{fmt_p(result.q_p, None)}",
        ),
        ("Model", result.describe()),
    ]


# ----------------------------------------------------------------------------------------------------
# The figure and its table twin
# ----------------------------------------------------------------------------------------------------

SORTS: dict[str, str] = {"year": "Year (oldest first)", "effect": "Effect (smallest first)", "weight": "Weight"}


def display_order(rows: pd.DataFrame, result: meta.PoolResult | None = None, sort: str = "year") -> list[int]:
    """Positions of ``rows`` from the top of the chart down.

    "year": oldest first (then label); "effect": smallest effect first; "weight": heaviest first, by the pooled
    result's weights, or by precision (1/variance, the fixed-effect weight) when there is no pooled result.
    """
    positions = list(range(len(rows)))
    if sort == "effect":
        return sorted(positions, key=lambda i: (float(rows["yi"].iloc[i]), str(rows["label"].iloc[i])))
    if sort == "weight":
        if result is not None and len(result.weights) == len(rows):
            weight = list(result.weights)
        else:
            weight = [1 / float(v) for v in rows["vi"]]
        return sorted(positions, key=lambda i: (-weight[i], str(rows["label"].iloc[i])))
    if sort != "year":
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    return sorted(
        positions,
        key=lambda i: (
            rows["year"].iloc[i] if not is_missing(rows["year"].iloc[i]) else 9999,
            str(rows["label"].iloc[i]),
        ),
    )


def _estimate_text(effect: float, low: float, high: float, measure: str) -> str:
    shown = f"{fmt(effect, measure)} ({fmt(low, measure)} to {fmt(high, measure)})"
    abbreviation = ABBREVIATIONS.get(measure)
    return f"{abbreviation} {shown}" if abbreviation else shown


def _row_outcome(row: Row) -> str:
    """The outcome's name, or for "other" what was measured."""
    if row["outcome"] == "other" and not is_missing(row.get("outcome_detail")):
        return str(row["outcome_detail"])
    return OUTCOME_NAMES.get(str(row["outcome"]), str(row["outcome"]))


def _n_text(n: object) -> str:
    return f" (n = {fmt(n)})" if not is_missing(n) else ""


def forest_figure(
    rows: pd.DataFrame,
    result: meta.PoolResult | None = None,
    measure: str = "rr",
    sort: str = "year",
    *,
    title: str = "",
    subtitle: str = "",
    event: str = "injuries",
    favours: tuple[str, str] = ("the programme", "control"),
    lower_is_better: bool = True,
    show_outcome: bool = False,
) -> go.Figure:
    """A forest plot: one row per study (square sized by weight when pooled), the pooled diamond, the prediction
    interval as a thin bar, a reference line at no effect, and "favours" labels on each side of it.

    Args:
        rows: trial effects (:func:`trial_effects`), in the order they were pooled (the order of
            ``result.weights``).
        result: the pooled result of ``rows`` on the log scale for ratios, or None (no diamond).
        measure: "rr", "or", "hr" or :data:`AS_REPORTED` (ratios: log x axis, line at 1) or an additive measure
            (linear axis, line at 0).
        sort: "year", "effect" or "weight" (see :func:`display_order`).
        title, subtitle: the figure's title and the line under it, in plain words.
        event: what is counted, for the axis title ("below 1 = fewer injuries with the programme").
        favours: (intervention, comparator) names for the "Favours ..." labels.
        lower_is_better: True when a ratio below 1 (or a difference below 0) favours the intervention.
        show_outcome: name each study's outcome in its label (for views that show several outcomes).

    Layout: each study is one trace, added from the top of the chart down, named by its study label; its
    label (with n, the estimate and its weight) is written above its line, across the plot, so that the plot
    keeps its width on a phone. The pooled diamond is the trace named "Pooled estimate", the prediction
    interval "Prediction interval" and the line of no effect "No difference". Ratios are drawn on a log axis
    centred on 1. All coordinates are plain Python lists.
    """
    ratio = _ratio_scale(measure)
    k = len(rows)
    order = display_order(rows, result, sort)
    weights = list(result.weights) if result is not None and len(result.weights) == k else None
    figure = go.Figure()
    labels: list[tuple[float, str]] = []  # (y, text) written above each row
    xs: list[float] = []
    n_rows = k + (2 if result is not None and result.is_random_effects else 1 if result is not None else 0)

    for rank, i in enumerate(order):
        row = rows.iloc[i]
        y = float(n_rows - rank)
        effect, low, high = float(row["effect"]), float(row["ci_low"]), float(row["ci_high"])
        xs += [low, high]
        derived = row["source"] == SOURCE_PERCENTAGES
        size = 8 + 22 * math.sqrt(weights[i] / 100) if weights else 12.0
        estimate = _estimate_text(effect, low, high, str(row["measure"]))
        weight_text = f" · weight {fmt(weights[i], decimals=1)}%" if weights else ""
        outcome = f"{_row_outcome(row)}: " if show_outcome or row["outcome"] == "other" else ""
        derived_text = " · derived" if derived else ""
        figure.add_scatter(
            x=[effect],
            y=[y],
            mode="markers",
            name=str(row["label"]),
            marker=dict(
                symbol="square-open" if derived else "square",
                size=size,
                color=OKABE_ITO["blue"],
                line=dict(width=2.5 if derived else 0, color=OKABE_ITO["blue"]),
            ),
            error_x=dict(
                type="data",
                symmetric=False,
                array=[high - effect],
                arrayminus=[effect - low],
                color=OKABE_ITO["blue"],
                thickness=2,
                width=0,
            ),
            text=[
                f"{row['label']}{_n_text(row['n'])}<br>{outcome}{estimate}{weight_text}<br>{row['source']}"
                f"<br>results.csv: {row['result_ids']}"
            ],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
            meta={"study_key": str(row["study_key"]), "weight": weights[i] if weights else None},
        )
        labels.append(
            (y, f"<b>{row['label']}</b>{_n_text(row['n'])}<br>{outcome}{estimate}{weight_text}{derived_text}")
        )

    if result is not None:
        est, low, high = (_natural(v, measure) for v in (result.estimate, result.ci_low, result.ci_high))
        xs += [low, high]
        y0, half = float(n_rows - k), 0.22
        figure.add_scatter(
            x=[low, est, high, est, low],
            y=[y0, y0 + half, y0, y0 - half, y0],
            mode="lines",
            fill="toself",
            fillcolor=OKABE_ITO["vermillion"],
            line=dict(color=OKABE_ITO["vermillion"], width=1),
            name="Pooled estimate",
            text=[f"{pooled_name(measure)} {_estimate_text(est, low, high, measure)}<br>{result.describe()}"] * 5,
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
        labels.append((y0, f"<b>Pooled estimate</b> (k = {result.k})<br>{_estimate_text(est, low, high, measure)}"))
        if result.is_random_effects:
            pi_low, pi_high = _natural(result.pi_low, measure), _natural(result.pi_high, measure)
            y_pi = y0 - 1
            figure.add_scatter(
                x=[pi_low, pi_high],
                y=[y_pi, y_pi],
                mode="lines",
                line=dict(color=OKABE_ITO["vermillion"], width=2),
                name="Prediction interval",
                text=[f"95% prediction interval {fmt(pi_low, measure)} to {fmt(pi_high, measure)}"] * 2,
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
            labels.append((y_pi, f"Prediction interval · {fmt(pi_low, measure)} to {fmt(pi_high, measure)}"))
    bottom, top = 0.55, n_rows + 0.75
    reference = 1.0 if ratio else 0.0
    figure.add_scatter(
        x=[reference, reference],
        y=[bottom, top - 0.3],
        mode="lines",
        line=dict(color=OKABE_ITO["grey"], width=1.5),
        name="No difference",
        hoverinfo="skip",
        showlegend=False,
    )
    for y, text in labels:
        figure.add_annotation(
            x=0, y=y + 0.2, xref="paper", yref="y", text=text, showarrow=False, xanchor="left", yanchor="bottom",
            align="left", bgcolor="rgba(255,255,255,0.85)", font=dict(size=13, color="#222222"), borderpad=1,
        )  # fmt: skip

    if ratio:
        # centred on 1: the same room on both sides of no effect, for the two "favours" labels
        reach = max([abs(math.log10(x)) for x in xs] + [math.log10(2)])
        reach += max(0.06, 0.08 * reach)
        x_range = [-reach, reach]
        ticks = _ratio_ticks(10**-reach, 10**reach)
        xaxis = dict(type="log", range=x_range, tickvals=ticks, ticktext=[fmt(t) for t in ticks], tickangle=0)
        name = MEASURE_NAMES.get(measure, "ratio") if measure != AS_REPORTED else "ratio as each trial reported it"
        side = "below 1 = fewer" if lower_is_better else "above 1 = more"
        axis_title = f"{name[:1].upper()}{name[1:]} (log scale)<br>{side} {event} with {favours[0]}"
    else:
        reach = max([abs(x) for x in xs] + [1e-9])
        reach *= 1.1
        x_range = [-reach, reach]
        xaxis = dict(type="linear", range=x_range, tickangle=0)
        name = MEASURE_NAMES.get(measure, measure)
        axis_title = f"{name[:1].upper()}{name[1:]} (0 = no difference)"
    left, right = (favours[0], favours[1]) if lower_is_better else (favours[1], favours[0])
    # on a log axis an annotation's x is log10 of the value: 0 is the line at 1, as it is the line at 0
    figure.add_annotation(
        x=0, y=1.0, xref="x", yref="paper", text=f"← Favours {left}", showarrow=False,
        xanchor="right", yanchor="bottom", xshift=-6, font=dict(size=13, color="#333333"),
    )  # fmt: skip
    figure.add_annotation(
        x=0, y=1.0, xref="x", yref="paper", text=f"Favours {right} →", showarrow=False,
        xanchor="left", yanchor="bottom", xshift=6, font=dict(size=13, color="#333333"),
    )  # fmt: skip
    figure.update_layout(
        title=dict(
            text=title,
            subtitle=dict(text=subtitle, font=dict(size=13, color="#555555")),
            font=dict(size=17),
            x=0,
            xanchor="left",
            xref="paper",
            yref="container",
            y=0.99,
            yanchor="top",
            pad=dict(t=8),
        ),
        xaxis=dict(
            **xaxis, title=dict(text=axis_title, font=dict(size=13)), gridcolor="#e5e5e5", zeroline=False,
            fixedrange=True,
        ),
        yaxis=dict(range=[bottom, top], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True),
        font=FONT,
        plot_bgcolor="white",
        showlegend=False,
        height=int(200 + 84 * n_rows),
        margin=dict(l=10, r=10, t=130, b=80),
        hoverlabel=dict(align="left"),
    )  # fmt: skip
    return figure


_RATIO_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
_FINE_TICKS = (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0)


def _ratio_ticks(low: float, high: float) -> list[float]:
    """Tick values for a log ratio axis from low to high: 1-2-5 steps, or finer ones on a narrow axis."""
    ticks = [t for t in _RATIO_TICKS if low <= t <= high]
    if len(ticks) < 5:
        ticks = sorted({*ticks, *(t for t in _FINE_TICKS if low <= t <= high)})
    return ticks


def _rounded(value: object, measure: str = "", decimals: int | None = None) -> float | None:
    """A number rounded by the project's rule (summaries.fmt), kept as a number so tables sort."""
    text = fmt(value, measure, decimals)
    return float(text.replace(MINUS, "-")) if text else None


def _arm_text(events: object, n: object, percent_source: bool) -> str:
    if is_missing(events) or is_missing(n):
        return ""
    text = f"{fmt(events)} of {fmt(n)}"
    return f"{text} (derived)" if percent_source else text


def forest_table(rows: pd.DataFrame, result: meta.PoolResult | None, measure: str, sort: str = "year") -> pd.DataFrame:
    """The table twin of :func:`forest_figure`: the same studies in the same order, then the pooled estimate and
    the prediction interval when there is a pooled result. Numbers are rounded by the project's one rule."""
    order = display_order(rows, result, sort)
    weights = list(result.weights) if result is not None and len(result.weights) == len(rows) else None
    records = []
    for i in order:
        row = rows.iloc[i]
        m = str(row["measure"])
        derived = row["source"] == SOURCE_PERCENTAGES
        records.append(
            {
                "Study": str(row["label"]),
                "Year": row["year"],
                "Outcome": OUTCOME_NAMES.get(str(row["outcome"]), str(row["outcome"])),
                "Measured": str(row["outcome_detail"]),
                "N": row["n"],
                "Measure": MEASURE_NAMES.get(m, m),
                "Estimate": _rounded(row["effect"], m),
                "95% CI low": _rounded(row["ci_low"], m),
                "95% CI high": _rounded(row["ci_high"], m),
                "Weight (%)": _rounded(weights[i], decimals=1) if weights else None,
                "Programme arm": _arm_text(row["events_t"], row["n_t"], derived),
                "Control arm": _arm_text(row["events_c"], row["n_c"], derived),
                "Source of the effect": str(row["source"]),
                "Note": str(row["note"]),
                "results.csv rows": str(row["result_ids"]),
                "Log effect (yi)": _rounded(row["yi"], decimals=4),
                "Variance (vi)": _rounded(row["vi"], decimals=4),
            }
        )
    if result is not None:
        est, low, high = (_natural(v, measure) for v in (result.estimate, result.ci_low, result.ci_high))
        records.append(
            {
                "Study": f"Pooled estimate (k = {result.k})",
                "Measure": MEASURE_NAMES.get(measure, measure),
                "Estimate": _rounded(est, measure),
                "95% CI low": _rounded(low, measure),
                "95% CI high": _rounded(high, measure),
                "Weight (%)": 100.0,
                "Source of the effect": "pooled by this page (evidence/meta.py)",
                "Note": result.describe(),
                "Log effect (yi)": _rounded(result.estimate, decimals=4),
                "Variance (vi)": _rounded(result.se**2, decimals=4),
            }
        )
        if result.is_random_effects:
            records.append(
                {
                    "Study": "Prediction interval",
                    "Measure": MEASURE_NAMES.get(measure, measure),
                    "95% CI low": _rounded(_natural(result.pi_low, measure), measure),
                    "95% CI high": _rounded(_natural(result.pi_high, measure), measure),
                    "Source of the effect": "pooled by this page (evidence/meta.py)",
                    "Note": "Where the effect of a new, similar trial is expected to fall (95%).",
                }
            )
    columns = [
        "Study", "Year", "Outcome", "Measured", "N", "Measure", "Estimate", "95% CI low", "95% CI high", "Weight (%)",
        "Programme arm", "Control arm", "Source of the effect", "Note", "results.csv rows", "Log effect (yi)",
        "Variance (vi)",
    ]  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    frame["Year"] = pd.array(frame["Year"], dtype="Int64")
    frame["N"] = pd.array([None if is_missing(v) else round_half_up(float(v)) for v in frame["N"]], dtype="Int64")
    return frame


def leave_one_out_table(pairs: Sequence[tuple[str, meta.PoolResult]], measure: str) -> pd.DataFrame:
    """Leave-one-out results as a table: the study left out, then the pooled estimate without it."""
    return pd.DataFrame(
        [
            {
                "Left out": label,
                "Studies left": result.k,
                "Pooled estimate": _rounded(_natural(result.estimate, measure), measure),
                "95% CI low": _rounded(_natural(result.ci_low, measure), measure),
                "95% CI high": _rounded(_natural(result.ci_high, measure), measure),
                "I² (%)": _rounded(result.i2, decimals=1),
            }
            for label, result in pairs
        ],
        columns=["Left out", "Studies left", "Pooled estimate", "95% CI low", "95% CI high", "I² (%)"],
    )


# ----------------------------------------------------------------------------------------------------
# Reviews and within-group changes: listed, never pooled
# ----------------------------------------------------------------------------------------------------

REVIEW_MEASURES: tuple[str, ...] = ("rr", "or", "smd", "hedges_g", "percent_change")


def _k_from_group(group: str) -> int | None:
    """The number of studies a review pooled, when its group text prints it ('pooled (k=6)', '16 studies')."""
    match = re.search(r"\bk\s*=\s*(\d+)", group) or re.search(r"(\d+)\s+(?:studies|trials)\b", group)
    return int(match.group(1)) if match else None


def review_estimates(
    results: pd.DataFrame, studies: pd.DataFrame, outcomes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Pooled estimates printed by reviews (design in :data:`evidence.stats.pooling.REVIEW_DESIGNS`), as printed.

    Measures rr, or, smd, hedges_g and percent_change with a value; ``k`` is read from the group text when it
    prints it. Optionally only for some outcomes. Sorted by outcome (vocabulary order), year and result id.
    These are shown side by side and never pooled: a review's estimate already pools trials, and reviews
    share trials.
    """
    reviews = studies[studies["design"].isin(meta.REVIEW_DESIGNS)].set_index("key")
    chosen = results[
        results["study_key"].isin(reviews.index) & results["measure"].isin(REVIEW_MEASURES) & results["value"].notna()
    ]
    if outcomes is not None:
        chosen = chosen[chosen["outcome"].isin(list(outcomes))]
    order = {o: i for i, o in enumerate(OUTCOMES)}
    records = []
    for _, row in chosen.iterrows():
        review = reviews.loc[row["study_key"]]
        records.append(
            {
                "study_key": str(row["study_key"]),
                "label": str(review["label"]),
                "year": None if is_missing(review["year"]) else int(review["year"]),
                "design": str(review["design"]),
                "outcome": str(row["outcome"]),
                "outcome_detail": _text(row["outcome_detail"]),
                "comparison": _text(row["group"]),
                "measure": str(row["measure"]),
                "value": float(row["value"]),
                "ci_low": _number(row["ci_low"]),
                "ci_high": _number(row["ci_high"]),
                "k": _k_from_group(_text(row["group"])),
                "n": _number(row["n"]),
                "p": fmt_p(row["p_value"], row["p_text"]),
                "note": _text(row["note"]),
                "result_id": str(row["result_id"]),
                "_order": (order.get(str(row["outcome"]), 99), review["year"], str(row["result_id"])),
            }
        )
    columns = [
        "study_key", "label", "year", "design", "outcome", "outcome_detail", "comparison", "measure", "value",
        "ci_low", "ci_high", "k", "n", "p", "note", "result_id",
    ]  # fmt: skip
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(records).sort_values("_order", kind="stable")
    return frame[columns].reset_index(drop=True)


def _printed(value: object, measure: str) -> str:
    """A printed estimate by the project's rounding rule, with % for percent changes."""
    return f"{fmt(value, measure)}%" if measure == "percent_change" else fmt(value, measure)


def review_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """Reviews' printed estimates as readers see them (rounded by the project's rule)."""
    return pd.DataFrame(
        {
            "Review": estimates["label"],
            "Year": pd.array(estimates["year"], dtype="Int64"),
            "Outcome": [OUTCOME_NAMES.get(o, o) for o in estimates["outcome"]],
            "What was pooled": estimates["comparison"],
            "Measure": [MEASURE_NAMES.get(m, m) for m in estimates["measure"]],
            "Estimate": [_printed(v, m) for v, m in zip(estimates["value"], estimates["measure"], strict=True)],
            "95% CI": [
                f"{fmt(lo, m)} to {fmt(hi, m)}" if not (is_missing(lo) or is_missing(hi)) else "not printed"
                for lo, hi, m in zip(estimates["ci_low"], estimates["ci_high"], estimates["measure"], strict=True)
            ],
            "Studies (k)": pd.array(estimates["k"], dtype="Int64"),
            "p": estimates["p"],
            "Note": estimates["note"],
            "results.csv row": estimates["result_id"],
        }
    )


def _reads_as(value: float, lower_is_better: object) -> str:
    if value == 0:
        return "no change"
    better = (value < 0) == bool(lower_is_better)
    return "improvement" if better else "worsening"


def within_group_changes(results: pd.DataFrame, studies: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Percent changes printed by empirical studies for one outcome: within-group changes, not pooled.

    Each is a before-after change in one group (``comparison`` "within one group"), or, where the paper printed
    the difference between its groups in percent without an interval, "between groups (as printed)". Neither
    can be pooled with the trial effects: the first has no control group beside it, neither has a standard
    error. ``reads_as`` says whether the printed sign is an improvement, from the row's ``lower_is_better``
    flag (papers print economy as oxygen cost, lower is better, or as economy, higher is better).
    """
    by_key = _empirical(studies).set_index("key")
    chosen = results[
        (results["outcome"] == outcome)
        & (results["measure"] == "percent_change")
        & results["value"].notna()
        & results["study_key"].isin(by_key.index)
    ]
    records = []
    for _, row in chosen.iterrows():
        study = by_key.loc[row["study_key"]]
        group = _text(row["group"])
        records.append(
            {
                "study_key": str(row["study_key"]),
                "label": str(study["label"]),
                "year": None if is_missing(study["year"]) else int(study["year"]),
                "design": str(study["design"]),
                "group": group,
                "comparison": "between groups (as printed)" if _COMPARISON.search(group) else "within one group",
                "n": _number(row["n"]),
                "value": float(row["value"]),
                "reads_as": _reads_as(float(row["value"]), row["lower_is_better"]),
                "p": fmt_p(row["p_value"], row["p_text"]),
                "detail": _text(row["outcome_detail"]),
                "note": _text(row["note"]),
                "verified": bool(row["verified"]),
                "result_id": str(row["result_id"]),
            }
        )
    columns = [
        "study_key", "label", "year", "design", "group", "comparison", "n", "value", "reads_as", "p", "detail",
        "note", "verified", "result_id",
    ]  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    return frame.sort_values(["year", "label", "result_id"], kind="stable").reset_index(drop=True)


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Within-group changes as readers see them."""
    return pd.DataFrame(
        {
            "Study": changes["label"],
            "Year": pd.array(changes["year"], dtype="Int64"),
            "Group": changes["group"],
            "Compared": changes["comparison"],
            "N": pd.array([None if is_missing(v) else round_half_up(v) for v in changes["n"]], dtype="Int64"),
            "Change (%)": [_rounded(v, "percent_change") for v in changes["value"]],
            "Reads as": changes["reads_as"],
            "p": changes["p"],
            "Measured": changes["detail"],
            "Read in the source": ["yes" if v else "no, second-hand" for v in changes["verified"]],
            "Note": changes["note"],
            "results.csv row": changes["result_id"],
        }
    )


# ----------------------------------------------------------------------------------------------------
# What it means: runners per 100
# ----------------------------------------------------------------------------------------------------


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


def _nnt(arr_per_100: float) -> float:
    """100/ARR, rounded up to a whole runner in magnitude (the convention for numbers needed to treat)."""
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
    """
    if not 0 < baseline_per_100 < 100:
        raise ValueError("The risk without the programme must be between 0 and 100 runners in 100.")
    if not 0 < rr_low <= rr <= rr_high:
        raise ValueError("The ratio must lie inside its interval, and all must be above 0.")
    with_p = risk_with(baseline_per_100, rr, measure)
    with_low = risk_with(baseline_per_100, rr_low, measure)
    with_high = risk_with(baseline_per_100, rr_high, measure)
    arr, arr_low, arr_high = baseline_per_100 - with_p, baseline_per_100 - with_high, baseline_per_100 - with_low
    significant = rr_high < 1 or rr_low > 1
    if arr_low > 0:  # benefit throughout: NNT from 100/arr_high (fewest runners) to 100/arr_low
        nnt_low, nnt_high = _nnt(arr_high), _nnt(arr_low)
    elif arr_high < 0:  # harm throughout: NNH from 100/|arr_low| to 100/|arr_high|
        nnt_low, nnt_high = _nnt(arr_low), _nnt(arr_high)
    else:  # crosses no effect: benefit from 100/arr_high to infinity, harm from 100/|arr_low| to infinity
        nnt_low = _nnt(arr_high) if arr_high > 0 else math.inf
        nnt_high = _nnt(arr_low) if arr_low < 0 else math.inf
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
        nnt=_nnt(arr),
        nnt_low=nnt_low,
        nnt_high=nnt_high,
        significant=significant,
    )


def _per_100(value: float) -> str:
    return fmt(value, decimals=1)


def _fewer_more(arr_per_100: float) -> str:
    if round(arr_per_100, 9) == 0:
        return "no difference"
    return f"{_per_100(abs(arr_per_100))} {'fewer' if arr_per_100 > 0 else 'more'}"


def _runners(value: float) -> str:
    return "∞" if math.isinf(value) else f"{fmt(abs(value), decimals=0)}"


def absolute_sentences(effect: AbsoluteEffect, event: str = "a running injury") -> list[str]:
    """The absolute numbers in runner words: risk without and with, the difference, the number needed to treat."""
    sentences = [
        f"Without the programme: about {_per_100(effect.baseline)} in every 100 runners get {event} "
        "(the risk set on the slider).",
        f"With the programme: about {_per_100(effect.with_programme)} in every 100 "
        f"(95% CI {_per_100(effect.with_low)} to {_per_100(effect.with_high)}).",
        f"Difference: {_fewer_more(effect.arr)} runners with {event} per 100 "
        f"(95% CI {_fewer_more(effect.arr_high)} to {_fewer_more(effect.arr_low)}).",
    ]
    if effect.significant and effect.nnt > 0:
        sentences.append(
            f"Number needed to treat: about {_runners(effect.nnt)} runners would need to do the programme for one of "
            f"them to avoid {event} (95% CI {_runners(effect.nnt_low)} to {_runners(effect.nnt_high)})."
        )
    elif effect.significant:
        sentences.append(
            f"Number needed to harm: for about every {_runners(effect.nnt)} runners doing the programme, one more "
            f"would get {event} (95% CI {_runners(effect.nnt_low)} to {_runners(effect.nnt_high)})."
        )
    else:
        benefit = (
            f"from {_runners(effect.nnt_low)} runners doing the programme for one to avoid {event}"
            if math.isfinite(effect.nnt_low)
            else "from no benefit"
        )
        harm = (
            f"to {_runners(effect.nnt_high)} runners for one extra runner with {event}"
            if math.isfinite(effect.nnt_high)
            else "to no harm"
        )
        if math.isinf(effect.nnt):
            point = "On the point estimate, the programme changes nothing."
        else:
            more_or_fewer = "fewer" if effect.nnt > 0 else "more"
            point = (
                f"On the point estimate: one {more_or_fewer} runner with {event} for every "
                f"{_runners(effect.nnt)} runners doing the programme."
            )
        sentences.append(
            "Number needed to treat: not significant. The ratio's 95% CI includes 1 (no difference), so the "
            f"interval is split: {benefit}, through infinity (no effect), {harm}. {point}"
        )
    return sentences


def default_baseline(rows: pd.DataFrame) -> tuple[float, str] | None:
    """The slider's starting risk: the control arm's risk of the largest trial in the view that records one,
    rounded to one decimal, with a sentence naming its source row. None when no trial records one."""
    known = rows[rows["control_risk"].notna()] if "control_risk" in rows else rows.iloc[0:0]
    if known.empty:
        return None
    sizes = [float(n) if not is_missing(n) else 0.0 for n in known["n"]]
    row = known.iloc[max(range(len(known)), key=lambda i: sizes[i])]
    value = float(fmt(row["control_risk"], decimals=1))
    return (
        value,
        f"The slider starts at {fmt(value, decimals=1)} in 100: the control group of {row['label']} "
        f"(results.csv row {row['control_result']}), the largest trial of this outcome that records it. "
        "Set it to the risk of the runners you coach.",
    )


def event_words(outcome: str) -> str:
    """What the event is, in runner words ('a running injury', 'knee pain (patellofemoral pain)')."""
    return EVENT_WORDS.get(outcome, OUTCOME_NAMES.get(outcome, outcome))


def single_or_pooled_ratio(view: ForestView) -> tuple[float, float, float, str] | None:
    """(ratio, low, high, measure) for the "what it means" section: the pooled ratio, or the single trial's
    when only one is shown; None for mixed measures, several unpooled trials or additive measures."""
    if view.measure not in RATIO_MEASURES:
        return None
    if view.result is not None:
        r = view.result
        return math.exp(r.estimate), math.exp(r.ci_low), math.exp(r.ci_high), view.measure
    if len(view.rows) == 1:
        row = view.rows.iloc[0]
        return float(row["effect"]), float(row["ci_low"]), float(row["ci_high"]), view.measure
    return None


def measure_label(measure: str, count: int) -> str:
    """An option of the measure chooser: 'Risk ratio (4 trials)'."""
    return f"{measure_title(measure)} ({count} trial{'s' if count != 1 else ''})"


def outcome_label(choice: str, effects_count: Mapping[str, int]) -> str:
    """An option of the outcome chooser: 'All injury outcomes (4 trials)'."""
    count = effects_count.get(choice, 0)
    return f"{outcome_title(choice)} ({count} trial{'s' if count != 1 else ''})"


def trial_counts(results: pd.DataFrame, studies: pd.DataFrame, choices: Iterable[str]) -> dict[str, int]:
    """Number of studies with any between-group effect, per outcome choice."""
    return {c: len({s.name for s, _, _, _ in _study_candidates(results, studies, c)}) for c in choices}


# ----------------------------------------------------------------------------------------------------
# Words for the page
# ----------------------------------------------------------------------------------------------------

#: Pooling methods offered on the page, REML first (the default, as in metafor), with their names.
METHOD_LABELS: dict[str, str] = {
    "REML": "Random effects, REML",
    "DL": "Random effects, DerSimonian-Laird",
    "PM": "Random effects, Paule-Mandel",
    "FE": "Fixed effect (inverse variance)",
}
#: Short names of the pooling methods, for the chart's subtitle.
METHOD_NAMES: dict[str, str] = {"REML": "REML", "DL": "DerSimonian-Laird", "PM": "Paule-Mandel", "FE": "fixed effect"}
#: Interval methods offered on the page.
INTERVAL_LABELS: dict[str, str] = {"z": "Wald (z)", "hksj": "Hartung-Knapp (t)"}

_EVENT_PLURALS: dict[str, str] = {
    ALL_INJURIES: "injuries",
    "injury_overall": "injuries",
    "injury_overuse": "overuse injuries",
    "injury_acute": "acute injuries",
    "hamstring_injury": "hamstring injuries",
    "shin_pain": "cases of shin pain",
    "patellofemoral_pain": "cases of knee pain",
    "iliotibial_band_syndrome": "cases of iliotibial band syndrome",
}

HOW_TO_READ = (
    "- Each **square** is one trial's estimate and each **line** its 95% confidence interval: the range of "
    "effects the trial is compatible with. A longer line means a less certain trial.\n"
    "- The **grey vertical line** is no difference. A ratio below 1 means fewer runners with the outcome in the "
    "programme group; a line that crosses 1 means the trial cannot tell the programme from control.\n"
    "- When the trials may be pooled, the **diamond** is their combined estimate (its width is the 95% CI) and "
    "the **thin bar** below it the prediction interval: where the effect of a new, similar trial would be "
    "expected to fall. Bigger squares weigh more in the diamond.\n"
    "- **I²** is the share of the spread between trials beyond chance; **tau²** the variance of the true "
    "effects between trials. With 2 or 3 trials both are very uncertain.\n"
    "- Pooling is refused, with the reason, when trials measured different outcomes or used different measures, "
    "or when fewer than 2 trials remain. The trials are still drawn.\n"
    "- Effects marked as derived were computed from printed percentages and group sizes; the papers did not "
    "print the counts."
)


def event_plural(outcome: str) -> str:
    """What is counted, in the plural, for the axis title ('injuries', 'cases of knee pain')."""
    return _EVENT_PLURALS.get(outcome, "events")


def figure_title(outcome: str, view: ForestView) -> tuple[str, str]:
    """('Injuries', 'Programme vs control · 2 trials · risk ratio · pooled, random effects, REML')."""
    k = len(view.rows)
    parts = [f"Programme vs control · {k} trial{'s' if k != 1 else ''}"]
    parts.append(MEASURE_NAMES.get(view.measure, "each trial's own ratio"))
    if view.result is not None:
        r = view.result
        parts.append(
            "pooled, fixed effect" if r.method == "FE" else f"pooled, random effects ({METHOD_NAMES[r.method]})"
        )
    else:
        parts.append("not pooled")
    return outcome_title(outcome), " · ".join(parts[:-1]) + "<br>" + parts[-1]


def chart_caption(view: ForestView) -> str:
    """The key to the chart's symbols, naming only what the chart shows, and the trials left out."""
    parts = ["Squares: each trial's estimate; lines: its 95% CI."]
    if view.result is not None:
        parts.append("Square size: the trial's weight in the pooled estimate. Diamond: the pooled estimate and its CI.")
        if view.result.is_random_effects:
            parts.append("Thin bar: the 95% prediction interval.")
    if (view.rows["source"] == SOURCE_PERCENTAGES).any():
        parts.append(
            "Open squares: effects computed from printed percentages and group sizes (rounded counts, not printed "
            "in the source)."
        )
    if view.left_out:
        parts.append(f"Left out: {len(view.left_out)} trial{'s' if len(view.left_out) != 1 else ''}.")
    return " ".join(parts)


def conversion_note(measure: str) -> str:
    """How the ratio becomes runners per 100, in a sentence."""
    how = {
        "rr": "risk with the programme = risk without it x the risk ratio",
        "or": "the odds ratio is applied to the odds of the risk without the programme",
        "hr": "risk with the programme = 1 - (1 - risk without it) ^ hazard ratio, assuming the hazard ratio holds "
        "over the whole follow-up",
    }[measure]
    return (
        f"How: {how}; the 95% intervals carry over from the ratio's interval. The number needed to treat is 100 "
        "divided by the difference per 100, rounded up to a whole runner."
    )


def slider_label(outcome: str) -> str:
    """The baseline slider's label: 'Injuries per 100 runners without the programme'."""
    return f"{event_plural(outcome)[:1].upper()}{event_plural(outcome)[1:]} per 100 runners without the programme"


#: Columns of :func:`forest_table` and :func:`leave_one_out_table` that hold ratios (shown with two decimals).
RATIO_COLUMNS: tuple[str, ...] = ("Estimate", "95% CI low", "95% CI high", "Pooled estimate")
