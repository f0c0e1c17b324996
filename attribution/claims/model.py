"""The claim-type classifier: a multinomial logistic regression over the claim facts.

Stored in the one model format (`weights.store`) as `claim_type.json`, with weights per
feature and class, the weight given to the rules' answer (`decision.rule_prior`) and its
metadata (training data and hash, library versions, feature version, held-out scores,
the spaCy pipeline its features came from). `predict_proba` is the confidence written
to the evidence, computed from the weights by a `LinearScorer`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from attribution.schema import CLAIM_TYPES
from attribution.weights.scorer import LinearScorer
from attribution.weights.store import (
    LinearModel,
    ModelSpec,
    PipelineId,
    model_folder,
    read_model,
    write_model,
)

CLAIM_FEATURE_VERSION = 3
CLAIM_LABELS = CLAIM_TYPES
CLAIM_TYPE = ModelSpec(
    "claim_type",
    "claim-type model",
    CLAIM_FEATURE_VERSION,
    CLAIM_LABELS,
    ("rule_prior",),
    "attribution train-claims",
)

Features = dict[str, float]


@dataclass
class ClaimModel:
    """A claim-type classifier and the weight it gives the rules' answer.

    The label is the arg-max of the classifier's probabilities plus `rule_prior` on the
    label the rules give (chosen with the regularisation by cross-validation); the score
    is the classifier's own probability of that label.
    """

    model: LinearModel
    _scorer: LinearScorer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._scorer = self.model.scorer()

    @property
    def rule_prior(self) -> float:
        return self.model.decision["rule_prior"]

    @property
    def meta(self) -> Mapping[str, Any]:
        return self.model.meta

    @property
    def source(self) -> str:
        """The file the model was read from ("" when trained in this process)."""
        return self.model.source

    @property
    def classes(self) -> list[str]:
        """The class labels in the order of the probability columns."""
        return [str(c) for c in self.model.classes]

    def predict(self, rows: Sequence[Features], rules: Sequence[str]) -> list[tuple[str, float]]:
        """Each row's label (given the rules' label for it), with the classifier's probability."""
        if not rows:
            return []
        return combine(self._scorer.predict_proba(rows), self.classes, rules, self.rule_prior)

    def save(self, folder: str | Path) -> Path:
        return write_model(self.model, folder)

    @classmethod
    def load(cls, folder: str | Path | None = None, *, pipeline: PipelineId | None) -> ClaimModel:
        """The model in `folder`, or the bundled one when `folder` is None or has none
        (with a warning), refused unless made with a spaCy pipeline like `pipeline`."""
        path = model_folder(folder, (CLAIM_TYPE,)) / CLAIM_TYPE.file_name
        return cls(read_model(path, CLAIM_TYPE, pipeline))


def combine(
    probs: Any, classes: Sequence[str], rules: Sequence[str], prior: float
) -> list[tuple[str, float]]:
    """Arg-max of the probabilities with `prior` added to the rules' label of each row
    (all rows at once: one small array per row cost more than the sums)."""
    if len(probs) != len(rules):
        raise ValueError(f"{len(probs)} rows of probabilities for {len(rules)} rule labels")
    if not len(rules):
        return []
    column: dict[str, int] = {}
    for k, c in enumerate(classes):
        column.setdefault(c, k)
    scores = np.array(probs, dtype=float)
    rows = [i for i, rule in enumerate(rules) if rule in column]
    scores[rows, [column[rules[i]] for i in rows]] += prior
    best = scores.argmax(axis=1).tolist()
    return [(str(classes[b]), float(probs[i][b])) for i, b in enumerate(best)]
