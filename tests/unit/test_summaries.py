"""Sentences and numbers: one rounding rule, plain wording, text made safe for Markdown."""

from __future__ import annotations

import math

import pytest

from evidence.data.load import load_dataset
from evidence.views import summaries
from tests.conftest import FIXTURE_DATA


@pytest.mark.parametrize(
    ("value", "measure", "expected"),
    [
        (0.315, "rr", "0.32"),
        (0.125, "rr", "0.13"),  # half away from zero, not to even
        (-1.425, "smd", "\u22121.43"),
        (-5.0, "percent_change", "\u22125.0"),
        (2.75, "percent_change", "2.8"),
        (72.8, "mean", "72.8"),
        (1200.0, "mean", "1200"),
        (-0.004, "rr", "0.00"),  # no minus sign on a number that rounds to zero
        (float("nan"), "rr", ""),
        (None, "mean", ""),
    ],
)
def test_one_rounding_rule(value, measure, expected) -> None:
    assert summaries.fmt(value, measure) == expected


def test_ci_and_p_wording() -> None:
    assert summaries.fmt_ci(0.207, 0.48, "rr") == "95% CI 0.21 to 0.48"
    assert summaries.fmt_ci(0.2, math.nan, "rr") == ""
    assert summaries.fmt_p(0.0003, None) == "p < 0.001"
    assert summaries.fmt_p(0.03, None) == "p = 0.030"
    assert summaries.fmt_p(None, "<0.05") == "p <0.05"
    assert summaries.fmt_p(None, "ns") == "ns"


def test_result_sentences_from_fixture() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    rows = dataset.results.set_index("result_id")
    rr = summaries.result_sentence(rows.loc["gamma2010-01"].to_dict(), "Gamma et al. 2010")
    assert rr == (
        "Gamma et al. 2010: injuries (any sports injury), pooled (k=8): risk ratio 0.32 (95% CI 0.21 to 0.48)."
    )
    pct = summaries.result_sentence(rows.loc["alpha2001-01"].to_dict(), "Alpha & Omega 2001")
    assert pct.endswith("strength + running: change \u22125.0% (p = 0.030).")
    qual = summaries.result_sentence(rows.loc["beta2005-01"].to_dict(), "Beta 2005")
    assert qual == "Beta 2005: hip strength (hip abductor torque), injured vs healthy: No significant difference."


def test_ratio_as_percent_change() -> None:
    assert summaries.ratio_as_percent_change(0.315) == "69% fewer"
    assert summaries.ratio_as_percent_change(1.3) == "30% more"


def test_headlines_come_from_metadata_in_order() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    chosen = [
        {"result": "gamma2010-01", "says": "Fewer injuries."},
        {"result": "missing-01"},
        {"result": "alpha2001-01"},
    ]
    items = summaries.headlines(dataset.results, dataset.studies, chosen)
    assert [i["result_id"] for i in items] == ["gamma2010-01", "alpha2001-01"]
    assert items[0]["says"] == "Fewer injuries."
    assert items[0]["url"] == "https://example.org/gamma"
    assert items[0]["where"] == "abstract, read in the source"
    assert items[0]["design"].startswith("A systematic search of studies whose results were pooled")


def test_overview_counts_fixture() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    overview = summaries.dataset_overview(dataset.studies, dataset.results, dataset.citations)
    assert overview == {"works": 4, "cited": 3, "results": 5, "null": 1, "citations": 3}


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("[click](javascript:alert(1))", "[click]("),
        ("<script>alert(1)</script>", "<script>"),
        ("costs $5 and $6", "$5 and $"),
        ("**bold**", "**bold**"),
        (":material/home: icon", ":material/home:"),
        ("nul\x00and\u202eRTL", "\x00"),
    ],
)
def test_escape_markdown_neutralises_formatting(text, forbidden) -> None:
    escaped = summaries.escape_markdown(text)
    assert forbidden not in escaped
    assert escaped.replace("\\", "").replace("\u202e", "") == text.replace("\x00", "").replace("\u202e", "")
