"""Slide cards and talk packs, on the bundled data: size, QR code, verdict band, texts, charts, ZIP contents.

Cards with a chart need Chromium (kaleido draws the chart): ``make test`` installs Debian's chromium package, and
a missing browser fails the tests. Cards without a chart are drawn without one.
"""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bibtexparser
import pandas as pd
import plotly.graph_objects as go
import pytest
import zxingcpp
from PIL import Image

from evidence.data.load import Dataset, load_dataset
from evidence.data.schema import CITED_LABELS, MAX_QUOTE_WORDS, VERDICT_LABELS
from evidence.outputs.slides import browser, cards, layout, talkpack
from evidence.outputs.slides import texts as slide_texts
from evidence.outputs.slides.errors import SlideError
from evidence.views import style
from evidence.views.claims import evidence_items
from evidence.views.guide import SECTIONS
from tests.conftest import REAL_DATA

LINK = "https://runner-evidence.example.org/present?present=1&talk=C23&talk=C09&slide=1"
INJURY_CLAIM = "C23"  # small or mixed effect, low certainty, its source supports it; injuries section (ratio chart)
SUPPORTED_CLAIM = "C24"  # supported, moderate certainty, in the same section
NO_SECTION_CLAIM = "C09"  # small or mixed effect, low certainty, no source cited, in no section: key numbers as text
NO_EVIDENCE_CLAIM = "C14"  # no work behind it at all: nothing cited, nothing in the dataset


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(REAL_DATA)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser that draws charts; `make test` installs it, so a missing one fails the test with the page's
    message (never a skip)."""
    try:
        return browser.browser_path()
    except SlideError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def injury_card(dataset: Dataset, chromium: str) -> bytes:
    return cards.slide_card(INJURY_CLAIM, dataset, LINK)


def image_of(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def band_colour(png: bytes) -> tuple[int, int, int]:
    """The most frequent colour of the header band."""
    band = image_of(png).convert("RGB").crop((0, 0, layout.WIDTH, layout.BAND_HEIGHT))
    count, colour = max(band.getcolors(maxcolors=layout.WIDTH * layout.BAND_HEIGHT))
    return colour


def qr_texts(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image_of(png)) if r.format == zxingcpp.BarcodeFormat.QRCode]


def claim_row(dataset: Dataset, claim_id: str) -> pd.Series:
    return dataset.claims.set_index("claim_id").loc[claim_id]


def overlaps(a: layout.Box, b: layout.Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- The card as an image -----------------------------------------------------------------------------------


@pytest.mark.chromium
def test_a_card_is_a_1920x1080_png_whose_qr_code_reads_as_the_link(injury_card: bytes) -> None:
    image = image_of(injury_card)
    assert image.format == "PNG" and image.size == (1920, 1080)
    assert qr_texts(injury_card) == [LINK]


def test_a_card_without_a_chart_is_drawn_without_a_browser(dataset: Dataset, monkeypatch) -> None:
    monkeypatch.setenv(browser.BROWSER_SETTING, "/nonexistent/chromium")
    png = cards.slide_card(NO_SECTION_CLAIM, dataset, LINK)
    assert image_of(png).size == (1920, 1080)
    assert qr_texts(png) == [LINK]


def test_a_long_talk_link_still_reads(dataset: Dataset) -> None:
    # a talk of 30 claims (the whole ledger before the sentence-by-sentence read) still gives a readable code
    link = "https://runner-evidence.example.org/present?present=1&" + "&".join(
        f"talk={c}" for c in dataset.claims["claim_id"][:30]
    )
    png = cards.slide_card(NO_EVIDENCE_CLAIM, dataset, link + "&slide=30")
    assert qr_texts(png) == [link + "&slide=30"]
    # a talk of every claim in the ledger is too long for one code on a card: refused with a clear message
    every = "https://runner-evidence.example.org/present?present=1&" + "&".join(
        f"talk={c}" for c in dataset.claims["claim_id"]
    )
    if len(dataset.claims) > 40:
        with pytest.raises(SlideError, match="too long for a readable QR code"):
            cards.slide_card(NO_EVIDENCE_CLAIM, dataset, every + "&slide=1")


def test_a_link_too_long_for_a_readable_qr_code_is_refused(dataset: Dataset) -> None:
    with pytest.raises(SlideError, match="too long for a readable QR code"):
        cards.slide_card(NO_EVIDENCE_CLAIM, dataset, "https://example.org/?" + "x" * 2000)
    with pytest.raises(ValueError, match="needs a link"):
        cards.slide_card(NO_EVIDENCE_CLAIM, dataset, "")


@pytest.mark.chromium
def test_the_band_has_the_verdicts_colour_and_another_verdict_differs(
    dataset: Dataset, injury_card: bytes, chromium: str
) -> None:
    assert claim_row(dataset, INJURY_CLAIM)["evidence_judgment"] == "small_or_mixed"
    assert claim_row(dataset, SUPPORTED_CLAIM)["evidence_judgment"] == "supported"
    # both posts' sources support their claims: the band's colour follows what the evidence says, not the citing
    assert {claim_row(dataset, c)["cited_judgment"] for c in (INJURY_CLAIM, SUPPORTED_CLAIM)} == {"cited_supports"}
    mixed = band_colour(injury_card)
    supported = band_colour(cards.slide_card(SUPPORTED_CLAIM, dataset, LINK))
    assert mixed == style.rgb(style.VERDICT_COLOURS["small_or_mixed"]) == (0xE6, 0x9F, 0x00)
    assert supported == style.rgb(style.VERDICT_COLOURS["supported"]) == (0x00, 0x72, 0xB2)
    assert mixed != supported


def test_verdict_colours_come_from_the_colour_blind_safe_palette_and_text_on_them_is_readable() -> None:
    assert set(style.VERDICT_COLOURS) == set(VERDICT_LABELS)
    palette = set(style.OKABE_ITO.values())
    for verdict, colour in style.VERDICT_COLOURS.items():
        assert colour in palette, verdict
        background = style.rgb(colour)
        text = style.text_colour_on(background)
        lighter, darker = sorted((style.relative_luminance(background), style.relative_luminance(text)), reverse=True)
        # The band's words are large (44 px and more): WCAG asks 3:1 for large text; every pair here gives 4:1.
        assert (lighter + 0.05) / (darker + 0.05) >= 4, verdict


# --- What the card says -------------------------------------------------------------------------------------


def test_card_texts_of_a_claim(dataset: Dataset) -> None:
    texts = slide_texts.card_texts(INJURY_CLAIM, dataset, LINK)
    assert texts.verdict == "small_or_mixed" and texts.verdict_label == "Evidence: Small or mixed effect"
    assert texts.certainty == "Certainty: Low"
    assert texts.cited_label == "The cited source supports it"
    assert texts.quote == (
        "“strength training reduced sports injuries to less than ⅓ and overuse injuries could be almost halved”"
    )
    # the whole summary, its caveat on runners kept (not cut to its first sentence)
    assert texts.takeaway == dataset.claims.set_index("claim_id").at[INJURY_CLAIM, "runner_text"]
    assert texts.takeaway.endswith("Studies in runners show mixed results.")
    # the finding first: the judgment in plain words and the key number, read from results.csv
    pooled = dataset.results.set_index("result_id").at["lauersen2014-06", "value"]
    assert texts.finding.startswith("The studies show a small effect, or some find an effect and others do not. ")
    assert "Key number: Lauersen et al. 2014: overuse injuries" in texts.finding
    assert f"risk ratio {pooled:.2f}" in texts.finding and texts.finding.endswith("an improvement.")
    assert texts.attribution.startswith("— C23, ")
    # only the works that measured overuse injuries (Wu 2024 pooled injuries of any kind)
    assert texts.sources == (
        "Lauersen et al. 2014", "Lauersen et al. 2018", "Leppänen et al. 2024", "Toresdahl et al. 2020",
    )  # fmt: skip
    assert texts.chart_title == next(s for s in SECTIONS if s.key == "injuries").chart_title
    assert texts.key_numbers == ()
    assert texts.link == LINK
    # The same texts from a row of the claims table, as the pages hold it.
    assert slide_texts.card_texts(claim_row(dataset, INJURY_CLAIM), dataset, LINK) == texts


def test_the_card_draws_those_texts(dataset: Dataset) -> None:
    texts = slide_texts.card_texts(INJURY_CLAIM, dataset, LINK)
    plan = layout.plan_card(texts)
    # Both judgments: what the evidence says on the band, with its certainty; what the post cited under the claim id.
    assert plan.block("verdict").text == "Evidence: Small or mixed effect"
    assert plan.block("certainty").text == "Certainty: Low"
    assert plan.block("verdict").box[3] <= layout.BAND_HEIGHT < plan.block("cited").box[1]
    assert plan.block("quote").text == texts.quote
    assert plan.block("takeaway").text == texts.takeaway
    # the finding leads: above the quote, which is above who said it and the summary
    order = [plan.block(name).box[1] for name in ("finding", "quote", "attribution", "takeaway")]
    assert order == sorted(order) and plan.block("finding").text == texts.finding
    assert plan.block("sources").text == (
        "Sources: Lauersen et al. 2014; Lauersen et al. 2018; Leppänen et al. 2024; Toresdahl et al. 2020"
    )
    assert "".join(plan.block("link").lines) == LINK
    assert plan.block("claim").text == "Claim C23"
    assert plan.block("cited").text == "The cited source supports it"
    assert plan.block("claim").box[3] <= plan.block("cited").box[1]  # under the claim's id
    assert plan.block("cited").box[3] <= plan.block("scan").box[1]  # above the QR code
    assert plan.chart_box is not None


def test_a_card_whose_post_cites_nothing_says_so(dataset: Dataset) -> None:
    texts = slide_texts.card_texts(NO_SECTION_CLAIM, dataset, LINK)
    plan = layout.plan_card(texts)
    assert plan.block("verdict").text == "Evidence: Small or mixed effect"
    assert plan.block("certainty").text == "Certainty: Low"
    assert plan.block("cited").text == "The post cites no source"


def test_the_claims_id_and_what_its_post_cited_stand_beside_the_words_from_the_band_down(dataset: Dataset) -> None:
    texts = slide_texts.card_texts("C25", dataset, LINK)
    plan = layout.plan_card(texts)
    assert plan.block("cited").text == "The cited source does not test it"
    words_right = max(plan.block(n).box[2] for n in ("finding", "quote", "attribution", "takeaway"))
    assert words_right < plan.block("claim").box[0]  # the words leave the right column free
    assert plan.block("claim").box[1] == layout.BAND_HEIGHT + 32 < plan.block("cited").box[1]
    assert plan.block("cited").box[3] + 16 <= plan.block("scan").box[1]


def test_every_claims_card_fits(dataset: Dataset) -> None:
    """Every block inside the card, the band's words inside the band, nothing overlapping, nothing cut short."""
    for claim_id in dataset.claims["claim_id"]:
        texts = slide_texts.card_texts(claim_id, dataset, LINK)
        plan = layout.plan_card(texts)
        boxes = {p.name: p.box for p in plan.texts} | {"qr": plan.qr_box}
        if plan.chart_box is not None:
            boxes["chart"] = plan.chart_box
        for name, (left, top, right, bottom) in boxes.items():
            assert 0 <= left < right <= layout.WIDTH and 0 <= top < bottom <= layout.HEIGHT, (claim_id, name)
        for name in ("verdict", "certainty"):
            assert boxes[name][3] <= layout.BAND_HEIGHT, (claim_id, name)
        assert boxes["cited"][1] >= layout.BAND_HEIGHT, claim_id  # the second judgment, off the band
        names = sorted(boxes)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                assert not overlaps(boxes[a], boxes[b]), (claim_id, a, b)
        # both judgments on every card, the evidence first (on the band)
        assert plan.block("verdict").text == texts.verdict_label, claim_id
        row = claim_row(dataset, claim_id)
        assert texts.verdict_label == f"Evidence: {VERDICT_LABELS[row['evidence_judgment']]}", claim_id
        assert plan.block("cited").text == texts.cited_label == CITED_LABELS[row["cited_judgment"]], claim_id
        assert plan.block("quote").text == texts.quote, claim_id
        assert plan.block("takeaway").text == texts.takeaway, claim_id  # the whole summary, never cut
        assert plan.block("finding").text == texts.finding, claim_id
        assert "".join(plan.block("link").lines) == LINK, claim_id
        assert len(texts.quote.strip("“”").split()) <= MAX_QUOTE_WORDS


