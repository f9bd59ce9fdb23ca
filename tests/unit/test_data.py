"""The loader: derived columns, the fingerprint cache key, and errors that list every problem."""

from __future__ import annotations

import pytest

from evidence.data import files
from evidence.data import load as data
from evidence.ui import cache
from tests.conftest import FIXTURE_DATA, REAL_DATA


def test_fixture_loads_with_derived_columns() -> None:
    dataset = data.load_dataset(FIXTURE_DATA)
    studies = dataset.studies.set_index("key")
    assert list(dataset.studies["key"]) == ["alpha2001", "beta2005", "gamma2010", "delta2015"]  # by year
    assert studies.loc["alpha2001", "label"] == "Alpha & Omega 2001"
    assert studies.loc["alpha2001", "doi"] == "10.1234/jr.2001.1"
    assert studies.loc["alpha2001", "cited_by"] == ["postone"]
    assert studies.loc["gamma2010", "is_cited"] is False or not studies.loc["gamma2010", "is_cited"]
    assert studies.loc["alpha2001", "outcome_list"] == ["running_economy", "time_trial"]
    assert studies.loc["beta2005", "n"] == 40
    results = dataset.results.set_index("result_id")
    assert results.loc["alpha2001-01", "lower_is_better"]
    assert not results.loc["alpha2001-03", "verified"]
    assert results.loc["gamma2010-01", "value"] == pytest.approx(0.315)
    assert results.loc["gamma2010-01", "study_label"] == "Gamma et al. 2010"
    assert dataset.metadata["version"] == "9.9.9"


def test_real_data_loads_and_every_cited_work_is_present() -> None:
    dataset = data.load_dataset(REAL_DATA)
    keys = set(dataset.studies["key"])
    cited = {
        "vikmoen2016",
        "balsalobrefernandez2016",
        "beattie2017",
        "fredericson2000",
        "johnston1995",
        "niemuth2005",
        "panariello2011",
        "prins2009",
        "storen2008",
        "verrelst2014",
        "lauersen2014",
        "lauersen2018",
        "jones2007",
        "marcell2014",
        "usdhhs2008",
    }
    assert cited <= keys, cited - keys
    assert len(dataset.studies[~dataset.studies["is_cited"]]) >= 12
    assert (dataset.studies["finding"] == "null").sum() >= 3
    assert set(dataset.posts["post_id"]) == {"kuhn", "powercouple", "alexandria", "symmetry", "seriouslystrong"}
    goom = dataset.studies[dataset.studies["key"].str.startswith("goom")]
    assert len(goom) == 3 and set(goom["design"]) == {"grey_literature"}


def test_fingerprint_changes_when_a_file_changes(fixture_copy) -> None:
    before = files.fingerprint(fixture_copy)
    assert before == files.fingerprint(fixture_copy)
    path = fixture_copy / "studies.csv"
    path.write_text(path.read_text().replace("Heavy lifting", "Heavy lifts"))
    assert files.fingerprint(fixture_copy) != before


def test_cached_wrapper_rereads_edited_files(fixture_copy, monkeypatch) -> None:
    monkeypatch.setenv(files.DATA_DIR_SETTING, str(fixture_copy))
    loads = []
    real_loader = cache.load_dataset
    monkeypatch.setattr(cache, "load_dataset", lambda folder: loads.append(folder) or real_loader(folder))
    first = cache.get_dataset()
    assert first.studies.set_index("key").loc["alpha2001", "summary"].startswith("Heavy lifting")
    cache.get_dataset()
    assert len(loads) == 1  # the second call was served from the cache
    path = fixture_copy / "studies.csv"
    path.write_text(path.read_text().replace("Heavy lifting", "Heavy lifts"))
    assert cache.get_dataset() is first  # within RECHECK_SECONDS the files are not looked at again
    monkeypatch.setattr(cache, "RECHECK_SECONDS", 0.0)  # as when a second has gone by
    second = cache.get_dataset()
    assert len(loads) == 2
    assert second.studies.set_index("key").loc["alpha2001", "summary"].startswith("Heavy lifts")


def test_invalid_data_raises_with_every_problem(fixture_copy) -> None:
    path = fixture_copy / "studies.csv"
    path.write_text(path.read_text().replace(",rct,", ",randomised,").replace(",female,", ",women,"))
    with pytest.raises(data.DatasetError) as caught:
        data.load_dataset(fixture_copy)
    columns = sorted(p.column for p in caught.value.problems)
    assert columns == ["design", "sex"]


_made: list[str] = []


def _slow_count(dataset, label: str) -> str:
    """A derived result that takes a while to make, and notes every time it is made."""
    import time

    _made.append(label)
    time.sleep(0.2)
    return f"{label}:{len(dataset.studies)}"


def _failing(dataset, label: str) -> str:
    _made.append(label)
    raise RuntimeError("broken derivation")


def test_sessions_asking_at_once_for_a_derived_result_make_it_once() -> None:
    import threading

    dataset = data.load_dataset(FIXTURE_DATA)
    _made.clear()
    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(data.derived(dataset, _slow_count, "once"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["once:4"] * 8
    assert _made == ["once"]  # the seven others waited for the first
    assert data.derived(dataset, _slow_count, "other") == "other:4" and _made == ["once", "other"]


def test_a_derivation_that_fails_is_tried_again_by_the_next_session() -> None:
    dataset = data.load_dataset(FIXTURE_DATA)
    _made.clear()
    for _ in range(2):
        with pytest.raises(RuntimeError, match="broken derivation"):
            data.derived(dataset, _failing, "again")
    assert _made == ["again", "again"]  # nothing kept, no lock left behind
    assert not data._computing


class _Cycle:
    """An object in a reference cycle (as a plotly figure and its traces are): freed only by a collection."""

    def __init__(self) -> None:
        self.me = self


def _cyclic(dataset, number: int) -> _Cycle:
    return _Cycle()


def test_kept_results_are_frozen_and_a_dropped_ones_cycle_is_still_collected(monkeypatch) -> None:
    import gc
    import weakref

    dataset = data.load_dataset(FIXTURE_DATA)
    monkeypatch.setattr(data, "_DERIVED_ENTRIES", 2)
    monkeypatch.setattr(data, "COLLECT_AFTER_DROPPED", 2)
    monkeypatch.setattr(data, "_dropped", 0)
    data._derived.clear()
    gc.unfreeze()
    first = weakref.ref(data.derived(dataset, _cyclic, 1))
    assert gc.get_freeze_count() > 0  # what was alive when the result was kept is out of the collector's reach
    data.derived(dataset, _cyclic, 2)
    assert first() is not None  # kept
    data.derived(dataset, _cyclic, 3)  # drops the first: one drop, no full collection yet
    assert first() is not None
    data.derived(dataset, _cyclic, 4)  # the second drop: everything kept is handed back and collected
    assert first() is None
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
