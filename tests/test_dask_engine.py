"""The Dask engine (attribution/scale/dask_engine.py) on a two-worker LocalCluster.

The distributed run must give, article for article, what one process gives; JSONL and
Parquet in, partitioned JSONL and Parquet out.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from attribution import Analyzer
from attribution.cli.app import main
from attribution.component import AttributionExtractor
from attribution.scale import dask_worker
from attribution.scale.dask_engine import local_client, plan, read_partition, run
from attribution.scale.dask_worker import AnalyzerPlugin

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def records() -> list[dict[str, str]]:
    """36 articles of our own: the example's paragraphs in rotations and pairs."""
    paras = [p for p in EXAMPLE.read_text("utf-8").split("\n\n") if p.strip()]
    out = [
        {"id": f"rot-{i}", "text": "\n\n".join(paras[i:] + paras[:i])} for i in range(len(paras))
    ]
    out += [
        {"id": f"pair-{i}-{j}", "text": f"{paras[i]}\n\n{paras[j]}"}
        for i in range(len(paras))
        for j in (2, 5)
        if i != j
    ]
    return [*out[:34], {"id": "blank", "text": "   "}, {"id": "pilots", "text": paras[4]}]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "batch.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records()]
    lines.insert(20, "{not json")  # a bad line keeps its line number as id: batch:21
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    out = tmp_path_factory.mktemp("single") / "out.jsonl"
    assert main(["analyze", str(corpus), "-o", str(out), "-q"]) == 1
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_jsonl_on_two_workers_equals_the_single_process_output(
    scheduler: str, corpus: Path, single: list[dict[str, object]], tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    args = ["analyze", str(corpus), "--engine", "dask", "--scheduler", scheduler, "-o", str(out)]
    assert main([*args, "--partition-size", "8", "-q"]) == 1
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) == 5
    got = [json.loads(line) for p in parts for line in p.read_text("utf-8").splitlines()]
    assert len(got) == 37
    assert got[20]["id"] == "batch:21" and "invalid JSON" in got[20]["error"]
    for mine, theirs in zip(got, single, strict=True):
        assert mine == theirs
    assert sum(len(g["quotes"]) for g in got) > 100


def test_parquet_in_and_out_match_the_single_process_output(
    scheduler: str, single: list[dict[str, object]], tmp_path: Path
) -> None:
    rows = records()
    source = tmp_path / "batch.parquet"
    pq.write_table(pa.Table.from_pylist(rows), source, row_group_size=10)
    out = tmp_path / "parts"
    code = main(
        [
            "analyze",
            str(source),
            "--engine",
            "dask",
            "--scheduler",
            scheduler,
            "--format",
            "parquet",
            "--partition-size",
            "6",
            "-o",
            str(out),
            "-q",
        ]
    )
    assert code == 1  # the blank article
    table = pq.read_table(sorted(out.glob("part-*.parquet"))).to_pylist()
    expected = {r["id"]: r for r in single}
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    for row in table:
        want = expected[row["id"]]
        assert json.loads(row["quotes"]) == want["quotes"]
        assert row["error"] == want["error"] and row["n_quotes"] == len(want["quotes"])


def test_partitions_cut_on_lines_and_keep_line_numbers(corpus: Path) -> None:
    parts = plan([str(corpus)], 8)
    assert [p.first_line for p in parts] == [1, 9, 17, 25, 33]
    docs = [d for p in parts for d in read_partition(p)]
    assert len(docs) == 37 and docs[20].id == "batch:21" and docs[20].error is not None
    assert [d.id for d in docs if d.error is None][:3] == ["rot-0", "rot-1", "rot-2"]


def test_local_cluster_is_started_when_no_scheduler_is_given(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "“We are ready,” the coach said."},
        {"id": "b", "text": "The union said the café had closed."},
    ]
    source = tmp_path / "two.jsonl"
    source.write_bytes(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines).encode("cp1252")
    )
    out = tmp_path / "out"
    args = ["analyze", str(source), "--engine", "dask", "--jobs", "1", "--encoding", "cp1252"]
    assert main([*args, "-o", str(out)]) == 0
    (part,) = out.glob("part-*.jsonl")
    got = [json.loads(line) for line in part.read_text("utf-8").splitlines()]
    assert [g["id"] for g in got] == ["a", "b"]
    assert got[1]["quotes"][0]["text"] == "the café had closed"


