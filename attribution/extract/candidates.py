"""Candidate rules: every stretch of an article someone may be reported to have said.

Rules propose generously; a decision step (rules or a trained classifier) keeps them.
Candidates come from reporting cues in the parse (`said that ...`, `..., he said`,
`– the government said –`, `according to X`, `said:`), from speaker labels
(`PENCE: ...`), and from quotation marks that no cue claims (floating quotes). Each
candidate carries the id of the rule that proposed it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from attribution.extract import alternatives, syntax
from attribution.extract import context as quotes
from attribution.extract.context import Candidate, CharRange, DocContext
from attribution.extract.quotemarks import QuoteSpan, last_visible
from attribution.ruleset.ids import CODE_CUE_CLASSES, CueClass, QuoteRule, SpeakerRule, prep_rule
from attribution.ruleset.loader import Rules

MIN_FLOATING_WORDS = 4
OBJECT_CLASSES = (CueClass.REQUEST, CueClass.DENIAL, CueClass.ACCUSATION)
COLON_WINDOW = 8
COLON_LONGEST = 3_000  # longest content a colon gives (news paragraphs: under 2,600)
SIGNATURE = re.compile(r"[ \t]*(?:\n[ \t]*){0,2}([―—–]|--?)[ \t]*((?:[A-Z][\w.’'-]*[ \t]?){1,5})")


def quote_breaks(doc: Doc, text: str, rules: Rules, quotes: Sequence[QuoteSpan]) -> list[int]:
    """Commas where an open quotation must have ended: `“The budget is balanced, the
    treasurer said.` with no closing mark. Found only in quotations left open at a
    paragraph's end, before a third-person speech cue."""
    breaks = []
    for q in quotes:
        if q.closed and q.paragraphs == 1:
            continue
        end = text.find("\n", q.inner_start)
        region = doc.char_span(
            q.inner_start, end if end > 0 else len(text), alignment_mode="contract"
        )
        for verb in region or ():
            if rules.cue_class(verb.lemma_) != CueClass.SPEECH or verb.pos_ != "VERB":
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.lower_ in rules.words.not_third_person:
                continue
            start = min(subj.left_edge.i, verb.i)
            if start > 0 and doc[start - 1].text == ",":
                breaks.append(doc[start - 1].idx)
                break
    return breaks


def propose(ctx: DocContext, *, broad: bool = False) -> list[Candidate]:
    """All candidates of an article: cue-based first, then quotes no cue claimed.

    `broad` adds verbs outside the cue lexicon and nouns with a that-clause, for a
    trained classifier to judge; the rules alone give those no confidence.
    """
    cands = [c for c in _cue_candidates(ctx, broad) if c.fragments]
    cands += [c for c in _prep_candidates(ctx) if c.fragments]
    cands += [c for c in _label_candidates(ctx) if c.fragments]
    cands += [c for c in _named_quote_candidates(ctx) if c.fragments]
    cands += [c for c in _signature_candidates(ctx) if c.fragments]
    claimed = {i for c in cands for i in c.quote_ids}
    cands += _floating_candidates(ctx, claimed)
    cands.sort(key=lambda c: (c.fragments[0][0], c.fragments[-1][1]))  # (start, end)
    return cands


def _cue_candidates(ctx: DocContext, broad: bool) -> list[Candidate]:
    out = []
    cues = syntax.find_cues(ctx.doc, ctx.rules, unlisted=broad)
    if broad:
        words = ctx.rules.words
        cues = itertools.chain(
            cues, syntax.find_noun_cues(ctx.doc, words), syntax.find_predicate_cues(ctx.doc, words)
        )
    itself: dict[int, bool] = {}  # `_the_article_itself` by speaker: variants share one
    for cue in cues:
        found = _cue_content(ctx, cue)
        variants = [] if found is None else [found]
        if broad:
            variants += alternatives.other_contents(ctx, cue, found)
        for rule_id, fragments, speaker, speaker_rule in variants:
            if speaker is not None:
                note = itself.get(speaker.i)
                if note is None:
                    note = itself[speaker.i] = _the_article_itself(ctx, speaker)
                if note:
                    continue  # `(This story has been corrected to show that ...)`
            cand = Candidate(
                rule_id,
                fragments,
                cue=cue.tokens,
                cue_head=cue.verb.i,
                cue_lemma=cue.lemma,
                cue_class=cue.cue_class,
                speaker=speaker,
                speaker_rule=speaker_rule,
            )
            out.append(quotes.finish(ctx, cand))
    return out


