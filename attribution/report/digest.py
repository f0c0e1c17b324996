"""Who said what in one article, counted: speakers, their quotes and claim types, disputes.

`digest` groups an article's attributions by resolved speaker (the report's speakers
panel and `speakers.csv`), pairs disputing quotes (who disputes whom) and flags
low-confidence quotes for review. `ArticleSummary` is the few numbers the corpus index
keeps per article, so a batch never holds whole articles in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from attribution.ruleset.ids import SpeakerRule
from attribution.schema import (
    CLAIM_TYPES,
    OFFICIAL_STATEMENT,
    OTHER_CLAIM,
    PERSONAL_ACCOUNT,
    Article,
    Attribution,
)

CLAIM_LABELS: dict[str, str] = {
    OFFICIAL_STATEMENT: "Official statement",
    PERSONAL_ACCOUNT: "Personal account",
    OTHER_CLAIM: "Other claim",
}
UNCLASSIFIED = "unclassified"
QUOTE_KINDS = ("direct", "mixed", "indirect")
REVIEW_BELOW = 0.7
"""Quotes whose confidence is below this are marked for a reviewer's attention."""

WEAK_SPEAKER_RULES = frozenset(
    {SpeakerRule.PREVIOUS_QUOTE, SpeakerRule.SENTENCE_SUBJECT, SpeakerRule.RECORDING}
)
"""Speaker rules that guess from context rather than read a cue's subject: a quote whose
speaker only they found is marked for review, whatever its confidence."""

NO_SPEAKER = "s0"
"""Key of the group of quotes whose speaker was not found or not resolved to a name."""

ARTICLE_COLUMNS = ["article_id", "headline", "status", "error", "quotes", "disputed", "to_review"]
"""The columns of `articles.csv` (one row per input article, failed and quote-less ones
included, so "no quotes" and "not processed" stay apart)."""

SPEAKER_COLUMNS = [
    "article_id",
    "speaker",
    "speaker_key",
    "mentions",
    "quotes",
    "direct",
    "mixed",
    "indirect",
    *CLAIM_TYPES,
    UNCLASSIFIED,
    "disputed",
    "disputes",
    "disputed_by",
    "mean_confidence",
    "quote_indexes",
]


@dataclass
class Speaker:
    """One resolved speaker of an article (or, with `name` None, the unattributed quotes)."""

    key: str
    name: str | None
    colour: int
    speaker_key: str | None = None
    mentions: Counter[str] = field(default_factory=Counter)
    quotes: list[int] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    claims: Counter[str] = field(default_factory=Counter)
    disputed: int = 0
    confidence: float = 0.0

    @property
    def label(self) -> str:
        return self.name or "No resolved speaker"

    def claim_mix(self) -> list[tuple[str, str, int]]:
        """(claim type, label, count) for each claim type this speaker has, in fixed order."""
        labels = {**CLAIM_LABELS, UNCLASSIFIED: "Not classified"}
        return [
            (c, labels[c], self.claims[c]) for c in (*CLAIM_TYPES, UNCLASSIFIED) if self.claims[c]
        ]


@dataclass(frozen=True)
class DisputePair:
    """Quote `quote` (said by `by`) disputes quote `target` (said by `of`)."""

    quote: int
    target: int
    by: str
    of: str


@dataclass
class Digest:
    """An article's attributions grouped for the report: see the module docstring."""

    article: Article
    speakers: list[Speaker]
    speaker_of: list[str]
    pairs: list[DisputePair]
    review: list[bool]

    @property
    def has_claims(self) -> bool:
        return any(a.claim_type is not None for a in self.article.attributions)

    @property
    def has_disputes(self) -> bool:
        return any(
            a.disputed is not None or a.disputes or a.disputed_by for a in self.article.attributions
        )

    @property
    def lone_disputed(self) -> list[int]:
        """Disputed quotes that no quote of the article is named as disputing."""
        targets = {p.target for p in self.pairs}
        return [
            i for i, a in enumerate(self.article.attributions) if a.disputed and i not in targets
        ]

    def speaker(self, key: str) -> Speaker:
        return next(s for s in self.speakers if s.key == key)

    def contested(self, i: int) -> list[str]:
        """What contests quote `i`, in plain words: each quote that contests it, with its
        speaker and opening words, and the article's own contesting words."""
        atts = self.article.attributions
        out = []
        for j in atts[i].disputed_by:
            other = atts[j]
            name = other.speaker.name if other.speaker and other.speaker.name else "no speaker"
            out.append(f"contested by #{j}, {name}: {_opening(other.quote.text)}")
        out += [f"the article says: \u2018{w.text}\u2019" for w in atts[i].contest_words]
        return out

    @property
    def named(self) -> list[Speaker]:
        """The resolved speakers, most quoted first."""
        return sorted((s for s in self.speakers if s.name), key=lambda s: -len(s.quotes))


