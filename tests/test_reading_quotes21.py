"""Quotes missed or cut wrong, mended by `quotes21` (one test or two per fault: a
naming cue, a split quotation, a colon, an `as` phrase). Sentences written for these
tests."""

from __future__ import annotations

from attribution import Analyzer
from attribution.schema import Attribution


def _by_cue(analyzer: Analyzer, text: str, cue: str) -> list[Attribution]:
    return [
        a for a in analyzer.analyze(text).attributions if a.cue is not None and a.cue.text == cue
    ]


def test_a_naming_cue_reports_the_name_it_gives_not_the_clause_before_it(
    any_analyzer: Analyzer,
) -> None:
    """The parser hangs `she drew his ire` on `called` as its clause; what Holt said is
    the name he gave her."""
    text = (
        "The senator backed the bill. For that she drew Holt's ire - he called her "
        '"weak" and said she had "zero support" in the county. He later changed course.'
    )
    (att,) = _by_cue(any_analyzer, text, "called")
    assert att.quote.text == 'her "weak"'
    assert att.quote.kind == "mixed"
    assert att.rule_id == "cue.naming"


def test_a_split_quotation_resumes_after_the_cues_circumstances(
    any_analyzer: Analyzer,
) -> None:
    text = (
        'The storm hit on Monday. "This is a political move," he told the Gazette in March, '
        '"keeping taxes at this level." Nobody answered.'
    )
    (att,) = _by_cue(any_analyzer, text, "told")
    assert [f.text for f in att.quote.fragments] == [
        '"This is a political move,"',
        '"keeping taxes at this level."',
    ]


def test_a_quotation_after_a_clause_with_a_verb_of_its_own_does_not_resume_the_first(
    any_analyzer: Analyzer,
) -> None:
    text = (
        'The storm hit on Monday. "This is a political move," he told Radio North, whose '
        'host asked, "Why now?" Nobody answered.'
    )
    (att,) = _by_cue(any_analyzer, text, "told")
    assert "Why now" not in att.quote.text


def test_the_words_before_a_colon_are_not_the_quotation_a_later_cue_reports(
    any_analyzer: Analyzer,
) -> None:
    text = (
        "The storm hit on Monday. At the time, Mayor Holt seemed to hint that he had settled "
        'the matter: "The council signed the agreement," he told the Gazette. Nobody answered.'
    )
    (att,) = _by_cue(any_analyzer, text, "told")
    assert att.quote.text == '"The council signed the agreement,"'
    assert att.quote.kind == "direct"


def test_the_words_after_a_quotation_a_colon_sets_off_are_the_writers(
    any_analyzer: Analyzer,
) -> None:
    text = (
        'The storm hit on Monday. Additionally, Holt said: "I have admitted many times that '
        'the road plan was a mistake," but in fact the plan was never his. Nobody answered.'
    )
    (att,) = _by_cue(any_analyzer, text, "said")
    assert att.quote.text == ('"I have admitted many times that the road plan was a mistake,"')
    assert att.quote.kind == "direct"


def test_a_quoted_word_after_a_colon_keeps_the_words_before_it(
    any_analyzer: Analyzer,
) -> None:
    """Not a quotation of whole sentences: the words before the colon are the speaker's
    too, as they were."""
    text = 'The vote is near. The plan has one aim: "growth," Holt said on Monday.'
    for att in _by_cue(any_analyzer, text, "said"):
        assert att.quote.start < text.index(": ")


def test_a_cue_with_an_object_and_a_quoted_as_phrase_reports_both(
    any_analyzer: Analyzer,
) -> None:
    text = 'The mill closed in May. Holt described the town as "a place of ruin," and left.'
    (att,) = _by_cue(any_analyzer, text, "described")
    assert att.quote.text == 'the town as "a place of ruin,"'
    assert att.quote.kind == "mixed"
    assert att.rule_id == "cue.naming"
