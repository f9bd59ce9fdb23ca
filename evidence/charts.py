"""Plotly figure builders: plain inputs in, ``go.Figure`` out, each with the table it draws.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies; every colour is also named in the legend and hover text, so nothing depends on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from evidence.schema import OUTCOME_NAMES

OKABE_ITO = {
    "blue": "#0072B2",
    "sky": "#56B4E9",
    "green": "#009E73",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: Design groups, strongest evidence for cause and effect first, each with its colour.
DESIGN_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Reviews of studies": (OKABE_ITO["blue"], ("systematic_review_meta_analysis", "systematic_review")),
    "Randomised trials": (OKABE_ITO["green"], ("rct", "crossover_trial")),
    "Other trials": (OKABE_ITO["sky"], ("controlled_trial", "uncontrolled_trial")),
    "Observational studies": (OKABE_ITO["orange"], ("prospective_cohort", "case_control", "cross_sectional")),
    "Expert reviews, guidance, blogs": (
        OKABE_ITO["grey"],
        ("narrative_review", "clinical_commentary", "guideline", "grey_literature"),
    ),
}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15)


def design_group(design: str) -> str:
    for group, (_, designs) in DESIGN_GROUPS.items():
        if design in designs:
            return group
    return "Expert reviews, guidance, blogs"


def outcome_label(outcome: str) -> str:
    name = OUTCOME_NAMES.get(outcome, outcome)
    return name[:1].upper() + name[1:]


def outcomes_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Works counted by outcome measured and design group: the table twin of :func:`outcomes_figure`.

    A work that measured several outcomes counts once under each of them.
    """
    rows = [
        {"outcome": outcome, "group": design_group(design)}
        for outcomes, design in zip(studies["outcome_list"], studies["design"], strict=True)
        for outcome in outcomes
    ]
    if not rows:
        return pd.DataFrame(columns=["Outcome", *DESIGN_GROUPS, "Total"])
    long = pd.DataFrame(rows)
    table = pd.crosstab(long["outcome"], long["group"])
    table = table.reindex(columns=[g for g in DESIGN_GROUPS if g in table.columns], fill_value=0)
    table["Total"] = table.sum(axis=1)
    table = table.sort_values("Total", ascending=False, kind="stable")
    table.index = [outcome_label(o) for o in table.index]
    return table.rename_axis("Outcome").reset_index()


def outcomes_figure(table: pd.DataFrame, title: str = "What the studies measured, and how") -> go.Figure:
    """Horizontal stacked bars: works per outcome, split by design group (strongest design first)."""
    figure = go.Figure()
    ordered = table.iloc[::-1]  # largest at the top
    for group, (colour, _) in DESIGN_GROUPS.items():
        if group not in ordered.columns:
            continue
        figure.add_bar(
            y=ordered["Outcome"].tolist(),
            x=[int(v) for v in ordered[group]],
            name=group,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x} works, " + group.lower() + "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        title=dict(text=title, x=0, xanchor="left"),
        xaxis=dict(title="Number of works", dtick=2, gridcolor="#e5e5e5"),
        yaxis=dict(title=None, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title=None, traceorder="normal"),
        font=FONT,
        plot_bgcolor="white",
        height=max(320, 30 * len(table) + 170),
        margin=dict(l=10, r=10, t=110, b=40),
    )
    return figure


def change_bars(table: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Horizontal bars of per-study changes; 'no number given' results shown as a marked zero, second-hand
    numbers hatched, so a reader never mistakes either for a measured result."""
    labels = [f"{s} — {g}" for s, g in zip(table["Study"], table["Group"], strict=True)]
    values = [float(v) for v in table["Change (%)"]]
    colours = [
        OKABE_ITO["blue"] if (given and read) else (OKABE_ITO["sky"] if given else OKABE_ITO["grey"])
        for given, read in zip(table["Number given"], table["Read in the source"], strict=True)
    ]
    patterns = [
        "/" if given and not read else ""
        for given, read in zip(table["Number given"], table["Read in the source"], strict=True)
    ]
    texts = [
        f"{v:+.1f}%" if given else stated
        for v, given, stated in zip(values, table["Number given"], table["Stated without a number"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            y=labels[::-1],
            x=values[::-1],
            orientation="h",
            marker=dict(color=colours[::-1], pattern=dict(shape=patterns[::-1])),
            text=texts[::-1],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    figure.add_vline(x=0, line_color="#444444", line_width=1)
    figure.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        xaxis=dict(title=axis_title, gridcolor="#e5e5e5", zeroline=False),
        yaxis=dict(title=None, automargin=True),
        font=FONT,
        plot_bgcolor="white",
        height=max(260, 34 * len(table) + 140),
        margin=dict(l=10, r=80, t=70, b=50),
    )
    return figure


def ratio_dots(table: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Points with 95% intervals on a log scale, a line at 1, and which side means fewer injuries."""
    labels = [f"{s}, {w} ({m})" for s, w, m in zip(table["Study"], table["Who"], table["Measure"], strict=True)]
    values = [float(v) for v in table["Ratio"]]
    low = [float(v) for v in table["Lower 95% CI"]]
    high = [float(v) for v in table["Upper 95% CI"]]
    figure = go.Figure(
        go.Scatter(
            y=labels[::-1],
            x=values[::-1],
            mode="markers",
            marker=dict(color=OKABE_ITO["blue"], size=12, symbol="square"),
            error_x=dict(
                type="data",
                symmetric=False,
                array=[h - v for h, v in zip(high, values, strict=True)][::-1],
                arrayminus=[v - lo for v, lo in zip(values, low, strict=True)][::-1],
                color=OKABE_ITO["blue"],
                thickness=2,
            ),
            customdata=list(zip(low[::-1], high[::-1], strict=True)),
            hovertemplate="%{y}: %{x:.2f} (95% CI %{customdata[0]:.2f} to %{customdata[1]:.2f})<extra></extra>",
            showlegend=False,
        )
    )
    figure.add_vline(x=1, line_color="#444444", line_width=1, line_dash="dash")
    figure.add_annotation(x=-0.02, xref="paper", y=1.0, yref="paper", yanchor="bottom", xanchor="left",
                          text="← fewer injuries with the plan", showarrow=False, font=dict(size=13))  # fmt: skip
    figure.add_annotation(x=1.0, xref="paper", y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                          text="more injuries with the plan →", showarrow=False, font=dict(size=13))  # fmt: skip
    figure.update_layout(
        title=dict(text=title, x=0, xanchor="left", y=0.98, yanchor="top"),
        xaxis=dict(title=axis_title, type="log", gridcolor="#e5e5e5", tickvals=[0.1, 0.2, 0.5, 1, 2]),
        yaxis=dict(title=None, automargin=True),
        font=FONT,
        plot_bgcolor="white",
        height=max(300, 44 * len(table) + 170),
        margin=dict(l=10, r=20, t=100, b=50),
    )
    return figure
