"""Home, through app.py: what it is, counts, headline findings with sources, chart with its table twin."""

from __future__ import annotations

import json

from tests.conftest import open_sections, real_version, real_works, texts

PAGE = "pages/home.py"


def test_home_shows_counts_headlines_and_sources(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Runner Strength Evidence Explorer"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Works": "4",
        "Cited by the five posts": "3",
        "Reported results": "5",
        "Studies finding no difference": "1",
    }
    shown = texts(at)
    # the two headline results named in the fixture's metadata, in order, as sentences with their numbers
    first = shown.index("risk ratio 0\\.32 \\(95% CI 0\\.21 to 0\\.48\\)")
    second = shown.index("change \u22125\\.0%")
    assert first < second
    assert shown.index("Strength programmes cut injuries to about a third\\.") < shown.index(
        "Lifting made running cheaper\\."
    )
    assert [b.proto.url for b in at.get("link_button")] == ["https://example.org/gamma", "https://example.org/alpha"]


def test_home_chart_and_its_table_twin_agree(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {t["name"]: dict(zip(t["y"], t["x"], strict=True)) for t in spec["data"]}
    assert traces["Randomised trials"]["Running economy"] == 1
    assert traces["Observational studies"]["Hip strength"] == 1
    assert not at.dataframe and not at.get("download_button")  # the table twin is drawn when it is opened
    open_sections(at, "Table of this chart")
    (table_element,) = at.dataframe  # the only table on the page: the twin of the chart
    table = table_element.value.set_index("Outcome")
    for group, counts in traces.items():
        assert {outcome: int(table.loc[outcome, group]) for outcome in counts} == counts
    csv = at.get("download_button")[0]
    assert csv.proto.label == "Download this table (CSV)"


def test_home_on_bundled_data(open_real_page) -> None:
    at = open_real_page(PAGE)
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Works"] == real_works() and metrics["Studies finding no difference"] >= 3
    shown = texts(at)
    assert "Lauersen et al\\. 2014" in shown and "risk ratio 0\\.32 \\(95% CI 0\\.21 to 0\\.48\\)" in shown
    assert "Toresdahl et al\\. 2020" in shown  # a null result among the headlines
    assert f"Dataset version {real_version()}" in "\\n".join(c.value for c in at.sidebar.caption)


def test_odd_link_parameters_give_notices_not_errors(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"colour": "blue", "outcome": ["<script>x</script>"]})
    notices = [i.value for i in at.info]
    assert any("unknown link parameter 'colour'" in n for n in notices)
    assert any("\\<script\\>x\\</script\\>" in n and "not one of its choices" in n for n in notices)
    assert at.title[0].value == "Runner Strength Evidence Explorer"


def test_the_three_audience_panels_link_to_their_pages(open_real_page) -> None:
    at = open_real_page(PAGE)
    links = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert links["Runners: why lift?"] == "guide"  # the pages' url paths (evidence/ui/registry.py)
    assert links["Coaches: build a talk"] == "present"
    assert links["Students: every study"] == "studies"


def test_home_chart_has_its_text_alternative_beside_it(open_fixture_page) -> None:
    from evidence.data.load import load_dataset
    from evidence.views import charts
    from evidence.views.summaries import escape_markdown
    from tests.conftest import FIXTURE_DATA

    at = open_fixture_page(PAGE)
    expected = charts.outcomes_alt_text(charts.outcomes_table(load_dataset(FIXTURE_DATA).studies))
    assert escape_markdown(expected) in [c.value for c in at.caption]
    assert "Stacked bar chart of works per outcome" in expected


def test_each_headline_can_be_added_to_a_talk(open_real_page) -> None:
    from evidence.data.load import load_dataset
    from tests.conftest import REAL_DATA

    at = open_real_page(PAGE)
    links = [link.proto for link in at.get("page_link") if link.proto.label == "Add to a talk"]
    chosen = [h["result"] for h in load_dataset(REAL_DATA).metadata["headlines"]]
    assert [link.query_string for link in links] == [f"talk=headline-{r}" for r in chosen]
    assert all(link.page == "present" for link in links)
