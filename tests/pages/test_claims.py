"""Claims, through app.py: counts, verdict words, filters from the sidebar and the link, a card's contents."""

from __future__ import annotations

from tests.conftest import count_line, seen, texts

PAGE = "pages/claims.py"


def test_all_claims_with_verdicts_and_certainty(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Claims"
    assert count_line(at) == "**3 of 3 claims** match the filters."
    assert "Supported: 1 · Different population: 1 · No evidence cited: 1" in texts(at)
    shown = texts(at)
    for badge in (
        ":blue-badge[:material/check_circle: Supported]",
        ":gray-badge[:material/speed: Certainty: Moderate]",
    ):
        assert badge in shown
    assert "**C01** · “Lifting twice a week makes running cheaper\\.”" in shown
    assert "Said in: Lift to Run Faster, Hips and Injuries" in shown


def test_a_closed_card_shows_its_verdict_and_reason_but_not_its_details(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["supported"]})
    assert [e.label for e in at.expander][1:] == ["Read more: for runners, coaches and students; the studies"]
    assert len(at.tabs) == 0  # the three reading levels are drawn when the card is opened
    assert "Lifting twice a week made running cost less energy\\." not in texts(at)
    assert "**C01** · “Lifting twice a week makes running cheaper\\.”" in texts(at)


def test_a_card_opens_to_three_reading_levels_and_its_studies(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"verdict": ["supported"]})
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


def test_claims_on_bundled_data(open_real_page) -> None:
    at = open_real_page(PAGE, {"post": ["symmetry"], "verdict": ["overstated"]})
    shown = texts(at)
    assert "strength training reduced sports injuries to less than ⅓" in shown
    assert "0\\.527" in shown  # the reason names the all-exercise estimate