def _cue_content(
    ctx: DocContext, cue: syntax.Cue
) -> tuple[str, list[CharRange], Token | None, str] | None:
    """What a cue reports, by the first rule that applies: (rule id, content, speaker, rule).

    With nothing found, the second guesses of `alternatives` may still apply.
    """
    verb = cue.verb
    if cue.cue_class == CueClass.PREDICATE:
        speaker, srule = syntax.subject_of(verb.head, ctx.rules.words.unlikely_speakers)
        taken = syntax.clausal_complement(verb)
        if taken is not None:
            return QuoteRule.CLAUSE, quotes.to_chars(ctx, [taken]), speaker, srule
        taken = syntax.noun_complement(verb, cue.tokens)
        if taken is None:
            return None
        return QuoteRule.PREDICATE_OBJECT, quotes.to_chars(ctx, [taken]), speaker, srule
    perception = ctx.rules.words.perception
    # the perception rules ask for a verb of perception, the cue or its head: asked
    # here first, on the token table, they are seldom called (post-parse CPU)
    t, v = ctx.table, verb.i
    lemmas = t.lemma_lower
    perceives = lemmas[v] in perception
    perceived = lemmas[t.head[v]] in perception
    noun = t.pos[v] == "NOUN"
    deed = syntax.perceived_deed(verb, perception) if perceives else None
    if deed is not None and ctx.rules.cue_class(deed.lemma_) == CueClass.SPEECH:
        return None  # `I heard the coach tell ...`: the one heard reports, not the hearer
    misread = syntax.subject_read_into_clause(verb)
    if misread is not None and ctx.in_quote(misread[1]):
        misread = None
    comp = syntax.clausal_complement(verb, skip=None if misread is None else misread[0].i)
    if comp is None and cue.cue_class not in CODE_CUE_CLASSES:
        comp = syntax.misattached_complement(verb)
    sent = ctx.sent(verb)
    named_as = _named_as(ctx, verb) if comp is None and not noun else None
    paren = None
    if comp is None and not noun and named_as is None:
        paren = syntax.parenthetical_range(verb, sent=sent)
    if paren is not None:
        pieces = syntax.comma_bounded(ctx.doc, sent.start, sent.end, paren)
        speaker, srule = syntax.subject_of(verb, ctx.rules.words.unlikely_speakers, within=paren)
        return QuoteRule.PARENTHETICAL, quotes.to_chars(ctx, pieces), speaker, srule
    speaker, srule = _subject_outside_quotes(ctx, verb)
    if misread is not None and speaker is None:
        speaker, srule = misread[1], SpeakerRule.SUBJECT
    lost = _lost_subject(ctx, verb) if speaker is None else None
    if lost is not None:
        speaker, srule = lost
    speaker, srule = alternatives.unnamed_or_holder(ctx, verb, cue.cue_class, speaker, srule)
    doer = syntax.perceived_doer(verb, perception) if perceived else None
    if doer is not None and doer.i != (-1 if speaker is None else speaker.i):
        speaker, srule = doer, SpeakerRule.OBJECT_CONTROL
    words = ctx.rules.words
    doer = syntax.preposition_doer(
        verb,
        words.participle_doer_prepositions,
        words.infinitive_doer_prepositions,
        words.unlikely_speakers,
    )
    if doer is not None and not ctx.in_quote(doer) and _someone(ctx, doer):
        speaker, srule = doer, SpeakerRule.OBJECT_CONTROL
    doer = syntax.object_doer(verb, words.object_doer_verbs, words.unlikely_speakers)
    if doer is not None and not ctx.in_quote(doer) and _someone_or_share(ctx, doer):
        speaker, srule = doer, SpeakerRule.OBJECT_CONTROL
    named = named_as
    if named is None and cue.cue_class == CueClass.NAMING:
        named = _named_after(ctx, verb)
    if named is not None:
        return QuoteRule.NAMING, quotes.to_chars(ctx, [named]), speaker, srule
    if comp is not None:
        comp = syntax.without_next_cue(verb, comp, ctx.rules)
        comp = syntax.through_torn_conjunct(verb, comp, ctx.rules)
        comp = syntax.without_answering_noun(comp, ctx.doc, ctx.rules)
        return QuoteRule.CLAUSE, quotes.to_chars(ctx, [comp]), speaker, srule
    appended = syntax.clause_before_appended_cue(verb, sent)
    if appended is not None and speaker is not None and _names_a_speaker(ctx, speaker):
        return QuoteRule.CLAUSE, quotes.to_chars(ctx, [appended]), speaker, srule
    if noun:
        taken = syntax.noun_complement(verb, cue.tokens)
        if taken is None:
            return None
        return QuoteRule.NOUN_OBJECT, quotes.to_chars(ctx, [taken]), speaker, srule
    if speaker is None:
        led = syntax.participle_root_subject(verb)
        if led is not None and not ctx.in_quote(led):
            speaker, srule = led, SpeakerRule.SUBJECT
            after = _colon_content(ctx, verb) or _quote_after_comma(ctx, cue)
            if after is not None:
                return QuoteRule.COLON, [after], speaker, srule
    adjacent = _quote_before(ctx, cue, speaker)
    if adjacent is not None:
        return QuoteRule.ADJACENT_QUOTE, [adjacent], speaker, srule
    if t.dep[v] == "parataxis" and t.head[v] != v:
        return QuoteRule.INSERTED, quotes.to_chars(ctx, syntax.head_minus_cue(verb)), speaker, srule
    colon = _colon_content(ctx, verb)
    if colon is None and cue.cue_class == CueClass.SPEECH:
        colon = _quote_after_comma(ctx, cue)
    if colon is not None:
        return QuoteRule.COLON, [colon], speaker, srule
    named = syntax.naming_complement(verb) if cue.cue_class == CueClass.NAMING else None
    if named is not None:
        return QuoteRule.NAMING, quotes.to_chars(ctx, [named]), speaker, srule
    # `declined to say whether X`: the refusal is the act; PolNeAR keeps the to-clause
    inner = None
    if cue.cue_class != CueClass.INTENT:
        inner = syntax.reporting_infinitive(verb, ctx.rules)
    reported = None if inner is None else syntax.clausal_complement(inner)
    if reported is not None:
        return QuoteRule.CLAUSE, quotes.to_chars(ctx, [reported]), speaker, srule
    infinitive = syntax.infinitive_complement(verb)
    if infinitive is not None:
        raised = syntax.raised_subject(verb, cue.cue_class, ctx.rules)
        if raised is not None:
            pieces = [raised, infinitive]
            return QuoteRule.INFINITIVE, quotes.to_chars(ctx, pieces), None, SpeakerRule.UNNAMED
        return QuoteRule.INFINITIVE, quotes.to_chars(ctx, [infinitive]), speaker, srule
    question = None
    if cue.cue_class == CueClass.REQUEST:
        question = syntax.asked_question(verb, ctx.rules.words.question_marks)
    if question is not None:
        return QuoteRule.CLAUSE, quotes.to_chars(ctx, [question]), speaker, srule
    if cue.cue_class == CueClass.UNLISTED and syntax.empty_object(
        verb, ctx.rules.words.empty_determiners
    ):
        return None
    obj = syntax.object_complement(verb, cue.tokens[1])
    if obj is not None:
        rule = QuoteRule.OBJECT if cue.cue_class in OBJECT_CLASSES else QuoteRule.VERB_OBJECT
        return rule, quotes.to_chars(ctx, [obj]), speaker, srule
    return None


