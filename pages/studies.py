"""Studies: the table of every work, filtered by the shared sidebar filters, and one study in detail."""

import pandas as pd
import streamlit as st

from evidence.data import filters, uploads
from evidence.data.schema import DESIGN_NAMES, INTERVENTIONS, OUTCOME_NAMES
from evidence.outputs import briefs, csv_export
from evidence.outputs import references as export
from evidence.ui import cache, downloads, registry, state, widgets
from evidence.ui import uploads as your_uploads
from evidence.views import claims, tables
from evidence.views.summaries import escape_markdown, fmt

registry.ensure_frame(__file__)


def _view(dataset: cache.Dataset, view: tuple) -> tuple[pd.DataFrame, pd.DataFrame, str, list[tuple]]:
    """The studies a view selects, their table, its CSV and the exports: made once per dataset and view."""
    selected = filters.apply_filters(dataset.studies, dataset.results, dict(view))
    files = export.downloads(selected, dataset.results, dataset.bibliography, dataset.bib_text)
    frame = tables.studies_table(selected)
    return selected, frame, csv_export.safe_csv(frame), files


def _keys(dataset: cache.Dataset) -> frozenset[str]:
    """The keys of the curated works, as a set (built on every run, it took 20-50 ms at 10,000 works)."""
    return frozenset(dataset.studies["key"])


dataset = cache.get_dataset()
keys = cache.derived(dataset, _keys)
values = state.current_values()
yours = your_uploads.your_studies()
everything = dataset.studies if yours is None else pd.concat([dataset.studies, yours], ignore_index=True)
if yours is None:
    selected, frame, table_csv, files = cache.derived(dataset, _view, filters.view_key(values))
else:  # the reader's own studies are theirs alone: nothing kept
    selected = filters.apply_filters(everything, dataset.results, values)
    frame = tables.studies_table(selected)
    table_csv = csv_export.safe_csv(frame)
    files = export.downloads(selected, dataset.results, dataset.bibliography, dataset.bib_text)

st.title("Studies")
st.markdown(f"**{len(selected)} of {len(everything)} works** match the filters.")
if yours is not None:
    st.caption(f"Including {len(yours)} of your own, marked '(yours)', for this session only.")
if selected.empty:
    st.warning("No study matches these filters. Remove a filter in the sidebar, or clear them all.")
    st.button("Clear all filters", on_click=state.clear_filters, key="empty_clear", icon=":material/close:")
    st.stop()
if len(selected) == 1:
    st.info("One study matches: its details are below.", icon=":material/arrow_downward:")

event = st.dataframe(
    frame,
    hide_index=True,
    column_config=widgets.study_columns(),
    key="studies_table",
    height=min(560, 38 * len(frame) + 40),
    placeholder="–",
    on_select="rerun",
    selection_mode="single-row",
)
st.caption("Select a row to read that study in detail.")
st.download_button(
    "Download these studies (CSV)",
    table_csv,  # a plain download (one address per view), made once per view
    "studies.csv",
    "text/csv",
    key="studies_csv",
    icon=":material/download:",
)
which = "this study" if len(selected) == 1 else f"these {len(selected)} studies"
with st.expander(f"Export {which}: CSV, BibTeX, RIS, APA or Vancouver"):
    columns = st.columns(3)
    for index, (label, file_name, mime, make) in enumerate(files):
        columns[index % 3].download_button(
            label, make, file_name, mime, key=f"export_{file_name}", icon=":material/download:", on_click="ignore"
        )
chosen_outcomes = list(values.get("outcome") or [])
if len(chosen_outcomes) == 1 and chosen_outcomes[0] in briefs.brief_outcomes(dataset):
    outcome = chosen_outcomes[0]
    brief_link = state.page_url("studies", briefs.live_view_params(outcome))
    st.download_button(
        f"One-page brief on {OUTCOME_NAMES[outcome]} (PDF)",
        lambda: downloads.brief_pdf(outcome, dataset.fingerprint, brief_link, dataset),
        f"brief-{outcome.replace('_', '-')}.pdf",
        "application/pdf",
        key="studies_brief",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="What the posts claim about this outcome, our verdicts, the training that showed a benefit, caveats "
        "and references, on one A4 page with a QR code back to these studies.",
    )
st.caption("Link to this view: copy it with the button on the right of the box.")
st.code(f"{state.base_url()}{filters.view_query(values)}", language=None)
with st.expander("How to read this table"):
    st.markdown(escape_markdown(tables.TABLE_HELP))

with st.expander("Add your own studies (kept for this session only)"):
    st.markdown(
        "Upload a CSV in the studies template, or a BibTeX file, to see your studies beside ours. Files are checked "
        f"with the same rules as our data; nothing you upload is stored. Limit: {uploads.MAX_BYTES // 1_000_000} MB."
    )
    st.download_button("Download the CSV template", uploads.template_csv, "studies-template.csv", "text/csv",
                       key="upload_template", icon=":material/download:")  # fmt: skip
    st.file_uploader(
        "Your file",
        type=list(uploads.ACCEPTED),
        key="upload_file",
        on_change=your_uploads.on_upload,
        args=("upload_file", keys),
    )
    checked = your_uploads.last_result()
    if checked is not None and checked.ok:
        count = len(checked.studies) if checked.studies is not None else len(checked.references)
        st.success(f"{escape_markdown(checked.name)}: {count} record(s) read with no problem.")
    elif checked is not None:
        st.error(f"{escape_markdown(checked.name)}: {len(checked.problems)} problem(s); nothing was added.")
        st.text("\n".join(checked.problems[:50]))
    references = your_uploads.your_references()
    if references:
        st.markdown("**Your references**")
        st.dataframe(uploads.references_table(references), hide_index=True, key="your_references")
    if your_uploads.remembered():
        st.button("Remove my uploads", on_click=your_uploads.forget_all, key="forget_uploads", icon=":material/delete:")

rows = event.selection.rows if event and event.selection else []
linked = st.query_params.get("study")  # a link may name one study to open: ?study=storen2008
if linked and linked not in keys:
    st.info("The study named in the link is not in the dataset.", icon=":material/link_off:")
    linked = None
key = frame.iloc[rows[0]]["Key"] if rows else (linked or (frame.iloc[0]["Key"] if len(frame) == 1 else None))
if key and key in keys:
    study = dataset.studies.set_index("key").loc[key]
    st.header(study["label"], anchor="detail")
    st.markdown(f"**{escape_markdown(study['title'])}**")
    st.caption(f"{escape_markdown(study['authors'])} · {escape_markdown(study['journal'])}")
    facts = st.columns(3)  # numbers only: a design's name ("controlled trial (not randomised)") is cut in a metric
    facts[0].metric("Participants", fmt(study["n"]) or "not reported")
    facts[1].metric("Weeks", fmt(study["weeks"]) or "–")
    facts[2].metric("Sessions a week", fmt(study["sessions_per_week"]) or "–")
    st.markdown(f"**Design:** {escape_markdown(DESIGN_NAMES.get(study['design'], study['design']))}")
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
