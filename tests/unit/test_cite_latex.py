"""LaTeX decoding is skipped for text without LaTeX syntax: pylatexenc must give that text back unchanged."""

from __future__ import annotations

import bibtexparser.middlewares as mw
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.data import bibliography as cite
from evidence.data import files as data

#: Letters (accented ones too), digits, spaces and the punctuation of titles, names, notes and DOIs.
PLAIN = st.text(
    alphabet=st.sampled_from(list("abcXYZ éøüß0123456789.,;:()!?'\"/-+=@*<>|\n\t")), max_size=60
).filter(lambda text: not cite._LATEX_SYNTAX.search(text))


@settings(max_examples=400, deadline=None)
@given(PLAIN)
def test_pylatexenc_returns_plain_text_unchanged(text: str) -> None:
    bibtexparsers_decoder = mw.LatexDecodingMiddleware()._decoder
    assert bibtexparsers_decoder.latex_to_text(text) == text
    assert cite._LATEX.latex_to_text(text) == text


def test_latex_is_still_decoded() -> None:
    assert cite.latex_to_text(r"Gr{\'e}goire and {VO2} 947--954") == "Grégoire and VO2 947–954"


def test_the_bibliography_reads_the_same_as_with_every_field_decoded(monkeypatch) -> None:
    text = data.bib_path(data.data_dir()).read_text(encoding="utf-8")
    fast = cite.parse_bibliography(text)
    monkeypatch.setattr(cite, "_LATEX_SYNTAX", cite.re.compile(r""))  # matches everywhere: decode every value
    slow = cite.parse_bibliography(text)
    assert fast == slow
    assert len(fast.references) > 30
