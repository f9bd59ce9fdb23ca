"""The bibliography: BibTeX in (bibtexparser v2), plain records and formatted citations out."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_lowercase

import bibtexparser
import bibtexparser.middlewares as mw
from bibtexparser.model import DuplicateBlockKeyBlock
from pylatexenc.latex2text import LatexNodes2Text

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "misc": ("title", "year"),
    "techreport": ("title", "institution", "year"),
    "book": ("title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
}
#: A field value that swallowed its neighbour: a missing comma between ``title={...}`` and ``year={...}``.
_SWALLOWED = re.compile(r"[}\"]\s*[A-Za-z_-]+\s*=\s*[{\"\d]")
_NEXT_FIELD = re.compile(r"\s[A-Za-z_-]+\s*=")


@dataclass(frozen=True)
class Reference:
    """One bibliography entry as plain text fields."""

    key: str
    entry_type: str
    authors: tuple[str, ...]
    title: str
    year: int | None
    journal: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    note: str = ""
    publisher: str = ""
    line: int = 0

    @property
    def first_author_surname(self) -> str:
        if not self.authors:
            return self.publisher or self.journal or "Anon."
        return self.authors[0].split(",")[0].strip()

    @property
    def label(self) -> str:
        """'Vikmoen et al. 2016', 'Prins & van der Wurff 2009'; an author list BibTeX ends with 'and others' (the
        rest not known) gives 'et al.' too."""
        year = str(self.year) if self.year else "n.d."
        more = self.authors[-1:] == ("others",)
        if len(self.authors) == 2 and not more:
            second = self.authors[1].split(",")[0].strip()
            return f"{self.first_author_surname} & {second} {year}"
        suffix = " et al." if len(self.authors) > 2 or more else ""
        return f"{self.first_author_surname}{suffix} {year}"


@dataclass(frozen=True)
class BibProblem:
    line: int
    key: str
    message: str


@dataclass(frozen=True)
class Bibliography:
    references: dict[str, Reference]
    problems: tuple[BibProblem, ...] = field(default_factory=tuple)

    @functools.cached_property
    def suffixes(self) -> dict[str, str]:
        """The year suffix of every work whose label another work shares (see :func:`year_suffixes`)."""
        return year_suffixes(self.references.values())

    def label(self, key: str) -> str:
        """A work's label, told apart from a work with the same label: 'Llanos-Lagos et al. 2024a'."""
        return self.references[key].label + self.suffixes.get(key, "")


def year_suffixes(references: Iterable[Reference]) -> dict[str, str]:
    """'a', 'b', ... for works that would otherwise share a label (same first author, 'et al.' or second
    author, and year), in the order of their titles (the order citeproc-py sorts them in); a unique label gets
    none."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for ref in references:
        groups[ref.label].append(ref)
    suffixes = {}
    for refs in groups.values():
        if len(refs) > 1 and all(ref.year for ref in refs):
            ordered = sorted(refs, key=lambda ref: (ref.title.casefold(), ref.key))
            suffixes.update({ref.key: letter for ref, letter in zip(ordered, ascii_lowercase, strict=False)})
    return suffixes


_LATEX = LatexNodes2Text()
#: What pylatexenc turns into something else: commands, groups, math, ties, specials, dashes and TeX quotes. Text
#: without any of these comes out of it unchanged, so it is not decoded at all (decoding every field was half the
#: time of reading references.bib, and so of the app's first page).
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#^_`\[\]]|--|''|!`|\?`|<<|>>")


def latex_to_text(text: str) -> str:
    """pylatexenc's LaTeX to Unicode, skipped for text that holds no LaTeX syntax."""
    return _LATEX.latex_to_text(text) if _LATEX_SYNTAX.search(text) else text


class _LatexDecoding(mw.LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding through :func:`latex_to_text`."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if _LATEX_SYNTAX.search(python_string):
            return super()._transform_python_value_string(python_string)
        return python_string, ""


def _decode(text: str) -> str:
    """LaTeX to Unicode: {\\o} -> ø, {Braced Corporate Name} -> Braced Corporate Name."""
    return re.sub(r"\s+", " ", latex_to_text(text)).strip()


def _name(parts: mw.NameParts) -> str:
    last = _decode(" ".join(parts.von + parts.last))
    first = _decode(" ".join(parts.first))
    suffix = f", {_decode(' '.join(parts.jr))}" if parts.jr else ""
    return f"{last}, {first}{suffix}" if first else f"{last}{suffix}"


def _clean(value: object) -> str:
    text = str(value or "")
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def parse_bibliography(text: str) -> Bibliography:
    """Parse BibTeX text, collecting every problem instead of raising.

    bibtexparser reports broken blocks in ``failed_blocks`` without raising, and it silently accepts a missing
    comma (the next field is swallowed into the value) or a missing field: both are checked here.
    """
    library = bibtexparser.parse_string(
        text,
        # Names are split before decoding, so that a braced corporate author stays one name; the other fields
        # are decoded by the middleware, names by _name.
        append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts(), _LatexDecoding()],
    )
    problems: list[BibProblem] = []
    for block in library.failed_blocks:
        line = getattr(block, "start_line", 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(BibProblem(line, block.key, f"duplicate key '{block.key}'"))
        else:
            first = block.raw.strip().splitlines()[0][:80] if block.raw.strip() else ""
            problems.append(BibProblem(line, "", f"could not be parsed: {first!r}"))
    references: dict[str, Reference] = {}
    for entry in library.entries:
        fields = {f.key.lower(): f for f in entry.fields}
        line = entry.start_line + 1
        for name, fld in fields.items():
            value = str(fld.value) if isinstance(fld.value, str) else ""
            if _SWALLOWED.search(value) or (fld.enclosing == "no-enclosing" and _NEXT_FIELD.search(value)):
                problems.append(
                    BibProblem(line, entry.key, f"field '{name}' swallows the next field: a comma is missing")
                )
            elif fld.enclosing == "no-enclosing" and not value.strip().isdigit():
                problems.append(BibProblem(line, entry.key, f"field '{name}' is not in braces or quotes"))
        required = REQUIRED_FIELDS.get(entry.entry_type.lower(), ("title", "year"))
        for name in required:
            if not _clean(fields[name].value if name in fields else ""):
                problems.append(BibProblem(line, entry.key, f"missing required field '{name}'"))
        raw_authors = fields["author"].value if "author" in fields else []
        authors = tuple(_name(p) for p in raw_authors) if isinstance(raw_authors, list) else ()
        year_text = _clean(fields["year"].value) if "year" in fields else ""
        year = int(year_text) if year_text.isdigit() else None
        if year_text and year is None:
            problems.append(BibProblem(line, entry.key, f"year '{year_text}' is not a four-digit number"))

        def get(name: str, fields: dict = fields) -> str:
            return _clean(fields[name].value) if name in fields else ""

        journal = get("journal") or get("howpublished") or get("institution") or get("booktitle")
        references[entry.key] = Reference(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            authors=authors,
            title=get("title"),
            year=year,
            journal=journal,
            volume=get("volume"),
            number=get("number"),
            pages=get("pages"),
            doi=get("doi"),
            url=get("url"),
            note=get("note"),
            publisher=get("publisher") or get("institution") or get("organization"),
            line=line,
        )
    return Bibliography(references=references, problems=tuple(problems))


def load_bibliography(path: Path) -> Bibliography:
    """Read and parse a BibTeX file."""
    return parse_bibliography(Path(path).read_text(encoding="utf-8"))
