"""Contests in forms the dispute rules did not read before (`flags15`): a denial in the
speaker's own quoted words. Texts written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_disputes import rules_fired
from tests.test_disputes_answering_side import quote_with


def test_a_quoted_denial_of_a_report_is_one_side_of_the_contest(any_analyzer: Analyzer) -> None:
    """`"The firm denies the report,"` in the spokesman's own words denies the paper's
    report: both sides are disputed, each pointing at the other."""
    text = (
        "The Daily Courier reported on Monday that Harlow Foods would shut its bakery in "
        'Leeds and cut 600 jobs. "The firm denies the report," a Harlow Foods spokesman '
        'said. "No decision has been made about the bakery in Leeds."'
    )
    article = any_analyzer.analyze(text)
    r, report = quote_with(article, "shut its bakery")
    d, denial = quote_with(article, "denies the report")
    assert report.disputed and denial.disputed
    assert d in report.disputed_by and r in denial.disputed_by
    assert "dispute.denied_in_quote" in rules_fired(denial)


def test_a_quoted_denial_of_a_claim_clause(any_analyzer: Analyzer) -> None:
    """`"We reject the suggestion that ..."` is a denial even with no one before it."""
    text = (
        '"We reject the suggestion that the dam was ever unsafe," the water board said on Friday.'
    )
    article = any_analyzer.analyze(text)
    _, denial = quote_with(article, "reject the suggestion")
    assert denial.disputed
    assert "dispute.denied_in_quote" in rules_fired(denial)


def test_quoted_refusals_and_negated_denials_are_no_denial(any_analyzer: Analyzer) -> None:
    """A rejected offer is a refusal, and `do not dispute` concedes: neither flags."""
    text = (
        '"We rejected the offer because it was too low," the union leader, Mara Holt, said. '
        '"We do not dispute the figures the company published," she said.'
    )
    article = any_analyzer.analyze(text)
    for words in ("rejected the offer", "do not dispute"):
        _, quote = quote_with(article, words)
        assert not quote.disputed, words


def test_a_denial_under_a_negation_or_by_a_document_is_no_denial(analyzer: Analyzer) -> None:
    """`I don't think anyone would dispute ...` concedes, and `This charter rejects the
    premises of ...` tells what a text says: no one here denies a claim. (With the rules
    alone, the nested `would dispute the figures` is a quote of its own, whose denial cue
    flags it and the mayor's quote, as on main: so this runs with the classifiers.)"""
    text = (
        '"I don\'t think any fair person would dispute the figures on the river," the mayor, '
        'Ida Brun, said. "This charter rejects the premises of the old plan," said Tom Vik, '
        "a historian."
    )
    article = analyzer.analyze(text)
    for words in ("fair person", "rejects the premises"):
        _, quote = quote_with(article, words)
        assert not quote.disputed, words
