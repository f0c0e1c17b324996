"""The `evaluate` and `train` commands: measuring the analyzer on labelled data, and
learning its classifiers from it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attribution.cli.common import (
    EXIT_OK,
    CliError,
    analyzer_options,
    make_analyzer,
    non_negative_int,
    open_out,
    positive_int,
    progress_options,
    same_file,
)

if TYPE_CHECKING:
    from attribution.analyzer import Document
    from attribution.evaluation.gold import GoldDoc
    from attribution.schema import Article

BASELINES = ("textacy",)


def add_parsers(sub: Any) -> None:
    """Register `evaluate` and `train` on the main parser's subcommands."""
    ev = sub.add_parser(
        "evaluate", help="score the analyzer (or a saved output) against labelled data"
    )
    ev.add_argument(
        "gold",
        nargs="?",
        metavar="GOLD",
        help="gold JSONL, or a reviewed CSV written by analyze --format csv",
    )
    ev.add_argument(
        "--explain",
        action="store_true",
        help="say what each figure means (alone: print only that)",
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
        "--labels",
        metavar="LABELS.jsonl",
        help="claim labels (ids, offsets, labels) laid over the gold; scores only those documents",
    )
    ev.add_argument(
        "--errors",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="list N missed, N spurious and N wrong-speaker cases",
    )
    ev.add_argument(
        "--format",
        choices=("table", "json", "markdown", "md", "html"),
        default="table",
        help="table (default), json, markdown (md) or html; markdown and html list the "
        "--errors with links to the articles' report pages",
    )
    ev.add_argument(
        "--output", "-o", metavar="FILE", help="write the figures here instead of stdout"
    )
    ev.add_argument(
        "--reports",
        metavar="URL",
        default="",
        help="where the report pages of `analyze GOLD --format html -o DIR` are, relative "
        "to the output (default: beside it)",
    )
    progress_options(ev, quiet="no progress bar and no hints on stderr")
    ev.add_argument(
        "--limit", type=positive_int, metavar="N", help="evaluate only the first N documents"
    )
    ev.add_argument(
        "--bootstrap",
        type=non_negative_int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the 95%% intervals (default 1000; 0: none)",
    )
    analyzer_options(ev)
    ev.set_defaults(func=cmd_evaluate)

    tr = sub.add_parser("train", help="retrain the quote classifier and speaker ranker")
    tr.add_argument(
        "--data", required=True, metavar="TRAIN.jsonl", help="labelled articles (gold JSONL)"
    )
    tr.add_argument(
        "--dev", metavar="DEV.jsonl", help="labelled articles to tune thresholds on and score"
    )
    tr.add_argument("--out", required=True, metavar="DIR", help="folder for the model files")
    tr.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    tr.add_argument(
        "--quote-only",
        action="store_true",
        help="refit the quote classifier alone, keeping the bundled speaker ranker (or "
        "--from's): its threshold is chosen on the last --holdout articles of --data",
    )
    tr.add_argument(
        "--holdout",
        type=positive_int,
        default=120,
        metavar="N",
        help="with --quote-only: the size of each held-out block of articles (default 120)",
    )
    tr.add_argument(
        "--folds",
        type=positive_int,
        default=2,
        metavar="K",
        help="with --quote-only: the last K blocks of --holdout articles are held out in "
        "turn to choose the strength and threshold, then the classifier is refitted on "
        "all (default 2)",
    )
    tr.add_argument(
        "--from",
        dest="models",
        metavar="DIR",
        help="with --quote-only: the models folder whose speaker ranker is kept",
    )
    tr.add_argument(
        "--speaker-only",
        action="store_true",
        help="refit the speaker ranker alone, its mentions labelled by the name they resolve "
        "to, beside the bundled quote classifier and its threshold (no --dev tuning): the "
        "quotes found stay the same",
    )
    analyzer_options(tr, classifiers=False)
    tr.set_defaults(func=cmd_train)

    tt = sub.add_parser(
        "train-tagger",
        help="train the span tagger and the quote classifier that reads it",
    )
    tt.add_argument(
        "--data", required=True, metavar="TRAIN.jsonl", help="labelled articles (gold JSONL)"
    )
    tt.add_argument(
        "--holdout",
        type=positive_int,
        default=120,
        metavar="N",
        help="the last N articles are held out from fitting, to choose the thresholds on",
    )
    tt.add_argument(
        "--folds", type=positive_int, default=2, metavar="K", help="cross-fitting folds"
    )
    tt.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="models folder: quote_tagger.json and tagger.crfsuite are written beside "
        "quote.json and speaker.json (the bundled ones are copied there if absent)",
    )
    analyzer_options(tt, classifiers=False)
    tt.set_defaults(func=cmd_train_tagger)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from attribution.evaluation import scoreboard
    from attribution.evaluation.metrics import evaluate
    from attribution.ruleset.loader import RulesError, load_names

    if args.gold is None:
        if not args.explain:
            raise CliError("evaluate needs GOLD (or --explain alone, for what the figures mean)")
        print(scoreboard.glossary(), end="")
        return EXIT_OK
    _check_output_is_not_input(args)
    try:
        names = load_names(args.rules)
    except RulesError as exc:
        raise CliError(str(exc)) from None
    gold = _read_gold(args)
    if args.labels:
        gold = _with_labels(gold, Path(args.labels))
    if args.limit:
        gold = gold[: args.limit]
    systems: dict[str, list[Article]] = {}
    if args.system:
        systems["system"] = _read_system(Path(args.system), gold)
    else:
        analyzer = make_analyzer(args)
        analysed = analyzer.analyze_many(_gold_documents(gold))
        systems["attribution"] = list(_progress(analysed, args, len(gold), "analysing"))
    for name in args.baseline:
        from attribution.evaluation.baselines import run_textacy
        from attribution.nlp.model import load_model

        found = run_textacy(load_model(args.model), gold)
        systems[name] = list(_progress(found, args, len(gold), name))
    results, scores = {}, {}
    for name, articles in systems.items():
        results[name], scores[name] = evaluate(
            gold, articles, bootstrap=args.bootstrap, names=names
        )
    if not args.quiet and not scoreboard.has_claims(results):
        print(f"attribution: {scoreboard.CLAIMS_HINT}", file=sys.stderr)
    first = next(iter(systems))
    fmt = "markdown" if args.format == "md" else args.format
    with open_out(args.output, "txt") as out:
        if fmt == "html":
            link = _report_links(systems[first], args.reports)
            out.write(
                scoreboard.html(results, gold=gold, scores=scores[first], n=args.errors, link=link)
            )
            return EXIT_OK
        if fmt == "json":
            data: dict[str, Any] = {name: dict(summary) for name, summary in results.items()}
            if args.errors:
                data[first]["errors"] = scoreboard.errors_json(scores[first], args.errors)
            if args.explain:
                data[first]["glossary"] = dict(scoreboard.GLOSSARY)
            out.write(json.dumps(data, indent=2) + "\n")
            return EXIT_OK
        if fmt == "markdown":
            out.write(scoreboard.markdown(results))
        else:
            out.write(scoreboard.table(results))
        if args.explain:
            out.write(
                "\n"
                + (scoreboard.markdown_glossary() if fmt == "markdown" else scoreboard.glossary())
            )
        if args.errors and fmt == "markdown":
            link = _report_links(systems[first], args.reports)
            out.write(
                "\n" + scoreboard.markdown_errors(gold, scores[first], args.errors, link, first)
            )
        elif args.errors:
            out.write(f"\nErrors of {first}:\n")
            out.write(scoreboard.errors(gold, scores[first], args.errors))
    return EXIT_OK


