"""Rule patterns matched sentence by sentence where their words occur
(attribution/extract/matching.py)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher

from attribution.extract.matching import (
    GATE_ATTRS,
    SentenceMatcher,
    pattern_gates,
    sentence_ranges,
    sentences_with,
)
from attribution.ruleset.loader import Pattern, Rules

TEXT = (
    "The ministry said the video could not be independently verified. "
    "Officials spoke on condition of anonymity because they were not authorized to speak. "
    "The mayor has no basis in fact for that figure, according to the council. "
    "Rain is expected tomorrow. "
    "That is not true, the senator said, and the so-called audit proved him wrong."
)


def _all_patterns(rules: Rules) -> list[Pattern]:
    return list(rules.patterns) + list(rules.claims.patterns)


def test_same_matches_as_a_plain_matcher_on_real_text(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    plain = Matcher(nlp.vocab)
    for p in _all_patterns(rules):
        plain.add(p.id, [p.pattern])
    gated = SentenceMatcher(nlp.vocab, _all_patterns(rules))
    found = gated(doc)
    assert found == plain(doc)
    ids = {nlp.vocab.strings[m] for m, _, _ in found}
    assert {"no_evidence.not_verified", "anonymous.condition", "prep.according_to"} <= ids
    assert all(doc[s:e].sent == doc[s].sent for _, s, e in found)


def test_only_sentences_with_a_patterns_words_are_read(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    gated = SentenceMatcher(nlp.vocab, rules.claims.patterns)
    read = [doc[s:e].text for s, e in gated.sentences(doc)]
    assert "Rain is expected tomorrow." not in read
    assert any("independently verified" in t for t in read)
    assert any("condition of anonymity" in t for t in read)


def test_gates_are_the_required_tokens_that_name_words(nlp) -> None:  # type: ignore[no-untyped-def]
    pattern = [
        {"LOWER": {"IN": ["without", "lacking"]}},
        {"LOWER": "any", "OP": "?"},
        {"POS": "ADJ", "OP": "*"},
        {"LEMMA": "proof", "OP": "{1,2}"},
        {"IS_PUNCT": True},
    ]
    gates = pattern_gates(nlp.vocab, pattern)
    words = [{nlp.vocab.strings[h] for _, h in g} for g in gates]
    assert words == [{"without", "lacking"}, {"proof"}]


def test_a_pattern_without_gates_reads_every_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("It rained. Prices rose sharply.")
    loose = Pattern("x.verb", "SCARE", [{"POS": "VERB"}], "test")
    gated = SentenceMatcher(nlp.vocab, [loose])
    assert len(gated.sentences(doc)) == len(list(doc.sents))
    assert [doc[s:e].text for _, s, e in gated(doc)] == [t.text for t in doc if t.pos_ == "VERB"]


def test_sentence_ranges_and_where_their_words_are(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The ministry denied it. Rain is expected. The ministry spoke again.")
    sents = sentence_ranges(doc)
    assert sents == [(s.start, s.end) for s in doc.sents]
    assert sentence_ranges(doc, list(doc.sents)[1:]) == sents[1:]
    ministry = nlp.vocab.strings["ministry"]
    rain = nlp.vocab.strings["Rain"]
    words = {GATE_ATTRS.index(LOWER): np.array([ministry], dtype=np.uint64)}
    words[GATE_ATTRS.index(ORTH)] = np.array([rain], dtype=np.uint64)
    where = sentences_with(doc, sents, words)
    assert where == {(0, ministry): {0, 2}, (1, rain): {1}}
    assert sentences_with(doc, sents, {}) == {}
