"""What the loader derives, declared like what curators type: a pandera schema per derived frame.

``load.derive`` adds bibliographic fields, parsed lists and booleans to the validated files (the columns are
described in ``schema.DERIVED_COLUMNS``). These schemas say what each derived column must hold, so a change to
the loader that breaks a page's assumptions (a label missing, a list that is a string, a flag that is text) fails
a test with the column named, not a page.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from evidence.data.schema import DERIVED_COLUMNS, FILES

#: file name -> the loaded frame's attribute on ``load.Dataset``
FRAMES = {"studies.csv": "studies", "results.csv": "results", "claims.csv": "claims"}


def _is_list_of_text(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def _list_column(description: str) -> pa.Column:
    check = pa.Check(_is_list_of_text, element_wise=True, name="a list of non-empty texts")
    return pa.Column(object, checks=check, description=description)


def _typed(file_name: str) -> dict[str, pa.Column]:
    """The curated columns, as the loader leaves them (numbers as floats, true/false as booleans)."""
    model, _ = FILES[file_name]
    columns = {}
    for name, column in model.to_schema().columns.items():
        numeric = str(column.dtype).startswith(("float", "int"))
        columns[name] = pa.Column(float if numeric else None, nullable=True, description=column.description)
    return columns


def _derived_schema(file_name: str) -> pa.DataFrameSchema:
    described = DERIVED_COLUMNS[file_name]
    columns = _typed(file_name)
    if file_name == "studies.csv":
        columns |= {
            "label": pa.Column(str, unique=True, description=described["label"]),
            "title": pa.Column(str, description=described["title"]),
            "authors": pa.Column(str, description=described["authors"]),
            "year": pa.Column("Int64", pa.Check.in_range(1800, 2100), nullable=True, description=described["year"]),
            "journal": pa.Column(str, description=described["journal"]),
            "doi": pa.Column(str, description=described["doi"]),
            "cited_by": pa.Column(
                object,
                pa.Check(lambda v: isinstance(v, list), element_wise=True, name="a list"),
                description=described["cited_by"],
            ),
            "outcome_list": _list_column(described["outcome_list"]),
            "is_cited": pa.Column(bool, description=described["is_cited"]),
        }
    elif file_name == "results.csv":
        columns |= {
            "lower_is_better": pa.Column(bool, description=described["lower_is_better"]),
            "verified": pa.Column(bool, description=described["verified"]),
            "study_label": pa.Column(str, description="The study's label, from studies.csv."),
        }
    else:
        is_list = pa.Check(lambda v: isinstance(v, list), element_wise=True, name="a list")
        columns |= {
            "post_list": _list_column(described["post_list"]),
            "cited_list": pa.Column(object, is_list, description=described["cited_list"]),
            "evidence_list": pa.Column(object, is_list, description=described["evidence_list"]),
        }
    return pa.DataFrameSchema(columns, strict=True, name=f"derived {file_name}")


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: _derived_schema(name) for name in FRAMES}


def check(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Every failure of the derived frames ('file column: rule (value)'), empty when they hold what they should."""
    problems = []
    for name, frame in frames.items():
        try:
            SCHEMAS[name].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            for _, failure in errors.failure_cases.iterrows():
                problems.append(f"{name} {failure['column']}: {failure['check']} ({failure['failure_case']!r})")
    return problems
