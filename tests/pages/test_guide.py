"""Why strength training matters, through app.py: four questions, each with a chart, its table and verdicts."""

from __future__ import annotations

import csv
import json
import re

import pytest

from evidence.data.schema import CITED_LABELS, VERDICT_LABELS
from evidence.views import guide
from tests.conftest import REAL_DATA, TABLE_TWINS, open_sections, seen

PAGE = "pages/guide.py"


def test_five_questions_each_with_chart_table_and_verdicts(open_real_page) -> None:
    at = open_sections(open_real_page(PAGE), *TABLE_TWINS)
    assert at.title[0].value == "Why strength training matters"
    assert [h.value for h in at.header] == [s.question for s in guide.SECTIONS]
    charts = [c for c in at.get("plotly_chart") if not str(c.key).startswith("guide_reviews_")]
    tables = [d for d in at.dataframe if "On the chart" not in d.value.columns]  # reviews tables say how drawn
    # five tables in expanders, and for the injuries and dose charts a table twin that stands in on phones
    assert len(charts) == len(guide.SECTIONS) == 5 and len(tables) == 7
    assert tables[1].value.equals(tables[2].value) and tables[4].value.equals(tables[5].value)
    # under three questions, what the reviews say (in an expander): economy, injuries and ageing
    reviews = [str(c.key) for c in at.get("plotly_chart") if str(c.key).startswith("guide_reviews_")]
    assert reviews == ["guide_reviews_economy_economy", "guide_reviews_injuries_injuries_runners",
                       "guide_reviews_ageing_age"]  # fmt: skip
    injuries = json.loads(charts[1].proto.spec)
    assert injuries["layout"]["xaxis"]["type"] == "log"
    plain = seen(at)
    assert "Often, a little." in plain and "Probably not." in plain
    # how often and what kind: Eihara 2022's pooled estimates by kind and length of training, in runner words
    dose = json.loads(charts[3].proto.spec)
    assert dose["data"][0]["y"][::-1][:3] == [
        "Heavy lifting, all trials", "Jump training, all trials", "Heavy: 90% of your max or more"
    ]  # fmt: skip
    assert dose["data"][0]["x"][::-1][:3] == [-0.32, -0.13, -0.31]
    assert "Two or three times a week, for ten weeks or more." in plain
    assert "the typical programme (the middle one) had" in plain
    assert "strength training reduced sports injuries to less than ⅓" in plain
    # Under economy, C01 with both judgments, the evidence first: a small or mixed effect, and its post's source
    # does back it; C03 is contradicted and its post cites nothing.
    assert (
        ":orange-badge[:material/contrast: Evidence: Small or mixed effect] :blue-badge[:material/menu_book: The "
        "cited source supports it] “Recent studies have shown that increasing strength may not have as much of an "
        "impact on running as we thought.”"
    ) in plain
    assert (
        ":red-badge[:material/cancel: Evidence: Contradicted] :gray-badge[:material/link_off: The post cites no "
        "source] “Training a one-rep max exercise is not going to help with this"
    ) in plain


def test_every_claim_under_a_question_shows_both_judgments_evidence_first(open_real_page) -> None:
    with open(REAL_DATA / "claims.csv", encoding="utf-8") as handle:
        judged = {r["claim_id"]: (r["evidence_judgment"], r["cited_judgment"]) for r in csv.DictReader(handle)}
    at = open_real_page(PAGE)
    headings = [m for m in at.markdown if m.value == "**What the posts claim, and our verdicts**"]
    assert len(headings) == len(guide.SECTIONS)
    assert {m.help for m in headings} == {"What the evidence says, then what the post cited."}
    lines = [m.value for m in at.markdown if "-badge[" in m.value]
    expected = [judged[c] for s in guide.SECTIONS for c in s.claims if c in judged]
    assert len(lines) == len(expected) > 0
    badge = r":\w+-badge\[:material/\w+: ([^\]]+)\]"
    for line, (evidence, cited) in zip(lines, expected, strict=True):
        found = re.match(f"{badge} {badge} “", line)
        assert found, line
        assert found.groups() == (f"Evidence: {VERDICT_LABELS[evidence]}", CITED_LABELS[cited]), line


