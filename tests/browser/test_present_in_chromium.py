"""Presentation mode in Chromium: start a talk, move with the arrow keys, the link reopens the slide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from evidence.data.load import load_dataset
from tests.conftest import REAL_DATA, real_works

pytestmark = pytest.mark.browser


def test_start_a_talk_and_move_with_the_keyboard(real_server, app_page, browser) -> None:
    app_page.goto(f"{real_server}/present?talk=C23&talk=C01")
    expect(app_page.page.locator('[data-testid="stMultiSelect"]').get_by_text("C23 ·", exact=False)).to_be_visible()
    app_page.act(lambda: app_page.page.get_by_role("button", name="Start presentation").click())
    expect(app_page.page.get_by_text("Slide 1 of 2")).to_be_visible()
    expect(app_page.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    slide = app_page.page.locator(".st-key-slide")
    expect(slide.locator("blockquote")).to_contain_text("strength training reduced sports injuries")
    app_page.act(lambda: app_page.page.keyboard.press("ArrowRight"))
    expect(app_page.page.get_by_text("Slide 2 of 2")).to_be_visible()
    assert "slide=2" in app_page.page.url and "present=1" in app_page.page.url

    context = browser.new_context()
    other = type(app_page)(context.new_page())
    other.goto(app_page.page.url)
    expect(other.page.get_by_text("Slide 2 of 2")).to_be_visible()
    expect(other.page.locator(".st-key-slide blockquote")).to_contain_text("Recent studies have shown")
    context.close()
    app_page.act(lambda: app_page.page.keyboard.press("Escape"))
    expect(app_page.page.locator("h1").first).to_have_text("Present")
    app_page.assert_no_exception()


def test_a_coach_picks_three_claims_presents_and_every_download_opens_and_links_back(
    real_server, app_page, browser, tmp_path
) -> None:
    """The coach's toolkit end to end: three claims chosen in the page, presentation mode, the slide card, the
    talk pack; every card, brief and bibliography opens with its own tools, and every QR code reopens its slide."""
    import io
    import subprocess
    import zipfile

    import bibtexparser
    import zxingcpp
    from PIL import Image

    from tests.unit.test_export import compile_with_bibtex

    app_page.goto(f"{real_server}/present")
    picker = app_page.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Slides for the talk")
    for claim_id in ("C23", "C01", "C18"):  # typed, then Enter: that claim only, as a coach does
        picker.locator("input").click()
        picker.locator("input").press_sequentially(claim_id)
        app_page.act(lambda: picker.locator("input").press("Enter"))
        app_page.page.keyboard.press("Escape")
    tags = picker.locator('[data-testid="stMultiSelectTagsContainer"]').inner_text()
    assert [t for t in ("C23 ·", "C01 ·", "C18 ·") if t in tags] == ["C23 ·", "C01 ·", "C18 ·"]
    assert tags.count(" · ") == 3  # nothing the coach did not choose
    app_page.act(lambda: app_page.page.get_by_role("button", name="Start presentation").click())
    expect(app_page.page.get_by_text("Slide 1 of 3")).to_be_visible()
    assert "talk=C23&talk=C01&talk=C18" in app_page.page.url and "present=1" in app_page.page.url

    app_page.page.get_by_text("Slide card, brief and talk pack").click()
    with app_page.page.expect_download(timeout=90000) as download:
        app_page.page.get_by_role("button", name="Download this slide card (PNG)").click()
    card = Image.open(download.value.path())
    assert card.size == (1920, 1080)
    (code,) = zxingcpp.read_barcodes(card)
    assert code.text == f"{real_server}/present?talk=C23&talk=C01&talk=C18&slide=1&present=1"

    app_page.page.get_by_role("button", name="Build the talk pack").click()  # drawing may take longer than a rerun
    expect(app_page.page.get_by_text("Talk pack ready")).to_be_visible(timeout=120000)
    with app_page.page.expect_download(timeout=90000) as download:
        app_page.page.get_by_role("button", name="Download the talk pack (ZIP)").click()
    pack = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    briefs = {"briefs/injury_overuse.pdf": "Overuse injuries", "briefs/running_economy.pdf": "Running economy",
              "briefs/age_strength_loss.pdf": "Strength loss with age"}  # fmt: skip
    cards = ["cards/C23.png", "cards/C01.png", "cards/C18.png"]
    assert set(pack.namelist()) == {*cards, *briefs, "references.bib", "references-apa.txt", "README.txt"}
    readme = pack.read("README.txt").decode("utf-8")  # every member opens: the README reads as text
    assert all(f"cards/{c}.png" in readme for c in ("C23", "C01", "C18")) and "Slides" in readme

    for name, title in briefs.items():
        pdf = tmp_path / name.split("/")[1]
        pdf.write_bytes(pack.read(name))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in info, name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert title.split()[0] in text and "Certainty of the evidence" in text, name

    bib = pack.read("references.bib").decode("utf-8")
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and library.entries
    log, bbl = compile_with_bibtex(tmp_path, bib)  # real BibTeX reads it without a warning
    assert "Warning" not in log and bbl.count("\\bibitem") == len(library.entries)
    assert len(pack.read("references-apa.txt").decode("utf-8").splitlines()) == len(library.entries)

    quotes = {1: "strength training reduced sports injuries", 2: "Recent studies have shown", 3: "running alone"}
    for slide, name in enumerate(cards, start=1):
        image = Image.open(io.BytesIO(pack.read(name)))
        assert image.size == (1920, 1080), name
        (code,) = zxingcpp.read_barcodes(image)
        assert code.text == f"{real_server}/present?talk=C23&talk=C01&talk=C18&slide={slide}&present=1"
        context = browser.new_context()  # a phone in the audience: a fresh browser opens the code's link
        viewer = type(app_page)(context.new_page())
        viewer.goto(code.text)
        expect(viewer.page.get_by_text(f"Slide {slide} of 3")).to_be_visible()
        expect(viewer.page.locator(".st-key-slide blockquote")).to_contain_text(quotes[slide])
        viewer.assert_no_exception()
        context.close()
    app_page.assert_no_exception()


def test_download_a_brief_read_it_with_pdftotext_and_follow_its_qr_code(real_server, app_page, tmp_path) -> None:
    import subprocess

    import zxingcpp
    from PIL import Image

    app_page.goto(f"{real_server}/present")
    app_page.page.get_by_role("combobox", name="Outcome").click()
    app_page.act(lambda: app_page.page.get_by_role("option", name="Bone density", exact=True).click())
    with app_page.page.expect_download(timeout=90000) as download:
        app_page.page.get_by_role("button", name="Download the brief on bone density (PDF)").click()
    assert download.value.suggested_filename == "brief-bone-density.pdf"
    pdf = tmp_path / "brief.pdf"
    download.value.save_as(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bone density" in text and "Certainty of the evidence: Low (GRADE)" in text
    assert "Watson et al. 2018" in text  # the trial that showed a benefit
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    (code,) = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert code.text == f"{real_server}/studies?outcome=bone_density"

    app_page.goto(code.text)  # the QR code reopens the live view: the studies that measured bone density
    measured = int(load_dataset(REAL_DATA).studies["outcome_list"].map(lambda items: "bone_density" in items).sum())
    expect(app_page.page.get_by_text(f"{measured} of {real_works()} works match the filters.")).to_be_visible()
    app_page.assert_no_exception()


def test_download_a_charts_slide_card_whose_qr_code_reopens_the_chart(real_server, app_page) -> None:
    import zxingcpp
    from PIL import Image

    app_page.goto(f"{real_server}/guide")
    with app_page.page.expect_download(timeout=90000) as download:
        app_page.page.locator(".st-key-guide_card_ageing button").first.click()  # the ageing chart's card, by its key
    assert download.value.suggested_filename == "chart-ageing.png"
    card = Image.open(download.value.path())
    assert card.size == (1920, 1080)
    (code,) = zxingcpp.read_barcodes(card)
    assert code.text == f"{real_server}/guide#ageing"
    app_page.page.goto("about:blank")  # the link differs only by its anchor: load it afresh, as a phone would
    app_page.goto(code.text)
    heading = app_page.page.get_by_role("heading", name="I am getting older. Is running enough to stay strong?")
    expect(heading).to_be_visible()
    app_page.assert_no_exception()


def test_typing_an_id_and_pressing_enter_adds_that_claim_only(real_server, app_page) -> None:
    """A coach types 'C21' and presses Enter: the talk gains C21, not every claim whose text matches (C11...)."""
    app_page.goto(f"{real_server}/present")
    picker = app_page.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Slides for the talk")
    picker.locator("input").click()
    picker.locator("input").press_sequentially("C21")
    app_page.act(lambda: picker.locator("input").press("Enter"))
    app_page.page.keyboard.press("Escape")
    chosen = picker.locator('[data-testid="stMultiSelectTagsContainer"]')
    expect(chosen).to_contain_text("C21 · Supported")
    assert "C11" not in chosen.inner_text()  # the other claim whose text matched was not added
    app_page.act(lambda: app_page.page.get_by_role("button", name="Start presentation").click())
    expect(app_page.page.get_by_text("Slide 1 of 1")).to_be_visible()
    assert app_page.page.url.count("talk=") == 1 and "talk=C21" in app_page.page.url


def test_typing_in_a_sidebar_filter_and_pressing_enter_adds_the_first_match_only(real_server, app_page) -> None:
    app_page.goto(f"{real_server}/studies")
    box = app_page.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Design")
    box.locator("input").click()
    box.locator("input").press_sequentially("random")
    app_page.act(lambda: box.locator("input").press("Enter"))
    app_page.page.keyboard.press("Escape")
    chosen = box.locator('[data-testid="stMultiSelectTagsContainer"]')
    expect(chosen).to_contain_text("randomised trial")
    assert "controlled trial" not in chosen.inner_text()  # not also 'controlled trial (not randomised)'
    assert "design=rct" in app_page.page.url and "controlled_trial" not in app_page.page.url


SCREENS = ({"width": 1280, "height": 720}, {"width": 1366, "height": 768}, {"width": 1920, "height": 1080})


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s['width']}x{s['height']}")
def test_every_slide_fits_the_screen_without_scrolling(real_server, browser, screen) -> None:
    """A projector shows one screen: the slide (finding, quote, summary, chart, sources) lies inside the viewport,
    measured from its bounding box once its chart has drawn, and nothing scrolls sideways."""
    from tests.browser.conftest import AppPage

    context = browser.new_context(viewport=screen)
    view = AppPage(context.new_page())
    talk = "talk=C01&talk=C18&talk=C24"  # the tallest chart (eleven trials), a two-bar chart, and no chart
    for number in (1, 2, 3):
        view.goto(f"{real_server}/present?{talk}&slide={number}&present=1")
        expect(view.page.get_by_text(f"Slide {number} of 3")).to_be_visible()
        charts = view.page.locator('.st-key-slide [data-testid="stPlotlyChart"]').count()
        if charts:
            view.page.wait_for_function("document.querySelectorAll('.st-key-slide .main-svg').length > 0")
        view.page.wait_for_timeout(300)
        box = view.page.locator(".st-key-slide").bounding_box()
        assert box is not None and box["y"] >= 0 and box["x"] >= 0, number
        assert box["y"] + box["height"] <= screen["height"], (number, box)
        assert box["x"] + box["width"] <= screen["width"], (number, box)
        scroll = view.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth,"
            " document.querySelector('[data-testid=stMain]').scrollTop]"
        )
        assert scroll[0] <= scroll[1] and scroll[2] == 0, (number, scroll)
        view.assert_no_exception()
    context.close()


def test_a_slide_leads_with_the_finding_and_keeps_the_caveats(real_server, app_page) -> None:
    app_page.goto(f"{real_server}/present?talk=C01&talk=C18&talk=C24&slide=1&present=1")
    slide = app_page.page.locator(".st-key-slide")
    text = slide.inner_text()
    finding = text.index("The studies show a small effect")
    number = text.index("Key number: Denadai et al. 2017")
    assert finding < number < text.index("Recent studies have shown")  # the finding first, then the quote
    assert "−3.9%" in text and "an improvement" in text
    app_page.act(lambda: app_page.page.keyboard.press("ArrowRight"))
    text = slide.inner_text()
    assert "Runners were often no stronger than people who did not exercise" in text  # the whole summary
    assert "Storen" not in text and "Støren" not in text  # a running-economy trial is no source on ageing
    app_page.act(lambda: app_page.page.keyboard.press("ArrowRight"))
    assert "In runners, the results so far are mixed." in slide.inner_text()
    app_page.assert_no_exception()


def test_a_guide_question_and_a_headline_join_a_talk_and_its_link(real_server, app_page, browser) -> None:
    app_page.goto(f"{real_server}/present")
    picker = app_page.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Slides for the talk")
    for typed in ("C21", "Guide · Will it keep", "Headline · Pooled over 16"):
        picker.locator("input").click()
        picker.locator("input").press_sequentially(typed)
        app_page.act(lambda: picker.locator("input").press("Enter"))
        app_page.page.keyboard.press("Escape")
    chosen = picker.locator('[data-testid="stMultiSelectTagsContainer"]').inner_text()
    assert "Guide · Will it keep me from getting hurt?" in chosen and "Headline · Pooled over 16" in chosen
    app_page.act(lambda: app_page.page.get_by_role("button", name="Start presentation").click())
    assert "talk=C21&talk=guide-injuries&talk=headline-denadai2017-01" in app_page.page.url
    app_page.act(lambda: app_page.page.keyboard.press("ArrowRight"))
    slide = app_page.page.locator(".st-key-slide")
    expect(slide.get_by_role("heading", name="Will it keep me from getting hurt?")).to_be_visible()
    expect(slide.locator('.st-key-slide_chart_wide [data-testid="stPlotlyChart"]')).to_be_visible()  # the guide's chart
    fresh = browser.new_context(viewport={"width": 1280, "height": 720})  # the link reopens the headline
    other = type(app_page)(fresh.new_page())
    other.goto(app_page.page.url.replace("slide=2", "slide=3"))
    expect(other.page.get_by_text("Slide 3 of 3")).to_be_visible()
    text = other.page.locator(".st-key-slide").inner_text()
    assert "Pooled over 16 studies" in text and "Key number: Denadai et al. 2017" in text
    box = other.page.locator(".st-key-slide").bounding_box()
    assert box["y"] + box["height"] <= 720
    other.assert_no_exception()
    fresh.close()
    app_page.assert_no_exception()
