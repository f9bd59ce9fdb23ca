"""``make bench``: the explorer measured against two reference apps, in one run, interleaved; see bench/README.md.

    python -m bench.run [--output bench/results.json]     # the full run (about 9 minutes on 2 cores)
    BENCH_QUICK=1 python -m bench.run --output /tmp/b.json  # fewer repeats and 2,000 synthetic works, to try it
    python -m bench.run --table bench/results.json [--markdown]  # print the tables of a saved run

Phases, each interleaving the apps (explorer, one-chart floor, empty app, explorer, ...):

1. Chromium: cold starts (server process start until the first page has rendered), then click-to-rerun: a filter
   change on each main page of ours and on the floor's widget (R on the empty app), two warm-up clicks each.
2. Websocket sessions (Streamlit's own protocol): on fresh servers, memory with 1 and with 30 sessions open, then
   bursts of 10 and of 30 concurrent sessions changing filters: runs per second and the latency of each run.
3. In-process (AppTest, in a child process): reruns of each main page on the curated data and on a synthetic
   data folder (10,000 works, about 40,000 results: 4 per added work, fixed seed), and a pyinstrument profile of each.
4. Slide cards and briefs in a fresh process: the first of each, then warm ones (bench/outputs.py).
5. Two replicas behind nginx (scripts/serve-replicas.sh): 60 sessions through nginx against 30 on one replica alone,
   alternated; the p95 run latency of each and the errors of the 60 (bench/replicas.py).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import report, serve
from bench.browser import App, Target

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "bench" / "apps"
RESULTS = ROOT / "bench" / "results.json"

#: Ratios of ours to the one-chart floor, of the synthetic data's rerun (and new view) to the curated one's, and of
#: 60 sessions through two replicas to 30 on one server; times of a warm slide card and brief in seconds.
TARGETS = {
    "cold_start": 1.0,
    "runs_per_second": 0.8,
    "p95": 1.25,
    "scale": 1.5,
    "new_view_scale": 3.0,
    "memory_per_session_mb": 5.0,
    "card_warm_s": 1.5,
    "brief_warm_s": 0.5,
    "replicas_p95": 1.25,
}

CHART = '[data-testid="stPlotlyChart"] .main-svg'
APPS = {
    "ours": App("ours", ROOT / "app.py", CHART),  # Home: its chart is drawn last but one
    "one_chart": App("one_chart", APPS_DIR / "one_chart.py", CHART),
    "empty": App("empty", APPS_DIR / "empty_app.py", '[data-testid="stMarkdownContainer"]'),
}
#: Filter changes timed in Chromium: ours on each main page, the floor's multiselect, a rerun of the empty app.
CLICKS = {
    "studies": ("ours", Target("studies", "studies", "Design", "randomised trial")),
    "claims": ("ours", Target("claims", "claims", "What the evidence says", "Supported")),
    "map": ("ours", Target("map", "map", "Design", "randomised trial")),
    "forest": ("ours", Target("forest", "forest", "Leave out")),  # its first trial
    "one_chart": ("one_chart", Target("one_chart", "", "Design", "cohort")),
    "empty": ("empty", Target("empty", "", "")),
}


@dataclass(frozen=True)
class Settings:
    cold_starts: int
    clicks: int
    warmup_clicks: int
    load_rounds: int
    runs_per_session: dict[int, int]  # sessions -> timed runs each
    reruns: int
    new_views: int
    profile_runs: int
    synthetic: tuple[int, int]  # works, results per added work (the curated works keep their own results)
    output_repeats: int  # warm slide cards and briefs
    replica_rounds: int
    replica_sessions: tuple[int, int]  # through two replicas, on one server


FULL = Settings(5, 30, 2, 3, {10: 6, 30: 4}, 30, 5, 5, (10_000, 4), 5, 3, (60, 30))
QUICK = Settings(2, 6, 2, 1, {10: 3, 30: 2}, 5, 2, 2, (2_041, 4), 2, 1, (60, 30))


def synthetic_size(settings: Settings) -> tuple[int, int]:
    """(works, results) of the synthetic folder: the curated data plus works with 4 results each, up to the size."""
    from bench.synthetic import CURATED, read_raw

    works, per_added = settings.synthetic
    curated_works, curated_results = len(read_raw(CURATED / "studies.csv")), len(read_raw(CURATED / "results.csv"))
    return works, curated_results + per_added * (works - curated_works)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def flows() -> dict[str, list]:
    from bench.load import Flow

    return {
        "ours": [
            Flow("studies", label="Design", option="randomised trial"),
            Flow("claims", label="What the evidence says", option="Supported"),
            Flow("map", label="Design", option="randomised trial"),
            Flow("forest", label="Leave out"),
        ],
        "one_chart": [Flow("", label="Design", option="cohort")],
        "empty": [Flow("")],
    }


def browser_phase(settings: Settings) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    from bench import browser

    cold: dict[str, list[float]] = {app: [] for app in APPS}
    clicks: dict[str, list[float]] = {name: [] for name in CLICKS}
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        for number in range(settings.cold_starts):
            for name, app in APPS.items():
                cold[name].append(browser.cold_start(chromium, app))
            log(
                f"cold start {number + 1}/{settings.cold_starts}: "
                + ", ".join(f"{a} {v[-1]:.2f}s" for a, v in cold.items())
            )
        servers = {name: serve.start(app.script, app.data_dir) for name, app in APPS.items()}
        try:
            togglers = {
                name: browser.Toggler(chromium, servers[app].url, target) for name, (app, target) in CLICKS.items()
            }
            for _ in range(settings.warmup_clicks):
                for toggler in togglers.values():
                    toggler.step()
            for number in range(settings.clicks):
                for name, toggler in togglers.items():
                    clicks[name].append(toggler.step())
                if (number + 1) % 10 == 0 or number + 1 == settings.clicks:
                    log(
                        f"clicks {number + 1}/{settings.clicks}: "
                        + ", ".join(f"{n} {report.median(v) * 1000:.0f}ms" for n, v in clicks.items())
                    )
            for toggler in togglers.values():
                toggler.close()
        finally:
            for server in servers.values():
                server.stop()
        chromium.close()
    return cold, clicks


def load_phase(settings: Settings) -> tuple[dict, dict, dict, dict]:
    from bench import load

    app_flows = flows()
    memory = {app: {"one": [], "thirty": [], "per_session": []} for app in APPS}
    rates = {n: {app: [] for app in APPS} for n in settings.runs_per_session}
    latencies = {n: {app: [] for app in APPS} for n in settings.runs_per_session}
    by_page: dict[int, dict[str, list[float]]] = {n: {} for n in settings.runs_per_session}
    for number in range(settings.load_rounds):
        servers = {name: serve.start(app.script, app.data_dir) for name, app in APPS.items()}
        try:
            for name, server in servers.items():
                one, thirty = load.run_in_own_loop(load.hold_sessions(server.url, app_flows[name], 30, server.rss_mb))
                memory[name]["one"].append(one)
                memory[name]["thirty"].append(thirty)
                memory[name]["per_session"].append((thirty - one) / 29)
            for sessions, runs in settings.runs_per_session.items():
                for name, server in servers.items():
                    rate, seen = load.run_in_own_loop(load.burst(server.url, app_flows[name], sessions, runs))
                    rates[sessions][name].append(rate)
                    latencies[sessions][name] += [seconds for _, seconds in seen]
                    for page, seconds in seen:
                        by_page[sessions].setdefault(f"{name}:/{page}", []).append(seconds)
        finally:
            for server in servers.values():
                server.stop()
        log(
            f"load round {number + 1}/{settings.load_rounds}: "
            + ", ".join(
                f"{a} {rates[30][a][-1]:.1f} runs/s at 30, +{memory[a]['per_session'][-1]:.2f} MB/session" for a in APPS
            )
        )
    return memory, rates, latencies, by_page


def inprocess_phase(settings: Settings) -> dict:
    from bench.synthetic import write_synthetic

    works, results = synthetic_size(settings)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        log(f"writing a synthetic data folder: {works} works, {results} results")
        folder = write_synthetic(workdir / "data", works, results)
        output = workdir / "inprocess.json"
        log("in-process reruns (the first run reads and validates the synthetic data: minutes)")
        command = [
            sys.executable,
            "-m",
            "bench.inprocess",
            str(folder),
            str(output),
            "--reruns",
            str(settings.reruns),
            "--new-views",
            str(settings.new_views),
            "--profile-runs",
            str(settings.profile_runs),
        ]
        subprocess.run(command, cwd=ROOT, check=True)
        return json.loads(output.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def outputs_phase(settings: Settings) -> dict:
    """First and warm slide cards and briefs, in a fresh process (bench/outputs.py)."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-outputs-"))
    try:
        output = workdir / "outputs.json"
        command = [sys.executable, "-m", "bench.outputs", str(output), "--repeats", str(settings.output_repeats)]
        subprocess.run(command, cwd=ROOT, check=True)
        return json.loads(output.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def replicas_phase(settings: Settings) -> tuple[list[float], list[float], list[str]]:
    """Bursts of 60 sessions through two replicas behind nginx and of 30 on one of the replicas alone, alternated,
    on the explorer's flows: the latencies of each and the errors of the 60."""
    from bench import load, replicas

    app_flows = flows()["ours"]
    through, alone = settings.replica_sessions
    runs = settings.runs_per_session[max(settings.runs_per_session)]
    two: list[float] = []
    one: list[float] = []
    errors: list[str] = []
    for number in range(settings.replica_rounds):
        deployment = replicas.start()
        try:
            for url in deployment.replica_urls:  # each replica opens every page once: imports done, caches filled
                load.run_in_own_loop(load.burst(url, app_flows, len(app_flows), 1))
            _, seen = load.run_in_own_loop(load.burst(deployment.replica_urls[0], app_flows, alone, runs))
            one += [seconds for _, seconds in seen]
            _, seen = load.run_in_own_loop(load.burst(deployment.url, app_flows, through, runs, errors))
            two += [seconds for _, seconds in seen]
        finally:
            deployment.stop()
        log(f"replicas round {number + 1}/{settings.replica_rounds}: {len(two)} runs via nginx, {len(errors)} errors")
    return two, one, errors


PAGE_TITLES = {"studies": "Studies", "claims": "Claims", "map": "Evidence map", "forest": "Forest plots"}


def assemble(
    settings: Settings, quick: bool, started: dict, cold, clicks, memory, rates, latencies, inproc, outputs=None,
    replicated=None,
) -> dict:  # fmt: skip
    figures = [
        report.figure(
            "cold_start", "Cold start: process start to first page drawn", "s", cold, target=TARGETS["cold_start"]
        ),
    ]
    for page in ("studies", "claims", "map", "forest"):
        samples = {"ours": clicks[page], "one_chart": clicks["one_chart"], "empty": clicks["empty"]}
        figures.append(report.figure(f"click_{page}", f"Click to rerun finished: {PAGE_TITLES[page]}", "s", samples))
    for sessions in settings.runs_per_session:
        figures.append(
            report.figure(
                f"runs_per_second_{sessions}",
                f"Script runs per second, {sessions} sessions",
                "runs/s",
                rates[sessions],
                better="higher",
                target=TARGETS["runs_per_second"],
            )
        )
        figures.append(
            report.figure(
                f"p95_{sessions}",
                f"p95 run latency, {sessions} sessions",
                "s",
                latencies[sessions],
                statistic="p95",
                target=TARGETS["p95"],
            )
        )
    figures.append(report.figure("rss_1", "Server memory, 1 session", "MB", {a: m["one"] for a, m in memory.items()}))
    figures.append(
        report.figure("rss_30", "Server memory, 30 sessions", "MB", {a: m["thirty"] for a, m in memory.items()})
    )
    per_session = report.memory_target(
        {a: m["per_session"] for a, m in memory.items()}, TARGETS["memory_per_session_mb"]
    )

    scale = []
    for page, title in PAGE_TITLES.items():
        for kind, label, target in (
            ("reruns", "rerun", TARGETS["scale"]),
            ("new_view_reruns", "new view", TARGETS["new_view_scale"]),
        ):
            curated = report.median(inproc[kind].get(f"{page}/curated", []))
            synthetic = report.median(inproc[kind].get(f"{page}/synthetic", []))
            ratio = synthetic / curated if synthetic is not None and curated else None
            scale.append(
                {
                    "key": f"{page}_{label.replace(' ', '_')}",
                    "label": f"{title}, {label}",
                    "curated": curated,
                    "synthetic": synthetic,
                    "ratio": ratio,
                    "target_ratio": target,
                    "met": None if target is None or ratio is None else ratio <= target,
                    "note": "not run" if page in inproc.get("not_at_scale", {}) else "",
                    "why_not_run": inproc.get("not_at_scale", {}).get(page, ""),
                    "samples": {
                        "curated": inproc[kind].get(f"{page}/curated", []),
                        "synthetic": inproc[kind].get(f"{page}/synthetic", []),
                    },
                }
            )
    extra: dict = {}
    if outputs is not None:
        extra["outputs"] = [
            report.timed("card_first", "Slide card, first in a process", [outputs["card_first"]]),
            report.timed("card_warm", "Slide card, warm", outputs["card_warm"], TARGETS["card_warm_s"]),
            report.timed("brief_first", "Brief, first in a process", [outputs["brief_first"]]),
            report.timed("brief_warm", "Brief, warm", outputs["brief_warm"], TARGETS["brief_warm_s"]),
        ]
    if replicated is not None:
        two, one, errors = replicated
        extra["replicas"] = report.replicas_figure(two, one, settings.replica_sessions, len(errors),
                                                   TARGETS["replicas_p95"])  # fmt: skip
        extra["replicas"]["error_messages"] = errors[:20]
    return {
        **started,
        **extra,
        "quick": quick,
        "settings": {
            "cold_starts": settings.cold_starts,
            "clicks_per_target": settings.clicks,
            "warmup_clicks": settings.warmup_clicks,
            "load_rounds": settings.load_rounds,
            "runs_per_session": settings.runs_per_session,
            "inprocess_reruns": settings.reruns,
            "inprocess_new_view_reruns": settings.new_views,
            "synthetic": dict(zip(("works", "results"), synthetic_size(settings), strict=True)),
            "output_repeats": settings.output_repeats,
            "replica_rounds": settings.replica_rounds,
            "replica_sessions": list(settings.replica_sessions),
        },
        "targets": TARGETS,
        "figures": figures,
        "memory_per_extra_session": per_session,
        "scale": scale,
        "profiles": inproc["profiles"],
    }


def summary(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"{results['date']} on {machine['cores']} cores, {machine['memory_gb']} GB, {machine['cpu']}; "
        f"Python {machine['python']}, Streamlit {machine['streamlit']}; "
        f"load average at start {results['load_average_at_start']}" + (" (QUICK run)" if results["quick"] else ""),
        "",
        report.tables(results),
    ]
    missed = [f["label"] for f in results["figures"] + [results["memory_per_extra_session"]] if f.get("met") is False]
    missed += [s["label"] for s in results["scale"] + results.get("outputs", []) if s.get("met") is False]
    if results.get("replicas", {}).get("met") is False:
        missed.append(results["replicas"]["label"])
    lines += ["", "Targets missed: " + ("; ".join(missed) if missed else "none")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--table", type=Path, help="print the tables of a saved run and stop")
    parser.add_argument("--markdown", action="store_true", help="with --table: Markdown tables (for the README)")
    args = parser.parse_args(argv)
    if args.table:
        results = json.loads(args.table.read_text(encoding="utf-8"))
        print(report.tables(results, markdown=True) if args.markdown else summary(results))
        return 0

    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    settings = QUICK if quick else FULL
    load = report.load_average()
    cores = os.cpu_count() or 1
    if load[0] > 0.5 * cores:
        log(f"warning: load average {load} on {cores} cores: other work will distort the timings")
    started = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": report.machine(),
        "load_average_at_start": load,
    }
    began = time.monotonic()
    log("phase 1/5: Chromium (cold starts, clicks)")
    cold, clicks = browser_phase(settings)
    log("phase 2/5: websocket sessions (memory, concurrent runs)")
    memory, rates, latencies, by_page = load_phase(settings)
    log("phase 3/5: in-process reruns and profiles")
    inproc = inprocess_phase(settings)
    log("phase 4/5: slide cards and briefs, first and warm")
    outputs = outputs_phase(settings)
    log("phase 5/5: sessions through two replicas behind nginx")
    replicated = replicas_phase(settings)
    results = assemble(settings, quick, started, cold, clicks, memory, rates, latencies, inproc, outputs, replicated)
    results["latency_by_page"] = {
        f"{sessions} sessions": {
            page: {"median": report.median(values), "p95": report.percentile(values, 0.95), "runs": len(values)}
            for page, values in pages.items()
        }
        for sessions, pages in by_page.items()
    }
    results["duration_seconds"] = round(time.monotonic() - began)
    results["load_average_at_end"] = report.load_average()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print()
    print(summary(results))
    print(f"\nwritten: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
