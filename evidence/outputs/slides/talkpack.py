"""The talk pack: a ZIP of a talk's slide cards, the briefs of its outcomes, its BibTeX and APA list, and a README.
The same talk gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence

from evidence.data.load import Dataset
from evidence.outputs import references as export
from evidence.outputs.slides.cards import card_for
from evidence.outputs.slides.texts import claim_row, evidence_keys, guide_section, headline_item, slide_card_texts
from evidence.views import present
from evidence.views.guide import section_studies

_ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so the same talk gives the same bytes


def _zip_write(archive: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def slide_keys(slide_id: str, dataset: Dataset) -> list[str]:
    """The works behind one slide: a claim's evidence, the works a guide question's chart draws, a headline's work."""
    kind = present.slide_kind(slide_id)
    if kind == "guide":
        return section_studies(guide_section(present.guide_key(slide_id)), dataset.results)
    if kind == "headline":
        result = present.headline_result(slide_id)
        return list(dataset.results.loc[dataset.results["result_id"] == result, "study_key"])
    return evidence_keys(slide_id, dataset)


def check_slide(slide_id: str, dataset: Dataset) -> None:
    """Raise KeyError for a slide id the dataset does not have."""
    kind = present.slide_kind(slide_id)
    if kind == "guide":
        guide_section(present.guide_key(slide_id))
    elif kind == "headline":
        headline_item(slide_id, dataset)
    else:
        claim_row(slide_id, dataset)


def talk_keys(claim_ids: Iterable[str], dataset: Dataset) -> list[str]:
    """Every work behind the slides, each once, in the order of the slides."""
    return list(dict.fromkeys(key for slide_id in claim_ids for key in slide_keys(slide_id, dataset)))


def talk_readme(
    claim_ids: Sequence[str], dataset: Dataset, link_for: Callable[[str], str], briefs: Iterable[str] = ()
) -> str:
    """README.txt of a talk pack: what the files are, and each claim with its verdict, certainty and link."""
    briefs = list(briefs)
    lines = [
        "Runner Strength Evidence Explorer: talk pack",
        "",
        "cards/               one slide card (1920x1080 PNG) per slide, in the order of the talk",
        *(["briefs/              a one-page brief (PDF) per outcome of these claims"] if briefs else []),
        "references.bib       the works behind these slides (BibTeX)",
        "references-apa.txt   the same works as an APA 7 reference list",
        "",
        "Slides",
        "",
    ]
    for number, claim_id in enumerate(claim_ids, start=1):
        texts = slide_card_texts(claim_id, dataset)
        said = f"{texts.verdict_label}. {texts.certainty}." + (f" {texts.cited_label}." if texts.cited_label else "")
        lines += [
            f"{number}. {claim_id}: {texts.quote}",
            f"   {said}",
            f"   Card: cards/{claim_id}.png",
            f"   Link: {link_for(claim_id)}",
            "",
        ]
    if briefs:
        lines += ["Briefs", "", *(f"briefs/{outcome}.pdf" for outcome in briefs), ""]
    return "\n".join(lines)


def talk_pack(
    claim_ids: Sequence[str],
    dataset: Dataset,
    link_for: Callable[[str], str],
    *,
    cards: Mapping[str, bytes] | None = None,
    briefs: Mapping[str, bytes] | None = None,
) -> bytes:
    """A ZIP for a talk: ``cards/<slide id>.png`` per slide (a claim, a guide question or a headline; its link
    from ``link_for``), ``briefs/<outcome>.pdf``
    for the briefs given, ``references.bib`` and ``references-apa.txt`` of every work behind the claims, and
    ``README.txt`` listing claims, verdicts, links and briefs.

    ``cards`` holds cards already drawn (by claim id); the others are drawn here. Claims repeated in ``claim_ids``
    are packed once. Raises KeyError for an unknown claim id, and :class:`SlideError` as :func:`slide_card` does.
    """
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise ValueError("a talk pack needs at least one claim")
    for claim_id in ids:
        check_slide(claim_id, dataset)  # unknown ids fail before any drawing
    cards = dict(cards or {})
    briefs = dict(briefs or {})
    keys = talk_keys(ids, dataset)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for claim_id in ids:
            card = cards.get(claim_id) or card_for(claim_id, dataset, link_for(claim_id))
            _zip_write(archive, f"cards/{claim_id}.png", card)
        for outcome, pdf in briefs.items():
            _zip_write(archive, f"briefs/{outcome}.pdf", pdf)
        _zip_write(archive, "references.bib", export.bibtex(keys, dataset.bib_text))
        _zip_write(archive, "references-apa.txt", export.reference_list_text(keys, dataset.bibliography, "apa"))
        _zip_write(archive, "README.txt", talk_readme(ids, dataset, link_for, briefs))
    return buffer.getvalue()
