"""Labelled data: the product's gold JSONL format, and reviewed CSVs read back as gold.

Gold JSONL, one document per line (the format of the shared datasets):

    {"id", "text", "quotes": [{"start", "end", "text", "kind", "speaker", "speaker_start",
     "speaker_end", "cue", "cue_start", "cue_end", "labels": {...}}], "meta": {...}}

with optional `labels.content_fragments`, `source_fragments`, `cue_fragments` (content
split around its cue), `labels.claim_type`, `labels.disputed` and `labels.speaker_name`.

A reviewed CSV is the CSV that `analyze --format csv` writes, after a reviewer marked
`correct` (yes/no), fixed speakers or claim types in place, and added rows for quotes
the analyzer missed. Its article texts come from the gold texts given alongside.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attribution.formats.readers import json_error
from attribution.formats.writers import csv_value

Range = tuple[int, int]

YES = {"yes", "y", "true", "1", "x", "ok", "correct", "✓", "✔"}
NO = {"no", "n", "false", "0", "wrong", "incorrect", "✗", "✘"}


class GoldError(ValueError):
    """Labelled data that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GoldQuote:
    """One labelled attribution: content, speaker and cue as character ranges."""

    content: tuple[Range, ...]
    kind: str | None = None
    speaker: tuple[Range, ...] = ()
    speaker_text: str | None = None
    speaker_name: str | None = None
    cue: tuple[Range, ...] = ()
    claim_type: str | None = None
    disputed: bool | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]


def _ranges(frags: Any, start: Any, end: Any) -> tuple[Range, ...]:
    if frags:
        return tuple((_whole(a), _whole(b)) for a, b in frags)
    if start is None or end is None:
        return ()
    return ((_whole(start), _whole(end)),)


def _whole(value: Any) -> int:
    """An offset: a whole number (an integral float such as 12.0 too), never 1e300 or 'x'."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"offsets must be whole numbers, not {value!r}")


def gold_quote_from_dict(q: Mapping[str, Any]) -> GoldQuote:
    labels = q.get("labels") or {}
    disputed = labels.get("disputed")
    return GoldQuote(
        content=_ranges(labels.get("content_fragments"), q.get("start"), q.get("end")),
        kind=q.get("kind"),
        speaker=_ranges(
            labels.get("source_fragments"), q.get("speaker_start"), q.get("speaker_end")
        ),
        speaker_text=q.get("speaker"),
        speaker_name=labels.get("speaker_name"),
        cue=_ranges(labels.get("cue_fragments"), q.get("cue_start"), q.get("cue_end")),
        claim_type=labels.get("claim_type"),
        disputed=None if disputed is None else bool(disputed),
        extra=labels,
    )


def jsonl_records(path: Path, what: str = "file") -> Iterator[tuple[int, Any]]:
    """Each non-blank line of a JSONL file, parsed, with its line number; an unreadable
    file or a line that is not JSON is a `GoldError` naming the file and line."""
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldError(f"{path}:1: cannot read {what}: {exc.strerror or exc}") from None
    with handle:
        try:
            for no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{no}: invalid JSON ({json_error(exc)})") from None
                yield no, rec
        except UnicodeDecodeError:
            raise _not_utf8(path, what) from None


def _not_utf8(path: Path, what: str) -> GoldError:
    """The error for a file that is not UTF-8 text, naming the line of its first bad byte."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return GoldError(
            f"{path}:{line}: cannot read {what}: not UTF-8 text (byte 0x{data[exc.start]:02x})"
        )
    return GoldError(f"{path}:1: cannot read {what}: not UTF-8 text")


def read_gold_jsonl(path: Path) -> list[GoldDoc]:
    """Gold documents from the JSONL format; a malformed line is an error naming it.

    Each line must be an object with a string `text`, a string or numeric `id` not used
    by an earlier line, and quotes whose offsets are whole numbers within the text, start
    before end.
    """
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for no, rec in jsonl_records(path, "gold"):
        try:
            doc = _gold_doc(rec)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GoldError(f"{path}:{no}: not a gold document ({_why(exc)})") from None
        if doc.id in seen:
            raise GoldError(f"{path}:{no}: id '{doc.id}' is used by an earlier line")
        seen.add(doc.id)
        docs.append(doc)
    if not docs:
        raise GoldError(f"{path}:1: no gold documents (an empty file scores nothing)")
    return docs


def _gold_doc(rec: Any) -> GoldDoc:
    if not isinstance(rec, dict):
        raise TypeError("expected an object with 'id', 'text' and 'quotes'")
    text, doc_id = rec["text"], rec["id"]
    if not isinstance(text, str):
        raise TypeError("'text' must be a string")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int | float):
        raise TypeError("'id' must be a string or a number")
    quotes = rec.get("quotes") or []
    if not isinstance(quotes, list):
        raise TypeError("'quotes' must be a list")
    doc = GoldDoc(
        doc_id if isinstance(doc_id, str) else json.dumps(doc_id),
        text,
        tuple(gold_quote_from_dict(q) for q in quotes),
    )
    for q in doc.quotes:
        for a, b in (*q.content, *q.speaker, *q.cue):
            check_range(a, b, len(text))
    for i, q in enumerate(quotes, 1):
        _check_quoted_text(q, text, i)
    return doc


