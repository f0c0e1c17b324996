"""Several worker processes (attribution/scale/processes.py): same output, input order,
failures kept."""

from __future__ import annotations

import gc
import io
import json
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from attribution import Analyzer, Document, article_to_dict
from attribution.analyzer import Analyzer as PipelineAnalyzer
from attribution.cli.app import main
from attribution.formats.readers import read_paths
from attribution.formats.writers import JsonlWriter
from attribution.scale import processes
from attribution.scale.processes import WORKER_DIED, analyze_in_processes


def corpus(example_text: str) -> list[Document]:
    """Our own articles: the bundled example's paragraphs rotated, plus short pieces."""
    paras = [p for p in example_text.split("\n\n") if p.strip()]
    docs = [Document(f"rot-{i}", "\n\n".join(paras[i:] + paras[:i])) for i in range(len(paras))]
    docs += [
        Document("short-1", "“We will not move,” the harbour pilots said on Monday."),
        Document("empty", ""),
        Document("unreadable", None, "cannot read unreadable.txt"),
        Document("short-2", "The council said the ferry would run again by spring."),
    ]
    return docs


def test_two_processes_give_the_single_process_output_in_order(
    analyzer: Analyzer, example_text: str
) -> None:
    docs = corpus(example_text)
    single = [article_to_dict(a) for a in analyzer.analyze_many(docs)]
    parallel = [article_to_dict(a) for a in analyze_in_processes(analyzer, iter(docs), jobs=2)]
    assert [a["id"] for a in parallel] == [d.id for d in docs]
    assert parallel == single
    assert sum(len(a["quotes"]) for a in parallel) > 20
    assert [a["error"] is None for a in parallel].count(False) == 2


def test_results_are_the_same_objects_not_a_lossy_copy(analyzer: Analyzer) -> None:
    text = "“We have made three offers,” the authority said. Okafor said that was untrue."
    (single,) = analyzer.analyze_many([text])
    (parallel,) = analyze_in_processes(analyzer, [text], jobs=2)
    assert parallel == single and parallel.text == text


def test_the_pool_leaves_the_garbage_collectors_freeze_as_it_found_it(
    analyzer: Analyzer,
) -> None:
    """The pool freezes the parent's objects while it runs. A caller that froze nothing
    gets them back; the command line, which freezes its analyzer for the run, keeps it."""
    text = "“The ferry will run again by spring,” the council said."
    gc.unfreeze()
    list(analyze_in_processes(analyzer, [text, text], jobs=2))
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        list(analyze_in_processes(analyzer, [text, text], jobs=2))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_stream_is_consumed_lazily_with_a_bounded_window(analyzer: Analyzer) -> None:
    consumed: list[int] = []

    def source():  # type: ignore[no-untyped-def]
        for i in range(10_000):
            consumed.append(i)
            yield f"The mayor said item {i} was fine."

    stream = analyze_in_processes(analyzer, source(), jobs=2, task_size=2, window=3)
    first = next(stream)
    assert first.id == "article-1" and first.attributions
    assert len(consumed) <= 2 * 3 + 2
    stream.close()


