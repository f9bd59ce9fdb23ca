"""Every CSV the explorer offers is written by the one safe writer (``evidence.outputs.csv_export``).

The source is checked: nothing else in the app writes CSV (no ``to_csv``, no ``csv`` module writer), and every
download button that offers ``text/csv`` gets its data from the safe writer. The writer itself is tested on the
tables pages offer: formula-like cells are neutralised, numbers and lists kept as readers expect.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pandas as pd

from evidence.data.load import load_dataset
from evidence.outputs import csv_export
from evidence.views import charts, tables
from tests.conftest import FIXTURE_DATA, ROOT

WRITER = ROOT / "evidence" / "outputs" / "csv_export.py"
APP_SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "evidence").rglob("*.py"))]


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_nothing_but_the_safe_writer_writes_csv() -> None:
    writers = []
    for path in APP_SOURCES:
        if path == WRITER:
            continue
        for call in _calls(path):
            if _name(call) in ("to_csv", "writer", "DictWriter"):
                writers.append(f"{path.relative_to(ROOT)}:{call.lineno} {_name(call)}")
    assert not writers, f"CSV written outside evidence/outputs/csv_export.py: {writers}"
    assert any(_name(call) == "to_csv" for call in _calls(WRITER))  # the check looks at real calls


def _csv_buttons() -> list[tuple[str, int, str]]:
    """(file, line, source of the data argument) of every download button that offers text/csv."""
    found = []
    for path in APP_SOURCES:
        source = path.read_text(encoding="utf-8")
        for call in _calls(path):
            if _name(call) != "download_button":
                continue
            arguments = [*call.args, *(k.value for k in call.keywords)]
            mimes = [a.value for a in arguments if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if "text/csv" in mimes:
                data = call.args[1] if len(call.args) > 1 else next(k.value for k in call.keywords if k.arg == "data")
                found.append((str(path.relative_to(ROOT)), call.lineno, ast.get_source_segment(source, data) or ""))
    return found


def test_every_csv_download_button_gets_its_data_from_the_safe_writer() -> None:
    buttons = _csv_buttons()
    assert len(buttons) >= 3  # the shared chart table, the studies table, the upload template at least
    # the studies table's CSV is made in the page's view function: follow that one name to where it is made
    studies_page = (ROOT / "pages" / "studies.py").read_text(encoding="utf-8")
    made_by_writer = {"table_csv": "csv_export.safe_csv(frame)" in studies_page}
    unsafe = [
        (file, line, data)
        for file, line, data in buttons
        if "csv_export" not in data and not made_by_writer.get(data.strip(), False)
        and data.strip() not in ("template_csv",)  # imported from csv_export in evidence/ui/uploads.py
    ]
    assert not unsafe, f"CSV downloads not made by evidence.outputs.csv_export: {unsafe}"
    uploads_ui = (ROOT / "evidence" / "ui" / "uploads.py").read_text(encoding="utf-8")
    assert "from evidence.outputs.csv_export import template_csv" in uploads_ui


def test_the_writer_neutralises_formulas_in_every_table_a_page_offers() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    studies = dataset.studies.copy()
    studies.loc[0, "summary"] = "=HYPERLINK(\"http://evil\")"
    studies.loc[1, "population"] = "+1 runners"
    frames = [
        tables.studies_table(studies),
        charts.outcomes_table(studies),
        charts.timeline_table(studies),
        pd.DataFrame({"Study": ["-2+3", "@SUM(A1)", "plain"], "Value": [1.0, 20.0, -5.0]}),
    ]
    for frame in frames:
        text = csv_export.safe_csv(frame)
        read = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for column in read.columns:
            for cell in read[column]:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)
                if cell.startswith("-"):  # a negative number stays a number; text starting with '-' does not
                    float(cell)
    written = csv_export.safe_csv(frames[-1])
    assert written.splitlines() == ["Study,Value", "'-2+3,1", "'@SUM(A1),20", "plain,-5"]  # numbers as typed
