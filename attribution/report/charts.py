"""Bar charts for the corpus index, drawn as HTML and CSS rather than as a picture.

Each bar is a row of three boxes: the label, the bar, and its value. Text stays text at
the page's own size, so labels are as readable on a phone as on a desktop; a long label
wraps instead of being cut, and the value has a box of its own that the bar never
covers, so `115` cannot show as `11`. The index template draws a `Chart` (macro
`bar_chart` of `index.html.j2`); this module only measures the bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, length as a percentage of the longest, and colour."""

    label: str
    value: int
    percent: float
    colour: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, bars top to bottom in the order given."""

    id: str
    title: str
    bars: tuple[Bar, ...]

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers: `Official statement 11, Other claim 0`."""
        return ", ".join(f"{b.label} {b.value}" for b in self.bars)


def bar_chart(
    chart_id: str,
    bars: Sequence[tuple[str, int]],
    *,
    colours: Sequence[str] = ("#3a6ea5",),
    title: str = "",
) -> Chart:
    """A `Chart` of `(label, value)` bars, coloured in turn by `colours`. Labels are
    article data (speaker names); the template escapes them."""
    top = max((value for _, value in bars), default=0)
    n = max(len(colours), 1)
    return Chart(
        chart_id,
        title or chart_id,
        tuple(
            Bar(label, value, round(100 * value / top, 2) if top else 0.0, colours[i % n])
            for i, (label, value) in enumerate(bars)
        ),
    )