def test_the_quote_is_cut_to_25_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    assert slide_texts.short_quote(words) == "“" + " ".join(f"w{i}" for i in range(25)) + " …”"
    assert slide_texts.short_quote("Lift twice a week.") == "“Lift twice a week.”"


def test_text_is_wrapped_and_shrunk_to_fit() -> None:
    face = layout.font(40)
    lines = layout.wrap("a " * 200, face, 600)
    assert all(layout.text_width(line, face) <= 600 for line in lines)
    broken = layout.wrap("x" * 300, face, 600)  # a word longer than a line is broken, not left to overflow
    assert "".join(broken) == "x" * 300 and all(layout.text_width(line, face) <= 600 for line in broken)
    size, fitted = layout.fit_text("word " * 500, 600, 2, range(40, 19, -4))
    assert size == 20 and len(fitted) == 2 and fitted[-1].endswith("…")
    link_lines = layout.wrap_link(LINK, layout.font(20), 320)
    assert "".join(link_lines) == LINK and all(layout.text_width(line, layout.font(20)) <= 320 for line in link_lines)


def test_many_sources_give_way_to_a_count() -> None:
    labels = [f"Author{i} et al. 20{i:02d}" for i in range(30)]
    lines = layout.citation_lines(labels, layout.font(24), 1300, 2)
    assert len(lines) == 2 and lines[0].startswith("Sources: Author0 et al. 2000;")
    assert lines[-1].endswith("more in the references")
    assert layout.citation_lines([], layout.font(24), 1300, 2) == ["Sources: none cited, and none found in our dataset"]


