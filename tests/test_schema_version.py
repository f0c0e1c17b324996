"""`schema_version` (attribution/schema.py) in every output record: JSONL, JSON and
Parquet article records and CSV rows, failed articles included; and reading back a record
of another version is refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from attribution import Analyzer
from attribution.cli.app import main
from attribution.formats.writers import CsvWriter, JsonlWriter, JsonWriter
from attribution.schema import SCHEMA_VERSION, Article, article_from_dict, article_to_dict

TEXTS = [("ok", "“The pier is closed,” the harbour master said."), ("blank", "   ")]


@pytest.fixture(scope="module")
def articles(rules_only: Analyzer) -> list[Article]:
    found = list(rules_only.analyze_many(TEXTS))
    assert found[0].attributions and found[1].error is not None
    return found


def test_jsonl_and_json_records_carry_it(articles: list[Article]) -> None:
    out = io.StringIO()
    writer = JsonlWriter(out)
    for a in articles:
        writer.write(a)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [rec["schema_version"] for rec in lines] == [SCHEMA_VERSION] * 2
    out = io.StringIO()
    writer = JsonWriter(out)
    for a in articles:
        writer.write(a)
    writer.close()
    assert [rec["schema_version"] for rec in json.loads(out.getvalue())] == [SCHEMA_VERSION] * 2


def test_every_csv_row_carries_it(articles: list[Article]) -> None:
    out = io.StringIO()
    writer = CsvWriter(out)
    for a in articles:
        writer.write(a)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["article_id"], r["schema_version"]) for r in rows] == [
        ("ok", SCHEMA_VERSION),
        ("blank", SCHEMA_VERSION),
    ]


def test_parquet_rows_carry_it(tmp_path: Path, rules_only: Analyzer) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from attribution.scale.dask_engine import make_job, plan, run_partition

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in TEXTS), "utf-8")
    (part,) = plan([str(source)], 10)
    run_partition(part, make_job(rules_only, str(tmp_path / "out"), fmt="parquet"))
    rows = pq.read_table(tmp_path / "out" / "part-000000.parquet").to_pylist()
    assert [(r["id"], r["schema_version"]) for r in rows] == [
        ("ok", SCHEMA_VERSION),
        ("blank", SCHEMA_VERSION),
    ]


def test_a_record_of_another_version_is_refused(articles: list[Article]) -> None:
    record = article_to_dict(articles[0], include_text=True)
    assert article_from_dict(record) == articles[0]
    del record["schema_version"]  # written before records carried it
    assert article_from_dict(record) == articles[0]
    with pytest.raises(ValueError, match="schema_version '2'"):
        article_from_dict({**record, "schema_version": "2"})


def test_evaluate_refuses_a_saved_output_of_another_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "The mayor said the bridge was safe."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": text, "quotes": []}) + "\n", "utf-8")
    system = tmp_path / "system.jsonl"
    record = {"schema_version": "2", "id": "a", "quotes": [], "error": None, "meta": {}}
    system.write_text(json.dumps(record) + "\n", "utf-8")
    assert main(["evaluate", str(gold), "--system", str(system), "--bootstrap", "0"]) == 2
    assert "schema_version '2'" in capsys.readouterr().err
