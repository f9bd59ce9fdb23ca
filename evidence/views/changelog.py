"""The data changelog (``data/CHANGELOG.md``) as plain parts a page shows as text: versions, their sections, and
each section's paragraphs and list items in reading order."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_VERSION = re.compile(r"^##\s+(?P<version>\S+)(?:\s+\((?P<date>[^)]*)\))?\s*$")
PARAGRAPH, ITEM = "paragraph", "item"


@dataclass
class Section:
    heading: str  # '' for the text before a version's first section
    blocks: list[list[str]] = field(default_factory=list)  # [kind, text]: kind is PARAGRAPH or ITEM


@dataclass
class Version:
    version: str
    date: str
    sections: list[Section] = field(default_factory=list)


def parse(text: str) -> list[Version]:
    """The versions of a changelog in the order written: '## 0.2.0 (2026-12-02)' opens a version, '### ...' a
    section; '- ' opens a list item, a wrapped line goes on with its paragraph or (indented) item, a blank line
    ends both."""
    versions: list[Version] = []
    open_block: list[str] | None = None
    for line in text.splitlines():
        heading = _VERSION.match(line)
        if heading:
            versions.append(Version(heading["version"], heading["date"] or "", [Section("")]))
            open_block = None
        elif not versions:
            continue
        elif line.startswith("### "):
            versions[-1].sections.append(Section(line[4:].strip()))
            open_block = None
        elif not line.strip():
            open_block = None
        elif line.startswith("- "):
            open_block = [ITEM, line[2:].strip()]
            versions[-1].sections[-1].blocks.append(open_block)
        elif open_block is not None and (open_block[0] == PARAGRAPH or line.startswith("  ")):
            open_block[1] += " " + line.strip()
        else:
            open_block = [PARAGRAPH, line.strip()]
            versions[-1].sections[-1].blocks.append(open_block)
    for version in versions:
        version.sections = [s for s in version.sections if s.heading or s.blocks]
    return versions


def for_version(text: str, version: str) -> Version | None:
    """The changelog's entry for one version (None when it has none)."""
    return next((v for v in parse(text) if v.version == version), None)


_STEP = re.compile(r"(?:^|\s)(\d+)\.\s+")
_CODE = re.compile(r"`([^`]+)`")


def numbered_steps(text: str) -> list[str]:
    """'1. Do this. 2. Then that.' -> ['Do this.', 'Then that.'] (text without numbers is one step)."""
    parts = _STEP.split(" ".join(str(text).split()))
    if len(parts) == 1:
        return [parts[0].strip()] if parts[0].strip() else []
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2) if parts[i + 1].strip()]


def markdown_with_code(text: str, escape: Callable[[str], str]) -> str:
    """Text shown as text, except `code spans`, which stay code: every other part goes through ``escape``."""
    pieces = _CODE.split(str(text))
    return "".join(f"`{piece}`" if index % 2 else escape(piece) for index, piece in enumerate(pieces))
