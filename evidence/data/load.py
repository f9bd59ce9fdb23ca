"""Loading the curated dataset: plain Python, no Streamlit.

``load_dataset`` reads, validates and derives the dataset and raises :class:`DatasetError` with every problem
found. The loaded dataset is one object shared by every session (no copy per call), so callers treat its frames as
read-only; :func:`derived` keeps what pages compute from it (filter choices, tables, figures) once per fingerprint.
The Streamlit-cached wrapper that pages call is ``evidence.ui.cache.get_dataset``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import platform
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evidence.data import runner_units
from evidence.data.bibliography import Bibliography
from evidence.data.files import ROOT, bib_path, data_dir, fingerprint, read_changelog
from evidence.data.runner_units import RunnerUnits
from evidence.data.vocabulary import split_list


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
    quotes: pd.DataFrame  # claim_quotes.csv: each post's own words for each claim it makes
    not_checkable: pd.DataFrame  # post_sentences_not_checkable.csv
    bibliography: Bibliography
    bib_text: str
    metadata: dict
    fingerprint: str
    changelog: str = ""  # data/CHANGELOG.md, Markdown: shown through evidence.views.changelog, never as raw HTML
    runner_units: RunnerUnits | None = None  # the runner-units illustration's numbers, when the folder has them


def derive(raw: dict[str, pd.DataFrame], bibliography: Bibliography) -> dict[str, pd.DataFrame]:
    """Add the derived columns (see ``schema.DERIVED_COLUMNS``) to validated frames."""
    studies = raw["studies.csv"].copy()
    results = raw["results.csv"].copy()
    citations = raw["citations.csv"]
    refs = bibliography.references

    def ref_value(key: str, attribute: str, default: object = "") -> object:
        ref = refs.get(key)
        return getattr(ref, attribute) if ref is not None else default

    studies["label"] = [bibliography.label(k) if k in refs else k for k in studies["key"]]
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


#: Where validated datasets are kept between runs: a folder, or "off". Default: .cache/dataset in the repository.
CACHE_SETTING = "EVIDENCE_CACHE_DIR"
_KEPT_DATASETS = 6


def cache_dir() -> Path | None:
    """The folder of validated datasets, None when the setting ``EVIDENCE_CACHE_DIR`` is "off"."""
    configured = os.environ.get(CACHE_SETTING, "")
    if configured.strip().lower() == "off":
        return None
    return Path(configured).resolve() if configured else ROOT / ".cache" / "dataset"


def _code_version() -> str:
    """A hash of the loader's own code (evidence/data) and of the Python and pandas in use: a kept dataset is used
    only by the code that made it."""
    digest = hashlib.sha256(f"{platform.python_version()} {pd.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_file(folder: Path, data_fingerprint: str) -> Path | None:
    where = cache_dir()
    return None if where is None else where / f"{data_fingerprint}-{_code_version()}.pickle"


def _read_kept(path: Path | None, folder: Path, data_fingerprint: str) -> Dataset | None:
    """The dataset kept for this fingerprint and code, or None (none kept, unreadable, or another folder's)."""
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            kept = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a damaged or outdated file is read again from the data
        return None
    if not isinstance(kept, dict) or kept.get("folder") != str(folder) or not isinstance(kept.get("dataset"), Dataset):
        return None
    dataset = kept["dataset"]
    return dataset if dataset.fingerprint == data_fingerprint else None


def _keep(path: Path | None, folder: Path, dataset: Dataset) -> None:
    """Write the validated dataset beside the others, atomically; a cache that cannot be written is skipped."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump({"folder": str(folder), "dataset": dataset}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_KEPT_DATASETS:]:  # the oldest go: other data folders, earlier versions of the code
            old.unlink(missing_ok=True)
    except OSError:
        return


def load_dataset(folder: Path | None = None) -> Dataset:
    """The whole dataset, read, validated and derived. Raises DatasetError listing every problem.

    A dataset that passed validation is kept on disk (:func:`cache_dir`) by its fingerprint and the loader's code,
    so a restart with unchanged data and code skips reading and validating it again; any change to a data file
    changes the fingerprint and is validated."""
    folder = Path(folder) if folder else data_dir()
    data_fingerprint = fingerprint(folder)
    kept_at = _cache_file(folder, data_fingerprint)
    kept = _read_kept(kept_at, folder, data_fingerprint)
    if kept is not None:
        return kept
    dataset = _validated(folder)
    if dataset.fingerprint == data_fingerprint:  # unchanged while it was read
        _keep(kept_at, folder, dataset)
    return dataset


def _validated(folder: Path) -> Dataset:
    from evidence.data.validate import validate_folder  # pandera and the validation: only when data is read

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
        quotes=report.frames["claim_quotes.csv"],
        not_checkable=report.frames["post_sentences_not_checkable.csv"],
        bibliography=report.bibliography,
        bib_text=bib_path(folder).read_text(encoding="utf-8"),
        metadata=report.metadata,
        fingerprint=fingerprint(folder),
        changelog=read_changelog(folder),
        runner_units=runner_units.from_frame(report.frames.get(runner_units.FILE)),
    )


#: Kept results dropped between two full collections (see :func:`keep_out_of_collections`).
COLLECT_AFTER_DROPPED = 32
_dropped = 0


def keep_out_of_collections(dropped: int = 0) -> None:
    """Put every object alive now out of the garbage collector's reach (``gc.freeze``): called once a dataset or a
    kept result is made, objects that live as long as the server. A full collection walked them all, tens of
    thousands, and paused every session while it did (the p95 of a run under ten sessions fell by about a third).
    Once :data:`COLLECT_AFTER_DROPPED` kept results have been dropped, the frozen objects are handed back and
    collected first, so that the dropped results' reference cycles (a figure and its traces) are freed rather than
    kept for ever; one full pause per 32 drops, not one per drop."""
    global _dropped
    _dropped += dropped
    if _dropped >= COLLECT_AFTER_DROPPED:
        _dropped = 0
        gc.unfreeze()
        gc.collect()
    gc.freeze()


_DERIVED_ENTRIES = 128
_derived: OrderedDict[tuple, object] = OrderedDict()
_derived_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}  # one lock a result being made: the sessions asking for it wait


def derived(dataset: Dataset, make: Callable[..., object], *args: Hashable) -> object:
    """``make(dataset, *args)``, computed once per data fingerprint and arguments, and shared by every session
    (the least recently used of more than 128 results are dropped). ``make`` is a named top-level function of a
    module or page, known by its file and name; what it returns is treated as read-only by its callers. Sessions
    that ask for a result while another is making it wait for it instead of making it again (thirty tabs opening
    the same page at once could each make its texts)."""
    if "<" in make.__qualname__:
        raise ValueError(f"derived() needs a named top-level function, not {make.__qualname__}")
    key = (dataset.fingerprint, make.__code__.co_filename, make.__qualname__, args)
    with _derived_lock:
        if key in _derived:
            _derived.move_to_end(key)
            return _derived[key]
        making = _computing.setdefault(key, threading.Lock())
    with making:
        with _derived_lock:
            if key in _derived:  # made by the session this one waited for
                _derived.move_to_end(key)
                return _derived[key]
        try:
            value = make(dataset, *args)
            with _derived_lock:
                _derived[key] = value
                dropped = 0
                while len(_derived) > _DERIVED_ENTRIES:
                    _derived.popitem(last=False)
                    dropped += 1
            keep_out_of_collections(dropped)
        finally:
            with _derived_lock:
                _computing.pop(key, None)
    return value
