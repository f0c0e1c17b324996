"""How often the analyzer flags quotes disputed, against how often labellers do.

    python benchmarks/dispute_rate.py path/to/polnear/dev.jsonl \
        --labels benchmarks/labels/polnear-dev-claims.jsonl \
        --labels benchmarks/labels/polnear-dev-holdout.jsonl

Analyses every article of the JSONL file (`{"id", "text"}` lines) and prints the share of
quotes flagged disputed over all of them, the articles with the highest shares, and how
many articles have more than `--max-share` of their quotes flagged. With `--labels`, it
prints the share of disputed attributions in those label files too, and the ratio of the
two: a flag that lands far more often than labellers put it is flagging the mood of the
articles, not their contests. Every flagged quote must name its evidence (a contesting
quote or the article's words); the count of those that do not is printed and should be 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from attribution import Analyzer, Document


def labelled_share(paths: list[Path]) -> tuple[int, int]:
    """(disputed, all) attributions in the label files."""
    disputed = total = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for q in json.loads(line)["quotes"]:
                    total += 1
                    disputed += bool(q.get("disputed"))
    return disputed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--labels", type=Path, action="append", default=[])
    parser.add_argument("--max-share", type=float, default=0.6)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    docs = [
        Document(str(r["id"]), r["text"])
        for r in map(json.loads, args.articles.read_text(encoding="utf-8").splitlines())
    ]
    analyzer = Analyzer(use_model=not args.no_model)
    per_article: list[tuple[float, int, int, str]] = []
    flagged = total = unsupported = 0
    for article in analyzer.analyze_many(docs):
        atts = article.attributions
        n = sum(bool(a.disputed) for a in atts)
        unsupported += sum(
            bool(a.disputed) and not (a.disputed_by or a.contest_words) for a in atts
        )
        flagged += n
        total += len(atts)
        per_article.append((n / len(atts) if atts else 0.0, n, len(atts), article.id))
    share = flagged / max(total, 1)
    print(f"articles: {len(docs)}; quotes: {total}; flagged disputed: {flagged} ({share:.1%})")
    over = [p for p in per_article if p[0] > args.max_share]
    print(f"articles with more than {args.max_share:.0%} of their quotes flagged: {len(over)}")
    print(f"flagged quotes without a link or contesting words: {unsupported}")
    for s, n, m, doc_id in sorted(per_article, reverse=True)[: args.top]:
        print(f"  {s:6.1%}  {n:3d} of {m:3d}  {doc_id}")
    if args.labels:
        disputed, labelled = labelled_share(args.labels)
        label_share = disputed / max(labelled, 1)
        print(
            f"labelled: {disputed} of {labelled} attributions disputed ({label_share:.1%}); "
            f"flag rate / labelled rate = {share / label_share:.2f}"
        )


if __name__ == "__main__":
    main()
