"""The benchmark's synthetic dataset is a valid dataset: every curated file is there and the validator finds nothing
(a missing file would make every 10,000-work figure measure a failing load)."""

from __future__ import annotations

from bench.synthetic import write_synthetic
from evidence.data.validate import validate_folder
from evidence.data.vocabulary import FILE_NAMES


def test_a_small_synthetic_dataset_validates_with_every_curated_file(tmp_path) -> None:
    folder = write_synthetic(tmp_path / "data", studies=121, results=621)
    assert all((folder / name).exists() for name in FILE_NAMES)
    report = validate_folder(folder)
    assert [str(p) for p in report.problems] == []
    assert len(report.frames["studies.csv"]) == 121
