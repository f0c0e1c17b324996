"""What the commands share: errors, exit codes, option types, the analyzer, the progress
bar and output files. Only the command-line modules print and choose exit codes."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from attribution.analyzer import Analyzer
    from attribution.schema import Article

EXIT_OK, EXIT_ARTICLE_ERRORS, EXIT_FATAL = 0, 1, 2


class CliError(Exception):
    """A fatal, user-facing error: printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_FATAL, f"{self.prog}: error: {message} (see --help)\n")


def progress_options(parser: argparse.ArgumentParser, *, quiet: str) -> None:
    """`--progress` / `--no-progress` and `--quiet`, alike for every long command; `quiet`
    says what the command leaves off stderr."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help=quiet)


def analyzer_options(parser: argparse.ArgumentParser, *, classifiers: bool = True) -> None:
    """The options that choose the pipeline, the rules and the trained classifiers."""
    parser.add_argument(
        "--model", metavar="NAME", help="spaCy pipeline to load (package name or path)"
    )
    parser.add_argument(
        "--rules", metavar="DIR", help="folder of edited rule files overriding the bundled ones"
    )
    if not classifiers:
        return
    parser.add_argument(
        "--no-model",
        dest="use_model",
        action="store_false",
        help="decide by the rules alone, without the trained classifiers",
    )
    parser.add_argument(
        "--models", metavar="DIR", help="trained classifiers to use (from `attribution train`)"
    )
    parser.add_argument(
        "--no-disputes",
        dest="disputes",
        action="store_false",
        help="leave the disputed flags unset (null); claim types and quotes are unchanged",
    )


def non_negative_int(value: str) -> int:
    try:
        return 0 if value.strip() == "0" else positive_int(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got '{value}'") from None


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{value}'") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {n}")
    return n


def non_negative(unit: str) -> Callable[[str], float]:
    """An argparse type: a number of `unit` (seconds, minutes), 0 or more (0: no limit)."""

    def parse(value: str) -> float:
        try:
            n = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {unit}, got '{value}'") from None
        if not n >= 0 or n == float("inf"):
            raise argparse.ArgumentTypeError(f"expected 0 or more {unit}, got {value}")
        return n

    parse.__name__ = unit
    return parse


seconds = non_negative("seconds")


def make_analyzer(args: argparse.Namespace, **kwargs: Any) -> Analyzer:
    from attribution.analyzer import Analyzer
    from attribution.nlp.model import ModelError
    from attribution.ruleset.loader import RulesError
    from attribution.weights.store import ModelFileError

    try:
        options: dict[str, Any] = {
            "use_model": getattr(args, "use_model", True),
            "models_dir": getattr(args, "models", None),
            "disputes": getattr(args, "disputes", True),
        }
        options.update(kwargs)
        analyzer = Analyzer(model=args.model, rules_dir=args.rules, **options)
    except (ModelError, RulesError, ModelFileError) as exc:
        raise CliError(str(exc)) from None
    # The analyzer lives as long as the command. Frozen out of the garbage collector's
    # reach, its objects (the pipeline above all) are not walked again by each later
    # collection, nor by the one at exit: about 0.15 s of a one-article run.
    gc.freeze()
    return analyzer


def progress(articles: Iterator[Article], args: argparse.Namespace) -> Iterator[Article]:
    choice = getattr(args, "progress", None)
    show = sys.stderr.isatty() if choice is None else choice
    if not show:
        return articles
    from tqdm import tqdm

    from attribution.formats.readers import count_documents

    paths = getattr(args, "paths", None)
    total = count_documents(paths, input_format=args.input_format) if paths else None
    # No monitor thread: a process that has had a second thread runs the analysis about
    # 10% slower (glibc's malloc leaves its single-threaded path), and so do the `--jobs`
    # workers forked from it. The bar still updates with each article.
    tqdm.monitor_interval = 0
    return iter(tqdm(articles, desc="analysing", unit="article", total=total, file=sys.stderr))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (or, when one does not exist yet, resolve alike)."""
    import os

    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def make_dir(path: str) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    return folder


@contextlib.contextmanager
def open_out(path: str | None, fmt: str) -> Iterator[IO[str]]:
    """stdout, or a file written under a temporary name and renamed into place when the
    block completes: an interrupted or failed run leaves no file, never a partial one."""
    from attribution.formats.writers import atomic_output

    if path is None or path == "-":
        yield sys.stdout
        return
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        opened = atomic_output(path, encoding=encoding, newline="" if fmt == "csv" else None)
        handle = opened.__enter__()
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        yield handle
    except BaseException:
        opened.__exit__(*sys.exc_info())
        raise
    try:
        opened.__exit__(None, None, None)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
