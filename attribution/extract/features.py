"""Features for the trained classifiers, one function per model, shared by training and
prediction: what the parse says about a quote candidate, and about each mention that
might be its speaker.

Features are plain dicts of strings to numbers (binary features have value 1), with
one exception: a token's contextual vector is one array under one key (`cue_v`), which
the weight scorer reads at once. `for_vectorizer` spreads it into one number per
dimension (`cue_v0`, `cue_v1`, ...), the input `DictVectorizer` expects in training.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Token

from attribution.extract import crf, syntax
from attribution.extract.context import Candidate, DocContext

FEATURE_VERSION = 2
Features = dict[str, float | np.ndarray]
MAX_SPEAKER_CANDIDATES = 16
SPEAKER_ENTS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
NEIGHBOUR_SENTENCES = 2
VERB_POS = ("VERB", "AUX")


def _bucket(n: int) -> str:
    return str(min(int(math.log2(n + 1)), 8))


_TOP_BUCKET = 255
"""From here on `_bucket` gives its top bucket: counts are named from tables up to it."""
_WORDS = tuple(f"words={_bucket(n)}" for n in range(_TOP_BUCKET + 1))
_DISTANCE = tuple(f"distance={_bucket(n)}" for n in range(_TOP_BUCKET + 1))
_FRAGMENTS = tuple(f"fragments={n}" for n in range(4))
_QUOTES = tuple(f"quotes={n}" for n in range(4))
_PARAGRAPH = tuple(f"paragraph={n}" for n in range(4))


def quote_features(ctx: DocContext, cand: Candidate) -> Features:
    """Is this candidate an attribution? Cue, structure, content, speaker and position."""
    f: Features = {
        f"rule={cand.rule_id}": 1,
        f"class={cand.cue_class or 'none'}": 1,
        f"kind={cand.kind}": 1,
        f"rule_class={cand.rule_id}|{cand.cue_class}": 1,
        f"lemma={cand.cue_lemma}": 1,
        f"lemma_rule={cand.cue_lemma}|{cand.rule_id}": 1,
        _FRAGMENTS[min(len(cand.fragments), 3)]: 1,
        f"speaker_rule={cand.speaker_rule}": 1,
    }
    text, words = ctx.text, 0
    for a, b in cand.fragments:
        words += len(text[a:b].split())
    f[_WORDS[min(words, _TOP_BUCKET)]] = 1
    f["log_words"] = math.log1p(words)
    f[_QUOTES[min(len(cand.quote_ids), 3)]] = 1
    quotes = ctx.quotes
    for i in cand.quote_ids:
        if not quotes[i].closed:
            f["unclosed_quote"] = 1
            break
    _content_features(ctx, cand, f)
    if cand.cue_head is not None:
        _cue_features(ctx, cand, cand.cue_head, f)
    if cand.speaker is not None:
        i, t = cand.speaker.i, ctx.table
        _speaker_summary(ctx, i, f)
        f[f"class_speaker={cand.cue_class}|{t.ent_type[i] or t.pos[i]}"] = 1
    else:
        f[f"class_no_speaker={cand.cue_class}"] = 1
    f[_PARAGRAPH[min(ctx.paragraph_of(cand.start), 3)]] = 1
    if ctx.tagging is not None:
        f.update(crf.tagging_features(ctx, cand, ctx.tagging))
    return f


def _content_features(ctx: DocContext, cand: Candidate, f: Features) -> None:
    """The words of the content: read from the token table (every candidate asks)."""
    t = ctx.table
    rng = t.expand(cand.start, cand.end)
    if rng is None or rng[1] <= rng[0]:
        return
    lo, hi = rng
    f[f"first_word={t.lower[lo]}"] = 1
    if lo > 0:
        before = lo - 1
        word = t.lower[before] if t.pos[before] in ("ADP", "PUNCT", "SCONJ") else t.pos[before]
        f[f"word_before={word}"] = 1
    f[f"first_pos={t.pos[lo]}"] = 1
    f[f"last_pos={t.pos[hi - 1]}"] = 1
    root = t.span_root(lo, hi)
    root_pos = t.pos[root]
    f[f"content_root_pos={root_pos}"] = 1
    f[f"content_root_dep={t.dep[root]}"] = 1
    if ctx.any_token(lo, hi, POS, VERB_POS):
        f["content_has_verb"] = 1
    if ctx.any_token(lo, hi, LOWER, ctx.rules.words.first_person):
        f["content_first_person"] = 1
    if ctx.sentence_at(lo) != ctx.sentence_at(hi - 1):
        f["content_crosses_sentence"] = 1
    if root_pos in ("NOUN", "PROPN"):
        f[f"object_lemma={t.lemma_lower[root]}"] = 1
    category = ctx.rules.speaker_nouns.get(t.lemma_lower[root])
    if category:
        f[f"object_category={category}"] = 1


def _vector(f: Features, prefix: str, doc: Doc, i: int) -> None:
    """The parser's contextual vector of token `i`, scaled to unit length: it lets the
    classifier generalise from cue words it saw in training to similar ones it did not."""
    tensor = doc.tensor
    if tensor is None or tensor.shape[0] != len(doc) or not tensor.shape[1]:
        return
    vec = tensor[i]
    # np.linalg.norm's own sum for a vector (the same bits), without its checks per call
    f[f"{prefix}_v"] = (vec / (float(np.sqrt(vec.dot(vec))) or 1.0)).astype(float)


def for_vectorizer(f: Features) -> dict[str, float]:
    """The features as `DictVectorizer` reads them: arrays spread over numbered names."""
    out: dict[str, float] = {}
    for key, value in f.items():
        if isinstance(value, np.ndarray):
            out.update(zip(_vector_names(key, len(value)), value.tolist(), strict=True))
        else:
            out[key] = value
    return out


@functools.lru_cache(maxsize=8)
def _vector_names(key: str, size: int) -> tuple[str, ...]:
    return tuple(f"{key}{i}" for i in range(size))


def _cue_features(ctx: DocContext, cand: Candidate, cue: int, f: Features) -> None:
    """The cue at token index `cue`: what the cue alone gives is read once per cue (a
    cue has 1.2 candidates on average) and inserted in the order it always had, around
    the two features that depend on the candidate."""
    parts = ctx.cue_parts.get(cue)
    if parts is None:
        parts = ctx.cue_parts[cue] = _cue_parts(ctx, cue)
    before, middle, after = parts
    f.update(before)
    f[f"cue_dep_lemma={ctx.table.dep[cue]}|{cand.cue_lemma}"] = 1
    f.update(middle)
    f["cue_before_content"] = float(ctx.table.idx[cue] < cand.start)
    f.update(after)


def _cue_parts(ctx: DocContext, cue: int) -> tuple[Features, Features, Features]:
    """The features of the cue at token index `cue` that do not depend on the candidate,
    read from the token table: those before the cue's lemma, before its position to the
    content, and after it."""
    t = ctx.table
    before: Features = {}
    _vector(before, "cue", ctx.doc, cue)
    dep = t.dep[cue]
    before[f"cue_tag={t.tag[cue]}"] = 1
    before[f"cue_dep={dep}"] = 1
    before[f"cue_head_dep={t.dep[t.head[cue]]}"] = 1
    middle: Features = {}
    negated = modal = passive = False
    deps, tags = t.dep, t.tag
    for c in t.children(cue):
        child_dep = deps[c]
        if child_dep == "neg":
            negated = True
        elif child_dep == "aux":
            modal = modal or tags[c] == "MD"
        elif child_dep == "auxpass":
            passive = True
    if negated:
        middle["cue_negated"] = 1
    if modal:
        middle["cue_modal"] = 1
    if passive:
        middle["cue_passive"] = 1
    if ctx.in_quote_at(cue):
        middle["cue_inside_quote"] = 1
    after: Features = {}
    sent = ctx.sentences[ctx.sentence_at(cue)]
    after[f"cue_sentence_position={min(cue - sent.start, 10) // 3}"] = 1
    if ctx.paragraph_at[cue] == 0:
        after["first_paragraph"] = 1
    text, is_punct, idx, end = ctx.text, t.is_punct, t.idx, t.end
    for k in range(max(sent.start, sent.end - 2), sent.end):
        if is_punct[k] and text[idx[k] : end[k]] in ".!?":
            break
    else:
        after["sentence_without_stop"] = 1
    return before, middle, after


def _speaker_summary(ctx: DocContext, i: int, f: Features) -> None:
    """What the rule's speaker (its head's token index) is, read from the token table."""
    t = ctx.table
    lower = t.lower[i]
    f[f"speaker_pos={t.pos[i]}"] = 1
    f[f"speaker_ent={t.ent_type[i] or 'none'}"] = 1
    category = ctx.rules.speaker_nouns.get(t.lemma_lower[i]) or ctx.rules.pronouns.get(lower)
    f[f"speaker_category={category or 'none'}"] = 1
    if lower in ctx.rules.words.unlikely_speakers:
        f[f"speaker_word={lower}"] = 1


def speaker_candidates(
    ctx: DocContext, cand: Candidate, previous: Token | None
) -> list[tuple[Token, str]]:
    """Mentions that might be the candidate's speaker, each with how it was found."""
    doc = ctx.doc
    found = speaker_options(ctx, cand, None if previous is None else previous.i)
    return [(doc[i], how) for i, how in found]


