"""Claims: what the five posts tell runners, claim by claim, with our verdict and how sure we can be."""

import streamlit as st

from evidence.data import filters
from evidence.data.schema import CERTAINTIES, VERDICT_LABELS, VERDICTS
from evidence.ui import cache, registry, state
from evidence.views import claims, glossary
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)


def _cards(dataset: cache.Dataset) -> dict[str, dict]:
    """Every claim card's texts, escaped, with their tooltips and the works behind the claim: made once per dataset
    (made per card on every rerun, the works alone took 2.5 s)."""
    post_titles = dict(zip(dataset.posts["post_id"], dataset.posts["title"], strict=True))
    cards = {}
    for _, claim in dataset.claims.iterrows():
        who = ", ".join(post_titles.get(p, p) for p in claim["post_list"])
        items = claims.evidence_items(claim, dataset.studies, dataset.results)
        cards[str(claim["claim_id"])] = {
            "badges": claims.badges_markdown(claim["verdict"], claim["certainty"]),
            "badges_help": f"{VERDICTS[claim['verdict']]}  \nCertainty: {CERTAINTIES[claim['certainty']]}",
            "quote": f"**{claim['claim_id']}** · “{escape_markdown(claim['quote'])}”",
            "who": f"Said in: {escape_markdown(who)}",
            "reason": escape_markdown(claim["reason"]),
            "reason_help": glossary.tooltip(claim["reason"]),
            "runner": escape_markdown(claim["runner_text"]),
            "coach": escape_markdown(claim["coach_text"]),
            "coach_help": glossary.tooltip(claim["coach_text"]),
            "student": escape_markdown(claim["student_text"]),
            "student_help": glossary.tooltip(claim["student_text"]),
            "certainty": f"**Why this certainty:** {escape_markdown(claim['certainty_reasons'])}",
            "where": f"Where the quote stands: {escape_markdown(claim['quote_location'])}",
            "works": [
                (
                    f"**{escape_markdown(item.label)}**, {escape_markdown(item.design)}"
                    + (" (cited by the post)" if item.cited_by_post else "")
                    + "".join(f"\n- {escape_markdown(sentence)}" for sentence in item.sentences),
                    item.label,
                    item.key,
                )
                for item in items
            ],
            "searched": f"Evidence searched up to {escape_markdown(claim['search_date'])}.",
        }
    return cards


dataset = cache.get_dataset()
cards = cache.derived(dataset, _cards)
values = state.current_values()
shown = filters.apply_claim_filters(dataset.claims, values)

st.title("Claims")
st.markdown(
    "Every factual claim in the five posts, checked against the studies. Each card gives our **verdict**, "
    "how **certain** the evidence lets us be, and the reason in one sentence. Open a card to read it for runners, "
    "coaches or students, and to see the studies behind it."
)
with st.expander("What the verdicts and certainty levels mean"):
    for verdict in VERDICTS:
        label, colour, icon = claims.verdict_badge(verdict)
        st.badge(label, color=colour, icon=icon)
        st.caption(escape_markdown(VERDICTS[verdict]))
    st.markdown("**Certainty** follows GRADE, a standard way to rate evidence:")
    for level, meaning in CERTAINTIES.items():
        st.markdown(f"- **{claims.CERTAINTY_LABELS[level]}**: {escape_markdown(meaning)}")

counts = claims.verdict_counts(shown)
st.markdown(f"**{len(shown)} of {len(dataset.claims)} claims** match the filters.")
if counts:
    st.caption(" · ".join(f"{VERDICT_LABELS[v]}: {n}" for v, n in counts.items()))
if shown.empty:
    st.warning("No claim matches these filters. Remove a filter in the sidebar, or clear them all.")
    st.button("Clear all filters", on_click=state.clear_filters, key="claims_empty_clear", icon=":material/close:")
    st.stop()

for claim_id in shown["claim_id"]:
    card = cards[str(claim_id)]
    with st.container(border=True, key=f"claim_{claim_id}"):
        st.markdown(card["badges"], help=card["badges_help"])
        st.markdown(card["quote"])
        st.caption(card["who"])
        st.markdown(card["reason"], help=card["reason_help"])
        # Drawn only when open (a closed card sends five elements, not twenty): drawing every card's details, open
        # or not, took two thirds of the page's time on the server.
        more = st.expander(
            "Read more: for runners, coaches and students; the studies", key=f"more_{claim_id}", on_change="rerun"
        )
        if not more.open:
            continue
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
                    "pages/studies.py",
                    label=f"Open {label} in Studies",
                    icon=":material/table_view:",
                    query_params={"q": key},
                )
            st.caption(card["searched"])

st.caption("Link to this view: copy it with the button on the right of the box.")
st.code(f"{state.base_url()}{filters.view_query(values, 'claims')}", language=None)
