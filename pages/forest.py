"""Forest plots: each trial's effect, pooled when the trials may be pooled, beside what reviews printed."""

import pandas as pd
import streamlit as st

from evidence.data import load as data
from evidence.ui import registry
from evidence.views import forest, tables
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

# What the page draws is made once per dataset and choice of widgets (data.derived): a forest of many trials takes
# seconds to draw, and every widget change reruns the page.


def _choices(dataset: data.Dataset) -> tuple[list[str], dict[str, int]]:
    choices = forest.outcome_choices(dataset.results, dataset.studies)
    return choices, forest.trial_counts(dataset.results, dataset.studies, choices) if choices else {}


def _measures(dataset: data.Dataset, outcome: str) -> dict[str, int]:
    return forest.measure_choices(dataset.results, dataset.studies, outcome)


def _effects(dataset: data.Dataset, outcome: str, measure: str):
    return forest.trial_effects(dataset.results, dataset.studies, outcome, measure)


def _view(dataset: data.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple):
    effects = data.derived(dataset, _effects, outcome, measure)
    return forest.build_view(effects, measure, method, interval, list(leave_out))


def _drawn(dataset: data.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple, sort: str):
    """The chart, its caption and its table."""
    view = data.derived(dataset, _view, outcome, measure, method, interval, leave_out)
    heading, subheading = forest.figure_title(outcome, view)
    figure = forest.forest_figure(
        view.rows,
        view.result,
        measure,
        sort,
        title=heading,
        subtitle=subheading,
        event=forest.event_plural(outcome),
        show_outcome=outcome == forest.ALL_INJURIES,
    )
    return figure, forest.chart_caption(view), forest.forest_table(view.rows, view.result, measure, sort)


def _left_out_in_turn(dataset: data.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple):
    view = data.derived(dataset, _view, outcome, measure, method, interval, leave_out)
    return forest.leave_one_out_table(forest.leave_one_out(view.rows, method, interval), measure)


def _reviews(dataset: data.Dataset, outcomes: tuple[str, ...] | None) -> pd.DataFrame | None:
    reviews = forest.review_estimates(dataset.results, dataset.studies, None if outcomes is None else list(outcomes))
    return None if reviews.empty else forest.review_table(reviews)


def _changes(dataset: data.Dataset) -> pd.DataFrame | None:
    changes = forest.within_group_changes(dataset.results, dataset.studies, "running_economy")
    return None if changes.empty else forest.changes_table(changes)


dataset = data.get_dataset()

st.title("Forest plots")
st.markdown(
    "Each row is one trial: how often the outcome happened **with the programme compared with the control "
    "group**, with its 95% confidence interval. Trials are pooled only when they measured the same outcome with "
    "the same measure; reviews are listed beside them, never pooled with them."
)

choices, counts = data.derived(dataset, _choices)
outcomes_shown = None
if not choices:
    st.info(forest.NO_TRIALS, icon=":material/forest:")