QUOTED_TEXTS = (
    ("text", "start", "end"),
    ("speaker", "speaker_start", "speaker_end"),
    ("cue", "cue_start", "cue_end"),
)
"""A gold quote's strings and the offsets they must be the text at: a string that is not
is a sign of offsets counted in another unit or over another text (bytes, CRLF line ends,
a byte-order mark), which would otherwise score every quote of the file as missed."""


def _check_quoted_text(q: Mapping[str, Any], text: str, index: int) -> None:
    for key, start, end in QUOTED_TEXTS:
        given, a, b = q.get(key), q.get(start), q.get(end)
        if isinstance(given, str) and a is not None and b is not None and text[a:b] != given:
            found = text[a:b]
            raise ValueError(
                f"quote {index}: '{key}' is {given[:40]!r}, the text at {a}-{b} is {found[:40]!r}"
            )


def check_range(start: object, end: object, length: int) -> None:
    """Raise ValueError unless [start, end) is a range of whole numbers within a text."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start | end, bool):
        raise ValueError(f"offsets must be whole numbers, not {start!r}-{end!r}")
    if not 0 <= start <= end <= length:
        raise ValueError(f"offsets {start}-{end} are not within the text (0-{length})")


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {json_error(exc)}"
    return str(exc)


def read_review_csv(path: Path, texts: Mapping[str, str]) -> list[GoldDoc]:
    """Gold documents from a reviewed CSV; `texts` maps article ids to their texts.

    Rows marked `correct = no` are dropped (not a quotation); every other row is gold as
    it now reads. Offsets missing from an added row are found by searching its text.
    """
    by_doc: dict[str, list[GoldQuote]] = {}
    try:
        _read_review_rows(path, texts, by_doc)
    except UnicodeDecodeError:
        raise _not_utf8(path, "reviewed CSV") from None
    return [
        GoldDoc(i, texts[i], tuple(sorted(qs, key=lambda q: q.start))) for i, qs in by_doc.items()
    ]


def _read_review_rows(
    path: Path, texts: Mapping[str, str], by_doc: dict[str, list[GoldQuote]]
) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for no, cells in enumerate(csv.DictReader(handle), 2):
            row = {k: csv_value(v) if isinstance(v, str) else v for k, v in cells.items()}
            doc_id = (row.get("article_id") or "").strip()
            if not doc_id or (row.get("error") or "").strip():
                continue
            if doc_id not in texts:
                raise GoldError(
                    f"{path}:{no}: no text for article '{doc_id}' (pass it with --texts)"
                )
            verdict = (row.get("correct") or "").strip().lower()
            if verdict and verdict not in YES | NO:
                raise GoldError(f"{path}:{no}: 'correct' must be yes or no, not '{row['correct']}'")
            by_doc.setdefault(doc_id, [])
            if verdict in NO:
                continue
            by_doc[doc_id].append(_row_quote(row, texts[doc_id], path, no))


def _row_quote(row: Mapping[str, str], text: str, path: Path, no: int) -> GoldQuote:
    content = _locate(text, row.get("quote", ""), row.get("start"), row.get("end"), None)
    if content is None:
        raise GoldError(
            f"{path}:{no}: the quote is not in the article's text; check 'quote'/'start'/'end'"
        )
    near = content[0]
    speaker = _locate(
        text, row.get("speaker", ""), row.get("speaker_start"), row.get("speaker_end"), near
    )
    cue = _locate(text, row.get("cue", ""), row.get("cue_start"), row.get("cue_end"), near)
    disputed = (row.get("disputed") or "").strip().lower()
    return GoldQuote(
        content=(content,),
        kind=(row.get("kind") or "").strip() or None,
        speaker=(speaker,) if speaker else (),
        speaker_text=(row.get("speaker") or "").strip() or None,
        speaker_name=(row.get("speaker_name") or "").strip() or None,
        cue=(cue,) if cue else (),
        claim_type=(row.get("claim_type") or "").strip() or None,
        disputed=None if not disputed else disputed in YES,
    )


def _locate(
    text: str, words: str | None, start: str | None, end: str | None, near: int | None
) -> Range | None:
    """The range of `words` in `text`: the given offsets if they still hold, else the
    occurrence nearest `near` (or the first)."""
    words = (words or "").strip()
    if not words:
        return None
    try:
        a, b = int(start or ""), int(end or "")
        if text[a:b].strip() == words or (text[a:b] and words in text[a:b]):
            return a, b
    except ValueError:
        pass
    hits = []
    pos = text.find(words)
    while pos >= 0:
        hits.append(pos)
        pos = text.find(words, pos + 1)
    if not hits:
        return None
    best = hits[0] if near is None else min(hits, key=lambda h: abs(h - near))
    return best, best + len(words)
