"""What the parse says about who makes each claim: the facts claim types are decided on.

For every attribution of an article: the speaker (entity type, head word, the lexicon
classes of the words in its mention and of the roles written next to the same speaker
elsewhere in the article, pronoun, named or not, unnamed-source phrases), the cue (class
and lemma), and the content (first-person words, the speaker referring to themselves,
verbs of experience, hedges, numbers). Rule hits keep the words that fired, so evidence
can show them. Used by the rules (`claims.decide_by_rules`) and as classifier features.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from attribution.extract import syntax
from attribution.extract.table import TokenTable, table_of
from attribution.ruleset.claims import ClaimRules
from attribution.ruleset.ids import cue_class_of
from attribution.ruleset.loader import Rules
from attribution.schema import Attribution

Matches = list[tuple[int, int, int]]
"""The claim patterns' matches in a Doc (match id, start token, end token), found once."""
NAME_ENTS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
ORG_ENTS = ("ORG", "GPE", "NORP", "FAC")
ANONYMITY_WINDOW = 12
ARTICLE_SENTENCES = 4
LIVED_DEPS = ("nsubj", "nsubjpass", "dobj", "dative", "poss")
ROLE_DEPS = ("compound", "amod", "nmod", "appos", "flat")
CLAUSE_DEPS = ("acl", "relcl", "advcl", "ccomp", "xcomp")
MAX_PHRASE = 3


@dataclass
class Facts:
    """The claim-type evidence of one attribution."""

    speaker: str = "none"
    ent: str = "none"
    head: str = ""
    head_class: str | None = None
    mention: dict[str, str] = field(default_factory=dict)
    primary: tuple[str, str] | None = None
    roles: dict[str, str] = field(default_factory=dict)
    pronoun: str = ""
    person_pronoun: bool = False
    first_person_speaker: bool = False
    gender: str = ""
    plural: bool = False
    anonymous: str = ""
    share: str = ""
    cue_lemma: str = ""
    cue_class: str = ""
    kind: str = "indirect"
    words: int = 0
    first_person: list[str] = field(default_factory=list)
    self_ref: list[str] = field(default_factory=list)
    experience: list[str] = field(default_factory=list)
    self_past: list[str] = field(default_factory=list)
    hardship: list[str] = field(default_factory=list)
    self_subject: list[str] = field(default_factory=list)
    opinion: list[str] = field(default_factory=list)
    appeal: list[str] = field(default_factory=list)
    choice: str = ""
    hedges: int = 0
    numbers: int = 0
    entity: str | None = None
    article: bool = False
    named: bool = False
    listed: str = ""

    @property
    def person(self) -> bool:
        """Someone (not a body) speaks: a PERSON name, he/she/I, or a personal noun."""
        return (
            self.ent == "PERSON"
            or self.person_pronoun
            or self.head_class == "personal"
            or (self.speaker == "name" and self.ent == "none" and not self.plural)
        )

    @property
    def organisation(self) -> bool:
        return self.ent in ORG_ENTS or (
            self.head_class in ("official", "document")
            and self.ent != "PERSON"
            and not self.person_pronoun
        )

    @property
    def first_hand(self) -> bool:
        """A person telling what they lived: themselves in the content, and an experience
        (a verb of experience, or a past-tense verb they are the subject of)."""
        return (
            self.person
            and not self.organisation
            and bool(self.first_person or self.self_ref)
            and bool(self.experience or self.self_past or self.hardship)
        )


def lexicon_hits(lemmas: Sequence[str], claims: ClaimRules) -> dict[str, str]:
    """Class -> the words that hit it, longest phrases first, each word used once; a role
    after `former` or `retired` in the same phrase, or right after a word that sets its
    bearer against it (`anti-government`), does not count."""
    out: dict[str, list[str]] = {}
    used: set[int] = set()
    # `speaker_class` of each n-gram, looked up directly: its lowercase form is the
    # n-gram of the lowercased words
    speakers = claims.speakers
    keys = [w.lower() for w in lemmas]
    for n in range(MAX_PHRASE, 0, -1):
        for i in range(len(keys) - n + 1):
            if used and not used.isdisjoint(range(i, i + n)):
                continue
            cls = speakers.get(keys[i] if n == 1 else " ".join(keys[i : i + n]))
            if not cls:
                continue
            used.update(range(i, i + n))
            if any(w in claims.former for w in lemmas[:i]):
                continue
            if i and lemmas[i - 1] in claims.opposed:
                continue
            out.setdefault(cls, []).append(" ".join(lemmas[i : i + n]))
    return {cls: " ".join(words) for cls, words in out.items()}


def norm(tok: Token) -> str:
    """The lemma a lexicon is looked up by: lowercase, without a final full stop (read
    from the article's token table)."""
    return norm_at(table_of(tok.doc), tok.i)


