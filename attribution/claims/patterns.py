"""The claim patterns matched in an article, each sentence by only the patterns that could
match it.

`SentenceMatcher` runs all of its patterns over every sentence some pattern could match
in. spaCy's `Matcher` costs about the same per pattern and token, and most `IN` lists are
checked by Python callbacks, so all 29 claim patterns over a sentence that only one of
them could match (55 of the first 60 sentences chosen in 40 PolNeAR dev articles) cost
about 4x more than that one pattern alone. `ClaimMatcher` finds, in one pass over the article, which
patterns' gates (`pattern_gates`) a sentence passes, and matches a sentence that only one
pattern could match with that pattern's own `Matcher`; a sentence more than one could
match goes to the matcher of all patterns, so the matches, and their order, are
`SentenceMatcher`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from attribution.extract.matching import (
    GATE_ATTRS,
    Match,
    SentenceMatcher,
    pattern_gates,
    sentence_ranges,
    sentences_with,
)
from attribution.ruleset.loader import Pattern


class ClaimMatcher:
    """Called like `SentenceMatcher` over the same patterns, with the same result:
    `(match_id, start, end)` triples in document order, token offsets into the Doc."""

    def __init__(self, vocab: Vocab, patterns: Iterable[Pattern]) -> None:
        patterns = list(patterns)
        self.whole = SentenceMatcher(vocab, patterns)
        self.single: list[Matcher] = []
        self.gates = [pattern_gates(vocab, p.pattern) for p in patterns]
        for p in patterns:
            matcher = Matcher(vocab)
            matcher.add(p.id, [p.pattern])
            self.single.append(matcher)
        words = {word for gates in self.gates for gate in gates for word in gate}
        self._gates_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
        """Gate word -> the (pattern, gate) positions of the gates holding it."""
        for n, gates in enumerate(self.gates):
            for k, gate in enumerate(gates):
                for word in gate:
                    self._gates_of.setdefault(word, []).append((n, k))
        self._words = {
            col: np.array(sorted(h for c, h in words if c == col), dtype=np.uint64)
            for col in range(len(GATE_ATTRS))
            if any(c == col for c, _ in words)
        }

    def __call__(self, doc: Doc, sents: Sequence[Span] | None = None) -> list[Match]:
        """The matches; `sents` are the document's sentences when the caller has them."""
        if not self.single:
            return []
        out: list[Match] = []
        for (lo, hi), which in self.plan(doc, sents):
            matcher = self.single[which[0]] if len(which) == 1 else self.whole.matcher
            out += [(mid, s + lo, e + lo) for mid, s, e in matcher(doc[lo:hi])]
        return out

    def plan(
        self, doc: Doc, spans: Sequence[Span] | None = None
    ) -> list[tuple[tuple[int, int], list[int]]]:
        """Each sentence some pattern could match in (its token range), in order, with the
        indices of the patterns whose every gate finds one of its words there."""
        sents = sentence_ranges(doc, spans)
        everywhere = set(range(len(sents)))
        where = sentences_with(doc, sents, self._words)
        # each gate's sentences, gathered from the gate words the article holds (its few,
        # not all of every gate's own)
        held: dict[tuple[int, int], set[int]] = {}
        for word, found in where.items():
            for at in self._gates_of[word]:
                into = held.get(at)
                if into is None:
                    held[at] = set(found)
                else:
                    into |= found
        chosen: dict[int, list[int]] = {}
        empty: set[int] = set()
        for n, gates in enumerate(self.gates):
            if not gates:
                found = everywhere
            else:
                found = held.get((n, 0), empty)
                for k in range(1, len(gates)):
                    if not found:
                        break
                    found = found & held.get((n, k), empty)
            for k in found:
                chosen.setdefault(k, []).append(n)
        return [(sents[k], chosen[k]) for k in sorted(chosen)]
