"""Disputes within one article: which claims the article contests, and with what.

Each attribution is read for what it does and what the writer says of it (rule ids in
`disputed` evidence):
- its cue: a denial (`denied`, `rejected`) reports a contest, with the cue as evidence;
  the writer's distance (`claimed`, `alleged`, `accused ... of`) and the writer's words
  next to it (`falsely`, `allegedly`) contest it in the article's own words;
- the NO_EVIDENCE and FACT_CHECK patterns in the writer's voice (`provided no evidence`,
  `That comment is a lie.`) contest the claims of their sentence (of the sentence before,
  when they open theirs or their sentence is about a claim: `The figure could not be
  verified.`), and a verdict that names a speaker (`Trump is wrong.`) contests
  that speaker's claims a few sentences around it;
- a verdict of the writer's on a claim it names (`The claim is false.`, `His claim about
  police cuts is also false.`) contests the one claim it names (`verdicts.py`);
- an answer (a denial, or a quote whose own words contradict: `a lie`, `there is no
  proof`) is paired with the claim it answers (`links.py`: by shared words, by naming
  whose claim it is, by name, role or title, or, for `denied it happened`, the claim just
  before), a reply of the answered side answers the answer in turn, an answer whose
  subject points back goes on with its speaker's answer just before, and two accounts of
  one event that cannot both hold are paired with each other.

Contradiction words on their own flag nothing, since an attack nobody answers is not a
dispute; cues that only answer (`countered`, `responded`, a `but`) were measured on
labelled articles and paired the wrong claims more often than the right ones.
When several reasons apply, the first in `REASONS` wins.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from functools import cached_property

from spacy.tokens import Token

from attribution.claims.facts import Matches, entity_key
from attribution.claims.links import (
    CONTENT_POS,
    REASONS,
    Dispute,
    Event,
    QuoteFacts,
    clashes,
    denials_told_after,
    figures_named_false,
    follow_ups,
    link_answer,
    opposite_changes,
    other_figures,
    replies,
    token_words,
)
from attribution.claims.verdicts import (
    calls_claim_false,
    figures_called_false,
    flag_named_verdicts,
)
from attribution.extract import syntax
from attribution.extract.context import DocContext
from attribution.extract.table import TokenTable
from attribution.ruleset.ids import (
    DISPUTE_PATTERN_LABELS,
    DisputeRule,
    dispute_pattern_rule,
)
from attribution.ruleset.loader import Rules
from attribution.schema import Attribution, Span

__all__ = ["REASONS", "Dispute", "QuoteFacts", "find_disputes", "name_words"]

WRITER_WINDOW = 3
FIGURE_ENTITIES = ("CARDINAL", "PERCENT", "MONEY", "QUANTITY")
"""The entity types of a number that gives a figure (`35,000`, `14 percent`)."""
PAST_OR_PRESENT = ("VBD", "VBN", "VBZ", "VBP")
"""The tags of a verb told as done (not `would rise`: the modal is checked apart)."""
# How far a verdict that names a speaker reaches, in sentences before and after it.
VERDICT_BEFORE = 5
VERDICT_AFTER = 2


def find_disputes(
    ctx: DocContext, atts: Sequence[Attribution], rules: Rules, matches: Matches
) -> tuple[list[QuoteFacts], list[Dispute]]:
    """What the dispute rules read of every attribution of one article, and the dispute
    flags, links and contesting words they give."""
    reader = _Reader(ctx, rules, matches)
    quotes = [reader.read(a) for a in atts]
    _share_role_heads(quotes, [reader.role_head(q.speaker) for q in quotes])
    _share_titles(quotes, [reader.titles(q.speaker) for q in quotes])
    out = [Dispute() for _ in atts]
    for i, q in enumerate(quotes):
        reader.cue_signals(q, out[i], quotes, i)
        reader.content_signals(q, out[i])
    reader.writer_patterns(quotes, out)
    flag_named_verdicts(ctx, rules.claims.verdict, quotes, out)
    for i in range(len(quotes)):
        if out[i].answers:
            link_answer(quotes, out, i)
    denials_told_after(quotes, out, rules.claims.told_after)
    follow_ups(quotes, out)
    replies(quotes, out)
    clashes(quotes, out)
    other_figures(quotes, out)
    opposite_changes(quotes, out)
    figures_named_false(quotes, out)
    return quotes, out


DOER_DEPS = ("nsubj", "nsubjpass", "agent")
"""Who does a verb: a denial verb inside a content counts only with one of these, saying
who denies (`reports, which he denied`, `claims denied by the company`); `his inability
to resist responding` reports no one denying anything."""


def name_words(name: str, is_stop: Callable[[str], bool]) -> set[str]:
    """The words of a speaker's name that name it, lowercased: its capitalised words
    (`Ada`, `Eze`; `Ministry`, `Finance`), but never a stop word (`The`, `Of`), which any
    sentence holds. A role's head noun (`mayor`) comes from the mention (`role_head`)."""
    return {w.lower() for w in name.split() if w[:1].isupper() and not is_stop(w)}


