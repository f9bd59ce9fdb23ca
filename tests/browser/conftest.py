"""Browser fixtures: the app served by `streamlit run` on a free loopback port, driven by Playwright in
Debian's Chromium (/usr/bin/chromium). A missing browser fails the tests; it never skips them.

Waiting: every wait counts the `script_finished` messages the app sends on its websocket (decoded with
Streamlit's own protobuf), so a wait can never miss a rerun that finished quickly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_DATA, ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(data_dir: Path | None) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is not None:
        env["EVIDENCE_DATA_DIR"] = str(data_dir)
    else:
        env.pop("EVIDENCE_DATA_DIR", None)
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        output = process.stdout.read().decode(errors="replace") if process.stdout else ""
        pytest.fail(f"the app did not start on {url}:\n{output}")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[str]:
    """The app on the tiny fixture dataset (known answers)."""
    yield from _serve(FIXTURE_DATA)


@pytest.fixture(scope="session")
def real_server() -> Iterator[str]:
    """The app on its bundled data."""
    yield from _serve(None)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AppPage:
    """A Playwright page that knows when the app's script runs have finished."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.page = page
        self.finished = 0
        self.errors: list[str] = []
        self._decode = ForwardMsg.FromString
        page.on("websocket", self._watch)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _watch(self, websocket) -> None:
        websocket.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        try:
            message = self._decode(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg
            return
        if message.WhichOneof("type") == "script_finished":
            self.finished += 1

    def wait_for_runs(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.finished < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for script run {count}; saw {self.finished}")
            self.page.wait_for_timeout(25)
        self.page.wait_for_timeout(150)  # let the browser paint the last deltas

    def goto(self, url: str) -> None:
        before = self.finished
        self.page.goto(url)
        self.wait_for_runs(before + 1)

    def act(self, action) -> None:
        """Do something that triggers a rerun, and wait until that rerun has finished."""
        before = self.finished
        action()
        self.wait_for_runs(before + 1)

    def assert_no_exception(self) -> None:
        assert self.page.locator('[data-testid="stException"]').count() == 0
        assert self.errors == []


@pytest.fixture
def app_page(browser) -> Iterator[AppPage]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    yield AppPage(page)
    context.close()


@pytest.fixture
def phone_page(browser) -> Iterator[AppPage]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield AppPage(page)
    context.close()
