"""An answer that says outright which claim it calls false (`Your statement about the
terminal is false`) is paired with the claim it answers as a denial is: one shared
content word is enough (claims/links.py `link_answer`), and both sides are disputed,
each pointing at the other. Texts written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_disputes import rules_fired
from tests.test_disputes_answering_side import quote_with


def test_a_named_claim_called_false_pairs_on_one_shared_word(any_analyzer: Analyzer) -> None:
    """The councillor's verdict shares one word (`terminal`) with the board's claim and
    names no one: a contradiction alone needs three shared words to be paired, but an
    answer that names a claim and calls it false needs only one, as a denial does."""
    text = (
        "The Port Board said on Monday that the new ferry terminal had doubled its "
        "passenger numbers within a year. "
        '"Your statement about the terminal is false, and you know it," Councillor Mira '
        "Holt wrote in a letter on Tuesday."
    )
    article = any_analyzer.analyze(text)
    c, claim = quote_with(article, "doubled its passenger")
    a, answer = quote_with(article, "statement about the terminal")
    assert claim.disputed and answer.disputed
    assert a in claim.disputed_by and c in answer.disputed_by
    assert "dispute.calls_claim_false" in rules_fired(answer)


def test_a_named_claim_called_false_sharing_nothing_pairs_with_nothing(
    any_analyzer: Analyzer,
) -> None:
    """The verdict is on a statement about harbour fees, which the board's claim about
    the terminal does not mention: nothing is shared, so nothing is paired."""
    text = (
        "The Port Board said on Monday that the new ferry terminal had doubled its "
        "passenger numbers within a year. "
        '"Your statement about harbour fees is false, and you know it," Councillor Mira '
        "Holt wrote in a letter on Tuesday."
    )
    article = any_analyzer.analyze(text)
    _, claim = quote_with(article, "doubled its passenger")
    _, answer = quote_with(article, "statement about harbour fees")
    assert not claim.disputed
    assert not answer.disputed_by and not answer.disputes


def test_the_writers_adverb_on_what_the_speaker_does(any_analyzer: Analyzer) -> None:
    """`illogically blaming ...`: a participle with no subject of its own, whose doer is
    the speaker, judged by the writer inside the reported words: a fact check, pointing
    at the adverb."""
    text = (
        "Several editorial boards warned last week that the city was becoming more "
        "dangerous because of the new bike lanes, illogically blaming cyclists for a rise "
        "in car thefts."
    )
    article = any_analyzer.analyze(text)
    _, claim = quote_with(article, "more dangerous")
    assert claim.disputed and claim.dispute_reason == "fact_check"
    assert "dispute.writer_fact_check_in_content" in rules_fired(claim)
    assert [w.text for w in claim.contest_words] == ["illogically"]


def test_the_speakers_own_adverb_on_someone_elses_act(any_analyzer: Analyzer) -> None:
    """`the council had wrongly closed the pool`: the verb has its own subject, so the
    adverb is the speaker's verdict on the council, not the writer's on the speaker."""
    text = (
        "The swimming club said on Friday that the council had wrongly closed the public "
        "pool for the whole summer."
    )
    article = any_analyzer.analyze(text)
    _, claim = quote_with(article, "wrongly closed")
    assert not claim.disputed
