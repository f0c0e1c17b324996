"""Claim types of speakers new articles show (`ctype15`): councillors, government data,
bodies named by an apposition. Texts written for these tests."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from tests.test_claims import claim_evidence, decided_by


def quotes_of(text: str, analyzer: Analyzer, speaker: str) -> list[tuple[str, str]]:
    """(claim type, quote text) of every attribution whose speaker name holds `speaker`."""
    article = analyzer.analyze(text)
    found = [
        (a.claim_type, a.quote.text)
        for a in article.attributions
        if a.speaker and a.speaker.name and speaker in a.speaker.name
    ]
    assert found, [(a.speaker, a.quote.text) for a in article.attributions]
    return found


@pytest.mark.parametrize("title", ["Councillor", "Councilor", "Alderman"])
def test_a_councillor_speaks_in_office(any_analyzer: Analyzer, title: str) -> None:
    """A councillor holds an elected office, whichever spelling of the title: official,
    as a councilwoman is, on the indirect claim and the quote that follows it."""
    text = (
        f"{title} Ruth Amsel said the library would stay open until nine on weekdays. "
        '"We will not shut a single branch this year," Amsel said at the meeting. '
        "The vote is due in March."
    )
    found = quotes_of(text, any_analyzer, "Amsel")
    assert [label for label, _ in found] == ["official_statement"] * len(found), found
    atts = any_analyzer.analyze(text).attributions
    att = next(a for a in atts if a.speaker and "Amsel" in a.speaker.text)
    decided_by(any_analyzer, att)
    if any_analyzer.meta["method"] == "rules":
        assert title.lower() in claim_evidence(att)[2]
