"""A cue conjoined with a passive verb shares that verb's subject, not its agent (`was
joined on stage by Senator Ruiz and joked`: Ms. Lorne joked; `syntax._subject_at`,
`speaker.inherited`). Inside a reported clause the agent is left to the rules that read
the reporting verb. Written sentences, with the rules alone and with the classifiers."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_subjects import speaker_of


def test_the_one_joined_joked(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        'Ms. Lorne was joined on stage by Senator Ruiz and joked, "We are not done yet."'
    )
    assert speaker_of(article, "We are not done yet") == "Ms. Lorne"


def test_the_one_interviewed_said(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The mayor spoke on Thursday. He was interviewed by the Gazette on Friday and said "
        'the plan "will not work."'
    )
    assert speaker_of(article, "will not work") == "He"
