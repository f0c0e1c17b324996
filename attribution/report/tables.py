"""Analysed articles as pandas DataFrames, for a data desk's notebook.

    from attribution import Analyzer
    from attribution.report.tables import frames

    tables = frames(Analyzer().analyze_many(texts))
    tables["quotes"].groupby("speaker_name").size()

`quotes` has the columns of `quotes.csv` (one row per quote), `speakers` those of
`speakers.csv` (one row per resolved speaker per article), and `articles` one row per
article, analysed or not: its id, headline, status, error and counts, so that "no quotes"
and "not processed" stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from attribution.formats.writers import CSV_COLUMNS, csv_rows
from attribution.report.digest import SPEAKER_COLUMNS, Digest, digest, headline, speaker_rows
from attribution.schema import Article

ARTICLE_COLUMNS = ["article_id", "headline", "status", "error", "quotes", "disputed", "review"]


def article_row(d: Digest) -> dict[str, Any]:
    """One digested article's row of the `articles` table."""
    article = d.article
    atts = article.attributions
    return {
        "article_id": article.id,
        "headline": headline(article.text) or "",
        "status": "failed" if article.error is not None else "ok",
        "error": article.error or "",
        "quotes": len(atts),
        "disputed": sum(bool(a.disputed) for a in atts),
        "review": sum(d.review),
    }


def frames(articles: Iterable[Article]) -> dict[str, pd.DataFrame]:
    """The `quotes`, `speakers` and `articles` tables of a stream of analysed articles."""
    quotes: list[dict[str, Any]] = []
    speakers: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for article in articles:
        d = digest(article)
        rows.append(article_row(d))
        if article.error is None:
            quotes += [dict(r) for r in csv_rows(article)]
            speakers += speaker_rows(d)
    return {
        "quotes": _typed(pd.DataFrame(quotes, columns=CSV_COLUMNS)),
        "speakers": pd.DataFrame(speakers, columns=SPEAKER_COLUMNS),
        "articles": pd.DataFrame(rows, columns=ARTICLE_COLUMNS),
    }


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Numbers as numbers and flags as booleans (the CSV writer's text, typed back)."""
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
    return df.drop(columns=["correct", "note", "error"])
