"""Slide cards and one-page briefs, timed in a fresh process: the first of each (the browser that draws a card's
chart starts, fonts are parsed, modules are imported) and warm ones after it.

A warm card is a card of another claim than the ones drawn before (a chart already drawn is remembered by its
figure, so the same card again would time the memory, not the drawing); a warm brief is likewise another outcome's.

    python -m bench.outputs OUTPUT.json [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

LINK = "https://evidence.example.org/present?talk=C01&slide=1"


def _timed(make) -> float:
    started = time.perf_counter()
    make()
    return time.perf_counter() - started


def measure(repeats: int) -> dict:
    """{"card_first": s, "card_warm": [s, ...], "brief_first": s, "brief_warm": [s, ...], "cards": [...],
    "briefs": [...]}: the claims and outcomes drawn, in order."""
    from evidence.data.files import data_dir
    from evidence.data.load import load_dataset
    from evidence.outputs import briefs
    from evidence.outputs.slides import cards

    dataset = load_dataset(data_dir())
    with_chart = [c for c in dataset.claims["claim_id"] if cards.claim_chart(str(c), dataset) is not None]
    claim_ids = [str(c) for c in with_chart[: repeats + 1]]
    outcomes = briefs.brief_outcomes(dataset)
    chosen = [outcomes[i % len(outcomes)] for i in range(repeats + 1)]
    card_times = [_timed(lambda c=c: cards.slide_card(c, dataset, LINK)) for c in claim_ids]
    brief_times = [_timed(lambda o=o: briefs.brief_pdf(o, dataset, LINK)) for o in chosen]
    return {
        "card_first": card_times[0],
        "card_warm": card_times[1:],
        "brief_first": brief_times[0],
        "brief_warm": brief_times[1:],
        "cards": claim_ids,
        "briefs": chosen,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="First and warm slide cards and briefs, in a fresh process")
    parser.add_argument("output", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    args.output.write_text(json.dumps(measure(args.repeats), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
