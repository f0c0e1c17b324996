"""Turn overlapping spans of an article (quotes, cues, speaker mentions) into nested markup.

Quotes can nest ("he said the workers had received bonuses ... and called the walkout
'reckless'" holds a second quote) or overlap, and a speaker mention can sit inside
another speaker's quote. HTML needs properly nested elements, so the text is cut at
every span boundary and each stretch is wrapped in the spans that cover it: a span
that crosses another's end is closed and reopened (`first` tells the pieces apart).
The result is a flat list of tokens that a template turns into tags; it holds no
markup itself, so escaping stays with the template.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

MarkKind = Literal["quote", "cue", "speaker"]
_RANK = {"quote": 0, "speaker": 1, "cue": 1}


@dataclass(frozen=True)
class Mark:
    """One highlighted stretch: a quote (or one fragment of it), a cue or a mention.

    `quote_ids` are the quotes it belongs to (a cue or mention can serve several);
    `speaker` is the speaker key that picks its colour ("" when there is none).
    """

    start: int
    end: int
    kind: MarkKind
    quote_ids: tuple[int, ...]
    speaker: str = ""


@dataclass(frozen=True)
class Token:
    """`text`: a stretch of article text (`gap`: one that is only blank lines);
    `open`/`close`: a mark's tags; `ref`: the numbered link placed where a quote ends.
    `first` is True on the first piece of a quote (over all its fragments), where the
    quote's anchor goes."""

    kind: Literal["text", "open", "close", "ref", "gap"]
    text: str = ""
    mark: Mark | None = None
    first: bool = False
    quote_id: int = -1


def merge_marks(marks: Iterable[Mark]) -> list[Mark]:
    """Marks with empty spans dropped and identical cue/mention spans merged into one."""
    merged: dict[tuple[int, int, str], Mark] = {}
    out: list[Mark] = []
    for m in marks:
        if m.end <= m.start:
            continue
        if m.kind == "quote":
            out.append(m)
            continue
        key = (m.start, m.end, m.kind)
        if key in merged:
            old = merged[key]
            ids = old.quote_ids + tuple(i for i in m.quote_ids if i not in old.quote_ids)
            merged[key] = Mark(old.start, old.end, old.kind, ids, old.speaker or m.speaker)
        else:
            merged[key] = m
    return out + list(merged.values())


def _order(m: Mark) -> tuple[int, int, int, tuple[int, ...]]:
    # Quotes outside mentions and cues; earlier and longer spans outside later, shorter ones.
    return (_RANK[m.kind], m.start, -m.end, m.quote_ids)


def tokens(text: str, marks: Sequence[Mark], refs: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """The article as tokens: text stretches wrapped in properly nested open/close pairs.

    `refs` are (offset, quote id) pairs: a `ref` token is placed at each offset, after
    the marks that end there are closed. Spans outside the text are clipped.
    """
    n = len(text)
    clipped = [Mark(max(0, m.start), min(n, m.end), m.kind, m.quote_ids, m.speaker) for m in marks]
    kept = sorted(merge_marks(clipped), key=lambda m: (m.start, m.end))
    ref_at: dict[int, list[int]] = {}
    for offset, qid in refs:
        ref_at.setdefault(min(max(offset, 0), n), []).append(qid)
    bounds = sorted({0, n, *ref_at, *(m.start for m in kept), *(m.end for m in kept)})
    out: list[Token] = []
    stack: list[Mark] = []
    active: list[Mark] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    nxt = 0
    for pos, end in zip(bounds, [*bounds[1:], n], strict=True):
        active = [m for m in active if m.end > pos]
        while nxt < len(kept) and kept[nxt].start <= pos:
            if kept[nxt].end > pos:
                active.append(kept[nxt])
            nxt += 1
        wanted = sorted(active, key=_order) if end > pos else []
        out.extend(_switch(stack, wanted, ref_at.get(pos, []), seen))
        stack = wanted
        if end > pos:
            out.append(Token("text", text[pos:end]))
    return out


def _switch(
    stack: list[Mark], wanted: list[Mark], refs: list[int], seen: set[tuple[str, tuple[int, ...]]]
) -> Iterator[Token]:
    """Close the open marks not shared with `wanted`, place refs, open the rest."""
    keep = 0
    while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
        keep += 1
    for m in reversed(stack[keep:]):
        yield Token("close", mark=m)
    for qid in refs:
        yield Token("ref", quote_id=qid)
    for m in wanted[keep:]:
        key = (m.kind, m.quote_ids)
        yield Token("open", mark=m, first=key not in seen)
        seen.add(key)