def norm_at(table: TokenTable, i: int) -> str:
    """`norm` of token `i`, read from the article's token table (no `Token` made)."""
    lower = table.lower[i]
    lemma = table.lemma_lower[i] if table.pos[i] != "PROPN" else lower
    return lemma.rstrip(".") or lower


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens of characters `start` to `end` (`doc.char_span` in expand mode), None
    when there are none. The range comes from the token table: `char_span` makes Tokens
    to find it, for every speaker and cue the claim flags look at."""
    found = table_of(doc).expand(start, end)
    return doc[found[0] : found[1]] if found is not None and found[0] < found[1] else None


class FactFinder:
    """Computes `Facts` for the attributions of one article."""

    def __init__(self, doc: Doc, rules: Rules, matches: Matches) -> None:
        self.doc = doc
        self.table = table_of(doc)
        self.rules = rules
        self.claims = rules.claims
        labels = {p.id: p.label for p in self.claims.patterns}
        found = [(labels[doc.vocab.strings[mid]], s, e) for mid, s, e in matches]
        self.anonymous = [(s, e) for label, s, e in found if label == "ANONYMOUS"]
        self.shares = [(s, e) for label, s, e in found if label == "POLL_SHARE"]
        self._anonymous_at = sorted((s, n) for n, (s, _) in enumerate(self.anonymous))
        self._shares_at = sorted(self.shares)
        self.male, self.female = rules.pronouns_of("male"), rules.pronouns_of("female")
        self.plural = rules.pronouns_of("plural")
        self._listed_cache: dict[str, tuple[str, str] | None] = {}
        self._occurrence_cache: dict[tuple[str, bool], list[dict[str, str]]] = {}
        self._role_cache: dict[int, dict[str, str]] = {}
        self._mentions: dict[tuple[int, int], tuple[int, int, int] | None] = {}

    def facts(self, atts: Sequence[Attribution]) -> list[Facts]:
        """The facts of each attribution; a pronoun that stands for a person named elsewhere
        in the article counts as named."""
        roles = self._roles(atts)
        out = [self._facts(att, roles) for att in atts]
        genders = _entity_genders(out)
        for att, f in zip(atts, out, strict=True):
            if f.entity in genders and not f.gender:
                f.gender = genders[f.entity]
            self._self_reference(att, f)
        article = self._article
        people = {f.entity for f in out if f.ent == "PERSON"}
        for att, f in zip(atts, out, strict=True):
            f.article = article
            f.named = f.named or (f.person_pronoun and f.entity in people)
            f.choice = self._choice(f, att.speaker.name if att.speaker else None)
        return out

    @cached_property
    def _norms(self) -> list[str]:
        """`norm_at` of every token of the article, made once: the content and role rules
        ask for it some 70,000 times over 40 news articles, most tokens more than once."""
        table = self.table
        return [
            (lemma if pos != "PROPN" else lower).rstrip(".") or lower
            for lower, lemma, pos in zip(table.lower, table.lemma_lower, table.pos, strict=True)
        ]

    @cached_property
    def _sent_starts(self) -> list[int]:
        """The first token of each sentence, to find a token's sentence by bisection."""
        return [s.start for s in self.table.sents]

    def _mention(self, start: int, end: int) -> tuple[int, int, int] | None:
        """The tokens of a speaker mention written from character `start` to `end` (as
        `token_span` finds them) and its head (the Span's root), None when there are none;
        worked out once per mention and article, as `_roles` and `_facts` both ask."""
        key = (start, end)
        if key in self._mentions:
            return self._mentions[key]
        found = self.table.expand(start, end)
        out = None
        if found is not None and found[0] < found[1]:
            out = (found[0], found[1], self.table.span_root(found[0], found[1]))
        self._mentions[key] = out
        return out

    @cached_property
    def _article(self) -> bool:
        """Whether the text is long enough to be an article, counted once per Doc."""
        return len(self.table.sents) >= ARTICLE_SENTENCES

    def _facts(self, att: Attribution, roles: dict[str, dict[str, str]]) -> Facts:
        f = Facts(kind=att.quote.kind)
        for ev in att.evidence:
            cue_class = cue_class_of(ev.rule_id) if ev.step == "cue" else None
            if cue_class is not None:
                f.cue_class, f.cue_lemma = cue_class, ev.words.lower()
        if f.cue_lemma == "" and att.cue is not None:
            f.cue_lemma = att.cue.text.lower()
        self._content(att, f)
        sp = att.speaker
        if sp is None:
            return f
        found = self._mention(sp.start, sp.end)
        if found is None:
            return f
        lo, hi, head = found
        table, norms = self.table, self._norms  # the mention's words by index, no Token each
        f.speaker = sp.kind
        f.entity = entity_key(att)
        f.head = norms[head]
        f.head_class = None if _surname_at(table, head) else self.claims.speaker_class(f.head)
        body = self._apposed_body(self.doc[lo:hi]) if f.head_class == "personal" else None
        if body is not None:
            f.head, f.head_class = body[1], body[0]
        f.ent = self._entity_type(lo, hi, head, sp.name)
        f.mention = lexicon_hits(
            [
                norms[i]
                for i in range(lo, hi)
                if not table.is_punct[i] and not _surname_at(table, i)
            ],
            self.claims,
        )
        f.primary = self._primary(lo, hi, head)
        if f.entity is not None:
            f.roles = {k: v for k, v in roles.get(f.entity, {}).items() if k not in f.mention}
        if sp.name and not set(f.mention) | set(f.roles) - {"affiliation", "personal"}:
            self._add_listed(f, sp.name)
        if table.pos[head] == "PRON":
            f.pronoun = table.lower[head]
        f.person_pronoun = f.pronoun in self.claims.person_pronouns
        f.first_person_speaker = f.pronoun in self.claims.first_person_speakers
        f.named = f.ent == "PERSON" or (
            f.person_pronoun and sp.name is not None and sp.name in self._people
        )
        f.plural = (
            table.tag[head] in ("NNS", "NNPS") or f.pronoun in self.plural or f.pronoun == "we"
        )
        f.gender = self._gender(lo, hi, f.pronoun, sp.name)
        f.anonymous = self._anonymity(lo, hi, head)
        f.share = self._share(lo, hi, head)
        if not f.anonymous and f.head_class == "anonymous":
            f.anonymous = f.head
        return f

    def _choice(self, f: Facts, name: str | None) -> str:
        """The cue lemma when it is a choice a private person makes of their own (`he
        backed Paul in 2012`, `[content] choices`): one person, not a body nor a group, to
        whom neither the mention, the `name` it resolves to (`who` for `a mayor`), the
        article nor the [people] list gives an official role (an office-holder's
        endorsement is made in role). One person: a PERSON name, a personal noun (`a
        voter`), or a pronoun for a person the article names (not `who` for `convention
        delegates` or `Planned Parenthood`). Empty otherwise."""
        if f.cue_lemma not in self.claims.choices or f.anonymous or f.plural:
            return ""
        one = f.ent == "PERSON" or f.head_class == "personal" or (f.person_pronoun and f.named)
        if not one or f.organisation or f.listed or f.head_class == "official":
            return ""
        named = lexicon_hits((name or "").lower().split(), self.claims)
        if "official" in f.mention or "official" in f.roles or "official" in named:
            return ""
        return f.cue_lemma

    def _entity_type(self, lo: int, hi: int, head: int, name: str | None) -> str:
        """The name type of the mention of tokens `lo` to `hi` (its head token `head`):
        its head's, else the first name's in it (`former Hewlett-Packard CEO Carly
        Fiorina` is a person); an organisation whose resolved name starts with a given
        name is a person the NER mistook (`Tiegen`, resolved to `Kris Tiegen`)."""
        types = self.table.ent_type
        root = types[head]
        ent = (
            root
            if root in NAME_ENTS
            else next((types[i] for i in range(lo, hi) if types[i] in NAME_ENTS), "none")
        )
        words = (name or "").split()
        if ent in ORG_ENTS and len(words) > 1 and words[0].lower() in self.rules.given_names:
            return "PERSON"
        return ent

    def _primary(self, lo: int, hi: int, head: int) -> tuple[str, str] | None:
        """The class and word of the role word nearest the mention's head in the parse
        (`Will Doyle, a professor at Vanderbilt University`: professor, not university). A
        group of private people (`a group of black parents`, `small groups of protesters`)
        is those people, not a body. The mention is tokens `lo` to `hi`, its head `head`."""
        found: list[tuple[int, str, str]] = []
        table, norms, claims = self.table, self._norms, self.claims
        heads, speaker_class = table.head, claims.speaker_class
        for i in range(lo, hi):
            word = norms[i]
            before = _word_before_at(table, i, lo)
            if before is not None and speaker_class(f"{norms[before]} {word}"):
                word = f"{norms[before]} {word}"
            cls = speaker_class(word)
            if cls is None or table.is_punct[i] or _surname_at(table, i):
                continue
            if self._after_former(i) or _opposed_at(table, i, lo, claims):
                continue
            depth, cur = 0, i
            while cur != head and heads[cur] != cur and depth < 8:
                cur, depth = heads[cur], depth + 1
            found.append((depth, cls, word))
        if not found:
            return None
        found.sort()
        depth, cls, word = found[0]
        body = self._apposed_body(self.doc[lo:hi]) if cls == "personal" and depth == 0 else None
        if body is not None:
            return body
        if word in self.claims.gathering:
            people = [w for _, c, w in found[1:] if c == "personal"]
            if people:
                return "personal", f"{word} {people[0]}"
        if word in self.claims.leadership:
            led = [(c, w) for _, c, w in found[1:] if c in ("expert", "research", "media")]
            if led and not _runs_media(word, led[0][0], self.claims):
                return led[0][0], f"{word} {led[0][1]}"
            if led:
                return cls, f"{word} {led[0][1]}"
        return cls, word

    def _apposed_body(self, span: Span) -> tuple[str, str] | None:
        """The body an apposition says a capitalised name is (`Friends of the Calder, an
        environmental group`; `Parents for Safe Streets, a charity`): the class of its body
        noun, not that of a personal word inside the name. A gathering of private people
        (`a group of local residents`) is not such a body."""
        claims = self.claims
        if not span.root.is_title:
            return None
        for tok in span:
            if tok.dep_ != "appos" or not span.start <= tok.head.i < tok.i:
                continue
            word = norm(tok)
            if word not in claims.bodies or claims.speaker_class(word) != "official":
                continue
            people = (t for t in tok.subtree if t.i != tok.i)
            if word in claims.gathering and any(
                claims.speaker_class(norm(t)) == "personal" for t in people
            ):
                continue
            return "official", word
        return None

    def _content(self, att: Attribution, f: Facts) -> None:
        """The content's word count, first-person words, experience and hardship words,
        hedges and numbers."""
        table, norms, claims = self.table, self._norms, self.claims
        # columns and lexicons held in locals: every content token is read
        punct, space, lower, like_num = table.is_punct, table.is_space, table.lower, table.like_num
        first_person, experience = claims.first_person, claims.experience
        hardship, hedges = claims.hardship, claims.hedges
        words = hedged = numbers = 0
        for a, b in self._content_ranges(att):
            for i in range(a, b):
                if punct[i] or space[i]:
                    continue
                words += 1
                word = lower[i]
                if word in first_person:
                    f.first_person.append(word)
                lemma = norms[i]
                if lemma in experience or word in experience:
                    f.experience.append(word)
                if lemma in hardship:
                    f.hardship.append(word)
                if lemma in hedges or word in hedges:
                    hedged += 1
                if like_num[i]:
                    numbers += 1
        f.words += words
        f.hedges += hedged
        f.numbers += numbers

    def _self_reference(self, att: Attribution, f: Facts) -> None:
        """Pronouns in the content that can be the speaker (`he said his group ...`), and
        past-tense verbs they are the subject of (`I was shocked`, `he obtained`). A
        pronoun that follows someone else the content names stands for them, not the
        speaker (`others_named`); a speaker who is `I` or `we` is never a he or she of
        their own content (`I believe he understands`)."""
        if not f.person:
            return
        own: set[str] = set()
        if f.kind != "direct" and not f.first_person_speaker:
            gendered = {"male": self.male, "female": self.female}.get(
                f.gender, self.male | self.female
            )
            own = set(self.plural if f.plural else gendered)
        table = self.table
        lower, tag, dep = table.lower, table.tag, table.dep
        tokens = _picked(self._content_ranges(att), self._self_marks)
        others = self._others_named(att, tokens) if own else frozenset()
        f.self_ref = [lower[i] for i in tokens if lower[i] in own and i not in others]
        own |= self.claims.first_person

        def mine(t: int) -> bool:
            return lower[t] in own and t not in others

        # `_lived` is asked only about the words of its lexicon (it says no to any other).
        norms, experience, hardship = self._norms, self.claims.experience, self.claims.hardship
        f.experience = [
            lower[i]
            for i in tokens
            if (norms[i] in experience or lower[i] in experience)
            and self._lived(table, i, mine, experience)
            and not self._stance(i, mine)
        ]
        f.hardship = [
            lower[i]
            for i in tokens
            if (norms[i] in hardship or lower[i] in hardship)
            and self._lived(table, i, mine, hardship, suffered=True)
        ]
        for i in tokens:
            if tag[i] not in ("VBD", "VBN") or norms[i] in self.claims.intentions:
                continue
            if self.rules.cue_class(table.lemma[i]) is not None:
                continue
            if any(dep[c] in syntax.NOMINAL_SUBJECT_DEPS and mine(c) for c in table.children(i)):
                f.self_past.append(lower[i])
        self._own_clauses(tokens, mine, f)

    def _others_named(self, att: Attribution, tokens: list[int]) -> frozenset[int]:
        """The he/she subjects and possessives of the content that follow a person it
        names other than the speaker, and that agree with that person's gender: they
        stand for that person (`Trump was placed on the list because of the impact he
        has had`, `Cruz lacks support from his colleagues`). Objects are left to the
        speaker (`Trump attacked him`)."""
        table = self.table
        lower, dep, ent = table.lower, table.dep, table.ent_type
        spoken = set((att.speaker.name or "").lower().split()) if att.speaker else set()
        named: set[str] = set()
        out: set[int] = set()
        for i in tokens:
            if ent[i] == "PERSON" and table.ent_iob[i] == "B":
                words = [lower[j] for j in tokens if j >= i and ent[j] == "PERSON"][:3]
                if not set(words) & spoken:
                    given = self.rules.given_names.get(lower[i], "")
                    named.add(given or self._surname_genders.get(words[-1], "") or "any")
                continue
            gender = "male" if lower[i] in self.male else ""
            gender = "female" if lower[i] in self.female else gender
            if gender and dep[i] in ("nsubj", "nsubjpass", "poss") and named & {gender, "any"}:
                out.add(i)
        return frozenset(out)

    @cached_property
    def _surname_genders(self) -> dict[str, str]:
        """The gender of each surname the article gives with a known given name (`Bernie
        Sanders` makes `Sanders` a man), read once per Doc; a surname given both is
        left out."""
        seen: dict[str, set[str]] = defaultdict(set)
        lower = self.table.lower
        for ent in self.table.ents:
            lo, hi = ent.start, ent.end
            if hi - lo > 1 and ent.label_ == "PERSON":
                gender = self.rules.given_names.get(lower[lo], "")
                if gender:
                    seen[lower[hi - 1]].add(gender)
        return {name: next(iter(g)) for name, g in seen.items() if len(g) == 1}

    def _own_clauses(self, tokens: list[int], mine: Callable[[int], bool], f: Facts) -> None:
        """The verbs the speaker takes part in, by what they say: an opinion the speaker
        holds (`I think`, `he found Trump charming`), an appeal (`we must`, `we need to`,
        `let us`), or anything else the speaker does, did, plans, decides or undergoes
        (`he would not vote`, `Clinton called her`). `tokens` are token indices, `mine`
        says whether a token is the speaker's own self."""
        claims, table = self.claims, self.table
        pos, dep, lower = table.pos, table.dep, table.lower
        for i in tokens:
            if pos[i] not in ("VERB", "AUX") or dep[i] in ("aux", "auxpass"):
                continue
            children = table.children(i)
            subject = any(dep[c] in syntax.NOMINAL_SUBJECT_DEPS and mine(c) for c in children)
            if not subject and not self._lived(table, i, mine, None):
                continue
            modals = {norm_at(table, c) for c in children if dep[c] == "aux"}
            lemma = norm_at(table, i)
            if subject and (lemma in claims.opinions or self._stance(i, mine)):
                f.opinion.append(lower[i])
            elif subject and (modals & claims.appeals or lemma in claims.appeals):
                f.appeal.append(lower[i])
            else:
                f.self_subject.append(lower[i])

    def _stance(self, i: int, mine: Callable[[int], bool]) -> bool:
        """A feeling (token `i`, or the adjective it takes: `I am afraid`) about a clause
        whose subject is someone else (`that Trump will win`, `like he has a surprise`): an
        opinion about others, not something the speaker lived."""
        table = self.table
        dep, lower = table.dep, table.lower
        words = [i] + [c for c in table.children(i) if dep[c] in ("acomp", "oprd")]
        for w in words:
            if (
                norm_at(table, w) not in self.claims.feelings
                and lower[w] not in self.claims.feelings
            ):
                continue
            for c in table.children(w):
                kids = table.children(c)
                about_others = any(lower[k] in self.claims.feeling_clauses for k in kids)
                if dep[c] == "advcl" and not about_others:
                    continue
                if dep[c] not in ("ccomp", "advcl"):
                    continue
                if any(dep[k] in syntax.NOMINAL_SUBJECT_DEPS and not mine(k) for k in kids):
                    return True
        return False

    @staticmethod
    def _lived(
        table: TokenTable,
        i: int,
        mine: Callable[[int], bool],
        words: frozenset[str] | set[str] | None,
        *,
        suffered: bool = False,
    ) -> bool:
        """An experience word (token `i`) the speaker lives: they, or someone of theirs, are
        its subject or object (`we lost`, `they fired on me`, `my son was hurt`, `I was
        scared`, `her own pay`), not someone else (`families lose their homes`), nor a
        clause inside their phrase (`the best way I can put it is`). A hardship
        is `suffered`: a speaker who does it to someone else (`he wanted to kill the
        families of terrorists`) lives no hardship, though one who loses what is theirs (`I
        lost my job`) does."""
        lower, dep = table.lower, table.dep
        if words is not None and norm_at(table, i) not in words and lower[i] not in words:
            return False
        if suffered and _done_to_others(table, i, mine):
            return False
        holders = [i, table.head[i]] if dep[i] in ("acomp", "xcomp", "oprd", "amod") else [i]
        phrases = [
            np
            for h in holders
            for c in table.children(h)
            for np in (
                [c] if dep[c] in LIVED_DEPS else [g for g in table.children(c) if dep[g] == "pobj"]
            )
            if dep[c] in LIVED_DEPS or dep[c] == "prep"
        ]
        return any(mine(t) for np in phrases for t in _without_clauses(table, np))

    def _content_ranges(self, att: Attribution) -> list[tuple[int, int]]:
        """The token ranges of the content, fragment by fragment."""
        q = att.quote
        ranges = [(s.start, s.end) for s in q.fragments] or [(q.start, q.end)]
        out: list[tuple[int, int]] = []
        for a, b in ranges:
            found = self.table.expand(a, b)
            if found is not None:
                out.append(found)
        return out

    @cached_property
    def _self_marks(self) -> list[int]:
        """For `_self_reference`, read once per article: the tokens any of its tests can
        say yes to (a pronoun that may be the speaker, an experience or hardship word, a
        verb, a person's name), in order; no other content token changes what it finds."""
        table, claims = self.table, self.claims
        lived = claims.experience | claims.hardship
        words = self.male | self.female | self.plural | lived
        return [
            i
            for i, (pos, tag, ent, word, norm) in enumerate(
                zip(table.pos, table.tag, table.ent_type, table.lower, self._norms, strict=True)
            )
            if pos in ("VERB", "AUX")
            or tag in ("VBD", "VBN")
            or ent == "PERSON"
            or word in words
            or norm in lived
        ]

    def _gender(self, lo: int, hi: int, pronoun: str, name: str | None) -> str:
        """The speaker's gender: from a pronoun, a title or a given name in the mention
        (tokens `lo` to `hi`), or the given name of the name it resolves to (`Axelrod`,
        resolved to `David Axelrod`, is a man), so that `she` in his words is not taken
        for him."""
        if pronoun in self.male:
            return "male"
        if pronoun in self.female:
            return "female"
        lower, types = self.table.lower, self.table.ent_type
        for i in range(lo, hi):
            gender = self.rules.titles.get(lower[i].rstrip("."), "")
            if gender:
                return gender
        for i in range(lo, hi):
            if types[i] == "PERSON" and lower[i] in self.rules.given_names:
                return self.rules.given_names[lower[i]]
        words = (name or "").split()
        return self.rules.given_names.get(words[0].lower(), "") if words else ""

    def _share(self, lo: int, hi: int, head: int) -> str:
        """The words that make the speaker a share of a surveyed group (`52 percent of
        voters`, `eight in 10 Americans`): a poll finding, not a person speaking. Not a
        share written in a clause or apposition that describes the speaker (`Rachel Ng,
        whose fund owns 2 percent of the firm`). The mention is tokens `lo` to `hi`, its
        head `head`."""
        at = self._shares_at
        inside = at[bisect.bisect_left(at, (lo,)) : bisect.bisect_left(at, (hi,))]
        if inside:
            asides = [
                (c.left_edge.i, c.right_edge.i)
                for c in self.doc[head].children
                if c.dep_ in ("relcl", "appos", "acl") and c.i > head
            ]
            inside = [(s, e) for s, e in inside if not any(lo <= s <= hi for lo, hi in asides)]
        return self.doc[min(inside)[0] : max(e for _, e in inside)].text if inside else ""

    def _anonymity(self, lo: int, hi: int, head: int) -> str:
        """The unnamed-source phrase (`officials who spoke on condition of anonymity`)
        starting from just before the mention (tokens `lo` to `hi`, its head `head`) to a
        few words after it, in the head's sentence."""
        if not self.anonymous:
            return ""
        hi = min(len(self.doc), hi + ANONYMITY_WINDOW)
        at = self._anonymous_at
        near = at[bisect.bisect_left(at, (lo - 3,)) : bisect.bisect_left(at, (hi,))]
        if not near:
            return ""
        sent = self.table.sents[bisect.bisect_right(self._sent_starts, head) - 1]
        first = min((n for s, n in near if sent.start <= s < sent.end), default=None)
        if first is None:
            return ""
        s, e = self.anonymous[first]
        return self.doc[s:e].text

    def _roles(self, atts: Sequence[Attribution]) -> dict[str, dict[str, str]]:
        """Entity key -> lexicon classes of the words written around its name or mentions,
        and of a role mention standing for the last named person before it (`the minority
        leader` after `Reid`)."""
        out: dict[str, dict[str, str]] = {}
        names: dict[str, str] = {}
        people: list[tuple[int, str]] = []
        roles: list[tuple[int, str, dict[str, str]]] = []
        types = self.table.ent_type
        for n, att in enumerate(atts):
            key = entity_key(att)
            found = (
                None if att.speaker is None else self._mention(att.speaker.start, att.speaker.end)
            )
            if key is None or att.speaker is None or found is None:
                continue
            lo, hi, head = found
            hits = self._role_words(head)
            _merge(out.setdefault(key, {}), hits)
            if any(types[i] == "PERSON" for i in range(lo, hi)):
                people.append((n, key))
            elif hits and self._role_mention(lo, hi, head):
                roles.append((n, key, hits))
            if att.speaker.name:
                names[key] = att.speaker.name
        at = [n for n, _ in people]
        for n, key, hits in roles:
            nearest = _nearest(people, at, n)
            if nearest is not None and nearest[1] != key:
                _merge(out.setdefault(nearest[1], {}), hits)
        for key, name in names.items():
            known = any(cls != "affiliation" for cls in out.get(key, {}))
            for hits in self._occurrence_roles(name, known):
                _merge(out.setdefault(key, {}), hits)
        return out

    def _role_mention(self, lo: int, hi: int, head: int) -> bool:
        """A singular, definite role mention with no name (tokens `lo` to `hi`, its head
        `head`): `the minority leader`; not a body or a document (`the government`, `the
        government communique`), which stands for itself, not for the person named
        nearest to it."""
        table, claims = self.table, self.claims
        word = self._norms[head]
        if word in claims.bodies or claims.speaker_class(word) in ("document", "research", "media"):
            return False
        return (
            table.tag[head] == "NN"
            and not any(table.pos[i] == "PROPN" for i in range(lo, hi))
            and any(
                table.lower[c] in ("the", "this") or table.dep[c] == "poss"
                for c in table.children(head)
            )
        )

    def _occurrence_roles(self, name: str, known: bool) -> list[dict[str, str]]:
        """The role classes written at each place the name is written (those with any),
        read once per article: a text cut into blocks asks again for every block."""
        cached = self._occurrence_cache.get((name, known))
        if cached is None:
            found = (self._role_words(tok) for tok in self._name_occurrences(name, known))
            cached = self._occurrence_cache[(name, known)] = [hits for hits in found if hits]
        return cached

    def _name_occurrences(self, name: str, known: bool) -> list[int]:
        """Where a resolved name is written: entities made only of its words, or, when the
        speaker has no role yet (or only a party label), also the fuller name first written
        for it, wherever it is written (`Mark Kantrowitz` for `Kantrowitz`)."""
        words = set(name.split())
        last = name.split()[-1] if words else ""
        exact: list[int] = []
        fuller: list[tuple[int, set[str]]] = []
        for n in self._names_with.get(last, ()):
            root, _, ent_words = self._names[n]
            if ent_words <= words:
                exact.append(root)
            elif words <= ent_words:
                fuller.append((root, ent_words))
        if known or not fuller:
            return exact
        return exact + [root for root, ent_words in fuller if ent_words == fuller[0][1]]

    def _add_listed(self, f: Facts, name: str) -> None:
        """The class the rules' [people] list gives a speaker the article gives no role,
        taken as a role written beside the name (`Trump said`, where the article never
        says what Trump is). The list holds politicians: one the article calls `former`
        (`Former Maryland Gov. Martin O'Malley`, `the former president`) has left an office,
        not politics, and still speaks as a politician."""
        found = self._listed(name)
        if found is not None:
            f.roles[found[0]] = f.listed = found[1]

    def _listed(self, name: str) -> tuple[str, str] | None:
        """The class and listed name of the [people] entry that the speaker's name, or a
        fuller name the article writes for it, contains; a surname alone matches when the
        article writes no fuller name and all listed people of that surname share a class.
        Read once per name and article."""
        if name not in self._listed_cache:
            self._listed_cache[name] = self._read_listed(name)
        return self._listed_cache[name]

    def _read_listed(self, name: str) -> tuple[str, str] | None:
        words = set(name.split())
        fuller = [
            " ".join(text).lower()
            for _, text, ent in (self._names[n] for n in self._names_holding(words))
            if words < ent
        ]
        people = self.claims.people
        for written in [f" {n} " for n in (name.lower(), *fuller)]:
            found = [(cls, p) for p, cls in people.items() if f" {p} " in written]
            if found:
                return found[0]
        if len(words) > 1 or fuller:
            return None
        surname = name.lower()
        classes = {c for p, c in people.items() if p.split()[-1] == surname}
        return (classes.pop(), surname) if len(classes) == 1 else None

    @cached_property
    def _people(self) -> set[str]:
        """The names the article writes as people."""
        table = self.table
        return {table.span_text(ent.start, ent.end) for ent in table.ents if ent.label_ == "PERSON"}

    @cached_property
    def _names(self) -> list[tuple[int, list[str], set[str]]]:
        """The article's name entities, read once: root token index, written words (less
        a possessive `'s`), and those words less punctuation."""
        out = []
        table = self.table
        text, punct = table.text, table.is_punct
        for ent in table.ents:
            if ent.label_ in NAME_ENTS:
                lo, hi = ent.start, ent.end
                words = [i for i in range(lo, hi) if text[i] not in ("'s", "’s")]
                written = [text[i] for i in words]
                root = table.span_root(lo, hi)
                out.append((root, written, {text[i] for i in words if not punct[i]}))
        return out

    @cached_property
    def _names_with(self) -> dict[str, list[int]]:
        """Written word -> the indexes in `_names` of the names written with it, in order."""
        out: dict[str, list[int]] = {}
        for n, (_, written, _) in enumerate(self._names):
            for word in written:
                found = out.get(word)
                if found is None:
                    out[word] = [n]
                elif found[-1] != n:
                    found.append(n)
        return out

    def _names_holding(self, words: set[str]) -> Iterable[int]:
        """Indexes in `_names` of every name whose words may hold all of `words`: those
        written with the least common of them (all names when `words` is empty)."""
        if not words:
            return range(len(self._names))
        return min((self._names_with.get(w, []) for w in words), key=len)

    def _role_words(self, tok: int) -> dict[str, str]:
        """`_read_role_words` of token `tok`, read once per token and article: a speaker's
        mention is asked again for every quote that follows it, and a name's occurrences
        for every speaker of that name (a quarter of the asks on PolNeAR train). Callers
        read the classes, never change them."""
        found = self._role_cache.get(tok)
        if found is None:
            found = self._role_cache[tok] = self._read_role_words(tok)
        return found

    def _read_role_words(self, tok: int) -> dict[str, str]:
        """Classes of the words written as a name's role: its modifiers and appositions
        (`police officer Oscar Perez`, `Kerr Putney, the police chief`), or the phrase the
        name is in apposition to (`the authority's chief executive, Daniel Brandt`). A
        leader's role takes the class of what they lead (`head of the Tax Policy Center`)."""
        table = self.table
        root = _phrase_root(table, tok)
        head = table.head[root]
        words = [root, *_role_children(table, root, ROLE_DEPS)]
        if table.dep[root] == "poss" and norm_at(table, head) in self.claims.held:
            words.append(head)
        if table.dep[root] == "appos":
            words += [head, *_role_children(table, head, (*ROLE_DEPS, "poss"))]
        words += self._predicated(root)
        tokens = [
            i
            for i in sorted(set(words))
            if not table.is_punct[i]
            and not _surname_at(table, i)
            and self._norms[i] not in self.claims.generic
        ]
        hits = lexicon_hits([self._norms[i] for i in tokens], self.claims)
        nouns = [
            i
            for i in tokens
            if table.pos[i] == "NOUN"
            and not self._after_former(i)
            and not _opposed_at(table, i, 0, self.claims)
        ]
        # most role phrases are nouns only: their noun hits are the hits already read
        noun_hits = (
            hits if nouns == tokens else lexicon_hits([self._norms[i] for i in nouns], self.claims)
        )
        found = noun_hits or hits
        title = self._title_before(root, tokens)
        if title is not None and title[0] not in found:
            found = {**found, title[0]: title[1]}
        return _led(found, hits, self.claims)

    def _after_former(self, i: int) -> bool:
        """`_after_former_at` of token `i`, answered without reading the phrase when no
        `former` word is written before `i` in the subtree the phrase is read from (the
        phrase starts no earlier than that subtree): most role words have none."""
        table, norms, former = self.table, self._norms, self.claims.former
        k = table.head[i] if table.dep[i] in ("compound", "amod", "conj") else i
        if not any(norms[j] in former for j in range(min(table.subtree_min[k], i), i)):
            return False
        return _after_former_at(self.doc, i, self.claims)

    def _predicated(self, root: int) -> list[int]:
        """The role a verb predicates of the name (token `root`), the name being its
        subject (`Khan was elected as mayor`) or standing for the subject of a relative
        clause on it (`Richards, who is president of the group`): the verb's attribute,
        or the noun after its `as`, with that noun's modifiers; the object of a verb of
        `leading` when it names an official body, not a learned one (`Cho, who chairs the
        committee`). A verb of `holding` or `leading` counts only in the present (`was a
        senator` is a past role), and no negated verb does (`is not an employee of the
        network`); a noun with a pronoun's possessive is a thing of theirs, not a role (`is
        his golden head`)."""
        table = self.table
        dep, lower = table.dep, table.lower
        verbs = []
        if dep[root] in syntax.NOMINAL_SUBJECT_DEPS:
            verbs.append(table.head[root])
        verbs += [
            c
            for c in table.children(root)
            if dep[c] == "relcl"
            and any(
                dep[k] in syntax.NOMINAL_SUBJECT_DEPS and lower[k] in ("who", "that")
                for k in table.children(c)
            )
        ]
        out: list[int] = []
        for v in verbs:
            lemma = norm_at(table, v)
            given = lemma in self.claims.given
            held = lemma in self.claims.holding or lemma in self.claims.leading
            if not given and (not held or table.tag[v] in ("VBD", "VBN")):
                continue
            if any(dep[c] == "neg" for c in table.children(v)):
                continue
            if not given and any(
                dep[c] == "aux" and table.tag[c] == "VBD" for c in table.children(v)
            ):
                continue
            leads = lemma in self.claims.leading
            for c in table.children(v):
                if leads:
                    body = dep[c] == "dobj" and self.claims.speaker_class(self._norms[c])
                    nouns = [c] if body == "official" and not self._learned(c) else []
                elif dep[c] in ("attr", "oprd"):
                    nouns = [c]
                elif dep[c] == "prep" and lower[c] == "as":
                    nouns = [g for g in table.children(c) if dep[g] == "pobj"]
                else:
                    continue
                for n in nouns:
                    if not any(
                        dep[k] == "poss" and table.pos[k] == "PRON" for k in table.children(n)
                    ):
                        out += [n, *_role_children(table, n, ROLE_DEPS)]
        return out

    def _learned(self, i: int) -> bool:
        """Whether the phrase of token `i` names an expert, research or media body (`the
        politics department at Marlow University`): what it leads is theirs."""
        classes = (self.claims.speaker_class(self._norms[t]) for t in _subtree(self.table, i))
        return any(c in ("expert", "research", "media") for c in classes)

    def _title_before(self, root: int, tokens: list[int]) -> tuple[str, str] | None:
        """The official title written nearest before a name, in the words that run into it
        (`Congressman Chris Collins`, `Alabama Sen. Jeff Sessions`): it is the person's role
        even when an apposition gives another that is a common noun (`, a Trump
        supporter`), which would otherwise be read alone. Not when a `former` word is
        written anywhere in that run or right before it (`Retired Air Force Gen. Ham`)."""
        table, inside, norms = self.table, set(tokens), self._norms
        run = []
        k = root - 1
        while k in inside:
            run.append(k)
            k -= 1
        if k >= 0 and norms[k] in self.claims.former:
            return None
        if any(norms[i] in self.claims.former for i in run):
            return None
        for i in run:
            cls = self.claims.speaker_class(norms[i])
            if cls is None and norms[i] in self.rules.titles:
                return None
            if cls is not None:
                if cls != "official" or _opposed_at(table, i, 0, self.claims):
                    return None
                return cls, norms[i]
        return None


