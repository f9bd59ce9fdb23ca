"""One-page briefs per outcome, on the bundled data: what they say, that each fits one A4 page at a readable size,
that the PDF reads back (pypdf and poppler's pdftotext) and that its QR code decodes to the live view."""

from __future__ import annotations

import io
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from evidence.data.load import Dataset, load_dataset
from evidence.data.schema import CITED_LABELS, VERDICT_LABELS
from evidence.outputs import briefs
from evidence.outputs.slides import layout
from evidence.stats import effects
from evidence.ui import downloads
from evidence.views import guide
from tests.conftest import FIXTURE_DATA, REAL_DATA

LINK = "https://runner-evidence.example.org/studies?outcome=running_economy"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(REAL_DATA)


@pytest.fixture(scope="module")
def economy(dataset: Dataset) -> briefs.Brief:
    return briefs.outcome_brief("running_economy", dataset, LINK)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def result(**fields) -> pd.Series:
    row = {"study_key": "trial2020", "outcome": "running_economy", "group": "strength training",
           "measure": "qualitative", "value": None, "p_value": None, "p_text": None, "note": None}  # fmt: skip
    row.update(fields)
    return pd.Series(row)


# --- What a brief says ---------------------------------------------------------------------------------------------


def test_every_outcome_the_posts_make_claims_about_has_a_brief_except_the_catch_all(dataset: Dataset) -> None:
    outcomes = briefs.brief_outcomes(dataset)
    assert set(outcomes) == set(dataset.claims["outcome"]) - {"other"}
    assert outcomes[0] == "running_economy" and len(outcomes) == 15


def test_the_running_economy_brief_lists_its_claims_with_both_judgments_and_certainty(economy: briefs.Brief) -> None:
    assert economy.title == "Running economy"
    # what the evidence says, its certainty, then what the post cited
    assert [(c.claim_id, c.verdict_label, c.certainty_label, c.cited_label) for c in economy.claims] == [
        ("C01", "Small or mixed effect", "Moderate", "The cited source supports it"),
        ("C03", "Contradicted", "Moderate", "The post cites no source"),
        ("C21", "Supported", "Moderate", "The cited source could not be found"),
        ("C27", "Small or mixed effect", "Low", "The post cites no source"),
    ]
    assert [c.verdict for c in economy.claims] == ["small_or_mixed", "contradicted", "supported", "small_or_mixed"]
    assert economy.certainty == "Moderate at best"
    section = next(s for s in guide.SECTIONS if s.key == "economy")  # the runners' guide answers the question
    assert economy.bottom_line == f"{section.question} {section.answer}"
    assert economy.bottom_line.startswith("Will lifting make my running cheaper? Often,")


def test_the_typical_protocol_comes_from_the_trials_with_a_significant_benefit(dataset: Dataset) -> None:
    trials = briefs.trials_on("running_economy", dataset)
    assert set(trials.benefit["key"]) == {
        "johnston1997", "paavolainen1999", "millet2002", "spurrs2003", "saunders2006", "mikkola2007", "storen2008",
        "albracht2013", "piacentini2013", "pellegrino2016", "beattie2017", "prietogonzalez2022",
    }  # fmt: skip
    # Mikkola 2007's abstract saw no change, but the between-group effect Balsalobre-Fernandez 2016 computed from its
    # numbers is significant (Hedges' g -1.03, 95% CI -1.87 to -0.18): by the one rule, a benefit.
    # Damasceno 2015's main finding is a faster 10 km, but its running economy did not change: not a benefit here
    assert set(trials.no_benefit["key"]) == {
        "ferrauti2010", "barnes2013", "sedano2013", "damasceno2015", "vikmoen2016", "vikmoen2017", "possamai2024"
    }  # fmt: skip
    lines = briefs.protocol_lines("running_economy", trials)
    assert lines[0].startswith("12 trials showed a significant benefit for running economy: Johnston et al. 1997")
    assert lines[1] == "Training: heavy lifting (7), plyometrics (3), explosive lifting (2)."
    assert lines[2] == "Weeks: 6 to 40 weeks (median 9); reported by 11 of 12."
    assert lines[3] == "Sessions a week: 2 to 3 sessions a week (median 3); reported by 5 of 12."


def test_the_trials_without_a_benefit_are_named_among_the_caveats(economy: briefs.Brief) -> None:
    assert economy.caveats[0] == (
        "Training trials without a significant benefit for running economy: Ferrauti et al. 2010, Barnes et al. 2013, "
        "Sedano et al. 2013, Damasceno et al. 2015, Vikmoen et al. 2016, Vikmoen et al. 2017, Possamai et al. 2024."
    )
    assert economy.caveats[1].startswith("Why the certainty is moderate (C01): risk of bias: small, mostly unblinded")
    assert "were read in abstracts" in economy.caveats[2]


