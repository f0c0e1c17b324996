"""Bar charts for the corpus index as inline SVG, drawn by pygal.

pygal writes a self-contained SVG; what it adds for its optional tooltip script (a
`<script>` holding the chart's configuration, and comments naming its web site) is
removed, and its random chart id is replaced by a stable one, so the SVG makes no
request, runs no script and renders the same for the same numbers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pygal
from pygal.style import Style

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
INK = "#1d232b"
FONT = '"Helvetica Neue", Arial, "Liberation Sans", sans-serif'


def _style(colours: Sequence[str]) -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#d5dae0",
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        value_label_font_family=FONT,
        title_font_family=FONT,
        legend_font_family=FONT,
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=13,
        value_label_font_size=13,
        colors=tuple(colours) or ("#3a6ea5",),
        guide_stroke_color="#e3e7eb",
        major_guide_stroke_color="#c9d0d7",
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        opacity="1",
        opacity_hover="0.85",
        transition="0ms",
    )


def bar_chart(
    chart_id: str,
    bars: Sequence[tuple[str, int]],
    *,
    colours: Sequence[str] = ("#3a6ea5",),
    title: str = "",
    width: int = 560,
) -> str:
    """A horizontal bar chart (one bar per `(label, value)`, top to bottom) as SVG markup.

    Labels are article data (speaker names): pygal escapes them as XML text.
    """
    height = 44 + 34 * max(len(bars), 1)
    chart = pygal.HorizontalBar(
        style=_style(colours),
        width=width,
        height=height,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        show_y_guides=True,
        show_x_guides=False,
        margin=6,
        spacing=8,
        truncate_label=32,
        js=[],
        disable_xml_declaration=True,
        title=None,
        explicit_size=False,
        no_data_text="no data",
    )
    ordered = list(reversed(bars))  # pygal draws the first bar at the bottom
    chart.x_labels = [label for label, _ in ordered]
    n = len(colours)
    chart.add(
        title or chart_id,
        [
            {"value": value, "color": colours[(len(bars) - 1 - i) % n]}
            for i, (_, value) in enumerate(ordered)
        ],
    )
    return clean_svg(chart.render(is_unicode=True), chart_id, title)


def clean_svg(svg_text: str, chart_id: str, title: str) -> str:
    """The SVG without scripts or comments, with a stable id and an accessible title.

    Works on pygal's text output, whichever XML library (lxml or the standard one) made it.
    """
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(svg_text)  # comments are dropped by the parser
    old_id = root.get("id", "")
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG}}}script":
                parent.remove(child)
    for node in root.findall(f"{{{SVG}}}title"):
        node.text = title or chart_id
    root.set("role", "img")
    root.set("aria-label", title or chart_id)
    svg = ET.tostring(root, encoding="unicode")
    uuid = old_id.removeprefix("chart-")
    if uuid:
        svg = svg.replace(uuid, chart_id)
    return re.sub(r"\s+xmlns:xlink=\"[^\"]*\"", "", svg)
