"""Start-up time: one short article end to end through the command line.

    python benchmarks/startup.py [--runs 5] [--article examples/harbour-strike.txt]

Runs `python -m attribution analyze ARTICLE` as a fresh process `--runs` times and prints
the median wall-clock time against the target (1.5 s), with the median time of
`python -c "import attribution.analyzer"` and of a bare interpreter. One more run under
`-X importtime` gives the import time of each library (self times summed by top-level
package) and says whether scikit-learn or scipy were imported: analysing must need
neither. A last process times the phases in turn (import, spaCy pipeline, analyzer
set-up, one article). The checkout this script sits in is what runs, whatever is
installed. Other programs slow every figure alike: the load average is printed with
them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
PHASES = """
import json, sys, time
t0 = time.perf_counter()
from attribution.analyzer import Analyzer
from attribution.nlp.model import load_model
t1 = time.perf_counter()
load_model(None)
t2 = time.perf_counter()
analyzer = Analyzer()
t3 = time.perf_counter()
analyzer.analyze(open(sys.argv[1], encoding="utf-8").read())
t4 = time.perf_counter()
print(json.dumps({"import attribution.analyzer": t1 - t0, "load the spaCy pipeline": t2 - t1,
                  "Analyzer() (rules, models, matchers)": t3 - t2, "analyze the article": t4 - t3}))
"""


def environment() -> dict[str, str]:
    """This checkout first on the path, so an installed copy is not what gets timed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def wall(args: list[str]) -> float:
    """Seconds one process takes from start to exit (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=environment(), check=True, capture_output=True)
    return time.perf_counter() - start


def median_of(runs: int, args: list[str]) -> tuple[float, list[float]]:
    times = [wall(args) for _ in range(runs)]
    return statistics.median(times), times


def import_profile(article: Path) -> tuple[dict[str, float], dict[str, str]]:
    """Seconds of import by top-level package (self times summed) in one `analyze` run,
    and for each package imported, the module outside it that first imported it."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "attribution", "analyze", str(article)],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []  # (depth, module, self seconds); -X importtime lists children before parents
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line[len("import time:") :].split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2
            rows.append((depth, name.strip(), int(own) / 1e6))
    by_package: dict[str, float] = defaultdict(float)
    importer: dict[str, str] = {}
    for i, (depth, module, seconds) in enumerate(rows):
        package = module.split(".")[0]
        by_package[package] += seconds
        if package not in importer:
            importer[package] = _importer(rows, i, depth, package)
    return dict(by_package), importer


def _importer(rows: list[tuple[int, str, float]], i: int, depth: int, package: str) -> str:
    """The first module outside `package` above row `i` in the import tree."""
    for later_depth, module, _ in rows[i + 1 :]:
        if later_depth < depth:
            if module.split(".")[0] != package:
                return module
            depth = later_depth
    return "the command"


def phases(article: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", PHASES, str(article)],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(proc.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--article", type=Path, default=ROOT / "examples" / "harbour-strike.txt")
    args = parser.parse_args()
    article = args.article.resolve()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    python = [sys.executable]
    bare, _ = median_of(args.runs, [*python, "-c", "pass"])
    imported, _ = median_of(args.runs, [*python, "-c", "import attribution.analyzer"])
    end_to_end, times = median_of(
        args.runs, [*python, "-m", "attribution", "analyze", str(article)]
    )
    by_package, importer = import_profile(article)
    steps = phases(article)
    print(f"bare interpreter:                 {bare:.2f} s (median of {args.runs})")
    print(f"import attribution.analyzer:      {imported:.2f} s (median of {args.runs})")
    print(
        f"analyze {article.name} end to end: {end_to_end:.2f} s (median of {args.runs}: "
        f"{', '.join(f'{t:.2f}' for t in times)}); target {TARGET_SECONDS} s: "
        f"{'met' if end_to_end < TARGET_SECONDS else 'missed'}"
    )
    heavy = sorted(by_package.items(), key=lambda kv: -kv[1])[:8]
    print("imports of that run, by package: " + ", ".join(f"{k} {v:.2f} s" for k, v in heavy))
    for library in ("sklearn", "scipy", "pandas", "textacy", "pygal", "jinja2"):
        how = f"imported by {importer[library]}" if library in importer else "not imported"
        print(f"  {library}: {how}")
    print("phases in one process:")
    for step, seconds in steps.items():
        print(f"  {step}: {seconds:.2f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
