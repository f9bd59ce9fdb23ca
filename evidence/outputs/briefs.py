"""One-page briefs: for one outcome, what the posts claim, our verdicts and their certainty, the training that
showed a benefit, the key numbers, the caveats and the references, on one A4 page with a QR code to the live view.

:func:`outcome_brief` gathers the texts from the dataset (pure, no drawing); :func:`brief_pdf` lays them out with
fpdf2 and shrinks the type until everything fits on one page. The same inputs give the same bytes: the PDF's dates
are the dataset's date, not the time of drawing.

What "showed a benefit" means here: a training trial (randomised or controlled) that shows a benefit on this very
outcome by the project's one rule (:func:`evidence.stats.effects.shows_benefit`, which the forest plots share: a
significant result in its training arm or between its arms, not a worsening, and a main finding that is not harm).
A trial whose main finding is positive for another outcome (a faster 10 km) but that saw no change in this one
(running economy) is listed with the trials without a benefit, never left out.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import SubsetMap, TTFFont

from evidence.data.bibliography import Reference
from evidence.data.load import Dataset
from evidence.data.vocabulary import (
    CERTAINTIES,
    CITED_LABELS,
    INTERVENTION_NAMES,
    OUTCOME_NAMES,
    OUTCOMES,
    VERDICT_LABELS,
)
from evidence.outputs import references as export
from evidence.outputs.slides.drawing import qr_image
from evidence.stats.effects import NEUTRAL_OUTCOMES, shows_benefit
from evidence.views import findings
from evidence.views.claims import CERTAINTY_LABELS
from evidence.views.guide import SECTIONS
from evidence.views.style import DEJAVU_SANS, DEJAVU_SANS_BOLD, INK, MUTED, VERDICT_COLOURS, rgb, text_colour_on
from evidence.views.summaries import fmt
from evidence.views.text import capitalise

#: The runners' guide section whose answer is the bottom line of an outcome's brief.
GUIDE_SECTION_OF = {
    "running_economy": "economy",
    "injury_overall": "injuries",
    "injury_overuse": "injuries",
    "age_strength_loss": "ageing",
    "body_mass": "fears",
    "muscle_size": "fears",
}
TRIAL_DESIGNS = ("rct", "controlled_trial")
TRAINING = tuple(k for k in INTERVENTION_NAMES if k not in ("none", "not_applicable"))
MAX_KEY_NUMBERS = 5
PER_STUDY = 2


def effect_word(outcome: str) -> str:
    """'change' for outcomes where a change is neither good nor bad (stats.effects.NEUTRAL_OUTCOMES), else 'benefit'."""
    return "change" if outcome in NEUTRAL_OUTCOMES else "benefit"


MAX_CLAIM_QUOTE = 110  # characters of a quote in the claims table


class BriefError(ValueError):
    """A brief cannot be made; the message is written for a page to show as it is."""


@dataclass(frozen=True)
class ClaimLine:
    claim_id: str
    quote: str
    verdict: str  # the evidence judgment
    verdict_label: str
    cited_label: str  # what the post cited, in words
    certainty_label: str


@dataclass(frozen=True)
class Brief:
    outcome: str
    title: str
    definition: str
    bottom_line: str
    certainty: str  # the best certainty behind any claim, in words
    claims: tuple[ClaimLine, ...]
    protocol: tuple[str, ...]
    key_numbers: tuple[str, ...]
    caveats: tuple[str, ...]
    references: tuple[str, ...]  # APA 7
    short_references: tuple[str, ...]  # one line each: label, journal, volume, pages, DOI (for a long list)
    link: str
    footer: str
    date: str  # the dataset's date, YYYY-MM-DD


def brief_outcomes(dataset: Dataset) -> list[str]:
    """Outcomes with at least one claim in the posts, in vocabulary order ('other' is a catch-all, left out)."""
    claimed = set(dataset.claims["outcome"])
    return [o for o in OUTCOMES if o in claimed and o != "other"]


def _title(outcome: str) -> str:
    name = OUTCOME_NAMES[outcome]
    return capitalise(name)


def _studies_on(outcome: str, dataset: Dataset) -> pd.DataFrame:
    studies = dataset.studies
    return studies[studies["outcome_list"].map(lambda items: outcome in items)]


def _labels(frame: pd.DataFrame) -> str:
    return ", ".join(frame.sort_values(["year", "label"])["label"].astype(str))


def _span(values: pd.Series, unit: str) -> str:
    """'6 to 40 weeks (median 9)' or '3 sessions a week' from the reported values."""
    numbers = sorted(float(v) for v in values.dropna())
    low, high = fmt(numbers[0]), fmt(numbers[-1])
    if low == high:
        return f"{low} {unit}"
    return f"{low} to {high} {unit} (median {fmt(statistics.median(numbers))})"


@dataclass(frozen=True)
class Trials:
    """The training trials that measured an outcome, split by what they showed on it."""

    benefit: pd.DataFrame
    no_benefit: pd.DataFrame
    not_recorded: pd.DataFrame


def trials_on(outcome: str, dataset: Dataset) -> Trials:
    on = _studies_on(outcome, dataset)
    trials = on[on["design"].isin(TRIAL_DESIGNS) & on["intervention_type"].isin(TRAINING)]
    shown = pd.Series([shows_benefit(s, outcome, dataset.results) for _, s in trials.iterrows()],
                      index=trials.index, dtype=object)  # fmt: skip
    return Trials(
        benefit=trials[shown.map(lambda v: v is True).astype(bool)],
        no_benefit=trials[shown.map(lambda v: v is False).astype(bool)],
        not_recorded=trials[shown.map(lambda v: v is None).astype(bool)],
    )


def protocol_lines(outcome: str, trials: Trials) -> list[str]:
    """What the trials with a benefit on the outcome did: how many, which training, how long, how often."""
    benefit = trials.benefit
    name = OUTCOME_NAMES[outcome]
    if benefit.empty:
        tested = len(trials.no_benefit) + len(trials.not_recorded)
        if not tested:
            return [f"No training trial in the dataset measured {name}."]
        return [f"None of the {tested} training trials that measured {name} shows a significant {effect_word(outcome)} "
                f"for {name} in the recorded results."]  # fmt: skip
    count = len(benefit)
    lines = [f"{count} trial{'s' if count > 1 else ''} showed a significant {effect_word(outcome)} for {name}: "
             f"{_labels(benefit)}."]  # fmt: skip
    kinds = benefit["intervention_type"].value_counts()
    lines.append("Training: " + ", ".join(f"{INTERVENTION_NAMES[k]} ({n})" for k, n in kinds.items()) + ".")
    for column, unit in (("weeks", "weeks"), ("sessions_per_week", "sessions a week")):
        reported = int(benefit[column].notna().sum())
        label = capitalise(unit)
        if reported:
            lines.append(f"{label}: {_span(benefit[column], unit)}; reported by {reported} of {count}.")
        else:
            lines.append(f"{label}: not reported by any of them.")
    return lines


def key_number_lines(outcome: str, dataset: Dataset, limit: int = MAX_KEY_NUMBERS) -> list[str]:
    """Results on the outcome that carry a number (baseline descriptions left out): pooled estimates first, then
    those with an interval, then those read in the source; at most ``PER_STUDY`` per work; each says which way it
    reads (signs differ between papers: -5% oxygen cost, +6% economy)."""
    ordered = findings.ranked_results(dataset.results, dataset.studies, outcome)
    ordered = ordered.groupby("study_key", sort=False).head(PER_STUDY)  # several works before many rows of one
    return [findings.read_sentence(row) for _, row in ordered.head(limit).iterrows()]


def caveat_lines(outcome: str, dataset: Dataset, claims: pd.DataFrame, trials: Trials) -> list[str]:
    lines = []
    name = OUTCOME_NAMES[outcome]
    if not trials.no_benefit.empty:
        lines.append(f"Training trials without a significant {effect_word(outcome)} for {name}: "
                     f"{_labels(trials.no_benefit)}.")  # fmt: skip
    if not trials.not_recorded.empty:
        lines.append(f"Measured {name}, but no result on it is recorded here: {_labels(trials.not_recorded)}.")
    best = claims.sort_values("certainty", key=lambda s: s.map(list(CERTAINTIES).index), kind="stable").iloc[0]
    lines.append(f"Why the certainty is {CERTAINTY_LABELS[best['certainty']].lower()} ({best['claim_id']}): "
                 f"{best['certainty_reasons']}.".replace("..", "."))  # fmt: skip
    results = dataset.results[dataset.results["outcome"] == outcome]
    if len(results):
        from_abstract = results["source_location"].str.lower().str.startswith("abstract").sum()
        lines.append(f"{from_abstract} of the {len(results)} recorded results on {OUTCOME_NAMES[outcome]} were read "
                     "in abstracts; full-text tables may say more.")  # fmt: skip
    else:
        lines.append(f"No result on {OUTCOME_NAMES[outcome]} is recorded in the dataset.")
    return lines


def bottom_line(outcome: str, claims: pd.DataFrame) -> str:
    key = GUIDE_SECTION_OF.get(outcome)
    section = next((s for s in SECTIONS if s.key == key), None)
    if section is not None:
        return f"{section.question} {section.answer}"
    best = claims.sort_values("certainty", key=lambda s: s.map(list(CERTAINTIES).index), kind="stable").iloc[0]
    return str(best["runner_text"])


def outcome_brief(outcome: str, dataset: Dataset, link: str) -> Brief:
    """The texts of one outcome's brief. Raises BriefError for an outcome without claims."""
    if outcome not in brief_outcomes(dataset):
        raise BriefError(f"There is no brief for '{outcome[:40]}': no claim in the posts is about it.")
    claims = dataset.claims[dataset.claims["outcome"] == outcome]
    by_certainty = claims.sort_values("certainty", key=lambda s: s.map(list(CERTAINTIES).index), kind="stable")
    lines = tuple(
        ClaimLine(
            claim_id=str(c["claim_id"]),
            quote=_clip(str(c["quote"]), MAX_CLAIM_QUOTE),
            verdict=str(c["evidence_judgment"]),
            verdict_label=VERDICT_LABELS[c["evidence_judgment"]],
            cited_label=CITED_LABELS[c["cited_judgment"]],
            certainty_label=CERTAINTY_LABELS[c["certainty"]],
        )
        for _, c in claims.iterrows()
    )
    trials = trials_on(outcome, dataset)
    keys = list(dict.fromkeys(
        [k for _, c in claims.iterrows() for k in [*c["cited_list"], *c["evidence_list"]]]
        + [k for frame in (trials.benefit, trials.no_benefit, trials.not_recorded) for k in frame["key"]]
    ))  # fmt: skip
    keys = [k for k in keys if k in dataset.bibliography.references]
    best = CERTAINTY_LABELS[by_certainty.iloc[0]["certainty"]]
    meta = dataset.metadata
    return Brief(
        outcome=outcome,
        title=_title(outcome),
        definition=OUTCOMES[outcome],
        bottom_line=bottom_line(outcome, claims),
        certainty=f"{best} at best" if len(claims) > 1 else best,
        claims=lines,
        protocol=tuple(protocol_lines(outcome, trials)),
        key_numbers=tuple(key_number_lines(outcome, dataset)),
        caveats=tuple(caveat_lines(outcome, dataset, claims, trials)),
        references=tuple(export.reference_list(keys, dataset.bibliography, "apa")),
        short_references=tuple(short_reference(dataset.bibliography.references[k]) for k in keys),
        link=link,
        footer=(
            f"Runner Strength Evidence Explorer · dataset {meta.get('version', '')} of {meta.get('date', '')} · "
            f"literature searched {meta.get('search_date', '')} · data {str(meta.get('licence', '')).split(' (')[0]}"
        ),
        date=str(meta.get("date", "2020-01-01")),
    )


