"""Speakers of cues nested in other words: the outer source of a nested attribution
(`X said, according to CNN`), a cue the parse hung inside the clause another verb
reports, the issuer of a document a cue describes, and the poll a share of voters was
counted in.

**Outer sources.** When a speech cue's own verb carries a source preposition of
`rules/patterns.jsonl` (`CUE_PREP`: `according to`, `per`, `in the words of`) and the
cue's own speaker is a document or a thing, the words reach the article through that
source, and the quote's speaker becomes the object of the preposition
(`speaker.outer_source`): `the review said, according to the Gazette`, `According to the
school's post, the statement said ...`. PolNeAR pairs every such quote with the outer
source; FactAppeal, and a fact-checker, pair it with whoever said the words, so a person,
a body or an outlet, by name, pronoun or noun (`Brenner said, according to the Gazette`;
`attorneys said`), keeps them: the preposition only names where the writer read them. A
preposition inside the reported words (`he said the economy, according to the Fed, is
strong`) hangs on another verb and changes nothing.

**Reporting clauses.** A cue coordinated with a reporting verb that the parse put
inside the clause that verb reports (`Mr. Putin forecast that the economy would rebound
and praised ...`) inherits the clause's subject, a thing or someone reported on; it goes
to the reporting verb's subject instead (`speaker.reporter`, `syntax.reporter_subject`),
when the rule's own mention is still the speaker after the ranker and the reporter is
someone: a name, a pronoun or a role of `rules/speakers.toml` (`the port director`).

**Issuers.** A document the cue describes (`His office put out a statement saying
...`: `saying` hangs on `statement`, `speaker.acl`) speaks for whoever issued it, the
subject of the verb it is the object of, when the document has no owner of its own
(`speaker.issuer`; the document nouns of `rules/speakers.toml`). A common noun before
it is its kind, not its owner (`sent out a press release saying`). A document the
subject spoke or wrote in, by a preposition of `issuer_prepositions` (`hit back in a
statement saying`, `during a speech attacking`), is the subject's too; one it answered
(`responded to a letter saying`) is not. So too a thing
outside the lexicon that a speech cue describes (`published a story detailing`, `made a
third attempt ..., writing`): it cannot say; a thing that shows or finds keeps its words,
unless the cue is an infinitive, what someone means to do with the thing (`has a rare
chance to show`, `in an effort to disprove`). A `that` or `which` clause describes a
document or thing as a participle does, when the subject put it out by a verb of
`issuing_verbs` (`released a video that accuses`; not `held up a sign which read`); and
a participle the parse hung on the addressees of a message describes the message
(`sent a text message to supporters saying`).

**`As` sources.** An `as` clause with a verb of `as_source_verbs` (`rules/speakers.toml`)
on the cue's verb or a verb above it names where the sentence came from: `As the Gazette
reported, the council was refusing to ...`, `..., as Reuters first reported`. PolNeAR
pairs the sentence with that source (`speaker.as_source`), and so does a fact-checker
when what the cue tells is a deed (`refused`, `issued`), not words: someone who says,
thinks, denies or asks (a cue outside `TOLD_DEEDS`), or whose words are quoted, by name,
pronoun or noun keeps them (`As the Gazette noted, Mayor Ruiz said ...`), as under
`according to`.

**Polls.** A share of people counted in a poll (`In a poll released Monday, 38 percent
of voters said ...`) speaks through the poll, a document of `rules/speakers.toml` that
a preposition of `issuer_prepositions` hangs on the cue's verb: PolNeAR pairs the words
with the poll (`speaker.outer_source`). A bare number is often one person (`one of the
lawyers said`) and keeps them.

All of these run after the quote classifier and the speaker ranker, so neither reads
them: quote spans cannot change.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from attribution.extract import syntax
from attribution.extract.candidates import prep_object
from attribution.extract.context import DocContext
from attribution.extract.decide import Decision
from attribution.ruleset.ids import CueClass, SpeakerRule

THINGS_DO_CLASSES = (CueClass.BELIEF, CueClass.EVIDENCE, CueClass.HEDGE, CueClass.UNLISTED, "")
"""Cue classes a thing can be the subject of (`a poll showing`, `data suggesting`), and
cues of no known class."""

TOLD_DEEDS = (
    CueClass.INTENT,
    CueClass.EVIDENCE,
    CueClass.HEDGE,
    CueClass.UNLISTED,
    CueClass.NOUN,
    CueClass.PREDICATE,
    "",
)
"""Cue classes that tell a deed, a finding or an impression rather than someone's words
(`refused to`, `issued`, `appears`): an `as` source above them is the sentence's source.
Under every other class the speaker says, thinks, denies or asks the words, and the `as`
source only tells where the writer read them."""

AFTER_RANKER = (
    SpeakerRule.OUTER_SOURCE,
    SpeakerRule.AS_SOURCE,
    SpeakerRule.REPORTER,
    SpeakerRule.ISSUER,
)
"""The speaker rules of this module: found by rule after the ranker, so their evidence
has the method `rule` and no ranker's score."""


