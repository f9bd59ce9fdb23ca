"""Kept tables are converted to Arrow once and sent as Streamlit would send the frame; pages are made once."""

from __future__ import annotations

import gc
import json

import pandas as pd
import pyarrow as pa

from evidence.ui import widgets


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"Study": ["Alpha 2001", "Beta 2005", None], "N": [20, None, 41], "g": [-0.3, 0.1, None]})


def test_a_frame_is_converted_once_and_reads_back_as_the_same_frame() -> None:
    frame = _frame()
    table = widgets.arrow(frame)
    assert isinstance(table, pa.Table)
    assert widgets.arrow(frame) is table  # the same frame again: the same table, not a new conversion
    assert table.to_pandas().equals(frame)  # what the browser gets is the frame itself
    head = widgets.arrow(frame, 2)
    assert head is not table and head.to_pandas().equals(frame.head(2))
    other = _frame()
    assert widgets.arrow(other) is not table  # another frame with equal values is its own entry


def test_a_table_is_forgotten_with_its_frame() -> None:
    frame = _frame()
    widgets.arrow(frame)
    key = ("arrow", id(frame), None)
    assert key in widgets._SENT
    del frame
    gc.collect()
    assert key not in widgets._SENT


def test_a_frame_arrow_cannot_convert_is_passed_on_for_streamlit_to_fix() -> None:
    mixed = pd.DataFrame({"value": [1, "one", 2.5]}, dtype=object)  # mixed types: pyarrow refuses it
    assert widgets.arrow(mixed) is mixed


def test_the_pages_are_made_once_and_each_run_gets_its_own_copies(monkeypatch) -> None:
    import streamlit as st

    from evidence.ui import registry

    made: list[str] = []

    class Page:  # stands in for st.Page, which needs a running script to find its file
        def __init__(self, file: str, **options: object) -> None:
            made.append(file)
            self.file, self.options, self.run_once = file, options, False

    monkeypatch.setattr(st, "Page", Page)
    monkeypatch.setattr(registry, "_built", {})
    first = registry.navigation_sections("/explorer")
    first["Start"][0].run_once = True  # what st.navigation and Page.run do to the page a run shows
    second = registry.navigation_sections("/explorer")
    assert made == [spec.file for spec in registry.PAGES]  # made once, in the registry's order
    sections: dict[str, list[str]] = {}
    for spec in registry.PAGES:
        sections.setdefault(spec.section, []).append(spec.file)
    assert {s: [p.file for p in pages] for s, pages in second.items()} == sections
    assert list(second) == list(sections)  # sections in the registry's order
    assert second["Start"][0] is not first["Start"][0] and not second["Start"][0].run_once  # a run's own copy
    assert [p.options["default"] for pages in second.values() for p in pages].count(True) == 1


def test_a_kept_figure_gives_streamlit_the_same_json_from_one_dict() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    kept = go.Figure(go.Scatter(x=[0.27, 0.91], y=["Coppack 2011", "Bredeweg 2012"], mode="markers"))
    kept.update_layout(title="Injuries", xaxis_type="log")
    sent = widgets.sent_figure(kept)
    assert widgets.sent_figure(kept) is sent  # once per kept figure
    as_streamlit_reads_it = plotly.tools.return_figure_from_figure_or_data(sent, validate_figure=True)
    assert as_streamlit_reads_it is sent.to_dict()  # the same dict on every rerun, made once
    sent_json = json.loads(pio.to_json(as_streamlit_reads_it, validate=False))
    assert sent_json == json.loads(pio.to_json(kept.to_dict(), validate=False))  # the same chart
