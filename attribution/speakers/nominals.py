"""Nominal speaker mentions resolved: roles, bodies, documents, groups and members.

`the congressman` goes to the one person named before in that role, `the ministry` to
the body whose words it shares, `the government communique` to the body that owns it,
`Mr. Grassley and Mr. Leahy` to the group of both, `the Wisconsin Republican` to one
member of a party, not the party. Where two people fit a role, none is picked.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from attribution.extract import syntax
from attribution.ruleset.ids import ResolveRule
from attribution.speakers.entities import Entities, Entity, Resolved

MEMBER_ENTS = ("NORP",)
BODY_JOINS = ("ORG",)
"""NER types of a body that may speak with a named person it is joined to."""
MISREAD_NAME_ENTS = ("", "GPE", "LOC", "ORG")
"""What the NER makes of a person's name it does not know (`Ana Lima`: `Lima` a place;
`Nadia Petrov` a body)."""
BODY_CLASSES = ("body", "media", "document")
"""Noun classes of rules/speakers.toml a body's name in apposition names (`The state
news agency KNA`)."""


def nominal(table: Entities, head: Token, category: str) -> Resolved:
    """A speaker noun of `category` (rules/speakers.toml): a document, a role that refers
    back to a named person, a definite nominal or a body that refers back to the one
    whose words it shares (of several, the latest that spoke before, else the latest
    named: `the court` is the appeals court that ruled, not the supreme court it may be
    appealed to), else a new nominal entity. A body never refers back to a person whose
    words hold its noun (`The company said` after `A company spokesman said`)."""
    if category == "document":
        return document(table, head)
    doc, rules = table.doc, table.rules
    lo, hi = table.mention_range(head)
    words = {t.lower_ for t in doc[lo:hi] if t.is_alpha and t.lower_ not in ("the", "a", "an")}
    lemma = head.lemma_.lower()
    phrase_start = table.mention_range(head.head)[0] if head.dep_ == "compound" else lo
    definite = doc[phrase_start].lower_ in rules.names.definite
    refers_back = definite or category == "body"
    if category == "person" and head.tag_ in ("NN", "NNP") and doc[lo].lower_ == "the":
        found = by_role(table, head, lemma, words)
        if found is not None:
            return found
    if category == "body" and definite and head.tag_ == "NN":
        found = by_body_role(table, head, lemma, words)
        if found is not None:
            return found
    fits = [
        e
        for e in (table.recent_first(head.idx) if refers_back else ())
        if (e.kind in ("org", "nominal") or e.nominal)
        and lemma in e.words
        and words <= e.words
        and not (category == "body" and e.kind == "person")
    ]
    if fits:
        e = next((e for e in fits if e.id in table.speakers), fits[0])
        return Resolved(e.name, e.id, "nominal", ResolveRule.NOMINAL)
    while hi - 1 > lo and doc[hi - 1].tag_ == "POS":
        hi -= 1  # an owner's name has no possessive (`the league's own statistics`)
    hi = _before_relative_clause(head, lo, hi)
    lo = focus_start(head, lo, rules.names.focus_words)
    text = doc[lo:hi].text
    if lo + 1 < hi and doc[lo].lower_ in rules.names.epithets:
        text = doc[lo + 1 : hi].text
    e = table.new(text, "nominal" if category != "person" else "person")
    e.words = words | {lemma}
    e.gender = _noun_gender(table, lemma) if category == "person" else ""
    e.nominal = True
    e.plural = head.tag_ in ("NNS", "NNPS")
    table.seen(e, head.idx)
    return Resolved(e.name, e.id, "nominal", ResolveRule.NEW_NOMINAL)


def focus_start(head: Token, lo: int, focus_words: Collection[str]) -> int:
    """Where a nominal's name starts in its mention from `lo`: after the focusing
    adverbs of `focus_words` that open it (`Even those who ...`, `even some`, `Even
    people`; rules/speaker_names.toml [focus_words]), which tell how the words are
    meant, not who speaks."""
    doc = head.doc
    while lo < head.i and doc[lo].pos_ == "ADV" and doc[lo].lower_ in focus_words:
        lo += 1
    return lo


