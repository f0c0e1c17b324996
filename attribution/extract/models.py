"""The trained classifiers: quote candidates kept or not, and speakers ranked.

Each is a scikit-learn `Pipeline` of a `DictVectorizer` and a `LogisticRegression`,
stored as plain JSON weights (no pickle, nothing executed on load) with a metadata file:
training data hash, library versions, feature version and dev scores. `predict_proba`
is the confidence written to the output; at prediction time it is computed by a
`LinearScorer` from the pipeline's weights, which gives the same figures faster.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from spacy.tokens import Token

from attribution.extract import features
from attribution.extract.context import Candidate, DocContext
from attribution.extract.decide import PREVIOUS_SPEAKER_PARAGRAPHS, Decision
from attribution.resources import bundled_models_dir
from attribution.ruleset.ids import SpeakerRule
from attribution.weights.scorer import LinearScorer

log = logging.getLogger(__name__)

MODEL_FORMAT = 1
MODEL_FILES = ("quote.json", "speaker.json", "metadata.json")


class ModelFileError(ValueError):
    """Model files that are missing, broken, or made by an incompatible version."""


def new_pipeline(c: float = 1.0) -> Pipeline:
    """The untrained pipeline both models use."""
    return Pipeline(
        [
            ("features", DictVectorizer()),
            ("classifier", LogisticRegression(C=c, max_iter=3000)),
        ]
    )


def pipeline_to_json(pipe: Pipeline, *, min_weight: float = 1e-4) -> dict[str, Any]:
    """Weights by feature name, dropping those too small to matter."""
    vec: DictVectorizer = pipe.named_steps["features"]
    clf: LogisticRegression = pipe.named_steps["classifier"]
    coef = clf.coef_[0]
    weights = {
        name: round(float(w), 6)
        for name, w in zip(vec.feature_names_, coef, strict=True)
        if abs(w) >= min_weight
    }
    return {
        "intercept": float(clf.intercept_[0]),
        "classes": [int(c) for c in clf.classes_],
        "weights": weights,
    }


def pipeline_from_json(data: dict[str, Any]) -> Pipeline:
    """A fitted Pipeline rebuilt from stored weights."""
    names = sorted(data["weights"])
    vec = DictVectorizer()
    vec.feature_names_ = names
    vec.vocabulary_ = {n: i for i, n in enumerate(names)}
    clf = LogisticRegression()
    clf.coef_ = np.array([[data["weights"][n] for n in names]], dtype=float)
    clf.intercept_ = np.array([data["intercept"]], dtype=float)
    clf.classes_ = np.array(data["classes"])
    clf.n_features_in_ = len(names)
    return Pipeline([("features", vec), ("classifier", clf)])


@dataclass
class Models:
    """The quote classifier and the speaker ranker, with their decision thresholds."""

    quote: Pipeline
    speaker: Pipeline
    quote_threshold: float
    speaker_threshold: float
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    _quote_scorer: LinearScorer = field(init=False, repr=False)
    _speaker_scorer: LinearScorer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._quote_scorer = LinearScorer.from_pipeline(self.quote)
        self._speaker_scorer = LinearScorer.from_pipeline(self.speaker)

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Models:
        """Load models from `folder` (default: the ones shipped with the package)."""
        path = Path(folder) if folder is not None else bundled_models_dir()
        meta = _read_json(path / "metadata.json")
        check_compatible(meta, path)
        return cls(
            quote=pipeline_from_json(_read_json(path / "quote.json")),
            speaker=pipeline_from_json(_read_json(path / "speaker.json")),
            quote_threshold=float(meta["thresholds"]["quote"]),
            speaker_threshold=float(meta["thresholds"]["speaker"]),
            meta=meta,
            source=str(path),
        )

    def save(self, folder: str | Path) -> None:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        meta = dict(self.meta)
        meta.update(
            format=MODEL_FORMAT,
            feature_version=features.FEATURE_VERSION,
            thresholds={"quote": self.quote_threshold, "speaker": self.speaker_threshold},
        )
        for name, data in (
            ("quote.json", pipeline_to_json(self.quote)),
            ("speaker.json", pipeline_to_json(self.speaker)),
        ):
            (path / name).write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
        (path / "metadata.json").write_text(
            json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    def score_quotes(self, ctx: DocContext, cands: Sequence[Candidate]) -> list[float]:
        """The probability that each candidate is an attribution."""
        if not cands:
            return []
        rows = [features.quote_features(ctx, c) for c in cands]
        probs = self._quote_scorer.predict_proba(rows)[:, 1]
        return [float(p) for p in probs]

    def choose_speakers(self, ctx: DocContext, kept: Sequence[Decision]) -> None:
        """Rank each kept quote's speaker candidates; the best wins if it clears the threshold."""
        rows: list[tuple[int, Token, str]] = []
        feats = []
        previous: Token | None = None
        for index, d in enumerate(kept):
            cand = d.candidate
            if cand.follows_previous:
                continue
            prev = previous if previous is not None and _near(ctx, previous, cand) else None
            for tok, how in features.speaker_candidates(ctx, cand, prev):
                rows.append((index, tok, how))
                feats.append(features.speaker_features(ctx, cand, tok, how))
            if cand.speaker is not None:
                previous = cand.speaker
        probs = self._speaker_scorer.predict_proba(feats)[:, 1]
        best: dict[int, tuple[float, Token | None, str]] = {}
        for (index, tok, how), p in zip(rows, probs, strict=True):
            if index not in best or p > best[index][0]:
                best[index] = (float(p), tok, how)
        for index, d in enumerate(kept):
            if d.candidate.follows_previous:
                continue
            p, winner, how = best.get(index, (0.0, None, "none"))
            d.speaker_score = p
            if winner is not None and p >= self.speaker_threshold:
                if winner != d.candidate.speaker:
                    d.candidate.speaker_rule = SpeakerRule.ranked(how)
                d.candidate.speaker = winner
            else:
                d.candidate.speaker = None
                d.candidate.speaker_rule = SpeakerRule.RANKED_NONE


def _near(ctx: DocContext, previous: Token, cand: Candidate) -> bool:
    return (
        ctx.paragraph_of(cand.start) - ctx.paragraph_of(previous.idx) <= PREVIOUS_SPEAKER_PARAGRAPHS
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(
            f"{path}: model file missing; retrain with `attribution train` or use --no-model"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: unreadable model file ({exc})") from None
    if not isinstance(data, dict):
        raise ModelFileError(f"{path}: not a model file")
    return data


def check_compatible(meta: dict[str, Any], path: Path) -> None:
    """Refuse models this version cannot read, saying which version made them."""
    made_by = meta.get("attribution", "an unknown version")
    if (
        meta.get("format") != MODEL_FORMAT
        or meta.get("feature_version") != features.FEATURE_VERSION
    ):
        raise ModelFileError(
            f"{path}: models made by attribution {made_by} (format {meta.get('format')}, features "
            f"{meta.get('feature_version')}); this version reads format {MODEL_FORMAT}, features "
            f"{features.FEATURE_VERSION}: retrain with `attribution train` or use --no-model"
        )
    thresholds = meta.get("thresholds")
    if not isinstance(thresholds, dict) or not {"quote", "speaker"} <= set(thresholds):
        raise ModelFileError(f"{path}: metadata.json lacks the decision thresholds")
