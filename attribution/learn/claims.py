"""Training the claim-type classifier from labelled attributions.

Examples come from the analyzer's own attributions, so training sees what prediction
sees: each labelled article is analysed (quotes and speakers as usual), its attributions
are paired with the gold quotes by the evaluation's overlap matching, and each paired
attribution whose gold quote has a claim type is one example (its features from
`claims.claim_features`). Labels are the gold `claim_type`; for FactAppeal's
`Active_Participant` sources, which the dataset leaves unmapped because they mix people
and institutions, the speaker decides: a body, or someone whose mention gives a role in
one (`the company's chief executive`), is an official statement; a person who speaks of
themselves, a personal account; other participants are left out. FactAppeal counts
unnamed sources (`people familiar with the talks`) as witnesses; this product counts
anonymous sources as `other` (docs/labelling.md), so they are trained as `other`. The
regularisation and the weight of the rules' answer are chosen by cross-validation over
documents.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from spacy.language import Language

from attribution.claims.facts import Facts
from attribution.claims.model import CLAIM_LABELS, CLAIM_TYPE, ClaimModel, Features, combine
from attribution.claims.tagger import Reading
from attribution.component import AttributionExtractor, to_attributions
from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.evaluation.metrics import match, system_ranges, word_set
from attribution.learn.pipelines import library_versions, new_claim_pipeline, to_linear_model
from attribution.learn.quotes import file_hash
from attribution.nlp.text import parser_text
from attribution.version import __version__
from attribution.weights.store import PipelineId

log = logging.getLogger(__name__)

C_GRID = (0.05, 0.1, 0.2, 0.5, 1.0)
PRIOR_GRID = (0.0, 0.1, 0.15, 0.2, 0.3)
FOLDS = 5
SPLITS = 3
PARTICIPANT = "Active_Participant"


@dataclass
class ClaimExamples:
    x: list[Features] = field(default_factory=list)
    y: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)
    corpus: list[int] = field(default_factory=list)


def gold_label(q: GoldQuote, f: Facts) -> tuple[str | None, str]:
    """The training label of a gold quote and where it came from."""
    if q.claim_type and f.anonymous and q.extra.get("source_type") == "Witness":
        return "other", "anonymous_witness"
    if q.claim_type:
        return q.claim_type, "claim_type"
    if q.extra.get("source_type") == PARTICIPANT:
        if f.organisation or "official" in f.mention or "document" in f.mention:
            return "official_statement", "participant_body"
        if f.person and (f.first_hand or f.first_person or f.head_class == "personal"):
            return "personal_account", "participant_person"
    return None, ""


def labelled(doc: GoldDoc) -> bool:
    return any(q.claim_type or q.extra.get("source_type") == PARTICIPANT for q in doc.quotes)


@dataclass(frozen=True)
class Analysed:
    """One labelled document as the analyser reads it at prediction time (what the claim
    rules read of its attributions), with (gold quote, attribution) index pairs by the
    evaluation's overlap matching."""

    n: int
    gold: GoldDoc
    reading: Reading
    pairs: list[tuple[int, int]]


def analysed(
    extractor: AttributionExtractor, nlp: Language, docs: Sequence[GoldDoc]
) -> Iterator[Analysed]:
    """The documents with at least one attribution, analysed and paired with their gold;
    `n` is the document's index in `docs` (its group for cross-validation)."""
    nlp_docs = nlp.pipe((parser_text(d.text) for d in docs), batch_size=16)
    for n, (gold, doc) in enumerate(zip(docs, nlp_docs, strict=True)):
        ctx, kept = extractor.decide(extractor.context(doc))
        atts = to_attributions(ctx, kept)
        if not atts:
            continue
        gsets = [word_set(gold.text, q.content) for q in gold.quotes]
        ssets = [word_set(gold.text, system_ranges(a)) for a in atts]
        pairs = match(gsets, ssets, exact=False)
        tagger = extractor.claims
        reading = tagger.read(ctx, atts, tagger.matcher(doc, ctx.sentences))
        yield Analysed(n, gold, reading, pairs)


def collect(
    extractor: AttributionExtractor,
    nlp: Language,
    docs: Sequence[GoldDoc],
    corpus: Sequence[int] | None = None,
) -> ClaimExamples:
    """One example per analysed attribution paired with a labelled gold quote (`corpus`:
    which data file each document comes from, recorded with its examples)."""
    out = ClaimExamples()
    for a in analysed(extractor, nlp, docs):
        rows = a.reading.claim_rows()
        for gi, si in a.pairs:
            label, source = gold_label(a.gold.quotes[gi], a.reading.facts[si])
            if label is None:
                continue
            out.x.append(rows[si])
            out.y.append(label)
            out.rules.append(a.reading.rules[si][0])
            out.groups.append(a.n)
            out.corpus.append(corpus[a.n] if corpus is not None else 0)
            out.sources[source] += 1
    return out