def test_without_dejavu_the_card_uses_pillows_font(dataset: Dataset, monkeypatch) -> None:
    monkeypatch.setattr(layout, "FONT_FILES", {False: Path("/nonexistent.ttf"), True: Path("/nonexistent-b.ttf")})
    layout.font.cache_clear()
    try:
        png = cards.slide_card(NO_SECTION_CLAIM, dataset, LINK)
    finally:
        layout.font.cache_clear()
    assert image_of(png).size == (1920, 1080) and qr_texts(png) == [LINK]


# --- Charts and the text fallback ---------------------------------------------------------------------------


def test_a_claim_in_the_injuries_section_gets_the_ratio_chart(dataset: Dataset) -> None:
    figure = cards.claim_chart(INJURY_CLAIM, dataset)
    assert isinstance(figure, go.Figure)
    (trace,) = figure.data
    assert trace.type == "scatter" and trace.error_x.array is not None
    assert figure.layout.xaxis.type == "log"
    assert figure.layout.title.text.startswith("Injuries with a prevention plan")
    assert any("Lauersen et al. 2014" in label for label in trace.y)
    economy = cards.claim_chart("C01", dataset)  # the economy section: bars of changes
    assert economy is not None and economy.data[0].type == "bar"


def test_on_a_slide_bar_labels_take_one_line_and_negative_numbers_have_room(dataset: Dataset) -> None:
    ageing = cards.claim_chart("C18", dataset)  # strength lost per year: negative bars
    assert ageing is not None
    slide = cards.slide_figure(ageing)
    assert not any("<br>" in label for label in slide.data[0].y)
    low, high = slide.layout.xaxis.range
    assert low < min(ageing.data[0].x) and high > 0
    assert slide.layout.font.size == cards.CHART_FONT
    assert ageing.layout.font.size == 15  # the page's figure is left as it was
    economy = cards.claim_chart("C01", dataset)
    assert cards.chart_scale(economy, 200) == 0.6 and cards.chart_scale(economy, 2000) == 1.25
    assert cards.chart_scale(economy, 480) == round(480 / (11 * cards.CHART_ROW + cards.CHART_FRAME), 2)


