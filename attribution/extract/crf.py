"""The span tagger: a CRF that labels every token as part of a cue, a source, a content
or none (BIO), one paragraph at a time, and the candidates its spans make.

Rules find attributions one cue word at a time; the tagger learns from PolNeAR's
annotations the long tail they miss (nouns and phrases such as "allegations of",
"called on ... to", verbs no lexicon lists). Its content spans become candidates beside
the rules' (`QuoteRule.TAGGER`), and its marginal probabilities become features of the
quote classifier for every candidate (`tagging_features`), so the classifier decides
between the rules' and the tagger's answers.

The model is a CRFsuite file (`python-crfsuite`, linear-chain CRF, Lafferty et al.
2001) stored beside the quote classifier; `token_features` is shared by training
(`learn/tagger.py`) and prediction.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, LOWER, POS, TAG

from attribution.extract import context as quotes
from attribution.extract.context import Candidate, DocContext
from attribution.ruleset.ids import QuoteRule, SpeakerRule
from attribution.weights.store import ModelFileError

CUE, SOURCE, CONTENT = "CUE", "SRC", "CON"
KINDS = (CUE, SOURCE, CONTENT)
LABELS = ("O", *(f"{p}-{k}" for k in KINDS for p in "BI"))
CONTENT_LABELS = frozenset({"B-CON", "I-CON"})
MAX_ANCESTORS = 6
"""How far up the parse a token looks for a cue word it depends on."""
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "acl", "relcl", "advcl", "parataxis", "pcomp"})


def _bucket(n: int) -> int:
    return min(int(math.log2(n + 1)), 5)


def paragraph_tokens(ctx: DocContext) -> list[tuple[int, int]]:
    """The token ranges [lo, hi) of the article's paragraphs: the tagger's sequences, so
    that content running past a sentence's end is tagged with the sentence it continues."""
    starts = [t.idx for t in ctx.doc]
    out = []
    for a, b in ctx.paragraphs:
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        if hi > lo:
            out.append((lo, hi))
    return out


@dataclass
class Words:
    """The token attributes the features read, as lists made once per article (reading
    them from spaCy tokens one at a time cost more than the tagging)."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent: list[str]
    cue: list[str]
    space: list[bool]
    quote_mark: list[bool]
    sentence: list[int]
    sentence_start: list[int]
    sentence_end: list[int]

    @classmethod
    def of(cls, ctx: DocContext) -> Words:
        doc, rules = ctx.doc, ctx.rules
        arr = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB]).tolist()
        strings = doc.vocab.strings
        iob = ("", "I", "O", "B")
        lemma = [strings[r[1]].lower() for r in arr]
        sent_of = [ctx.sentence_index(t) for t in doc] if len(doc) else []
        starts = [s.start for s in ctx.sentences]
        ends = [s.end for s in ctx.sentences]
        return cls(
            lower=[strings[r[0]] for r in arr],
            lemma=lemma,
            pos=[strings[r[2]] for r in arr],
            tag=[strings[r[3]] for r in arr],
            dep=[strings[r[4]] for r in arr],
            head=[i + _signed(r[5]) for i, r in enumerate(arr)],
            ent=[f"{iob[r[7]]}{strings[r[6]]}" if r[6] else "" for r in arr],
            cue=[rules.cue_class(w) or "" for w in lemma],
            space=[t.is_space for t in doc],
            quote_mark=[t.is_quote for t in doc],
            sentence=sent_of,
            sentence_start=[starts[k] for k in sent_of],
            sentence_end=[ends[k] for k in sent_of],
        )


def _signed(value: int) -> int:
    """A `HEAD` offset from `Doc.to_array`, which comes back as an unsigned integer."""
    return value - (1 << 64) if value >= 1 << 63 else value


def token_features(ctx: DocContext, w: Words, lo: int, hi: int) -> list[list[str]]:
    """The CRF's features of tokens [lo, hi): the word, its parse, the cue lexicon's hits
    on it, its head and the cue it depends on, quotation marks, entity type, and its
    place in the sentence and paragraph (binary features, named `key=value`); `w` is
    `Words.of(ctx)`."""
    para = min(ctx.paragraph_of(ctx.doc[lo].idx), 3)
    first_sent = w.sentence[lo]
    cue_at = [i for i in range(lo, hi) if w.cue[i]]
    quoted = ctx.in_quote
    doc = ctx.doc
    out = []
    for i in range(lo, hi):
        if w.space[i]:
            out.append(["space"])
            continue
        s0, s1 = w.sentence_start[i], w.sentence_end[i]
        dep = w.dep[i]
        f = [
            "bias",
            "w=" + w.lower[i],
            "l=" + w.lemma[i],
            "p=" + w.pos[i],
            "t=" + w.tag[i],
            "d=" + dep,
            f"para={para}",
            f"sent={min(w.sentence[i] - first_sent, 3)}",
            f"pos={min(4, 5 * (i - s0) // max(s1 - s0, 1))}",
        ]
        if w.cue[i]:
            f.append("c=" + w.cue[i])
        h = w.head[i]
        if h != i:
            f += [
                "hl=" + w.lemma[h],
                "hp=" + w.pos[h],
                f"dh={dep}|{w.pos[h]}",
                f"hd={w.lemma[h]}|{dep}",
            ]
            if w.cue[h]:
                f.append(f"hc={w.cue[h]}|{dep}")
        else:
            f.append("root")
        f.append(_ancestor_cue(w, i))
        f.append(_clause_head(w, i))
        f.append("sr=" + w.lemma[_root(w, i)])
        if quoted(doc[i]):
            f.append("inq")
        if w.quote_mark[i]:
            f.append("qm")
        if w.ent[i]:
            f.append("e=" + w.ent[i])
        if i == s0:
            f.append("s0")
        if i == s1 - 1:
            f.append("s1")
        f.append(_cue_distance(cue_at, i))
        for off in (-2, -1, 1, 2):
            j = i + off
            if lo <= j < hi:
                f.append(f"p{off}={w.pos[j]}")
                if off in (-1, 1):
                    f.append(f"w{off}={w.lower[j]}")
        out.append(f)
    return out


def _ancestor_cue(w: Words, i: int) -> str:
    """The nearest cue word above token `i` in the parse, by class and the relation of
    the branch it hangs from (`anc=speech|ccomp`): content sits in a cue's clause."""
    child, node = i, w.head[i]
    for _ in range(MAX_ANCESTORS):
        if node == child:
            break
        if w.cue[node]:
            return f"anc={w.cue[node]}|{w.dep[child]}"
        child, node = node, w.head[node]
    return "anc=none"


