"""Widgets shared by several pages."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from evidence.data import filters
from evidence.outputs import csv_export
from evidence.ui import state
from evidence.views.summaries import escape_markdown


def study_columns() -> dict:
    """Column config of the studies table (headers, formats, links)."""
    return {
        "Year": st.column_config.NumberColumn(format="%d", width="small"),
        "N": st.column_config.NumberColumn(help="Participants analysed", format="%d", width="small"),
        "Weeks": st.column_config.NumberColumn(help="Length of the intervention", width="small"),
        "Sessions/week": st.column_config.NumberColumn(width="small"),
        "Design": st.column_config.TextColumn(
            help="RCT: randomised controlled trial. Meta-analysis: results of several studies pooled."
        ),
        "DOI": st.column_config.LinkColumn(display_text=r"https://doi\.org/(.*)"),
        "Source": st.column_config.LinkColumn(display_text="open", help="The page the record was checked on"),
        "Title": st.column_config.TextColumn(width="large"),
        "Summary": st.column_config.TextColumn(width="large"),
    }


_SENT: dict[tuple[str, int, int | None], tuple[weakref.ref, object]] = {}
_SENT_LOCK = threading.Lock()


def _once(kind: str, source: object, rows: int | None, make: Callable[[], object]) -> object:
    """``make()`` kept while ``source`` lives, per (kind, source object, rows): for what Streamlit would rebuild
    from a kept (read-only) frame or figure on every rerun."""
    key = (kind, id(source), rows)
    with _SENT_LOCK:
        known = _SENT.get(key)
    if known is not None and known[0]() is source:
        return known[1]
    made = make()
    forget = weakref.ref(source, lambda _: _forget(key))
    with _SENT_LOCK:
        _SENT[key] = (forget, made)
    return made


def _forget(key: tuple[str, int, int | None]) -> None:
    with _SENT_LOCK:
        _SENT.pop(key, None)


def arrow(frame: pd.DataFrame, rows: int | None = None) -> pa.Table | pd.DataFrame:
    """``frame`` (its first ``rows``) as ``st.dataframe`` sends it, an Arrow table, converted once per frame: for a
    kept frame (:func:`evidence.ui.cache.derived`, read-only), a rerun re-sends the table without converting the
    frame again (Streamlit converts a pandas frame on every call, the costliest part of drawing a table). The
    conversion is Streamlit's own first try (``pyarrow.Table.from_pandas``); a frame it cannot convert is returned
    as it is, for Streamlit's fixes."""
    try:
        return _once("arrow", frame, rows, lambda: pa.Table.from_pandas(frame if rows is None else frame.head(rows)))
    except (pa.ArrowException, OverflowError):
        return frame


