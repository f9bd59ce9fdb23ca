"""Runner units: a pooled economy change as minutes at a reader's pace (an illustration), checked by hand."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import textstat

from evidence.data import runner_units
from evidence.data.load import load_dataset
from evidence.data.validate import validate_folder
from evidence.stats import pace
from evidence.views import pace as words
from tests.conftest import FIXTURE_DATA, REAL_DATA

UNITS = runner_units.RunnerUnits(
    {"economy_gain": 3.93, "economy_gain_limit": 1.19, "crossover_speed": 3.0, "example_speed": 5.5,
     "example_economy_gain": 3.0, "example_speed_gain": 1.97},  # fmt: skip
    {q: runner_units.Source("denadai2017" if q.startswith("economy") else "kipp2019", "abstract", "https://x")
     for q in runner_units.QUANTITIES},  # fmt: skip
)


@pytest.mark.parametrize("typed, seconds", [("5:30", 330), (" 5.30 ", 330), ("5'30", 330), ("4:05/km", 245),
                                            ("12:00 min/km", 720), ("2:30", 150), ("15:00", 900)])  # fmt: skip
def test_a_pace_is_read_as_minutes_and_seconds_per_km(typed, seconds) -> None:
    assert pace.parse_pace(typed) == seconds


@pytest.mark.parametrize("typed, says", [("", "is not a pace"), ("fast", "is not a pace"), ("5:75", "75 seconds"),
                                         ("2:10", "outside what this illustration covers"), ("20:00", "outside"),
                                         ("5", "is not a pace")])  # fmt: skip
def test_a_pace_that_cannot_be_used_gets_a_message_saying_what_to_type(typed, says) -> None:
    with pytest.raises(pace.PaceError, match=says) as error:
        pace.parse_pace(typed)
    assert "5:30" in str(error.value) or "2:30 to 15:00" in str(error.value)


def test_ten_km_at_five_thirty_by_hand() -> None:
    ill = pace.illustrate(UNITS, 330, "10")
    assert ill.time_s == pytest.approx(3300)
    assert ill.speed == pytest.approx(1000 / 330)  # 3.03 m/s: just faster than the 3 m/s crossover
    assert not ill.slower_than_crossover
    assert (ill.economy_low, ill.economy_high) == pytest.approx((2.74, 5.12))
    assert (ill.factor_low, ill.factor_high) == pytest.approx((1.97 / 3, 1.0))
    assert ill.speed_gain_low == pytest.approx(2.74 * 1.97 / 3)  # 1.799%
    assert ill.saving_low_s == pytest.approx(3300 - 3300 / (1 + 2.74 * 1.97 / 300))  # 58.3 s
    assert ill.saving_high_s == pytest.approx(3300 - 3300 / 1.0512)  # 160.7 s
    assert pace.format_saving(ill.saving_low_s) == "58 seconds"
    assert pace.format_saving(ill.saving_high_s) == "2 min 41 s"


def test_below_the_crossover_speed_the_factor_is_one_for_one() -> None:
    ill = pace.illustrate(UNITS, 400, "5")  # 2.5 m/s
    assert ill.slower_than_crossover
    assert (ill.factor_low, ill.factor_high) == (1.0, 1.0)
    assert ill.saving_low_s == pytest.approx(2000 - 2000 / 1.0274)


def test_faster_than_the_source_describes_gives_no_figure() -> None:
    assert pace.illustrate(UNITS, 180, "10") is None  # 5.56 m/s > 5.5 m/s
    assert pace.illustrate(UNITS, 182, "10") is not None  # 5.49 m/s
    assert "3:02 per km" in words.too_fast(UNITS)


def test_times_are_written_as_a_runner_writes_them() -> None:
    assert pace.format_time(3300) == "55:00"
    assert pace.format_time(42.195 * 330) == "3:52:04"
    assert pace.format_saving(59.6) == "1 min 00 s"


def test_the_words_name_both_sources_say_illustration_and_read_at_grade_8() -> None:
    dataset = load_dataset(REAL_DATA)
    for seconds in (245, 330, 420):
        ill = pace.illustrate(dataset.runner_units, seconds, "half")
        lines = [words.headline(ill), *words.sentences(ill, dataset.runner_units, dataset.bibliography)]
        text = " ".join(lines)
        assert "Denadai et al. 2017" in text and "Kipp et al. 2019" in text
        assert "not a result any trial measured" in text
        assert "not a trial result" in words.TITLE
        assert all(textstat.flesch_kincaid_grade(line) <= 8 for line in lines), lines
    assert "a little more than 1% of speed" in " ".join(words.sentences(
        pace.illustrate(dataset.runner_units, 420, "10"), dataset.runner_units, dataset.bibliography))


def test_the_curated_numbers_load_and_match_the_result_they_come_from() -> None:
    dataset = load_dataset(REAL_DATA)
    units = dataset.runner_units
    assert units is not None and set(units.values) == set(runner_units.QUANTITIES)
    printed = dataset.results.set_index("result_id").loc["denadai2017-01", "value"]
    assert units.values["economy_gain"] == pytest.approx(abs(printed))
    assert set(units.source_keys()) == {"denadai2017", "kipp2019"}
    assert load_dataset(FIXTURE_DATA).runner_units is None  # a dataset without the file has no illustration


def _copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(REAL_DATA, folder)
    shutil.copy(REAL_DATA.parent / "references.bib", tmp_path / "references.bib")
    return folder


def _problems(folder) -> list[str]:
    return [str(p) for p in validate_folder(folder).problems]


def test_the_validator_checks_the_file_and_its_sources(tmp_path) -> None:
    folder = _copy(tmp_path)
    assert _problems(folder) == []
    frame = pd.read_csv(folder / runner_units.FILE, dtype=str, keep_default_na=False)
    frame.loc[frame["quantity"] == "economy_gain", "value"] = "4.5"
    frame.loc[frame["quantity"] == "crossover_speed", "unit"] = "km/h"
    frame.loc[frame["quantity"] == "example_speed", "source_url"] = "frontiers"
    frame.loc[frame["quantity"] == "example_speed_gain", "source"] = "nobody2020"
    frame = frame[frame["quantity"] != "economy_gain_limit"]
    frame.to_csv(folder / runner_units.FILE, index=False)
    found = "\n".join(_problems(folder))
    assert "runner_units.csv:2 column 'value' value '4.5': differs from denadai2017-01" in found
    assert "column 'unit' value 'km/h': must be 'm/s'" in found
    assert "column 'source_url' value 'frontiers'" in found
    assert "value 'nobody2020': no entry with this key in references.bib" in found
    assert "value 'economy_gain_limit': required quantity is missing" in found


def test_a_reference_used_only_by_the_illustration_is_not_an_orphan_but_one_used_by_nothing_is(tmp_path) -> None:
    folder = _copy(tmp_path)
    (folder / runner_units.FILE).unlink()
    assert any("kipp2019" in p and "orphan" in p for p in _problems(folder))
