"""attribution/report/tables.py: DataFrames for a data desk, and the headline rule of
attribution/report/digest.py that their `articles` table and the reports share."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from attribution import Analyzer, Article, Attribution, Document, Mention, Quote, Span
from attribution.report.digest import headline
from attribution.report.tables import (
    ARTICLE_COLUMNS,
    TABLE_NAMES,
    ParquetError,
    frames,
    write_parquet,
)

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
    quotes, speakers, articles = frames(rules_only.analyze_many(docs))
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(articles["article_id"]) == ["wire", "quiet", "broken"]
    assert list(articles["status"]) == ["ok", "ok", "failed"]
    assert articles.loc[0, "headline"] == "Harbour Pilots Vote to Strike Over Night Shifts"
    assert articles.loc[1, "quotes"] == 0 and articles.loc[2, "error"].startswith("binary")
    assert pd.isna(articles.loc[1, "error"]) and pd.isna(articles.loc[2, "headline"])
    assert set(quotes["article_id"]) == {"wire"}
    assert len(quotes) == articles.loc[0, "quotes"]
    for row in quotes.itertuples():
        assert WIRE[row.start : row.end] == row.quote
    assert quotes["disputed"].dtype == "boolean" and quotes["start"].dtype == "Int64"
    assert "Ana Berg" in set(speakers["speaker"])


def test_frames_of_nothing_are_empty_tables_with_columns() -> None:
    tables = frames(iter([Article("x", "", (), "empty article: no text")]))
    assert tables.quotes.empty and "speaker_name" in tables.quotes.columns
    assert tables.articles.loc[0, "status"] == "failed"


def _hand_made() -> Article:
    """Two quotes by hand: one sure and disputed, one unsure with no speaker."""
    text = "“The bridge is safe,” Mayor Ana Berg said. Critics said it was not."
    sure = Attribution(
        Quote(0, 21, text[0:21], "direct"),
        Span(37, 41, "said"),
        Mention(22, 36, "Mayor Ana Berg", "Ana Berg"),
        0.95,
        "cue.verb",
        disputed=True,
        disputed_by=(1,),
    )
    unsure = Attribution(
        Quote(56, 67, text[56:67], "indirect"), Span(51, 55, "said"), None, 0.4, "cue.verb"
    )
    return Article("bridge", text, (sure, unsure))


def test_the_articles_table_counts_quotes_disputed_and_to_review() -> None:
    tables = frames([_hand_made()])
    row = tables.articles.iloc[0]
    assert (row["quotes"], row["disputed"], row["to_review"]) == (2, 1, 1)
    disputed = tables.quotes["disputed"]
    assert bool(disputed[0]) is True and pd.isna(disputed[1])  # unset is NA, not False
    names = tables.quotes["speaker_name"]
    assert names[0] == "Ana Berg" and pd.isna(names[1])  # no speaker is missing, not ""
    assert tables.quotes.groupby("speaker_name").size().to_dict() == {"Ana Berg": 1}


def test_parquet_files_read_back_as_the_same_tables(tmp_path: Path) -> None:
    tables = frames([_hand_made(), Article("gone", "", (), "empty article: no text")])
    written = write_parquet(tables, tmp_path)
    assert [p.name for p in written] == ["quotes.parquet", "speakers.parquet", "articles.parquet"]
    for name, df in zip(TABLE_NAMES, tables, strict=True):
        back = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_parquet_goes_into_a_folder_it_makes_as_the_readme_s_notebook_would_ask(
    tmp_path: Path,
) -> None:
    written = write_parquet(frames([_hand_made()]), tmp_path / "new" / "tables")
    assert [p.parent for p in written] == [tmp_path / "new" / "tables"] * 3
    (tmp_path / "a-file").write_text("", "utf-8")
    with pytest.raises(ParquetError, match="cannot create"):
        write_parquet(frames([_hand_made()]), tmp_path / "a-file" / "tables")


def test_parquet_without_pyarrow_is_one_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = frames([_hand_made()])
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    with pytest.raises(ParquetError, match="needs pyarrow: pip install pyarrow"):
        write_parquet(tables, tmp_path)
    assert list(tmp_path.iterdir()) == []
