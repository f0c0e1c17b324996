"""A cue in a passive participle clause (`Asked about X, Ruiz said ...`): the subject it
shares with the main clause was asked, not the asker, so the attribution has no speaker
(extract/syntax.passive_participle_subject, speaker rule `speaker.unnamed`), and the
speaker ranker does not give it one. Sentences written for the test, parsed by the
shipped pipeline."""

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