def by_role(table: Entities, head: Token, lemma: str, words: set[str]) -> Resolved | None:
    """`the congressman`, `the Republican nominee`: the one person named before whose
    role is that noun and whose role words hold the mention's other words. A role
    written with a word that makes it another role (`Vice President Joseph Biden`,
    rules/speaker_names.toml [role_modifiers]) fits only a mention that has the word
    too. Only a definite mention (`the ...`) refers back; with two such people, none
    is picked (`resolve.role_ambiguous`, the mention kept as written)."""
    wanted = words - {lemma, head.lower_}
    other_role = table.rules.names.role_modifiers - words
    fits = [
        e
        for e in table.recent_first(head.idx)
        if e.kind == "person"
        and not e.nominal
        and lemma in e.roles
        and wanted <= e.role_words | e.words
        and not e.role_words & other_role
    ]
    if len(fits) == 1:
        return Resolved(fits[0].name, fits[0].id, "nominal", ResolveRule.ROLE)
    if len(fits) > 1:
        lo, hi = table.mention_range(head)
        return Resolved(table.doc[lo:hi].text, None, "nominal", ResolveRule.ROLE_AMBIGUOUS)
    return None


def by_body_role(table: Entities, head: Token, lemma: str, words: set[str]) -> Resolved | None:
    """`the company`, `the group`: the one body named before in a role that this noun
    refers back to (rules/speaker_names.toml [body_roles]: `Corvane, the home appliance
    maker` is `the company`), whose role words and name hold the mention's other words.
    A name the NER read as a person's, given such a role in apposition (`Tavora, the
    kitchen appliance company`), is that body too, when no other body was mentioned
    since (`the oil giant Exxon Mobil. The company reported`, after `Alphabet, the parent
    company of Google`, is Exxon's: not this rule's). With two such bodies (`Halden, the
    packaging company, and Mirow, a rival paper company`), none is picked
    (`resolve.body_role_ambiguous`, the mention kept as written)."""
    known = table.rules.names.body_roles
    wanted = words - {lemma, head.lower_}
    fits = []
    latest = None  # the body mentioned last: another one there is the one meant
    for e in table.recent_first(head.idx):
        fit = (
            e.kind in ("org", "person")
            and not e.nominal
            and any(lemma in known.get(role, ()) for role in e.roles)
            and wanted <= e.role_words | e.words
        )
        if fit:
            fits.append(e)
        if latest is None and (fit or e.kind != "person"):
            latest = e
    if latest is None or latest not in fits:
        return None
    if len({e.name.lower() for e in fits}) == 1:  # a name the NER read two ways is one
        return Resolved(fits[0].name, fits[0].id, "nominal", ResolveRule.BODY_ROLE)
    lo, hi = table.mention_range(head)
    text = table.doc[lo:hi].text
    return Resolved(text, None, "nominal", ResolveRule.BODY_ROLE_AMBIGUOUS)


