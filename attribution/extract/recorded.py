"""Speakers of shouted, written and recorded words, where the parse lost them.

Fallbacks for kept quotes that have no speaker after the rules and the ranker, or
only a common noun that names no one:

- `speaker.sentence_subject`: a speech cue with no subject of its own, often a participle
  the parser hung on the wrong word (`Perez can be seen ... and shouting “...”`), takes
  the nearest person subject before it in its sentence; so does such a participle when
  the ranker chose a place, body or thing of the sentence for it (`_ranked_non_person`:
  `... stood at his pulpit in Ames, Iowa, and endorsed ..., urging`), then a body or
  people subject too; and so does any cue whose inherited subject is a thing that names
  no one (`_inherited_thing`: `FBI officials were angered by the deal and predicted`,
  not `the deal`), a person, body or people; so does a cue whose participle modifies
  such a thing (`speaker.acl`: `called for a voice vote, and then a show of hands,
  declaring`, not `a show of hands`), unless it names someone all the same
  (`_names_through`).
- `speaker.recording`: a quotation standing alone right after a sentence about
  someone's recording or post (`He posted a video on Instagram.` then `“...”`) takes the
  person who made it: the recording's possessor (`his video`) or the sentence's subject.
- `speaker.trailing_cue`: a quotation no cue claimed, closed by a comma, `?` or `!`
  and followed within a few words by a speech verb of the lexicon (`“...,” the email
  read.`; the parser took `the email read` for one noun phrase), takes that verb's
  subject, before the recording fallback and the previous quote's speaker.
- `speaker.introduced`: such a quotation right after a sentence that ends with a colon
  (`Tom Vega issued the following statement:`, the statement in the next paragraph)
  takes that sentence's subject, a person, body or people, before the recording fallback
  and the previous quote's speaker.

One rule replaces a speaker the parse gave: `speaker.owner_subject`, a cue noun owned by
a `his`, `her` or `their` that is the object of the subject's own verb (`Ada Lorne shared
her belief that ...`, `Some of those surveyed voiced their concerns about ...`), is the
subject's: the pronoun only points back at it. Not for a verb that contests or asks
(`Lorne rejected her claim`: the claim may be another woman's), and only for a subject
the pronoun fits.

The first two fallbacks are weak rules: the report marks their quotes for review. The recording
nouns are the `[recordings]` list of `rules/speaker_names.toml`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from attribution.extract.context import DocContext
from attribution.extract.decide import Decision
from attribution.extract.quotemarks import NESTED_CLOSINGS
from attribution.extract.syntax import NOMINAL_SUBJECT_DEPS, VERB_SUBJECT_DEPS, subject_of
from attribution.ruleset.ids import CueClass, SpeakerRule

WEAK_RULES = (SpeakerRule.SENTENCE_SUBJECT, SpeakerRule.RECORDING)
TRAILING_CUE_TOKENS = 6
"""How far after a quotation's closing mark its torn-off cue may stand, in tokens."""


