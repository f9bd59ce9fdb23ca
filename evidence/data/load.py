"""Loading the curated dataset.

``load_dataset`` is plain Python (no Streamlit) and raises :class:`DatasetError` with every problem found.
``get_dataset`` is the thin cached wrapper that pages call: its cache key includes a fingerprint of the data
files, so an edit to ``data/`` shows up on the next rerun. The loaded dataset is one object shared by every
session (no copy per call), so pages treat its frames as read-only; :func:`derived` keeps what pages compute from
it (filter choices, tables, figures) once per fingerprint.

The data folder is ``data/`` beside the package unless the setting ``EVIDENCE_DATA_DIR`` names another (tests
point it at ``tests/fixtures``); the bibliography is ``references.bib`` in the folder's parent unless the data
folder holds its own.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evidence.data.bibliography import Bibliography
from evidence.data.schema import FILES

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR_SETTING = "EVIDENCE_DATA_DIR"


class DatasetError(Exception):
    """The curated files do not pass validation; ``problems`` lists every failure."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the dataset; run `python -m evidence.data.validate`")


@dataclass(frozen=True)
class Dataset:
    studies: pd.DataFrame
    results: pd.DataFrame
    posts: pd.DataFrame
    citations: pd.DataFrame
    claims: pd.DataFrame
    bibliography: Bibliography
    bib_text: str
    metadata: dict
    fingerprint: str


def data_dir() -> Path:
    """The data folder in use: the ``EVIDENCE_DATA_DIR`` setting, else ``data/`` beside the package."""
    configured = os.environ.get(DATA_DIR_SETTING)
    return Path(configured).resolve() if configured else ROOT / "data"


def bib_path(folder: Path) -> Path:
    """``references.bib`` inside the data folder if present, else beside it."""
    inside = folder / "references.bib"
    return inside if inside.exists() else folder.parent / "references.bib"


def data_files(folder: Path) -> list[Path]:
    return [folder / name for name in FILES] + [folder / "dataset.toml", bib_path(folder)]


def fingerprint(folder: Path | None = None) -> str:
    """A hash of the names, sizes and contents of every data file: the cache key of the loaded dataset."""
    folder = folder or data_dir()
    digest = hashlib.sha256()
    for path in data_files(folder):
        digest.update(str(path).encode())
        digest.update(_content_digest(path))
    return digest.hexdigest()[:16]


_digests: dict[str, tuple[tuple[int, ...], bytes]] = {}


def _content_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read again only when its inode, size, modification or change time differ
    from the last read (every rerun asks; 10,000 works are 28 MB to hash)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return b""
    signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    known = _digests.get(str(path))
    if known is not None and known[0] == signature:
        return known[1]
    content = hashlib.sha256(path.read_bytes()).digest()
    _digests[str(path)] = (signature, content)
    return content


