"""Evidence map, through app.py: bubbles and timeline follow the filters; tables twin the charts."""

from __future__ import annotations

import json

from tests.conftest import TABLE_TWINS, open_sections

PAGE = "pages/map.py"


def _traces(at, index: int) -> dict:
    return {t["name"]: t for t in json.loads(at.get("plotly_chart")[index].proto.spec)["data"]}


def test_map_and_timeline_show_the_filtered_works(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Evidence map"
    bubbles = _traces(at, 0)
    assert bubbles["Randomised trials"]["y"] == ["Performance", "Running economy"]
    assert len(at.dataframe) == 1  # the phone's table twin; the expanders' tables are drawn when opened
    open_sections(at, *TABLE_TWINS)
    narrow, gap = at.dataframe[0].value, at.dataframe[1].value  # the phone's table twin, then the expander's
    assert int(gap["Works"].sum()) == 5 and narrow.equals(gap)
    at.multiselect(key="design").set_value(["cross_sectional"]).run()
    assert set(_traces(at, 0)) == {"Observational studies"}
    timeline = at.dataframe[2].value
    assert list(timeline["Study"]) == ["Beta 2005"] and list(timeline["Finding"]) == ["no difference found"]


def test_map_empty_state(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"q": "nothing-at-all"})
    assert at.warning[0].value.startswith("No study matches these filters.")
    assert not at.get("plotly_chart")


def test_map_and_timeline_alternatives_follow_the_filter(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    at.multiselect(key="design").set_value(["cross_sectional"]).run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Bubble chart of 1 outcome and intervention pair,") for c in captions), captions
    assert any(c.startswith("Timeline of 1 work published from 2005 to 2005") for c in captions), captions
