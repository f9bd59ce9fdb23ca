"""What runners and coaches read is in plain words: no internal ids, no group codes, no runner text above grade 8.

Runner texts, coach texts and the runners' page answers are checked against every post id and study key in the
data, and against the arm codes papers use ("E+S", "PLY vs CON", "ES vs E").
"""

from __future__ import annotations

import re

import pytest
import textstat

from evidence.data.load import load_dataset
from evidence.views import guide
from tests.conftest import REAL_DATA

#: Arm labels as papers print them: short capitalised codes, alone or joined by '+' or 'vs'.
GROUP_CODE = re.compile(r"\b(?:E\+S|ES|PLY|CON|CG|STG|EG|HRT|PT|RT|E)\b(?:\s*(?:vs\.?|\+)\s*[A-Z]{1,4}\b)?")


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def _reader_texts(real) -> list[tuple[str, str]]:
    texts = []
    for _, claim in real.claims.iterrows():
        texts.append((f"{claim['claim_id']} runner", str(claim["runner_text"])))
        texts.append((f"{claim['claim_id']} coach", str(claim["coach_text"])))
    texts += [(f"guide {s.key}", s.answer) for s in guide.SECTIONS]
    texts += [(f"guide {s.key} title", s.chart_title) for s in guide.SECTIONS]
    return texts


def test_no_internal_id_in_what_runners_and_coaches_read(real) -> None:
    ids = set(real.posts["post_id"]) | set(real.studies["key"])
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b")
    found = [(where, m.group(0)) for where, text in _reader_texts(real) for m in pattern.finditer(text)]
    assert not found, found


def test_no_group_code_in_what_runners_and_coaches_read(real) -> None:
    found = [(where, m.group(0)) for where, text in _reader_texts(real) for m in GROUP_CODE.finditer(text)]
    assert not found, found


def test_the_checks_catch_what_they_look_for() -> None:
    assert GROUP_CODE.search("the E+S group") and GROUP_CODE.search("PLY vs CON") and GROUP_CODE.search("ES vs E")
    assert not GROUP_CODE.search("Even Eihara said VO2max rose in Easter")


def test_runner_words_stay_at_grade_eight_or_below(real) -> None:
    grades = {cid: textstat.flesch_kincaid_grade(text) for cid, text in zip(real.claims["claim_id"],
              real.claims["runner_text"], strict=True)}  # fmt: skip
    grades |= {f"guide {s.key}": textstat.flesch_kincaid_grade(s.answer) for s in guide.SECTIONS}
    too_hard = {where: round(grade, 1) for where, grade in grades.items() if grade > 8}
    assert not too_hard, too_hard
