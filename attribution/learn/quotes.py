"""Training the quote classifier and the speaker ranker from labelled articles.

Candidates come from the same rules as at prediction time (`propose(broad=True)`); a
candidate is a positive example when it is paired with a gold attribution by the
evaluation's overlap matching (its would-be continuation included). Speaker examples are
the mentions ranked for each positive candidate, positive when they overlap the gold
source; with `by_name`, a mention off the gold source that would resolve to the gold
speaker's name (`he` for the `Mr. Ruiz` of the sentence before) is left out rather than
taught as a wrong speaker. Thresholds are then tuned on dev for end-to-end F1;
`train_speaker` refits the speaker ranker alone.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Token

from attribution.component import AttributionExtractor, to_attributions
from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.evaluation.metrics import evaluate, match, name_right, word_set
from attribution.extract import candidates, crf, features
from attribution.extract import decide as select
from attribution.extract.context import Candidate, DocContext
from attribution.extract.models import QUOTE, SPEAKER, Models
from attribution.learn.pipelines import library_versions, new_pipeline, to_linear_model
from attribution.nlp.text import parser_text
from attribution.schema import Article, Attribution, Mention, Quote
from attribution.speakers.resolver import Resolver
from attribution.version import __version__
from attribution.weights.store import LinearModel, ModelSpec, PipelineId

log = logging.getLogger(__name__)

QUOTE_THRESHOLDS = tuple(round(0.25 + 0.025 * i, 3) for i in range(15))
SPEAKER_THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(9))
SPEAKER_THRESHOLD = 0.1
"""The speaker threshold `train --speaker-only` writes (the bundled ranker's), checked by
fitting on one half of PolNeAR train and scoring the other (docs/experiments.md)."""


@dataclass
class Examples:
    quote_x: list[dict[str, float]] = field(default_factory=list)
    quote_y: list[int] = field(default_factory=list)
    speaker_x: list[dict[str, float]] = field(default_factory=list)
    speaker_y: list[int] = field(default_factory=list)


def candidate_ranges(ctx: DocContext, cand: Candidate) -> list[tuple[int, int]]:
    """A candidate's content as it would end up: with the quotation continuing it."""
    ranges = list(cand.fragments)
    follow = select.continuation(ctx, cand)
    if follow is not None:
        q = ctx.quotes[follow]
        ranges.append((q.start, q.end))
    return ranges


def label(ctx: DocContext, cands: Sequence[Candidate], gold: GoldDoc) -> dict[int, GoldQuote]:
    """Candidate index -> the gold attribution it is paired with (one to one)."""
    gsets = [word_set(gold.text, g.content) for g in gold.quotes]
    csets = [word_set(ctx.text, candidate_ranges(ctx, c)) for c in cands]
    return {ci: gold.quotes[gi] for gi, ci in match(gsets, csets, exact=False)}


def add_examples(ctx: DocContext, gold: GoldDoc, out: Examples, *, by_name: bool = False) -> None:
    """The quote and speaker examples of one labelled article. With `by_name`, a
    mention off the gold source that would resolve to the gold speaker's name is no
    example (`speaker_labels`)."""
    cands = candidates.propose(ctx, broad=True)
    if ctx.tagging is not None:
        cands += crf.propose(ctx, ctx.tagging)
    paired = label(ctx, cands, gold)
    resolver = Resolver(ctx.doc, ctx.rules, text=ctx.text) if by_name else None
    previous = None
    for index, cand in enumerate(cands):
        out.quote_x.append(features.for_vectorizer(features.quote_features(ctx, cand)))
        out.quote_y.append(int(index in paired))
        g = paired.get(index)
        if g is None or cand.follows_previous:
            continue
        near = (
            previous is not None
            and ctx.paragraph_of(cand.start) - ctx.paragraph_at[previous.i] <= 2
        )
        mentions = features.speaker_candidates(ctx, cand, previous if near else None)
        labels = speaker_labels(ctx, g, [tok for tok, _ in mentions], resolver)
        for (tok, how), y in zip(mentions, labels, strict=True):
            if y is not None:
                row = features.speaker_features(ctx, cand, tok, how)
                out.speaker_x.append(features.for_vectorizer(row))
                out.speaker_y.append(y)
        if cand.speaker is not None:
            previous = cand.speaker


def speaker_labels(
    ctx: DocContext, g: GoldQuote, mentions: Sequence[Token], resolver: Resolver | None
) -> list[int | None]:
    """1 for each mention that overlaps the gold source, else 0; with a `resolver`
    (reading the article in order), None for a mention off the source that would
    resolve to the gold speaker's name (`metrics.name_right`): the ranker is not taught
    that `he` is wrong when he is the person the source names. Cross-fitted on PolNeAR
    train this beat teaching such mentions as right (docs/experiments.md, `names4`).
    The first mention on the gold source is then resolved, as the system would have."""
    spans = [ctx.chars(_mention(tok)) for tok in mentions]
    out: list[int | None] = [int(_on(g, lo, hi)) for lo, hi in spans]
    if resolver is None or not g.speaker:
        return out
    for k, tok in enumerate(mentions):
        if not out[k]:
            res = resolver.peek(tok)
            if res.name and name_right(g, _named(spans[k], res.name)):
                out[k] = None
    on_gold = [tok for tok, y in zip(mentions, out, strict=True) if y == 1]
    if on_gold:
        resolver.resolve(on_gold[0])
    return out


def _on(g: GoldQuote, lo: int, hi: int) -> bool:
    return any(lo < b and a < hi for a, b in g.speaker)


def _named(span: tuple[int, int], name: str) -> Attribution:
    """An attribution that only carries a speaker's name, for `name_right`."""
    lo, hi = span
    quote = Quote(lo, hi, "", "indirect")
    return Attribution(quote, None, Mention(lo, hi, "", name, None, "name", None), 1.0, "")


def _mention(tok: Any) -> tuple[int, int]:
    from attribution.extract.syntax import mention_range

    return mention_range(tok)


def contexts(
    extractor: AttributionExtractor, nlp: Language, gold: Sequence[GoldDoc]
) -> Iterator[DocContext]:
    """The gold documents parsed as the `Analyzer` parses an article (`parser_text`:
    no-break spaces read as plain ones), so training sees the features prediction does."""
    for doc in nlp.pipe((parser_text(g.text) for g in gold), batch_size=16):
        yield extractor.context(doc)


def collect(
    extractor: AttributionExtractor,
    nlp: Language,
    gold: Sequence[GoldDoc],
    *,
    by_name: bool = False,
) -> Examples:
    out = Examples()
    for g, ctx in zip(gold, contexts(extractor, nlp, gold), strict=True):
        add_examples(ctx, g, out, by_name=by_name)
    return out


def fit(
    examples: Examples,
    pipeline: PipelineId,
    *,
    c_quote: float = 0.3,
    c_speaker: float = 1.0,
    quote_spec: ModelSpec = QUOTE,
) -> Models:
    """Both models fitted, as stored (rounded weights: tuning sees what is saved), with
    the starting thresholds; `pipeline` is the spaCy pipeline that made the features,
    `quote_spec` the quote classifier's kind (with the span tagger or not)."""
    fitted = []
    for spec, c, x, y in (
        (quote_spec, c_quote, examples.quote_x, examples.quote_y),
        (SPEAKER, c_speaker, examples.speaker_x, examples.speaker_y),
    ):
        pipe = new_pipeline(c).fit(x, y)
        fitted.append(
            to_linear_model(
                pipe,
                name=spec.name,
                feature_version=spec.feature_version,
                pipeline=pipeline,
                decision={"threshold": 0.5},
            )
        )
    quote, speaker = fitted
    return Models(quote, speaker, quote_threshold=0.5, speaker_threshold=0.3, pipeline=pipeline)


def decide_articles(
    extractor: AttributionExtractor, ctxs: Sequence[DocContext], gold: Sequence[GoldDoc]
) -> list[Article]:
    """Articles as the extractor sees them at its current thresholds (parsed once)."""
    return [
        Article(g.id, g.text, tuple(to_attributions(*extractor.decide(ctx))))
        for g, ctx in zip(gold, ctxs, strict=True)
    ]


def tune(
    extractor: AttributionExtractor,
    ctxs: Sequence[DocContext],
    gold: Sequence[GoldDoc],
    *,
    speaker: bool = True,
) -> dict[str, Any]:
    """Pick the quote, then (unless not `speaker`) the speaker threshold with the best
    end-to-end F1 on `gold`."""
    models = extractor.models
    assert models is not None
    best_q = max(QUOTE_THRESHOLDS, key=lambda t: _e2e(extractor, ctxs, gold, quote=t))
    extractor.threshold = models.quote_threshold = best_q
    if speaker:
        best_s = max(SPEAKER_THRESHOLDS, key=lambda t: _e2e(extractor, ctxs, gold, speaker=t))
        models.speaker_threshold = best_s
    summary, _ = evaluate(gold, decide_articles(extractor, ctxs, gold), bootstrap=1000)
    return summary


def _e2e(
    extractor: AttributionExtractor,
    ctxs: Sequence[DocContext],
    gold: Sequence[GoldDoc],
    *,
    quote: float | None = None,
    speaker: float | None = None,
) -> float:
    models = extractor.models
    assert models is not None
    if quote is not None:
        extractor.threshold = quote
    if speaker is not None:
        models.speaker_threshold = speaker
    summary, _ = evaluate(gold, decide_articles(extractor, ctxs, gold), bootstrap=0)
    f1: float = summary["end_to_end"]["f1"]
    log.info(
        "thresholds quote %.2f speaker %.2f: end-to-end F1 %.4f",
        extractor.threshold,
        models.speaker_threshold,
        f1,
    )
    return f1


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def metadata(
    data: Path, n_docs: int, examples: Examples, dev: dict[str, Any] | None, seconds: float
) -> dict[str, Any]:
    return {
        "attribution": __version__,
        "trained_on": {"file": data.name, "sha256": file_hash(data), "documents": n_docs},
        "examples": {
            "quote": len(examples.quote_y),
            "quote_positive": sum(examples.quote_y),
            "speaker": len(examples.speaker_y),
            "speaker_positive": sum(examples.speaker_y),
        },
        "versions": library_versions(),
        "dev": dev,
        "training_seconds": round(seconds, 1),
        "licence_note": (
            "weights derived from the annotations of the training data; no text is stored"
        ),
    }


def train(
    extractor: AttributionExtractor,
    nlp: Language,
    data: Path,
    train_docs: Sequence[GoldDoc],
    dev_docs: Sequence[GoldDoc] | None = None,
) -> tuple[Models, dict[str, Any] | None]:
    """Fit both models on `train_docs`; with `dev_docs`, tune thresholds and score them."""
    start = time.perf_counter()
    examples = collect(extractor, nlp, train_docs)
    log.info("%d quote and %d speaker examples", len(examples.quote_y), len(examples.speaker_y))
    models = fit(examples, PipelineId.from_meta(nlp.meta))
    extractor.models = models
    extractor.threshold = models.quote_threshold
    summary = None
    if dev_docs:
        ctxs = list(contexts(extractor, nlp, dev_docs))
        summary = tune(extractor, ctxs, dev_docs)
    dev = None if summary is None else dev_scores(summary, models)
    models.meta = metadata(data, len(train_docs), examples, dev, time.perf_counter() - start)
    return models, summary


def train_speaker(
    extractor: AttributionExtractor,
    nlp: Language,
    data: Path,
    train_docs: Sequence[GoldDoc],
    quote: LinearModel,
    *,
    threshold: float = SPEAKER_THRESHOLD,
    c_speaker: float = 1.0,
) -> Models:
    """Refit the speaker ranker alone on `train_docs` (mentions that would resolve to the
    gold name left out, `speaker_labels`), beside the quote classifier `quote`, whose
    threshold it keeps: the quotes found do not change, only who said them. The speaker
    `threshold` is given, not tuned on dev (`SPEAKER_THRESHOLD`)."""
    start = time.perf_counter()
    examples = collect(extractor, nlp, train_docs, by_name=True)
    pipe = new_pipeline(c_speaker).fit(examples.speaker_x, examples.speaker_y)
    meta = metadata(data, len(train_docs), examples, None, time.perf_counter() - start)
    meta["examples"] = {k: v for k, v in meta["examples"].items() if k.startswith("speaker")}
    meta["speaker_labels"] = "overlaps the gold source; off it but resolving to its name: left out"
    meta["quote_classifier"] = quote.meta.get("trained_on")
    speaker = to_linear_model(
        pipe,
        name=SPEAKER.name,
        feature_version=SPEAKER.feature_version,
        pipeline=PipelineId.from_meta(nlp.meta),
        decision={"threshold": threshold},
        meta=meta,
    )
    return Models(
        quote,
        speaker,
        quote_threshold=quote.decision["threshold"],
        speaker_threshold=threshold,
        meta=meta,
    )


def dev_scores(summary: dict[str, Any], models: Models) -> dict[str, Any]:
    keep = ("quotes_overlap", "end_to_end", "end_to_end_direct_mixed")
    out: dict[str, Any] = {k: {m: round(summary[k][m], 4) for m in ("p", "r", "f1")} for k in keep}
    out["speaker_strict"] = round(summary["speaker_strict"]["accuracy"], 4)
    out["thresholds"] = {"quote": models.quote_threshold, "speaker": models.speaker_threshold}
    return out


def fit_quote(examples: Examples, pipeline: PipelineId, *, c_quote: float = 0.3) -> LinearModel:
    """The quote classifier alone, fitted as stored (rounded weights)."""
    fitted = new_pipeline(c_quote).fit(examples.quote_x, examples.quote_y)
    return to_linear_model(
        fitted,
        name=QUOTE.name,
        feature_version=QUOTE.feature_version,
        pipeline=pipeline,
        decision={"threshold": 0.5},
    )


QUOTE_C = (0.1, 0.3)
"""The regularisation strengths `retrain_quote` chooses among."""


def retrain_quote(
    extractor: AttributionExtractor,
    ctxs: Sequence[DocContext],
    gold: Sequence[GoldDoc],
    *,
    holdout: int,
    folds: int,
    pipeline: PipelineId,
) -> tuple[Models, dict[str, Any]]:
    """Refit the quote classifier alone, beside the extractor's speaker ranker (kept as it
    is, with its threshold).

    The last `folds` blocks of `holdout` articles are held out in turn: for each, the
    classifier is fitted on the other articles with each strength of `QUOTE_C`, and the
    end-to-end F1 of each quote threshold is measured on the block. The strength and the
    threshold with the best mean F1 are kept, and the classifier is refitted on all the
    articles with them. Returns the models and, as the held-out figures, the mean F1 of
    each choice and the scores of the chosen one on each block. Dev data is not needed:
    it stays for scoring."""
    current = extractor.models
    assert current is not None, "the speaker ranker comes from the extractor's models"
    n = len(gold)
    if holdout * folds >= n:
        raise ValueError(
            f"{folds} held-out blocks of {holdout} articles need more than {n} articles"
        )
    start = time.perf_counter()
    per_doc = []
    for ctx, g in zip(ctxs, gold, strict=True):
        one = Examples()
        add_examples(ctx, g, one)
        per_doc.append(one)
    f1s: dict[tuple[float, float], list[float]] = {}
    for k in range(folds):
        hi = n - k * holdout
        lo = hi - holdout
        examples = _joined(per_doc[:lo] + per_doc[hi:])
        for c in QUOTE_C:
            extractor.models = Models(
                fit_quote(examples, pipeline, c_quote=c),
                current.speaker,
                quote_threshold=0.5,
                speaker_threshold=current.speaker_threshold,
                pipeline=pipeline,
            )
            for t in QUOTE_THRESHOLDS:
                f1s.setdefault((c, t), []).append(
                    _e2e(extractor, ctxs[lo:hi], gold[lo:hi], quote=t)
                )
    mean = {key: sum(v) / len(v) for key, v in f1s.items()}
    c, threshold = max(mean, key=lambda key: mean[key])
    examples = _joined(per_doc)
    models = Models(
        fit_quote(examples, pipeline, c_quote=c),
        current.speaker,
        quote_threshold=threshold,
        speaker_threshold=current.speaker_threshold,
        pipeline=pipeline,
    )
    extractor.models = models
    extractor.threshold = threshold
    held_out = {
        "documents": holdout * folds,
        "folds": folds,
        "c": c,
        "thresholds": {"quote": threshold, "speaker": current.speaker_threshold},
        "end_to_end_f1": round(mean[(c, threshold)], 4),
        "by_fold": [round(f, 4) for f in f1s[(c, threshold)]],
    }
    models.meta = {
        "held_out": held_out,
        "examples": {"quote": len(examples.quote_y), "quote_positive": sum(examples.quote_y)},
        "versions": library_versions(),
        "training_seconds": round(time.perf_counter() - start, 1),
        "licence_note": (
            "weights derived from the annotations of the training data; no text is stored"
        ),
    }
    return models, held_out


def _joined(parts: Sequence[Examples]) -> Examples:
    out = Examples()
    for part in parts:
        out.quote_x += part.quote_x
        out.quote_y += part.quote_y
    return out
