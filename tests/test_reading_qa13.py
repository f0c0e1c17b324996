"""Faults `qa13` found by reading new articles as a fact-checker would (issue 17): a live
blog's clock times, given names that tell a pronoun who is meant, a clause hung on the
medium a cue names, a headline's `jury told`. Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_faults10 import speakers_by_quote


def test_a_live_blog_clock_time_is_no_part_of_the_speaker(rules_only: Analyzer) -> None:
    """`14:10 A Treasury spokesperson said ...`: the time that opens a live blog's entry
    is neither in the speaker's span nor in its name."""
    article = rules_only.analyze(
        "Budget day live\n\n14:10 A Treasury spokesperson said the forecast was sound.\n\n"
        "9.40 am Business groups said the cut would help firms.\n\n"
        "15:02 Paul Hendry says the cut will cost nine billion pounds."
    )
    speakers = {a.quote.text: a.speaker for a in article.attributions}
    first = speakers["the forecast was sound"]
    assert first is not None and first.text == "A Treasury spokesperson"
    assert first.name == "A Treasury spokesperson"
    second = speakers["the cut would help firms"]
    assert second is not None and second.text == "Business groups"
    third = speakers["the cut will cost nine billion pounds"]
    assert third is not None and (third.text, third.key) == ("Paul Hendry", "paul hendry")


def test_a_known_given_name_keeps_she_off_a_man(rules_only: Analyzer) -> None:
    """`Martin` and `Paula` are given names of rules/names.toml: `She rejected that
    suggestion` is the witness's, not the man's who spoke last; her rejection answers
    his suggestion."""
    article = rules_only.analyze(
        "The witness, Paula Reddy, said she had inspected the flats. Defence counsel "
        "Martin Greaves suggested that her report had been written later. She rejected "
        "that suggestion."
    )
    found = {a.quote.text: a for a in article.attributions}
    rejection = found["that suggestion"]
    assert rejection.speaker is not None and rejection.speaker.name == "Paula Reddy"
    assert rejection.disputed
    assert found["that her report had been written later"].disputed


def test_a_clause_hung_on_the_medium_is_the_cues(rules_only: Analyzer) -> None:
    """`said in a tribute that ...`: the parser hangs the clause on `tribute`; it is
    what the trust said, both its parts. A clause on a noun after another preposition
    (`spoke on condition that ...`) is not."""
    found = speakers_by_quote(
        rules_only,
        "The hospital trust said in a tribute that Okafor had saved thousands of lives "
        "and that her work on children's heart surgery was still taught to students today.",
    )
    assert found[
        "that Okafor had saved thousands of lives and that her work on children's heart "
        "surgery was still taught to students today"
    ] == ("The hospital trust", None)
    found = speakers_by_quote(rules_only, "The official spoke on condition that he not be named.")
    assert "that he not be named" not in found


def test_a_headline_jury_told_is_the_jury_hearing(rules_only: Analyzer) -> None:
    """`..., jury told`: a headline's short passive of `tell` (rules/cues.toml
    `[clauses] addressed`); the jury heard the claim, and who made it is unnamed. An
    active `she told` with nothing after it keeps its speaker."""
    found = speakers_by_quote(
        rules_only,
        "Builder lied about safety checks before balcony collapse, jury told\n\n"
        'Helen Osei said the case was clear. "We will win," she told.',
    )
    assert found["Builder lied about safety checks before balcony collapse"] == (None, None)
    assert (found['"We will win,"'][0] or "").endswith("Osei")
