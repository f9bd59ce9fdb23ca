"""A reader without a mouse: one journey in Chromium with Tab, Shift+Tab, Enter, Space, Escape and the arrow keys
only. A filter, a claim card and its tabs, a chart's table twin, the talk builder, the slides and a download."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What has the keyboard focus: enough to recognise a control by what a screen reader would announce.
_FOCUS = """() => {
  const e = document.activeElement;
  const holder = e.closest('[data-testid]');
  return {tag: e.tagName, role: e.getAttribute('role') || '', label: e.getAttribute('aria-label') || '',
          text: (e.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 120),
          holder: holder ? holder.getAttribute('data-testid') : '',
          selected: e.getAttribute('aria-selected') || ''};
}"""


def _tab_to(view, wanted, what: str, limit: int = 250) -> dict:
    """Press Tab until the focused element is the one `wanted` recognises; fail after `limit` presses."""
    for _ in range(limit):
        view.page.keyboard.press("Tab")
        focus = view.page.evaluate(_FOCUS)
        if wanted(focus):
            return focus
    raise AssertionError(f"Tab never reached {what} in {limit} presses")


def _press(view, key: str) -> None:
    """A key that makes the app rerun, waiting for the rerun to finish."""
    view.act(lambda: view.page.keyboard.press(key))


def test_a_reader_filters_reads_a_claim_opens_a_table_builds_a_talk_and_downloads_by_keyboard(
    real_server, app_page
) -> None:
    page = app_page.page

    # Claims: a sidebar filter, chosen with the arrow keys and Enter
    app_page.goto(f"{real_server}/claims")
    expect(page.locator("h1").first).to_have_text("Claims")
    _tab_to(app_page, lambda f: f["role"] == "combobox" and f["label"] == "What the evidence says", "the filter")
    page.keyboard.press("ArrowDown")  # opens the list on its first choice
    _press(app_page, "Enter")
    page.keyboard.press("Escape")
    assert "verdict" in parse_qs(urlparse(page.url).query)  # the filter holds and is in the link
    chosen = page.locator(".st-key-verdict [data-testid='stMultiSelectTagsContainer'] span[title]")
    expect(chosen).to_have_count(1)

    # a claim card: open its 'Read more' with Enter, then move between its tabs with the arrow keys
    _tab_to(app_page, lambda f: f["tag"] == "SUMMARY" and "Read more" in f["text"], "a claim card's Read more")
    _press(app_page, "Enter")
    runners = page.get_by_role("tab", name="For runners").first
    expect(runners).to_be_visible()
    _tab_to(app_page, lambda f: f["role"] == "tab" and "For runners" in f["text"], "the card's tabs")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="For coaches").first).to_have_attribute("aria-selected", "true")

    # Home: the chart's table twin opens with Enter and the table takes the focus with Tab
    app_page.goto(f"{real_server}/")
    expect(page.locator("h1").first).to_have_text("Runner Strength Evidence Explorer")
    _tab_to(app_page, lambda f: f["tag"] == "SUMMARY" and "Table of this chart" in f["text"], "the table twin")
    page.keyboard.press("Enter")
    table = page.locator('[data-testid="stExpander"]').filter(has_text="Table of this chart")
    expect(table.locator('[data-testid="stDataFrame"]')).to_be_visible()
    _tab_to(app_page, lambda f: f["holder"].startswith("stDataFrame") or f["holder"] == "data-grid-canvas", "the table")
    assert page.evaluate("document.activeElement.closest('[data-testid=\"stDataFrame\"]') !== null")

    # Present: two claims chosen with the arrow keys, the talk started with Space, slides moved with arrows
    app_page.goto(f"{real_server}/present")
    expect(page.locator("h1").first).to_have_text("Present")
    _tab_to(app_page, lambda f: f["role"] == "combobox" and f["label"] == "Slides for the talk", "the talk builder")
    page.keyboard.press("ArrowDown")
    _press(app_page, "Enter")
    page.keyboard.press("ArrowDown")
    _press(app_page, "Enter")
    page.keyboard.press("Escape")
    tags = page.locator(".st-key-talk_claims [data-testid='stMultiSelectTagsContainer'] span[title]")
    expect(tags).to_have_count(2)
    _tab_to(app_page, lambda f: f["tag"] == "BUTTON" and "Start presentation" in f["text"], "Start presentation")
    _press(app_page, "Space")
    expect(page.get_by_text("Slide 1 of 2")).to_be_visible()
    _press(app_page, "ArrowRight")
    expect(page.get_by_text("Slide 2 of 2")).to_be_visible()
    assert "slide=2" in page.url
    _press(app_page, "ArrowLeft")
    expect(page.get_by_text("Slide 1 of 2")).to_be_visible()
    _press(app_page, "Escape")
    expect(page.locator("h1").first).to_have_text("Present")

    # a download, with Enter on its button
    _tab_to(app_page, lambda f: f["tag"] == "BUTTON" and "Download the brief on" in f["text"], "the brief download")
    with page.expect_download(timeout=90000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    app_page.assert_no_exception()
