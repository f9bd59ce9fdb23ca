"""The dataset as pages get it: loaded once per data folder and fingerprint, shared by every session.

Its cache key includes a fingerprint of the data files, so an edit to ``data/`` shows up on the first rerun that
starts :data:`RECHECK_SECONDS` or more after it.
"""

from __future__ import annotations

import functools
import gc
import threading
import time
from pathlib import Path

import streamlit as st

from evidence.data.files import data_dir, fingerprint
from evidence.data.load import Dataset, DatasetError, derived, keep_out_of_collections, load_dataset

# A run makes many short-lived objects (texts, frames, protocol messages): a younger generation of 20,000 objects
# instead of Python's 700 collects less often during a run (set once, when the frame first imports this module).
gc.set_threshold(20_000, 20, 20)


def _load_for_cache(folder: str, data_fingerprint: str) -> Dataset:
    """Cache target: the fingerprint is part of the key, so edited files are re-read."""
    return load_dataset(Path(folder))


@functools.cache
def _cached_loader():
    # cache_resource, not cache_data: one shared object, not an unpickled copy on every call (0.2 s at 10,000 works)
    return st.cache_resource(show_spinner="Loading the evidence...", max_entries=4)(_load_for_cache)


#: How long a data folder's fingerprint is trusted before its files are looked at again. Every run asks for the
#: dataset twice (the frame, then the page); looking at twenty files each time was a twentieth of a rerun's work.
RECHECK_SECONDS = 1.0
_last: dict[str, tuple[float, Dataset]] = {}  # data folder -> (when its fingerprint was checked, its dataset)
_last_lock = threading.Lock()


def get_dataset() -> Dataset:
    """The dataset for pages: cached by Streamlit, keyed on the data folder and its fingerprint (checked at most
    once every :data:`RECHECK_SECONDS`)."""
    folder = str(data_dir())
    now = time.monotonic()
    with _last_lock:
        known = _last.get(folder)
    if known is not None and now - known[0] < RECHECK_SECONDS:
        return known[1]
    dataset = _cached_loader()(folder, fingerprint(Path(folder)))
    with _last_lock:
        new = folder not in _last or _last[folder][1] is not dataset
        _last[folder] = (now, dataset)
    if new:  # a dataset lives as long as the server: out of the collector's way
        keep_out_of_collections()
    return dataset


__all__ = ["Dataset", "DatasetError", "derived", "get_dataset"]
