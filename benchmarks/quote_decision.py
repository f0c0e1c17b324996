"""How far the quote classifier's keep/reject is from the best its candidates allow.

Every quote decision here sees the same candidates and feature dicts as the trainer
(`learn.quotes.add_examples`) and the bundled speaker ranker; only the scores differ:

- `linear`: the trainer's logistic regression (`learn.quotes.fit_quote`), refitted;
- `trees` (with `--trees`): gradient boosting (scikit-learn's
  `HistGradientBoostingClassifier`) over the same features, each categorical key
  (`lemma`, `rule`, `first_word` ...) read as its value's smoothed positive rate (out of
  fold on the rows it is fitted on), numbers and the parser vector as they are;
- `oracle`: 1 for a candidate the evaluation pairs with a gold attribution, else 0: the
  best keep/reject the candidates allow.

The models are fitted on the first `--fit` training articles, the quote threshold is
chosen for end-to-end F1 on the next `--holdout`, and dev is only scored there. With
`--folds K`, the comparison is made K times, each time holding out another block of
`--holdout` articles (the last, then the one before ...) and fitting on the other
`--fit` articles: a threshold tie on one block is as large as the gains measured so far
(branches `recall7`, `recall8`), so a second block is the fairer bar. Parses are cached
in `--cache` (a spaCy DocBin and the parser's tensors) and read back on the next run.
docs/experiments.md (branch `recall6`) has the figures on PolNeAR.

    python benchmarks/quote_decision.py --train train.jsonl --dev dev.jsonl --cache DIR \\
        [--trees] [--folds 2]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from spacy.tokens import DocBin

from attribution.analyzer import Analyzer
from attribution.evaluation.gold import GoldDoc, read_gold_jsonl
from attribution.evaluation.metrics import evaluate
from attribution.extract.context import Candidate, DocContext
from attribution.extract.models import Models
from attribution.learn import quotes as lq
from attribution.weights.store import PipelineId

THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(13))
SMOOTHING = 20.0
RATE_FOLDS = 3


class FixedScores(Models):
    """The bundled models with the quote scores given per article in advance."""

    scores: dict[int, np.ndarray]

    def score_quotes(self, ctx: DocContext, cands: Sequence[Candidate]) -> list[float]:
        found = self.scores[id(ctx)]
        assert len(found) == len(cands), "the candidates differ from the scored ones"
        return [float(s) for s in found]


def parsed(an: Analyzer, gold: Sequence[GoldDoc], cache: Path) -> list[DocContext]:
    """The articles' contexts, from the cache if it holds them, else parsed and cached."""
    bin_path, tensor_path = cache.with_suffix(".spacy"), cache.with_suffix(".npz")
    if bin_path.is_file() and tensor_path.is_file():
        docs = list(DocBin().from_disk(bin_path).get_docs(an.nlp.vocab))
        tensors = np.load(tensor_path)
        for i, doc in enumerate(docs):
            doc.tensor = tensors[f"t{i}"]
    else:
        docs = list(an.nlp.pipe((g.text for g in gold), batch_size=16))
        store = DocBin(store_user_data=True)
        for doc in docs:
            store.add(doc)
        cache.parent.mkdir(parents=True, exist_ok=True)
        store.to_disk(bin_path)
        np.savez(tensor_path, **{f"t{i}": d.tensor for i, d in enumerate(docs)})
    if len(docs) != len(gold) or any(d.text != g.text for d, g in zip(docs, gold, strict=True)):
        raise SystemExit(f"{bin_path}: the cache holds other texts; delete it")
    return [an.extractor.context(doc) for doc in docs]


def rows(parts: Sequence[lq.Examples]) -> tuple[list[dict[str, float]], np.ndarray]:
    x: list[dict[str, float]] = []
    y: list[int] = []
    for part in parts:
        x += part.quote_x
        y += part.quote_y
    return x, np.array(y)


class Rates:
    """Categorical features (`key=value`) as the value's smoothed positive rate, -1 when the
    key is absent; numeric features as they are, 0 when absent."""

    def __init__(self, x: Sequence[dict[str, float]], y: np.ndarray) -> None:
        self.prior = float(y.mean())
        seen: dict[tuple[str, str], list[int]] = {}
        numbers: set[str] = set()
        for row, label in zip(x, y, strict=True):
            for key in row:
                if "=" in key:
                    name, value = key.split("=", 1)
                    counts = seen.setdefault((name, value), [0, 0])
                    counts[0] += 1
                    counts[1] += int(label)
                else:
                    numbers.add(key)
        self.rate = {
            kv: (pos + SMOOTHING * self.prior) / (n + SMOOTHING) for kv, (n, pos) in seen.items()
        }
        self.keys = sorted({name for name, _ in seen})
        self.numbers = sorted(numbers)

    def matrix(self, x: Sequence[dict[str, float]], columns: Rates | None = None) -> np.ndarray:
        """`x` encoded with these rates, in the columns of `columns` (default: these)."""
        cols = columns or self
        at = {k: i for i, k in enumerate(cols.keys)}
        num = {k: len(cols.keys) + i for i, k in enumerate(cols.numbers)}
        out = np.full((len(x), len(at) + len(num)), -1.0)
        out[:, len(at) :] = 0.0
        for j, row in enumerate(x):
            for key, value in row.items():
                if "=" in key:
                    name, val = key.split("=", 1)
                    if name in at:
                        out[j, at[name]] = self.rate.get((name, val), self.prior)
                elif key in num:
                    out[j, num[key]] = value
        return out


