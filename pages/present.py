"""Presentation mode: choose claims for a talk, then show them one per screen in large type."""

import streamlit as st

from evidence.outputs.slides import cards
from evidence.outputs.slides import texts as slide_texts
from evidence.ui import cache, registry, widgets
from evidence.ui import present as present_ui
from evidence.views import present
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = cache.get_dataset()
talk = present_ui.read_talk(dataset)

if not talk.presenting:
    st.title("Present")
    st.markdown(
        "Choose the slides for your talk, in the order you will show them, then start: claims (each with the "
        "finding, its key number and the post's words), the runners' guide questions and the home page's headline "
        "findings. Each gets one screen in large type; move with the buttons or the arrow keys. "
        "The link in the address bar reopens the same talk at the same slide."
    )
    present_ui.talk_builder(dataset, talk)
    st.subheader("One-page briefs")
    st.markdown(
        "A printable A4 page per outcome: what the posts claim, our verdicts and their certainty, the training that "
        "showed a benefit (kind, weeks, sessions a week), key numbers, caveats and references, with a QR code to the "
        "studies behind it."
    )
    present_ui.brief_chooser(dataset)
    st.stop()

headlines = slide_texts.dataset_headlines(dataset)
slide = present.slide_view(talk, dataset.claims, dataset.studies, dataset.results, dataset.posts, headlines)
present_ui.slide_controls(talk, slide.position)
with st.container(key="slide"):  # the slide: the finding first, then the quote, the summary, the chart, sources
    st.markdown(slide.badges)
    st.markdown(f"### {slide.finding}")
    if slide.key_number:
        st.markdown(f"**{slide.key_number}**")
    words, chart = st.columns([1, 1])
    if slide.quote:
        words.markdown(f"> #### {slide.quote}\n>\n> {slide.attribution}")
    words.markdown(slide.summary)
    figure = cards.chart_for(slide.claim_id, dataset)  # the same chart as the guide page and the slide card
    if figure is not None:
        words.caption(escape_markdown("The chart: " + cards.alt_for(slide.claim_id, dataset)))
        widgets.chart_by_width(chart, present.slide_chart(figure), figure, "slide_chart")  # a phone: the guide's
    st.caption(slide.sources)

with st.expander("Slide card, brief and talk pack"):
    st.caption(
        "A 1920x1080 card for this slide, the one-page brief on its outcome, and a ZIP with every card and brief of "
        "the talk, its BibTeX and APA list."
    )
    present_ui.slide_downloads(dataset, talk, slide)
