"""Studies: the table of every work, filtered by the shared sidebar filters."""

import streamlit as st

from evidence import data, registry, state, tables
from evidence.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = data.get_dataset()
values = state.current_values()
selected = state.apply_filters(dataset.studies, dataset.results, values)

st.title("Studies")
st.markdown(f"**{len(selected)} of {len(dataset.studies)} works** match the filters.")
if selected.empty:
    st.warning("No study matches these filters. Remove a filter in the sidebar, or clear them all.")
    st.button("Clear all filters", on_click=state.clear_filters, key="empty_clear", icon=":material/close:")
    st.stop()

frame = tables.studies_table(selected)
st.dataframe(
    frame, hide_index=True, column_config=tables.study_columns(), key="studies_table", height=560, placeholder="–"
)
st.download_button(
    "Download these studies (CSV)",
    tables.to_safe_csv(frame),
    "studies.csv",
    "text/csv",
    key="studies_csv",
    icon=":material/download:",
)
link = state.view_query(values)
st.caption("Link to this view: copy it with the button on the right of the box.")
st.code(f"{state.base_url()}{link}", language=None)
with st.expander("How to read this table"):
    st.markdown(escape_markdown(tables.TABLE_HELP))
