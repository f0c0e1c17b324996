"""The claim-type classifier: a `DictVectorizer` and a multinomial `LogisticRegression`.

Stored as plain JSON (weights per feature and class, no pickle, nothing executed on
load) in `claim_type.json` beside the other models, with its metadata in the same file:
training data and hash, library versions, feature version, and held-out scores.
`predict_proba` is the confidence written to the evidence (computed at prediction time
by a `LinearScorer` from the pipeline's weights).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from attribution.extract.models import ModelFileError
from attribution.resources import bundled_models_dir
from attribution.schema import CLAIM_TYPES
from attribution.weights.scorer import LinearScorer

CLAIM_MODEL_FILE = "claim_type.json"
CLAIM_MODEL_FORMAT = 1
CLAIM_FEATURE_VERSION = 2
CLAIM_LABELS = CLAIM_TYPES

Features = dict[str, float]


def new_claim_pipeline(c: float = 0.5) -> Pipeline:
    """The untrained classifier of both claim flags, claim type and disputed (balanced
    classes: personal accounts and disputed claims are the rare ones)."""
    return Pipeline(
        [
            ("features", DictVectorizer()),
            ("classifier", LogisticRegression(C=c, max_iter=5000, class_weight="balanced")),
        ]
    )


@dataclass
class JsonModel:
    """A fitted `DictVectorizer` + `LogisticRegression` pipeline stored as plain JSON
    weights with its metadata; subclasses name the decision, its file and its labels."""

    pipeline: Pipeline
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    _scorer: LinearScorer = field(init=False, repr=False)

    file_name: ClassVar[str]
    labels: ClassVar[tuple[str, ...]]
    model_format: ClassVar[int]
    feature_version: ClassVar[int]
    kind: ClassVar[str]

    def __post_init__(self) -> None:
        self._scorer = LinearScorer.from_pipeline(self.pipeline)

    @property
    def classes(self) -> list[str]:
        """The class labels in the order of the probability columns."""
        return [str(c) for c in self._scorer.classes]

    def to_json(self, *, min_weight: float = 1e-4) -> dict[str, Any]:
        vec: DictVectorizer = self.pipeline.named_steps["features"]
        clf: LogisticRegression = self.pipeline.named_steps["classifier"]
        weights = {
            name: [round(float(w), 6) for w in clf.coef_[:, j]]
            for j, name in enumerate(vec.feature_names_)
            if float(np.abs(clf.coef_[:, j]).max()) >= min_weight
        }
        meta = dict(self.meta)
        meta.update(format=self.model_format, feature_version=self.feature_version)
        return {
            "meta": meta,
            "classes": self.classes,
            "intercept": [float(b) for b in clf.intercept_],
            "weights": weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "") -> Self:
        check_model_data(data, source, cls)
        names = sorted(data["weights"])
        vec = DictVectorizer()
        vec.feature_names_ = names
        vec.vocabulary_ = {n: i for i, n in enumerate(names)}
        clf = LogisticRegression()
        clf.coef_ = np.array([data["weights"][n] for n in names], dtype=float).T.reshape(
            len(data["intercept"]), len(names)
        )
        clf.intercept_ = np.array(data["intercept"], dtype=float)
        clf.classes_ = np.array(data["classes"])
        clf.n_features_in_ = len(names)
        pipe = Pipeline([("features", vec), ("classifier", clf)])
        return cls(pipe, data["meta"], source)

    def save(self, folder: str | Path) -> Path:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        target = path / self.file_name
        target.write_text(json.dumps(self.to_json(), sort_keys=True) + "\n", encoding="utf-8")
        return target

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Self:
        """The model in `folder`, or the bundled one when `folder` has none."""
        path = Path(folder) / cls.file_name if folder is not None else None
        if path is None or not path.is_file():
            path = bundled_models_dir() / cls.file_name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelFileError(
                f"{path}: {cls.kind} model missing; rebuild it with `attribution train-claims` "
                "or use --no-model"
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelFileError(f"{path}: unreadable model file ({exc})") from None
        if not isinstance(data, dict):
            raise ModelFileError(f"{path}: not a {cls.kind} model file")
        return cls.from_json(data, str(path))


@dataclass
class ClaimModel(JsonModel):
    """A fitted claim-type pipeline and the weight it gives the rules' answer.

    The label is the arg-max of the classifier's probabilities plus `rule_prior` on the
    label the rules give (chosen with the regularisation by cross-validation); the score
    is the classifier's own probability of that label.
    """

    rule_prior: float = 0.0

    file_name: ClassVar[str] = CLAIM_MODEL_FILE
    labels: ClassVar[tuple[str, ...]] = CLAIM_LABELS
    model_format: ClassVar[int] = CLAIM_MODEL_FORMAT
    feature_version: ClassVar[int] = CLAIM_FEATURE_VERSION
    kind: ClassVar[str] = "claim-type"

    def predict(self, rows: Sequence[Features], rules: Sequence[str]) -> list[tuple[str, float]]:
        """Each row's label (given the rules' label for it), with the classifier's probability."""
        if not rows:
            return []
        return combine(self._scorer.predict_proba(rows), self.classes, rules, self.rule_prior)

    def to_json(self, *, min_weight: float = 1e-4) -> dict[str, Any]:
        return {**super().to_json(min_weight=min_weight), "rule_prior": self.rule_prior}

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "") -> Self:
        model = super().from_json(data, source)
        model.rule_prior = float(data.get("rule_prior", 0.0))
        return model


def combine(
    probs: Any, classes: Sequence[str], rules: Sequence[str], prior: float
) -> list[tuple[str, float]]:
    """Arg-max of the probabilities with `prior` added to the rules' label of each row."""
    out = []
    for p, rule in zip(probs, rules, strict=True):
        scores = np.array(p, dtype=float)
        if rule in classes:
            scores[list(classes).index(rule)] += prior
        best = int(np.argmax(scores))
        out.append((str(classes[best]), float(p[best])))
    return out


def check_model_data(
    data: dict[str, Any], source: str, model: type[JsonModel] = ClaimModel
) -> None:
    """Refuse a model file of `model`'s kind that this version cannot read, saying what
    made it. A two-class model has one row of weights, more classes one each."""
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    assert isinstance(meta, dict)
    if (
        meta.get("format") != model.model_format
        or meta.get("feature_version") != model.feature_version
    ):
        raise ModelFileError(
            f"{source}: {model.kind} model made by attribution {meta.get('attribution', '?')} "
            f"(format {meta.get('format')}, features {meta.get('feature_version')}); this "
            f"version reads format {model.model_format}, features {model.feature_version}: "
            "rebuild it with `attribution train-claims` or use --no-model"
        )
    classes = data.get("classes")
    weights = data.get("weights")
    rows = 1 if isinstance(classes, list) and len(classes) == 2 else len(model.labels)
    if (
        not isinstance(classes, list)
        or sorted(classes) != sorted(model.labels)
        or not isinstance(weights, dict)
        or not all(isinstance(w, list) and len(w) == rows for w in weights.values())
        or not isinstance(data.get("intercept"), list)
        or len(data["intercept"]) != rows
    ):
        raise ModelFileError(f"{source}: not a {model.kind} model (classes, weights, intercept)")
