"""A replica stops while 30 sessions are open through nginx: every session on it reconnects to the other replica and
gets its view back from the link; none is lost and nothing fails after the reconnect.

Two replicas behind nginx (``scripts/serve-replicas.sh``, a deployment of this module's own: one replica is killed)
on the fixture dataset. 15 sessions carry a route cookie that nginx hashes to each replica, as 30 browser tabs would
(a tab keeps its cookie when it reconnects). Each session opens a page from a link, then changes a filter, which the
app writes into the link. The replica of half of them is then killed (SIGKILL: a crash, no goodbye). Every session
reruns: a session whose websocket was cut reconnects, as the page does, and opens its address with the link the app
wrote; nginx sends it to the surviving replica, where a fresh session draws the view from the link. Each session
must show the view it showed before (its count sentence and its link), with no exception.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from websockets.exceptions import ConnectionClosed

from tests.deploy.conftest import Deployment, served
from tests.load.client import ProtocolError, Session
from tests.load.test_load import SCENARIOS, count_sentence, run_in_own_loop

pytestmark = pytest.mark.slow

SESSIONS = 30
RUN_TIMEOUT = 90.0


@dataclass
class Tab:
    """One browser tab: its cookie, its page, the view it showed before the fault and what happened after."""

    cookie: str
    page: str
    query: str
    widget: tuple[str, tuple[str, ...]]
    expected: str
    before: tuple[str | None, str] | None = None  # (count sentence, link) before the fault
    after: tuple[str | None, str] | None = None
    reconnected: bool = False
    errors: list[str] = field(default_factory=list)


def _tabs(cookies: dict[str, str]) -> list[Tab]:
    """30 tabs, 15 routed to each replica, each following the first two steps of a load scenario (a page opened
    from a link, then a filter changed in the sidebar)."""
    tabs = []
    keys = list(cookies.values())
    for index in range(SESSIONS):
        opened, changed = SCENARIOS[index % len(SCENARIOS)][:2]
        assert changed.widget is not None and changed.page == opened.page
        tabs.append(Tab(f"rse_route={keys[index % 2]}", opened.page, opened.query, changed.widget, changed.expected))
    return tabs


async def _before(session: Session, tab: Tab) -> None:
    shown = await session.open(tab.page, tab.query)
    label, chosen = tab.widget
    shown = await session.set_multiselect(shown, label, list(chosen))
    if shown.exceptions:
        raise ProtocolError(f"before the fault: {shown.exceptions[:2]}")
    tab.before = (count_sentence(shown), session.query_string)


async def _after(session: Session, url: str, tab: Tab) -> None:
    """Rerun the tab's page; if its websocket was cut, reconnect (same cookie) and open its address with its link."""
    link = session.query_string
    try:
        shown = await session.open(tab.page, link)
    except (ConnectionClosed, ProtocolError, OSError):
        tab.reconnected = True
        async with Session(url, timeout=RUN_TIMEOUT, cookie=tab.cookie) as fresh:
            shown = await fresh.open(tab.page, link)
            link = fresh.query_string
    tab.errors += shown.exceptions + shown.page_not_found
    tab.after = (count_sentence(shown), link)


async def _scenario(deployment: Deployment, tabs: list[Tab], victim: int) -> None:
    sessions = [Session(deployment.url, timeout=RUN_TIMEOUT, cookie=tab.cookie) for tab in tabs]
    for session in sessions:
        await session.__aenter__()
    try:
        await asyncio.gather(*(_before(session, tab) for session, tab in zip(sessions, tabs, strict=True)))
        os.kill(victim, signal.SIGKILL)
        await asyncio.sleep(1.0)
        results = await asyncio.gather(
            *(_after(session, deployment.url, tab) for session, tab in zip(sessions, tabs, strict=True)),
            return_exceptions=True,
        )
        for tab, result in zip(tabs, results, strict=True):
            if isinstance(result, BaseException):
                tab.errors.append(f"{type(result).__name__}: {result}")
    finally:
        for session in sessions:
            try:
                await session.__aexit__(None, None, None)
            except Exception:  # noqa: BLE001 - a websocket the fault already closed
                pass


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with served(tmp_path_factory.mktemp("replica-fault")) as deployed:
        yield deployed


@pytest.mark.timeout(600)
def test_a_replica_stops_and_every_session_gets_its_view_back_on_the_other(faulty: Deployment, capsys) -> None:
    stopped, surviving = sorted(faulty.replicas)
    cookies = {replica: faulty.route_to(replica) for replica in (stopped, surviving)}
    tabs = _tabs(cookies)
    victim = faulty.replica_pid(int(stopped.rsplit(":", 1)[1]))
    since = len(faulty.log())
    run_in_own_loop(asyncio.wait_for(_scenario(faulty, tabs, victim), timeout=420))

    lost = [(tab.page, tab.before, tab.after) for tab in tabs if tab.after != tab.before]
    errors = [(tab.page, tab.errors) for tab in tabs if tab.errors]
    reconnected = [tab for tab in tabs if tab.reconnected]
    with capsys.disabled():
        print(f"\nreplica fault: {len(reconnected)} of {SESSIONS} sessions reconnected, {len(lost)} views lost, "
              f"{len(errors)} with errors")  # fmt: skip
    assert all(tab.before is not None and tab.before[0] == tab.expected for tab in tabs)
    assert errors == []
    assert lost == []
    # exactly the tabs routed to the stopped replica reconnected, and they reached the surviving one
    assert {tab.cookie for tab in reconnected} == {f"rse_route={cookies[stopped]}"}
    assert len(reconnected) == SESSIONS // 2
    streams = [e for e in faulty.log()[since:] if e["uri"] == "/_stcore/stream" and e["route"] == cookies[stopped]]
    assert any(e["upstream"].endswith(surviving) and e["status"] == 101 for e in streams), streams
