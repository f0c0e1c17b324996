"""Loading the human-editable rule data in `rules/`: lexicons (TOML) and patterns (JSONL).

Rules are data so that a newsroom can add a cue word or a title without touching code.
They are validated on load; a broken file gives a `RulesError` naming the file and line.
A user's folder (`--rules DIR`) overrides the bundled files of the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from attribution.resources import PACKAGE, bundled_dir
from attribution.ruleset.agreement import check_agreement
from attribution.ruleset.claims import ClaimRules, load_claim_rules
from attribution.ruleset.files import (
    Pattern,
    RulesError,
    exclusive,
    line_of,
    load_patterns,
    nth_line,
    read_toml,
    string_list,
    unit,
    word_lists,
)
from attribution.ruleset.speaker_names import NameRules, load_name_rules

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
    "speaker_names.toml",
)

PATTERN_LABELS = ("CUE_PREP", "SCARE")
LEVELS = ("double", "single")


@dataclass(frozen=True)
class QuotePair:
    open: str
    close: str
    level: str


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
class Names:
    """`names.toml`: given names by gender, generational suffixes, and the words
    `attribution evaluate` leaves out when it compares two names."""

    given: Mapping[str, str]
    suffixes: frozenset[str]
    ignored_in_comparison: frozenset[str]
    pronouns_in_comparison: frozenset[str]
    name_goes_on: frozenset[str]


@dataclass(frozen=True)
class WordSets:
    """The `[word_sets]` of `speakers.toml` and the `[objects]`, `[clauses]`, `[nouns]` and
    `[predicates]` of `cues.toml`."""

    not_third_person: frozenset[str]
    first_person: tuple[str, ...]
    unlikely_speakers: frozenset[str]
    object_prepositions: frozenset[str]
    after_object: frozenset[str]
    empty_determiners: frozenset[str] = frozenset()
    question_marks: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    perception: frozenset[str] = frozenset()
    addressed: frozenset[str] = frozenset()
    reader: frozenset[str] = frozenset()
    cue_nouns: frozenset[str] = frozenset()
    noun_prepositions: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    predicate_prepositions: frozenset[str] = frozenset()
    issuer_prepositions: frozenset[str] = frozenset()
    issuing_verbs: frozenset[str] = frozenset()
    owner_prepositions: frozenset[str] = frozenset()
    as_source_verbs: frozenset[str] = frozenset()
    participle_doer_prepositions: frozenset[str] = frozenset()
    infinitive_doer_prepositions: frozenset[str] = frozenset()
    object_doer_verbs: frozenset[str] = frozenset()
    passive_holders: frozenset[str] = frozenset()
    male_nouns: frozenset[str] = frozenset()
    female_nouns: frozenset[str] = frozenset()
    quantity_words: frozenset[str] = frozenset()
    group_companions: frozenset[str] = frozenset()
    partitives: frozenset[str] = frozenset()
    self_references: frozenset[str] = frozenset()
    self_reference_determiners: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """All rule data, loaded once. Lookups are by lowercase lemma or word."""

    cues: Mapping[str, str]
    quote_pairs: tuple[QuotePair, ...]
    titles: Mapping[str, str]
    given_names: Mapping[str, str]
    name_suffixes: frozenset[str]
    speaker_nouns: Mapping[str, str]
    pronouns: Mapping[str, str]
    words: WordSets
    patterns: tuple[Pattern, ...]
    decisions: Decisions
    claims: ClaimRules
    sources: tuple[str, ...] = field(default=())
    names: NameRules = field(default_factory=NameRules)

    def cue_class(self, lemma: str) -> str | None:
        return self.cues.get(lemma.lower())

    def speaks_itself(self, lemma: str) -> bool:
        """A speaker noun of `speakers.toml` other than a document (`aides`, `the
        ministry`, `sources`, `the paper`): its words are its own, where a document's
        (`the statement`) are those of whoever issued it. `lemma` lowercase."""
        return self.speaker_nouns.get(lemma) not in (None, "document")

    def person_or_body(self, lemma: str) -> bool:
        """A person or body noun of `speakers.toml` (`aides`, `the campaign`): someone who
        acts, not a document, an outlet or an anonymous source. `lemma` lowercase."""
        return self.speaker_nouns.get(lemma) in ("person", "body")

    def pronouns_of(self, category: str) -> frozenset[str]:
        """The pronouns of one class of `speakers.toml` (`male`, `plural`, ...)."""
        return frozenset(w for w, c in self.pronouns.items() if c == category)


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (installed wheel) or beside it (checkout)."""
    found = bundled_dir("rules", "cues.toml")
    if found is None:
        raise RulesError(f"{PACKAGE}: the bundled rules folder is missing; reinstall attribution")
    return found


