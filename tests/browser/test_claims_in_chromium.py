"""Claims in real Chromium: filter by both judgments, open a card, follow it to the study."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _choose(app_page, label: str, option: str) -> None:
    box = app_page.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    app_page.act(lambda: app_page.page.get_by_role("option", name=option, exact=True).click())
    app_page.page.keyboard.press("Escape")


def test_filter_claims_by_both_judgments_and_follow_a_card_to_its_study(fixture_server, app_page) -> None:
    app_page.goto(f"{fixture_server}/claims")
    expect(app_page.page.get_by_text("3 of 3 claims")).to_be_visible()
    main = app_page.page.locator('[data-testid="stMain"]')
    _choose(app_page, "What the evidence says", "Supported")
    expect(app_page.page.get_by_text("2 of 3 claims")).to_be_visible()  # C01 and C03
    assert "verdict=supported" in app_page.page.url
    expect(main.get_by_text("Evidence: Supported")).to_have_count(2)
    _choose(app_page, "What the post cited", "The cited source supports it")
    expect(app_page.page.get_by_text("1 of 3 claims")).to_be_visible()  # C01 alone
    assert "verdict=supported&cited=cited_supports" in app_page.page.url
    # the card's badges: the evidence judgment first, then its certainty, then what the post cited
    badges = main.get_by_text("Evidence: Supported").locator("xpath=ancestor::p[1]")
    expect(badges).to_have_count(1)
    expect(badges).to_have_text(
        "check_circle Evidence: Supported speed Certainty: Moderate menu_book The cited source supports it"
    )
    cited = "What the post cited: The cited trial (Alpha 2001) found what the post says."
    expect(main.get_by_text(cited)).to_be_visible()

    app_page.act(lambda: app_page.page.get_by_text("Read more: for runners, coaches and students").click())
    app_page.page.get_by_role("tab", name="For coaches").click()
    expect(app_page.page.get_by_text("Change in oxygen cost: 5% lower")).to_be_visible()
    app_page.act(lambda: app_page.page.get_by_role("link", name="Open Alpha & Omega 2001 in Studies").click())
    expect(app_page.page.locator("h1").first).to_have_text("Studies")
    expect(app_page.page.get_by_text("1 of 4 works match the filters.")).to_be_visible()
    assert "q=alpha2001" in app_page.page.url
    app_page.assert_no_exception()


def test_posts_page_shows_the_citation_audit(fixture_server, app_page) -> None:
    app_page.goto(f"{fixture_server}/posts")
    expect(app_page.page.get_by_text("Citation audit").first).to_be_visible()
    app_page.page.get_by_role("tab", name="Hips and Injuries").click()
    expect(app_page.page.get_by_text("C03").first).to_be_visible()
    app_page.assert_no_exception()
