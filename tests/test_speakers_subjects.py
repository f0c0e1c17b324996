"""Speaker mentions the cue's own syntax gives (attribution/extract/syntax.py), on
written sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer, Article


def speaker_of(article: Article, words: str) -> str | None:
    (found,) = [a for a in article.attributions if words in a.quote.text]
    return found.speaker.text if found.speaker else None


def test_a_dateline_parsed_as_a_subject_leaves_the_speaker(any_analyzer: Analyzer) -> None:
    """The parser makes `Harbourton` a second subject of `has taken`; the person next to
    the verb is the one who took the swipe and said the words."""
    article = any_analyzer.analyze(
        "Harbourton (AFP) – Democrat Ada Brenner has taken a swipe at Republican rival Tom "
        "Hale’s stance on the docks, saying that “idle cranes cost the town more than they "
        "earn.”"
    )
    assert speaker_of(article, "idle cranes") == "Democrat Ada Brenner"
