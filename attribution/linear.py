"""A fitted `DictVectorizer` + `LogisticRegression` pipeline, scored from its weights.

The trained models are scikit-learn Pipelines, and training, storage and evaluation use
them as such. At prediction time, though, turning a few dozen feature dicts into a
sparse matrix costs four times more than the arithmetic itself, and it runs for every
article. `LinearScorer` reads the pipeline's weights once and gives the same
probabilities as its `predict_proba`, a dot product per row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

Row = Mapping[str, float | str | np.ndarray]


@dataclass(frozen=True)
class LinearScorer:
    """Class probabilities of a fitted logistic-regression pipeline, one row at a time.

    Feature names follow `DictVectorizer`: a string value `v` under key `k` is the
    binary feature `k=v`; a number is the value of feature `k`; unseen names weigh 0.
    An array under key `k` stands for the features `k0`, `k1`, ... (what
    `features.for_vectorizer` spreads it into for training), scored as one dot product.
    """

    classes: tuple[object, ...]
    intercept: np.ndarray
    weights: dict[str, np.ndarray | float]
    separator: str = "="
    _blocks: dict[tuple[str, int], np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def from_pipeline(cls, pipe: Pipeline) -> LinearScorer:
        vec: DictVectorizer = pipe.named_steps["features"]
        clf: LogisticRegression = pipe.named_steps["classifier"]
        coef = np.asarray(clf.coef_, dtype=float)
        weights: dict[str, np.ndarray | float] = {}
        for j, name in enumerate(vec.feature_names_):
            column = coef[:, j]
            if column.any():
                weights[name] = float(column[0]) if len(column) == 1 else column.copy()
        return cls(
            tuple(clf.classes_.tolist()),
            np.asarray(clf.intercept_, dtype=float),
            weights,
            vec.separator,
        )

    def predict_proba(self, rows: Sequence[Row]) -> np.ndarray:
        """An (n_rows, n_classes) array, as `Pipeline.predict_proba` would give."""
        if len(self.intercept) == 1:
            return self._binary(rows)
        return self._multinomial(rows)

    def _binary(self, rows: Sequence[Row]) -> np.ndarray:
        bias = float(self.intercept[0])
        out = np.empty((len(rows), 2))
        for i, row in enumerate(rows):
            p = _sigmoid(float(bias + sum(w * v for w, v in self._terms(row))))
            out[i] = (1.0 - p, p)
        return out

    def _multinomial(self, rows: Sequence[Row]) -> np.ndarray:
        out = np.empty((len(rows), len(self.intercept)))
        for i, row in enumerate(rows):
            z = self.intercept.copy()
            for w, v in self._terms(row):
                z += w * v
            z = np.exp(z - z.max())
            out[i] = z / z.sum()
        return out

    def _terms(self, row: Row) -> list[tuple[np.ndarray | float, float]]:
        terms = []
        weights, sep = self.weights, self.separator
        for key, value in row.items():
            if isinstance(value, (int, float)):
                name, x = key, float(value)
            elif isinstance(value, str):
                name, x = f"{key}{sep}{value}", 1.0
            elif isinstance(value, np.ndarray):
                terms.append((value @ self._block(key, len(value)), 1.0))
                continue
            elif isinstance(value, Number):
                name, x = key, float(value)
            else:
                raise TypeError(f"feature {key!r}: {value!r} is not a string, number or array")
            w = weights.get(name)
            if w is not None and x:
                terms.append((w, x))
        return terms

    def _block(self, key: str, size: int) -> np.ndarray:
        """The weights of features `key0` ... `key{size-1}`, as a vector (or, with more than
        two classes, a size x classes matrix); made once per key."""
        block = self._blocks.get((key, size))
        if block is None:
            zero = 0.0 if len(self.intercept) == 1 else np.zeros(len(self.intercept))
            block = np.array([self.weights.get(f"{key}{i}", zero) for i in range(size)])
            self._blocks[(key, size)] = block
        return block


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
