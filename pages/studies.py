"""Studies: the table of every work, filtered by the shared sidebar filters, and one study in detail."""

import streamlit as st

from evidence.outputs import briefs, csv_export
from evidence.ui import briefs as brief
from evidence.ui import cache, cards, registry, state, studies, widgets
from evidence.ui import uploads as your_uploads
from evidence.views import tables
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = cache.get_dataset()
keys = studies.keys(dataset)
values = state.current_values()
yours = your_uploads.your_studies()
selected, frame, files = studies.view(dataset, values, yours)
total = len(dataset.studies) + (0 if yours is None else len(yours))

st.title("Studies")
st.markdown(f"**{len(selected)} of {total} works** match the filters.")
if yours is not None:
    st.caption(f"Including {len(yours)} of your own, marked '(yours)', for this session only.")
if selected.empty:
    widgets.no_match("study", "empty_clear")
if len(selected) == 1:
    st.info("One study matches: its details are below.", icon=":material/arrow_downward:")
order = state.linked_choice(st, "selectbox", "Sort by", list(tables.SORTS), "sort", tables.SORTS.get, True)
frame = studies.ordered(dataset, values, yours, frame, order)  # in the link (sort=year_newest): a copy keeps it
shown = widgets.paged(frame, "studies_table")  # past 100 rows: a page at a time, sorted on the server
event = st.dataframe(
    widgets.arrow(shown), hide_index=True, column_config=widgets.study_columns(), key="studies_table",
    height=min(560, 38 * len(shown) + 40), placeholder="–", on_select="rerun", selection_mode="single-row",
)  # fmt: skip
st.caption("Select a row to read that study in detail.")
st.download_button("Download these studies (CSV)", lambda: csv_export.safe_csv(frame), "studies.csv", "text/csv",
                   key="studies_csv", icon=":material/download:")  # fmt: skip  (made when clicked)
widgets.export_buttons(files, len(selected))
chosen_outcomes = list(values.get("outcome") or [])
if len(chosen_outcomes) == 1 and chosen_outcomes[0] in briefs.brief_outcomes(dataset):
    brief.brief_button(dataset, chosen_outcomes[0], "studies_brief")
rows = event.selection.rows if event and event.selection else []
linked = st.query_params.get("study")  # a link may name one study to open: ?study=storen2008
key = shown.iloc[rows[0]]["Key"] if rows else (linked or (frame.iloc[0]["Key"] if len(frame) == 1 else None))
chosen = key if (rows or linked) and key in keys else None  # a study the reader chose, or the link named
widgets.view_link(values, extra={"sort": None if order == "dataset" else order, "study": chosen})
with st.expander("How to read this table"):
    st.markdown(escape_markdown(tables.TABLE_HELP))
your_uploads.panel(keys)

if linked and linked not in keys:
    st.info("The study named in the link is not in the dataset.", icon=":material/link_off:")
if rows and key in keys:
    st.query_params["study"] = key  # the chosen study is in the link: a copied link reopens it
if key and key in keys:
    cards.study_detail(dataset, key, dataset.studies.set_index("key").loc[key])