def _named_after(ctx: DocContext, verb: Token) -> syntax.TokenRange | None:
    """`For that she drew his ire - he called her "weak"`: the parser may hang the clause
    before a naming cue on it as its complement, or read it as the clause the cue is
    appended to; the name the cue gives after it, in quotation marks, is what it reports."""
    named = syntax.naming_complement(verb)
    if named is None or named[0] <= verb.i:
        return None
    t = ctx.table
    if not ctx.quote_index.overlapping(t.idx[named[0]], t.end[named[1] - 1]):
        return None
    return named


def _named_as(ctx: DocContext, verb: Token) -> syntax.TokenRange | None:
    """`Holt described the town as "a place of ruin"`: a cue's object and the quoted words
    its `as` gives it are what the cue reports, as a naming cue's (`called it a ...`)."""
    t = ctx.table
    obj = t.child_with(verb.i, ("dobj",))
    if obj is None or obj < verb.i:
        return None
    as_ = next(
        (c for c in t.children(verb.i) if c > obj and t.dep[c] == "prep" and t.lower[c] == "as"),
        None,
    )
    if as_ is None or t.child_with(as_, ("pobj",)) is None:
        return None
    lo = syntax.subtree_range(ctx.doc[obj])[0]
    a, hi = syntax.subtree_range(ctx.doc[as_])
    if not ctx.quote_index.overlapping(t.idx[a], t.end[hi - 1]):
        return None
    return lo, hi


