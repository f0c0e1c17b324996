"""The claim-type classifier: stored in the one model format (attribution/claims/model.py),
rebuilt by `attribution train-claims` (attribution/learn/claims.py, cli/claims.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from gold_lines import gold_line

from attribution import Analyzer
from attribution.claims.model import CLAIM_TYPE, ClaimModel
from attribution.cli.app import main
from attribution.learn.pipelines import new_claim_pipeline, to_linear_model
from attribution.resources import bundled_models_dir
from attribution.weights.store import ModelFileError, PipelineId

CLAIM_MODEL_FILE = CLAIM_TYPE.file_name

SENTENCES = {
    "official_statement": [
        (
            "The Ministry of Transport said the bridge would reopen on Friday.",
            "the bridge would reopen on Friday",
            "The Ministry of Transport",
        ),
        (
            "A police spokeswoman said two men had been arrested.",
            "two men had been arrested",
            "A police spokeswoman",
        ),
        (
            "The city council said in a statement that the budget was balanced.",
            "the budget was balanced",
            "The city council",
        ),
        (
            "Mayor Ana Ruiz said the schools would stay open.",
            "the schools would stay open",
            "Mayor Ana Ruiz",
        ),
        ("The company said its profits had doubled.", "its profits had doubled", "The company"),
        ("The court ruled that the contract was void.", "the contract was void", "The court"),
    ],
    "personal_account": [
        (
            "“I saw the water come through the door,” said Tom Hale, who lives by the river.",
            "“I saw the water come through the door,”",
            "Tom Hale",
        ),
        (
            "A neighbour said she had heard two shots before dawn.",
            "she had heard two shots before dawn",
            "A neighbour",
        ),
        (
            "“We lost everything in one night,” said a farmer whose barn burned.",
            "“We lost everything in one night,”",
            "a farmer whose barn burned",
        ),
        (
            "Her brother said the family had waited for hours at the border.",
            "the family had waited for hours at the border",
            "Her brother",
        ),
        (
            "“My son was hurt in the crash,” said Lina Park.",
            "“My son was hurt in the crash,”",
            "Lina Park",
        ),
        ("A witness said he saw the driver run away.", "he saw the driver run away", "A witness"),
    ],
    "other": [
        (
            "Prices will rise next year, said an economist at a large bank.",
            "Prices will rise next year",
            "an economist at a large bank",
        ),
        (
            "A survey of 1,000 adults found that most oppose the plan.",
            "most oppose the plan",
            "A survey of 1,000 adults",
        ),
        (
            "The newspaper reported that the talks had failed.",
            "the talks had failed",
            "The newspaper",
        ),
        (
            "Two people familiar with the talks said a deal was close.",
            "a deal was close",
            "Two people familiar with the talks",
        ),
        ("Analysts expect growth to slow.", "growth to slow", "Analysts"),
        (
            "A study found that the drug cut deaths by half.",
            "the drug cut deaths by half",
            "A study",
        ),
    ],
}


def write_gold(path: Path, labels: tuple[str, ...] = tuple(SENTENCES)) -> Path:
    lines = [
        gold_line(f"{label}-{n}", text, content, speaker, {"claim_type": label})
        for label in labels
        for n, (text, content, speaker) in enumerate(SENTENCES[label])
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder: the bundled quote and speaker models, and a claim model trained here."""
    folder = tmp_path_factory.mktemp("models")
    for name in ("quote.json", "speaker.json"):
        shutil.copyfile(bundled_models_dir() / name, folder / name)
    gold = write_gold(folder.parent / "claims-gold.jsonl")
    assert main(["train-claims", "--data", str(gold), "--out", str(folder)]) == 0
    return folder


def test_train_claims_writes_plain_json_with_metadata(trained: Path, nlp: Any) -> None:
    data = json.loads((trained / CLAIM_MODEL_FILE).read_text("utf-8"))
    assert data["format"] == 2 and data["model"] == "claim_type"
    assert data["classes"] == ["official_statement", "other", "personal_account"]
    assert all(len(w) == 3 for w in data["weights"].values())
    assert data["n_features"] == len(data["weights"]) and len(data["intercept"]) == 3
    made_with = PipelineId.from_meta(nlp.meta)
    assert data["spacy_pipeline"] == {"name": made_with.name, "version": made_with.version}
    meta = data["meta"]
    assert data["decision"]["rule_prior"] == meta["rule_prior"]
    (source,) = meta["trained_on"]
    assert source["file"] == "claims-gold.jsonl" and len(source["sha256"]) == 64
    assert source["documents"] == 18
    assert sum(meta["examples"].values()) >= 15
    assert "CC BY 4.0" in meta["licence_note"]
    assert meta["c"] > 0 and 0 <= meta["rule_prior"] <= 1
    assert {"scikit-learn", "spacy", "python"} <= set(meta["versions"])


