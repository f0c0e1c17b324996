"""The `attribution` command line. Only this module prints and chooses exit codes.

Exit codes: 0 all articles analysed; 1 some articles failed (each reported on stderr and
in the output's `error` field); 2 the command could not run (bad option, missing model,
broken rules file, unwritable output).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, Protocol

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from .gold import GoldDoc
    from .pipeline import Analyzer, Document
    from .schema import Article

EXIT_OK, EXIT_ARTICLE_ERRORS, EXIT_FATAL = 0, 1, 2
FORMATS = ("jsonl", "json", "csv", "html", "parquet")
BASELINES = ("textacy",)


class CliError(Exception):
    """A fatal, user-facing error: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_FATAL, f"{self.prog}: error: {message} (see --help)\n")


class _Writer(Protocol):
    def write(self, article: Article) -> None: ...
    def close(self) -> None: ...


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="attribution", description="Find quotations in news and who said them.")
    parser.add_argument("--version", action="version", version=f"attribution {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
        help="output format (default: jsonl; parquet needs --engine dask)",
    )
    an.add_argument(
        "--output",
        "-o",
        metavar="FILE|DIR",
        help="output file, or folder (html: a page per article, index.html, quotes.csv, "
        "speakers.csv; csv: quotes.csv and speakers.csv; json: one file per article)",
    )
    _analyzer_options(an)
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
        "--max-chars", type=_positive_int, default=5_000_000, help="longest article accepted"
    )
    an.add_argument(
        "--batch-size", type=_positive_int, default=16, help="articles per nlp.pipe batch"
    )
    an.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
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
        type=_positive_int,
        default=200,
        metavar="N",
        help="articles per Dask partition (default 200)",
    )
    an.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    an.add_argument(
        "--quiet", "-q", action="store_true", help="do not report failed articles on stderr"
    )
    an.set_defaults(func=cmd_analyze)

    ev = sub.add_parser(
        "evaluate", help="score the analyzer (or a saved output) against labelled data"
    )
    ev.add_argument(
        "gold", metavar="GOLD", help="gold JSONL, or a reviewed CSV written by analyze --format csv"
    )
    ev.add_argument(
        "--system",
        metavar="SYSTEM.jsonl",
        help="score this saved analyze output instead of running",
    )
    ev.add_argument(
        "--baseline",
        choices=BASELINES,
        action="append",
        default=[],
        help="also run this system on the same texts and show it side by side",
    )
    ev.add_argument(
        "--texts", nargs="+", metavar="PATH", help="article texts for a CSV gold (as for analyze)"
    )
    ev.add_argument(
        "--errors",
        type=_non_negative_int,
        default=0,
        metavar="N",
        help="list N missed, N spurious and N wrong-speaker cases",
    )
    ev.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    ev.add_argument(
        "--output", "-o", metavar="FILE", help="write the figures here instead of stdout"
    )
    ev.add_argument(
        "--limit", type=_positive_int, metavar="N", help="evaluate only the first N documents"
    )
    ev.add_argument(
        "--bootstrap",
        type=_non_negative_int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the 95%% intervals (0: none)",
    )
    _analyzer_options(ev)
    ev.set_defaults(func=cmd_evaluate)

    rules = sub.add_parser("rules", help="check or export the rule files")
    rsub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    check = rsub.add_parser(
        "check", help="validate a folder of rule files (default: the bundled ones)"
    )
    check.add_argument("dir", nargs="?", help="rules folder")
    check.set_defaults(func=cmd_rules_check)
    export = rsub.add_parser("export", help="copy the bundled rules into DIR for editing")
    export.add_argument("dir", help="destination folder (created)")
    export.set_defaults(func=cmd_rules_export)
    return parser


def _analyzer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", metavar="NAME", help="spaCy pipeline to load (package name or path)"
    )
    parser.add_argument(
        "--rules", metavar="DIR", help="folder of edited rule files overriding the bundled ones"
    )