def document(table: Entities, head: Token) -> Resolved:
    """`the government communique` and `a statement from the government` speak for the
    government; `the statement` (a definite statement noun, rules/speaker_names.toml
    [statements]) for the body that spoke last, or for the person who spoke last when
    he spoke `in a statement` just before (`_gave_statement`); `a 2014 study`, `the
    poll` keep their own words."""
    for child in _owners(head, table.rules.words.owner_prepositions):
        owner = table.at(child.i)
        if owner is not None:
            return Resolved(owner.name, owner.id, "nominal", ResolveRule.DOCUMENT_OWNER)
        if table.rules.speaker_nouns.get(child.lemma_.lower()) == "body":
            found = nominal(table, child, "body")
            return Resolved(found.name, found.entity, "nominal", ResolveRule.DOCUMENT_OWNER)
    lo, hi = table.mention_range(head)
    statement = (
        head.lemma_.lower() in table.rules.names.statements
        and table.doc[lo].lower_ == "the"
        and head.tag_ == "NN"
    )
    if table.last_speaker is not None and statement:
        prev = table.entities[table.last_speaker[0]]
        if prev.kind in ("org", "nominal"):
            rule = ResolveRule.DOCUMENT_PREVIOUS_SPEAKER
            return Resolved(prev.name, prev.id, "nominal", rule)
        if _gave_statement(table, head, table.last_speaker[1]):
            rule = ResolveRule.DOCUMENT_STATEMENT_GIVER
            return Resolved(prev.name, prev.id, "nominal", rule)
    return Resolved(table.doc[lo:hi].text, None, "nominal", ResolveRule.AS_WRITTEN)


def _gave_statement(table: Entities, head: Token, pos: int) -> bool:
    """Did the previous speaker, mentioned at character `pos`, speak `in` a statement
    (a noun of rules/speaker_names.toml [statements]: `Mullane said in a statement`, `In
    a statement read by his lawyer, Victor Hale said`) in the sentence of that mention,
    the sentence of `head` or the one before it? Then `the statement` of `head` is his."""
    doc = table.doc
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sent = span[0].sent
    here = head.sent
    before = doc[here.start - 1].sent if here.start > 0 else here
    if sent.start not in (here.start, before.start):
        return False
    statements = table.rules.names.statements
    return any(
        tok.lemma_.lower() in statements
        and tok.dep_ == "pobj"
        and tok.head.lower_ == syntax.MEDIUM_PREPOSITION
        and tok.i < head.i
        for tok in sent
    )


def _owners(head: Token, prepositions: frozenset[str]) -> list[Token]:
    """The words that may name who put a document out: a name or noun before it (`the
    government communique`, `the ministry's statement`), else the object of one of
    `prepositions` after it (`owner_prepositions` of rules/speakers.toml: `a statement
    from the defence ministry`, `a report by the agency`). An adjective is no owner,
    though the NER tag it (`a Nordic study`, `the Russian statement`: no one named)."""
    before = [
        c
        for c in head.children
        if c.dep_ in ("compound", "amod", "poss") and c.i < head.i and c.tag_ != "JJ"
    ]
    after = [
        obj
        for prep in head.rights
        if prep.dep_ == "prep" and prep.lower_ in prepositions
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    return before + after


def group(table: Entities, head: Token, first: Entity) -> Entity | None:
    """`Mr. Grassley and Mr. Leahy`: a named person joined by `and` to others speaks
    with them as one group, named by them all (`Charles E. Grassley and Patrick J.
    Leahy`); an other that no name of the article stands for is named as written
    (`Mr. Rubio and his advisers` -> `Marco Rubio and his advisers`); a surname the NER
    left untagged is the person of that name (`Paradis and Bennett`). A group is no one
    person, so it has no speaker key; `they` may refer to it. Only people, bodies and
    the nouns of people and bodies (rules/speakers.toml) join, and the unnamed people of
    `group_companions` (`Edwards and others`, `Mr. Autor and his colleagues`): a body
    the NER tagged as one joins as written (`Clinton and the DNC` -> `Hillary Clinton
    and the DNC`), and so do a party's or nation's people in the plural (`Clinton and
    national Democrats`); one of a party (`Steve Bell ... and a Republican`) or a place
    makes no group, nor does a parse that joins a verb (`Trump and has aides`), a thing
    (`Obama and Clinton's gut reaction`) or an unknown word (`Sen. Bernie Sanders
    (I-Vt`)."""
    if first.kind != "person":
        return None
    members = [first.name]
    ids = [first.id]
    words = set(first.words)
    for tok in head.conjuncts:
        if tok.i < head.i:
            continue
        eid = table.by_token.get(tok.i)
        if eid is None and tok.pos_ == "PROPN":
            person = table.match_person([tok.text])
            eid = None if person is None else person.id
        if eid is not None and table.entities[eid].kind == "person":
            if eid not in ids:
                ids.append(eid)
                members.append(table.entities[eid].name)
                words |= table.entities[eid].words
        elif eid is not None and not _body_or_people(tok):
            return None
        elif eid is not None and any(c.dep_ == "case" for c in tok.children):
            continue  # a body's possessive names whose the next one is (`TBN's Jan Crouch`)
        elif eid is not None or _speaks(table, tok) or _companion(table, tok):
            text = _own_words(tok)
            members.append(text)
            words |= {w.lower() for w in text.split()}
    if len(members) < 2:
        return None
    name = " and ".join(members)
    found = next((e for e in table.entities if e.kind == "nominal" and e.name == name), None)
    if found is None:
        found = table.new(name, "nominal")
        found.words = words
        found.nominal = found.plural = True
        found.members = tuple(ids)
    return found


def _speaks(table: Entities, tok: Token) -> bool:
    """Can a conjunct that names no one speak with a named person: a noun of people or
    bodies (`advisers`, `the campaign`, rules/speakers.toml)?"""
    category = table.rules.speaker_nouns.get(tok.lemma_.lower())
    return tok.pos_ == "NOUN" and category in ("person", "body")


def _body_or_people(tok: Token) -> bool:
    """A conjunct the NER tagged as a body (`the DNC`, `the State Department`), or as a
    party's or nation's people in the plural (`national Democrats`), not as one member
    (`a Republican`)."""
    return tok.ent_type_ in BODY_JOINS or (tok.ent_type_ in MEMBER_ENTS and tok.tag_ == "NNPS")


def _companion(table: Entities, tok: Token) -> bool:
    """Unnamed people that speak with the person they are joined to (`others`, `his
    colleagues`, `group_companions` of rules/speakers.toml)."""
    companions = table.rules.words.group_companions
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in companions or tok.lower_ in companions)