def tree_scores(fit: Sequence[lq.Examples], others: Sequence[Sequence[lq.Examples]]) -> list[Any]:
    """Boosted trees fitted on `fit` (rates out of fold there), probabilities for `others`."""
    x, y = rows(fit)
    whole = Rates(x, y)
    blocks = np.array_split(np.arange(len(fit)), RATE_FOLDS)
    encoded = []
    for block in blocks:
        inside = set(block.tolist())
        rx, ry = rows([p for i, p in enumerate(fit) if i not in inside])
        bx, _ = rows([fit[i] for i in block])
        encoded.append(Rates(rx, ry).matrix(bx, whole))
    model = HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=400,
        max_leaf_nodes=31,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    ).fit(np.vstack(encoded), y)
    return [model.predict_proba(whole.matrix(rows(part)[0]))[:, 1] for part in others]


def scores_of(models: Models, parts: Sequence[lq.Examples]) -> np.ndarray:
    """The quote classifier's probability for every candidate of `parts`, in order."""
    x, _ = rows(parts)
    return np.asarray(models.quote.scorer().predict_proba(x)[:, 1])


def measure(
    an: Analyzer,
    bundled: Models,
    probs: np.ndarray,
    parts: Sequence[lq.Examples],
    ctxs: Sequence[DocContext],
    gold: Sequence[GoldDoc],
    threshold: float,
) -> dict[str, float]:
    """The scores of keeping the candidates whose probability reaches `threshold`."""
    models = FixedScores(
        bundled.quote,
        bundled.speaker,
        quote_threshold=threshold,
        speaker_threshold=bundled.speaker_threshold,
    )
    models.scores, start = {}, 0
    for ctx, part in zip(ctxs, parts, strict=True):
        models.scores[id(ctx)] = probs[start : start + len(part.quote_y)]
        start += len(part.quote_y)
    an.extractor.models, an.extractor.threshold = models, threshold
    s, _ = evaluate(gold, lq.decide_articles(an.extractor, ctxs, gold), bootstrap=0)
    return {
        "exact": round(s["quotes_exact"]["f1"], 4),
        "overlap": round(s["quotes_overlap"]["f1"], 4),
        "e2e_p": round(s["end_to_end"]["p"], 4),
        "e2e_r": round(s["end_to_end"]["r"], 4),
        "e2e_f1": round(s["end_to_end"]["f1"], 4),
        "direct_mixed": round(s["end_to_end_direct_mixed"]["f1"], 4),
        "indirect_r": round(s["recall_by_kind"]["indirect"]["recall"], 4),
        "strict": round(s["speaker_strict"]["accuracy"], 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True, help="folder for the parses")
    ap.add_argument("--fit", type=int, default=720, help="training articles fitted on")
    ap.add_argument("--holdout", type=int, default=120, help="articles choosing the threshold")
    ap.add_argument("--trees", action="store_true", help="also fit the boosted trees (minutes)")
    ap.add_argument(
        "--folds", type=int, default=1, help="held-out blocks, each fitted without it (1)"
    )
    args = ap.parse_args()
    start = time.perf_counter()
    an = Analyzer()
    pipeline = PipelineId.from_meta(an.nlp.meta)
    bundled = Models.load(None, pipeline=pipeline)
    gold = read_gold_jsonl(args.train)[: args.fit + args.holdout]
    dev_gold = read_gold_jsonl(args.dev)
    ctxs = parsed(an, gold, args.cache / f"{args.train.stem}-{len(gold)}")
    dev_ctxs = parsed(an, dev_gold, args.cache / args.dev.stem)
    parts = []
    for ctx, g in zip(ctxs + dev_ctxs, gold + dev_gold, strict=True):
        one = lq.Examples()
        lq.add_examples(ctx, g, one)
        parts.append(one)
    dev = parts[len(gold) :]
    n = len(gold)
    if args.folds < 1 or args.holdout * args.folds > n:
        raise SystemExit(f"--folds {args.folds} blocks of {args.holdout} need more articles")
    for fold in range(args.folds):
        hi = n - fold * args.holdout
        lo = hi - args.holdout
        fit, held = parts[:lo] + parts[hi:n], parts[lo:hi]
        linear = Models(
            lq.fit_quote(_joined(fit), pipeline),
            bundled.speaker,
            quote_threshold=0.5,
            speaker_threshold=bundled.speaker_threshold,
        )
        scorers: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "linear": (scores_of(linear, held), scores_of(linear, dev)),
            "oracle": (rows(held)[1].astype(float), rows(dev)[1].astype(float)),
        }
        if args.trees:
            held_p, dev_p = tree_scores(fit, [held, dev])
            scorers["trees"] = (held_p, dev_p)
        for name, (held_p, dev_p) in scorers.items():
            by_threshold = {
                t: measure(an, bundled, held_p, held, ctxs[lo:hi], gold[lo:hi], t)
                for t in THRESHOLDS
            }
            best = max(THRESHOLDS, key=lambda t: by_threshold[t]["e2e_f1"])
            dev_scores = measure(an, bundled, dev_p, dev, dev_ctxs, dev_gold, best)
            record = {
                "held_out_articles": [lo + 1, hi],
                "threshold": best,
                "held_out": by_threshold[best],
                "dev": dev_scores,
                "held_out_e2e_by_threshold": {t: s["e2e_f1"] for t, s in by_threshold.items()},
            }
            print(name, json.dumps(record), flush=True)
    print(f"{time.perf_counter() - start:.0f} s")


def _joined(parts: Sequence[lq.Examples]) -> lq.Examples:
    out = lq.Examples()
    for part in parts:
        out.quote_x += part.quote_x
        out.quote_y += part.quote_y
    return out


if __name__ == "__main__":
    main()
