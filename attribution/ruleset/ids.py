"""Every rule id the code can emit, declared once, and the names the code reads from
`rules/decisions.toml`.

A rule id names what fired. It travels with each attribution (`rule_id`, and each
`Evidence.rule_id`), it is a feature of the trained classifiers (renaming one means
retraining), and a candidate rule's id keys its base score in `rules/decisions.toml`.
Code refers to an id only by its name here; `attribution.ruleset.agreement` (run on every
load of the rules, and so by `attribution rules check`) checks the rule files against
these declarations.

Some ids are made from the rule files rather than declared here, and the files are then
their declaration: a `CUE_PREP` pattern `prep.X` of `patterns.jsonl` proposes quotes as
`cue.X` (`prep_rule`), a dispute pattern `P` of `claim_patterns.jsonl` flags claims as
`dispute.P` (`dispute_pattern_rule`), and a cue class `C` of `cues.toml` shows as
`cues.C` (`cue_rule`).

The members are `str` (a `StrEnum`): they compare, hash, format and serialise as their
values.
"""

from __future__ import annotations

from enum import StrEnum


class QuoteRule(StrEnum):
    """Candidate rules (`extract/candidates.py`, `extract/alternatives.py`): the rule that
    proposed a quote, `Attribution.rule_id`."""

    CLAUSE = "cue.clause"
    PARENTHETICAL = "cue.parenthetical"
    INSERTED = "cue.inserted"
    ADJACENT_QUOTE = "cue.adjacent_quote"
    COLON = "cue.colon"
    NAMING = "cue.naming"
    OBJECT = "cue.object"
    INFINITIVE = "cue.infinitive"
    LABEL = "cue.label"
    SIGNATURE = "cue.signature"
    FLOATING = "quote.floating"
    VERB_OBJECT = "verb.object"
    CLAUSE_SENTENCE = "cue.clause_sentence"
    VERB_PREP_OBJECT = "verb.prep_object"
    OBJECT_PHRASE = "variant.object_phrase"
    TRIMMED = "variant.trimmed"
    PASSIVE_SUBJECT = "verb.passive_subject"
    NOUN_OBJECT = "noun.object"
    PREDICATE_OBJECT = "predicate.object"
    TAGGER = "tagger.content"


MODEL_ONLY_RULES = frozenset(
    {
        # The object of a cue outside the request, denial and accusation classes.
        QuoteRule.VERB_OBJECT,
        # Second guesses, proposed only for the trained classifier.
        QuoteRule.CLAUSE_SENTENCE,
        QuoteRule.VERB_PREP_OBJECT,
        QuoteRule.OBJECT_PHRASE,
        QuoteRule.TRIMMED,
        QuoteRule.PASSIVE_SUBJECT,
        # What a reporting noun of cues.toml's [nouns] takes (`allegations of X`).
        QuoteRule.NOUN_OBJECT,
        # What a predicate after a copula takes (`is critical of X`: cues.toml [predicates]).
        QuoteRule.PREDICATE_OBJECT,
        # Content spans of the CRF tagger (extract/crf.py), kept by the classifier.
        QuoteRule.TAGGER,
    }
)
"""Candidate rules that only a trained classifier keeps: `rules/decisions.toml` may give
them a base score but need not. Every other candidate rule needs one."""

PREP_PATTERN_PREFIX = "prep."


def prep_rule(pattern_id: str) -> str:
    """The candidate rule of a `CUE_PREP` pattern: `prep.per` proposes quotes as `cue.per`."""
    return "cue." + pattern_id.removeprefix(PREP_PATTERN_PREFIX)


class QuoteNote(StrEnum):
    """Notes added to a kept quote (`quote` evidence)."""

    CONTINUATION = "quote.continuation"


class SpeakerRule(StrEnum):
    """How a candidate's speaker mention was found (`speaker` evidence)."""

    NONE = "speaker.none"
    UNNAMED = "speaker.unnamed"
    SUBJECT = "speaker.subject"
    INVERTED = "speaker.inverted"
    RELATIVE = "speaker.relative"
    AGENT = "speaker.agent"
    ACL = "speaker.acl"
    ISSUER = "speaker.issuer"
    INHERITED = "speaker.inherited"
    OBJECT_CONTROL = "speaker.object_control"
    REPORTER = "speaker.reporter"
    POSSESSOR = "speaker.possessor"
    NOUN_AGENT = "speaker.noun_agent"
    NOUN_OWNER = "speaker.noun_owner"
    PREP_OBJECT = "speaker.prep_object"
    OUTER_SOURCE = "speaker.outer_source"
    AS_SOURCE = "speaker.as_source"
    LABEL = "speaker.label"
    SIGNATURE = "speaker.signature"
    PREVIOUS_QUOTE = "speaker.previous_quote"
    RANKED_SENTENCE = "speaker.ranked_sentence"
    RANKED_BEFORE = "speaker.ranked_before"
    RANKED_PREVIOUS = "speaker.ranked_previous"
    RANKED_NONE = "speaker.ranked_none"
    RANKED_SOMEONE = "speaker.ranked_someone"
    SENTENCE_SUBJECT = "speaker.sentence_subject"
    RECORDING = "speaker.recording"
    TRAILING_CUE = "speaker.trailing_cue"
    OWNER_SUBJECT = "speaker.owner_subject"
    INTRODUCED = "speaker.introduced"
    TAGGER = "speaker.tagger"

    @classmethod
    def ranked(cls, how: str) -> SpeakerRule:
        """The speaker ranker chose a mention other than the rule's, found `how`
        (`sentence`, `before`, `previous`)."""
        return cls(f"speaker.ranked_{how}")


