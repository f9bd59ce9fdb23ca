"""Evidence map: what has been studied (outcome x intervention) and when, for the studies the filters select."""

import streamlit as st

from evidence.data import filters
from evidence.ui import cache, registry, state, widgets
from evidence.views import charts

registry.ensure_frame(__file__)


def _view(dataset: cache.Dataset, view: tuple) -> dict:
    """The studies a view selects, with the map's and the timeline's tables and figures: made once per dataset and
    view (the two figures took half of a rerun)."""
    selected = filters.apply_filters(dataset.studies, dataset.results, dict(view))
    if selected.empty:
        return {"selected": selected}
    gaps = charts.gap_table(selected)
    timeline = charts.timeline_table(selected)
    return {
        "selected": selected,
        "gaps": gaps,
        "gap_figure": charts.gap_figure(gaps),
        "gap_shown": gaps.drop(columns=["outcome", "intervention"]),
        "gap_alt": charts.gap_alt_text(gaps),
        "timeline": timeline,
        "timeline_figure": charts.timeline_figure(timeline),
        "timeline_alt": charts.timeline_alt_text(timeline),
    }


dataset = cache.get_dataset()
values = state.current_values()
view = cache.derived(dataset, _view, filters.view_key(values))
selected = view["selected"]


def _filter_from_map() -> None:
    """A click on a bubble filters the studies by its outcome and intervention."""
    points = st.session_state["gap_map"].selection.points
    if points:
        outcome, intervention = points[0]["customdata"][:2]
        st.session_state["outcome"] = [outcome]
        st.session_state["intervention"] = [intervention]


st.title("Evidence map")
st.markdown(
    f"**{len(selected)} of {len(dataset.studies)} works** match the filters. Each bubble is an outcome studied "
    "with a kind of training; its size is the number of works, its colour the strongest design among them. "
    "Click a bubble to filter the studies by it."
)
if selected.empty:
    st.warning("No study matches these filters. Remove a filter in the sidebar, or clear them all.")
    st.button("Clear all filters", on_click=state.clear_filters, key="map_empty_clear", icon=":material/close:")
    st.stop()

widgets.chart_with_table(
    view["gap_figure"], view["gap_shown"], "gap_map", "evidence_map.csv", "Table of the evidence map", _filter_from_map,
    alt=view["gap_alt"],
    narrow_table=True,  # a grid of bubbles does not fit a phone: its table does
)
st.page_link("pages/studies.py", label="See these studies in the table", icon=":material/table_view:")

st.header("Timeline")
st.markdown("Crosses mark studies that found no difference: null results count as much as positive ones.")
widgets.chart_with_table(
    view["timeline_figure"], view["timeline"], "timeline", "timeline.csv", "Table of the timeline",
    alt=view["timeline_alt"],
)
