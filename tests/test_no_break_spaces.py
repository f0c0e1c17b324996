"""No-break spaces (U+00A0 and kin) are read by the parser as plain spaces
(`nlp.text.parser_text`), and every span of the output keeps the text as given, on
written sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from attribution import Analyzer
from attribution.nlp.text import has_no_break_space, parser_text
from attribution.schema import (
    Attribution,
    Evidence,
    Mention,
    Quote,
    article_to_dict,
    with_texts_of,
)
from tests.test_speakers_subjects import speaker_of

NBSP = "\u00a0"


def test_parser_text_keeps_every_offset() -> None:
    text = f"Sen.{NBSP}Ada Brenner said{NBSP}no.\u202fThe end\u2007now."
    assert parser_text(text) == "Sen. Ada Brenner said no. The end now."
    assert len(parser_text(text)) == len(text)
    assert has_no_break_space(text)
    assert not has_no_break_space(parser_text(text))


def test_an_inverted_speaker_after_a_no_break_space(any_analyzer: Analyzer) -> None:
    """`,”\u00a0added Ruth Hollis`: the no-break space, a token of its own, had cut the
    quotation off from its cue, and no rule found the speaker."""
    article = any_analyzer.analyze(
        "The hearing ran late on Tuesday. “The delays are serious and the inspectors are "
        f"tired,”{NBSP}added Ruth Hollis, the harbour inspector."
    )
    assert speaker_of(article, "The delays are serious") == "Ruth Hollis, the harbour inspector"


def test_the_output_keeps_the_text_as_given(any_analyzer: Analyzer) -> None:
    text = (
        f"Sen.{NBSP}Ada Brenner said that the docks “will close by{NBSP}June.” The union, in "
        f"a{NBSP}statement, warned that wages would fall."
    )
    article = any_analyzer.analyze(text)
    assert article.text == text
    assert speaker_of(article, "the docks") == f"Sen.{NBSP}Ada Brenner"
    (docks,) = [a for a in article.attributions if "the docks" in a.quote.text]
    assert docks.speaker is not None and docks.speaker.name == "Ada Brenner"
    for a in article.attributions:
        spans = [a.quote, *a.quote.fragments, *a.contest_words]
        spans += [s for s in (a.cue, a.speaker) if s is not None]
        for s in spans:
            assert text[s.start : s.end] == s.text
    assert f"by{NBSP}June" in docks.quote.text


def test_the_parser_is_given_plain_spaces(
    analyzer: Analyzer, parser_input: Callable[[Analyzer], list[str]]
) -> None:
    parsed = parser_input(analyzer)
    analyzer.analyze(f"Ada Brenner said{NBSP}that the docks would close.")
    assert parsed and all(NBSP not in piece for piece in parsed)


NBSP_ARTICLE = (
    f"The harbour{NBSP}board met on Tuesday. According{NBSP}to the city{NBSP}council, the "
    f"dredging plan was approved in March. Councillor Mira{NBSP}Osei said{NBSP}without{NBSP}"
    f"evidence that the contractor had lost 40{NBSP}million dollars. “The numbers are "
    f"plain{NBSP}wrong,” the contractor’s chief, Paul{NBSP}Ferrand, told reporters. About "
    f"52{NBSP}percent of{NBSP}voters said the plan was too costly, a poll found. A senior"
    f"{NBSP}official, who spoke on condition{NBSP}of{NBSP}anonymity, said the work would "
    "start in May.\n"
)


def _text_fields(node: object, key: str = "") -> Iterator[tuple[str, object]]:
    """Every (field name, value) of a JSON record, nested ones included."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from _text_fields(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _text_fields(v, key)


