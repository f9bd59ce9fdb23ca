"""Forest plots in words and tables: what the page's choosers are called, the view of one choice (the trials drawn
and their pooled result, or why there is none), the lines beside the chart, the chart's table twin, what reviews
printed and within-group changes (listed, never pooled), and what the estimate means for 100 runners.

Pure functions, no Streamlit: ``pages/forest.py`` and :mod:`evidence.ui.forest` lay out what these return. The
effects themselves come from :mod:`evidence.stats.effects`, the absolute numbers from :mod:`evidence.stats.absolute`
and the figure from :mod:`evidence.views.forest`. Numbers are rounded by the project's one rule
(:func:`evidence.views.summaries.fmt`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from evidence.data.vocabulary import OUTCOME_NAMES, RATIO_MEASURES
from evidence.stats import differences, effects, pooling
from evidence.stats.absolute import AbsoluteEffect
from evidence.stats.effects import (
    ALL_INJURIES,
    AS_REPORTED,
    BETWEEN,
    SOURCE_COUNTS,
    SOURCE_PERCENTAGES,
    empirical,
    group_role,
    programme_vs_control,
    reads_as,
    round_half_up,
)
from evidence.views.forest import display_order, pooled_name, ratio_scale
from evidence.views.summaries import MEASURE_NAMES, MINUS, fmt, fmt_p, is_missing, number_or_none, text_or_empty
from evidence.views.text import capitalise, in_sentence

# ----------------------------------------------------------------------------------------------------
# The page's words
# ----------------------------------------------------------------------------------------------------

INTRO = (
    "Each row is one trial: the effect of **the programme compared with the control group**, with its 95% "
    "confidence interval: for injuries, how often they happened (a ratio); for running economy and time trials, "
    "how far the programme group moved beyond the control group in standard deviations (Hedges' g). Trials are "
    "pooled only when they measured the same outcome with the same measure; reviews are listed beside them, never "
    "pooled with them."
)
DIFFERENCE_HEADER = "How these effects were read"
DIFFERENCE_MEANING = (
    "Below 0, the programme lowered oxygen cost or race time more than running alone did: an improvement. As a "
    "rough guide, a g of 0.2 is small, 0.5 moderate and 0.8 large. Each trial gives one effect: a between-group g "
    "printed with its confidence interval when a source prints one; otherwise one **derived** here from the "
    "within-group g a review printed for each arm: g(programme) minus g(control), its variance the sum of the "
    "two arms' variances, each read back from its printed 95% confidence interval (the difference in standardised "
    "mean changes: Becker 1988, Morris 2008). A trial that reports several speeds gives its first listed one."
)
#: Shown instead of the chart when no trial records a between-group effect.
NO_TRIALS = (
    "No trial in this dataset records a between-group effect that can be drawn: a ratio printed with its "
    "95% CI, or event counts or percentages with group sizes for both the programme and the control group."
)
ALL_LEFT_OUT = "Every trial is left out. Remove a trial from 'Leave out' to draw it."
NOT_POOLED = "The trials are drawn without a pooled estimate."
NO_ABSOLUTE = (
    "Choose one injury outcome with a single measure, and either a pooled estimate or a single trial, to see the "
    "numbers per 100 runners."
)
REVIEWS_HEADER = "Reviews: printed estimates, never pooled"
REVIEWS_INTRO = (
    "A review's estimate already pools many trials, sometimes the ones above, and reviews share trials with each "
    "other. Adding a review to trials, or to another review, would count the same runners twice, so their "
    "estimates are listed side by side, as printed."
)
NO_REVIEWS = "No review in the dataset printed a pooled estimate for this outcome."
CHANGES_HEADER = "Within-group changes (not pooled)"
CHANGES_INTRO = (
    "Running economy: the change printed for one group from before to after training. Without the control "
    "group's change beside it, and without a standard error, such a number shows what happened in that group, "
    "not what the training caused, so it is listed, not pooled."
)
NO_CHANGES = "No study in the dataset printed a change in running economy in percent."
CHANGES_SIGNS = (
    "Signs are as printed: some papers print economy as oxygen cost (lower is better), others as economy "
    "(higher is better). 'Reads as' follows each row's own direction."
)
ECONOMY_REVIEWS = "What reviews printed for running economy (listed, not pooled):"
MEASURE_HELP = "Risk, odds and hazard ratios are different scales: a view shows one of them, or each trial's own."
METHOD_HELP = "Random effects let the true effect differ between trials; fixed effect assumes one true effect."
INTERVAL_HELP = "Hartung-Knapp widens the interval to allow for the uncertainty in the between-trial variance."

#: Pooling methods offered on the page, REML first (the default, as in metafor), named from
#: :data:`evidence.stats.pooling.METHOD_NAMES`.
METHOD_LABELS: dict[str, str] = {
    method: "Fixed effect (inverse variance)" if method == "FE" else f"Random effects, {pooling.METHOD_NAMES[method]}"
    for method in ("REML", "DL", "PM", "FE")
}
#: Interval methods offered on the page.
INTERVAL_LABELS: dict[str, str] = {"z": "Wald (z)", "hksj": "Hartung-Knapp (t)"}
#: Columns of :func:`forest_table` and :func:`leave_one_out_table` that hold ratios (shown with two decimals).
RATIO_COLUMNS: tuple[str, ...] = ("Estimate", "95% CI low", "95% CI high", "Pooled estimate")
#: Where the pooled rows of the table twin come from.
POOLED_HERE = "pooled by this page (evidence/stats/pooling.py)"

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

_EVENT_PLURALS: dict[str, str] = {
    ALL_INJURIES: "injuries",
    effects.RUNNER_INJURIES: "injuries",
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
        name = pooling.METHOD_NAMES[r.method]
        parts.append(f"pooled, random effects ({name})" if r.is_random_effects else f"pooled, {name}")
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


def chart_alt_text(outcome: str, view: ForestView) -> str:
    """A short text alternative of the forest plot: what it shows and its main number (the pooled estimate, or
    the range of the trials' estimates when they are not pooled)."""
    k = len(view.rows)
    trials = f"{k} trials, each with its 95% CI" if k != 1 else "1 trial with its 95% CI"
    shows = f"Forest plot, {in_sentence(outcome_title(outcome))}: {trials}"
    if view.result is not None:
        _, value = summary_lines(view.result, view.measure)[0]
        return f"{shows}; pooled, {MEASURE_NAMES.get(view.measure, 'ratio')} {value}."
    values = [v for v in (number_or_none(v) for v in view.rows["effect"]) if v is not None]
    if not values:
        return f"{shows}; not pooled."
    measure = view.measure if view.measure in MEASURE_NAMES else "rr"  # each trial's own ratio
    if len(values) == 1:
        return f"{shows}; its estimate is {fmt(values[0], measure)}."
    return f"{shows}; not pooled, the estimates run from {fmt(min(values), measure)} to {fmt(max(values), measure)}."


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
    return f"{capitalise(event_plural(outcome))} per 100 runners without the programme"


def outcome_title(choice: str) -> str:
    """'All injury outcomes' or the outcome's name, capitalised."""
    if choice == ALL_INJURIES:
        return "All injury outcomes"
    if choice == effects.RUNNER_INJURIES:
        return "Injuries in runners only"
    name = OUTCOME_NAMES.get(choice, choice)
    return capitalise(name)


def measure_title(measure: str) -> str:
    """'Risk ratio', 'Odds ratio', 'Hazard ratio', or 'As each trial reported it (mixed, not pooled)'."""
    if measure == AS_REPORTED:
        return "As each trial reported it (mixed measures, not pooled)"
    name = MEASURE_NAMES.get(measure, measure)
    return capitalise(name)


def measure_label(measure: str, count: int) -> str:
    """An option of the measure chooser: 'Risk ratio (4 trials)'."""
    return f"{measure_title(measure)} ({count} trial{'s' if count != 1 else ''})"


def outcome_label(choice: str, effects_count: Mapping[str, int]) -> str:
    """An option of the outcome chooser: 'All injury outcomes (4 trials)'."""
    count = effects_count.get(choice, 0)
    return f"{outcome_title(choice)} ({count} trial{'s' if count != 1 else ''})"


# ----------------------------------------------------------------------------------------------------
# Pooling a view
# ----------------------------------------------------------------------------------------------------


def _outcome_name(outcome: str, detail: object) -> str:
    """The outcome's name; for "other", its detail too, so that different "other" outcomes are never pooled."""
    name = OUTCOME_NAMES.get(outcome, outcome)
    return f"{name}: {detail}" if outcome == "other" and not is_missing(detail) else name


def pool_rows(rows: pd.DataFrame, method: str = "REML", ci: str = "z") -> pooling.PoolResult:
    """Pool trial effects (rows of :func:`evidence.stats.effects.trial_effects`) on the log scale, after
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
    pooling.check_poolable(named)
    return pooling.pool([float(y) for y in rows["yi"]], [float(v) for v in rows["vi"]], method=method, ci=ci)


@dataclass(frozen=True)
class ForestView:
    """What one forest plot shows: the trials drawn, the pooled result or why there is none."""

    rows: pd.DataFrame  # trial effects drawn, in pooling order (the order of result.weights)
    result: pooling.PoolResult | None
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
    except pooling.PoolingError as error:
        return ForestView(rows, None, str(error), measure, left_out)
    return ForestView(rows, result, None, measure, left_out)


def leave_one_out(rows: pd.DataFrame, method: str = "REML", ci: str = "z") -> list[tuple[str, pooling.PoolResult]]:
    """The pooled estimate with each study left out in turn: ``[(label of the study left out, result)]``.

    Raises :class:`evidence.stats.pooling.PoolingError` when fewer than 3 studies are given (leaving one out of 2
    leaves nothing to pool) or the rest cannot be pooled.
    """
    if len(rows) < 3:
        raise pooling.PoolingError(
            f"Leaving one study out needs at least 3 studies; with {len(rows)}, one study would be left alone."
        )
    out = []
    for i in range(len(rows)):
        rest = rows.drop(index=rows.index[i])
        out.append((str(rows["label"].iloc[i]), pool_rows(rest, method, ci)))
    return out


def _pooled(result: pooling.PoolResult, measure: str) -> pd.Series:
    """The pooled result's one row (:meth:`evidence.stats.pooling.PoolResult.to_frame`) on the measure's scale."""
    return result.to_frame(exponentiate=ratio_scale(measure)).iloc[0]


def summary_lines(result: pooling.PoolResult, measure: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the panel beside the chart: estimate, intervals, heterogeneity, method."""
    r = _pooled(result, measure)
    pct = f"{100 * r['level']:g}%"
    if r["random_effects"]:
        prediction = f"{fmt(r['pi_low'], measure)} to {fmt(r['pi_high'], measure)}"
        if r["k"] < 3:
            prediction += " (very uncertain with fewer than 3 studies)"
    else:
        prediction = "not given by the fixed-effect model, which assumes one true effect for all trials"
    return [
        (
            pooled_name(measure),
            f"{fmt(r['estimate'], measure)} ({pct} CI {fmt(r['ci_low'], measure)} to {fmt(r['ci_high'], measure)})",
        ),
        (f"{pct} prediction interval", prediction),
        ("Studies", f"k = {r['k']}"),
        ("Between-study variance", f"tau² = {fmt(r['tau2'], decimals=3)}"),
        ("Inconsistency", f"I² = {fmt(r['i2'], decimals=1)}%"),
        (
            "Heterogeneity test",
            f"Q = {fmt(r['q'])} on {r['df']} degree{'s' if r['df'] != 1 else ''} of freedom, {fmt_p(r['q_p'], None)}",
        ),
        ("Model", str(r["model"])),
    ]


def _rounded(value: object, measure: str = "", decimals: int | None = None) -> float | None:
    """A number rounded by the project's rule (summaries.fmt), kept as a number so tables sort."""
    text = fmt(value, measure, decimals)
    return float(text.replace(MINUS, "-")) if text else None


def _arm_text(events: object, n: object, percent_source: bool) -> str:
    if is_missing(events) or is_missing(n):
        return ""
    text = f"{fmt(events)} of {fmt(n)}"
    return f"{text} (derived)" if percent_source else text


def effect_note(row: Mapping[str, object]) -> str:
    """What a trial's effect was computed from, in words: the arms' counts ('10 of 759 (training) vs 36 of 743
    (control)'), the percentages they were derived from, or the printed row's note."""
    if row["source"] not in (SOURCE_COUNTS, SOURCE_PERCENTAGES):
        return text_or_empty(row["note"])

    def arm(a: str) -> str:  # '10 of 759 (training)' or '37.5% of 1196 = 449 (training)'
        n, events, group = fmt(row[f"n_{a}"]), fmt(row[f"events_{a}"]), row[f"group_{a}"]
        if row["source"] == SOURCE_COUNTS:
            return f"{events} of {n} ({group})"
        return f"{fmt(row[f'percent_{a}'], decimals=1)}% of {n} = {events} ({group})"

    arms = f"{arm('t')} vs {arm('c')}"
    return arms if row["source"] == SOURCE_COUNTS else f"{arms}: {row['note']}"


def forest_table(
    rows: pd.DataFrame, result: pooling.PoolResult | None, measure: str, sort: str = "year"
) -> pd.DataFrame:
    """The table twin of :func:`evidence.views.forest.forest_figure`: the same studies in the same order, then the
    pooled estimate and the prediction interval when there is a pooled result. Numbers are rounded by the
    project's one rule."""
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
                "Note": effect_note(row),
                "results.csv rows": str(row["result_ids"]),
                "Log effect (yi)": _rounded(row["yi"], decimals=4),
                "Variance (vi)": _rounded(row["vi"], decimals=4),
            }
        )
    if result is not None:
        r = _pooled(result, measure)
        records.append(
            {
                "Study": f"Pooled estimate (k = {r['k']})",
                "Measure": MEASURE_NAMES.get(measure, measure),
                "Estimate": _rounded(r["estimate"], measure),
                "95% CI low": _rounded(r["ci_low"], measure),
                "95% CI high": _rounded(r["ci_high"], measure),
                "Weight (%)": 100.0,
                "Source of the effect": POOLED_HERE,
                "Note": str(r["model"]),
                "Log effect (yi)": _rounded(r["yi"], decimals=4),
                "Variance (vi)": _rounded(r["vi"], decimals=4),
            }
        )
        if r["random_effects"]:
            records.append(
                {
                    "Study": "Prediction interval",
                    "Measure": MEASURE_NAMES.get(measure, measure),
                    "95% CI low": _rounded(r["pi_low"], measure),
                    "95% CI high": _rounded(r["pi_high"], measure),
                    "Source of the effect": POOLED_HERE,
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


def leave_one_out_table(pairs: Sequence[tuple[str, pooling.PoolResult]], measure: str) -> pd.DataFrame:
    """Leave-one-out results as a table: the study left out, then the pooled estimate without it."""
    return pd.DataFrame(
        [
            {
                "Left out": label,
                "Studies left": r["k"],
                "Pooled estimate": _rounded(r["estimate"], measure),
                "95% CI low": _rounded(r["ci_low"], measure),
                "95% CI high": _rounded(r["ci_high"], measure),
                "I² (%)": _rounded(r["i2"], decimals=1),
            }
            for label, r in ((label, _pooled(result, measure)) for label, result in pairs)
        ],
        columns=["Left out", "Studies left", "Pooled estimate", "95% CI low", "95% CI high", "I² (%)"],
    )


# ----------------------------------------------------------------------------------------------------
# Reviews and within-group changes: listed, never pooled
# ----------------------------------------------------------------------------------------------------


def within_group_changes(results: pd.DataFrame, studies: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Percent changes printed by empirical studies for one outcome: within-group changes, not pooled.

    Each is a before-after change in one group (``comparison`` "within one group"), or, where the paper printed
    the difference between its groups in percent without an interval, "between groups (as printed)". Neither
    can be pooled with the trial effects: the first has no control group beside it, neither has a standard
    error. ``reads_as`` says whether the printed sign is an improvement, from the row's ``lower_is_better``
    flag (papers print economy as oxygen cost, lower is better, or as economy, higher is better), by the rule
    the briefs use for a benefit (:func:`evidence.stats.effects.reads_as`).
    """
    by_key = empirical(studies).set_index("key")
    chosen = results[
        (results["outcome"] == outcome)
        & (results["measure"] == "percent_change")
        & results["value"].notna()
        & results["study_key"].isin(by_key.index)
    ]
    keys = list(dict.fromkeys(chosen["study_key"]))
    studies_by_key = by_key.loc[keys, ["label", "year", "design"]].to_dict(orient="index") if keys else {}
    records = []
    for row in chosen.to_dict(orient="records"):  # plain dicts: a row lookup per result took most of the time
        study = studies_by_key[row["study_key"]]
        group = text_or_empty(row["group"])
        records.append(
            {
                "study_key": str(row["study_key"]),
                "label": str(study["label"]),
                "year": None if is_missing(study["year"]) else int(study["year"]),
                "design": str(study["design"]),
                "group": group,
                "comparison": "between groups (as printed)" if group_role(group) == BETWEEN else "within one group",
                "n": number_or_none(row["n"]),
                "value": float(row["value"]),
                "reads_as": reads_as(
                    programme_vs_control(row["value"], "percent_change", group), row["lower_is_better"]
                ),
                "p": fmt_p(row["p_value"], row["p_text"]),
                "detail": text_or_empty(row["outcome_detail"]),
                "note": text_or_empty(row["note"]),
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
        r = _pooled(view.result, view.measure)
        return float(r["estimate"]), float(r["ci_low"]), float(r["ci_high"]), view.measure
    if len(view.rows) == 1:
        row = view.rows.iloc[0]
        return float(row["effect"]), float(row["ci_low"]), float(row["ci_high"]), view.measure
    return None


def difference_sources(effects_frame: pd.DataFrame) -> str:
    """How many drawn effects were printed and how many derived, in one sentence."""
    derived = int(effects_frame["source"].eq(differences.SOURCE_DERIVED_ARMS).sum())
    printed = len(effects_frame) - derived
    return (
        f"Of the {len(effects_frame)} trials drawn, {printed} have a between-group g printed by a source and "
        f"{derived} have one derived here from their arms (each row's note says which)."
    )


def trials_without_numbers(studies: pd.DataFrame, outcome: str, effects_frame: pd.DataFrame) -> list[str]:
    """Labels of the trials in the dataset that measured the outcome but have no effect that can be drawn
    (no between-group g, and no pair of arms with a within-group g and its CI)."""
    trials = effects.empirical(studies)
    trials = trials[trials["design"].isin(("rct", "controlled_trial", "crossover_trial"))]
    measured = trials[trials["outcome_list"].map(lambda items: outcome in items)]
    drawn = set(effects_frame["study_key"])
    return [str(label) for key, label in zip(measured["key"], measured["label"], strict=True) if key not in drawn]


def shortfall_sentence(missing: list[str], outcome: str) -> str:
    """Which known trials are not drawn, and why (empty when every trial is)."""
    if not missing:
        return ""
    name = OUTCOME_NAMES.get(outcome, outcome)
    return (
        f"{len(missing)} trials in the dataset measured {name} but are not drawn: no source we could read prints "
        f"a between-group effect for them, or each arm's change with its confidence interval ({', '.join(missing)}). "
        "Their abstracts' findings are on the Studies page."
    )
