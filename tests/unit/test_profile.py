"""'Does this apply to me?': the profile read from a link, each study's match, and the sentence per question."""

from __future__ import annotations

import pandas as pd

from evidence.views import profile

STUDY = {"population": "432 novice runners", "training_level": "recreational", "sex": "mixed", "age_band": "adult"}


def test_a_link_sets_the_profile_and_names_what_it_ignored() -> None:
    chosen, notices = profile.from_params({"me_age": ["40to59"], "me_sex": ["woman"], "me_level": ["elite!"]})
    assert chosen == profile.Profile(age="40to59", sex="woman")
    assert notices == ["Ignored 'elite!' in 'me_level': use one of new, recreational, competitive."]
    assert profile.to_params(chosen) == {"me_age": "40to59", "me_sex": "woman"}
    assert profile.Profile().empty and not chosen.empty


def test_a_study_matches_facet_by_facet_and_says_when_it_cannot_tell() -> None:
    me = profile.Profile(age="40to59", sex="woman", level="recreational")
    assert profile.match(pd.Series(STUDY), me) == {"runners": True, "level": True, "sex": True, "age": False}
    unknown = pd.Series(STUDY | {"sex": "not_reported", "population": "1502 army recruits"})
    assert profile.match(unknown, me) == {"runners": False, "level": True, "sex": None, "age": False}
    assert profile.match(pd.Series(STUDY), profile.Profile())["level"] is None  # the reader did not say


def test_one_sentence_counts_the_studies_like_the_reader_and_changes_no_estimate() -> None:
    studies = pd.DataFrame(
        [
            {"key": "a2001", "label": "A 2001", **STUDY},
            {"key": "b2002", "label": "B 2002", **STUDY, "population": "women footballers", "sex": "female"},
            {"key": "c2003", "label": "C 2003", **STUDY, "age_band": "not_reported"},
        ]
    )
    me = profile.Profile(age="under40", sex="man")
    table = profile.match_table(studies, ["a2001", "b2002", "c2003", "a2001"], me)
    assert list(table["Study"]) == ["A 2001", "B 2002", "C 2003"]
    assert list(table["Your sex"]) == ["yes", "no", "yes"] and list(table["Your age"]) == ["yes", "yes", "not reported"]
    sentence = profile.applies_sentence(table, me)
    assert sentence.startswith("2 of the 3 studies behind this answer were in runners")
    assert "2 included people of your sex" in sentence and "(1 do not say)" in sentence
    assert sentence.endswith(profile.SAME_FOR_EVERYONE)
