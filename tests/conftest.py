"""Shared fixtures: the tiny fixture dataset, copies of it to corrupt, and AppTest through app.py."""

from __future__ import annotations

import csv
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from evidence.data.files import DATA_DIR_SETTING

# Tests read full tracebacks; readers of the running app never see them (see .streamlit/config.toml).
os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
# Every test reads and validates the data it names: the on-disk dataset cache is tested on its own
# (tests/unit/test_dataset_cache.py), with a folder of its own.
os.environ.setdefault("EVIDENCE_CACHE_DIR", "off")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
REAL_DATA = ROOT / "data"


@pytest.fixture
def fixture_dir() -> Path:
    return FIXTURE_DATA


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture dataset."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def use_fixture_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the loader at the fixture dataset (through its setting, not a test mode)."""
    monkeypatch.setenv(DATA_DIR_SETTING, str(FIXTURE_DATA))
    return FIXTURE_DATA


def open_page(page_file: str, params: dict[str, list[str] | str] | None = None):
    """Start the whole app (frame + registry) with AppTest, open one page with link parameters, run it."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def open_fixture_page(use_fixture_data):
    """open_page on the fixture dataset."""
    return open_page


@pytest.fixture
def open_real_page(monkeypatch: pytest.MonkeyPatch):
    """open_page on the bundled data."""
    monkeypatch.delenv(DATA_DIR_SETTING, raising=False)
    return open_page


def open_sections(at, *labels: str):
    """Open the closed sections whose labels start with one of ``labels`` and that are drawn only when opened
    (:func:`evidence.ui.widgets.lazy_expander`: tables of charts, exports), as a reader's click does, and rerun."""
    keys = [
        e.proto.id.split("-", 2)[2]
        for e in at.expander
        if e.label.startswith(labels) and e.proto.id.startswith("$$ID-") and not e.proto.expanded
    ]
    for key in keys:
        at.session_state[key] = True
    if keys:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


#: How the closed table twins of charts are labelled ("Table of this chart", "Table of the timeline", ...).
TABLE_TWINS = ("Table of ",)


def texts(at) -> str:
    """All text an AppTest run shows (markdown, captions, titles, headers, alerts, metrics), joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def seen(at) -> str:
    """What a reader sees: :func:`texts` with Markdown's backslash escapes removed."""
    import re

    return re.sub(r"\\(.)", r"\1", texts(at))


def count_line(at) -> str:
    """The page's 'N of M ... match the filters.' line, as written."""
    return next(m.value for m in at.markdown if "match the filters" in m.value)


def real_works() -> int:
    """The number of works in the bundled data (data/studies.csv), read from the file itself."""
    with open(REAL_DATA / "studies.csv", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def real_version() -> str:
    """The bundled dataset's version as the sidebar shows it (Markdown-escaped: 0\\.2\\.0)."""
    with open(REAL_DATA / "dataset.toml", "rb") as handle:
        return tomllib.load(handle)["version"].replace(".", "\\.")
