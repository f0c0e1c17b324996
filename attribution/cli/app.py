"""The `attribution` command line. Only this module prints and chooses exit codes.

Exit codes: 0 all articles analysed; 1 some articles failed (each reported on stderr and
in the output's `error` field); 2 the command could not run (bad option, missing model,
broken rules file, unwritable output).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from attribution.cli import claims as cli_claims
from attribution.cli import learn as cli_learn
from attribution.cli import server as cli_server
from attribution.cli.common import (
    EXIT_ARTICLE_ERRORS,
    EXIT_FATAL,
    EXIT_OK,
    CliError,
    Parser,
    analyzer_options,
    make_analyzer,
    make_dir,
    open_out,
    positive_int,
    progress,
    progress_options,
    same_file,
    seconds,
)
from attribution.defaults import (
    DEFAULT_ARTICLE_TIMEOUT,
    DEFAULT_BATCH_CHARS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_CHARS,
    DEFAULT_MAX_CHARS,
    DEFAULT_PARTITION_SIZE,
)
from attribution.nlp.deferred import defer_spacy_cli
from attribution.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from attribution.analyzer import Analyzer
    from attribution.schema import Article

FORMATS = ("jsonl", "json", "csv", "html", "parquet")
OUTPUT_NAMES = (
    "attributions.jsonl",
    "quotes.csv",
    "speakers.csv",
    "articles.csv",
    "quotes.parquet",
    "speakers.parquet",
    "articles.parquet",
)
"""The fixed file names an output folder may get (checked against the inputs)."""


class _Writer(Protocol):
    def write(self, article: Article) -> None: ...
    def close(self) -> None: ...


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="attribution", description="Find quotations in news and who said them.")
    parser.add_argument("--version", action="version", version=f"attribution {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    an = sub.add_parser("analyze", help="analyse articles and write their attributions")
    an.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".txt file, folder of them, .jsonl file, or - for stdin",
    )
    an.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="output format (default: jsonl)",
    )
    an.add_argument(
        "--output",
        "-o",
        metavar="FILE|DIR",
        help="output file, or folder (html: a page per article, index.html, quotes.csv, "
        "speakers.csv, articles.csv, or FILE.html for one article; csv: quotes.csv, "
        "speakers.csv and articles.csv; parquet: the same tables as .parquet; "
        "json: one file per article)",
    )
    analyzer_options(an)
    an.add_argument(
        "--encoding", default="utf-8", help="encoding of text input files (default: utf-8)"
    )
    an.add_argument(
        "--input-format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="how to read PATHs (default: by file suffix; stdin is sniffed)",
    )
    an.add_argument(
        "--include-text", action="store_true", help="put each article's text in JSON/JSONL output"
    )
    an.add_argument(
        "--max-chars",
        type=positive_int,
        default=DEFAULT_MAX_CHARS,
        help="longest article accepted (default %(default)s characters)",
    )
    an.add_argument(
        "--batch-size",
        type=positive_int,
        default=DEFAULT_BATCH_SIZE,
        help="articles per nlp.pipe batch (default %(default)s)",
    )
    an.add_argument(
        "--batch-chars",
        type=positive_int,
        default=DEFAULT_BATCH_CHARS,
        help="characters per nlp.pipe batch: a batch closes at --batch-size articles or at "
        "this many characters, and a longer article goes alone (default %(default)s)",
    )
    an.add_argument(
        "--chunk-chars",
        type=positive_int,
        default=DEFAULT_CHUNK_CHARS,
        help="characters per parse of one article: a longer article is parsed in chunks of "
        "at most this many, cut at paragraph ends, and read as one (default %(default)s)",
    )
    an.add_argument(
        "--article-timeout",
        type=seconds,
        default=DEFAULT_ARTICLE_TIMEOUT,
        metavar="SECONDS",
        help="time budget per article, per 100,000 characters; an article that takes longer "
        "becomes an error record (default %(default)s; 0: none)",
    )
    an.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        metavar="N",
        help="worker processes (default 1; --engine dask: local cluster size, default all cores)",
    )
    an.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default), or a Dask cluster (needs the dask extra)",
    )
    an.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to use, e.g. tcp://host:8786 (default: start a local cluster)",
    )
    an.add_argument(
        "--partition-size",
        type=positive_int,
        default=DEFAULT_PARTITION_SIZE,
        metavar="N",
        help="articles per Dask partition (default %(default)s)",
    )
    progress_options(an, quiet="do not report failed articles on stderr")
    an.set_defaults(func=cmd_analyze)

    cli_learn.add_parsers(sub)
    cli_claims.add_parsers(sub)
    cli_server.add_parsers(sub, run=main)

    rules = sub.add_parser("rules", help="check or export the rule files")
    rsub = rules.add_subparsers(dest="rules_command", required=True, parser_class=Parser)
    check = rsub.add_parser(
        "check", help="validate a folder of rule files (default: the bundled ones)"
    )
    check.add_argument("dir", nargs="?", help="rules folder")
    check.set_defaults(func=cmd_rules_check)
    export = rsub.add_parser("export", help="copy the bundled rules into DIR for editing")
    export.add_argument("dir", help="destination folder (created)")
    export.set_defaults(func=cmd_rules_export)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: workers stopped, partial files removed."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command `argv` (default: this process's arguments, which a running warm
    server of this user takes over when it can; see `attribution server`)."""
    if argv is None:
        served = _through_server(sys.argv[1:])
        if served is not None:
            return served
    defer_spacy_cli()
    logging.basicConfig(level=logging.WARNING, format="attribution: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    _one_blas_thread(args.command)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        code: int = args.func(args)
        return code
    except CliError as exc:
        print(f"attribution: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt as exc:
        print("attribution: interrupted", file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        with contextlib.suppress(Exception):
            sys.stdout = None
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)


BLAS_THREADS = "OPENBLAS_NUM_THREADS"
ONE_BLAS_THREAD = ("analyze", "evaluate", "server")


def _one_blas_thread(command: str) -> None:
    """Analysis asks BLAS only for small products, one article at a time: a second
    OpenBLAS thread (numpy's default on 2 cores) spins beside the analysis, and `--jobs`
    workers already use the cores. Before numpy loads, `analyze`, `evaluate` and the warm
    server (and the processes they start) get one BLAS thread, unless the environment
    already sets it; `learn` keeps BLAS's default for training."""
    if command in ONE_BLAS_THREAD and "numpy" not in sys.modules:
        os.environ.setdefault(BLAS_THREADS, "1")


def _through_server(argv: list[str]) -> int | None:
    """The exit code of `argv` run by the warm server, or None to run it here. Only the
    standard library is imported on this path, so a command the server takes costs the
    client no start-up."""
    from attribution.scale.client import SWITCH, ServerLost, run_through_server

    debug = os.environ.get(SWITCH, "").lower() == "debug"

    def started(pid: int) -> None:
        if debug:
            print(f"attribution: through the server (pid {pid})", file=sys.stderr, flush=True)

    try:
        outcome = run_through_server(argv, on_start=started)
    except ServerLost as exc:
        print(f"attribution: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:  # before the command's child could be told
        print("attribution: interrupted", file=sys.stderr)
        return 130
    if debug and outcome.code is None:
        print(f"attribution: {outcome.why}", file=sys.stderr)
    return outcome.code


def cmd_analyze(args: argparse.Namespace) -> int:
    from attribution.formats.readers import read_paths

    if args.format == "html" and args.output in (None, "-"):
        raise CliError("--format html writes a folder of pages: add --output DIR")
    _check_paths_exist(args)
    _check_encoding(args.encoding)
    _check_engine_options(args)
    _check_output_shape(args)
    _check_output_is_not_input(args)
    analyzer = make_analyzer(
        args,
        max_chars=args.max_chars,
        batch_size=args.batch_size,
        batch_chars=args.batch_chars,
        chunk_chars=args.chunk_chars,
        article_timeout=args.article_timeout or None,
    )
    if args.engine == "dask":
        return _analyze_on_dask(analyzer, args)
    docs = read_paths(args.paths, encoding=args.encoding, input_format=args.input_format)
    if (args.jobs or 1) > 1:
        from attribution.scale.processes import analyze_in_processes

        articles = analyze_in_processes(analyzer, docs, jobs=args.jobs)
    else:
        articles = analyzer.analyze_many(docs)
    failed = 0
    seen: set[str] = set()
    try:
        with _outputs(args) as write:
            for article in progress(articles, args):
                write(article)
                if article.error is not None:
                    failed += 1
                    if not args.quiet:
                        print(f"attribution: {article.id}: {article.error}", file=sys.stderr)
                if article.id in seen and not args.quiet:
                    print(f"attribution: {article.id}: {repeated_id(args)}", file=sys.stderr)
                seen.add(article.id)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = f" {exc.filename}" if exc.filename else ""
        raise CliError(f"cannot write{where}: {exc.strerror or exc}") from None
    return EXIT_ARTICLE_ERRORS if failed else EXIT_OK


REPEATED_ID = "the id of an earlier article too"
"""The warning for an input id given twice (a JSONL file's ids are kept as written)."""


def repeated_id(args: argparse.Namespace) -> str:
    """`REPEATED_ID`, with what the two articles share in this run's output."""
    out = args.output or "-"
    if args.format == "json" and (Path(out).is_dir() or out.endswith(("/", "\\"))):
        return f"{REPEATED_ID} (each still gets a file of its own)"
    if args.engine == "dask" or args.format in ("jsonl", "json"):
        return f"{REPEATED_ID}: their records share it"
    tables = f"{REPEATED_ID}: their rows in the tables share it"
    return f"{tables} (each still gets a page of its own)" if args.format == "html" else tables


def _check_paths_exist(args: argparse.Namespace) -> None:
    """Refuse a path that does not exist before anything loads, so a typo fails at once.

    URLs (`s3://…`) are left to the Dask engine, which reads them itself.
    """
    missing = [p for p in args.paths if p != "-" and "://" not in p and not Path(p).exists()]
    if missing:
        which = "no such file or folder" if len(missing) == 1 else "no such files or folders"
        raise CliError(f"{which}: {', '.join(missing)}")


def _check_encoding(encoding: str) -> None:
    """Refuse an --encoding Python does not know before the model loads (not as an error
    record for every article)."""
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CliError(
            f"unknown encoding '{encoding}' (--encoding): try utf-8, cp1252, latin-1 or utf-16"
        ) from None


def _output_files(args: argparse.Namespace) -> list[Path]:
    """The files an analyze run may write (a folder's fixed names), for the input check."""
    out = args.output
    if out in (None, "-"):
        return []
    path = Path(out)
    folder = args.format in ("html", "parquet") and not _is_page_file(args)
    if folder or path.is_dir() or out.endswith(("/", "\\")) or args.engine == "dask":
        return [path / name for name in OUTPUT_NAMES]
    return [path]


def _check_output_is_not_input(args: argparse.Namespace) -> None:
    """Refuse an output that is, or resolves to, one of the inputs (it would be emptied
    before it is read), an output folder that is an input folder, and an output file of a
    suffix the reader takes (`.txt`) inside an input folder."""
    from attribution.formats.readers import TEXT_SUFFIXES

    inputs = [Path(p) for p in args.paths if p != "-"]
    out = args.output
    if out in (None, "-") or not inputs:
        return
    targets = [Path(out), *_output_files(args)]
    for source in inputs:
        for target in targets:
            if same_file(source, target):
                raise CliError(f"output {out} is the input {source}: choose another output")
        if source.is_dir() and Path(out).is_dir() and same_file(source, Path(out)):
            raise CliError(f"output folder {out} is the input folder {source}")
        if source.is_dir():
            for target in targets:
                if target.suffix.lower() in TEXT_SUFFIXES and _inside(target, source):
                    raise CliError(
                        f"output {target} is inside the input folder {source}, where the next "
                        "run would read it as an article: choose another output"
                    )


def _inside(path: Path, folder: Path) -> bool:
    """Is `path` (which may not exist yet) below `folder`, links resolved?"""
    return path.resolve().is_relative_to(folder.resolve())


def _check_engine_options(args: argparse.Namespace) -> None:
    """Refuse option combinations the chosen engine cannot honour, before the model loads."""
    if args.engine != "dask":
        if args.scheduler:
            raise CliError("--scheduler needs --engine dask")
        return
    from attribution.scale.dask_engine import EngineError, require_dask

    try:
        require_dask()
    except EngineError as exc:
        raise CliError(str(exc)) from None
    if args.format not in ("jsonl", "parquet"):
        raise CliError("--engine dask writes --format jsonl or parquet")
    if not args.output or args.output == "-":
        raise CliError("--engine dask writes partitioned files: pass --output DIR")


def _analyze_on_dask(analyzer: Analyzer, args: argparse.Namespace) -> int:
    """Run on a Dask cluster; output is part-NNNNNN files in the --output folder."""
    from attribution.scale.dask_engine import EngineError, run

    logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO chatter is not ours
    bar = None
    show = sys.stderr.isatty() if args.progress is None else args.progress

    def started(dashboard: str | None, partitions: int) -> None:
        nonlocal bar
        if not show:
            return
        from tqdm import tqdm

        if dashboard:
            print(f"attribution: Dask dashboard: {dashboard}", file=sys.stderr)
        bar = tqdm(total=partitions, desc="partitions", unit="part", file=sys.stderr)

    try:
        summary = run(
            analyzer,
            args.paths,
            args.output,
            fmt=args.format,
            scheduler=args.scheduler,
            workers=args.jobs,
            partition_size=args.partition_size,
            include_text=args.include_text,
            encoding=args.encoding,
            on_start=started,
            on_done=lambda _: bar.update() if bar is not None else None,
        )
    except EngineError as exc:
        raise CliError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        for doc_id, error in summary.failed:
            print(f"attribution: {doc_id}: {error}", file=sys.stderr)
        for doc_id in summary.repeated:
            print(f"attribution: {doc_id}: {repeated_id(args)}", file=sys.stderr)
    return EXIT_ARTICLE_ERRORS if summary.failed else EXIT_OK


def _is_page_file(args: argparse.Namespace) -> bool:
    """`--format html --output NAME.html` (not an existing folder): one article, one page."""
    out = args.output
    return (
        args.format == "html"
        and out is not None
        and out.lower().endswith((".html", ".htm"))
        and not Path(out).is_dir()
    )


def _check_output_shape(args: argparse.Namespace) -> None:
    """Refuse, before the model loads, an output that cannot hold what the input gives."""
    if _is_page_file(args):
        from attribution.formats.readers import count_documents

        count = count_documents(args.paths, input_format=args.input_format)
        if count is not None and count > 1:
            raise CliError(
                f"--output {args.output} is one page, but the input holds {count} articles: "
                "pass --output DIR for a page per article and an index"
            )
    if args.format == "parquet" and args.engine != "dask":
        out = args.output
        if out in (None, "-"):
            raise CliError("--format parquet writes a folder of tables: add --output DIR")
        if out.lower().endswith(".parquet") and not Path(out).is_dir():
            raise CliError(
                "--format parquet writes quotes.parquet, speakers.parquet and "
                f"articles.parquet into a folder: pass --output DIR, not {out}"
            )


@contextlib.contextmanager
def _outputs(args: argparse.Namespace) -> Iterator[Callable[[Article], None]]:
    """A `write(article)` callable for the chosen format and destination."""
    out = args.output
    as_dir = out is not None and (Path(out).is_dir() or out.endswith(("/", "\\")))
    if _is_page_file(args):
        with _one_page(out) as write:
            yield write
        return
    if args.format == "parquet":
        with _parquet_folder(out) as write:
            yield write
        return
    if args.format == "html" or (as_dir and args.format == "csv"):
        with _report_folder(out, html=args.format == "html") as write:
            yield write
        return
    if as_dir and args.format != "jsonl":
        from attribution.formats.writers import UniqueNames

        folder, names = make_dir(out), UniqueNames()
        yield lambda article: _write_one(folder / names.name_for(article.id), article, args)
        return
    if as_dir:
        out = str(make_dir(out) / "attributions.jsonl")
    with open_out(out, args.format) as handle:
        writer = _writer(handle, args)
        yield writer.write
        writer.close()  # not after a failure: a cut JSON array must not look complete


@contextlib.contextmanager
def _one_page(path: str) -> Iterator[Callable[[Article], None]]:
    """The report of a single article written to the file `path` when the run ends; a
    second article is an error (input on stdin is only counted as it arrives)."""
    from attribution.report.writer import render_article

    got: list[Article] = []

    def write(article: Article) -> None:
        if got:
            raise CliError(
                f"--output {path} is one page, but the input holds more than one article: "
                "pass --output DIR for a page per article and an index"
            )
        got.append(article)

    yield write
    if got and got[0].error is None:
        make_dir(str(Path(path).parent))
        with open_out(path, "html") as handle:
            handle.write(render_article(got[0]))


@contextlib.contextmanager
def _parquet_folder(path: str) -> Iterator[Callable[[Article], None]]:
    """quotes.parquet, speakers.parquet and articles.parquet (the DataFrames of
    `report.tables`), written through pandas when the run ends."""
    from attribution.report.tables import ParquetError, TableRows, write_parquet

    folder = make_dir(path)
    _check_writable(folder)
    rows = TableRows()
    yield rows.add
    try:
        write_parquet(rows.tables(), folder)
    except ParquetError as exc:
        raise CliError(str(exc)) from None


def _check_writable(folder: Path) -> None:
    """Fail before the analysis, not after the whole batch, when `folder` takes no file
    (the Parquet tables are written only when the run ends)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise CliError(f"cannot write to {folder}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def _report_folder(path: str, *, html: bool) -> Iterator[Callable[[Article], None]]:
    """Reports (html) or the CSV set (csv) written into a folder: quotes.csv,
    speakers.csv and articles.csv, with a page per article and index.html for html."""
    from attribution.report.writer import ReportError, ReportWriter

    try:
        writer = ReportWriter(Path(path), html=html)
    except ReportError as exc:
        raise CliError(str(exc)) from None

    def write(article: Article) -> None:
        try:
            writer.write(article)
        except ReportError as exc:
            raise CliError(str(exc)) from None

    try:
        yield write
    except BaseException:
        writer.abort()
        raise
    try:
        writer.close()
    except ReportError as exc:
        raise CliError(str(exc)) from None


def _writer(handle: IO[str], args: argparse.Namespace) -> _Writer:
    from attribution.formats.writers import CsvWriter, JsonlWriter, JsonWriter

    if args.format == "csv":
        return CsvWriter(handle)
    if args.format == "json":
        return JsonWriter(handle, include_text=args.include_text)
    return JsonlWriter(handle, include_text=args.include_text)


def _write_one(stem: Path, article: Article, args: argparse.Namespace) -> None:
    with open_out(f"{stem}.{args.format}", args.format) as handle:
        writer = _writer(handle, args)
        writer.write(article)
        writer.close()


def cmd_rules_check(args: argparse.Namespace) -> int:
    from attribution.ruleset.loader import RulesError, load_rules

    try:
        rules = load_rules(args.dir)
    except RulesError as exc:
        raise CliError(str(exc)) from None
    print(
        f"rules OK: {len(rules.cues)} cue words, {len(rules.quote_pairs)} quote-mark pairs, "
        f"{len(rules.patterns) + len(rules.claims.patterns)} patterns; "
        f"{len(rules.decisions.rule_base)} base scores, every rule id agreeing with the code"
    )
    for source in rules.sources:
        print(f"  {source}")
    return EXIT_OK


def cmd_rules_export(args: argparse.Namespace) -> int:
    from attribution.ruleset.loader import RULE_FILES, bundled_rules_dir

    dest = make_dir(args.dir)
    for name in RULE_FILES:
        target = dest / name
        if target.exists():
            raise CliError(f"{target} exists; export into an empty folder")
        shutil.copyfile(bundled_rules_dir() / name, target)
    print(f"copied {len(RULE_FILES)} rule files to {dest}; edit them and pass --rules {dest}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
