"""Faults `qa18` left, mended by `qa19` (issue 17): the writer's aside set off by commas
that contests the reported words. Sentences written for these tests."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from attribution.schema import Attribution


def _ferry(analyzer: Analyzer, text: str) -> Attribution:
    (att,) = [a for a in analyzer.analyze(text).attributions if "ferries" in a.quote.text]
    return att


def _disputed_words(att: Attribution) -> dict[str, str]:
    return {str(e.rule_id): e.words for e in att.evidence if e.step == "disputed"}


@pytest.mark.parametrize(
    ("aside", "rule", "words"),
    [
        ("which is false", "dispute.fact_check.which_is_false", "which is false"),
        ("which is not true", "dispute.fact_check.which_is_not_true", "which is not true"),
        (
            "a point the crew union rejects",
            "dispute.fact_check.a_claim_denied",
            "a point the crew union rejects",
        ),
    ],
)
def test_a_comma_aside_contesting_the_reported_words_flags_them(
    any_analyzer: Analyzer, aside: str, rule: str, words: str
) -> None:
    """The aside follows the reported clause's verb: the writer's word on that clause,
    and the flag points at it."""
    text = (
        "The harbour board's chair, Odile Pennant, said the ferries had never left late "
        f"this spring, {aside}, and promised a new pier."
    )
    att = _ferry(any_analyzer, text)
    assert att.disputed and att.dispute_reason == "fact_check"
    assert _disputed_words(att).get(rule, "").startswith(words)


@pytest.mark.parametrize(
    "aside", ["which is true", "a point nobody disputes", "a point the union has not rejected"]
)
def test_a_comma_aside_that_contests_nothing_flags_nothing(
    any_analyzer: Analyzer, aside: str
) -> None:
    text = (
        "The harbour board's chair, Odile Pennant, said the ferries had never left late "
        f"this spring, {aside}, and promised a new pier."
    )
    assert not _ferry(any_analyzer, text).disputed


def test_an_aside_on_a_noun_inside_the_clause_is_the_speakers_own(
    any_analyzer: Analyzer,
) -> None:
    """`said the rumour, which is false, had ...`: the relative clause stands before the
    reported clause's verb, so it is what the speaker says of the rumour."""
    text = "Odile Pennant said the rumour about the ferries, which is false, had upset the crews."
    assert not _ferry(any_analyzer, text).disputed


def test_a_sign_off_to_the_reader_is_no_quote(any_analyzer: Analyzer) -> None:
    """`Thank you for following.`: a verb with no subject whose object is the reader
    (cues.toml [clauses] reader) is the writer's own voice, not a report; `We thank you`
    has a subject and still reports."""
    text = (
        "Harbour live\n\n16:40 The last ferry has docked. Thank you for following.\n\n"
        '16:45 The harbour board\'s chair said: "We thank you for your patience."\n'
    )
    quotes = [a.quote.text for a in any_analyzer.analyze(text).attributions]
    assert not [q for q in quotes if "following" in q]
    assert any("patience" in q for q in quotes)


def test_a_question_mark_is_no_speaker(any_analyzer: Analyzer) -> None:
    """`Consumer group Which? said ...`: the parser hangs the name's `?` on the cue as a
    second subject; punctuation speaks for no one, and the group does."""
    text = "Consumer group Which? said the kettles had failed its safety tests."
    (att,) = [a for a in any_analyzer.analyze(text).attributions if "kettles" in a.quote.text]
    assert att.speaker is not None and att.speaker.text != "?"
    assert "group" in att.speaker.name


def test_a_body_does_not_refer_back_to_its_spokesman(any_analyzer: Analyzer) -> None:
    """`The company said` after `A company spokesman said`: the spokesman's words hold
    `company`, but a body is no person; the company is not named the spokesman."""
    text = (
        "A company spokesman said the reports of fires were wrong. "
        "The company said it would cooperate with the recall."
    )
    (att,) = [a for a in any_analyzer.analyze(text).attributions if "recall" in a.quote.text]
    assert att.speaker is not None and att.speaker.text == "The company"
    assert att.speaker.name != "A company spokesman"
