"""Validate the curated files and print a report a curator can act on.

    python -m evidence.data.validate [DATA_FOLDER]

Every problem is reported with its file, row (the line number in the file, header = line 1), column, value and
the rule it breaks. The command exits with status 1 when there is any problem, 0 otherwise.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pandera.errors

from evidence.data import runner_units
from evidence.data.bibliography import Bibliography, load_bibliography
from evidence.data.files import bib_path, data_dir, read_raw
from evidence.data.schema import (
    DOI_PATTERN,
    EMPIRICAL_DESIGNS,
    FILES,
    METADATA_KEYS,
    MIRROR_HOSTS,
    MIRROR_NOTE_WORDS,
    RATIO_MEASURES,
    split_list,
)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line in the file; None for whole-file problems
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        column = f" column '{self.column}'" if self.column else ""
        shown = f" value {value!r}" if self.value else ""
        return f"{where}{column}{shown}: {self.rule}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=lambda: Bibliography({}))
    metadata: dict = field(default_factory=dict)

    def add(self, file: str, index: int | None, column: str, value: object, rule: str) -> None:
        row = None if index is None else int(index) + 2
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        self.problems.append(Problem(file, row, column, text, rule))


def schema_problems(report: Report, name: str, frame: pd.DataFrame) -> pd.DataFrame | None:
    """Validate one raw frame with its pandera model (lazily: all failures at once)."""
    schema = FILES[name][0]
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        for _, case in errors.failure_cases.iterrows():
            column = case.get("column")
            column = "" if column is None or pd.isna(column) else str(column)
            index = case.get("index")
            index = None if index is None or pd.isna(index) else int(index)
            check = str(case.get("check"))
            value = case.get("failure_case")
            if check == "column_in_schema":
                report.add(name, None, str(value), "", "unexpected column (not in the schema)")
            elif check == "column_in_dataframe":
                report.add(name, None, str(value), "", "required column is missing")
            elif check.startswith("not_nullable"):
                report.add(name, index, column, "", "must not be empty")
            else:
                report.add(name, index, column, value, _rule_words(check))
        return None


def _rule_words(check: str) -> str:
    """Pandera's check names in words a curator reads."""
    check = re.sub(r"^isin\((.*)\)$", r"must be one of \1", check)
    check = re.sub(r"^str_matches\('(.*)'\)$", r"must match the pattern \1", check)
    check = re.sub(r"^greater_than_or_equal_to\((.*)\)$", r"must be at least \1", check)
    check = re.sub(r"^less_than_or_equal_to\((.*)\)$", r"must be at most \1", check)
    check = re.sub(r"^greater_than\((.*)\)$", r"must be more than \1", check)
    check = re.sub(r"^coerce_dtype\('float64'\)$", "must be a number", check)
    check = check.replace("field_uniqueness", "must be unique").replace("coerce_dtype", "wrong type")
    return check


