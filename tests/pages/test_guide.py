"""Why strength training matters, through app.py: four questions, each with a chart, its table and verdicts."""

from __future__ import annotations

import json

from evidence.views import guide
from tests.conftest import seen

PAGE = "pages/guide.py"


def test_four_questions_each_with_chart_table_and_verdicts(open_real_page) -> None:
    at = open_real_page(PAGE)
    assert at.title[0].value == "Why strength training matters"
    assert [h.value for h in at.header] == [s.question for s in guide.SECTIONS]
    charts = at.get("plotly_chart")
    assert len(charts) == 4 and len(at.dataframe) == 4
    injuries = json.loads(charts[1].proto.spec)
    assert injuries["layout"]["xaxis"]["type"] == "log"
    plain = seen(at)
    assert "Often, yes." in plain and "Probably not." in plain
    assert ":red-badge[:material/cancel: Contradicted]" in plain  # the verdict on C01 stands under economy
    assert "strength training reduced sports injuries to less than ⅓" in plain


def test_guide_on_a_dataset_without_its_results_says_so(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert [i.value for i in at.info].count("The dataset in use has none of the results this answer draws on.") == 4
    assert not at.get("plotly_chart")


def test_each_chart_offers_its_slide_card(open_real_page) -> None:
    at = open_real_page(PAGE)
    cards = [b for b in at.get("download_button") if b.proto.label == "Slide card of this chart (PNG)"]
    assert [b.key for b in cards] == [f"guide_card_{s.key}" for s in guide.SECTIONS]