def short_reference(ref: Reference) -> str:
    """'Støren et al. 2008. Medicine and Science in Sports and Exercise 40(6):1087–1092. doi:10.1249/MSS...'."""
    source = ref.journal or ref.publisher
    issue = f"({ref.number})" if ref.number else ""
    volume = f" {ref.volume}{issue}" if ref.volume else ""
    pages = f":{ref.pages}" if ref.pages else ""
    where = f"{source}{volume}{pages}".strip()
    link = f"doi:{ref.doi}" if ref.doi else ref.url
    return ". ".join(part for part in (ref.label, where, link) if part)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --- Drawing ----------------------------------------------------------------------------------------------------

FONT_FILES = {"": DEJAVU_SANS, "B": DEJAVU_SANS_BOLD}  # fpdf2's style -> file
MARGIN = 14.0  # mm
QR_MM = 32.0
RULE = (200, 200, 200)
#: Body sizes tried in turn until the brief fits on one page (points); below the last, references are cut.
BODY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)
REFERENCE_SIZE = 7.0  # the references' type is 1.5 pt under the body's, never under this
#: The ASCII a core PDF font can print, for the few characters it lacks (used only without DejaVu Sans).
_LATIN1_FALLBACK = {"−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "≥": ">=",
                    "≤": "<=", "·": "-", "±": "+/-", "×": "x", "⅓": "1/3"}  # fmt: skip


