"""The coach's downloads, drawn once per input and shared by every session: slide cards, one-page briefs and the
talk pack that gathers them.

A card or brief depends only on what it shows and on the data, so it is cached by (id, data fingerprint, link):
the first coach to ask waits a second or two, everyone after gets the same bytes at once. The dataset itself is
left out of the hash (its fingerprint stands for it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from evidence.data.load import Dataset
from evidence.outputs import briefs, slides

#: progress(done, total, what is being drawn now)
Progress = Callable[[int, int, str], None]


@st.cache_data(max_entries=256, show_spinner=False)
def card_png(claim_id: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return slides.slide_card(claim_id, _dataset, link)


@st.cache_data(max_entries=128, show_spinner=False)
def brief_pdf(outcome: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return briefs.brief_pdf(outcome, _dataset, link)


def talk_pack(
    claim_ids: Sequence[str],
    dataset: Dataset,
    card_link: Callable[[str], str],
    brief_link: Callable[[str], str],
    progress: Progress | None = None,
) -> bytes:
    """The talk pack ZIP, each card and brief taken from the cache or drawn into it, reporting progress."""
    ids = list(dict.fromkeys(claim_ids))
    outcomes = briefs.talk_outcomes(ids, dataset)
    total = len(ids) + len(outcomes)
    cards: dict[str, bytes] = {}
    pdfs: dict[str, bytes] = {}
    for done, claim_id in enumerate(ids):
        if progress:
            progress(done, total, f"Slide card {claim_id}")
        cards[claim_id] = card_png(claim_id, dataset.fingerprint, card_link(claim_id), dataset)
    for done, outcome in enumerate(outcomes, start=len(ids)):
        if progress:
            progress(done, total, f"Brief on {outcome.replace('_', ' ')}")
        pdfs[outcome] = brief_pdf(outcome, dataset.fingerprint, brief_link(outcome), dataset)
    if progress:
        progress(total, total, "References and README")
    return slides.talk_pack(ids, dataset, card_link, cards=cards, briefs=pdfs)


@st.cache_data(max_entries=64, show_spinner=False)
def section_card_png(key: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return slides.section_card(key, _dataset, link)
