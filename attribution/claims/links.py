"""Linking the two sides of a dispute within one article, and flagging both.

`disputes.py` reads each attribution for dispute signals; the functions here then pair a
denial, rebuttal or reply with the claim it answers, an accusation with the accused's
answer, two accounts of one event that cannot both hold, and the rest of an exchange
between two speakers already in dispute. Every pair is recorded both ways (`disputes` on
the answer, `disputed_by` on the claim answered) with the rule that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from attribution.ruleset.ids import DisputeRule
from attribution.schema import Evidence

REASONS = ("fact_check", "denial", "accusation", "rebuttal", "no_evidence", "distancing_cue")
MIN_LINK_SCORE = 1.0
SAME_CLAIM_WORDS = 2
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")


@dataclass
class Dispute:
    """The dispute flags of one attribution, built up from the signals that fire."""

    reason: str | None = None
    disputes: set[int] = field(default_factory=set)
    disputed_by: set[int] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    answers: str | None = None
    accuses: bool = False

    def flag(self, reason: str, rule_id: str, words: str) -> None:
        if any(e.rule_id == rule_id and e.words == words for e in self.evidence):
            return
        self.evidence.append(Evidence("disputed", "rule", rule_id, None, words))
        if self.reason is None or REASONS.index(reason) < REASONS.index(self.reason):
            self.reason = reason


@dataclass(frozen=True)
class Event:
    """A clash-frame verb in a content: its frame, lemma, who does it, whether denied."""

    frame: str
    lemma: str
    agent: str
    negated: bool


@dataclass
class QuoteFacts:
    """What the dispute rules read of one attribution."""

    content: list[Token]
    cue: list[Token]
    speaker: set[int]
    sentences: set[int]
    lemmas: set[str]
    words: set[str]
    negated: bool
    entity: str | None
    name_words: set[str]
    speaker_words: set[str]
    events: list[Event]
    accusing_cue: bool = False
    cue_sentence: Span | None = None


def link_answer(quotes: Sequence[QuoteFacts], out: list[Dispute], b: int) -> None:
    """Link an answering quote to the claim it answers, and flag that claim too."""
    qb = quotes[b]
    own = qb.speaker | {t.i for t in qb.cue}
    around = [t for t in (qb.cue_sentence if qb.cue_sentence is not None else []) if t.i not in own]
    context = qb.lemmas | {
        t.lemma_.lower() for t in around if t.pos_ in CONTENT_POS and not t.is_stop
    }
    words = {t.lower_ for t in around}
    best, best_score = None, 0.0
    for a, qa in enumerate(quotes):
        if a == b or qa.entity is None or qa.entity == qb.entity:
            continue
        score = float(min(len(qa.lemmas & context), 3))
        if qa.name_words & words:
            score += 1.0
        if qa.sentences & qb.sentences:
            score += 1.0
        if a > b:
            score -= 0.5
        if score > best_score:
            best, best_score = a, score
    weak = out[b].answers in ("reply", "contrast")
    needed = MIN_LINK_SCORE + (1.0 if weak else 0.0)
    if best is None or best_score < needed or (out[b].answers == "contrast" and best > b):
        return
    answers = out[b].answers
    if weak and answers is not None:
        opening = " ".join(t.text for t in qb.cue) if answers == "reply" else "but"
        if answers == "contrast" and qb.cue_sentence is not None:
            opening = next(t.text for t in qb.cue_sentence if not t.is_punct)
        out[b].flag("rebuttal", DisputeRule.linked(answers), f"{opening} (quote {best})")
    _pair(quotes, out, answered=best, answer=b)


def answered_accusation(quotes: Sequence[QuoteFacts], out: list[Dispute], a: int) -> None:
    """An accusation whose target speaks in the article: link it to the target's answer."""
    qa = quotes[a]
    named = {t.lower_ for t in qa.content} | {
        t.lower_ for c in qa.cue for t in c.subtree if t.dep_ in ("dobj", "pobj", "poss")
    }
    best, best_score = None, 0.0
    for b, qb in enumerate(quotes):
        if b == a or qb.entity is None or qb.entity == qa.entity or not qb.name_words & named:
            continue
        score = len(qa.lemmas & qb.lemmas) + (1.0 if qa.name_words & qb.words else 0.0)
        score -= abs(a - b) / 100
        if best is None or score > best_score:
            best, best_score = b, score
    if best is None:
        return
    out[a].disputes.add(best)
    out[best].disputed_by.add(a)
    cue = " ".join(t.text for t in qa.cue)
    out[a].flag("accusation", DisputeRule.ACCUSATION_ANSWERED, f"{cue} (quote {best})")
    out[best].flag("rebuttal", DisputeRule.ANSWERS_ACCUSATION, f"quote {a}")


