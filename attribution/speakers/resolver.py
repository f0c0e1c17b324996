"""Speaker resolution: from a mention in context to the speaker it names.

Within one article, names are grouped into speakers: a surname joins the full name used
earlier (`Perez` -> `Oscar Perez`), a nominal joins the body it names (`the ministry` ->
`the Interior Ministry`, `the government communique` -> `the Venezuelan government`), and
a pronoun goes to the nearest compatible earlier speaker (he/she to people, by title,
given name or earlier pronoun; they/it to organisations). A mention nothing resolves
keeps its own words as name if it names something, and no name if it is a pronoun.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from attribution.extract import syntax
from attribution.extract.decide import PREVIOUS_SPEAKER_PARAGRAPHS
from attribution.nlp.names import without_suffix
from attribution.ruleset.ids import ResolveRule
from attribution.ruleset.loader import Rules
from attribution.speakers import names

PERSON_ENTS = ("PERSON",)
ORG_ENTS = ("ORG", "GPE", "NORP", "FAC")
MEMBER_ENTS = ("NORP",)
NOT_NAME_POS = ("ADJ", "VERB", "ADV")


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


@dataclass(frozen=True)
class Resolved:
    """What a speaker mention resolved to, and by which rule."""

    name: str | None
    entity: int | None
    kind: str
    rule_id: str
    key: str | None = None


class Resolver:
    """Groups an article's mentions into entities, reading the article in order."""

    def __init__(self, doc: Doc, rules: Rules, *, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.rules = rules
        self.entities: list[Entity] = []
        self._mentions: list[tuple[int, int]] = []
        self._mentions_of: dict[int, list[tuple[int, int]]] = {}
        self._by_token: dict[int, int] = {}
        self._last_speaker: tuple[int, int] | None = None
        self._headers: set[int] = set()
        self._read(doc)

    def _read(self, doc: Doc) -> None:
        for ent in doc.ents:
            if names.is_column_header(ent.text, self.rules):
                self._headers.update(t.i for t in ent)
            elif ent.label_ in PERSON_ENTS:
                self._add_person(ent)
            elif ent.label_ in ORG_ENTS:
                self._add_org(ent)
        self._read_untagged_surnames(doc)

    def _read_untagged_surnames(self, doc: Doc) -> None:
        """A surname the NER left untagged (`Trump responded ...`) is still a mention of
        the one person the article names in full with it, so that a later `he` finds the
        person spoken of last."""
        by_surname: dict[str, list[Entity]] = {}
        for e in self.entities:
            full = without_suffix(e.name.lower().split(), self.rules.name_suffixes)
            if e.kind == "person" and len(full) > 1:
                by_surname.setdefault(full[-1], []).append(e)
        for tok in doc:
            people = by_surname.get(tok.lower_)
            if (
                people is not None
                and len(people) == 1
                and tok.pos_ == "PROPN"
                and not tok.ent_type_
                and tok.i not in self._headers
            ):
                self._seen(people[0], tok.idx)

    def _add_person(self, ent: Span) -> Entity:
        words = self._name_words(ent)
        if not words:
            words = [ent.text]
        gender = self._gender_of(ent)
        target = self._match_person(words, gender, tagged=True)
        if target is None:
            target = self._new(" ".join(words), "person")
        elif self._fuller(words, target.name):
            target.name = " ".join(words)
        target.words.update(w.lower() for w in words)
        target.gender = target.gender or gender
        roles, role_words = self._roles_before(ent)
        target.roles.update(roles)
        target.role_words.update(role_words | roles)
        self._seen(target, ent.start_char)
        for tok in ent:
            self._by_token[tok.i] = target.id
        return target

    def _fuller(self, words: list[str], name: str) -> bool:
        """Is `words` a fuller name of the same surname than `name`? A name that starts
        with a known given name is not replaced by one that does not."""
        old = name.split()
        if len(" ".join(words)) <= len(name) or words[-1].lower() != old[-1].lower():
            return False
        given = self.rules.given_names
        return words[0].lower() in given or old[0].lower() not in given or len(old) == 1

    def _add_org(self, ent: Span) -> Entity:
        words = [t.text for t in ent if not t.is_punct and t.lower_ != "the"]
        cut = names.headline_cut(words, self.rules)
        if cut != words:
            return self._add_headline_org(ent, cut)
        key = {w.lower() for w in words}
        person = self._named_surname(words)
        if person is not None:
            return self._join(person, ent)
        target = None
        for e in reversed(self.entities):
            same = key <= e.words or (e.words <= key and len(e.words) > 1)
            if e.kind == "org" and key and same:
                target = e
                break
        name = self._with_article(ent)
        if target is None:
            target = self._new(name, "org")
        elif len(name) > len(target.name):
            target.name = name
        target.words.update(key)
        target.plural = target.plural or ent.root.tag_ in ("NNS", "NNPS")
        self._seen(target, ent.start_char)
        for tok in ent:
            self._by_token[tok.i] = target.id
        return target

    def _named_surname(self, words: list[str]) -> Entity | None:
        """A lone word the NER took for a body or place (`Nervo wrote`) that is the
        surname of a person the article named in full before (`Frank Nervo`)."""
        low = [w.lower() for w in words if w != "'s"]
        if len(low) != 1:
            return None
        for e in self._recent_first(None):
            full = without_suffix(e.name.lower().split(), self.rules.name_suffixes)
            if e.kind == "person" and not e.nominal and len(full) > 1 and full[-1] == low[0]:
                return e
        return None

    def _join(self, target: Entity, ent: Span) -> Entity:
        self._seen(target, ent.start_char)
        for tok in ent:
            self._by_token[tok.i] = target.id
        return target

    def _add_headline_org(self, ent: Span, words: list[str]) -> Entity:
        """An ORG the parser read across a headline verb (`Trump Warns Clinton`): the
        words before the verb, a person the article names if they match one."""
        target = self._match_person(words) if words else None
        if target is None:
            target = self._new(" ".join(words) or ent.text, "org")
            target.words.update(w.lower() for w in words)
        self._seen(target, ent.start_char)
        for tok in ent[: len(words)]:
            self._by_token[tok.i] = target.id
        return target

    def _seen(self, entity: Entity, pos: int) -> None:
        bisect.insort(self._mentions, (pos, entity.id))
        bisect.insort(self._mentions_of.setdefault(entity.id, []), (pos, entity.id))

    def _recent_first(self, pos: int | None) -> Iterator[Entity]:
        """Entities mentioned before `pos` (anywhere when None), most recent first.

        The mentions are read backwards while that finds new entities; past twice as many
        mentions as there are entities, the others are ranked by their own last mention
        before `pos`, so a pronoun that fits nobody costs the number of entities, not of
        mentions (1 MB of one man's quotes and a `she` after each stays linear)."""
        i = len(self._mentions) if pos is None else bisect.bisect_left(self._mentions, (pos, -1))
        done: set[int] = set()
        stop = max(0, i - 2 * len(self.entities) - 8)
        for k in range(i - 1, stop - 1, -1):
            eid = self._mentions[k][1]
            if eid not in done:
                done.add(eid)
                yield self.entities[eid]
        if stop == 0:
            return
        bound = (pos, -1) if pos is not None else None
        last = []
        for eid, seen in self._mentions_of.items():
            j = len(seen) if bound is None else bisect.bisect_left(seen, bound)
            if eid not in done and j > 0:
                last.append(seen[j - 1])
        for _, eid in sorted(last, reverse=True):
            yield self.entities[eid]

    def _new(self, name: str, kind: str) -> Entity:
        ent = Entity(len(self.entities), name, kind)
        self.entities.append(ent)
        return ent

    def _name_words(self, span: Span) -> list[str]:
        """The words of a name, up to a colon (`Trump: Cruz Has ...`): no title, and no
        word the parse reads as an adjective or a verb before the proper nouns (`Injecting
        Clinton`, `Rival Hillary Clinton`), nor headline words or epithets
        (`names.person_name`)."""
        colon = next((t.i for t in span[1:] if t.text == ":"), span.end)
        toks = [
            t
            for t in span.doc[span.start : colon]
            if not t.is_punct and t.tag_ != "POS" and t.text != "'s"
        ]
        while toks and toks[0].lower_.rstrip(".") in self.rules.titles:
            toks = toks[1:]
        while (
            len(toks) > 1
            and toks[0].pos_ in NOT_NAME_POS
            and toks[1].pos_ == "PROPN"
            and toks[1].lower_.rstrip(".") not in self.rules.titles
        ):
            toks = toks[1:]
        return names.person_name([t.text for t in toks], self.rules)

    def _gender_of(self, ent: Span) -> str:
        before = ent.doc[max(0, ent.start - 2) : ent.start]
        for tok in list(before) + list(ent):
            gender = self.rules.titles.get(tok.lower_.rstrip("."), "")
            if gender:
                return gender
        first = self._name_words(ent)[:1]
        return self.rules.given_names.get(first[0].lower(), "") if first else ""

    def _roles_before(self, ent: Span) -> tuple[set[str], set[str]]:
        """Role nouns written next to a name, and the words of those roles: `police officer
        Oscar Perez`, `Perez, the officer`, `Republican nominee Donald Trump`, and the roles
        a title stands for (`Rep. Anthony Weiner`: a congressman)."""
        roles: set[str] = set()
        words: set[str] = set()
        before = self._attached_before(ent)
        for tok in [*before, *ent]:
            roles.update(self.rules.names.title_roles.get(tok.lower_.rstrip("."), ()))
        for tok in before:
            if self.rules.speaker_nouns.get(tok.lemma_.lower()) == "person":
                roles.add(tok.lemma_.lower())
                words.update(t.lower_ for t in tok.subtree if t.is_alpha)
                words.update(t.lower_ for t in before if t.is_alpha)
        for child in ent.root.children:
            if child.dep_ == "appos":
                roles.add(child.lemma_.lower())
                words.update(t.lower_ for t in child.subtree if t.is_alpha)
        return roles, words

    @staticmethod
    def _attached_before(ent: Span, most: int = 3) -> list[Token]:
        """The words right before a name that belong to its phrase (`Republican nominee`
        in `Republican nominee Donald Trump`): read backwards while each word's head is a
        later word of the phrase, or the name is in apposition to it (`candidate Donald
        Trump` parsed with the name under `candidate`), so `The judge agreed with Ivana
        Trump` gives none."""
        out: list[Token] = []
        i = ent.start - 1
        governs = ent.root.head if ent.root.dep_ in ("appos", "compound") else None
        while i >= max(0, ent.start - most):
            tok = ent.doc[i]
            if not tok.i < tok.head.i < ent.end and tok != governs:
                break
            out.insert(0, tok)
            i -= 1
        return out

    def _match_person(
        self, words: list[str], gender: str = "", *, tagged: bool = False
    ) -> Entity | None:
        """The person a name stands for: one with its surname, unless the two are told
        apart by their given names or gender (`Bill Clinton` and `Hillary Clinton`, `Mrs.
        Clinton` and `Bill Clinton`). A surname alone is the person of that name mentioned
        most so far (the article's Clinton, not a relative named once), the most recent
        on a tie. `tagged`: the words are a PERSON entity of the NER, whose first word is
        taken for a given name even when no list knows it (`Jeh Johnson`)."""
        low = without_suffix([w.lower() for w in words], self.rules.name_suffixes)
        found = []
        for e in self._recent_first(None):
            if e.kind != "person" or (gender and e.gender and gender != e.gender):
                continue
            full = without_suffix(e.name.lower().split(), self.rules.name_suffixes)
            if not full or not low:
                continue
            surname = low[-1] == full[-1] and not self._other_given_name(low, full, tagged)
            if surname or (len(low) == 1 and low[0] in e.words):
                found.append(e)
        if len(low) > 1 or len(found) < 2:
            return found[0] if found else None
        return max(found, key=lambda e: len(self._mentions_of[e.id]))

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

    @staticmethod
    def _with_article(span: Span) -> str:
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].lower_ == "the":
            return doc[span.start - 1 : span.end].text
        return span.text

    def resolve(self, head: Token) -> Resolved:
        """Resolve one speaker mention; call in reading order of the mentions. The result
        carries the speaker's cross-article key (`names.speaker_key`): named people and
        bodies have one, nominals and unresolved pronouns none."""
        result = self._resolve(head)
        if result.entity is not None:
            self._seen(self.entities[result.entity], head.idx)
            self._last_speaker = (result.entity, head.idx)
            e = self.entities[result.entity]
            if not e.nominal and e.kind != "nominal":
                key = names.speaker_key(e.name, e.kind, self.rules)
                return Resolved(result.name, result.entity, result.kind, result.rule_id, key)
        return result

    def _resolve(self, head: Token) -> Resolved:
        if head.i in self._headers or names.is_column_header(self._mention_text(head), self.rules):
            return Resolved(None, None, "name", ResolveRule.COLUMN_HEADER)
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            antecedent = self._resolve(head.head.head)
            return Resolved(antecedent.name, antecedent.entity, "pronoun", ResolveRule.RELATIVE)
        if head.i in self._by_token:
            e = self.entities[self._by_token[head.i]]
            if e.kind == "org" and self._one_member(head):
                return self._member(head)
            group = self._group(head, e)
            if group is not None:
                return Resolved(group.name, group.id, "name", ResolveRule.GROUP)
            return Resolved(e.name, e.id, "name", ResolveRule.entity(e.kind))
        named = self._named_inside(head)
        if named is not None:
            return Resolved(named.name, named.id, "name", ResolveRule.APPOSITION)
        if head.dep_ == "appos" and head.head.i in self._by_token:
            e = self.entities[self._by_token[head.head.i]]
            return Resolved(e.name, e.id, "nominal", ResolveRule.APPOSITION)
        lemma = head.lemma_.lower()
        pron = self.rules.pronouns.get(head.lower_)
        if pron is not None and head.pos_ == "PRON":
            return self._pronoun(head, pron)
        if head.pos_ == "PROPN":
            return self._proper(head)
        category = self.rules.speaker_nouns.get(lemma)
        if category is not None:
            return self._nominal(head, category)
        text = self._mention_text(head)
        words = text.split(":")[0].split()
        cut = names.headline_cut(words, self.rules)
        if cut != text.split():
            person = self._match_person(cut) if cut else None
            if person is not None:
                return Resolved(person.name, person.id, "name", ResolveRule.HEADLINE)
            return Resolved(" ".join(cut) or None, None, "nominal", ResolveRule.HEADLINE)
        return Resolved(text, None, "nominal", ResolveRule.AS_WRITTEN)

    def _group(self, head: Token, first: Entity) -> Entity | None:
        """`Mr. Grassley and Mr. Leahy`: named people joined by `and` speak as one group,
        named by them all (`Charles E. Grassley and Patrick J. Leahy`). A group is no one
        person, so it has no speaker key; `they` may refer to it."""
        if first.kind != "person":
            return None
        people = [first]
        for tok in head.conjuncts:
            eid = self._by_token.get(tok.i)
            if eid is not None and tok.i > head.i and eid not in {e.id for e in people}:
                people.append(self.entities[eid])
        if len(people) < 2 or any(e.kind != "person" for e in people):
            return None
        name = " and ".join(e.name for e in people)
        found = next((e for e in self.entities if e.kind == "nominal" and e.name == name), None)
        if found is None:
            found = self._new(name, "nominal")
            found.words = {w for e in people for w in e.words}
            found.nominal = found.plural = True
        return found

    @staticmethod
    def _one_member(head: Token) -> bool:
        """`the Wisconsin Republican`, `a Democrat`: a party or nation word the NER tags
        as a group, used as a singular noun with its own determiner, names one person of
        that group, not the group (nor the party whose name holds the word)."""
        return (
            head.ent_type_ in MEMBER_ENTS
            and head.tag_ == "NNP"
            and head.dep_ not in ("compound", "amod")
            and any(child.dep_ == "det" and child.i < head.i for child in head.children)
        )

    def _member(self, head: Token) -> Resolved:
        """One member of a group (`_one_member`). A definite one (`the Republican`) is a
        person named before: the one with that role (`_by_role`), else kept as written
        and joined to no one, so that a later `he` still finds the person it stands for.
        An indefinite one (`a Democrat`) is a new person, as written."""
        lo, hi = syntax.mention_range(head)
        lemma = head.lemma_.lower()
        words = {
            t.lower_ for t in self.doc[lo:hi] if t.is_alpha and t.lower_ not in ("the", "a", "an")
        }
        text = self.doc[lo:hi].text
        if self.doc[lo].lower_ in self.rules.names.definite:
            found = self._by_role(head, lemma, words)
            return found or Resolved(text, None, "nominal", ResolveRule.AS_WRITTEN)
        e = self._new(text, "person")
        e.words = words | {lemma}
        e.nominal = True
        self._seen(e, head.idx)
        return Resolved(text, e.id, "nominal", ResolveRule.NEW_NOMINAL)

    def _named_inside(self, head: Token) -> Entity | None:
        """`The authority's chief executive, Daniel Brandt`: the person an apposition names."""
        if head.pos_ != "NOUN":
            return None
        for child in head.children:
            if child.dep_ != "appos":
                continue
            for tok in child.subtree:
                e = self.entities[self._by_token[tok.i]] if tok.i in self._by_token else None
                if e is not None and e.kind == "person":
                    return e
        return None

    def _mention_text(self, head: Token) -> str:
        lo, hi = syntax.mention_range(head)
        return self.doc[lo:hi].text

    def _proper(self, head: Token) -> Resolved:
        """A name the NER did not tag: the mention up to its head (`Ana Ruiz`, not `Ana Ruiz,
        Porthaven`). A title alone (`Senator from Texas`) is no name: it is the one person
        named before with that role, or stays as written."""
        lo, hi = syntax.mention_range(head)
        named = self._person_after(head, hi)
        if named is not None:
            return Resolved(named.name, named.id, "name", ResolveRule.APPOSITION)
        words = self._name_words(self.doc[lo : head.i + 1])
        if not words and head.lower_.rstrip(".") in self.rules.titles:
            lemma = head.lemma_.lower()
            found = self._by_role(head, lemma, {lemma})
            text = self.doc[lo:hi].text
            return found or Resolved(text, None, "nominal", ResolveRule.AS_WRITTEN)
        words = words or [head.text]
        person = self._match_person(words)
        if person is not None:
            return Resolved(person.name, person.id, "name", ResolveRule.SURNAME)
        e = self._new(" ".join(words), "person" if head.ent_type_ == "" else "org")
        e.words = {w.lower() for w in words}
        return Resolved(e.name, e.id, "name", ResolveRule.NEW_NAME)

    def _person_after(self, head: Token, hi: int) -> Entity | None:
        """`Sirius XM Vice President for news and talk Dave Gorab`: a title the parse
        took for the head of a mention whose own words go on to a person's name; the one
        person named after a head that is a title or a person noun (rules/titles.toml,
        rules/speakers.toml), before a comma (`Todd Rogers and Adan Acevedo`, headed by a
        name, is a group, not Acevedo)."""
        lemma = head.lemma_.lower()
        title = head.lower_.rstrip(".") in self.rules.titles
        if not title and self.rules.speaker_nouns.get(lemma) != "person":
            return None
        found: set[int] = set()
        for tok in self.doc[head.i + 1 : hi]:
            if tok.text == ",":
                break
            eid = self._by_token.get(tok.i)
            if eid is not None:
                found.add(eid)
        people = [self.entities[i] for i in found if self.entities[i].kind == "person"]
        return people[0] if len(found) == 1 and len(people) == 1 else None

    def _pronoun(self, head: Token, category: str) -> Resolved:
        wanted = {
            "male": ("person",),
            "female": ("person",),
            "plural": ("org", "nominal", "person"),
            "neuter": ("org", "nominal"),
        }
        kinds = wanted.get(category)
        if kinds is None:
            return Resolved(None, None, "pronoun", ResolveRule.PRONOUN_UNRESOLVED)
        gender = category if category in ("male", "female") else ""

        def fits(e: Entity) -> bool:
            return e.kind in kinds and self._compatible(e, category, gender)

        subject = self._subject_before(head)
        if subject is not None and fits(subject):
            return Resolved(subject.name, subject.id, "pronoun", ResolveRule.PRONOUN_NEAREST)
        if self._last_speaker is not None:
            eid, pos = self._last_speaker
            prev = self.entities[eid]
            near = self._paragraph_gap(pos, head.idx) <= PREVIOUS_SPEAKER_PARAGRAPHS
            if fits(prev) and pos < head.idx and near:
                prev.gender = prev.gender or gender
                return Resolved(prev.name, prev.id, "pronoun", ResolveRule.PRONOUN_PREVIOUS_SPEAKER)
        best = next((e for e in self._recent_first(head.idx) if fits(e)), None)
        if best is None:
            return Resolved(None, None, "pronoun", ResolveRule.PRONOUN_UNRESOLVED)
        best.gender = best.gender or gender
        return Resolved(best.name, best.id, "pronoun", ResolveRule.PRONOUN_NEAREST)

    def _subject_before(self, head: Token) -> Entity | None:
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
            if tok.dep_ == "nsubj" and tok.i in self._by_token and tok.head == sent.root:
                e = self.entities[self._by_token[tok.i]]
                return e if e.kind == "person" and not e.nominal else None
        return None

    @staticmethod
    def _compatible(e: Entity, category: str, gender: str) -> bool:
        if gender:
            return e.kind == "person" and e.gender in ("", gender) and not e.plural
        if category == "plural":
            return e.kind != "person" or e.plural
        return not e.plural

    def _paragraph_gap(self, a: int, b: int) -> int:
        return self.text.count("\n\n", a, b) + self.text.count("\n", a, b) // 2

    def _nominal(self, head: Token, category: str) -> Resolved:
        if category == "document":
            return self._document(head)
        lo, hi = syntax.mention_range(head)
        words = {
            t.lower_ for t in self.doc[lo:hi] if t.is_alpha and t.lower_ not in ("the", "a", "an")
        }
        lemma = head.lemma_.lower()
        phrase_start = syntax.mention_range(head.head)[0] if head.dep_ == "compound" else lo
        definite = self.doc[phrase_start].lower_ in self.rules.names.definite
        refers_back = definite or category == "body"
        if category == "person" and head.tag_ in ("NN", "NNP") and self.doc[lo].lower_ == "the":
            found = self._by_role(head, lemma, words)
            if found is not None:
                return found
        for e in self._recent_first(head.idx) if refers_back else ():
            if (
                (e.kind in ("org", "nominal") or e.nominal)
                and lemma in e.words
                and words <= e.words
            ):
                return Resolved(e.name, e.id, "nominal", ResolveRule.NOMINAL)
        text = self.doc[lo:hi].text
        if lo + 1 < hi and self.doc[lo].lower_ in self.rules.names.epithets:
            text = self.doc[lo + 1 : hi].text
        e = self._new(text, "nominal" if category != "person" else "person")
        e.words = words | {lemma}
        e.nominal = True
        e.plural = head.tag_ in ("NNS", "NNPS")
        self._seen(e, head.idx)
        return Resolved(e.name, e.id, "nominal", ResolveRule.NEW_NOMINAL)

    def _by_role(self, head: Token, lemma: str, words: set[str]) -> Resolved | None:
        """`the congressman`, `the Republican nominee`: the one person named before whose
        role is that noun and whose role words hold the mention's other words. A role
        written with a word that makes it another role (`Vice President Joseph Biden`,
        rules/speaker_names.toml [role_modifiers]) fits only a mention that has the word
        too. Only a definite mention (`the ...`) refers back; with two such people, none
        is picked (`resolve.role_ambiguous`, the mention kept as written)."""
        wanted = words - {lemma, head.lower_}
        other_role = self.rules.names.role_modifiers - words
        fits = [
            e
            for e in self._recent_first(head.idx)
            if e.kind == "person"
            and not e.nominal
            and lemma in e.roles
            and wanted <= e.role_words | e.words
            and not e.role_words & other_role
        ]
        if len(fits) == 1:
            return Resolved(fits[0].name, fits[0].id, "nominal", ResolveRule.ROLE)
        if len(fits) > 1:
            lo, hi = syntax.mention_range(head)
            return Resolved(self.doc[lo:hi].text, None, "nominal", ResolveRule.ROLE_AMBIGUOUS)
        return None

    def _document(self, head: Token) -> Resolved:
        """`the government communique` speaks for the government; `the statement` (a
        definite statement noun, rules/speaker_names.toml [statements]) for the body that
        spoke last; `a 2014 study`, `the poll` keep their own words."""
        for child in head.children:
            if child.dep_ in ("compound", "amod", "poss") and child.i < head.i:
                if child.i in self._by_token:
                    e = self.entities[self._by_token[child.i]]
                    return Resolved(e.name, e.id, "nominal", ResolveRule.DOCUMENT_OWNER)
                if self.rules.speaker_nouns.get(child.lemma_.lower()) == "body":
                    found = self._nominal(child, "body")
                    return Resolved(found.name, found.entity, "nominal", ResolveRule.DOCUMENT_OWNER)
        lo, hi = syntax.mention_range(head)
        statement = (
            head.lemma_.lower() in self.rules.names.statements
            and self.doc[lo].lower_ == "the"
            and head.tag_ == "NN"
        )
        if self._last_speaker is not None and statement:
            prev = self.entities[self._last_speaker[0]]
            if prev.kind in ("org", "nominal"):
                rule = ResolveRule.DOCUMENT_PREVIOUS_SPEAKER
                return Resolved(prev.name, prev.id, "nominal", rule)
        return Resolved(self.doc[lo:hi].text, None, "nominal", ResolveRule.AS_WRITTEN)
