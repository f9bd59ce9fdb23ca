"""The posts, through app.py: each post's claims with verdicts and its citation audit."""

from __future__ import annotations

import pandas as pd

from tests.conftest import REAL_DATA, texts

PAGE = "pages/posts.py"


def test_each_post_has_its_claims_and_audit(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "The posts"
    assert [t.label for t in at.tabs] == ["Lift to Run Faster", "Hips and Injuries"]
    shown = texts(at)
    # postone makes C01 and C02 (both judged; C02 not tested by the studies) and has 3 sentences judged not checkable
    assert (
        "**2 checkable claims** found in this post, **2 judged** (1 tested by studies in our dataset, 1 not tested "
        "by them). 3 sentences judged not checkable (headings, opinions, instructions, marketing, references)."
    ) in shown
    # Each claim with both judgments, what the evidence says first, then what the post cited.
    c01 = (
        ":blue-badge[:material/check_circle: Evidence: Supported] :blue-badge[:material/menu_book: The cited source "
        "supports it] **C01** “Lifting twice a week makes running cheaper\\.”"
    )
    c02 = (
        ":gray-badge[:material/help: Evidence: Not tested by the studies here] "
        ":gray-badge[:material/link_off: The post cites no "
        "source] **C02** “Strong hips prevent all knee injuries\\.”"
    )
    c02_in_posttwo = (  # the same claim, in posttwo's own words
        ":gray-badge[:material/help: Evidence: Not tested by the studies here] "
        ":gray-badge[:material/link_off: The post cites no "
        "source] **C02** “Weak hips are behind every sore knee\\.”"
    )
    c03 = (
        ":blue-badge[:material/check_circle: Evidence: Supported] :gray-badge[:material/swap_horiz: The cited source "
        "does not test it] **C03** “Strength programmes cut injuries by two thirds\\.”"
    )
    assert [m.value for m in at.markdown if "-badge[" in m.value] == [c01, c02, c02_in_posttwo, c03]
    first, second = at.dataframe[0].value, at.dataframe[1].value
    assert list(first["Found"]) == [True, False]
    assert first.loc[1, "What differs"] == "cited work could not be located"
    assert second.loc[0, "What differs"] == "year printed 2006; published 2005"


def test_posts_on_bundled_data_show_the_known_citation_errors(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert [t.label for t in at.tabs][0] == "Do Runners Really Need to Strength Train?"
    assert len(at.tabs) == 5
    storen = next(
        frame.value for frame in at.dataframe if frame.value["Verified record"].str.startswith("Støren").any()
    )
    row = storen[storen["Verified record"].str.startswith("Støren")].iloc[0]
    assert "DOI" in row["What differs"]
    assert "This post cites no sources for its claims." in texts(at)  # the post without references


def test_each_post_shows_the_counts_in_the_data(open_real_page) -> None:
    """Per post: the claims found (claims listing the post), how many carry both judgments, how many the studies
    test, and the sentences judged not checkable, counted here from the files themselves."""
    at = open_real_page(PAGE)
    claims = pd.read_csv(REAL_DATA / "claims.csv", dtype=str)
    listed = pd.read_csv(REAL_DATA / "post_sentences_not_checkable.csv", dtype=str)
    posts = pd.read_csv(REAL_DATA / "posts.csv", dtype=str)
    shown = texts(at)
    total = 0
    for post in posts["post_id"]:
        made = claims[claims["posts"].str.split(";").map(lambda items, p=post: p in items)]
        judged = made["evidence_judgment"].notna() & made["cited_judgment"].notna()
        tested = int((judged & made["evidence_judgment"].ne("not_yet_studied")).sum())
        skipped = int(listed["post_id"].eq(post).sum())
        line = (
            f"**{len(made)} checkable claims** found in this post, **{int(judged.sum())} judged** ({tested} tested by "
            f"studies in our dataset, {int(judged.sum()) - tested} not tested by them). {skipped} sentences judged not "
            "checkable (headings, opinions, instructions, marketing, references)."
        )
        assert line in shown, post
        total += len(made)
    assert total > len(claims)  # some claims are made by more than one post, and each is counted in each
    first_tab = [m.value for m in at.tabs[0].markdown if "-badge[" in m.value]
    kuhn = claims[claims["posts"].str.split(";").map(lambda items: "kuhn" in items)]
    assert len(first_tab) == len(kuhn)
