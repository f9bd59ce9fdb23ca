"""Hostile and careless link parameters on every page: nothing runs, nothing breaks, a notice names them."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from evidence.ui.registry import PAGES

pytestmark = pytest.mark.browser

PAYLOADS = {
    "html": '<img src=x onerror="window.__pwned=1">',
    "script": "<script>window.__pwned=1</script>",
    "markdown": "[click](javascript:window.__pwned=1)",
    "latex": "$\\frac{1}{0}$ $$x$$",
    "long": "y" * 5000,
    "nul_rtl": "a\x00b\u202ec",
}


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_hostile_parameters_on_every_page(fixture_server, app_page, spec) -> None:
    query = "&".join(f"{quote(name)}={quote(value)}" for name, value in PAYLOADS.items())
    query += "&q=" + quote(PAYLOADS["script"]) + "&design=" + quote(PAYLOADS["html"]) + "&year=" + quote("$1-2$")
    app_page.goto(f"{fixture_server}/{spec.url_path}?{query}")
    assert app_page.page.evaluate("window.__pwned") is None
    assert app_page.page.locator("img[src=x]").count() == 0
    notices = app_page.page.locator('[data-testid="stAlertContentInfo"]')
    expect(notices.filter(has_text="unknown link parameter 'html'")).to_be_visible()
    expect(notices.filter(has_text="not one of its choices")).to_be_visible()
    app_page.assert_no_exception()
    expect(app_page.page.locator("h1").first).to_be_visible()
