"""WCAG 2.1 A/AA in Chromium: axe-core (the npm package in tests/browser/axe) on every page at desktop and phone
width, in the light and the dark colour scheme (as a reader's system setting asks), and on the Present slides.
Any violation the app causes fails; the ones Streamlit draws are listed in tests/browser/axe/streamlit-exceptions.toml
and each is checked to still occur."""

from __future__ import annotations

import json
import tomllib

import pytest
from playwright.sync_api import expect

from evidence.ui.registry import PAGES
from tests.browser.accessibility import AXE_DIR, AXE_SCRIPT, AxeReport, load_exceptions
from tests.browser.conftest import DESKTOP, PHONE, AppPage
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def _css_rgb(colour: str) -> str:
    value = colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


def _open(browser, scheme: str, width: str) -> tuple[object, AppPage]:
    viewport = WIDTHS[width]
    phone = width == "phone"
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone)
    return context, AppPage(context.new_page())


def _settle(view: AppPage) -> None:
    """Wait until the page has its first heading (a slide leads with its finding, a smaller heading) and every chart
    has drawn (plotly loads lazily)."""
    expect(view.page.locator("h1, h2, h3").first).to_be_visible(timeout=30000)
    charts = view.page.locator('[data-testid="stPlotlyChart"]').count()
    if charts:
        view.page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=30000
        )
    view.page.wait_for_timeout(300)


def test_axe_is_the_pinned_npm_package_and_every_exception_says_why() -> None:
    pinned = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    assert pinned.startswith("4.") and pinned[0].isdigit()  # an exact 4.x version, not a range
    assert AXE_SCRIPT.exists(), f"axe-core is missing: `make test` runs npm ci in {AXE_DIR}"
    installed = json.loads((AXE_SCRIPT.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned
    exceptions = load_exceptions()
    assert exceptions and all(x.rule and x.selector and len(x.why) > 80 for x in exceptions)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_wcag_violation_the_app_causes(real_server, browser, scheme, width) -> None:
    context, view = _open(browser, scheme, width)
    report = AxeReport(load_exceptions())
    try:
        for spec in PAGES:
            view.goto(f"{real_server}/{spec.url_path}")
            _settle(view)
            background = view.page.evaluate(
                "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
            )
            assert background == _css_rgb(THEME[scheme]["backgroundColor"]), (spec.title, background)
            report.check(view.page, f"{spec.title} ({width}, {scheme})")
            view.assert_no_exception()
    finally:
        context.close()
    assert len(report.checked) == len(PAGES)
    report.assert_clean()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_present_setup_and_slides_have_no_wcag_violation_the_app_causes(real_server, browser, scheme, width) -> None:
    context, view = _open(browser, scheme, width)
    report = AxeReport(load_exceptions())
    try:
        view.goto(f"{real_server}/present?talk=C23&talk=C01")
        _settle(view)
        start = view.page.get_by_role("button", name="Start presentation")
        expect(start).to_be_enabled()  # axe checks the enabled primary button's text
        report.check(view.page, f"Present setup with a talk ({width}, {scheme})")
        view.act(lambda: start.click())
        for slide in (1, 2):
            expect(view.page.get_by_text(f"Slide {slide} of 2")).to_be_visible()
            _settle(view)
            report.check(view.page, f"slide {slide} ({width}, {scheme})")
            if slide == 1:
                view.act(lambda: view.page.get_by_role("button", name="Next").click())
        view.assert_no_exception()
    finally:
        context.close()
    assert not report.app_caused, "axe found violations the app causes:\n" + "\n".join(report.app_caused)
    assert len(report.checked) == 3