@functools.lru_cache(maxsize=4)
def _parsed_fonts(files: tuple[tuple[str, Path], ...]) -> dict[str, TTFFont]:
    """The fonts parsed once per process, by fpdf2's font key. Parsing DejaVu Sans took most of a page's layout
    time, and a brief lays its page out several times to find the largest type that fits."""
    holder = FPDF()
    for style, path in files:
        holder.add_font("DejaVu", style, str(path))
    return dict(holder.fonts)


class _RememberingFont(TTFFont):
    """A parsed font that remembers each text's width at 1 pt, per font: a brief is laid out at several sizes, and
    fpdf2's line breaking measures every growing piece of every line (summing the characters' widths again took two
    thirds of a brief's time). Gives what fpdf2's own ``get_text_width`` gives (unshaped text, not a symbol font)."""

    __slots__ = ()
    widths: dict[str, dict[str, float]] = {}  # font key -> text -> width at 1 pt
    MAX_REMEMBERED = 200_000

    def get_text_width(self, text, font_size_pt, text_shaping_params):
        if text_shaping_params or self.is_symbol:
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        known = self.widths.setdefault(self.fontkey, {})
        unit = known.get(text)
        if unit is None:
            if len(known) >= self.MAX_REMEMBERED:
                known.clear()
            unit = known[text] = sum(map(self.cw.__getitem__, map(ord, text)))
        return len(text), unit * font_size_pt * 0.001