def test_a_claim_without_a_section_gets_its_key_numbers_as_text(dataset: Dataset) -> None:
    assert cards.claim_chart(NO_SECTION_CLAIM, dataset) is None
    texts = slide_texts.card_texts(NO_SECTION_CLAIM, dataset, LINK)
    assert texts.chart_title is None and texts.numbers_heading == "What the studies found"
    items = evidence_items(claim_row(dataset, NO_SECTION_CLAIM).copy(), dataset.studies, dataset.results, 1)
    assert texts.key_numbers == tuple(item.sentences[0] for item in items)
    assert texts.key_numbers[0].startswith("Watson et al. 2018: bone density")
    assert "2.9%" in texts.key_numbers[0]
    plan = layout.plan_card(texts)
    assert plan.chart_box is None
    assert plan.block("numbers_heading").text == "What the studies found"
    assert plan.block("number_0").text == texts.key_numbers[0]


def test_a_claim_with_no_work_behind_it_shows_the_reason(dataset: Dataset) -> None:
    row = claim_row(dataset, NO_EVIDENCE_CLAIM)
    assert row["cited_list"] == [] and row["evidence_list"] == []
    assert (row["cited_judgment"], row["evidence_judgment"]) == ("no_source_cited", "not_yet_studied")
    texts = slide_texts.card_texts(NO_EVIDENCE_CLAIM, dataset, LINK)
    assert texts.sources == () and texts.numbers_heading == "Why this verdict"
    assert texts.key_numbers == (claim_row(dataset, NO_EVIDENCE_CLAIM)["reason"],)


