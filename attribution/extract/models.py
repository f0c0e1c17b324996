"""The trained classifiers: quote candidates kept or not, and speakers ranked.

Each is a logistic regression stored in the one model format (`weights.store`):
`quote.json` and `speaker.json`, each with its decision threshold and its metadata
(training data hash, library versions, feature version, dev scores, the spaCy pipeline
its features came from). The probability written to the output is computed from the
weights by a `LinearScorer`, as the fitted pipeline's `predict_proba` would give it.

A models folder may also hold the span tagger (`extract/crf.py`): `quote_tagger.json`, a
quote classifier that reads the tagger's probabilities, whose metadata names the
CRFsuite file beside it (`tagger.crfsuite`) by size and SHA-256. When both are there the
tagger proposes candidates too and that classifier replaces `quote.json`'s.

The ranker's first choice is kept unless it is a thing that cannot say (a singular
common noun with no entity, no owner written before it and no noun of
`rules/speakers.toml`: `addition`, `the talk of surrendering`, `the sound of popping
balloons`): then the best-ranked mention over the threshold that names someone (a
person, body, people or country, a personal pronoun, a speaker noun of the lexicon other
than a document) speaks instead (`speaker.ranked_someone`). The ranker reads no meaning;
it takes what stands near the cue. Nor may it trade a person that a syntactic rule found
(a subject, an inherited subject, ...) for a mention that is no person outside that
person's phrase: the rule's person keeps the quote (`person_over_a_non_person`); so does
a name the NER tagged an organisation, against a place or an untagged word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from attribution.extract import crf, features, syntax
from attribution.extract.context import Candidate, DocContext
from attribution.extract.decide import PREVIOUS_SPEAKER_PARAGRAPHS, Decision
from attribution.extract.recorded import cannot_speak, is_person
from attribution.ruleset.ids import SpeakerRule
from attribution.weights.scorer import LinearScorer
from attribution.weights.store import (
    LinearModel,
    ModelSpec,
    PipelineId,
    check_binary,
    model_folder,
    read_model,
    write_model,
)

RETRAIN = "attribution train"
QUOTE = ModelSpec(
    "quote", "quote classifier", features.FEATURE_VERSION, (0, 1), ("threshold",), RETRAIN
)
SPEAKER = ModelSpec(
    "speaker", "speaker ranker", features.FEATURE_VERSION, (0, 1), ("threshold",), RETRAIN
)
RETRAIN_TAGGER = "attribution train-tagger"
QUOTE_TAGGER = ModelSpec(
    "quote_tagger",
    "quote classifier with the span tagger",
    features.FEATURE_VERSION,
    (0, 1),
    ("threshold",),
    RETRAIN_TAGGER,
)
TAGGER_WHAT = "span tagger"
SOMEONE_PRONOUNS = ("male", "female", "plural", "first_singular", "first_plural")
"""Pronoun classes of `rules/speakers.toml` that stand for someone (not `it`, `which`)."""
PERSON_KEEPING_RULES = (
    SpeakerRule.SUBJECT,
    SpeakerRule.INVERTED,
    SpeakerRule.RELATIVE,
    SpeakerRule.ACL,
    SpeakerRule.INHERITED,
    SpeakerRule.OBJECT_CONTROL,
)
"""Syntactic speaker rules whose person the ranker may trade only for another person."""


@dataclass
class Models:
    """The quote classifier and the speaker ranker, with their decision thresholds.

    `meta` is the training run's metadata (written into both files); `folder` the models
    folder asked for (None: the bundled models), where the claim-type model is looked
    for too; `pipeline` the spaCy pipeline the models were checked against (None:
    unchecked); `source` where the two files were read from; `tagger` the span tagger
    (None: none), whose probabilities `quote` then reads."""

    quote: LinearModel
    speaker: LinearModel
    quote_threshold: float
    speaker_threshold: float
    meta: dict[str, Any] = field(default_factory=dict)
    folder: Path | None = None
    pipeline: PipelineId | None = None
    source: str = ""
    tagger: crf.SpanTagger | None = None
    _quote_scorer: LinearScorer = field(init=False, repr=False)
    _speaker_scorer: LinearScorer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._quote_scorer = self.quote.scorer()
        self._speaker_scorer = self.speaker.scorer()

    @classmethod
    def load(
        cls, folder: str | Path | None = None, *, pipeline: PipelineId | None, tagger: bool = True
    ) -> Models:
        """The models in `folder` (None: the ones shipped with the package; a folder
        without them: those too, with a warning), refused unless made with a spaCy
        pipeline like `pipeline` (None: not checked). With `tagger`, the span tagger and
        its quote classifier are used when the folder holds them."""
        path = model_folder(folder, (QUOTE, SPEAKER))
        span_tagger = None
        if tagger and (path / QUOTE_TAGGER.file_name).is_file():
            quote = read_model(path / QUOTE_TAGGER.file_name, QUOTE_TAGGER, pipeline)
            crf_file = check_binary(path, quote.meta.get("tagger"), TAGGER_WHAT, RETRAIN_TAGGER)
            span_tagger = crf.SpanTagger(crf_file)
        else:
            quote = read_model(path / QUOTE.file_name, QUOTE, pipeline)
        speaker = read_model(path / SPEAKER.file_name, SPEAKER, pipeline)
        return cls(
            quote,
            speaker,
            quote_threshold=quote.decision["threshold"],
            speaker_threshold=speaker.decision["threshold"],
            meta=dict(quote.meta),
            folder=None if folder is None else Path(folder),
            pipeline=pipeline,
            source=str(path),
            tagger=span_tagger,
        )

    def save(self, folder: str | Path) -> list[Path]:
        """Write `quote.json` and `speaker.json` with the current thresholds and `meta`."""
        return [
            write_model(
                self.quote.with_settings({"threshold": self.quote_threshold}, self.meta), folder
            ),
            write_model(
                self.speaker.with_settings({"threshold": self.speaker_threshold}, self.meta), folder
            ),
        ]

    def save_speaker(self, folder: str | Path) -> Path:
        """Write the speaker ranker alone, with its own metadata and the current threshold
        (`attribution train --speaker-only`)."""
        return write_model(
            self.speaker.with_settings({"threshold": self.speaker_threshold}, self.speaker.meta),
            folder,
        )

    def save_quote(self, folder: str | Path) -> Path:
        """Write the quote classifier alone (`quote_tagger.json` beside the speaker ranker
        it was tuned with) with the current threshold and `meta`."""
        return write_model(
            self.quote.with_settings({"threshold": self.quote_threshold}, self.meta), folder
        )

    def tagged_candidates(self, ctx: DocContext) -> list[Candidate]:
        """With a span tagger: tag the article (kept on `ctx` for the quote features) and
        return the candidates its content spans make. Without one: none."""
        if self.tagger is None:
            return []
        ctx.tagging = self.tagger.tag(ctx)
        return crf.propose(ctx, ctx.tagging)

    def score_quotes(self, ctx: DocContext, cands: Sequence[Candidate]) -> list[float]:
        """The probability that each candidate is an attribution."""
        if not cands:
            return []
        rows = [features.quote_features(ctx, c) for c in cands]
        probs: list[float] = self._quote_scorer.predict_proba(rows)[:, 1].tolist()
        return probs

    def choose_speakers(self, ctx: DocContext, kept: Sequence[Decision]) -> None:
        """Rank each kept quote's speaker candidates; the best wins if it clears the threshold.

        The mentions are token indices until one is chosen: a spaCy `Token` is made for
        the options of a quote only when the ranker trades its rule's mention away."""
        ranked: dict[int, list[tuple[int, str]]] = {}
        feats: list[features.Features] = []
        previous: int | None = None
        for index, d in enumerate(kept):
            cand = d.candidate
            if cand.follows_previous or cand.speaker_rule == SpeakerRule.UNNAMED:
                continue
            prev = previous if previous is not None and _near(ctx, previous, cand) else None
            options = ranked[index] = features.speaker_options(ctx, cand, prev)
            feats += features.speaker_rows(ctx, cand, options)
            if cand.speaker is not None:
                previous = cand.speaker.i
        probs = self._speaker_scorer.predict_proba(feats)[:, 1].tolist()
        at = 0
        doc = ctx.doc
        for index, d in enumerate(kept):
            if d.candidate.follows_previous or d.candidate.speaker_rule == SpeakerRule.UNNAMED:
                continue
            found = ranked[index]
            scored = [(probs[at + k], i, how) for k, (i, how) in enumerate(found)]
            at += len(found)
            scored.sort(key=lambda o: -o[0])
            p, winner, how = scored[0] if scored else (0.0, -1, "none")
            d.speaker_score = p
            if winner >= 0 and p >= self.speaker_threshold:
                speaker = d.candidate.speaker
                if speaker is None or winner != speaker.i:
                    mention, rule = speaker, d.candidate.speaker_rule
                    d.candidate.speaker_rule = SpeakerRule.ranked(how)
                    made = [(q, doc[i], found_by) for q, i, found_by in scored]
                    someone_for_a_thing(ctx, d, made, self.speaker_threshold)
                    person_over_a_non_person(ctx, d, mention, rule, made)
            else:
                d.candidate.speaker = None
                d.candidate.speaker_rule = SpeakerRule.RANKED_NONE


