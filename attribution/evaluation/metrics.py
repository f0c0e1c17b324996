"""Scoring analysed articles against labelled ones: quotes, speakers, cues, claims.

Definitions (also in the README):
- A quote is its set of word tokens (`\\w+`) inside its content ranges; content split
  around its cue counts as the union of its pieces.
- exact match: the same word-token set. overlap match: greedy one-to-one pairing by
  Jaccard of the word-token sets, best pairs first; a pair counts at Jaccard >= 0.5.
- speaker (strict): on overlap-matched quotes, the speaker mention overlaps a gold
  source span, or both have none. speaker (resolved): the resolved name names the gold
  speaker: the words of one hold the other's (case, titles and `Jr.` aside, so
  `Clinton` names `Hillary Clinton` but `Bill Clinton` does not), counted where the
  gold speaker is a name. The words left aside are the `[comparison]` and `[suffixes]`
  of `rules/names.toml`. The gold speaker is its `speaker_name` label if it has one
  (`evaluate --labels`), else its source span, compared whole or by the name that opens
  one of its comma-, dash- or bracket-separated stretches (`gold_names`: `Mr. King, 82,`
  is `Mr. King`). `speaker_resolved_whole_span` compares the span whole only, as before issue 17.
- cue: on matched quotes whose gold has a cue, the cue spans overlap.
- end to end: a quote matched with its speaker right; P over system quotes, R over gold.
- 95% intervals: percentile bootstrap over documents.
"""

from __future__ import annotations

import functools
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from attribution.evaluation.gold import GoldDoc, GoldQuote, Range
from attribution.ruleset.loader import Names, load_names
from attribution.schema import CLAIM_TYPES, Article, Attribution

WORD = re.compile(r"\w+")
STRETCH = re.compile(r",|--|[—–()]")
THRESHOLD = 0.5
DIRECT_KINDS = ("direct", "mixed")


def word_set(text: str, ranges: Iterable[Range]) -> frozenset[int]:
    """Start offsets of the word tokens inside `ranges`."""
    return frozenset(m.start() for a, b in ranges for m in WORD.finditer(text, a, b))


def system_ranges(att: Attribution) -> list[Range]:
    q = att.quote
    return [(f.start, f.end) for f in q.fragments] or [(q.start, q.end)]


def match(
    gold: Sequence[frozenset[int]], system: Sequence[frozenset[int]], *, exact: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index), best Jaccard first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if not g or not s or g.isdisjoint(s):
                continue
            j = len(g & s) / len(g | s)
            if (exact and g == s) or (not exact and j >= THRESHOLD):
                pairs.append((-j, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gi, si))
    return out


def _overlaps(a: Range, spans: Iterable[Range]) -> bool:
    return any(a[0] < b1 and b0 < a[1] for b0, b1 in spans)


def _norm_name(name: str, names: Names) -> list[str]:
    """The words of a name to compare, titles and suffixes aside (and the `s` that a
    possessive leaves: `Reid's`)."""
    words = [w.lower() for w in WORD.findall(name)]
    left_out = names.ignored_in_comparison | names.suffixes
    return [w for w in words if w not in left_out and w != "s"]


def speaker_right(g: GoldQuote, att: Attribution) -> bool:
    """Strict: the mention overlaps a gold source span, or neither has a speaker."""
    sp = att.speaker
    if not g.speaker:
        return sp is None
    return sp is not None and _overlaps((sp.start, sp.end), g.speaker)


def gold_names(gold_name: str, names: Names | None = None) -> list[str]:
    """The names a gold speaker is compared by: the whole span, and the name that opens
    each stretch of it between commas, dashes and brackets.

    That name is the run of capitalised words a stretch starts with, taken when the
    stretch ends there or goes on with `of`, `who` or `whose` (`Mr. King, 82,` ->
    `Mr. King`; `Clinton, the former secretary of State` -> `Clinton`; `Mr. Morgan of
    the Sierra Club` -> `Mr. Morgan`; `The minister of the economy, Mr. Guajardo
    Villarreal` -> `Mr. Guajardo Villarreal`). A stretch holding `and` names a group
    and is not cut (`Mr. Grassley and Mr. Leahy`); nor is a name run on by other words
    (`E.U. leaders`). The words that let a name run on are `[comparison] name_goes_on` of
    the name rules (`names`, default the bundled `rules/names.toml`)."""
    goes_on = (names or load_names()).name_goes_on
    found = [gold_name]
    for stretch in STRETCH.split(gold_name):
        words = stretch.split()
        if not words or "and" in (w.lower() for w in words):
            continue
        run = 0
        while run < len(words) and words[run][:1].isupper():
            run += 1
        if run and (run == len(words) or words[run].lower() in goes_on):
            name = " ".join(words[:run])
            if name not in found:
                found.append(name)
    return found


