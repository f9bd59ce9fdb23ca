"""Concurrent sessions and server memory, over Streamlit's own websocket protocol (:mod:`tests.load.client`).

Each session is one browser tab without a browser: it opens its page (not timed), then changes one multiselect
filter back and forth, each change one script run whose latency is timed from the request to ``script_finished``.
All sessions of a burst start their timed runs together; runs per second is the burst's runs over its wall time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from dataclasses import dataclass

from tests.load.client import ProtocolError, Run, Session

RUN_TIMEOUT = 120.0


@dataclass(frozen=True)
class Flow:
    """What one session does: open ``path`` (url path, query string), then toggle ``option`` in the multiselect
    labelled ``label``; without a label (the empty app) each timed run is a plain rerun of the page."""

    path: str
    query: str = ""
    label: str = ""
    option: str = ""  # "" for the multiselect's first option


def run_in_own_loop(coroutine):
    """asyncio.run on a thread of its own (Playwright's sync API keeps a loop running on the main thread)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _check(run: Run, where: str) -> None:
    if run.exceptions or run.page_not_found:
        raise ProtocolError(f"{where}: exceptions {run.exceptions[:2]}, page not found {run.page_not_found}")


async def _change(session: Session, shown: Run, flow: Flow, on: bool) -> Run:
    if not flow.label:
        return await session.open(flow.path, session.query_string)
    option = flow.option or shown.multiselect(flow.label).options[0]
    return await session.set_multiselect(shown, flow.label, [option] if on else [])


async def _session(
    url: str,
    flow: Flow,
    runs: int,
    ready: asyncio.Barrier,
    latencies: list[tuple[str, float]],
    errors: list[str] | None = None,
) -> None:
    async with Session(url, timeout=RUN_TIMEOUT) as session:
        shown = await session.open(flow.path, flow.query)
        _check(shown, f"open /{flow.path}")
        await ready.wait()
        for number in range(runs):
            try:
                shown = await _change(session, shown, flow, on=number % 2 == 0)
                _check(shown, f"/{flow.path} run {number}")
            except (ProtocolError, OSError) as error:
                if errors is None:
                    raise
                errors.append(f"/{flow.path} run {number}: {error}")
                return
            latencies.append((flow.path, shown.seconds))


async def burst(
    url: str, flows: list[Flow], sessions: int, runs: int, errors: list[str] | None = None
) -> tuple[float, list[tuple[str, float]]]:
    """``sessions`` sessions at once (session i follows ``flows[i % len(flows)]``), ``runs`` timed runs each.
    Returns (runs per second, (page, latency) of every run). With ``errors``, a timed run that fails is noted there
    and ends its session, instead of ending the burst."""
    latencies: list[tuple[str, float]] = []
    ready = asyncio.Barrier(sessions + 1)
    tasks = [
        asyncio.create_task(_session(url, flows[index % len(flows)], runs, ready, latencies, errors))
        for index in range(sessions)
    ]
    async with asyncio.timeout(RUN_TIMEOUT * (runs + 2)):
        waiting = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait([waiting, *tasks], return_when=asyncio.FIRST_COMPLETED)
        if waiting not in done:  # a session failed before the timed runs
            for task in tasks:
                task.cancel()
            for task in done:
                task.result()
        started = time.perf_counter()
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


async def hold_sessions(url: str, flows: list[Flow], count: int, measure) -> list[float]:
    """Open ``count`` sessions one after another, each running its page once and staying connected; call
    ``measure()`` after the first session has visited every flow's page, and again once all are open."""
    readings: list[float] = []
    async with contextlib.AsyncExitStack() as stack:
        first = await stack.enter_async_context(Session(url, timeout=RUN_TIMEOUT))
        for flow in flows:  # the first session visits every page: modules imported, caches filled
            _check(await first.open(flow.path, flow.query), f"open /{flow.path}")
        await asyncio.sleep(1.0)
        readings.append(measure())
        for index in range(1, count):
            flow = flows[index % len(flows)]
            session = await stack.enter_async_context(Session(url, timeout=RUN_TIMEOUT))
            _check(await session.open(flow.path, flow.query), f"open /{flow.path}")
        await asyncio.sleep(1.0)
        readings.append(measure())
    return readings
