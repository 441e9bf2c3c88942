"""Sheet furniture: a true scale bar (measured in the projected CRS), a north arrow pointing to true north,
the locator inset, the legend of exactly the layers drawn, and text wrapping that counts CJK characters as
two columns."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Bbox
from pyproj import Transformer

from gis.boundaries import load_boundaries
from gis.text import text
from layers.print.symbols import LegendItem, dashes, line_width, point_kwargs

NICE_STEPS: tuple[float, ...] = (1, 2, 2.5, 5)


# ------------------------------------------------------------------------------------------------ text
def columns(s: str) -> int:
    """Display width of ``s`` in columns: East Asian wide / full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def wrap(s: str, width: int) -> str:
    """``s`` wrapped to ``width`` columns (breaking at spaces in Latin text, anywhere in CJK text)."""
    lines: list[str] = []
    for para in str(s).split("\n"):
        line, col = "", 0
        for word in _tokens(para):
            w = columns(word)
            if col + w > width and line.strip():
                lines.append(line.rstrip())
                line, col = word.lstrip(), columns(word.lstrip())
            else:
                line, col = line + word, col + w
        lines.append(line.rstrip())
    return "\n".join(lines)


def _tokens(s: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for c in s:
        if unicodedata.east_asian_width(c) in "WF":
            if buf:
                out.append(buf)
                buf = ""
            out.append(c)
        elif c == " ":
            out.append(buf)
            buf = " "
        else:
            buf += c
    if buf:
        out.append(buf)
    return out


# ------------------------------------------------------------------------------------------- scale bar
def nice_length(target: float) -> float:
    """The largest 1 / 2 / 2.5 / 5 × 10^k not above ``target`` (> 0)."""
    k = 10 ** math.floor(math.log10(target))
    return max(s * k for s in NICE_STEPS if s * k <= target)


def scale_denominator(ax: Axes) -> float:
    """The sheet's scale 1 : N in the projected CRS (metres on the ground per metre on paper)."""
    x0, x1 = ax.get_xlim()
    fig = ax.get_figure(root=True)
    if fig is None:
        raise ValueError("the axes is not on a figure")
    width_m_paper = ax.get_position().width * float(fig.get_figwidth()) * 0.0254
    return abs(x1 - x0) / width_m_paper


def round_scale(n: float) -> int:
    """``n`` rounded to three significant figures (the printed numeric scale)."""
    k = 10 ** max(0, math.floor(math.log10(n)) - 2)
    return int(round(n / k) * k)


def scale_bar(ax: Axes, lang: str, fontsize: float) -> str:
    """Draw a true scale bar (four segments) at the lower left of ``ax``; return its numeric-scale text.

    The CRS is equal-area Albers whose linear scale error in Fujian is below 0.07 % (``gis.measure``), so
    projected metres are ground metres.
    """
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    length = nice_length((x1 - x0) * 0.22)
    seg = length / 4
    h = (y1 - y0) * 0.008
    left, base = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    ax.add_patch(
        Rectangle(
            (left - seg * 0.15, base - h * 3.2),
            length + seg * 0.55,
            h * 8.5,
            fc="white",
            ec="none",
            alpha=0.8,
            zorder=30,
        )
    )
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (left + i * seg, base),
                seg,
                h,
                fc="#1b2631" if i % 2 == 0 else "white",
                ec="#1b2631",
                lw=0.6,
                zorder=31,
            )
        )
    km = length / 1000
    for i in (0, 2, 4):
        v = km * i / 4
        label = f"{v:g}" + (" km" if i == 4 else "")
        ax.text(left + i * seg, base + h * 1.8, label, ha="center", va="bottom", fontsize=fontsize, zorder=32)
    n = round_scale(scale_denominator(ax))
    scale_text = text(lang, f"比例尺 1:{n:,}", f"Scale 1:{n:,}")
    ax.text(left, base - h * 1.2, scale_text, ha="left", va="top", fontsize=fontsize * 0.9, zorder=32)
    return scale_text


def north_arrow(ax: Axes, crs: object, fontsize: float) -> float:
    """Draw a north arrow at the upper right of ``ax``, rotated to true north at the map centre (the grid
    of a conic projection converges); return the angle (degrees) between true and grid north."""
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    to_ll = Transformer.from_crs(crs, 4326, always_xy=True)
    to_xy = Transformer.from_crs(4326, crs, always_xy=True)
    lon, lat = to_ll.transform(cx, cy)
    nx, ny = to_xy.transform(lon, lat + 0.1)
    angle = math.degrees(math.atan2(nx - cx, ny - cy))
    size = (y1 - y0) * 0.06
    ax_, ay_ = x1 - (x1 - x0) * 0.06, y1 - (y1 - y0) * 0.16
    a = math.radians(angle)
    ux, uy = math.sin(a), math.cos(a)
    px, py = uy, -ux
    tip = (ax_ + ux * size, ay_ + uy * size)
    left = (ax_ - px * size * 0.35 - ux * size * 0.3, ay_ - py * size * 0.35 - uy * size * 0.3)
    right = (ax_ + px * size * 0.35 - ux * size * 0.3, ay_ + py * size * 0.35 - uy * size * 0.3)
    ax.add_patch(Polygon([tip, left, (ax_, ay_)], closed=True, fc="#1b2631", ec="#1b2631", lw=0.6, zorder=31))
    ax.add_patch(Polygon([tip, right, (ax_, ay_)], closed=True, fc="white", ec="#1b2631", lw=0.6, zorder=31))
    ax.text(
        tip[0] + ux * size * 0.12,
        tip[1] + uy * size * 0.12,
        "N",
        ha="center",
        va="bottom",
        fontsize=fontsize,
        zorder=32,
    )
    return angle