def _integrity(report: Report) -> None:
    """Cross-file rules: keys resolve, no orphans, intervals contain estimates, DOIs have DOI shape."""
    f = report.frames
    studies, results = f.get("studies.csv"), f.get("results.csv")
    posts, citations = f.get("posts.csv"), f.get("citations.csv")
    refs = report.bibliography.references
    if studies is None or results is None or posts is None or citations is None:
        return
    keys = set(studies["key"])
    units = f.get(runner_units.FILE)
    illustration_keys = set() if units is None else set(units["source"])
    status = dict(zip(studies["key"], studies["status"], strict=True))
    post_ids = set(posts["post_id"])

    for i, key in studies["key"].items():
        if key not in refs:
            report.add("studies.csv", i, "key", key, "no entry with this key in references.bib")
    for key, ref in refs.items():
        if key not in keys and key not in illustration_keys:
            report.problems.append(Problem("references.bib", ref.line, "key", key, "orphan: no study uses it"))
        if ref.doi and not re.match(DOI_PATTERN, ref.doi):
            report.problems.append(Problem("references.bib", ref.line, "doi", ref.doi, "not a DOI (10.xxxx/...)"))

    for i, row in results.iterrows():
        if row["study_key"] not in keys:
            report.add("results.csv", i, "study_key", row["study_key"], "no study with this key in studies.csv")
        expected = f"{row['study_key']}-"
        if not str(row["result_id"]).startswith(expected):
            report.add("results.csv", i, "result_id", row["result_id"], f"must start with '{expected}'")
        value, low, high = row["value"], row["ci_low"], row["ci_high"]
        if pd.notna(low) != pd.notna(high):
            report.add("results.csv", i, "ci_low", low, "give both CI bounds or neither")
        if pd.notna(low) and pd.notna(high):
            if low > high:
                report.add("results.csv", i, "ci_low", low, "lower CI bound is above the upper bound")
            outside = pd.notna(value) and not (low <= value <= high)
            flagged = row.get("flag") == "ci_excludes_estimate"
            if outside and not flagged:
                report.add(
                    "results.csv", i, "value", value,
                    f"estimate outside its CI [{low}, {high}]: if printed so, flag it ci_excludes_estimate",
                )  # fmt: skip
            if flagged and not outside:
                report.add("results.csv", i, "flag", row["flag"], "flagged, but the CI contains its estimate")
            if pd.isna(value):
                report.add("results.csv", i, "value", "", "a CI is given without its estimate")
        printed_in = row.get("printed_in")
        if pd.notna(printed_in):
            if printed_in not in keys:
                report.add("results.csv", i, "printed_in", printed_in, "no study with this key in studies.csv")
            if str(row["verified"]).lower() == "true":
                report.add("results.csv", i, "verified", row["verified"], "a number printed in another work is "
                           "not read in the work's own paper: verified must be false")  # fmt: skip
        if pd.notna(row.get("flag")) and pd.isna(row["note"]):
            report.add("results.csv", i, "note", "", "a flagged number needs a note saying what is wrong")
        host = urlsplit(str(row["source_url"])).hostname or ""
        note = str(row["note"]).lower() if pd.notna(row["note"]) else ""
        if host in MIRROR_HOSTS and not any(word in note for word in MIRROR_NOTE_WORDS):
            report.add("results.csv", i, "source_url", row["source_url"], f"{host} copies papers: use the "
                       "publisher, PubMed, PMC or DOI page, or say in the note why the copy was used")  # fmt: skip
        measure = row["measure"]
        if measure == "qualitative" and pd.notna(value):
            report.add("results.csv", i, "value", value, "a qualitative result has no value")
        if measure != "qualitative" and pd.isna(value) and pd.isna(row["p_text"]) and pd.isna(row["p_value"]):
            report.add("results.csv", i, "value", "", f"a '{measure}' result needs a value (or use 'qualitative')")
        if measure in RATIO_MEASURES and pd.notna(value) and value <= 0:
            report.add("results.csv", i, "value", value, "a ratio must be above 0")
        if measure == "events" and pd.isna(row["n"]):
            report.add("results.csv", i, "n", "", "an event count needs the group size n")
        if measure == "events" and pd.notna(value) and pd.notna(row["n"]) and value > row["n"]:
            report.add("results.csv", i, "value", value, "more events than participants in the group")

    result_ids = set(results["result_id"])
    for number, headline in enumerate(report.metadata.get("headlines", []), start=1):
        if not isinstance(headline, dict) or headline.get("result") not in result_ids or not headline.get("says"):
            shown = headline.get("result", "") if isinstance(headline, dict) else str(headline)
            report.problems.append(
                Problem(
                    "dataset.toml",
                    None,
                    f"headlines[{number}]",
                    str(shown),
                    "needs a 'result' id of results.csv and 'says'",
                )
            )

    with_results = set(results["study_key"])
    for i, row in studies.iterrows():
        if row["status"] == "found" and pd.isna(row["source_url"]):
            report.add("studies.csv", i, "source_url", "", "a work that was found needs the page it was checked on")
        if row["status"] == "not_found" and row["key"] in with_results:
            report.add("studies.csv", i, "status", "not_found", "a work that was not found cannot have results")
        if row["status"] == "found" and row["design"] in EMPIRICAL_DESIGNS and row["key"] not in with_results:
            report.add("studies.csv", i, "key", row["key"], "orphan: an empirical study with no result row")

    for i, row in citations.iterrows():
        if row["post_id"] not in post_ids:
            report.add("citations.csv", i, "post_id", row["post_id"], "no post with this id in posts.csv")
        if row["study_key"] not in keys:
            report.add("citations.csv", i, "study_key", row["study_key"], "no study with this key in studies.csv")
    duplicated = citations.duplicated(["post_id", "study_key"], keep="first")
    for i in citations.index[duplicated]:
        report.add("citations.csv", i, "study_key", citations.at[i, "study_key"], "cited twice by the same post")
    claims = f.get("claims.csv")
    if claims is not None:
        cited_by_post = citations.groupby("post_id")["study_key"].apply(set).to_dict()
        for i, row in claims.iterrows():
            claim_posts = split_list(row["posts"])
            for post in claim_posts:
                if post not in post_ids:
                    report.add("claims.csv", i, "posts", post, "no post with this id in posts.csv")
            for column in ("cited_studies", "evidence_studies"):
                for key in split_list(row[column]):
                    if key not in keys:
                        report.add("claims.csv", i, column, key, "no study with this key in studies.csv")
            printed = set().union(*(cited_by_post.get(p, set()) for p in claim_posts)) if claim_posts else set()
            for key in split_list(row["cited_studies"]):
                if key in keys and key not in printed:
                    report.add("claims.csv", i, "cited_studies", key, "none of the claim's posts cites this work")
            cited = split_list(row["cited_studies"])
            judged = row["cited_judgment"]
            if judged == "no_source_cited" and cited:
                report.add("claims.csv", i, "cited_judgment", judged, "the claim lists cited studies")
            if judged != "no_source_cited" and not cited:
                report.add("claims.csv", i, "cited_judgment", judged, "no cited study: use no_source_cited")
            missing = [key for key in cited if key in keys and status.get(key) == "not_found"]
            if judged == "cited_not_found" and cited and not missing:
                report.add("claims.csv", i, "cited_judgment", judged, "every cited study was found")



