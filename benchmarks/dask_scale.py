"""Dask at scale: a 2-worker local cluster writing Parquet against one process.

    python benchmarks/dask_scale.py path/to/polnear/train.jsonl path/to/polnear/dev.jsonl
        [--n 10000] [--workers 2] [--partition-size 200] [--one-process-n 1000]
        [--batch-chars N] [--chunk-chars N] [--dask-only]

Builds `--n` articles by cycling the input files' articles (train, then dev, over and
over), each under a new id (`ID#k`), in a temporary folder that is deleted at the end.
Then runs, in turn:

1. **One process**: `attribution analyze CORPUS --jobs 1 -o one.jsonl`, on the whole
   corpus or, with `--one-process-n M`, on its first M articles (M at least the number of
   distinct input articles, so each appears once: a run of 10,000 articles then costs
   the cluster's hour, not two).
2. **Dask**: `attribution analyze CORPUS --engine dask --jobs N --format parquet -o DIR`,
   a `LocalCluster` of `--workers` single-threaded worker processes, a
   `part-NNNNNN.parquet` per partition of `--partition-size` articles, each parse batch
   of at most `--batch-chars` characters and each article parsed in chunks of at most
   `--chunk-chars` when given (else the command line's defaults).

`--dask-only` skips step 1 and the comparison: for measuring the workers' memory, whose
figure does not need the one process's hour.

and prints, for each, the wall-clock seconds, articles/s and words/s (start-up included:
at small `--n` it weighs on both, more on the cluster's), the CPU seconds of the process
tree, and the peak resident memory of each process (sampled with psutil every 0.2 s):
the parent, and each Dask worker. Then the ratio of Dask's articles/s to one process's,
and whether the outputs are identical: the one process's JSONL lines against the Parquet
rows (`quotes` and `meta` read back from their JSON), sorted by id; with `--one-process-n`,
each Parquet row against the one-process row of the same input article (its id before the
`#k`), since an article's result does not depend on its neighbours (the ratio then sets
articles/s on M articles against articles/s on N).

The checkout this script sits in is what runs (first on PYTHONPATH), with its bytecode
cached under the temporary folder, as `benchmarks/throughput.py` does. The load average
is printed around each run: on a shared machine, other programs slow every figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import (
    PYCACHE,
    ROOT,
    Peaks,
    cpu_seconds,
    cyclic,
    environment,
    load,
    load_records,
    words,
    write_jsonl,
)


def corpus(sources: list[Path], count: int) -> list[dict[str, str]]:
    """`count` articles: the sources' articles in turn, over and over, each under a new id."""
    records = [r for path in sources for r in load_records(path)]
    if not records:
        raise SystemExit("no articles in the input files")
    return cyclic(records, count)


def watched(cmd: list[str]) -> dict[str, Any]:
    """Run `cmd` (the command line, from the checkout) under `throughput.Peaks`: wall and
    CPU seconds, the root process's peak RSS in MB, and (peak MB, CPU s) of each of its
    descendants."""
    start, cpu = time.perf_counter(), cpu_seconds()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=environment())
    peaks = Peaks(proc.pid)
    code = proc.wait()
    seconds = time.perf_counter() - start
    summary = peaks.stop()
    if code not in (0, 1):
        raise SystemExit(f"`{' '.join(cmd)}` failed with exit code {code}")
    children = {
        pid: (rss / 2**20, peaks.cpu.get(pid, 0.0))
        for pid, rss in peaks.rss.items()
        if pid != proc.pid
    }
    return {
        "seconds": seconds,
        "cpu": cpu_seconds() - cpu,
        "parent_mb": summary["parent"],
        "children": children,
    }


def dask_workers(run: dict[str, Any]) -> list[tuple[float, float]]:
    """(peak MB, CPU s) of each Dask worker process: the descendants that did the
    analysis, told from the nannies and the resource tracker by their CPU time."""
    return sorted((v for v in run["children"].values() if v[1] > 1.0), reverse=True)