def _own_words(tok: Token) -> str:
    """A conjunct's own phrase, without the conjuncts that hang from it (`his advisers`
    of `Mr. Rubio and his advisers`)."""
    lo, hi = syntax.mention_range(tok)
    stop = [c.i for c in tok.children if c.dep_ in ("cc", "conj") and c.i > tok.i]
    hi = min([hi, *stop])
    while hi - 1 > tok.i and (tok.doc[hi - 1].is_punct or tok.doc[hi - 1].is_space):
        hi -= 1
    return tok.doc[lo:hi].text


def one_member(head: Token) -> bool:
    """`the Wisconsin Republican`, `a Democrat`: a party or nation word the NER tags
    as a group, used as a singular noun with its own determiner, names one person of
    that group, not the group (nor the party whose name holds the word)."""
    return (
        head.ent_type_ in MEMBER_ENTS
        and head.tag_ == "NNP"
        and head.dep_ not in ("compound", "amod")
        and any(child.dep_ == "det" and child.i < head.i for child in head.children)
    )


def member(table: Entities, head: Token) -> Resolved:
    """One member of a group (`one_member`). A definite one (`the Republican`) is a
    person named before: the one with that role (`by_role`), else kept as written
    and joined to no one, so that a later `he` still finds the person it stands for.
    An indefinite one (`a Democrat`) is a new person, as written."""
    doc = table.doc
    lo, hi = table.mention_range(head)
    lemma = head.lemma_.lower()
    words = {t.lower_ for t in doc[lo:hi] if t.is_alpha and t.lower_ not in ("the", "a", "an")}
    text = doc[lo:hi].text
    if doc[lo].lower_ in table.rules.names.definite:
        found = by_role(table, head, lemma, words)
        return found or Resolved(text, None, "nominal", ResolveRule.AS_WRITTEN)
    e = table.new(text, "person")
    e.words = words | {lemma}
    e.nominal = True
    table.seen(e, head.idx)
    return Resolved(text, e.id, "nominal", ResolveRule.NEW_NOMINAL)


