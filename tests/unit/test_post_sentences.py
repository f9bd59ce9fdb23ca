"""Every sentence of the five posts is accounted for: it holds a claim's quote, in that post's own words, or it is
listed as not checkable with a reason. The posts are read from the archive beside the checkout (they are others'
work and are not redistributed with the explorer)."""

from __future__ import annotations

import pytest

from evidence.data.files import posts_dir
from evidence.data.load import load_dataset
from evidence.data.schema import MAX_SENTENCE_WORDS
from evidence.data.sentences import contains, listed_as, normalise, split_sentences, unaccounted
from tests.conftest import REAL_DATA

POSTS = posts_dir()


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


@pytest.fixture(scope="module")
def texts(real) -> dict[str, str]:
    assert POSTS.exists(), f"the archived posts are not beside this checkout ({POSTS}; set EVIDENCE_POSTS_DIR)"
    return {post: (POSTS / name).read_text(encoding="utf-8") for post, name in zip(real.posts["post_id"],
            real.posts["file"], strict=True)}  # fmt: skip


def test_every_quote_is_verbatim_in_one_sentence_of_its_own_post(real, texts) -> None:
    sentences = {post: split_sentences(text) for post, text in texts.items()}
    wrong = [
        (row.claim_id, row.post_id, row.quote)
        for row in real.quotes.itertuples()
        if not any(contains(sentence, row.quote) for sentence in sentences[row.post_id])
    ]
    assert wrong == []


def test_each_claims_quote_is_its_first_posts_words(real, texts) -> None:
    for claim in real.claims.itertuples():
        assert normalise(claim.quote) in normalise(texts[claim.post_list[0]]), claim.claim_id


def test_every_sentence_holds_a_claim_or_is_judged_not_checkable(real, texts) -> None:
    missing = []
    for post, text in texts.items():
        quotes = list(real.quotes.loc[real.quotes["post_id"] == post, "quote"])
        listed = list(real.not_checkable.loc[real.not_checkable["post_id"] == post, "sentence"])
        missing += [f"{post}: {sentence}" for sentence in unaccounted(text, quotes, listed, MAX_SENTENCE_WORDS)]
    assert missing == [], "sentences neither quoted by a claim nor judged not checkable:\n" + "\n".join(missing)


def test_every_listed_sentence_is_in_its_post_and_holds_no_claim(real, texts) -> None:
    stale, claimed = [], []
    for row in real.not_checkable.itertuples():
        sentences = [s for s in split_sentences(texts[row.post_id]) if listed_as(s, row.sentence, MAX_SENTENCE_WORDS)]
        if len({normalise(s) for s in sentences}) != 1:  # none, or an opening two different sentences share
            stale.append(f"{row.post_id}: {row.sentence} ({len(sentences)} sentences)")
        quotes = real.quotes.loc[real.quotes["post_id"] == row.post_id, "quote"]
        claimed += [f"{row.post_id}: {s}" for s in sentences if any(contains(s, q) for q in quotes)]
    assert stale == [] and claimed == []


def test_the_account_names_a_sentence_that_is_in_neither_file() -> None:
    text = "A Heading\nLifting cuts injuries by half. Buy our plan today! Squats make you faster."
    quotes = ["Lifting cuts injuries by half"]
    listed = ["A Heading", "Buy our plan today!"]
    assert unaccounted(text, quotes, listed, 25) == ["Squats make you faster."]
    assert unaccounted(text, quotes, [*listed, "Squats make you faster."], 25) == []
    long = " ".join(f"w{i}" for i in range(30)) + "."
    assert unaccounted(long, [], [" ".join(f"w{i}" for i in range(25))], 25) == []  # a long sentence's opening
    assert unaccounted(long, [], [" ".join(f"w{i}" for i in range(24))], 25) == [long]  # not any shorter prefix


def test_every_post_has_claims_and_sentences_judged_not_checkable(real) -> None:
    posts = set(real.posts["post_id"])
    assert set(real.quotes["post_id"]) == posts
    assert set(real.not_checkable["post_id"]) == posts
