"""Speakers of cues nested in other words: the outer source of a nested attribution
(`X said, according to CNN`), and a cue the parse hung inside the clause another verb
reports.

**Outer sources.**
When a speech cue's own verb carries a source preposition of `rules/patterns.jsonl`
(`CUE_PREP`: `according to`, `per`, `in the words of`), the words reach the article
through that source: `“...,” Sanders said, according to CNN`; `According to the
school's post, al Ashry said ...`; `the president will say, according to excerpts
released by the White House`. PolNeAR pairs such a quote with the outer source, the
object of the preposition, so the kept quote's speaker becomes that object
(`speaker.outer_source`). A preposition inside the reported words (`he said the
economy, according to the Fed, is strong`) hangs on another verb and changes nothing.

**Reporting clauses.** A cue coordinated with a reporting verb that the parse put
inside the clause that verb reports (`Mr. Putin forecast that the economy would rebound
and praised ...`) inherits the clause's subject, a thing; it goes to the reporting verb's
subject instead (`speaker.reporter`, `syntax.reporter_subject`), when the rule's own
mention is still the speaker after the ranker.

Both run after the quote classifier and the speaker ranker, so neither reads them:
quote spans cannot change.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from attribution.extract import syntax
from attribution.extract.candidates import prep_object
from attribution.extract.context import DocContext
from attribution.extract.decide import Decision
from attribution.ruleset.ids import SpeakerRule


def outer_sources(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept cue quote whose verb carries a source preposition that source."""
    if not ctx.prep_cues:
        return
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker_rule == SpeakerRule.PREP_OBJECT:
            continue
        found = _outer_source(ctx, c.cue_head, c.fragments)
        if found is not None and found != c.speaker:
            c.speaker, c.speaker_rule = found, SpeakerRule.OUTER_SOURCE
            d.speaker_score = None


def reporters(ctx: DocContext, kept: Sequence[Decision]) -> None:
    """Give each kept quote whose inherited subject came from inside a reported clause
    the subject of the verb that reports it."""
    for d in kept:
        c = d.candidate
        if c.cue_head is None or c.speaker is None or c.speaker_rule != SpeakerRule.INHERITED:
            continue
        found = syntax.reporter_subject(ctx.doc[c.cue_head])
        if found is not None and not ctx.in_quote(found) and not ctx.in_heading(found.idx):
            c.speaker, c.speaker_rule = found, SpeakerRule.REPORTER
            d.speaker_score = None


def _outer_source(
    ctx: DocContext, verb: int, fragments: Sequence[tuple[int, int]]
) -> Token | None:
    """The object of a source preposition the verb at `verb` governs, outside the
    quotation marks and the quote's own words."""
    doc = ctx.doc
    for start, end, _ in ctx.prep_cues:
        anchor = doc[start]
        if anchor.head.i != verb or anchor.i == verb or ctx.in_quote(anchor):
            continue
        if any(a <= anchor.idx < b for a, b in fragments):
            continue
        found = prep_object(doc, start, end)
        if found is not None:
            return found[1]
    return None
