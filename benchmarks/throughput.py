"""Throughput, start-up and memory of `attribution analyze`, and its cost over bare parsing.

    python benchmarks/throughput.py path/to/polnear/dev.jsonl [--repeat 3]
        [--sizes 10 100 1000] [--ratio-articles 40] [--speedup-articles 40]

Four measurements, each with the load average around it (on a shared machine other
programs slow every figure; CPU seconds are the figures they disturb least):

1. **Start-up**: `python -m attribution analyze` on one short article
   (examples/harbour-strike.txt) in a fresh process; the median of `--repeat`.
2. **Analyzer against the parse**: in one process, `Analyzer.analyze_many` and bare
   `nlp.pipe` (same pipeline, same batch size) over the first `--ratio-articles`
   articles, interleaved, `--repeat` times after a round of each not counted; the median
   of the runs' ratios (parse seconds over analysis seconds: 1.0 would be attribution at
   no cost), and CPU seconds. The same against the stock pipeline as its package ships
   it (`spacy.load`, without the speed-ups of `attribution.nlp`): what a user saves or
   pays over parsing alone. This process imports numpy without its huge-page requests,
   which would bill the bare parse for refaulting memory that `analyze_many` handed back
   (`without_huge_pages`).
3. **Processes**: the command line with `--jobs 1` and with `--jobs 2` on the first
   `--speedup-articles` articles, interleaved, `--repeat` times; the median speed-up,
   and the speed-up on free cores as CPU time bounds it (the `--jobs 1` CPU seconds over
   the `--jobs 2` parent's plus its busiest worker's), which other programs that hold a
   core cannot hide. These are cold runs (`ATTRIBUTION_SERVER=off`), each paying the
   start-up. Then the same comparison through a warm server (`attribution server
   start` in a temporary folder, stopped after): both `--jobs 1` and `--jobs 2` run by
   the server's forked child, whose workers fork from it warm (`--server-repeat` times,
   default `--repeat`; 0: skip). CPU seconds are then the client's and the child's.
4. **Scale**: the command line with `--jobs 1` and `--jobs 2` on corpora of `--sizes`
   articles (the input's articles over and over under new ids, in a temporary folder):
   articles/s and words/s (start-up included, and without it), and the peak resident
   memory of each process (the parent, and the largest worker), sampled with psutil.

The checkout this script sits in is what runs (first on PYTHONPATH), with its bytecode
cached under a temporary folder as an installed package has it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHORT_ARTICLE = ROOT / "examples" / "harbour-strike.txt"


def load_records(path: Path) -> list[dict[str, str]]:
    """The articles of a JSONL file (`id`, `text`), or of a folder of .txt files."""
    if path.is_dir():
        return [{"id": p.stem, "text": p.read_text("utf-8")} for p in sorted(path.glob("*.txt"))]
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cyclic(records: list[dict[str, str]], count: int) -> list[dict[str, str]]:
    """`count` articles: the records over and over, each under a new id."""
    return [
        {"id": f"{records[i % len(records)]['id']}#{i}", "text": records[i % len(records)]["text"]}
        for i in range(count)
    ]


def words(records: Iterable[dict[str, str]]) -> int:
    return sum(len(r["text"].split()) for r in records)


def write_jsonl(records: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished child processes."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


PYCACHE: list[str] = []  # the bytecode cache of this run's processes, set in main


def environment(server: Path | None = None) -> dict[str, str]:
    """This checkout first on the path, with its bytecode cached as an installed package
    has it (as in benchmarks/startup.py), under a folder deleted at the end; in-process,
    or through the warm server whose folder is `server`."""
    env = dict(os.environ)
    env.pop("ATTRIBUTION_SERVER_DIR", None)
    if server is None:
        env["ATTRIBUTION_SERVER"] = "off"
    else:
        env.pop("ATTRIBUTION_SERVER", None)
        env["ATTRIBUTION_SERVER_DIR"] = str(server)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE[0]
    return env


class Peaks:
    """Samples the resident memory and CPU time of a process and of each of its
    descendants, keeping each process's peak memory and last CPU time."""

    def __init__(self, pid: int, interval: float = 0.2, *, server: bool = False) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.server = server
        self.rss: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.parent: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                for p in [self.root, *self.root.children(recursive=True)]:
                    self.rss[p.pid] = max(self.rss.get(p.pid, 0), p.memory_info().rss)
                    self.parent.setdefault(p.pid, p.ppid())
                    times = p.cpu_times()
                    self.cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass  # a process ended between listing and reading it
            self._stop.wait(self.interval)

    def stop(self) -> dict[str, float]:
        """Peak RSS in MB of the root process (`parent`) and of its largest descendant
        (`worker`, 0: none), and the CPU seconds of the root and of the busiest
        descendant (as last sampled). With `server`, the root is a warm server: the
        `parent` is the child it forked for the command, and the workers are that
        child's."""
        self._stop.set()
        self._thread.join()
        root = self.root.pid
        tops = [pid for pid, up in self.parent.items() if up == root] if self.server else [root]
        others = [pid for pid in self.rss if pid != root and pid not in tops]
        return {
            "parent": max((self.rss.get(p, 0) for p in tops), default=0) / 2**20,
            "worker": max((self.rss[p] for p in others), default=0) / 2**20,
            "parent_cpu": sum(self.cpu.get(p, 0.0) for p in tops),
            "worker_cpu": max((self.cpu.get(p, 0.0) for p in others), default=0.0),
        }


