"""Why strength training matters: a guided page for runners, one question at a time."""

import streamlit as st

from evidence.outputs import slides
from evidence.ui import cache, downloads, registry, state, widgets
from evidence.ui import profile as profile_ui
from evidence.ui import reviews as reviews_ui
from evidence.views import claims, guide
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)


def _section(dataset: cache.Dataset, key: str) -> tuple:
    """A question's chart, its table twin and its text alternative, made once per dataset (None without rows)."""
    section = next(s for s in guide.SECTIONS if s.key == key)
    table = guide.section_table(section, dataset.results)
    if table.empty:
        return None
    figure = guide.section_figure(section, table)
    return figure, table.drop(columns=["result_id"]), guide.section_alt_text(section, table)


dataset = cache.get_dataset()
by_claim = dataset.claims.set_index("claim_id")
try:
    slides.browser_path()
    can_draw_cards = True
except slides.SlideError:
    can_draw_cards = False  # the page works without Chromium; only the slide cards need it

st.title("Why strength training matters")
st.markdown(
    "Five questions runners ask about lifting, answered with what the studies measured. Each answer has one "
    "chart and the verdicts on what the posts claim. Dark bars are numbers read in the paper; light, striped "
    "bars come from another paper's description; grey marks a result given without a number."
)
me = profile_ui.panel()
for section in guide.SECTIONS:
    st.header(section.question, anchor=section.key)
    st.markdown(f"**{escape_markdown(section.answer)}**")
    profile_ui.applies(dataset, section, me)
    drawn = cache.derived(dataset, _section, section.key)
    if section.chart == "doses":
        st.caption(escape_markdown(guide.dose_sentence(dataset.studies)))
    if drawn is None:
        st.info("The dataset in use has none of the results this answer draws on.")
        continue
    figure, twin, alt = drawn
    widgets.chart_with_table(
        figure, twin, f"guide_{section.key}", f"{section.key}.csv", alt=alt,
        narrow_table=section.chart in ("ratios", "doses"),  # long row names: a table on phones
    )  # fmt: skip
    if section.key == "economy":
        profile_ui.runner_units(dataset)
    if can_draw_cards:
        link = f"{state.page_url('guide')}#{section.key}"
        st.download_button(
            "Slide card of this chart (PNG)",
            lambda key=section.key, link=link: downloads.section_card_png(key, dataset.fingerprint, link, dataset),
            f"chart-{section.key}.png",
            "image/png",
            key=f"guide_card_{section.key}",
            icon=":material/image:",
            on_click="ignore",
            help="A 1920x1080 slide: the question, the answer, this chart, its sources and a QR code to this chart.",
        )
    st.page_link("pages/present.py", label="Add this question to a talk", icon=":material/co_present:",
                 query_params={"talk": f"guide-{section.key}"})  # fmt: skip
    reviews_ui.for_guide_section(dataset, section.key)
    st.markdown("**What the posts claim, and our verdicts**", help="What the evidence says, then what the post cited.")
    for claim_id in (c for c in section.claims if c in by_claim.index):
        claim = by_claim.loc[claim_id]
        st.markdown(claims.claim_line(claim, with_id=False))
        st.caption(escape_markdown(claim["runner_text"]))
    st.page_link("pages/claims.py", label="See all claims", icon=":material/fact_check:")
