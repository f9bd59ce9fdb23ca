"""CSV downloads: one safe writer for every table the explorer offers.

Text cells a spreadsheet would run as formulas get an apostrophe, lists are joined with '; ', true/false are
written as curators type them, and numbers keep the form they were typed in.
"""

from __future__ import annotations

import pandas as pd

from evidence.data.uploads import template_frame

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


#: Columns the loader derives from references.bib and citations.csv that belong in the studies download.
BIBLIOGRAPHIC_COLUMNS: tuple[str, ...] = ("label", "title", "authors", "year", "journal", "doi", "cited_by")


#: Extra studies column when results are given: how many rows of results.csv belong to the study.
RESULT_COUNT_COLUMN = "result_count"


def _schema_columns(schema: type) -> list[str]:
    return list(schema.to_schema().columns)


def _safe_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets an apostrophe; lists are joined with '; '."""
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    return neutralise_formula(value)


def _number(value: float) -> str:
    """Numbers as typed: 20 (not 20.0), 30.5, -5; other floats in full (shortest exact form)."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def safe_csv(frame: pd.DataFrame) -> str:
    """CSV text: formula-like text cells neutralised (:func:`neutralise_formula`), true/false as curators type
    them, numbers left as numbers.

    The one CSV writer of every download: numbers keep the form they were typed in (mapping over object columns
    would let pandas turn whole numbers back into floats, ``20.0``).
    """
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_bool_dtype(series):
            safe[column] = series.map({True: "true", False: "false"}).astype(object)
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            safe[column] = pd.Series([_safe_cell(v) for v in series], index=series.index, dtype=object)
    return safe.to_csv(index=False, float_format=_number)


def studies_csv(studies: pd.DataFrame, results: pd.DataFrame | None = None) -> str:
    """The studies as CSV text: every column of ``studies.csv``, then the derived bibliographic columns.

    ``studies`` is the loaded studies frame (``Dataset.studies``, or a selection of its rows). The columns are
    those of :class:`~evidence.data.schema.StudySchema` in file order, then ``label, title, authors, year, journal, doi,
    cited_by`` (``cited_by`` joined with '; '). When ``results`` is given, ``result_count`` says how many rows of
    results.csv belong to each study. Cells a spreadsheet would run as formulas are neutralised.
    """
    from evidence.data.schema import StudySchema  # pandera: only when a file is made, never to draw a page

    frame = studies[_schema_columns(StudySchema) + list(BIBLIOGRAPHIC_COLUMNS)].copy()
    if results is not None:
        counts = results.groupby("study_key").size()
        frame[RESULT_COUNT_COLUMN] = frame["key"].map(counts).fillna(0).astype(int)
    return safe_csv(frame)


def results_csv(results: pd.DataFrame) -> str:
    """The results as CSV text: every column of ``results.csv`` in file order, true/false written as typed.

    ``results`` is the loaded results frame (``Dataset.results``, or a selection of its rows). Cells a spreadsheet
    would run as formulas are neutralised.
    """
    from evidence.data.schema import ResultSchema  # pandera: only when a file is made

    return safe_csv(results[_schema_columns(ResultSchema)])



def template_csv() -> str:
    """The studies template a reader fills in to upload their own studies, as CSV."""
    return safe_csv(template_frame())
