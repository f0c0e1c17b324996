"""Resolved speaker names that are not names: headline verbs, epithets, column headers.

    python benchmarks/speaker_names.py path/to/polnear/dev.jsonl path/to/polnear/train.jsonl
    python benchmarks/speaker_names.py --system analyzed.jsonl   # a saved analyze output

Analyses every article of the JSONL files (`{"id", "text"}` lines), or reads the quotes of
saved `analyze --format jsonl` outputs with `--system`, and lists each resolved speaker
name that holds a capitalised headline verb after its first word (`Obama Says`), starts
with an epithet (`Crooked Hillary Clinton`) or is a column header (`The Latest`), by the
lexicons of `rules/speaker_names.toml`, with the number of quotes that carry it. The
total should be 0.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from attribution import Analyzer, Document
from attribution.ruleset.loader import Rules, load_rules
from attribution.speakers.names import headline_cut, is_column_header


def problem(name: str, rules: Rules) -> str | None:
    """What is wrong with a resolved name, or None."""
    words = name.split()
    if is_column_header(name, rules):
        return "column header"
    if headline_cut(words, rules) != words:
        return "headline verb"
    if words and words[0].lower().strip(".,:;") in rules.names.epithets:
        return "epithet"
    return None


def names_of_system(paths: list[Path]) -> Iterator[str | None]:
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for q in json.loads(line).get("quotes", []):
                    yield (q.get("speaker") or {}).get("name")


def names_of_articles(paths: list[Path], *, use_model: bool) -> Iterator[str | None]:
    docs = [
        Document(str(r["id"]), r["text"])
        for path in paths
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]
    for article in Analyzer(use_model=use_model).analyze_many(docs):
        for att in article.attributions:
            yield att.speaker.name if att.speaker is not None else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    parser.add_argument("--system", action="store_true", help="PATHs are analyze outputs")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--rules", type=Path, default=None, help="rules folder to judge by")
    args = parser.parse_args()
    rules = load_rules(args.rules)
    if args.system:
        found = names_of_system(args.paths)
    else:
        found = names_of_articles(args.paths, use_model=not args.no_model)
    quotes = 0
    bad: Counter[tuple[str, str]] = Counter()
    for name in found:
        quotes += 1
        why = problem(name, rules) if name else None
        if why is not None and name is not None:
            bad[(why, name)] += 1
    total = sum(bad.values())
    print(f"quotes: {quotes}; with a name that is not a name: {total} ({len(bad)} names)")
    for (why, name), n in sorted(bad.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {why:14s}  {name}")


if __name__ == "__main__":
    main()
