"""The list of pages. ``app.py`` builds the navigation from it, and the tests and README check against it."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str  # path relative to the repository root
    title: str
    icon: str
    section: str
    summary: str  # one line for the README's page list and the home page
    filters: str = ""  # the scope of sidebar filters it shows ("studies", "claims"), if any

    @property
    def url_path(self) -> str:
        """The page's address: its file name without '.py'. Kept equal so that Streamlit's older multipage
        mode (see :func:`ensure_frame`) and the navigation agree on which page a link names."""
        return self.file.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/home.py",
        "Home",
        ":material/home:",
        "Start",
        "What the explorer is, who it is for, and the headline findings with their sources.",
    ),
    PageSpec(
        "pages/guide.py",
        "Why strength training matters",
        ":material/directions_run:",
        "Start",
        "For runners: five questions about lifting, each answered with one chart and the verdicts behind it.",
    ),
    PageSpec(
        "pages/claims.py",
        "Claims",
        ":material/fact_check:",
        "Check the posts",
        "Every claim in the five posts with our verdict, its certainty, the reason and the studies behind it.",
        filters="claims",
    ),
    PageSpec(
        "pages/posts.py",
        "The posts",
        ":material/article:",
        "Check the posts",
        "Each of the five posts: its claims with verdicts, and the audit of the references it prints.",
    ),
    PageSpec(
        "pages/present.py",
        "Present",
        ":material/slideshow:",
        "Check the posts",
        "For coaches: chosen claims one per screen in large type, with verdict, chart and sources; a link per slide.",
    ),
    PageSpec(
        "pages/studies.py",
        "Studies",
        ":material/table_view:",
        "Evidence",
        "Every study in the dataset: filter, sort and read design, population, protocol and findings.",
        filters="studies",
    ),
    PageSpec(
        "pages/forest.py",
        "Forest plots",
        ":material/forest:",
        "Evidence",
        "Each trial's effect with its interval, pooled only like with like, beside what reviews printed.",
    ),
    PageSpec(
        "pages/map.py",
        "Evidence map",
        ":material/bubble_chart:",
        "Evidence",
        "What has been studied and how well (outcome x intervention), and when: click a bubble to filter.",
        filters="studies",
    ),
    PageSpec(
        "pages/data_dictionary.py",
        "Data dictionary",
        ":material/menu_book:",
        "About",
        "Every column of every data file, its meaning, its rules and the fixed vocabularies.",
    ),
    PageSpec(
        "pages/about.py",
        "About & methods",
        ":material/info:",
        "About",
        "How works were chosen and numbers read, the dataset's version and licence, how to add a study.",
    ),
)


def page_by_url(url_path: str) -> PageSpec:
    for page in PAGES:
        if page.url_path == url_path:
            return page
    raise KeyError(url_path)


_built: dict[str, tuple[tuple[str, object], ...]] = {}  # main script's folder -> (section, st.Page) in order
_built_lock = threading.Lock()


def navigation_sections(main_folder: str) -> dict[str, list]:
    """The pages as ``st.navigation`` takes them, by section: copies of ``st.Page`` objects made once per process
    (making them resolves every page's path on disk, a twentieth of a rerun under load). A copy per run, because
    ``st.navigation`` and ``Page.run`` mark the page they return as run, and sessions run at the same time."""
    import streamlit as st

    with _built_lock:
        built = _built.get(main_folder)
    if built is None:
        built = tuple(
            (spec.section, st.Page(spec.file, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                                   default=spec is PAGES[0]))  # fmt: skip
            for spec in PAGES
        )
        with _built_lock:
            _built.setdefault(main_folder, built)
    sections: dict[str, list] = {}
    for section, page in built:
        sections.setdefault(section, []).append(copy.copy(page))
    return sections


_frame = threading.local()


@contextmanager
def framed() -> Iterator[None]:
    """The frame (app.py) runs the chosen page inside this, so a page can tell it was run by the frame."""
    _frame.active = True
    try:
        yield
    finally:
        _frame.active = False


def ensure_frame(page_file: str) -> None:
    """Make sure the page runs inside the frame (``app.py``); every page calls it first with its ``__file__``.

    Streamlit keeps an older multipage mode for apps with a ``pages/`` folder: until some session has called
    ``st.navigation``, it runs a requested page file on its own. A link to a page (``/studies?...``) opened
    first after the server starts would then show the page without the frame: no sidebar filters, no link
    checks. Several such links may arrive at once, so the test is whether this run went through the frame (not
    the global mode): a page run without it switches the old mode off and asks for itself again, with the
    link's parameters, so the frame runs, registers the pages and runs this page inside it.
    """
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(_frame, "active", False):
        return
    PagesManager.uses_pages_directory = False
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    st.switch_page(page_file, query_params=params)