def _done_to_others(table: TokenTable, i: int, mine: Callable[[int], bool]) -> bool:
    """A verb (token `i`) whose object is someone else's, not the speaker's or theirs
    (`kill the families`, not `lost my job` or `shot me`)."""
    objects = [c for c in table.children(i) if table.dep[c] in ("dobj", "dative")]
    return bool(objects) and not any(mine(t) for o in objects for t in _subtree(table, o))


def _picked(ranges: Sequence[tuple[int, int]], marks: list[int]) -> list[int]:
    """The tokens of `marks` (sorted indices) inside each of `ranges`, range by range."""
    out: list[int] = []
    for a, b in ranges:
        out += marks[bisect.bisect_left(marks, a) : bisect.bisect_left(marks, b)]
    return out


def _subtree(table: TokenTable, i: int) -> list[int]:
    """The indices of token `i`'s subtree, itself included, in no set order (the tokens of
    `tok.subtree`, which on a parse that is not projective need not be a range)."""
    out, todo = [i], [i]
    while todo:
        kids = table.children(todo.pop())
        out += kids
        todo += kids
    return out


def _nearest(people: list[tuple[int, str]], at: list[int], n: int) -> tuple[int, str] | None:
    """Of `people` (attribution index, key) in index order, with `at` their indexes, the
    last one before attribution `n`: a definite role mention points back to someone
    already named (`Reid ... the minority leader`), not ahead to whoever is quoted next."""
    i = bisect.bisect_left(at, n)
    return people[i - 1] if i > 0 else None


