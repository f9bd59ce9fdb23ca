"""Data dictionary: every column of every file, rendered from the schema itself."""

import pandas as pd
import streamlit as st

from evidence.ui import registry
from evidence.views import dictionary

registry.ensure_frame(__file__)

st.title("Data dictionary")
st.markdown(
    "Every column of every data file, with its meaning and the rules the validator checks. "
    "This page is generated from the schema the validator uses, so it cannot drift from it."
)
for name, description, frame in dictionary.file_tables():
    st.subheader(name)
    st.caption(description)
    st.dataframe(frame, hide_index=True, key=f"dict_{name}")
st.subheader("Derived columns")
st.caption("Added by the loader from the curated files; curators do not type them.")
st.dataframe(dictionary.derived_table(), hide_index=True, key="dict_derived")
st.header("Fixed vocabularies")
for title, vocabulary in dictionary.VOCABULARIES.items():
    with st.expander(title):
        st.dataframe(
            pd.DataFrame(list(vocabulary.items()), columns=["Value", "Meaning"]), hide_index=True, key=f"vocab_{title}"
        )