else:
    row1 = st.columns([2, 2, 1.6])
    outcome = row1[0].selectbox(
        "Outcome",
        choices,
        format_func=lambda c: forest.outcome_label(c, counts),
        key="forest_outcome",
        bind="query-params",
    )
    outcomes_shown = forest.outcomes_of(outcome)
    measures = data.derived(dataset, _measures, outcome)
    measure = row1[1].selectbox(
        "Measure",
        list(measures),
        format_func=lambda m: forest.measure_label(m, measures[m]),
        key=f"forest_measure_{outcome}",
        help="Risk, odds and hazard ratios are different scales: a view shows one of them, or each trial's own.",
        disabled=len(measures) == 1,
    )
    sort = row1[2].selectbox(
        "Sort trials by", list(forest.SORTS), format_func=forest.SORTS.get, key="forest_sort", bind="query-params"
    )
    row2 = st.columns([2, 2, 1.6])
    method = row2[0].selectbox(
        "Pooling method",
        list(forest.METHOD_LABELS),
        format_func=forest.METHOD_LABELS.get,
        key="forest_method",
        bind="query-params",
        help="Random effects let the true effect differ between trials; fixed effect assumes one true effect.",
    )
    interval = row2[1].radio(
        "Confidence interval",
        list(forest.INTERVAL_LABELS),
        format_func=forest.INTERVAL_LABELS.get,
        key="forest_ci",
        bind="query-params",
        horizontal=True,
        help="Hartung-Knapp widens the interval to allow for the uncertainty in the between-trial variance.",
    )
    effects = data.derived(dataset, _effects, outcome, measure)
    labels = dict(zip(effects["study_key"], effects["label"], strict=False))
    leave_out = row2[2].multiselect(
        "Leave out", list(labels), format_func=labels.get, key=f"forest_leave_out_{outcome}_{measure}"
    )
    choice = (outcome, measure, method, interval, tuple(leave_out))
    view = data.derived(dataset, _view, *choice)

    chart, panel = st.columns([3, 1.3])
    with panel:
        if view.result is not None:
            for label, value in forest.summary_lines(view.result, measure):
                st.markdown(f"**{escape_markdown(label)}:** {escape_markdown(value)}")
        else:
            st.info(escape_markdown(view.refusal), icon=":material/block:")
            st.caption("The trials are drawn without a pooled estimate.")
    with chart:
        if view.rows.empty:
            st.warning("Every trial is left out. Remove a trial from 'Leave out' to draw it.")
        else:
            figure, caption, table = data.derived(dataset, _drawn, *choice, sort)
            st.plotly_chart(figure, key="forest_chart", config={"displaylogo": False})
            st.caption(escape_markdown(caption))
            with st.expander("Table of this chart"):
                st.dataframe(
                    table,
                    hide_index=True,
                    key="forest_table",
                    placeholder="–",
                    column_config={c: st.column_config.NumberColumn(format="%.2f") for c in forest.RATIO_COLUMNS},
                )
                st.download_button(
                    "Download this table (CSV)",
                    lambda: tables.to_safe_csv(table),  # made when clicked
                    f"forest_{outcome}_{measure}.csv",
                    "text/csv",
                    key="forest_csv",
                    icon=":material/download:",
                )
        if view.result is not None and view.result.k >= 3:
            with st.expander("Leave each trial out in turn"):
                st.dataframe(
                    data.derived(dataset, _left_out_in_turn, *choice),
                    hide_index=True,
                    key="forest_loo",
                    column_config={c: st.column_config.NumberColumn(format="%.2f") for c in forest.RATIO_COLUMNS},
                )

    st.header("What it means for 100 runners")
    ratio = forest.single_or_pooled_ratio(view) if outcome in forest.INJURY_OUTCOMES else None
    start = forest.default_baseline(effects)
    if ratio is None or start is None:
        st.caption(
            "Choose one injury outcome with a single measure, and either a pooled estimate or a single trial, to "
            "see the numbers per 100 runners."
        )
    else:
        baseline = st.slider(
            forest.slider_label(outcome),
            min_value=0.5,
            max_value=90.0,
            value=start[0],
            step=0.1,
            format="%.1f",
            key=f"forest_baseline_{outcome}_{measure}",
        )
        st.caption(escape_markdown(start[1]))
        effect = forest.absolute_effect(*ratio[:3], baseline, measure=ratio[3])
        for sentence in forest.absolute_sentences(effect, forest.event_words(outcome)):
            st.markdown(f"- {escape_markdown(sentence)}")
        st.caption(escape_markdown(forest.conversion_note(ratio[3])))

st.header("Reviews: printed estimates, never pooled")
st.markdown(
    "A review's estimate already pools many trials, sometimes the ones above, and reviews share trials with each "
    "other. Adding a review to trials, or to another review, would count the same runners twice, so their "
    "estimates are listed side by side, as printed."
)
reviews = data.derived(dataset, _reviews, None if outcomes_shown is None else tuple(outcomes_shown))
if reviews is None:
    st.caption("No review in the dataset printed a pooled estimate for this outcome.")
else:
    st.dataframe(reviews, hide_index=True, key="forest_reviews", placeholder="–")

st.header("Within-group changes (not pooled)")
st.markdown(
    "Running economy: the change printed for one group from before to after training. Without the control "
    "group's change beside it, and without a standard error, such a number shows what happened in that group, "
    "not what the training caused, so it is listed, not pooled."
)
changes = data.derived(dataset, _changes)
if changes is None:
    st.caption("No study in the dataset printed a change in running economy in percent.")
else:
    st.dataframe(
        changes,
        hide_index=True,
        key="forest_changes",
        placeholder="–",
        column_config={"Change (%)": st.column_config.NumberColumn(format="%.1f")},
    )
    st.caption(
        "Signs are as printed: some papers print economy as oxygen cost (lower is better), others as economy "
        "(higher is better). 'Reads as' follows each row's own direction."
    )
economy_reviews = data.derived(dataset, _reviews, ("running_economy",))
if economy_reviews is not None:
    st.markdown("What reviews printed for running economy (listed, not pooled):")
    st.dataframe(economy_reviews, hide_index=True, key="forest_economy_reviews", placeholder="–")

with st.expander("How to read this chart"):
    st.markdown(forest.HOW_TO_READ)
