"""The dataset as pages get it: loaded once per data folder and fingerprint, shared by every session.

Its cache key includes a fingerprint of the data files, so an edit to ``data/`` shows up on the next rerun.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from evidence.data.files import data_dir, fingerprint
from evidence.data.load import Dataset, DatasetError, derived, load_dataset


def _load_for_cache(folder: str, data_fingerprint: str) -> Dataset:
    """Cache target: the fingerprint is part of the key, so edited files are re-read."""
    return load_dataset(Path(folder))


@functools.cache
def _cached_loader():
    # cache_resource, not cache_data: one shared object, not an unpickled copy on every call (0.2 s at 10,000 works)
    return st.cache_resource(show_spinner="Loading the evidence...", max_entries=4)(_load_for_cache)


def get_dataset() -> Dataset:
    """The dataset for pages: cached by Streamlit, keyed on the data folder and its fingerprint."""
    folder = data_dir()
    return _cached_loader()(str(folder), fingerprint(folder))


__all__ = ["Dataset", "DatasetError", "derived", "get_dataset"]
