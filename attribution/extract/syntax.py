"""Reading a parse for attribution: cue words, their complements and their subjects.

Plain functions over spaCy tokens. They return token ranges (start, end) with `end`
exclusive and the id of the rule that produced each answer, so that every decision
downstream can say why it was taken.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import POS, TAG
from spacy.tokens import Doc, Span, Token

from attribution.extract.table import TokenTable, table_of
from attribution.nlp.text import after_clock_time
from attribution.ruleset.ids import CueClass, SpeakerRule
from attribution.ruleset.loader import Rules, WordSets

TokenRange = tuple[int, int]

SUBJECT_DEPS = ("nsubj", "csubj")
# a clause's nominal subject, active or passive: the one who does or undergoes its verb
NOMINAL_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# a verb's own subject of any kind: nominal, passive or a clause (`What he said matters`)
VERB_SUBJECT_DEPS = (*NOMINAL_SUBJECT_DEPS, "csubj")
# what the head of a mention of someone may be: a noun, a name or a pronoun
MENTION_POS = ("NOUN", "PROPN", "PRON")
# the tag of a relative pronoun that stands for a person (`who`, `whom`), not a thing
PERSON_RELATIVE_TAG = "WP"
# the tags of a relative pronoun opening its clause (`who`, `which`, `that`)
RELATIVE_TAGS = (PERSON_RELATIVE_TAG, "WDT")
CLAUSE_DEPS = ("ccomp",)
INHERIT_DEPS = ("advcl", "xcomp", "conj", "pcomp")
CUE_EXTRA_DEPS = ("aux", "auxpass", "neg", "prt")
MENTION_DROP_DEPS = {"relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "cc", "prep"}
DASHES = {"–", "—", "--", "-", "(", ")"}
DATELINE_DASHES = ("—", "–", "--", "-")
"""Dashes that end a dateline when written between spaces (`SAN FRANCISCO — Lumora`)."""
_DATELINE_DASH_SET = frozenset(DATELINE_DASHES)
DELIMITERS = DASHES | {","}
NAMED_ENTITIES = ("PERSON", "ORG", "NORP", "GPE")
"""Entity types that name someone who can speak: a person, a body, a people, a country."""
PERSON_ENTS = ("PERSON",)


@dataclass(frozen=True)
class Cue:
    """A reporting cue in the parse: its verb, the words shown as the cue, its class."""

    verb: Token
    tokens: TokenRange
    lemma: str
    cue_class: str


VERB_TAGS = ("VB", "VBD", "VBZ", "VBP", "VBN", "VBG")
COMPLEMENT_DEPS = ("ccomp", "xcomp", "dobj", "parataxis", "oprd", "prep", "nsubjpass")


def find_cues(doc: Doc, rules: Rules, *, unlisted: bool = False) -> Iterator[Cue]:
    """Every verb whose lemma (alone or with its particle) is in the cue lexicon.

    With `unlisted`, other verbs that take a complement come too, with the class
    "none", for a trained classifier to judge. Read from the article's token table:
    only the cues found become `Token`s.
    """
    t = table_of(doc)
    reader = rules.words.reader
    lemmas, lower, head, dep, size = t.lemma_lower, t.lower, t.head, t.dep, t.size
    tag, pos, cue_class = t.tag, t.pos, rules.cue_class
    with_complement = t.heads_with(COMPLEMENT_DEPS) if unlisted else set()
    for i in _verb_positions(doc):
        if tag[i] in ("VB", "VBP") and _to_the_reader(t, i, reader):
            continue
        lemma = lemmas[i]
        part = i + 1  # a particle, preposition or object right after the verb, on it
        two = ""
        if part < size and head[part] == i and dep[part] in ("prt", "prep", "dobj"):
            two = f"{lemma} {lower[part]}"
        cls = cue_class(two) if two else ""
        if cls:
            yield Cue(doc[i], _cue_range(t, i, extra=part), two, cls)
        else:
            cls = cue_class(lemma)
            if cls:
                yield Cue(doc[i], _cue_range(t, i), lemma, cls)
            elif unlisted and pos[i] == "VERB" and i in with_complement:
                yield Cue(doc[i], _cue_range(t, i), lemma, CueClass.UNLISTED)


def _to_the_reader(t: TokenTable, verb: int, reader: frozenset[str]) -> bool:
    """Whether the verb at `verb` speaks to the article's reader (cues.toml [clauses]
    reader): a bare or present verb with no subject or auxiliary whose object names the
    reader (`Thank you for following.`). `We thank you ...` has a subject, `wanted to
    tell you that ...` an auxiliary: they stay cues."""
    return (
        t.tag[verb] in ("VB", "VBP")
        and not any(
            t.dep[c] in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in t.children(verb)
        )
        and any(t.dep[c] == "dobj" and t.lower[c] in reader for c in t.children(verb))
    )


def token_mask(doc: Doc, attr: int, values: Sequence[str]) -> np.ndarray:
    """For every token, whether its spaCy attribute `attr` (`POS`, `TAG`, `LOWER`, ...)
    is one of `values`: one pass over the article's arrays instead of token by token (a
    comparison per value: `np.isin` sorts, which costs more for the few values asked),
    read from the article's token table where it holds the attribute."""
    column = table_of(doc).column(attr)
    mask = np.zeros(len(column), dtype=bool)
    for v in values:
        mask |= column == doc.vocab.strings.add(v)
    return mask


def _verb_positions(doc: Doc) -> list[int]:
    """Tokens tagged or parsed as verbs."""
    verbs = token_mask(doc, POS, ("VERB", "AUX")) | token_mask(doc, TAG, VERB_TAGS)
    return np.flatnonzero(verbs).tolist()


def find_noun_cues(doc: Doc, words: WordSets) -> Iterator[Cue]:
    """Nouns that report: any noun with a that-clause (`his statement that ...`, `the
    claim that ...`), and a noun of `words.cue_nouns` with a preposition of
    `words.noun_prepositions` right after it (`allegations of`, shown with the
    preposition as the cue) or a to-clause (`his proposal to ...`). Read from the
    article's token table: it looks at every token."""
    t = table_of(doc)
    lower, dep, head, pos, lemmas = t.lower, t.dep, t.head, t.pos, t.lemma_lower
    nouns = set()
    for mark in _positions(lower, "that", 0, t.size):
        if dep[mark] == "mark":
            clause = head[mark]
            if dep[clause] in ("acl", "ccomp") and pos[head[clause]] == "NOUN":
                nouns.add(head[clause])
    found = {i: Cue(doc[i], (i, i + 1), lemmas[i], CueClass.NOUN) for i in nouns}
    cue_nouns = words.cue_nouns
    for i in [i for i, p in enumerate(pos) if p == "NOUN" and lemmas[i] in cue_nouns]:
        if i in found:
            continue
        cue = _noun_complement_cue(doc, t, i, words.noun_prepositions)
        if cue is not None:
            found[i] = cue
    for i in sorted(found):
        yield found[i]


def _noun_complement_cue(
    doc: Doc, t: TokenTable, noun: int, prepositions: frozenset[str]
) -> Cue | None:
    for child in t.children(noun):
        if (
            child == noun + 1
            and t.dep[child] == "prep"
            and t.lower[child] in prepositions
            and any(t.dep[c] in ("pobj", "pcomp") for c in t.children(child))
        ):
            lemma = f"{t.lemma_lower[noun]} {t.lower[child]}"
            return Cue(doc[noun], (noun, child + 1), lemma, CueClass.NOUN)
        if t.dep[child] == "acl" and child > noun and infinitive_at(t, child):
            return Cue(doc[noun], (noun, noun + 1), t.lemma_lower[noun], CueClass.NOUN)
    return None


def find_predicate_cues(doc: Doc, words: WordSets) -> Iterator[Cue]:
    """Predicates that say where someone stands: an adjective that a copula of
    `words.copulas` takes as its complement, with a subject on the copula, and either a
    preposition of `words.predicate_prepositions` right after it that has an object
    (`Republicans have been critical of | X`, `EU states are concerned about | X`: the
    adjective and its preposition are the cue) or a clause of its own (`Aides are
    optimistic | that he will win`: the adjective is the cue). A noun in that place
    reports far less often (`is a supporter of X`, but `is part of`, `host of`, `an
    example of`: on PolNeAR train none of eight it would add was right), so it is left
    out. Read from the article's token table: it looks at every token."""
    t = table_of(doc)
    for i in _positions(t.dep, "acomp", 0, t.size - 1):
        head, prep = t.head[i], i + 1
        if not (
            t.pos[i] == "ADJ"
            and t.lemma_lower[head] in words.copulas
            and any(t.dep[c] in ("nsubj", "nsubjpass") for c in t.children(head))
        ):
            continue
        if (
            t.head[prep] == i
            and t.dep[prep] == "prep"
            and t.lower[prep] in words.predicate_prepositions
            and any(t.dep[c] in ("pobj", "pcomp") for c in t.children(prep))
        ):
            lemma = f"{t.lemma_lower[i]} {t.lower[prep]}"
            yield Cue(doc[i], (i, prep + 1), lemma, CueClass.PREDICATE)
        elif any(t.dep[c] in CLAUSE_DEPS for c in t.children(i)):
            yield Cue(doc[i], (i, i + 1), t.lemma_lower[i], CueClass.PREDICATE)


