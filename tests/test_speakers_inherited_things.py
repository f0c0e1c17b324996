"""A subject inherited from the verb the parse hung the cue on that names no one (`the
verdict`, `the only time`) yields to the nearest person, body or people subject before
the cue in its sentence (`recorded._inherited_thing`, `speaker.sentence_subject`), on
written sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer
from attribution.schema import Article
from tests.test_speakers_subjects import speaker_of


def rule_of(article: Article, words: str) -> str:
    (found,) = [a for a in article.attributions if words in a.quote.text]
    return next(e.rule_id for e in found.evidence if e.rule_id.startswith("speaker."))


def test_a_passive_subject_not_its_agent(any_analyzer: Analyzer) -> None:
    """`were angered by the verdict and predicted`: the officials predicted, not the
    verdict the parse handed the conjoined verb. Since `names16` the conjoined verb
    inherits the passive subject itself (`syntax._subject_at`), before this fallback."""
    article = any_analyzer.analyze(
        "The hearing ended on Friday. Emergency officials were angered by the verdict and "
        "predicted that the repairs would take years."
    )
    assert speaker_of(article, "the repairs would take years") == "Emergency officials"
    assert rule_of(article, "the repairs would take years") == "speaker.inherited"


def test_the_subject_of_the_clause_the_verb_belongs_to(any_analyzer: Analyzer) -> None:
    """`the only time ... was when Ada Lorne complained ..., referred ... and asked`."""
    article = any_analyzer.analyze(
        "In fact, the only time the bridge came up was when Ada Lorne complained about the "
        "tolls, referred to the plan as reckless and asked whether the council would pay."
    )
    assert speaker_of(article, "whether the council would pay") == "Ada Lorne"


def test_a_thing_with_no_one_before_it_stays(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The storm damaged the pier last week. Its collapse has left the fishing fleet idle, "
        "showing that the harbour needs new funds."
    )
    assert speaker_of(article, "the harbour needs new funds") == "Its collapse"
    assert rule_of(article, "the harbour needs new funds") == "speaker.inherited"