def _word_before_at(table: TokenTable, i: int, start: int) -> int | None:
    """The word before token `i` in a mention starting at token `start`, across a hyphen
    written without spaces (`front-runner`): the first half of a two-word role."""
    k = i - 1
    if k > start and table.text[k] == "-" and table.idx[i] == table.end[k]:
        k -= 1
    return k if k >= start else None


def _after_former_at(doc: Doc, i: int, claims: ClaimRules) -> bool:
    """`former` or `retired` earlier in the same phrase as token `i` (`Retired Air Force
    Gen. Ham`, `a former chairman and candidate`)."""
    table = table_of(doc)
    k = table.head[i] if table.dep[i] in ("compound", "amod", "conj") else i
    lo, _ = syntax.mention_range(doc[k])
    return any(norm_at(table, k) in claims.former for k in range(min(lo, i), i))


def _opposed_at(table: TokenTable, i: int, start: int, claims: ClaimRules) -> bool:
    """A role word (token `i`) written right after a word that sets its bearer against
    it, from token `start` on, across a hyphen (`anti-government protests`)."""
    before = _word_before_at(table, i, start)
    return before is not None and norm_at(table, before) in claims.opposed


def _phrase_root(table: TokenTable, tok: int) -> int:
    """The noun a name (token `tok`) modifies (`the Trump campaign`), unless that is a
    person: an organisation named before a person (`PolitiFact Executive Director Aaron
    Sharockman`) does not take that person's role."""
    dep, head, ent = table.dep, table.head, table.ent_type
    root = tok
    while dep[root] in ("compound", "flat") and head[root] != root:
        root = head[root]
        if ent[root] == "PERSON" and ent[tok] != "PERSON":
            return tok
    return root


