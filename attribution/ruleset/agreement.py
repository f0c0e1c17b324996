"""The rule files checked against the code's rule ids (`attribution.ruleset.ids`).

Each file is valid on its own once loaded; this finds where the files and the code
disagree, which no single file can show:
- a candidate rule the rules alone may keep, with no base score in `decisions.toml`
  (it would silently never be kept under `--no-model`), including the `cue.X` of every
  `CUE_PREP` pattern `prep.X`;
- a `decisions.toml` key that no code reads: a `[rule_base]` id no rule emits, a
  `[class_factor]` class neither `cues.toml` nor the code gives, a `[kind_factor]` the
  decision does not read;
- a cue class the code reads by name missing from `cues.toml`, or one of the classes
  the code gives itself (`none`, `noun`) defined there;
- a pattern whose id would make the rule id of another rule.

`load_rules` runs it, so `attribution rules check` and every analysis refuse the rules
with one `file:line:` message per problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from attribution.ruleset.files import Pattern, RulesError, line_of, read_toml
from attribution.ruleset.ids import (
    CODE_CUE_CLASSES,
    DISPUTE_PATTERN_LABELS,
    MODEL_ONLY_RULES,
    PREP_PATTERN_PREFIX,
    CueClass,
    DisputeRule,
    KindFactor,
    QuoteRule,
    dispute_pattern_rule,
    prep_rule,
)

PREP_LABEL = "CUE_PREP"


def check_agreement(
    paths: Mapping[str, Path],
    *,
    cue_classes: Iterable[str],
    patterns: Iterable[Pattern],
    claim_patterns: Iterable[Pattern],
    decisions: Mapping[str, Mapping[str, float]],
) -> None:
    """Raise a `RulesError` listing every disagreement between the loaded rules and the
    code. `paths` are the rule files by name; `decisions` the tables of decisions.toml."""
    problems = [
        *_pattern_problems(patterns, claim_patterns),
        *_decision_problems(paths["decisions.toml"], set(cue_classes), patterns, decisions),
        *_cue_problems(paths["cues.toml"], set(cue_classes)),
    ]
    if problems:
        raise RulesError("\n".join(problems))


def _pattern_problems(patterns: Iterable[Pattern], claim_patterns: Iterable[Pattern]) -> list[str]:
    out = []
    candidate_ids = set(QuoteRule)
    for p in patterns:
        if p.label != PREP_LABEL:
            continue
        if not p.id.startswith(PREP_PATTERN_PREFIX):
            out.append(
                f"{p.source}: the id of a {PREP_LABEL} pattern starts with "
                f"'{PREP_PATTERN_PREFIX}' ('{p.id}'): prep.X proposes quotes as cue.X"
            )
        elif prep_rule(p.id) in candidate_ids:
            out.append(
                f"{p.source}: '{p.id}' would propose quotes as '{prep_rule(p.id)}', the id of "
                "a candidate rule of the code; give the pattern another id"
            )
    dispute_ids = set(DisputeRule)
    for p in claim_patterns:
        if p.label in DISPUTE_PATTERN_LABELS and dispute_pattern_rule(p.id) in dispute_ids:
            out.append(
                f"{p.source}: '{p.id}' would flag claims as '{dispute_pattern_rule(p.id)}', "
                "the id of a dispute rule of the code; give the pattern another id"
            )
    return out


def _decision_problems(
    path: Path,
    cue_classes: set[str],
    patterns: Iterable[Pattern],
    decisions: Mapping[str, Mapping[str, float]],
) -> list[str]:
    _, raw = read_toml(path)
    out = []
    base = decisions["rule_base"]
    prep = {prep_rule(p.id): p for p in patterns if p.label == PREP_LABEL}
    table = line_of(raw, "[rule_base]")
    for declared in QuoteRule:
        if declared not in MODEL_ONLY_RULES and declared not in base:
            out.append(
                f"{path}:{table}: no base score for '{declared}', a candidate rule of the code "
                "that the rules alone may keep; give it one in [rule_base] (0 turns it off)"
            )
    for rule, p in prep.items():
        if rule not in base:
            out.append(
                f"{path}:{table}: no base score for '{rule}', which the {PREP_LABEL} pattern "
                f"'{p.id}' ({p.source}) proposes; give it one in [rule_base] (0 turns it off)"
            )
    emitted = set(QuoteRule) | set(prep)
    for key in base:
        if key not in emitted:
            out.append(
                f"{path}:{_key_line(raw, key)}: [rule_base] '{key}' is no rule the code or a "
                f"{PREP_LABEL} pattern emits (see attribution/ruleset/ids.py, QuoteRule)"
            )
    known_classes = cue_classes | CODE_CUE_CLASSES
    for key in decisions["class_factor"]:
        if key not in known_classes:
            out.append(
                f"{path}:{_key_line(raw, key)}: [class_factor] '{key}' is no cue class "
                f"(cues.toml has {', '.join(sorted(cue_classes))}; the code gives "
                f"{', '.join(sorted(CODE_CUE_CLASSES))})"
            )
    kinds = set(KindFactor)
    for key in decisions["kind_factor"]:
        if key not in kinds:
            out.append(
                f"{path}:{_key_line(raw, key)}: [kind_factor] '{key}' is not read by the "
                f"code (it reads {', '.join(sorted(kinds))})"
            )
    return out


def _cue_problems(path: Path, cue_classes: set[str]) -> list[str]:
    _, raw = read_toml(path)
    out = []
    for cls in CueClass:
        if cls in CODE_CUE_CLASSES and cls in cue_classes:
            out.append(
                f"{path}:{line_of(raw, f'[classes.{cls}]')}: class '{cls}' is the one the code "
                "gives cues outside the lexicon; name the class otherwise"
            )
        elif cls not in CODE_CUE_CLASSES and cls not in cue_classes:
            out.append(
                f"{path}:1: no class '{cls}', which the code reads by name; keep "
                f"[classes.{cls}] (its lemmas may be an empty list)"
            )
    return out


def _key_line(raw: str, key: str) -> int:
    """The line where `key` is set in a TOML text (quoted or bare), else 1."""
    m = re.search(rf'^\s*"?{re.escape(key)}"?\s*=', raw, flags=re.M)
    return raw.count("\n", 0, m.start()) + 1 if m else 1
