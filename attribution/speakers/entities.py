"""The speakers of one article as entities, and the mentions read so far.

An `Entities` table is what the resolution rules share: the article's entities (people,
bodies, nominals), where each was mentioned, which tokens name which entity, and who
spoke last. Its queries answer "who was mentioned before here" in time linear in the
number of entities, and "which person does this name stand for".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from attribution.extract import syntax
from attribution.extract.table import TokenRange, table_of
from attribution.nlp.names import without_suffix
from attribution.ruleset.loader import Rules


@dataclass
class Entity:
    """One speaker of an article, built up from its mentions."""

    id: int
    name: str
    kind: str
    gender: str = ""
    plural: bool = False
    words: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    role_words: set[str] = field(default_factory=set)
    nominal: bool = False
    members: tuple[int, ...] = ()
    """The named people of a group (`nominals.group`), in the order it names them."""


@dataclass(frozen=True)
class Resolved:
    """What a speaker mention resolved to, and by which rule."""

    name: str | None
    entity: int | None
    kind: str
    rule_id: str
    key: str | None = None


class Entities:
    """An article's entities and their mentions, in the order the article was read."""

    def __init__(self, doc: Doc, rules: Rules, text: str) -> None:
        self.doc = doc
        self.text = text
        self.rules = rules
        self.entities: list[Entity] = []
        self.by_token: dict[int, int] = {}
        self.headers: set[int] = set()
        self.last_speaker: tuple[int, int] | None = None
        self.speakers: set[int] = set()
        self._mentions: list[tuple[int, int]] = []
        self._mentions_of: dict[int, list[tuple[int, int]]] = {}
        self._name_words: dict[str, list[str]] = {}

    def mention_range(self, head: Token) -> TokenRange:
        """`syntax.mention_range` of a speaker's head, worked out once per article
        (`syntax.mention_at`'s memo, mostly filled by the extraction context for the
        same heads before they are resolved)."""
        return syntax.mention_at(table_of(self.doc), head.i)

    def new(self, name: str, kind: str) -> Entity:
        """A new entity, not yet mentioned."""
        ent = Entity(len(self.entities), name, kind)
        self.entities.append(ent)
        return ent

    def at(self, i: int) -> Entity | None:
        """The entity token `i` names, if any."""
        eid = self.by_token.get(i)
        return None if eid is None else self.entities[eid]

    def seen(self, entity: Entity, pos: int) -> None:
        """Record a mention of `entity` at character `pos`."""
        bisect.insort(self._mentions, (pos, entity.id))
        bisect.insort(self._mentions_of.setdefault(entity.id, []), (pos, entity.id))

    def join(self, target: Entity, ent: Span) -> Entity:
        """The span is a mention of `target`, and its tokens name it."""
        self.seen(target, ent.start_char)
        by_token, eid = self.by_token, target.id
        for i in range(ent.start, ent.end):
            by_token[i] = eid
        return target

    def times_mentioned(self, entity: Entity) -> int:
        return len(self._mentions_of[entity.id])

    def recent_first(self, pos: int | None) -> Iterator[Entity]:
        """Entities mentioned before `pos` (anywhere when None), most recent first.

        The mentions are read backwards while that finds new entities; past twice as many
        mentions as there are entities, the others are ranked by their own last mention
        before `pos`, so a pronoun that fits nobody costs the number of entities, not of
        mentions (1 MB of one man's quotes and a `she` after each stays linear)."""
        if pos is None:
            yield from self._last_mentioned_first()
            return
        i = bisect.bisect_left(self._mentions, (pos, -1))
        done: set[int] = set()
        stop = max(0, i - 2 * len(self.entities) - 8)
        for k in range(i - 1, stop - 1, -1):
            eid = self._mentions[k][1]
            if eid not in done:
                done.add(eid)
                yield self.entities[eid]
        if stop == 0:
            return
        bound = (pos, -1)
        last = []
        for eid, seen in self._mentions_of.items():
            j = bisect.bisect_left(seen, bound)
            if eid not in done and j > 0:
                last.append(seen[j - 1])
        for _, eid in sorted(last, reverse=True):
            yield self.entities[eid]

    def _last_mentioned_first(self) -> list[Entity]:
        """`recent_first(None)`: every mentioned entity by its last mention (position,
        then id), latest first. Sorting the last mentions gives the order reading all
        mentions backwards gives, without a set and a step per mention."""
        last = sorted((seen[-1] for seen in self._mentions_of.values()), reverse=True)
        return [self.entities[eid] for _, eid in last]

    def match_person(
        self, words: list[str], gender: str = "", *, tagged: bool = False
    ) -> Entity | None:
        """The person a name stands for: one with its surname, unless the two are told
        apart by their given names or gender (`Bill Clinton` and `Hillary Clinton`, `Mrs.
        Clinton` and `Bill Clinton`). A surname alone is the person of that name mentioned
        most so far (the article's Clinton, not a relative named once), the most recent
        on a tie. `tagged`: the words are a PERSON entity of the NER, whose first word is
        taken for a given name even when no list knows it (`Jeh Johnson`).

        Every name of the article asks it: the mentioned people are filtered first, and
        only the few that fit are put in order of their last mention (latest first)."""
        low = without_suffix([w.lower() for w in words], self.rules.name_suffixes)
        if not low:
            return None
        hits = []
        mentions, known = self._mentions_of, self._name_words
        for e in self.entities:
            if e.kind != "person" or (gender and e.gender and gender != e.gender):
                continue
            seen = mentions.get(e.id)
            if seen is None:
                continue
            full = known.get(e.name)
            if full is None:
                full = self.name_words(e.name)
            if not full:
                continue
            surname = low[-1] == full[-1] and not self._other_given_name(low, full, tagged)
            if surname or (len(low) == 1 and low[0] in e.words):
                hits.append((seen[-1], e))
        found = [e for _, e in sorted(hits, key=_first, reverse=True)]
        if len(low) > 1 or len(found) < 2:
            return found[0] if found else None
        return max(found, key=self.times_mentioned)

    def name_words(self, name: str) -> list[str]:
        """An entity's name as lowercase words without a generational suffix, read once
        per name: every name asks it of every entity before it. Not to be changed."""
        words = self._name_words.get(name)
        if words is None:
            words = self._name_words[name] = without_suffix(
                name.lower().split(), self.rules.name_suffixes
            )
        return words

    def _other_given_name(self, a: list[str], b: list[str], tagged: bool) -> bool:
        """Two names with one surname whose first given names differ: both known given
        names, or, for a name the NER tagged, neither name holding the other's (`Jeh
        Johnson` and `Gary Johnson`, `Ivana Trump` and `Donald Trump` are two people). A
        word the parser wrongly counted into a name (`Democrat Hillary Clinton`, `Absent
        Trump` untagged) does not split a person."""
        if len(a) < 2 or len(b) < 2 or a[0] == b[0]:
            return False
        if tagged:
            return a[0] not in b and b[0] not in a
        return a[0] in self.rules.given_names and b[0] in self.rules.given_names

    def fuller(self, words: list[str], name: str) -> bool:
        """Is `words` a fuller name of the same surname than `name`? A name that starts
        with a known given name is not replaced by one that does not."""
        old = name.split()
        if len(" ".join(words)) <= len(name) or words[-1].lower() != old[-1].lower():
            return False
        given = self.rules.given_names
        return words[0].lower() in given or old[0].lower() not in given or len(old) == 1

    def named_surname(self, words: list[str]) -> Entity | None:
        """A lone word the NER took for a body or place (`Nervo wrote`) that is the
        surname of a person the article named in full before (`Frank Nervo`): of several,
        the one mentioned last (found in one pass, without sorting all the entities)."""
        low = [w.lower() for w in words if w != "'s"]
        if len(low) != 1:
            return None
        best, last = None, None
        mentions, known = self._mentions_of, self._name_words
        for e in self.entities:
            if e.kind != "person" or e.nominal:
                continue
            seen = mentions.get(e.id)
            if seen is None or (last is not None and seen[-1] < last):
                continue
            full = known.get(e.name)
            if full is None:
                full = self.name_words(e.name)
            if len(full) > 1 and full[-1] == low[0]:
                best, last = e, seen[-1]
        return best

    def paragraph_gap(self, a: int, b: int) -> int:
        """Paragraphs between two character offsets (a blank line, or two line breaks)."""
        return self.text.count("\n\n", a, b) + self.text.count("\n", a, b) // 2


def _first(pair: tuple[tuple[int, int], Entity]) -> tuple[int, int]:
    return pair[0]
