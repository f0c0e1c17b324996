"""Other systems run on the same texts, for side-by-side evaluation.

textacy's `direct_quotations` (textacy.extract.triples) finds direct quotes with their
speaker and cue. It raises on some documents (odd quote marks); such a document counts
as an empty answer, recorded as an error so the evaluation can count them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from attribution.defaults import DEFAULT_BATCH_SIZE
from attribution.evaluation.gold import GoldDoc
from attribution.ruleset.ids import BaselineRule
from attribution.schema import Article, Attribution, Evidence, Mention, Quote, Span


def _span(doc: Doc, tokens: object) -> Span | None:
    toks = list(tokens)  # type: ignore[call-overload]
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return Span(start, end, doc.text[start:end])


def textacy_attributions(doc: Doc) -> list[Attribution]:
    """textacy's direct quotations of one parsed Doc, in this project's data model."""
    from textacy.extract.triples import direct_quotations

    out = []
    for triple in direct_quotations(doc):
        content = triple.content
        start, end = content.start_char, content.end_char
        speaker = _span(doc, triple.speaker)
        cue = _span(doc, triple.cue)
        mention = (
            None
            if speaker is None
            else Mention(speaker.start, speaker.end, speaker.text, speaker.text)
        )
        out.append(
            Attribution(
                quote=Quote(start, end, doc.text[start:end], "direct"),
                cue=cue,
                speaker=mention,
                confidence=1.0,
                rule_id=BaselineRule.TEXTACY,
                evidence=(Evidence("quote", "rule", BaselineRule.TEXTACY),),
            )
        )
    return out


def run_textacy(
    nlp: Language, docs: Iterable[GoldDoc], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[Article]:
    """Articles as textacy sees them; a document it raises on becomes an error record."""
    items = ((d.text, d.id) for d in docs)
    for doc, doc_id in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        try:
            found = textacy_attributions(doc)
        except Exception as exc:  # textacy raising on one document is part of what we measure
            yield Article(doc_id, doc.text, (), f"textacy raised {type(exc).__name__}: {exc}")
            continue
        yield Article(doc_id, doc.text, tuple(found))