def test_guide_on_a_dataset_without_its_results_says_so(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    notice = "The dataset in use has none of the results this answer draws on."
    assert [i.value for i in at.info].count(notice) == len(guide.SECTIONS)
    assert not at.get("plotly_chart")


@pytest.mark.chromium
def test_each_chart_offers_its_slide_card(open_real_page) -> None:
    at = open_real_page(PAGE)
    cards = [b for b in at.get("download_button") if b.proto.label == "Slide card of this chart (PNG)"]
    assert [b.key for b in cards] == [f"guide_card_{s.key}" for s in guide.SECTIONS]


def test_a_profile_in_the_link_reopens_and_says_how_each_answer_applies(open_real_page) -> None:
    me = {"me_age": "40to59", "me_sex": "woman", "me_level": "recreational", "me_goal": "injuries"}
    at = open_real_page(PAGE, me)
    assert [at.selectbox(key=k).value for k in ("me_age", "me_sex", "me_level", "me_goal")] == [
        "40to59", "woman", "recreational", "injuries"]  # fmt: skip
    applies = [c.value for c in at.caption if "behind this answer were in runners" in c.value]
    assert len(applies) == len(guide.SECTIONS)
    goal = "For your goal, start with: [Will it keep me from getting hurt?](#injuries)"
    assert goal in [m.value for m in at.markdown]
    assert not at.info  # nothing in the link was ignored
    at.selectbox(key="me_goal").set_value("strong").run()
    assert at.query_params["me_goal"] == "strong"  # the link follows the choice
    odd = open_real_page(PAGE, {"me_age": "<b>200</b>"})
    assert any(i.value.startswith("Ignored") and "me\\_age" in i.value for i in odd.info), [i.value for i in odd.info]
    assert not [c for c in odd.caption if "behind this answer" in c.value]  # no profile, no sentences


def _pace_caption(at, starting: str) -> str:
    return next(c.value for c in at.caption if seen_text(c.value).startswith(starting))


def seen_text(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def test_runner_units_show_a_pace_from_the_link_as_minutes_with_both_sources(open_real_page) -> None:
    at = open_real_page(PAGE, {"me_pace": "5:30", "me_dist": "10"})
    assert at.text_input(key="me_pace").value == "5:30"
    plain = seen(at)
    assert "What could this mean at my pace? An illustration, not a trial result" in plain
    assert "Your 10 km at 5:30 per km: 55:00 now; about 52:19 to 54:02 for the same effort." in plain
    assert seen_text(_pace_caption(at, "That is")).startswith("That is 58 seconds to 2 min 41 s faster.")
    sources = seen_text(_pace_caption(at, "Sources"))
    assert "[Denadai et al. 2017](https://link.springer.com/article/10.1007/s40279-016-0604-z)" in sources
    assert "[Kipp et al. 2019](https://www.frontiersin.org/articles/10.3389/fphys.2019.00079/full)" in sources
    at.selectbox(key="me_dist").set_value("marathon").run()
    assert at.query_params["me_dist"] == "marathon"  # the link follows the choice
    assert "Your marathon at 5:30 per km: 3:52:04 now" in seen(at)


def test_runner_units_explain_a_pace_they_cannot_use_and_keep_what_was_typed(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert "Type your usual race pace" in seen(at) and "per km:" not in seen(at)
    at.text_input(key="me_pace").input("5:75").run()
    assert at.text_input(key="me_pace").value == "5:75"  # nothing the reader typed is lost
    assert any("75 seconds" in seen_text(w.value) for w in at.warning)
    at.text_input(key="me_pace").input("2:45").run()
    assert any("faster than 3:02 per km" in seen_text(i.value) for i in at.info)
    odd = open_real_page(PAGE, {"me_pace": "5:30", "me_dist": "ultra"})
    assert any("Ignored distance 'ultra'" in seen_text(i.value) for i in odd.info)
    assert "Your 10 km at 5:30 per km" in seen(odd)


def test_runner_units_are_absent_from_a_dataset_without_their_numbers(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert "What could this mean at my pace" not in seen(at)


def test_each_question_can_be_added_to_a_talk(open_real_page) -> None:
    from evidence.data.load import load_dataset
    from evidence.outputs.slides.texts import dataset_headlines
    from evidence.views import present
    from tests.conftest import REAL_DATA

    at = open_real_page(PAGE)
    links = [link.proto for link in at.get("page_link") if link.proto.label == "Add this question to a talk"]
    assert [link.query_string for link in links] == [f"talk=guide-{s.key}" for s in guide.SECTIONS]
    assert all(link.page == "present" for link in links)
    dataset = load_dataset(REAL_DATA)
    known = present.slide_ids(dataset.claims, dataset_headlines(dataset))
    assert all(link.query_string.removeprefix("talk=") in known for link in links)
