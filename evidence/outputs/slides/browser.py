"""The browser that draws a card's chart: a headless Chromium driven by kaleido, one per process.

The browser is the one named by the setting ``BROWSER_PATH``; when that is unset, Debian's ``/usr/bin/chromium``
(set as ``BROWSER_PATH`` if present), else any Chrome or Chromium kaleido can find. Without one, drawing a chart
raises :class:`SlideError` with a message a page can show.

Starting the browser takes seconds, so nothing starts it before the first chart; from then on one session stays
warm for the whole process and draws every later chart, and drawn charts are remembered by their figure.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import json
import os
import shutil
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from evidence.outputs.slides.errors import SlideError

BROWSER_SETTING = "BROWSER_PATH"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER_MESSAGE = "Slide cards need Chromium: make test installs Debian's chromium package"
#: Browser names looked up on PATH when ``BROWSER_PATH`` is unset and Debian's Chromium is absent.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Seconds to wait for the browser to start, and for one chart.
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 90.0


def _is_executable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def _search_browser() -> str | None:
    """A Chrome or Chromium on PATH, else one downloaded with ``kaleido_get_chrome`` (None when there is none)."""
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found and _is_executable(found):
            return found
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False, skip_typical=False)
    except Exception:  # noqa: BLE001 - a best-effort search in a library's internals
        return None
    return found if found and _is_executable(found) else None


def browser_path() -> str:
    """The Chrome/Chromium that draws charts: ``BROWSER_PATH``, which is set to Debian's Chromium when unset and
    that file exists; else a browser found on PATH or downloaded by kaleido. Raises :class:`SlideError` when none
    exists (or ``BROWSER_PATH`` names a file that is not an executable)."""
    if DEBIAN_CHROMIUM.exists():
        os.environ.setdefault(BROWSER_SETTING, str(DEBIAN_CHROMIUM))
    configured = os.environ.get(BROWSER_SETTING)
    if configured:
        if _is_executable(configured):
            return configured
        raise SlideError(f"{NO_BROWSER_MESSAGE} (no browser at {BROWSER_SETTING}={configured}).")
    found = _search_browser()
    if found is None:
        raise SlideError(f"{NO_BROWSER_MESSAGE}.")
    return found


class _ChartSession:
    """One headless browser (a ``kaleido.Kaleido``) kept open on its own event-loop thread for every chart.

    kaleido's own ``start_sync_server`` is not used: it has no timeout (a browser that dies leaves the caller
    waiting forever) and its callers can receive each other's images when two threads call at once, which
    Streamlit sessions do. Here a lock lets one chart through at a time, every wait has a timeout, and a failure
    closes the browser so the next chart starts a fresh one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._path: str | None = None

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _open(self, path: str) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="slide-chart-browser", daemon=True).start()
        self._loop, self._path = loop, path

        async def start() -> Any:
            session = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
            await session.open()
            return session

        try:
            self._kaleido = self._run(start(), START_TIMEOUT)
        except Exception:
            self._close_locked()
            raise

    def _close_locked(self) -> None:
        loop, session = self._loop, self._kaleido
        self._loop = self._kaleido = self._path = None
        if loop is None:
            return
        if session is not None:
            try:
                asyncio.run_coroutine_threadsafe(session.close(), loop).result(START_TIMEOUT)
            except Exception:  # noqa: BLE001 - closing a browser that already failed
                pass
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        """Close the browser (a later chart opens a new one)."""
        with self._lock:
            self._close_locked()

    def render(self, figure: dict, width: int, height: int, scale: float) -> bytes:
        """The figure as PNG bytes, ``width x height`` CSS pixels at ``scale``."""
        path = browser_path()
        with self._lock:
            if self._kaleido is not None and self._path != path:
                self._close_locked()
            try:
                if self._kaleido is None:
                    self._open(path)
                options = {"format": "png", "width": width, "height": height, "scale": scale}
                return self._run(self._kaleido.calc_fig(figure, opts=options), RENDER_TIMEOUT + 10)
            except Exception as error:
                self._close_locked()
                raise SlideError(f"The chart for the slide could not be drawn in {path}: {error}") from error


#: The process's one browser session: opened by the first chart, kept warm for every later one, closed at exit.
SESSION = _ChartSession()
atexit.register(SESSION.close)


@functools.lru_cache(maxsize=32)
def _render_cached(figure_json: str, width: int, height: int, scale: float) -> bytes:
    return SESSION.render(json.loads(figure_json), width, height, scale)


def render_chart(figure: go.Figure, size: tuple[int, int], scale: float = 1.25) -> bytes:
    """A figure as a PNG of ``size`` pixels (drawn at ``scale``, so its type is ``scale`` times larger).

    Reuses the process's browser session; the same figure at the same size is drawn once. Raises
    :class:`SlideError` when no browser can be found or the drawing fails.
    """
    browser_path()  # a missing browser is reported even when the chart was drawn before
    width, height = round(size[0] / scale), round(size[1] / scale)
    return _render_cached(figure.to_json(), width, height, scale)
