"""What the disputed classifier sees of one attribution: its own dispute signals and the
exchange around it in the article.

The guideline (docs/labelling.md) counts both sides of a contest as disputed, and a
contest is often told without a denial verb: candidates answering each other over a
plan, critics answering a statement. So besides the rule signals of the attribution
(`disputes.py`: reason, rule ids, links), the features describe the article: how many of
its attributions carry a dispute signal, how many speakers it quotes, whether another
speaker's claim shares this one's content words or names this speaker (and whether that
claim is itself disputed), and the writer's contrast and attack words in its sentence.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from attribution.claims.facts import Facts
from attribution.claims.links import Dispute, QuoteFacts
from attribution.claims.model import Features
from attribution.ruleset.loader import Rules

SHARED_WORDS = 2


def _names(q: QuoteFacts) -> set[str]:
    """The capitalised words of the speaker's name, less `The` and other stop words."""
    return {w for w in q.name_words if w not in STOP_WORDS}


def _bucket(n: int, top: int) -> str:
    return str(min(n, top)) if n < top else f"{top}+"


def dispute_features(
    quotes: Sequence[QuoteFacts],
    facts: Sequence[Facts],
    disputes: Sequence[Dispute],
    claim_labels: Sequence[str],
    rules: Rules,
) -> list[Features]:
    """One feature row per attribution of an article (`claim_labels`: the claim types the
    rules give, a speaker's capacity)."""
    n = len(quotes)
    flagged = [d.reason is not None for d in disputes]
    strong = [d.reason not in (None, "distancing_cue") for d in disputes]
    entities = {q.entity for q in quotes if q.entity is not None}
    by_speaker: dict[str | None, list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        by_speaker[q.entity].append(i)
    repeated = sum(len(v) > 1 for k, v in by_speaker.items() if k is not None)
    marks = _sentence_marks(quotes, rules)
    accused = _accused_names(quotes, marks)
    names = [_names(q) for q in quotes]
    article = _article(disputes)
    # Links are recorded both ways, so both sides of every pair are here.
    parties = {quotes[i].entity for i, d in enumerate(disputes) if d.disputes or d.disputed_by}
    article.update(_engagement(quotes, names, accused))
    rows = []
    for i, (q, f, d) in enumerate(zip(quotes, facts, disputes, strict=True)):
        others = [
            j for j in range(n) if j != i and (q.entity is None or quotes[j].entity != q.entity)
        ]
        x = _own(q, f, d, claim_labels[i])
        x.update(
            {
                f"speakers={_bucket(len(entities), 5)}": 1,
                f"repeated_speakers={_bucket(repeated, 3)}": 1,
                f"flagged_others={_bucket(sum(flagged[j] for j in others), 4)}": 1,
                f"strong_others={_bucket(sum(strong[j] for j in others), 3)}": 1,
                "flagged_share": sum(flagged[j] for j in others) / max(len(others), 1),
                "attributions": min(math.log2(n + 1) / 6, 1.0),
                "position": i / max(n - 1, 1),
            }
        )
        x.update(article)
        own_flag = "strong" if strong[i] else "weak" if flagged[i] else "none"
        x[f"own={own_flag}|others={_bucket(sum(strong[j] for j in others), 3)}"] = 1
        sides = {quotes[j].entity for j in others if strong[j]} - {None}
        x[f"flagged_speakers={_bucket(len(sides), 3)}"] = 1
        own = by_speaker.get(q.entity, []) if q.entity is not None else []
        if any(flagged[j] for j in own if j != i):
            x["speaker_flagged_elsewhere"] = 1
        if any(strong[j] for j in own if j != i):
            x["speaker_strong_elsewhere"] = 1
        if q.entity is not None and q.entity in parties:
            x["speaker_in_linked_pair"] = 1
        x.update(_exchange(i, quotes, names, flagged, others))
        x.update(_nearest(i, others, flagged, strong))
        if names[i] & accused:
            x["speaker_accused"] = 1
        x.update(marks[i])
        rows.append(x)
    return rows


def _own(q: QuoteFacts, f: Facts, d: Dispute, claim_label: str) -> Features:
    """The attribution's own signals: the dispute rules' reason, rule ids and links, its
    cue, kind and claim type, a negation, an anonymous or missing speaker."""
    x: Features = {
        f"reason={d.reason or 'none'}": 1,
        f"answers={d.answers or 'none'}": 1,
        f"cue={f.cue_lemma}": 1,
        f"cue_class={f.cue_class or 'none'}": 1,
        f"kind={f.kind}": 1,
        f"claim={claim_label}": 1,
    }
    for e in d.evidence:
        x[f"rule={e.rule_id}"] = 1
    for key, on in (
        ("linked", bool(d.disputes or d.disputed_by)),
        ("accuses", d.accuses),
        ("negated", q.negated),
        ("anonymous", bool(f.anonymous)),
        ("no_speaker", q.entity is None),
    ):
        if on:
            x[key] = 1
    return x


def _article(disputes: Sequence[Dispute]) -> Features:
    """How much of an exchange the whole article is: its answers, accusations and links."""
    answers = sum(d.answers is not None for d in disputes)
    accusing = sum(d.accuses for d in disputes)
    links = sum(len(d.disputes) for d in disputes)
    return {
        f"article_answers={_bucket(answers, 4)}": 1,
        f"article_accusations={_bucket(accusing, 3)}": 1,
        f"article_links={_bucket(links, 4)}": 1,
    }


def _engagement(
    quotes: Sequence[QuoteFacts], names: Sequence[set[str]], accused: set[str]
) -> Features:
    """Whether two speakers engage each other: each names the other, or someone the
    article shows being attacked speaks too (a one-sided attack is not a dispute)."""
    x: Features = {}
    named: dict[str, set[str]] = defaultdict(set)
    for a in quotes:
        for b, b_names in zip(quotes, names, strict=True):
            if a.entity and b.entity and a.entity != b.entity and b_names & a.words:
                named[a.entity].add(b.entity)
    if any(a in named.get(b, set()) for a, bs in named.items() for b in bs):
        x["article_mutual"] = 1
    if any(q.entity and n & accused for q, n in zip(quotes, names, strict=True)):
        x["article_accused_speaks"] = 1
    return x


def _exchange(
    i: int,
    quotes: Sequence[QuoteFacts],
    names: Sequence[set[str]],
    flagged: Sequence[bool],
    others: list[int],
) -> Features:
    """Whether another speaker's claim talks about the same thing or names this speaker
    (and the other way round), and whether that claim has a dispute signal."""
    x: Features = {}
    q = quotes[i]
    for j in others:
        other = quotes[j]
        shared = len(q.lemmas & other.lemmas) >= SHARED_WORDS
        names_me = bool(names[i] & other.words)
        i_name = bool(names[j] & q.words)
        for key, on in (
            ("shares_words", shared),
            ("named_by_other", names_me),
            ("names_other", i_name),
        ):
            if on:
                x[key] = 1
                if flagged[j]:
                    x[f"{key}_flagged"] = 1
    return x


def _nearest(
    i: int, others: list[int], flagged: Sequence[bool], strong: Sequence[bool]
) -> Features:
    """How far, in attributions, the nearest other speaker's disputed claim is: a contest
    is told in a run of neighbouring attributions."""
    x: Features = {}
    for key, marks in (("near_flagged", flagged), ("near_strong", strong)):
        gaps = [abs(i - j) for j in others if marks[j]]
        gap = min(gaps) if gaps else None
        x[f"{key}={'none' if gap is None else _bucket(gap, 4)}"] = 1
    return x


def _accused_names(quotes: Sequence[QuoteFacts], marks: Sequence[Features]) -> set[str]:
    """The words of sentences that attack someone (accusation cue or writer's word)."""
    out: set[str] = set()
    for q, m in zip(quotes, marks, strict=True):
        sent = q.cue_sentence
        if sent is not None and (q.accusing_cue or "attack_in_sentence" in m):
            out |= {t.lower_ for t in sent if t.pos_ == "PROPN"}
    return out


def _sentence_marks(quotes: Sequence[QuoteFacts], rules: Rules) -> list[Features]:
    """The writer's contrast and attack words in each attribution's cue sentence, each
    sentence read once (several attributions share one)."""
    seen: dict[int, Features] = {}
    out: list[Features] = []
    for q in quotes:
        sent = q.cue_sentence
        if sent is None:
            out.append({})
            continue
        if sent.start not in seen:
            x: Features = {}
            if any(t.lower_ in rules.claims.contrast for t in sent):
                x["contrast_in_sentence"] = 1
            if any(t.lemma_.lower() in rules.claims.accusation for t in sent):
                x["attack_in_sentence"] = 1
            seen[sent.start] = x
        out.append(seen[sent.start])
    return out