def _clause_head(w: Words, i: int) -> str:
    """The word a token's clause hangs from, with the relation (`cl=allegation|acl`,
    `cl=call|xcomp`): it lets the tagger learn cue words the lexicon lacks from the
    clauses they govern."""
    node = i
    for _ in range(MAX_ANCESTORS):
        head = w.head[node]
        if head == node:
            break
        if w.dep[node] in CLAUSE_DEPS:
            return f"cl={w.lemma[head]}|{w.dep[node]}"
        node = head
    return "cl=none"


def _root(w: Words, i: int) -> int:
    node = i
    while w.head[node] != node:
        node = w.head[node]
    return node


def _cue_distance(cue_at: list[int], i: int) -> str:
    """The side and the (log) distance of the nearest cue-lexicon word in the paragraph."""
    if not cue_at:
        return "cd=none"
    k = bisect.bisect_left(cue_at, i)
    near = [cue_at[j] for j in (k - 1, k) if 0 <= j < len(cue_at)]
    best = min(near, key=lambda c: abs(c - i))
    if best == i:
        return "cd=0"
    return f"cd={'-' if best < i else '+'}{_bucket(abs(best - i))}"


@dataclass
class Tagging:
    """One article tagged: the best label of each token, and each token's marginal
    probability of being part of a cue, a source and a content (`prob[kind][i]`), and of
    starting a content (`content_start[i]`)."""

    labels: list[str]
    prob: dict[str, np.ndarray]
    content_start: np.ndarray
    sequences: list[tuple[int, int]]


class SpanTagger:
    """A CRFsuite model file, opened once, that tags articles."""

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite  # only where a tagger model is used

        self.path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.path))
        except (OSError, ValueError) as exc:
            raise ModelFileError(
                f"{self.path}: not a CRFsuite tagger model ({' '.join(str(exc).split())})"
            ) from None
        known = set(self._tagger.labels())
        if known - set(LABELS) or CONTENT_LABELS - known:
            raise ModelFileError(f"{self.path}: tagger labels {sorted(known)} are not {LABELS}")
        self._labels = sorted(known)

    def tag(self, ctx: DocContext) -> Tagging:
        """Tag every paragraph of the article."""
        n = len(ctx.doc)
        labels = ["O"] * n
        prob = {k: np.zeros(n) for k in KINDS}
        start = np.zeros(n)
        seqs = paragraph_tokens(ctx)
        known = self._labels
        words = Words.of(ctx)
        tagger = self._tagger
        for lo, hi in seqs:
            tagger.set(token_features(ctx, words, lo, hi))
            labels[lo:hi] = tagger.tag()
            positions = range(hi - lo)
            for name in known:
                if name == "O":
                    continue
                marginal = [tagger.marginal(name, j) for j in positions]
                prob[name[2:]][lo:hi] += marginal
                if name == "B-CON":
                    start[lo:hi] = marginal
        return Tagging(labels, prob, start, seqs)


