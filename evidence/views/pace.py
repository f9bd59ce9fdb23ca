"""The words of the runner-units illustration: what the pooled economy change could mean at the reader's pace.

Plain sentences (grade 8 or lower), each number computed by ``evidence.stats.pace`` from numbers read in the
sources, which are named with their labels. Always labelled as an illustration, never as a trial result.
"""

from __future__ import annotations

from evidence.data.bibliography import Bibliography
from evidence.data.runner_units import RunnerUnits
from evidence.stats.pace import DISTANCES, Illustration, format_saving, format_time

#: The link parameters of the illustration (pace as m:ss per km, distance as a DISTANCES key).
PARAMS = ("me_pace", "me_dist")
DEFAULT_DISTANCE = "10"
TITLE = "What could this mean at my pace? An illustration, not a trial result"


def _label(bibliography: Bibliography, key: str) -> str:
    return bibliography.label(key) if key in bibliography.references else key


def headline(ill: Illustration) -> str:
    """'Your 10 km at 5:30 per km: 55:00 now; about 52:19 to 54:02 with the same effort.'"""
    faster, slower = format_time(ill.time_s - ill.saving_high_s), format_time(ill.time_s - ill.saving_low_s)
    pace = format_time(ill.pace_s)
    return (f"Your {ill.distance_name} at {pace} per km: {format_time(ill.time_s)} now; about {faster} to "
            f"{slower} for the same effort.")  # fmt: skip


def sentences(ill: Illustration, units: RunnerUnits, bibliography: Bibliography) -> list[str]:
    """How the range was reached, in plain words, with both sources named."""
    economy = _label(bibliography, units.sources["economy_gain"].key)
    speed = _label(bibliography, units.sources["example_speed_gain"].key)
    lines = [
        f"That is {format_saving(ill.saving_low_s)} to {format_saving(ill.saving_high_s)} faster. "
        f"It assumes your running economy improves as much as it did on average in the trials: "
        f"{ill.economy_low:.1f}% to {ill.economy_high:.1f}% less energy at the same speed ({economy}, "
        "the pooled estimate and its 95% range).",
    ]
    if ill.slower_than_crossover:
        lines.append(
            f"At your pace, {speed} expect each 1% of economy to give a little more than 1% of speed. "
            "We use one for one, so the real gain may be slightly larger."
        )
    else:
        lines.append(
            f"At your pace, {speed} expect each 1% of economy to give less than 1% of speed: between "
            f"{ill.factor_low:.2f}% (their figure for elite marathon pace) and 1%. That gives the range."
        )
    newest = (f" The newest review, {_label(bibliography, 'eihara2022')}, found a small effect in units that cannot "
              "be turned into minutes." if "eihara2022" in bibliography.references else "")  # fmt: skip
    lines.append(f"This is not a result any trial measured. Some runners gain more, some nothing.{newest}")
    return lines


def too_fast(units: RunnerUnits) -> str:
    fastest = format_time(1000 / units.values["example_speed"])
    return (f"Your pace is faster than {fastest} per km, the fastest pace the source describes, so no figure is "
            "shown.")  # fmt: skip


def distance_choices() -> dict[str, str]:
    return {key: name for key, (_, name) in DISTANCES.items()}