def _quote_integrity(report: Report) -> None:
    """Each claim-post pair has its post's own words: every post a claim lists has a quote row, every quote row
    names a claim and one of its posts, and a claim's quote is the lead quote of its first post."""
    f = report.frames
    claims, quotes, posts = f.get("claims.csv"), f.get("claim_quotes.csv"), f.get("posts.csv")
    post_ids = set(posts["post_id"]) if posts is not None else set()
    sentences = f.get("post_sentences_not_checkable.csv")
    if sentences is not None and posts is not None:
        for i, post in sentences["post_id"].items():
            if post not in post_ids:
                report.add("post_sentences_not_checkable.csv", i, "post_id", post, "no post with this id in posts.csv")
        for i in sentences.index[sentences.duplicated(["post_id", "sentence"])]:
            report.add("post_sentences_not_checkable.csv", i, "sentence", sentences.at[i, "sentence"], "listed twice")
    if claims is None or quotes is None:
        return
    posts_of = {row["claim_id"]: split_list(row["posts"]) for _, row in claims.iterrows()}
    for i, row in quotes.iterrows():
        claim, post = row["claim_id"], row["post_id"]
        if claim not in posts_of:
            report.add("claim_quotes.csv", i, "claim_id", claim, "no claim with this id in claims.csv")
        elif post not in posts_of[claim]:
            report.add("claim_quotes.csv", i, "post_id", post, f"not one of {claim}'s posts (claims.csv, posts)")
    for i in quotes.index[quotes.duplicated(["claim_id", "post_id", "quote"])]:
        report.add("claim_quotes.csv", i, "quote", quotes.at[i, "quote"], "the same quote is listed twice")
    lead = quotes.drop_duplicates(["claim_id", "post_id"]).set_index(["claim_id", "post_id"])["quote"]
    for i, row in claims.iterrows():
        claim = row["claim_id"]
        for post in posts_of[claim]:
            if (claim, post) not in lead.index:
                report.add("claims.csv", i, "posts", post, f"no quote of {claim} for this post in claim_quotes.csv")
        first = posts_of[claim][0] if posts_of[claim] else None
        if first is not None and (claim, first) in lead.index and lead[(claim, first)] != row["quote"]:
            report.add("claims.csv", i, "quote", row["quote"], f"must be {first}'s lead quote in claim_quotes.csv "
                       "(its first row for this claim)")  # fmt: skip


