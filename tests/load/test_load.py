"""A bounded load test: 30 concurrent sessions on the served app, over Streamlit's own websocket protocol.

The app runs with ``streamlit run`` on a free loopback port on the fixture dataset (4 works, 3 claims, known
answers, see ``tests/pages``). Each session is one browser tab driven by :mod:`tests.load.client`: it opens the
Studies, Claims and Evidence map pages with filters in the link and changes one filter in the sidebar, 4 script
runs in all. Every run must show no exception and exactly the count its filters give; the whole load must end
within the budget. The latency of each run (request sent to ``script_finished``) is printed, not asserted.

Bounds: 30 sessions x 4 runs, one connection each, a per-run timeout, a message cap per run, and an overall
deadline that cancels whatever is still running.

Cold start: until some run has called ``st.navigation``, Streamlit runs a requested page file on its own (the
``pages/`` folder mode) and ``evidence.ui.registry.ensure_frame`` switches it back into the frame. With many first
requests at once, only the run that flips the flag switches; the pages of the others are already running and go
on without the frame (no sidebar, the link's filters ignored). The load test therefore opens one page first, and
:func:`test_first_links_after_a_cold_start_get_the_frame` keeps that race reproduced, as a known failure.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from evidence.data.schema import DESIGN_NAMES
from tests.browser.conftest import _serve
from tests.conftest import FIXTURE_DATA
from tests.load.client import ProtocolError, Run, Session, page_script_hash

pytestmark = pytest.mark.slow

SESSIONS = 30
BUDGET_SECONDS = 120.0
RUN_TIMEOUT_SECONDS = 60.0  # one run, queued behind the others' on a cold server


def run_in_own_loop(coroutine):
    """Run the load on a thread of its own: the browser tests' Playwright keeps an event loop running on the main
    thread for the whole session, and asyncio.run refuses to start beside it."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def works(n: int) -> str:
    return f"**{n} of 4 works** match the filters."


def claims(n: int) -> str:
    return f"**{n} of 3 claims** match the filters."


@dataclass(frozen=True)
class Step:
    page: str  # the page's url_path
    expected: str  # the count sentence it must show
    query: str = ""  # open the page with this link ...
    widget: tuple[str, tuple[str, ...]] | None = None  # ... or choose these options (as shown) in this multiselect
    link: str | None = None  # the address the app must write after a widget change


SCENARIOS: tuple[tuple[Step, ...], ...] = (
    (
        Step("studies", works(1), query="design=rct"),
        Step(
            "studies",
            works(2),
            widget=("Design", (DESIGN_NAMES["rct"], DESIGN_NAMES["systematic_review_meta_analysis"])),
            link="design=rct&design=systematic_review_meta_analysis",
        ),
        Step("claims", claims(1), query="verdict=supported&cited=cited_supports"),  # both judgments: C01
        Step("map", works(1), query="outcome=hip_strength"),
    ),
    (
        Step("claims", claims(2), query="post=postone"),
        Step("claims", claims(1), widget=("Certainty", ("moderate",)), link="post=postone&certainty=moderate"),
        Step("studies", works(2), query="post=postone"),
        Step("map", works(1), query="design=cross_sectional"),
    ),
    (
        Step("map", works(1), query="outcome=injury_overall"),
        Step(
            "map",
            works(1),
            widget=("Design", (DESIGN_NAMES["systematic_review_meta_analysis"],)),
            link="outcome=injury_overall&design=systematic_review_meta_analysis",
        ),
        Step("claims", claims(1), query="certainty=low"),
        Step("studies", works(1), query="post=posttwo"),
    ),
)


@pytest.fixture(scope="module")
def load_server() -> Iterator[str]:
    """The app on the fixture dataset, after one session has opened a page (see the cold start above)."""
    for url in _serve(FIXTURE_DATA):
        problems, latencies, _ = run_in_own_loop(load(url, sessions=1))
        assert not problems, "the warm-up session:\n" + "\n".join(problems)
        yield url


