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


def _shown(dataset: cache.Dataset, view: tuple) -> tuple[list[str], dict[str, int]]:
    """The claims a view selects, by id, and how many have each verdict, made once per dataset and view."""
    shown = filters.apply_claim_filters(dataset.claims, dict(view))
    return [str(claim_id) for claim_id in shown["claim_id"]], claims.verdict_counts(shown)


dataset = cache.get_dataset()
texts = cache.derived(dataset, _cards)
values = state.current_values()
ids, counts = cache.derived(dataset, _shown, filters.view_key(values))

st.title("Claims")
st.markdown(
    "Every factual claim in the five posts, checked against the studies. Each card says **what the evidence says** "
    "(with how **certain** it lets us be, and the reason in one sentence), then **what the post cited**. Open a "
    "card to read it for runners, coaches or students, and to see the studies behind it."
)
cards.verdict_legend()
st.markdown(f"**{len(ids)} of {len(dataset.claims)} claims** match the filters.")
if counts:
    st.caption(" · ".join(f"{VERDICT_LABELS[v]}: {n}" for v, n in counts.items()))
if not ids:
    widgets.no_match("claim", "claims_empty_clear")
cards.claim_cards(ids, texts)
widgets.view_link(values, "claims")
