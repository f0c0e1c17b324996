"""Disputes as relations: which attribution contests which, and the flags that follow.

`disputes.py` reads each attribution for what it does (denies, rebuts, answers) and for
the writer's own contesting words; the functions here pair an answer with the claim it
answers, and two accounts of one event that cannot both hold. A flag is only ever set
with its evidence: the attribution that contests it (`disputed_by`) or the article's
words (`words`, with offsets). Nothing here reads the article's mood: a quote is never
flagged because others near it are.

Both sides of a pair are disputed only when each contests the other: a denial and the
claim it denies, two clashing accounts, an answer to an accusation aimed at the
answering speaker, an answer to a claim that itself answers another (an exchange: the
claim answered contests the answer in turn), an answer that names whose claim it contests
(`the AP report is misleading`, `the councillor's claims were untrue`), an answer that
calls a claim it names as one false (`the claim that ... was wrong`), an answer going on
with its speaker's answer just before (`"It cherry-picked ..."`), or an answer the
answered side replies to in turn. A rebuttal of a claim nobody defends leaves the
rebuttal undisputed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from attribution.extract.table import table_of
from attribution.ruleset.ids import DisputeRule
from attribution.schema import DISPUTE_REASONS, Evidence, Span

REASONS = DISPUTE_REASONS
# What an answer needs to be paired with a claim, for a contradiction and for a denial
# (a denial says outright that it contests something, and so does an answer that names
# a claim and calls it false: `your allegations are unsupported`): shared content words
# on their own, and the link score (shared words, up to 3, +1 for naming the claim's
# speaker, +1 for the same sentence).
MIN_SHARED_WORDS = (3, 1)
MIN_LINK_SCORE = (2.0, 1.0)
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")


@dataclass
class Dispute:
    """The dispute flags of one attribution, built up from the evidence found."""

    reason: str | None = None
    disputes: set[int] = field(default_factory=set)
    disputed_by: set[int] = field(default_factory=set)
    words: list[Span] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    answers: str | None = None
    verdict: bool = False
    """The answer opens with a clause whose subject points back and which calls that
    false (a contradiction phrase of rules/disputes.toml or a CONTRADICTION pattern:
    `That is not true`); not a writer's pattern quoted (`This was not the ...`), nor a
    contradiction later in a long quote."""
    false_figures: frozenset[str] = frozenset()
    """The numbers by which the answer names a figure it calls false (`the 40 percent
    figure was wrong`: `verdicts.figures_called_false`)."""
    names_verdict: bool = False
    """The answer calls a claim it names as one false (`the claim that ... was wrong`:
    `verdicts.calls_claim_false`): with the claim it answers, both sides of one point."""

    def flag(self, reason: str, rule_id: str, words: str, span: Span | None = None) -> None:
        """Set the flag for `reason` on the evidence of `rule_id`: the contesting words
        (`span`, in the article) or the quote that contests it (named in `words`)."""
        if span is not None and span not in self.words:
            self.words.append(span)
        if not any(e.rule_id == rule_id and e.words == words for e in self.evidence):
            self.evidence.append(Evidence("disputed", "rule", rule_id, None, words))
        if self.reason is None or REASONS.index(reason) < REASONS.index(self.reason):
            self.reason = reason


@dataclass(frozen=True)
class Event:
    """A clash-frame verb in a content: its frame, lemma, who does it, whether denied."""

    frame: str
    lemma: str
    agent: str
    negated: bool


@dataclass
class QuoteFacts:
    """What the dispute rules read of one attribution (`content`, `speaker` and `cue` as
    token indices, read on the token table: no Token is made for them)."""

    content: list[int]
    cue: list[int]
    speaker: set[int]
    sentences: set[int]
    terms: set[tuple[str, str]]
    words: set[str]
    negated: bool
    entity: str | None
    name_words: set[str]
    speaker_words: set[str]
    events: list[Event]
    accusing: bool = False
    cue_sentence: TokenSpan | None = None
    sentence_numbers: frozenset[int] = frozenset()
    refers_back: bool = False
    names_claim_of: frozenset[str] = frozenset()
    negates_verb: bool = False
    surname: str | None = None
    numbers: frozenset[str] = frozenset()
    """The numbers the content gives (counts, shares, sums; no dates or times), as
    written without thousands separators."""
    counted: frozenset[str] | None = None
    """When the content gives a figure as the right one (`the real number was closer to
    35,000`: disputes.toml [figure_contest]), the lemmas of what it counts (`the real
    number of trains`: `train`; empty when it does not say); else None."""
    changes: frozenset[tuple[str, str, frozenset[str]]] = frozenset()
    """The amounts the content tells went up or down (disputes.toml [direction]): the
    direction, the noun's lemma and the lemmas of its `for`/`of` objects and modifiers
    (`funding for beds had risen`: `("up", "funding", {"bed"})`)."""
    title_words: set[str] = field(default_factory=set)
    """The titles (rules/titles.toml) of the speaker's mentions, lowercased
    (`councillor` of `Councillor Dean Roper`), shared by all of one speaker's
    attributions: an answer may name whose claim it contests by one (`the councillor's
    claims`), though a title names no one in a sentence of its own."""

    def same_speaker(self, other: QuoteFacts) -> bool:
        """Whether two attributions have one speaker: the same entity, or names that end
        in the same capitalised word (`De Blasio` and `Bill de Blasio`, which the speaker
        resolution may leave as two)."""
        if self.entity == other.entity:
            return True
        return self.surname is not None and self.surname == other.surname

    @property
    def forms(self) -> set[str]:
        """The content words' lemmas and lowercase forms (the small model lemmatises
        `frozen` as itself in one sentence and as `freeze` in the next)."""
        return {form for term in self.terms for form in term}

    def shared(self, forms: set[str]) -> int:
        """How many of this content's words are among `forms`."""
        return len({lemma for lemma, lower in self.terms if lemma in forms or lower in forms})


