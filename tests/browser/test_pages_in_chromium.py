"""Every page in real Chromium, at desktop and phone width, plus the filter, link and download flows."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from evidence.ui.registry import PAGES

pytestmark = pytest.mark.browser

KEY_CONTENT = {
    "Home": "Headline findings",
    "Why strength training matters": "What the posts claim, and our verdicts",
    "Present": "One-page briefs",
    "Forest plots": "Each row is one trial",
    "Evidence map": "Timeline",
    "Studies": "match the filters",
    "Claims": "What the verdicts and certainty levels mean",
    "The posts": "Citation audit",
    "Data dictionary": "Fixed vocabularies",
    "About & methods": "How to add a study",
}


def test_every_page_has_key_content_beyond_its_title() -> None:
    assert set(KEY_CONTENT) == {spec.title for spec in PAGES}


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_page_loads_with_its_key_content(real_server, app_page, phone_page, spec, width) -> None:
    view = app_page if width == "desktop" else phone_page
    view.goto(f"{real_server}/{spec.url_path}")
    heading = view.page.locator("h1").first
    expected = "Runner Strength Evidence Explorer" if spec.title == "Home" else spec.title
    assert heading.inner_text().strip() == expected
    expect(view.page.get_by_text(KEY_CONTENT[spec.title]).first).to_be_visible()  # every page names its own
    view.assert_no_exception()


def _count(view) -> str:
    return view.page.get_by_text("match the filters").first.inner_text()


def _choose(view, label: str, option: str) -> None:
    box = view.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    view.act(lambda: view.page.get_by_role("option", name=option, exact=True).click())
    view.page.keyboard.press("Escape")


def test_filter_updates_table_and_link_which_reopens_the_view(fixture_server, app_page, browser) -> None:
    app_page.goto(f"{fixture_server}/studies")
    assert _count(app_page) == "4 of 4 works match the filters."
    _choose(app_page, "Design", "randomised trial")
    assert _count(app_page) == "1 of 4 works match the filters."
    assert parse_qs(urlparse(app_page.page.url).query) == {"design": ["rct"]}
    link = app_page.page.locator('[data-testid="stCode"]').inner_text().strip()
    assert link.endswith("/studies?design=rct")

    context = browser.new_context()
    other = type(app_page)(context.new_page())
    other.goto(link)
    assert _count(other) == "1 of 4 works match the filters."
    design_box = other.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Design")
    expect(design_box.get_by_text("randomised trial", exact=True)).to_be_visible()
    context.close()


def test_filters_hold_across_pages(fixture_server, app_page) -> None:
    app_page.goto(f"{fixture_server}/studies?outcome=hip_strength")
    assert _count(app_page) == "1 of 4 works match the filters."
    app_page.act(lambda: app_page.page.get_by_role("link", name="About & methods").click())
    expect(app_page.page.locator("h1").first).to_have_text("About & methods")  # waits for the new page's heading
    app_page.act(lambda: app_page.page.get_by_role("link", name="Studies").click())
    expect(app_page.page.locator("h1").first).to_have_text("Studies")
    assert _count(app_page) == "1 of 4 works match the filters."
    assert "outcome=hip_strength" in app_page.page.url


def test_csv_download_holds_exactly_the_filtered_studies(fixture_server, app_page) -> None:
    app_page.goto(f"{fixture_server}/studies?post=postone")
    with app_page.page.expect_download() as download:
        app_page.page.get_by_role("button", name="Download these studies (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [r["Key"] for r in rows] == ["alpha2001", "delta2015"]
    assert rows[0]["DOI"] == "https://doi.org/10.1234/jr.2001.1"


def test_hostile_link_parameters_do_not_run_and_are_named(fixture_server, app_page) -> None:
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
    app_page.goto(f"{fixture_server}/studies?design={payload}&q=%5Bx%5D(javascript:alert(1))&colour=%E2%80%AEred")
    assert app_page.page.evaluate("window.__pwned") is None
    notices = app_page.page.locator('[data-testid="stAlertContentInfo"]').all_inner_texts()
    assert any("not one of its choices" in n for n in notices), notices
    assert any("unknown link parameter" in n for n in notices), notices
    assert app_page.page.locator("img[src=x]").count() == 0
    app_page.assert_no_exception()


def test_exports_of_a_filtered_view_hold_exactly_those_studies(fixture_server, app_page) -> None:
    import bibtexparser
    import rispy

    app_page.goto(f"{fixture_server}/studies?design=rct&design=systematic_review_meta_analysis")
    app_page.page.get_by_text("Export these 2 studies").click()
    files = {}
    for label in ("BibTeX", "RIS (Zotero, EndNote)", "APA 7 reference list", "Studies (CSV, every column)"):
        with app_page.page.expect_download() as download:
            app_page.page.get_by_role("button", name=label).click()
        files[label] = open(download.value.path(), encoding="utf-8").read()
    library = bibtexparser.parse_string(files["BibTeX"])
    assert sorted(e.key for e in library.entries) == ["alpha2001", "gamma2010"] and not library.failed_blocks
    assert sorted(r["title"] for r in rispy.loads(files["RIS (Zotero, EndNote)"])) == [
        "Lifting for runners",
        "Strength programmes prevent injuries: a meta-analysis",
    ]
    assert "Alpha, A., & Omega, O. (2001). Lifting for runners." in files["APA 7 reference list"]
    rows = list(csv.DictReader(io.StringIO(files["Studies (CSV, every column)"])))
    assert [r["key"] for r in rows] == ["alpha2001", "gamma2010"] and "source_url" in rows[0]


def test_upload_a_bad_then_a_good_file(fixture_server, app_page) -> None:
    from evidence.outputs import csv_export

    app_page.goto(f"{fixture_server}/studies")
    app_page.page.get_by_text("Add your own studies").click()
    chooser = app_page.page.locator('[data-testid="stFileUploader"] input[type="file"]')
    junk = {"name": "junk.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\x02binary"}
    app_page.act(lambda: chooser.set_input_files(junk))
    expect(app_page.page.get_by_text("junk.csv: 1 problem(s); nothing was added.")).to_be_visible()
    expect(app_page.page.get_by_text("this is not a text file")).to_be_visible()
    good = {"name": "mine.csv", "mimeType": "text/csv", "buffer": csv_export.template_csv().encode()}
    app_page.act(lambda: chooser.set_input_files(good))
    expect(app_page.page.get_by_text("5 of 5 works match the filters.")).to_be_visible()
    app_page.assert_no_exception()
