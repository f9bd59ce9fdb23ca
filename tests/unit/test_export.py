"""Downloads: CSV with every schema column and neutralised formulas, BibTeX that real BibTeX compiles, RIS that
rispy reads back field for field, and reference lists rendered by citeproc-py from the shipped CSL styles."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
import rispy

from evidence.data.bibliography import load_bibliography
from evidence.data.load import Dataset, load_dataset
from evidence.data.schema import ResultSchema, StudySchema
from evidence.outputs.csv_export import BIBLIOGRAPHIC_COLUMNS, results_csv, studies_csv
from evidence.outputs.references import (
    STYLE_FILES,
    STYLES_DIR,
    bibtex,
    load_style,
    reference_list,
    reference_list_text,
    ris,
)
from tests.conftest import FIXTURE_DATA, REAL_DATA, ROOT

BIB = ROOT / "references.bib"
CSL = "{http://purl.org/net/xbiblio/csl}"
STORE_APA = (
    "Støren, Ø., Helgerud, J., Støa, E. M., & Hoff, J. (2008). Maximal strength training improves running economy "
    "in distance runners. Medicine and Science in Sports and Exercise, 40(6), 1087–1092. "
    "https://doi.org/10.1249/MSS.0b013e318168da2f"
)


@pytest.fixture(scope="module")
def fixture_data() -> Dataset:
    return load_dataset(FIXTURE_DATA)


@pytest.fixture(scope="module")
def real_data() -> Dataset:
    return load_dataset(REAL_DATA)


def read_csv(text: str) -> pd.DataFrame:
    """CSV text as a reader's spreadsheet sees it: every cell a string, empty cells empty."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def compile_with_bibtex(tmp_path: Path, text: str) -> tuple[str, str]:
    """Run real BibTeX (plain style) over the text citing every entry: (log, bbl)."""
    bibtex_bin = shutil.which("bibtex")
    assert bibtex_bin, "bibtex is missing: `make test` installs it (Debian texlive-binaries)"
    (tmp_path / "selection.bib").write_text(text, encoding="utf-8")
    (tmp_path / "main.aux").write_text("\\citation{*}\n\\bibdata{selection}\n\\bibstyle{plain}\n")
    run = subprocess.run([bibtex_bin, "main"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = (tmp_path / "main.blg").read_text()
    assert run.returncode == 0, run.stdout + log
    return log, (tmp_path / "main.bbl").read_text()


# --- CSV ---------------------------------------------------------------------------------------------------------


def test_studies_csv_has_every_column_and_the_selected_rows(fixture_data: Dataset) -> None:
    selection = fixture_data.studies[fixture_data.studies["key"].isin(["alpha2001", "gamma2010"])]
    table = read_csv(studies_csv(selection))
    assert list(table.columns) == list(StudySchema.to_schema().columns) + list(BIBLIOGRAPHIC_COLUMNS)
    assert sorted(table["key"]) == ["alpha2001", "gamma2010"]
    alpha = table.set_index("key").loc["alpha2001"]
    assert alpha["label"] == "Alpha & Omega 2001"
    assert alpha["authors"] == "Alpha, Anna; Omega, Olaf"
    assert alpha["doi"] == "10.1234/jr.2001.1"
    assert alpha["cited_by"] == "postone"
    assert alpha["outcomes"] == "running_economy;time_trial"
    assert (alpha["n"], alpha["age_mean"], alpha["year"]) == ("20", "30.5", "2001")  # not 20.0 or 2001.0


def test_studies_csv_columns_pass_the_schema_again(fixture_data: Dataset) -> None:
    """The curated columns of the download are what curators type: the schema accepts them unchanged."""
    table = read_csv(studies_csv(fixture_data.studies))
    curated = table[list(StudySchema.to_schema().columns)].replace("", None)
    StudySchema.validate(curated, lazy=True)
    assert len(table) == len(fixture_data.studies)


def test_studies_csv_counts_results_when_given(fixture_data: Dataset) -> None:
    table = read_csv(studies_csv(fixture_data.studies, fixture_data.results)).set_index("key")
    expected = fixture_data.results["study_key"].value_counts()
    for key in table.index:
        assert table.loc[key, "result_count"] == str(expected.get(key, 0))
    assert table.loc["alpha2001", "result_count"] != "0"


def test_formula_cells_are_neutralised_and_numbers_are_not(fixture_data: Dataset) -> None:
    studies = fixture_data.studies.copy()
    first = studies.index[0]
    studies.loc[first, "title"] = '=HYPERLINK("http://example.org","click")'
    studies.loc[first, "summary"] = "+1 improved"
    studies.loc[first, "population"] = "@SUM(A1)"
    row = read_csv(studies_csv(studies)).iloc[0]
    assert row["title"] == '\'=HYPERLINK("http://example.org","click")'
    assert row["summary"] == "'+1 improved"
    assert row["population"] == "'@SUM(A1)"

    results = fixture_data.results.copy()
    results.loc[results.index[0], "outcome_detail"] = "=1+1"
    table = read_csv(results_csv(results))
    assert table.loc[0, "outcome_detail"] == "'=1+1"
    assert "-5" in set(table["value"])  # a negative number stays a number


def test_results_csv_has_every_column_and_passes_the_schema(fixture_data: Dataset) -> None:
    table = read_csv(results_csv(fixture_data.results))
    assert list(table.columns) == list(ResultSchema.to_schema().columns)
    assert list(table["result_id"]) == list(fixture_data.results["result_id"])
    assert set(table["lower_is_better"]) <= {"true", "false"}
    ResultSchema.validate(table.replace("", None), lazy=True)


def test_real_data_csv_has_a_row_per_study_and_result(real_data: Dataset) -> None:
    studies = read_csv(studies_csv(real_data.studies, real_data.results))
    results = read_csv(results_csv(real_data.results))
    assert list(studies["key"]) == list(real_data.studies["key"])
    assert list(results["result_id"]) == list(real_data.results["result_id"])
    storen = studies.set_index("key").loc["storen2008"]
    assert storen["authors"].startswith("Støren, Øyvind; Helgerud, Jan")
    assert storen["doi"] == "10.1249/MSS.0b013e318168da2f"


def test_empty_selection_gives_a_header_and_no_rows(fixture_data: Dataset) -> None:
    for text in (studies_csv(fixture_data.studies.iloc[0:0]), results_csv(fixture_data.results.iloc[0:0])):
        assert text.count("\n") == 1
        assert read_csv(text).empty


# --- BibTeX ------------------------------------------------------------------------------------------------------


def test_bibtex_selection_parses_back_with_exactly_those_keys_and_fields() -> None:
    keys = ["storen2008", "usdhhs2008", "luedke2015", "goom2016"]
    text = bibtex(keys, BIB.read_text(encoding="utf-8"))
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == keys
    source = {entry.key: entry for entry in bibtexparser.parse_string(BIB.read_text(encoding="utf-8")).entries}
    for entry in library.entries:
        assert entry.entry_type == source[entry.key].entry_type
        assert entry.fields_dict.keys() == source[entry.key].fields_dict.keys()
        for name, fld in entry.fields_dict.items():
            assert fld.value == source[entry.key].fields_dict[name].value, (entry.key, name)


@pytest.mark.tools
def test_bibtex_selection_compiles_without_warnings(tmp_path: Path) -> None:
    keys = ["storen2008", "usdhhs2008", "luedke2015", "goom2016", "jones2007", "prins2009"]
    log, bbl = compile_with_bibtex(tmp_path, bibtex(keys, BIB.read_text(encoding="utf-8")))
    assert "Warning" not in log and "error" not in log.lower(), log
    assert bbl.count("\\bibitem") == len(keys)
    assert "\\bibitem{storen2008}" in bbl


@pytest.mark.tools
def test_bibtex_of_every_real_key_compiles(tmp_path: Path) -> None:
    keys = list(load_bibliography(BIB).references)
    log, bbl = compile_with_bibtex(tmp_path, bibtex(keys, BIB.read_text(encoding="utf-8")))
    assert "Warning" not in log and "error" not in log.lower(), log
    assert bbl.count("\\bibitem") == len(keys)


@pytest.mark.tools
def test_bibtex_of_the_fixture_selection(tmp_path: Path) -> None:
    text = bibtex(["delta2015", "alpha2001"], (FIXTURE_DATA / "references.bib").read_text(encoding="utf-8"))
    assert [e.key for e in bibtexparser.parse_string(text).entries] == ["delta2015", "alpha2001"]
    log, _ = compile_with_bibtex(tmp_path, text)
    assert "Warning" not in log, log


def test_bibtex_empty_selection_and_unknown_key() -> None:
    assert bibtex([], BIB.read_text(encoding="utf-8")) == ""
    with pytest.raises(KeyError, match="nosuch2000"):
        bibtex(["storen2008", "nosuch2000"], BIB.read_text(encoding="utf-8"))


# --- RIS ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["storen2008", "lauersen2014", "usdhhs2008", "goom2016", "jones2007", "prins2009"])
def test_ris_fields_round_trip_through_rispy(key: str) -> None:
    bibliography = load_bibliography(BIB)
    ref = bibliography.references[key]
    (record,) = rispy.loads(ris([key], bibliography))
    expected_type = {"article": "JOUR", "techreport": "RPRT"}.get(ref.entry_type, "ELEC" if ref.url else "GEN")
    assert record["type_of_reference"] == expected_type
    assert record["id"] == key
    assert record["title"] == ref.title
    assert record["authors"] == list(ref.authors)
    assert record["year"] == str(ref.year)
    assert record.get("doi", "") == ref.doi
    assert record.get("urls", []) == ([ref.url] if ref.url else [])
    assert record.get("volume", "") == ref.volume
    assert record.get("number", "") == ref.number
    pages = "–".join(p for p in (record.get("start_page", ""), record.get("end_page", "")) if p)
    assert pages == ref.pages
    assert record.get("notes", []) == ([ref.note] if ref.note else [])
    if expected_type == "JOUR":
        assert record["secondary_title"] == record["journal_name"] == ref.journal
    elif expected_type == "RPRT":
        assert record["publisher"] == ref.publisher
    else:
        assert record["secondary_title"] == ref.journal


def test_ris_known_values() -> None:
    bibliography = load_bibliography(BIB)
    records = rispy.loads(ris(["storen2008", "lauersen2014", "usdhhs2008", "goom2016"], bibliography))
    by_id = {r["id"]: r for r in records}
    assert [r["id"] for r in records] == ["storen2008", "lauersen2014", "usdhhs2008", "goom2016"]
    assert by_id["storen2008"]["authors"][0] == "Støren, Øyvind"
    assert by_id["storen2008"]["doi"] == "10.1249/MSS.0b013e318168da2f"
    assert (by_id["storen2008"]["start_page"], by_id["storen2008"]["end_page"]) == ("1087", "1092")
    assert by_id["lauersen2014"]["title"].startswith("The effectiveness of exercise interventions")
    assert by_id["lauersen2014"]["doi"] == "10.1136/bjsports-2013-092538"
    assert by_id["usdhhs2008"]["authors"] == ["U.S. Department of Health and Human Services"]
    assert "secondary_title" not in by_id["usdhhs2008"]  # the institution is the publisher, not a series
    assert by_id["goom2016"]["type_of_reference"] == "ELEC"
    assert by_id["goom2016"]["secondary_title"] == "BJSM Blog (British Journal of Sports Medicine)"


def test_ris_of_every_real_key_and_the_others_author() -> None:
    bibliography = load_bibliography(BIB)
    keys = list(bibliography.references)
    text = ris(keys, bibliography)
    assert [r["id"] for r in rispy.loads(text)] == keys
    assert text.count("\r\nER  - ") == len(keys)
    (luedke,) = rispy.loads(ris(["luedke2015"], bibliography))
    assert luedke["authors"] == ["Luedke, L. E."]  # BibTeX's "and others" is not a person


def test_ris_empty_selection_and_unknown_key() -> None:
    bibliography = load_bibliography(BIB)
    assert ris([], bibliography) == ""
    with pytest.raises(KeyError, match="nosuch2000"):
        ris(["nosuch2000"], bibliography)


# --- Reference lists ---------------------------------------------------------------------------------------------


def test_apa_reference_for_storen2008() -> None:
    (entry,) = reference_list(["storen2008"], load_bibliography(BIB), "apa")
    assert "Støren, Ø." in entry
    assert "(2008)" in entry
    assert "Medicine and Science in Sports and Exercise, 40(6), 1087–1092" in entry
    assert entry.endswith("https://doi.org/10.1249/MSS.0b013e318168da2f")
    assert entry == STORE_APA


def test_apa_list_is_alphabetical_and_renders_every_entry_type() -> None:
    bibliography = load_bibliography(BIB)
    entries = reference_list(
        ["vikmoen2016", "usdhhs2008", "storen2008", "goom2016", "balsalobrefernandez2016"], bibliography, "apa"
    )
    assert [e.split(" ")[0] for e in entries] == ["Balsalobre-Fernández,", "Goom,", "Støren,", "U.S.", "Vikmoen,"]
    goom = entries[1]
    assert goom == (
        "Goom, T. (2016). Balancing training load and tissue capacity. BJSM Blog (British Journal of Sports "
        "Medicine). https://blogs.bmj.com/bjsm/2016/04/11/balancing-training-load-and-tissue-capacity/"
    )
    assert entries[3].startswith("U.S. Department of Health and Human Services. (2008). 2008 Physical Activity")
    assert all("<" not in e and "  " not in e for e in entries)


def test_vancouver_list_is_numbered_in_the_given_order() -> None:
    bibliography = load_bibliography(BIB)
    keys = ["storen2008", "lauersen2014", "luedke2015"]
    entries = reference_list(keys, bibliography, "vancouver")
    assert [e.split(" ")[0] for e in entries] == ["1.", "2.", "3."]
    assert entries[0] == (
        "1. Støren Ø, Helgerud J, Støa EM, Hoff J. Maximal strength training improves running economy in distance "
        "runners. Medicine and Science in Sports and Exercise. 2008;40(6):1087–92."
    )
    assert entries[1].startswith("2. Lauersen JB, Bertelsen DM, Andersen LB. The effectiveness")
    assert entries[2].startswith("3. Luedke LE, et al. Association of isometric strength")


def test_reference_lists_of_every_real_key() -> None:
    bibliography = load_bibliography(BIB)
    keys = list(bibliography.references)
    for style in STYLE_FILES:
        entries = reference_list(keys, bibliography, style)
        assert len(entries) == len(keys)
        assert all(entries), style
    dois = [r.doi for r in bibliography.references.values() if r.doi]
    apa = "\n".join(reference_list(keys, bibliography, "apa"))
    assert all(f"https://doi.org/{doi}" in apa for doi in dois)


def test_fixture_reference_list(fixture_data: Dataset) -> None:
    entries = reference_list(["gamma2010", "delta2015", "alpha2001"], fixture_data.bibliography, "apa")
    assert entries == [
        "Alpha, A., & Omega, O. (2001). Lifting for runners. Journal of Running, 1(2), 10–20. "
        "https://doi.org/10.1234/jr.2001.1",
        "Delta, D. (2015). A commentary.",
        "Gamma, G., Delta, D., & Epsilon, E. (2010). Strength programmes prevent injuries: A meta-analysis. "
        "Journal of Injuries, 5, 100–110. https://doi.org/10.5678/ji.2010.5",
    ]


def test_reference_list_text_and_empty_selection() -> None:
    bibliography = load_bibliography(BIB)
    text = reference_list_text(["storen2008", "goom2016"], bibliography, "vancouver")
    assert text.splitlines()[0].startswith("1. Støren Ø") and text.splitlines()[1].startswith("2. Goom T")
    assert text.endswith("\n")
    for style in STYLE_FILES:
        assert reference_list([], bibliography, style) == []
        assert reference_list_text([], bibliography, style) == ""


def test_unknown_style_and_key_are_refused() -> None:
    bibliography = load_bibliography(BIB)
    with pytest.raises(ValueError, match="unknown citation style"):
        reference_list(["storen2008"], bibliography, "chicago")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="nosuch2000"):
        reference_list(["nosuch2000"], bibliography, "apa")


def test_works_by_the_same_authors_in_the_same_year_get_year_suffixes_in_title_order() -> None:
    """citeproc-py does not add year suffixes (2024a, 2024b) itself: the list passes them in the order the list is
    sorted in (by title), and the app's labels use the same letters."""
    bibliography = load_bibliography(BIB)
    listed = reference_list(["llanoslagos2024b", "llanoslagos2024a", "storen2008"], bibliography, "apa")
    assert [entry.split("). ")[0][-6:] for entry in listed[:2]] == ["(2024a", "(2024b"]
    assert "programs" in listed[0] and "methods" in listed[1]  # "Effect of ... programs" before "The effect ..."
    assert "(2008)." in listed[2]  # a unique author-year gets no letter
    assert bibliography.label("llanoslagos2024a") == "Llanos-Lagos et al. 2024a"
    assert bibliography.label("llanoslagos2024b") == "Llanos-Lagos et al. 2024b"
    assert "(2024)." in reference_list(["llanoslagos2024a"], bibliography, "apa")[0]  # alone in a list: no letter
    refs = bibliography.references.values()
    labels = [bibliography.label(r.key) for r in refs]
    assert len(labels) == len(set(labels))  # every work is told apart from the others


# --- The shipped styles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", sorted(STYLE_FILES))
def test_styles_load_validated_and_the_licence_names_their_authors(style: str, monkeypatch) -> None:
    from evidence.outputs import references

    monkeypatch.setattr(references, "_VALIDATED", set())
    load_style(style)  # type: ignore[arg-type]  # the process's first load: checked against the CSL schema
    assert references._VALIDATED == {style}
    info = ET.parse(STYLES_DIR / STYLE_FILES[style]).getroot().find(f"{CSL}info")
    licence = (STYLES_DIR / "LICENSE.md").read_text(encoding="utf-8")
    assert "by-sa/3.0" in info.find(f"{CSL}rights").get("license")
    assert "CC BY-SA 3.0" in licence and "citation-style-language/styles" in licence
    for person in info.findall(f"{CSL}author") + info.findall(f"{CSL}contributor"):
        assert person.find(f"{CSL}name").text.strip() in licence
    assert info.find(f"{CSL}title").text in licence


def test_apa_style_is_the_7th_edition() -> None:
    info = ET.parse(STYLES_DIR / "apa.csl").getroot().find(f"{CSL}info")
    assert info.find(f"{CSL}title").text == "American Psychological Association 7th edition"


def test_styles_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "evidence.outputs.styles" in config["tool"]["setuptools"]["packages"]
    patterns = config["tool"]["setuptools"]["package-data"]["evidence.outputs.styles"]
    assert "*.csl" in patterns and "LICENSE.md" in patterns


# --- Sentence case in the reference lists ------------------------------------------------------------------------


def test_sentence_case_keeps_acronyms_names_and_the_first_word_after_a_colon() -> None:
    from evidence.outputs.references import sentence_case

    assert sentence_case("Maximal Strength Training Improves Running Economy") == (
        "Maximal strength training improves running economy"
    )
    assert sentence_case("Effects of Training on VO2max and the ACL: A Review of RCTs") == (
        "Effects of training on VO2max and the ACL: A review of RCTs"
    )
    assert sentence_case("Strength Training for Middle- And Long-Distance Performance: A Meta-Analysis") == (
        "Strength training for middle- and long-distance performance: A meta-analysis"
    )
    assert sentence_case("Do Programs Reduce Injury in Runners? A Systematic Review") == (
        "Do programs reduce injury in runners? A systematic review"
    )
    assert sentence_case("The LIFTMOR Trial of McDonald") == "The LIFTMOR trial of McDonald"  # inner capitals kept
    assert sentence_case("Injuries in Runners of the New York City Marathon") == (
        "Injuries in runners of the New York City Marathon"
    )
    assert sentence_case("runners' Knee in Støren's Trial", keep=("Støren",)) == "Runners' knee in Støren's trial"
    assert sentence_case("") == ""


def _braced_groups(bib_text: str) -> list[str]:
    """The {protected} parts of every title in a BibTeX text: what its author marked to keep as written."""
    groups = []
    for line in bib_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("title") and "=" in stripped:
            value = stripped.split("=", 1)[1].strip().rstrip(",")[1:-1]
            groups += re.findall(r"\{([^{}]+)\}", value)
    return groups


def test_every_title_in_references_bib_keeps_its_acronyms_and_names_in_sentence_case() -> None:
    """Each of the titles: no acronym lowercased, every name of the keep-list and every {protected} part as
    written, every other word after the first (and after a colon or question mark) in lower case."""
    from evidence.outputs.references import KEEP_CAPITALS, sentence_case

    bib_text = BIB.read_text(encoding="utf-8")
    protected = _braced_groups(bib_text)
    assert {"ACL", "VO2", "New York City", "Nordic", "LIFTMOR"} <= set(protected)
    bibliography = load_bibliography(BIB)
    titles = [ref.title for ref in bibliography.references.values()]
    assert len(titles) == len(bibliography.references) > 70
    for title in titles:
        converted = sentence_case(title)
        assert converted.lower() == title.lower(), title  # only the case changes
        kept = [w for w in re.findall(r"[^\W\d_][\w'’]*", title) if any(c.isupper() for c in w[1:])
                or (w[0].isupper() and any(c.isdigit() for c in w))]  # fmt: skip
        for word in kept:  # ACL, VO2, MHC, RCT, LIFTMOR: never lowercased
            assert re.search(rf"\b{re.escape(word)}\b", converted), (title, word)
        for group in protected:
            if group.lower() in title.lower():
                assert group in converted, (title, group)
        for name in KEEP_CAPITALS:
            if name.lower() in title.lower():
                assert name in converted, (title, name)
        named = " ".join(n for n in KEEP_CAPITALS if n.lower() in title.lower())
        for part in re.split(r"[:?]\s", converted):
            words = re.findall(r"[^\W\d_][\w'’]*", part)
            for word in words[1:]:
                if word[0].isupper() and word not in kept and word not in named:
                    raise AssertionError(f"{word!r} keeps a capital in {converted!r}")
    apa = reference_list(list(bibliography.references), bibliography, "apa")
    assert any("VO2 kinetics" in e for e in apa) and any("post-operative ACL reconstructed knee" in e for e in apa)
    assert any("runners of the New York City Marathon" in e for e in apa)


def test_bibtex_export_keeps_the_titles_as_stored() -> None:
    from evidence.outputs.references import bibtex

    text = bibtex(["toresdahl2020", "storen2008"], BIB.read_text(encoding="utf-8"))
    assert "{New York City}" in text and "Maximal Strength Training Improves Running Economy" in text
