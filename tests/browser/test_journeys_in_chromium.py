"""Journeys as people take them, in Chromium: a student from filters to a study, a link and an export."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _choose(view, label: str, typed: str) -> None:
    """Type in a sidebar filter and press Enter, as a person does: the first match is added, nothing else."""
    box = view.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    box.locator("input").press_sequentially(typed)
    view.act(lambda: box.locator("input").press("Enter"))
    view.page.keyboard.press("Escape")


def test_a_student_filters_opens_a_study_and_the_link_reopens_it(real_server, app_page, browser, tmp_path) -> None:
    import bibtexparser

    from tests.unit.test_export import compile_with_bibtex

    app_page.goto(f"{real_server}/studies")
    _choose(app_page, "Outcome", "running economy")
    _choose(app_page, "Design", "random")
    assert "outcome=running_economy" in app_page.page.url and "design=rct" in app_page.page.url
    app_page.page.get_by_role("combobox", name="Sort by").click()  # the newest trials first
    app_page.act(lambda: app_page.page.get_by_role("option", name="Newest first").click())
    assert "sort=year_newest" in app_page.page.url
    grid = app_page.page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    app_page.act(lambda: app_page.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17))  # the first row's selector
    heading = app_page.page.locator("h2").first
    expect(heading).to_be_visible()
    chosen = heading.inner_text()
    assert "study=" in app_page.page.url
    copied = app_page.page.locator('[data-testid="stCode"]').first.inner_text().strip()  # the link box's text
    assert "sort=year_newest" in copied and "study=" in copied and copied.startswith(real_server)

    for link in (copied, app_page.page.url):  # the copied link and the address bar, opened by someone else
        fresh = browser.new_context()
        other = fresh.new_page()
        other.goto(link)
        expect(other.locator("h2").first).to_have_text(chosen, timeout=30_000)
        expect(other.get_by_text("match the filters")).to_be_visible()
        expect(other.get_by_role("combobox", name="Sort by")).to_have_value("Newest first")  # the same order
        assert "sort=year_newest" in other.url
        fresh.close()

    app_page.page.get_by_text("Export these", exact=False).first.click()
    with app_page.page.expect_download(timeout=90_000) as download:
        app_page.page.get_by_role("button", name="BibTeX").click()
    text = open(download.value.path(), encoding="utf-8").read()
    library = bibtexparser.parse_string(text)
    assert library.entries and not library.failed_blocks
    log, _ = compile_with_bibtex(tmp_path, text)  # real BibTeX compiles it
    assert "Warning" not in log
    app_page.assert_no_exception()


def test_a_runner_on_a_phone_reaches_how_often_and_the_injury_answer_in_one_tap(real_server, phone_page) -> None:
    phone_page.goto(f"{real_server}/")
    # the one tap: the runners' panel on the home page; the rest is scrolling
    phone_page.act(lambda: phone_page.page.get_by_role("link", name="Runners: why lift?").click())
    for question, answer in (
        ("How often should I lift, and what?", "Two or three times a week, for ten weeks or more."),
        ("Will it keep me from getting hurt?", "In runners the trials are mixed"),
    ):
        heading = phone_page.page.get_by_role("heading", name=question)
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_visible()
        expect(phone_page.page.get_by_text(answer, exact=False).first).to_be_visible()
    assert phone_page.page.url.endswith("/guide")
    phone_page.assert_no_exception()
