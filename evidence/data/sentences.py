"""The sentences of a post, split the same way every time, and the one rule for comparing a quote with a post.

A post is read line by line (a heading, a caption or a list item is its own line); a line is cut after '.', '!'
or '?' (and any closing quotation mark or bracket) followed by white space and a character that is not a lower-case
letter, except after a known abbreviation ('et al.', 'e.g.', 'vs.', 'n.d.') or a single capital initial ('B. R.'). List
markers at the start of a line ('•', '1.') are not part of the sentence. Nothing is guessed: the same text always
gives the same sentences, in reading order.
"""

from __future__ import annotations

import re
import unicodedata

#: Words that end with a full stop inside a sentence (compared in lower case, without the stop).
ABBREVIATIONS = frozenset({"al", "e.g", "i.e", "vs", "dr", "mr", "mrs", "ms", "vol", "n.d", "fig"})

_LIST_MARKER = re.compile(r"^\s*(?:[•·*\-–]|\d{1,2}[.)])\s+")
_CANDIDATE = re.compile(r"[.!?][\"”’')\]]*\s+(?=\S)")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})  # fmt: skip


def normalise(text: str) -> str:
    """Text as compared with a post: Unicode compatibility form, typographic quotes and apostrophes made plain,
    white space collapsed. Nothing else changes (case, dashes and punctuation are kept)."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def _ends_sentence(line: str, stop: int, following: str) -> bool:
    """Whether the '.', '!' or '?' at ``stop`` ends a sentence, given the character that follows the white space."""
    if following.islower():
        return False
    if line[stop] != ".":
        return True
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", line[:stop])
    if word is None:
        return True
    token = word.group(1)
    if len(token) == 1 and token.isupper():  # an initial: 'B. R. Rønnestad'
        return False
    return token.lower() not in ABBREVIATIONS


def split_line(line: str) -> list[str]:
    """The sentences of one line of text, stripped, without a leading list marker."""
    line = _LIST_MARKER.sub("", line.strip())
    found, start = [], 0
    for match in _CANDIDATE.finditer(line):
        following = line[match.end()]
        if _ends_sentence(line, match.start(), following):
            found.append(line[start : match.end()].strip())
            start = match.end()
    found.append(line[start:].strip())
    return [sentence for sentence in found if sentence]


def split_sentences(text: str) -> list[str]:
    """Every sentence of a text, in reading order: each line on its own, cut by :func:`split_line`."""
    return [sentence for line in str(text).splitlines() for sentence in split_line(line)]


def contains(sentence: str, quote: str) -> bool:
    """Whether a quote stands inside a sentence (both normalised, case kept): a quote never runs over two
    sentences, so the sentence it comes from is the one that holds it."""
    sentence, quote = normalise(sentence), normalise(quote)
    return bool(quote) and quote in sentence


def listed_as(sentence: str, listed: str, max_words: int) -> bool:
    """Whether a row of the not-checkable list stands for a sentence: the same words, or, for a sentence longer
    than ``max_words`` words, its first ``max_words`` words."""
    sentence, listed = normalise(sentence), normalise(listed)
    if sentence == listed:
        return True
    words = sentence.split()
    return len(words) > max_words and " ".join(words[:max_words]) == listed


def unaccounted(text: str, quotes: list[str], listed: list[str], max_words: int) -> list[str]:
    """The sentences of a post's text that hold none of its claims' quotes and are not in its not-checkable list,
    in reading order."""
    return [
        sentence
        for sentence in split_sentences(text)
        if not any(contains(sentence, quote) for quote in quotes)
        and not any(listed_as(sentence, row, max_words) for row in listed)
    ]
