"""Small rules of wording shared by every view and output: one capitalisation rule, one sentence splitter."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def capitalise(text: str) -> str:
    """The text with its first letter in upper case and the rest untouched ('running economy' -> 'Running
    economy', 'VO2max' stays 'VO2max'; str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def in_sentence(label: str) -> str:
    """A capitalised label as it reads inside a sentence: 'Running economy' -> 'running economy'; an
    abbreviation or name stays as it is ('VO2max', 'Iliotibial band syndrome' -> 'iliotibial band syndrome')."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def sentences(text: str) -> list[str]:
    """The sentences of a text, split after '.', '!' or '?' followed by white space."""
    return [part for part in _SENTENCE_END.split(str(text).strip()) if part]


def first_sentence(text: str) -> str:
    """The first sentence of a text ('' for an empty text)."""
    found = sentences(text)
    return found[0] if found else ""
