"""Forest plots: each trial's effect, pooled when the trials may be pooled, beside what reviews printed."""

import streamlit as st

from evidence import data, forest, registry, tables
from evidence.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = data.get_dataset()
results, studies = dataset.results, dataset.studies

st.title("Forest plots")
st.markdown(
    "Each row is one trial: how often the outcome happened **with the programme compared with the control "
    "group**, with its 95% confidence interval. Trials are pooled only when they measured the same outcome with "
    "the same measure; reviews are listed beside them, never pooled with them."
)

choices = forest.outcome_choices(results, studies)
outcomes_shown = None
if not choices:
    st.info(forest.NO_TRIALS, icon=":material/forest:")
else:
    counts = forest.trial_counts(results, studies, choices)
    row1 = st.columns([2, 2, 1.6])
    outcome = row1[0].selectbox(
        "Outcome",
        choices,
        format_func=lambda c: forest.outcome_label(c, counts),
        key="forest_outcome",
        bind="query-params",
    )
    outcomes_shown = forest.outcomes_of(outcome)
    measures = forest.measure_choices(results, studies, outcome)
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
    effects = forest.trial_effects(results, studies, outcome, measure)
    labels = dict(zip(effects["study_key"], effects["label"], strict=False))
    leave_out = row2[2].multiselect(
        "Leave out", list(labels), format_func=labels.get, key=f"forest_leave_out_{outcome}_{measure}"
    )
    view = forest.build_view(effects, measure, method, interval, leave_out)

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
            st.plotly_chart(figure, key="forest_chart", config={"displaylogo": False})
            st.caption(escape_markdown(forest.chart_caption(view)))
            with st.expander("Table of this chart"):
                table = forest.forest_table(view.rows, view.result, measure, sort)
                st.dataframe(
                    table,
                    hide_index=True,
                    key="forest_table",
                    placeholder="–",
                    column_config={c: st.column_config.NumberColumn(format="%.2f") for c in forest.RATIO_COLUMNS},
                )
                st.download_button(
                    "Download this table (CSV)",
                    tables.to_safe_csv(table),
                    f"forest_{outcome}_{measure}.csv",
                    "text/csv",
                    key="forest_csv",
                    icon=":material/download:",
                )
        if view.result is not None and view.result.k >= 3:
            with st.expander("Leave each trial out in turn"):
                pairs = forest.leave_one_out(view.rows, method, interval)
                st.dataframe(
                    forest.leave_one_out_table(pairs, measure),
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
reviews = forest.review_estimates(results, studies, outcomes_shown)
if reviews.empty:
    st.caption("No review in the dataset printed a pooled estimate for this outcome.")
else:
    st.dataframe(forest.review_table(reviews), hide_index=True, key="forest_reviews", placeholder="–")

st.header("Within-group changes (not pooled)")
st.markdown(
    "Running economy: the change printed for one group from before to after training. Without the control "
    "group's change beside it, and without a standard error, such a number shows what happened in that group, "
    "not what the training caused, so it is listed, not pooled."
)
changes = forest.within_group_changes(results, studies, "running_economy")
if changes.empty:
    st.caption("No study in the dataset printed a change in running economy in percent.")
else:
    st.dataframe(
        forest.changes_table(changes),
        hide_index=True,
        key="forest_changes",
        placeholder="–",
        column_config={"Change (%)": st.column_config.NumberColumn(format="%.1f")},
    )
    st.caption(
        "Signs are as printed: some papers print economy as oxygen cost (lower is better), others as economy "
        "(higher is better). 'Reads as' follows each row's own direction."
    )
economy_reviews = forest.review_estimates(results, studies, ["running_economy"])
if not economy_reviews.empty:
    st.markdown("What reviews printed for running economy (listed, not pooled):")
    st.dataframe(forest.review_table(economy_reviews), hide_index=True, key="forest_economy_reviews", placeholder="–")

with st.expander("How to read this chart"):
    st.markdown(forest.HOW_TO_READ)
