"""Bring your own studies: a CSV in the studies template or a BibTeX file, checked with the same rules as the
curated data, kept for the reader's session only. Nothing uploaded is ever written to ``data/``."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from evidence.data.bibliography import Reference, parse_bibliography
from evidence.data.vocabulary import split_list

MAX_BYTES = 1_000_000  # 1 MB
ACCEPTED = ("csv", "bib")


@dataclass
class Upload:
    """What a file gave: studies (CSV) or references (BibTeX), and every problem, each with where and what to fix."""

    name: str
    studies: pd.DataFrame | None = None
    references: dict[str, Reference] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def template_frame() -> pd.DataFrame:
    """The studies template: the columns of data/studies.csv and one example row to overwrite (written as CSV by
    ``evidence.outputs.csv_export.template_csv``)."""
    from evidence.data.schema import StudySchema, describe_columns  # pandera: only when the template is made

    columns = [name for name, *_ in describe_columns(StudySchema)]
    example = {
        "key": "surname2024",
        "status": "found",
        "design": "rct",
        "n": "24",
        "sex": "mixed",
        "training_level": "recreational",
        "age_mean": "35",
        "age_band": "adult",
        "population": "24 recreational runners",
        "intervention_type": "heavy_strength",
        "sessions_per_week": "2",
        "weeks": "8",
        "comparator": "running only",
        "outcomes": "running_economy;time_trial",
        "finding": "null",
        "summary": "What was done and found, in your words.",
        "source_url": "https://pubmed.ncbi.nlm.nih.gov/",
        "note": "",
    }
    return pd.DataFrame([example], columns=columns, dtype=object)


def read_upload(name: str, content: bytes, taken_keys: set[str]) -> Upload:
    """Check an uploaded file. Never raises: every problem becomes a sentence with its place and the fix."""
    upload = Upload(name=name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED:
        upload.problems.append(f"{name}: only .csv (the studies template) and .bib (BibTeX) files can be read.")
        return upload
    if len(content) > MAX_BYTES:
        upload.problems.append(f"{name}: the file is {len(content):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB).")
        return upload
    if not content.strip():
        upload.problems.append(f"{name}: the file is empty.")
        return upload
    if b"\x00" in content:
        upload.problems.append(f"{name}: this is not a text file (it contains binary data).")
        return upload
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        upload.problems.append(
            f"{name}: byte {error.start + 1} is not UTF-8 text. Save the file as UTF-8 (in a spreadsheet: "
            "'CSV UTF-8') and upload it again."
        )
        return upload
    if extension == "csv":
        _read_csv(upload, text, taken_keys)
    else:
        _read_bib(upload, text, taken_keys)
    return upload


def _read_csv(upload: Upload, text: str, taken_keys: set[str]) -> None:

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        upload.problems.append(f"{upload.name}: not a readable CSV file ({error}).")
        return
    from evidence.data.validate import Report, schema_problems  # pandera: only when a reader uploads

    report = Report()
    validated = schema_problems(report, "studies.csv", frame)
    for problem in report.problems:
        where = f"{upload.name}, line {problem.row}" if problem.row else upload.name
        column = f", column '{problem.column}'" if problem.column else ""
        value = f" (value {problem.value!r})" if problem.value else ""
        upload.problems.append(f"{where}{column}{value}: {problem.rule}.")
    if validated is None:
        return
    for index, key in validated["key"].items():
        if key in taken_keys:
            upload.problems.append(
                f"{upload.name}, line {int(index) + 2}, column 'key' (value {key!r}): the dataset already has this "
                "key; give your study another one."
            )
    for index, row in validated.iterrows():
        if any(str(v).startswith(("=", "+", "@")) for v in row.dropna()):
            upload.problems.append(
                f"{upload.name}, line {int(index) + 2}: a cell starts with '=', '+' or '@' (a spreadsheet formula); "
                "remove it."
            )
    if not upload.problems:
        upload.studies = validated


def _read_bib(upload: Upload, text: str, taken_keys: set[str]) -> None:
    bibliography = parse_bibliography(text)
    for problem in bibliography.problems:
        key = f" (entry '{problem.key}')" if problem.key else ""
        upload.problems.append(f"{upload.name}, line {problem.line}{key}: {problem.message}.")
    if not bibliography.references and not bibliography.problems:
        upload.problems.append(f"{upload.name}: no BibTeX entry was found (entries start with @article{{key, ...}}).")
    for key, ref in bibliography.references.items():
        if key in taken_keys:
            upload.problems.append(f"{upload.name}, line {ref.line} (entry '{key}'): the dataset already has this key.")
    if not upload.problems:
        upload.references = bibliography.references


def references_table(references: dict[str, Reference]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Key": r.key, "Reference": r.label, "Title": r.title, "Journal": r.journal, "DOI": r.doi}
            for r in references.values()
        ]
    )


def as_studies(frame: pd.DataFrame) -> pd.DataFrame:
    """Uploaded rows with the derived columns the curated studies have, marked as the reader's own."""

    studies = frame.copy()
    studies["label"] = studies["key"] + " (yours)"
    studies["title"] = ""
    studies["authors"] = ""
    studies["year"] = pd.array(
        [int(y) if y else None for y in studies["key"].str.extract(r"(\d{4})")[0].fillna("")], dtype="Int64"
    )
    studies["journal"] = ""
    studies["doi"] = ""
    studies["cited_by"] = [[] for _ in range(len(studies))]
    studies["is_cited"] = False
    studies["outcome_list"] = studies["outcomes"].map(split_list)
    for column in ("n", "sessions_per_week", "weeks", "age_mean"):
        studies[column] = pd.to_numeric(studies[column])
    return studies


