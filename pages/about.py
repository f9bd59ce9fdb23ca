"""About & methods: inclusion, extraction, version, licence, and how to add a study."""

import streamlit as st

from evidence.ui import about, cache, registry
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = cache.get_dataset()
meta = dataset.metadata

st.title("About & methods")
st.markdown(
    "The explorer checks what five popular articles tell runners about strength training against what the cited "
    "studies found. It is built for coaches, runners and students, and every number in it can be traced to the "
    "page where it was read."
)
columns = st.columns(3)
columns[0].metric("Dataset version", meta["version"])
columns[1].metric("Version date", meta["date"])
columns[2].metric("Literature searched", meta["search_date"], help="Date of the searches behind the data.")
st.markdown(f"**Licence of the data:** {escape_markdown(meta['licence'])}")

st.header("Which works are included")
st.markdown(escape_markdown(meta["inclusion"]))
st.header("How numbers were read")
st.markdown(escape_markdown(meta["extraction"]))
checked = dataset.results["verified"].sum()
st.markdown(
    f"Of {len(dataset.results)} results, **{checked} were read in the source itself**; "
    f"{len(dataset.results) - checked} come from another description of the study and are marked as such."
)
not_found = dataset.studies[dataset.studies["status"] == "not_found"]
if len(not_found):
    st.subheader("Cited works we could not locate")
    for _, row in not_found.iterrows():
        st.markdown(f"- **{escape_markdown(row['label'])}**: {escape_markdown(row['note'])}")
st.header(f"What changed in version {escape_markdown(meta['version'])}")
about.what_changed(dataset)
st.header("How to add a study")
about.adding_a_study(meta["adding_a_study"])
st.markdown("The validator lists every problem with its file, row, column and rule:")
st.code("make validate", language="bash")
