"""The attribution component: a parsed Doc in, the article's attributions out.

`AttributionExtractor` is a spaCy pipeline component (`nlp.add_pipe("attribution")`)
that stores plain dicts in `doc._.attributions`; the Analyzer calls its `extract`
directly. `to_attributions` is the one place the parse becomes the data model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from attribution.claims.tagger import ClaimTagger
from attribution.extract import candidates, nested, recorded
from attribution.extract import context as quotes
from attribution.extract import decide as select
from attribution.extract.models import Models
from attribution.extract.quotemarks import QuoteScanner
from attribution.extract.table import table_of
from attribution.nlp.text import paragraphs
from attribution.ruleset.ids import SpeakerRule, cue_rule
from attribution.ruleset.loader import Rules, load_rules
from attribution.schema import Attribution, Evidence, Mention, Quote, Span, attribution_to_dict
from attribution.speakers.resolver import Resolver
from attribution.weights.store import PipelineId

log = logging.getLogger(__name__)

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


class AttributionExtractor:
    """Finds quotes, cues and speakers in a parsed Doc.

    With `models`, rules propose candidates broadly and the trained classifiers keep
    quotes and rank speakers; without, the rules decide (`rules/decisions.toml`).
    `threshold` overrides the confidence a candidate needs to be kept; `disputes` False
    leaves the disputed flags unset (null), the claim types unchanged.
    """

    def __init__(
        self,
        nlp: Language,
        *,
        rules: Rules | None = None,
        models: Models | None = None,
        threshold: float | None = None,
        disputes: bool = True,
    ) -> None:
        self.rules = rules or load_rules()
        self.scanner = QuoteScanner(self.rules.quote_pairs)
        self.matcher = quotes.build_matcher(nlp.vocab, self.rules)
        self.models = models
        default = self.rules.decisions.threshold if models is None else models.quote_threshold
        self.threshold = default if threshold is None else threshold
        self.claims = ClaimTagger.for_models(nlp.vocab, self.rules, models, disputes=disputes)

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = [attribution_to_dict(a) for a in self.extract(doc)]
        return doc

    def context(self, doc: Doc) -> quotes.DocContext:
        text = table_of(doc).doc_text
        paras = paragraphs(text)
        found = self.scanner.scan(text, paras)
        breaks = candidates.quote_breaks(doc, text, self.rules, found)
        if breaks:
            found = self.scanner.scan(text, paras, breaks)
        return quotes.make_context(doc, text, self.rules, self.matcher, paras, found)

    def extract(self, doc: Doc) -> list[Attribution]:
        """The attributions of one parsed article, in reading order, with claim flags."""
        ctx, kept = self.decide(self.context(doc))
        return self.claims.annotate(ctx, to_attributions(ctx, kept))

    def decide(self, ctx: quotes.DocContext) -> tuple[quotes.DocContext, list[select.Decision]]:
        """The kept candidates of one article, their speakers chosen."""
        cands = candidates.propose(ctx, broad=self.models is not None)
        if self.models is None:
            scores = [select.score_by_rules(ctx, c) for c in cands]
            kept = select.assemble(ctx, cands, scores, threshold=self.threshold, method="rule")
        else:
            cands += self.models.tagged_candidates(ctx)
            scores = self.models.score_quotes(ctx, cands)
            kept = select.assemble(ctx, cands, scores, threshold=self.threshold, method="model")
            self.models.choose_speakers(ctx, kept)
        nested.issuers(ctx, kept)
        nested.reporters(ctx, kept)
        nested.outer_sources(ctx, kept)
        nested.as_sources(ctx, kept)
        nested.polls(ctx, kept)
        recorded.fill_speakers(ctx, kept)
        return ctx, kept


@Language.factory(
    "attribution",
    default_config={"rules_dir": None, "use_model": True, "models_dir": None},
)
def make_attribution_component(
    nlp: Language, name: str, rules_dir: str | None, use_model: bool, models_dir: str | None
) -> AttributionExtractor:
    pipeline = PipelineId.from_meta(nlp.meta)
    models = Models.load(models_dir, pipeline=pipeline) if use_model else None
    return AttributionExtractor(nlp, rules=load_rules(rules_dir), models=models)


def to_attributions(ctx: quotes.DocContext, kept: Sequence[select.Decision]) -> list[Attribution]:
    """Resolve speakers in reading order and convert decisions to the data model."""
    resolver = Resolver(ctx.doc, ctx.rules, text=ctx.text)
    mentions: dict[int, tuple[Mention, str, str] | None] = {}
    position = {id(d): i for i, d in enumerate(kept)}
    order = sorted(range(len(kept)), key=lambda i: _speaker_position(kept[i]))
    for i in order:
        mentions[i] = _mention(ctx, resolver, kept[i], mentions, position)
    return [_attribution(ctx, d, mentions[i]) for i, d in enumerate(kept)]


def _speaker_position(d: select.Decision) -> int:
    c = d.candidate
    if c.speaker is not None:
        return c.speaker.idx
    return c.start


def _mention(
    ctx: quotes.DocContext,
    resolver: Resolver,
    d: select.Decision,
    done: dict[int, tuple[Mention, str, str] | None],
    position: dict[int, int],
) -> tuple[Mention, str, str] | None:
    c = d.candidate
    if c.speaker is None:
        if d.previous is not None:
            prev = done.get(position[id(d.previous)])
            if prev is not None:
                return prev[0], SpeakerRule.PREVIOUS_QUOTE, prev[2]
        return None
    start, end = ctx.chars(ctx.mention(c.speaker))
    res = resolver.resolve(c.speaker)
    mention = Mention(start, end, ctx.text[start:end], res.name, res.entity, res.kind, res.key)
    return mention, c.speaker_rule, res.rule_id


def _attribution(
    ctx: quotes.DocContext, d: select.Decision, mention: tuple[Mention, str, str] | None
) -> Attribution:
    c = d.candidate
    text = ctx.text
    frags = tuple(Span(a, b, text[a:b]) for a, b in sorted(c.fragments))
    start, end = frags[0].start, frags[-1].end
    quote = Quote(start, end, text[start:end], c.kind, frags if len(frags) > 1 else ())  # type: ignore[arg-type]
    cue = None
    if c.cue is not None:
        ca, cb = ctx.chars(c.cue)
        cue = Span(ca, cb, text[ca:cb])
    confidence = round(d.confidence, 4)
    evidence = [Evidence("quote", d.method, c.rule_id, confidence, cue.text if cue else "")]
    evidence += [Evidence("quote", "rule", note) for note in c.notes]
    if c.cue_class:
        evidence.append(Evidence("cue", "rule", cue_rule(c.cue_class), None, c.cue_lemma))
    if mention is not None:
        m, speaker_rule, resolution = mention
        method = "rule" if d.speaker_score is None else "model"
        score = None if d.speaker_score is None else round(d.speaker_score, 4)
        evidence.append(Evidence("speaker", method, speaker_rule, score, m.text))
        evidence.append(Evidence("resolution", "rule", resolution, None, m.name or ""))
    return Attribution(
        quote=quote,
        cue=cue,
        speaker=mention[0] if mention else None,
        confidence=confidence,
        rule_id=c.rule_id,
        evidence=tuple(evidence),
    )