def _share_role_heads(quotes: Sequence[QuoteFacts], heads: Sequence[set[str]]) -> None:
    """Each attribution is named by its mention's role head (`heads`, one set an
    attribution), and by those of all the mentions of its speaker: `he` of the mayor is
    named by `mayor` as `the mayor` is."""
    for q, words in zip(quotes, _shared_by_speaker(quotes, heads), strict=True):
        q.name_words |= words


def _share_titles(quotes: Sequence[QuoteFacts], titles: Sequence[set[str]]) -> None:
    """Each attribution's title words (`titles`, one set an attribution), with those of
    all the mentions of its speaker: `he` of `Councillor Dean Roper` has `councillor`."""
    for q, words in zip(quotes, _shared_by_speaker(quotes, titles), strict=True):
        q.title_words |= words


def _shared_by_speaker(quotes: Sequence[QuoteFacts], words: Sequence[set[str]]) -> list[set[str]]:
    """For each attribution, its own `words` with those of every attribution of the same
    speaker (entity); an attribution with no entity keeps its own."""
    by_entity: dict[str, set[str]] = {}
    for q, w in zip(quotes, words, strict=True):
        if q.entity is not None:
            by_entity.setdefault(q.entity, set()).update(w)
    return [
        w if q.entity is None else w | by_entity[q.entity]
        for q, w in zip(quotes, words, strict=True)
    ]


