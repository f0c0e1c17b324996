"""Rule patterns matched sentence by sentence, and only where they could match.

A spaCy `Matcher` walks every token of an article for every pattern, yet most rule
patterns need words that few sentences hold (`evidence`, `anonymity`, `according`).
Each required token of a pattern that names its words (`LOWER`, `ORTH`/`TEXT`, `LEMMA`
or `NORM`, as a string or an `IN` list) is a gate: the matcher runs over a sentence only
when, for some pattern, every gate finds one of its words there. A pattern without
gates runs over every sentence. Patterns therefore match within one sentence, which is
what every rule pattern here describes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER, NORM, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from attribution.extract.table import table_of
from attribution.ruleset.loader import Pattern

Match = tuple[int, int, int]
_COLUMNS = {"LOWER": 0, "ORTH": 1, "TEXT": 1, "LEMMA": 2, "NORM": 3}
GATE_ATTRS = [LOWER, ORTH, LEMMA, NORM]
"""The token attributes gate words are read by: column `c` of a `Gate` is `GATE_ATTRS[c]`."""
Gate = frozenset[tuple[int, int]]


class SentenceMatcher:
    """A `Matcher` of rule patterns, called like one: `(match_id, start, end)` triples in
    document order, with token offsets into the whole document."""

    def __init__(self, vocab: Vocab, patterns: Iterable[Pattern]) -> None:
        self.matcher = Matcher(vocab)
        self.gates: list[list[Gate]] = []
        for p in patterns:
            self.matcher.add(p.id, [p.pattern])
            self.gates.append(pattern_gates(vocab, p.pattern))
        self.ungated = any(not g for g in self.gates)
        self._words: dict[int, np.ndarray] = {
            col: np.array(sorted(words), dtype=np.uint64)
            for col in range(len(GATE_ATTRS))
            if (words := {h for gs in self.gates for g in gs for c, h in g if c == col})
        }

    def __call__(self, doc: Doc, sents: Sequence[Span] | None = None) -> list[Match]:
        """The matches; `sents` are the document's sentences when the caller has them."""
        if not self.gates:
            return []
        out: list[Match] = []
        for sent in self.sentences(doc, sents):
            span = doc[sent[0] : sent[1]]
            out += [(mid, s + sent[0], e + sent[0]) for mid, s, e in self.matcher(span)]
        return out

    def sentences(self, doc: Doc, spans: Sequence[Span] | None = None) -> list[tuple[int, int]]:
        """The token ranges of the sentences some pattern could match in."""
        sents = sentence_ranges(doc, spans)
        if self.ungated:
            return sents
        where = sentences_with(doc, sents, self._words)
        chosen: set[int] = set()
        for gates in self.gates:
            found = [set().union(*(where.get(w, ()) for w in g)) for g in gates]
            chosen |= set.intersection(*found)
        return [sents[k] for k in sorted(chosen)]


def sentence_ranges(doc: Doc, spans: Sequence[Span] | None = None) -> list[tuple[int, int]]:
    """The token ranges of the Doc's sentences (of `spans`, its sentences, when the caller
    has them made)."""
    return [(s.start, s.end) for s in (table_of(doc).sents if spans is None else spans)]


def sentences_with(
    doc: Doc, sents: Sequence[tuple[int, int]], words: dict[int, np.ndarray]
) -> dict[tuple[int, int], set[int]]:
    """Where the gate words are: for each `(column, word id)` found in the Doc, the
    positions in `sents` of the sentences holding it. `words` holds the sorted word ids of
    each column of `GATE_ATTRS` that some gate reads; one pass over each of those columns."""
    where: dict[tuple[int, int], set[int]] = {}
    if not words:
        return where
    sentence_of = np.repeat(np.arange(len(sents)), [e - s for s, e in sents])
    for col, column_words in words.items():
        # only the columns some gate reads, each alone: spaCy reads one attribute into a
        # flat array several times faster than several into a table
        values = doc.to_array(GATE_ATTRS[col])
        hits = np.flatnonzero(_member(values, column_words))
        # each (word, sentence) pair once: a gate word is often common (`to`, `said`)
        pairs = zip(values[hits].tolist(), sentence_of[hits].tolist(), strict=True)
        for word, k in set(pairs):
            where.setdefault((col, word), set()).add(k)
    return where


def _member(values: np.ndarray, words: np.ndarray) -> np.ndarray:
    """`np.isin` for a sorted, non-empty `words`, without its set-up cost on short texts."""
    at = np.minimum(np.searchsorted(words, values), len(words) - 1)
    return words[at] == values


def pattern_gates(vocab: Vocab, pattern: Sequence[dict[str, Any]]) -> list[Gate]:
    """The word sets a sentence must hold for `pattern` to match in it, one per required
    token that names its words."""
    gates = []
    for spec in pattern:
        if not _required(spec.get("OP")):
            continue
        for attr, col in _COLUMNS.items():
            words = _words(spec.get(attr))
            if words is not None:
                gates.append(frozenset((col, vocab.strings.add(w)) for w in words))
                break
    return gates


def _required(op: str | None) -> bool:
    """Must a token with this `OP` match at least once?"""
    if op is None or op in ("+", "1"):
        return True
    if op.startswith("{") and op.endswith("}"):
        least = op[1:-1].split(",")[0].strip()
        return least.isdigit() and int(least) > 0
    return False


def _words(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        return [str(w) for w in value["IN"]]
    return None
