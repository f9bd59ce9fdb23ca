"""Evidence map in Chromium: clicking a bubble filters the studies by its outcome and intervention."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_clicking_a_bubble_filters_the_studies(fixture_server, app_page) -> None:
    app_page.goto(f"{fixture_server}/map")
    expect(app_page.page.get_by_text("4 of 4 works")).to_be_visible()
    chart = app_page.page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    point = chart.locator("g.trace.scatter g.points path").first
    app_page.act(lambda: point.click(force=True))
    expect(app_page.page.get_by_text("1 of 4 works")).to_be_visible()
    assert "outcome=" in app_page.page.url and "intervention=" in app_page.page.url
    app_page.assert_no_exception()