def speaker_options(
    ctx: DocContext, cand: Candidate, previous: int | None
) -> list[tuple[int, str]]:
    """`speaker_candidates` by token index (`previous` too): the speaker ranker reads the
    token table, and makes a spaCy `Token` only of the mentions it chooses."""
    out: dict[int, str] = {}
    if cand.speaker is not None and not ctx.heading_at[cand.speaker.i]:
        out[cand.speaker.i] = "rule"
    if previous is not None:
        out.setdefault(previous, "previous")
    if cand.cue_head is not None:
        here = ctx.sentence_at(cand.cue_head)
    else:
        rng = ctx.table.expand(cand.start, cand.end)
        if rng is None:
            return list(out.items())
        here = ctx.sentence_at(rng[0])
    fragments = cand.fragments
    for k in range(max(0, here - NEIGHBOUR_SENTENCES), here + 1):
        how = "sentence" if k == here else "before"
        for i, idx in _speakable(ctx, k):
            if len(out) >= MAX_SPEAKER_CANDIDATES:
                break
            for a, b in fragments:
                if a <= idx < b:
                    break
            else:
                out.setdefault(i, how)
    return list(out.items())


def _speakable(ctx: DocContext, k: int) -> list[tuple[int, int]]:
    """The tokens of sentence `k` that could speak (index, character offset), found
    once per sentence: each quote looks at its own and the two sentences before.

    A token could speak when it heads a noun phrase that names someone: a name, a
    pronoun, a speaker noun or a subject, outside a heading and not inside a compound,
    an owner's phrase or a name. Read from the token table, a loop over the sentence's
    tokens with the columns at hand: it is asked of every token of most sentences."""
    found = ctx.speakable.get(k)
    if found is not None:
        return found
    t, sent = ctx.table, ctx.sentences[k]
    pos_of, dep_of, head_of, ent_type, ent_iob = t.pos, t.dep, t.head, t.ent_type, t.ent_iob
    lower, lemma_lower, heading_at, idx = t.lower, t.lemma_lower, ctx.heading_at, t.idx
    pronouns, speaker_nouns = ctx.rules.pronouns, ctx.rules.speaker_nouns
    found = ctx.speakable[k] = []
    for i in range(sent.start, sent.end):
        pos = pos_of[i]
        if pos == "PRON":
            could = lower[i] in pronouns
        elif pos == "PROPN":
            could = ent_type[i] in SPEAKER_ENTS or dep_of[i] in (
                "nsubj",
                "nsubjpass",
                "pobj",
                "appos",
            )
        elif pos == "NOUN":
            could = dep_of[i] in ("nsubj", "nsubjpass", "pobj") or lemma_lower[i] in speaker_nouns
        else:
            continue
        if not could or heading_at[i]:
            continue
        head = head_of[i]
        if (
            dep_of[i] in ("compound", "poss")
            and pos_of[head] in ("PROPN", "NOUN")
            and pos != "PRON"
        ):
            continue
        ent = ent_type[i]
        if ent_iob[i] != "B" and ent_type[head] == ent != "" and head != i:
            continue
        found.append((i, idx[i]))
    return found


