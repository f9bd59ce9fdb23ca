"""Long tables are paged on the server: 100 rows at a time, sorted on the server, the page kept for the session."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import pandas as pd
    import streamlit as st

    from evidence.ui import widgets

    n = int(st.session_state.get("rows", 250))
    frame = pd.DataFrame({"Key": [f"w{i:03d}" for i in range(n)], "Year": [2000 + i % 7 for i in range(n)]})
    st.dataframe(widgets.paged(frame, "table"), key="shown")


def _app(rows: int = 250) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["rows"] = rows
    return at.run()


def test_a_short_table_is_shown_whole_without_page_controls() -> None:
    at = _app(41)
    assert len(at.dataframe[0].value) == 41
    assert not at.number_input and not at.selectbox


def test_a_long_table_shows_100_rows_a_page_and_keeps_the_page_on_a_rerun() -> None:
    at = _app(250)
    assert list(at.dataframe[0].value["Key"])[:2] == ["w000", "w001"] and len(at.dataframe[0].value) == 100
    at.number_input(key="table_page").set_value(3).run()
    assert list(at.dataframe[0].value["Key"]) == [f"w{i:03d}" for i in range(200, 250)]
    assert "Rows 201 to 250 of 250 (page 3 of 3)." in [c.value for c in at.caption]
    at.run()  # any other rerun keeps the reader's place
    assert at.dataframe[0].value["Key"].iloc[0] == "w200"


def test_the_whole_table_is_sorted_on_the_server_before_it_is_paged() -> None:
    at = _app(250)
    at.selectbox(key="table_sort").set_value("Year").run()
    at.toggle(key="table_descending").set_value(True).run()
    first_page = at.dataframe[0].value
    years = list(first_page["Year"])
    assert years == [2006] * 35 + [2005] * 35 + [2004] * 30  # the whole table sorted (35 rows of 2006 in 250)
    assert list(first_page["Key"])[:2] == ["w006", "w013"]  # a stable sort keeps the listed order within a year


def test_a_page_past_the_end_after_the_table_shrinks_shows_the_last_page() -> None:
    at = _app(250)
    at.number_input(key="table_page").set_value(3).run()
    at.session_state["rows"] = 150
    at.run()
    assert at.number_input(key="table_page").value == 2
    assert list(at.dataframe[0].value["Key"]) == [f"w{i:03d}" for i in range(100, 150)]


def test_the_page_is_kept_while_the_table_is_not_drawn() -> None:
    at = _app(250)
    at.number_input(key="table_page").set_value(2).run()
    at.session_state["rows"] = 0  # the reader is elsewhere: the table and its pager are not drawn
    at.run()
    assert not at.number_input
    at.session_state["rows"] = 250  # back on the page
    at.run()
    assert at.number_input(key="table_page").value == 2
    assert at.dataframe[0].value["Key"].iloc[0] == "w100"