def named_inside(table: Entities, head: Token) -> Entity | None:
    """`The authority's chief executive, Daniel Brandt`: the person an apposition names.
    A role of a person (rules/speakers.toml) in apposition with two or more proper nouns
    and nothing else is named by them even where the NER tagged none, or another kind
    (`A union spokeswoman, Ana Lima`, with `Lima` read as a place; `the company's
    founder, Nadia Petrov`, read as a body). A role written as a proper noun the NER
    tagged as nothing (`The Speaker, Dame Lorraine Hughes`) is named by the person of
    its apposition too. A body, outlet or document noun is named by the body its
    apposition's head is (`The state news agency KNA`, `The rights group, Human Rights
    Watch`)."""
    proper = head.pos_ == "PROPN" and table.at(head.i) is None
    if head.lower_ in table.rules.words.partitives:
        return _partitive_named(table, head)
    if head.pos_ != "NOUN" and not proper:
        return None
    category = table.rules.speaker_nouns.get(head.lemma_.lower())
    if category == "person":
        after = _named_after_phrase(table, head)
        if after is not None:
            return after
    for child in head.children:
        if child.dep_ != "appos":
            continue
        if proper and any(t.text == ":" for t in head.doc[head.i : child.i]):
            continue  # `Q: Bernie's a socialist`: a label, not a role
        # a proper noun's apposition names it only by its own head (`Simmons, an Obama
        # supporter` is not Obama); a role's, by its head first, and never by a name
        # compounded with another noun (`his wife, longtime Nora Pell aide Dana
        # Albright` is Albright, not Pell)
        for tok in [child] if proper else [child, *child.subtree]:
            e = table.at(tok.i)
            if e is not None and e.kind == "person" and not _describes_a_noun(table, tok):
                return e
        if not proper and category == "person":
            untagged = _untagged_name(table, child)
            if untagged is not None:
                return untagged
        # a body, outlet or document named by the body its apposition's head is (`The
        # state news agency KNA`, `the technology website GadgetLine`)
        named = table.at(child.i) if not proper and category in BODY_CLASSES else None
        if named is not None and named.kind == "org":
            return named
    return None


def _describes_a_noun(table: Entities, tok: Token) -> bool:
    """Is the name that `tok` is a word of a compound of a common noun outside it (`Nora
    Pell` of `Nora Pell aide`)? A possessive name is not set aside: the parse hangs the
    person an apposition names on a thing of theirs that way too."""
    e = table.at(tok.i)
    while tok.dep_ in ("compound", "flat") and table.at(tok.head.i) is e and tok.head.i > tok.i:
        tok = tok.head
    return tok.dep_ == "compound" and tok.head.pos_ == "NOUN"


def _partitive_named(table: Entities, head: Token) -> Entity | None:
    """`One of them, Ray Hollins, said`: one of a group (a word of `[word_sets]
    partitives` of rules/speakers.toml) is the one person named in apposition to it,
    after a comma."""
    doc = head.doc
    for child in head.children:
        if child.dep_ != "appos" or doc[child.left_edge.i - 1].text != ",":
            continue  # not `one or more of his rivals (Sanders, Clinton or Trump)`
        e = table.at(child.i)
        if (
            e is not None
            and e.kind == "person"
            and not any(c.dep_ == "conj" for c in child.children)
        ):
            return e
    return None


