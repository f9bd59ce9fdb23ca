"""Uploaded files kept for the reader's session (Streamlit side of ``evidence.data.uploads``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.data.bibliography import Reference
from evidence.data.uploads import ACCEPTED, MAX_BYTES, Upload, as_studies, read_upload, references_table
from evidence.outputs.csv_export import template_csv
from evidence.views.summaries import escape_markdown

SESSION_KEY = "_your_uploads"


def remember(upload: Upload) -> None:
    """Keep a checked upload for this session (replacing an earlier file of the same name)."""
    kept = dict(st.session_state.get(SESSION_KEY, {}))
    kept[upload.name] = upload
    st.session_state[SESSION_KEY] = kept


def remembered() -> list[Upload]:
    return list(st.session_state.get(SESSION_KEY, {}).values())


def forget_all() -> None:
    st.session_state[SESSION_KEY] = {}
    st.session_state.pop(MESSAGE_KEY, None)


def your_studies() -> pd.DataFrame | None:
    frames = [as_studies(u.studies) for u in remembered() if u.studies is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def your_references() -> dict[str, Reference]:
    merged: dict[str, Reference] = {}
    for upload in remembered():
        merged.update(upload.references)
    return merged


MESSAGE_KEY = "_upload_result"


def on_upload(widget_key: str, taken_keys: set[str]) -> None:
    """File-uploader callback: check the new file before the page runs, so the table shows it at once."""
    file = st.session_state.get(widget_key)
    if file is None:
        st.session_state.pop(MESSAGE_KEY, None)
        return
    checked = read_upload(file.name, file.getvalue(), taken_keys)
    if checked.ok:
        remember(checked)
    st.session_state[MESSAGE_KEY] = checked


def last_result() -> Upload | None:
    return st.session_state.get(MESSAGE_KEY)


def panel(taken_keys: frozenset[str]) -> None:
    """The reader's own studies: template, upload, what the check found, and a button that forgets them."""
    with st.expander("Add your own studies (kept for this session only)"):
        st.markdown(
            "Upload a CSV in the studies template, or a BibTeX file, to see your studies beside ours. Files are "
            "checked with the same rules as our data; nothing you upload is stored. "
            f"Limit: {MAX_BYTES // 1_000_000} MB."
        )
        st.download_button("Download the CSV template", template_csv, "studies-template.csv", "text/csv",
                           key="upload_template", icon=":material/download:")  # fmt: skip
        st.file_uploader(
            "Your file", type=list(ACCEPTED), key="upload_file", on_change=on_upload, args=("upload_file", taken_keys)
        )
        checked = last_result()
        if checked is not None and checked.ok:
            count = len(checked.studies) if checked.studies is not None else len(checked.references)
            st.success(f"{escape_markdown(checked.name)}: {count} record(s) read with no problem.")
        elif checked is not None:
            st.error(f"{escape_markdown(checked.name)}: {len(checked.problems)} problem(s); nothing was added.")
            st.text("\n".join(checked.problems[:50]))
        references = your_references()
        if references:
            st.markdown("**Your references**")
            st.dataframe(references_table(references), hide_index=True, key="your_references")
        if remembered():
            st.button("Remove my uploads", on_click=forget_all, key="forget_uploads", icon=":material/delete:")
