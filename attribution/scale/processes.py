"""Analysing a stream of articles in several processes, in input order, in steady memory.

On Linux the workers are forked from the parent and start with the parent's `Analyzer`,
its spaCy pipeline and models already loaded, so a worker costs no start-up of its own;
elsewhere (spawn) each worker builds its own `Analyzer` once, from the keyword arguments
the parent's analyzer was built with (`Analyzer.config`). Workers analyse small batches
of documents with `nlp.pipe`. The parent only reads input, ships batches and hands back
results in input order, so it leaves the cores to the workers. At most `window` batches
are in flight at a time, so memory does not grow with the corpus.

Failures stay with the article that caused them: a batch whose parse raises is re-run
article by article, and when a worker process dies (out of memory, a crash in native
code) the batches it may have held are re-run one article at a time in a fresh pool, so
the article that kills a worker again becomes an error record and the others are kept.
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from attribution.analyzer import Analyzer
from attribution.schema import Article, Document, as_document

DEFAULT_TASK_SIZE = 2
"""Articles per task. Small tasks keep two workers even at the end of a run: on 40 PolNeAR
dev articles the busiest of two workers used 6.36-6.39 CPU s with 2 against 6.79-6.90
with 4 (11.8-11.9 in one process); with 1, nlp.pipe's batches cost 0.3-0.4 s more."""
WORKER_DIED = (
    "internal error: the worker process died while analysing this article "
    "(out of memory, or a crash in the parser)"
)


class WorkerStartError(RuntimeError):
    """A worker process could not build its Analyzer (the parent's could)."""


_worker: Analyzer | None = None
_worker_error: str | None = None


def _start_worker(config: dict[str, Any], parent: int, ready: Analyzer | None = None) -> None:
    """Pool initializer: this process's Analyzer, the parent's `ready` one when the worker
    was forked, else built once from `config`; never raise (see `_analyze`).

    The worker ignores Ctrl-C and SIGTERM (the parent's to handle) and ends as soon as
    its parent is gone, even a parent killed with SIGKILL: on Linux the kernel ends it
    (`killed_with_parent`), elsewhere a thread watches the parent.
    """
    global _worker, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not killed_with_parent(parent):
        threading.Thread(target=_die_with_parent, args=(parent,), daemon=True).start()
    if ready is not None:
        _worker = ready
        return
    try:
        _worker = Analyzer(**config)
    except Exception as exc:
        _worker_error = f"{type(exc).__name__}: {exc}"


PR_SET_PDEATHSIG = 1
"""Linux `prctl` option: the signal this process gets when its parent dies."""


def killed_with_parent(parent: int) -> bool:
    """Ask the Linux kernel to SIGKILL this process when its parent dies (`prctl`'s
    `PR_SET_PDEATHSIG`); False where that cannot be asked (not Linux, no `prctl`).

    The worker then needs no thread to watch its parent, and that matters: once a
    process has had a second thread, even one asleep, glibc's malloc leaves its
    single-threaded fast path for good, and the analysis took 10% more CPU (7.45 against
    8.2 CPU s on 40 PolNeAR dev articles in a forked worker). The signal comes when the
    thread that forked the worker ends, which for the pool is the thread that submits.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    if prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return False
    if os.getppid() != parent:  # gone before the request was made
        os._exit(1)
    return True


def _die_with_parent(parent: int, interval: float = 0.5) -> None:
    """Exit this process once `parent` is no longer its parent (it died; init adopted us)."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _analyze(batch: list[Document]) -> list[Article]:
    """Worker task: one batch of articles (see `analyze_batch`)."""
    if _worker is None:
        raise WorkerStartError(f"a worker process could not start: {_worker_error}")
    return analyze_batch(_worker, batch)


def analyze_batch(analyzer: Analyzer, batch: list[Document]) -> list[Article]:
    """A batch through `nlp.pipe`, or article by article if the batch raises."""
    try:
        return list(analyzer.analyze_many(batch))
    except Exception:
        return [analyze_alone(analyzer, doc) for doc in batch]


def analyze_alone(analyzer: Analyzer, doc: Document) -> Article:
    """One article on its own; an exception becomes the article's error record."""
    try:
        return next(analyzer.analyze_many([doc]))
    except Exception as exc:  # one article's failure must not cost the others
        error = f"internal error: {type(exc).__name__}: {exc}"
        return Article(doc.id, doc.text or "", (), error, dict(analyzer.meta))


