"""Loading the rule data for claim types and disputes: `claims.toml`, `disputes.toml` and
`claim_patterns.jsonl` in `rules/`.

Called by `attribution.rules.load_rules`, so these files are validated, overridable with
`--rules DIR` and exported like the others; a broken file is a `RulesError` naming the
file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.ruleset.files import (
    Pattern,
    RulesError,
    exclusive,
    line_of,
    load_patterns,
    read_toml,
    string_list,
)

SPEAKER_CLASSES = (
    "official",
    "document",
    "affiliation",
    "personal",
    "expert",
    "research",
    "media",
    "anonymous",
)
CONTENT_LISTS = (
    "first_person",
    "group_voice",
    "possessive",
    "experience",
    "hardship",
    "intentions",
    "opinions",
    "feelings",
    "feeling_clauses",
    "appeals",
    "choices",
    "hedges",
)
CUE_REASONS = ("denial", "distancing_cue")
WRITER_REASONS = ("fact_check", "distancing_cue")
VERDICT_LISTS = (
    "false",
    "not_true",
    "evidence",
    "prepositions",
    "named",
    "determiners",
    "pronouns",
    "hedges",
)
"""The lists of disputes.toml `[verdict]`: a writer's verdict on a claim it names."""
FIGURE_CONTEST_LISTS = ("adjectives", "nouns")
"""The lists of disputes.toml `[figure_contest]`: a figure given as the right one."""
DIRECTION_LISTS = ("up", "down")
"""The lists of disputes.toml `[direction]`: verbs of an amount going up or down."""
MODIFIER_LISTS = (
    "former",
    "opposed",
    "leadership",
    "gathering",
    "held",
    "generic",
    "bodies",
    "holding",
    "given",
    "leading",
)
PRONOUN_LISTS = ("person", "first_person_speakers")
CLAIM_PATTERN_LABELS = ("NO_EVIDENCE", "FACT_CHECK", "CONTRADICTION", "ANONYMOUS", "POLL_SHARE")


@dataclass(frozen=True)
class ClaimRules:
    """Lexicons and patterns for claim types and disputes; lookups by lowercase lemma."""

    speakers: Mapping[str, str]
    first_person: frozenset[str]
    group_voice: frozenset[str]
    possessive: frozenset[str]
    experience: frozenset[str]
    hardship: frozenset[str]
    intentions: frozenset[str]
    opinions: frozenset[str]
    feelings: frozenset[str]
    feeling_clauses: frozenset[str]
    appeals: frozenset[str]
    choices: frozenset[str]
    hedges: frozenset[str]
    former: frozenset[str]
    opposed: frozenset[str]
    leadership: frozenset[str]
    gathering: frozenset[str]
    held: frozenset[str]
    holding: frozenset[str]
    given: frozenset[str]
    leading: frozenset[str]
    generic: frozenset[str]
    bodies: frozenset[str]
    person_pronouns: frozenset[str]
    first_person_speakers: frozenset[str]
    people: Mapping[str, str]
    dispute_cues: Mapping[str, str]
    writer_words: Mapping[str, str]
    contradiction: tuple[str, ...]
    accusation: frozenset[str]
    directives: frozenset[str]
    claim_nouns: frozenset[str]
    told_nouns: frozenset[str]
    pointers: frozenset[str]
    told_after: frozenset[tuple[str, str]]
    unverified: frozenset[str]
    refusals: frozenset[str]
    verdict: Mapping[str, frozenset[str]]
    figure_contest: Mapping[str, frozenset[str]]
    direction: Mapping[str, frozenset[str]]
    negations: frozenset[str]
    frames: Mapping[str, str]
    patterns: tuple[Pattern, ...]

    def speaker_class(self, word: str) -> str | None:
        return self.speakers.get(word.lower())


def load_claim_rules(paths: Mapping[str, Path]) -> ClaimRules:
    """Read and check the three files, given their resolved paths by file name."""
    speakers, modifiers, lists, pronouns, people = _load_claims(paths["claims.toml"])
    disputes = _load_disputes(paths["disputes.toml"])
    patterns = load_patterns(paths["claim_patterns.jsonl"], CLAIM_PATTERN_LABELS)
    return ClaimRules(
        speakers=speakers,
        first_person=lists["first_person"],
        group_voice=lists["group_voice"],
        possessive=lists["possessive"],
        experience=lists["experience"],
        hardship=lists["hardship"],
        intentions=lists["intentions"],
        opinions=lists["opinions"],
        feelings=lists["feelings"],
        feeling_clauses=lists["feeling_clauses"],
        appeals=lists["appeals"],
        choices=lists["choices"],
        hedges=lists["hedges"],
        former=modifiers["former"],
        opposed=modifiers["opposed"],
        leadership=modifiers["leadership"],
        gathering=modifiers["gathering"],
        held=modifiers["held"],
        holding=modifiers["holding"],
        given=modifiers["given"],
        leading=modifiers["leading"],
        generic=modifiers["generic"],
        bodies=modifiers["bodies"],
        person_pronouns=pronouns["person"],
        first_person_speakers=pronouns["first_person_speakers"],
        people=people,
        patterns=patterns,
        **disputes,
    )


def _table(data: dict[str, Any], key: str, path: Path, raw: str) -> dict[str, Any]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise RulesError(f"{path}:{line_of(raw, '[' + key)}: expected a [{key}] table of lists")
    return table


