"""attribution/report/tables.py: DataFrames for a data desk, and the headline rule of
attribution/report/digest.py that their `articles` table and the reports share."""

from __future__ import annotations

import pytest

from attribution import Analyzer, Article, Document
from attribution.report.digest import headline
from attribution.report.tables import ARTICLE_COLUMNS, frames

WIRE = (
    " date 2024-05-02 HOME | World (more world news)\n\n"
    "Harbour Pilots Vote to Strike Over Night Shifts\n\n\n"
    "PORTHAVEN – Harbour pilots voted on Thursday to strike, the union said.\n\n"
    "“We cannot guide ships safely after a sixteen-hour shift,” said pilot Ana Berg.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WIRE, "Harbour Pilots Vote to Strike Over Night Shifts"),
        ("Mayor Opens Bridge.\n\nThe mayor said the bridge was safe.", "Mayor Opens Bridge."),
        ("The mayor said the bridge was safe.", None),
        ("date | 2024 | HOME\n\nOne\n\nTwo words here.", None),
    ],
)
def test_the_headline_is_the_first_line_that_reads_as_one(text: str, expected: str | None) -> None:
    assert headline(text) == expected


def test_frames_have_a_row_per_article_quote_and_speaker(rules_only: Analyzer) -> None:
    docs = [
        Document("wire", WIRE),
        Document("quiet", "Harbour Report\n\nShips waited offshore on Friday."),
        Document("broken", None, "binary content: the text contains NUL bytes"),
    ]
    tables = frames(rules_only.analyze_many(docs))
    articles = tables["articles"]
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(articles["article_id"]) == ["wire", "quiet", "broken"]
    assert list(articles["status"]) == ["ok", "ok", "failed"]
    assert articles.loc[0, "headline"] == "Harbour Pilots Vote to Strike Over Night Shifts"
    assert articles.loc[1, "quotes"] == 0 and articles.loc[2, "error"].startswith("binary")
    quotes = tables["quotes"]
    assert set(quotes["article_id"]) == {"wire"}
    assert len(quotes) == articles.loc[0, "quotes"]
    for row in quotes.itertuples():
        assert WIRE[row.start : row.end] == row.quote
    assert quotes["disputed"].dtype == "boolean" and quotes["start"].dtype == "Int64"
    assert "Ana Berg" in set(tables["speakers"]["speaker"])


def test_frames_of_nothing_are_empty_tables_with_columns() -> None:
    tables = frames(iter([Article("x", "", (), "empty article: no text")]))
    assert tables["quotes"].empty and "speaker_name" in tables["quotes"].columns
    assert tables["articles"].loc[0, "status"] == "failed"
