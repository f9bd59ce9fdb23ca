"""Home: what the explorer is, for whom, and the headline findings with their sources."""

import streamlit as st

from evidence.ui import cache, registry, widgets
from evidence.views import charts, summaries
from evidence.views.summaries import escape_markdown

registry.ensure_frame(__file__)


def _home(dataset: cache.Dataset) -> dict:
    """What the home page shows of the dataset, made once per dataset: counts, headlines, the chart and its table."""
    table = charts.outcomes_table(dataset.studies)
    return {
        "overview": summaries.dataset_overview(dataset.studies, dataset.results, dataset.citations),
        "headlines": summaries.headlines(dataset.results, dataset.studies, dataset.metadata.get("headlines", [])),
        "table": table,
        "figure": charts.outcomes_figure(table),
        "alt": charts.outcomes_alt_text(table),
    }


AUDIENCES = (
    ("pages/guide.py", "Runners: why lift?", ":material/directions_run:",
     "Plain-words answers: does lifting make you faster, less injured, and how often should you lift?"),
    ("pages/present.py", "Coaches: build a talk", ":material/co_present:",
     "Slide-ready charts, one-page briefs, reference lists and links that reopen a slide."),
    ("pages/studies.py", "Students: every study", ":material/school:",
     "Every number with its source, design and population, ready to filter and export."),
)  # fmt: skip

dataset = cache.get_dataset()
home = cache.derived(dataset, _home)
overview = home["overview"]

st.title("Runner Strength Evidence Explorer")
st.markdown(
    "Popular articles tell runners to lift weights, and they cite studies to prove it. "
    "Here you can check, study by study, **what those studies actually measured and found**, and how sure we can be."
)
columns = st.columns(3)
for column, (page, label, icon, what) in zip(columns, AUDIENCES, strict=True):
    with column.container(border=True):
        st.page_link(page, label=label, icon=icon)
        st.caption(what)

st.header("The dataset at a glance")
metrics = st.columns(4)
metrics[0].metric("Works", overview["works"], help="Studies, reviews, guidelines and blog posts in the dataset.")
metrics[1].metric("Cited by the five posts", overview["cited"])
metrics[2].metric("Reported results", overview["results"], help="Each number read in a paper is one result.")
metrics[3].metric(
    "Studies finding no difference", overview["null"], help="Null results are kept on the same terms as positive ones."
)

st.header("Headline findings")
st.caption("Each number as printed in the paper. Click a source to read it yourself.")
for item in home["headlines"]:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(item['says'])}**")
        st.markdown(escape_markdown(item["sentence"]))
        st.caption(f"{escape_markdown(item['design'])} · {escape_markdown(item['where'])}")
        st.link_button("Read the source", item["url"], icon=":material/open_in_new:")
        st.page_link("pages/present.py", label="Add to a talk", icon=":material/co_present:",
                     query_params={"talk": f"headline-{item['result_id']}"})  # fmt: skip

st.header("What the studies measured, and how")
st.markdown(
    "Each bar counts the works that measured an outcome, coloured by design: reviews and randomised trials can "
    "show cause and effect; observational studies show only links."
)
widgets.chart_with_table(home["figure"], home["table"], "outcomes", "outcomes_by_design.csv", alt=home["alt"])
st.page_link("pages/studies.py", label="Browse all studies", icon=":material/table_view:")