class _Page(FPDF):
    def __init__(self, footer: str, unicode_font: bool) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer
        self.family = "DejaVu" if unicode_font else "helvetica"
        self.reference_pages: list[int] = []  # the page each reference shown ends on
        if unicode_font:
            for key, parsed in _parsed_fonts(tuple(FONT_FILES.items())).items():
                # The parsed tables, widths and glyph ids are shared (only read while drawing); what a document
                # writes (the glyphs it uses, those missing) is its own.
                face = copy.copy(parsed)
                face.i = len(self.fonts) + 1
                face.biggest_size_pt = 0
                face.missing_glyphs = []
                face.subset = SubsetMap(face)
                face.__class__ = _RememberingFont
                self.fonts[key] = face
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)

    def output(self, *args, **kwargs):
        # fpdf2 cuts a font's tables down to the glyphs used as it writes the file: this page's fonts get tables of
        # their own (a fresh lazy read of the file), never the shared parsed ones.
        for face in self.fonts.values():
            if isinstance(face, TTFFont):
                face.ttfont = ttLib.TTFont(face.ttffile, recalcTimestamp=False, lazy=True)
        return super().output(*args, **kwargs)

    def multi_cell(self, *args, align="L", **kwargs):  # ragged right: justified lines gape around long links
        return super().multi_cell(*args, align=align, **kwargs)

    def text_of(self, text: str) -> str:
        if self.family == "DejaVu":
            return text
        text = "".join(_LATIN1_FALLBACK.get(ch, ch) for ch in text)
        return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-MARGIN - 2)
        self.set_font(self.family, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.text_of(self.footer_text), align="C")


def _has_dejavu() -> bool:
    return all(path.is_file() for path in FONT_FILES.values())


