"""What a slide card says: the strings of a claim's card and of a runners' guide chart's card, before layout.

A claim's card carries the verdict in words, the certainty, the finding first (the judgment in plain words and
its key number), then the claim as the post words it with who said it, the whole summary in runner words, the
title of the guide chart the claim stands behind (or, for a claim without one, the key numbers of its evidence),
the sources that measured the claim's outcome and the link of its QR code. A chart's card carries the question,
the answer and the works the chart draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.data.load import Dataset
from evidence.data.vocabulary import CITED_LABELS, DESIGN_NAMES, MAX_QUOTE_WORDS, VERDICT_LABELS
from evidence.views import findings, guide, present
from evidence.views.claims import CERTAINTY_LABELS, evidence_items
from evidence.views.style import CHART_BAND
from evidence.views.summaries import headlines
from evidence.views.text import capitalise, sentences

ClaimRef = str | pd.Series
FOOTER = "Runner Strength Evidence Explorer"


def claim_row(claim: ClaimRef, dataset: Dataset) -> pd.Series:
    """The claim's row with its ``claim_id``, from an id or a row (of ``dataset.claims`` or indexed by id)."""
    if isinstance(claim, str):
        rows = dataset.claims[dataset.claims["claim_id"] == claim]
        if rows.empty:
            raise KeyError(f"no claim has the id {claim!r}")
        return rows.iloc[0]
    row = claim.copy()
    if "claim_id" not in row.index:
        row["claim_id"] = row.name
    return row


def guide_section(key: str) -> guide.Section:
    """The runners' guide section of a chart key. Raises KeyError for an unknown key."""
    found = next((s for s in guide.SECTIONS if s.key == key), None)
    if found is None:
        raise KeyError(f"no guide chart has the key {key!r}")
    return found


def section_rows(section: guide.Section, dataset: Dataset) -> pd.DataFrame:
    """The rows of a guide section's chart: bars of changes, ratio dots or dose dots."""
    return guide.section_table(section, dataset.results)


def _chart_table(claim_id: str, dataset: Dataset) -> tuple[guide.Section, pd.DataFrame] | None:
    """The guide section a claim stands behind and the rows of its chart (None without a section or rows)."""
    section = present.section_for(claim_id)
    if section is None:
        return None
    table = section_rows(section, dataset)
    return None if table.empty else (section, table)


def evidence_keys(claim: ClaimRef, dataset: Dataset) -> list[str]:
    """The works behind a claim, in the card's order: those the post cites first, then the other evidence."""
    row = claim_row(claim, dataset)
    return [item.key for item in evidence_items(row, dataset.studies, dataset.results, per_study=0)]


