"""Time and peak memory of writing HTML reports for a batch, at several batch sizes.

    python benchmarks/report_batch.py ../shared/datasets/polnear/dev.jsonl [--counts 100 500]

PATH is a JSONL file of `{"id", "text"}` articles; they are repeated (with new ids) to
reach each count. Two measurements, each in a fresh child process so that its peak
resident memory is its own:

- `analyze --format html`: the whole command, `attribution analyze BATCH --format html
  --output DIR` (parse, extract, one page per article, index.html, the two CSVs);
- `analyze --format jsonl`: the same command writing JSONL, the baseline that tells
  what the analysis itself costs (spaCy's string store grows with new words);
- `reports only`: `ReportWriter` fed articles already analysed (read back from JSONL),
  which is the report code alone, without spaCy.

Memory that stays flat as the count grows is what "constant memory" means here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def repeat_batch(source: Path, count: int, dest: Path) -> Path:
    """A JSONL of `count` articles: the source's, repeated with distinct ids."""
    with source.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if not records:
        raise SystemExit(f"{source}: no articles")
    with dest.open("w", encoding="utf-8") as out:
        for n, rec in zip(range(count), itertools.cycle(records), strict=False):
            out.write(json.dumps({"id": f"{rec['id']}~{n}", "text": rec["text"]}) + "\n")
    return dest


def measure(cmd: list[str]) -> tuple[float, float]:
    """Run a command; its wall time in seconds and its peak resident memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def child_reports(analysed: Path, count: int, out: Path) -> None:
    """Write reports for `count` articles read back (round robin) from analysed JSONL."""
    from attribution.report.writer import ReportWriter
    from attribution.schema import article_from_dict

    lines = [line for line in analysed.read_text("utf-8").splitlines() if line.strip()]
    writer = ReportWriter(out)
    for n, line in zip(range(count), itertools.cycle(lines), strict=False):
        record = json.loads(line)
        record["id"] = f"{record['id']}~{n}"
        writer.write(article_from_dict(record))
    writer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="JSONL with an 'id' and a 'text' per line")
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 500])
    parser.add_argument(
        "--report-counts",
        type=int,
        nargs="+",
        default=[100, 500, 2000],
        help="batch sizes for the reports-only runs",
    )
    parser.add_argument(
        "--baseline",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the same batches written as JSONL (default: yes)",
    )
    parser.add_argument("--child-reports", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_reports:
        analysed, count, out = args.child_reports
        child_reports(Path(analysed), int(count), Path(out))
        return 0

    me = [sys.executable, str(Path(__file__).resolve())]
    cli = [sys.executable, "-m", "attribution", "analyze"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="report-batch-") as tmp:
        work = Path(tmp)
        for count in args.counts:
            batch = repeat_batch(args.path, count, work / f"batch-{count}.jsonl")
            out = work / f"html-{count}"
            cmd = [*cli, str(batch), "--format", "html", "-o", str(out), "--no-progress", "-q"]
            rows.append(("analyze --format html", count, *measure(cmd)))
            if args.baseline:
                cmd = [*cli, str(batch), "-o", str(work / f"{count}.jsonl"), "--no-progress", "-q"]
                rows.append(("analyze --format jsonl", count, *measure(cmd)))
        unique = repeat_batch(args.path, 100, work / "unique.jsonl")
        analysed = work / "analysed.jsonl"
        subprocess.run(
            [*cli, str(unique), "--include-text", "-o", str(analysed), "-q"], check=False
        )
        for count in args.report_counts:
            out = work / f"reports-{count}"
            rows.append(
                (
                    "reports only",
                    count,
                    *measure(
                        [
                            *me,
                            str(args.path),
                            "--child-reports",
                            str(analysed),
                            str(count),
                            str(out),
                        ]
                    ),
                )
            )
        pages = sum(1 for _ in (work / f"reports-{args.report_counts[-1]}").glob("*.html"))
    print(f"{'run':<24}{'articles':>9}{'seconds':>10}{'articles/s':>12}{'peak RSS MB':>13}")
    for name, count, seconds, rss in rows:
        print(f"{name:<24}{count:>9,}{seconds:>10.1f}{count / seconds:>12.1f}{rss:>13.0f}")
    print(f"(last reports-only run wrote {pages:,} HTML files including index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
