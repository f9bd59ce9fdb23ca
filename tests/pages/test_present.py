"""Present, through app.py: the chooser, a slide opened from its link in large type, and bad links."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import REAL_DATA, seen

PAGE = "pages/present.py"


def test_chooser_lists_every_claim(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert at.title[0].value == "Present"
    chooser = at.multiselect(key="talk_claims")
    claims = pd.read_csv(REAL_DATA / "claims.csv", dtype=str)
    # every claim in the ledger, however many it holds, then the five guide questions and the seven headlines
    assert len(chooser.options) == len(claims) + 5 + 7
    assert [option.split(" · ")[0] for option in chooser.options[: len(claims)]] == list(claims["claim_id"])
    assert chooser.options[len(claims)] == "Guide · Will lifting make my running cheaper?"
    assert chooser.options[-1].startswith("Headline · Pooled over 16 studies")
    assert chooser.options[0].startswith("C01 · Small or mixed effect, moderate certainty: ")
    assert at.button(key="start_talk").disabled


def test_a_slide_from_its_link(open_real_page) -> None:
    at = open_real_page(PAGE, {"present": "1", "talk": ["C01", "C23"], "slide": "2"})
    plain = seen(at)
    lines = plain.splitlines()
    finding = lines.index("### The studies show a small effect, or some find an effect and others do not.")
    quote = next(i for i, line in enumerate(lines) if line.startswith("> #### “strength training reduced sports"))
    assert finding < quote  # the finding leads, the post's quote follows
    # C23: the evidence judgment, its certainty, then what the post cited, in that order
    assert (
        ":orange-badge[:material/contrast: Evidence: Small or mixed effect] "
        ":gray-badge[:material/speed: Certainty: Low] :blue-badge[:material/menu_book: The cited source supports it]"
    ) in plain.splitlines()
    assert "Slide 2 of 2" in plain
    assert (
        "Sources on overuse injuries: Lauersen et al. 2014; Lauersen et al. 2018; Leppänen et al. 2024; "
        "Toresdahl et al. 2020"
    ) in plain.splitlines()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["type"] == "log"  # the injuries chart
    assert at.button(key="slide_next").disabled and not at.button(key="slide_previous").disabled
    assert not at.sidebar.caption  # no sidebar while presenting


def test_a_bad_talk_link_is_named_not_shown(open_real_page) -> None:
    at = open_real_page(PAGE, {"present": "1", "talk": ["C01", "<script>x</script>"], "slide": "7"})
    notices = [i.value for i in at.info]
    assert any("no claim, guide question or headline has that id" in n for n in notices)
    assert any("showing slide 1" in n for n in notices)
    assert "Slide 1 of 1" in seen(at)


def test_the_chooser_offers_a_one_page_brief_per_outcome(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert "One-page briefs" in [h.value for h in at.subheader]
    outcomes = at.selectbox(key="brief_outcome")
    assert len(outcomes.options) == 15 and outcomes.options[:2] == ["Running economy", "Performance"]
    assert "Other" not in outcomes.options
    (button,) = at.get("download_button")
    assert button.proto.label == "Download the brief on running economy (PDF)"
    outcomes.set_value("bone_density").run()
    (button,) = at.get("download_button")
    assert button.proto.label == "Download the brief on bone density (PDF)"


@pytest.mark.chromium
def test_a_slide_offers_its_outcomes_brief_its_card_and_the_talk_pack(open_real_page) -> None:
    at = open_real_page(PAGE, {"present": "1", "talk": ["C01", "C23"], "slide": "2"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the brief on overuse injuries (PDF)", "Download this slide card (PNG)"]
    assert at.button(key="build_pack").label == "Build the talk pack"
    at = open_real_page(PAGE, {"present": "1", "talk": ["C04"]})  # a claim about 'other': no brief
    assert [b.proto.label for b in at.get("download_button")] == ["Download this slide card (PNG)"]


@pytest.mark.chromium
def test_the_talk_pack_is_offered_on_the_setup_screen_before_the_talk_starts(open_real_page) -> None:
    at = open_real_page(PAGE, {"talk": ["C23", "C01"]})
    assert at.multiselect(key="talk_claims").value == ["C23", "C01"]
    assert at.button(key="build_pack").label == "Build the talk pack"
    empty = open_real_page(PAGE)
    assert not [b for b in empty.button if b.key == "build_pack"]  # nothing chosen, no pack to build