def _named_after_phrase(table: Entities, head: Token) -> Entity | None:
    """`a forensic accountant called by the Crown, Dr. Keith Marlow, told the court`: the
    parser hangs the name in apposition on the last noun of the role's participle phrase
    (`the Crown`); a person's name that ends that phrase, set off by commas, hung on a
    noun that is no person, names the role."""
    for phrase in head.children:
        if phrase.dep_ != "acl" or phrase.i < head.i:
            continue
        last = phrase.right_edge
        while last.is_punct and last.i > phrase.i:
            last = head.doc[last.i - 1]
        end = last.i + 1
        if end >= len(head.doc) or head.doc[end].text != ",":
            continue
        e = table.at(last.i)
        if e is None or e.kind != "person":
            continue
        name = last
        while name.dep_ == "compound" and name.head.i > name.i:
            name = name.head
        owner = name.head
        named = table.at(owner.i)
        if (
            name.dep_ == "appos"
            and head.doc[name.left_edge.i - 1].text == ","
            and (named is None or named.kind != "person")
            and table.rules.speaker_nouns.get(owner.lemma_.lower()) != "person"
        ):
            return e
    return None


def _untagged_name(table: Entities, appos: Token) -> Entity | None:
    """The person two or more capitalised proper nouns name, when they are all of the
    apposition `appos` and the NER read them as no entity, a place or a body
    (`MISREAD_NAME_ENTS`), and none is a noun of speakers (`the club's owner, Harbor
    Sports Group` is a body); joined to the person of that name met before, else a new
    one. A body the NER made of the name becomes that person, with its other mentions
    (a later `Petrov` the NER read as the same body). Titles before the name and an
    age or a `of`/`from` phrase after it are not the name (`Professor Anders Lindqvist
    of Uppsala`, `Darren Holt, 52`)."""
    toks = _name_part(table, appos)
    if (
        toks is None
        or len(toks) < 2
        or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in toks)
    ):
        return None
    if any(t.ent_type_ not in MISREAD_NAME_ENTS for t in toks):
        return None
    if any(t.lemma_.lower() in table.rules.speaker_nouns for t in toks):
        return None
    words = [t.text for t in toks]
    person = table.match_person(words) or _body_misread(table, toks)
    person = person or table.new(" ".join(words), "person")
    person.words.update(w.lower() for w in words)
    return table.join(person, appos.doc[toks[0].i : toks[-1].i + 1])


def _name_part(table: Entities, appos: Token) -> list[Token] | None:
    """The words of an apposition that may be a name: from its first word to its head,
    titles at the front set aside; None when something other than an age or a place
    phrase follows the head."""
    for child in appos.rights:
        if child.is_punct:
            continue
        age = child.dep_ in ("appos", "npadvmod", "amod") and child.like_num
        place = child.dep_ == "prep" and child.lower_ in ("of", "from")
        if not (age or place) or (age and any(True for _ in child.children)):
            return None
    toks = list(appos.doc[appos.left_edge.i : appos.i + 1])
    titles = table.rules.titles
    while toks and toks[0].lower_.rstrip(".") in titles:
        toks = toks[1:]
    return toks


def _body_misread(table: Entities, toks: list[Token]) -> Entity | None:
    """The body entity the NER made of these name words alone, turned into a person."""
    body = table.at(toks[0].i)
    if body is None or body.kind != "org" or any(table.at(t.i) is not body for t in toks):
        return None
    body.kind = "person"
    body.name = " ".join(t.text for t in toks)
    return body


def _before_relative_clause(head: Token, lo: int, hi: int) -> int:
    """The end of a nominal's name: before its relative clauses (`A witness who works at
    the cafe opposite, and who asked not to be named` is named `A witness`), and the
    commas and `and` before them."""
    start = syntax.relative_clause_start(head, hi)
    if start is None or not lo < start < hi:
        return hi
    doc = head.doc
    while start - 1 > head.i and (doc[start - 1].is_punct or doc[start - 1].dep_ == "cc"):
        start -= 1
    return start


def _noun_gender(table: Entities, lemma: str) -> str:
    """The sex a person noun tells (`spokesman`, `congresswoman`; rules/speakers.toml
    [word_sets]), so that a later `she` does not go back to `a spokesman`."""
    words = table.rules.words
    return "male" if lemma in words.male_nouns else "female" if lemma in words.female_nouns else ""
