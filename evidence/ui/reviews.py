"""What the reviews say, as pages show it: a question's chart of review estimates with its text alternative,
table twin and CSV; the runner reviews beside the runner trials."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.ui import cache, widgets
from evidence.views import reviews as reviews_view
from evidence.views.summaries import escape_markdown

#: The runners' page's questions and the review questions that answer them.
GUIDE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "economy": ("economy", "performance"),
    "injuries": ("injuries_runners", "injuries_sports"),
    "ageing": ("age",),
}


def _question(dataset: cache.Dataset, key: str) -> tuple[pd.DataFrame, object, str]:
    question = next(q for q in reviews_view.QUESTIONS if q.key == key)
    estimates = reviews_view.question_estimates(dataset.results, dataset.studies, question)
    figure = None
    if len(estimates):
        figure = reviews_view.question_figure(estimates, question.title, question.lower_is_better)
    return reviews_view.question_table(estimates), figure, reviews_view.question_alt_text(estimates, question)


def what_reviews_say(dataset: cache.Dataset, keys: tuple[str, ...] = reviews_view.QUESTION_KEYS,
                     widget: str = "reviews_question") -> None:  # fmt: skip
    """Every review's pooled estimate for a question the reader picks, newest first, one axis per measure."""
    titles = {q.key: q.title for q in reviews_view.QUESTIONS}
    key = st.segmented_control(
        "Question", list(keys), format_func=titles.get, default=keys[0], key=widget, required=True
    ) if len(keys) > 1 else keys[0]  # fmt: skip
    table, figure, alt = cache.derived(dataset, _question, key)
    if figure is None:
        st.markdown(escape_markdown(alt))
        return
    widgets.chart_with_table(
        figure, table, f"{widget}_{key}", f"reviews-{key}.csv", "Table of these estimates", alt=alt
    )
    st.caption(reviews_view.OVERLAP)


def _statements(dataset: cache.Dataset, key: str) -> list[str]:
    question = next(q for q in reviews_view.QUESTIONS if q.key == key)
    return reviews_view.statements_without_numbers(dataset.results, dataset.studies, question)


def runner_reviews(dataset: cache.Dataset) -> None:
    """Beside the runner trials: what reviews of runner trials printed, and what they state without a number."""
    st.markdown("**Reviews of injury prevention in runners** (beside the trials, never pooled with them)")
    what_reviews_say(dataset, ("injuries_runners",), "runner_reviews")
    for line in cache.derived(dataset, _statements, "injuries_runners"):
        st.markdown(f"- {escape_markdown(line)}")


def for_guide_section(dataset: cache.Dataset, section: str) -> None:
    """Under a runners' question, in an expander: what the reviews say about it (nothing for other questions)."""
    if section not in GUIDE_QUESTIONS:
        return
    with st.expander("What the reviews say"):
        what_reviews_say(dataset, GUIDE_QUESTIONS[section], f"guide_reviews_{section}")
