"""Writing analysed articles: JSONL (one article a line), JSON (an array) and CSV (one
row a quote), streamed, each article as soon as it is done.

Also the two guarantees every output file shares: it is written under a temporary name
in its own folder and renamed into place only when complete (`atomic_output`), and a
per-article file is named by `UniqueNames`, which never gives two articles of a run one
file and never yields a name that is unsafe on any common file system.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from attribution.schema import SCHEMA_VERSION, Article, article_to_dict

CSV_COLUMNS = [
    "article_id",
    "quote_index",
    "start",
    "end",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_name",
    "speaker_key",
    "cue",
    "cue_start",
    "cue_end",
    "claim_type",
    "disputed",
    "dispute_reason",
    "confidence",
    "rule_id",
    "quote",
    "correct",
    "note",
    "error",
    "schema_version",
]


_CLEAN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "clock$", "conin$", "conout$"]
    + [f"{p}{n}" for p in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"]
)
FORMULA_START = "=+-@\t\r"
_NEUTRALISED = re.compile("'+[" + re.escape(FORMULA_START) + "]")
_NEEDS_QUOTE = re.compile("'*[" + re.escape(FORMULA_START) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """`text` with each lone surrogate (which UTF-8 cannot encode) written as its escape
    `\\udXXX`: in JSON text, the same string read back; in a plain cell, readable."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_line(record: Any, *, indent: int | None = None) -> str:
    """`record` as JSON text that any UTF-8 file or stream can hold: a lone surrogate
    is written as its JSON escape (`escape_surrogates`), the same string read back."""
    return escape_surrogates(json.dumps(record, ensure_ascii=False, indent=indent))


def safe_name(doc_id: str) -> str:
    """A portable file name (without suffix) for an article id, the same on every run.

    An id of ASCII letters, digits, `_`, `.` and `-` (not starting with `.` or `-`, not
    ending with `.`, at most 100 characters, not a Windows device name such as CON or
    NUL) is its own name. Any other id keeps a readable, cleaned prefix and gets `~` and
    a hash of the whole id, so two different ids never share a name (the `~` never
    occurs in a name of the first kind). Separators, NUL, `..` and the empty id thus
    can never name a path outside the folder.
    """
    stem = doc_id.split(".", 1)[0].lower()
    if _CLEAN.fullmatch(doc_id) and not doc_id.endswith(".") and stem not in _RESERVED:
        return doc_id
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    readable = _UNSAFE.sub("_", doc_id.replace(".", "_")).strip("_-")[:80]
    return f"{readable or 'article'}~{digest}"


class UniqueNames:
    """File names for the articles of one run: `safe_name`, made unique.

    A duplicate id, or a name that differs from a taken one only in case (one file on
    case-insensitive file systems), gets `-2`, `-3`, ... `taken` names are reserved
    for the run's own files (such as `index`).
    """

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self.used = {t.lower() for t in taken}

    def name_for(self, doc_id: str) -> str:
        base = safe_name(doc_id)
        name, n = base, 1
        while name.lower() in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name.lower())
        return name


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file name beside `path` to write to, renamed onto `path` only when the
    block ends without an exception (else removed).

    So an interrupted or failed run leaves either no file or a complete one, and a
    symlink at `path` is replaced, never followed.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:60]}.", suffix=".part")
    os.close(fd)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_output(
    path: str | Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text file written as `atomic_path` writes one. Raises OSError as `open` does."""
    with (
        atomic_path(path) as tmp,
        open(tmp, "w", encoding=encoding, newline=newline, errors="backslashreplace") as handle,
    ):
        yield handle


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (the OWASP rule): text that
    starts with `=`, `+`, `-`, `@`, tab or CR (after any `'`) gets a leading `'`.
    `csv_value` undoes it exactly."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """The original text of a cell written by `csv_cell`."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


class JsonlWriter:
    """One article per line: the JSONL contract."""

    def __init__(self, out: IO[str], *, include_text: bool = False) -> None:
        self.out = out
        self.include_text = include_text

    def write(self, article: Article) -> None:
        line = json_line(article_to_dict(article, include_text=self.include_text))
        self.out.write(line + "\n")  # one write: an interrupted stream never ends mid-line

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """A JSON array of articles, written as it streams (one object for one article)."""

    def __init__(self, out: IO[str], *, include_text: bool = False) -> None:
        self.out = out
        self.include_text = include_text
        self.count = 0

    def write(self, article: Article) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        body = json_line(article_to_dict(article, include_text=self.include_text), indent=2)
        self.out.write(body)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


class CsvWriter:
    """One row per quote (and one per failed article), for spreadsheets and review."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, article: Article) -> None:
        for row in csv_rows(article):
            self.writer.writerow({k: csv_cell(v) for k, v in row.items()})

    def close(self) -> None:
        self.out.flush()


def csv_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The CSV rows of one article; see `CSV_COLUMNS`."""
    if article.error is not None:
        yield {"article_id": article.id, "error": article.error, "schema_version": SCHEMA_VERSION}
        return
    for index, att in enumerate(article.attributions):
        sp, cue = att.speaker, att.cue
        yield {
            "article_id": article.id,
            "quote_index": index,
            "start": att.quote.start,
            "end": att.quote.end,
            "kind": att.quote.kind,
            "speaker": sp.text if sp else "",
            "speaker_start": sp.start if sp else "",
            "speaker_end": sp.end if sp else "",
            "speaker_name": (sp.name or "") if sp else "",
            "speaker_key": (sp.key or "") if sp else "",
            "cue": cue.text if cue else "",
            "cue_start": cue.start if cue else "",
            "cue_end": cue.end if cue else "",
            "claim_type": att.claim_type or "",
            "disputed": "" if att.disputed is None else str(att.disputed).lower(),
            "dispute_reason": att.dispute_reason or "",
            "confidence": f"{att.confidence:.3f}",
            "rule_id": att.rule_id,
            "quote": att.quote.text,
            "correct": "",
            "note": "",
            "error": "",
            "schema_version": SCHEMA_VERSION,
        }
