"""Running the analysis over a Dask cluster (`attribution analyze --engine dask`).

The client cuts the input into partitions without reading the texts: byte ranges of
JSONL files (cut on line breaks, so every line keeps its number and a bad line keeps the
id it has in a single-process run) and row ranges of Parquet files. Each partition is one
task: a worker reads it, analyses it with the run's Analyzer, which a worker plugin builds
on each worker once, as it joins, from the client's `Analyzer.config`
(`attribution.scale.dask_worker`), and writes it as `part-NNNNNN.jsonl` or `.parquet` in
the output folder, so the output files in name order hold the articles in input order.
Only a summary (counts and failed articles) travels back to the client. Each article has
the time budget it has in one process (`--article-timeout`): an article that runs past it
becomes its error record.

Dask is an optional extra: this module imports it only inside functions that need it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from attribution.analyzer import Analyzer
from attribution.defaults import DEFAULT_PARTITION_SIZE
from attribution.formats.readers import read_jsonl_lines
from attribution.formats.writers import JsonlWriter, escape_surrogates
from attribution.scale.processes import analyze_batch
from attribution.schema import Article, Document, article_to_dict

INSTALL_HINT = "pip install 'attribution[dask]'"
INPUT_SUFFIXES = (".jsonl", ".parquet")
_SCAN_BLOCK = 1 << 20


class EngineError(RuntimeError):
    """The Dask run cannot start: dask missing, unusable input or output, no scheduler."""


@dataclass(frozen=True)
class Partition:
    """One task's share of the input: rows `[start, end)` of a Parquet row group, or the
    bytes `[start, end)` of a JSONL file whose first line is line number `first_line`."""

    index: int
    path: str
    kind: str
    start: int
    end: int
    first_line: int = 1
    row_group: int = 0
    row_offset: int = 0


@dataclass
class Summary:
    """What a run did: articles written, partitions, the articles that failed, and the ids
    given to more than one article (`repeated`, each once, in input order). A partition's
    own summary lists its articles' ids in `ids`, read by the worker as it analyses them,
    so that the client finds the repeated ones without reading the input itself."""

    articles: int = 0
    partitions: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def require_dask() -> None:
    """Raise EngineError with the install command when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise EngineError(
            f"--engine dask needs the optional dask extra; install it with: {INSTALL_HINT}"
        ) from None


def input_files(paths: Iterable[str]) -> list[str]:
    """The JSONL and Parquet files named by `paths` (folders are searched, sorted)."""
    import fsspec

    files: list[str] = []
    for raw in paths:
        fs, root = fsspec.core.url_to_fs(raw)
        if fs.isdir(root):
            found = sorted(p for p in fs.find(root) if p.lower().endswith(INPUT_SUFFIXES))
            if not found:
                raise EngineError(f"no .jsonl or .parquet files in folder {raw}")
            files += [fs.unstrip_protocol(p) if "://" in raw else p for p in found]
        elif not fs.exists(root):
            raise EngineError(f"no such file: {raw}")
        elif not raw.lower().endswith(INPUT_SUFFIXES):
            raise EngineError(f"--engine dask reads .jsonl or .parquet files, not {raw}")
        else:
            files.append(raw)
    return files


def plan(files: Iterable[str], partition_size: int) -> list[Partition]:
    """Partitions of at most `partition_size` articles, in input order."""
    parts: list[Partition] = []
    for path in files:
        cut = _parquet_parts if path.lower().endswith(".parquet") else _jsonl_parts
        for p in cut(path, partition_size):
            parts.append(Partition(len(parts), *p))
    return parts


def _jsonl_parts(path: str, size: int) -> Iterator[tuple[Any, ...]]:
    """(path, kind, byte start, byte end, first line) every `size` lines, read in blocks."""
    import fsspec

    start, first, lines, pos = 0, 1, 0, 0
    with fsspec.open(path, "rb") as handle:
        while block := handle.read(_SCAN_BLOCK):
            at = block.find(b"\n")
            while at >= 0:
                lines += 1
                if lines % size == 0:
                    yield path, "jsonl", start, pos + at + 1, first
                    start, first = pos + at + 1, lines + 1
                at = block.find(b"\n", at + 1)
            pos += len(block)
    if pos > start:
        yield path, "jsonl", start, pos, first


def _parquet_parts(path: str, size: int) -> Iterator[tuple[Any, ...]]:
    """(path, kind, row start, row end, -, row group, first row of the group) per slice."""
    import fsspec
    import pyarrow.parquet as pq

    with fsspec.open(path, "rb") as handle:
        meta = pq.ParquetFile(handle).metadata
        names = set(meta.schema.names)
    if "text" not in names:
        raise EngineError(f"{path} has no 'text' column (expected columns 'id' and 'text')")
    offset = 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for a in range(0, rows, size):
            yield path, "parquet", a, min(a + size, rows), 1, group, offset
        offset += rows


