"""The speaker ranker's training labels (attribution/learn/quotes.py): a mention is a
positive example when it overlaps the gold source; labelled by name, a mention off the
source that would resolve to the gold speaker's name is no example at all. Sentences
written for the test, parsed by the shipped pipeline."""

from __future__ import annotations

from typing import Any

from attribution.component import AttributionExtractor
from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.extract import candidates, features
from attribution.learn.quotes import Examples, add_examples, speaker_labels
from attribution.ruleset.loader import Rules
from attribution.speakers.resolver import Resolver

TEXT = "Marco Ruiz spoke in Iowa on Monday. He said that the plan would fail."


def _gold(text: str, source: str, content: str) -> GoldQuote:
    a, c = text.index(source), text.index(content)
    return GoldQuote(
        content=((c, c + len(content)),), speaker=((a, a + len(source)),), speaker_text=source
    )


def _labels(nlp: Any, rules: Rules, gold: GoldQuote, by_name: bool) -> dict[str, int | None]:
    ctx = AttributionExtractor(nlp, rules=rules).context(nlp(TEXT))
    cand = next(c for c in candidates.propose(ctx, broad=True) if c.cue_lemma == "say")
    mentions = [tok for tok, _ in features.speaker_candidates(ctx, cand, None)]
    resolver = Resolver(ctx.doc, rules, text=TEXT) if by_name else None
    labels = speaker_labels(ctx, gold, mentions, resolver)
    return {tok.text: y for tok, y in zip(mentions, labels, strict=True)}


def test_a_pronoun_that_resolves_to_the_gold_name_is_left_out(nlp: Any, rules: Rules) -> None:
    gold = _gold(TEXT, "Marco Ruiz", "the plan would fail")
    others = {"Iowa": 0, "Monday": 0}
    assert _labels(nlp, rules, gold, by_name=False) == {"He": 0, "Ruiz": 1, **others}
    assert _labels(nlp, rules, gold, by_name=True) == {"He": None, "Ruiz": 1, **others}


def test_a_gold_pronoun_gives_no_name_to_label_by(nlp: Any, rules: Rules) -> None:
    gold = _gold(TEXT, "He", "the plan would fail")
    assert _labels(nlp, rules, gold, by_name=True) == {"He": 1, "Ruiz": 0, "Iowa": 0, "Monday": 0}


def test_labelling_by_name_leaves_out_a_negative(nlp: Any, rules: Rules) -> None:
    gold = GoldDoc("a", TEXT, (_gold(TEXT, "Marco Ruiz", "the plan would fail"),))
    extractor = AttributionExtractor(nlp, rules=rules)
    by_span, by_name = Examples(), Examples()
    add_examples(extractor.context(nlp(TEXT)), gold, by_span)
    add_examples(extractor.context(nlp(TEXT)), gold, by_name, by_name=True)
    assert len(by_name.speaker_y) == len(by_span.speaker_y) - 1
    assert sum(by_name.speaker_y) == sum(by_span.speaker_y) == 1
