"""Quote candidates: every stretch of an article that someone may be reported to have said.

Rules propose candidates generously; `decide` (or a trained classifier) keeps them.
Candidates come from reporting cues in the parse (`said that ...`, `..., he said`,
`– the government said –`, `according to X`, `said:`), from speaker labels
(`PENCE: ...`), and from quotation marks that no cue claims (floating quotes). Each
candidate carries the id of the rule that proposed it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from . import syntax
from .quotemarks import QuoteIndex, QuoteSpan
from .rules import Rules
from .text import dateline_end

CharRange = tuple[int, int]
_EDGE_PUNCT = set(",;:—–-()[]") | {"--"}
MIN_FLOATING_WORDS = 4
OBJECT_CLASSES = ("request", "denial", "accusation")
COLON_WINDOW = 8
FIRST_PERSON = ("i", "we", "you")


@dataclass
class Candidate:
    """A proposed attribution, still tied to the parse (never leaves extraction)."""

    rule_id: str
    fragments: list[CharRange]
    cue: syntax.TokenRange | None = None
    cue_lemma: str = ""
    cue_class: str = ""
    speaker: Token | None = None
    speaker_rule: str = "speaker.none"
    quote_ids: tuple[int, ...] = ()
    kind: str = "indirect"
    follows_previous: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class DocContext:
    """What the candidate rules need to know about one parsed article."""

    doc: Doc
    text: str
    rules: Rules
    paragraphs: Sequence[CharRange]
    quotes: Sequence[QuoteSpan]
    scare_quotes: frozenset[int]
    prep_cues: list[tuple[int, int, str]]
    _para_starts: list[int] = field(default_factory=list)
    quote_index: QuoteIndex = field(init=False)

    def __post_init__(self) -> None:
        self._para_starts = [p[0] for p in self.paragraphs]
        self.quote_index = QuoteIndex(self.quotes)

    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, char) - 1)

    def chars(self, rng: syntax.TokenRange) -> CharRange:
        lo, hi = rng
        last = self.doc[hi - 1]
        return self.doc[lo].idx, last.idx + len(last.text)


def build_matcher(doc_vocab: object, rules: Rules) -> Matcher:
    matcher = Matcher(doc_vocab)  # type: ignore[arg-type]
    for p in rules.patterns:
        matcher.add(p.id, [p.pattern])
    return matcher


def make_context(
    doc: Doc,
    text: str,
    rules: Rules,
    matcher: Matcher,
    paragraphs: Sequence[CharRange],
    quotes: Sequence[QuoteSpan],
) -> DocContext:
    labels = {p.id: p.label for p in rules.patterns}
    matches = [(doc.vocab.strings[mid], s, e) for mid, s, e in matcher(doc)]
    starts = {q.start: i for i, q in enumerate(quotes)}
    scare = frozenset(
        starts[end + gap]
        for pid, _, e in matches
        if labels[pid] == "SCARE"
        for end in [doc[e - 1].idx + len(doc[e - 1])]
        for gap in range(3)
        if end + gap in starts
    )
    prep = [(s, e, pid) for pid, s, e in matches if labels[pid] == "CUE_PREP"]
    return DocContext(doc, text, rules, paragraphs, quotes, scare, prep)


def quote_breaks(doc: Doc, text: str, rules: Rules, quotes: Sequence[QuoteSpan]) -> list[int]:
    """Commas where an open quotation must have ended: `“The budget is balanced, the
    treasurer said.` with no closing mark. Found only in quotations left open at a
    paragraph's end, before a third-person speech cue."""
    breaks = []
    for q in quotes:
        if q.closed and q.paragraphs == 1:
            continue
        end = text.find("\n", q.inner_start)
        region = doc.char_span(
            q.inner_start, end if end > 0 else len(text), alignment_mode="contract"
        )
        for verb in region or ():
            if rules.cue_class(verb.lemma_) != "speech" or verb.pos_ != "VERB":
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.lower_ in FIRST_PERSON:
                continue
            start = min(subj.left_edge.i, verb.i)
            if start > 0 and doc[start - 1].text == ",":
                breaks.append(doc[start - 1].idx)
                break
    return breaks