def jsonl_rows(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def by_source(rows: list[str]) -> dict[str, str]:
    """Rows keyed by their input article's id (the id before `#k`), without the id."""
    keyed = {}
    for row in rows:
        record = json.loads(row)
        source = record.pop("id").rsplit("#", 1)[0]
        keyed[source] = json.dumps(record, sort_keys=True)
    return keyed


def same_by_source(one: list[str], dask: list[str]) -> bool:
    """Whether every Dask row equals the one-process row of the same input article."""
    reference = by_source(one)
    for row in dask:
        record = json.loads(row)
        source = record.pop("id").rsplit("#", 1)[0]
        if reference.get(source) != json.dumps(record, sort_keys=True):
            return False
    return True


def parquet_rows(folder: Path) -> list[str]:
    """The Parquet parts' rows as the JSONL contract's dicts (`quotes` and `meta` back
    from JSON text, without the `n_quotes` column the JSONL does not have)."""
    import pyarrow.parquet as pq

    rows = []
    for part in sorted(folder.glob("part-*.parquet")):
        for r in pq.read_table(part).to_pylist():
            r["quotes"] = json.loads(r["quotes"])
            r["meta"] = json.loads(r["meta"])
            del r["n_quotes"]
            rows.append(r)
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, nargs="+", help="JSONL files with 'id' and 'text'")
    parser.add_argument("--n", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--partition-size", type=int, default=200)
    parser.add_argument(
        "--one-process-n",
        type=int,
        help="run one process on the corpus's first M articles only (default: all)",
    )
    parser.add_argument("--batch-chars", type=int, help="the Dask run's --batch-chars")
    parser.add_argument("--chunk-chars", type=int, help="the Dask run's --chunk-chars")
    parser.add_argument("--dask-only", action="store_true", help="skip the one process")
    args = parser.parse_args(argv)
    articles = corpus(args.sources, args.n)
    n_words = words(articles)
    print(
        f"corpus: {len(articles):,} articles, {n_words:,} words, cycled from "
        f"{', '.join(str(p) for p in args.sources)}"
    )
    with tempfile.TemporaryDirectory(prefix="dask-scale-") as folder:
        tmp = Path(folder)
        PYCACHE.append(str(tmp / "pycache"))
        source = tmp / "corpus.jsonl"
        write_jsonl(articles, source)
        first = articles[: args.one_process_n] if args.one_process_n else articles
        distinct = len({a["text"] for a in articles})
        if len({a["text"] for a in first}) < distinct:
            raise SystemExit(f"--one-process-n must cover the {distinct} distinct articles")
        one_source = tmp / "first.jsonl" if args.one_process_n else source
        if args.one_process_n:
            write_jsonl(first, one_source)
        analyze = [sys.executable, "-m", "attribution", "analyze", "--quiet", "--no-progress"]
        base = [*analyze, str(source)]

        if not args.dask_only:
            print(
                f"\n1. one process (--jobs 1, JSONL), {len(first):,} articles; before: {load()}",
                flush=True,
            )
            one = watched([*analyze, str(one_source), "--jobs", "1", "-o", str(tmp / "one.jsonl")])
            one_rate = len(first) / one["seconds"]
            print(
                f"   {one['seconds']:.1f} s, {one['cpu']:.1f} CPU s: {one_rate:.2f} articles/s, "
                f"{words(first) / one['seconds']:,.0f} words/s; peak RSS "
                f"{one['parent_mb']:.0f} MB; after: {load()}",
                flush=True,
            )

        print(
            f"\n2. Dask, a LocalCluster of {args.workers} single-threaded workers, Parquet, "
            f"partitions of {args.partition_size}; before: {load()}",
            flush=True,
        )
        out = tmp / "dask"
        cmd = [*base, "--engine", "dask", "--jobs", str(args.workers), "--format", "parquet"]
        cmd += ["--partition-size", str(args.partition_size), "-o", str(out)]
        if args.batch_chars:
            cmd += ["--batch-chars", str(args.batch_chars)]
        if args.chunk_chars:
            cmd += ["--chunk-chars", str(args.chunk_chars)]
        two = watched(cmd)
        two_rate = len(articles) / two["seconds"]
        workers = dask_workers(two)
        each = ", ".join(f"{mb:.0f} MB ({cpu:.0f} CPU s)" for mb, cpu in workers) or "none seen"
        print(
            f"   {two['seconds']:.1f} s, {two['cpu']:.1f} CPU s: {two_rate:.2f} articles/s, "
            f"{n_words / two['seconds']:,.0f} words/s; peak RSS: client {two['parent_mb']:.0f} "
            f"MB, workers {each}; after: {load()}",
            flush=True,
        )

        peak = max((mb for mb, _ in workers), default=0.0)
        if args.dask_only:
            print(f"\npeak RSS per worker {peak:.0f} MB (--dask-only: outputs not compared)")
            return 0
        if args.one_process_n:
            same = same_by_source(jsonl_rows(tmp / "one.jsonl"), parquet_rows(out))
        else:
            same = jsonl_rows(tmp / "one.jsonl") == parquet_rows(out)
        print(
            f"\nDask {args.workers} workers / one process: {two_rate / one_rate:.2f}x "
            f"({len(articles):,} against {len(first):,} articles); "
            f"peak RSS per worker {peak:.0f} MB; "
            f"outputs {'identical' if same else 'DIFFERENT'} (rows sorted by id)"
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
