"""The evidence of each decision in plain words, from the phrases of `reports/evidence.toml`.

Every decision of an attribution records the id of the rule (or model) that took it. The
report shows a reader the phrase the data file gives that id (`found by the cue ‘said’`),
filled in with the attribution's own words, and keeps the ids and scores for a technical
detail beneath. The phrases are data, validated on load with errors that name the file
and line, so a wording is changed without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from attribution.ruleset.files import RulesError, line_of, read_toml
from attribution.schema import DISPUTE_REASONS, Attribution, Evidence

PHRASES_FILE = "evidence.toml"
STEPS = ("quote", "cue", "speaker", "resolution", "claim_type", "disputed")
"""The decisions an attribution's evidence names, in the order the report shows them."""
MODEL_STEPS = ("quote", "speaker", "claim_type")
PLACEHOLDERS = frozenset({"cue", "mention", "name", "words", "quote", "score"})
FAMILY = ".*"
"""A key ending in this phrases every id that starts with what comes before it."""

QUOTE_REF = re.compile(r"\bquote (\d+)")
"""How a dispute's evidence names the other quote (`quote 11`), as `claims/links.py`
writes it."""
FIELD = re.compile(r"\{(\w*)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Part:
    """A piece of a phrase: text, and the link it goes to when it names another quote."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Reason:
    """One decision in plain words: its step's heading and the filled-in phrase."""

    step: str
    label: str
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Phrases:
    """The phrases of one `evidence.toml`: see the module docstring."""

    labels: Mapping[str, str]
    other: Mapping[str, str]
    model: Mapping[str, str]
    rules: Mapping[str, str]
    reasons: Mapping[str, str]

    def dispute_reason(self, reason: str) -> str:
        """Why a claim is disputed, in words (a reason the file does not know, as is)."""
        return self.reasons.get(reason, reason)

    def phrase(self, rule_id: str) -> str | None:
        """The phrase of `rule_id`: its own, else its longest family's, else None."""
        found = self.rules.get(rule_id)
        if found is not None:
            return found
        families = [k for k in self.rules if k.endswith(FAMILY) and rule_id.startswith(k[:-1])]
        return self.rules[max(families, key=len)] if families else None

    def explain(self, att: Attribution) -> list[Reason]:
        """Each piece of `att`'s evidence as a `Reason`, in the order of `STEPS`."""
        order = {s: n for n, s in enumerate(STEPS)}
        evidence = sorted(att.evidence, key=lambda e: order.get(e.step, len(STEPS)))
        return [self.reason(att, e) for e in evidence]

    def reason(self, att: Attribution, e: Evidence) -> Reason:
        """One piece of evidence in plain words."""
        rule = self.phrase(e.rule_id)
        if e.method == "model" and e.step in self.model:
            templates = [rule, self.model[e.step]] if rule and e.step != "claim_type" else []
            templates = templates or [self.model[e.step]]
        else:
            templates = [rule or self.other.get(e.step, "{words}")]
        values = _values(att, e)
        parts: list[Part] = []
        for n, template in enumerate(templates):
            if n:
                parts.append(Part("; "))
            parts += fill(template, values)
        return Reason(e.step, self.labels.get(e.step, e.step.replace("_", " ")), tuple(parts))


def _values(att: Attribution, e: Evidence) -> dict[str, list[Part]]:
    """What each placeholder stands for in a phrase about `e`, as parts (empty: unknown)."""
    ref = QUOTE_REF.search(e.words)
    cue = att.cue.text if att.cue is not None else e.words
    speaker = att.speaker
    texts = {
        "cue": cue,
        "mention": speaker.text if speaker is not None else "",
        "name": (speaker.name or "") if speaker is not None else "",
        "words": e.words,
        "score": "" if e.score is None else f"{e.score:.2f}",
    }
    values = {k: [Part(v)] if v else [] for k, v in texts.items()}
    values["quote"] = [Part(f"#{ref.group(1)}", f"#row-{ref.group(1)}")] if ref else []
    return values


def fill(template: str, values: Mapping[str, list[Part]]) -> list[Part]:
    """The parts of a phrase with its placeholders filled; a `[...]` stretch is left out
    when a placeholder inside it has no value."""
    out: list[Part] = []
    last = 0
    for m in OPTIONAL.finditer(template):
        out += _fields(template[last : m.start()], values)
        inner = m.group(1)
        if all(values.get(name) for name in FIELD.findall(inner)):
            out += _fields(inner, values)
        last = m.end()
    out += _fields(template[last:], values)
    return [p for p in out if p.text]


def _fields(text: str, values: Mapping[str, list[Part]]) -> Iterator[Part]:
    last = 0
    for m in FIELD.finditer(text):
        yield Part(text[last : m.start()])
        yield from values.get(m.group(1), [])
        last = m.end()
    yield Part(text[last:])


@lru_cache(maxsize=4)
def load_phrases(path: Path) -> Phrases:
    """The phrases of an `evidence.toml`, checked; errors are `RulesError`s naming the
    file and line."""
    data, raw = read_toml(path)
    for key in data:
        if key not in ("steps", "reasons", "model", "rules"):
            raise RulesError(f"{path}:{line_of(raw, key)}: unknown table [{key}]")
    steps = _table(data, "steps", path, raw)
    labels, other = {}, {}
    for step in STEPS:
        entry = steps.get(step)
        if not isinstance(entry, dict) or set(entry) != {"label", "other"}:
            raise RulesError(
                f"{path}:{_line(raw, step)}: [steps] needs '{step}' with a 'label' and an "
                "'other' phrase"
            )
        labels[step] = _text(entry["label"], path, raw, step)
        other[step] = _checked(entry["other"], path, raw, step)
    _known(steps, STEPS, "steps", path, raw)
    model = _table(data, "model", path, raw)
    _known(model, MODEL_STEPS, "model", path, raw)
    rules = _table(data, "rules", path, raw)
    reasons = _table(data, "reasons", path, raw)
    _known(reasons, DISPUTE_REASONS, "reasons", path, raw)
    for reason in DISPUTE_REASONS:
        if reason not in reasons:
            raise RulesError(
                f"{path}:{line_of(raw, '[reasons]')}: [reasons] needs the reason '{reason}'"
            )
    return Phrases(
        labels,
        other,
        {k: _checked(v, path, raw, k) for k, v in model.items()},
        {k: _checked(v, path, raw, k) for k, v in rules.items()},
        {k: _text(v, path, raw, k) for k, v in reasons.items()},
    )


def _line(raw: str, key: str) -> int:
    """The line that sets `key` (bare or quoted) in a TOML text, else the first that names it."""
    m = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', raw, re.MULTILINE)
    return raw.count("\n", 0, m.start()) + 1 if m else line_of(raw, key)


def _table(data: dict[str, Any], name: str, path: Path, raw: str) -> dict[str, Any]:
    found = data.get(name)
    if not isinstance(found, dict):
        raise RulesError(f"{path}:{line_of(raw, '[' + name + ']')}: expected a [{name}] table")
    return found


def _known(table: dict[str, Any], names: tuple[str, ...], where: str, path: Path, raw: str) -> None:
    for key in table:
        if key not in names:
            raise RulesError(
                f"{path}:{_line(raw, key)}: unknown key '{key}' in [{where}] "
                f"(expected {', '.join(names)})"
            )


def _text(value: Any, path: Path, raw: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{path}:{_line(raw, key)}: '{key}' must be a non-empty string")
    return value


def _checked(value: Any, path: Path, raw: str, key: str) -> str:
    """A phrase whose placeholders are known and whose brackets pair up."""
    phrase = _text(value, path, raw, key)
    where = f"{path}:{_line(raw, key)}"
    for name in FIELD.findall(phrase):
        if name not in PLACEHOLDERS:
            raise RulesError(
                f"{where}: unknown placeholder {{{name}}} (expected one of "
                f"{', '.join(sorted(PLACEHOLDERS))})"
            )
    bare = FIELD.sub("", OPTIONAL.sub(lambda m: m.group(1), phrase))
    if any(c in bare for c in "[]{}"):
        raise RulesError(f"{where}: unpaired bracket or brace in {phrase!r}")
    return phrase
