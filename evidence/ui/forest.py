"""The forest page's Streamlit half: its choosers, the panel beside the chart, the chart with its table twin,
runners per 100, and the lists of reviews and within-group changes.

What is drawn is made once per dataset and choice (:func:`evidence.ui.cache.derived`): a forest of many trials takes
seconds to draw, and every widget change reruns the page. The texts and tables come from
:mod:`evidence.views.forest_text`, the figure from :mod:`evidence.views.forest`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence.outputs import csv_export
from evidence.stats import absolute, effects
from evidence.ui import cache, state, widgets
from evidence.views import forest, forest_text
from evidence.views import reviews as reviews_view
from evidence.views.summaries import escape_markdown

_RATIO_FORMAT = {c: st.column_config.NumberColumn(format="%.2f") for c in forest_text.RATIO_COLUMNS}


@dataclass(frozen=True)
class Choice:
    """What the reader chose: one forest plot."""

    outcome: str
    measure: str
    method: str
    interval: str
    leave_out: tuple[str, ...]
    sort: str

    @property
    def key(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        """The arguments that make the view (the sort only reorders it)."""
        return self.outcome, self.measure, self.method, self.interval, self.leave_out

    @property
    def outcomes(self) -> tuple[str, ...]:
        return tuple(effects.outcomes_of(self.outcome))


# --- made once per dataset and choice ---------------------------------------------------------------------------


def _choices(dataset: cache.Dataset) -> tuple[list[str], dict[str, int]]:
    return effects.choices_and_counts(dataset.results, dataset.studies)


def _candidates(dataset: cache.Dataset, outcome: str) -> list:
    """The studies' candidate effects for an outcome, found once for its measures and for each measure's trials."""
    return effects.study_candidates(dataset.results, dataset.studies, outcome)


def _measures(dataset: cache.Dataset, outcome: str) -> dict[str, int]:
    found = cache.derived(dataset, _candidates, outcome)
    return effects.measure_choices(dataset.results, dataset.studies, outcome, found=found)


def _effects(dataset: cache.Dataset, outcome: str, measure: str) -> pd.DataFrame:
    found = cache.derived(dataset, _candidates, outcome)
    return effects.trial_effects(dataset.results, dataset.studies, outcome, measure, found=found)


def _view(dataset: cache.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple):
    trials = cache.derived(dataset, _effects, outcome, measure)
    return forest_text.build_view(trials, measure, method, interval, list(leave_out))


def _drawn(dataset: cache.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple, sort: str):
    """The chart, its caption, its table and its text alternative."""
    view = cache.derived(dataset, _view, outcome, measure, method, interval, leave_out)
    heading, subheading = forest_text.figure_title(outcome, view)
    figure = forest.forest_figure(
        view.rows,
        view.result,
        measure,
        sort,
        title=heading,
        subtitle=subheading,
        event=forest_text.event_plural(outcome),
        show_outcome=outcome in (effects.ALL_INJURIES, effects.RUNNER_INJURIES),
    )
    table = forest_text.forest_table(view.rows, view.result, measure, sort)
    return figure, forest_text.chart_caption(view), table, forest_text.chart_alt_text(outcome, view)


def _left_out_in_turn(dataset: cache.Dataset, outcome: str, measure: str, method: str, interval: str, leave_out: tuple):
    view = cache.derived(dataset, _view, outcome, measure, method, interval, leave_out)
    return forest_text.leave_one_out_table(forest_text.leave_one_out(view.rows, method, interval), measure)


def _baseline(dataset: cache.Dataset, outcome: str, measure: str) -> tuple[float, str] | None:
    return forest_text.default_baseline(cache.derived(dataset, _effects, outcome, measure))


def _reviews(dataset: cache.Dataset, outcomes: tuple[str, ...] | None) -> pd.DataFrame | None:
    chosen = None if outcomes is None else list(outcomes)
    estimates = reviews_view.review_estimates(dataset.results, dataset.studies, chosen)
    return None if estimates.empty else reviews_view.review_table(estimates)


def _changes(dataset: cache.Dataset) -> pd.DataFrame | None:
    changes = forest_text.within_group_changes(dataset.results, dataset.studies, "running_economy")
    return None if changes.empty else forest_text.changes_table(changes)


# --- widgets ------------------------------------------------------------------------------------------------------


def choose(dataset: cache.Dataset) -> Choice | None:
    """The two rows of choosers (outcome, measure, sort; method, interval, trials left out); None, with the empty
    state shown, when no trial records a between-group effect."""
    choices, counts = cache.derived(dataset, _choices)
    if not choices:
        st.info(forest_text.NO_TRIALS, icon=":material/forest:")
        return None
    # a row per line of choosers, not a column per pair: a phone stacks them, and Tab moves, in reading order
    row1 = st.columns([2, 2, 1.6])
    outcome = state.linked_choice(
        row1[0], "selectbox", "Outcome", choices, "forest_outcome", lambda c: forest_text.outcome_label(c, counts)
    )
    measures = cache.derived(dataset, _measures, outcome)
    measure = row1[1].selectbox(
        "Measure",
        list(measures),
        format_func=lambda m: forest_text.measure_label(m, measures[m]),
        key=f"forest_measure_{outcome}",
        help=forest_text.MEASURE_HELP,
        disabled=len(measures) == 1,
    )
    sort = state.linked_choice(row1[2], "selectbox", "Sort trials by", list(forest.SORTS), "forest_sort",
                               forest.SORTS.get)  # fmt: skip
    row2 = st.columns([2, 2, 1.6])
    method = state.linked_choice(
        row2[0], "selectbox", "Pooling method", list(forest_text.METHOD_LABELS), "forest_method",
        forest_text.METHOD_LABELS.get, help=forest_text.METHOD_HELP,
    )  # fmt: skip
    interval = state.linked_choice(
        row2[1], "radio", "Confidence interval", list(forest_text.INTERVAL_LABELS), "forest_ci",
        forest_text.INTERVAL_LABELS.get, horizontal=True, help=forest_text.INTERVAL_HELP,
    )  # fmt: skip
    trials = cache.derived(dataset, _effects, outcome, measure)
    labels = dict(zip(trials["study_key"], trials["label"], strict=False))
    leave_out = row2[2].multiselect(
        "Leave out", list(labels), format_func=labels.get, key=f"forest_leave_out_{outcome}_{measure}", select_all=False
    )
    return Choice(outcome, measure, method, interval, tuple(leave_out), sort)


def view(dataset: cache.Dataset, choice: Choice) -> forest_text.ForestView:
    return cache.derived(dataset, _view, *choice.key)


def pooled_panel(view: forest_text.ForestView) -> None:
    """The pooled estimate's lines beside the chart, or why the trials are not pooled."""
    if view.result is not None:
        for label, value in forest_text.summary_lines(view.result, view.measure):
            st.markdown(f"**{escape_markdown(label)}:** {escape_markdown(value)}")
    else:
        st.info(escape_markdown(view.refusal), icon=":material/block:")
        st.caption(forest_text.NOT_POOLED)


