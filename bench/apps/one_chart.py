"""The one-chart floor: the cheapest page that shows what an evidence page shows. One multiselect in the sidebar
(a filter change to click), one plotly chart built by a ``st.cache_data`` function, and one ``st.dataframe`` of a
small table; the data are a fixed 40-row table made in the script, like a small curated dataset."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

DESIGNS = ("randomised trial", "controlled trial", "cohort", "meta-analysis")
TABLE = pd.DataFrame(
    {
        "Study": [f"Study {i:02d}" for i in range(40)],
        "Year": [1990 + i % 35 for i in range(40)],
        "Design": [DESIGNS[i % 4] for i in range(40)],
        "N": [12 + (i * 7) % 90 for i in range(40)],
    }
)


@st.cache_data
def chart(designs: tuple[str, ...]) -> go.Figure:
    shown = TABLE[TABLE["Design"].isin(designs)] if designs else TABLE
    counts = shown.groupby("Design").size()
    figure = go.Figure(go.Bar(x=list(counts.index), y=[int(v) for v in counts.values]))
    figure.update_layout(title="Works by design", height=360)
    return figure


chosen = st.sidebar.multiselect("Design", DESIGNS, placeholder="Any")
st.title("One chart")
st.plotly_chart(chart(tuple(chosen)), key="chart")
st.dataframe(TABLE[TABLE["Design"].isin(chosen)] if chosen else TABLE, hide_index=True, key="table")
