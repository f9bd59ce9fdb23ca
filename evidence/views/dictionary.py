"""The data dictionary, built from the schema: the page and the docs test both read it."""

from __future__ import annotations

import pandas as pd

from evidence.data import schema

VOCABULARIES: dict[str, dict[str, str]] = {
    "Design": schema.DESIGNS,
    "Outcome": schema.OUTCOMES,
    "Measure": schema.MEASURES,
    "Intervention type": schema.INTERVENTIONS,
    "Training level": schema.TRAINING_LEVELS,
    "Sex": schema.SEXES,
    "Age band": schema.AGE_BANDS,
    "Finding": schema.FINDINGS,
    "Time point": schema.TIMEPOINTS,
    "Status": schema.STATUSES,
    "Sentence not checkable": schema.SENTENCE_CATEGORIES,
}


def file_tables() -> list[tuple[str, str, pd.DataFrame]]:
    """(file name, what a row is, table of columns) for every curated file."""
    out = []
    for name, (model, row_is) in schema.FILES.items():
        rows = schema.describe_columns(model)
        frame = pd.DataFrame(rows, columns=["Column", "Meaning", "Rules", "May be empty"])
        out.append((name, f"{model.__doc__.strip().splitlines()[0]} ({row_is}).", frame))
    return out


def derived_table() -> pd.DataFrame:
    rows = [(f, c, d) for f, cols in schema.DERIVED_COLUMNS.items() for c, d in cols.items()]
    return pd.DataFrame(rows, columns=["File", "Column", "Meaning"])
