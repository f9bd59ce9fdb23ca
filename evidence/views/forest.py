"""Forest plots as figures: one row per trial with its 95% CI, the pooled diamond, the prediction interval and the
line of no effect, with "favours" labels on each side of it.

Pure functions, no Streamlit. What the trials' effects are comes from :mod:`evidence.stats.effects`, how they are
pooled from :mod:`evidence.stats.pooling`; the words and tables beside the figure are in
:mod:`evidence.views.forest_text`. Colours and the font are the house style (:mod:`evidence.views.style`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from evidence.data.vocabulary import OUTCOME_NAMES, RATIO_MEASURES
from evidence.stats.effects import AS_REPORTED, SOURCE_PERCENTAGES
from evidence.stats.pooling import PoolResult
from evidence.views.style import FIGURE_BACKGROUND, FIGURE_FONT, OKABE_ITO, inked
from evidence.views.summaries import MEASURE_NAMES, fmt, is_missing
from evidence.views.text import capitalise

__all__ = [
    "ABBREVIATIONS",
    "SORTS",
    "TRIALS",
    "display_order",
    "estimate_text",
    "forest_figure",
    "pooled_name",
    "ratio_scale",
]

#: Short names of the ratio measures, for labels and table cells.
ABBREVIATIONS: dict[str, str] = {"rr": "RR", "or": "OR", "hr": "HR"}
#: The name of the trace that holds every trial's square and whisker.
TRIALS = "Trials"
#: Up to this many rows, each row's label is an annotation on a white box; past it, one text trace named "Labels".
MAX_BOXED_LABELS = 200
SORTS: dict[str, str] = {"year": "Year (oldest first)", "effect": "Effect (smallest first)", "weight": "Weight"}

Row = Mapping[str, Any]


def ratio_scale(measure: str) -> bool:
    """Whether a measure is drawn (and pooled) on the log scale: a ratio, or each trial's own ratio."""
    return measure in RATIO_MEASURES or measure == AS_REPORTED


def pooled_name(measure: str) -> str:
    """'Pooled risk ratio', 'Pooled odds ratio'..."""
    return f"Pooled {MEASURE_NAMES.get(measure, measure)}"


def display_order(rows: pd.DataFrame, result: PoolResult | None = None, sort: str = "year") -> list[int]:
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


