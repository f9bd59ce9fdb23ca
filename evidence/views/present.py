"""Presentation mode: a chosen set of claims shown one per screen, in large type, with the link holding the talk.

The link ``/present?talk=C01&talk=C23&slide=2&present=1`` reopens exactly that talk at that slide. Everything here
is pure: the page reads the link, and shows what :func:`slide_view` says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd

from evidence.data.vocabulary import OUTCOME_NAMES, VERDICT_LABELS
from evidence.views import claims as claim_cards
from evidence.views.claims import CERTAINTY_LABELS
from evidence.views.guide import SECTIONS, Section
from evidence.views.summaries import escape_markdown
from evidence.views.text import capitalise, first_sentence

PARAMS = ("present", "talk", "slide")


@dataclass(frozen=True)
class Talk:
    claim_ids: tuple[str, ...]
    slide: int  # 1-based
    presenting: bool
    notices: tuple[str, ...] = ()


def read_talk(params: Mapping[str, Sequence[str]], known_claims: Sequence[str]) -> Talk:
    """The talk a link describes; unknown claims and a slide out of range are dropped with a notice."""
    notices = []
    chosen = []
    for claim_id in params.get("talk", []):
        if claim_id in known_claims and claim_id not in chosen:
            chosen.append(claim_id)
        elif claim_id not in known_claims:
            notices.append(f"Ignored '{claim_id[:20]}' in the talk: no claim has that id.")
    slide_text = (params.get("slide") or ["1"])[0]
    slide = int(slide_text) if slide_text.isdigit() else 1
    if chosen and not 1 <= slide <= len(chosen):
        notices.append(f"The talk has {len(chosen)} slides; showing slide 1.")
        slide = 1
    presenting = (params.get("present") or [""])[0] == "1" and bool(chosen)
    return Talk(tuple(chosen), slide, presenting, tuple(notices))


def talk_params(claim_ids: Sequence[str], slide: int = 1, presenting: bool = True) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {"talk": list(claim_ids), "slide": [str(slide)]}
    if presenting:
        params["present"] = ["1"]
    return params


def section_for(claim_id: str) -> Section | None:
    """The runners' guide section whose chart stands behind a claim, if any."""
    return next((s for s in SECTIONS if claim_id in s.claims), None)


def takeaway(runner_text: str) -> str:
    """The first sentence of the runner text: the one line a slide can carry."""
    return first_sentence(runner_text)


def citation_line(claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame) -> str:
    items = claim_cards.evidence_items(claim, studies, results, per_study=0)
    return "; ".join(item.label for item in items)


def talk_link(page_url: str, claim_ids: Sequence[str], slide: int = 1, presenting: bool = True) -> str:
    """The address that opens a talk at a slide: the Present page's address with the talk as its query (any query
    or anchor the address had is replaced)."""
    query = urlencode(talk_params(claim_ids, slide, presenting), doseq=True)
    return urlunsplit(urlsplit(page_url)._replace(query=query, fragment=""))


def slide_links(page_url: str, claim_ids: Sequence[str]) -> dict[str, str]:
    """Each claim's slide in the talk, by claim id: the link its card's QR code opens."""
    ids = list(dict.fromkeys(claim_ids))
    return {claim_id: talk_link(page_url, ids, number) for number, claim_id in enumerate(ids, start=1)}


def claim_choice(claim_id: str, quote: str, verdict: str = "", certainty: str = "") -> str:
    """A claim in the talk chooser: 'C01 · Small or mixed effect, moderate certainty: the first 60 characters of
    its quote' (the judgment and certainty when given)."""
    judged = ""
    if verdict:
        sure = f", {CERTAINTY_LABELS[certainty].lower()} certainty" if certainty else ""
        judged = f" · {VERDICT_LABELS[verdict]}{sure}"
    return f"{claim_id}{judged}: {quote[:60] if judged else quote[:70]}"


def outcome_choice(outcome: str) -> str:
    """An outcome in the brief chooser: its name, capitalised."""
    return capitalise(OUTCOME_NAMES[outcome])


@dataclass(frozen=True)
class SlideView:
    """What one slide shows, as Markdown built only from escaped data and the fixed vocabularies."""

    claim_id: str
    outcome: str
    badges: str  # verdict and certainty badges
    quote: str  # the claim as the post words it, in curly quotation marks
    takeaway: str  # the first sentence of the runner text
    sources: str  # 'Sources: A; B'
    position: str  # 'Slide 2 of 3 · arrow keys move, Esc leaves'


def slide_view(talk: Talk, claims: pd.DataFrame, studies: pd.DataFrame, results: pd.DataFrame) -> SlideView:
    """The slide the talk is at: its claim's verdict, certainty, quote, takeaway and sources."""
    claim_id = talk.claim_ids[talk.slide - 1]
    claim = claims[claims["claim_id"] == claim_id].iloc[0]
    return SlideView(
        claim_id=claim_id,
        outcome=str(claim["outcome"]),
        badges=claim_cards.badges_markdown(claim["evidence_judgment"], claim["certainty"], claim["cited_judgment"]),
        quote=f"“{escape_markdown(claim['quote'])}”",
        takeaway=escape_markdown(takeaway(str(claim["runner_text"]))),
        sources=f"Sources: {escape_markdown(citation_line(claim, studies, results))}",
        position=f"Slide {talk.slide} of {len(talk.claim_ids)} · arrow keys move, Esc leaves",
    )
