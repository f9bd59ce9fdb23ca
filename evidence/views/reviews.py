"""What the reviews say: every review's printed pooled estimate, per question, side by side and never pooled.

A review's estimate already pools trials, and reviews on one question include many of the same trials, so their
estimates are not independent: they are drawn one under another (newest first), each on the axis of its own
measure (standardised differences, percent changes, ratios on a log scale), never combined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from evidence.data.vocabulary import OUTCOME_NAMES, OUTCOMES, REVIEW_DESIGNS
from evidence.stats.effects import INJURY_OUTCOMES, SUBGROUP, group_role, is_runner_population
from evidence.views.style import FIGURE_BACKGROUND, FIGURE_FONT, OKABE_ITO, inked
from evidence.views.summaries import MEASURE_NAMES, fmt, fmt_p, is_missing, number_or_none, text_or_empty

REVIEW_MEASURES: tuple[str, ...] = ("rr", "or", "smd", "hedges_g", "percent_change")


def _k_from_group(group: str) -> int | None:
    """The number of studies a review pooled, when its group text prints it ('pooled (k=6)', '16 studies')."""
    match = re.search(r"\bk\s*=\s*(\d+)", group) or re.search(r"(\d+)\s+(?:studies|trials)\b", group)
    return int(match.group(1)) if match else None


def review_estimates(
    results: pd.DataFrame, studies: pd.DataFrame, outcomes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Pooled estimates printed by reviews (design in ``schema.REVIEW_DESIGNS``), as printed.

    Measures rr, or, smd, hedges_g and percent_change with a value; ``k`` is read from the group text when it
    prints it. Optionally only for some outcomes. Sorted by outcome (vocabulary order), year and result id.
    These are shown side by side and never pooled: a review's estimate already pools trials, and reviews
    share trials.
    """
    reviews = studies[studies["design"].isin(REVIEW_DESIGNS)].set_index("key")
    chosen = results[
        results["study_key"].isin(reviews.index) & results["measure"].isin(REVIEW_MEASURES) & results["value"].notna()
    ]
    if outcomes is not None:
        chosen = chosen[chosen["outcome"].isin(list(outcomes))]
    order = {o: i for i, o in enumerate(OUTCOMES)}
    records = []
    # plain dicts, not iterrows and .loc: a row at a time through pandas took 3 s at 10,000 works
    by_key = reviews[["label", "year", "design"]].to_dict("index")
    for row in chosen.to_dict("records"):
        review = by_key[row["study_key"]]
        records.append(
            {
                "study_key": str(row["study_key"]),
                "label": str(review["label"]),
                "year": None if is_missing(review["year"]) else int(review["year"]),
                "design": str(review["design"]),
                "outcome": str(row["outcome"]),
                "outcome_detail": text_or_empty(row["outcome_detail"]),
                "comparison": text_or_empty(row["group"]),
                "measure": str(row["measure"]),
                "value": float(row["value"]),
                "ci_low": number_or_none(row["ci_low"]),
                "ci_high": number_or_none(row["ci_high"]),
                "k": _k_from_group(text_or_empty(row["group"])),
                "n": number_or_none(row["n"]),
                "p": fmt_p(row["p_value"], row["p_text"]),
                "note": text_or_empty(row["note"]),
                "result_id": str(row["result_id"]),
                "printed": not is_missing(row.get("printed_in")),  # a trial's number the review printed
                "lower_is_better": bool(row["lower_is_better"]),
                "flag": text_or_empty(row.get("flag")),
                "_order": (order.get(str(row["outcome"]), 99), review["year"], str(row["result_id"])),
            }
        )
    columns = [
        "study_key", "label", "year", "design", "outcome", "outcome_detail", "comparison", "measure", "value",
        "ci_low", "ci_high", "k", "n", "p", "note", "result_id", "printed", "lower_is_better", "flag",
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


# --- Per question --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    title: str  # the question as a runner asks it
    outcomes: tuple[str, ...]
    runners_only: bool | None = None  # True: reviews of runners only; False: reviews of other sports; None: any
    population: str = ""  # a pattern the review's population must match (e.g. older adults)
    lower_is_better: bool = True  # on the chart, a benefit points left (True) or right (False)
    interventions_only: bool = False  # leave out reviews of associations (no intervention studied)


QUESTIONS: tuple[Question, ...] = (
    Question("economy", "Does lifting make running cheaper?", ("running_economy",)),
    Question("performance", "Does lifting make runners faster?", ("time_trial",)),
    Question(
        "injuries_sports", "Does strength work prevent injuries in sport?", INJURY_OUTCOMES, runners_only=False,
        interventions_only=True,
    ),
    Question(
        "injuries_runners", "Does it prevent injuries in runners?", INJURY_OUTCOMES, runners_only=True,
        interventions_only=True,
    ),
    Question(
        "age", "Does lifting keep strength with age?", ("max_strength", "age_strength_loss", "muscle_size"),
        population=r"\b(?:older|old|elderly|aged (?:50|60|65|75)|master)", lower_is_better=False,
    ),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)
OVERLAP = (
    "Reviews on one question include many of the same trials, so their estimates are not independent: they are "
    "shown one under another, newest first, and never pooled together."
)
#: Each measure family gets its own axis: a value on one is not comparable with a value on another.
AXES: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "difference": (("smd", "hedges_g"), "SMD or Hedges' g", False),
    "percent": (("percent_change",), "Change (%)", False),
    "ratio": (("rr", "or", "hr"), "Ratio (log scale)", True),
}
LEGEND = "⇄ sign flipped to match; ⚑ flagged: see table"