def read_partition(part: Partition, encoding: str = "utf-8") -> Iterator[Document]:
    """The documents of one partition, with the ids a single-process run gives them."""
    import fsspec

    stem = PurePosixPath(part.path).stem
    if part.kind == "jsonl":
        with fsspec.open(part.path, "rb") as handle:
            handle.seek(part.start)
            data = handle.read(part.end - part.start)
        lines = data.split(b"\n")
        yield from read_jsonl_lines(lines, stem, encoding, first_line=part.first_line)
        return
    yield from _parquet_documents(part, stem)


def _parquet_documents(part: Partition, stem: str) -> Iterator[Document]:
    import fsspec
    import pyarrow.parquet as pq

    with fsspec.open(part.path, "rb") as handle:
        pf = pq.ParquetFile(handle)
        columns = [c for c in ("id", "text") if c in pf.metadata.schema.names]
        table = pf.read_row_group(part.row_group, columns=columns)
    rows = table.slice(part.start, part.end - part.start).to_pylist()
    for n, row in enumerate(rows, part.row_offset + part.start + 1):
        doc_id = row.get("id")
        doc_id = f"{stem}:{n}" if doc_id is None else str(doc_id)
        text = row["text"]
        if not isinstance(text, str):
            yield Document(doc_id, None, f"row {n}: 'text' is missing or not a string")
        else:
            yield Document(doc_id, text)


@dataclass(frozen=True)
class Job:
    """What every task of one run shares: the Analyzer's options and the output."""

    config: dict[str, Any]
    token: str  # names `config`, so a worker process builds its Analyzer once per run
    out_dir: str
    fmt: str = "jsonl"
    include_text: bool = False
    encoding: str = "utf-8"


def make_job(analyzer: Analyzer, out_dir: str, **options: Any) -> Job:
    token = hashlib.sha256(pickle.dumps(analyzer.config)).hexdigest()
    return Job(analyzer.config, token, out_dir, **options)


_lock = threading.Lock()


def worker_analyzer(job: Job) -> Analyzer:
    """This worker's Analyzer for `job`, which the run's worker plugin built."""
    from attribution.scale.dask_worker import analyzer_for

    return analyzer_for(job.config, job.token)


def run_partition(part: Partition, job: Job) -> Summary:
    """Worker task: analyse one partition and write it; return its summary."""
    import fsspec

    with _lock:  # one analysis per process at a time, however many threads a worker has
        analyzer = worker_analyzer(job)
        articles = analyze_batch(analyzer, list(read_partition(part, job.encoding)))
    folder = job.out_dir.rstrip("/")
    target = f"{folder}/part-{part.index:06d}.{job.fmt}"
    partial = f"{folder}/.part-{part.index:06d}.{job.fmt}.partial"
    fs, _ = fsspec.core.url_to_fs(folder)
    with fsspec.open(partial, "wb") as handle:  # renamed only once complete
        _WRITERS[job.fmt](handle, articles, job.include_text)
    fs.mv(fsspec.core.url_to_fs(partial)[1], fsspec.core.url_to_fs(target)[1])
    failed = [(a.id, a.error) for a in articles if a.error is not None]
    return Summary(len(articles), 1, failed, [a.id for a in articles])


def _write_jsonl(handle: Any, articles: list[Article], include_text: bool) -> None:
    import io

    text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
    writer = JsonlWriter(text, include_text=include_text)
    for article in articles:
        writer.write(article)
    writer.close()
    text.detach()


def _write_parquet(handle: Any, articles: list[Article], include_text: bool) -> None:
    """One row per article: the schema version, id, error, and the JSONL contract's quotes
    and meta as JSON.

    The table is read from the rows written as JSON Lines by Arrow's own JSON reader, not
    built from Python lists (`Table.from_pylist`, `pa.array`): those import pandas to check
    whether their input is a pandas object, about 45 MB more in every Dask worker.

    A lone surrogate (an article that is not valid Unicode keeps its text in its error
    record) cannot be UTF-8: every string cell carries it as its escape `\\udXXX`, which
    the JSON cells read back as the same string, so one such article does not cost its
    partition the others' rows."""
    import pyarrow as pa
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    names = ["schema_version", "id", "error", "n_quotes", "quotes", "meta"]
    names += ["text"] if include_text else []
    types = [pa.string()] * 3 + [pa.int32()] + [pa.string()] * 3
    lines = []
    for article in articles:
        d = article_to_dict(article, include_text=include_text)
        d["n_quotes"] = len(d["quotes"])
        d["quotes"] = json.dumps(d["quotes"], ensure_ascii=False)
        d["meta"] = json.dumps(d["meta"], ensure_ascii=False)
        cells = {name: d.get(name) for name in names}
        safe = {k: escape_surrogates(v) if isinstance(v, str) else v for k, v in cells.items()}
        lines.append(json.dumps(safe, ensure_ascii=False) + "\n")
    data = "".join(lines).encode("utf-8")
    schema = pa.schema(list(zip(names, types, strict=False)))
    table = (
        pj.read_json(
            pa.BufferReader(data),
            read_options=pj.ReadOptions(use_threads=False, block_size=max(len(data), 1 << 20)),
            parse_options=pj.ParseOptions(explicit_schema=schema),
        )
        if data
        else schema.empty_table()
    )
    pq.write_table(table, handle)