LOST_SUBJECTS = (
    (syntax.lost_subject, SpeakerRule.SUBJECT),
    (syntax.name_read_as_modal, SpeakerRule.SUBJECT),
    (syntax.inverted_lost_subject, SpeakerRule.INVERTED),
)
"""The readings of a subject the parse lost, in the order they are tried."""


def _lost_subject(ctx: DocContext, verb: Token) -> tuple[Token, str] | None:
    """The subject of a cue with none of its own that the parse hung elsewhere
    (`LOST_SUBJECTS`, then a poll's share hung on it, `syntax.lost_quantity` with the
    `quantity_words` of rules/speakers.toml), outside quotation marks, with the rule
    that found it; or None."""
    for find, rule in LOST_SUBJECTS:
        found = find(verb)
        if found is not None and not ctx.in_quote(found):
            return found, rule
    share = syntax.lost_quantity(verb, ctx.rules.words.quantity_words)
    if share is not None and not ctx.in_quote(share):
        return share, SpeakerRule.SUBJECT
    return None


def _the_article_itself(ctx: DocContext, noun: Token) -> bool:
    """`This story has been corrected to show that ...`, `An earlier version of this
    article said ...`: the writer's note on the article (a noun of `[word_sets]
    self_references` of rules/speakers.toml after a `self_reference_determiners` word,
    `this`, or the noun an `of` phrase of it hangs on) reports no one's words."""
    nouns = ctx.rules.words.self_references
    t, n = ctx.table, noun.i  # read from the token table: every candidate's speaker asks
    dep, lower = t.dep, t.lower
    if t.lemma_lower[n] not in nouns:
        of = [c for c in t.children(n) if dep[c] == "prep" and lower[c] == "of"]
        objects = [o for p in of for o in t.children(p) if dep[o] == "pobj"]
        if not objects or t.lemma_lower[objects[0]] not in nouns:
            return False
        n = objects[0]
    determiners = ctx.rules.words.self_reference_determiners
    return any(dep[c] == "det" and lower[c] in determiners for c in t.children(n))


def _names_a_speaker(ctx: DocContext, noun: Token) -> bool:
    """A person or body: an entity of `syntax.NAMED_ENTITIES`, or a `person` or `body` noun of
    rules/speakers.toml (`the two firms`, not `a report published on Monday`). Narrower
    than `nested._speaks_itself` and `models._someone`: no pronoun, no name the NER left
    untagged (but a person noun written as one, `Senator`), and no anonymous source
    (`sources`) or media noun (`the paper`)."""
    if noun.ent_type_ in syntax.NAMED_ENTITIES:
        return True
    return ctx.rules.person_or_body(noun.lemma_.lower())


def _someone(ctx: DocContext, noun: Token) -> bool:
    """A name, a personal pronoun, or a person or body (`_names_a_speaker`): who may do
    a deed (`with the senator asking`), not a thing (`reached for a metaphor to
    describe`)."""
    return noun.pos_ in ("PROPN", "PRON") or _names_a_speaker(ctx, noun)


def _someone_or_share(ctx: DocContext, noun: Token) -> bool:
    """Someone (`_someone`), or a share of people: a word of `quantity_words` (`62
    percent of voters`) or a quantifier standing alone for its people (`leaving many to
    wonder`: an adjective, determiner or number with no words of its own)."""
    if _someone(ctx, noun) or noun.lower_ in ctx.rules.words.quantity_words:
        return True
    return noun.pos_ in ("ADJ", "DET", "NUM") and not any(True for _ in noun.children)


