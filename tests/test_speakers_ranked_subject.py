"""A participle cue with no subject of its own that no rule gave a speaker: when the
speaker ranker picks a place or a thing from the sentence (`Ames, Iowa`, `the Stop Hale
movement`), the sentence's person subject before the cue speaks
(`recorded._ranked_non_person`, `speaker.sentence_subject`); and a name the NER tagged an
organisation that a rule found is not traded for a place (`models._a_name_for_a_place`).
On written sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from attribution import Analyzer, Article

PULPIT = (
    "On Sunday, Pastor Daniel Whitcomb stood at his pulpit in Ames, Iowa, and, quoting "
    "Psalm 23 (''the Lord is my shepherd''), endorsed Senator Ted Cruz of Texas, urging "
    "his flock to also consider voting for him."
)
DISTANCED = (
    "Martin Hale distanced himself from the Stop Hale movement by saying he would be "
    "willing to serve if asked."
)
DRAFTING = (
    "Democrats are drafting plans for winning over moderates from a rightward-drifting "
    "Republican Party, saying the effort is key to a win in November."
)
ENDORSED = (
    "Carly Fiorina threw her support behind Sen. Ted Cruz (R-Texas) on Wednesday, saying "
    "it is time for a real conservative."
)
ACCORDING = (
    "Justice Ann Lane voted with the majority more often than any other judge this term, "
    "according to Lee Ortiz, a law professor at the state university."
)


def speaker(article: Article, words: str, cue: str) -> str | None:
    """The speaker of the one quote holding `words` whose cue is `cue`."""
    (att,) = [
        a for a in article.attributions if words in a.quote.text and a.cue and a.cue.text == cue
    ]
    return att.speaker.text if att.speaker else None


def test_the_pastor_urges_not_the_state(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(PULPIT)
    assert speaker(article, "his flock", "urging") == "Pastor Daniel Whitcomb"


def test_the_one_who_distanced_himself_says_not_the_movement(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(DISTANCED)
    assert speaker(article, "willing to serve", "saying") == "Martin Hale"


def test_a_people_subject_says_not_the_party_it_courts(analyzer: Analyzer) -> None:
    """With the ranker only: its choice of a body the subject courts yields to the
    subject, a people (NORP) or body as well as a person; with the rules alone the
    fallback takes a person subject only, as before."""
    article = analyzer.analyze(DRAFTING)
    assert speaker(article, "key to a win", "saying") == "Democrats"


def test_according_to_keeps_its_source(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(ACCORDING)
    assert (
        speaker(article, "voted with the majority", "according to")
        == "Lee Ortiz, a law professor at the state university"
    )


def test_a_name_tagged_org_keeps_the_quote_over_a_party_tag(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(ENDORSED)
    assert speaker(article, "a real conservative", "saying") == "Carly Fiorina"
