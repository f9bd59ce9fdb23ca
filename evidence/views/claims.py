"""Claims as readers see them: verdict badges, the evidence behind each claim, and the citation audit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.data.vocabulary import CERTAINTIES, CITED_JUDGMENTS, CITED_LABELS, DESIGN_NAMES, VERDICT_LABELS, VERDICTS
from evidence.views import glossary
from evidence.views.style import CITED_BADGE_COLOURS, VERDICT_BADGE_COLOURS
from evidence.views.summaries import escape_markdown, result_sentence

VERDICT_ICONS = {
    "supported": ":material/check_circle:",
    "small_or_mixed": ":material/contrast:",
    "not_supported": ":material/do_not_disturb_on:",
    "contradicted": ":material/cancel:",
    "not_yet_studied": ":material/help:",
}
CITED_ICONS = {
    "cited_supports": ":material/menu_book:",
    "cited_does_not_test": ":material/swap_horiz:",
    "cited_contradicts": ":material/block:",
    "no_source_cited": ":material/link_off:",
    "cited_not_found": ":material/search_off:",
}
#: Badge colour (from the house style) and icon per judgment. The colour is never the only signal: the judgment's
#: words and an icon go with it.
VERDICT_BADGES: dict[str, tuple[str, str]] = {v: (VERDICT_BADGE_COLOURS[v], icon) for v, icon in VERDICT_ICONS.items()}
CITED_BADGES: dict[str, tuple[str, str]] = {v: (CITED_BADGE_COLOURS[v], icon) for v, icon in CITED_ICONS.items()}
CERTAINTY_LABELS = {"high": "High", "moderate": "Moderate", "low": "Low", "very_low": "Very low"}


@dataclass(frozen=True)
class EvidenceItem:
    key: str
    label: str
    design: str
    cited_by_post: bool
    sentences: tuple[str, ...]
    url: str


def verdict_badge(verdict: str) -> tuple[str, str, str]:
    """(label, colour, icon) of an evidence judgment's badge."""
    colour, icon = VERDICT_BADGES[verdict]
    return VERDICT_LABELS[verdict], colour, icon


def cited_badge(judgment: str) -> tuple[str, str, str]:
    """(label, colour, icon) of a cited judgment's badge."""
    colour, icon = CITED_BADGES[judgment]
    return CITED_LABELS[judgment], colour, icon


def evidence_items(
    claim: pd.Series, studies: pd.DataFrame, results: pd.DataFrame, per_study: int = 3
) -> list[EvidenceItem]:
    """The works behind a claim, cited ones first, each with up to ``per_study`` numbers on the claim's outcome
    (or, when none is on that outcome, its first numbers)."""
    by_key = studies.set_index("key")
    keys = list(dict.fromkeys(list(claim["cited_list"]) + list(claim["evidence_list"])))
    items = []
    for key in keys:
        if key not in by_key.index:
            continue
        study = by_key.loc[key]
        rows = results[results["study_key"] == key]
        numeric = rows[rows["measure"] != "qualitative"]
        on_outcome = numeric[numeric["outcome"] == claim["outcome"]]
        chosen = pd.concat([on_outcome, numeric.drop(on_outcome.index)]) if len(numeric) else rows
        sentences = tuple(
            result_sentence(r.to_dict(), str(study["label"])) for _, r in chosen.head(per_study).iterrows()
        )
        items.append(
            EvidenceItem(
                key=key,
                label=str(study["label"]),
                design=DESIGN_NAMES.get(study["design"], study["design"]),
                cited_by_post=key in claim["cited_list"],
                sentences=sentences,
                url=str(study["source_url"]) if pd.notna(study["source_url"]) else "",
            )
        )
    return items


def badges_markdown(verdict: str, certainty: str | None = None, cited: str | None = None) -> str:
    """Inline Markdown badges, built only from the fixed vocabularies: the evidence judgment first, its certainty,
    then what the post cited."""
    label, colour, icon = verdict_badge(verdict)
    text = f":{colour}-badge[{icon} Evidence: {label}]"
    if certainty:
        text += f" :gray-badge[:material/speed: Certainty: {CERTAINTY_LABELS[certainty]}]"
    if cited:
        label, colour, icon = cited_badge(cited)
        text += f" :{colour}-badge[{icon} {label}]"
    return text


