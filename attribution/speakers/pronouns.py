"""Pronoun speaker mentions resolved to an earlier entity.

A heuristic, not a coreference system: a subject or possessive pronoun goes to the
named person who is the subject of its own sentence's main verb, written before it;
else to the previous speaker, when they fit and spoke within a few paragraphs; else to
the nearest compatible entity mentioned before (he/she to people, by title, given name
or earlier pronoun; they/it to organisations and nominals).
"""

from __future__ import annotations

from spacy.tokens import Token

from attribution.extract.decide import PREVIOUS_SPEAKER_PARAGRAPHS
from attribution.ruleset.ids import ResolveRule
from attribution.speakers.entities import Entities, Entity, Resolved

WANTED_KINDS = {
    "male": ("person",),
    "female": ("person",),
    "plural": ("org", "nominal", "person"),
    "neuter": ("org", "nominal"),
}


def pronoun(table: Entities, head: Token, category: str) -> Resolved:
    """The entity a pronoun of `category` (rules/speakers.toml) refers to; a gender it
    fits is given to an entity that had none."""
    kinds = WANTED_KINDS.get(category)
    if kinds is None:
        return Resolved(None, None, "pronoun", ResolveRule.PRONOUN_UNRESOLVED)
    gender = category if category in ("male", "female") else ""

    def fits(e: Entity) -> bool:
        return e.kind in kinds and compatible(e, category, gender)

    subject = subject_before(table, head)
    if subject is not None and fits(subject):
        return Resolved(subject.name, subject.id, "pronoun", ResolveRule.PRONOUN_NEAREST)
    if table.last_speaker is not None:
        eid, pos = table.last_speaker
        prev = table.entities[eid]
        near = table.paragraph_gap(pos, head.idx) <= PREVIOUS_SPEAKER_PARAGRAPHS
        if fits(prev) and pos < head.idx and near:
            prev.gender = prev.gender or gender
            return Resolved(prev.name, prev.id, "pronoun", ResolveRule.PRONOUN_PREVIOUS_SPEAKER)
    best = next((e for e in table.recent_first(head.idx) if fits(e)), None)
    if best is None:
        return Resolved(None, None, "pronoun", ResolveRule.PRONOUN_UNRESOLVED)
    best.gender = best.gender or gender
    return Resolved(best.name, best.id, "pronoun", ResolveRule.PRONOUN_NEAREST)


def subject_before(table: Entities, head: Token) -> Entity | None:
    """The named person who is the subject of the pronoun's own sentence, written
    before it (`Matt Lauer faced criticism after he asked Clinton`): the `he` is his,
    even when another person spoke last. Only the subject of the sentence's main
    verb counts; a person the sentence names otherwise (`asked Clinton`) does not.
    Only a subject or possessive pronoun: an object one is someone else (`Rupert
    Murdoch is taking over from him`)."""
    if head.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None
    sent = head.sent
    for tok in sent:
        if tok.i >= head.i:
            return None
        if tok.dep_ == "nsubj" and tok.i in table.by_token and tok.head == sent.root:
            e = table.entities[table.by_token[tok.i]]
            return e if e.kind == "person" and not e.nominal else None
    return None


def compatible(e: Entity, category: str, gender: str) -> bool:
    """Can a pronoun of `category` (and `gender`, for he/she) stand for `e`?"""
    if gender:
        return e.kind == "person" and e.gender in ("", gender) and not e.plural
    if category == "plural":
        return e.kind != "person" or e.plural
    return not e.plural