def _subject_outside_quotes(ctx: DocContext, verb: Token) -> tuple[Token | None, str]:
    """The cue's subject, passing over a word of the quotation the parser took for one
    (`“The levee held,” the engineer said`: not `levee`)."""
    speaker, rule = syntax.subject_of(verb, ctx.rules.words.unlikely_speakers)
    if speaker is None or not ctx.in_quote(speaker):
        return speaker, rule
    v = verb.i
    others = ctx.table.children_with(v, syntax.SUBJECT_DEPS)
    others = [c for c in others if not ctx.in_quote_at(c)]
    if others:
        return ctx.doc[min(others, key=lambda c: abs(c - v))], rule
    return speaker, rule


def _quote_before(ctx: DocContext, cue: syntax.Cue, speaker: Token | None) -> CharRange | None:
    """`“...,” the mayor said`: a quotation that ends right where the cue's clause starts."""
    first = cue.tokens[0]
    if speaker is not None:
        first = min(first, ctx.mention(speaker)[0])
    clause_start = ctx.table.idx[first]
    if not ctx.quote_index.ends_within(clause_start - 3, clause_start):
        return None  # the test of `between` below needs a quotation ending there
    for i in ctx.quote_index.overlapping(max(0, clause_start - 400), clause_start):
        q = ctx.quotes[i]
        if i in ctx.scare_quotes or not q.closed or q.end > clause_start:
            continue
        if ctx.paragraph_of(q.end) != ctx.paragraph_of(clause_start):
            continue
        between = ctx.text[q.end : clause_start]
        closing = last_visible(ctx.text[q.inner_start : q.inner_end]) + between
        if (
            len(between) <= 3
            and not any(ch.isalnum() for ch in between)
            and any(p in closing for p in ",?!.–—")
            and not _ends_a_sentence_of_its_own(ctx, q.start, closing)
        ):
            return q.start, q.end
    return None


def _ends_a_sentence_of_its_own(ctx: DocContext, start: int, closing: str) -> bool:
    """A quotation closed by a full stop after other words of its sentence (`punished
    young people "for the mere act of being outside." Judge Ruiz, writing for ...`) is
    the end of that sentence's quote, not the words of the next sentence's speaker."""
    if "." not in closing or "," in closing:
        return False
    lo = ctx.paragraphs[ctx.paragraph_of(start)][0]
    before = ctx.text[lo:start]
    cut = max(before.rfind(p) for p in ".?!")
    return any(ch.isalnum() for ch in before[cut + 1 :])


def _colon_content(ctx: DocContext, verb: Token) -> CharRange | None:
    """`He said:` then the rest of the paragraph, or the next paragraph when the line ends;
    at most `COLON_LONGEST` characters of it, to a sentence end: a 100 KB paragraph of
    colon cues would otherwise give every cue the rest of the text (quadratic time)."""
    end = min(ctx.sent(verb).end, verb.i + 1 + COLON_WINDOW)
    nxt = _mark_before_verb(ctx, verb.i + 1, end, ":")
    if nxt is None:
        return None
    after = ctx.table.idx[nxt] + 1
    para = ctx.paragraph_of(ctx.table.idx[nxt])
    pb = ctx.paragraphs[para][1]
    rest = ctx.text[after:pb].strip()
    if rest:
        start = after + (len(ctx.text[after:pb]) - len(ctx.text[after:pb].lstrip()))
        return start, _at_most(ctx, start, pb)
    if para + 1 < len(ctx.paragraphs):
        npa, npb = ctx.paragraphs[para + 1]
        q = ctx.quote_index.starting_at(npa)
        if q is not None:
            return ctx.quotes[q].start, ctx.quotes[q].end
        return npa, _at_most(ctx, npa, npb)
    return None


def _quote_after_comma(ctx: DocContext, cue: syntax.Cue) -> CharRange | None:
    """`Erdogan said, “Let the United Nations ...”`: a comma after a speech cue, then a
    quotation, in the cue's sentence, with no verb between the cue and the comma. The
    parser often gives such a quotation no link to the cue (`Let` as its xcomp); it is
    the colon's shape with a comma, and its rule is the colon's."""
    sent = ctx.sent(cue.verb)
    end = min(sent.end, cue.tokens[1] + COLON_WINDOW)
    comma = _mark_before_verb(ctx, cue.tokens[1], end, ",")
    if comma is None:
        return None
    at = ctx.table.idx[comma] + 1
    while at < len(ctx.text) and ctx.text[at] in " \t":
        at += 1
    found = ctx.quote_index.starting_at(at)
    if found is None or found in ctx.scare_quotes or not ctx.quotes[found].closed:
        return None
    q = ctx.quotes[found]
    return q.start, q.end