def test_an_unknown_claim_is_refused(dataset: Dataset) -> None:
    with pytest.raises(KeyError, match="C99"):
        slide_texts.card_texts("C99", dataset)


# --- The browser ----------------------------------------------------------------------------------------------


def test_a_missing_browser_raises_a_slide_error_a_page_can_show(dataset: Dataset, monkeypatch) -> None:
    monkeypatch.setenv(browser.BROWSER_SETTING, "/nonexistent/chromium")
    with pytest.raises(SlideError) as raised:
        cards.slide_card(INJURY_CLAIM, dataset, LINK)
    assert str(raised.value).startswith("Slide cards need Chromium: make test installs Debian's chromium package")
    assert "/nonexistent/chromium" in str(raised.value)


def test_no_browser_anywhere_raises_a_slide_error(monkeypatch) -> None:
    monkeypatch.delenv(browser.BROWSER_SETTING, raising=False)
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(browser, "_search_browser", lambda: None)
    with pytest.raises(SlideError, match="^Slide cards need Chromium: make test installs Debian's chromium"):
        browser.browser_path()


@pytest.mark.chromium
def test_debians_chromium_is_used_when_browser_path_is_unset(monkeypatch) -> None:
    assert browser.DEBIAN_CHROMIUM.exists(), "Debian's chromium package is missing: `make test` installs it"
    monkeypatch.delenv(browser.BROWSER_SETTING, raising=False)
    assert browser.browser_path() == str(browser.DEBIAN_CHROMIUM)
    monkeypatch.setenv(browser.BROWSER_SETTING, "/usr/bin/true")  # a setting already there is kept
    assert browser.browser_path() == "/usr/bin/true"


@pytest.mark.chromium
def test_one_browser_session_draws_every_chart_and_a_card_is_the_same_bytes_again(
    dataset: Dataset, injury_card: bytes
) -> None:
    session = browser.SESSION._kaleido
    assert session is not None
    economy = cards.slide_card("C01", dataset, LINK)  # another chart, same browser
    assert browser.SESSION._kaleido is session
    assert image_of(economy).size == (1920, 1080)
    hits = browser._render_cached.cache_info().hits
    assert cards.slide_card(INJURY_CLAIM, dataset, LINK) == injury_card  # pure: same inputs, same bytes
    assert browser._render_cached.cache_info().hits == hits + 1  # the chart was not drawn twice


@pytest.mark.chromium
def test_charts_drawn_from_several_threads_each_get_their_own_image(dataset: Dataset, chromium: str) -> None:
    """Streamlit sessions are threads: two charts asked for at once must not swap images."""
    figures = [cards.slide_figure(cards.claim_chart(c, dataset)) for c in ("C01", "C23", "C18", "C11")]
    sizes = [(1001 + 10 * i, 401 + 10 * i) for i in range(len(figures))]  # sizes no other test draws
    with ThreadPoolExecutor(max_workers=4) as pool:
        pngs = list(pool.map(lambda job: browser.render_chart(*job, scale=1.0), zip(figures, sizes, strict=True)))
    assert [image_of(png).size for png in pngs] == sizes