def read_raw(path: Path) -> pd.DataFrame:
    """Read a curated CSV exactly as typed: every cell a string, empty cells missing."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def read_metadata(folder: Path) -> dict:
    with open(folder / "dataset.toml", "rb") as handle:
        return tomllib.load(handle)


def split_list(cell: object) -> list[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def derive(raw: dict[str, pd.DataFrame], bibliography: Bibliography) -> dict[str, pd.DataFrame]:
    """Add the derived columns (see ``schema.DERIVED_COLUMNS``) to validated frames."""
    studies = raw["studies.csv"].copy()
    results = raw["results.csv"].copy()
    citations = raw["citations.csv"]
    refs = bibliography.references

    def ref_value(key: str, attribute: str, default: object = "") -> object:
        ref = refs.get(key)
        return getattr(ref, attribute) if ref is not None else default

    studies["label"] = [ref_value(k, "label", k) for k in studies["key"]]
    studies["title"] = [ref_value(k, "title") for k in studies["key"]]
    studies["authors"] = ["; ".join(ref_value(k, "authors", ())) for k in studies["key"]]
    studies["year"] = pd.array([ref_value(k, "year", None) for k in studies["key"]], dtype="Int64")
    studies["journal"] = [ref_value(k, "journal") for k in studies["key"]]
    studies["doi"] = [ref_value(k, "doi") for k in studies["key"]]
    cited = citations.groupby("study_key")["post_id"].apply(lambda s: sorted(set(s)))
    studies["cited_by"] = [cited.get(k, []) for k in studies["key"]]
    studies["is_cited"] = studies["cited_by"].map(bool)
    studies["outcome_list"] = studies["outcomes"].map(split_list)
    for column in ("n", "sessions_per_week", "weeks", "age_mean"):
        studies[column] = pd.to_numeric(studies[column])
    studies = studies.sort_values(["year", "key"], na_position="last").reset_index(drop=True)

    for column in ("lower_is_better", "verified"):
        results[column] = results[column].str.lower().eq("true")
    for column in ("value", "ci_low", "ci_high", "sd", "n", "p_value"):
        results[column] = pd.to_numeric(results[column])
    labels = dict(zip(studies["key"], studies["label"], strict=True))
    results["study_label"] = results["study_key"].map(labels)

    claims = raw["claims.csv"].copy()
    claims["post_list"] = claims["posts"].map(split_list)
    claims["cited_list"] = claims["cited_studies"].map(split_list)
    claims["evidence_list"] = claims["evidence_studies"].map(split_list)
    return {"studies": studies, "results": results, "claims": claims}


def load_dataset(folder: Path | None = None) -> Dataset:
    """Read, validate and derive the whole dataset. Raises DatasetError listing every problem."""
    from evidence.data.validate import validate_folder  # local import: validate imports this module

    folder = Path(folder) if folder else data_dir()
    report = validate_folder(folder)
    if report.problems:
        raise DatasetError(report.problems)
    derived = derive(report.frames, report.bibliography)
    return Dataset(
        studies=derived["studies"],
        results=derived["results"],
        posts=report.frames["posts.csv"],
        citations=report.frames["citations.csv"],
        claims=derived["claims"],
        bibliography=report.bibliography,
        bib_text=bib_path(folder).read_text(encoding="utf-8"),
        metadata=report.metadata,
        fingerprint=fingerprint(folder),
    )


def _load_for_cache(folder: str, data_fingerprint: str) -> Dataset:
    """Cache target: the fingerprint is part of the key, so edited files are re-read."""
    return load_dataset(Path(folder))


@functools.cache
def _cached_loader():
    import streamlit as st  # imported here so the pure loader and the validator never need Streamlit

    # cache_resource, not cache_data: one shared object, not an unpickled copy on every call (0.2 s at 10,000 works)
    return st.cache_resource(show_spinner="Loading the evidence...", max_entries=4)(_load_for_cache)


def get_dataset() -> Dataset:
    """The dataset for pages: cached by Streamlit, keyed on the data folder and its fingerprint."""
    folder = data_dir()
    return _cached_loader()(str(folder), fingerprint(folder))


_DERIVED_ENTRIES = 128
_derived: OrderedDict[tuple, object] = OrderedDict()
_derived_lock = threading.Lock()


def derived(dataset: Dataset, make: Callable[..., object], *args: Hashable) -> object:
    """``make(dataset, *args)``, computed once per data fingerprint and arguments, and shared by every session
    (the least recently used of more than 128 results are dropped). ``make`` is a named top-level function of a
    module or page, known by its file and name; what it returns is treated as read-only by its callers."""
    if "<" in make.__qualname__:
        raise ValueError(f"derived() needs a named top-level function, not {make.__qualname__}")
    key = (dataset.fingerprint, make.__code__.co_filename, make.__qualname__, args)
    with _derived_lock:
        if key in _derived:
            _derived.move_to_end(key)
            return _derived[key]
    value = make(dataset, *args)
    with _derived_lock:
        _derived[key] = value
        while len(_derived) > _DERIVED_ENTRIES:
            _derived.popitem(last=False)
    return value