def _mark_before_verb(ctx: DocContext, lo: int, hi: int, mark: str) -> int | None:
    """The index of the first token `mark` (`:`, `,`) among tokens `lo` to `hi`, when no
    verb comes before it. Read from the token table: every cue looks past itself."""
    text, pos = ctx.table.text, ctx.table.pos
    for i in range(lo, hi):
        if text[i] == mark:
            return i
        if pos[i] in ("VERB", "AUX"):
            return None
    return None


def _at_most(ctx: DocContext, start: int, end: int) -> int:
    """`end`, or where the sentence `COLON_LONGEST` characters after `start` begins (its
    end when it began first), less trailing spaces."""
    if end - start <= COLON_LONGEST:
        return end
    there = ctx.doc.char_span(start + COLON_LONGEST, end, alignment_mode="expand")
    if there is None:
        return end
    sent = ctx.sent(there[0])
    cut = sent.start_char if sent.start_char > start else sent.end_char
    return start + len(ctx.text[start:cut].rstrip())


def _prep_candidates(ctx: DocContext) -> list[Candidate]:
    """`according to X`: X speaks; the clause the phrase hangs on is what X said."""
    out = []
    doc = ctx.doc
    for start, match_end, pid in ctx.prep_cues:
        found = prep_object(doc, start, match_end)
        anchor = doc[start]
        head = anchor.head
        if found is None or head.i == anchor.i:
            continue
        end, obj = found
        plo, phi = syntax.subtree_range(anchor)
        sent = ctx.sent(anchor)
        at_edge = plo == sent.start or all(t.is_punct or t.is_space for t in doc[phi : sent.end])
        lo, hi = (sent.start, sent.end) if at_edge else syntax.subtree_range(head)
        pieces = [(lo, plo), (phi, hi)]
        cand = Candidate(
            prep_rule(pid),
            quotes.to_chars(ctx, [p for p in pieces if p[1] > p[0]]),
            cue=(start, end),
            cue_head=start,
            cue_lemma=" ".join(t.lower_ for t in doc[start:end]),
            cue_class=CueClass.SPEECH,
            speaker=obj,
            speaker_rule=SpeakerRule.PREP_OBJECT,
        )
        out.append(quotes.finish(ctx, cand))
    return out


