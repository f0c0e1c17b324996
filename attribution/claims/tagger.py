"""Claim flags on an article's attributions: the claim type, and whether it is disputed.

`ClaimTagger.annotate` is the one call the extractor makes at the end of an article. It
finds the facts about each speaker, cue and content (`claim_facts`), the disputes
(`disputes`), decides each claim type by the rules, or by the trained classifier when
there is one, keeps one speaker's claims together, and returns the attributions with
`claim_type`, `disputed`, `dispute_reason`, `disputes`, `disputed_by` set and the
evidence for each: the rule id or model, its score, and the words that fired.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.vocab import Vocab

from attribution.claims.disputes import Dispute, QuoteFacts, find_disputes
from attribution.claims.facts import ORG_ENTS, FactFinder, Facts, Matches
from attribution.claims.model import CLAIM_TYPE, ClaimModel, Features
from attribution.claims.patterns import ClaimMatcher
from attribution.extract.context import DocContext
from attribution.extract.models import Models
from attribution.ruleset.ids import ClaimRule, CueClass
from attribution.ruleset.loader import Rules
from attribution.schema import (
    OFFICIAL_STATEMENT,
    OTHER_CLAIM,
    PERSONAL_ACCOUNT,
    Attribution,
    ClaimType,
    Evidence,
)

OFFICIAL, PERSONAL, OTHER = OFFICIAL_STATEMENT, PERSONAL_ACCOUNT, OTHER_CLAIM
SAME_SPEAKER_SHARE = 0.5
ARTICLE_ATTRIBUTIONS = 300
QUOTE_REF = re.compile(r"quote (\d+)")
# Rules that say what the guideline defines, whatever the classifier thinks: no speaker,
# an unnamed source, a share of a surveyed group, a thought the writer attributes
# (docs/labelling.md).
DEFINITIONAL = (
    ClaimRule.NO_SPEAKER,
    ClaimRule.ANONYMOUS,
    ClaimRule.POLL_SHARE,
    ClaimRule.ATTRIBUTED_THOUGHT,
    ClaimRule.OWN_THOUGHT,
)
# Rules that find a speaker's official role: such a speaker speaks in role, whatever the
# classifier thinks, unless they tell a hardship of their own.
ROLE_RULES = (
    ClaimRule.OFFICIAL_SPEAKER,
    ClaimRule.OFFICIAL_ROLE,
    ClaimRule.LISTED_PERSON,
    ClaimRule.OFFICIAL_DOCUMENT,
    ClaimRule.ORGANISATION,
)
# Rules that find an expert: an expert's account of their team's work is theirs as an
# expert (`team_work`).
EXPERT_RULES = (ClaimRule.EXPERT_SPEAKER, ClaimRule.EXPERT_ROLE)
Decision = tuple[ClaimType, str, str]


def decide_by_rules(f: Facts, group: frozenset[str] = frozenset()) -> Decision:
    """Claim type, rule id and the words that fired, from the rule lexicons alone
    (`group`: the first-person words of a group's voice, see `own_words`)."""
    if f.speaker == "none":
        return OTHER, ClaimRule.NO_SPEAKER, ""
    if f.anonymous:
        return OTHER, ClaimRule.ANONYMOUS, f.anonymous
    if f.share:
        return OTHER, ClaimRule.POLL_SHARE, f.share
    if f.cue_class in (CueClass.BELIEF, CueClass.HEDGE) and f.kind == "indirect":
        if f.first_person_speaker:
            return PERSONAL, ClaimRule.OWN_THOUGHT, f.pronoun
        return OTHER, ClaimRule.ATTRIBUTED_THOUGHT, f.cue_lemma
    by_head = _by_head(f)
    if by_head is not None:
        return by_head
    primary, word = f.primary or ("", "")
    if primary == "affiliation" and any(c in f.roles for c in ("official", "expert", "media")):
        primary = ""
    if primary in ("official", "document") and f.head_class != "personal":
        return OFFICIAL, ClaimRule.OFFICIAL_SPEAKER, word
    if f.first_hand and ("official" not in f.roles or f.hardship) and not team_work(f, group):
        return PERSONAL, ClaimRule.FIRST_HAND, " ".join(_first_hand_words(f))
    own = own_words(f, group)
    if (f.head_class == "personal" or primary == "personal") and own:
        return PERSONAL, ClaimRule.PERSONAL_SPEAKER, " ".join(own)
    if primary in ("expert", "media", "research", "anonymous"):
        return OTHER, ClaimRule.speaker(primary), word
    by_role = _by_role(f)
    if by_role is None and primary == "affiliation":
        return OFFICIAL, ClaimRule.AFFILIATION, word
    if by_role is None and f.ent in ORG_ENTS and f.ent != "NORP":
        return OFFICIAL, ClaimRule.ORGANISATION, f.head
    return by_role or _private(f, own)


def _by_head(f: Facts) -> Decision | None:
    """A speaker whose head word says what it is: `the poll`, `the ministry's statement`."""
    head = f.head_class
    if head == "document" or (head == "research" and "official" in f.mention):
        if "media" in f.mention:
            return OTHER, ClaimRule.MEDIA_SPEAKER, f.mention["media"]
        return OFFICIAL, ClaimRule.OFFICIAL_DOCUMENT, f.mention.get("official", f.head)
    if head in ("research", "expert", "media"):
        return OTHER, ClaimRule.speaker(head), f.head
    return None


def _by_role(f: Facts) -> Decision | None:
    """The roles written next to the same speaker elsewhere in the article."""
    for cls, label in (
        ("official", OFFICIAL),
        ("expert", OTHER),
        ("media", OTHER),
        ("affiliation", OFFICIAL),
    ):
        if cls in f.roles:
            rule = ClaimRule.LISTED_PERSON if f.roles[cls] == f.listed else ClaimRule.role(cls)
            return label, rule, f.roles[cls]
    return None


def _private(f: Facts, own: list[str]) -> Decision:
    """No role anywhere in the article: a named person, or one who speaks of themselves,
    is a private individual (a whole article introduces officials and experts by their
    role; a lone sentence may not), giving an account with their `own` words in it, an
    opinion without."""
    named = f.named and f.article
    private = "personal" in f.roles or named or f.person
    if private and own:
        return PERSONAL, ClaimRule.PRIVATE_PERSON, " ".join(own)
    if private:
        return OTHER, ClaimRule.PRIVATE_OPINION, ""
    return OTHER, ClaimRule.DEFAULT, ""


def own_words(f: Facts, group_voice: frozenset[str] = frozenset()) -> list[str]:
    """The speaker's own self in the content (`I`, `my`, `he` for the speaker): without
    them a person tells no account of their own, only an opinion or an appeal. Words of
    `group_voice` (`we`, `our`) count only beside an experience word, and so do the
    pronouns for a plural speaker (`supporters said they ...`): a group's view, told for
    it, is no one's own account. What a request cue reports (`asked what she had seen`,
    `urged him to come out`) is what the speaker asks of others, not an account. A cue by
    which a private person makes a choice of their own (`he backed Paul`, `Facts.choice`)
    is their own part in the content, the last word."""
    lived = bool(f.experience or f.self_past or f.hardship)
    choice = [f.choice] if f.choice else []
    if f.cue_class == CueClass.REQUEST or not (lived or f.self_subject or choice):
        return []
    words = set(f.first_person + f.self_ref)
    group = group_voice | (set(f.self_ref) if f.plural else set())
    return sorted(w for w in words if lived or w not in group) + choice


def own_account(
    decided: tuple[ClaimType, Evidence], f: Facts, rule: Decision, group_voice: frozenset[str]
) -> tuple[ClaimType, Evidence]:
    """A personal account needs the speaker's own self in the content, whatever decided
    it (otherwise the rules' type stands, or `other` when the rules said personal too);
    someone the article gives an official role speaks in that role unless they tell a
    hardship they lived (`claim.speaks_in_role`); and an expert telling what their team
    did speaks as an expert (`claim.speaks_as_expert`, see `team_work`)."""
    if decided[0] != PERSONAL:
        return decided
    if rule[0] == OFFICIAL and rule[1] in ROLE_RULES and not (f.first_hand and f.hardship):
        return OFFICIAL, Evidence("claim_type", "rule", ClaimRule.SPEAKS_IN_ROLE, None, rule[2])
    if rule[1] in EXPERT_RULES and team_work(f, group_voice):
        return OTHER, Evidence("claim_type", "rule", ClaimRule.SPEAKS_AS_EXPERT, None, rule[2])
    if own_words(f, group_voice):
        return decided
    label = rule[0] if rule[0] != PERSONAL else OTHER
    return label, Evidence("claim_type", "rule", ClaimRule.NO_OWN_ACCOUNT, None, f.head)


def team_work(f: Facts, group_voice: frozenset[str]) -> bool:
    """An expert (by the mention or a role written elsewhere) whose only self in the
    content is a group's voice (`"We took those into account," said the study's author`)
    tells what their team did in their profession, not what they lived: CLAIMS-RUBRIC
    puts academics and analysts under `other`. `I` and a hardship still make an account."""
    expert = (f.primary or ("", ""))[0] == "expert" or "expert" in f.roles
    words = set(f.first_person + f.self_ref)
    return expert and not f.hardship and bool(words) and words <= group_voice


def _first_hand_words(f: Facts) -> list[str]:
    lived = f.experience + f.self_past + f.hardship
    return sorted(set(f.first_person + f.self_ref)) + sorted(set(lived))


def claim_features(f: Facts, rule: Decision, context: dict[str, float]) -> Features:
    """The classifier's view of one attribution: speaker, cue, content, article context."""
    x: Features = {
        f"speaker={f.speaker}": 1,
        f"ent={f.ent}": 1,
        f"head_class={f.head_class or 'none'}": 1,
        f"pronoun={f.pronoun or 'no'}": 1,
        f"cue_class={f.cue_class or 'none'}": 1,
        f"cue={f.cue_lemma}": 1,
        f"kind={f.kind}": 1,
        f"kind_cue={f.kind}|{f.cue_class or 'none'}": 1,
        f"rule={rule[1]}": 1,
        f"rule_label={rule[0]}": 1,
        f"words={min(int(math.log2(f.words + 1)), 7)}": 1,
    }
    for cls in f.mention:
        x[f"mention={cls}"] = 1
    for cls in f.roles:
        x[f"role={cls}"] = 1
    for name, on in (
        ("plural", f.plural),
        ("anonymous", bool(f.anonymous)),
        ("person", f.person),
        ("organisation", f.organisation),
        ("first_person", bool(f.first_person)),
        ("self_ref", bool(f.self_ref)),
        ("first_hand", f.first_hand),
        ("article", f.article),
        ("named_without_role", f.article and f.named and not f.roles),
        ("listed_person", bool(f.listed)),
        ("hardship", bool(f.hardship) and bool(f.first_person or f.self_ref)),
        ("numbers", f.numbers > 0),
        ("self_subject", bool(f.self_subject)),
        ("own_opinion", bool(f.opinion)),
        ("own_appeal", bool(f.appeal)),
        ("opinion_only", bool(f.opinion or f.appeal) and not f.self_subject),
        ("own_account", bool(own_words(f))),
    ):
        if on:
            x[name] = 1
    x["first_person_rate"] = min(1.0, 10 * len(f.first_person) / max(f.words, 1))
    x["experience"] = min(len(f.experience), 3) / 3
    x["hedges"] = min(f.hedges, 3) / 3
    x.update(context)
    return x


def article_context(facts: Sequence[Facts], disputes: Sequence[Dispute]) -> list[dict[str, float]]:
    """Per attribution: how much its speaker is quoted, how often first-hand, and whether a
    later attribution answers it (a denial or rebuttal aimed at it)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f.entity is not None:
            groups[f.entity].append(i)
    first_hand = {
        key: sum(facts[j].first_hand for j in members) / len(members)
        for key, members in groups.items()
    }
    out = []
    for i, f in enumerate(facts):
        members = groups.get(f.entity or "", [i])
        own = first_hand[f.entity] if f.entity in groups else float(f.first_hand)
        ctx = {f"speaker_quotes={min(len(members), 4)}": 1.0, "speaker_first_hand": own}
        if any(j > i for j in disputes[i].disputed_by):
            ctx["answered_later"] = 1.0
        out.append(ctx)
    return out


@dataclass(frozen=True)
class Reading:
    """One article's attributions as the claim and dispute rules read them: facts about
    speaker, cue and content, the dispute reader's view, the dispute signals, and the
    rules' claim-type decisions; and the model rows made from them."""

    facts: list[Facts]
    quotes: list[QuoteFacts]
    disputes: list[Dispute]
    rules: list[Decision]

    def claim_rows(self) -> list[Features]:
        """The claim-type model's features of each attribution."""
        context = article_context(self.facts, self.disputes)
        return [
            claim_features(f, r, c) for f, r, c in zip(self.facts, self.rules, context, strict=True)
        ]


class ClaimTagger:
    """Sets the claim flags of an article's attributions (rules, or rules and a model)."""

    def __init__(
        self,
        vocab: Vocab,
        rules: Rules,
        model: ClaimModel | None = None,
        *,
        disputes: bool = True,
    ) -> None:
        self.rules = rules
        self.model = model
        self.disputes = disputes
        self.matcher = ClaimMatcher(vocab, rules.claims.patterns)

    @classmethod
    def for_models(
        cls, vocab: Vocab, rules: Rules, models: Models | None, *, disputes: bool = True
    ) -> ClaimTagger:
        """Rules only without models; with them, the claim-type model from their folder
        (`claim_type.json`), or the bundled one (with a warning) when that folder has none,
        checked against the spaCy pipeline the models were checked against. Disputes are
        always the rules' links and contesting words: no model flags a quote."""
        if models is None:
            return cls(vocab, rules, disputes=disputes)
        model = ClaimModel.load(models.folder, pipeline=models.pipeline)
        return cls(vocab, rules, model, disputes=disputes)

    def read(
        self,
        ctx: DocContext,
        atts: Sequence[Attribution],
        matches: Matches,
        *,
        finder: FactFinder | None = None,
    ) -> Reading:
        """What the rules read of one article's attributions, for the models to decide on
        (the trainers read their examples through it too). `finder`, the article's own,
        is shared by the blocks of one long text so what it reads of the Doc is read once."""
        finder = finder if finder is not None else FactFinder(ctx.doc, self.rules, matches)
        facts = finder.facts(atts)
        quotes, disputes = find_disputes(ctx, atts, self.rules, matches)
        return Reading(
            facts,
            quotes,
            disputes,
            [decide_by_rules(f, self.rules.claims.group_voice) for f in facts],
        )

    def annotate(self, ctx: DocContext, atts: Sequence[Attribution]) -> list[Attribution]:
        """The attributions with their claim types, disputes and evidence.

        A text with more than `ARTICLE_ATTRIBUTIONS` attributions is a dump of many
        articles, not one: it is read in blocks of that many consecutive attributions,
        each block as an article, so the article-wide comparisons stay affordable."""
        out: list[Attribution] = []
        matches = self.matcher(ctx.doc, ctx.sentences) if atts else []
        finder = FactFinder(ctx.doc, self.rules, matches)
        for base in range(0, len(atts), ARTICLE_ATTRIBUTIONS):
            block = self._annotate(ctx, atts[base : base + ARTICLE_ATTRIBUTIONS], matches, finder)
            out += [_shifted(att, base) for att in block] if base else block
        return out

    def _annotate(
        self, ctx: DocContext, atts: Sequence[Attribution], matches: Matches, finder: FactFinder
    ) -> list[Attribution]:
        if not atts:
            return []
        reading = self.read(ctx, atts, matches, finder=finder)
        facts, disputes, rules = reading.facts, reading.disputes, reading.rules
        if self.model is None:
            decided = [
                (label, Evidence("claim_type", "rule", rid, None, w)) for label, rid, w in rules
            ]
        else:
            predicted = self.model.predict(reading.claim_rows(), [r[0] for r in rules])
            decided = [
                (r[0], Evidence("claim_type", "rule", r[1], None, r[2]))
                if r[1] in DEFINITIONAL
                else (
                    label,
                    Evidence("claim_type", "model", CLAIM_TYPE.file_name, round(p, 4), r[2]),
                )  # type: ignore[misc]
                for (label, p), r in zip(predicted, rules, strict=True)
            ]
        voice = self.rules.claims.group_voice
        decided = [
            own_account(d, f, r, voice) for d, f, r in zip(decided, facts, rules, strict=True)
        ]
        decided = keep_speakers_together(facts, decided, voice, self.rules.claims.possessive)
        if not self.disputes:
            return [
                dataclasses.replace(att, claim_type=label, evidence=(*att.evidence, ev))
                for att, (label, ev) in zip(atts, decided, strict=True)
            ]
        return [
            _with_flags(att, label, ev, d)
            for att, (label, ev), d in zip(atts, decided, disputes, strict=True)
        ]


def keep_speakers_together(
    facts: Sequence[Facts],
    decided: Sequence[tuple[ClaimType, Evidence]],
    group: frozenset[str] = frozenset(),
    possessive: frozenset[str] = frozenset(),
) -> list[tuple[ClaimType, Evidence]]:
    """A person who mostly (more than half the time) tells what they lived speaks for
    themselves throughout: their other claims in which they speak of themselves are
    personal accounts too (`claim.same_speaker`, with that claim's own words), unless
    anonymous. A claim in which the speaker takes no part (an appeal, an opinion, or
    only a possessive: `his fellow citizens`) is a private person's, `other`
    (`claim.private_opinion`), where only a role written elsewhere in the article made it
    official: someone who speaks of what they lived, as a rebel officer in his own videos
    does, does not speak for the body his title names. A role in the mention itself, or
    from the [people] list, still holds. Someone with an official role anywhere is drawn
    together this way only when most of their claims tell a hardship they lived (shot at,
    surrounded, wounded): a candidate who tells how her campaign felt and what she wants
    still speaks in role."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f.entity is not None:
            groups[f.entity].append(i)
    out = list(decided)
    for members in groups.values():
        first_hand = [j for j in members if facts[j].first_hand]
        if len(members) < 2 or len(first_hand) / len(members) <= SAME_SPEAKER_SHARE:
            continue
        suffered = [j for j in first_hand if facts[j].hardship]
        in_role = any(_in_office(facts[j]) or "official" in facts[j].roles for j in members)
        if in_role and len(suffered) / len(members) <= SAME_SPEAKER_SHARE:
            continue
        for j in members:
            f = facts[j]
            words = " ".join(w for w in own_words(f, group) if w not in possessive)
            if out[j][0] != PERSONAL and not f.anonymous and f.person and words:
                out[j] = (
                    PERSONAL,
                    Evidence("claim_type", "rule", ClaimRule.SAME_SPEAKER, None, words),
                )
            elif out[j][0] == OFFICIAL and _role_from_elsewhere(f):
                out[j] = (
                    OTHER,
                    Evidence("claim_type", "rule", ClaimRule.PRIVATE_OPINION, None, f.head),
                )
    return out


def _in_office(f: Facts) -> bool:
    """A person whose office this mention names (`Sen. Kerr`) or the rules' [people] list
    gives."""
    return bool(f.listed) or "official" in f.mention or f.head_class == "official"


def _role_from_elsewhere(f: Facts) -> bool:
    """A person whose official role the article writes only away from this mention, and
    not from the rules' [people] list."""
    return (
        f.person
        and not f.anonymous
        and not f.listed
        and "official" not in f.mention
        and "document" not in f.mention
        and f.head_class not in ("official", "document")
    )


def _with_flags(att: Attribution, label: ClaimType, ev: Evidence, d: Dispute) -> Attribution:
    """The attribution with its claim type and dispute flags. `disputed_by` is kept on a
    disputed attribution; `disputes` on any attribution that contests another, disputed
    in turn or not."""
    disputed = d.reason is not None
    return dataclasses.replace(
        att,
        claim_type=label,
        disputed=disputed,
        dispute_reason=d.reason,
        disputes=tuple(sorted(d.disputes)),
        disputed_by=tuple(sorted(d.disputed_by)) if disputed else (),
        contest_words=tuple(d.words) if disputed else (),
        evidence=(*att.evidence, ev, *d.evidence),
    )


def _shifted(att: Attribution, base: int) -> Attribution:
    """A block's attribution with its links (and the quotes its evidence names) counted
    from the start of the whole text."""

    def renumber(words: str) -> str:
        return QUOTE_REF.sub(lambda m: f"quote {int(m.group(1)) + base}", words)

    return dataclasses.replace(
        att,
        disputes=tuple(i + base for i in att.disputes),
        disputed_by=tuple(i + base for i in att.disputed_by),
        evidence=tuple(
            dataclasses.replace(e, words=renumber(e.words)) if e.step == "disputed" else e
            for e in att.evidence
        ),
    )
