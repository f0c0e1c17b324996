"""How the system's quote contents miss the gold's boundaries, counted by class.

    python benchmarks/boundaries.py GOLD.jsonl SYSTEM.jsonl [--examples CLASS] [--by-rule]

SYSTEM is what `attribution analyze GOLD --format jsonl` wrote. Quotes are paired as
`attribution evaluate` pairs them for overlap (Jaccard of word tokens >= 0.5, best
first); pairs that are not exact are classed by the edge they miss at and by what the
words there are: a leading `that`/`to`/`whether`, the gold cue or source inside the
system's content, a trailing `, he said` or `according to`, a sentence the one side runs
on to, and so on. Each pair gets one class per edge (start, end) and one for missing or
extra words inside. Words are `\\w+` tokens, as in the metric, so punctuation and
quotation marks never count. This reads the convention off labelled data; it is meant
for the tuning split, not for held-out data.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from attribution.evaluation.gold import GoldDoc, GoldQuote, read_gold_jsonl
from attribution.evaluation.metrics import WORD, match, word_set

LEADING = {"that", "to", "whether", "if", "how", "why", "what", "when", "for", "of", "about"}
Range = tuple[int, int]


def words(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in WORD.finditer(text, lo, hi)]


def _inside(pos: int, spans: tuple[Range, ...]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _edge_class(
    text: str, extra: list[int], side: str, who: str, g: GoldQuote, gap_text: str
) -> str:
    """The class of the words one side has beyond the other at one edge."""
    toks = [text[p : WORD.match(text, p).end()] for p in extra]  # type: ignore[union-attr]
    low = [t.lower() for t in toks]
    n = len(toks)
    if any(_inside(p, g.cue) for p in extra) and who == "sys":
        return f"{side}:{who}+cue"
    if any(_inside(p, g.speaker) for p in extra) and who == "sys":
        return f"{side}:{who}+source"
    if side == "start" and n == 1 and low[0] in LEADING:
        return f"start:{who}+{low[0]}"
    if side == "start" and n <= 3 and low[0] in LEADING:
        return f"start:{who}+{low[0]}..({n})"
    if side == "end" and low[:2] == ["according", "to"]:
        return f"end:{who}+according to"
    if "\n" in gap_text:
        return f"{side}:{who}+paragraph"
    if re.search(r"[.?!][\"'”’]?\s", gap_text):
        return f"{side}:{who}+sentence"
    if side == "end":
        lead = re.match(r"\W*", gap_text[gap_text.find(" ") if not gap_text[:1].isspace() else 0 :])
        punct = "".join(ch for ch in (lead.group() if lead else "") if not ch.isspace())
        return f"end:{who}+{punct or '_'} {low[0]}({'1-3' if n <= 3 else '4+'})"
    if side == "start" and gap_text.rstrip().endswith(","):
        return f"start:{who}+clause comma({'1-3' if n <= 3 else '4+'})"
    if n == 1:
        return f"{side}:{who}+1 word ({low[0]})"
    return f"{side}:{who}+{'2-3' if n <= 3 else '4+'} words"


def classify(text: str, g: GoldQuote, sys_ranges: list[Range]) -> list[str]:
    """The classes of one overlapping, inexact pair."""
    gw = sorted(word_set(text, g.content))
    sw = sorted(word_set(text, sys_ranges))
    gs, ss = set(gw), set(sw)
    out = []
    if gw[0] != sw[0]:
        lo, hi = min(gw[0], sw[0]), max(gw[0], sw[0])
        who = "sys" if sw[0] < gw[0] else "gold"
        extra = [p for p in (sw if who == "sys" else gw) if lo <= p < hi]
        out.append(_edge_class(text, extra, "start", who, g, text[lo:hi]))
    if gw[-1] != sw[-1]:
        lo, hi = min(gw[-1], sw[-1]), max(gw[-1], sw[-1])
        who = "sys" if sw[-1] > gw[-1] else "gold"
        extra = [p for p in (sw if who == "sys" else gw) if lo < p <= hi]
        out.append(_edge_class(text, extra, "end", who, g, text[lo:hi]))
    first, last = max(gw[0], sw[0]), min(gw[-1], sw[-1])
    inner_sys = [p for p in ss - gs if first < p < last]
    inner_gold = [p for p in gs - ss if first < p < last]
    if inner_sys:
        cls = (
            "cue"
            if any(_inside(p, g.cue) for p in inner_sys)
            else "source"
            if any(_inside(p, g.speaker) for p in inner_sys)
            else "words"
        )
        out.append(f"inner:sys+{cls}")
    if inner_gold:
        out.append("inner:gold+words (system split the content)")
    return out or ["same words, other pairing"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("system", type=Path)
    ap.add_argument("--examples", help="print the pairs of this class")
    ap.add_argument("--limit", type=int, default=20, help="examples to print")
    ap.add_argument("--by-rule", action="store_true", help="count classes per candidate rule")
    ap.add_argument("--rule", help="print only examples of this candidate rule")
    args = ap.parse_args()
    gold: dict[str, GoldDoc] = {g.id: g for g in read_gold_jsonl(args.gold)}
    counts: Counter[str] = Counter()
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    exact_by_rule: Counter[str] = Counter()
    pairs_n = exact_n = 0
    shown = 0
    for line in args.system.open(encoding="utf-8"):
        rec = json.loads(line)
        doc = gold.get(rec["id"])
        if doc is None:
            continue
        text = doc.text
        quotes = rec["quotes"]
        ranges = [
            [(f[0], f[1]) for f in q["fragments"]] or [(q["start"], q["end"])] for q in quotes
        ]
        gsets = [word_set(text, g.content) for g in doc.quotes]
        ssets = [word_set(text, r) for r in ranges]
        for gi, si in match(gsets, ssets, exact=False):
            pairs_n += 1
            if gsets[gi] == ssets[si]:
                exact_n += 1
                exact_by_rule[quotes[si]["rule_id"]] += 1
                continue
            classes = classify(text, doc.quotes[gi], ranges[si])
            rule = quotes[si]["rule_id"]
            for cls in classes:
                counts[cls] += 1
                by_rule[rule][cls] += 1
            exact_by_rule[rule] += 0
            wanted = args.examples in classes or args.examples == "any"
            if args.examples and wanted and args.rule in (None, rule) and shown < args.limit:
                shown += 1
                g = doc.quotes[gi]
                print(f"--- {doc.id} rule={rule} classes={classes}")
                print("GOLD:", " | ".join(text[a:b] for a, b in g.content))
                cue, src = [text[a:b] for a, b in g.cue], [text[a:b] for a, b in g.speaker]
                print("  cue:", cue, "src:", src)
                sq = quotes[si]
                scue = (sq.get("cue") or {}).get("text")
                sspk = (sq.get("speaker") or {}).get("text")
                print("SYS: ", " | ".join(text[a:b] for a, b in ranges[si]))
                print(f"  cue: {scue!r} src: {sspk!r}")
    print(f"overlap pairs {pairs_n}, exact {exact_n}, inexact {pairs_n - exact_n}")
    for cls, n in counts.most_common():
        print(f"{n:6d}  {cls}")
    if args.by_rule:
        for rule, c in sorted(by_rule.items(), key=lambda kv: -sum(kv[1].values())):
            print(f"\n{rule} (exact {exact_by_rule[rule]}, classes {sum(c.values())})")
            for cls, n in c.most_common(8):
                print(f"{n:6d}  {cls}")


if __name__ == "__main__":
    main()
