"""Two replicas behind nginx (``scripts/serve-replicas.sh``), over plain HTTP and the app's websocket protocol.

- The first response gives a browser its route cookie; a later request that carries it gets no new one.
- One cookie keeps the page, the session's websocket and the session's download (made on the click, asked for over
  the websocket) on one replica; the same download asked for with a route to the other replica is a 404 there
  (that replica never had the session).
- The load test's 30 concurrent sessions, through nginx: no problem, every run counted, and both replicas served
  sessions (the load client sends no cookie, so each websocket gets a fresh random route).
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import io
import re
import statistics
from collections import Counter

import pytest
from websockets.asyncio.client import connect

from tests.deploy.conftest import Deployment, http_get
from tests.load.client import Run, Session
from tests.load.test_load import BUDGET_SECONDS, SCENARIOS, SESSIONS, load, percentile, run_in_own_loop

pytestmark = pytest.mark.slow

ROUTE_COOKIE = re.compile(r"rse_route=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax")
CSV_LABEL = "Download these studies (CSV)"
FIXTURE_KEYS = ["alpha2001", "beta2005", "gamma2010", "delta2015"]
STREAM = "/_stcore/stream"


def route_cookies(headers: dict[str, list[str]]) -> list[str]:
    return [value for value in headers.get("set-cookie", []) if value.startswith("rse_route=")]


def first_visit(deployment: Deployment, path: str = "/studies") -> str:
    """Open a page with no cookie, as a new browser does; the route key its response sets."""
    status, headers, body = http_get(deployment.url + path)
    assert status == 200 and headers["content-type"][0].startswith("text/html") and b"<html" in body.lower()
    cookies = route_cookies(headers)
    assert len(cookies) == 1 and ROUTE_COOKIE.fullmatch(cookies[0]), headers.get("set-cookie")
    return ROUTE_COOKIE.fullmatch(cookies[0])[1]


def served_by(deployment: Deployment, key: str, since: int = 0) -> str:
    """The replica that served the first logged request with route ``key``."""
    entries = deployment.wait_for_log(lambda entries: any(e["route"] == key for e in entries), since=since)
    return next(e for e in entries if e["route"] == key)["upstream"]


class CookieSession(Session):
    """The load client's tab, with the browser's cookie on its websocket handshake (the load client sends none)."""

    def __init__(self, base_url: str, cookie: str, *, timeout: float = 60.0) -> None:
        super().__init__(base_url, timeout=timeout)
        self.cookie = cookie

    async def __aenter__(self) -> CookieSession:
        options: dict[str, object] = {
            "subprotocols": ["streamlit"],
            "origin": self.base_url,
            "additional_headers": {"Cookie": self.cookie},
            "max_size": 64 * 2**20,
            "open_timeout": self.timeout,
            "close_timeout": 5,
            "compression": None,
        }
        if "proxy" in inspect.signature(connect.__init__).parameters:
            options["proxy"] = None
        self._ws = await connect(self.ws_url, **options)  # type: ignore[arg-type]
        return self


def csv_button_file(run: Run) -> str:
    """The deferred file id of the studies CSV's button: the file is made when the button is clicked."""
    buttons = [e.download_button for e in run.ordered() if e.WhichOneof("type") == "download_button"]
    ids = [b.deferred_file_id for b in buttons if b.label == CSV_LABEL]
    assert len(ids) == 1 and ids[0], [(b.label, b.url, b.deferred_file_id) for b in buttons]
    return ids[0]


async def studies_and_download(url: str, key: str, elsewhere: str):
    """Open the Studies page in a session with route ``key`` and, while it is open, fetch its CSV download with that
    route and with route ``elsewhere``."""
    async with CookieSession(url, f"rse_route={key}") as session:
        run = await session.open("studies")
        media = await session.deferred_file(csv_button_file(run))  # the click: the replica makes the file
        assert media.startswith("/media/"), media
        mine = await asyncio.to_thread(http_get, url + media, f"rse_route={key}")
        theirs = await asyncio.to_thread(http_get, url + media, f"rse_route={elsewhere}")
    return run, media, mine, theirs


