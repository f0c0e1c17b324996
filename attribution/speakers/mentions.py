"""The article's names read into entities before any quote is resolved.

Every PERSON and body entity the NER tags becomes a mention of an entity: a surname
joins the full name used earlier (`Perez` -> `Oscar Perez`), people who share a surname
are told apart by given name or title, a body joins the body whose words it shares, and
a surname the NER left untagged still counts as a mention of its person. Column headers
(`The Latest`) are set aside, and roles written beside a name (`Rep.`, `the officer`)
are kept for the nominals that refer back to them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from attribution.extract.table import TokenTable, table_of
from attribution.nlp.text import after_clock_time
from attribution.ruleset.loader import Rules
from attribution.speakers import names
from attribution.speakers.entities import Entities, Entity

PERSON_ENTS = ("PERSON",)
ORG_ENTS = ("ORG", "GPE", "NORP", "FAC")
NOT_NAME_POS = ("ADJ", "VERB", "ADV")
MISREAD_GIVEN_ENTS = ("GPE", "ORG", "LOC")
"""What the NER may make of a given name it does not know before a surname it tags a
person (`Nadia Haddad`: `Nadia` a place)."""
ROLE_NAME_ENTS = ("ORG", "GPE", "NORP")
"""What the NER may make of a person's two-word name written after a role noun
(`striker Conor Delaney`: a body)."""


def read_entities(doc: Doc, rules: Rules, text: str) -> Entities:
    """The table of the article's named entities and their mentions."""
    table = Entities(doc, rules, text)
    tokens = table_of(doc)
    surnames = {
        tokens.text[e.start].lower() for e in tokens.ents if len(e) == 1 and e.label_ in PERSON_ENTS
    }
    for found in tokens.ents:
        ent = _without_clock_time(_with_owner_in_name(found, tokens))
        ent = _before_colon(ent, tokens) if ent is not None else None
        if ent is None:
            continue
        if names.is_column_header(tokens.span_text(ent.start, ent.end), rules):
            table.headers.update(range(ent.start, ent.end))
        elif ent.label_ in PERSON_ENTS:
            _add_person(table, ent)
        elif _given_name_misread(ent, surnames, rules):
            _add_person(table, Span(doc, ent.start, ent.end + 1, PERSON_ENTS[0]))
        elif ent.label_ in ORG_ENTS:
            role_named = _role_named_words(ent, rules)
            owner = _suffix_of_person(table, ent)
            if owner is not None:
                table.join(owner, ent)
            elif role_named:
                _add_role_named(table, ent, role_named)
            else:
                _add_org(table, ent)
    _read_possessive_names(table, doc)
    _read_untagged_surnames(table, doc)
    return table


def _with_owner_in_name(ent: Span, t: TokenTable) -> Span:
    """A body's entity with the possessive proper noun before it that is part of its name
    (`the Alzheimer's Society`, which the NER tags `Society`): an untagged, capitalised
    proper noun owning the entity, with `the` of its own before it (no one writes `the`
    before a person's possessive: `Obama's White House` keeps `White House`)."""
    i = ent.start - 2
    if ent.label_ not in ORG_ENTS or i < 1 or t.tag[i + 1] != "POS":
        return ent
    if not (t.pos[i] == "PROPN" and t.text[i][:1].isupper() and not t.ent_type[i]):
        return ent
    if t.dep[i] != "poss" or not ent.start <= t.head[i] < ent.end:
        return ent
    if t.lower[i - 1] != "the" or t.head[i - 1] != i:
        return ent
    return Span(ent.doc, i, ent.end, ent.label)


def _without_clock_time(ent: Span) -> Span | None:
    """The entity without the clock time that opens a live blog's entry and that the NER
    took into it (`09:30 Network Rail says ...`, `9:40 am Police`): no part of the name
    (see `syntax.mention_range`); None when nothing is left."""
    if not ent.doc[ent.start].is_sent_start:
        return ent
    lo = after_clock_time(table_of(ent.doc).lower, ent.start, ent.end)
    if lo == ent.start:
        return ent
    return Span(ent.doc, lo, ent.end, ent.label) if lo < ent.end else None


def _before_colon(ent: Span, t: TokenTable) -> Span | None:
    """A body's entity up to a colon the NER read across (`Harbor Watch: City Council
    Hid Memo`, a headline's speaker and what it says): the words after the colon are
    no part of its name (a person's name is cut there by `name_words`). None when
    nothing is left."""
    if ent.label_ not in ORG_ENTS:
        return ent
    colon = next((i for i in range(ent.start, ent.end) if t.text[i] == ":"), None)
    if colon is None:
        return ent
    return Span(ent.doc, ent.start, colon, ent.label) if colon > ent.start else None


