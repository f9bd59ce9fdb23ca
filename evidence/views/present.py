"""Presentation mode: a chosen set of claims shown one per screen, in large type, with the link holding the talk.

The link ``/present?present=1&talk=C01&talk=C23&slide=2`` reopens exactly that talk at that slide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from evidence.views import claims as claim_cards
from evidence.views.guide import SECTIONS, Section

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
    first = re.split(r"(?<=[.!?])\s+", runner_text.strip(), maxsplit=1)[0]
    return first


def citation_line(claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame) -> str:
    items = claim_cards.evidence_items(claim, studies, results, per_study=0)
    return "; ".join(item.label for item in items)
