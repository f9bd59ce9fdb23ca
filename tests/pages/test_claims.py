"""Claims, through app.py: counts, both judgments' words, filters from the sidebar and the link, a card's contents."""

from __future__ import annotations

import csv

from evidence.data.schema import CITED_JUDGMENTS, VERDICTS
from tests.conftest import FIXTURE_DATA, REAL_DATA, count_line, seen, texts

PAGE = "pages/claims.py"

# Each fixture claim's badges, as the card shows them: what the evidence says first, its certainty, then what the
# post cited.
FIXTURE_BADGES = {
    "C01": ":blue-badge[:material/check_circle: Evidence: Supported] :gray-badge[:material/speed: Certainty: Moderate]"
    " :blue-badge[:material/menu_book: The cited source supports it]",
    "C02": ":gray-badge[:material/help: Evidence: Not tested by the studies here]"
    " :gray-badge[:material/speed: Certainty: Very low]"
    " :gray-badge[:material/link_off: The post cites no source]",
    "C03": ":blue-badge[:material/check_circle: Evidence: Supported] :gray-badge[:material/speed: Certainty: Low]"
    " :gray-badge[:material/swap_horiz: The cited source does not test it]",
}


def claim_rows(folder=FIXTURE_DATA) -> list[dict[str, str]]:
    with open(folder / "claims.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def card_summaries(at) -> dict[str, list[str]]:
    """Each closed claim card on the page, by claim id: the paragraphs of its one summary block (badges, quote, who
    said it, the evidence's reason, what the post cited)."""
    cards = {}
    for block in at.markdown:
        paragraphs = str(block.value).split("\n\n")
        if len(paragraphs) > 1 and paragraphs[1].startswith("**C") and "** · “" in paragraphs[1]:
            cards[paragraphs[1].split("**")[1]] = paragraphs
    return cards


def cards_shown(at) -> dict[str, str]:
    """Each claim card on the page, by claim id: the badges line drawn above its quote."""
    return {claim_id: paragraphs[0] for claim_id, paragraphs in card_summaries(at).items()}


def test_all_claims_with_both_judgments_and_certainty(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Claims"
    assert count_line(at) == "**3 of 3 claims** match the filters."
    # claims per evidence judgment
    assert "Supported: 2 · Not tested by the studies here: 1" in [c.value for c in at.caption]
    assert cards_shown(at) == FIXTURE_BADGES
    shown = texts(at)
    assert "**C01** · “Lifting twice a week makes running cheaper\\.”" in shown
    # a claim of two posts shows the second post's own words, never the first post's sentence as the second's
    said = "Said in: Lift to Run Faster  \nAlso in Hips and Injuries: “Weak hips are behind every sore knee\\.”"
    assert said in shown
    assert "Said in: Hips and Injuries" in shown  # C03, one post
    # The second judgment's reason closes each card, in small grey type as a caption, in the order of the cards.
    assert [paragraphs[-1] for paragraphs in card_summaries(at).values()] == [
        ":gray[:small[**What the post cited:** The cited trial \\(Alpha 2001\\) found what the post says\\.]]",
        ":gray[:small[**What the post cited:** The post cites no source for this claim\\.]]",
        ":gray[:small[**What the post cited:** The cited work \\(Beta 2005\\) measured hip strength, not injuries\\.]]",
    ]
    # one block a closed card: its frame, its summary and its "Read more" are all the card sends
    assert len([m for m in at.markdown if "** · “" in m.value]) == 3


def test_the_badges_tooltip_explains_both_judgments_evidence_first(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"post": ["posttwo"], "certainty": ["low"]})
    (card,) = [m for m in at.markdown if m.value.startswith(FIXTURE_BADGES["C03"] + "\n\n")]
    assert card.help.startswith(
        "What the evidence says: The studies show what the post says, about as strongly as it says it.  \n"
        "Certainty: Further research is very likely to change the estimate.  \n"
        "What the post cited: The source the post cites does not test this claim."
    )


def test_the_legend_names_every_judgment_of_both_kinds(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert "**What the evidence says**" not in [m.value for m in at.markdown]  # drawn when the reader opens it
    at.session_state["verdict_legend"] = True
    at.run()
    legend = [m.value for m in at.markdown]
    evidence, cited = legend.index("**What the evidence says**"), legend.index("**What the post cited**")
    assert evidence < cited
    assert legend[evidence + 1 : cited] == [
        ":blue-badge[:material/check_circle: Supported]",
        ":orange-badge[:material/contrast: Small or mixed effect]",
        ":violet-badge[:material/do_not_disturb_on: Not supported: no effect found]",
        ":red-badge[:material/cancel: Contradicted]",
        ":gray-badge[:material/help: Not tested by the studies here]",
    ]
    assert legend[cited + 1 : cited + 1 + len(CITED_JUDGMENTS)] == [
        ":blue-badge[:material/menu_book: The cited source supports it]",
        ":gray-badge[:material/swap_horiz: The cited source does not test it]",
        ":red-badge[:material/block: The cited source contradicts it]",
        ":gray-badge[:material/link_off: The post cites no source]",
        ":gray-badge[:material/search_off: The cited source could not be found]",
    ]
    captions = [c.value for c in at.caption]
    assert "The post cites no source for this claim; the evidence judgment says what the studies show\\." in captions


def test_a_closed_card_shows_its_judgments_and_reason_but_not_its_details(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["supported"], "cited": ["cited_supports"]})
    assert [e.label for e in at.expander][1:] == ["Read more: for runners, coaches and students; the studies"]
    assert len(at.tabs) == 0  # the three reading levels are drawn when the card is opened
    assert "Lifting twice a week made running cost less energy\\." not in texts(at)
    assert cards_shown(at) == {"C01": FIXTURE_BADGES["C01"]}
    assert "One randomised trial in 20 trained women found oxygen cost fell 5%\\." in texts(at)


def test_a_card_opens_to_three_reading_levels_and_its_studies(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["supported"], "cited": ["cited_supports"]})
    assert count_line(at) == "**1 of 3 claims** match the filters."
    at.session_state["more_C01"] = True  # the reader opens the card's "Read more"
    at.run()
    shown = texts(at)
    assert [t.label for t in at.tabs] == ["For runners", "For coaches", "For students"]
    assert "Lifting twice a week made running cost less energy\\." in shown
    assert "One randomised trial, 20 trained women, 10 weeks" in shown
    plain = seen(at)
    assert "**Alpha & Omega 2001**, randomised trial (cited by the post)" in plain
    assert (
        "- Alpha & Omega 2001: running economy (oxygen cost at 12 km/h), strength + running: change \u22125.0%" in plain
    )
    assert "Evidence searched up to 2001-02-01." in plain