def sentence_span(t: TokenTable, i: int) -> TokenRange:
    """The token range of the sentence of the token at index `i` (`tok.sent`'s start
    and end), looked up on the token table `t`: `tok.sent` searches for the edges and
    makes a Span on every call."""
    sent = t.sents[t.sentence_of[i]]
    return sent.start, sent.end


def _positions(values: list[str], value: str, lo: int, hi: int) -> Iterator[int]:
    """The indices from `lo` to `hi` where `values` holds `value`, in order, found by
    `list.index` (a search at C speed: the rules look for rare words among every token)."""
    at = lo
    while True:
        try:
            at = values.index(value, at, hi)
        except ValueError:
            return
        yield at
        at += 1


def infinitive_at(t: TokenTable, verb: int) -> bool:
    """Is the verb at `verb` a to-infinitive (`to cut taxes`)?"""
    return any(t.dep[c] == "aux" and t.lower[c] == "to" for c in t.children(verb))


def noun_complement(noun: Token, cue: TokenRange) -> TokenRange | None:
    """What a reporting noun (or a predicate, `critical of | X`) takes: the object of its
    preposition, when the cue shows one (`allegations of | fraud`), else its to-clause
    (`his proposal | to cut taxes`)."""
    if cue[1] - cue[0] == 2:
        prep = noun.doc[cue[0] + 1]
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        return None if obj is None else subtree_range(obj)
    clause = next(
        (c for c in noun.rights if c.dep_ == "acl" and infinitive_at(table_of(noun.doc), c.i)),
        None,
    )
    return None if clause is None else subtree_range(clause)


def _cue_range(t: TokenTable, verb: int, extra: int | None = None) -> TokenRange:
    """The verb with its adjacent auxiliaries, negation and particle ("has not said"); not
    a name the parse read as a modal (`Will wrote`)."""
    lo = hi = verb
    if extra is not None:
        lo, hi = min(lo, extra), max(hi, extra)
    dep = t.dep
    for child in t.children(verb):
        if (
            -3 <= child - verb <= 3
            and dep[child] in CUE_EXTRA_DEPS
            and not _name_read_as_modal(t, child, verb)
        ):
            if child < lo:
                lo = child
            elif child > hi:
                hi = child
    return lo, hi + 1


def subtree_range(tok: Token) -> TokenRange:
    """The token range of spaCy's left and right edges of `tok`. The token table does not
    hold the edges (they can differ from the subtree's bounds), so the rules that read
    the table make a Token only for the word whose edges they need."""
    return tok.left_edge.i, tok.right_edge.i + 1


NOUN_HEADS = ("NOUN", "PROPN")
"""What heads no clause a noun cue reports: an `acl` of the cue that the parser headed with
a noun (`a claim that the port authority disputes`, `disputes` read as a noun). An `acl`
headed by an adjective or participle stays a part (`... an "evil empire" bent on world
domination`)."""


def clausal_complement(verb: Token, skip: int | None = None) -> TokenRange | None:
    """The clause a cue reports (`said that ...`, `..., he said`), all its parts together
    (`said A and that B`), without a trailing participle of the cue's own (`, citing ...`).
    The dependent at `skip` is no part (`subject_read_into_clause`)."""
    doc = verb.doc
    t = table_of(doc)
    deps = (*CLAUSE_DEPS, "acl") if t.pos[verb.i] == "NOUN" else CLAUSE_DEPS
    parts = [
        subtree_range(doc[c])
        for c in t.children_with(verb.i, deps)
        if c != skip
        and not (t.dep[c] == "acl" and t.pos[c] in NOUN_HEADS)
        and not misread_conjoined_verb(t, c)
        and not _across_semicolon(t, verb.i, c)
    ]
    if not parts:
        return None
    lo = min(edge[0] for edge in parts)
    hi = max(edge[1] for edge in parts)
    return _drop_trailing_participle(doc, lo, hi)


def _across_semicolon(t: TokenTable, cue: int, c: int) -> bool:
    """`Daily walk cuts risk, study says; critics urge caution`, `Regulator orders
    recall; maker denies fault`: a clause the parser hung on the cue across a semicolon
    of the cue's own is a sentence of its own, not what the cue reports."""
    a, b = (cue + 1, t.subtree_min[c]) if c > cue else (t.subtree_max[c] + 1, cue)
    text, head = t.text, t.head
    if a >= b or ";" not in text[a:b]:  # mostly none: one look at the slice first
        return False
    return any(text[k] == ";" and head[k] == cue for k in range(a, b))


def misread_conjoined_verb(t: TokenTable, c: int) -> bool:
    """`said the thanks were welcome but claimed that cuts ...`: the parser hung the
    second verb of the cue's subject on the cue as a second reported clause (`claimed` a
    `ccomp` of `said`, `but` on `were`). A finite verb with no subject, mark or auxiliary
    of its own and a clause of its own, right after a conjunction that ends the cue's
    reported clause before it, is the subject's own second verb: no part of what the cue
    reports; its subject is the cue's."""
    if t.dep[c] != "ccomp" or t.tag[c] not in ("VBD", "VBZ") or c < 1:
        return False
    cue = t.head[c]
    before = t.lower[c - 1]
    if before not in ("but", "and") or t.dep[c - 1] != "cc" or not cue < c - 1:
        return False
    clause = t.head[c - 1]
    if clause == cue or t.dep[clause] != "ccomp" or t.head[clause] != cue:
        return False
    own = [t.dep[k] for k in t.children(c)]
    if any(d in (*VERB_SUBJECT_DEPS, "expl", "mark", "aux", "auxpass") for d in own):
        return False
    return "ccomp" in own


def subject_read_into_clause(verb: Token) -> tuple[Token, Token] | None:
    """`Ms. Lane, meanwhile, who has won no endorsements, said that ...`, `Jo Marr, a
    rabbi helping to organise the boycott, said he ...`: the parser read the words that
    describe the cue's subject as a clause the cue reports, before it, with the subject
    inside (`won`, `rabbi` as `ccomp` of `said`). The cue then has no subject of its own
    and reports a clause after it as well. Returns the misread clause's head and the
    subject that opens it (not a relative pronoun)."""
    t = table_of(verb.doc)
    v, dep = verb.i, t.dep
    before: list[int] = []
    after = False
    for c in t.children(v):  # one pass over the cue's dependents (post-parse CPU)
        if dep[c] in NOMINAL_SUBJECT_DEPS:
            return None
        if dep[c] in CLAUSE_DEPS:
            if c < v:
                before.append(c)
            else:
                after = True
    if len(before) != 1 or not after:
        return None
    clause = verb.doc[before[0]]
    subjects = [
        verb.doc[c] for c in t.children_with(clause.i, ("nsubj",)) if t.tag[c] not in RELATIVE_TAGS
    ]
    if not subjects or subtree_range(subjects[0])[0] != subtree_range(clause)[0]:
        return None
    return clause, subjects[0]


FINITE_TAGS = ("VBD", "VBZ", "VBP")
NAME_PHRASE_DEPS = ("appos", "pobj", "prep", "punct")
"""The links inside a name's phrase that end it: its apposition, a prepositional phrase
(`Mr. Autor, like most economists,`)."""
PHRASE_OPENERS = (",", ";", ":", "—", "–", "--")
LOST_SUBJECT_ENTITIES = ("PERSON", "ORG")


def lost_subject(verb: Token) -> Token | None:
    """A name the parser hung elsewhere, right before a finite cue verb that is the root
    of its sentence and has no subject: `But Bill Skelly, a longtime data operative,
    vouched for ...` (`Skelly` an `advmod`), `Alarmed by the unrest in Nevada, Senator
    Harry Reid, the minority leader, said ...` (`Reid` a conjunct or an apposition of
    `Nevada`). The name's phrase, its apposition with it, ends right before the verb (a
    comma between) and begins the sentence or follows a comma, a conjunction or a dash.
    The name is the first such proper noun, from the verb back, that the NER tagged as a
    person or a body (`LOST_SUBJECT_ENTITIES`), no other verb's subject, nor the second of
    two names joined by `and` (`In an interview with hosts Joe Scarborough and Mika
    Brzezinski, the candidate stated ...`: the parse hung the subject on the name as an
    apposition)."""
    t = table_of(verb.doc)
    v = verb.i
    if t.dep[v] != "ROOT" or t.tag[v] not in FINITE_TAGS:
        return None
    if t.child_with(v, OWN_SUBJECT_DEPS) is not None:
        return None
    name = v - 1
    while name >= 0 and t.text[name] == ",":
        name -= 1
    while name >= 0:
        if _a_lost_name(t, name):
            return verb.doc[name]
        up = t.head[name]
        if (
            t.dep[name] not in NAME_PHRASE_DEPS
            or up >= name
            or t.subtree_max[up] >= v
            or t.pos[up] not in ("NOUN", "PROPN", "ADP")
        ):
            return None
        name = up
    return None


