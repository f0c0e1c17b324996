"""Reading articles from files, folders, JSONL and stdin.

Readers never raise for one bad article: they yield a `Document` carrying the error, so
the batch goes on and the output says what went wrong where.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from attribution.schema import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


def decode(data: bytes, *, encoding: str = "utf-8") -> tuple[str | None, str | None]:
    """Text from bytes, or an error saying why the bytes are not readable text."""
    if not data.strip():
        return None, "empty article: the file has no text"
    sample = data[:4096]
    if b"\x00" in sample or sum(b in CONTROL for b in sample) > len(sample) * 0.05:
        return None, "binary file: not text"
    try:
        text = data.decode(
            "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        )
    except UnicodeDecodeError as exc:
        return None, (
            f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
            "pass --encoding (e.g. --encoding cp1252) or convert the file to UTF-8"
        )
    except LookupError:
        return None, f"unknown encoding '{encoding}'"
    return text, None


def read_paths(
    paths: Iterable[str], *, encoding: str = "utf-8", input_format: str = "auto"
) -> Iterator[Document]:
    """Documents from each path: a text file, a folder of them, a JSONL file, or `-`."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(encoding, input_format)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not files:
                yield Document(str(path), None, f"no .txt files in folder {path}")
            for f in files:
                yield _read_text_file(f, f.relative_to(path).with_suffix("").as_posix(), encoding)
        elif not path.exists():
            yield Document(str(path), None, f"no such file: {path}")
        elif input_format == "jsonl" or (
            input_format == "auto" and path.suffix.lower() == ".jsonl"
        ):
            yield from _read_jsonl_file(path, encoding)
        else:
            yield _read_text_file(path, path.stem, encoding)


def _read_text_file(path: Path, doc_id: str, encoding: str) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Document(doc_id, None, f"cannot read {path}: {exc.strerror or exc}")
    text, error = decode(data, encoding=encoding)
    return Document(doc_id, text, error)


def _read_jsonl_file(path: Path, encoding: str) -> Iterator[Document]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Document(str(path), None, f"cannot read {path}: {exc.strerror or exc}")
        return
    with handle:
        yield from read_jsonl_lines(handle, path.stem, encoding)


def read_jsonl_lines(
    lines: Iterable[bytes], stem: str, encoding: str = "utf-8", *, first_line: int = 1
) -> Iterator[Document]:
    """Documents from JSONL lines of `{"id", "text"}`; a bad line is one error document.

    `first_line` numbers the first line (a partition of a file starts mid-file).
    """
    for no, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        fallback = f"{stem}:{no}"
        try:
            rec = json.loads(line.decode(encoding))
        except UnicodeDecodeError:
            yield Document(fallback, None, f"line {no}: not valid {encoding}")
            continue
        except json.JSONDecodeError as exc:
            yield Document(
                fallback, None, f"line {no}: invalid JSON ({exc.msg} at column {exc.colno})"
            )
            continue
        if not isinstance(rec, dict):
            yield Document(
                fallback, None, f"line {no}: expected a JSON object with 'id' and 'text'"
            )
            continue
        doc_id = str(rec.get("id", fallback))
        text = rec.get("text")
        if not isinstance(text, str):
            yield Document(doc_id, None, f"line {no}: 'text' is missing or not a string")
            continue
        yield Document(doc_id, text)


def _read_stdin(encoding: str, input_format: str) -> Iterator[Document]:
    data = sys.stdin.buffer.read()
    if input_format == "jsonl" or (input_format == "auto" and _looks_like_jsonl(data)):
        yield from read_jsonl_lines(data.splitlines(), "stdin", encoding)
        return
    text, error = decode(data, encoding=encoding)
    yield Document("stdin", text, error)


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip()[:1]
    if first != b"{":
        return False
    try:
        rec = json.loads(data.lstrip().splitlines()[0])
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(rec, dict) and "text" in rec


def count_documents(paths: Iterable[str], *, input_format: str = "auto") -> int | None:
    """How many documents `read_paths` will yield (for a progress bar), or None for stdin.

    Counts files in folders and non-blank lines in JSONL files without parsing them.
    """
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            found = sum(
                1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            total += max(found, 1)
        elif path.is_file() and (
            input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() == ".jsonl")
        ):
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
