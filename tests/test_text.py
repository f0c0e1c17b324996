"""Paragraphs, chunks and datelines (attribution/nlp/text.py)."""

from __future__ import annotations

import itertools

from attribution.nlp.text import chunks, dateline_end, header_end, paragraphs


def _paras(text: str) -> list[str]:
    return [text[a:b] for a, b in paragraphs(text)]


def test_blank_lines_and_line_breaks_split_paragraphs() -> None:
    text = "Title line\n\nFirst paragraph ends.\nSecond paragraph.\n\n\n  Third.  "
    assert _paras(text) == ["Title line", "First paragraph ends.", "Second paragraph.", "Third."]


def test_soft_wrapped_lines_stay_one_paragraph() -> None:
    text = "A sentence that wraps\nonto the next line and ends.\n\nNext."
    assert _paras(text) == ["A sentence that wraps\nonto the next line and ends.", "Next."]


def test_windows_line_endings() -> None:
    assert _paras("One.\r\n\r\nTwo.\r\nThree.") == ["One.", "Two.", "Three."]


def test_chunks_cover_the_text_exactly_and_cut_at_paragraphs() -> None:
    text = ("word " * 30 + "\n\n") * 50
    spans = chunks(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(spans))
    assert all(b - a <= 1000 for a, b in spans)
    assert all(text[a - 2 : a] == "\n\n" for a, _ in spans[1:])


def test_chunks_of_text_without_breaks_still_cover_it() -> None:
    text = "x" * 2500
    spans = chunks(text, 1000)
    assert "".join(text[a:b] for a, b in spans) == text


def test_datelines() -> None:
    for dateline, rest in (
        ("CARACAS – ", "Police said"),
        ("WASHINGTON (Reuters) - ", "Officials said"),
        ("NEW YORK, N.Y. — ", "The mayor said"),
    ):
        text = "Headline\n\n" + dateline + rest
        assert dateline_end(text, 10) == len(text) - len(rest)
    assert dateline_end("The army – the minister said – fired.", 0) == 0
    assert dateline_end("Fenwick – The river fell.", 0) == 0  # a place not in capitals


def test_headings_that_open_a_paragraph() -> None:
    for heading, rest in (
        ("CARACAS – ", "Police said"),
        ("Porthaven (AFP) – ", "Mayor Ana Ruiz said"),
        ("PORTHAVEN, March 3 (UPI) — ", "A spokesman said"),
        ("Dec 29 (Reuters) - ", "The mayor said"),
        ("THE HARBOUR PLAN ", "Back when she ran, Ms. Ruiz said"),
    ):
        assert header_end(heading + rest, 0) == len(heading)
    for text in (
        "JAKE TAPPER, CNN HOST: Welcome back.",  # a speaker's label
        "Sen. Ana Ruiz (D-Maine) – who chairs the panel – said so.",  # not an agency
        "NATO said the drill was over.",  # one word in capitals
        "USA TODAY identified dozens of donations.",  # the subject, in capitals
        "The army – the minister said – fired.",
    ):
        assert header_end(text, 0) == 0