def test_the_evidence_judgment_filter_keeps_every_claim_it_names(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    box = at.multiselect(key="verdict")
    assert box.label == "What the evidence says"
    box.set_value([list(VERDICTS)[box.options.index("Supported")]]).run()
    supported = [r["claim_id"] for r in claim_rows() if r["evidence_judgment"] == "supported"]
    assert supported == ["C01", "C03"]
    assert count_line(at) == f"**{len(supported)} of 3 claims** match the filters."
    assert list(cards_shown(at)) == supported
    assert at.code[0].value.endswith("?verdict=supported")


def test_choosing_the_post_cites_no_source_shows_exactly_those_claims(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    box = at.multiselect(key="cited")
    assert box.label == "What the post cited"
    box.set_value([list(CITED_JUDGMENTS)[box.options.index("The post cites no source")]]).run()
    expected = [r["claim_id"] for r in claim_rows() if r["cited_judgment"] == "no_source_cited"]
    assert expected == ["C02"]
    assert count_line(at) == f"**{len(expected)} of 3 claims** match the filters."
    assert cards_shown(at) == {c: FIXTURE_BADGES[c] for c in expected}
    assert at.code[0].value.endswith("?cited=no_source_cited")


def test_the_cited_filter_from_the_link_combines_with_the_others(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"cited": ["cited_supports", "cited_does_not_test"]})
    assert count_line(at) == "**2 of 3 claims** match the filters."
    assert list(cards_shown(at)) == ["C01", "C03"]
    assert at.multiselect(key="cited").value == ["cited_supports", "cited_does_not_test"]
    at.multiselect(key="post").set_value(["posttwo"]).run()
    assert count_line(at) == "**1 of 3 claims** match the filters."
    assert cards_shown(at) == {"C03": FIXTURE_BADGES["C03"]}
    assert at.code[0].value.endswith("?post=posttwo&cited=cited_supports&cited=cited_does_not_test")


def test_an_old_link_with_a_retired_verdict_is_named_and_ignored(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["overstated"], "cited": ["no_source_cited"]})
    assert "Ignored 'overstated' in 'What the evidence says'\\: not one of its choices\\." in [i.value for i in at.info]
    assert count_line(at) == "**1 of 3 claims** match the filters."  # the cited filter still applies
    assert list(cards_shown(at)) == ["C02"]


