"""Claims: what the five posts tell runners, claim by claim, with our verdict and how sure we can be."""

import streamlit as st

from evidence import claims, data, glossary, registry, state
from evidence.schema import CERTAINTIES, VERDICT_LABELS, VERDICTS
from evidence.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = data.get_dataset()
values = state.current_values()
shown = state.apply_claim_filters(dataset.claims, values)
post_titles = dict(zip(dataset.posts["post_id"], dataset.posts["title"], strict=True))

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

for _, claim in shown.iterrows():
    with st.container(border=True, key=f"claim_{claim['claim_id']}"):
        st.markdown(
            claims.badges_markdown(claim["verdict"], claim["certainty"]),
            help=f"{VERDICTS[claim['verdict']]}  \nCertainty: {CERTAINTIES[claim['certainty']]}",
        )
        who = ", ".join(post_titles.get(p, p) for p in claim["post_list"])
        st.markdown(f"**{claim['claim_id']}** · “{escape_markdown(claim['quote'])}”")
        st.caption(f"Said in: {escape_markdown(who)}")
        st.markdown(escape_markdown(claim["reason"]), help=glossary.tooltip(claim["reason"]))
        with st.expander("Read more: for runners, coaches and students; the studies"):
            runner, coach, student = st.tabs(["For runners", "For coaches", "For students"])
            runner.markdown(escape_markdown(claim["runner_text"]))
            coach.markdown(escape_markdown(claim["coach_text"]), help=glossary.tooltip(claim["coach_text"]))
            student.markdown(escape_markdown(claim["student_text"]), help=glossary.tooltip(claim["student_text"]))
            st.markdown(f"**Why this certainty:** {escape_markdown(claim['certainty_reasons'])}")
            st.caption(f"Where the quote stands: {escape_markdown(claim['quote_location'])}")
            items = claims.evidence_items(claim, dataset.studies, dataset.results)
            if not items:
                st.info("No study in our dataset bears on this claim.")
            for item in items:
                cited = " (cited by the post)" if item.cited_by_post else ""
                st.markdown(f"**{escape_markdown(item.label)}**, {escape_markdown(item.design)}{cited}")
                for sentence in item.sentences:
                    st.markdown(f"- {escape_markdown(sentence)}")
                st.page_link(
                    "pages/studies.py",
                    label=f"Open {item.label} in Studies",
                    icon=":material/table_view:",
                    query_params={"q": item.key},
                )
            st.caption(f"Evidence searched up to {escape_markdown(claim['search_date'])}.")

st.caption("Link to this view: copy it with the button on the right of the box.")
st.code(f"{state.base_url()}{state.view_query(values, 'claims')}", language=None)
