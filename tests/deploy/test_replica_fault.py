"""A replica stops in the middle of a lecture: 30 sessions through two replicas behind nginx, one replica killed.

Each session is a tab with its own route cookie, on the view a link gives it (a page and its filters, chosen with
a widget so that the app itself wrote the link). When one replica is killed (SIGKILL, as a crash), the tabs it
served lose their websocket; like Streamlit's frontend, each reconnects to the same address with the same cookie,
nginx sends it to the replica that is left, and the app rebuilds the view from the link alone. The tabs on the
other replica keep their websocket and rerun on it.

Counted: views lost (a tab whose view after the fault differs from its view before it) and errors after the
reconnect (exceptions on screen, a page not found, a failed run). Both must be 0.

The deployment here is a second one of its own (the session-wide one in conftest stays whole for the other tests).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from websockets.exceptions import ConnectionClosed

from tests.deploy.conftest import Deployment, _kill_group, http_get, start_deployment
from tests.deploy.test_replicas import CookieSession
from tests.load.client import ProtocolError, Run
from tests.load.test_load import SCENARIOS, check, count_sentence, run_in_own_loop

pytestmark = pytest.mark.slow

SESSIONS = 30
RUN_SECONDS = 90.0  # one run on the replica that is left, queued behind the tabs that moved to it


@dataclass
class Tab:
    index: int
    cookie: str
    page: str = ""
    link: str = ""
    before: str | None = None  # the count sentence shown before the fault
    session: CookieSession | None = None


@pytest.fixture
def doomed(tmp_path) -> Iterator[tuple[Deployment, subprocess.Popen]]:
    """Two replicas behind nginx, started as ``make serve-replicas`` does; one of them is killed by the test."""
    run_dir = tmp_path / "replicas"
    run_dir.mkdir()
    process, deployed = start_deployment(run_dir)
    try:
        yield deployed, process
    finally:
        _kill_group(process)


def replica_pid(port: int) -> int:
    """The process of the replica listening on ``port`` (its command line names the port)."""
    found = subprocess.run(["pgrep", "-f", f"streamlit run app.py .*--server.port {port} "], capture_output=True,
                           text=True, check=False)  # fmt: skip
    pids = [int(p) for p in found.stdout.split()]
    assert len(pids) == 1, f"expected one replica on port {port}, found {pids}"
    return pids[0]


async def open_view(tab: Tab, url: str) -> Run:
    """Connect with the tab's cookie and show its scenario's first two steps: a link, then a widget change that makes
    the app write the link the tab keeps."""
    first, second = SCENARIOS[tab.index % len(SCENARIOS)][:2]
    tab.session = CookieSession(url, tab.cookie, timeout=RUN_SECONDS)
    await tab.session.__aenter__()
    shown = await tab.session.open(first.page, first.query)
    label, chosen = second.widget
    shown = await tab.session.set_multiselect(shown, label, list(chosen))
    problems = check(shown, second, f"tab {tab.index} before the fault")
    assert not problems, problems
    tab.page, tab.link, tab.before = tab.session.url_path, tab.session.query_string, count_sentence(shown)
    return shown


async def after_the_fault(tab: Tab, url: str) -> tuple[str, Run | None, bool]:
    """Rerun the tab's view on its websocket; when that websocket is gone, reconnect (same address, same cookie)
    and open the tab's link, as the frontend does. Returns a problem ('' for none), the run, and whether it moved."""
    moved = False
    try:
        run = await tab.session.open(tab.page, tab.link)
    except (ConnectionClosed, ProtocolError, OSError):
        moved = True
        await close_quietly(tab.session)
        tab.session = CookieSession(url, tab.cookie, timeout=RUN_SECONDS)
        try:
            await tab.session.__aenter__()
            run = await tab.session.open(tab.page, tab.link)
        except (ConnectionClosed, ProtocolError, OSError) as error:
            return f"tab {tab.index}: could not get its view back: {type(error).__name__}: {error}", None, moved
    problems = []
    if run.exceptions:
        problems.append(f"exceptions on screen: {run.exceptions}")
    if run.page_not_found:
        problems.append(f"page not found: {run.page_not_found}")
    if count_sentence(run) != tab.before:
        problems.append(f"view lost: shows {count_sentence(run)!r}, had {tab.before!r}")
    return (f"tab {tab.index}: " + "; ".join(problems)) if problems else "", run, moved


async def close_quietly(session: CookieSession | None) -> None:
    if session is None:
        return
    try:
        await session.__aexit__(None, None, None)
    except (ConnectionClosed, OSError):
        pass


async def lecture(deployment: Deployment) -> dict:
    tabs = [Tab(i, f"rse_route={secrets.token_hex(16)}") for i in range(SESSIONS)]
    try:
        await asyncio.gather(*(open_view(tab, deployment.url) for tab in tabs))
        # where each tab's websocket went: nginx hashes the cookie, so a plain request with it goes to the same
        # replica, and its log line is written at once (a websocket's only when it closes)
        routes = {tab.cookie.removeprefix("rse_route="): tab for tab in tabs}
        for tab in tabs:
            status, _, _ = await asyncio.to_thread(http_get, f"{deployment.url}/_stcore/health", tab.cookie)
            assert status == 200
        entries = await asyncio.to_thread(
            deployment.wait_for_log, lambda es: all(any(e["route"] == key for e in es) for key in routes)
        )
        homes = {tab.index: next(e["upstream"] for e in entries if e["route"] == key) for key, tab in routes.items()}
        victim = Counter(homes.values()).most_common(1)[0][0]
        os.kill(replica_pid(int(victim.rsplit(":", 1)[1])), signal.SIGKILL)
        outcomes = await asyncio.gather(*(after_the_fault(tab, deployment.url) for tab in tabs))
        return {"homes": homes, "victim": victim, "outcomes": outcomes, "tabs": tabs}
    finally:
        await asyncio.gather(*(close_quietly(tab.session) for tab in tabs))


@pytest.mark.timeout(600)
def test_thirty_sessions_keep_their_views_when_one_replica_is_killed(doomed, capsys) -> None:
    deployment, _ = doomed
    found = run_in_own_loop(lecture(deployment))
    homes, victim, outcomes = found["homes"], found["victim"], found["outcomes"]
    on_victim = sum(1 for home in homes.values() if home == victim)
    assert 0 < on_victim < SESSIONS, f"the tabs should be on both replicas: {Counter(homes.values())}"
    problems = [problem for problem, _, _ in outcomes if problem]
    moved = sum(1 for _, _, did in outcomes if did)
    with capsys.disabled():
        print(f"\nreplica fault: {SESSIONS} tabs, {on_victim} on the killed replica, {moved} reconnected, "
              f"{len(problems)} problems")  # fmt: skip
    assert problems == [], "\n".join(problems)
    assert moved == on_victim, "exactly the killed replica's tabs had to reconnect"
    (left,) = deployment.replicas - {victim}
    moved_keys = {t.cookie.removeprefix("rse_route=") for t in found["tabs"] if homes[t.index] == victim}

    def served_at_last(entry: dict) -> str:  # nginx lists every replica it tried: "dead:port, left:port"
        return entry["upstream"].split(",")[-1].strip()

    streams = deployment.wait_for_log(
        lambda es: moved_keys <= {e["route"] for e in es if e["uri"] == "/_stcore/stream" and served_at_last(e) == left}
    )  # the moved tabs' new websockets went to the replica that was left (logged when they closed)
    tried = {e["upstream"] for e in streams if e["route"] in moved_keys and e["upstream"] != left}
    assert all(victim in t for t in tried), tried
