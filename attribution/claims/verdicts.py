"""The writer's own verdict on a claim it names: `The claim is false.`, `Our ruling:
Tolland's claim that crime has doubled is false.`, `His claim about police cuts is also
false.`, `There is no evidence for this claim.`

A verdict counts only in a sentence of the writer's: its clause holds no quote and no
attribution's content or cue, and it is not a question. Its verdict word (disputes.toml
`[verdict]`: `false`, `wrong`, `not true`, `no evidence`) judges a claim noun (`claim`,
`figure`) that is its subject, or, for `no evidence`, the object of `for`, `of` or
`behind`. The noun names whose claim it is, and which:

- its owner: a name (`Tolland's claim`), a noun (`the mayor's claim`) or a pronoun (`his
  claim`: the last speaker the writer named, within `NEAR` sentences before it) must
  stand for exactly one speaker, else the verdict flags nothing; with no owner (`the
  claim`, `that figure`), any speaker's claim within `NEAR` sentences before it;
- the words after the noun (`that crime has doubled`, `about police cuts`) pick, among
  those claims, the one whose content shares most of them (an owned claim at any distance
  before the verdict, since a ruling often closes the article);
- without such words, the claim nearest before the verdict.

Where two claims fit equally (as many shared words, or ending in one sentence), or none
shares a word the verdict names, it flags nothing: a wrong warning costs a fact-checker
more than a missed one. The flag's evidence is the verdict's clause.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from attribution.claims.links import CONTENT_POS, Dispute, QuoteFacts, token_words
from attribution.extract import syntax
from attribution.extract.context import DocContext
from attribution.ruleset.ids import DisputeRule

__all__ = ["NEAR", "calls_claim_false", "figures_called_false", "flag_named_verdicts"]

NEAR = 3
"""How many sentences before a verdict its claim may end in, when the verdict names the
claim by a pronoun or a determiner only, or by an owner without words that pick one."""

_NOBODY = QuoteFacts(
    content=[],
    cue=[],
    speaker=set(),
    sentences=set(),
    terms=set(),
    words=set(),
    negated=False,
    entity=None,
    name_words=set(),
    speaker_words=set(),
    events=[],
)
"""A stand-in for an attribution a verdict cannot name (no entity, no sentence)."""


@dataclass(frozen=True)
class _Verdict:
    """A verdict found: the claim noun it judges, its reason and the clause (evidence)."""

    noun: Token
    reason: str
    first: int
    last: int


def flag_named_verdicts(
    ctx: DocContext,
    words: Mapping[str, frozenset[str]],
    quotes: Sequence[QuoteFacts],
    out: list[Dispute],
) -> None:
    """Flag the claim each of the writer's verdicts names (`words`: disputes.toml
    `[verdict]`), with the verdict's clause as evidence."""
    if not quotes:
        return
    doc, table = ctx.doc, ctx.table
    verdict_words = words["false"] | words["not_true"]
    evidence, lemmas = words["evidence"], table.lemma_lower
    # the verdict words' tokens, found in one pass (post-parse CPU)
    hits = (
        []
        if verdict_words.isdisjoint(table.lower) and evidence.isdisjoint(lemmas)
        else [i for i, w in enumerate(table.lower) if w in verdict_words or lemmas[i] in evidence]
    )
    for i in hits:
        tok, k = doc[i], ctx.sentence_at(i)
        sent = ctx.sentences[k]
        if sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?"):
            continue
        verdict = _verdict(tok, words)
        if verdict is None:
            continue
        # the claim noun may itself be read as a cue (`Vidal's claim that ...`): that
        # attribution is the claim named, not one the verdict's clause reports
        named = {n for n, q in enumerate(quotes) if verdict.noun.i in q.cue}
        said = {j for n, q in enumerate(quotes) if n not in named for j in (*q.content, *q.cue)}
        clause = range(verdict.first, verdict.last + 1)
        if any(j in said or ctx.in_quote_at(j) for j in clause):
            continue
        # the attributions of the verdict's own sentence name no owner and are not
        # the claim judged: one is the claim noun read as a cue, if any
        others = [_NOBODY if k in q.sentence_numbers else q for q in quotes]
        target = _claim_named(ctx, words, others, verdict.noun, k)
        if target is None:
            continue
        span = doc[verdict.first : verdict.last + 1]
        out[target].flag(
            verdict.reason,
            DisputeRule.VERDICT_NAMES_CLAIM,
            span.text,
            token_words(list(span)),
        )


