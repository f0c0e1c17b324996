"""Pairing quotation marks from characters alone (attribution/extract/quotemarks.py)."""

from __future__ import annotations

import pytest

from attribution.extract.quotemarks import QuoteIndex, QuoteScanner
from attribution.nlp.text import paragraphs
from attribution.ruleset.loader import Rules


@pytest.fixture(scope="module")
def scan(rules: Rules):  # type: ignore[no-untyped-def]
    scanner = QuoteScanner(rules.quote_pairs)

    def run(text: str, breaks: tuple[int, ...] = ()) -> list[str]:
        return [text[q.start : q.end] for q in scanner.scan(text, paragraphs(text), breaks)]

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Rain by noon,” the forecaster said.", ["“Rain by noon,”"]),
        ('He said: "We will win." Then "we lost" she said.', ['"We will win."', '"we lost"']),
        ("«Pas question», a-t-il dit.", ["«Pas question»"]),
        ("Er sagte: „Nie wieder.“", ["„Nie wieder.“"]),
        (
            "''Not today,'' the captain said, ''maybe tomorrow.''",
            ["''Not today,''", "''maybe tomorrow.''"],
        ),
        ("``Plain old style,'' he wrote.", ["``Plain old style,''"]),
        ("She backed the ‘Buffett rule’ openly.", ["‘Buffett rule’"]),
        ("She said 'enough is enough' twice.", ["'enough is enough'"]),
    ],
)
def test_mark_styles(scan, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert scan(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Voters don’t trust the senators’ promises.",
        "Perez' men and the voters' anger were plain; it's the ’90s again.",
        "The players' union and the owners' group met at the team's ground.",
    ],
)
def test_apostrophes_are_not_quote_marks(scan, text: str) -> None:  # type: ignore[no-untyped-def]
    assert scan(text) == []


def test_single_quotes_inside_double_belong_to_it(scan) -> None:  # type: ignore[no-untyped-def]
    text = "“He called it ‘a disgrace’ and left,” she said."
    assert scan(text) == ["“He called it ‘a disgrace’ and left,”"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Then a clerk says, \'Stamp it twice,\' " said Ms. Vale.\n\n"No," said Mr. Okafor.',
            ["\"Then a clerk says, 'Stamp it twice,' \"", '"No,"'],
        ),
        ('He kept "lyin\' " Ted and "little" Marco.', ['"lyin\' "', '"little"']),
        (
            "\u201cA clerk says, \u2018Stamp it,\u2019\u2009\u201d said Ms. Vale.",
            ["\u201cA clerk says, \u2018Stamp it,\u2019\u2009\u201d"],
        ),
    ],
)
def test_a_mark_spaced_off_a_nested_closing_mark_still_closes(  # type: ignore[no-untyped-def]
    scan, text: str, expected: list[str]
) -> None:
    assert scan(text) == expected


def test_a_spaced_mark_after_an_apostrophe_opens_as_before(scan) -> None:  # type: ignore[no-untyped-def]
    assert scan('The senators\' "plan" failed.') == ['"plan"']


def test_quote_over_paragraphs_reopens_and_closes_once(scan) -> None:  # type: ignore[no-untyped-def]
    text = "“First part of it.\n\n“Second part.\n\n“Last part,” he said.\n\nAfter."
    assert scan(text) == ["“First part of it.\n\n“Second part.\n\n“Last part,”"]


def test_unclosed_quote_ends_with_its_paragraph(scan) -> None:  # type: ignore[no-untyped-def]
    text = "“This never closes\n\nA plain paragraph. “A real one,” he said."
    assert scan(text) == ["“This never closes", "“A real one,”"]


def test_stray_mark_costs_only_its_own_quote(scan) -> None:  # type: ignore[no-untyped-def]
    text = 'A stray " mark. And then "a proper quote" follows, and "another".'
    assert scan(text) == ['"a proper quote"', '"another"']


def test_opening_again_drops_the_stray_opener(scan) -> None:  # type: ignore[no-untyped-def]
    text = "“Never closed. Then “closed properly,” she said."
    assert scan(text) == ["“closed properly,”"]


def test_break_ends_an_open_quote_there(scan) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“The budget is balanced, the treasurer said.\n\n“We will not raise taxes,” the mayor said."
    )
    comma = text.index(",")
    assert scan(text, (comma,)) == ["“The budget is balanced", "“We will not raise taxes,”"]


def test_inner_offsets_exclude_marks(rules: Rules) -> None:
    text = "He said «yes» twice."
    (q,) = QuoteScanner(rules.quote_pairs).scan(text, paragraphs(text))
    assert text[q.inner_start : q.inner_end] == "yes"
    assert (q.open_mark, q.close_mark, q.closed) == ("«", "»", True)


def test_ends_within_finds_a_quotation_ending_in_the_range(rules: Rules) -> None:
    text = "“The levee held,” the engineer said. Later, “we were lucky,” she added."
    quotes = QuoteScanner(rules.quote_pairs).scan(text, paragraphs(text))
    index = QuoteIndex(quotes)
    said = text.index(" the engineer")
    assert [text[q.start : q.end] for q in quotes] == ["“The levee held,”", "“we were lucky,”"]
    assert index.ends_within(said - 3, said)
    assert index.ends_within(said, said + 1)
    assert not index.ends_within(said + 1, said + 20)
    assert not index.ends_within(0, 5)
    assert index.ends_within(len(text) - 12, len(text))


def test_a_spaced_nested_close_keeps_both_quotes_and_speakers(analyzer) -> None:  # type: ignore[no-untyped-def]
    """Before, the outer mark after `beds,' ` could not close: the quote ran on, the next
    paragraph's opening mark read as its continuation, and Mr. Okafor's quote was lost."""
    text = (
        "\"Picture the ward at night while a nurse says, 'We have run out of beds,' \" said "
        "Marta Vale, a council candidate, during the debate.\n\nShe had not visited the ward."
        '\n\n"I am not going to apologise for it," said Councillor Ben Okafor.'
    )
    direct = [
        (a.quote.text, a.speaker.text if a.speaker else None)
        for a in analyzer.analyze(text).attributions
        if a.quote.kind == "direct"
    ]
    assert direct == [
        (
            "\"Picture the ward at night while a nurse says, 'We have run out of beds,' \"",
            "Marta Vale, a council candidate",
        ),
        ('"I am not going to apologise for it,"', "Councillor Ben Okafor"),
    ]
