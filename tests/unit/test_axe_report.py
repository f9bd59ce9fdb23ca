"""How the accessibility test sorts what axe-core finds (tests/browser/accessibility.py), on hand-made axe results:
an unlisted violation fails, a listed Streamlit one is excused, and a listed one that no longer occurs fails too."""

from __future__ import annotations

import pytest

from tests.browser.accessibility import EXCEPTIONS_FILE, AxeReport, Exception_, load_exceptions

LISTED = [Exception_("list", '[data-testid="stSidebarNavItems"]', "Streamlit draws it.")]


class _Page:
    """Stands in for a Playwright page whose axe run returns the given violations (axe already loaded)."""

    def __init__(self, violations: list[dict]) -> None:
        self.violations = violations

    def evaluate(self, script: str, argument=None):
        return True if argument is None else self.violations


def _violation(rule: str, excused: list[int]) -> dict:
    node = {"target": "ul", "html": "<ul>", "summary": "Fix it", "excused": excused}
    return {"id": rule, "impact": "serious", "help": "help", "nodes": [node]}


def test_a_listed_violation_is_excused_and_counted_as_seen() -> None:
    report = AxeReport(LISTED)
    report.check(_Page([_violation("list", [0])]), "Home")
    report.assert_clean()
    assert report.seen == {0}


def test_a_violation_the_app_causes_fails() -> None:
    report = AxeReport(LISTED)
    report.check(_Page([_violation("list", [0]), _violation("color-contrast", [])]), "Home")
    with pytest.raises(AssertionError, match="color-contrast"):
        report.assert_clean()


def test_a_listed_violation_that_no_longer_occurs_fails() -> None:
    report = AxeReport(LISTED)
    report.check(_Page([]), "Home")
    with pytest.raises(AssertionError, match="no longer occur"):
        report.assert_clean()


def test_the_exceptions_file_names_rule_element_and_reason() -> None:
    exceptions = load_exceptions(EXCEPTIONS_FILE)
    assert {x.rule for x in exceptions} == {"list", "listitem"}
    assert all("stSidebarNavItems" in x.selector and "Streamlit" in x.why for x in exceptions)