def _surname(tok: Token) -> bool:
    """The last word of a person's name, which is no role even when it is spelt like one
    (`Howard Dean`, `Judge` as a surname); a title that modifies the next name is still a
    role, even when the parser counts it into a name (`Charlotte Mayor Jennifer Roberts`)."""
    return _surname_at(table_of(tok.doc), tok.i)


def _surname_at(table: TokenTable, i: int) -> bool:
    """`_surname` of token `i`."""
    return (
        table.ent_type[i] == "PERSON"
        and table.pos[i] == "PROPN"
        and table.dep[i] not in ("compound", "flat")
        and not (i + 1 < table.size and table.ent_iob[i + 1] == "I")
    )


def _led(roles: dict[str, str], words: dict[str, str], claims: ClaimRules) -> dict[str, str]:
    """The role classes, where an official role made only of leadership words gives way
    to the expert, research or media class of what is led (`words`, all of the phrase's
    hits): the head of a think tank is an expert."""
    official = roles.get("official", "")
    led = {c: w for c, w in words.items() if c in ("expert", "research", "media")}
    if not official or not led or not all(w in claims.leadership for w in official.split()):
        return roles
    if set(led) == {"media"} and any(_runs_media(w, "media", claims) for w in official.split()):
        return roles
    return {**{c: w for c, w in roles.items() if c != "official"}, **led}


