"""Speaker resolution: from a mention in context to the speaker it names.

The article's names are read into entities first (`mentions.py`); each speaker mention
is then resolved in reading order: a name to its entity, a nominal to the person or body
it refers to (`nominals.py`), a pronoun to an earlier entity (`pronouns.py`). A mention
nothing resolves keeps its own words as name if it names something, and no name if it
is a pronoun.
"""

from __future__ import annotations

import copy

from spacy.tokens import Doc, Token

from attribution.extract import syntax
from attribution.extract.table import table_of
from attribution.ruleset.ids import ResolveRule
from attribution.ruleset.loader import Rules
from attribution.speakers import names, nominals
from attribution.speakers.entities import Entity, Resolved
from attribution.speakers.mentions import ORG_ENTS, name_words, read_entities
from attribution.speakers.pronouns import pronoun

__all__ = ["Entity", "Resolved", "Resolver"]

BODY_ENTS = (*ORG_ENTS, "LOC")


class Resolver:
    """Groups an article's mentions into entities, reading the article in order."""

    def __init__(self, doc: Doc, rules: Rules, *, text: str | None = None) -> None:
        self.doc = doc
        self.rules = rules
        self.table = read_entities(doc, rules, doc.text if text is None else text)

    @property
    def entities(self) -> list[Entity]:
        return self.table.entities

    def resolve(self, head: Token) -> Resolved:
        """Resolve one speaker mention; call in reading order of the mentions. The result
        carries the speaker's cross-article key (`names.speaker_key`): named people and
        bodies have one, nominals and unresolved pronouns none. A name never ends inside
        brackets it opens (`names.without_open_bracket`)."""
        result = self._resolve(head)
        name = names.without_open_bracket(result.name)
        if name != result.name:
            result = Resolved(name, result.entity, result.kind, result.rule_id, result.key)
        if result.entity is not None:
            self.table.seen(self.entities[result.entity], head.idx)
            self.table.last_speaker = (result.entity, head.idx)
            self.table.speakers.add(result.entity)
            e = self.entities[result.entity]
            if not e.nominal and e.kind != "nominal":
                key = names.speaker_key(names.without_open_bracket(e.name), e.kind, self.rules)
                return Resolved(result.name, result.entity, result.kind, result.rule_id, key)
        return result

    def peek(self, head: Token) -> Resolved:
        """What `head` would resolve to at this point of the reading, with the entities
        and the reading state left as they were: training labels a candidate mention by
        the name it would resolve to (`attribution.learn.quotes`)."""
        table = self.table
        keep = {id(x): x for x in (table.doc, table.rules, table.text)}
        self.table = copy.deepcopy(table, keep)
        try:
            return self._resolve(head)
        finally:
            self.table = table

    def _resolve(self, head: Token) -> Resolved:
        table = self.table
        if head.i in table.headers or names.is_column_header(self._mention_text(head), self.rules):
            return Resolved(None, None, "name", ResolveRule.COLUMN_HEADER)
        clause_noun = _relative_owner(head) if head.tag_ in syntax.RELATIVE_TAGS else None
        if clause_noun is not None:
            antecedent = self._resolve(self._antecedent(clause_noun, head))
            return Resolved(antecedent.name, antecedent.entity, "pronoun", ResolveRule.RELATIVE)
        e = table.at(head.i)
        if e is not None:
            if e.kind == "org" and nominals.one_member(head):
                return nominals.member(table, head)
            group = nominals.group(table, head, e)
            if group is not None:
                return Resolved(group.name, group.id, "name", ResolveRule.GROUP)
            return Resolved(e.name, e.id, "name", ResolveRule.entity(e.kind))
        named = nominals.named_inside(table, head)
        if named is not None:
            return Resolved(named.name, named.id, "name", ResolveRule.APPOSITION)
        owner = table.at(head.head.i) if head.dep_ == "appos" else None
        if owner is not None:
            return Resolved(owner.name, owner.id, "nominal", ResolveRule.APPOSITION)
        lemma = head.lemma_.lower()
        pron = self.rules.pronouns.get(head.lower_)
        if pron is not None and head.pos_ == "PRON":
            return pronoun(table, head, pron)
        if head.pos_ == "PROPN":
            return self._proper(head)
        person = self._common_surname(head)
        if person is not None:
            return Resolved(person.name, person.id, "name", ResolveRule.SURNAME)
        category = self.rules.speaker_nouns.get(lemma)
        if category is not None:
            return nominals.nominal(table, head, category)
        lo, hi = self.table.mention_range(head)
        tokens = table_of(self.doc)
        text = tokens.span_text(lo, hi)
        words = text.split(":")[0].split()
        cut = names.headline_cut(words, self.rules)
        if cut != text.split():
            person = table.match_person(cut) if cut else None
            if person is not None:
                return Resolved(person.name, person.id, "name", ResolveRule.HEADLINE)
            return Resolved(" ".join(cut) or None, None, "nominal", ResolveRule.HEADLINE)
        lo = nominals.focus_start(head, lo, self.rules.names.focus_words)
        return Resolved(tokens.span_text(lo, hi), None, "nominal", ResolveRule.AS_WRITTEN)

    def _antecedent(self, noun: Token, relative: Token) -> Token:
        """What a `who` stands for (a relative pronoun of a person, `syntax.
        PERSON_RELATIVE_TAG`): the noun its clause hangs on, unless that is a thing at the
        end of a phrase that describes a person (`Another agent involved in the talks, who
        asked ...`: the agent, not the talks); then that person. What a `which` or a
        `that` stands for is the noun its clause hangs on."""
        if relative.tag_ != syntax.PERSON_RELATIVE_TAG or self._speaks(noun):
            return noun
        up = noun
        while up.dep_ in ("pobj", "prep", "acl", "amod") and up.head.i != up.i:
            up = up.head
            if up.pos_ in ("NOUN", "PROPN") and self._speaks(up):
                return up
        return noun

    def _speaks(self, tok: Token) -> bool:
        """A named person or body, or a noun of people, bodies or sources. Unlike
        `candidates._names_a_speaker` it reads the article's entities (`mentions.py`:
        bodies, places and surnames the NER left untagged too) instead of the NER's
        type, and takes anonymous sources (`sources`, `someone`), but no media noun."""
        category = self.rules.speaker_nouns.get(tok.lemma_.lower())
        return tok.i in self.table.by_token or category in ("person", "body", "anonymous")

    def _mention_text(self, head: Token) -> str:
        lo, hi = self.table.mention_range(head)
        return table_of(self.doc).span_text(lo, hi)

    def _proper(self, head: Token) -> Resolved:
        """A name the NER did not tag: the mention up to its head (`Ana Ruiz`, not `Ana Ruiz,
        Porthaven`). A title alone (`Senator from Texas`) is no name: it is the one person
        named before with that role, or stays as written."""
        lo, hi = self.table.mention_range(head)
        named = self._person_after(head, hi)
        if named is not None:
            return Resolved(named.name, named.id, "name", ResolveRule.APPOSITION)
        words = name_words(self.doc[lo : head.i + 1], self.rules)
        if not words and head.lower_.rstrip(".") in self.rules.titles:
            lemma = head.lemma_.lower()
            found = nominals.by_role(self.table, head, lemma, {lemma})
            text = self.doc[lo:hi].text
            return found or Resolved(text, None, "nominal", ResolveRule.AS_WRITTEN)
        words = words or [head.text]
        # a body noun written as a proper noun heads an office, not a person's name
        # (`Kestria's defence ministry` is no namesake of `Valdoria's foreign ministry`)
        office = self.rules.speaker_nouns.get(head.lemma_.lower()) == "body"
        person = None if office and len(words) > 1 else self.table.match_person(words)
        if person is not None:
            joined = nominals.group(self.table, head, person)
            if joined is not None:
                return Resolved(joined.name, joined.id, "name", ResolveRule.GROUP)
            return Resolved(person.name, person.id, "name", ResolveRule.SURNAME)
        # a name the NER gave no body's type (`Delaney` read as a LAW) is a person's
        body = head.ent_type_ in BODY_ENTS
        e = self.table.new(" ".join(words), "org" if body else "person")
        e.words = {w.lower() for w in words}
        joined = nominals.group(self.table, head, e)
        if joined is not None:
            return Resolved(joined.name, joined.id, "name", ResolveRule.GROUP)
        return Resolved(e.name, e.id, "name", ResolveRule.NEW_NAME)

    def _common_surname(self, head: Token) -> Entity | None:
        """`"We will win," Sales said`: a capitalised common noun alone (the parser reads
        `Sales` as the plural of `sale`) that is the surname of a person the article named
        in full before (`Victor Sales`) is that person."""
        if head.tag_ not in ("NN", "NNS") or not head.text[:1].isupper() or not head.is_alpha:
            return None
        lo, hi = self.table.mention_range(head)
        if (lo, hi) != (head.i, head.i + 1):
            return None
        return self.table.named_surname([head.text])

    def _person_after(self, head: Token, hi: int) -> Entity | None:
        """`Sirius XM Vice President for news and talk Dave Gorab`: a title the parse
        took for the head of a mention whose own words go on to a person's name; the one
        person named after a head that is a title or a person noun (rules/titles.toml,
        rules/speakers.toml), before a comma (`Todd Rogers and Adan Acevedo`, headed by a
        name, is a group, not Acevedo)."""
        if not self._role_word(head):
            return None
        found: set[int] = set()
        for tok in self.doc[head.i + 1 : hi]:
            if tok.text == ",":
                break
            eid = self.table.by_token.get(tok.i)
            if eid is not None:
                found.add(eid)
        people = [self.entities[i] for i in found if self.entities[i].kind == "person"]
        if len(people) != 1:
            return None
        # a place or body named before the person is a word of a second title joined by
        # `and`, whose last word is right before the name (`News Vice President and
        # Washington Managing Editor Paul Dorner`)
        by_token = self.table.by_token
        first = next(i for i in range(head.i + 1, hi) if by_token.get(i) == people[0].id)
        before = self.doc[first - 1]
        titled = (
            before.i > head.i
            and before.i not in by_token
            and ((before.pos_ == "PROPN" and before.text[:1].isupper()) or self._role_word(before))
            and any(t.dep_ == "cc" and t.lower_ == "and" for t in self.doc[head.i + 1 : first])
        )
        return people[0] if len(found) == 1 or titled else None

    def _role_word(self, tok: Token) -> bool:
        """A title or a person noun (rules/titles.toml, rules/speakers.toml)."""
        lemma = tok.lemma_.lower()
        return tok.lower_.rstrip(".") in self.rules.titles or (
            self.rules.speaker_nouns.get(lemma) == "person"
        )


