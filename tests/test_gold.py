"""Gold data: the JSONL format and the review loop's corrected CSV
(attribution/evaluation/gold.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from attribution import Article
from attribution.cli.app import main
from attribution.evaluation.gold import GoldError, read_gold_jsonl, read_review_csv
from attribution.evaluation.metrics import evaluate
from attribution.formats.writers import CSV_COLUMNS, CsvWriter

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def test_gold_jsonl_reads_fragments_and_labels(tmp_path: Path) -> None:
    text = "“The plan,” she said, “is dead.”"
    rec = {
        "id": "g1",
        "text": text,
        "quotes": [
            {
                "start": 0,
                "end": len(text),
                "text": text,
                "kind": "direct",
                "speaker": "she",
                "speaker_start": 12,
                "speaker_end": 15,
                "cue": "said",
                "cue_start": 16,
                "cue_end": 20,
                "labels": {
                    "content_fragments": [[0, 11], [22, 32]],
                    "claim_type": "other",
                    "disputed": False,
                },
            }
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(rec) + "\n", "utf-8")
    (doc,) = read_gold_jsonl(path)
    (q,) = doc.quotes
    assert q.content == ((0, 11), (22, 32)) and q.speaker == ((12, 15),) and q.cue == ((16, 20),)
    assert (q.claim_type, q.disputed) == ("other", False)
    path.write_text(json.dumps(rec) + "\n{broken\n", "utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:2: invalid JSON"):
        read_gold_jsonl(path)


def test_gold_whose_strings_are_not_at_their_offsets_is_refused(tmp_path: Path) -> None:
    text = "\ufeffThe pier reopens, the mayor said."
    quote = {"start": 0, "end": 16, "text": "The pier reopens", "kind": "indirect"}
    quote |= {"speaker": "the mayor", "speaker_start": 18, "speaker_end": 27}
    path = tmp_path / "gold.jsonl"
    # offsets counted without the byte-order mark: every string is one character off
    path.write_text(json.dumps({"id": "g1", "text": text, "quotes": [quote]}) + "\n", "utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:1: .*quote 1: 'text' is 'The pier reopens'"):
        read_gold_jsonl(path)
    fixed = {**quote, "start": 1, "end": 17, "speaker_start": 19, "speaker_end": 28}
    path.write_text(json.dumps({"id": "g1", "text": text, "quotes": [fixed]}) + "\n", "utf-8")
    (doc,) = read_gold_jsonl(path)
    assert doc.quotes[0].speaker == ((19, 28),)


def test_an_empty_gold_file_is_an_error_not_a_zero_score(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("", "utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:1: no gold documents"):
        read_gold_jsonl(path)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def test_review_loop_round_trip(tmp_path: Path, example_article: Article) -> None:
    text = EXAMPLE.read_text("utf-8")
    article = example_article
    csv_path = tmp_path / "review.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        CsvWriter(handle).write(article)
    rows = _rows(csv_path)
    n = len(rows)
    assert n == len(article.attributions) >= 10

    # The reviewer: one row is not a quotation, one speaker was wrong, one quote was missed.
    not_a_quote = next(r for r in rows if r["quote"].startswith("the strike to delay deliveries"))
    not_a_quote["correct"] = "no"
    fixed = next(
        r
        for r in rows
        if r["quote"].startswith("that rain") or r["speaker"] == "the mayor’s office"
    )
    fixed.update(
        speaker="Lena Voss",
        speaker_start="",
        speaker_end="",
        speaker_name="Lena Voss",
        correct="yes",
    )
    fixed["claim_type"] = "official_statement"
    missed = "leaving dozens of cargo ships waiting offshore"
    assert not any(missed in r["quote"] and len(r["quote"]) < 2 * len(missed) for r in rows)
    rows.append(
        {
            "article_id": "harbour-strike",
            "quote": missed,
            "kind": "indirect",
            "speaker": "the Harbour Authority",
            "speaker_name": "the Harbour Authority",
            "cue": "announced",
            "claim_type": "official_statement",
            "correct": "yes",
        }
    )
    _write(csv_path, rows)

    gold = read_review_csv(csv_path, {"harbour-strike": text})
    (doc,) = gold
    assert len(doc.quotes) == n  # one dropped, one added
    added = next(q for q in doc.quotes if text[q.start : q.end] == missed)
    assert text[added.cue[0][0] : added.cue[0][1]] == "announced"
    moved = next(q for q in doc.quotes if text[q.start : q.end] == fixed["quote"])
    assert (moved.speaker_name, moved.claim_type) == ("Lena Voss", "official_statement")
    assert text[moved.speaker[0][0] : moved.speaker[0][1]] == "Lena Voss"

    summary, _ = evaluate(gold, [article], bootstrap=0)
    ov = summary["quotes_overlap"]
    assert (ov["tp"], ov["fp"], ov["fn"]) == (n - 1, 1, 1)
    assert summary["speaker_strict"]["correct"] == n - 2  # the fixed speaker no longer matches
    claims = summary["claim_type"]
    assert claims["n"] == n - 1  # every matched row carries a claim type back
    agree = sum(claims["confusion"][label][label] for label in claims["confusion"])
    assert agree >= n - 2  # the analyzer's own types, except perhaps the reviewed row

    # The same through the command line, scoring a saved output.
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(EXAMPLE), "--output", str(out)]) == 0
    report = tmp_path / "figures.json"
    code = main(
        [
            "evaluate",
            str(csv_path),
            "--system",
            str(out),
            "--texts",
            str(EXAMPLE),
            "--format",
            "json",
            "--output",
            str(report),
            "--bootstrap",
            "0",
        ]
    )
    assert code == 0
    figures = json.loads(report.read_text("utf-8"))["system"]
    assert figures["quotes_overlap"]["tp"] == n - 1 and figures["quotes_overlap"]["fn"] == 1


def test_review_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    _write(path, [{"article_id": "a", "quote": "not in the text", "correct": "yes"}])
    with pytest.raises(GoldError, match=r"r.csv:2: the quote is not in the article's text"):
        read_review_csv(path, {"a": "Some article text."})
    _write(path, [{"article_id": "a", "quote": "Some", "correct": "maybe"}])
    with pytest.raises(GoldError, match=r"r.csv:2: 'correct' must be yes or no"):
        read_review_csv(path, {"a": "Some article text."})
    _write(path, [{"article_id": "zzz", "quote": "Some", "correct": "yes"}])
    with pytest.raises(GoldError, match="no text for article 'zzz'"):
        read_review_csv(path, {"a": "Some article text."})


def test_evaluate_command_runs_analyzer_and_textacy_side_by_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "“We will not sign,” the union leader said on Friday. Officials said talks would resume."

    def quote(content: str, speaker: str, cue_at: int, kind: str) -> dict[str, object]:
        a, s = text.index(content), text.index(speaker)
        return {
            "start": a,
            "end": a + len(content),
            "text": content,
            "kind": kind,
            "speaker": speaker,
            "speaker_start": s,
            "speaker_end": s + len(speaker),
            "cue": "said",
            "cue_start": cue_at,
            "cue_end": cue_at + 4,
        }

    gold = {
        "id": "t1",
        "text": text,
        "quotes": [
            quote("“We will not sign,”", "the union leader", text.index("said"), "direct"),
            quote("talks would resume", "Officials", text.rindex("said"), "indirect"),
        ],
    }
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(gold) + "\n", "utf-8")
    assert (
        main(["evaluate", str(path), "--baseline", "textacy", "--bootstrap", "0", "--errors", "3"])
        == 0
    )
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["attribution", "textacy"]
    assert "end to end: P / R / F1" in out and "== missed:" in out
    assert main(["evaluate", str(tmp_path / "none.jsonl")]) == 2
