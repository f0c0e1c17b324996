"""A subjectless `to` infinitive whose speaker the ranker chose among the sentence's
places, bodies and things yields to the nearest person subject before it
(`recorded._sentence_subject`, `speaker.sentence_subject`), as a participle does. The
ranker runs only with the trained classifiers: the rules alone are unchanged."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_inherited_things import rule_of
from tests.test_speakers_subjects import speaker_of


def test_quick_to_point_out(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "As a Gazette columnist and radio host, Ortiz has become the mayor's loudest critic, "
        'quick to point out that the budget "does not add up."'
    )
    assert speaker_of(article, "does not add up") == "Ortiz"
    assert rule_of(article, "does not add up") == "speaker.sentence_subject"


def test_the_first_to_endorse(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Maria Ruiz was the first Democrat in the Senate to endorse the bill, which she "
        'said would "save the harbour."'
    )
    assert speaker_of(article, "the bill") == "Maria Ruiz"
