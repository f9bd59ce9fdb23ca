"""The package's layers, as docs/architecture.md draws them: what may import what, enforced on the source.

ui -> outputs -> views -> stats -> data: a module imports only from its own layer and the layers below it.
Streamlit is imported only by the ui layer, app.py and the pages; plotly not by data or stats. No module imports
a private name (one starting with '_') of another module, and the module import graph has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "evidence"
#: Each layer and the layers it may import from (its own included).
ALLOWED: dict[str, set[str]] = {
    "data": {"data"},
    "stats": {"data", "stats"},
    "views": {"data", "stats", "views"},
    "outputs": {"data", "stats", "views", "outputs"},
    "ui": {"data", "stats", "views", "outputs", "ui"},
}
FORBIDDEN_LIBRARIES: dict[str, set[str]] = {
    "data": {"streamlit", "plotly"},
    "stats": {"streamlit", "plotly"},
    "views": {"streamlit"},
    "outputs": {"streamlit"},
    "ui": set(),
}
MAX_MODULE_LINES = 750
MAX_PAGE_LINES = 80


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import in a file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            submodules = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in MODULES]
            if submodules:
                found.extend((module, [], node.lineno) for module in submodules)
                names = [n for n in names if f"{node.module}.{n}" not in MODULES]
            found.append((node.module, names, node.lineno))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "evidence" and parts[1] in ALLOWED else None


def test_every_module_of_the_package_sits_in_a_layer() -> None:
    outside = [m for m in MODULES if m != "evidence" and _layer(m) is None]
    assert not outside, f"modules outside the layers data/stats/views/outputs/ui: {outside}"


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m)])
def test_a_module_imports_only_its_layer_and_those_below(module: str) -> None:
    layer = _layer(module)
    wrong = []
    for imported, _, line in _imports(MODULES[module]):
        target = _layer(imported)
        if target is not None and target not in ALLOWED[layer]:
            wrong.append(f"line {line}: {imported} ({target} layer)")
        if imported.split(".")[0] in FORBIDDEN_LIBRARIES[layer]:
            wrong.append(f"line {line}: {imported} (not in the {layer} layer)")
    assert not wrong, f"{module} ({layer} layer) imports: {wrong}"


def test_streamlit_is_imported_only_by_the_ui_layer_app_and_pages() -> None:
    importers = []
    for path in sorted(ROOT.glob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + list(MODULES.values()):
        for imported, _, line in _imports(path):
            if imported.split(".")[0] == "streamlit":
                importers.append((path.relative_to(ROOT).as_posix(), line))
    outside = [(f, line) for f, line in importers if not (f == "app.py" or f.startswith(("pages/", "evidence/ui/")))]
    assert not outside, f"Streamlit imported outside ui, app.py and pages: {outside}"
    assert any(f.startswith("evidence/ui/") for f, _ in importers)  # the rule is checked against real imports


def test_no_module_imports_a_private_name_of_another() -> None:
    private = []
    for path in [*MODULES.values(), ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for imported, names, line in _imports(path):
            if imported.startswith("evidence"):
                private.extend(f"{path.relative_to(ROOT)}:{line} {imported}.{n}" for n in names if n.startswith("_"))
    assert not private, private


def test_the_import_graph_has_no_cycle() -> None:
    graph = {
        module: {imported for imported, _, _ in _imports(path) if imported in MODULES and imported != module}
        for module, path in MODULES.items()
    }
    # a package's __init__ importing its own submodules is not a cycle of the layers
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}
    seen: dict[str, int] = {}  # 1 visiting, 2 done
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        seen[module] = 1
        for target in sorted(graph[module]):
            if seen.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [module, target])
            elif target not in seen:
                visit(target, [*trail, target])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
    assert not cycles, f"import cycles: {cycles}"


def test_the_checks_see_a_violation_when_there_is_one(tmp_path: Path) -> None:
    """The walker finds imports at any depth (inside functions too), so a hidden import cannot slip through."""
    source = tmp_path / "sample.py"
    source.write_text("def f():\n    import streamlit as st\n    from evidence.ui.cache import _x\n", encoding="utf-8")
    found = _imports(source)
    assert ("streamlit", [], 2) in found and ("evidence.ui.cache", ["_x"], 3) in found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_the_size_limit(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines (limit {MAX_MODULE_LINES}): split it by concept"


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_pages_are_thin(page: str) -> None:
    lines = len((ROOT / "pages" / page).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_PAGE_LINES, f"pages/{page} has {lines} lines (limit {MAX_PAGE_LINES}): move logic to evidence/"