def _non_negative_int(value: str) -> int:
    return 0 if value.strip() == "0" else _positive_int(value)


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{value}'") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {n}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="attribution: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except CliError as exc:
        print(f"attribution: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        print("attribution: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        with contextlib.suppress(Exception):
            sys.stdout = None
        return EXIT_OK


def _make_analyzer(args: argparse.Namespace, **kwargs: Any) -> Analyzer:
    from .nlp import ModelError
    from .pipeline import Analyzer
    from .rules import RulesError

    try:
        return Analyzer(model=args.model, rules_dir=args.rules, **kwargs)
    except (ModelError, RulesError) as exc:
        raise CliError(str(exc)) from None


def cmd_analyze(args: argparse.Namespace) -> int:
    from .io import read_paths

    if args.format == "html" and args.output in (None, "-"):
        raise CliError("--format html writes a folder of pages: add --output DIR")
    _check_engine_options(args)
    analyzer = _make_analyzer(args, max_chars=args.max_chars, batch_size=args.batch_size)
    if args.engine == "dask":
        return _analyze_on_dask(analyzer, args)
    docs = read_paths(args.paths, encoding=args.encoding, input_format=args.input_format)
    failed = 0
    with _outputs(args) as write:
        for article in _progress(analyzer.analyze_many(docs, jobs=args.jobs or 1), args):
            write(article)
            if article.error is not None:
                failed += 1
                if not args.quiet:
                    print(f"attribution: {article.id}: {article.error}", file=sys.stderr)
    return EXIT_ARTICLE_ERRORS if failed else EXIT_OK


def _check_engine_options(args: argparse.Namespace) -> None:
    """Refuse option combinations the chosen engine cannot honour, before the model loads."""
    if args.engine != "dask":
        if args.scheduler:
            raise CliError("--scheduler needs --engine dask")
        if args.format == "parquet":
            raise CliError("--format parquet needs --engine dask (or use jsonl, json, csv)")
        return
    from .dask_engine import EngineError, require_dask

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
    from .dask_engine import EngineError, run

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
    return EXIT_ARTICLE_ERRORS if summary.failed else EXIT_OK


def _progress(articles: Iterator[Article], args: argparse.Namespace) -> Iterator[Article]:
    choice = getattr(args, "progress", None)
    show = sys.stderr.isatty() if choice is None else choice
    if not show:
        return articles
    from tqdm import tqdm

    from .io import count_documents

    paths = getattr(args, "paths", None)
    total = count_documents(paths, input_format=args.input_format) if paths else None
    return iter(tqdm(articles, desc="analysing", unit="article", total=total, file=sys.stderr))


@contextlib.contextmanager
def _outputs(args: argparse.Namespace) -> Iterator[Callable[[Article], None]]:
    """A `write(article)` callable for the chosen format and destination."""
    out = args.output
    as_dir = out is not None and (Path(out).is_dir() or out.endswith(("/", "\\")))
    if args.format == "html" or (as_dir and args.format == "csv"):
        with _report_folder(out, html=args.format == "html") as write:
            yield write
        return
    if as_dir and args.format != "jsonl":
        folder = _make_dir(out)
        yield lambda article: _write_one(folder, article, args)
        return
    if as_dir:
        out = str(_make_dir(out) / "attributions.jsonl")
    with _open_out(out, args.format) as handle:
        writer = _writer(handle, args)
        try:
            yield writer.write
        finally:
            writer.close()


@contextlib.contextmanager
def _report_folder(path: str, *, html: bool) -> Iterator[Callable[[Article], None]]:
    """Reports (html) or quotes.csv and speakers.csv (csv) written into a folder."""
    from .report import ReportError, ReportWriter

    try:
        writer = ReportWriter(Path(path), html=html)
    except ReportError as exc:
        raise CliError(str(exc)) from None

    def write(article: Article) -> None:
        try:
            writer.write(article)
        except ReportError as exc:
            raise CliError(str(exc)) from None

    yield write
    try:
        writer.close()
    except ReportError as exc:
        raise CliError(str(exc)) from None


def _make_dir(path: str) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    return folder


@contextlib.contextmanager
def _open_out(path: str | None, fmt: str) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        handle = open(path, "w", encoding=encoding, newline="" if fmt == "csv" else None)  # noqa: SIM115
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
    with handle:
        yield handle


def _writer(handle: IO[str], args: argparse.Namespace) -> _Writer:
    from .io import CsvWriter, JsonlWriter, JsonWriter

    if args.format == "csv":
        return CsvWriter(handle)
    if args.format == "json":
        return JsonWriter(handle, include_text=args.include_text)
    return JsonlWriter(handle, include_text=args.include_text)


def _write_one(folder: Path, article: Article, args: argparse.Namespace) -> None:
    from .io import safe_name

    path = folder / f"{safe_name(article.id)}.{args.format}"
    with _open_out(str(path), args.format) as handle:
        writer = _writer(handle, args)
        writer.write(article)
        writer.close()


def cmd_evaluate(args: argparse.Namespace) -> int:
    from . import scoreboard
    from .evaluate import evaluate

    gold = _read_gold(args)
    if args.limit:
        gold = gold[: args.limit]
    systems: dict[str, list[Article]] = {}
    if args.system:
        systems["system"] = _read_system(Path(args.system), gold)
    else:
        analyzer = _make_analyzer(args)
        systems["attribution"] = list(_progress(analyzer.analyze_many(_gold_documents(gold)), args))
    for name in args.baseline:
        from .baselines import run_textacy
        from .nlp import load_model

        systems[name] = list(run_textacy(load_model(args.model), gold))
    results, scores = {}, {}
    for name, articles in systems.items():
        results[name], scores[name] = evaluate(gold, articles, bootstrap=args.bootstrap)
    with _open_out(args.output, "txt") as out:
        if args.format == "json":
            out.write(json.dumps(results, indent=2) + "\n")
        elif args.format == "markdown":
            out.write(scoreboard.markdown(results))
        else:
            out.write(scoreboard.table(results))
        if args.errors:
            first = next(iter(systems))
            out.write(f"\nErrors of {first}:\n")
            out.write(scoreboard.errors(gold, scores[first], args.errors))
    return EXIT_OK


def _read_gold(args: argparse.Namespace) -> list[GoldDoc]:
    from .gold import GoldError, read_gold_jsonl, read_review_csv

    path = Path(args.gold)
    if not path.is_file():
        raise CliError(f"no such gold file: {path}")
    try:
        if path.suffix.lower() == ".csv":
            return read_review_csv(path, _review_texts(args))
        return read_gold_jsonl(path)
    except GoldError as exc:
        raise CliError(str(exc)) from None


def _review_texts(args: argparse.Namespace) -> dict[str, str]:
    """Article texts for a reviewed CSV: from --texts, or from a --system output with text."""
    from .io import read_paths

    texts: dict[str, str] = {}
    if args.texts:
        for doc in read_paths(args.texts):
            if doc.text is not None:
                texts[doc.id] = doc.text
    elif args.system:
        for rec in _jsonl_records(Path(args.system)):
            if isinstance(rec.get("text"), str):
                texts[str(rec["id"])] = rec["text"]
    if not texts:
        raise CliError(
            "a CSV gold needs the article texts: pass --texts PATH (files, a folder or JSONL)"
        )
    return texts


def _jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CliError(f"{path}:{no}: invalid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or "id" not in rec:
                raise CliError(f"{path}:{no}: expected an analyzed article with an 'id'")
            yield rec


def _read_system(path: Path, gold: list[GoldDoc]) -> list[Article]:
    """A saved analyze output, read against the gold texts (which its offsets point into)."""
    from .schema import article_from_dict

    texts = {g.id: g.text for g in gold}
    out = []
    for rec in _jsonl_records(path):
        doc_id = str(rec["id"])
        if doc_id not in texts:
            continue
        try:
            out.append(article_from_dict(rec, texts[doc_id]))
        except (KeyError, TypeError, ValueError) as exc:
            raise CliError(f"{path}: article '{doc_id}' is not an analyze output ({exc})") from None
    return out


def _gold_documents(gold: list[GoldDoc]) -> Iterator[Document]:
    from .pipeline import Document

    return (Document(g.id, g.text) for g in gold)


def cmd_rules_check(args: argparse.Namespace) -> int:
    from .rules import RulesError, load_rules

    try:
        rules = load_rules(args.dir)
    except RulesError as exc:
        raise CliError(str(exc)) from None
    print(
        f"rules OK: {len(rules.cues)} cue words, {len(rules.quote_pairs)} quote-mark pairs, "
        f"{len(rules.patterns)} patterns"
    )
    for source in rules.sources:
        print(f"  {source}")
    return EXIT_OK


def cmd_rules_export(args: argparse.Namespace) -> int:
    from .rules import RULE_FILES, bundled_rules_dir

    dest = _make_dir(args.dir)
    for name in RULE_FILES:
        target = dest / name
        if target.exists():
            raise CliError(f"{target} exists; export into an empty folder")
        shutil.copyfile(bundled_rules_dir() / name, target)
    print(f"copied {len(RULE_FILES)} rule files to {dest}; edit them and pass --rules {dest}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