@dataclass(frozen=True)
class _Mention:
    """What the speaker features read of a candidate mention itself, whatever the quote."""

    head: int
    grandhead: int
    dep: str
    kind: str
    features: Features


def speaker_features(ctx: DocContext, cand: Candidate, tok: Token, how: str) -> Features:
    """Is `tok` the speaker of `cand`? Its relation to the cue, distance, and what it is."""
    return speaker_rows(ctx, cand, [(tok.i, how)])[0]


def speaker_rows(
    ctx: DocContext, cand: Candidate, options: Sequence[tuple[int, str]]
) -> list[Features]:
    """`speaker_features` of each mention of `options` (token index, how it was found),
    read from the token table: it is asked for every mention near every kept quote, and
    what depends on the candidate alone is worked out once for all its mentions."""
    rule = f"rule={cand.rule_id}"
    kind = f"kind={cand.kind}"
    speaker_rule = f"speaker_rule={cand.speaker_rule}"
    found = cand.speaker is not None
    cue = cand.cue_head
    if cue is not None:
        t = ctx.table
        cue_sentence = ctx.sentence_at(cue)
        paragraph_at = ctx.paragraph_at
        cue_paragraph = paragraph_at[cue]
        cue_head = t.head[cue]
        cue_class = f"cue_class={cand.cue_class}"
    names: dict[str, tuple[str, str, str, str]] = {}
    rows = []
    for i, how in options:
        m = _mention(ctx, i)
        named = names.get(how)
        if named is None:
            named = names[how] = (
                f"how={how}",
                f"rule_found_speaker={found}|{how}",
                f"how_side={how}|before",
                f"how_side={how}|after",
            )
        f: Features = {named[0]: 1, rule: 1, kind: 1}
        if how == "rule":
            f[speaker_rule] = 1
        f[named[1]] = 1
        f[f"how_ent={how}|{m.kind}"] = 1
        f.update(m.features)
        if cue is not None:
            distance = i - cue
            before = distance < 0
            f["side=before" if before else "side=after"] = 1
            f[_DISTANCE[min(abs(distance), _TOP_BUCKET)]] = 1
            f["same_sentence"] = float(ctx.sentence_at(i) == cue_sentence)
            same = paragraph_at[i] == cue_paragraph
            f["same_paragraph=True" if same else "same_paragraph=False"] = 1
            f[named[2] if before else named[3]] = 1
            if m.head == cue:
                f[f"child_of_cue={m.dep}"] = 1
            elif m.grandhead == cue:
                f[f"grandchild_of_cue={m.dep}"] = 1
            if cue_head == m.head and m.dep in ("nsubj", "nsubjpass"):
                f["subject_of_cue_head"] = 1
            f[cue_class] = 1
        else:
            f["no_cue"] = 1
        rows.append(f)
    return rows


def _mention(ctx: DocContext, i: int) -> _Mention:
    """The quote-independent part of a mention's speaker features, made once per token."""
    found = ctx.speaker_parts.get(i)
    if found is not None:
        return found
    t = ctx.table
    pos, dep, ent = t.pos[i], t.dep[i], t.ent_type[i]
    f: Features = {f"pos={pos}": 1, f"dep={dep}": 1}
    f[f"ent={ent or 'none'}"] = 1
    pron = ctx.rules.pronouns.get(t.lower[i]) if pos == "PRON" else None
    f[f"pronoun={pron or 'no'}"] = 1
    noun = ctx.rules.speaker_nouns.get(t.lemma_lower[i])
    f[f"noun_category={noun or 'none'}"] = 1
    lo, hi = syntax.mention_at(t, i)
    f[f"mention_len={min(hi - lo, 6)}"] = 1
    head = t.head[i]
    if ctx.rules.cue_class(t.lemma[head]) and dep in ("nsubj", "nsubjpass"):
        f["subject_of_a_cue"] = 1
    if ctx.in_quote_at(i):
        f["inside_quote"] = 1
    found = _Mention(head, t.head[head], dep, ent or pos, f)
    ctx.speaker_parts[i] = found
    return found