def _given_name_misread(ent: Span, surnames: set[str], rules: Rules) -> bool:
    """`Democrat Nadia Haddad. Haddad conceded`, with `Nadia` read as a place, the first
    `Haddad` untagged and the second a person: a one-word place or body
    (`MISREAD_GIVEN_ENTS`) that is a compound of the untagged proper noun right after it,
    both capitalised and neither a title nor a noun of speakers, is a given name when
    the article tags that surname alone as a person elsewhere. Read on the token
    table."""
    if ent.label_ not in MISREAD_GIVEN_ENTS or len(ent) != 1:
        return False
    t = table_of(ent.doc)
    i, k = ent.start, ent.end
    if k >= t.size or t.lower[k] not in surnames or t.ent_type[k] or t.head[i] != k:
        return False
    return t.dep[i] == "compound" and all(_plain_name_word(t, j, rules) for j in (i, k))


def _plain_name_word(t: TokenTable, k: int, rules: Rules) -> bool:
    """A capitalised proper noun of letters that is neither a title nor a noun of
    speakers: a word of a person's name the NER missed (`Nadia`, `Calder`)."""
    return (
        t.pos[k] == "PROPN"
        and t.is_alpha[k]
        and t.text[k][:1].isupper()
        and t.lower[k].rstrip(".") not in rules.titles
        and t.lemma_lower[k] not in rules.speaker_nouns
    )


def _read_possessive_names(table: Entities, doc: Doc) -> None:
    """`Ines Calder's new installation ... Calder said`: a full name written only in a
    possessive, which the NER tagged as no person or body (untagged, or a product), is a
    person's when its last word comes back later alone as a proper noun the NER tags a
    person or nothing (not `Outside Carrier's plant ... Carrier`, a company), so that the
    surname joins the full name. Two or three capitalised proper nouns, compounds of the
    last, none a title or a noun of speakers. Read after the tagged names: a person named
    with that surname is the one meant (`Absent Sanders's ...` is Bernie Sanders). Read on
    the token table: every `'s` asks."""
    t = table_of(doc)
    rules = table.rules
    tagged = (*PERSON_ENTS, *ORG_ENTS)
    tag, head = t.tag, t.head
    for i in range(1, t.size):
        if tag[i] != "POS" or head[i] != i - 1:
            continue
        last = i - 1
        first = last
        while first > 0 and t.dep[first - 1] == "compound" and t.head[first - 1] == last:
            first -= 1
        words = range(first, last + 1)
        if not 2 <= len(words) <= 3:
            continue
        if any(t.ent_type[k] in tagged or not _plain_name_word(t, k, rules) for k in words):
            continue
        if not any(
            t.lower[k] == t.lower[last] and _lone_proper(t, k) and t.ent_type[k] in ("", "PERSON")
            for k in range(i, t.size)
        ):
            continue
        names_ = [t.text[k] for k in words]
        target = _person_named(table, names_, rules.given_names.get(names_[0].lower(), ""))
        table.join(target, doc[first : last + 1])


def _lone_proper(t: TokenTable, k: int) -> bool:
    """A proper noun written alone: no proper noun joined to it before or after."""
    if t.pos[k] != "PROPN":
        return False
    before = k > 0 and t.pos[k - 1] == "PROPN"
    return not before and not (k + 1 < t.size and t.pos[k + 1] == "PROPN")


def _suffix_of_person(table: Entities, ent: Span) -> Entity | None:
    """The person whose name a lone suffix the NER tagged apart ends (`Amelia Brand
    KC`: `KC` an ORG right after the name): a word of `[suffixes]` of rules/names.toml
    right after a person's mention."""
    if len(ent) != 1 or ent.start == 0:
        return None
    if table_of(ent.doc).lower[ent.start].rstrip(".") not in table.rules.name_suffixes:
        return None
    eid = table.by_token.get(ent.start - 1)
    if eid is None or table.entities[eid].kind != "person":
        return None
    return table.entities[eid]


def _read_untagged_surnames(table: Entities, doc: Doc) -> None:
    """A surname the NER left untagged (`Trump responded ...`) is still a mention of
    the one person the article names in full with it, so that a later `he` finds the
    person spoken of last. Every token is looked at, so the words come from the token
    table."""
    by_surname: dict[str, list[Entity]] = {}
    for e in table.entities:
        full = table.name_words(e.name)
        if e.kind == "person" and len(full) > 1:
            by_surname.setdefault(full[-1], []).append(e)
    if not by_surname:
        return
    t = table_of(doc)
    lower, pos, ent_type, idx = t.lower, t.pos, t.ent_type, t.idx
    for i in [i for i, w in enumerate(lower) if w in by_surname]:
        people = by_surname[lower[i]]
        if len(people) == 1 and pos[i] == "PROPN" and not ent_type[i] and i not in table.headers:
            table.seen(people[0], idx[i])


