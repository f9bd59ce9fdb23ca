"""Studies: the table of every work, filtered by the shared sidebar filters, and one study in detail."""

import streamlit as st

from evidence import claims, data, export, registry, state, tables
from evidence.schema import DESIGN_NAMES, INTERVENTIONS
from evidence.summaries import escape_markdown, fmt

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
if len(selected) == 1:
    st.info("One study matches: its details are below.", icon=":material/arrow_downward:")

frame = tables.studies_table(selected)
event = st.dataframe(
    frame,
    hide_index=True,
    column_config=tables.study_columns(),
    key="studies_table",
    height=min(560, 38 * len(frame) + 40),
    placeholder="–",
    on_select="rerun",
    selection_mode="single-row",
)
st.caption("Select a row to read that study in detail.")
st.download_button(
    "Download these studies (CSV)",
    tables.to_safe_csv(frame),
    "studies.csv",
    "text/csv",
    key="studies_csv",
    icon=":material/download:",
)
which = "this study" if len(selected) == 1 else f"these {len(selected)} studies"
with st.expander(f"Export {which}: CSV, BibTeX, RIS, APA or Vancouver"):
    files = export.downloads(selected, dataset.results, dataset.bibliography, dataset.bib_text)
    columns = st.columns(3)
    for index, (label, file_name, mime, make) in enumerate(files):
        columns[index % 3].download_button(
            label, make, file_name, mime, key=f"export_{file_name}", icon=":material/download:", on_click="ignore"
        )
st.caption("Link to this view: copy it with the button on the right of the box.")
st.code(f"{state.base_url()}{state.view_query(values)}", language=None)
with st.expander("How to read this table"):
    st.markdown(escape_markdown(tables.TABLE_HELP))

rows = event.selection.rows if event and event.selection else []
key = frame.iloc[rows[0]]["Key"] if rows else (frame.iloc[0]["Key"] if len(frame) == 1 else None)
if key:
    study = dataset.studies.set_index("key").loc[key]
    st.header(study["label"], anchor="detail")
    st.markdown(f"**{escape_markdown(study['title'])}**")
    st.caption(f"{escape_markdown(study['authors'])} · {escape_markdown(study['journal'])}")
    facts = st.columns(4)
    facts[0].metric("Design", DESIGN_NAMES.get(study["design"], study["design"]))
    facts[1].metric("Participants", fmt(study["n"]) or "not reported")
    facts[2].metric("Weeks", fmt(study["weeks"]) or "–")
    facts[3].metric("Sessions a week", fmt(study["sessions_per_week"]) or "–")
    st.markdown(f"**Who:** {escape_markdown(study['population'])}")
    intervention = INTERVENTIONS.get(study["intervention_type"], study["intervention_type"])
    st.markdown(
        f"**Training:** {escape_markdown(intervention)} **Compared with:** {escape_markdown(study['comparator'])}"
    )
    st.markdown(f"**In short:** {escape_markdown(study['summary'])}")
    if study["note"] and str(study["note"]) != "nan":
        st.caption(f"Note: {escape_markdown(study['note'])}")
    st.subheader("Every recorded result")
    own = dataset.results[dataset.results["study_key"] == key]
    if own.empty:
        st.info(
            "No result is recorded for this work (a review without numbers, a guideline, a blog or a work not found)."
        )
    else:
        st.dataframe(tables.results_table(own), hide_index=True, key="detail_results", placeholder="–")
    used = claims.claims_using(key, dataset.claims)
    st.subheader(f"Claims that use it ({len(used)})")
    for _, claim in used.iterrows():
        quote = escape_markdown(claim["quote"])
        st.markdown(f"{claims.badges_markdown(claim['verdict'])} **{claim['claim_id']}** “{quote}”")
    printed = claims.citations_of(key, dataset.citations, dataset.posts)
    st.subheader(f"Posts that cite it ({len(printed)})")
    if not printed.empty:
        st.dataframe(printed, hide_index=True, key="detail_citations")
    links = st.columns(2)
    if study["doi"]:
        links[0].link_button("DOI", f"https://doi.org/{study['doi']}", icon=":material/open_in_new:")
    if isinstance(study["source_url"], str):
        links[1].link_button("Page the record was checked on", study["source_url"], icon=":material/open_in_new:")
