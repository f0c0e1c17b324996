"""Throughput of the analyzer against bare spaCy parsing of the same texts.

    python benchmarks/throughput.py ../shared/datasets/polnear/dev.jsonl [--repeat 3]

Prints articles/s and words/s for bare `nlp.pipe` and for `Analyzer.analyze_many`, the
ratio of the two, and the peak resident memory of the process. Both runs use the same
loaded pipeline and batch size; the best of `--repeat` runs counts.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from attribution import Analyzer


def load_texts(path: Path, limit: int | None) -> list[str]:
    if path.is_dir():
        texts = [p.read_text("utf-8") for p in sorted(path.glob("*.txt"))]
    else:
        with path.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts[:limit] if limit else texts


def timed(run: Callable[[], Iterable[object]]) -> float:
    start = time.perf_counter()
    for _ in run():
        pass
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="JSONL with a 'text' field per line, or a folder of .txt"
    )
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best counts)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args(argv)

    texts = load_texts(args.path, args.limit)
    words = sum(len(t.split()) for t in texts)
    analyzer = Analyzer(batch_size=args.batch_size)
    nlp = analyzer.nlp
    timed(lambda: nlp.pipe(texts[:5]))

    bare = min(
        timed(lambda: nlp.pipe(texts, batch_size=args.batch_size)) for _ in range(args.repeat)
    )
    full = min(timed(lambda: analyzer.analyze_many(texts)) for _ in range(args.repeat))

    print(f"corpus: {len(texts)} articles, {words:,} words ({args.path})")
    print(f"pipeline: {analyzer.meta['model']}, components {', '.join(nlp.pipe_names)}")
    print(f"{'run':<28}{'seconds':>10}{'articles/s':>12}{'words/s':>12}{'vs parse':>10}")
    for name, secs in (("nlp.pipe (bare parse)", bare), ("Analyzer.analyze_many", full)):
        rates = f"{len(texts) / secs:>12.1f}{words / secs:>12,.0f}{bare / secs:>10.2f}"
        print(f"{name:<28}{secs:>10.2f}{rates}")
    print(f"attribution work on top of the parse: {100 * (full - bare) / bare:.1f}%")
    print(f"peak resident memory: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
