"""`attribution analyze --format html|csv --output DIR` end to end (attribution/cli/app.py)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from attribution.cli.app import main
from attribution.formats.readers import count_documents
from attribution.formats.writers import CSV_COLUMNS
from attribution.report.digest import SPEAKER_COLUMNS
from attribution.report.tables import ARTICLE_COLUMNS

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attribution", *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("output", [None, "-"])
def test_html_without_an_output_folder_is_a_one_line_usage_error(output: str | None) -> None:
    args = ["analyze", str(EXAMPLE), "--format", "html"]
    proc = run(*args, *(["--output", output] if output else []))
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert "--output DIR" in line and "Traceback" not in line


def test_html_batch_writes_pages_index_and_csvs(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "mayor", "text": "“Not today,” the mayor said of the vote."})
        + "\n"
        + json.dumps({"id": "empty", "text": ""})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "report"
    code = main(["analyze", str(EXAMPLE), str(batch), "--format", "html", "-o", str(out), "-q"])
    assert code == 1  # the empty article failed; the others were written
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "articles.csv",
        "harbour-strike.html",
        "index.html",
        "mayor.html",
        "quotes.csv",
        "speakers.csv",
    ]
    index = (out / "index.html").read_text("utf-8")
    assert 'href="harbour-strike.html"' in index and 'href="mayor.html"' in index
    assert "empty article" in index
    page = (out / "harbour-strike.html").read_text("utf-8")
    assert "Maria Okafor" in page and 'href="index.html"' in page

    with (out / "quotes.csv").open(encoding="utf-8-sig", newline="") as handle:
        quotes = list(csv.DictReader(handle))
    assert list(quotes[0]) == CSV_COLUMNS
    assert {q["article_id"] for q in quotes} == {"harbour-strike", "mayor", "empty"}
    assert sum(1 for q in quotes if q["article_id"] == "harbour-strike") == page.count(
        'class="qnum"'
    )
    with (out / "speakers.csv").open(encoding="utf-8-sig", newline="") as handle:
        speakers = list(csv.DictReader(handle))
    assert list(speakers[0]) == SPEAKER_COLUMNS
    okafor = next(r for r in speakers if r["speaker"] == "Maria Okafor")
    assert okafor["article_id"] == "harbour-strike" and int(okafor["quotes"]) >= 3
    assert "Okafor" in okafor["mentions"].split(" | ")


def test_csv_into_a_folder_writes_quotes_and_speakers(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("The coach said the team was tired.", "utf-8")
    (src / "two.txt").write_text("“Enough is enough,” the judge said.", "utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--format", "csv", "--output", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv", "quotes.csv", "speakers.csv"]
    raw = (out / "quotes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["article_id"] for r in rows] == ["one", "two"]
    assert rows[1]["quote"] == "“Enough is enough,”"


def test_html_output_over_a_file_is_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["analyze", str(EXAMPLE), "--format", "html", "--output", str(blocker)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("attribution: error: cannot write") and str(blocker) in line


def test_progress_bar_knows_the_batch_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("x", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("y", "utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": 1, "text": "a"}\n\n{oops\n', "utf-8")
    assert count_documents([str(tmp_path / "sub"), str(batch), "missing.txt"]) == 4
    assert count_documents([str(batch), "-"]) is None
    capsys.readouterr()
    args = ["analyze", str(EXAMPLE), "--format", "html", "-o", str(tmp_path / "r"), "--progress"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "1/1" in err and "100%" in err


def test_progress_bar_starts_no_thread(tmp_path: Path) -> None:
    """The bar runs without tqdm's monitor thread: a process that has had a second thread
    analyses about 10% slower, and so do the `--jobs` workers forked from it."""
    import threading

    before = {t.ident for t in threading.enumerate()}
    args = ["analyze", str(EXAMPLE), "--format", "jsonl", "-o", str(tmp_path / "r"), "--progress"]
    assert main(args) == 0
    assert {t.ident for t in threading.enumerate()} <= before


@pytest.mark.parametrize("fmt", ["csv", "html", "parquet"])
def test_every_input_article_has_a_row_in_the_articles_table(tmp_path: Path, fmt: str) -> None:
    """A failed and a quote-less article get a row each, so "no quotes" and "not
    processed" stay apart; the same rows in articles.csv and articles.parquet."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-quoted.txt").write_text(
        "Bridge Reopens After Repairs\n\n“It is safe,” the mayor said.", "utf-8"
    )
    (src / "b-quiet.txt").write_text("Harbour Report\n\nShips waited offshore on Friday.", "utf-8")
    (src / "c-broken.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--no-model", "--format", fmt, "-o", f"{out}/", "-q"]) == 1
    if fmt == "parquet":
        import pandas as pd

        assert sorted(p.name for p in out.iterdir()) == [
            "articles.parquet",
            "quotes.parquet",
            "speakers.parquet",
        ]
        table = pd.read_parquet(out / "articles.parquet")
        rows = table.astype(object).where(table.notna(), "").astype(str).to_dict("records")
    else:
        with (out / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ARTICLE_COLUMNS
    assert [(r["article_id"], r["status"], r["quotes"]) for r in rows] == [
        ("a-quoted", "ok", "1"),
        ("b-quiet", "ok", "0"),
        ("c-broken", "failed", "0"),
    ]
    assert rows[0]["headline"] == "Bridge Reopens After Repairs"
    assert rows[1]["error"] == "" and rows[2]["error"].startswith("empty article")
