"""The bench's tables, rendered from a run's results: every figure with its target, and by how much a missed
target was missed (the README's Performance section is this rendering of bench/results.json)."""

from __future__ import annotations

from bench import report, run


def _results() -> dict:
    apps = ("ours", "one_chart", "empty")
    cold = dict(zip(apps, ([3.0, 3.2], [3.0, 3.0], [1.0, 1.0]), strict=True))
    clicks = {name: [0.05, 0.06] for name in run.CLICKS}
    memory = {app: {"one": [200.0], "thirty": [206.0], "per_session": [6.0 / 29]} for app in apps}
    rates = {10: dict(zip(apps, ([40.0], [100.0], [200.0]), strict=True)),
             30: dict(zip(apps, ([90.0], [100.0], [300.0]), strict=True))}  # fmt: skip
    latencies = {10: dict(zip(apps, ([0.5] * 20, [0.1] * 20, [0.05] * 20), strict=True)),
                 30: dict(zip(apps, ([0.2] * 20, [0.2] * 20, [0.05] * 20), strict=True))}  # fmt: skip
    reruns, fresh = {}, {}
    for page in run.PAGE_TITLES:
        reruns[f"{page}/curated"], reruns[f"{page}/synthetic"] = [0.010, 0.010], [0.012, 0.012]
        fresh[f"{page}/curated"], fresh[f"{page}/synthetic"] = [0.100], [0.250]
    reruns["studies/synthetic"] = [0.040, 0.040]  # 4x the curated rerun: missed by 2.5x
    fresh["forest/synthetic"] = [0.500]  # 5x: missed by 2x
    inproc = {"reruns": reruns, "new_view_reruns": fresh, "profiles": {}, "not_at_scale": {}}
    outputs = {"card_first": 6.0, "card_warm": [0.9, 1.1, 1.0], "brief_first": 2.5, "brief_warm": [0.8, 0.7, 0.9]}
    replicated = ([0.30] * 40, [0.20] * 40, [])
    started = {
        "date": "2026-12-02T09:00:00Z",
        "machine": {"cores": 2, "memory_gb": 8, "cpu": "x", "python": "3", "streamlit": "1"},
        "load_average_at_start": [0.1, 0.1, 0.1],
    }
    return run.assemble(run.FULL, False, started, cold, clicks, memory, rates, latencies, inproc, outputs, replicated)


def _rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_every_figure_is_rendered_with_its_target_and_result() -> None:
    rows = _rows(report.tables(_results(), markdown=True))
    assert rows["Cold start: process start to first page drawn"][-3:] == ["1.03x", "<= 1x", "MISSED by 0.03x"]
    assert rows["Script runs per second, 10 sessions"][-3:] == ["0.40x", ">= 0.8x", "MISSED by 0.40x"]
    assert rows["Script runs per second, 30 sessions"][-3:] == ["0.90x", ">= 0.8x", "met"]
    assert rows["p95 run latency, 10 sessions"][-3:] == ["5.00x", "<= 1.25x", "MISSED by 3.75x"]
    assert rows["Memory per extra session"][-2:] == ["<= 5 MB", "met"]


def test_forest_plots_are_measured_at_scale_and_a_new_view_has_its_own_target() -> None:
    rows = _rows(report.tables(_results(), markdown=True))
    assert rows["Forest plots, rerun"] == ["10 ms", "12 ms", "1.20x", "<= 1.5x", "met"]
    assert rows["Forest plots, new view"] == ["100 ms", "500 ms", "5.00x", "<= 3x", "MISSED by 2.00x"]
    assert rows["Studies, rerun"][-1] == "MISSED by 2.50x"
    assert rows["Claims, new view"][-2:] == ["<= 3x", "met"]


def test_slide_cards_briefs_and_replicas_have_rows_of_their_own() -> None:
    results = _results()
    rows = _rows(report.tables(results, markdown=True))
    assert rows["Slide card, first in a process"] == ["6.00 s", "", ""]
    assert rows["Slide card, warm"] == ["1.00 s", "<= 1.50 s", "met"]
    assert rows["Brief, warm"] == ["800 ms", "<= 500 ms", "MISSED by 300 ms"]
    assert rows["p95 run latency"] == ["300 ms", "200 ms", "1.50x", "0", "0 errors, <= 1.25x", "MISSED by 0.25x"]
    summary = run.summary(results)
    assert "Brief, warm" in summary and "60 sessions through 2 replicas" in summary


def test_errors_through_the_replicas_miss_the_target_whatever_the_latency() -> None:
    item = report.replicas_figure([0.2] * 10, [0.2] * 10, (60, 30), errors=3, target=1.25)
    assert item["met"] is False
    assert report.replicas_table(item)[1][-1] == "MISSED 3 errors"


def test_a_run_without_the_new_figures_renders_its_two_tables() -> None:
    results = _results()
    del results["outputs"], results["replicas"]
    text = report.tables(results, markdown=True)
    assert text.count("| Figure |") == 1 and text.count("| In-process rerun") == 1 and "Slide card" not in text
