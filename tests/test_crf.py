"""The span tagger (attribution/extract/crf.py, attribution/learn/tagger.py): token labels
from gold, a small CRF fitted on self-written sentences, its spans as candidates, its
probabilities as features, and its model file refused when it is not the one recorded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from attribution import Analyzer
from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.extract import crf
from attribution.extract.context import DocContext
from attribution.extract.models import QUOTE_TAGGER, Models
from attribution.learn import tagger as learn
from attribution.resources import bundled_models_dir
from attribution.ruleset.ids import QuoteRule, SpeakerRule
from attribution.weights.store import ModelFileError, binary_record, check_binary

TRAINING = [
    ("The mayor said that the bridge would reopen in May.", "The mayor", "said"),
    ("The minister said that taxes would not rise this year.", "The minister", "said"),
    ("The union vowed that the strike would go on.", "The union", "vowed"),
    ("Police said that two men were arrested at the port.", "Police", "said"),
    ("The council vowed that the library would stay open.", "The council", "vowed"),
    ("Her lawyer said that the charges were baseless.", "Her lawyer", "said"),
]
PLAIN = "The weather was cold and the trains were late."


def gold_of(text: str, speaker: str, cue: str) -> GoldDoc:
    """One sentence whose content is everything after the cue, up to the full stop."""
    s, c = text.index(speaker), text.index(cue)
    start = c + len(cue) + 1
    quote = GoldQuote(
        content=((start, len(text) - 1),),
        speaker=((s, s + len(speaker)),),
        cue=((c, c + len(cue)),),
    )
    return GoldDoc("t", text, (quote,))


def context(analyzer: Analyzer, text: str) -> DocContext:
    return analyzer.extractor.context(analyzer.nlp(text))


@pytest.fixture(scope="module")
def fitted(rules_only: Analyzer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    seqs = []
    for text, speaker, cue in TRAINING:
        seqs += learn.sequences(context(rules_only, text), gold_of(text, speaker, cue))
        seqs += learn.sequences(context(rules_only, PLAIN), GoldDoc("p", PLAIN, ()))
    path = tmp_path_factory.mktemp("crf") / learn.TAGGER_FILE
    record = learn.fit_crf(seqs, path, {"max_iterations": 60, "c1": 0.0})
    assert record["sequences"] == len(seqs)
    return path


def test_gold_ranges_become_bio_labels(rules_only: Analyzer) -> None:
    text, speaker, cue = TRAINING[0]
    ctx = context(rules_only, text)
    labels = learn.token_labels(ctx, gold_of(text, speaker, cue))
    pairs = [(t.text, lab) for t, lab in zip(ctx.doc, labels, strict=True)]
    assert pairs[:5] == [
        ("The", "B-SRC"),
        ("mayor", "I-SRC"),
        ("said", "B-CUE"),
        ("that", "B-CON"),
        ("the", "I-CON"),
    ]
    assert pairs[-2:] == [("May", "I-CON"), (".", "O")]


def test_the_tagger_proposes_content_with_its_cue_and_speaker(
    rules_only: Analyzer, fitted: Path
) -> None:
    tagger = crf.SpanTagger(fitted)
    text = "The governor said that the school would close in June."
    ctx = context(rules_only, text)
    tagging = tagger.tag(ctx)
    cands = crf.propose(ctx, tagging)
    assert len(cands) == 1
    cand = cands[0]
    assert cand.rule_id == QuoteRule.TAGGER
    assert text[cand.start : cand.end] == "that the school would close in June"
    assert cand.cue_lemma == "say"
    assert cand.speaker is not None and cand.speaker.text == "governor"
    assert cand.speaker_rule == SpeakerRule.TAGGER
    f = crf.tagging_features(ctx, cand, tagging)
    assert f["tag_content_p"] > 0.5 and f["tag_cue_p"] > 0.5
    assert f["tag_before_p"] < 0.5

    plain = context(rules_only, "The weather was cold and the buses were late.")
    assert crf.propose(plain, tagger.tag(plain)) == []


def test_learned_cues_lists_what_the_lexicon_lacks(fitted: Path) -> None:
    everything = learn.learned_cues(fitted, lambda lemma: None, min_weight=0.0)
    assert "vow" in [lemma for lemma, _ in everything]
    lexicon = learn.learned_cues(fitted, lambda lemma: lemma == "vow", min_weight=0.0)
    assert "vow" not in [lemma for lemma, _ in lexicon]


def test_a_file_that_is_not_a_crf_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "tagger.crfsuite"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(ModelFileError) as err:
        crf.SpanTagger(bad)
    assert str(err.value).startswith(f"{bad}: not a CRFsuite tagger model")
    assert "\n" not in str(err.value)


def test_a_binary_model_must_be_the_file_that_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "tagger.crfsuite"
    path.write_bytes(b"model bytes")
    record = binary_record(path, training_seconds=1.0)
    assert check_binary(tmp_path, record, "span tagger", "retrain") == path
    path.write_bytes(b"model bytez")
    with pytest.raises(ModelFileError, match="size or SHA-256 differs"):
        check_binary(tmp_path, record, "span tagger", "retrain")
    with pytest.raises(ModelFileError, match="plain name"):
        check_binary(tmp_path, {**record, "file": "../x"}, "span tagger", "retrain")
    with pytest.raises(ModelFileError, match="file missing"):
        check_binary(tmp_path, {**record, "file": "gone.crfsuite"}, "span tagger", "retrain")
    with pytest.raises(ModelFileError, match="must give file, bytes and sha256"):
        check_binary(tmp_path, None, "span tagger", "retrain")


def test_models_use_the_tagger_only_when_its_files_are_there(tmp_path: Path, fitted: Path) -> None:
    for name in ("quote.json", "speaker.json"):
        shutil.copy(bundled_models_dir() / name, tmp_path / name)
    plain = Models.load(tmp_path, pipeline=None)
    assert plain.tagger is None
    shutil.copy(fitted, tmp_path / learn.TAGGER_FILE)
    tagged = json.loads((tmp_path / "quote.json").read_text("utf-8"))
    tagged["model"] = QUOTE_TAGGER.name
    tagged["meta"]["tagger"] = binary_record(tmp_path / learn.TAGGER_FILE)
    (tmp_path / QUOTE_TAGGER.file_name).write_text(json.dumps(tagged), "utf-8")
    models = Models.load(tmp_path, pipeline=None)
    assert models.tagger is not None and models.quote.name == QUOTE_TAGGER.name
    assert Models.load(tmp_path, pipeline=None, tagger=False).tagger is None
    (tmp_path / learn.TAGGER_FILE).write_bytes(b"changed")
    with pytest.raises(ModelFileError, match="not the span tagger its model file was made"):
        Models.load(tmp_path, pipeline=None)


def test_train_tagger_writes_a_tagger_the_analyzer_uses(tmp_path: Path) -> None:
    from attribution.cli.app import main
    from tests.test_train import make_corpus

    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(16, 3)), "utf-8")
    out = tmp_path / "models"
    assert main(["train-tagger", "--data", str(data), "--out", str(out), "--holdout", "4"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["quote.json", "quote_tagger.json", "speaker.json", "tagger.crfsuite"]
    model = json.loads((out / "quote_tagger.json").read_text("utf-8"))
    record = model["meta"]["tagger"]
    assert record["bytes"] == (out / "tagger.crfsuite").stat().st_size
    assert model["meta"]["trained_on"]["documents"] == 12
    assert model["meta"]["held_out"]["documents"] == 4
    assert any(name.startswith("tag_content_p") for name in model["weights"])
    text = "Rain fell on the town. Lena Voss said that the school would stay closed."
    found = Analyzer(models_dir=out).analyze(text).attributions
    assert [a.quote.text for a in found] == ["that the school would stay closed"]
    assert main(["train-tagger", "--data", str(data), "--out", str(out), "--holdout", "15"]) == 2
