"""Plain-text structure of an article: paragraphs and parse-sized chunks.

Works on the original string and returns offsets into it; nothing here normalises text
but `parser_text`, which keeps every offset.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

_BLANK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE = re.compile(r"\r?\n")
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}"  # the place, in capitals
    r"(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?)?"  # an optional state or country
    r"\s*(?:\([^)\n]{1,30}\)\s*)?"  # an optional agency in brackets
    r"(?:[–—]|--?)\s+"  # the dash
)
_AGENCY_DATELINE = re.compile(
    r"[A-Z][\w.']*(?: [A-Z\d][\w.']*){0,3}"  # the place, in any case (`Philadelphia`, `Dec 29`)
    r"(?:,\s*[A-Z][\w.]*(?: [A-Z\d][\w.]*)?)?"  # a state or a date (`, July 29`, `, Fla.`)
    r"\s*\([A-Z][A-Za-z&/ ]{1,30}\)\s*"  # the agency in brackets, required here
    r"(?:[–—]|--?)\s+"  # the dash
)
_CAPITALS_WORD = re.compile(r"[^\s\w:]*[A-Z][A-Z.'’\-]*[A-Z][^\s\w:]*[ \t]+")
_ENDS_LINE = tuple(".!?:;\"”’'»)]—–-")
LONGEST_RUN = 300  # longest stretch without a space that the tokenizer gets to split
LONGEST_SENTENCE = 5_000  # longest stretch without . ! ? ; : or a line break parsed whole
LONGEST_PARSED_SENTENCE = 2_000  # longest sentence the parser may make (prose: ~500)
_SENTENCE_END = re.compile(r"[.!?;:\n]")
_NO_BREAK = "\u00a0\u2007\u202f"
"""No-break spaces (plain, figure, narrow): spaCy's tokenizer splits on the plain space
only and makes each of these a token of its own, which the parser then hangs between the
words it separates (`repeatedly\u00a0obfuscated`, `"...,"\u00a0added Gowdy`)."""
_NO_BREAK_SPACES = str.maketrans(dict.fromkeys(_NO_BREAK, " "))


def parser_text(text: str) -> str:
    """`text` as the parser is given it: each no-break space read as a plain space. One
    character for one, so every offset into it is an offset into `text`."""
    return text.translate(_NO_BREAK_SPACES)


def has_no_break_space(text: str) -> bool:
    """Does `parser_text` change `text`?"""
    return any(c in text for c in _NO_BREAK)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges (start, end) with surrounding whitespace trimmed.

    Blank lines always separate paragraphs. A single line break separates them too,
    unless it looks like a soft wrap: the line before ends mid-sentence and the next
    line starts in lower case.
    """
    out: list[tuple[int, int]] = []
    for block_start, block_end in _split(text, _BLANK, 0, len(text)):
        start = block_start
        for m in _LINE.finditer(text, block_start, block_end):
            before = text[start : m.start()].rstrip()
            after = text[m.end() : block_end].lstrip()
            soft = bool(before) and not before.endswith(_ENDS_LINE) and after[:1].islower()
            if not soft:
                out.append((start, m.start()))
                start = m.end()
        out.append((start, block_end))
    return [r for r in (_trim(text, a, b) for a, b in out) if r[0] < r[1]]