def _opening(text: str, words: int = 12) -> str:
    """The first `words` words of a quote, with an ellipsis when there are more."""
    parts = text.split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


def headline(text: str, limit: int = 200) -> str | None:
    """The article's headline: its first non-blank line, short and followed by more text,
    skipping metadata lines that a pipe separates into fields (`date 2018-01-01 HOME |
    Venezuela`). None when the text opens with no such line."""
    lines = [line.strip() for line in text.strip().splitlines()]
    for n, line in enumerate(lines[:5]):
        if not line or "|" in line:
            continue
        if len(line) <= limit and len(line.split()) > 1 and any(lines[n + 1 :]):
            return line
        return None
    return None


def claim_key(att: Attribution) -> str:
    return att.claim_type if att.claim_type in CLAIM_TYPES else UNCLASSIFIED


def digest(article: Article, *, review_below: float = REVIEW_BELOW) -> Digest:
    """Group an article's attributions by speaker and pair its disputes."""
    unattributed = Speaker(NO_SPEAKER, None, -1)
    by_name: dict[str, Speaker] = {}
    speaker_of: list[str] = []
    for index, att in enumerate(article.attributions):
        mention = att.speaker
        if mention is not None and mention.name:
            group = mention.key or mention.name
            sp = by_name.get(group)
            if sp is None:
                sp = Speaker(f"s{len(by_name) + 1}", mention.name, len(by_name), mention.key)
                by_name[group] = sp
        else:
            sp = unattributed
        if mention is not None:
            sp.mentions[mention.text] += 1
        sp.quotes.append(index)
        sp.kinds[att.quote.kind] += 1
        sp.claims[claim_key(att)] += 1
        sp.disputed += bool(att.disputed)
        sp.confidence += att.confidence
        speaker_of.append(sp.key)
    speakers = list(by_name.values())
    if unattributed.quotes:
        speakers.append(unattributed)
    for sp in speakers:
        sp.confidence /= len(sp.quotes)
    review = [needs_review(a, review_below) for a in article.attributions]
    return Digest(article, speakers, speaker_of, _pairs(article, speaker_of), review)


def needs_review(att: Attribution, review_below: float = REVIEW_BELOW) -> bool:
    """A quote for a reviewer: low confidence, no resolved speaker, or a speaker that only
    a weak rule (`WEAK_SPEAKER_RULES`) found."""
    if att.confidence < review_below or att.speaker is None or not att.speaker.name:
        return True
    rules = {e.rule_id for e in att.evidence if e.step == "speaker"}
    return bool(rules) and rules <= WEAK_SPEAKER_RULES


def _pairs(article: Article, speaker_of: list[str]) -> list[DisputePair]:
    """Every (disputing quote, disputed quote) pair named by `disputes` or `disputed_by`."""
    n = len(article.attributions)
    found: dict[tuple[int, int], DisputePair] = {}
    for i, att in enumerate(article.attributions):
        links = [(i, j) for j in att.disputes] + [(j, i) for j in att.disputed_by]
        for a, b in links:
            if 0 <= a < n and 0 <= b < n and a != b and (a, b) not in found:
                found[(a, b)] = DisputePair(a, b, speaker_of[a], speaker_of[b])
    return [found[k] for k in sorted(found)]


def article_row(d: Digest) -> dict[str, Any]:
    """One digested article's row of `articles.csv` and of the `articles` DataFrame."""
    article = d.article
    atts = article.attributions
    return {
        "article_id": article.id,
        "headline": headline(article.text) or "",
        "status": "failed" if article.error is not None else "ok",
        "error": article.error or "",
        "quotes": len(atts),
        "disputed": sum(bool(a.disputed) for a in atts),
        "to_review": sum(d.review),
    }