def propose(ctx: DocContext) -> list[Candidate]:
    """All candidates of an article: cue-based first, then quotes no cue claimed."""
    cands = [c for c in _cue_candidates(ctx) if c.fragments]
    cands += [c for c in _prep_candidates(ctx) if c.fragments]
    cands += [c for c in _label_candidates(ctx) if c.fragments]
    claimed = {i for c in cands for i in c.quote_ids}
    cands += _floating_candidates(ctx, claimed)
    cands.sort(key=lambda c: (c.start, c.end))
    return cands


def _cue_candidates(ctx: DocContext) -> list[Candidate]:
    out = []
    for cue in syntax.find_cues(ctx.doc, ctx.rules):
        found = _cue_content(ctx, cue)
        if found is None:
            continue
        rule_id, fragments, speaker, speaker_rule = found
        cand = Candidate(
            rule_id,
            fragments,
            cue=cue.tokens,
            cue_lemma=cue.lemma,
            cue_class=cue.cue_class,
            speaker=speaker,
            speaker_rule=speaker_rule,
        )
        out.append(_finish(ctx, cand))
    return out


def _cue_content(
    ctx: DocContext, cue: syntax.Cue
) -> tuple[str, list[CharRange], Token | None, str] | None:
    """What a cue reports, by the first rule that applies: (rule id, content, speaker, rule)."""
    verb = cue.verb
    comp = syntax.clausal_complement(verb)
    paren = syntax.parenthetical_range(verb) if comp is None else None
    if paren is not None:
        sent = verb.sent
        pieces = syntax.comma_bounded(ctx.doc, sent.start, sent.end, paren)
        return ("cue.parenthetical", _to_chars(ctx, pieces), *syntax.subject_of(verb, within=paren))
    speaker, srule = syntax.subject_of(verb)
    if comp is not None:
        return "cue.clause", _to_chars(ctx, [syntax.subtree_range(comp)]), speaker, srule
    adjacent = _quote_before(ctx, cue, speaker)
    if adjacent is not None:
        return "cue.adjacent_quote", [adjacent], speaker, srule
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return "cue.inserted", _to_chars(ctx, syntax.head_minus_cue(verb)), speaker, srule
    colon = _colon_content(ctx, verb)
    if colon is not None:
        return "cue.colon", [colon], speaker, srule
    named = syntax.naming_complement(verb) if cue.cue_class == "naming" else None
    if named is not None:
        return "cue.naming", _to_chars(ctx, [named]), speaker, srule
    obj = syntax.object_complement(verb, cue.tokens[1]) if cue.cue_class in OBJECT_CLASSES else None
    if obj is not None:
        return "cue.object", _to_chars(ctx, [obj]), speaker, srule
    return None


def _quote_before(ctx: DocContext, cue: syntax.Cue, speaker: Token | None) -> CharRange | None:
    """`“...,” the mayor said`: a quotation that ends right where the cue's clause starts."""
    first = cue.tokens[0]
    if speaker is not None:
        first = min(first, syntax.mention_range(speaker)[0])
    clause_start = ctx.doc[first].idx
    for i in ctx.quote_index.overlapping(max(0, clause_start - 400), clause_start):
        q = ctx.quotes[i]
        if i in ctx.scare_quotes or not q.closed or q.end > clause_start:
            continue
        if ctx.paragraph_of(q.end) != ctx.paragraph_of(clause_start):
            continue
        between = ctx.text[q.end : clause_start]
        closing = ctx.text[q.inner_start : q.inner_end].rstrip()[-1:] + between
        if (
            len(between) <= 3
            and not any(ch.isalnum() for ch in between)
            and any(p in closing for p in ",?!.–—")
        ):
            return q.start, q.end
    return None