LOST_QUANTITY_DEPS = ("nummod", "npadvmod", "quantmod")
"""How the parser may hang a poll's share on the cue verb it is the subject of."""
NO_QUANTITY_ENTITIES = ("DATE", "TIME")
"""Entities of a number phrase that tells when, not who (`Two weeks later said`)."""


def lost_quantity(verb: Token, quantity_words: Collection[str]) -> Token | None:
    """`About 4 in 10 say they want ...`, `Less than a third agreed that ...`: the parser
    hung a poll's share, the subject, on a finite cue verb that is the root of its
    sentence and has no subject, as a number or noun modifier (`LOST_QUANTITY_DEPS`);
    the parse may tag the verb a participle then (`agreed` VBN), with no auxiliary.
    The share's phrase begins the sentence (or follows a comma, a conjunction or a dash)
    and ends right before the verb, holds a number or a word of `quantity_words`
    (`third`, `percent`) and no date or time. Its head is returned, or None."""
    t = table_of(verb.doc)
    v = verb.i
    if t.dep[v] != "ROOT" or t.tag[v] not in (*FINITE_TAGS, "VBN"):
        return None
    if t.child_with(v, (*OWN_SUBJECT_DEPS, "aux", "auxpass")) is not None:
        return None
    for share in t.children_with(v, LOST_QUANTITY_DEPS):
        if share >= v or t.subtree_max[share] != v - 1:
            continue
        start = t.subtree_min[share]
        opens = start == sentence_span(t, v)[0] or t.text[start - 1] in PHRASE_OPENERS
        if not (opens or t.pos[start - 1] == "CCONJ"):
            continue
        words = range(start, v)
        if any(t.ent_type[i] in NO_QUANTITY_ENTITIES for i in words):
            continue
        if any(t.pos[i] == "NUM" or t.lower[i] in quantity_words for i in words):
            return verb.doc[share]
    return None


NAME_AS_MODAL_VERB_TAGS = ("VBD", "VBZ", "VBN")
"""The tags of a verb no modal stands before: `Will wrote`, `Will believes` name Will."""
NAME_AS_MODAL_TAGS = ("MD", "NNP")
"""What the parse tags a name it hangs on the next verb as an auxiliary (`Will`)."""


def _name_read_as_modal(t: TokenTable, aux: int, verb: int) -> bool:
    """`In particular, Will wrote, ...`, `While Will acknowledges ...`: a capitalised word
    the parse hung on the next verb as an auxiliary (tagged a modal or a proper noun),
    right before a past, third-person or participle form (a modal takes the bare verb),
    is a name, the verb's subject (George Will). Not in a headline's capitals (`Tim Allen
    Got Asked`: `Got` the auxiliary of a capitalised verb)."""
    word = t.text[aux]
    return (
        aux == verb - 1
        and t.tag[aux] in NAME_AS_MODAL_TAGS
        and t.tag[verb] in NAME_AS_MODAL_VERB_TAGS
        and word[:1].isupper()
        and word[1:].islower()
        and t.text[verb].islower()
    )


def name_read_as_modal(verb: Token) -> Token | None:
    """The name the parse read as the modal of a subjectless cue (`Will wrote`,
    `_name_read_as_modal`), or None."""
    t = table_of(verb.doc)
    v = verb.i
    if t.child_with(v, OWN_SUBJECT_DEPS) is not None:
        return None
    aux = next((c for c in t.children(v) if c == v - 1 and t.dep[c] == "aux"), None)
    if aux is None or not _name_read_as_modal(t, aux, v):
        return None
    return verb.doc[aux]


def _a_lost_name(t: TokenTable, name: int) -> bool:
    if (
        t.pos[name] != "PROPN"
        or t.ent_type[name] not in LOST_SUBJECT_ENTITIES
        or t.dep[name] in NOMINAL_SUBJECT_DEPS
    ):
        return False
    head = t.head[name]
    if t.dep[name] == "conj" and any(head < c < name for c in t.children_with(head, ("cc",))):
        return False
    start = t.subtree_min[name]
    return start == 0 or t.text[start - 1] in PHRASE_OPENERS or t.pos[start - 1] == "CCONJ"


def participle_root_subject(verb: Token) -> Token | None:
    """`Sen. Ada Brenner, noting the size of the crowd, said, "..."`: the parser gives the
    senator to the participle as its subject, and the cue, with none of its own, hangs
    on the participle (a `parataxis` of the participle made the sentence's root) or has
    the participle hung on it before it (`advcl`). The participle's subject before it
    is the cue's. None for any other parse."""
    t = table_of(verb.doc)
    v = verb.i
    if t.child_with(v, VERB_SUBJECT_DEPS) is not None:
        return None
    head = t.head[v]
    if t.dep[v] == "parataxis" and head < v and t.dep[head] == "ROOT":
        participles = [head]
    else:
        participles = [c for c in t.children_with(v, ("advcl",)) if c < v]
    for participle in participles:
        if t.tag[participle] != "VBG":
            continue
        subject = t.child_with(participle, ("nsubj",))
        if subject is not None and subject < participle and t.tag[subject] not in RELATIVE_TAGS:
            return verb.doc[subject]
    return None


INVERTED_CUE_DEPS = ("ROOT", "conj", "parataxis", "ccomp")
"""How the parser may hang an inverted cue that follows a quotation (`tweeted` a `conj`
of the quotation's verb)."""
INVERTED_OPENERS = ("DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM")
"""What the phrase of an inverted speaker may start with (`the woman`, `another`,
`Sharon Powers Geyer`, `one voter`)."""


def inverted_lost_subject(verb: Token) -> Token | None:
    """`"...," said the woman, who like many did not want her name used.`, `"...,"
    tweeted another.`: a quotation closes right before a cue verb that has no subject
    (the root of its sentence, or hung on the quotation's verb); the parser made the
    noun phrase right after it another verb's subject or the cue's object. That
    phrase's head (a noun, name or pronoun whose phrase starts right after the cue) is
    the inverted speaker."""
    t = table_of(verb.doc)
    v = verb.i
    if t.dep[v] not in INVERTED_CUE_DEPS or t.tag[v] not in FINITE_TAGS or v < 2 or v + 1 >= t.size:
        return None
    if not t.is_quote[v - 1] or t.text[v - 2] not in (",", "!", "?", "!!"):
        return None
    if t.child_with(v, OWN_SUBJECT_DEPS) is not None:
        return None
    first = v + 1
    if t.pos[first] not in INVERTED_OPENERS:
        return None
    head = first
    while t.dep[head] in ("det", "compound", "amod", "poss", "nummod") and t.head[head] > head:
        head = t.head[head]
    if t.pos[head] not in MENTION_POS or t.subtree_min[head] != first:
        return None
    return verb.doc[head]


def passive_holder(
    verb: Token, holders: Collection[str], unlikely: Collection[str]
) -> Token | None:
    """The one a passive cue of `holders` (`passive_holders` of rules/speakers.toml) holds
    the view of: its passive subject, or the subject the parser hung on its auxiliary
    (`Not everyone is convinced the issue ...`: `everyone` the `nsubj` of `is`), before
    the verb. None for a verb not in `holders`, or a subject of `unlikely` (`unlikely_speakers`:
    `it`, `which`)."""
    t = table_of(verb.doc)
    v = verb.i
    if t.lemma_lower[v] not in holders:
        return None
    holder = t.child_with(v, ("nsubjpass",))
    if holder is None:
        for aux in t.children_with(v, ("auxpass",)):
            holder = t.child_with(aux, ("nsubj",))
            if holder is not None:
                break
    if holder is None or holder > v or t.lower[holder] in unlikely:
        return None
    return verb.doc[holder]


PHRASE_DEPS = ("prep", "pobj", "npadvmod")
"""The links of the prepositional phrases between a cue and its misattached clause
(`said | in | a statement | that ...`, `told reporters | during | a visit | on | Friday`)."""


MEDIUM_PREPOSITION = "in"
"""The preposition of the medium a cue names (`said in a tribute that ...`): only on its
noun is a noun's own clause (`acl`) read as the cue's (not `spoke on condition that ...`)."""


