"""Forest plots: each trial's effect, pooled when the trials may be pooled, beside what reviews printed."""

import streamlit as st

from evidence.stats import differences, effects
from evidence.ui import cache, registry
from evidence.ui import forest as forest_ui
from evidence.ui import reviews as reviews_ui
from evidence.views import forest_text

registry.ensure_frame(__file__)

dataset = cache.get_dataset()

st.title("Forest plots")
st.markdown(forest_text.INTRO)


@st.fragment
def options_and_charts() -> None:
    """Everything the forest options change, rerun alone when one of them changes (the frame is not rerun)."""
    choice = forest_ui.choose(dataset)
    if choice is not None:
        view = forest_ui.view(dataset, choice)
        chart, panel = st.columns([3, 1.3])
        with panel:
            forest_ui.pooled_panel(view)
        with chart:
            forest_ui.chart(dataset, choice, view)
        if choice.outcome in differences.DIFFERENCE_OUTCOMES:
            st.header(forest_text.DIFFERENCE_HEADER)
            forest_ui.difference_notes(dataset, choice)
        else:
            if choice.outcome == effects.RUNNER_INJURIES:
                reviews_ui.runner_reviews(dataset)
            st.header("What it means for 100 runners")
            forest_ui.runners_per_100(dataset, choice, view)

    st.header("What the reviews say")
    reviews_ui.what_reviews_say(dataset)

    st.header(forest_text.REVIEWS_HEADER)
    st.markdown(forest_text.REVIEWS_INTRO)
    outcomes = None if choice is None else choice.outcomes
    forest_ui.reviews(dataset, outcomes, "forest_reviews", empty=forest_text.NO_REVIEWS)


options_and_charts()

# the same for every choice of the options above, so outside their fragment: not re-sent when a trial is left out
st.header(forest_text.CHANGES_HEADER)
st.markdown(forest_text.CHANGES_INTRO)
forest_ui.changes(dataset)
forest_ui.reviews(dataset, ("running_economy",), "forest_economy_reviews", intro=forest_text.ECONOMY_REVIEWS)

with st.expander("How to read this chart"):
    st.markdown(forest_text.HOW_TO_READ)