def _runs_media(word: str, led: str, claims: ClaimRules) -> bool:
    """An executive of a news company (`Jeff Zucker, President of CNN`) speaks for the
    company, as any executive does: official; a board or group that gathers media
    people (`the paper's editorial board`) stays media, and so does every leader of an
    expert or research body."""
    return led == "media" and word not in claims.gathering


def _role_children(table: TokenTable, i: int, deps: tuple[str, ...]) -> list[int]:
    """The phrases attached to token `i` by `deps`, without the clauses inside them
    (`statements made by the nominee` says nothing of who made the statements)."""
    return [
        t
        for child in table.children(i)
        if table.dep[child] in deps
        for t in _without_clauses(table, child)
    ]


def _without_clauses(table: TokenTable, i: int) -> list[int]:
    out = [i]
    for child in table.children(i):
        if table.dep[child] not in CLAUSE_DEPS:
            out += _without_clauses(table, child)
    return out


def entity_key(att: Attribution) -> str | None:
    """What groups one speaker's attributions: its entity id, or else its name."""
    sp = att.speaker
    if sp is None:
        return None
    if sp.entity is not None:
        return f"e{sp.entity}"
    return f"n:{sp.name.lower()}" if sp.name else None


def _entity_genders(facts: Sequence[Facts]) -> dict[str, str]:
    """The one gender the article gives each speaker across their mentions (`he` in one
    attribution, `Axelrod` in the next); a speaker given both is left out."""
    seen: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.entity is not None and f.gender and not f.plural:
            seen[f.entity].add(f.gender)
    return {key: next(iter(g)) for key, g in seen.items() if len(g) == 1}


def _merge(into: dict[str, str], hits: dict[str, str]) -> None:
    for cls, words in hits.items():
        if cls not in into:
            into[cls] = words
        elif words not in into[cls]:
            into[cls] = f"{into[cls]} {words}"
