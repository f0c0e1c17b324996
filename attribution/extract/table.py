"""The per-article token table: what the parse says of every token, read once.

Every `doc[i]` and every `tok.head` makes a new spaCy `Token` object, and every `pos_`
or `lemma_` looks its string up again; the feature code did this about 30 times per
token. `TokenTable` reads the Doc's arrays once (`Doc.to_array`) and turns each column
into a Python list, decoding each distinct string of the article once through the
vocab's `StringStore`, so a rule reads `table.pos[i]` where it read `doc[i].pos_`. Lists,
not numpy arrays, because the rules read one value at a time, and a list's item is
cheaper to read than an array's. Columns are made when first read.

The table answers with token indices and strings; like the Doc it reads, it never leaves
extraction. `table_of(doc)` gives the table of the Doc being read, made once: functions
that are handed a `Token` reach it through `tok.doc`, without a context to carry it.
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections.abc import Collection

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span

TokenRange = tuple[int, int]

_IOB = ("", "I", "O", "B")
"""`Token.ent_iob_` by the number `Doc.to_array(ENT_IOB)` gives."""

_COLUMNS = (
    ORTH,
    LOWER,
    LEMMA,
    POS,
    TAG,
    DEP,
    HEAD,
    ENT_IOB,
    ENT_TYPE,
    IDX,
    LENGTH,
    SPACY,
    IS_ALPHA,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    IS_STOP,
    LIKE_NUM,
    SENT_START,
)

_SPACES = np.array(["", " "], dtype=object)
"""The whitespace after a token, by its `SPACY` flag."""

_STRING_COLUMNS = (ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE)
"""The columns of string ids the table gives as strings."""


def table_of(doc: Doc) -> TokenTable:
    """The token table of `doc`, made on the first call for it and kept until another
    Doc asks: one article is read at a time, by every stage. The Doc must not change
    after its table is made (the pipeline's components all run before)."""
    global _last
    last = _last  # one read: another thread may replace it, never half of it
    if last is not None and last[0] is doc:
        return last[1]
    table = TokenTable(doc)
    _last = (doc, table)
    return table


_last: tuple[Doc, TokenTable] | None = None
"""The last Doc asked for and its table (one entry: keeping more would keep their Docs)."""


class TokenTable:
    """One article's tokens as columns: `table.pos[i] == doc[i].pos_`, and so on.

    `head[i]` is the index of the token's head (itself for a root), `end[i]` the
    character offset after it, `children(i)` its dependents' indices in order, and
    `subtree_min[i]` / `subtree_max[i]` the smallest and largest index in its subtree
    (what `min`/`max` over `tok.subtree` give: spaCy's `left_edge` and `right_edge` can
    differ from them on a parse that is not projective).
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.size = len(doc)
        self._array = doc.to_array(list(_COLUMNS)) if len(doc) else np.zeros((0, len(_COLUMNS)))
        self.subjects: dict[tuple[int, TokenRange, int], tuple[int | None, str]] = {}
        """`syntax.subject_of`'s answers (verb, range, depth -> subject index and rule),
        kept for the article: a pure function of the parse, asked twice of most cues."""
        self.mentions: dict[int, TokenRange] = {}
        """`syntax.mention_range`'s answers by head index, kept for the article: the
        context (`DocContext.mention`) and speaker resolution (`Entities.mention_range`)
        ask it of the same speakers' heads."""

    def _column(self, attr: int) -> np.ndarray:
        return self._array[:, _COLUMNS.index(attr)]

    def column(self, attr: int) -> np.ndarray:
        """`doc.to_array(attr)`: the table's own column when it reads that attribute (no
        second pass over the Doc), else read from the Doc."""
        if attr in _COLUMNS:
            return self._column(attr)
        return self.doc.to_array(attr)

    def _strings(self, attr: int) -> list[str]:
        """A column of string ids as strings (`_STRING_COLUMNS`, decoded together)."""
        return self._decoded[_STRING_COLUMNS.index(attr)]

    @functools.cached_property
    def _decoded(self) -> list[list[str]]:
        """Every column of `_STRING_COLUMNS` as strings, decoded at once: each distinct
        string id of the article looked up once through the vocab (a word is often its
        own lowercase form and lemma), and spread to the tokens by numpy."""
        ids = self._array[:, [_COLUMNS.index(a) for a in _STRING_COLUMNS]]
        values, inverse = np.unique(ids.T.ravel(), return_inverse=True)
        strings = self.doc.vocab.strings
        names = np.array([strings[v] for v in values.tolist()], dtype=object)
        return names[inverse.reshape(len(_STRING_COLUMNS), self.size)].tolist()

    @functools.cached_property
    def sents(self) -> tuple[Span, ...]:
        """`doc.sents`, made once: the context, the pattern matchers and the claim facts
        all read the sentences, and each `doc.sents` makes every sentence's Span anew."""
        return tuple(self.doc.sents)

    @functools.cached_property
    def sentence_of(self) -> list[int]:
        """The position in `sents` of each token's sentence: `tok.sent` is
        `sents[sentence_of[tok.i]]`, looked up, where `tok.sent` searches for the edges
        of the sentence and makes its Span anew on every call."""
        out: list[int] = []
        for k, s in enumerate(self.sents):
            out += [k] * (s.end - s.start)
        return out

    @functools.cached_property
    def sent_start(self) -> list[bool]:
        """Does each token open a sentence (`tok.is_sent_start` is true: the Doc's
        sentence-start mark is 1; unset, as the first token may be, counts as no)?"""
        return (self._column(SENT_START) == 1).tolist()

    @functools.cached_property
    def ents(self) -> tuple[Span, ...]:
        """`doc.ents`, made once: speaker resolution and the claim facts each read the
        entities, and each `doc.ents` makes every entity's Span anew."""
        return tuple(self.doc.ents)

    @functools.cached_property
    def text(self) -> list[str]:
        """Each token's text (`tok.text`)."""
        return self._strings(ORTH)

    @functools.cached_property
    def doc_text(self) -> str:
        """`doc.text`, joined from the columns once: spaCy's makes a Token per token on
        every call, and the extractor and the analyzer each need the text."""
        parts = np.empty(2 * self.size, dtype=object)  # each word, then its space or ""
        parts[0::2] = self.text
        parts[1::2] = _SPACES[self._column(SPACY).astype(np.intp)]
        return "".join(parts.tolist())

    @functools.cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @functools.cached_property
    def lemma(self) -> list[str]:
        return self._strings(LEMMA)

    @functools.cached_property
    def lemma_lower(self) -> list[str]:
        """`tok.lemma_.lower()`, the form the lexicons are keyed by."""
        return [s.lower() for s in self.lemma]

    @functools.cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @functools.cached_property
    def tag(self) -> list[str]:
        return self._strings(TAG)

    @functools.cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @functools.cached_property
    def ent_type(self) -> list[str]:
        return self._strings(ENT_TYPE)

    @functools.cached_property
    def ent_iob(self) -> list[str]:
        return [_IOB[k] for k in self._column(ENT_IOB).tolist()]

    @functools.cached_property
    def head(self) -> list[int]:
        offsets = self._column(HEAD).astype(np.int64)
        return (offsets + np.arange(self.size, dtype=np.int64)).tolist()

    @functools.cached_property
    def idx(self) -> list[int]:
        return self._column(IDX).astype(np.int64).tolist()

    @functools.cached_property
    def end(self) -> list[int]:
        ends = self._column(IDX).astype(np.int64) + self._column(LENGTH).astype(np.int64)
        return ends.tolist()

    @functools.cached_property
    def _reach(self) -> list[int]:
        """Where each token's trailing whitespace ends (the next token's offset)."""
        reach = self._column(IDX).astype(np.int64) + self._column(LENGTH).astype(np.int64)
        return (reach + self._column(SPACY).astype(np.int64)).tolist()

    def token_at(self, char: int) -> int:
        """The token whose text or trailing whitespace holds character `char`, or -1
        (spaCy's `token_by_char`): looked up by character (every candidate's content and
        every claim's span asks it, twice)."""
        at = self._token_of_char
        if at is not None:
            return at[char] if 0 <= char < len(at) else -1
        k = bisect.bisect_right(self.idx, char) - 1
        return k if k >= 0 and char < self._reach[k] else -1

    @functools.cached_property
    def _token_of_char(self) -> array[int] | None:
        """The token of each character of the text, when the tokens and their trailing
        whitespace cover it from the first character on without a gap (what a Doc made
        by a pipeline has); else None, and `token_at` searches the offsets instead. An
        array of machine integers: 8 bytes a character, not a Python int each."""
        if not self.size:
            return None
        starts = np.asarray(self.idx, dtype=np.int64)
        reach = np.asarray(self._reach, dtype=np.int64)
        if starts[0] != 0 or not np.array_equal(starts[1:], reach[:-1]):
            return None
        return array("q", np.repeat(np.arange(self.size, dtype=np.int64), reach - starts).tobytes())

    def expand(self, start: int, end: int) -> TokenRange | None:
        """The tokens of `doc.char_span(start, end, alignment_mode="expand")` as a range,
        None where it gives None (a range may be empty, as a span may)."""
        at = self._token_of_char
        if at is not None and 0 <= start < len(at) and 0 < end <= len(at):
            lo, last = at[start], at[end - 1]  # `token_at` of both ends, read in place
        else:
            lo, last = self.token_at(start), self.token_at(end - 1)
        if lo < 0 or last < 0:
            return None
        if start == self.end[lo]:
            lo += 1  # the whitespace after a token is not part of it
        if lo > last + 1:
            raise ValueError(f"no span of tokens from character {start} to {end}")
        return lo, last + 1

    def span_root(self, lo: int, hi: int) -> int:
        """The index of `doc[lo:hi].root`, worked out as spaCy does: a sentence root in the
        range, else the first token with the fewest steps to its root among those whose
        head is outside the range (a childless space or punctuation counts as far)."""
        if hi - lo == 1:
            return lo  # a root in itself, or the one token whose head is outside
        head = self.head
        for i in range(lo, hi):
            if head[i] == i:
                return i
        best, root = self.size, -1
        for i in range(lo, hi):
            if lo <= head[i] < hi:
                continue
            childless = self._child_starts[i] == self._child_starts[i + 1]
            if childless and (self.is_space[i] or self.is_punct[i]):
                steps = self.size - 1
            else:
                steps = self.depth[i]
            if steps < best:
                best, root = steps, i
        return lo if root == -1 else root

    @functools.cached_property
    def depth(self) -> list[int]:
        """How many heads up each token's sentence root is (0 for a root). Worked out by
        pointer doubling: each round, every token's known ancestor and its distance are
        replaced by that ancestor's, so a chain of any depth d takes log2(d) rounds of
        the whole article, not d."""
        heads = np.asarray(self.head, dtype=np.int64)
        depth = (heads != np.arange(self.size)).astype(np.int64)
        at = heads
        for _ in range(max(self.size, 1).bit_length() + 1):
            up = at[at]
            if np.array_equal(up, at):
                break
            depth += depth[at]
            at = up
        return depth.tolist()

    @functools.cached_property
    def is_punct(self) -> list[bool]:
        return self._column(IS_PUNCT).astype(bool).tolist()

    @functools.cached_property
    def is_alpha(self) -> list[bool]:
        return self._column(IS_ALPHA).astype(bool).tolist()

    @functools.cached_property
    def is_quote(self) -> list[bool]:
        return self._column(IS_QUOTE).astype(bool).tolist()

    @functools.cached_property
    def is_space(self) -> list[bool]:
        return self._column(IS_SPACE).astype(bool).tolist()

    @functools.cached_property
    def is_stop(self) -> list[bool]:
        return self._column(IS_STOP).astype(bool).tolist()

    @functools.cached_property
    def like_num(self) -> list[bool]:
        return self._column(LIKE_NUM).astype(bool).tolist()

    def children(self, i: int) -> list[int]:
        """The indices of token `i`'s dependents, in order (`tok.children`)."""
        at = self._child_starts
        return self._child_list[at[i] : at[i + 1]]

    def heads_with(self, deps: Collection[str]) -> set[int]:
        """The indices of the tokens with a dependent whose relation is one of `deps`,
        found in one pass over the article's arrays: for a rule that asks it of many
        tokens (`find_cues` of every verb outside the lexicon)."""
        if not self.size:
            return set()
        column, strings = self._column(DEP), self.doc.vocab.strings
        mask = np.zeros(self.size, dtype=bool)
        for d in deps:
            mask |= column == strings.add(d)
        dependents = np.flatnonzero(mask)
        heads = dependents + self._column(HEAD)[dependents].astype(np.int64)
        return set(heads[heads != dependents].tolist())

    def children_with(self, i: int, deps: Collection[str]) -> list[int]:
        """Token `i`'s dependents whose relation is one of `deps`, in order: the cue rules
        filter every cue's children, and most are not the ones they look for."""
        dep, at = self.dep, self._child_starts
        return [c for c in self._child_list[at[i] : at[i + 1]] if dep[c] in deps]

    def child_with(self, i: int, deps: Collection[str]) -> int | None:
        """Token `i`'s first dependent whose relation is one of `deps`, or None (the one a
        rule takes when it wants a single subject, object or agent)."""
        dep, at = self.dep, self._child_starts
        for c in self._child_list[at[i] : at[i + 1]]:
            if dep[c] in deps:
                return c
        return None

    def has_child_word(self, i: int, words: Collection[str], dep: str = "") -> bool:
        """Has token `i` a dependent whose lowercase form is one of `words` (and whose
        relation is `dep`, when one is given)?"""
        lower, deps = self.lower, self.dep
        return any(lower[c] in words and (not dep or deps[c] == dep) for c in self.children(i))

    def heads_within(self, tokens: Collection[int]) -> list[int]:
        """The tokens of `tokens` whose head is not among them (or who head themselves):
        the roots of the phrases they make, in the order given."""
        head = self.head
        return [i for i in tokens if head[i] not in tokens or head[i] == i]

    def exact(self, start: int, end: int) -> TokenRange | None:
        """The tokens of `doc.char_span(start, end)` (strict: both ends on token edges)
        as a range, None where it gives None."""
        lo, last = self.token_at(start), self.token_at(end - 1)
        if lo < 0 or last < 0 or self.idx[lo] != start or self.end[last] != end:
            return None
        return lo, last + 1

    def span_text(self, lo: int, hi: int) -> str:
        """`doc[lo:hi].text`, cut from the article's text (a Span's text joins a Token
        per token)."""
        start, end = self.char_bounds(lo, hi)
        return self.doc_text[start:end]

    def char_bounds(self, lo: int, hi: int) -> tuple[int, int]:
        """`doc[lo:hi].start_char, doc[lo:hi].end_char`, as spaCy gives them (an empty
        range ends where it starts; past the last token is the text's end)."""
        start = self.idx[lo] if lo < self.size else (self._reach[-1] if self.size else 0)
        return start, (self.end[hi - 1] if hi > lo else start)

    @functools.cached_property
    def _child_list(self) -> list[int]:
        return self._children[0]

    @functools.cached_property
    def _child_starts(self) -> list[int]:
        return self._children[1]

    @functools.cached_property
    def _children(self) -> tuple[list[int], list[int]]:
        """Every token's dependents in one list, grouped by head, and where each head's
        group starts (no list per token: thousands of small lists wake the collector)."""
        heads = np.asarray(self.head, dtype=np.int64)
        dependents = np.flatnonzero(heads != np.arange(self.size))
        ordered = dependents[np.argsort(heads[dependents], kind="stable")]
        counts = np.bincount(heads[dependents], minlength=self.size)
        starts = np.concatenate(([0], np.cumsum(counts)))
        return ordered.tolist(), starts.tolist()

    @functools.cached_property
    def subtree_min(self) -> list[int]:
        return self._edges[0]

    @functools.cached_property
    def subtree_max(self) -> list[int]:
        return self._edges[1]

    @functools.cached_property
    def _edges(self) -> tuple[list[int], list[int]]:
        """Each token's smallest and largest descendant index (itself included): every
        token's index carried up its chain of heads, one level at a time for all tokens."""
        heads = np.asarray(self.head, dtype=np.int64)
        lo = np.arange(self.size)
        hi = lo.copy()
        source, at = lo.copy(), lo.copy()
        for _ in range(self.size):
            up = heads[at]
            moving = up != at
            if not moving.any():
                break
            source, at = source[moving], up[moving]
            np.minimum.at(lo, at, source)
            np.maximum.at(hi, at, source)
        return lo.tolist(), hi.tolist()
