"""A thing that a speech participle modifies (`speaker.acl`) and that names no one (`then
a show of hands declaring ...`, the parse's attachment) yields to the nearest person,
body or people subject before the cue in its sentence (`recorded._inherited_thing`,
`speaker.sentence_subject`); a predicate noun, a person noun of `rules/speakers.toml`
(`gunman`, `guy`) and a noun that names someone through its own words stay. Written
sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_inherited_things import rule_of
from tests.test_speakers_subjects import speaker_of


def test_the_subject_over_the_last_thing_of_a_list(any_analyzer: Analyzer) -> None:
    """`called for a voice vote, and then a show of hands, declaring`: the chairwoman
    declared, not the show of hands the parse hung `declaring` on."""
    article = any_analyzer.analyze(
        "The hall was noisy on Saturday. The party chairwoman, Maria Ortiz, called for a "
        "voice vote, and then a show of hands, declaring after both that the motion had "
        "failed."
    )
    assert speaker_of(article, "the motion had failed") == "The party chairwoman, Maria Ortiz"
    assert rule_of(article, "the motion had failed") == "speaker.sentence_subject"


def test_a_predicate_noun_stays(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "He's a puppet saying exactly what the crowd wants to hear, and he will not deliver."
    )
    assert speaker_of(article, "what the crowd wants to hear") == "a puppet"


def test_a_gunman_stays(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The mayor arrived in Dover two days after a gunman claiming that the town had "
        "wronged him opened fire at a bakery."
    )
    assert speaker_of(article, "the town had wronged him") == "a gunman"


def test_a_guy_can_speak(any_analyzer: Analyzer) -> None:
    """`guy` is a person noun: the participle stays with him, not with the subject of
    the clause before."""
    article = any_analyzer.analyze(
        '"Is it two losses? Three?" Ms. Reyes asks as a repair guy walks past her, saying '
        'he is "here to fix the holes in the roof."'
    )
    assert speaker_of(article, "here to fix the holes") == "a repair guy"
