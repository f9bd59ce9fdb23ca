"""Reading a drawn plotly chart's label boxes in the browser, and the checks a phone screen needs: every axis
title, tick label, annotation and legend text inside the chart's own box, and no two of them overlapping."""

from __future__ import annotations

#: Run on a chart's element (st.plotly_chart's container): the chart's box and every label's box, in page pixels.
CHART_BOXES_JS = """
(element) => {
  const plot = element.querySelector('.js-plotly-plot') || element;
  const frame = plot.querySelector('.main-svg').getBoundingClientRect();
  const kinds = {'.gtitle': 'title', '.xtitle': 'x title', '.ytitle': 'y title', '.xtick text': 'x tick',
                 '.ytick text': 'y tick', '.annotation-text': 'annotation', '.legendtext': 'legend',
                 '.textpoint text, .bartext': 'bar text'};
  const labels = [];
  for (const [selector, kind] of Object.entries(kinds)) {
    for (const node of plot.querySelectorAll(selector)) {
      const box = node.getBoundingClientRect();
      const text = (node.textContent || '').trim();
      if (!text || box.width === 0 || box.height === 0) continue;
      if (getComputedStyle(node).visibility === 'hidden' || node.closest('[style*="display: none"]')) continue;
      labels.push({kind, text, left: box.left, top: box.top, right: box.right, bottom: box.bottom});
    }
  }
  return {frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom}, labels};
}
"""
SLACK = 1.0  # pixels: anti-aliasing and rounding


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > SLACK
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > SLACK
    )


def problems(boxes: dict) -> list[str]:
    """Labels cut by the chart's edge, and pairs of labels drawn over each other."""
    frame, labels = boxes["frame"], boxes["labels"]
    found = []
    for label in labels:
        if (
            label["left"] < frame["left"] - SLACK
            or label["right"] > frame["right"] + SLACK
            or label["top"] < frame["top"] - SLACK
            or label["bottom"] > frame["bottom"] + SLACK
        ):
            found.append(f"{label['kind']} '{label['text'][:40]}' is cut by the chart's edge")
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if _overlap(a, b):
                found.append(f"{a['kind']} '{a['text'][:30]}' overlaps {b['kind']} '{b['text'][:30]}'")
    return found
