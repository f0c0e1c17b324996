"""CPU seconds of the work after the parse, on parses made once.

    python benchmarks/postparse.py path/to/polnear/dev.jsonl [--articles 40] [--repeat 3]
        [--no-model] [--profile OUT.prof]

The first `--articles` articles are parsed once with the `Analyzer`'s pipeline
(`nlp.pipe`, as `benchmarks/throughput.py`'s bare parse; an article too long for one parse
would be chunked by `analyze_many`, not here), and each parse is kept as bytes. Each run
then rebuilds fresh Docs from the bytes (not timed: a Doc keeps no table or sentences
from an earlier run) and times `AttributionExtractor.extract` over them in process time,
which other programs on a shared machine disturb less than the clock. Prints each run and
the median. With `--profile`, one run goes under cProfile (timer `time.process_time`)
instead, and the 25 functions with the most own time and the 25 with the most cumulative
time are printed; cProfile inflates every call several times over, so its seconds are
for ranking only.

The checkout this script sits in is what runs (first on `sys.path`).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="JSONL with 'id' and 'text' per line")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    parser.add_argument("--no-model", action="store_true", help="decide by the rules alone")
    parser.add_argument("--profile", type=Path, help="profile one run into this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from spacy.tokens import Doc

    from attribution import Analyzer

    with args.path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()][: args.articles]
    analyzer = Analyzer(use_model=not args.no_model)
    nlp = analyzer.nlp
    parsed = [doc.to_bytes() for doc in nlp.pipe(texts, batch_size=analyzer.batch_size)]
    vocab, extract = nlp.vocab, analyzer.extractor.extract

    def fresh() -> list[Doc]:
        return [Doc(vocab).from_bytes(b) for b in parsed]

    for doc in fresh()[:3]:  # warm-up, not counted
        extract(doc)
    if args.profile is not None:
        run = fresh()
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for doc in run:
            extract(doc)
        profile.disable()
        profile.dump_stats(str(args.profile))
        stats = pstats.Stats(str(args.profile))
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(25)
        return 0
    seconds = []
    for _ in range(args.repeat):
        run = fresh()
        start = time.process_time()
        for doc in run:
            extract(doc)
        seconds.append(time.process_time() - start)
    runs = ", ".join(f"{s:.3f}" for s in seconds)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{len(parsed)} articles, post-parse CPU s: {runs}; median {statistics.median(seconds):.3f}"
    )
    print(f"load average {load} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
