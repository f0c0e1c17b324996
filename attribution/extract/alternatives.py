"""Second guesses at what a cue reports, proposed only for the trained classifier.

The rules in `candidates.py` give each cue its most likely content. Labelled news shows
other shapes too: content that runs on to the sentence's end (`said that X, because Y`),
the object of a preposition (`spoke of her early talks`, `pleads for his life`), and the
subject of a passive (`Clinton was supported by 42 percent`). Each becomes one more
candidate with its own rule id; the classifier keeps at most one content per cue.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from attribution.extract import context as quotes
from attribution.extract import syntax
from attribution.extract.context import CharRange, DocContext
from attribution.extract.table import table_of
from attribution.ruleset.ids import CueClass, QuoteRule, SpeakerRule

Found = tuple[str, list[CharRange], Token | None, str]
MIN_TAIL_WORDS = 3
OBJECT_RULES = (QuoteRule.OBJECT, QuoteRule.VERB_OBJECT, QuoteRule.INFINITIVE)
CLAUSE_BREAKS = ("advcl", "conj", "ccomp", "parataxis", "cc", "punct", "xcomp", "relcl")


def unnamed_or_holder(
    ctx: DocContext, verb: Token, cue_class: str, speaker: Token | None, srule: str
) -> tuple[Token | None, str]:
    """A cue's speaker after the two checks every reading of a verb cue makes: none when
    the sentence leaves who spoke unnamed (`syntax.unnamed_actor`: `Clinton was told
    that ...`), and, when none was found, the holder of a passive view
    (`syntax.passive_holder`: `Not everyone is convinced`, `are split on`) outside
    quotation marks."""
    words = ctx.rules.words
    if syntax.unnamed_actor(verb, speaker, srule, cue_class, words.addressed):
        speaker, srule = None, SpeakerRule.UNNAMED
    if speaker is None:
        holder = syntax.passive_holder(verb, words.passive_holders, words.unlikely_speakers)
        if holder is not None and not ctx.in_quote(holder):
            speaker, srule = holder, SpeakerRule.SUBJECT
    return speaker, srule


def other_contents(ctx: DocContext, cue: syntax.Cue, primary: Found | None) -> list[Found]:
    """Alternative contents for `cue`, beside the rules' own answer `primary`."""
    out: list[Found] = []
    if primary is not None and primary[0] == QuoteRule.CLAUSE:
        longer = _to_sentence_end(ctx, cue, primary[1])
        if longer is not None:
            out.append((QuoteRule.CLAUSE_SENTENCE, [longer], primary[2], primary[3]))
    verb = cue.verb
    if ctx.table.pos[verb.i] == "NOUN" or cue.cue_class == CueClass.PREDICATE:
        return out
    if cue.cue_class == CueClass.UNLISTED and syntax.empty_object(
        verb, ctx.rules.words.empty_determiners
    ):
        return out
    speaker, srule = syntax.subject_of(verb, ctx.rules.words.unlikely_speakers)
    speaker, srule = unnamed_or_holder(ctx, verb, cue.cue_class, speaker, srule)
    prep_object = _prepositional_object(ctx, verb)
    if prep_object is not None:
        content = quotes.to_chars(ctx, [prep_object])
        out.append((QuoteRule.VERB_PREP_OBJECT, content, speaker, srule))
    if primary is not None and primary[0] in OBJECT_RULES:
        phrase = _verb_phrase_from(ctx, verb, primary[1])
        if phrase is not None:
            out.append((QuoteRule.OBJECT_PHRASE, [phrase], primary[2], primary[3]))
    if primary is not None and len(primary[1]) == 1:
        shorter = _without_trailing_clause(ctx, primary[1][0])
        if shorter is not None:
            out.append((QuoteRule.TRIMMED, [shorter], primary[2], primary[3]))
    passive = _passive_subject(verb)
    agent, arule = _agent(verb)
    if passive is not None and agent is not None:
        out.append((QuoteRule.PASSIVE_SUBJECT, quotes.to_chars(ctx, [passive]), agent, arule))
    return [f for f in out if f[1]]


def _verb_phrase_from(ctx: DocContext, verb: Token, fragments: list[CharRange]) -> CharRange | None:
    """`endorsed X from 88 generals Tuesday`: the object with what follows it in the verb
    phrase, up to a new clause."""
    if not fragments:
        return None
    start, end = fragments[0][0], fragments[-1][1]
    t, last = ctx.table, verb.i
    for child in t.children(verb.i):
        if child < verb.i:
            continue
        if t.dep[child] in CLAUSE_BREAKS:
            break
        last = max(last, syntax.subtree_range(ctx.doc[child])[1] - 1)
    first = t.expand(start, end)
    if t.end[last] <= end + 2 or first is None:
        return None
    found = quotes.to_chars(ctx, [(first[0], last + 1)])
    return found[0] if found else None