class ResolveRule(StrEnum):
    """How a speaker mention was resolved to a name (`resolution` evidence)."""

    PERSON = "resolve.person"
    ORG = "resolve.org"
    NOMINAL = "resolve.nominal"
    RELATIVE = "resolve.relative"
    APPOSITION = "resolve.apposition"
    AS_WRITTEN = "resolve.as_written"
    SURNAME = "resolve.surname"
    NEW_NAME = "resolve.new_name"
    PRONOUN_UNRESOLVED = "resolve.pronoun_unresolved"
    PRONOUN_PREVIOUS_SPEAKER = "resolve.pronoun_previous_speaker"
    PRONOUN_NEAREST = "resolve.pronoun_nearest"
    PRONOUN_SUBJECT_OWNER = "resolve.pronoun_subject_owner"
    PRONOUN_PREVIOUS_SUBJECT = "resolve.pronoun_previous_subject"
    ROLE = "resolve.role"
    NEW_NOMINAL = "resolve.new_nominal"
    DOCUMENT_OWNER = "resolve.document_owner"
    DOCUMENT_PREVIOUS_SPEAKER = "resolve.document_previous_speaker"
    DOCUMENT_STATEMENT_GIVER = "resolve.document_statement_giver"
    COLUMN_HEADER = "resolve.column_header"
    HEADLINE = "resolve.headline"
    ROLE_AMBIGUOUS = "resolve.role_ambiguous"
    BODY_ROLE = "resolve.body_role"
    BODY_ROLE_AMBIGUOUS = "resolve.body_role_ambiguous"
    GROUP = "resolve.group"

    @classmethod
    def entity(cls, kind: str) -> ResolveRule:
        """A mention of an entity the article named before, of kind `person`, `org` or
        `nominal`."""
        return cls(f"resolve.{kind}")


class ClaimRule(StrEnum):
    """The rule behind a claim type (`claim_type` evidence)."""

    NO_SPEAKER = "claim.no_speaker"
    ANONYMOUS = "claim.anonymous"
    POLL_SHARE = "claim.poll_share"
    OWN_THOUGHT = "claim.own_thought"
    ATTRIBUTED_THOUGHT = "claim.attributed_thought"
    OFFICIAL_SPEAKER = "claim.official_speaker"
    OFFICIAL_DOCUMENT = "claim.official_document"
    FIRST_HAND = "claim.first_hand"
    PERSONAL_SPEAKER = "claim.personal_speaker"
    EXPERT_SPEAKER = "claim.expert_speaker"
    MEDIA_SPEAKER = "claim.media_speaker"
    RESEARCH_SPEAKER = "claim.research_speaker"
    ANONYMOUS_SPEAKER = "claim.anonymous_speaker"
    AFFILIATION = "claim.affiliation"
    ORGANISATION = "claim.organisation"
    LISTED_PERSON = "claim.listed_person"
    OFFICIAL_ROLE = "claim.official_role"
    EXPERT_ROLE = "claim.expert_role"
    MEDIA_ROLE = "claim.media_role"
    AFFILIATION_ROLE = "claim.affiliation_role"
    PRIVATE_PERSON = "claim.private_person"
    PRIVATE_OPINION = "claim.private_opinion"
    NO_OWN_ACCOUNT = "claim.no_own_account"
    SPEAKS_IN_ROLE = "claim.speaks_in_role"
    SPEAKS_AS_EXPERT = "claim.speaks_as_expert"
    DEFAULT = "claim.default"
    SAME_SPEAKER = "claim.same_speaker"

    @classmethod
    def speaker(cls, speaker_class: str) -> ClaimRule:
        """A speaker of class `expert`, `media`, `research` or `anonymous` (claims.toml)."""
        return cls(f"claim.{speaker_class}_speaker")

    @classmethod
    def role(cls, speaker_class: str) -> ClaimRule:
        """A role of class `official`, `expert`, `media` or `affiliation` written next to
        the speaker elsewhere in the article."""
        return cls(f"claim.{speaker_class}_role")