def chart(dataset: cache.Dataset, choice: Choice, view: forest_text.ForestView) -> None:
    """The forest plot, its key, its table twin with a CSV download, and leave-one-out from 3 trials."""
    if view.rows.empty:
        st.warning(forest_text.ALL_LEFT_OUT)
        return
    figure, caption, table, alt = cache.derived(dataset, _drawn, *choice.key, choice.sort)
    st.caption(escape_markdown(alt))
    st.plotly_chart(widgets.sent_figure(figure), key="forest_chart", config={"displaylogo": False})
    st.caption(escape_markdown(caption))
    table_box = widgets.lazy_expander("Table of this chart", "forest_table_open")
    if table_box is not None:
        with table_box:
            st.dataframe(
                widgets.arrow(table), hide_index=True, key="forest_table", placeholder="–", column_config=_RATIO_FORMAT
            )
            st.download_button(
                "Download this table (CSV)",
                lambda: csv_export.safe_csv(table),  # made when clicked
                f"forest_{choice.outcome}_{choice.measure}.csv",
                "text/csv",
                key="forest_csv",
                icon=":material/download:",
            )
    if view.result is not None and view.result.k >= 3:
        # pooled once per trial: made only when the reader opens it (at 790 trials, 790 poolings of 789)
        more = widgets.lazy_expander("Leave each trial out in turn", "forest_loo_open")
        if more is not None:
            with more:
                loo = cache.derived(dataset, _left_out_in_turn, *choice.key)
                st.dataframe(loo, hide_index=True, key="forest_loo", column_config=_RATIO_FORMAT)