def token_words(tokens: Sequence[Token]) -> Span:
    """The article's characters from the first token to the end of the last."""
    first, last = tokens[0], tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    # those tokens' own Span text: `Doc.text` would join the whole article's tokens
    text = first.doc[first.i : last.i + 1].text if first.i <= last.i else ""
    return Span(start, end, text)


def link_answer(quotes: Sequence[QuoteFacts], out: list[Dispute], b: int) -> None:
    """Pair an answering attribution with the claim it answers: another speaker's earlier
    (or same-sentence) claim that shares its content words or names. The claim answered
    is disputed by the answer; the answer is disputed too when it is a denial, when
    the claim it answers accuses the answering speaker, or when that claim is itself
    linked as an answer to another (on the train labels, 4 right of 4). A denial or a
    verdict whose subject only points back (`denied it happened`, `"That is not true,"`,
    `It's nonsense`) answers the claim just before it, by another speaker. An answer that
    names a claim and calls it false (`names_verdict`) needs the shared words of a denial."""
    qb = quotes[b]
    own = qb.speaker | set(qb.cue)
    sent = qb.cue_sentence
    around = [] if sent is None else [i for i in range(sent.start, sent.end) if i not in own]
    table = None if sent is None else table_of(sent.doc)
    context = set(qb.forms)
    words: set[str] = set()
    if table is not None:
        context |= {
            form
            for i in around
            if table.pos[i] in CONTENT_POS and not table.is_stop[i]
            for form in (table.lemma_lower[i], table.lower[i])
        }
        words = {table.lower[i] for i in around}
    denial = out[b].answers == "denial"
    explicit = denial or out[b].names_verdict
    best, best_score = None, 0.0
    for a, qa in enumerate(quotes):
        if a == b or qa.entity is None or qa.same_speaker(qb):
            continue
        same_sentence = bool(qa.sentences & qb.sentences)
        if a > b and not same_sentence:
            continue
        named = bool(qa.name_words & words)
        shared = qa.shared(context)
        needed = MIN_SHARED_WORDS[explicit]
        if not (same_sentence or (named and shared >= 1) or shared >= needed):
            continue
        score = float(min(shared, 3)) + named + same_sentence
        if score > best_score:
            best, best_score = a, score
    pointed = denial or out[b].verdict
    before = _claim_before(quotes, b) if pointed and qb.refers_back else None
    named_claim = _named_claim(quotes, b)
    targets = [] if best is None or best_score < MIN_LINK_SCORE[explicit] else [best]
    if before is not None and before not in targets:
        targets.append(before)
    if named_claim is not None and named_claim not in targets:
        targets.append(named_claim)
    for a in targets:
        verdict = a == before and not denial
        claim_verdict = a == best and out[b].names_verdict and not denial
        _link(
            quotes,
            out,
            a,
            b,
            named=a == named_claim,
            verdict=verdict,
            claim_verdict=claim_verdict,
        )


