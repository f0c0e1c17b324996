"""The answering side of a rebuttal (claims/links.py, verdicts.py): an answer that names
the claim it contests by its speaker's title, goes on with its speaker's answer just
before, or calls a claim it names as one false is one side of the contest, and is
disputed by the claim it answers (CLAIMS-RUBRIC: both sides). Texts written for these
tests."""

from __future__ import annotations

from attribution import Analyzer
from attribution.claims.verdicts import calls_claim_false
from attribution.ruleset.loader import Rules
from attribution.schema import Article, Attribution
from tests.test_disputes import rules_fired


def quote_with(article: Article, words: str) -> tuple[int, Attribution]:
    found = [(i, a) for i, a in enumerate(article.attributions) if words in a.quote.text]
    assert len(found) == 1, [(a.speaker, a.quote.text) for a in article.attributions]
    return found[0]


def test_an_answer_naming_the_claim_by_its_speakers_title(any_analyzer: Analyzer) -> None:
    """`the senator's claims were untrue` names whose claim it contests by the title of
    `Senator Rita Vance`, though no sentence of the answer names her."""
    text = (
        "Senator Rita Vance said on Tuesday that the county had closed four of its clinics "
        "since January. The county's health department said in a statement that the "
        "senator's claims were untrue and that every clinic was open."
    )
    article = any_analyzer.analyze(text)
    c, claim = quote_with(article, "closed four")
    a, answer = quote_with(article, "claims were untrue")
    assert claim.disputed and answer.disputed
    assert a in claim.disputed_by and c in answer.disputed_by
    assert "dispute.answers_named_claim" in rules_fired(answer)


def test_a_title_nobody_here_holds_names_no_claim(any_analyzer: Analyzer) -> None:
    """`the governor's claims`: no speaker is a governor, so the answer names no claim
    and stays undisputed (the claim it may answer by its words is another matter)."""
    text = (
        "Senator Rita Vance said on Tuesday that the county had closed four of its clinics "
        "since January. The county's health department said in a statement that the "
        "governor's claims about hospitals were untrue."
    )
    article = any_analyzer.analyze(text)
    _, answer = quote_with(article, "claims about hospitals")
    assert not answer.disputed


def test_an_answer_going_on_with_its_speakers_answer(any_analyzer: Analyzer) -> None:
    """Berg's second quote, whose `It` points back to the report his first answer names,
    contests that report too: both sides, each pointing at the other."""
    text = (
        "The aid group Open Hands said the ministry had blocked forty trucks of food at the "
        "border crossing. A ministry spokesman, Tomas Berg, said the Open Hands report was "
        'misleading. "It is a distorted account of the crossing, and it ignores the trucks '
        'we cleared every single day," Berg said.'
    )
    article = any_analyzer.analyze(text)
    c, claim = quote_with(article, "blocked forty trucks")
    f, follow = quote_with(article, "distorted account")
    assert follow.disputed and claim.disputed
    assert c in follow.disputed_by and f in claim.disputed_by
    assert "dispute.goes_on_answering" in rules_fired(follow)


def test_no_follow_up_after_another_speakers_answer(any_analyzer: Analyzer) -> None:
    """The quote before `It is a distorted account ...` is someone else's: the pointer
    is not read as going on with an answer, so no `goes_on_answering`."""
    text = (
        "The aid group Open Hands said the ministry had blocked forty trucks of food at the "
        "border crossing. A ministry spokesman, Tomas Berg, said the Open Hands report was "
        'misleading. "It is a distorted account of the crossing, and it ignores the trucks '
        'they cleared every single day," said Ilse Marten, a lawyer for the drivers.'
    )
    article = any_analyzer.analyze(text)
    _, other = quote_with(article, "distorted account")
    assert "dispute.goes_on_answering" not in rules_fired(other)


def test_an_answer_calling_a_named_claim_false(any_analyzer: Analyzer) -> None:
    """`the claim that the survey was the largest ... was wrong` gives a verdict on the
    institute's claim, naming it as a claim: both sides of one point."""
    text = (
        "The Harrow Institute said its survey of river birds was the largest ever carried "
        "out in the region. Lina Haas, an ecologist at Northfield University, said the "
        "claim that the survey was the largest in the region was wrong."
    )
    article = any_analyzer.analyze(text)
    c, claim = quote_with(article, "survey of river birds")
    a, answer = quote_with(article, "was wrong")
    assert claim.disputed and answer.disputed
    assert a in claim.disputed_by and c in answer.disputed_by
    assert "dispute.calls_claim_false" in rules_fired(answer)


def test_a_claim_without_determiner_is_no_named_claim(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    """`a claim is wrong` names no claim (no determiner or owner), nor a hedged verdict
    or one on a thing; `the claim ... was wrong` and `their figure is false` do."""
    words = rules.claims.verdict
    assert calls_claim_false(
        list(nlp("the claim that the survey was the largest was wrong")), words
    )
    assert calls_claim_false(list(nlp("their figure is false")), words)
    assert not calls_claim_false(list(nlp("a claim is wrong")), words)
    assert not calls_claim_false(list(nlp("the claim may be wrong")), words)
    assert not calls_claim_false(list(nlp("the survey was wrong")), words)
