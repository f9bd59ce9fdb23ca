"""Runner units: what a pooled change in running economy could mean in minutes at a reader's pace and distance.

An illustration, never a trial result. Two published pieces are combined, both read in their abstracts
(``data/runner_units.csv``):

- how much strength training changed running economy against running-only controls: Denadai 2017's pooled
  difference in percent change, with its printed 95% confidence limit, which gives a range;
- how a percent gain in economy turns into a percent gain in speed (Kipp 2019): slightly more than one for one
  below about 3 m/s, less than one for one above it, and about two thirds at 5.5 m/s (their worked example:
  3% economy -> 1.97% speed).

Between 3 and 5.5 m/s the abstract gives no single factor, so the range runs from the 5.5 m/s factor (the
smallest it describes) to one for one. Below 3 m/s the factor is one for one, which the source says slightly
understates the gain. Faster than 5.5 m/s the source says nothing, and no figure is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.data.runner_units import RunnerUnits

#: The distances a reader can pick, in km, with their names.
DISTANCES = {"5": (5.0, "5 km"), "10": (10.0, "10 km"), "half": (21.0975, "half marathon"),
             "marathon": (42.195, "marathon")}  # fmt: skip
#: Paces a reader may type, per km: from a fast 2:30 to a walk-run 15:00.
FASTEST_PACE_S, SLOWEST_PACE_S = 150, 900
_PACE = re.compile(r"^\s*(\d{1,2})\s*[:.'’]\s*(\d{2})\s*(?:/\s*km|min/km)?\s*$")


class PaceError(ValueError):
    """A pace the reader typed that cannot be used; the message says what to type instead."""


def parse_pace(text: str) -> int:
    """Seconds per km from 'm:ss' (also 'm.ss', "m'ss" and a trailing '/km'); a clear message otherwise."""
    found = _PACE.match(text or "")
    if not found:
        raise PaceError(f"'{(text or '')[:20]}' is not a pace: type minutes and seconds per km, like 5:30.")
    minutes, seconds = int(found.group(1)), int(found.group(2))
    if seconds >= 60:
        raise PaceError(f"'{text.strip()[:20]}' has {seconds} seconds: type seconds from 00 to 59, like 5:30.")
    total = minutes * 60 + seconds
    if not FASTEST_PACE_S <= total <= SLOWEST_PACE_S:
        raise PaceError(f"{minutes}:{seconds:02d} per km is outside what this illustration covers (2:30 to 15:00).")
    return total


def format_time(seconds: float) -> str:
    """'55:00', '1:58:31' (rounded to the second)."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_saving(seconds: float) -> str:
    """'58 seconds', '2 min 41 s'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} seconds"
    minutes, secs = divmod(whole, 60)
    return f"{minutes} min {secs:02d} s"


@dataclass(frozen=True)
class Illustration:
    pace_s: int
    distance_km: float
    distance_name: str
    speed: float  # m/s
    time_s: float
    economy_low: float  # % gain in economy, low and high end of the printed range
    economy_high: float
    factor_low: float  # % speed per % economy
    factor_high: float
    speed_gain_low: float  # % gain in speed
    speed_gain_high: float
    saving_low_s: float
    saving_high_s: float
    slower_than_crossover: bool


def illustrate(units: RunnerUnits, pace_s: int, distance: str) -> Illustration | None:
    """The time a runner at ``pace_s`` per km over ``distance`` could save, as a range; None beyond the pace the
    source describes (faster than its 5.5 m/s example)."""
    distance_km, distance_name = DISTANCES[distance]
    v = units.values
    speed = 1000 / pace_s
    if speed > v["example_speed"]:
        return None
    economy_low = v["economy_gain"] - v["economy_gain_limit"]
    economy_high = v["economy_gain"] + v["economy_gain_limit"]
    slower = speed <= v["crossover_speed"]
    factor_fast = v["example_speed_gain"] / v["example_economy_gain"]
    factor_low, factor_high = (1.0, 1.0) if slower else (factor_fast, 1.0)
    time_s = pace_s * distance_km
    gain_low, gain_high = economy_low * factor_low, economy_high * factor_high

    def saving(gain: float) -> float:
        return time_s - time_s / (1 + gain / 100)

    return Illustration(pace_s, distance_km, distance_name, speed, time_s, economy_low, economy_high,
                        factor_low, factor_high, gain_low, gain_high, saving(gain_low), saving(gain_high),
                        slower)  # fmt: skip
