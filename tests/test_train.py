"""Training end to end on a small labelled set written for the test (learn/quotes.py)."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest

from attribution import Analyzer
from attribution.cli.app import main
from attribution.extract.features import FEATURE_VERSION
from attribution.extract.models import Models
from attribution.resources import bundled_models_dir
from attribution.weights.store import PipelineId

QUOTE_SPEAKER = ("quote", "speaker")
PEOPLE = ["Maria Okafor", "Daniel Brandt", "Lena Voss", "Tomas Berg", "Ana Ruiz", "Paul Meyer"]
CLAUSES = [
    "the harbour would reopen next week",
    "the budget had been cut twice",
    "nobody had warned the residents",
    "the bridge was safe for lorries",
    "talks would resume on Friday",
    "the school would stay closed",
]
QUOTES = [
    "We are not giving up",
    "This plan cannot work",
    "The ferry must come back",
    "Prices are far too high",
]
FILLER = [
    "The council built a new bridge over the river.",
    "Rain fell on the town for most of the week.",
    "The ferry carried two hundred passengers on Sunday.",
    "Shops on the main street opened late.",
]


def _quote(text: str, content: str, speaker: str, cue: str, kind: str) -> dict[str, object]:
    start = text.index(content)
    s = text.index(speaker)
    c = text.index(cue, s)
    return {
        "start": start,
        "end": start + len(content),
        "text": content,
        "kind": kind,
        "speaker": speaker,
        "speaker_start": s,
        "speaker_end": s + len(speaker),
        "cue": cue,
        "cue_start": c,
        "cue_end": c + len(cue),
        "labels": {},
    }


def make_corpus(n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        clause, words = rng.choice(CLAUSES), rng.choice(QUOTES)
        sentences = [
            rng.choice(FILLER),
            f"{a} said that {clause}.",
            rng.choice(FILLER),
            f"“{words},” {b} told reporters.",
        ]
        text = " ".join(sentences)
        docs.append(
            {
                "id": f"doc{i}",
                "text": text,
                "quotes": [
                    _quote(text, f"that {clause}", a, "said", "indirect"),
                    _quote(text, f"“{words},”", b, "told", "direct"),
                ],
            }
        )
    return docs


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("train")
    data = folder / "train.jsonl"
    dev = folder / "dev.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(24, 1)), "utf-8")
    dev.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(8, 2)), "utf-8")
    out = folder / "models"
    return (
        data,
        out,
        str(main(["train", "--data", str(data), "--dev", str(dev), "--out", str(out)])),
    )


def test_train_writes_models_with_metadata(trained: tuple[Path, Path, str], nlp: Any) -> None:
    data, out, code = trained
    assert code == "0"
    assert sorted(p.name for p in out.iterdir()) == ["quote.json", "speaker.json"]
    quote, speaker = (json.loads((out / f"{n}.json").read_text("utf-8")) for n in QUOTE_SPEAKER)
    meta = quote["meta"]
    assert speaker["meta"] == meta
    assert meta["trained_on"]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert meta["trained_on"]["documents"] == 24
    assert meta["examples"]["quote_positive"] >= 40
    assert meta["dev"]["quotes_overlap"]["f1"] > 0.8
    assert {"scikit-learn", "numpy", "spacy", "python"} <= set(meta["versions"])
    made_with = PipelineId.from_meta(nlp.meta)
    for model in (quote, speaker):
        assert model["format"] == 2 and model["n_features"] == len(model["weights"])
        assert model["spacy_pipeline"] == {"name": made_with.name, "version": made_with.version}
    assert quote["decision"]["threshold"] == meta["dev"]["thresholds"]["quote"]
    assert speaker["decision"]["threshold"] == meta["dev"]["thresholds"]["speaker"]
    assert quote["weights"]["lemma=say"][0] > 0


def test_retrained_models_analyse_new_text(trained: tuple[Path, Path, str], nlp: Any) -> None:
    _, out, _ = trained
    models = Models.load(out, pipeline=PipelineId.from_meta(nlp.meta))
    assert models.meta["trained_on"]["documents"] == 24
    text = (
        "The council built a new bridge over the river. Ana Ruiz said that the market would move."
    )
    found = Analyzer(models_dir=out).analyze(text).attributions
    assert [a.quote.text for a in found] == ["that the market would move"]
    assert found[0].speaker is not None and found[0].speaker.name == "Ana Ruiz"


def test_train_refuses_missing_data(tmp_path: Path) -> None:
    assert (
        main(["train", "--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "m")]) == 2
    )


def test_train_quote_only_keeps_the_speaker_ranker(
    trained: tuple[Path, Path, str], tmp_path: Path, nlp: Any
) -> None:
    # The quote classifier is refitted with its threshold chosen on two held-out blocks of
    # 6 articles; the speaker ranker of --from is copied unchanged.
    data, first, _ = trained
    out = tmp_path / "quote_only"
    args = ["train", "--data", str(data), "--out", str(out), "--quote-only"]
    assert main([*args, "--holdout", "6", "--folds", "2", "--from", str(first)]) == 0
    assert (out / "speaker.json").read_bytes() == (first / "speaker.json").read_bytes()
    quote = json.loads((out / "quote.json").read_text("utf-8"))
    meta = quote["meta"]
    assert meta["held_out"]["documents"] == 12 and len(meta["held_out"]["by_fold"]) == 2
    assert quote["decision"]["threshold"] == meta["held_out"]["thresholds"]["quote"]
    assert meta["trained_on"]["documents"] == 24 and meta["examples"]["quote_positive"] >= 40
    assert quote["weights"]["lemma=say"][0] > 0
    found = Analyzer(models_dir=out).analyze("Ana Ruiz said that the market would move.")
    assert [a.quote.text for a in found.attributions] == ["that the market would move"]


def test_train_quote_only_refuses_a_holdout_as_large_as_the_data(
    trained: tuple[Path, Path, str], tmp_path: Path
) -> None:
    data, first, _ = trained
    args = ["train", "--data", str(data), "--out", str(tmp_path / "m"), "--quote-only"]
    assert main([*args, "--holdout", "12", "--folds", "2", "--from", str(first)]) == 2


def test_train_speaker_only_refits_the_ranker_beside_the_bundled_quote_classifier(
    tmp_path: Path,
) -> None:
    """`train --speaker-only`: a new speaker ranker with the current features, its
    mentions labelled by name, the quote classifier copied as it is, and the bundled
    speaker threshold kept (nothing tuned)."""
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(12, 3)), "utf-8")
    out = tmp_path / "models"
    assert main(["train", "--speaker-only", "--data", str(data), "--out", str(out)]) == 0
    bundled = bundled_models_dir()
    assert (out / "quote.json").read_bytes() == (bundled / "quote.json").read_bytes()
    speaker = json.loads((out / "speaker.json").read_text("utf-8"))
    before = json.loads((bundled / "speaker.json").read_text("utf-8"))
    assert speaker["feature_version"] == FEATURE_VERSION
    assert speaker["decision"] == before["decision"]
    assert speaker["meta"]["trained_on"]["documents"] == 12
    assert "resolving to its name" in speaker["meta"]["speaker_labels"]
    assert speaker["weights"]["how=rule"][0] > 0


def test_train_refuses_both_single_model_options(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(4, 3)), "utf-8")
    args = ["train", "--data", str(data), "--out", str(tmp_path / "m")]
    assert main([*args, "--quote-only", "--speaker-only"]) == 2
    assert not (tmp_path / "m").exists()
