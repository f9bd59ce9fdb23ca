"""Filters and links: pure filtering, the query string of a view, and notices for what a link cannot set."""

from __future__ import annotations

import pytest

from evidence.data import filters as state
from evidence.data.load import load_dataset
from tests.conftest import FIXTURE_DATA


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE_DATA)


@pytest.mark.parametrize(
    ("values", "keys"),
    [
        ({}, ["alpha2001", "beta2005", "gamma2010", "delta2015"]),
        ({"outcome": ["running_economy"]}, ["alpha2001"]),
        ({"outcome": ["running_economy", "hip_strength"]}, ["alpha2001", "beta2005"]),
        ({"design": ["rct", "systematic_review_meta_analysis"]}, ["alpha2001", "gamma2010"]),
        ({"post": ["postone"]}, ["alpha2001", "delta2015"]),
        ({"post": ["postone"], "design": ["rct"]}, ["alpha2001"]),
        ({"q": "HIP runners"}, ["beta2005"]),
        ({"q": "omega"}, ["alpha2001"]),  # second author
        ({"q": "nothing-like-this"}, []),
        ({"verified": True}, ["alpha2001", "beta2005", "gamma2010"]),
        ({"outcome": ["running_economy"], "design": ["cross_sectional"]}, []),
    ],
)
def test_apply_filters(dataset, values, keys) -> None:
    assert list(state.apply_filters(dataset.studies, dataset.results, values)["key"]) == keys


def test_view_query_round_trip_shape() -> None:
    query = state.view_query(
        {"outcome": ["running_economy"], "design": ["rct", "cohort"], "q": " hip ", "verified": True}
    )
    assert query == "?outcome=running_economy&design=rct&design=cohort&q=hip&verified=true"
    assert state.view_query({"outcome": [], "q": "", "verified": False}) == ""


def test_options_only_offer_what_exists(dataset) -> None:
    options = state.filter_options(dataset.studies, dataset.posts)
    assert options["outcome"] == ["running_economy", "time_trial", "injury_overall", "hip_strength", "other"]
    assert options["design"] == ["rct", "cross_sectional", "systematic_review_meta_analysis", "clinical_commentary"]
    assert options["post"] == ["postone", "posttwo"]


def test_notices_for_unknown_and_malformed_params(dataset) -> None:
    options = state.filter_options(dataset.studies, dataset.posts)
    notices = state.check_params(
        {
            "outcome": ["running_economy", "<script>alert(1)</script>"],
            "colour": ["blue"],
            "q": ["x" * 5000],
            "verified": ["yes"],
            "study": ["alpha2001"],
        },
        options,
    )
    assert len(notices) == 4
    assert notices[0].startswith("Ignored '<script>alert(1)</script>' in 'Outcome'")
    assert notices[1] == "Ignored the unknown link parameter 'colour'."
    assert "at most 100 characters" in notices[2]
    assert notices[3] == "Ignored 'yes' in 'Only numbers read in the source': use true or false."
    assert state.check_params({"outcome": ["running_economy"], "verified": ["true"]}, options) == []


def test_clean_text_drops_control_and_direction_characters() -> None:
    assert state.clean_text("a\x00b\u202ec\n") == "abc"
    assert len(state.clean_text("y" * 5000)) == state.MAX_SEARCH_CHARS
    long_name = state.check_params({"z" * 500: ["1"]}, {})[0]
    assert len(long_name) < 100


@pytest.mark.parametrize(
    ("values", "keys"),
    [
        ({"sex": ["female"]}, ["alpha2001"]),
        ({"level": ["recreational", "trained"]}, ["alpha2001", "beta2005"]),
        ({"age": ["adult"]}, ["alpha2001", "beta2005"]),
        ({"intervention": ["heavy_strength"]}, ["alpha2001"]),
        ({"year": (2004.0, 2012.0)}, ["beta2005", "gamma2010"]),
        ({"n": (30.0, 40.0)}, ["beta2005"]),  # works without a reported n are hidden
        ({"weeks": (1.0, 52.0)}, ["alpha2001"]),
        ({"sessions": (2.0, 2.0)}, ["alpha2001"]),
    ],
)
def test_population_protocol_and_range_filters(dataset, values, keys) -> None:
    assert list(state.apply_filters(dataset.studies, dataset.results, values)["key"]) == keys


def test_range_filters_in_links(dataset) -> None:
    options = state.filter_options(dataset.studies, dataset.posts)
    assert options["year"] == ["2001", "2015"] and options["n"] == ["20", "40"]
    values = state.values_from_params({"year": ["2004-2012"], "n": ["1-1000"]}, options)
    assert values == {"year": (2004.0, 2012.0)}  # the whole range of n is no filter
    assert state.params_from_values(values) == {"year": ["2004-2012"]}
    assert state.values_from_params({"year": ["1990-2005"]}, options) == {"year": (2001.0, 2005.0)}
    notices = state.check_params({"year": ["1990-2005"], "n": ["ten-twenty"], "weeks": ["9-3"]}, options)
    assert notices == [
        "Narrowed 'Year' to the data's range, 2001 to 2015.",
        "Ignored 'ten-twenty' in 'Sample size': use two numbers, like 2000-2016.",
        "Ignored '9-3' in 'Weeks of training': use two numbers, like 2000-2016.",
    ]
    assert state.parse_range("nan-3") is None and state.parse_range("1-2-3") is None


