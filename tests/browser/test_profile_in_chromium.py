"""A runner on a 390 px phone tells the runners' page about themselves and their pace; the link reopens both."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, AppPage

pytestmark = pytest.mark.browser

HEADLINE = "Your 10 km at 5:30 per km: 55:00 now; about 52:19 to 54:02 for the same effort."


def _inside_the_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_a_runner_on_a_phone_sets_a_profile_and_a_pace_and_the_link_reopens_both(real_server, phone_page,
                                                                                 browser) -> None:  # fmt: skip
    page = phone_page.page
    phone_page.goto(f"{real_server}/guide?me_age=40to59&me_goal=faster")
    goal = page.get_by_text("For your goal, start with:", exact=False)
    expect(goal).to_be_visible()
    expect(goal.get_by_role("link", name="Will lifting make my running cheaper?")).to_be_visible()
    sentence = page.get_by_text("behind this answer were in runners", exact=False).first
    expect(sentence).to_contain_text("people of your age band (40 to 59)")
    _inside_the_screen(sentence)

    box = page.get_by_label("My pace (minutes:seconds per km)")
    box.scroll_into_view_if_needed()
    box.click()
    box.press_sequentially("5:30")
    phone_page.act(lambda: box.press("Enter"))
    headline = page.get_by_text(HEADLINE)
    expect(headline).to_be_visible()
    _inside_the_screen(headline)  # wraps on the phone instead of running off the screen
    expect(page.get_by_role("link", name="Kipp et al. 2019")).to_have_attribute(
        "href", "https://www.frontiersin.org/articles/10.3389/fphys.2019.00079/full")  # fmt: skip
    assert "me_pace=5%3A30" in page.url and "me_age=40to59" in page.url and "me_goal=faster" in page.url

    box.fill("5:99")
    phone_page.act(lambda: box.press("Enter"))
    expect(page.get_by_text("has 99 seconds", exact=False)).to_be_visible()
    expect(box).to_have_value("5:99")  # what was typed stays to be corrected
    box.fill("5:30")
    phone_page.act(lambda: box.press("Enter"))
    link = page.url

    fresh = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # the link, on another phone
    other = AppPage(fresh.new_page())
    other.goto(link)
    expect(other.page.get_by_text(HEADLINE)).to_be_visible(timeout=30_000)
    expect(other.page.get_by_label("My pace (minutes:seconds per km)")).to_have_value("5:30")
    expect(other.page.get_by_text("people of your age band (40 to 59)", exact=False).first).to_be_visible()
    other.assert_no_exception()
    fresh.close()
    phone_page.assert_no_exception()
