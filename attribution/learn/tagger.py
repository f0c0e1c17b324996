"""Training the span tagger (`extract/crf.py`) and the quote classifier that reads it.

The protocol keeps every choice off the evaluation data:

1. The labelled articles are split into a fitting part and a held-out part (the last
   `holdout` articles).
2. The fitting part is cut into `folds`; a CRF trained on all folds but one tags that
   one, so the quote classifier learns from tagger probabilities on articles the tagger
   has not seen (as it will meet them at prediction time).
3. The quote classifier is fitted on the fitting part's candidates, the rules' and the
   tagger's, with the tagger's features; the speaker ranker beside it.
4. The CRF trained on the whole fitting part tags the held-out part, where the quote and
   speaker thresholds are chosen for end-to-end F1.

Token labels come from the gold cue, source and content ranges: a token takes the label
of the range it starts in, a cue over a source over a content when ranges nest.
"""

from __future__ import annotations

import bisect
import importlib.metadata
import logging
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

from attribution.component import AttributionExtractor
from attribution.evaluation.gold import GoldDoc
from attribution.extract import crf
from attribution.extract.context import DocContext
from attribution.extract.models import QUOTE_TAGGER, Models
from attribution.learn import quotes as quote_training
from attribution.weights.store import binary_record

log = logging.getLogger(__name__)

TAGGER_FILE = "tagger.crfsuite"
DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}

STATE_FEATURE = re.compile(r"^\s*\(\d+\) (.+) --> (\S+): (\S+)$")
"""A state feature's line in a CRFsuite model dump: `(0) l=vow --> B-CUE: 1.25`."""

Labelled = tuple[list[list[str]], list[str]]


def token_labels(ctx: DocContext, gold: GoldDoc) -> list[str]:
    """The BIO label of every token of a parsed article from its gold attributions."""
    doc = ctx.doc
    starts = [t.idx for t in doc]
    owner: list[tuple[str, int] | None] = [None] * len(doc)
    order = {crf.CONTENT: 0, crf.SOURCE: 1, crf.CUE: 2}
    marks = []
    for qi, q in enumerate(gold.quotes):
        for kind, ranges in ((crf.CONTENT, q.content), (crf.SOURCE, q.speaker), (crf.CUE, q.cue)):
            for fi, (a, b) in enumerate(ranges):
                marks.append((order[kind], kind, qi * 100 + fi, a, b))
    for _, kind, key, a, b in sorted(marks):
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        for i in range(lo, hi):
            if not doc[i].is_space:
                owner[i] = (kind, key)
    labels = []
    prev: tuple[str, int] | None = None
    for i in range(len(doc)):
        o = owner[i]
        if doc[i].is_space and prev is not None and i + 1 < len(doc) and owner[i + 1] == prev:
            o = prev
        if o is None:
            labels.append("O")
        else:
            labels.append(f"{'I' if o == prev else 'B'}-{o[0]}")
        prev = o
    return labels


def sequences(ctx: DocContext, gold: GoldDoc | None = None) -> list[Labelled]:
    """The paragraphs of an article as (features, labels) pairs (labels empty without gold)."""
    labels = token_labels(ctx, gold) if gold is not None else []
    words = crf.Words.of(ctx)
    return [
        (crf.token_features(ctx, words, lo, hi), labels[lo:hi])
        for lo, hi in crf.paragraph_tokens(ctx)
    ]


