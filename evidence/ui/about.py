"""The About page's longer parts: how to add a study, and what changed in this version of the data."""

from __future__ import annotations

import streamlit as st

from evidence.data.load import Dataset
from evidence.views import changelog
from evidence.views.summaries import escape_markdown


def adding_a_study(text: str) -> None:
    """The steps as a numbered list, their commands as code."""
    steps = changelog.numbered_steps(text)
    st.markdown("\n".join(f"{n}. {changelog.markdown_with_code(step, escape_markdown)}" for n, step in
                          enumerate(steps, start=1)))  # fmt: skip


def what_changed(dataset: Dataset) -> None:
    """This version's entry of data/CHANGELOG.md, shown as text: its summary, then each section in an expander."""
    version = changelog.for_version(dataset.changelog, str(dataset.metadata["version"]))
    if version is None:
        st.info("The changelog has no entry for this version.")
        return
    for section in version.sections:
        if not section.heading:
            _blocks(section.blocks)
            continue
        with st.expander(section.heading):
            _blocks(section.blocks)


def _blocks(blocks: list[list[str]]) -> None:
    lines: list[str] = []
    for kind, text in blocks:
        shown = changelog.markdown_with_code(text, escape_markdown)
        if kind == changelog.ITEM:
            lines.append(f"- {shown}")
        else:
            lines.extend(["", shown, ""])
    st.markdown("\n".join(lines).strip())