def someone_for_a_thing(
    ctx: DocContext, d: Decision, options: Sequence[tuple[float, Token, str]], threshold: float
) -> None:
    """Give `d` the speaker ranker's first choice, `options[0]` of its mentions ranked
    best first, which is not the rule's mention; when that is a thing that cannot say,
    the best-ranked mention at or over `threshold` that names someone
    (`speaker.ranked_someone`), if there is one. A thing the parse hung the cue on by
    mistake is left to the fallbacks of `extract/recorded.py`."""
    c = d.candidate
    winner = options[0][1]
    c.speaker = winner
    if not _a_thing(ctx, winner) or cannot_speak(ctx, winner, c.cue_head):
        return
    for p, tok, _ in options[1:]:
        if p < threshold:
            return
        if tok.i != winner.i and not ctx.in_quote(tok) and _someone(ctx, tok):
            c.speaker, c.speaker_rule = tok, SpeakerRule.RANKED_SOMEONE
            d.speaker_score = p
            return


def person_over_a_non_person(
    ctx: DocContext,
    d: Decision,
    mention: Token | None,
    rule: str,
    options: Sequence[tuple[float, Token, str]],
) -> None:
    """Give `d` back the person its syntactic rule found (`mention`, by `rule`: a
    subject, an inherited subject, ...) when the speaker ranker traded it for a mention
    that is no person, outside the person's own phrase: `Carly Fiorina threw her support
    behind Sen. Ted Cruz (R-Texas), saying ...` is Fiorina's, not Texas's. A person is a
    PERSON entity or `he`/`she`, or a name tagged ORG traded for a place or an untagged
    word (`_a_name_for_a_place`: the NER may tag `Carly Fiorina` ORG); the ranker may
    still trade one person for another, or a word for another of the same phrase (`Sen.
    Ted Cruz (R-Texas)`)."""
    c = d.candidate
    chosen = c.speaker
    if mention is None or chosen is None or rule not in PERSON_KEEPING_RULES:
        return
    if is_person(ctx, chosen) or _one_phrase(mention, chosen):
        return
    if not is_person(ctx, mention) and not _a_name_for_a_place(mention, chosen):
        return
    score = next((p for p, tok, _ in options if tok.i == mention.i), None)
    if score is None:  # the ranker was not shown it (a heading)
        return
    c.speaker, c.speaker_rule, d.speaker_score = mention, rule, score


