"""The bibliography: parses cleanly, every key resolves, DOIs have DOI shape, real BibTeX compiles it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence.data.bibliography import load_bibliography, parse_bibliography
from evidence.data.schema import DOI_PATTERN
from tests.conftest import FIXTURE_DATA, ROOT

BIB = ROOT / "references.bib"


def test_real_bibliography_parses_without_problems() -> None:
    bibliography = load_bibliography(BIB)
    assert bibliography.problems == ()
    assert len(bibliography.references) >= 29


def test_every_doi_has_doi_shape_and_articles_have_journals() -> None:
    refs = load_bibliography(BIB).references.values()
    dois = [r.doi for r in refs if r.doi]
    assert len(dois) >= 20
    assert [d for d in dois if not re.match(DOI_PATTERN, d)] == []
    assert [r.key for r in refs if r.entry_type == "article" and not r.journal] == []


def test_known_corrections_of_the_posts_citations() -> None:
    """The posts print these wrongly; the bibliography holds the verified facts."""
    refs = load_bibliography(BIB).references
    assert refs["storen2008"].doi.lower() == "10.1249/mss.0b013e318168da2f"  # the post drops the final 'f'
    assert refs["beattie2017"].year == 2017  # the post prints 2016, the ahead-of-print year
    assert refs["marcell2014"].authors[2].startswith("Wiswell")  # the post prints 'Wiswells'


def test_labels_follow_author_count(fixture_dir: Path) -> None:
    refs = load_bibliography(FIXTURE_DATA / "references.bib").references
    assert refs["alpha2001"].label == "Alpha & Omega 2001"
    assert refs["beta2005"].label == "Beta 2005"
    assert refs["gamma2010"].label == "Gamma et al. 2010"
    assert refs["alpha2001"].authors == ("Alpha, Anna", "Omega, Olaf")


def test_an_author_list_ending_in_others_is_et_al() -> None:
    text = "@article{b2017, author = {Baltich, Jennifer and others}, title = {T}, journal = {J}, year = {2017}}"
    assert parse_bibliography(text).references["b2017"].label == "Baltich et al. 2017"
    assert load_bibliography(BIB).references["berryman2018"].label == "Berryman et al. 2018"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "@article{a2000, author={A}, title={T}, journal={J}, year={2000}}\n@article{a2000, title={U}, year={2001}}",
            "duplicate key 'a2000'",
        ),
        ("@article{a2000, author={A}, title={T} journal={J}, year={2000}}", "comma is missing"),
        ("@article{a2000, author={A}, title={T}, year={2000}}", "missing required field 'journal'"),
        ("@article{a2000, author={A}, title={T}, journal={J}, year={20x0}}", "not a four-digit number"),
        (
            "@article{a2000, author={A}, title={T}, journal={J}, year={2000}\n\n@misc{b, title={T}, year={2000}}",
            "could not be parsed",
        ),
    ],
)
def test_broken_bibtex_is_reported_not_raised(text: str, message: str) -> None:
    problems = parse_bibliography(text).problems
    assert any(message in p.message for p in problems), problems


@pytest.mark.tools
def test_real_bibtex_compiles_without_warnings(tmp_path: Path) -> None:
    bibtex = shutil.which("bibtex")
    assert bibtex, "bibtex is missing: `make test` installs it (Debian texlive-binaries)"
    shutil.copy(BIB, tmp_path / "references.bib")
    (tmp_path / "main.aux").write_text("\\citation{*}\n\\bibdata{references}\n\\bibstyle{plain}\n")
    run = subprocess.run([bibtex, "main"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = (tmp_path / "main.blg").read_text()
    assert run.returncode == 0, run.stdout + log
    assert "Warning" not in log and "error" not in log.lower(), log
    assert (tmp_path / "main.bbl").read_text().count("\\bibitem") == len(load_bibliography(BIB).references)


def test_names_are_decoded_and_corporate_authors_stay_whole() -> None:
    refs = parse_bibliography(
        "@techreport{org2008, author = {{U.S. Department of Health and Human Services}}, title = {Guidelines},"
        " institution = {HHS}, year = {2008}}\n"
        "@article{storen2008, author = {St{\\o}ren, {\\O}yvind and Hoff, Jan}, title = {T}, journal = {J},"
        " year = {2008}}"
    ).references
    assert refs["org2008"].authors == ("U.S. Department of Health and Human Services",)
    assert refs["org2008"].label == "U.S. Department of Health and Human Services 2008"
    assert refs["storen2008"].authors == ("Støren, Øyvind", "Hoff, Jan")
    assert refs["storen2008"].label == "Støren & Hoff 2008"