def _split(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    pieces, pos = [], start
    for m in pattern.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Contiguous ranges covering `text`, each at most `max_chars` long where possible.

    Cuts fall on paragraph breaks, else on line breaks or spaces, so a huge article can
    be parsed piece by piece and the pieces' offsets still add up to the original.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    out, start = [], 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, max_chars // 2)
            if cut >= 0:
                cut += len(sep)
                break
        if cut <= 0:
            cut = max_chars
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def pieces(
    text: str, max_chars: int, *, longest_run: int = LONGEST_RUN
) -> list[tuple[int, int, bool]]:
    """`chunks`, with each stretch of more than `longest_run` characters without a space
    cut out as a piece of its own, flagged True: to be one token, not tokenized.

    spaCy's tokenizer takes time quadratic in such a stretch (10,000 quote marks in a
    row: 14 s; 100,000: more than ten minutes), and the parser's time grows with every
    token it yields; no prose has one, so it is kept whole and never split.
    """
    out: list[tuple[int, int, bool]] = []
    run = re.compile(rf"\S{{{longest_run + 1},}}")
    for start, end in chunks(text, max_chars):
        pos = start
        for m in run.finditer(text, start, end):
            if pos < m.start():
                out.extend((a, b, False) for a, b in _sentence_sized(text, pos, m.start()))
            out.append((m.start(), m.end(), True))
            pos = m.end()
        if pos < end or pos == start:
            out.extend((a, b, False) for a, b in _sentence_sized(text, pos, end))
    return out


def _sentence_sized(
    text: str, start: int, end: int, limit: int = LONGEST_SENTENCE
) -> list[tuple[int, int]]:
    """[start, end) cut at spaces wherever `limit` characters pass without a sentence end.

    A 100,000-character "sentence" (a text without full stops) would cost the extraction
    time quadratic in its length; prose never comes near the limit, so it is never cut.
    """
    cuts: list[int] = []
    prev = start
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    for stop in ends:
        while stop - prev > limit:
            cut = text.rfind(" ", prev + limit // 2, prev + limit)
            cut = cut if cut > prev else prev + limit
            cuts.append(cut)
            prev = cut
        prev = max(prev, stop)
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if a < b] or [(start, end)]


def dateline_end(text: str, start: int) -> int:
    """Where a dateline (`CARACAS –`, `WASHINGTON (Reuters) -`) at `start` ends, else `start`."""
    m = _DATELINE.match(text, start)
    return m.end() if m else start


def header_end(text: str, start: int) -> int:
    """Where the heading words that open a paragraph at `start` end, else `start`: a
    dateline, also one in mixed case with its agency (`Philadelphia (AFP) –`,
    `PHILADELPHIA, July 29 (UPI) —`), or a run of two or more words in capitals before
    the capitalised first word of the sentence's own (`THE BORROWING Back when he wrote
    ...`). Their words name a place, an agency or a section, never the speaker of what
    follows. A run that ends at a colon is a speaker's label (`JAKE TAPPER: ...`), and
    one a lowercase word follows is the sentence's subject (`USA TODAY identified`)."""
    end = max(dateline_end(text, start), _agency_dateline_end(text, start))
    if end > start:
        return end
    pos, words = start, 0
    while (m := _CAPITALS_WORD.match(text, pos)) is not None:
        pos, words = m.end(), words + 1
    own_words = text[pos : pos + 2]
    if words < 2 or not own_words[:1].isupper() or own_words.isupper():
        return start
    return pos


def _agency_dateline_end(text: str, start: int) -> int:
    m = _AGENCY_DATELINE.match(text, start)
    return m.end() if m else start


CLOCK_SUFFIXES = ("am", "pm", "a.m.", "p.m.")
"""What may follow a clock time that opens a live blog's entry (`9:40 am`)."""


def after_clock_time(words: Sequence[str], start: int, end: int) -> int:
    """Where the words from `start` go on after a clock time and its `am`/`pm`
    (`CLOCK_SUFFIXES`) that stands at `start` (`09:30 Network Rail`, `9:40 am Police`),
    no further than `end`; `start` when no clock time stands there. `words` are
    lowercase forms."""
    if start >= end or not is_clock_time(words[start]):
        return start
    i = start + 1
    while i < end and words[i] in CLOCK_SUFFIXES:
        i += 1
    return i


def is_clock_time(word: str) -> bool:
    """Is `word` a clock time (`09:12`, `14:35`, `9.40`) such as opens an entry of a live
    blog (`14:10 A Treasury spokesperson said ...`)? Such a time is no part of the
    mention that follows it, nor a sentence of its own."""
    hours, sep, minutes = word.replace(".", ":").partition(":")
    return (
        bool(sep)
        and hours.isdigit()
        and len(hours) <= 2
        and minutes.isdigit()
        and len(minutes) == 2
    )