def cross_validate(examples: ClaimExamples) -> tuple[tuple[float, float], dict[str, float]]:
    """The C and rule prior with the best macro-F1 over document folds, and every score.

    A score is the mean over the data files of each file's macro-F1, so that a large
    corpus of single sentences (FactAppeal) does not choose alone for whole articles; and
    the mean over `SPLITS` shufflings of the documents into folds, so that one split's luck
    does not choose between settings that are no different."""
    y = np.array(examples.y)
    groups = np.array(examples.groups)
    totals: dict[tuple[float, float], float] = {}
    for c in C_GRID:
        for splitter in shuffled_splits(examples.groups):
            probs = np.zeros((len(y), len(CLAIM_LABELS)))
            classes: list[str] = []
            for train_idx, test_idx in splitter.split(examples.x, y, groups):
                pipe = new_claim_pipeline(c).fit([examples.x[i] for i in train_idx], y[train_idx])
                classes = [str(k) for k in pipe.classes_]
                probs[test_idx] = pipe.predict_proba([examples.x[i] for i in test_idx])
            for prior in PRIOR_GRID:
                predicted = [label for label, _ in combine(probs, classes, examples.rules, prior)]
                f1 = _per_corpus_f1(y, np.array(predicted), np.array(examples.corpus))
                totals[(c, prior)] = totals.get((c, prior), 0.0) + f1 / SPLITS
    rounded = {k: round(v, 4) for k, v in totals.items()}
    scores = {f"C={c} prior={prior}": v for (c, prior), v in rounded.items()}
    for key, value in scores.items():
        log.info("%s: cross-validated macro-F1 %.4f", key, value)
    return max(rounded, key=lambda k: rounded[k]), scores


def shuffled_splits(groups: Sequence[int]) -> list[GroupKFold]:
    """`SPLITS` shufflings of the documents (`groups`) into folds, with fixed seeds so that
    training repeats itself; scores are averaged over them."""
    folds = min(FOLDS, len(set(groups)))
    return [GroupKFold(folds, shuffle=True, random_state=seed) for seed in range(SPLITS)]


def _per_corpus_f1(y: np.ndarray, predicted: np.ndarray, corpus: np.ndarray) -> float:
    """The mean over data files of their macro-F1 (files with every label only)."""
    scores = [
        float(f1_score(y[corpus == k], predicted[corpus == k], average="macro"))
        for k in sorted(set(corpus.tolist()))
        if len(set(y[corpus == k].tolist())) == len(CLAIM_LABELS)
    ]
    return float(np.mean(scores)) if scores else float(f1_score(y, predicted, average="macro"))


def train_claims(
    extractor: AttributionExtractor,
    nlp: Language,
    data: Sequence[tuple[Path, Sequence[GoldDoc]]],
    labels: Sequence[Path] = (),
) -> ClaimModel:
    """Fit the claim-type model on the labelled documents of every data file."""
    start = time.perf_counter()
    docs = [(k, d) for k, (_, ds) in enumerate(data) for d in ds if labelled(d)]
    examples = collect(extractor, nlp, [d for _, d in docs], [k for k, _ in docs])
    if len(set(examples.y)) < len(CLAIM_LABELS):
        raise ValueError(
            f"training needs examples of all of {', '.join(CLAIM_LABELS)}; "
            f"found {dict(Counter(examples.y))}"
        )
    (best, prior), scores = cross_validate(examples)
    pipe = new_claim_pipeline(best).fit(examples.x, examples.y)
    meta = {
        "attribution": __version__,
        "trained_on": [
            {"file": p.name, "sha256": file_hash(p), "documents": sum(labelled(d) for d in ds)}
            for p, ds in data
        ],
        "labels": [{"file": p.name, "sha256": file_hash(p)} for p in labels],
        "examples": dict(Counter(examples.y)),
        "label_sources": dict(examples.sources),
        "c": best,
        "rule_prior": prior,
        "cross_validated_macro_f1": scores,
        "versions": library_versions(),
        "training_seconds": round(time.perf_counter() - start, 1),
        "licence_note": (
            "weights derived from FactAppeal (CC BY 4.0, Mor-Lan et al., 'FactAppeal: "
            "Identifying Epistemic Factual Appeals in News Media') and this project's own "
            "labels of PolNeAR articles; no text is stored"
        ),
    }
    return ClaimModel(
        to_linear_model(
            pipe,
            name=CLAIM_TYPE.name,
            feature_version=CLAIM_TYPE.feature_version,
            pipeline=PipelineId.from_meta(nlp.meta),
            decision={"rule_prior": prior},
            meta=meta,
        )
    )