def _relative_owner(relative: Token) -> Token | None:
    """The noun a relative pronoun's clause hangs on: the head of its `relcl` verb, or,
    for a second relative clause joined by `and` (`A nurse who works nights, and who
    asked not to be named`), the noun of the first clause, or the noun the parser
    conjoined the second clause's verb to when a first clause of the same pronoun hangs
    on it (not `the raid` in `who authorized the raid that killed ... and who hoped ...`)."""
    verb = relative.head
    if verb.dep_ == "relcl":
        owner: Token | None = verb.head
    elif verb.dep_ == "conj" and verb.head.dep_ == "relcl" and _said_by(verb.head, relative):
        owner = verb.head.head
    elif verb.dep_ == "conj" and _has_relative_clause(verb.head, relative):
        owner = verb.head
    else:
        owner = None
    return None if owner is None or owner.i == relative.i else owner


def _has_relative_clause(noun: Token, relative: Token) -> bool:
    """Does a relative clause whose subject is the same pronoun hang on `noun`?"""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "relcl" and _said_by(c, relative) for c in noun.children)


def _said_by(clause: Token, relative: Token) -> bool:
    """Is the subject of the clause's verb the same relative pronoun (`who` and `who`,
    not `that` and `who`)?"""
    return any(c.dep_ == "nsubj" and c.lower_ == relative.lower_ for c in clause.children)
