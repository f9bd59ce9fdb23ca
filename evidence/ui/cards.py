"""Renderers of the claim cards and of one study in detail: the views' texts laid out with Streamlit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.data.load import Dataset
from evidence.data.vocabulary import CERTAINTIES, CITED_JUDGMENTS, DESIGN_NAMES, INTERVENTIONS, VERDICTS
from evidence.ui import widgets
from evidence.views import claims, tables
from evidence.views.summaries import escape_markdown, fmt


def verdict_legend() -> None:
    """What the two judgments and the certainty levels mean, in an expander drawn only when the reader opens it (its
    twenty-odd badges and captions were sent on every rerun of the Claims page, open or not)."""
    legend = widgets.lazy_expander("What the verdicts and certainty levels mean", "verdict_legend")
    if legend is None:
        return
    with legend:
        st.markdown(
            "Each claim gets two judgments. **What the evidence says** weighs every study in our dataset, the newest "
            "and largest reviews most. **What the post cited** says only whether the source the post gives backs "
            "it: a claim can be true although its post cites nothing."
        )
        st.markdown("**What the evidence says**")
        for verdict in VERDICTS:
            label, colour, icon = claims.verdict_badge(verdict)
            st.badge(label, color=colour, icon=icon)
            st.caption(escape_markdown(VERDICTS[verdict]))
        st.markdown("**What the post cited**")
        for judgment in CITED_JUDGMENTS:
            label, colour, icon = claims.cited_badge(judgment)
            st.badge(label, color=colour, icon=icon)
            st.caption(escape_markdown(CITED_JUDGMENTS[judgment]))
        st.markdown("**Certainty** follows GRADE, a standard way to rate evidence:")
        for level, meaning in CERTAINTIES.items():
            st.markdown(f"- **{claims.CERTAINTY_LABELS[level]}**: {escape_markdown(meaning)}")


#: Claim cards drawn at first; the reader asks for more (each card is three elements: with all 58 cards drawn on
#: every rerun, the cards were most of the page's work on the server).
CARDS_AT_ONCE = 20
_SHOWN = "claims_cards_shown"  # how many cards the reader has asked for, kept for the session


def _show(count: int) -> None:
    st.session_state[_SHOWN] = count


@st.fragment
def claim_cards(ids: list[str], texts: dict[str, dict]) -> None:
    """The claim cards of ``ids``, the first :data:`CARDS_AT_ONCE` (or as many as the reader asked for), then
    buttons that show the next :data:`CARDS_AT_ONCE` and all (only the second when the next ones are all that is
    left); as one fragment: opening a card's details or showing more reruns the cards, not the page's frame (one
    fragment per card cost more than the cards: Streamlit copies the page's cursors for every fragment call)."""
    limit = max(CARDS_AT_ONCE, int(st.session_state.get(_SHOWN, CARDS_AT_ONCE)))
    for claim_id in ids[:limit]:
        claim_card(claim_id, texts[claim_id])
    left = len(ids) - limit
    if left <= 0:
        return
    st.caption(f"Showing the first {limit} of {len(ids)} claims.")
    if left <= CARDS_AT_ONCE:  # the next ones are all that is left: one button
        st.button(f"Show all {len(ids)}", key="claims_all", on_click=_show, args=(len(ids),),
                  icon=":material/unfold_more:")  # fmt: skip
        return
    more, every = st.columns(2)
    more.button(f"Show {CARDS_AT_ONCE} more", key="claims_more", on_click=_show, args=(limit + CARDS_AT_ONCE,),
                icon=":material/expand_more:", width="stretch")  # fmt: skip
    every.button(f"Show all {len(ids)}", key="claims_all", on_click=_show, args=(len(ids),),
                 icon=":material/unfold_more:", width="stretch")  # fmt: skip


def claim_card(claim_id: str, card: dict) -> None:
    """One claim card (texts from :func:`evidence.views.claims.card_texts`): a closed card is three elements (its
    frame, its summary, its "Read more"), and its details are drawn only when the reader opens them (drawing every
    card's details, open or not, took two thirds of the page's time on the server)."""
    with st.container(border=True):
        st.markdown(card["summary"], help=card["summary_help"] or None)
        more = widgets.lazy_expander("Read more: for runners, coaches and students; the studies", f"more_{claim_id}")
        if more is None:
            return
        with more:
            runner, coach, student = st.tabs(["For runners", "For coaches", "For students"])
            runner.markdown(card["runner"])
            coach.markdown(card["coach"], help=card["coach_help"])
            student.markdown(card["student"], help=card["student_help"])
            st.markdown(card["certainty"])
            st.caption(card["where"])
            if not card["works"]:
                st.info("No study in our dataset bears on this claim.")
            for work, label, key in card["works"]:  # one block a work: its heading and its numbers
                st.markdown(work)
                st.page_link(
                    "pages/studies.py", label=f"Open {label} in Studies", icon=":material/table_view:",
                    query_params={"q": key},
                )  # fmt: skip
            st.caption(card["searched"])


def study_detail(dataset: Dataset, key: str, study: pd.Series) -> None:
    """One work in detail: its record, every recorded result, the claims that use it and the posts that cite it."""
    st.header(study["label"], anchor="detail")
    st.markdown(f"**{escape_markdown(study['title'])}**")
    st.caption(f"{escape_markdown(study['authors'])} · {escape_markdown(study['journal'])}")
    facts = st.columns(3)  # numbers only: a design's name ("controlled trial (not randomised)") is cut in a metric
    facts[0].metric("Participants", fmt(study["n"]) or "not reported")
    facts[1].metric("Weeks", fmt(study["weeks"]) or "–")
    facts[2].metric("Sessions a week", fmt(study["sessions_per_week"]) or "–")
    st.markdown(f"**Design:** {escape_markdown(DESIGN_NAMES.get(study['design'], study['design']))}")
    st.markdown(f"**Who:** {escape_markdown(study['population'])}")
    intervention = INTERVENTIONS.get(study["intervention_type"], study["intervention_type"])
    st.markdown(
        f"**Training:** {escape_markdown(intervention)} **Compared with:** {escape_markdown(study['comparator'])}"
    )
    st.markdown(f"**In short:** {escape_markdown(study['summary'])}")
    if study["note"] and str(study["note"]) != "nan":
        st.caption(f"Note: {escape_markdown(study['note'])}")
    st.subheader("Every recorded result")
    own = dataset.results[dataset.results["study_key"] == key]
    if own.empty:
        st.info(
            "No result is recorded for this work (a review without numbers, a guideline, a blog or a work not found)."
        )
    else:
        st.dataframe(tables.results_table(own), hide_index=True, key="detail_results", placeholder="–")
    used = claims.claims_using(key, dataset.claims)
    st.subheader(f"Claims that use it ({len(used)})")
    for _, claim in used.iterrows():
        st.markdown(claims.claim_line(claim))
    printed = claims.citations_of(key, dataset.citations, dataset.posts)
    st.subheader(f"Posts that cite it ({len(printed)})")
    if not printed.empty:
        st.dataframe(printed, hide_index=True, key="detail_citations")
    links = st.columns(2)
    if study["doi"]:
        links[0].link_button("DOI", f"https://doi.org/{study['doi']}", icon=":material/open_in_new:")
    if isinstance(study["source_url"], str):
        links[1].link_button("Page the record was checked on", study["source_url"], icon=":material/open_in_new:")
