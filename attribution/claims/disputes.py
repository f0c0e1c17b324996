"""Disputes within one article: which claims are contested, why, and by which quote.

Each attribution is read for signals (rule ids in `disputed` evidence):
- its cue: a denial (`denied`, `rejected`), a reply that contradicts (`countered`,
  `insisted`), or the writer's distance (`claimed`, `alleged`, `accused ... of`);
- the writer's words around it: `falsely`, `allegedly`, and the NO_EVIDENCE and
  FACT_CHECK patterns outside quotation marks in its sentence or the next one
  (`provided no evidence`, `That comment is a lie.`);
- its content: contradiction words and patterns in the speaker's own words (`meritless`,
  `there is no proof`), and a claim the content says someone disputes.

A quote that denies or contradicts is then linked to the claim it answers — another
speaker's quote that shares its content words or sits in its sentence — and both are
flagged (`disputes` / `disputed_by`). Two speakers' accounts of one event also clash
when they tell it with opposite polarity or a different side doing it
(`dispute.counter_account`); the linking is in `dispute_links.py`. When several reasons
apply, the first in `REASONS` wins.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from spacy.tokens import Token

from attribution.claims.facts import Matches, entity_key, token_span
from attribution.claims.links import (
    CONTENT_POS,
    REASONS,
    Dispute,
    Event,
    QuoteFacts,
    answered_accusation,
    clashes,
    link_answer,
    same_claim,
    same_exchange,
)
from attribution.extract.context import DocContext
from attribution.ruleset.ids import (
    DISPUTE_PATTERN_LABELS,
    CueClass,
    DisputeRule,
    dispute_pattern_rule,
)
from attribution.ruleset.loader import Rules
from attribution.schema import Attribution

__all__ = ["REASONS", "Dispute", "QuoteFacts", "find_disputes"]

WRITER_WINDOW = 3


def find_disputes(
    ctx: DocContext, atts: Sequence[Attribution], rules: Rules, matches: Matches
) -> tuple[list[QuoteFacts], list[Dispute]]:
    """What the dispute rules read of every attribution of one article (which the dispute
    model's features read too), and the dispute flags they give."""
    reader = _Reader(ctx, rules, matches)
    quotes = [reader.read(a) for a in atts]
    out = [Dispute() for _ in atts]
    for i, q in enumerate(quotes):
        reader.cue_signals(q, out[i])
        reader.content_signals(q, out[i])
    reader.writer_patterns(quotes, out)
    for i in range(len(quotes)):
        if out[i].answers:
            link_answer(quotes, out, i)
        if out[i].accuses:
            answered_accusation(quotes, out, i)
    clashes(quotes, out)
    same_exchange(quotes, out)
    same_claim(quotes, out)
    return quotes, out


class _Reader:
    def __init__(self, ctx: DocContext, rules: Rules, matches: Matches) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.claims = rules.claims
        self.rules = rules
        self._sent_starts = [s.start for s in ctx.sentences]
        labels = {p.id: p.label for p in self.claims.patterns}
        self.matches = [
            (labels[self.doc.vocab.strings[mid]], self.doc.vocab.strings[mid], s, e)
            for mid, s, e in matches
        ]

    def read(self, att: Attribution) -> QuoteFacts:
        q = att.quote
        content: list[Token] = []
        for a, b in [(s.start, s.end) for s in q.fragments] or [(q.start, q.end)]:
            span = token_span(self.doc, a, b)
            if span is not None:
                content += list(span)
        cue: list[Token] = []
        if att.cue is not None:
            span = token_span(self.doc, att.cue.start, att.cue.end)
            cue = list(span) if span is not None else []
        speaker: set[int] = set()
        if att.speaker is not None:
            span = token_span(self.doc, att.speaker.start, att.speaker.end)
            speaker = {t.i for t in span} if span is not None else set()
        sentences = {self._sent_starts[self.ctx.sentence_index(t)] for t in content + cue}
        lemmas = {
            t.lemma_.lower()
            for t in content
            if t.pos_ in CONTENT_POS
            and not t.is_stop
            and len(t) > 2
            and self.rules.cue_class(t.lemma_) is None
        }
        name = att.speaker.name if att.speaker is not None and att.speaker.name else ""
        words = {w.lower() for w in name.split() if w[:1].isupper()}
        return QuoteFacts(
            content=content,
            cue=cue,
            speaker=speaker,
            sentences=sentences,
            lemmas=lemmas,
            words={t.lemma_.lower() for t in content},
            negated=any(t.dep_ == "neg" or t.lower_ in self.claims.negations for t in content),
            entity=entity_key(att),
            name_words=words,
            speaker_words={self.doc[i].lemma_.lower() for i in speaker},
            events=self._events(content),
            accusing_cue=any(self.rules.cue_class(t.lemma_) == CueClass.ACCUSATION for t in cue),
            cue_sentence=self.ctx.sent(cue[0]) if cue else None,
        )

    def _events(self, content: list[Token]) -> list[Event]:
        """The clash-frame verbs of a content (`opened fire` counts as a verb)."""
        out = []
        for tok in content:
            lemma = tok.lemma_.lower()
            frame = self.claims.frames.get(lemma)
            if frame is None or tok.pos_ not in ("VERB", "NOUN"):
                continue
            verb = tok if tok.pos_ == "VERB" else tok.head
            if verb.pos_ != "VERB":
                continue
            negated = any(c.dep_ == "neg" for c in verb.children)
            out.append(Event(frame, lemma, _agent(verb), negated))
        return out

    def cue_signals(self, q: QuoteFacts, d: Dispute) -> None:
        """The cue's own words, and the writer's adverbs next to it."""
        for lemma, words in _cue_words(q.cue):
            reason = self.claims.dispute_cues.get(lemma)
            if reason in ("denial", "rebuttal"):
                d.flag(reason, DisputeRule.cue(reason), words)
                d.answers = reason
            elif reason == "distancing_cue":
                d.flag("distancing_cue", DisputeRule.DISTANCING_CUE, words)
            elif reason == "reply" and (q.negated or self._contradicts(q)):
                d.flag("rebuttal", DisputeRule.REPLY_CONTRADICTS, words)
                d.answers = "rebuttal"
            elif reason == "reply":
                d.answers = d.answers or "reply"
            if self.rules.cue_class(lemma) == CueClass.ACCUSATION:
                d.accuses = True
        if not q.cue:
            return
        cue_sentence = self.ctx.sent(q.cue[0])
        opening = [t for t in cue_sentence if not t.is_punct][:1]
        if opening and opening[0].lower_ in self.claims.contrast and not d.answers:
            d.answers = "contrast"
        skip = {t.i for t in q.content}
        around = [t for t in cue_sentence if t.i not in skip and not self.ctx.in_quote(t)]
        if any(lemma in self.claims.accusation for lemma, _ in _cue_words(around)):
            d.accuses = True
        lo = max(0, q.cue[0].i - WRITER_WINDOW)
        hi = min(len(self.doc), q.cue[-1].i + WRITER_WINDOW + 1)
        for tok in self.doc[lo:hi]:
            reason = self.claims.writer_words.get(tok.lower_)
            if reason is not None and not self.ctx.in_quote(tok):
                d.flag(reason, DisputeRule.writer(reason), tok.text)

    def _contradicts(self, q: QuoteFacts) -> str:
        text = " ".join(t.lower_ for t in q.content)
        padded = f" {text} "
        for phrase in self.claims.contradiction:
            if f" {phrase} " in padded:
                return phrase
        return ""

    def content_signals(self, q: QuoteFacts, d: Dispute) -> None:
        """Contradiction in the speaker's words; a claim the content says is disputed."""
        phrase = self._contradicts(q)
        if phrase:
            d.flag("rebuttal", DisputeRule.CONTRADICTION, phrase)
            d.answers = d.answers or "rebuttal"
        ids = {t.i for t in q.content}
        for label, pid, s, e in self.matches:
            if s not in ids or label not in DISPUTE_PATTERN_LABELS:
                continue
            if label == "CONTRADICTION" or self.ctx.in_quote(self.doc[s]):
                d.flag("rebuttal", dispute_pattern_rule(pid), self.doc[s:e].text)
                d.answers = d.answers or "rebuttal"
        for tok in q.content:
            cue_reason = self.claims.dispute_cues.get(tok.lemma_.lower())
            if (
                cue_reason == "denial"
                and tok.dep_ in ("relcl", "acl")
                and not self.ctx.in_quote(tok)
            ):
                d.flag("denial", DisputeRule.DENIED_IN_CONTENT, tok.text)

    def writer_patterns(self, quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
        """NO_EVIDENCE and FACT_CHECK in the writer's voice flag the claims they judge."""
        for label, pid, s, e in self.matches:
            if label not in ("NO_EVIDENCE", "FACT_CHECK") or self.ctx.in_quote(self.doc[s]):
                continue
            tok = self.doc[s]
            inside = [i for i, q in enumerate(quotes) if any(t.i == s for t in q.content)]
            if inside:
                continue
            reason = "no_evidence" if label == "NO_EVIDENCE" else "fact_check"
            sent = self.ctx.sent(tok).start
            targets = [i for i, q in enumerate(quotes) if sent in q.sentences]
            if not targets and tok.i == sent and tok.i > 0:
                prev = self.ctx.sent(self.doc[tok.i - 1]).start
                targets = [i for i, q in enumerate(quotes) if prev in q.sentences]
            for i in targets:
                out[i].flag(reason, dispute_pattern_rule(pid), self.doc[s:e].text)


def _agent(verb: Token) -> str:
    """Who does `verb`: the passive `by` agent, its subject (or, for `kept firing`, its
    governing verb's subject) when that is a noun; `-` when the content does not say."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                return grand.lemma_.lower()
    for v in (verb, verb.head) if verb.dep_ in ("xcomp", "conj") else (verb,):
        for child in v.children:
            if child.dep_ == "nsubj":
                return child.lemma_.lower() if child.pos_ in ("NOUN", "PROPN") else "-"
    return "-"


def _cue_words(cue: Sequence[Token]) -> list[tuple[str, str]]:
    """Each cue word's lemma, and each verb with its particle (`push back`)."""
    out = [(t.lemma_.lower(), t.text) for t in cue]
    out += [
        (f"{a.lemma_.lower()} {b.lower_}", f"{a.text} {b.text}") for a, b in itertools.pairwise(cue)
    ]
    return out