def test_the_first_response_sets_the_route_cookie_and_later_requests_keep_it(deployment: Deployment) -> None:
    key = first_visit(deployment)
    status, headers, _ = http_get(f"{deployment.url}/studies", cookie=f"rse_route={key}")
    assert status == 200 and route_cookies(headers) == [], "a request with its cookie gets no new one"
    status, headers, _ = http_get(f"{deployment.url}/_stcore/health", cookie="rse_route=not-one-of-ours")
    fresh = route_cookies(headers)
    assert len(fresh) == 1 and ROUTE_COOKIE.fullmatch(fresh[0]), "a key nginx did not make is replaced"
    entries = deployment.wait_for_log(lambda entries: sum(e["route"] == key for e in entries) >= 2)
    assert len({e["upstream"] for e in entries if e["route"] == key}) == 1


def test_one_cookie_keeps_page_websocket_and_download_on_one_replica(deployment: Deployment) -> None:
    key = first_visit(deployment)
    home = served_by(deployment, key)
    (other,) = deployment.replicas - {home}
    elsewhere = deployment.route_to(other)
    since = len(deployment.log())

    run, media, mine, theirs = run_in_own_loop(studies_and_download(deployment.url, key, elsewhere))

    assert not run.exceptions and run.count_line() == "**4 of 4 works** match the filters."
    status, headers, body = mine
    assert status == 200, (status, body[:200])
    assert 'filename="studies.csv"' in headers["content-disposition"][0]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert sorted(r["Key"] for r in rows) == sorted(FIXTURE_KEYS)
    assert theirs[0] == 404, "the other replica never had this session's file"

    entries = deployment.wait_for_log(
        lambda entries: any(e["route"] == key and e["uri"] == STREAM for e in entries), since=since
    )
    ours = [e for e in entries if e["route"] == key]
    assert {e["upstream"] for e in ours} == {home}, ours
    assert [(e["uri"], e["status"]) for e in ours if e["uri"] in (STREAM, media)] == [(media, 200), (STREAM, 101)]
    misrouted = [e for e in entries if e["route"] == elsewhere and e["uri"] == media]
    assert [(e["upstream"], e["status"]) for e in misrouted] == [(other, 404)]


@pytest.mark.timeout(480)  # the deployment may start within this test (up to 180 s) before the load's 120 s
def test_thirty_sessions_through_nginx_see_the_right_counts_on_both_replicas(deployment: Deployment, capsys) -> None:
    before = deployment.log()
    known = {e["route"] for e in before}  # the load's tabs send no cookie: each websocket gets a new route
    problems, latencies, elapsed = run_in_own_loop(load(deployment.url))
    runs = SESSIONS * len(SCENARIOS[0])
    with capsys.disabled():
        if latencies:
            print(
                f"\nload through nginx: {SESSIONS} sessions, {len(latencies)}/{runs} runs in {elapsed:.1f}s; rerun "
                f"latency p50 {percentile(latencies, 0.50):.2f}s, p95 {percentile(latencies, 0.95):.2f}s, "
                f"mean {statistics.fmean(latencies):.2f}s"
            )
    assert not problems, "\n".join(problems[:40])
    assert len(latencies) == runs
    assert elapsed < BUDGET_SECONDS

    def load_streams(entries: list[dict]) -> list[dict]:
        return [e for e in entries if e["uri"] == STREAM and e["route"] not in known]

    entries = deployment.wait_for_log(lambda entries: len(load_streams(entries)) >= SESSIONS, since=len(before))
    streams = load_streams(entries)
    sessions_on = Counter(e["upstream"] for e in streams)
    with capsys.disabled():
        print(f"websocket sessions per replica: {dict(sessions_on)}")
    assert len(streams) == SESSIONS and {e["status"] for e in streams} == {101}, streams
    assert set(sessions_on) == deployment.replicas, f"websocket upgrades per replica: {dict(sessions_on)}"