def misattached_complement(verb: Token) -> TokenRange | None:
    """`said in a statement that the border would reopen`: a cue's that-clause that the
    parser hung as a relative clause on a noun of the phrase after the cue, or as the
    own clause of the medium's noun (`said in a tribute that ...`). A relative clause has no
    complementiser of its own, so one that starts with a `mark` is the
    cue's complement misread; the noun must be reached from the cue through
    prepositional phrases alone (`PHRASE_DEPS`), to its right, so only those phrases
    are walked (not the rest of the article). Asked of the cues of the lexicon only:
    of every verb (the unlisted ones the classifier judges) it made thousands of
    candidates for one more quote."""
    t = table_of(verb.doc)
    v = verb.i
    found = []
    phrase = [c for c in t.children_with(v, PHRASE_DEPS) if c > v]
    while phrase:
        node = phrase.pop()
        medium = t.dep[node] == "pobj" and t.lower[t.head[node]] == MEDIUM_PREPOSITION
        for rel in t.children_with(node, ("relcl", "acl") if medium else ("relcl",)):
            mark = t.child_with(rel, ("mark",))
            if mark is not None and mark < rel and not any(c < mark for c in t.children(rel)):
                found.append((rel, mark))
        phrase += [c for c in t.children_with(node, PHRASE_DEPS) if c > v]
    if not found:
        return None
    rel, mark = min(found)
    return _drop_trailing_participle(verb.doc, mark, subtree_range(verb.doc[rel])[1])


OWN_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
CONTENT_VERB_CLASSES = (CueClass.BELIEF, CueClass.HEDGE, CueClass.EVIDENCE)
"""Cue classes whose verbs, coordinated inside a reported clause, are more often the
content's own verbs (`he is tired and wants a change`) than the speaker's next cue."""


def without_next_cue(verb: Token, comp: TokenRange, rules: Rules) -> TokenRange:
    """A cue's clause without the speaker's next cue that the parser put inside it:
    `says the plan is dead and calls it a waste`, `said A and accused B of C`. That verb
    has no subject of its own, follows `and` or `but` (cues.toml `[clauses]
    coordinators`), and is a cue of the lexicon (but
    not of a class in `CONTENT_VERB_CLASSES`); the content stops before the `and`.
    PolNeAR labels the second cue as an attribution of its own."""
    lo, hi = comp
    doc = verb.doc
    t = table_of(doc)
    dep = t.dep
    # read from the token table: only a verb conjunct becomes a Token, for its edge
    head = next((c for c in t.children(verb.i) if dep[c] in CLAUSE_DEPS and lo <= c < hi), None)
    if head is None:
        return comp
    for conj in t.children(head):
        if conj < head or dep[conj] != "conj" or t.pos[conj] != "VERB":
            continue
        cc = subtree_range(doc[conj])[0] - 1
        if cc < lo:
            continue
        cls = rules.cue_class(t.lemma_lower[conj])
        if (
            t.lower[cc] in rules.words.coordinators
            and cls
            and cls not in CONTENT_VERB_CLASSES
            and t.child_with(conj, OWN_SUBJECT_DEPS) is None
        ):
            return lo, cc
    return comp


def without_answering_noun(comp: TokenRange, doc: Doc, rules: Rules) -> TokenRange:
    """A clause without the noun phrase the writer appends to it after a comma to say
    who answers it: `spending had fallen by a third, a figure the department said was
    wrong`, `the plant would close, a claim the company denies`. The noun ends the
    clause and holds a relative clause whose verb is a cue with a subject of its own;
    the content stops before the comma (the answer is an attribution of its own)."""
    lo, hi = comp
    t = table_of(doc)
    pos, dep = t.pos, t.dep
    for i in range(lo + 1, hi):
        if pos[i] != "NOUN" or dep[i] not in ("appos", "npadvmod", "dep"):
            continue
        noun = doc[i]
        start = noun.left_edge.i
        if start <= lo or t.text[start - 1] != "," or noun.right_edge.i + 1 < hi - 1:
            continue
        for c in noun.children:
            cls = rules.cue_class(c.lemma_.lower())
            if c.dep_ != "relcl" or not cls or cls in CONTENT_VERB_CLASSES:
                continue
            if any(d.dep_ == "nsubj" and _names_an_answerer(d, rules) for d in c.children):
                return lo, start - 1
    return comp


def _names_an_answerer(subject: Token, rules: Rules) -> bool:
    """A relative clause's own subject that names someone (`the department`, `he`), not
    its relative word (`that`, `which`: the `relative` pronouns of rules/speakers.toml)."""
    if subject.tag_ in RELATIVE_TAGS or subject.lower_ in rules.pronouns_of("relative"):
        return False
    return subject.pos_ in MENTION_POS


def through_torn_conjunct(verb: Token, comp: TokenRange, rules: Rules) -> TokenRange:
    """A clause that ends in its own `and` goes on into the verb after it that the parser
    hung on the cue: `told reporters in the capital that the drone had been on "a
    training flight" and had "at no point left" ...` (`left` a conjunct of `told`, the
    `and` inside the clause). That verb has no subject of its own and is no cue of
    another class than `CONTENT_VERB_CLASSES` (then it is the speaker's next cue, and
    the `and` is dropped)."""
    lo, hi = comp
    t = table_of(verb.doc)
    last = hi - 1
    while last > lo and t.is_punct[last]:
        last -= 1
    if t.dep[last] != "cc" or t.lower[last] not in rules.words.coordinators:
        return comp
    after = last + 1
    while after < len(t.text) and t.is_punct[after]:
        after += 1
    for c in t.children_with(verb.i, ("conj",)):
        conj = verb.doc[c]
        if conj.left_edge.i > after or conj.i < after:
            continue
        cls = rules.cue_class(conj.lemma_.lower())
        if (cls and cls not in CONTENT_VERB_CLASSES) or any(
            d.dep_ in OWN_SUBJECT_DEPS for d in conj.children
        ):
            break
        return lo, conj.right_edge.i + 1
    return lo, last


def _drop_trailing_participle(doc: Doc, lo: int, hi: int) -> TokenRange:
    """`factors have contributed to X, citing Y`: the content ends before `, citing`.
    The words are read from the token table; only a participle after a comma becomes a
    Token, for its subtree's edges as spaCy has them."""
    t = table_of(doc)
    tag, text = t.tag, t.text
    for i in _positions(t.dep, "advcl", lo + 1, hi):  # long contents have few
        if tag[i] != "VBG" or text[i - 1] != ",":
            continue
        tok = doc[i]
        if tok.left_edge.i == i and tok.right_edge.i + 1 >= hi - 1:
            return lo, i - 1
    return lo, hi


def infinitive_complement(verb: Token) -> TokenRange | None:
    """`plans to run`, `urged voters to stay home`: the object (if any) and the to-clause.
    The children are read from the token table (every cue asks)."""
    doc = verb.doc
    t = table_of(doc)
    xcomp = next(
        (c for c in t.children_with(verb.i, ("xcomp",)) if t.has_child_word(c, ("to",))),
        None,
    )
    if xcomp is None:
        return None
    obj = next((c for c in t.children_with(verb.i, ("dobj",)) if c < xcomp), None)
    if obj is None:
        obj = _called_on(t, verb.i, xcomp)
    lo = subtree_range(doc[obj if obj is not None else xcomp])[0]
    return lo, _without_done_clause(t, lo, subtree_range(doc[xcomp])[1])


def _without_done_clause(t: TokenTable, lo: int, hi: int) -> int:
    """The end of a to-clause without a trailing `, which he did`: a relative clause of
    `do` whose object is `which` stands for the act itself (`told him to withdraw the
    word, which he did`), telling that it was done, not what was asked."""
    for i in _positions(t.dep, "relcl", lo, hi):
        if t.lemma_lower[i] != "do":
            continue
        if not t.has_child_word(i, ("which",), "dobj"):
            continue
        start, end = subtree_range(t.doc[i])
        if start <= lo or end != hi:
            continue
        end = start
        while end > lo and t.is_punct[end - 1] and t.lower[end - 1] == ",":
            end -= 1
        return end
    return hi


def reporting_infinitive(verb: Token, rules: Rules) -> Token | None:
    """`addressed his children to tell them that X`, `refused to concede that X`: the
    to-clause's verb, when it is a cue of its own that reports a clause. What it reports
    is what the outer cue reports too (PolNeAR's content is `that X`, not the to-clause).
    Read from the token table: only the verb found becomes a Token."""
    t = table_of(verb.doc)
    for child in t.children_with(verb.i, ("xcomp",)):
        if (
            t.has_child_word(child, ("to",))
            and rules.cue_class(t.lemma_lower[child])
            and t.children_with(child, CLAUSE_DEPS)
        ):
            return verb.doc[child]
    return None


