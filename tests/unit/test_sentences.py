"""The sentence splitter and the quote rule that the sentence-by-sentence account of the posts rests on."""

from __future__ import annotations

from evidence.data.sentences import contains, normalise, split_line, split_sentences


def test_a_line_is_cut_after_a_full_stop_question_or_exclamation_mark() -> None:
    assert split_line("Runners love to run. But do they need more? Yes! Lift.") == [
        "Runners love to run.",
        "But do they need more?",
        "Yes!",
        "Lift.",
    ]


def test_abbreviations_initials_and_lower_case_continuations_do_not_cut() -> None:
    assert split_line("Lauersen et al. found fewer injuries. Rønnestad, B. R. (n.d.). Effects of lifting.") == [
        "Lauersen et al. found fewer injuries.",
        "Rønnestad, B. R. (n.d.).",
        "Effects of lifting.",
    ]
    assert split_line("Squats vs. lunges, e.g. split squats. Done.") == [
        "Squats vs. lunges, e.g. split squats.",
        "Done.",
    ]
    assert split_line("It rose 4.5 per cent. then fell") == ["It rose 4.5 per cent. then fell"]


def test_a_closing_quotation_mark_stays_with_its_sentence() -> None:
    assert split_line("They concluded that “injuries were halved.” Then they stopped.") == [
        "They concluded that “injuries were halved.”",
        "Then they stopped.",
    ]


def test_each_line_is_split_alone_and_list_markers_are_dropped() -> None:
    text = "A Heading\n\n  1. Bridges: double and single leg\n  • Planks\nOne sentence. Two sentences.\n"
    assert split_sentences(text) == [
        "A Heading",
        "Bridges: double and single leg",
        "Planks",
        "One sentence.",
        "Two sentences.",
    ]


def test_splitting_is_deterministic_and_keeps_every_word() -> None:
    text = "First line. Second, with Dr. Who? Third!\nA heading\n  2. Item one"
    once, twice = split_sentences(text), split_sentences(text)
    assert once == twice
    assert " ".join(once).split() == [w for w in text.replace("2.", "", 1).split()]


def test_normalise_changes_only_white_space_and_typographic_quotes() -> None:
    assert normalise("you’re  “strong”\n‘ok’") == "you're \"strong\" 'ok'"
    assert normalise("Load > Tissue – Capacity") == "Load > Tissue – Capacity"  # dashes and case are kept


def test_a_quote_is_contained_only_within_one_sentence() -> None:
    sentence = "Running injuries tend to happen when our work load exceeds our capacity to tolerate work."
    assert contains(sentence, "when our work load exceeds our capacity")
    assert contains(sentence, "when our  work load exceeds our capacity")  # white space is not a difference
    assert not contains(sentence, "when our workload exceeds our capacity")  # a changed word is
    assert not contains("strength training", "Strength training prevents injuries.")  # a heading inside a quote
    assert not contains(sentence, "")
