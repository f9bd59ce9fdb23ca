"""A dataset that passed validation is kept on disk by its fingerprint: a restart with unchanged data skips reading
and validating it again; a changed file is validated (and a file that no longer passes is refused)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence.data import load
from evidence.data import validate as validation


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The folders validated, in order; the cache in a folder of this test's own."""
    monkeypatch.setenv(load.CACHE_SETTING, str(tmp_path / "cache"))
    calls: list[Path] = []
    real = validation.validate_folder

    def validate_folder(folder: Path):
        calls.append(Path(folder))
        return real(folder)

    monkeypatch.setattr(validation, "validate_folder", validate_folder)
    return calls


def test_a_second_load_of_unchanged_data_does_not_validate_it_again(counted, fixture_copy: Path) -> None:
    first = load.load_dataset(fixture_copy)
    second = load.load_dataset(fixture_copy)  # as after a restart: nothing in memory, the same files
    assert counted == [fixture_copy]
    assert second.fingerprint == first.fingerprint
    pd.testing.assert_frame_equal(second.studies, first.studies)
    pd.testing.assert_frame_equal(second.results, first.results)
    assert second.bibliography.references.keys() == first.bibliography.references.keys()
    assert list(load.cache_dir().glob(f"{first.fingerprint}-*.pickle"))


def test_a_changed_file_is_validated_and_shown(counted, fixture_copy: Path) -> None:
    before = load.load_dataset(fixture_copy)
    studies = fixture_copy / "studies.csv"
    text = studies.read_text(encoding="utf-8")
    summary = before.studies["summary"].iloc[0]
    studies.write_text(text.replace(summary, summary + " Edited.", 1), encoding="utf-8")
    after = load.load_dataset(fixture_copy)
    assert counted == [fixture_copy, fixture_copy]
    assert after.fingerprint != before.fingerprint
    assert (after.studies["summary"] == summary + " Edited.").sum() == 1


def test_a_changed_file_that_fails_validation_is_refused_though_the_old_one_was_kept(counted, fixture_copy) -> None:
    load.load_dataset(fixture_copy)
    studies = fixture_copy / "studies.csv"
    lines = studies.read_text(encoding="utf-8").splitlines(keepends=True)
    studies.write_text(lines[0] + lines[1] + lines[1] + "".join(lines[2:]), encoding="utf-8")  # a duplicate key
    with pytest.raises(load.DatasetError):
        load.load_dataset(fixture_copy)
    assert len(counted) == 2


def test_the_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch, counted, fixture_copy: Path) -> None:
    monkeypatch.setenv(load.CACHE_SETTING, "off")
    load.load_dataset(fixture_copy)
    load.load_dataset(fixture_copy)
    assert counted == [fixture_copy, fixture_copy]


def test_a_damaged_cache_file_is_read_again_from_the_data(counted, fixture_copy: Path) -> None:
    first = load.load_dataset(fixture_copy)
    for kept in load.cache_dir().glob(f"{first.fingerprint}-*.pickle"):
        kept.write_bytes(b"not a pickle")
    again = load.load_dataset(fixture_copy)
    assert len(counted) == 2 and again.fingerprint == first.fingerprint
