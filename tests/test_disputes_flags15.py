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
    The police statement that gives the same 20,000 agrees with the answer, and is passed
    over as the claim answered; told between the two, it is the answer's side of the
    same count, and the organisers' figure and it contest each other."""
    text = (
        "Organisers of the farmers' march said 90,000 people had joined it in the capital. "
        "The city police said its officers had counted about 20,000 marchers. "
        "Inspector Carl Haddad said the real number was closer to 20,000."
    )
    article = any_analyzer.analyze(text)
    o, organisers = quote_with(article, "90,000")
    h, haddad = quote_with(article, "real number")
    p, police = quote_with(article, "counted about")
    assert organisers.disputed and haddad.disputed
    assert h in organisers.disputed_by and o in haddad.disputed_by
    assert "dispute.other_figure" in rules_fired(haddad)
    assert police.disputed and police.disputes == (o,)
    assert set(organisers.disputes) == {h, p}


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


def test_a_speaker_correcting_their_own_figure_disputes_the_claim(
    any_analyzer: Analyzer,
) -> None:
    """`the 30 percent figure was wrong`, said by the minister who gave it, names the
    figure by its number: her earlier claim is disputed, pointing at the correction;
    the correction itself is contested by nobody."""
    text = (
        "The transport minister, Ola Berg, said on Monday that bus journeys had risen by 30 "
        "percent this year. Berg said on Friday that the 30 percent figure was wrong and that "
        "journeys had risen by 13 percent."
    )
    article = any_analyzer.analyze(text)
    c, claim = quote_with(article, "bus journeys")
    k, correction = quote_with(article, "figure was wrong")
    assert claim.disputed and k in claim.disputed_by
    assert "dispute.corrected_by_speaker" in rules_fired(claim)
    assert claim.dispute_reason == "fact_check"
    assert not correction.disputed and c in correction.disputes


def test_another_speaker_calling_a_figure_false_by_its_number(any_analyzer: Analyzer) -> None:
    """The board's `the 4,000 figure was false` names the union's figure by its number,
    though no other word of the union's claim: both sides. A figure nobody here gave
    (`the 9,000 figure`) contests nothing."""
    text = (
        "The nurses' union said 4,000 nurses had quit the service since March. The health "
        "board said the 4,000 figure was false. Helen Moss, a board member, said the "
        "9,000 figure shared online was also false."
    )
    article = any_analyzer.analyze(text)
    u, union = quote_with(article, "nurses had quit")
    b, board = quote_with(article, "4,000 figure")
    _, moss = quote_with(article, "9,000")
    assert union.disputed and board.disputed
    assert b in union.disputed_by and u in board.disputed_by
    assert "dispute.calls_figure_false" in rules_fired(board)
    assert u not in moss.disputes


def test_an_amount_told_going_opposite_ways_by_two_speakers(any_analyzer: Analyzer) -> None:
    """`had cut spending on rural roads` against `spending on rural roads had grown`:
    one amount, two directions, no contradiction word: both sides. A different amount
    (`road spending` against `school spending`) or a forecast (`would fall`) is no
    contest."""
    text = (
        "Opposition leader Karl Wendt said the government had cut funding for rural roads. "
        "The Transport Ministry said funding for rural roads had grown in each of the last "
        "four years."
    )
    article = any_analyzer.analyze(text)
    w, wendt = quote_with(article, "had cut")
    m, ministry = quote_with(article, "had grown")
    assert wendt.disputed and ministry.disputed
    assert m in wendt.disputed_by and w in ministry.disputed_by
    assert "dispute.opposite_change" in rules_fired(ministry)


def test_other_amounts_or_forecasts_going_opposite_ways_are_no_contest(
    any_analyzer: Analyzer,
) -> None:
    text = (
        "Opposition leader Karl Wendt said the government had cut funding for rural roads. "
        "The Transport Ministry said funding for city schools had grown in each of the last "
        "four years. Mia Holm, an economist, said funding for rural roads would grow next "
        "year."
    )
    article = any_analyzer.analyze(text)
    for words in ("had cut", "city schools", "would grow"):
        _, quote = quote_with(article, words)
        assert not quote.disputed, words


def test_a_denial_naming_a_report_told_after_it(any_analyzer: Analyzer) -> None:
    """`denied a newspaper report that ...` names the report the next sentence tells
    (`The Daily Courier reported ...`): both sides, each pointing at the other."""
    text = (
        "Harlow Foods on Tuesday denied a newspaper report that it would shut its bakery "
        "in Leeds. The Daily Courier reported on Monday that the board had agreed to shut "
        "the bakery and cut 600 jobs."
    )
    article = any_analyzer.analyze(text)
    d, denial = quote_with(article, "newspaper report")
    r, report = quote_with(article, "board had agreed")
    assert denial.disputed and report.disputed
    assert r in denial.disputes and d in report.disputed_by
    assert "dispute.denies_told_after" in rules_fired(denial)


def test_a_report_after_a_denial_on_another_matter_is_not_contested(
    any_analyzer: Analyzer,
) -> None:
    """A report told after the denial that shares none of its words answers nothing."""
    text = (
        "Harlow Foods on Tuesday denied a newspaper report that it would shut its bakery "
        "in Leeds. The statistics office reported that inflation rose to 3 percent in May."
    )
    article = any_analyzer.analyze(text)
    _, report = quote_with(article, "inflation rose")
    assert not report.disputed
