"""The dataset as a Frictionless Data Package: ``data/datapackage.json``, generated from the pandera schema.

Run ``python -m evidence.data.package`` after changing the schema or ``data/dataset.toml``; a test fails when the
committed descriptor differs from the generated one, and checks that the data files validate against it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandera.pandas as pa

from evidence.data.files import data_dir, read_metadata
from evidence.data.schema import FILES

DESCRIPTOR = "datapackage.json"
#: Foreign keys between the files: (file, column) -> (file, column). Lists (';'-separated cells) are not listed.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("results.csv", "study_key"): ("studies.csv", "key"),
    ("results.csv", "printed_in"): ("studies.csv", "key"),
    ("citations.csv", "post_id"): ("posts.csv", "post_id"),
    ("citations.csv", "study_key"): ("studies.csv", "key"),
    ("claim_quotes.csv", "claim_id"): ("claims.csv", "claim_id"),
    ("claim_quotes.csv", "post_id"): ("posts.csv", "post_id"),
    ("post_sentences_not_checkable.csv", "post_id"): ("posts.csv", "post_id"),
}
_CHECK_CONSTRAINTS = {
    "isin": lambda stats: {"enum": list(stats["allowed_values"])},
    "str_matches": lambda stats: {"pattern": stats["pattern"]},
    "greater_than_or_equal_to": lambda stats: {"minimum": stats["min_value"]},
    "less_than_or_equal_to": lambda stats: {"maximum": stats["max_value"]},
}  # 'greater than' has no Data Package v1 constraint: the validator keeps enforcing it


def _field(name: str, column: pa.Column) -> dict:
    numeric = str(column.dtype).startswith(("float", "int"))
    field: dict = {"name": name, "type": "number" if numeric else "string", "description": column.description or ""}
    constraints: dict = {"required": True} if not column.nullable else {}
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        make = _CHECK_CONSTRAINTS.get(check.name or "")
        if make is not None:
            constraints.update(make(check.statistics))
    if "pattern" in constraints:  # Frictionless patterns match the whole value: no anchors
        constraints["pattern"] = constraints["pattern"].removeprefix("^").removesuffix("$")
    if constraints:
        field["constraints"] = constraints
    return field


def descriptor(folder: Path | None = None) -> dict:
    """The data package descriptor of the data folder: its metadata, and one tabular resource per curated file
    with every column's type, description and constraints taken from the pandera models."""
    folder = folder or data_dir()
    metadata = read_metadata(folder)
    resources = []
    for file_name, (schema, row) in FILES.items():
        built = schema.to_schema()
        fields = [_field(name, column) for name, column in built.columns.items()]
        table: dict = {"fields": fields, "missingValues": [""]}
        keys = [c for c, col in built.columns.items() if col.unique and not col.nullable]
        if keys:
            table["primaryKey"] = keys[0]
        foreign = [
            {"fields": column, "reference": {"resource": target.removesuffix(".csv"), "fields": target_column}}
            for (source, column), (target, target_column) in FOREIGN_KEYS.items()
            if source == file_name
        ]
        if foreign:
            table["foreignKeys"] = foreign
        resources.append(
            {
                "name": file_name.removesuffix(".csv"),
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"{(schema.__doc__ or '').strip()} ({row}).",
                "schema": table,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "runner-strength-evidence",
        "title": metadata["title"],
        "version": metadata["version"],
        "created": f"{metadata['date']}T00:00:00Z",
        "description": " ".join(metadata["inclusion"].split()),
        "licenses": [
            {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": metadata["licence"]}
        ],
        "keywords": ["strength training", "running", "evidence", "meta-analysis", "injury", "running economy"],
        "resources": resources,
    }


def descriptor_text(folder: Path | None = None) -> str:
    return json.dumps(descriptor(folder), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else data_dir()
    (folder / DESCRIPTOR).write_text(descriptor_text(folder), encoding="utf-8")
    print(f"wrote {folder / DESCRIPTOR}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