def short_quote(quote: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The quote in curly quotation marks, cut to ``max_words`` words (with an ellipsis when cut)."""
    words = str(quote).split()
    text = " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
    return f"“{text}”"


@dataclass(frozen=True)
class CardTexts:
    """Every string a slide card draws (before fitting: the sources and key numbers may be shortened)."""

    claim_id: str
    verdict: str  # the stored evidence judgment, e.g. "small_or_mixed"
    verdict_label: str  # its words on the band, e.g. "Evidence: Small or mixed effect"
    certainty: str  # e.g. "Certainty: Low"
    quote: str  # in curly quotation marks, at most MAX_QUOTE_WORDS words
    takeaway: str  # the first sentence of the runner text
    sources: tuple[str, ...]  # labels of the works behind the claim, cited first
    chart_title: str | None  # the guide chart's title when the card has a chart
    key_numbers: tuple[str, ...]  # when there is no chart: one sentence of numbers per work (or the reason)
    numbers_heading: str  # the heading over the key numbers
    link: str
    footer: str
    band_hex: str = ""  # the band's colour when it is not the verdict's (a chart's card)
    side_label: str = ""  # what the card shows, above the QR code ("Claim C23" when empty)
    cited_label: str = ""  # what the post cited, in words (claim cards)
    finding: str = ""  # claim cards: the judgment in plain words and the key number, drawn before the quote
    attribution: str = ""  # claim cards: who said the quote


def card_texts(claim: ClaimRef, dataset: Dataset, link: str = "") -> CardTexts:
    """The strings a claim's card shows, from the fixed vocabularies and the curated claim."""
    row = claim_row(claim, dataset)
    claim_id = str(row["claim_id"])
    on_outcome = set(findings.outcome_keys(row, dataset.studies, dataset.results))
    items = [i for i in evidence_items(row, dataset.studies, dataset.results, per_study=1) if i.key in on_outcome]
    number = findings.key_number(row, dataset.studies, dataset.results)
    found = _chart_table(claim_id, dataset)
    if found is not None:
        key_numbers: tuple[str, ...] = ()
    elif items:
        key_numbers = tuple(item.sentences[0] for item in items if item.sentences)
    else:  # nothing to count: the verdict's reason says what the dataset shows
        key_numbers = (str(row["reason"]),)
    return CardTexts(
        claim_id=claim_id,
        verdict=str(row["evidence_judgment"]),
        verdict_label=f"Evidence: {VERDICT_LABELS[row['evidence_judgment']]}",
        cited_label=CITED_LABELS[row["cited_judgment"]],
        certainty=f"Certainty: {CERTAINTY_LABELS[row['certainty']]}",
        quote=short_quote(row["quote"]),
        takeaway=str(row["runner_text"]),  # whole: its caveats on who was studied are part of it
        sources=tuple(item.label for item in items),
        chart_title=found[0].chart_title if found else None,
        key_numbers=key_numbers,
        numbers_heading="What the studies found" if items else "Why this verdict",
        link=link,
        footer=FOOTER,
        finding=findings.judgment_words(str(row["evidence_judgment"])) + (f" Key number: {number}" if number else ""),
        attribution=present.attribution(row, dataset.posts),
    )


# --- A runners' guide chart's card ----------------------------------------------------------------------------------


def section_certainty(section: guide.Section, dataset: Dataset) -> str:
    """'Certainty: Moderate at best': the highest certainty among the claims the chart answers."""
    rows = dataset.claims[dataset.claims["claim_id"].isin(section.claims)]
    if rows.empty:
        return "Certainty: not rated"
    order = list(CERTAINTY_LABELS)
    best = min(rows["certainty"], key=order.index)
    return f"Certainty: {CERTAINTY_LABELS[best]}" + (" at best" if len(rows) > 1 else "")


def section_card_texts(key: str, dataset: Dataset, link: str = "") -> CardTexts:
    """The strings of a guide chart's card: the question on the band, the answer's first sentence large, the rest
    of the answer as the takeaway, the chart, and the works it draws."""
    section = guide_section(key)
    table = section_rows(section, dataset)
    answer = sentences(section.answer)
    return CardTexts(
        claim_id="",
        verdict="",
        verdict_label=section.question,
        certainty=section_certainty(section, dataset),
        quote=answer[0],
        takeaway=" ".join(answer[1:]),
        sources=tuple(dict.fromkeys(str(label) for label in table.get("Study", []))),
        chart_title=section.chart_title if len(table) else None,
        key_numbers=() if len(table) else ("The dataset in use has none of the results this chart draws on.",),
        numbers_heading="What the studies found",
        link=link,
        footer=f"{FOOTER} · claims " + ", ".join(section.claims),
        band_hex=CHART_BAND,
        side_label="Runners' guide",
    )


# --- A home page headline's card ------------------------------------------------------------------------------------


def dataset_headlines(dataset: Dataset) -> list[dict[str, str]]:
    """The home page's headline findings (those whose result is in the dataset), as the home page shows them."""
    return headlines(dataset.results, dataset.studies, dataset.metadata.get("headlines", []))


def headline_item(slide_id: str, dataset: Dataset) -> dict[str, str]:
    """The headline of a 'headline-' slide id. Raises KeyError for one the dataset does not have."""
    result_id = present.headline_result(slide_id)
    found = next((h for h in dataset_headlines(dataset) if h["result_id"] == result_id), None)
    if found is None:
        raise KeyError(f"no headline reports the result {result_id!r}")
    return found


def headline_card_texts(slide_id: str, dataset: Dataset, link: str = "") -> CardTexts:
    """The strings of a headline's card: what it says large, its number as printed, where it was read."""
    item = headline_item(slide_id, dataset)
    key = dataset.results.set_index("result_id").at[item["result_id"], "study_key"]
    design = dataset.studies.set_index("key").at[key, "design"]
    return CardTexts(
        claim_id="",
        verdict="",
        verdict_label="Headline finding",
        certainty=capitalise(DESIGN_NAMES.get(design, design)),  # 'Meta-analysis', short enough for the band
        quote=item["says"],
        takeaway="",
        sources=(item["title"].split(" — ")[-1],),
        chart_title=None,
        key_numbers=(item["sentence"], f"Read in: {item['where']}."),
        numbers_heading="The number, as printed",
        link=link,
        footer=FOOTER,
        band_hex=CHART_BAND,
        side_label="Headline finding",
    )


def slide_card_texts(slide_id: str, dataset: Dataset, link: str = "") -> CardTexts:
    """The card texts of any slide of a talk: a claim, a guide question or a headline."""
    kind = present.slide_kind(slide_id)
    if kind == "guide":
        return section_card_texts(present.guide_key(slide_id), dataset, link)
    if kind == "headline":
        return headline_card_texts(slide_id, dataset, link)
    return card_texts(slide_id, dataset, link)
