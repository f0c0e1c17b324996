"""The data model: plain frozen dataclasses with character offsets into the original text.

Everything outside the extraction modules (reports, evaluation, writers) works on these
types only, never on spaCy objects. Offsets are end-exclusive, and for every span
`article.text[span.start:span.end] == span.text` holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

QuoteKind = Literal["direct", "indirect", "mixed"]
ClaimType = Literal["official_statement", "personal_account", "other"]
CLAIM_TYPES: tuple[ClaimType, ...] = get_args(ClaimType)
"""The claim types, in the order reports and scores list them; the one definition."""
OFFICIAL_STATEMENT, PERSONAL_ACCOUNT, OTHER_CLAIM = CLAIM_TYPES

DISPUTE_REASONS = ("fact_check", "denial", "rebuttal", "no_evidence", "distancing_cue")
"""Why a claim is disputed, strongest first: when several apply, the first wins."""

SCHEMA_VERSION = "1"
"""The version of the output contract: the article record of JSONL, JSON and Parquet
output and the quote columns of CSV output, each of which carries it as
`schema_version`. It changes when a field changes meaning or goes away."""


@dataclass(frozen=True)
class Span:
    """A stretch of the article: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why one decision was taken: which rule or model, with what score, on which words.

    `step` names the decision (quote, cue, speaker, resolution, claim_type, disputed);
    `method` is "rule" or "model"; `rule_id` names the rule (or the model's file).
    """

    step: str
    method: str
    rule_id: str
    score: float | None = None
    words: str = ""


@dataclass(frozen=True)
class Mention:
    """Who a quote is attributed to, as written, and the name it resolves to.

    `text` is the mention in context ("he", "the statement", "Perez"); `name` is the
    resolved speaker ("Oscar Perez") or None when it could not be resolved. `entity`
    numbers the speakers of one article so that mentions of one speaker share it;
    `key` names the same person or body across articles (`barack obama` for "Obama",
    "President Obama" and "Barack Obama"), None for an unnamed speaker.
    """

    start: int
    end: int
    text: str
    name: str | None
    entity: int | None = None
    kind: str = "name"
    key: str | None = None


@dataclass(frozen=True)
class Quote:
    """The content of an attribution: what was said.

    `start`/`end` cover the whole content; content split around its cue ("The plan," he
    said, "is dead.") keeps the outer range and lists its pieces in `fragments`.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    fragments: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Attribution:
    """One quotation paired with its cue and speaker, with the evidence for each.

    A disputed attribution names what contests it: `disputed_by`, the indices of the
    attributions of the same article that contest it, or `contest_words`, the article's
    own contesting words (`falsely`, `without evidence`, a denial's cue). `disputes`
    lists the attributions this one contests.
    """

    quote: Quote
    cue: Span | None
    speaker: Mention | None
    confidence: float
    rule_id: str
    evidence: tuple[Evidence, ...] = ()
    claim_type: ClaimType | None = None
    disputed: bool | None = None
    dispute_reason: str | None = None
    disputes: tuple[int, ...] = ()
    disputed_by: tuple[int, ...] = ()
    contest_words: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Document:
    """One article to analyse: its id and text, or the error met while reading it."""

    id: str
    text: str | None
    error: str | None = None


@dataclass(frozen=True)
class Article:
    """An analysed article: its text, its attributions, or the error that stopped it."""

    id: str
    text: str
    attributions: tuple[Attribution, ...] = ()
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def speakers(self) -> dict[str, list[Mention]]:
        """Resolved speaker name -> its mentions, in order of first appearance."""
        out: dict[str, list[Mention]] = {}
        for att in self.attributions:
            if att.speaker is not None and att.speaker.name:
                out.setdefault(att.speaker.name, []).append(att.speaker)
        return out


def _span_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _mention_dict(m: Mention | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "name": m.name,
        "entity": m.entity,
        "kind": m.kind,
        "speaker_key": m.key,
    }


def attribution_to_dict(att: Attribution) -> dict[str, Any]:
    """One attribution as the JSON contract's quote object."""
    q = att.quote
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "kind": q.kind,
        "fragments": [[f.start, f.end] for f in q.fragments],
        "speaker": _mention_dict(att.speaker),
        "cue": _span_dict(att.cue),
        "claim_type": att.claim_type,
        "disputed": att.disputed,
        "dispute_reason": att.dispute_reason,
        "disputes": list(att.disputes),
        "disputed_by": list(att.disputed_by),
        "contest_words": [_span_dict(w) for w in att.contest_words],
        "confidence": round(att.confidence, 4),
        "rule_id": att.rule_id,
        "evidence": [
            {
                "step": e.step,
                "method": e.method,
                "rule_id": e.rule_id,
                "score": None if e.score is None else round(e.score, 4),
                "words": e.words,
            }
            for e in att.evidence
        ],
    }