def test_injury_trials_with_a_significant_benefit_are_named_and_the_others_listed(dataset: Dataset) -> None:
    brief = briefs.outcome_brief("injury_overall", dataset, LINK)
    # Taddei 2020 printed the control group's hazard over the programme's (2.42): read as programme vs control.
    # Leppanen 2024's hazard ratio 0.66 (0.45 to 0.97) has no printed p: its interval decides.
    assert brief.protocol[0] == (
        "2 trials showed a significant benefit for injuries: Taddei et al. 2020, Leppänen et al. 2024."
    )
    assert brief.caveats[0] == (
        "Training trials without a significant benefit for injuries: Bredeweg et al. 2012, Baltich et al. 2017, "
        "Fokkema et al. 2019, Toresdahl et al. 2020, Nguyen et al. 2024."
    )


def test_body_mass_speaks_of_change_not_benefit(dataset: Dataset) -> None:
    brief = briefs.outcome_brief("body_mass", dataset, LINK)
    assert "significant change for body mass" in brief.protocol[0]
    assert all("benefit" not in line for line in brief.protocol + brief.caveats[:1])


def test_key_numbers_put_pooled_estimates_first_and_leave_out_baselines(dataset: Dataset) -> None:
    lines = briefs.key_number_lines("running_economy", dataset)
    assert lines[0].startswith("Balsalobre-Fernández et al. 2016: running economy")
    assert "standardised mean difference −1.42 (95% CI −2.23 to −0.60)" in lines[0]
    assert len(lines) == briefs.MAX_KEY_NUMBERS
    labels = [line.split(":")[0] for line in lines]
    assert max(labels.count(label) for label in labels) <= briefs.PER_STUDY
    assert not any("baseline" in line for line in briefs.key_number_lines("body_mass", dataset))


def test_references_are_the_works_behind_the_claims_and_trials_in_apa(economy: briefs.Brief, dataset: Dataset) -> None:
    claims = dataset.claims[dataset.claims["outcome"] == "running_economy"]
    trials = briefs.trials_on("running_economy", dataset)
    behind = {k for _, c in claims.iterrows() for k in [*c["cited_list"], *c["evidence_list"]]}
    behind |= {k for frame in (trials.benefit, trials.no_benefit, trials.not_recorded) for k in frame["key"]}
    assert len(economy.references) == len(behind & set(dataset.bibliography.references)) >= 18
    assert len(economy.short_references) == len(economy.references)
    assert any(r.startswith("Støren, Ø., Helgerud, J.") and "https://doi.org/10.1249/MSS.0b013e318168da2f" in r
               for r in economy.references)  # fmt: skip


def test_an_outcome_without_claims_has_no_brief(dataset: Dataset) -> None:
    with pytest.raises(briefs.BriefError, match="no claim in the posts is about it"):
        briefs.outcome_brief("vo2max", dataset, LINK)
    with pytest.raises(briefs.BriefError):
        briefs.outcome_brief("<script>", dataset, LINK)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"p_value": 0.02}, True),
        ({"p_text": "<0.05"}, True),
        ({"p_text": "significant"}, True),
        ({"note": "RE improved significantly at every tested velocity"}, True),
        ({"p_value": 0.12}, False),
        ({"p_text": ">0.05"}, False),
        ({"p_text": "ns"}, False),
        ({"note": "no significant improvement at 14 km/h"}, False),
        ({"note": "running economy did not change"}, False),
    ],
)
def test_what_counts_as_significant(fields: dict, expected: bool) -> None:
    assert effects.is_significant(result(**fields)) is expected


def test_a_benefit_needs_a_significant_result_outside_the_control_arm() -> None:
    study = pd.Series({"key": "trial2020", "finding": "positive"})
    control = result(group="endurance control (C)", p_text="<0.05")
    between = result(group="ES vs E (between groups)", p_text="<0.05")
    training = result(group="strength training", p_value=0.3)
    assert effects.shows_benefit(study, "running_economy", pd.DataFrame([control, training])) is False
    assert effects.shows_benefit(study, "running_economy", pd.DataFrame([control, between])) is True
    assert effects.shows_benefit(study, "vo2max", pd.DataFrame([between])) is None  # nothing recorded on it
    harmful = pd.Series({"key": "trial2020", "finding": "negative"})
    assert effects.shows_benefit(harmful, "running_economy", pd.DataFrame([between])) is False


# --- The PDF -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def all_briefs(dataset: Dataset) -> dict[str, tuple[bytes, briefs.Fit]]:
    drawn = {}
    for outcome in briefs.brief_outcomes(dataset):
        page, fit = briefs.layout(briefs.outcome_brief(outcome, dataset, f"{LINK[:-15]}{outcome}"))
        drawn[outcome] = (bytes(page.output()), fit)
    return drawn