def fill_speakers(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give a speaker to the kept quotes the fallbacks above can attach."""
    for d in kept:
        c = d.candidate
        owner = None if c.speaker is None else _owner_subject(ctx, c.speaker, c.cue_head)
        if owner is not None:
            c.speaker, c.speaker_rule = owner, SpeakerRule.OWNER_SUBJECT
            d.speaker_score = None
            continue
        found: Token | None = None
        rule = ""
        ranked = c.speaker is not None and _ranked_non_person(
            ctx, c.speaker, c.speaker_rule, c.cue_head
        )
        thing = c.speaker is not None and _inherited_thing(
            ctx, c.speaker, c.speaker_rule, c.cue_head
        )
        if (
            c.speaker is not None
            and not cannot_speak(ctx, c.speaker, c.cue_head)
            and not ranked
            and not thing
        ):
            continue
        if thing and c.cue_head is not None:
            found = _subject_before(ctx, ctx.doc[c.cue_head], someone=True)
            if found is None:
                continue  # no one to give it to: the thing stays
            rule = WEAK_RULES[0]
        elif c.cue_head is not None and not c.follows_previous:
            found = _sentence_subject(ctx, ctx.doc[c.cue_head], someone=ranked)
            rule = WEAK_RULES[0]
            if ranked and found == c.speaker:
                continue  # the ranker chose the subject itself: its choice stands
        elif c.follows_previous and c.cue is None:
            found, rule = _trailing_cue_subject(ctx, c.end), SpeakerRule.TRAILING_CUE
            if found is None:
                found, rule = _introducer(ctx, c.start), SpeakerRule.INTRODUCED
            if found is None:
                found, rule = _recording_maker(ctx, c.start), WEAK_RULES[1]
        if found is not None:
            c.speaker, c.speaker_rule = found, rule
            d.speaker_score = None


PLACE_OR_PEOPLE_ENTS = ("GPE", "LOC", "NORP", "FAC")
"""Entity types of a proper noun that `his` or `her` does not point back at."""
OWN_VOICE_CLASSES = (None, CueClass.SPEECH, CueClass.BELIEF)
"""The classes of a verb whose subject voices the cue noun it takes (`shared her
belief`, `repeated his claim`; a verb outside the lexicon too), where a denial,
accusation or request may take someone else's (`rejected her claim`)."""


def _owner_subject(ctx: DocContext, tok: Token, cue: int | None) -> Token | None:
    """The subject `speaker.owner_subject` gives a cue noun owned by the pronoun `tok`:
    the nominal subject before the verb whose direct object the cue is, when no one else
    is named between them and the pronoun fits it (`his`, `her`: a proper noun that
    names no place or a person noun, or a pronoun of the same class; `their`: a plural,
    a share of a plural or a plural pronoun)."""
    if cue is None or tok.dep_ != "poss" or tok.head.i != cue or tok.pos_ != "PRON":
        return None
    noun = ctx.doc[cue]
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    if ctx.rules.cue_class(verb.lemma_) not in OWN_VOICE_CLASSES:
        return None
    subject = next(
        (c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and not ctx.in_quote(c)),
        None,
    )
    category = ctx.rules.pronouns.get(tok.lower_)
    if subject is None or category is None or subject.i == tok.i:
        return None
    between = ctx.doc[subject.right_edge.i + 1 : tok.i]
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") or t.pos_ == "PROPN" for t in between):
        return None  # `Ryan voiced displeasure with Trump's plans, in particular his plan`
    said = ctx.rules.pronouns.get(subject.lower_) if subject.pos_ == "PRON" else None
    if category in ("male", "female"):
        named = subject.pos_ == "PROPN" and subject.ent_type_ not in PLACE_OR_PEOPLE_ENTS
        kind = ctx.rules.speaker_nouns.get(subject.lemma_.lower())
        role = subject.tag_ == "NN" and kind == "person"
        fits = said == category or (said is None and (named or role))
    elif category == "plural":
        fits = said == category or (said is None and _plural(subject))
    else:
        fits = False
    return subject if fits else None


def _plural(tok: Token) -> bool:
    """A plural noun, or a share of a plural (`Some of those surveyed`, `many of the
    delegates`)."""
    if tok.tag_ in ("NNS", "NNPS"):
        return True
    return any(
        "Plur" in obj.morph.get("Number", [])
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def cannot_speak(ctx: DocContext, tok: Token, cue: int | None) -> bool:
    """A common noun that names no one (no entity, no speaker noun of rules/speakers.toml)
    to which the parse conjoined the cue verb, a parse error: `blood` in `stains –
    apparently blood – on his face and shouting “...”`. The fallbacks may replace it. A
    participle that modifies the noun (`a gunman claiming ...`, `ledgers showing ...`)
    keeps it: PolNeAR gives such quotes to the noun."""
    return (
        cue is not None
        and ctx.doc[cue].head.i == tok.i
        and ctx.doc[cue].dep_ == "conj"
        and tok.pos_ == "NOUN"
        and not tok.ent_type_
        and tok.lemma_.lower() not in ctx.rules.speaker_nouns
    )


def is_person(ctx: DocContext, tok: Token) -> bool:
    """A PERSON entity, or a pronoun of the `male` or `female` class of
    `rules/speakers.toml` (`he`, `she`). The narrowest of the "who can speak" tests
    (`models._someone`, `nested._speaks_itself`): one person, no body, no role noun
    (`the mayor`), no `they`."""
    if tok.ent_type_ == "PERSON":
        return True
    return tok.pos_ == "PRON" and ctx.rules.pronouns.get(tok.lower_) in ("male", "female")


def _ranked_non_person(ctx: DocContext, tok: Token, rule: str, cue: int | None) -> bool:
    """A mention that is no person (`is_person`), chosen by the speaker ranker from the
    sentence for a participle cue with no subject of its own (`Pastor Ruiz stood at his
    pulpit in Ames, Iowa, and endorsed the senator, urging ...`: not `Iowa`). The
    sentence's subject (`_sentence_subject`) may replace it, a person, or a body or
    people (`Democrats are drafting plans ..., saying`: not `a rightward-drifting
    Republican Party`). Kept: the noun a participle modifies (`acl`: `a gunman
    claiming`), the object of a participle read as a preposition (`according to`), and
    an apposition of a person, which names that person (`Lee Ortiz, a law professor`;
    not `Ames, Iowa`)."""
    return (
        rule == SpeakerRule.RANKED_SENTENCE
        and cue is not None
        and ctx.doc[cue].dep_ not in ("acl", "prep")
        and not (tok.dep_ == "appos" and is_person(ctx, tok.head))
        and not is_person(ctx, tok)
    )


def _inherited_thing(ctx: DocContext, tok: Token, rule: str, cue: int | None) -> bool:
    """A subject inherited from the verb the cue hangs on (`speaker.inherited`) that
    names no one, where the parse hung the cue on the wrong verb: a singular common noun
    with no entity, no noun of `rules/speakers.toml`, no apposition and no `whose` (which
    stands for the one before it). Plurals are left alone: most are people (`investors`,
    `its followers`). `The only time it came up was when Ada Lorne spoke of ... and
    referred to ...`: not `The only time`. The same for the noun a participle modifies
    (`speaker.acl`), unless it names someone through its own words (`_names_through`).
    The nearest person, body or people subject before the cue in its sentence replaces
    it (`_subject_before`); with none, it stays."""
    return (
        rule in (SpeakerRule.INHERITED, SpeakerRule.ACL)
        and tok.pos_ == "NOUN"
        and tok.tag_ == "NN"
        and not tok.ent_type_
        and tok.lemma_.lower() not in ctx.rules.speaker_nouns
        and not any(c.dep_ == "appos" or c.tag_ == "WP$" for c in tok.children)
        and (rule == SpeakerRule.INHERITED or not _names_through(ctx, tok, cue))
    )


def _names_through(ctx: DocContext, tok: Token, cue: int | None) -> bool:
    """A noun that a participle modifies (`speaker.acl`) and that points at someone all
    the same: a predicate noun (`He's a puppet saying ...`), or a noun whose own words,
    outside the participle's clause, hold a person or a possessor (`the spectacle of
    Ada Lorne ...`, `Lorne's use of ...`). PolNeAR gives such quotes to the noun or to
    the one it names, not to the sentence's subject."""
    if tok.dep_ == "attr":
        return True
    skip = set() if cue is None else {t.i for t in ctx.doc[cue].subtree}
    return any(
        t.i not in skip and (is_person(ctx, t) or t.dep_ == "poss")
        for t in tok.subtree
        if t.i != tok.i
    )


def _sentence_subject(ctx: DocContext, verb: Token, *, someone: bool = False) -> Token | None:
    """The nearest person subject before a subjectless speech participle in its
    sentence; with `someone` (the ranker's pick is to be replaced), also a body or
    people (`_names_someone`), and for a subjectless `to` infinitive a person only
    (`Ortiz has become the mayor's loudest critic, quick to point out`, `Ruiz was the
    first Democrat in the Senate to endorse`: not `the Senate`)."""
    infinitive = (
        someone
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )
    if verb.pos_ != "VERB" or (verb.tag_ != "VBG" and not infinitive):
        return None
    if any(c.dep_ in VERB_SUBJECT_DEPS for c in verb.children):
        return None
    return _subject_before(ctx, verb, someone=someone and not infinitive)


def _subject_before(ctx: DocContext, verb: Token, *, someone: bool = False) -> Token | None:
    """The nearest person subject before `verb` in its sentence, outside quotation
    marks; with `someone`, also a body or people (`_names_someone`)."""
    sent = ctx.sent(verb)
    for tok in reversed(sent[: verb.i - sent.start]):
        if tok.dep_ not in NOMINAL_SUBJECT_DEPS or ctx.in_quote(tok):
            continue
        if is_person(ctx, tok) or (someone and _names_someone(ctx, tok)):
            return tok
    return None


def _names_someone(ctx: DocContext, tok: Token) -> bool:
    """A body or people the NER tagged (ORG, NORP), or a person or body noun of
    `rules/speakers.toml` (`protesters`, `the campaign`)."""
    if tok.ent_type_ in ("ORG", "NORP"):
        return True
    return ctx.rules.person_or_body(tok.lemma_.lower())


def _trailing_cue_subject(ctx: DocContext, end: int) -> Token | None:
    """The subject of a speech cue right after a quotation that a comma, `?` or `!`
    closes (`“...,” the email read.`, `“...,” Ortiz wrote`): the parse tore the cue from
    the quotation, so no cue claimed it. The first verb of the lexicon within
    `TRAILING_CUE_TOKENS` tokens of the closing mark, before any full stop, speaks through
    its subject if that subject stands after the quotation."""
    closing = ctx.text[max(0, end - 4) : end + 1].strip().strip(NESTED_CLOSINGS)
    if not closing.endswith((",", "?", "!")) and ctx.text[end : end + 1] != ",":
        return None
    at = ctx.doc.char_span(end, len(ctx.text), alignment_mode="expand")
    if at is None:
        return None
    for tok in at[:TRAILING_CUE_TOKENS]:
        if tok.text in (".", ";", ":") or ctx.in_quote(tok):
            return None
        if ctx.rules.cue_class(tok.lemma_) != CueClass.SPEECH:
            continue
        if tok.pos_ == "VERB":
            found, _ = subject_of(tok, ctx.rules.words.unlikely_speakers)
        elif tok.pos_ == "NOUN":  # `the email read` read as one noun phrase
            found = next((c for c in tok.children if c.dep_ == "compound"), None)
        else:
            return None
        if found is not None and found.idx >= end and not ctx.in_quote(found):
            return found
        return None
    return None


def _introducer(ctx: DocContext, start: int) -> Token | None:
    """The subject of the sentence right before a quotation at `start`, in its paragraph
    or the one before, when that sentence ends with a colon (`Tom Vega issued the
    following statement:` and the statement in the next paragraph): a person, a body or
    people (`_names_someone`), outside quotation marks."""
    before = _sentence_before(ctx, start)
    if before is None:
        return None
    last = next((t for t in reversed(before) if not t.is_space), None)
    if last is None or last.text != ":":
        return None
    subject = next((c for c in before.root.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None)
    if subject is None or ctx.in_quote(subject):
        return None
    return subject if is_person(ctx, subject) or _names_someone(ctx, subject) else None


def _sentence_before(ctx: DocContext, start: int) -> Span | None:
    """The sentence before the one at character `start`, in its paragraph or the one
    before."""
    at = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if at is None or not len(at):
        return None
    k = ctx.sentence_index(at[0])
    if k == 0:
        return None
    before = ctx.sentences[k - 1]
    if ctx.paragraph_of(before.start_char) < ctx.paragraph_of(start) - 1:
        return None
    return before


def _recording_maker(ctx: DocContext, start: int) -> Token | None:
    """The maker of the recording or post the sentence before `start` is about."""
    before = _sentence_before(ctx, start)
    return None if before is None else _maker_in(ctx, before)


def _maker_in(ctx: DocContext, sent: Span) -> Token | None:
    recordings = ctx.rules.names.recordings
    for tok in sent:
        if tok.lower_ not in recordings or ctx.in_quote(tok):
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and is_person(ctx, owner):
            return owner
        subjects = (c for c in sent.root.children if c.dep_ in NOMINAL_SUBJECT_DEPS)
        subject = next((c for c in subjects if is_person(ctx, c)), None)
        if subject is not None:
            return subject
    return None
