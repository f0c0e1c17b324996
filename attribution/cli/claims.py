"""The `train-claims` command: rebuilding the claim-type classifier from labelled data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attribution.cli.common import EXIT_OK, CliError, analyzer_options, make_analyzer

if TYPE_CHECKING:
    from attribution.evaluation.gold import GoldDoc


def add_parsers(sub: Any) -> None:
    """Register `train-claims` on the main parser's subcommands."""
    tr = sub.add_parser(
        "train-claims",
        help="retrain the claim-type classifier (official, personal, other)",
    )
    tr.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="GOLD.jsonl",
        help="labelled articles (gold JSONL with labels.claim_type); repeat for several files",
    )
    tr.add_argument(
        "--labels",
        action="append",
        default=[],
        metavar="LABELS.jsonl",
        help="claim labels (ids, offsets, labels) laid over the --data documents they name; "
        "repeat for several files",
    )
    tr.add_argument("--out", required=True, metavar="DIR", help="folder for claim_type.json")
    analyzer_options(tr)
    tr.set_defaults(func=cmd_train_claims)


def cmd_train_claims(args: argparse.Namespace) -> int:
    """Analyse the labelled articles, fit the classifier, save it, print what it learnt."""
    from attribution.extract.models import Models
    from attribution.learn.claims import train_claims
    from attribution.weights.store import ModelFileError, PipelineId

    data = _read_data(args)
    analyzer = make_analyzer(args, use_model=False)
    extractor = analyzer.extractor
    if args.use_model:
        try:
            extractor.models = Models.load(
                args.models, pipeline=PipelineId.from_meta(analyzer.nlp.meta)
            )
        except ModelFileError as exc:
            raise CliError(str(exc)) from None
        extractor.threshold = extractor.models.quote_threshold
    try:
        model = train_claims(extractor, analyzer.nlp, data, [Path(p) for p in args.labels])
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        target = model.save(args.out)
    except OSError as exc:
        raise CliError(f"cannot write the model to {args.out}: {exc.strerror or exc}") from None
    meta = model.meta
    best = meta["cross_validated_macro_f1"][f"C={meta['c']} prior={meta['rule_prior']}"]
    print(
        f"trained on {sum(meta['examples'].values())} attributions "
        f"({json.dumps(meta['examples'], sort_keys=True)}); C={meta['c']}, rule prior "
        f"{meta['rule_prior']}, cross-validated macro-F1 {best:.3f}; model in {target}"
    )
    return EXIT_OK


def _read_data(args: argparse.Namespace) -> list[tuple[Path, list[GoldDoc]]]:
    """The --data documents with the --labels laid over them."""
    from attribution.evaluation.gold import GoldError, read_gold_jsonl

    try:
        data = []
        for name in args.data:
            path = Path(name)
            if not path.is_file():
                raise CliError(f"no such file: {path}")
            data.append((path, read_gold_jsonl(path)))
        for name in args.labels:
            data = _with_labels(data, Path(name))
        return data
    except GoldError as exc:
        raise CliError(str(exc)) from None


def _with_labels(
    data: list[tuple[Path, list[GoldDoc]]], labels_path: Path
) -> list[tuple[Path, list[GoldDoc]]]:
    from attribution.evaluation.labels import overlay_labels, read_labels

    if not labels_path.is_file():
        raise CliError(f"no such labels file: {labels_path}")
    labels = read_labels(labels_path)
    found: set[str] = set()
    out = []
    for path, docs in data:
        mine = {d.id: labels[d.id] for d in docs if d.id in labels}
        found.update(mine)
        done = {d.id: d for d in overlay_labels(docs, mine, labels_path)}
        out.append((path, [done.get(d.id, d) for d in docs]))
    missing = sorted(set(labels) - found)
    if missing:
        raise CliError(f"{labels_path}: document '{missing[0]}' is in no --data file")
    return out
