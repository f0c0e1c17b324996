"""Finding quoted stretches of text from quotation marks alone, before any parsing.

Newspapers mix straight, curly, angle and low-high marks, write '' for a double mark,
and use the same character for closing single quotes and apostrophes (don't, voters',
Perez'). The scanner therefore decides, for each mark, whether its neighbours let it
open or close a quotation, and pairs marks within a paragraph. A quotation that runs
over paragraphs reopens at each new paragraph and closes once, at the end. A stray or
unclosed mark costs only the quotation it belongs to.

Invisible format characters (Unicode category Cf: zero-width space and joiners, word
joiner, BOM, soft hyphen, direction marks) are looked through when a mark's neighbours
are read, so they never change what is found; offsets stay those of the original text.
Marks inside a stretch of more than `LONGEST_RUN` characters without a space (a line of
10,000 quote marks) are not quotation marks: no prose has such a stretch.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from attribution.nlp.text import LONGEST_RUN
from attribution.ruleset.loader import QuotePair

_OPEN_LEFT = set("([{—–-/:;…")
_CLOSE_RIGHT = set(".,;:!?)]}—–-/…")
_MARK_SPACES = " \u2009\u200a\u202f\xa0"  # a space, thin, hair, narrow and no-break spaces
NESTED_CLOSINGS = "\"'”’“‘" + _MARK_SPACES
"""The marks a quotation nested at the end of another closes with, and the spaces printers
set between them (`... vote for Clinton,' "`): what to look through for the punctuation
a quotation's words end on."""


def last_visible(inner: str) -> str:
    """The last character of a quotation's words (`QuoteSpan.inner_start` to
    `inner_end`), through the closing marks of a quotation nested at its end (`... vote
    for Clinton,' "`): the punctuation the outer one ends on, or "" for none."""
    return inner.rstrip().rstrip(NESTED_CLOSINGS)[-1:]


_LONG_RUN = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")


def _neighbour(text: str, i: int, step: int, lo: int, hi: int) -> str:
    """The first visible character from `i` in direction `step` within [lo, hi), or ""."""
    while lo <= i < hi:
        ch = text[i]
        if ch < "\xad" or unicodedata.category(ch) != "Cf":  # no format character is ASCII
            return ch
        i += step
    return ""


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted stretch: `start` is at the opening mark, `end` after the closing mark.

    An unclosed quotation ends at its paragraph's end with `closed` false. `inner_start`
    and `inner_end` exclude the marks.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    open_mark: str
    close_mark: str
    closed: bool
    paragraphs: int


