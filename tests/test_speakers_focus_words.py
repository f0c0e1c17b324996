"""A focusing adverb that opens a nominal speaker (`Even those`, `even some`, `Even
people`; rules/speaker_names.toml [focus_words]) is no part of who speaks: the mention
keeps it, the name kept as written or made for a new nominal does not. Written
sentences, with the rules alone and with the classifiers."""

from __future__ import annotations

from attribution import Analyzer
from attribution.schema import Article


def mention_and_name(article: Article, words: str) -> tuple[str, str | None]:
    (att,) = [a for a in article.attributions if words in a.quote.text]
    assert att.speaker is not None
    return att.speaker.text, att.speaker.name


def test_even_people_are_people(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The new bridge opened in March after six years of work.\n\n"
        "Even people who opposed the bridge say that it has cut their commute."
    )
    text, name = mention_and_name(article, "cut their commute")
    assert text.startswith("Even people")
    assert name is not None and name.split()[0] == "people"


def test_even_some_are_some(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The council voted to close the library on Sundays.\n\n"
        "Even some who voted for the plan said that it went too far."
    )
    text, name = mention_and_name(article, "went too far")
    assert text.startswith("Even some")
    assert name is not None and name.split()[0] == "some"


def test_a_name_keeps_its_own_words(any_analyzer: Analyzer) -> None:
    """Only an adverb is cut: a speaker whose words start otherwise keeps them."""
    article = any_analyzer.analyze(
        "The council voted to close the library on Sundays.\n\n"
        "Some residents said that the plan went too far."
    )
    assert mention_and_name(article, "went too far")[1] == "Some residents"
