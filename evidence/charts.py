"""Plotly figure builders: plain inputs in, ``go.Figure`` out, each with the table it draws.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies; every colour is also named in the legend and hover text, so nothing depends on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from evidence.schema import FINDINGS, OUTCOME_NAMES

OKABE_ITO = {
    "positive": "#0072B2",  # blue
    "null": "#E69F00",  # orange
    "negative": "#D55E00",  # vermillion
    "mixed": "#CC79A7",  # reddish purple
    "not_applicable": "#999999",  # grey
}
FINDING_LABELS = {
    "positive": "Benefit found",
    "null": "No difference found",
    "negative": "Harm found",
    "mixed": "Mixed",
    "not_applicable": "No effect reported",
}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15)


def outcome_label(outcome: str) -> str:
    name = OUTCOME_NAMES.get(outcome, outcome)
    return name[:1].upper() + name[1:]


def findings_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Studies counted by outcome and main finding: the table twin of :func:`findings_figure`."""
    rows = [
        {"outcome": outcome, "finding": finding}
        for outcomes, finding in zip(studies["outcome_list"], studies["finding"], strict=True)
        for outcome in outcomes
    ]
    if not rows:
        return pd.DataFrame(columns=["Outcome", *FINDING_LABELS.values(), "Total"])
    long = pd.DataFrame(rows)
    table = pd.crosstab(long["outcome"], long["finding"])
    table = table.reindex(columns=[f for f in FINDINGS if f in table.columns], fill_value=0)
    table["Total"] = table.sum(axis=1)
    table = table.sort_values("Total", ascending=False)
    table.index = [outcome_label(o) for o in table.index]
    table = table.rename(columns=FINDING_LABELS)
    return table.rename_axis("Outcome").reset_index()


def findings_figure(table: pd.DataFrame, title: str = "What the studies found, by outcome") -> go.Figure:
    """Horizontal stacked bars: studies per outcome, split by main finding."""
    figure = go.Figure()
    ordered = table.iloc[::-1]  # largest at the top
    for finding, label in FINDING_LABELS.items():
        if label not in ordered.columns:
            continue
        figure.add_bar(
            y=ordered["Outcome"].tolist(),
            x=[int(v) for v in ordered[label]],
            name=label,
            orientation="h",
            marker_color=OKABE_ITO[finding],
            hovertemplate="%{y}: %{x} studies, " + label.lower() + "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        title=dict(text=title, x=0, xanchor="left"),
        xaxis=dict(title="Number of studies", dtick=2, gridcolor="#e5e5e5"),
        yaxis=dict(title=None, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title=None),
        font=FONT,
        plot_bgcolor="white",
        height=max(320, 34 * len(table) + 150),
        margin=dict(l=10, r=10, t=90, b=40),
    )
    return figure
