"""Legend boxes: swatches, the legend HTML, the plan's demonstration-base counts.

Colours and the map CSS live in :mod:`layers.style` (re-exported here for older imports); labels come from
:mod:`gis.vocab` / :mod:`clusters.vocab`. Every data string goes through :func:`layers.popups.escape_html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gis.text import text
from layers.cards import demo_counts_text
from layers.popups import escape_html as esc
from layers.style import (
    KIND_COLORS,
    LEVEL_COLORS,
    MAP_CSS,
    PLAN_CLUSTER_COLOR,
    RELATED_CLUSTER_COLOR,
    SECTOR_COLOR,
    USER_COLOR,
)

__all__ = [
    "KIND_COLORS",
    "LEVEL_COLORS",
    "MAP_CSS",
    "PLAN_CLUSTER_COLOR",
    "RELATED_CLUSTER_COLOR",
    "SECTOR_COLOR",
    "USER_COLOR",
    "demo_counts_html",
    "legend_class",
    "legend_html",
    "style_swatch",
    "swatch",
]


def swatch(
    color: str,
    *,
    hollow: bool = False,
    dashed: bool = False,
    square: bool = False,
    size_px: int | None = None,
    dotted: bool = False,
) -> str:
    """A legend swatch (our fixed colours only); ``dotted`` for schematic positions."""
    fill = "transparent" if hollow else color
    border = "dotted" if dotted else "dashed" if dashed else "solid"
    style = f"background:{fill};border-color:{color};border-style:{border}"
    if size_px:
        style += f";width:{size_px}px;height:{size_px}px"
    return f'<span class="sw{" sq" if square else ""}" style="{style}"></span>'


def style_swatch(style: Mapping[str, object], shape: str = "point") -> str:
    """A legend swatch drawn with a Leaflet path style (:func:`layers.style.quality_style`): the same
    outline, dash and fill the map draws (inline SVG, no asset); ``shape`` ``area`` (a square) or
    ``point``."""
    stroke = esc(str(style.get("color", "#333")))
    fill = esc(str(style.get("fillColor", "none")))
    attrs = (
        f'stroke="{stroke}" stroke-width="{float(style.get("weight", 1)):g}" fill="{fill}" '  # type: ignore[arg-type]
        f'fill-opacity="{float(style.get("fillOpacity", 0.2)):g}"'  # type: ignore[arg-type]
    )
    if style.get("dashArray"):
        attrs += f' stroke-dasharray="{esc(str(style["dashArray"]))}"'
    body = (
        f'<rect x="2" y="3" width="18" height="12" {attrs}/>'
        if shape == "area"
        else f'<circle cx="9" cy="9" r="6.5" {attrs}/>'
    )
    width = 22 if shape == "area" else 18
    return (
        f'<svg class="fpa-q" width="{width}" height="18" viewBox="0 0 {width} 18" aria-hidden="true" '
        f'style="vertical-align:-4px;margin-right:5px">{body}</svg>'
    )


def legend_html(
    sections: Sequence[tuple[str, Sequence[str]]], lang: str = "zh", *, large: bool = False
) -> str:
    """Legend box HTML from ``(heading, [item html, …])`` sections (items already escaped)."""
    parts = [f"<details open><summary><b>{text(lang, '图例', 'Legend')}</b></summary>"]
    for heading, items in sections:
        if not items:
            continue
        parts.append(f"<div><b>{heading}</b></div>")
        parts.extend(f"<div>{it}</div>" for it in items)
    parts.append("</details>")
    return "".join(parts)


def legend_class(large: bool) -> str:
    """CSS class of the legend box (``fpa-large`` for presentation)."""
    return "fpa-box fpa-large" if large else "fpa-box"


def demo_counts_html(goals: pd.DataFrame, lang: str) -> str:
    """The plan's demonstration-base counts (2015 baseline and 2020 target), escaped."""
    if "demo_bases" not in goals.index:
        return ""
    return esc(demo_counts_text(dict(goals.loc["demo_bases"]), lang))
