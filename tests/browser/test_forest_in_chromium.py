"""Forest plots in real Chromium on the bundled data: the recorded trials are drawn, and changing the interval, the
method or the trials left out changes the estimate shown beside the chart; the CSV holds the trials drawn."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _choose(view, label: str, option: str) -> None:
    view.page.get_by_role("combobox", name=label, exact=True).click()
    view.act(lambda: view.page.get_by_role("option", name=option, exact=True).click())


def _leave_out(view, option: str) -> None:
    box = view.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Leave out")
    box.locator("input").click()
    view.act(lambda: view.page.get_by_role("option", name=option, exact=True).click())
    view.page.keyboard.press("Escape")


def _estimate(view) -> str:
    """The pooled estimate's line beside the chart ('' when there is none)."""
    line = view.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Pooled risk ratio:")
    return line.first.inner_text().strip() if line.count() else ""


def _model(view) -> str:
    return view.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Model:").first.inner_text()


def test_forest_page_draws_the_trials_and_reacts_to_method_and_leave_out(real_server, app_page) -> None:
    page = app_page.page
    app_page.goto(f"{real_server}/forest")
    expect(page.locator("h1").first).to_have_text("Forest plots")
    chart = page.locator(".js-plotly-plot").first  # the trials' chart; the reviews' chart is further down
    expect(chart).to_be_visible(timeout=30_000)  # the first chart waits for plotly.js to load
    for label in ("Coppack et al. 2011", "Bredeweg et al. 2012", "Fokkema et al. 2019", "Toresdahl et al. 2020"):
        expect(chart.get_by_text(label)).to_be_visible()
    expect(chart.get_by_text("← Favours the programme")).to_be_visible()
    expect(page.get_by_text("These results measure different outcomes")).to_be_visible()
    assert _estimate(app_page) == ""

    _choose(app_page, "Outcome", "Injuries (4 trials)")
    expect(page.get_by_text("Pooled risk ratio:")).to_be_visible()
    assert _estimate(app_page) == "Pooled risk ratio: 1.02 (95% CI 0.92 to 1.12)"
    assert _model(app_page) == "Model: random effects, REML estimator of tau², Wald-type (z) 95% CI"

    app_page.act(lambda: page.get_by_text("Hartung-Knapp (t)", exact=True).click())
    assert _estimate(app_page) == "Pooled risk ratio: 1.02 (95% CI 0.72 to 1.44)"

    _choose(app_page, "Pooling method", "Fixed effect (inverse variance)")
    assert _model(app_page).startswith("Model: fixed effect (inverse-variance), Hartung-Knapp-Sidik-Jonkman")

    _leave_out(app_page, "Fokkema et al. 2019")
    expect(page.get_by_text("At least 2 studies are needed to pool results; only 1 is selected.")).to_be_visible()
    assert _estimate(app_page) == ""
    expect(chart.get_by_text("Fokkema et al. 2019")).to_have_count(0)

    page.get_by_text("Table of this chart").first.click()
    with page.expect_download(timeout=90000) as download:
        page.get_by_role("button", name="Download this table (CSV)").first.click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [r["Study"] for r in rows] == ["Bredeweg et al. 2012"]
    assert (rows[0]["Estimate"], rows[0]["Programme arm"]) == ("0.91", "32 of 211 (derived)")
    app_page.assert_no_exception()


def test_forest_page_on_a_phone_keeps_the_trial_labels_inside_the_chart(real_server, phone_page) -> None:
    phone_page.goto(f"{real_server}/forest")
    chart = phone_page.page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=30_000)
    expect(chart.get_by_text("Toresdahl et al. 2020")).to_be_visible()
    chart_box = chart.bounding_box()
    label_box = chart.get_by_text("overuse injuries: RR 0.97 (0.57 to 1.63)").bounding_box()
    assert label_box["x"] + label_box["width"] <= chart_box["x"] + chart_box["width"]
    phone_page.assert_no_exception()


def test_what_the_reviews_say_on_a_phone_keeps_its_labels_inside_the_chart(real_server, phone_page) -> None:
    phone_page.goto(f"{real_server}/forest")
    chart = phone_page.page.locator(".js-plotly-plot").nth(1)
    chart.scroll_into_view_if_needed(timeout=30_000)
    expect(chart.get_by_text("Does lifting make running cheaper?")).to_be_visible(timeout=30_000)
    chart_box = chart.bounding_box()
    for label in chart.locator(".ytick text").all():  # every review's label, inside the chart's box
        box = label.bounding_box()
        assert box is not None and box["x"] >= chart_box["x"] - 1, label.text_content()
    phone_page.assert_no_exception()
