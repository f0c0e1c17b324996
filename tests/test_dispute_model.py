"""The disputed classifier: its decisions and evidence (attribution/dispute_model.py), its
JSON file, and its training by `attribution train-claims` (attribution/train_disputes.py).
All texts are written for these tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gold_lines import gold_line

from attribution import Analyzer
from attribution.claims.dispute_model import (
    DISPUTE_MODEL_FILE,
    DISPUTED,
    UNDISPUTED,
    DisputeModel,
)
from attribution.claims.model import check_model_data, new_claim_pipeline
from attribution.cli.app import main
from attribution.extract.models import ModelFileError
from attribution.resources import bundled_models_dir

EXCHANGE = (
    "Senator Ana Ruiz said her tax plan would cut taxes for working families. But Governor "
    "Tom Hale said the Ruiz plan would raise taxes for working families. Ruiz insisted that "
    "the plan was paid for. Hale said Ruiz was hiding the cost of the plan. Ruiz responded "
    "that Hale had not read the plan. Hale said the state budget was already stretched."
)
NEUTRAL = (
    "The mayor said the new library would open in May. The city librarian said the building "
    "had 40,000 books."
)
# (text, content, speaker, claim type, disputed)
LABELLED = [
    (
        "The ministry denied that the hospital had closed.",
        "that the hospital had closed",
        "The ministry",
        "official_statement",
        True,
    ),
    (
        "A witness insisted that the driver had run the red light.",
        "that the driver had run the red light",
        "A witness",
        "personal_account",
        True,
    ),
    (
        "The senator falsely claimed that crime had doubled.",
        "that crime had doubled",
        "The senator",
        "official_statement",
        True,
    ),
    (
        "An economist disputed that prices would fall.",
        "that prices would fall",
        "An economist",
        "other",
        True,
    ),
    (
        "The police chief denied that officers had fired first.",
        "that officers had fired first",
        "The police chief",
        "official_statement",
        True,
    ),
    (
        "A neighbour denied that she had seen the fire start.",
        "that she had seen the fire start",
        "A neighbour",
        "personal_account",
        True,
    ),
    (
        "The Ministry of Transport said the bridge would reopen on Friday.",
        "the bridge would reopen on Friday",
        "The Ministry of Transport",
        "official_statement",
        False,
    ),
    (
        "A neighbour said she had heard two shots before dawn.",
        "she had heard two shots before dawn",
        "A neighbour",
        "personal_account",
        False,
    ),
    ("Analysts expect growth to slow.", "growth to slow", "Analysts", "other", False),
    (
        "A police spokeswoman said two men had been arrested.",
        "two men had been arrested",
        "A police spokeswoman",
        "official_statement",
        False,
    ),
    (
        "Her brother said the family had waited for hours at the border.",
        "the family had waited for hours at the border",
        "Her brother",
        "personal_account",
        False,
    ),
    (
        "A study found that the drug cut deaths by half.",
        "the drug cut deaths by half",
        "A study",
        "other",
        False,
    ),
]


def disputed_evidence(att):  # type: ignore[no-untyped-def]
    return [e for e in att.evidence if e.step == "disputed" and e.method == "model"]


def exchange_model() -> DisputeModel:
    """A hand-fitted model: a claim is disputed when three or more other claims in its
    article carry a strong dispute signal."""
    rows = [{"strong_others=3+": 1.0}] * 6 + [{"strong_others=0": 1.0}] * 6
    labels = [DISPUTED] * 6 + [UNDISPUTED] * 6
    return DisputeModel(new_claim_pipeline(1.0).fit(rows, labels), {"attribution": "test"})


def test_the_model_flags_a_plain_said_inside_an_exchange() -> None:
    analyzer = Analyzer()
    analyzer.extractor.claims.dispute_model = exchange_model()
    atts = analyzer.analyze(EXCHANGE).attributions
    (budget,) = [a for a in atts if "budget" in a.quote.text]
    assert budget.disputed and budget.dispute_reason == "rebuttal"
    assert not [e for e in budget.evidence if e.step == "disputed" and e.method == "rule"]
    (ev,) = disputed_evidence(budget)
    assert ev.rule_id == DISPUTE_MODEL_FILE and ev.score is not None and ev.score >= 0.5
    assert "strong_others=3+" in ev.words


def test_the_model_leaves_a_neutral_said_undisputed(analyzer: Analyzer) -> None:
    model = analyzer.extractor.claims.dispute_model
    assert model is not None and model.source.endswith(DISPUTE_MODEL_FILE)
    for att in analyzer.analyze(NEUTRAL).attributions:
        assert att.disputed is False and att.dispute_reason is None
        (ev,) = disputed_evidence(att)
        assert ev.score is not None and ev.score < model.threshold


def test_a_denial_stays_disputed_whatever_the_model_says() -> None:
    analyzer = Analyzer()
    rows = [{"cue=deny": 1.0}] * 3 + [{"cue=say": 1.0}] * 3
    labels = [UNDISPUTED] * 3 + [DISPUTED] * 3
    analyzer.extractor.claims.dispute_model = DisputeModel(
        new_claim_pipeline(1.0).fit(rows, labels), {}
    )
    (att,) = analyzer.analyze("The police chief denied that officers had fired first.").attributions
    assert att.disputed and att.dispute_reason == "denial"
    assert not disputed_evidence(att)


def test_the_rules_alone_decide_without_models() -> None:
    analyzer = Analyzer(use_model=False)
    assert analyzer.extractor.claims.dispute_model is None
    for att in analyzer.analyze(NEUTRAL).attributions:
        assert att.disputed is False and not disputed_evidence(att)


def test_the_model_round_trips_through_json(tmp_path: Path) -> None:
    model = exchange_model()
    model.threshold, model.unsignalled_threshold = 0.35, 0.6
    target = model.save(tmp_path)
    assert target.name == DISPUTE_MODEL_FILE
    again = DisputeModel.load(tmp_path)
    assert (again.threshold, again.unsignalled_threshold) == (0.35, 0.6)
    assert again.classes == model.classes
    rows = [{"strong_others=3+": 1.0}, {"strong_others=0": 1.0}, {"unknown": 1.0}]
    assert again.scores(rows) == pytest.approx(model.scores(rows), abs=1e-5)
    data = json.loads(target.read_text("utf-8"))
    assert all(len(w) == 1 for w in data["weights"].values())
    data["meta"]["feature_version"] = 999
    with pytest.raises(ModelFileError, match=r"disputed model .*features 999"):
        check_model_data(data, "old.json", DisputeModel)


def write_labelled(path: Path) -> Path:
    lines = [
        gold_line(f"doc-{n}", text, content, speaker, {"claim_type": kind, "disputed": disputed})
        for n, (text, content, speaker, kind, disputed) in enumerate(LABELLED)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_train_claims_also_trains_the_disputed_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("quote.json", "speaker.json", "metadata.json"):
        shutil.copyfile(bundled_models_dir() / name, folder / name)
    gold = write_labelled(tmp_path / "disputes-gold.jsonl")
    assert main(["train-claims", "--data", str(gold), "--out", str(folder)]) == 0
    assert "disputed: trained on" in capsys.readouterr().out
    data = json.loads((folder / DISPUTE_MODEL_FILE).read_text("utf-8"))
    meta = data["meta"]
    assert sorted(data["classes"]) == [DISPUTED, UNDISPUTED]
    assert meta["trained_on"][0]["documents"] == len(LABELLED)
    assert 0 < data["threshold"] <= data["unsignalled_threshold"] < 1 and meta["c"] > 0
    analyzer = Analyzer(models_dir=folder)
    dispute_model = analyzer.extractor.claims.dispute_model
    assert dispute_model is not None
    assert dispute_model.source == str(folder / DISPUTE_MODEL_FILE)


NEIGHBOURS = (
    "Officials at the water board denied that the river was polluted. Local fishermen said "
    "dead fish had washed up on the banks all week. A teacher said the school would reopen "
    "on Monday. A nurse said the clinic had been busy since the storm. A farmer said the "
    "harvest had come early this year. A bus driver said the new timetable worked well. "
    "The board's chairman said its new offices would open in June."
)


def test_a_claim_next_to_a_disputed_one_is_seen_as_near_it() -> None:
    """The features say how many attributions away the nearest other speaker's disputed
    claim is: a model that learnt that contests are told in neighbouring attributions
    flags the reply next to a denial and leaves a claim five attributions away alone."""
    rows = [{"near_strong=1": 1.0}] * 6 + [{"near_strong=4+": 1.0}] * 6
    labels = [DISPUTED] * 6 + [UNDISPUTED] * 6
    analyzer = Analyzer()
    analyzer.extractor.claims.dispute_model = DisputeModel(
        new_claim_pipeline(1.0).fit(rows, labels), {}
    )
    by_speaker = {
        a.speaker.text: a for a in analyzer.analyze(NEIGHBOURS).attributions if a.speaker
    }
    denial = by_speaker["Officials"]
    assert denial.disputed and denial.dispute_reason == "denial"
    fishermen = by_speaker["Local fishermen"]
    assert fishermen.disputed
    assert "near_strong=1" in disputed_evidence(fishermen)[0].words
    chairman = by_speaker["The board's chairman"]
    assert not chairman.disputed
    assert disputed_evidence(chairman)[0].score < 0.5


def test_dispute_labels_train_the_disputed_model_only(tmp_path: Path) -> None:
    """`--dispute-labels` lays its disputed flags over the data for the disputed model and
    keeps its claim types out of the claim-type model."""
    gold = write_labelled(tmp_path / "disputes-gold.jsonl")
    ministry = LABELLED[0]
    start = ministry[0].index(ministry[1])
    labels = tmp_path / "more.jsonl"
    labels.write_text(
        json.dumps(
            {
                "id": "doc-0",
                "quotes": [
                    {
                        "start": start,
                        "end": start + len(ministry[1]),
                        "claim_type": "other",
                        "disputed": False,
                        "dispute_reason": None,
                    }
                ],
            }
        )
        + "\n",
        "utf-8",
    )

    def trained(*extra: str) -> tuple[dict[str, int], dict[str, int]]:
        out = tmp_path / f"models{len(extra)}"
        assert main(["train-claims", "--data", str(gold), *extra, "--out", str(out)]) == 0
        claim = json.loads((out / "claim_type.json").read_text("utf-8"))["meta"]
        dispute = json.loads((out / DISPUTE_MODEL_FILE).read_text("utf-8"))["meta"]
        return claim["examples"], dispute["examples"]

    claims, disputes = trained()
    claims_with, disputes_with = trained("--dispute-labels", str(labels))
    assert claims_with["official_statement"] == claims["official_statement"] - 1
    assert claims_with.get("other") == claims.get("other")
    assert disputes_with[UNDISPUTED] == disputes[UNDISPUTED] + 1
    assert disputes_with[DISPUTED] == disputes[DISPUTED] - 1


def test_cross_validation_averages_several_splits_and_repeats_itself() -> None:
    """The settings are chosen on the mean F1 of several shufflings of the documents into
    folds, with fixed seeds: the same examples give the same choice and scores."""
    from attribution.learn.disputes import SPLITS, DisputeExamples, cross_validate

    examples = DisputeExamples()
    for doc in range(12):
        for k in range(4):
            disputed = (doc + k) % 3 == 0
            examples.x.append({"signal": 1.0} if disputed else {"quiet": 1.0})
            examples.y.append(DISPUTED if disputed else UNDISPUTED)
            examples.definitional.append(False)
            examples.signalled.append(disputed)
            examples.groups.append(doc)
    assert SPLITS > 1
    choice, scores = cross_validate(examples)
    assert (choice, scores) == cross_validate(examples)
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert max(scores.values()) == 1.0
    assert scores[f"C={choice[0]} threshold={choice[1]} unsignalled={choice[2]}"] == 1.0
