"""The subject of a second clause that the parser read as a conjunct of the first
clause's object (`... charged the captain with negligence and Brenner fired ...`:
`Brenner` a `conj` of `negligence`) is the second clause's speaker, not the first
clause's subject it would otherwise inherit (`syntax._conjunct_read_as_object`,
`speaker.subject`). A second verb with no subject of its own before it still shares
the first's. Written sentences, with the rules alone and with the classifiers."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_subjects import speaker_of


def test_a_name_read_as_an_object_of_a_preposition(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "Last week, the inspectors charged the captain with negligence and Brenner fired "
        "her deputy, Tom Hale, admitting that the port had lost the trust of its workers."
    )
    assert speaker_of(article, "lost the trust of its workers") == "Brenner"


def test_a_body_read_as_an_object_before_a_negated_verb(analyzer: Analyzer) -> None:
    """With the classifiers: the rules alone keep no quote of `did not respond`."""
    article = analyzer.analyze(
        "Governor Ada Brenner has not talked about the strike and her office did not "
        "respond to a request for comment."
    )
    assert speaker_of(article, "a request for comment") == "her office"


def test_a_subject_read_into_the_reported_clause(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "Several councillors have said they will not attend the hearing and others have "
        "said they are not interested in voting."
    )
    assert speaker_of(article, "not interested in voting") == "others"


def test_a_second_clause_hung_as_a_complement(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The county prosecutor is investigating the harbour police and the state attorney "
        "general is warning that an inquiry will follow."
    )
    assert speaker_of(article, "an inquiry will follow") == "the state attorney general"


def test_a_verb_with_no_subject_of_its_own_shares_the_first(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The mayor met the governor on Monday and said the plan would cost too much."
    )
    assert speaker_of(article, "cost too much") == "The mayor"