def question_estimates(results: pd.DataFrame, studies: pd.DataFrame, question: Question) -> pd.DataFrame:
    """The question's pooled review estimates: overall rows (no subgroups) of reviews whose population fits the
    question, newest first, with the axis each is drawn on."""
    estimates = review_estimates(results, studies, question.outcomes)
    if estimates.empty:
        return estimates.assign(axis=pd.Series(dtype=str))
    overall = estimates["comparison"].map(lambda c: group_role(c) != SUBGROUP)
    estimates = estimates[overall & ~estimates["printed"].astype(bool)]
    works = studies.set_index("key")
    population = works["population"].fillna("")
    keep = pd.Series(True, index=estimates.index)
    if question.runners_only is not None:
        runners = estimates["study_key"].map(lambda k: is_runner_population(population.get(k, "")))
        keep &= runners == question.runners_only
    if question.population:
        keep &= estimates["study_key"].map(lambda k: bool(re.search(question.population, population.get(k, ""), re.I)))
    if question.interventions_only:
        keep &= estimates["study_key"].map(lambda k: works.at[k, "intervention_type"] != "none")
    estimates = estimates[keep]
    axis_of = {m: axis for axis, (measures, _, _) in AXES.items() for m in measures}
    estimates = estimates.assign(axis=estimates["measure"].map(axis_of))
    # One direction per question: a review that printed a benefit with the other sign is drawn with its sign
    # flipped (the table keeps the printed numbers and says so). Ratios are never flipped.
    flip = (estimates["lower_is_better"] != question.lower_is_better) & (estimates["axis"] != "ratio")
    sign = flip.map({True: -1.0, False: 1.0})
    low, high = estimates["ci_low"].astype(float) * sign, estimates["ci_high"].astype(float) * sign
    estimates = estimates.assign(
        flipped=flip,
        shown=estimates["value"] * sign,
        shown_low=low.where(~flip, high),
        shown_high=high.where(~flip, low),
    )
    return estimates.sort_values(["year", "result_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def question_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """The chart's table twin: the numbers as printed, and whether the chart flipped the sign."""
    table = review_table(estimates)
    flipped = estimates["flipped"] if "flipped" in estimates else pd.Series(False, index=estimates.index)
    table.insert(6, "On the chart", ["sign flipped (printed with + for a benefit)" if f else "as printed"
                                     for f in flipped])  # fmt: skip
    return table


def row_label(row: pd.Series, width: int = 26) -> str:
    """A review's row on the chart, short enough for a phone: its label on the first line, then what was pooled
    (cut to ``width`` characters) and k on the second ('Eihara et al. 2022<br>plyometric training vs co… · k=22');
    the full texts are in the hover and the table."""
    comparison = re.sub(r"\s*\((?:pooled|k\s*=\s*\d+)[^)]*\)", "", str(row["comparison"])).strip()
    comparison = comparison if len(comparison) <= width else comparison[: width - 1].rstrip() + "…"
    second = [part for part in (comparison, "" if is_missing(row["k"]) else f"k={int(row['k'])}") if part]
    return str(row["label"]) + ("<br>" + " · ".join(second) if second else "")


#: The most review estimates a question's chart draws (the newest); its table lists every one.
MAX_CHARTED = 40


def question_figure(estimates: pd.DataFrame, title: str, lower_is_better: bool = True) -> go.Figure:
    """One panel per measure family, each review a dot with its printed 95% CI (no CI: a dot alone), newest at
    the top, a benefit on the side the question names (rows printed with the other sign are flipped and say so);
    a dashed line at no effect (0, or 1 for ratios). Past :data:`MAX_CHARTED` estimates (newest first) only the
    newest are drawn, as :func:`question_alt_text` says: hundreds of rows cannot be read, and the table has all."""
    estimates = estimates.head(MAX_CHARTED)
    axes = [a for a in AXES if a in set(estimates["axis"])]
    heights = [max(1, int((estimates["axis"] == a).sum())) for a in axes] or [1]
    figure = make_subplots(
        rows=max(1, len(axes)), cols=1, row_heights=heights, vertical_spacing=0.12,
        subplot_titles=[AXES[a][1] for a in axes],
    )  # fmt: skip
    for index, axis in enumerate(axes, start=1):
        part = estimates[estimates["axis"] == axis].iloc[::-1]  # newest at the top
        labels = [
            row_label(r) + (" ⇄" if r["flipped"] else "") + (" ⚑" if r["flag"] else "")
            for _, r in part.iterrows()
        ]
        # a CI that is missing, or that misses its estimate as printed (a flagged row), is not drawn
        drawn = [
            not (is_missing(lo) or is_missing(hi)) and lo <= v <= hi
            for v, lo, hi in zip(part["shown"], part["shown_low"], part["shown_high"], strict=True)
        ]
        low = [v - lo if d else 0 for v, lo, d in zip(part["shown"], part["shown_low"], drawn, strict=True)]
        high = [hi - v if d else 0 for v, hi, d in zip(part["shown"], part["shown_high"], drawn, strict=True)]
        texts = [
            f"{fmt(v, m)} ({fmt(lo, m)} to {fmt(hi, m)})" if not is_missing(lo) else f"{fmt(v, m)} (no CI printed)"
            for v, lo, hi, m in zip(part["value"], part["ci_low"], part["ci_high"], part["measure"], strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=part["shown"], y=labels, mode="markers",
                marker=dict(size=11, color=OKABE_ITO["blue"], symbol="diamond"),
                error_x=dict(type="data", symmetric=False, array=high, arrayminus=low, thickness=2, width=6),
                customdata=[[text, full] for text, full in zip(texts, part["comparison"], strict=True)],
                hovertemplate="%{y}<br>%{customdata[1]}<br>%{customdata[0]}<extra></extra>", showlegend=False,
                name=AXES[axis][1],
            ),
            row=index, col=1,
        )  # fmt: skip
        log = AXES[axis][2]
        figure.add_vline(x=1 if log else 0, line_dash="dash", line_color=OKABE_ITO["grey"], row=index, col=1)
        figure.update_xaxes(type="log" if log else "linear", row=index, col=1)
    side = "left" if lower_is_better else "right"
    figure.update_yaxes(automargin=True)
    layout = dict(
        title=dict(text=f"{title}<br><sup>A benefit points {side}. {LEGEND}</sup>"),
        font=FIGURE_FONT, height=140 + 46 * int(sum(heights)) + 60 * len(axes),
        margin=dict(l=10, r=20, t=90, b=40), **FIGURE_BACKGROUND,
    )  # fmt: skip
    return inked(figure, layout)  # a new figure, its layout given at once


def question_alt_text(estimates: pd.DataFrame, question: Question) -> str:
    """A short text alternative: how many reviews, and the newest one's estimate."""
    if estimates.empty:
        return f"No review in the dataset prints a pooled estimate for: {question.title}"
    newest = estimates.iloc[0]
    value = fmt(newest["value"], newest["measure"])
    ci = (
        f" (95% CI {fmt(newest['ci_low'], newest['measure'])} to {fmt(newest['ci_high'], newest['measure'])})"
        if not is_missing(newest["ci_low"]) else ""
    )  # fmt: skip
    measure = MEASURE_NAMES.get(newest["measure"], newest["measure"])
    charted = ""
    if len(estimates) > MAX_CHARTED:
        charted = f" The chart shows the newest {MAX_CHARTED}; the table has them all."
    return (
        f"{len(estimates)} pooled estimates from {estimates['study_key'].nunique()} reviews; the newest, "
        f"{newest['label']}, printed a {measure} of {value}{ci}.{charted}"
    )


def statements_without_numbers(results: pd.DataFrame, studies: pd.DataFrame, question: Question) -> list[str]:
    """What reviews on the question state without a number we could read ('Wu et al. 2024 (9 RCTs, 1904
    participants; ...): Abstract: no significant difference ...'), newest first: shown beside the chart so that a
    review is not missing from the answer just because its numbers could not be read."""
    works = studies.set_index("key")
    reviews = works[works["design"].isin(REVIEW_DESIGNS)]
    if question.runners_only is not None:
        reviews = reviews[reviews["population"].map(is_runner_population) == question.runners_only]
    rows = results[
        results["study_key"].isin(reviews.index)
        & results["outcome"].isin(question.outcomes)
        & results["measure"].eq("qualitative")
    ]
    lines = []
    for _, row in rows.sort_values("result_id").iterrows():
        review = reviews.loc[row["study_key"]]
        lines.append((int(review["year"]) if not is_missing(review["year"]) else 0,
                      f"{review['label']}, {text_or_empty(row['group'])}: {text_or_empty(row['note'])}"))  # fmt: skip
    return [text for _, text in sorted(lines, key=lambda item: -item[0])]