def prep_object(doc: Doc, start: int, end: int) -> tuple[int, Token] | None:
    """Where the cue of a `CUE_PREP` match ends, and the speaker: the object of the
    match's last preposition. A pattern may run on into that object's first words to say
    what it must look like (`per the`, not `per year`); those words are the speaker's,
    not the cue's."""
    for i in range(end - 1, start - 1, -1):
        obj = next((c for c in doc[i].children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        if all(obj.left_edge.i <= j < obj.i for j in range(i + 1, end)):
            return i + 1, obj
        return None
    return None


def _label_candidates(ctx: DocContext) -> list[Candidate]:
    """Speaker labels at a paragraph start: `PENCE: Well, look ...`, `Poll: ...`; not a
    column header or kicker of rules/speaker_names.toml (`Breaking:`, `Review:`). The
    first words of every paragraph are read from the token table; only a label's words
    become Tokens."""
    doc, t, out = ctx.doc, ctx.table, []
    for index, (pa, pb) in enumerate(ctx.paragraphs):
        first = t.expand(pa, pb)
        if first is None:
            continue
        lo, hi = first
        colon = next((i for i in range(lo, min(hi, lo + 7)) if t.text[i] == ":"), None)
        if colon is None or colon == lo:
            continue
        label = [doc[i] for i in range(lo, colon) if not t.is_punct[i]]
        if not label or len(label) > 4 or not _looks_like_label(label, headline=index == 0):
            continue
        words = " ".join(tok.lower_ for tok in label)
        if words in ctx.rules.names.column_headers or words in ctx.rules.names.kickers:
            continue  # a column or kicker (`Breaking:`, `Review:`) names the page
        content = (t.idx[colon] + 1, pb)
        text = ctx.text[content[0] : content[1]]
        content = (content[0] + len(text) - len(text.lstrip()), pb)
        if content[1] - content[0] < 10:
            continue
        cand = Candidate(
            QuoteRule.LABEL,
            [content],
            cue=(colon, colon + 1),
            cue_head=colon,
            cue_lemma=":",
            cue_class=CueClass.SPEECH,
            speaker=label[-1],
            speaker_rule=SpeakerRule.LABEL,
            align=False,
        )
        out.append(quotes.finish(ctx, cand))
    return out


def _named_quote_candidates(ctx: DocContext) -> list[Candidate]:
    """`- Carl Bialik: “One of the biggest lessons ...”`: a name (a person or an
    organisation), a colon, then a quotation opening right after it, inside a
    paragraph. The label rule's shape where no verb speaks."""
    doc, out = ctx.doc, []
    for i, q in enumerate(ctx.quotes):
        if not q.closed or i in ctx.scare_quotes:
            continue
        at = q.start - 1
        while at > q.start - 3 and at > 0 and ctx.text[at].isspace():
            at -= 1
        colon = doc.char_span(at, at + 1) if at > 0 and ctx.text[at] == ":" else None
        if colon is None or colon[0].i == 0:
            continue
        name = doc[colon[0].i - 1]
        if name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG"):
            continue
        if ctx.paragraphs[ctx.paragraph_of(q.start)][0] == ctx.chars((name.i, name.i + 1))[0]:
            continue  # a label at the paragraph's start: `_label_candidates`
        cand = Candidate(
            QuoteRule.LABEL,
            [(q.start, q.end)],
            cue=(colon[0].i, colon[0].i + 1),
            cue_head=colon[0].i,
            cue_lemma=":",
            cue_class=CueClass.SPEECH,
            speaker=name,
            speaker_rule=SpeakerRule.LABEL,
        )
        out.append(quotes.finish(ctx, cand))
    return out


def _looks_like_label(tokens: list[Token], *, headline: bool) -> bool:
    """A name in capitals (`PENCE`), a person or organisation, or in a headline any
    capitalised one or two words (`Poll:`)."""
    if all(t.is_upper and t.is_alpha for t in tokens):
        return True
    if headline and len(tokens) <= 2 and all(t.is_title for t in tokens):
        return True
    return all(t.pos_ == "PROPN" for t in tokens) and tokens[-1].ent_type_ in ("PERSON", "ORG")


def _signature_candidates(ctx: DocContext) -> list[Candidate]:
    """A quotation signed with a dash and a name: `“We need jobs.” ― Ana Ruiz`."""
    doc, out = ctx.doc, []
    for i, q in enumerate(ctx.quotes):
        if not q.closed or i in ctx.scare_quotes:
            continue
        m = SIGNATURE.match(ctx.text, q.end)
        if m is None:
            continue
        dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        name = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if dash is None or name is None or not any(t.pos_ == "PROPN" for t in name):
            continue
        cand = Candidate(
            QuoteRule.SIGNATURE,
            [(q.start, q.end)],
            cue=(dash.start, dash.end),
            cue_head=dash.start,
            cue_lemma="―",
            cue_class=CueClass.SPEECH,
            speaker=name.root,
            speaker_rule=SpeakerRule.SIGNATURE,
        )
        out.append(quotes.finish(ctx, cand))
    return out


def _floating_candidates(ctx: DocContext, claimed: set[int]) -> list[Candidate]:
    """Quoted sentences no cue claims: they continue the previous speaker, if any."""
    out = []
    for i, q in enumerate(ctx.quotes):
        if i in claimed or i in ctx.scare_quotes:
            continue
        span = ctx.doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        words = [t for t in span if t.is_alpha]
        starts_sentence = (
            span[0].is_sent_start
            or ctx.text[ctx.paragraphs[ctx.paragraph_of(q.start)][0] : q.start].strip() == ""
        )
        if len(words) < MIN_FLOATING_WORDS or not starts_sentence:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        cand = Candidate(
            QuoteRule.FLOATING,
            [(q.start, q.end)],
            quote_ids=(i,),
            kind="direct",
            follows_previous=True,
        )
        out.append(cand)
    return out