def _without_trailing_clause(ctx: DocContext, fragment: CharRange) -> CharRange | None:
    """`he would consider Rep. Beyer, a former governor who ...`: the content without a
    trailing apposition or non-restrictive clause after a comma. Read from the token
    table (every content is tried): only a clause's head becomes a Token, for its edge."""
    t = ctx.table
    span = t.expand(fragment[0], fragment[1])
    if span is None:
        return None
    lo, hi = span
    for prev in _commas(ctx, span):
        k = prev + 1
        if k >= hi or k - lo < MIN_TAIL_WORDS:
            continue
        head = t.head[k]
        starts_clause = t.tag[k] in ("WDT", "WP", "WRB") or t.dep[k] in ("appos", "advcl", "relcl")
        starts_clause = starts_clause or (
            t.dep[head] in ("appos", "relcl") and syntax.subtree_range(ctx.doc[head])[0] == k
        )
        if starts_clause:
            found = quotes.to_chars(ctx, [(lo, prev)])
            return found[0] if found else None
    return None


def _commas(ctx: DocContext, span: syntax.TokenRange) -> Iterator[int]:
    """The indices of the comma tokens of `span`, in order, found by `list.index` over the
    token table's words (a long content has few commas among many words)."""
    words, at, end = ctx.table.text, span[0], span[1]
    while True:
        try:
            at = words.index(",", at, end)
        except ValueError:
            return
        yield at
        at += 1


def _to_sentence_end(
    ctx: DocContext, cue: syntax.Cue, fragments: list[CharRange]
) -> CharRange | None:
    """The clause a cue introduces, run on to its sentence's end."""
    if not fragments:
        return None
    start, end = fragments[0][0], fragments[-1][1]
    sent = ctx.sent(cue.verb)
    if ctx.table.idx[cue.tokens[0]] > start:
        return None
    words = 0
    for w in ctx.text[end : sent.end_char].split():
        if any(ch.isalnum() for ch in w):
            words += 1
            if words == MIN_TAIL_WORDS:
                break  # enough: the rest of the tail need not be read
    else:
        return None
    first = ctx.table.expand(start, end)
    if first is None:
        return None
    found = quotes.to_chars(ctx, [(first[0], sent.end)])
    return found[0] if found else None


def _prepositional_object(ctx: DocContext, verb: Token) -> syntax.TokenRange | None:
    """`spoke of X`, `pleads for X`, `isn't saying much about X` (cues.toml [objects]).
    Read from the token table (every verb cue asks); only the object found becomes a
    Token, for its subtree's edges as spaCy has them."""
    words, t, v = ctx.rules.words, ctx.table, verb.i
    dep, lower = t.dep, t.lower
    after = [c for c in t.children(v) if c > v]
    for child in after:
        if dep[child] == "prep" and lower[child] in words.object_prepositions:
            pobj = t.child_with(child, ("pobj", "pcomp"))
            if pobj is not None:
                return syntax.subtree_range(ctx.doc[pobj])
    for child in after:
        if dep[child] == "dobj":
            for prep in t.children(child):
                if dep[prep] == "prep" and lower[prep] in words.after_object:
                    pobj = t.child_with(prep, ("pobj",))
                    if pobj is not None:
                        return syntax.subtree_range(ctx.doc[pobj])
    return None


def _passive_subject(verb: Token) -> syntax.TokenRange | None:
    """`Clinton was supported by 42 percent`: the subject of a passive is what was said."""
    t = table_of(verb.doc)
    subj = t.child_with(verb.i, ("nsubjpass",))
    if subj is None or t.pos[subj] == "PRON":
        return None
    return syntax.subtree_range(verb.doc[subj])


def _agent(verb: Token) -> tuple[Token | None, str]:
    """The object of the passive's `by`, from the token table (every cue asks)."""
    t = table_of(verb.doc)
    agent = t.child_with(verb.i, ("agent",))
    pobj = None if agent is None else t.child_with(agent, ("pobj",))
    return (verb.doc[pobj], SpeakerRule.AGENT) if pobj is not None else (None, SpeakerRule.NONE)
