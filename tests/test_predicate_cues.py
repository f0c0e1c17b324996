"""Predicates after a copula that say where someone stands (`critical of X`), proposed as
candidates for the trained classifier (extract/candidates.py, rule `predicate.object`).
Sentences written for the test, parsed by the shipped pipeline."""

from __future__ import annotations

from typing import Any

from attribution.component import AttributionExtractor
from attribution.extract import candidates
from attribution.ruleset.ids import QuoteRule
from attribution.ruleset.loader import Rules


def _predicates(
    nlp: Any, rules: Rules, text: str, *, broad: bool, rule: str = QuoteRule.PREDICATE_OBJECT
) -> list[tuple[str, str, str]]:
    ctx = AttributionExtractor(nlp, rules=rules).context(nlp(text))
    return [
        (
            c.cue_lemma,
            " | ".join(text[a:b] for a, b in c.fragments),
            "" if c.speaker is None else c.speaker.text,
        )
        for c in candidates.propose(ctx, broad=broad)
        if c.rule_id == rule and c.cue_class == "predicate"
    ]


def test_a_predicate_adjective_reports_its_object_with_the_subject_as_speaker(
    nlp: Any, rules: Rules
) -> None:
    text = "Several governors have been critical of the new border policy."
    assert _predicates(nlp, rules, text, broad=True) == [
        ("critical of", "the new border policy", "governors")
    ]


def test_the_rules_alone_propose_no_predicate(nlp: Any, rules: Rules) -> None:
    # Most such predicates report nothing; only the trained classifier judges them.
    text = "Several governors have been critical of the new border policy."
    assert _predicates(nlp, rules, text, broad=False) == []


def test_a_predicate_adjective_with_a_clause_reports_the_clause(nlp: Any, rules: Rules) -> None:
    text = "Campaign aides are optimistic that he will win Texas."
    assert _predicates(nlp, rules, text, broad=True, rule=QuoteRule.CLAUSE) == [
        ("optimistic", "that he will win Texas", "aides")
    ]
