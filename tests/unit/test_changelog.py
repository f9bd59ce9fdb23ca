"""The data changelog read into versions, sections, paragraphs and items, in reading order."""

from __future__ import annotations

from evidence.views import changelog
from tests.conftest import REAL_DATA

TEXT = """# Changelog

## 1.1.0 (2030-01-02)

Two works added. A paragraph
wrapped over two lines.

### Works added

Per design:

- a2001 — rct — a trial
  on two lines
- b2002 — cohort

Closing remark.

## 1.0.0

- first release
"""


def test_versions_sections_and_blocks_in_reading_order() -> None:
    new, old = changelog.parse(TEXT)
    assert (new.version, new.date, old.version, old.date) == ("1.1.0", "2030-01-02", "1.0.0", "")
    intro, added = new.sections
    assert intro.heading == ""
    assert intro.blocks == [["paragraph", "Two works added. A paragraph wrapped over two lines."]]
    assert added.heading == "Works added"
    assert added.blocks == [
        ["paragraph", "Per design:"],
        ["item", "a2001 — rct — a trial on two lines"],
        ["item", "b2002 — cohort"],
        ["paragraph", "Closing remark."],
    ]
    assert old.sections[0].blocks == [["item", "first release"]]
    assert changelog.for_version(TEXT, "1.0.0") == old
    assert changelog.for_version(TEXT, "9.9.9") is None


def test_the_bundled_changelog_describes_the_dataset_version() -> None:
    text = (REAL_DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    version = changelog.for_version(text, "0.2.0")
    assert version is not None
    headings = [s.heading for s in version.sections]
    assert {"Works added", "Numbers flagged", "Verdicts"} <= set(headings)
    added = next(s for s in version.sections if s.heading == "Works added")
    assert sum(kind == "item" for kind, _ in added.blocks) >= 35


def test_numbered_steps_and_code_spans() -> None:
    text = "1. Add the entry. \\\n2. Run `make validate` and fix   what it lists. 3. Open a pull request."
    assert changelog.numbered_steps(text.replace("\\\n", "")) == [
        "Add the entry.",
        "Run `make validate` and fix what it lists.",
        "Open a pull request.",
    ]
    assert changelog.numbered_steps("Add a row.") == ["Add a row."]
    assert changelog.numbered_steps("") == []
    escaped = changelog.markdown_with_code("Run `make validate` (see *notes*).", lambda s: s.replace("*", "\\*"))
    assert escaped == "Run `make validate` (see \\*notes\\*)."