def _metadata_problems(report: Report, folder: Path) -> None:
    path = folder / "dataset.toml"
    if not path.exists():
        report.problems.append(Problem("dataset.toml", None, "", "", "file is missing"))
        return
    import tomllib

    try:
        report.metadata = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        report.problems.append(Problem("dataset.toml", None, "", "", f"not valid TOML: {error}"))
        return
    for key in METADATA_KEYS:
        if not str(report.metadata.get(key, "")).strip():
            report.problems.append(Problem("dataset.toml", None, key, "", "required key is missing or empty"))
    for key in ("date", "search_date"):
        value = str(report.metadata.get(key, ""))
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            report.problems.append(Problem("dataset.toml", None, key, value, "must be a date YYYY-MM-DD"))


def validate_folder(folder: Path) -> Report:
    """Validate every curated file in ``folder`` and the bibliography; collect all problems."""

    folder = Path(folder)
    report = Report()
    for name in FILES:
        path = folder / name
        if not path.exists():
            report.problems.append(Problem(name, None, "", "", "file is missing"))
            continue
        try:
            raw = read_raw(path)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            report.problems.append(Problem(name, None, "", "", f"cannot be read as UTF-8 CSV: {error}"))
            continue
        validated = schema_problems(report, name, raw)
        if validated is not None:
            report.frames[name] = validated
    bib = bib_path(folder)
    if bib.exists():
        report.bibliography = load_bibliography(bib)
        for problem in report.bibliography.problems:
            report.problems.append(Problem("references.bib", problem.line, problem.key, "", problem.message))
    else:
        report.problems.append(Problem("references.bib", None, "", "", "file is missing"))
    _metadata_problems(report, folder)
    _runner_units(report, folder)
    _integrity(report)
    _quote_integrity(report)
    return report


def _runner_units(report: Report, folder: Path) -> None:
    """The optional runner-units file: its own rules, its sources in references.bib, its result in results.csv."""
    path = folder / runner_units.FILE
    if not path.exists():
        return
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        report.problems.append(Problem(runner_units.FILE, None, "", "", f"cannot be read as UTF-8 CSV: {error}"))
        return
    results = report.frames.get("results.csv")
    for line, column, value, rule in runner_units.check_frame(
        frame, set(report.bibliography.references), None if results is None else results.astype({"value": str})
    ):
        report.problems.append(Problem(runner_units.FILE, line, column, value, rule))
    report.frames[runner_units.FILE] = frame


def flagged_numbers(report: Report) -> list[str]:
    """Every number kept as printed although it disagrees with itself: 'results.csv:LINE result_id: flag'."""
    results = report.frames.get("results.csv")
    if results is None or "flag" not in results:
        return []
    return [
        f"results.csv:{int(i) + 2} {row['result_id']}: {row['flag']}"
        for i, row in results.iterrows()
        if pd.notna(row["flag"])
    ]


def format_report(report: Report, folder: Path) -> str:
    flagged = flagged_numbers(report)
    notes = [f"{len(flagged)} number(s) kept as printed with a flag (not problems):"] if flagged else []
    notes += [f"  {line}" for line in flagged]
    if not report.problems:
        counts = ", ".join(f"{len(frame)} rows in {name}" for name, frame in report.frames.items())
        lines = [f"{folder}: no problems ({counts}; {len(report.bibliography.references)} references)."]
        return "\n".join(lines + notes)
    lines = [f"{folder}: {len(report.problems)} problem(s)"]
    lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines + notes)


def main(argv: list[str] | None = None) -> int:

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else data_dir()
    report = validate_folder(folder)
    print(format_report(report, folder))
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
