"""Chromium measurements: cold start and click-to-rerun, timed inside the page.

A script added to every page (:data:`WATCH`) listens to the app's websocket before the app does: it notes, on the
page's own clock, when each message that carries ``script_finished`` arrives (it reads the top-level fields of
Streamlit's ``ForwardMsg`` protobuf: ``script_finished`` is field 6), and when the last pointer or key press
happened. Click-to-rerun is the time between the two, so it does not depend on how fast Playwright hands events to
Python (a page that sends a thousand elements would otherwise seem slower than it is).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT = 120.0
SCRIPT_FINISHED_FIELD = 6  # ForwardMsg.script_finished

WATCH = """
(() => {
  const finished = [];  // epoch milliseconds at which each script_finished arrived
  window.__benchFinished = finished;
  window.__benchInput = 0;
  const now = () => performance.timeOrigin + performance.now();
  for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, () => { window.__benchInput = now(); }, true);
  }
  const isFinished = (bytes) => {  // does this ForwardMsg set top-level field FIELD?
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (field === FIELD) return true;
      if (wire === 0) varint(); else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4; else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer && isFinished(new Uint8Array(event.data))) finished.push(now());
      });
    }
  };
})();
""".replace("FIELD", str(SCRIPT_FINISHED_FIELD))


class Tab:
    """A browser page that knows, on its own clock, when each script run it received finished."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(WATCH)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def runs(self) -> int:
        return int(self.page.evaluate("(window.__benchFinished || []).length"))

    def wait_for_run(self, count: int, timeout: float = TIMEOUT) -> float:
        """Wait until ``count`` runs have finished; the moment the ``count``-th finished (epoch seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            moments = self.page.evaluate("window.__benchFinished || []")
            if len(moments) >= count:
                return moments[count - 1] / 1000
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s for script run {count}; saw {len(moments)}")
            self.page.wait_for_timeout(10)

    def timed(self, action) -> float:
        """Seconds from the pointer or key press of ``action`` until the rerun it starts has finished."""
        before = self.runs()
        action()
        finished = self.wait_for_run(before + 1)
        pressed = self.page.evaluate("window.__benchInput") / 1000
        if not pressed or pressed > finished:
            raise RuntimeError("no pointer or key press was seen before the run finished")
        return finished - pressed

    def settle(self, quiet: float = 0.25) -> None:
        """Wait until no run has finished for ``quiet`` seconds (a page may rerun itself once after loading)."""
        deadline = time.monotonic() + TIMEOUT
        seen = -1
        while time.monotonic() < deadline:
            count = self.runs()
            if count == seen:
                return
            seen = count
            self.page.wait_for_timeout(quiet * 1000)


@dataclass(frozen=True)
class App:
    """An app to measure: its script, data, the page a visitor opens first and what shows it has rendered."""

    name: str
    script: Path
    ready: str  # a CSS selector visible once the first page has rendered
    data_dir: Path | None = None


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium is missing at {CHROMIUM}: `make browser-deps` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def cold_start(browser, app: App) -> float:
    """Seconds from starting the server process until its first page has rendered in Chromium: the first
    ``script_finished`` has arrived and the app's ``ready`` element is visible. The browser tab is opened before
    the server starts (a tab's own start-up is not the app's), and loads the page as soon as the server answers."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = Tab(context.new_page())
        tab.page.goto("about:blank")
        server = serve.start(app.script, app.data_dir)
        try:
            tab.page.goto(server.url, wait_until="commit")
            tab.page.locator(app.ready).first.wait_for(state="visible", timeout=TIMEOUT * 1000)
            visible = time.time()
            finished = tab.wait_for_run(1)
            if tab.errors:
                raise RuntimeError(f"{app.name}: errors in the page: {tab.errors}")
            return max(visible, finished) - server.started_epoch
        finally:
            server.stop()
    finally:
        context.close()


@dataclass(frozen=True)
class Target:
    """A filter change to time: a multiselect on a page, and the option it adds then removes."""

    name: str  # e.g. "studies"
    path: str  # url path and query string of the page
    label: str  # the multiselect's label ("" for a plain rerun with the R key, the empty app)
    option: str = ""  # the option as shown ("" for the first option in the list)


class Toggler:
    """One tab on one page that, at each :meth:`step`, adds one option to one multiselect (a click in its list) or
    removes it again (Backspace in its input): each step is one action that changes the filter and reruns the
    page."""

    def __init__(self, browser, url: str, target: Target) -> None:
        self.target = target
        self.context = browser.new_context(viewport=VIEWPORT)
        self.tab = Tab(self.context.new_page())
        self.tab.page.goto(f"{url}/{target.path.lstrip('/')}")
        self.tab.wait_for_run(1)
        self.tab.settle()
        self.box = self.tab.page.locator('[data-testid="stMultiSelect"]').filter(has_text=target.label)
        if target.label:
            self.box.wait_for(state="visible", timeout=TIMEOUT * 1000)
        self.option = target.option
        self.selected = False

    def step(self) -> float:
        page = self.tab.page
        if not self.target.label:  # the empty app has no widget: R reruns it, as a click reruns the others
            seconds = self.tab.timed(lambda: page.keyboard.press("r"))
        elif not self.selected:
            self.box.locator("input").click()  # opens the list: no rerun
            if self.option:
                choice = page.get_by_role("option", name=self.option, exact=True)
            else:  # the first option of the list, after Streamlit's "Select all"
                choice = page.get_by_role("option").filter(has_not_text="Select all").first
            choice.wait_for(state="visible", timeout=TIMEOUT * 1000)
            self.option = self.option or choice.inner_text().strip()
            seconds = self.tab.timed(choice.click)
            self._close_list()
        else:  # Backspace in the list's input removes the option again (the tag's own remove button misses some
            # clicks when the tags scroll in a narrow box, and "Clear all" shows only under the pointer)
            field = self.box.locator("input")
            field.focus()
            seconds = self.tab.timed(lambda: field.press("Backspace"))
        self.selected = not self.selected
        self.tab.settle(0.1)
        if self.tab.errors:
            raise RuntimeError(f"{self.target.name}: errors in the page: {self.tab.errors}")
        return seconds

    def _close_list(self) -> None:
        """Close the option list (it stays open after a choice, and would take the next click)."""
        listbox = self.tab.page.get_by_role("listbox")
        for _ in range(20):
            self.tab.page.keyboard.press("Escape")
            try:
                listbox.first.wait_for(state="hidden", timeout=500)
                return
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError: press Escape again
                continue
        raise RuntimeError(f"{self.target.name}: the option list of {self.target.label!r} does not close")

    def close(self) -> None:
        self.context.close()