def speaker_rows(d: Digest) -> list[dict[str, Any]]:
    """The `speakers.csv` rows of one article: one per resolved speaker."""
    names = {s.key: s.label for s in d.speakers}
    rows = []
    for sp in d.speakers:
        if not sp.name:
            continue
        disputes = sorted({names[p.of] for p in d.pairs if p.by == sp.key and p.of != sp.key})
        disputed_by = sorted({names[p.by] for p in d.pairs if p.of == sp.key and p.by != sp.key})
        rows.append(
            {
                "article_id": d.article.id,
                "speaker": sp.name,
                "speaker_key": sp.speaker_key or "",
                "mentions": " | ".join(sp.mentions),
                "quotes": len(sp.quotes),
                **{k: sp.kinds[k] for k in QUOTE_KINDS},
                **{c: sp.claims[c] for c in (*CLAIM_TYPES, UNCLASSIFIED)},
                "disputed": sp.disputed,
                "disputes": " | ".join(disputes),
                "disputed_by": " | ".join(disputed_by),
                "mean_confidence": f"{sp.confidence:.3f}",
                "quote_indexes": " ".join(str(i) for i in sp.quotes),
            }
        )
    return rows


@dataclass(frozen=True)
class ArticleSummary:
    """What the corpus index keeps of one article: counts, never the text."""

    id: str
    file: str | None
    headline: str | None
    quotes: int
    speakers: int
    disputed: int | None
    review: int
    claims: dict[str, int]
    kinds: dict[str, int]
    error: str | None = None


def summarize(d: Digest, file: str | None) -> ArticleSummary:
    """The index row of a digested article (`file`: its report's file name, if any)."""
    atts = d.article.attributions
    return ArticleSummary(
        id=d.article.id,
        file=file,
        headline=headline(d.article.text),
        quotes=len(atts),
        speakers=sum(1 for s in d.speakers if s.name),
        disputed=sum(1 for a in atts if a.disputed) if d.has_disputes else None,
        review=sum(d.review),
        claims=dict(Counter(claim_key(a) for a in atts)),
        kinds=dict(Counter(a.quote.kind for a in atts)),
        error=d.article.error,
    )


@dataclass
class Corpus:
    """Running totals over a batch: one `ArticleSummary` per article and speaker counts."""

    articles: list[ArticleSummary] = field(default_factory=list)
    speaker_quotes: Counter[str] = field(default_factory=Counter)
    speaker_articles: Counter[str] = field(default_factory=Counter)
    speaker_names: dict[str, Counter[str]] = field(default_factory=dict)
    claims: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, d: Digest, file: str | None) -> ArticleSummary:
        summary = summarize(d, file)
        self.articles.append(summary)
        for sp in d.speakers:
            if sp.name:
                group = sp.speaker_key or sp.name
                self.speaker_quotes[group] += len(sp.quotes)
                self.speaker_articles[group] += 1
                self.speaker_names.setdefault(group, Counter())[sp.name] += len(sp.quotes)
        self.claims.update(summary.claims)
        self.kinds.update(summary.kinds)
        return summary

    def top_speakers(self, n: int = 15) -> list[tuple[str, int, int]]:
        """(name, quotes, articles) of the `n` most quoted speakers, grouped by speaker key
        (`Obama` and `Barack Obama` are one row), each named by its fullest name."""
        ranked = sorted(self.speaker_quotes.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        return [(self.display_name(g), q, self.speaker_articles[g]) for g, q in ranked[:n]]

    def display_name(self, group: str) -> str:
        """The name a speaker group is shown by: its longest name, the most quoted on a tie."""
        names = self.speaker_names.get(group)
        if not names:
            return group
        return max(names, key=lambda name: (len(name.split()), names[name], name))

    @property
    def quotes(self) -> int:
        return sum(a.quotes for a in self.articles)

    @property
    def failed(self) -> int:
        return sum(1 for a in self.articles if a.error is not None)

    @property
    def has_claims(self) -> bool:
        return any(c != UNCLASSIFIED for c in self.claims)

    @property
    def has_disputes(self) -> bool:
        return any(a.disputed is not None for a in self.articles)

    @property
    def disputed(self) -> int:
        return sum(a.disputed or 0 for a in self.articles)

    @property
    def review(self) -> int:
        return sum(a.review for a in self.articles)
