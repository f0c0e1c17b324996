"""Loading the human-editable rule data in `rules/`: lexicons (TOML) and patterns (JSONL).

Rules are data so that a newsroom can add a cue word or a title without touching code.
They are validated on load; a broken file gives a `RulesError` naming the file and line.
A user's folder (`--rules DIR`) overrides the bundled files of the same name.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attribution.resources import PACKAGE, bundled_dir

if TYPE_CHECKING:
    from attribution.ruleset.claims import ClaimRules

RULE_FILES = (
    "cues.toml",
    "quotemarks.toml",
    "titles.toml",
    "names.toml",
    "speakers.toml",
    "decisions.toml",
    "patterns.jsonl",
    "claims.toml",
    "disputes.toml",
    "claim_patterns.jsonl",
)

PATTERN_LABELS = ("CUE_PREP", "SCARE")
LEVELS = ("double", "single")


class RulesError(ValueError):
    """A rules file is missing or malformed; the message starts with `file:line:`."""


@dataclass(frozen=True)
class QuotePair:
    open: str
    close: str
    level: str


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    pattern: list[dict[str, Any]]
    source: str


@dataclass(frozen=True)
class Decisions:
    """Rules-only acceptance: confidence = rule base x cue-class factor >= threshold."""

    threshold: float
    min_content_words: int
    rule_base: Mapping[str, float]
    class_factor: Mapping[str, float]
    kind_factor: Mapping[str, float]

    def confidence(self, rule_id: str, cue_class: str) -> float:
        return self.rule_base.get(rule_id, 0.0) * self.class_factor.get(cue_class, 0.0)


@dataclass(frozen=True)
class Rules:
    """All rule data, loaded once. Lookups are by lowercase lemma or word."""

    cues: Mapping[str, str]
    quote_pairs: tuple[QuotePair, ...]
    titles: Mapping[str, str]
    given_names: Mapping[str, str]
    speaker_nouns: Mapping[str, str]
    pronouns: Mapping[str, str]
    patterns: tuple[Pattern, ...]
    decisions: Decisions
    claims: ClaimRules
    sources: tuple[str, ...] = field(default=())

    def cue_class(self, lemma: str) -> str | None:
        return self.cues.get(lemma.lower())


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (installed wheel) or beside it (checkout)."""
    found = bundled_dir("rules", "cues.toml")
    if found is None:
        raise RulesError(f"{PACKAGE}: the bundled rules folder is missing; reinstall attribution")
    return found


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` in `text` (1 if absent)."""
    idx = text.find(needle)
    return 1 if idx < 0 else text.count("\n", 0, idx) + 1


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
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


def _string_list(value: Any, path: Path, raw: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(
            f"{path}:{_line_of(raw, key)}: '{key}' must be a list of non-empty strings"
        )
    return [v.strip().lower() for v in value]


def _exclusive(entries: Iterable[tuple[str, str]], path: Path, raw: str) -> dict[str, str]:
    """Word -> class, refusing a word listed under two classes."""
    out: dict[str, str] = {}
    for word, cls in entries:
        if word in out and out[word] != cls:
            raise RulesError(
                f'{path}:{_nth_line(raw, chr(34) + word + chr(34), 1)}: "{word}" is listed both '
                f"under '{out[word]}' and '{cls}'; a word belongs to one class"
            )
        out[word] = cls
    return out


def _load_cues(path: Path) -> dict[str, str]:
    data, raw = _read_toml(path)
    classes = data.get("classes")
    if not isinstance(classes, dict) or not classes:
        raise RulesError(f"{path}:1: expected [classes.NAME] tables with a 'lemmas' list")
    entries: list[tuple[str, str]] = []
    for name, table in classes.items():
        if not isinstance(table, dict) or "lemmas" not in table:
            raise RulesError(f"{path}:{_line_of(raw, name)}: class '{name}' needs a 'lemmas' list")
        entries += [(w, name) for w in _string_list(table["lemmas"], path, raw, "lemmas")]
    return _exclusive(entries, path, raw)


def _load_quote_pairs(path: Path) -> tuple[QuotePair, ...]:
    data, raw = _read_toml(path)
    pairs = data.get("pair")
    if not isinstance(pairs, list) or not pairs:
        raise RulesError(f"{path}:1: expected [[pair]] tables with open, close and level")
    out = []
    for i, pair in enumerate(pairs):
        line = _nth_line(raw, "[[pair]]", i)
        if not isinstance(pair, dict):
            raise RulesError(f"{path}:{line}: a [[pair]] must be a table")
        for key in ("open", "close"):
            mark = pair.get(key)
            if not isinstance(mark, str) or not 1 <= len(mark) <= 2 or mark.strip() != mark:
                raise RulesError(f"{path}:{line}: '{key}' must be one or two mark characters")
        level = pair.get("level", "double")
        if level not in LEVELS:
            raise RulesError(f"{path}:{line}: 'level' must be one of {', '.join(LEVELS)}")
        out.append(QuotePair(pair["open"], pair["close"], level))
    return tuple(out)


def _nth_line(raw: str, needle: str, n: int) -> int:
    idx = -1
    for _ in range(n + 1):
        idx = raw.find(needle, idx + 1)
        if idx < 0:
            return 1
    return raw.count("\n", 0, idx) + 1


def _load_titles(path: Path) -> dict[str, str]:
    data, raw = _read_toml(path)
    gendered = data.get("gendered", {})
    neutral = data.get("neutral", {})
    if not isinstance(gendered, dict) or not isinstance(neutral, dict):
        raise RulesError(f"{path}:1: expected [gendered] and [neutral] tables")
    entries: list[tuple[str, str]] = []
    for gender in ("male", "female"):
        if gender in gendered:
            entries += [(w, gender) for w in _string_list(gendered[gender], path, raw, gender)]
    unknown = set(gendered) - {"male", "female"}
    if unknown:
        key = sorted(unknown)[0]
        raise RulesError(f"{path}:{_line_of(raw, key)}: unknown gender '{key}' (male, female)")
    entries += [(w, "") for w in _string_list(neutral.get("titles", []), path, raw, "titles")]
    return _exclusive(entries, path, raw)


def _load_names(path: Path) -> dict[str, str]:
    data, raw = _read_toml(path)
    given = data.get("given")
    if not isinstance(given, dict):
        raise RulesError(f"{path}:1: expected a [given] table with 'female' and 'male' lists")
    entries: list[tuple[str, str]] = []
    for gender, names in given.items():
        if gender not in ("male", "female"):
            raise RulesError(
                f"{path}:{_line_of(raw, gender)}: unknown gender '{gender}' (male, female)"
            )
        entries += [(w, gender) for w in _string_list(names, path, raw, gender)]
    return _exclusive(entries, path, raw)


def _load_speakers(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    data, raw = _read_toml(path)
    nouns, pronouns = data.get("nouns"), data.get("pronouns")
    if not isinstance(nouns, dict) or not isinstance(pronouns, dict):
        raise RulesError(f"{path}:1: expected [nouns] and [pronouns] tables")
    noun_entries = [
        (w, cat) for cat, words in nouns.items() for w in _string_list(words, path, raw, cat)
    ]
    pron_entries = [
        (w, cat) for cat, words in pronouns.items() for w in _string_list(words, path, raw, cat)
    ]
    return _exclusive(noun_entries, path, raw), _exclusive(pron_entries, path, raw)


def _load_decisions(path: Path) -> Decisions:
    data, raw = _read_toml(path)
    tables = {}
    for key in ("rule_base", "class_factor", "kind_factor"):
        table = data.get(key)
        if not isinstance(table, dict):
            raise RulesError(f"{path}:1: expected a [{key}] table of numbers")
        tables[key] = {k: _unit(v, path, raw, k) for k, v in table.items()}
    min_words = data.get("min_content_words", 2)
    if not isinstance(min_words, int) or min_words < 0:
        line = _line_of(raw, "min_content_words")
        raise RulesError(f"{path}:{line}: 'min_content_words' must be a whole number")
    return Decisions(
        threshold=_unit(data.get("threshold", 0.5), path, raw, "threshold"),
        min_content_words=min_words,
        **tables,
    )


def _unit(value: Any, path: Path, raw: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RulesError(f"{path}:{_line_of(raw, key)}: '{key}' must be a number from 0 to 1")
    return float(value)


def _load_patterns(path: Path, labels: tuple[str, ...] = PATTERN_LABELS) -> tuple[Pattern, ...]:
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
        _check_token_pattern(pattern, path, no)
        seen.add(pid)
        out.append(Pattern(pid, label, pattern, f"{path}:{no}"))
    return tuple(out)


def _check_token_pattern(pattern: list[dict[str, Any]], path: Path, no: int) -> None:
    """Validate one Matcher pattern with spaCy's own schema, naming the line on failure."""
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(pattern)
    if errors:
        raise RulesError(f"{path}:{no}: invalid spaCy token pattern: {errors[0]}")


def _resolve(name: str, user_dir: Path | None) -> Path:
    if user_dir is not None and (user_dir / name).is_file():
        return user_dir / name
    return bundled_rules_dir() / name


def load_rules(user_dir: str | Path | None = None) -> Rules:
    """Load and validate the rules; files in `user_dir` replace the bundled ones."""
    folder = None if user_dir is None else Path(user_dir).expanduser().resolve()
    return _load_rules_cached(folder)


@lru_cache(maxsize=8)
def _load_rules_cached(folder: Path | None) -> Rules:
    if folder is not None and not folder.is_dir():
        raise RulesError(f"{folder}:1: the rules folder does not exist")
    from attribution.ruleset.claims import load_claim_rules

    paths = {name: _resolve(name, folder) for name in RULE_FILES}
    nouns, pronouns = _load_speakers(paths["speakers.toml"])
    return Rules(
        cues=_load_cues(paths["cues.toml"]),
        quote_pairs=_load_quote_pairs(paths["quotemarks.toml"]),
        titles=_load_titles(paths["titles.toml"]),
        given_names=_load_names(paths["names.toml"]),
        speaker_nouns=nouns,
        pronouns=pronouns,
        patterns=_load_patterns(paths["patterns.jsonl"]),
        decisions=_load_decisions(paths["decisions.toml"]),
        claims=load_claim_rules(paths),
        sources=tuple(str(p) for p in paths.values()),
    )
