"""The Present page's widgets: the talk in the link, the talk chooser, a slide's controls, and the slide's
downloads (its card, its outcome's brief, and the talk pack, made when its download button is clicked)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from evidence.data.load import Dataset
from evidence.data.vocabulary import OUTCOME_NAMES
from evidence.outputs import briefs
from evidence.outputs.slides import browser, texts
from evidence.outputs.slides.errors import SlideError
from evidence.ui import briefs as brief_widget
from evidence.ui import downloads, state
from evidence.views import present
from evidence.views.summaries import escape_markdown


def read_talk(dataset: Dataset) -> present.Talk:
    """The talk the link describes; a notice names each part of the link that was dropped."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    talk = present.read_talk(params, present.slide_ids(dataset.claims, texts.dataset_headlines(dataset)))
    for notice in talk.notices:
        st.info(escape_markdown(notice), icon=":material/link_off:")
    return talk


def _go(claim_ids: Sequence[str], slide: int, presenting: bool) -> None:
    """Button callback: the talk lives in the link, set before the next run (so the frame sees it too)."""
    st.query_params.from_dict(present.talk_params(claim_ids, slide, presenting))


def _start() -> None:
    _go(list(st.session_state["talk_claims"]), 1, True)


def talk_chooser(dataset: Dataset, talk: present.Talk) -> list[str]:
    """The slides of the talk (claims, guide questions, home page headlines), in the order they will be shown, and
    the button that starts it; returns them."""
    headlines = texts.dataset_headlines(dataset)
    chosen = st.multiselect(
        "Slides for the talk",
        present.slide_ids(dataset.claims, headlines),
        default=list(talk.claim_ids),
        format_func=lambda slide_id: present.slide_choice(slide_id, dataset.claims, headlines),
        key="talk_claims",
        placeholder="Type a claim's id (C21), 'Guide' or 'Headline', or words from one",
        select_all=False,  # Enter adds the first match only, never every match
    )
    if st.button("Start presentation", type="primary", disabled=not chosen, key="start_talk",
                 icon=":material/slideshow:", on_click=_start):  # fmt: skip
        st.rerun(scope="app")  # the talk starts: the frame hides the navigation (a fragment rerun would not)
    return list(chosen)


@st.fragment
def talk_builder(dataset: Dataset, talk: present.Talk) -> None:
    """The talk chooser and, once claims are chosen, the talk pack: rerun alone when they change (the frame and the
    rest of the setup screen are not rerun)."""
    chosen = talk_chooser(dataset, talk)
    if chosen:  # the whole talk, ready before the talk starts
        talk_pack_buttons(dataset, chosen)


def brief_button(dataset: Dataset, outcome: str, key: str) -> None:
    """Download the one-page brief of an outcome (drawn on click, then cached for everyone)."""
    brief_widget.brief_button(dataset, outcome, key, label=f"Download the brief on {OUTCOME_NAMES[outcome]} (PDF)")


@st.fragment
def brief_chooser(dataset: Dataset) -> None:
    """An outcome, and the download of its brief (rerun alone when the outcome changes)."""
    outcome = st.selectbox("Outcome", briefs.brief_outcomes(dataset), format_func=present.outcome_choice,
                           key="brief_outcome")  # fmt: skip
    if outcome:
        brief_button(dataset, outcome, "brief_download")


def slide_controls(talk: present.Talk, position: str) -> None:
    """Previous, Next and Exit (also the arrow keys and Esc), and where the talk is."""
    ids, slide = list(talk.claim_ids), talk.slide
    buttons = st.columns([1, 1, 1, 4])
    buttons[0].button("Previous", key="slide_previous", icon=":material/arrow_back:", shortcut="Left",
                      disabled=slide == 1, on_click=_go, args=(ids, slide - 1, True))  # fmt: skip
    buttons[1].button("Next", key="slide_next", icon=":material/arrow_forward:", shortcut="Right",
                      disabled=slide == len(ids), on_click=_go, args=(ids, slide + 1, True))  # fmt: skip
    buttons[2].button("Exit", key="slide_exit", icon=":material/close:", shortcut="Esc", on_click=_go,
                      args=(ids, slide, False))  # fmt: skip
    buttons[3].caption(position)


def slide_downloads(dataset: Dataset, talk: present.Talk, slide: present.SlideView) -> None:
    """The slide's card and its outcome's brief, each drawn when clicked; the talk pack, its cards and briefs
    drawn (with a progress bar) when asked for, and zipped with its BibTeX and APA list when downloaded."""
    if slide.outcome in briefs.brief_outcomes(dataset):
        brief_button(dataset, slide.outcome, "slide_brief")
    try:
        browser.browser_path()
    except SlideError as error:
        st.error(escape_markdown(str(error)))
        return
    ids = list(talk.claim_ids)
    # Links are made here: a download's callable runs outside the page's run, without its address.
    links = present.slide_links(state.base_url(), ids)
    brief_links = {o: state.page_url("studies", briefs.live_view_params(o)) for o in briefs.talk_outcomes(ids, dataset)}
    st.download_button(
        "Download this slide card (PNG)",
        lambda: downloads.card_png(slide.claim_id, dataset.fingerprint, links[slide.claim_id], dataset),
        f"{slide.claim_id}.png",
        "image/png",
        key="slide_card",
        icon=":material/image:",
        on_click="ignore",
    )
    talk_pack_buttons(dataset, ids, links, brief_links)



def talk_pack_buttons(
    dataset: Dataset, ids: list[str], links: dict[str, str] | None = None, brief_links: dict[str, str] | None = None
) -> None:
    """Build the talk pack (its cards and briefs drawn with a progress bar), then download it (zipped with its
    BibTeX and APA list on click). Offered on the setup screen and on every slide."""
    if links is None or brief_links is None:
        try:
            browser.browser_path()
        except SlideError as error:
            st.error(escape_markdown(str(error)))
            return
        links = present.slide_links(state.base_url(), ids)
        brief_links = {
            o: state.page_url("studies", briefs.live_view_params(o)) for o in briefs.talk_outcomes(ids, dataset)
        }
    pack_key = ("talk_pack", tuple(ids), dataset.fingerprint)
    if st.button("Build the talk pack", key="build_pack", icon=":material/folder_zip:"):
        with st.status("Building the talk pack...", expanded=True) as status:
            bar = st.progress(0.0)

            def report(done: int, total: int, what: str) -> None:
                bar.progress(done / total, text=f"{what} ({done} of {total} done)")

            try:
                downloads.draw_talk(ids, dataset, links.__getitem__, brief_links.__getitem__, report)
            except SlideError as error:
                status.update(label="The talk pack could not be built", state="error")
                st.error(escape_markdown(str(error)))
            else:
                st.session_state[pack_key] = True
                status.update(label="Talk pack ready", state="complete", expanded=False)
    if st.session_state.get(pack_key):
        st.download_button(
            "Download the talk pack (ZIP)",
            lambda: downloads.talk_pack(ids, dataset, links.__getitem__, brief_links.__getitem__),  # zipped on click
            "talk-pack.zip",
            "application/zip",
            key="talk_pack",
            icon=":material/download:",
            on_click="ignore",
        )