def test_the_json_output_quotes_the_article_as_given(any_analyzer: Analyzer) -> None:
    """Every text field with offsets is the article's text at them, and every other field
    that quotes the article (the evidence words) has its no-break spaces: the cue
    `According to`, the speaker, the anonymity phrase, the poll's share. Names and lemmas
    are normal forms, with plain spaces."""
    text = NBSP_ARTICLE
    record = article_to_dict(any_analyzer.analyze(text))
    spans = [v for _, v in _text_fields(record) if isinstance(v, dict) and "start" in v]
    quotes = record["quotes"]
    assert len(quotes) >= 4 and len(spans) >= 2 * len(quotes)
    for s in [*spans, *quotes]:
        assert s["text"] == text[s["start"] : s["end"]]
    plain = parser_text(text)
    normal = {"name", "speaker_key"}
    for q in quotes:
        evidence = [e["words"] for e in q["evidence"] if e["step"] not in ("cue", "resolution")]
        rest = {k: v for k, v in q.items() if k != "evidence"}
        fields = [v for k, v in _text_fields(rest) if isinstance(v, str) and k not in normal]
        for words in [*evidence, *fields]:
            if parser_text(words) in plain:  # it quotes the article: as the article has it
                assert words in text, words
    words = {(e["rule_id"], e["words"]) for q in quotes for e in q["evidence"]}
    assert ("cue.according_to", f"According{NBSP}to") in words
    assert ("speaker.subject", f"A senior{NBSP}official") in words
    assert ("claim.anonymous", f"on condition{NBSP}of{NBSP}anonymity") in words
    assert ("claim.poll_share", f"52{NBSP}percent of") in words
    names = {q["speaker"]["name"] for q in quotes if q["speaker"]}
    assert {"Paul Ferrand", "the city council"} <= names


def test_evidence_words_are_cut_where_the_parse_has_them_nearest() -> None:
    """Words that are none of the attribution's spans are cut from the article where the
    parse holds them nearest the speaker: of two `No comment`, the one after it."""
    text = f"No comment, he said. Later Ada Brenner said: No{NBSP}comment was due."
    parsed = parser_text(text)
    at = text.index("Ada")
    speaker = Mention(at, at + 11, "Ada Brenner", "Ada Brenner")
    quote = Quote(at + 18, len(text) - 1, parsed[at + 18 : -1], "indirect")
    evidence = (
        Evidence("claim_type", "rule", "claim.x", None, "No comment"),
        Evidence("speaker", "rule", "speaker.subject", None, "Ada Brenner"),
        Evidence("resolution", "rule", "resolve.person", None, "Ada Brenner"),
    )
    att = Attribution(quote, None, speaker, 1.0, "cue.clause", evidence)
    kept = with_texts_of(att, text, parsed)
    assert [e.words for e in kept.evidence] == [f"No{NBSP}comment", "Ada Brenner", "Ada Brenner"]


def test_training_reads_an_article_as_the_analyzer_does(analyzer: Analyzer) -> None:
    """The trainers parse `parser_text` too: the quote and speaker examples, and the
    claim examples, of an article with no-break spaces are those of the same article
    with plain ones, so a retrained model sees the features it will be given."""
    from attribution.evaluation.gold import GoldDoc, GoldQuote
    from attribution.learn import claims as claim_training
    from attribution.learn import quotes as quote_training

    text = (
        f"The harbour board met on Tuesday. Councillor Mira{NBSP}Osei said{NBSP}that the "
        f"dredging plan had been approved in March by{NBSP}the city council."
    )
    content = text.index("the dredging"), text.index(" by")
    speaker = text.index("Councillor"), text.index(" said")
    gold = GoldQuote((content,), "indirect", (speaker,), claim_type="official_statement")
    with_nbsp = [GoldDoc("nbsp", text, (gold,))]
    plain = [GoldDoc("plain", parser_text(text), (gold,))]
    extractor, nlp = analyzer.extractor, analyzer.nlp
    examples = [quote_training.collect(extractor, nlp, docs) for docs in (with_nbsp, plain)]
    assert examples[0].quote_x and examples[0].speaker_x
    assert examples[0] == examples[1]
    claim_rows = [claim_training.collect(extractor, nlp, docs) for docs in (with_nbsp, plain)]
    assert claim_rows[0].x and claim_rows[0].x == claim_rows[1].x
