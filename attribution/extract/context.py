"""Quote candidates and their content: the types, the per-article context, and the
finishing every candidate goes through (aligning content with quotation marks, cutting
out the cue and speaker, trimming, and telling direct from indirect and mixed).

The rules that propose candidates are in `candidates.py`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from attribution.extract import syntax
from attribution.extract.matching import SentenceMatcher
from attribution.extract.quotemarks import QuoteIndex, QuoteSpan
from attribution.extract.table import TokenTable, table_of
from attribution.nlp.text import dateline_end, header_end
from attribution.ruleset.ids import QuoteRule, SpeakerRule
from attribution.ruleset.loader import Rules

CharRange = tuple[int, int]
_EDGE_PUNCT = set(",;:—–-()[]") | {"--"}
_ALNUM = re.compile(r"[^\W_]")
r"""A character `str.isalnum` holds for: a word character (`\w`) other than `_`."""


@dataclass
class Candidate:
    """A proposed attribution, still tied to the parse (never leaves extraction)."""

    rule_id: str
    fragments: list[CharRange]
    cue: syntax.TokenRange | None = None
    cue_head: int | None = None
    cue_lemma: str = ""
    cue_class: str = ""
    speaker: Token | None = None
    speaker_rule: str = SpeakerRule.NONE
    quote_ids: tuple[int, ...] = ()
    kind: str = "indirect"
    follows_previous: bool = False
    align: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class DocContext:
    """What the candidate rules need to know about one parsed article.

    Lookups the rules and features make for most tokens (sentence, inside a quotation,
    running counts of word classes) are answered from arrays made once per article;
    `speakable`, `speaker_parts` and `cue_parts` are memos the feature code fills per
    sentence and per token.
    """

    doc: Doc
    text: str
    """The Doc's text (`doc.text`): token offsets index it."""
    rules: Rules
    paragraphs: Sequence[CharRange]
    quotes: Sequence[QuoteSpan]
    scare_quotes: frozenset[int]
    prep_cues: list[tuple[int, int, str]]
    _para_starts: list[int] = field(default_factory=list)
    _heading_ends: list[int] = field(default_factory=list)
    paragraph_starts: frozenset[int] = field(init=False, repr=False)
    """The first characters of the paragraphs: is a position a paragraph's start?
    (Asked of every piece of every candidate.)"""
    quote_index: QuoteIndex = field(init=False)
    table: TokenTable = field(init=False, repr=False)
    """The article's tokens as columns (`table.pos[i]` for `doc[i].pos_`): the hot
    loops read it instead of making spaCy `Token` objects."""
    """`table.mentions`, one attribute away (`mention` is asked for every speaker
    feature)."""
    sentences: list[Span] = field(init=False, repr=False)
    _sent_of: list[int] = field(init=False, repr=False)
    speakable: dict[int, list[tuple[int, int]]] = field(init=False, repr=False)
    speaker_parts: dict[int, Any] = field(init=False, repr=False)
    cue_parts: dict[int, Any] = field(init=False, repr=False)
    _quoted: list[bool] = field(init=False, repr=False)
    paragraph_at: list[int] = field(init=False, repr=False)
    """`paragraph_of` each token's first character, by token index, made at once: the
    speaker features ask it of every mention near every quote."""
    heading_at: list[bool] = field(init=False, repr=False)
    """`in_heading` of each token's first character, by token index: asked of every
    token that might speak."""
    _counts: dict[tuple[int, tuple[str, ...]], list[int]] = field(init=False, repr=False)
    tagging: Any = field(default=None, init=False, repr=False)
    """The span tagger's labels and probabilities (`crf.Tagging`), when a tagger ran."""

    def __post_init__(self) -> None:
        self._para_starts = [p[0] for p in self.paragraphs]
        self.paragraph_starts = frozenset(self._para_starts)
        self._heading_ends = [header_end(self.text, p[0]) for p in self.paragraphs]
        self.quote_index = QuoteIndex(self.quotes)
        self.table = table_of(self.doc)
        self.sentences = list(self.table.sents)
        self._sent_of = self.table.sentence_of
        self.speakable = {}
        self.speaker_parts = {}
        self.cue_parts = {}
        idx = np.asarray(self.table.idx, dtype=np.int64)
        self._quoted = self.quote_index.starts_inside(idx).tolist()
        self._token_paragraphs(idx)
        self._counts = {}

    def _token_paragraphs(self, idx: np.ndarray) -> None:
        """`paragraph_at` and `heading_at`: `paragraph_of` and `in_heading` for every
        token at once (a sorted search of all their offsets `idx`)."""
        starts = np.asarray(self._para_starts, dtype=np.int64)
        para = np.maximum(np.searchsorted(starts, idx, side="right") - 1, 0)
        self.paragraph_at = para.tolist()
        if self._heading_ends:
            ends = np.asarray(self._heading_ends, dtype=np.int64)
            self.heading_at = (idx < ends[para]).tolist()
        else:
            self.heading_at = [False] * len(idx)

    def sent(self, tok: Token) -> Span:
        """The sentence of a token: what `Token.sent` gives, looked up instead of searched
        for (the feature and dispute code asks it for most tokens of every article)."""
        return self.sentences[self._sent_of[tok.i]]

    def any_token(self, lo: int, hi: int, attr: int, values: tuple[str, ...]) -> bool:
        """Is a token of [lo, hi) one of `values` by spaCy attribute `attr` (`POS`,
        `LOWER`, ...)? Answered from running counts made once per article."""
        counts = self._counts.get((attr, values))
        if counts is None:
            hits = syntax.token_mask(self.doc, attr, values)
            counts = self._counts[(attr, values)] = [0, *np.cumsum(hits).tolist()]
        return counts[hi] > counts[lo]

    def in_quote(self, tok: Token) -> bool:
        """Does the token start inside a quotation's text? (`QuoteIndex.overlapping` of
        its first character, answered for every token at once.)"""
        return self._quoted[tok.i]

    def in_quote_at(self, i: int) -> bool:
        """`in_quote` of the token at index `i`."""
        return self._quoted[i]

    def sentence_index(self, tok: Token) -> int:
        """The position of a token's sentence in `sentences`."""
        return self._sent_of[tok.i]

    def sentence_at(self, i: int) -> int:
        """The position in `sentences` of the sentence of the token at index `i`."""
        return self._sent_of[i]

    def mention(self, head: Token) -> syntax.TokenRange:
        """`syntax.mention_range` of a speaker's head, worked out once per token (every
        quote nearby asks it of the same candidates): `syntax.mention_at`'s memo."""
        return syntax.mention_at(self.table, head.i)

    def paragraph_of(self, char: int) -> int:
        k = bisect.bisect_right(self._para_starts, char) - 1
        return k if k > 0 else 0

    def in_heading(self, char: int) -> bool:
        """Is the character in the dateline or the capitals heading that opens its
        paragraph (`nlp.text.header_end`)? Such words are never a speaker."""
        return bool(self._heading_ends) and char < self._heading_ends[self.paragraph_of(char)]

    def chars(self, rng: syntax.TokenRange) -> CharRange:
        """The characters of a token range (from the token table: asked for every
        candidate's pieces, cue and speaker)."""
        lo, hi = rng
        return self.table.idx[lo], self.table.end[hi - 1]


