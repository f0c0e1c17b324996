"""A cue in a passive participle clause (`Asked about X, Ruiz said ...`) or a passive
with no agent (`The mayor was told that X`): the subject was asked or told, not the one
who asked, so the attribution has no speaker (extract/syntax.unnamed_actor, speaker rule
`speaker.unnamed`), and the speaker ranker does not give it one. Sentences written for
the test, parsed by the shipped pipeline."""

from __future__ import annotations

from attribution import Analyzer

TEXT = "Asked whether the plan would pass, the senator said she expected a close vote."


def test_the_one_asked_is_not_who_asked(any_analyzer: Analyzer) -> None:
    found = {a.cue.text: a for a in any_analyzer.analyze(TEXT).attributions if a.cue is not None}
    assert found["Asked"].quote.text == "whether the plan would pass"
    assert found["Asked"].speaker is None
    said = found["said"].speaker
    assert said is not None and said.text == "the senator"


def test_when_asked_after_the_speaker_is_no_speaker_either(any_analyzer: Analyzer) -> None:
    text = "The senator said, when asked about the plan, that it would fail."
    found = {a.cue.text: a for a in any_analyzer.analyze(text).attributions if a.cue is not None}
    assert found["asked"].speaker is None


def test_the_one_told_is_not_who_told(any_analyzer: Analyzer) -> None:
    # A finite passive with no agent: the speaker ranker would take its subject.
    (told,) = any_analyzer.analyze("The mayor was told that the bridge would close.").attributions
    assert told.quote.text == "that the bridge would close"
    assert told.speaker is None


def test_a_raised_subject_that_is_content_gets_no_speaker_from_the_ranker(
    analyzer: Analyzer,
) -> None:
    # `Ruiz, who is expected to win, ...`: what is expected is `who ... to win`; no one
    # in the sentence expects it, and the ranker must not make Ruiz its speaker.
    found = analyzer.analyze("Ruiz, who is expected to win, spoke on Monday.").attributions
    (expected,) = [a for a in found if a.cue is not None and a.cue.text == "is expected"]
    assert expected.quote.text == "who is expected to win"
    assert expected.speaker is None