def _person_named(
    table: Entities, words: list[str], gender: str, *, tagged: bool = False
) -> Entity:
    """The person these name words name: the one already in the table that they match
    (given the fuller name when these words are fuller), else a new one; with the words
    and, when it had none, the gender added."""
    target = table.match_person(words, gender, tagged=tagged)
    if target is None:
        target = table.new(" ".join(words), "person")
    elif table.fuller(words, target.name):
        target.name = " ".join(words)
    target.words.update(w.lower() for w in words)
    target.gender = target.gender or gender
    return target


def _add_person(table: Entities, ent: Span) -> Entity:
    rules = table.rules
    found = name_words(ent, rules)
    words = found or [ent.text]
    target = _person_named(table, words, _gender_of(ent, rules, found), tagged=True)
    roles, role_words = _roles_before(ent, rules)
    target.roles.update(roles)
    target.role_words.update(role_words | roles)
    return table.join(target, ent)


def _role_named_words(ent: Span, rules: Rules) -> list[Token]:
    """The two words of a person's name the NER read as a body, a place or a people
    (`ROLE_NAME_ENTS`), when a role noun of rules/speakers.toml is written right before
    them, in the entity or attached to it (`striker Conor Delaney`, `Striker Conor
    Delaney`); none when a word is not a capitalised proper noun or is itself a noun of
    speakers or a title (`union leader Unite Here`, `coach Boston College`). Read on the
    token table (post-parse CPU), the cheap tests first; only the words found become
    Tokens."""
    if ent.label_ not in ROLE_NAME_ENTS:
        return []
    t = table_of(ent.doc)
    words = [i for i in range(ent.start, ent.end) if not t.is_punct[i]]
    if len(words) == 3:
        role, words = words[0], words[1:]
    elif len(words) == 2 and ent.start > 0 and t.tag[ent.start - 1] in ("NN", "NNP"):
        role = _role_before(t, ent.start, rules)
    else:
        return []
    nouns = rules.speaker_nouns
    if nouns.get(t.lemma_lower[role]) != "person":
        return []
    if role < ent.start and len(_attached_before(ent, most=ent.start - role)) < ent.start - role:
        return []
    for i in words:
        if t.pos[i] != "PROPN" or not t.is_alpha[i] or not t.text[i][:1].isupper():
            return []
        if t.lemma_lower[i] in nouns or t.lower[i] in rules.titles:
            return []
    return [ent.doc[i] for i in words]


def _role_before(t: TokenTable, i: int, rules: Rules) -> int:
    """The word before a name at `i` that may be its role noun: the one right before,
    or the one before a title written between them (`analyst Dr Nadia Osei`)."""
    before = i - 1
    if before > 0 and t.lower[before].rstrip(".") in rules.titles:
        return before - 1
    return before


def _add_role_named(table: Entities, ent: Span, toks: list[Token]) -> Entity:
    """A person named after a role noun whom the NER took for a body: joined to the
    person of that name met before, else a new one, with the role kept."""
    words = [t.text for t in toks]
    gender = table.rules.given_names.get(words[0].lower(), "")
    target = table.match_person(words, gender, tagged=True) or table.new(" ".join(words), "person")
    target.words.update(w.lower() for w in words)
    target.gender = target.gender or gender
    first = toks[0].i
    at = first - 1 if first > ent.start else _role_before(table_of(ent.doc), first, table.rules)
    role = ent.doc[at]
    target.roles.add(role.lemma_.lower())
    target.role_words.update({role.lower_, role.lemma_.lower()})
    return table.join(target, ent.doc[toks[0].i : toks[-1].i + 1])


def _add_org(table: Entities, ent: Span) -> Entity:
    t = table_of(ent.doc)
    text, lower, is_punct = t.text, t.lower, t.is_punct
    words = [text[i] for i in range(ent.start, ent.end) if not is_punct[i] and lower[i] != "the"]
    cut = names.headline_cut(words, table.rules)
    if cut != words:
        return _add_headline_org(table, ent, cut)
    key = {w.lower() for w in words}
    person = table.named_surname(words)
    if person is not None:
        return table.join(person, ent)
    target = None
    for e in reversed(table.entities):
        same = key <= e.words or (e.words <= key and len(e.words) > 1)
        if e.kind == "org" and key and same:
            target = e
            break
    name = _with_article(ent)
    if target is None:
        target = table.new(name, "org")
    elif len(name) > len(target.name):
        target.name = name
    target.words.update(key)
    target.plural = target.plural or t.tag[t.span_root(ent.start, ent.end)] in ("NNS", "NNPS")
    roles, role_words = _body_roles(ent, table.rules)
    target.roles.update(roles)
    target.role_words.update(role_words)
    return table.join(target, ent)


