"""The runners' page's profile widgets: 'Does this apply to me?', kept in the link, and one sentence per question."""

from __future__ import annotations

import streamlit as st

from evidence.data.load import Dataset
from evidence.stats.pace import DISTANCES, PaceError, illustrate, parse_pace
from evidence.views import guide, pace, profile
from evidence.views.summaries import escape_markdown

_LABELS = {"me_age": "My age", "me_sex": "I am", "me_level": "I am", "me_goal": "I want to"}


def _on_change(name: str) -> None:
    value = st.session_state.get(name)
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def panel() -> profile.Profile:
    """Four choices in an expander, set from the link on the first run and written back to it on every change."""
    if "_profile_read" not in st.session_state:
        given, notices = profile.from_params({k: st.query_params.get_all(k) for k in profile.PARAMS})
        for name, value in profile.to_params(given).items():
            st.session_state[name] = value
        st.session_state["_profile_read"] = notices
    for notice in st.session_state["_profile_read"]:
        st.info(escape_markdown(notice), icon=":material/link_off:")
    with st.expander("Does this apply to me? Tell us a little about you", icon=":material/person:"):
        st.caption("Your answers stay in this page's link only. They never change a number: they show how close "
                   "the people studied were to you.")  # fmt: skip
        columns = st.columns(4)
        for column, (name, choices) in zip(columns, profile.PARAMS.items(), strict=True):
            column.selectbox(_LABELS[name], list(choices), format_func=choices.get, index=None, key=name,
                             placeholder="Choose", on_change=_on_change, args=(name,))  # fmt: skip
    chosen = profile.Profile(
        **{name.removeprefix("me_"): st.session_state.get(name) or "" for name in profile.PARAMS}
    )
    if chosen.goal:
        section = profile.GOAL_SECTION[chosen.goal]
        question = next(s.question for s in guide.SECTIONS if s.key == section)
        st.markdown(f"For your goal, start with: [{escape_markdown(question)}](#{section})")
    return chosen


def applies(dataset: Dataset, section: guide.Section, chosen: profile.Profile) -> None:
    """How directly the studies behind a question apply to the reader: a sentence and, in an expander, the table."""
    if chosen.empty:
        return
    table = profile.match_table(dataset.studies, guide.section_studies(section, dataset.results), chosen)
    st.caption(f":material/person: {escape_markdown(profile.applies_sentence(table, chosen))}")
    if not table.empty:
        with st.expander("Which studies were in people like you"):
            st.dataframe(table, hide_index=True, key=f"profile_{section.key}")


def _pace_changed(name: str) -> None:
    value = (st.session_state.get(name) or "").strip()
    if value and (name != "me_dist" or value != pace.DEFAULT_DISTANCE):
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def runner_units(dataset: Dataset) -> None:
    """'What could this mean at my pace?': the reader's pace and distance (kept in the link) and the range of
    times the pooled economy change could mean for them, with both sources named and linked."""
    units = dataset.runner_units
    if units is None:
        return
    if "_pace_read" not in st.session_state:
        st.session_state["me_pace"] = (st.query_params.get("me_pace") or "")[:20]
        given = st.query_params.get("me_dist") or pace.DEFAULT_DISTANCE
        st.session_state["_pace_read"] = "" if given in DISTANCES else given[:40]
        st.session_state["me_dist"] = given if given in DISTANCES else pace.DEFAULT_DISTANCE
    with st.container(border=True):
        st.markdown(f"**{pace.TITLE}**")
        if st.session_state["_pace_read"]:
            st.info(f"Ignored distance '{escape_markdown(st.session_state['_pace_read'])}' from the link: "
                    "showing 10 km.", icon=":material/link_off:")  # fmt: skip
        left, right = st.columns(2)
        left.text_input("My pace (minutes:seconds per km)", key="me_pace", placeholder="5:30", max_chars=20,
                        on_change=_pace_changed, args=("me_pace",))  # fmt: skip
        choices = pace.distance_choices()
        right.selectbox("My race", list(choices), format_func=choices.get, key="me_dist",
                        on_change=_pace_changed, args=("me_dist",))  # fmt: skip
        typed = st.session_state.get("me_pace") or ""
        if not typed.strip():
            st.caption("Type your usual race pace to see what the average economy gain could mean in minutes.")
            return
        try:
            seconds = parse_pace(typed)
        except PaceError as error:
            st.warning(escape_markdown(str(error)), icon=":material/error:")
            return
        ill = illustrate(units, seconds, st.session_state["me_dist"])
        if ill is None:
            st.info(escape_markdown(pace.too_fast(units)))
            return
        st.markdown(f"**{escape_markdown(pace.headline(ill))}**")
        for line in pace.sentences(ill, units, dataset.bibliography):
            st.caption(escape_markdown(line))
        links = [f"[{escape_markdown(dataset.bibliography.label(key))}]({source.url})"
                 for key, source in {s.key: s for s in units.sources.values()}.items()
                 if key in dataset.bibliography.references]  # fmt: skip
        st.caption("Sources, both read in their abstracts: " + "; ".join(links))
