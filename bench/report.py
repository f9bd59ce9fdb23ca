"""The bench's results: machine facts, figures with ratios and targets, the JSON file and the printed tables."""

from __future__ import annotations

import math
import os
import platform
import statistics
from pathlib import Path

APPS = ("ours", "one_chart", "empty")
APP_TITLES = {"ours": "Explorer", "one_chart": "One-chart floor", "empty": "Empty app"}


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(round(fraction * len(ordered), 9))) - 1]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def machine() -> dict:
    """Cores, memory, CPU model, Python, Streamlit, pandas and plotly versions, and the load right now."""
    import pandas
    import plotly
    import streamlit

    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")  # fmt: skip
    memory_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        lines = meminfo.read_text().splitlines()
        memory_gb = round(next(int(line.split()[1]) for line in lines if line.startswith("MemTotal")) / 2**20, 1)
    return {
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "cpu": model or platform.processor(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "plotly": plotly.__version__,
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def figure(
    key: str,
    label: str,
    unit: str,
    samples: dict[str, list[float]],
    *,
    better: str = "lower",
    statistic: str = "median",
    target: float | None = None,
) -> dict:
    """One figure for the three apps: the statistic of each app's samples, the ratio of ours to the one-chart floor
    and, when there is a target for that ratio, whether it is met (``better`` says which way is good)."""
    values: dict[str, float | None] = {}
    for app in APPS:
        found = samples.get(app) or []
        if statistic == "median":
            values[app] = median(found)
        elif statistic == "p95":
            values[app] = percentile(found, 0.95) if found else None
        else:
            raise ValueError(statistic)
    ours, floor = values.get("ours"), values.get("one_chart")
    ratio = ours / floor if ours is not None and floor else None
    met = None
    if target is not None and ratio is not None:
        met = ratio <= target if better == "lower" else ratio >= target
    return {
        "key": key,
        "label": label,
        "unit": unit,
        "statistic": statistic,
        "better": better,
        "values": values,
        "n": {app: len(samples.get(app) or []) for app in APPS},
        "ratio_to_one_chart": ratio,
        "target_ratio": target,
        "met": met,
        "samples": {app: [round(v, 5) for v in samples.get(app) or []] for app in APPS},
    }


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "runs/s":
        return f"{value:.1f}/s"
    return f"{value:.3g} {unit}"


def _target(item: dict) -> str:
    if item.get("target_mb") is not None:
        return f"<= {item['target_mb']:g} MB"
    if item.get("target_ratio") is None:
        return ""
    sign = "<=" if item["better"] == "lower" else ">="
    return f"{sign} {item['target_ratio']:g}x"


def shortfall(item: dict) -> str:
    """By how much a missed target was missed, in the target's own terms ('' when met or without a target)."""
    if item.get("met") is not False:
        return ""
    if item.get("errors"):
        return f"{item['errors']} error{'s' if item['errors'] != 1 else ''}"
    if item.get("target_mb") is not None:
        return f"by {item['values']['ours'] - item['target_mb']:.1f} MB"
    ratio = item.get("ratio_to_one_chart", item.get("ratio"))
    if item.get("target_ratio") is not None and ratio is not None:
        gap = ratio - item["target_ratio"] if item.get("better", "lower") == "lower" else item["target_ratio"] - ratio
        return f"by {gap:.2f}x"
    if item.get("target") is not None and item.get("value") is not None:
        return f"by {_number(item['value'] - item['target'], item['unit'])}"
    return ""


def _met(item: dict) -> str:
    if item.get("met") is False:
        return f"MISSED {shortfall(item)}".rstrip()
    return {True: "met", None: ""}[item.get("met")]


def app_table(figures: list[dict]) -> list[list[str]]:
    """Rows: figure, the three apps, ratio of ours to the one-chart floor, target, result."""
    rows = [["Figure", *(APP_TITLES[a] for a in APPS), "Explorer / floor", "Target", "Result"]]
    for item in figures:
        ratio = item["ratio_to_one_chart"]
        rows.append(
            [
                item["label"],
                *(_number(item["values"][app], item["unit"]) for app in APPS),
                "–" if ratio is None else f"{ratio:.2f}x",
                _target(item),
                _met(item),
            ]
        )
    return rows


def scale_table(scale: list[dict], works: int) -> list[list[str]]:
    """Rows: page, rerun on the curated data, on the synthetic data, their ratio, target, result."""
    rows = [["In-process rerun (AppTest)", "Curated data", f"{works:,} works", "Ratio", "Target", "Result"]]
    for item in scale:
        ratio = item["ratio"]
        rows.append(
            [
                item["label"],
                _number(item["curated"], "s"),
                _number(item["synthetic"], "s") if item["synthetic"] is not None else item.get("note", "–"),
                "–" if ratio is None else f"{ratio:.2f}x",
                "" if item["target_ratio"] is None else f"<= {item['target_ratio']:g}x",
                _met(item),
            ]
        )
    return rows


def timed(key: str, label: str, samples: list[float], target: float | None = None) -> dict:
    """A time of our own (no reference app): the median of ``samples`` in seconds, against an upper ``target``."""
    value = median(samples)
    return {
        "key": key,
        "label": label,
        "unit": "s",
        "statistic": "median",
        "value": value,
        "n": len(samples),
        "target": target,
        "met": None if target is None or value is None else value <= target,
        "samples": [round(v, 5) for v in samples],
    }


def outputs_table(items: list[dict]) -> list[list[str]]:
    """Rows: slide card or brief, its time, target, result."""
    rows = [["Slide cards and briefs (in-process)", "Time", "Target", "Result"]]
    for item in items:
        target = "" if item["target"] is None else f"<= {_number(item['target'], item['unit'])}"
        rows.append([item["label"], _number(item["value"], item["unit"]), target, _met(item)])
    return rows


def replicas_figure(two: list[float], one: list[float], sessions: tuple[int, int], errors: int, target: float) -> dict:
    """``sessions[0]`` sessions through two replicas behind nginx against ``sessions[1]`` on one server: the p95 run
    latency of each (over every run), their ratio and the errors; met when there is no error and the ratio is at
    most ``target``."""
    p95_two = percentile(two, 0.95) if two else None
    p95_one = percentile(one, 0.95) if one else None
    ratio = p95_two / p95_one if p95_two is not None and p95_one else None
    return {
        "key": "replicas",
        "label": f"{sessions[0]} sessions through 2 replicas (nginx) vs {sessions[1]} on one server, p95 run latency",
        "unit": "s",
        "sessions": list(sessions),
        "p95_two_replicas": p95_two,
        "p95_one_server": p95_one,
        "ratio": ratio,
        "errors": errors,
        "target_ratio": target,
        "better": "lower",
        "met": None if ratio is None else errors == 0 and ratio <= target,
        "runs": {"two_replicas": len(two), "one_server": len(one)},
        "samples": {"two_replicas": [round(v, 5) for v in two], "one_server": [round(v, 5) for v in one]},
    }


def replicas_table(item: dict) -> list[list[str]]:
    two, one = item["sessions"]
    rows = [["Sessions behind nginx", f"{two} sessions, 2 replicas", f"{one} sessions, 1 server", "Ratio", "Errors",
             "Target", "Result"]]  # fmt: skip
    ratio = item["ratio"]
    rows.append(
        [
            "p95 run latency",
            _number(item["p95_two_replicas"], "s"),
            _number(item["p95_one_server"], "s"),
            "–" if ratio is None else f"{ratio:.2f}x",
            str(item["errors"]),
            f"0 errors, <= {item['target_ratio']:g}x",
            _met(item),
        ]
    )
    return rows


def memory_target(per_session: dict[str, list[float]], limit_mb: float) -> dict:
    item = figure("memory_per_extra_session", "Memory per extra session", "MB", per_session)
    item["target_ratio"] = None
    item["target_mb"] = limit_mb
    ours = item["values"]["ours"]
    item["met"] = None if ours is None else ours <= limit_mb
    return item


def render(rows: list[list[str]], markdown: bool = False) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if markdown:
        lines = ["| " + " | ".join(cell for cell in rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
        lines += ["| " + " | ".join(cell for cell in row) + " |" for row in rows[1:]]
        return "\n".join(lines)
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def tables(results: dict, markdown: bool = False) -> str:
    """The run's tables: the three apps, the reruns at scale, and (runs that have them) slide cards and briefs, and
    sessions through two replicas. A missed target says by how much."""
    figures = results["figures"] + [results["memory_per_extra_session"]]
    works = results["settings"]["synthetic"]["works"]
    parts = [app_table(figures), scale_table(results["scale"], works)]
    if results.get("outputs"):
        parts.append(outputs_table(results["outputs"]))
    if results.get("replicas"):
        parts.append(replicas_table(results["replicas"]))
    return "\n\n".join(render(rows, markdown) for rows in parts)