# --- Talk pack ------------------------------------------------------------------------------------------------


def raw_claim_keys(claim_ids: list[str]) -> set[str]:
    """Works behind the claims, read straight from claims.csv (cited and evidence columns)."""
    raw = pd.read_csv(REAL_DATA / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    keys: set[str] = set()
    for claim_id in claim_ids:
        for column in ("cited_studies", "evidence_studies"):
            keys |= {k.strip() for k in raw.loc[claim_id, column].split(";") if k.strip()}
    return keys


@pytest.mark.chromium
def test_a_talk_pack(dataset: Dataset, chromium: str) -> None:
    claim_ids = [INJURY_CLAIM, NO_SECTION_CLAIM, INJURY_CLAIM]  # a repeat is packed once

    def link_for(claim_id: str) -> str:
        return f"https://runner-evidence.example.org/claims?claim={claim_id}"

    pack = talkpack.talk_pack(claim_ids, dataset, link_for)
    archive = zipfile.ZipFile(io.BytesIO(pack))
    assert archive.namelist() == [
        "cards/C23.png",
        "cards/C09.png",
        "references.bib",
        "references-apa.txt",
        "README.txt",
    ]
    for claim_id in ("C23", "C09"):
        card = archive.read(f"cards/{claim_id}.png")
        assert image_of(card).size == (1920, 1080)
        assert qr_texts(card) == [link_for(claim_id)]

    expected = raw_claim_keys(["C23", "C09"])
    assert expected == {
        "lauersen2014", "lauersen2018", "leppanen2024", "toresdahl2020", "wu2024",  # C23
        "watson2018", "duplanty2018", "piasecki2019",  # C09
    }  # fmt: skip
    library = bibtexparser.parse_string(archive.read("references.bib").decode("utf-8"))
    assert not library.failed_blocks
    assert {entry.key for entry in library.entries} == expected and len(library.entries) == len(expected)

    apa = archive.read("references-apa.txt").decode("utf-8").splitlines()
    assert len(apa) == len(expected)
    for key in expected:
        ref = dataset.bibliography.references[key]
        surname = ref.authors[0].split(",")[0]
        assert any(surname in line and f"({ref.year})" in line for line in apa), key

    readme = archive.read("README.txt").decode("utf-8")
    lines = readme.splitlines()
    for claim_id, judgments in (
        ("C23", "Evidence: Small or mixed effect. Certainty: Low. The cited source supports it."),
        ("C09", "Evidence: Small or mixed effect. Certainty: Low. The post cites no source."),
    ):
        assert f"{claim_id}: “" in readme
        # the line under the claim: the evidence judgment, its certainty, then what the post cited
        assert lines[next(i for i, line in enumerate(lines) if f"{claim_id}: “" in line) + 1] == f"   {judgments}"
        assert f"Link: {link_for(claim_id)}" in readme
        assert f"cards/{claim_id}.png" in readme
    assert talkpack.talk_pack(claim_ids, dataset, link_for) == pack  # same talk, same bytes


def test_a_talk_pack_with_a_guide_question_and_a_headline(dataset: Dataset, chromium: str) -> None:
    slides = ["guide-ageing", "headline-denadai2017-01"]

    def link_for(slide_id: str) -> str:
        return f"https://runner-evidence.example.org/present?talk={slide_id}"

    archive = zipfile.ZipFile(io.BytesIO(talkpack.talk_pack(slides, dataset, link_for)))
    assert archive.namelist()[:2] == ["cards/guide-ageing.png", "cards/headline-denadai2017-01.png"]
    for slide_id in slides:
        card = archive.read(f"cards/{slide_id}.png")
        assert image_of(card).size == (1920, 1080) and qr_texts(card) == [link_for(slide_id)]
    keys = {entry.key for entry in bibtexparser.parse_string(archive.read("references.bib").decode()).entries}
    assert keys == {"marcell2014", "denadai2017"}  # the ageing chart's work and the headline's
    readme = archive.read("README.txt").decode("utf-8")
    assert "guide-ageing: “I am getting older" not in readme  # the question is on the band, the answer quoted
    assert "1. guide-ageing: Probably not." in readme and "2. headline-denadai2017-01: Pooled over 16" in readme
    texts = slide_texts.headline_card_texts("headline-denadai2017-01", dataset)
    value = dataset.results.set_index("result_id").at["denadai2017-01", "value"]
    assert f"{abs(value):.1f}%" in texts.key_numbers[0]  # the number as read, from results.csv
    assert texts.certainty == "Meta-analysis"  # the design, short enough for the band
    with pytest.raises(KeyError, match="nope"):
        talkpack.talk_pack(["headline-nope"], dataset, link_for)


def test_a_talk_pack_needs_known_claims(dataset: Dataset) -> None:
    with pytest.raises(KeyError, match="C99"):
        talkpack.talk_pack(["C09", "C99"], dataset, lambda c: LINK)
    with pytest.raises(ValueError, match="at least one claim"):
        talkpack.talk_pack([], dataset, lambda c: LINK)


# --- Chart cards ------------------------------------------------------------------------------------------------


def test_a_chart_card_carries_the_question_the_answer_and_the_charts_works(dataset: Dataset) -> None:
    texts = slide_texts.section_card_texts("economy", dataset, LINK)
    assert texts.verdict_label == "Will lifting make my running cheaper?"
    assert texts.certainty == "Certainty: Moderate at best"  # C01, C03 and C21 are moderate, C07 low
    assert texts.quote == "Often, a little."
    assert texts.takeaway.startswith("In most trials, runners who lifted used a bit less oxygen")
    assert texts.sources[:2] == ("Støren et al. 2008", "Piacentini et al. 2013") and len(texts.sources) == 11
    plan = layout.plan_card(texts)
    assert plan.band_colour == style.rgb(style.CHART_BAND) and plan.block("claim").text == "Runners' guide"
    assert plan.chart_box is not None


@pytest.mark.chromium
def test_a_chart_card_is_a_1920x1080_png_with_a_slate_band_and_a_readable_qr_code(dataset: Dataset, chromium) -> None:
    link = "https://runner-evidence.example.org/guide#injuries"
    png = cards.section_card("injuries", dataset, link)
    assert image_of(png).size == (layout.WIDTH, layout.HEIGHT)
    assert band_colour(png) == style.rgb(style.CHART_BAND)
    assert qr_texts(png) == [link]
    # the chart was drawn: the ratio dots are in the palette's blue, somewhere under the band
    body = image_of(png).convert("RGB").crop((0, layout.BAND_HEIGHT, layout.WIDTH, layout.HEIGHT))
    assert any(colour == style.rgb(style.HEX_OF_BADGE["blue"]) for _, colour in body.getcolors(1 << 20))


def test_a_chart_card_on_a_dataset_without_the_charts_results_says_so() -> None:
    from tests.conftest import FIXTURE_DATA

    fixture = load_dataset(FIXTURE_DATA)
    texts = slide_texts.section_card_texts("ageing", fixture, LINK)
    assert texts.chart_title is None and texts.key_numbers == (
        "The dataset in use has none of the results this chart draws on.",
    )
    assert texts.certainty == "Certainty: not rated"  # the fixture has none of the chart's claims


def test_an_unknown_chart_is_refused(dataset: Dataset) -> None:
    with pytest.raises(KeyError, match="no guide chart"):
        cards.section_card("nope", dataset, LINK)


def test_the_how_often_chart_has_its_card_too(dataset: Dataset) -> None:
    texts = slide_texts.section_card_texts("dose", dataset, LINK)
    assert texts.verdict_label == "How often should I lift, and what?"
    assert texts.quote == "Two or three times a week, for ten weeks or more."
    assert texts.sources == ("Eihara et al. 2022",)
    figure = cards.section_chart("dose", dataset)
    assert figure is not None and list(figure.data[0].x)[::-1][:2] == [-0.32, -0.13]
