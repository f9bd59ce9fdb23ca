"""The one-page brief's download button, used by Studies and Present (kept apart from the light shared widgets:
drawing a brief needs fpdf2 and the statistics, which the other pages never import)."""

from __future__ import annotations

import streamlit as st

from evidence.data.load import Dataset
from evidence.data.vocabulary import OUTCOME_NAMES
from evidence.outputs import briefs
from evidence.ui import downloads, state


def brief_button(dataset: Dataset, outcome: str, key: str, label: str | None = None) -> None:
    """The one-page PDF brief on an outcome, drawn when clicked, with a QR code back to its studies."""
    link = state.page_url("studies", briefs.live_view_params(outcome))
    st.download_button(
        label or f"One-page brief on {OUTCOME_NAMES[outcome]} (PDF)",
        lambda: downloads.brief_pdf(outcome, dataset.fingerprint, link, dataset),
        f"brief-{outcome.replace('_', '-')}.pdf",
        "application/pdf",
        key=key,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="What the posts claim about this outcome, our verdicts, the training that showed a benefit, caveats "
        "and references, on one A4 page with a QR code back to these studies.",
    )
