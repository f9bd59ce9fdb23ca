"""Uploads: every bad file gets a specific message with its place and the fix, and the parser never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.data import uploads
from evidence.outputs import csv_export

TEMPLATE = csv_export.template_csv()


def test_the_template_itself_passes() -> None:
    upload = uploads.read_upload("mine.csv", TEMPLATE.encode(), set())
    assert upload.ok and list(upload.studies["key"]) == ["surname2024"]
    studies = uploads.as_studies(upload.studies)
    assert studies.loc[0, "label"] == "surname2024 (yours)" and studies.loc[0, "year"] == 2024
    assert studies.loc[0, "outcome_list"] == ["running_economy", "time_trial"]


def _problems(name: str, content: bytes, taken: set[str] | None = None) -> list[str]:
    upload = uploads.read_upload(name, content, taken or set())
    assert upload.studies is None and not upload.references  # nothing is added from a bad file
    return upload.problems


def test_each_bad_file_gets_its_own_message() -> None:
    assert _problems("x.csv", b"") == ["x.csv: the file is empty."]
    assert _problems("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00") == [
        "x.csv: this is not a text file (it contains binary data)."
    ]
    assert _problems("x.xlsx", b"abc") == [
        "x.xlsx: only .csv (the studies template) and .bib (BibTeX) files can be read."
    ]
    big = b"a" * (uploads.MAX_BYTES + 1)
    assert _problems("x.csv", big) == [f"x.csv: the file is {len(big):,} bytes; the limit is 1,000,000 bytes (1 MB)."]
    latin = TEMPLATE.replace("24 recreational runners", "Läufer").encode("latin-1")
    assert (
        _problems("x.csv", latin)[0].startswith("x.csv: byte ")
        and "Save the file as UTF-8" in _problems("x.csv", latin)[0]
    )


def test_csv_rows_are_checked_with_the_dataset_rules() -> None:
    bad = TEMPLATE.replace(",rct,", ",randomised,").replace(",24,", ",many,")
    problems = _problems("x.csv", bad.encode())
    assert "x.csv, line 2, column 'design' (value 'randomised'): must be one of" in problems[0] or any(
        p.startswith("x.csv, line 2, column 'design'") for p in problems
    )
    assert any(p.startswith("x.csv, line 2, column 'n' (value 'many'): must be a number") for p in problems)
    assert _problems("x.csv", TEMPLATE.encode(), {"surname2024"}) == [
        "x.csv, line 2, column 'key' (value 'surname2024'): the dataset already has this key; "
        "give your study another one."
    ]
    formula = TEMPLATE.replace("What was done", "=HYPERLINK(1)")
    assert _problems("x.csv", formula.encode()) == [
        "x.csv, line 2: a cell starts with '=', '+' or '@' (a spreadsheet formula); remove it."
    ]
    missing = "key,status\nabc2020,found\n"
    assert any("required column is missing" in p for p in _problems("x.csv", missing.encode()))


def test_bibtex_problems_name_line_and_entry() -> None:
    assert _problems("x.bib", b"@article{a2000, author={A}, title={T} journal={J}, year={2000}}") == [
        "x.bib, line 1 (entry 'a2000'): field 'title' swallows the next field: a comma is missing.",
        "x.bib, line 1 (entry 'a2000'): missing required field 'journal'.",
    ]
    duplicate = b"@misc{a2000, title={T}, year={2000}}\n@misc{a2000, title={U}, year={2001}}"
    assert _problems("x.bib", duplicate) == ["x.bib, line 2 (entry 'a2000'): duplicate key 'a2000'."]
    assert _problems("x.bib", b"just some words") == [
        "x.bib: no BibTeX entry was found (entries start with @article{key, ...})."
    ]
    good = uploads.read_upload("x.bib", b"@misc{mine2021, title={My notes}, year={2021}}", set())
    assert good.ok and uploads.references_table(good.references).loc[0, "Reference"] == "Anon. 2021"


def _either_records_or_named_problems(upload: uploads.Upload, name: str) -> None:
    """An upload is exactly one of: read (records, no problem) or refused (nothing kept, every problem names the
    file); a .txt file is always refused."""
    if upload.ok:
        assert not name.endswith(".txt")
        assert upload.problems == []
        assert (upload.studies is not None and len(upload.studies) > 0) or len(upload.references) > 0
    else:
        assert upload.studies is None and not upload.references  # nothing is added from a bad file
        assert all(isinstance(p, str) and p.startswith(name) and len(p) > len(name) for p in upload.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.bib", "x.txt"]))
def test_any_bytes_give_an_upload_never_an_exception(content: bytes, name: str) -> None:
    upload = uploads.read_upload(name, content, set())
    _either_records_or_named_problems(upload, name)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_as_csv_or_bib_is_handled(text: str) -> None:
    for name in ("x.csv", "x.bib"):
        upload = uploads.read_upload(name, text.encode("utf-8"), set())
        _either_records_or_named_problems(upload, name)
