"""The coach's downloads, drawn once per input and shared by every session: slide cards, one-page briefs and the
talk pack that gathers them.

A card or brief depends only on what it shows and on the data, so it is cached by (id, data fingerprint, link):
the first coach to ask waits a second or two, everyone after gets the same bytes at once. The dataset itself is
left out of the hash (its fingerprint stands for it). The talk pack itself (its ZIP, BibTeX and APA list) is not
kept: a page makes it when the download button is clicked, from cards and briefs already drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from evidence.data.load import Dataset
from evidence.outputs import briefs
from evidence.outputs.slides import cards, talkpack

#: progress(done, total, what is being drawn now)
Progress = Callable[[int, int, str], None]


@st.cache_data(max_entries=256, show_spinner=False)
def card_png(claim_id: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return cards.card_for(claim_id, _dataset, link)  # a claim, a guide question or a headline


@st.cache_data(max_entries=128, show_spinner=False)
def brief_pdf(outcome: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return briefs.brief_pdf(outcome, _dataset, link)


def draw_talk(
    claim_ids: Sequence[str],
    dataset: Dataset,
    card_link: Callable[[str], str],
    brief_link: Callable[[str], str],
    progress: Progress | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The cards (by claim id) and briefs (by outcome) of a talk, each taken from the cache or drawn into it,
    reporting progress."""
    ids = list(dict.fromkeys(claim_ids))
    outcomes = briefs.talk_outcomes(ids, dataset)
    total = len(ids) + len(outcomes)
    pngs: dict[str, bytes] = {}
    pdfs: dict[str, bytes] = {}
    for done, claim_id in enumerate(ids):
        if progress:
            progress(done, total, f"Slide card {claim_id}")
        pngs[claim_id] = card_png(claim_id, dataset.fingerprint, card_link(claim_id), dataset)
    for done, outcome in enumerate(outcomes, start=len(ids)):
        if progress:
            progress(done, total, f"Brief on {outcome.replace('_', ' ')}")
        pdfs[outcome] = brief_pdf(outcome, dataset.fingerprint, brief_link(outcome), dataset)
    return pngs, pdfs


def talk_pack(
    claim_ids: Sequence[str],
    dataset: Dataset,
    card_link: Callable[[str], str],
    brief_link: Callable[[str], str],
    progress: Progress | None = None,
) -> bytes:
    """The talk pack ZIP (cards, briefs, BibTeX, APA list, README), its cards and briefs from the cache or drawn
    into it, reporting progress."""
    ids = list(dict.fromkeys(claim_ids))
    pngs, pdfs = draw_talk(ids, dataset, card_link, brief_link, progress)
    if progress:
        total = len(pngs) + len(pdfs)
        progress(total, total, "References and README")
    return talkpack.talk_pack(ids, dataset, card_link, cards=pngs, briefs=pdfs)


@st.cache_data(max_entries=64, show_spinner=False)
def section_card_png(key: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
    return cards.section_card(key, _dataset, link)
