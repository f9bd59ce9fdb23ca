"""Tables as readers see them: the columns shown, their headers and formats, and safe CSV export."""

from __future__ import annotations

import pandas as pd

from evidence.schema import DESIGN_NAMES

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TABLE_HELP = (
    "Each row is one work. Design says how strong the evidence can be: a randomised controlled trial (RCT) "
    "tests cause and effect; a cross-sectional or case-control study shows only an association. Finding is "
    "the main result for the study's primary outcome. Cited by lists the posts that cite the work. "
    "Click a column header to sort."
)


def studies_table(studies: pd.DataFrame) -> pd.DataFrame:
    """The columns of the studies table, in reading order."""
    frame = pd.DataFrame(
        {
            "Study": studies["label"],
            "Year": studies["year"],
            "Title": studies["title"],
            "Design": studies["design"].map(lambda d: DESIGN_NAMES.get(d, d)),
            "N": studies["n"],
            "Population": studies["population"],
            "Intervention": studies["intervention_type"].str.replace("_", " "),
            "Weeks": studies["weeks"],
            "Sessions/week": studies["sessions_per_week"],
            "Outcomes": studies["outcome_list"].map(lambda items: ", ".join(i.replace("_", " ") for i in items)),
            "Finding": studies["finding"].str.replace("_", " "),
            "Cited by": studies["cited_by"].map(", ".join),
            "Summary": studies["summary"],
            "Journal": studies["journal"],
            "DOI": studies["doi"].map(lambda d: f"https://doi.org/{d}" if d else None),
            "Source": studies["source_url"],
            "Key": studies["key"],
        }
    )
    return frame.reset_index(drop=True)


def study_columns() -> dict:
    """Column config of the studies table (headers, formats, links)."""
    import streamlit as st

    return {
        "Year": st.column_config.NumberColumn(format="%d", width="small"),
        "N": st.column_config.NumberColumn(help="Participants analysed", format="%d", width="small"),
        "Weeks": st.column_config.NumberColumn(help="Length of the intervention", width="small"),
        "Sessions/week": st.column_config.NumberColumn(width="small"),
        "Design": st.column_config.TextColumn(
            help="RCT: randomised controlled trial. Meta-analysis: results of several studies pooled."
        ),
        "DOI": st.column_config.LinkColumn(display_text=r"https://doi\.org/(.*)"),
        "Source": st.column_config.LinkColumn(display_text="open", help="The page the record was checked on"),
        "Title": st.column_config.TextColumn(width="large"),
        "Summary": st.column_config.TextColumn(width="large"),
    }


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> str:
    """CSV text with formula-like cells neutralised (lists joined with '; ')."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: neutralise_formula("; ".join(map(str, v)) if isinstance(v, list) else v)
            )
    return safe.to_csv(index=False)
