"""A logistic regression scored from its weights, with numpy alone.

Turning a few dozen feature dicts into a sparse matrix, as a scikit-learn `Pipeline` of
a `DictVectorizer` and a `LogisticRegression` does, costs four times more than the
arithmetic itself, and it runs for every article; importing scikit-learn costs seconds
at every start. `LinearScorer` holds the weights by feature name (from a stored model,
`weights.store`) and gives the same probabilities as the pipeline's `predict_proba`, a
dot product per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

import numpy as np
from numpy import ndarray

Row = Mapping[str, float | str | np.ndarray]


@dataclass(frozen=True)
class LinearScorer:
    """Class probabilities of a logistic regression, one row at a time.

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

    def predict_proba(self, rows: Sequence[Row]) -> np.ndarray:
        """An (n_rows, n_classes) array, as `Pipeline.predict_proba` would give."""
        if len(self.intercept) == 1:
            return self._binary(rows)
        return self._multinomial(rows)

    def _binary(self, rows: Sequence[Row]) -> np.ndarray:
        weights: dict[str, Any] = self.weights  # floats, with one class
        table: Sequence[Mapping[str, Any]] = rows  # told apart by class, not isinstance
        get, block = weights.get, self._block
        totals = []
        for row in table:
            total = 0.0
            for key, value in row.items():
                cls = value.__class__
                if cls is int or cls is float:
                    w = get(key)
                    if w is not None:
                        total += w * value
                elif cls is ndarray:  # `_term`'s product (the same dot), inline
                    total += float(value.dot(block(key, len(value))))
                else:
                    term = self._term(key, value)
                    if term is not None:
                        total += float(term)
            totals.append(total)
        z = np.full(len(rows), float(self.intercept[0]))
        if totals:
            z += np.array(totals, dtype=float)  # each row's intercept + total, as one array
        with np.errstate(over="ignore"):
            p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])

    def _multinomial(self, rows: Sequence[Row]) -> np.ndarray:
        z = np.tile(self.intercept, (len(rows), 1))
        table: dict[str, Any] = self.weights  # arrays, one weight per class
        at, weights = [], []
        for i, row in enumerate(rows):
            for key, value in row.items():
                if value.__class__ is int or value.__class__ is float:
                    w = table.get(key)  # what _term gives a number, without the call
                    if w is not None and value != 1:
                        w = w * float(value)  # times 1 is the weights' own bits: no new array
                    term = w
                else:
                    term = self._term(key, value)
                if term is not None:
                    at.append(i)
                    weights.append(term)
        if at:
            np.add.at(z, at, np.array(weights))
        return softmax(z)

    def _term(self, key: str, value: object) -> np.ndarray | float | None:
        """What one feature adds to the scores: its weight times its value."""
        if isinstance(value, (int, float)):
            name, x = key, float(value)
        elif isinstance(value, str):
            name, x = f"{key}{self.separator}{value}", 1.0
        elif isinstance(value, np.ndarray):
            return value @ self._block(key, len(value))
        elif isinstance(value, Number):
            name, x = key, float(value)  # type: ignore[arg-type]
        else:
            raise TypeError(f"feature {key!r}: {value!r} is not a string, number or array")
        w = self.weights.get(name)
        return None if w is None else w * x

    def _block(self, key: str, size: int) -> np.ndarray:
        """The weights of features `key0` ... `key{size-1}`, as a vector (or, with more than
        two classes, a size x classes matrix); made once per key."""
        block = self._blocks.get((key, size))
        if block is None:
            zero = 0.0 if len(self.intercept) == 1 else np.zeros(len(self.intercept))
            block = np.array([self.weights.get(f"{key}{i}", zero) for i in range(size)])
            self._blocks[(key, size)] = block
        return block


def softmax(z: np.ndarray) -> np.ndarray:
    """Each row's scores as probabilities (computed as `scipy.special.softmax` does)."""
    shifted = np.exp(z - np.amax(z, axis=1, keepdims=True))
    return np.asarray(shifted / np.sum(shifted, axis=1, keepdims=True))
