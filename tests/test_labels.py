"""Claim labels kept apart from the texts (attribution/evaluation/labels.py) and `evaluate
--labels`, which lays them over gold documents and scores the claim flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.cli.app import main
from attribution.evaluation.gold import GoldError, read_gold_jsonl
from attribution.evaluation.labels import overlay_labels, read_labels

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"
LABELS = ROOT / "benchmarks" / "labels"


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture()
def gold_file(tmp_path: Path, example_text: str) -> Path:
    """The bundled example as gold: three quotes, no claim labels."""
    quotes = []
    for content, speaker in (
        ("the authority had not raised wages in six years", "Union leader Maria Okafor"),
        ("that wages had been frozen", "The authority’s chief executive, Daniel Brandt"),
        ("the port was losing about 1.5 million euros a day", "One freight broker"),
    ):
        start, end = span(example_text, content)
        s_start, s_end = span(example_text, speaker)
        quotes.append(
            {
                "start": start,
                "end": end,
                "text": content,
                "kind": "indirect",
                "speaker": speaker,
                "speaker_start": s_start,
                "speaker_end": s_end,
            }
        )
    path = tmp_path / "gold.jsonl"
    docs = [
        {"id": "harbour-strike", "text": example_text, "quotes": quotes},
        {"id": "unlabelled", "text": "The mayor said the bridge was closed.", "quotes": []},
    ]
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    return path


def write_labels(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def labels_for(text: str) -> list[object]:
    okafor, brandt, broker = (
        span(text, "the authority had not raised wages in six years"),
        span(text, "that wages had been frozen"),
        span(text, "the port was losing about 1.5 million euros a day"),
    )
    return [
        {
            "id": "harbour-strike",
            "quotes": [
                {
                    "start": okafor[0],
                    "end": okafor[1],
                    "claim_type": "official_statement",
                    "disputed": True,
                    "dispute_reason": "denial",
                },
                {
                    "start": brandt[0],
                    "end": brandt[1],
                    "claim_type": "official_statement",
                    "disputed": True,
                    "dispute_reason": "denial",
                },
                {
                    "start": broker[0],
                    "end": broker[1],
                    "claim_type": "other",
                    "disputed": False,
                    "dispute_reason": None,
                },
            ],
        }
    ]


def test_overlay_sets_the_labels_and_keeps_only_labelled_documents(
    tmp_path: Path, gold_file: Path, example_text: str
) -> None:
    labels_path = write_labels(tmp_path / "labels.jsonl", labels_for(example_text))
    gold = overlay_labels(read_gold_jsonl(gold_file), read_labels(labels_path), labels_path)
    assert [g.id for g in gold] == ["harbour-strike"]
    okafor, brandt, broker = gold[0].quotes
    assert (okafor.claim_type, okafor.disputed) == ("official_statement", True)
    assert okafor.extra["dispute_reason"] == "denial"
    assert (broker.claim_type, broker.disputed) == ("other", False)
    assert brandt.speaker  # the gold's own fields are kept


def test_a_speaker_name_label_names_the_gold_speaker(
    tmp_path: Path, gold_file: Path, example_text: str
) -> None:
    (first, *_) = read_gold_jsonl(gold_file)[0].quotes
    record = {
        "id": "harbour-strike",
        "quotes": [{"start": first.start, "end": first.end, "speaker_name": "Maria Okafor"}],
    }
    labels_path = write_labels(tmp_path / "names.jsonl", [record])
    gold = overlay_labels(read_gold_jsonl(gold_file), read_labels(labels_path), labels_path)
    okafor, brandt, _ = gold[0].quotes
    assert okafor.speaker_name == "Maria Okafor" and okafor.speaker_text
    assert brandt.speaker_name is None


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("not json", "invalid JSON"),
        ({"id": "a", "text": "x", "quotes": []}, "holds no text"),
        ({"id": "a", "quotes": [{"start": 5, "end": 2}]}, "'start' < 'end'"),
        ({"id": "a", "quotes": [{"start": 0, "end": 2, "claim_type": "witness"}]}, "unknown"),
        (
            {
                "id": "a",
                "quotes": [{"start": 0, "end": 2, "disputed": False, "dispute_reason": "denial"}],
            },
            "needs disputed true",
        ),
        ({"quotes": []}, "expected an object with an 'id'"),
        ({"id": "a", "quotes": [{"start": 0, "end": 2, "speaker_name": 7}]}, "speaker_name"),
    ],
)
def test_a_bad_labels_line_names_file_and_line(
    tmp_path: Path, record: object, message: str
) -> None:
    path = tmp_path / "labels.jsonl"
    line = record if isinstance(record, str) else json.dumps(record)
    path.write_text('{"id": "ok", "quotes": []}\n' + line + "\n", "utf-8")
    with pytest.raises(GoldError) as err:
        read_labels(path)
    assert f"{path}:2:" in str(err.value) and message in str(err.value)


def test_labels_must_name_gold_documents_and_quotes(
    tmp_path: Path, gold_file: Path, example_text: str
) -> None:
    gold = read_gold_jsonl(gold_file)
    elsewhere = write_labels(tmp_path / "a.jsonl", [{"id": "nowhere", "quotes": []}])
    with pytest.raises(GoldError, match=r"a.jsonl:1: document 'nowhere' is not in the gold"):
        overlay_labels(gold, read_labels(elsewhere), elsewhere)
    wrong = labels_for(example_text)
    wrong[0]["quotes"][1]["start"] += 1  # type: ignore[index]
    moved = write_labels(tmp_path / "b.jsonl", wrong)
    with pytest.raises(GoldError, match=r"b.jsonl:1: no gold quote of 'harbour-strike'"):
        overlay_labels(gold, read_labels(moved), moved)


def test_evaluate_with_labels_scores_claim_types_and_disputes(
    tmp_path: Path, gold_file: Path, example_text: str
) -> None:
    labels_path = write_labels(tmp_path / "labels.jsonl", labels_for(example_text))
    out = tmp_path / "figures.json"
    code = main(
        [
            "evaluate",
            str(gold_file),
            "--labels",
            str(labels_path),
            "--format",
            "json",
            "--bootstrap",
            "0",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    figures = json.loads(out.read_text("utf-8"))["attribution"]
    assert figures["documents"] == 1  # only the labelled document is scored
    claims, disputed = figures["claim_type"], figures["disputed"]
    assert claims["n"] == disputed["n"] == 3
    assert disputed["tp"] == 2 and disputed["fn"] == 0  # the denial and the claim it denies
    assert claims["confusion"]["other"]["other"] == 1  # the anonymous broker


def test_evaluate_table_shows_claim_rows(
    tmp_path: Path, gold_file: Path, example_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    labels_path = write_labels(tmp_path / "labels.jsonl", labels_for(example_text))
    assert main(["evaluate", str(gold_file), "--labels", str(labels_path), "--bootstrap", "0"]) == 0
    table = capsys.readouterr().out
    assert "claim type: macro-F1" in table and "disputed: P / R / F1" in table


def test_evaluate_with_a_bad_labels_file_is_one_line_and_exit_2(
    tmp_path: Path, gold_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "harbour-strike", "quotes": [{"start": 1}]}\n', "utf-8")
    assert main(["evaluate", str(gold_file), "--labels", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1:" in err and err.count("\n") == 1
    assert main(["evaluate", str(gold_file), "--labels", str(tmp_path / "none.jsonl")]) == 2
    assert "no such labels file" in capsys.readouterr().err


SHIPPED_LABELS = sorted(p.name for p in LABELS.glob("*.jsonl"))


def test_every_labels_file_is_checked() -> None:
    assert {
        "polnear-dev-claims.jsonl",
        "polnear-dev-holdout.jsonl",
        "polnear-train-claims.jsonl",
        "polnear-train-disputes.jsonl",
        "factappeal-val-guideline.jsonl",
        "polnear-dev-speaker-names.jsonl",
    } <= set(SHIPPED_LABELS)


@pytest.mark.parametrize("name", SHIPPED_LABELS)
def test_the_shipped_labels_hold_no_text(name: str) -> None:
    path = LABELS / name
    labels = read_labels(path)
    assert len(labels) >= 20 if name == "polnear-dev-claims.jsonl" else len(labels) >= 8
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        assert set(record) == {"id", "quotes"}
        for q in record["quotes"]:
            if name.endswith("speaker-names.jsonl"):
                assert set(q) == {"start", "end", "speaker_name"}
                assert len(q["speaker_name"].split()) <= 4
                continue
            assert {"start", "end", "claim_type", "disputed", "dispute_reason"} <= set(q)
            assert set(q) <= {
                "start",
                "end",
                "claim_type",
                "disputed",
                "dispute_reason",
                "contested_by",
                "contest_words",
            }
            if q["disputed"] and name.startswith("polnear"):
                assert q.get("contested_by") or q.get("contest_words"), "evidence named"
            assert all(len(w) <= 80 for w in q.get("contest_words", []))


def test_label_agreement_against_a_gold_files_own_labels(
    tmp_path: Path, example_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """benchmarks/label_agreement.py --reference-gold takes a dataset's own claim types
    (as FactAppeal carries them) as the reference for a label file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "label_agreement", ROOT / "benchmarks" / "label_agreement.py"
    )
    assert spec is not None and spec.loader is not None
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    contents = (
        ("the authority had not raised wages in six years", "official_statement"),
        ("that wages had been frozen", "official_statement"),
        ("the port was losing about 1.5 million euros a day", "personal_account"),
    )
    quotes = []
    for content, claim_type in contents:
        start, end = span(example_text, content)
        quotes.append(
            {"start": start, "end": end, "text": content, "labels": {"claim_type": claim_type}}
        )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "strike", "text": example_text, "quotes": quotes}) + "\n")
    second = ("official_statement", "other", "personal_account")
    rows = [
        {"start": q["start"], "end": q["end"], "claim_type": c, "disputed": None}
        for q, c in zip(quotes, second, strict=True)
    ]
    labels = write_labels(tmp_path / "second.jsonl", [{"id": "strike", "quotes": rows}])
    assert agreement.main(["--reference-gold", str(gold), str(labels)]) == 0
    out = capsys.readouterr().out
    assert "attributions labelled in both files: 3" in out
    assert "claim type (n=3): macro-F1 0.556, accuracy 0.667" in out
    assert "official_statement: F1 0.667 (reference 2, second 1)" in out