def raised_subject(verb: Token, cue_class: str, rules: Rules) -> TokenRange | None:
    """`The birth is expected to coincide with X`, `The statistics appear to be made up`,
    `Sanders was asked to name one`: the subject of a passive or hedging cue with a
    to-clause is part of what is reported, and no one in the sentence reports it
    (PolNeAR labels the subject and the to-clause as the content, with no source). Not
    when the to-clause's verb is a cue itself (`Cruz seemed to blame the network`:
    Cruz speaks). The range covers every subject the parser found (it may split one)."""
    t, v = table_of(verb.doc), verb.i  # the table's words: only subjects become Tokens
    xcomp = next((c for c in t.children_with(v, ("xcomp",)) if t.has_child_word(c, ("to",))), None)
    if xcomp is None or rules.cue_class(t.lemma_lower[xcomp]):
        return None
    passive = t.child_with(v, ("auxpass",)) is not None
    if not passive and cue_class != CueClass.HEDGE:
        return None
    subjects = [c for c in t.children_with(v, NOMINAL_SUBJECT_DEPS) if c < v]
    if not subjects:
        return None
    edges = [subtree_range(verb.doc[c]) for c in subjects]
    return min(lo for lo, _ in edges), max(hi for _, hi in edges)


def asked_question(verb: Token, marks: frozenset[str]) -> TokenRange | None:
    """`asked workers if they planned to come`: the clause opened by `if` or `whether`
    (cues.toml `[objects] question_marks`) that the parser hung on the cue as an
    adverbial clause; PolNeAR's content is that clause, without the one asked."""
    for child in verb.rights:
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks and c.i == child.left_edge.i
            for c in child.children
        ):
            return subtree_range(child)
    return None


def empty_object(verb: Token, determiners: frozenset[str]) -> bool:
    """Does the cue's direct object say nothing was given (`provided no details about
    the arrests`: `no`, cues.toml `[objects] empty_determiners`)? From the token table."""
    t = table_of(verb.doc)
    dep, lower = t.dep, t.lower
    for obj in t.children(verb.i):  # one loop, no generator per object (every cue asks)
        if dep[obj] == "dobj":
            for c in t.children(obj):
                if lower[c] in determiners and dep[c] == "det":
                    return True
    return False


TIME_ENTS = ("DATE", "TIME")


def _called_on(t: TokenTable, verb: int, xcomp: int) -> int | None:
    """`called on Sanders to do the same`: the object of the preposition right after the
    verb, before the to-clause, is who is asked, and PolNeAR's content starts there. A
    time is no one asked (`voted on Monday to push back ...` starts at `to`)."""
    prep = next((c for c in t.children_with(verb, ("prep",)) if c == verb + 1), None)
    if prep is None:
        return None
    obj = next((c for c in t.children_with(prep, ("pobj",)) if c < xcomp), None)
    return None if obj is None or t.ent_type[obj] in TIME_ENTS else obj


def naming_complement(verb: Token) -> TokenRange | None:
    """`called it a "terrorist attack"`: from the object to the end of the predicate."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    oprd = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp")), None)
    if oprd is None:
        return None
    start = obj.left_edge.i if obj is not None and obj.i < oprd.i else oprd.left_edge.i
    end = oprd.i + 1
    for child in oprd.rights:
        if child.dep_ == "prep":
            break
        end = max(end, child.right_edge.i + 1)
    return start, end


def object_complement(verb: Token, particle_end: int) -> TokenRange | None:
    """What a cue acts on: `denied the allegations`, `called for calm`, `urged them to
    leave`. The children are read from the token table (every cue asks)."""
    doc = verb.doc
    t = table_of(doc)
    obj = _object(t, verb.i, particle_end)
    if obj is None:
        return None
    lo, hi = subtree_range(doc[obj])
    for child in t.children_with(verb.i, ("xcomp",)):
        if child > obj:
            hi = max(hi, subtree_range(doc[child])[1])
    return lo, hi


def _object(t: TokenTable, verb: int, particle_end: int) -> int | None:
    for child in t.children(verb):
        if t.dep[child] == "dobj":
            return child
        if t.dep[child] == "prep" and verb < child < particle_end:
            return t.child_with(child, ("pobj",))
    return None


def comma_bounded(
    doc: Doc, sent_start: int, sent_end: int, segment: TokenRange
) -> list[TokenRange]:
    """The words on each side of an inserted segment, up to the nearest comma or sentence edge."""
    lo, hi = segment
    text = table_of(doc).text  # the words from the token table, not a Token per step
    left = lo
    while left > sent_start and text[left - 1] != ",":
        left -= 1
    right = hi
    while right < sent_end and text[right] != ",":
        right += 1
    return [(left, lo), (hi, right)]


def head_minus_cue(verb: Token) -> list[TokenRange]:
    """For an inserted cue (`"The plan," he said, "is dead."`): the head clause around it."""
    head = verb.head
    lo, hi = subtree_range(head)
    clo, chi = subtree_range(verb)
    pieces = [(lo, clo), (chi, hi)]
    return [p for p in pieces if p[1] > p[0]]


APPENDED_CUE_DEPS = ("prep", "npadvmod", "advmod", "punct")
"""What an appended cue may have after it: when and how it spoke (`announced on Monday`)."""


def clause_before_appended_cue(verb: Token, sent: Span) -> TokenRange | None:
    """`A and B have agreed to merge, the two firms announced on Monday, creating ...`:
    with a participle after it, the parser reads the cue as a modifier (`acl`) of the
    noun before it, and that noun as an object or apposition of the sentence's verb. The
    cue has no subject or object of its own, only phrases of time or manner after it; it
    follows its noun's phrase at once, and a comma stands right before that phrase, with
    a clause of its own (a subject and its verb) between the sentence's start and the
    comma. That clause is what was said. The noun's class is for the caller to judge."""
    if table_of(verb.doc).dep[verb.i] != "acl" or verb.i < 1:
        return None
    noun = verb.head
    if noun.i + 1 != verb.i:
        return None
    comma = noun.left_edge.i - 1
    if comma <= sent.start or verb.doc[comma].text != ",":
        return None
    if any(c.i > verb.i and c.dep_ not in APPENDED_CUE_DEPS for c in verb.children):
        return None
    if any(c.i < verb.i for c in verb.children):
        return None
    head = verb.doc[comma].head
    if head.i >= comma or head.i < sent.start or head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ in NOMINAL_SUBJECT_DEPS and c.i < comma for c in head.children):
        return None
    return sent.start, comma


def parenthetical_range(
    verb: Token, max_len: int = 10, *, sent: Span | None = None
) -> TokenRange | None:
    """The dash-, bracket- or comma-delimited segment around an inserted cue, if any.

    `dropped grenades – the government said – from a helicopter`: the segment is
    `– the government said –`, with words of the sentence on both sides. `sent` is the
    verb's sentence, when the caller has it at hand. Read from the article's token
    table: every cue asks.
    """
    t, v = table_of(verb.doc), verb.i
    text = t.text
    start, end = sentence_span(t, v) if sent is None else (sent.start, sent.end)
    left = right = -1
    for i in range(v - 1, max(start, v - max_len) - 1, -1):
        if text[i] in DELIMITERS:
            left = i
            break
    if left < 0:
        return None
    for i in range(v + 1, min(end, v + max_len)):
        if text[i] in DELIMITERS:
            right = i
            break
    if right < 0:
        return None
    quote = t.is_quote
    if any(quote[i] for i in (left - 1, left + 1, right - 1, right + 1) if 0 <= i < t.size):
        return None
    if text[left] == "," and text[right] == "," and t.dep[v] != "parataxis":
        return None
    alpha = t.is_alpha
    if not (any(alpha[start:left]) and any(alpha[right + 1 : end])):
        return None
    if not any(
        t.dep[i] in SUBJECT_DEPS or t.pos[i] in MENTION_POS
        for i in range(left + 1, right)
        if i != v
    ):
        return None
    return left, right + 1


def subject_of(
    verb: Token, no_one: Collection[str], *, within: TokenRange | None = None, depth: int = 0
) -> tuple[Token | None, str]:
    """The speaker's head token for a cue verb and the rule that found it. Read from
    the article's token table: every cue asks, often more than once. Of two subjects
    before the verb the nearer speaks, unless it is a parenthetical source: the parser
    hangs a dateline as a second subject (`Washington (AFP) – Democrat Hillary Clinton
    has taken a swipe ..., saying`). `no_one` are the pronouns that name no one (`it`,
    `which`: `unlikely_speakers` in `rules/speakers.toml`), who cannot be the object
    that does an infinitive or the person a participle's doer may be."""
    doc = verb.doc
    t = table_of(doc)
    key = (verb.i, within or (0, len(doc)), depth)
    answer = t.subjects.get(key)
    if answer is None:  # each cue's rules and its second guesses both ask
        answer = t.subjects[key] = _subject_at(t, verb.i, key[1], depth, no_one)
    found, rule = answer
    return (None if found is None else doc[found]), rule


