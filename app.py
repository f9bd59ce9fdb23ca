"""Runner Strength Evidence Explorer: the frame. It registers the pages, loads the dataset once, draws the
shared sidebar, and runs the page the reader chose."""

from pathlib import Path

import streamlit as st

from evidence.data import filters
from evidence.ui import cache, registry, state
from evidence.ui.registry import PAGES
from evidence.views.summaries import escape_markdown

presenting = st.query_params.get("present") == "1"  # presentation mode: no navigation, no sidebar
st.set_page_config(
    page_title="Runner Strength Evidence Explorer",
    page_icon=":material/directions_run:",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)

sections = registry.navigation_sections(str(Path(__file__).parent))
current = st.navigation(sections, position="hidden" if presenting else "sidebar")
spec = next(p for p in PAGES if p.title == current.title)

try:
    dataset = cache.get_dataset()
except cache.DatasetError as error:
    st.error("The dataset did not pass validation, so the explorer cannot show it. Problems found:")
    st.text("\n".join(str(problem) for problem in error.problems[:50]))
    st.stop()

options = cache.derived(dataset, filters.dataset_filter_options)
state.read_link(dataset.studies, dataset.posts, options)
if spec.filters and not presenting:
    state.render_filters(dataset.studies, dataset.posts, spec.filters, options)
for notice in state.link_notices():
    st.info(escape_markdown(notice), icon=":material/link_off:")

if not presenting:
    st.sidebar.caption(
        f"Dataset version {escape_markdown(dataset.metadata['version'])} of {escape_markdown(dataset.metadata['date'])}"
        f" · {len(dataset.studies)} works · licence CC BY 4.0"
    )

with registry.framed():
    current.run()
