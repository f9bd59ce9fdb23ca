"""Sentences built from numbers: one number formatter, one rounding rule, and safe text for Markdown.

Rounding rule: half away from zero (0.125 -> 0.13), at two decimals for ratios and standardised effects, one
decimal for percentages, and as printed (up to two decimals) for everything else. Negative numbers use a true
minus sign.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from evidence.data.vocabulary import MEASURES, OUTCOME_NAMES, RATIO_MEASURES
from evidence.views.text import capitalise

MINUS = "\u2212"
_DECIMALS = {"rr": 2, "or": 2, "hr": 2, "smd": 2, "hedges_g": 2, "correlation": 2, "percent_change": 1}
MEASURE_NAMES = {
    "percent_change": "change",
    "smd": "standardised mean difference",
    "hedges_g": "Hedges' g",
    "rr": "risk ratio",
    "or": "odds ratio",
    "hr": "hazard ratio",
    "mean_difference": "mean difference",
    "mean": "mean",
    "proportion": "share",
    "events": "events",
    "correlation": "correlation",
    "qualitative": "finding",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&])")
#: Control characters other than newline and tab (escape_markdown drops them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return str(value) in ("<NA>", "nan", "")


def text_or_empty(value: object) -> str:
    """A cell's text, stripped ('' for a missing cell)."""
    return "" if is_missing(value) else str(value).strip()


def number_or_none(value: object) -> float | None:
    """A cell's number (None for a missing cell)."""
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]


def fmt(value: object, measure: str = "", decimals: int | None = None) -> str:
    """Format a number by the project's one rounding rule; '' for a missing value."""
    if is_missing(value):
        return ""
    places = decimals if decimals is not None else _DECIMALS.get(measure)
    number = Decimal(str(value))
    if places is None:  # as printed, at most two decimals, no trailing zeros
        rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        text = format(rounded, "f")
    else:
        text = format(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")
    if text.startswith("-"):
        text = MINUS + text[1:] if any(c not in "0.-" for c in text) else text[1:]
    return text


def fmt_ci(low: object, high: object, measure: str = "") -> str:
    """'95% CI 0.21 to 0.48', or '' when a bound is missing."""
    if is_missing(low) or is_missing(high):
        return ""
    return f"95% CI {fmt(low, measure)} to {fmt(high, measure)}"


def fmt_p(p_value: object, p_text: object) -> str:
    if not is_missing(p_value):
        value = float(p_value)  # type: ignore[arg-type]
        return "p < 0.001" if value < 0.001 else f"p = {fmt(value, decimals=3)}"
    if not is_missing(p_text):
        text = str(p_text).strip()
        return f"p {text}" if text[:1] in "<>=≤≥" else text
    return ""


def value_text(row: Mapping[str, object]) -> str:
    """The number of one result with its unit, e.g. '0.32', '−5.0%', '72.8 kg'."""
    measure = str(row.get("measure", ""))
    if measure == "qualitative" or is_missing(row.get("value")):
        return ""
    number = fmt(row["value"], measure)
    unit = "" if is_missing(row.get("unit")) else str(row["unit"]).strip()
    if measure in RATIO_MEASURES or measure in ("smd", "hedges_g", "correlation") or unit in ("ratio", "SMD"):
        return number
    if unit.startswith("%"):
        return f"{number}{unit}" if unit in ("%", "%/yr") else f"{number}% ({unit.lstrip('% ').strip()})"
    if measure == "events":
        n = row.get("n")
        of = f" of {fmt(n)}" if not is_missing(n) else ""
        return f"{number}{of} {unit}".strip()
    return f"{number} {unit}".strip()


def result_sentence(row: Mapping[str, object], label: str) -> str:
    """One plain sentence for a result: who, what, the number, its interval and p."""
    measure = str(row.get("measure", ""))
    outcome = OUTCOME_NAMES.get(str(row.get("outcome", "")), str(row.get("outcome", "")))
    detail = "" if is_missing(row.get("outcome_detail")) else f" ({row['outcome_detail']})"
    group = "" if is_missing(row.get("group")) else f", {row['group']}"
    if measure == "qualitative" or is_missing(row.get("value")):
        note = "" if is_missing(row.get("note")) else f": {row['note']}"
        return f"{label}: {outcome}{detail}{group}{note}".rstrip(".") + "."
    parts = [f"{MEASURE_NAMES.get(measure, measure)} {value_text(row)}"]
    ci = fmt_ci(row.get("ci_low"), row.get("ci_high"), measure)
    p = fmt_p(row.get("p_value"), row.get("p_text"))
    extras = "; ".join(x for x in (ci, p) if x)
    if extras:
        parts.append(f"({extras})")
    return f"{label}: {outcome}{detail}{group}: {' '.join(parts)}."


def ratio_as_percent_change(ratio: float) -> str:
    """0.315 -> '69% fewer', 1.3 -> '30% more' (for risk, odds and hazard ratios)."""
    change = (1 - ratio) * 100
    word = "fewer" if change >= 0 else "more"
    return f"{fmt(abs(change), decimals=0)}% {word}"


def escape_markdown(text: object) -> str:
    """Make curated or user text safe to show through st.markdown: no formatting, links, HTML or LaTeX."""
    if is_missing(text):
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub("", str(text)))


def measure_help(measure: str) -> str:
    return MEASURES.get(measure, "")


def dataset_overview(studies, results, citations) -> dict[str, int]:
    """Counts for the home page."""
    return {
        "works": len(studies),
        "cited": int(studies["is_cited"].sum()),
        "results": len(results),
        "null": int((studies["finding"] == "null").sum()),
        "citations": len(citations),
    }


def headlines(results, studies, chosen: list[dict[str, str]]) -> list[dict[str, str]]:
    """The headline results named in the dataset's metadata (``result`` and what it ``says``), with sources."""
    from evidence.data.vocabulary import DESIGNS

    by_key = studies.set_index("key")
    items = []
    for headline in chosen:
        result_id = headline.get("result", "")
        match = results[results["result_id"] == result_id]
        if match.empty:
            continue
        row = match.iloc[0]
        study = by_key.loc[row["study_key"]]
        outcome = OUTCOME_NAMES.get(row["outcome"], row["outcome"])
        verified = "read in the source" if row["verified"] else "second-hand: not read in the source itself"
        items.append(
            {
                "result_id": result_id,
                "says": str(headline.get("says", "")),
                "title": f"{capitalise(outcome)} — {study['label']}",
                "sentence": result_sentence(row.to_dict(), str(study["label"])),
                "design": DESIGNS.get(study["design"], study["design"]).split(":")[0].rstrip("."),
                "where": f"{row['source_location']}, {verified}",
                "url": str(row["source_url"]),
            }
        )
    return items
