"""A poll's share as a speaker (`Nine in 10 registered Democrats say ...`): the mention
keeps the `in` of the share that the parse hangs on the first number
(`syntax.mention_range`), on written sentences, with the rules alone and with the
trained classifiers."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_subjects import speaker_of


def test_a_share_with_its_people_speaks_whole(any_analyzer: Analyzer) -> None:
    """`Nine in 10 registered Democrats say`: not `Nine`."""
    article = any_analyzer.analyze(
        "The poll closed on Sunday. Nine in 10 registered Democrats say they trust the governor."
    )
    assert speaker_of(article, "they trust the governor") == "Nine in 10 registered Democrats"


def test_an_approximate_share_speaks_whole(any_analyzer: Analyzer) -> None:
    """`About 4 in 10 say`: not `About 4`."""
    article = any_analyzer.analyze(
        "The survey of 900 voters was taken last week. About 4 in 10 say the economy is "
        "getting worse."
    )
    assert speaker_of(article, "the economy is getting worse") == "About 4 in 10"


def test_a_share_the_parse_already_kept_is_unchanged(any_analyzer: Analyzer) -> None:
    article = any_analyzer.analyze(
        "The survey of 900 voters was taken last week. About three in 10 voters said the "
        "schools were the top issue."
    )
    assert speaker_of(article, "the schools were the top issue") == "About three in 10 voters"
