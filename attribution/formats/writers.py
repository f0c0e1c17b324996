"""Writing analysed articles: JSONL (one article a line), JSON (an array) and CSV (one
row a quote), streamed, each article as soon as it is done."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from attribution.schema import Article, article_to_dict

CSV_COLUMNS = [
    "article_id",
    "quote_index",
    "start",
    "end",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_name",
    "speaker_key",
    "cue",
    "cue_start",
    "cue_end",
    "claim_type",
    "disputed",
    "dispute_reason",
    "confidence",
    "rule_id",
    "quote",
    "correct",
    "note",
    "error",
]


def safe_name(doc_id: str) -> str:
    """A file name for an article id: path separators and odd characters replaced."""
    name = re.sub(r"[^\w.\-]+", "_", doc_id).strip("._")
    return name[:150] or "article"


class JsonlWriter:
    """One article per line: the JSONL contract."""

    def __init__(self, out: IO[str], *, include_text: bool = False) -> None:
        self.out = out
        self.include_text = include_text

    def write(self, article: Article) -> None:
        self.out.write(
            json.dumps(article_to_dict(article, include_text=self.include_text), ensure_ascii=False)
        )
        self.out.write("\n")

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """A JSON array of articles, written as it streams (one object for one article)."""

    def __init__(self, out: IO[str], *, include_text: bool = False) -> None:
        self.out = out
        self.include_text = include_text
        self.count = 0

    def write(self, article: Article) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        body = json.dumps(
            article_to_dict(article, include_text=self.include_text), ensure_ascii=False, indent=2
        )
        self.out.write(body)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


class CsvWriter:
    """One row per quote (and one per failed article), for spreadsheets and review."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, article: Article) -> None:
        for row in csv_rows(article):
            self.writer.writerow(row)

    def close(self) -> None:
        self.out.flush()


def csv_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The CSV rows of one article; see `CSV_COLUMNS`."""
    if article.error is not None:
        yield {"article_id": article.id, "error": article.error}
        return
    for index, att in enumerate(article.attributions):
        sp, cue = att.speaker, att.cue
        yield {
            "article_id": article.id,
            "quote_index": index,
            "start": att.quote.start,
            "end": att.quote.end,
            "kind": att.quote.kind,
            "speaker": sp.text if sp else "",
            "speaker_start": sp.start if sp else "",
            "speaker_end": sp.end if sp else "",
            "speaker_name": (sp.name or "") if sp else "",
            "speaker_key": (sp.key or "") if sp else "",
            "cue": cue.text if cue else "",
            "cue_start": cue.start if cue else "",
            "cue_end": cue.end if cue else "",
            "claim_type": att.claim_type or "",
            "disputed": "" if att.disputed is None else str(att.disputed).lower(),
            "dispute_reason": att.dispute_reason or "",
            "confidence": f"{att.confidence:.3f}",
            "rule_id": att.rule_id,
            "quote": att.quote.text,
            "correct": "",
            "note": "",
            "error": "",
        }
