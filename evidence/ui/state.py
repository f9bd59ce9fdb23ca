"""The sidebar filters and their two-way sync with the link (Streamlit side of ``evidence.data.filters``).

Each filter is a sidebar widget whose key is also its query parameter. Opening a link sets the filters
(:func:`read_link`), and every change of a filter is mirrored in the address bar (:func:`write_link`), with the
stored codes (``outcome=running_economy``), not the labels shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from evidence.data.filters import (
    FILTER_KEYS,
    FILTERS,
    MAX_SEARCH_CHARS,
    check_params,
    clean_text,
    empty_value,
    filter_options,
    params_from_values,
    values_from_params,
)
from evidence.views.summaries import escape_markdown


def read_link(studies: pd.DataFrame, posts: pd.DataFrame, options: Mapping[str, Sequence[str]] | None = None) -> None:
    """On a session's first run, set the filters from the link and note what it could not set.

    A link opened in the browser starts a new session, so this runs on the first run; afterwards the filters are
    the source of truth and :func:`write_link` mirrors them. A link followed inside the app (a study named on
    a claim card) carries filters that differ from those last written: they replace the current filters.
    """
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    from_link = {key: value for key, value in params.items() if key in FILTER_KEYS}
    first_run = "_link_notices" not in st.session_state
    followed_link = bool(from_link) and from_link != st.session_state.get("_link_written")
    if not first_run and not followed_link:
        return
    options = filter_options(studies, posts) if options is None else options
    st.session_state["_link_notices"] = check_params(params, options)
    if followed_link and not first_run:  # a link inside the app: its filters replace the current ones
        for spec in FILTERS:
            st.session_state[spec.key] = empty_value(spec)
    for key, value in values_from_params(params, options).items():
        st.session_state[key] = value


def write_link(values: Mapping[str, object], scope: str) -> None:
    """Mirror the page's filters in the address bar, leaving other parameters alone."""
    in_scope = {spec.key for spec in FILTERS if scope in spec.scopes}
    wanted = {key: value for key, value in params_from_values(values).items() if key in in_scope}
    st.session_state["_link_written"] = wanted
    for spec in FILTERS:
        if spec.key not in in_scope:
            continue
        current = st.query_params.get_all(spec.key)
        target = wanted.get(spec.key, [])
        if current != target:
            if target:
                st.query_params[spec.key] = target
            else:
                del st.query_params[spec.key]


def render_filters(
    studies: pd.DataFrame, posts: pd.DataFrame, scope: str, options: Mapping[str, Sequence[str]] | None = None
) -> dict[str, object]:
    """Draw the page's filters in the sidebar, kept for the whole session and mirrored in the link (``options``:
    the :func:`filter_options` of these frames, when the caller has them)."""
    options = filter_options(studies, posts) if options is None else options
    post_titles = dict(zip(posts["post_id"], posts["title"], strict=True))
    values: dict[str, object] = {}
    with st.sidebar:
        st.subheader(f"Filter {scope}")
        for spec in FILTERS:
            if scope not in spec.scopes:
                continue
            common = dict(key=spec.key, help=spec.help, persist_state="session")
            if spec.kind == "multi":
                fmt = spec.format or (lambda v: post_titles.get(v, v))
                values[spec.key] = st.multiselect(  # select_all=False: Enter adds the first match, not all matches
                    spec.label, options[spec.key], format_func=fmt, placeholder="Any", select_all=False, **common
                )
            elif spec.kind == "text":
                typed = st.text_input(spec.label, **common)
                values[spec.key] = clean_text(typed)
                if len(typed.strip()) > MAX_SEARCH_CHARS:  # never lose a pasted search silently
                    st.caption(f":material/content_cut: Searched for the first {MAX_SEARCH_CHARS} characters of the "
                               f"{len(typed.strip())} you entered.")  # fmt: skip
            elif spec.kind == "range":
                bounds = options.get(spec.key, [])
                if len(bounds) != 2 or bounds[0] == bounds[1]:
                    continue
                low, high = float(bounds[0]), float(bounds[1])
                current = st.session_state.get(spec.key)
                if not current:  # an inactive range filter shows the whole range
                    st.session_state[spec.key] = (low, high)
                whole = spec.key in ("year", "n", "weeks")
                chosen = st.slider(
                    spec.label, low, high, step=1.0 if whole else 0.5, format="%d" if whole else "%.1f", **common
                )
                values[spec.key] = None if tuple(chosen) == (low, high) else tuple(chosen)
                st.session_state["_range_bounds"] = {**st.session_state.get("_range_bounds", {}), spec.key: (low, high)}
            else:
                values[spec.key] = st.toggle(spec.label, **common)
        if any(values.values()):
            st.button("Clear all filters", on_click=clear_filters, key="clear_filters", icon=":material/close:")
    write_link(values, scope)
    return values


