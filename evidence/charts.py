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
