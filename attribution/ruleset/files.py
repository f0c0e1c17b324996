"""Reading rule files: TOML and spaCy JSONL, with errors that name the file and line.

Shared by the loaders of `attribution.ruleset`; every failure is a `RulesError` whose
message starts with `file:line:`.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class RulesError(ValueError):
    """A rules file is missing or malformed; the message starts with `file:line:`."""


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    pattern: list[dict[str, Any]]
    source: str


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` in `text` (1 if absent)."""
    idx = text.find(needle)
    return 1 if idx < 0 else text.count("\n", 0, idx) + 1


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}:1: cannot read: {exc}") from None
    try:
        return tomllib.loads(raw), raw
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = m.group(1) if m else "1"
        raise RulesError(f"{path}:{line}: invalid TOML: {exc}") from None


def string_list(value: Any, path: Path, raw: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{path}:{line_of(raw, key)}: '{key}' must be a list of non-empty strings")
    return [v.strip().lower() for v in value]


def word_lists(
    data: dict[str, Any], table: str, names: tuple[str, ...], path: Path, raw: str
) -> dict[str, tuple[str, ...]]:
    """The lists `names` of the TOML table `[table]`, each one required, in file order;
    another key in the table is an error."""
    found = data.get(table)
    where = f"{path}:{line_of(raw, '[' + table + ']')}"
    if not isinstance(found, dict):
        raise RulesError(f"{where}: expected a [{table}] table with {', '.join(names)}")
    for key in found:
        if key not in names:
            raise RulesError(
                f"{path}:{line_of(raw, key)}: unknown list '{key}' in [{table}] "
                f"(expected {', '.join(names)})"
            )
    for name in names:
        if name not in found:
            raise RulesError(f"{where}: [{table}] needs a '{name}' list")
    return {name: tuple(string_list(found[name], path, raw, name)) for name in names}


def exclusive(entries: Iterable[tuple[str, str]], path: Path, raw: str) -> dict[str, str]:
    """Word -> class, refusing a word listed under two classes."""
    out: dict[str, str] = {}
    for word, cls in entries:
        if word in out and out[word] != cls:
            raise RulesError(
                f'{path}:{nth_line(raw, chr(34) + word + chr(34), 1)}: "{word}" is listed both '
                f"under '{out[word]}' and '{cls}'; a word belongs to one class"
            )
        out[word] = cls
    return out


def nth_line(raw: str, needle: str, n: int) -> int:
    idx = -1
    for _ in range(n + 1):
        idx = raw.find(needle, idx + 1)
        if idx < 0:
            return 1
    return raw.count("\n", 0, idx) + 1


def unit(value: Any, path: Path, raw: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RulesError(f"{path}:{line_of(raw, key)}: '{key}' must be a number from 0 to 1")
    return float(value)


def load_patterns(path: Path, labels: tuple[str, ...]) -> tuple[Pattern, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}:1: cannot read: {exc}") from None
    out: list[Pattern] = []
    seen: set[str] = set()
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RulesError(f"{path}:{no}: invalid JSON: {exc.msg}") from None
        if not isinstance(rec, dict):
            raise RulesError(f"{path}:{no}: each line must be a JSON object")
        pid, label, pattern = rec.get("id"), rec.get("label"), rec.get("pattern")
        if not isinstance(pid, str) or not pid:
            raise RulesError(f"{path}:{no}: every pattern needs a string 'id'")
        if pid in seen:
            raise RulesError(f"{path}:{no}: duplicate pattern id '{pid}'")
        if label not in labels:
            raise RulesError(f"{path}:{no}: 'label' must be one of {', '.join(labels)}")
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(t, dict) for t in pattern)
        ):
            raise RulesError(f"{path}:{no}: 'pattern' must be a non-empty list of token objects")
        check_token_pattern(pattern, path, no)
        seen.add(pid)
        out.append(Pattern(pid, label, pattern, f"{path}:{no}"))
    return tuple(out)


def check_token_pattern(pattern: list[dict[str, Any]], path: Path, no: int) -> None:
    """Validate one Matcher pattern with spaCy's own schema, compile its regular
    expressions, and build it into a Matcher, naming the line on failure: a pattern
    that passes cannot stop an analysis later."""
    from spacy.matcher import Matcher
    from spacy.schemas import validate_token_pattern
    from spacy.vocab import Vocab

    errors = validate_token_pattern(pattern)
    if errors:
        raise RulesError(f"{path}:{no}: invalid spaCy token pattern: {errors[0]}")
    for attr, expression in regexes(pattern):
        try:
            re.compile(expression)
        except re.error as exc:
            raise RulesError(
                f"{path}:{no}: invalid regular expression {expression!r} for {attr}: {exc}"
            ) from None
    try:
        Matcher(Vocab()).add("check", [pattern])
    except Exception as exc:  # spaCy raises several kinds for a pattern it cannot match
        raise RulesError(f"{path}:{no}: spaCy cannot match this pattern: {exc}") from None


def regexes(value: Any, attr: str = "") -> list[tuple[str, str]]:
    """Every `{"REGEX": ...}` of a token pattern, with the attribute it tests."""
    if isinstance(value, list):
        return [found for item in value for found in regexes(item, attr)]
    if not isinstance(value, dict):
        return []
    out = []
    for key, inner in value.items():
        if key == "REGEX" and isinstance(inner, str):
            out.append((attr, inner))
        else:
            out += regexes(inner, key if key != "_" else attr)
    return out
