"""The posts, through app.py: each post's claims with verdicts and its citation audit."""

from __future__ import annotations

from tests.conftest import texts

PAGE = "pages/posts.py"


def test_each_post_has_its_claims_and_audit(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "The posts"
    assert [t.label for t in at.tabs] == ["Lift to Run Faster", "Hips and Injuries"]
    shown = texts(at)
    assert "**2 claims** checked." in shown  # postone makes C01 and C02
    # Each claim with both judgments, what the evidence says first, then what the post cited.
    c01 = (
        ":blue-badge[:material/check_circle: Evidence: Supported] :blue-badge[:material/menu_book: The cited source "
        "supports it] **C01** “Lifting twice a week makes running cheaper\\.”"
    )
    c02 = (
        ":gray-badge[:material/help: Evidence: Not tested by the studies here] :gray-badge[:material/link_off: The post cites no "
        "source] **C02** “Strong hips prevent all knee injuries\\.”"
    )
    c03 = (
        ":blue-badge[:material/check_circle: Evidence: Supported] :gray-badge[:material/swap_horiz: The cited source "
        "does not test it] **C03** “Strength programmes cut injuries by two thirds\\.”"
    )
    assert [m.value for m in at.markdown if "-badge[" in m.value] == [c01, c02, c02, c03]  # posttwo makes C02, C03
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
