"""A poll's share the parser hung on the cue verb as a modifier, not as its subject
(`About 4 in 10 say ...`, `Less than a third agreed ...`), is the speaker
(`syntax.lost_quantity`, `speaker.subject`); a date before a verb is not. Written
sentences, with the rules alone and with the classifiers."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_subjects import speaker_of


def test_a_number_share_says(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The city polled its residents in May. About 6 in 10 say they want the council to "
        "build more parks."
    )
    assert speaker_of(article, "build more parks") == "About 6 in 10"


def test_a_fraction_agreed(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The survey asked voters about the treaty. Less than a third agreed with the "
        "governor that the treaty should be signed."
    )
    assert speaker_of(article, "the treaty should be signed") == "Less than a third"


def test_a_date_is_no_share(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The council met on Monday. Two weeks later said the mayor that the budget was balanced."
    )
    assert speaker_of(article, "the budget was balanced") == "the mayor"
