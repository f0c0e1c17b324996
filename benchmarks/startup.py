"""Start-up time: one short article end to end through the command line.

    python benchmarks/startup.py [--runs 5] [--article examples/harbour-strike.txt]

Runs `python -m attribution analyze ARTICLE` as a fresh process `--runs` times and prints
the median wall-clock time against the target (1.5 s), with the median time of
`python -c "import attribution.analyzer"` and of a bare interpreter. One more run under
`-X importtime` gives the import time of each library (self times summed by top-level
package) and says whether scikit-learn or scipy were imported: analysing must need
neither. A last process times the phases in turn (import, spaCy pipeline, analyzer
set-up, one article).

These are cold figures (`ATTRIBUTION_SERVER=off`): what a first run costs. Then a warm
server is started in a temporary folder (`attribution server start`), the same command
is timed `--runs` times through it against the target of issue 21 (1.0 s), and the
server is stopped.

The checkout this script sits in is what runs, whatever is installed, with its bytecode
cached as an installed package has it: the processes write and read `.pyc` files under
a temporary `PYTHONPYCACHEPREFIX` (filled by a first run that is not counted, deleted at
the end). When the environment sets `PYTHONDONTWRITEBYTECODE`, so that every start
compiles the checkout's modules anew, the end-to-end figure is also given that way.
Other programs slow every figure alike: the load average is printed with them.
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
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
SERVER_TARGET_SECONDS = 1.0
LIBRARIES = ("sklearn", "scipy", "pandas", "textacy", "pygal", "jinja2")
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


def environment(cache: str | None, server: str | None = None) -> dict[str, str]:
    """This checkout first on the path, so an installed copy is not what gets timed;
    bytecode cached under `cache` (None: the environment as it is); in-process, or
    through the server whose folder is `server`."""
    env = dict(os.environ)
    env.pop("ATTRIBUTION_SERVER_DIR", None)
    if server is None:
        env["ATTRIBUTION_SERVER"] = "off"
    else:
        env.pop("ATTRIBUTION_SERVER", None)
        env["ATTRIBUTION_SERVER_DIR"] = server
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    if cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def median_of(runs: int, args: list[str], env: dict[str, str]) -> tuple[float, list[float]]:
    """The median wall-clock seconds of `runs` processes from start to exit, and each."""
    return statistics.median(times := [timed(args, env)[0] for _ in range(runs)]), times


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one process; CPU time is the figure
    that other programs on the machine disturb least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(args, env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def import_profile(article: Path, env: dict[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """Seconds of import by top-level package (self times summed) in one `analyze` run,
    and for each package imported, the module outside it that first imported it."""
    proc = run(["-X", "importtime", "-m", "attribution", "analyze", str(article)], env)
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


def through_server(analyze: list[str], cache: str, runs: int) -> tuple[float, list[float], float]:
    """The median wall-clock seconds of `analyze` through a warm server (started in a
    temporary folder for this, stopped after), each run's, and the client's median CPU."""
    with tempfile.TemporaryDirectory(prefix="server-") as folder:
        os.chmod(folder, 0o700)
        env = environment(cache, folder)
        run(["-m", "attribution", "server", "start"], env)
        try:
            run(analyze, env)  # the server's first child; not counted
            pairs = [timed(analyze, env) for _ in range(runs)]
        finally:
            run(["-m", "attribution", "server", "stop"], env)
    times = [wall for wall, _ in pairs]
    return statistics.median(times), times, statistics.median(c for _, c in pairs)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--article", type=Path, default=ROOT / "examples" / "harbour-strike.txt")
    args = parser.parse_args()
    article = str(args.article.resolve())
    analyze = ["-m", "attribution", "analyze", article]
    print(f"load average before: {loadavg()}")
    with tempfile.TemporaryDirectory(prefix="pycache-") as cache:
        env = environment(cache)
        run(analyze, env)  # fills the bytecode cache; not counted
        bare, _ = median_of(args.runs, ["-c", "pass"], env)
        imported, _ = median_of(args.runs, ["-c", "import attribution.analyzer"], env)
        pairs = [timed(analyze, env) for _ in range(args.runs)]
        times = [wall for wall, _ in pairs]
        end_to_end, cpu = statistics.median(times), statistics.median(c for _, c in pairs)
        by_package, importer = import_profile(args.article.resolve(), env)
        steps = json.loads(run(["-c", PHASES, article], env).stdout)
        served, served_runs, served_cpu = through_server(analyze, cache, args.runs)
    print(f"bare interpreter:            {bare:.2f} s (median of {args.runs})")
    print(f"import attribution.analyzer: {imported:.2f} s (median of {args.runs})")
    print(
        f"analyze {args.article.name}, end to end: {end_to_end:.2f} s (median; runs "
        f"{', '.join(f'{t:.2f}' for t in times)}); target {TARGET_SECONDS} s: "
        f"{'met' if end_to_end < TARGET_SECONDS else 'missed'}; CPU {cpu:.2f} s (median)"
    )
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        uncached, _ = median_of(args.runs, analyze, environment(None))
        print(
            f"  the same as this environment runs it (PYTHONDONTWRITEBYTECODE: the "
            f"checkout compiled at every start): {uncached:.2f} s"
        )
    print(
        f"analyze {args.article.name}, end to end through a running server: {served:.2f} s "
        f"(median; runs {', '.join(f'{t:.2f}' for t in served_runs)}); target "
        f"{SERVER_TARGET_SECONDS} s: {'met' if served < SERVER_TARGET_SECONDS else 'missed'}; "
        f"client CPU {served_cpu:.2f} s (median)"
    )
    heavy = sorted(by_package.items(), key=lambda kv: -kv[1])[:8]
    print("imports of one run, by package: " + ", ".join(f"{k} {v:.2f} s" for k, v in heavy))
    for library in LIBRARIES:
        how = f"imported by {importer[library]}" if library in importer else "not imported"
        print(f"  {library}: {how}")
    print("phases in one process:")
    for step, seconds in steps.items():
        print(f"  {step}: {seconds:.2f} s")
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
