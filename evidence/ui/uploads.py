"""Uploaded files kept for the reader's session (Streamlit side of ``evidence.data.uploads``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.data.bibliography import Reference
from evidence.data.uploads import Upload, as_studies, read_upload

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
