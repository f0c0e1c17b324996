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


def test_a_figure_given_as_the_real_one_contests_the_other_figure(
    any_analyzer: Analyzer,
) -> None:
    """`the real number was closer to 20,000` gives another figure for the count the
    organisers gave, with no contradiction word: both sides, each pointing at the other.
    The police statement that gives the same 20,000 agrees, and is passed over."""
    text = (
        "Organisers of the farmers' march said 90,000 people had joined it in the capital. "
        "The city police said its officers had counted about 20,000 marchers. "
        "Inspector Carl Haddad said the real number was closer to 20,000."
    )
    article = any_analyzer.analyze(text)
    o, organisers = quote_with(article, "90,000")
    h, haddad = quote_with(article, "real number")
    _, police = quote_with(article, "counted about")
    assert organisers.disputed and haddad.disputed
    assert h in organisers.disputed_by and o in haddad.disputed_by
    assert "dispute.other_figure" in rules_fired(haddad)
    assert not police.disputed


def test_a_figure_alone_or_with_nothing_before_it_contests_nothing(
    any_analyzer: Analyzer,
) -> None:
    """A figure not called the right one (`the number was 2,000`), and a `real number`
    of something no figure before it counts, leave everything undisputed."""
    text = (
        "Organisers of the farmers' march said 90,000 people had joined it in the capital. "
        "Inspector Carl Haddad said the number of police officers on duty was 2,000. "
        "A rail spokesman, Ben Ode, said the real number of seats on extra trains was "
        "12,000."
    )
    article = any_analyzer.analyze(text)
    for words in ("90,000", "officers on duty", "12,000"):
        _, quote = quote_with(article, words)
        assert not quote.disputed, words