def _colon_content(ctx: DocContext, verb: Token) -> CharRange | None:
    """`He said:` then the rest of the sentence, or the next paragraph when the line ends."""
    doc = ctx.doc
    end = min(verb.sent.end, verb.i + 1 + COLON_WINDOW)
    nxt = next(
        (t.i for t in doc[verb.i + 1 : end] if t.text == ":" or t.pos_ in ("VERB", "AUX")), None
    )
    if nxt is None or doc[nxt].text != ":":
        return None
    after = doc[nxt].idx + 1
    para = ctx.paragraph_of(doc[nxt].idx)
    pb = ctx.paragraphs[para][1]
    rest = ctx.text[after:pb].strip()
    if rest:
        start = after + (len(ctx.text[after:pb]) - len(ctx.text[after:pb].lstrip()))
        return start, pb
    if para + 1 < len(ctx.paragraphs):
        npa, npb = ctx.paragraphs[para + 1]
        for q in ctx.quotes:
            if q.start == npa:
                return q.start, q.end
        return npa, npb
    return None


def _prep_candidates(ctx: DocContext) -> list[Candidate]:
    """`according to X`: X speaks; the clause the phrase hangs on is what X said."""
    out = []
    doc = ctx.doc
    for start, end, pid in ctx.prep_cues:
        last = doc[end - 1]
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        anchor = doc[start]
        head = anchor.head
        if obj is None or head.i == anchor.i:
            continue
        plo, phi = syntax.subtree_range(anchor)
        sent = anchor.sent
        at_edge = plo == sent.start or all(t.is_punct or t.is_space for t in doc[phi : sent.end])
        lo, hi = (sent.start, sent.end) if at_edge else syntax.subtree_range(head)
        pieces = [(lo, plo), (phi, hi)]
        cand = Candidate(
            f"cue.{pid.removeprefix('prep.')}",
            _to_chars(ctx, [p for p in pieces if p[1] > p[0]]),
            cue=(start, end),
            cue_lemma=" ".join(t.lower_ for t in doc[start:end]),
            cue_class="speech",
            speaker=obj,
            speaker_rule="speaker.prep_object",
        )
        out.append(_finish(ctx, cand))
    return out


def _label_candidates(ctx: DocContext) -> list[Candidate]:
    """Speaker labels at a paragraph start: `PENCE: Well, look ...`, `Poll: ...`."""
    doc, out = ctx.doc, []
    for pa, pb in ctx.paragraphs:
        first = doc.char_span(pa, pb, alignment_mode="expand")
        if first is None:
            continue
        toks = [t for t in first[:7]]
        colon = next((t for t in toks if t.text == ":"), None)
        if colon is None or colon.i == first.start:
            continue
        label = [t for t in doc[first.start : colon.i] if not t.is_punct]
        if not label or len(label) > 4 or not _looks_like_label(label):
            continue
        content = (colon.idx + 1, pb)
        text = ctx.text[content[0] : content[1]]
        content = (content[0] + len(text) - len(text.lstrip()), pb)
        if content[1] - content[0] < 10:
            continue
        cand = Candidate(
            "cue.label",
            [content],
            cue=(colon.i, colon.i + 1),
            cue_lemma=":",
            cue_class="speech",
            speaker=label[-1],
            speaker_rule="speaker.label",
        )
        out.append(_finish(ctx, cand))
    return out


def _looks_like_label(tokens: list[Token]) -> bool:
    if all(t.is_upper and t.is_alpha for t in tokens):
        return True
    return all(t.pos_ == "PROPN" for t in tokens) and tokens[-1].ent_type_ in ("PERSON", "ORG")


def _floating_candidates(ctx: DocContext, claimed: set[int]) -> list[Candidate]:
    """Quoted sentences no cue claims: they continue the previous speaker, if any."""
    out = []
    for i, q in enumerate(ctx.quotes):
        if i in claimed or i in ctx.scare_quotes:
            continue
        span = ctx.doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        words = [t for t in span if t.is_alpha]
        starts_sentence = (
            span[0].is_sent_start
            or ctx.text[ctx.paragraphs[ctx.paragraph_of(q.start)][0] : q.start].strip() == ""
        )
        if len(words) < MIN_FLOATING_WORDS or not starts_sentence:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        cand = Candidate(
            "quote.floating",
            [(q.start, q.end)],
            quote_ids=(i,),
            kind="direct",
            follows_previous=True,
        )
        out.append(cand)
    return out


