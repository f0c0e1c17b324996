"""No-break spaces (U+00A0 and kin) are read by the parser as plain spaces
(`nlp.text.parser_text`), and every span of the output keeps the text as given, on
written sentences, with the rules alone and with the trained classifiers."""

from __future__ import annotations

from collections.abc import Callable

from attribution import Analyzer
from attribution.nlp.text import has_no_break_space, parser_text
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