def test_every_brief_is_one_a4_page_at_a_readable_size(dataset: Dataset, all_briefs) -> None:
    for outcome, (pdf, fit) in all_briefs.items():
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, outcome
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert (round(width), round(height)) == (595, 842), outcome  # A4 in points
        assert fit.body >= 8, outcome
    # briefs with few references keep the full APA list at the largest type
    assert all_briefs["bone_density"][1] == briefs.Fit(10.0, False, None)
    # the longest lists (running economy's, with 30 references or more) are cut to fit in their one-line form at
    # the smallest type, as few as possible: one more reference would not fit the page; the page says how many more
    # there are (test_the_pdf_text_reads_back...). The re-judged claims name more works and longer caveats, and the
    # claims table has a fifth column (what the post cited): running economy's brief now keeps 5 of its 32.
    cut = {o for o, (_, fit) in all_briefs.items() if fit.references is not None}
    assert "running_economy" in cut and "bone_density" not in cut
    for outcome in cut:
        fit = all_briefs[outcome][1]
        assert fit.short and fit.body == briefs.BODY_SIZES[-1] and fit.references >= 5, outcome
        brief = briefs.outcome_brief(outcome, dataset, f"{LINK[:-15]}{outcome}")
        assert briefs._draw(brief, fit.body, fit.references + 1, True).page_no() > 1, outcome


def test_the_pdf_text_reads_back_with_every_part_of_the_brief(dataset: Dataset, all_briefs) -> None:
    for outcome, (pdf, fit) in all_briefs.items():
        brief = briefs.outcome_brief(outcome, dataset, LINK)
        text = pdf_text(pdf)
        flat = " ".join(text.split())
        assert brief.title in text and "Certainty of the evidence:" in text, outcome
        for heading in ("Bottom line", "What the posts claim, and our verdicts", "Caveats"):
            assert heading in text, (outcome, heading)
        # the claims table: both judgments in every row, the evidence (with its certainty) before the citing
        assert "Claim As the post words it The evidence Certainty The post cited" in flat, outcome
        for claim in brief.claims:
            row = f"{claim.claim_id} “{claim.quote}” {claim.verdict_label} {claim.certainty_label} {claim.cited_label}"
            assert row in flat, (outcome, claim.claim_id)
        assert f"References ({len(brief.references)})" in text
        shown = brief.short_references if fit.short else brief.references
        for reference in shown[: fit.references]:
            assert " ".join(reference.split()) in flat, (outcome, reference)
        if fit.references is not None:
            assert f"and {len(brief.references) - fit.references} more" in flat


