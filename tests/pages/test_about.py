"""About & methods, through app.py: version, dates, licence, methods, works not found, how to add a study."""

from __future__ import annotations

from evidence.data.files import read_metadata
from tests.conftest import REAL_DATA, texts

PAGE = "pages/about.py"


def test_about_shows_metadata_and_methods(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert at.title[0].value == "About & methods"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Dataset version": "9.9.9", "Version date": "2001-02-03", "Literature searched": "2001-02-01"}
    shown = texts(at)
    assert "CC BY 4\\.0" in shown
    assert "Four made\\-up works with known answers" in shown
    assert "Of 5 results, **4 were read in the source itself**; 1 come from another description" in shown
    assert "**Delta 2015**: Searched by title and author\\." in shown
    assert at.code[0].value == "make validate"


def test_about_on_bundled_data_lists_works_not_found(open_real_page) -> None:
    at = open_real_page(PAGE)
    shown = texts(at)
    assert "Cited works we could not locate" in shown
    assert "CC BY 4\\.0" in shown


def test_about_shows_what_changed_in_this_version(open_fixture_page) -> None:
    at = open_fixture_page(PAGE)
    assert "What changed in version 9\\.9\\.9" in [h.value for h in at.header]
    shown = texts(at)
    assert "Four made\\-up works, with `printed_in` and `flag` columns\\." in shown  # code stays code, text escaped
    assert [e.label for e in at.expander] == ["Works added", "Verdicts"]
    assert "- alpha2001 — rct — a made\\-up trial\n- delta2015 — not found" in shown


def test_how_to_add_a_study_is_a_numbered_list_with_its_command_as_code(open_real_page) -> None:
    at = open_real_page(PAGE)
    steps = next(m.value for m in at.markdown if m.value.startswith("1. "))
    lines = steps.splitlines()
    assert [line.split(". ", 1)[0] for line in lines] == ["1", "2", "3", "4", "5"]
    assert "`make validate`" in lines[3] and "`" not in lines[0]
    version = read_metadata(REAL_DATA)["version"].replace(".", "\\.")
    assert f"What changed in version {version}" in [h.value for h in at.header]
