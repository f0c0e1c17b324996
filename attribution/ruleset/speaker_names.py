"""The speaker-name rules (`rules/speaker_names.toml`): what a speaker's name is not.

Epithets written before a name, focusing adverbs before a nominal (`Even those`),
headline verbs that end a title-case name, column headers that are never a speaker,
kickers that are no speaker label (`Review:`), the nouns of recordings and posts whose
maker speaks the quote that follows, the determiners of a nominal that refers back, and
the words that make a role another one.
Validated on load; errors name the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attribution.ruleset.files import RulesError, line_of, read_toml, string_list

TABLES = {
    "epithets": "words",
    "focus_words": "words",
    "headline_verbs": "words",
    "column_headers": "phrases",
    "kickers": "words",
    "recordings": "words",
    "statements": "words",
    "definite": "words",
    "role_modifiers": "words",
}
MAPS = ("title_roles", "body_roles")


@dataclass(frozen=True)
class NameRules:
    """Lowercase words and phrases that keep headline and epithet words out of names."""

    epithets: frozenset[str] = frozenset()
    focus_words: frozenset[str] = frozenset()
    headline_verbs: frozenset[str] = frozenset()
    column_headers: frozenset[str] = frozenset()
    kickers: frozenset[str] = frozenset()
    recordings: frozenset[str] = frozenset()
    statements: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()
    role_modifiers: frozenset[str] = frozenset()
    title_roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    body_roles: Mapping[str, frozenset[str]] = field(default_factory=dict)


def load_name_rules(path: Path) -> NameRules:
    """Read and validate `speaker_names.toml`: each table holds one list of strings."""
    data, raw = read_toml(path)
    unknown = sorted(set(data) - set(TABLES) - set(MAPS))
    if unknown:
        known = ", ".join([*TABLES, *MAPS])
        raise RulesError(
            f"{path}:{line_of(raw, unknown[0])}: unknown table '{unknown[0]}' ({known})"
        )
    found: dict[str, frozenset[str]] = {}
    for table, key in TABLES.items():
        found[table] = frozenset(_entries(data, table, key, path, raw))
    return NameRules(
        **found,
        title_roles=_word_map(data, "title_roles", path, raw),
        body_roles=_word_map(data, "body_roles", path, raw),
    )


def _word_map(data: dict[str, Any], name: str, path: Path, raw: str) -> dict[str, frozenset[str]]:
    """An optional table of word -> words: [title_roles], a title (`rep`) -> the role
    nouns it stands for; [body_roles], a body's role noun (`maker`) -> the nouns that
    refer back to it (`company`)."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise RulesError(f"{path}:{line_of(raw, name)}: expected a [{name}] table")
    return {
        word.lower().rstrip("."): frozenset(string_list(words, path, raw, word))
        for word, words in table.items()
    }


def _entries(data: dict[str, Any], table: str, key: str, path: Path, raw: str) -> list[str]:
    section = data.get(table, {})
    if not isinstance(section, dict):
        raise RulesError(f"{path}:{line_of(raw, table)}: expected a [{table}] table")
    extra = sorted(set(section) - {key})
    if extra:
        raise RulesError(
            f"{path}:{line_of(raw, extra[0])}: unknown key '{extra[0]}' in [{table}] ({key})"
        )
    words = string_list(section.get(key, []), path, raw, key)
    return [" ".join(w.split()) for w in words]
