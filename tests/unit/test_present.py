"""Presentation mode's pure parts: reading a talk from a link, building its link, a slide's texts."""

from __future__ import annotations

from urllib.parse import parse_qs

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
        "Ignored '<b>x</b>' in the talk: no claim, guide question or headline has that id.",
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
    # every work behind the claim, in the order claims.csv lists them (C23: the two reviews, then the runner trials)
    assert claim["evidence_list"] == ["lauersen2014", "lauersen2018", "leppanen2024", "toresdahl2020", "wu2024"]
    assert present.citation_line(claim, dataset.studies, dataset.results) == (
        "Lauersen et al. 2014; Lauersen et al. 2018; Leppänen et al. 2024; Toresdahl et al. 2020; Wu et al. 2024"
    )
    assert present.section_for("C23").key == "injuries" and present.section_for("C99") is None


def test_talk_and_slide_links_are_built_with_their_query() -> None:
    page = "https://runner-evidence.example.org/present"
    assert present.talk_link(page, ["C23", "C01"], 2) == f"{page}?talk=C23&talk=C01&slide=2&present=1"
    assert present.talk_link(f"{page}?slide=1#top", ["C01"], presenting=False) == f"{page}?talk=C01&slide=1"
    links = present.slide_links(page, ["C23", "C01", "C18", "C01"])
    assert list(links) == ["C23", "C01", "C18"]
    assert links["C18"] == f"{page}?talk=C23&talk=C01&talk=C18&slide=3&present=1"
    # every slide's link reopens that slide (a claim id that looks like a parameter cannot break it)
    for number, (claim_id, link) in enumerate(links.items(), start=1):
        query = link.split("?", 1)[1]
        talk = present.read_talk(parse_qs(query), list(links))
        assert talk.claim_ids == ("C23", "C01", "C18") and talk.slide == number and talk.presenting, claim_id
    odd = present.slide_links(page, ["slide=1", "a&b"])
    assert parse_qs(odd["a&b"].split("?", 1)[1]) == {"talk": ["slide=1", "a&b"], "slide": ["2"], "present": ["1"]}


def test_a_slides_view() -> None:
    dataset = load_dataset(REAL_DATA)
    talk = present.Talk(("C01", "C23"), 2, True)
    slide = present.slide_view(talk, dataset.claims, dataset.studies, dataset.results)
    assert slide.claim_id == "C23" and slide.outcome == "injury_overuse"
    # the evidence judgment first, its certainty, then what the post cited (C23's source does back its claim)
    assert slide.badges == (
        ":orange-badge[:material/contrast: Evidence: Small or mixed effect] :gray-badge[:material/speed: Certainty: "
        "Low] :blue-badge[:material/menu_book: The cited source supports it]"
    )
    assert slide.quote.startswith("“strength training reduced sports injuries to less than ⅓")
    # the finding first: the judgment in plain words and the key number, read from results.csv
    assert slide.finding == "The studies show a small effect, or some find an effect and others do not\\."
    pooled = dataset.results.set_index("result_id").at["lauersen2014-06", "value"]  # overuse, pooled
    assert slide.key_number.startswith("Key number: Lauersen et al\\. 2014")
    assert f"risk ratio {pooled:.2f}".replace(".", "\\.") in slide.key_number
    assert slide.key_number.endswith("an improvement\\.")
    assert slide.attribution.startswith("— C23, ")
    # the whole runner text, not only its first sentence: its caveat on runners is kept
    assert slide.summary.endswith("Studies in runners show mixed results\\.")
    # the works that measured overuse injuries (Wu 2024 pooled injuries of any kind: not a source here)
    assert slide.sources == (
        "Sources on overuse injuries\\: Lauersen et al\\. 2014; Lauersen et al\\. 2018; Leppänen et al\\. 2024; "
        "Toresdahl et al\\. 2020"
    )
    assert slide.position == "Slide 2 of 2 · arrow keys move, Esc leaves"
    other = present.slide_view(present.Talk(("C03",), 1, True), dataset.claims, dataset.studies, dataset.results)
    assert other.badges == (  # contradicted by the studies, and its post cites nothing
        ":red-badge[:material/cancel: Evidence: Contradicted] :gray-badge[:material/speed: Certainty: Moderate] "
        ":gray-badge[:material/link_off: The post cites no source]"
    )
    assert present.claim_choice("C01", "x" * 100) == "C01: " + "x" * 70
    assert present.outcome_choice("running_economy") == "Running economy"