def _a_name_for_a_place(mention: Token, chosen: Token) -> bool:
    """A proper name the NER tagged an organisation (`Carly Fiorina` read as ORG) that
    the ranker traded for a place or an untagged word (`Texas` of `(R-Texas)`), no
    body or people: the name keeps the quote, as a person would."""
    return (
        mention.pos_ == "PROPN"
        and mention.ent_type_ == "ORG"
        and chosen.ent_type_ not in ("ORG", "NORP", "PERSON")
    )


def _one_phrase(a: Token, b: Token) -> bool:
    """One token inside the other's phrase (its subtree)."""
    return a.left_edge.i <= b.i <= a.right_edge.i or b.left_edge.i <= a.i <= b.right_edge.i


def _a_thing(ctx: DocContext, tok: Token) -> bool:
    """A singular common noun that names no one: no entity, no noun of
    `rules/speakers.toml`, no owner before it (`his ability` is his)."""
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NN"
        and not tok.ent_type_
        and ctx.rules.speaker_nouns.get(tok.lemma_.lower()) is None
        and not any(child.dep_ == "poss" for child in tok.children)
    )


def _someone(ctx: DocContext, tok: Token) -> bool:
    """A mention that names someone who can speak: a personal pronoun, a person, body,
    people or country the NER tagged, or a common noun of `rules/speakers.toml` other
    than a document (`aides`, `the ministry`; `Rules.speaks_itself`). Narrower than
    `nested._speaks_itself`: not `it` or `which` (`SOMEONE_PRONOUNS`), not a word the NER
    gave another type (a DATE), and not an untagged proper noun."""
    if tok.pos_ == "PRON":
        return ctx.rules.pronouns.get(tok.lower_) in SOMEONE_PRONOUNS
    if tok.ent_type_:
        return tok.ent_type_ in syntax.NAMED_ENTITIES
    return tok.pos_ == "NOUN" and ctx.rules.speaks_itself(tok.lemma_.lower())


def _near(ctx: DocContext, previous: int, cand: Candidate) -> bool:
    """Is the previous quote's speaker (a token index) near enough to speak again?"""
    return ctx.paragraph_of(cand.start) - ctx.paragraph_at[previous] <= PREVIOUS_SPEAKER_PARAGRAPHS