def cli_run(
    source: Path, out: Path, jobs: int, *, watch: bool = False, server: Server | None = None
) -> dict[str, float]:
    """One `attribution analyze SOURCE --jobs N` process: wall and CPU seconds, and with
    `watch`, the peak RSS of the parent and of its largest worker. Through `server`, the
    CPU seconds are the client's and those of the child the server forked for it (with
    its workers), and the child is the parent."""
    cmd = [sys.executable, "-m", "attribution", "analyze", str(source), "-o", str(out)]
    cmd += ["--jobs", str(jobs), "--quiet", "--no-progress"]
    served = server.children_cpu() if server is not None else 0.0
    start, cpu = time.perf_counter(), cpu_seconds()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=environment(server and server.folder))
    if server is not None:
        peaks = Peaks(server.pid, server=True) if watch else None
    else:
        peaks = Peaks(proc.pid) if watch else None
    code = proc.wait()
    seconds = time.perf_counter() - start
    sampled = peaks.stop() if peaks is not None else {}
    if code not in (0, 1):
        raise SystemExit(f"`{' '.join(cmd)}` failed with exit code {code}")
    used = cpu_seconds() - cpu
    if server is not None:
        used += server.children_cpu(after=served) - served
    return {"seconds": seconds, "cpu": used, **sampled}


