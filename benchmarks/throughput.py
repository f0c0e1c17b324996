"""Throughput and memory of the analyzer against bare spaCy parsing, measured in one run.

    python benchmarks/throughput.py ../shared/datasets/polnear/dev.jsonl \\
        [--repeat 3] [--memory-corpus ../shared/datasets/polnear/train.jsonl] [--models DIR]

Prints articles/s and words/s for bare `nlp.pipe` (one process, and spaCy's own
`n_process=2`) and for `Analyzer.analyze_many` with 1 and with 2 worker processes, each
as a ratio to the bare one-process parse of the same texts in the same run, with the CPU
seconds each run used (this process and its worker processes). Runs are
interleaved and the best of `--repeat` counts, so load from other programs hits every
measurement alike; the load average before and after is printed with the figures.

With `--memory-corpus`, it then writes JSONL corpora of 1,000 and 10,000 articles (that
file's articles repeated under new ids, in a temporary folder that is deleted
afterwards), runs `attribution analyze CORPUS --jobs 2 -o OUT` on each, and prints the
peak memory of the whole process tree (parent and workers; resident and proportional
set sizes, sampled with psutil) and the ratio of the two peaks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from attribution import Analyzer
from attribution.scale.processes import analyze_in_processes

Run = Callable[[], Iterable[object]]


def load_texts(path: Path, limit: int | None) -> list[str]:
    if path.is_dir():
        texts = [p.read_text("utf-8") for p in sorted(path.glob("*.txt"))]
    else:
        with path.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts[:limit] if limit else texts


def cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished child processes."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def timed(run: Run) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one complete run."""
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in run():
        pass
    return time.perf_counter() - start, cpu_seconds() - cpu


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def throughput(args: argparse.Namespace) -> None:
    texts = load_texts(args.path, args.limit)
    words = sum(len(t.split()) for t in texts)
    analyzer = Analyzer(batch_size=args.batch_size, models_dir=args.models)
    nlp, bs = analyzer.nlp, args.batch_size
    timed(lambda: nlp.pipe(texts[:5]))
    runs: dict[str, Run] = {
        "nlp.pipe (bare parse)": lambda: nlp.pipe(texts, batch_size=bs),
        "nlp.pipe n_process=2": lambda: nlp.pipe(texts, batch_size=bs, n_process=2),
        "analyze_many, 1 process": lambda: analyzer.analyze_many(texts),
        "analyze_many, 2 processes": lambda: analyze_in_processes(analyzer, texts, jobs=2),
    }
    print(f"corpus: {len(texts)} articles, {words:,} words ({args.path})")
    print(f"pipeline: {analyzer.meta['model']}, components {', '.join(nlp.pipe_names)}")
    print(f"before: {load()}")
    best = {name: (float("inf"), 0.0) for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            best[name] = min(best[name], timed(run))
    print(f"after:  {load()}")
    bare = best["nlp.pipe (bare parse)"][0]
    head = f"{'run':<28}{'seconds':>10}{'articles/s':>12}{'words/s':>12}{'vs parse':>10}"
    print(f"{head}{'CPU s':>8}")
    for name, (secs, cpu) in best.items():
        rates = f"{len(texts) / secs:>12.1f}{words / secs:>12,.0f}{bare / secs:>10.2f}"
        print(f"{name:<28}{secs:>10.2f}{rates}{cpu:>8.1f}")
    one, two = best["analyze_many, 1 process"][0], best["analyze_many, 2 processes"][0]
    print(f"2 processes vs 1: {one / two:.2f}x articles/s")
    print(f"attribution work on top of the parse (1 process): {100 * (one - bare) / bare:.1f}%")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak resident memory: this process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB")


def repeated(source: Path, count: int) -> Iterator[str]:
    """`count` JSONL lines: the source's articles over and over, each under a new id."""
    with source.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for i in range(count):
        rec = records[i % len(records)]
        yield json.dumps({"id": f"{rec['id']}#{i}", "text": rec["text"]}, ensure_ascii=False)


class TreePeak:
    """Samples the summed RSS and PSS of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                rss = pss = 0
                for p in procs:
                    info = p.memory_full_info()
                    rss, pss = rss + info.rss, pss + getattr(info, "pss", info.rss)
                self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            except psutil.Error:
                pass  # a process ended between listing and reading it
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def memory_run(source: Path, count: int, jobs: int, folder: Path) -> tuple[float, float, float]:
    """Peak tree RSS and PSS (MB) and seconds of one CLI run over `count` articles."""
    corpus, out = folder / f"corpus-{count}.jsonl", folder / f"out-{count}.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for line in repeated(source, count):
            handle.write(line + "\n")
    cmd = [sys.executable, "-m", "attribution", "analyze", str(corpus)]
    cmd += ["-o", str(out), "--jobs", str(jobs), "--quiet", "--no-progress"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = TreePeak(proc.pid)
    code = proc.wait()
    peak.stop()
    seconds = time.perf_counter() - start
    with out.open(encoding="utf-8") as handle:
        written = sum(1 for _ in handle)
    if code not in (0, 1) or written != count:
        raise SystemExit(f"memory run failed: exit {code}, {written} of {count} articles written")
    corpus.unlink()
    out.unlink()
    return peak.rss / 2**20, peak.pss / 2**20, seconds


def memory(args: argparse.Namespace) -> None:
    print(f"\nmemory: attribution analyze --jobs {args.memory_jobs}, {args.memory_corpus} repeated")
    print(f"before: {load()}")
    head = f"{'articles':>10}{'seconds':>10}{'articles/s':>12}"
    print(f"{head}{'peak RSS MB':>14}{'peak PSS MB':>14}")
    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.memory_sizes:
            rss, pss, secs = memory_run(args.memory_corpus, count, args.memory_jobs, Path(tmp))
            peaks.append((rss, pss))
            print(f"{count:>10,}{secs:>10.0f}{count / secs:>12.1f}{rss:>14.0f}{pss:>14.0f}")
    print(f"after:  {load()}")
    (rss0, pss0), (rss1, pss1) = peaks[0], peaks[-1]
    print(
        f"peak memory, {args.memory_sizes[-1]:,} vs {args.memory_sizes[0]:,} articles: "
        f"RSS {rss1 / rss0:.3f}x, PSS {pss1 / pss0:.3f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="JSONL with a 'text' field per line, or a folder of .txt"
    )
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best counts)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--models", help="models folder for the analyzer (default: bundled)")
    parser.add_argument(
        "--memory-corpus", type=Path, help="JSONL whose articles make the memory corpora"
    )
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--memory-jobs", type=int, default=2)
    args = parser.parse_args(argv)
    throughput(args)
    if args.memory_corpus:
        memory(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
