"""The claim patterns matched sentence by sentence, each by only the patterns that could
match it (attribution/claims/patterns.py)."""

from __future__ import annotations

from attribution.claims.patterns import ClaimMatcher
from attribution.extract.matching import SentenceMatcher
from attribution.ruleset.loader import Pattern, Rules

TEXT = (
    "The ministry said the video could not be independently verified. "
    "Officials spoke on condition of anonymity because they were not authorized to speak. "
    "Rain is expected tomorrow. "
    "That claim is false, and that claim is not true, the senator said. "
    "Sixty percent of voters said the claim was not accurate. "
    "The so-called audit proved him wrong."
)


def test_same_matches_in_the_same_order_as_the_sentence_matcher(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    claim = ClaimMatcher(nlp.vocab, rules.claims.patterns)
    found = claim(doc)
    assert found == SentenceMatcher(nlp.vocab, rules.claims.patterns)(doc)
    ids = {nlp.vocab.strings[m] for m, _, _ in found}
    assert {"no_evidence.not_verified", "anonymous.condition", "anonymous.not_authorized"} <= ids
    assert {"fact_check.claim_is_false", "fact_check.claim_is_not_true"} <= ids


def test_a_sentence_is_read_by_the_patterns_whose_words_it_holds(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    claim = ClaimMatcher(nlp.vocab, rules.claims.patterns)
    ids = [p.id for p in rules.claims.patterns]
    plan = {doc[s:e].text: {ids[n] for n in which} for (s, e), which in claim.plan(doc)}
    assert "Rain is expected tomorrow." not in plan
    assert plan["The ministry said the video could not be independently verified."] >= {
        "no_evidence.not_verified"
    }
    two = plan["That claim is false, and that claim is not true, the senator said."]
    assert {"fact_check.claim_is_false", "fact_check.claim_is_not_true"} <= two


def test_a_pattern_without_words_to_look_for_reads_every_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("It rained. Then it stopped.")
    shaped = Pattern("shape.two_words", "NO_EVIDENCE", [{"IS_ALPHA": True}] * 2, "test")
    claim = ClaimMatcher(nlp.vocab, [shaped])
    assert [which for _, which in claim.plan(doc)] == [[0], [0]]
    assert claim(doc) == SentenceMatcher(nlp.vocab, [shaped])(doc)
    assert ClaimMatcher(nlp.vocab, [])(doc) == []