def _to_chars(ctx: DocContext, ranges: Sequence[syntax.TokenRange]) -> list[CharRange]:
    out = []
    for lo, hi in ranges:
        lo, hi = _trim_tokens(ctx.doc, lo, hi)
        if hi > lo:
            out.append(ctx.chars((lo, hi)))
    return out


def _trim_tokens(doc: Doc, lo: int, hi: int) -> syntax.TokenRange:
    while lo < hi and (doc[lo].is_space or doc[lo].text in _EDGE_PUNCT):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in _EDGE_PUNCT):
        hi -= 1
    return lo, hi


def _finish(ctx: DocContext, cand: Candidate) -> Candidate:
    """Align content with quotation marks, cut out the cue and speaker, set the kind."""
    frags, ids = align_with_quotes(cand.fragments, ctx.quote_index, ctx.scare_quotes)
    holes = []
    if cand.cue is not None:
        holes.append(ctx.chars(cand.cue))
    if cand.speaker is not None:
        holes.append(ctx.chars(syntax.mention_range(cand.speaker)))
    frags = _cut(ctx.text, frags, holes)
    frags = [_drop_trailing_modifier(ctx, f, [ctx.quotes[i] for i in ids]) for f in frags]
    cand.fragments = [(_skip_dateline(ctx, a), b) for a, b in frags]
    cand.quote_ids = ids
    cand.kind = quote_kind(ctx.text, frags, [ctx.quotes[i] for i in ids])
    return cand


def _drop_trailing_modifier(
    ctx: DocContext, frag: CharRange, used: Sequence[QuoteSpan]
) -> CharRange:
    """`said «the plan is final» on Monday`: the words after the last quotation are the
    cue's circumstances, not content, when they hold no verb."""
    a, b = frag
    inside = [q for q in used if a <= q.start and q.end <= b]
    if not inside:
        return frag
    last = max(q.end for q in inside)
    tail = ctx.doc.char_span(last, b, alignment_mode="contract")
    if last >= b or tail is None or not len(tail):
        return frag
    if tail[0].pos_ in ("ADP", "ADV", "SCONJ") and not any(t.pos_ in ("VERB", "AUX") for t in tail):
        return a, last
    return frag


def _skip_dateline(ctx: DocContext, start: int) -> int:
    if ctx.paragraphs[ctx.paragraph_of(start)][0] != start:
        return start
    return dateline_end(ctx.text, start)


def align_with_quotes(
    fragments: Sequence[CharRange], index: QuoteIndex, skip: frozenset[int] = frozenset()
) -> tuple[list[CharRange], tuple[int, ...]]:
    """Widen each fragment to whole quotations it overlaps; return the quotations used."""
    out, used = [], set()
    for a, b in fragments:
        changed = True
        while changed:
            changed = False
            for i in index.overlapping(a, b):
                if i in skip:
                    continue
                q = index.quotes[i]
                used.add(i)
                if q.start < a or q.end > b:
                    a, b = min(a, q.start), max(b, q.end)
                    changed = True
        out.append((a, b))
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
    return [p for p in (_trim_chars(text, a, b) for a, b in pieces) if _has_word(text, p)]


def _trim_chars(text: str, a: int, b: int) -> CharRange:
    """Strip spaces and edge punctuation; a final full stop goes unless it ends an abbreviation."""
    while a < b and (text[a].isspace() or text[a] in _EDGE_PUNCT):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE_PUNCT):
        b -= 1
    if b - a > 2 and text[b - 1] == "." and (text[b - 2].islower() or text[b - 2].isdigit()):
        b -= 1
    return a, b


def _has_word(text: str, rng: CharRange) -> bool:
    return any(ch.isalnum() for ch in text[rng[0] : rng[1]])


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
