"""Tables as readers see them: the columns shown and their headers."""

from __future__ import annotations

import pandas as pd

from evidence.data.vocabulary import DESIGN_NAMES, DESIGN_RANK

TABLE_HELP = (
    "Each row is one work. Design says how strong the evidence can be: a randomised controlled trial (RCT) "
    "tests cause and effect; a cross-sectional or case-control study shows only an association. Finding is "
    "the main result for the study's primary outcome. Cited by lists the posts that cite the work. "
    "Choose an order with 'Sort by' (kept in the link), or click a column header to sort for a moment."
)

#: The studies table's orders, by the stable code the link stores (``sort=year_newest``); the first is the default.
SORTS: dict[str, str] = {
    "dataset": "Dataset order",
    "year_newest": "Newest first",
    "year_oldest": "Oldest first",
    "n_largest": "Most participants first",
    "design": "Strongest design first (reviews, then trials)",
    "study": "Study, A to Z",
}


def sort_studies(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """The studies table in the order a sort code names (the dataset's order for an unknown code); ties keep the
    dataset's order, and works without a year or N come last."""
    design_rank = {DESIGN_NAMES[code]: -rank for code, rank in DESIGN_RANK.items() if code in DESIGN_NAMES}
    orders = {
        "year_newest": (["Year"], [False]),
        "year_oldest": (["Year"], [True]),
        "n_largest": (["N"], [False]),
        "study": (["Study"], [True]),
    }
    if code == "design":
        ranks = frame["Design"].map(lambda d: design_rank.get(d, 0))
        return frame.iloc[ranks.argsort(kind="stable")].reset_index(drop=True)
    if code not in orders:
        return frame
    columns, ascending = orders[code]
    key = (lambda c: c.str.lower()) if code == "study" else None
    return frame.sort_values(columns, ascending=ascending, kind="stable", na_position="last", key=key).reset_index(
        drop=True
    )


def _outcome_texts(lists: pd.Series) -> list[str]:
    """Each work's outcomes as one text ('running economy, time trial'), each distinct list written once."""
    written: dict[tuple[str, ...], str] = {}
    texts = []
    for items in lists.tolist():
        key = tuple(items)
        if key not in written:
            written[key] = ", ".join(i.replace("_", " ") for i in items)
        texts.append(written[key])
    return texts


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
            "Outcomes": _outcome_texts(studies["outcome_list"]),
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


def results_table(results: pd.DataFrame) -> pd.DataFrame:
    """A study's results as a reader reads them: what, who, the number with its interval, p, where it stands."""
    from evidence.data.vocabulary import OUTCOME_NAMES
    from evidence.views.summaries import MEASURE_NAMES, fmt_ci, fmt_p, value_text

    rows = []
    for _, row in results.iterrows():
        record = row.to_dict()
        rows.append(
            {
                "Outcome": OUTCOME_NAMES.get(row["outcome"], row["outcome"]),
                "Measured": row["outcome_detail"] if pd.notna(row["outcome_detail"]) else "",
                "Group": row["group"],
                "Measure": MEASURE_NAMES.get(row["measure"], row["measure"]),
                "Value": value_text(record) or "no number given",
                "95% CI": fmt_ci(row["ci_low"], row["ci_high"], row["measure"]),
                "p": fmt_p(row["p_value"], row["p_text"]),
                "n": row["n"],
                "Where": row["source_location"],
                "Read in the source": bool(row["verified"]),
                "Note": row["note"] if pd.notna(row["note"]) else "",
            }
        )
    return pd.DataFrame(rows)
