"""Pronoun speaker mentions resolved to an earlier entity.

A heuristic, not a coreference system: a subject or possessive pronoun goes to the
named person who is the subject of its own sentence's main verb, or whose thing that
subject is (`Oz's advice`), written before it; else to the named person who is the
main subject of the sentence just before, when that sentence follows the last speaker;
else to the previous speaker, when they fit and spoke within a few paragraphs (or the
one named person of a group that spoke last whom a he or she fits); else to the
nearest compatible entity mentioned before (he/she to people, by title, given name or
earlier pronoun; they/it to organisations and nominals).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from attribution.extract import syntax
from attribution.extract.decide import PREVIOUS_SPEAKER_PARAGRAPHS
from attribution.extract.table import table_of
from attribution.ruleset.ids import CueClass, ResolveRule
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

    subject, rule = subject_before(table, head)
    if subject is not None and fits(subject):
        return Resolved(subject.name, subject.id, "pronoun", rule)
    if table.last_speaker is not None:
        eid, pos = table.last_speaker
        newcomer = subject_just_before(table, head, pos)
        if newcomer is not None and fits(newcomer):
            return Resolved(
                newcomer.name, newcomer.id, "pronoun", ResolveRule.PRONOUN_PREVIOUS_SUBJECT
            )
        prev = table.entities[eid]
        near = table.paragraph_gap(pos, head.idx) <= PREVIOUS_SPEAKER_PARAGRAPHS
        # `pos == head.idx`: this same pronoun spoke for the quote before, the first
        # fragment of `"A," he told the host, "B."`; it says the same for the second
        if not fits(prev) and gender:
            # `Edwards and others said ... "I'll go Green," she said`: the one named
            # person of the group that spoke last whom the pronoun fits
            fitting = [m for m in prev.members if fits(table.entities[m])]
            prev = table.entities[fitting[0]] if len(fitting) == 1 else prev
        if fits(prev) and pos <= head.idx and near:
            prev.gender = prev.gender or gender
            return Resolved(prev.name, prev.id, "pronoun", ResolveRule.PRONOUN_PREVIOUS_SPEAKER)
    best = next((e for e in table.recent_first(head.idx) if fits(e)), None)
    if best is None:
        return Resolved(None, None, "pronoun", ResolveRule.PRONOUN_UNRESOLVED)
    best.gender = best.gender or gender
    return Resolved(best.name, best.id, "pronoun", ResolveRule.PRONOUN_NEAREST)


def subject_before(table: Entities, head: Token) -> tuple[Entity | None, str]:
    """The named person who is the subject of the pronoun's own sentence, written
    before it (`Matt Lauer faced criticism after he asked Clinton`): the `he` is his,
    even when another person spoke last. Only the subject of the sentence's main
    verb counts; a person the sentence names otherwise (`asked Clinton`) does not. A
    subject that is a named person's thing counts as that person (`Oz's advice earned
    him a show, where he appeared`, `resolve.pronoun_subject_owner`), unless another
    person is named between them (`Oz's show offered Trump a platform to say whatever
    he wanted`): then the pronoun is left to the rules below. Only a subject
    or possessive pronoun: an object one is someone else (`Rupert Murdoch is taking
    over from him`). With the rule that found the person."""
    rule = ResolveRule.PRONOUN_NEAREST
    if head.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None, rule
    t = table_of(table.doc)
    sent = t.sents[t.sentence_of[head.i]]
    for tok in sent:
        if tok.i >= head.i:
            return None, rule
        if tok.dep_ == "nsubj" and tok.head == sent.root:
            owner = tok if tok.i in table.by_token else _named_owner(table, tok)
            if owner is None:
                continue
            if owner.i != tok.i:
                rule = ResolveRule.PRONOUN_SUBJECT_OWNER
                if _person_between(table, owner.i, head.i):
                    return None, rule
            e = table.entities[table.by_token[owner.i]]
            return (e if e.kind == "person" and not e.nominal else None), rule
    return None, rule


def subject_just_before(table: Entities, head: Token, after: int) -> Entity | None:
    """The named person who is the subject of the main verb of the sentence just before
    the pronoun's, when that sentence comes after character `after` (the last speaker's
    mention): `Resident Carl Diaz was less pleased. He complained that ...` is Diaz's,
    not the last speaker's. A writer who names someone, new or the last speaker again,
    and goes on with `he` means them, however far back the last quote was. Only for a
    subject pronoun that opens its sentence's subjects, a quotation's own set aside
    (`"I think ...," she said`), and those of a question put to the referent before the
    pronoun (`Asked whether Lumora could succeed ..., she said`)."""
    if head.dep_ not in syntax.NOMINAL_SUBJECT_DEPS:
        return None
    t = table_of(table.doc)
    k = t.sentence_of[head.i]
    sent = t.sents[k]
    framing = _clauses_before(table, head)
    if sent.start == 0 or any(
        t.dep_ in syntax.NOMINAL_SUBJECT_DEPS and not quoted and t.i not in framing
        for t, quoted in _quoted(head.doc[sent.start : head.i])
    ):
        return None
    before = t.sents[k - 1]
    if before.start_char <= after:
        return None
    subject = next((t for t in before.root.children if t.dep_ in syntax.NOMINAL_SUBJECT_DEPS), None)
    entity = None if subject is None else _named_subject(table, subject)
    if entity is None or entity.kind != "person" or entity.nominal:
        return None
    return entity


def _clauses_before(table: Entities, head: Token) -> set[int]:
    """The tokens of the questions put to the pronoun's referent before it: an adverbial
    clause of the pronoun's verb headed by a participle of a request cue of
    rules/cues.toml, with no subject of its own (`Asked whether Lumora could succeed
    where others had failed, she said`). Not any adverbial clause: `Assuming that
    Clinton remains the favourite, she might ...` names the one meant."""
    verb = head.head
    return {
        t.i
        for c in verb.children
        if c.dep_ == "advcl"
        and c.right_edge.i < head.i
        and c.tag_ == "VBN"
        and table.rules.cue_class(c.lemma_.lower()) == CueClass.REQUEST
        and not any(s.dep_ in syntax.NOMINAL_SUBJECT_DEPS for s in c.children)
        for t in c.subtree
    }


def _named_subject(table: Entities, subject: Token) -> Entity | None:
    """The entity a subject names: its own, the person named in full before whose
    surname it is, written alone and untagged, else that of a name the parse hung on it
    as an apposition (`Port Ellis coach Ruben Salas`, parsed `coach` with `Salas`
    beside)."""
    entity = table.at(subject.i)
    if entity is not None:
        return entity
    if subject.pos_ == "PROPN" and not subject.ent_type_ and subject.n_lefts == 0:
        # a surname the NER left untagged (`Raman dismissed the comparison.`)
        return table.named_surname([subject.text])
    return next(
        (e for c in subject.children if c.dep_ == "appos" and (e := table.at(c.i)) is not None),
        None,
    )


def _quoted(tokens: Span) -> Iterator[tuple[Token, bool]]:
    """Each token with whether a quotation mark before it in `tokens` is still open: the
    quotation's own subjects (`"Now that I don't have to," he told`) are not the
    sentence's."""
    inside = False
    for t in tokens:
        if t.is_quote:
            inside = not inside
            continue
        yield t, inside


def _person_between(table: Entities, lo: int, hi: int) -> bool:
    """Is another person named between tokens `lo` and `hi` (`Oz's show ... offered
    Trump a platform to say whatever he wanted`: the `he` may be Trump's)?"""
    first = table.by_token.get(lo)
    return any(
        (eid := table.by_token.get(i)) is not None
        and eid != first
        and table.entities[eid].kind == "person"
        for i in range(lo + 1, hi)
    )


def _named_owner(table: Entities, subject: Token) -> Token | None:
    """`Oz's advice earned him a show, where he appeared ...`: the named person whose
    thing is the subject (a possessive name before the subject noun), else None."""
    for child in subject.children:
        if child.dep_ == "poss" and child.i < subject.i:
            found = next((t for t in child.subtree if t.i in table.by_token), None)
            if found is not None:
                return found
    return None


def compatible(e: Entity, category: str, gender: str) -> bool:
    """Can a pronoun of `category` (and `gender`, for he/she) stand for `e`?"""
    if gender:
        return e.kind == "person" and e.gender in ("", gender) and not e.plural
    if category == "plural":
        return e.kind != "person" or e.plural
    return not e.plural