@pytest.fixture
def cold_server() -> Iterator[str]:
    """The app on the fixture dataset, just started: no session has run yet."""
    yield from _serve(FIXTURE_DATA)


def count_sentence(run: Run) -> str | None:
    """The 'N of M ... match the filters.' sentence (the Evidence map goes on after it)."""
    line = run.count_line()
    if line is None:
        return None
    return line[: line.index("match the filters.") + len("match the filters.")]


def check(run: Run, step: Step, where: str) -> list[str]:
    problems = []
    if run.exceptions:
        problems.append(f"{where}: exceptions on screen: {run.exceptions}")
    if run.page_not_found:
        problems.append(f"{where}: page not found: {run.page_not_found}")
    if run.page_script_hash != page_script_hash(step.page):
        problems.append(f"{where}: the server ran page hash {run.page_script_hash!r}, not the page asked for")
    if count_sentence(run) != step.expected:
        problems.append(f"{where}: shows {run.count_line()!r}, expected {step.expected!r}")
    return problems


async def one_session(url: str, index: int, latencies: list[float], steps: int) -> list[str]:
    """One tab: the steps of its scenario in order; what went wrong, step by step (it stops at a broken one)."""
    problems: list[str] = []
    async with Session(url, timeout=RUN_TIMEOUT_SECONDS) as session:
        shown: Run | None = None
        for number, step in enumerate(SCENARIOS[index % len(SCENARIOS)][:steps], 1):
            where = f"session {index} step {number} /{step.page}"
            try:
                if step.widget is None:
                    shown = await session.open(step.page, step.query)
                else:
                    assert shown is not None and session.url_path == step.page, "a widget step follows its page"
                    label, chosen = step.widget
                    shown = await session.set_multiselect(shown, label, list(chosen))
                    if step.link is not None and session.query_string != step.link:
                        problems.append(f"{where}: the link became {session.query_string!r}, not {step.link!r}")
            except ProtocolError as error:
                problems.append(f"{where}: {error}")
                break
            latencies.append(shown.seconds)
            problems += check(shown, step, where)
    return problems


async def load(url: str, sessions: int = SESSIONS, steps: int = 4) -> tuple[list[str], list[float], float]:
    """``sessions`` tabs at once, each through the first ``steps`` steps of its scenario, within the budget."""
    latencies: list[float] = []
    started = time.perf_counter()
    async with asyncio.timeout(BUDGET_SECONDS):
        outcomes = await asyncio.gather(
            *(one_session(url, index, latencies, steps) for index in range(sessions)), return_exceptions=True
        )
    elapsed = time.perf_counter() - started
    problems: list[str] = []
    for index, outcome in enumerate(outcomes):
        if isinstance(outcome, BaseException):
            problems.append(f"session {index} failed: {type(outcome).__name__}: {outcome}")
        else:
            problems += outcome
    return problems, latencies, elapsed


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(round(fraction * len(ordered), 9))) - 1]


def test_thirty_concurrent_sessions_see_the_right_counts_without_errors(load_server: str, capsys) -> None:
    problems, latencies, elapsed = run_in_own_loop(load(load_server))
    runs = SESSIONS * len(SCENARIOS[0])
    with capsys.disabled():
        if latencies:
            print(
                f"\nload: {SESSIONS} sessions, {len(latencies)}/{runs} runs in {elapsed:.1f}s; rerun latency "
                f"p50 {percentile(latencies, 0.50):.2f}s, p95 {percentile(latencies, 0.95):.2f}s, "
                f"max {max(latencies):.2f}s, mean {statistics.fmean(latencies):.2f}s"
            )
    assert not problems, "\n".join(problems[:40])
    assert len(latencies) == runs
    assert elapsed < BUDGET_SECONDS


def test_first_links_after_a_cold_start_get_the_frame(cold_server: str) -> None:
    problems, latencies, elapsed = run_in_own_loop(load(cold_server, steps=1))
    assert not problems, f"{len(problems)} of {SESSIONS} first links went wrong:\n" + "\n".join(problems[:10])
