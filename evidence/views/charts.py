"""Plotly figure builders: plain inputs in, ``go.Figure`` out, each with the table it draws.

Colours and the font come from :mod:`evidence.views.style`: the Okabe-Ito palette, which stays distinguishable
with the common colour-vision deficiencies; every colour is also named in the legend and hover text, so nothing
depends on colour alone.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from evidence.data.vocabulary import OUTCOME_NAMES
from evidence.views.style import (
    FIGURE_BACKGROUND,
    FIGURE_FONT,
    FIGURE_PAPER,
    OKABE_ITO,
    hex_of,
    inked,
    merged,
    over,
    rgb,
    text_colour_on,
)
from evidence.views.text import capitalise, in_sentence

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
#: Below the plot, under the axis title: used where a legend of many entries would wrap into the title on phones.
LEGEND_BELOW = dict(orientation="h", yanchor="bottom", y=0, yref="container", x=0, title=None)


def house_style(
    figure: go.Figure, title: str, height: int, top: int = 100, right: int = 10, bottom: int = 50, **layout
) -> go.Figure:
    """The look every chart shares: title at the left (wrapped so that a phone shows all of it), a white panel
    with dark type in either theme, the house font, labels never clipped."""
    base = dict(
        title=dict(text=wrap_title(title), x=0, xanchor="left"),
        yaxis=dict(title=None, automargin=True),
        font=FIGURE_FONT,
        **FIGURE_BACKGROUND,
        height=height,
        margin=dict(l=10, r=right, t=top, b=bottom),
    )
    return inked(figure, merged(base, layout))  # a new figure, its layout given at once


def wrap_title(title: str, width: int = 44) -> str:
    """A chart title broken into lines of at most ``width`` characters ('<br>' between them), unless it already
    sets its own breaks."""
    if "<br>" in title or len(title) <= width:
        return title
    return "<br>".join(textwrap.wrap(title, width))


def design_group(design: str) -> str:
    for group, (_, designs) in DESIGN_GROUPS.items():
        if design in designs:
            return group
    return "Expert reviews, guidance, blogs"


def outcome_label(outcome: str) -> str:
    name = OUTCOME_NAMES.get(outcome, outcome)
    return capitalise(name)


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
    return house_style(
        figure,
        title,
        max(360, 30 * len(table) + 220),
        top=60,
        bottom=150,
        barmode="stack",
        xaxis=dict(title="Number of works", nticks=6, tickangle=0, gridcolor="#e5e5e5"),  # few, level ticks
        legend=LEGEND_BELOW,
    )


def _short(text: str, limit: int = 30) -> str:
    """A label short enough for a phone's axis: the first ``limit`` characters, cut at a word."""
    text = str(text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _padded_range(values: list[float]) -> list[float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    span = max(high - low, 1.0)
    return [low - 0.3 * span if low < 0 else 0.0, high + 0.3 * span if high > 0 else 0.25 * span]


def change_bars(table: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Horizontal bars of per-study changes; 'no number given' results shown as a marked zero, second-hand
    numbers hatched, so a reader never mistakes either for a measured result."""
    groups = table["Compared with"] if "Compared with" in table else table["Group"]  # runner words, no arm codes
    labels = [f"{s}<br>{_short(g)}" for s, g in zip(table["Study"], groups, strict=True)]
    if len(set(labels)) < len(labels):  # one group measured twice: name what was measured instead
        labels = [
            f"{s}<br>{_short(m)}" if labels.count(label) > 1 else label
            for s, m, label in zip(table["Study"], table["Measured"], labels, strict=True)
        ]
    values = [float(v) for v in table["Change (%)"]]
    colours = [
        OKABE_ITO["blue"] if (given and read) else (OKABE_ITO["sky"] if given else OKABE_ITO["grey"])
        for given, read in zip(table["Number given"], table["Read in the source"], strict=True)
    ]
    patterns = [
        "/" if given and not read else ""
        for given, read in zip(table["Number given"], table["Read in the source"], strict=True)
    ]
    texts = [  # a result without a number says what the paper states, short enough for a phone ('no change')
        f"{v:+.1f}%" if given else stated.split(" (")[0]
        for v, given, stated in zip(values, table["Number given"], table["Stated without a number"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            y=labels[::-1],
            x=values[::-1],
            orientation="h",
            marker=dict(color=colours[::-1], pattern=dict(shape=patterns[::-1])),
            text=texts[::-1],
            textposition="auto",  # inside a bar that has room (never over the row names), else beyond its end
            textangle=0,  # level, never turned sideways to fit
            cliponaxis=False,
            customdata=list(table["Stated without a number"])[::-1],
            hovertemplate="%{y}: %{text} %{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    figure.add_vline(x=0, line_color="#444444", line_width=1)
    return house_style(
        figure,
        title,
        max(260, 34 * len(table) + 140),
        top=70,
        right=80,
        # room beyond the longest bar on each side, so a value printed outside a bar never reaches the labels
        xaxis=dict(title=axis_title, gridcolor="#e5e5e5", zeroline=False, range=_padded_range(values)),
    )


def _interval_dots(
    labels: list[str],
    table: pd.DataFrame,
    value_column: str,
    symbol: str,
    hover: str,
    notes: list[str] | None = None,
) -> go.Figure:
    """Points with their 95% intervals (columns 'Lower 95% CI', 'Upper 95% CI'), the first row at the top."""
    values = [float(v) for v in table[value_column]]
    low = [float(v) for v in table["Lower 95% CI"]]
    high = [float(v) for v in table["Upper 95% CI"]]
    notes = notes if notes is not None else [""] * len(values)
    return go.Figure(
        go.Scatter(
            y=labels[::-1],
            x=values[::-1],
            mode="markers",
            marker=dict(color=OKABE_ITO["blue"], size=12, symbol=symbol),
            error_x=dict(
                type="data",
                symmetric=False,
                array=[h - v for h, v in zip(high, values, strict=True)][::-1],
                arrayminus=[v - lo for v, lo in zip(values, low, strict=True)][::-1],
                color=OKABE_ITO["blue"],
                thickness=2,
            ),
            customdata=list(zip(low[::-1], high[::-1], notes[::-1], strict=True)),
            hovertemplate=hover,
            showlegend=False,
        )
    )


def _sides(figure: go.Figure, left: str, right: str) -> None:
    """Which side of the line means what, above the chart's two corners."""
    figure.add_annotation(x=-0.02, xref="paper", y=1.0, yref="paper", yanchor="bottom", xanchor="left",
                          text=left, showarrow=False, font=dict(size=13))  # fmt: skip
    figure.add_annotation(x=1.0, xref="paper", y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                          text=right, showarrow=False, font=dict(size=13))  # fmt: skip


def ratio_dots(table: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Points with 95% intervals on a log scale, a line at 1, and which side means fewer injuries."""
    labels = [f"{s}, {w} ({m})" for s, w, m in zip(table["Study"], table["Who"], table["Measure"], strict=True)]
    hover = "%{y}: %{x:.2f} (95% CI %{customdata[0]:.2f} to %{customdata[1]:.2f})<extra></extra>"
    figure = _interval_dots(labels, table, "Ratio", "square", hover)
    figure.add_vline(x=1, line_color="#444444", line_width=1, line_dash="dash")
    _sides(figure, "← fewer injuries with the plan", "more injuries with the plan →")
    return house_style(
        figure,
        title,
        max(300, 44 * len(table) + 170),
        right=20,
        xaxis=dict(title=axis_title, type="log", gridcolor="#e5e5e5", tickvals=[0.1, 0.2, 0.5, 1, 2]),
    )


def dose_dots(table: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Pooled estimates with 95% intervals on a linear scale, a line at 0, and which side means a gain; each row
    named in runner words (what was pooled as printed is in the hover)."""
    hover = (
        "%{y}: g %{x:.2f} (95% CI %{customdata[0]:.2f} to %{customdata[1]:.2f})<br>%{customdata[2]}<extra></extra>"
    )
    figure = _interval_dots(list(table["Training"]), table, "Effect (g)", "diamond", hover, list(table["As printed"]))
    figure.add_vline(x=0, line_color="#444444", line_width=1, line_dash="dash")
    _sides(figure, "← better economy", "worse →")
    return house_style(
        figure, title, max(300, 44 * len(table) + 170), right=20,
        xaxis=dict(title=axis_title, gridcolor="#e5e5e5", zeroline=False),
    )  # fmt: skip


def gap_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Works per outcome x intervention type, with the strongest design in each cell: the gap map's twin."""
    from evidence.data.vocabulary import DESIGN_NAMES, DESIGN_RANK, INTERVENTION_NAMES

    columns = ["Outcome", "Intervention", "Works", "Strongest design", "outcome", "intervention"]
    # one pass in plain Python (a long frame grouped by pandas took a third of a new map at 10,000 works); cells in
    # the order they are first met
    keys: dict[tuple[str, str], set[str]] = {}
    best: dict[tuple[str, str], str] = {}
    for outcomes, intervention, design, key in zip(
        studies["outcome_list"].tolist(), studies["intervention_type"].tolist(), studies["design"].tolist(),
        studies["key"].tolist(), strict=True,
    ):  # fmt: skip
        for outcome in outcomes:
            cell = (outcome, intervention)
            keys.setdefault(cell, set()).add(key)
            if cell not in best or DESIGN_RANK.get(design, 0) > DESIGN_RANK.get(best[cell], 0):
                best[cell] = design
    if not keys:
        return pd.DataFrame(columns=columns)
    cells = [
        {
            "Outcome": outcome_label(outcome),
            "Intervention": INTERVENTION_NAMES.get(intervention, intervention),
            "Works": len(works),
            "Strongest design": DESIGN_NAMES.get(best[(outcome, intervention)], best[(outcome, intervention)]),
            "outcome": outcome,
            "intervention": intervention,
        }
        for (outcome, intervention), works in keys.items()
    ]
    table = pd.DataFrame(cells, columns=columns)
    return table.sort_values(["Works", "Outcome"], ascending=[False, True], kind="stable").reset_index(drop=True)


#: Bubbles let the ones behind them show through, so a small bubble under a large one stays visible.
BUBBLE_OPACITY = 0.8


def bubble_label_colour(colour: str) -> str:
    """Ink or paper for the number inside a bubble, whichever has more contrast on the bubble as drawn (its
    colour at BUBBLE_OPACITY over the white panel)."""
    return hex_of(text_colour_on(over(rgb(colour), rgb(FIGURE_PAPER), BUBBLE_OPACITY)))


def gap_figure(table: pd.DataFrame, title: str = "Evidence map: what has been studied, and how well") -> go.Figure:
    """Bubbles on an outcome x intervention grid: size = number of works, colour = strongest design group."""
    from evidence.data.vocabulary import DESIGN_NAMES

    name_to_code = {v: k for k, v in DESIGN_NAMES.items()}
    figure = go.Figure()
    for group, (colour, designs) in DESIGN_GROUPS.items():
        codes = [name_to_code.get(name, name) for name in table["Strongest design"]]
        part = table[[code in designs for code in codes]]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["Intervention"].tolist(),
            y=part["Outcome"].tolist(),
            mode="markers+text",
            text=[str(n) for n in part["Works"]],
            textfont=dict(color=bubble_label_colour(colour), size=12),
            marker=dict(
                size=[16 + 5 * n for n in part["Works"]], color=colour, opacity=BUBBLE_OPACITY,
                line=dict(color="white", width=1),
            ),  # fmt: skip
            customdata=part[["outcome", "intervention", "Works", "Strongest design"]].values.tolist(),
            hovertemplate="%{y} × %{x}: %{customdata[2]} works; strongest design: %{customdata[3]}<extra></extra>",
            name=group,
        )
    return house_style(
        figure,
        title,
        max(420, 34 * table["Outcome"].nunique() + 300),
        top=60,
        bottom=160,
        xaxis=dict(title="Intervention", tickangle=-30, automargin=True, gridcolor="#eeeeee"),
        yaxis=dict(title=None, automargin=True, gridcolor="#eeeeee"),
        legend=LEGEND_BELOW,
    )


def timeline_counts_figure(
    table: pd.DataFrame, title: str = "When the studies were published, and what they found"
) -> go.Figure:
    """The timeline of many works: one marker per year, design group and finding, sized by how many works it
    stands for (the count is in its hover text), the findings side by side within a year."""
    counts = table.groupby(["Year", "Design group", "Finding"], sort=True).size().rename("works").reset_index()
    largest = int(counts["works"].max()) if not counts.empty else 1
    shift = {finding: 0.16 * (index - 2) for index, finding in enumerate(FINDING_SYMBOLS)}
    traces = []
    for finding, symbol in FINDING_SYMBOLS.items():
        part = counts[counts["Finding"] == finding]
        if part.empty:
            continue
        colours = [DESIGN_GROUPS[g][0] for g in part["Design group"]]
        traces.append(
            go.Scatter(
                x=[int(y) + shift[finding] for y in part["Year"]],
                y=part["Design group"].tolist(),
                mode="markers",
                marker=dict(
                    symbol=symbol,
                    size=[8 + 22 * (int(n) / largest) ** 0.5 for n in part["works"]],
                    color=colours,
                    line=dict(width=2, color=colours),
                ),
                customdata=[[int(n), int(y)] for n, y in zip(part["works"], part["Year"], strict=True)],
                hovertemplate="%{customdata[0]} works (%{customdata[1]}), %{y}: " + finding + "<extra></extra>",
                name=capitalise(finding),
            )
        )
    return house_style(
        go.Figure(data=traces),
        title,
        440,
        top=60,
        bottom=140,
        xaxis=dict(title="Year of publication", dtick=2, gridcolor="#eeeeee"),
        yaxis=dict(title=None, automargin=True, categoryorder="array", categoryarray=list(DESIGN_GROUPS)[::-1]),
        legend=LEGEND_BELOW,
    )


def timeline_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Works by year with design group and main finding: the timeline's twin."""
    from evidence.data.vocabulary import DESIGN_NAMES

    return (
        pd.DataFrame(
            {
                "Year": studies["year"],
                "Study": studies["label"],
                "Design": studies["design"].map(lambda d: DESIGN_NAMES.get(d, d)),
                "Design group": studies["design"].map(design_group),
                "Finding": studies["finding"].map(FINDING_WORDS),
                "Key": studies["key"],
            }
        )
        .dropna(subset=["Year"])
        .sort_values(["Year", "Study"])
        .reset_index(drop=True)
    )


FINDING_WORDS = {
    "positive": "benefit found",
    "null": "no difference found",
    "negative": "harm found",
    "mixed": "mixed",
    "not_applicable": "no effect reported",
}
FINDING_SYMBOLS = {
    "benefit found": "circle",
    "no difference found": "x-thin-open",
    "harm found": "triangle-down",
    "mixed": "diamond",
    "no effect reported": "square-open",
}


#: Past this many works the timeline draws one marker per year, design group and finding, sized by its count
#: (one marker per work would stack hundreds in a year, beyond the next years, and send every one of them).
TIMELINE_MAX_MARKERS = 300


def timeline_figure(
    table: pd.DataFrame, title: str = "When the studies were published, and what they found"
) -> go.Figure:
    """One marker per work: x = year, rows = design group (colour), marker shape = main finding, so that
    null results stand out in any colour vision. Past :data:`TIMELINE_MAX_MARKERS` works, one marker per year,
    design group and finding, its area growing with the number of works (:func:`timeline_counts_figure`)."""
    if len(table) > TIMELINE_MAX_MARKERS:
        return timeline_counts_figure(table, title)
    figure = go.Figure()
    stack: dict[tuple[int, str], int] = {}
    offsets = []
    for year, group in zip(table["Year"], table["Design group"], strict=True):
        slot = stack.get((int(year), group), 0)
        stack[(int(year), group)] = slot + 1
        offsets.append(slot)
    table = table.assign(_offset=offsets)
    for finding, symbol in FINDING_SYMBOLS.items():
        part = table[table["Finding"] == finding]
        if part.empty:
            continue
        figure.add_scatter(
            x=[int(y) + 0.18 * o for y, o in zip(part["Year"], part["_offset"], strict=True)],
            y=part["Design group"].tolist(),
            mode="markers",
            marker=dict(
                symbol=symbol,
                size=14,
                color=[DESIGN_GROUPS[g][0] for g in part["Design group"]],
                line=dict(width=2, color=[DESIGN_GROUPS[g][0] for g in part["Design group"]]),
            ),
            customdata=part[["Study", "Design"]].values.tolist(),
            hovertemplate="%{customdata[0]} (%{x}), %{customdata[1]}: " + finding + "<extra></extra>",
            name=capitalise(finding),
        )
    return house_style(
        figure,
        title,
        440,
        top=60,
        bottom=140,
        xaxis=dict(title="Year of publication", nticks=6, tickformat="d", tickangle=0, gridcolor="#eeeeee"),
        yaxis=dict(title=None, automargin=True, categoryorder="array", categoryarray=list(DESIGN_GROUPS)[::-1]),
        legend=LEGEND_BELOW,
    )


def _counted(n: int, thing: str) -> str:
    """'1 work', '3 works'."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def outcomes_alt_text(table: pd.DataFrame) -> str:
    """A short text alternative of :func:`outcomes_figure`: what it shows and its largest bar."""
    if table.empty:
        return "Bar chart of works per outcome: no work in this selection names an outcome."
    top = table.iloc[0]
    strongest = sum(int(top[g]) for g in ("Reviews of studies", "Randomised trials") if g in table.columns)
    outcomes, works = _counted(len(table), "outcome"), _counted(int(top["Total"]), "work")
    return (
        f"Stacked bar chart of works per outcome, split by design: {outcomes}. The most measured is "
        f"{in_sentence(top['Outcome'])}, in {works} ({strongest} of them reviews or randomised trials)."
    )


def gap_alt_text(table: pd.DataFrame) -> str:
    """A short text alternative of :func:`gap_figure`: how many pairs, and the most studied one."""
    if table.empty:
        return "Evidence map: no outcome and intervention in this selection."
    top = table.iloc[0]
    return (
        f"Bubble chart of {_counted(len(table), 'outcome and intervention pair')}, sized by the number of works. "
        f"The most studied: {in_sentence(top['Outcome'])} with {top['Intervention']}, "
        f"{_counted(int(top['Works']), 'work')} (strongest design: {top['Strongest design']})."
    )


def timeline_alt_text(table: pd.DataFrame) -> str:
    """A short text alternative of :func:`timeline_figure`: the years covered and how many found what."""
    if table.empty:
        return "Timeline: no work in this selection has a year."
    counts = table["Finding"].value_counts()
    found = "; ".join(f"{counts[f]} {f}" for f in FINDING_SYMBOLS if f in counts.index)
    first, last = int(table["Year"].min()), int(table["Year"].max())
    return (
        f"Timeline of {_counted(len(table), 'work')} published from {first} to {last}, one row per kind of design: "
        f"{found}."
    )