def article_to_dict(article: Article, *, include_text: bool = False) -> dict[str, Any]:
    """The one serialisation of an analysed article (the JSONL/JSON contract)."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": article.id,
        "quotes": [attribution_to_dict(a) for a in article.attributions],
        "error": article.error,
        "meta": dict(article.meta),
    }
    if include_text:
        out["text"] = article.text
    return out


_NOT_QUOTED = ("cue", "resolution")
"""Evidence steps whose `words` are normal forms, not the article's words: the cue's
lemma (`according to`) and the resolved name (`Anna Kowalski`, as `Mention.name`)."""
_QUOTE_REF = re.compile(r"quote \d")


def with_texts_of(att: Attribution, text: str, parsed: str) -> Attribution:
    """`att` with the text of each of its spans cut anew from `text` at the same offsets
    (the article as given, where the parser read `parsed`, a copy with other spaces,
    character for character), and so the evidence words that quote the article: those
    that are one of its spans' texts are that span's, and other words the parse holds
    (an anonymity phrase, a poll's share) are cut where `parsed` has them nearest the
    attribution. Names, lemmas and the quotes evidence points at (`quote 3`) stay."""

    def cut(s: Span) -> Span:
        return Span(s.start, s.end, text[s.start : s.end])

    q = att.quote
    sp = att.speaker
    spans: list[Span | Mention | Quote] = [q, *q.fragments, *att.contest_words]
    spans += [s for s in (att.cue, sp) if s is not None]
    own = {s.text: text[s.start : s.end] for s in spans}
    near = q.start if sp is None else sp.start

    def quoted(e: Evidence) -> Evidence:
        w = e.words
        if " " not in w or e.step in _NOT_QUOTED or _QUOTE_REF.match(w):
            return e
        if w in own:
            return replace(e, words=own[w])
        at = _nearest(parsed, w, near)
        return e if at < 0 else replace(e, words=text[at : at + len(w)])

    return replace(
        att,
        quote=replace(q, text=text[q.start : q.end], fragments=tuple(map(cut, q.fragments))),
        cue=None if att.cue is None else cut(att.cue),
        speaker=None if sp is None else replace(sp, text=text[sp.start : sp.end]),
        contest_words=tuple(map(cut, att.contest_words)),
        evidence=tuple(map(quoted, att.evidence)),
    )


def _nearest(text: str, words: str, at: int) -> int:
    """Where `words` occurs in `text` nearest to offset `at`, or -1."""
    before = text.rfind(words, 0, at + len(words))
    after = text.find(words, at)
    if before < 0 or after < 0:
        return max(before, after)
    return before if at - before <= after - at else after


def _span_from(d: dict[str, Any] | None) -> Span | None:
    if d is None:
        return None
    return Span(int(d["start"]), int(d["end"]), str(d["text"]))


def attribution_from_dict(d: dict[str, Any], text: str) -> Attribution:
    """Read back one quote object written by `attribution_to_dict`."""
    start, end = int(d["start"]), int(d["end"])
    frags = tuple(Span(a, b, text[a:b]) for a, b in d.get("fragments") or [])
    sp = d.get("speaker")
    speaker = None
    if sp is not None:
        speaker = Mention(
            int(sp["start"]),
            int(sp["end"]),
            str(sp["text"]),
            sp.get("name"),
            sp.get("entity"),
            sp.get("kind", "name"),
            sp.get("speaker_key"),
        )
    return Attribution(
        quote=Quote(start, end, d.get("text", text[start:end]), d["kind"], frags),
        cue=_span_from(d.get("cue")),
        speaker=speaker,
        confidence=float(d.get("confidence", 1.0)),
        rule_id=str(d.get("rule_id", "")),
        evidence=tuple(
            Evidence(e["step"], e["method"], e["rule_id"], e.get("score"), e.get("words", ""))
            for e in d.get("evidence", [])
        ),
        claim_type=d.get("claim_type"),
        disputed=d.get("disputed"),
        dispute_reason=d.get("dispute_reason"),
        disputes=tuple(d.get("disputes", [])),
        disputed_by=tuple(d.get("disputed_by", [])),
        contest_words=tuple(
            Span(int(w["start"]), int(w["end"]), str(w["text"])) for w in d.get("contest_words", [])
        ),
    )


def article_from_dict(d: dict[str, Any], text: str | None = None) -> Article:
    """Read back an article written by `article_to_dict` (text from the record or given).
    A record of another schema version is refused (ValueError); one without a version,
    written before records carried it, is read as this one."""
    version = d.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ValueError(f"schema_version {version!r}; this version reads {SCHEMA_VERSION!r}")
    body = text if text is not None else d.get("text", "")
    return Article(
        id=str(d["id"]),
        text=body,
        attributions=tuple(attribution_from_dict(q, body) for q in d.get("quotes", [])),
        error=d.get("error"),
        meta=dict(d.get("meta") or {}),
    )


def as_document(index: int, item: str | Document | tuple[str, str]) -> Document:
    """A Document from a bare text (numbered from 1), an `(id, text)` pair or a Document."""
    if isinstance(item, Document):
        return item
    if isinstance(item, tuple):
        return Document(str(item[0]), item[1])
    return Document(f"article-{index + 1}", item)
