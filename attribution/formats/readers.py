"""Reading articles from files, folders, JSONL and stdin.

Readers never raise for one bad article: they yield a `Document` carrying the error, so
the batch goes on and the output says what went wrong where.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from attribution.schema import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def codec_for(data: bytes, encoding: str = "utf-8") -> str:
    """The codec to read `data` with: the one its byte-order mark names (UTF-8, UTF-16
    or UTF-32, LE or BE), else `encoding` (UTF-8 with an optional BOM)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _utf16_hint(sample: bytes) -> str | None:
    """What to pass for UTF-16 without a byte-order mark (English text is one NUL byte in
    every pair, after each letter or before it), or None for other bytes."""
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    for order, nuls in (("le", sample[1::2]), ("be", sample[0::2])):
        if nuls.count(0) >= pairs * 0.9:
            return (
                "binary file: not text (UTF-16 without a byte-order mark? "
                f"pass --encoding utf-16-{order})"
            )
    return None


def decode(data: bytes, *, encoding: str = "utf-8") -> tuple[str | None, str | None]:
    """Text from bytes, or an error saying why the bytes are not readable text.

    A byte-order mark wins over `encoding`. NUL and control bytes are looked for in the
    decoded text, so UTF-16 (which is full of NUL bytes) reads as the text it is.
    """
    codec = codec_for(data, encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        sample = data[:4096]
        if b"\x00" in sample or sum(b in CONTROL for b in sample) > len(sample) * 0.05:
            return None, _utf16_hint(sample) or "binary file: not text"
        return None, (
            f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
            "pass --encoding (e.g. --encoding cp1252) or convert the file to UTF-8"
        )
    except LookupError:
        return None, f"unknown encoding '{encoding}'"
    if not text.strip():
        return None, "empty article: the file has no text"
    head = text[:4096]
    if "\x00" in head or sum(ord(c) in CONTROL for c in head) > len(head) * 0.05:
        return None, _utf16_hint(data[:4096]) or "binary file: not text"
    return text, None


def read_paths(
    paths: Iterable[str], *, encoding: str = "utf-8", input_format: str = "auto"
) -> Iterator[Document]:
    """Documents from each path: a text file, a folder of them, a JSONL file, or `-`.

    A text file's id is its name without suffix (in a folder, its path from the folder),
    made unique within the run by `file_ids`; ids written in JSONL are kept as given.
    """
    used: set[str] = set()
    for raw in paths:
        if raw == "-":
            docs: Iterable[Document] = _read_stdin(encoding, input_format)
        else:
            docs = _read_path(Path(raw), encoding, input_format, used)
        for doc in docs:
            used.add(doc.id)
            yield doc


def _read_path(path: Path, encoding: str, input_format: str, used: set[str]) -> Iterator[Document]:
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
        )
        if not files:
            yield Document(str(path), None, f"no .txt files in folder {path}")
        names = [f.relative_to(path).as_posix() for f in files]
        for f, doc_id in zip(files, file_ids(names, used), strict=True):
            yield _read_text_file(f, doc_id, encoding)
    elif not path.exists():
        yield Document(str(path), None, f"no such file: {path}")
    elif input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() == ".jsonl"):
        yield from _read_jsonl_file(path, encoding)
    else:
        (doc_id,) = file_ids([path.name], used)
        yield _read_text_file(path, doc_id, encoding)


def file_ids(names: Sequence[str], used: Collection[str] = ()) -> list[str]:
    """Unique article ids for files named `names` (relative paths with suffixes): the one
    rule that makes file ids unique, so every output format names an article alike.

    A file's id is its name without the suffix (`story.txt` → `story`). Files that share
    that stem keep their suffix (`story.md`, `story.txt`), and an id already in `used`
    (taken by an earlier path of the run) gets `-2`, `-3`, ... (`story-2`).
    """
    stems = [PurePosixPath(n).with_suffix("").as_posix() for n in names]
    shared = {s for s, n in Counter(stems).items() if n > 1}
    taken = set(used)
    out = []
    for name, stem in zip(names, stems, strict=True):
        base = name if stem in shared else stem
        doc_id, n = base, 1
        while doc_id in taken:
            n += 1
            doc_id = f"{base}-{n}"
        taken.add(doc_id)
        out.append(doc_id)
    return out


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
        head = handle.read(4)
        handle.seek(0)
        codec = codec_for(head, encoding)
        if codec.startswith(("utf-16", "utf-32")):  # lines cannot be split as bytes
            yield from _read_wide_jsonl(handle.read(), path.stem, codec)
            return
        yield from read_jsonl_lines(handle, path.stem, codec)


def _read_wide_jsonl(data: bytes, stem: str, codec: str) -> Iterator[Document]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        yield Document(
            stem, None, f"not valid {codec}: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        )
        return
    lines = (line.encode("utf-8", "surrogatepass") for line in text.splitlines())
    yield from read_jsonl_lines(lines, stem, "utf-8")


def read_jsonl_lines(
    lines: Iterable[bytes], stem: str, encoding: str = "utf-8", *, first_line: int = 1
) -> Iterator[Document]:
    """Documents from JSONL lines of `{"id", "text"}`; a bad line is one error document.

    `first_line` numbers the first line (a partition of a file starts mid-file).
    """
    codec = codec_for(b"", encoding)  # UTF-8 with or without a BOM on its first line
    for no, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        fallback = f"{stem}:{no}"
        try:
            rec = json.loads(line.decode(codec))
        except UnicodeDecodeError:
            yield Document(fallback, None, f"line {no}: not valid {encoding}")
            continue
        except json.JSONDecodeError as exc:
            yield Document(fallback, None, f"line {no}: invalid JSON ({json_error(exc)})")
            continue
        if not isinstance(rec, dict):
            yield Document(
                fallback, None, f"line {no}: expected a JSON object with 'id' and 'text'"
            )
            continue
        doc_id = _id(rec.get("id", fallback))
        if doc_id is None:
            kind = type(rec["id"]).__name__.replace("NoneType", "null")
            yield Document(
                fallback, None, f"line {no}: 'id' must be a string or a number, not {kind}"
            )
            continue
        text = rec.get("text")
        if not isinstance(text, str):
            yield Document(doc_id, None, f"line {no}: 'text' is missing or not a string")
            continue
        yield Document(doc_id, text)


def json_error(exc: json.JSONDecodeError) -> str:
    """A JSON error in words, with its column: 'Unterminated string starting at column 9'
    (Python's message ends in 'at' for some errors; the column follows it once)."""
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def _id(value: object) -> str | None:
    """An article id as written: a string, or a number's JSON text; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    return None


def _read_stdin(encoding: str, input_format: str) -> Iterator[Document]:
    data = sys.stdin.buffer.read()
    codec = codec_for(data, encoding)
    wide = codec.startswith(("utf-16", "utf-32"))
    if input_format == "jsonl" or (input_format == "auto" and _looks_like_jsonl(data, codec)):
        if wide:
            yield from _read_wide_jsonl(data, "stdin", codec)
        else:
            yield from read_jsonl_lines(data.splitlines(), "stdin", codec)
        return
    text, error = decode(data, encoding=encoding)
    yield Document("stdin", text, error)


def _looks_like_jsonl(data: bytes, codec: str) -> bool:
    """Input whose first visible character is `{` is JSONL (no article starts so), so a
    first line that is cut or mistyped is that line's error, not an article's text."""
    try:
        head = data[:64].decode(codec, errors="ignore")
    except LookupError:
        return False
    return head.lstrip("\ufeff \t\r\n")[:1] == "{"


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