def test_the_analyzer_uses_the_claim_model_of_its_models_folder(trained: Path) -> None:
    analyzer = Analyzer(models_dir=trained)
    assert analyzer.extractor.claims.model is not None
    assert analyzer.extractor.claims.model.source == str(trained / CLAIM_MODEL_FILE)
    article = analyzer.analyze("A police spokesman said the road was closed after the crash.")
    (att,) = article.attributions
    assert att.claim_type == "official_statement"
    (ev,) = [e for e in att.evidence if e.step == "claim_type"]
    assert ev.method == "model" and ev.score is not None


def test_a_round_trip_through_the_model_file_predicts_the_same(tmp_path: Path) -> None:
    x = [{"mention=official": 1.0}, {"first_hand": 1.0}, {"mention=expert": 1.0}] * 4
    y = ["official_statement", "personal_account", "other"] * 4
    stored = to_linear_model(
        new_claim_pipeline(1.0).fit(x, y),
        name=CLAIM_TYPE.name,
        feature_version=CLAIM_TYPE.feature_version,
        pipeline=PipelineId("en_core_web_sm", "3.8.0"),
        decision={"rule_prior": 0.1},
        meta={"attribution": "test"},
    )
    fitted = ClaimModel(stored)
    again = ClaimModel.load(fitted.save(tmp_path).parent, pipeline=stored.pipeline)
    rows = [{"mention=official": 1.0}, {"first_hand": 1.0, "mention=expert": 1.0}, {}]
    rules = ["other", "personal_account", "official_statement"]
    before, after = fitted.predict(rows, rules), again.predict(rows, rules)
    assert [label for label, _ in after] == [label for label, _ in before]
    assert [p for _, p in after] == pytest.approx([p for _, p in before], abs=1e-4)
    assert after[0][0] == "official_statement" and after[1][0] == "personal_account"
    assert again.rule_prior == 0.1


def test_the_bundled_model_says_what_it_was_trained_on() -> None:
    model = ClaimModel.load(pipeline=None)
    assert model.source == str(bundled_models_dir() / CLAIM_MODEL_FILE)
    meta = model.meta
    files = {t["file"] for t in meta["trained_on"]}
    assert "train.jsonl" in files
    assert {lab["file"] for lab in meta["labels"]} == {
        "polnear-train-claims.jsonl",
        "polnear-train-disputes.jsonl",
    }
    assert "FactAppeal" in meta["licence_note"] and "Mor-Lan" in meta["licence_note"]


def test_an_incompatible_model_is_refused_with_a_reason(tmp_path: Path) -> None:
    data = json.loads((bundled_models_dir() / CLAIM_MODEL_FILE).read_text("utf-8"))
    data["feature_version"] = 999
    (tmp_path / CLAIM_MODEL_FILE).write_text(json.dumps(data), "utf-8")
    with pytest.raises(ModelFileError, match=r"features 999.*train-claims"):
        ClaimModel.load(tmp_path, pipeline=None)
    (tmp_path / CLAIM_MODEL_FILE).write_text("{not json", "utf-8")
    with pytest.raises(ModelFileError, match="unreadable model file"):
        ClaimModel.load(tmp_path, pipeline=None)


def test_training_needs_every_claim_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = write_gold(tmp_path / "two.jsonl", ("official_statement", "other"))
    assert main(["train-claims", "--data", str(gold), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "needs examples of all of" in err and err.count("\n") == 1


def test_labels_must_name_documents_of_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = write_gold(tmp_path / "gold.jsonl")
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "elsewhere", "quotes": []}\n', "utf-8")
    code = main(
        ["train-claims", "--data", str(gold), "--labels", str(labels), "--out", str(tmp_path)]
    )
    assert code == 2
    assert "document 'elsewhere' is in no --data file" in capsys.readouterr().err
    assert main(["train-claims", "--data", str(tmp_path / "none.jsonl"), "--out", "x"]) == 2


def test_settings_are_chosen_on_each_corpus_equally() -> None:
    """The cross-validated score is the mean of each data file's macro-F1: a large
    corpus the model gets right cannot hide a small one it gets wrong."""
    import numpy as np

    from attribution.learn.claims import _per_corpus_f1

    labels = ["official_statement", "personal_account", "other"]
    big = labels * 30
    small = labels * 2
    y = np.array(big + small)
    predicted = np.array(big + ["other"] * len(small))
    corpus = np.array([0] * len(big) + [1] * len(small))
    small_f1 = 0.5 / 3  # only `other` right, at precision 1/3 and recall 1
    assert _per_corpus_f1(y, predicted, corpus) == pytest.approx((1.0 + small_f1) / 2)
    assert _per_corpus_f1(y, predicted, np.zeros(len(y), dtype=int)) > 0.9
