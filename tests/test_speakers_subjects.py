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


def speaker_rule_of(article: Article, words: str) -> str:
    (found,) = [a for a in article.attributions if a.quote.text.startswith(words)]
    return next((e.rule_id for e in found.evidence if e.step == "speaker"), "")


def test_a_participle_under_a_preposition_is_the_verbs_subjects(
    any_analyzer: Analyzer,
) -> None:
    """`left the meeting ... before saying`: `saying` hangs on `before`, which has no
    subject; the senator who left said it, and the rule says so (before, only the
    ranker or the sentence's subject found her)."""
    article = any_analyzer.analyze(
        "Senator Ada Brenner left the council meeting early on Monday before saying that "
        "the town would not close its schools."
    )
    assert speaker_of(article, "close its schools") == "Senator Ada Brenner"
    assert speaker_rule_of(article, "that the town") == "speaker.inherited"


def test_a_participle_under_a_preposition_after_a_named_object_is_not_the_subjects(
    any_analyzer: Analyzer,
) -> None:
    """`criticized Mr. Ferris for suggesting ...`: Ferris suggested it; the rule does not
    hand it to the governor who criticized him."""
    article = any_analyzer.analyze(
        "The governor criticized Mr. Ferris on Tuesday for suggesting that the old bridge "
        "was unsafe."
    )
    assert speaker_rule_of(article, "that the old bridge") != "speaker.inherited"


def quote_of(article: Article, opening: str) -> tuple[str, str | None]:
    (found,) = [a for a in article.attributions if a.quote.text.startswith(opening)]
    return found.quote.text, (found.speaker.text if found.speaker else None)


def test_a_relative_clause_read_as_reported_words_is_the_speakers(
    any_analyzer: Analyzer,
) -> None:
    """The parser makes `won` a clause `said` reports, with `Ms. Lane` inside it: the
    words are the clause after `said`, and Ms. Lane said them."""
    article = any_analyzer.analyze(
        "Ms. Lane, meanwhile, who has won no endorsements, said that fact shows which of the "
        "two candidates is ready."
    )
    assert quote_of(article, "that fact shows") == (
        "that fact shows which of the two candidates is ready",
        "Ms. Lane",
    )


def test_an_apposition_read_as_reported_words_is_the_speakers(any_analyzer: Analyzer) -> None:
    """`Jo Marr, a Porthaven rabbi helping ..., said`: the parser makes `rabbi` a
    clause `said` reports."""
    article = any_analyzer.analyze(
        "Jo Marr, a Porthaven rabbi helping to organise the boycott, said he and other "
        "rabbis were alarmed by the plan."
    )
    text, speaker = quote_of(article, "he and other rabbis")
    assert speaker is not None and speaker.startswith("Jo Marr")
    assert "Porthaven" not in text


def test_reported_words_before_the_speaker_stay_the_quote(any_analyzer: Analyzer) -> None:
    """A clause before a cue with its own subject is what the cue reports, relative
    clause and all."""
    article = any_analyzer.analyze(
        "The harbour, which lost money again, will close next year, the minister said."
    )
    assert quote_of(article, "The harbour") == (
        "The harbour, which lost money again, will close next year",
        "the minister",
    )
