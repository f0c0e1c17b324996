"""Disputes as links (attribution/claims/links.py): which claim an answer is paired with.
Texts written for these tests."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from attribution.claims.disputes import name_words
from tests.test_disputes import by_speaker, rules_fired

HERALD = (
    "The Herald reported on Monday that the harbour authority had paid 40 contractors "
    "twice for the same work. The port's director said the new cranes would arrive in "
    "May. A spokeswoman, Lena Marsh, said the {owner} story was misleading."
)


@pytest.mark.parametrize(("owner", "linked"), [("Herald", True), ("Gazette", False)])
def test_an_answer_that_names_whose_claim_it_contests_is_paired_with_it(
    any_analyzer: Analyzer, owner: str, linked: bool
) -> None:
    """`the Herald story was misleading` shares no word with the Herald's claim two
    sentences up, but names its owner: both sides are disputed, each pointing at the
    other. Naming an owner nobody quotes pairs it with nothing."""
    article = any_analyzer.analyze(HERALD.format(owner=owner))
    h, herald = by_speaker(article, "Herald")
    m, marsh = by_speaker(article, "Marsh")
    _, director = by_speaker(article, "director")
    assert not director.disputed
    if not linked:
        assert not herald.disputed and not marsh.disputed
        return
    assert herald.disputed and herald.disputed_by == (m,)
    assert marsh.disputed and marsh.disputed_by == (h,) and marsh.disputes == (h,)
    assert "dispute.answered_by_contradiction" in rules_fired(herald)
    assert "dispute.answers_named_claim" in rules_fired(marsh)


@pytest.mark.parametrize(("reply", "disputed"), [("did not count", True), ("counted", False)])
def test_the_answered_speaker_replying_in_turn_is_an_exchange(
    any_analyzer: Analyzer, reply: str, disputed: bool
) -> None:
    """The Herald's claim is answered; the Herald's later reply that negates a verb and
    shares a word with the answer answers it in turn: answer and reply are disputed, each
    pointing at the other. A reply that negates nothing is no answer."""
    text = (
        "The Herald reported on Monday that the harbour authority had paid 40 contractors "
        "twice for the same work. A spokeswoman, Lena Marsh, said the Herald story was "
        "misleading because it ignored the refunds. The Herald said on Tuesday that it "
        f"{reply} the refunds in its total."
    )
    article = any_analyzer.analyze(text)
    replies = [
        (i, a)
        for i, a in enumerate(article.attributions)
        if a.speaker and "Herald" in a.speaker.text and "refunds" in a.quote.text
    ]
    assert len(replies) == 1, [(a.speaker, a.quote.text) for a in article.attributions]
    r, reply_att = replies[0]
    m, marsh = by_speaker(article, "Marsh")
    assert marsh.disputed
    assert reply_att.disputed is disputed
    if disputed:
        assert reply_att.disputed_by == (m,) and r in marsh.disputed_by
        assert "dispute.replies" in rules_fired(reply_att)
        assert "dispute.replied" in rules_fired(marsh)
    else:
        assert r not in marsh.disputed_by


def test_a_denial_that_it_happened_answers_the_claim_before_it(any_analyzer: Analyzer) -> None:
    """`denied it happened` names its claim only by `it`: it denies the last claim by
    another speaker, and both sides point at each other."""
    text = (
        "The reporter said a security guard had pushed her to the ground at the rally. "
        "The next day, the candidate's campaign denied it happened."
    )
    article = any_analyzer.analyze(text)
    r, reporter = by_speaker(article, "reporter")
    c, campaign = by_speaker(article, "campaign")
    assert reporter.disputed and reporter.disputed_by == (c,)
    assert campaign.disputed and campaign.disputes == (r,)
    assert "dispute.answered_by_denial" in rules_fired(reporter)


def test_one_speaker_under_two_names_does_not_answer_himself(analyzer: Analyzer) -> None:
    """The headline's `De Blasio` and the body's `Bill de Blasio` are one man, even when
    the speaker resolution leaves them as two names: his `no evidence` answers no claim
    of his own."""
    text = (
        "De Blasio says Chelsea explosion was an 'intentional act'\n\n"
        "Mayor Bill de Blasio said Saturday night that the explosion in Chelsea was an "
        "intentional act, but he said there was “no evidence” yet that the explosion in "
        "Chelsea was an act of terrorism."
    )
    article = analyzer.analyze(text)
    names = {a.speaker.name for a in article.attributions if a.speaker is not None}
    assert {"De Blasio", "Bill de Blasio"} <= names
    for att in article.attributions:
        assert att.disputed is False and att.disputed_by == (), rules_fired(att)


@pytest.mark.parametrize(
    ("answer", "linked"),
    [
        ("“That is not true,” the drivers' union said.", True),
        ("But the drivers' union said that was not true.", True),
        ("“This was not the reason we bid,” the drivers' union said.", False),
        (
            "“This is a sad day,” the drivers' union said. “The buses will run late, and "
            "there is no evidence that the company has hired anyone.”",
            False,
        ),
    ],
)
def test_a_verdict_that_points_back_answers_the_claim_before_it(
    any_analyzer: Analyzer, answer: str, linked: bool
) -> None:
    """`That is not true` shares no word with the contractor's claim, but its subject
    points back and its words call it false: it answers the claim just before, and both
    sides of the contest are disputed, each pointing at the other. A quoted `This was
    not ...` calls nothing false, and `This is a sad day` opens a quote whose `no
    evidence` comes later and judges something else: neither answers the claim."""
    text = "Metro Transit said it had enough drivers for the new bus schedule. " + answer
    article = any_analyzer.analyze(text)
    m, metro = by_speaker(article, "Metro")
    u, union = by_speaker(article, "union")
    if not linked:
        assert not metro.disputed and metro.disputed_by == ()
        return
    assert metro.disputed and metro.disputed_by == (u,) and metro.disputes == (u,)
    assert union.disputed and union.disputes == (m,) and union.disputed_by == (m,)
    assert "dispute.answered_by_contradiction" in rules_fired(metro)
    assert rules_fired(union) == {"dispute.calls_false"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("The mayor", set()),
        ("The Ministry of Finance", {"ministry", "finance"}),
        ("Mayor Ana Ortiz", {"mayor", "ana", "ortiz"}),
        ("", set()),
    ],
)
def test_a_speakers_name_words_are_its_capitalised_words_but_no_stop_word(
    nlp,  # type: ignore[no-untyped-def]
    name: str,
    words: set[str],
) -> None:
    """`The` and `of` name no one, whatever their case: any sentence holds them."""
    assert name_words(name, lambda w: bool(nlp.vocab[w].is_stop)) == words


@pytest.mark.parametrize(
    ("answer", "linked"),
    [
        ("the shortage of teachers was manufactured to justify the new school", False),
        ("the mayor had manufactured the shortage to justify the new reservoir", True),
    ],
)
def test_a_the_shared_with_a_role_does_not_name_its_speaker(
    rules_only: Analyzer, answer: str, linked: bool
) -> None:
    """An attack that shares one word (`shortage`) with the mayor's claim answers it only
    when it names the mayor: the `the` that `The mayor` and any sentence hold names no
    one."""
    text = f"The mayor said the water shortage was over. Critics said {answer}."
    article = rules_only.analyze(text)
    _, mayor = by_speaker(article, "mayor")
    c, _ = by_speaker(article, "Critics")
    assert mayor.disputed is linked
    assert mayor.disputed_by == ((c,) if linked else ())


@pytest.mark.parametrize("accused", ["the city's former mayor", "the contractor"])
@pytest.mark.parametrize(
    "denier", ["The former mayor denied", "On Tuesday he denied"], ids=["role", "pronoun"]
)
def test_an_accusation_names_a_speaker_by_the_head_of_a_role(
    analyzer: Analyzer, accused: str, denier: str
) -> None:
    """`the city's former mayor` names the mayor by `mayor`, also for his denial whose
    mention is only `he` (the head of his other mention); `the contractor` does not name
    him, though both hold `the`: his denial then answers no accusation aimed at him.
    Through the classifier only: the rules alone do not keep `accused X of …` as a
    quote."""
    text = (
        "The city's former mayor said the new bridge had been paid for by the state. "
        f"Council member Ana Ruiz accused {accused} of hiding the cost of the bridge from "
        f"the council. {denier} that he had hidden the cost of the bridge."
    )
    article = analyzer.analyze(text)
    a, accusation = by_speaker(article, "Ruiz")
    d = next(i for i, x in enumerate(article.attributions) if x.quote.text.startswith("that"))
    denial = article.attributions[d]
    assert denial.disputed and denial.disputes == (a,) and accusation.disputed_by == (d,)
    assert ("dispute.answers_accusation" in rules_fired(denial)) is ("mayor" in accused)