def _subject_at(
    t: TokenTable, verb: int, within: TokenRange, depth: int, no_one: Collection[str]
) -> tuple[int | None, str]:
    lo, hi = within
    dep, pos = t.dep, t.pos
    kids = t.children(verb)
    subs = [c for c in kids if dep[c] in SUBJECT_DEPS and lo <= c < hi and pos[c] != "PUNCT"]
    if subs:
        if len(subs) == 1:  # most verbs: no choice to make
            sub = subs[0]
        else:
            first = _first_subject(t, [s for s in subs if s < verb], verb)
            sub = subs[-1] if first is None else first
        if t.tag[sub] in RELATIVE_TAGS and dep[verb] == "relcl":
            return sub, SpeakerRule.RELATIVE
        return sub, SpeakerRule.SUBJECT if sub < verb else SpeakerRule.INVERTED
    agent = next((c for c in kids if dep[c] == "agent"), None)
    if agent is not None:
        pobj = t.child_with(agent, ("pobj",))
        if pobj is not None:
            return pobj, SpeakerRule.AGENT
    lost = _conjunct_read_as_object(t, verb, no_one)
    if lost is not None:
        return lost, SpeakerRule.SUBJECT
    if t.pos[verb] == "NOUN":
        return _noun_speaker(t, verb)
    head = t.head[verb]
    if t.dep[verb] == "acl" and t.pos[head] in ("NOUN", "PROPN"):
        return head, SpeakerRule.ACL
    if (
        (t.dep[verb] in INHERIT_DEPS or misread_conjoined_verb(t, verb))
        and depth < 3
        and head != verb
    ):
        controller = _object_controller(t, verb, no_one)
        if controller is not None:
            return controller, SpeakerRule.OBJECT_CONTROL
        source = _through_preposition(t, verb, no_one)
        if source is None:
            return None, SpeakerRule.NONE
        inherited, how = _subject_at(t, source, (0, t.size), depth + 1, no_one)
        passive = t.child_with(source, ("nsubjpass",))
        conjoined = t.dep[verb] == "conj" and t.dep[source] != "ccomp"
        if inherited is None or (how == SpeakerRule.AGENT and conjoined):
            # `was joined on stage by Ms. Lorne and joked`: the one joined joked; not in
            # a reported clause (`said the move was made by X and said`: reporters)
            inherited = passive if passive is not None else inherited
        if inherited is not None:
            return inherited, SpeakerRule.INHERITED
    return None, SpeakerRule.NONE


LOST_CONJUNCT_VERB_DEPS = ("conj", "ccomp", "dep")
"""How the parser may hang a clause whose subject it read as a conjunct of the clause
before it (`... and Cruz opposed it`: `opposed` a `conj`, `ccomp` or `dep`)."""
FINITE_AUX_TAGS = (*FINITE_TAGS, "MD")
"""The tags of an auxiliary that makes its verb finite (`will accuse`, `did not say`)."""


def _conjunct_read_as_object(t: TokenTable, verb: int, no_one: Collection[str]) -> int | None:
    """`McCain backed the bill and Cruz opposed it`, `The office is investigating the
    police and the Justice Department is considering ...`: the parser read the subject
    of a second clause as a conjunct of the first clause's object (`Cruz` a `conj` of
    `bill`), so the second clause's verb, finite and with no subject of its own, would
    take the first clause's subject. The noun phrase that ends right where the verb's
    own phrase begins, hung as a conjunct on a noun before it and opened by the
    conjunction (`and`, `but`) that joins the two clauses, is its subject: the head of
    that conjunct (of a chain of conjuncts ending there, the first that a conjunction
    opens: `both the union and the association endorsed`). Not a pronoun that names no
    one (`no_one`), nor a relative pronoun."""
    if t.dep[verb] not in LOST_CONJUNCT_VERB_DEPS or not _finite(t, verb):
        return None
    end = t.subtree_min[verb] - 1
    if end < 1:
        return None
    chain = [end]
    while t.head[chain[-1]] != chain[-1] and t.subtree_max[t.head[chain[-1]]] == end:
        chain.append(t.head[chain[-1]])
    for i in reversed(chain):
        head, start = t.head[i], t.subtree_min[i]
        if (
            t.dep[i] == "conj"
            and head < start
            and t.pos[head] in MENTION_POS
            and t.dep[head] not in NOMINAL_SUBJECT_DEPS
            and t.pos[start - 1] == "CCONJ"
            and t.pos[i] in MENTION_POS
            and t.tag[i] not in RELATIVE_TAGS
            and t.lower[i] not in no_one
        ):
            return i
    return None


def _finite(t: TokenTable, verb: int) -> bool:
    """A verb with a tense of its own or a finite auxiliary (`said`, `will accuse`)."""
    if t.tag[verb] in FINITE_TAGS:
        return True
    return any(t.tag[c] in FINITE_AUX_TAGS for c in t.children_with(verb, ("aux", "auxpass")))


def _through_preposition(t: TokenTable, verb: int, no_one: Collection[str]) -> int | None:
    """The verb a participle inherits its subject from. A participle under a
    preposition (`pcomp`) hangs on the preposition, which has no subject: the verb the
    preposition hangs on does (`dodged questions before saying`, `After praising the
    plan, Ms. Lorne called`). Not when that verb's object is someone named, who may be
    the one who did it (`criticized Mr. Ferris for suggesting`): None then. Nor through
    a passive verb (`who is accused of staging an attack`): what its subject undergoes
    is someone else's telling, not the subject's words."""
    head = t.head[verb]
    if t.dep[verb] != "pcomp" or t.dep[head] != "prep" or t.pos[head] != "ADP":
        return head
    up = t.head[head]
    passive = t.child_with(up, ("nsubjpass",)) is not None
    if up == head or t.pos[up] not in ("VERB", "AUX") or passive:
        return head
    if any(
        t.dep[c] == "dobj" and _names_someone(t, c, no_one, PERSON_ENTS) for c in t.children(up)
    ):
        return None
    return up


def _first_subject(t: TokenTable, before: list[int], verb: int) -> int | None:
    """Of the subjects before a verb, the one that speaks: the nearest, the first being a
    dateline the parser hung on the verb too (`Washington (AFP) – Democrat Hillary
    Clinton has taken`); but the first when the nearest and the verb are set off by
    dashes, brackets or commas, a parenthetical source inside the first's sentence
    (`Perez, who dropped grenades – the government said – from ..., reported`)."""
    if len(before) < 2:
        return before[0] if before else None
    nearest = before[-1]
    opened = t.subtree_min[nearest] - 1
    closed = verb + 1
    if opened >= 0 and closed < t.size and {t.text[opened], t.text[closed]} <= DELIMITERS:
        return before[0]
    return nearest


def _object_controller(t: TokenTable, verb: int, no_one: Collection[str]) -> int | None:
    """The object that does an infinitive hung on its verb (`xcomp`): `pushing the
    candidates to speak`, `would require Republicans to recognize`. The infinitive's
    doer is the verb's direct object, not its subject; a pronoun that names no one
    (`made it to say`) is none."""
    if t.dep[verb] != "xcomp" or not any(t.lower[c] == "to" for c in t.children(verb)):
        return None
    head = t.head[verb]
    obj = next((c for c in t.children(head) if t.dep[c] == "dobj" and c < verb), None)
    if obj is None or not _names_someone(t, obj, no_one):
        return None
    return obj


def _names_someone(
    t: TokenTable, i: int, no_one: Collection[str], entities: Sequence[str] = ()
) -> bool:
    """A name or a pronoun for a person (`Mr. Ferris`, `him`), or a word the NER tagged
    with one of `entities`. With none given, also a people's or a body's name or a
    plural noun (`voters`): not a thing one uses to do something (`used the speech to
    call for ...`)."""
    if t.pos[i] == "PRON":
        return t.lower[i] not in no_one
    if entities:
        return t.pos[i] == "PROPN" or t.ent_type[i] in entities
    return t.pos[i] == "PROPN" or t.ent_type[i] in NAMED_ENTITIES or t.tag[i] == "NNS"


PERCEIVED_DEPS = ("advcl", "xcomp", "ccomp")
"""How the parser hangs a participle or bare infinitive on a verb of perception."""


def perceived_deed(verb: Token, perception: Collection[str]) -> Token | None:
    """The participle or bare infinitive a verb of hearing or memory (`perception`,
    rules/cues.toml `[clauses]`) takes with its doer: `I remember my partner telling
    me ...`, `I heard the coach tell the players that ...`. The doer is the verb's object
    before it or its own subject, and it reports a clause of its own; None when there
    is no such verb."""
    t = table_of(verb.doc)
    if t.lemma_lower[verb.i] not in perception:
        return None
    for c in t.children(verb.i):
        deed = verb.doc[c]
        doer = perceived_doer(deed, perception) if c > verb.i else None
        if doer is not None and clausal_complement(deed) is not None:
            return deed
    return None