def locator(ax: Axes, crs: object, extent: tuple[float, float, float, float]) -> None:
    """The locator inset: Fujian's cities, the sheet's extent as a red frame."""
    cities = load_boundaries("city").to_crs(crs)
    prov = load_boundaries("province").to_crs(crs)
    cities.plot(ax=ax, facecolor="#f2f3f4", edgecolor="#aab7b8", linewidth=0.3)
    prov.boundary.plot(ax=ax, color="#1b2631", linewidth=0.6)
    x0, y0, x1, y1 = extent
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fc="none", ec="#c0392b", lw=1.0, zorder=5))
    bx0, by0, bx1, by1 = prov.total_bounds
    pad = (bx1 - bx0) * 0.04
    ax.set_xlim(min(bx0, x0) - pad, max(bx1, x1) + pad)
    ax.set_ylim(min(by0, y0) - pad, max(by1, y1) + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


# ---------------------------------------------------------------------------------------------- legend
def handle(it: LegendItem, scratch: Axes) -> Any:
    """The legend handle of one item (a hollow dashed circle stays hollow and dashed)."""
    st = dict(it.style)
    if it.kind == "point":
        kw = point_kwargs(st)
        kw["s"] = min(float(kw["s"]), 140.0)
        # a scatter on a scratch axes: the legend copies it (a bare PathCollection draws nothing)
        return scratch.scatter([0], [0], **kw)
    if it.kind in ("line", "patch"):
        return it.handle()
    return Line2D([], [], linestyle="none")


@dataclass
class LegendBlock:
    """The legend of a sheet: its title and one matplotlib legend per section, stacked (in columns)."""

    artists: list[Any]

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        """The display box around every part."""
        return Bbox.union([a.get_window_extent(renderer) for a in self.artists])

    def remove(self) -> None:
        """Take the legend off the sheet."""
        for a in self.artists:
            a.remove()

    def texts(self) -> list[str]:
        """Every text of the legend (title, headings, labels), in order."""
        out = []
        for a in self.artists:
            if isinstance(a, Legend):
                out.append(a.get_title().get_text())
                out.extend(t.get_text() for t in a.get_texts())
            else:
                out.append(a.get_text())
        return out


def draw_legend(
    ax: Axes,
    sections: Sequence[tuple[str, Sequence[LegendItem]]],
    *,
    title: str,
    fontsize: float,
    wrap_cols: int,
    ncols: int = 1,
) -> LegendBlock | None:
    """The legend in ``ax`` from its top left: the title, then each section as a legend of its own with the
    section's heading as its title (a heading never looks like an item); in ``ncols`` columns, filled in
    turn."""
    sections = [(h, items) for h, items in sections if items]
    if not sections:
        return None
    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    to_axes = ax.transAxes.inverted()
    scratch = Figure().add_subplot()
    head = ax.text(0, 1, title, transform=ax.transAxes, fontsize=fontsize * 1.3, va="top", ha="left")
    block = LegendBlock([head])
    top = head.get_window_extent(renderer).transformed(to_axes).y0 - 0.012
    col, y = 0, top
    for heading, items in sections:
        leg = Legend(
            ax,
            [handle(it, scratch) for it in items],
            [wrap(it.label, wrap_cols) for it in items],
            loc="upper left",
            bbox_to_anchor=(col / ncols, y),
            bbox_transform=ax.transAxes,
            frameon=False,
            fontsize=fontsize,
            title=wrap(heading, wrap_cols),
            title_fontproperties={"size": fontsize * 1.1},
            alignment="left",
            handlelength=1.6,
            handleheight=1.2,
            borderaxespad=0,
            borderpad=0.2,
            labelspacing=0.45,
            scatterpoints=1,
        )
        ax.add_artist(leg)
        height = leg.get_window_extent(renderer).transformed(to_axes).height
        if y - height < 0 and col + 1 < ncols and y < top:
            col, y = col + 1, top
            leg.set_bbox_to_anchor((col / ncols, y), transform=ax.transAxes)
        block.artists.append(leg)
        y -= height + 0.015
    return block


def province_outline(crs: object) -> gpd.GeoDataFrame:
    """Fujian's outline in ``crs``."""
    return load_boundaries("province").to_crs(crs)


__all__ = ["dashes", "line_width"]
