"""Presentation mode: a chosen set of claims shown one per screen, in large type, with the link holding the talk.

The link ``/present?talk=C01&talk=C23&slide=2&present=1`` reopens exactly that talk at that slide. Everything here
is pure: the page reads the link, and shows what :func:`slide_view` says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import plotly.graph_objects as go

from evidence.data.schema import OUTCOME_NAMES, VERDICT_LABELS
from evidence.views import claims as claim_cards
from evidence.views import findings
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
    """What one slide shows, as Markdown built only from escaped data and the fixed vocabularies: the finding first
    (the judgment in plain words and its key number), then the post's quote with who said it, the full summary in
    runner words (its caveats on who was studied kept), and the sources that measured the claim's outcome."""

    claim_id: str
    outcome: str
    badges: str  # verdict and certainty badges
    finding: str  # the evidence judgment in plain words
    key_number: str  # the best-ranked result on the claim's outcome, which way it reads ('' when none has one)
    quote: str  # the claim as the post words it, in curly quotation marks
    attribution: str  # '— C01, Kelly Kuhn PT, “Do Runners Really Need to Strength Train?”'
    summary: str  # the whole runner text
    sources: str  # 'Sources on running economy: A; B'
    position: str  # 'Slide 2 of 3 · arrow keys move, Esc leaves'


def attribution(claim: pd.Series, posts: pd.DataFrame | None = None) -> str:
    """Who said the claim: the first post's author and title, and how many other posts say it too."""
    post_ids = list(claim["post_list"])
    rows = posts.set_index("post_id") if posts is not None else None
    if rows is None or not post_ids or post_ids[0] not in rows.index:
        said = ", ".join(post_ids)
    else:
        first = rows.loc[post_ids[0]]
        said = f"{first['author']}, “{first['title']}”"
    more = len(post_ids) - 1
    others = f" and {more} other post{'s' if more > 1 else ''}" if more > 0 else ""
    return f"— {claim['claim_id']}, {said}{others}"


def outcome_sources(claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame) -> list[str]:
    """Labels of the works behind a claim that measured its outcome (cited ones first)."""
    labels = studies.set_index("key")["label"]
    return [str(labels[k]) for k in findings.outcome_keys(claim, studies, results) if k in labels.index]


def slide_view(
    talk: Talk, claims: pd.DataFrame, studies: pd.DataFrame, results: pd.DataFrame, posts: pd.DataFrame | None = None
) -> SlideView:
    """The slide the talk is at: the finding and its key number, the quote and who said it, the full summary and
    the sources on the claim's outcome."""
    claim_id = talk.claim_ids[talk.slide - 1]
    claim = claims[claims["claim_id"] == claim_id].iloc[0]
    sources = outcome_sources(claim, studies, results)
    outcome = OUTCOME_NAMES.get(str(claim["outcome"]), str(claim["outcome"]))
    number = findings.key_number(claim, studies, results)
    return SlideView(
        claim_id=claim_id,
        outcome=str(claim["outcome"]),
        badges=claim_cards.badges_markdown(claim["evidence_judgment"], claim["certainty"], claim["cited_judgment"]),
        finding=escape_markdown(findings.judgment_words(str(claim["evidence_judgment"]))),
        key_number=f"Key number: {escape_markdown(number)}" if number else "",
        quote=f"“{escape_markdown(claim['quote'])}”",
        attribution=escape_markdown(attribution(claim, posts)),
        summary=escape_markdown(str(claim["runner_text"])),
        sources=escape_markdown(sources_line(outcome, sources)),
        position=f"Slide {talk.slide} of {len(talk.claim_ids)} · arrow keys move, Esc leaves",
    )


SLIDE_CHART_HEIGHT = 310  # pixels: the chart beside the words, so the slide fits a 1280x720 screen
SLIDE_SOURCES = 5  # works named on a slide; the rest are counted (all are in the talk pack's references)


def slide_chart(figure: go.Figure) -> go.Figure:
    """The guide chart sized for the slide's right half: a fixed height, and each bar's two-line label on one line
    in smaller type, so eleven rows fit without labels running into each other."""
    copy = go.Figure(figure)
    for trace in copy.data:
        if trace.type == "bar" and trace.orientation == "h":
            trace.y = [str(label).replace("<br>", " · ") for label in trace.y]
    copy.update_layout(height=SLIDE_CHART_HEIGHT, margin=dict(t=60, b=40))
    copy.update_yaxes(tickfont=dict(size=11))
    return copy


def sources_line(outcome: str, labels: Sequence[str], limit: int = SLIDE_SOURCES) -> str:
    """'Sources on running economy: A; B; and 12 more in the talk pack's references' (plain text)."""
    if not labels:
        return f"No work behind this claim measured {outcome}."
    rest = len(labels) - limit
    more = f"; and {rest} more in the talk pack's references" if rest > 0 else ""
    return f"Sources on {outcome}: {'; '.join(labels[:limit])}{more}"
