"""The data files on disk: where they are, how they are read as typed, and their fingerprint.

The data folder is ``data/`` beside the package unless the setting ``EVIDENCE_DATA_DIR`` names another (tests
point it at ``tests/fixtures``); the bibliography is ``references.bib`` in the folder's parent unless the data
folder holds its own.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from pathlib import Path

import pandas as pd

from evidence.data.vocabulary import FILE_NAMES

ROOT = Path(__file__).resolve().parents[2]


DATA_DIR_SETTING = "EVIDENCE_DATA_DIR"


def data_dir() -> Path:
    """The data folder in use: the ``EVIDENCE_DATA_DIR`` setting, else ``data/`` beside the package."""
    configured = os.environ.get(DATA_DIR_SETTING)
    return Path(configured).resolve() if configured else ROOT / "data"


POSTS_DIR_SETTING = "EVIDENCE_POSTS_DIR"


def posts_dir() -> Path:
    """The folder holding the archived text of the five posts (named in posts.csv, column ``file``): the
    ``EVIDENCE_POSTS_DIR`` setting, else ``shared/seeds`` beside the checkout. The posts are others' work and are
    not redistributed with the explorer, so the folder may be absent."""
    configured = os.environ.get(POSTS_DIR_SETTING)
    return Path(configured).resolve() if configured else ROOT.parent / "shared" / "seeds"


def bib_path(folder: Path) -> Path:
    """``references.bib`` inside the data folder if present, else beside it."""
    inside = folder / "references.bib"
    return inside if inside.exists() else folder.parent / "references.bib"


CHANGELOG = "CHANGELOG.md"


def data_files(folder: Path) -> list[Path]:
    optional = [folder / "runner_units.csv"]  # evidence.data.runner_units: read when present
    fixed = [folder / "dataset.toml", bib_path(folder), folder / CHANGELOG]
    return [folder / name for name in FILE_NAMES] + fixed + optional


def read_changelog(folder: Path) -> str:
    """The data changelog's text ('' when the folder has none)."""
    path = folder / CHANGELOG
    return path.read_text(encoding="utf-8") if path.exists() else ""


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
