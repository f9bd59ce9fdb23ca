"""A synthetic data folder at scale: 10,000 works and 40,000 results, same schema as ``data/``, fixed seed.

The curated dataset is kept whole (its works, results, posts, citations, claims and dataset.toml, so every
link between files stays valid) and new works are added beside it, each a copy of a curated work chosen at
random: same design, population, protocol, summary and outcomes, a new key, authors, title, year and DOI. Each
new work gets four results, copied from its template's results (or, for a template without results, from a
random curated result), so that the measures, intervals and notes have the curated mix. Only works and results
grow; posts, citations and claims stay as curated (five posts do not cite thousands of works).

    python -m bench.synthetic FOLDER [--studies 10000] [--results 40000]

The folder is written fresh; it loads through :func:`evidence.data.load.load_dataset` without a problem.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import pandas as pd

from evidence.data.bibliography import load_bibliography
from evidence.data.files import ROOT, bib_path, read_raw
from evidence.data.vocabulary import FILE_NAMES

SEED = 20261122
CURATED = ROOT / "data"
SURNAMES = (
    "smith", "jones", "berg", "hansen", "garcia", "martin", "rossi", "muller", "kim", "tanaka", "silva", "novak",
    "lindqvist", "obrien", "dubois", "kowalski", "nguyen", "petrov", "haddad", "okafor", "meyer", "santos",
    "larsen", "fischer", "moreau", "ricci", "costa", "yamamoto", "andersen", "murphy",
)  # fmt: skip
INITIALS = "ABCDEFGHIJKLMNOPRSTW"
JOURNALS = (
    "Journal of Strength and Conditioning Research",
    "Medicine and Science in Sports and Exercise",
    "British Journal of Sports Medicine",
    "Scandinavian Journal of Medicine and Science in Sports",
    "European Journal of Applied Physiology",
    "Sports Medicine",
)
_LATEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": "", "}": "", "\\": ""})


def _bib_text(value: str) -> str:
    """Plain text as a braced BibTeX value (LaTeX specials escaped)."""
    return value.translate(_LATEX_SPECIAL)


def write_synthetic(folder: Path, studies: int = 10_000, results: int = 40_000, seed: int = SEED) -> Path:
    """Write the synthetic data folder (replacing what is there) and return it."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    curated_studies = read_raw(CURATED / "studies.csv")
    curated_results = read_raw(CURATED / "results.csv")
    extra = studies - len(curated_studies)
    if extra <= 0 or (results - len(curated_results)) % extra:
        raise ValueError(
            f"{studies} works and {results} results: the added works must share the added results evenly "
            f"({len(curated_studies)} works and {len(curated_results)} results are curated)"
        )
    per_study = (results - len(curated_results)) // extra
    rng = random.Random(seed)
    bibliography = load_bibliography(bib_path(CURATED)).references
    study_rows = curated_studies.to_dict("records")
    result_rows = curated_results.to_dict("records")
    results_of: dict[str, list[dict]] = {}
    for result in result_rows:
        results_of.setdefault(result["study_key"], []).append(result)

    new_studies, new_results, entries = [], [], []
    for number in range(1, extra + 1):
        template = study_rows[rng.randrange(len(study_rows))]
        surname = rng.choice(SURNAMES)
        year = rng.randint(1985, 2025)
        key = f"{surname}{number:05d}{year}"
        source_url = template["source_url"]
        if not isinstance(source_url, str):
            source_url = f"https://example.org/synthetic/{key}"
        new_studies.append({**template, "key": key, "status": "found", "source_url": source_url})

        pool = results_of.get(template["key"])
        for index in range(per_study):
            result = pool[index % len(pool)] if pool else result_rows[rng.randrange(len(result_rows))]
            new_results.append({**result, "study_key": key, "result_id": f"{key}-{index + 1:02d}"})

        ref = bibliography.get(template["key"])
        title = ref.title if ref is not None and ref.title else "A study of strength training in runners"
        authors = " and ".join(
            f"{rng.choice(SURNAMES).capitalize()}, {rng.choice(INITIALS)}." for _ in range(rng.randint(1, 6))
        )
        authors = authors.replace(f"{authors.split(',')[0]},", f"{surname.capitalize()},", 1)
        entries.append(
            f"@article{{{key},\n"
            f"  author = {{{authors}}},\n"
            f"  title = {{{_bib_text(title)} (synthetic copy {number})}},\n"
            f"  journal = {{{rng.choice(JOURNALS)}}},\n"
            f"  year = {{{year}}},\n"
            f"  volume = {{{rng.randint(1, 60)}}},\n"
            f"  pages = {{{rng.randint(1, 900)}--{rng.randint(901, 1800)}}},\n"
            f"  doi = {{10.5555/synthetic.{number}}}\n"
            "}\n"
        )

    pd.DataFrame(study_rows + new_studies, columns=curated_studies.columns).to_csv(folder / "studies.csv", index=False)
    pd.DataFrame(result_rows + new_results, columns=curated_results.columns).to_csv(folder / "results.csv", index=False)
    for name in (*(n for n in FILE_NAMES if n not in ("studies.csv", "results.csv")), "runner_units.csv"):
        if (CURATED / name).exists():  # every curated file but the two that grow, kept whole
            shutil.copyfile(CURATED / name, folder / name)
    toml = (CURATED / "dataset.toml").read_text(encoding="utf-8")
    toml = toml.replace(
        'title = "Runner Strength Evidence Explorer dataset"',
        f'title = "Synthetic benchmark dataset ({studies} works, {results} results; seed {seed})"',
        1,
    )
    (folder / "dataset.toml").write_text(toml, encoding="utf-8")
    curated_bib = bib_path(CURATED).read_text(encoding="utf-8")
    (folder / "references.bib").write_text(curated_bib.rstrip() + "\n\n" + "\n".join(entries), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    folder = write_synthetic(args.folder, args.studies, args.results, args.seed)
    print(f"wrote {folder}: {args.studies} works, {args.results} results (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