def test_engine_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("The mayor said so.", "utf-8")
    out = str(tmp_path / "out")
    assert main(["analyze", str(text), "--engine", "dask", "-o", out]) == 2
    assert main(["analyze", str(text), "--engine", "dask"]) == 2
    assert main(["analyze", str(text), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert main(["analyze", str(text), "--format", "parquet"]) == 2
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were missing
    assert main(["analyze", str(text), "--engine", "dask", "-o", out]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"attribution: error: --engine dask reads .jsonl or .parquet files, not {text}",
        "attribution: error: --engine dask writes partitioned files: pass --output DIR",
        "attribution: error: --scheduler needs --engine dask",
        "attribution: error: --format parquet writes a folder of tables: add --output DIR",
        "attribution: error: --engine dask needs the optional dask extra; "
        "install it with: pip install 'attribution[dask]'",
    ]


def test_each_worker_builds_the_runs_analyzer_once_as_it_joins(scheduler: str) -> None:
    plugin = AnalyzerPlugin(Analyzer(use_model=False).config, "probe-token")
    with Client(scheduler) as client:
        client.register_plugin(plugin)
        held = client.run(dask_worker.built)  # before any task: built in setup
        client.unregister_worker_plugin(plugin.name)
        after = client.run(dask_worker.built)
    assert len(held) == 2 and all("probe-token" in tokens for tokens in held.values())
    assert all("probe-token" not in tokens for tokens in after.values())


def test_an_article_over_its_time_budget_on_dask_becomes_its_error_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dask runs tasks in a worker thread, where SIGALRM cannot reach: the budget holds
    there too. Threads of this process, so the stall patched in here is the worker's."""
    real = AttributionExtractor.extract

    def stalling(self, doc):  # type: ignore[no-untyped-def]
        give_up = time.monotonic() + 20  # unbounded, the test fails instead of hanging
        while "stall" in doc.text and time.monotonic() < give_up:
            time.sleep(0.01)
        return real(self, doc)

    monkeypatch.setattr(AttributionExtractor, "extract", stalling)
    lines = [
        {"id": "stuck", "text": "The pilots said the stall would end."},
        {"id": "fine", "text": "The union said the ferry would sail at noon."},
    ]
    source = tmp_path / "two.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    analyzer = Analyzer(use_model=False, article_timeout=0.5)
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        summary = run(
            analyzer, [str(source)], str(tmp_path / "out"), scheduler=cluster.scheduler_address
        )
    (part,) = (tmp_path / "out").glob("part-*.jsonl")
    stuck, fine = (json.loads(line) for line in part.read_text("utf-8").splitlines())
    assert stuck["error"].startswith("timed out: not done after 0.5 s")
    assert fine["error"] is None and fine["quotes"][0]["text"] == "the ferry would sail at noon"
    assert summary.failed == [("stuck", stuck["error"])]


def test_a_runs_own_workers_go_without_the_stack_profiler() -> None:
    # The profiler's history grew each worker by ~350 MB over 10,000 articles.
    import dask

    with local_client(1) as client:
        settings = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        histories = client.run(lambda dask_worker: len(dask_worker.profile_history))
    assert list(settings.values()) == [False]
    assert list(histories.values()) == [0]


PANDAS_FREE = """
import json, sys
from pathlib import Path
from attribution import Analyzer
from attribution.scale.dask_engine import make_job, plan, run_partition

folder = Path(sys.argv[1])
texts = ["“The ferry sails at noon,” the harbour master said.", "Nothing was said."]
source = folder / "in.jsonl"
lines = [json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(texts)]
source.write_text("\\n".join(lines) + "\\n")
for name, inputs in (("out", source), ("again", folder / "out" / "part-000000.parquet")):
    (folder / name).mkdir()
    out = str(folder / name)
    job = make_job(Analyzer(use_model=False), out, fmt="parquet", include_text=True)
    for part in plan([str(inputs)], 2):
        run_partition(part, job)
print(json.dumps({"pandas": "pandas" in sys.modules}))
"""


def test_a_workers_parquet_output_does_not_import_pandas(tmp_path: Path) -> None:
    """Building the Parquet table from Python lists imports pandas (about 45 MB in every
    worker); the writer reads its rows with Arrow's JSON reader instead. A worker that reads
    Parquet and writes it never imports pandas, and the rows read back as the articles'."""
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-c", PANDAS_FREE, str(tmp_path)], capture_output=True, check=True
    )
    assert json.loads(proc.stdout.decode().splitlines()[-1]) == {"pandas": False}
    for name in ("out", "again"):  # written from JSONL, then from that Parquet
        rows = pq.read_table(sorted((tmp_path / name).glob("part-*.parquet"))).to_pylist()
        assert [(r["id"], r["error"], r["n_quotes"]) for r in rows] == [
            ("a0", None, 1),
            ("a1", None, 0),
        ]
        (quote,) = json.loads(rows[0]["quotes"])
        assert (quote["text"], quote["speaker"]["text"]) == (
            "“The ferry sails at noon,”",
            "the harbour master",
        )
        assert rows[1]["text"] == "Nothing was said." and json.loads(rows[1]["quotes"]) == []
        assert list(rows[0]) == [
            "schema_version",
            "id",
            "error",
            "n_quotes",
            "quotes",
            "meta",
            "text",
        ]


def test_an_article_that_is_not_unicode_costs_its_parquet_partition_nothing(
    tmp_path: Path,
) -> None:
    """A lone surrogate cannot be written as UTF-8: the bad article's row keeps its error and
    its text with the surrogate escaped, and the good article beside it keeps its quote."""
    from attribution.scale.dask_engine import make_job, run_partition

    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "bad", "text": "A broken \\ud800 line, the clerk said."}\n'
        + json.dumps({"id": "good", "text": "“The ferry sails at noon,” the harbour master said."})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    job = make_job(Analyzer(use_model=False), str(out), fmt="parquet", include_text=True)
    for part in plan([str(source)], 10):
        run_partition(part, job)
    bad, good = pq.read_table(sorted(out.glob("part-*.parquet"))).to_pylist()
    assert bad["id"] == "bad" and "lone surrogate" in bad["error"]
    assert bad["text"] == "A broken \\ud800 line, the clerk said."
    assert (good["error"], good["n_quotes"]) == (None, 1)
    assert json.loads(good["quotes"])[0]["speaker"]["text"] == "the harbour master"