def _add_headline_org(table: Entities, ent: Span, words: list[str]) -> Entity:
    """An ORG the parser read across a headline verb (`Trump Warns Clinton`): the
    words before the verb, a person the article names if they match one."""
    target = table.match_person(words) if words else None
    if target is None:
        target = table.new(" ".join(words) or ent.text, "org")
        target.words.update(w.lower() for w in words)
    table.seen(target, ent.start_char)
    for tok in ent[: len(words)]:
        table.by_token[tok.i] = target.id
    return target


def name_words(span: Span, rules: Rules) -> list[str]:
    """The words of a name, up to a colon (`Trump: Cruz Has ...`): no title, no role noun
    of `rules/speakers.toml` that the NER took into a person's name (`Farmer Carl Diaz`,
    when two words are left), no word the parse reads as an adjective or a verb before
    the proper nouns (`Injecting Clinton`, `Rival Hillary Clinton`), nor headline words or
    epithets (`names.person_name`). Read from the token table: every name and mention
    asks."""
    t = table_of(span.doc)
    text, lower, pos = t.text, t.lower, t.pos
    colon = next((i for i in range(span.start + 1, span.end) if text[i] == ":"), span.end)
    # a body's or place's possessive before a name is not the name (`The Harbour
    # Gazette's Tobin Marsh`); one that ends it is the name's own (`Marsh's`), what
    # follows a person's is their thing (`Ana Ruiz's book Harbour Lights`), and a place's
    # office keeps its place (`Valdoria's foreign ministry`)
    start = span.start
    for i in range(span.start + 1, colon - 1):
        owned = t.tag[i] == "POS" or (t.dep[i] == "case" and t.dep[t.head[i]] == "poss")
        if (
            owned
            and t.ent_type[i - 1] not in ("", "PERSON")
            and all(pos[k] == "PROPN" and text[k][:1].isupper() for k in range(i + 1, colon))
        ):
            start = i + 1
    toks = [
        i
        for i in range(start, colon)
        if not t.is_punct[i] and t.tag[i] != "POS" and text[i] != "'s"
    ]
    while toks and lower[toks[0]].rstrip(".") in rules.titles:
        toks = toks[1:]
    nouns = rules.speaker_nouns
    while span.label_ in ("PERSON", "") and len(toks) > 2:
        # a role noun, and an adjective of it, before a name the NER tagged or left
        # untagged (`Prosecutor Amelia Brand`, `Retired teacher June Whitlock`)
        if nouns.get(t.lemma_lower[toks[0]]) == "person":
            toks = toks[1:]
        elif pos[toks[0]] in NOT_NAME_POS and nouns.get(t.lemma_lower[toks[1]]) == "person":
            toks = toks[2:]
        else:
            break
    while (
        len(toks) > 1
        and pos[toks[0]] in NOT_NAME_POS
        and pos[toks[1]] == "PROPN"
        and lower[toks[1]].rstrip(".") not in rules.titles
    ):
        toks = toks[1:]
    return names.person_name([text[i] for i in toks], rules)


def _gender_of(ent: Span, rules: Rules, words: list[str]) -> str:
    """The gender a title (two words before the name or in it) or the given name tells
    (the first of `words`, the entity's `name_words`); the words come from the token
    table."""
    lower = table_of(ent.doc).lower
    for i in range(max(0, ent.start - 2), ent.end):
        gender = rules.titles.get(lower[i].rstrip("."), "")
        if gender:
            return gender
    return rules.given_names.get(words[0].lower(), "") if words else ""


