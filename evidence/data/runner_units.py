"""The numbers behind the runner-units illustration (``data/runner_units.csv``): how much strength training changed
running economy in a pooled review, and how a change in economy translates into a change in speed.

Each row is a number read in a paper's abstract or full text, with its source, locator and address. The file is
optional: a dataset without it simply has no illustration. ``check`` lists its problems for the validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

FILE = "runner_units.csv"
COLUMNS = ["quantity", "value", "unit", "source", "result_id", "locator", "source_url", "note"]
#: Every quantity the illustration needs, with its unit.
QUANTITIES = {
    "economy_gain": "%",
    "economy_gain_limit": "%",
    "crossover_speed": "m/s",
    "example_speed": "m/s",
    "example_economy_gain": "%",
    "example_speed_gain": "%",
}


@dataclass(frozen=True)
class Source:
    key: str
    locator: str
    url: str


@dataclass(frozen=True)
class RunnerUnits:
    """The read numbers, by quantity, and where each was read."""

    values: dict[str, float]
    sources: dict[str, Source]

    def source_keys(self) -> list[str]:
        return list(dict.fromkeys(source.key for source in self.sources.values()))


def from_frame(frame: pd.DataFrame | None) -> RunnerUnits | None:
    """The illustration's numbers from a validated runner_units.csv frame; None without one."""
    if frame is None or check_frame(frame, None, None):
        return None
    values = {row["quantity"]: float(row["value"]) for _, row in frame.iterrows()}
    sources = {
        row["quantity"]: Source(row["source"], row["locator"], row["source_url"]) for _, row in frame.iterrows()
    }
    return RunnerUnits(values, sources)


def read(folder: Path) -> RunnerUnits | None:
    """The illustration's numbers, or None when the folder has no usable runner_units.csv."""
    path = Path(folder) / FILE
    if not path.exists():
        return None
    return from_frame(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))


def check_frame(frame: pd.DataFrame, bib_keys: set[str] | None, results: pd.DataFrame | None) -> list[tuple]:
    """Problems as (line, column, value, message); ``bib_keys``/``results`` None skip the cross-file rules."""
    problems: list[tuple] = []
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [(None, ", ".join(missing), "", "missing column(s)")]
    seen = set(frame["quantity"])
    for quantity in QUANTITIES:
        if quantity not in seen:
            problems.append((None, "quantity", quantity, "required quantity is missing"))
    printed = {} if results is None else dict(zip(results["result_id"], results["value"], strict=True))
    for i, row in frame.iterrows():
        line = int(i) + 2
        quantity, unit = row["quantity"], row["unit"]
        if quantity not in QUANTITIES:
            problems.append((line, "quantity", quantity, f"not one of {', '.join(QUANTITIES)}"))
        elif unit != QUANTITIES[quantity]:
            problems.append((line, "unit", unit, f"must be '{QUANTITIES[quantity]}' for {quantity}"))
        try:
            value = float(row["value"])
        except ValueError:
            problems.append((line, "value", row["value"], "not a number"))
            continue
        if not value > 0:
            problems.append((line, "value", row["value"], "must be a positive number (the size of the change)"))
        if not re.match(r"https?://", row["source_url"]):
            problems.append((line, "source_url", row["source_url"], "must be the address the number was read at"))
        if not row["locator"].strip():
            problems.append((line, "locator", "", "say where the number stands (abstract, table 2, ...)"))
        if bib_keys is not None and row["source"] not in bib_keys:
            problems.append((line, "source", row["source"], "no entry with this key in references.bib"))
        if results is not None and row["result_id"]:
            if row["result_id"] not in printed:
                problems.append((line, "result_id", row["result_id"], "no result with this id in results.csv"))
            elif quantity == "economy_gain" and abs(abs(float(printed[row["result_id"]])) - value) > 1e-9:
                given = printed[row["result_id"]]
                problems.append((line, "value", row["value"], f"differs from {row['result_id']} ({given})"))
    return problems