def build_matcher(doc_vocab: Vocab, rules: Rules) -> SentenceMatcher:
    return SentenceMatcher(doc_vocab, rules.patterns)


def make_context(
    doc: Doc,
    text: str,
    rules: Rules,
    matcher: SentenceMatcher,
    paragraphs: Sequence[CharRange],
    quotes: Sequence[QuoteSpan],
) -> DocContext:
    labels = {p.id: p.label for p in rules.patterns}
    matches = [(doc.vocab.strings[mid], s, e) for mid, s, e in matcher(doc)]
    starts = {q.start: i for i, q in enumerate(quotes)}
    ends = table_of(doc).end
    scare = frozenset(
        starts[end + gap]
        for pid, _, e in matches
        if labels[pid] == "SCARE"
        for end in [ends[e - 1]]
        for gap in range(3)
        if end + gap in starts
    )
    prep = [(s, e, pid) for pid, s, e in matches if labels[pid] == "CUE_PREP"]
    return DocContext(doc, text, rules, paragraphs, quotes, scare, prep)


def to_chars(ctx: DocContext, ranges: Sequence[syntax.TokenRange]) -> list[CharRange]:
    out = []
    idx, end = ctx.table.idx, ctx.table.end
    for lo, hi in ranges:
        lo, hi = _trim_tokens(ctx, lo, hi)
        if hi > lo:
            out.append((idx[lo], end[hi - 1]))
    return out


