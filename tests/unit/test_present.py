"""Presentation mode's pure parts: reading a talk from a link, building its link, a slide's texts."""

from __future__ import annotations

from evidence.data.load import load_dataset
from evidence.views import present
from tests.conftest import REAL_DATA

KNOWN = ["C01", "C02", "C23"]


def test_a_talk_from_a_link() -> None:
    talk = present.read_talk({"present": ["1"], "talk": ["C23", "C01", "C23"], "slide": ["2"]}, KNOWN)
    assert talk == present.Talk(("C23", "C01"), 2, True, ())


def test_bad_talk_parameters_are_dropped_with_notices() -> None:
    talk = present.read_talk({"present": ["1"], "talk": ["C01", "<b>x</b>"], "slide": ["9"]}, KNOWN)
    assert talk.claim_ids == ("C01",) and talk.slide == 1 and talk.presenting
    assert talk.notices == (
        "Ignored '<b>x</b>' in the talk: no claim has that id.",
        "The talk has 1 slides; showing slide 1.",
    )
    assert not present.read_talk({"present": ["1"]}, KNOWN).presenting  # nothing to present
    assert present.read_talk({"talk": ["C01"], "slide": ["-1"]}, KNOWN).slide == 1


def test_talk_link_round_trip() -> None:
    params = present.talk_params(["C23", "C01"], 2)
    assert params == {"talk": ["C23", "C01"], "slide": ["2"], "present": ["1"]}
    assert present.read_talk(params, KNOWN) == present.Talk(("C23", "C01"), 2, True, ())


def test_slide_texts() -> None:
    dataset = load_dataset(REAL_DATA)
    claim = dataset.claims.set_index("claim_id").loc["C23"].copy()
    claim["claim_id"] = "C23"
    assert present.takeaway("Across many sports, it helps. Not in runners.") == "Across many sports, it helps."
    assert (
        present.citation_line(claim, dataset.studies, dataset.results) == "Lauersen et al. 2014; Lauersen et al. 2018"
    )
    assert present.section_for("C23").key == "injuries" and present.section_for("C99") is None
