"""One-quote gold documents written as JSON lines, for the training tests."""

from __future__ import annotations

import json
from typing import Any


def gold_line(doc_id: str, text: str, content: str, speaker: str, labels: dict[str, Any]) -> str:
    """A gold JSONL line: `text` with one quote, `content` said by `speaker`."""
    start, s_start = text.index(content), text.index(speaker)
    quote = {
        "start": start,
        "end": start + len(content),
        "text": content,
        "speaker": speaker,
        "speaker_start": s_start,
        "speaker_end": s_start + len(speaker),
        "labels": labels,
    }
    return json.dumps({"id": doc_id, "text": text, "quotes": [quote]})