def perceived_doer(deed: Token, perception: Collection[str]) -> Token | None:
    """Who does what a verb of hearing or memory takes (`perceived_deed`): its own
    subject, or the perception verb's object before it (`my partner` in `I remember my
    partner, Josh Lambert, telling me`). A verb with an auxiliary or `to` is no bare
    infinitive (`I can't recall how it could be done`)."""
    t = table_of(deed.doc)
    head = t.head[deed.i]
    if (
        head == deed.i
        or t.lemma_lower[head] not in perception
        or t.dep[deed.i] not in PERCEIVED_DEPS
        or t.tag[deed.i] not in ("VB", "VBG")
        or t.child_with(deed.i, ("aux", "auxpass", "mark")) is not None
    ):
        return None
    own = t.child_with(deed.i, ("nsubj",))
    if own is not None:
        return deed.doc[own]
    obj = next((c for c in t.children(head) if t.dep[c] == "dobj" and c < deed.i), None)
    return None if obj is None else deed.doc[obj]


def preposition_doer(
    verb: Token, participle: Collection[str], infinitive: Collection[str], no_one: Collection[str]
) -> Token | None:
    """Who does a participle or infinitive with no subject of its own that follows a
    prepositional object: `The meeting ended with the senator asking whether ...` (a
    preposition of `participle`, `with`), `an opening for the governor to highlight her
    record` (of `infinitive`, `for`). The object is the doer when its phrase ends right
    where the verb's starts and the preposition hangs on the word the verb hangs on, or
    on a word below it (`created an opening for Clinton to highlight`: `for` on
    `opening`, `highlight` on `created`); the parse would hand the deed to `the
    meeting` or `the attacks`. None otherwise, or
    when the object is a pronoun of `no_one` (`with it saying`)."""
    t = table_of(verb.doc)
    v = verb.i
    head = t.head[v]
    tag = t.tag[v]
    if tag not in ("VBG", "VB"):
        return None  # asked first: most cues are finite (post-parse CPU)
    if head == v or t.child_with(v, VERB_SUBJECT_DEPS) is not None:
        return None
    if tag == "VBG" and t.child_with(v, ("aux", "auxpass")) is None:
        words = participle
    elif tag == "VB" and t.has_child_word(v, ("to",), "aux"):
        words = infinitive
    else:
        return None
    end = t.subtree_min[v] - 1
    if end < 0:
        return None
    obj = end
    while t.dep[obj] != "pobj":
        up = t.head[obj]
        if up == obj or t.subtree_max[up] != end:
            return None
        obj = up
    prep = t.head[obj]
    if t.lower[prep] not in words or t.dep[prep] != "prep" or not _above(t, head, prep):
        return None
    if t.pos[obj] not in MENTION_POS or t.lower[obj] in no_one:
        return None
    return verb.doc[obj]


def object_doer(verb: Token, verbs: Collection[str], no_one: Collection[str]) -> Token | None:
    """Who does a participle or `to` infinitive with no subject of its own hung on a verb
    of `verbs` (`object_doer_verbs`, `leave`) whose direct object stands right before it:
    `has left 62 percent of voters saying ...`, `leaving many to wonder whether ...`; the
    parse would hand the deed to the verb's subject. The object's phrase ends where the
    deed's begins, or at a comma the parse hung on the verb when the phrase holds an aside
    of its own (`left many Republicans, including his supporters, wondering`; after `left
    reporters,` the participle is the subject's). None otherwise, or for a pronoun of
    `no_one`; whether the object is someone is for the caller to judge."""
    t = table_of(verb.doc)
    v = verb.i
    head = t.head[v]
    if head == v or t.lemma_lower[head] not in verbs or t.dep[v] not in PERCEIVED_DEPS:
        return None
    if t.child_with(v, VERB_SUBJECT_DEPS) is not None:
        return None
    participle = t.tag[v] == "VBG" and t.child_with(v, ("aux", "auxpass")) is None
    infinitive = t.tag[v] == "VB" and t.has_child_word(v, ("to",), "aux")
    if not (participle or infinitive):
        return None
    end = t.subtree_min[v] - 1
    comma = end > 0 and t.text[end] == "," and t.head[end] == head
    if comma:
        end -= 1
    obj = t.child_with(head, ("dobj",))
    if obj is None or obj > v or t.subtree_max[obj] != end or t.lower[obj] in no_one:
        return None
    if comma and "," not in (t.text[k] for k in range(t.subtree_min[obj], end + 1)):
        return None
    return verb.doc[obj]


def _above(t: TokenTable, up: int, i: int, steps: int = 3) -> bool:
    """`up` is the head of `i`, or its head's head, within `steps` steps."""
    for _ in range(steps):
        if t.head[i] == i:
            return False
        i = t.head[i]
        if i == up:
            return True
    return False


def relative_clause_start(head: Token, hi: int) -> int | None:
    """Where the first relative clause after a noun and before `hi` begins, its own or
    a later noun's (`People in the audience of 2.5 million who are inclined ...`),
    counting one the parser joined to the noun as a conjunct (`A witness who works ...,
    and who asked ...`: `asked` a `conj` of `witness`, with its `who`); None when there
    is none."""
    t = table_of(head.doc)
    for i in range(head.i + 1, hi):
        relative = t.dep[i] == "relcl" or (
            t.dep[i] == "conj" and any(t.tag[w] in RELATIVE_TAGS for w in t.children(i))
        )
        if relative and t.subtree_min[i] > head.i:
            return min(t.subtree_min[i], i)
    return None


def reporter_subject(verb: Token, no_one: Collection[str]) -> Token | None:
    """The subject of the verb that reports the clause a cue verb was hung on, when the
    parse put a cue coordinated with the reporting verb inside the clause it reports:
    `Mr. Putin forecast that the economy would rebound and praised ...`, `Trump argued
    that a database would keep people out, saying ...` (`praised`, `saying` are taken
    as the reported clause's own verbs, and inherit `economy`, `database`). So when the
    cue is a conjunct or adverbial clause (`conj`, `advcl`) of the verb `subject_of`
    inherits from and that verb heads a clausal complement (`ccomp`): then the subject
    of the verb (a verb, not a dateline's dash) the complement hangs on, stepping up
    while the subject found is a common noun naming no person in a complement
    (`Farage said the warning was a sign the President did not know ... and accused`).
    A name or a pronoun inside the clause gives way too (`Varga said Hale had misread
    the report and called it ...`, `she said she was tired and hoped ...`): on PolNeAR
    train the reporter spoke far more often than the person reported on. Then a common
    noun may report too (`The director said Lorne had approved ... and promised`); the
    caller keeps it only when it names someone by role."""
    t = table_of(verb.doc)
    v = verb.i
    if t.dep[v] not in ("conj", "advcl"):
        return None
    clause = t.head[v]
    for _ in range(3):
        if t.dep[clause] not in INHERIT_DEPS or t.head[clause] == clause:
            break
        if any(t.dep[c] in SUBJECT_DEPS for c in t.children(clause)):
            break
        clause = t.head[clause]
    found = None
    reported_on = False
    for step in range(3):
        sub = next((c for c in t.children(clause) if t.dep[c] in NOMINAL_SUBJECT_DEPS), None)
        if sub is None or (step > 0 and not _names_no_one(t, sub)):
            break
        reported_on = reported_on or (step == 0 and not _names_no_one(t, sub))
        reporter = t.head[clause]
        if t.dep[clause] not in CLAUSE_DEPS or reporter == clause or not _a_verb(t, reporter):
            break
        clause = reporter
        found, _ = _subject_at(t, clause, (0, t.size), 0, no_one)
        if found is None:
            break
    if found is None or (_names_no_one(t, found) and not reported_on):
        return None
    return verb.doc[found]


def _a_verb(t: TokenTable, i: int) -> bool:
    """A verb that is a word: the parse also tags a dateline's dash as one (`WASHINGTON ―`)."""
    return t.pos[i] == "VERB" and t.text[i][:1].isalpha()


def _names_no_one(t: TokenTable, i: int) -> bool:
    return t.pos[i] == "NOUN" and t.ent_type[i] != "PERSON"


SUBJECT_KEEPING_CLASSES = (CueClass.BELIEF, CueClass.EVIDENCE, CueClass.HEDGE, CueClass.UNLISTED)
"""Cue classes whose participle is no passive of speech: a thought's holder (`Worried
that X, he ...`), a study the parser read as a participle (`a poll ... found`), a hedge,
and verbs outside the lexicon, whose sense is unknown."""


