"""Studies: the table of every work, filtered by the shared sidebar filters, and one study in detail."""

import pandas as pd
import streamlit as st

from evidence.data import filters
from evidence.outputs import briefs, csv_export
from evidence.outputs import references as export
from evidence.ui import briefs as brief
from evidence.ui import cache, cards, registry, state, widgets
from evidence.ui import uploads as your_uploads
from evidence.views import tables
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)


def _view(dataset: cache.Dataset, view: tuple, studies: pd.DataFrame | None = None) -> tuple:
    """The studies a view selects (of ``studies``, default the dataset's), their table and the exports."""
    selected = filters.apply_filters(dataset.studies if studies is None else studies, dataset.results, dict(view))
    files = export.downloads(selected, dataset.results, dataset.bibliography, dataset.bib_text)
    return selected, tables.studies_table(selected), files


def _keys(dataset: cache.Dataset) -> frozenset[str]:
    """The keys of the curated works, as a set (built on every run, it took 20-50 ms at 10,000 works)."""
    return frozenset(dataset.studies["key"].tolist())


dataset = cache.get_dataset()
keys = cache.derived(dataset, _keys)
values = state.current_values()
yours = your_uploads.your_studies()
everything = dataset.studies if yours is None else pd.concat([dataset.studies, yours], ignore_index=True)
if yours is None:  # made once per dataset and view
    selected, frame, files = cache.derived(dataset, _view, filters.view_key(values))
else:  # the reader's own studies are theirs alone: nothing kept
    selected, frame, files = _view(dataset, filters.view_key(values), everything)

st.title("Studies")
st.markdown(f"**{len(selected)} of {len(everything)} works** match the filters.")
if yours is not None:
    st.caption(f"Including {len(yours)} of your own, marked '(yours)', for this session only.")
if selected.empty:
    widgets.no_match("study", "empty_clear")
if len(selected) == 1:
    st.info("One study matches: its details are below.", icon=":material/arrow_downward:")
order = state.linked_choice(st, "selectbox", "Sort by", list(tables.SORTS), "sort", tables.SORTS.get, True)
frame = tables.sort_studies(frame, order)  # the order is in the link (sort=year_newest): a copied link keeps it
shown = widgets.paged(frame, "studies_table")  # past 100 rows: a page at a time, sorted on the server
event = st.dataframe(
    shown, hide_index=True, column_config=widgets.study_columns(), key="studies_table",
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