def _draw(brief: Brief, body: float, max_references: int | None, short: bool = False) -> _Page:
    pdf = _Page(brief.footer, _has_dejavu())
    pdf.set_title(f"{brief.title}: one-page evidence brief")
    pdf.set_author("Runner Strength Evidence Explorer")
    pdf.set_subject(f"What popular posts claim about strength training and {OUTCOME_NAMES[brief.outcome]}, "
                    "checked against the studies")  # fmt: skip
    pdf.set_creation_date(dt.datetime.fromisoformat(brief.date).replace(tzinfo=dt.UTC))
    pdf.add_page()
    t = pdf.text_of
    width = pdf.epw
    line = body * 0.46  # mm per line at this body size

    # Header: title, what the outcome is, and the QR code with its link to the right.
    text_width = width - QR_MM - 6
    pdf.set_text_color(*MUTED)
    pdf.set_font(pdf.family, "", 8)
    pdf.cell(text_width, 4, t("STRENGTH TRAINING FOR RUNNERS · ONE-PAGE EVIDENCE BRIEF"), new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)  # fmt: skip
    pdf.set_text_color(*INK)
    pdf.set_font(pdf.family, "B", 22)
    pdf.multi_cell(text_width, 9, t(brief.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "", body)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(text_width, line, t(brief.definition), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    pdf.set_text_color(*INK)
    pdf.set_font(pdf.family, "B", body + 1)
    pdf.multi_cell(text_width, line + 0.4, t(f"Certainty of the evidence: {brief.certainty} (GRADE)"),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    header_bottom = pdf.get_y()
    qr_x = MARGIN + width - QR_MM
    pdf.image(qr_image(brief.link, 330), x=qr_x, y=MARGIN, w=QR_MM, h=QR_MM)
    pdf.set_xy(qr_x - 4, MARGIN + QR_MM + 0.5)
    pdf.set_font(pdf.family, "", 6.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(QR_MM + 4, 2.8, t("Scan for the live view"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(header_bottom, pdf.get_y()) + 2)

    # Bottom line, in runner words.
    _heading(pdf, "Bottom line", body)
    pdf.set_font(pdf.family, "", body + 0.5)
    pdf.multi_cell(width, line + 0.3, t(brief.bottom_line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # The posts' claims with both judgments: the evidence judgment in words on its colour (never colour alone), its
    # certainty, then what the post cited.
    _heading(pdf, "What the posts claim, and our verdicts", body)
    pdf.set_font(pdf.family, "", body - 0.5)
    with pdf.table(
        col_widths=(8, 44, 18, 11, 19),
        line_height=line,
        padding=(0.8, 1.2),
        first_row_as_headings=True,
        borders_layout="HORIZONTAL_LINES",
        headings_style=_heading_style(pdf),
        text_align="LEFT",
    ) as table:
        table.row([t("Claim"), t("As the post words it"), t("The evidence"), t("Certainty"), t("The post cited")])
        for claim in brief.claims:
            row = table.row()
            row.cell(claim.claim_id)
            row.cell(t(f"“{claim.quote}”"))
            colour = rgb(VERDICT_COLOURS[claim.verdict])
            row.cell(t(claim.verdict_label), style=_cell_style(pdf, colour))
            row.cell(t(claim.certainty_label))
            row.cell(t(claim.cited_label))

    _heading(pdf, f"Training that showed a {effect_word(brief.outcome)}", body)
    _bullets(pdf, brief.protocol, body, line)
    if brief.key_numbers:
        _heading(pdf, "Key numbers", body)
        _bullets(pdf, brief.key_numbers, body, line)
    _heading(pdf, "Caveats", body)
    _bullets(pdf, brief.caveats, body, line)

    references = list(brief.short_references if short else brief.references)
    shown = references if max_references is None else references[:max_references]
    _heading(pdf, f"References ({len(references)})", body)
    small = max(body - 1.5, REFERENCE_SIZE)
    pdf.set_font(pdf.family, "", small)
    for reference in shown:
        pdf.multi_cell(width, small * 0.42, t(reference), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.reference_pages.append(pdf.page_no())  # the page each reference ends on (see layout)
        pdf.ln(0.6)
    if len(shown) < len(references):
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, small * 0.42, t(f"… and {len(references) - len(shown)} more: every reference "
                       "is in the live view (scan the code) and in its BibTeX download."),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font(pdf.family, "", 7)
    pdf.set_text_color(*MUTED)
    pdf.ln(1)
    pdf.multi_cell(width, 3, t(f"Live view: {brief.link}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf


def _heading(pdf: _Page, text: str, body: float) -> None:
    pdf.ln(2.2)
    pdf.set_text_color(*INK)
    pdf.set_font(pdf.family, "B", body + 2)
    pdf.cell(0, (body + 2) * 0.5, pdf.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 0.4
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, y, MARGIN + pdf.epw, y)
    pdf.set_y(y + 1.2)


def _heading_style(pdf: _Page):
    from fpdf.fonts import FontFace

    return FontFace(family=pdf.family, emphasis="BOLD", color=INK, fill_color=(240, 240, 240))


def _cell_style(pdf: _Page, colour: tuple[int, int, int]):
    from fpdf.fonts import FontFace

    ink = text_colour_on(colour)
    return FontFace(family=pdf.family, emphasis="BOLD", color=ink, fill_color=colour)


def _bullets(pdf: _Page, lines: Sequence[str], body: float, line: float) -> None:
    pdf.set_font(pdf.family, "", body)
    pdf.set_text_color(*INK)
    for text in lines:
        x = pdf.get_x()
        pdf.cell(4, line, "•" if pdf.family == "DejaVu" else "-")
        pdf.multi_cell(pdf.epw - 4, line, pdf.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_x(x)
        pdf.ln(0.5)


@dataclass(frozen=True)
class Fit:
    body: float  # body size in points
    short: bool  # references in their one-line form
    references: int | None  # how many references are shown, None for all


def layout(brief: Brief) -> tuple[_Page, Fit]:
    """The drawn page and how it fits: the largest body size at which the brief fits one page with its APA list;
    else the one-line references; cutting the list only as a last resort (as few as possible)."""
    smallest = None
    for short in (False, True):
        # Type only shrinks along BODY_SIZES: if the smallest fits, bisect for the largest that does.
        smallest = _draw(brief, BODY_SIZES[-1], None, short)
        if smallest.page_no() > 1:
            continue
        best, low, high = len(BODY_SIZES) - 1, 0, len(BODY_SIZES) - 2
        pages = {best: smallest}
        while low <= high:
            middle = (low + high) // 2
            pages[middle] = _draw(brief, BODY_SIZES[middle], None, short)
            if pages[middle].page_no() == 1:
                best, high = middle, middle - 1
            else:
                low = middle + 1
        return pages[best], Fit(BODY_SIZES[best], short, None)
    # Cut the one-line list at the smallest size. Everything above the references is the same however many are
    # shown, so the whole list's draw says which end on the first page: no more than those can fit (the "and N
    # more" line needs room too), and the most that do is found counting down from there, a draw or two.
    body = BODY_SIZES[-1]
    assert smallest is not None
    ending_on_first = sum(1 for page in smallest.reference_pages if page == 1)
    for count in range(min(ending_on_first, len(brief.short_references) - 1), -1, -1):
        pdf = _draw(brief, body, count, True)
        if pdf.page_no() == 1:
            return pdf, Fit(body, True, count)
    raise BriefError(f"The brief on {OUTCOME_NAMES[brief.outcome]} does not fit one page.")


def brief_pdf(outcome: str, dataset: Dataset, link: str) -> bytes:
    """The one-page PDF brief of an outcome. Raises BriefError (unknown outcome) and SlideError (link too long for
    a readable QR code)."""
    pdf, _ = layout(outcome_brief(outcome, dataset, link))
    return bytes(pdf.output())


def talk_outcomes(claim_ids: Sequence[str], dataset: Dataset) -> list[str]:
    """The outcomes of a talk's claims that have a brief, each once, in the order of the claims."""
    outcome_of = dict(zip(dataset.claims["claim_id"], dataset.claims["outcome"], strict=True))
    available = set(brief_outcomes(dataset))
    return list(dict.fromkeys(outcome_of[c] for c in claim_ids if outcome_of.get(c) in available))


def live_view_params(outcome: str) -> dict[str, list[str]]:
    """The query of a brief's live view: the studies that measured the outcome."""
    return {"outcome": [outcome]}