_WRITERS: dict[str, Callable[[Any, list[Article], bool], None]] = {
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}


def prepare_output(out_dir: str) -> None:
    """Create the output folder; refuse one that already holds partitioned output."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(out_dir)
    try:
        fs.makedirs(root, exist_ok=True)
    except OSError as exc:
        raise EngineError(f"cannot create output folder {out_dir}: {exc}") from None
    if fs.glob(f"{root.rstrip('/')}/part-*"):
        raise EngineError(f"{out_dir} already holds part-* files; choose an empty folder")


def run(
    analyzer: Analyzer,
    paths: Iterable[str],
    out_dir: str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    on_start: Callable[[str | None, int], None] | None = None,
    on_done: Callable[[Summary], None] | None = None,
    **options: Any,
) -> Summary:
    """Analyse `paths` on the cluster at `scheduler` (default: a local cluster of
    `workers` single-threaded processes) and write partitioned output to `out_dir`.

    `options` are `Job` fields (fmt, include_text, encoding). `on_start(dashboard_link,
    partitions)` and `on_done(partition_summary)` let the caller show progress.
    """
    require_dask()
    parts = plan(input_files(paths), partition_size)
    prepare_output(out_dir)
    job = make_job(analyzer, out_dir, **options)
    with _client(scheduler, workers) as client:
        if on_start is not None:
            # a local cluster serves its dashboard only where bokeh is installed
            has_dashboard = scheduler is not None or importlib.util.find_spec("bokeh") is not None
            on_start(client.dashboard_link if has_dashboard else None, len(parts))
        return _run_all(client, parts, job, on_done)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a local cluster started for the run."""
    from distributed import Client

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with local_client(workers or os.cpu_count() or 1) as client:
        yield client


# Dask's statistical profiler samples each worker's stack every 10 ms and keeps what it
# saw: over 10,000 articles that history grew each worker from 355 to ~700 MB. A run's
# own workers go without it (a cluster the user starts keeps its own settings).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


@contextlib.contextmanager
def local_client(workers: int) -> Iterator[Any]:
    """A client of a cluster of `workers` single-threaded worker processes on this machine
    only, without the worker profiler (`LOCAL_WORKER_CONFIG`), closed at the end."""
    import dask
    from distributed import Client, LocalCluster

    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            silence_logs=logging.ERROR,
            host="127.0.0.1",  # scheduler and workers: this machine only
            dashboard_address="127.0.0.1:0",  # the dashboard too, never every interface
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _run_all(
    client: Any, parts: list[Partition], job: Job, on_done: Callable[[Summary], None] | None
) -> Summary:
    """Submit every partition, report each as it finishes, and add up the summaries; the
    workers hold the run's Analyzer for as long as it lasts."""
    from attribution.scale.dask_worker import AnalyzerPlugin

    plugin = AnalyzerPlugin(job.config, job.token)
    client.register_plugin(plugin)  # every worker builds the Analyzer now, once
    try:
        return _submit_all(client, parts, job, on_done)
    finally:
        with contextlib.suppress(Exception):  # a cluster gone away needs no clean-up
            client.unregister_worker_plugin(plugin.name)


def _submit_all(
    client: Any, parts: list[Partition], job: Job, on_done: Callable[[Summary], None] | None
) -> Summary:
    from distributed import as_completed

    [shared] = client.scatter([job], broadcast=True)  # sent to each worker once, not per task
    futures = [client.submit(run_partition, p, shared, pure=False) for p in parts]
    by_future = dict(zip(futures, parts, strict=True))
    for future in as_completed(futures):
        try:
            done: Summary = future.result()
        except Exception as exc:
            part = by_future[future]
            raise EngineError(
                f"partition {part.index} ({part.path}) failed: {type(exc).__name__}: {exc}"
            ) from None
        if on_done is not None:
            on_done(done)
    return add_up(client.gather(futures))


def add_up(summaries: Iterable[Summary]) -> Summary:
    """The run's summary from its partitions' (in input order)."""
    total = Summary()
    seen: set[str] = set()
    repeated: set[str] = set()
    for s in summaries:
        total.articles += s.articles
        total.partitions += s.partitions
        total.failed += s.failed
        for doc_id in s.ids:
            if doc_id in seen and doc_id not in repeated:
                repeated.add(doc_id)
                total.repeated.append(doc_id)
            seen.add(doc_id)
    return total
