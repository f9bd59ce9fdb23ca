"""The app as two replicas behind nginx, started by ``scripts/serve-replicas.sh`` exactly as ``make serve-replicas``
does, on free loopback ports and the fixture dataset (4 works). nginx writes one JSON object a line to its access
log (``deploy/nginx.conf.template``): the route key a request was hashed by and the replica (``upstream``) that
served it. The tests read that log to see where each request went.

The script runs in a process group of its own. Teardown sends it SIGTERM, as a service manager would, and then
checks that nginx and both replicas are gone; whatever is left is killed with the whole group.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import FIXTURE_DATA, ROOT
from tests.load.test_load import load, run_in_own_loop

SCRIPT = ROOT / "scripts" / "serve-replicas.sh"
START_SECONDS = 180  # two Streamlit processes on a busy two-core machine
STOP_SECONDS = 40  # the script gives its children 20 s, then kills them


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all sockets held open until every port is chosen)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def accepts(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_get(url: str, cookie: str | None = None, timeout: float = 30) -> tuple[int, dict[str, list[str]], bytes]:
    """GET without following redirects or raising on 4xx: status, headers (lower-case names, every value), body."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    collected: dict[str, list[str]] = {}
    for name, value in headers.items():
        collected.setdefault(name.lower(), []).append(value)
    return status, collected, body


@dataclass
class Deployment:
    url: str  # nginx
    replica_ports: tuple[int, ...]
    run_dir: Path

    @property
    def replicas(self) -> set[str]:
        """The upstream addresses nginx logs for the replicas."""
        return {f"127.0.0.1:{port}" for port in self.replica_ports}

    def log(self) -> list[dict]:
        path = self.run_dir / "access.log"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def wait_for_log(self, done: Callable[[list[dict]], bool], timeout: float = 30, since: int = 0) -> list[dict]:
        """The log's entries from index ``since`` on, once ``done`` holds for them. nginx writes a websocket's line
        when the connection ends, a moment after the client closed it."""
        deadline = time.monotonic() + timeout
        while True:
            entries = self.log()[since:]
            if done(entries):
                return entries
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for the access log; its last entries: {entries[-10:]}")
            time.sleep(0.2)

    def route_to(self, replica: str, tries: int = 60) -> str:
        """A route key that nginx hashes to ``replica``, found by sending keys and reading where they went."""
        for _ in range(tries):
            key = secrets.token_hex(16)
            http_get(f"{self.url}/_stcore/health", cookie=f"rse_route={key}")
            entry = self.wait_for_log(lambda entries, key=key: any(e["route"] == key for e in entries), timeout=10)
            if next(e for e in entry if e["route"] == key)["upstream"] == replica:
                return key
        raise AssertionError(f"no route key out of {tries} went to {replica}")


def _start(run_dir: Path) -> tuple[subprocess.Popen, Deployment]:
    port, *replica_ports = free_ports(3)
    env = {
        **os.environ,
        "PORT": str(port),
        "REPLICA_PORTS": " ".join(map(str, replica_ports)),
        "EVIDENCE_DATA_DIR": str(FIXTURE_DATA),
        "RUN_DIR": str(run_dir),
        "PYTHON": sys.executable,
        "STARTUP_TIMEOUT": str(START_SECONDS - 20),
    }
    with open(run_dir.parent / f"{run_dir.name}-script.log", "wb") as output:  # the child keeps its own copy
        process = subprocess.Popen(
            ["bash", str(SCRIPT)], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, Deployment(f"http://127.0.0.1:{port}", tuple(replica_ports), run_dir)


def _script_output(run_dir: Path) -> str:
    path = run_dir.parent / f"{run_dir.name}-script.log"
    return path.read_text(errors="replace") if path.exists() else ""


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def start_deployment(run_dir: Path) -> tuple[subprocess.Popen, Deployment]:
    """``serve-replicas.sh`` started on free ports, waited for, and each replica warmed; killed if any of it fails."""
    process, deployed = _start(run_dir)
    try:
        deadline = time.monotonic() + START_SECONDS
        while "Ctrl-C stops" not in _script_output(run_dir):
            if process.poll() is not None:
                pytest.fail(f"serve-replicas.sh exited with {process.returncode}:\n{_script_output(run_dir)}")
            if time.monotonic() > deadline:
                pytest.fail(f"serve-replicas.sh did not start within {START_SECONDS}s:\n{_script_output(run_dir)}")
            time.sleep(0.3)
        assert http_get(f"{deployed.url}/_stcore/health")[0] == 200
        # Warm each replica on its own port: the first links a just-started server gets at once can miss the frame
        # (tests/load/test_load.py, "Cold start"); that race is the app's, not the balancer's.
        for port in deployed.replica_ports:
            problems, _, _ = run_in_own_loop(load(f"http://127.0.0.1:{port}", sessions=1))
            assert not problems, f"warming the replica on {port}:\n" + "\n".join(problems)
    except BaseException:
        _kill_group(process)
        raise
    return process, deployed


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    run_dir = tmp_path_factory.mktemp("replicas")
    process, deployed = start_deployment(run_dir)
    yield deployed
    process.send_signal(signal.SIGTERM)  # the script alone: its trap must stop nginx and the replicas
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        pytest.fail(f"serve-replicas.sh did not stop within {STOP_SECONDS}s of SIGTERM:\n{_script_output(run_dir)}")
    left = [port for port in (int(deployed.url.rsplit(":", 1)[1]), *deployed.replica_ports) if accepts(port)]
    if left:
        _kill_group(process)
        pytest.fail(f"after SIGTERM something still listens on {left}:\n{_script_output(run_dir)}")
    try:  # nothing of the group is left either
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return
    _kill_group(process)
    pytest.fail(f"processes of serve-replicas.sh outlived it:\n{_script_output(run_dir)}")


class Chromium:
    """Debian's Chromium under a Playwright of its own, on a thread of its own.

    The browser tests' session-wide ``browser`` fixture keeps Playwright's event loop on the main thread, and a
    second sync Playwright refuses to start beside it; these tests therefore drive their browser on one worker
    thread (every Playwright object stays on the thread that made it). ``run(work)`` calls ``work(browser)`` there.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deploy-chromium")
        self._playwright = None
        self._browser = None

    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, work, timeout: float = 240):
        def call():
            if self._browser is None:
                self._launch()
            return work(self._browser)

        return self._pool.submit(call).result(timeout=timeout)

    def close(self) -> None:
        def stop() -> None:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()

        try:
            self._pool.submit(stop).result(timeout=60)
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs Debian's chromium package")
    browser = Chromium()
    yield browser
    browser.close()