def fit_crf(
    seqs: Sequence[Labelled], path: Path, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Fit a CRF on labelled sequences and write it to `path`; how it was fitted."""
    start = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in seqs:
        trainer.append(xseq, yseq)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    seconds = time.perf_counter() - start
    log.info("CRF fitted on %d sequences in %.0f s", len(seqs), seconds)
    return {
        "training_seconds": round(seconds, 1),
        "python_crfsuite": importlib.metadata.version("python-crfsuite"),
        "sequences": len(seqs),
        "params": {**DEFAULT_PARAMS, **(params or {})},
    }


def cross_tag(
    per_doc: Sequence[list[Labelled]],
    ctxs: Sequence[DocContext],
    folds: int,
    work: Path,
    params: dict[str, Any] | None = None,
) -> list[crf.Tagging]:
    """Each article tagged by a CRF fitted on the other folds (article i is in fold i %
    `folds`)."""
    out: list[crf.Tagging | None] = [None] * len(ctxs)
    for k in range(folds):
        seqs = [s for i, doc in enumerate(per_doc) if i % folds != k for s in doc]
        path = work / f"fold{k}.crfsuite"
        fit_crf(seqs, path, params)
        tagger = crf.SpanTagger(path)
        for i, ctx in enumerate(ctxs):
            if i % folds == k:
                out[i] = tagger.tag(ctx)
    return [t for t in out if t is not None]


def tag_all(tagger: crf.SpanTagger, ctxs: Sequence[DocContext]) -> list[crf.Tagging]:
    return [tagger.tag(ctx) for ctx in ctxs]


def span_scores(
    ctxs: Sequence[DocContext], taggings: Sequence[crf.Tagging], golds: Sequence[GoldDoc]
) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 of the tagger's cue, source and content spans."""
    counts = {k: [0, 0, 0] for k in crf.KINDS}
    for ctx, tagging, gold in zip(ctxs, taggings, golds, strict=True):
        want = token_labels(ctx, gold)
        for kind in crf.KINDS:
            got_spans, gold_spans = set(), set()
            for lo, hi in tagging.sequences:
                got_spans |= set(crf.spans(tagging.labels, lo, hi, kind))
                gold_spans |= set(crf.spans(want, lo, hi, kind))
            c = counts[kind]
            c[0] += len(got_spans & gold_spans)
            c[1] += len(got_spans)
            c[2] += len(gold_spans)
    out = {}
    for kind, (hit, got, want_n) in counts.items():
        p = hit / got if got else 0.0
        r = hit / want_n if want_n else 0.0
        out[kind] = {"p": round(p, 4), "r": round(r, 4), "f1": round(_f1(p, r), 4)}
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def learned_cues(
    path: Path, known: Callable[[str], object], *, min_weight: float = 1.0
) -> list[tuple[str, float]]:
    """Lemmas the CRF weighs as starting a cue (`l=X` for `B-CUE`) that `known` (the cue
    lexicon's lookup) lacks, heaviest first: words for a person to consider for `rules/`.
    Read from the model's text dump (CRFsuite's own dump reader stops at a feature whose
    word holds a space)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "model.txt"
        tagger.dump(str(dump))
        lines = dump.read_text("utf-8", errors="replace").splitlines()
    out = []
    for line in lines:
        found = STATE_FEATURE.match(line)
        if found is None:
            continue
        attr, label, weight = found.group(1), found.group(2), float(found.group(3))
        if label == "B-CUE" and attr.startswith("l=") and weight >= min_weight:
            lemma = attr[2:]
            if lemma.isalpha() and not known(lemma):
                out.append((lemma, round(weight, 3)))
    return sorted(out, key=lambda x: -x[1])


def split(docs: Sequence[GoldDoc], holdout: int, folds: int) -> int:
    """Where the held-out part starts; ValueError when the articles are too few."""
    if not 0 < holdout < len(docs) or folds < 2 or len(docs) - holdout < folds:
        raise ValueError(
            f"{len(docs)} articles cannot give {holdout} held out and {folds} folds to fit on"
        )
    return len(docs) - holdout


def train(
    extractor: AttributionExtractor,
    data: Path,
    fit: tuple[Sequence[DocContext], Sequence[GoldDoc]],
    held: tuple[Sequence[DocContext], Sequence[GoldDoc]],
    out: Path,
    *,
    folds: int = 2,
    params: dict[str, Any] | None = None,
) -> tuple[Models, dict[str, Any]]:
    """Fit the span tagger and its quote classifier by the protocol above on the parsed
    `fit` articles, choose the quote threshold on the `held` ones, and write
    `tagger.crfsuite` into `out`. The extractor's models give the speaker ranker, kept
    as it is (with its threshold). Returns the models (the caller saves the quote
    classifier beside the CRF file, `Models.save_quote`) and the held-out figures."""
    start = time.perf_counter()
    base = extractor.models
    if base is None:
        raise ValueError("the span tagger's classifier needs the speaker ranker: load the models")
    fit_ctxs, fit_docs = fit
    held_ctxs, held_docs = held
    per_doc = [sequences(c, g) for c, g in zip(fit_ctxs, fit_docs, strict=True)]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        taggings = cross_tag(per_doc, fit_ctxs, folds, Path(work), params)
    record = fit_crf([s for d in per_doc for s in d], out / TAGGER_FILE, params)
    del per_doc
    examples = quote_training.Examples()
    for ctx, tagging, g in zip(fit_ctxs, taggings, fit_docs, strict=True):
        ctx.tagging = tagging
        quote_training.add_examples(ctx, g, examples)
        ctx.tagging = None
    fitted = quote_training.fit(examples, base.quote.pipeline, quote_spec=QUOTE_TAGGER)
    models = Models(
        fitted.quote,
        base.speaker,
        quote_threshold=fitted.quote_threshold,
        speaker_threshold=base.speaker_threshold,
        folder=base.folder,
        pipeline=base.pipeline,
        tagger=crf.SpanTagger(out / TAGGER_FILE),
    )
    extractor.models = models
    extractor.threshold = models.quote_threshold
    summary = quote_training.tune(extractor, held_ctxs, held_docs, speaker=False)
    spans_held = span_scores(held_ctxs, [c.tagging for c in held_ctxs], held_docs)
    meta = quote_training.metadata(data, len(fit_docs), examples, None, time.perf_counter() - start)
    meta["held_out"] = {
        "documents": len(held_docs),
        **quote_training.dev_scores(summary, models),
        "tagger_spans": spans_held,
    }
    meta["tagger"] = binary_record(out / TAGGER_FILE, **record)
    meta["folds"] = folds
    models.meta = meta
    return models, summary