def _roles_before(ent: Span, rules: Rules) -> tuple[set[str], set[str]]:
    """Role nouns written next to a name, and the words of those roles: `police officer
    Oscar Perez`, `Perez, the officer`, `the club's manager, Stuart Pryce`, `Republican
    nominee Donald Trump`, and the roles a title stands for (`Rep. Anthony Weiner`: a
    congressman). A role set off by a comma is the name's only when it comes right
    before it (`the president and the first lady, Michelle Obama` makes her no
    president). Read on the token table: every person's name asks; only a role found
    in apposition before the name becomes a Token (for its `left_edge`)."""
    t = table_of(ent.doc)
    lower, lemma, is_alpha = t.lower, t.lemma_lower, t.is_alpha
    nouns, title_roles = rules.speaker_nouns, rules.names.title_roles
    roles: set[str] = set()
    words: set[str] = set()
    before = _attached_before(ent)
    for i in [*before, *range(ent.start, ent.end)]:
        roles.update(title_roles.get(lower[i].rstrip("."), ()))
    for i in before:
        if nouns.get(lemma[i]) == "person":
            roles.add(lemma[i])
            words.update(lower[k] for k in _subtree(t, i) if is_alpha[k])
            words.update(lower[k] for k in before if is_alpha[k])
    root = t.span_root(ent.start, ent.end)
    for child in t.children(root):
        if t.dep[child] == "appos":
            roles.add(lemma[child])
            words.update(lower[k] for k in _subtree(t, child) if is_alpha[k])
    role = t.head[root]
    if (
        t.dep[root] == "appos"
        and role == ent.start - 2
        and t.text[role + 1] == ","
        and nouns.get(lemma[role]) == "person"
    ):
        roles.add(lemma[role])
        left = ent.doc[role].left_edge.i
        words.update(lower[k] for k in range(left, role + 1) if is_alpha[k])
    return roles, words


def _subtree(t: TokenTable, i: int) -> list[int]:
    """Token `i` and its descendants (the tokens of `tok.subtree`, not in its order)."""
    out = [i]
    for k in out:
        out.extend(t.children(k))
    return out


def _body_roles(ent: Span, rules: Rules) -> tuple[set[str], set[str]]:
    """The role a body's name is given in apposition, when it is a role of
    rules/speaker_names.toml [body_roles] (`Corvane, the home appliance maker`; `a
    consumer group, Safe Homes Now`), and the words of that role, so that a later
    `the company` or `the group` finds it (`nominals.by_body_role`)."""
    known = rules.names.body_roles
    roles: set[str] = set()
    words: set[str] = set()
    doc = ent.doc
    t = table_of(doc)
    text, lower, lemma, is_alpha = t.text, t.lower, t.lemma_lower, t.is_alpha
    if ent.end + 2 < t.size and text[ent.end] == ",":
        # by the words, not the parse, which may hang the role on another noun
        # (`Shares in Tavora, the kitchen appliance company, fell`)
        for i in range(ent.end + 1, min(ent.end + 6, t.size - 1)):
            if (
                t.tag[i] == "NN"
                and lemma[i] in known
                and doc[i].left_edge.i == ent.end + 1
                and text[i + 1] in (",", ".", ";")
            ):
                roles.add(lemma[i])
                words.update(lower[k] for k in range(ent.end + 1, i + 1) if is_alpha[k])
                break
    root = t.span_root(ent.start, ent.end)
    role = t.head[root]
    if (
        t.dep[root] == "appos"
        and role == ent.start - 2
        and text[role + 1] == ","
        and lemma[role] in known
    ):
        roles.add(lemma[role])
        left = doc[role].left_edge.i
        words.update(lower[k] for k in range(left, role + 1) if is_alpha[k])
    return roles, words


def _attached_before(ent: Span, most: int = 3) -> list[int]:
    """The words right before a name that belong to its phrase (`Republican nominee`
    in `Republican nominee Donald Trump`): read backwards while each word's head is a
    later word of the phrase, or the name is in apposition to it (`candidate Donald
    Trump` parsed with the name under `candidate`), so `The judge agreed with Ivana
    Trump` gives none. Read from the token table, as indices."""
    t = table_of(ent.doc)
    out: list[int] = []
    i = ent.start - 1
    root = t.span_root(ent.start, ent.end)
    governs = t.head[root] if t.dep[root] in ("appos", "compound") else -1
    while i >= max(0, ent.start - most):
        if not i < t.head[i] < ent.end and i != governs:
            break
        out.insert(0, i)
        i -= 1
    return out


def _with_article(span: Span) -> str:
    """The span's text with the `the` before it that is its own (`the Pentagon`, not
    the `the` of `keep the Brightline name`), without a possessive ending (`the
    Westbury Police Department's annual reports`), cut from the article's text."""
    t = table_of(span.doc)
    lo, hi = span.start, span.end
    if lo > 0 and t.lower[lo - 1] == "the" and lo <= t.head[lo - 1] < hi:
        lo -= 1
    while hi - 1 > lo and t.tag[hi - 1] == "POS":
        hi -= 1
    return t.span_text(lo, hi)