def outer_sources(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept cue quote whose verb carries a source preposition that source."""
    if not ctx.prep_cues:
        return
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker_rule == SpeakerRule.PREP_OBJECT:
            continue
        if c.speaker is not None and _speaks_itself(ctx, c.speaker):
            continue
        found = _outer_source(ctx, c.cue_head, c.fragments)
        if found is not None and found != c.speaker:
            c.speaker, c.speaker_rule = found, SpeakerRule.OUTER_SOURCE
            d.speaker_score = None


def as_sources(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept cue quote whose sentence an `as` clause sources (`As the Gazette
    reported, ...`) that source, unless someone says, thinks or asks the words."""
    verbs = ctx.rules.words.as_source_verbs
    if not verbs or not _has_as_clause(ctx, verbs):
        return  # no `as` clause in the article (post-parse CPU)
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker_rule in (
            SpeakerRule.PREP_OBJECT,
            SpeakerRule.OUTER_SOURCE,
        ):
            continue
        told = c.cue_class not in TOLD_DEEDS or c.kind != "indirect"
        if c.speaker is not None and told and _speaks_itself(ctx, c.speaker):
            continue
        found = _as_source(ctx, ctx.doc[c.cue_head], verbs, c.fragments)
        if found is not None and found != c.speaker:
            c.speaker, c.speaker_rule = found, SpeakerRule.AS_SOURCE
            d.speaker_score = None


def _as_source(
    ctx: DocContext, cue: Token, verbs: frozenset[str], fragments: Sequence[tuple[int, int]]
) -> Token | None:
    """The subject of an `as` clause with a verb of `verbs` on the cue's verb or a verb
    above it (`As Reuters reported, ...`; the parse may also read `As` as a preposition
    whose object the clause describes: then that clause's subject, else the object)."""
    for verb in (cue, *cue.ancestors):
        for child in verb.children:
            if child.i == cue.i or ctx.in_quote(child):
                continue
            if any(a <= child.idx < b for a, b in fragments):
                continue
            clause = _as_clause(child, verbs)
            if clause is None:
                continue
            subject = next((t for t in clause.children if t.dep_ == "nsubj"), None)
            if subject is None and child.dep_ == "prep":
                subject = clause.head
            if subject is None or subject.lower_ in ctx.rules.words.unlikely_speakers:
                return None
            return subject
    return None


def _has_as_clause(ctx: DocContext, verbs: frozenset[str]) -> bool:
    """Whether `_as_clause` finds a clause anywhere in the article: each it finds hangs
    on an `as`, its `mark` or the preposition itself."""
    t, doc = ctx.table, ctx.doc
    for i in [i for i, w in enumerate(t.lower) if w == "as"]:
        holder = i if t.dep[i] == "prep" else t.head[i]
        if _as_clause(doc[holder], verbs) is not None:
            return True
    return False


def _as_clause(child: Token, verbs: frozenset[str]) -> Token | None:
    """The verb of `as X reported` hung on a verb as `child`: an adverbial clause marked
    `as`, or `as` read as a preposition whose object a clause of the verb describes."""
    if child.dep_ == "advcl" and child.lemma_.lower() in verbs:
        if any(m.dep_ == "mark" and m.lower_ == "as" for m in child.children):
            return child
        return None
    if child.dep_ == "prep" and child.lower_ == "as":
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            for clause in obj.children:
                if clause.dep_ == "relcl" and clause.lemma_.lower() in verbs:
                    return clause
    return None


def polls(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept quote whose speaker is a share of people (`38 percent of voters`,
    `41% of residents`) the document its cue's verb names them in (`In a poll
    released Monday, 38 percent said ...`): the share speaks through the poll, and
    PolNeAR pairs the words with it (`speaker.outer_source`)."""
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker is None or not _a_count(c.speaker):
            continue
        found = _document_counted_in(ctx, ctx.doc[c.cue_head])
        if found is not None:
            c.speaker, c.speaker_rule = found, SpeakerRule.OUTER_SOURCE
            d.speaker_score = None


def _a_count(tok: Token) -> bool:
    """A noun a number modifies (`38 percent`, `41%`): a share of those polled. A bare
    number is often one person (`one of the family's attorneys`)."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in tok.children)


def _document_counted_in(ctx: DocContext, verb: Token) -> Token | None:
    """A document noun of `rules/speakers.toml` (`poll`, `survey`) before the verb, the
    object of a preposition of `issuer_prepositions` that hangs on it (`In a poll, ...
    said`)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i > verb.i:
            continue
        if prep.lower_ not in ctx.rules.words.issuer_prepositions:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or ctx.in_quote(obj):
                continue
            if ctx.rules.speaker_nouns.get(obj.lemma_.lower()) == "document":
                return obj
    return None


def issuers(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept quote spoken by a document it describes the document's issuer."""
    for d in kept:
        c = d.candidate
        noun = None if c.speaker is None else _described(c.speaker, c.speaker_rule)
        if noun is None:
            continue
        infinitive = c.cue_head is not None and syntax.infinitive_at(ctx.table, c.cue_head)
        found = _issuer(ctx, noun, c.cue_class, infinitive)
        relative = c.speaker_rule == SpeakerRule.RELATIVE
        if found is not None and relative and not _put_out(ctx, noun):
            continue
        if found is not None:
            c.speaker, c.speaker_rule = found, SpeakerRule.ISSUER
            d.speaker_score = None


def _described(mention: Token, rule: str) -> Token | None:
    """The noun a cue describes: the one its participle modifies (`speaker.acl`: `a
    statement saying`), or the one a `that` or `which` clause of the cue stands for
    (`speaker.relative`: `released a video that accuses`, `ran a piece that noted`)."""
    if rule == SpeakerRule.ACL:
        return _message_to(mention) or mention
    if rule == SpeakerRule.RELATIVE and mention.tag_ == "WDT" and mention.head.dep_ == "relcl":
        return mention.head.head
    return None


def _message_to(addressee: Token) -> Token | None:
    """The thing sent to the noun a participle hangs on, when the parse hung the
    participle on the addressee (`sent out a text message to supporters saying`: the
    message says, not the supporters): the object of the verb `to` hangs on."""
    to = addressee.head
    if addressee.dep_ != "pobj" or to.lower_ != "to" or to.dep_ not in ("dative", "prep"):
        return None
    return next((c for c in to.head.children if c.dep_ == "dobj" and c.i < to.i), None)


def _put_out(ctx: DocContext, noun: Token) -> bool:
    """A noun that is the object of a verb of `issuing_verbs` (`rules/speakers.toml`):
    its subject put it out (`released a video`), not only held or cited it."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.rules.words.issuing_verbs


def _issuer(
    ctx: DocContext, doc_noun: Token, cue_class: str = "", infinitive: bool = False
) -> Token | None:
    """The subject of the verb whose object `doc_noun` is, when it is a document noun
    with no owner written in its phrase (`his statement`, `the party's letter`, `a
    Clinton campaign memo`); a common noun before it says what kind of document it is,
    not whose (`sent out a press release`, `released a radio ad`)."""
    category = ctx.rules.speaker_nouns.get(doc_noun.lemma_.lower())
    thing = category is None and _a_made_thing(
        doc_noun, "" if infinitive else cue_class, infinitive
    )
    if not (category == "document" or thing):
        return None
    verb = _issuing_verb(ctx, doc_noun)
    if verb is None or any(_owner(c) for c in doc_noun.children):
        return None
    found, _ = syntax.subject_of(verb, ctx.rules.words.unlikely_speakers)
    if found is None or found.i == doc_noun.i or ctx.in_quote(found) or ctx.in_heading(found.idx):
        return None
    return found


def _issuing_verb(ctx: DocContext, doc_noun: Token) -> Token | None:
    """The verb whose subject made or used the document: the verb it is the object of
    (`issued a statement saying`), or the verb a preposition of `issuer_prepositions`
    (`rules/speakers.toml`) hangs it on (`shot back in an article stating`, `during a
    speech attacking`)."""
    if doc_noun.dep_ == "dobj":
        return doc_noun.head
    prep = doc_noun.head
    if (
        doc_noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ in ctx.rules.words.issuer_prepositions
        and prep.head.pos_ in ("VERB", "AUX")
    ):
        return prep.head
    return None


def _a_made_thing(noun: Token, cue_class: str, infinitive: bool = False) -> bool:
    """A thing outside the lexicon that a speech cue describes (`published a story
    detailing`, `opened a rally blasting`): it cannot say, blast or call; whoever made
    it did. A thing may show, find or suggest (`cited a poll showing`): those classes
    keep it, unless the cue is an infinitive (`has a chance to show`, `in an effort to
    disprove`): what someone means to do with the thing is theirs."""
    return (
        noun.pos_ == "NOUN"
        and noun.tag_ == "NN"
        and noun.ent_type_ == ""
        and (infinitive or cue_class not in THINGS_DO_CLASSES)
    )


def _owner(child: Token) -> bool:
    """A possessor or a name before a noun: whose it is (`his`, `Clinton campaign`)."""
    if child.dep_ == "poss":
        return True
    return child.dep_ == "compound" and (child.pos_ == "PROPN" or child.ent_type_ != "")


def reporters(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept quote whose inherited subject came from inside a reported clause
    the subject of the verb that reports it."""
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker is None or c.speaker_rule != SpeakerRule.INHERITED:
            continue
        found = syntax.reporter_subject(ctx.doc[c.cue_head], ctx.rules.words.unlikely_speakers)
        if found is None or not _speaks_itself(ctx, found):
            continue
        if not ctx.in_quote(found) and not ctx.in_heading(found.idx):
            c.speaker, c.speaker_rule = found, SpeakerRule.REPORTER
            d.speaker_score = None


def _speaks_itself(ctx: DocContext, tok: Token) -> bool:
    """Whether a speaker mention's head is someone whose words are theirs whatever
    reported them: a name, a pronoun, or a noun of `rules/speakers.toml` other than a
    document (`attorneys`, `the ministry`, `the paper`; `Rules.speaks_itself`). The
    widest of the "who can speak" tests: any pronoun (`it` too) and any proper noun,
    whatever the NER made of it, where `models._someone` takes only a pronoun of
    someone and, of a word the NER tagged, only `syntax.NAMED_ENTITIES`."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in syntax.NAMED_ENTITIES:
        return True
    return ctx.rules.speaks_itself(tok.lemma_.lower())


def _outer_source(ctx: DocContext, verb: int, fragments: Sequence[tuple[int, int]]) -> Token | None:
    """The object of a source preposition the verb at `verb` governs, outside the
    quotation marks and the quote's own words."""
    doc = ctx.doc
    for start, end, _ in ctx.prep_cues:
        anchor = doc[start]
        if anchor.head.i != verb or anchor.i == verb or ctx.in_quote(anchor):
            continue
        if any(a <= anchor.idx < b for a, b in fragments):
            continue
        found = prep_object(doc, start, end)
        if found is not None:
            return found[1]
    return None
