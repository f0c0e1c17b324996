"""A name the parse reads as a modal (`Will wrote`): the verb after it is past,
third-person or a participle, which no modal takes, so the word is the cue's subject
and not part of the cue (`syntax.name_read_as_modal`), on written sentences, with the
rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer, Article

TEXT = (
    "The columnist George Will renewed his quarrel with the governor this week. "
    "In a long essay, Will wrote that the governor had squandered the party's trust. "
    "Will believes the senator has the better record. "
    "Will the council approve the budget? The mayor will say that it must."
)


def found(article: Article, words: str) -> tuple[str | None, str]:
    (att,) = [a for a in article.attributions if words in a.quote.text]
    return (att.speaker.text if att.speaker else None), att.cue.text


def test_will_before_a_past_verb_is_the_writer(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(TEXT)
    assert found(article, "squandered the party's trust") == ("Will", "wrote")


def test_will_before_a_third_person_verb_is_the_believer(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(TEXT)
    assert found(article, "the better record") == ("Will", "believes")


def test_a_modal_before_a_bare_verb_stays_a_modal(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(TEXT)
    assert found(article, "it must") == ("The mayor", "will say")
