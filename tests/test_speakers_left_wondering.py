"""The object of `leave` (`object_doer_verbs` of rules/speakers.toml) does the participle
or infinitive right after it: `has left many voters wondering whether ...` is the
voters' question, not the subject's (`syntax.object_doer`, `speaker.object_control`),
when the object is someone or a share of people. A place or thing left is no doer. Written
sentences, with the rules alone and with the classifiers."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from tests.test_speakers_subjects import speaker_of


def test_people_left_wondering(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The long delay at the port has left many voters wondering whether the ferry will "
        "ever return."
    )
    assert speaker_of(article, "the ferry will ever return") == "many voters"


def test_people_left_wondering_after_a_comma(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The budget has left many Democrats, including the mayor's allies, wondering "
        "whether the plan can pass."
    )
    assert speaker_of(article, "the plan can pass") == "many Democrats"


def test_many_left_to_wonder(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The council cut the bus routes last year, leaving many to wonder whether the "
        "service would survive."
    )
    assert speaker_of(article, "the service would survive") == "many"


def test_a_share_left_saying(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The closure of the yard has left 40 percent of the workers saying they will move away."
    )
    assert speaker_of(article, "they will move away") == "40 percent of the workers"


def test_a_place_left_is_no_doer(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The mayor left the stage saying the harbour would reopen in May."
    )
    assert speaker_of(article, "the harbour would reopen") == "The mayor"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The senator left reporters, saying the bill would pass.", "the bill", "The senator"),
        (
            "The coach left his players, saying they had not tried hard enough.",
            "they had not tried",
            "The coach",
        ),
        (
            "The governor left many lawmakers, saying the budget was final.",
            "the budget was final",
            "The governor",
        ),
    ],
)
def test_a_person_left_before_a_comma_is_no_doer(
    any_analyzer: Analyzer, text: str, content: str, speaker: str
) -> None:
    """A comma right after a plain object ends the clause of `leave`: the participle after
    it is the subject's (`left reporters, saying ...`). Only an object with an aside of
    its own (`many Democrats, including ..., wondering`) runs on over a comma."""
    assert speaker_of(any_analyzer.analyze(text), content) == speaker
