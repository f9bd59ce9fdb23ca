"""Every chart on a 390 px phone, in Chromium: each drawn chart is screenshotted, and its label boxes, read from
the rendered SVG (titles, axis titles, tick labels, annotations, legend and bar texts), lie inside the chart's own
box and never over each other. A chart that cannot fit a phone shows its table twin there instead."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chart_boxes import CHART_BOXES_JS, problems

pytestmark = pytest.mark.browser

#: Pages with charts, and how many a phone must show drawn (the rest live in closed expanders or give way to
#: their tables).
CHART_PAGES = {"": 1, "guide": 3, "forest": 1, "map": 1, "present?talk=C01&talk=C23&present=1": 1}  # a slide's QR
# code opens it on a phone in the audience
NARROW_TABLES = {"guide": ["guide_injuries", "guide_dose"], "map": ["gap_map"]}


def _charts_drawn(view) -> None:
    view.page.wait_for_selector('[data-testid="stPlotlyChart"]', state="attached", timeout=30_000)
    view.page.wait_for_timeout(1000)  # the page's later charts


@pytest.mark.parametrize("path", list(CHART_PAGES), ids=lambda p: p.split("?")[0] or "home")
def test_every_chart_reads_on_a_phone(real_server, phone_page, path, tmp_path) -> None:
    phone_page.goto(f"{real_server}/{path}")
    _charts_drawn(phone_page)
    charts = phone_page.page.locator('[data-testid="stPlotlyChart"]')
    checked = 0
    for index in range(charts.count()):
        chart = charts.nth(index)
        if not chart.is_visible():  # in a closed expander, or replaced by its table on a phone
            continue
        chart.scroll_into_view_if_needed()
        phone_page.page.wait_for_function("e => e.querySelector('.main-svg')", arg=chart.element_handle())
        phone_page.page.wait_for_timeout(200)
        chart.screenshot(path=str(tmp_path / f"{path.split('?')[0] or 'home'}-{index}.png"))
        boxes = chart.evaluate(CHART_BOXES_JS)
        assert boxes["labels"], (path, index)  # the check read the chart's labels
        assert problems(boxes) == [], (path, index)
        checked += 1
    assert checked >= CHART_PAGES[path], (path, checked)
    for key in NARROW_TABLES.get(path, []):  # the table twin stands where the chart would not fit
        expect(phone_page.page.locator(f".st-key-{key}_narrow [data-testid='stDataFrame']")).to_be_visible()
        expect(phone_page.page.locator(f".st-key-{key}_wide")).to_be_hidden()
    phone_page.assert_no_exception()


def test_a_wide_screen_shows_those_charts_not_their_narrow_tables(real_server, app_page) -> None:
    app_page.goto(f"{real_server}/guide")
    _charts_drawn(app_page)
    for key in NARROW_TABLES["guide"]:
        expect(app_page.page.locator(f".st-key-{key}_wide [data-testid='stPlotlyChart']")).to_be_visible()
        expect(app_page.page.locator(f".st-key-{key}_narrow")).to_be_hidden()
    app_page.assert_no_exception()


def test_the_check_catches_a_cut_label_and_an_overlap() -> None:
    frame = {"left": 0, "top": 0, "right": 100, "bottom": 100}
    inside = {"kind": "y tick", "text": "a", "left": 10, "top": 10, "right": 40, "bottom": 20}
    assert problems({"frame": frame, "labels": [inside]}) == []
    cut = {**inside, "text": "b", "left": -20}
    over = {**inside, "kind": "bar text", "text": "c", "left": 30, "right": 60}
    found = problems({"frame": frame, "labels": [inside, cut, over]})
    assert "y tick 'b' is cut by the chart's edge" in found
    assert "y tick 'a' overlaps bar text 'c'" in found