def claim_line(claim: pd.Series, with_id: bool = True, quote: str | None = None) -> str:
    """One line of Markdown for a claim in a list: both judgments' badges, its id, the quote as the post words it
    (``quote``: one post's own words, from :func:`lead_quotes`; else the claim's quote, its first post's words)."""
    badges = badges_markdown(claim["evidence_judgment"], cited=claim["cited_judgment"])
    claim_id = f" **{claim['claim_id']}**" if with_id else ""
    words = claim["quote"] if quote is None else quote
    return f"{badges}{claim_id} “{escape_markdown(words)}”"


def lead_quotes(quotes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Each claim-post pair's lead quote (its first row in claim_quotes.csv): (claim_id, post_id) -> the words."""
    first = quotes.drop_duplicates(["claim_id", "post_id"])
    pairs = zip(first["claim_id"], first["post_id"], first["quote"], strict=True)
    return {(str(claim), str(post)): str(quote) for claim, post, quote in pairs}


def post_counts(post_id: str, claims: pd.DataFrame, not_checkable: pd.DataFrame) -> dict[str, int]:
    """How a post's sentences were accounted for: the checkable claims found in it, how many of them carry both
    judgments, how many the studies in the dataset test (evidence judgment other than 'not_yet_studied'), and
    the sentences judged not checkable."""
    made = claims[claims["post_list"].map(lambda items: post_id in items)]
    judged = made["evidence_judgment"].isin(list(VERDICTS)) & made["cited_judgment"].isin(list(CITED_JUDGMENTS))
    return {
        "found": len(made),
        "judged": int(judged.sum()),
        "tested": int((judged & made["evidence_judgment"].ne("not_yet_studied")).sum()),
        "not_checkable": int(not_checkable["post_id"].eq(post_id).sum()),
    }


def post_counts_line(counts: dict[str, int]) -> str:
    """The counts of :func:`post_counts` in one line of Markdown."""
    untested = counts["judged"] - counts["tested"]
    return (
        f"**{counts['found']} checkable claims** found in this post, **{counts['judged']} judged** "
        f"({counts['tested']} tested by studies in our dataset, {untested} not tested by them). "
        f"{counts['not_checkable']} sentences judged not checkable (headings, opinions, instructions, marketing, "
        "references)."
    )


def badges_help(claim: pd.Series) -> str:
    """The tooltip of a claim's badges: what each judgment and the certainty mean."""
    return (
        f"What the evidence says: {VERDICTS[claim['evidence_judgment']]}  \n"
        f"Certainty: {CERTAINTIES[claim['certainty']]}  \n"
        f"What the post cited: {CITED_JUDGMENTS[claim['cited_judgment']]}"
    )


def verdict_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict, in vocabulary order, leaving out verdicts with none."""
    counts = claims["evidence_judgment"].value_counts()
    return {v: int(counts[v]) for v in VERDICT_LABELS if v in counts}


def post_audit(post_id: str, citations: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """A post's printed citations beside the verified record and the differences a reader should know."""
    rows = citations[citations["post_id"] == post_id]
    labels = studies.set_index("key")
    return pd.DataFrame(
        {
            "As printed in the post": rows["citation_as_printed"],
            "Verified record": rows["study_key"].map(
                lambda k: f"{labels.loc[k, 'label']}: {labels.loc[k, 'title']}" if k in labels.index else k
            ),
            "Found": rows["study_key"].map(
                lambda k: labels.loc[k, "status"] == "found" if k in labels.index else False
            ),
            "What differs": rows["audit"],
        }
    ).reset_index(drop=True)


def claims_using(key: str, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that cite a work or rest on it."""
    uses = claims["cited_list"].map(lambda keys: key in keys) | claims["evidence_list"].map(lambda keys: key in keys)
    return claims[uses]


def citations_of(key: str, citations: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """How each post that cites a work prints it, and what differs from the verified record."""
    titles = dict(zip(posts["post_id"], posts["title"], strict=True))
    rows = citations[citations["study_key"] == key]
    return pd.DataFrame(
        {
            "Post": rows["post_id"].map(lambda p: titles.get(p, p)),
            "As printed": rows["citation_as_printed"],
            "What differs": rows["audit"],
        }
    ).reset_index(drop=True)


def said_in(claim: pd.Series, post_titles: dict[str, str], quotes: dict[tuple[str, str], str] | None) -> str:
    """Which posts make a claim, as Markdown: the first post (whose words the card shows), then each other post
    with its own words, so that no post's sentence is shown as another's."""
    posts = list(claim["post_list"])
    if not posts:
        return ""
    first = escape_markdown(post_titles.get(posts[0], posts[0]))
    if quotes is None:
        return f"Said in: {escape_markdown(', '.join(post_titles.get(p, p) for p in posts))}"
    lines = [f"Said in: {first}"]
    for post in posts[1:]:
        words = quotes.get((str(claim["claim_id"]), post))
        title = escape_markdown(post_titles.get(post, post))
        lines.append(f"Also in {title}: “{escape_markdown(words)}”" if words else f"Also in {title}")
    return "  \n".join(lines)


def card_texts(
    claim: pd.Series,
    post_titles: dict[str, str],
    studies: pd.DataFrame,
    results: pd.DataFrame,
    quotes: dict[tuple[str, str], str] | None = None,
) -> dict:
    """A claim card's texts as Markdown, every piece of data escaped, with their tooltips and the works behind it:
    ``works`` is a list of (Markdown block, label, key); ``quotes`` (from :func:`lead_quotes`) gives each other
    post's own words."""
    items = evidence_items(claim, studies, results)
    texts = {
        "badges": badges_markdown(claim["evidence_judgment"], claim["certainty"], claim["cited_judgment"]),
        "badges_help": badges_help(claim),
        "quote": f"**{claim['claim_id']}** · “{escape_markdown(claim['quote'])}”",
        "who": said_in(claim, post_titles, quotes),
        "reason": escape_markdown(claim["reason"]),
        "cited": f"**What the post cited:** {escape_markdown(claim['cited_reason'])}",
        "reason_help": glossary.tooltip(claim["reason"]),
        "runner": escape_markdown(claim["runner_text"]),
        "coach": escape_markdown(claim["coach_text"]),
        "coach_help": glossary.tooltip(claim["coach_text"]),
        "student": escape_markdown(claim["student_text"]),
        "student_help": glossary.tooltip(claim["student_text"]),
        "certainty": f"**Why this certainty:** {escape_markdown(claim['certainty_reasons'])}",
        "where": f"Where the quote stands: {escape_markdown(claim['quote_location'])}",
        "works": [
            (
                f"**{escape_markdown(item.label)}**, {escape_markdown(item.design)}"
                + (" (cited by the post)" if item.cited_by_post else "")
                + "".join(f"\n- {escape_markdown(sentence)}" for sentence in item.sentences),
                item.label,
                item.key,
            )
            for item in items
        ],
        "searched": f"Evidence searched up to {escape_markdown(claim['search_date'])}.",
    }
    texts["summary"], texts["summary_help"] = card_summary(texts)
    return texts


def card_summary(texts: dict) -> tuple[str, str]:
    """A closed card as one Markdown block and its tooltip: the badges, the quote, who said it and the two reasons,
    the post lines and the citing in small grey type as captions have them. One block instead of five: every element
    a page sends costs the server a round trip between the page's thread and its event loop, and the Claims page
    draws one card a claim."""
    def small(text: str) -> str:
        return f":gray[:small[{text}]]" if text else ""

    parts = [texts["badges"], texts["quote"], small(texts["who"]), texts["reason"], small(texts["cited"])]
    tips = [texts["badges_help"], texts["reason_help"]]
    return "\n\n".join(p for p in parts if p), "  \n".join(t for t in tips if t)


def all_card_texts(
    claims: pd.DataFrame,
    posts: pd.DataFrame,
    studies: pd.DataFrame,
    results: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
) -> dict:
    """:func:`card_texts` of every claim, by claim id (each other post's own words from ``quotes``, the rows of
    claim_quotes.csv, when given)."""
    post_titles = dict(zip(posts["post_id"], posts["title"], strict=True))
    leads = lead_quotes(quotes) if quotes is not None else None
    return {
        str(claim["claim_id"]): card_texts(claim, post_titles, studies, results, leads)
        for _, claim in claims.iterrows()
    }