class QuoteIndex:
    """Quotations of one text, in order, findable by position in logarithmic time."""

    def __init__(self, quotes: Sequence[QuoteSpan]) -> None:
        self.quotes = list(quotes)
        self._starts = [q.start for q in self.quotes]
        self._inner_starts = [q.inner_start for q in self.quotes]
        self._inner_ends = [q.inner_end for q in self.quotes]
        self._ends = sorted(q.end for q in self.quotes)

    def starts_inside(self, positions: np.ndarray) -> np.ndarray:
        """For each character position, whether `overlapping(pos, pos + 1)` finds a
        quotation: the same test over a whole array of positions at once."""
        at = np.asarray(positions, dtype=np.int64)
        if not self.quotes:
            return np.zeros(len(at), dtype=bool)
        last = np.searchsorted(self._starts, at, side="right") - 1
        inner_start = np.array(self._inner_starts)[last]
        inner_end = np.array(self._inner_ends)[last]
        return (last >= 0) & (inner_start <= at) & (at < inner_end)

    def starting_at(self, pos: int) -> int | None:
        """Index of the first quotation whose opening mark is at `pos`, if any."""
        i = bisect.bisect_left(self._starts, pos)
        return i if i < len(self._starts) and self._starts[i] == pos else None

    def ends_within(self, lo: int, hi: int) -> bool:
        """Does a quotation end (after its closing mark, `QuoteSpan.end`) at a position
        from `lo` to `hi`, both included? One sorted search: a rule that wants a quotation
        right before a word asks it of every cue, and most have none."""
        k = bisect.bisect_left(self._ends, lo)
        return k < len(self._ends) and self._ends[k] <= hi

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices of quotations whose inner text overlaps [start, end)."""
        starts = self._starts
        lo = max(0, bisect.bisect_right(starts, start) - 1)
        hi = bisect.bisect_left(starts, end)
        if hi - lo == 1:  # most often one quotation at most is near (post-parse CPU)
            return [lo] if self._inner_ends[lo] > start and self._inner_starts[lo] < end else []
        inner_starts, inner_ends = self._inner_starts, self._inner_ends
        return [i for i in range(lo, hi) if inner_ends[i] > start and inner_starts[i] < end]


@dataclass
class _Open:
    pos: int
    mark: str
    level: str
    paragraphs: int = 1


class QuoteScanner:
    """Pairs quotation marks in a text, paragraph by paragraph."""

    def __init__(self, pairs: Sequence[QuotePair]) -> None:
        self.pairs = tuple(pairs)
        marks = sorted({p.open for p in pairs} | {p.close for p in pairs}, key=len, reverse=True)
        self._mark_re = re.compile("|".join(re.escape(m) for m in marks))
        self._mark_chars = set("".join(marks))
        self._closes: dict[str, set[str]] = {}
        self._level: dict[str, str] = {}
        self._breaks: list[int] = []
        for p in pairs:
            self._closes.setdefault(p.open, set()).add(p.close)
            self._level.setdefault(p.open, p.level)

    def scan(
        self, text: str, paragraphs: Sequence[tuple[int, int]], breaks: Sequence[int] = ()
    ) -> list[QuoteSpan]:
        """All outermost quotations in `text`, in order, given its paragraph ranges.

        `breaks` are positions where an open quotation must have ended (a writer forgot
        the closing mark before `, the treasurer said`): a quotation open across one ends
        there, unclosed.
        """
        found: list[QuoteSpan] = []
        carried: _Open | None = None
        self._breaks = sorted(breaks)
        for index, (pa, pb) in enumerate(paragraphs):
            stack: list[_Open] = [carried] if carried else []
            carried = None
            skip_to = self._reopening_end(text, pa, pb, stack)
            runs = None  # found at the paragraph's first mark: most paragraphs have none
            for m in self._mark_re.finditer(text, pa, pb):
                if m.start() < skip_to:
                    continue
                if runs is None:
                    runs = [(r.start(), r.end()) for r in _LONG_RUN.finditer(text, pa, pb)]
                while runs and runs[0][1] <= m.start():
                    runs.pop(0)
                if runs and runs[0][0] <= m.start():
                    continue
                self._step(text, m.start(), m.group(), pa, pb, stack, found)
            if not stack:
                continue
            outer = stack[0]
            cut = self._break_between(outer.pos, pb)
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if cut is not None:
                found.append(self._span(text, outer, cut, "", closed=False))
            elif outer.level == "double" and nxt and self._reopens(text, nxt, outer):
                outer.paragraphs += 1
                carried = outer
            elif outer.level == "double":
                found.append(self._span(text, outer, pb, "", closed=False))
        return found

    def _reopening_end(self, text: str, pa: int, pb: int, stack: list[_Open]) -> int:
        """Where a continued quotation's reopening mark ends (pa when not continued)."""
        if not stack:
            return pa
        m = self._mark_re.match(text, pa, pb)
        return m.end() if m else pa

    def _reopens(self, text: str, para: tuple[int, int], outer: _Open) -> bool:
        """A quotation continues when the next paragraph opens with the same mark."""
        m = self._mark_re.match(text, para[0], para[1])
        return m is not None and m.group() == outer.mark

    def _step(
        self,
        text: str,
        i: int,
        mark: str,
        pa: int,
        pb: int,
        stack: list[_Open],
        found: list[QuoteSpan],
    ) -> None:
        left = _neighbour(text, i - 1, -1, pa, pb)
        right = _neighbour(text, i + len(mark), 1, pa, pb)
        can_open = self._opens(mark, left, right)
        can_close = (
            bool(left)
            and (not left.isspace() or self._after_spaced_mark(text, i, pa))
            and (not right or right.isspace() or right in _CLOSE_RIGHT or right in self._mark_chars)
        )
        depth = self._closing_depth(stack, mark) if can_close else -1
        if depth >= 0:
            closing = stack[depth]
            del stack[depth:]
            if depth == 0:
                found.append(self._span(text, closing, i + len(mark), mark, closed=True))
        elif can_open:
            dropped = self._push(stack, _Open(i, mark, self._level[mark]))
            cut = None if dropped is None else self._break_between(dropped.pos, i)
            if cut is not None and dropped is not None and not stack[:-1]:
                found.append(self._span(text, dropped, cut, "", closed=False))

    def _after_spaced_mark(self, text: str, i: int, pa: int) -> bool:
        """Is the mark at `i` set off by one space from a mark before it? Printers space
        nested closing marks apart (`... its brain,' " said Ms. Fiorina`, `"Lyin' " Ted`):
        the outer mark still closes, as it would touching the inner one."""
        return i - 2 >= pa and text[i - 1] in _MARK_SPACES and text[i - 2] in self._mark_chars

    def _opens(self, mark: str, left: str, right: str) -> bool:
        if mark not in self._closes:
            return False
        left_ok = not left or left.isspace() or left in _OPEN_LEFT or left in self._mark_chars
        if self._level[mark] == "single":
            return left_ok and right.isalnum()
        return left_ok and bool(right) and not right.isspace()

    def _break_between(self, start: int, end: int) -> int | None:
        return next((b for b in self._breaks if start < b < end), None)

    @staticmethod
    def _push(stack: list[_Open], new: _Open) -> _Open | None:
        """Open a quotation; a second opening of the outer kind means the first was stray.

        Returns the quotation dropped as stray, if any.
        """
        dropped = None
        both_double = stack and new.level == "double" and stack[-1].level == "double"
        if both_double and (new.mark == stack[-1].mark or len(stack) > 1):
            dropped = stack.pop()
        if new.level == "single" and stack and stack[-1].level == "single":
            dropped = stack.pop()
        if len(stack) < 3:
            stack.append(new)
        return dropped

    def _closing_depth(self, stack: list[_Open], mark: str) -> int:
        """Index of the innermost open quotation that `mark` closes, or -1."""
        for depth in range(len(stack) - 1, -1, -1):
            if mark in self._closes.get(stack[depth].mark, ()):
                return depth
        return -1

    @staticmethod
    def _span(text: str, opened: _Open, end: int, close_mark: str, *, closed: bool) -> QuoteSpan:
        inner_end = end - len(close_mark)
        while closed is False and inner_end > opened.pos and text[inner_end - 1].isspace():
            inner_end -= 1
        return QuoteSpan(
            start=opened.pos,
            end=end if closed else inner_end,
            inner_start=opened.pos + len(opened.mark),
            inner_end=inner_end,
            open_mark=opened.mark,
            close_mark=close_mark,
            closed=closed,
            paragraphs=opened.paragraphs,
        )
