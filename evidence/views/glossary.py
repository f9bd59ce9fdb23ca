"""Plain-words definitions of the terms the explorer uses, and the tooltips built from them."""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "running economy": "How much oxygen or energy a runner uses at a given pace. Using less is better.",
    "RR": "Risk ratio: the risk in one group divided by the risk in the other. 0.5 means half as many injuries.",
    "risk ratio": "The risk in one group divided by the risk in the other. 0.5 means half as many injuries.",
    "OR": "Odds ratio: like a risk ratio, but with odds; close to the risk ratio when events are rare.",
    "odds ratio": "Like a risk ratio, but with odds; close to the risk ratio when events are rare.",
    "HR": "Hazard ratio: how fast events happen in one group compared with the other.",
    "hazard ratio": "How fast events happen in one group compared with the other.",
    "SMD": "Standardised mean difference: the gap between groups in standard deviations. 0.2 small, 0.8 large.",
    "standardised mean difference": "The gap between groups in standard deviations. 0.2 small, 0.5 medium, 0.8 large.",
    "CI": "Confidence interval: the range of effects compatible with the data; 95% is the usual level.",
    "confidence interval": "The range of effects compatible with the data; 95% is the usual level.",
    "RCT": "Randomised controlled trial: people are put into groups by chance, so a difference can show a cause.",
    "randomised": "Put into groups by chance, so the groups differ only in the treatment.",
    "meta-analysis": "A study that pools the results of several studies into one estimate.",
    "systematic review": "A review that searches for all studies on a question by a stated method.",
    "cross-sectional": "Measured once: shows links between things, not what causes what.",
    "case-control": "People with a condition compared with people without it: shows links, not causes.",
    "cohort": "People followed over time to see who develops a condition.",
    "GRADE": "A standard way to rate how sure the evidence lets us be: high, moderate, low or very low.",
    "VO2max": "The most oxygen the body can use per minute: a measure of aerobic fitness.",
    "1RM": "One-repetition maximum: the heaviest weight lifted once.",
    "plyometric": "Jumping and bounding drills that train fast, springy force.",
    "hypertrophy": "Growth of muscle size.",
    "p": "p-value: how surprising the data would be if there were no real effect; below 0.05 is called significant.",
    "tau²": "Between-study variance: how much the true effects differ from study to study.",
    "I²": "The share of the spread between studies that reflects real differences rather than chance.",
    "prediction interval": "Where the effect of a new, similar study would probably fall.",
}
_PATTERNS = {term: re.compile(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", re.IGNORECASE if len(term) > 3 else 0)
             for term in GLOSSARY}  # fmt: skip


def terms_in(text: str) -> list[str]:
    """Glossary terms that appear in a text, in glossary order, without a long and short form twice."""
    found = [term for term, pattern in _PATTERNS.items() if pattern.search(text or "")]
    return [t for t in found if not any(t != o and t.lower() in o.lower() for o in found)]


def tooltip(text: str) -> str | None:
    """A tooltip defining the glossary terms that appear in a text (None when there are none)."""
    terms = terms_in(text)
    if not terms:
        return None
    return "  \n".join(f"**{term}**: {GLOSSARY[term]}" for term in terms)
