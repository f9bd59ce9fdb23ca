"""Slide cards (one claim, or one runners' guide chart, on a 1920x1080 PNG) and the talk pack that gathers them.

:mod:`.texts` says what a card shows, :mod:`.layout` places it, :mod:`.drawing` draws it with Pillow,
:mod:`.browser` draws a card's chart in the process's one headless Chromium, :mod:`.cards` puts them together and
:mod:`.talkpack` zips a talk. Everything is pure (no Streamlit): a page caches whole cards with ``st.cache_data``
keyed on plain values (see :mod:`evidence.ui.downloads`).
"""

from evidence.outputs.slides.browser import browser_path
from evidence.outputs.slides.cards import claim_chart, section_card, slide_card
from evidence.outputs.slides.errors import SlideError
from evidence.outputs.slides.talkpack import talk_pack

__all__ = ["SlideError", "browser_path", "claim_chart", "section_card", "slide_card", "talk_pack"]