def test_the_picker_shows_each_claims_judgment_and_certainty() -> None:
    shown = present.claim_choice("C21", "Paul Jones provides a nice review of the research", "supported", "moderate")
    assert shown == "C21 · Supported, moderate certainty: Paul Jones provides a nice review of the research"
    assert present.claim_choice("C03", "y" * 100, "contradicted", "") == "C03 · Contradicted: " + "y" * 60


def test_a_slide_keeps_the_population_caveats_and_only_sources_on_its_outcome() -> None:
    dataset = load_dataset(REAL_DATA)
    args = (dataset.claims, dataset.studies, dataset.results, dataset.posts)
    c24 = present.slide_view(present.Talk(("C24",), 1, True), *args)
    assert "In runners, the results so far are mixed" in c24.summary
    c18 = present.slide_view(present.Talk(("C18",), 1, True), *args)
    assert "Runners were often no stronger than people who did not exercise" in c18.summary
    assert "storen2008" in dataset.claims.set_index("claim_id").at["C18", "evidence_list"]
    assert "Støren" not in c18.sources  # a running-economy trial is not a source on ageing
    assert c18.sources.startswith("Sources on strength loss with age\\: Marcell et al\\. 2014")
    # a claim on running economy leads with the pooled percentage behind the guide's 'about 4%'
    c01 = present.slide_view(present.Talk(("C01",), 1, True), *args)
    denadai = dataset.results.set_index("result_id").loc["denadai2017-01"]
    assert f"-{abs(denadai['value']):.1f}%".replace(".", "\\.") in c01.key_number.replace("−", "-")
    assert c01.key_number.startswith("Key number: Denadai et al\\. 2017")
    assert c01.attribution == "— C01, Kelly Kuhn PT, “Do Runners Really Need to Strength Train?”"
    long_list = present.sources_line("running economy", [f"W{i}" for i in range(8)])
    assert long_list == "Sources on running economy: W0; W1; W2; W3; W4; and 3 more in the talk pack's references"
    assert present.sources_line("other", []) == "No work behind this claim measured other."


def test_guide_questions_and_headlines_are_slides_with_stable_codes() -> None:
    from evidence.outputs.slides.texts import dataset_headlines

    dataset = load_dataset(REAL_DATA)
    headlines = dataset_headlines(dataset)
    known = present.slide_ids(dataset.claims, headlines)
    assert "guide-economy" in known and "guide-injuries" in known and "headline-denadai2017-01" in known
    assert known[: len(dataset.claims)] == list(dataset.claims["claim_id"])
    params = present.talk_params(["C01", "guide-injuries", "headline-denadai2017-01"], 3)
    talk = present.read_talk(params, known)
    assert talk.claim_ids == ("C01", "guide-injuries", "headline-denadai2017-01") and talk.slide == 3
    assert present.read_talk({"talk": ["guide-nope"]}, known).notices == (
        "Ignored 'guide-nope' in the talk: no claim, guide question or headline has that id.",
    )
    assert present.slide_choice("guide-injuries", dataset.claims) == "Guide · Will it keep me from getting hurt?"
    assert present.slide_choice("headline-denadai2017-01", dataset.claims, headlines).startswith(
        "Headline · Pooled over 16 studies, adding strength training lowered the energy cost"
    )
    assert present.slide_choice("C21", dataset.claims).startswith("C21 · Supported, moderate certainty: ")

    args = (dataset.claims, dataset.studies, dataset.results, dataset.posts, headlines)
    guide = present.slide_view(present.Talk(talk.claim_ids, 2, True), *args)
    assert guide.finding == "Will it keep me from getting hurt?"
    assert guide.summary.startswith("**Maybe\\. In many sports, strength plans cut injuries a lot\\.")
    assert guide.badges.endswith(":gray-badge[:material/speed: Certainty: Moderate at best]")
    assert guide.sources.startswith("Sources on this question\\: Lauersen et al\\. 2014")
    headline = present.slide_view(talk, *args)
    denadai = dataset.results.set_index("result_id").loc["denadai2017-01"]
    assert headline.finding.startswith("Pooled over 16 studies")
    assert headline.key_number.startswith("Key number: Denadai et al\\. 2017")
    assert f"{abs(denadai['value']):.1f}".replace(".", "\\.") in headline.key_number
    assert headline.sources == "Source\\: Running economy — Denadai et al\\. 2017"
