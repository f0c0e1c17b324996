"""Time adversarial texts at two sizes and print how the time grows.

Each text is one article built to stress a stage: runs of quote marks, dashes and
brackets without spaces (the tokenizer), one long line, many short quotes (speaker
resolution; one man quoted throughout, with a `she` after each quote that fits no one he
mentioned before), full stops only after titles (the parser reads one sentence), and many
paragraphs. Growth near 10x for 10x the size is linear; near 100x is quadratic. Every
text at the small size should finish well under 30 s.

    python benchmarks/adversarial.py [--sizes 100000,1000000] [--only NAME] [--no-model]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from attribution import Analyzer


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


TEXTS: dict[str, Callable[[int], str]] = {
    "quote-marks": lambda n: _fill('"', n),
    "curly-quotes": lambda n: _fill("\u201c\u201d", n),
    "dashes": lambda n: _fill("-", n),
    "brackets": lambda n: _fill("([{", n),
    "long-line": lambda n: _fill("The mayor said the budget was fine and nobody asked why ", n),
    "short-quotes": lambda n: _fill('"Yes," he said. "No," she said. ', n),
    "one-speaker": lambda n: _fill('Mr. Smith said: "Yes." "No," she said. ', n),
    "one-sentence": lambda n: _fill("Mr. Smith said that Dr. Jones said that ", n),
    "paragraphs": lambda n: _fill('Mr. Smith said: "We will build it."\n\n', n),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--only", action="append", help="text name (repeatable)")
    parser.add_argument("--no-model", dest="use_model", action="store_false")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    analyzer = Analyzer(use_model=args.use_model, article_timeout=None)
    analyzer.analyze('Warm-up. She said: "Fine."')
    print(f"{'text':14} " + " ".join(f"{s:>12,}" for s in sizes) + "   growth")
    for name, make in TEXTS.items():
        if args.only and name not in args.only:
            continue
        times = []
        for size in sizes:
            start = time.perf_counter()
            article = analyzer.analyze(make(size), id=name)
            times.append(time.perf_counter() - start)
            if article.error:
                print(f"  {name} at {size:,}: {article.error}")
        growth = times[-1] / times[0] if len(times) > 1 and times[0] > 0 else 1.0
        row = " ".join(f"{t:11.2f}s" for t in times)
        print(f"{name:14} {row}   x{growth:.1f}", flush=True)


if __name__ == "__main__":
    main()
