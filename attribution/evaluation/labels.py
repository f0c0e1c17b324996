"""Claim labels kept apart from the texts they label, and laid over gold documents.

A labels file is JSON Lines, one labelled article per line, holding ids, offsets and
labels only (no text: the texts of a corpus such as PolNeAR stay with the corpus):

    {"id": "doc-1", "quotes": [{"start": 115, "end": 290, "claim_type": "other",
                                "disputed": true, "dispute_reason": "rebuttal",
                                "contested_by": [[402, 515]]}, ...]}

`start`/`end` are the content offsets of a gold quote of the same document. A disputed
label names its evidence: `contested_by`, the offsets of the labelled quotes of the same
document that contest it, or `contest_words`, the article's own contesting words (a few
words each, never the article's text).
`overlay_labels` sets those quotes' `claim_type` and `disputed`, so that `attribution
evaluate GOLD --labels LABELS` scores the claim flags on them (docs/labelling.md). A
`speaker_name` label gives the person or body the gold source stands for where the
span does not name it (`the mayor` -> `Bill de Blasio`), for the resolved-speaker score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.evaluation.gold import GoldDoc, GoldError, GoldQuote, jsonl_records
from attribution.schema import CLAIM_TYPES, DISPUTE_REASONS

MAX_WORDS_CHARS = 80


@dataclass(frozen=True)
class ClaimLabel:
    """The labels of one gold quote, found by its content offsets."""

    start: int
    end: int
    claim_type: str | None
    disputed: bool | None
    dispute_reason: str | None
    line: int
    contested_by: tuple[tuple[int, int], ...] = ()
    contest_words: tuple[str, ...] = ()
    speaker_name: str | None = None


def read_labels(path: Path) -> dict[str, list[ClaimLabel]]:
    """Document id -> its labels; a malformed line is a `GoldError` naming file and line."""
    out: dict[str, list[ClaimLabel]] = {}
    for no, rec in jsonl_records(path, "labels"):
        doc_id, labels = _document(rec, path, no)
        if doc_id in out:
            raise GoldError(f"{path}:{no}: document '{doc_id}' is labelled twice")
        out[doc_id] = labels
    return out


def _document(rec: Any, path: Path, no: int) -> tuple[str, list[ClaimLabel]]:
    if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
        raise GoldError(f"{path}:{no}: expected an object with an 'id' and 'quotes'")
    if "text" in rec:
        raise GoldError(f"{path}:{no}: a labels file holds no text (ids, offsets, labels only)")
    quotes = rec.get("quotes")
    if not isinstance(quotes, list):
        raise GoldError(f"{path}:{no}: 'quotes' must be a list")
    labels = [_label(q, path, no) for q in quotes]
    spans = {(lab.start, lab.end) for lab in labels}
    for lab in labels:
        missing = [span for span in lab.contested_by if span not in spans]
        if missing:
            raise GoldError(
                f"{path}:{no}: contested_by names {missing[0][0]}-{missing[0][1]}, which is "
                "no labelled quote of this document"
            )
    return rec["id"], labels


def _label(q: Any, path: Path, no: int) -> ClaimLabel:
    if not isinstance(q, dict):
        raise GoldError(f"{path}:{no}: each quote must be an object")
    start, end = q.get("start"), q.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        raise GoldError(f"{path}:{no}: each quote needs whole-number 'start' < 'end'")
    claim_type, disputed, reason = q.get("claim_type"), q.get("disputed"), q.get("dispute_reason")
    if claim_type is not None and claim_type not in CLAIM_TYPES:
        raise GoldError(f"{path}:{no}: unknown claim_type '{claim_type}'")
    if disputed is not None and not isinstance(disputed, bool):
        raise GoldError(f"{path}:{no}: 'disputed' must be true, false or null")
    if reason is not None and (reason not in DISPUTE_REASONS or not disputed):
        raise GoldError(
            f"{path}:{no}: dispute_reason '{reason}' needs disputed true and one of "
            f"{', '.join(DISPUTE_REASONS)}"
        )
    by, words = q.get("contested_by", []), q.get("contest_words", [])
    if not isinstance(by, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, int) for x in p) for p in by
    ):
        raise GoldError(f"{path}:{no}: 'contested_by' must be a list of [start, end] pairs")
    if not isinstance(words, list) or not all(
        isinstance(w, str) and 0 < len(w) <= MAX_WORDS_CHARS for w in words
    ):
        raise GoldError(
            f"{path}:{no}: 'contest_words' must be a list of short strings "
            f"(at most {MAX_WORDS_CHARS} characters each)"
        )
    if (by or words) and not disputed:
        raise GoldError(f"{path}:{no}: contested_by and contest_words need disputed true")
    speaker_name = q.get("speaker_name")
    if speaker_name is not None and (
        not isinstance(speaker_name, str) or not 0 < len(speaker_name) <= MAX_WORDS_CHARS
    ):
        raise GoldError(
            f"{path}:{no}: 'speaker_name' must be a name of at most {MAX_WORDS_CHARS} characters"
        )
    return ClaimLabel(
        start,
        end,
        claim_type,
        disputed,
        reason,
        no,
        tuple((p[0], p[1]) for p in by),
        tuple(words),
        speaker_name,
    )


def overlay_labels(
    gold: Sequence[GoldDoc], labels: dict[str, list[ClaimLabel]], path: Path
) -> list[GoldDoc]:
    """The labelled gold documents, in gold order, their quotes carrying the labels.

    Every labelled document must be in the gold, and every label must name a gold quote
    of it by its content offsets; otherwise a `GoldError` names the labels line.
    """
    by_id = {g.id: g for g in gold}
    for doc_id, labs in labels.items():
        if doc_id not in by_id:
            line = labs[0].line if labs else 1
            raise GoldError(f"{path}:{line}: document '{doc_id}' is not in the gold data")
    return [_overlay(g, labels[g.id], path) for g in gold if g.id in labels]


def _overlay(doc: GoldDoc, labs: list[ClaimLabel], path: Path) -> GoldDoc:
    quotes = list(doc.quotes)
    taken: set[int] = set()
    for lab in labs:
        i = next(
            (
                i
                for i, q in enumerate(quotes)
                if i not in taken and (q.start, q.end) == (lab.start, lab.end)
            ),
            None,
        )
        if i is None:
            raise GoldError(
                f"{path}:{lab.line}: no gold quote of '{doc.id}' at {lab.start}-{lab.end}"
            )
        taken.add(i)
        quotes[i] = _labelled(quotes[i], lab)
    return dataclasses.replace(doc, quotes=tuple(quotes))


def _labelled(q: GoldQuote, lab: ClaimLabel) -> GoldQuote:
    extra = dict(q.extra)
    extra.update(
        claim_type=lab.claim_type, disputed=lab.disputed, dispute_reason=lab.dispute_reason
    )
    return dataclasses.replace(
        q,
        claim_type=lab.claim_type,
        disputed=lab.disputed,
        speaker_name=lab.speaker_name or q.speaker_name,
        extra=extra,
    )