def name_right(
    g: GoldQuote, att: Attribution, names: Names | None = None, *, whole_span: bool = False
) -> bool | None:
    """Resolved: the system's name names the gold speaker; None where gold gives no name.
    `names` are the name rules (default: the bundled `rules/names.toml`). The gold
    speaker is its `speaker_name` label, else its source span, compared whole and by the
    names of its stretches (`gold_names`); `whole_span` compares the span whole only,
    as before issue 17."""
    names = names or load_names()
    gold_name = g.speaker_name or g.speaker_text
    if not gold_name or gold_name.strip().lower() in names.pronouns_in_comparison:
        return None
    if att.speaker is None or not att.speaker.name:
        return False
    sw = set(_norm_name(att.speaker.name, names))
    if not sw:
        return False
    candidates = [gold_name] if whole_span or g.speaker_name else gold_names(gold_name, names)
    for candidate in candidates:
        gw = set(_norm_name(candidate, names))
        if gw and (gw <= sw or sw <= gw):
            return True
    return False


@dataclass
class DocScore:
    """Counts for one document; corpus figures are sums, so documents can be resampled."""

    id: str
    counts: Counter[str] = field(default_factory=Counter)
    claims: list[tuple[str, str]] = field(default_factory=list)
    disputed: list[tuple[bool, bool]] = field(default_factory=list)
    missed: list[GoldQuote] = field(default_factory=list)
    spurious: list[Attribution] = field(default_factory=list)
    wrong_speaker: list[tuple[GoldQuote, Attribution]] = field(default_factory=list)


def score_document(
    gold: GoldDoc, article: Article | None, *, names: Names | None = None
) -> DocScore:
    """Every count of one document; a missing or failed article is an empty answer.
    `names` are the name rules speakers are compared by (default: the bundled ones)."""
    text = gold.text
    atts = list(article.attributions) if article is not None and article.error is None else []
    score = DocScore(gold.id)
    c = score.counts
    c["docs"] += 1
    c["failed_docs"] += int(article is None or article.error is not None)
    gsets = [word_set(text, g.content) for g in gold.quotes]
    ssets = [word_set(text, system_ranges(a)) for a in atts]
    _prf(c, "quotes_exact", len(match(gsets, ssets, exact=True)), len(gsets), len(ssets))
    pairs = match(gsets, ssets, exact=False)
    _prf(c, "quotes_overlap", len(pairs), len(gsets), len(ssets))
    e2e = 0
    for gi, si in pairs:
        g, a = gold.quotes[gi], atts[si]
        right = speaker_right(g, a)
        e2e += right
        c["speaker_n"] += 1
        c["speaker_ok"] += right
        if not right:
            score.wrong_speaker.append((g, a))
        named = name_right(g, a, names)
        if named is not None:
            c["name_n"] += 1
            c["name_ok"] += named
            c["name_whole_ok"] += bool(name_right(g, a, names, whole_span=True))
        if g.cue:
            c["cue_n"] += 1
            c["cue_ok"] += a.cue is not None and _overlaps((a.cue.start, a.cue.end), g.cue)
        if g.claim_type:
            score.claims.append((g.claim_type, a.claim_type or "none"))
        if g.disputed is not None:
            score.disputed.append((g.disputed, bool(a.disputed)))
    _prf(c, "end_to_end", e2e, len(gsets), len(ssets))
    matched_g = {gi for gi, _ in pairs}
    matched_s = {si for _, si in pairs}
    score.missed = [g for i, g in enumerate(gold.quotes) if i not in matched_g]
    score.spurious = [a for i, a in enumerate(atts) if i not in matched_s]
    for i, g in enumerate(gold.quotes):
        kind = g.kind or "unknown"
        c[f"kind_{kind}_n"] += 1
        c[f"kind_{kind}_ok"] += i in matched_g
    _direct_subset(c, gold, atts, gsets, ssets)
    return score


def _direct_subset(
    c: Counter[str],
    gold: GoldDoc,
    atts: list[Attribution],
    gsets: list[frozenset[int]],
    ssets: list[frozenset[int]],
) -> None:
    """End to end over direct and mixed quotes only, matched among themselves."""
    gi = [i for i, g in enumerate(gold.quotes) if g.kind in DIRECT_KINDS]
    si = [i for i, a in enumerate(atts) if a.quote.kind in DIRECT_KINDS]
    pairs = match([gsets[i] for i in gi], [ssets[i] for i in si], exact=False)
    ok = sum(speaker_right(gold.quotes[gi[g]], atts[si[s]]) for g, s in pairs)
    _prf(c, "end_to_end_direct_mixed", ok, len(gi), len(si))


def _prf(c: Counter[str], name: str, tp: int, n_gold: int, n_system: int) -> None:
    c[f"{name}_tp"] += tp
    c[f"{name}_fp"] += n_system - tp
    c[f"{name}_fn"] += n_gold - tp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


F1_METRICS = ("quotes_exact", "quotes_overlap", "end_to_end", "end_to_end_direct_mixed")