class Server:
    """A warm server (`attribution server start`) in a private temporary folder."""

    def __init__(self, tmp: Path) -> None:
        self.folder = tmp / "server"
        self.folder.mkdir(mode=0o700)
        subprocess.run(
            self._command("start"), env=environment(self.folder), check=True, capture_output=True
        )
        status = subprocess.run(
            self._command("status"),
            env=environment(self.folder),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.pid = int(status.split("(pid ", 1)[1].split(",", 1)[0])

    def _command(self, what: str) -> list[str]:
        return [sys.executable, "-m", "attribution", "server", what]

    def children_cpu(self, after: float | None = None, wait: float = 5.0) -> float:
        """CPU seconds of the server's ended children (with their own ended children);
        with `after`, wait (up to `wait` s) until the last command's child is counted."""
        import psutil

        deadline = time.monotonic() + wait
        while True:
            times = psutil.Process(self.pid).cpu_times()
            total = times.children_user + times.children_system
            if after is None or total > after or time.monotonic() > deadline:
                return total
            time.sleep(0.02)

    def stop(self) -> None:
        subprocess.run(
            self._command("stop"), env=environment(self.folder), check=True, capture_output=True
        )


def startup(args: argparse.Namespace, tmp: Path) -> float:
    out = tmp / "short.jsonl"
    cli_run(SHORT_ARTICLE, out, 1)  # not counted: caches warm
    got = [cli_run(SHORT_ARTICLE, out, 1) for _ in range(args.repeat)]
    runs = [g["seconds"] for g in got]
    median, cpu = statistics.median(runs), statistics.median(g["cpu"] for g in got)
    print(f"\n1. start-up: one short article ({SHORT_ARTICLE.name}) through the command line")
    each = ", ".join(f"{t:.2f}" for t in runs)
    print(f"   {median:.2f} s (median; runs {each}), CPU {cpu:.2f} s (median); {load()}")
    return median


def timed(run: Callable[[], Iterator[object]]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one complete run."""
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in run():
        pass
    return time.perf_counter() - start, cpu_seconds() - cpu


def stock_pipeline() -> Any:
    """The default English pipeline as its package ships it (`spacy.load`), without the
    components and speed-ups attribution adds; None if none is installed."""
    import importlib.util

    import spacy

    from attribution.nlp.model import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name)
    return None


HUGE_PAGES = "NUMPY_MADVISE_HUGEPAGE"


def without_huge_pages() -> None:
    """Import numpy, for this process only, without its requests for huge pages.

    On Linux numpy asks the kernel for 2 MB pages for every array of 4 MB or more. The
    bare parse's batches of 16 whole articles make such arrays, `analyze_many`'s
    character-bounded batches do not, and once an `analyze_many` round has handed the
    memory back, the next bare round faults it in again, 2 MB zeroed at a time: 1.5 to 3
    s of system time per round that a bare parse run alone pays only once. Interleaved,
    that made the bare parse look up to 40% slower than it is (docs/experiments.md,
    sixteenth session). Both sides run without the requests; the processes of steps 1,
    3 and 4 start with the environment as it was."""
    if "numpy" in sys.modules:
        print(f"   numpy already imported: {HUGE_PAGES} cannot apply", file=sys.stderr)
        return
    before = os.environ.get(HUGE_PAGES)
    os.environ[HUGE_PAGES] = "0"
    try:
        import numpy  # noqa: F401
    finally:
        if before is None:
            del os.environ[HUGE_PAGES]
        else:
            os.environ[HUGE_PAGES] = before


def parse_ratio(args: argparse.Namespace, records: list[dict[str, str]]) -> None:
    without_huge_pages()
    from attribution import Analyzer

    texts = [r["text"] for r in records[: args.ratio_articles]]
    analyzer = Analyzer(models_dir=args.models)
    nlp, size = analyzer.nlp, analyzer.batch_size
    print(f"\n2. analyze_many against bare nlp.pipe, {len(texts)} articles, one process")
    print(f"   pipeline {analyzer.meta['model']}: {', '.join(nlp.pipe_names)}; before: {load()}")
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"   OPENBLAS_NUM_THREADS: {blas}; numpy's huge pages off in this process")

    def rounds(parse: Any, what: str) -> None:
        """`--repeat` rounds of `parse.pipe` then `analyze_many`, and the median ratio."""
        ratios = []
        # One whole round of each first, not counted: a first round also grows the heap to
        # what the batches need, which the bare parse's largest batch pays alone.
        timed(lambda: parse.pipe(texts, batch_size=size))
        timed(lambda: analyzer.analyze_many(texts))
        for _ in range(args.repeat):
            bare, bare_cpu = timed(lambda: parse.pipe(texts, batch_size=size))
            full, full_cpu = timed(lambda: analyzer.analyze_many(texts))
            ratios.append(bare / full)
            print(
                f"   {what} {bare:.2f} s ({bare_cpu:.2f} CPU s), analyze_many {full:.2f} s "
                f"({full_cpu:.2f} CPU s): {bare / full:.3f}x"
            )
        print(f"   median {statistics.median(ratios):.3f}x the {what}; after: {load()}")

    rounds(nlp, "bare parse")
    # Loaded only now, so that a second pipeline in memory does not disturb the rounds above.
    stock = stock_pipeline()
    if stock is not None:
        print(f"   against the stock pipeline {stock.meta['name']} as shipped (spacy.load):")
        rounds(stock, "stock parse")


def speedup(args: argparse.Namespace, records: list[dict[str, str]], tmp: Path) -> None:
    source = write_jsonl(records[: args.speedup_articles], tmp / "speedup.jsonl")
    count = min(len(records), args.speedup_articles)
    print(f"\n3. the command line, --jobs 2 against --jobs 1, {count} articles; before: {load()}")
    compare(source, tmp, args.repeat, None)
    repeat = args.repeat if args.server_repeat is None else args.server_repeat
    if not repeat:
        return
    print(f"   the same through a warm server (both sides); before: {load()}")
    server = Server(tmp)
    try:
        cli_run(SHORT_ARTICLE, tmp / "short.jsonl", 1, server=server)  # not counted
        compare(source, tmp, repeat, server)
    finally:
        server.stop()


def compare(source: Path, tmp: Path, repeat: int, server: Server | None) -> None:
    """`--jobs 1` against `--jobs 2` on `source`, interleaved, `repeat` times."""
    ratios, free = [], []
    for _ in range(repeat):
        one = cli_run(source, tmp / "one.jsonl", 1, server=server)
        two = cli_run(source, tmp / "two.jsonl", 2, watch=True, server=server)
        same = (tmp / "one.jsonl").read_bytes() == (tmp / "two.jsonl").read_bytes()
        ratios.append(one["seconds"] / two["seconds"])
        # On free cores, --jobs 2 takes at most its parent's CPU time plus its busiest
        # worker's: what it would take were the workers never kept waiting for a core.
        bound = two["parent_cpu"] + two["worker_cpu"]
        free.append(one["cpu"] / bound)
        print(
            f"   --jobs 1 {one['seconds']:.2f} s ({one['cpu']:.2f} CPU s), --jobs 2 "
            f"{two['seconds']:.2f} s ({two['cpu']:.2f} CPU s; parent {two['parent_cpu']:.2f}, "
            f"busiest worker {two['worker_cpu']:.2f}): {ratios[-1]:.2f}x; "
            f"output {'identical' if same else 'DIFFERENT'}"
        )
    how = "through the server" if server is not None else "cold"
    print(f"   median {statistics.median(ratios):.2f}x ({how}); after: {load()}")
    print(
        f"   on free cores, about {statistics.median(free):.2f}x (median; --jobs 1 CPU "
        "seconds over --jobs 2's parent plus busiest worker CPU seconds)"
    )


def scale(args: argparse.Namespace, records: list[dict[str, str]], tmp: Path, start: float) -> None:
    print(f"\n4. the command line on growing corpora ({args.path} cyclically); before: {load()}")
    head = f"   {'articles':>8}{'jobs':>5}{'seconds':>9}{'CPU s':>8}{'articles/s':>11}"
    print(f"{head}{'words/s':>9}{'  (no start-up)':>16}{'parent MB':>10}{'worker MB':>10}")
    for count in args.sizes:
        corpus = cyclic(records, count)
        source, n_words = write_jsonl(corpus, tmp / f"corpus-{count}.jsonl"), words(corpus)
        for jobs in args.scale_jobs:
            got = cli_run(source, tmp / f"out-{count}.jsonl", jobs, watch=True)
            secs = got["seconds"]
            work = max(secs - start, 1e-9)
            rates = f"{count / secs:>11.2f}{n_words / secs:>9,.0f}"
            rates += f"{count / work:>8.2f} a/s{n_words / work:>7,.0f} w/s"
            worker = f"{got['worker']:>10.0f}" if jobs > 1 else f"{'-':>10}"
            print(
                f"   {count:>8,}{jobs:>5}{secs:>9.1f}{got['cpu']:>8.1f}{rates}"
                f"{got['parent']:>10.0f}{worker}",
                flush=True,
            )
        source.unlink()
    print(f"   after: {load()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="JSONL with 'id' and 'text' per line, or a folder of .txt"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1_000])
    parser.add_argument("--scale-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--ratio-articles", type=int, default=40, help="0: skip")
    parser.add_argument("--speedup-articles", type=int, default=40)
    parser.add_argument(
        "--server-repeat",
        type=int,
        default=None,
        help="runs of step 3 through a warm server (default --repeat; 0: skip)",
    )
    parser.add_argument(
        "--models", type=Path, default=None, help="a models folder for step 2 (e.g. a tagger)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    records = load_records(args.path)
    print(f"corpus: {len(records)} articles, {words(records):,} words ({args.path})")
    with tempfile.TemporaryDirectory(prefix="throughput-") as folder:
        tmp = Path(folder)
        PYCACHE.append(str(tmp / "pycache"))
        start = startup(args, tmp)
        if args.ratio_articles:
            parse_ratio(args, records)
        speedup(args, records, tmp)
        if args.sizes:
            scale(args, records, tmp, start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