def _link(
    quotes: Sequence[QuoteFacts],
    out: list[Dispute],
    a: int,
    b: int,
    *,
    named: bool,
    verdict: bool = False,
    claim_verdict: bool = False,
) -> None:
    """Answer `b` contests claim `a`; `b` is contested in turn when it is a denial, when
    `a` accuses `b`'s speaker, when `a` itself answers another claim, when `b` names
    whose claim `a` is, when `b` calls the claim just before it false (`verdict`:
    `"That is not true,"`), or when `b` calls a claim it names as one false
    (`claim_verdict`: `the claim that ... was wrong`): both sides of one contest
    (CLAIMS-RUBRIC)."""
    qb = quotes[b]
    how = out[b].answers or "rebuttal"
    reason = "denial" if how == "denial" else "rebuttal"
    out[b].disputes.add(a)
    out[a].disputed_by.add(b)
    out[a].flag(reason, DisputeRule.answered_by(how), f"quote {b}")
    accused = quotes[a].accusing and bool(quotes[a].words & qb.name_words)
    exchange = bool(out[a].disputes - {b})
    if how == "denial" or accused or exchange or named or verdict or claim_verdict:
        out[a].disputes.add(b)
        out[b].disputed_by.add(a)
        rule = (
            DisputeRule.ANSWERS_ACCUSATION
            if accused
            else DisputeRule.DENIES
            if how == "denial"
            else DisputeRule.ANSWERS_NAMED_CLAIM
            if named
            else DisputeRule.CALLS_FALSE
            if verdict
            else DisputeRule.CALLS_CLAIM_FALSE
            if claim_verdict
            else DisputeRule.ANSWERS_ANSWER
        )
        out[b].flag(reason, rule, f"quote {a}")


