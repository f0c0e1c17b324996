"""The scikit-learn pipelines the trainers fit, and their conversion into stored models.

Every model is a `DictVectorizer` and a `LogisticRegression`; once fitted it becomes a
`LinearModel` (`weights.store`), which is what is saved, loaded and scored. Only the
trainers import this module, so scikit-learn is never imported to analyse text.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from typing import Any

import numpy as np
import sklearn
import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from attribution.weights.store import LinearModel, PipelineId


def new_pipeline(c: float = 1.0) -> Pipeline:
    """The untrained pipeline of the quote classifier and the speaker ranker."""
    return Pipeline(
        [
            ("features", DictVectorizer()),
            ("classifier", LogisticRegression(C=c, max_iter=3000)),
        ]
    )


def new_claim_pipeline(c: float = 0.5) -> Pipeline:
    """The untrained claim-type classifier (balanced classes: personal accounts are the
    rare ones)."""
    return Pipeline(
        [
            ("features", DictVectorizer()),
            ("classifier", LogisticRegression(C=c, max_iter=5000, class_weight="balanced")),
        ]
    )


def to_linear_model(
    pipe: Pipeline,
    *,
    name: str,
    feature_version: int,
    pipeline: PipelineId,
    decision: Mapping[str, float],
    meta: Mapping[str, Any] | None = None,
    min_weight: float = 1e-4,
    digits: int | None = 6,
) -> LinearModel:
    """A fitted pipeline as a stored model: weights by feature name, rounded to `digits`
    (None: as fitted), features whose weights are all below `min_weight` left out."""
    vec: DictVectorizer = pipe.named_steps["features"]
    clf: LogisticRegression = pipe.named_steps["classifier"]
    if vec.separator != "=":
        raise ValueError(f"the stored format names features k=v, not k{vec.separator}v")
    coef = np.asarray(clf.coef_, dtype=float)
    weights = {}
    for j, feature in enumerate(vec.feature_names_):
        column = coef[:, j]
        if float(np.abs(column).max()) >= min_weight:
            weights[feature] = [
                float(w) if digits is None else round(float(w), digits) for w in column
            ]
    return LinearModel(
        name=name,
        classes=tuple(c.item() if isinstance(c, np.generic) else c for c in clf.classes_),
        intercept=tuple(float(b) for b in clf.intercept_),
        weights=weights,
        decision=dict(decision),
        feature_version=feature_version,
        pipeline=pipeline,
        meta=dict(meta or {}),
    )


def library_versions() -> dict[str, str]:
    """The versions a model's weights depend on, for its metadata."""
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "spacy": spacy.__version__,
    }