def _trim_tokens(ctx: DocContext, lo: int, hi: int) -> syntax.TokenRange:
    """The range without spaces and edge punctuation at its ends. Each token's text is
    read from the token table: the context's text is the Doc's (`make_context`)."""
    t = ctx.table
    space, words = t.is_space, t.text
    while lo < hi and (space[lo] or words[lo] in _EDGE_PUNCT):
        lo += 1
    while hi > lo and (space[hi - 1] or words[hi - 1] in _EDGE_PUNCT):
        hi -= 1
    return lo, hi


def finish(ctx: DocContext, cand: Candidate) -> Candidate:
    """Align content with quotation marks, cut out the cue and speaker, set the kind.

    A cue inside a quotation (someone quoted as saying "he told me ...") reports within
    it, so that quotation does not widen the content.
    """
    table, text, cue = ctx.table, ctx.text, cand.cue
    skip = ctx.scare_quotes
    if cue is not None and ctx._quoted[cue[0]]:
        at = table.idx[cue[0]]
        skip = skip | frozenset(ctx.quote_index.overlapping(at, at + 1))
    if cand.align:
        frags, ids = align_with_quotes(cand.fragments, ctx.quote_index, skip)
    else:
        frags, ids = list(cand.fragments), ()
    holes = []
    if cue is not None:
        holes.append((table.idx[cue[0]], table.end[cue[1] - 1]))
    if cand.speaker is not None:
        lo, hi = ctx.mention(cand.speaker)
        holes.append((table.idx[lo], table.end[hi - 1]))
    frags = _cut(text, frags, holes)
    used = [ctx.quotes[i] for i in ids]
    if used:  # with no quotation, no fragment opens with one
        frags = [_drop_trailing_modifier(ctx, f, used) for f in frags]
        if cue is not None and cand.rule_id != QuoteRule.COLON:
            cue_at = table.idx[cue[0]]
            frags = [_quotation_after_colon(text, f, used, cue_at) for f in frags]
    opens = ctx.paragraph_starts  # a piece opening a paragraph skips its dateline
    frags = [(dateline_end(text, a) if a in opens else a, b) for a, b in frags]
    cand.kind = quote_kind(text, frags, used) if used else "indirect"
    if len(frags) == 1:  # most often: nothing to sort
        cand.fragments = frags if frags[0][0] < frags[0][1] else []
    else:
        cand.fragments = sorted([f for f in frags if f[0] < f[1]])
    cand.quote_ids = ids
    return cand


def _quotation_after_colon(
    text: str, frag: CharRange, used: Sequence[QuoteSpan], cue_at: int
) -> CharRange:
    """A quotation of whole sentences (its first letter a capital) set off by a colon is
    the whole of what its cue reports. With the cue after it (`Holt hinted he had settled
    it: "The council signed," he told the paper`), the words before the colon are the
    writer's; with the cue before the colon (`Holt said: "I admitted it was a mistake,"
    but in fact ...`), the words after the quotation are. A quoted word after a colon
    (`The plan has one aim: "growth," he said`) leaves the content as it is, and so does
    the colon rule (`cue.colon`), whose content is the rest of the paragraph."""
    a, b = frag
    inside = [q for q in used if a <= q.start and q.end <= b]
    if not inside:
        return frag
    if b <= cue_at:
        last = max(inside, key=lambda q: q.start)
        if last.end >= b and _opens_sentence(text, last) and _colon_before(text, a, last.start):
            return last.start, b
        return frag
    if cue_at < a:
        first = min(inside, key=lambda q: q.start)
        end = max(q.end for q in inside)
        if first.start == a and end < b and _opens_sentence(text, first):
            return (a, end) if _colon_before(text, cue_at, a) else frag
    return frag


