"""Studies, through app.py: count, table contents, filters from the sidebar and from the link, empty state."""

from __future__ import annotations

from tests.conftest import count_line, open_sections, real_works, texts

PAGE = "pages/studies.py"


def test_all_studies_listed_with_derived_columns(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "Studies"
    assert count_line(at) == "**4 of 4 works** match the filters."
    table = at.dataframe[0].value
    assert list(table["Study"]) == ["Alpha & Omega 2001", "Beta 2005", "Gamma et al. 2010", "Delta 2015"]
    row = table.set_index("Key").loc["alpha2001"]
    assert row["DOI"] == "https://doi.org/10.1234/jr.2001.1"
    assert row["Cited by"] == "postone"
    assert row["Outcomes"] == "running economy, time trial"
    assert row["N"] == 20 and row["Weeks"] == 10


def test_sidebar_filters_narrow_the_table_and_build_the_link(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    at.multiselect(key="design").set_value(["rct", "systematic_review_meta_analysis"]).run()
    assert count_line(at) == "**2 of 4 works** match the filters."
    at.multiselect(key="outcome").set_value(["injury_overall"]).run()
    assert count_line(at) == "**1 of 4 works** match the filters."
    assert list(at.dataframe[0].value["Key"]) == ["gamma2010"]
    assert at.code[0].value.endswith("?outcome=injury_overall&design=rct&design=systematic_review_meta_analysis")
    at.text_input(key="q").set_value("programmes").run()
    assert count_line(at) == "**1 of 4 works** match the filters."


def test_link_reopens_the_view(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"post": ["postone"], "design": ["rct"]})
    assert at.multiselect(key="post").value == ["postone"]
    assert at.multiselect(key="design").value == ["rct"]
    assert count_line(at) == "**1 of 4 works** match the filters."
    assert at.code[0].value.endswith("?design=rct&post=postone")
    assert not [i for i in at.info if "Ignored" in i.value]  # nothing ignored


def test_bad_values_in_the_link_are_dropped_with_a_notice(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"design": ["rct", "<img src=x onerror=alert(1)>"], "verified": "maybe"})
    assert at.multiselect(key="design").value == ["rct"]
    notices = " ".join(i.value for i in at.info)
    assert "not one of its choices" in notices and "use true or false" in notices
    assert count_line(at) == "**1 of 4 works** match the filters."


def test_no_match_has_its_own_message_and_a_way_back(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"q": "no-such-word"})
    assert at.warning[0].value.startswith("No study matches these filters.")
    assert not at.dataframe
    at.button(key="empty_clear").click().run()
    assert count_line(at) == "**4 of 4 works** match the filters."
    assert at.text_input(key="q").value == ""


def test_verified_toggle_hides_second_hand_only_works(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    at.toggle(key="verified").set_value(True).run()
    assert count_line(at) == "**3 of 4 works** match the filters."


def test_studies_on_bundled_data(open_real_page) -> None:
    at = open_real_page(PAGE, {"outcome": ["running_economy"], "design": ["rct"]})
    table = at.dataframe[0].value
    assert len(table) >= 4
    assert "storen2008" in set(table["Key"]) and "vikmoen2016" in set(table["Key"])
    assert set(table["Design"]) == {"randomised trial"}
    assert "Filter studies" in texts(at)


def test_one_match_opens_its_detail_with_results_claims_and_citations(open_real_page) -> None:
    at = open_real_page(PAGE, {"q": "storen2008"})
    assert count_line(at) == f"**1 of {real_works()} works** match the filters."
    assert [h.value for h in at.header] == ["Støren et al. 2008"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == "17" and metrics["Weeks"] == "8"
    assert "**Design:** randomised trial" in texts(at)
    results = at.dataframe[1].value
    economy = results[results["Measured"] == "running economy at 70% of VO2max"].iloc[0]
    assert economy["Value"] == "\u22125.0%" and economy["Where"] == "abstract"
    cited = at.dataframe[2].value
    assert list(cited["Post"]) == ["Strength Training for Runners"]
    assert "DOI" in cited.loc[0, "What differs"]
    assert any("C07" in m.value for m in at.markdown)  # a claim that rests on it


def test_range_filters_from_the_link(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"year": "2004-2012"})
    assert count_line(at) == "**2 of 4 works** match the filters."
    assert at.slider(key="year").value == (2004.0, 2012.0)
    at.slider(key="year").set_range(2001.0, 2015.0).run()
    assert count_line(at) == "**4 of 4 works** match the filters."


def test_every_export_of_the_selection_is_offered(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"design": ["rct"]})
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download these studies (CSV)", "Download the CSV template"
    ]  # fmt: skip  (the exports are drawn when their section is opened)
    open_sections(at, "Export ")
    labels = sorted(b.proto.label for b in at.get("download_button") if b.proto.label != "Download the CSV template")
    assert labels == sorted(
        [
            "Download these studies (CSV)",
            "Studies (CSV, every column)",
            "Results (CSV)",
            "BibTeX",
            "RIS (Zotero, EndNote)",
            "APA 7 reference list",
            "Vancouver reference list",
        ]
    )
    assert any(e.label == "Export this study: CSV, BibTeX, RIS, APA or Vancouver" for e in at.expander)


