"""Claims: what the five posts tell runners, claim by claim, with our verdict and how sure we can be."""

import streamlit as st

from evidence.data import filters
from evidence.data.vocabulary import VERDICT_LABELS
from evidence.ui import cache, cards, registry, state, widgets
from evidence.views import claims

registry.ensure_frame(__file__)


def _cards(dataset: cache.Dataset) -> dict[str, dict]:
    """Every claim card's texts, made once per dataset (made per card on every rerun, the works alone took 2.5 s)."""
    return claims.all_card_texts(dataset.claims, dataset.posts, dataset.studies, dataset.results, dataset.quotes)


dataset = cache.get_dataset()
texts = cache.derived(dataset, _cards)
values = state.current_values()
shown = filters.apply_claim_filters(dataset.claims, values)

st.title("Claims")
st.markdown(
    "Every factual claim in the five posts, checked against the studies. Each card says **what the evidence says** "
    "(with how **certain** it lets us be, and the reason in one sentence), then **what the post cited**. Open a "
    "card to read it for runners, coaches or students, and to see the studies behind it."
)
cards.verdict_legend()
counts = claims.verdict_counts(shown)
st.markdown(f"**{len(shown)} of {len(dataset.claims)} claims** match the filters.")
if counts:
    st.caption(" · ".join(f"{VERDICT_LABELS[v]}: {n}" for v, n in counts.items()))
if shown.empty:
    widgets.no_match("claim", "claims_empty_clear")
cards.claim_cards([str(claim_id) for claim_id in shown["claim_id"]], texts)
widgets.view_link(values, "claims")
