"""Analysed articles as a data desk's tables: pandas DataFrames and their Parquet files
(the rows are those of `quotes.csv`, `speakers.csv` and `articles.csv`).

    from attribution import Analyzer
    from attribution.report.tables import frames

    quotes, speakers, articles = frames(Analyzer().analyze_many(texts))
    quotes.groupby("speaker_name").size()

`quotes` has the columns of `quotes.csv` (one row per quote), `speakers` those of
`speakers.csv` (one row per resolved speaker per article), and `articles` one row per
article, analysed or not: its id, headline, status, error and counts, so that "no quotes"
and "not processed" stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from attribution.formats.writers import CSV_COLUMNS, atomic_path, csv_rows
from attribution.report.digest import (
    ARTICLE_COLUMNS,
    SPEAKER_COLUMNS,
    article_row,
    digest,
    speaker_rows,
)
from attribution.schema import Article

TABLE_NAMES = ("quotes", "speakers", "articles")
PARQUET_HINT = "pip install pyarrow (or reinstall attribution, which depends on it)"


class Tables(NamedTuple):
    """The three tables of a batch: unpack them, or read them by name (`tables.quotes`)."""

    quotes: pd.DataFrame
    speakers: pd.DataFrame
    articles: pd.DataFrame


class TableRows:
    """The rows of the three tables, gathered article by article (each digested once)."""

    def __init__(self) -> None:
        self.quotes: list[dict[str, Any]] = []
        self.speakers: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []

    def add(self, article: Article) -> None:
        d = digest(article)
        self.articles.append(article_row(d))
        if article.error is None:
            self.quotes += [dict(r) for r in csv_rows(article)]
            self.speakers += speaker_rows(d)

    def tables(self) -> Tables:
        return Tables(
            quotes=_typed(pd.DataFrame(self.quotes, columns=CSV_COLUMNS)),
            speakers=pd.DataFrame(self.speakers, columns=SPEAKER_COLUMNS),
            articles=_blank_as_missing(
                pd.DataFrame(self.articles, columns=ARTICLE_COLUMNS), ("headline", "error")
            ),
        )


def frames(articles: Iterable[Article]) -> Tables:
    """The `quotes`, `speakers` and `articles` DataFrames of analysed articles (a list or
    a stream such as `Analyzer.analyze_many`, read once)."""
    rows = TableRows()
    for article in articles:
        rows.add(article)
    return rows.tables()


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Numbers as numbers, flags as booleans and blanks as missing (the CSV writer's text,
    typed back)."""
    for col in (
        "quote_index",
        "start",
        "end",
        "speaker_start",
        "speaker_end",
        "cue_start",
        "cue_end",
    ):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce")
    df["disputed"] = df["disputed"].map({"true": True, "false": False}).astype("boolean")
    df = _blank_as_missing(df, OPTIONAL_TEXT)
    return df.drop(columns=["correct", "note", "error"])


OPTIONAL_TEXT = ("speaker", "speaker_name", "speaker_key", "cue", "claim_type", "dispute_reason")
"""Text columns of `quotes` that may be absent: missing (NA) in a DataFrame, blank in CSV."""


def _blank_as_missing(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The CSV's blank cells as pandas' missing value, so `groupby` and `isna` see them."""
    for col in columns:
        df[col] = df[col].astype("string").replace("", pd.NA)
    return df


class ParquetError(Exception):
    """The Parquet files cannot be written: no Parquet engine, or the folder is unwritable."""


def write_parquet(tables: Tables, folder: Path) -> list[Path]:
    """`quotes.parquet`, `speakers.parquet` and `articles.parquet` in `folder` (made if
    missing, as the command line makes it), each written under a temporary name and
    renamed into place when complete.

    pandas writes them with pyarrow; without it, ParquetError names what to install.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ParquetError(f"--format parquet needs pyarrow: {PARQUET_HINT}") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParquetError(f"cannot create {folder}: {exc.strerror or exc}") from None
    written = []
    for name, df in zip(TABLE_NAMES, tables, strict=True):
        target = folder / f"{name}.parquet"
        try:
            with atomic_path(target) as tmp:
                df.to_parquet(tmp, engine="pyarrow", index=False)
        except OSError as exc:
            raise ParquetError(f"cannot write {target}: {exc.strerror or exc}") from None
        written.append(target)
    return written
