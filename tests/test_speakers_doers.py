"""Speakers that a preposition's object gives a participle or infinitive with no subject
of its own (`syntax.preposition_doer`, the word lists `participle_doer_prepositions`
and `infinitive_doer_prepositions` of rules/speakers.toml), on written sentences, with
the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer, Article


def speaker_and_rule(article: Article, words: str) -> tuple[str | None, str]:
    (found,) = [a for a in article.attributions if words in a.quote.text]
    rule = next((e.rule_id for e in found.evidence if e.step == "speaker"), "")
    return (found.speaker.text if found.speaker else None), rule


def test_the_object_of_with_asks_the_question(any_analyzer: Analyzer) -> None:
    """`ended with the senator asking whether ...`: the senator asks, not the meeting
    the parse hangs `asking` on."""
    article = any_analyzer.analyze(
        "The meeting ended with the senator asking the panel whether the money had been spent."
    )
    assert speaker_and_rule(article, "the money had been spent") == (
        "the senator",
        "speaker.object_control",
    )


def test_a_named_object_of_with_speaks(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The hearing closed with Ada Brenner asking the board whether the harbour would be sold."
    )
    assert speaker_and_rule(article, "the harbour would be sold")[0] == "Ada Brenner"


def test_the_object_of_for_does_the_infinitive(any_analyzer: Analyzer) -> None:
    """`created an opening for the governor to argue ...`: `for` hangs on `opening`
    and the infinitive on `created`; the governor argues, not the storms."""
    article = any_analyzer.analyze(
        "The storms have created a natural opening for Governor Ada Brenner to argue "
        "that the new levees had held."
    )
    speaker, rule = speaker_and_rule(article, "the new levees had held")
    assert speaker is not None and speaker.endswith("Ada Brenner")
    assert rule == "speaker.object_control"


def test_a_thing_after_for_does_not_speak(any_analyzer: Analyzer) -> None:
    """`reached for a metaphor to explain ...`: a metaphor explains nothing; the one who
    reached for it does."""
    article = any_analyzer.analyze(
        "In an unhurried tone, Mr. Tom Hale reached for a metaphor to explain that the "
        "voters were tired."
    )
    speaker, rule = speaker_and_rule(article, "the voters were tired")
    assert speaker == "Mr. Tom Hale"
    assert rule != "speaker.object_control"


def test_a_comma_after_with_leaves_the_subject(any_analyzer: Analyzer) -> None:
    """The object must end right where the participle starts: `with her aides, saying`
    is the mayor's saying."""
    article = any_analyzer.analyze(
        "Mayor Ada Brenner left the hall with her aides, saying that the harbour would stay open."
    )
    assert speaker_and_rule(article, "the harbour would stay open")[0] == "Mayor Ada Brenner"