def _known(table: dict[str, Any], allowed: tuple[str, ...], path: Path, raw: str) -> None:
    for name in table:
        if name not in allowed:
            raise RulesError(
                f"{path}:{line_of(raw, name)}: unknown class '{name}' "
                f"(expected one of {', '.join(allowed)})"
            )


def _classed(table: dict[str, Any], path: Path, raw: str) -> dict[str, str]:
    entries = [
        (word, name)
        for name, words in table.items()
        for word in string_list(words, path, raw, name)
    ]
    return exclusive(entries, path, raw)


def _load_claims(
    path: Path,
) -> tuple[
    dict[str, str],
    dict[str, frozenset[str]],
    dict[str, frozenset[str]],
    dict[str, frozenset[str]],
    dict[str, str],
]:
    data, raw = read_toml(path)
    speakers = _table(data, "speakers", path, raw)
    _known(speakers, SPEAKER_CLASSES, path, raw)
    classed = _classed(speakers, path, raw)
    modifiers = _table(data, "modifiers", path, raw)
    _known(modifiers, MODIFIER_LISTS, path, raw)
    content = _table(data, "content", path, raw)
    _known(content, CONTENT_LISTS, path, raw)
    lists = {
        name: frozenset(string_list(content.get(name, []), path, raw, name))
        for name in CONTENT_LISTS
    }
    mods = {
        name: frozenset(string_list(modifiers.get(name, []), path, raw, name))
        for name in MODIFIER_LISTS
    }
    people = _people(data, path, raw)
    pronouns = _table(data, "pronouns", path, raw)
    _known(pronouns, PRONOUN_LISTS, path, raw)
    prons = {
        name: frozenset(string_list(pronouns.get(name, []), path, raw, name))
        for name in PRONOUN_LISTS
    }
    return classed, mods, lists, prons, people


def _people(data: dict[str, Any], path: Path, raw: str) -> dict[str, str]:
    """The optional [people] table: full names (lowercase, single spaces) -> class."""
    table = data.get("people", {})
    if not isinstance(table, dict):
        raise RulesError(f"{path}:{line_of(raw, '[people')}: expected a [people] table of lists")
    _known(table, SPEAKER_CLASSES, path, raw)
    people = _classed(table, path, raw)
    for name in people:
        if len(name.split()) < 2:
            raise RulesError(
                f"{path}:{line_of(raw.lower(), name)}: '{name}' in [people] is not a full name"
            )
    return {" ".join(name.lower().split()): cls for name, cls in people.items()}


def _load_disputes(path: Path) -> dict[str, Any]:
    """The `ClaimRules` fields that disputes.toml gives, by name."""
    data, raw = read_toml(path)
    cues = _table(data, "cues", path, raw)
    _known(cues, CUE_REASONS, path, raw)
    writer = _table(data, "writer", path, raw)
    _known(writer, WRITER_REASONS, path, raw)
    return {
        "dispute_cues": _classed(cues, path, raw),
        "writer_words": _classed(writer, path, raw),
        "contradiction": tuple(_words(data, "contradiction", path, raw)),
        "accusation": frozenset(_words(data, "accusation", path, raw)),
        "directives": frozenset(_words(data, "directives", path, raw)),
        "claim_nouns": frozenset(_words(data, "claim_nouns", path, raw)),
        "told_nouns": frozenset(_words(data, "told", path, raw)),
        "pointers": frozenset(_words(data, "pointers", path, raw)),
        "told_after": _pairs(_words(data, "told_after", path, raw), "told_after", path, raw),
        "unverified": frozenset(_words(data, "unverified", path, raw)),
        "refusals": frozenset(_words(data, "refusals", path, raw)),
        "verdict": _lists(_table(data, "verdict", path, raw), VERDICT_LISTS, path, raw),
        "figure_contest": _lists(
            _table(data, "figure_contest", path, raw), FIGURE_CONTEST_LISTS, path, raw
        ),
        "direction": _lists(_table(data, "direction", path, raw), DIRECTION_LISTS, path, raw),
        "negations": frozenset(_words(data, "negation", path, raw)),
        "frames": _classed(_table(data, "clash", path, raw), path, raw),
    }


def _lists(
    table: dict[str, Any], names: tuple[str, ...], path: Path, raw: str
) -> dict[str, frozenset[str]]:
    """A table of exactly the word lists `names`, each as a set of words."""
    _known(table, names, path, raw)
    for name in names:
        if name not in table:
            raise RulesError(f"{path}:{line_of(raw, '[')}: missing list '{name}'")
    return {name: frozenset(string_list(table[name], path, raw, name)) for name in names}


def _pairs(words: list[str], key: str, path: Path, raw: str) -> frozenset[tuple[str, str]]:
    """Entries of two words (`"report report"`: a noun and a cue lemma), split once here."""
    pairs = [tuple(entry.split()) for entry in words]
    for entry, pair in zip(words, pairs, strict=True):
        if len(pair) != 2:
            start = max(raw.find(f"[{key}]"), 0)  # the entry's line within its own table
            line = raw.count("\n", 0, start) + line_of(raw[start:], f'"{entry}"')
            raise RulesError(f"{path}:{line}: [{key}] '{entry}' is not two words")
    return frozenset((noun, verb) for noun, verb in pairs)


def _words(data: dict[str, Any], key: str, path: Path, raw: str) -> list[str]:
    table = _table(data, key, path, raw)
    _known(table, ("words",), path, raw)
    return string_list(table["words"], path, raw, "words")
