"""Downloads: the selected studies and results as CSV, their references as BibTeX, RIS and formatted lists.

Every function is pure (no Streamlit): plain inputs in, text out. An empty selection is not an error: the CSV
has its header and no rows; BibTeX, RIS and the reference lists are empty.

- CSV: every column of the curated schema (plus the bibliographic columns the loader derives for studies),
  written by the one safe writer (:mod:`evidence.outputs.csv_export`).
- BibTeX: the entries of ``references.bib`` for the selected keys, parsed and written by bibtexparser v2, every
  field kept.
- RIS: one record per reference, written from the parsed :class:`~evidence.data.bibliography.Reference`.
- Reference lists: each reference converted to CSL-JSON and rendered by citeproc-py with the CSL style files in
  ``evidence/outputs/styles/`` (APA 7th edition and Vancouver, from the CSL project, CC BY-SA 3.0: see
  ``evidence/outputs/styles/LICENSE.md``). No citation is formatted by hand here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import bibtexparser
import pandas as pd
from bibtexparser.writer import BibtexFormat
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from evidence.data.bibliography import Bibliography, Reference, year_suffixes
from evidence.outputs.csv_export import results_csv, studies_csv

STYLES_DIR = Path(__file__).resolve().parent / "styles"

#: style name -> CSL file in ``evidence/styles``.
#: ``apa.csl`` is the current APA 7th edition file of the CSL repository (updated 2025-04-14). citeproc-py 0.11.1
#: loads it with schema validation and renders the entry types used here; the example of the open report
#: citeproc-py/citeproc-py#146 ("Can't create citation in APA style for journal articles") renders correctly with
#: this file and version. citeproc-py does not add APA's year suffixes (2014a, 2014b) nor print italics in plain
#: text (tests/unit/test_export.py pins the output, and fails if two references share authors and year). Releases
#: before 0.11.0 render these files wrongly, hence the floor in pyproject.toml.
STYLE_FILES: dict[str, str] = {"apa": "apa.csl", "vancouver": "vancouver.csl"}
StyleName = Literal["apa", "vancouver"]


#: BibTeX entry type -> RIS reference type (``misc`` depends on whether it has a URL, see :func:`_ris_type`).
RIS_TYPES: dict[str, str] = {
    "article": "JOUR",
    "techreport": "RPRT",
    "book": "BOOK",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "phdthesis": "THES",
    "mastersthesis": "THES",
}
#: BibTeX entry type -> CSL item type (``misc`` depends on whether it has a URL, see :func:`_csl_type`).
CSL_TYPES: dict[str, str] = {
    "article": "article-journal",
    "techreport": "report",
    "book": "book",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}
#: How BibTeX writes an author list it does not complete ("Luedke, L. E. and others").
_OTHERS = "others"
_PAGE_RANGE = re.compile(r"\s*(?:-+|–|—)\s*")


# --- Sentence case ------------------------------------------------------------------------------------------------

#: Names in the titles of references.bib that keep their capitals in sentence case (places, events, peoples,
#: organisations). Acronyms and codes (ACL, VO2, MHC, RCT, LIFTMOR) are kept by the rule itself, so they need no
#: entry; tests/unit/test_export.py checks every title of references.bib against this list and the rule.
KEEP_CAPITALS: tuple[str, ...] = (
    "National Strength and Conditioning Association",
    "Physical Activity Guidelines for Americans",  # a report's own name
    "New York City Marathon",
    "Run RCT",  # a trial's name
    "Nordic",
)
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_SENTENCE_END = re.compile(r"[:?!.]\s")


def _is_acronym(word: str) -> bool:
    """ACL, VO2, MHC, RCTs, McDonald: a capital after the first letter, or a capital with a digit."""
    return any(c.isupper() for c in word[1:]) or (word[0].isupper() and any(c.isdigit() for c in word))


def sentence_case(title: str, keep: Iterable[str] = KEEP_CAPITALS) -> str:
    """A title in sentence case, as APA and Vancouver print it: the first word and the first word after a colon,
    question mark or full stop capitalised; acronyms (ACL, VO2max) and the names in ``keep`` as written; every
    other word in lower case. Hyphenated parts are words of their own ('Middle- And Long-Distance' ->
    'middle- and long-distance')."""
    text = str(title)
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        between = text[last : match.start()]
        starts = last == 0 or bool(_SENTENCE_END.search(between + " "))
        word = match.group()
        if _is_acronym(word):
            shown = word
        elif starts:
            shown = word[0].upper() + word[1:].lower()
        else:
            shown = word.lower()
        pieces += [between, shown]
        last = match.end()
    result = "".join(pieces) + text[last:]
    for name in keep:
        result = re.sub(re.escape(name), name, result, flags=re.IGNORECASE)
    return result


# --- CSV ---------------------------------------------------------------------------------------------------------


# --- Shared helpers ----------------------------------------------------------------------------------------------


def _unique(keys: Iterable[str]) -> list[str]:
    """The keys in the order given, each once."""
    return list(dict.fromkeys(keys))


def _references(keys: Iterable[str], bibliography: Bibliography) -> list[Reference]:
    """The references of the keys, in the order given. Raises KeyError naming every key not in the bibliography."""
    wanted = _unique(keys)
    missing = [key for key in wanted if key not in bibliography.references]
    if missing:
        raise KeyError(f"not in the bibliography: {', '.join(missing)}")
    return [bibliography.references[key] for key in wanted]


def _split_pages(pages: str) -> tuple[str, str]:
    """'1087–1092' -> ('1087', '1092'); 'e0150799' -> ('e0150799', '')."""
    parts = [p for p in _PAGE_RANGE.split(pages.strip(), maxsplit=1) if p]
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def _named_authors(ref: Reference) -> list[str]:
    return [a for a in ref.authors if a.strip().lower() != _OTHERS]


# --- BibTeX ------------------------------------------------------------------------------------------------------


def bibtex(keys: Iterable[str], bibliography_text: str) -> str:
    """The BibTeX entries of exactly these keys, in the order given, copied from the bibliography text.

    The text is parsed and written with bibtexparser v2; every field of each entry is kept. Raises ValueError if
    the text has blocks bibtexparser cannot parse, KeyError naming any key it lacks.
    """
    wanted = _unique(keys)
    if not wanted:
        return ""
    library = bibtexparser.parse_string(bibliography_text)
    if library.failed_blocks:
        raise ValueError(f"{len(library.failed_blocks)} block(s) of the bibliography could not be parsed")
    entries = {entry.key: entry for entry in library.entries}
    missing = [key for key in wanted if key not in entries]
    if missing:
        raise KeyError(f"not in the bibliography: {', '.join(missing)}")
    layout = BibtexFormat()
    layout.indent = "  "
    layout.value_column = "auto"
    layout.block_separator = "\n"
    selected = bibtexparser.Library([entries[key] for key in wanted])
    return bibtexparser.write_string(selected, bibtex_format=layout).strip() + "\n"


# --- RIS ---------------------------------------------------------------------------------------------------------


def _ris_type(ref: Reference) -> str:
    if ref.entry_type == "misc":
        return "ELEC" if ref.url else "GEN"
    return RIS_TYPES.get(ref.entry_type, "GEN")


def _ris_record(ref: Reference) -> list[tuple[str, str]]:
    kind = _ris_type(ref)
    tags: list[tuple[str, str]] = [("TY", kind), ("ID", ref.key)]
    tags += [("AU", author) for author in _named_authors(ref)]
    tags.append(("TI", ref.title))
    if ref.journal and kind != "RPRT":  # a report's "journal" is its institution, written as PB below
        tags.append(("T2", ref.journal))
        if kind == "JOUR":
            tags.append(("JO", ref.journal))
    if ref.year:
        tags.append(("PY", str(ref.year)))
    tags += [("VL", ref.volume), ("IS", ref.number)]
    start, end = _split_pages(ref.pages)
    tags += [("SP", start), ("EP", end)]
    if kind != "JOUR":
        tags.append(("PB", ref.publisher))
    tags += [("DO", ref.doi), ("UR", ref.url), ("N1", ref.note)]
    return [(tag, " ".join(value.split())) for tag, value in tags if value and value.strip()]


def ris(keys: Iterable[str], bibliography: Bibliography) -> str:
    """One RIS record per key, in the order given (``TY`` first, ``ER`` last, CRLF line ends as the format says).

    Types: JOUR (article), RPRT (techreport), ELEC (misc with a URL), GEN (misc without one); one ``AU`` per
    author ("Surname, Given"; BibTeX's "and others" is not written as an author), ``TI``, ``T2`` (journal, blog
    or where published; journals also as ``JO``), ``PY``, ``VL``, ``IS``, ``SP``/``EP``, ``PB`` (publisher or
    institution), ``DO``, ``UR``, ``N1`` (the bibliography's note).
    ``ID`` carries the BibTeX key. Raises KeyError naming any key not in the bibliography.
    """
    lines: list[str] = []
    for ref in _references(keys, bibliography):
        lines += [f"{tag}  - {value}" for tag, value in _ris_record(ref)]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines)


# --- Formatted reference lists (CSL via citeproc-py) -------------------------------------------------------------


def _csl_type(ref: Reference) -> str:
    if ref.entry_type == "misc":
        return "webpage" if ref.url else "document"
    return CSL_TYPES.get(ref.entry_type, "document")


def _csl_name(author: str) -> dict[str, str]:
    """'Støren, Øyvind' -> family/given; a name without a comma (a corporate author) stays whole.

    BibTeX's "and others" becomes the literal name "et al.", so the list does not pass for complete: Vancouver
    prints "Luedke LE, et al.", APA (which joins the last name with "&") "Luedke, L. E., & et al.".
    """
    if author.strip().lower() == _OTHERS:
        return {"literal": "et al."}
    parts = [part.strip() for part in author.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    name = {"family": parts[0], "given": parts[1]}
    if len(parts) > 2 and parts[2]:
        name["suffix"] = parts[2]
    return name


def to_csl_json(ref: Reference) -> dict:
    """A reference as a CSL-JSON item (the input citeproc-py renders).

    The title is put in sentence case (:func:`sentence_case`): APA and Vancouver print titles so, and CSL styles
    expect them stored so. Journal, blog or book title go to ``container-title``; for a misc entry without a URL,
    where BibTeX's ``howpublished`` describes the source rather than names a container, it goes to
    ``publisher``. Page ranges use a hyphen, as CSL-JSON expects; the style chooses the dash.
    """
    kind = _csl_type(ref)
    item: dict = {"id": ref.key, "type": kind, "title": sentence_case(ref.title)}  # the styles expect sentence case
    if ref.authors:
        item["author"] = [_csl_name(author) for author in ref.authors]
    if ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    if kind == "document":
        source = ref.journal or ref.publisher
        if source:
            item["publisher"] = source
    elif kind == "report":
        if ref.publisher or ref.journal:
            item["publisher"] = ref.publisher or ref.journal
        if ref.number:
            item["number"] = ref.number
    else:
        if ref.journal:
            item["container-title"] = ref.journal
        if ref.publisher:
            item["publisher"] = ref.publisher
    if kind != "report" and ref.number:
        item["issue"] = ref.number
    start, end = _split_pages(ref.pages)
    if start:
        item["page"] = f"{start}-{end}" if end else start
    for field, value in (("volume", ref.volume), ("DOI", ref.doi), ("URL", ref.url)):
        if value:
            item[field] = value
    return item


def load_style(style: StyleName) -> CitationStylesStyle:
    """The CSL style shipped in ``evidence/styles``, validated against the CSL schema by citeproc-py.

    Loaded afresh for each list: citeproc-py keeps rendering state on the style object, so one object is not
    shared between Streamlit sessions. The schema check runs on a process's first load of each style only (it was
    20 ms of every list; parsing alone takes 1.5 ms).
    """
    if style not in STYLE_FILES:
        raise ValueError(f"unknown citation style {style!r}; choose one of {sorted(STYLE_FILES)}")
    loaded = CitationStylesStyle(str(STYLES_DIR / STYLE_FILES[style]), validate=style not in _VALIDATED)
    _VALIDATED.add(style)
    return loaded


_VALIDATED: set[str] = set()  # styles that passed the CSL schema check in this process


def reference_list(keys: Iterable[str], bibliography: Bibliography, style: StyleName = "apa") -> list[str]:
    """Formatted references, one string per key, rendered by citeproc-py from the style's CSL file.

    The order is the style's: APA sorts alphabetically by author, then date; Vancouver keeps the order given and
    numbers the entries. Output is plain text (citeproc-py's plain formatter: no italics), whitespace tidied.
    Raises KeyError naming any key not in the bibliography, ValueError for an unknown style.
    """
    references = _references(keys, bibliography)
    if not references:
        return []
    suffixes = year_suffixes(references) if style == "apa" else {}  # APA tells apart same-author, same-year works
    items = [to_csl_json(ref) | ({"year-suffix": suffixes[ref.key]} if ref.key in suffixes else {})
             for ref in references]  # fmt: skip
    renderer = CitationStylesBibliography(load_style(style), CiteProcJSON(items), formatter.plain)
    for ref in references:
        renderer.register(Citation([CitationItem(ref.key)]))
    renderer.sort()
    return [" ".join(str(entry).split()) for entry in renderer.bibliography()]


def reference_list_text(keys: Iterable[str], bibliography: Bibliography, style: StyleName = "apa") -> str:
    """The formatted reference list as text for a download: one reference per line ('' for no references)."""
    entries = reference_list(keys, bibliography, style)
    return "\n".join(entries) + "\n" if entries else ""


def downloads(studies: pd.DataFrame, results: pd.DataFrame, bibliography: Bibliography, bib_text: str) -> list[tuple]:
    """(label, file name, MIME type, function that makes the file) for every export of a selection of studies.

    The functions are called only when the reader clicks (formatting a long reference list takes a second).
    """
    keys = list(studies["key"])

    def chosen() -> pd.DataFrame:  # the selection's results, found on the click (40,000 rows: 45 ms a view)
        return results[results["study_key"].isin(keys)]

    return [
        ("Studies (CSV, every column)", "studies.csv", "text/csv", lambda: studies_csv(studies, chosen())),
        ("Results (CSV)", "results.csv", "text/csv", lambda: results_csv(chosen())),
        ("BibTeX", "references.bib", "application/x-bibtex", lambda: bibtex(keys, bib_text)),
        (
            "RIS (Zotero, EndNote)",
            "references.ris",
            "application/x-research-info-systems",
            lambda: ris(keys, bibliography),
        ),
        (
            "APA 7 reference list",
            "references-apa.txt",
            "text/plain",
            lambda: reference_list_text(keys, bibliography, "apa"),
        ),
        (
            "Vancouver reference list",
            "references-vancouver.txt",
            "text/plain",
            lambda: reference_list_text(keys, bibliography, "vancouver"),
        ),
    ]