class _Reader:
    def __init__(self, ctx: DocContext, rules: Rules, matches: Matches) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.table = ctx.table
        self.claims = rules.claims
        self.rules = rules
        self._sent_starts = [s.start for s in ctx.sentences]
        self._phrases = [(p, p.split()) for p in self.claims.contradiction]
        self._phrase_words = {w for _, words in self._phrases for w in words}
        labels = {p.id: p.label for p in self.claims.patterns}
        self.matches = [
            (labels[self.doc.vocab.strings[mid]], self.doc.vocab.strings[mid], s, e)
            for mid, s, e in matches
        ]
        self._dispute_matches = [
            (label, s) for label, _, s, _ in self.matches if label in DISPUTE_PATTERN_LABELS
        ]
        """The label and start of the matches of dispute patterns, the ones
        `content_signals` looks at for every attribution."""
        self._names: dict[str, frozenset[str]] = {}

    def read(self, att: Attribution) -> QuoteFacts:
        q, table = att.quote, self.table
        content: list[int] = []
        ranges: list[tuple[int, int]] = []
        for a, b in [(s.start, s.end) for s in q.fragments] or [(q.start, q.end)]:
            found = table.expand(a, b)
            if found is not None:
                content.extend(range(*found))
                ranges.append(found)
        cue: list[int] = []
        if att.cue is not None:
            found = table.expand(att.cue.start, att.cue.end)
            cue = list(range(*found)) if found is not None else []
        speaker: set[int] = set()
        if att.speaker is not None:
            found = table.expand(att.speaker.start, att.speaker.end)
            speaker = set(range(*found)) if found is not None else set()
        # a range's tokens are in every sentence from its first token's to its last's
        at = self.ctx.sentence_at
        numbers = frozenset(
            [n for a, b in ranges if a < b for n in range(at(a), at(b - 1) + 1)]
            + [at(t) for t in cue]
        )
        sentences = {self._sent_starts[n] for n in numbers}
        lemma, lower = table.lemma_lower, table.lower
        words: set[str] = set()
        for a, b in ranges:
            words.update(lemma[a:b])
        # the table's columns and the cue lexicon read directly (`cue_class` of a lemma
        # is its lowercase form's entry): every content token is asked
        pos, is_stop, text, cues = table.pos, table.is_stop, table.text, self.rules.cues
        terms = {
            (lemma[i], lower[i])
            for i in content
            if pos[i] in CONTENT_POS
            and not is_stop[i]
            and len(text[i]) > 2
            and cues.get(lemma[i]) is None
        }
        name = att.speaker.name if att.speaker is not None and att.speaker.name else ""
        last = name.split()[-1] if name.split() else ""
        # a `neg` dependent anywhere in the content, found by one pass in C
        negates_verb = "neg" in map(table.dep.__getitem__, content)
        return QuoteFacts(
            content=content,
            cue=cue,
            speaker=speaker,
            sentences=sentences,
            terms=terms,
            words=words,
            negated=negates_verb
            or not self.claims.negations.isdisjoint(map(lower.__getitem__, content)),
            entity=entity_key(att),
            name_words=set(self._name_words(name)),
            speaker_words={lemma[i] for i in speaker},
            events=self._events(content),
            accusing=self._accusing(cue, content),
            cue_sentence=self.ctx.sentences[at(cue[0])] if cue else None,
            sentence_numbers=numbers,
            refers_back=self._refers_back(content, terms),
            names_claim_of=self._names_claim_of(content),
            negates_verb=negates_verb,
            surname=last.lower() if last[:1].isupper() else None,
            numbers=(figures := self._numbers(content)),
            counted=self._gives_figure(content) if figures else None,
            changes=self._changes(content),
        )

    @cached_property
    def _lemmas(self) -> frozenset[str]:
        """The article's lowercase lemmas, gathered once: a lexicon none of whose words
        the article holds spares every content its scan for them."""
        return frozenset(self.table.lemma_lower)

    @cached_property
    def _denials(self) -> bool:
        """Whether the article holds a denial cue lemma (disputes.toml [cues] denial)."""
        cues = self.claims.dispute_cues
        return any(cues.get(lemma) == "denial" for lemma in self._lemmas)

    @cached_property
    def _fact_checks(self) -> bool:
        """Whether the article holds a fact-check adverb of the writer's ([writer])."""
        words = self.claims.writer_words
        return any(words.get(word) == "fact_check" for word in set(self.table.lower))

    def _name_words(self, name: str) -> frozenset[str]:
        """`name_words` of a speaker's name, read once per name and article (the same
        speaker is named for each of their quotes)."""
        found = self._names.get(name)
        if found is None:
            vocab = self.doc.vocab
            found = self._names[name] = frozenset(name_words(name, lambda w: vocab[w].is_stop))
        return found

    def _changes(self, content: list[int]) -> frozenset[tuple[str, str, frozenset[str]]]:
        """The amounts a content tells went up or down (disputes.toml [direction]): a
        verb of a direction, told as done (past or present tense, no modal, not negated),
        with the noun it moves (its object, else its subject) and the lemmas of that
        noun's `for`/`of` objects and of its modifiers (`gambling revenue`, `Bally's
        revenue`, `year-over-year revenue` are three amounts, not one)."""
        table, lists = self.table, self.claims.direction
        if lists["up"].isdisjoint(self._lemmas) and lists["down"].isdisjoint(self._lemmas):
            return frozenset()
        out = set()
        for i in content:
            lemma = table.lemma_lower[i]
            way = "up" if lemma in lists["up"] else "down" if lemma in lists["down"] else None
            if way is None or table.pos[i] != "VERB" or table.tag[i] not in PAST_OR_PRESENT:
                continue
            if any(table.tag[c] == "MD" or table.dep[c] == "neg" for c in table.children(i)):
                continue
            noun = table.child_with(i, ("dobj",))
            if noun is None:
                noun = table.child_with(i, ("nsubj", "nsubjpass"))
            if noun is None or table.pos[noun] != "NOUN":
                continue
            objects = self._prep_objects(noun, ("for", "of")) | frozenset(
                table.lemma_lower[c]
                for c in table.children(noun)
                if table.dep[c] in ("compound", "amod", "poss", "nmod")
            )
            out.add((way, table.lemma_lower[noun], objects))
        return frozenset(out)

    def _numbers(self, content: list[int]) -> frozenset[str]:
        """The numbers a content gives: number words the parse reads as a count, share,
        sum or quantity (not a date or a time), without thousands separators."""
        table = self.table
        return frozenset(
            table.text[i].replace(",", "")
            for i in content
            if table.like_num[i] and table.ent_type[i] in FIGURE_ENTITIES
        )

    def _gives_figure(self, content: list[int]) -> frozenset[str] | None:
        """Whether a content calls a figure it gives the right one: a noun of
        [figure_contest] nouns with `the` and an adjective of its adjectives (`the real
        number`, `the actual toll`). The lemmas of what it counts (`the real number of
        trains`: `train`), empty when it does not say; None when it gives no such figure."""
        table, lists = self.table, self.claims.figure_contest
        if lists["nouns"].isdisjoint(self._lemmas):
            return None
        for i in content:
            if table.lemma_lower[i] not in lists["nouns"]:
                continue
            if not table.has_child_word(i, ("the",), "det") or not any(
                table.dep[c] == "amod" and table.lemma_lower[c] in lists["adjectives"]
                for c in table.children(i)
            ):
                continue
            return self._prep_objects(i, ("of",))
        return None

    def _prep_objects(self, noun: int, prepositions: tuple[str, ...]) -> frozenset[str]:
        """The lemmas of a noun's objects after `prepositions` (`beds` of `funding for
        beds`, `trains` of `the real number of trains`)."""
        table = self.table
        return frozenset(
            table.lemma_lower[o]
            for p in table.children(noun)
            if table.dep[p] == "prep" and table.lower[p] in prepositions
            for o in table.children(p)
            if table.dep[o] == "pobj"
        )

    def role_head(self, speaker: set[int]) -> set[str]:
        """The head of a speaker mention that is a role, not a name (`mayor` of `the
        city's former mayor`, `spokesman` of `a spokesman for the ministry`): its
        lowercase form and lemma, when that head is a common noun and no stop word."""
        table = self.table
        return {
            form
            for i in table.heads_within(speaker)
            if table.pos[i] == "NOUN" and not table.is_stop[i]
            for form in (table.lower[i], table.lemma_lower[i])
        }

    def titles(self, speaker: set[int]) -> set[str]:
        """The titles (rules/titles.toml, one word) of a speaker mention, lowercased and
        without a final period: `councillor` of `Councillor Dean Roper`."""
        lower, titles = self.table.lower, self.rules.titles
        return {w for i in speaker if (w := lower[i].rstrip(".")) in titles}

    def _names_claim_of(self, content: list[int]) -> frozenset[str]:
        """The names a content gives as the source of a claim noun it holds (`the AP
        report`, `Podliska's suit`, `Exxon's complaints`): lowercase proper-noun words
        that possess or modify the claim noun, and a possessive common noun that is no
        stop word, as its form and lemma (`the councillor's claims`, `the company's
        statement`: a role or title of the speaker, see `_named_claim`)."""
        if self.claims.told_nouns.isdisjoint(self._lemmas):
            return frozenset()
        ids = set(content)
        out: set[str] = set()
        for i in content:
            if self.table.lemma_lower[i] not in self.claims.told_nouns:
                continue
            noun = self.doc[i]
            owners = [noun] + [
                obj
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "by", "from")
                for obj in prep.children
                if obj.dep_ == "pobj"
            ]
            for owner in owners:
                names = [owner] if owner is not noun and owner.pos_ == "PROPN" else []
                names += [c for c in owner.children if c.dep_ in ("poss", "compound")]
                for name in names:
                    if name.i not in ids:
                        continue
                    if name.pos_ == "PROPN":
                        out |= {t.lower_ for t in name.subtree if t.pos_ == "PROPN"}
                    elif name.dep_ == "poss" and name.pos_ == "NOUN" and not name.is_stop:
                        out |= {name.lower_, name.lemma_.lower()}
        return frozenset(out)

    def _refers_back(self, content: list[int], terms: set[tuple[str, str]]) -> bool:
        """A content that only names a claim (`that idea`, `the allegations`: no verb, and
        no content word but claim nouns), or whose subject points back (`it happened`,
        `that was true`, `"That is false,"`), so what it answers is said before it."""
        if self._pointer_subject(content) is not None or self._lone_pointer(content):
            return True
        table = self.table
        return (
            not any(table.pos[i] in ("VERB", "AUX") for i in content)
            and all(lemma in self.claims.claim_nouns for lemma, _ in terms)
            and any(table.lemma_lower[i] in self.claims.claim_nouns for i in content)
        )

    def _accusing(self, cue: list[int], content: list[int]) -> bool:
        """An accusation cue (`accused`, `slammed`), or the writer's word for an attack in
        the cue's sentence (`Lashing out, the mayor said ...`)."""
        lemma_of = self.table.lemma
        if any(self.rules.cue_class(lemma_of[t]) == "accusation" for t in cue):
            return True
        if not cue:
            return False
        sent = self.ctx.sentences[self.ctx.sentence_at(cue[0])]
        marks = self._accusation_marks
        if bisect.bisect_left(marks, sent.start) == bisect.bisect_left(marks, sent.end):
            return False  # no word of the sentence starts an accusation entry
        skip = set(content)
        around = [
            i for i in range(sent.start, sent.end) if i not in skip and not self.ctx.in_quote_at(i)
        ]
        table = self.table
        lemmas = [table.lemma_lower[i] for i in around]
        lemmas += [
            f"{table.lemma_lower[a]} {table.lower[b]}" for a, b in itertools.pairwise(around)
        ]
        return any(lemma in self.claims.accusation for lemma in lemmas)

    @cached_property
    def _accusation_marks(self) -> list[int]:
        """The tokens, in order, whose lemma is an accusation entry or the words that open
        one (`lash` of `lash out`), read once per article: `_accusing` finds no attack in
        a sentence without one."""
        entries = self.claims.accusation
        starts = set(entries)
        for entry in entries:
            starts.update(entry[:k] for k, ch in enumerate(entry) if ch == " ")
        lemma = self.table.lemma_lower
        return [i for i in range(self.table.size) if lemma[i] in starts]

    def _events(self, content: list[int]) -> list[Event]:
        """The clash-frame verbs of a content (`opened fire` counts as a verb)."""
        out: list[Event] = []
        if self.claims.frames.keys().isdisjoint(self._lemmas):
            return out
        table = self.table
        for i in content:
            lemma = table.lemma_lower[i]
            frame = self.claims.frames.get(lemma)
            if frame is None or table.pos[i] not in ("VERB", "NOUN"):
                continue
            tok = self.doc[i]
            verb = tok if tok.pos_ == "VERB" else tok.head
            if verb.pos_ != "VERB" or _imperative(verb) or self._intended(verb):
                continue
            negated = any(c.dep_ == "neg" for c in verb.children)
            out.append(Event(frame, lemma, _agent(verb), negated))
        return out

    def _intended(self, verb: Token) -> bool:
        """`was planning to detonate`: an intention, not an account of what happened."""
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.claims.intentions

    def cue_signals(
        self, q: QuoteFacts, d: Dispute, quotes: Sequence[QuoteFacts] = (), at: int = -1
    ) -> None:
        """The cue's own words, and the writer's adverbs next to it. A denial of one word
        pointing back (`denied this`) denies the claim just before (`claim_just_before`
        of `quotes`, `q` being the one `at`); a request or plan just before makes it a
        refusal. The claim before is looked for only for such a denial (post-parse CPU)."""
        for lemma, words, at_ in _cue_words_at(self.table, q.cue):
            reason = self.claims.dispute_cues.get(lemma)
            if reason == "denial" and (
                self._claim_content(q)
                or (
                    at >= 0 and self._lone_pointer(q.content) and self.claim_just_before(quotes, at)
                )
            ):
                d.flag("denial", DisputeRule.DENIAL_CUE, words, self._token_words(at_))
                d.answers = "denial"
            elif reason == "distancing_cue" and not _negated(self.doc[at_[0]]):
                d.flag("distancing_cue", DisputeRule.DISTANCING_CUE, words, self._token_words(at_))
        if not q.cue:
            return
        lo = max(0, q.cue[0] - WRITER_WINDOW)
        hi = min(len(self.doc), q.cue[-1] + WRITER_WINDOW + 1)
        for i in range(lo, hi):
            reason = self.claims.writer_words.get(self.table.lower[i])
            if reason is not None and not self.ctx.in_quote_at(i):
                tok = self.doc[i]
                d.flag(reason, DisputeRule.writer(reason), tok.text, token_words([tok]))

    def _token_words(self, tokens: list[int]) -> Span:
        """`token_words` of the tokens at these indices (a flag's evidence)."""
        return token_words([self.doc[i] for i in tokens])

    def _claim_content(self, q: QuoteFacts) -> bool:
        """Whether a content states a claim: a clause (its head is a verb), or a noun
        naming a claim (`the allegation that ...`, `that idea`); a denied offer, plan or
        request is a refusal, not a dispute."""
        table = self.table
        heads = table.heads_within(set(q.content))
        return any(
            table.pos[i] in ("VERB", "AUX") or table.lemma_lower[i] in self.claims.claim_nouns
            for i in heads
        )

    def claim_just_before(self, quotes: Sequence[QuoteFacts], b: int) -> bool:
        """Whether the last attribution before `b` by another speaker, ending in its
        sentence or the one before, states a claim (see `_claim_content`)."""
        qb = quotes[b]
        if not qb.sentence_numbers:
            return False
        first = min(qb.sentence_numbers)
        for qa in reversed(quotes[:b]):
            if not qa.sentence_numbers or max(qa.sentence_numbers) < first - 1:
                return False
            if qa.entity is not None and not qa.same_speaker(qb):
                return self._claim_content(qa)
        return False

    def _lone_pointer(self, content: list[int]) -> bool:
        """A content that is one word pointing back (`denied this`, `rejected that`):
        the claim it stands for was said before it."""
        punct, first = self.table.is_punct, None
        for i in content:
            if not punct[i]:
                if first is not None:
                    return False  # a second word: no lone pointer (most contents)
                first = i
        return first is not None and self.table.lower[first] in self.claims.pointers

    def _pointer_subject(self, content: list[int]) -> int | None:
        """The content's first word (after punctuation) when it is a subject that points
        back (`it`, `that`: rules/disputes.toml [pointers]), else None."""
        table = self.table
        first = next((i for i in content if not table.is_punct[i]), None)
        if first is None or table.lower[first] not in self.claims.pointers:
            return None
        return first if table.dep[first] in ("nsubj", "nsubjpass") else None

    def _pointed_verdict(self, q: QuoteFacts) -> bool:
        """Whether the content opens with a clause whose subject points back and which
        itself calls that false (`"That is not true,"`, `It's nonsense`, `that never
        happened`): a contradiction phrase or CONTRADICTION pattern inside the pointer's
        own clause, not anywhere later in a long quote (`"This is a disgusting day," ...
        He had no proof`)."""
        first = self._pointer_subject(q.content)
        if first is None:
            return False
        lo, hi = syntax.subtree_range(self.doc[self.table.head[first]])
        clause = [i for i in q.content if lo <= i < hi]
        pattern = any(label == "CONTRADICTION" and lo <= s < hi for label, _, s, _ in self.matches)
        return pattern or bool(self._contradiction_in(clause))

    def _contradicts(self, q: QuoteFacts) -> str:
        """The first contradiction phrase of a content that judges a claim (see
        `_contradiction_in`)."""
        return self._contradiction_in(q.content)

    def _contradiction_in(self, content: list[int]) -> str:
        """The first contradiction phrase of tokens `content` that judges a claim: not
        one that only describes a noun other than a claim (`the most ridiculous
        candidate`, `a phony system`, `a very unfair debate` judge a person or a thing,
        while `false statements` and `a distorted report` still judge what was said)."""
        table_lower, pos, quote = self.table.lower, self.table.pos, self.table.is_quote
        if not any(map(self._phrase_openings.__getitem__, content)):
            return ""  # most contents: no phrase's first word is in them
        # quotation marks and adverbs do not part a phrase's words (`was "simply
        # wrong"` is `was wrong`); an adverb that is a phrase's own word (`not`,
        # `never`, `up`) does
        kept = self._phrase_words
        content = [
            i
            for i in content
            if not quote[i] and not (pos[i] == "ADV" and table_lower[i] not in kept)
        ]
        lower = [table_lower[i] for i in content]
        present = set(lower)
        for phrase, words in self._phrases:
            if words[0] not in present:
                continue  # most phrases: their first word is nowhere in the content
            n = len(words)
            for k in range(len(lower) - n + 1):
                if lower[k : k + n] == words and not self._describes_thing(content[k + n - 1]):
                    return phrase
        return ""

    @cached_property
    def _phrase_openings(self) -> list[bool]:
        """For each token, whether its lowercase form is the first word of a
        contradiction phrase, read once per article."""
        first = {words[0] for _, words in self._phrases if words}
        return [word in first for word in self.table.lower]

    def _describes_thing(self, i: int) -> bool:
        """Whether token `i` is an adjective that modifies a noun naming no claim (also
        as the second of two: `the most unqualified and ridiculous candidate`)."""
        table = self.table
        while table.dep[i] == "conj" and table.head[i] != i:
            i = table.head[i]
        h = table.head[i]
        if table.dep[i] != "amod" or table.pos[h] not in ("NOUN", "PROPN"):
            return False
        head = table.lemma_lower[h]
        return head not in self.claims.claim_nouns and head not in self.claims.told_nouns

    def content_signals(self, q: QuoteFacts, d: Dispute) -> None:
        """Contradiction in the speaker's own words makes the quote an answer to pair; a
        denial the writer reports inside the content (`reports, which he denied`) is a
        contest in the article's words, unless what is denied is a refusal's thing
        (rules/disputes.toml [refusals]: `an offer, which was rejected`)."""
        ids = set(q.content) if self._dispute_matches else set()
        found = [
            label
            for label, s in self._dispute_matches
            if s in ids and (label == "CONTRADICTION" or self.ctx.in_quote(self.doc[s]))
        ]
        d.verdict = self._pointed_verdict(q)
        directive = self._directive(q)
        if not directive and (found or d.verdict or self._contradicts(q)):
            d.answers = d.answers or "contradiction"
            words = self.claims.verdict
            tokens = [self.doc[i] for i in q.content]
            d.names_verdict = calls_claim_false(tokens, words)
            if d.names_verdict and q.numbers:
                d.false_figures = figures_called_false(tokens, words, FIGURE_ENTITIES)
        adverb = self._writer_adverb(q)
        if adverb is not None:
            tok = self.doc[adverb]
            d.flag(
                "fact_check",
                DisputeRule.WRITER_FACT_CHECK_IN_CONTENT,
                tok.text,
                token_words([tok]),
            )
        denied = self._quoted_denial(q)
        if denied is not None:
            tok = self.doc[denied]
            d.flag("denial", DisputeRule.DENIED_IN_QUOTE, tok.text, token_words([tok]))
            d.answers = "denial"
        table = self.table
        for i in q.content if self._denials else ():
            cue_reason = self.claims.dispute_cues.get(table.lemma_lower[i])
            if (
                cue_reason == "denial"
                and table.dep[i] in ("relcl", "acl")
                and not self.ctx.in_quote_at(i)
                and table.child_with(i, DOER_DEPS) is not None
                and table.lemma_lower[table.head[i]] not in self.claims.refusals
            ):
                tok = self.doc[i]
                d.flag("denial", DisputeRule.DENIED_IN_CONTENT, tok.text, token_words([tok]))

    def _writer_adverb(self, q: QuoteFacts) -> int | None:
        """A fact-check adverb of the writer's (disputes.toml [writer] fact_check) inside
        the reported content, outside quotation marks, on a participle with no subject of
        its own (`warned that the sky was falling, illogically tying gun owners to ...`):
        the writer judging what the speaker does, whose doer is the speaker. Not on a verb
        with a subject of its own (`said the mayor had wrongly closed the pool`: the
        speaker's own word about someone else). The token of the adverb, or None."""
        if not self._fact_checks:
            return None
        table = self.table
        for i in q.content:
            if self.claims.writer_words.get(table.lower[i]) != "fact_check":
                continue
            if table.dep[i] != "advmod" or self.ctx.in_quote_at(i):
                continue
            verb = table.head[i]
            if table.tag[verb] != "VBG" or table.child_with(verb, DOER_DEPS) is not None:
                continue
            return i
        return None

    def _quoted_denial(self, q: QuoteFacts) -> int | None:
        """A denial in the speaker's own quoted words (`"The company denies the report,"
        a spokesperson said`, `"We reject the claim that ..."`): a denial verb (disputes.toml
        [cues] denial) inside quotation marks that heads its clause, in the indicative
        with no modal, not negated and under no negated verb (`I don't think anyone would
        disagree that ...`), whose subject is someone (a name, a person or body noun, a
        personal pronoun: not `This statement denies the premises ...`) and whose object
        is a claim noun ([claim_nouns]: `the report`, `that allegation`) or a
        that-clause. The token of the verb, or None."""
        if not self._denials:
            return None
        table, claims = self.table, self.claims
        ids = set(q.content)
        for i in q.content:
            if claims.dispute_cues.get(table.lemma_lower[i]) != "denial":
                continue
            if table.tag[i] not in ("VBZ", "VBP", "VBD") or not self.ctx.in_quote_at(i):
                continue
            if table.dep[i] not in ("ROOT", "ccomp", "conj") and table.head[i] in ids:
                continue
            subject = table.child_with(i, ("nsubj",))
            if subject is None or not self._someone(subject) or self._negated_or_modal(i):
                continue
            obj = table.child_with(i, ("dobj",))
            clause = table.child_with(i, ("ccomp",))
            if (obj is not None and table.lemma_lower[obj] in claims.claim_nouns) or (
                clause is not None and table.has_child_word(clause, ("that",), "mark")
            ):
                return i
        return None

    def _someone(self, i: int) -> bool:
        """Whether token `i` names someone who can deny: a name, a person or body noun of
        speakers.toml (`the firm`, `the ministry`), or a personal pronoun."""
        table, claims = self.table, self.claims
        if table.pos[i] == "PROPN":
            return True
        if table.pos[i] == "NOUN":
            return self.rules.person_or_body(table.lemma_lower[i])
        return table.lower[i] in claims.person_pronouns | claims.first_person_speakers | {"they"}

    def _negated_or_modal(self, i: int) -> bool:
        """Whether verb `i` has a modal, or it or a verb it hangs from in its sentence is
        negated (`don't think ... would disagree`)."""
        table = self.table
        if any(table.tag[c] == "MD" for c in table.children(i)):
            return True
        while True:
            if table.child_with(i, ("neg",)) is not None:
                return True
            if table.head[i] == i:
                return False
            i = table.head[i]

    def _directive(self, q: QuoteFacts) -> bool:
        """Whether the content is what someone is ordered, asked or ruled to do: a
        to-clause of a directive cue (rules/disputes.toml [directives]: `told Rourke to
        withdraw the word "misleading"`, `urged them to stop calling it a hoax`). Its
        contradiction words name the act or the word to take back; it answers no claim."""
        cue = set(q.cue)
        directives = self.claims.directives
        if not any(lemma in directives for lemma, _, _ in _cue_words_at(self.table, q.cue)):
            return False
        table = self.table
        return any(
            table.dep[i] == "xcomp" and table.head[i] in cue and table.has_child_word(i, ("to",))
            for i in q.content
        )

    def writer_patterns(self, quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
        """NO_EVIDENCE and FACT_CHECK in the writer's voice flag the claims they judge."""
        for label, pid, s, e in self.matches:
            if label not in ("NO_EVIDENCE", "FACT_CHECK") or self.ctx.in_quote(self.doc[s]):
                continue
            tok = self.doc[s]
            inside = [i for i, q in enumerate(quotes) if s in q.content]
            if inside and not (
                label == "FACT_CHECK"
                and self._aside(s, e)
                and all(self._after_content_verb(quotes[i], s) for i in inside)
            ):
                continue
            reason = "no_evidence" if label == "NO_EVIDENCE" else "fact_check"
            sent = self.ctx.sent(tok).start
            targets = inside or [i for i, q in enumerate(quotes) if sent in q.sentences]
            if not targets:
                if sent > 0 and (tok.i == sent or self._refers_back_subject(tok)):
                    prev = self.ctx.sent(self.doc[sent - 1]).start
                    targets = [i for i, q in enumerate(quotes) if prev in q.sentences]
                targets += [i for i in self._named_by_verdict(quotes, tok) if i not in targets]
            for i in targets:
                out[i].flag(
                    reason,
                    dispute_pattern_rule(pid),
                    self.doc[s:e].text,
                    token_words(list(self.doc[s:e])),
                )

    def _aside(self, start: int, end: int) -> bool:
        """Whether a verdict inside reported content outside quotation marks stands
        between dashes or commas of its own (`He said the workers had bonuses - a claim
        the union disputes - and left.`): the writer's aside on the claim, not its words."""
        doc = self.doc
        opens = start > 0 and doc[start - 1].text in syntax.DELIMITERS
        closes = end == len(doc) or doc[end].text in syntax.DELIMITERS or bool(doc[end].is_sent_end)
        return opens and closes

    def _after_content_verb(self, q: QuoteFacts, start: int) -> bool:
        """Whether an aside at token `start` follows the head of the content it stands in
        (`said the boats had run on time, which is false, and ...`): it comments on the
        reported clause. One before it sets off a noun inside the clause (`said the
        rumour, which is false, had spread`): the speaker's own words about the noun."""
        heads = self.table.heads_within(set(q.content))
        return bool(heads) and all(i < start for i in heads)

    def _refers_back_subject(self, tok: Token) -> bool:
        """Whether the verdict's sentence is about a claim told before it: its subject or
        object points back (disputes.toml `[pointers]`: `it`, `that`), is a claim noun
        (`The figure could not be verified.`, `Reuters could not independently verify the
        figure.`) or a thing shown (`[unverified]`: `... verify the footage.`)."""
        claims = self.claims
        return any(
            t.dep_ in ("nsubj", "nsubjpass", "dobj")
            and (
                t.lower_ in claims.pointers
                or t.lemma_.lower() in claims.claim_nouns
                or t.lemma_.lower() in claims.unverified
            )
            for t in self.ctx.sent(tok)
        )

    def _named_by_verdict(self, quotes: Sequence[QuoteFacts], tok: Token) -> list[int]:
        """The claims a verdict judges by naming their speaker (`Trump is wrong.`, `Obama's
        speech does not stand up to scrutiny.`): that speaker's attributions in the
        verdict's sentence, the VERDICT_BEFORE sentences before it or VERDICT_AFTER after."""
        sent = self.ctx.sent(tok)
        names = {t.lower_ for t in sent if t.pos_ == "PROPN" and not self.ctx.in_quote(t)}
        at = self.ctx.sentence_index(tok)
        return [
            i
            for i, q in enumerate(quotes)
            if q.entity is not None
            and q.name_words & names
            and any(at - VERDICT_BEFORE <= n <= at + VERDICT_AFTER for n in q.sentence_numbers)
        ]


def _negated(tok: Token) -> bool:
    """`has never formally accused`: a cue denied, which distances from nothing."""
    return any(c.dep_ == "neg" for c in tok.children)


def _imperative(verb: Token) -> bool:
    """`Shoot him`, `Don't shoot him` (quoted inside a report too, `"Don't shoot him," she
    says`): a command, not an account of what happened. It has no subject, and no
    auxiliary but the `do` of a negated command."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ in ("ROOT", "ccomp", "advcl", "conj", "parataxis")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
        and all(c.lemma_.lower() == "do" for c in verb.children if c.dep_ == "aux")
    )


def _agent(verb: Token) -> str:
    """Who does `verb`: the passive `by` agent, its subject (or, for `kept firing`, its
    governing verb's subject) when that is a noun; `-` when the content does not say (a
    passive's subject is who it was done to)."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                return grand.lemma_.lower()
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return "-"
    for v in (verb, verb.head) if verb.dep_ in ("xcomp", "conj") else (verb,):
        for child in v.children:
            if child.dep_ == "nsubj":
                return child.lemma_.lower() if child.pos_ in ("NOUN", "PROPN") else "-"
    return "-"


def _cue_words_at(table: TokenTable, cue: Sequence[int]) -> list[tuple[str, str, list[int]]]:
    """Each cue word's lemma, and each verb with its particle (`push back`), with the
    words as written and the indices of the tokens each entry was read from (read from
    the token table: a cue's Tokens are made only for the flag's evidence)."""
    lemma, text, lower = table.lemma_lower, table.text, table.lower
    out = [(lemma[t], text[t], [t]) for t in cue]
    out += [
        (f"{lemma[a]} {lower[b]}", f"{text[a]} {text[b]}", [a, b])
        for a, b in itertools.pairwise(cue)
    ]
    return out
