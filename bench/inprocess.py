"""In-process page reruns with Streamlit's AppTest, and where their time goes (pyinstrument).

Each page is opened through ``app.py`` (frame, sidebar, registry) as the page tests do, run twice to fill the
caches, then rerun and timed: the time of ``AppTest.run()``, the whole script run of frame and page, without a
server, websocket or browser. The data folder is chosen per run with ``EVIDENCE_DATA_DIR``, which the loader reads
on every run; the dataset cache is keyed on folder and fingerprint, so both datasets stay cached side by side.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from evidence.data.files import DATA_DIR_SETTING

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 900.0  # the first run on 10,000 works reads and validates them


@contextlib.contextmanager
def data_folder(folder: Path | None) -> Iterator[None]:
    before = os.environ.get(DATA_DIR_SETTING)
    if folder is None:
        os.environ.pop(DATA_DIR_SETTING, None)
    else:
        os.environ[DATA_DIR_SETTING] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_SETTING, None)
        else:
            os.environ[DATA_DIR_SETTING] = before


def share_script_cache() -> None:
    """Compile each script once, as a server does: AppTest makes a new bytecode cache on every run, so each run
    would parse app.py and the page again and apply Streamlit's magic to them (a fifth of a small page's run)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared


def keep_the_frames_navigation() -> None:
    """Run every script through the frame, as a running server does. AppTest forgets before each run that the app
    uses ``st.navigation`` (it resets ``PagesManager.uses_pages_directory``), so each run would start in Streamlit's
    old pages/ mode: the page alone, whose ``registry.ensure_frame`` then asks for itself again through the frame
    (``st.switch_page`` sleeps 10 ms first). A server learns it once, at the first run, and keeps it."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class ServersPagesManager(PagesManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test.PagesManager = ServersPagesManager


def open_page(page_file: str, folder: Path | None):
    """AppTest of ``app.py`` on ``page_file``, run twice (caches filled); raises if the page shows an exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    at.switch_page(page_file)
    with data_folder(folder):
        at.run()
        at.run()
    if at.exception:
        raise RuntimeError(f"{page_file} on {folder or 'data/'}: {[e.value for e in at.exception][:1]}")
    return at


def timed_rerun(at, folder: Path | None) -> float:
    with data_folder(folder):
        started = time.perf_counter()
        at.run()
        return time.perf_counter() - started


@contextlib.contextmanager
def profiling_script_runs(profiler) -> Iterator[None]:
    """Profile the script runs of AppTest: they run on a thread of their own, which pyinstrument follows only if
    it is started on that thread, so the runner's ``_run_script`` starts and stops it there."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def run_script(self, *args, **kwargs):
        profiler.start()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.stop()

    script_runner.ScriptRunner._run_script = run_script
    try:
        yield
    finally:
        script_runner.ScriptRunner._run_script = original


def _owner(file_path: str) -> str | None:
    """Who a frame's time belongs to: 'our code', a library's top-level package, 'python' (stdlib); None for
    built-ins (their time goes to the caller's owner)."""
    if not file_path or file_path.startswith("<"):
        return None
    path = Path(file_path)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    try:
        path.resolve().relative_to(ROOT)
        return "our code"
    except ValueError:
        return "python"


def summarise(session, runs: int, top: int = 8) -> dict:
    """Per run: the costliest functions of our code (time including what they call), the functions where the time
    is spent (their own time), and the time spent in each package (its own code and the built-ins it calls)."""
    inclusive: dict[str, float] = defaultdict(float)
    self_time: dict[str, float] = defaultdict(float)
    hot: dict[str, float] = defaultdict(float)
    root = session.root_frame()

    def walk(frame, owner: str, on_path: frozenset[str], parent: str) -> None:
        own = _owner(frame.file_path) if not frame.is_synthetic else None
        owner = own or owner
        name = ""
        if own == "our code" and frame.function != "<module>" and "bench" not in Path(frame.file_path).parts:
            relative = Path(frame.file_path).resolve().relative_to(ROOT)
            name = f"{frame.function} ({relative}:{frame.line_no})"
            if name not in on_path:
                inclusive[name] += frame.time
        if not frame.children:
            self_time[owner] += frame.time
            hot[f"{parent if frame.is_synthetic else frame.function} ({owner})"] += frame.time  # [self]: the parent's
        for child in frame.children:
            walk(child, owner, on_path | {name} if name else on_path, frame.function)

    if root is not None:
        walk(root, "python", frozenset(), "")
    total = root.time if root is not None else 0.0
    return {
        "seconds_per_run": round(total / runs, 4),
        "our_functions": [
            {"function": name, "seconds_per_run": round(seconds / runs, 4), "share": round(seconds / total, 3)}
            for name, seconds in sorted(inclusive.items(), key=lambda item: -item[1])[:top]
        ],
        "hot_spots": [
            {"function": name, "seconds_per_run": round(seconds / runs, 4), "share": round(seconds / total, 3)}
            for name, seconds in sorted(hot.items(), key=lambda item: -item[1])[:top]
        ],
        "by_package": {
            owner: round(seconds / total, 3)
            for owner, seconds in sorted(self_time.items(), key=lambda item: -item[1])
            if seconds / total >= 0.01
        },
    }


def profile_page(at, folder: Path | None, runs: int = 5) -> dict:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    with profiling_script_runs(profiler), data_folder(folder):
        for _ in range(runs):
            at.run()
    return summarise(profiler.last_session, runs)


PAGES = {"studies": "pages/studies.py", "claims": "pages/claims.py", "map": "pages/map.py", "forest": "pages/forest.py"}
#: Pages not opened on the synthetic data, and why (none: the forest plot's first draw no longer grows with the
#: square of the trials).
NOT_AT_SCALE: dict[str, str] = {}


def measure(synthetic: Path, reruns: int, new_views: int, profile_runs: int) -> dict:
    """Interleaved reruns of every page on both datasets (page A curated, A synthetic, B curated ...), then reruns
    with the pages' caches emptied (a view never drawn), then a profile of each."""
    from evidence.data import load as data

    share_script_cache()
    keep_the_frames_navigation()
    folders = {"curated": None, "synthetic": synthetic}
    apps = {}
    for page, file in PAGES.items():
        for name, folder in folders.items():
            if name == "synthetic" and page in NOT_AT_SCALE:
                continue
            apps[(page, name)] = (open_page(file, folder), folder)
    times: dict[str, list[float]] = {f"{page}/{name}": [] for page, name in apps}
    for _ in range(reruns):
        for (page, name), (at, folder) in apps.items():
            times[f"{page}/{name}"].append(timed_rerun(at, folder))
    fresh: dict[str, list[float]] = {f"{page}/{name}": [] for page, name in apps}
    for _ in range(new_views):
        for (page, name), (at, folder) in apps.items():
            data._derived.clear()
            fresh[f"{page}/{name}"].append(timed_rerun(at, folder))
    for at, folder in apps.values():  # fill the caches again before profiling reruns
        timed_rerun(at, folder)
    profiles = {f"{page}/{name}": profile_page(at, folder, profile_runs) for (page, name), (at, folder) in apps.items()}
    return {"reruns": times, "new_view_reruns": fresh, "profiles": profiles, "not_at_scale": NOT_AT_SCALE}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import logging

    parser = argparse.ArgumentParser(description="In-process reruns (AppTest) on the curated and a synthetic dataset")
    parser.add_argument("synthetic", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--new-views", type=int, default=5)
    parser.add_argument("--profile-runs", type=int, default=5)
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest warns about a missing ScriptRunContext
    results = measure(args.synthetic, args.reruns, args.new_views, args.profile_runs)
    args.output.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
