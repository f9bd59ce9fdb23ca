"""Docs that are checked: the README lists every page and both commands; the schema describes every column."""

from __future__ import annotations

import re

import pytest

from evidence.data import schema
from evidence.ui.registry import PAGES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[p.title for p in PAGES])
def test_every_registered_page_exists_and_is_in_the_readme(page) -> None:
    assert (ROOT / page.file).exists()
    assert f"**{page.title}**" in README


def test_pages_folder_has_no_unregistered_page() -> None:
    registered = {p.file for p in PAGES}
    assert {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} == registered


def test_readme_first_screen_has_exactly_the_two_setup_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:40])
    commands = re.findall(r"^\s*(make \w+)\s*$", first_screen, flags=re.MULTILINE)
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("name", list(schema.FILES))
def test_every_schema_column_has_a_description(name) -> None:
    rows = schema.describe_columns(schema.FILES[name][0])
    assert rows and all(description.strip() for _, description, _, _ in rows)


def test_no_unsafe_html_anywhere() -> None:
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "evidence").glob("*.py")]
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text() and p.name != "test_docs.py"]
    assert offenders == []


def test_readme_performance_tables_are_those_of_the_committed_bench_run() -> None:
    """The README shows the tables of bench/results.json, a full run, with its date."""
    import json

    from bench import report

    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    assert results["quick"] is False
    assert report.tables(results, markdown=True) in README
    assert f"Run of {results['date'][:10]}" in README