def calls_claim_false(tokens: Sequence[Token], words: Mapping[str, frozenset[str]]) -> bool:
    """Whether a quote's own words give a verdict on a claim they name as one (`the
    claim that it was the largest study of its kind was wrong`, `Their figure is
    false`): a `fact_check` verdict of `[verdict]` among `tokens` whose claim noun is
    among them too and has a determiner or an owner (not `a claim`). Such an answer
    contests the same point as the claim it answers (both sides, CLAIMS-RUBRIC)."""
    return next(_named_false(tokens, words), None) is not None


def figures_called_false(
    tokens: Sequence[Token], words: Mapping[str, frozenset[str]], kinds: Sequence[str]
) -> frozenset[str]:
    """The numbers a quote's verdict names the figure it calls false by (`the 40 percent
    figure was wrong`: `40`; `the 120,000 estimate is false`: `120000`): number words of
    entity types `kinds` inside the claim noun's own phrase, when that noun is among
    `tokens` and has a determiner or an owner (as in `calls_claim_false`); without
    thousands separators."""
    return frozenset(
        t.text.replace(",", "")
        for noun in _named_false(tokens, words)
        for t in noun.subtree
        if t.i < noun.i and t.like_num and t.ent_type_ in kinds
    )


def _named_false(tokens: Sequence[Token], words: Mapping[str, frozenset[str]]) -> Iterator[Token]:
    """The claim nouns among `tokens` that a `fact_check` verdict among them calls false,
    when the noun has a determiner or an owner (`the claim`, `Their figure`; not `a
    claim`)."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        found = _verdict(tok, words)
        if found is None or found.reason != "fact_check" or found.noun.i not in ids:
            continue
        if any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in words["determiners"])
            for c in found.noun.children
        ):
            yield found.noun


def _verdict(tok: Token, words: Mapping[str, frozenset[str]]) -> _Verdict | None:
    """The verdict `tok` gives, if it is a verdict word on a claim noun (or, after `no
    evidence for`, on a pointer: `this`)."""
    lower = tok.lower_
    head = tok.head
    if tok.dep_ in ("acomp", "attr") and head.lemma_.lower() == "be":
        negated = any(c.dep_ == "neg" for c in (*head.children, *tok.children))
        hedged = any(c.dep_ == "aux" and c.lower_ in words["hedges"] for c in head.children)
        if hedged or negated != (lower in words["not_true"]):
            return None
        if lower not in words["false"] and lower not in words["not_true"]:
            return None
        noun = next((c for c in head.children if c.dep_ in syntax.NOMINAL_SUBJECT_DEPS), None)
        if noun is None or noun.lemma_.lower() not in words["named"]:
            return None
        return _clause(noun, head, "fact_check")
    if tok.lemma_.lower() in words["evidence"] and any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children
    ):
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in words["prepositions"]:
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj":
                    continue
                pointer = noun.pos_ == "PRON" and noun.lower_ in words["determiners"]
                if pointer or noun.lemma_.lower() in words["named"]:
                    return _clause(noun, tok.head, "no_evidence")
    return None


def _clause(noun: Token, head: Token, reason: str) -> _Verdict:
    """The verdict's clause, without its closing punctuation."""
    toks = list(head.subtree)
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    return _Verdict(noun, reason, toks[0].i, toks[-1].i)


