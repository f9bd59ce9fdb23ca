"""The validator: real data passes, the fixture passes, and every rule names the file, row, column and rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence.data.validate import main, validate_folder
from tests.conftest import FIXTURE_DATA, REAL_DATA


def test_bundled_data_has_no_problems() -> None:
    report = validate_folder(REAL_DATA)
    assert [str(p) for p in report.problems] == []
    assert len(report.frames["studies.csv"]) >= 29  # 17 cited works + 12 more, at least


def test_fixture_data_has_no_problems() -> None:
    report = validate_folder(FIXTURE_DATA)
    assert report.problems == []
    assert len(report.frames["studies.csv"]) == 4


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file, text to replace, replacement, expected file, expected line, expected column, words of the rule)
CORRUPTIONS = [
    ("studies.csv", "alpha2001,found,rct", "alpha2001,found,randomised", "studies.csv", 2, "design", "must be one of"),
    (
        "studies.csv",
        "beta2005,found,cross_sectional,40",
        "beta2005,found,cross_sectional,zero",
        "studies.csv",
        3,
        "n",
        "must be a number",
    ),
    ("studies.csv", "alpha2001,found,rct,20", "alpha2001,found,rct,0", "studies.csv", 2, "n", "at least 1"),
    (
        "studies.csv",
        "running_economy;time_trial",
        "running_economy;speed",
        "studies.csv",
        2,
        "outcomes",
        "outcome vocabulary",
    ),
    ("studies.csv", "https://example.org/beta,Age", "example.org/beta,Age", "studies.csv", 3, "source_url", "pattern"),
    ("studies.csv", "beta2005,found", "alpha2001,found", "studies.csv", 3, "key", "unique"),
    (
        "studies.csv",
        "gamma2010,found,systematic_review_meta_analysis",
        "Gamma-2010,found,systematic_review_meta_analysis",
        "studies.csv",
        4,
        "key",
        "pattern",
    ),
    (
        "results.csv",
        "alpha2001-02,alpha2001",
        "alpha2001-02,zeta1999",
        "results.csv",
        3,
        "study_key",
        "no study with this key",
    ),
    ("results.csv", "0.315,0.207,0.480", "0.515,0.207,0.480", "results.csv", 6, "value", "outside its CI"),
    ("results.csv", "0.315,0.207,0.480", "0.315,0.480,0.207", "results.csv", 6, "ci_low", "above the upper"),
    ("results.csv", "0.315,0.207,0.480", "0.315,0.207,", "results.csv", 6, "ci_low", "both CI bounds"),
    (
        "results.csv",
        "pooled (k=8),na,rr,0.315",
        "pooled (k=8),na,rr,-0.315",
        "results.csv",
        6,
        "value",
        "ratio must be above 0",
    ),
    ("results.csv", "na,qualitative,,", "na,qualitative,3,", "results.csv", 5, "value", "qualitative result"),
    ("results.csv", ",%,true,abstract", ",%,maybe,abstract", "results.csv", 2, "lower_is_better", "must be one of"),
    (
        "results.csv",
        "true,table 2,https://example.org/alpha,true",
        "true,poster,https://example.org/alpha,true",
        "results.csv",
        3,
        "source_location",
        "must start with",
    ),
    ("results.csv", ",10,0.03,", ",10,1.5,", "results.csv", 2, "p_value", "at most 1"),
    ("results.csv", "alpha2001-03,alpha2001", "alpha2001-02,alpha2001", "results.csv", 4, "result_id", "unique"),
    ("results.csv", "beta2005-01,beta2005", "beta-01,beta2005", "results.csv", 5, "result_id", "must start with"),
    ("citations.csv", 'posttwo,"Beta', 'postthree,"Beta', "citations.csv", 4, "post_id", "no post with this id"),
    ("citations.csv", '",alpha2001,no', '",alfa2001,no', "citations.csv", 2, "study_key", "no study with this key"),
    ("references.bib", "@article{beta2005,", "@article{beta2006,", "studies.csv", 3, "key", "no entry with this key"),
    (
        "references.bib",
        "doi = {10.5678/ji.2010.5}",
        "doi = {https://doi.org/10.5678}",
        "references.bib",
        21,
        "doi",
        "not a DOI",
    ),
    (
        "references.bib",
        "title = {Hips of runners},",
        "title = {Hips of runners}",
        "references.bib",
        12,
        "beta2005",
        "comma is missing",
    ),
    (
        "references.bib",
        "  journal = {Journal of Hips},\n",
        "",
        "references.bib",
        12,
        "beta2005",
        "missing required field 'journal'",
    ),
    ("references.bib", "@misc{delta2015,", "@misc{alpha2001,", "references.bib", 31, "alpha2001", "duplicate key"),
    ("dataset.toml", 'version = "9.9.9"\n', "", "dataset.toml", None, "version", "missing or empty"),
    (
        "dataset.toml",
        'result = "alpha2001-01"',
        'result = "alpha2001-99"',
        "dataset.toml",
        None,
        "headlines[2]",
        "needs a",
    ),
    ("dataset.toml", 'date = "2001-02-03"', 'date = "3 Feb 2001"', "dataset.toml", None, "date", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "line", "column", "rule"),
    CORRUPTIONS,
    ids=[f"{c[0]}:{c[6]}" for c in CORRUPTIONS],
)
def test_each_rule_names_file_row_column_and_rule(fixture_copy, file, old, new, where, line, column, rule) -> None:
    _edit(fixture_copy / file, old, new)
    problems = validate_folder(fixture_copy).problems
    matching = [p for p in problems if p.file == where and p.column == column and rule in p.rule]
    assert matching, "\n".join(map(str, problems)) or "no problem reported"
    assert line in [p.row for p in matching], matching


def test_orphan_reference_and_orphan_study(fixture_copy) -> None:
    with open(fixture_copy / "references.bib", "a", encoding="utf-8") as handle:
        handle.write("\n@misc{unused2020, title = {Unused}, year = {2020}}\n")
    _edit(fixture_copy / "results.csv", "beta2005-01,beta2005", "alpha2001-09,alpha2001")
    problems = [str(p) for p in validate_folder(fixture_copy).problems]
    assert any("unused2020" in p and "orphan" in p for p in problems), problems
    assert any("beta2005" in p and "no result row" in p for p in problems), problems


def test_missing_file_and_unexpected_column(fixture_copy) -> None:
    (fixture_copy / "posts.csv").unlink()
    _edit(fixture_copy / "studies.csv", "source_url,note", "source_url,note,extra")
    problems = [str(p) for p in validate_folder(fixture_copy).problems]
    assert "posts.csv: file is missing" in problems
    assert any(p.startswith("studies.csv column 'extra'") and "unexpected column" in p for p in problems)


def test_not_utf8_is_reported(fixture_copy) -> None:
    (fixture_copy / "studies.csv").write_bytes("key,status\nm\xfcller2001,found\n".encode("latin-1"))
    problems = [str(p) for p in validate_folder(fixture_copy).problems]
    assert any(p.startswith("studies.csv") and "UTF-8" in p for p in problems), problems


def test_command_prints_report_and_exit_status(fixture_copy, capsys) -> None:
    assert main([str(FIXTURE_DATA)]) == 0
    assert "no problems" in capsys.readouterr().out
    _edit(fixture_copy / "studies.csv", "alpha2001,found,rct", "alpha2001,found,randomised")
    assert main([str(fixture_copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"studies\.csv:2 column 'design' value 'randomised': must be one of", out), out


# --- Provenance and flags: a number printed in another work, a number that disagrees with itself --------------

GAMMA = "gamma2010-01,gamma2010,injury_overall,any sports injury,pooled (k=8),na,rr,0.315,0.207,0.480"
GAMMA_END = "https://example.org/gamma,true,,,"


def test_a_number_printed_in_another_work_names_an_existing_work_and_is_not_verified(fixture_copy) -> None:
    _edit(fixture_copy / "results.csv", "example.org/alpha,false,As described in a later review.,,",
          "example.org/alpha,false,\"As printed in Gamma 2010, table 2.\",gamma2010,")  # fmt: skip
    assert validate_folder(fixture_copy).problems == []
    _edit(fixture_copy / "results.csv", "gamma2010,", "nosuch2010,")
    problems = validate_folder(fixture_copy).problems
    assert [(p.row, p.column) for p in problems if "no study with this key" in p.rule] == [(4, "printed_in")]


def test_a_number_printed_elsewhere_cannot_be_marked_read_in_its_own_paper(fixture_copy) -> None:
    _edit(fixture_copy / "results.csv", "example.org/alpha,false,As described in a later review.,,",
          "example.org/alpha,true,\"As printed in Gamma 2010, table 2.\",gamma2010,")  # fmt: skip
    problems = validate_folder(fixture_copy).problems
    assert [(p.row, p.column) for p in problems] == [(4, "verified")], problems


def test_a_ci_that_misses_its_estimate_is_kept_when_flagged_and_listed(fixture_copy, capsys) -> None:
    _edit(fixture_copy / "results.csv", GAMMA, GAMMA.replace("0.315,0.207", "0.115,0.207"))
    problems = validate_folder(fixture_copy).problems
    assert [(p.row, p.column) for p in problems] == [(6, "value")] and "ci_excludes_estimate" in problems[0].rule
    _edit(fixture_copy / "results.csv", GAMMA_END, "https://example.org/gamma,true,Printed so.,,ci_excludes_estimate")
    report = validate_folder(fixture_copy)
    assert report.problems == []
    assert main([str(fixture_copy)]) == 0  # a flag is not a problem, and the number stays as printed
    out = capsys.readouterr().out
    assert "1 number(s) kept as printed with a flag" in out and "gamma2010-01: ci_excludes_estimate" in out
    assert report.frames["results.csv"].set_index("result_id").loc["gamma2010-01", "value"] == 0.115


def test_a_flag_must_be_true_and_explained(fixture_copy) -> None:
    _edit(fixture_copy / "results.csv", GAMMA_END, "https://example.org/gamma,true,,,ci_excludes_estimate")
    problems = {(p.row, p.column) for p in validate_folder(fixture_copy).problems}
    assert problems == {(6, "flag"), (6, "note")}  # the CI does contain 0.315, and no note says why


def test_a_flag_comes_from_the_vocabulary(fixture_copy) -> None:
    _edit(fixture_copy / "results.csv", GAMMA_END, "https://example.org/gamma,true,Odd.,,typo")
    problems = validate_folder(fixture_copy).problems
    assert [(p.row, p.column) for p in problems] == [(6, "flag")] and "must be one of" in problems[0].rule, problems


@pytest.mark.parametrize(
    ("note", "problems"),
    [("", 1), ("Read on a mirror of the PubMed record.", 0), ("Abstract text read on a copy at scilit.", 0)],
)
def test_a_number_read_on_a_copy_of_the_paper_says_so(fixture_copy, note: str, problems: int) -> None:
    _edit(fixture_copy / "results.csv", GAMMA_END, f"https://scilit.com/publications/x,true,{note},,")
    found = [p for p in validate_folder(fixture_copy).problems if p.column == "source_url"]
    assert len(found) == problems and all(p.row == 6 and "scilit.com copies papers" in p.rule for p in found)


# --- The two judgments of a claim: what the post cited must agree with the claim's cited studies --------------

C01_JUDGED = "alpha2001,alpha2001,cited_supports,supported"  # C01 cites alpha2001 (found), line 2
C02_JUDGED = ",beta2005,no_source_cited,not_yet_studied"  # C02 cites nothing, line 3


@pytest.mark.parametrize(
    ("old", "new", "line", "value", "rule"),
    [
        (
            C01_JUDGED,
            "alpha2001,alpha2001,no_source_cited,supported",
            2,
            "no_source_cited",
            "the claim lists cited studies",
        ),
        (
            C02_JUDGED,
            ",beta2005,cited_supports,not_yet_studied",
            3,
            "cited_supports",
            "no cited study: use no_source_cited",
        ),
        (
            C02_JUDGED,
            ",beta2005,cited_not_found,not_yet_studied",
            3,
            "cited_not_found",
            "no cited study: use no_source_cited",
        ),
        (
            C01_JUDGED,
            "alpha2001,alpha2001,cited_not_found,supported",
            2,
            "cited_not_found",
            "every cited study was found",
        ),
    ],
    ids=[
        "no_source_with_cited_studies",
        "supports_without_cited_study",
        "not_found_without_cited_study",
        "not_found_but_every_cited_study_found",
    ],
)
def test_the_cited_judgment_agrees_with_the_cited_studies(fixture_copy, old, new, line, value, rule) -> None:
    _edit(fixture_copy / "claims.csv", old, new)
    problems = validate_folder(fixture_copy).problems
    assert [(p.file, p.row, p.column, p.rule) for p in problems] == [("claims.csv", line, "cited_judgment", rule)]
    assert f"value '{value}'" in str(problems[0]), problems[0]


def test_cited_not_found_holds_when_a_cited_study_was_not_found(fixture_copy, capsys) -> None:
    # postone also cites delta2015, a work that could not be located: the judgment is then allowed
    _edit(fixture_copy / "claims.csv", C01_JUDGED, "alpha2001;delta2015,alpha2001,cited_not_found,supported")
    assert validate_folder(fixture_copy).problems == []
    assert main([str(fixture_copy)]) == 0
    _edit(fixture_copy / "claims.csv", "alpha2001;delta2015,alpha2001,", "alpha2001,alpha2001,")
    assert main([str(fixture_copy)]) == 1
    assert re.search(
        r"claims\.csv:2 column 'cited_judgment' value 'cited_not_found': every cited study was found",
        capsys.readouterr().out,
    )


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        (C01_JUDGED, "alpha2001,alpha2001,overstated,supported", "cited_judgment"),  # an old verdict is no judgment
        (C01_JUDGED, "alpha2001,alpha2001,cited_supports,overstated", "evidence_judgment"),
    ],
)
def test_both_judgments_come_from_their_vocabularies(fixture_copy, old, new, column) -> None:
    _edit(fixture_copy / "claims.csv", old, new)
    problems = validate_folder(fixture_copy).problems
    assert [(p.row, p.column) for p in problems] == [(2, column)] and "must be one of" in problems[0].rule, problems


# --- Each claim-post pair carries its post's own words; the sentences judged not checkable ---------------------


def _problems(folder) -> list[tuple[str, int | None, str, str]]:
    return [(p.file, p.row, p.column, p.rule) for p in validate_folder(folder).problems]


def test_a_post_of_a_claim_without_its_own_quote_is_named(fixture_copy) -> None:
    _edit(fixture_copy / "claim_quotes.csv", "C02,posttwo,Weak hips are behind every sore knee.,section 'Hips'\n", "")
    assert _problems(fixture_copy) == [
        ("claims.csv", 3, "posts", "no quote of C02 for this post in claim_quotes.csv")
    ]


def test_a_quote_row_for_a_post_or_claim_that_does_not_make_it_is_named(fixture_copy) -> None:
    _edit(fixture_copy / "claim_quotes.csv", "C01,postone,", "C01,posttwo,")
    _edit(fixture_copy / "claim_quotes.csv", "C03,posttwo,Lifting is", "C09,posttwo,Lifting is")
    assert _problems(fixture_copy) == [
        ("claim_quotes.csv", 2, "post_id", "not one of C01's posts (claims.csv, posts)"),
        ("claim_quotes.csv", 6, "claim_id", "no claim with this id in claims.csv"),
        ("claims.csv", 2, "posts", "no quote of C01 for this post in claim_quotes.csv"),
    ]


def test_a_claims_quote_must_be_its_first_posts_lead_quote(fixture_copy) -> None:
    _edit(fixture_copy / "claims.csv", "C02,postone;posttwo,", "C02,posttwo;postone,")
    found = _problems(fixture_copy)
    assert found == [("claims.csv", 3, "quote", "must be posttwo's lead quote in claim_quotes.csv (its first row "
                      "for this claim)")]  # fmt: skip


def test_a_long_quote_and_an_unknown_category_are_named(fixture_copy) -> None:
    _edit(fixture_copy / "claim_quotes.csv", "Lifting is the best injury prevention.", " ".join(["word"] * 26))
    _edit(fixture_copy / "post_sentences_not_checkable.csv", "marketing,promotes", "advert,promotes")
    found = _problems(fixture_copy)
    assert found[0] == ("claim_quotes.csv", 6, "quote", "at most 25 words")
    assert found[1][:3] == ("post_sentences_not_checkable.csv", 3, "category") and "must be one of" in found[1][3]
    assert len(found) == 2


def test_a_repeated_quote_a_repeated_sentence_and_an_unknown_post_are_named(fixture_copy) -> None:
    with open(fixture_copy / "claim_quotes.csv", "a", encoding="utf-8") as handle:
        handle.write("C01,postone,Lifting twice a week makes running cheaper.,paragraph 1\n")
    with open(fixture_copy / "post_sentences_not_checkable.csv", "a", encoding="utf-8") as handle:
        handle.write("postone,Lift to Run Faster,heading,the title again\n")
    _edit(fixture_copy / "post_sentences_not_checkable.csv", "posttwo,Hips", "postthree,Hips")
    assert _problems(fixture_copy) == [
        ("post_sentences_not_checkable.csv", 5, "post_id", "no post with this id in posts.csv"),
        ("post_sentences_not_checkable.csv", 6, "sentence", "listed twice"),
        ("claim_quotes.csv", 7, "quote", "the same quote is listed twice"),
    ]
