"""'Does this apply to me?': a runner's short profile, how each study behind an answer matches it, and one plain
sentence per question. The profile never changes an estimate: it only says how directly the evidence applies.

The profile lives in the link (``me_age``, ``me_sex``, ``me_level``, ``me_goal``) so that it reopens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from evidence.stats.effects import is_runner_population

AGES = {"under40": "under 40", "40to59": "40 to 59", "60plus": "60 or older"}
SEXES = {"woman": "a woman", "man": "a man"}
LEVELS = {"new": "new to running", "recreational": "a recreational runner", "competitive": "a competitive runner"}
GOALS = {"faster": "run faster", "injuries": "get injured less", "strong": "stay strong as I age"}
#: The link parameters of the profile, each with its choices.
PARAMS: dict[str, dict[str, str]] = {"me_age": AGES, "me_sex": SEXES, "me_level": LEVELS, "me_goal": GOALS}
SAME_FOR_EVERYONE = "The estimates are the same for everyone: this only says how close the people studied were to you."
#: Which runners' question each goal leads to.
GOAL_SECTION = {"faster": "economy", "injuries": "injuries", "strong": "ageing"}

_AGE_BANDS = {"under40": {"adult"}, "40to59": {"masters"}, "60plus": {"older"}}
_SEX = {"woman": "female", "man": "male"}
_LEVELS = {"new": {"untrained", "recreational"}, "recreational": {"recreational"},
           "competitive": {"trained", "highly_trained", "elite"}}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    age: str = ""
    sex: str = ""
    level: str = ""
    goal: str = ""

    @property
    def empty(self) -> bool:
        return not (self.age or self.sex or self.level or self.goal)


def from_params(params: Mapping[str, Sequence[str]]) -> tuple[Profile, list[str]]:
    """The profile a link sets, and a notice for each value it could not use."""
    values, notices = {}, []
    for name, choices in PARAMS.items():
        given = list(params.get(name, []))
        if not given:
            continue
        if given[0] in choices:
            values[name.removeprefix("me_")] = given[0]
        else:
            notices.append(f"Ignored '{given[0][:40]}' in '{name}': use one of {', '.join(choices)}.")
    return Profile(**values), notices


def to_params(profile: Profile) -> dict[str, str]:
    return {f"me_{k}": v for k, v in (("age", profile.age), ("sex", profile.sex), ("level", profile.level),
                                      ("goal", profile.goal)) if v}  # fmt: skip


def match(study: pd.Series, profile: Profile) -> dict[str, bool | None]:
    """How a study's people match the reader: runners at all, and the reader's level, sex and age band (None when
    the reader did not say, or the study does not report it)."""
    found: dict[str, bool | None] = {"runners": is_runner_population(study["population"])}
    level, sex, band = study["training_level"], study["sex"], study["age_band"]
    found["level"] = None if not profile.level or level in ("not_reported", "not_applicable") else (
        level in _LEVELS[profile.level] or level == "mixed")  # fmt: skip
    found["sex"] = None if not profile.sex or sex in ("not_reported", "not_applicable") else (
        sex in (_SEX[profile.sex], "mixed"))  # fmt: skip
    found["age"] = None if not profile.age or band in ("not_reported", "not_applicable") else (
        band in _AGE_BANDS[profile.age] or band == "mixed")  # fmt: skip
    return found


def match_table(studies: pd.DataFrame, keys: Sequence[str], profile: Profile) -> pd.DataFrame:
    """The studies behind an answer, each with how it matches the reader ('yes', 'no', 'not reported')."""
    by_key = studies.set_index("key")
    words = {True: "yes", False: "no", None: "not reported"}
    rows = []
    for key in dict.fromkeys(k for k in keys if k in by_key.index):
        study = by_key.loc[key]
        found = match(study, profile)
        row = {"Study": study["label"], "Who": study["population"], "Runners": words[found["runners"]]}
        for column, facet, asked in (("Your level", "level", profile.level), ("Your sex", "sex", profile.sex),
                                     ("Your age", "age", profile.age)):  # fmt: skip
            if asked:
                row[column] = words[found[facet]]
        rows.append(row)
    return pd.DataFrame(rows)


def applies_sentence(table: pd.DataFrame, profile: Profile) -> str:
    """One sentence: how directly the studies behind an answer apply to the reader."""
    if table.empty:
        return "No study behind this answer is in the dataset in use."
    total = len(table)
    studies = "study" if total == 1 else "studies"
    parts = [f"{(table['Runners'] == 'yes').sum()} of the {total} {studies} behind this answer were in runners"]
    for column, words in (("Your level", LEVELS.get(profile.level, "")), ("Your sex", "your sex"),
                          ("Your age", f"your age band ({AGES.get(profile.age, '')})")):  # fmt: skip
        if column in table:
            yes = int((table[column] == "yes").sum())
            unknown = int((table[column] == "not reported").sum())
            what = f"people like you ({words})" if column == "Your level" else f"people of {words}"
            parts.append(f"{yes} included {what}" + (f" ({unknown} do not say)" if unknown else ""))
    return "; ".join(parts) + f". {SAME_FOR_EVERYONE}"