@pytest.mark.parametrize(
    ("values", "claim_ids"),
    [
        ({}, ["C01", "C02", "C03"]),
        ({"verdict": ["supported"]}, ["C01", "C03"]),  # what the evidence says
        ({"cited": ["no_source_cited"]}, ["C02"]),  # what the post cited
        ({"cited": ["cited_supports", "cited_does_not_test"]}, ["C01", "C03"]),
        ({"verdict": ["supported"], "cited": ["cited_does_not_test"]}, ["C03"]),
        ({"verdict": ["not_yet_studied"], "cited": ["cited_supports"]}, []),
        ({"post": ["postone"], "cited": ["no_source_cited"]}, ["C02"]),
    ],
)
def test_claim_filters_on_both_judgments(dataset, values, claim_ids) -> None:
    assert list(state.apply_claim_filters(dataset.claims, values)["claim_id"]) == claim_ids


def test_the_cited_filter_in_links(dataset) -> None:
    options = state.filter_options(dataset.studies, dataset.posts)
    assert options["cited"] == [
        "cited_supports", "cited_does_not_test", "cited_contradicts", "no_source_cited", "cited_not_found"
    ]  # fmt: skip
    query = state.view_query({"verdict": ["supported"], "cited": ["no_source_cited"]}, "claims")
    assert query == "?verdict=supported&cited=no_source_cited"
    assert state.view_query({"cited": ["no_source_cited"]}, "studies") == ""  # a claims-only filter
    # an old link's retired verdict and a value that is no judgment are named and dropped; the rest still applies
    params = {"cited": ["no_source_cited", "<b>x</b>"], "verdict": ["overstated"]}
    assert state.values_from_params(params, options) == {"verdict": [], "cited": ["no_source_cited"]}
    assert state.check_params(params, options) == [
        "Ignored '<b>x</b>' in 'What the post cited': not one of its choices.",
        "Ignored 'overstated' in 'What the evidence says': not one of its choices.",
    ]


def test_search_ignores_case_accents_and_apostrophes() -> None:
    from evidence.data.load import load_dataset
    from tests.conftest import REAL_DATA

    real = load_dataset(REAL_DATA)
    for typed in ("Støren", "Stören", "storen", "STOREN"):
        found = state.apply_filters(real.studies, real.results, {"q": typed})
        assert "storen2008" in set(found["key"]), typed
    knees = [set(state.apply_filters(real.studies, real.results, {"q": q})["key"]) for q in
             ("runner's knee", "runners’ knee", "runners knee")]  # fmt: skip
    assert knees[0] == knees[1] == knees[2]
    fixture = real.studies.head(2).copy()
    fixture.loc[fixture.index[0], "summary"] = "Hip work for runners’ knee (patellofemoral pain)."
    found = state.apply_filters(fixture, real.results, {"q": "runner's knee"})
    assert list(found["key"]) == [fixture.iloc[0]["key"]]
    assert state.search_key("Kozinc & Šarabon") == "kozinc & sarabon"


def test_the_studies_table_sorts_by_a_stable_code() -> None:
    from evidence.data.filters import PAGE_PARAMS, check_params
    from evidence.data.load import load_dataset
    from evidence.views import tables
    from tests.conftest import REAL_DATA

    dataset = load_dataset(REAL_DATA)
    frame = tables.studies_table(dataset.studies)
    assert "sort" in PAGE_PARAMS and check_params({"sort": ["year_newest"]}, {}) == []  # the page checks it
    assert list(tables.sort_studies(frame, "dataset")["Key"]) == list(frame["Key"])
    newest = tables.sort_studies(frame, "year_newest")
    years = newest["Year"].dropna().tolist()
    assert years == sorted(years, reverse=True) and len(newest) == len(frame)
    assert tables.sort_studies(frame, "year_oldest")["Year"].iloc[0] == min(years)
    sizes = tables.sort_studies(frame, "n_largest")["N"].dropna().tolist()
    assert sizes == sorted(sizes, reverse=True)
    by_design = tables.sort_studies(frame, "design")["Design"].tolist()
    assert by_design[0] == "meta-analysis"
    assert by_design.index("randomised trial") < by_design.index("case-control study")
    names = tables.sort_studies(frame, "study")["Study"].str.lower().tolist()
    assert names == sorted(names)
    assert list(tables.sort_studies(frame, "<odd>")["Key"]) == list(frame["Key"])  # unknown: the default order
    assert list(tables.SORTS)[0] == "dataset"
