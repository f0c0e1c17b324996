"""Faults found by reading new articles as a fact-checker would (issue 20): a cue the
lexicon lacked and a contradiction the words between its own parted. Sentences written
for these tests."""

from __future__ import annotations

from attribution import Analyzer


def test_as_she_put_it_reports_the_quotation_after_it(any_analyzer: Analyzer) -> None:
    """`as she later put it, "..."` is a speech cue (`put it`, rules/cues.toml)."""
    article = any_analyzer.analyze(
        "Eleanor Vance studied zoology at a time when, as she later put it, "
        '"women were expected to take notes at the back of the boat, not steer it."'
    )
    found = {a.quote.text: a.speaker.name if a.speaker else None for a in article.attributions}
    quote = '"women were expected to take notes at the back of the boat, not steer it."'
    assert found.get(quote) == "Eleanor Vance"