def _opens_sentence(text: str, q: QuoteSpan) -> bool:
    first = _ALNUM.search(text, q.inner_start, q.inner_end)
    return first is not None and first.group().isupper()


def _colon_before(text: str, lo: int, at: int) -> bool:
    """Is the last visible character from `lo` to `at` a colon?"""
    return text[lo:at].rstrip().endswith(":")


def _drop_trailing_modifier(
    ctx: DocContext, frag: CharRange, used: Sequence[QuoteSpan]
) -> CharRange:
    """`said «the plan is final» on Monday`: when the content opens with a quotation, the
    words after the last one are the cue's circumstances, not content, if they hold no
    verb (`he has “big plans” for the final month` keeps its tail)."""
    a, b = frag
    inside = [q for q in used if a <= q.start and q.end <= b]
    if not inside or min(q.start for q in inside) != a:
        return frag
    last = max(q.end for q in inside)
    tail = ctx.doc.char_span(last, b, alignment_mode="contract")
    if last >= b or tail is None or not len(tail):
        return frag
    if tail[0].pos_ in ("ADP", "ADV", "SCONJ") and not any(t.pos_ in ("VERB", "AUX") for t in tail):
        return a, last
    return frag


def align_with_quotes(
    fragments: Sequence[CharRange], index: QuoteIndex, skip: frozenset[int] = frozenset()
) -> tuple[list[CharRange], tuple[int, ...]]:
    """Widen each fragment to whole quotations it overlaps; return the quotations used."""
    out, used = [], set()
    quotes = index.quotes
    for a, b in fragments:
        changed = True
        while changed:
            changed = False
            for i in index.overlapping(a, b):
                if i in skip:
                    continue
                q = quotes[i]
                used.add(i)
                if q.start < a or q.end > b:
                    a, b = min(a, q.start), max(b, q.end)
                    changed = True
        out.append((a, b))
    if len(out) == 1:  # most content is one piece: nothing to merge or sort
        return out, (tuple(used) if len(used) < 2 else tuple(sorted(used)))
    return _merge(out), tuple(sorted(used))


def _merge(ranges: Sequence[CharRange]) -> list[CharRange]:
    out: list[CharRange] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _cut(text: str, frags: Sequence[CharRange], holes: Sequence[CharRange]) -> list[CharRange]:
    """Remove `holes` (cue, speaker) from the fragments, dropping punctuation-only pieces."""
    pieces = list(frags)
    for ha, hb in holes:
        nxt = []
        for a, b in pieces:
            if hb <= a or ha >= b:
                nxt.append((a, b))
                continue
            nxt += [(a, ha), (hb, b)]
        pieces = nxt
    out = []
    for a, b in pieces:
        piece = _trim_chars(text, a, b)
        if _ALNUM.search(text, piece[0], piece[1]) is not None:  # a letter or digit
            out.append(piece)
    return out


def _trim_chars(text: str, a: int, b: int) -> CharRange:
    """Strip spaces and edge punctuation; a final full stop goes unless it ends an abbreviation."""
    while a < b and (text[a].isspace() or text[a] in _EDGE_PUNCT):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE_PUNCT):
        b -= 1
    if b - a > 2 and text[b - 1] == "." and (text[b - 2].islower() or text[b - 2].isdigit()):
        b -= 1
    return a, b


def quote_kind(text: str, frags: Sequence[CharRange], quotes: Sequence[QuoteSpan]) -> str:
    """direct: the content is quotation marks' text only; mixed: partly; else indirect."""
    if not quotes:
        return "indirect"
    outside = []
    for a, b in frags:
        pos = a
        for q in sorted(quotes, key=lambda q: q.start):
            if q.end <= a or q.start >= b:
                continue
            outside.append(text[pos : max(pos, q.start)])
            pos = max(pos, q.end)
        outside.append(text[pos:b])
    rest = "".join(outside)
    return "mixed" if any(ch.isalnum() for ch in rest) else "direct"
