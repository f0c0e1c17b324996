"""Deciding which candidates are attributions, and tying quotes that belong together.

`score_by_rules` is the rules-only decision (`--no-model`); a trained classifier can
replace it, since both just give each candidate a confidence. `assemble` then keeps the
confident ones, joins a quotation's continuation to it (`"A," he said. "B."`), and lets
a floating quote continue the previous speaker.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from attribution.extract import syntax
from attribution.extract.context import Candidate, DocContext
from attribution.extract.quotemarks import QuoteSpan, last_visible
from attribution.ruleset.ids import CueClass, KindFactor, QuoteNote

PREVIOUS_SPEAKER_PARAGRAPHS = 2
"""How many paragraphs back the previous speaker may be for a quote with none (a floating
quote, a pronoun, the speaker ranker's `previous` mention) to be theirs."""
SAME_CONTENT = 0.5
BIN_CHARS = 2000
MAX_CIRCUMSTANCES = 120
"""The most characters of a cue's circumstances (`he told the Gazette in March,`) a split
quotation resumes after."""


@dataclass
class Decision:
    """A kept candidate with its confidence and the rule or model behind it."""

    candidate: Candidate
    confidence: float
    method: str
    source: str
    previous: Decision | None = None
    speaker_score: float | None = None


def score_by_rules(ctx: DocContext, cand: Candidate) -> float:
    """Confidence from `rules/decisions.toml`: rule base x cue-class factor x penalties."""
    d = ctx.rules.decisions
    conf = d.confidence(cand.rule_id, cand.cue_class or CueClass.SPEECH)
    if cand.cue_class == CueClass.NAMING and cand.kind == "indirect":
        conf *= d.kind_factor.get(KindFactor.NAMING_WITHOUT_QUOTE, 1.0)
    if any(not ctx.quotes[i].closed for i in cand.quote_ids):
        conf *= d.kind_factor.get(KindFactor.UNCLOSED_QUOTE, 1.0)
    if _content_words(ctx, cand) < d.min_content_words:
        conf = 0.0
    return conf


def _content_words(ctx: DocContext, cand: Candidate) -> int:
    text = ctx.text
    return sum(
        len([w for w in text[a:b].split() if any(ch.isalnum() for ch in w)])
        for a, b in cand.fragments
    )


def assemble(
    ctx: DocContext,
    cands: Sequence[Candidate],
    scores: Sequence[float],
    *,
    threshold: float,
    method: str,
) -> list[Decision]:
    """Keep candidates scoring at least `threshold`, then join continuations and floats.

    The candidates are not changed: decisions hold copies, so one set of candidates can
    be decided at several thresholds.
    """
    kept = [
        Decision(_copy(c), s, method, c.rule_id)
        for c, s in zip(cands, scores, strict=True)
        if s >= threshold and not c.follows_previous
    ]
    kept = _drop_duplicates(kept)
    floating = {
        c.quote_ids[0]: Decision(_copy(c), s, method, c.rule_id)
        for c, s in zip(cands, scores, strict=True)
        if s >= threshold and c.follows_previous
    }
    claimed = {i for d in kept for i in d.candidate.quote_ids}
    by_paragraph: dict[int, list[Decision]] = {}
    for d in kept:
        if d.candidate.quote_ids and d.candidate.kind != "indirect":
            by_paragraph.setdefault(ctx.paragraph_of(d.candidate.end), []).append(d)
    speakers = _SpeakerIndex(ctx, kept)
    starts: dict[int, list[int]] = defaultdict(list)
    for d in kept:
        starts[ctx.paragraph_of(d.candidate.start)].append(d.candidate.start)
    for qid, q in enumerate(ctx.quotes):
        if qid in claimed or qid in ctx.scare_quotes or not q.closed:
            continue
        host = _continued(ctx, by_paragraph.get(ctx.paragraph_of(q.start), []), qid)
        if host is not None:
            host.candidate.fragments.append((q.start, q.end))
            host.candidate.quote_ids += (qid,)
            host.candidate.notes.append(QuoteNote.CONTINUATION)
        elif qid in floating:
            f = floating[qid]
            f.previous = speakers.before(f.candidate.start)
            if f.previous is not None and _runs_on(ctx, f.previous, starts, qid):
                f.previous.candidate.fragments.append((q.start, q.end))
                f.previous.candidate.quote_ids += (qid,)
                f.previous.candidate.notes.append(QuoteNote.CONTINUATION)
            else:
                kept.append(f)
                starts[ctx.paragraph_of(f.candidate.start)].append(f.candidate.start)
        claimed.add(qid)
    kept.sort(key=lambda d: (d.candidate.start, d.candidate.end))
    return kept


def _copy(c: Candidate) -> Candidate:
    return dataclasses.replace(c, fragments=list(c.fragments), notes=list(c.notes))


def continuation(ctx: DocContext, cand: Candidate) -> int | None:
    """The quotation that would continue `cand`, were it kept and the quotation free."""
    if not cand.quote_ids or cand.kind == "indirect":
        return None
    for qid in ctx.quote_index.overlapping(cand.end, ctx.paragraphs[ctx.paragraph_of(cand.end)][1]):
        q = ctx.quotes[qid]
        if q.start >= cand.end and qid not in ctx.scare_quotes and q.closed:
            return qid if _continues(ctx, cand, qid) else None
    return None


def _drop_duplicates(kept: list[Decision]) -> list[Decision]:
    """One attribution per cue, and one per content: of two whose contents are mostly the
    same words (Jaccard over characters >= `SAME_CONTENT`), the more confident stays."""
    seen: set[object] = set()
    out: list[Decision] = []
    near: dict[int, list[Candidate]] = defaultdict(list)
    for d in sorted(kept, key=lambda d: -d.confidence):
        c = d.candidate
        if c.cue is not None and ("cue", c.cue) in seen:
            continue
        bins = _bins(c)
        if any(_overlap(c, o) >= SAME_CONTENT for b in bins for o in near[b]):
            continue
        if c.cue is not None:
            seen.add(("cue", c.cue))
        for b in bins:
            near[b].append(c)
        out.append(d)
    return out


def _bins(c: Candidate) -> range:
    """The stretches of `BIN_CHARS` characters a candidate's content touches: only
    candidates sharing one can overlap, so a long text is not compared pair by pair."""
    return range(c.start // BIN_CHARS, (max(c.end, c.start + 1) - 1) // BIN_CHARS + 1)


def _overlap(a: Candidate, b: Candidate) -> float:
    """Jaccard of the characters two candidates' contents cover."""
    inter = sum(
        max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a.fragments for y0, y1 in b.fragments
    )
    if not inter:
        return 0.0
    size = sum(x1 - x0 for x0, x1 in a.fragments) + sum(y1 - y0 for y0, y1 in b.fragments)
    return inter / (size - inter)


def _continued(ctx: DocContext, kept: Sequence[Decision], qid: int) -> Decision | None:
    """The direct quote that `qid` continues, in the same paragraph: with nothing but the
    cue between (`"A," he said, "B."`), or opening the sentence after the cue's
    (`"A," he said at a rally on Monday. "B."`)."""
    for d in kept:
        if _continues(ctx, d.candidate, qid):
            return d
    return None


def _runs_on(ctx: DocContext, prev: Decision, starts: dict[int, list[int]], qid: int) -> bool:
    """Does quotation `qid`, opening the next paragraph, run on from `prev`'s quote
    (`“A,” Adelson said.` then a paragraph `“B.”`)? PolNeAR labels the two as one
    attribution. So when `prev` is a direct or mixed quote that ends its paragraph: no
    other quotation and no other kept attribution starts after it there (`starts`: the
    kept attributions' starts by paragraph)."""
    c, q = prev.candidate, ctx.quotes[qid]
    if not c.quote_ids or c.kind == "indirect":
        return False
    para = ctx.paragraph_of(c.end)
    if ctx.paragraph_of(q.start) != para + 1 or ctx.paragraphs[para + 1][0] != q.start:
        return False
    last = max(ctx.quotes[i].end for i in c.quote_ids)
    para_end = ctx.paragraphs[para][1]
    if any(ctx.quotes[i].start >= last for i in ctx.quote_index.overlapping(last, para_end)):
        return False
    return not any(start >= last for start in starts.get(para, ()))


def _continues(ctx: DocContext, c: Candidate, qid: int) -> bool:
    q = ctx.quotes[qid]
    if not c.quote_ids or c.kind == "indirect" or c.cue is None:
        return False
    if ctx.paragraph_of(c.end) != ctx.paragraph_of(q.start) or c.end > q.start:
        return False
    tail = max(c.end, _token_end(ctx, c.cue), _speaker_end(ctx, c))
    gap = ctx.text[tail : q.start] if tail <= q.start else "x"
    if not any(ch.isalnum() for ch in gap):
        return True
    sentence_end = ctx.sent(ctx.doc[c.cue[0]]).end_char
    if tail <= q.start < sentence_end <= q.inner_start:
        return True  # the parser gave the opening mark to the cue's sentence (`CNN. ''I`)
    if tail <= sentence_end <= q.start:
        return not ctx.text[sentence_end : q.start].strip()
    return q.start < sentence_end and _resumes_after_circumstances(ctx, c, tail, q)


def _resumes_after_circumstances(ctx: DocContext, c: Candidate, tail: int, q: QuoteSpan) -> bool:
    """`"A," he told the Gazette in March, "B."`: a quotation split by its cue resumes
    after the cue's circumstances, set off by a comma, when the first piece ends on a
    comma and no verb comes between (`"A," he told Fox, whose host asked, "B?"` is no
    resumption)."""
    if tail > q.start or q.start - tail > MAX_CIRCUMSTANCES:
        return False
    if not ctx.text[tail : q.start].rstrip().endswith(","):
        return False
    before = [ctx.quotes[i] for i in c.quote_ids if ctx.quotes[i].end <= tail]
    if not before:
        return False
    last = max(before, key=lambda b: b.end)
    if last_visible(ctx.text[last.inner_start : last.inner_end]) != ",":
        return False
    gap = ctx.doc.char_span(tail, q.start, alignment_mode="expand")
    return gap is not None and not any(t.pos_ in ("VERB", "AUX") for t in gap)


def _token_end(ctx: DocContext, rng: tuple[int, int] | None) -> int:
    if rng is None:
        return 0
    last = ctx.doc[rng[1] - 1]
    return last.idx + len(last.text)


def _speaker_end(ctx: DocContext, c: Candidate) -> int:
    """Where the speaker's mention ends in the text (0 without a speaker)."""
    if c.speaker is None:
        return 0
    t = ctx.table
    return t.end[syntax.mention_at(t, c.speaker.i)[1] - 1]


class _SpeakerIndex:
    """The kept attributions with a speaker, by position, for floating quotes to find."""

    def __init__(self, ctx: DocContext, kept: Sequence[Decision]) -> None:
        self.ctx = ctx
        self.with_speaker = sorted(
            (d for d in kept if d.candidate.speaker is not None), key=lambda d: d.candidate.start
        )
        self.starts = [d.candidate.start for d in self.with_speaker]

    def before(self, pos: int) -> Decision | None:
        """The nearest attribution before `pos` with a speaker, within a couple of paragraphs."""
        i = bisect.bisect_left(self.starts, pos)
        if i == 0:
            return None
        prev = self.with_speaker[i - 1]
        gap = self.ctx.paragraph_of(pos) - self.ctx.paragraph_of(prev.candidate.start)
        return prev if gap <= PREVIOUS_SPEAKER_PARAGRAPHS else None
