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


def test_the_object_urged_to_speak_is_the_speaker(any_analyzer: Analyzer) -> None:
    """`require the Harbour Party to recognize that ...`: the party is to recognize it,
    not the tax that requires it."""
    article = any_analyzer.analyze(
        "Such a tax would require the Harbour Party to recognize that the port is losing money."
    )
    assert speaker_of(article, "losing money") == "the Harbour Party"


def test_a_thing_used_to_speak_leaves_the_subject(any_analyzer: Analyzer) -> None:
    """`used her speech to say ...`: the speech is what she used; she said it."""
    article = any_analyzer.analyze(
        "Mayor Ada Brenner used her speech to say that the port board must resign."
    )
    assert speaker_of(article, "must resign") == "Mayor Ada Brenner"