def test_upload_your_own_studies_for_the_session(open_fixture_page) -> None:
    from evidence.outputs import csv_export

    at = open_fixture_page(PAGE)
    at.file_uploader(key="upload_file").upload("mine.csv", csv_export.template_csv().encode(), "text/csv").run()
    assert at.success[0].value == "mine\\.csv: 1 record(s) read with no problem."
    assert count_line(at) == "**5 of 5 works** match the filters."
    assert "surname2024 (yours)" in list(at.dataframe[0].value["Study"])
    at.button(key="forget_uploads").click().run()
    at.file_uploader(key="upload_file").clear().run()
    assert count_line(at) == "**4 of 4 works** match the filters."


def test_a_bad_upload_is_listed_and_adds_nothing(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    bad = b"key,status\nalpha2001,found\n"
    at.file_uploader(key="upload_file").upload("bad.csv", bad, "text/csv").run()
    assert at.error[0].value.startswith("bad\\.csv: ") and "nothing was added" in at.error[0].value
    assert "required column is missing" in at.text[0].value
    assert count_line(at) == "**4 of 4 works** match the filters."


def test_a_link_can_open_one_study(open_real_page) -> None:
    at = open_real_page(PAGE, {"study": "lauersen2014"})
    assert [h.value for h in at.header] == ["Lauersen et al. 2014"]
    assert count_line(at) == f"**{real_works()} of {real_works()} works** match the filters."
    bad = open_real_page(PAGE, {"study": "<b>nope</b>"})
    assert "The study named in the link is not in the dataset." in [i.value for i in bad.info]
    assert not bad.header


def test_one_outcome_offers_its_one_page_brief(open_real_page) -> None:
    at = open_real_page(PAGE, {"outcome": "running_economy"})
    (brief,) = [b for b in at.get("download_button") if b.key == "studies_brief"]
    assert brief.proto.label == "One-page brief on running economy (PDF)"
    for params in ({"outcome": ["running_economy", "vo2max"]}, {"outcome": "vo2max"}, {}):
        at = open_real_page(PAGE, params)  # two outcomes, one without claims, or none: no brief
        assert not [b for b in at.get("download_button") if b.key == "studies_brief"]


def test_a_long_pasted_search_is_cut_with_a_notice_not_dropped(open_real_page) -> None:
    at = open_real_page(PAGE)
    pasted = "storen " + "x" * 640
    at.text_input(key="q").set_value(pasted).run()
    assert any("Searched for the first 100 characters of the 647 you entered" in c.value for c in at.sidebar.caption)


def test_the_sort_is_in_the_link_and_an_odd_sort_gets_a_notice(open_fixture_page) -> None:
    at = open_fixture_page(PAGE, {"sort": "year_newest"})
    assert at.selectbox(key="sort").value == "year_newest"
    newest = ["Delta 2015", "Gamma et al. 2010", "Beta 2005", "Alpha & Omega 2001"]
    assert list(at.dataframe[0].value["Study"]) == newest
    assert at.code[0].value.endswith("?sort=year_newest")  # the copied link keeps the order
    at.selectbox(key="sort").set_value("study").run()
    assert at.query_params["sort"] in ("study", ["study"])
    odd = open_fixture_page(PAGE, {"sort": "Newest first<b>"})
    notices = [i.value for i in odd.info]
    assert any("in the link's 'sort': not one of its choices" in n and "Newest first" in n for n in notices)
    assert odd.selectbox(key="sort").value == "dataset"  # the default order, left out of the link
    assert "sort" not in odd.query_params
    assert list(odd.dataframe[0].value["Study"])[0] == "Alpha & Omega 2001"
    old = open_fixture_page(PAGE, {"sort": "Newest first"})  # a label instead of its code still works
    assert old.selectbox(key="sort").value == "year_newest" and not old.info