def estimate_text(effect: float, low: float, high: float, measure: str) -> str:
    """'RR 0.60 (0.40 to 0.90)': an estimate with its interval, named by its measure's abbreviation."""
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
    result: PoolResult | None = None,
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
        rows: trial effects (:func:`evidence.stats.effects.trial_effects`), in the order they were pooled (the
            order of ``result.weights``).
        result: the pooled result of ``rows`` on the log scale for ratios, or None (no diamond).
        measure: "rr", "or", "hr" or :data:`AS_REPORTED` (ratios: log x axis, line at 1) or an additive measure
            (linear axis, line at 0).
        sort: "year", "effect" or "weight" (see :func:`display_order`).
        title, subtitle: the figure's title and the line under it, in plain words.
        event: what is counted, for the axis title ("below 1 = fewer injuries with the programme").
        favours: (intervention, comparator) names for the "Favours ..." labels.
        lower_is_better: True when a ratio below 1 (or a difference below 0) favours the intervention.
        show_outcome: name each study's outcome in its label (for views that show several outcomes).

    Layout: the trials are one trace named :data:`TRIALS`, one point each from the top of the chart down, each
    point's ``customdata`` its study label and key; each trial's label (with n, the estimate and its weight) is
    written above its line, across the plot, so that the plot
    keeps its width on a phone. The pooled diamond is the trace named "Pooled estimate", the prediction
    interval "Prediction interval" and the line of no effect "No difference". Ratios are drawn on a log axis
    centred on 1. All coordinates are plain Python lists.
    """
    ratio = ratio_scale(measure)
    k = len(rows)
    order = display_order(rows, result, sort)
    weights = list(result.weights) if result is not None and len(result.weights) == k else None
    traces: list[go.Scatter] = []  # added at once: add_scatter one by one copies every trace already there
    labels: list[tuple[float, str]] = []  # (y, text) written above each row
    xs: list[float] = []
    n_rows = k + (2 if result is not None and result.is_random_effects else 1 if result is not None else 0)
    points: list[dict[str, Any]] = []  # one a trial, top of the chart down

    for rank, i in enumerate(order):
        row = rows.iloc[i]
        y = float(n_rows - rank)
        effect, low, high = float(row["effect"]), float(row["ci_low"]), float(row["ci_high"])
        xs += [low, high]
        derived = row["source"] == SOURCE_PERCENTAGES
        estimate = estimate_text(effect, low, high, str(row["measure"]))
        weight_text = f" · weight {fmt(weights[i], decimals=1)}%" if weights else ""
        outcome = f"{_row_outcome(row)}: " if show_outcome or row["outcome"] == "other" else ""
        derived_text = " · derived" if derived else ""
        points.append(
            {
                "x": effect,
                "y": y,
                "size": 8 + 22 * math.sqrt(weights[i] / 100) if weights else 12.0,
                "symbol": "square-open" if derived else "square",
                "line": 2.5 if derived else 0,
                "plus": high - effect,
                "minus": effect - low,
                "customdata": [str(row["label"]), str(row["study_key"])],
                "text": f"{row['label']}{_n_text(row['n'])}<br>{outcome}{estimate}{weight_text}<br>{row['source']}"
                f"<br>results.csv: {row['result_ids']}",
            }
        )
        labels.append(
            (y, f"<b>{row['label']}</b>{_n_text(row['n'])}<br>{outcome}{estimate}{weight_text}{derived_text}")
        )
    if points:
        # every trial in one trace (one per trial made the chart's JSON, sent on every rerun, grow with the trials)
        column = {name: [point[name] for point in points] for name in points[0]}
        traces.append(
            go.Scatter(
                x=column["x"],
                y=column["y"],
                mode="markers",
                name=TRIALS,
                marker=dict(
                    symbol=column["symbol"],
                    size=column["size"],
                    opacity=1,  # sizes given point by point make plotly draw a "bubble" chart, 0.7 opaque
                    color=OKABE_ITO["blue"],
                    line=dict(width=column["line"], color=OKABE_ITO["blue"]),
                ),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=column["plus"],
                    arrayminus=column["minus"],
                    color=OKABE_ITO["blue"],
                    thickness=2,
                    width=0,
                ),
                text=column["text"],
                customdata=column["customdata"],
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )

    if result is not None:
        pooled = result.to_frame(exponentiate=ratio).iloc[0]
        est, low, high = (float(pooled[c]) for c in ("estimate", "ci_low", "ci_high"))
        xs += [low, high]
        y0, half = float(n_rows - k), 0.22
        traces.append(
            go.Scatter(
                x=[low, est, high, est, low],
                y=[y0, y0 + half, y0, y0 - half, y0],
                mode="lines",
                fill="toself",
                fillcolor=OKABE_ITO["vermillion"],
                line=dict(color=OKABE_ITO["vermillion"], width=1),
                name="Pooled estimate",
                text=[f"{pooled_name(measure)} {estimate_text(est, low, high, measure)}<br>{pooled['model']}"] * 5,
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
        labels.append((y0, f"<b>Pooled estimate</b> (k = {result.k})<br>{estimate_text(est, low, high, measure)}"))
        if result.is_random_effects:
            pi_low, pi_high = float(pooled["pi_low"]), float(pooled["pi_high"])
            y_pi = y0 - 1
            traces.append(
                go.Scatter(
                    x=[pi_low, pi_high],
                    y=[y_pi, y_pi],
                    mode="lines",
                    line=dict(color=OKABE_ITO["vermillion"], width=2),
                    name="Prediction interval",
                    text=[f"95% prediction interval {fmt(pi_low, measure)} to {fmt(pi_high, measure)}"] * 2,
                    hovertemplate="%{text}<extra></extra>",
                    showlegend=False,
                )
            )
            labels.append((y_pi, f"Prediction interval · {fmt(pi_low, measure)} to {fmt(pi_high, measure)}"))
    bottom, top = 0.55, n_rows + 0.75
    reference = 1.0 if ratio else 0.0
    traces.append(
        go.Scatter(
            x=[reference, reference],
            y=[bottom, top - 0.3],
            mode="lines",
            line=dict(color=OKABE_ITO["grey"], width=1.5),
            name="No difference",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    # every label and the two "favours" labels are given to the layout at once: add_annotation one by one copies
    # every annotation already there, which made the first draw grow with the square of the trials
    boxed = len(labels) <= MAX_BOXED_LABELS  # beyond that, one text trace (below)
    annotations = [
        dict(
            x=0,
            y=y + 0.2,
            xref="paper",
            yref="y",
            text=text,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            align="left",
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(size=13, color="#222222"),
            borderpad=1,
        )
        for y, text in (labels if boxed else [])
    ]

    if ratio:
        # centred on 1: the same room on both sides of no effect, for the two "favours" labels
        reach = max([abs(math.log10(x)) for x in xs] + [math.log10(2)])
        reach += max(0.06, 0.08 * reach)
        x_range = [-reach, reach]
        ticks = _ratio_ticks(10**-reach, 10**reach)
        xaxis = dict(type="log", range=x_range, tickvals=ticks, ticktext=[fmt(t) for t in ticks], tickangle=0)
        name = MEASURE_NAMES.get(measure, "ratio") if measure != AS_REPORTED else "ratio as each trial reported it"
        side = "below 1 = fewer" if lower_is_better else "above 1 = more"
        axis_title = f"{capitalise(name)} (log scale)<br>{side} {event} with {favours[0]}"
    else:
        reach = max([abs(x) for x in xs] + [1e-9])
        reach *= 1.1
        x_range = [-reach, reach]
        xaxis = dict(type="linear", range=x_range, tickangle=0)
        name = MEASURE_NAMES.get(measure, measure)
        axis_title = f"{capitalise(name)} (0 = no difference)"
    left, right = (favours[0], favours[1]) if lower_is_better else (favours[1], favours[0])
    # on a log axis an annotation's x is log10 of the value: 0 is the line at 1, as it is the line at 0
    annotations += [
        dict(
            x=0, y=1.0, xref="x", yref="paper", text=f"← Favours {left}", showarrow=False,
            xanchor="right", yanchor="bottom", xshift=-6, font=dict(size=13, color="#333333"),
        ),
        dict(
            x=0, y=1.0, xref="x", yref="paper", text=f"Favours {right} →", showarrow=False,
            xanchor="left", yanchor="bottom", xshift=6, font=dict(size=13, color="#333333"),
        ),
    ]  # fmt: skip
    if not boxed:
        # a chart of hundreds of trials (a synthetic or future dataset): its labels as one text trace at the left
        # edge, without the white box that keeps the line at no effect from crossing them, instead of hundreds of
        # annotations that plotly copies and Streamlit re-sends on every rerun
        left_edge = 10 ** x_range[0] if ratio else x_range[0]
        traces.append(
            go.Scatter(
                x=[left_edge] * len(labels),
                y=[y + 0.2 for y, _ in labels],
                mode="text",
                text=[text for _, text in labels],
                textposition="top right",
                textfont=dict(size=13, color="#222222"),
                name="Labels",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    layout = dict(
        annotations=annotations,
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
        font=FIGURE_FONT,
        **FIGURE_BACKGROUND,
        showlegend=False,
        height=int(200 + 84 * n_rows),
        margin=dict(l=10, r=10, t=130, b=80),
        hoverlabel=dict(align="left"),
    )  # fmt: skip
    return inked(go.Figure(data=traces), layout)  # the layout given at once, the labels' ink included


_RATIO_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
_FINE_TICKS = (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0)


def _ratio_ticks(low: float, high: float) -> list[float]:
    """Tick values for a log ratio axis from low to high: 1-2-5 steps, or finer ones on a narrow axis."""
    ticks = [t for t in _RATIO_TICKS if low <= t <= high]
    if len(ticks) < 5:
        ticks = sorted({*ticks, *(t for t in _FINE_TICKS if low <= t <= high)})
    return ticks
