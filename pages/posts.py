"""The posts: for each of the five articles, how its sentences were accounted for, its claims in its own words with
our verdicts, and the audit of its citations."""

import streamlit as st

from evidence.ui import cache, registry
from evidence.views import claims
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)

dataset = cache.get_dataset()
own_words = claims.lead_quotes(dataset.quotes)

st.title("The posts")
st.markdown(
    "The five articles whose claims we check. Every sentence was read: each checkable claim is judged, and each "
    "other sentence is listed with why it is not checkable. For each post: what it claims, in its own words, our "
    "verdicts, and how the references it prints compare with the verified records (wrong years, broken DOIs, "
    "misspelled names, works not found)."
)
tabs = st.tabs([str(title) for title in dataset.posts["title"]])
for tab, (_, post) in zip(tabs, dataset.posts.iterrows(), strict=True):
    with tab:
        st.subheader(escape_markdown(post["title"]))
        st.caption(f"By {escape_markdown(post['author'])} ({escape_markdown(post['author_role'])})")
        made = dataset.claims[dataset.claims["post_list"].map(lambda items, p=post["post_id"]: p in items)]
        st.markdown(claims.post_counts_line(claims.post_counts(post["post_id"], dataset.claims, dataset.not_checkable)))
        for _, claim in made.iterrows():
            st.markdown(claims.claim_line(claim, quote=own_words.get((claim["claim_id"], post["post_id"]))))
        st.page_link("pages/claims.py", label="Read these claims in full", icon=":material/fact_check:",
                     query_params={"post": post["post_id"]})  # fmt: skip
        audit = claims.post_audit(post["post_id"], dataset.citations, dataset.studies)
        st.markdown("**Citation audit**")
        if audit.empty:
            st.info("This post cites no sources for its claims.")
        else:
            st.dataframe(
                audit,
                hide_index=True,
                key=f"audit_{post['post_id']}",
                column_config={
                    "Found": st.column_config.CheckboxColumn(help="Whether the cited work could be located"),
                    "As printed in the post": st.column_config.TextColumn(width="large"),
                    "What differs": st.column_config.TextColumn(width="large"),
                },
            )
