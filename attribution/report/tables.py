"""Analysed articles as a data desk's tables: pandas DataFrames, Parquet files, and the
`articles.csv` that sits beside `quotes.csv` and `speakers.csv`.

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

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, NamedTuple

import pandas as pd

from attribution.formats.writers import CSV_COLUMNS, csv_cell, csv_rows
from attribution.report.digest import SPEAKER_COLUMNS, Digest, digest, headline, speaker_rows
from attribution.schema import Article

ARTICLE_COLUMNS = [
    "article_id",
    "headline",
    "status",
    "error",
    "quotes",
    "disputed",
    "to_review",
]
TABLE_NAMES = ("quotes", "speakers", "articles")
PARQUET_HINT = "pip install pyarrow (or reinstall attribution, which depends on it)"


class Tables(NamedTuple):
    """The three tables of a batch: unpack them, or read them by name (`tables.quotes`)."""

    quotes: pd.DataFrame
    speakers: pd.DataFrame
    articles: pd.DataFrame


def article_row(d: Digest) -> dict[str, Any]:
    """One digested article's row of the `articles` table (and of `articles.csv`)."""
    article = d.article
    atts = article.attributions
    return {
        "article_id": article.id,
        "headline": headline(article.text) or "",
        "status": "failed" if article.error is not None else "ok",
        "error": article.error or "",
        "quotes": len(atts),
        "disputed": sum(bool(a.disputed) for a in atts),
        "to_review": sum(d.review),
    }


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
    """`quotes.parquet`, `speakers.parquet` and `articles.parquet` in `folder`, each
    written under a temporary name and renamed into place when complete.

    pandas writes them with pyarrow; without it, ParquetError names what to install.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ParquetError(f"--format parquet needs pyarrow: {PARQUET_HINT}") from None
    written = []
    for name, df in zip(TABLE_NAMES, tables, strict=True):
        target = folder / f"{name}.parquet"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        try:
            df.to_parquet(tmp, engine="pyarrow", index=False)
            os.replace(tmp, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise ParquetError(f"cannot write {target}: {exc.strerror or exc}") from None
            raise
        written.append(target)
    return written


class ArticlesCsv:
    """`articles.csv`: a row per input article, failed and quote-less ones included, so
    a data desk can tell "no quotes" from "not processed"."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=ARTICLE_COLUMNS)
        self.writer.writeheader()

    def write(self, article: Article) -> None:
        row = article_row(digest(article))
        self.writer.writerow({k: csv_cell(v) for k, v in row.items()})

    def close(self) -> None:
        self.out.flush()