def _check_output_is_not_input(args: argparse.Namespace) -> None:
    """Refuse an --output that is a file evaluate reads (it would be emptied before it is
    read): the gold, --system, --labels or one of --texts."""
    out = args.output
    if out in (None, "-"):
        return
    for source in (args.gold, args.system, args.labels, *(args.texts or ())):
        if source and same_file(Path(source), Path(out)):
            raise CliError(f"output {out} is the input {source}: choose another output")


def _progress(
    items: Iterable[Article], args: argparse.Namespace, total: int, what: str
) -> Iterable[Article]:
    """A progress bar over a system's articles on stderr: on a terminal unless --quiet,
    or as --progress / --no-progress say."""
    show = (sys.stderr.isatty() and not args.quiet) if args.progress is None else args.progress
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="article", total=total, file=sys.stderr)


def _report_links(articles: Sequence[Article], where: str) -> Callable[[str], str | None]:
    """Each article's report page, as `analyze --format html` names it: the batch's page
    names given in input order to the articles that have a page (the failed have none)."""
    from attribution.report.writer import page_namer

    name = page_namer()
    prefix = where if not where or where.endswith("/") else where + "/"
    pages = {a.id: prefix + name(a.id) for a in articles if a.error is None}
    return pages.get


def _read_gold(args: argparse.Namespace) -> list[GoldDoc]:
    from attribution.evaluation.gold import GoldError, read_gold_jsonl, read_review_csv

    path = Path(args.gold)
    if not path.is_file():
        raise CliError(f"no such gold file: {path}")
    try:
        if path.suffix.lower() == ".csv":
            return read_review_csv(path, _review_texts(args))
        return read_gold_jsonl(path)
    except GoldError as exc:
        raise CliError(str(exc)) from None


