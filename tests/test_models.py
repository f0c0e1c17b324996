"""Trained classifiers: storage as JSON weights, loading, version checks, and their use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attribution import Analyzer
from attribution.extract.features import FEATURE_VERSION
from attribution.extract.models import (
    ModelFileError,
    Models,
    new_pipeline,
    pipeline_from_json,
    pipeline_to_json,
)
from attribution.resources import bundled_models_dir

ROOT = Path(__file__).parent.parent


def test_pipeline_survives_json_weights() -> None:
    rows = [
        {"lemma=say": 1, "words": 3.0},
        {"lemma=eat": 1, "words": 1.0},
        {"lemma=say": 1, "words": 9.0},
    ] * 5
    labels = [1, 0, 1] * 5
    pipe = new_pipeline().fit(rows, labels)
    data = json.loads(json.dumps(pipeline_to_json(pipe, min_weight=0.0)))
    back = pipeline_from_json(data)
    probe = [{"lemma=say": 1, "words": 4.0}, {"lemma=eat": 1}, {"unseen=x": 1}]
    assert np.allclose(pipe.predict_proba(probe), back.predict_proba(probe), atol=1e-5)


def test_shipped_models_load_with_metadata() -> None:
    models = Models.load()
    meta = models.meta
    assert meta["format"] == 1 and meta["feature_version"] == FEATURE_VERSION
    assert len(meta["trained_on"]["sha256"]) == 64 and meta["trained_on"]["documents"] > 0
    assert {"scikit-learn", "spacy", "python"} <= set(meta["versions"])
    assert 0 < models.quote_threshold < 1 and 0 < models.speaker_threshold < 1
    assert meta["dev"]["end_to_end"]["f1"] > 0


def _copy_models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(bundled_models_dir(), folder)
    return folder


def test_models_from_another_version_are_refused_clearly(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path)
    meta = json.loads((folder / "metadata.json").read_text("utf-8"))
    meta["feature_version"] = FEATURE_VERSION + 1
    meta["attribution"] = "9.9.9"
    (folder / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(
        ModelFileError, match=r"made by attribution 9\.9\.9.*retrain with `attribution train`"
    ):
        Models.load(folder)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "attribution",
            "analyze",
            str(ROOT / "examples" / "harbour-strike.txt"),
            "--models",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "9.9.9" in proc.stderr


def test_missing_or_broken_model_files(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path)
    (folder / "speaker.json").unlink()
    with pytest.raises(ModelFileError, match=r"speaker\.json: model file missing"):
        Models.load(folder)
    (folder / "speaker.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelFileError, match="unreadable model file"):
        Models.load(folder)


def test_model_decisions_carry_model_evidence(analyzer: Analyzer, example_text: str) -> None:
    article = analyzer.analyze(example_text)
    assert article.meta["method"] == "rules+model"
    for att in article.attributions:
        quote = next(e for e in att.evidence if e.step == "quote")
        assert quote.method == "model" and quote.score == att.confidence
        assert 0.0 <= att.confidence <= 1.0
        if att.speaker is not None and not att.rule_id.startswith("quote.floating"):
            speaker = next(e for e in att.evidence if e.step == "speaker")
            assert speaker.method == "model" and speaker.score is not None


def test_no_model_is_rules_only(example_text: str) -> None:
    article = Analyzer(use_model=False).analyze(example_text)
    assert article.meta["method"] == "rules"
    assert all(e.method == "rule" for a in article.attributions for e in a.evidence)