@pytest.mark.tools
def test_pdftotext_reads_the_brief_too(all_briefs, tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(all_briefs["injury_overall"][0])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Injuries" in text and "Will it keep me from getting hurt?" in text
    flat = " ".join(text.split())
    assert "Toresdahl et al. 2020" in flat
    # each claim's row, cell by cell: id, quote, what the evidence says, certainty, what the post cited
    assert "Claim As the post words it The evidence Certainty The post cited" in flat
    assert (
        "C26 “increasing your strength is the best form of injury prevention.” Not supported: no effect found Low "
        "The cited source supports it"
    ) in flat
    assert (
        "C08 “One of the main benefits of resistance training for runners is injury prevention.” Small or mixed "
        "effect Low The post cites no source"
    ) in flat
    assert VERDICT_LABELS["not_yet_studied"] in flat and " ".join(CITED_LABELS["cited_does_not_test"].split()) in flat


@pytest.mark.tools
def test_the_qr_code_on_the_page_decodes_to_the_live_view(dataset: Dataset, tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    link = "http://127.0.0.1:8501/studies?outcome=hip_strength"
    pdf.write_bytes(briefs.brief_pdf("hip_strength", dataset, link))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [c.text for c in codes] == [link]


def test_the_same_brief_gives_the_same_bytes(dataset: Dataset) -> None:
    assert briefs.brief_pdf("bone_density", dataset, LINK) == briefs.brief_pdf("bone_density", dataset, LINK)


def test_fonts_are_parsed_once_and_briefs_drawn_at_once_keep_their_own_glyphs(dataset: Dataset) -> None:
    """Every page shares the fonts parsed once per process; each PDF still embeds the glyphs it uses (fpdf2 cuts
    a font down in place as it writes), also when Streamlit sessions draw briefs in several threads."""
    outcomes = ["bone_density", "running_economy", "hip_strength", "injury_overuse"]
    alone = {o: briefs.brief_pdf(o, dataset, LINK) for o in outcomes}
    parsed = briefs._parsed_fonts.cache_info()
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = dict(zip(outcomes, pool.map(lambda o: briefs.brief_pdf(o, dataset, LINK), outcomes), strict=True))
    assert together == alone
    assert briefs._parsed_fonts.cache_info().misses == parsed.misses  # no font parsed again
    assert "Bone density" in pdf_text(alone["bone_density"]) and "Running economy" in pdf_text(alone["running_economy"])


def test_without_dejavu_the_brief_falls_back_to_a_core_font(dataset: Dataset, monkeypatch) -> None:
    monkeypatch.setattr(briefs, "FONT_FILES", {"": Path("/nonexistent.ttf"), "B": Path("/nonexistent-bold.ttf")})
    pdf = briefs.brief_pdf("running_economy", dataset, LINK)
    text = pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    assert {str(f.get_object()["/BaseFont"]) for f in fonts.values()} == {"/Helvetica", "/Helvetica-Bold"}
    assert "standardised mean difference -1.42 (95% CI -2.23 to -0.60)" in " ".join(text.split())


def test_short_references_take_one_line(dataset: Dataset) -> None:
    ref = dataset.bibliography.references["storen2008"]
    assert briefs.short_reference(ref) == (
        "Støren et al. 2008. Medicine and Science in Sports and Exercise 40(6):1087–1092. "
        "doi:10.1249/MSS.0b013e318168da2f"
    )


def test_briefs_on_another_dataset() -> None:
    fixture = load_dataset(FIXTURE_DATA)
    outcomes = briefs.brief_outcomes(fixture)
    assert outcomes  # the fixture's claims have outcomes
    for outcome in outcomes:
        pdf = briefs.brief_pdf(outcome, fixture, LINK)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


# --- The talk pack with briefs -------------------------------------------------------------------------------------


def test_a_talk_pack_carries_the_briefs_of_its_outcomes_and_reports_progress(dataset: Dataset) -> None:
    steps: list[tuple[int, int, str]] = []
    ids = ["C09", "C29", "C09"]  # cards without a chart: drawn without a browser
    pack = downloads.talk_pack(
        ids, dataset, lambda c: f"{LINK}#{c}", lambda o: f"{LINK[:-15]}{o}", lambda *step: steps.append(step)
    )
    archive = zipfile.ZipFile(io.BytesIO(pack))
    assert set(archive.namelist()) == {
        "cards/C09.png", "cards/C29.png", "briefs/bone_density.pdf", "briefs/hip_strength.pdf",
        "references.bib", "references-apa.txt", "README.txt",
    }  # fmt: skip
    assert "Bone density" in pdf_text(archive.read("briefs/bone_density.pdf"))
    assert "briefs/hip_strength.pdf" in archive.read("README.txt").decode()
    assert [s[:2] for s in steps] == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert steps[0][2] == "Slide card C09" and steps[2][2] == "Brief on bone density"
    assert Image.open(io.BytesIO(archive.read("cards/C29.png"))).size == (layout.WIDTH, layout.HEIGHT)


def test_talk_outcomes_are_those_with_a_brief_in_claim_order(dataset: Dataset) -> None:
    assert briefs.talk_outcomes(["C23", "C01", "C04", "C24", "C99"], dataset) == [
        "injury_overuse",
        "running_economy",
        "injury_overall",
    ]  # C04 is about 'other' (no brief); C99 does not exist


def test_key_numbers_say_which_way_each_reads_whatever_its_sign(dataset: Dataset) -> None:
    lines = briefs.key_number_lines("running_economy", dataset)
    berryman = next(line for line in lines if line.startswith("Berryman et al. 2018"))
    eihara = next(line for line in lines if line.startswith("Eihara et al. 2022") and "heavy" in line)
    assert "0.65" in berryman and berryman.endswith(": an improvement.")  # printed with + for a lower cost
    assert "−0.32" in eihara and eihara.endswith(": an improvement.")  # printed with − for a lower cost
    plyometric = next(line for line in lines if "plyometric" in line)
    assert plyometric.endswith(": leaning better, not significant.")  # its interval crosses 0


def test_remembered_text_widths_are_the_fonts_own_at_every_size() -> None:
    from fpdf.fonts import TTFFont

    from evidence.outputs import briefs as brief_module

    page = brief_module._Page("footer", unicode_font=True)
    texts = ["Runners who lifted", "≥ 3 sessions a week · 95% CI 0.45 to 0.97", "Leppänen 2024", ""]
    for face in page.fonts.values():
        for text in texts:
            for size in (7.0, 9.5, 10.0):
                remembered = face.get_text_width(text, size, None)
                assert remembered == pytest.approx(TTFFont.get_text_width(face, text, size, None))
                assert face.get_text_width(text, size, None) == remembered  # and again, from memory