def runners_per_100(dataset: cache.Dataset, choice: Choice, view: forest_text.ForestView) -> None:
    """What the pooled (or single) ratio means for 100 runners, from a risk the reader sets on a slider."""
    ratio = forest_text.single_or_pooled_ratio(view) if choice.outcome in effects.INJURY_OUTCOMES else None
    start = cache.derived(dataset, _baseline, choice.outcome, choice.measure)
    if ratio is None or start is None:
        st.caption(forest_text.NO_ABSOLUTE)
        return
    baseline = st.slider(
        forest_text.slider_label(choice.outcome),
        min_value=0.5,
        max_value=90.0,
        value=start[0],
        step=0.1,
        format="%.1f",
        key=f"forest_baseline_{choice.outcome}_{choice.measure}",
    )
    st.caption(escape_markdown(start[1]))
    effect = absolute.absolute_effect(*ratio[:3], baseline, measure=ratio[3])
    for sentence in forest_text.absolute_sentences(effect, forest_text.event_words(choice.outcome)):
        st.markdown(f"- {escape_markdown(sentence)}")
    st.caption(escape_markdown(forest_text.conversion_note(ratio[3])))


def reviews(
    dataset: cache.Dataset, outcomes: tuple[str, ...] | None, key: str, intro: str = "", empty: str = ""
) -> None:
    """What reviews printed for these outcomes (all when None), listed after ``intro``; ``empty`` when none did."""
    table = cache.derived(dataset, _reviews, outcomes)
    if table is None:
        if empty:
            st.caption(empty)
        return
    if intro:
        st.markdown(intro)
    shown = widgets.paged(table, f"{key}_rows")  # past 100 reviews' estimates, a page at a time
    st.dataframe(widgets.arrow(shown), hide_index=True, key=key, placeholder="–")


def changes(dataset: cache.Dataset) -> None:
    """Within-group changes in running economy, listed with the direction each reads as."""
    table = cache.derived(dataset, _changes)
    if table is None:
        st.caption(forest_text.NO_CHANGES)
        return
    change_format = {"Change (%)": st.column_config.NumberColumn(format="%.1f")}
    shown = widgets.paged(table, "forest_changes_rows")  # past 100 changes, a page at a time
    st.dataframe(
        widgets.arrow(shown), hide_index=True, key="forest_changes", placeholder="–", column_config=change_format
    )
    st.caption(forest_text.CHANGES_SIGNS)


def difference_notes(dataset: cache.Dataset, choice: Choice) -> None:
    """For running economy and time trials: what g means, how each effect was read, and the trials not drawn."""
    frame = cache.derived(dataset, _effects, choice.outcome, choice.measure)
    st.markdown(forest_text.DIFFERENCE_MEANING)
    st.markdown(escape_markdown(forest_text.difference_sources(frame)))
    missing = forest_text.trials_without_numbers(dataset.studies, choice.outcome, frame)
    shortfall = forest_text.shortfall_sentence(missing, choice.outcome)
    if shortfall:
        st.caption(escape_markdown(shortfall))