def test_the_last_articles_go_one_at_a_time_largest_first_and_come_back_in_order(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that no worker is left alone with a long article at the end: of the default
    window (4 tasks per worker), the tasks beyond 2 per worker are held back, and when the
    stream ends the articles they hold are sent singly, largest first."""
    sent: list[list[str]] = []
    submit = processes._Pool.submit

    def recording(self, batch):  # type: ignore[no-untyped-def]
        sent.append([d.id for d in batch])
        return submit(self, batch)

    monkeypatch.setattr(processes._Pool, "submit", recording)
    texts = [
        (f"a{i}", " ".join([f"The clerk said road {i} was closed."] * (1 + (i * 7) % 5)))
        for i in range(14)
    ]
    out = list(analyze_in_processes(analyzer, texts, jobs=2, task_size=2))
    assert [a.id for a in out] == [t[0] for t in texts]
    assert out == list(analyzer.analyze_many(texts))
    assert sent[:3] == [["a0", "a1"], ["a2", "a3"], ["a4", "a5"]]
    last = sorted(texts[6:], key=lambda t: -len(t[1]))
    assert sent[3:] == [[doc_id] for doc_id, _ in last]


def test_an_article_that_kills_its_worker_costs_only_itself(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = PipelineAnalyzer._extract

    def crashing(self, doc, parsed):  # type: ignore[no-untyped-def]
        if "CRASH" in (doc.text or ""):
            os._exit(3)  # what a segfault or the OOM killer looks like to the parent
        return real(self, doc, parsed)

    monkeypatch.setattr(PipelineAnalyzer, "_extract", crashing)  # workers are forked
    texts = [f"Officials said road {i} was closed." for i in range(9)]
    texts[4] = "The pilot said CRASH was the word."
    out = list(analyze_in_processes(analyzer, texts, jobs=2, task_size=3))
    assert [a.id for a in out] == [f"article-{i + 1}" for i in range(9)]
    assert [a.error for a in out].count(WORKER_DIED) == 1 and out[4].error == WORKER_DIED
    assert all(a.error is None and a.attributions for i, a in enumerate(out) if i != 4)


def test_a_batch_that_raises_is_rerun_article_by_article(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = PipelineAnalyzer._joined

    def failing(doc, parts):  # type: ignore[no-untyped-def]
        if "BOOM" in (doc.text or ""):
            raise RuntimeError("parser blew up")
        return real(doc, parts)

    monkeypatch.setattr(PipelineAnalyzer, "_joined", staticmethod(failing))
    texts = ["Police said BOOM twice.", "The union said talks had failed."] * 3
    out = list(analyze_in_processes(analyzer, texts, jobs=2, task_size=4))
    errors = [a.error for a in out]
    assert errors[1::2] == [None, None, None]
    assert all(e == "internal error: RuntimeError: parser blew up" for e in errors[0::2])
    assert out[1].attributions[0].quote.text == "talks had failed"


def test_workers_are_built_from_the_parent_analyzers_options() -> None:
    small = Analyzer(max_chars=100)
    texts = ["The minister said the bridge would open.", "word " * 50]
    out = list(analyze_in_processes(small, texts, jobs=2))
    assert small.config["max_chars"] == 100
    assert out[0].error is None
    assert out[1].error is not None and "too long" in out[1].error


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the Linux default")
def test_forked_workers_start_with_the_parents_analyzer_and_build_none(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**config):  # type: ignore[no-untyped-def]
        raise AssertionError("a forked worker loaded its own pipeline")

    monkeypatch.setattr(processes, "Analyzer", refuse)  # what a worker would build with
    texts = [f"The harbour master said berth {i} would reopen." for i in range(6)]
    fork = multiprocessing.get_context("fork")
    out = list(analyze_in_processes(analyzer, texts, jobs=2, task_size=2, context=fork))
    assert [a.error for a in out] == [None] * 6
    assert all(a.attributions for a in out)


def test_cli_jobs_writes_what_one_process_writes(
    tmp_path: Path, example_text: str, analyzer: Analyzer
) -> None:
    source = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": d.id, "text": d.text}) for d in corpus(example_text) if d.text]
    source.write_text("\n".join([*lines, "{broken"]) + "\n", "utf-8")
    one = io.StringIO()
    writer = JsonlWriter(one)
    for article in analyzer.analyze_many(read_paths([str(source)])):
        writer.write(article)
    writer.close()
    two = tmp_path / "two.jsonl"
    assert main(["analyze", str(source), "-o", str(two), "-q", "--jobs", "2"]) == 1
    assert two.read_text("utf-8") == one.getvalue()
    assert len(one.getvalue().splitlines()) == len(lines) + 1
