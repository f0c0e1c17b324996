"""Training the disputed classifier from labelled attributions.

Like the claim-type training (`train_claims.py`), the examples are the analyser's own
attributions paired with the gold quotes by the evaluation's overlap matching; each
paired attribution whose gold quote has a `disputed` label is one example, its features
from `dispute_features`. The regularisation and the probability thresholds (one for
claims a dispute rule fired on, one, no lower, for the others) are chosen by
cross-validation over documents, scoring the decision the tagger makes: the definitional
rules (`dispute_model.definitional`) first, the classifier for the rest. Of equal scores
the higher thresholds win (the more precise decision).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from spacy.language import Language

from attribution.claims.dispute_model import (
    DISPUTED,
    UNDISPUTED,
    DisputeModel,
    definitional,
)
from attribution.claims.model import Features, new_claim_pipeline
from attribution.component import AttributionExtractor
from attribution.evaluation.gold import GoldDoc
from attribution.learn.claims import SPLITS, analysed, shuffled_splits
from attribution.learn.quotes import file_hash, library_versions
from attribution.version import __version__

log = logging.getLogger(__name__)

C_GRID = (0.05, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.15, 0.76, 0.05))


@dataclass
class DisputeExamples:
    x: list[Features] = field(default_factory=list)
    y: list[str] = field(default_factory=list)
    definitional: list[bool] = field(default_factory=list)
    signalled: list[bool] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)


def labelled(doc: GoldDoc) -> bool:
    return any(q.disputed is not None for q in doc.quotes)


def collect_disputes(
    extractor: AttributionExtractor, nlp: Language, docs: Sequence[GoldDoc]
) -> DisputeExamples:
    """One example per analysed attribution paired with a gold quote labelled disputed or not."""
    out = DisputeExamples()
    for a in analysed(extractor, nlp, docs):
        rows = a.reading.dispute_rows(extractor.claims.rules)
        disputes = a.reading.disputes
        for gi, si in a.pairs:
            value = a.gold.quotes[gi].disputed
            if value is None:
                continue
            out.x.append(rows[si])
            out.y.append(DISPUTED if value else UNDISPUTED)
            out.definitional.append(definitional(disputes[si]))
            out.signalled.append(disputes[si].reason is not None)
            out.groups.append(a.n)
    return out


def decide(
    scores: np.ndarray, examples: DisputeExamples, threshold: float, unsignalled: float
) -> list[bool]:
    """The tagger's decision: a definitional rule, or the classifier's score."""
    return [
        d or float(s) >= (threshold if signalled else unsignalled)
        for s, d, signalled in zip(scores, examples.definitional, examples.signalled, strict=True)
    ]


def cross_validate(
    examples: DisputeExamples,
) -> tuple[tuple[float, float, float], dict[str, float]]:
    """The C and thresholds with the best disputed F1 over document folds, and every score.

    Each score is the mean over `SPLITS` different shufflings of the documents into
    folds: with a few dozen articles one split's luck decides between settings that are
    no different."""
    y = np.array([v == DISPUTED for v in examples.y])
    groups = np.array(examples.groups)
    totals: dict[tuple[float, float, float], float] = {}
    for c in C_GRID:
        for splitter in shuffled_splits(examples.groups):
            probs = _held_out_scores(examples, y, groups, splitter, c)
            for t in THRESHOLDS:
                for u in (u for u in THRESHOLDS if u >= t):
                    f1 = float(f1_score(y, decide(probs, examples, t, u)))
                    totals[(c, t, u)] = totals.get((c, t, u), 0.0) + f1 / SPLITS
    rounded = {k: round(v, 4) for k, v in totals.items()}
    scores = {f"C={c} threshold={t} unsignalled={u}": v for (c, t, u), v in rounded.items()}
    for key, value in scores.items():
        log.info("%s: cross-validated disputed F1 %.4f", key, value)
    # Of equal scores, the higher thresholds: fewer flags for the same F1.
    return max(rounded, key=lambda k: (rounded[k], k[1], k[2])), scores


def _held_out_scores(
    examples: DisputeExamples, y: np.ndarray, groups: np.ndarray, splitter: GroupKFold, c: float
) -> np.ndarray:
    """Each example's disputed probability from a model fitted on the other folds."""
    probs = np.zeros(len(y))
    for train_idx, test_idx in splitter.split(examples.x, y, groups):
        pipe = new_claim_pipeline(c).fit(
            [examples.x[i] for i in train_idx], [examples.y[i] for i in train_idx]
        )
        column = list(pipe.classes_).index(DISPUTED)
        probs[test_idx] = pipe.predict_proba([examples.x[i] for i in test_idx])[:, column]
    return probs


def train_disputes(
    extractor: AttributionExtractor,
    nlp: Language,
    data: Sequence[tuple[Path, Sequence[GoldDoc]]],
    labels: Sequence[Path] = (),
) -> DisputeModel:
    """Fit the disputed model on the documents of every data file that have disputed labels
    (`labels`: the label files laid over them, recorded in the model's metadata)."""
    start = time.perf_counter()
    docs = [d for _, ds in data for d in ds if labelled(d)]
    examples = collect_disputes(extractor, nlp, docs)
    if len(set(examples.y)) < 2:
        raise ValueError(
            f"training the disputed model needs disputed and undisputed examples; "
            f"found {dict(Counter(examples.y))}"
        )
    (c, threshold, unsignalled), scores = cross_validate(examples)
    pipe = new_claim_pipeline(c).fit(examples.x, examples.y)
    meta = {
        "attribution": __version__,
        "trained_on": [
            {"file": p.name, "sha256": file_hash(p), "documents": sum(labelled(d) for d in ds)}
            for p, ds in data
        ],
        "labels": [{"file": p.name, "sha256": file_hash(p)} for p in labels],
        "examples": dict(Counter(examples.y)),
        "c": c,
        "threshold": threshold,
        "unsignalled_threshold": unsignalled,
        "cross_validated_f1": scores,
        "versions": library_versions(),
        "training_seconds": round(time.perf_counter() - start, 1),
        "licence_note": "weights derived from this project's own labels of PolNeAR articles; "
        "no text is stored",
    }
    return DisputeModel(pipe, meta, threshold=threshold, unsignalled_threshold=unsignalled)