def _load_cues(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """Lemma -> class, and the class names (a class may list no lemma)."""
    data, raw = read_toml(path)
    classes = data.get("classes")
    if not isinstance(classes, dict) or not classes:
        raise RulesError(f"{path}:1: expected [classes.NAME] tables with a 'lemmas' list")
    entries: list[tuple[str, str]] = []
    for name, table in classes.items():
        if not isinstance(table, dict) or "lemmas" not in table:
            raise RulesError(f"{path}:{line_of(raw, name)}: class '{name}' needs a 'lemmas' list")
        entries += [(w, name) for w in string_list(table["lemmas"], path, raw, "lemmas")]
    return exclusive(entries, path, raw), tuple(classes)


def _load_quote_pairs(path: Path) -> tuple[QuotePair, ...]:
    data, raw = read_toml(path)
    pairs = data.get("pair")
    if not isinstance(pairs, list) or not pairs:
        raise RulesError(f"{path}:1: expected [[pair]] tables with open, close and level")
    out = []
    for i, pair in enumerate(pairs):
        line = nth_line(raw, "[[pair]]", i)
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


def _load_titles(path: Path) -> dict[str, str]:
    data, raw = read_toml(path)
    gendered = data.get("gendered", {})
    neutral = data.get("neutral", {})
    if not isinstance(gendered, dict) or not isinstance(neutral, dict):
        raise RulesError(f"{path}:1: expected [gendered] and [neutral] tables")
    entries: list[tuple[str, str]] = []
    for gender in ("male", "female"):
        if gender in gendered:
            entries += [(w, gender) for w in string_list(gendered[gender], path, raw, gender)]
    unknown = set(gendered) - {"male", "female"}
    if unknown:
        key = sorted(unknown)[0]
        raise RulesError(f"{path}:{line_of(raw, key)}: unknown gender '{key}' (male, female)")
    entries += [(w, "") for w in string_list(neutral.get("titles", []), path, raw, "titles")]
    return exclusive(entries, path, raw)


def _load_names(path: Path) -> Names:
    data, raw = read_toml(path)
    given = data.get("given")
    if not isinstance(given, dict):
        raise RulesError(f"{path}:1: expected a [given] table with 'female' and 'male' lists")
    entries: list[tuple[str, str]] = []
    for gender, names in given.items():
        if gender not in ("male", "female"):
            raise RulesError(
                f"{path}:{line_of(raw, gender)}: unknown gender '{gender}' (male, female)"
            )
        entries += [(w, gender) for w in string_list(names, path, raw, gender)]
    suffixes = word_lists(data, "suffixes", ("generational",), path, raw)
    comparison = word_lists(data, "comparison", ("ignored", "pronouns", "name_goes_on"), path, raw)
    return Names(
        given=exclusive(entries, path, raw),
        suffixes=frozenset(suffixes["generational"]),
        ignored_in_comparison=frozenset(comparison["ignored"]),
        pronouns_in_comparison=frozenset(comparison["pronouns"]),
        name_goes_on=frozenset(comparison["name_goes_on"]),
    )


def load_names(user_dir: str | Path | None = None) -> Names:
    """`names.toml` alone (a user's in `user_dir`, else the bundled one), without the
    rest of the rules: evaluation and the spaCy surname component read it before, or
    without, an analyzer."""
    folder = None if user_dir is None else Path(user_dir).expanduser().resolve()
    return _load_names_cached(folder)


@lru_cache(maxsize=8)
def _load_names_cached(folder: Path | None) -> Names:
    return _load_names(_resolve("names.toml", folder))


def _load_word_sets(speakers: Path, cues: Path) -> WordSets:
    data, raw = read_toml(speakers)
    sets = word_lists(
        data,
        "word_sets",
        (
            "not_third_person",
            "first_person",
            "unlikely_speakers",
            "issuer_prepositions",
            "issuing_verbs",
            "owner_prepositions",
            "as_source_verbs",
            "participle_doer_prepositions",
            "infinitive_doer_prepositions",
            "object_doer_verbs",
            "passive_holders",
            "male_nouns",
            "female_nouns",
            "quantity_words",
            "group_companions",
            "partitives",
            "self_references",
            "self_reference_determiners",
        ),
        speakers,
        raw,
    )
    data, raw = read_toml(cues)
    lists = ("prepositions", "after_object", "empty_determiners", "question_marks")
    objects = word_lists(data, "objects", lists, cues, raw)
    clauses = word_lists(
        data, "clauses", ("coordinators", "perception", "addressed", "reader"), cues, raw
    )
    nouns = word_lists(data, "nouns", ("lemmas", "prepositions"), cues, raw)
    predicates = word_lists(data, "predicates", ("copulas", "prepositions"), cues, raw)
    return WordSets(
        not_third_person=frozenset(sets["not_third_person"]),
        first_person=sets["first_person"],
        unlikely_speakers=frozenset(sets["unlikely_speakers"]),
        object_prepositions=frozenset(objects["prepositions"]),
        after_object=frozenset(objects["after_object"]),
        empty_determiners=frozenset(objects["empty_determiners"]),
        question_marks=frozenset(objects["question_marks"]),
        coordinators=frozenset(clauses["coordinators"]),
        perception=frozenset(clauses["perception"]),
        addressed=frozenset(clauses["addressed"]),
        reader=frozenset(clauses["reader"]),
        cue_nouns=frozenset(nouns["lemmas"]),
        noun_prepositions=frozenset(nouns["prepositions"]),
        copulas=frozenset(predicates["copulas"]),
        predicate_prepositions=frozenset(predicates["prepositions"]),
        issuer_prepositions=frozenset(sets["issuer_prepositions"]),
        issuing_verbs=frozenset(sets["issuing_verbs"]),
        owner_prepositions=frozenset(sets["owner_prepositions"]),
        as_source_verbs=frozenset(sets["as_source_verbs"]),
        participle_doer_prepositions=frozenset(sets["participle_doer_prepositions"]),
        infinitive_doer_prepositions=frozenset(sets["infinitive_doer_prepositions"]),
        object_doer_verbs=frozenset(sets["object_doer_verbs"]),
        passive_holders=frozenset(sets["passive_holders"]),
        male_nouns=frozenset(sets["male_nouns"]),
        female_nouns=frozenset(sets["female_nouns"]),
        quantity_words=frozenset(sets["quantity_words"]),
        group_companions=frozenset(sets["group_companions"]),
        partitives=frozenset(sets["partitives"]),
        self_references=frozenset(sets["self_references"]),
        self_reference_determiners=frozenset(sets["self_reference_determiners"]),
    )


def _load_speakers(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    data, raw = read_toml(path)
    nouns, pronouns = data.get("nouns"), data.get("pronouns")
    if not isinstance(nouns, dict) or not isinstance(pronouns, dict):
        raise RulesError(f"{path}:1: expected [nouns] and [pronouns] tables")
    noun_entries = [
        (w, cat) for cat, words in nouns.items() for w in string_list(words, path, raw, cat)
    ]
    pron_entries = [
        (w, cat) for cat, words in pronouns.items() for w in string_list(words, path, raw, cat)
    ]
    return exclusive(noun_entries, path, raw), exclusive(pron_entries, path, raw)


def _load_decisions(path: Path) -> Decisions:
    data, raw = read_toml(path)
    tables = {}
    for key in ("rule_base", "class_factor", "kind_factor"):
        table = data.get(key)
        if not isinstance(table, dict):
            raise RulesError(f"{path}:1: expected a [{key}] table of numbers")
        tables[key] = {k: unit(v, path, raw, k) for k, v in table.items()}
    min_words = data.get("min_content_words", 2)
    if not isinstance(min_words, int) or min_words < 0:
        line = line_of(raw, "min_content_words")
        raise RulesError(f"{path}:{line}: 'min_content_words' must be a whole number")
    return Decisions(
        threshold=unit(data.get("threshold", 0.5), path, raw, "threshold"),
        min_content_words=min_words,
        **tables,
    )


def _resolve(name: str, user_dir: Path | None) -> Path:
    if user_dir is not None and (user_dir / name).is_file():
        return user_dir / name
    return bundled_rules_dir() / name


def _refuse_unknown_files(folder: Path) -> None:
    """A rules file in a user's folder that is none of `RULE_FILES` is an error, not
    ignored: a misspelt `cue.toml` would otherwise leave the bundled rules in force while
    its author believes their edit is read. Files of other kinds (notes) are left alone."""
    for path in sorted(folder.iterdir()):
        if path.suffix in (".toml", ".jsonl") and path.name not in RULE_FILES:
            raise RulesError(
                f"{path}:1: not a rules file (the rules files: {', '.join(RULE_FILES)})"
            )


def load_rules(user_dir: str | Path | None = None) -> Rules:
    """Load and validate the rules; files in `user_dir` replace the bundled ones."""
    folder = None if user_dir is None else Path(user_dir).expanduser().resolve()
    return _load_rules_cached(folder)


@lru_cache(maxsize=8)
def _load_rules_cached(folder: Path | None) -> Rules:
    if folder is not None and not folder.is_dir():
        why = (
            "is a file, not a rules folder"
            if folder.exists()
            else "the rules folder does not exist"
        )
        raise RulesError(f"{folder}:1: {why}")
    if folder is not None:
        _refuse_unknown_files(folder)
    paths = {name: _resolve(name, folder) for name in RULE_FILES}
    nouns, pronouns = _load_speakers(paths["speakers.toml"])
    cues, cue_classes = _load_cues(paths["cues.toml"])
    names = _load_names(paths["names.toml"])
    rules = Rules(
        cues=cues,
        quote_pairs=_load_quote_pairs(paths["quotemarks.toml"]),
        titles=_load_titles(paths["titles.toml"]),
        given_names=names.given,
        name_suffixes=names.suffixes,
        speaker_nouns=nouns,
        pronouns=pronouns,
        words=_load_word_sets(paths["speakers.toml"], paths["cues.toml"]),
        patterns=load_patterns(paths["patterns.jsonl"], PATTERN_LABELS),
        decisions=_load_decisions(paths["decisions.toml"]),
        claims=load_claim_rules(paths),
        sources=tuple(str(p) for p in paths.values()),
        names=load_name_rules(paths["speaker_names.toml"]),
    )
    d = rules.decisions
    check_agreement(
        paths,
        cue_classes=cue_classes,
        patterns=rules.patterns,
        claim_patterns=rules.claims.patterns,
        decisions={
            "rule_base": d.rule_base,
            "class_factor": d.class_factor,
            "kind_factor": d.kind_factor,
        },
    )
    return rules