def unnamed_actor(
    verb: Token, speaker: Token | None, rule: str, cue_class: str, addressed: Collection[str]
) -> bool:
    """Does the sentence leave who spoke unnamed, whatever mention `subject_of` found (by
    `rule`)? So for a passive cue with no agent and no subject found (`Clinton was told
    that X`: Clinton heard it; the speaker ranker would take her), for the passive
    participles of `passive_participle_subject`, and for a headline's passive of a verb
    that needs a hearer (`headline_hearer`). Not for the classes of
    `SUBJECT_KEEPING_CLASSES`."""
    if cue_class in SUBJECT_KEEPING_CLASSES:
        return False
    if speaker is None:
        return rule == SpeakerRule.NONE and (
            table_of(verb.doc).child_with(verb.i, ("auxpass",)) is not None
        )
    return passive_participle_subject(verb, speaker, rule) or headline_hearer(
        verb, speaker, addressed
    )


HEARER_DEPS = ("dobj", "dative", "iobj", "aux", "auxpass", "prt", "agent")
"""A verb's dependents that show it active (its hearer as object) or a full passive."""


def headline_hearer(verb: Token, speaker: Token, addressed: Collection[str]) -> bool:
    """`Builder lied about safety checks, jury told`, `Quit the race, senator told`: a
    verb that names its hearer as object when active (`addressed`: `tell`, `inform`),
    written after its subject with no object, auxiliary or agent and nothing after it in
    its sentence but punctuation, is a headline's short passive: the subject heard it,
    and who spoke is unnamed. An active `told` names its hearer (`he told reporters`); a
    pronoun is no headline's subject (`"We will win," he told.`)."""
    t = table_of(verb.doc)
    v = verb.i
    if t.lemma_lower[v] not in addressed or speaker.i > v or t.pos[speaker.i] == "PRON":
        return False
    if t.child_with(v, HEARER_DEPS) is not None:
        return False
    end = sentence_span(t, v)[1]
    return all(t.is_punct[i] or t.is_space[i] for i in range(v + 1, end))


def passive_participle_subject(verb: Token, speaker: Token, rule: str) -> bool:
    """Is `speaker`, the mention `subject_of` found for `verb` (by `rule`), one the verb
    acts on, not its actor? So for a past participle heading a clause of its own, with no
    subject or auxiliary, before the mention as an adverbial clause (`Asked about the
    plan, Ruiz said ...`) or after it, set off by a comma, as the mention's own clause
    (`the senator, asked about the plan, ...`): its sense is passive, and the mention it
    shares with the clause it hangs on (`speaker.inherited`, `speaker.acl`) was asked,
    told or accused; so too after the mention when a subordinator opens it (`he said,
    when asked about the plan, that ...`). Else an adverbial participle after the mention
    is more often a main verb the parser took for one (`Perez, who ..., reported that
    ...`). An agent (`asked by reporters`) is found before all this, and stays. The
    tagger often reads a participle that opens its sentence as a past tense (`Asked what
    a fair price looks like, Moreno replied`: `VBD`); with no subject, it is one too."""
    if rule not in (SpeakerRule.INHERITED, SpeakerRule.ACL):
        return False  # asked first: most mentions are no inherited subject (post-parse CPU)
    t, v = table_of(verb.doc), verb.i
    tag, dep = t.tag[v], t.dep[v]
    opens = tag == "VBD" and dep == "advcl" and v == sentence_span(t, v)[0]
    if (
        (tag != "VBN" and not opens)
        or dep not in ("advcl", "acl")
        or t.child_with(v, (*OWN_SUBJECT_DEPS, "aux", "auxpass")) is not None
    ):
        return False
    lo = verb.left_edge.i
    if verb.dep_ == "advcl":
        opener = verb.doc[lo]
        opened = opener.head.i == verb.i and (
            opener.dep_ == "mark" or (opener.dep_ == "advmod" and opener.tag_ == "WRB")
        )
        return opened or verb.right_edge.i < speaker.i
    return speaker.i == verb.head.i < lo and verb.doc[lo - 1].text == ","


def _noun_speaker(t: TokenTable, noun: int) -> tuple[int | None, str]:
    """Whose statement: `his statement`, `a claim by the ministry`, `X issued a statement`."""
    for child in t.children(noun):
        if t.dep[child] == "poss":
            return child, SpeakerRule.POSSESSOR
        if t.dep[child] == "prep" and t.lower[child] in ("by", "from"):
            pobj = next((c for c in t.children(child) if t.dep[c] == "pobj"), None)
            if pobj is not None:
                return pobj, SpeakerRule.NOUN_AGENT
    if t.dep[noun] == "dobj":
        owner = next((c for c in t.children(t.head[noun]) if t.dep[c] in SUBJECT_DEPS), None)
        if owner is not None:
            return owner, SpeakerRule.NOUN_OWNER
    return None, SpeakerRule.NONE


def _dateline(t: TokenTable, lo: int, dash: int) -> bool:
    """Do the words from `lo` to the dash open their sentence as a dateline or a heading
    does: a first word in capitals (`SAN FRANCISCO —`, `OTHER STATES -`) or a news
    agency in brackets before the dash (`Dec 29 (Reuters) -`)? Not a name set off by
    dashes (`Deborah Jordan Reynolds - Santilli's girlfriend - said`)."""
    if not t.sent_start[lo]:
        return False
    first = t.text[lo]
    return (first.isupper() and len(first) > 1) or t.text[dash - 1] == ")"


def _spaced(t: TokenTable, i: int) -> bool:
    """Is token `i` written with a space or line break on each side?"""
    return 0 < i < t.size - 1 and t.end[i - 1] < t.idx[i] and t.end[i] < t.idx[i + 1]


SHARE_PREPOSITION = "in"
"""The preposition of a share written as two numbers (`Nine in 10 voters`)."""


def _kept_preposition(t: TokenTable, head: int, prep: int) -> bool:
    """A preposition a mention keeps: `of` (`one of the family's attorneys`), and the `in`
    of a poll's share, a number's `in` right before another number (`Nine in 10
    registered Democrats`, `About 4 in 10`), which the parse hangs on the first number;
    not a year (`Forty in 2015`)."""
    if t.lower[prep] == "of":
        return True
    if t.lower[prep] != SHARE_PREPOSITION or t.tag[head] != "CD" or prep + 1 >= t.size:
        return False
    second = t.text[prep + 1]
    return t.tag[prep + 1] == "CD" and not (second.isdigit() and len(second) == 4)


def mention_range(head: Token) -> TokenRange:
    """The words of a speaker mention: the head's phrase without clauses or trailing prepositions.

    `Perez, who became known ...,` -> `Perez`; `one of the family's attorneys, Justin
    Bamberg` keeps the apposition, `Nine in 10 voters` its share. A mention stops at a
    colon (`Poll: Sanders leads`, parsed with `Poll` as the headline's root, is `Poll`),
    and starts after a dash written between spaces before its head that ends a dateline
    or heading opening the sentence (`SAN FRANCISCO — Lumora`, `GENEVA (Reuters) -
    Kestria`; not the hyphen of `Ruiz-Caldera`, nor a name set off by dashes), and after a
    clock time opening a live blog's entry (`14:10 A Treasury spokesperson`). Worked out
    by `mention_at` on the article's token table, once per head.
    """
    return mention_at(table_of(head.doc), head.i)


def mention_at(t: TokenTable, h: int) -> TokenRange:
    """`mention_range` of the token at index `h`, read from the token table `t` and kept
    in `t.mentions` for the article: the context, the features, speaker resolution, the
    candidates' ends and the claim facts all ask it of the same heads, and a caller
    holding an index need make no `Token` for it."""
    found = t.mentions.get(h)
    if found is None:
        found = t.mentions[h] = _mention_at(t, h)
    return found


def _mention_at(t: TokenTable, h: int) -> TokenRange:
    lo = hi = h
    deps, first, last, text = t.dep, t.subtree_min, t.subtree_max, t.text
    for child in t.children(h):
        dep = deps[child]
        if dep in MENTION_DROP_DEPS and not (dep == "prep" and _kept_preposition(t, h, child)):
            continue
        if first[child] < lo:
            lo = first[child]
        if last[child] > hi:
            hi = last[child]
    hi += 1
    if ":" in text[lo:hi]:  # rarely: one look at the slice before a loop over it
        colons = [i for i in range(lo, hi) if text[i] == ":"]
        lo = max([lo] + [i + 1 for i in colons if i < h])
        hi = min([hi] + [i for i in colons if i > h])
    if lo < h and not _DATELINE_DASH_SET.isdisjoint(text[lo:h]):  # rarely: one look first
        dashes = [i for i in range(lo, h) if text[i] in DATELINE_DASHES and _spaced(t, i)]
        if dashes and _dateline(t, lo, dashes[0]):
            lo = dashes[0] + 1
    punct, space = t.is_punct, t.is_space
    while lo < h and (punct[lo] or space[lo]):
        lo += 1
    if lo < h and t.sent_start[lo]:
        lo = after_clock_time(t.lower, lo, h)
    while hi - 1 > h and (punct[hi - 1] or space[hi - 1]):
        hi -= 1
    return lo, hi
