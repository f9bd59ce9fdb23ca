"""What a claim's evidence found, said first: the judgment in plain words, its key number read from the results,
and the works behind it that measured the claim's outcome.

Slides, slide cards and briefs lead with these. Every number comes from ``data/results.csv`` through
:func:`ranked_results`; nothing here types a number in.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evidence.data.schema import OUTCOME_NAMES, VERDICTS
from evidence.stats import effects
from evidence.views.summaries import result_sentence

REVIEW_DESIGN = "systematic_review_meta_analysis"
#: Designs whose numbers read as a better or worse result of training (a risk-factor study's number does not).
TESTED_DESIGNS = frozenset({REVIEW_DESIGN, "rct", "controlled_trial"})
#: How a number reads, said after it (papers print the same gain as -5% oxygen cost or +6% economy).
READS = {effects.IMPROVEMENT: "an improvement", effects.WORSENING: "a worsening"}
LEANS = {effects.IMPROVEMENT: "leaning better", effects.WORSENING: "leaning worse"}


def ranked_results(
    results: pd.DataFrame,
    studies: pd.DataFrame,
    outcome: str,
    keys: Iterable[str] | None = None,
    quotable: bool = False,
) -> pd.DataFrame:
    """Results on the outcome that carry a number (baselines left out), best first: pooled estimates of reviews,
    then those with an interval, then those read in the source. ``keys`` keeps only those works' results;
    ``quotable`` puts, within each of those ranks, a percentage first (the number a coach can say aloud)."""
    rows = results[results["outcome"] == outcome]
    if keys is not None:
        rows = rows[rows["study_key"].isin(list(keys))]
    numeric = rows[(rows["measure"] != "qualitative") & rows["value"].notna() & (rows["timepoint"] != "pre")].copy()
    if numeric.empty:
        return numeric
    designs = studies.set_index("key")["design"]
    numeric["study_design"] = numeric["study_key"].map(lambda k: designs.get(k, ""))
    numeric["_pooled"] = numeric["study_design"] == REVIEW_DESIGN
    numeric["_percent"] = numeric["unit"].fillna("").astype(str).str.startswith("%") if quotable else False
    numeric["_ci"] = numeric["ci_low"].notna()
    numeric["_verified"] = numeric["verified"].astype(bool)
    order = ["_pooled", "_percent", "_ci", "_verified"] if quotable else ["_pooled", "_ci", "_verified"]
    ranked = numeric.sort_values(order, ascending=False, kind="stable")
    return ranked.drop(columns=["_pooled", "_percent", "_ci", "_verified"])


def number_sentence(row: pd.Series) -> str:
    """A result in one short sentence, for a page that is about its outcome already: 'Støren et al. 2008: running
    economy at 70% of VO2max, maximal strength training: change −5.0% (significant).'"""
    sentence = result_sentence(row.to_dict(), str(row["study_label"]))
    name = OUTCOME_NAMES[row["outcome"]]
    if pd.notna(row["outcome_detail"]):  # 'running economy (running economy at 70% ...)': say it once
        sentence = sentence.replace(f": {name} ({row['outcome_detail']})", f": {row['outcome_detail']}", 1)
    return sentence


def reading(row: pd.Series) -> str:
    """Which way a number of a trial or review reads ('an improvement', 'leaning worse, not significant'), or ''
    when it has no direction (a control arm, a neutral outcome such as body mass, a value without a rule, a
    design that does not test training, such as a risk-factor study)."""
    if row.get("study_design", REVIEW_DESIGN) not in TESTED_DESIGNS:
        return ""
    if row["outcome"] in effects.NEUTRAL_OUTCOMES or effects.group_role(row["group"]) == effects.CONTROL:
        return ""
    direction = effects.reads_as(row["value"], row["lower_is_better"], row["measure"])
    if direction not in READS:
        return ""
    return READS[direction] if effects.is_significant(row) else f"{LEANS[direction]}, not significant"


def read_sentence(row: pd.Series) -> str:
    """:func:`number_sentence` with the way it reads after it, and a note when it was not read in the source."""
    sentence = number_sentence(row)
    reads = reading(row)
    if reads:
        sentence = f"{sentence.rstrip('.')}: {reads}."
    if not bool(row["verified"]):
        sentence += " (Not read in the source itself.)"
    return sentence


def judgment_words(verdict: str) -> str:
    """The evidence judgment in plain words ('The studies show a small effect, or some find an effect and others do
    not.'); its short label is on the badge or band beside it."""
    return VERDICTS[verdict]


def claim_keys(claim: pd.Series) -> list[str]:
    """The works behind a claim, those its post cites first."""
    return list(dict.fromkeys(list(claim["cited_list"]) + list(claim["evidence_list"])))


def key_number(claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame) -> str:
    """The one number a slide carries for a claim: the best-ranked result on the claim's outcome among the works
    behind it (a review's pooled percentage first), in a sentence that says which way it reads; '' when none of
    them has a number on that outcome."""
    ranked = ranked_results(results, studies, str(claim["outcome"]), claim_keys(claim), quotable=True)
    return "" if ranked.empty else read_sentence(ranked.iloc[0])


def outcome_keys(claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame) -> list[str]:
    """The works behind a claim that measured its outcome (by their outcomes or a recorded result on it), in the
    claim's order: a slide's sources. A running-economy trial behind a claim on ageing is not a source on ageing."""
    outcome = str(claim["outcome"])
    measured = set(results.loc[results["outcome"] == outcome, "study_key"])
    lists = studies.set_index("key")["outcome_list"]
    return [k for k in claim_keys(claim) if k in measured or (k in lists.index and outcome in lists[k])]