def spans(labels: Sequence[str], lo: int, hi: int, kind: str) -> list[tuple[int, int]]:
    """The token ranges labelled `kind` in [lo, hi): a `B-` or a change of kind starts one."""
    out: list[tuple[int, int]] = []
    start = None
    for i in range(lo, hi + 1):
        lab = labels[i] if i < hi else "O"
        inside = lab.endswith(kind) and lab != "O"
        if start is not None and (not inside or lab == f"B-{kind}"):
            out.append((start, i))
            start = None
        if inside and start is None:
            start = i
    return out


def propose(ctx: DocContext, tagging: Tagging) -> list[Candidate]:
    """A candidate for each content span the tagger found, with the nearest cue and
    source spans of its paragraph as its cue and speaker, finished like the rules'."""
    doc = ctx.doc
    out = []
    for lo, hi in tagging.sequences:
        contents = spans(tagging.labels, lo, hi, CONTENT)
        if not contents:
            continue
        cues = spans(tagging.labels, lo, hi, CUE)
        sources = spans(tagging.labels, lo, hi, SOURCE)
        for a, b in contents:
            cue = _nearest(cues, a, b)
            source = _nearest(sources, a, b)
            cand = Candidate(QuoteRule.TAGGER, quotes.to_chars(ctx, [(a, b)]))
            if not cand.fragments:
                continue
            if cue is not None:
                head = doc[cue[0] : cue[1]].root
                cand.cue = cue
                cand.cue_head = head.i
                cand.cue_lemma = " ".join(t.lemma_.lower() for t in doc[cue[0] : cue[1]])
                cand.cue_class = ctx.rules.cue_class(head.lemma_) or ""
            if source is not None:
                cand.speaker = doc[source[0] : source[1]].root
                cand.speaker_rule = SpeakerRule.TAGGER
            cand = quotes.finish(ctx, cand)
            if cand.fragments:
                out.append(cand)
    return out


def _nearest(found: list[tuple[int, int]], a: int, b: int) -> tuple[int, int] | None:
    def gap(s: tuple[int, int]) -> int:
        return max(s[0] - b, a - s[1], 0)

    outside = [s for s in found if s[1] <= a or s[0] >= b]
    return min(outside, key=gap) if outside else None


def tagging_features(ctx: DocContext, cand: Candidate, tagging: Tagging) -> dict[str, float]:
    """What the tagger thinks of a candidate: the mean probability that its words are
    content, that its first word starts one, that the words just outside it are content
    (a boundary cut too early or too late), and that its cue is a cue."""
    doc = ctx.doc
    p = tagging.prob[CONTENT]
    idx = []
    for a, b in cand.fragments:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            idx += [t.i for t in span if not (t.is_punct or t.is_space)]
    f: dict[str, float] = {}
    if not idx:
        return f
    mean = float(p[idx].mean())
    f["tag_content_p"] = mean
    f[f"tag_content_bin={min(int(mean * 5), 4)}"] = 1
    f["tag_content_min"] = float(p[idx].min())
    f["tag_start_p"] = float(tagging.content_start[idx[0]])
    before, after = idx[0] - 1, idx[-1] + 1
    while before >= 0 and (doc[before].is_punct or doc[before].is_space):
        before -= 1
    while after < len(doc) and (doc[after].is_punct or doc[after].is_space):
        after += 1
    f["tag_before_p"] = float(p[before]) if before >= 0 else 0.0
    f["tag_after_p"] = float(p[after]) if after < len(doc) else 0.0
    if cand.cue_head is not None:
        f["tag_cue_p"] = float(tagging.prob[CUE][cand.cue_head])
    if cand.speaker is not None:
        f["tag_source_p"] = float(tagging.prob[SOURCE][cand.speaker.i])
    return f