def same_exchange(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """Once two speakers are in a dispute, what either says naming the other is part of it."""
    linked: dict[str, dict[str, int]] = {}
    for i, d in enumerate(out):
        for j in d.disputes | d.disputed_by:
            x, y = quotes[i].entity, quotes[j].entity
            if x is not None and y is not None and x != y:
                linked.setdefault(x, {})[y] = j
    for i, q in enumerate(quotes):
        if out[i].reason is not None or q.entity not in linked:
            continue
        for j in linked[q.entity].values():
            names = quotes[j].name_words & {t.lower_ for t in q.content}
            if names:
                out[i].disputes.add(j)
                out[j].disputed_by.add(i)
                out[i].flag(
                    "rebuttal", DisputeRule.SAME_EXCHANGE, f"{' '.join(sorted(names))} (quote {j})"
                )
                break


def same_claim(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """A speaker repeating a contested claim (two or more of its content words): the
    repetition is contested too."""
    contested = [
        i
        for i, d in enumerate(out)
        if d.reason not in (None, "distancing_cue") and quotes[i].entity is not None
    ]
    for i, q in enumerate(quotes):
        if out[i].reason is not None or q.entity is None:
            continue
        for j in contested:
            shared = quotes[j].lemmas & q.lemmas
            if quotes[j].entity == q.entity and len(shared) >= SAME_CLAIM_WORDS:
                reason = out[j].reason or "rebuttal"
                words = f"{' '.join(sorted(shared))} (quote {j})"
                out[i].flag(reason, DisputeRule.SAME_CLAIM, words)
                break


def _pair(quotes: Sequence[QuoteFacts], out: list[Dispute], *, answered: int, answer: int) -> None:
    out[answer].disputes.add(answered)
    out[answered].disputed_by.add(answer)
    how = out[answer].reason or "rebuttal"
    accusing = quotes[answered].accusing_cue
    reason = "accusation" if accusing and how == "denial" else how
    if reason not in ("denial", "accusation"):
        reason = "rebuttal"
    out[answered].flag(reason, DisputeRule.answered_by(how), f"quote {answer}")


def _clash(qa: QuoteFacts, qb: QuoteFacts) -> str:
    """Why two accounts of one event cannot both hold, or "" when they can: one denies what
    the other tells, or each names a different doer and one's doer is the other's speaker
    or is on the receiving end in the other's account."""
    for ea in qa.events:
        for eb in qb.events:
            if ea.frame != eb.frame:
                continue
            if ea.lemma == eb.lemma and ea.negated != eb.negated:
                return f"{ea.lemma}: one account denies it"
            sides = ea.agent != eb.agent and "-" not in (ea.agent, eb.agent)
            a_side, b_side = qa.words | qa.speaker_words, qb.words | qb.speaker_words
            if sides and (ea.agent in b_side or eb.agent in a_side):
                return f"{ea.frame}: {ea.agent} ({ea.lemma}) vs {eb.agent} ({eb.lemma})"
    return ""


def clashes(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """Two speakers' accounts of one event that cannot both hold (both flagged, linked)."""
    told = [i for i, q in enumerate(quotes) if q.events and q.entity is not None]
    for n, b in enumerate(told):
        qb = quotes[b]
        for a in told[:n]:
            qa = quotes[a]
            if qa.entity == qb.entity:
                continue
            clash = _clash(qa, qb)
            if not clash:
                continue
            out[b].disputes.add(a)
            out[a].disputed_by.add(b)
            out[a].flag("rebuttal", DisputeRule.COUNTER_ACCOUNT, f"quote {b} ({clash})")
            out[b].flag("rebuttal", DisputeRule.COUNTER_ACCOUNT, f"quote {a} ({clash})")
