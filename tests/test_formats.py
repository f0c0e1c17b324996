"""Readers and writers (attribution/formats/) and the JSON contract (attribution/schema.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from attribution import Analyzer, article_to_dict
from attribution.formats.readers import decode, read_paths
from attribution.formats.writers import CSV_COLUMNS, CsvWriter, JsonlWriter, JsonWriter, safe_name
from attribution.schema import article_from_dict


def test_decode_rejects_binary_empty_and_bad_encoding() -> None:
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")[1] == "binary file: not text"
    assert decode(b"  \n ")[1] is not None and "empty" in decode(b"  \n ")[1]  # type: ignore[operator]
    text, error = decode("café said".encode("latin-1"))
    assert text is None and error is not None
    assert "not valid utf-8" in error and "--encoding" in error and "\n" not in error
    assert decode("café said".encode("latin-1"), encoding="cp1252") == ("café said", None)
    assert decode("\ufeffBOM text".encode()) == ("BOM text", None)


def test_read_paths_yields_one_document_per_article_even_when_bad(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said it rained.", "utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text("Police said two men fled.", "utf-8")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        '{"id": "j1", "text": "He said no."}\n'
        "not json at all\n"
        "\n"
        '["a list"]\n'
        '{"id": "j4", "text": 42}\n'
        '{"text": "No id here, the chief said."}\n',
        "utf-8",
    )
    docs = list(read_paths([str(folder), str(jsonl), str(tmp_path / "missing.txt")]))
    assert [d.id for d in docs] == [
        "a",
        "b",
        "sub/c",
        "j1",
        "batch:2",
        "batch:4",
        "j4",
        "batch:6",
        str(tmp_path / "missing.txt"),
    ]
    errors = {d.id: d.error for d in docs if d.error}
    assert set(errors) == {"b", "batch:2", "batch:4", "j4", str(tmp_path / "missing.txt")}
    assert errors["batch:2"].startswith("line 2: invalid JSON")
    assert docs[-2].text == "No id here, the chief said."


def _article(analyzer: Analyzer):  # type: ignore[no-untyped-def]
    return analyzer.analyze(
        "“Ça suffit,” the mayor said, and she called it a “disgrace.”", id="art/1"
    )


def test_json_round_trip(analyzer: Analyzer) -> None:
    article = _article(analyzer)
    data = json.loads(json.dumps(article_to_dict(article, include_text=True)))
    assert {"id", "quotes", "error", "meta", "text"} <= set(data)
    q = data["quotes"][0]
    assert {
        "start",
        "end",
        "text",
        "kind",
        "speaker",
        "cue",
        "claim_type",
        "disputed",
        "confidence",
    } <= set(q)
    assert set(q["speaker"]) >= {"start", "end", "text", "name"}
    assert set(q["cue"]) == {"start", "end", "text"}
    assert (q["text"], q["kind"], q["speaker"]["text"], q["cue"]["text"]) == (
        "“Ça suffit,”",
        "direct",
        "the mayor",
        "said",
    )
    assert data["text"][q["start"] : q["end"]] == q["text"]
    back = article_from_dict(data)
    assert back.attributions == article.attributions


def test_writers(analyzer: Analyzer) -> None:
    article = _article(analyzer)
    out = io.StringIO()
    w = JsonlWriter(out)
    w.write(article)
    w.write(article)
    w.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["id"] == "art/1"

    out = io.StringIO()
    jw = JsonWriter(out)
    jw.write(article)
    jw.write(article)
    jw.close()
    assert [a["id"] for a in json.loads(out.getvalue())] == ["art/1", "art/1"]
    out = io.StringIO()
    JsonWriter(out).close()
    assert json.loads(out.getvalue()) == []

    out = io.StringIO()
    cw = CsvWriter(out)
    cw.write(article)
    cw.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(article.attributions)
    assert rows[0]["quote"] == "“Ça suffit,”" and rows[0]["speaker_name"] == "the mayor"
    assert int(rows[0]["start"]) == article.attributions[0].quote.start


def test_safe_name() -> None:
    assert safe_name("nyt-2016_09.story") == "nyt-2016_09.story"
    assert safe_name("nyt/2016/09/story one").startswith("nyt_2016_09_story_one~")
    assert safe_name("../../etc/passwd").startswith("etc_passwd~")
    assert safe_name("").startswith("article~")