class DisputeRule(StrEnum):
    """Why a claim is disputed (`disputed` evidence): the article's own words, or the
    attribution that contests it."""

    DENIAL_CUE = "dispute.denial_cue"
    DISTANCING_CUE = "dispute.distancing_cue"
    WRITER_FACT_CHECK = "dispute.writer_fact_check"
    WRITER_DISTANCING_CUE = "dispute.writer_distancing_cue"
    WRITER_FACT_CHECK_IN_CONTENT = "dispute.writer_fact_check_in_content"
    DENIED_IN_CONTENT = "dispute.denied_in_content"
    DENIED_IN_QUOTE = "dispute.denied_in_quote"
    DENIES = "dispute.denies"
    DENIES_TOLD_AFTER = "dispute.denies_told_after"
    ANSWERS_ACCUSATION = "dispute.answers_accusation"
    ANSWERS_ANSWER = "dispute.answers_answer"
    ANSWERS_NAMED_CLAIM = "dispute.answers_named_claim"
    CALLS_FALSE = "dispute.calls_false"
    CALLS_CLAIM_FALSE = "dispute.calls_claim_false"
    GOES_ON_ANSWERING = "dispute.goes_on_answering"
    REPLIED = "dispute.replied"
    REPLIES = "dispute.replies"
    COUNTER_ACCOUNT = "dispute.counter_account"
    OTHER_FIGURE = "dispute.other_figure"
    OPPOSITE_CHANGE = "dispute.opposite_change"
    CORRECTED_BY_SPEAKER = "dispute.corrected_by_speaker"
    FIGURE_CALLED_FALSE = "dispute.figure_called_false"
    CALLS_FIGURE_FALSE = "dispute.calls_figure_false"
    ANSWERED_BY_DENIAL = "dispute.answered_by_denial"
    ANSWERED_BY_CONTRADICTION = "dispute.answered_by_contradiction"
    VERDICT_NAMES_CLAIM = "dispute.verdict_names_claim"

    @classmethod
    def writer(cls, reason: str) -> DisputeRule:
        """A writer's word of reason `fact_check` or `distancing_cue` (disputes.toml [writer])."""
        return cls(f"dispute.writer_{reason}")

    @classmethod
    def answered_by(cls, answer: str) -> DisputeRule:
        """A claim answered by a `denial` or by a quote whose words contradict it."""
        return cls(f"dispute.answered_by_{answer}")


def dispute_pattern_rule(pattern_id: str) -> str:
    """The dispute rule of a pattern of `claim_patterns.jsonl`: `dispute.<pattern id>`."""
    return f"dispute.{pattern_id}"


DISPUTE_PATTERN_LABELS = ("NO_EVIDENCE", "FACT_CHECK", "CONTRADICTION")
"""The labels of the claim patterns whose ids become dispute rules."""


class CueClass(StrEnum):
    """The cue classes the code reads by name; all but `none` and `noun` are classes of
    `rules/cues.toml`, which the code assigns itself."""

    SPEECH = "speech"
    BELIEF = "belief"
    EVIDENCE = "evidence"
    DENIAL = "denial"
    ACCUSATION = "accusation"
    NAMING = "naming"
    REQUEST = "request"
    HEDGE = "hedge"
    INTENT = "intent"
    UNLISTED = "none"
    NOUN = "noun"
    PREDICATE = "predicate"


CODE_CUE_CLASSES = frozenset({CueClass.UNLISTED, CueClass.NOUN, CueClass.PREDICATE})
"""Cue classes the code gives (verbs outside the lexicon, nouns with a that-clause,
predicates after a copula), not `rules/cues.toml`."""

CUE_RULE_PREFIX = "cues."


def cue_rule(cue_class: str) -> str:
    """The `cue` evidence of a cue of class `cue_class`: `cues.speech`."""
    return CUE_RULE_PREFIX + cue_class


def cue_class_of(rule_id: str) -> str | None:
    """The cue class a `cue` evidence names (`cues.speech` -> `speech`), else None."""
    return rule_id.removeprefix(CUE_RULE_PREFIX) if rule_id.startswith(CUE_RULE_PREFIX) else None


class KindFactor(StrEnum):
    """The `[kind_factor]` entries of `rules/decisions.toml` the rules-only decision reads."""

    NAMING_WITHOUT_QUOTE = "naming_without_quote"
    UNCLOSED_QUOTE = "unclosed_quote"


class BaselineRule(StrEnum):
    """Rule ids of the baselines that evaluation compares with (`evaluation/baselines.py`)."""

    TEXTACY = "textacy.direct_quotations"
