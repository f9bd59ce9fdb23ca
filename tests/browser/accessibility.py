"""axe-core in the app's pages: inject the npm package's script (tests/browser/axe, installed by `make test`), run
the WCAG 2.0/2.1 A and AA rules, and split what it finds into what the app causes and what Streamlit itself draws
(listed, with the reason, in tests/browser/axe/streamlit-exceptions.toml).

A missing axe-core fails the tests; it never skips them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
EXCEPTIONS_FILE = AXE_DIR / "streamlit-exceptions.toml"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass(frozen=True)
class Exception_:
    """A violation Streamlit draws that the app cannot change: its rule, the element (a CSS selector the
    offending node matches) and why."""

    rule: str
    selector: str
    why: str


def load_exceptions(path: Path = EXCEPTIONS_FILE) -> list[Exception_]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["exception"]
    return [Exception_(e["rule"], e["selector"], e["why"].strip()) for e in entries]


def axe_script() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: `make test` installs it (npm ci in {AXE_DIR})")
    return AXE_SCRIPT.read_text(encoding="utf-8")


# Runs axe on the document and marks each failing node with the listed exceptions it matches (by rule and by the
# element matching the listed selector), so the split happens on the live elements, not on generated selectors.
_RUN = """async ([tags, exceptions]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      let element = null;
      try { element = document.querySelector(n.target[n.target.length - 1]); } catch (e) { element = null; }
      const excused = exceptions
        .map((x, i) => [x, i])
        .filter(([x]) => x.rule === v.id && element !== null && element.matches(x.selector))
        .map(([, i]) => i);
      return {target: n.target.join(' > '), html: n.html.slice(0, 200), summary: n.failureSummary, excused};
    }),
  }));
}"""


@dataclass
class AxeReport:
    """What axe found on the pages checked so far: the app's violations, and which listed exceptions occurred."""

    exceptions: list[Exception_]
    app_caused: list[str] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    checked: list[str] = field(default_factory=list)

    def check(self, page, where: str) -> None:
        """Run axe on the page as it is now; `where` names it in the report (page, width, theme)."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_script())
        listed = [{"rule": x.rule, "selector": x.selector} for x in self.exceptions]
        violations = page.evaluate(_RUN, [WCAG_TAGS, listed])
        self.checked.append(where)
        for violation in violations:
            for node in violation["nodes"]:
                if node["excused"]:
                    self.seen.update(node["excused"])
                    continue
                self.app_caused.append(
                    f"{where}: {violation['id']} ({violation['impact']}: {violation['help']}) at {node['target']}\n"
                    f"    {node['html']}\n    {node['summary']}"
                )

    def assert_clean(self) -> None:
        """No violation the app causes, and every listed Streamlit exception still occurs (a fixed one is
        noticed and removed from the list)."""
        assert self.checked, "axe checked no page"
        assert not self.app_caused, "axe found violations the app causes:\n" + "\n".join(self.app_caused)
        gone = [f"{x.rule} at {x.selector}" for i, x in enumerate(self.exceptions) if i not in self.seen]
        assert not gone, (
            "listed Streamlit exceptions no longer occur on " + ", ".join(self.checked[:3]) + "...; remove them from "
            f"{EXCEPTIONS_FILE.name}: " + "; ".join(gone)
        )