def summarise(
    scores: Sequence[DocScore], *, bootstrap: int = 1000, seed: int = 13
) -> dict[str, Any]:
    """Corpus figures from document scores, with bootstrap intervals on every F1."""
    total: Counter[str] = sum((s.counts for s in scores), Counter())
    out: dict[str, Any] = {"documents": total["docs"], "failed_documents": total["failed_docs"]}
    for name in F1_METRICS:
        out[name] = _prf_entry(total[f"{name}_tp"], total[f"{name}_fp"], total[f"{name}_fn"])
        out[name]["ci95"] = _bootstrap(
            scores, functools.partial(_f1_of, name=name), bootstrap, seed
        )
    for name, key in (("speaker_strict", "speaker"), ("speaker_resolved", "name"), ("cue", "cue")):
        n, ok = total[f"{key}_n"], total[f"{key}_ok"]
        out[name] = {"accuracy": ok / n if n else 0.0, "correct": ok, "n": n}
    n, ok = total["name_n"], total["name_whole_ok"]
    out["speaker_resolved_whole_span"] = {"accuracy": ok / n if n else 0.0, "correct": ok, "n": n}
    kinds = sorted({k[5:-2] for k in total if k.startswith("kind_") and k.endswith("_n")})
    out["recall_by_kind"] = {
        k: {
            "recall": total[f"kind_{k}_ok"] / total[f"kind_{k}_n"],
            "found": total[f"kind_{k}_ok"],
            "n": total[f"kind_{k}_n"],
        }
        for k in kinds
    }
    claims = [pair for s in scores for pair in s.claims]
    if claims:
        out["claim_type"] = claim_figures(claims)
        out["claim_type"]["ci95"] = _bootstrap(
            scores,
            lambda ss: claim_figures([p for s in ss for p in s.claims])["macro_f1"],
            bootstrap,
            seed,
        )
    disputed = [pair for s in scores for pair in s.disputed]
    if disputed:
        tp = sum(g and s for g, s in disputed)
        fp = sum(s and not g for g, s in disputed)
        fn = sum(g and not s for g, s in disputed)
        out["disputed"] = _prf_entry(tp, fp, fn)
        out["disputed"]["n"] = len(disputed)
        out["disputed"]["ci95"] = _bootstrap(scores, _disputed_f1, bootstrap, seed)
    return out


def _prf_entry(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 with the counts they come from, as the report prints them."""
    p, r, f = prf(tp, fp, fn)
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _f1_of(scores: Sequence[DocScore], name: str) -> float:
    total: Counter[str] = Counter()
    for s in scores:
        for part in ("tp", "fp", "fn"):
            total[part] += s.counts[f"{name}_{part}"]
    return prf(total["tp"], total["fp"], total["fn"])[2]


def _disputed_f1(scores: Sequence[DocScore]) -> float:
    pairs = [p for s in scores for p in s.disputed]
    tp = sum(g and s for g, s in pairs)
    return prf(tp, sum(s and not g for g, s in pairs), sum(g and not s for g, s in pairs))[2]


def _bootstrap(
    scores: Sequence[DocScore], stat: Callable[[Sequence[DocScore]], float], n: int, seed: int
) -> list[float] | None:
    if n <= 0 or len(scores) < 2:
        return None
    rng = random.Random(seed)
    values = sorted(stat([scores[rng.randrange(len(scores))] for _ in scores]) for _ in range(n))
    return [values[int(0.025 * (n - 1))], values[int(0.975 * (n - 1))]]


def claim_figures(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Per-label P/R/F1, macro-F1 and the confusion matrix (gold rows, system columns)."""
    labels = [lab for lab in CLAIM_TYPES if any(lab in p for p in pairs)] or list(CLAIM_TYPES)
    per = {}
    for lab in labels:
        tp = sum(g == lab and s == lab for g, s in pairs)
        fp = sum(g != lab and s == lab for g, s in pairs)
        fn = sum(g == lab and s != lab for g, s in pairs)
        p, r, f = prf(tp, fp, fn)
        per[lab] = {"p": p, "r": r, "f1": f, "support": tp + fn}
    columns = [*labels, "none"]
    confusion = {
        g: {s: sum(pg == g and ps == s for pg, ps in pairs) for s in columns} for g in labels
    }
    macro = sum(v["f1"] for v in per.values()) / len(per)
    return {"labels": per, "macro_f1": macro, "confusion": confusion, "n": len(pairs)}


def evaluate(
    gold: Sequence[GoldDoc],
    system: Iterable[Article],
    *,
    bootstrap: int = 1000,
    names: Names | None = None,
) -> tuple[dict[str, Any], list[DocScore]]:
    """Score `system` articles against `gold` by id; gold documents with no answer score
    empty. `names` are the name rules speakers are compared by (default: the bundled)."""
    answers = {a.id: a for a in system}
    scores = [score_document(g, answers.get(g.id), names=names) for g in gold]
    summary = summarise(scores, bootstrap=bootstrap)
    summary["missing_documents"] = sum(g.id not in answers for g in gold)
    summary["extra_documents"] = len(set(answers) - {g.id for g in gold})
    return summary, scores