def default_context() -> multiprocessing.context.BaseContext:
    """`fork` on Linux (workers start at once and share the parent's loaded model), else
    `spawn` (each worker loads the model itself; fork is unsafe on macOS)."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


class _Pool:
    """A process pool that can be replaced when a worker dies.

    Forked workers are handed the parent's `analyzer` itself (fork copies it, nothing is
    pickled); spawned ones get its options and build their own.
    """

    def __init__(
        self, analyzer: Analyzer, jobs: int, context: multiprocessing.context.BaseContext
    ) -> None:
        self.jobs, self.context = jobs, context
        self.initargs = (
            (analyzer.config, os.getpid(), analyzer)
            if context.get_start_method() == "fork"
            else (analyzer.config, os.getpid())
        )
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs, mp_context=self.context, initializer=_start_worker, initargs=self.initargs
        )

    def submit(self, batch: list[Document]) -> Future[list[Article]]:
        return self.executor.submit(_analyze, batch)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def close(self, *, finished: bool) -> None:
        """Stop the workers: wait for them after a complete run, not after an abort."""
        self.executor.shutdown(wait=finished, cancel_futures=True)


def analyze_in_processes(
    analyzer: Analyzer,
    items: Iterable[str | Document | tuple[str, str]],
    *,
    jobs: int,
    task_size: int = DEFAULT_TASK_SIZE,
    window: int | None = None,
    context: multiprocessing.context.BaseContext | None = None,
) -> Iterator[Article]:
    """Analyse `items` with `jobs` worker processes, yielding articles in input order.

    `task_size` articles go to a worker at a time; at most `window` tasks (default
    4 per worker) are read and not yet yielded, which bounds memory whatever the length
    of the stream. Those beyond 2 per worker are held back, and when the stream ends
    their articles go out one at a time, largest first. No more workers start than
    there are articles: a stream shorter than one task per worker is spread evenly over
    as many workers as it needs.
    """
    stream = (as_document(i, item) for i, item in enumerate(items))
    first = list(itertools.islice(stream, jobs * task_size))
    if len(first) < jobs * task_size:
        jobs = max(1, min(jobs, len(first)))
        task_size = max(1, math.ceil(len(first) / jobs))
    docs = itertools.chain(first, stream)
    batches = iter(lambda: list(itertools.islice(docs, task_size)), [])
    limit = window or 4 * jobs
    # Of the `limit` tasks read, the newest `held` wait here unsubmitted (2 per worker are
    # always with the pool), so that when the stream ends its last articles go to the
    # workers one at a time, largest first, and no worker is left alone with a long one.
    held = max(0, limit - 2 * jobs)
    pool = _Pool(analyzer, jobs, context or default_context())
    inflight: deque[tuple[list[Document], Future[list[Article]]]] = deque()
    waiting: deque[list[Document]] = deque()
    finished = False
    # What the parent holds now (the pipeline above all) stays out of the workers'
    # garbage collections, which would otherwise write to, and so copy, its shared pages.
    # A caller that froze its own objects first (the command line) keeps them frozen.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        for batch in batches:
            waiting.append(batch)
            if len(waiting) > held:
                oldest = waiting.popleft()
                inflight.append((oldest, pool.submit(oldest)))
            if len(inflight) + len(waiting) >= limit and inflight:
                yield from _next_results(pool, inflight, analyzer)
        last = [[doc] for batch in waiting for doc in batch]
        futures = {id(b): pool.submit(b) for b in sorted(last, key=_chars, reverse=True)}
        inflight.extend((b, futures[id(b)]) for b in last)
        while inflight:
            yield from _next_results(pool, inflight, analyzer)
        finished = True
    finally:
        pool.close(finished=finished)
        if not frozen_before:
            gc.unfreeze()


def _chars(batch: list[Document]) -> int:
    """A batch's length in characters: how the last articles are ordered, longest first."""
    return sum(len(d.text) for d in batch if isinstance(d.text, str))


def _next_results(
    pool: _Pool,
    inflight: deque[tuple[list[Document], Future[list[Article]]]],
    analyzer: Analyzer,
) -> Iterator[Article]:
    """The oldest batch's articles; after a worker died, every unfinished batch's."""
    batch, future = inflight.popleft()
    try:
        articles = future.result()
    except BrokenProcessPool:
        articles = None
    if articles is not None:
        yield from articles
        return
    settled: list[tuple[list[Document], list[Article] | None]] = [(batch, None)]
    settled += [(b, _finished(f)) for b, f in inflight]
    inflight.clear()
    pool.restart()
    for docs, articles in settled:
        yield from articles if articles is not None else _one_by_one(pool, docs, analyzer)


def _finished(future: Future[list[Article]]) -> list[Article] | None:
    """A batch's articles if it finished before the pool broke, else None (re-run it)."""
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None


def _one_by_one(pool: _Pool, batch: list[Document], analyzer: Analyzer) -> Iterator[Article]:
    """Re-run a batch one article at a time, so only an article that kills a worker fails."""
    for doc in batch:
        try:
            (article,) = pool.submit([doc]).result()
        except BrokenProcessPool:
            pool.restart()
            article = Article(doc.id, doc.text or "", (), WORKER_DIED, dict(analyzer.meta))
        yield article