def _claim_named(
    ctx: DocContext,
    words: Mapping[str, frozenset[str]],
    quotes: Sequence[QuoteFacts],
    noun: Token,
    k: int,
) -> int | None:
    """The one attribution the claim noun `noun`, in sentence `k`, names; None when it
    names none, or two fit equally."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        if noun.pos_ != "PRON" and not any(
            c.dep_ == "det" and c.lower_ in words["determiners"] for c in noun.children
        ):
            return None
        speakers = None
    else:
        speakers = _owners(ctx, words, quotes, owner, k)
        if speakers is None or not _one_speaker(quotes, speakers):
            return None
    before = [
        i
        for i, q in enumerate(quotes)
        if q.sentence_numbers
        and max(q.sentence_numbers) < k
        and (speakers is None or q.entity in speakers)
    ]
    near = [i for i in before if max(quotes[i].sentence_numbers) >= k - NEAR]
    forms = _named_forms(noun)
    if forms:
        pool = before if speakers is not None else near
        scores = {i: quotes[i].shared(forms) for i in pool}
        best = max(scores.values(), default=0)
        top = [i for i, s in scores.items() if s == best]
        return top[0] if best > 0 and len(top) == 1 else None
    if not near:
        return None
    last = max(max(quotes[i].sentence_numbers) for i in near)
    top = [i for i in near if max(quotes[i].sentence_numbers) == last]
    return top[0] if len(top) == 1 else None


def _one_speaker(quotes: Sequence[QuoteFacts], speakers: set[str]) -> bool:
    """Whether the entities `speakers` are one person: one entity, or entities whose
    names end alike and one's name words hold the other's (`Vidal` and `Marta Vidal`,
    which the speaker resolution may leave as two; not `John Smith` and `Jane Smith`)."""
    if len(speakers) == 1:
        return True
    names = [
        (
            {w for q in quotes if q.entity == e for w in q.name_words},
            {q.surname for q in quotes if q.entity == e},
        )
        for e in speakers
    ]
    return (
        bool(names)
        and all(
            len(surnames) == 1
            and surnames == names[0][1]
            and None not in surnames
            and (words <= names[0][0] or names[0][0] <= words)
            for words, surnames in names
        )
        and all(a <= b or b <= a for (a, _), (b, _) in itertools.combinations(names, 2))
    )


def _named_forms(noun: Token) -> set[str]:
    """The content words after a claim noun that say which claim it is (`that crime has
    doubled`, `about police cuts`): lemmas and lowercase forms."""
    out: set[str] = set()
    for child in noun.children:
        if child.dep_ not in ("prep", "acl") or child.i < noun.i:
            continue
        for t in child.subtree:
            if t.pos_ in CONTENT_POS and not t.is_stop and len(t.text) > 2:
                out |= {t.lemma_.lower(), t.lower_}
    return out


def _owners(
    ctx: DocContext,
    words: Mapping[str, frozenset[str]],
    quotes: Sequence[QuoteFacts],
    owner: Token,
    k: int,
) -> set[str] | None:
    """The speakers (entity keys) a claim's owner may stand for: a name's or a noun's
    speakers, or, for a pronoun, those of the last sentence before it (within `NEAR`)
    that names a speaker of the article's attributions. None for any other owner."""
    if owner.lower_ in words["pronouns"]:
        for n in range(k, max(-1, k - NEAR - 1), -1):
            sent = ctx.sentences[n]
            found: set[str] = set()
            for t in sent:
                if n == k and t.i >= owner.i:
                    break
                if ctx.in_quote(t):
                    continue
                found |= {q.entity for q in quotes if t.i in q.speaker and q.entity is not None}
                if t.pos_ == "PROPN":
                    found |= _speakers_of(quotes, t)
            if found:
                return found
        return None
    if owner.pos_ in ("PROPN", "NOUN"):
        found = set()
        for t in owner.subtree:
            if t.pos_ in ("PROPN", "NOUN"):
                found |= _speakers_of(quotes, t)
        return found
    return None


def _speakers_of(quotes: Sequence[QuoteFacts], tok: Token) -> set[str]:
    """The speakers a word of the writer's may name: a proper noun that is a word of a
    speaker's name (`Tolland`), or a common noun that is a word of a speaker mention
    (`the mayor`)."""
    lower, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PROPN":
        return {q.entity for q in quotes if q.entity is not None and lower in q.name_words}
    if tok.pos_ == "NOUN":
        return {q.entity for q in quotes if q.entity is not None and lemma in q.speaker_words}
    return set()
