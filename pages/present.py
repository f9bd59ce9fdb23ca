"""Presentation mode: choose claims for a talk, then show them one per screen in large type."""

from urllib.parse import urlencode

import streamlit as st

from evidence.data import filters as state
from evidence.data import load as data
from evidence.data.schema import OUTCOME_NAMES
from evidence.outputs import briefs, slides
from evidence.ui import downloads, registry
from evidence.views import claims, present
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = data.get_dataset()
by_claim = dataset.claims.set_index("claim_id")
talk = present.read_talk({k: st.query_params.get_all(k) for k in st.query_params}, list(by_claim.index))
for notice in talk.notices:
    st.info(escape_markdown(notice), icon=":material/link_off:")


def _go(claim_ids: list[str], slide: int, presenting: bool) -> None:
    """Button callback: the talk lives in the link, set before the next run (so the frame sees it too)."""
    st.query_params.from_dict(present.talk_params(claim_ids, slide, presenting))


def _start() -> None:
    _go(list(st.session_state["talk_claims"]), 1, True)


def _brief_link(outcome: str) -> str:
    return state.page_url("studies", briefs.live_view_params(outcome))


def brief_button(outcome: str, key: str) -> None:
    """Download the one-page brief of an outcome (drawn on click, then cached for everyone)."""
    name = OUTCOME_NAMES[outcome]
    link = _brief_link(outcome)
    st.download_button(
        f"Download the brief on {name} (PDF)",
        lambda: downloads.brief_pdf(outcome, dataset.fingerprint, link, dataset),
        f"brief-{outcome.replace('_', '-')}.pdf",
        "application/pdf",
        key=key,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


ids = list(talk.claim_ids)
if not talk.presenting:
    st.title("Present")
    st.markdown(
        "Choose the claims for your talk, in the order you will show them, then start. Each claim gets one screen "
        "in large type with its verdict, certainty, chart and sources; move with the buttons or the arrow keys. "
        "The link in the address bar reopens the same talk at the same slide."
    )
    chosen = st.multiselect(
        "Claims for the talk",
        list(by_claim.index),
        default=list(talk.claim_ids),
        format_func=lambda c: f"{c}: {by_claim.loc[c, 'quote'][:70]}",
        key="talk_claims",
        placeholder="Choose claims",
    )
    st.button(
        "Start presentation",
        type="primary",
        disabled=not chosen,
        key="start_talk",
        icon=":material/slideshow:",
        on_click=_start,
    )
    st.subheader("One-page briefs")
    st.markdown(
        "A printable A4 page per outcome: what the posts claim, our verdicts and their certainty, the training that "
        "showed a benefit (kind, weeks, sessions a week), key numbers, caveats and references, with a QR code to the "
        "studies behind it."
    )
    outcome = st.selectbox(
        "Outcome",
        briefs.brief_outcomes(dataset),
        format_func=lambda o: OUTCOME_NAMES[o][0].upper() + OUTCOME_NAMES[o][1:],
        key="brief_outcome",
    )
    if outcome:
        brief_button(outcome, "brief_download")
    st.stop()

buttons = st.columns([1, 1, 1, 4])
buttons[0].button("Previous", key="slide_previous", icon=":material/arrow_back:", shortcut="Left",
                  disabled=talk.slide == 1, on_click=_go, args=(ids, talk.slide - 1, True))  # fmt: skip
buttons[1].button("Next", key="slide_next", icon=":material/arrow_forward:", shortcut="Right",
                  disabled=talk.slide == len(ids), on_click=_go, args=(ids, talk.slide + 1, True))  # fmt: skip
buttons[2].button("Exit", key="slide_exit", icon=":material/close:", shortcut="Esc", on_click=_go,
                  args=(ids, talk.slide, False))  # fmt: skip
link = f"{state.base_url()}?{urlencode(present.talk_params(ids, talk.slide), doseq=True)}"
buttons[3].caption(f"Slide {talk.slide} of {len(talk.claim_ids)} · arrow keys move, Esc leaves")
claim_id = talk.claim_ids[talk.slide - 1]
claim = by_claim.loc[claim_id]
claim_row = claim.copy()
claim_row["claim_id"] = claim_id
st.markdown(f"### {claims.badges_markdown(claim['verdict'], claim['certainty'])}")
st.markdown(f"# “{escape_markdown(claim['quote'])}”")
st.markdown(f"## {escape_markdown(present.takeaway(claim['runner_text']))}")
figure = slides.claim_chart(claim_id, dataset)  # the same chart as the guide page and the slide card
if figure is not None:
    st.plotly_chart(figure, key="slide_chart", config={"displaylogo": False})
st.caption(f"Sources: {escape_markdown(present.citation_line(claim_row, dataset.studies, dataset.results))}")

with st.expander("Slide card, brief and talk pack"):
    st.caption(
        "A 1920x1080 card for this slide, the one-page brief on its outcome, and a ZIP with every card and brief of "
        "the talk, its BibTeX and APA list."
    )
    if claim["outcome"] in briefs.brief_outcomes(dataset):
        brief_button(claim["outcome"], "slide_brief")
    try:
        slides.browser_path()
    except slides.SlideError as error:
        st.error(escape_markdown(str(error)))
    else:
        card_link = link
        talk_link = f"{state.base_url()}?{urlencode(present.talk_params(ids), doseq=True)}"

        def slide_link(claim_id: str) -> str:
            return talk_link.replace("slide=1", f"slide={ids.index(claim_id) + 1}")

        st.download_button(
            "Download this slide card (PNG)",
            lambda: downloads.card_png(claim_id, dataset.fingerprint, card_link, dataset),
            f"{claim_id}.png",
            "image/png",
            key="slide_card",
            icon=":material/image:",
            on_click="ignore",
        )
        pack_key = ("talk_pack", tuple(ids), dataset.fingerprint)
        if st.button("Build the talk pack", key="build_pack", icon=":material/folder_zip:"):
            with st.status("Building the talk pack...", expanded=True) as status:
                bar = st.progress(0.0)

                def report(done: int, total: int, what: str) -> None:
                    bar.progress(done / total, text=f"{what} ({done} of {total} done)")

                try:
                    downloads.talk_pack(ids, dataset, slide_link, _brief_link, report)
                except slides.SlideError as error:
                    status.update(label="The talk pack could not be built", state="error")
                    st.error(escape_markdown(str(error)))
                else:
                    st.session_state[pack_key] = True
                    status.update(label="Talk pack ready", state="complete", expanded=False)
        if st.session_state.get(pack_key):
            st.download_button(
                "Download the talk pack (ZIP)",
                downloads.talk_pack(ids, dataset, slide_link, _brief_link),  # every part cached by now
                "talk-pack.zip",
                "application/zip",
                key="talk_pack",
                icon=":material/download:",
                on_click="ignore",
            )
