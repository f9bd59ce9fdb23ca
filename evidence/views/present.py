"""Presentation mode: a chosen set of slides shown one per screen, in large type, with the link holding the talk.

A slide is a claim (its id, ``C01``), a runners' guide question (``guide-economy``: the section's key) or a home
page headline (``headline-denadai2017-01``: the result it reports), all stable codes. The link
``/present?talk=C01&talk=guide-injuries&slide=2&present=1`` reopens exactly that talk at that slide. Everything
here is pure: the page reads the link, and shows what :func:`slide_view` says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import plotly.graph_objects as go

from evidence.data.vocabulary import OUTCOME_NAMES, VERDICT_LABELS
from evidence.views import claims as claim_cards
from evidence.views import findings
from evidence.views.claims import CERTAINTY_LABELS
from evidence.views.guide import SECTIONS, Section, section_studies
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
    """The talk a link describes (``known_claims``: every slide id, see :func:`slide_ids`); unknown ids and a slide
    out of range are dropped with a notice."""
    notices = []
    chosen = []
    for claim_id in params.get("talk", []):
        if claim_id in known_claims and claim_id not in chosen:
            chosen.append(claim_id)
        elif claim_id not in known_claims:
            notices.append(f"Ignored '{claim_id[:30]}' in the talk: no claim, guide question or headline has that id.")
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


GUIDE_PREFIX = "guide-"
HEADLINE_PREFIX = "headline-"


def slide_ids(claims: pd.DataFrame, headlines: Sequence[Mapping[str, str]] = ()) -> list[str]:
    """Every slide a talk can hold: the claims, then the runners' guide questions, then the home page's headlines
    (those whose result is in the dataset; ``headlines`` as :func:`evidence.views.summaries.headlines` gives them)."""
    return [
        *map(str, claims["claim_id"]),
        *(f"{GUIDE_PREFIX}{section.key}" for section in SECTIONS),
        *(f"{HEADLINE_PREFIX}{item['result_id']}" for item in headlines),
    ]


def slide_kind(slide_id: str) -> str:
    """'guide', 'headline' or 'claim'."""
    if slide_id.startswith(GUIDE_PREFIX):
        return "guide"
    return "headline" if slide_id.startswith(HEADLINE_PREFIX) else "claim"


def guide_key(slide_id: str) -> str:
    return slide_id.removeprefix(GUIDE_PREFIX)


def headline_result(slide_id: str) -> str:
    return slide_id.removeprefix(HEADLINE_PREFIX)


def guide_section(slide_id: str) -> Section:
    """The guide section of a 'guide-' slide id. Raises KeyError for an unknown one."""
    found = next((s for s in SECTIONS if s.key == guide_key(slide_id)), None)
    if found is None:
        raise KeyError(f"no guide question has the key {guide_key(slide_id)!r}")
    return found


def slide_choice(slide_id: str, claims: pd.DataFrame, headlines: Sequence[Mapping[str, str]] = ()) -> str:
    """A slide in the talk chooser: a claim with its judgment and certainty, 'Guide · the question', or
    'Headline · what it says'."""
    kind = slide_kind(slide_id)
    if kind == "guide":
        return f"Guide · {guide_section(slide_id).question}"
    if kind == "headline":
        item = next((h for h in headlines if h["result_id"] == headline_result(slide_id)), None)
        return f"Headline · {item['says'][:100] if item else headline_result(slide_id)}"
    row = claims.set_index("claim_id").loc[slide_id]
    return claim_choice(slide_id, str(row["quote"]), str(row["evidence_judgment"]), str(row["certainty"]))


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
    talk: Talk,
    claims: pd.DataFrame,
    studies: pd.DataFrame,
    results: pd.DataFrame,
    posts: pd.DataFrame | None = None,
    headlines: Sequence[Mapping[str, str]] = (),
) -> SlideView:
    """The slide the talk is at. A claim: the finding and its key number, the quote and who said it, the full
    summary and the sources on the claim's outcome. A guide question: the question, its answer and the works its
    chart draws. A headline: what it says, its number and where it was read."""
    claim_id = talk.claim_ids[talk.slide - 1]
    position = f"Slide {talk.slide} of {len(talk.claim_ids)} · arrow keys move, Esc leaves"
    if slide_kind(claim_id) == "guide":
        return guide_slide(claim_id, claims, results, position)
    if slide_kind(claim_id) == "headline":
        item = next(h for h in headlines if h["result_id"] == headline_result(claim_id))
        return headline_slide(claim_id, item, position)
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
        position=position,
    )


def section_certainty(section: Section, claims: pd.DataFrame) -> str:
    """'Moderate at best': the highest certainty among the claims a guide question answers ('' when none)."""
    rows = claims[claims["claim_id"].isin(section.claims)]
    if rows.empty:
        return ""
    best = min(rows["certainty"], key=list(CERTAINTY_LABELS).index)
    return CERTAINTY_LABELS[best] + (" at best" if len(rows) > 1 else "")


def guide_slide(slide_id: str, claims: pd.DataFrame, results: pd.DataFrame, position: str) -> SlideView:
    """A runners' guide question as a slide: the question, its answer in runner words, the works of its chart."""
    section = guide_section(slide_id)
    certainty = section_certainty(section, claims)
    labels = dict(zip(results["study_key"], results["study_label"], strict=True))
    works = [str(labels[key]) for key in section_studies(section, results)]
    return SlideView(
        claim_id=slide_id,
        outcome="",
        badges=":violet-badge[:material/directions_run: Runners' guide]"
        + (f" :gray-badge[:material/speed: Certainty: {certainty}]" if certainty else ""),
        finding=escape_markdown(section.question),
        key_number="",
        quote="",
        attribution="",
        summary=f"**{escape_markdown(section.answer)}**",
        sources=escape_markdown(sources_line("this question", works) if works else "No result of this chart is in "
                                "the dataset in use."),  # fmt: skip
        position=position,
    )


def headline_slide(slide_id: str, item: Mapping[str, str], position: str) -> SlideView:
    """A home page headline as a slide: what it says, its number as printed, and where it was read."""
    return SlideView(
        claim_id=slide_id,
        outcome="",
        badges=f":blue-badge[:material/star: Headline finding] :gray-badge[{escape_markdown(item['design'])}]",
        finding=escape_markdown(item["says"]),
        key_number=f"Key number: {escape_markdown(item['sentence'])}",
        quote="",
        attribution="",
        summary=escape_markdown(f"Read in: {item['where']}."),
        sources=escape_markdown(f"Source: {item['title']}"),
        position=position,
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
