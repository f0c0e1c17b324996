"""The writer's verdict on a claim it names (attribution/claims/verdicts.py): `The claim
is false.`, `Vidal's claim about the libraries is wrong.` Texts written for these tests."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from attribution.schema import Attribution

RULE = "dispute.verdict_names_claim"


def verdict_words(att: Attribution) -> list[str]:
    """The verdicts this rule flagged a quote for, as written."""
    return [e.words or "" for e in att.evidence if e.step == "disputed" and e.rule_id == RULE]


def flagged(analyzer: Analyzer, text: str) -> dict[str, list[str]]:
    """Each quote's content, with the verdicts that flag it (none for most)."""
    return {a.quote.text: verdict_words(a) for a in analyzer.analyze(text).attributions}


def test_the_claim_is_false_two_sentences_on(any_analyzer: Analyzer) -> None:
    text = (
        "“Rents have tripled since 2020,” Councillor Marta Vidal said on Monday. "
        "We went through the housing office's records. The claim is false."
    )
    (att,) = any_analyzer.analyze(text).attributions
    assert att.disputed and att.dispute_reason == "fact_check"
    assert verdict_words(att) == ["The claim is false"]
    assert any(w.text == "The claim is false" for w in att.contest_words)


def test_the_words_after_claim_pick_the_speakers_claim(analyzer: Analyzer) -> None:
    text = (
        "Councillor Marta Vidal said rents had tripled since 2020. Vidal also said the "
        "council had closed four libraries last year. We checked both. Vidal's claim about "
        "the libraries is wrong. Only one branch shut, in March."
    )
    found = flagged(analyzer, text)
    assert found["the council had closed four libraries last year"] == [
        "Vidal's claim about the libraries is wrong"
    ]
    assert found["rents had tripled since 2020"] == []


def test_his_claim_is_the_last_named_speakers(analyzer: Analyzer) -> None:
    text = (
        "Councillor Tom Reyes said the council had closed four libraries last year. Only "
        "one branch shut, in March. His claim about the libraries is not true."
    )
    found = flagged(analyzer, text)
    assert found["the council had closed four libraries last year"] == [
        "His claim about the libraries is not true"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a verdict on something other than a claim
        "Councillor Marta Vidal said rents had tripled since 2020. We compared the council's "
        "tables. The bus timetable is wrong.",
        # a verdict not given: negated, or hedged
        "“Rents have tripled since 2020,” Councillor Marta Vidal said on Monday. We went "
        "through the housing office's records. The claim is not false.",
        "“Rents have tripled since 2020,” Councillor Marta Vidal said on Monday. We went "
        "through the housing office's records. The claim may be wrong.",
        # a verdict inside a quote is someone's answer, not the writer's verdict
        "Councillor Marta Vidal said rents had tripled since 2020. “The claim is false,” "
        "said Ben Okafor, who owns four flats in the town.",
        # an owner who may be either of two speakers
        "Councillor Tom Reyes said rents had tripled, and Carl Vidal said bus fares had "
        "doubled. Both spoke at a packed meeting. His claim is false.",
        # two claims that fit equally: the nearest ones end in one sentence
        "Tom Reyes said rents had tripled, and Carl Vidal said bus fares had doubled. We "
        "checked the records. The claim is false.",
        # a question is no verdict
        "Councillor Marta Vidal said rents had tripled since 2020. We checked the records. "
        "Is the claim false?",
    ],
)
def test_no_verdict_names_a_claim(analyzer: Analyzer, text: str) -> None:
    assert all(not words for words in flagged(analyzer, text).values())