def test_filters_combine_and_build_the_link(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    at.multiselect(key="post").set_value(["posttwo"]).run()
    assert count_line(at) == "**2 of 3 claims** match the filters."
    at.multiselect(key="certainty").set_value(["low"]).run()
    assert count_line(at) == "**1 of 3 claims** match the filters."
    assert at.code[0].value.endswith("/?post=posttwo&certainty=low") or at.code[0].value.endswith(
        "?post=posttwo&certainty=low"
    )
    assert "C03" in texts(at) and "C01" not in texts(at).replace("C01 ", "")


def test_no_claim_matches_has_its_own_message(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["contradicted"]})
    assert at.warning[0].value.startswith("No claim matches these filters.")
    at.button(key="claims_empty_clear").click().run()
    assert count_line(at) == "**3 of 3 claims** match the filters."


def test_no_claim_matches_both_judgments_at_once_has_its_own_message(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["not_yet_studied"], "cited": ["cited_supports"]})
    assert count_line(at) == "**0 of 3 claims** match the filters."
    assert at.warning[0].value.startswith("No claim matches these filters.")
    assert cards_shown(at) == {}


def test_claims_on_bundled_data(open_real_page) -> None:
    rows = claim_rows(REAL_DATA)
    chosen = {"post": ["symmetry"], "verdict": ["small_or_mixed"], "cited": ["cited_supports"]}
    expected = [
        r["claim_id"]
        for r in rows
        if "symmetry" in r["posts"].split(";")
        and r["evidence_judgment"] == "small_or_mixed"
        and r["cited_judgment"] == "cited_supports"
    ]
    assert expected == ["C23"]
    at = open_real_page(PAGE, chosen)
    assert count_line(at) == f"**1 of {len(rows)} claims** match the filters."
    assert cards_shown(at) == {
        "C23": ":orange-badge[:material/contrast: Evidence: Small or mixed effect] :gray-badge[:material/speed: "
        "Certainty: Low] :blue-badge[:material/menu_book: The cited source supports it]"
    }
    shown = texts(at)
    assert "strength training reduced sports injuries to less than ⅓" in shown
    assert "0\\.527" in shown  # the reason names the all-exercise estimate
    assert "Small or mixed effect: 1" in [c.value for c in at.caption]


def test_the_view_link_carries_the_public_address_when_one_is_set(open_fixture_page, monkeypatch) -> None:
    monkeypatch.setenv("EVIDENCE_PUBLIC_URL", "https://evidence.example.org")
    at = open_fixture_page(PAGE)
    assert at.code[-1].value.startswith("https://evidence.example.org/")  # AppTest gives no page path


def test_the_first_cards_are_drawn_and_the_reader_asks_for_the_next_or_all(open_real_page) -> None:
    from evidence.ui.cards import CARDS_AT_ONCE

    rows = claim_rows(REAL_DATA)
    assert len(rows) > 2 * CARDS_AT_ONCE  # the bundled claims need the button twice
    at = open_real_page(PAGE)
    assert count_line(at) == f"**{len(rows)} of {len(rows)} claims** match the filters."
    in_order = [r["claim_id"] for r in rows]
    assert list(card_summaries(at)) == in_order[:CARDS_AT_ONCE]
    assert f"Showing the first {CARDS_AT_ONCE} of {len(rows)} claims." in [c.value for c in at.caption]
    assert at.button(key="claims_all").label == f"Show all {len(rows)}"
    at.button(key="claims_more").click().run()  # the next ones follow the first, in the same order
    assert list(card_summaries(at)) == in_order[: 2 * CARDS_AT_ONCE]
    if len(rows) - 2 * CARDS_AT_ONCE <= CARDS_AT_ONCE:  # what is left is the next ones: one button shows them all
        assert [b.label for b in at.button if b.key in ("claims_more", "claims_all")] == [f"Show all {len(rows)}"]
    at.button(key="claims_all").click().run()
    assert list(card_summaries(at)) == in_order
    assert not [b for b in at.button if b.key in ("claims_more", "claims_all")]  # nothing is left to show
    # a filter with fewer matches than a window shows them all, with no button
    at.multiselect(key="verdict").set_value(["supported"]).run()
    supported = [r["claim_id"] for r in rows if r["evidence_judgment"] == "supported"]
    assert list(card_summaries(at)) == supported and len(supported) < CARDS_AT_ONCE
    assert not [b for b in at.button if b.key in ("claims_more", "claims_all")]