def _with_labels(gold: list[GoldDoc], path: Path) -> list[GoldDoc]:
    from attribution.evaluation.gold import GoldError
    from attribution.evaluation.labels import overlay_labels, read_labels

    if not path.is_file():
        raise CliError(f"no such labels file: {path}")
    try:
        return overlay_labels(gold, read_labels(path), path)
    except GoldError as exc:
        raise CliError(str(exc)) from None


def _review_texts(args: argparse.Namespace) -> dict[str, str]:
    """Article texts for a reviewed CSV: from --texts, or from a --system output with text."""
    from attribution.formats.readers import read_paths

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
    from attribution.evaluation.gold import GoldError, jsonl_records

    try:
        for no, rec in jsonl_records(path, "saved output"):
            if not isinstance(rec, dict) or "id" not in rec:
                raise CliError(f"{path}:{no}: expected an analyzed article with an 'id'")
            yield rec
    except GoldError as exc:
        raise CliError(str(exc)) from None


def _read_system(path: Path, gold: list[GoldDoc]) -> list[Article]:
    """A saved analyze output, read against the gold texts (which its offsets point into)."""
    from attribution.schema import article_from_dict

    texts = {g.id: g.text for g in gold}
    out = []
    seen: set[str] = set()
    for rec in _jsonl_records(path):
        doc_id = rec["id"] if isinstance(rec["id"], str) else json.dumps(rec["id"])
        if doc_id in seen:
            raise CliError(f"{path}: article '{doc_id}' appears twice")
        seen.add(doc_id)
        if doc_id not in texts:
            continue
        try:
            out.append(article_from_dict(_checked_system(rec, len(texts[doc_id])), texts[doc_id]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CliError(f"{path}: article '{doc_id}' is not an analyze output ({exc})") from None
    return out


def _checked_system(rec: dict[str, Any], length: int) -> dict[str, Any]:
    """An analyze output record whose offsets are whole numbers within the text (ValueError
    else), with a null or missing `confidence` read as unknown (1.0); `claim_type` and
    `disputed` may be null or missing."""
    from attribution.evaluation.gold import check_range

    quotes = rec.get("quotes") or []
    if not isinstance(quotes, list):
        raise TypeError("'quotes' must be a list")
    fixed = []
    for q in quotes:
        q = dict(q)
        check_range(q["start"], q["end"], length)
        for key in ("speaker", "cue"):
            part = q.get(key)
            if part is not None:
                check_range(part["start"], part["end"], length)
        for a, b in q.get("fragments") or []:
            check_range(a, b, length)
        if q.get("confidence") is None:
            q.pop("confidence", None)
        fixed.append(q)
    return {**rec, "quotes": fixed}


def _gold_documents(gold: list[GoldDoc]) -> Iterator[Document]:
    from attribution.analyzer import Document

    return (Document(g.id, g.text) for g in gold)


def cmd_train(args: argparse.Namespace) -> int:
    """Fit both classifiers, tune on dev, print dev figures beside the rules alone, save."""
    import time

    from attribution.evaluation.gold import GoldError, read_gold_jsonl
    from attribution.evaluation.metrics import evaluate
    from attribution.learn import quotes as train

    try:
        train_docs = read_gold_jsonl(_existing(args.data))
        dev_docs = read_gold_jsonl(_existing(args.dev)) if args.dev else None
    except GoldError as exc:
        raise CliError(str(exc)) from None
    if args.quote_only and args.speaker_only:
        raise CliError("--quote-only and --speaker-only refit one model each: give one")
    if args.quote_only:
        return _train_quote_only(args, train_docs, dev_docs)
    if args.speaker_only:
        return _train_speaker(args, train_docs)
    analyzer = make_analyzer(args, use_model=False)
    start = time.perf_counter()
    models, summary = train.train(
        analyzer.extractor, analyzer.nlp, Path(args.data), train_docs, dev_docs
    )
    try:
        models.save(args.out)
    except OSError as exc:
        raise CliError(f"cannot write models to {args.out}: {exc.strerror or exc}") from None
    print(
        f"trained on {len(train_docs)} articles in {time.perf_counter() - start:.0f} s: "
        f"{models.meta['examples']['quote']} quote and {models.meta['examples']['speaker']} "
        f"speaker examples; models in {args.out}"
    )
    if summary is None or dev_docs is None:
        return EXIT_OK
    rules_only = make_analyzer(args, use_model=False)
    baseline, _ = evaluate(dev_docs, rules_only.analyze_many(_gold_documents(dev_docs)))
    _print_scores({"rules + models": summary, "rules only": baseline}, args.format)
    return EXIT_OK


def _print_scores(results: dict[str, Any], fmt: str) -> None:
    """The dev scores after training, as `--format` asks: JSON, markdown or a table."""
    from attribution.evaluation import scoreboard

    if fmt == "json":
        print(json.dumps(results, indent=2))
    elif fmt == "markdown":
        print(scoreboard.markdown(results))
    else:
        print(scoreboard.table(results))


def _train_quote_only(
    args: argparse.Namespace, train_docs: list[GoldDoc], dev_docs: list[GoldDoc] | None
) -> int:
    """`train --quote-only`: the quote classifier refitted, the speaker ranker kept; the
    claim-type model and the speaker ranker are copied beside it when --out is another
    folder."""
    import shutil

    from attribution.evaluation.metrics import evaluate
    from attribution.extract.models import SPEAKER
    from attribution.learn import quotes as train
    from attribution.weights.store import PipelineId

    analyzer = make_analyzer(args, use_model=True)
    current = analyzer.extractor.models
    assert current is not None
    ctxs = list(train.contexts(analyzer.extractor, analyzer.nlp, train_docs))
    try:
        models, held_out = train.retrain_quote(
            analyzer.extractor,
            ctxs,
            train_docs,
            holdout=args.holdout,
            folds=args.folds,
            pipeline=PipelineId.from_meta(analyzer.nlp.meta),
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    data = Path(args.data)
    models.meta["trained_on"] = {
        "file": data.name,
        "sha256": train.file_hash(data),
        "documents": len(train_docs),
    }
    summary = None
    if dev_docs:
        summary, _ = evaluate(dev_docs, analyzer.analyze_many(_gold_documents(dev_docs)))
        # scored only: nothing was chosen on dev
        models.meta["dev"] = train.dev_scores(summary, models)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        models.save_quote(out)
        source = Path(current.source)
        for name in (SPEAKER.file_name, "claim_type.json"):
            if (source / name).is_file() and source.resolve() != out.resolve():
                shutil.copy(source / name, out / name)
    except OSError as exc:
        raise CliError(f"cannot write models to {out}: {exc.strerror or exc}") from None
    print(
        f"quote classifier refitted on {len(train_docs)} articles in "
        f"{models.meta['training_seconds']:.0f} s; C {held_out['c']} and threshold "
        f"{models.quote_threshold} chosen on {args.folds} held-out blocks of "
        f"{args.holdout} (end-to-end F1 {held_out['end_to_end_f1']}); models in {out}"
    )
    if summary is None:
        return EXIT_OK
    _print_scores({"dev": summary}, args.format)
    return EXIT_OK


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise CliError(f"no such file: {p}")
    return p


def _train_speaker(args: argparse.Namespace, train_docs: list[GoldDoc]) -> int:
    """`train --speaker-only`: the speaker ranker refitted, written to --out beside a copy
    of the bundled quote classifier it serves."""
    import shutil

    from attribution.extract.models import QUOTE
    from attribution.learn import quotes as train
    from attribution.resources import bundled_models_dir
    from attribution.weights.store import PipelineId, read_model

    analyzer = make_analyzer(args, use_model=False)
    pipeline = PipelineId.from_meta(analyzer.nlp.meta)
    bundled = bundled_models_dir() / QUOTE.file_name
    quote = read_model(bundled, QUOTE, pipeline)
    models = train.train_speaker(
        analyzer.extractor, analyzer.nlp, Path(args.data), train_docs, quote
    )
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / QUOTE.file_name).is_file():
            shutil.copy(bundled, out / QUOTE.file_name)
        path = models.save_speaker(out)
    except OSError as exc:
        raise CliError(f"cannot write models to {out}: {exc.strerror or exc}") from None
    examples = models.speaker.meta["examples"]
    print(
        f"speaker ranker trained on {len(train_docs)} articles ({examples['speaker']} "
        f"examples, threshold {models.speaker_threshold}): {path}"
    )
    return EXIT_OK


def cmd_train_tagger(args: argparse.Namespace) -> int:
    """Fit the span tagger and its quote classifier; save them beside the other models."""
    import shutil

    from attribution.evaluation.gold import GoldError, read_gold_jsonl
    from attribution.extract.models import QUOTE, SPEAKER, Models
    from attribution.learn import quotes as quote_training
    from attribution.learn import tagger as train
    from attribution.resources import bundled_models_dir
    from attribution.weights.store import ModelFileError, PipelineId

    try:
        docs = read_gold_jsonl(_existing(args.data))
        cut = train.split(docs, args.holdout, args.folds)
    except GoldError as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:
        raise CliError(str(exc)) from None
    out = Path(args.out)
    analyzer = make_analyzer(args, use_model=False)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for spec in (QUOTE, SPEAKER):
            if not (out / spec.file_name).is_file():
                shutil.copy(bundled_models_dir() / spec.file_name, out / spec.file_name)
        pipeline = PipelineId.from_meta(analyzer.nlp.meta)
        analyzer.extractor.models = Models.load(out, pipeline=pipeline, tagger=False)
    except (ModelFileError, OSError) as exc:
        raise CliError(f"cannot prepare the models folder {out}: {exc}") from None
    fit_docs, held_docs = docs[:cut], docs[cut:]
    contexts = quote_training.contexts
    models, _ = train.train(
        analyzer.extractor,
        Path(args.data),
        (list(contexts(analyzer.extractor, analyzer.nlp, fit_docs)), fit_docs),
        (list(contexts(analyzer.extractor, analyzer.nlp, held_docs)), held_docs),
        out,
        folds=args.folds,
    )
    try:
        path = models.save_quote(out)
    except OSError as exc:
        raise CliError(f"cannot write models to {out}: {exc.strerror or exc}") from None
    tagger = models.meta["tagger"]
    print(
        f"trained on {len(fit_docs)} articles in {models.meta['training_seconds']:.0f} s, "
        f"thresholds chosen on the last {len(held_docs)}: {path.name} and {tagger['file']} "
        f"({tagger['bytes']} bytes, fitted in {tagger['training_seconds']:.0f} s) in {out}"
    )
    print(json.dumps(models.meta["held_out"], indent=2))
    return EXIT_OK