def current_values() -> dict[str, object]:
    """The filter values of this session (what the sidebar shows)."""
    empty: dict[str, object] = {"multi": [], "text": "", "toggle": False, "range": None}
    values = {spec.key: st.session_state.get(spec.key, empty[spec.kind]) for spec in FILTERS}
    values["q"] = clean_text(str(values["q"] or ""))
    bounds = st.session_state.get("_range_bounds", {})
    for spec in FILTERS:  # a range at its full extent is no filter
        if spec.kind == "range" and values[spec.key] and tuple(values[spec.key]) == bounds.get(spec.key):
            values[spec.key] = None
    return values


def clear_filters() -> None:
    for spec in FILTERS:
        st.session_state[spec.key] = empty_value(spec)


def link_notices() -> list[str]:
    return list(st.session_state.get("_link_notices", []))


PUBLIC_URL_SETTING = "EVIDENCE_PUBLIC_URL"


def public_address(browser_url: str, public: str | None) -> str:
    """The page's address as others should open it: the browser's address, or, when the setting names a public
    address ('https://evidence.example.org' or with a path prefix), that address with the page's path."""
    page = browser_url.split("?", 1)[0]
    if not public:
        return page
    path = urlsplit(page).path.rstrip("/").rsplit("/", 1)[-1]
    return f"{public.rstrip('/')}/{path}" if path else public.rstrip("/") + "/"


def base_url() -> str:
    """The address of the current page without its query string: the address the browser used, unless the
    setting ``EVIDENCE_PUBLIC_URL`` names the public address links and QR codes should carry (behind a proxy,
    the browser's own address may be an internal one)."""
    return public_address(str(st.context.url or ""), os.environ.get(PUBLIC_URL_SETTING))


def page_url(url_path: str, params: dict[str, list[str]] | None = None) -> str:
    """The address of another page of the app, with a query: ('studies', {'outcome': ['bone_density']}) ->
    'http://host:8501/studies?outcome=bone_density'. Built from the current page's address."""
    root = base_url().rsplit("/", 1)[0]
    query = f"?{urlencode(params, doseq=True)}" if params else ""
    return f"{root}/{url_path}{query}"


def _old_link_value(value: str, options: Sequence[str], format_func) -> str | None:
    """An option from a link value: its code, or (links made before codes were stored) its label without counts."""
    if value in options:
        return value
    bare = value.split(" (")[0].strip().lower()
    return next((o for o in options if str(format_func(o)).split(" (")[0].strip().lower() == bare), None)


def linked_choice(
    container, widget: str, label: str, options: Sequence[str], key: str, format_func, quiet_default: bool = False,
    **kwargs,
):  # fmt: skip
    """A selectbox or radio (``widget``) whose value lives in the link as its stable code (``key=code``), never
    its label: set from the link on the first run (an old link with a label is understood; an unknown value gets
    a notice), and written back on every change (``quiet_default``: the first option, the default, is left out of
    the link)."""
    options = list(options)
    if key not in st.session_state:
        given = st.query_params.get(key)
        if given is not None:
            found = _old_link_value(given, options, format_func)
            if found is None:
                shown = escape_markdown(given[:40])  # the link is the reader's input: shown as text
                container.info(f"Ignored '{shown}' in the link's '{escape_markdown(key)}': not one of its choices.",
                               icon=":material/link_off:")  # fmt: skip
            else:
                st.session_state[key] = found
    draw = container.radio if widget == "radio" else container.selectbox
    value = draw(label, options, format_func=format_func, key=key, **kwargs)
    if quiet_default and options and value == options[0]:
        if key in st.query_params:
            del st.query_params[key]
    elif value is not None and st.query_params.get(key) != value:
        st.query_params[key] = value
    return value