def follow_ups(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """An answer that goes on with its speaker's answer just before (`the AP report is
    misleading ... "It cherry-picked ... to give a distorted portrayal"`): a content that
    contradicts and whose subject points back, by the speaker of the attribution right
    before it, ending in its sentence or the one before, which is one side of a contest
    (it contests a claim that contests it in turn). The pointer stands for that claim:
    the follow-up contests it too, and both sides are disputed, each pointing at the
    other. Run after `link_answer`, so the answer before has its pairs."""
    for b in range(1, len(quotes)):
        qb, p = quotes[b], b - 1
        qp = quotes[p]
        if out[b].answers != "contradiction" or not qb.refers_back or qb.entity is None:
            continue
        if qp.entity is None or not qp.same_speaker(qb) or not qb.sentence_numbers:
            continue
        if not qp.sentence_numbers or max(qp.sentence_numbers) < min(qb.sentence_numbers) - 1:
            continue
        for a in sorted(out[p].disputes & out[p].disputed_by):
            if quotes[a].same_speaker(qb):
                continue
            _contest_each_other(
                out,
                a,
                b,
                "rebuttal",
                DisputeRule.ANSWERED_BY_CONTRADICTION,
                DisputeRule.GOES_ON_ANSWERING,
            )


REPLY_WINDOW = 6
REPLY_WORDS = 1


def replies(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """The answered speaker's reply: when B answers A's claim, a later attribution C of
    A's speaker, within REPLY_WINDOW attributions after B, that contradicts or negates a
    verb (`it did not include those meetings`) and shares REPLY_WORDS content words with B
    answers B in turn (an exchange): B and C are
    disputed, each pointing at the other."""
    pairs = [(a, b) for b, d in enumerate(out) for a in sorted(d.disputes) if a < b]
    for a, b in pairs:
        qa, qb = quotes[a], quotes[b]
        for c in range(b + 1, min(len(quotes), b + 1 + REPLY_WINDOW)):
            qc = quotes[c]
            if qc.entity is None or qc.entity != qa.entity:
                continue
            if not (qc.negates_verb or out[c].answers) or qc.shared(qb.forms) < REPLY_WORDS:
                continue
            if c in out[b].disputed_by and b in out[c].disputed_by:
                break
            _contest_each_other(out, b, c, "rebuttal", DisputeRule.REPLIED, DisputeRule.REPLIES)
            break


def _two_speakers(quotes: Sequence[QuoteFacts], told: list[int]) -> Iterator[tuple[int, int]]:
    """Each pair (a, b) of the attributions `told`, `a` before `b`, by two speakers: in the
    order of `b`, then of `a`."""
    for n, b in enumerate(told):
        for a in told[:n]:
            if not quotes[a].same_speaker(quotes[b]):
                yield a, b


def _contest_each_other(
    out: list[Dispute],
    a: int,
    b: int,
    reason: str,
    rule: DisputeRule,
    answer_rule: DisputeRule | None = None,
    detail: str = "",
) -> None:
    """Attributions `a` and `b` dispute each other (both sides of one contest), each
    flagged for `reason` and pointing at the other: `a` by `rule`, `b` by `answer_rule`
    (`rule` when the two sides are alike), with `detail` after the quote it points at."""
    for x, y in ((a, b), (b, a)):
        out[x].disputes.add(y)
        out[y].disputed_by.add(x)
    out[a].flag(reason, rule, f"quote {b}{detail}")
    out[b].flag(reason, answer_rule or rule, f"quote {a}{detail}")


def _named_claim(quotes: Sequence[QuoteFacts], b: int) -> int | None:
    """The claim an answer names by its source (`the AP report is misleading`, `the
    councillor's claims were untrue`): the last attribution before it, by another speaker,
    whose speaker's name, role or title is the word that possesses or modifies the
    answer's claim noun."""
    qb = quotes[b]
    if not qb.names_claim_of:
        return None
    for a in range(b - 1, -1, -1):
        qa = quotes[a]
        if qa.entity is None or qa.same_speaker(qb):
            continue
        if (qa.name_words | qa.title_words) & qb.names_claim_of:
            return a
    return None


def _claim_before(quotes: Sequence[QuoteFacts], b: int) -> int | None:
    """The claim a denial that only names it (`Priebus rejected that idea.`) refers to:
    the last attribution before it, by another speaker, that ends in the denial's
    sentence or the one before."""
    qb = quotes[b]
    if not qb.sentence_numbers:
        return None
    first = min(qb.sentence_numbers)
    for a in range(b - 1, -1, -1):
        qa = quotes[a]
        if not qa.sentence_numbers or max(qa.sentence_numbers) < first - 1:
            return None
        if qa.entity is not None and not qa.same_speaker(qb):
            return a
    return None


def _clash(qa: QuoteFacts, qb: QuoteFacts) -> str:
    """Why two accounts of one event cannot both hold, or "" when they can: one denies what
    the other tells, or each names a different doer and one's doer is the other's speaker
    or is on the receiving end in the other's account."""
    for ea in qa.events:
        for eb in qb.events:
            if ea.frame != eb.frame:
                continue
            if ea.lemma == eb.lemma and ea.negated != eb.negated:
                return f"{ea.lemma}: one account denies it"
            sides = ea.agent != eb.agent and "-" not in (ea.agent, eb.agent)
            a_side, b_side = qa.words | qa.speaker_words, qb.words | qb.speaker_words
            if sides and (ea.agent in b_side or eb.agent in a_side):
                return f"{ea.frame}: {ea.agent} ({ea.lemma}) vs {eb.agent} ({eb.lemma})"
    return ""


def clashes(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """Two speakers' accounts of one event that cannot both hold (both flagged, linked)."""
    told = [i for i, q in enumerate(quotes) if q.events and q.entity is not None]
    for a, b in _two_speakers(quotes, told):
        clash = _clash(quotes[a], quotes[b])
        if not clash:
            continue
        _contest_each_other(
            out, a, b, "rebuttal", DisputeRule.COUNTER_ACCOUNT, detail=f" ({clash})"
        )


FIGURE_WINDOW = 4
"""How many sentences before a figure given as the right one the figure it contests may
end."""


def other_figures(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """A figure given as the right one (`the real number was closer to 35,000`) contests
    the last claim before it, by another speaker, ending at most FIGURE_WINDOW sentences
    before it, that gives a number and none of its numbers (one that gives the same
    number agrees, and is passed over) and holds what it counts, when it says (`the real
    number of trains` contests no count of marchers): both sides, each pointing at the
    other; so does another speaker's figure between them that agrees with the answer
    (`_same_figure_between`)."""
    for b, qb in enumerate(quotes):
        if qb.counted is None or qb.entity is None or not qb.sentence_numbers:
            continue
        first = min(qb.sentence_numbers)
        for a in range(b - 1, -1, -1):
            qa = quotes[a]
            if not qa.sentence_numbers or max(qa.sentence_numbers) < first - FIGURE_WINDOW:
                break
            if qa.entity is None or qa.same_speaker(qb) or not qa.numbers:
                continue
            if qa.numbers & qb.numbers or not qb.counted <= qa.words:
                continue
            _contest_each_other(out, a, b, "rebuttal", DisputeRule.OTHER_FIGURE)
            _same_figure_between(quotes, out, a, b)
            break


def _same_figure_between(quotes: Sequence[QuoteFacts], out: list[Dispute], a: int, b: int) -> None:
    """The answer's side told between the two (`The police said its officers had
    estimated the crowd at about 35,000` before `the real number was closer to 35,000`):
    an attribution after claim `a` and before answer `b`, by another speaker than `a`'s,
    that gives one of `b`'s numbers and none of `a`'s, is a figure for the same count
    too, and `a` and it contest each other."""
    qa, qb = quotes[a], quotes[b]
    for c in range(a + 1, b):
        qc = quotes[c]
        if qc.entity is None or qc.same_speaker(qa):
            continue
        if not qc.numbers & qb.numbers or qc.numbers & qa.numbers:
            continue
        _contest_each_other(out, a, c, "rebuttal", DisputeRule.OTHER_FIGURE)


def figures_named_false(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """A figure called false by its number (`the 40 percent figure was wrong`) contests
    every earlier claim that gives that number. Said by the claim's own speaker, it is a
    correction: the claim is disputed (the article's own verdict, CLAIMS-RUBRIC), the
    correction is not, for nobody contests it. Said by another, both sides are."""
    for b, qb in enumerate(quotes):
        figures = out[b].false_figures
        if not figures or qb.entity is None:
            continue
        for a in range(b):
            qa = quotes[a]
            if qa.entity is None or not qa.numbers & figures:
                continue
            if qa.same_speaker(qb):
                out[a].disputed_by.add(b)
                out[b].disputes.add(a)
                out[a].flag("fact_check", DisputeRule.CORRECTED_BY_SPEAKER, f"quote {b}")
                continue
            _contest_each_other(
                out,
                a,
                b,
                "rebuttal",
                DisputeRule.FIGURE_CALLED_FALSE,
                DisputeRule.CALLS_FIGURE_FALSE,
            )


def opposite_changes(quotes: Sequence[QuoteFacts], out: list[Dispute]) -> None:
    """Two speakers' accounts of one amount going opposite ways (`cut funding for beds`
    against `funding for beds had risen`): both sides, each pointing at the other."""
    told = [i for i, q in enumerate(quotes) if q.changes and q.entity is not None]
    for a, b in _two_speakers(quotes, told):
        found = _opposite(quotes[a].changes, quotes[b].changes)
        if found is None:
            continue
        _contest_each_other(
            out, a, b, "rebuttal", DisputeRule.OPPOSITE_CHANGE, detail=f" ({found})"
        )


def _opposite(
    first: frozenset[tuple[str, str, frozenset[str]]],
    second: frozenset[tuple[str, str, frozenset[str]]],
) -> str | None:
    """The noun two sets of changes tell going opposite ways, with the same `for`/`of`
    objects and modifiers; None when there is none."""
    for way, noun, objects in first:
        for other_way, other_noun, other_objects in second:
            if way != other_way and noun == other_noun and objects == other_objects:
                return f"{noun}: {way} against {other_way}"
    return None


LATER_WINDOW = 2
"""How many sentences after a denial the claim it names may start in (`told_after`)."""


def denials_told_after(
    quotes: Sequence[QuoteFacts], out: list[Dispute], told_after: frozenset[tuple[str, str]]
) -> None:
    """A denial that names what it denies by a noun (`denied a newspaper report that
    ...`) and the claim told after it (`The Ledger reported that ...`): the first
    attribution after the denial, by another speaker, starting at most LATER_WINDOW
    sentences after it, whose cue tells what the noun names (`told_after`: disputes.toml,
    (noun, verb) pairs) and which shares a content word with the denial. Both sides,
    each pointing at the other."""
    for b, qb in enumerate(quotes):
        if out[b].answers != "denial" or qb.entity is None or qb.cue_sentence is None:
            continue
        if not qb.sentence_numbers:
            continue
        table = table_of(qb.cue_sentence.doc)
        heads = {table.lemma_lower[i] for i in table.heads_within(set(qb.content))}
        verbs = {verb for noun, verb in told_after if noun in heads}
        if not verbs:
            continue
        last = max(qb.sentence_numbers)
        for a in range(b + 1, len(quotes)):
            qa = quotes[a]
            if not qa.sentence_numbers or min(qa.sentence_numbers) > last + LATER_WINDOW:
                break
            if qa.entity is None or qa.same_speaker(qb) or a in out[b].disputes:
                continue
            lemmas = table.lemma_lower
            if not any(lemmas[t] in verbs for t in qa.cue) or qa.shared(qb.forms) < 1:
                continue
            _contest_each_other(
                out, a, b, "denial", DisputeRule.ANSWERED_BY_DENIAL, DisputeRule.DENIES_TOLD_AFTER
            )
            break