class _SentFigure(go.Figure):
    """A kept figure as ``st.plotly_chart`` reads it: its dict (``to_dict``, a deep copy of every trace) made once."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_sent_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_sent_dict"] = made
        return made


def sent_figure(kept: go.Figure) -> go.Figure:
    """``kept`` (a kept, read-only figure) for ``st.plotly_chart``, which asks a figure for its dict on every rerun:
    a copy made once per figure that gives the same dict each time (Streamlit only reads it, to write the JSON)."""
    return _once("figure", kept, None, lambda: _SentFigure(kept))


#: Below this width (a phone held upright) a chart marked ``narrow_table`` gives way to its table twin.
NARROW_SCREEN = 640
_NARROW_CSS = (
    "<style>@media (max-width: {width}px) {{ .st-key-{key}_wide {{ display: none; }} }}"
    " @media (min-width: {above}px) {{ .st-key-{key}_narrow {{ display: none; }} }}</style>"
)


def lazy_expander(label: str, key: str, **kwargs: object):
    """An expander whose contents are made and sent only while it is open: opening or closing it reruns the page (or
    the fragment it is in), and the caller draws into what this returns, or nothing when it is None (closed). For
    what nothing reads while it is closed (tables, downloads, texts), never for inputs: an input that is not drawn
    loses its value. Every closed section is then one element instead of all of its contents, on every rerun."""
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    return box if box.open else None


def chart_with_table(
    figure: object,
    table: pd.DataFrame,
    key: str,
    file_name: str,
    table_title: str = "Table of this chart",
    on_select: Callable[[], None] | None = None,
    narrow_table: bool = False,
    *,
    alt: str,
) -> None:
    """A chart with its text alternative (what it shows and its main number) just above it, then its table twin
    in an expander (reached with Tab, opened with Enter or Space) with a CSV download (made by the one safe writer
    when clicked), both drawn when the expander is opened. Widget keys: ``key`` (the chart), ``{key}_table_open``
    (the expander), ``{key}_table``, ``{key}_csv`` and, past 100 rows, the pager's ``{key}_rows_*``.

    ``narrow_table``: for a chart whose labels a phone cannot fit (long row names, a grid of bubbles), a screen
    narrower than :data:`NARROW_SCREEN` pixels shows the table in its place (fixed CSS, keyed by the widget key,
    which is a code: never data)."""
    st.caption(escape_markdown(alt))
    if narrow_table:
        if not re.fullmatch(r"[a-z0-9_]+", key):
            raise ValueError(f"a chart's key must be a code to be styled by it: {key!r}")
        st.html(_NARROW_CSS.format(width=NARROW_SCREEN, above=NARROW_SCREEN + 1, key=key))
        with st.container(key=f"{key}_narrow"):
            st.caption(":material/screen_rotation: On a narrow screen this chart is shown as its table; turn the "
                       "phone or widen the window to see the chart.")  # fmt: skip
            st.dataframe(arrow(table, PAGE_ROWS), hide_index=True, key=f"{key}_narrow_table")
            if len(table) > PAGE_ROWS:
                st.caption(f"The first {PAGE_ROWS} of {len(table)} rows: '{table_title}' below has them all.")
    with st.container(key=f"{key}_wide"):
        if on_select is None:
            st.plotly_chart(sent_figure(figure), key=key, config={"displaylogo": False})
        else:
            st.plotly_chart(sent_figure(figure), key=key, on_select=on_select, selection_mode="points",
                            config={"displaylogo": False})  # fmt: skip
    box = lazy_expander(table_title, f"{key}_table_open")
    if box is None:
        return
    with box:  # a long table a page at a time (its CSV has every row)
        st.dataframe(arrow(paged(table, f"{key}_rows")), hide_index=True, key=f"{key}_table")
        st.download_button(
            "Download this table (CSV)",
            lambda: csv_export.safe_csv(table),  # made when clicked
            file_name,
            "text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
        )


#: Rows of a long table shown at once; past this a table is paged, sorted on the server.
PAGE_ROWS = 100
AS_LISTED = "(as listed)"


def paged(frame: pd.DataFrame, key: str, rows: int = PAGE_ROWS) -> pd.DataFrame:
    """The rows of ``frame`` the reader is looking at: all of them up to ``rows`` (the table sorts itself in the
    browser); past that, one page of ``rows``, sorted on the server by a chosen column, with a page number kept for
    the session (a rerun, or coming back to the page, keeps the reader's place). Widget keys: ``{key}_sort``,
    ``{key}_descending`` and ``{key}_page``."""
    if len(frame) <= rows:
        return frame
    pages = -(-len(frame) // rows)
    page_key = f"{key}_page"
    if int(st.session_state.get(page_key, 1)) > pages:  # fewer rows than when the reader was there
        st.session_state[page_key] = pages
    controls = st.columns([2, 1, 1], vertical_alignment="bottom")
    kept = dict(persist_state="session")  # kept while the reader is on other pages, like the sidebar filters
    by = controls[0].selectbox("Sort the table by", [AS_LISTED, *frame.columns], key=f"{key}_sort", **kept)
    descending = controls[1].toggle("Descending", key=f"{key}_descending", disabled=by == AS_LISTED, **kept)
    page = int(controls[2].number_input("Page", min_value=1, max_value=pages, step=1, key=page_key, **kept))
    if by != AS_LISTED:
        frame = frame.sort_values(by, ascending=not descending, kind="stable", na_position="last")
    start = (page - 1) * rows
    st.caption(f"Rows {start + 1} to {min(start + rows, len(frame))} of {len(frame)} (page {page} of {pages}).")
    return frame.iloc[start : start + rows]


def chart_by_width(container, wide: object, narrow: object, key: str) -> None:
    """One chart drawn two ways: ``wide`` on screens wider than :data:`NARROW_SCREEN` pixels, ``narrow`` (say, with
    two-line row names) on a phone. Both are sent; fixed CSS keyed by ``key`` (a code) shows one."""
    if not re.fullmatch(r"[a-z0-9_]+", key):
        raise ValueError(f"a chart's key must be a code to be styled by it: {key!r}")
    with container:
        st.html(_NARROW_CSS.format(width=NARROW_SCREEN, above=NARROW_SCREEN + 1, key=key))
        with st.container(key=f"{key}_wide"):
            st.plotly_chart(wide, key=key, config={"displaylogo": False})
        with st.container(key=f"{key}_narrow"):
            st.plotly_chart(narrow, key=f"{key}_phone", config={"displaylogo": False})


def no_match(what: str, key: str) -> None:
    """The empty state of a filtered page: what to do, and a button that clears every filter; stops the page."""
    st.warning(f"No {what} matches these filters. Remove a filter in the sidebar, or clear them all.")
    st.button("Clear all filters", on_click=state.clear_filters, key=key, icon=":material/close:")
    st.stop()


def view_link(
    values: Mapping[str, object], scope: str = "studies", extra: Mapping[str, str | None] | None = None
) -> None:
    """The link that reopens this view, in a box with a copy button; ``extra`` adds the page's own parameters
    (the table's sort, the chosen study), each left out when it is None or empty."""
    query = filters.view_query(values, scope)
    more = urlencode({key: value for key, value in (extra or {}).items() if value})
    if more:
        query = f"{query}&{more}" if query else f"?{more}"
    st.caption("Link to this view: copy it with the button on the right of the box.")
    st.code(f"{state.base_url()}{query}", language=None)


def export_buttons(files: list[tuple], count: int) -> None:
    """The downloads of a selection of studies (CSV, BibTeX, RIS, APA, Vancouver), each made when clicked, in an
    expander drawn when opened (key ``export_open``)."""
    which = "this study" if count == 1 else f"these {count} studies"
    box = lazy_expander(f"Export {which}: CSV, BibTeX, RIS, APA or Vancouver", "export_open")
    if box is None:
        return
    with box:
        columns = st.columns(3)
        for index, (label, file_name, mime, make) in enumerate(files):
            columns[index % 3].download_button(
                label, make, file_name, mime, key=f"export_{file_name}", icon=":material/download:", on_click="ignore"
            )
